//! Reading PDFs: glyphs with positions and ruling lines, page by page.
//!
//! Takes the bytes of a PDF; gives a [`PdfDocument`]: for every page its size, every glyph
//! (text, baseline origin, font size, advance width) and the table rules drawn on it
//! (horizontal and vertical segments, from stroked lines and thin filled rectangles).
//! Coordinates are in points with the origin at the page's top-left corner and `y` growing
//! downwards, so reading order is ascending `y` then `x`.
//!
//! pdf-extract does the PDF interpretation, page by page in parallel, each page from a
//! small document of its own (`single`), pages handed on in order as they are read. It panics by design
//! on some malformed files, so every call into it runs under `catch_unwind` with the panic
//! message silenced: one bad file gives an error naming it, never a crash of a batch.
//! Around it: CID width ranges it misreads are rewritten first; fonts with predefined
//! CMaps it cannot read (`GBK-EUC-H`…) become Identity fonts (`cmap`); ToUnicode CMaps are read
//! once per document (`tounicode`) and glyph text filled in from a walk of the content
//! (`walk`), which also applies `/ActualText`; the text operators `'` and `"` are
//! spelled out as `T*` and `Tj` (`quotes`); CJK radical code points become the
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
mod quotes;
mod radicals;
mod repair;
mod rules;
mod single;
mod textlayer;
mod tounicode;
mod tree;
mod upright;
mod walk;
mod widths;

pub use page::{Glyph, PdfDocument, PdfPage, Segment, Unreadable};
pub use radicals::unify_radicals;

use super::limits::{exceeded, Limits};
use super::ocr;
use crate::error::{Error, Result};
use collector::Collector;
use normalise::{glyph_text, settle_zero_width};
use pdf_extract::{Document, OutputError};
use rayon::prelude::*;
use rules::finish_rules;
use single::Single;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, Once, OnceLock};
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
    let mut pages = Vec::new();
    read_pages(path, bytes, limits, &mut |page| pages.push(page))?;
    Ok(PdfDocument {
        path: path.to_path_buf(),
        pages,
    })
}

/// Pages read at once (in parallel) before they are handed on in order: enough to keep
/// every thread busy, few enough that their glyphs take little memory (a dense page's
/// glyphs take about 100 KB).
const PAGE_WINDOW: usize = 16;

/// Like [`extract_with`], handing each page to `sink` in order as soon as it and every page
/// before it are read, so that a caller reducing pages as they come holds no more than
/// [`PAGE_WINDOW`] of them. An error can come after some pages were handed on: the
/// document is then refused as a whole.
pub fn read_pages(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    sink: &mut (dyn FnMut(PdfPage) + Send),
) -> Result<()> {
    let corrupt = |reason: String| Error::CorruptPdf {
        path: path.to_path_buf(),
        reason,
    };
    let over = |o: inflate::Over| exceeded(path, o.what, o.limit);
    inflate::check_xref_streams(bytes, limits).map_err(over)?;
    let mut doc = load::load(path, bytes, limits)?;
    let sizes = inflate::measure(&doc, bytes.len() as u64, limits).map_err(over)?;
    tree::visit_once(&mut doc);
    normalise_cid_widths(&mut doc);
    loops::cut_parent_loops(&mut doc);
    quietly(|| budget::check(&doc, &sizes, limits))
        .ok_or_else(|| corrupt("the PDF reader gave up on its structure".into()))?
        .map_err(over)?;
    drop(sizes);
    quietly(|| loops::cut_form_loops(&mut doc));
    // `'` and `"` (Ghostscript writes them) as operators pdf-extract knows (`quotes`).
    quietly(|| quotes::spell_out_quotes(&mut doc));
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
    // The page list, made once: pdf-extract reads each page from a small document of its
    // own (`single`), never walking the whole tree again.
    let page_ids: Vec<(u32, pdf_extract::ObjectId)> = doc.get_pages().into_iter().collect();
    if page_ids.is_empty() {
        return Err(corrupt("no pages found".into()));
    }
    let has_fonts = || {
        page_ids
            .iter()
            .any(|&(_, id)| doc.get_page_fonts(id).is_ok_and(|f| !f.is_empty()))
    };
    // Pages are independent: read them in parallel, each under its own panic guard, a
    // window at a time, each thread with its small document; a window is handed on while
    // the next is read.
    let singles = Mutex::new(Vec::<Single>::new());
    let read_window = |window: &[(u32, pdf_extract::ObjectId)]| -> Vec<(u32, PageResult)> {
        window
            .par_iter()
            .map(|&(number, id)| {
                let taken = singles.lock().ok().and_then(|mut s| s.pop());
                let mut single = taken.unwrap_or_else(|| Single::new(&doc));
                let page = read_page(&doc, &mut single, &fast, number, id, limits);
                let page = by_ocr(path, bytes, &doc, number, id, page);
                if let Ok(mut s) = singles.lock() {
                    s.push(single);
                }
                (number, page)
            })
            .collect()
    };
    let mut seen = Seen::default();
    let mut hand_on = |results: Vec<(u32, PageResult)>| -> Result<()> {
        for (number, r) in results {
            match r {
                Ok(mut page) => {
                    if let Some(cmaps) = rewritten.unsupported.get(&page.number) {
                        page.unsupported_cmaps = cmaps.iter().cloned().collect();
                    }
                    if let (Some(Unreadable::TextLayer { .. }), false) =
                        (&page.unreadable, page.read_by_ocr)
                    {
                        // Text of a CMap compmap cannot decode is reported by unmapped-glyphs.
                        if page.unsupported_cmaps.is_empty() {
                            page.glyphs.clear();
                        } else {
                            page.unreadable = None;
                        }
                    }
                    seen.note(&page);
                    sink(page)
                }
                Err(Failed::Ocr(e)) => return Err(e),
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
                    seen.failed.get_or_insert_with(|| reason.clone());
                    let page = PdfPage {
                        number,
                        unreadable: Some(Unreadable::Page(reason)),
                        ..PdfPage::default()
                    };
                    seen.note(&page);
                    sink(page)
                }
            }
        }
        Ok(())
    };
    let mut windows = page_ids.chunks(PAGE_WINDOW);
    let mut current = windows.next().map(read_window).unwrap_or_default();
    // The pages are handed on from this thread, the one that called (the reducer's
    // allocations stay in one malloc arena: handed on from the pool's threads, the
    // 4,000-page bench took a fifth more memory).
    for next in windows {
        let read = std::thread::scope(|s| {
            let reading = s.spawn(|| read_window(next));
            let handed = hand_on(std::mem::take(&mut current));
            (handed, reading.join())
        });
        read.0?;
        current = read
            .1
            .map_err(|_| corrupt("a page reader stopped".into()))?;
    }
    hand_on(current)?;
    seen.finish(path)
}

type PageResult = std::result::Result<PdfPage, Failed>;

/// What the whole document's pages showed, noted page by page as they are handed on.
struct Seen {
    /// The first page with fonts whose predefined CMaps cannot be decoded: its number and
    /// those CMaps.
    unsupported: Option<(u32, Vec<String>)>,
    /// No page so far has a glyph other than blanks and U+FFFD.
    all_unreadable: bool,
    /// No page so far has a glyph other than blanks.
    all_blank: bool,
    /// Why the first page the reader could not interpret failed, if one did.
    failed: Option<String>,
    /// Every page so far is one the reader could not interpret.
    all_failed: bool,
}

impl Default for Seen {
    fn default() -> Self {
        Seen {
            unsupported: None,
            all_unreadable: true,
            all_blank: true,
            failed: None,
            all_failed: true,
        }
    }
}

impl Seen {
    fn note(&mut self, page: &PdfPage) {
        if self.unsupported.is_none() && !page.unsupported_cmaps.is_empty() {
            self.unsupported = Some((page.number, page.unsupported_cmaps.clone()));
        }
        let unreadable = |g: &Glyph| g.text.chars().all(|c| c.is_whitespace() || c == '\u{FFFD}');
        self.all_unreadable &= page.glyphs.iter().all(unreadable);
        self.all_blank &= page.glyphs.iter().all(|g| g.text.trim().is_empty());
        self.all_failed &= matches!(page.unreadable, Some(Unreadable::Page(_)));
    }

    fn finish(self, path: &Path) -> Result<()> {
        // Not one page the reader could interpret: the file is corrupt, not a finding.
        if let (Some(reason), true) = (&self.failed, self.all_failed) {
            return Err(Error::CorruptPdf {
                path: path.to_path_buf(),
                reason: reason.clone(),
            });
        }
        if let Some((page, cmaps)) = self.unsupported {
            if self.all_unreadable {
                return Err(Error::UnsupportedCmap {
                    path: path.to_path_buf(),
                    page,
                    cmaps,
                });
            }
        }
        if self.all_blank {
            return Err(Error::NoTextLayer {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }
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
    /// It was to be read by OCR and could not be rendered.
    Ocr(Error),
}

/// The page read by OCR instead, when [`ocr::Mode::current`] wants it and a recogniser is
/// built in: under `auto` a page with no text but an image (a scan) or with an unreadable
/// text layer, under `always` every page. The finding of an unreadable text layer stays
/// (the page says it was read by OCR); a page the reader could not interpret that OCR
/// reads is no longer unreadable. The text-layer path never comes here otherwise.
fn by_ocr(
    path: &Path,
    bytes: &[u8],
    doc: &Document,
    number: u32,
    id: pdf_extract::ObjectId,
    page: PageResult,
) -> PageResult {
    let mode = ocr::Mode::current();
    if mode == ocr::Mode::Never {
        return page;
    }
    let Some(reader) = ocr::reader() else {
        return page;
    };
    let blank = |p: &PdfPage| p.glyphs.iter().all(|g| g.text.trim().is_empty());
    let wanted = match (&page, mode) {
        (Err(Failed::Glyphs(_) | Failed::Ocr(_)), _) => false,
        (_, ocr::Mode::Always) => true,
        (Ok(p), _) => {
            matches!(p.unreadable, Some(Unreadable::TextLayer { .. }))
                || (blank(p) && has_image(doc, id))
        }
        (Err(Failed::Unreadable(_)), _) => has_image(doc, id),
    };
    if !wanted {
        return page;
    }
    let mut read = match &page {
        Ok(p) => p.clone(),
        Err(_) => PdfPage {
            number,
            ..PdfPage::default()
        },
    };
    match ocr::read_into(path, bytes, &mut read, reader) {
        Ok(()) => {
            if matches!(read.unreadable, Some(Unreadable::Page(_))) {
                read.unreadable = None;
            }
            Ok(read)
        }
        // A page the reader could not interpret that poppler cannot draw either: as it was.
        Err(_) if page.is_err() && ocr::image::renderer_present() => page,
        Err(e) => Err(Failed::Ocr(e)),
    }
}

/// Whether page `id` draws an image (an image XObject among its resources): a page without
/// text that does is a scan.
fn has_image(doc: &Document, id: pdf_extract::ObjectId) -> bool {
    let Ok((own, inherited)) = doc.get_page_resources(id) else {
        return false;
    };
    let dicts = own
        .into_iter()
        .chain(inherited.iter().filter_map(|&r| doc.get_dictionary(r).ok()));
    for res in dicts {
        let Ok(xobjects) = res.get_deref(b"XObject", doc).and_then(|o| o.as_dict()) else {
            continue;
        };
        for (_, x) in xobjects.iter() {
            let stream = match x {
                pdf_extract::Object::Reference(r) => doc.get_object(*r).ok(),
                o => Some(o),
            };
            let image = stream
                .and_then(|s| s.as_stream().ok())
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|n| n.as_name().ok())
                .is_some_and(|n| n == b"Image");
            if image {
                return true;
            }
        }
    }
    false
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

/// Interpret page `number` (object `id`) of `doc` with pdf-extract, from the small
/// document `single` makes of it.
fn run_page(
    doc: &Document,
    single: &mut Single,
    number: u32,
    id: pdf_extract::ObjectId,
    limits: &Limits,
) -> std::result::Result<Collector, Failed> {
    let mut dev = Collector::with_limit(limits.max_page_glyphs);
    let result = quietly(|| pdf_extract::output_doc_page(single.page(doc, id), &mut dev, 1));
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
    single: &mut Single,
    fast: &Fast,
    number: u32,
    id: pdf_extract::ObjectId,
    limits: &Limits,
) -> std::result::Result<PdfPage, Failed> {
    let mut dev = run_page(doc, single, number, id, limits)?;
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
                dev = run_page(original, &mut Single::new(original), number, id, limits)?;
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
    // A page may be held until the document is parsed: no room left over from growing
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
