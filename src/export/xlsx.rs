//! The XLSX workbook: one sheet per [`Table`], the same header and rows as the CSV files.
//!
//! Codes and all text are text cells (`01` stays `01`); numbers (course numbers, pages,
//! lines, counts, matrix marks) are number cells. Each sheet has a bold frozen header row,
//! an autofilter and column widths from the content (CJK characters count double), capped,
//! with long text wrapped. The bytes depend only on the tables: the document's creation
//! time is fixed, and rust_xlsxwriter stamps every zip entry with the same 1980 date.

use super::atomic::write_atomic;
use super::table::{Kind, Table, Value};
use crate::error::{Error, Result};
use crate::model::Standard;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, IgnoreError, Workbook, Worksheet, XlsxError,
};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Write `tables` as a workbook to `path` atomically.
pub fn write(standard: &Standard, tables: &[Table], path: &Path) -> Result<()> {
    let bytes = to_bytes(standard, tables).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    write_atomic(path, |out| out.write_all(&bytes))
}

/// The workbook's bytes.
pub fn to_bytes(standard: &Standard, tables: &[Table]) -> std::io::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(std::io::Error::other)?;
    // A fixed date instead of "now", so that the same input gives the same bytes.
    let props = DocProperties::new()
        .set_title(&standard.title)
        .set_comment(format!("compmap, from {}", standard.source))
        .set_creation_datetime(&created);
    book.set_properties(&props);
    for table in tables {
        let sheet = book.add_worksheet();
        fill(sheet, table)
            .map_err(|e| std::io::Error::other(format!("sheet {}: {e}", table.sheet)))?;
    }
    book.save_to_buffer().map_err(std::io::Error::other)
}

/// Widest a column gets, in Excel character units, before its text wraps.
fn cap(kind: Kind) -> f64 {
    match kind {
        Kind::LongText => 60.0,
        Kind::Text => 30.0,
        Kind::Flag => 12.0,
        Kind::Code | Kind::Number => 14.0,
    }
}

/// Display width of the widest line of `s` (a CJK character counts as two).
fn width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn fill(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    sheet.set_name(table.sheet)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    // `@` keeps a code text even when someone edits the cell in Excel.
    let code = top.clone().set_num_format("@");
    let wrapped = top.clone().set_text_wrap();
    let flag = top.clone().set_align(FormatAlign::Center);

    for (c, column) in table.columns.iter().enumerate() {
        let col = col_num(c)?;
        sheet.write_string_with_format(0, col, &column.name, &header)?;
        let natural = table
            .rows
            .iter()
            .map(|row| width(&row[c].as_text()))
            .chain([width(&column.name)])
            .max()
            .unwrap_or(0) as f64
            + 2.0;
        let cap = cap(column.kind);
        sheet.set_column_width(col, natural.clamp(4.0, cap))?;
        let format = match column.kind {
            Kind::Code => &code,
            Kind::Flag => &flag,
            _ if natural > cap => &wrapped,
            _ => &top,
        };
        for (r, row) in table.rows.iter().enumerate() {
            let row_num = row_num(r + 1)?;
            match &row[c] {
                Value::Text(s) if s.is_empty() => {}
                Value::Text(s) => {
                    sheet.write_string_with_format(row_num, col, s, format)?;
                }
                Value::Number(n) => {
                    sheet.write_number_with_format(row_num, col, *n as f64, format)?;
                }
                Value::Empty => {}
            }
        }
    }

    let last_row = row_num(table.rows.len())?;
    let last_col = col_num(table.columns.len().saturating_sub(1))?;
    sheet.set_freeze_panes(1, table.key_columns)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    if !table.rows.is_empty() {
        // Codes such as `01` are text on purpose; Excel would flag every one of them.
        sheet.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

fn row_num(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)
}

fn col_num(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("商务"), 4);
        assert_eq!(width("abc\n商务英语"), 8);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn same_bytes_twice() {
        let standard = Standard {
            title: "t".into(),
            ..Default::default()
        };
        let tables = super::super::tables(&standard);
        let a = to_bytes(&standard, &tables).unwrap();
        let b = to_bytes(&standard, &tables).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }
}
