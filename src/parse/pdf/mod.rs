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
mod ocr_doubts;
mod table_rules;
#[cfg(test)]
mod testkit;
mod weights;

use crate::extract::pdf::{PdfDocument, PdfPage, Unreadable};
use crate::model::{Loc, Note, ParsedDocument, Rule};
use assemble::Gather;
use lines::Probe;
use std::collections::BTreeMap;

/// Rebuild courses and rows from the geometry of a PDF.
pub fn parse(pdf: &PdfDocument) -> ParsedDocument {
    let mut carry = flow::Carry::default();
    let mut pages = Vec::with_capacity(pdf.pages.len());
    let mut style = StyleSoFar::default();
    let mut doubts = Vec::new();
    for page in &pdf.pages {
        let (layout, next) = layout::PageLayout::new(page, &carry);
        doubts.extend(ocr_doubts::doubts(&layout));
        style.add(page, &layout);
        pages.push(layout);
        carry = next;
    }
    let style = style.style();
    for p in &mut pages {
        p.space_at_mixed_wrap = style.space_at_mixed_wrap;
        p.gap_space = Some(style.gap_space);
        p.autospace = style.autospace;
    }
    let mut doc = assemble::assemble(&pages, pdf.pages.len() as u32);
    doc.notes.extend(pdf.pages.iter().filter_map(page_problem));
    doc.notes.extend(doubts);
    doc
}

/// The finding a page that gave no rows raises: the reader could not interpret it, or
/// its text layer is not readable.
fn page_problem(p: &PdfPage) -> Option<Note> {
    let (rule, detail) = match p.unreadable.as_ref()? {
        Unreadable::Page(reason) => (
            Rule::UnreadablePage,
            format!(
                "the PDF reader could not interpret page {}: {reason}; no rows were read from it",
                p.number
            ),
        ),
        Unreadable::TextLayer { font, bad, total } => (
            Rule::UnreadableTextLayer,
            format!(
                "the text of font {font} on page {} is not readable ({bad} of {total} characters \
                 unmapped, private-use, control or of a foreign script); {}",
                p.number,
                if p.read_by_ocr {
                    "the page was read by OCR of its image instead"
                } else {
                    "no rows were read from the page"
                }
            ),
        ),
    };
    Some(Note {
        rule,
        course_no: None,
        code: String::new(),
        loc: Loc::new(p.number, 1),
        statement: detail,
        expected: None,
    })
}

/// How the whole document writes its spaces, which the text of every page depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// The gap (in ems) between two glyphs that reads as a space.
    pub gap_space: f64,
    /// Whether a wrap between an ASCII word and a CJK ideograph stands for a space that
    /// the wrap swallowed.
    pub space_at_mixed_wrap: bool,
    /// The producer's own spacing (in ems) where Latin meets CJK, in a document that draws
    /// no spaces (see [`lines::Autospace`]).
    pub autospace: Option<f64>,
}

/// The [`Style`] of the pages seen so far.
#[derive(Default)]
struct StyleSoFar {
    /// ASCII–CJK junctions with and without a space between (see
    /// [`lines::ascii_cjk_style`]).
    spaced: usize,
    tight: usize,
    /// The widths (in ems) of the spaces drawn, by the bits of the (positive) width, which
    /// order as the widths do; and how many there are.
    widths: BTreeMap<u64, usize>,
    spaces: usize,
    /// The gaps (in ems) where Latin meets CJK (see [`lines::mixed_gaps`]).
    mixed_gaps: lines::Autospace,
}

impl StyleSoFar {
    fn add(&mut self, page: &PdfPage, layout: &layout::PageLayout) {
        let (spaced, tight) = lines::ascii_cjk_style(&layout.lines);
        self.spaced += spaced;
        self.tight += tight;
        self.mixed_gaps.extend(&layout.mixed_gaps);
        for g in &page.glyphs {
            if g.text == " " && g.size > 0.0 && g.width > 0.0 {
                *self.widths.entry((g.width / g.size).to_bits()).or_default() += 1;
                self.spaces += 1;
            }
        }
    }

    fn style(&self) -> Style {
        // Where the producer draws its spaces, a gap reads as one only when a space fits in
        // it (narrower gaps are spacing it adds itself, as between CJK and Latin text); where
        // it draws none, a fifth of an em reads as a space. The median space decides.
        let mut before = self.spaces / 2;
        let mut median = None;
        for (&bits, &n) in &self.widths {
            if before < n {
                median = Some(f64::from_bits(bits));
                break;
            }
            before -= n;
        }
        Style {
            gap_space: median.unwrap_or(weights::WORD_GAP_NO_SPACES),
            space_at_mixed_wrap: self.spaced > 2 * self.tight,
            // Where it draws none, a gap where Latin meets CJK may be its own autospacing.
            autospace: if self.spaces == 0 {
                self.mixed_gaps.get()
            } else {
                None
            },
        }
    }
}

/// A PDF read page by page as its pages come, none of them kept: each page is laid out
/// and turned into events at once, with the [`Style`] of the pages seen so far (or a
/// style known beforehand, [`PageStream::settled`]). The whole document's style is known
/// only at the end: [`PageStream::again`] then tells whether a page's text depended on
/// the difference (a gap read as a space that would not be, or the reverse), and the
/// document must be read a second time with the style known.
pub struct PageStream {
    carry: flow::Carry,
    gather: Gather,
    pages: u32,
    style: StyleSoFar,
    settled: Option<Style>,
    /// Per page read with a style not yet settled: that style and what its text depended on.
    assumed: Vec<(Style, Probe)>,
    /// Pages that gave no rows, as findings.
    problems: Vec<Note>,
}

impl Default for PageStream {
    fn default() -> Self {
        PageStream::new(None)
    }
}

impl PageStream {
    /// A reading that takes each page's style from the pages seen so far (`None`), or from
    /// `settled`.
    pub fn new(settled: Option<Style>) -> Self {
        PageStream {
            carry: flow::Carry::default(),
            gather: Gather::default(),
            pages: 0,
            style: StyleSoFar::default(),
            settled,
            assumed: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Take in the next page.
    pub fn page(&mut self, page: &PdfPage) {
        self.problems.extend(page_problem(page));
        let (mut layout, next) = layout::PageLayout::new(page, &self.carry);
        self.problems.extend(ocr_doubts::doubts(&layout));
        self.carry = next;
        self.style.add(page, &layout);
        let style = self.settled.unwrap_or_else(|| self.style.style());
        layout.space_at_mixed_wrap = style.space_at_mixed_wrap;
        layout.gap_space = Some(style.gap_space);
        layout.autospace = style.autospace;
        layout.probe.set(Probe::default());
        self.gather.page(&layout);
        if self.settled.is_none() {
            self.assumed.push((style, layout.probe.get()));
        }
        self.pages += 1;
    }

    /// The whole document's style when a page was read with another one that changes its
    /// text: the document must then be read again, [`PageStream::new`] with it.
    pub fn again(&self) -> Option<Style> {
        let style = self.settled.unwrap_or_else(|| self.style.style());
        let differs = |(assumed, probe): &(Style, Probe)| {
            (assumed.space_at_mixed_wrap != style.space_at_mixed_wrap && probe.mixed_wrap)
                || (assumed.gap_space != style.gap_space && !probe.holds(style.gap_space))
                || (probe.meets
                    && (assumed.autospace, assumed.gap_space) != (style.autospace, style.gap_space))
        };
        self.assumed.iter().any(differs).then_some(style)
    }

    /// The courses of every page taken in.
    pub fn finish(self) -> ParsedDocument {
        let mut doc = self.gather.finish(self.pages);
        doc.notes.extend(self.problems);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::{glyph, page, word, SIZE};
    use super::*;
    use crate::extract::pdf::Glyph;

    /// Read `pages` one at a time as `convert` does: again with the whole document's
    /// style when a page needs it. Tells whether it read twice.
    fn streamed(pages: &[PdfPage]) -> (ParsedDocument, bool) {
        let mut first = PageStream::default();
        pages.iter().for_each(|p| first.page(p));
        match first.again() {
            None => (first.finish(), false),
            Some(style) => {
                let mut second = PageStream::new(Some(style));
                pages.iter().for_each(|p| second.page(p));
                assert_eq!(second.again(), None, "a settled reading never asks again");
                (second.finish(), true)
            }
        }
    }

    /// Page `n` with the words `AB` and `CD` a quarter of an em apart on its first line,
    /// and `spaces` drawn spaces `space` ems wide on a line below.
    fn spaced_page(n: u32, spaces: usize, space: f64) -> PdfPage {
        let mut glyphs = word("AB", 100.0, 100.0);
        glyphs.extend(word("CD", 100.0 + SIZE + 0.25 * SIZE, 100.0));
        let mut x = 100.0;
        for _ in 0..spaces {
            glyphs.push(glyph("x", x, 200.0));
            x += SIZE / 2.0;
            glyphs.push(Glyph {
                width: space * SIZE,
                ..glyph(" ", x, 200.0)
            });
            x += space * SIZE;
        }
        PdfPage {
            number: n,
            ..page(glyphs, Vec::new(), Vec::new())
        }
    }

    fn whole(pages: &[PdfPage]) -> ParsedDocument {
        parse(&PdfDocument {
            pages: pages.to_vec(),
            ..PdfDocument::default()
        })
    }

    #[test]
    fn a_page_read_with_the_style_so_far_is_read_again_when_the_whole_document_differs() {
        // Page 1 draws no space: a quarter-em gap reads as one (more than a fifth of an
        // em). Page 2 draws spaces 0.4 em wide: for the whole document that gap is none.
        let pages = [spaced_page(1, 0, 0.0), spaced_page(2, 9, 0.4)];
        let want = whole(&pages);
        assert_eq!(want.title, "ABCD");
        assert_eq!(streamed(&pages), (want, true));
    }

    #[test]
    fn a_page_whose_text_the_difference_leaves_alone_is_read_once() {
        // The spaces 0.24 em wide on page 2 move the gap that reads as a space from a
        // fifth of an em to 0.24: the quarter-em gap of page 1 reads as one either way.
        let pages = [spaced_page(1, 0, 0.0), spaced_page(2, 9, 0.24)];
        let want = whole(&pages);
        assert_eq!(want.title, "AB CD");
        assert_eq!(streamed(&pages), (want, false));
    }

    #[test]
    fn the_median_space_is_counted_as_a_sorted_list_gives_it() {
        let mut style = StyleSoFar::default();
        let widths = [0.5, 0.25, 0.3, 0.25, 0.9];
        let glyphs = widths
            .iter()
            .enumerate()
            .map(|(i, &w)| Glyph {
                width: w * SIZE,
                ..glyph(" ", 20.0 * i as f64, 100.0)
            })
            .collect::<Vec<_>>();
        let p = page(glyphs, Vec::new(), Vec::new());
        let (layout, _) = layout::PageLayout::new(&p, &flow::Carry::default());
        style.add(&p, &layout);
        assert_eq!(style.style().gap_space, 0.3);
        assert_eq!(
            StyleSoFar::default().style().gap_space,
            weights::WORD_GAP_NO_SPACES
        );
    }
}
