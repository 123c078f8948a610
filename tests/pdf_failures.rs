//! Each way a PDF can fail to convert gives its own error naming the file, never a panic;
//! restrictions-only (owner password) PDFs still convert. The files are in fixtures/pdf/
//! (`make_raw.py` and qpdf made them; see the README there).

use compmap::extract::{self, Source};
use compmap::Error;
use std::path::Path;

fn read(name: &str) -> compmap::Result<Source> {
    extract::extract(Path::new(&format!("fixtures/pdf/{name}")))
}

fn names_file(e: &Error, name: &str) {
    let msg = e.to_string();
    assert!(msg.contains(name), "message does not name the file: {msg}");
}

#[test]
fn not_a_pdf_is_corrupt() {
    let e = read("not-a-pdf.pdf").unwrap_err();
    assert!(matches!(e, Error::CorruptPdf { .. }), "{e:?}");
    names_file(&e, "not-a-pdf.pdf");
}

#[test]
fn truncated_pdf_is_corrupt() {
    let e = read("truncated.pdf").unwrap_err();
    assert!(matches!(e, Error::CorruptPdf { .. }), "{e:?}");
    names_file(&e, "truncated.pdf");
}

#[test]
fn reader_panic_is_contained_and_reported() {
    // pdf-extract panics on a page without a MediaBox.
    let e = read("no-mediabox.pdf").unwrap_err();
    assert!(matches!(e, Error::CorruptPdf { .. }), "{e:?}");
    assert!(e.to_string().contains("page 1"), "{e}");
    names_file(&e, "no-mediabox.pdf");
}

#[test]
fn user_password_is_refused() {
    let e = read("user-password.pdf").unwrap_err();
    assert!(matches!(e, Error::Encrypted { .. }), "{e:?}");
    names_file(&e, "user-password.pdf");
}

fn rows_of(name: &str) -> Vec<(String, String, u32)> {
    let doc = compmap::parse::parse(&read(name).expect("readable")).expect("parses");
    doc.courses
        .iter()
        .flat_map(|c| {
            c.rows.iter().map(|r| {
                (
                    r.competency.code.text.clone(),
                    r.competency.text.clone(),
                    r.competency.code.loc.page,
                )
            })
        })
        .collect()
}

#[test]
fn owner_password_only_converts() {
    let plain = rows_of("chromium-landscape.pdf");
    assert!(!plain.is_empty());
    assert_eq!(
        rows_of("owner-password.pdf"),
        plain,
        "AES-256, restrictions only"
    );
    assert_eq!(
        rows_of("owner-password-rc4.pdf"),
        plain,
        "RC4-128, restrictions only"
    );
}

/// Under `--ocr auto` (the default) an image-only page is read by OCR instead of refused
/// (`--ocr never` keeps the `NoTextLayer` refusal: `tests/ocr_pages.rs`). This scan is a
/// 16×16 grey image stretched over the page: its page is read by OCR (what it makes of the
/// blotch is no table: `tests/bad_inputs.rs`).
#[test]
fn image_only_pdf_is_read_by_ocr() {
    let Source::Pdf(pdf) = read("scan.pdf").expect("read by OCR") else {
        panic!("not read as a PDF");
    };
    assert_eq!(pdf.pages.len(), 1);
    assert!(pdf.pages[0].read_by_ocr);
}

#[test]
fn glyphs_without_unicode_are_reported_with_their_place() {
    let Source::Pdf(pdf) = read("unmapped.pdf").expect("readable") else {
        panic!("not read as a PDF");
    };
    let doc = compmap::parse::pdf::parse(&pdf);
    assert_eq!(doc.unmapped.len(), 1, "{:?}", doc.unmapped);
    let u = &doc.unmapped[0];
    assert_eq!((u.loc.page, u.loc.line), (1, 2));
    assert!(u.text.contains('\u{FFFD}'));
    assert!(u.detail.contains("U+FFFD"));
}

#[test]
fn text_without_course_table_is_an_error() {
    let e = compmap::parse::parse(&read("unmapped.pdf").expect("readable")).unwrap_err();
    assert!(matches!(e, Error::NoCourseTable { .. }), "{e:?}");
    names_file(&e, "unmapped.pdf");
}

#[test]
fn predefined_unicode_cmap_fonts_are_read() {
    // pdf-extract panics on `UniGB-UCS2-H`; the codes are Unicode, so the text is too.
    let Source::Pdf(pdf) = read("ucs2.pdf").expect("readable") else {
        panic!("not read as a PDF");
    };
    let glyphs = &pdf.pages[0].glyphs;
    let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "中文能力AB");
    assert!(
        glyphs.windows(2).all(|w| w[0].x < w[1].x),
        "advances go right"
    );
    assert!(
        (glyphs[1].x - glyphs[0].x - 12.0).abs() < 0.01,
        "a CJK glyph is one em"
    );
    assert!(
        (glyphs[5].x - glyphs[4].x - 6.0).abs() < 0.01,
        "ASCII is half an em"
    );
}
