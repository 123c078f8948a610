//! The JSON file: the whole standard and its findings in one pretty-printed object.
//!
//! Shape (fields in this order; `loc` is `{ "page": 1, "line": 12 }` everywhere):
//!
//! ```text
//! {
//!   "source": "file name of the input",
//!   "title": "document title",
//!   "pages": 20,
//!   "courses": [ { "no", "category", "name", "level", "description", "loc", "labels",
//!                  "competency_count" } ],
//!   "mappings": [ { "course_no", "project_code", "project_name", "task_code", "task_name",
//!                   "competency_code", "competency_text", "loc" } ],
//!   "competencies": [ { "competency_code", "competency_text", "task_code", "task_name",
//!                       "project_code", "project_name", "courses": [1, 2] } ],
//!   "findings": [ { "severity": "error"|"warning", "rule": "malformed-code"…,
//!                   "course_no": 3 | null, "code", "loc", "message" } ]
//! }
//! ```
//!
//! `courses` and `mappings` keep document order, `competencies` is the catalogue by code
//! ([`Standard::catalogue`]). The file ends with a newline.

use super::atomic::write_atomic;
use crate::error::Result;
use crate::model::{CatalogueEntry, Course, Finding, Mapping, Standard};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::Path;

#[derive(Serialize)]
struct Document<'a> {
    source: &'a str,
    title: &'a str,
    pages: u32,
    courses: Vec<CourseOut<'a>>,
    mappings: &'a [Mapping],
    competencies: Vec<CatalogueEntry>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct CourseOut<'a> {
    #[serde(flatten)]
    course: &'a Course,
    competency_count: usize,
}

/// Write `standard` as JSON to `path` atomically.
pub fn write(standard: &Standard, path: &Path) -> Result<()> {
    write_atomic(path, |out| write_to(standard, out))
}

/// Write `standard` as JSON to `path` atomically, and give the SHA-256 (lower-case hex) of
/// the bytes written: the `content_hash` the SQLite store keeps, computed on the way out
/// instead of by serialising the standard a second time.
pub fn write_digest(standard: &Standard, path: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    write_atomic(path, |out| {
        // The serialiser writes token by token: gather its output so the hasher takes
        // whole blocks.
        let mut tee = io::BufWriter::with_capacity(
            HASH_BUFFER,
            Tee {
                out,
                hasher: &mut hasher,
            },
        );
        write_to(standard, &mut tee)?;
        tee.flush()
    })?;
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 (lower-case hex) of the JSON of `standard` — of the bytes [`write`] puts in
/// `<stem>.json` — streamed into the hasher, without keeping the bytes.
pub fn digest(standard: &Standard) -> String {
    let mut hasher = Sha256::new();
    {
        let mut sink = io::BufWriter::with_capacity(HASH_BUFFER, HashWriter(&mut hasher));
        // Hashing cannot fail, so neither can writing into the hasher.
        let _ = write_to(standard, &mut sink).and_then(|()| sink.flush());
    }
    hex(&hasher.finalize())
}

/// Bytes gathered before they are hashed: the serialiser writes a few bytes at a time, the
/// hasher is fastest on many whole 64-byte blocks at once.
const HASH_BUFFER: usize = 64 * 1024;

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

/// Bytes into a hasher only.
struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes into `out` and, as far as `out` took them, into a hasher.
struct Tee<'a, 'b> {
    out: &'a mut dyn Write,
    hasher: &'b mut Sha256,
}

impl Write for Tee<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Write `standard` as JSON into `out`.
pub fn write_to(standard: &Standard, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        source: &standard.source,
        title: &standard.title,
        pages: standard.pages,
        courses: standard
            .courses
            .iter()
            .map(|course| CourseOut {
                course,
                competency_count: standard.competency_count(course.course_no),
            })
            .collect(),
        mappings: &standard.mappings,
        competencies: standard.catalogue(),
        findings: &standard.findings,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn field_order_and_counts() {
        let standard = Standard {
            source: "s.txt".into(),
            title: "T".into(),
            pages: 2,
            courses: vec![Course {
                course_no: 1,
                category: "c".into(),
                name: "n".into(),
                level: "l".into(),
                description: "d".into(),
                loc: Loc::new(1, 3),
                labels: Vec::new(),
            }],
            mappings: vec![Mapping {
                course_no: 1,
                project_code: "01".into(),
                project_name: "p".into(),
                task_code: "01-01".into(),
                task_name: "t".into(),
                competency_code: "01-01-01".into(),
                competency_text: "x".into(),
                loc: Loc::new(2, 9),
            }],
            findings: vec![Finding {
                severity: Severity::Warning,
                rule: Rule::StrayText,
                course_no: None,
                code: String::new(),
                loc: Loc::new(2, 10),
                message: "m".into(),
                expected: None,
                span: None,
            }],
        };
        let mut buf = Vec::new();
        write_to(&standard, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.ends_with("}\n"));
        let keys = [
            "\"source\"",
            "\"title\"",
            "\"pages\"",
            "\"courses\"",
            "\"mappings\"",
            "\"competencies\"",
            "\"findings\"",
        ];
        let at: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["courses"][0]["competency_count"], 1);
        assert_eq!(v["courses"][0]["loc"]["line"], 3);
        assert_eq!(v["competencies"][0]["courses"], serde_json::json!([1]));
        assert_eq!(v["findings"][0]["course_no"], serde_json::Value::Null);
        assert_eq!(v["findings"][0]["rule"], "stray-text");
        assert_eq!(v["findings"][0]["severity"], "warning");
    }

    #[test]
    fn digest_while_writing_equals_the_digest_of_the_file() {
        // More than HASH_BUFFER bytes, so the hasher takes several chunks.
        let mappings: Vec<Mapping> = (0..2000)
            .map(|i| Mapping {
                course_no: 1 + i % 7,
                project_code: "01".into(),
                project_name: "前期准备".into(),
                task_code: "01-01".into(),
                task_name: "熟悉产品".into(),
                competency_code: format!("01-01-{:02}", i % 97),
                competency_text: format!("能够核对入库单据与实物 {i}"),
                loc: Loc::new(1 + i / 50, i),
            })
            .collect();
        let standard = Standard {
            source: "标准.txt".into(),
            title: "物流专业（2024年版）".into(),
            pages: 40,
            mappings,
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let written = write_digest(&standard, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 2 * HASH_BUFFER);
        let mut again = Vec::new();
        write_to(&standard, &mut again).unwrap();
        assert_eq!(bytes, again);
        assert_eq!(written, hex(&Sha256::digest(&bytes)));
        assert_eq!(digest(&standard), written);
        assert_eq!(written.len(), 64);
        assert_eq!(hex(&[0x00, 0x7f, 0xab]), "007fab");
    }
}
