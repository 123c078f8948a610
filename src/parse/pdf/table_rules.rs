//! Virtual rules inside a course table drawn without rules, once its column starts are
//! known: code cells from code heads, text rows by line pitch, merged project and task
//! cells from the code hierarchy.

use super::code_runs::{code_digits, column_codes, Run};
use super::geometry::{hseg, largest, midway, vseg};
use super::lines::Line;
use super::weights::{
    CODE_MIDDLE, COLUMN_CLEAR, MIN_PITCH, PADDING_STEP, ROW_SLACK, RULE_CLEAR, SAME_TOP,
};
use crate::extract::pdf::{Glyph, Segment};
use crate::vocab::Level;

/// Virtual rules of one table region: the frame `(left, top, right, bottom)`, a column
/// rule before each of `starts` (the last two are the competency code and text columns),
/// row rules in the competency columns and cell rules in the project and task columns.
#[allow(clippy::too_many_arguments)]
pub(super) fn table_rules(
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
    let comp_left = comp_x - RULE_CLEAR;
    v.push(vseg(left, top, bottom));
    for &s in &starts[1..] {
        v.push(vseg(s - RULE_CLEAR, top, bottom));
    }
    v.push(vseg(right, top, bottom));
    h.push(hseg(top, left, right));
    h.push(hseg(bottom, left, right));

    let text_left = starts[starts.len() - 1] - RULE_CLEAR;
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
                .find(|l| (l.top - c.0).abs() < SAME_TOP)
        })
        .collect();
    for head in &heads {
        let above = code_col
            .iter()
            .filter(|l| l.bottom <= head.top + ROW_SLACK && !std::ptr::eq(**l, *head))
            .map(|l| l.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        let y = if above.is_finite() {
            midway(above, head.top)
        } else {
            head.top - RULE_CLEAR
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
    let size = largest(text_col.iter().map(|t| t.1.size));
    let pitches: Vec<f64> = text_col.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let line_pitch = pitches
        .iter()
        .copied()
        .filter(|&p| p > MIN_PITCH * size)
        .fold(f64::INFINITY, f64::min);
    let mut breaks: Vec<f64> = Vec::new();
    let spaced = pitches
        .iter()
        .any(|&p| p > line_pitch + PADDING_STEP * size);
    for (w, &p) in text_col.windows(2).zip(&pitches) {
        let between = midway(w[0].1.bottom, w[1].1.top);
        let padded = spaced && p > line_pitch + PADDING_STEP * size;
        let one_line_rows = !spaced && heads.len() >= text_col.len();
        if padded || one_line_rows {
            breaks.push(between);
        }
    }
    if !spaced && heads.len() < text_col.len() {
        for head in heads.iter().skip(1) {
            breaks.push(head.top - ROW_SLACK);
        }
    }
    for &y in &breaks {
        h.push(hseg(y, text_left, right));
    }
    // Competency rows: (middle of the code's first line, code digits). The middle, not the
    // top: text centred beside a taller code may start below the code's top.
    let rows: Vec<(f64, String)> = column_codes(runs, lines, region, comp_x)
        .into_iter()
        .filter(|c| c.1.len() == code_digits(Level::Competency))
        .map(|(top, digits)| (top + CODE_MIDDLE * size, digits))
        .collect();
    let break_above = |y: f64| {
        breaks
            .iter()
            .copied()
            .filter(|&b| b < y)
            .fold(f64::NEG_INFINITY, f64::max)
    };

    // Merged label columns: project and task codes, where a column of them starts.
    let label_cols: Vec<(Level, f64)> = Level::NAMED
        .into_iter()
        .filter_map(|level| {
            starts
                .iter()
                .copied()
                .filter(|&x| x < comp_x - COLUMN_CLEAR)
                .map(|x| {
                    let k = column_codes(runs, lines, region, x)
                        .iter()
                        .filter(|c| c.1.len() == code_digits(level))
                        .count();
                    (k, x)
                })
                .filter(|&(k, _)| k > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
                .map(|(_, x)| (level, x))
        })
        .collect();
    for (level, x) in label_cols {
        let labels: Vec<(f64, String)> = column_codes(runs, lines, region, x)
            .into_iter()
            .filter(|c| c.1.len() == code_digits(level))
            .collect();
        let col_left = x - RULE_CLEAR;
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
                None if i > 0 => break_above(*label_top + ROW_SLACK),
                None => continue,
            };
            if y.is_finite() {
                h.push(hseg(y, col_left, right));
                prev = y;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::code_runs::runs_of;
    use crate::parse::pdf::lines::group_lines;
    use crate::parse::pdf::testkit::{check, rounded, words};

    type Rules = Vec<(f64, f64, f64)>;
    /// Words `(text, x, baseline)`, column starts, frame `(left, top, right, bottom)`.
    type Region<'a> = (Vec<(&'a str, f64, f64)>, Vec<f64>, (f64, f64, f64, f64));

    /// The rules of a table region made of all the lines of `ws`.
    fn rules((ws, starts, frame): Region<'_>) -> (Rules, Rules) {
        let gs = words(&ws);
        let lines: Vec<Line> = group_lines(&gs)
            .1
            .iter()
            .map(|l| Line::new(&gs, l))
            .collect();
        let region: Vec<usize> = (0..lines.len()).collect();
        let runs = runs_of(&gs, &lines);
        let (mut h, mut v) = (Vec::new(), Vec::new());
        table_rules(&gs, &lines, &region, &runs, &starts, frame, &mut h, &mut v);
        (rounded(&h), rounded(&v))
    }

    #[test]
    fn rules_of_a_table_without_rules() {
        // Code column from x 100, text from 160; lines 11.5–22, 25.5–36, … (tops and
        // bottoms of 10 pt type on baselines 20, 34, …).
        let frame = (98.0, 0.0, 400.0, 200.0);
        let v2 = vec![(98.0, 0.0, 200.0), (159.0, 0.0, 200.0), (400.0, 0.0, 200.0)];
        let top_bottom = |left: f64| vec![(0.0, left, 400.0), (200.0, left, 400.0)];
        let plus = |mut a: Rules, b: &[(f64, f64, f64)]| {
            a.extend_from_slice(b);
            a
        };
        let v3 = vec![
            (38.0, 0.0, 200.0),
            (99.0, 0.0, 200.0),
            (159.0, 0.0, 200.0),
            (400.0, 0.0, 200.0),
        ];
        check(
            rules,
            [
                (
                    "rows by padding: a wider baseline step starts a row",
                    (
                        vec![
                            ("01-01-01", 100.0, 20.0),
                            ("能力一", 160.0, 20.0),
                            ("续行", 160.0, 34.0),
                            ("01-01-02", 100.0, 54.0),
                            ("能力二", 160.0, 54.0),
                        ],
                        vec![100.0, 160.0],
                        frame,
                    ),
                    (
                        plus(
                            top_bottom(98.0),
                            &[
                                (10.5, 99.0, 159.0),
                                (33.75, 99.0, 159.0),
                                (40.75, 159.0, 400.0),
                            ],
                        ),
                        v2.clone(),
                    ),
                ),
                (
                    "one line per row when every line has its code",
                    (
                        vec![
                            ("01-01-01", 100.0, 20.0),
                            ("能力一", 160.0, 20.0),
                            ("01-01-02", 100.0, 34.0),
                            ("能力二", 160.0, 34.0),
                        ],
                        vec![100.0, 160.0],
                        frame,
                    ),
                    (
                        plus(
                            top_bottom(98.0),
                            &[
                                (10.5, 99.0, 159.0),
                                (23.75, 99.0, 159.0),
                                (23.75, 159.0, 400.0),
                            ],
                        ),
                        v2.clone(),
                    ),
                ),
                (
                    "even spacing, a text wrapped: a row at each code",
                    (
                        vec![
                            ("01-01-01", 100.0, 20.0),
                            ("能力一", 160.0, 20.0),
                            ("续行", 160.0, 34.0),
                            ("01-01-02", 100.0, 48.0),
                            ("能力二", 160.0, 48.0),
                        ],
                        vec![100.0, 160.0],
                        frame,
                    ),
                    (
                        plus(
                            top_bottom(98.0),
                            &[
                                (10.5, 99.0, 159.0),
                                (30.75, 99.0, 159.0),
                                (39.0, 159.0, 400.0),
                            ],
                        ),
                        v2,
                    ),
                ),
                (
                    "a task cell ends at the row break above its next label",
                    (
                        vec![
                            ("01-01", 40.0, 20.0),
                            ("01-01-01", 100.0, 20.0),
                            ("能力一", 160.0, 20.0),
                            ("01-01-02", 100.0, 40.0),
                            ("能力二", 160.0, 40.0),
                            ("01-02", 40.0, 60.0),
                            ("01-02-01", 100.0, 60.0),
                            ("能力三", 160.0, 60.0),
                        ],
                        vec![40.0, 100.0, 160.0],
                        (38.0, 0.0, 400.0, 200.0),
                    ),
                    (
                        plus(
                            top_bottom(38.0),
                            &[
                                (10.5, 99.0, 159.0),
                                (26.75, 99.0, 159.0),
                                (46.75, 99.0, 159.0),
                                (26.75, 159.0, 400.0),
                                (46.75, 159.0, 400.0),
                                (46.75, 39.0, 400.0),
                            ],
                        ),
                        v3.clone(),
                    ),
                ),
                (
                    "a label printed late: its cell starts above its first row",
                    (
                        vec![
                            ("01-01", 40.0, 20.0),
                            ("01-01-01", 100.0, 20.0),
                            ("能力一", 160.0, 20.0),
                            ("01-02-01", 100.0, 40.0),
                            ("能力二", 160.0, 40.0),
                            ("01-02", 40.0, 60.0),
                            ("01-02-02", 100.0, 60.0),
                            ("能力三", 160.0, 60.0),
                        ],
                        vec![40.0, 100.0, 160.0],
                        (38.0, 0.0, 400.0, 200.0),
                    ),
                    (
                        plus(
                            top_bottom(38.0),
                            &[
                                (10.5, 99.0, 159.0),
                                (26.75, 99.0, 159.0),
                                (46.75, 99.0, 159.0),
                                (26.75, 159.0, 400.0),
                                (46.75, 159.0, 400.0),
                                (26.75, 39.0, 400.0),
                            ],
                        ),
                        v3,
                    ),
                ),
            ],
        );
    }
}
