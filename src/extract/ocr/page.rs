//! A page image read into the PDF page model: the recognised characters become glyphs
//! placed where the image shows them, the ruling lines found become the page's rules.
//!
//! Glyphs are in points from the top-left corner (as a text layer's): `x` where the
//! recogniser puts the character, `size` the piece's line height, the baseline so placed that
//! the glyph's middle ([`Glyph::mid_y`]) is the middle of the line's ink. A character's width
//! runs to the next character, so the parser reads no space where the recogniser read none;
//! where it read a space (or the line was cut at a wide gap) the gap is left as it is.

use super::geometry::{self, Ink, Piece};
use super::image::{Gray, DPI};
use super::marks;
use crate::error::Result;
use crate::extract::pdf::{Glyph, PdfPage, Segment};
use crate::vocab::code;
use rayon::prelude::*;

/// One character read from a line image: its text, how sure the recogniser is (0–1), and
/// where it stands along the line (pixels of the image given to the reader).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadChar {
    pub text: char,
    pub confidence: f32,
    pub x0: f32,
    pub x1: f32,
}

/// A line recogniser: reads one line image, left to right.
pub trait LineReader: Sync {
    /// Read any text.
    fn read(&self, line: &Gray) -> Result<Vec<ReadChar>>;
    /// Read the line as a code: digits and dashes only.
    fn read_code(&self, line: &Gray) -> Result<Vec<ReadChar>>;
    /// Both readings of one line ([`LineReader::read`], [`LineReader::read_code`]); a
    /// reader that can should look at the image once for both.
    fn read_both(&self, line: &Gray) -> Result<(Vec<ReadChar>, Vec<ReadChar>)> {
        Ok((self.read(line)?, self.read_code(line)?))
    }
}

/// White margin around a piece given to the reader, in piece heights: the recogniser was
/// trained on crops with some paper around the strokes.
const PAD_X: f64 = 0.25;
const PAD_Y: f64 = 0.15;
/// A glyph is never narrower than this many of its size (a `1` or `.` read in a narrow
/// span still has a width the parser can place).
const MIN_WIDTH: f64 = 0.15;
/// A piece is given a size no smaller than this fraction of the page's median piece height:
/// a line holding only 一 or `-` is as tall as its neighbours, not as its ink.
const MIN_SIZE: f64 = 0.8;
/// Where a space was read, the gap left before the next character is at least this many
/// ems: wider than the gap the PDF parser reads as a space on a page drawing no spaces
/// (0.2 em) plus its Latin–CJK autospacing margin (0.1 em).
const SPACE_GAP: f64 = 0.4;
/// From the middle of a line's ink to the baseline, in ems: [`Glyph::mid_y`] puts the middle
/// of a glyph 0.35 em above its baseline.
const MID_TO_BASELINE: f64 = 0.35;

/// Whether a character may stand in a code as read by a general reader (digits, dashes and
/// the letters a digit is misread as): such a piece is read again as a code.
fn code_like(c: char) -> bool {
    code::is_digit(c) || code::is_dash(c) || matches!(c, 'l' | 'I' | 'O' | 'o' | '|' | '—' | '_')
}

/// What the geometry of a page gave and the reader read: glyphs with their confidences,
/// rules, and the page's size in points.
#[derive(Debug, Clone, Default)]
pub struct ReadPage {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub confidence: Vec<f32>,
    pub hrules: Vec<Segment>,
    pub vrules: Vec<Segment>,
    /// The angle (degrees) the page was turned by to level it.
    pub skew: f64,
}

/// Read a page image: level it, find its rules and text pieces, read every piece.
pub fn read_image(mut gray: Gray, reader: &dyn LineReader) -> Result<ReadPage> {
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        log::debug!(
            "OCR page: {what} done at {:.3} s",
            clock.elapsed().as_secs_f64()
        )
    };
    let t = geometry::otsu(&gray);
    let mut ink = Ink::from_gray(&gray, t);
    lap("ink");
    let skew = geometry::skew(&ink);
    lap("skew search");
    if skew != 0.0 {
        gray = geometry::rotate(&gray, skew);
        ink = Ink::from_gray(&gray, t);
        lap("rotation");
    }
    let rules = geometry::rules(&ink);
    geometry::erase(&rules, &mut ink, &mut gray);
    lap("rules");
    let pieces = geometry::pieces(&ink, &rules);
    drop(ink);
    lap("pieces");
    log::debug!(
        "OCR page: {} pieces, {} px of piece width",
        pieces.len(),
        pieces.iter().map(|p| p.x1 - p.x0).sum::<usize>()
    );
    let pt = 72.0 / f64::from(DPI);
    let mut heights: Vec<usize> = pieces.iter().map(Piece::height).collect();
    heights.sort_unstable();
    let median = heights.get(heights.len() / 2).copied().unwrap_or(0) as f64;
    let read: Vec<(Piece, usize, Vec<ReadChar>)> = pieces
        .par_iter()
        .map(|p| {
            let (x0, chars) = read_piece(&gray, t, p, reader)?;
            Ok((*p, x0, chars))
        })
        .collect::<Result<_>>()?;
    lap("recognition");
    let mut out = ReadPage {
        width: gray.width as f64 * pt,
        height: gray.height as f64 * pt,
        skew,
        ..ReadPage::default()
    };
    for (p, x0, chars) in read {
        let size = (p.height() as f64).max(MIN_SIZE * median) * pt;
        let mid = (p.y0 + p.y1) as f64 / 2.0 * pt;
        place(&chars, x0 as f64, size, mid, pt, &mut out);
    }
    let seg = |l: &geometry::Line| Segment {
        pos: l.pos * pt,
        from: l.from as f64 * pt,
        to: (l.to + 1) as f64 * pt,
    };
    out.hrules = rules.h.iter().map(seg).collect();
    out.vrules = rules.v.iter().map(seg).collect();
    Ok(out)
}

/// Read one piece (with its margin): a piece that reads as a code is taken as read as one
/// (digits and dashes only); other text has its Latin–CJK spaces, full-width brackets and
/// check boxes read from the ink (`marks`, `t` the page's ink threshold). Gives the left
/// edge (pixels of the page) of the image read, and what was read.
fn read_piece(
    gray: &Gray,
    t: u8,
    p: &Piece,
    reader: &dyn LineReader,
) -> Result<(usize, Vec<ReadChar>)> {
    let h = p.height() as f64;
    let (px, py) = ((PAD_X * h).ceil() as usize, (PAD_Y * h).ceil() as usize + 1);
    let x0 = p.x0.saturating_sub(px);
    let crop = gray.crop(x0, p.y0.saturating_sub(py), p.x1 + px, p.y1 + py);
    let (chars, code) = reader.read_both(&crop)?;
    let visible: Vec<char> = chars
        .iter()
        .map(|c| c.text)
        .filter(|c| !c.is_whitespace())
        .collect();
    if visible.len() >= 2 && visible.iter().all(|&c| code_like(c)) && !code.is_empty() {
        return Ok((x0, code));
    }
    let ink = marks::ink_columns(&crop, t);
    let chars = marks::confusions(chars);
    let chars = marks::brackets(chars, &ink, h);
    let chars = marks::latin_cjk_spaces(chars, &ink, h);
    let chars = marks::checkboxes(chars, &crop, t, h);
    log::trace!(
        "OCR piece at ({}, {}): {}",
        p.x0,
        p.y0,
        chars
            .iter()
            .map(|c| format!("{}{:.0}", c.text, c.confidence * 100.0))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok((x0, chars))
}

/// Place the characters of one piece as glyphs: `left` is the image's left edge (pixels),
/// `size` the glyph size and `mid` the line's middle (points), `pt` points per pixel.
fn place(chars: &[ReadChar], left: f64, size: f64, mid: f64, pt: f64, out: &mut ReadPage) {
    for (i, c) in chars.iter().enumerate() {
        if c.text.is_whitespace() {
            continue;
        }
        let x = (left + f64::from(c.x0)) * pt;
        // Up to the next character, unless a space was read between them: then short of
        // it by a space's gap at least.
        let right = match chars.get(i + 1) {
            Some(n) if !n.text.is_whitespace() => (left + f64::from(n.x0)) * pt,
            _ => {
                let next = chars[i + 1..].iter().find(|n| !n.text.is_whitespace());
                let own = (left + f64::from(c.x1)) * pt;
                match next {
                    Some(n) => own.min((left + f64::from(n.x0)) * pt - SPACE_GAP * size),
                    None => own,
                }
            }
        };
        let width = (right - x).max(MIN_WIDTH * size);
        out.glyphs.push(Glyph {
            text: c.text.to_string(),
            x,
            y: mid + MID_TO_BASELINE * size,
            size,
            width,
        });
        out.confidence.push(c.confidence.clamp(0.0, 1.0));
    }
}

/// Fill `page` with what was read: glyphs, confidences, rules and size.
pub fn fill(page: &mut PdfPage, read: ReadPage) {
    page.width = read.width;
    page.height = read.height;
    page.glyphs = read.glyphs;
    page.confidence = read.confidence;
    page.hrules = read.hrules;
    page.vrules = read.vrules;
    page.read_by_ocr = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader for synthetic pages: each ink column run of a line is one character, read
    /// as its index in the line (`0`–`9`) with confidence 0.9, or `-` from the code reader.
    struct Columns;

    fn runs(line: &Gray) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for x in 0..=line.width {
            let ink = x < line.width && (0..line.height).any(|y| line.get(x, y) < 128);
            match (ink, start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    out.push((s, x));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    impl LineReader for Columns {
        fn read(&self, line: &Gray) -> Result<Vec<ReadChar>> {
            Ok(runs(line)
                .into_iter()
                .enumerate()
                .map(|(i, (a, b))| ReadChar {
                    text: char::from_digit(i as u32 % 10, 10).unwrap_or('?'),
                    confidence: 0.9,
                    x0: a as f32,
                    x1: b as f32,
                })
                .collect())
        }
        fn read_code(&self, line: &Gray) -> Result<Vec<ReadChar>> {
            Ok(self
                .read(line)?
                .into_iter()
                .map(|c| ReadChar { text: '-', ..c })
                .collect())
        }
    }

    fn block(g: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0..y1 {
            for x in x0..x1 {
                g.set(x, y, 0);
            }
        }
    }

    #[test]
    fn characters_become_glyphs_where_the_image_shows_them_inside_the_rules() {
        // A 600×300 px page: a box of rules, one line of three 30-px "characters" 10 px
        // apart (x 100–130, 140–170, 180–210; y 100–130).
        let mut g = Gray::white(600, 300);
        block(&mut g, 50, 50, 550, 52);
        block(&mut g, 50, 250, 550, 252);
        block(&mut g, 50, 50, 52, 252);
        block(&mut g, 548, 50, 550, 252);
        for i in 0..3 {
            // A character of two strokes, as a piece of text is.
            block(&mut g, 100 + 40 * i, 100, 130 + 40 * i, 104);
            block(&mut g, 113 + 40 * i, 100, 117 + 40 * i, 130);
        }
        let r = read_image(g, &Columns).unwrap();
        let pt = 72.0 / 300.0;
        assert_eq!((r.hrules.len(), r.vrules.len()), (2, 2));
        assert!((r.hrules[0].pos - 51.0 * pt).abs() < 1.0, "{:?}", r.hrules);
        // Three characters read as a code-like piece, so read again as a code.
        let text: String = r.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "---");
        assert_eq!(r.confidence, vec![0.9; 3]);
        let g0 = &r.glyphs[0];
        assert!((g0.x - 100.0 * pt).abs() < 0.5, "{g0:?}");
        // Widths run to the next character: no gap the parser would read as a space.
        assert!((g0.right() - r.glyphs[1].x).abs() < 1e-9);
        assert!((g0.mid_y() - 115.0 * pt).abs() < 0.5, "{g0:?}");
        assert!((g0.size - 30.0 * pt).abs() < 0.5);
    }

    #[test]
    fn a_space_read_leaves_its_gap() {
        let chars = [
            ReadChar {
                text: 'A',
                confidence: 1.0,
                x0: 0.0,
                x1: 20.0,
            },
            ReadChar {
                text: ' ',
                confidence: 1.0,
                x0: 20.0,
                x1: 40.0,
            },
            ReadChar {
                text: 'B',
                confidence: 0.5,
                x0: 40.0,
                x1: 60.0,
            },
        ];
        let mut out = ReadPage::default();
        place(&chars, 0.0, 10.0, 50.0, 1.0, &mut out);
        assert_eq!(out.glyphs.len(), 2);
        assert_eq!(out.glyphs[0].right(), 20.0);
        assert_eq!(out.glyphs[1].x, 40.0);
        assert_eq!(out.confidence, vec![1.0, 0.5]);
    }
}
