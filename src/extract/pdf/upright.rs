//! Pages whose text runs up, left or down, turned so that it runs left to right.

use super::page::{PdfPage, Segment};

/// Turns a page whose text runs up, left or down (a landscape table drawn rotated on a
/// portrait page, whatever `/Rotate` says) so that its main text runs left to right.
pub(super) fn upright(page: &mut PdfPage, direction: usize) {
    let (w, h) = (page.width, page.height);
    if !(1..=3).contains(&direction) {
        return;
    }
    // Where a point goes, and the page's new size.
    let map = move |x: f64, y: f64| match direction {
        1 => (h - y, x),
        2 => (w - x, h - y),
        _ => (y, w - x),
    };
    let size = if direction == 2 { (w, h) } else { (h, w) };
    for g in &mut page.glyphs {
        (g.x, g.y) = map(g.x, g.y);
    }
    let mut hrules = Vec::new();
    let mut vrules = Vec::new();
    let mut put = |a: (f64, f64), b: (f64, f64)| {
        if (a.1 - b.1).abs() < 0.5 {
            hrules.push(Segment {
                pos: a.1,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            });
        } else {
            vrules.push(Segment {
                pos: a.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            });
        }
    };
    for s in &page.hrules {
        put(map(s.from, s.pos), map(s.to, s.pos));
    }
    for s in &page.vrules {
        put(map(s.pos, s.from), map(s.pos, s.to));
    }
    page.hrules = hrules;
    page.vrules = vrules;
    (page.width, page.height) = size;
}
