//! Course tables from the blocks of an original (a Word document or a workbook).
//!
//! Takes an [`Original`]: paragraphs and tables whose cells are already cells, so nothing
//! here measures geometry. What is left is the reading of a course section, by the shared
//! vocabulary ([`crate::vocab`]):
//!
//! - titles, the checkbox line, 课程名称 and 主要教学内容及要求 are read from paragraphs or
//!   from table rows alike (a row is read as its cells joined by a space);
//! - the roles of a table's grid columns (project, task, competency; code and name in
//!   one column or two) come from its header row (`工作项目 | 工作任务 | 职业能力`; a second
//!   header row right under it, `编号 | 名称` for each level, is read as furniture too),
//!   else from where the codes of each level stand ([`roles`]), else from the previous
//!   table (a part after `续上表` without its header row);
//! - a cell continuing a merged cell (`w:vMerge`, a workbook's merged region) reads as the
//!   cell it continues; an empty project or task cell, as a course table split into several
//!   tables shows it, takes the label above it, or the next one, whichever is the parent
//!   of the row's competency code (the rule of merged cells over PDF page breaks); a label
//!   repeated with its code only takes the name printed elsewhere in the course;
//! - codes stored as numbers are read back by their level and flagged (`number-code`),
//!   unaccepted tracked changes give one `tracked-changes` finding per course, a table
//!   nested in a cell is stray text.

mod roles;

use crate::extract::blocks::{Block, GridCell, Original, Table};
use crate::model::{Cell, Loc, Note, ParsedCourse, ParsedDocument, ParsedRow, RawCode, Rule};
use crate::model::{Stray, Unmapped};
use crate::vocab::{code, lexicon, Level};
use roles::{Role, Roles};

/// Longest line read as a label of the header block (`对接的职业能力` is 7 characters)
/// rather than description text: a label is a few words without sentence punctuation.
const MAX_LABEL_CHARS: usize = 12;

/// Rebuild the courses of an original.
pub fn parse(o: &Original) -> ParsedDocument {
    let mut p = Parser {
        doc: ParsedDocument {
            pages: o.pages,
            ..ParsedDocument::default()
        },
        ..Parser::default()
    };
    for block in &o.blocks {
        match block {
            Block::Para(para) => {
                p.unmapped(&para.text, para.loc);
                p.changed(para.changed, para.loc);
                p.text_line(&para.text, para.loc);
            }
            Block::Table(t) => p.table(t),
        }
    }
    p.finish();
    if let Some(loc) = p.preamble_changed {
        p.doc.notes.insert(0, tracked(None, loc));
    }
    p.doc
}

/// A project or task cell of one row, as read.
#[derive(Debug, Clone, Default)]
struct Slot {
    code: String,
    name: String,
    loc: Loc,
}

impl Slot {
    fn is_empty(&self) -> bool {
        self.code.is_empty() && self.name.is_empty()
    }
}

#[derive(Debug, Clone)]
struct Draft {
    labels: [Slot; 2],
    competency: Slot,
}

struct Building {
    course: ParsedCourse,
    rows: Vec<Draft>,
    changed: Option<Loc>,
}

/// What the next paragraph of the header block is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Expect {
    #[default]
    Nothing,
    Name,
    Description,
}

#[derive(Default)]
struct Parser {
    doc: ParsedDocument,
    cur: Option<Building>,
    seen_text: bool,
    expect: Expect,
    /// The roles of the last table that had any.
    roles: Option<Roles>,
    preamble_changed: Option<Loc>,
}

impl Parser {
    fn course_no(&self) -> Option<u32> {
        self.cur.as_ref().map(|b| b.course.course_no)
    }

    fn stray(&mut self, text: &str, loc: Loc) {
        let course_no = self.course_no();
        self.doc.strays.push(Stray {
            text: text.to_string(),
            loc,
            course_no,
        });
    }

    fn unmapped(&mut self, text: &str, loc: Loc) {
        let bad = lexicon::unmapped_chars(text);
        if !bad.is_empty() {
            let detail = bad
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect::<Vec<_>>()
                .join(" ");
            self.doc.unmapped.push(Unmapped {
                text: text.to_string(),
                loc,
                detail: format!("{detail}: private-use or symbol-font characters"),
            });
        }
    }

    fn changed(&mut self, changed: bool, loc: Loc) {
        if !changed {
            return;
        }
        match self.cur.as_mut() {
            Some(b) => {
                b.changed.get_or_insert(loc);
            }
            None => {
                self.preamble_changed.get_or_insert(loc);
            }
        }
    }

    /// A paragraph, or a table row that is not a course row.
    fn text_line(&mut self, text: &str, loc: Loc) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let expect = std::mem::take(&mut self.expect);
        if let Some(title) = lexicon::whole_title(text) {
            self.finish();
            let course_no = title
                .number
                .unwrap_or_else(|| self.doc.courses.last().map_or(1, |c| c.course_no + 1));
            self.cur = Some(Building {
                course: ParsedCourse {
                    course_no,
                    category: title.category,
                    name: title.name,
                    loc,
                    ..ParsedCourse::default()
                },
                rows: Vec::new(),
                changed: None,
            });
            self.seen_text = true;
            return;
        }
        if lexicon::is_continued(text) || is_header_row_text(text) {
            return;
        }
        let Some(b) = self.cur.as_mut() else {
            if !self.seen_text {
                self.doc.title = text.to_string();
            }
            self.seen_text = true;
            return;
        };
        let before_rows = b.rows.is_empty();
        if let Some(boxes) = lexicon::checkboxes(text).filter(|_| before_rows) {
            b.course.level = boxes.level;
            b.course.checked = boxes
                .boxes
                .into_iter()
                .filter(|(t, _)| *t)
                .map(|(_, n)| n)
                .collect();
        } else if let Some(name) = lexicon::course_name(text).filter(|_| before_rows) {
            if name.is_empty() {
                self.expect = Expect::Name;
            } else {
                b.course.name = name.to_string();
            }
        } else if let Some(rest) = description(text).filter(|_| before_rows) {
            b.course.description = rest.to_string();
            self.expect = Expect::Description;
        } else if expect == Expect::Name && before_rows {
            b.course.name = text.to_string();
        } else if expect == Expect::Description && before_rows {
            if b.course.description.is_empty() || !is_label(text) {
                lexicon::join_wrapped(&mut b.course.description, text);
                self.expect = Expect::Description;
            } else {
                b.course.labels.push(text.to_string());
            }
        } else if before_rows && is_label(text) {
            b.course.labels.push(text.to_string());
        } else {
            self.stray(text, loc);
        }
    }

    fn table(&mut self, t: &Table) {
        for p in &t.nested {
            self.unmapped(&p.text, p.loc);
            self.stray(
                &format!("(a table inside a table cell, not read) {}", p.text),
                p.loc,
            );
        }
        let rows = fill_continued(&t.rows);
        if let Some(r) = roles::of_table(&rows) {
            self.roles = Some(r);
        }
        // The row before was the header row: a second header row may follow it.
        let mut after_header = false;
        for row in &rows {
            for c in row {
                if !c.continues {
                    self.unmapped(&c.text, c.loc);
                    self.changed(c.changed, c.loc);
                }
            }
            if row.iter().all(|c| c.text.is_empty()) {
                continue;
            }
            if roles::is_header_row(row) {
                after_header = true;
                continue;
            }
            if std::mem::take(&mut after_header) && roles::is_subheader_row(row) {
                continue;
            }
            let draft = match self.roles {
                Some(r) => self.draft(&r, row),
                None => None,
            };
            match draft {
                Some(d) => self.push_row(d),
                None => {
                    // A cell continuing a merged cell was read with the row above (a label
                    // merged down beside a two-row description, a title merged over rows).
                    let own = |c: &&GridCell| !c.text.is_empty() && !c.continues;
                    let loc = row.iter().find(own).map(|c| c.loc);
                    let text = row
                        .iter()
                        .filter(own)
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.text_line(&text, loc.unwrap_or_default());
                }
            }
        }
    }

    /// A course row, when the competency cell holds a code.
    fn draft(&mut self, roles: &Roles, row: &[GridCell]) -> Option<Draft> {
        let competency = self.slot(roles.0[2]?, row, Level::Competency);
        if competency.code.is_empty() {
            return None;
        }
        let label = |p: &mut Self, l: Level| {
            roles.0[l.index()]
                .map(|r| p.slot(r, row, l))
                .unwrap_or_default()
        };
        let project = label(self, Level::Project);
        let task = label(self, Level::Task);
        self.expect = Expect::Nothing;
        Some(Draft {
            labels: [project, task],
            competency,
        })
    }

    /// The code and text of one level's columns in a row.
    fn slot(&mut self, role: Role, row: &[GridCell], level: Level) -> Slot {
        // Only cells within the level's columns: a cell spanning other levels' columns too
        // (a title or a description merged across the sheet) is no cell of the table.
        let end = role.col + role.width;
        let cells: Vec<&GridCell> = row
            .iter()
            .filter(|c| c.col >= role.col && c.col + c.span.max(1) <= end)
            .filter(|c| !c.text.is_empty())
            .collect();
        let Some(first) = cells.first() else {
            return Slot::default();
        };
        let loc = first.loc;
        let rest = |from: usize| {
            let mut s = String::new();
            for c in &cells[from..] {
                lexicon::join_wrapped(&mut s, &c.text);
            }
            s
        };
        if let Some(n) = &first.number {
            let code = match recover_number(n, level) {
                // A merged cell is flagged once, at its first row.
                Some(code) if first.continues => code,
                Some(code) => {
                    let course_no = self.course_no();
                    self.doc.notes.push(Note {
                        rule: Rule::NumberCode,
                        course_no,
                        code: n.clone(),
                        loc,
                        statement: format!(
                            "the workbook stores this {} code as the number {n}, which loses its zeros",
                            level.noun()
                        ),
                        expected: Some(format!("read as `{code}`; store codes as text")),
                    });
                    code
                }
                None => n.clone(),
            };
            return Slot {
                code,
                name: rest(1),
                loc,
            };
        }
        if cells.len() > 1 && code::loose_groups(&first.text).is_some() {
            return Slot {
                code: first.text.trim().to_string(),
                name: rest(1),
                loc,
            };
        }
        let text = rest(0);
        let (code, name) = code::leading_code(&text, Some(level.groups()))
            .or_else(|| code::leading_code(&text, None))
            .unwrap_or_else(|| code::split_leading_code(&text));
        Slot { code, name, loc }
    }

    fn push_row(&mut self, d: Draft) {
        let b = self.cur.get_or_insert_with(|| Building {
            course: ParsedCourse {
                course_no: self.doc.courses.len() as u32 + 1,
                loc: d.competency.loc,
                ..ParsedCourse::default()
            },
            rows: Vec::new(),
            changed: None,
        });
        b.rows.push(d);
    }

    fn finish(&mut self) {
        let Some(mut b) = self.cur.take() else {
            return;
        };
        self.expect = Expect::Nothing;
        for level in Level::NAMED {
            resolve_labels(&mut b.rows, level);
        }
        let cell = |s: &Slot| {
            (!s.is_empty()).then(|| Cell {
                code: RawCode {
                    text: s.code.clone(),
                    loc: s.loc,
                },
                text: s.name.clone(),
            })
        };
        b.course.rows = b
            .rows
            .iter()
            .map(|d| ParsedRow {
                project: cell(&d.labels[0]),
                task: cell(&d.labels[1]),
                competency: Cell {
                    code: RawCode {
                        text: d.competency.code.clone(),
                        loc: d.competency.loc,
                    },
                    text: d.competency.name.clone(),
                },
            })
            .collect();
        if let Some(loc) = b.changed {
            self.doc.notes.push(tracked(Some(b.course.course_no), loc));
        }
        self.doc.courses.push(b.course);
    }
}

fn tracked(course_no: Option<u32>, loc: Loc) -> Note {
    Note {
        rule: Rule::TrackedChanges,
        course_no,
        code: String::new(),
        loc,
        statement: format!(
            "{} has tracked changes nobody accepted, first at paragraph {}; read as if all were accepted",
            if course_no.is_some() { "the course" } else { "the text before the first course" },
            loc.line
        ),
        expected: None,
    }
}

/// Cells continuing a merged cell take the content of the cell they continue (the last
/// cell above covering the same column); other cells stay as they are.
fn fill_continued(rows: &[Vec<GridCell>]) -> Vec<Vec<GridCell>> {
    let mut above: Vec<Option<GridCell>> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut filled = Vec::with_capacity(row.len());
        for c in row {
            let mut c = c.clone();
            if c.continues {
                if let Some(Some(a)) = above.get(c.col) {
                    c.text = a.text.clone();
                    c.loc = a.loc;
                    c.number = a.number.clone();
                }
            }
            let end = c.col + c.span.max(1);
            if above.len() < end {
                above.resize(end, None);
            }
            for slot in &mut above[c.col..end] {
                *slot = Some(c.clone());
            }
            filled.push(c);
        }
        out.push(filled);
    }
    out
}

/// The description after its label (`主要教学内容及要求：…`), or `Some("")` for the label
/// alone.
fn description(text: &str) -> Option<&str> {
    let t = text.trim();
    // The label may be split by white space where a cell wrapped it.
    let mut chars = lexicon::DESCRIPTION_LABEL.chars().peekable();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        match chars.peek() {
            None => break,
            Some(&want) if c == want => {
                chars.next();
                end = i + c.len_utf8();
            }
            Some(_) if c.is_whitespace() => {}
            Some(_) => return None,
        }
    }
    if chars.peek().is_some() {
        return None;
    }
    Some(t[end..].trim_start_matches([':', '：']).trim())
}

/// A short line without sentence punctuation: a label of the header block.
fn is_label(text: &str) -> bool {
    text.chars().count() <= MAX_LABEL_CHARS && !text.contains(['。', '，', '；', ',', ';', '.'])
}

/// The header row joined into one line (`工作项目 工作任务 职业能力（…）`).
fn is_header_row_text(text: &str) -> bool {
    lexicon::is_table_header(text)
}

/// The normalised code of `code`, for comparing labels (`None` when it reads as none).
fn norm(c: &str) -> Option<String> {
    code::classify(c.trim()).map(|c| c.normalised)
}

/// Does the label coded `label` sit above the competency coded `comp`?
fn is_parent(label: &str, comp: &str) -> bool {
    match (norm(label), norm(comp)) {
        (Some(l), Some(c)) => c.starts_with(&format!("{l}-")),
        _ => false,
    }
}

/// Empty project or task cells take the label above or below (the parent of the row's
/// competency; else the one above); labels printed with their code only take the name the
/// course prints elsewhere for that code.
fn resolve_labels(rows: &mut [Draft], level: Level) {
    let i = level.index();
    let filled: Vec<Option<usize>> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (!r.labels[i].is_empty()).then_some(k))
        .collect();
    for k in 0..rows.len() {
        if filled[k].is_some() {
            continue;
        }
        let prev = filled[..k].iter().rev().flatten().next().copied();
        let next = filled[k + 1..].iter().flatten().next().copied();
        let comp = rows[k].competency.code.clone();
        let fits = |j: Option<usize>| j.filter(|&j| is_parent(&rows[j].labels[i].code, &comp));
        if let Some(j) = fits(prev).or(fits(next)).or(prev) {
            rows[k].labels[i] = rows[j].labels[i].clone();
        }
    }
    if rows
        .iter()
        .all(|r| r.labels[i].code.is_empty() || !r.labels[i].name.is_empty())
    {
        return;
    }
    let names: Vec<(String, String)> = rows
        .iter()
        .filter(|r| !r.labels[i].name.is_empty())
        .filter_map(|r| Some((norm(&r.labels[i].code)?, r.labels[i].name.clone())))
        .collect();
    for r in rows.iter_mut() {
        let l = &mut r.labels[i];
        if l.name.is_empty() {
            if let Some(n) = norm(&l.code) {
                if let Some((_, name)) = names.iter().find(|(c, _)| *c == n) {
                    l.name = name.clone();
                }
            }
        }
    }
}

/// A code a workbook stored as a number, read back by its level: a project `1` is `01`;
/// a task `1.1` is `01-10` (the number lost the zero after the point), `1.01` is
/// `01-01`. `None` when the number has no such reading.
fn recover_number(n: &str, level: Level) -> Option<String> {
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    if int.is_empty() || int.len() > 2 || !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match level {
        Level::Project if frac.is_empty() => Some(format!("{int:0>2}")),
        Level::Task if !frac.is_empty() && frac.len() <= 2 => Some(format!("{int:0>2}-{frac:0<2}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
