//! PDFs of the family in other layouts and from other producers (made by
//! `fixtures/pdf/make_layouts.py`) parse to the rows and courses they were made from.

use compmap::model::ParsedDocument;
use std::path::Path;

mod support;

use support::gold::csv_rows;
use support::rows;

fn parse(name: &str) -> ParsedDocument {
    let path = format!("fixtures/pdf/{name}.pdf");
    let source = compmap::extract::extract(Path::new(&path)).expect("layout PDF reads");
    compmap::parse::parse(&source).expect("layout PDF parses")
}

fn check(name: &str) {
    check_as(name, name);
}

/// Parse `fixtures/pdf/<name>.pdf` and compare with the expected files of `expected`.
fn check_as(name: &str, expected: &str) {
    let doc = parse(name);
    let got = rows::parsed_rows(&doc);
    let want = csv_rows(format!("fixtures/pdf/{expected}.rows.csv"), usize::MAX);
    let bad: Vec<usize> = (0..want.len().max(got.len()))
        .filter(|&i| got.get(i) != want.get(i))
        .collect();
    for &i in bad.iter().take(8) {
        eprintln!(
            "{name} row {}:\n  want {:?}\n  got  {:?}",
            i + 1,
            want.get(i),
            got.get(i)
        );
    }
    eprintln!(
        "{name}: {} of {} rows match",
        want.len() - bad.len().min(want.len()),
        want.len()
    );
    let courses: Vec<Vec<String>> = rows::parsed_courses(&doc);
    let want_courses = csv_rows(format!("fixtures/pdf/{expected}.courses.csv"), usize::MAX);
    assert!(bad.is_empty(), "{name}: {} rows differ", bad.len());
    assert_eq!(courses, want_courses, "{name}: course headers");
    assert!(doc.strays.is_empty(), "{name}: {:?}", doc.strays);
    assert!(doc.unmapped.is_empty(), "{name}: {:?}", doc.unmapped);
}

/// Chromium, HTML rowspans, header row repeated on every page (`<thead>`), merged labels
/// printed once before a break and not repeated after it, no 续上表.
#[test]
fn chromium_rowspan_table() {
    check("chromium-rowspan");
}

/// Chromium, A4 landscape, another font and size, header row only on the first page,
/// codes wrapping inside narrow cells.
#[test]
fn chromium_landscape() {
    check("chromium-landscape");
}

/// LibreOffice from HTML: another producer, small type, and no ruling lines at all (its
/// HTML import drops the CSS borders), so columns and rows come from text alignment; codes
/// wrap in their cells, a row (its code included) is split by a page break, and a header
/// block is cut by a page break.
#[test]
fn libreoffice_html() {
    check("soffice-html");
}

/// LibreOffice, ruled (HTML border attribute), serif CJK font, the course title set as the
/// first row of the header table, and a second header row (编号 / 名称 / 内容) repeated on
/// every page; three courses over nine pages.
#[test]
fn libreoffice_ruled_title_in_table() {
    check("soffice-ruled");
}

/// pdftocairo's re-rendering of `soffice-ruled.pdf`: another producer (cairo's Type 1
/// subsets of the CJK font, no space glyphs), same rows.
#[test]
fn cairo_rerendered() {
    check_as("cairo-ruled", "soffice-ruled");
}

/// The same pages turned a quarter (`qpdf --rotate=+90`, then re-rendered by pdftocairo,
/// so the text itself runs upwards on landscape pages): read upright, same rows.
#[test]
fn rotated_pages() {
    check_as("cairo-rotated", "soffice-ruled");
}

/// Pages are read in parallel; the result does not depend on it.
#[test]
fn parsing_is_deterministic() {
    for name in ["chromium-rowspan", "soffice-html", "cairo-rotated"] {
        assert_eq!(parse(name), parse(name), "{name}");
    }
}

/// A Word document (python-docx, as schools write them) converted by LibreOffice: A4
/// landscape, Noto Sans CJK 11 pt, vertically merged project and task cells with centred
/// labels, no 续上表 and no repeated labels after a break.
#[test]
fn word_document_landscape() {
    check("word-landscape");
}

/// The same kind of Word document, A4 portrait, WenQuanYi Zen Hei 9 pt, three courses.
#[test]
fn word_document_portrait() {
    check("word-portrait");
}

/// Chromium with no borders at all (text alignment only), 8 pt, competency codes in
/// full-width digits wrapping inside their cell (kept as written), page numbers printed in
/// the bottom margin.
#[test]
fn chromium_borderless_fullwidth_codes() {
    check("chromium-borderless");
}

/// Chromium, ruled across only (a rule under each row) inside an outer frame: no column
/// rules, so the columns come from text alignment while the rows keep their rules.
#[test]
fn rows_ruled_without_column_rules() {
    check("chromium-rows-only");
}
