//! The table of one course: the walk over its lines. Codes open cells and rows; the runs
//! of words between them are placed by [`super::place`].

use super::cell::{CellB, Row};
use super::costs::{is_full, Layout};
use super::hints::{Hints, Vote};
use super::journal::{Checkpoint, Journal};
use super::tokens::{self, Code};
use super::weights::Weights;
use super::words::{items, join_words, reglue, unit_width, visible_chars, Item};
use super::Line;
use crate::model::*;
use crate::vocab::lexicon;
use crate::vocab::{Level, PerLevel};

/// The lines of a table, each with its items.
pub(super) type Content<'c, 'l> = [(&'c Line<'l>, Vec<Item<'l>>)];

/// Is a project or task code followed by `glued_to` (the character right after it, no
/// space between) a number inside a text instead? A label glued to its name is in the
/// standard form and followed by a letter (`01前期准备`); digits glued to a symbol
/// (`26℃~28℃`, `15°`, `3‰`) or too few digits for a code glued to anything (`1日至15日`,
/// `3个工作日`, `5轴加工`) are text, wherever they stand (a wrapped line, the start of a
/// competency's text).
fn reads_as_number(level: Level, written: &str, glued_to: Option<char>) -> bool {
    let Some(next) = glued_to else {
        return false;
    };
    let digits = written.chars().filter(|c| c.is_ascii_digit()).count();
    !next.is_alphabetic() || digits < 2 * level.groups()
}

/// What placing the words of a line needs to know about the line (and the next): a
/// value made per line and handed down to the costs.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineCtx {
    /// Position of the line among the lines that placed something: a line that went
    /// wholly to strays (a leaked page number) does not part a cell's lines.
    pub pos: usize,
    /// Width of the first unit of the next line, when that line starts with words.
    pub next_lead: Option<usize>,
    /// Does the line end with a competency code whose text is yet to come?
    pub ends_with_bare_code: bool,
    /// Width of the words after the line's competency code, if any.
    pub text_w: Option<usize>,
}

/// What one line has done so far: reset at each line.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Visible characters of the line placed so far (the reconciliation check).
    pub accounted: usize,
    /// Visible characters of the line given to strays.
    pub strayed: usize,
    /// The first run of words on the line whose runner-up plan tied the best.
    pub tie: Option<usize>,
    /// Runs of words placed on the line so far.
    pub runs: usize,
    /// Cells that the line's tie left unsettled.
    pub tied_cells: Vec<(Level, usize)>,
}

pub(super) struct Table<'h> {
    pub(super) w: &'static Weights,
    pub(super) hints: &'h Hints,
    pub(super) course: u32,
    pub(super) layout: Layout,
    pub(super) cells: PerLevel<Vec<CellB>>,
    /// The open cell of each column.
    pub(super) cur: PerLevel<Option<usize>>,
    pub(super) rows: Vec<Row>,
    pub(super) strays: Vec<Stray>,
    /// Lines so far that went wholly to strays.
    pub(super) void: usize,
    /// Sum of the costs of every plan chosen so far.
    pub(super) spent: f64,
    /// The current line so far.
    pub(super) tally: Tally,
    /// Place run `.0` of the current line by its runner-up plan.
    pub(super) take_second: Option<usize>,
    /// Old values of the cells and rows changed since the last checkpoint.
    pub(super) journal: Option<Journal>,
}

impl<'h> Table<'h> {
    pub(super) fn new(hints: &'h Hints, course: u32, layout: Layout) -> Self {
        Table {
            w: &Weights::DEFAULT,
            hints,
            course,
            layout,
            cells: Default::default(),
            cur: PerLevel([None; 3]),
            rows: Vec::new(),
            strays: Vec::new(),
            void: 0,
            spent: 0.0,
            tally: Tally::default(),
            take_second: None,
            journal: None,
        }
    }

    pub(super) fn parse(mut self, lines: &[Line<'_>]) -> (Vec<ParsedRow>, Vec<Stray>, Vec<Vote>) {
        let content: Vec<(&Line<'_>, Vec<Item<'_>>)> = lines
            .iter()
            .filter(|l| !lexicon::is_continued(l.text) && !lexicon::is_table_header(l.text))
            .map(|l| (l, items(l.text)))
            .collect();
        let mut idx = 0;
        while idx < content.len() {
            let mark = self.checkpoint();
            self.line(idx, &content);
            // A tie on this line: read it both ways, and keep the way that reads the
            // next line more cheaply too.
            match self.tally.tie {
                Some(run) if idx + 1 < content.len() => {
                    self.line(idx + 1, &content);
                    let first = self.spent;
                    self.rollback(&mark);
                    self.take_second = Some(run);
                    self.line(idx, &content);
                    self.take_second = None;
                    let mut tied = std::mem::take(&mut self.tally.tied_cells);
                    self.line(idx + 1, &content);
                    let second = self.spent;
                    if second + self.w.lookahead_gain >= first {
                        self.rollback(&mark);
                        self.line(idx, &content);
                        tied = std::mem::take(&mut self.tally.tied_cells);
                        self.line(idx + 1, &content);
                    }
                    // The next line settled the tie by this much: what it taught the
                    // cells is worth a hint.
                    let settled = (first - second).abs().min(self.w.close_call);
                    for (level, i) in tied {
                        if let Some(cell) = self.cells[level].get_mut(i) {
                            cell.margin = settled;
                        }
                    }
                    idx += 2;
                }
                _ => idx += 1,
            }
            self.journal = None;
        }
        self.label_cells_without_rows();
        let cell = |level: Level, i: usize| self.cells[level][i].cell();
        let rows = self
            .rows
            .iter()
            .map(|r| ParsedRow {
                project: r[Level::Project].map(|i| cell(Level::Project, i)),
                task: r[Level::Task].map(|i| cell(Level::Task, i)),
                competency: cell(
                    Level::Competency,
                    r[Level::Competency].expect("rows have a competency"),
                ),
            })
            .collect();
        let votes = Level::ALL
            .into_iter()
            .flat_map(|level| self.cells[level].iter().map(move |c| (level, c)))
            .filter(|(_, c)| !c.text.is_empty())
            .map(|(level, c)| Vote {
                margin: c.margin,
                level,
                code: c.code.normalised.clone(),
                text: c.text.clone(),
                course: self.course,
                written: c.cell().code,
            })
            .collect();
        (rows, self.strays, votes)
    }

    /// A project or task label that no row sits under (`01-09 任务四` printed alone, its
    /// competencies missing or coded under another task) would vanish with its cell: it
    /// goes to the strays instead, code and name as printed, so a finding shows it. A label
    /// whose code another cell of its level holds with rows is a printing of that one.
    fn label_cells_without_rows(&mut self) {
        let mut orphans = Vec::new();
        for level in Level::NAMED {
            let mut used = vec![false; self.cells[level].len()];
            for i in self.rows.iter().filter_map(|r| r[level]) {
                used[i] = true;
            }
            let with_rows: std::collections::HashSet<&str> = self.cells[level]
                .iter()
                .zip(&used)
                .filter(|(_, &u)| u)
                .map(|(c, _)| c.code.normalised.as_str())
                .collect();
            for (c, _) in self.cells[level].iter().zip(&used).filter(|(_, &u)| !u) {
                if !with_rows.contains(c.code.normalised.as_str()) {
                    let text = format!("{} {}", c.written, c.text);
                    orphans.push((text.trim().to_string(), c.loc));
                }
            }
        }
        for (text, loc) in orphans {
            log::trace!("{}: label without rows {text:?}", loc.line);
            self.strays.push(Stray {
                text,
                loc,
                course_no: Some(self.course),
            });
        }
    }

    pub(super) fn current(&self, level: Level) -> Option<&CellB> {
        self.cur[level].map(|i| &self.cells[level][i])
    }

    /// The next code after item `k` of line `idx`, for deciding what a bare code is.
    fn next_code<'c>(content: &'c Content<'_, '_>, idx: usize, k: usize) -> Option<&'c Code> {
        let mut skip = k + 1;
        for (_, items) in &content[idx..] {
            for item in items.iter().skip(skip) {
                if let Item::Code { code, .. } = item {
                    return Some(code);
                }
            }
            skip = 0;
        }
        None
    }

    /// Could the open competency text take another line (its last line was full)?
    fn text_is_full(&self, pos: usize) -> bool {
        let cap = self.layout.caps[Level::Competency];
        self.current(Level::Competency).is_some_and(|c| {
            !c.text.is_empty()
                && pos.saturating_sub(c.last_line) <= self.w.max_gap
                && is_full(self.w, c.last_w, cap)
        })
    }

    /// Process one line, then check that every character of it was placed: in a cell,
    /// in a reprinted label, or in a stray.
    fn line(&mut self, idx: usize, content: &Content<'_, '_>) {
        self.tally = Tally::default();
        let pos = idx - self.void;
        let next_lead = content
            .get(idx + 1)
            .and_then(|(_, items)| match items.first() {
                Some(Item::Word { text, .. }) => Some(unit_width(text)),
                _ => None,
            });
        self.place_line(idx, pos, next_lead, content);
        let (line, _) = &content[idx];
        let printed = visible_chars(line.text);
        if self.tally.accounted != printed {
            let why = "text the parser could not account for";
            self.spent += self.w.stray;
            self.stray(line.text.trim(), line.loc, why);
        }
        if self.tally.strayed >= printed {
            self.void += 1;
        }
    }

    fn place_line(
        &mut self,
        idx: usize,
        pos: usize,
        next_lead: Option<usize>,
        content: &Content<'_, '_>,
    ) {
        let (line, items) = &content[idx];
        let mut items = items.clone();
        // Decide which codes really are codes here.
        let mut last_level: Option<Level> = None;
        let mut seen_word = false;
        // The character glued right after each item (no space between), if any.
        let glued: Vec<Option<char>> = (0..items.len())
            .map(|k| match items.get(k + 1) {
                Some(Item::Word { gap: "", text }) => text.chars().next(),
                _ => None,
            })
            .collect();
        for (k, item) in items.iter_mut().enumerate() {
            let Item::Code { written, code, gap } = item.clone() else {
                seen_word = true;
                continue;
            };
            let level = code.level;
            let in_order =
                last_level.is_none_or(|l| level > l) && last_level != Some(Level::Competency);
            let glued_to = glued[k];
            let keep = in_order
                && !(level < Level::Competency && reads_as_number(level, written, glued_to))
                && match level {
                    Level::Project => {
                        k == 0 && self.is_label(level, &code, (idx, k), pos, content, false)
                    }
                    Level::Task => {
                        last_level == Some(Level::Project)
                            || self.is_label(level, &code, (idx, k), pos, content, seen_word)
                    }
                    Level::Competency => true,
                };
            if keep {
                last_level = Some(level);
            } else {
                // A code that is text here keeps the white space printed before it
                // (none when glued), so the text reads exactly as printed.
                let gap = if k == 0 { "" } else { gap };
                *item = Item::Word { gap, text: written };
            }
        }
        reglue(line.text, &mut items);
        let is_competency =
            |i: &Item<'_>| matches!(i, Item::Code { code, .. } if code.level == Level::Competency);
        let text_w = items.iter().rposition(is_competency).map(|at| {
            let words: Vec<(&str, &str)> = items[at + 1..]
                .iter()
                .filter_map(|i| match i {
                    Item::Word { gap, text } => Some((*gap, *text)),
                    Item::Code { .. } => None,
                })
                .collect();
            tokens::width(&join_words(&words))
        });
        let ctx = LineCtx {
            pos,
            next_lead,
            ends_with_bare_code: items.last().is_some_and(is_competency),
            text_w,
        };
        // A lone number that is not a project label: a printed page number.
        if items.len() == 1 {
            if let Item::Word { text, .. } = items[0] {
                if lexicon::is_page_number(text) {
                    self.stray(text, line.loc, "a page number printed into the text");
                    return;
                }
            }
        }
        // Walk the items: codes open cells, words between them are assigned.
        let mut k = 0;
        let mut left: Option<Level> = None;
        while k < items.len() {
            match &items[k] {
                Item::Code { written, code, .. } => {
                    let level = code.level;
                    let loc = Loc::new(line.loc.page, line.loc.line);
                    self.open(level, code.clone(), written, loc, pos);
                    left = Some(level);
                    k += 1;
                }
                Item::Word { .. } => {
                    let end = (k..items.len())
                        .find(|&j| matches!(items[j], Item::Code { .. }))
                        .unwrap_or(items.len());
                    let right = items[end..].iter().find_map(|i| match i {
                        Item::Code { code, .. } => Some(code.level),
                        _ => None,
                    });
                    let words: Vec<(&str, &str)> = items[k..end]
                        .iter()
                        .map(|i| match i {
                            Item::Word { gap, text } => (*gap, *text),
                            Item::Code { .. } => unreachable!("words only"),
                        })
                        .collect();
                    self.assign(&words, (left, right), &ctx, line.loc);
                    k = end;
                }
            }
        }
    }

    /// Is a project or task code at item `k` of line `idx` a label, or text that looks
    /// like one (a page number, `10-15` inside a wrapped text)? A label repeats the open
    /// cell, is the parent of an open cell or of the next code, or names itself where no
    /// text is waiting for its next line.
    fn is_label(
        &self,
        level: Level,
        code: &Code,
        (idx, k): (usize, usize),
        pos: usize,
        content: &Content<'_, '_>,
        after_words: bool,
    ) -> bool {
        let (line, items) = &content[idx];
        // A bare number that ends a page is the page's number, whatever it matches.
        let page_ends = content
            .get(idx + 1)
            .is_some_and(|(next, _)| next.loc.page > line.loc.page);
        if level == Level::Project
            && items.len() == 1
            && page_ends
            && lexicon::is_page_number(line.text)
        {
            return false;
        }
        let repeats = self
            .current(level)
            .is_some_and(|c| c.code.normalised == code.normalised);
        let parent_of_open = Level::ALL
            .into_iter()
            .filter(|&l| l > level)
            .any(|l| self.current(l).is_some_and(|c| code.is_prefix_of(&c.code)));
        let parent_of_next = Self::next_code(content, idx, k).is_some_and(|n| code.is_prefix_of(n));
        let child_of_open = level == Level::Task
            && !after_words
            && self
                .current(Level::Project)
                .is_some_and(|p| p.code.is_prefix_of(code));
        if repeats || parent_of_open || parent_of_next || child_of_open {
            return true;
        }
        let named = matches!(
            items.get(k + 1),
            Some(Item::Word { .. }) | Some(Item::Code { .. })
        );
        named && !after_words && !self.text_is_full(pos) && !lexicon::is_page_number(line.text)
    }

    /// Leave `text` to a stray (`why` says why, for a reader of this code).
    pub(super) fn stray(&mut self, text: &str, loc: Loc, why: &str) {
        log::trace!("{}: stray {text:?}: {why}", loc.line);
        self.tally.accounted += visible_chars(text);
        self.tally.strayed += visible_chars(text);
        self.strays.push(Stray {
            text: text.to_string(),
            loc,
            course_no: Some(self.course),
        });
    }

    /// A code opens a new cell, re-opens the current one (a label printed again), or
    /// places a label printed after its first rows.
    fn open(&mut self, level: Level, code: Code, written: &str, loc: Loc, pos: usize) {
        self.tally.accounted += visible_chars(written);
        if let Some(i) = self.cur[level].filter(|&i| {
            level.is_named() && self.cells[level][i].code.normalised == code.normalised
        }) {
            let cell = self.cell_mut(level, i);
            if !cell.text.is_empty() {
                cell.reprint = Some(0);
            }
            cell.last_line = pos;
            return;
        }
        let parent = level.parent().and_then(|p| self.cur[p]);
        let cell = CellB::new(code, written, loc, pos, parent, self.w.close_call);
        let new = self.cells[level].len();
        let below = || Level::ALL.into_iter().filter(move |&l| l > level);
        let late = level.is_named()
            && (below().any(|l| {
                self.current(l)
                    .is_some_and(|c| cell.code.is_prefix_of(&c.code))
            }) || !self.adoptable(level, &cell.code).is_empty());
        self.cells[level].push(cell);
        self.cur[level] = Some(new);
        if level == Level::Competency {
            self.rows.push(PerLevel([
                self.cur[Level::Project],
                self.cur[Level::Task],
                Some(new),
            ]));
            return;
        }
        if late {
            self.adopt(level, new);
        } else {
            // A new label closes the cells below it.
            for l in below() {
                self.cur[l] = None;
            }
        }
    }

    /// A label printed after its first rows: give it the rows (and cells) above that are
    /// its children and sit under a cell that is not their parent.
    fn adopt(&mut self, level: Level, new: usize) {
        let code = self.cells[level][new].code.clone();
        if level == Level::Project {
            for t in (0..self.cells[Level::Task].len()).rev() {
                if !code.is_prefix_of(&self.cells[Level::Task][t].code) {
                    break;
                }
                self.cell_mut(Level::Task, t).parent = Some(new);
            }
        }
        for ri in self.adoptable(level, &code) {
            self.give_row(ri, level, new);
        }
    }

    /// The rows just above that a label of `level` printed after them takes: its children,
    /// and rows between them and the label whose own cell is not their parent either (a
    /// code out of its hierarchy, `17-04-01` under `17-03`).
    fn adoptable(&self, level: Level, code: &Code) -> Vec<usize> {
        let (mut taken, mut misfiled) = (Vec::new(), Vec::new());
        for ri in (0..self.rows.len()).rev() {
            let r = self.rows[ri];
            let comp =
                &self.cells[Level::Competency][r[Level::Competency].expect("competency")].code;
            let task_ok =
                r[Level::Task].is_some_and(|t| code.is_prefix_of(&self.cells[Level::Task][t].code));
            let child = code.is_prefix_of(comp) || (level == Level::Project && task_ok);
            if child {
                taken.append(&mut misfiled);
                taken.push(ri);
                continue;
            }
            let under_parent =
                r[level].is_some_and(|i| self.cells[level][i].code.is_prefix_of(comp));
            if under_parent || misfiled.len() >= self.w.max_misfiled {
                break;
            }
            misfiled.push(ri);
        }
        taken
    }

    /// Put row `ri` in label cell `new` of `level` (unless it sits in that cell already);
    /// a task takes its project along.
    fn give_row(&mut self, ri: usize, level: Level, new: usize) {
        let code = &self.cells[level][new].code;
        let has_own = self.rows[ri][level]
            .is_some_and(|i| self.cells[level][i].code.normalised == code.normalised);
        if has_own {
            return;
        }
        let parent = self.cells[Level::Task].get(new).and_then(|c| c.parent);
        let row = self.row_mut(ri);
        row[level] = Some(new);
        if level == Level::Task {
            if let Some(p) = parent {
                row[Level::Project] = Some(p);
            }
        }
    }
}

/// The tie lookahead's undo: see [`super::journal`].
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
        journal.undo(&mut self.cells, &mut self.rows);
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

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn codes_glued_to_symbols_or_short_are_numbers() {
        let t = Level::Task;
        let p = Level::Project;
        cases!(|(l, w, c): (Level, &str, Option<char>)| reads_as_number(l, w, c);
            "a label with a space": ((p, "01", None)) => false,
            "a label glued to its name": ((p, "01", Some('前'))) => false,
            "a task glued to its name": ((t, "01-02", Some('熟'))) => false,
            "a task glued to Latin": ((t, "01-02", Some('E'))) => false,
            "degrees": ((p, "26", Some('℃'))) => true,
            "per mille": ((p, "3", Some('‰'))) => true,
            "one digit glued to a character": ((p, "1", Some('日'))) => true,
            "a range": ((t, "3-5", Some('天'))) => true,
            "a percentage": ((p, "15", Some('%'))) => true,
        );
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
