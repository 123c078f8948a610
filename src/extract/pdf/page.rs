//! What reading a PDF gives: per page its glyphs and ruling lines, in points with the
//! origin at the top-left corner and `y` growing downwards.

use std::path::PathBuf;

/// The middle of a glyph box above its baseline, in ems: CJK ideographs stand about 0.88 em
/// high with a little descent, Latin capitals 0.7; a third of an em is the middle of both
/// near enough to tell which cell or line a glyph is in.
const MID_HEIGHT: f64 = 0.35;

/// One glyph as drawn: its text (usually one char), the baseline origin, the font size
/// (in points, after all transforms) and the advance width (points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub width: f64,
}

impl Glyph {
    /// Right end of the glyph's advance.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Vertical middle of the glyph box (the baseline sits near the bottom of it).
    pub fn mid_y(&self) -> f64 {
        self.y - MID_HEIGHT * self.size
    }

    /// Horizontal middle of the glyph.
    pub fn mid_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// A straight rule: horizontal (`pos` is y, `from..to` along x) or vertical (`pos` is x,
/// `from..to` along y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub pos: f64,
    pub from: f64,
    pub to: f64,
}

/// The geometry of one page.
#[derive(Debug, Clone, Default)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub hrules: Vec<Segment>,
    pub vrules: Vec<Segment>,
    /// Predefined CMaps of fonts showing text on the page that cannot be decoded (their
    /// glyphs are U+FFFD), for the unmapped-glyphs finding to name.
    pub unsupported_cmaps: Vec<String>,
    /// Why the page gave no glyphs, when it could not be read; the other pages convert.
    pub unreadable: Option<Unreadable>,
    /// The page was read by OCR (`crate::extract::ocr`): its glyphs are characters recognised
    /// in its image, its rules the lines found there.
    pub read_by_ocr: bool,
    /// How sure the recogniser is of each glyph (0–1, in the order of `glyphs`) on a page
    /// read by OCR; empty on a text layer, whose glyphs are all certain.
    pub confidence: Vec<f32>,
}

impl PdfPage {
    /// How sure the reading of glyph `i` is: 1 on a text layer.
    pub fn confidence(&self, i: usize) -> f32 {
        self.confidence.get(i).copied().unwrap_or(1.0)
    }
}

/// Why a page of a PDF gave no glyphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The reader could not interpret the page (its reason).
    Page(String),
    /// The text of `font` on the page is not readable text: `bad` of its `total`
    /// characters are unmapped, private-use, control or of a foreign script.
    TextLayer {
        font: String,
        bad: usize,
        total: usize,
    },
}

/// The geometry of a PDF, page by page.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub path: PathBuf,
    pub pages: Vec<PdfPage>,
}
