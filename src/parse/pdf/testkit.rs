//! Small synthetic pages for the unit cases of the geometric helpers.
//!
//! Every helper is tested from a table of `(name, input, expected)` rows driven by
//! [`check`], in the style of csv-core's `parses_to!`: a row names the situation it pins
//! down, and a failing row says which.

use crate::extract::pdf::{Glyph, Segment};
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
