//! Ruling lines from drawn boxes and pieces: a thin box is one rule, collinear touching
//! pieces are one rule.

use super::page::{PdfPage, Segment};

/// How thick (in points) a drawn box may be and still be one ruling line.
const THIN: f64 = 2.5;

/// A box at most `THIN` high (or wide) and longer than that is a horizontal (or vertical)
/// ruling line; push it and say so.
pub(super) fn push_thin_box(page: &mut PdfPage, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
    if y1 - y0 <= THIN && x1 - x0 > THIN {
        page.hrules.push(Segment {
            pos: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        });
        true
    } else if x1 - x0 <= THIN && y1 - y0 > THIN {
        page.vrules.push(Segment {
            pos: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        });
        true
    } else {
        false
    }
}

/// Merges collinear touching rules, so a border drawn in pieces (one per cell) is one
/// segment; drops rules outside the page.
pub(super) fn finish_rules(page: &mut PdfPage) {
    page.hrules = merge_segments(std::mem::take(&mut page.hrules));
    page.vrules = merge_segments(std::mem::take(&mut page.vrules));
}

fn merge_segments(mut segs: Vec<Segment>) -> Vec<Segment> {
    const SAME_LINE: f64 = 1.0;
    const GAP: f64 = 1.5;
    segs.retain(|s| s.pos.is_finite() && s.from.is_finite() && s.to.is_finite());
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.from.total_cmp(&b.from)));
    // Group by line position, then merge overlapping spans within each group.
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].pos - segs[j - 1].pos <= SAME_LINE {
            j += 1;
        }
        let mut group = segs[i..j].to_vec();
        let pos = group.iter().map(|s| s.pos).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Segment> = None;
        for s in group {
            match cur.as_mut() {
                Some(c) if s.from <= c.to + GAP => c.to = c.to.max(s.to),
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(Segment {
                        pos,
                        from: s.from,
                        to: s.to,
                    });
                }
            }
        }
        if let Some(c) = cur {
            out.push(c);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_pieces_merge() {
        let segs = vec![
            Segment {
                pos: 10.0,
                from: 0.0,
                to: 5.0,
            },
            Segment {
                pos: 10.2,
                from: 5.0,
                to: 9.0,
            },
            Segment {
                pos: 10.0,
                from: 20.0,
                to: 30.0,
            },
        ];
        let m = merge_segments(segs);
        assert_eq!(m.len(), 2);
        assert!((m[0].to - 9.0).abs() < 1e-9);
    }
}
