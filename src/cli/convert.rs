//! `compmap convert`: inputs to CSV, XLSX, JSON (and on request CASE, HTML) files.
//!
//! Without inputs, the bundled Business English fixture is converted (what `output/`
//! holds). Otherwise every input goes through [`compmap::batch::run`] with a progress bar on
//! a terminal; per-file lines, totals and failures go to stderr, so stdout stays free for
//! scripts. One bad input does not stop the others; the status is then
//! [`Status::Failed`].

use super::{Outcome, Status};
use compmap::batch::{self, Event, Report};
use compmap::export::case::{BaseUri, CaseOptions, Date};
use compmap::export::{ExportOptions, Format};
use compmap::{Severity, Standard};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Input files or directories (their .pdf and .txt files, recursively). Without
    /// any, the bundled Business English fixture is converted.
    inputs: Vec<PathBuf>,
    /// Output directory.
    #[arg(short = 'o', long = "output", default_value = "output")]
    output: PathBuf,
    /// Comma-separated output formats.
    #[arg(long, default_value = "xlsx,csv,json", value_delimiter = ',')]
    format: Vec<Format>,
    /// Parallel jobs (0: one per core; more than the cores are capped, with a note).
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// No progress bar and no summary; failures are still reported.
    #[arg(short, long)]
    quiet: bool,
    /// Give up on a file still converting after this many seconds (0: no limit).
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    timeout: u64,
    /// Revision label for `--format sqlite` of documents whose title has no year (default:
    /// the input's folder name).
    #[arg(long, value_name = "LABEL")]
    revision: Option<String>,
    #[command(flatten)]
    case: CaseArgs,
    /// Read no input bigger than this (K, M, G suffixes): a larger file, or a device or pipe
    /// giving more, fails with an error naming it. Default: 256M for PDFs, 8M for text dumps.
    #[arg(long, value_name = "SIZE", value_parser = compmap::extract::limits::parse_size)]
    max_input_size: Option<u64>,
    /// Which PDF pages are read by OCR: auto (scans, and pages whose text layer is
    /// unreadable), always (every page), never (a scan is refused).
    #[arg(long, value_name = "auto|always|never", default_value = "auto")]
    ocr: compmap::extract::ocr::Mode,
}

/// Options of `--format case`.
#[derive(clap::Args)]
struct CaseArgs {
    /// Base of the CASE URIs: each is <URI><identifier> (default `urn:uuid:`).
    #[arg(long, value_name = "URI")]
    case_base_uri: Option<BaseUri>,
    /// Date of the CASE package's lastChangeDateTime (default: the title's year, else 1970-01-01).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<Date>,
}

/// What `convert` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and directories; empty means the bundled fixture.
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub formats: Vec<Format>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// No progress bar, no per-file lines and no totals.
    pub quiet: bool,
    /// Per-file time limit; `None` for none (`--timeout 0`).
    pub timeout: Option<Duration>,
    pub export: ExportOptions,
    /// Revision label of documents without a year in the title (`--format sqlite`).
    pub revision: Option<String>,
    /// Limits on each input's size, memory and time (`--max-input-size`).
    pub limits: compmap::extract::Limits,
    /// Which PDF pages are read by OCR (`--ocr`).
    pub ocr: compmap::extract::ocr::Mode,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            inputs: self.inputs,
            output: self.output,
            formats: self.format,
            jobs: self.jobs,
            quiet: self.quiet,
            limits: compmap::extract::Limits::with_max_input_size(self.max_input_size),
            timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
            export: ExportOptions {
                case: CaseOptions {
                    base_uri: self.case.case_base_uri.unwrap_or_default(),
                    as_of: self.case.as_of,
                    creator: None,
                },
            },
            revision: self.revision,
            ocr: self.ocr,
        }
    }
}

pub fn run(options: &Options) -> Outcome {
    options.limits.install();
    options.ocr.install();
    if options.inputs.is_empty() {
        return bundled(options);
    }
    let (jobs, capped) = batch::capped_jobs(options.jobs);
    if let (Some(cores), false) = (capped, options.quiet) {
        eprintln!(
            "note: --jobs {} is more than the {cores} cores of this machine; using {cores}",
            options.jobs
        );
    }
    let batch_options = batch::Options {
        out_dir: options.output.clone(),
        formats: options.formats.clone(),
        export: options.export.clone(),
        jobs,
        // The summary file is written only for a real batch (several inputs or a
        // directory), so converting one file leaves just that file's outputs (and nothing
        // that changes from run to run).
        write_summary: options.inputs.len() > 1 || options.inputs.iter().any(|p| p.is_dir()),
        timeout: options.timeout,
        revision: options.revision.clone(),
    };
    let bar = progress_bar(options.quiet);
    let progress = |event: Event<'_>| match event {
        Event::Started { total, path, .. } => {
            bar.set_length(total as u64);
            let name = path.file_name().unwrap_or(path.as_os_str());
            bar.set_message(name.to_string_lossy().into_owned());
        }
        Event::Finished { .. } => bar.inc(1),
    };
    let report = batch::run(&options.inputs, &batch_options, &progress);
    bar.finish_and_clear();
    let report = match report {
        Ok(report) => report,
        Err(err) => {
            // Said once, with the reason (the output folder, the thread pool), not per file.
            let nothing = match &err {
                compmap::Error::Write { path, .. } if *path == options.output => {
                    "; nothing was converted"
                }
                _ => "",
            };
            eprintln!(
                "error: {}{nothing}",
                compmap::report::visible(&err.to_string())
            );
            return Ok(Status::Failed);
        }
    };
    print_report(&report, options.quiet);
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    Ok(if report.failed().next().is_some() {
        Status::Failed
    } else {
        Status::Success
    })
}

/// The bundled fixture, converted in memory and written under its own stem.
fn bundled(options: &Options) -> Outcome {
    let (name, bytes) = compmap::BUNDLED;
    let standard = compmap::convert_bytes(Path::new(name), bytes)?;
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let (_, digest) = compmap::export::write_with_digest(
        &standard,
        &options.output,
        &stem,
        &options.formats,
        &options.export,
    )?;
    if options.formats.contains(&Format::Sqlite) {
        let db = options.output.join(compmap::store::FILE_NAME);
        let mut store = compmap::store::Store::open(&db)?;
        let hash = digest.unwrap_or_else(|| compmap::store::content_hash(&standard));
        let doc = compmap::store::Document::hashed(
            standard.clone(),
            hash,
            options.revision.as_deref(),
            None,
        );
        if let Some(note) = store.put(&doc)? {
            eprintln!("note: {note}");
        }
        store.checkpoint()?;
    }
    if !options.quiet {
        eprintln!("{name} (bundled): {}", summary(&standard));
    }
    Ok(Status::Success)
}

fn summary(s: &Standard) -> String {
    format!(
        "{} courses, {} rows, {} errors, {} warnings",
        s.courses.len(),
        s.mappings.len(),
        s.count(Severity::Error),
        s.count(Severity::Warning)
    )
}

/// A progress bar on stderr, hidden when quiet or when stderr is not a terminal.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, ETA {eta} {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Keeps the elapsed time and spinner moving while a large file is being read.
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
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
    // A file name or a message may carry control characters: shown, not sent.
    let errors = failed
        .iter()
        .filter_map(|f| f.error())
        .map(|e| compmap::report::visible(&e.to_string()).into_owned());
    if report.files.len() == 1 || failed.len() == 1 {
        for err in errors {
            eprintln!("error: {err}");
        }
    } else if !failed.is_empty() {
        eprintln!("error: {} files failed:", failed.len());
        for err in errors {
            eprintln!("  {err}");
        }
    }
    if let (false, Some(path)) = (quiet, &report.summary) {
        eprintln!("summary: {}", path.display());
    }
    if let (false, Some(path)) = (quiet, &report.database) {
        eprintln!("database: {}", path.display());
    }
}
