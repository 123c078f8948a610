//! pdf-extract's callbacks turned into one page's glyphs and the straight pieces of its
//! paths.

use super::normalise::glyph_text;
use super::page::{Glyph, PdfPage, Segment};
use super::rules::push_thin_box;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path as PdfPath};
use pdf_extract::{PathOp, Transform};

/// Collects one page's glyphs and rules from pdf-extract's callbacks.
#[derive(Default)]
pub(super) struct Collector {
    /// Character codes a page may show (`Limits::max_page_glyphs`); past it the page stops
    /// with an error and `over_limit` is set.
    max_calls: usize,
    pub(super) over_limit: bool,
    pub(super) page: Option<PdfPage>,
    /// Character codes shown so far on the page, and the index among them of each glyph.
    pub(super) calls: usize,
    pub(super) seqs: Vec<usize>,
    /// Glyphs by writing direction on the page: right, up, left, down.
    pub(super) directions: [usize; 4],
    flip_y: f64,
    origin_x: f64,
}

impl Collector {
    pub(super) fn with_limit(max_calls: usize) -> Self {
        Collector {
            max_calls,
            ..Collector::default()
        }
    }

    fn page(&mut self) -> &mut PdfPage {
        self.page.get_or_insert_with(PdfPage::default)
    }

    fn to_page(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
        let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
        (px - self.origin_x, self.flip_y - py)
    }

    /// Turns a path's straight pieces into rules. A rectangle thinner than `THIN` is one
    /// rule (how some producers draw borders); a larger rectangle is its four edges when
    /// stroked, and a shaded background (no rule) when filled.
    fn add_path(&mut self, ctm: &Transform, path: &PdfPath, filled: bool) {
        let mut segs: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut start = None;
        let mut cur = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    start = Some(p);
                    cur = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    if let Some(c) = cur {
                        segs.push((c, p));
                    }
                    cur = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = Some(self.to_page(ctm, x, y));
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (cur, start) {
                        segs.push((c, s));
                    }
                    cur = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let b = self.to_page(ctm, x + w, y + h);
                    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                    if !push_thin_box(self.page(), (x0, y0, x1, y1)) && !filled {
                        segs.push(((x0, y0), (x1, y0)));
                        segs.push(((x0, y1), (x1, y1)));
                        segs.push(((x0, y0), (x0, y1)));
                        segs.push(((x1, y0), (x1, y1)));
                    }
                    start = Some(a);
                    cur = Some(a);
                }
            }
        }
        if filled {
            // A filled polygon's outline is a border only when the polygon is thin; the
            // closing edges of a thin quad are then treated like a thin rectangle.
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for ((ax, ay), (bx, by)) in &segs {
                x0 = x0.min(*ax).min(*bx);
                x1 = x1.max(*ax).max(*bx);
                y0 = y0.min(*ay).min(*by);
                y1 = y1.max(*ay).max(*by);
            }
            if segs.is_empty() {
                return;
            }
            push_thin_box(self.page(), (x0, y0, x1, y1));
            return;
        }
        let page = self.page();
        for ((ax, ay), (bx, by)) in segs {
            if (ay - by).abs() < AXIS_SLACK && (ax - bx).abs() > AXIS_SLACK {
                page.hrules.push(Segment {
                    pos: ay.midpoint(by),
                    from: ax.min(bx),
                    to: ax.max(bx),
                });
            } else if (ax - bx).abs() < AXIS_SLACK && (ay - by).abs() > AXIS_SLACK {
                page.vrules.push(Segment {
                    pos: ax.midpoint(bx),
                    from: ay.min(by),
                    to: ay.max(by),
                });
            }
        }
    }
}

/// A stroke whose ends differ by less than this across its axis (points) is drawn along
/// that axis: producers round coordinates, and half a point is below any visible slant.
/// Its length must exceed the same amount to be a rule and not a dot.
const AXIS_SLACK: f64 = 0.5;

/// Paint this close to white (each component, 0–1) draws no visible rule: producers fill
/// white boxes to blank out backgrounds, sometimes at 0.99 grey.
const NEAR_WHITE: f64 = 0.95;

/// The widest advance a glyph may have, in ems: Type 3 fonts and broken width tables can
/// give absurd advances, and no glyph of a table is wider than a few ems.
const MAX_ADVANCE_EMS: f64 = 3.0;

/// White (or nearly) paint draws no visible rule.
fn is_white(colorspace: &ColorSpace, color: &[f64]) -> bool {
    match colorspace {
        ColorSpace::DeviceGray | ColorSpace::CalGray(_) => {
            color.first().is_some_and(|&g| g > NEAR_WHITE)
        }
        ColorSpace::DeviceRGB | ColorSpace::CalRGB(_) => {
            color.len() >= 3 && color[..3].iter().all(|&c| c > NEAR_WHITE)
        }
        ColorSpace::DeviceCMYK => {
            color.len() >= 4 && color[..4].iter().all(|&c| c < 1.0 - NEAR_WHITE)
        }
        _ => false,
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip_y = media_box.ury;
        self.origin_x = media_box.llx;
        self.page = Some(PdfPage {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..PdfPage::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.calls >= self.max_calls {
            self.over_limit = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let seq = self.calls;
        self.calls += 1;
        let (dx, dy) = (trm.m11, -trm.m12);
        let dir = if dx.abs() >= dy.abs() {
            if dx >= 0.0 {
                0
            } else {
                2
            }
        } else if dy < 0.0 {
            1
        } else {
            3
        };
        self.directions[dir] += 1;
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31 - self.origin_x, self.flip_y - trm.m32);
        let width = (width * size).clamp(0.0, MAX_ADVANCE_EMS * size.max(1.0));
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        // A glyph the font gives no Unicode for comes out empty: keep it visible as
        // U+FFFD so it is reported, not silently lost.
        let text = if text.is_empty() {
            "\u{FFFD}".to_string()
        } else {
            glyph_text(text)
        };
        self.seqs.push(seq);
        self.page().glyphs.push(Glyph {
            text,
            x,
            y,
            size,
            width,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, false);
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, true);
        }
        Ok(())
    }
}
