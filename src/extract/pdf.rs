//! Reading PDFs: glyphs with positions and ruling lines, page by page.
//!
//! Takes the bytes of a PDF; gives a [`PdfDocument`]: for every page its size, every glyph
//! (text, baseline origin, font size, advance width) and the table rules drawn on it
//! (horizontal and vertical segments, from stroked lines and thin filled rectangles).
//! Coordinates are in points with the origin at the page's top-left corner and `y` growing
//! downwards, so reading order is ascending `y` then `x`.
//!
//! pdf-extract does the PDF interpretation, page by page in parallel. It panics by design
//! on some malformed files, so every call into it runs under `catch_unwind` with the panic
//! message silenced: one bad file gives an error naming it, never a crash of a batch.
//! Around it: CID width ranges it misreads are rewritten first; fonts with predefined
//! CMaps it cannot read (`GBK-EUC-H`…) become Identity fonts (`cmap`); ToUnicode CMaps are read
//! once per document (`tounicode`) and glyph text filled in from a walk of the content
//! (`walk`), which also applies `/ActualText`; CJK radical code points become the
//! ideographs a reader sees; pages whose text runs up, left or down are turned upright.

mod cmap;
mod loops;
mod tounicode;
mod walk;

use crate::error::{Error, Result};
use pdf_extract::{ColorSpace, Document, MediaBox, OutputDev, OutputError, Path as PdfPath};
use pdf_extract::{PathOp, Transform};
use rayon::prelude::*;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;
use unicode_normalization::UnicodeNormalization;

/// One glyph as drawn: its text (usually one char), the baseline origin, the font size
/// (in points, after all transforms) and the advance width (points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub width: f64,
}

impl Glyph {
    /// Right end of the glyph's advance.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Vertical middle of the glyph box (the baseline sits near the bottom of it).
    pub fn mid_y(&self) -> f64 {
        self.y - 0.35 * self.size
    }

    /// Horizontal middle of the glyph.
    pub fn mid_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// A straight rule: horizontal (`pos` is y, `from..to` along x) or vertical (`pos` is x,
/// `from..to` along y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub pos: f64,
    pub from: f64,
    pub to: f64,
}

/// The geometry of one page.
#[derive(Debug, Clone, Default)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub hrules: Vec<Segment>,
    pub vrules: Vec<Segment>,
    /// Predefined CMaps of fonts showing text on the page that cannot be decoded (their
    /// glyphs are U+FFFD), for the unmapped-glyphs finding to name.
    pub unsupported_cmaps: Vec<String>,
}

/// The geometry of a PDF, page by page.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub path: PathBuf,
    pub pages: Vec<PdfPage>,
}

/// Read the glyphs and ruling lines of a PDF.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<PdfDocument> {
    let corrupt = |reason: String| Error::CorruptPdf {
        path: path.to_path_buf(),
        reason,
    };
    let mut doc = quietly(|| Document::load_mem(bytes))
        .ok_or_else(|| corrupt("the PDF reader gave up on its structure".into()))?
        .map_err(|e| {
            if is_password_error(&e) {
                Error::Encrypted {
                    path: path.to_path_buf(),
                }
            } else {
                corrupt(e.to_string())
            }
        })?;
    // lopdf decrypts with the empty user password on load, which is all an owner-password
    // (restrictions only) PDF needs; a user password leaves the objects encrypted.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(Error::Encrypted {
            path: path.to_path_buf(),
        });
    }
    normalise_cid_widths(&mut doc);
    loops::cut_parent_loops(&mut doc);
    quietly(|| loops::cut_form_loops(&mut doc));
    // CMaps read once here instead of on every page by pdf-extract; the untouched document
    // stays at hand for a page whose content the walk cannot follow.
    // Fonts with predefined CMaps (`GBK-EUC-H`…) first become Identity fonts (`cmap`).
    let rewritten = quietly(|| cmap::rewrite(&mut doc))
        .ok_or_else(|| corrupt("the fonts' predefined CMaps could not be read".into()))?;
    let mut maps = tounicode::read_maps(&doc);
    maps.extend(rewritten.maps);
    let original = (!maps.is_empty()).then(|| doc.clone());
    tounicode::strip(&mut doc, &maps);
    let fast = Fast {
        original: original.as_ref(),
        maps,
    };
    let doc = doc;
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(corrupt("no pages found".into()));
    }
    let has_fonts = || {
        page_ids
            .values()
            .any(|&id| doc.get_page_fonts(id).is_ok_and(|f| !f.is_empty()))
    };
    // Pages are independent: read them in parallel, each under its own panic guard.
    let numbers = page_ids.keys().copied().collect::<Vec<_>>();
    let results: Vec<std::result::Result<PdfPage, String>> = numbers
        .par_iter()
        .map(|&number| read_page(&doc, &fast, number, page_ids[&number]))
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(mut page) => {
                if let Some(cmaps) = rewritten.unsupported.get(&page.number) {
                    page.unsupported_cmaps = cmaps.iter().cloned().collect();
                }
                out.push(page)
            }
            // A page the reader cannot interpret and no font anywhere: an image-only PDF.
            Err(_) if !has_fonts() => {
                return Err(Error::NoTextLayer {
                    path: path.to_path_buf(),
                })
            }
            Err(reason) => return Err(corrupt(reason)),
        }
    }
    let unreadable = |g: &Glyph| g.text.chars().all(|c| c.is_whitespace() || c == '\u{FFFD}');
    if let Some(page) = out.iter().find(|p| !p.unsupported_cmaps.is_empty()) {
        if out.iter().all(|p| p.glyphs.iter().all(unreadable)) {
            return Err(Error::UnsupportedCmap {
                path: path.to_path_buf(),
                page: page.number,
                cmaps: page.unsupported_cmaps.clone(),
            });
        }
    }
    if out
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(Error::NoTextLayer {
            path: path.to_path_buf(),
        });
    }
    Ok(PdfDocument {
        path: path.to_path_buf(),
        pages: out,
    })
}

/// The fonts whose CMaps were taken out of the document, and the document as loaded.
struct Fast<'a> {
    original: Option<&'a Document>,
    maps: std::collections::HashMap<pdf_extract::ObjectId, tounicode::FontMap>,
}

fn run_page(doc: &Document, number: u32) -> std::result::Result<Collector, String> {
    let mut dev = Collector::default();
    match quietly(|| pdf_extract::output_doc_page(doc, &mut dev, number)) {
        Some(Ok(())) => Ok(dev),
        Some(Err(e)) => Err(format!("page {number}: {}", describe(&e))),
        None => Err(format!(
            "page {number}: the PDF reader could not interpret the page"
        )),
    }
}

fn read_page(
    doc: &Document,
    fast: &Fast,
    number: u32,
    id: pdf_extract::ObjectId,
) -> std::result::Result<PdfPage, String> {
    let mut dev = run_page(doc, number)?;
    let mut codes = quietly(|| walk::page_codes(doc, id))
        .flatten()
        .filter(|c| c.codes.len() == dev.calls);
    let mut page = dev.page.take().unwrap_or_default();
    match &codes {
        Some(c) => {
            for (g, &seq) in page.glyphs.iter_mut().zip(&dev.seqs) {
                let (font, code) = c.codes[seq];
                if let Some(fm) = font.and_then(|f| fast.maps.get(&f)) {
                    match fm.text(code) {
                        Some(t) => g.text = unify_radicals(&t),
                        None if fm.composite => g.text = "\u{FFFD}".to_string(),
                        // A simple font falls back on its encoding, as pdf-extract does.
                        None => {}
                    }
                }
            }
        }
        None => {
            // The walk lost count: read the page as loaded, CMaps and all.
            if let Some(original) = fast.original {
                dev = run_page(original, number)?;
                page = dev.page.take().unwrap_or_default();
                codes = quietly(|| walk::page_codes(original, id))
                    .flatten()
                    .filter(|c| c.codes.len() == dev.calls);
            }
        }
    }
    page.number = number;
    if let Some(c) = codes {
        apply_actual_text(&mut page, &dev.seqs, &c.spans);
    }
    let main = (0..4)
        .max_by_key(|&d| (dev.directions[d], 4 - d))
        .unwrap_or(0);
    upright(&mut page, main);
    finish_rules(&mut page);
    Ok(page)
}

/// Turns a page whose text runs up, left or down (a landscape table drawn rotated on a
/// portrait page, whatever `/Rotate` says) so that its main text runs left to right.
fn upright(page: &mut PdfPage, direction: usize) {
    let (w, h) = (page.width, page.height);
    if !(1..=3).contains(&direction) {
        return;
    }
    // Where a point goes, and the page's new size.
    let map = move |x: f64, y: f64| match direction {
        1 => (h - y, x),
        2 => (w - x, h - y),
        _ => (y, w - x),
    };
    let size = if direction == 2 { (w, h) } else { (h, w) };
    for g in &mut page.glyphs {
        (g.x, g.y) = map(g.x, g.y);
    }
    let mut hrules = Vec::new();
    let mut vrules = Vec::new();
    let mut put = |a: (f64, f64), b: (f64, f64)| {
        if (a.1 - b.1).abs() < 0.5 {
            hrules.push(Segment {
                pos: a.1,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            });
        } else {
            vrules.push(Segment {
                pos: a.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            });
        }
    };
    for s in &page.hrules {
        put(map(s.from, s.pos), map(s.to, s.pos));
    }
    for s in &page.vrules {
        put(map(s.pos, s.from), map(s.pos, s.to));
    }
    page.hrules = hrules;
    page.vrules = vrules;
    (page.width, page.height) = size;
}

/// Replace the glyphs an `/ActualText` span covers by its text: one character per glyph
/// when the counts agree (positions kept), else all of it on the first glyph.
fn apply_actual_text(page: &mut PdfPage, seqs: &[usize], spans: &[walk::Span]) {
    let mut drop = vec![false; page.glyphs.len()];
    for span in spans {
        let covered: Vec<usize> = (0..page.glyphs.len())
            .filter(|&i| (span.start..span.end).contains(&seqs[i]))
            .collect();
        let Some(&first) = covered.first() else {
            continue;
        };
        let text = unify_radicals(&span.text);
        let chars: Vec<char> = text.chars().collect();
        if chars.len() == covered.len() {
            for (&i, c) in covered.iter().zip(chars) {
                page.glyphs[i].text = c.to_string();
            }
        } else {
            page.glyphs[first].text = text;
            for &i in &covered[1..] {
                drop[i] = true;
            }
        }
    }
    let mut i = 0;
    page.glyphs.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// Rewrites the `c_first c_last width` runs of CID fonts' `/W` arrays as `c [width …]`.
///
/// pdf-extract 0.12 misreads the range form (it gives those glyphs the default width), so
/// every glyph after such a glyph in a string is drawn too far right: wrapped codes then
/// spill into the next column. Chromium and other producers write the range form.
fn normalise_cid_widths(doc: &mut Document) {
    use pdf_extract::Object;
    const MAX_RUN: i64 = 1 << 16;
    let mut fixes: Vec<(pdf_extract::ObjectId, Vec<Object>)> = Vec::new();
    for (&id, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        let is_cid = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0");
        if !is_cid {
            continue;
        }
        let w = match dict.get(b"W") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => match doc.get_object(*r).and_then(Object::as_array) {
                Ok(a) => a.clone(),
                Err(_) => continue,
            },
            _ => continue,
        };
        let deref = |o: &Object| match o {
            Object::Reference(r) => doc.get_object(*r).cloned().unwrap_or(Object::Null),
            o => o.clone(),
        };
        let num = |o: &Object| match deref(o) {
            Object::Integer(i) => Some(i as f64),
            Object::Real(r) => Some(r as f64),
            _ => None,
        };
        let mut out: Vec<Object> = Vec::new();
        let mut changed = false;
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(&w[i]) else { break };
            match w.get(i + 1).map(deref) {
                Some(Object::Array(widths)) => {
                    out.push(Object::Integer(first as i64));
                    out.push(Object::Array(widths));
                    i += 2;
                }
                Some(_) => {
                    let (Some(last), Some(width)) =
                        (w.get(i + 1).and_then(num), w.get(i + 2).and_then(num))
                    else {
                        break;
                    };
                    let (first, last) = (first as i64, last as i64);
                    if last < first || last - first > MAX_RUN {
                        break;
                    }
                    out.push(Object::Integer(first));
                    out.push(Object::Array(
                        (first..=last).map(|_| Object::Real(width as f32)).collect(),
                    ));
                    changed = true;
                    i += 3;
                }
                None => break,
            }
        }
        if changed {
            fixes.push((id, out));
        }
    }
    for (id, w) in fixes {
        if let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            dict.set("W", Object::Array(w));
        }
    }
}

fn is_password_error(e: &pdf_extract::Error) -> bool {
    use pdf_extract::Error as E;
    matches!(
        e,
        E::InvalidPassword
            | E::Decryption(pdf_extract::encryption::DecryptionError::IncorrectPassword)
    )
}

fn describe(e: &OutputError) -> String {
    match e {
        OutputError::PdfError(e) => e.to_string(),
        OutputError::IoError(e) => e.to_string(),
        OutputError::FormatError(e) => e.to_string(),
    }
}

thread_local! {
    static SILENT: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, turning a panic into `None` without printing the panic message.
///
/// The panic hook is process-wide and files may be read on several threads at once, so
/// instead of swapping hooks back and forth (which races) one wrapping hook is installed
/// once: it stays quiet on threads inside `quietly` and defers to the previous hook
/// everywhere else.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENT.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = SILENT.with(|s| s.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|s| s.set(was));
    result.ok()
}

/// CJK compatibility code points some fonts map their glyphs to (Kangxi radicals,
/// CJK radicals supplement) are shown as the unified ideographs: NFKC of just these
/// characters (never of full-width punctuation), and for the supplement, whose characters
/// NFKC mostly leaves alone, Unicode's table of equivalent ideographs.
pub fn unify_radicals(s: &str) -> String {
    if !s.chars().any(is_radical) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_radical(c) {
            out.push(c);
        } else if let Ok(i) = SUPPLEMENT.binary_search_by_key(&c, |p| p.0) {
            out.push(SUPPLEMENT[i].1);
        } else {
            out.extend(std::iter::once(c).nfkc());
        }
    }
    out
}

/// CJK Radicals Supplement characters NFKC leaves alone, with the unified ideograph each
/// stands for (Unicode's EquivalentUnifiedIdeograph.txt): `⻅` is `见`, `⻓` is `长`.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E81}', '\u{5382}'),
    ('\u{2E84}', '\u{4E59}'),
    ('\u{2E86}', '\u{5182}'),
    ('\u{2E87}', '\u{51E0}'),
    ('\u{2E8C}', '\u{5C0F}'),
    ('\u{2E8D}', '\u{5C0F}'),
    ('\u{2E90}', '\u{5C22}'),
    ('\u{2E92}', '\u{5DF3}'),
    ('\u{2E93}', '\u{5E7A}'),
    ('\u{2E94}', '\u{5F51}'),
    ('\u{2E96}', '\u{5FC4}'),
    ('\u{2E97}', '\u{5FC3}'),
    ('\u{2E98}', '\u{624C}'),
    ('\u{2E99}', '\u{6535}'),
    ('\u{2E9B}', '\u{65E1}'),
    ('\u{2E9D}', '\u{6708}'),
    ('\u{2E9E}', '\u{6B7A}'),
    ('\u{2EA0}', '\u{6C11}'),
    ('\u{2EA1}', '\u{6C35}'),
    ('\u{2EA2}', '\u{6C3A}'),
    ('\u{2EA3}', '\u{706C}'),
    ('\u{2EA4}', '\u{722B}'),
    ('\u{2EA6}', '\u{4E2C}'),
    ('\u{2EA7}', '\u{725B}'),
    ('\u{2EA8}', '\u{72AD}'),
    ('\u{2EA9}', '\u{738B}'),
    ('\u{2EAB}', '\u{7F52}'),
    ('\u{2EAC}', '\u{793A}'),
    ('\u{2EAD}', '\u{793B}'),
    ('\u{2EAF}', '\u{7CF9}'),
    ('\u{2EB0}', '\u{7E9F}'),
    ('\u{2EB1}', '\u{7F53}'),
    ('\u{2EB2}', '\u{7F52}'),
    ('\u{2EB9}', '\u{8002}'),
    ('\u{2EBA}', '\u{8080}'),
    ('\u{2EBE}', '\u{8279}'),
    ('\u{2EBF}', '\u{8279}'),
    ('\u{2EC0}', '\u{8279}'),
    ('\u{2EC1}', '\u{864E}'),
    ('\u{2EC2}', '\u{8864}'),
    ('\u{2EC3}', '\u{8980}'),
    ('\u{2EC4}', '\u{897F}'),
    ('\u{2EC5}', '\u{89C1}'),
    ('\u{2EC6}', '\u{89D2}'),
    ('\u{2EC8}', '\u{8BA0}'),
    ('\u{2EC9}', '\u{8D1D}'),
    ('\u{2ECB}', '\u{8F66}'),
    ('\u{2ECD}', '\u{8FB6}'),
    ('\u{2ECF}', '\u{961D}'),
    ('\u{2ED0}', '\u{9485}'),
    ('\u{2ED1}', '\u{9577}'),
    ('\u{2ED2}', '\u{9578}'),
    ('\u{2ED3}', '\u{957F}'),
    ('\u{2ED4}', '\u{95E8}'),
    ('\u{2ED6}', '\u{961D}'),
    ('\u{2ED7}', '\u{96E8}'),
    ('\u{2ED8}', '\u{9752}'),
    ('\u{2ED9}', '\u{97E6}'),
    ('\u{2EDA}', '\u{9875}'),
    ('\u{2EDB}', '\u{98CE}'),
    ('\u{2EDC}', '\u{98DE}'),
    ('\u{2EDD}', '\u{98DF}'),
    ('\u{2EDF}', '\u{98E0}'),
    ('\u{2EE0}', '\u{9963}'),
    ('\u{2EE2}', '\u{9A6C}'),
    ('\u{2EE3}', '\u{9AA8}'),
    ('\u{2EE4}', '\u{9B3C}'),
    ('\u{2EE5}', '\u{9C7C}'),
    ('\u{2EE6}', '\u{9E1F}'),
    ('\u{2EE7}', '\u{5364}'),
    ('\u{2EE8}', '\u{9EA6}'),
    ('\u{2EE9}', '\u{9EC4}'),
    ('\u{2EEA}', '\u{9EFE}'),
    ('\u{2EEB}', '\u{6589}'),
    ('\u{2EEC}', '\u{9F50}'),
    ('\u{2EED}', '\u{6B6F}'),
    ('\u{2EEE}', '\u{9F7F}'),
    ('\u{2EEF}', '\u{7ADC}'),
    ('\u{2EF0}', '\u{9F99}'),
    ('\u{2EF1}', '\u{9F9C}'),
    ('\u{2EF2}', '\u{4E80}'),
];

fn is_radical(c: char) -> bool {
    matches!(c, '\u{2F00}'..='\u{2FD5}' | '\u{2E80}'..='\u{2EF3}')
}

/// Collects one page's glyphs and rules from pdf-extract's callbacks.
#[derive(Default)]
struct Collector {
    page: Option<PdfPage>,
    /// Character codes shown so far on the page, and the index among them of each glyph.
    calls: usize,
    seqs: Vec<usize>,
    /// Glyphs by writing direction on the page: right, up, left, down.
    directions: [usize; 4],
    flip_y: f64,
    origin_x: f64,
}

impl Collector {
    fn page(&mut self) -> &mut PdfPage {
        self.page.get_or_insert_with(PdfPage::default)
    }

    fn to_page(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
        let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
        (px - self.origin_x, self.flip_y - py)
    }

    /// Turns a path's straight pieces into rules. A rectangle thinner than `THIN` is one
    /// rule (how some producers draw borders); a larger rectangle is its four edges when
    /// stroked, and a shaded background (no rule) when filled.
    fn add_path(&mut self, ctm: &Transform, path: &PdfPath, filled: bool) {
        let mut segs: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut start = None;
        let mut cur = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    start = Some(p);
                    cur = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    if let Some(c) = cur {
                        segs.push((c, p));
                    }
                    cur = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = Some(self.to_page(ctm, x, y));
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (cur, start) {
                        segs.push((c, s));
                    }
                    cur = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let b = self.to_page(ctm, x + w, y + h);
                    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                    if !push_thin_box(self.page(), (x0, y0, x1, y1)) && !filled {
                        segs.push(((x0, y0), (x1, y0)));
                        segs.push(((x0, y1), (x1, y1)));
                        segs.push(((x0, y0), (x0, y1)));
                        segs.push(((x1, y0), (x1, y1)));
                    }
                    start = Some(a);
                    cur = Some(a);
                }
            }
        }
        if filled {
            // A filled polygon's outline is a border only when the polygon is thin; the
            // closing edges of a thin quad are then treated like a thin rectangle.
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for ((ax, ay), (bx, by)) in &segs {
                x0 = x0.min(*ax).min(*bx);
                x1 = x1.max(*ax).max(*bx);
                y0 = y0.min(*ay).min(*by);
                y1 = y1.max(*ay).max(*by);
            }
            if segs.is_empty() {
                return;
            }
            push_thin_box(self.page(), (x0, y0, x1, y1));
            return;
        }
        let page = self.page();
        for ((ax, ay), (bx, by)) in segs {
            if (ay - by).abs() < 0.5 && (ax - bx).abs() > 0.5 {
                page.hrules.push(Segment {
                    pos: (ay + by) / 2.0,
                    from: ax.min(bx),
                    to: ax.max(bx),
                });
            } else if (ax - bx).abs() < 0.5 && (ay - by).abs() > 0.5 {
                page.vrules.push(Segment {
                    pos: (ax + bx) / 2.0,
                    from: ay.min(by),
                    to: ay.max(by),
                });
            }
        }
    }
}

/// How thick (in points) a drawn box may be and still be one ruling line.
const THIN: f64 = 2.5;

/// A box at most `THIN` high (or wide) and longer than that is a horizontal (or vertical)
/// ruling line; push it and say so.
fn push_thin_box(page: &mut PdfPage, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
    if y1 - y0 <= THIN && x1 - x0 > THIN {
        page.hrules.push(Segment {
            pos: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        });
        true
    } else if x1 - x0 <= THIN && y1 - y0 > THIN {
        page.vrules.push(Segment {
            pos: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        });
        true
    } else {
        false
    }
}

/// White (or nearly) paint draws no visible rule.
fn is_white(colorspace: &ColorSpace, color: &[f64]) -> bool {
    match colorspace {
        ColorSpace::DeviceGray | ColorSpace::CalGray(_) => color.first().is_some_and(|&g| g > 0.95),
        ColorSpace::DeviceRGB | ColorSpace::CalRGB(_) => {
            color.len() >= 3 && color[..3].iter().all(|&c| c > 0.95)
        }
        ColorSpace::DeviceCMYK => color.len() >= 4 && color[..4].iter().all(|&c| c < 0.05),
        _ => false,
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip_y = media_box.ury;
        self.origin_x = media_box.llx;
        self.page = Some(PdfPage {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..PdfPage::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let seq = self.calls;
        self.calls += 1;
        let (dx, dy) = (trm.m11, -trm.m12);
        let dir = if dx.abs() >= dy.abs() {
            if dx >= 0.0 {
                0
            } else {
                2
            }
        } else if dy < 0.0 {
            1
        } else {
            3
        };
        self.directions[dir] += 1;
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31 - self.origin_x, self.flip_y - trm.m32);
        // Type 3 fonts and broken width tables can give absurd advances; a glyph is
        // never wider than a few ems.
        let width = (width * size).clamp(0.0, 3.0 * size.max(1.0));
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        // A glyph the font gives no Unicode for comes out empty: keep it visible as
        // U+FFFD so it is reported, not silently lost.
        let text = if text.is_empty() {
            "\u{FFFD}".to_string()
        } else {
            unify_radicals(text)
        };
        self.seqs.push(seq);
        self.page().glyphs.push(Glyph {
            text,
            x,
            y,
            size,
            width,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, false);
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, true);
        }
        Ok(())
    }
}

/// Merges collinear touching rules, so a border drawn in pieces (one per cell) is one
/// segment; drops rules outside the page.
fn finish_rules(page: &mut PdfPage) {
    page.hrules = merge_segments(std::mem::take(&mut page.hrules));
    page.vrules = merge_segments(std::mem::take(&mut page.vrules));
}

fn merge_segments(mut segs: Vec<Segment>) -> Vec<Segment> {
    const SAME_LINE: f64 = 1.0;
    const GAP: f64 = 1.5;
    segs.retain(|s| s.pos.is_finite() && s.from.is_finite() && s.to.is_finite());
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.from.total_cmp(&b.from)));
    // Group by line position, then merge overlapping spans within each group.
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].pos - segs[j - 1].pos <= SAME_LINE {
            j += 1;
        }
        let mut group = segs[i..j].to_vec();
        let pos = group.iter().map(|s| s.pos).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Segment> = None;
        for s in group {
            match cur.as_mut() {
                Some(c) if s.from <= c.to + GAP => c.to = c.to.max(s.to),
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(Segment {
                        pos,
                        from: s.from,
                        to: s.to,
                    });
                }
            }
        }
        if let Some(c) = cur {
            out.push(c);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs_but_punctuation_stays() {
        // ⼒ (Kangxi) → 力, ⼼ → 心, ⻅ ⻓ (supplement) → 见 长; full-width punctuation stays.
        assert_eq!(
            unify_radicals("\u{80FD}\u{2F12}（，）：１"),
            "\u{80FD}\u{529B}（，）：１"
        );
        assert_eq!(unify_radicals("\u{2F3C}"), "\u{5FC3}");
        assert_eq!(
            unify_radicals("\u{5E38}\u{2EC5}\u{2ED3}"),
            "\u{5E38}\u{89C1}\u{957F}"
        );
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn collinear_pieces_merge() {
        let segs = vec![
            Segment {
                pos: 10.0,
                from: 0.0,
                to: 5.0,
            },
            Segment {
                pos: 10.2,
                from: 5.0,
                to: 9.0,
            },
            Segment {
                pos: 10.0,
                from: 20.0,
                to: 30.0,
            },
        ];
        let m = merge_segments(segs);
        assert_eq!(m.len(), 2);
        assert!((m[0].to - 9.0).abs() < 1e-9);
    }
}
