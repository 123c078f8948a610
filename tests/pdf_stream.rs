//! Reading a PDF page by page (`parse::read`, what `convert` and `check` do) gives the
//! document, or the error, that reading all its pages first (`extract` then `parse`) gives,
//! for every PDF fixture.

use compmap::extract::{self, Limits};
use compmap::parse;
use std::path::{Path, PathBuf};

fn pdfs() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("fixtures/business-english-standards.pdf")];
    for dir in ["fixtures/pdf", "fixtures/bad", "fixtures/bad/bombs"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        out.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
        );
    }
    out.sort();
    out
}

#[test]
fn page_by_page_reads_as_all_pages_at_once() {
    let limits = Limits::default();
    let mut read = 0;
    for path in pdfs() {
        let bytes = std::fs::read(&path).unwrap();
        let whole = extract::extract_bytes_with(&path, &bytes, &limits)
            .and_then(|source| parse::parse(&source));
        let streamed = parse::read(Path::new(&path), &bytes, &limits);
        match (whole, streamed) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{}", path.display());
                read += 1;
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{}", path.display()),
            (a, b) => panic!("{}: {a:?} against {b:?}", path.display()),
        }
    }
    assert!(read >= 10, "only {read} PDFs read");
}
