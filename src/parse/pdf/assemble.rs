//! From page layouts to courses: find the six table columns on each page, turn every page
//! into reading-order events (titles, header-block fields, rows, loose text), then build the
//! courses, joining merged cells and rows that page breaks split.

use super::columns::{detect_columns, page_has_columns, Columns};
use super::events::{page_events, Ev, RowRaw, SegRef};
use super::layout::PageLayout;
use super::merged::{resolve, Label};
use crate::model::{Cell, Loc, ParsedCourse, ParsedDocument, ParsedRow, RawCode, Stray, Unmapped};
use crate::vocab::Level;
use crate::vocab::{code, lexicon};

/// A course being built.
struct Building {
    course: ParsedCourse,
    rows: Vec<RowRaw>,
    /// Text at the bottom of a page with no code beside it: the start of the next page's
    /// first row when that row's code was printed after the break.
    pending: Option<(String, Loc)>,
}

pub fn assemble(pages: &[PageLayout], page_count: u32) -> ParsedDocument {
    let mut gather = Gather::default();
    for pl in pages {
        gather.page(pl);
    }
    gather.finish(page_count)
}

/// What the pages give, gathered page by page: lines with unmapped characters, and the
/// events in reading order (with the table columns the next page may take over).
#[derive(Default)]
pub struct Gather {
    unmapped: Vec<Unmapped>,
    events: Vec<Ev>,
    prev_cols: Vec<Columns>,
}

impl Gather {
    /// Take in the next page.
    pub fn page(&mut self, pl: &PageLayout) {
        for (n, line) in pl.lines.iter().enumerate() {
            let bad = lexicon::unmapped_chars(line);
            if !bad.is_empty() {
                let mut detail = bad
                    .iter()
                    .map(|c| format!("U+{:04X}", *c as u32))
                    .collect::<Vec<_>>()
                    .join(" ");
                if !pl.page.unsupported_cmaps.is_empty() {
                    detail.push_str(&format!(
                        "; fonts on the page use the predefined CMap {}, which cannot be decoded",
                        pl.page.unsupported_cmaps.join(", ")
                    ));
                }
                self.unmapped.push(Unmapped {
                    text: line.clone(),
                    loc: Loc::new(pl.page.number, n as u32 + 1),
                    detail,
                });
            }
        }
        let mut cols = detect_columns(pl);
        if cols.is_empty() {
            cols = self
                .prev_cols
                .iter()
                .copied()
                .filter(|c| page_has_columns(pl, c))
                .collect();
        }
        if !cols.is_empty() {
            self.prev_cols = cols.clone();
        }
        self.events
            .extend(page_events(pl, &cols).into_iter().map(|e| e.2));
    }

    /// The courses of the document, from every page taken in.
    pub fn finish(self, page_count: u32) -> ParsedDocument {
        let mut doc = ParsedDocument {
            pages: page_count,
            unmapped: self.unmapped,
            ..ParsedDocument::default()
        };
        build(&mut doc, self.events);
        doc
    }
}

/// Courses, rows and stray text from the events of every page.
fn build(doc: &mut ParsedDocument, events: Vec<Ev>) {
    let events = join_wrapped_titles(events);

    let mut cur: Option<Building> = None;
    let mut seen_text = false;
    // The last header field was the description: a page break may cut it.
    let mut description_open = false;
    for ev in events {
        if !matches!(ev, Ev::Description(_) | Ev::Loose { .. } | Ev::Free { .. }) {
            description_open = false;
        }
        match ev {
            Ev::Free { text: t, loc } => {
                if let Some(title) = lexicon::whole_title(&t) {
                    finish(doc, cur.take());
                    cur = Some(Building {
                        course: ParsedCourse {
                            course_no: title.number.unwrap_or_else(|| {
                                doc.courses.last().map_or(1, |c| c.course_no + 1)
                            }),
                            category: title.category,
                            name: title.name,
                            loc,
                            ..ParsedCourse::default()
                        },
                        rows: Vec::new(),
                        pending: None,
                    });
                } else if lexicon::is_continued(&t) || lexicon::is_header_label(&t) {
                } else if cur.is_none() {
                    // Preamble before the first course: the first line is the title.
                    if !seen_text {
                        doc.title = t.clone();
                    }
                } else {
                    doc.strays.push(Stray {
                        text: t,
                        loc,
                        course_no: cur.as_ref().map(|c| c.course.course_no),
                    });
                }
                seen_text = true;
            }
            Ev::Name(v) => {
                if let Some(c) = cur.as_mut() {
                    if !v.is_empty() {
                        c.course.name = v;
                    }
                }
            }
            Ev::Description(v) => {
                if let Some(c) = cur.as_mut() {
                    c.course.description = v;
                    description_open = true;
                }
            }
            Ev::Loose {
                text: t,
                loc,
                page_top,
            } => match cur.as_mut() {
                Some(b) if page_top && description_open && b.rows.is_empty() => {
                    lexicon::join_drawn(&mut b.course.description, &t);
                }
                _ => doc.strays.push(Stray {
                    text: t,
                    loc,
                    course_no: cur.as_ref().map(|c| c.course.course_no),
                }),
            },
            Ev::Checkboxes { level, items } => {
                if let Some(c) = cur.as_mut() {
                    c.course.level = level;
                    c.course.checked = items
                        .into_iter()
                        .filter(|(_, t)| *t)
                        .map(|(n, _)| n)
                        .collect();
                }
            }
            Ev::Row(mut row) => {
                let b = cur.get_or_insert_with(|| Building {
                    course: ParsedCourse {
                        course_no: doc.courses.len() as u32 + 1,
                        loc: row.loc,
                        ..ParsedCourse::default()
                    },
                    rows: Vec::new(),
                    pending: None,
                });
                if let Some((prefix, ploc)) = b.pending.take() {
                    if row.first_on_page && row.loc.page == ploc.page + 1 {
                        let mut t = prefix;
                        lexicon::join_drawn(&mut t, &row.text);
                        row.text = t;
                    } else {
                        doc.strays.push(Stray {
                            text: prefix,
                            loc: ploc,
                            course_no: Some(b.course.course_no),
                        });
                    }
                }
                // A code cut by a page break (`05-06-` / `02`): the row goes on.
                if let Some(last) = b.rows.last_mut() {
                    let cut = last
                        .code
                        .trim_end()
                        .ends_with(['-', '－', '‐', '‑', '–', '—', '﹣']);
                    let joined = format!("{}{}", last.code.trim_end(), row.code.trim());
                    let completes = code::loose_groups(&joined) == Some(Level::Competency.groups());
                    if cut && completes && row.first_on_page && last.loc.page < row.loc.page {
                        last.code.truncate(last.code.trim_end().len());
                        last.code.push_str(row.code.trim());
                        lexicon::join_drawn(&mut last.text, &row.text);
                        continue;
                    }
                }
                b.rows.push(*row);
            }
            Ev::Orphan {
                text: t,
                loc,
                top,
                bottom,
            } => {
                let course = cur.as_ref().map(|c| c.course.course_no);
                match cur.as_mut() {
                    Some(b) if top && b.rows.last().is_some_and(|r| r.loc.page < loc.page) => {
                        let last = b.rows.last_mut().expect("checked");
                        lexicon::join_drawn(&mut last.text, &t);
                    }
                    Some(b) if bottom && b.pending.is_none() => b.pending = Some((t, loc)),
                    _ => doc.strays.push(Stray {
                        text: t,
                        loc,
                        course_no: course,
                    }),
                }
            }
            Ev::LabelTail {
                level,
                name,
                text: t,
                loc,
            } => match cur.as_mut() {
                Some(b) if b.rows.last().is_some_and(|r| r.loc.page < loc.page) => {
                    join_label_tail(&mut b.rows, level, name, &t);
                }
                _ => doc.strays.push(Stray {
                    text: t,
                    loc,
                    course_no: cur.as_ref().map(|c| c.course.course_no),
                }),
            },
            Ev::Stray { text: t, loc } => doc.strays.push(Stray {
                text: t,
                loc,
                course_no: cur.as_ref().map(|c| c.course.course_no),
            }),
        }
    }
    finish(doc, cur.take());
    tidy(doc);
}

/// The tail of a project or task label continued at the top of the next page (its row cut
/// by the break): joined to the label of the last rows of the page before, every row of
/// that cell piece (they share one box), so the merged cell reads whole.
fn join_label_tail(rows: &mut [RowRaw], level: Level, name: bool, tail: &str) {
    fn seg(r: &mut RowRaw, level: Level) -> &mut SegRef {
        if level == Level::Project {
            &mut r.project
        } else {
            &mut r.task
        }
    }
    let n = rows.len();
    let Some(last) = rows.last_mut() else { return };
    let (page, key) = {
        let s = seg(last, level);
        (s.page, s.key)
    };
    let mut start = n - 1;
    while start > 0 && key.is_some() && {
        let s = seg(&mut rows[start - 1], level);
        s.page == page && s.key == key
    } {
        start -= 1;
    }
    for r in &mut rows[start..] {
        let s = seg(r, level);
        lexicon::join_drawn(if name { &mut s.name } else { &mut s.code }, tail);
    }
}

/// Spaces kept at fragment edges for joining have done their work: trim every text.
fn tidy(doc: &mut ParsedDocument) {
    let trim = |s: &mut String| {
        let t = s.trim();
        if t.len() != s.len() {
            *s = t.to_string();
        }
    };
    for s in &mut doc.strays {
        trim(&mut s.text);
    }
    doc.strays.retain(|s| !s.text.is_empty());
    for c in &mut doc.courses {
        trim(&mut c.name);
        trim(&mut c.level);
        trim(&mut c.description);
        for r in &mut c.rows {
            for cell in [&mut r.project, &mut r.task].into_iter().flatten() {
                trim(&mut cell.code.text);
                trim(&mut cell.text);
            }
            trim(&mut r.competency.code.text);
            trim(&mut r.competency.text);
        }
    }
}

/// A title too long for one line continues on the next free line.
fn join_wrapped_titles(events: Vec<Ev>) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    let mut it = events.into_iter().peekable();
    while let Some(ev) = it.next() {
        if let Ev::Free { text: t, loc } = &ev {
            if lexicon::starts_title(t) {
                if let Some(Ev::Free { text: next, .. }) = it.peek() {
                    let mut joined = t.clone();
                    lexicon::join_drawn(&mut joined, next);
                    if lexicon::whole_title(&joined).is_some() {
                        it.next();
                        out.push(Ev::Free {
                            text: joined,
                            loc: *loc,
                        });
                        continue;
                    }
                }
            }
        }
        out.push(ev);
    }
    out
}

fn finish(doc: &mut ParsedDocument, b: Option<Building>) {
    let Some(mut b) = b else { return };
    if let Some((t, loc)) = b.pending.take() {
        doc.strays.push(Stray {
            text: t,
            loc,
            course_no: Some(b.course.course_no),
        });
    }
    let projects = resolve(&b.rows, |r| &r.project);
    let tasks = resolve(&b.rows, |r| &r.task);
    let cell = |l: &Option<Label>| {
        l.as_ref().map(|l| Cell {
            code: RawCode {
                text: l.code.clone(),
                loc: l.code_loc,
            },
            text: l.name.clone(),
        })
    };
    b.course.rows = b
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| ParsedRow {
            project: cell(&projects[i]),
            task: cell(&tasks[i]),
            competency: Cell {
                code: RawCode {
                    text: r.code.clone(),
                    loc: r.loc,
                },
                text: r.text.clone(),
            },
        })
        .collect();
    doc.courses.push(b.course);
}
