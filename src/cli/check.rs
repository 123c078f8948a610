//! `compmap check`: validate inputs and print their findings.
//!
//! The report goes to stdout in the chosen format: compiler-style diagnostics (`text`,
//! coloured on a terminal unless `NO_COLOR` is set), `json` for tools, or `markdown`. The
//! last line of totals goes to stdout too, except with `json`, where it goes to stderr so
//! stdout stays pure JSON. An unreadable input is reported on stderr and the others are
//! still checked. Each input gets `--timeout` seconds (default 600, as `convert`): a FIFO
//! or a pathological file is given up with a message, not waited on forever. Control
//! characters of a document are shown, not sent to the terminal
//! ([`compmap::report::visible`]).

use super::{Outcome, Status};
use clap::ValueEnum;
use compmap::report::{self, Checked};
use compmap::Severity;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Lowest severity that makes `check` exit 1.
    #[arg(long, value_enum, default_value_t = Deny::Error)]
    deny: Deny,
    /// Give up on an input still being read after this many seconds (0: no limit).
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    timeout: u64,
    /// Read no input bigger than this (K, M, G suffixes): a larger file, or a device or pipe
    /// giving more, fails with an error naming it. Default: 256M for PDFs, 8M for text dumps.
    #[arg(long, value_name = "SIZE", value_parser = compmap::extract::limits::parse_size)]
    max_input_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warning,
    Error,
}

/// What `check` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// At least one file (clap requires it).
    pub inputs: Vec<PathBuf>,
    pub format: ReportFormat,
    /// Findings of this severity or above make the status [`Status::Denied`].
    pub deny: Severity,
    /// ANSI colours in the text report.
    pub color: bool,
    /// Per-input time limit; `None` for none (`--timeout 0`).
    pub timeout: Option<Duration>,
    /// Limits on each input's size, memory and time (`--max-input-size`).
    pub limits: compmap::extract::Limits,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            inputs: self.inputs,
            format: self.format,
            limits: compmap::extract::Limits::with_max_input_size(self.max_input_size),
            deny: match self.deny {
                Deny::Warning => Severity::Warning,
                Deny::Error => Severity::Error,
            },
            // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
        }
    }
}

pub fn run(options: &Options) -> Outcome {
    options.limits.install();
    let mut unreadable = 0;
    let mut reports: Vec<Checked> = Vec::new();
    for input in &options.inputs {
        match compmap::batch::run_within(input, options.timeout, report::check_file) {
            Ok(checked) => reports.push(checked),
            Err(err) => {
                eprintln!("error: {}", report::visible(&err.to_string()));
                unreadable += 1;
            }
        }
    }
    let denied = reports.iter().any(|r| {
        r.standard
            .findings
            .iter()
            .any(|f| f.severity >= options.deny)
    });
    match options.format {
        ReportFormat::Json => {
            super::print(&report::json(&reports))?;
            // stdout stays pure JSON for tools; the summary goes with the messages.
            eprintln!("{}", report::summary_line(&reports, unreadable));
        }
        ReportFormat::Markdown => super::print(&report::markdown(&reports, unreadable))?,
        ReportFormat::Text => {
            let mut text = report::text(&reports, options.color);
            text.push_str(&report::summary_line(&reports, unreadable));
            text.push('\n');
            super::print(&text)?;
        }
    }
    Ok(if unreadable > 0 {
        Status::Failed
    } else if denied {
        Status::Denied
    } else {
        Status::Success
    })
}
