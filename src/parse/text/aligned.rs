//! Dumps whose table columns stand at fixed character positions (`pdftotext -layout`).
//!
//! `pdftotext -layout` prints each PDF text line at the character column its x position
//! maps to, so the six table columns stand one under the other, and every cell's lines
//! are printed at their own heights: a code sits beside its text's first line (a cell
//! aligned to the top) or beside its middle line (vertically centred), possibly on a line
//! of its own between two text lines, and a fragment of another column may print on a
//! line of its own between two lines of one cell. Nothing separates two cells of one
//! column but the codes beside them. So:
//!
//! - Recognised by content ([`recognise`]): nearly every competency code stands after a
//!   run of spaces, away from the line's start.
//! - Per table segment (one course's table on one page): the columns from where the codes
//!   line up ([`Columns`]): project code, task code, competency code (each the mode of its
//!   codes' character columns); a line's characters between two code columns belong to
//!   the left one's cell pair (code, name).
//! - Heights: per column, the lines holding text of that column count one step each; a
//!   line without (a code alone, another column's fragment) stands half way between
//!   ([`ranks`]). On that scale a cell's lines are consecutive.
//! - Each column's lines are split among its codes by [`partition`]: contiguous groups,
//!   each holding the lines between its neighbours' codes, priced by how far the group's
//!   alignment (top or middle, learnt per document and column level: [`Align`]) is from its
//!   code, plus a price for a line that would not have wrapped (its next line's first unit
//!   would have fit beside it). The same split, with the code hierarchy priced too, gives
//!   each row its task and project cell. A split whose cost another split equals names
//!   both cells as doubts (`ambiguous-wrap`).
//! - A segment that continues a table from the page before may start with the end of the
//!   previous page's last cell (a carried group), and rows above the first label of such a
//!   page stay under the last label of the page before.
//!
//! Spaces inside a printed line stay as printed; wrapped lines join by the joining rule.

use super::tokens::{tokenize, width, Token};
use super::Line;
use crate::model::{Cell, Doubt, ParsedRow, RawCode, Stray};
use crate::vocab::{lexicon, Code, Level, PerLevel};
use std::collections::HashMap;

/// At least this many competency codes before a dump's alignment is judged: fewer are too
/// little evidence either way.
const MIN_CODES: usize = 3;

/// The share of competency codes that must stand after a run of spaces, away from the
/// line start, for a dump to read as column-aligned. Dumps printed with single spaces
/// between fragments (the text layers the flowing parser reads) have most codes at a line
/// start or after one space; `pdftotext -layout` puts every code at its column.
const ALIGNED_SHARE: f64 = 0.9;

/// A run of at least this many spaces before a code counts as column padding (one space
/// separates a code from its text in every dump).
const PADDING: usize = 2;

/// A code counts as standing at its column when it starts at most this many characters
/// from the column's mode: `pdftotext -layout` rounds x positions to characters, and a
/// line's earlier fragments may push a code by a character.
const COLUMN_SLACK: usize = 2;

/// Costs of [`partition`], in half lines (a line is 2: the scale of [`ranks`]).
mod price {
    /// A code with no line of text: rare (an `empty-text` finding), so only chosen when
    /// every split that gives it text costs more than a two-line misalignment.
    pub const EMPTY_CELL: i64 = 4;
    /// A line that did not wrap inside a cell: the first unit of the line after it would
    /// have fitted beside it. Small: proportional Latin and justified lines make the width
    /// of a printed line only roughly its text's width, so this breaks ties of alignment
    /// rather than overruling it.
    pub const NO_WRAP: i64 = 1;
    /// A line at the top of a continued page given to the previous page's last cell,
    /// rather than to the first code of the page: as much as half a line of misalignment.
    pub const CARRY_LINE: i64 = 1;
    /// A row under a label whose code is not a prefix of the row's code (the hierarchy
    /// settles which label a row stands under, alignment only where it does not).
    pub const MISMATCH: i64 = 20;
}

/// The most items one cell may hold beyond its code's neighbours' split points: no cell of
/// a real table has more lines, and the bound keeps the split search linear in the lines
/// of a hostile dump.
const MAX_SPLITS: usize = 64;

/// How a column's code sits beside its cell's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// Beside the first line (cells aligned to the top).
    Top,
    /// Beside the middle line (vertically centred cells).
    Centre,
}

/// Is this dump column-aligned (`pdftotext -layout`)? Judged on its canonical competency
/// codes (`NN-NN-NN` at a word's start): nearly all must stand after padding. A byte scan,
/// so that every other dump pays next to nothing for the question.
pub(super) fn recognise(lines: &[Line<'_>]) -> bool {
    let (mut codes, mut padded) = (0usize, 0usize);
    for l in lines {
        let b = l.text.as_bytes();
        let mut i = 0;
        while let Some(off) = b[i..].iter().position(|&c| c == b'-') {
            let dash = i + off;
            i = dash + 1;
            // `dd-dd-dd` with this dash as its first.
            let Some(start) = dash.checked_sub(2) else {
                continue;
            };
            let digits = |from: usize| {
                b.get(from..from + 2)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            };
            let shaped = digits(start)
                && digits(dash + 1)
                && b.get(dash + 3) == Some(&b'-')
                && digits(dash + 4);
            let before = start.checked_sub(1).map(|j| b[j]);
            let after = b.get(start + 8).copied();
            if !shaped || before.is_some_and(|c| c != b' ') || after.is_some_and(|c| c != b' ') {
                continue;
            }
            codes += 1;
            if start >= PADDING && b[start - PADDING..start].iter().all(|&c| c == b' ') {
                padded += 1;
            }
            i = start + 8;
        }
    }
    codes >= MIN_CODES && padded as f64 >= ALIGNED_SHARE * codes as f64
}

/// Character columns where one segment's codes stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Columns {
    pub project: Option<usize>,
    pub task: Option<usize>,
    pub competency: Option<usize>,
}

fn mode(xs: &[usize]) -> Option<usize> {
    let mut count: HashMap<usize, usize> = HashMap::new();
    for &x in xs {
        *count.entry(x).or_default() += 1;
    }
    count
        .into_iter()
        .max_by_key(|&(x, n)| (n, usize::MAX - x))
        .map(|(x, _)| x)
}

/// Every code of a line with its level and character column.
fn code_columns(text: &str) -> Vec<(Level, usize)> {
    let mut out = Vec::new();
    for t in tokenize(text) {
        if let Token::Code { written, code, .. } = t {
            let at = written.as_ptr() as usize - text.as_ptr() as usize;
            out.push((code.level, text[..at].chars().count()));
        }
    }
    out
}

/// The columns of a segment: each level's mode, the task column left of the competency
/// column, the project column left of both.
fn columns(lines: &[&Line<'_>]) -> Columns {
    let mut at: PerLevel<Vec<usize>> = PerLevel::default();
    let found: Vec<Vec<(Level, usize)>> = lines.iter().map(|l| code_columns(l.text)).collect();
    for codes in &found {
        for &(level, x) in codes {
            if level == Level::Competency {
                at[level].push(x);
            }
        }
    }
    let competency = mode(&at[Level::Competency]);
    let limit = |x: Option<usize>| x.map_or(usize::MAX, |x| x.saturating_sub(COLUMN_SLACK));
    for codes in &found {
        for &(level, x) in codes {
            if level == Level::Task && x < limit(competency) {
                at[level].push(x);
            }
        }
    }
    let task = mode(&at[Level::Task]);
    for codes in &found {
        for &(level, x) in codes {
            if level == Level::Project && x < limit(task).min(limit(competency)) {
                at[level].push(x);
            }
        }
    }
    Columns {
        project: mode(&at[Level::Project]),
        task,
        competency,
    }
}

/// One printed line of one column: text (a code removed) and where.
#[derive(Debug, Clone)]
struct Piece {
    /// Index of the line in its segment.
    line: usize,
    text: String,
}

/// A code standing in its column.
#[derive(Debug, Clone)]
struct Anchor {
    line: usize,
    written: String,
    code: Code,
}

/// A segment's lines cut into the three levels' (code, text) pieces.
#[derive(Debug, Default)]
struct Cut {
    pieces: PerLevel<Vec<Piece>>,
    anchors: PerLevel<Vec<Anchor>>,
}

/// The characters of `chars[from..to]` as a string.
fn slice(chars: &[char], from: usize, to: usize) -> String {
    let to = to.min(chars.len());
    if from >= to {
        return String::new();
    }
    chars[from..to].iter().collect()
}

/// Cut a segment's lines at the columns: each level gets the characters from its code
/// column to the next level's, its code (when one stands at the column) taken off.
fn cut(lines: &[&Line<'_>], cols: Columns) -> Cut {
    let mut out = Cut::default();
    let starts: Vec<(Level, usize)> = Level::ALL
        .iter()
        .filter_map(|&level| {
            let x = match level {
                Level::Project => cols.project.or(Some(0)),
                Level::Task => cols.task,
                Level::Competency => cols.competency,
            }?;
            Some((level, x))
        })
        .collect();
    for (i, l) in lines.iter().enumerate() {
        let chars: Vec<char> = l.text.chars().collect();
        for (k, &(level, x)) in starts.iter().enumerate() {
            // The project column takes everything left of the next one.
            let from = if k == 0 {
                0
            } else {
                x.saturating_sub(COLUMN_SLACK)
            };
            let to = starts
                .get(k + 1)
                .map_or(usize::MAX, |&(_, nx)| nx.saturating_sub(COLUMN_SLACK));
            let region = slice(&chars, from, to);
            let lead = region.chars().take_while(|c| c.is_whitespace()).count();
            let body = region.trim();
            let mut text = body;
            if from + lead + COLUMN_SLACK >= x && from + lead <= x + COLUMN_SLACK {
                if let Some(Token::Code { written, code, .. }) = tokenize(body).into_iter().next() {
                    if code.level == level {
                        out.anchors[level].push(Anchor {
                            line: i,
                            written: written.to_string(),
                            code,
                        });
                        text = body[written.len()..].trim();
                    }
                }
            }
            if !text.is_empty() {
                out.pieces[level].push(Piece {
                    line: i,
                    text: text.to_string(),
                });
            }
        }
    }
    out
}

/// Heights in half lines on one column's scale: the k-th line holding a piece is `2k`, a
/// line without one stands half way between its neighbours (`2k - 1`).
fn ranks(n: usize, pieces: &[Piece]) -> Vec<i64> {
    let mut out = Vec::with_capacity(n);
    let mut p = pieces.iter().peekable();
    let mut k = 0i64;
    for line in 0..n {
        if p.peek().is_some_and(|q| q.line == line) {
            p.next();
            out.push(2 * k);
            k += 1;
        } else {
            out.push(2 * k - 1);
        }
    }
    out
}

/// Something [`partition`] splits: a line of text, or a row (its extent on the scale).
#[derive(Debug, Clone)]
struct Item {
    top: i64,
    bottom: i64,
    /// Display width of the line and of its first unbreakable unit (lines only).
    width: usize,
    unit: usize,
    /// The row's code, for the hierarchy (rows only).
    key: Option<Code>,
}

/// What a split is priced by.
#[derive(Debug, Clone)]
struct Rule<'a> {
    align: Align,
    /// The column's width (display units), for [`price::NO_WRAP`]; `None` for rows.
    cap: Option<usize>,
    /// May the first items go to the previous page's last cell (a continued segment)?
    carry: bool,
    /// The carried cell's code, for the hierarchy of rows.
    carry_code: Option<&'a Code>,
}

/// A split of items among codes: the carried group, then one range per anchor; which
/// anchors' groups another split of the same cost would change; the cost.
#[derive(Debug, Clone)]
struct Split {
    carried: std::ops::Range<usize>,
    groups: Vec<std::ops::Range<usize>>,
    doubtful: Vec<bool>,
    cost: i64,
}

/// Split `items` (in order) into a carried group and one contiguous group per anchor
/// (heights `at`, codes `codes` for the hierarchy), at the least cost; a group holds only
/// items between its neighbours' anchors, items at an anchor's height belong to it.
fn partition(items: &[Item], at: &[i64], codes: &[Option<&Code>], rule: &Rule<'_>) -> Split {
    let (m, n) = (items.len(), at.len());
    if n == 0 {
        return Split {
            carried: 0..m,
            groups: Vec::new(),
            doubtful: Vec::new(),
            cost: 0,
        };
    }
    // Split points: b[0] ends the carried group, b[k] ends anchor k's group, b[n] = m.
    let count_until = |limit: i64, inclusive: bool| {
        items
            .iter()
            .take_while(|it| {
                if inclusive {
                    it.top <= limit
                } else {
                    it.top < limit
                }
            })
            .count()
    };
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(n + 1);
    ranges.push(if rule.carry {
        let hi = count_until(at[0], false);
        (hi.saturating_sub(MAX_SPLITS), hi)
    } else {
        (0, 0)
    });
    for k in 1..n {
        let lo = count_until(at[k - 1], true).max(ranges[k - 1].0);
        let hi = count_until(at[k], false).max(lo);
        ranges.push((lo, hi.min(lo + MAX_SPLITS)));
    }
    ranges.push((m, m));
    // Prefix counts of lines that did not wrap (item q followed by q + 1).
    let mut no_wrap = vec![0i64; m + 1];
    for q in 0..m {
        let short = rule.cap.is_some_and(|cap| {
            q + 1 < m && items[q].width + items[q + 1].unit <= cap && items[q].width > 0
        });
        no_wrap[q + 1] = no_wrap[q] + i64::from(short);
    }
    let mismatches = |code: Option<&Code>, i: usize, j: usize| -> i64 {
        let Some(code) = code else { return 0 };
        items[i..j]
            .iter()
            .filter(|it| it.key.as_ref().is_some_and(|key| !code.is_prefix_of(key)))
            .count() as i64
    };
    let group_cost = |k: usize, i: usize, j: usize| -> i64 {
        if i == j {
            return price::EMPTY_CELL;
        }
        let a = at[k];
        let misalign = match rule.align {
            Align::Top => 2 * (items[i].top - a).abs(),
            Align::Centre => (items[i].top + items[j - 1].bottom - 2 * a).abs(),
        };
        // Pairs inside the group: q in i..j-1.
        let inner = no_wrap[j - 1] - no_wrap[i];
        misalign + price::NO_WRAP * inner + price::MISMATCH * mismatches(codes[k], i, j)
    };
    let carry_cost = |j: usize| -> i64 {
        price::CARRY_LINE * j as i64 + price::MISMATCH * mismatches(rule.carry_code, 0, j)
    };
    const INF: i64 = i64::MAX / 4;
    let width = |k: usize| ranges[k].1 - ranges[k].0 + 1;
    // fwd[k][j - lo]: the cheapest groups up to anchor k with b[k] = j; bwd likewise after.
    let mut fwd: Vec<Vec<i64>> = (0..=n).map(|k| vec![INF; width(k)]).collect();
    let mut back: Vec<Vec<usize>> = (0..=n).map(|k| vec![0; width(k)]).collect();
    for j in ranges[0].0..=ranges[0].1 {
        fwd[0][j - ranges[0].0] = carry_cost(j);
    }
    for k in 1..=n {
        let (lo, hi) = ranges[k];
        let (plo, phi) = ranges[k - 1];
        for j in lo..=hi {
            for i in plo..=phi.min(j) {
                let prev = fwd[k - 1][i - plo];
                if prev >= INF {
                    continue;
                }
                let c = prev + group_cost(k - 1, i, j);
                if c < fwd[k][j - lo] {
                    fwd[k][j - lo] = c;
                    back[k][j - lo] = i;
                }
            }
        }
    }
    let mut bwd: Vec<Vec<i64>> = (0..=n).map(|k| vec![INF; width(k)]).collect();
    bwd[n][0] = 0;
    for k in (0..n).rev() {
        let (lo, hi) = ranges[k];
        let (nlo, nhi) = ranges[k + 1];
        for i in lo..=hi {
            for j in nlo.max(i)..=nhi {
                let next = bwd[k + 1][j - nlo];
                if next >= INF {
                    continue;
                }
                let c = next + group_cost(k, i, j);
                bwd[k][i - lo] = bwd[k][i - lo].min(c);
            }
        }
    }
    let cost = fwd[n][0];
    let mut ends = vec![m; n + 1];
    for k in (1..=n).rev() {
        ends[k - 1] = back[k][ends[k] - ranges[k].0];
    }
    // A split point that another optimal split puts elsewhere leaves both cells beside it
    // in doubt.
    let mut doubtful = vec![false; n];
    for k in 0..n {
        let (lo, hi) = ranges[k];
        let optimal = (lo..=hi)
            .filter(|&j| fwd[k][j - lo] < INF && fwd[k][j - lo] + bwd[k][j - lo] == cost)
            .count();
        if optimal > 1 {
            if k > 0 {
                doubtful[k - 1] = true;
            }
            doubtful[k] = true;
        }
    }
    Split {
        carried: 0..ends[0],
        groups: (1..=n).map(|k| ends[k - 1]..ends[k]).collect(),
        doubtful,
        cost,
    }
}

/// The width of a column: the third widest of its lines (one or two lines may run wider,
/// a Latin word set narrow or a line squeezed by justification).
fn cap(pieces: &[Piece]) -> Option<usize> {
    let mut w: Vec<usize> = pieces.iter().map(|p| width(&p.text)).collect();
    w.sort_unstable_by(|a, b| b.cmp(a));
    w.get(2).or(w.last()).copied()
}

/// Display width of the first unit a wrap cannot split: an ASCII word, or one character
/// with an opening bracket before it or closing punctuation after it.
fn first_unit(text: &str) -> usize {
    let chars: Vec<char> = text.trim().chars().collect();
    let w = |c: &char| width(c.encode_utf8(&mut [0; 4]));
    let mut i = 0;
    while i < chars.len() && "（《“‘([【〔".contains(chars[i]) {
        i += 1;
    }
    let mut end = i;
    if chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        while chars
            .get(end)
            .is_some_and(|c| c.is_ascii() && !c.is_whitespace())
        {
            end += 1;
        }
    } else if i < chars.len() {
        end = i + 1;
    }
    while chars
        .get(end)
        .is_some_and(|c| "，。、；：）》”’！？)]】〕".contains(*c))
    {
        end += 1;
    }
    chars[..end.min(chars.len())].iter().map(w).sum()
}

fn line_items(pieces: &[Piece], scale: &[i64]) -> Vec<Item> {
    pieces
        .iter()
        .map(|p| Item {
            top: scale[p.line],
            bottom: scale[p.line],
            width: width(&p.text),
            unit: first_unit(&p.text),
            key: None,
        })
        .collect()
}

fn joined<'p>(pieces: impl Iterator<Item = &'p Piece>) -> String {
    let mut acc = String::new();
    for p in pieces {
        lexicon::join_wrapped(&mut acc, &p.text);
    }
    acc
}

/// A label cell read so far in a course (project or task).
#[derive(Debug, Clone)]
struct Label {
    cell: Cell,
    code: Code,
}

/// A course table being read, segment by segment.
#[derive(Debug, Default)]
pub(super) struct Course {
    pub rows: Vec<ParsedRow>,
    pub strays: Vec<Stray>,
    pub doubts: Vec<Doubt>,
    /// The sum of every split's cost per level, for learning the alignment.
    pub cost: PerLevel<i64>,
    /// The last label of each named level (carried over page breaks).
    last: PerLevel<Option<Label>>,
    /// The columns of the segment before (a segment that shows no code of a level keeps
    /// the column of the one before, then the document's).
    columns: Columns,
}

/// Read one course's table (the lines after its table header), with the document's
/// alignments and columns to fall back on where a segment shows none.
pub(super) fn table(
    lines: &[Line<'_>],
    course_no: u32,
    align: PerLevel<Align>,
    fallback: Columns,
) -> Course {
    let mut course = Course {
        columns: fallback,
        ..Default::default()
    };
    let body: Vec<&Line<'_>> = lines
        .iter()
        .filter(|l| {
            let t = l.text.trim();
            !(t.is_empty() || lexicon::is_continued(t) || lexicon::is_table_header(t))
        })
        .collect();
    let mut segment: Vec<&Line<'_>> = Vec::new();
    let mut first = true;
    for (i, l) in body.iter().enumerate() {
        // A page number alone at a page's last or first line is furniture.
        let edge = body.get(i + 1).is_none_or(|n| n.loc.page != l.loc.page)
            || i == 0
            || body[i - 1].loc.page != l.loc.page;
        if edge && lexicon::is_page_number(l.text.trim()) {
            course.strays.push(Stray {
                text: l.text.trim().to_string(),
                loc: l.loc,
                course_no: Some(course_no),
            });
            continue;
        }
        if segment.last().is_some_and(|p| p.loc.page != l.loc.page) {
            course.segment(&segment, course_no, align, !first);
            first = false;
            segment.clear();
        }
        segment.push(l);
    }
    if !segment.is_empty() {
        course.segment(&segment, course_no, align, !first);
    }
    course
}

/// The column geometry of a whole dump, for segments that show too few codes.
pub(super) fn document_columns(lines: &[Line<'_>]) -> Columns {
    let all: Vec<&Line<'_>> = lines.iter().collect();
    columns(&all)
}

impl Course {
    fn doubt(&mut self, course_no: u32, level: Level, code: RawCode, text: &str) {
        self.doubts.push(Doubt {
            course_no,
            column: level,
            code,
            text: text.to_string(),
        });
    }

    /// Text at the top of a continued page that ends the page before's last cell of its
    /// column: joined to that cell (and to every row that shows it).
    fn carry_text(&mut self, level: Level, text: &str) -> bool {
        match level {
            Level::Competency => match self.rows.last_mut() {
                Some(r) => {
                    lexicon::join_wrapped(&mut r.competency.text, text);
                    true
                }
                None => false,
            },
            _ => {
                let Some(label) = self.last[level].as_mut() else {
                    return false;
                };
                let old = label.cell.clone();
                lexicon::join_wrapped(&mut label.cell.text, text);
                let new = label.cell.clone();
                for r in &mut self.rows {
                    let cell = if level == Level::Project {
                        &mut r.project
                    } else {
                        &mut r.task
                    };
                    if cell.as_ref() == Some(&old) {
                        *cell = Some(new.clone());
                    }
                }
                true
            }
        }
    }

    fn segment(&mut self, lines: &[&Line<'_>], course_no: u32, align: PerLevel<Align>, cont: bool) {
        let mut cols = columns(lines);
        cols.competency = cols.competency.or(self.columns.competency);
        cols.task = cols.task.or(self.columns.task);
        cols.project = cols.project.or(self.columns.project);
        self.columns = cols;
        let cut = cut(lines, cols);
        let n = lines.len();
        let scale: PerLevel<Vec<i64>> = PerLevel(std::array::from_fn(|i| {
            ranks(n, &cut.pieces[Level::ALL[i]])
        }));
        let raw = |a: &Anchor| RawCode {
            text: a.written.clone(),
            loc: lines[a.line].loc,
        };

        // Each level's text among its codes.
        let mut texts: PerLevel<Vec<String>> = PerLevel::default();
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        for level in Level::ALL {
            let pieces = &cut.pieces[level];
            let anchors = &cut.anchors[level];
            let sc = &scale[level];
            let items = line_items(pieces, sc);
            let at: Vec<i64> = anchors.iter().map(|a| sc[a.line]).collect();
            let codes: Vec<Option<&Code>> = vec![None; anchors.len()];
            let rule = Rule {
                align: align[level],
                cap: cap(pieces),
                carry: cont,
                carry_code: None,
            };
            let split = partition(&items, &at, &codes, &rule);
            self.cost[level] += split.cost;
            let carried = &pieces[split.carried.clone()];
            if !carried.is_empty() && !self.carry_text(level, &joined(carried.iter())) {
                for p in carried {
                    self.strays.push(Stray {
                        text: p.text.clone(),
                        loc: lines[p.line].loc,
                        course_no: Some(course_no),
                    });
                }
            }
            texts[level] = split
                .groups
                .iter()
                .map(|g| joined(pieces[g.clone()].iter()))
                .collect();
            for (k, a) in anchors.iter().enumerate() {
                if split.doubtful[k] {
                    let text = texts[level][k].clone();
                    self.doubt(course_no, level, raw(a), &text);
                }
            }
            if level == Level::Competency {
                groups = split.groups;
            }
        }

        // The rows (each from its code to its text's last line, on the competency
        // scale), each under the label whose cell it stands in.
        let comp_scale = &scale[Level::Competency];
        let comp_pieces = &cut.pieces[Level::Competency];
        let comp = &cut.anchors[Level::Competency];
        let rows: Vec<Item> = comp
            .iter()
            .zip(&groups)
            .map(|(a, g)| {
                let h = comp_scale[a.line];
                let ends = g
                    .clone()
                    .map(|q| comp_scale[comp_pieces[q].line])
                    .chain([h]);
                Item {
                    top: ends.clone().min().unwrap_or(h),
                    bottom: ends.max().unwrap_or(h),
                    width: 0,
                    unit: 0,
                    key: Some(a.code.clone()),
                }
            })
            .collect();
        let mut owner: PerLevel<Vec<Option<Cell>>> = PerLevel::default();
        for level in [Level::Project, Level::Task] {
            let anchors = &cut.anchors[level];
            let at: Vec<i64> = anchors.iter().map(|a| comp_scale[a.line]).collect();
            let codes: Vec<Option<&Code>> = anchors.iter().map(|a| Some(&a.code)).collect();
            let carried = self.last[level].clone();
            let rule = Rule {
                align: align[level],
                cap: None,
                carry: cont || carried.is_some(),
                carry_code: carried.as_ref().map(|l| &l.code),
            };
            let split = partition(&rows, &at, &codes, &rule);
            let mut of_row: Vec<Option<Cell>> = vec![None; rows.len()];
            for r in split.carried.clone() {
                of_row[r] = carried.as_ref().map(|l| l.cell.clone());
            }
            for (k, (a, g)) in anchors.iter().zip(&split.groups).enumerate() {
                let cell = Cell {
                    code: raw(a),
                    text: texts[level][k].clone(),
                };
                for r in g.clone() {
                    of_row[r] = Some(cell.clone());
                }
                // A row that could as well stand under the next label: the label is in
                // doubt (unless its name already is).
                if split.doubtful[k] && !self.doubts.iter().any(|d| d.code == cell.code) {
                    self.doubt(course_no, level, cell.code.clone(), &cell.text);
                }
                self.last[level] = Some(Label {
                    cell,
                    code: a.code.clone(),
                });
            }
            owner[level] = of_row;
        }
        for (k, a) in comp.iter().enumerate() {
            self.rows.push(ParsedRow {
                project: owner[Level::Project][k].clone(),
                task: owner[Level::Task][k].clone(),
                competency: Cell {
                    code: raw(a),
                    text: texts[Level::Competency][k].clone(),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;

    fn lines(ranks: &[i64]) -> Vec<Item> {
        ranks
            .iter()
            .map(|&r| Item {
                top: r,
                bottom: r,
                width: 0,
                unit: 0,
                key: None,
            })
            .collect()
    }

    fn split(items: &[i64], at: &[i64], align: Align) -> (Vec<std::ops::Range<usize>>, Vec<bool>) {
        let rule = Rule {
            align,
            cap: None,
            carry: false,
            carry_code: None,
        };
        let s = partition(&lines(items), at, &vec![None; at.len()], &rule);
        (s.groups, s.doubtful)
    }

    #[test]
    fn lines_split_among_codes_by_alignment() {
        // Three lines about a code, then two with a code alone between them.
        assert_eq!(
            split(&[0, 2, 4, 6, 8], &[2, 7], Align::Centre),
            (vec![0..3, 3..5], vec![false, false])
        );
        // Codes beside their first lines.
        assert_eq!(
            split(&[0, 2, 4, 6], &[0, 4], Align::Top),
            (vec![0..2, 2..4], vec![false, false])
        );
        // The middle line fits either code as well: both cells are in doubt.
        assert_eq!(
            split(&[0, 2, 4], &[1, 3], Align::Centre).1,
            vec![true, true]
        );
    }

    #[test]
    fn a_line_that_would_not_have_wrapped_starts_a_cell() {
        // Two codes, three lines; alignment cannot tell where the middle line goes, but
        // the first line is short: the middle line's first unit would have fitted on it.
        let mut items = lines(&[0, 2, 4]);
        items[0].width = 4;
        items[1].unit = 2;
        items[1].width = 20;
        items[2].unit = 2;
        let rule = Rule {
            align: Align::Centre,
            cap: Some(20),
            carry: false,
            carry_code: None,
        };
        let s = partition(&items, &[1, 3], &[None, None], &rule);
        assert_eq!(s.groups, vec![0..1, 1..3]);
    }

    #[test]
    fn layout_dumps_are_recognised_by_their_padding() {
        let line = |t: &'static str| Line {
            text: t,
            loc: Loc::new(1, 1),
        };
        let padded = [
            line("                 01-01-01   能识读"),
            line("     零件      01-01   识读   01-01-02   能识读"),
            line("                 01-01-03 能"),
        ];
        assert!(recognise(&padded));
        let flowing = [
            line("01 前期准备 01-01 熟悉产品 01-01-01 熟悉"),
            line("01-01-02 能够"),
            line("01-01-03 能够"),
        ];
        assert!(!recognise(&flowing));
        assert!(!recognise(&padded[..2]), "too few codes to judge");
    }

    #[test]
    fn ranks_put_lines_of_other_columns_half_way() {
        let pieces = |ls: &[usize]| -> Vec<Piece> {
            ls.iter()
                .map(|&line| Piece {
                    line,
                    text: "字".into(),
                })
                .collect()
        };
        assert_eq!(ranks(5, &pieces(&[0, 2, 3])), vec![0, 1, 2, 4, 5]);
        assert_eq!(ranks(3, &pieces(&[1])), vec![-1, 0, 1]);
    }
}
