//! Parsing a text dump (the text layer of a PDF, one visual line per line).
//!
//! Takes the lines of a [`crate::extract::TextDump`]; gives a [`ParsedDocument`].
//!
//! A text layer prints, line by line from the top of each page, the fragments of every
//! table column that has text at that height, left to right. The parser puts the
//! fragments back into cells:
//!
//! - Each line is split into codes and words ([`grammar::tokenize`]). Codes stand in
//!   column order on a line (project, task, competency); a project code only starts a line.
//! - A code opens its cell (or re-opens it, when a merged label is printed again after a
//!   page break, or when a label is printed after its first rows).
//! - Words are given to the open cells by the geometry of wrapping: a fragment continues a
//!   cell only if that cell's previous line was full, i.e. the fragment's first unit did not
//!   fit beside it. Column widths are measured on the document itself (the widest first
//!   line printed beside a code). Among several plausible cells the cheapest wins; a space
//!   between two CJK characters is more likely a column gap than text.
//! - The parse runs twice: the names seen in the first pass (the same code has the same
//!   name in every course) break ties in the second.
//! - Text that fits no cell (a leaked page number, a lone fragment) becomes a
//!   [`Stray`].

use super::grammar::{self, Code, Token};
use crate::model::*;
use std::collections::HashMap;

/// Parse the lines of a text dump (line `i` of the file is `lines[i - 1]`).
pub fn parse_lines(lines: &[String]) -> ParsedDocument {
    let first = Parser::new(lines, Hints::default()).run();
    let hints = Hints::from_document(&first);
    Parser::new(lines, hints).run()
}

/// Column indexes: 0 project name, 1 task name, 2 competency text.
const LEVELS: usize = 3;

/// Names and texts seen per code in a first pass; ties are broken towards them.
#[derive(Default)]
struct Hints {
    names: HashMap<(usize, String), String>,
}

impl Hints {
    fn from_document(doc: &ParsedDocument) -> Self {
        let mut counts: HashMap<(usize, String), HashMap<String, usize>> = HashMap::new();
        for course in &doc.courses {
            for row in &course.rows {
                let cells = [&row.project, &row.task, &Some(row.competency.clone())];
                for (level, cell) in cells.into_iter().enumerate() {
                    if let Some(cell) = cell {
                        if let Some(code) = grammar::classify(&cell.code.text) {
                            *counts
                                .entry((level, code.normalised))
                                .or_default()
                                .entry(cell.text.clone())
                                .or_default() += 1;
                        }
                    }
                }
            }
        }
        let names = counts
            .into_iter()
            .filter_map(|(k, texts)| {
                let mut v: Vec<_> = texts.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v.into_iter().next().map(|(t, _)| (k, t))
            })
            .collect();
        Hints { names }
    }

    fn get(&self, level: usize, code: &str) -> Option<&str> {
        self.names
            .get(&(level, code.to_string()))
            .map(String::as_str)
    }
}

/// A line of the dump with its location.
struct Line<'a> {
    text: &'a str,
    loc: Loc,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    hints: Hints,
}

impl<'a> Parser<'a> {
    fn new(raw: &'a [String], hints: Hints) -> Self {
        let mut lines = Vec::new();
        let mut page = 1u32;
        let mut seen_content = false;
        for (i, text) in raw.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            // A line starting with one space starts a page in the usual dumps (not always:
            // a wrapped English word can start with a space too, so pages are best effort).
            let spaced = text.starts_with(' ') && !text.starts_with("  ");
            if seen_content && spaced {
                page += 1;
            }
            seen_content = true;
            lines.push(Line {
                text,
                loc: Loc::new(page, i as u32 + 1),
            });
        }
        Parser { lines, hints }
    }

    fn run(&self) -> ParsedDocument {
        let mut doc = ParsedDocument {
            pages: self.lines.last().map_or(0, |l| l.loc.page),
            ..Default::default()
        };
        let starts: Vec<usize> = (0..self.lines.len())
            .filter(|&i| grammar::title(self.lines[i].text).is_some())
            .collect();
        if let Some(first) = self.lines.first() {
            doc.title = first.text.trim().to_string();
        }
        // Column widths are a property of the document's layout: measure them on every
        // table line, so a course whose names never wrap still knows the width.
        let all: Vec<(&Line<'_>, Vec<Item<'_>>)> = self
            .lines
            .iter()
            .filter(|l| !grammar::is_continued(l.text) && !grammar::is_table_header(l.text))
            .map(|l| (l, items(l.text)))
            .collect();
        let caps = measure_caps(&all);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(self.lines.len());
            let course = self.course(&self.lines[start..end], caps, &mut doc.strays);
            doc.courses.push(course);
        }
        doc
    }

    /// One course section: title, header block, table.
    fn course(
        &self,
        lines: &[Line<'a>],
        caps: [usize; LEVELS],
        strays: &mut Vec<Stray>,
    ) -> ParsedCourse {
        let title = grammar::title(lines[0].text).expect("sections start at a title");
        let mut course = ParsedCourse {
            number: title.number,
            category: title.category.clone(),
            name: title.name.clone(),
            loc: lines[0].loc,
            ..Default::default()
        };
        let mut i = 1;
        if !title.complete {
            // The title's suffix wrapped onto the next line.
            if let Some(next) = lines.get(1) {
                let t = next.text.trim();
                if !t.is_empty() && grammar::TITLE_SUFFIX.ends_with(t) {
                    i = 2;
                }
            }
        }
        let header_end = (i..lines.len())
            .find(|&j| grammar::is_table_header(lines[j].text))
            .unwrap_or(lines.len());
        self.header_block(&lines[i..header_end], &mut course, strays);
        if header_end < lines.len() {
            let table = &lines[header_end + 1..];
            let (rows, table_strays) = Table::new(&self.hints, course.number, caps).parse(table);
            course.rows = rows;
            strays.extend(table_strays);
        }
        course
    }

    /// The header block between the title and the table: checkboxes, course name,
    /// description (with its wrapped label), extra labels.
    fn header_block(&self, lines: &[Line<'a>], course: &mut ParsedCourse, strays: &mut Vec<Stray>) {
        let mut label_rest: &str = grammar::DESCRIPTION_LABEL;
        let mut description: Vec<&str> = Vec::new();
        let mut name_pending = false;
        let mut seen_name = false;
        for line in lines {
            let t = line.text.trim();
            if let Some(boxes) = grammar::checkboxes(t) {
                course.level = boxes.level;
                course.checked = boxes
                    .boxes
                    .into_iter()
                    .filter(|(ticked, _)| *ticked)
                    .map(|(_, label)| label)
                    .collect();
                continue;
            }
            if !seen_name {
                if let Some(name) = grammar::course_name(t) {
                    seen_name = true;
                    if name.is_empty() {
                        name_pending = true;
                    } else {
                        course.name = name.to_string();
                    }
                    continue;
                }
            }
            if name_pending {
                course.name = t.to_string();
                name_pending = false;
                continue;
            }
            // The description label wraps in its narrow cell; its pieces are not content.
            if !label_rest.is_empty() {
                if let Some(rest) = strip_label_piece(t, label_rest) {
                    let used = t.len() - rest.len();
                    let piece = t[..used].trim_end();
                    label_rest = &label_rest[piece.len().min(label_rest.len())..];
                    if !rest.trim().is_empty() {
                        description.push(rest.trim());
                    }
                    continue;
                }
            }
            if grammar::is_continued(t) {
                continue;
            }
            description.push(t);
            let _ = line.loc;
        }
        let (desc, labels) = split_description(&description);
        course.description = desc;
        for label in labels {
            course.labels.push(label.to_string());
        }
        let _ = strays;
    }
}

/// If `line` starts with a non-empty prefix of `label` that is either the whole remaining
/// label or the whole line (or followed by a space), return the rest of the line.
fn strip_label_piece<'l>(line: &'l str, label: &str) -> Option<&'l str> {
    let mut best = None;
    for (end, _) in label.char_indices().skip(1).chain([(label.len(), ' ')]) {
        let piece = &label[..end];
        if let Some(rest) = line.strip_prefix(piece) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) || end == label.len() {
                best = Some(rest);
            }
        }
    }
    best
}

/// The description paragraph ends at a short line closing a sentence; short lines after
/// it are header labels (not content).
fn split_description<'l>(lines: &[&'l str]) -> (String, Vec<&'l str>) {
    let full = lines.iter().map(|l| grammar::width(l)).max().unwrap_or(0);
    let mut end = lines.len();
    for (k, l) in lines.iter().enumerate() {
        let closes = l.ends_with(['。', '！', '？', '.', '!', '?']);
        if closes && grammar::width(l) + 4 <= full {
            end = k + 1;
            break;
        }
    }
    let mut desc = String::new();
    for l in &lines[..end] {
        grammar::join_wrapped(&mut desc, l);
    }
    let mut labels = Vec::new();
    for l in &lines[end..] {
        let is_label = grammar::width(l) <= 24 && !l.contains(['。', '，', '；']);
        if is_label {
            labels.push(*l);
        } else {
            grammar::join_wrapped(&mut desc, l);
        }
    }
    (desc, labels)
}

/// Groups of words `[from, to)` and the column each goes to (`None`: stray).
type Plan = Vec<(usize, usize, Option<usize>)>;

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

/// An item of a table line after tokenising.
#[derive(Debug, Clone)]
enum Item<'a> {
    Code { written: &'a str, code: Code },
    Word { gap: &'a str, text: &'a str },
}

/// How wide a fragment may be beyond the measured width of its column before it looks
/// like another column's text, and how much room a full line may leave (CJK line breaking
/// moves a character down; fonts differ from the nominal widths).
const TOLERANCE: usize = 3;
/// How many content lines a cell's next fragment may follow its previous one: other
/// columns' lines at other heights can fall in between.
const MAX_GAP: usize = 4;
/// Extra cost of continuing a project name, a task name, a competency text.
const WRAP_PRIOR: [f64; LEVELS] = [0.6, 0.3, 0.0];

struct Table<'h> {
    hints: &'h Hints,
    course: u32,
    cells: [Vec<CellB>; LEVELS],
    cur: [Option<usize>; LEVELS],
    rows: Vec<[Option<usize>; LEVELS]>,
    caps: [usize; LEVELS],
    strays: Vec<Stray>,
}

impl<'h> Table<'h> {
    fn new(hints: &'h Hints, course: u32, caps: [usize; LEVELS]) -> Self {
        Table {
            hints,
            course,
            cells: Default::default(),
            cur: [None; LEVELS],
            rows: Vec::new(),
            caps,
            strays: Vec::new(),
        }
    }

    fn parse(mut self, lines: &[Line<'_>]) -> (Vec<ParsedRow>, Vec<Stray>) {
        let content: Vec<(&Line<'_>, Vec<Item<'_>>)> = lines
            .iter()
            .filter(|l| !grammar::is_continued(l.text) && !grammar::is_table_header(l.text))
            .map(|l| (l, items(l.text)))
            .collect();
        for idx in 0..content.len() {
            self.line(idx, &content);
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
        (rows, self.strays)
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
                && c.last_w + 2 + TOLERANCE > self.caps[2]
        })
    }

    fn line(&mut self, idx: usize, content: &[(&Line<'_>, Vec<Item<'_>>)]) {
        let (line, items) = &content[idx];
        let mut items = items.clone();
        // Decide which codes really are codes here.
        let mut last_level: Option<usize> = None;
        let mut seen_word = false;
        for k in 0..items.len() {
            let Item::Code { written, code } = items[k].clone() else {
                seen_word = true;
                continue;
            };
            let level = code.level - 1;
            let in_order = last_level.is_none_or(|l| level > l) && last_level != Some(2);
            let keep = in_order
                && match level {
                    0 => k == 0 && self.project_is_label(&code, idx, k, content, &items),
                    1 => {
                        last_level == Some(0)
                            || self.task_is_label(&code, idx, k, content, &items, seen_word)
                    }
                    _ => true,
                };
            if keep {
                last_level = Some(level);
            } else {
                let gap = if k == 0 { "" } else { " " };
                items[k] = Item::Word { gap, text: written };
            }
        }
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
                    let level = code.level - 1;
                    let loc = Loc::new(line.loc.page, line.loc.line);
                    self.open(level, code.clone(), written, loc, idx);
                    code_locs.push(level);
                    left = Some(level);
                    k += 1;
                }
                Item::Word { .. } => {
                    let end = (k..items.len())
                        .find(|&j| matches!(items[j], Item::Code { .. }))
                        .unwrap_or(items.len());
                    let right = items[end..].iter().find_map(|i| match i {
                        Item::Code { code, .. } => Some(code.level - 1),
                        _ => None,
                    });
                    let words: Vec<(&str, &str)> = items[k..end]
                        .iter()
                        .map(|i| match i {
                            Item::Word { gap, text } => (*gap, *text),
                            Item::Code { .. } => unreachable!("words only"),
                        })
                        .collect();
                    self.assign(&words, left, right, idx, line.loc);
                    k = end;
                }
            }
        }
    }

    fn project_is_label(
        &self,
        code: &Code,
        idx: usize,
        k: usize,
        content: &[(&Line<'_>, Vec<Item<'_>>)],
        items: &[Item<'_>],
    ) -> bool {
        if self
            .current(0)
            .is_some_and(|p| p.code.normalised == code.normalised)
        {
            return true;
        }
        if [1, 2]
            .iter()
            .any(|&l| self.current(l).is_some_and(|c| code.is_prefix_of(&c.code)))
        {
            return true;
        }
        if Self::next_code(content, idx, k).is_some_and(|n| code.is_prefix_of(n)) {
            return true;
        }
        let named = matches!(
            items.get(k + 1),
            Some(Item::Word { .. }) | Some(Item::Code { .. })
        );
        named && !self.text_is_full(idx) && !grammar::is_page_number(content[idx].0.text)
    }

    fn task_is_label(
        &self,
        code: &Code,
        idx: usize,
        k: usize,
        content: &[(&Line<'_>, Vec<Item<'_>>)],
        items: &[Item<'_>],
        after_words: bool,
    ) -> bool {
        if self
            .current(1)
            .is_some_and(|t| t.code.normalised == code.normalised)
        {
            return true;
        }
        if self.current(2).is_some_and(|c| code.is_prefix_of(&c.code)) {
            return true;
        }
        if Self::next_code(content, idx, k).is_some_and(|n| code.is_prefix_of(n)) {
            return true;
        }
        if self.current(0).is_some_and(|p| p.code.is_prefix_of(code)) && !after_words {
            return true;
        }
        let named = matches!(
            items.get(k + 1),
            Some(Item::Word { .. }) | Some(Item::Code { .. })
        );
        named && !after_words && !self.text_is_full(idx)
    }

    fn stray(&mut self, text: &str, loc: Loc, why: &str) {
        let _ = why;
        self.strays.push(Stray {
            text: text.to_string(),
            loc,
            course: Some(self.course),
        });
    }

    /// A code opens a new cell, re-opens the current one (a label printed again), or
    /// places a label printed after its first rows.
    fn open(&mut self, level: usize, code: Code, written: &str, loc: Loc, idx: usize) {
        if let Some(i) = self.cur[level] {
            let cell = &mut self.cells[level][i];
            if level < 2 && cell.code.normalised == code.normalised {
                if !cell.text.is_empty() {
                    cell.reprint = Some(0);
                }
                cell.last_line = idx;
                return;
            }
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
        };
        let new = self.cells[level].len();
        let late = level < 2
            && (level + 1..LEVELS).any(|l| {
                self.current(l)
                    .is_some_and(|c| cell.code.is_prefix_of(&c.code))
            });
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
            for t in self.cells[1].iter_mut().rev() {
                if !code.is_prefix_of(&t.code) {
                    break;
                }
                t.parent = Some(new);
            }
        }
        for r in self.rows.iter_mut().rev() {
            let comp = &self.cells[2][r[2].expect("competency")].code;
            let task_ok = r[1].is_some_and(|t| code.is_prefix_of(&self.cells[1][t].code));
            let child = code.is_prefix_of(comp) || (level == 0 && task_ok);
            if !child {
                break;
            }
            let has_own =
                r[level].is_some_and(|i| self.cells[level][i].code.normalised == code.normalised);
            if !has_own {
                r[level] = Some(new);
                if level == 1 {
                    if let Some(p) = self.cells[1][new].parent {
                        r[0] = Some(p);
                    }
                }
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
        let cols: Vec<usize> = (lo..hi).filter(|&c| self.cur[c].is_some()).collect();
        let forced = left;
        // Try every split of the words into consecutive groups going to increasing columns.
        let mut best: Option<(f64, Plan)> = None;
        let mut plan = Vec::new();
        self.search(words, 0, &cols, 0, forced, idx, 0.0, &mut plan, &mut best);
        let Some((_, plan)) = best else {
            let text = join_words(words);
            self.stray(&text, loc, "fits no cell");
            return;
        };
        for (from, to, col) in plan {
            let text = join_words(&words[from..to]);
            match col {
                Some(c) => self.append(c, &text, idx),
                None => self.stray(&text, loc, "fits no cell"),
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
        best: &mut Option<(f64, Plan)>,
    ) {
        if best.as_ref().is_some_and(|(b, _)| cost >= *b) {
            return;
        }
        if start == words.len() {
            *best = Some((cost, plan.clone()));
            return;
        }
        for end in start + 1..=words.len() {
            let group = &words[start..end];
            let inner = inner_gap_cost(group);
            let choices: Vec<Option<usize>> = if start == 0 && forced.is_some() {
                vec![forced.filter(|f| cols.contains(f))]
            } else {
                cols[col_from.min(cols.len())..]
                    .iter()
                    .map(|&c| Some(c))
                    .chain([None])
                    .collect()
            };
            for choice in choices {
                let c = match choice {
                    Some(col) => self.cost(col, group, idx, start == 0 && forced == Some(col)),
                    None => 20.0 * group.len() as f64,
                };
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
    fn cost(&self, col: usize, group: &[(&str, &str)], idx: usize, forced: bool) -> f64 {
        let Some(cell) = self.current(col) else {
            return f64::INFINITY;
        };
        let text = join_words(group);
        let w = grammar::width(&text);
        let cap = self.caps[col];
        let too_wide = col < 2 && w > cap + TOLERANCE;
        if let Some(cursor) = cell.reprint {
            if cell.text[cursor..].starts_with(text.as_str()) {
                return 0.0;
            }
        }
        let hint = self.hints.get(col, &cell.code.normalised);
        let mut cost = if cell.text.is_empty() || forced {
            let gap = idx.saturating_sub(cell.last_line);
            if gap > MAX_GAP && !forced {
                return f64::INFINITY;
            }
            0.2 * gap as f64
        } else {
            let gap = idx.saturating_sub(cell.last_line);
            if gap > MAX_GAP {
                return f64::INFINITY;
            }
            let used = cell.last_w + unit_width(&text);
            let slack = cap as f64 - used as f64;
            let base = if slack <= TOLERANCE as f64 {
                1.0 + slack.max(0.0) * 0.1
            } else {
                8.0 + slack * 0.1
            };
            // Texts wrap far more often than task names, task names more than project
            // names: on equal geometry, prefer the deeper column.
            base + 0.1 * gap as f64 + WRAP_PRIOR[col]
        };
        if too_wide {
            // A cell waiting for its name takes it anyway; a continuation cannot be wider
            // than its column.
            cost += if cell.text.is_empty() { 5.0 } else { 30.0 };
        }
        if let Some(h) = hint {
            let mut joined = cell.text.clone();
            grammar::join_wrapped(&mut joined, &text);
            if h.starts_with(joined.as_str()) {
                cost -= 0.5;
            } else if !cell.text.is_empty() && h == cell.text {
                cost += 6.0;
            }
        }
        cost.max(0.0)
    }

    fn append(&mut self, col: usize, text: &str, idx: usize) {
        let Some(i) = self.cur[col] else { return };
        let cell = &mut self.cells[col][i];
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

/// Width of the first unit a line break cannot split: an ASCII word, or one character
/// with the closing punctuation that may not start a line.
fn unit_width(text: &str) -> usize {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return 0 };
    if first.is_ascii_alphanumeric() {
        let word: String = text
            .chars()
            .take_while(|c| c.is_ascii() && !c.is_whitespace())
            .collect();
        return grammar::width(&word);
    }
    let mut w = grammar::width(&first.to_string());
    for c in chars {
        if "，。、；：！？）》」』】,.;:!?)".contains(c) {
            w += grammar::width(&c.to_string());
        } else {
            break;
        }
    }
    w
}

/// A space between two non-ASCII characters rarely stands inside one cell's text.
fn inner_gap_cost(group: &[(&str, &str)]) -> f64 {
    group
        .windows(2)
        .map(|w| {
            let a = w[0].1.chars().last();
            let b = w[1].1.chars().next();
            match (a, b) {
                (Some(a), Some(b)) if !a.is_ascii() && !b.is_ascii() => 2.5,
                _ => 0.0,
            }
        })
        .sum()
}

fn join_words(words: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (k, (gap, w)) in words.iter().enumerate() {
        if k > 0 {
            s.push_str(if gap.is_empty() { " " } else { gap });
        }
        s.push_str(w);
    }
    s
}

fn items(line: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for token in grammar::tokenize(line) {
        match token {
            Token::Code { written, code } => out.push(Item::Code { written, code }),
            Token::Text { text, gap_before } => {
                for (k, (gap, word)) in grammar::words(text).into_iter().enumerate() {
                    out.push(Item::Word {
                        gap: if k == 0 { gap_before } else { gap },
                        text: word,
                    });
                }
            }
        }
    }
    out
}

/// Measure each column's width: the widest text printed right after a code of its level
/// (a first line, so a full one whenever the cell wraps), ignoring runs that contain a
/// CJK-spaced gap (likely two columns on one line).
fn measure_caps(content: &[(&Line<'_>, Vec<Item<'_>>)]) -> [usize; LEVELS] {
    let mut caps = [0usize; LEVELS];
    for (_, items) in content {
        let mut k = 0;
        while k < items.len() {
            if let Item::Code { code, .. } = &items[k] {
                let level = code.level.min(3) - 1;
                let end = (k + 1..items.len())
                    .find(|&j| matches!(items[j], Item::Code { .. }))
                    .unwrap_or(items.len());
                let words: Vec<(&str, &str)> = items[k + 1..end]
                    .iter()
                    .filter_map(|i| match i {
                        Item::Word { gap, text } => Some((*gap, *text)),
                        _ => None,
                    })
                    .collect();
                if !words.is_empty() && inner_gap_cost(&words) == 0.0 {
                    caps[level] = caps[level].max(grammar::width(&join_words(&words)));
                }
                k = end;
            } else {
                k += 1;
            }
        }
    }
    // A document whose names never wrap still needs a sane width.
    for cap in &mut caps {
        *cap = (*cap).max(4);
    }
    caps
}
