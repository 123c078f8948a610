//! The bundled PDF fixture parses to the hand-checked rows and course headers.

use compmap::extract::{self, Source};
use compmap::model::ParsedDocument;
use std::path::Path;

mod support;

use support::gold::csv_rows;
use support::rows;

const PDF: &str = "fixtures/business-english-standards.pdf";

fn parsed() -> ParsedDocument {
    parsed_from(PDF)
}

fn parsed_from(pdf: &str) -> ParsedDocument {
    let source = extract::extract(Path::new(pdf)).expect("fixture PDF reads");
    assert!(matches!(source, Source::Pdf(_)));
    compmap::parse::parse(&source).expect("fixture PDF parses")
}

#[test]
fn fixture_rows_match_gold() {
    let doc = parsed();
    let got = rows::parsed_rows(&doc);
    let want = csv_rows("tests/golden/business-english-standards.pdf-rows.csv", 10);
    let mismatched: Vec<usize> = (0..want.len())
        .filter(|&i| got.get(i) != Some(&want[i]))
        .collect();
    for &i in mismatched.iter().take(15) {
        eprintln!(
            "row {}:\n  want {:?}\n  got  {:?}",
            i + 1,
            want[i],
            got.get(i)
        );
    }
    eprintln!(
        "{} of {} gold rows match; {} rows parsed",
        want.len() - mismatched.len(),
        want.len(),
        got.len()
    );
    assert!(mismatched.is_empty());
    assert_eq!(got.len(), want.len());
    assert_eq!(doc.pages, 41);
}

#[test]
fn fixture_courses_match_gold() {
    let doc = parsed();
    let want = csv_rows("tests/golden/business-english-standards.courses.csv", 5);
    let got: Vec<Vec<String>> = rows::parsed_courses(&doc);
    for (w, g) in want.iter().zip(&got) {
        if w != g {
            eprintln!("want {w:?}\ngot  {g:?}");
        }
    }
    assert_eq!(got, want);
    for c in &doc.courses {
        assert_eq!(
            c.checked,
            vec![c.category.clone()],
            "course {}",
            c.course_no
        );
    }
}

#[test]
fn fixture_has_no_strays_or_unmapped_glyphs() {
    let doc = parsed();
    assert!(doc.unmapped.is_empty(), "{:?}", doc.unmapped);
    assert!(doc.strays.is_empty(), "{:?}", doc.strays);
}

/// The same content through another producer: `qpdf --rotate=+90` then `pdftocairo -pdf`
/// (cairo's fonts, text running upwards on landscape pages). Same rows, pages included.
#[test]
fn fixture_rerendered_rotated_by_cairo_gives_the_same_rows() {
    let doc = parsed_from("fixtures/pdf/fixture-cairo-rotated.pdf");
    let want = csv_rows("tests/golden/business-english-standards.pdf-rows.csv", 10);
    let got = rows::parsed_rows(&doc);
    let same = got.iter().zip(&want).filter(|(g, w)| g == w).count();
    assert_eq!((same, got.len()), (want.len(), want.len()));
}
