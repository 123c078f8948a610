//! Code runs: codes printed as runs of digits and dashes (`01`, `01-02`, `01-02-03`,
//! wrapped heads like `01-02-`), found by glyph position, and the codes a column shows.

use super::lines::Line;
use super::weights::{CODE_RUN_GAP, CODE_WRAP_GAP, SAME_COLUMN};
use crate::extract::pdf::Glyph;
use crate::vocab::code;
use crate::vocab::Level;

/// Digits in a standard code of `level`: two per group (`01-02` has four).
pub(super) fn code_digits(level: Level) -> usize {
    2 * level.groups()
}

pub(super) struct Run {
    pub(super) line: usize,
    pub(super) x: f64,
    /// The code's level; a head (`01-02-`) is of the level it would complete.
    pub(super) level: Level,
    /// A complete code (not a wrapped head ending with a dash).
    pub(super) whole: bool,
    /// Digits of the code, for the hierarchy.
    pub(super) digits: String,
    /// The run as printed.
    pub(super) text: String,
    /// x of the first glyph after the run on its line, if any.
    pub(super) next_x: Option<f64>,
}

/// A glyph of a code: one digit (ASCII or full-width) or dash.
pub(super) fn is_code_char(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if code::is_digit(c) || code::is_dash(c))
}

/// The level of a run of code characters, and whether it is a whole code: `None` when the
/// run is no code.
fn classify(run: &str) -> Option<(Level, bool)> {
    let parts: Vec<&str> = run.split(|c: char| !code::is_digit(c)).collect();
    let trailing_dash = parts.last().is_some_and(|p| p.is_empty());
    let full: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if full.is_empty() || full.len() > Level::Competency.groups() {
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
        return Level::from_groups(full.len()).map(|l| (l, false));
    }
    match (full.len(), trailing_dash) {
        // `01`, `01-02`, `01-02-03`: a whole code of its level.
        (n, false) => Level::from_groups(n).map(|l| (l, true)),
        // `01-`, `01-02-`: a head wrapped after its dash, of the level it would complete.
        (n, true) if n < Level::Competency.groups() => {
            Level::from_groups(n + 1).map(|l| (l, false))
        }
        _ => None,
    }
}

/// The code runs of every line, with what follows each on its line.
pub(super) fn runs_of(glyphs: &[Glyph], lines: &[Line]) -> Vec<Run> {
    let mut out = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let gs = &l.glyphs;
        let mut i = 0;
        while i < gs.len() {
            let adjacent = |a: usize, b: usize| {
                glyphs[gs[b]].x - glyphs[gs[a]].right() < CODE_RUN_GAP * glyphs[gs[b]].size
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
            if let (Some((level, whole)), false) = (classify(&s), glued) {
                let next_x = gs[j..]
                    .iter()
                    .map(|&g| &glyphs[g])
                    .find(|g| !g.text.trim().is_empty())
                    .map(|g| g.x);
                out.push(Run {
                    line: li,
                    x: glyphs[gs[i]].x,
                    level,
                    whole,
                    digits: code::digits(&s),
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
pub(super) fn mode(xs: impl Iterator<Item = f64>, min: usize) -> Option<f64> {
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

/// Whether two x positions are the same column start.
pub(super) fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= SAME_COLUMN
}

/// The codes printed in the column starting at `x`, top to bottom, a code wrapped in its
/// cell (`NN-NN-` over `NN`) put back together: (top of its first line, digits).
pub(super) fn column_codes(
    runs: &[Run],
    lines: &[Line],
    region: &[usize],
    x: f64,
) -> Vec<(f64, String)> {
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
            && lines[col[i + 1].line].top - lines[last].bottom < CODE_WRAP_GAP * lines[last].size
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::testkit::{check, glyph, words};

    /// The page's lines of `gs`, one per baseline.
    fn lines_of(gs: &[Glyph]) -> Vec<Line> {
        let (_, ls) = crate::parse::pdf::lines::group_lines(gs);
        ls.iter().map(|l| Line::new(gs, l)).collect()
    }

    #[test]
    fn code_chars() {
        check(
            |t: &str| is_code_char(t),
            [
                ("ASCII digit", "1", true),
                ("full-width digit", "１", true),
                ("hyphen-minus", "-", true),
                ("full-width hyphen", "－", true),
                ("em dash", "—", true),
                ("letter", "a", false),
                ("two characters", "12", false),
                ("nothing", "", false),
            ],
        );
    }

    #[test]
    fn runs_classify_by_groups() {
        check(
            classify,
            [
                ("project", "01", Some((Level::Project, true))),
                ("project head", "01-", Some((Level::Task, false))),
                ("task", "01-02", Some((Level::Task, true))),
                ("task head", "01-02-", Some((Level::Competency, false))),
                ("competency", "01-02-03", Some((Level::Competency, true))),
                (
                    "full-width competency",
                    "０１－０２－０３",
                    Some((Level::Competency, true)),
                ),
                (
                    "cut inside the last number",
                    "01-02-0",
                    Some((Level::Competency, false)),
                ),
                (
                    "the lone digit that ends a cut code",
                    "3",
                    Some((Level::Project, false)),
                ),
                ("four groups", "01-02-03-04", None),
                ("three digits", "001", None),
                ("one digit inside", "01-2-03", None),
                ("a dash alone", "-", None),
            ],
        );
    }

    #[test]
    fn runs_on_lines() {
        check(
            |gs: Vec<Glyph>| {
                runs_of(&gs, &lines_of(&gs))
                    .into_iter()
                    .map(|r| (r.level, r.whole, r.digits, r.next_x))
                    .collect::<Vec<_>>()
            },
            [
                (
                    "code, then its text",
                    words(&[("01-02-03", 0.0, 10.0), ("能力", 60.0, 10.0)]),
                    vec![(Level::Competency, true, "010203".to_string(), Some(60.0))],
                ),
                (
                    "glued to a letter: no code",
                    words(&[("01-02a", 0.0, 10.0)]),
                    vec![],
                ),
                (
                    "half an em apart: two runs",
                    words(&[("01", 0.0, 10.0), ("02", 15.0, 10.0)]),
                    vec![
                        (Level::Project, true, "01".to_string(), Some(15.0)),
                        (Level::Project, true, "02".to_string(), None),
                    ],
                ),
                (
                    "a wrapped head",
                    words(&[("01-02-", 0.0, 10.0)]),
                    vec![(Level::Competency, false, "0102".to_string(), None)],
                ),
            ],
        );
    }

    #[test]
    fn column_starts_by_mode() {
        check(
            |(xs, min): (&[f64], usize)| mode(xs.iter().copied(), min),
            [
                (
                    "most frequent point, its leftmost x",
                    (&[10.2, 10.4, 30.0][..], 1),
                    Some(10.2),
                ),
                (
                    "a tie goes to the leftmost",
                    (&[30.0, 10.0][..], 1),
                    Some(10.0),
                ),
                ("too few", (&[10.0, 30.0][..], 2), None),
                ("rounded to the point", (&[10.4, 10.6][..], 1), Some(10.4)),
                ("nothing", (&[][..], 1), None),
            ],
        );
        check(
            |(a, b): (f64, f64)| near(a, b),
            [
                ("1.5 pt apart", (10.0, 11.5), true),
                ("1.6 pt apart", (10.0, 11.6), false),
                ("other side", (11.5, 10.0), true),
            ],
        );
    }

    #[test]
    fn codes_of_a_column() {
        check(
            |gs: Vec<Glyph>| {
                let lines = lines_of(&gs);
                let region: Vec<usize> = (0..lines.len()).collect();
                column_codes(&runs_of(&gs, &lines), &lines, &region, 0.0)
            },
            [
                (
                    "a wrapped code put back together",
                    words(&[
                        ("01-02-", 0.0, 10.0),
                        ("03", 0.0, 22.0),
                        ("01-02-04", 0.0, 60.0),
                    ]),
                    vec![(1.5, "010203".to_string()), (51.5, "010204".to_string())],
                ),
                (
                    "whole codes stay apart",
                    words(&[("01-02-03", 0.0, 10.0), ("01-02-04", 0.0, 22.0)]),
                    vec![(1.5, "010203".to_string()), (13.5, "010204".to_string())],
                ),
                (
                    "a head whose tail is a row down",
                    words(&[("01-02-", 0.0, 10.0), ("03", 0.0, 40.0)]),
                    vec![(1.5, "0102".to_string()), (31.5, "03".to_string())],
                ),
                (
                    "another column's code",
                    vec![glyph("5", 30.0, 10.0)],
                    vec![],
                ),
            ],
        );
    }

    #[test]
    fn digits_per_level() {
        check(
            code_digits,
            [
                ("project", Level::Project, 2),
                ("task", Level::Task, 4),
                ("competency", Level::Competency, 6),
            ],
        );
    }
}
