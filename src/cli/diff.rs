//! `compmap diff`: compare two revisions of a standard and write what changed.
//!
//! Both revisions are converted side by side, compared with [`compmap::diff::diff`], and
//! written with [`compmap::export::diff::write`]; the summary goes to stdout and the paths
//! written to stderr. If either revision cannot be read, both failures are reported.

use super::{Outcome, Status};
use std::path::PathBuf;

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
    /// Read no input bigger than this (K, M, G suffixes): a larger file, or a device or pipe
    /// giving more, fails with an error naming it. Default: 256M for PDFs, 8M for text dumps.
    #[arg(long, value_name = "SIZE", value_parser = compmap::extract::limits::parse_size)]
    max_input_size: Option<u64>,
}

/// What `diff` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    pub old: PathBuf,
    pub new: PathBuf,
    pub output: PathBuf,
    /// Limits on each input's size, memory and time (`--max-input-size`).
    pub limits: compmap::extract::Limits,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            old: self.old,
            new: self.new,
            output: self.output,
            limits: compmap::extract::Limits::with_max_input_size(self.max_input_size),
        }
    }
}

pub fn run(options: &Options) -> Outcome {
    options.limits.install();
    let (a, b) = rayon::join(
        || compmap::convert_file(&options.old),
        || compmap::convert_file(&options.new),
    );
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for err in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("error: {err}");
            }
            return Ok(Status::Failed);
        }
    };
    let changes = compmap::diff::diff(&a, &b);
    // The same stems as a batch would give, so `2023/x.pdf` against `2024/x.pdf` gives
    // `2023-x--2024-x`, not `x--x`.
    let stems = compmap::batch::stems(&[options.old.clone(), options.new.clone()]);
    let written = compmap::export::diff::write(&changes, &options.output, &stems[0], &stems[1])?;
    super::print(&compmap::diff::summary(&changes, DIFF_LINES))?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(Status::Success)
}
