//! The command line's contract: exit codes, error messages naming the file, outputs.

use std::path::Path;

mod support;

use support::bin::compmap;

const FIXTURE: &str = "fixtures/business-english-standards.txt";

#[test]
fn convert_writes_every_file_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = compmap(["convert", FIXTURE, "-o", out]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for ext in [
        "mappings.csv",
        "courses.csv",
        "competencies.csv",
        "matrix.csv",
        "findings.csv",
        "xlsx",
        "json",
    ] {
        assert!(
            dir.path()
                .join(format!("business-english-standards.{ext}"))
                .is_file(),
            "{ext}"
        );
    }
}

#[test]
fn convert_format_selects_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = compmap(["convert", FIXTURE, "-o", out, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["business-english-standards.json"]);
}

#[test]
fn check_exit_codes_follow_deny() {
    // The fixture has three errors: `check` fails by default and with --deny warning.
    assert_eq!(compmap(["check", FIXTURE]).status.code(), Some(1));
    assert_eq!(
        compmap(["check", FIXTURE, "--deny", "warning"])
            .status
            .code(),
        Some(1)
    );
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    std::fs::write(
        &clean,
        "1.专业核心课：《课程甲》课程与能力对接表\n课程名称 课程甲\n工作项目 工作任务 职业能力\n01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语\n",
    )
    .unwrap();
    let clean = clean.to_str().unwrap();
    assert_eq!(compmap(["check", clean]).status.code(), Some(0));
    let o = compmap(["check", FIXTURE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["findings"].as_array().unwrap().len(), 4);
    let o = compmap(["check", FIXTURE, "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("| error | hierarchy-mismatch |"));
}

#[test]
fn bad_inputs_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, [0u8, 0xFF, 0xD8, 0, 1, 2, 3]).unwrap();
    let missing = dir.path().join("missing.txt");
    for p in [&empty, &binary, &missing] {
        let o = compmap([
            "convert",
            p.to_str().unwrap(),
            "-o",
            dir.path().join("out").to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", p.display());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(p.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "").unwrap();
    let out = dir.path().join("out");
    let o = compmap([
        "convert",
        bad.to_str().unwrap(),
        FIXTURE,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(Path::new(&out)
        .join("business-english-standards.mappings.csv")
        .is_file());
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        compmap(["convert", FIXTURE, "--format", "docx"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(compmap(["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_text_is_a_compiler_style_report() {
    let o = compmap(["check", FIXTURE]);
    let out = String::from_utf8(o.stdout).unwrap();
    // Piped, so no colour codes.
    assert!(!out.contains('\u{1b}'), "{out}");
    let headers = out
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .count();
    assert_eq!(headers, 4, "{out}");
    // Every diagnostic quotes its line of the dump and underlines something in it.
    assert_eq!(out.matches(" │ ^").count(), 4, "{out}");
    assert!(out.contains("expected a code starting with"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("checked 1 input: 12 courses, 1294 rows, 3 errors, 1 warning"),
        "{last}"
    );
    // JSON stays pure on stdout; the summary goes to stderr.
    let o = compmap(["check", FIXTURE, "--format", "json"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_ok());
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("checked 1 input"));
    // A bad input next to a good one: both reported, exit 2.
    let o = compmap(["check", FIXTURE, "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.trim_end().ends_with("1 could not be read"), "{out}");
}
