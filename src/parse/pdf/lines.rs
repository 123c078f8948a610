//! Text lines: glyphs grouped by baseline, their text, and the extent of a block of them.

use super::geometry::{is_blank, largest};
use super::weights::{
    AUTOSPACE_MARGIN, AUTOSPACE_MAX, AUTOSPACE_MIN, AUTOSPACE_MIN_MEETINGS, BASELINE_TOLERANCE,
    COLUMN_CLEAR, LINE_ASCENT, LINE_DESCENT, MIN_BASELINE_TOLERANCE, RULE_CLEAR, WORD_GAP,
};
use crate::extract::pdf::Glyph;
use std::cell::Cell;

/// A text line with its vertical extent, as the borderless reader needs it.
pub(super) struct Line {
    /// Glyph indices, left to right.
    pub(super) glyphs: Vec<usize>,
    pub(super) top: f64,
    pub(super) bottom: f64,
    /// The largest font size on the line.
    pub(super) size: f64,
    pub(super) text: String,
}

impl Line {
    /// The line of glyphs `idx` (left to right): from a little above the tallest glyph's
    /// cap height to a little below the lowest baseline.
    pub(super) fn new(glyphs: &[Glyph], idx: &[usize]) -> Line {
        let size = largest(idx.iter().map(|&i| glyphs[i].size));
        Line {
            glyphs: idx.to_vec(),
            top: idx
                .iter()
                .map(|&i| glyphs[i].y - LINE_ASCENT * glyphs[i].size)
                .fold(f64::INFINITY, f64::min),
            bottom: idx
                .iter()
                .map(|&i| glyphs[i].y + LINE_DESCENT * glyphs[i].size)
                .fold(f64::NEG_INFINITY, f64::max),
            size,
            text: run_text(glyphs, idx),
        }
    }
}

/// Group glyphs into text lines by baseline, top to bottom; returns each glyph's 1-based
/// line and each line's glyphs left to right.
pub(super) fn group_lines(glyphs: &[Glyph]) -> (Vec<u32>, Vec<Vec<usize>>) {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        glyphs[a]
            .y
            .total_cmp(&glyphs[b].y)
            .then(glyphs[a].x.total_cmp(&glyphs[b].x))
    });
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut line_y = f64::NEG_INFINITY;
    for i in order {
        let g = &glyphs[i];
        let tol = (BASELINE_TOLERANCE * g.size).max(MIN_BASELINE_TOLERANCE);
        if lines.is_empty() || g.y - line_y > tol {
            lines.push(Vec::new());
            line_y = g.y;
        }
        lines.last_mut().expect("a line was pushed").push(i);
    }
    // Blank-only lines (stray spaces) are not lines of text.
    lines.retain(|l| l.iter().any(|&i| !is_blank(&glyphs[i])));
    let mut line_of = vec![0u32; glyphs.len()];
    for (n, l) in lines.iter_mut().enumerate() {
        l.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
        for &i in l.iter() {
            line_of[i] = n as u32 + 1;
        }
    }
    // Blank glyphs dropped with their line attach to the nearest line above.
    let mut last = 1;
    let mut by_y: Vec<usize> = (0..glyphs.len()).collect();
    by_y.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y));
    for i in by_y {
        if line_of[i] == 0 {
            line_of[i] = last;
        } else {
            last = line_of[i];
        }
    }
    (line_of, lines)
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether two characters meet as an ASCII letter/digit and a CJK ideograph (or a
/// letterlike symbol such as `℃`, set off the same way).
pub(super) fn mixed(a: char, b: char) -> bool {
    let wide = |c: char| is_ideograph(c) || ('\u{2100}'..='\u{214F}').contains(&c);
    (a.is_ascii_alphanumeric() && wide(b)) || (wide(a) && b.is_ascii_alphanumeric())
}

/// Counts, within printed lines, ASCII words set off from ideographs by a space versus
/// written against them: `(spaced, tight)`. A document that spaces them had a space at
/// a wrap point where the line broke between the two, even though no space is drawn there.
pub fn ascii_cjk_style(lines: &[String]) -> (usize, usize) {
    let (mut spaced, mut tight) = (0, 0);
    for l in lines {
        let cs: Vec<char> = l.chars().collect();
        for w in cs.windows(2) {
            if mixed(w[0], w[1]) {
                tight += 1;
            }
        }
        for w in cs.windows(3) {
            if w[1] == ' ' && mixed(w[0], w[2]) {
                spaced += 1;
            }
        }
    }
    (spaced, tight)
}

/// Gaps (ems of the larger glyph) where an ASCII letter or digit meets an ideograph with
/// no glyph between them, on one line of glyphs ordered left to right: the spacing a
/// producer adds there itself ("autospace") or a space it did not draw.
pub(super) fn mixed_gaps(glyphs: &[Glyph], line: &[usize]) -> Vec<f64> {
    line.windows(2)
        .filter_map(|w| {
            let (p, g) = (&glyphs[w[0]], &glyphs[w[1]]);
            let meet = mixed(p.text.chars().last()?, g.text.chars().next()?);
            (meet && !is_blank(p) && !is_blank(g)).then(|| (g.x - p.right()) / g.size.max(p.size))
        })
        .collect()
}

/// The producer's autospacing between Latin and CJK text, in ems, from the document's
/// mixed gaps: when most of them sit in one band narrower than a space
/// ([`AUTOSPACE_MIN`]..[`AUTOSPACE_MAX`]), the producer put that spacing there itself
/// (LibreOffice and Word do); their median ([`Autospace::get`]; `None` when the gaps say no such thing (text
/// set tight, as browsers do, or too few meetings to tell)).
///
/// The gaps come page by page: each page's are added once ([`Autospace::extend`]) and the
/// answer read after every page ([`Autospace::get`]), so the band keeps its order as it
/// grows (two heaps around the median) instead of being sorted again each time, which
/// made a long document of a producer drawing no spaces quadratic in its pages.
#[derive(Debug, Default, Clone)]
pub(super) struct Autospace {
    /// Every gap seen.
    gaps: usize,
    /// The band's lower half (`len / 2` gaps) as a max-heap, and its upper half as a
    /// min-heap, whose top is the median `band[len / 2]`. Gaps in the band are positive, so
    /// their bits order as they do.
    lower: std::collections::BinaryHeap<u64>,
    upper: std::collections::BinaryHeap<std::cmp::Reverse<u64>>,
}

impl Autospace {
    pub(super) fn extend(&mut self, gaps: &[f64]) {
        self.gaps += gaps.len();
        for &g in gaps {
            if !(AUTOSPACE_MIN..=AUTOSPACE_MAX).contains(&g) {
                continue;
            }
            let bits = g.to_bits();
            match self.lower.peek() {
                Some(&top) if bits < top => self.lower.push(bits),
                _ => self.upper.push(std::cmp::Reverse(bits)),
            }
            // Keep `lower` at exactly half of the band, rounded down.
            let half = (self.lower.len() + self.upper.len()) / 2;
            while self.lower.len() > half {
                let top = self.lower.pop().expect("lower is longer than half");
                self.upper.push(std::cmp::Reverse(top));
            }
            while self.lower.len() < half {
                let std::cmp::Reverse(low) = self.upper.pop().expect("upper holds the rest");
                self.lower.push(low);
            }
        }
    }

    pub(super) fn get(&self) -> Option<f64> {
        let band = self.lower.len() + self.upper.len();
        if band < AUTOSPACE_MIN_MEETINGS || band * 2 <= self.gaps {
            return None;
        }
        self.upper.peek().map(|r| f64::from_bits(r.0))
    }
}

/// Text of glyphs on one line, left to right. Spaces are kept as the PDF draws them; a
/// wide gap between ASCII glyphs with no space glyph (producers that position words
/// instead of drawing spaces) becomes one space.
pub(super) fn run_text(glyphs: &[Glyph], run: &[usize]) -> String {
    run_text_edges(glyphs, run, Some(WORD_GAP), None).0
}

/// Like [`run_text`], also telling whether the run starts and ends with a drawn ASCII
/// space.
/// `gap_space`: the gap (in ems) that reads as a space, `None` to read none (producers that
/// draw their spaces); `autospace`: the producer's own spacing between Latin and CJK text
/// (see [`Autospace`]), where a gap reads as a space only when wider by
/// [`AUTOSPACE_MARGIN`].
pub(super) fn run_text_edges(
    glyphs: &[Glyph],
    run: &[usize],
    gap_space: Option<f64>,
    autospace: Option<f64>,
) -> (String, bool, bool) {
    run_text_probed(glyphs, run, gap_space, autospace, None)
}

/// The gaps a reading compared with `gap_space` where the comparison decided the text: the
/// widest gap (in ems) read as no space and the narrowest read as one. Another
/// `gap_space` strictly between them reads the same text (see [`Probe::holds`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    pub widest_tight: f64,
    pub narrowest_spaced: f64,
    /// Whether a wrap between an ASCII word and a CJK ideograph was met (where
    /// `space_at_mixed_wrap` decides).
    pub mixed_wrap: bool,
    /// Whether a gap where Latin meets CJK was compared (where the producer's autospacing
    /// plays a part).
    pub meets: bool,
}

impl Default for Probe {
    fn default() -> Self {
        Probe {
            widest_tight: f64::NEG_INFINITY,
            narrowest_spaced: f64::INFINITY,
            mixed_wrap: false,
            meets: false,
        }
    }
}

/// How far apart (relative) a gap and `gap_space` must be for the probe to vouch for the
/// comparison under another `gap_space`: many times the rounding of one division and one
/// product (2⁻⁵² each).
const PROBE_MARGIN: f64 = 1e-9;

impl Probe {
    fn note(&mut self, gap: f64, size: f64, spaced: bool) {
        // With no size, or an endless one, `gap_space` plays no part in the comparison.
        if !(size > 0.0 && size.is_finite() && gap.is_finite()) {
            return;
        }
        let ems = gap / size;
        if spaced {
            self.narrowest_spaced = self.narrowest_spaced.min(ems);
        } else {
            self.widest_tight = self.widest_tight.max(ems);
        }
    }

    /// Whether every comparison noted gives the same answer with `gap_space`.
    pub fn holds(&self, gap_space: f64) -> bool {
        self.widest_tight * (1.0 + PROBE_MARGIN) < gap_space
            && self.narrowest_spaced * (1.0 - PROBE_MARGIN) > gap_space
    }
}

/// [`run_text_edges`], noting on `probe` the comparisons with `gap_space` that decided.
pub(super) fn run_text_probed(
    glyphs: &[Glyph],
    run: &[usize],
    gap_space: Option<f64>,
    autospace: Option<f64>,
    probe: Option<&Cell<Probe>>,
) -> (String, bool, bool) {
    let mut idx = run.to_vec();
    idx.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for &i in &idx {
        let g = &glyphs[i];
        if let Some(p) = prev {
            let gap = g.x - p.right();
            let ascii_side = p
                .text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                || g.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            let meet = matches!(
                (p.text.chars().last(), g.text.chars().next()),
                (Some(a), Some(b)) if mixed(a, b)
            );
            let decides = ascii_side && !is_blank(p) && !is_blank(g) && !out.ends_with(' ');
            if let (Some(k), true) = (gap_space, decides) {
                // At a Latin–CJK meeting the producer's own autospacing is no space.
                let k = match autospace {
                    Some(a) if meet => k.max(a + AUTOSPACE_MARGIN),
                    _ => k,
                };
                let size = g.size.max(p.size);
                let spaced = gap > k * size;
                if let Some(probe) = probe {
                    let mut noted = probe.get();
                    if meet {
                        // Decided with the autospacing too: re-read when it changes.
                        noted.meets = true;
                    }
                    if !(meet && autospace.is_some()) {
                        noted.note(gap, size, spaced);
                    }
                    probe.set(noted);
                }
                if spaced {
                    out.push(' ');
                }
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    let lead = out.starts_with([' ', '\u{a0}']);
    let trail = out.ends_with([' ', '\u{a0}']);
    (out.trim().to_string(), lead, trail)
}

/// Left edge of a region's glyphs (less a margin), so nothing falls left of the table.
pub(super) fn top_left(ls: &[&Line], glyphs: &[Glyph]) -> f64 {
    ls.iter()
        .flat_map(|l| l.glyphs.iter().map(|&i| glyphs[i].x))
        .fold(f64::INFINITY, f64::min)
        - COLUMN_CLEAR
}

/// Top, bottom and right edges of a box drawn around `ls`, a little clear of their glyphs.
pub(super) fn frame(glyphs: &[Glyph], ls: &[&Line]) -> (f64, f64, f64) {
    let top = ls.iter().map(|l| l.top).fold(f64::INFINITY, f64::min) - RULE_CLEAR;
    let bottom = ls
        .iter()
        .map(|l| l.bottom)
        .fold(f64::NEG_INFINITY, f64::max)
        + RULE_CLEAR;
    let right = ls
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|&i| glyphs[i].right()))
        .fold(f64::NEG_INFINITY, f64::max)
        + COLUMN_CLEAR;
    (top, bottom, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::testkit::{check, glyph, word, words};
    use crate::parse::pdf::weights::WORD_GAP_NO_SPACES;

    #[test]
    fn lines_group_by_baseline() {
        check(
            |gs: Vec<Glyph>| group_lines(&gs),
            [
                (
                    "0.3 em apart: one line",
                    vec![glyph("a", 0.0, 10.0), glyph("b", 20.0, 13.0)],
                    (vec![1, 1], vec![vec![0, 1]]),
                ),
                (
                    "0.35 em apart: two lines",
                    vec![glyph("a", 0.0, 10.0), glyph("b", 20.0, 13.5)],
                    (vec![1, 2], vec![vec![0], vec![1]]),
                ),
                (
                    "left to right within a line",
                    vec![glyph("b", 20.0, 10.0), glyph("a", 0.0, 10.0)],
                    (vec![1, 1], vec![vec![1, 0]]),
                ),
                (
                    "a blank-only line joins the line above",
                    vec![glyph("a", 0.0, 10.0), glyph(" ", 0.0, 30.0)],
                    (vec![1, 1], vec![vec![0]]),
                ),
            ],
        );
    }

    #[test]
    fn word_gaps_read_as_spaces() {
        check(
            |(gs, gap): (Vec<Glyph>, Option<f64>)| {
                let run: Vec<usize> = (0..gs.len()).collect();
                run_text_edges(&gs, &run, gap, None)
            },
            [
                (
                    "ASCII words 0.5 em apart",
                    (
                        words(&[("ab", 0.0, 0.0), ("cd", 15.0, 0.0)]),
                        Some(WORD_GAP),
                    ),
                    ("ab cd".into(), false, false),
                ),
                (
                    "ASCII words 0.2 em apart",
                    (
                        words(&[("ab", 0.0, 0.0), ("cd", 12.0, 0.0)]),
                        Some(WORD_GAP),
                    ),
                    ("abcd".into(), false, false),
                ),
                (
                    "ideographs apart: no space",
                    (
                        words(&[("能力", 0.0, 0.0), ("要求", 30.0, 0.0)]),
                        Some(WORD_GAP),
                    ),
                    ("能力要求".into(), false, false),
                ),
                (
                    "ASCII after an ideograph",
                    (words(&[("能", 0.0, 0.0), ("A", 14.0, 0.0)]), Some(WORD_GAP)),
                    ("能 A".into(), false, false),
                ),
                (
                    "no gap reads as a space",
                    (words(&[("ab", 0.0, 0.0), ("cd", 15.0, 0.0)]), None),
                    ("abcd".into(), false, false),
                ),
                (
                    "drawn spaces at the edges",
                    (word(" ab ", 0.0, 0.0), None),
                    ("ab".into(), true, true),
                ),
                (
                    "sorted by x",
                    (
                        words(&[("cd", 15.0, 0.0), ("ab", 0.0, 0.0)]),
                        Some(WORD_GAP),
                    ),
                    ("ab cd".into(), false, false),
                ),
            ],
        );
    }

    /// The running median is the sorted band's middle, whatever order the gaps come in and
    /// however they are split into pages.
    #[test]
    fn autospace_by_pages_is_the_sorted_median() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200 {
            let n = (next() % 60) as usize;
            let gaps: Vec<f64> = (0..n).map(|_| (next() % 400) as f64 / 1000.0).collect();
            let mut band: Vec<f64> = gaps
                .iter()
                .copied()
                .filter(|g| (AUTOSPACE_MIN..=AUTOSPACE_MAX).contains(g))
                .collect();
            band.sort_by(f64::total_cmp);
            let want = (band.len() >= AUTOSPACE_MIN_MEETINGS && band.len() * 2 > gaps.len())
                .then(|| band[band.len() / 2]);
            let mut running = Autospace::default();
            for page in gaps.chunks(1 + (next() % 7) as usize) {
                running.extend(page);
            }
            assert_eq!(running.get(), want, "round {round}: {gaps:?}");
        }
    }

    #[test]
    fn autospacing_is_not_a_space() {
        check(
            |gaps: Vec<f64>| {
                let mut seen = Autospace::default();
                seen.extend(&gaps);
                seen.get()
            },
            [
                (
                    "LibreOffice: every meeting a fifth of an em",
                    vec![0.2; 6],
                    Some(0.2),
                ),
                (
                    "most in the band, a spaced one wider",
                    vec![0.2, 0.21, 0.19, 0.2, 0.45],
                    Some(0.2),
                ),
                ("set tight (a browser)", vec![0.0; 6], None),
                (
                    "half tight, half spaced: no band",
                    vec![0.0, 0.0, 0.0, 0.2, 0.2, 0.2],
                    None,
                ),
                ("too few meetings", vec![0.2, 0.2], None),
                ("none", vec![], None),
            ],
        );
        // `ERP` then `系统` 0.25 em apart (LibreOffice's autospace, no space drawn); `PDA`
        // and `扫描` 0.5 em apart (a space the producer did not draw).
        let gs = words(&[("ERP", 0.0, 0.0), ("系统", 17.5, 0.0)]);
        let wide = words(&[("PDA", 0.0, 0.0), ("扫描", 20.0, 0.0)]);
        check(
            |(gs, auto): (&Vec<Glyph>, Option<f64>)| {
                run_text_edges(
                    gs,
                    &(0..gs.len()).collect::<Vec<_>>(),
                    Some(WORD_GAP_NO_SPACES),
                    auto,
                )
                .0
            },
            [
                (
                    "autospace unknown: the gap reads as a space",
                    (&gs, None),
                    "ERP 系统".to_string(),
                ),
                (
                    "autospace 0.2 em: no space",
                    (&gs, Some(0.2)),
                    "ERP系统".to_string(),
                ),
                (
                    "wider than the autospace: a space",
                    (&wide, Some(0.2)),
                    "PDA 扫描".to_string(),
                ),
            ],
        );
        let gl = words(&[("ERP", 0.0, 0.0), ("系统", 17.5, 0.0), ("能力", 40.0, 0.0)]);
        check(
            |l: Vec<usize>| mixed_gaps(&gl, &l),
            [(
                "one meeting of ASCII and CJK",
                vec![0, 1, 2, 3, 4, 5, 6],
                vec![0.25],
            )],
        );
    }

    #[test]
    fn ascii_meets_cjk() {
        check(
            |(a, b): (char, char)| mixed(a, b),
            [
                ("letter, ideograph", ('A', '能'), true),
                ("ideograph, digit", ('能', '1'), true),
                ("digit, letterlike symbol", ('5', '℃'), true),
                ("two ideographs", ('能', '力'), false),
                ("two letters", ('a', 'b'), false),
                ("punctuation", ('，', 'A'), false),
            ],
        );
        check(
            |ls: &[&str]| ascii_cjk_style(&ls.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            [
                ("spaced", &["PLC 编程"][..], (1, 0)),
                ("tight", &["PLC编程"][..], (0, 1)),
                ("both, over lines", &["用 PLC 编程", "以PLC"][..], (2, 1)),
                ("no ASCII", &["能力要求"][..], (0, 0)),
            ],
        );
    }

    #[test]
    fn line_extent_and_frames() {
        check(
            |gs: Vec<Glyph>| {
                let idx: Vec<usize> = (0..gs.len()).collect();
                let l = Line::new(&gs, &idx);
                (l.top, l.bottom, l.size, l.text)
            },
            [
                (
                    "ascent 0.85 em, descent 0.2 em",
                    word("能力", 0.0, 100.0),
                    (91.5, 102.0, 10.0, "能力".to_string()),
                ),
                (
                    "lowest baseline sets the bottom",
                    vec![glyph("能", 0.0, 100.0), glyph("力", 10.0, 101.0)],
                    (91.5, 103.0, 10.0, "能力".to_string()),
                ),
            ],
        );
        let gs = words(&[("能力", 5.0, 100.0), ("ab", 8.0, 120.0)]);
        let lines = [Line::new(&gs, &[0, 1]), Line::new(&gs, &[2, 3])];
        check(
            |ls: Vec<&Line>| (frame(&gs, &ls), top_left(&ls, &gs)),
            [
                ("one line", vec![&lines[0]], ((90.5, 103.0, 27.0), 3.0)),
                (
                    "two lines",
                    vec![&lines[0], &lines[1]],
                    ((90.5, 123.0, 27.0), 3.0),
                ),
                (
                    "second line alone",
                    vec![&lines[1]],
                    ((110.5, 123.0, 20.0), 6.0),
                ),
            ],
        );
    }

    #[test]
    fn run_text_reads_word_gaps() {
        check(
            |gs: Vec<Glyph>| run_text(&gs, &(0..gs.len()).collect::<Vec<_>>()),
            [
                (
                    "0.5 em between ASCII words: a space",
                    words(&[("ab", 0.0, 0.0), ("cd", 15.0, 0.0)]),
                    "ab cd".to_string(),
                ),
                (
                    "0.3 em is not yet a space",
                    words(&[("ab", 0.0, 0.0), ("cd", 13.0, 0.0)]),
                    "abcd".to_string(),
                ),
                (
                    "drawn spaces trimmed at the edges",
                    word(" 5S管理 ", 0.0, 0.0),
                    "5S管理".to_string(),
                ),
                (
                    "symbols as drawn",
                    word("±0.5℃ ≥3‰ µ×Ω·", 0.0, 0.0),
                    "±0.5℃ ≥3‰ µ×Ω·".to_string(),
                ),
            ],
        );
        check(
            is_ideograph,
            [
                ("unified ideograph", '能', true),
                ("extension A", '㐀', true),
                ("compatibility ideograph", '\u{F900}', true),
                ("letterlike symbol", '℃', false),
                ("full-width comma", '，', false),
                ("letter", 'A', false),
            ],
        );
    }
}
