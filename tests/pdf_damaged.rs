//! Damaged or unusual PDFs every reader opens: padding after `%%EOF`, a cross-reference
//! table with wrong offsets (rebuilt by scanning the objects), a page the reader cannot
//! interpret (a finding on that page; the others convert), a font whose text layer is not
//! text (a finding naming it; no rows from its page), and fonts whose Unicode maps give
//! compatibility ideographs, no-break spaces and zero-width characters (the text a reader
//! sees). Fixtures: `fixtures/pdf/make_damaged.py`, from fixtures whose rows are known.

use compmap::model::{Rule, Standard};
use std::collections::BTreeSet;
use std::path::Path;

mod support;

use support::gold::csv_rows;
use support::rows;

fn convert(name: &str) -> Standard {
    compmap::convert_file(Path::new(&format!("fixtures/pdf/{name}.pdf")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn gold(name: &str) -> Vec<Vec<String>> {
    csv_rows(format!("fixtures/pdf/{name}.rows.csv"), usize::MAX)
}

#[test]
fn padding_after_eof_and_wrong_xref_offsets_convert() {
    let want = gold("cmap-ucs2");
    for name in ["padded-eof", "bad-xref"] {
        let std = convert(name);
        assert_eq!(rows::mapping_rows(&std), want, "{name}");
        assert!(std.findings.is_empty(), "{name}: {:?}", std.findings);
    }
}

/// The competency codes of the rows (column 8) on the pages not in `skip`.
fn codes_off(rows: &[Vec<String>], skip: &[&str]) -> BTreeSet<String> {
    rows.iter()
        .filter(|r| !skip.contains(&r[9].as_str()))
        .map(|r| r[7].clone())
        .collect()
}

#[test]
fn unreadable_pages_are_findings_and_the_others_convert() {
    let std = convert("missing-font");
    let got = rows::mapping_rows(&std);
    let want = gold("word-portrait");
    let problems: Vec<(u32, &str)> = std
        .findings
        .iter()
        .filter(|f| f.rule == Rule::UnreadablePage)
        .map(|f| (f.loc.page, f.message.as_str()))
        .collect();
    assert_eq!(
        problems.iter().map(|p| p.0).collect::<Vec<_>>(),
        [2, 4],
        "{problems:?}"
    );
    assert!(problems[0].1.contains("page 2"), "{}", problems[0].1);
    // Every row of pages 1, 3 and 5 is read, none from the unreadable pages.
    let kept = codes_off(&want, &["2", "4"]);
    let read = codes_off(&got, &[]);
    assert!(kept.is_subset(&read), "lost: {:?}", kept.difference(&read));
    assert!(got.iter().all(|r| r[9] != "2" && r[9] != "4"));
    // The rows of page 1 come out exactly.
    let page1 = |rows: &[Vec<String>]| {
        rows.iter()
            .filter(|r| r[9] == "1")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(page1(&got), page1(&want));
}

#[test]
fn a_font_without_readable_text_is_reported_and_its_page_gives_no_rows() {
    // Without OCR (`--ocr never`); under `auto` OCR reads the page (tests/ocr_pages.rs).
    compmap::extract::ocr::Mode::Never.install();
    let std = convert("garbage-layer");
    let got = rows::mapping_rows(&std);
    let want = gold("word-portrait");
    let layer: Vec<_> = std
        .findings
        .iter()
        .filter(|f| f.rule == Rule::UnreadableTextLayer)
        .collect();
    assert_eq!(layer.len(), 1, "{:?}", std.findings);
    assert_eq!(layer[0].loc.page, 3);
    assert!(
        layer[0].message.contains("WenQuanYiZenHei"),
        "{}",
        layer[0].message
    );
    assert!(got.iter().all(|r| r[9] != "3"), "rows from page 3");
    let kept = codes_off(&want, &["3"]);
    assert!(kept.is_subset(&codes_off(&got, &[])));
    // No garbage reported as data: no malformed codes, no unmapped glyphs.
    assert!(
        !std.findings
            .iter()
            .any(|f| matches!(f.rule, Rule::MalformedCode | Rule::UnmappedGlyphs)),
        "{:?}",
        std.findings
    );
}

#[test]
fn compatibility_ideographs_and_unicode_spaces_read_as_a_reader_sees_them() {
    let std = convert("norm-ucs2");
    assert_eq!(rows::mapping_rows(&std), gold("cmap-ucs2"));
    let plain = convert("cmap-ucs2");
    assert_eq!(std.courses[0].description, plain.courses[0].description);
    assert_eq!(std.courses[0].name, plain.courses[0].name);
    // The zero-width space inside a code is named once, the code normalised.
    let nonstandard: Vec<_> = std
        .findings
        .iter()
        .filter(|f| f.rule == Rule::NonstandardCode)
        .collect();
    assert_eq!(nonstandard.len(), 1, "{:?}", std.findings);
    assert!(
        nonstandard[0].message.contains("U+200B"),
        "{}",
        nonstandard[0].message
    );
    assert_eq!(std.findings.len(), 1, "{:?}", std.findings);
}
