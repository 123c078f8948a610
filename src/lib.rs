//! compmap turns Chinese vocational competency-standard documents (职业能力标准,
//! 课程与能力对接表) into clean spreadsheets and validation reports.
//!
//! The pipeline, one module per stage, each consuming the previous stage's plain data:
//!
//! ```text
//! extract   bytes (PDF or text dump)      -> Source        (lines, or glyphs and rules per page)
//! parse     Source                        -> ParsedDocument (courses and rows as printed, codes as written)
//! normalise ParsedDocument                -> Standard      (normalised codes, mappings, findings)
//! export    Standard                      -> files         (CSV, XLSX, JSON)
//! diff      Standard × Standard           -> Diff          (changes between two revisions)
//! ```
//!
//! [`convert_file`] runs the first three stages on one file.

pub mod batch;
pub mod diff;
pub mod error;
pub mod export;
pub mod extract;
pub mod model;
pub mod normalise;
pub mod parse;

pub use error::{Error, Result};
pub use model::*;

use std::path::Path;

/// Read, parse and validate one input file.
pub fn convert_file(path: &Path) -> Result<Standard> {
    let source = extract::extract(path)?;
    let parsed = parse::parse(&source)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(normalise::normalise(parsed, &name))
}
