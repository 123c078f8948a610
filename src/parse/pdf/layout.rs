//! One page's layout: text lines, and cells bounded by ruling lines.

use super::borderless::{self, Carry, Flow};
use super::text::join_into;
use crate::extract::pdf::{Glyph, PdfPage, Segment};
use std::collections::BTreeMap;

/// How far (points) a rule may stop short of a point and still bound it.
const REACH: f64 = 1.5;

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
        let q = |v: f64| (v * 10.0).round() as i64;
        (q(self.top), q(self.left), q(self.bottom), q(self.right))
    }

    pub fn mid_y(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
}

/// A cell's identity on its page: its box quantised to 0.1 pt (top, left, bottom, right),
/// so sorting keys gives reading order.
pub type CellKey = (i64, i64, i64, i64);

/// A cell with the glyphs inside it.
#[derive(Debug, Clone)]
pub struct CellBox {
    pub rect: Rect,
    pub glyphs: Vec<usize>,
}

/// The layout of one page.
#[derive(Debug)]
pub struct PageLayout<'a> {
    pub page: &'a PdfPage,
    /// 1-based text line of each glyph.
    pub line_of: Vec<u32>,
    /// Text of each line (whole page width), for locating and for unmapped glyphs.
    pub lines: Vec<String>,
    pub cells: BTreeMap<CellKey, CellBox>,
    /// Glyphs in no cell, by line.
    pub free: BTreeMap<u32, Vec<usize>>,
    /// Whether a wrap between an ASCII word and a CJK ideograph stands for a space that
    /// the wrap swallowed (set from the whole document's style, see [`ascii_cjk_style`]).
    pub space_at_mixed_wrap: bool,
    /// The gap (in ems) between two glyphs that reads as a space; `None` when the document
    /// draws its spaces (then wider gaps are spacing the producer added, as between CJK and
    /// Latin text).
    pub gap_space: Option<f64>,
    /// The page's rules, plus virtual ones for a table drawn without rules.
    pub hrules: Vec<Segment>,
    pub vrules: Vec<Segment>,
}

/// Whether the page's tables are ruled: a vertical rule stands between most competency
/// codes (or wrapped code heads) and the text beside them. A table ruled only around its
/// edges or only horizontally is read by text alignment instead. A page with no code at
/// all counts as ruled when it has vertical rules.
fn has_lattice(page: &PdfPage, lines: &[Vec<usize>]) -> bool {
    if page.vrules.is_empty() {
        return false;
    }
    let gl = &page.glyphs;
    let (mut seen, mut ruled) = (0usize, 0usize);
    for l in lines {
        let mut i = 0;
        while i < l.len() {
            if !borderless::is_code_char(&gl[l[i]].text) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut dashes = 0;
            while j < l.len() && borderless::is_code_char(&gl[l[j]].text) {
                if !gl[l[j]]
                    .text
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                {
                    dashes += 1;
                }
                j += 1;
            }
            if dashes >= 2 {
                seen += 1;
                let g = &gl[l[i]];
                // Ruled when the code's cell holds nothing to the right of the code (the
                // text beside it lies beyond a rule).
                let run_right = gl[l[j - 1]].right();
                if let Some(r) = cell_at(&page.hrules, &page.vrules, g.mid_x(), g.mid_y()) {
                    let beside = gl.iter().any(|o| {
                        !is_blank(o)
                            && o.x > run_right + 0.5 * g.size
                            && o.mid_x() < r.right
                            && o.mid_y() > r.top
                            && o.mid_y() < r.bottom
                    });
                    if !beside {
                        ruled += 1;
                    }
                }
            }
            i = j;
        }
    }
    seen == 0 || ruled * 2 >= seen
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether two characters meet as an ASCII letter/digit and a CJK ideograph (or a
/// letterlike symbol such as `℃`, set off the same way).
fn mixed(a: char, b: char) -> bool {
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

impl<'a> PageLayout<'a> {
    /// Lay out a page; `carry` says whether a table without rules goes on from the
    /// previous page, and where its columns were. Gives what carries to the next page.
    pub fn new(page: &'a PdfPage, carry: &Carry) -> (Self, Carry) {
        let (line_of, line_glyphs) = group_lines(&page.glyphs);
        let (mut hrules, mut vrules) = (page.hrules.clone(), page.vrules.clone());
        let mut carry_out = carry.clone();
        if !has_lattice(page, &line_glyphs) {
            let (h, v, c) = borderless::virtual_rules(page, &line_glyphs, carry);
            hrules.extend(h);
            vrules.extend(v);
            carry_out = c;
        } else if !page.vrules.is_empty() {
            carry_out = Carry {
                flow: Flow::Table,
                ..Carry::default()
            };
        }
        let lines = line_glyphs
            .iter()
            .map(|g| run_text(&page.glyphs, g))
            .collect();
        let mut cells: BTreeMap<CellKey, CellBox> = BTreeMap::new();
        let mut free: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, g) in page.glyphs.iter().enumerate() {
            match cell_at(&hrules, &vrules, g.mid_x(), g.mid_y()) {
                Some(rect) => cells
                    .entry(rect.key())
                    .or_insert_with(|| CellBox {
                        rect,
                        glyphs: Vec::new(),
                    })
                    .glyphs
                    .push(i),
                None => free.entry(line_of[i]).or_default().push(i),
            }
        }
        cells.retain(|_, c| c.glyphs.iter().any(|&i| !is_blank(&page.glyphs[i])));
        free.retain(|_, v| v.iter().any(|&i| !is_blank(&page.glyphs[i])));
        let layout = PageLayout {
            page,
            line_of,
            lines,
            cells,
            free,
            space_at_mixed_wrap: false,
            gap_space: Some(0.3),
            hrules,
            vrules,
        };
        (layout, carry_out)
    }

    /// The text of a set of glyphs: each line's glyphs left to right, lines top to bottom,
    /// wrapped fragments joined.
    pub fn text_of(&self, glyphs: &[usize]) -> String {
        let mut by_line: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for &i in glyphs {
            by_line.entry(self.line_of[i]).or_default().push(i);
        }
        let mut out = String::new();
        let mut spaced = false;
        let mut first = true;
        for (_, g) in by_line {
            let (t, lead, trail) = run_text_edges(&self.page.glyphs, &g, self.gap_space);
            if first && lead {
                // Kept for a fragment joined to text from an earlier page.
                out.push(' ');
            }
            first = false;
            // A space drawn at a wrap point is printed text (`制作 ` / `PI`): keep one.
            let mixed_wrap = self.space_at_mixed_wrap
                && matches!((out.chars().last(), t.chars().next()), (Some(a), Some(b)) if mixed(a, b));
            if (spaced || lead || mixed_wrap)
                && !out.is_empty()
                && !t.is_empty()
                && !out.ends_with(' ')
            {
                out.push(' ');
            }
            join_into(&mut out, &t);
            spaced = trail;
        }
        if spaced && !out.trim().is_empty() {
            out.push(' ');
        }
        out
    }

    /// The first line (topmost) holding any non-blank glyph of the set.
    pub fn first_line(&self, glyphs: &[usize]) -> u32 {
        glyphs
            .iter()
            .filter(|&&i| !is_blank(&self.page.glyphs[i]))
            .map(|&i| self.line_of[i])
            .min()
            .unwrap_or(1)
    }

    /// The cell around a point, with its glyphs (empty when the cell holds none).
    pub fn cell_around(&self, x: f64, y: f64) -> Option<(Rect, Vec<usize>)> {
        let rect = cell_at(&self.hrules, &self.vrules, x, y)?;
        let glyphs = self
            .cells
            .get(&rect.key())
            .map(|c| c.glyphs.clone())
            .unwrap_or_default();
        Some((rect, glyphs))
    }
}

pub fn is_blank(g: &Glyph) -> bool {
    g.text.chars().all(char::is_whitespace)
}

/// Group glyphs into text lines by baseline, top to bottom; returns each glyph's 1-based
/// line and each line's glyphs left to right.
fn group_lines(glyphs: &[Glyph]) -> (Vec<u32>, Vec<Vec<usize>>) {
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
        let tol = (0.3 * g.size).max(0.5);
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

/// Text of glyphs on one line, left to right. Spaces are kept as the PDF draws them; a
/// wide gap between ASCII glyphs with no space glyph (producers that position words
/// instead of drawing spaces) becomes one space.
pub fn run_text(glyphs: &[Glyph], run: &[usize]) -> String {
    run_text_edges(glyphs, run, Some(0.3)).0
}

/// Like [`run_text`], also telling whether the run starts and ends with a drawn ASCII
/// space.
/// `gap_space`: the gap (in ems) that reads as a space, `None` to read none (producers that
/// draw their spaces).
fn run_text_edges(glyphs: &[Glyph], run: &[usize], gap_space: Option<f64>) -> (String, bool, bool) {
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
            if gap_space.is_some_and(|k| gap > k * g.size.max(p.size))
                && ascii_side
                && !is_blank(p)
                && !is_blank(g)
                && !out.ends_with(' ')
            {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    let lead = out.starts_with([' ', '\u{a0}']);
    let trail = out.ends_with([' ', '\u{a0}']);
    (out.trim().to_string(), lead, trail)
}

/// The box of rules around a point: the nearest rule on each side that reaches it.
pub fn cell_at(hrules: &[Segment], vrules: &[Segment], x: f64, y: f64) -> Option<Rect> {
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
