//! The bundled PDF fixture parses to the hand-checked rows and course headers.

use compmap::extract::{self, Source};
use compmap::model::ParsedDocument;
use std::path::Path;

const PDF: &str = "fixtures/business-english-standards.pdf";

fn parsed() -> ParsedDocument {
    parsed_from(PDF)
}

fn parsed_from(pdf: &str) -> ParsedDocument {
    let source = extract::extract(Path::new(pdf)).expect("fixture PDF reads");
    assert!(matches!(source, Source::Pdf(_)));
    compmap::parse::parse(&source).expect("fixture PDF parses")
}

/// Parsed rows flattened to the gold columns (all but `line`).
fn rows(doc: &ParsedDocument) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for c in &doc.courses {
        for r in &c.rows {
            let (pc, pn) = r
                .project
                .as_ref()
                .map(|p| (p.code.text.clone(), p.text.clone()))
                .unwrap_or_default();
            let (tc, tn) = r
                .task
                .as_ref()
                .map(|t| (t.code.text.clone(), t.text.clone()))
                .unwrap_or_default();
            out.push(vec![
                c.number.to_string(),
                c.category.clone(),
                c.name.clone(),
                pc,
                pn,
                tc,
                tn,
                r.competency.code.text.clone(),
                r.competency.text.clone(),
                r.competency.code.loc.page.to_string(),
            ]);
        }
    }
    out
}

fn gold(path: &str, cols: usize) -> Vec<Vec<String>> {
    let mut rd = csv::Reader::from_path(path).expect("gold file");
    rd.records()
        .map(|r| {
            let r = r.expect("gold record");
            r.iter().take(cols).map(str::to_string).collect()
        })
        .collect()
}

#[test]
fn fixture_rows_match_gold() {
    let doc = parsed();
    let got = rows(&doc);
    let want = gold("tests/golden/business-english-standards.pdf-rows.csv", 10);
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
    let want = gold("tests/golden/business-english-standards.courses.csv", 5);
    let got: Vec<Vec<String>> = doc
        .courses
        .iter()
        .map(|c| {
            vec![
                c.number.to_string(),
                c.category.clone(),
                c.name.clone(),
                c.level.clone(),
                c.description.clone(),
            ]
        })
        .collect();
    for (w, g) in want.iter().zip(&got) {
        if w != g {
            eprintln!("want {w:?}\ngot  {g:?}");
        }
    }
    assert_eq!(got, want);
    for c in &doc.courses {
        assert_eq!(c.checked, vec![c.category.clone()], "course {}", c.number);
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
    let want = gold("tests/golden/business-english-standards.pdf-rows.csv", 10);
    let got = rows(&doc);
    let same = got.iter().zip(&want).filter(|(g, w)| g == w).count();
    assert_eq!((same, got.len()), (want.len(), want.len()));
}
