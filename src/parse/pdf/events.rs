//! One page as reading-order events: titles, header-block fields, rows with their project
//! and task cells, and text no row took.

use super::columns::{in_span, mid, same, Columns, LabelCols, Span};
use super::geometry::{midway, CellKey, Rect};
use super::layout::PageLayout;
use super::weights::{SAME_EDGE, SHORT_HEADER_CHARS};
use crate::model::Loc;
use crate::vocab::{code, lexicon, Level};
use std::collections::BTreeSet;

/// A project or task cell as one page shows it, for one row.
#[derive(Debug, Clone, Default)]
pub(super) struct SegRef {
    pub(super) page: u32,
    /// The code cell's box; `None` when no ruled cell is there (each such ref stands alone).
    pub(super) key: Option<CellKey>,
    pub(super) code: String,
    pub(super) code_loc: Loc,
    pub(super) name: String,
    pub(super) name_loc: Loc,
}

impl SegRef {
    pub(super) fn is_empty(&self) -> bool {
        self.code.is_empty() && self.name.is_empty()
    }
}

#[derive(Debug, Clone)]
pub(super) struct RowRaw {
    pub(super) code: String,
    pub(super) loc: Loc,
    pub(super) text: String,
    pub(super) first_on_page: bool,
    pub(super) project: SegRef,
    pub(super) task: SegRef,
}

#[derive(Debug, Clone)]
pub(super) enum Ev {
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
    /// A project or task cell above the page's first code cell that no row took: the tail
    /// of a label whose row a page break split (the name went on over the break, the
    /// row's code stayed on the page before).
    LabelTail {
        level: Level,
        /// In the name column (else the code column).
        name: bool,
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
pub(super) fn page_events(pl: &PageLayout, tables: &[Columns]) -> Vec<(f64, f64, Ev)> {
    let page = pl.page.number;
    let loc_of = |g: &[usize]| Loc::new(page, pl.first_line(g));
    let mut used: BTreeSet<CellKey> = BTreeSet::new();
    let mut out: Vec<(f64, f64, Ev)> = Vec::new();

    // Header-row labels are structure, not content.
    for (k, c) in &pl.cells {
        if lexicon::is_header_label(&pl.text_of(&c.glyphs)) {
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
            pl.text_of(g)
                .chars()
                .any(|c| code::is_digit(c) || code::is_dash(c))
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
            let header = rect.top < first_code
                && texts
                    .iter()
                    .all(|t| t.0.chars().count() <= SHORT_HEADER_CHARS);
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
                    let (c, n) = code::split_leading_code(&code);
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
            let y = midway(lo, hi);
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
                let short = pl.text_of(&c.glyphs).trim().chars().count() <= SHORT_HEADER_CHARS;
                if short && header_bands.iter().any(|&(t, b)| t <= y && y <= b) {
                    continue;
                }
                if let Some((level, name)) =
                    label_column(cols, &c.rect).filter(|_| c.rect.bottom <= first_top + SAME_EDGE)
                {
                    out.push((
                        c.rect.top,
                        c.rect.left,
                        Ev::LabelTail {
                            level,
                            name,
                            text: pl.text_of(&c.glyphs),
                            loc: loc_of(&c.glyphs),
                        },
                    ));
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
        // Placed by its leftmost glyph (the layout orders a line's glyphs left to right).
        let g = &pl.page.glyphs[glyphs[0]];
        // A page number at the top or bottom of the page is furniture, not content.
        if (*line == 1 || *line == last_line) && lexicon::is_page_number(&pl.text_of(glyphs)) {
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

/// The label column a cell lies in: project or task, name (or code) column.
fn label_column(cols: &Columns, r: &Rect) -> Option<(Level, bool)> {
    [(Level::Project, cols.project), (Level::Task, cols.task)]
        .into_iter()
        .find_map(|(level, lc)| {
            let lc = lc?;
            if lc.name.is_some_and(|s| in_span(r, s)) {
                Some((level, true))
            } else {
                in_span(r, lc.code).then_some((level, lc.name.is_none()))
            }
        })
}

/// The header block's cells: 课程名称 and 主要教学内容及要求 labels with the cell to their
/// right, the checkbox line with the level before it; anything else is stray text.
pub(super) fn header_events(
    pl: &PageLayout,
    used: &mut BTreeSet<CellKey>,
    out: &mut Vec<(f64, f64, Ev)>,
) {
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
        if lexicon::whole_title(t).is_some() {
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
        let c = lexicon::compact(t);
        for (label, is_name) in [
            (lexicon::COURSE_NAME_LABEL, true),
            (lexicon::DESCRIPTION_LABEL, false),
        ] {
            if let Some(rest) = c.strip_prefix(label) {
                used.insert(*k);
                let mut value = if rest.is_empty() {
                    String::new()
                } else {
                    t.trim()
                        .char_indices()
                        .filter(|(_, ch)| !ch.is_whitespace())
                        .nth(label.chars().count())
                        .map(|(i, _)| t.trim()[i..].trim())
                        // `课程名称：机械制图`: the colon belongs to the label, as in
                        // `lexicon::course_name`.
                        .map(|v| v.trim_start_matches([':', '：']).trim().to_string())
                        .unwrap_or_default()
                };
                if let Some(v) = right_of(rect, used) {
                    used.insert(v);
                    lexicon::join_drawn(&mut value, &text_of(v));
                }
                let ev = if is_name {
                    Ev::Name(value)
                } else {
                    Ev::Description(value)
                };
                out.push((rect.top, rect.left, ev));
            }
        }
        if c.contains(lexicon::is_checkbox) && !used.contains(k) {
            used.insert(*k);
            let boxes = lexicon::checkboxes(t).unwrap_or_default();
            let mut level = boxes.level;
            let items = boxes
                .boxes
                .into_iter()
                .map(|(ticked, name)| (name, ticked))
                .collect();
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

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
