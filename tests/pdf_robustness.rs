//! Damaged PDFs never panic: every read gives a document or an error naming the file.

use std::path::Path;

/// Deterministic pseudo-random numbers (no dependency, same damage on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

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
    let mut rng = Lcg(seed);
    for round in 0..rounds {
        let mut bytes = original.clone();
        if round % 3 == 0 {
            let cut = (rng.next() as usize) % bytes.len();
            bytes.truncate(cut.max(16));
        } else {
            for _ in 0..(1 + round * 4) {
                let at = (rng.next() as usize) % bytes.len();
                bytes[at] = (rng.next() & 0xff) as u8;
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
