//! Stage 2: rebuild the course sections and their table rows.
//!
//! Takes a [`Source`]; gives a [`ParsedDocument`]: every course with its header block and
//! its rows (project, task, competency), codes as written, each piece with its page and
//! line. Text the parser can place in no cell is kept as a [`crate::model::Stray`].

pub mod grid;
pub mod pdf;
pub mod text;

use crate::error::{Error, Result};
use crate::extract::Source;
use crate::model::ParsedDocument;

/// Parse a source into courses and rows. A source with no course table is an error.
pub fn parse(source: &Source) -> Result<ParsedDocument> {
    let doc = match source {
        Source::Text(dump) => text::parse_lines(&dump.lines),
        Source::Pdf(doc) => pdf::parse(doc),
        Source::Original(o) => grid::parse(o),
    };
    if doc.courses.is_empty() || doc.courses.iter().all(|c| c.rows.is_empty()) {
        return Err(Error::NoCourseTable {
            path: source.path().to_path_buf(),
        });
    }
    Ok(doc)
}
