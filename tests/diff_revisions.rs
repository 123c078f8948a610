//! `compmap diff` end to end on two made-up yearly revisions (fixtures/revisions/), against
//! an expected report written by hand.

use std::path::{Path, PathBuf};

mod support;

use support::bin::command;

fn revisions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/revisions")
}

#[test]
fn revisions_convert_with_their_courses_and_rows() {
    for (file, courses, rows) in [("logistics-2023.txt", 4, 14), ("logistics-2024.txt", 4, 15)] {
        let s = compmap::convert_file(&revisions().join(file)).unwrap();
        assert_eq!(
            (s.courses.len(), s.mappings.len()),
            (courses, rows),
            "{file}"
        );
    }
}

#[test]
fn diff_matches_the_hand_written_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = command(["diff"])
        .arg(revisions().join("logistics-2023.txt"))
        .arg(revisions().join("logistics-2024.txt"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .expect("compmap runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = std::fs::read_to_string(dir.path().join("logistics-2023--logistics-2024.diff.csv"))
        .unwrap();
    let want = std::fs::read_to_string(
        revisions().join("logistics-2023--logistics-2024.expected.diff.csv"),
    )
    .unwrap();
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "line {}", i + 1);
    }
    assert_eq!(got, want);
    assert!(
        stdout.starts_with("logistics-2023.txt -> logistics-2024.txt: 28 changes\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "\nrenamed  course     《运输组织与管理》 name: 运输管理 -> 运输组织与管理\n"
        ),
        "{stdout}"
    );
    assert!(dir
        .path()
        .join("logistics-2023--logistics-2024.diff.xlsx")
        .exists());
}

#[test]
fn diff_the_other_way_round_swaps_additions_and_removals() {
    let old = compmap::convert_file(&revisions().join("logistics-2024.txt")).unwrap();
    let new = compmap::convert_file(&revisions().join("logistics-2023.txt")).unwrap();
    let d = compmap::diff::diff(&old, &new);
    use compmap::diff::{ChangeType, Kind};
    assert_eq!(d.count(Kind::Mapping, ChangeType::Added), 3);
    assert_eq!(d.count(Kind::Mapping, ChangeType::Removed), 4);
    assert_eq!(d.count(Kind::Course, ChangeType::Renamed), 1);
    assert_eq!(d.count(Kind::Competency, ChangeType::Moved), 1);
}
