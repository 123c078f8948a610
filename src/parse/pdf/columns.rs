//! Column roles on a page: which cells are competency codes and texts, and which are
//! project and task codes and names, found from the vertical rules around the code cells.

use super::geometry::{midway, Rect};
use super::layout::PageLayout;
use super::weights::{EDGE_SCALE, PAGE_FOOT, REACH, SAME_EDGE};
use crate::vocab::Level;
use crate::vocab::{code, lexicon};

pub(super) type Span = (f64, f64);

/// A project or task column group: the code column and, when the table gives the name its
/// own column, the name column.
#[derive(Debug, Clone, Copy)]
pub(super) struct LabelCols {
    pub(super) code: Span,
    pub(super) name: Option<Span>,
}

/// The roles of a page's table columns.
#[derive(Debug, Clone, Copy)]
pub(super) struct Columns {
    pub(super) project: Option<LabelCols>,
    pub(super) task: Option<LabelCols>,
    pub(super) comp: Span,
    pub(super) text: Span,
}

impl Columns {
    pub(super) fn all(&self) -> Vec<Span> {
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

pub(super) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= SAME_EDGE
}

pub(super) fn in_span(r: &Rect, s: Span) -> bool {
    same(r.left, s.0) && same(r.right, s.1)
}

pub(super) fn mid(s: Span) -> f64 {
    midway(s.0, s.1)
}

/// Finds the competency-code columns (cells reading `NN-NN-NN`; one per table on the page,
/// tables of different widths may share a page) and derives the other columns of each from
/// the vertical rules that bound those cells' rows.
pub(super) fn detect_columns(pl: &PageLayout) -> Vec<Columns> {
    let mut counts: std::collections::BTreeMap<(i64, i64), (usize, Span)> = Default::default();
    let mut code_cells: Vec<Rect> = Vec::new();
    for c in pl.cells.values() {
        // A code cut by the page's end (`01-01-` over nothing) marks its column too: a
        // table may start with it at the foot of a page.
        let t = pl.text_of(&c.glyphs);
        let cut_head = lexicon::compact(&t)
            .strip_suffix(['-', '－', '‐', '‑', '–', '—', '﹣'])
            .is_some_and(|h| code::loose_groups(h) == Some(Level::Task.groups()))
            && c.rect.bottom >= pl.page.height * PAGE_FOOT;
        if code::is_plain_competency(&t) || cut_head {
            let k = (
                (c.rect.left * EDGE_SCALE).round() as i64,
                (c.rect.right * EDGE_SCALE).round() as i64,
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

pub(super) fn columns_around(pl: &PageLayout, comp: Span, code_cells: &[Rect]) -> Option<Columns> {
    let rows: Vec<f64> = code_cells
        .iter()
        .filter(|r| in_span(r, comp))
        .map(|r| r.mid_y())
        .collect();
    let mut xs: Vec<f64> = pl
        .vrules
        .iter()
        .filter(|v| {
            rows.iter()
                .any(|&y| v.from - REACH <= y && y <= v.to + REACH)
        })
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

/// A page with no competency code of its own (a page of continued text) keeps the previous
/// page's columns when its vertical rules are at the same places.
pub(super) fn page_has_columns(pl: &PageLayout, cols: &Columns) -> bool {
    let has = |x: f64| pl.vrules.iter().any(|v| same(v.pos, x));
    has(cols.comp.0) && has(cols.comp.1) && has(cols.text.1)
}
