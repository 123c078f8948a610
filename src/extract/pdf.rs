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

mod budget;
mod cmap;
mod collector;
mod decrypt;
mod inflate;
mod load;
mod loops;
mod normalise;
mod page;
mod radicals;
mod repair;
mod rules;
mod textlayer;
mod tounicode;
mod tree;
mod upright;
mod walk;
mod widths;

pub use page::{Glyph, PdfDocument, PdfPage, Segment, Unreadable};
pub use radicals::unify_radicals;

use super::limits::{exceeded, Limits};
use crate::error::{Error, Result};
use collector::Collector;
use normalise::{glyph_text, settle_zero_width};
use pdf_extract::{Document, OutputError};
use rayon::prelude::*;
use rules::finish_rules;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Once, OnceLock};
use upright::upright;
use widths::normalise_cid_widths;

/// Read the glyphs and ruling lines of a PDF, within [`Limits::current`].
pub fn extract(path: &Path, bytes: &[u8]) -> Result<PdfDocument> {
    extract_with(path, bytes, &Limits::current())
}

/// Read the glyphs and ruling lines of a PDF within `limits`: streams are measured before
/// they are inflated, the page tree and forms walked once before pdf-extract follows them
/// (see `inflate`, `tree`, `budget`).
pub fn extract_with(path: &Path, bytes: &[u8], limits: &Limits) -> Result<PdfDocument> {
    let corrupt = |reason: String| Error::CorruptPdf {
        path: path.to_path_buf(),
        reason,
    };
    let over = |o: inflate::Over| exceeded(path, o.what, o.limit);
    let mut doc = load::load(path, bytes)?;
    let sizes = inflate::measure(&doc, bytes.len() as u64, limits).map_err(over)?;
    tree::visit_once(&mut doc);
    normalise_cid_widths(&mut doc);
    loops::cut_parent_loops(&mut doc);
    quietly(|| budget::check(&doc, &sizes, limits))
        .ok_or_else(|| corrupt("the PDF reader gave up on its structure".into()))?
        .map_err(over)?;
    drop(sizes);
    quietly(|| loops::cut_form_loops(&mut doc));
    // CMaps read once here instead of on every page by pdf-extract; the untouched document
    // stays at hand for a page whose content the walk cannot follow.
    // Fonts with predefined CMaps (`GBK-EUC-H`…) first become Identity fonts (`cmap`).
    let rewritten = quietly(|| cmap::rewrite(&mut doc))
        .ok_or_else(|| corrupt("the fonts' predefined CMaps could not be read".into()))?;
    let mut maps = tounicode::read_maps(&doc);
    maps.extend(rewritten.maps);
    let saved = tounicode::strip(&mut doc, &maps);
    let fast = Fast {
        saved,
        original: OnceLock::new(),
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
    let results: Vec<std::result::Result<PdfPage, Failed>> = numbers
        .par_iter()
        .map(|&number| read_page(&doc, &fast, number, page_ids[&number], limits))
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut first_failure = None;
    for (r, &number) in results.into_iter().zip(&numbers) {
        match r {
            Ok(mut page) => {
                if let Some(cmaps) = rewritten.unsupported.get(&page.number) {
                    page.unsupported_cmaps = cmaps.iter().cloned().collect();
                }
                if let Some(Unreadable::TextLayer { .. }) = page.unreadable {
                    // Text of a CMap compmap cannot decode is reported by unmapped-glyphs.
                    if page.unsupported_cmaps.is_empty() {
                        page.glyphs.clear();
                    } else {
                        page.unreadable = None;
                    }
                }
                out.push(page)
            }
            Err(Failed::Glyphs(number)) => {
                return Err(exceeded(
                    path,
                    format!(
                        "page {number}: the number of glyphs on it (more than {})",
                        limits.max_page_glyphs
                    ),
                    format!("{} glyphs per page", limits.max_page_glyphs),
                ))
            }
            // A page the reader cannot interpret and no font anywhere: an image-only PDF.
            Err(_) if !has_fonts() => {
                return Err(Error::NoTextLayer {
                    path: path.to_path_buf(),
                })
            }
            // One page the reader cannot interpret: a finding on it; the others convert.
            Err(Failed::Unreadable(reason)) => {
                first_failure.get_or_insert_with(|| reason.clone());
                out.push(PdfPage {
                    number,
                    unreadable: Some(Unreadable::Page(reason)),
                    ..PdfPage::default()
                });
            }
        }
    }
    if let Some(reason) = first_failure {
        if out.iter().all(|p| p.unreadable.is_some()) {
            return Err(corrupt(reason));
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
struct Fast {
    /// The objects `tounicode::strip` changed, as loaded.
    saved: Vec<(pdf_extract::ObjectId, pdf_extract::Object)>,
    /// The document as loaded, made from the stripped one and `saved` the first time a page
    /// needs it (rarely: a whole copy of a 4,000-page document is about 100 MB).
    original: OnceLock<Document>,
    maps: std::collections::HashMap<pdf_extract::ObjectId, tounicode::FontMap>,
}

/// Why a page could not be read.
enum Failed {
    /// pdf-extract gave up on it (the reason).
    Unreadable(String),
    /// It has more glyphs than [`Limits::max_page_glyphs`] (the page's number).
    Glyphs(u32),
}

impl Fast {
    fn original(&self, doc: &Document) -> Option<&Document> {
        if self.saved.is_empty() {
            return None;
        }
        Some(self.original.get_or_init(|| {
            let mut original = doc.clone();
            // The first saved copy of an object is the one as loaded.
            for (id, object) in self.saved.iter().rev() {
                original.objects.insert(*id, object.clone());
            }
            original
        }))
    }
}

fn run_page(
    doc: &Document,
    number: u32,
    limits: &Limits,
) -> std::result::Result<Collector, Failed> {
    let mut dev = Collector::with_limit(limits.max_page_glyphs);
    let result = quietly(|| pdf_extract::output_doc_page(doc, &mut dev, number));
    if dev.over_limit {
        return Err(Failed::Glyphs(number));
    }
    match result {
        Some(Ok(())) => Ok(dev),
        Some(Err(e)) => Err(Failed::Unreadable(format!(
            "page {number}: {}",
            describe(&e)
        ))),
        None => Err(Failed::Unreadable(format!(
            "page {number}: the PDF reader could not interpret the page"
        ))),
    }
}

fn read_page(
    doc: &Document,
    fast: &Fast,
    number: u32,
    id: pdf_extract::ObjectId,
    limits: &Limits,
) -> std::result::Result<PdfPage, Failed> {
    let mut dev = run_page(doc, number, limits)?;
    let max = limits.max_page_glyphs;
    let mut codes = quietly(|| walk::page_codes(doc, id, max))
        .flatten()
        .filter(|c| c.codes.len() == dev.calls);
    let mut page = dev.page.take().unwrap_or_default();
    let mut fonts: Vec<Option<pdf_extract::ObjectId>> = Vec::new();
    match &codes {
        Some(c) => {
            for (g, &seq) in page.glyphs.iter_mut().zip(&dev.seqs) {
                let (font, code) = c.codes[seq];
                fonts.push(font);
                if let Some(fm) = font.and_then(|f| fast.maps.get(&f)) {
                    match fm.text(code) {
                        Some(t) => g.text = glyph_text(&t),
                        None if fm.composite => g.text = "\u{FFFD}".to_string(),
                        // A simple font falls back on its encoding, as pdf-extract does.
                        None => {}
                    }
                }
            }
        }
        None => {
            // The walk lost count: read the page as loaded, CMaps and all.
            if let Some(original) = fast.original(doc) {
                dev = run_page(original, number, limits)?;
                page = dev.page.take().unwrap_or_default();
                codes = quietly(|| walk::page_codes(original, id, max))
                    .flatten()
                    .filter(|c| c.codes.len() == dev.calls);
            }
        }
    }
    page.number = number;
    if let Some(c) = codes {
        let dropped = apply_actual_text(&mut page, &dev.seqs, &c.spans);
        let mut i = 0;
        fonts.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
    }
    page.unreadable = text_layer(doc, &page.glyphs, &fonts);
    let main = (0..4)
        .max_by_key(|&d| (dev.directions[d], 4 - d))
        .unwrap_or(0);
    settle_zero_width(&mut page.glyphs);
    upright(&mut page, main);
    finish_rules(&mut page);
    // Every page of a document is held until it is parsed: no room left over from growing
    // (up to half of each vector).
    page.glyphs.shrink_to_fit();
    page.hrules.shrink_to_fit();
    page.vrules.shrink_to_fit();
    Ok(page)
}

/// The page's text layer judged per font (`textlayer`): `fonts` gives each glyph's font
/// object when the content walk kept count, else every glyph is of one unknown font.
fn text_layer(
    doc: &Document,
    glyphs: &[Glyph],
    fonts: &[Option<pdf_extract::ObjectId>],
) -> Option<Unreadable> {
    let mut names: std::collections::HashMap<pdf_extract::ObjectId, String> =
        std::collections::HashMap::new();
    let mut tallies = textlayer::Tallies::default();
    for (i, g) in glyphs.iter().enumerate() {
        let font = match fonts.get(i).copied().flatten() {
            Some(id) => names
                .entry(id)
                .or_insert_with(|| font_name(doc, id))
                .as_str(),
            None => "(unknown font)",
        };
        tallies.add(font, &g.text);
    }
    tallies.verdict()
}

/// A font's `/BaseFont`, else its object number.
fn font_name(doc: &Document, id: pdf_extract::ObjectId) -> String {
    doc.get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"BaseFont").ok())
        .and_then(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| format!("object {} {}", id.0, id.1))
}

/// Replace the glyphs an `/ActualText` span covers by its text: one character per glyph
/// when the counts agree (positions kept), else all of it on the first glyph. Gives which
/// glyphs (by index before) were dropped.
fn apply_actual_text(page: &mut PdfPage, seqs: &[usize], spans: &[walk::Span]) -> Vec<bool> {
    let mut drop = vec![false; page.glyphs.len()];
    for span in spans {
        let covered: Vec<usize> = (0..page.glyphs.len())
            .filter(|&i| (span.start..span.end).contains(&seqs[i]))
            .collect();
        let Some(&first) = covered.first() else {
            continue;
        };
        let text = glyph_text(&span.text);
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
    drop
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
