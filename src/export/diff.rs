//! Write a [`Diff`] out: `<old-stem>--<new-stem>.diff.csv` and `.diff.xlsx`.
//!
//! Takes the [`Diff`] computed by [`crate::diff::diff`]; gives the two files of CONTRACT.md
//! ("Files written by diff"), one row per change with the columns [`COLUMNS`]. The workbook
//! has an `all changes` sheet, then one sheet per [`Kind`]. Both are written atomically and
//! their bytes depend only on the diff. On request ([`write_with`], `diff --format
//! csv-excel`) also `<old-stem>--<new-stem>.diff.excel.csv`, the CSV for spreadsheets (BOM,
//! formula-like cells neutralised, as [`super::csv::excel_cell`]). Control characters in the
//! workbook are stored as `_xHHHH_`, as in [`super::xlsx`].

use super::atomic::write_atomic;
use super::Format as ExportFormat;
use crate::diff::{Change, Diff, Kind};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Column headers of the diff CSV and of every diff sheet, in the contract's order.
pub const COLUMNS: [&str; 7] = ["change", "kind", "course", "code", "field", "old", "new"];

/// The cells of one change, in [`COLUMNS`] order.
pub(crate) fn cells(c: &Change) -> [&str; 7] {
    [
        c.change.as_str(),
        c.kind.as_str(),
        &c.course,
        &c.code,
        &c.field,
        &c.old,
        &c.new,
    ]
}

/// Name of the XLSX sheet listing changes of `kind`.
fn sheet_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "courses",
        Kind::Project => "projects",
        Kind::Task => "tasks",
        Kind::Competency => "competencies",
        Kind::Mapping => "mappings",
    }
}

/// File stem of a diff report: `<old-stem>--<new-stem>`.
pub fn report_stem(old_stem: &str, new_stem: &str) -> String {
    format!("{old_stem}--{new_stem}")
}

/// Write `DIR/<old-stem>--<new-stem>.diff.csv` and `.diff.xlsx`, each atomically; returns
/// the paths written (CSV first). `dir` is created when missing.
pub fn write(diff: &Diff, dir: &Path, old_stem: &str, new_stem: &str) -> Result<Vec<PathBuf>> {
    write_with(
        diff,
        dir,
        old_stem,
        new_stem,
        &[ExportFormat::Csv, ExportFormat::Xlsx],
    )
}

/// The formats a diff can be written in.
pub const FORMATS: [ExportFormat; 3] = [
    ExportFormat::Csv,
    ExportFormat::Xlsx,
    ExportFormat::CsvExcel,
];

/// Like [`write`], in the given formats (each once, in their order): `csv` gives
/// `.diff.csv`, `xlsx` `.diff.xlsx`, `csv-excel` `.diff.excel.csv`. Formats not in
/// [`FORMATS`] have nothing to write for a diff and are passed over (`compmap diff`
/// refuses them when parsing its arguments).
pub fn write_with(
    diff: &Diff,
    dir: &Path,
    old_stem: &str,
    new_stem: &str,
    formats: &[ExportFormat],
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let stem = report_stem(old_stem, new_stem);
    let mut written: Vec<PathBuf> = Vec::new();
    let mut done = Vec::new();
    for &format in formats {
        if done.contains(&format) {
            continue;
        }
        done.push(format);
        let (path, bytes) = match format {
            ExportFormat::Csv => (dir.join(format!("{stem}.diff.csv")), to_csv(diff)?),
            ExportFormat::Xlsx => (dir.join(format!("{stem}.diff.xlsx")), to_xlsx(diff)?),
            ExportFormat::CsvExcel => (
                dir.join(format!("{stem}.diff.excel.csv")),
                to_excel_csv(diff)?,
            ),
            _ => continue,
        };
        write_atomic(&path, |w| w.write_all(&bytes))?;
        written.push(path);
    }
    Ok(written)
}

/// The diff CSV's bytes: UTF-8, header row, RFC 4180 quoting, `\n` line ends.
pub fn to_csv(diff: &Diff) -> Result<Vec<u8>> {
    csv_bytes(diff, Vec::new(), |s| Cow::Borrowed(s))
}

/// The diff CSV for spreadsheets: a BOM, then [`to_csv`]'s rows with every cell through
/// [`super::csv::excel_cell`].
pub fn to_excel_csv(diff: &Diff) -> Result<Vec<u8>> {
    csv_bytes(diff, super::csv::BOM.to_vec(), super::csv::excel_cell)
}

fn csv_bytes(
    diff: &Diff,
    start: Vec<u8>,
    cell: impl for<'a> Fn(&'a str) -> Cow<'a, str>,
) -> Result<Vec<u8>> {
    let io = |error: csv::Error| Error::Csv {
        path: PathBuf::from("diff.csv"),
        error,
    };
    let mut w = super::csv::writer(start);
    w.write_record(COLUMNS).map_err(io)?;
    for c in &diff.changes {
        w.write_record(cells(c).map(|s| cell(s).into_owned()))
            .map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| io(csv::Error::from(e.into_error())))
}

/// The diff workbook's bytes: an `all changes` sheet, then one sheet per kind. Every cell
/// is a text cell (codes keep their leading zeros) and the document dates are fixed, so
/// the same diff gives the same bytes.
pub fn to_xlsx(diff: &Diff) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |error: rust_xlsxwriter::XlsxError| Error::Xlsx {
        path: PathBuf::from("diff.xlsx"),
        error,
    };
    let mut book = Workbook::new();
    let title = format!("Changes from {} to {}", diff.old_source, diff.new_source);
    book.set_properties(&super::xlsx::fixed_properties(&title).map_err(err)?);
    let bold = Format::new().set_bold();
    let widths = [10.0, 12.0, 24.0, 12.0, 12.0, 48.0, 48.0];
    let mut sheets: Vec<(&str, Vec<&Change>)> =
        vec![("all changes", diff.changes.iter().collect())];
    for kind in Kind::ALL {
        sheets.push((
            sheet_name(kind),
            diff.changes.iter().filter(|c| c.kind == kind).collect(),
        ));
    }
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(err)?;
        for (col, (header, width)) in COLUMNS.iter().zip(widths).enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(0, col, *header, &bold)
                .map_err(err)?;
            sheet.set_column_width(col, width).map_err(err)?;
        }
        for (i, change) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            for (col, value) in cells(change).iter().enumerate() {
                if !value.is_empty() {
                    sheet.write_string(row, col as u16, *value).map_err(err)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        sheet
            .autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)
            .map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
