//! `compmap diff`: compare two revisions of a standard and write what changed.
//!
//! Both revisions are converted side by side, compared with [`compmap::diff::diff`], and
//! written with [`compmap::export::diff::write`]; the summary goes to stdout and the paths
//! written to stderr. If either revision cannot be read, both failures are reported.
//! Each revision gets `--timeout` seconds (default 600, as `convert`). `--format` picks
//! among `csv`, `xlsx` (the default pair) and `csv-excel` (`.diff.excel.csv`, for
//! spreadsheets).

use super::{Outcome, Status};
use compmap::export::Format;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Changes listed on stdout; the files hold them all.
const DIFF_LINES: usize = 200;

#[derive(clap::Args)]
pub struct Args {
    /// The older revision (PDF or text dump).
    old: PathBuf,
    /// The newer revision (PDF or text dump).
    new: PathBuf,
    /// Output directory.
    #[arg(short = 'o', long = "output", default_value = "output")]
    output: PathBuf,
    /// Comma-separated output formats: csv, xlsx, csv-excel.
    #[arg(long, default_value = "csv,xlsx", value_delimiter = ',', value_parser = diff_format)]
    format: Vec<Format>,
    /// Give up on a revision still being read after this many seconds (0: no limit).
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    timeout: u64,
    /// Read no input bigger than this (K, M, G suffixes): a larger file, or a device or pipe
    /// giving more, fails with an error naming it. Default: 256M for PDFs, 8M for text dumps.
    #[arg(long, value_name = "SIZE", value_parser = compmap::extract::limits::parse_size)]
    max_input_size: Option<u64>,
}

/// A format a diff can be written in.
fn diff_format(s: &str) -> Result<Format, String> {
    let format: Format = s.parse()?;
    if compmap::export::diff::FORMATS.contains(&format) {
        Ok(format)
    } else {
        Err(format!(
            "a diff is written as csv, xlsx or csv-excel, not `{}`",
            format.as_str()
        ))
    }
}

/// What `diff` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    pub old: PathBuf,
    pub new: PathBuf,
    pub output: PathBuf,
    /// Among [`compmap::export::diff::FORMATS`].
    pub formats: Vec<Format>,
    /// Per-revision time limit; `None` for none (`--timeout 0`).
    pub timeout: Option<Duration>,
    /// Limits on each input's size, memory and time (`--max-input-size`).
    pub limits: compmap::extract::Limits,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            old: self.old,
            new: self.new,
            output: self.output,
            formats: self.format,
            timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
            limits: compmap::extract::Limits::with_max_input_size(self.max_input_size),
        }
    }
}

/// The stems of the two revisions: as a batch would give them, so `2023/x.pdf` against
/// `2024/x.pdf` gives `2023-x--2024-x`, not `x--x`; but a file compared with itself keeps
/// its plain stem on both sides (`a--a`), as CONTRACT.md names the report.
pub fn stems(old: &Path, new: &Path) -> [String; 2] {
    let same = old == new
        || matches!(
            (std::fs::canonicalize(old), std::fs::canonicalize(new)),
            (Ok(a), Ok(b)) if a == b
        );
    if same {
        let stem = compmap::batch::stems(&[old.to_path_buf()]).remove(0);
        return [stem.clone(), stem];
    }
    let mut stems = compmap::batch::stems(&[old.to_path_buf(), new.to_path_buf()]);
    let new_stem = stems.pop().unwrap_or_default();
    let old_stem = stems.pop().unwrap_or_default();
    [old_stem, new_stem]
}

pub fn run(options: &Options) -> Outcome {
    let read =
        |path: &Path| compmap::batch::run_within(path, options.timeout, compmap::convert_file);
    options.limits.install();
    let (a, b) = rayon::join(|| read(&options.old), || read(&options.new));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for err in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("error: {}", compmap::report::visible(&err.to_string()));
            }
            return Ok(Status::Failed);
        }
    };
    let changes = compmap::diff::diff(&a, &b);
    let [old_stem, new_stem] = stems(&options.old, &options.new);
    let written = compmap::export::diff::write_with(
        &changes,
        &options.output,
        &old_stem,
        &new_stem,
        &options.formats,
    )?;
    super::print(&compmap::diff::summary(&changes, DIFF_LINES))?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(Status::Success)
}
