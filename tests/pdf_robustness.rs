//! Damaged PDFs never panic: every read gives a document or an error naming the file.

use std::path::Path;

mod support;

use support::rng::Rng;

fn read_and_parse(name: &Path, bytes: &[u8]) {
    match compmap::extract::extract_bytes(name, bytes) {
        Ok(source) => {
            // Either rows or a "no course table" error; never a panic.
            let _ = compmap::parse::parse(&source);
        }
        Err(e) => assert!(e.to_string().contains("damaged.pdf"), "{e}"),
    }
}

fn damage(fixture: &str, rounds: usize, seed: u64) {
    let original = std::fs::read(fixture).expect("fixture");
    let name = Path::new("damaged.pdf");
    let mut rng = Rng::new(seed);
    for round in 0..rounds {
        let mut bytes = original.clone();
        if round % 3 == 0 {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut.max(16));
        } else {
            for _ in 0..(1 + round * 4) {
                let at = rng.below(bytes.len());
                bytes[at] = rng.below(256) as u8;
            }
        }
        read_and_parse(name, &bytes);
    }
}

#[test]
fn damaged_chromium_pdf() {
    damage("fixtures/pdf/chromium-landscape.pdf", 24, 0x5eed);
}

#[test]
fn damaged_libreoffice_pdf() {
    damage("fixtures/pdf/soffice-html.pdf", 24, 0xbeef);
}

/// Predefined-CMap fonts (rewritten before pdf-extract sees them), content uncompressed so
/// the damage hits strings, font dictionaries and widths.
#[test]
fn damaged_predefined_cmap_pdfs() {
    damage("fixtures/pdf/cmap-gbk.pdf", 60, 0xc1d);
    damage("fixtures/pdf/cmap-ucs2.pdf", 30, 0xc1e);
    damage("fixtures/pdf/cmap-gbk2k.pdf", 60, 0xc1f);
}
