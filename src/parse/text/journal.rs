//! The undo log of the tie lookahead: a line read one way is undone to read it another.
//!
//! Cloning the table per line was too slow (eff997f); instead a [`Checkpoint`] keeps the
//! lengths of the growing lists and the small state, and the [`Journal`] the first old
//! value of every cell or row changed since. Every change to an existing cell or row goes
//! through the table's `cell_mut` or `row_mut`, which keep the old value here first.

use super::cell::{CellB, Row};
use crate::vocab::{Level, PerLevel};

/// What a line can change, saved to read it another way: the lengths of the growing
/// lists and the small state.
pub(super) struct Checkpoint {
    pub(super) lens: PerLevel<usize>,
    pub(super) rows: usize,
    pub(super) strays: usize,
    pub(super) cur: PerLevel<Option<usize>>,
    /// Lines gone wholly to strays, and the cost spent so far.
    pub(super) scalars: (usize, f64),
}

/// The first old value of every cell and row changed since the last [`Checkpoint`].
#[derive(Default)]
pub(super) struct Journal {
    cells: Vec<(Level, usize, CellB)>,
    rows: Vec<(usize, Row)>,
}

impl Journal {
    /// Keep the old value of cell `i` of `level`, unless kept already.
    pub(super) fn save_cell(&mut self, level: Level, i: usize, old: &CellB) {
        if !self.cells.iter().any(|(l, k, _)| (*l, *k) == (level, i)) {
            self.cells.push((level, i, old.clone()));
        }
    }

    /// Keep the old value of row `r`, unless kept already.
    pub(super) fn save_row(&mut self, r: usize, old: Row) {
        if !self.rows.iter().any(|(k, _)| *k == r) {
            self.rows.push((r, old));
        }
    }

    /// Put back every old value kept, newest first, into the table's cells and rows.
    pub(super) fn undo(self, cells: &mut PerLevel<Vec<CellB>>, rows: &mut [Row]) {
        for (level, i, old) in self.cells.into_iter().rev() {
            cells[level][i] = old;
        }
        for (r, old) in self.rows.into_iter().rev() {
            rows[r] = old;
        }
    }
}
