//! Reading PDFs: glyphs with positions and ruling lines, page by page. (Work in progress.)

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The geometry of a PDF, page by page.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub path: PathBuf,
}

/// Read the glyphs and ruling lines of a PDF.
pub fn extract(path: &Path, _bytes: &[u8]) -> Result<PdfDocument> {
    Err(Error::Other {
        path: path.to_path_buf(),
        message: "PDF input is not supported yet".into(),
    })
}
