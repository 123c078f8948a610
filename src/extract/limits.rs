//! Limits on the memory and time one input may take: policy, in one place.
//!
//! compmap runs unattended over folders nobody checked, so a file a few KB long must not
//! take the machine's memory (a decompression bomb) or minutes (a page drawing a form
//! that draws itself twice, 24 levels down). Every limit here turns such a file into an
//! [`Error::LimitExceeded`] naming it; `docs/GUARANTEES.md` has the table of limits, their
//! defaults and why.
//!
//! The defaults are far above any honest standard (a 400-page standard is a few MB, its
//! text dump about 100 KB, a page at most a few thousand glyphs). A caller changes them
//! with [`extract_with`](super::extract_with), or for the whole process with
//! [`Limits::install`] (what the binary does with `--max-input-size`).

use crate::error::Error;
use std::path::Path;
use std::sync::RwLock;

const MIB: u64 = 1 << 20;

/// Limits on one input. `Default` gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes read from any input (a file, a device, a pipe): 256 MiB.
    pub max_input_size: u64,
    /// Bytes of a text dump: 8 MiB. The parser holds about 37 times the dump in memory
    /// (lines, words, cells and their candidates: 7.7 MB took 289 MB and 9.7 s), and a real
    /// dump is about 100 KB.
    pub max_text_size: u64,
    /// Bytes one PDF stream may inflate to: 64 MiB (an embedded CJK font, the biggest
    /// honest stream, is 10–20 MB).
    pub max_stream_size: u64,
    /// Bytes all of a PDF's streams may inflate to together: the larger of this floor
    /// (64 MiB) and [`Self::inflate_ratio`] times the file's size.
    pub inflate_floor: u64,
    /// See [`Self::inflate_floor`]: 200. Content streams compress 3–10 times, fonts 2–3;
    /// a bomb compresses a thousand times per layer.
    pub inflate_ratio: u64,
    /// Bytes all of a PDF's object streams (`/Type /ObjStm`) may inflate to together: the
    /// larger of this floor (2 MiB) and [`Self::object_stream_ratio`] times the file's size.
    /// lopdf parses every object they hold while it loads the file, each number into an
    /// `Object` of about 128 bytes, so `0 0 0…` costs about 64 times its size (the largest
    /// object twice over while the loader copies it): one object stream of 2 MiB took
    /// 260 MB, 64 of
    /// 1 MiB each, each far under the per-stream limit, 4.1 GB. Honest object streams hold
    /// dictionaries and small arrays, a few per cent of the file (the fixture rewritten with
    /// `qpdf --object-streams=generate`: 13 KB in a 488 KB file).
    pub object_stream_floor: u64,
    /// See [`Self::object_stream_floor`]: 2.
    pub object_stream_ratio: u64,
    /// Bytes of content one page interprets, its own content streams and every form it
    /// draws counted each time it is drawn: 1 MiB (a dense page has about 100 KB). pdf-extract
    /// parses content into operators and paths that take 70–120 times its size (15 MB of
    /// `m l S` took 1.9 GB), and two pages are read at once.
    pub max_page_content: u64,
    /// Form XObjects one page draws, counting repeats (a form drawn inside a form drawn
    /// twice counts twice): 10,000.
    pub max_form_draws: u64,
    /// Glyphs on one page: 200,000 (a dense page has a few thousand).
    pub max_page_glyphs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_size: 256 * MIB,
            max_text_size: 8 * MIB,
            max_stream_size: 64 * MIB,
            inflate_floor: 64 * MIB,
            inflate_ratio: 200,
            object_stream_floor: 2 * MIB,
            object_stream_ratio: 2,
            max_page_content: MIB,
            max_form_draws: 10_000,
            max_page_glyphs: 200_000,
        }
    }
}

static CURRENT: RwLock<Option<Limits>> = RwLock::new(None);

impl Limits {
    /// The limits [`extract`](super::extract) uses: the last ones installed, else the
    /// defaults.
    pub fn current() -> Limits {
        CURRENT
            .read()
            .map(|l| l.unwrap_or_default())
            .unwrap_or_default()
    }

    /// Make these the limits of every later [`extract`](super::extract) in this process.
    pub fn install(self) {
        if let Ok(mut l) = CURRENT.write() {
            *l = Some(self);
        }
    }

    /// The defaults, with `--max-input-size` (when given) as the limit of every input, text
    /// dumps included.
    pub fn with_max_input_size(max: Option<u64>) -> Limits {
        let mut limits = Limits::default();
        if let Some(max) = max {
            limits.max_input_size = max;
            limits.max_text_size = max;
        }
        limits
    }

    /// Bytes all of a PDF's streams may inflate to, for a file of `file_size` bytes.
    pub fn inflate_budget(&self, file_size: u64) -> u64 {
        self.inflate_floor
            .max(self.inflate_ratio.saturating_mul(file_size))
    }

    /// Bytes all of a PDF's object streams may inflate to, for a file of `file_size` bytes.
    pub fn object_stream_budget(&self, file_size: u64) -> u64 {
        self.object_stream_floor
            .max(self.object_stream_ratio.saturating_mul(file_size))
    }
}

/// `bytes` for people: `256 MiB`, `1.5 KiB`, `100 bytes`.
pub fn human(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let n = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{n:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// A size on the command line: bytes, or a number with `K`, `M`, `G` (powers of 1024; `KiB`,
/// `MB`… are read the same way): `256M`, `1G`, `100000`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 256M, 1G, 100000)"))?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("`{s}`: the unit must be K, M or G")),
    };
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a size compmap can use"))
}

/// The error for `what` going over `limit`.
pub(crate) fn exceeded(path: &Path, what: impl Into<String>, limit: impl Into<String>) -> Error {
    Error::LimitExceeded {
        path: path.to_path_buf(),
        what: what.into(),
        limit: limit.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human(256 << 20), "256 MiB");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(100), "100 bytes");
        assert_eq!(human(2 << 30), "2 GiB");
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("100000"), Ok(100_000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("-1").is_err());
    }

    #[test]
    fn the_inflate_budget_grows_with_the_file() {
        let l = Limits::default();
        assert_eq!(l.inflate_budget(4096), 64 << 20);
        assert_eq!(l.inflate_budget(10 << 20), 2000 << 20);
        assert_eq!(l.object_stream_budget(4096), 2 << 20);
        assert_eq!(l.object_stream_budget(10 << 20), 20 << 20);
    }
}
