//! Tables without ruling lines: virtual rules from text alignment.
//!
//! When a page's codes sit in no ruled cell, the rules the table would have are inferred
//! and handed to the same cell machinery as drawn ones:
//!
//! - columns: where code runs line up (`NN` projects, `NN-NN` tasks, `NN-NN-NN`
//!   competencies, wrapped heads like `NN-NN-` included) and where the text beside them
//!   starts;
//! - rows of the competency columns: the larger vertical gaps between lines (cell padding)
//!   as opposed to the line spacing inside a cell;
//! - merged task and project cells: between two labels of a column, the row break above
//!   the first row whose code starts with the lower label's code (the code hierarchy),
//!   else the row break above the lower label;
//! - the header block between a course title and the table header row: a label column
//!   and a value column, rows by gaps as above.

use super::code_runs::{is_code_char, mode, near, runs_of, Run};
use super::flow::{Carry, Flow};
use super::header_rules::{header_rules, header_value_x};
use super::lines::{frame, top_left, Line};
use super::table_rules::table_rules;
use super::weights::{COLUMN_CLEAR, MIN_COLUMN_CODES, PAGE_NUMBER_APART};
use crate::extract::pdf::{PdfPage, Segment};
use crate::vocab::lexicon;
use crate::vocab::Level;

/// Virtual rules for a page whose tables have none (`hrules`, `vrules`), and what carries
/// to the next page. `line_glyphs` are the page's text lines (glyph indices, left to right).
pub fn virtual_rules(
    page: &PdfPage,
    line_glyphs: &[Vec<usize>],
    carry: &Carry,
) -> (Vec<Segment>, Vec<Segment>, Carry) {
    let glyphs = &page.glyphs;
    let lines: Vec<Line> = line_glyphs.iter().map(|g| Line::new(glyphs, g)).collect();
    let mut h = Vec::new();
    let mut v = Vec::new();

    // Which lines belong to a table region, which to a header block.
    let mut state = carry.flow;
    let mut regions: Vec<(Flow, Vec<usize>)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let c = lexicon::compact(&l.text);
        let next = if lexicon::whole_title(&l.text).is_some() || lexicon::starts_title(&l.text) {
            Some(Flow::Header)
        } else if lexicon::is_header_label(&c) || c.contains("工作项目") {
            Some(Flow::Table)
        } else {
            None
        };
        if let Some(n) = next {
            state = n;
            regions.push((Flow::Outside, Vec::new()));
            continue;
        }
        // A page number stands alone at the top or bottom, well apart from the content.
        let apart = |o: Option<&Line>| {
            o.is_none_or(|o| (o.top - l.top).abs() > PAGE_NUMBER_APART * l.size.max(o.size))
        };
        let edge = (i == 0 && apart(lines.get(1)))
            || (i + 1 == lines.len() && apart(i.checked_sub(1).and_then(|j| lines.get(j))));
        if lexicon::is_continued(&l.text) || (edge && lexicon::is_page_number(&l.text)) {
            continue;
        }
        match regions.last_mut() {
            Some((f, ls)) if *f == state => ls.push(i),
            _ => regions.push((state, vec![i])),
        }
    }
    let table_lines: Vec<usize> = regions
        .iter()
        .filter(|r| r.0 == Flow::Table)
        .flat_map(|r| r.1.iter().copied())
        .collect();
    let mut value_x = carry.value_x;
    for (f, idx) in &regions {
        if *f == Flow::Header && !idx.is_empty() {
            let ls: Vec<&Line> = idx.iter().map(|&i| &lines[i]).collect();
            value_x = header_value_x(glyphs, &ls).or(value_x);
            if let Some(vx) = value_x {
                header_rules(glyphs, &ls, vx, &mut h, &mut v);
            }
        }
    }
    let out_carry = |starts: Vec<f64>| Carry {
        flow: state,
        starts,
        value_x,
    };

    let runs: Vec<Run> = runs_of(glyphs, &lines)
        .into_iter()
        .filter(|r| table_lines.contains(&r.line))
        .collect();
    let Some(comp_x) = mode(
        runs.iter()
            .filter(|r| r.level == Level::Competency)
            .map(|r| r.x),
        MIN_COLUMN_CODES,
    ) else {
        return (h, v, out_carry(Vec::new()));
    };
    let text_x = mode(
        runs.iter()
            .filter(|r| r.level == Level::Competency && near(r.x, comp_x))
            .filter_map(|r| r.next_x),
        1,
    );
    let Some(text_x) = text_x else {
        return (h, v, out_carry(Vec::new()));
    };
    let task_x = mode(
        runs.iter()
            .filter(|r| r.level == Level::Task && r.x < comp_x - COLUMN_CLEAR)
            .map(|r| r.x),
        1,
    );
    let proj_x = mode(
        runs.iter()
            .filter(|r| r.level == Level::Project && r.x < task_x.unwrap_or(comp_x) - COLUMN_CLEAR)
            .map(|r| r.x),
        1,
    );
    // A name column starts where non-code text starts between a code column and the next.
    let name_x = |from: f64, to: f64| {
        mode(
            table_lines.iter().filter_map(|&i| {
                lines[i]
                    .glyphs
                    .iter()
                    .map(|&i| &glyphs[i])
                    .find(|g| {
                        g.x > from + COLUMN_CLEAR
                            && g.x < to - COLUMN_CLEAR
                            && !g.text.trim().is_empty()
                            && !is_code_char(&g.text)
                    })
                    .map(|g| g.x)
            }),
            1,
        )
    };
    let mut starts: Vec<f64> = Vec::new();
    if let Some(p) = proj_x {
        starts.push(p);
        if let Some(n) = name_x(p, task_x.unwrap_or(comp_x)) {
            starts.push(n);
        }
    }
    if let Some(t) = task_x {
        starts.push(t);
        if let Some(n) = name_x(t, comp_x) {
            starts.push(n);
        }
    }
    starts.push(comp_x);
    starts.push(text_x);
    // A page that shows fewer label columns than the previous one, with the same
    // competency columns, is the same table going on.
    let prev = &carry.starts;
    if prev.len() > starts.len()
        && prev.len() >= 2
        && near(prev[prev.len() - 2], comp_x)
        && near(prev[prev.len() - 1], text_x)
    {
        starts = prev.clone();
    }

    let left = starts[0] - COLUMN_CLEAR;
    for (f, idx) in &regions {
        if idx.is_empty() {
            continue;
        }
        let ls: Vec<&Line> = idx.iter().map(|&i| &lines[i]).collect();
        let (top, bottom, right) = frame(glyphs, &ls);
        match f {
            Flow::Table => table_rules(
                glyphs,
                &lines,
                idx,
                &runs,
                &starts,
                (left.min(top_left(&ls, glyphs)), top, right, bottom),
                &mut h,
                &mut v,
            ),
            Flow::Header | Flow::Outside => {}
        }
    }
    (h, v, out_carry(starts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::lines::group_lines;
    use crate::parse::pdf::testkit::{check, page, rounded, words};

    type Rules = Vec<(f64, f64, f64)>;

    /// The virtual rules of a page of `ws` (no drawn rules) after a page that left `carry`.
    fn rules((ws, carry): (Vec<(&str, f64, f64)>, Carry)) -> (Rules, Rules, Carry) {
        let p = page(words(&ws), Vec::new(), Vec::new());
        let (h, v, c) = virtual_rules(&p, &group_lines(&p.glyphs).1, &carry);
        (rounded(&h), rounded(&v), c)
    }

    fn carry(flow: Flow, starts: &[f64], value_x: Option<f64>) -> Carry {
        Carry {
            flow,
            starts: starts.to_vec(),
            value_x,
        }
    }

    #[test]
    fn rules_from_text_alignment() {
        // Two competency rows on baselines 40 and 60 (lines 31.5–42, 51.5–62), codes at x
        // 100, texts at 160 (right edge 190).
        let rows = vec![
            ("01-01-01", 100.0, 40.0),
            ("能力一", 160.0, 40.0),
            ("01-01-02", 100.0, 60.0),
            ("能力二", 160.0, 60.0),
        ];
        let with = |mut before: Vec<(&'static str, f64, f64)>,
                    after: Vec<(&'static str, f64, f64)>| {
            before.extend(rows.clone());
            before.extend(after);
            before
        };
        let table_h = |left: f64| {
            vec![
                (30.5, left, 192.0),
                (63.0, left, 192.0),
                (30.5, 99.0, 159.0),
                (46.75, 99.0, 159.0),
                (46.75, 159.0, 192.0),
            ]
        };
        let table_v = vec![(98.0, 30.5, 63.0), (159.0, 30.5, 63.0), (192.0, 30.5, 63.0)];
        let header = vec![("职业能力", 100.0, 20.0)];
        check(
            rules,
            [
                (
                    "a table after its header row",
                    (with(header.clone(), vec![]), Carry::default()),
                    (
                        table_h(98.0),
                        table_v.clone(),
                        carry(Flow::Table, &[100.0, 160.0], None),
                    ),
                ),
                (
                    "a page number alone at the foot is no part of the table",
                    (
                        with(header.clone(), vec![("3", 140.0, 400.0)]),
                        Carry::default(),
                    ),
                    (
                        table_h(98.0),
                        table_v,
                        carry(Flow::Table, &[100.0, 160.0], None),
                    ),
                ),
                (
                    "fewer label columns than the page before: its column starts",
                    (
                        with(vec![], vec![]),
                        carry(Flow::Table, &[40.0, 100.0, 160.0], None),
                    ),
                    (
                        table_h(38.0),
                        vec![
                            (38.0, 30.5, 63.0),
                            (99.0, 30.5, 63.0),
                            (159.0, 30.5, 63.0),
                            (192.0, 30.5, 63.0),
                        ],
                        carry(Flow::Table, &[40.0, 100.0, 160.0], None),
                    ),
                ),
                (
                    "one code is no column",
                    (
                        vec![
                            ("职业能力", 100.0, 20.0),
                            ("01-01-01", 100.0, 40.0),
                            ("能力一", 160.0, 40.0),
                        ],
                        Carry::default(),
                    ),
                    (vec![], vec![], carry(Flow::Table, &[], None)),
                ),
                (
                    "no code: nothing, the flow goes on",
                    (
                        vec![("续行文字", 160.0, 40.0)],
                        carry(Flow::Table, &[100.0, 160.0], None),
                    ),
                    (vec![], vec![], carry(Flow::Table, &[], None)),
                ),
                (
                    "a header block: label and value columns, a row per label",
                    (
                        vec![
                            ("课程名称", 0.0, 20.0),
                            ("机械制图", 100.0, 20.0),
                            ("主要教学内容及要求", 0.0, 40.0),
                            ("识读图样", 100.0, 40.0),
                        ],
                        carry(Flow::Header, &[], None),
                    ),
                    (
                        vec![
                            (10.5, -2.0, 142.0),
                            (43.0, -2.0, 142.0),
                            (26.75, -2.0, 142.0),
                        ],
                        vec![(-2.0, 10.5, 43.0), (99.0, 10.5, 43.0), (142.0, 10.5, 43.0)],
                        carry(Flow::Header, &[], Some(100.0)),
                    ),
                ),
            ],
        );
    }
}
