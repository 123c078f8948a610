//! The command line on PDFs: the fixture converts to the gold rows, each failure mode
//! exits 2 with a message naming the file, and one bad PDF does not stop a batch.

use std::path::Path;

mod support;

use support::bin::compmap;

#[test]
fn fixture_pdf_converts_to_the_gold_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = compmap([
        "convert",
        "fixtures/business-english-standards.pdf",
        "-o",
        out,
        "--format",
        "csv",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read = |p: &Path| -> Vec<Vec<String>> {
        csv::Reader::from_path(p)
            .expect("csv")
            .records()
            .map(|r| {
                r.expect("record")
                    .iter()
                    .take(10)
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    };
    let got = read(&dir.path().join("business-english-standards.mappings.csv"));
    let want = read(Path::new(
        "tests/golden/business-english-standards.pdf-rows.csv",
    ));
    assert_eq!(got.len(), want.len());
    assert!(
        got == want,
        "mappings differ from the gold (all columns but line)"
    );
}

#[test]
fn each_failure_mode_exits_2_naming_the_file() {
    for (name, says) in [
        ("not-a-pdf.pdf", "corrupt"),
        ("truncated.pdf", "corrupt"),
        ("no-mediabox.pdf", "corrupt"),
        ("user-password.pdf", "password"),
        ("scan.pdf", "OCR"),
        ("unmapped.pdf", "no course table"),
    ] {
        let path = format!("fixtures/pdf/{name}");
        let o = compmap(["check", &path]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: message does not name the file: {err}"
        );
        assert!(
            err.contains(says),
            "{name}: message does not say {says:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn owner_password_pdf_converts() {
    let dir = tempfile::tempdir().unwrap();
    let o = compmap([
        "convert",
        "fixtures/pdf/owner-password.pdf",
        "-o",
        dir.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(dir.path().join("owner-password.mappings.csv").is_file());
}

#[test]
fn a_bad_pdf_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = compmap([
        "convert",
        "fixtures/pdf/scan.pdf",
        "fixtures/pdf/chromium-landscape.pdf",
        "-o",
        out,
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scan.pdf"));
    assert!(dir.path().join("chromium-landscape.mappings.csv").is_file());
}
