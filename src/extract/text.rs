//! Decoding text dumps: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::path::{Path, PathBuf};

/// A decoded text dump: one entry per line of the file (line `i` is `lines[i - 1]`),
/// line ends removed, nothing else touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDump {
    pub path: PathBuf,
    /// Name of the encoding the bytes were read as (`UTF-8`, `UTF-16LE`, `gb18030`…).
    pub encoding: &'static str,
    pub lines: Vec<String>,
}

/// Decode `bytes` as text, refusing binary data.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<TextDump> {
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
    let lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect::<Vec<_>>();
    Ok(TextDump {
        path: path.to_path_buf(),
        encoding: encoding.name(),
        lines,
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
