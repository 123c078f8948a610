//! The table of one course: words of each line placed into cells.

use super::super::grammar::{self, Code};
use super::hints::{Hints, Vote};
use super::words::{inner_gap_cost, items, join_words, unit_width, visible_chars, wrap_unit, Item};
use super::{Line, LEVELS};
use crate::model::*;
use crate::vocab::Level;

/// Groups of words `[from, to)` and the column each goes to (`None`: stray).
type Plan = Vec<(usize, usize, Option<usize>)>;

/// Bounds of the split search, which grows exponentially with the words of a segment: the
/// fixture's segments have at most 3 words and need at most 30 steps, the generated layouts'
/// at most 5 words and 77 steps. A segment of more words is stray text; a search that
/// takes more steps keeps the best plan found so far. Without them a junk line of 40 words
/// took minutes and one of 200,000 overflowed the stack.
const MAX_SEARCH_WORDS: usize = 48;
const MAX_SEARCH_STEPS: usize = 10_000;

/// Cost of each word left to a stray.
const STRAY_COST: f64 = 20.0;

/// Two plans of a run of words closer than this are a tie, settled by reading the next
/// line both ways; the runner-up's way must read the two lines cheaper by this much.
const TIE: f64 = 0.3;
const LOOKAHEAD_GAIN: f64 = 0.5;

/// A group costing no more than this fits its column as a plain wrap would.
const PLAIN_WRAP: f64 = 2.0;

/// Two plans closer than this in cost are a close call.
pub(super) const CLOSE_CALL: f64 = 1.5;

/// How many of the cheapest plans a search keeps.
const KEEP: usize = 3;

/// The cheapest plans found, cheapest first (the first found first among equals).
#[derive(Default)]
struct Ranked {
    plans: Vec<(f64, Plan)>,
    /// Nodes of the search visited so far (bounded by [`MAX_SEARCH_STEPS`]).
    steps: usize,
}

impl Ranked {
    fn best(&self) -> Option<&(f64, Plan)> {
        self.plans.first()
    }

    fn second(&self) -> Option<&(f64, Plan)> {
        self.plans.get(1)
    }

    /// No plan from here can be kept (nor come close to the best).
    fn prunes(&self, cost: f64) -> bool {
        let over_best = self.best().is_some_and(|(b, _)| cost >= b + CLOSE_CALL);
        let over_kept =
            self.plans.len() == KEEP && self.plans.last().is_some_and(|(w, _)| cost >= *w);
        over_best || over_kept
    }

    fn offer(&mut self, cost: f64, plan: &Plan) {
        let at = self.plans.partition_point(|(c, _)| *c <= cost);
        if at < KEEP {
            self.plans.insert(at, (cost, plan.clone()));
            self.plans.truncate(KEEP);
        }
    }
}

/// A cell being built.
#[derive(Debug, Clone)]
struct CellB {
    code: Code,
    written: String,
    loc: Loc,
    text: String,
    /// Width of the last line of text appended.
    last_w: usize,
    /// Content-line index of the last fragment (or of the code).
    last_line: usize,
    /// While a repeated label is being printed again: how much of `text` it has shown.
    reprint: Option<usize>,
    parent: Option<usize>,
    /// The smallest margin by which a plan placing its fragments won ([`CLOSE_CALL`]
    /// when none was close).
    margin: f64,
    /// The name's only fragment so far was printed beside its code but could also have
    /// belonged to another cell: if the next fragment does not continue it, it goes there.
    provisional: Option<Provisional>,
}

/// Where a provisional name fragment goes back to.
#[derive(Debug, Clone, Copy)]
struct Provisional {
    /// Column and index of the other cell: the competency text, or the other name.
    level: usize,
    cell: usize,
    /// The other cell's text length when the fragment was placed (it must not change).
    len: usize,
    /// The other cell's text had not begun: the fragment would be its start, before
    /// what the same line gave it.
    start: bool,
}

impl CellB {
    fn cell(&self) -> Cell {
        Cell {
            code: RawCode {
                text: self.written.clone(),
                loc: self.loc,
            },
            text: self.text.clone(),
        }
    }
}

/// How wide a fragment may be beyond the measured width of its column before it looks
/// like another column's text, and how much room a full line may leave (CJK line breaking
/// moves a character down; fonts differ from the nominal widths).
/// How much room a full line may leave beside the next unit: CJK widths are even, so 1
/// means "did not fit", and an exact fit (fonts print full-width brackets narrower than
/// their nominal width) still counts.
const FIT_SLACK: f64 = 1.0;
/// Extra cost of each space inside a name: names are mostly CJK and rarely hold spaces,
/// texts often do.
const NAME_GAP: f64 = 1.2;
/// Extra cost of giving the words right after a code to another column than the code's.
const NOT_OWN: f64 = 1.5;
/// How many content lines a cell's next fragment may follow its previous one: other
/// columns' lines at other heights can fall in between.
const MAX_GAP: usize = 4;
/// The same for names: a label's lines are printed on consecutive visual lines, with at
/// most a line of another column's text at another height between them.
const MAX_NAME_GAP: usize = 2;
/// Extra cost of giving a label code the words beside it in a document that prints its
/// label codes alone.
const ALONE_BESIDE: f64 = 1.5;

/// Cost up to which another cell could as well have wrapped a name's first words.
const ALTERNATIVE_COST: f64 = 3.5;

/// Margin of a name's first words beside its code that another cell could have wrapped.
const PROVISIONAL_MARGIN: f64 = 0.75;

/// Extra cost of a name's first fragment wider than its column measured, but not wider
/// than the other name column.
const WIDER_THAN_MEASURED: f64 = 2.0;

/// How many rows out of their hierarchy a late label may reach over to its children.
const MAX_MISFILED: usize = 4;

/// Extra cost of continuing a project name, a task name, a competency text.
pub(super) const WRAP_PRIOR: [f64; LEVELS] = [0.6, 0.3, 0.0];

pub(super) struct Table<'h> {
    hints: &'h Hints,
    course: u32,
    cells: [Vec<CellB>; LEVELS],
    cur: [Option<usize>; LEVELS],
    rows: Vec<[Option<usize>; LEVELS]>,
    caps: [usize; LEVELS],
    /// Does the document print project (task) codes alone, their names below?
    alone: [bool; 2],
    /// Print each placement (`COMPMAP_DEBUG`).
    debug: bool,
    strays: Vec<Stray>,
    /// Visible characters of the current line placed so far (the reconciliation check).
    accounted: usize,
    /// Width of the first unit of the next line, when that line starts with words.
    next_lead: Option<usize>,
    /// Do the words being placed run to the end of their line?
    tail_segment: bool,
    /// Does the current line end with a competency code whose text is yet to come?
    ends_with_bare_code: bool,
    /// Width of the words after the line's competency code, if any.
    line_text_w: Option<usize>,
    /// Position of the current line among the lines that placed something: a line that
    /// went wholly to strays (a leaked page number) does not part a cell's lines.
    pos: usize,
    /// Lines so far that went wholly to strays.
    void: usize,
    /// Visible characters of the current line given to strays.
    strayed: usize,
    /// Sum of the costs of every plan chosen so far.
    spent: f64,
    /// The first run of words on the current line whose runner-up plan tied the best.
    tie: Option<usize>,
    /// Runs of words placed on the current line so far.
    runs: usize,
    /// Place run `.0` of the current line by its runner-up plan.
    take_second: Option<usize>,
    /// Old values of the cells and rows changed since the last [`Checkpoint`].
    journal: Option<Journal>,
    /// Cells that the current line's tie left unsettled.
    tied_cells: Vec<(usize, usize)>,
}

/// What a line can change, saved to read it another way: the lengths of the growing
/// lists, the small state, and (in the journal) the first old value of every cell or row
/// changed since.
struct Checkpoint {
    lens: [usize; LEVELS],
    rows: usize,
    strays: usize,
    cur: [Option<usize>; LEVELS],
    scalars: (usize, usize, f64),
}

#[derive(Default)]
struct Journal {
    cells: Vec<(usize, usize, CellB)>,
    rows: Vec<(usize, [Option<usize>; LEVELS])>,
}

impl<'h> Table<'h> {
    pub(super) fn new(
        hints: &'h Hints,
        course: u32,
        caps: [usize; LEVELS],
        alone: [bool; 2],
    ) -> Self {
        Table {
            hints,
            course,
            alone,
            debug: std::env::var_os("COMPMAP_DEBUG").is_some(),
            cells: Default::default(),
            cur: [None; LEVELS],
            rows: Vec::new(),
            caps,
            strays: Vec::new(),
            accounted: 0,
            next_lead: None,
            tail_segment: false,
            ends_with_bare_code: false,
            line_text_w: None,
            pos: 0,
            void: 0,
            strayed: 0,
            spent: 0.0,
            tie: None,
            runs: 0,
            take_second: None,
            journal: None,
            tied_cells: Vec::new(),
        }
    }

    pub(super) fn parse(mut self, lines: &[Line<'_>]) -> (Vec<ParsedRow>, Vec<Stray>, Vec<Vote>) {
        let content: Vec<(&Line<'_>, Vec<Item<'_>>)> = lines
            .iter()
            .filter(|l| !grammar::is_continued(l.text) && !grammar::is_table_header(l.text))
            .map(|l| (l, items(l.text)))
            .collect();
        let mut idx = 0;
        while idx < content.len() {
            let mark = self.checkpoint();
            self.line(idx, &content);
            // A tie on this line: read it both ways, and keep the way that reads the
            // next line more cheaply too.
            match self.tie {
                Some(run) if idx + 1 < content.len() => {
                    self.line(idx + 1, &content);
                    let first = self.spent;
                    self.rollback(&mark);
                    self.take_second = Some(run);
                    self.line(idx, &content);
                    self.take_second = None;
                    let mut tied = std::mem::take(&mut self.tied_cells);
                    self.line(idx + 1, &content);
                    let second = self.spent;
                    if second + LOOKAHEAD_GAIN >= first {
                        self.rollback(&mark);
                        self.line(idx, &content);
                        tied = std::mem::take(&mut self.tied_cells);
                        self.line(idx + 1, &content);
                    }
                    // The next line settled the tie by this much: what it taught the
                    // cells is worth a hint.
                    let settled = (first - second).abs().min(CLOSE_CALL);
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
        let rows = self
            .rows
            .iter()
            .map(|r| ParsedRow {
                project: r[0].map(|i| self.cells[0][i].cell()),
                task: r[1].map(|i| self.cells[1][i].cell()),
                competency: self.cells[2][r[2].expect("rows have a competency")].cell(),
            })
            .collect();
        let votes = self
            .cells
            .iter()
            .enumerate()
            .flat_map(|(level, cells)| cells.iter().map(move |c| (level, c)))
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

    /// Start saving what the next lines change.
    fn checkpoint(&mut self) -> Checkpoint {
        self.journal = Some(Journal::default());
        Checkpoint {
            lens: [0, 1, 2].map(|l| self.cells[l].len()),
            rows: self.rows.len(),
            strays: self.strays.len(),
            cur: self.cur,
            scalars: (self.pos, self.void, self.spent),
        }
    }

    /// Undo every change since `mark` (which stays valid, to undo again).
    fn rollback(&mut self, mark: &Checkpoint) {
        let journal = self.journal.replace(Journal::default()).unwrap_or_default();
        for (level, i, old) in journal.cells.into_iter().rev() {
            self.cells[level][i] = old;
        }
        for (r, old) in journal.rows.into_iter().rev() {
            self.rows[r] = old;
        }
        for l in 0..LEVELS {
            self.cells[l].truncate(mark.lens[l]);
        }
        self.rows.truncate(mark.rows);
        self.strays.truncate(mark.strays);
        self.cur = mark.cur;
        (self.pos, self.void, self.spent) = mark.scalars;
    }

    /// A cell to change, its old value journaled first.
    fn cell_mut(&mut self, level: usize, i: usize) -> &mut CellB {
        if let Some(j) = &mut self.journal {
            if !j.cells.iter().any(|(l, k, _)| (*l, *k) == (level, i)) {
                j.cells.push((level, i, self.cells[level][i].clone()));
            }
        }
        &mut self.cells[level][i]
    }

    /// A row to change, its old value journaled first.
    fn row_mut(&mut self, r: usize) -> &mut [Option<usize>; LEVELS] {
        if let Some(j) = &mut self.journal {
            if !j.rows.iter().any(|(k, _)| *k == r) {
                j.rows.push((r, self.rows[r]));
            }
        }
        &mut self.rows[r]
    }

    fn current(&self, level: usize) -> Option<&CellB> {
        self.cur[level].map(|i| &self.cells[level][i])
    }

    /// The next code after item `k` of line `idx`, for deciding what a bare code is.
    fn next_code<'c>(
        content: &'c [(&Line<'_>, Vec<Item<'_>>)],
        idx: usize,
        k: usize,
    ) -> Option<&'c Code> {
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
    fn text_is_full(&self, idx: usize) -> bool {
        self.current(2).is_some_and(|c| {
            !c.text.is_empty()
                && idx.saturating_sub(c.last_line) <= MAX_GAP
                && (c.last_w + 2) as f64 >= self.caps[2] as f64 - FIT_SLACK
        })
    }

    /// Process one line, then check that every character of it was placed: in a cell,
    /// in a reprinted label, or in a stray.
    fn line(&mut self, idx: usize, content: &[(&Line<'_>, Vec<Item<'_>>)]) {
        self.accounted = 0;
        self.strayed = 0;
        self.tie = None;
        self.runs = 0;
        self.tied_cells.clear();
        self.pos = idx - self.void;
        self.next_lead = content
            .get(idx + 1)
            .and_then(|(_, items)| match items.first() {
                Some(Item::Word { text, .. }) => Some(unit_width(text)),
                _ => None,
            });
        self.place_line(idx, content);
        let (line, _) = &content[idx];
        let printed = visible_chars(line.text);
        if self.accounted != printed {
            let why = "text the parser could not account for";
            self.spent += STRAY_COST;
            self.stray(line.text.trim(), line.loc, why);
        }
        if self.strayed >= printed {
            self.void += 1;
        }
    }

    fn place_line(&mut self, idx: usize, content: &[(&Line<'_>, Vec<Item<'_>>)]) {
        let (line, items) = &content[idx];
        let mut items = items.clone();
        // Decide which codes really are codes here.
        let mut last_level: Option<usize> = None;
        let mut seen_word = false;
        for (k, item) in items.iter_mut().enumerate() {
            let Item::Code { written, code } = item.clone() else {
                seen_word = true;
                continue;
            };
            let level = code.level.index();
            let in_order = last_level.is_none_or(|l| level > l) && last_level != Some(2);
            let keep = in_order
                && match level {
                    0 => k == 0 && self.is_label(0, &code, (idx, k), content, false),
                    1 => {
                        last_level == Some(0)
                            || self.is_label(1, &code, (idx, k), content, seen_word)
                    }
                    _ => true,
                };
            if keep {
                last_level = Some(level);
            } else {
                let gap = if k == 0 { "" } else { " " };
                *item = Item::Word { gap, text: written };
            }
        }
        self.ends_with_bare_code = matches!(items.last(), Some(Item::Code { code, .. }) if code.level == Level::Competency);
        self.line_text_w = items
            .iter()
            .rposition(|i| matches!(i, Item::Code { code, .. } if code.level == Level::Competency))
            .map(|at| {
                let words: Vec<(&str, &str)> = items[at + 1..]
                    .iter()
                    .filter_map(|i| match i {
                        Item::Word { gap, text } => Some((*gap, *text)),
                        Item::Code { .. } => None,
                    })
                    .collect();
                grammar::width(&join_words(&words))
            });
        // A lone number that is not a project label: a printed page number.
        if items.len() == 1 {
            if let Item::Word { text, .. } = items[0] {
                if grammar::is_page_number(text) {
                    self.stray(text, line.loc, "a page number printed into the text");
                    return;
                }
            }
        }
        // Walk the items: codes open cells, words between them are assigned.
        let mut k = 0;
        let mut left: Option<usize> = None;
        let mut code_locs = Vec::new();
        while k < items.len() {
            match &items[k] {
                Item::Code { written, code } => {
                    let level = code.level.index();
                    let loc = Loc::new(line.loc.page, line.loc.line);
                    self.open(level, code.clone(), written, loc, self.pos);
                    code_locs.push(level);
                    left = Some(level);
                    k += 1;
                }
                Item::Word { .. } => {
                    let end = (k..items.len())
                        .find(|&j| matches!(items[j], Item::Code { .. }))
                        .unwrap_or(items.len());
                    let right = items[end..].iter().find_map(|i| match i {
                        Item::Code { code, .. } => Some(code.level.index()),
                        _ => None,
                    });
                    let words: Vec<(&str, &str)> = items[k..end]
                        .iter()
                        .map(|i| match i {
                            Item::Word { gap, text } => (*gap, *text),
                            Item::Code { .. } => unreachable!("words only"),
                        })
                        .collect();
                    self.assign(&words, left, right, self.pos, line.loc);
                    k = end;
                }
            }
        }
    }

    /// Is a project (level 0) or task (level 1) code at item `k` of line `idx` a label,
    /// or text that looks like one (a page number, `10-15` inside a wrapped text)? A label
    /// repeats the open cell, is the parent of an open cell or of the next code, or names
    /// itself where no text is waiting for its next line.
    fn is_label(
        &self,
        level: usize,
        code: &Code,
        (idx, k): (usize, usize),
        content: &[(&Line<'_>, Vec<Item<'_>>)],
        after_words: bool,
    ) -> bool {
        let (line, items) = &content[idx];
        // A bare number that ends a page is the page's number, whatever it matches.
        let page_ends = content
            .get(idx + 1)
            .is_some_and(|(next, _)| next.loc.page > line.loc.page);
        if level == 0 && items.len() == 1 && page_ends && grammar::is_page_number(line.text) {
            return false;
        }
        let repeats = self
            .current(level)
            .is_some_and(|c| c.code.normalised == code.normalised);
        let parent_of_open = (level + 1..LEVELS)
            .any(|l| self.current(l).is_some_and(|c| code.is_prefix_of(&c.code)));
        let parent_of_next = Self::next_code(content, idx, k).is_some_and(|n| code.is_prefix_of(n));
        let child_of_open = level == 1
            && !after_words
            && self.current(0).is_some_and(|p| p.code.is_prefix_of(code));
        if repeats || parent_of_open || parent_of_next || child_of_open {
            return true;
        }
        let named = matches!(
            items.get(k + 1),
            Some(Item::Word { .. }) | Some(Item::Code { .. })
        );
        named && !after_words && !self.text_is_full(self.pos) && !grammar::is_page_number(line.text)
    }

    fn stray(&mut self, text: &str, loc: Loc, why: &str) {
        let _ = why;
        self.accounted += visible_chars(text);
        self.strayed += visible_chars(text);
        self.strays.push(Stray {
            text: text.to_string(),
            loc,
            course: Some(self.course),
        });
    }

    /// A code opens a new cell, re-opens the current one (a label printed again), or
    /// places a label printed after its first rows.
    fn open(&mut self, level: usize, code: Code, written: &str, loc: Loc, idx: usize) {
        self.accounted += visible_chars(written);
        if let Some(i) = self.cur[level]
            .filter(|&i| level < 2 && self.cells[level][i].code.normalised == code.normalised)
        {
            let cell = self.cell_mut(level, i);
            if !cell.text.is_empty() {
                cell.reprint = Some(0);
            }
            cell.last_line = idx;
            return;
        }
        let parent = if level == 0 {
            None
        } else {
            self.cur[level - 1]
        };
        let cell = CellB {
            code,
            written: written.to_string(),
            loc,
            text: String::new(),
            last_w: 0,
            last_line: idx,
            reprint: None,
            parent,
            margin: CLOSE_CALL,
            provisional: None,
        };
        let new = self.cells[level].len();
        let late = level < 2
            && ((level + 1..LEVELS).any(|l| {
                self.current(l)
                    .is_some_and(|c| cell.code.is_prefix_of(&c.code))
            }) || !self.adoptable(level, &cell.code).is_empty());
        self.cells[level].push(cell);
        self.cur[level] = Some(new);
        if level == 2 {
            self.rows.push([self.cur[0], self.cur[1], Some(new)]);
            return;
        }
        if late {
            self.adopt(level, new);
        } else {
            // A new label closes the cells below it.
            for l in level + 1..LEVELS {
                self.cur[l] = None;
            }
        }
    }

    /// A label printed after its first rows: give it the rows (and cells) above that are
    /// its children and sit under a cell that is not their parent.
    fn adopt(&mut self, level: usize, new: usize) {
        let code = self.cells[level][new].code.clone();
        if level == 0 {
            for t in (0..self.cells[1].len()).rev() {
                if !code.is_prefix_of(&self.cells[1][t].code) {
                    break;
                }
                self.cell_mut(1, t).parent = Some(new);
            }
        }
        for ri in self.adoptable(level, &code) {
            self.give_row(ri, level, new);
        }
    }

    /// The rows just above that a label of `level` printed after them takes: its children,
    /// and rows between them and the label whose own cell is not their parent either (a
    /// code out of its hierarchy, `17-04-01` under `17-03`).
    fn adoptable(&self, level: usize, code: &Code) -> Vec<usize> {
        let (mut taken, mut misfiled) = (Vec::new(), Vec::new());
        for ri in (0..self.rows.len()).rev() {
            let r = self.rows[ri];
            let comp = &self.cells[2][r[2].expect("competency")].code;
            let task_ok = r[1].is_some_and(|t| code.is_prefix_of(&self.cells[1][t].code));
            let child = code.is_prefix_of(comp) || (level == 0 && task_ok);
            if child {
                taken.append(&mut misfiled);
                taken.push(ri);
                continue;
            }
            let under_parent =
                r[level].is_some_and(|i| self.cells[level][i].code.is_prefix_of(comp));
            if under_parent || misfiled.len() >= MAX_MISFILED {
                break;
            }
            misfiled.push(ri);
        }
        taken
    }

    /// Put row `ri` in label cell `new` of `level` (unless it sits in that cell already).
    fn give_row(&mut self, ri: usize, level: usize, new: usize) {
        let code = &self.cells[level][new].code;
        let has_own = self.rows[ri][level]
            .is_some_and(|i| self.cells[level][i].code.normalised == code.normalised);
        if has_own {
            return;
        }
        let parent = self.cells[1].get(new).and_then(|c| c.parent);
        let row = self.row_mut(ri);
        row[level] = Some(new);
        if level == 1 {
            if let Some(p) = parent {
                row[0] = Some(p);
            }
        }
    }

    /// Give the words between two codes (or a line's edges) to cells. `left`/`right` are
    /// the levels of the codes around them; the words can only go to columns between.
    fn assign(
        &mut self,
        words: &[(&str, &str)],
        left: Option<usize>,
        right: Option<usize>,
        idx: usize,
        loc: Loc,
    ) {
        let lo = left.unwrap_or(0);
        let hi = right.unwrap_or(LEVELS); // exclusive
        self.tail_segment = right.is_none();
        let cols: Vec<usize> = (lo..hi).filter(|&c| self.cur[c].is_some()).collect();
        let forced = left;
        if words.len() > MAX_SEARCH_WORDS {
            self.stray(&join_words(words), loc, "too many words to place");
            return;
        }
        // Try every split of the words into consecutive groups going to increasing columns.
        let mut ranked = Ranked::default();
        let mut plan = Vec::new();
        self.search(words, 0, &cols, 0, forced, idx, 0.0, &mut plan, &mut ranked);
        self.mark_close_calls(words, &ranked, forced, idx);
        if self.debug {
            let show = |r: &Option<(f64, Plan)>| {
                r.as_ref()
                    .map(|(c, p)| format!("{c:.2} {p:?}"))
                    .unwrap_or_default()
            };
            let each: Vec<String> = cols
                .iter()
                .map(|&c| format!("{c}:{:.2}", self.cost(c, words, idx, forced == Some(c))))
                .collect();
            eprintln!(
                "{}: {:?} -> {} | runner-up {} | all words to [{}]",
                loc.line,
                join_words(words),
                show(&ranked.best().cloned()),
                show(&ranked.second().cloned()),
                each.join(" ")
            );
        }
        let run = self.runs;
        self.runs += 1;
        if let (Some((b, _)), Some((second, _))) = (ranked.best(), ranked.second()) {
            if second - b < TIE && self.tie.is_none() {
                self.tie = Some(run);
            }
        }
        let pick = if self.take_second == Some(run) && ranked.plans.len() > 1 {
            1
        } else {
            0
        };
        let chosen = ranked.plans.into_iter().nth(pick);
        let Some((cost, plan)) = chosen else {
            let text = join_words(words);
            self.stray(&text, loc, "fits no cell");
            return;
        };
        self.spent += cost;
        let mut provisional = None;
        for (from, to, col) in plan {
            let text = join_words(&words[from..to]);
            let Some(c) = col else {
                self.stray(&text, loc, "fits no cell");
                continue;
            };
            // A name's first words beside its code that another open cell could as well
            // have wrapped stay provisional.
            let other = (from == 0 && forced == Some(c))
                .then(|| self.wrap_alternative(c, &words[from..to], idx))
                .flatten();
            self.append(c, &text, idx);
            if let (Some(o), Some(i), Some(oi)) =
                (other, self.cur[c], other.and_then(|o| self.cur[o]))
            {
                let start = self.cells[o][oi].text.is_empty();
                provisional = Some((c, i, o, oi, start));
            }
        }
        // Set once the whole run is placed: the other cell may have got words after it.
        if let Some((c, i, level, cell, start)) = provisional {
            let len = self.cells[level][cell].text.len();
            // Either reading may stand: neither teaches much.
            let name = self.cell_mut(c, i);
            name.provisional = Some(Provisional {
                level,
                cell,
                len,
                start,
            });
            name.margin = name.margin.min(PROVISIONAL_MARGIN);
            let other = self.cell_mut(level, cell);
            other.margin = other.margin.min(PROVISIONAL_MARGIN);
        }
    }

    /// The other open cell (the competency text, or the other name) that could as well
    /// have wrapped `group`, a name's first words printed beside its code: its last line
    /// is above and the words fit it as a wrap. The cheaper of the two.
    fn wrap_alternative(&self, col: usize, group: &[(&str, &str)], idx: usize) -> Option<usize> {
        if col >= 2 || !self.current(col).is_some_and(|c| c.text.is_empty()) {
            return None;
        }
        [2, 1 - col]
            .into_iter()
            .filter(|&o| {
                self.current(o)
                    .is_some_and(|x| x.last_line < idx && (o == 2 || !x.text.is_empty()))
            })
            .map(|o| (o, self.cost(o, group, idx, false)))
            .filter(|&(_, cost)| cost <= ALTERNATIVE_COST)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(o, _)| o)
    }

    /// Every kept plan almost as cheap as the best makes the cells the two fill
    /// differently uncertain: their margin drops to the difference, so they teach the
    /// next pass little. Two plans whose every group fits its column as a plain wrap (a
    /// width tie) are not told apart by the layout at all, whatever their costs say:
    /// margin 0.
    fn mark_close_calls(
        &mut self,
        words: &[(&str, &str)],
        ranked: &Ranked,
        forced: Option<usize>,
        idx: usize,
    ) {
        let Some((best, a)) = ranked.best() else {
            return;
        };
        // Every group continues a cell whose line was full: a plain wrap.
        let plausible = |plan: &Plan| {
            plan.iter().all(|&(from, to, col)| {
                col.is_some_and(|c| {
                    let group = &words[from..to];
                    let own = from == 0 && forced == Some(c);
                    let continues = self.current(c).is_some_and(|x| !x.text.is_empty());
                    continues && self.cost(c, group, idx, own) + inner_gap_cost(group) <= PLAIN_WRAP
                })
            })
        };
        let text_of = |plan: &Plan, col: usize| -> Vec<String> {
            plan.iter()
                .filter(|g| g.2 == Some(col))
                .map(|g| join_words(&words[g.0..g.1]))
                .collect()
        };
        let mut lowered: Vec<(usize, usize, f64, bool)> = Vec::new();
        for (other, b) in ranked.plans.iter().skip(1) {
            if other - best >= CLOSE_CALL {
                continue;
            }
            let margin = if plausible(a) && plausible(b) {
                0.0
            } else {
                other - best
            };
            for col in 0..LEVELS {
                if text_of(a, col) != text_of(b, col) {
                    if let Some(i) = self.cur[col] {
                        lowered.push((col, i, margin, other - best < TIE));
                    }
                }
            }
        }
        for (col, i, margin, tied) in lowered {
            let cell = self.cell_mut(col, i);
            cell.margin = cell.margin.min(margin);
            if tied && !self.tied_cells.contains(&(col, i)) {
                self.tied_cells.push((col, i));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        words: &[(&str, &str)],
        start: usize,
        cols: &[usize],
        col_from: usize,
        forced: Option<usize>,
        idx: usize,
        cost: f64,
        plan: &mut Plan,
        best: &mut Ranked,
    ) {
        best.steps += 1;
        if best.prunes(cost) || best.steps > MAX_SEARCH_STEPS {
            return;
        }
        if start == words.len() {
            let cost = cost + self.lookahead(words, plan, forced);
            best.offer(cost, plan);
            return;
        }
        for end in start + 1..=words.len() {
            let group = &words[start..end];
            let inner = inner_gap_cost(group);
            let choices: Vec<Option<usize>> = cols[col_from.min(cols.len())..]
                .iter()
                .map(|&c| Some(c))
                .chain([None])
                .collect();
            for choice in choices {
                let own = start == 0 && forced.is_some() && forced == choice;
                let mut c = match choice {
                    Some(col) => self.cost(col, group, idx, own),
                    None => STRAY_COST * group.len() as f64,
                };
                // A name whose code stood alone on the line before is due now: its first
                // fragment may come right after another code.
                // So may a label printed again that the words repeat.
                let text = join_words(group);
                let due = choice.is_some_and(|col| {
                    col < 2
                        && self.current(col).is_some_and(|cell| {
                            let waiting =
                                cell.text.is_empty() && idx.saturating_sub(cell.last_line) == 1;
                            let repeated = cell
                                .reprint
                                .is_some_and(|at| cell.text[at..].starts_with(text.as_str()));
                            waiting || repeated
                        })
                });
                let own_alone = forced.is_some_and(|f| f < 2 && self.alone[f]);
                if start == 0 && forced.is_some() && !own && !due && !own_alone {
                    c += NOT_OWN;
                }
                if choice.is_some_and(|col| col < 2) {
                    c += NAME_GAP * (group.len() - 1) as f64;
                }
                if !c.is_finite() {
                    continue;
                }
                let next_from = match choice {
                    Some(col) => cols
                        .iter()
                        .position(|&x| x == col)
                        .map_or(cols.len(), |p| p + 1),
                    None => col_from,
                };
                plan.push((start, end, choice));
                self.search(
                    words,
                    end,
                    cols,
                    next_from,
                    forced,
                    idx,
                    cost + c + inner,
                    plan,
                    best,
                );
                plan.pop();
            }
        }
    }

    /// Cost of appending `group` to the open cell of column `col`.
    /// A name's first fragment beside its code, when the next line opens with words
    /// that would have fitted beside it and that the competency text cannot take (its
    /// line is not full): the fragment is probably another column's tail, and the name
    /// comes on the next line.
    fn lookahead(&self, words: &[(&str, &str)], plan: &Plan, forced: Option<usize>) -> f64 {
        let Some(lead) = self.next_lead else {
            return 0.0;
        };
        let Some(&(from, to, Some(col))) = plan.first() else {
            return 0.0;
        };
        if col >= 2 || forced != Some(col) || !self.current(col).is_some_and(|c| c.text.is_empty())
        {
            return 0.0;
        }
        let name_w = grammar::width(&join_words(&words[from..to]));
        // The competency text that the next line could continue: this line's, or (when
        // no competency code follows on this line) the open one's.
        let text_w = match plan.iter().rev().find(|g| g.2 == Some(2)) {
            Some(&(f, t, _)) => Some(grammar::width(&join_words(&words[f..t]))),
            None if self.tail_segment => self.current(2).map(|c| c.last_w),
            // The text after the competency code that follows on this line.
            None => self.line_text_w,
        };
        // A competency code that ends the line has its text on the next line.
        let text_takes_it = text_w
            .is_some_and(|w| (w + lead) as f64 > self.caps[2] as f64 - FIT_SLACK)
            || (!self.tail_segment && self.ends_with_bare_code);
        let fits_beside = (name_w + lead) as f64 + FIT_SLACK <= self.caps[col] as f64;
        if fits_beside && !text_takes_it {
            4.0
        } else {
            0.0
        }
    }

    fn cost(&self, col: usize, group: &[(&str, &str)], idx: usize, forced: bool) -> f64 {
        let Some(cell) = self.current(col) else {
            return f64::INFINITY;
        };
        let text = join_words(group);
        let w = grammar::width(&text);
        let cap = self.caps[col];
        let too_wide = col < 2 && w as f64 > cap as f64 + FIT_SLACK;
        // A label printed again shows its name again: other words beside its code are
        // rarely more of that name.
        let mut unlike_reprint = 0.0;
        if let Some(cursor) = cell.reprint {
            if cell.text[cursor..].starts_with(text.as_str()) {
                return 0.0;
            }
            if cursor == 0 {
                unlike_reprint = 2.0;
            }
        }
        if self.repairable(col, &text) {
            return 1.7;
        }
        let hint = self.hints.get(col, &cell.code.normalised);
        let mut cost = if cell.text.is_empty() {
            let gap = idx.saturating_sub(cell.last_line);
            if gap > MAX_GAP && !forced {
                return f64::INFINITY;
            }
            // A name starts beside its code (it may wait a line) or on the next line.
            match (col < 2, gap) {
                // In a document that prints label codes alone, words beside one are
                // mostly another column's.
                (true, 0) if self.alone[col] => 0.5 + ALONE_BESIDE,
                (true, 0) => 0.5,
                (true, 1) => 0.0,
                (true, g) => 1.5 * (g - 1) as f64,
                (false, g) => 0.2 * g as f64,
            }
        } else {
            let gap = idx.saturating_sub(cell.last_line);
            if gap > if col < 2 { MAX_NAME_GAP } else { MAX_GAP } {
                return f64::INFINITY;
            }
            let used = cell.last_w + wrap_unit(&cell.text, &text);
            let slack = cap as f64 - used as f64;
            // Did not fit: a wrap. Fitted by a little: line-breaking rules (a bracket kept
            // with its neighbour) or font metrics may still have wrapped it. Fitted by
            // much: not this cell's next line.
            let base = if slack <= FIT_SLACK {
                1.0 + (slack + 2.0).max(0.0) * 0.25
            } else if slack <= 4.0 {
                2.0 + (slack - FIT_SLACK) * 0.5
            } else {
                8.0 + slack * 0.1
            };
            // Texts wrap far more often than task names, task names more than project
            // names: on equal geometry, prefer the deeper column.
            // A name's next line is normally the very next line; a line of another
            // column at another height may fall between.
            let skipped = if col < 2 {
                gap.saturating_sub(1) as f64
            } else {
                0.0
            };
            base + 0.1 * gap as f64 + skipped + WRAP_PRIOR[col]
        };
        cost += unlike_reprint + self.steals_hinted_tail(col, &text, idx);
        if too_wide {
            // A cell waiting for its name takes it anyway; a continuation cannot be wider
            // than its column. A column whose names all fit on one line measures narrower
            // than it is: a first fragment as wide as the other name column's widest is
            // only a little suspect.
            let name_cap = self.caps[0].max(self.caps[1]) as f64 + FIT_SLACK;
            cost += match (cell.text.is_empty(), w as f64 <= name_cap) {
                (true, true) => WIDER_THAN_MEASURED,
                (true, false) => 6.0,
                (false, _) => 30.0,
            };
        }
        if let Some(h) = hint {
            let mut joined = cell.text.clone();
            grammar::join_wrapped(&mut joined, &text);
            if h == joined {
                // The fragment completes the name other courses give this code.
                cost -= 1.5;
            } else if h.starts_with(joined.as_str()) {
                cost -= 0.5;
            } else if !cell.text.is_empty() && h == cell.text {
                cost += 8.0;
            } else if col < 2 {
                // Other courses name this code otherwise: the same code has the same name.
                cost += if cell.text.is_empty() { 4.0 } else { 1.0 };
            }
        }
        cost.max(0.0)
    }

    /// Extra cost of giving `text` to column `col` when it starts with the tail that
    /// other courses give another open name, whose line above it could have continued.
    fn steals_hinted_tail(&self, col: usize, text: &str, idx: usize) -> f64 {
        let steals = (0..2).filter(|&n| n != col).any(|n| {
            self.current(n).is_some_and(|cell| {
                let recent =
                    !cell.text.is_empty() && idx.saturating_sub(cell.last_line) <= MAX_NAME_GAP;
                let tail = self
                    .hints
                    .get(n, &cell.code.normalised)
                    .and_then(|h| h.strip_prefix(cell.text.as_str()))
                    .filter(|t| !t.is_empty());
                recent && tail.is_some_and(|t| text.starts_with(t))
            })
        });
        if steals {
            1.5
        } else {
            0.0
        }
    }

    /// Does `text` fail to continue a provisional name, whose fragment should then go
    /// back to the competency text it could have ended?
    fn repairable(&self, col: usize, text: &str) -> bool {
        let Some(cell) = self.current(col) else {
            return false;
        };
        let Some(Provisional {
            level,
            cell: ci,
            len,
            start,
        }) = cell.provisional
        else {
            return false;
        };
        // A label printed again repeats its name; that continues nothing.
        if cell
            .reprint
            .is_some_and(|at| cell.text[at..].starts_with(text))
        {
            return false;
        }
        let Some(other) = self.cells[level].get(ci).filter(|c| c.text.len() == len) else {
            return false;
        };
        // The name's line had room for the next fragment: it did not wrap there. Or it
        // fitted exactly (a wrap only by font metrics) while the other cell's line was
        // plainly full; or it overflowed by one unit, which a measured width (a lower
        // bound: CJK lines are even, a column may be odd) cannot tell from a fit, while
        // the other line overflowed by more.
        let slack = self.caps[col] as f64 - (cell.last_w + wrap_unit(&cell.text, text)) as f64;
        if start {
            // A text that had not begun could as well begin there: the name's room alone
            // decides.
            return slack > FIT_SLACK;
        }
        let text_slack =
            self.caps[level] as f64 - (other.last_w + wrap_unit(&other.text, &cell.text)) as f64;
        slack > 4.0 || (slack >= 0.0 && text_slack < 0.0) || (slack >= -1.0 && text_slack < -1.0)
    }

    fn append(&mut self, col: usize, text: &str, idx: usize) {
        let Some(i) = self.cur[col] else { return };
        self.accounted += visible_chars(text);
        if self.repairable(col, text) {
            if let Some(p) = self.cells[col][i].provisional {
                let moved = std::mem::take(&mut self.cell_mut(col, i).text);
                let other = self.cell_mut(p.level, p.cell);
                if p.start {
                    // Printed before the other cell's words on the same line, a space apart.
                    let rest = std::mem::take(&mut other.text);
                    other.last_w += grammar::width(&moved) + usize::from(!rest.is_empty());
                    other.text = if rest.is_empty() {
                        moved
                    } else {
                        format!("{moved} {rest}")
                    };
                } else {
                    grammar::join_wrapped(&mut other.text, &moved);
                }
                other.margin = 0.0;
                self.cell_mut(col, i).margin = 0.0;
            }
        } else if let Some(Provisional {
            level,
            cell: ci,
            len,
            start,
        }) = self.cells[col][i].provisional
        {
            // The name goes on; the other cell could as well have ended (or begun) with
            // its first fragment (its line was full, or it had not begun): a tie that
            // teaches nothing.
            let cell = &self.cells[col][i];
            let other_full = self.cells[level].get(ci).is_some_and(|o| {
                o.text.len() == len
                    && (start
                        || ((o.last_w + wrap_unit(&o.text, &cell.text)) as f64)
                            > self.caps[level] as f64)
            });
            if other_full {
                self.cell_mut(level, ci).margin = 0.0;
                self.cell_mut(col, i).margin = 0.0;
            }
        }
        let cell = self.cell_mut(col, i);
        cell.provisional = None;
        if let Some(cursor) = cell.reprint {
            if cell.text[cursor..].starts_with(text) {
                let next = cursor + text.len();
                cell.reprint = (next < cell.text.len()).then_some(next);
                cell.last_w = grammar::width(text);
                cell.last_line = idx;
                return;
            }
            cell.reprint = None;
        }
        grammar::join_wrapped(&mut cell.text, text);
        cell.last_w = grammar::width(text);
        cell.last_line = idx;
    }
}
