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

use super::text;
use crate::extract::pdf::{Glyph, PdfPage, Segment};

/// Where a page's table lies, carried from page to page: a table cut by a page break goes
/// on at the top of the next page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Flow {
    #[default]
    Outside,
    Header,
    Table,
}

struct Line {
    glyphs: Vec<usize>,
    top: f64,
    bottom: f64,
    size: f64,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Project,
    Task,
    Comp,
}

struct Run {
    line: usize,
    x: f64,
    kind: Kind,
    /// A complete code (not a wrapped head ending with a dash).
    whole: bool,
    /// Digits of the code, for the hierarchy.
    digits: String,
    /// The run as printed.
    text: String,
    /// x of the first glyph after the run on its line, if any.
    next_x: Option<f64>,
}

pub(super) fn is_code_char(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '－' | '﹣'))
}

fn classify(run: &str) -> Option<(Kind, bool)> {
    let parts: Vec<&str> = run
        .split(|c: char| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .collect();
    let trailing_dash = parts.last().is_some_and(|p| p.is_empty());
    let full: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if full.is_empty() || full.len() > 3 {
        return None;
    }
    // A code cut inside its last number (`０２-０３-０` over `１`): a head, or the lone
    // digit that ends it.
    let last_cut = !trailing_dash && full.last().is_some_and(|p| p.chars().count() == 1);
    let lens_ok = full
        .iter()
        .enumerate()
        .all(|(i, p)| p.chars().count() == 2 || (last_cut && i == full.len() - 1));
    if !lens_ok {
        return None;
    }
    if last_cut {
        return Some(match full.len() {
            1 => (Kind::Project, false),
            2 => (Kind::Task, false),
            _ => (Kind::Comp, false),
        });
    }
    match (full.len(), trailing_dash) {
        (1, false) => Some((Kind::Project, true)),
        (1, true) => Some((Kind::Task, false)),
        (2, false) => Some((Kind::Task, true)),
        (2, true) => Some((Kind::Comp, false)),
        (3, false) => Some((Kind::Comp, true)),
        _ => None,
    }
}

fn runs_of(glyphs: &[Glyph], lines: &[Line]) -> Vec<Run> {
    let mut out = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let gs = &l.glyphs;
        let mut i = 0;
        while i < gs.len() {
            let adjacent = |a: usize, b: usize| {
                glyphs[gs[b]].x - glyphs[gs[a]].right() < 0.5 * glyphs[gs[b]].size
            };
            let starts = is_code_char(&glyphs[gs[i]].text)
                && (i == 0 || !is_code_char(&glyphs[gs[i - 1]].text) || !adjacent(i - 1, i));
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut s = String::new();
            while j < gs.len()
                && is_code_char(&glyphs[gs[j]].text)
                && (j == i || adjacent(j - 1, j))
            {
                s.push_str(&glyphs[gs[j]].text);
                j += 1;
            }
            let glued = j < gs.len()
                && adjacent(j - 1, j)
                && glyphs[gs[j]]
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if let (Some((kind, whole)), false) = (classify(&s), glued) {
                let next_x = gs[j..]
                    .iter()
                    .map(|&g| &glyphs[g])
                    .find(|g| !g.text.trim().is_empty())
                    .map(|g| g.x);
                out.push(Run {
                    line: li,
                    x: glyphs[gs[i]].x,
                    kind,
                    whole,
                    digits: text::code_digits(&s),
                    text: s.clone(),
                    next_x,
                });
            }
            i = j;
        }
    }
    out
}

/// Most frequent value (to 1 pt) with at least `min` occurrences; ties to the leftmost.
fn mode(xs: impl Iterator<Item = f64>, min: usize) -> Option<f64> {
    let mut counts: std::collections::BTreeMap<i64, (usize, f64)> = Default::default();
    for x in xs {
        let e = counts.entry(x.round() as i64).or_insert((0, x));
        e.0 += 1;
        e.1 = e.1.min(x);
    }
    let mut best: Option<(usize, f64)> = None;
    for (_, (n, x)) in counts {
        if n >= min && best.is_none_or(|b| n > b.0) {
            best = Some((n, x));
        }
    }
    best.map(|b| b.1)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1.5
}

/// Lines that overlap (cells whose baselines differ a little) make one band: (top,
/// bottom, starts a row).
fn bands(lines: &[&Line], starts_row: impl Fn(&Line) -> bool) -> Vec<(f64, f64, bool)> {
    let mut bands: Vec<(f64, f64, bool)> = Vec::new();
    for l in lines {
        match bands.last_mut() {
            Some(b) if l.top < b.1 - 0.5 => {
                b.1 = b.1.max(l.bottom);
                b.2 |= starts_row(l);
            }
            _ => bands.push((l.top, l.bottom, starts_row(l))),
        }
    }
    bands
}

/// The breaks between bands whose gap is cell padding rather than line spacing: the gaps
/// fall in two groups, split at the first clear jump from the smallest up. `None` when
/// there is no such jump.
fn padding_breaks(bands: &[(f64, f64, bool)], size: f64) -> Option<Vec<f64>> {
    let gaps: Vec<f64> = bands.windows(2).map(|w| w[1].0 - w[0].1).collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let at = sorted
        .windows(2)
        .find(|w| w[1] - w[0] > 0.2 * size)
        .map(|w| (w[0] + w[1]) / 2.0)?;
    Some(
        bands
            .windows(2)
            .zip(&gaps)
            .filter(|(_, &g)| g > at)
            .map(|(w, _)| (w[0].1 + w[1].0) / 2.0)
            .collect(),
    )
}

fn hseg(y: f64, from: f64, to: f64) -> Segment {
    Segment { pos: y, from, to }
}

fn vseg(x: f64, from: f64, to: f64) -> Segment {
    Segment { pos: x, from, to }
}

/// What one page tells the next about a table without rules: whether it goes on, and
/// where its columns start (a continuation page may lack some labels to find them by).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Carry {
    pub flow: Flow,
    pub starts: Vec<f64>,
    /// Where the header block's value column starts (a header block cut by a break).
    pub value_x: Option<f64>,
}

/// Virtual rules for a page whose tables have none (`hrules`, `vrules`), and what carries
/// to the next page. `line_glyphs` are the page's text lines (glyph indices, left to right).
pub fn virtual_rules(
    page: &PdfPage,
    line_glyphs: &[Vec<usize>],
    carry: &Carry,
) -> (Vec<Segment>, Vec<Segment>, Carry) {
    let glyphs = &page.glyphs;
    let lines: Vec<Line> = line_glyphs
        .iter()
        .map(|g| {
            let size = g.iter().map(|&i| glyphs[i].size).fold(0.0, f64::max);
            Line {
                glyphs: g.clone(),
                top: g
                    .iter()
                    .map(|&i| glyphs[i].y - 0.85 * glyphs[i].size)
                    .fold(f64::INFINITY, f64::min),
                bottom: g
                    .iter()
                    .map(|&i| glyphs[i].y + 0.2 * glyphs[i].size)
                    .fold(f64::NEG_INFINITY, f64::max),
                size,
                text: super::layout::run_text(glyphs, g),
            }
        })
        .collect();
    let mut h = Vec::new();
    let mut v = Vec::new();

    // Which lines belong to a table region, which to a header block.
    let mut state = carry.flow;
    let mut regions: Vec<(Flow, Vec<usize>)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let c = text::compact(&l.text);
        let next = if text::parse_title(&l.text).is_some() || text::starts_title(&l.text) {
            Some(Flow::Header)
        } else if text::is_header_label(&c) || c.contains("工作项目") {
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
        let apart =
            |o: Option<&Line>| o.is_none_or(|o| (o.top - l.top).abs() > 2.5 * l.size.max(o.size));
        let edge = (i == 0 && apart(lines.get(1)))
            || (i + 1 == lines.len() && apart(i.checked_sub(1).and_then(|j| lines.get(j))));
        if text::is_continued_note(&l.text) || (edge && text::is_page_number(&l.text)) {
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
    let Some(comp_x) = mode(runs.iter().filter(|r| r.kind == Kind::Comp).map(|r| r.x), 2) else {
        return (h, v, out_carry(Vec::new()));
    };
    let text_x = mode(
        runs.iter()
            .filter(|r| r.kind == Kind::Comp && near(r.x, comp_x))
            .filter_map(|r| r.next_x),
        1,
    );
    let Some(text_x) = text_x else {
        return (h, v, out_carry(Vec::new()));
    };
    let task_x = mode(
        runs.iter()
            .filter(|r| r.kind == Kind::Task && r.x < comp_x - 2.0)
            .map(|r| r.x),
        1,
    );
    let proj_x = mode(
        runs.iter()
            .filter(|r| r.kind == Kind::Project && r.x < task_x.unwrap_or(comp_x) - 2.0)
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
                        g.x > from + 2.0
                            && g.x < to - 2.0
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

    let left = starts[0] - 2.0;
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

/// Left edge of a region's glyphs (less a margin), so nothing falls left of the table.
fn top_left(ls: &[&Line], glyphs: &[Glyph]) -> f64 {
    ls.iter()
        .flat_map(|l| l.glyphs.iter().map(|&i| glyphs[i].x))
        .fold(f64::INFINITY, f64::min)
        - 2.0
}

#[allow(clippy::too_many_arguments)]
fn table_rules(
    glyphs: &[Glyph],
    lines: &[Line],
    region: &[usize],
    runs: &[Run],
    starts: &[f64],
    (left, top, right, bottom): (f64, f64, f64, f64),
    h: &mut Vec<Segment>,
    v: &mut Vec<Segment>,
) {
    let comp_x = starts[starts.len() - 2];
    let comp_left = comp_x - 1.0;
    v.push(vseg(left, top, bottom));
    for &s in &starts[1..] {
        v.push(vseg(s - 1.0, top, bottom));
    }
    v.push(vseg(right, top, bottom));
    h.push(hseg(top, left, right));
    h.push(hseg(bottom, left, right));

    let text_left = starts[starts.len() - 1] - 1.0;
    // The code column: a cell starts at each code (the head of a wrapped one).
    let code_col: Vec<&Line> = region
        .iter()
        .map(|&i| &lines[i])
        .filter(|l| {
            l.glyphs.iter().any(|&g| {
                let m = glyphs[g].mid_x();
                m > comp_left && m < text_left && !glyphs[g].text.trim().is_empty()
            })
        })
        .collect();
    let heads: Vec<&Line> = column_codes(runs, lines, region, comp_x)
        .iter()
        .filter_map(|c| {
            code_col
                .iter()
                .copied()
                .find(|l| (l.top - c.0).abs() < 0.01)
        })
        .collect();
    for head in &heads {
        let above = code_col
            .iter()
            .filter(|l| l.bottom <= head.top + 0.5 && !std::ptr::eq(**l, *head))
            .map(|l| l.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        let y = if above.is_finite() {
            (above + head.top) / 2.0
        } else {
            head.top - 1.0
        };
        h.push(hseg(y, comp_left, text_left));
    }
    // The text column: rows by line pitch (paragraph lines are evenly spaced, a new cell
    // adds its padding), else one row per line when every line has its code, else a row
    // at each code.
    let text_col: Vec<(f64, &Line)> = region
        .iter()
        .map(|&i| &lines[i])
        .filter_map(|l| {
            let base = l
                .glyphs
                .iter()
                .filter(|&&g| glyphs[g].mid_x() > text_left && !glyphs[g].text.trim().is_empty())
                .map(|&g| glyphs[g].y)
                .fold(f64::NEG_INFINITY, f64::max);
            base.is_finite().then_some((base, l))
        })
        .collect();
    let size = text_col.iter().map(|t| t.1.size).fold(0.0, f64::max);
    let pitches: Vec<f64> = text_col.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let line_pitch = pitches
        .iter()
        .copied()
        .filter(|&p| p > 0.5 * size)
        .fold(f64::INFINITY, f64::min);
    let mut breaks: Vec<f64> = Vec::new();
    let spaced = pitches.iter().any(|&p| p > line_pitch + 0.3 * size);
    for (w, &p) in text_col.windows(2).zip(&pitches) {
        let between = (w[0].1.bottom + w[1].1.top) / 2.0;
        let padded = spaced && p > line_pitch + 0.3 * size;
        let one_line_rows = !spaced && heads.len() >= text_col.len();
        if padded || one_line_rows {
            breaks.push(between);
        }
    }
    if !spaced && heads.len() < text_col.len() {
        for head in heads.iter().skip(1) {
            breaks.push(head.top - 0.5);
        }
    }
    for &y in &breaks {
        h.push(hseg(y, text_left, right));
    }
    // Competency rows: (middle of the code's first line, code digits). The middle, not the
    // top: text centred beside a taller code may start below the code's top.
    let rows: Vec<(f64, String)> = column_codes(runs, lines, region, comp_x)
        .into_iter()
        .filter(|c| c.1.len() == 6)
        .map(|(top, digits)| (top + 0.45 * size, digits))
        .collect();
    let break_above = |y: f64| {
        breaks
            .iter()
            .copied()
            .filter(|&b| b < y)
            .fold(f64::NEG_INFINITY, f64::max)
    };

    // Merged label columns: project and task codes, where a column of them starts.
    let label_cols: Vec<(usize, f64)> = [2, 4]
        .into_iter()
        .filter_map(|n| {
            starts
                .iter()
                .copied()
                .filter(|&x| x < comp_x - 2.0)
                .map(|x| {
                    let k = column_codes(runs, lines, region, x)
                        .iter()
                        .filter(|c| c.1.len() == n)
                        .count();
                    (k, x)
                })
                .filter(|&(k, _)| k > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
                .map(|(_, x)| (n, x))
        })
        .collect();
    for (n, x) in label_cols {
        let labels: Vec<(f64, String)> = column_codes(runs, lines, region, x)
            .into_iter()
            .filter(|c| c.1.len() == n)
            .collect();
        let col_left = x - 1.0;
        let region_top = region
            .iter()
            .map(|&i| lines[i].top)
            .fold(f64::INFINITY, f64::min);
        let mut prev = f64::NEG_INFINITY;
        for (i, (label_top, label)) in labels.iter().enumerate() {
            // The cell of a label starts at the row break above its first row (by the code
            // hierarchy), else above the label itself. The first label of a page also
            // closes the cell going on from the previous page, if rows precede it.
            let first = rows
                .iter()
                .filter(|r| r.0 > prev && r.1.starts_with(label.as_str()))
                .map(|r| r.0)
                .next();
            let above_prev_label = if i > 0 { labels[i - 1].0 } else { region_top };
            let y = first
                .map(break_above)
                .filter(|y| y.is_finite() && *y > above_prev_label);
            let y = match y {
                Some(y) => y,
                None if i > 0 => break_above(*label_top + 0.5),
                None => continue,
            };
            if y.is_finite() {
                h.push(hseg(y, col_left, right));
                prev = y;
            }
        }
    }
}

/// Where the value column of a header block starts: after the 课程名称 label.
fn header_value_x(glyphs: &[Glyph], ls: &[&Line]) -> Option<f64> {
    ls.iter().find_map(|l| {
        let gs: Vec<&Glyph> = l
            .glyphs
            .iter()
            .map(|&i| &glyphs[i])
            .filter(|g| !g.text.trim().is_empty())
            .collect();
        let n = text::NAME_LABEL.chars().count();
        let head: String = gs.iter().take(n).map(|g| g.text.as_str()).collect();
        (head == text::NAME_LABEL)
            .then(|| gs.get(n).map(|g| g.x))
            .flatten()
    })
}

/// Top, bottom and right edges of a box drawn around `ls`, a little clear of their glyphs.
fn frame(glyphs: &[Glyph], ls: &[&Line]) -> (f64, f64, f64) {
    let top = ls.iter().map(|l| l.top).fold(f64::INFINITY, f64::min) - 1.0;
    let bottom = ls
        .iter()
        .map(|l| l.bottom)
        .fold(f64::NEG_INFINITY, f64::max)
        + 1.0;
    let right = ls
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|&i| glyphs[i].right()))
        .fold(f64::NEG_INFINITY, f64::max)
        + 2.0;
    (top, bottom, right)
}

fn header_rules(
    glyphs: &[Glyph],
    ls: &[&Line],
    value_x: f64,
    h: &mut Vec<Segment>,
    v: &mut Vec<Segment>,
) {
    let (top, bottom, right) = frame(glyphs, ls);
    let left = ls
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|&i| glyphs[i].x))
        .fold(f64::INFINITY, f64::min)
        - 2.0;
    v.push(vseg(left, top, bottom));
    v.push(vseg(value_x - 1.0, top, bottom));
    v.push(vseg(right, top, bottom));
    h.push(hseg(top, left, right));
    h.push(hseg(bottom, left, right));
    // Rows by padding when the gaps show it; else a row starts with each label in the
    // label column, a label wrapped over lines (`主要教学内` / `容及要求`) being one as long
    // as its pieces still spell a known label.
    let size = ls.iter().map(|l| l.size).fold(0.0, f64::max);
    if let Some(breaks) = padding_breaks(&bands(ls, |_| false), size) {
        for y in breaks {
            h.push(hseg(y, left, right));
        }
        return;
    }
    // Else bands of overlapping lines, a new row with each label in the label column; a
    // label wrapped over lines (`主要教学内` / `容及要求`) is one as long as its pieces
    // still spell a known label.
    let label_text = |l: &Line| {
        let g: Vec<usize> = l
            .glyphs
            .iter()
            .copied()
            .filter(|&i| glyphs[i].x < value_x - 1.0)
            .collect();
        text::compact(&super::layout::run_text(glyphs, &g))
    };
    let mut rows: Vec<(f64, f64, String)> = Vec::new();
    for l in ls {
        let t = label_text(l);
        match rows.last_mut() {
            Some(b) if l.top < b.1 - 0.5 => {
                b.1 = b.1.max(l.bottom);
                b.2.push_str(&t);
            }
            _ => rows.push((l.top, l.bottom, t)),
        }
    }
    let known = [text::NAME_LABEL, text::DESCRIPTION_LABEL];
    let mut acc = String::new();
    for w in rows.windows(2) {
        acc.push_str(&w[0].2);
        let t = &w[1].2;
        if t.is_empty() {
            continue;
        }
        let wraps = known.iter().any(|k| {
            k.len() > acc.len()
                && k.starts_with(acc.as_str())
                && k.starts_with(&format!("{acc}{t}"))
        });
        if !wraps {
            h.push(hseg((w[0].1 + w[1].0) / 2.0, left, right));
            acc.clear();
        }
    }
}

/// The codes printed in the column starting at `x`, top to bottom, a code wrapped in its
/// cell (`NN-NN-` over `NN`) put back together: (top of its first line, digits).
fn column_codes(runs: &[Run], lines: &[Line], region: &[usize], x: f64) -> Vec<(f64, String)> {
    let mut col: Vec<&Run> = runs
        .iter()
        .filter(|r| region.contains(&r.line) && near(r.x, x))
        .collect();
    col.sort_by_key(|r| r.line);
    let mut out: Vec<(f64, String)> = Vec::new();
    let mut i = 0;
    while i < col.len() {
        let r = col[i];
        let mut digits = r.digits.clone();
        let mut printed = r.text.clone();
        let mut last = r.line;
        let mut whole = r.whole;
        // The wrapped tail is the next run of the column, on the next line of the cell
        // (other columns' lines may fall between).
        while !whole
            && i + 1 < col.len()
            && lines[col[i + 1].line].top - lines[last].bottom < 0.8 * lines[last].size
        {
            i += 1;
            digits.push_str(&col[i].digits);
            printed.push_str(&col[i].text);
            last = col[i].line;
            // Joined pieces make a whole code, or a longer head still cut.
            whole = classify(&printed).is_none_or(|k| k.1);
        }
        out.push((lines[r.line].top, digits));
        i += 1;
    }
    out
}
