//! CSV files: one per [`Table`], UTF-8 without BOM, comma, `\n` line ends, RFC 4180 quoting
//! (fields with a comma, quote or line break are quoted, quotes doubled), header row first.

use super::atomic::write_atomic;
use super::table::Table;
use crate::error::Result;
use std::io::{self, Write};
use std::path::Path;

/// Write `table` to `path` atomically.
pub fn write(table: &Table, path: &Path) -> Result<()> {
    write_atomic(path, |out| write_to(table, out))
}

/// Write `table` as CSV into `out`.
pub fn write_to(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        // The csv crate ends records with CRLF unless told otherwise.
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    w.write_record(table.header())?;
    for row in &table.rows {
        w.write_record(row.iter().map(|v| v.as_text().into_owned()))?;
    }
    w.flush()
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
}
