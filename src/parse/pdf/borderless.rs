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
