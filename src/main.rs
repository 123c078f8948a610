//! The `compmap` command line: a thin layer over the library.

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use compmap::export::Format;
use compmap::{Severity, Standard};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "compmap",
    version,
    about = "Turn competency-standard documents (职业能力标准) into spreadsheets and validation reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert PDFs or text dumps into CSV, XLSX and JSON files.
    Convert {
        /// Input files or directories (their .pdf and .txt files, recursively). Without
        /// any, the bundled Business English fixture is converted.
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(short = 'o', long = "output", default_value = "output")]
        output: PathBuf,
        /// Comma-separated output formats.
        #[arg(long, default_value = "xlsx,csv,json", value_delimiter = ',')]
        format: Vec<Format>,
        /// Parallel jobs (0: one per core).
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// No progress bar and no summary; failures are still reported.
        #[arg(short, long)]
        quiet: bool,
        /// Give up on a file still converting after this many seconds (0: no limit).
        #[arg(long, default_value_t = 600, value_name = "SECS")]
        timeout: u64,
        #[command(flatten)]
        case: CaseArgs,
    },
    /// Compare two revisions of a standard and write what changed.
    Diff {
        /// The older revision (PDF or text dump).
        old: PathBuf,
        /// The newer revision (PDF or text dump).
        new: PathBuf,
        /// Output directory.
        #[arg(short = 'o', long = "output", default_value = "output")]
        output: PathBuf,
    },
    /// Validate inputs and print their findings.
    Check {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Lowest severity that makes `check` exit 1.
        #[arg(long, value_enum, default_value_t = Deny::Error)]
        deny: Deny,
    },
}

/// Options of `--format case`.
#[derive(clap::Args)]
struct CaseArgs {
    /// Base of the CASE URIs: each is <URI><identifier> (default `urn:uuid:`).
    #[arg(long, value_name = "URI")]
    case_base_uri: Option<compmap::export::case::BaseUri>,
    /// Date of the CASE package's lastChangeDateTime (default: the title's year, else 1970-01-01).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<compmap::export::case::Date>,
}

impl CaseArgs {
    fn options(self) -> compmap::export::ExportOptions {
        compmap::export::ExportOptions {
            case: compmap::export::case::CaseOptions {
                base_uri: self.case_base_uri.unwrap_or_default(),
                as_of: self.as_of,
                creator: None,
            },
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warning,
    Error,
}

mod cli_batch;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Convert {
            inputs,
            output,
            format,
            jobs,
            quiet,
            timeout,
            case,
        } => {
            let limit = (timeout > 0).then(|| std::time::Duration::from_secs(timeout));
            convert(
                &inputs,
                &output,
                &format,
                (jobs, quiet, limit),
                &case.options(),
            )
        }
        Command::Diff { old, new, output } => cli_batch::diff(&old, &new, &output),
        Command::Check {
            inputs,
            format,
            deny,
        } => check(&inputs, format, deny),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

fn convert(
    inputs: &[PathBuf],
    output: &Path,
    formats: &[Format],
    (jobs, quiet, limit): (usize, bool, Option<std::time::Duration>),
    options: &compmap::export::ExportOptions,
) -> Result<ExitCode> {
    if inputs.is_empty() {
        let (name, bytes) = compmap::BUNDLED;
        let standard = compmap::convert_bytes(Path::new(name), bytes)?;
        compmap::export::write_with(&standard, output, &stem(Path::new(name)), formats, options)?;
        if !quiet {
            eprintln!("{name} (bundled): {}", summary(&standard));
        }
        return Ok(ExitCode::SUCCESS);
    }
    cli_batch::convert(inputs, output, formats, jobs, quiet, options, limit)
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

fn check(inputs: &[PathBuf], format: ReportFormat, deny: Deny) -> Result<ExitCode> {
    use compmap::report;
    use std::io::IsTerminal;
    let threshold = match deny {
        Deny::Warning => Severity::Warning,
        Deny::Error => Severity::Error,
    };
    let mut unreadable = 0;
    let mut reports = Vec::new();
    for input in inputs {
        match report::check_file(input) {
            Ok(checked) => reports.push(checked),
            Err(err) => {
                eprintln!("error: {err}");
                unreadable += 1;
            }
        }
    }
    let denied = reports
        .iter()
        .any(|r| r.standard.findings.iter().any(|f| f.severity >= threshold));
    match format {
        ReportFormat::Json => {
            print!("{}", report::json(&reports));
            // stdout stays pure JSON for tools; the summary goes with the messages.
            eprintln!("{}", report::summary_line(&reports, unreadable));
        }
        ReportFormat::Markdown => print!("{}", report::markdown(&reports, unreadable)),
        ReportFormat::Text => {
            // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!("{}", report::text(&reports, color));
            println!("{}", report::summary_line(&reports, unreadable));
        }
    }
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
