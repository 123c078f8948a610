//! The geometry of a page image: ink (Otsu), skew, ruling lines, and the text pieces to read.
//!
//! All lengths are pixels of an image rendered at [`super::image::DPI`] (300); the constants
//! say what they are in points. The steps, each a function with its own unit table:
//!
//! 1. [`otsu`] + [`Ink::from_gray`]: ink is what is darker than the threshold that best
//!    separates the two classes of the grey histogram; lone pixels are dropped.
//! 2. [`skew`]: the angle (±[`MAX_SKEW`]°) whose row projection of the ink is the most
//!    peaked (text lines and rules make sharp rows when level); [`rotate`] levels the page.
//! 3. [`rules`]: long horizontal runs of ink (a gap of [`RULE_GAP`] px bridged, one row of
//!    drift either side tolerated) are horizontal rules; long vertical runs that reach a
//!    horizontal rule are vertical rules. Their ink is erased before text is looked for.
//! 4. [`pieces`]: cells are the regions the rules enclose (a merged cell is one region: no
//!    rule inside it); inside each region, text is cut recursively into bands of rows and
//!    columns of blocks (an XY cut) down to pieces of one line, split at wide gaps.

use super::image::Gray;
use std::collections::VecDeque;

/// Skew is looked for within ±3° (a sheet fed crooked into a scanner is rarely off more).
pub const MAX_SKEW: f64 = 3.0;
/// Coarse step of the skew search (degrees); the best coarse angle is refined ten times finer.
const SKEW_STEP: f64 = 0.1;
/// Below this angle (degrees) the page is not rotated: 0.03° drifts 1.3 px across an A4
/// page at 300 dpi, which the rule finder tolerates.
const MIN_DESKEW: f64 = 0.03;
/// Ink pixels sampled for the skew search: enough for a sharp profile, few enough to try
/// 80 angles in a few tens of milliseconds.
const SKEW_SAMPLES: usize = 150_000;

/// A gap (px) inside a rule that is bridged: scans break thin lines in places.
const RULE_GAP: usize = 3;
/// A horizontal rule is at least this fraction of the page's width: 8 % of an A4 page is
/// 48 pt, four and a half ems of 10.5 pt text, longer than any run of strokes in text
/// (a dash ——— is two ems); the narrowest cell of these tables is wider.
const MIN_HRULE: f64 = 0.08;
/// A vertical rule is at least this fraction of the page's height (1.2 %: 10 pt, one
/// line's row) and reaches a horizontal rule at one end at least: a stroke of a title's
/// character can be as long, but stands free.
const MIN_VRULE: f64 = 0.012;
/// A rule thicker than this (px; 1 mm) is a filled area (a shaded header row), not a rule.
const MAX_RULE_THICK: usize = 12;
/// How near (px) the end of a vertical rule must come to a horizontal rule to reach it.
const JOIN_TOL: usize = 8;
/// Rules are drawn this much longer (px) at each end as barriers between cells, so a corner
/// the scan left open does not join two cells.
const BARRIER_EXTEND: usize = 8;
/// The grid (px) the cell regions are found on: a quarter of a rule's usual distance to
/// the text beside it.
const CELL_GRID: usize = 4;

/// A band of rows shorter than this fraction of the typical line is a part of a line (the
/// strokes of 二 or 三, a line of only 一) and is joined to its nearer neighbour…
const SHORT_BAND: f64 = 0.6;
/// …when the gap to it is under this fraction of the typical line (the strokes of 二 are
/// half an em apart; two whole lines are never joined, as [`MAX_JOINED`] forbids)…
const JOIN_GAP: f64 = 0.8;
/// …and the joined band is no taller than this many typical lines.
const MAX_JOINED: f64 = 1.3;
/// Blocks side by side are cut apart at a white column at least this many typical lines
/// wide (a label beside its value in a header block; two ems).
const COLUMN_GAP: f64 = 2.0;
/// A line is cut into pieces at white gaps at least this many of its heights wide: white
/// space costs the recogniser time and carries nothing; the pieces keep their positions.
const PIECE_GAP: f64 = 1.5;
/// A piece with fewer ink pixels than this, or smaller than this fraction of the typical
/// line both ways, is a speck of noise.
const MIN_PIECE_INK: usize = 12;
const MIN_PIECE_SIZE: f64 = 0.3;
/// Line height (px) assumed when a page has no band to measure (a blank page): 10.5 pt.
const DEFAULT_LINE: f64 = 44.0;

/// Ink of an image: 1 where dark, 0 where light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Ink {
    /// The ink of `g` at threshold `t` (a pixel at or below it is ink), without lone pixels
    /// (speckle: no ink among their eight neighbours).
    pub fn from_gray(g: &Gray, t: u8) -> Ink {
        let (w, h) = (g.width, g.height);
        let raw: Vec<u8> = g.data.iter().map(|&v| u8::from(v <= t)).collect();
        let mut data = raw.clone();
        for y in 0..h {
            for x in 0..w {
                if raw[y * w + x] == 0 {
                    continue;
                }
                let mut alone = true;
                'n: for ny in y.saturating_sub(1)..(y + 2).min(h) {
                    for nx in x.saturating_sub(1)..(x + 2).min(w) {
                        if (nx, ny) != (x, y) && raw[ny * w + nx] == 1 {
                            alone = false;
                            break 'n;
                        }
                    }
                }
                if alone {
                    data[y * w + x] = 0;
                }
            }
        }
        Ink {
            width: w,
            height: h,
            data,
        }
    }

    pub fn at(&self, x: usize, y: usize) -> bool {
        self.data[y * self.width + x] != 0
    }

    fn transposed(&self) -> Ink {
        let mut data = vec![0; self.data.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                data[x * self.height + y] = self.data[y * self.width + x];
            }
        }
        Ink {
            width: self.height,
            height: self.width,
            data,
        }
    }
}

/// Otsu's threshold: the grey level that maximises the variance between the pixels at or
/// below it and those above.
pub fn otsu(g: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &v in &g.data {
        hist[v as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut t) = (0u64, 0.0, -1.0, 127u8);
    for (i, &n) in hist.iter().enumerate() {
        w0 += n;
        sum0 += i as f64 * n as f64;
        let w1 = total - w0;
        if w0 == 0 || w1 == 0 {
            continue;
        }
        let m0 = sum0 / w0 as f64;
        let m1 = (sum - sum0) / w1 as f64;
        let between = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            t = i as u8;
        }
    }
    t
}

/// The angle (degrees, within ±[`MAX_SKEW`]) by which the page's lines descend to the right:
/// the one whose row projection of the ink has the greatest sum of squares.
pub fn skew(ink: &Ink) -> f64 {
    let total = ink.data.iter().filter(|&&v| v != 0).count();
    if total == 0 {
        return 0.0;
    }
    let stride = total.div_ceil(SKEW_SAMPLES);
    let points: Vec<(f64, f64)> = ink
        .data
        .iter()
        .enumerate()
        .filter(|(_, &v)| v != 0)
        .step_by(stride)
        .map(|(i, _)| ((i % ink.width) as f64, (i / ink.width) as f64))
        .collect();
    let margin = (ink.width as f64 * MAX_SKEW.to_radians().tan()).ceil() as usize + 1;
    let rows = ink.height + 2 * margin;
    let mut hist = vec![0u32; rows];
    let mut score = |deg: f64| -> f64 {
        hist.iter_mut().for_each(|h| *h = 0);
        let t = deg.to_radians().tan();
        for &(x, y) in &points {
            let r = (y - x * t).round() as isize + margin as isize;
            if let Some(h) = usize::try_from(r).ok().and_then(|r| hist.get_mut(r)) {
                *h += 1;
            }
        }
        hist.iter().map(|&h| f64::from(h) * f64::from(h)).sum()
    };
    let steps = (MAX_SKEW / SKEW_STEP).round() as i32;
    // Level first on ties: an unskewed page stays as it is.
    let mut best = (score(0.0), 0.0);
    for i in -steps..=steps {
        let deg = f64::from(i) * SKEW_STEP;
        let s = score(deg);
        if s > best.0 {
            best = (s, deg);
        }
    }
    let coarse = best.1;
    for i in -10..=10 {
        let deg = coarse + f64::from(i) * SKEW_STEP / 10.0;
        if deg.abs() > MAX_SKEW {
            continue;
        }
        let s = score(deg);
        if s > best.0 {
            best = (s, deg);
        }
    }
    if best.1.abs() < MIN_DESKEW {
        0.0
    } else {
        best.1
    }
}

/// `g` turned about its centre so that lines descending at `deg` become level (bilinear;
/// what comes in from outside is white).
pub fn rotate(g: &Gray, deg: f64) -> Gray {
    let (w, h) = (g.width, g.height);
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let mut out = Gray::white(w, h);
    for y in 0..h {
        let dy = y as f64 - cy;
        for x in 0..w {
            let dx = x as f64 - cx;
            let sx = dx * c - dy * s + cx;
            let sy = dx * s + dy * c + cy;
            if sx < 0.0 || sy < 0.0 {
                continue;
            }
            let (x0, y0) = (sx.floor() as usize, sy.floor() as usize);
            if x0 + 1 >= w || y0 + 1 >= h {
                continue;
            }
            let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
            let p = |xx: usize, yy: usize| f64::from(g.data[yy * w + xx]);
            let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + p(x0 + 1, y0) * fx * (1.0 - fy)
                + p(x0, y0 + 1) * (1.0 - fx) * fy
                + p(x0 + 1, y0 + 1) * fx * fy;
            out.data[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// A ruling line found in the image: along its length `from..=to`, across it `lo..=hi`
/// (rows of a horizontal rule, columns of a vertical one; one pixel wider either side than
/// its ink), centred at `pos`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub pos: f64,
    pub from: usize,
    pub to: usize,
    pub lo: usize,
    pub hi: usize,
}

/// The rules of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub h: Vec<Line>,
    pub v: Vec<Line>,
}

/// Runs of ink along the rows of `ink` at least `min_len` long, each row seen together
/// with its neighbours above and below (one row of drift), grouped across rows.
fn long_runs(ink: &Ink, min_len: usize) -> Vec<Line> {
    let (w, h) = (ink.width, ink.height);
    // Open groups: (from, to, first row, last row, weighted row sum, weight).
    let mut open: Vec<(usize, usize, usize, usize, f64, f64)> = Vec::new();
    let mut done = Vec::new();
    let mut row = vec![0u8; w];
    for y in 0..h {
        for (x, r) in row.iter_mut().enumerate() {
            *r = (y.saturating_sub(1)..(y + 2).min(h)).any(|yy| ink.data[yy * w + x] != 0) as u8;
        }
        let mut runs = Vec::new();
        let mut x = 0;
        while x < w {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let start = x;
            let mut end = x;
            let mut gap = 0;
            while x < w && gap <= RULE_GAP {
                if row[x] != 0 {
                    end = x;
                    gap = 0;
                } else {
                    gap += 1;
                }
                x += 1;
            }
            if end + 1 - start >= min_len {
                runs.push((start, end));
            }
        }
        let mut still = Vec::new();
        for g in open.drain(..) {
            if g.3 + 1 < y {
                done.push(g);
            } else {
                still.push(g);
            }
        }
        open = still;
        for run in runs {
            // The centre is weighed by the row's own ink, not its neighbours'.
            let own: f64 = (run.0..=run.1)
                .filter(|&x| ink.data[y * w + x] != 0)
                .count() as f64;
            let joined = open.iter_mut().find(|g| {
                let overlap = g.1.min(run.1) as isize - g.0.max(run.0) as isize;
                g.3 + 1 >= y && overlap * 2 >= (run.1 - run.0).min(g.1 - g.0) as isize
            });
            match joined {
                Some(g) => {
                    g.0 = g.0.min(run.0);
                    g.1 = g.1.max(run.1);
                    g.3 = y;
                    g.4 += own * y as f64;
                    g.5 += own;
                }
                None => open.push((run.0, run.1, y, y, own * y as f64, own)),
            }
        }
    }
    done.extend(open);
    done.into_iter()
        .filter(|g| g.3 - g.2 < MAX_RULE_THICK + 2 && g.5 > 0.0)
        .map(|g| Line {
            pos: g.4 / g.5,
            from: g.0,
            to: g.1,
            lo: g.2,
            hi: g.3,
        })
        .collect()
}

/// The ruling lines of a level page.
pub fn rules(ink: &Ink) -> Rules {
    let h = long_runs(ink, (ink.width as f64 * MIN_HRULE).ceil() as usize);
    let tall = long_runs(
        &ink.transposed(),
        (ink.height as f64 * MIN_VRULE).ceil() as usize,
    );
    let reaches = |end: usize, x: f64| {
        h.iter().any(|r| {
            r.lo.saturating_sub(JOIN_TOL) <= end
                && end <= r.hi + JOIN_TOL
                && r.from as f64 - JOIN_TOL as f64 <= x
                && x <= (r.to + JOIN_TOL) as f64
        })
    };
    let v = tall
        .into_iter()
        .filter(|l| reaches(l.from, l.pos) || reaches(l.to, l.pos))
        .collect();
    Rules { h, v }
}

/// Erase the ink of `rules` (and a pixel around it) from `ink` and `gray`.
pub fn erase(rules: &Rules, ink: &mut Ink, gray: &mut Gray) {
    let w = ink.width;
    let mut clear = |x: usize, y: usize| {
        if x < w && y < ink.height {
            ink.data[y * w + x] = 0;
            gray.data[y * w + x] = 255;
        }
    };
    for l in &rules.h {
        for y in l.lo..=l.hi {
            for x in l.from..=l.to {
                clear(x, y);
            }
        }
    }
    for l in &rules.v {
        for x in l.lo..=l.hi {
            for y in l.from..=l.to {
                clear(x, y);
            }
        }
    }
}

/// A piece of one text line to read: its ink's box (`x0..x1` × `y0..y1`, pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Piece {
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// The cell region of every grid square ([`CELL_GRID`] px), `u32::MAX` on a rule.
struct Regions {
    gw: usize,
    label: Vec<u32>,
    count: usize,
}

fn regions(width: usize, height: usize, rules: &Rules) -> Regions {
    let (gw, gh) = (width.div_ceil(CELL_GRID), height.div_ceil(CELL_GRID));
    const WALL: u32 = u32::MAX;
    const UNSEEN: u32 = u32::MAX - 1;
    let mut label = vec![UNSEEN; gw * gh];
    let mut wall = |xa: usize, xb: usize, ya: usize, yb: usize| {
        for gy in ya / CELL_GRID..=(yb / CELL_GRID).min(gh - 1) {
            for gx in xa / CELL_GRID..=(xb / CELL_GRID).min(gw - 1) {
                label[gy * gw + gx] = WALL;
            }
        }
    };
    for l in &rules.h {
        let (a, b) = (l.from.saturating_sub(BARRIER_EXTEND), l.to + BARRIER_EXTEND);
        wall(a, b, l.lo, l.hi);
    }
    for l in &rules.v {
        let (a, b) = (l.from.saturating_sub(BARRIER_EXTEND), l.to + BARRIER_EXTEND);
        wall(l.lo, l.hi, a, b);
    }
    let mut count = 0u32;
    let mut queue = VecDeque::new();
    for start in 0..label.len() {
        if label[start] != UNSEEN {
            continue;
        }
        label[start] = count;
        queue.push_back(start);
        while let Some(i) = queue.pop_front() {
            let (x, y) = (i % gw, i / gw);
            let mut visit = |j: usize| {
                if label[j] == UNSEEN {
                    label[j] = count;
                    queue.push_back(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < gw {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - gw);
            }
            if y + 1 < gh {
                visit(i + gw);
            }
        }
        count += 1;
    }
    Regions {
        gw,
        label,
        count: count as usize,
    }
}

/// Ink points of one block: (x, y).
type Points = Vec<(u32, u32)>;

/// Runs of occupied positions in `profile` (index `offset` first), split at white gaps of at
/// least `min_gap`.
fn runs(profile: &[u32], offset: usize, min_gap: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, &n) in profile.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let p = i + offset;
        match out.last_mut() {
            Some(last) if p - last.1 <= min_gap => last.1 = p + 1,
            _ => out.push((p, p + 1)),
        }
    }
    out
}

/// The row bands of `pts`: runs of rows with ink, short ones (parts of a line) joined to
/// their nearer neighbour.
fn bands(pts: &Points, line: f64) -> Vec<(usize, usize)> {
    let (lo, hi) = span(pts.iter().map(|p| p.1));
    let mut profile = vec![0u32; hi - lo];
    for p in pts {
        profile[p.1 as usize - lo] += 1;
    }
    let mut b = runs(&profile, lo, 1);
    loop {
        let short = (0..b.len()).find(|&i| {
            let (y0, y1) = b[i];
            (y1 - y0) as f64 <= SHORT_BAND * line && joinable(&b, i, line).is_some()
        });
        let Some(i) = short else { break };
        let j = joinable(&b, i, line).unwrap_or(i);
        let (a, z) = (i.min(j), i.max(j));
        b[a] = (b[a].0, b[z].1);
        b.remove(z);
    }
    b
}

/// The neighbour band `bands[i]` may join: the nearer one within [`JOIN_GAP`] whose joined
/// height stays within [`MAX_JOINED`].
fn joinable(bands: &[(usize, usize)], i: usize, line: f64) -> Option<usize> {
    let ok = |j: usize| {
        let (a, z) = (i.min(j), i.max(j));
        let gap = (bands[z].0 - bands[a].1) as f64;
        let joined = (bands[z].1 - bands[a].0) as f64;
        (gap <= JOIN_GAP * line && joined <= MAX_JOINED * line).then_some(gap)
    };
    let before = i.checked_sub(1).and_then(|j| ok(j).map(|g| (g, j)));
    let after = (i + 1 < bands.len())
        .then(|| ok(i + 1).map(|g| (g, i + 1)))
        .flatten();
    match (before, after) {
        (Some(b), Some(a)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
        (b, a) => b.or(a).map(|x| x.1),
    }
}

fn span(v: impl Iterator<Item = u32>) -> (usize, usize) {
    let (mut lo, mut hi) = (u32::MAX, 0);
    for x in v {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    (lo as usize, hi as usize + 1)
}

/// Columns of `pts` cut at white gaps of at least `gap` px.
fn columns(pts: &Points, gap: usize) -> Vec<(usize, usize)> {
    let (lo, hi) = span(pts.iter().map(|p| p.0));
    let mut profile = vec![0u32; hi - lo];
    for p in pts {
        profile[p.0 as usize - lo] += 1;
    }
    runs(&profile, lo, gap)
}

/// Cut a block recursively into pieces of one line (an XY cut), `depth` levels at most.
/// Pieces smaller than [`MIN_PIECE_SIZE`] both ways go to `small`: a lone `。`, `，` or `）`
/// and a speck of dust look alike, and only their place tells them apart ([`pieces`]).
fn cut(pts: Points, line: f64, depth: usize, out: &mut Vec<Piece>, small: &mut Vec<Piece>) {
    if pts.is_empty() {
        return;
    }
    let rows = bands(&pts, line);
    if rows.len() > 1 && depth > 0 {
        for (y0, y1) in rows {
            let part: Points = pts
                .iter()
                .copied()
                .filter(|p| (y0..y1).contains(&(p.1 as usize)))
                .collect();
            cut(part, line, depth - 1, out, small);
        }
        return;
    }
    let (y0, y1) = span(pts.iter().map(|p| p.1));
    let cols = columns(&pts, (COLUMN_GAP * line) as usize);
    if cols.len() > 1 && depth > 0 {
        for (x0, x1) in cols {
            let part: Points = pts
                .iter()
                .copied()
                .filter(|p| (x0..x1).contains(&(p.0 as usize)))
                .collect();
            cut(part, line, depth - 1, out, small);
        }
        return;
    }
    // One line: pieces at gaps wide for its height.
    let h = (y1 - y0) as f64;
    for (x0, x1) in columns(&pts, (PIECE_GAP * h.max(line * SHORT_BAND)) as usize) {
        let inside = || pts.iter().filter(|p| (x0..x1).contains(&(p.0 as usize)));
        let n = inside().count();
        let (py0, py1) = span(inside().map(|p| p.1));
        let tiny = |len: usize| (len as f64) < MIN_PIECE_SIZE * line;
        if n < MIN_PIECE_INK {
            continue;
        }
        let piece = Piece {
            x0,
            y0: py0,
            x1,
            y1: py1,
        };
        if tiny(x1 - x0) && tiny(py1 - py0) {
            small.push(piece);
        } else {
            out.push(piece);
        }
    }
}

/// How deep the XY cut goes: rows, columns, rows… a header block beside a table is three.
const MAX_CUT_DEPTH: usize = 8;

/// The pieces of text lines on a page whose rules were erased from `ink`, in reading order
/// (top to bottom, then left to right).
pub fn pieces(ink: &Ink, rules: &Rules) -> Vec<Piece> {
    let reg = regions(ink.width, ink.height, rules);
    let mut per: Vec<Points> = vec![Vec::new(); reg.count];
    for y in 0..ink.height {
        let row = &ink.data[y * ink.width..(y + 1) * ink.width];
        for (x, _) in row.iter().enumerate().filter(|(_, &v)| v != 0) {
            let r = reg.label[(y / CELL_GRID) * reg.gw + x / CELL_GRID];
            if let Some(p) = per.get_mut(r as usize) {
                p.push((x as u32, y as u32));
            }
        }
    }
    let line = typical_line(&per);
    let mut out = Vec::new();
    for pts in per {
        let (mut text, mut small) = (Vec::new(), Vec::new());
        cut(pts, line, MAX_CUT_DEPTH, &mut text, &mut small);
        // A small piece next to text in its cell is a mark of that text; alone, a speck.
        let near = |s: &Piece| {
            text.iter().any(|p| {
                let dy = s.y0.saturating_sub(p.y1).max(p.y0.saturating_sub(s.y1));
                let dx = s.x0.saturating_sub(p.x1).max(p.x0.saturating_sub(s.x1));
                (dy as f64) <= MARK_NEAR_Y * line && (dx as f64) <= MARK_NEAR_X * line
            })
        };
        let marks: Vec<Piece> = small.iter().copied().filter(|s| near(s)).collect();
        out.extend(text);
        out.extend(marks);
    }
    out.sort_by_key(|p| (p.y0, p.x0));
    out
}

/// A small piece is a mark of the text of its cell (a `。` or `）` wrapped onto a line of
/// its own, one cut off its line by a wide gap) when a piece of text is at most this many
/// typical lines above or below it (one line's spacing)…
const MARK_NEAR_Y: f64 = 1.0;
/// …and at most this many to its side (a wide gap in a justified line).
const MARK_NEAR_X: f64 = 3.0;

/// Row bands lower than this (px; 3 pt) are not counted when the typical line is measured:
/// specks, rules' remains and the flat strokes of 一 or 二.
const MIN_LINE_PX: usize = 12;

/// The typical height of a text line: the lower third of the heights of the regions' row
/// bands (not the median: in a block without rules, lines close together make bands of
/// several lines; in cells most bands are one line).
fn typical_line(per: &[Points]) -> f64 {
    let mut heights: Vec<usize> = Vec::new();
    for pts in per.iter().filter(|p| !p.is_empty()) {
        let (lo, hi) = span(pts.iter().map(|p| p.1));
        let mut profile = vec![0u32; hi - lo];
        for p in pts {
            profile[p.1 as usize - lo] += 1;
        }
        heights.extend(
            runs(&profile, lo, 1)
                .into_iter()
                .map(|(a, b)| b - a)
                .filter(|&h| h >= MIN_LINE_PX),
        );
    }
    if heights.is_empty() {
        return DEFAULT_LINE;
    }
    heights.sort_unstable();
    heights[heights.len() / 3] as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with black boxes (x0, y0, x1, y1).
    fn page(w: usize, h: usize, boxes: &[(usize, usize, usize, usize)]) -> Gray {
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

    /// Text-like blocks: lines of 30×30 "characters" 6 px apart, lines 50 px apart.
    fn text_lines(
        x: usize,
        y: usize,
        lines: usize,
        chars: usize,
    ) -> Vec<(usize, usize, usize, usize)> {
        let mut b = Vec::new();
        for l in 0..lines {
            for c in 0..chars {
                let (cx, cy) = (x + c * 36, y + l * 50);
                // Two strokes per character, so it is not a solid block.
                b.push((cx, cy, cx + 30, cy + 4));
                b.push((cx + 13, cy, cx + 17, cy + 30));
            }
        }
        b
    }

    #[test]
    fn otsu_splits_ink_from_paper_even_when_both_are_grey() {
        let mut g = Gray::white(100, 100);
        for (i, v) in g.data.iter_mut().enumerate() {
            *v = if i % 10 == 0 {
                60 + (i % 7) as u8
            } else {
                200 + (i % 5) as u8
            };
        }
        let t = otsu(&g);
        assert!((66..200).contains(&t), "{t}");
    }

    #[test]
    fn lone_pixels_are_not_ink() {
        let g = page(20, 20, &[(2, 2, 3, 3), (10, 10, 12, 11)]);
        let ink = Ink::from_gray(&g, 128);
        assert!(!ink.at(2, 2));
        assert!(ink.at(10, 10) && ink.at(11, 10));
    }

    #[test]
    fn skew_is_found_and_levelled() {
        let mut boxes = text_lines(100, 100, 12, 30);
        boxes.push((80, 80, 1200, 83));
        let level = page(1300, 800, &boxes);
        for deg in [1.5, -0.8, 2.6] {
            let turned = rotate(&level, -deg);
            let ink = Ink::from_gray(&turned, otsu(&turned));
            let found = skew(&ink);
            assert!((found - deg).abs() <= 0.06, "turned {deg}°, found {found}°");
            let back = rotate(&turned, found);
            let ink = Ink::from_gray(&back, otsu(&back));
            assert!(skew(&ink).abs() <= 0.06);
        }
        let ink = Ink::from_gray(&level, 128);
        assert_eq!(skew(&ink), 0.0, "a level page is left alone");
    }

    /// A 2×3 table (outer box, one inner horizontal, two verticals), 2 px rules.
    fn table() -> Vec<(usize, usize, usize, usize)> {
        vec![
            (100, 100, 1100, 102),
            (100, 300, 1100, 302),
            (100, 500, 1100, 502),
            (100, 100, 102, 502),
            (400, 100, 402, 502),
            (700, 100, 702, 502),
            (1098, 100, 1100, 502),
        ]
    }

    #[test]
    fn rules_are_found_through_gaps_and_text_strokes_are_not_rules() {
        let mut boxes = table();
        boxes.extend(text_lines(120, 130, 2, 7));
        boxes.extend(text_lines(420, 130, 3, 7));
        // A title above with tall strokes, touching no rule.
        boxes.push((500, 20, 504, 80));
        let mut g = page(1200, 600, &boxes);
        // Breaks the scan left in the rules.
        for x in [300, 301, 302, 800] {
            g.set(x, 300, 255);
            g.set(x, 301, 255);
        }
        let ink = Ink::from_gray(&g, 128);
        let r = rules(&ink);
        // A 2-px rule drawn at rows 100 and 101 is centred at 100.5.
        let mut hs: Vec<f64> = r.h.iter().map(|l| l.pos.floor()).collect();
        hs.sort_by(f64::total_cmp);
        assert_eq!(hs, vec![100.0, 300.0, 500.0], "{:?}", r.h);
        assert!(r.h.iter().all(|l| l.from <= 101 && l.to >= 1098));
        let mut vs: Vec<f64> = r.v.iter().map(|l| l.pos.floor()).collect();
        vs.sort_by(f64::total_cmp);
        assert_eq!(vs, vec![100.0, 400.0, 700.0, 1098.0], "{:?}", r.v);
    }

    #[test]
    fn a_slightly_skewed_rule_is_one_rule() {
        let mut g = Gray::white(1200, 200);
        // 0.1°: about 2 px of drift over 1,000 px.
        for x in 100..1100 {
            let y = 100 + (x - 100) / 500;
            g.set(x, y, 0);
            g.set(x, y + 1, 0);
        }
        let r = rules(&Ink::from_gray(&g, 128));
        assert_eq!(r.h.len(), 1, "{:?}", r.h);
        assert!(r.h[0].to - r.h[0].from >= 990);
    }

    #[test]
    fn pieces_follow_cells_lines_and_wide_gaps() {
        let mut boxes = table();
        // Cell (row 1, col 1): two lines; cell (row 1, col 2): three lines at other heights.
        boxes.extend(text_lines(120, 130, 2, 7));
        boxes.extend(text_lines(420, 150, 3, 7));
        // Cell (row 2, col 3): one line in two words far apart.
        boxes.extend(text_lines(720, 380, 1, 3));
        boxes.extend(text_lines(960, 380, 1, 3));
        // A speck of noise in cell (row 2, col 1).
        boxes.push((200, 400, 203, 403));
        let mut g = page(1200, 600, &boxes);
        let mut ink = Ink::from_gray(&g, 128);
        let r = rules(&ink);
        erase(&r, &mut ink, &mut g);
        let p = pieces(&ink, &r);
        let got: Vec<(usize, usize, usize, usize)> =
            p.iter().map(|p| (p.x0, p.y0, p.x1, p.y1)).collect();
        assert_eq!(
            got,
            vec![
                (120, 130, 366, 160),
                (420, 150, 666, 180),
                (120, 180, 366, 210),
                (420, 200, 666, 230),
                (420, 250, 666, 280),
                (720, 380, 822, 410),
                (960, 380, 1062, 410),
            ]
        );
    }

    #[test]
    fn the_strokes_of_a_flat_character_stay_one_line() {
        // 二 alone on a line between two ordinary lines: two thin bands 14 px apart.
        let mut boxes = text_lines(100, 100, 1, 5);
        boxes.push((100, 156, 130, 160));
        boxes.push((100, 174, 130, 178));
        boxes.extend(text_lines(100, 200, 1, 5));
        let g = page(400, 300, &boxes);
        let ink = Ink::from_gray(&g, 128);
        let p = pieces(&ink, &Rules::default());
        let rows: Vec<(usize, usize)> = p.iter().map(|p| (p.y0, p.y1)).collect();
        assert_eq!(rows, vec![(100, 130), (156, 178), (200, 230)]);
    }

    #[test]
    fn a_small_mark_below_its_text_is_kept_a_lone_speck_is_not() {
        // Two lines of text, then a 。-sized ring (8×8, 40 px of ink) on a line of its own
        // just below; another far below, alone in the block.
        let mut boxes = text_lines(100, 100, 2, 5);
        let ring = |x: usize, y: usize| {
            vec![
                (x, y, x + 8, y + 2),
                (x, y + 6, x + 8, y + 8),
                (x, y, x + 2, y + 8),
                (x + 6, y, x + 8, y + 8),
            ]
        };
        boxes.extend(ring(104, 190));
        boxes.extend(ring(104, 400));
        let g = page(400, 500, &boxes);
        let p = pieces(&Ink::from_gray(&g, 128), &Rules::default());
        let rows: Vec<(usize, usize)> = p.iter().map(|p| (p.x0, p.y0)).collect();
        assert_eq!(rows, vec![(100, 100), (100, 150), (104, 190)]);
    }

    #[test]
    fn a_label_beside_a_column_of_lines_is_cut_apart() {
        // A header block without rules: a one-line label left of a three-line value.
        let mut boxes = text_lines(100, 150, 1, 4);
        boxes.extend(text_lines(400, 125, 3, 10));
        let g = page(900, 400, &boxes);
        let p = pieces(&Ink::from_gray(&g, 128), &Rules::default());
        let got: Vec<(usize, usize)> = p.iter().map(|p| (p.x0, p.y0)).collect();
        assert_eq!(got, vec![(400, 125), (100, 150), (400, 175), (400, 225)]);
    }
}
