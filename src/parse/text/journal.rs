//! The undo log of the tie lookahead: a line read one way is undone to read it another.
//!
//! Cloning the table per line was too slow (eff997f); instead a [`Checkpoint`] keeps the
//! lengths of the growing lists and the small state, and the [`Journal`] the first old
//! value of every cell or row changed since. Every change to an existing cell or row goes
//! through [`Table::cell_mut`] or [`Table::row_mut`].

use super::cell::{CellB, Row};
use super::table::Table;
use crate::vocab::{Level, PerLevel};

/// What a line can change, saved to read it another way: the lengths of the growing
/// lists and the small state.
pub(super) struct Checkpoint {
    lens: PerLevel<usize>,
    rows: usize,
    strays: usize,
    cur: PerLevel<Option<usize>>,
    /// Lines gone wholly to strays, and the cost spent so far.
    scalars: (usize, f64),
}

/// The first old value of every cell and row changed since the last [`Checkpoint`].
#[derive(Default)]
pub(super) struct Journal {
    cells: Vec<(Level, usize, CellB)>,
    rows: Vec<(usize, Row)>,
}

impl Journal {
    /// Keep the old value of cell `i` of `level`, unless kept already.
    fn save_cell(&mut self, level: Level, i: usize, old: &CellB) {
        if !self.cells.iter().any(|(l, k, _)| (*l, *k) == (level, i)) {
            self.cells.push((level, i, old.clone()));
        }
    }

    /// Keep the old value of row `r`, unless kept already.
    fn save_row(&mut self, r: usize, old: Row) {
        if !self.rows.iter().any(|(k, _)| *k == r) {
            self.rows.push((r, old));
        }
    }
}

impl Table<'_> {
    /// Start saving what the next lines change.
    pub(super) fn checkpoint(&mut self) -> Checkpoint {
        self.journal = Some(Journal::default());
        Checkpoint {
            lens: PerLevel(Level::ALL.map(|l| self.cells[l].len())),
            rows: self.rows.len(),
            strays: self.strays.len(),
            cur: self.cur,
            scalars: (self.void, self.spent),
        }
    }

    /// Undo every change since `mark` (which stays valid, to undo again).
    pub(super) fn rollback(&mut self, mark: &Checkpoint) {
        let journal = self.journal.replace(Journal::default()).unwrap_or_default();
        for (level, i, old) in journal.cells.into_iter().rev() {
            self.cells[level][i] = old;
        }
        for (r, old) in journal.rows.into_iter().rev() {
            self.rows[r] = old;
        }
        for l in Level::ALL {
            self.cells[l].truncate(mark.lens[l]);
        }
        self.rows.truncate(mark.rows);
        self.strays.truncate(mark.strays);
        self.cur = mark.cur;
        (self.void, self.spent) = mark.scalars;
    }

    /// A cell to change, its old value journaled first.
    pub(super) fn cell_mut(&mut self, level: Level, i: usize) -> &mut CellB {
        if let Some(j) = &mut self.journal {
            j.save_cell(level, i, &self.cells[level][i]);
        }
        &mut self.cells[level][i]
    }

    /// A row to change, its old value journaled first.
    pub(super) fn row_mut(&mut self, r: usize) -> &mut Row {
        if let Some(j) = &mut self.journal {
            j.save_row(r, self.rows[r]);
        }
        &mut self.rows[r]
    }
}
