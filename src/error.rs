//! The library's error type: every variant names the file it is about.
//!
//! Each variant says which input brings it about, so a reader can tell from a message what
//! to fix, and a caller can match on the kind of failure instead of reading text. The
//! `compmap` binary maps every variant to exit code 2 (see `src/cli/mod.rs`).
//!
//! A variant whose message already quotes an inner error keeps it as a plain field
//! (`error`), not as a `source`: the binary prints an error with its chain of sources, and
//! the text would be said twice.

use std::path::PathBuf;
use std::time::Duration;

/// Why an input could not be converted, or an output not written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be opened or read: a missing file, a directory where a file was
    /// expected, no permission.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input has zero bytes.
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    /// The input is neither a PDF (no `%PDF-` header) nor text in an encoding compmap reads
    /// (random bytes, an image, an archive…); `reason` says what was tried.
    #[error("{path}: not a PDF or a text dump ({reason})")]
    NotText { path: PathBuf, reason: String },
    /// A Word document or workbook (DOCX, XLSX, XLS, ODS) that cannot be read: a truncated
    /// or corrupt ZIP archive, a ZIP with no document in it, XML that does not parse or
    /// declares a DTD (entity expansion is refused), a workbook calamine cannot open.
    #[error("{path}: cannot read the Word document or workbook: {reason}")]
    BadOriginal { path: PathBuf, reason: String },
    /// A file compmap does not read but LibreOffice converts: a legacy binary Office file
    /// (`.doc`, `.wps`, `.et`, an `.xls` calamine cannot read) or an ODT. `command` is
    /// the exact command that converts it.
    #[error("{path}: {what}; convert it first: `{command}`")]
    ConvertFirst {
        path: PathBuf,
        what: String,
        command: String,
    },
    /// A text dump that is UTF-8 but for a few damaged byte sequences (a bad copy, a
    /// truncated transfer): the first damaged place is named, as byte offset, line and
    /// column, so a person can repair it. Decoding it in another encoding would give
    /// mojibake.
    #[error(
        "{path}:{line}:{column}: damaged UTF-8: byte offset {offset} holds {bytes}, \
         not a UTF-8 character ({damaged} damaged place(s) in a file of {valid} valid \
         multi-byte characters); repair the character or re-save the file as UTF-8"
    )]
    DamagedUtf8 {
        path: PathBuf,
        /// Byte offset of the first damaged sequence (0-based).
        offset: usize,
        /// Its line (1-based) and column (1-based, in characters).
        line: usize,
        column: usize,
        /// The damaged bytes, in hex.
        bytes: String,
        /// How many damaged sequences the file has.
        damaged: usize,
        /// How many valid multi-byte UTF-8 characters it has (the evidence).
        valid: usize,
    },
    /// A PDF encrypted with a user password (one needed to open it).
    #[error(
        "{path}: the PDF is encrypted with a user password; remove the password and try again"
    )]
    Encrypted { path: PathBuf },
    /// A PDF without any text to read: a scan, or pages made only of images.
    #[error("{path}: the PDF has no text layer (a scan?): run OCR on it first")]
    NoTextLayer { path: PathBuf },
    /// A page to be read by OCR could not be rendered to an image: the renderer
    /// (`pdftoppm`, Debian package poppler-utils) is missing or failed on the page.
    #[error("{path}: page {page} could not be rendered for OCR: {reason}")]
    OcrRenderer {
        path: PathBuf,
        page: u32,
        reason: String,
    },
    /// A PDF whose structure cannot be read: truncated, a broken cross-reference table, a
    /// stream that does not decode.
    #[error("{path}: corrupt or unreadable PDF: {reason}")]
    CorruptPdf { path: PathBuf, reason: String },
    /// A PDF whose text is all in fonts with a predefined CMap compmap cannot decode (and
    /// no `ToUnicode` map): nothing can be read. `page` is the first such page (1-based),
    /// `cmaps` the names of the CMaps on it.
    #[error(
        "{path}: page {page}: the text is in fonts with the predefined CMap {}, which compmap \
         cannot decode and no ToUnicode map covers; no text can be read",
        cmaps.join(", ")
    )]
    UnsupportedCmap {
        path: PathBuf,
        page: u32,
        cmaps: Vec<String>,
    },
    /// A readable input with no course table: no title like `1.专业核心课：《…》课程与能力对接表`
    /// followed by a table with rows (any other document, or a table compmap cannot place).
    #[error("{path}: no course table found (expected a title like `1.专业核心课：《…》课程与能力对接表` followed by a table headed 工作项目 工作任务 职业能力)")]
    NoCourseTable { path: PathBuf },
    /// No course table in a document some of whose pages were read by OCR (a scan): what
    /// was read holds none, or the scan is too poor to read one.
    #[error("{path}: no course table found in the text read by OCR from its page images (a scan of something else, or too poor to read; `--ocr never` refuses scans instead)")]
    NoCourseTableOcr { path: PathBuf },
    /// A directory on the command line that gives nothing to convert: it, or one of its
    /// subdirectories, cannot be listed, or it holds no `.pdf` or `.txt` file. `reason` says
    /// which, naming the directory concerned (which may be below `path`).
    #[error("{reason}")]
    Directory { path: PathBuf, reason: String },
    /// A conversion still running after the per-file time limit (`convert --timeout`): a
    /// very large or pathological input.
    #[error(
        "{path}: gave up after {:.0} s (the per-file time limit, --timeout): the file is very large or malformed",
        limit.as_secs_f64()
    )]
    Timeout { path: PathBuf, limit: Duration },
    /// An input over one of compmap's limits on memory and time (see `docs/GUARANTEES.md`):
    /// a file bigger than `--max-input-size`, a stream that inflates past its share, a page
    /// drawing more than a page can hold. `what` says what was measured, `limit` the limit
    /// it went over. Hostile files (decompression bombs) end here instead of taking the
    /// memory of the machine.
    #[error("{path}: {what} is over compmap's limit of {limit}: the file is malformed, hostile, or larger than compmap reads")]
    LimitExceeded {
        path: PathBuf,
        what: String,
        limit: String,
    },
    /// The operating system refused a thread to convert `path` on (resource limits).
    #[error("{path}: cannot start a worker thread: {source}")]
    Thread {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The thread pool of a batch cannot start with `jobs` threads; `path` is the output
    /// folder of the batch.
    #[error("{path}: cannot start {jobs} worker threads: {error}")]
    ThreadPool {
        path: PathBuf,
        jobs: usize,
        error: rayon::ThreadPoolBuildError,
    },
    /// compmap panicked while converting `path`: a bug, whatever the input. `detail` is the
    /// panic's message when there is one.
    #[error(
        "{path}: internal error while converting (a bug, please report it){}",
        detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
    )]
    Internal {
        path: PathBuf,
        detail: Option<String>,
    },
    /// An output stem that cannot name files (empty, `.`, `..`, or holding a path
    /// separator), given to [`crate::export::write_with`].
    #[error("{path}: `{stem}` cannot be the stem of output file names")]
    BadStem { path: PathBuf, stem: String },
    /// A CSV table could not be built (`path` names the table being written).
    #[error("{path}: {error}")]
    Csv { path: PathBuf, error: csv::Error },
    /// A workbook could not be built, e.g. more rows than a sheet holds (`path` names the
    /// workbook being written).
    #[error("{path}: {error}")]
    Xlsx {
        path: PathBuf,
        error: rust_xlsxwriter::XlsxError,
    },
    /// The database of `--format sqlite`, `import` or `history` cannot be used: not a
    /// compmap database, a newer schema, or an SQLite error while storing a document
    /// (`reason` says which and what was left untouched).
    #[error("{path}: {reason}")]
    Store { path: PathBuf, reason: String },
    /// The OCR recognition model bundled in the binary (`path` names it) cannot be loaded
    /// or run: a bug or a damaged build, never the input's fault.
    #[error("{path}: the bundled OCR model cannot be used (a bug, please report it): {reason}")]
    OcrModel { path: PathBuf, reason: String },
    /// An output file or folder cannot be written: no permission, a full disk, a file where
    /// the output folder should be.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
