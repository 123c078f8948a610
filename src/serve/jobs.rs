//! Jobs: what was uploaded, where it lives on disk, and what became of each file.
//!
//! A job is made by one upload (`POST /api/convert` or `POST /api/diff`). Its files are kept
//! under `<data>/<id>/`: the uploads in `in/<n>/<name>` (one folder per upload, so two uploads
//! of the same name cannot meet), the results in `out/`. The id is 128 random bits; the
//! output names are made by the library (`<stem>.xlsx`, …) from a stem that
//! [`crate::batch::stems`] derives from the sanitised upload name ([`safe_name`]), and a file
//! is only ever served when its name is in the job's list of outputs.
//!
//! Conversions run on tokio's blocking pool, never on the executor's threads, each holding
//! one permit of the server's one [`tokio::sync::Semaphore`] (`--jobs` permits): that is the
//! one conversion pool. Each file gets the CLI's per-file time limit
//! ([`crate::batch::convert_within`]).

use crate::batch;
use crate::export::{self, ExportOptions, Format};
use crate::model::{Severity, Standard};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Changes of a diff job given in its JSON (the files hold them all).
pub const DIFF_CHANGES_SHOWN: usize = 2000;
/// Findings per file given in its JSON summary (the files hold them all).
pub const FINDINGS_SHOWN: usize = 500;

/// The formats a conversion writes, in this order: the workbook, the plain and the
/// Excel-ready CSVs, JSON, CASE and the HTML report.
pub fn formats() -> Vec<Format> {
    vec![
        Format::Xlsx,
        Format::Csv,
        Format::CsvExcel,
        Format::Json,
        Format::Case,
        Format::Html,
    ]
}

/// A new job id: 128 random bits from the operating system, as 32 hex digits.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Whether `id` has the shape of a job id (so it can name a folder safely).
pub fn valid_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The upload's name made safe to use as a file name: its last path component, without
/// control characters nor characters that Windows refuses, leading dots and spaces
/// removed, at most 100 characters; `upload` if nothing is left.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .take(100)
        .collect();
    let trimmed = cleaned.trim_start_matches(['.', ' ']).trim_end();
    if trimmed.is_empty() {
        "upload".to_string()
    } else {
        trimmed.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Queued,
    Running,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Output {
    pub name: String,
    pub url: String,
}

/// One uploaded file (or, for a diff, the pair) and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FileJob {
    /// The upload's (sanitised) name; for a diff `<old> → <new>`.
    pub input: String,
    pub state: State,
    pub outputs: Vec<Output>,
    pub summary: Option<serde_json::Value>,
    pub error: Option<String>,
    /// Seconds spent converting, once finished.
    pub seconds: Option<f64>,
}

impl FileJob {
    pub fn queued(input: String) -> FileJob {
        FileJob {
            input,
            state: State::Queued,
            outputs: Vec::new(),
            summary: None,
            error: None,
            seconds: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Convert,
    Diff,
}

#[derive(Debug)]
pub struct Job {
    pub id: String,
    pub kind: Kind,
    pub dir: PathBuf,
    pub files: Vec<FileJob>,
    /// For a diff: the changes (at most [`DIFF_CHANGES_SHOWN`]).
    pub diff: Option<serde_json::Value>,
    pub created: Instant,
    /// When the last file finished.
    pub finished: Option<Instant>,
}

impl Job {
    /// queued while no file has started; running until every file has finished; then
    /// failed if every file failed, else done (a file's own `error` tells which failed).
    pub fn state(&self) -> State {
        let all = |s: State| self.files.iter().all(|f| f.state == s);
        if all(State::Queued) {
            State::Queued
        } else if self
            .files
            .iter()
            .any(|f| matches!(f.state, State::Queued | State::Running))
        {
            State::Running
        } else if all(State::Failed) {
            State::Failed
        } else {
            State::Done
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "job": self.id,
            "kind": self.kind,
            "state": self.state(),
            "files": self.files,
        });
        if let Some(diff) = &self.diff {
            value["diff"] = diff.clone();
        }
        value
    }

    /// The path of output `name`, if the job has an output of exactly that name.
    pub fn output(&self, name: &str) -> Option<PathBuf> {
        self.files
            .iter()
            .flat_map(|f| &f.outputs)
            .any(|o| o.name == name)
            .then(|| self.dir.join("out").join(name))
    }
}

/// What the server shares between requests.
pub struct Shared {
    pub root: PathBuf,
    pub jobs: Mutex<HashMap<String, Job>>,
    /// The one conversion pool's permits (`--jobs`).
    pub pool: Arc<Semaphore>,
    pub timeout: Option<Duration>,
    pub max_upload: u64,
    pub retention: Duration,
}

impl Shared {
    pub fn with_job<T>(&self, id: &str, f: impl FnOnce(&mut Job) -> T) -> Option<T> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get_mut(id).map(f)
    }

    fn set_file(&self, id: &str, index: usize, f: impl FnOnce(&mut FileJob)) {
        self.with_job(id, |job| {
            if let Some(file) = job.files.get_mut(index) {
                f(file);
            }
            if !matches!(job.state(), State::Queued | State::Running) {
                job.finished = Some(Instant::now());
            }
        });
    }

    /// Remove the jobs finished more than the retention time ago, with their files.
    pub fn sweep(&self) {
        let old: Vec<(String, PathBuf)> = {
            let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
            let expired: Vec<String> = jobs
                .values()
                .filter(|j| j.finished.is_some_and(|t| t.elapsed() >= self.retention))
                .map(|j| j.id.clone())
                .collect();
            expired
                .into_iter()
                .filter_map(|id| jobs.remove(&id).map(|j| (id, j.dir)))
                .collect()
        };
        for (id, dir) in old {
            log::debug!("serve: job {id} expired");
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Output entries for the paths written into the job's `out/` folder.
fn outputs(id: &str, written: &[PathBuf]) -> Vec<Output> {
    written
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| {
            let name = n.to_string_lossy().into_owned();
            Output {
                url: format!("/jobs/{id}/{}", encode(&name)),
                name,
            }
        })
        .collect()
}

/// Percent-encode a file name for a URL path segment.
pub fn encode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn summary(standard: &Standard) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = standard
        .findings
        .iter()
        .take(FINDINGS_SHOWN)
        .map(|f| {
            serde_json::json!({
                "severity": f.severity,
                "rule": f.rule,
                "code": f.code,
                "page": f.loc.page,
                "line": f.loc.line,
                "message": f.message,
            })
        })
        .collect();
    serde_json::json!({
        "title": standard.title,
        "courses": standard.courses.len(),
        "rows": standard.mappings.len(),
        "errors": standard.count(Severity::Error),
        "warnings": standard.count(Severity::Warning),
        "findings": findings,
    })
}

/// The error's message with the uploads' paths in the data folder cut to their names:
/// the page shows what went wrong with the file, not where the server keeps it.
fn public(err: &crate::Error, paths: &[&Path]) -> String {
    let mut message = err.to_string();
    for path in paths {
        if let Some(name) = path.file_name() {
            message = message.replace(&*path.to_string_lossy(), &name.to_string_lossy());
        }
    }
    message
}

fn convert(path: &Path, timeout: Option<Duration>) -> crate::Result<Standard> {
    match timeout {
        Some(limit) => batch::convert_within(path, limit),
        None => crate::convert_file(path),
    }
}

/// Run `work` on the blocking pool once a permit of the conversion pool is free; a panic
/// becomes an error message.
async fn on_pool<T: Send + 'static>(
    shared: &Shared,
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let _permit = shared
        .pool
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| "the server is stopping".to_string())?;
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) => Err(format!("internal error (a bug): {e}")),
    }
}

/// Convert file `index` of job `id` (stored at `input`) under `stem`.
pub async fn run_convert(
    shared: Arc<Shared>,
    id: String,
    index: usize,
    input: PathBuf,
    stem: String,
) {
    let out = shared.root.join(&id).join("out");
    let timeout = shared.timeout;
    let start = Instant::now();
    let queued = shared.clone();
    let started = id.clone();
    let result = on_pool(&shared, move || {
        queued.set_file(&started, index, |f| f.state = State::Running);
        let standard = convert(&input, timeout).map_err(|e| public(&e, &[&input]))?;
        let written = export::write_with(
            &standard,
            &out,
            &stem,
            &formats(),
            &ExportOptions::default(),
        )
        .map_err(|e| e.to_string())?;
        Ok((summary(&standard), written))
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    shared.set_file(&id, index, |f| {
        f.seconds = Some(seconds);
        match result {
            Ok((summary, written)) => {
                f.state = State::Done;
                f.summary = Some(summary);
                f.outputs = outputs(&id, &written);
            }
            Err(message) => {
                f.state = State::Failed;
                f.error = Some(message);
            }
        }
    });
}

/// Compare the two revisions of diff job `id`.
pub async fn run_diff(shared: Arc<Shared>, id: String, old: PathBuf, new: PathBuf) {
    let out = shared.root.join(&id).join("out");
    let timeout = shared.timeout;
    let start = Instant::now();
    let queued = shared.clone();
    let started = id.clone();
    let result = on_pool(&shared, move || {
        queued.set_file(&started, 0, |f| f.state = State::Running);
        let (a, b) = (convert(&old, timeout), convert(&new, timeout));
        let (a, b) = match (a, b) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                let errors: Vec<String> = [a.err(), b.err()]
                    .into_iter()
                    .flatten()
                    .map(|e| public(&e, &[&old, &new]))
                    .collect();
                return Err(errors.join("; "));
            }
        };
        let changes = crate::diff::diff(&a, &b);
        let stems = batch::stems(&[old.clone(), new.clone()]);
        let written =
            export::diff::write(&changes, &out, &stems[0], &stems[1]).map_err(|e| e.to_string())?;
        let count = |kind| changes.changes.iter().filter(|c| c.change == kind).count();
        let summary = serde_json::json!({
            "changes": changes.changes.len(),
            "added": count(crate::diff::ChangeType::Added),
            "removed": count(crate::diff::ChangeType::Removed),
            "changed": count(crate::diff::ChangeType::Changed),
        });
        let shown = serde_json::json!({
            "old_source": changes.old_source,
            "new_source": changes.new_source,
            "total": changes.changes.len(),
            "changes": changes.changes.iter().take(DIFF_CHANGES_SHOWN).collect::<Vec<_>>(),
        });
        Ok((summary, shown, written))
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    let mut shown_diff = None;
    shared.set_file(&id, 0, |f| {
        f.seconds = Some(seconds);
        match result {
            Ok((summary, shown, written)) => {
                f.state = State::Done;
                f.summary = Some(summary);
                f.outputs = outputs(&id, &written);
                shown_diff = Some(shown);
            }
            Err(message) => {
                f.state = State::Failed;
                f.error = Some(message);
            }
        }
    });
    if let Some(shown) = shown_diff {
        shared.with_job(&id, |job| job.diff = Some(shown));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("..\\..\\win.ini"), "win.ini");
        assert_eq!(safe_name(".."), "upload");
        assert_eq!(safe_name(""), "upload");
        assert_eq!(safe_name(".hidden.pdf"), "hidden.pdf");
        assert_eq!(safe_name("a\u{0}b<c>.txt"), "abc.txt");
        assert_eq!(safe_name("标准 2025.pdf"), "标准 2025.pdf");
        assert_eq!(safe_name(&"x".repeat(500)).chars().count(), 100);
    }

    #[test]
    fn ids_are_random_and_checked() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert!(valid_id(&a) && valid_id(&b));
        assert!(!valid_id("../x"));
        assert!(!valid_id(&a.to_uppercase()));
    }

    #[test]
    fn encoded_names() {
        assert_eq!(encode("a b.csv"), "a%20b.csv");
        assert_eq!(encode("标.xlsx"), "%E6%A0%87.xlsx");
    }
}
