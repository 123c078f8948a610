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
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LabelCols {
    pub(super) code: Span,
    pub(super) name: Option<Span>,
}

/// The roles of a page's table columns.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    roles(&xs, comp)
}

/// The roles of the columns between the column edges `xs` (sorted, distinct) of a table
/// whose competency-code column is `comp`: the text column is the one after it; the
/// columns before it are, by their number, nothing; a task code; project and task codes;
/// project and task codes and the task name; else (four or more) the project and task
/// code and name each, the four just before. `None` when `comp` starts at no edge or no
/// text column follows it.
pub(super) fn roles(xs: &[f64], comp: Span) -> Option<Columns> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::{Glyph, PdfPage};
    use crate::parse::pdf::flow::Carry;
    use crate::parse::pdf::testkit::{check, grid, page, seg, words};

    fn rect(left: f64, top: f64, right: f64, bottom: f64) -> Rect {
        Rect {
            left,
            top,
            right,
            bottom,
        }
    }

    fn lc(code: Span, name: Option<Span>) -> Option<LabelCols> {
        Some(LabelCols { code, name })
    }

    /// Column edges of a six-column table: project code and name, task code and name,
    /// competency code, text.
    const SIX: [f64; 7] = [20.0, 60.0, 140.0, 180.0, 260.0, 320.0, 560.0];

    fn six_cols() -> Columns {
        Columns {
            project: lc((20.0, 60.0), Some((60.0, 140.0))),
            task: lc((140.0, 180.0), Some((180.0, 260.0))),
            comp: (260.0, 320.0),
            text: (320.0, 560.0),
        }
    }

    /// A ruled page: a grid at `xs` × `ys` with `glyphs`.
    fn ruled(xs: &[f64], ys: &[f64], glyphs: Vec<Glyph>) -> PdfPage {
        let (h, v) = grid(xs, ys);
        page(glyphs, h, v)
    }

    /// Two rows of the six-column table between y 100 and 160.
    fn six_rows() -> Vec<Glyph> {
        words(&[
            ("01", 22.0, 120.0),
            ("项目一", 62.0, 120.0),
            ("01-01", 142.0, 120.0),
            ("任务一", 182.0, 120.0),
            ("01-01-01", 262.0, 120.0),
            ("能力一", 322.0, 120.0),
            ("01-01-02", 262.0, 150.0),
            ("能力二", 322.0, 150.0),
        ])
    }

    #[test]
    fn edges_within_two_points_are_one() {
        check(
            |(a, b): (f64, f64)| same(a, b),
            [
                ("equal", (10.0, 10.0), true),
                ("2 pt apart", (10.0, 12.0), true),
                ("2.1 pt apart", (10.0, 12.1), false),
                ("either order", (12.0, 10.0), true),
            ],
        );
        check(
            |(r, s): (Rect, Span)| in_span(&r, s),
            [
                (
                    "both edges on the span",
                    (rect(260.0, 0.0, 320.0, 20.0), (260.0, 320.0)),
                    true,
                ),
                (
                    "edges wander 1.5 pt",
                    (rect(261.5, 0.0, 318.5, 20.0), (260.0, 320.0)),
                    true,
                ),
                (
                    "a cell merged over the next column",
                    (rect(260.0, 0.0, 560.0, 20.0), (260.0, 320.0)),
                    false,
                ),
                (
                    "left edge off by 3 pt",
                    (rect(263.0, 0.0, 320.0, 20.0), (260.0, 320.0)),
                    false,
                ),
            ],
        );
        check(
            mid,
            [
                ("middle", (260.0, 320.0), 290.0),
                ("empty", (5.0, 5.0), 5.0),
            ],
        );
    }

    #[test]
    fn roles_by_the_columns_before_the_code_column() {
        let none = Columns {
            project: None,
            task: None,
            comp: (0.0, 0.0),
            text: (0.0, 0.0),
        };
        check(
            |(xs, comp): (&[f64], Span)| roles(xs, comp),
            [
                ("six columns", (&SIX[..], (260.0, 320.0)), Some(six_cols())),
                (
                    "code and text only",
                    (&[260.0, 320.0, 560.0][..], (260.0, 320.0)),
                    Some(Columns {
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                        ..none
                    }),
                ),
                (
                    "one column before: a task code",
                    (&[180.0, 260.0, 320.0, 560.0][..], (260.0, 320.0)),
                    Some(Columns {
                        task: lc((180.0, 260.0), None),
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                        ..none
                    }),
                ),
                (
                    "two before: project and task codes, names inside",
                    (&[140.0, 180.0, 260.0, 320.0, 560.0][..], (260.0, 320.0)),
                    Some(Columns {
                        project: lc((140.0, 180.0), None),
                        task: lc((180.0, 260.0), None),
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "three before: the task name has its column",
                    (
                        &[60.0, 140.0, 180.0, 260.0, 320.0, 560.0][..],
                        (260.0, 320.0),
                    ),
                    Some(Columns {
                        project: lc((60.0, 140.0), None),
                        task: lc((140.0, 180.0), Some((180.0, 260.0))),
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "five before: the four just before",
                    (
                        &[0.0, 20.0, 60.0, 140.0, 180.0, 260.0, 320.0, 560.0][..],
                        (260.0, 320.0),
                    ),
                    Some(six_cols()),
                ),
                (
                    "the code column's edge found 1.5 pt off",
                    (&[261.5, 320.0, 560.0][..], (260.0, 320.0)),
                    Some(Columns {
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                        ..none
                    }),
                ),
                (
                    "no edge at the code column",
                    (&[250.0, 320.0, 560.0][..], (260.0, 320.0)),
                    None,
                ),
                (
                    "no text column after it",
                    (&[260.0, 320.0][..], (260.0, 320.0)),
                    None,
                ),
            ],
        );
    }

    #[test]
    fn code_columns_found_on_a_page() {
        // Table B: task code, competency code, text, between y 300 and 330.
        let b_xs = [20.0, 100.0, 160.0, 560.0];
        let b_glyphs = words(&[
            ("01-02", 22.0, 320.0),
            ("01-02-01", 102.0, 320.0),
            ("能力三", 162.0, 320.0),
        ]);
        let b_cols = Columns {
            project: None,
            task: lc((20.0, 100.0), None),
            comp: (100.0, 160.0),
            text: (160.0, 560.0),
        };
        let two_tables = {
            let (mut h, mut v) = grid(&SIX, &[100.0, 130.0, 160.0]);
            let (h2, v2) = grid(&b_xs, &[300.0, 330.0]);
            h.extend(h2);
            v.extend(v2);
            let mut g = six_rows();
            g.extend(b_glyphs.clone());
            page(g, h, v)
        };
        let head = |top: f64| {
            ruled(
                &[260.0, 320.0, 560.0],
                &[top, top + 30.0],
                words(&[("01-01-", 262.0, top + 20.0), ("能力", 322.0, top + 20.0)]),
            )
        };
        let code_and_text = Columns {
            project: None,
            task: None,
            comp: (260.0, 320.0),
            text: (320.0, 560.0),
        };
        check(
            |p: PdfPage| detect_columns(&PageLayout::new(&p, &Carry::default()).0),
            [
                (
                    "six columns",
                    ruled(&SIX, &[100.0, 130.0, 160.0], six_rows()),
                    vec![six_cols()],
                ),
                (
                    "two tables of different widths, left code column first",
                    two_tables,
                    vec![b_cols, six_cols()],
                ),
                (
                    "no competency code: no table",
                    ruled(
                        &SIX,
                        &[100.0, 130.0],
                        words(&[("01-01", 142.0, 120.0), ("任务一", 182.0, 120.0)]),
                    ),
                    vec![],
                ),
                (
                    "a code head cut at the page's foot marks its column",
                    head(640.0),
                    vec![code_and_text],
                ),
                ("a code head higher up is text", head(100.0), vec![]),
            ],
        );
    }

    #[test]
    fn columns_from_the_rules_around_code_cells() {
        let cells = [rect(260.0, 100.0, 320.0, 130.0)];
        let with = |v: Vec<crate::extract::pdf::Segment>| page(Vec::new(), Vec::new(), v);
        let full = |x: f64| seg(x, 100.0, 130.0);
        check(
            |p: PdfPage| {
                let pl = PageLayout::new(&p, &Carry::default()).0;
                columns_around(&pl, (260.0, 320.0), &cells)
            },
            [
                (
                    "rules through the code row",
                    with(vec![full(180.0), full(260.0), full(320.0), full(560.0)]),
                    Some(Columns {
                        project: None,
                        task: lc((180.0, 260.0), None),
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "a rule of another table (above the row) is no edge",
                    with(vec![
                        seg(180.0, 0.0, 90.0),
                        full(260.0),
                        full(320.0),
                        full(560.0),
                    ]),
                    Some(Columns {
                        project: None,
                        task: None,
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "a rule stopping 1.5 pt short still counts",
                    with(vec![
                        seg(180.0, 0.0, 113.5),
                        full(260.0),
                        full(320.0),
                        full(560.0),
                    ]),
                    Some(Columns {
                        project: None,
                        task: lc((180.0, 260.0), None),
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "a column rule drawn twice 1 pt apart is one edge",
                    with(vec![full(260.0), full(261.0), full(320.0), full(560.0)]),
                    Some(Columns {
                        project: None,
                        task: None,
                        comp: (260.0, 320.0),
                        text: (320.0, 560.0),
                    }),
                ),
                (
                    "no rule right of the text",
                    with(vec![full(260.0), full(320.0)]),
                    None,
                ),
            ],
        );
    }

    #[test]
    fn a_page_keeps_the_columns_whose_rules_it_has() {
        let cols = Columns {
            project: None,
            task: None,
            comp: (260.0, 320.0),
            text: (320.0, 560.0),
        };
        let with = |xs: &[f64]| ruled(xs, &[100.0, 130.0], words(&[("能力", 322.0, 120.0)]));
        check(
            |p: PdfPage| page_has_columns(&PageLayout::new(&p, &Carry::default()).0, &cols),
            [
                ("the same rules", with(&[260.0, 320.0, 560.0]), true),
                ("rules 1.5 pt off", with(&[261.5, 318.5, 561.5]), true),
                (
                    "no rule right of the text",
                    with(&[260.0, 320.0, 500.0]),
                    false,
                ),
                ("the code column moved", with(&[200.0, 320.0, 560.0]), false),
                (
                    "more rules are fine",
                    with(&[20.0, 260.0, 320.0, 560.0]),
                    true,
                ),
            ],
        );
    }
}
