//! Virtual rules for a header block drawn without rules: a label column (课程名称,
//! 主要教学内容及要求) and a value column, rows by padding or by labels.

use super::geometry::{hseg, largest, midway, vseg};
use super::lines::{frame, run_text, Line};
use super::weights::{COLUMN_CLEAR, LINE_OVERLAP, PADDING_JUMP, RULE_CLEAR};
use crate::extract::pdf::{Glyph, Segment};
use crate::vocab::lexicon;

/// Lines that overlap (cells whose baselines differ a little) make one band: (top,
/// bottom, starts a row).
pub(super) fn bands(lines: &[&Line], starts_row: impl Fn(&Line) -> bool) -> Vec<(f64, f64, bool)> {
    let mut bands: Vec<(f64, f64, bool)> = Vec::new();
    for l in lines {
        match bands.last_mut() {
            Some(b) if l.top < b.1 - LINE_OVERLAP => {
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
pub(super) fn padding_breaks(bands: &[(f64, f64, bool)], size: f64) -> Option<Vec<f64>> {
    let gaps: Vec<f64> = bands.windows(2).map(|w| w[1].0 - w[0].1).collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let at = sorted
        .windows(2)
        .find(|w| w[1] - w[0] > PADDING_JUMP * size)
        .map(|w| midway(w[0], w[1]))?;
    Some(
        bands
            .windows(2)
            .zip(&gaps)
            .filter(|(_, &g)| g > at)
            .map(|(w, _)| midway(w[0].1, w[1].0))
            .collect(),
    )
}

/// Where the value column of a header block starts: after the 课程名称 label.
pub(super) fn header_value_x(glyphs: &[Glyph], ls: &[&Line]) -> Option<f64> {
    ls.iter().find_map(|l| {
        let gs: Vec<&Glyph> = l
            .glyphs
            .iter()
            .map(|&i| &glyphs[i])
            .filter(|g| !g.text.trim().is_empty())
            .collect();
        let n = lexicon::COURSE_NAME_LABEL.chars().count();
        let head: String = gs.iter().take(n).map(|g| g.text.as_str()).collect();
        (head == lexicon::COURSE_NAME_LABEL)
            .then(|| gs.get(n).map(|g| g.x))
            .flatten()
    })
}

/// Virtual rules around and inside a header block whose value column starts at `value_x`.
pub(super) fn header_rules(
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
        - COLUMN_CLEAR;
    v.push(vseg(left, top, bottom));
    v.push(vseg(value_x - RULE_CLEAR, top, bottom));
    v.push(vseg(right, top, bottom));
    h.push(hseg(top, left, right));
    h.push(hseg(bottom, left, right));
    // Rows by padding when the gaps show it; else a row starts with each label in the
    // label column, a label wrapped over lines (`主要教学内` / `容及要求`) being one as long
    // as its pieces still spell a known label.
    let size = largest(ls.iter().map(|l| l.size));
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
            .filter(|&i| glyphs[i].x < value_x - RULE_CLEAR)
            .collect();
        lexicon::compact(&run_text(glyphs, &g))
    };
    let mut rows: Vec<(f64, f64, String)> = Vec::new();
    for l in ls {
        let t = label_text(l);
        match rows.last_mut() {
            Some(b) if l.top < b.1 - LINE_OVERLAP => {
                b.1 = b.1.max(l.bottom);
                b.2.push_str(&t);
            }
            _ => rows.push((l.top, l.bottom, t)),
        }
    }
    let known = [lexicon::COURSE_NAME_LABEL, lexicon::DESCRIPTION_LABEL];
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
            h.push(hseg(midway(w[0].1, w[1].0), left, right));
            acc.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::testkit::{check, rounded, words};

    fn line(top: f64, bottom: f64, text: &str) -> Line {
        Line {
            glyphs: Vec::new(),
            top,
            bottom,
            size: 10.0,
            text: text.to_string(),
        }
    }

    #[test]
    fn overlapping_lines_make_a_band() {
        check(
            |ls: Vec<Line>| {
                let refs: Vec<&Line> = ls.iter().collect();
                bands(&refs, |l| !l.text.is_empty())
            },
            [
                (
                    "overlap by 1 pt: one band",
                    vec![line(0.0, 10.0, ""), line(9.0, 20.0, "")],
                    vec![(0.0, 20.0, false)],
                ),
                (
                    "overlap by 0.4 pt: two",
                    vec![line(0.0, 10.0, ""), line(9.6, 20.0, "")],
                    vec![(0.0, 10.0, false), (9.6, 20.0, false)],
                ),
                (
                    "a band starts a row if any line does",
                    vec![line(0.0, 10.0, ""), line(5.0, 12.0, "x")],
                    vec![(0.0, 12.0, true)],
                ),
            ],
        );
    }

    #[test]
    fn padding_splits_from_line_spacing() {
        let b = |spans: &[(f64, f64)]| {
            spans
                .iter()
                .map(|&(t, b)| (t, b, false))
                .collect::<Vec<_>>()
        };
        check(
            |bs: Vec<(f64, f64, bool)>| padding_breaks(&bs, 10.0),
            [
                (
                    "gaps 2, 2, 6: a break in the 6",
                    b(&[(0.0, 10.0), (12.0, 22.0), (24.0, 34.0), (40.0, 50.0)]),
                    Some(vec![37.0]),
                ),
                (
                    "gaps within 0.2 em: no jump",
                    b(&[(0.0, 10.0), (12.0, 22.0), (24.0, 34.0), (36.5, 46.0)]),
                    None,
                ),
                (
                    "two kinds, two breaks",
                    b(&[(0.0, 10.0), (16.0, 26.0), (28.0, 38.0), (44.0, 54.0)]),
                    Some(vec![13.0, 41.0]),
                ),
                ("one band", b(&[(0.0, 10.0)]), None),
            ],
        );
    }

    #[test]
    fn value_column_after_the_name_label() {
        check(
            |gs: Vec<Glyph>| {
                let l = Line::new(&gs, &(0..gs.len()).collect::<Vec<_>>());
                header_value_x(&gs, &[&l])
            },
            [
                (
                    "label, then the value",
                    words(&[("课程名称", 0.0, 10.0), ("机械制图", 50.0, 10.0)]),
                    Some(50.0),
                ),
                ("label alone", words(&[("课程名称", 0.0, 10.0)]), None),
                (
                    "no label",
                    words(&[("课程描述", 0.0, 10.0), ("机械制图", 50.0, 10.0)]),
                    None,
                ),
            ],
        );
    }

    #[test]
    fn rules_of_a_header_block() {
        type Rules = Vec<(f64, f64, f64)>;
        check(
            |ws: Vec<(&str, f64, f64)>| -> (Rules, Rules) {
                let gs = words(&ws);
                let lines: Vec<Line> = crate::parse::pdf::lines::group_lines(&gs)
                    .1
                    .iter()
                    .map(|l| Line::new(&gs, l))
                    .collect();
                let refs: Vec<&Line> = lines.iter().collect();
                let (mut h, mut v) = (Vec::new(), Vec::new());
                header_rules(&gs, &refs, 100.0, &mut h, &mut v);
                (rounded(&h), rounded(&v))
            },
            [
                (
                    "a row per label",
                    vec![
                        ("课程名称", 0.0, 20.0),
                        ("机械制图", 100.0, 20.0),
                        ("主要教学内容及要求", 0.0, 40.0),
                        ("识读图样", 100.0, 40.0),
                    ],
                    (
                        vec![
                            (10.5, -2.0, 142.0),
                            (43.0, -2.0, 142.0),
                            (26.75, -2.0, 142.0),
                        ],
                        vec![(-2.0, 10.5, 43.0), (99.0, 10.5, 43.0), (142.0, 10.5, 43.0)],
                    ),
                ),
                (
                    "a label wrapped over two lines is one row",
                    vec![
                        ("主要教学内", 0.0, 20.0),
                        ("识读图样", 100.0, 20.0),
                        ("容及要求", 0.0, 34.0),
                    ],
                    (
                        vec![(10.5, -2.0, 142.0), (37.0, -2.0, 142.0)],
                        vec![(-2.0, 10.5, 37.0), (99.0, 10.5, 37.0), (142.0, 10.5, 37.0)],
                    ),
                ),
                (
                    "padding parts rows no label starts",
                    vec![
                        ("课程名称", 0.0, 20.0),
                        ("机械制图", 100.0, 20.0),
                        ("备注一", 100.0, 40.0),
                        ("备注二", 100.0, 54.0),
                    ],
                    (
                        vec![
                            (10.5, -2.0, 142.0),
                            (57.0, -2.0, 142.0),
                            (26.75, -2.0, 142.0),
                        ],
                        vec![(-2.0, 10.5, 57.0), (99.0, 10.5, 57.0), (142.0, 10.5, 57.0)],
                    ),
                ),
            ],
        );
    }
}
