//! Parsing a text dump (the text layer of a PDF, one visual line per line).
//!
//! Takes the lines of a [`crate::extract::TextDump`]; gives a [`ParsedDocument`].
//!
//! A text layer prints, line by line from the top of each page, the fragments of every
//! table column that has text at that height, left to right. The parser puts the
//! fragments back into cells:
//!
//! - Each line is split into codes and words ([`tokens::tokenize`], `words`). Codes
//!   stand in column order on a line (project, task, competency); a project code only
//!   starts a line.
//! - A code opens its cell (or re-opens it, when a merged label is printed again after a
//!   page break, or when a label is printed after its first rows).
//! - Words are given to the open cells by the geometry of wrapping (`table`): a fragment
//!   continues a cell only if that cell's previous line was full, i.e. the fragment's first
//!   unbreakable unit did not fit beside it. Column widths and label habits are measured
//!   on the document itself (`columns`). Among several plausible cells the cheapest
//!   wins; a space between two CJK characters is more likely a column gap than text. A
//!   tie on one line is settled by reading the next line both ways.
//! - The parse runs up to three times: names that a course's layout settles (the same
//!   code has the same name in every course) break ties in the next pass (`hints`).
//! - Text that fits no cell (a leaked page number, a lone fragment) becomes a [`Stray`];
//!   a cell that a tie placed and nothing settles becomes a [`Doubt`], for a person to
//!   check.
//! - The header block (checkboxes, course name, description) is read by `header`.
//!
//! Modules: `table` walks the lines (codes open cells and rows), `place` gives a run of
//! words to cells, `search` finds the cheapest splits of a run, `costs` prices a group of
//! words in a cell (pure functions, every number in `weights`), `journal` undoes a line
//! for the tie lookahead.
//!
//! Debug output goes through the `log` facade (target `compmap::parse::text`): the
//! measured layout and each pass's votes at `debug`, each run of words placed at `trace`.

/// Table-driven unit cases in csv-core's style: `cases!(function; "name": (args) =>
/// expected, …)`, each row one assertion that names its case when it fails.
#[cfg(test)]
macro_rules! cases {
    ($f:expr; $($name:literal : ($($arg:expr),* $(,)?) => $want:expr),* $(,)?) => {{
        $( assert_eq!($f($($arg),*), $want, "case {:?}", $name); )*
    }};
}

/// A cost compared to the nanounit, for [`cases!`] rows (sums of tenths are inexact).
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
struct C(f64);

#[cfg(test)]
impl PartialEq for C {
    fn eq(&self, other: &C) -> bool {
        self.0 == other.0 || (self.0 - other.0).abs() < 1e-9
    }
}

mod aligned;
mod cell;
mod columns;
mod costs;
mod header;
mod hints;
mod journal;
mod place;
mod search;
mod table;
pub mod tokens;
mod weights;
mod words;

use crate::model::*;
use crate::vocab::{lexicon, Level, PerLevel};
use columns::{codes_alone, measure_caps};
use costs::Layout;
use hints::{Hints, Vote};
use table::Table;
use weights::Weights;
use words::{items, Item};

/// Parse the lines of a text dump (line `i` of the file is `lines[i - 1]`).
pub fn parse_lines(lines: &[String]) -> ParsedDocument {
    let w = &Weights::DEFAULT;
    let plain = Parser::new(lines, Hints::default());
    if aligned::recognise(&plain.lines) {
        return parse_aligned(plain);
    }
    let (_, votes) = Parser::new(lines, Hints::default()).run();
    let hints = Hints::from_votes(w, &votes);
    if log::log_enabled!(log::Level::Debug) {
        let mut shown: Vec<_> = votes
            .iter()
            .map(|v| format!("vote {} {} {} {:.2}", v.level, v.code, v.text, v.margin))
            .collect();
        shown.sort();
        for v in shown {
            log::debug!("{v}");
        }
    }
    // Names settled by hints settle the names they share lines with: one more pass
    // learns those, keeping what the first pass learnt.
    let (doc, votes) = Parser::new(lines, hints.clone()).run();
    let mut more = Hints::from_votes(w, &votes);
    let (mut doc, votes, hints) = if more
        .names
        .iter()
        .all(|(k, v)| hints.names.get(k) == Some(v))
    {
        (doc, votes, hints)
    } else {
        more.names.extend(hints.names);
        let (doc, votes) = Parser::new(lines, more.clone()).run();
        (doc, votes, more)
    };
    doc.doubts = doubts(w, &votes, &hints);
    doc
}

/// A column-aligned dump (`pdftotext -layout`, see [`aligned`]): read with codes aligned
/// to the top of their cells and to the middle; each column level keeps the alignment
/// under which its cells split at the lower cost over the whole document.
fn parse_aligned(mut parser: Parser<'_>) -> ParsedDocument {
    let columns = aligned::document_columns(&parser.lines);
    let mut costs = Vec::new();
    for align in [aligned::Align::Centre, aligned::Align::Top] {
        parser.aligned = Some((PerLevel([align; 3]), columns));
        parser.cost.set(PerLevel::default());
        let doc = parser.run().0;
        costs.push((align, parser.cost.get(), doc));
    }
    let best = PerLevel(std::array::from_fn(|i| {
        let level = Level::ALL[i];
        let (a, b) = (&costs[0], &costs[1]);
        if b.1[level] < a.1[level] {
            b.0
        } else {
            a.0
        }
    }));
    log::debug!("aligned dump: columns {columns:?}, alignment {best:?}");
    for (align, _, doc) in costs {
        if best.0.iter().all(|&b| b == align) {
            return doc;
        }
    }
    parser.aligned = Some((best, columns));
    parser.run().0
}

/// The header block of a course section: from after its title (and the title's wrapped
/// suffix) to its table header (or the section's end).
fn header_range(lines: &[Line<'_>]) -> Option<(usize, usize)> {
    let title = lexicon::title(lines.first()?.text)?;
    let mut i = 1;
    if !title.complete {
        // The title's suffix wrapped onto the next line.
        if let Some(next) = lines.get(1) {
            let t = next.text.trim();
            if !t.is_empty() && lexicon::TITLE_SUFFIX.ends_with(t) {
                i = 2;
            }
        }
    }
    let end = (i..lines.len())
        .find(|&j| lexicon::is_table_header(lines[j].text))
        .unwrap_or(lines.len());
    Some((i.min(end), end))
}

/// Cells of the last pass that a tie placed and that no other course settles.
fn doubts(w: &Weights, votes: &[Vote], hints: &Hints) -> Vec<Doubt> {
    votes
        .iter()
        .filter(|v| {
            v.margin < w.prior_margin && hints.get(v.level, &v.code) != Some(v.text.as_str())
        })
        .map(|v| Doubt {
            course_no: v.course,
            column: v.level,
            code: v.written.clone(),
            text: v.text.clone(),
        })
        .collect()
}

/// The page break of `pdftotext` output.
const FORM_FEED: char = '\u{c}';

/// A line of the dump with its location.
struct Line<'a> {
    text: &'a str,
    loc: Loc,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    hints: Hints,
    /// A column-aligned dump: the alignment of each level's codes and the document's
    /// columns ([`aligned`]).
    aligned: Option<(PerLevel<aligned::Align>, aligned::Columns)>,
    /// The cost of the aligned splits of the last run, per level.
    cost: std::cell::Cell<PerLevel<i64>>,
}

impl<'a> Parser<'a> {
    fn new(raw: &'a [String], hints: Hints) -> Self {
        let mut lines = Vec::new();
        let mut page = 1u32;
        let mut seen_content = false;
        // Form feeds (`pdftotext` writes one before each page after the first) mark the
        // pages exactly; without them, pages are guessed from the leading space.
        let form_feeds = raw.iter().any(|l| l.contains(FORM_FEED));
        let mut breaks = 0u32;
        for (i, text) in raw.iter().enumerate() {
            let lead = text.len() - text.trim_start_matches(FORM_FEED).len();
            breaks += lead as u32;
            let text = &text[lead..];
            let inner = text.matches(FORM_FEED).count() as u32;
            if text.trim().is_empty() {
                breaks += inner;
                continue;
            }
            if form_feeds {
                // Breaks before the first content line start no page.
                if seen_content {
                    page += breaks;
                }
            } else {
                // A line starting with one space starts a page in the usual dumps (not
                // always: a wrapped English word can start with a space too, so pages
                // are best effort).
                let spaced = text.starts_with(' ') && !text.starts_with("  ");
                if seen_content && spaced {
                    page += 1;
                }
            }
            breaks = inner;
            seen_content = true;
            lines.push(Line {
                text,
                loc: Loc::new(page, i as u32 + 1),
            });
        }
        Parser {
            lines,
            hints,
            aligned: None,
            cost: Default::default(),
        }
    }

    fn run(&self) -> (ParsedDocument, Vec<Vote>) {
        let mut votes = Vec::new();
        let mut doc = ParsedDocument {
            pages: self.lines.last().map_or(0, |l| l.loc.page),
            ..Default::default()
        };
        let starts: Vec<usize> = (0..self.lines.len())
            .filter(|&i| lexicon::title(self.lines[i].text).is_some())
            .collect();
        if let Some(first) = self.lines.first() {
            doc.title = first.text.trim().to_string();
        }
        // Column widths are a property of the document's layout: measure them on every
        // table line, so a course whose names never wrap still knows the width.
        let all: Vec<(&Line<'_>, Vec<Item<'_>>)> = self
            .lines
            .iter()
            .filter(|l| !lexicon::is_continued(l.text) && !lexicon::is_table_header(l.text))
            .map(|l| (l, items(l.text)))
            .collect();
        let layout = Layout {
            caps: measure_caps(&Weights::DEFAULT, &all),
            alone: codes_alone(&all),
        };
        log::debug!(
            "caps {:?} codes alone {:?}",
            layout.caps.0,
            [layout.alone.0[0], layout.alone.0[1]]
        );
        let sections: Vec<&[Line<'a>]> = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| {
                let end = starts.get(k + 1).copied().unwrap_or(self.lines.len());
                &self.lines[start..end]
            })
            .collect();
        // Header labels one course shows plainly are labels in every course.
        let mut known: Vec<String> = Vec::new();
        for lines in &sections {
            let (mut scratch, mut strays) = (ParsedCourse::default(), Vec::new());
            if let Some(end) = header_range(lines) {
                self.header_block(&lines[end.0..end.1], &mut scratch, &mut strays, &[]);
            }
            for label in scratch.labels {
                if !known.contains(&label) {
                    known.push(label);
                }
            }
        }
        for (k, lines) in sections.iter().enumerate() {
            let course = self.course(lines, k as u32 + 1, layout, &known, &mut doc, &mut votes);
            doc.courses.push(course);
        }
        (doc, votes)
    }

    /// One course section: title, header block, table.
    fn course(
        &self,
        lines: &[Line<'a>],
        ordinal: u32,
        layout: Layout,
        known: &[String],
        doc: &mut ParsedDocument,
        votes: &mut Vec<Vote>,
    ) -> ParsedCourse {
        let strays = &mut doc.strays;
        let title = lexicon::title(lines[0].text).expect("sections start at a title");
        let mut course = ParsedCourse {
            // A title without a number (or numbered 0) is numbered by its place.
            course_no: title.number.filter(|&n| n > 0).unwrap_or(ordinal),
            category: title.category.clone(),
            name: title.name.clone(),
            loc: lines[0].loc,
            ..Default::default()
        };
        let (i, header_end) = header_range(lines).unwrap_or((1, lines.len()));
        self.header_block(&lines[i..header_end], &mut course, strays, known);
        if header_end < lines.len() {
            let table = &lines[header_end + 1..];
            if let Some((align, columns)) = self.aligned {
                let read = aligned::table(table, course.course_no, align, columns);
                course.rows = read.rows;
                strays.extend(read.strays);
                doc.doubts.extend(read.doubts);
                let mut cost = self.cost.get();
                for level in Level::ALL {
                    cost[level] += read.cost[level];
                }
                self.cost.set(cost);
                return course;
            }
            let (rows, table_strays, table_votes) =
                Table::new(&self.hints, course.course_no, layout).parse(table);
            course.rows = rows;
            strays.extend(table_strays);
            votes.extend(table_votes);
        }
        course
    }
}
