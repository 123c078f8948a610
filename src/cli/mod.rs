//! The `compmap` command line, one file per command, shaped like xsv and ripgrep:
//!
//! - this module parses the arguments ([`Cli`]), switches tracing on ([`logger`]), runs the
//!   command and turns how it ended into the process's exit code ([`Status`],
//!   [`exit_code`]): the one place exit codes are decided;
//! - each command module ([`convert`], [`check`], [`diff`]) has its clap arguments (`Args`),
//!   turns them into one validated `Options` value, and `run`s on that alone.
//!
//! Exit codes (CONTRACT.md): 0 done; 1 `check` found findings at or above `--deny`; 2 an
//! input could not be read, an output not written, or bad usage (clap's own exit). A closed
//! stdout (`compmap check … | head -1`) is a normal end: the reader has what it wanted, and
//! the command stops with 0, as ripgrep does.

pub mod check;
pub mod convert;
pub mod diff;
pub mod history;
pub mod import;
pub mod logger;
pub mod serve;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "compmap",
    version,
    about = "Turn competency-standard documents (职业能力标准) into spreadsheets and validation reports"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Trace the parser's decisions on stderr (as does setting COMPMAP_DEBUG).
    #[arg(long, global = true, hide = true)]
    debug: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Convert PDFs or text dumps into CSV, XLSX and JSON files.
    Convert(convert::Args),
    /// Compare two revisions of a standard and write what changed.
    Diff(diff::Args),
    /// Validate inputs and print their findings.
    Check(check::Args),
    /// Serve a local web page to convert and compare standards (docs/SERVE.md).
    Serve(serve::Args),
    /// History of each programme across its revisions (from a database or files).
    History(history::Args),
    /// Load the JSON outputs of earlier runs into a database (merge shards).
    Import(import::Args),
}

/// How a command ended; [`Status::code`] is the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything asked was done (findings do not fail `convert`). Also a closed stdout.
    Success,
    /// `check` found findings at or above `--deny`.
    Denied,
    /// An input could not be read or an output not written (reported on stderr).
    Failed,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Denied => 1,
            Status::Failed => 2,
        }
    }
}

/// The status of a run that stopped on `err`. Every error of the library means that an
/// input could not be read or an output not written; the match is exhaustive so that a new
/// variant makes its author decide.
pub fn exit_code(err: &compmap::Error) -> Status {
    use compmap::Error as E;
    match err {
        E::Io { .. }
        | E::Empty { .. }
        | E::NotText { .. }
        | E::BadOriginal { .. }
        | E::ConvertFirst { .. }
        | E::DamagedUtf8 { .. }
        | E::Encrypted { .. }
        | E::NoTextLayer { .. }
        | E::OcrRenderer { .. }
        | E::CorruptPdf { .. }
        | E::UnsupportedCmap { .. }
        | E::NoCourseTable { .. }
        | E::NoCourseTableOcr { .. }
        | E::Directory { .. }
        | E::Timeout { .. }
        | E::LimitExceeded { .. }
        | E::Thread { .. }
        | E::ThreadPool { .. }
        | E::Internal { .. }
        | E::BadStem { .. }
        | E::Csv { .. }
        | E::Xlsx { .. }
        | E::Store { .. }
        | E::OcrModel { .. }
        | E::Write { .. } => Status::Failed,
    }
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The library failed: reported as `error: …`, with the error's sources.
    Error(compmap::Error),
    /// Writing to stdout failed. A closed pipe is a normal end; anything else is reported.
    Stdout(std::io::Error),
}

impl From<compmap::Error> for Stop {
    fn from(err: compmap::Error) -> Stop {
        Stop::Error(err)
    }
}

/// What a command returns: how it ended, or why it stopped.
pub type Outcome = Result<Status, Stop>;

/// Write `text` to stdout at once. Commands print through this, never `print!` (which
/// panics when the reader has gone away).
pub fn print(text: &str) -> Result<(), Stop> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Stop::Stdout)
}

/// Parse the arguments, run the command, and give the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    logger::init(cli.debug);
    let outcome = match cli.command {
        Command::Convert(args) => convert::run(&args.options()),
        Command::Diff(args) => diff::run(&args.options()),
        Command::Check(args) => check::run(&args.options()),
        Command::Serve(args) => serve::run(&args.options()),
        Command::History(args) => history::run(&args.options()),
        Command::Import(args) => import::run(&args.options()),
    };
    let status = match outcome {
        Ok(status) => status,
        Err(Stop::Stdout(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => Status::Success,
        Err(Stop::Stdout(err)) => {
            eprintln!("error: cannot write to stdout: {err}");
            Status::Failed
        }
        Err(Stop::Error(err)) => {
            eprintln!("error: {}", with_sources(&err));
            exit_code(&err)
        }
    };
    ExitCode::from(status.code())
}

/// `err` followed by its chain of sources, each after `: ` (as `anyhow`'s `{:#}` prints).
fn with_sources(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}
