//! The workbook of a text with control characters and formula-like texts, read back by
//! LibreOffice (issue 15: "an XLSX that calamine and LibreOffice read back with the same
//! texts"; calamine's half is `tests/hygiene.rs`). LibreOffice is a strict reader: a raw
//! control character in an XML part makes it refuse or truncate the sheet, and a text cell
//! starting with `=` must stay a text, not become a formula.
//!
//! Needs `soffice` (Debian `libreoffice-calc-nogui`); without it the test prints a notice and
//! passes, except under `CI=true`, where it fails.

mod support;

use std::path::Path;
use std::process::Command;
use support::bin::compmap_in;

const FIXTURE: &str = include_str!("../fixtures/business-english-standards.txt");

/// The hostile texts and the 1-based line each is put on (after its code), in course 1
/// (the same as `tests/hygiene.rs`).
const TEXTS: [(usize, &str, &str); 3] = [
    (43, "01-01-01", "=HYPERLINK(\"http://x\",\"y\")"),
    (
        45,
        "01-01-02",
        "-2~3天\u{b}第二行\u{7}响铃\u{1}起始<script>alert(1)</script>",
    ),
    (47, "01-01-03", "@SUM(1+1)\u{1b}]0;pwned\u{7}\u{1b}[2J清屏"),
];

#[test]
fn libreoffice_reads_the_hostile_texts_back_from_the_workbook() {
    if !support::tools::have("soffice", "--version", "libreoffice-calc-nogui") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = FIXTURE.split('\n').map(String::from).collect();
    for (line, code, text) in TEXTS {
        assert!(lines[line - 1].starts_with(code), "fixture changed");
        lines[line - 1] = format!("{code} {text}");
    }
    std::fs::write(dir.path().join("hostile.txt"), lines.join("\n")).unwrap();
    let out = compmap_in(
        ["convert", "hostile.txt", "-o", "out", "--format", "xlsx"],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");

    // Every sheet as UTF-8 CSV (filter options: comma, quote, UTF-8, from row 1, …, all
    // sheets), with a profile of its own so that a LibreOffice already running elsewhere
    // does not take the job.
    let profile = format!("file://{}", dir.path().join("profile").display());
    let lo = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(dir.path().join("lo"))
        .arg(dir.path().join("out/hostile.xlsx"))
        .output()
        .unwrap();
    let mappings = dir.path().join("lo/hostile-Mappings.csv");
    assert!(
        mappings.exists(),
        "LibreOffice wrote no Mappings sheet: {}",
        String::from_utf8_lossy(&lo.stderr)
    );
    let rows = csv_rows(&mappings);
    assert_eq!(rows[0][8], "competency_text", "{:?}", rows[0]);
    for (line, code, text) in TEXTS {
        let row = rows
            .iter()
            .find(|r| r.len() > 10 && r[7] == code && r[10] == line.to_string())
            .unwrap_or_else(|| panic!("{code} on line {line} not in LibreOffice's sheet"));
        assert_eq!(row[8], text, "{code} read back by LibreOffice");
    }
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}
