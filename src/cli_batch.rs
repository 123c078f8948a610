//! Part of the `compmap` binary (not the library): `convert` over many inputs through
//! [`compmap::batch`] with a progress bar, and the `diff` command.

use anyhow::Result;
use compmap::batch::{self, Event, Options, Report};
use compmap::export::{ExportOptions, Format};
use compmap::Severity;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Changes listed on stdout by `diff`; the files hold them all.
const DIFF_LINES: usize = 200;

/// `compmap convert`: every input through the batch runner. The summary file is written
/// only for a real batch (several inputs or a directory), so converting one file leaves
/// just that file's outputs (and nothing that changes from run to run).
pub fn convert(
    inputs: &[PathBuf],
    output: &Path,
    formats: &[Format],
    jobs: usize,
    quiet: bool,
    export: &ExportOptions,
    timeout: Option<std::time::Duration>,
) -> Result<ExitCode> {
    let options = Options {
        out_dir: output.to_path_buf(),
        formats: formats.to_vec(),
        export: export.clone(),
        jobs,
        write_summary: inputs.len() > 1 || inputs.iter().any(|p| p.is_dir()),
    };
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, ETA {eta} {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        // Keeps the elapsed time and spinner moving while a large file is being read.
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    };
    let progress = |event: Event<'_>| match event {
        Event::Started { total, path, .. } => {
            bar.set_length(total as u64);
            let name = path.file_name().unwrap_or(path.as_os_str());
            bar.set_message(name.to_string_lossy().into_owned());
        }
        Event::Finished { .. } => bar.inc(1),
    };
    let report = match timeout {
        Some(limit) => batch::run_with_limit(inputs, &options, &progress, limit),
        None => batch::run(inputs, &options, &progress),
    };
    bar.finish_and_clear();
    let report = report?;
    print_report(&report, quiet);
    Ok(if report.failed().next().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Per-file lines in input order, the totals, then the failures, on stderr (stdout stays
/// free for scripts). Failures are printed even when quiet.
fn print_report(report: &Report, quiet: bool) {
    let failed: Vec<_> = report.failed().collect();
    if !quiet {
        for f in &report.files {
            if let Some(c) = f.converted() {
                eprintln!(
                    "{}: {} courses, {} rows, {} errors, {} warnings -> {}",
                    f.path.display(),
                    c.courses,
                    c.rows,
                    c.errors,
                    c.warnings,
                    f.stem
                );
            }
        }
        if report.files.len() > 1 {
            eprintln!(
                "{} of {} files converted: {} rows, {} errors, {} warnings",
                report.converted().count(),
                report.files.len(),
                report.rows(),
                report.count(Severity::Error),
                report.count(Severity::Warning)
            );
        }
    }
    if report.files.len() == 1 || failed.len() == 1 {
        for f in &failed {
            eprintln!("error: {}", f.failure().unwrap_or_default());
        }
    } else if !failed.is_empty() {
        eprintln!("error: {} files failed:", failed.len());
        for f in &failed {
            eprintln!("  {}", f.failure().unwrap_or_default());
        }
    }
    if let (false, Some(path)) = (quiet, &report.summary) {
        eprintln!("summary: {}", path.display());
    }
}

/// `compmap diff`: convert both revisions (side by side), compare, write the reports and
/// print the summary on stdout.
pub fn diff(old: &Path, new: &Path, output: &Path) -> Result<ExitCode> {
    let (a, b) = rayon::join(|| compmap::convert_file(old), || compmap::convert_file(new));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for err in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("error: {err}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let changes = compmap::diff::diff(&a, &b);
    // The same stems as a batch would give, so `2023/x.pdf` against `2024/x.pdf` gives
    // `2023-x--2024-x`, not `x--x`.
    let stems = batch::stems(&[old.to_path_buf(), new.to_path_buf()]);
    let written = compmap::diff::write(&changes, output, &stems[0], &stems[1])?;
    print!("{}", compmap::diff::summary(&changes, DIFF_LINES));
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
