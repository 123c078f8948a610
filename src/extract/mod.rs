//! Stage 1: read an input file into a [`Source`].
//!
//! Takes a path; gives either the decoded lines of a text dump ([`TextDump`]) or the glyphs
//! and ruling lines of every page of a PDF ([`pdf::PdfDocument`]). Files are recognised by
//! content (`%PDF-` header), never by extension.

pub mod pdf;
pub mod text;

use crate::error::{Error, Result};
use std::path::Path;

pub use text::TextDump;

/// What the parse stage reads.
#[derive(Debug, Clone)]
pub enum Source {
    Text(TextDump),
    Pdf(pdf::PdfDocument),
}

impl Source {
    /// The file the source was read from.
    pub fn path(&self) -> &Path {
        match self {
            Source::Text(t) => &t.path,
            Source::Pdf(p) => &p.path,
        }
    }
}

/// Read `path` and recognise what it holds.
pub fn extract(path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    extract_bytes(path, &bytes)
}

/// Like [`extract`], for bytes already in memory; `path` names them in errors.
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Result<Source> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    if is_pdf(bytes) {
        return pdf::extract(path, bytes).map(Source::Pdf);
    }
    text::decode(path, bytes).map(Source::Text)
}

/// A PDF starts with `%PDF-`, possibly after some junk (the spec allows up to 1024 bytes).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}
