//! `docs/CONTRACT.md` is the committed copy of the project's shared contract, which the
//! project may extend but never break. Where the shared original sits beside the
//! repository (`../shared/CONTRACT.md` from the crate root), every line of it must appear in
//! the copy, unchanged and in the same order; the copy may add lines between them. In a clean
//! clone without the original, the test says so and passes.

use std::io::ErrorKind;
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The copy has exactly the original's bytes.
    Same,
    /// The copy keeps every line of the original, in order, and adds this many lines.
    Extends(usize),
    /// No shared original to compare with.
    NoOriginal,
}

/// Compare the committed copy with the original; `Err` names the first original line the
/// copy breaks (changes, drops or moves).
fn compare(copy: &Path, original: &Path) -> Result<Outcome, String> {
    let ours = std::fs::read_to_string(copy).map_err(|e| format!("{}: {e}", copy.display()))?;
    let theirs = match std::fs::read_to_string(original) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Outcome::NoOriginal),
        Err(e) => return Err(format!("{}: {e}", original.display())),
    };
    if ours == theirs {
        return Ok(Outcome::Same);
    }
    // Greedy in-order matching: each original line is looked for after the previous match.
    // Greedy is exact for "is a subsequence" — taking the earliest match never hurts later ones.
    let mut copy_lines = ours.lines();
    for (i, line) in theirs.lines().enumerate() {
        if !copy_lines.any(|l| l == line) {
            return Err(format!(
                "{} breaks {}: line {} ({line:?}) is missing, changed or out of order; \
                 extend the contract, never change it",
                copy.display(),
                original.display(),
                i + 1
            ));
        }
    }
    // The trailing newline is part of the last line's form; a copy may not drop it.
    if theirs.ends_with('\n') && !ours.ends_with('\n') {
        return Err(format!("{} lost its final newline", copy.display()));
    }
    Ok(Outcome::Extends(
        ours.lines().count() - theirs.lines().count(),
    ))
}

#[test]
fn the_committed_contract_extends_the_shared_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = root.join("../shared/CONTRACT.md");
    match compare(&root.join("docs/CONTRACT.md"), &original) {
        Ok(Outcome::Same) => {}
        Ok(Outcome::Extends(n)) => {
            eprintln!("docs/CONTRACT.md extends the shared one by {n} lines")
        }
        Ok(Outcome::NoOriginal) => eprintln!(
            "notice: {} is absent; docs/CONTRACT.md not compared",
            original.display()
        ),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_copy_that_changes_drops_or_reorders_a_line_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (copy, original) = (dir.path().join("copy.md"), dir.path().join("original.md"));
    std::fs::write(&original, "# contract\nexit 2\nexit 3\n").unwrap();
    std::fs::write(&copy, "# contract\nexit 2\nexit 3\n").unwrap();
    assert_eq!(compare(&copy, &original), Ok(Outcome::Same));
    // Added lines anywhere are an extension.
    std::fs::write(&copy, "# contract\nnew rule\nexit 2\nexit 3\nmore\n").unwrap();
    assert_eq!(compare(&copy, &original), Ok(Outcome::Extends(2)));
    // A changed line breaks it, and the message names the line.
    std::fs::write(&copy, "# contract\nexit 4\nexit 3\n").unwrap();
    let err = compare(&copy, &original).unwrap_err();
    assert!(err.contains("line 2"), "{err}");
    // A dropped line, and two lines swapped.
    std::fs::write(&copy, "# contract\nexit 3\n").unwrap();
    assert!(compare(&copy, &original).is_err());
    std::fs::write(&copy, "# contract\nexit 3\nexit 2\n").unwrap();
    assert!(compare(&copy, &original).is_err());
    // The final newline dropped.
    std::fs::write(&copy, "# contract\nexit 2\nexit 3").unwrap();
    assert!(compare(&copy, &original).is_err());
    std::fs::remove_file(&original).unwrap();
    assert_eq!(compare(&copy, &original), Ok(Outcome::NoOriginal));
    // A missing copy is an error even without an original.
    std::fs::remove_file(&copy).unwrap();
    assert!(compare(&copy, &original).is_err());
}
