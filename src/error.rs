//! The library's error type: every variant names the file it is about.

use std::path::PathBuf;

/// Why an input could not be converted. Each maps to exit code 2 in the CLI.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: not a PDF or a text dump ({reason})")]
    NotText { path: PathBuf, reason: String },
    #[error(
        "{path}: the PDF is encrypted with a user password; remove the password and try again"
    )]
    Encrypted { path: PathBuf },
    #[error("{path}: the PDF has no text layer (a scan?): run OCR on it first")]
    NoTextLayer { path: PathBuf },
    #[error("{path}: corrupt or unreadable PDF: {reason}")]
    CorruptPdf { path: PathBuf, reason: String },
    #[error("{path}: no course table found (expected a title like `1.专业核心课：《…》课程与能力对接表` followed by a table headed 工作项目 工作任务 职业能力)")]
    NoCourseTable { path: PathBuf },
    #[error("{path}: {message}")]
    Other { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
