//! Inputs that once crashed or hung compmap, run through the same paths as the fuzz targets
//! (`fuzz/fuzz_targets/`), so every `cargo test` keeps them fixed without cargo-fuzz.
//!
//! `fuzz/regressions/parse_text/*`: bytes → extract → parse → normalise.
//! `fuzz/regressions/pdf/*`: bytes → `compmap::convert_bytes`.
//! `fuzz/regressions/original/*`: the `original` target's shape (`@@@ <part>` sections packed
//! into a stored ZIP, else the bytes as they are) → `compmap::convert_bytes`.
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

/// The `original` target's path: `@@@ <name>\n<content>` parts packed into a stored ZIP
/// (as `fuzz/fuzz_targets/original.rs` packs them), other bytes as they are.
fn original_path(path: &Path, bytes: Vec<u8>) -> Option<String> {
    const PART: &[u8] = b"@@@ ";
    let bytes = match bytes.strip_prefix(PART) {
        // A name the ZIP writer refuses: the fuzz target skips the input too.
        Some(parts) => archive(parts)?,
        None => bytes,
    };
    compmap::convert_bytes(path, &bytes)
        .err()
        .map(|e| e.to_string())
}

/// `original.rs`'s `archive`: parts separated by `\n@@@ `, each a name line then content.
fn archive(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let sep = b"\n@@@ ";
    let mut rest = data;
    loop {
        let at = rest.windows(sep.len()).position(|w| w == sep);
        let part = &rest[..at.unwrap_or(rest.len())];
        let end = part.iter().position(|&b| b == b'\n').unwrap_or(part.len());
        let name = std::str::from_utf8(&part[..end]).ok()?;
        zip.start_file(name, options).ok()?;
        zip.write_all(part.get(end + 1..).unwrap_or_default())
            .ok()?;
        match at {
            Some(at) => rest = &rest[at + sep.len()..],
            None => break,
        }
    }
    zip.finish().ok().map(std::io::Cursor::into_inner)
}

#[test]
fn original_regressions() {
    // Each once ran for minutes (see the README): it must now end in seconds.
    for file in inputs("original") {
        let start = std::time::Instant::now();
        guarded(&file, original_path);
        let took = start.elapsed();
        assert!(
            took < std::time::Duration::from_secs(20),
            "{}: {took:?}",
            file.display()
        );
    }
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
