//! Decoding text dumps: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.
//!
//! Lines end at LF, CRLF or a lone CR (old Mac files); a TAB is read as one space (dumps
//! that put TABs where the layout has spaces); form feeds (`\f`, a page break in
//! `pdftotext` output) stay in the lines for the parser, which takes them as page breaks.
//! A UTF-8 file with a few damaged byte sequences is refused with the place of the first
//! ([`Error::DamagedUtf8`]) rather than read as GB18030 mojibake.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::path::{Path, PathBuf};

/// A decoded text dump: one entry per line of the file (line `i` is `lines[i - 1]`),
/// line ends removed, TABs read as spaces, nothing else touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDump {
    pub path: PathBuf,
    /// Name of the encoding the bytes were read as (`UTF-8`, `UTF-16LE`, `gb18030`…).
    pub encoding: &'static str,
    pub lines: Vec<String>,
}

/// Decode `bytes` as text, refusing binary data.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<TextDump> {
    if let Some(err) = damaged_utf8(path, bytes) {
        return Err(err);
    }
    let (text, encoding) = decode_str(bytes).ok_or_else(|| Error::NotText {
        path: path.to_path_buf(),
        reason: "the bytes are neither UTF-8, UTF-16 with a BOM, nor GB18030".into(),
    })?;
    if let Some(reason) = binary_reason(&text) {
        return Err(Error::NotText {
            path: path.to_path_buf(),
            reason,
        });
    }
    let lines = split_lines(&text);
    Ok(TextDump {
        path: path.to_path_buf(),
        encoding: encoding.name(),
        lines,
    })
}

/// The lines of `text`: each ends at LF, CRLF or a lone CR; a TAB is one space (same
/// byte length, so spans within a line keep their offsets).
fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    loop {
        let Some(end) = rest.find(['\n', '\r']) else {
            lines.push(rest.replace('\t', " "));
            return lines;
        };
        lines.push(rest[..end].replace('\t', " "));
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
}

/// Fewer valid multi-byte UTF-8 characters than this are too little evidence that a file
/// was written as UTF-8: a short GBK text can be valid UTF-8 over a few characters by
/// chance.
const MIN_UTF8_EVIDENCE: usize = 16;

/// A file is damaged UTF-8 when at most one sequence in this many is damaged. In a GBK
/// or GB18030 file of CJK text most two-byte characters are no valid UTF-8, so its damaged
/// sequences outnumber its accidental UTF-8 characters (the bundled fixture saved as GBK:
/// 37,057 damaged to 10,311 valid; its first 200 characters: 230 to 71); a UTF-8 file with
/// a bad copy of a character or two has hundreds of valid ones per damaged one (a damaged
/// character counts once or twice: its lead byte, and its orphaned continuation bytes).
const DAMAGED_SHARE: usize = 20;

/// How much of `bytes` reads as UTF-8: valid multi-byte characters, damaged sequences,
/// and where the first damaged sequence is (offset, length).
#[derive(Debug, PartialEq, Eq)]
struct Utf8Evidence {
    valid: usize,
    damaged: usize,
    first: Option<(usize, usize)>,
}

fn utf8_evidence(bytes: &[u8]) -> Utf8Evidence {
    let lead_bytes = |b: &[u8]| b.iter().filter(|&&b| b >= 0xC0).count();
    let mut ev = Utf8Evidence {
        valid: 0,
        damaged: 0,
        first: None,
    };
    let mut at = 0usize;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => {
                ev.valid += lead_bytes(&bytes[at..]);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                ev.valid += lead_bytes(&bytes[at..at + good]);
                let bad = e.error_len().unwrap_or(bytes.len() - at - good);
                ev.damaged += 1;
                ev.first.get_or_insert((at + good, bad));
                at += good + bad;
            }
        }
    }
    ev
}

/// The error for a file that is UTF-8 but for a few damaged sequences (a UTF-8 BOM is
/// evidence enough), naming the first; `None` for valid UTF-8 and for other encodings.
fn damaged_utf8(path: &Path, bytes: &[u8]) -> Option<Error> {
    let bom = Encoding::for_bom(bytes);
    let skip = match bom {
        Some((enc, len)) if enc == UTF_8 => len,
        Some(_) => return None,
        None => 0,
    };
    let body = &bytes[skip..];
    if std::str::from_utf8(body).is_ok() {
        return None;
    }
    let ev = utf8_evidence(body);
    let (offset, len) = ev.first?;
    let evident = ev.valid >= MIN_UTF8_EVIDENCE && ev.damaged * DAMAGED_SHARE <= ev.valid;
    if !(evident || skip > 0) {
        return None;
    }
    let offset = offset + skip;
    let before = &bytes[..offset];
    // Line ends as `split_lines` counts them: LF, CRLF (once), lone CR.
    let line_ends = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' || (b == b'\n' && (i == 0 || before[i - 1] != b'\r')))
        .count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start.max(skip)..offset])
        .chars()
        .count()
        + 1;
    let shown: Vec<String> = bytes[offset..offset + len]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    Some(Error::DamagedUtf8 {
        path: path.to_path_buf(),
        offset,
        line: line_ends + 1,
        column,
        bytes: shown.join(" "),
        damaged: ev.damaged,
        valid: ev.valid,
    })
}

fn decode_str(bytes: &[u8]) -> Option<(String, &'static Encoding)> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then(|| (text.into_owned(), enc));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), UTF_8));
    }
    // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Some((text.into_owned(), GB18030));
    }
    // UTF-16 without BOM is not promised, but a file of NULs every other byte is most
    // likely it; decoding it beats calling it binary.
    for enc in [UTF_16LE, UTF_16BE] {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors && binary_reason(&text).is_none() {
            return Some((text.into_owned(), enc));
        }
    }
    None
}

/// Text dumps hold no NULs and few control characters; binary data holds many.
fn binary_reason(text: &str) -> Option<String> {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Some("it contains NUL bytes (binary data)".into());
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            controls += 1;
        }
    }
    (controls * 100 > total.max(1)).then(|| format!("{controls} control characters (binary data)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<String> {
        decode(Path::new("t.txt"), bytes).unwrap().lines
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            lines("课程名称\r\n工作项目".as_bytes()),
            ["课程名称", "工作项目"]
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("课程名称".as_bytes());
        assert_eq!(lines(&b), ["课程名称"]);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "工作项目\n01".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(lines(&le), ["工作项目", "01"]);
        let mut be = vec![0xFE, 0xFF];
        for u in "工作任务".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(lines(&be), ["工作任务"]);
    }

    #[test]
    fn gb18030() {
        let (bytes, _, _) = GB18030.encode("01-01-01 职业能力（知识）");
        let d = decode(Path::new("t.txt"), &bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.lines, ["01-01-01 职业能力（知识）"]);
    }

    #[test]
    fn line_ends_and_tabs() {
        cases(&[
            ("LF", "a\nb", &["a", "b"]),
            ("CRLF", "a\r\nb\r\n", &["a", "b", ""]),
            ("CR only (old Mac)", "a\rb\r\rc", &["a", "b", "", "c"]),
            ("mixed", "a\r\nb\rc\nd", &["a", "b", "c", "d"]),
            (
                "a TAB is a space",
                "01\t前期准备\t\t01-01",
                &["01 前期准备  01-01"],
            ),
            (
                "form feeds stay",
                "a\n\x0c续上表\n\x0c",
                &["a", "\x0c续上表", "\x0c"],
            ),
        ]);
        fn cases(rows: &[(&str, &str, &[&str])]) {
            for (name, text, want) in rows {
                assert_eq!(&lines(text.as_bytes()), want, "{name}");
            }
        }
    }

    /// A UTF-8 text of CJK, long enough to be evidence.
    fn cjk_text() -> String {
        "01-01-01 能够熟悉外贸术语和流程\n01-01-02 能够通过公司培训资料熟悉产品\n".repeat(10)
    }

    #[test]
    fn damaged_utf8_names_byte_line_and_column() {
        let good = cjk_text();
        // Damage the fourth character of line 2: its second byte.
        let line2 = good.find('\n').unwrap() + 1;
        let at = line2 + "01-01-02 能够通".len() + 1;
        let mut bytes = good.clone().into_bytes();
        bytes[at] = b'?';
        let err = decode(Path::new("d.txt"), &bytes).unwrap_err();
        let Error::DamagedUtf8 {
            offset,
            line,
            column,
            damaged,
            ..
        } = &err
        else {
            panic!("{err}");
        };
        assert_eq!(
            (*offset, *line, *column, *damaged),
            (at - 1, 2, 13, 2),
            "{err}"
        );
        assert!(
            err.to_string().starts_with("d.txt:2:13: damaged UTF-8"),
            "{err}"
        );
        // The same damage after CR-only line ends and after a UTF-8 BOM: same line.
        let mut cr = good.replace('\n', "\r").into_bytes();
        cr[at] = b'?';
        let err = decode(Path::new("d.txt"), &cr).unwrap_err();
        assert!(err.to_string().starts_with("d.txt:2:13:"), "{err}");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(&bytes);
        let err = decode(Path::new("d.txt"), &bom).unwrap_err();
        assert!(
            matches!(err, Error::DamagedUtf8 { offset, line: 2, .. } if offset == at + 2),
            "{err}"
        );
        // A truncated last character is damage too.
        let mut cut = good.into_bytes();
        cut.truncate(cut.len() - 2);
        let err = decode(Path::new("d.txt"), &cut).unwrap_err();
        assert!(matches!(err, Error::DamagedUtf8 { line: 20, .. }), "{err}");
    }

    #[test]
    fn gbk_is_not_damaged_utf8() {
        // The same text in GBK: decoded as GB18030, not refused as damaged UTF-8.
        let text = cjk_text();
        let (bytes, _, _) = GB18030.encode(&text);
        let ev = utf8_evidence(&bytes);
        assert!(ev.damaged * DAMAGED_SHARE > ev.valid, "{ev:?}");
        let d = decode(Path::new("g.txt"), &bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.lines.join("\n"), text);
        // Too little evidence: two CJK characters with one damaged byte read as GB18030
        // (or are refused) but are never called damaged UTF-8.
        let mut few = "熟悉".as_bytes().to_vec();
        few[4] = b'x';
        assert!(!matches!(
            decode(Path::new("f.txt"), &few),
            Err(Error::DamagedUtf8 { .. })
        ));
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(
            Path::new("x.bin"),
            &[0x00, 0x01, 0xFF, 0xFE, 0x80, 0x81, 0x00],
        );
        assert!(err.is_err());
        let err = decode(Path::new("x.bin"), b"ab\0cd").unwrap_err();
        assert!(err.to_string().contains("x.bin"), "{err}");
    }
}
