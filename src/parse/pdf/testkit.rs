//! Small synthetic pages for the unit cases of the geometric helpers.
//!
//! Every helper is tested from a table of `(name, input, expected)` rows driven by
//! [`check`], in the style of csv-core's `parses_to!`: a row names the situation it pins
//! down, and a failing row says which.

use crate::extract::pdf::{Glyph, PdfPage, Segment};
use std::fmt::Debug;

/// Font size of every synthetic glyph, in points.
pub(super) const SIZE: f64 = 10.0;

/// Runs `f` on every row's input and compares with the row's expected value.
#[track_caller]
pub(super) fn check<I, O: PartialEq + Debug>(
    f: impl Fn(I) -> O,
    rows: impl IntoIterator<Item = (&'static str, I, O)>,
) {
    let mut failed = Vec::new();
    for (name, input, want) in rows {
        let got = f(input);
        if got != want {
            failed.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// One glyph at baseline `(x, y)`: a full em wide for CJK, half an em for ASCII.
pub(super) fn glyph(text: &str, x: f64, y: f64) -> Glyph {
    let ascii = text.is_ascii();
    Glyph {
        text: text.to_string(),
        x,
        y,
        size: SIZE,
        width: if ascii { SIZE / 2.0 } else { SIZE },
    }
}

/// The glyphs of `text` set from `x` on baseline `y`, each right after the one before.
pub(super) fn word(text: &str, x: f64, y: f64) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut at = x;
    for c in text.chars() {
        let g = glyph(&c.to_string(), at, y);
        at = g.right();
        out.push(g);
    }
    out
}

/// Glyphs of several words: `(text, x, y)` each.
pub(super) fn words(ws: &[(&str, f64, f64)]) -> Vec<Glyph> {
    ws.iter().flat_map(|&(t, x, y)| word(t, x, y)).collect()
}

/// A rule at `pos` from `from` to `to`.
pub(super) fn seg(pos: f64, from: f64, to: f64) -> Segment {
    Segment { pos, from, to }
}

/// An A4 page (595 × 842 pt), number 1, with `glyphs` and rules.
pub(super) fn page(glyphs: Vec<Glyph>, hrules: Vec<Segment>, vrules: Vec<Segment>) -> PdfPage {
    PdfPage {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs,
        hrules,
        vrules,
        ..PdfPage::default()
    }
}

/// The rules of a full grid, `(hrules, vrules)`: a horizontal rule at each of `ys` from
/// the first to the last of `xs`, a vertical one at each of `xs` from the first to the
/// last of `ys`.
pub(super) fn grid(xs: &[f64], ys: &[f64]) -> (Vec<Segment>, Vec<Segment>) {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    (
        ys.iter().map(|&y| seg(y, x0, x1)).collect(),
        xs.iter().map(|&x| seg(x, y0, y1)).collect(),
    )
}

/// Rules as `(pos, from, to)` rounded to a hundredth of a point, for comparing computed
/// positions (sums of thirds and halves are inexact).
pub(super) fn rounded(rules: &[Segment]) -> Vec<(f64, f64, f64)> {
    let r = |v: f64| (v * 100.0).round() / 100.0;
    rules
        .iter()
        .map(|s| (r(s.pos), r(s.from), r(s.to)))
        .collect()
}
