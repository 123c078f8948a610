//! CSV files: one per [`Table`], UTF-8 without BOM, comma, `\n` line ends, RFC 4180 quoting
//! (fields with a comma, quote or line break are quoted, quotes doubled), header row first.
//! These are for scripts: every text exactly as in the document.
//!
//! For people who double-click a CSV into Excel or LibreOffice (`--format csv-excel`),
//! [`write_excel`] writes the same table as `<stem>.<table>.excel.csv`, with two changes:
//!
//! - a UTF-8 byte order mark first ([`BOM`]): without it Excel on a Chinese Windows reads
//!   the file as GBK and shows mojibake;
//! - a cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a single quote `'` in front
//!   ([`excel_cell`]), as OWASP advises against CSV injection: a spreadsheet would otherwise
//!   run `=HYPERLINK(…)` or a DDE payload, or show `-2~3天` as `#NAME?`. The quote is
//!   shown in the cell; the text after it is the document's.

use super::atomic::write_atomic;
use super::table::Table;
use crate::error::Result;
use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

/// The UTF-8 byte order mark that starts an Excel CSV.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write `table` to `path` atomically.
pub fn write(table: &Table, path: &Path) -> Result<()> {
    write_atomic(path, |out| write_to(table, out))
}

/// Write `table` to `path` atomically, for spreadsheets: BOM and [`excel_cell`]s.
pub fn write_excel(table: &Table, path: &Path) -> Result<()> {
    write_atomic(path, |out| write_excel_to(table, out))
}

/// Write `table` as CSV into `out`.
pub fn write_to(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    write_cells(table, out, |s| Cow::Borrowed(s))
}

/// Write `table` as an Excel CSV into `out`: [`BOM`], then every cell through [`excel_cell`].
pub fn write_excel_to(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM)?;
    write_cells(table, out, excel_cell)
}

fn write_cells(
    table: &Table,
    out: &mut dyn Write,
    cell: impl for<'a> Fn(&'a str) -> Cow<'a, str>,
) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(table.header().iter().map(|h| cell(h).into_owned()))?;
    for row in &table.rows {
        w.write_record(row.iter().map(|v| cell(&v.as_text()).into_owned()))?;
    }
    w.flush()
}

/// The CSV writer of every compmap CSV: comma, `\n` line ends, quoting when needed.
pub fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        // The csv crate ends records with CRLF unless told otherwise.
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out)
}

/// `s` made inert for a spreadsheet: when it starts with `=`, `+`, `-`, `@`, TAB or CR (what
/// Excel and LibreOffice read as the start of a formula), a `'` in front, as OWASP's
/// CSV-injection advice says; otherwise `s` itself.
pub fn excel_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::{Column, Kind, Value};
    use super::*;

    fn render(table: &Table) -> String {
        let mut buf = Vec::new();
        write_to(table, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn quoting_and_line_ends() {
        let table = Table {
            name: "t",
            sheet: "T",
            columns: ["code", "text", "n"]
                .iter()
                .map(|n| Column {
                    name: n.to_string(),
                    kind: Kind::Text,
                })
                .collect(),
            rows: vec![
                vec![
                    Value::Text("01".into()),
                    Value::Text("a, \"b\"\nc".into()),
                    Value::Number(7),
                ],
                vec![Value::Text("02".into()), Value::Empty, Value::Empty],
            ],
            key_columns: 0,
        };
        assert_eq!(
            render(&table),
            "code,text,n\n01,\"a, \"\"b\"\"\nc\",7\n02,,\n"
        );
    }

    #[test]
    fn excel_flavour_has_a_bom_and_inert_formulas() {
        let table = Table {
            name: "t",
            sheet: "T",
            columns: ["code", "=h"]
                .iter()
                .map(|n| Column {
                    name: n.to_string(),
                    kind: Kind::Text,
                })
                .collect(),
            rows: [
                "=HYPERLINK(\"http://x\",\"y\")",
                "-2~3天",
                "+1",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "a=b",
                "01",
            ]
            .iter()
            .map(|t| vec![Value::Text(t.to_string()), Value::Number(3)])
            .collect(),
            key_columns: 0,
        };
        let mut buf = Vec::new();
        write_excel_to(&table, &mut buf).unwrap();
        let text = std::str::from_utf8(buf.strip_prefix(BOM).expect("BOM first")).unwrap();
        assert_eq!(
            text,
            "code,'=h\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3\n'-2~3天,3\n'+1,3\n\
             '@SUM(A1),3\n'\tx,3\n\"'\rx\",3\na=b,3\n01,3\n"
        );
        // The plain CSV keeps every text as it is.
        assert!(render(&table).starts_with("code,=h\n\"=HYPERLINK("));
    }
}
