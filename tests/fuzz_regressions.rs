//! Inputs that once crashed or hung compmap, run through the same paths as the fuzz targets
//! (`fuzz/fuzz_targets/`), so every `cargo test` keeps them fixed without cargo-fuzz.
//!
//! `fuzz/regressions/parse_text/*`: bytes → extract → parse → normalise.
//! `fuzz/regressions/pdf/*`: bytes → `compmap::convert_bytes`.
//! `fuzz/regressions/README.md` says where each came from and what it broke.
//!
//! Each runs on a thread of its own under a watchdog: a panic or a hang (no result after
//! [`watchdog::LIMIT`]) fails the test; an error is fine (and must name the file).

use std::path::{Path, PathBuf};

mod support;

use support::watchdog;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Run `f` on the bytes of `file` under the watchdog; an error must name the file.
fn guarded(file: &Path, f: fn(&Path, Vec<u8>) -> Option<String>) {
    let bytes = std::fs::read(file).expect("read input");
    let name = file.file_name().expect("name").to_owned();
    let outcome = watchdog::guarded(&file.display().to_string(), move || {
        f(Path::new(&name), bytes)
    });
    if let Some(error) = outcome {
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(error.contains(&*name), "error not naming the file: {error}");
    }
}

/// The `parse_text` target's path; the error, if any.
fn text_path(path: &Path, bytes: Vec<u8>) -> Option<String> {
    let source = match compmap::extract::extract_bytes(path, &bytes) {
        Ok(s) => s,
        Err(e) => return Some(e.to_string()),
    };
    let parsed = match compmap::parse::parse(&source) {
        Ok(p) => p,
        Err(e) => return Some(e.to_string()),
    };
    let name = path.to_string_lossy();
    let standard = compmap::normalise::normalise(parsed, &name);
    assert!(!standard.mappings.is_empty());
    None
}

/// The `pdf` target's path.
fn pdf_path(path: &Path, bytes: Vec<u8>) -> Option<String> {
    compmap::convert_bytes(path, &bytes)
        .err()
        .map(|e| e.to_string())
}

#[test]
fn parse_text_regressions() {
    for file in inputs("parse_text") {
        guarded(&file, text_path);
    }
}

#[test]
fn pdf_regressions() {
    for file in inputs("pdf") {
        guarded(&file, pdf_path);
    }
}
