//! The `ocr-uncertain` finding: on a page read by OCR, a cell (or, outside the table, a
//! line) holding a character the recogniser was not sure of. One finding per cell, at the
//! cell's first line (where its row starts), naming the cell's box (points from the page's
//! top-left corner) so a reviewer finds it on the page image, quoting the cell as read and
//! its least certain character with that character's line.

use super::layout::PageLayout;
use crate::model::{Loc, Note, Rule};

/// Below this confidence a character's reading is not certain. The recogniser's confidence
/// is its probability for the character it chose; on clean 300-dpi lines right characters
/// score above 0.95 and the wrong ones it makes mostly below 0.9, so a cell with one below
/// 0.9 is worth a look (a lower bar lets wrong rows through without a finding).
pub const UNCERTAIN: f32 = 0.9;

/// The doubts of one laid-out page (none on a text layer).
pub fn doubts(layout: &PageLayout) -> Vec<Note> {
    let page = layout.page;
    if !page.read_by_ocr {
        return Vec::new();
    }
    let mut out = Vec::new();
    for cell in layout.cells.values() {
        let r = &cell.rect;
        let what = format!(
            "the cell at x {:.0}–{:.0}, y {:.0}–{:.0} pt",
            r.left, r.right, r.top, r.bottom
        );
        out.extend(doubt(layout, &cell.glyphs, &what));
    }
    for glyphs in layout.free.values() {
        let (left, right) = glyphs.iter().fold((f64::MAX, f64::MIN), |(l, r), &i| {
            let g = &page.glyphs[i];
            (l.min(g.x), r.max(g.right()))
        });
        let Some(&first) = glyphs.first() else {
            continue;
        };
        let g = &page.glyphs[first];
        let what = format!(
            "the text at x {left:.0}–{right:.0}, y {:.0}–{:.0} pt",
            g.y - g.size,
            g.y
        );
        out.extend(doubt(layout, glyphs, &what));
    }
    out.sort_by_key(|n| n.loc.line);
    out
}

/// The finding for the glyphs `glyphs` (indices into the page's) described as `what`, when
/// one of them is uncertain.
fn doubt(layout: &PageLayout, glyphs: &[usize], what: &str) -> Option<Note> {
    let page = layout.page;
    let (worst, conf) = glyphs
        .iter()
        .map(|&i| (i, page.confidence(i)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    if conf >= UNCERTAIN {
        return None;
    }
    // The cell's text line by line, each as the parser reads a line (spaces at gaps).
    let mut by_line: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for &i in glyphs {
        by_line.entry(layout.line_of[i]).or_default().push(i);
    }
    let first = *by_line.keys().next()?;
    let text: String = by_line
        .values()
        .map(|run| super::lines::run_text(&page.glyphs, run))
        .collect();
    Some(Note {
        rule: Rule::OcrUncertain,
        course_no: None,
        code: String::new(),
        loc: Loc::new(page.number, first),
        statement: format!(
            "{what} of page {} was read by OCR as `{text}`, not certainly: `{}` (line {}) has confidence {conf:.2}",
            page.number, page.glyphs[worst].text, layout.line_of[worst]
        ),
        expected: None,
    })
}
