//! Reading pages by OCR: scans, and pages whose text layer cannot be read.
//!
//! A page is rendered to a grey image (`image`), its geometry found (`geometry`: ink,
//! skew, ruling lines, pieces of text lines), each piece read by a line recogniser and the
//! characters placed where the image shows them (`page`): the result is a
//! [`crate::extract::pdf::PdfPage`] like any other, so the PDF parser reads titles, header
//! blocks, merged cells and continuations unchanged.

pub mod geometry;
pub mod image;
pub mod marks;
pub mod page;
pub mod recognise;

use crate::error::Result;
use crate::extract::pdf::PdfPage;
use std::path::Path;
use std::sync::RwLock;

pub use page::{LineReader, ReadChar};

/// Which pages are read by OCR (`convert --ocr`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Pages with no text but an image (scans) and pages whose text layer is unreadable.
    #[default]
    Auto,
    /// Every page, its text layer ignored.
    Always,
    /// None: a scan is refused ("no text layer"), an unreadable text layer is a finding.
    Never,
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(Mode::Auto),
            "always" => Ok(Mode::Always),
            "never" => Ok(Mode::Never),
            _ => Err(format!("`{s}` is not an OCR mode (auto, always, never)")),
        }
    }
}

static MODE: RwLock<Option<Mode>> = RwLock::new(None);

impl Mode {
    /// The mode every PDF read in this process uses: the last installed, else `Auto`.
    pub fn current() -> Mode {
        MODE.read()
            .map(|m| m.unwrap_or_default())
            .unwrap_or_default()
    }

    /// Make this the mode of every later PDF read in this process (what `--ocr` does).
    pub fn install(self) {
        if let Ok(mut m) = MODE.write() {
            *m = Some(self);
        }
    }
}

/// The line recogniser shared by every page: the bundled model
/// ([`recognise::LineReader::shared`]), loaded the first time a page needs it.
pub fn reader() -> Option<&'static dyn LineReader> {
    Some(&Bundled)
}

/// [`recognise::LineReader`] seen as a [`LineReader`]: codes read restricted to the digits
/// and dashes of [`crate::vocab::code`].
struct Bundled;

impl Bundled {
    /// The characters of a code: digits and the dashes of [`crate::vocab::code`].
    fn code_char(c: char) -> bool {
        use crate::vocab::code;
        code::is_digit(c) || code::is_dash(c)
    }

    fn convert(chars: Vec<recognise::OcrChar>) -> Vec<ReadChar> {
        chars
            .into_iter()
            .map(|c| ReadChar {
                text: c.text,
                confidence: c.confidence,
                x0: c.x0,
                x1: c.x1,
            })
            .collect()
    }

    /// The line as the recogniser takes it (a [`image::Gray`] always holds its pixels).
    fn image(line: &image::Gray) -> ::image::GrayImage {
        ::image::GrayImage::from_raw(line.width as u32, line.height as u32, line.data.clone())
            .unwrap_or_else(|| ::image::GrayImage::new(0, 0))
    }
}

impl LineReader for Bundled {
    fn read(&self, line: &image::Gray) -> Result<Vec<ReadChar>> {
        let reader = recognise::LineReader::shared()?;
        Ok(Self::convert(reader.read_line(&Self::image(line))?))
    }

    fn read_code(&self, line: &image::Gray) -> Result<Vec<ReadChar>> {
        let reader = recognise::LineReader::shared()?;
        Ok(Self::convert(reader.read_line_restricted(
            &Self::image(line),
            &Self::code_char,
        )?))
    }

    fn read_both(&self, line: &image::Gray) -> Result<(Vec<ReadChar>, Vec<ReadChar>)> {
        let reader = recognise::LineReader::shared()?;
        let (text, code) = reader.read_line_both(&Self::image(line), &Self::code_char)?;
        Ok((Self::convert(text), Self::convert(code)))
    }
}

/// Read page `page.number` of the PDF `bytes` by OCR with `reader`: render it, find its
/// geometry, read its lines, and put the result in `page` (its glyphs, rules and size).
pub fn read_into(
    path: &Path,
    bytes: &[u8],
    page: &mut PdfPage,
    reader: &dyn LineReader,
) -> Result<()> {
    let started = std::time::Instant::now();
    let gray = image::render(path, bytes, page.number)?;
    let read = page::read_image(gray, reader)?;
    log::debug!(
        "{}: page {} read by OCR: {} characters, skew {:.2}°, {} + {} rules, {:.2} s",
        path.display(),
        page.number,
        read.glyphs.len(),
        read.skew,
        read.hrules.len(),
        read.vrules.len(),
        started.elapsed().as_secs_f64()
    );
    page::fill(page, read);
    Ok(())
}
