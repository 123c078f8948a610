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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Loc, Stray};
    use crate::parse::text::costs::Layout;
    use crate::parse::text::hints::Hints;
    use crate::parse::text::table::Table;
    use crate::parse::text::tokens::classify;

    /// A table of one row (project 01, task 01-01, competency 01-01-01) with some text.
    fn table(hints: &Hints) -> Table<'_> {
        let layout = Layout {
            caps: PerLevel([12, 12, 40]),
            alone: PerLevel([false; 3]),
        };
        let mut t = Table::new(hints, 1, layout);
        for (level, code, text) in [
            (Level::Project, "01", "仓储作业"),
            (Level::Task, "01-01", "入库验收"),
            (Level::Competency, "01-01-01", "能够入库验收"),
        ] {
            let mut c = CellB::new(
                classify(code).expect("a code"),
                code,
                Loc::new(1, 1),
                0,
                None,
                1.0,
            );
            c.text = text.to_string();
            t.cells[level].push(c);
            t.cur[level] = Some(0);
        }
        t.rows.push(PerLevel([Some(0), Some(0), Some(0)]));
        t
    }

    /// Everything a line can change, as text.
    fn state(t: &Table<'_>) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {} {}",
            t.cells, t.cur, t.rows, t.strays, t.void, t.spent
        )
    }

    /// What a line might do to the table.
    fn change(t: &mut Table<'_>, what: &str) {
        match what {
            "append text" => t.cell_mut(Level::Task, 0).text.push_str("准备"),
            "change a cell twice" => {
                t.cell_mut(Level::Task, 0).text.push_str("准备");
                t.cell_mut(Level::Task, 0).text = "别的".to_string();
                t.cell_mut(Level::Task, 0).reprint = Some(3);
            }
            "re-point a row" => t.row_mut(0)[Level::Task] = None,
            "open a cell and a row" => {
                let c = t.cells[Level::Competency][0].clone();
                t.cells[Level::Competency].push(c);
                t.cur[Level::Competency] = Some(1);
                t.rows.push(PerLevel([Some(0), Some(0), Some(1)]));
                t.row_mut(1)[Level::Project] = None;
                t.cell_mut(Level::Competency, 1).text.push('再');
            }
            "close a label, stray, spend" => {
                t.cur[Level::Task] = None;
                t.strays.push(Stray {
                    text: "3".into(),
                    loc: Loc::new(1, 2),
                    course_no: Some(1),
                });
                t.void += 1;
                t.spent += 2.5;
            }
            _ => unreachable!("{what}"),
        }
    }

    /// Whether undoing `what` gives back exactly the table before it, and again after
    /// doing it a second time from the same mark.
    fn undone(what: &str) -> bool {
        let hints = Hints::default();
        let mut t = table(&hints);
        let before = state(&t);
        let mark = t.checkpoint();
        change(&mut t, what);
        let changed = state(&t) != before;
        t.rollback(&mark);
        let once = state(&t) == before;
        change(&mut t, what);
        t.rollback(&mark);
        changed && once && state(&t) == before
    }

    #[test]
    fn undo_restores_exactly_what_changed() {
        cases!(undone;
            "a cell's text appended to": ("append text") => true,
            "a cell changed twice: its first value back": ("change a cell twice") => true,
            "a row re-pointed": ("re-point a row") => true,
            "a new cell and row, then changed": ("open a cell and a row") => true,
            "open cells, strays, void lines and cost": ("close a label, stray, spend") => true,
        );
    }

    #[test]
    fn changes_before_the_checkpoint_stay() {
        let hints = Hints::default();
        let mut t = table(&hints);
        change(&mut t, "append text");
        let kept = state(&t);
        let mark = t.checkpoint();
        change(&mut t, "re-point a row");
        t.rollback(&mark);
        cases!(|t: &Table<'_>| (t.cells[Level::Task][0].text.clone(), state(t) == kept);
            "the earlier change is kept, the later undone": (&t) => ("入库验收准备".to_string(), true),
        );
    }
}
