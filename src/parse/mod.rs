//! Stage 2: rebuild the course sections and their table rows.
//!
//! Takes a [`Source`]; gives a [`ParsedDocument`]: every course with its header block and
//! its rows (project, task, competency), codes as written, each piece with its page and
//! line. Text the parser can place in no cell is kept as a [`crate::model::Stray`].

pub mod grid;
pub mod pdf;
pub mod text;

use crate::error::{Error, Result};
use crate::extract::{self, Limits, Source};
use crate::model::ParsedDocument;
use std::path::Path;

/// Parse a source into courses and rows. A source with no course table is an error.
pub fn parse(source: &Source) -> Result<ParsedDocument> {
    let doc = match source {
        Source::Text(dump) => text::parse_lines(&dump.lines),
        Source::Pdf(doc) => pdf::parse(doc),
        Source::Original(o) => grid::parse(o),
    };
    let ocr = matches!(source, Source::Pdf(d) if d.pages.iter().any(|p| p.read_by_ocr));
    with_courses(source.path(), doc, ocr)
}

/// Recognise and parse the bytes of an input, as [`extract::extract_bytes_with`] then
/// [`parse`] do, but a PDF page by page as its pages are read ([`pdf::PageStream`]):
/// memory holds a few pages, not all of them. Now and then a document is read twice
/// (when the whole document's spacing reads a page otherwise than the pages before it).
pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<ParsedDocument> {
    if !extract::recognise(path, bytes, limits)? {
        return parse(&extract::extract_bytes_with(path, bytes, limits)?);
    }
    let mut first = pdf::PageStream::default();
    let mut ocr = false;
    extract::pdf::read_pages(path, bytes, limits, &mut |page| {
        ocr |= page.read_by_ocr;
        first.page(&page)
    })?;
    let doc = match first.again() {
        None => first.finish(),
        Some(style) => {
            drop(first);
            log::debug!(
                "{}: read again with the spacing of the whole document",
                path.display()
            );
            let mut second = pdf::PageStream::new(Some(style));
            extract::pdf::read_pages(path, bytes, limits, &mut |page| second.page(&page))?;
            second.finish()
        }
    };
    with_courses(path, doc, ocr)
}

/// A document with no course table is an error (saying so when pages were read by OCR).
fn with_courses(path: &Path, doc: ParsedDocument, ocr: bool) -> Result<ParsedDocument> {
    if doc.courses.is_empty() || doc.courses.iter().all(|c| c.rows.is_empty()) {
        let path = path.to_path_buf();
        return Err(if ocr {
            Error::NoCourseTableOcr { path }
        } else {
            Error::NoCourseTable { path }
        });
    }
    Ok(doc)
}
