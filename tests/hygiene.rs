//! Outputs that must not harm their reader (issue 15, part B): a text dump whose competency
//! texts hold control characters (U+000B, BEL, SOH, ESC sequences) and formula-like texts
//! (`=HYPERLINK(…)`, `-2~3天`, `@SUM(…)`) gives
//!
//! - an XLSX whose every XML part is well-formed as far as characters go (no C0 control
//!   but TAB, LF, CR), read back by calamine with the same texts;
//! - a plain CSV with the texts byte for byte, and an Excel CSV (`--format csv-excel`)
//!   starting with a BOM whose formula-like cells are neutralised with `'`;
//! - `check` reports (text and Markdown) and an HTML report without a raw control
//!   character;
//!
//! and the smaller defects: `--jobs` capped, `--timeout` on `check` and `diff`, `diff a a`
//! named `a--a`, a dangling link reported, an unmakeable output folder said once.

mod support;

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};
use support::bin::{command, compmap_in};

const FIXTURE: &str = include_str!("../fixtures/business-english-standards.txt");

/// The hostile texts and the 1-based line each is put on (after its code), in course 1.
const TEXTS: [(usize, &str, &str); 3] = [
    (43, "01-01-01", "=HYPERLINK(\"http://x\",\"y\")"),
    (
        45,
        "01-01-02",
        "-2~3天\u{b}第二行\u{7}响铃\u{1}起始<script>alert(1)</script>",
    ),
    (47, "01-01-03", "@SUM(1+1)\u{1b}]0;pwned\u{7}\u{1b}[2J清屏"),
];

/// The fixture with lines 43, 45, 47 (course 1's first competencies) replaced by
/// [`TEXTS`], written as `dir/hostile.txt`.
fn hostile(dir: &Path) -> PathBuf {
    let mut lines: Vec<String> = FIXTURE.split('\n').map(String::from).collect();
    for (line, code, text) in TEXTS {
        assert!(
            lines[line - 1].starts_with(code),
            "fixture changed: {}",
            lines[line - 1]
        );
        lines[line - 1] = format!("{code} {text}");
    }
    let path = dir.join("hostile.txt");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = compmap_in(args, cwd);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Each control character XML 1.0 forbids (C0 but TAB, LF, CR) found in an XML part of
/// the zip at `path`, as (part, byte offset, byte).
fn xml_control_bytes(path: &Path) -> Vec<(String, usize, u8)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut found = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        for (at, &b) in bytes.iter().enumerate() {
            if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                found.push((name.clone(), at, b));
            }
        }
    }
    found
}

/// The text cells of `sheet` in `xlsx`.
fn sheet_texts(xlsx: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(xlsx).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Course 1's mapping row of `code` on `line`, in rows with the mappings columns.
fn text_of(rows: &[Vec<String>], code: &str, line: usize) -> Option<String> {
    rows.iter()
        .find(|r| r[7] == code && r[10] == line.to_string())
        .map(|r| r[8].clone())
}

#[test]
fn hostile_texts_survive_in_the_workbook_and_the_plain_csv() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let (code, _, err) = run(
        &[
            "convert",
            "hostile.txt",
            "-o",
            "out",
            "--format",
            "xlsx,csv",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out");
    let xlsx = out.join("hostile.xlsx");
    assert_eq!(
        xml_control_bytes(&xlsx),
        [],
        "raw control characters in the XLSX"
    );

    let plain = std::fs::read(out.join("hostile.mappings.csv")).unwrap();
    assert!(
        !plain.starts_with(b"\xEF\xBB\xBF"),
        "the plain CSV has no BOM"
    );
    let csv = csv_rows(&plain);
    let sheet = sheet_texts(&xlsx, "Mappings");
    for (line, code, text) in TEXTS {
        assert_eq!(
            text_of(&csv, code, line).as_deref(),
            Some(text),
            "CSV {code}"
        );
        assert_eq!(
            text_of(&sheet, code, line).as_deref(),
            Some(text),
            "XLSX {code}"
        );
    }
    // The Findings sheet (its messages are links, which broke the XML) quotes the texts
    // of the text conflicts they cause, read back exactly too.
    let findings = sheet_texts(&xlsx, "Findings");
    let csv_findings = csv_rows(&std::fs::read(out.join("hostile.findings.csv")).unwrap());
    assert_eq!(findings, csv_findings);
    assert!(
        findings.iter().flatten().any(|c| c.contains("\u{1b}[2J")),
        "a finding quotes the ESC text"
    );
}

#[test]
fn excel_csv_has_a_bom_and_neutralised_formulas_next_to_the_exact_csv() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let (code, _, err) = run(
        &[
            "convert",
            "hostile.txt",
            "-o",
            "out",
            "--format",
            "csv,csv-excel",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out");
    for table in ["mappings", "courses", "competencies", "matrix", "findings"] {
        let plain = std::fs::read(out.join(format!("hostile.{table}.csv"))).unwrap();
        let excel = std::fs::read(out.join(format!("hostile.{table}.excel.csv"))).unwrap();
        let body = excel
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or_else(|| panic!("{table}: no BOM"));
        let (plain, excel) = (csv_rows(&plain), csv_rows(body));
        assert_eq!(plain.len(), excel.len(), "{table}");
        for (p, e) in plain.iter().flatten().zip(excel.iter().flatten()) {
            if p.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert_eq!(*e, format!("'{p}"), "{table}");
            } else {
                assert_eq!(e, p, "{table}");
            }
        }
    }
    let excel = std::fs::read(out.join("hostile.mappings.excel.csv")).unwrap();
    let rows = csv_rows(&excel[3..]);
    for (line, code, text) in TEXTS {
        assert_eq!(
            text_of(&rows, code, line),
            Some(format!("'{text}")),
            "{code}"
        );
    }
}

/// Bytes a terminal would obey: C0 controls but TAB and LF, DEL, and C1 controls.
fn hostile_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect()
}

#[test]
fn check_reports_show_control_characters_instead_of_sending_them() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    for format in ["text", "markdown"] {
        let (code, out, err) = run(&["check", "hostile.txt", "--format", format], dir.path());
        assert_eq!(code, 1, "{format}: errors found\n{err}");
        assert_eq!(hostile_chars(&out), [], "{format}: {out}");
        assert_eq!(hostile_chars(&err), [], "{format}: {err}");
        assert!(
            out.contains('␛') && out.contains('␋'),
            "{format}: shown\n{out}"
        );
    }
    // With colours (a terminal) the text goes through the same filter: see the unit test
    // `control_characters_of_the_document_are_shown_colours_kept` in report::diagnostics.
}

#[test]
fn html_report_escapes_markup_and_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let (code, _, err) = run(
        &["convert", "hostile.txt", "-o", "out", "--format", "html"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(dir.path().join("out/hostile.html")).unwrap();
    assert_eq!(hostile_chars(&html), []);
    assert!(!html.contains("<script>alert"), "markup escaped");
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;"));
}

#[test]
fn diff_workbook_is_valid_and_reads_back_the_texts() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    std::fs::write(dir.path().join("plain.txt"), FIXTURE).unwrap();
    let (code, _, err) = run(
        &[
            "diff",
            "plain.txt",
            "hostile.txt",
            "-o",
            "out",
            "--format",
            "csv,xlsx,csv-excel",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out");
    let xlsx = out.join("plain--hostile.diff.xlsx");
    assert_eq!(xml_control_bytes(&xlsx), []);
    let sheet = sheet_texts(&xlsx, "all changes");
    let csv = csv_rows(&std::fs::read(out.join("plain--hostile.diff.csv")).unwrap());
    assert_eq!(sheet, csv);
    for (_, _, text) in TEXTS {
        assert!(csv.iter().any(|r| r[6] == text), "{text:?} in the diff");
    }
    let excel = std::fs::read(out.join("plain--hostile.diff.excel.csv")).unwrap();
    let rows = csv_rows(excel.strip_prefix(b"\xEF\xBB\xBF").expect("BOM"));
    assert!(rows.iter().any(|r| r[6] == format!("'{}", TEXTS[0].2)));
    assert!(rows
        .iter()
        .flatten()
        .all(|c| !c.starts_with(['=', '+', '-', '@'])));
}

#[test]
fn diff_of_a_file_with_itself_is_named_a_dash_dash_a() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), FIXTURE).unwrap();
    let (code, _, err) = run(&["diff", "a.txt", "a.txt", "-o", "out"], dir.path());
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a--a.diff.csv", "a--a.diff.xlsx"]);
}

#[test]
fn jobs_beyond_the_cores_are_capped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..20 {
        std::fs::write(input.join(format!("s{i:02}.txt")), FIXTURE).unwrap();
    }
    let mut times = Vec::new();
    for jobs in ["2", "10000"] {
        let out = format!("out{jobs}");
        let start = std::time::Instant::now();
        let (code, _, err) = run(
            &[
                "convert", "in", "-o", &out, "--format", "csv", "--jobs", jobs,
            ],
            dir.path(),
        );
        times.push(start.elapsed().as_secs_f64());
        assert_eq!(code, 0, "{err}");
        let noted = err.contains(&format!("note: --jobs {jobs} is more than the"));
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(noted, jobs.parse::<usize>().unwrap() > cores, "{err}");
        assert!(err.contains("20 of 20 files converted"), "{err}");
    }
    eprintln!(
        "20 files: --jobs 2 {:.2} s, --jobs 10000 {:.2} s",
        times[0], times[1]
    );
    let same = |name: &str| {
        std::fs::read(dir.path().join("out2").join(name)).unwrap()
            == std::fs::read(dir.path().join("out10000").join(name)).unwrap()
    };
    assert!(same("s07.mappings.csv"));
}

#[cfg(unix)]
#[test]
fn check_and_diff_give_up_on_a_fifo_after_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("notice: mkfifo unavailable; skipped");
        return;
    }
    std::fs::write(dir.path().join("b.txt"), FIXTURE).unwrap();
    for args in [
        vec!["check", "fifo.txt", "--timeout", "1"],
        vec!["diff", "fifo.txt", "b.txt", "--timeout", "1", "-o", "out"],
    ] {
        let mut child = command(&args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed().as_secs() > 60 {
                let _ = child.kill();
                panic!("{args:?} still blocked on the FIFO after 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("fifo.txt: gave up after 1 s"),
            "{args:?}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_a_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), FIXTURE).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing.txt"), input.join("gone.txt")).unwrap();
    let (code, _, err) = run(
        &["convert", "in", "-o", "out", "--format", "csv"],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("gone.txt"), "{err}");
    assert!(err.contains("1 of 2 files converted"), "{err}");
    assert!(dir.path().join("out/a.mappings.csv").is_file());
}

#[test]
fn an_output_folder_that_cannot_be_made_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), FIXTURE).unwrap();
    std::fs::write(dir.path().join("b.txt"), FIXTURE).unwrap();
    // A file where the output folder's parent should be: not even root can write there.
    let (code, _, err) = run(
        &["convert", "a.txt", "b.txt", "-o", "a.txt/out"],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("a.txt/out"), "{err}");
    assert!(errors[0].contains("nothing was converted"), "{err}");
    // The reason once, not repeated by the error's source.
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}
