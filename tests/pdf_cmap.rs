//! Non-embedded Adobe CID fonts with predefined CMaps (`UniGB-UCS2-H`, `GBK-EUC-H`,
//! `B5pc-H`…), which pdf-extract alone panics on, convert like any other PDF; a CMap
//! compmap cannot decode gives unmapped-glyphs findings naming it, or a clear error when
//! nothing is readable. Fixtures: `fixtures/pdf/make_cmap.py` (reportlab).

use compmap::extract::{self, Source};
use compmap::model::{Rule, Standard};
use std::path::Path;

mod support;

use support::gold::csv_rows;
use support::rows;

fn path(name: &str) -> String {
    format!("fixtures/pdf/{name}")
}

fn convert(name: &str) -> Standard {
    compmap::convert_file(Path::new(&path(&format!("{name}.pdf")))).expect("converts")
}

fn check_rows(name: &str) -> Standard {
    let std = convert(name);
    let want = csv_rows(path(&format!("{name}.rows.csv")), usize::MAX);
    assert_eq!(rows::mapping_rows(&std), want, "{name}: rows");
    std
}

#[test]
fn unigb_ucs2_table_converts() {
    let std = check_rows("cmap-ucs2");
    assert!(std.findings.is_empty(), "{:?}", std.findings);
    assert!(std.courses[0]
        .description
        .starts_with("本课程属于专业核心课"));
    // ASCII takes the proportional widths of /W (reportlab's, in an inline descendant).
    let Ok(Source::Pdf(pdf)) = extract::extract(Path::new(&path("cmap-ucs2.pdf"))) else {
        panic!("not read as a PDF");
    };
    let zero = pdf.pages[0]
        .glyphs
        .iter()
        .find(|g| g.text == "0")
        .expect("a digit");
    assert!((zero.width - 0.462 * 10.5).abs() < 0.01, "{zero:?}");
}

#[test]
fn gbk_euc_table_converts() {
    let std = check_rows("cmap-gbk");
    assert!(std.findings.is_empty(), "{:?}", std.findings);
    // ■/□ checkboxes, GBK's only ones, pick the category.
    assert_eq!(std.courses[0].category, "专业核心课");
}

#[test]
fn gbk_euc_glyphs_advance_by_their_widths() {
    let Ok(Source::Pdf(pdf)) = extract::extract(Path::new(&path("cmap-gbk.pdf"))) else {
        panic!("not read as a PDF");
    };
    let g = &pdf.pages[0].glyphs;
    let title: String = g.iter().take(6).map(|g| g.text.as_str()).collect();
    assert_eq!(title, "1.专业核心");
    // ASCII bytes show GB 2312's full-width forms (no /W entry: /DW, one em); so do the
    // two-byte ideographs.
    for w in g[..6].windows(2) {
        assert!((w[1].x - w[0].x - 10.5).abs() < 0.01, "{w:?}");
    }
}

#[test]
fn big5_cmaps_read_as_big5() {
    let Ok(Source::Pdf(pdf)) = extract::extract(Path::new(&path("cmap-big5.pdf"))) else {
        panic!("not read as a PDF");
    };
    let g = &pdf.pages[0].glyphs;
    let text: String = g.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "職業能力 A-01課程名稱 B2");
    assert!(pdf.pages[0].unsupported_cmaps.is_empty());
    // B5pc-H puts ASCII on the proportional CIDs, whose /W reportlab writes: `A` is
    // narrower than an ideograph.
    let a = g.iter().position(|g| g.text == "A").expect("A");
    assert!(g[a].width < 0.8 * g[0].width, "{:?} vs {:?}", g[a], g[0]);
}

#[test]
fn unknown_cmap_gives_unmapped_glyphs_naming_it() {
    let std = convert("cmap-ksc");
    let want = csv_rows(path("cmap-ksc.rows.csv"), usize::MAX);
    assert_eq!(rows::mapping_rows(&std), want, "the other rows are read");
    let unmapped: Vec<_> = std
        .findings
        .iter()
        .filter(|f| f.rule == Rule::UnmappedGlyphs)
        .collect();
    // One for the page line (naming the CMap), one for the competency cell.
    assert_eq!(unmapped.len(), 2, "{:?}", std.findings);
    assert!(unmapped.iter().all(|f| f.loc.page == 1), "{unmapped:?}");
    assert!(
        unmapped
            .iter()
            .any(|f| f.message.contains("KSC-EUC-H") && f.message.contains("U+FFFD")),
        "{unmapped:?}"
    );
    assert!(
        unmapped.iter().any(|f| f.code == "02-02-01"),
        "{unmapped:?}"
    );
    assert_eq!(std.findings.len(), 2, "nothing else: {:?}", std.findings);
}

#[test]
fn only_unknown_cmap_text_is_a_clear_error() {
    let e = extract::extract(Path::new(&path("cmap-ksc-only.pdf"))).unwrap_err();
    let msg = e.to_string();
    for part in ["cmap-ksc-only.pdf", "page 1", "KSC-EUC-H"] {
        assert!(msg.contains(part), "{msg}");
    }
}

#[test]
fn gbk2k_four_byte_codes_and_ascii_widths() {
    let Ok(Source::Pdf(pdf)) = extract::extract(Path::new(&path("cmap-gbk2k.pdf"))) else {
        panic!("not read as a PDF");
    };
    let g = &pdf.pages[0].glyphs;
    let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, ["能", "力", "\u{20000}", " ", "A", "1"]);
    // Advances at 12 pt: ideographs and the four-byte code one em; ASCII on the
    // proportional CIDs, `/W [17 26 480]` covering the digits only, the rest half an em.
    let advances: Vec<f64> = g.windows(2).map(|w| w[1].x - w[0].x).collect();
    for (got, want) in advances.iter().zip([12.0, 12.0, 12.0, 6.0, 6.0]) {
        assert!((got - want).abs() < 0.01, "{advances:?}");
    }
    assert!((g[5].width - 5.76).abs() < 0.01, "{:?}", g[5]);
}

#[test]
fn unknown_cmap_codes_read_through_tounicode() {
    let Ok(Source::Pdf(pdf)) = extract::extract(Path::new(&path("cmap-rksj.pdf"))) else {
        panic!("not read as a PDF");
    };
    let page = &pdf.pages[0];
    let texts: Vec<&str> = page.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, ["あ", "A", "\u{FFFD}"]);
    assert_eq!(page.unsupported_cmaps, ["90ms-RKSJ-H"]);
    // Two-byte codes /DW, one-byte codes half an em.
    let advances: Vec<f64> = page.glyphs.windows(2).map(|w| w[1].x - w[0].x).collect();
    assert!((advances[0] - 12.0).abs() < 0.01 && (advances[1] - 6.0).abs() < 0.01);
}
