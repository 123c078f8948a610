//! Type0 fonts with a predefined CMap other than `Identity-H/V`: `UniGB-UCS2-H`,
//! `GBK-EUC-H`, `B5pc-H`… (non-embedded Adobe CID fonts, as older office tools write them).
//!
//! pdf-extract 0.12 reads only `Identity-H/V` and embedded CMap streams, and panics on any
//! other CMap name. Its CMap handling is not pluggable, and a faithful patch would have to
//! ship Adobe's CMap tables (tens of thousands of code → CID ranges). But text extraction
//! needs the CIDs only for widths: the text itself follows from the bytes, which in these
//! CMaps are in a known character encoding (UTF-16BE, GB2312/GBK, GB18030, Big5). So the
//! document is rewritten before pdf-extract sees it: every string such a font shows is
//! re-encoded as two-byte indexes into a per-font table, the font becomes `Identity-H/V`,
//! its `/W` gives each index the width of the code it stands for, and the table's text is
//! filled in afterwards like a ToUnicode map (see [`super::tounicode::FontMap`]).
//!
//! Widths: a one-byte (or ASCII UTF-16) code's CID is known from the CMap's single-byte
//! range, so its `/W` width is used, else `/DW` for the GB CMaps (whose single bytes show
//! full-width glyphs) and half an em for the others (proportional or half-width Latin,
//! which a producer leaving them out of `/W` still set narrow). A multi-byte code's CID would need the CMap's table; it gets
//! `/DW` (default 1000), which is right for every ideograph and full-width form these
//! encodings reach, so the glyphs of a cell line up as printed and column detection,
//! which works on glyph positions against ruling lines, sees the same cells.
//!
//! A CMap not known here (`KSC-EUC-H`, `90ms-RKSJ-H`…) is split into codes the way all
//! CJK multi-byte encodings are (a lead byte `0x81..=0xFE` starts a two-byte code) and its
//! text comes from the font's `/ToUnicode` when it has one, else it is U+FFFD: reported
//! as unmapped glyphs with the encoding named, never guessed.

use super::tounicode::{self, FontMap, UnicodeMap};
use super::walk::inherited_resources;
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How a CMap's string bytes split into codes and read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Utf16,
    Gbk,
    Gb18030,
    Big5,
    Unknown,
}

/// Where a CMap puts the single-byte (ASCII) codes `0x20..=0x7E` among the CIDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ascii {
    /// CIDs 1..=95, the proportional Latin of every Adobe collection.
    Proportional,
    /// Adobe-GB1's full-width Latin (GB 2312 row 3): `!`..`~` from 814, space at 7716.
    /// Viewers draw these codes full-width (and `pdftotext` reads them as `０２`); their
    /// text here is the ASCII the bytes say, so codes read as typed.
    GbFull,
    /// Adobe-CNS1's ETen half-width Latin from 13648.
    EtenHalf,
    Unknown,
}

/// The scheme of a predefined CMap name; `None` for `Identity-H/V` (pdf-extract reads it).
fn scheme(name: &str) -> Option<(Scheme, Ascii)> {
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))
        .unwrap_or(name);
    Some(match base {
        "Identity" => return None,
        "GB-EUC" | "GBK-EUC" => (Scheme::Gbk, Ascii::GbFull),
        "GBpc-EUC" => (Scheme::Gbk, Ascii::Proportional),
        "GBK2K" => (Scheme::Gb18030, Ascii::Proportional),
        "B5pc" => (Scheme::Big5, Ascii::Proportional),
        "ETen-B5" => (Scheme::Big5, Ascii::EtenHalf),
        _ if base.starts_with("Uni") && (base.ends_with("-UCS2") || base.ends_with("-UTF16")) => {
            (Scheme::Utf16, Ascii::Proportional)
        }
        _ => (Scheme::Unknown, Ascii::Unknown),
    })
}

impl Ascii {
    fn cid(self, code: u32) -> Option<u32> {
        if !(0x20..=0x7E).contains(&code) {
            return None;
        }
        match self {
            Ascii::Proportional => Some(code - 0x1F),
            Ascii::GbFull if code == 0x20 => Some(7716),
            Ascii::GbFull => Some(814 + code - 0x21),
            Ascii::EtenHalf => Some(13648 + code - 0x20),
            Ascii::Unknown => None,
        }
    }
}

/// The length of the code starting at `b[0]`.
fn code_len(scheme: Scheme, b: &[u8]) -> usize {
    let want = match scheme {
        Scheme::Utf16 => {
            let unit = u16::from_be_bytes([b[0], *b.get(1).unwrap_or(&0)]);
            if (0xD800..0xDC00).contains(&unit) {
                4
            } else {
                2
            }
        }
        Scheme::Gb18030 if (0x81..=0xFE).contains(&b[0]) => {
            if b.get(1).is_some_and(|c| c.is_ascii_digit()) {
                4
            } else {
                2
            }
        }
        _ if (0x81..=0xFE).contains(&b[0]) => 2,
        _ => 1,
    };
    want.min(b.len())
}

/// The text of a code in its encoding; `None` when it is not a valid character there.
fn decode(scheme: Scheme, code: &[u8]) -> Option<String> {
    let enc = match scheme {
        Scheme::Utf16 => encoding_rs::UTF_16BE,
        Scheme::Gbk => encoding_rs::GBK,
        Scheme::Gb18030 => encoding_rs::GB18030,
        Scheme::Big5 => encoding_rs::BIG5,
        Scheme::Unknown => return None,
    };
    enc.decode_without_bom_handling_and_without_replacement(code)
        .map(|s| s.into_owned())
        .filter(|s| !s.is_empty() && !s.contains('\u{FFFD}'))
}

/// One rewritten font: its codes in order of first use, each with text and width.
struct Font {
    name: String,
    scheme: Scheme,
    ascii: Ascii,
    vertical: bool,
    to_unicode: Option<UnicodeMap>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    index: HashMap<Vec<u8>, u16>,
    entries: Vec<(Option<String>, f64)>,
}

impl Font {
    fn index_of(&mut self, code: &[u8]) -> u16 {
        if let Some(&i) = self.index.get(code) {
            return i;
        }
        // Past 65535 distinct codes (never seen in practice) the index space is full.
        let Ok(i) = u16::try_from(self.entries.len()) else {
            return u16::MAX;
        };
        let value = code.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
        let text = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.get(&value))
            .filter(|t| !t.is_empty())
            .cloned()
            .or_else(|| decode(self.scheme, code));
        // ASCII as UTF-16 is a two-byte code with the CIDs of a one-byte one.
        let ascii_code = (code.len() == 1 || self.scheme == Scheme::Utf16).then_some(value);
        let width = match ascii_code.and_then(|c| self.ascii.cid(c)) {
            Some(cid) => match self.widths.get(&cid) {
                Some(&w) => w,
                None if self.ascii == Ascii::GbFull => self.default_width,
                None => 500.0,
            },
            None if code.len() == 1 => 500.0,
            None => self.default_width,
        };
        self.entries.push((text, width));
        self.index.insert(code.to_vec(), i);
        i
    }

    fn transcode(&mut self, s: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(s.len() * 2);
        let mut i = 0;
        while i < s.len() {
            let n = code_len(self.scheme, &s[i..]);
            out.extend(self.index_of(&s[i..i + n]).to_be_bytes());
            i += n;
        }
        out
    }
}

/// What the rewrite did: the text of the rewritten fonts' codes, and by page number the
/// CMaps shown there whose text could not be read.
#[derive(Default)]
pub struct Rewritten {
    pub maps: HashMap<ObjectId, FontMap>,
    pub unsupported: BTreeMap<u32, BTreeSet<String>>,
}

/// Rewrite the fonts with a predefined CMap, and the strings they show, as described in
/// the module docs. A content stream that cannot be parsed is left alone (pdf-extract then
/// fails on that page, which is reported).
pub fn rewrite(doc: &mut Document) -> Rewritten {
    let mut fonts = find_fonts(doc);
    let mut out = Rewritten::default();
    if fonts.is_empty() {
        return out;
    }
    let mut forms_done = HashSet::new();
    let mut shown_on = Vec::new();
    for (number, page_id) in doc.get_pages() {
        let Ok(content) = doc.get_page_content(page_id) else {
            continue;
        };
        let resources = inherited_resources(doc, page_id).unwrap_or_default();
        let mut pass = Pass {
            doc,
            fonts: &mut fonts,
            forms: Vec::new(),
            forms_done: &mut forms_done,
            shown: BTreeSet::new(),
        };
        let new = pass.stream(&content, &resources, 0, None);
        let (forms, shown) = (pass.forms, pass.shown);
        for (id, data) in forms {
            if let Ok(s) = doc.get_object_mut(id).and_then(Object::as_stream_mut) {
                s.set_plain_content(data);
            }
        }
        if let Some(data) = new {
            let id = doc.add_object(Stream::new(Dictionary::new(), data));
            if let Ok(page) = doc.get_object_mut(page_id).and_then(Object::as_dict_mut) {
                page.set("Contents", Object::Reference(id));
            }
        }
        shown_on.push((number, shown));
    }
    // A CMap is named on the pages it shows text on once any of its codes has no text.
    for (number, shown) in shown_on {
        let unknown: BTreeSet<String> = shown
            .into_iter()
            .filter_map(|f| fonts.get(&f))
            .filter(|f| f.scheme == Scheme::Unknown && f.entries.iter().any(|e| e.0.is_none()))
            .map(|f| f.name.clone())
            .collect();
        if !unknown.is_empty() {
            out.unsupported.insert(number, unknown);
        }
    }
    for (id, font) in fonts {
        let identity = if font.vertical {
            "Identity-V"
        } else {
            "Identity-H"
        };
        let widths: Vec<Object> = font
            .entries
            .iter()
            .map(|e| Object::Real(e.1 as f32))
            .collect();
        if let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            dict.set("Encoding", Object::Name(identity.as_bytes().to_vec()));
            dict.remove(b"ToUnicode");
        }
        let w = Object::Array(vec![Object::Integer(0), Object::Array(widths)]);
        if let Some(cid) = descendant_mut(doc, id) {
            cid.set("W", w);
            // pdf-extract reads `/DW` as an integer only.
            cid.set("DW", Object::Integer(font.default_width.round() as i64));
        }
        let map: UnicodeMap = font
            .entries
            .into_iter()
            .enumerate()
            .filter_map(|(i, (t, _))| Some((i as u32, t?)))
            .collect();
        out.maps.insert(
            id,
            FontMap {
                map,
                composite: true,
            },
        );
    }
    out
}

/// The Type0 fonts (indirect objects) whose `/Encoding` is a predefined CMap other than
/// Identity, with what their descendant says about widths.
fn find_fonts(doc: &Document) -> HashMap<ObjectId, Font> {
    let mut out = HashMap::new();
    for (&id, obj) in doc.objects.iter() {
        let Ok(font) = obj.as_dict() else { continue };
        let type0 = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Type0");
        let Ok(enc) = font.get(b"Encoding").and_then(Object::as_name) else {
            continue;
        };
        let name = String::from_utf8_lossy(enc).into_owned();
        let Some((scheme, ascii)) = scheme(&name).filter(|_| type0) else {
            continue;
        };
        let to_unicode = font
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_object(r))
            .and_then(Object::as_stream)
            .ok()
            .and_then(|s| {
                let data = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                tounicode::parse(&data)
            })
            .filter(|m| !m.is_empty());
        let cid = descendant(doc, font);
        let num = |o: &Object| match deref(doc, o) {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(*r as f64),
            _ => None,
        };
        let default_width = cid
            .and_then(|c| c.get(b"DW").ok())
            .and_then(num)
            .unwrap_or(1000.0);
        let widths = cid
            .and_then(|c| c.get(b"W").ok())
            .map(|w| cid_widths(doc, w))
            .unwrap_or_default();
        out.insert(
            id,
            Font {
                vertical: name.ends_with("-V"),
                name,
                scheme,
                ascii,
                to_unicode,
                widths,
                default_width,
                index: HashMap::new(),
                entries: Vec::new(),
            },
        );
    }
    out
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).unwrap_or(o),
        o => o,
    }
}

/// A Type0 font's descendant CIDFont dictionary, indirect or inline (reportlab).
fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    let arr = deref(doc, font.get(b"DescendantFonts").ok()?)
        .as_array()
        .ok()?;
    deref(doc, arr.first()?).as_dict().ok()
}

fn descendant_mut(doc: &mut Document, font: ObjectId) -> Option<&mut Dictionary> {
    let entry = doc
        .get_object(font)
        .ok()?
        .as_dict()
        .ok()?
        .get(b"DescendantFonts")
        .ok()?
        .clone();
    match entry {
        Object::Reference(r) => {
            let first = doc.get_object(r).ok()?.as_array().ok()?.first()?.clone();
            match first {
                Object::Reference(d) => doc.get_object_mut(d).ok()?.as_dict_mut().ok(),
                _ => doc
                    .get_object_mut(r)
                    .ok()?
                    .as_array_mut()
                    .ok()?
                    .first_mut()?
                    .as_dict_mut()
                    .ok(),
            }
        }
        Object::Array(a) => match a.first()? {
            Object::Reference(d) => doc.get_object_mut(*d).ok()?.as_dict_mut().ok(),
            _ => doc
                .get_object_mut(font)
                .ok()?
                .as_dict_mut()
                .ok()?
                .get_mut(b"DescendantFonts")
                .ok()?
                .as_array_mut()
                .ok()?
                .first_mut()?
                .as_dict_mut()
                .ok(),
        },
        _ => None,
    }
}

/// A CIDFont's `/W` array (both forms) as CID → width.
fn cid_widths(doc: &Document, w: &Object) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let Ok(w) = deref(doc, w).as_array() else {
        return out;
    };
    let num = |o: &Object| match deref(doc, o) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    };
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num(&w[i]).filter(|f| *f >= 0.0) else {
            break;
        };
        let first = first as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num(o) {
                        if let Some(cid) = u32::try_from(k).ok().and_then(|k| first.checked_add(k))
                        {
                            out.insert(cid, v);
                        }
                    }
                }
                i += 2;
            }
            Some(_) => {
                let (Some(last), Some(v)) = (num(&w[i + 1]), w.get(i + 2).and_then(num)) else {
                    break;
                };
                let last = last as u32;
                if last < first || last - first > 1 << 16 {
                    break;
                }
                for c in first..=last {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// One page's rewrite: the fonts, the form XObjects rewritten on the way, and which
/// rewritten fonts showed text.
struct Pass<'a> {
    doc: &'a Document,
    fonts: &'a mut HashMap<ObjectId, Font>,
    forms: Vec<(ObjectId, Vec<u8>)>,
    forms_done: &'a mut HashSet<ObjectId>,
    shown: BTreeSet<ObjectId>,
}

impl Pass<'_> {
    /// The content rewritten, `None` when nothing in it changed (or it cannot be read).
    /// `font` is the font in force where the stream starts (a form inherits its caller's).
    fn stream(
        &mut self,
        data: &[u8],
        resources: &Dictionary,
        depth: usize,
        mut font: Option<ObjectId>,
    ) -> Option<Vec<u8>> {
        if depth > 8 {
            return None;
        }
        let mut content = Content::decode(data).ok()?;
        let doc = self.doc;
        let dict = |d: &Dictionary, key: &[u8]| -> Option<Dictionary> {
            deref(doc, d.get(key).ok()?).as_dict().ok().cloned()
        };
        let font_res = dict(resources, b"Font").unwrap_or_default();
        let mut saved: Vec<Option<ObjectId>> = Vec::new();
        let mut changed = false;
        for op in &mut content.operations {
            let strings: Vec<&mut Object> = match op.operator.as_str() {
                "q" => {
                    saved.push(font);
                    continue;
                }
                "Q" => {
                    font = saved.pop().unwrap_or(font);
                    continue;
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| font_res.get(n).ok())
                        .and_then(|f| f.as_reference().ok());
                    continue;
                }
                "Tj" | "'" => op.operands.last_mut().into_iter().collect(),
                "\"" => op.operands.get_mut(2).into_iter().collect(),
                "TJ" => match op.operands.first_mut() {
                    Some(Object::Array(a)) => a.iter_mut().collect(),
                    _ => Vec::new(),
                },
                "Do" => {
                    let xobjects = dict(resources, b"XObject").unwrap_or_default();
                    let Some(id) = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| xobjects.get(n).ok())
                        .and_then(|o| o.as_reference().ok())
                    else {
                        continue;
                    };
                    self.form(id, resources, depth, font);
                    continue;
                }
                _ => continue,
            };
            let Some(f) = font.and_then(|id| self.fonts.get_mut(&id).map(|f| (id, f))) else {
                continue;
            };
            self.shown.insert(f.0);
            for s in strings {
                if let Object::String(bytes, _) = s {
                    *s = Object::String(
                        f.1.transcode(bytes),
                        pdf_extract::StringFormat::Hexadecimal,
                    );
                    changed = true;
                }
            }
        }
        if changed {
            content.encode().ok()
        } else {
            None
        }
    }

    fn form(&mut self, id: ObjectId, resources: &Dictionary, depth: usize, font: Option<ObjectId>) {
        if !self.forms_done.insert(id) {
            return;
        }
        let Some(stream) = self
            .doc
            .get_object(id)
            .ok()
            .and_then(|o| o.as_stream().ok())
        else {
            return;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form {
            return;
        }
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let res = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| deref(self.doc, r).as_dict().ok())
            .cloned()
            .unwrap_or_else(|| resources.clone());
        if let Some(new) = self.stream(&data, &res, depth + 1, font) {
            self.forms.push((id, new));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_of_cmap_names() {
        assert_eq!(scheme("Identity-H"), None);
        assert_eq!(scheme("GBK-EUC-V"), Some((Scheme::Gbk, Ascii::GbFull)));
        assert_eq!(scheme("ETen-B5-H"), Some((Scheme::Big5, Ascii::EtenHalf)));
        assert_eq!(
            scheme("UniCNS-UTF16-H"),
            Some((Scheme::Utf16, Ascii::Proportional))
        );
        assert_eq!(scheme("KSC-EUC-H"), Some((Scheme::Unknown, Ascii::Unknown)));
    }

    #[test]
    fn codes_split_by_encoding() {
        let gbk = "\u{80FD}\u{529B} A".to_string();
        let (bytes, _, _) = encoding_rs::GBK.encode(&gbk);
        let mut i = 0;
        let mut texts = Vec::new();
        while i < bytes.len() {
            let n = code_len(Scheme::Gbk, &bytes[i..]);
            texts.push(decode(Scheme::Gbk, &bytes[i..i + n]).unwrap());
            i += n;
        }
        assert_eq!(texts, ["\u{80FD}", "\u{529B}", " ", "A"]);
        // GB18030's four-byte codes, UTF-16 surrogate pairs.
        let (b, _, _) = encoding_rs::GB18030.encode("\u{20000}");
        assert_eq!(code_len(Scheme::Gb18030, &b), 4);
        assert_eq!(decode(Scheme::Gb18030, &b).as_deref(), Some("\u{20000}"));
        let pair = [0xD8, 0x40, 0xDC, 0x00];
        assert_eq!(code_len(Scheme::Utf16, &pair), 4);
        assert_eq!(decode(Scheme::Utf16, &pair).as_deref(), Some("\u{20000}"));
        // A truncated code is not text.
        assert_eq!(decode(Scheme::Big5, &[0xA4]), None);
    }
}
