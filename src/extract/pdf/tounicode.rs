//! A fast reader for the `/ToUnicode` CMaps of composite (Type0, `Identity-H/V`) fonts.
//!
//! pdf-extract parses every font's CMap again on every page with a parser that formats an
//! error message for each alternative it tries; on a CJK document that is most of the
//! extraction time. These CMaps are read here once per document instead, the fonts are
//! handed to pdf-extract without them, and the glyphs' text is filled in from the codes the
//! content walk ([`super::walk`]) saw.

use pdf_extract::{Document, Object, ObjectId};
use std::collections::HashMap;

pub type UnicodeMap = HashMap<u32, String>;

/// A font's CMap, and whether the font is composite (two-byte codes; a code missing from
/// the map has no text at all, where a simple font falls back on its encoding).
pub struct FontMap {
    pub map: UnicodeMap,
    pub composite: bool,
}

impl FontMap {
    /// The text of a code, if the CMap gives it.
    pub fn text(&self, code: u32) -> Option<String> {
        self.map.get(&code).filter(|t| !t.is_empty()).cloned()
    }
}

/// Read the CMaps of the document's fonts whose codes the content walk can follow: simple
/// fonts (one-byte codes) and Type0 `Identity-H/V` fonts (two-byte codes), by font object.
pub fn read_maps(doc: &Document) -> HashMap<ObjectId, FontMap> {
    let mut maps = HashMap::new();
    for (&id, obj) in doc.objects.iter() {
        let Ok(font) = obj.as_dict() else { continue };
        let is_font = font
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Font");
        let subtype = font.get(b"Subtype").and_then(Object::as_name).ok();
        let composite = match subtype {
            Some(b"Type0") => {
                let identity = font
                    .get(b"Encoding")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Identity-H" || n == b"Identity-V");
                if !identity {
                    continue;
                }
                true
            }
            Some(b"Type1" | b"TrueType" | b"Type3" | b"MMType1") if is_font => false,
            _ => continue,
        };
        let Ok(stream) = font
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_object(r))
            .and_then(Object::as_stream)
        else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if let Some(map) = parse(&data) {
            maps.insert(id, FontMap { map, composite });
        }
    }
    maps
}

/// Remove the CMaps read into `maps` from their fonts, so pdf-extract does not parse them,
/// and the embedded programs of those simple fonts: pdf-extract reads them (again on every
/// page) only to guess an encoding, which the CMap makes moot. A program shared with a
/// font that has no CMap is kept. Gives the objects it changed, as they were.
pub fn strip(doc: &mut Document, maps: &HashMap<ObjectId, FontMap>) -> Vec<(ObjectId, Object)> {
    let mut saved = Vec::new();
    let descriptor =
        |d: &pdf_extract::Dictionary| d.get(b"FontDescriptor").and_then(Object::as_reference).ok();
    let mut keep = std::collections::HashSet::new();
    let mut drop = std::collections::HashSet::new();
    for (id, obj) in doc.objects.iter() {
        let Ok(font) = obj.as_dict() else { continue };
        let simple = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| matches!(n, b"Type1" | b"TrueType" | b"MMType1"));
        if let (true, Some(d)) = (simple, descriptor(font)) {
            if maps.contains_key(id) {
                drop.insert(d);
            } else {
                keep.insert(d);
            }
        }
    }
    for id in maps.keys() {
        if let Ok(font) = doc.get_object_mut(*id).and_then(Object::as_dict_mut) {
            saved.push((*id, Object::Dictionary(font.clone())));
            font.remove(b"ToUnicode");
        }
    }
    for d in drop.difference(&keep) {
        if let Ok(desc) = doc.get_object_mut(*d).and_then(Object::as_dict_mut) {
            saved.push((*d, Object::Dictionary(desc.clone())));
            desc.remove(b"FontFile");
            desc.remove(b"FontFile2");
            desc.remove(b"FontFile3");
        }
    }
    saved
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Word(&'a [u8]),
    Open,
    Close,
}

fn tokens(data: &[u8]) -> Option<Vec<Tok<'_>>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = i + 1 + data[i + 1..].iter().position(|&b| b == b'>')?;
                let hex: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .copied()
                    .collect();
                let mut bytes = Vec::with_capacity(hex.len() / 2 + 1);
                for pair in hex.chunks(2) {
                    let s = std::str::from_utf8(pair).ok()?;
                    let v = u8::from_str_radix(s, 16).ok()?;
                    // A lone last digit is the high nibble.
                    bytes.push(if pair.len() == 1 { v << 4 } else { v });
                }
                out.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings carry no mapping here (CMap names): skip them.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&data[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                } else {
                    out.push(Tok::Word(&data[start..i]));
                }
            }
        }
    }
    Some(out)
}

fn code(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &x| (a << 8) | x as u32)
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// The `bfchar` and `bfrange` mappings of a CMap; `None` if it cannot be read.
pub fn parse(data: &[u8]) -> Option<UnicodeMap> {
    let toks = tokens(data)?;
    let mut map = UnicodeMap::new();
    let mut i = 0;
    while i < toks.len() {
        match toks[i] {
            Tok::Word(b"beginbfchar") => {
                i += 1;
                while i + 1 < toks.len() && toks[i] != Tok::Word(b"endbfchar") {
                    if let (Tok::Hex(src), Tok::Hex(dst)) = (&toks[i], &toks[i + 1]) {
                        map.insert(code(src), utf16(dst));
                    }
                    i += 2;
                }
            }
            Tok::Word(b"beginbfrange") => {
                i += 1;
                while i + 2 < toks.len() && toks[i] != Tok::Word(b"endbfrange") {
                    let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                        return None;
                    };
                    let (lo, hi) = (code(lo), code(hi));
                    if hi < lo || hi - lo > 0xFFFF {
                        return None;
                    }
                    match &toks[i + 2] {
                        Tok::Hex(dst) if dst.len() >= 2 => {
                            let mut units: Vec<u16> = dst
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                .collect();
                            for c in lo..=hi {
                                map.insert(c, String::from_utf16_lossy(&units));
                                let last = units.last_mut().expect("non-empty");
                                *last = last.wrapping_add(1);
                            }
                            i += 3;
                        }
                        Tok::Open => {
                            let mut j = i + 3;
                            let mut c = lo;
                            while j < toks.len() && toks[j] != Tok::Close {
                                if let Tok::Hex(dst) = &toks[j] {
                                    if c <= hi {
                                        map.insert(c, utf16(dst));
                                    }
                                    c += 1;
                                }
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => return None,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chars_and_ranges() {
        let cmap = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar\n<0003> <0020>\n<0010> <80FD>\nendbfchar\n\
            2 beginbfrange\n<0020> <0022> <0041>\n<0030> <0031> [<529B> <D83DDE00>]\nendbfrange\n\
            endcmap\n";
        let m = parse(cmap).unwrap();
        assert_eq!(m[&0x0003], " ");
        assert_eq!(m[&0x0010], "\u{80FD}");
        assert_eq!(m[&0x0022], "C");
        assert_eq!(m[&0x0030], "\u{529B}");
        assert_eq!(m[&0x0031], "😀");
    }
}
