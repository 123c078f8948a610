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
