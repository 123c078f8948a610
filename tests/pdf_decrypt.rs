//! Encrypted PDFs that open without a user password convert exactly like the plain file:
//! every Standard security handler (R2–R6: RC4-40/128, AESV2, AESV3), the `/Encrypt`
//! dictionary direct in the trailer or in an xref stream's dictionary, `EncryptMetadata
//! false`, object streams. A user password is `Encrypted`, naming the file, whatever way the
//! dictionary is written. Fixtures: `fixtures/pdf/make_encrypted.py` (qpdf, pikepdf,
//! LibreOffice), all copies of `cmap-ucs2.pdf` with its expected rows.

use compmap::Error;
use std::path::Path;

mod support;

use support::gold::csv_rows;
use support::rows;

const VARIANTS: &[&str] = &[
    "enc-r2-rc4-40",
    "enc-r3-rc4-128",
    "enc-r4-rc4-128-objstm",
    "enc-r4-aes128",
    "enc-r4-aes128-clearmeta-objstm",
    "enc-r5-aes256",
    "enc-r6-aes256-objstm",
    "enc-r6-aes256-clearmeta",
    "enc-direct-aes128",
    "enc-direct-rc4-xrefstm",
];

#[test]
fn every_owner_only_encryption_converts_to_the_plain_rows() {
    let want = csv_rows("fixtures/pdf/cmap-ucs2.rows.csv", usize::MAX);
    assert!(!want.is_empty());
    for name in VARIANTS {
        let path = format!("fixtures/pdf/{name}.pdf");
        let std = compmap::convert_file(Path::new(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rows::mapping_rows(&std), want, "{name}: rows");
        assert!(std.findings.is_empty(), "{name}: {:?}", std.findings);
    }
}

#[test]
fn direct_encrypt_dictionary_with_user_password_is_encrypted() {
    let e = compmap::convert_file(Path::new("fixtures/pdf/enc-direct-user.pdf")).unwrap_err();
    assert!(matches!(e, Error::Encrypted { .. }), "{e:?}");
    assert!(e.to_string().contains("enc-direct-user.pdf"), "{e}");
}

#[test]
fn libreoffice_restricted_export_converts() {
    let std =
        compmap::convert_file(Path::new("fixtures/pdf/soffice-restricted.pdf")).expect("converts");
    let want = csv_rows("fixtures/pdf/soffice-restricted.rows.csv", usize::MAX);
    assert_eq!(rows::mapping_rows(&std), want);
}

#[test]
fn owner_password_rc4_without_document_id_is_read() {
    // As pdfminer.six's encrypted_doc_no_id.pdf: the key is made with an empty /ID.
    let source =
        compmap::extract::extract(Path::new("fixtures/pdf/enc-no-id-rc4.pdf")).expect("readable");
    let compmap::extract::Source::Pdf(pdf) = source else {
        panic!("not read as a PDF");
    };
    let text: String = pdf.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "中文能力AB");
}
