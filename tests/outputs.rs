//! The committed `output/` files of the bundled fixture are fresh, outputs are
//! deterministic, and the workbook holds the same tables as the CSV files.

use calamine::{open_workbook, Data, Reader, Xlsx};
use compmap::export::{self, Format};
use std::path::{Path, PathBuf};

const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Json];

fn convert_into(dir: &Path) -> Vec<PathBuf> {
    let (name, bytes) = compmap::BUNDLED;
    let s = compmap::convert_bytes(Path::new(name), bytes).unwrap();
    export::write(&s, dir, "business-english-standards", &ALL).unwrap()
}

#[test]
fn committed_outputs_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let written = convert_into(dir.path());
    assert_eq!(written.len(), 7);
    for path in written {
        let name = path.file_name().unwrap();
        let committed = Path::new("output").join(name);
        let fresh = std::fs::read(&path).unwrap();
        let old = std::fs::read(&committed).unwrap_or_default();
        assert!(
            fresh == old,
            "{} is stale: run `cargo run --release -- convert` and commit output/",
            committed.display()
        );
    }
}

#[test]
fn two_runs_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (x, y) in convert_into(a.path()).iter().zip(convert_into(b.path())) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(&y).unwrap(),
            "{}",
            x.display()
        );
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

#[test]
fn workbook_equals_csvs_cell_for_cell() {
    let dir = tempfile::tempdir().unwrap();
    convert_into(dir.path());
    let mut book: Xlsx<_> =
        open_workbook(dir.path().join("business-english-standards.xlsx")).unwrap();
    let (name, bytes) = compmap::BUNDLED;
    let s = compmap::convert_bytes(Path::new(name), bytes).unwrap();
    for table in export::tables(&s) {
        let csv_path = dir
            .path()
            .join(format!("business-english-standards.{}.csv", table.name));
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&csv_path)
            .unwrap();
        let csv_rows: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        let range = book.worksheet_range(table.sheet).unwrap();
        // The table's rectangle; the Matrix sheet's totals lie outside it.
        let width = table.columns.len();
        let sheet_rows: Vec<Vec<String>> = range
            .rows()
            .take(csv_rows.len())
            .map(|row| row.iter().take(width).map(cell_text).collect())
            .collect();
        assert_eq!(sheet_rows.len(), csv_rows.len(), "{}", table.sheet);
        for (k, (a, b)) in sheet_rows.iter().zip(&csv_rows).enumerate() {
            assert_eq!(a, b, "sheet {} row {}", table.sheet, k + 1);
        }
    }
    // Codes stay text with their leading zeros.
    let range = book.worksheet_range("Mappings").unwrap();
    assert_eq!(range.get((1, 3)), Some(&Data::String("01".into())));
}
