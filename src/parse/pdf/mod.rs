//! Rebuilding course tables from PDF geometry.
//!
//! Takes a [`PdfDocument`] (glyphs and ruling lines per page); gives the same
//! [`ParsedDocument`] the text parser gives. The work is in three steps:
//!
//! 1. `layout`: per page, glyphs grouped into text lines (whose 1-based index is the
//!    `line` of every `Loc`) and into cells, a cell being the box of ruling lines around a
//!    glyph. A merged cell is simply a box with no rule inside it. A table drawn without
//!    rules gets virtual ones from text alignment (`borderless`).
//! 2. Column roles: the competency-code column is the one whose cells read as `NN-NN-NN`
//!    (one per table: tables of different widths may share a page); the other five follow
//!    from the vertical rules around it.
//! 3. Assembly (`assemble`): titles, header blocks and rows in reading order; merged
//!    project and task cells split by page breaks are joined back by their labels.
//!
//! Modules, each using only those above it (no cycles):
//!
//! - `geometry`: boxes, rules, the cell around a point; `flow`: what a page tells the
//!   next. Codes, labels, titles and the joining rule come from [`crate::vocab`].
//! - `lines`: glyphs grouped into text lines and their text.
//! - `code_runs`: codes found as runs of digits and dashes, for tables without rules.
//! - `table_rules`, `header_rules`: virtual rules inside a table or a header block drawn
//!   without rules; `borderless`: where such tables and blocks are, and their columns.
//! - `layout`: one page's lines and cells.
//! - `columns`: column roles; `events`: a page in reading order; `merged`: project and task
//!   cells joined over page breaks; `assemble`: courses from the events.

mod assemble;
mod borderless;
mod code_runs;
mod columns;
mod events;
mod flow;
mod geometry;
mod header_rules;
mod layout;
mod lines;
mod merged;
mod table_rules;
#[cfg(test)]
mod testkit;
mod weights;

use crate::extract::pdf::PdfDocument;
use crate::model::ParsedDocument;

/// Rebuild courses and rows from the geometry of a PDF.
pub fn parse(pdf: &PdfDocument) -> ParsedDocument {
    let mut carry = flow::Carry::default();
    let mut pages = Vec::with_capacity(pdf.pages.len());
    for page in &pdf.pages {
        let (layout, next) = layout::PageLayout::new(page, &carry);
        pages.push(layout);
        carry = next;
    }
    let (spaced, tight) = pages
        .iter()
        .map(|p| lines::ascii_cjk_style(&p.lines))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    // Where the producer draws its spaces, a gap reads as one only when a space fits in it
    // (narrower gaps are spacing it adds itself, as between CJK and Latin text); where it
    // draws none, a fifth of an em reads as a space.
    let mut space_widths: Vec<f64> = pdf
        .pages
        .iter()
        .flat_map(|p| p.glyphs.iter())
        .filter(|g| g.text == " " && g.size > 0.0 && g.width > 0.0)
        .map(|g| g.width / g.size)
        .collect();
    space_widths.sort_by(f64::total_cmp);
    let gap_space = match space_widths.get(space_widths.len() / 2) {
        Some(w) => *w,
        None => weights::WORD_GAP_NO_SPACES,
    };
    // Where it draws none, a gap where Latin meets CJK may be its own autospacing.
    let autospace = if space_widths.is_empty() {
        let gaps: Vec<f64> = pages
            .iter()
            .flat_map(|p| p.mixed_gaps.iter().copied())
            .collect();
        lines::autospace(&gaps)
    } else {
        None
    };
    for p in &mut pages {
        p.space_at_mixed_wrap = spaced > 2 * tight;
        p.gap_space = Some(gap_space);
        p.autospace = autospace;
    }
    assemble::assemble(&pages, pdf.pages.len() as u32)
}
