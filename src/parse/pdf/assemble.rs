//! From page layouts to courses: find the six table columns on each page, turn every page
//! into reading-order events (titles, header-block fields, rows, loose text), then build the
//! courses, joining merged cells and rows that page breaks split.

use super::layout::{CellKey, PageLayout, Rect};
use super::text::{self, join_into};
use crate::model::{Cell, Loc, ParsedCourse, ParsedDocument, ParsedRow, RawCode, Stray, Unmapped};
use std::collections::BTreeSet;

/// How far (points) two rule positions may differ and still be the same column edge.
const SAME_EDGE: f64 = 2.0;

type Span = (f64, f64);

/// A project or task column group: the code column and, when the table gives the name its
/// own column, the name column.
#[derive(Debug, Clone, Copy)]
struct LabelCols {
    code: Span,
    name: Option<Span>,
}

/// The roles of a page's table columns.
#[derive(Debug, Clone, Copy)]
struct Columns {
    project: Option<LabelCols>,
    task: Option<LabelCols>,
    comp: Span,
    text: Span,
}

impl Columns {
    fn all(&self) -> Vec<Span> {
        let mut v = Vec::new();
        for l in [self.project, self.task].into_iter().flatten() {
            v.push(l.code);
            v.extend(l.name);
        }
        v.push(self.comp);
        v.push(self.text);
        v
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= SAME_EDGE
}

fn in_span(r: &Rect, s: Span) -> bool {
    same(r.left, s.0) && same(r.right, s.1)
}

fn mid(s: Span) -> f64 {
    (s.0 + s.1) / 2.0
}

/// Finds the competency-code columns (cells reading `NN-NN-NN`; one per table on the page,
/// tables of different widths may share a page) and derives the other columns of each from
/// the vertical rules that bound those cells' rows.
fn detect_columns(pl: &PageLayout) -> Vec<Columns> {
    let mut counts: std::collections::BTreeMap<(i64, i64), (usize, Span)> = Default::default();
    let mut code_cells: Vec<Rect> = Vec::new();
    for c in pl.cells.values() {
        // A code cut by the page's end (`01-01-` over nothing) marks its column too: a
        // table may start with it at the foot of a page.
        let t = pl.text_of(&c.glyphs);
        let cut_head = text::compact(&t)
            .strip_suffix(['-', '－', '‐', '‑', '–', '—', '﹣'])
            .is_some_and(|h| text::code_parts(h) == Some(2))
            && c.rect.bottom >= pl.page.height * 0.75;
        if text::is_competency_code(&t) || cut_head {
            let k = (
                (c.rect.left * 2.0).round() as i64,
                (c.rect.right * 2.0).round() as i64,
            );
            let e = counts.entry(k).or_insert((0, (c.rect.left, c.rect.right)));
            e.0 += 1;
            code_cells.push(c.rect);
        }
    }
    let mut out: Vec<Columns> = Vec::new();
    for (_, comp) in counts.values().copied() {
        if out
            .iter()
            .any(|c| same(c.comp.0, comp.0) && same(c.comp.1, comp.1))
        {
            continue;
        }
        if let Some(c) = columns_around(pl, comp, &code_cells) {
            out.push(c);
        }
    }
    out
}

fn columns_around(pl: &PageLayout, comp: Span, code_cells: &[Rect]) -> Option<Columns> {
    let rows: Vec<f64> = code_cells
        .iter()
        .filter(|r| in_span(r, comp))
        .map(|r| r.mid_y())
        .collect();
    let mut xs: Vec<f64> = pl
        .vrules
        .iter()
        .filter(|v| rows.iter().any(|&y| v.from - 1.5 <= y && y <= v.to + 1.5))
        .map(|v| v.pos)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| same(*a, *b));
    let idx = xs.iter().position(|&x| same(x, comp.0))?;
    let text = (*xs.get(idx + 1)?, *xs.get(idx + 2)?);
    let col = |i: usize| (xs[i], xs[i + 1]);
    let (project, task) = match idx {
        0 => (None, None),
        1 => (
            None,
            Some(LabelCols {
                code: col(0),
                name: None,
            }),
        ),
        2 => (
            Some(LabelCols {
                code: col(0),
                name: None,
            }),
            Some(LabelCols {
                code: col(1),
                name: None,
            }),
        ),
        3 => (
            Some(LabelCols {
                code: col(0),
                name: None,
            }),
            Some(LabelCols {
                code: col(1),
                name: Some(col(2)),
            }),
        ),
        _ => (
            Some(LabelCols {
                code: col(idx - 4),
                name: Some(col(idx - 3)),
            }),
            Some(LabelCols {
                code: col(idx - 2),
                name: Some(col(idx - 1)),
            }),
        ),
    };
    Some(Columns {
        project,
        task,
        comp,
        text,
    })
}

/// A project or task cell as one page shows it, for one row.
#[derive(Debug, Clone, Default)]
struct SegRef {
    page: u32,
    /// The code cell's box; `None` when no ruled cell is there (each such ref stands alone).
    key: Option<CellKey>,
    code: String,
    code_loc: Loc,
    name: String,
    name_loc: Loc,
}

impl SegRef {
    fn is_empty(&self) -> bool {
        self.code.is_empty() && self.name.is_empty()
    }
}

#[derive(Debug, Clone)]
struct RowRaw {
    code: String,
    loc: Loc,
    text: String,
    first_on_page: bool,
    project: SegRef,
    task: SegRef,
}

#[derive(Debug, Clone)]
enum Ev {
    Free {
        text: String,
        loc: Loc,
    },
    Name(String),
    Description(String),
    Checkboxes {
        level: String,
        items: Vec<(String, bool)>,
    },
    Row(Box<RowRaw>),
    /// Text in the competency-text column with no code beside it; `top`/`bottom`: no code
    /// cell above / below it on the page.
    Orphan {
        text: String,
        loc: Loc,
        top: bool,
        bottom: bool,
    },
    Stray {
        text: String,
        loc: Loc,
    },
    /// A header-block cell with no label beside it; `page_top`: in the page's first row of
    /// cells (where a description cut by a page break goes on).
    Loose {
        text: String,
        loc: Loc,
        page_top: bool,
    },
}

/// Events of one page in reading order.
fn page_events(pl: &PageLayout, tables: &[Columns]) -> Vec<(f64, f64, Ev)> {
    let page = pl.page.number;
    let loc_of = |g: &[usize]| Loc::new(page, pl.first_line(g));
    let mut used: BTreeSet<CellKey> = BTreeSet::new();
    let mut out: Vec<(f64, f64, Ev)> = Vec::new();

    // Header-row labels are structure, not content.
    for (k, c) in &pl.cells {
        if text::is_header_label(&pl.text_of(&c.glyphs)) {
            used.insert(*k);
        }
    }

    let mut extents: Vec<(f64, f64)> = Vec::new();
    let mut header_bands: Vec<(f64, f64)> = Vec::new();
    for cols in tables {
        let mut code_cells: Vec<(CellKey, Rect, Vec<usize>)> = pl
            .cells
            .iter()
            .filter(|(k, c)| !used.contains(k) && in_span(&c.rect, cols.comp))
            .map(|(k, c)| (*k, c.rect, c.glyphs.clone()))
            .collect();
        // A cell of the code column with neither digit nor dash holds no code: a second
        // header row (编号 / 内容…) when short and above the codes, else stray text.
        let has_code = |g: &[usize]| {
            pl.text_of(g).chars().any(|c| {
                c.is_ascii_digit() || ('０'..='９').contains(&c) || "-－‐‑–—﹣".contains(c)
            })
        };
        let first_code = code_cells
            .iter()
            .filter(|c| has_code(&c.2))
            .map(|c| c.1.top)
            .fold(f64::INFINITY, f64::min);
        code_cells.retain(|(key, rect, glyphs)| {
            if has_code(glyphs) {
                return true;
            }
            used.insert(*key);
            let mut texts = vec![(pl.text_of(glyphs), loc_of(glyphs))];
            if let Some((r, g)) = pl.cell_around(mid(cols.text), rect.mid_y()) {
                if !g.is_empty() && used.insert(r.key()) {
                    texts.push((pl.text_of(&g), loc_of(&g)));
                }
            }
            let header = rect.top < first_code && texts.iter().all(|t| t.0.chars().count() <= 6);
            if header {
                header_bands.push((rect.top, rect.bottom));
            } else {
                for (text, loc) in texts {
                    out.push((rect.top, rect.left, Ev::Stray { text, loc }));
                }
            }
            false
        });
        let first_top = code_cells
            .iter()
            .map(|c| c.1.top)
            .fold(f64::INFINITY, f64::min);
        let last_bottom = code_cells
            .iter()
            .map(|c| c.1.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        let lookup =
            |span: Span, y: f64, used: &mut BTreeSet<CellKey>| match pl.cell_around(mid(span), y) {
                Some((rect, glyphs)) => {
                    used.insert(rect.key());
                    (Some(rect.key()), glyphs)
                }
                None => (None, Vec::new()),
            };
        let seg = |lc: Option<LabelCols>, y: f64, used: &mut BTreeSet<CellKey>| -> SegRef {
            let Some(lc) = lc else {
                return SegRef {
                    page,
                    ..SegRef::default()
                };
            };
            let (key, code_glyphs) = lookup(lc.code, y, used);
            let mut code = pl.text_of(&code_glyphs);
            let code_loc = loc_of(&code_glyphs);
            let (name, name_loc) = match lc.name {
                Some(span) => {
                    let (_, g) = lookup(span, y, used);
                    (pl.text_of(&g), loc_of(&g))
                }
                None => {
                    let (c, n) = text::split_code_name(&code);
                    code = c;
                    (n, code_loc)
                }
            };
            SegRef {
                page,
                key,
                code,
                code_loc,
                name,
                name_loc,
            }
        };
        for (i, (key, rect, glyphs)) in code_cells.iter().enumerate() {
            used.insert(*key);
            // The row's height is where the code is printed (the middle of its lines): in a
            // table without rules the code's cell may reach beyond its row.
            let mids = glyphs.iter().map(|&g| pl.page.glyphs[g].mid_y());
            let (lo, hi) = mids.fold((f64::INFINITY, f64::NEG_INFINITY), |a, m| {
                (a.0.min(m), a.1.max(m))
            });
            let y = (lo + hi) / 2.0;
            let (_, text_glyphs) = lookup(cols.text, y, &mut used);
            let row = RowRaw {
                code: pl.text_of(glyphs),
                loc: loc_of(glyphs),
                text: pl.text_of(&text_glyphs),
                first_on_page: i == 0,
                project: seg(cols.project, y, &mut used),
                task: seg(cols.task, y, &mut used),
            };
            out.push((rect.top, rect.left, Ev::Row(Box::new(row))));
        }
        extents.push((first_top, last_bottom));
    }
    // Cells of the table columns no row took, once every table's rows have been read (two
    // tables on a page may share column positions).
    for (cols, &(first_top, last_bottom)) in tables.iter().zip(&extents) {
        let spans = cols.all();
        for (k, c) in &pl.cells {
            if used.contains(k) {
                continue;
            }
            if in_span(&c.rect, cols.text) {
                used.insert(*k);
                out.push((
                    c.rect.top,
                    c.rect.left,
                    Ev::Orphan {
                        text: pl.text_of(&c.glyphs),
                        loc: loc_of(&c.glyphs),
                        top: c.rect.bottom <= first_top + SAME_EDGE,
                        bottom: c.rect.top >= last_bottom - SAME_EDGE,
                    },
                ));
            } else if spans.iter().any(|&s| in_span(&c.rect, s)) {
                used.insert(*k);
                let y = c.rect.mid_y();
                let short = pl.text_of(&c.glyphs).trim().chars().count() <= 6;
                if short && header_bands.iter().any(|&(t, b)| t <= y && y <= b) {
                    continue;
                }
                out.push((
                    c.rect.top,
                    c.rect.left,
                    Ev::Stray {
                        text: pl.text_of(&c.glyphs),
                        loc: loc_of(&c.glyphs),
                    },
                ));
            }
        }
    }

    header_events(pl, &mut used, &mut out);

    let last_line = pl.lines.len() as u32;
    for (line, glyphs) in &pl.free {
        let g = &pl.page.glyphs[glyphs[0]];
        // A page number at the top or bottom of the page is furniture, not content.
        if (*line == 1 || *line == last_line) && text::is_page_number(&pl.text_of(glyphs)) {
            continue;
        }
        out.push((
            g.y - g.size,
            g.x,
            Ev::Free {
                text: pl.text_of(glyphs),
                loc: Loc::new(page, *line),
            },
        ));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    out
}

/// The header block's cells: 课程名称 and 主要教学内容及要求 labels with the cell to their
/// right, the checkbox line with the level before it; anything else is stray text.
fn header_events(pl: &PageLayout, used: &mut BTreeSet<CellKey>, out: &mut Vec<(f64, f64, Ev)>) {
    let page = pl.page.number;
    let others: Vec<(CellKey, Rect, String, Vec<usize>)> = pl
        .cells
        .iter()
        .filter(|(k, _)| !used.contains(k))
        .map(|(k, c)| (*k, c.rect, pl.text_of(&c.glyphs), c.glyphs.clone()))
        .collect();
    let right_of = |r: &Rect, used: &BTreeSet<CellKey>| {
        others
            .iter()
            .filter(|o| !used.contains(&o.0) && same(o.1.left, r.right))
            .filter(|o| o.1.top - SAME_EDGE <= r.mid_y() && r.mid_y() <= o.1.bottom + SAME_EDGE)
            .map(|o| o.0)
            .next()
    };
    let left_of = |r: &Rect, used: &BTreeSet<CellKey>| {
        others
            .iter()
            .filter(|o| !used.contains(&o.0) && same(o.1.right, r.left))
            .filter(|o| o.1.top - SAME_EDGE <= r.mid_y() && r.mid_y() <= o.1.bottom + SAME_EDGE)
            .map(|o| o.0)
            .next()
    };
    let text_of = |k: CellKey| {
        others
            .iter()
            .find(|o| o.0 == k)
            .map(|o| o.2.clone())
            .unwrap_or_default()
    };
    for (k, rect, t, g) in &others {
        if used.contains(k) {
            continue;
        }
        // A course title set as a table row.
        if text::parse_title(t).is_some() {
            used.insert(*k);
            out.push((
                rect.top,
                rect.left,
                Ev::Free {
                    text: t.clone(),
                    loc: Loc::new(page, pl.first_line(g)),
                },
            ));
            continue;
        }
        let c = text::compact(t);
        for (label, is_name) in [(text::NAME_LABEL, true), (text::DESCRIPTION_LABEL, false)] {
            if let Some(rest) = c.strip_prefix(label) {
                used.insert(*k);
                let mut value = if rest.is_empty() {
                    String::new()
                } else {
                    t.trim()
                        .char_indices()
                        .filter(|(_, ch)| !ch.is_whitespace())
                        .nth(label.chars().count())
                        .map(|(i, _)| t.trim()[i..].trim().to_string())
                        .unwrap_or_default()
                };
                if let Some(v) = right_of(rect, used) {
                    used.insert(v);
                    join_into(&mut value, &text_of(v));
                }
                let ev = if is_name {
                    Ev::Name(value)
                } else {
                    Ev::Description(value)
                };
                out.push((rect.top, rect.left, ev));
            }
        }
        if c.contains(['☑', '☐', '☒', '□']) && !used.contains(k) {
            used.insert(*k);
            let (mut level, items) = text::parse_checkboxes(t);
            if level.is_empty() {
                if let Some(l) = left_of(rect, used) {
                    used.insert(l);
                    level = text_of(l);
                }
            }
            out.push((rect.top, rect.left, Ev::Checkboxes { level, items }));
        }
    }
    let first_top = pl
        .cells
        .values()
        .map(|c| c.rect.top)
        .fold(f64::INFINITY, f64::min);
    for (k, rect, t, g) in &others {
        if !used.contains(k) {
            out.push((
                rect.top,
                rect.left,
                Ev::Loose {
                    text: t.clone(),
                    loc: Loc::new(page, pl.first_line(g)),
                    page_top: rect.top <= first_top + SAME_EDGE,
                },
            ));
        }
    }
}

/// A course being built.
struct Building {
    course: ParsedCourse,
    rows: Vec<RowRaw>,
    /// Text at the bottom of a page with no code beside it: the start of the next page's
    /// first row when that row's code was printed after the break.
    pending: Option<(String, Loc)>,
}

pub fn assemble(pages: &[PageLayout], page_count: u32) -> ParsedDocument {
    let mut doc = ParsedDocument {
        pages: page_count,
        ..ParsedDocument::default()
    };
    for pl in pages {
        for (n, line) in pl.lines.iter().enumerate() {
            let bad = text::unmapped_chars(line);
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
                doc.unmapped.push(Unmapped {
                    text: line.clone(),
                    loc: Loc::new(pl.page.number, n as u32 + 1),
                    detail,
                });
            }
        }
    }

    let mut events: Vec<Ev> = Vec::new();
    let mut prev_cols: Vec<Columns> = Vec::new();
    for pl in pages {
        let mut cols = detect_columns(pl);
        if cols.is_empty() {
            cols = prev_cols
                .iter()
                .copied()
                .filter(|c| page_has_columns(pl, c))
                .collect();
        }
        if !cols.is_empty() {
            prev_cols = cols.clone();
        }
        events.extend(page_events(pl, &cols).into_iter().map(|e| e.2));
    }
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
                if let Some(title) = text::parse_title(&t) {
                    finish(&mut doc, cur.take());
                    cur = Some(Building {
                        course: ParsedCourse {
                            number: title
                                .number
                                .unwrap_or_else(|| doc.courses.last().map_or(1, |c| c.number + 1)),
                            category: title.category,
                            name: title.name,
                            loc,
                            ..ParsedCourse::default()
                        },
                        rows: Vec::new(),
                        pending: None,
                    });
                } else if text::is_continued_note(&t) || text::is_header_label(&t) {
                } else if cur.is_none() {
                    // Preamble before the first course: the first line is the title.
                    if !seen_text {
                        doc.title = t.clone();
                    }
                } else {
                    doc.strays.push(Stray {
                        text: t,
                        loc,
                        course: cur.as_ref().map(|c| c.course.number),
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
                    join_into(&mut b.course.description, &t);
                }
                _ => doc.strays.push(Stray {
                    text: t,
                    loc,
                    course: cur.as_ref().map(|c| c.course.number),
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
                        number: doc.courses.len() as u32 + 1,
                        loc: row.loc,
                        ..ParsedCourse::default()
                    },
                    rows: Vec::new(),
                    pending: None,
                });
                if let Some((prefix, ploc)) = b.pending.take() {
                    if row.first_on_page && row.loc.page == ploc.page + 1 {
                        let mut t = prefix;
                        join_into(&mut t, &row.text);
                        row.text = t;
                    } else {
                        doc.strays.push(Stray {
                            text: prefix,
                            loc: ploc,
                            course: Some(b.course.number),
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
                    let completes = text::code_parts(&joined) == Some(3);
                    if cut && completes && row.first_on_page && last.loc.page < row.loc.page {
                        last.code.truncate(last.code.trim_end().len());
                        last.code.push_str(row.code.trim());
                        join_into(&mut last.text, &row.text);
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
                let course = cur.as_ref().map(|c| c.course.number);
                match cur.as_mut() {
                    Some(b) if top && b.rows.last().is_some_and(|r| r.loc.page < loc.page) => {
                        let last = b.rows.last_mut().expect("checked");
                        join_into(&mut last.text, &t);
                    }
                    Some(b) if bottom && b.pending.is_none() => b.pending = Some((t, loc)),
                    _ => doc.strays.push(Stray {
                        text: t,
                        loc,
                        course,
                    }),
                }
            }
            Ev::Stray { text: t, loc } => doc.strays.push(Stray {
                text: t,
                loc,
                course: cur.as_ref().map(|c| c.course.number),
            }),
        }
    }
    finish(&mut doc, cur.take());
    tidy(&mut doc);
    doc
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

/// A page with no competency code of its own (a page of continued text) keeps the previous
/// page's columns when its vertical rules are at the same places.
fn page_has_columns(pl: &PageLayout, cols: &Columns) -> bool {
    let has = |x: f64| pl.vrules.iter().any(|v| same(v.pos, x));
    has(cols.comp.0) && has(cols.comp.1) && has(cols.text.1)
}

/// A title too long for one line continues on the next free line.
fn join_wrapped_titles(events: Vec<Ev>) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    let mut it = events.into_iter().peekable();
    while let Some(ev) = it.next() {
        if let Ev::Free { text: t, loc } = &ev {
            if text::starts_title(t) {
                if let Some(Ev::Free { text: next, .. }) = it.peek() {
                    let mut joined = t.clone();
                    join_into(&mut joined, next);
                    if text::parse_title(&joined).is_some() {
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

/// A logical project or task cell: one code and name over all its page pieces.
#[derive(Debug, Clone)]
struct Label {
    code: String,
    code_loc: Loc,
    name: String,
}

fn finish(doc: &mut ParsedDocument, b: Option<Building>) {
    let Some(mut b) = b else { return };
    if let Some((t, loc)) = b.pending.take() {
        doc.strays.push(Stray {
            text: t,
            loc,
            course: Some(b.course.number),
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

/// One piece of a merged cell on one page, with the rows it spans.
struct Piece<'a> {
    seg: &'a SegRef,
    rows: Vec<usize>,
}

/// Gives each row its logical project (or task) cell. A merged cell cut by a page break
/// shows as pieces: the label may be repeated on the next page, printed only in the first
/// or only in a later piece, or its name may wrap over the break. A piece at the top of a
/// page continues the last piece of the previous page when it repeats the code, carries
/// only a name tail, or is empty; an empty piece at the bottom of a page takes the label of
/// the next page's first piece. When both are possible, the code hierarchy decides.
fn resolve(rows: &[RowRaw], get: impl Fn(&RowRaw) -> &SegRef) -> Vec<Option<Label>> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let s = get(r);
        let same_piece = pieces
            .last()
            .is_some_and(|p| p.seg.key.is_some() && p.seg.page == s.page && p.seg.key == s.key);
        if same_piece {
            pieces.last_mut().expect("checked").rows.push(i);
        } else {
            pieces.push(Piece {
                seg: s,
                rows: vec![i],
            });
        }
    }
    let n = pieces.len();
    // A break between pieces i-1 and i: i-1 is the last piece of its page and i the first of
    // a later page.
    let crosses = |i: usize| i > 0 && i < n && pieces[i - 1].seg.page < pieces[i].seg.page;
    let mut label_of: Vec<Option<usize>> = vec![None; n];
    let mut labels: Vec<Label> = Vec::new();
    for i in 0..n {
        let s = pieces[i].seg;
        let prev = if crosses(i) { label_of[i - 1] } else { None };
        let cut_code = prev.filter(|&p| {
            labels[p]
                .code
                .trim_end()
                .ends_with(['-', '－', '‐', '‑', '–', '—', '﹣'])
        });
        // Only what completes a task code goes on a cut one; a whole code is a new label
        // (the tail of the cut one was lost to the break).
        let completes = |p: usize| {
            let joined = format!("{}{}", labels[p].code.trim_end(), s.code.trim());
            !s.code.is_empty() && text::code_parts(&joined) == Some(2)
        };
        if let Some(p) = cut_code.filter(|&p| completes(p)) {
            // The code itself was cut by the break (`02-` / `04`): the cell goes on.
            let l = &mut labels[p];
            l.code.truncate(l.code.trim_end().len());
            l.code.push_str(s.code.trim());
            join_into(&mut l.name, &s.name);
            label_of[i] = Some(p);
        } else if !s.code.is_empty() {
            if let Some(p) = prev.filter(|&p| {
                let d = text::code_digits(&labels[p].code);
                !d.is_empty() && d == text::code_digits(&s.code)
            }) {
                let l = &mut labels[p];
                if l.name.is_empty() || (s.name.starts_with(&l.name) && s.name.len() > l.name.len())
                {
                    l.name = s.name.clone();
                }
                label_of[i] = Some(p);
            } else {
                labels.push(Label {
                    code: s.code.clone(),
                    code_loc: s.code_loc,
                    name: s.name.clone(),
                });
                label_of[i] = Some(labels.len() - 1);
            }
        } else if !s.name.is_empty() {
            if let Some(p) = prev {
                join_into(&mut labels[p].name, &s.name);
                label_of[i] = Some(p);
            } else {
                labels.push(Label {
                    code: String::new(),
                    code_loc: s.name_loc,
                    name: s.name.clone(),
                });
                label_of[i] = Some(labels.len() - 1);
            }
        } else if let Some(p) = prev {
            // Empty piece after a break: provisionally the previous label; checked below.
            label_of[i] = Some(p);
        }
    }
    // Empty pieces before a break whose label is printed after it.
    for i in 0..n {
        if !pieces[i].seg.is_empty() || i + 1 >= n || !crosses(i + 1) {
            continue;
        }
        let Some(next) = (i + 1..n)
            .take_while(|&j| j == i + 1 || (pieces[j - 1].seg.is_empty() && crosses(j)))
            .find_map(|j| (!pieces[j].seg.is_empty()).then_some(label_of[j]).flatten())
        else {
            continue;
        };
        let comp = text::code_digits(&rows[pieces[i].rows[0]].code);
        let fits = |l: usize| {
            let d = text::code_digits(&labels[l].code);
            !d.is_empty() && comp.starts_with(&d)
        };
        match label_of[i] {
            Some(back) if back != next && fits(back) && !fits(next) => {}
            Some(back) if back != next && !fits(next) && !fits(back) => {}
            _ => label_of[i] = Some(next),
        }
    }
    let mut out = vec![None; rows.len()];
    for (p, piece) in pieces.iter().enumerate() {
        for &r in &piece.rows {
            out[r] = label_of[p].map(|l| labels[l].clone());
        }
    }
    out
}
