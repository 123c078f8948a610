//! Every geometric factor the PDF parser judges by, in one place, each with its reason.
//!
//! Two units: **points** (`PT` in a name's doc: absolute distances on the page, for things
//! producers place by hand, like a rule's distance to the text it bounds) and **ems**
//! (fractions of the font size, for things that scale with the type: line spacing, word
//! gaps). The values were found on the layout fixtures (LibreOffice, Chromium, cairo,
//! Word-made PDFs, ruled and borderless) and the 1,294-row fixture PDF; changing one
//! changes what those tests see, so change them one at a time and run `tests/pdf_*.rs`.

// ---------------------------------------------------------------------------------------
// Glyphs and text lines (`lines`)

/// Top of a text line above the baseline, ems: a little over the cap height of CJK type
/// (whose ideographs fill about 0.88 em above the baseline in the fonts seen).
pub(super) const LINE_ASCENT: f64 = 0.85;

/// Bottom of a text line below the baseline, ems: the descent of Latin and CJK type.
pub(super) const LINE_DESCENT: f64 = 0.2;

/// Glyphs whose baselines differ by up to this many ems are one line: superscripts and
/// mixed fonts sit a little off the baseline, the next line is a whole em or more below.
pub(super) const BASELINE_TOLERANCE: f64 = 0.3;

/// Points: the least baseline tolerance, for tiny type where 0.3 em is below rounding.
pub(super) const MIN_BASELINE_TOLERANCE: f64 = 0.5;

/// A gap between two glyphs wider than this many ems reads as a space (producers that
/// position words instead of drawing spaces); a CJK text's letter spacing stays below it.
pub(super) const WORD_GAP: f64 = 0.3;

/// The word gap, in ems, of a document that draws no space glyph at all: a fifth of an em
/// is the narrowest space of common fonts (a thin space).
pub(super) const WORD_GAP_NO_SPACES: f64 = 0.2;

/// Ems: the band of gaps where Latin meets CJK that can be a producer's own spacing
/// ("autospace": LibreOffice and Word set about a fifth of an em there, drawing nothing):
/// wider than kerning slack, narrower than a space added to it.
pub(super) const AUTOSPACE_MIN: f64 = 0.05;
pub(super) const AUTOSPACE_MAX: f64 = 0.3;

/// Meetings of Latin and CJK needed before their gaps say anything about the producer.
pub(super) const AUTOSPACE_MIN_MEETINGS: usize = 4;

/// Ems a gap where Latin meets CJK must exceed the producer's autospacing to read as a
/// space: the narrowest space of common fonts is a fifth of an em, half of it is clear of
/// the autospacing's spread (a few hundredths).
pub(super) const AUTOSPACE_MARGIN: f64 = 0.1;

// ---------------------------------------------------------------------------------------
// Rules and cells (`geometry`, `columns`)

/// Points a rule may stop short of a point and still bound it: producers end rules at the
/// middle of the crossing rule, or leave a hairline gap at corners.
pub(super) const REACH: f64 = 1.5;

/// Ems: a text line below a cell cut by the page's end (its side rules stop, no rule
/// closes it) continues the cell when the line's top is at most this far below the cell's
/// end (or below the last line that continued it). Chromium draws a merged cell's text on
/// past the rules of the page's last row, at the cell's own line pitch: the gap seen is
/// 0.2 em under the rules' end and 0.4 em between lines (1.4 em pitch). A running footer
/// stands off the table by a margin of more than a line.
pub(super) const OVERFLOW_GAP: f64 = 1.0;

/// A cell's key quantises its box to `1 / KEY_SCALE` points, so that the same box found
/// from two points is one key.
pub(super) const KEY_SCALE: f64 = 10.0;

/// Points two rule positions may differ and still be the same column edge: a column's
/// rules drawn cell by cell wander by up to a point and a half in Word-made PDFs.
pub(super) const SAME_EDGE: f64 = 2.0;

/// Competency-code cells are counted per column with their edges rounded to
/// `1 / EDGE_SCALE` points, so cells of one column count together.
pub(super) const EDGE_SCALE: f64 = 2.0;

/// A code head cut by the page's end (`01-01-` over nothing) marks the code column only
/// this far down the page (fraction of its height): a table may start with it at the foot
/// of a page, while a dash-ended code higher up is text.
pub(super) const PAGE_FOOT: f64 = 0.75;

/// Characters: a cell of the code column with no code, and its text cell, both at most
/// this long and above the first code, are a second header row (`编号` / `内容`); longer
/// text is content no code took (a stray).
pub(super) const SHORT_HEADER_CHARS: usize = 6;

// ---------------------------------------------------------------------------------------
// Code runs (`code_runs`, `layout::has_lattice`)

/// Two code glyphs closer than this many ems are one run (`01-02-03` printed glyph by
/// glyph); the text beside a code starts further away than this. Half an em separates a
/// code from its text in every fixture, even in tables without rules.
pub(super) const CODE_RUN_GAP: f64 = 0.5;

/// Points two runs' x may differ and still start the same column: left-aligned code
/// columns line up to a fraction of a point; a centred column's codes do not (they are
/// then read from the mode of their starts).
pub(super) const SAME_COLUMN: f64 = 1.5;

/// A wrapped code's tail (`NN-NN-` over `NN`) is on the next line of its cell: no more
/// than this many ems below the head's bottom. Further down it is the next row's code.
pub(super) const CODE_WRAP_GAP: f64 = 0.8;

/// Codes at one column start before a competency column is one: a single `NN-NN-NN`
/// could be a code quoted in text.
pub(super) const MIN_COLUMN_CODES: usize = 2;

// ---------------------------------------------------------------------------------------
// Regions and column starts (`borderless`)

/// A page number stands alone: more than this many ems (of the larger line) from the
/// line next to it. The table's own lines are 1–2 ems apart.
pub(super) const PAGE_NUMBER_APART: f64 = 2.5;

/// Points: a column start must be this far left of the next column's to be its own
/// column, and a name column's text this far inside its code columns; the table's frame
/// is this far clear of its leftmost and rightmost glyphs.
pub(super) const COLUMN_CLEAR: f64 = 2.0;

/// Points: a virtual rule is drawn this far before the text it bounds (left of a column's
/// start, above a code head with nothing above it), and a block's frame this far above
/// and below its lines: clear of the glyphs, closer than any neighbouring text.
pub(super) const RULE_CLEAR: f64 = 1.0;

// ---------------------------------------------------------------------------------------
// Rows (`table_rules`, `header_rules`)

/// Points: lines overlapping by more than this are one band (cells side by side whose
/// baselines differ a little); a line touching the one above is not overlapping.
pub(super) const LINE_OVERLAP: f64 = 0.5;

/// Points of slack when comparing a line's edge with a row break or code head, so that
/// touching counts as above (rounding of line extents).
pub(super) const ROW_SLACK: f64 = 0.5;

/// Two lines whose tops differ by less than this (points) are the same line: the code
/// column's lines are found again among all lines by their top.
pub(super) const SAME_TOP: f64 = 0.01;

/// Ems: baselines closer than this are not successive lines of one paragraph (cells side
/// by side a little offset), so they do not set the line pitch.
pub(super) const MIN_PITCH: f64 = 0.5;

/// Ems beyond the line pitch that make a baseline step a new cell (its padding): line
/// spacing inside a cell is even to a tenth of an em; cell padding adds a third or more.
pub(super) const PADDING_STEP: f64 = 0.3;

/// Ems: gaps between bands fall into two groups (line spacing, cell padding) split at the
/// first jump wider than this between sorted gaps.
pub(super) const PADDING_JUMP: f64 = 0.2;

/// Ems below a code line's top where its row's middle is: a text centred beside a taller
/// code may start below the code's top, never below its middle.
pub(super) const CODE_MIDDLE: f64 = 0.45;
