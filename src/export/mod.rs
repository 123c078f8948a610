//! Stage 4: write a [`Standard`] out as CSV, XLSX and JSON files.
//!
//! Takes a validated [`Standard`] and gives, for a stem `<stem>`, the files of CONTRACT.md:
//!
//! - CSV: `<stem>.mappings.csv`, `<stem>.courses.csv`, `<stem>.competencies.csv`,
//!   `<stem>.matrix.csv`, `<stem>.findings.csv` ([`mod@csv`]);
//! - XLSX: `<stem>.xlsx`, the same five tables as sheets ([`xlsx`]);
//! - JSON: `<stem>.json`, the whole standard and its findings ([`json`]).
//!
//! The tables are built once, as plain data, by [`tables`]; the CSV and XLSX writers only lay
//! them out, so the two cannot disagree on a column. Every file is written atomically (a
//! temporary file in the same folder, then a rename: [`atomic`]), and the bytes depend only
//! on the `Standard`: the same input gives identical files.

pub mod atomic;
pub mod csv;
pub mod json;
mod table;
pub mod xlsx;

pub use table::{tables, Column, Kind, Table, Value};

use crate::error::{Error, Result};
use crate::model::Standard;
use std::path::{Path, PathBuf};

/// An output format of `convert --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format `{other}` (expected xlsx, csv or json)"
            )),
        }
    }
}

impl Format {
    /// The lower-case name used by `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Write `standard` into `dir` as `<stem>.*` in the given formats; returns the paths written,
/// in the order of `formats` (a format named twice is written once).
///
/// `dir` is created if missing. Stops at the first file that cannot be written; files
/// already written are complete, the failed one is left as it was.
pub fn write(
    standard: &Standard,
    dir: &Path,
    stem: &str,
    formats: &[Format],
) -> Result<Vec<PathBuf>> {
    if stem.is_empty() || stem.contains(['/', '\\']) || stem == "." || stem == ".." {
        return Err(Error::Other {
            path: dir.join(stem),
            message: format!("`{stem}` cannot be the stem of output file names"),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let tables = tables(standard);
    let mut written = Vec::new();
    let mut done = Vec::new();
    for &format in formats {
        if done.contains(&format) {
            continue;
        }
        done.push(format);
        match format {
            Format::Csv => {
                for table in &tables {
                    let path = dir.join(format!("{stem}.{}.csv", table.name));
                    csv::write(table, &path)?;
                    written.push(path);
                }
            }
            Format::Xlsx => {
                let path = dir.join(format!("{stem}.xlsx"));
                xlsx::write(standard, &tables, &path)?;
                written.push(path);
            }
            Format::Json => {
                let path = dir.join(format!("{stem}.json"));
                json::write(standard, &path)?;
                written.push(path);
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_in_format_order_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/sub");
        let paths = write(
            &Standard::default(),
            &out,
            "s",
            &[Format::Json, Format::Csv, Format::Json, Format::Xlsx],
        )
        .unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "s.json",
                "s.mappings.csv",
                "s.courses.csv",
                "s.competencies.csv",
                "s.matrix.csv",
                "s.findings.csv",
                "s.xlsx"
            ]
        );
        for p in &paths {
            assert!(p.is_file(), "{}", p.display());
        }
    }

    #[test]
    fn bad_stem_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for stem in ["", "a/b", ".."] {
            assert!(write(&Standard::default(), dir.path(), stem, &[Format::Csv]).is_err());
        }
    }

    #[test]
    fn format_names_round_trip() {
        for f in [Format::Xlsx, Format::Csv, Format::Json] {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
        }
    }
}
