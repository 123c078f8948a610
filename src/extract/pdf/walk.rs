//! A second walk over a page's content stream: which font shows each character code, and
//! the marked-content `/ActualText` spans.
//!
//! Some producers (Chromium's Skia among them) map a glyph shared by several characters to
//! one of them in the font's ToUnicode table (`戶` for `户`, `⻅` for `见`) and give the
//! character the reader sees in an `/ActualText` span around it. pdf-extract does not pass
//! marked content on to its output device, so the page's content stream is walked here
//! to count the character codes shown and note which of them each span covers. The count
//! must agree with the glyphs pdf-extract reported, or the spans are not used.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// A run of shown character codes, by their index on the page, and the text it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// What the walk found on a page: for each character code shown, in order, the font
/// object showing it (when the font is an indirect object) and the code; and the spans.
#[derive(Debug, Default)]
pub struct PageCodes {
    pub codes: Vec<(Option<ObjectId>, u32)>,
    pub spans: Vec<Span>,
}

/// Walk a page's content; `None` when it cannot be followed, or shows more than `max`
/// codes.
pub fn page_codes(doc: &Document, page_id: ObjectId, max: usize) -> Option<PageCodes> {
    let content = doc.get_page_content(page_id).ok()?;
    let resources = inherited_resources(doc, page_id).unwrap_or_default();
    let mut walk = Walk {
        doc,
        out: PageCodes::default(),
        depth: 0,
        font: None,
        max,
    };
    walk.stream(&content, &resources)?;
    Some(walk.out)
}

/// The page's `/Resources`, inline or referenced, else the nearest ancestor's (as
/// pdf-extract finds them).
pub(super) fn inherited_resources(doc: &Document, page_id: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..32 {
        if let Ok(r) = node.get(b"Resources") {
            let r = match r {
                Object::Reference(id) => doc.get_object(*id).ok()?,
                o => o,
            };
            return r.as_dict().ok().cloned();
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

struct Walk<'a> {
    doc: &'a Document,
    out: PageCodes,
    depth: usize,
    font: Option<ObjectId>,
    max: usize,
}

impl Walk<'_> {
    fn deref<'b>(&'b self, o: &'b Object) -> &'b Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(o),
            _ => o,
        }
    }

    fn dict<'b>(&'b self, d: &'b Dictionary, key: &[u8]) -> Option<&'b Dictionary> {
        self.deref(d.get(key).ok()?).as_dict().ok()
    }

    fn stream(&mut self, data: &[u8], resources: &Dictionary) -> Option<()> {
        self.depth += 1;
        if self.depth > 8 {
            return None;
        }
        let content = Content::decode(data).ok()?;
        let fonts = self.dict(resources, b"Font").cloned().unwrap_or_default();
        let mut bytes_per_code = 1;
        let mut open: Vec<Option<(usize, String)>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands.first()?.as_name().ok()?;
                    let entry = fonts.get(name).ok()?;
                    self.font = entry.as_reference().ok();
                    let font = self.deref(entry).as_dict().ok()?;
                    let subtype = font.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
                    bytes_per_code = if subtype == Some(b"Type0".as_slice()) {
                        2
                    } else {
                        1
                    };
                }
                "Tj" | "'" => self.show(op.operands.last()?, bytes_per_code)?,
                "\"" => self.show(op.operands.get(2)?, bytes_per_code)?,
                "TJ" => {
                    for o in op.operands.first()?.as_array().ok()? {
                        if matches!(o, Object::String(..)) {
                            self.show(o, bytes_per_code)?;
                        }
                    }
                }
                "BMC" => open.push(None),
                "BDC" => {
                    let props = match op.operands.get(1) {
                        Some(Object::Dictionary(d)) => Some(d.clone()),
                        Some(Object::Name(n)) => self
                            .dict(resources, b"Properties")
                            .and_then(|p| p.get(n).ok())
                            .and_then(|o| self.deref(o).as_dict().ok())
                            .cloned(),
                        _ => None,
                    };
                    let text = props
                        .as_ref()
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(|t| self.deref(t).as_str().ok())
                        .map(decode_text_string);
                    open.push(text.map(|t| (self.out.codes.len(), t)));
                }
                "EMC" => {
                    if let Some(Some((start, text))) = open.pop() {
                        let end = self.out.codes.len();
                        if end > start {
                            self.out.spans.push(Span { start, end, text });
                        }
                    }
                }
                "Do" => {
                    let name = op.operands.first()?.as_name().ok()?;
                    let xobjects = self.dict(resources, b"XObject")?;
                    let id = xobjects.get(name).ok()?.as_reference().ok()?;
                    let stream = self.doc.get_object(id).ok()?.as_stream().ok()?;
                    let is_form = stream
                        .dict
                        .get(b"Subtype")
                        .ok()
                        .and_then(|s| s.as_name().ok())
                        == Some(b"Form".as_slice());
                    if is_form {
                        let data = stream
                            .decompressed_content()
                            .unwrap_or_else(|_| stream.content.clone());
                        let res = self
                            .dict(&stream.dict, b"Resources")
                            .cloned()
                            .unwrap_or_else(|| resources.clone());
                        self.stream(&data, &res)?;
                    }
                }
                _ => {}
            }
        }
        self.depth -= 1;
        Some(())
    }
}

impl Walk<'_> {
    fn show(&mut self, o: &Object, bytes_per_code: usize) -> Option<()> {
        let Object::String(s, _) = o else { return None };
        for c in s.chunks(bytes_per_code) {
            if c.len() == bytes_per_code {
                let code = c.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                if self.out.codes.len() >= self.max {
                    return None;
                }
                self.out.codes.push((self.font, code));
            }
        }
        Some(())
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (Latin-1 for
/// the characters that matter here).
fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}
