//! A page as an image: grey pixels, rendered by poppler's `pdftoppm` (a subprocess: it draws
//! every producer's page, scans and text-layer pages alike), and read from the PGM it writes.

use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Resolution pages are rendered at: the recogniser reads lines normalised to 48 px high, and
/// a 10.5 pt line is 44 px at 300 dpi, so nothing is lost to scaling up; a grey A4 page is
/// 8.7 MB.
pub const DPI: u32 = 300;

/// The most pixels a rendered page may have (a 300-dpi A3 page is 17.4 M): a page box
/// larger than that is refused rather than rendered into gigabytes.
const MAX_PIXELS: usize = 40_000_000;

/// A grey image, one byte a pixel (0 black, 255 white), rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(width: usize, height: usize) -> Self {
        Gray {
            width,
            height,
            data: vec![255; width * height],
        }
    }

    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }

    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        self.data[y * self.width + x] = v;
    }

    /// The part `x0..x1` × `y0..y1` (clamped to the image).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut data = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            data.extend_from_slice(&self.data[y * self.width + x0..y * self.width + x1]);
        }
        Gray {
            width: x1 - x0,
            height: y1 - y0,
            data,
        }
    }
}

/// Render page `number` (1-based) of the PDF `bytes` at [`DPI`], grey, with `pdftoppm`
/// (the PDF goes in on its standard input, the PGM comes back on its output).
pub fn render(path: &Path, bytes: &[u8], number: u32) -> Result<Gray> {
    let page = number.to_string();
    let dpi = DPI.to_string();
    let child = Command::new("pdftoppm")
        .args(["-r", &dpi, "-gray", "-f", &page, "-l", &page, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::OcrRenderer {
                path: path.to_path_buf(),
                page: number,
                reason: "pdftoppm is not installed (Debian package poppler-utils)".into(),
            })
        }
        Err(e) => {
            return Err(Error::OcrRenderer {
                path: path.to_path_buf(),
                page: number,
                reason: format!("pdftoppm could not start: {e}"),
            })
        }
    };
    let fail = |reason: String| Error::OcrRenderer {
        path: path.to_path_buf(),
        page: number,
        reason,
    };
    // Feed the PDF from another thread while this one reads the image: neither pipe fills.
    let mut stdin = child.stdin.take().ok_or_else(|| fail("no pipe".into()))?;
    let mut stdout = child.stdout.take().ok_or_else(|| fail("no pipe".into()))?;
    let mut out = Vec::new();
    let read = std::thread::scope(|s| {
        s.spawn(move || {
            // pdftoppm may stop reading early on a broken file: its exit status says why.
            let _ = stdin.write_all(bytes);
        });
        stdout.read_to_end(&mut out)
    });
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let status = child.wait().map_err(|e| fail(e.to_string()))?;
    read.map_err(|e| fail(e.to_string()))?;
    if !status.success() {
        let first = err.lines().next().unwrap_or("no message").to_string();
        return Err(fail(format!("pdftoppm failed ({status}): {first}")));
    }
    parse_pgm(&out).map_err(|r| fail(format!("pdftoppm's image: {r}")))
}

/// Whether `pdftoppm` can be run (asked once per process).
pub fn renderer_present() -> bool {
    static PRESENT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PRESENT.get_or_init(|| {
        Command::new("pdftoppm")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })
}

/// Read a binary PGM (`P5`, 8 bits) — what `pdftoppm -gray` writes.
pub fn parse_pgm(bytes: &[u8]) -> std::result::Result<Gray, String> {
    let mut pos = 0;
    let mut fields = Vec::new();
    while fields.len() < 4 {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'#') {
            while pos < bytes.len() && bytes[pos] != b'\n' {
                pos += 1;
            }
            continue;
        }
        let start = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if start == pos {
            return Err("header cut short".into());
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    if fields[0] != "P5" {
        return Err(format!("not a binary PGM ({})", fields[0]));
    }
    let num = |s: &str| s.parse::<usize>().map_err(|_| format!("bad number {s}"));
    let (width, height, max) = (num(&fields[1])?, num(&fields[2])?, num(&fields[3])?);
    if max != 255 {
        return Err(format!("{max} grey levels, not 255"));
    }
    if width == 0 || height == 0 || width.saturating_mul(height) > MAX_PIXELS {
        return Err(format!("{width}×{height} pixels"));
    }
    // One white-space byte ends the header.
    let data = bytes.get(pos + 1..pos + 1 + width * height);
    let data = data.ok_or("pixels cut short")?.to_vec();
    Ok(Gray {
        width,
        height,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pgm_is_read_with_its_comments_and_a_short_one_is_refused() {
        let mut pgm = b"P5\n# made by hand\n3 2\n255\n".to_vec();
        pgm.extend([0, 10, 20, 30, 40, 255]);
        let g = parse_pgm(&pgm).unwrap();
        assert_eq!((g.width, g.height), (3, 2));
        assert_eq!(g.get(2, 1), 255);
        assert_eq!(g.get(0, 1), 30);
        assert!(parse_pgm(&pgm[..pgm.len() - 1]).is_err());
        assert!(parse_pgm(b"P6\n3 2\n255\n").is_err());
        assert!(parse_pgm(b"P5\n3 2\n65535\n").is_err());
    }

    #[test]
    fn a_crop_is_clamped_to_the_image() {
        let mut g = Gray::white(4, 4);
        g.set(3, 3, 0);
        let c = g.crop(2, 2, 10, 10);
        assert_eq!((c.width, c.height), (2, 2));
        assert_eq!(c.get(1, 1), 0);
    }
}
