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
        } => convert(&inputs, &output, &format, jobs, quiet),
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
    jobs: usize,
    quiet: bool,
) -> Result<ExitCode> {
    if inputs.is_empty() {
        let (name, bytes) = compmap::BUNDLED;
        let standard = compmap::convert_bytes(Path::new(name), bytes)?;
        compmap::export::write(&standard, output, &stem(Path::new(name)), formats)?;
        if !quiet {
            eprintln!("{name} (bundled): {}", summary(&standard));
        }
        return Ok(ExitCode::SUCCESS);
    }
    cli_batch::convert(inputs, output, formats, jobs, quiet)
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
    let threshold = match deny {
        Deny::Warning => Severity::Warning,
        Deny::Error => Severity::Error,
    };
    let mut failed_input = false;
    let mut denied = false;
    let mut reports = Vec::new();
    for input in inputs {
        match compmap::convert_file(input) {
            Ok(standard) => {
                denied |= standard.findings.iter().any(|f| f.severity >= threshold);
                reports.push(standard);
            }
            Err(err) => {
                eprintln!("error: {err}");
                failed_input = true;
            }
        }
    }
    match format {
        ReportFormat::Json => {
            let all: Vec<_> = reports
                .iter()
                .map(|s| serde_json::json!({ "source": s.source, "findings": s.findings }))
                .collect();
            println!("{}", serde_json::to_string_pretty(&all)?);
        }
        ReportFormat::Markdown => {
            for s in &reports {
                println!("## {}\n\n{}\n", s.source, summary(s));
                println!("| severity | rule | course | code | page | line | message |");
                println!("|---|---|---|---|---|---|---|");
                for f in &s.findings {
                    println!(
                        "| {} | {} | {} | {} | {} | {} | {} |",
                        f.severity.as_str(),
                        f.rule.as_str(),
                        f.course_no.map(|n| n.to_string()).unwrap_or_default(),
                        f.code,
                        f.loc.page,
                        f.loc.line,
                        f.message.replace('|', "\\|")
                    );
                }
                println!();
            }
        }
        ReportFormat::Text => {
            for s in &reports {
                for f in &s.findings {
                    println!(
                        "{}[{}]: {}:{}:{}: {}",
                        f.severity.as_str(),
                        f.rule.as_str(),
                        s.source,
                        f.loc.page,
                        f.loc.line,
                        f.message
                    );
                }
                println!("{}: {}", s.source, summary(s));
            }
        }
    }
    Ok(if failed_input {
        ExitCode::from(2)
    } else if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
