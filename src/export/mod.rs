//! Stage 4: write a [`Standard`] out as CSV, XLSX and JSON files, and on request CASE.
//!
//! Takes a validated [`Standard`] and gives, for a stem `<stem>`, the files of CONTRACT.md:
//!
//! - CSV: `<stem>.mappings.csv`, `<stem>.courses.csv`, `<stem>.competencies.csv`,
//!   `<stem>.matrix.csv`, `<stem>.findings.csv` ([`mod@csv`]);
//! - XLSX: `<stem>.xlsx`, the same five tables as sheets ([`xlsx`]);
//! - JSON: `<stem>.json`, the whole standard and its findings ([`json`]);
//! - CASE: `<stem>.case.json`, a CASE 1.0 `CFPackage` ([`case`]), only when asked for;
//! - HTML: `<stem>.html`, a self-contained report for reading and printing
//!   ([`crate::report::html`]), only when asked for;
//! - CSV for spreadsheets: `<stem>.<table>.excel.csv` ([`csv::write_excel`]), only when
//!   asked for (`csv-excel`); the plain CSVs stay exact for scripts.
//!
//! The tables are built once, as plain data, by [`tables`]; the CSV and XLSX writers only lay
//! them out, so the two cannot disagree on a column. Every file is written atomically (a
//! temporary file in the same folder, then a rename: [`atomic`]), and the bytes depend only
//! on the `Standard`: the same input gives identical files.

pub mod atomic;
pub mod case;
pub mod csv;
pub mod diff;
pub mod history;
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
    /// CASE 1.0 package (`<stem>.case.json`); not among the defaults.
    Case,
    /// The HTML report (`<stem>.html`); not among the defaults.
    Html,
    /// The five tables as `<stem>.<table>.excel.csv` for spreadsheets: UTF-8 with BOM,
    /// formula-like cells neutralised ([`csv::excel_cell`]); not among the defaults.
    CsvExcel,
    /// One database for the whole run, `compmap.sqlite` ([`crate::store`]); written by
    /// the batch (or the caller), not per file, so [`write_with`] passes over it.
    Sqlite,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "case" => Ok(Format::Case),
            "html" => Ok(Format::Html),
            "csv-excel" => Ok(Format::CsvExcel),
            "sqlite" => Ok(Format::Sqlite),
            other => Err(format!(
                "unknown format `{other}` (expected xlsx, csv, json, case, html, csv-excel or sqlite)"
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
            Format::Case => "case",
            Format::Html => "html",
            Format::CsvExcel => "csv-excel",
            Format::Sqlite => "sqlite",
        }
    }
}

/// Options of the formats that take some; [`Default`] gives what [`write()`] uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub case: case::CaseOptions,
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
    write_with(standard, dir, stem, formats, &ExportOptions::default())
}

/// Like [`write()`], with options for the formats that take some.
pub fn write_with(
    standard: &Standard,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    options: &ExportOptions,
) -> Result<Vec<PathBuf>> {
    Ok(write_with_digest(standard, dir, stem, formats, options)?.0)
}

/// Like [`write_with()`]; when `formats` has both [`Format::Json`] and [`Format::Sqlite`],
/// also gives the SHA-256 (hex) of the JSON written (= [`json::digest`], the store's
/// `content_hash`), hashed on the way out so that the store need not serialise the
/// standard a second time.
pub fn write_with_digest(
    standard: &Standard,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    options: &ExportOptions,
) -> Result<(Vec<PathBuf>, Option<String>)> {
    let want_digest = formats.contains(&Format::Sqlite);
    let mut digest = None;
    if stem.is_empty() || stem.contains(['/', '\\']) || stem == "." || stem == ".." {
        return Err(Error::BadStem {
            path: dir.join(stem),
            stem: stem.to_string(),
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
            // The tables' files are synced together ([`atomic::AtomicSet`]).
            Format::Csv => {
                let mut set = atomic::AtomicSet::default();
                for table in &tables {
                    let path = dir.join(format!("{stem}.{}.csv", table.name));
                    set.add(&path, |out| csv::write_to(table, out))?;
                    written.push(path);
                }
                set.commit()?;
            }
            Format::CsvExcel => {
                let mut set = atomic::AtomicSet::default();
                for table in &tables {
                    let path = dir.join(format!("{stem}.{}.excel.csv", table.name));
                    set.add(&path, |out| csv::write_excel_to(table, out))?;
                    written.push(path);
                }
                set.commit()?;
            }
            Format::Xlsx => {
                let path = dir.join(format!("{stem}.xlsx"));
                xlsx::write(standard, &tables, &path)?;
                written.push(path);
            }
            Format::Json => {
                let path = dir.join(format!("{stem}.json"));
                if want_digest {
                    digest = Some(json::write_digest(standard, &path)?);
                } else {
                    json::write(standard, &path)?;
                }
                written.push(path);
            }
            Format::Case => {
                let path = dir.join(format!("{stem}.case.json"));
                case::write(standard, &options.case, &path)?;
                written.push(path);
            }
            Format::Html => {
                let path = dir.join(format!("{stem}.html"));
                let html = crate::report::html::render(standard);
                atomic::write_atomic(&path, |out| out.write_all(html.as_bytes()))?;
                written.push(path);
            }
            // One database for all files: the batch's writer stores the document.
            Format::Sqlite => {}
        }
    }
    Ok((written, digest))
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
            &[
                Format::Json,
                Format::Csv,
                Format::Json,
                Format::Xlsx,
                Format::Html,
            ],
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
                "s.xlsx",
                "s.html"
            ]
        );
        for p in &paths {
            assert!(p.is_file(), "{}", p.display());
        }
    }

    #[test]
    fn case_is_asked_for_and_named_case_json() {
        let dir = tempfile::tempdir().unwrap();
        let paths = write(&Standard::default(), dir.path(), "s", &[Format::Case]).unwrap();
        assert_eq!(paths, [dir.path().join("s.case.json")]);
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&paths[0]).unwrap()).unwrap();
        assert!(v["CFDocument"]["identifier"].is_string());
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
        for f in [
            Format::Xlsx,
            Format::Csv,
            Format::Json,
            Format::Case,
            Format::Html,
            Format::CsvExcel,
            Format::Sqlite,
        ] {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
        }
    }
}
