//! Damaged files every reader opens: padding after `%%EOF`, and cross-reference tables
//! whose offsets are wrong (poppler, MuPDF and pdfminer rebuild them by scanning the
//! file for `N G obj`; so does compmap).

/// lopdf looks for `%%EOF` in this many bytes at the end of the file only.
const EOF_WINDOW: usize = 512;

/// The bytes up to the last `%%EOF` when more than [`EOF_WINDOW`] bytes of padding or junk
/// follow it (NULs, spaces, a mail footer); the bytes as they are otherwise.
pub fn trim_after_eof(bytes: &[u8]) -> &[u8] {
    let tail_start = bytes.len().saturating_sub(EOF_WINDOW);
    if find_last(&bytes[tail_start..], b"%%EOF").is_some() {
        return bytes;
    }
    match find_last(bytes, b"%%EOF") {
        Some(i) => &bytes[..i + 5],
        None => bytes,
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The keys of the trailer a rebuilt one keeps (`CmpEncr` is `/Encrypt` hidden by
/// `decrypt::hide`).
const TRAILER_KEYS: &[&[u8]] = &[b"Root", b"Info", b"ID", b"Encrypt", b"CmpEncr"];

/// The file with a new cross-reference table and trailer appended, made by scanning for
/// every `N G obj` (the last definition of a number wins, as in an incremental update);
/// the trailer keeps the last old trailer's (or cross-reference stream's) root, info,
/// ID and encryption. `None` when no object, or no trailer naming the root, is found.
pub fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let objects = scan_objects(bytes);
    let max = objects.iter().map(|o| o.0).max()?;
    let mut table: Vec<Option<(usize, u16)>> = vec![None; max as usize + 1];
    for &(num, gen, at) in &objects {
        table[num as usize] = Some((at, gen));
    }
    let mut entries = Vec::new();
    for &key in TRAILER_KEYS {
        if let Some(v) = last_trailer_value(bytes, &objects, key) {
            entries.push((key, v));
        }
    }
    // Like poppler, only a trailer (or cross-reference stream) naming the root makes a
    // file whole again: a file cut before its end stays corrupt.
    if !entries.iter().any(|(k, _)| *k == b"Root") {
        return None;
    }
    let mut out = bytes.to_vec();
    out.push(b'\n');
    let start = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n", max + 1).as_bytes());
    for (num, entry) in table.iter().enumerate() {
        let line = match entry {
            Some((at, gen)) => format!("{at:010} {gen:05} n \n"),
            None if num == 0 => "0000000000 65535 f \n".to_string(),
            None => "0000000000 00000 f \n".to_string(),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {}", max + 1).as_bytes());
    for (k, v) in entries {
        out.extend_from_slice(b" /");
        out.extend_from_slice(k);
        out.push(b' ');
        out.extend_from_slice(&v);
    }
    out.extend_from_slice(format!(" >>\nstartxref\n{start}\n%%EOF\n").as_bytes());
    Some(out)
}

/// Every `N G obj` header at the start of a line or after a delimiter: (number,
/// generation, offset of `N`).
fn scan_objects(bytes: &[u8]) -> Vec<(u32, u16, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = find_from(bytes, b"obj", i) {
        i = p + 3;
        // `obj` must end a token: not `objstm`, not `endobj`.
        if bytes.get(p + 3).is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let mut j = p;
        let back = |j: &mut usize, f: fn(u8) -> bool| {
            let end = *j;
            while *j > 0 && f(bytes[*j - 1]) {
                *j -= 1;
            }
            end - *j
        };
        if back(&mut j, |b| b.is_ascii_whitespace()) == 0 {
            continue;
        }
        let gen_end = j;
        if back(&mut j, |b| b.is_ascii_digit()) == 0 {
            continue;
        }
        let gen_start = j;
        if back(&mut j, |b| b.is_ascii_whitespace()) == 0 {
            continue;
        }
        let num_end = j;
        if back(&mut j, |b| b.is_ascii_digit()) == 0 {
            continue;
        }
        if j > 0 && !(bytes[j - 1].is_ascii_whitespace() || bytes[j - 1] == b'>') {
            continue;
        }
        let num = std::str::from_utf8(&bytes[j..num_end])
            .ok()
            .and_then(|s| s.parse::<u32>().ok());
        let gen = std::str::from_utf8(&bytes[gen_start..gen_end])
            .ok()
            .and_then(|s| s.parse::<u16>().ok());
        if let (Some(num), Some(gen)) = (num, gen) {
            // Object numbers past this are not from a real table (a scanner would allocate
            // a table that large).
            if num < MAX_OBJECT_NUMBER {
                out.push((num, gen, j));
            }
        }
    }
    out
}

/// The highest object number a rebuilt table accepts (PDF's own implementation limit is
/// 8,388,607).
const MAX_OBJECT_NUMBER: u32 = 8_388_607;

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The value (as written) of `key` in the last trailer dictionary, or cross-reference
/// stream dictionary, that has it.
fn last_trailer_value(bytes: &[u8], objects: &[(u32, u16, usize)], key: &[u8]) -> Option<Vec<u8>> {
    let mut dicts: Vec<(usize, &[u8])> = Vec::new();
    let mut i = 0;
    while let Some(p) = find_from(bytes, b"trailer", i) {
        i = p + 7;
        let rest = &bytes[i..];
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if let Some(len) = dict_len(&rest[skip..]) {
            dicts.push((p, &rest[skip..skip + len]));
        }
    }
    for &(_, _, at) in objects {
        if let Some(d) = dict_after_obj(&bytes[at..]) {
            if has_name_value(d, b"Type", b"XRef") {
                dicts.push((at, d));
            }
        }
    }
    dicts.sort_by_key(|d| d.0);
    dicts.iter().rev().find_map(|(_, d)| value_of(d, key))
}

/// The dictionary that follows `N G obj` at the start of `body`.
fn dict_after_obj(body: &[u8]) -> Option<&[u8]> {
    let p = find_from(&body[..body.len().min(64)], b"obj", 0)? + 3;
    let rest = &body[p..];
    let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let len = dict_len(&rest[skip..])?;
    Some(&rest[skip..skip + len])
}

/// The length of the `<< … >>` at the start of `s`, nested dictionaries and strings
/// skipped.
fn dict_len(s: &[u8]) -> Option<usize> {
    if !s.starts_with(b"<<") {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'<' if s.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
                continue;
            }
            b'>' if s.get(i + 1) == Some(&b'>') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'(' => {
                let mut nest = 0usize;
                while i < s.len() {
                    match s[i] {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the dictionary text has `/key /value`.
fn has_name_value(dict: &[u8], key: &[u8], value: &[u8]) -> bool {
    value_of(dict, key).is_some_and(|v| v.strip_prefix(b"/") == Some(value))
}

/// The text of the value of the top-level `/key` in a dictionary's text: a reference,
/// a name, a number, an array or a dictionary.
fn value_of(dict: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    let inner = dict.get(2..dict.len().checked_sub(2)?)?;
    let mut i = 0;
    while i < inner.len() {
        match inner[i] {
            b'<' if inner.get(i + 1) == Some(&b'<') => {
                i += dict_len(&inner[i..])?;
                continue;
            }
            b'(' => {
                i += dict_len_paren(&inner[i..])?;
                continue;
            }
            b'/' => {
                let name_end = i
                    + 1
                    + inner[i + 1..]
                        .iter()
                        .take_while(|b| !b.is_ascii_whitespace() && !b"/<>[]()".contains(b))
                        .count();
                if &inner[i + 1..name_end] == key {
                    return value_at(&inner[name_end..]);
                }
                i = name_end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn dict_len_paren(s: &[u8]) -> Option<usize> {
    let mut nest = 0usize;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'(' => nest += 1,
            b')' => {
                nest -= 1;
                if nest == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The value text at the start of `s` (after spaces).
fn value_at(s: &[u8]) -> Option<Vec<u8>> {
    let skip = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let s = &s[skip..];
    let len = if s.starts_with(b"<<") {
        dict_len(s)?
    } else if s.starts_with(b"[") {
        s.iter().position(|&b| b == b']')? + 1
    } else if s.starts_with(b"/") {
        1 + s[1..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && !b"/<>[]()".contains(b))
            .count()
    } else {
        // A number, or `N G R`.
        let words: Vec<&[u8]> = s
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .take(3)
            .collect();
        let w0 = words.first()?;
        let w0_len = w0
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.' || **b == b'-')
            .count();
        if words.len() == 3 && words[2].starts_with(b"R") {
            let r = find_from(s, b"R", 0)?;
            r + 1
        } else {
            w0_len
        }
    };
    Some(s[..len].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_after_eof_is_cut_only_when_past_the_window() {
        let pdf = b"%PDF-1.4\nbody\n%%EOF\n".to_vec();
        assert_eq!(trim_after_eof(&pdf), pdf.as_slice());
        let mut padded = pdf.clone();
        padded.extend(std::iter::repeat_n(0u8, 4096));
        assert_eq!(trim_after_eof(&padded), &pdf[..pdf.len() - 1]);
        let mut short = pdf.clone();
        short.extend(std::iter::repeat_n(b' ', 100));
        assert_eq!(trim_after_eof(&short), short.as_slice());
    }

    #[test]
    fn trailer_values_are_read_as_written() {
        type Case<'a> = (&'a [u8], &'a [u8], Option<&'a [u8]>);
        let cases: &[Case] = &[
            (b"<< /Root 1 0 R /Size 9 >>", b"Root", Some(b"1 0 R")),
            (b"<</Size 9/Root 12 0 R>>", b"Root", Some(b"12 0 R")),
            (b"<< /ID [<ab> <cd>] >>", b"ID", Some(b"[<ab> <cd>]")),
            (
                b"<< /Encrypt << /V 4 /CF << /S << >> >> >> >>",
                b"Encrypt",
                Some(b"<< /V 4 /CF << /S << >> >> >>"),
            ),
            (b"<< /Info (x /Root 3 0 R) >>", b"Root", None),
            (b"<< /Type /XRef >>", b"Type", Some(b"/XRef")),
            (b"<< /RootX 1 0 R >>", b"Root", None),
        ];
        for &(dict, key, want) in cases {
            assert_eq!(
                value_of(dict, key).as_deref(),
                want,
                "{}",
                String::from_utf8_lossy(dict)
            );
        }
    }

    #[test]
    fn objects_are_found_by_scanning() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
                    2 0 obj<< /Type /Pages /Kids [] /Count 0 >>endobj\n\
                    2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n\
                    trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n";
        let found = scan_objects(pdf);
        assert_eq!(
            found.iter().map(|o| (o.0, o.1)).collect::<Vec<_>>(),
            [(1, 0), (2, 0), (2, 0)]
        );
        let fixed = rebuild_xref(pdf).expect("rebuilt");
        let tail = String::from_utf8_lossy(&fixed[pdf.len()..]).to_string();
        assert!(tail.contains("/Root 1 0 R"), "{tail}");
        // The later definition of object 2 wins.
        assert!(
            tail.contains(&format!("{:010} 00000 n", found[2].2)),
            "{tail}"
        );
        // No trailer naming the root (a file cut short): not rebuilt, as poppler.
        let cut = &pdf[..pdf.len() - 60];
        assert!(rebuild_xref(cut).is_none());
    }
}
