//! Stage 1: read an input file into a [`Source`].
//!
//! Takes a path; gives the decoded lines of a text dump ([`TextDump`]), the glyphs and
//! ruling lines of every page of a PDF ([`pdf::PdfDocument`]), or the paragraphs and
//! tables of an original ([`blocks::Original`]: a Word document or a workbook). Files are
//! recognised by content (`%PDF-` header; a ZIP holding `word/document.xml`,
//! `xl/workbook.xml` or an ODS `mimetype`; the OLE2 signature of legacy Office files),
//! never by extension.

pub mod blocks;
pub mod container;
pub mod docx;
pub mod limits;
pub mod ocr;
pub mod ods;
pub mod pdf;
pub mod sheet;
pub mod text;
pub mod xml;

use crate::error::{Error, Result};
use limits::{exceeded, human};
use std::io::Read;
use std::path::Path;

pub use limits::Limits;
pub use text::TextDump;

/// What the parse stage reads.
#[derive(Debug, Clone)]
pub enum Source {
    Text(TextDump),
    Pdf(pdf::PdfDocument),
    Original(blocks::Original),
}

impl Source {
    /// The file the source was read from.
    pub fn path(&self) -> &Path {
        match self {
            Source::Text(t) => &t.path,
            Source::Pdf(p) => &p.path,
            Source::Original(o) => &o.path,
        }
    }
}

/// Read `path` and recognise what it holds, within [`Limits::current`].
pub fn extract(path: &Path) -> Result<Source> {
    extract_with(path, &Limits::current())
}

/// Read `path` within `limits`: a file, a device or a pipe is read no further than the
/// limit allows (`/dev/zero` stops there), so memory stays bounded whatever it holds.
pub fn extract_with(path: &Path, limits: &Limits) -> Result<Source> {
    let bytes = read_limited(path, limits)?;
    extract_bytes_with(path, &bytes, limits)
}

/// Like [`extract`], for bytes already in memory; `path` names them in errors.
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Result<Source> {
    extract_bytes_with(path, bytes, &Limits::current())
}

/// Like [`extract_with`], for bytes already in memory.
pub fn extract_bytes_with(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Source> {
    if recognise(path, bytes, limits)? {
        return pdf::extract_with(path, bytes, limits).map(Source::Pdf);
    }
    if container::is_container(bytes) {
        return original(path, bytes, limits).map(Source::Original);
    }
    text::decode(path, bytes).map(Source::Text)
}

/// Read `path` within `limits` (see [`extract_with`]), without recognising it.
pub fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    read_limited(path, limits)
}

/// Whether `bytes` are a PDF (else a text dump), once they are known to be within
/// `limits` and not empty.
pub fn recognise(path: &Path, bytes: &[u8], limits: &Limits) -> Result<bool> {
    let pdf = is_pdf(bytes);
    let (limit, what) = size_limit(is_binary(bytes), limits);
    if bytes.len() as u64 > limit {
        return Err(exceeded(
            path,
            format!("{what} ({})", human(bytes.len() as u64)),
            human(limit),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(pdf)
}

/// Read a Word document or workbook (the container tells which).
fn original(path: &Path, bytes: &[u8], limits: &Limits) -> Result<blocks::Original> {
    use blocks::OriginalKind as K;
    match container::recognise(path, bytes, limits)? {
        container::Container::Docx => docx::read(path, bytes, limits),
        container::Container::Xlsx => sheet::read(path, bytes, K::Xlsx, limits),
        container::Container::Ods => ods::read(path, bytes, limits),
        container::Container::Ole2 => sheet::read(path, bytes, K::Xls, limits),
    }
}

/// The most bytes an input may have, and what it is called in the error.
fn size_limit(pdf: bool, limits: &Limits) -> (u64, &'static str) {
    if pdf || limits.max_text_size >= limits.max_input_size {
        (limits.max_input_size, "the input's size (--max-input-size)")
    } else {
        (limits.max_text_size, "the size of a text dump")
    }
}

/// Read at most the limit for what `path` holds, plus one byte to tell a file at the limit
/// from one over it: a regular file over it is refused before reading, a device or pipe
/// once the limit is read.
fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let known = meta.is_file().then_some(meta.len());
    let too_big = |size: String, limit: u64, what: &str| {
        exceeded(path, format!("{what} ({size})"), human(limit))
    };
    if let Some(len) = known.filter(|&l| l > limits.max_input_size) {
        let (limit, what) = size_limit(true, limits);
        return Err(too_big(human(len), limit, what));
    }
    let mut bytes = Vec::new();
    (&mut file).take(1024).read_to_end(&mut bytes).map_err(io)?;
    let (limit, what) = size_limit(is_binary(&bytes), limits);
    if let Some(len) = known.filter(|&l| l > limit) {
        return Err(too_big(human(len), limit, what));
    }
    let rest = (limit + 1).saturating_sub(bytes.len() as u64);
    if let Some(len) = known {
        bytes.reserve(len.min(limit) as usize);
    }
    file.take(rest).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(format!("more than {}", human(limit)), limit, what));
    }
    Ok(bytes)
}

/// A PDF or an original: read up to the input limit, not the (smaller) text limit.
fn is_binary(bytes: &[u8]) -> bool {
    is_pdf(bytes) || container::is_container(bytes)
}

/// A PDF starts with `%PDF-`, possibly after some junk (the spec allows up to 1024 bytes).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}
