//! Boxes and rules: the plain geometry every step of the PDF parser shares.
//!
//! Coordinates are points, origin at the page's top-left corner, `y` growing downwards. A
//! [`Segment`] is a rule (drawn, or virtual from a table without rules); a [`Rect`] is the
//! box four rules make around a point ([`cell_at`]).

use super::weights::{KEY_SCALE, REACH};
use crate::extract::pdf::{Glyph, Segment};

/// A box between four rules, in page coordinates (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    pub fn key(&self) -> CellKey {
        let q = |v: f64| (v * KEY_SCALE).round() as i64;
        (q(self.top), q(self.left), q(self.bottom), q(self.right))
    }

    pub fn mid_y(&self) -> f64 {
        midway(self.top, self.bottom)
    }
}

/// A cell's identity on its page: its box quantised to 0.1 pt (top, left, bottom, right),
/// so sorting keys gives reading order.
pub type CellKey = (i64, i64, i64, i64);

/// A glyph that draws nothing (a space or other whitespace).
pub(super) fn is_blank(g: &Glyph) -> bool {
    g.text.chars().all(char::is_whitespace)
}

/// The box of rules around a point: the nearest rule on each side that reaches it.
pub(super) fn cell_at(hrules: &[Segment], vrules: &[Segment], x: f64, y: f64) -> Option<Rect> {
    let reaches = |s: &Segment, along: f64| s.from - REACH <= along && along <= s.to + REACH;
    let mut left: Option<&Segment> = None;
    let mut right: Option<&Segment> = None;
    for v in vrules {
        if reaches(v, y) {
            if v.pos < x && left.is_none_or(|l| v.pos > l.pos) {
                left = Some(v);
            }
            if v.pos > x && right.is_none_or(|r| v.pos < r.pos) {
                right = Some(v);
            }
        }
    }
    let (left, right) = (left?, right?);
    let mut top = f64::NEG_INFINITY;
    let mut bottom = f64::INFINITY;
    for h in hrules {
        if reaches(h, x) {
            if h.pos < y && h.pos > top {
                top = h.pos;
            }
            if h.pos > y && h.pos < bottom {
                bottom = h.pos;
            }
        }
    }
    // A cell cut by a page break may have no closing rule on that side (producers that do
    // not close a table at a break): the ends of its side rules close it. Both sides open
    // is no cell.
    if !top.is_finite() && !bottom.is_finite() {
        return None;
    }
    if !top.is_finite() {
        top = left.from.max(right.from);
    }
    if !bottom.is_finite() {
        bottom = left.to.min(right.to);
    }
    Some(Rect {
        left: left.pos,
        top,
        right: right.pos,
        bottom,
    })
}

/// A horizontal rule at `y` from `from` to `to` (x).
pub(super) fn hseg(y: f64, from: f64, to: f64) -> Segment {
    Segment { pos: y, from, to }
}

/// A vertical rule at `x` from `from` to `to` (y).
pub(super) fn vseg(x: f64, from: f64, to: f64) -> Segment {
    Segment { pos: x, from, to }
}

/// The point halfway between `a` and `b`.
pub(super) fn midway(a: f64, b: f64) -> f64 {
    (a + b) / 2.0
}

/// The largest of some sizes or extents, zero for none.
pub(super) fn largest(xs: impl Iterator<Item = f64>) -> f64 {
    xs.fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::testkit::{check, glyph, seg};

    /// A 2×1 grid: columns 0–50 and 50–100, one row 0–20.
    fn grid() -> (Vec<Segment>, Vec<Segment>) {
        let h = vec![seg(0.0, 0.0, 100.0), seg(20.0, 0.0, 100.0)];
        let v = vec![
            seg(0.0, 0.0, 20.0),
            seg(50.0, 0.0, 20.0),
            seg(100.0, 0.0, 20.0),
        ];
        (h, v)
    }

    fn rect(left: f64, top: f64, right: f64, bottom: f64) -> Rect {
        Rect {
            left,
            top,
            right,
            bottom,
        }
    }

    #[test]
    fn cell_at_frames_a_point() {
        let (h, v) = grid();
        // Side rules reaching down to 40, a bottom rule stopping at 48.6 (short of 50).
        let tall = [
            seg(0.0, 0.0, 40.0),
            seg(50.0, 0.0, 40.0),
            seg(100.0, 0.0, 40.0),
        ];
        let short = [seg(0.0, 0.0, 100.0), seg(20.0, 0.0, 48.6)];
        let open_bottom = [seg(0.0, 0.0, 100.0)];
        check(
            |(hr, vr, x, y): (&[Segment], &[Segment], f64, f64)| cell_at(hr, vr, x, y),
            [
                (
                    "left cell",
                    (&h[..], &v[..], 10.0, 10.0),
                    Some(rect(0.0, 0.0, 50.0, 20.0)),
                ),
                (
                    "right cell: nearest rule each side",
                    (&h[..], &v[..], 60.0, 10.0),
                    Some(rect(50.0, 0.0, 100.0, 20.0)),
                ),
                ("outside every column", (&h[..], &v[..], 120.0, 10.0), None),
                (
                    "below the side rules' reach",
                    (&h[..], &v[..], 10.0, 25.0),
                    None,
                ),
                (
                    "rule 1.3 pt short still bounds",
                    (&short[..], &tall[..], 49.9, 10.0),
                    Some(rect(0.0, 0.0, 50.0, 20.0)),
                ),
                (
                    "rule 1.6 pt short does not",
                    (&short[..], &tall[..], 50.2, 10.0),
                    Some(rect(50.0, 0.0, 100.0, 40.0)),
                ),
                (
                    "open bottom closed by the side rules' ends",
                    (&open_bottom[..], &tall[..], 10.0, 10.0),
                    Some(rect(0.0, 0.0, 50.0, 40.0)),
                ),
                (
                    "no rule above or below: no cell",
                    (&[][..], &v[..], 10.0, 10.0),
                    None,
                ),
            ],
        );
    }

    #[test]
    fn cell_keys_quantise_to_a_tenth_of_a_point() {
        check(
            |(a, b): (Rect, Rect)| a.key() == b.key(),
            [
                (
                    "same box",
                    (rect(1.0, 2.0, 3.0, 4.0), rect(1.0, 2.0, 3.0, 4.0)),
                    true,
                ),
                (
                    "0.04 pt apart",
                    (rect(1.0, 2.0, 3.0, 4.0), rect(1.04, 2.0, 3.0, 4.0)),
                    true,
                ),
                (
                    "0.1 pt apart",
                    (rect(1.0, 2.0, 3.0, 4.0), rect(1.1, 2.0, 3.0, 4.0)),
                    false,
                ),
            ],
        );
        check(
            |r: Rect| r.key(),
            [(
                "reading order: top first",
                rect(1.0, 2.0, 3.0, 4.0),
                (20, 10, 40, 30),
            )],
        );
    }

    #[test]
    fn blank_glyphs() {
        check(
            |t: &str| is_blank(&glyph(t, 0.0, 0.0)),
            [
                (" space", " ", true),
                ("no-break space", "\u{a0}", true),
                ("ideograph", "能", false),
                ("digit", "1", false),
            ],
        );
    }

    #[test]
    fn midway_and_largest() {
        check(
            |(a, b): (f64, f64)| midway(a, b),
            [
                ("between", (2.0, 6.0), 4.0),
                ("either order", (6.0, 2.0), 4.0),
            ],
        );
        check(
            |xs: &[f64]| largest(xs.iter().copied()),
            [
                ("none is zero", &[][..], 0.0),
                ("the largest", &[3.0, 9.0, 1.0][..], 9.0),
            ],
        );
    }

    #[test]
    fn rules_and_middles() {
        check(
            |(p, a, b): (f64, f64, f64)| (hseg(p, a, b), vseg(p, a, b)),
            [(
                "pos is y for a horizontal rule, x for a vertical one",
                (20.0, 0.0, 100.0),
                (seg(20.0, 0.0, 100.0), seg(20.0, 0.0, 100.0)),
            )],
        );
        check(
            |r: Rect| r.mid_y(),
            [
                ("between top and bottom", rect(0.0, 10.0, 50.0, 30.0), 20.0),
                ("a flat box", rect(0.0, 10.0, 50.0, 10.0), 10.0),
            ],
        );
    }
}
