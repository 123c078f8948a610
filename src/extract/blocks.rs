//! The plain, format-independent content of an original (a Word document or a workbook):
//! a sequence of [`Block`]s, paragraphs and tables, in document order.
//!
//! [`super::docx`] and [`super::sheet`] produce it; [`crate::parse::grid`] reads it. Nothing
//! here knows about courses: a table is rows of cells on a grid, a merged cell is a cell
//! spanning grid columns ([`GridCell::span`]) or continuing the cell above
//! ([`GridCell::continues`]).

use crate::model::Loc;
use std::path::PathBuf;

/// What kind of original the blocks were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginalKind {
    Docx,
    Xlsx,
    Xls,
    Ods,
}

impl OriginalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OriginalKind::Docx => "Word document (DOCX)",
            OriginalKind::Xlsx => "workbook (XLSX)",
            OriginalKind::Xls => "workbook (XLS)",
            OriginalKind::Ods => "workbook (ODS)",
        }
    }
}

/// An original read into blocks.
#[derive(Debug, Clone)]
pub struct Original {
    pub path: PathBuf,
    pub kind: OriginalKind,
    pub blocks: Vec<Block>,
    /// Pages for [`crate::model::ParsedDocument::pages`]: 0 for a DOCX (no pages until laid
    /// out), the number of sheets for a workbook.
    pub pages: u32,
}

/// One paragraph or one table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A paragraph (or, in a workbook, a row holding one text): its text with line breaks
/// joined by the joining rule, list numbering computed and prepended.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    pub text: String,
    pub loc: Loc,
    /// Holds tracked changes not yet accepted (read as accepted).
    pub changed: bool,
}

/// A table: rows of cells placed on a grid of columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<Vec<GridCell>>,
    /// Tables found inside a cell of this one (not read as rows): their text and place.
    pub nested: Vec<Para>,
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    /// The cell's paragraphs joined by the joining rule.
    pub text: String,
    /// Where the cell's first paragraph (or the sheet cell) is.
    pub loc: Loc,
    /// The first grid column the cell covers (0-based).
    pub col: usize,
    /// How many grid columns it covers (at least 1).
    pub span: usize,
    /// The cell continues the merged cell above it (Word `w:vMerge` continue, a row of a
    /// workbook's merged region below its first): its content is the one above.
    pub continues: bool,
    /// Holds tracked changes not yet accepted.
    pub changed: bool,
    /// A workbook cell that stores a number whose format does not give the code's digits
    /// (`1`, `1.1`): the number as written. `text` holds the same.
    pub number: Option<String>,
}

impl GridCell {
    /// Does the cell cover grid column `col`?
    pub fn covers(&self, col: usize) -> bool {
        (self.col..self.col + self.span.max(1)).contains(&col)
    }
}
