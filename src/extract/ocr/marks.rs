//! What the line recogniser cannot tell from its own output, read from the line's ink:
//!
//! - **Spaces where Latin meets CJK** ([`latin_cjk_spaces`]). The model reads the gap a
//!   producer prints between `B2B` and `平台` as nothing or as a space about as often; the
//!   ink decides instead: a space is there when the white gap between the two characters is
//!   clearly wider than the gaps between the line's CJK characters (its character pitch).
//! - **Check boxes** ([`checkboxes`]). ☑ and ☐ are not in the model's dictionary (☐ is read
//!   as 口, ☑ not at all): a square frame of ink the size of a character is a box, ticked
//!   when there is ink inside it.
//!
//! Both work on the crop given to the recogniser: `x` in its pixel columns, ink where the
//! grey value is at or below the page's threshold.

use super::image::Gray;
use super::page::ReadChar;
use super::recognise::is_cjk;
use crate::vocab::lexicon;

/// A gap where Latin meets a CJK ideograph reads as a space when it is wider than the
/// line's typical gap between two CJK ideographs by this many line heights. Measured
/// (`COMPMAP_DEBUG=1 compmap convert …`, the `latin-cjk` trace lines): on the 300-dpi scan
/// of `fixtures/pdf/word-portrait.pdf` (Word, typed spaces) every spaced meeting is
/// 0.27–0.44 of the line height beyond the CJK gap; on the 200-dpi scan of the nursing
/// programme (LibreOffice, which adds its own Latin–CJK spacing and no space) the meetings
/// are 0.05–0.31 beyond it. The two overlap: a typed space and a producer's autospacing
/// are both about a quarter of an em. The bar sits at the bottom of the typed spaces, and
/// every meeting inside [`SPACE_DOUBT_LOW`]..[`SPACE_DOUBT_HIGH`] is left in doubt.
pub const SPACE_EXTRA: f64 = 0.25;
/// The band of gaps (beyond the CJK gap, in line heights) that the ink cannot tell a space
/// from a producer's spacing: the character after such a meeting gets confidence at most
/// [`SPACE_DOUBT`], so its cell gets an `ocr-uncertain` finding. Tight text (no spacing
/// at all) stays below the band; a wide space (two spaces, a tab) above it.
pub const SPACE_DOUBT_LOW: f64 = 0.1;
pub const SPACE_DOUBT_HIGH: f64 = 0.45;
/// The confidence given to a character whose preceding space the ink could not decide.
pub const SPACE_DOUBT: f32 = 0.5;
/// The CJK gap assumed (line heights) when a line has fewer than [`MIN_CJK_PAIRS`] pairs
/// of CJK ideographs side by side to measure: a Song face leaves about a tenth of an em.
const DEFAULT_CJK_GAP: f64 = 0.1;
const MIN_CJK_PAIRS: usize = 2;

/// CJK and full-width punctuation: such a mark carries its own white half, so a gap next
/// to it says nothing about a space.
fn wide_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{FE30}'..='\u{FE4F}')
}

/// A CJK ideograph (not punctuation).
fn ideograph(c: char) -> bool {
    is_cjk(c) && !wide_punctuation(c)
}

/// What stands on the far side of a Latin–CJK meeting: an ideograph, or a symbol set like
/// one (℃, ‰, ①: non-ASCII, not punctuation).
fn cjk_side(c: char) -> bool {
    ideograph(c)
        || (!c.is_ascii() && !c.is_alphabetic() && !wide_punctuation(c) && !c.is_whitespace())
}

fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Which columns of `crop` hold ink (a pixel at or below `threshold`).
pub fn ink_columns(crop: &Gray, threshold: u8) -> Vec<bool> {
    (0..crop.width)
        .map(|x| (0..crop.height).any(|y| crop.get(x, y) <= threshold))
        .collect()
}

/// The widest run of columns without ink between the middles of `a` and `b`.
fn white_gap(ink: &[bool], a: &ReadChar, b: &ReadChar) -> usize {
    let from = (((a.x0 + a.x1) / 2.0).max(0.0) as usize).min(ink.len());
    let to = (((b.x0 + b.x1) / 2.0).max(0.0) as usize).min(ink.len());
    let (mut best, mut run) = (0, 0);
    for &col in &ink[from..to.max(from)] {
        run = if col { 0 } else { run + 1 };
        best = best.max(run);
    }
    best
}

/// The line's typical white gap (pixels) between two CJK ideographs side by side.
fn pitch_gap(chars: &[ReadChar], ink: &[bool], height: f64) -> f64 {
    let visible: Vec<&ReadChar> = chars.iter().filter(|c| !c.text.is_whitespace()).collect();
    let mut gaps: Vec<usize> = visible
        .windows(2)
        .filter(|w| ideograph(w[0].text) && ideograph(w[1].text))
        .map(|w| white_gap(ink, w[0], w[1]))
        .collect();
    if gaps.len() < MIN_CJK_PAIRS {
        return DEFAULT_CJK_GAP * height;
    }
    gaps.sort_unstable();
    gaps[gaps.len() / 2] as f64
}

/// Corrections of the model's known confusions that no text has: `°℃` (it reads ℃ as
/// a degree sign and ℃) is `℃`.
pub fn confusions(mut chars: Vec<ReadChar>) -> Vec<ReadChar> {
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i].text == '°' && chars[i + 1].text == '℃' {
            let gone = chars.remove(i);
            chars[i].x0 = chars[i].x0.min(gone.x0);
            chars[i].confidence = chars[i].confidence.min(gone.confidence);
        } else {
            i += 1;
        }
    }
    chars
}

/// The full-width form of an ASCII mark the model reads in CJK text in its place.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// ASCII brackets and punctuation read in a line of CJK text that stand in a full-width
/// mark's place: the model reads （ after Latin or digits as `(` about as often as not, and
/// ，as `,` now and then. A full-width mark sets its ink in half of a CJK cell, so on its
/// outer side (before `（`, after `），；：！？`) the white gap is wider than the line's CJK
/// gap by at least [`SPACE_EXTRA`] of the line; an ASCII mark's is not. Such a mark beside
/// CJK text becomes full-width (a bracket's partner on the line too). Where the ink cannot
/// tell — the mark ends the line, or its wide gap is toward Latin text (`PI（P`, or an
/// ASCII `, ` whose space the model dropped) — the mark gets confidence at most
/// [`SPACE_DOUBT`], so its cell is flagged.
pub fn brackets(mut chars: Vec<ReadChar>, ink: &[bool], height: f64) -> Vec<ReadChar> {
    if !chars.iter().any(|c| ideograph(c.text)) {
        return chars;
    }
    let pitch = pitch_gap(&chars, ink, height);
    let visible: Vec<usize> = (0..chars.len())
        .filter(|&i| !chars[i].text.is_whitespace())
        .collect();
    let cjk = |c: char| ideograph(c) || wide_punctuation(c);
    let mut turned = Vec::new();
    let mut doubted = Vec::new();
    for (k, &i) in visible.iter().enumerate() {
        if full_width(chars[i].text).is_none() {
            continue;
        }
        let neighbour = match chars[i].text {
            '(' => k.checked_sub(1).map(|p| visible[p]),
            _ => visible.get(k + 1).copied(),
        };
        let Some(n) = neighbour else {
            doubted.push(i);
            continue;
        };
        let (a, b) = if n < i { (n, i) } else { (i, n) };
        let extra = (white_gap(ink, &chars[a], &chars[b]) as f64 - pitch) / height.max(1.0);
        if cjk(chars[n].text) && extra >= SPACE_EXTRA {
            turned.push(i);
        } else if extra >= SPACE_DOUBT_LOW {
            doubted.push(i);
        }
    }
    let mut partners = Vec::new();
    for &i in &turned {
        let partner = match chars[i].text {
            '(' => (i + 1..chars.len()).find(|&j| chars[j].text == ')'),
            ')' => (0..i).rev().find(|&j| chars[j].text == '('),
            _ => None,
        };
        partners.extend(partner);
    }
    for i in turned.into_iter().chain(partners) {
        if let Some(w) = full_width(chars[i].text) {
            chars[i].text = w;
        }
    }
    for i in doubted {
        if full_width(chars[i].text).is_some() {
            chars[i].confidence = chars[i].confidence.min(SPACE_DOUBT);
        }
    }
    chars
}

/// The characters of a line with the spaces where Latin meets CJK decided by the ink
/// (`ink`: [`ink_columns`] of the crop read, `height`: the line's height in its pixels).
/// Other spaces are kept as read.
pub fn latin_cjk_spaces(chars: Vec<ReadChar>, ink: &[bool], height: f64) -> Vec<ReadChar> {
    let pitch_gap = pitch_gap(&chars, ink, height);
    let meets = |a: char, b: char| (latin(a) && cjk_side(b)) || (cjk_side(a) && latin(b));
    let mut out: Vec<ReadChar> = Vec::with_capacity(chars.len());
    let mut prev: Option<ReadChar> = None;
    for mut c in chars {
        if c.text.is_whitespace() {
            // Decided below when the space stands where Latin meets CJK.
            out.push(c);
            continue;
        }
        if let Some(p) = prev {
            if meets(p.text, c.text) {
                // Drop any space read between them; put one where the ink says so.
                while out.last().is_some_and(|l| l.text.is_whitespace()) {
                    out.pop();
                }
                let gap = white_gap(ink, &p, &c) as f64;
                log::trace!(
                    "latin-cjk {}{} gap {gap} pitch {pitch_gap} height {height}",
                    p.text,
                    c.text
                );
                let extra = (gap - pitch_gap) / height.max(1.0);
                if (SPACE_DOUBT_LOW..=SPACE_DOUBT_HIGH).contains(&extra) {
                    c.confidence = c.confidence.min(SPACE_DOUBT);
                }
                if extra >= SPACE_EXTRA {
                    out.push(ReadChar {
                        text: ' ',
                        confidence: 1.0,
                        x0: p.x1,
                        x1: c.x0.max(p.x1),
                    });
                }
            }
        }
        prev = Some(c.clone());
        out.push(c);
    }
    out
}

/// A square frame of ink is a box when each side is between these shares of the line's
/// height: ☐ in CJK fonts fills most of the em (a 10.5 pt box is 0.8–0.95 of a line).
const BOX_MIN: f64 = 0.55;
const BOX_MAX: f64 = 1.2;
/// Its width and height differ by at most this share of the larger.
const BOX_SQUARE: f64 = 0.15;
/// Each side of the frame has ink along at least this share of its length (a scan breaks
/// thin lines here and there).
const FRAME_SIDE: f64 = 0.85;
/// A box is ticked when at least this share of its inside (the frame's strokes left out)
/// is ink: a tick's strokes cover a tenth or more, an empty box's inside only specks.
const TICK_INK: f64 = 0.04;
/// More ink inside than this share is a filled shape or a character with strokes inside
/// (国, 回), not a tick.
const TICK_MAX: f64 = 0.5;
/// Boxes of one line are one row of boxes when their sizes differ by at most this share.
const SAME_SIZE: f64 = 0.15;

/// A frame found in a line: its box in the crop's pixels, and whether it is ticked.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    ticked: bool,
}

/// The connected ink components (8-neighbours) of `crop`, as bounding boxes
/// (x0, y0, x1, y1 exclusive).
fn components(crop: &Gray, threshold: u8) -> Vec<(usize, usize, usize, usize)> {
    let (w, h) = (crop.width, crop.height);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || crop.data[start] > threshold {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = ny * w + nx;
                    if !seen[j] && crop.data[j] <= threshold {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push((x0, y0, x1, y1));
    }
    out
}

/// The frames of a line: components square and as tall as a character whose four sides
/// are ink.
fn frames(crop: &Gray, threshold: u8, height: f64) -> Vec<Frame> {
    let ink = |x: usize, y: usize| crop.get(x, y) <= threshold;
    let mut out = Vec::new();
    for (x0, y0, x1, y1) in components(crop, threshold) {
        let (w, h) = ((x1 - x0) as f64, (y1 - y0) as f64);
        let sized = |s: f64| (BOX_MIN * height..=BOX_MAX * height).contains(&s);
        if !sized(w) || !sized(h) || (w - h).abs() > BOX_SQUARE * w.max(h) {
            continue;
        }
        // A side's stroke: ink within `edge` pixels of the side.
        let edge = ((w.min(h) / 8.0).ceil() as usize).max(2);
        let share = |hits: usize, len: usize| hits as f64 >= FRAME_SIDE * len as f64;
        let top = (x0..x1)
            .filter(|&x| (y0..y0 + edge).any(|y| ink(x, y)))
            .count();
        let bottom = (x0..x1)
            .filter(|&x| (y1 - edge..y1).any(|y| ink(x, y)))
            .count();
        let left = (y0..y1)
            .filter(|&y| (x0..x0 + edge).any(|x| ink(x, y)))
            .count();
        let right = (y0..y1)
            .filter(|&y| (x1 - edge..x1).any(|x| ink(x, y)))
            .count();
        if !(share(top, x1 - x0)
            && share(bottom, x1 - x0)
            && share(left, y1 - y0)
            && share(right, y1 - y0))
        {
            continue;
        }
        let (ix0, iy0, ix1, iy1) = (x0 + edge + 1, y0 + edge + 1, x1 - edge - 1, y1 - edge - 1);
        if ix1 <= ix0 || iy1 <= iy0 {
            continue;
        }
        let inside = (iy0..iy1)
            .flat_map(|y| (ix0..ix1).map(move |x| (x, y)))
            .filter(|&(x, y)| ink(x, y))
            .count();
        let area = (ix1 - ix0) * (iy1 - iy0);
        if inside as f64 > TICK_MAX * area as f64 {
            continue;
        }
        out.push(Frame {
            x0,
            y0,
            x1,
            y1,
            ticked: inside as f64 >= TICK_INK * area as f64,
        });
    }
    out
}

/// The characters of a line with its check boxes read from the ink: a frame the recogniser
/// read nothing over is a box (☑ when ticked, ☐ when not); an empty frame read as
/// something (☐ as 口) is a box too when the line holds another frame of its size that
/// was read as nothing (the `☑甲 ☐乙 ☐丙` line of a header block, whose ☑ the model
/// drops). A lone 口 stays 口, and a frame with strokes inside read as a character (国,
/// 回) stays that character.
pub fn checkboxes(chars: Vec<ReadChar>, crop: &Gray, threshold: u8, height: f64) -> Vec<ReadChar> {
    let found = frames(crop, threshold, height);
    if found.is_empty() {
        return chars;
    }
    let over = |f: &Frame| -> Vec<usize> {
        chars
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let mid = (c.x0 + c.x1) / 2.0;
                !c.text.is_whitespace() && f.x0 as f32 <= mid && mid <= f.x1 as f32
            })
            .map(|(i, _)| i)
            .collect()
    };
    let unread = |f: &Frame| over(f).is_empty();
    let size = |f: &Frame| (f.x1 - f.x0).max(f.y1 - f.y0) as f64;
    let boxes: Vec<&Frame> = found
        .iter()
        .filter(|f| {
            if unread(f) {
                return true;
            }
            !f.ticked
                && found.iter().any(|g| {
                    g != *f
                        && unread(g)
                        && (size(g) - size(f)).abs() <= SAME_SIZE * size(f).max(size(g))
                })
        })
        .collect();
    if boxes.is_empty() {
        return chars;
    }
    let mut drop = vec![false; chars.len()];
    let mut added = Vec::new();
    for f in &boxes {
        let replaced = over(f);
        let confidence = replaced
            .iter()
            .map(|&i| chars[i].confidence)
            .fold(1.0f32, f32::min)
            .max(if replaced.is_empty() { 1.0 } else { 0.0 });
        for i in replaced {
            drop[i] = true;
        }
        let text = if f.ticked { '☑' } else { '☐' };
        debug_assert!(lexicon::is_checkbox(text));
        added.push(ReadChar {
            text,
            confidence,
            x0: f.x0 as f32,
            x1: f.x1 as f32,
        });
    }
    let mut out: Vec<ReadChar> = chars
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| c)
        .collect();
    out.extend(added);
    out.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(text: char, x0: f32, x1: f32) -> ReadChar {
        ReadChar {
            text,
            confidence: 0.99,
            x0,
            x1,
        }
    }

    fn text(chars: &[ReadChar]) -> String {
        chars.iter().map(|c| c.text).collect()
    }

    /// Ink columns: `true` inside each (from, to) run.
    fn ink(width: usize, runs: &[(usize, usize)]) -> Vec<bool> {
        (0..width)
            .map(|x| runs.iter().any(|&(a, b)| (a..b).contains(&x)))
            .collect()
    }

    #[test]
    fn a_wide_gap_where_latin_meets_cjk_is_a_space_a_narrow_one_is_not() {
        // Line height 40: CJK characters 36 wide with 4-px gaps; `5S` then `要求`.
        // Wide: 5S ends at 96, 要 starts at 124 (28 px = 0.6 height beyond... a space).
        let chars = vec![
            ch('按', 0.0, 8.0),
            ch('照', 40.0, 48.0),
            ch('5', 80.0, 84.0),
            ch('S', 88.0, 92.0),
            ch('要', 124.0, 132.0),
            ch('求', 164.0, 172.0),
        ];
        let cols = ink(
            200,
            &[
                (0, 36),
                (40, 76),
                (80, 86),
                (88, 96),
                (124, 160),
                (164, 200),
            ],
        );
        let got = latin_cjk_spaces(chars.clone(), &cols, 40.0);
        assert_eq!(text(&got), "按照5S 要求");
        // 24 px beyond the CJK gap: 0.6 of the line, a clear space, no doubt.
        assert!(got.iter().all(|c| c.confidence > SPACE_DOUBT));
        // 6 px beyond (0.15 of the line): no space, but in doubt on the character after.
        let mut near = chars.clone();
        near[4] = ch('要', 106.0, 114.0);
        near[5] = ch('求', 150.0, 158.0);
        let cols_near = ink(
            200,
            &[
                (0, 36),
                (40, 76),
                (80, 86),
                (88, 96),
                (106, 142),
                (146, 182),
            ],
        );
        let got = latin_cjk_spaces(near, &cols_near, 40.0);
        assert_eq!(text(&got), "按照5S要求");
        assert_eq!(got[4].confidence, SPACE_DOUBT);
        // The same with 要 at 100 (a 4-px gap): no space, even if the model read one.
        let mut tight = chars.clone();
        tight.insert(4, ch(' ', 96.0, 100.0));
        tight[5] = ch('要', 100.0, 108.0);
        let cols = ink(
            200,
            &[
                (0, 36),
                (40, 76),
                (80, 86),
                (88, 96),
                (100, 136),
                (164, 200),
            ],
        );
        assert_eq!(text(&latin_cjk_spaces(tight, &cols, 40.0)), "按照5S要求");
        // Spaces between Latin words stay as read.
        let words = vec![ch('A', 0.0, 4.0), ch(' ', 10.0, 14.0), ch('B', 20.0, 24.0)];
        let cols = ink(30, &[(0, 6), (20, 26)]);
        assert_eq!(text(&latin_cjk_spaces(words, &cols, 40.0)), "A B");
    }

    #[test]
    fn a_bracket_set_in_half_a_cjk_cell_is_full_width() {
        // 求 (0–36), then `(` inked at 56–60: 20 px of white where CJK leaves 4; `2` and
        // `)` follow, then 等 right after: the partner turns too.
        let chars = vec![
            ch('要', 0.0, 8.0),
            ch('求', 40.0, 48.0),
            ch('(', 96.0, 100.0),
            ch('2', 104.0, 108.0),
            ch(')', 112.0, 116.0),
            ch('等', 124.0, 132.0),
        ];
        let cols = ink(
            170,
            &[
                (0, 36),
                (40, 76),
                (96, 100),
                (104, 110),
                (112, 116),
                (124, 160),
            ],
        );
        assert_eq!(text(&brackets(chars.clone(), &cols, 40.0)), "要求（2）等");
        // Set tight against 求: ASCII stays.
        let mut tight = chars;
        tight[2] = ch('(', 80.0, 84.0);
        tight[4] = ch(')', 116.0, 120.0);
        let cols = ink(
            170,
            &[
                (0, 36),
                (40, 76),
                (80, 84),
                (104, 110),
                (116, 120),
                (124, 160),
            ],
        );
        let got = brackets(tight, &cols, 40.0);
        assert_eq!(text(&got), "要求(2)等");
        assert!(
            got.iter().all(|c| c.confidence > SPACE_DOUBT),
            "no doubt: {got:?}"
        );
        // A `)` ending the line, and a `,` whose wide gap is toward Latin: kept, in doubt.
        let chars = vec![
            ch('等', 0.0, 8.0),
            ch(')', 40.0, 44.0),
            ch('A', 48.0, 52.0),
            ch(',', 60.0, 62.0),
            ch('B', 88.0, 92.0),
        ];
        let cols = ink(150, &[(0, 36), (40, 44), (48, 56), (60, 62), (88, 96)]);
        let got = brackets(chars, &cols, 40.0);
        assert_eq!(text(&got), "等)A,B");
        assert_eq!(got[1].confidence, 0.99, "`)` before Latin, tight: certain");
        assert_eq!(got[3].confidence, SPACE_DOUBT);
        let end = brackets(
            vec![ch('等', 0.0, 8.0), ch(')', 40.0, 44.0)],
            &ink(50, &[(0, 36), (40, 44)]),
            40.0,
        );
        assert_eq!(end[1].confidence, SPACE_DOUBT);
    }

    #[test]
    fn a_degree_sign_read_before_celsius_is_dropped() {
        let chars = vec![ch('8', 0.0, 4.0), ch('°', 8.0, 10.0), ch('℃', 12.0, 20.0)];
        let got = confusions(chars);
        assert_eq!(text(&got), "8℃");
        assert_eq!(got[1].x0, 8.0);
    }

    /// A grey image `w`×`h` with black rectangles.
    fn image(w: usize, h: usize, boxes: &[(usize, usize, usize, usize)]) -> Gray {
        let mut g = Gray::white(w, h);
        for &(x0, y0, x1, y1) in boxes {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.set(x, y, 0);
                }
            }
        }
        g
    }

    /// A 36-px frame at `x` (2-px strokes), with a tick inside when `ticked`.
    fn frame(x: usize, ticked: bool) -> Vec<(usize, usize, usize, usize)> {
        let mut b = vec![
            (x, 2, x + 36, 4),
            (x, 36, x + 36, 38),
            (x, 2, x + 2, 38),
            (x + 34, 2, x + 36, 38),
        ];
        if ticked {
            b.push((x + 10, 20, x + 16, 30));
            b.push((x + 14, 12, x + 28, 18));
        }
        b
    }

    /// Characters of two strokes (a T, 30 px) at each `x`.
    fn strokes(xs: &[usize]) -> Vec<(usize, usize, usize, usize)> {
        xs.iter()
            .flat_map(|&x| [(x, 4, x + 30, 8), (x + 13, 4, x + 17, 36)])
            .collect()
    }

    #[test]
    fn boxes_are_read_from_the_ink_ticked_or_not() {
        // ☑ (unread) at 0, a label at 40–110, ☐ (read as 口) at 120, a label at 160.
        let mut b = frame(0, true);
        b.extend(frame(120, false));
        b.extend(strokes(&[44, 80, 164]));
        let crop = image(200, 40, &b);
        let chars = vec![
            ch('专', 44.0, 52.0),
            ch('业', 80.0, 88.0),
            ch('口', 130.0, 138.0),
            ch('课', 164.0, 172.0),
        ];
        let got = checkboxes(chars.clone(), &crop, 128, 36.0);
        assert_eq!(text(&got), "☑专业☐课");
        // Without the ticked box, a lone frame read as 口 is the character 口.
        let mut b = frame(120, false);
        b.extend(strokes(&[44, 80, 164]));
        let crop = image(200, 40, &b);
        let got = checkboxes(chars[1..].to_vec(), &crop, 128, 36.0);
        assert_eq!(text(&got), "业口课");
        // A filled square and a frame with strokes inside read as a character stay as read.
        let mut b = vec![(0, 2, 36, 38)];
        b.extend(frame(120, true));
        let crop = image(200, 40, &b);
        let read = vec![ch('■', 10.0, 18.0), ch('国', 130.0, 138.0)];
        assert_eq!(text(&checkboxes(read, &crop, 128, 36.0)), "■国");
    }
}
