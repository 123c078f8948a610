//! `compmap import DB <outputs…>`: load the `<stem>.json` outputs of earlier runs (files
//! or folders) into a database, so shards converted on many machines merge in one step
//! ([`compmap::store::import`]).

use super::{Outcome, Status};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The database (created when missing).
    database: PathBuf,
    /// `.json` outputs of `convert`, or folders holding them (searched recursively).
    outputs: Vec<PathBuf>,
    /// Revision label of documents whose title has no year (default: the JSON file's
    /// folder name).
    #[arg(long, value_name = "LABEL")]
    revision: Option<String>,
}

/// What `import` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    pub database: PathBuf,
    pub outputs: Vec<PathBuf>,
    pub revision: Option<String>,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            database: self.database,
            outputs: self.outputs,
            revision: self.revision,
        }
    }
}

pub fn run(options: &Options) -> Outcome {
    let report = compmap::store::import::import(
        &options.database,
        &options.outputs,
        options.revision.as_deref(),
    )?;
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for e in &report.failures {
        eprintln!("error: {e}");
    }
    eprintln!(
        "{} documents imported into {}",
        report.stored,
        options.database.display()
    );
    Ok(if report.failures.is_empty() {
        Status::Success
    } else {
        Status::Failed
    })
}
