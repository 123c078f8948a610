//! Batch conversion: many inputs, in parallel, one report.
//!
//! Takes the command line's inputs (files and directories) and [`Options`]; gives a
//! [`Report`] with one [`FileResult`] per file, in input order, and writes each converted
//! standard with [`crate::export::write_with`] plus, when asked, `batch-summary.csv`.
//!
//! - [`expand`] turns directories into their `.pdf`, `.txt`, `.docx`, `.xlsx`, `.xls` and
//!   `.ods` files (extension in any case), recursively, sorted by path. Hidden entries (name starting with `.`, such as the
//!   `._name.pdf` files macOS leaves on shared drives) are skipped. A file named on the
//!   command line is taken whatever its extension: content decides what it is. A dangling
//!   `.pdf`/`.txt` link is taken too, and fails naming itself.
//! - An output folder that cannot be created fails the batch once, before any file is
//!   converted.
//! - [`stems`] names the outputs: the file stem, or, when several inputs share a stem,
//!   `<stem>-<ext>` if that tells them apart, else `<parent dir>-<stem>` (then `-<ext>`
//!   if still needed), and a last resort `-2`, `-3`… suffix in input order. Stems are compared ignoring case, as on case-insensitive file systems.
//! - Files run on a rayon pool of `jobs` threads. Results are collected in input order and
//!   every output file depends only on its input, so the outputs do not depend on `jobs`;
//!   only the `seconds` column of the summary does.
//! - A failing file is reported and the others go on; a panic while converting one file is
//!   caught and reported as that file's failure (it is a bug, and says so). With
//!   [`Options::timeout`], a file still converting after the limit is given up the same way.
//! - A failure keeps its [`Error`], so a caller can tell a timeout from a corrupt PDF
//!   without reading the message.

use crate::error::{Error, Result};
use crate::export::{self, ExportOptions, Format};
use crate::model::{Severity, Standard};
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

/// Name of the batch summary written in the output folder.
pub const SUMMARY_FILE: &str = "batch-summary.csv";

/// Columns of `batch-summary.csv`.
pub const SUMMARY_COLUMNS: [&str; 9] = [
    "file", "status", "courses", "rows", "errors", "warnings", "seconds", "output", "reason",
];

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Folder the outputs (and the summary) go to.
    pub out_dir: PathBuf,
    pub formats: Vec<Format>,
    /// Options of the formats that take some.
    pub export: ExportOptions,
    /// Worker threads; 0 means one per core (or `RAYON_NUM_THREADS` when set). More than
    /// the machine's cores are capped ([`capped_jobs`]).
    pub jobs: usize,
    /// Write `batch-summary.csv` into `out_dir`.
    pub write_summary: bool,
    /// Give up on a file still converting after this long ([`Error::Timeout`]); `None`
    /// waits for every file.
    pub timeout: Option<Duration>,
    /// Revision label of documents whose title has no year, for `--format sqlite`
    /// ([`crate::store::labels`]); without it, the input's folder name.
    pub revision: Option<String>,
}

/// One file to convert, or an input that yields nothing to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// Why this input cannot be converted before even reading it (an unreadable or empty
    /// directory), naming the directory: it becomes an [`Error::Directory`].
    pub problem: Option<String>,
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct FileResult {
    pub path: PathBuf,
    /// Stem the outputs were written under.
    pub stem: String,
    pub outcome: Outcome,
    /// Wall-clock time spent on the file.
    pub seconds: f64,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Converted(Converted),
    /// Why the file was not converted; the error names the file. Shared, so a report can
    /// be cloned.
    Failed(Arc<Error>),
}

/// Two failures are equal when they say the same thing ([`Error`] holds I/O errors, which
/// have no equality of their own).
impl PartialEq for Outcome {
    fn eq(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Converted(a), Outcome::Converted(b)) => a == b,
            (Outcome::Failed(a), Outcome::Failed(b)) => a.to_string() == b.to_string(),
            _ => false,
        }
    }
}

/// Counts for a converted file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Converted {
    pub courses: usize,
    pub rows: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Files written, in the exporter's order.
    pub written: Vec<PathBuf>,
}

impl FileResult {
    pub fn converted(&self) -> Option<&Converted> {
        match &self.outcome {
            Outcome::Converted(c) => Some(c),
            Outcome::Failed(_) => None,
        }
    }

    /// Why the file failed, if it did.
    pub fn error(&self) -> Option<&Error> {
        match &self.outcome {
            Outcome::Failed(error) => Some(error),
            Outcome::Converted(_) => None,
        }
    }

    /// The message of [`FileResult::error`]: what the CLI prints and the summary's `reason`.
    pub fn failure(&self) -> Option<String> {
        self.error().map(Error::to_string)
    }
}

/// Progress of a batch, for a progress bar. Events come from the worker threads.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    Started {
        index: usize,
        total: usize,
        path: &'a Path,
    },
    Finished {
        index: usize,
        total: usize,
        result: &'a FileResult,
    },
}

/// Results of a batch, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub files: Vec<FileResult>,
    /// Path of `batch-summary.csv`, when written.
    pub summary: Option<PathBuf>,
    /// Path of the database, with `--format sqlite`.
    pub database: Option<PathBuf>,
    /// What the database writer has to say: stored documents replaced by other files.
    pub notes: Vec<String>,
}

impl Report {
    pub fn converted(&self) -> impl Iterator<Item = &Converted> {
        self.files.iter().filter_map(FileResult::converted)
    }

    pub fn failed(&self) -> impl Iterator<Item = &FileResult> {
        self.files.iter().filter(|f| f.error().is_some())
    }

    pub fn rows(&self) -> usize {
        self.converted().map(|c| c.rows).sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.converted()
            .map(|c| match severity {
                Severity::Error => c.errors,
                Severity::Warning => c.warnings,
            })
            .sum()
    }
}

/// Expand the command line's inputs into the files to convert, in a stable order: inputs
/// in the order given, each directory's files sorted by path. A file reached twice is
/// kept once, at its first place.
pub fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |out: &mut Vec<Input>, input: Input| {
        let key = std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone());
        if input.problem.is_some() || seen.insert(key) {
            out.push(input);
        }
    };
    for path in inputs {
        if !path.is_dir() {
            // Missing or unreadable files are left for the converter to report.
            push(
                &mut out,
                Input {
                    path: path.clone(),
                    problem: None,
                },
            );
            continue;
        }
        let mut files = Vec::new();
        let mut visited = HashSet::new();
        if let Err(e) = walk(path, &mut files, &mut visited) {
            push(
                &mut out,
                Input {
                    path: path.clone(),
                    problem: Some(e),
                },
            );
            continue;
        }
        if files.is_empty() {
            push(
                &mut out,
                Input {
                    path: path.clone(),
                    problem: Some(format!(
                        "{}: no .pdf or .txt files (nor .docx, .xlsx, .xls, .ods) in this directory",
                        path.display()
                    )),
                },
            );
            continue;
        }
        files.sort();
        for f in files {
            push(
                &mut out,
                Input {
                    path: f,
                    problem: None,
                },
            );
        }
    }
    out
}

/// Collect the files under `dir` with one of [`INPUT_EXTENSIONS`]. Symbolic links are followed, but each
/// directory is entered once, so a link loop ends.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
) -> std::result::Result<(), String> {
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(real) {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read directory: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: cannot read directory: {e}", dir.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files, visited)?;
        } else if path.is_file() && has_input_extension(&path) {
            // Only regular files: a FIFO or a device named `*.txt` would block the read.
            files.push(path);
        } else if has_input_extension(&path) && dangling(&path) {
            // A link to nothing is taken, so that the converter reports it ("No such file")
            // rather than the file going missing without a word.
            files.push(path);
        }
    }
    Ok(())
}

/// Whether `path` is a symbolic link whose target does not exist.
fn dangling(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err()
}

/// The extensions a directory walk takes: PDFs, text dumps, Word documents and workbooks
/// (content still decides what a file is).
const INPUT_EXTENSIONS: [&str; 6] = ["pdf", "txt", "docx", "xlsx", "xls", "ods"];

fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| {
            let e = e.to_string_lossy();
            INPUT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x))
        })
        .unwrap_or(false)
}

/// Output stems for `paths`, unique ignoring case (see the module docs for the rule).
pub fn stems(paths: &[PathBuf]) -> Vec<String> {
    let base: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "input".to_string())
        })
        .collect();
    let parent: Vec<Option<String>> = paths.iter().map(|p| parent_name(p)).collect();
    let ext: Vec<Option<String>> = paths
        .iter()
        .map(|p| {
            p.extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .filter(|e| !e.is_empty())
        })
        .collect();

    let mut names = base;
    // Round one: the extension tells the files apart when it differs within the group
    // (`a.pdf`, `a.txt`), else the parent folder does (`2023/a.pdf`, `2024/a.pdf`).
    // Round two: the extension, for what the parent left equal (`2024/a.pdf`, `2024/A.txt`).
    for round in 0..2 {
        for group in collisions(&names) {
            let exts: HashSet<Option<&String>> = group.iter().map(|&i| ext[i].as_ref()).collect();
            let by_ext = exts.len() == group.len();
            for i in group {
                if by_ext {
                    if let Some(e) = &ext[i] {
                        names[i] = format!("{}-{e}", names[i]);
                    }
                } else if round == 0 {
                    if let Some(p) = &parent[i] {
                        names[i] = format!("{p}-{}", names[i]);
                    }
                }
            }
        }
    }

    let mut used = HashSet::new();
    names
        .into_iter()
        .map(|n| {
            let mut candidate = n.clone();
            let mut k = 2;
            while !used.insert(candidate.to_lowercase()) {
                candidate = format!("{n}-{k}");
                k += 1;
            }
            candidate
        })
        .collect()
}

/// Indices of names equal ignoring case, groups of two or more, in first-index order.
fn collisions(names: &[String]) -> Vec<Vec<usize>> {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        groups.entry(n.to_lowercase()).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    groups
}

/// Name of the folder holding `path` (the current folder's name for a bare file name).
fn parent_name(path: &Path) -> Option<String> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let named = parent
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(&parent)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        });
    named.filter(|n| !n.is_empty() && n != "..")
}

/// A converter: reads, parses and validates one file. [`crate::convert_file`] in [`run`];
/// tests give [`run_with`] a fake. `'static` so that, under [`Options::timeout`], it can run
/// on a thread of its own.
pub type Convert = dyn Fn(&Path) -> Result<Standard> + Sync;

/// Convert every input with [`crate::convert_file`] and write it with
/// [`crate::export::write_with`], as `options` say (threads, formats, time limit, summary).
/// Errors only when the thread pool cannot start or the summary cannot be written; a file's
/// failure is in its [`FileResult`].
pub fn run(
    inputs: &[PathBuf],
    options: &Options,
    progress: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Report> {
    run_with(inputs, options, progress, &crate::convert_file)
}

/// Convert `path` on a thread of its own, waiting at most `limit`: past it, the file is
/// given up ([`Error::Timeout`]). The thread is left to finish in the background (it ends
/// with the process); nothing of it is written, because writing comes after converting.
pub fn convert_within(path: &Path, limit: Duration) -> Result<Standard> {
    within(path, limit, &crate::convert_file)
}

fn within(path: &Path, limit: Duration, convert: &'static Convert) -> Result<Standard> {
    run_within(path, Some(limit), convert)
}

/// `work(path)` on a thread of its own, waiting at most `limit` (`None`: no limit, run
/// here): past it, [`Error::Timeout`] naming `path`, and the thread is left to finish in
/// the background. What `check` and `diff` read their inputs with, as `convert` does
/// ([`Options::timeout`]), so a FIFO or a pathological file cannot block them forever.
pub fn run_within<T: Send + 'static>(
    path: &Path,
    limit: Option<Duration>,
    work: impl FnOnce(&Path) -> Result<T> + Send + 'static,
) -> Result<T> {
    use std::sync::mpsc::{channel, RecvTimeoutError};
    let Some(limit) = limit else {
        return work(path);
    };
    let (tx, rx) = channel();
    let owned = path.to_path_buf();
    std::thread::Builder::new()
        .name("compmap-convert".into())
        .spawn(move || {
            let _ = tx.send(work(&owned));
        })
        .map_err(|source| Error::Thread {
            path: path.to_path_buf(),
            source,
        })?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(Error::Timeout {
            path: path.to_path_buf(),
            limit,
        }),
        // The converter panicked: its thread ended without sending.
        Err(RecvTimeoutError::Disconnected) => Err(Error::Internal {
            path: path.to_path_buf(),
            detail: None,
        }),
    }
}

/// The number of worker threads for `--jobs requested`: `requested`, but at most the
/// machine's parallelism ([`std::thread::available_parallelism`]), since more threads than
/// cores only add contention (`--jobs 10000` started 10,000 threads and ran 7× slower than
/// `--jobs 2` on 2 cores). 0 stays 0 (one per core). The second value is the cap when
/// `requested` was lowered to it, for the caller to say so.
pub fn capped_jobs(requested: usize) -> (usize, Option<usize>) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if requested > cores {
        (cores, Some(cores))
    } else {
        (requested, None)
    }
}

/// [`run`] with another converter in place of [`crate::convert_file`] (a test's fake).
pub fn run_with(
    inputs: &[PathBuf],
    options: &Options,
    progress: &(dyn Fn(Event<'_>) + Sync),
    convert: &'static Convert,
) -> Result<Report> {
    let inputs = expand(inputs);
    // An output folder that cannot be made fails every file the same way: say it once,
    // before converting anything.
    if !inputs.is_empty() {
        std::fs::create_dir_all(&options.out_dir).map_err(|source| Error::Write {
            path: options.out_dir.clone(),
            source,
        })?;
    }
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let stems = stems(&paths);
    let total = inputs.len();
    // `--format sqlite`: one writer thread; a refused database stops the batch before
    // anything is converted.
    let database = options
        .formats
        .contains(&Format::Sqlite)
        .then(|| options.out_dir.join(crate::store::FILE_NAME));
    let writer = database
        .as_deref()
        .map(crate::store::writer::Writer::start)
        .transpose()?;
    let work = |index: usize| -> FileResult {
        let input = &inputs[index];
        progress(Event::Started {
            index,
            total,
            path: &input.path,
        });
        let start = Instant::now();
        let (outcome, standard) = match &input.problem {
            Some(problem) => (
                Outcome::Failed(Arc::new(Error::Directory {
                    path: input.path.clone(),
                    reason: problem.clone(),
                })),
                None,
            ),
            None => convert_one(&input.path, &stems[index], options, convert),
        };
        if let Some(writer) = &writer {
            match standard {
                Some((standard, digest)) => {
                    let folder = parent_name(&input.path);
                    let hash = digest.unwrap_or_else(|| crate::store::content_hash(&standard));
                    writer.send(
                        index,
                        crate::store::Document::hashed(
                            standard,
                            hash,
                            options.revision.as_deref(),
                            folder.as_deref(),
                        ),
                    );
                }
                None => writer.skip(index),
            }
        }
        let result = FileResult {
            path: input.path.clone(),
            stem: stems[index].clone(),
            outcome,
            seconds: start.elapsed().as_secs_f64(),
        };
        progress(Event::Finished {
            index,
            total,
            result: &result,
        });
        result
    };
    // One file under a time limit converts on a thread of its own anyway ([`run_within`]):
    // a pool would only add threads to start and hand the work over (each hand-over waits
    // for a core on a loaded machine), so it runs here.
    let mut files = if total == 1 && options.timeout.is_some() {
        vec![work(0)]
    } else {
        parallel_map(total, capped_jobs(options.jobs).0, work).map_err(|error| {
            Error::ThreadPool {
                path: options.out_dir.clone(),
                jobs: options.jobs,
                error,
            }
        })?
    };
    let mut notes = Vec::new();
    if let (Some(writer), Some(db)) = (writer, &database) {
        let stored = writer.finish()?;
        notes = stored.notes;
        for (index, error) in stored.failures {
            files[index].outcome = Outcome::Failed(Arc::new(error));
        }
        for f in &mut files {
            if let Outcome::Converted(c) = &mut f.outcome {
                c.written.push(db.clone());
            }
        }
    }
    let summary = if options.write_summary {
        let path = options.out_dir.join(SUMMARY_FILE);
        std::fs::create_dir_all(&options.out_dir).map_err(|source| Error::Write {
            path: options.out_dir.clone(),
            source,
        })?;
        let bytes = summary_csv(&files)?;
        crate::export::atomic::write_atomic(&path, |w| w.write_all(&bytes))?;
        Some(path)
    } else {
        None
    };
    Ok(Report {
        files,
        summary,
        database,
        notes,
    })
}

/// Run `f(0..n)` on a pool of `jobs` threads (0: one per core); results in index order.
/// Each index is its own task, so a few large files do not leave a thread idle.
pub fn parallel_map<T: Send>(
    n: usize,
    jobs: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> std::result::Result<Vec<T>, rayon::ThreadPoolBuildError> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    Ok(pool.install(|| (0..n).into_par_iter().with_max_len(1).map(f).collect()))
}

/// A converted standard the batch stores, with the hash of its JSON output when that was
/// written (else the store computes it).
type Kept = (Standard, Option<String>);

/// Convert and write one file; gives the standard too when the batch stores documents.
fn convert_one(
    path: &Path,
    stem: &str,
    options: &Options,
    convert: &'static Convert,
) -> (Outcome, Option<Kept>) {
    let keep = options.formats.contains(&Format::Sqlite);
    let attempt = catch_unwind(AssertUnwindSafe(|| -> Result<(Converted, Option<Kept>)> {
        let standard = match options.timeout {
            Some(limit) => within(path, limit, convert)?,
            None => convert(path)?,
        };
        let (written, digest) = export::write_with_digest(
            &standard,
            &options.out_dir,
            stem,
            &options.formats,
            &options.export,
        )?;
        let converted = Converted {
            courses: standard.courses.len(),
            rows: standard.mappings.len(),
            errors: standard.count(Severity::Error),
            warnings: standard.count(Severity::Warning),
            written,
        };
        Ok((converted, keep.then_some((standard, digest))))
    }));
    let outcome = match attempt {
        Ok(Ok((converted, standard))) => return (Outcome::Converted(converted), standard),
        Ok(Err(e)) => Outcome::Failed(Arc::new(e)),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Outcome::Failed(Arc::new(Error::Internal {
                path: path.to_path_buf(),
                detail: Some(what),
            }))
        }
    };
    (outcome, None)
}

/// The bytes of `batch-summary.csv`. For a failed file the counts are left empty.
pub fn summary_csv(files: &[FileResult]) -> Result<Vec<u8>> {
    let err = |error: csv::Error| Error::Csv {
        path: PathBuf::from(SUMMARY_FILE),
        error,
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(SUMMARY_COLUMNS).map_err(err)?;
    for f in files {
        let file = f.path.to_string_lossy();
        let seconds = format!("{:.3}", f.seconds);
        let record: Vec<String> = match &f.outcome {
            Outcome::Converted(c) => vec![
                file.into_owned(),
                "converted".into(),
                c.courses.to_string(),
                c.rows.to_string(),
                c.errors.to_string(),
                c.warnings.to_string(),
                seconds,
                f.stem.clone(),
                String::new(),
            ],
            Outcome::Failed(error) => vec![
                file.into_owned(),
                "failed".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                seconds,
                String::new(),
                error.to_string(),
            ],
        };
        w.write_record(&record).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| err(csv::Error::from(e.into_error())))
}
