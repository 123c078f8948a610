//! One page's layout: text lines, and cells bounded by ruling lines.

use super::borderless;
use super::code_runs::is_code_char;
use super::flow::{Carry, Flow};
use super::geometry::{cell_at, is_blank, midway, CellKey, Rect};
use super::lines::{group_lines, mixed, mixed_gaps, run_text, run_text_probed, Probe};
use super::weights::{CODE_RUN_GAP, LINE_ASCENT, LINE_DESCENT, OVERFLOW_GAP, REACH, WORD_GAP};
use crate::extract::pdf::{Glyph, PdfPage, Segment};
use crate::vocab::Level;
use crate::vocab::{code, lexicon};
use std::cell::Cell;
use std::collections::BTreeMap;

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
    /// the wrap swallowed (set from the whole document's style, see [`super::lines::ascii_cjk_style`]).
    pub space_at_mixed_wrap: bool,
    /// The gap (in ems) between two glyphs that reads as a space; `None` when the document
    /// draws its spaces (then wider gaps are spacing the producer added, as between CJK and
    /// Latin text).
    pub gap_space: Option<f64>,
    /// The producer's spacing between Latin and CJK text (ems), measured on the whole
    /// document when it draws no spaces ([`super::lines::Autospace`]).
    pub autospace: Option<f64>,
    /// Gaps where Latin meets CJK on this page ([`super::lines::mixed_gaps`]).
    pub mixed_gaps: Vec<f64>,
    /// The page's rules, plus virtual ones for a table drawn without rules.
    pub hrules: Vec<Segment>,
    pub vrules: Vec<Segment>,
    /// Where the page's text depended on `gap_space` and `space_at_mixed_wrap`, for a reading
    /// that set them before the whole document was seen (see [`super::PageStream`]).
    pub probe: Cell<Probe>,
}

/// The glyphs `set` split by text line (`line_of`), each line's left to right.
fn runs_by_line(glyphs: &[Glyph], line_of: &[u32], set: &[usize]) -> Vec<Vec<usize>> {
    let mut by_line: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &i in set {
        by_line.entry(line_of[i]).or_default().push(i);
    }
    by_line
        .into_values()
        .map(|mut run| {
            run.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x).then(a.cmp(&b)));
            run
        })
        .collect()
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
            if !is_code_char(&gl[l[i]].text) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut dashes = 0;
            while j < l.len() && is_code_char(&gl[l[j]].text) {
                if !gl[l[j]].text.chars().any(code::is_digit) {
                    dashes += 1;
                }
                j += 1;
            }
            // Two dashes: a competency code, or its head wrapped after the second dash.
            if dashes + 1 >= Level::Competency.groups() {
                seen += 1;
                let g = &gl[l[i]];
                // Ruled when the code's cell holds nothing to the right of the code (the
                // text beside it lies beyond a rule).
                let run_right = gl[l[j - 1]].right();
                if let Some(r) = cell_at(&page.hrules, &page.vrules, g.mid_x(), g.mid_y()) {
                    let beside = gl.iter().any(|o| {
                        !is_blank(o)
                            && o.x > run_right + CODE_RUN_GAP * g.size
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

/// Whether a horizontal rule closes `rect` at its bottom where `x` stands.
fn closed_below(hrules: &[Segment], rect: &Rect, x: f64) -> bool {
    hrules
        .iter()
        .any(|h| (h.pos - rect.bottom).abs() <= REACH && h.from - REACH <= x && x <= h.to + REACH)
}

/// Text lines below a cell cut by the page's end that continue it. Chromium ends every
/// rule of a table at the bottom of the page's last row, but draws a merged cell's text on
/// past it (a task name of three lines beside a one-line row): those lines lie outside
/// every box of rules. A free line whose every glyph stands inside the column of such an
/// open cell (no rule under it), its top within [`OVERFLOW_GAP`] of the cell's end, joins
/// that cell; lines are taken top to bottom, each moving its cell's end down to the line's
/// foot, so a second overflowing line follows the first. A line with any glyph elsewhere (a
/// footer, a note under the table) stays free. Only for ruled pages: a borderless table's
/// virtual rules are open below by construction.
fn take_overflow(
    glyphs: &[Glyph],
    hrules: &[Segment],
    cells: &mut BTreeMap<CellKey, CellBox>,
    free: &mut BTreeMap<u32, Vec<usize>>,
) {
    // The open cells and where each ends now.
    let mut open: Vec<(CellKey, Rect, f64)> = cells
        .iter()
        .filter(|(_, c)| !closed_below(hrules, &c.rect, midway(c.rect.left, c.rect.right)))
        .map(|(k, c)| (*k, c.rect, c.rect.bottom))
        .collect();
    if open.is_empty() {
        return;
    }
    let lines: Vec<u32> = free.keys().copied().collect();
    for line in lines {
        let target = |g: &Glyph| {
            let top = g.y - LINE_ASCENT * g.size;
            open.iter().position(|(_, r, end)| {
                g.x >= r.left
                    && g.right() <= r.right
                    && g.mid_y() > *end
                    && top - end <= OVERFLOW_GAP * g.size
            })
        };
        let placed: Option<Vec<(usize, usize)>> = free[&line]
            .iter()
            .filter(|&&i| !is_blank(&glyphs[i]))
            .map(|&i| target(&glyphs[i]).map(|k| (i, k)))
            .collect();
        let Some(placed) = placed.filter(|p| !p.is_empty()) else {
            continue;
        };
        for &(i, k) in &placed {
            let (key, _, end) = &mut open[k];
            *end = end.max(glyphs[i].y + LINE_DESCENT * glyphs[i].size);
            if let Some(c) = cells.get_mut(key) {
                c.glyphs.push(i);
            }
        }
        // Blank glyphs of the line go with it (a drawn space between two words).
        if let Some(set) = free.remove(&line) {
            for i in set.into_iter().filter(|&i| is_blank(&glyphs[i])) {
                let k = placed
                    .iter()
                    .min_by(|a, b| {
                        let d = |g: usize| (glyphs[g].x - glyphs[i].x).abs();
                        d(a.0).total_cmp(&d(b.0))
                    })
                    .map(|p| p.1);
                if let Some(c) = k.and_then(|k| cells.get_mut(&open[k].0)) {
                    c.glyphs.push(i);
                }
            }
        }
    }
}

impl<'a> PageLayout<'a> {
    /// Lay out a page; `carry` says whether a table without rules goes on from the
    /// previous page, and where its columns were. Gives what carries to the next page.
    pub fn new(page: &'a PdfPage, carry: &Carry) -> (Self, Carry) {
        let (line_of, line_glyphs) = group_lines(&page.glyphs);
        let (mut hrules, mut vrules) = (page.hrules.clone(), page.vrules.clone());
        let mut carry_out = carry.clone();
        let lattice = has_lattice(page, &line_glyphs);
        if !lattice {
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
        if lattice {
            take_overflow(&page.glyphs, &hrules, &mut cells, &mut free);
        }
        free.retain(|_, v| v.iter().any(|&i| !is_blank(&page.glyphs[i])));
        // Reading order from geometry, never from the order glyphs were drawn in (print
        // drivers and optimisers draw each glyph on its own, in any order): a cell's glyphs
        // by line, then left to right.
        let by_place = |a: &usize, b: &usize| {
            line_of[*a]
                .cmp(&line_of[*b])
                .then(page.glyphs[*a].x.total_cmp(&page.glyphs[*b].x))
                .then(a.cmp(b))
        };
        for c in cells.values_mut() {
            c.glyphs.sort_by(by_place);
        }
        for g in free.values_mut() {
            g.sort_by(by_place);
        }
        // Latin meets CJK only where the two stand side by side in one cell (or one line
        // outside any cell): neighbours on a page line across a rule are in other columns.
        let mixed_gaps = cells
            .values()
            .map(|c| c.glyphs.as_slice())
            .chain(free.values().map(Vec::as_slice))
            .flat_map(|g| runs_by_line(&page.glyphs, &line_of, g))
            .flat_map(|run| mixed_gaps(&page.glyphs, &run))
            .collect();
        let layout = PageLayout {
            page,
            line_of,
            lines,
            cells,
            free,
            space_at_mixed_wrap: false,
            gap_space: Some(WORD_GAP),
            autospace: None,
            mixed_gaps,
            hrules,
            vrules,
            probe: Cell::default(),
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
        // A space drawn before the first line's text, kept for a fragment joined to text
        // from an earlier page (put back at the end: `join_drawn` trims its accumulator).
        let mut leading = false;
        for (_, g) in by_line {
            let (t, lead, trail) = run_text_probed(
                &self.page.glyphs,
                &g,
                self.gap_space,
                self.autospace,
                Some(&self.probe),
            );
            if first {
                leading = lead;
            }
            first = false;
            // A space drawn at a wrap point is printed text (`制作 ` / `PI`): keep one.
            let at_mixed =
                matches!((out.chars().last(), t.chars().next()), (Some(a), Some(b)) if mixed(a, b));
            if at_mixed {
                let mut noted = self.probe.get();
                noted.mixed_wrap = true;
                self.probe.set(noted);
            }
            let mixed_wrap = self.space_at_mixed_wrap && at_mixed;
            if (spaced || lead || mixed_wrap)
                && !out.is_empty()
                && !t.is_empty()
                && !out.ends_with(' ')
            {
                out.push(' ');
            }
            lexicon::join_drawn(&mut out, &t);
            spaced = trail;
        }
        if spaced && !out.trim().is_empty() {
            out.push(' ');
        }
        if leading && !out.trim().is_empty() {
            out.insert(0, ' ');
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::Glyph;
    use crate::parse::pdf::lines::group_lines;
    use crate::parse::pdf::testkit::{check, glyph, grid, page, seg, word, words, SIZE};

    #[test]
    fn lattice_when_rules_part_codes_from_text() {
        // A code at x 5 and its text at x 60 on one row between rules at y 0 and 20.
        let row = words(&[("01-02-03", 5.0, 15.0), ("能力", 60.0, 15.0)]);
        let page = |vrules: Vec<Segment>, glyphs: Vec<Glyph>| PdfPage {
            glyphs,
            hrules: vec![seg(0.0, 0.0, 100.0), seg(20.0, 0.0, 100.0)],
            vrules,
            ..PdfPage::default()
        };
        let ruled = vec![
            seg(0.0, 0.0, 20.0),
            seg(50.0, 0.0, 20.0),
            seg(100.0, 0.0, 20.0),
        ];
        let around = vec![seg(0.0, 0.0, 20.0), seg(100.0, 0.0, 20.0)];
        check(
            |p: PdfPage| has_lattice(&p, &group_lines(&p.glyphs).1),
            [
                (
                    "a rule between code and text",
                    page(ruled.clone(), row.clone()),
                    true,
                ),
                (
                    "ruled only around",
                    page(around.clone(), row.clone()),
                    false,
                ),
                ("no vertical rules", page(vec![], row.clone()), false),
                (
                    "no code, vertical rules",
                    page(around, words(&[("能力", 5.0, 15.0)])),
                    true,
                ),
                (
                    "a head `NN-NN-` counts as a code",
                    page(ruled, words(&[("01-02-", 5.0, 15.0), ("能力", 60.0, 15.0)])),
                    true,
                ),
            ],
        );
    }

    /// The layout of a page of `ws` with the grid `xs` × `ys` (none when empty).
    fn laid_out<T>(
        ws: &[(&str, f64, f64)],
        xs: &[f64],
        ys: &[f64],
        f: impl Fn(&PageLayout) -> T,
    ) -> T {
        let (h, v) = if xs.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            grid(xs, ys)
        };
        let p = page(words(ws), h, v);
        f(&PageLayout::new(&p, &Carry::default()).0)
    }

    #[test]
    fn cells_and_free_text() {
        check(
            |(ws, xs): (Vec<(&str, f64, f64)>, Vec<f64>)| {
                laid_out(&ws, &xs, &[100.0, 130.0, 160.0], |pl| {
                    let cells: Vec<(Rect, String)> = pl
                        .cells
                        .values()
                        .map(|c| (c.rect, pl.text_of(&c.glyphs)))
                        .collect();
                    let free: Vec<(u32, String)> =
                        pl.free.iter().map(|(l, g)| (*l, pl.text_of(g))).collect();
                    (cells, free, pl.lines.clone())
                })
            },
            [
                (
                    "a glyph in a cell, a line above the table free",
                    (
                        vec![("标题", 20.0, 50.0), ("能力", 22.0, 120.0)],
                        vec![20.0, 100.0],
                    ),
                    (
                        vec![(
                            Rect {
                                left: 20.0,
                                top: 100.0,
                                right: 100.0,
                                bottom: 130.0,
                            },
                            "能力".to_string(),
                        )],
                        vec![(1, "标题".to_string())],
                        vec!["标题".to_string(), "能力".to_string()],
                    ),
                ),
                (
                    "empty cells are no cells",
                    (vec![("能力", 22.0, 150.0)], vec![20.0, 100.0, 200.0]),
                    (
                        vec![(
                            Rect {
                                left: 20.0,
                                top: 130.0,
                                right: 100.0,
                                bottom: 160.0,
                            },
                            "能力".to_string(),
                        )],
                        vec![],
                        vec!["能力".to_string()],
                    ),
                ),
                (
                    "no rules, no codes: all free",
                    (vec![("能力", 22.0, 120.0), ("要求", 22.0, 150.0)], vec![]),
                    (
                        vec![],
                        vec![(1, "能力".to_string()), (2, "要求".to_string())],
                        vec!["能力".to_string(), "要求".to_string()],
                    ),
                ),
            ],
        );
    }

    #[test]
    fn latin_meets_cjk_only_inside_one_cell() {
        // Cells 20–100 and 100–200 on one row. In the left cell `能`, then `AB` a fifth of an
        // em later (a producer's autospacing); in the right cell `力`, 5.8 ems right of `B`:
        // neighbours on the page line, not in any text.
        let mut ws = vec![glyph("能", 25.0, 120.0)];
        ws.extend(word("AB", 25.0 + SIZE + 0.2 * SIZE, 120.0));
        ws.push(glyph("力", 105.0, 120.0));
        let (h, v) = grid(&[20.0, 100.0, 200.0], &[100.0, 130.0]);
        let p = page(ws, h, v);
        let (pl, _) = PageLayout::new(&p, &Carry::default());
        let rounded: Vec<f64> = pl
            .mixed_gaps
            .iter()
            .map(|g| (g * 100.0).round() / 100.0)
            .collect();
        assert_eq!(rounded, vec![0.2]);
    }

    #[test]
    fn a_cell_cut_by_the_page_end_takes_the_lines_drawn_past_its_rules() {
        // Chromium at a page break: every rule ends at the foot of the last row (y 130),
        // only the right column's cell is closed below; the left (merged) cell's name goes
        // on past the rules' end.
        let cut = |below: Vec<(&'static str, f64, f64)>, closed: bool| {
            let mut ws = vec![
                ("机械部件", 22.0, 118.0),
                ("01-01-01", 102.0, 118.0),
                ("能力", 152.0, 118.0),
            ];
            ws.extend(below);
            let mut h = vec![seg(100.0, 20.0, 200.0), seg(130.0, 100.0, 200.0)];
            if closed {
                h.push(seg(130.0, 20.0, 100.0));
            }
            let v = [20.0, 100.0, 150.0, 200.0]
                .map(|x| seg(x, 100.0, 130.0))
                .to_vec();
            let p = page(words(&ws), h, v);
            let (pl, _) = PageLayout::new(&p, &Carry::default());
            let cells: Vec<String> = pl.cells.values().map(|c| pl.text_of(&c.glyphs)).collect();
            let free: Vec<String> = pl.free.values().map(|g| pl.text_of(g)).collect();
            (cells, free)
        };
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        check(
            |(below, closed)| cut(below, closed),
            [
                (
                    "two lines past the rules join the open cell",
                    (
                        vec![("配与精度", 22.0, 140.0), ("检验", 22.0, 154.0)],
                        false,
                    ),
                    (s(&["机械部件配与精度检验", "01-01-01", "能力"]), s(&[])),
                ),
                (
                    "a line far below (a footer) stays free",
                    (vec![("第6页", 22.0, 175.0)], false),
                    (s(&["机械部件", "01-01-01", "能力"]), s(&["第6页"])),
                ),
                (
                    "a line reaching past the column stays free",
                    (vec![("配与精度检验与更多文字", 22.0, 140.0)], false),
                    (
                        s(&["机械部件", "01-01-01", "能力"]),
                        s(&["配与精度检验与更多文字"]),
                    ),
                ),
                (
                    "a cell closed by a rule takes nothing",
                    (vec![("配与精度", 22.0, 140.0)], true),
                    (s(&["机械部件", "01-01-01", "能力"]), s(&["配与精度"])),
                ),
            ],
        );
    }

    /// The glyphs of a small ruled page: a title and a page number above a row of a code
    /// and its text wrapped over two lines.
    fn drawn_glyphs() -> Vec<Glyph> {
        let mut all = words(&[
            ("课程", 20.0, 50.0),
            ("标准", 60.0, 50.0),
            ("01-01-01", 22.0, 120.0),
            ("能按ERP系统", 102.0, 120.0),
            ("录入凭证", 102.0, 135.0),
        ]);
        all.push(glyph("页", 300.0, 50.0));
        all
    }

    #[test]
    fn a_page_reads_the_same_whatever_order_its_glyphs_are_drawn_in() {
        let all = drawn_glyphs();
        let n = all.len();
        let read = |order: &[usize]| {
            let glyphs = order.iter().map(|&i| all[i].clone()).collect();
            let (h, v) = grid(&[20.0, 100.0, 200.0], &[100.0, 145.0]);
            let p = page(glyphs, h, v);
            let (pl, _) = PageLayout::new(&p, &Carry::default());
            let cells: Vec<String> = pl.cells.values().map(|c| pl.text_of(&c.glyphs)).collect();
            // Free text with where it is placed (its first glyph).
            let free: Vec<(String, f64)> = pl
                .free
                .values()
                .map(|g| (pl.text_of(g), p.glyphs[g[0]].x))
                .collect();
            (cells, free, pl.lines.clone(), pl.mixed_gaps.len())
        };
        let want = read(&(0..n).collect::<Vec<_>>());
        assert_eq!(
            want.1,
            vec![("课程标准页".to_string(), 20.0)],
            "free text placed by its leftmost glyph"
        );
        // Every glyph as its own object: reversed, and shuffled (a stride coprime with n).
        assert_ne!(n % 7, 0, "the stride visits every glyph");
        check(
            |order: Vec<usize>| read(&order),
            [
                ("reversed", (0..n).rev().collect(), want.clone()),
                (
                    "shuffled",
                    (0..n).map(|i| (i * 7 + 3) % n).collect(),
                    want.clone(),
                ),
            ],
        );
    }

    #[test]
    fn borderless_pages_get_virtual_rules() {
        let rows = [
            ("职业能力", 100.0, 20.0),
            ("01-01-01", 100.0, 40.0),
            ("能力一", 160.0, 40.0),
            ("01-01-02", 100.0, 60.0),
            ("能力二", 160.0, 60.0),
        ];
        let p = page(words(&rows), Vec::new(), Vec::new());
        let (pl, carry) = PageLayout::new(&p, &Carry::default());
        let texts: Vec<String> = pl.cells.values().map(|c| pl.text_of(&c.glyphs)).collect();
        check(
            |_: ()| (texts.clone(), carry.starts.clone(), pl.vrules.len()),
            [(
                "codes and texts in cells of virtual rules",
                (),
                (
                    vec![
                        "01-01-01".to_string(),
                        "能力一".to_string(),
                        "01-01-02".to_string(),
                        "能力二".to_string(),
                    ],
                    vec![100.0, 160.0],
                    3,
                ),
            )],
        );
    }

    #[test]
    fn text_of_glyphs_over_lines() {
        check(
            |ws: Vec<(&str, f64, f64)>| {
                laid_out(&ws, &[], &[], |pl| {
                    pl.text_of(&(0..pl.page.glyphs.len()).collect::<Vec<_>>())
                })
            },
            [
                (
                    "CJK lines join directly",
                    vec![("能力", 0.0, 20.0), ("要求", 0.0, 34.0)],
                    "能力要求".to_string(),
                ),
                (
                    "ASCII words wrapped take a space",
                    vec![("Proforma", 0.0, 20.0), ("invoice", 0.0, 34.0)],
                    "Proforma invoice".to_string(),
                ),
                (
                    "a space drawn at the wrap is kept once",
                    vec![("制作 ", 0.0, 20.0), (" PI", 0.0, 34.0)],
                    "制作 PI".to_string(),
                ),
                (
                    "no space drawn at a mixed wrap: none",
                    vec![("制作", 0.0, 20.0), ("PI", 0.0, 34.0)],
                    "制作PI".to_string(),
                ),
                (
                    "Latin glued to CJK stays glued",
                    vec![("ABS/ESP系统检修", 0.0, 20.0)],
                    "ABS/ESP系统检修".to_string(),
                ),
                (
                    "a trailing drawn space is kept",
                    vec![("能力 ", 0.0, 20.0)],
                    "能力 ".to_string(),
                ),
            ],
        );
    }

    #[test]
    fn text_of_keeps_a_leading_space() {
        check(
            |ws: Vec<(&str, f64, f64)>| {
                laid_out(&ws, &[], &[], |pl| {
                    pl.text_of(&(0..pl.page.glyphs.len()).collect::<Vec<_>>())
                })
            },
            [(
                "a leading drawn space",
                vec![(" 能力", 0.0, 20.0)],
                " 能力".to_string(),
            )],
        );
    }

    #[test]
    fn first_line_and_cell_around() {
        let ws = [
            ("能力", 22.0, 120.0),
            (" ", 22.0, 135.0),
            ("要求", 22.0, 150.0),
        ];
        check(
            |g: Vec<usize>| laid_out(&ws, &[], &[], |pl| pl.first_line(&g)),
            [
                ("the topmost line", vec![3, 0], 1),
                ("blank glyphs do not count", vec![2, 3], 2),
                ("nothing: line 1", vec![], 1),
            ],
        );
        let rect = |top: f64, bottom: f64| Rect {
            left: 20.0,
            top,
            right: 100.0,
            bottom,
        };
        check(
            |(x, y): (f64, f64)| {
                laid_out(&ws, &[20.0, 100.0], &[100.0, 130.0, 160.0, 190.0], |pl| {
                    pl.cell_around(x, y)
                })
            },
            [
                (
                    "a cell and its glyphs",
                    (50.0, 115.0),
                    Some((rect(100.0, 130.0), vec![0, 1])),
                ),
                (
                    "a cell holding nothing",
                    (50.0, 175.0),
                    Some((rect(160.0, 190.0), vec![])),
                ),
                ("outside the table", (150.0, 115.0), None),
            ],
        );
    }
}
