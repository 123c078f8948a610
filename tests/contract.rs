//! `docs/CONTRACT.md` is the committed copy of the project's shared contract. Where the
//! shared original sits beside the repository (`../shared/CONTRACT.md` from the crate
//! root), the copy must have exactly its bytes; in a clean clone without it, the test says
//! so and passes.

use std::io::ErrorKind;
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Same,
    /// No shared original to compare with.
    NoOriginal,
}

/// Compare the committed copy with the original; `Err` says how they differ.
fn compare(copy: &Path, original: &Path) -> Result<Outcome, String> {
    let ours = std::fs::read(copy).map_err(|e| format!("{}: {e}", copy.display()))?;
    let theirs = match std::fs::read(original) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Outcome::NoOriginal),
        Err(e) => return Err(format!("{}: {e}", original.display())),
    };
    if ours == theirs {
        return Ok(Outcome::Same);
    }
    let line = ours
        .split(|&b| b == b'\n')
        .zip(theirs.split(|&b| b == b'\n'))
        .position(|(a, b)| a != b)
        .map_or_else(
            || "one is a prefix of the other".to_string(),
            |i| format!("first difference at line {}", i + 1),
        );
    Err(format!(
        "{} ({} bytes) differs from {} ({} bytes), {line}: copy the original again",
        copy.display(),
        ours.len(),
        original.display(),
        theirs.len()
    ))
}

#[test]
fn the_committed_contract_is_the_shared_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = root.join("../shared/CONTRACT.md");
    match compare(&root.join("docs/CONTRACT.md"), &original) {
        Ok(Outcome::Same) => {}
        Ok(Outcome::NoOriginal) => eprintln!(
            "notice: {} is absent; docs/CONTRACT.md not compared",
            original.display()
        ),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_copy_that_differs_by_one_byte_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (copy, original) = (dir.path().join("copy.md"), dir.path().join("original.md"));
    std::fs::write(&original, "# contract\nexit 2\n").unwrap();
    std::fs::write(&copy, "# contract\nexit 2\n").unwrap();
    assert_eq!(compare(&copy, &original), Ok(Outcome::Same));
    std::fs::write(&copy, "# contract\nexit 3\n").unwrap();
    let err = compare(&copy, &original).unwrap_err();
    assert!(err.contains("line 2"), "{err}");
    std::fs::write(&copy, "# contract\nexit 2").unwrap();
    assert!(compare(&copy, &original).is_err());
    std::fs::remove_file(&original).unwrap();
    assert_eq!(compare(&copy, &original), Ok(Outcome::NoOriginal));
    // A missing copy is an error even without an original.
    std::fs::remove_file(&copy).unwrap();
    assert!(compare(&copy, &original).is_err());
}
