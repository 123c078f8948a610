//! The command line over the batch runner and the differ: exit codes, summaries, files.

mod support;

use support::bin::compmap_in;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/business-english-standards.txt"
);

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn convert_directory_with_a_bad_file_exits_2_and_converts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(FIXTURE, input.join("sub/good.txt")).unwrap();
    std::fs::write(input.join("bad.txt"), b"").unwrap();
    let out = compmap_in(["convert", "in", "-o", "out", "--jobs", "2"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad.txt"), "{stderr}");
    assert!(
        stderr.contains("1 of 2 files converted: 1294 rows"),
        "{stderr}"
    );
    let summary = std::fs::read_to_string(dir.path().join("out/batch-summary.csv")).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 3, "{summary}");
    assert!(lines[1].starts_with("in/bad.txt,failed,"), "{summary}");
    assert!(
        lines[2].starts_with("in/sub/good.txt,converted,12,1294,"),
        "{summary}"
    );
    assert!(dir.path().join("out/good.mappings.csv").exists());
}

#[test]
fn quiet_convert_of_one_good_file_prints_nothing_and_writes_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(FIXTURE, dir.path().join("one.txt")).unwrap();
    let out = compmap_in(["convert", "one.txt", "-o", "out", "--quiet"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    assert!(dir.path().join("out/one.mappings.csv").exists());
    assert!(!dir.path().join("out/batch-summary.csv").exists());
}

#[test]
fn diff_of_a_document_with_itself_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2023")).unwrap();
    std::fs::create_dir_all(dir.path().join("2024")).unwrap();
    std::fs::copy(FIXTURE, dir.path().join("2023/std.txt")).unwrap();
    std::fs::copy(FIXTURE, dir.path().join("2024/std.txt")).unwrap();
    let out = compmap_in(
        ["diff", "2023/std.txt", "2024/std.txt", "-o", "out"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "std.txt -> std.txt: 0 changes\n");
    let csv = std::fs::read_to_string(dir.path().join("out/2023-std--2024-std.diff.csv")).unwrap();
    assert_eq!(csv, "change,kind,course,code,field,old,new\n");
    assert!(dir.path().join("out/2023-std--2024-std.diff.xlsx").exists());
}

#[test]
fn diff_of_an_edited_revision_reports_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(FIXTURE).unwrap();
    // Drop the first line holding a competency code (its text may wrap onward, which
    // only changes that competency's text) from a copy: one competency leaves one course.
    let is_competency_line = |l: &str| {
        let b = l.trim_start().as_bytes();
        b.len() >= 8
            && b[..8].iter().enumerate().all(|(i, c)| {
                if i == 2 || i == 5 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let lines: Vec<&str> = original.split('\n').collect();
    let victim = lines.iter().position(|l| is_competency_line(l)).unwrap();
    let code = lines[victim].trim_start()[..8].to_string();
    let mut edited: Vec<&str> = lines.clone();
    edited.remove(victim);
    std::fs::write(dir.path().join("old.txt"), &original).unwrap();
    std::fs::write(dir.path().join("new.txt"), edited.join("\n")).unwrap();
    let out = compmap_in(["diff", "old.txt", "new.txt", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("out/old--new.diff.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("removed,mapping,") && l.contains(&format!(",{code},"))),
        "{csv}"
    );
    assert!(
        text(&out.stdout).contains("mapping"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn diff_with_an_unreadable_side_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(FIXTURE, dir.path().join("old.txt")).unwrap();
    let out = compmap_in(["diff", "old.txt", "missing.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.txt"));
    assert!(!dir.path().join("output").exists());
}
