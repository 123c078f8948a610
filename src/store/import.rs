//! `compmap import`: the `<stem>.json` outputs of earlier runs back into [`Standard`]s,
//! and into a database, so shards converted on many machines merge in one step.
//!
//! The JSON file holds the whole standard (`src/export/json.rs`); the derived parts
//! (`competency_count`, `competencies`) are ignored when reading and rebuilt from the rest.
//! Writing the standard read back gives the same bytes (checked: a file that does not round
//! trip is refused), so its content hash is the one a direct conversion stores.

use super::{Document, Store};
use crate::error::{Error, Result};
use crate::model::{Course, Finding, Mapping, Standard};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct JsonDocument {
    source: String,
    title: String,
    pages: u32,
    courses: Vec<Course>,
    mappings: Vec<Mapping>,
    findings: Vec<Finding>,
}

fn fail(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Read one `<stem>.json` output of `convert`.
pub fn read_json(path: &Path) -> Result<Standard> {
    read_json_hashed(path).map(|(standard, _)| standard)
}

/// [`read_json`], and the SHA-256 (hex) of the file: the standard's
/// [`super::content_hash`], since the file is its JSON byte for byte.
fn read_json_hashed(path: &Path) -> Result<(Standard, String)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let doc: JsonDocument = serde_json::from_slice(&bytes)
        .map_err(|e| fail(path, format!("not a compmap JSON output: {e}")))?;
    let standard = Standard {
        source: doc.source,
        title: doc.title,
        pages: doc.pages,
        courses: doc.courses,
        mappings: doc.mappings,
        findings: doc.findings,
    };
    let mut again = Vec::new();
    let _ = crate::export::json::write_to(&standard, &mut again);
    if again != bytes {
        return Err(fail(
            path,
            "the JSON does not match what compmap writes for its content (edited by hand, or from another version); not imported",
        ));
    }
    let hash = crate::export::json::hex(&Sha256::digest(&bytes));
    Ok((standard, hash))
}

/// The `.json` outputs named by `inputs`: files as given, folders searched recursively for
/// `*.json` (not `*.case.json`, not hidden), sorted by path.
pub fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if name.ends_with(".json") && !name.ends_with(".case.json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    out
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub stored: usize,
    pub notes: Vec<String>,
    pub failures: Vec<Error>,
}

/// Import the JSON outputs `inputs` (files or folders) into the database at `db`, each
/// document in its own transaction, in path order. `revision` labels documents whose title
/// has no year; without it, the JSON file's folder name does.
pub fn import(db: &Path, inputs: &[PathBuf], revision: Option<&str>) -> Result<Report> {
    let mut store = Store::open(db)?;
    let mut report = Report::default();
    for path in expand(inputs) {
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let stored = read_json_hashed(&path).and_then(|(standard, hash)| {
            store.put(&Document::hashed(
                standard,
                hash,
                revision,
                folder.as_deref(),
            ))
        });
        match stored {
            Ok(note) => {
                report.stored += 1;
                report.notes.extend(note);
            }
            Err(e) => report.failures.push(e),
        }
    }
    store.checkpoint()?;
    Ok(report)
}
