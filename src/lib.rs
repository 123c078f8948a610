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
//! report    Standard (+ source lines)     -> text          (check's diagnostics, Markdown, HTML)
//! ```
//!
//! Every reader shares one domain vocabulary, [`vocab`]: codes and their [`vocab::Level`]s
//! (工作项目, 工作任务, 职业能力), labels, titles, checkboxes, page numbers, the joining rule.
//! [`batch`] runs the stages over many files in parallel; the binary (`src/cli/`) is a thin
//! layer over the library. `docs/ARCHITECTURE.md` says where each rule lives.
//!
//! [`convert_file`] runs the first three stages on one file.

pub mod batch;
pub mod diff;
pub mod error;
pub mod export;
pub mod extract;
pub mod history;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod report;
pub mod serve;
pub mod store;
pub mod vocab;

pub use error::{Error, Result};
pub use model::*;

use std::path::Path;

/// The bundled fixture (the Business English standard's text layer), converted when
/// `compmap convert` is given no input: (file name, bytes).
pub const BUNDLED: (&str, &[u8]) = (
    "business-english-standards.txt",
    include_bytes!("../fixtures/business-english-standards.txt"),
);

/// Read, parse and validate one input file (a PDF page by page, see [`parse::read`]).
pub fn convert_file(path: &Path) -> Result<Standard> {
    let limits = extract::Limits::current();
    let bytes = extract::read(path, &limits)?;
    convert_read(path, &bytes, &limits)
}

/// Like [`convert_file`], for bytes in memory; `path` names them.
pub fn convert_bytes(path: &Path, bytes: &[u8]) -> Result<Standard> {
    convert_read(path, bytes, &extract::Limits::current())
}

fn convert_read(path: &Path, bytes: &[u8], limits: &extract::Limits) -> Result<Standard> {
    let parsed = parse::read(path, bytes, limits)?;
    Ok(normalise::normalise(parsed, &file_name(path)))
}

pub(crate) fn convert_source(source: &extract::Source) -> Result<Standard> {
    let parsed = parse::parse(source)?;
    Ok(normalise::normalise(parsed, &file_name(source.path())))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
