//! A cell of the table while it is being built, and the rows that hold cells.

use super::tokens::Code;
use crate::model::{Cell, Loc, RawCode};
use crate::vocab::{Level, PerLevel};

/// A row of the table: the index of its project, task and competency cell (a row always
/// has a competency).
pub(super) type Row = PerLevel<Option<usize>>;

/// A cell being built.
#[derive(Debug, Clone)]
pub(super) struct CellB {
    pub code: Code,
    pub written: String,
    pub loc: Loc,
    pub text: String,
    /// Width of the last line of text appended.
    pub last_w: usize,
    /// Content-line index of the last fragment (or of the code).
    pub last_line: usize,
    /// While a repeated label is being printed again: how much of `text` it has shown.
    pub reprint: Option<usize>,
    /// The open cell of the level above when this one opened.
    pub parent: Option<usize>,
    /// The smallest margin by which a plan placing its fragments won
    /// ([`super::weights::Weights::close_call`] when none was close).
    pub margin: f64,
    /// The name's only fragment so far was printed beside its code but could also have
    /// belonged to another cell: if the next fragment does not continue it, it goes there.
    pub provisional: Option<Provisional>,
}

/// Where a provisional name fragment goes back to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Provisional {
    /// Column and index of the other cell: the competency text, or the other name.
    pub level: Level,
    pub cell: usize,
    /// The other cell's text length when the fragment was placed (it must not change).
    pub len: usize,
    /// The other cell's text had not begun: the fragment would be its start, before
    /// what the same line gave it.
    pub start: bool,
}

impl CellB {
    /// A new cell for `code`, opened on content line `line`.
    pub fn new(
        code: Code,
        written: &str,
        loc: Loc,
        line: usize,
        parent: Option<usize>,
        margin: f64,
    ) -> Self {
        CellB {
            code,
            written: written.to_string(),
            loc,
            text: String::new(),
            last_w: 0,
            last_line: line,
            reprint: None,
            parent,
            margin,
            provisional: None,
        }
    }

    /// The finished cell.
    pub fn cell(&self) -> Cell {
        Cell {
            code: RawCode {
                text: self.written.clone(),
                loc: self.loc,
            },
            text: self.text.clone(),
        }
    }
}
