//! The OCR corpus tools of issue 17: the scorer (`scripts/ocr_score.py`) on made-up outputs
//! (a perfect output scores 100 %, one changed character is counted, a finding on the wrong
//! row covers it, a missing row is counted), and the committed scan pages of
//! `fixtures/scans/` (each with its expected rows, taken from the source's gold, and no text
//! layer where it is a scan). The scorer needs `python3`; the scan checks `pdftotext`
//! (poppler-utils). Without them the tests print a notice and pass, except under `CI=true`.
//!
//! `cargo test --release --test ocr_corpus -- --ignored --nocapture` converts the committed
//! pages with `--ocr auto` and prints their scores (no floor: the figures of the whole
//! corpus come from `scripts/ocr_corpus.sh`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::gold::csv_rows;

const GOLD: &str = "tests/golden/business-english-standards.pdf-rows.csv";
const SCORER: &str = "scripts/ocr_score.py";
const SCANS: &str = "fixtures/scans";
const HEADER: [&str; 11] = [
    "course_no",
    "course_category",
    "course_name",
    "project_code",
    "project_name",
    "task_code",
    "task_name",
    "competency_code",
    "competency_text",
    "page",
    "line",
];
const FINDINGS_HEADER: [&str; 7] = [
    "severity",
    "rule",
    "course_no",
    "code",
    "page",
    "line",
    "message",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// The scorer's JSON line (its last line of output) for `expected` against `mappings`.
fn score(expected: &Path, mappings: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(root().join(SCORER))
        .arg(expected)
        .arg(mappings)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "scorer failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().expect("the scorer prints");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("not JSON ({e}): {last}"))
}

fn int(v: &serde_json::Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// A made-up output: the gold rows (with a `line`) after `edit`, and findings.
struct Case {
    dir: tempfile::TempDir,
    gold: Vec<Vec<String>>,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let gold = csv_rows(GOLD, 10);
        write_csv(&dir.path().join("doc.rows.csv"), &HEADER[..10], &gold);
        Case { dir, gold }
    }

    fn run(&self, rows: &[Vec<String>], findings: &[[&str; 7]]) -> serde_json::Value {
        let with_line: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut r = r.clone();
                r.push((i + 1).to_string());
                r
            })
            .collect();
        let out = self.dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        write_csv(&out.join("doc.mappings.csv"), &HEADER, &with_line);
        let findings: Vec<Vec<String>> = findings
            .iter()
            .map(|f| f.iter().map(|s| s.to_string()).collect())
            .collect();
        write_csv(&out.join("doc.findings.csv"), &FINDINGS_HEADER, &findings);
        // The output directory form: `<stem>.mappings.csv` found from the expected name.
        score(&self.dir.path().join("doc.rows.csv"), &out)
    }
}

/// One character of `s` replaced (the first CJK one by 口, else the last by X).
fn one_char_changed(s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    let i = cs
        .iter()
        .position(|c| *c > '\u{2e80}')
        .unwrap_or(cs.len() - 1);
    cs[i] = if cs[i] == '口' { '日' } else { '口' };
    cs.into_iter().collect()
}

#[test]
fn a_perfect_output_scores_everything_right() {
    if !support::tools::have("python3", "--version", "python3") {
        return;
    }
    let case = Case::new();
    let n = case.gold.len() as u64;
    assert_eq!(n, 1294);
    let s = case.run(&case.gold, &[]);
    assert_eq!(int(&s, "rows"), n);
    assert_eq!(int(&s, "codes_exact"), n);
    assert_eq!(int(&s, "rows_exact"), n);
    assert_eq!(int(&s, "char_errors"), 0);
    assert_eq!(s["char_right"].as_f64(), Some(1.0));
    assert_eq!(int(&s, "wrong"), 0);
    assert_eq!(int(&s, "silent"), 0);
    // Characters counted over the text cells (every column but page and line).
    let chars: usize = case
        .gold
        .iter()
        .map(|r| r[..9].iter().map(|c| c.chars().count()).sum::<usize>())
        .sum();
    assert_eq!(int(&s, "chars"), chars as u64);
}

#[test]
fn one_changed_character_is_one_wrong_row_silent_until_a_finding_is_on_it() {
    if !support::tools::have("python3", "--version", "python3") {
        return;
    }
    let case = Case::new();
    let n = case.gold.len() as u64;
    let k = 700;
    let mut rows = case.gold.clone();
    rows[k][8] = one_char_changed(&rows[k][8]);
    let s = case.run(&rows, &[]);
    assert_eq!(int(&s, "char_errors"), 1);
    assert_eq!(int(&s, "rows_exact"), n - 1);
    assert_eq!(int(&s, "codes_exact"), n);
    assert_eq!(int(&s, "wrong"), 1);
    assert_eq!(int(&s, "silent"), 1);
    assert_eq!(s["fields"]["competency_text"]["wrong"].as_u64(), Some(1));
    assert_eq!(s["fields"]["competency_text"]["distance"].as_u64(), Some(1));
    assert_eq!(s["fields"]["competency_code"]["wrong"].as_u64(), Some(0));
    let chars = int(&s, "chars") as f64;
    let right = s["char_right"].as_f64().unwrap();
    assert!((right - (1.0 - 1.0 / chars)).abs() < 1e-12, "{right}");

    // An ocr-uncertain finding naming the row's competency code covers it; a finding of
    // another rule, or on another code, does not.
    let (course, code) = (rows[k][0].clone(), rows[k][7].clone());
    let other = rows[k + 1][7].clone();
    let on = [
        "warning",
        "ocr-uncertain",
        &course,
        &code,
        "",
        "",
        "low confidence",
    ];
    let off_rule = ["warning", "stray-text", &course, &code, "", "", "x"];
    let off_code = ["warning", "ocr-uncertain", &course, &other, "", "", "x"];
    assert_eq!(int(&case.run(&rows, &[off_rule, off_code]), "silent"), 1);
    let s = case.run(&rows, &[on]);
    assert_eq!(int(&s, "silent"), 0);
    assert_eq!(int(&s, "wrong"), 1);
    // ... so does one on the row's page and line, or one quoting the wrong reading.
    let (page, line) = (rows[k][9].clone(), (k + 1).to_string());
    let at = ["warning", "ocr-uncertain", "", "", &page, &line, "box"];
    assert_eq!(int(&case.run(&rows, &[at]), "silent"), 0);
    let quoted = format!("read `{}` (0.41)", rows[k][8]);
    let quoting = ["warning", "ocr-uncertain", &course, "", "", "", &quoted];
    assert_eq!(int(&case.run(&rows, &[quoting]), "silent"), 0);
    // A finding quoting only part of the reading, or naming no course and no code, is not
    // on a wrong course name.
    let part: String = rows[k][8].chars().take(3).collect();
    let partial = format!("read `{part}` (0.41)");
    let quoting_part = ["warning", "ocr-uncertain", &course, "", "", "", &partial];
    assert_eq!(int(&case.run(&rows, &[quoting_part]), "silent"), 1);
    let mut rows = case.gold.clone();
    rows[k][2] = one_char_changed(&rows[k][2]);
    let anywhere = ["warning", "ocr-uncertain", "", "", "1", "", "somewhere"];
    let s = case.run(&rows, &[anywhere]);
    assert_eq!((int(&s, "wrong"), int(&s, "silent")), (1, 1));
    let on_course = ["warning", "ocr-uncertain", &course, "", "", "", "the title"];
    assert_eq!(int(&case.run(&rows, &[on_course]), "silent"), 0);
}

#[test]
fn a_misread_code_a_missing_row_and_an_extra_row_are_counted() {
    if !support::tools::have("python3", "--version", "python3") {
        return;
    }
    let case = Case::new();
    let n = case.gold.len() as u64;
    // A code misread (7 for 1): the code is wrong, the row paired all the same.
    let mut rows = case.gold.clone();
    let code: String = rows[10][7]
        .chars()
        .map(|c| if c == '1' { '7' } else { c })
        .collect();
    assert_ne!(code, rows[10][7], "the code has a 1 to misread");
    rows[10][7] = code;
    let s = case.run(&rows, &[]);
    assert_eq!(int(&s, "codes_exact"), n - 1);
    assert_eq!(int(&s, "missing"), 0);
    assert_eq!(int(&s, "silent"), 1);

    // A row dropped: missing, its characters all wrong.
    let mut rows = case.gold.clone();
    let gone = rows.remove(500);
    let s = case.run(&rows, &[]);
    assert_eq!(int(&s, "missing"), 1);
    assert_eq!(int(&s, "rows_exact"), n - 1);
    assert_eq!(int(&s, "codes_exact"), n - 1);
    let gone_chars: usize = gone[..9].iter().map(|c| c.chars().count()).sum();
    assert_eq!(int(&s, "char_errors"), gone_chars as u64);
    assert_eq!(int(&s, "silent"), 1);

    // A row read twice: one extra, every expected row exact.
    let mut rows = case.gold.clone();
    rows.insert(300, rows[300].clone());
    let s = case.run(&rows, &[]);
    assert_eq!(int(&s, "extra"), 1);
    assert_eq!(int(&s, "rows_exact"), n);
    assert_eq!(int(&s, "wrong"), 1);

    // Nothing read (compmap refused the scan): every row missing, no character right.
    let empty = tempfile::tempdir().unwrap();
    let s = score(&case.dir.path().join("doc.rows.csv"), empty.path());
    assert_eq!(int(&s, "missing"), n);
    assert_eq!(s["char_right"].as_f64(), Some(0.0));
    assert_eq!(s["no_output"].as_bool(), Some(true));
}

/// The committed pages of `fixtures/scans/`, in name order.
fn committed() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(root().join(SCANS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

fn stem(pdf: &Path) -> String {
    pdf.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn the_committed_scan_pages_hold_what_their_readme_says() {
    let pdfs = committed();
    let names: Vec<String> = pdfs.iter().map(|p| stem(p)).collect();
    // One of each kind the other tests need: a 300-dpi bilevel fixture page, a 200-dpi
    // skewed JPEG of another programme, a page whose fonts lost their Unicode map.
    for kind in [".300-g4", ".200-jpeg", ".fontless"] {
        assert!(
            names.iter().any(|n| n.ends_with(kind)),
            "no {kind} page in {names:?}"
        );
    }
    let total: u64 = pdfs.iter().map(|p| p.metadata().unwrap().len()).sum();
    assert!(total < 3 << 20, "fixtures/scans holds {total} bytes");
    let gold = csv_rows(GOLD, 10);
    for pdf in &pdfs {
        let name = stem(pdf);
        let rows = csv_rows(Path::new(SCANS).join(format!("{name}.rows.csv")), 10);
        let courses = csv_rows(Path::new(SCANS).join(format!("{name}.courses.csv")), 5);
        assert!(!rows.is_empty(), "{name}: no expected rows");
        assert!(!courses.is_empty(), "{name}: no expected courses");
        for r in &rows {
            assert!(
                courses.iter().any(|c| c[0] == r[0]),
                "{name}: course {} has no expected course",
                r[0]
            );
        }
        // The fixture's pages: exactly the PDF gold rows of pages 1..=last.
        if name.starts_with("business-english.p1-") {
            let last: u32 = rows
                .iter()
                .map(|r| r[9].parse::<u32>().unwrap())
                .max()
                .unwrap();
            let want: Vec<Vec<String>> = gold
                .iter()
                .filter(|r| r[9].parse::<u32>().unwrap() <= last)
                .cloned()
                .collect();
            assert_eq!(rows, want, "{name}: not the gold rows of pages 1..={last}");
        }
    }
}

#[test]
fn the_committed_scans_have_no_text_layer_and_the_stripped_pages_no_unicode_map() {
    if !support::tools::have("pdftotext", "-v", "poppler-utils") {
        return;
    }
    for pdf in committed() {
        let name = stem(&pdf);
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: pdftotext failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let cjk = text
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        // Neither a scan nor a page whose fonts lost their maps gives Chinese text.
        assert_eq!(cjk, 0, "{name}: {cjk} CJK characters in its text layer");
        let bytes = std::fs::read(&pdf).unwrap();
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if name.ends_with(".fontless") {
            assert!(has(b"/Font"), "{name}: no fonts");
            assert!(!has(b"/ToUnicode"), "{name}: a ToUnicode map is left");
        } else {
            assert!(has(b"/Image"), "{name}: no image");
            assert!(!has(b"/Font"), "{name}: a font in a scan");
        }
    }
}

/// Prints the scores of the committed pages read with `--ocr auto` (once the OCR reader
/// exists); no floor here.
#[test]
#[ignore]
fn committed_scans_through_ocr_print_their_scores() {
    if !support::tools::have("python3", "--version", "python3") {
        return;
    }
    let help = support::bin::compmap(["convert", "--help"]);
    if !String::from_utf8_lossy(&help.stdout).contains("--ocr") {
        eprintln!("NOTICE: this compmap has no --ocr; nothing to score");
        return;
    }
    for pdf in committed() {
        let out = tempfile::tempdir().unwrap();
        let run = support::bin::compmap([
            "convert".as_ref(),
            pdf.as_os_str(),
            "--ocr".as_ref(),
            "auto".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
            "-o".as_ref(),
            out.path().as_os_str(),
        ]);
        eprintln!(
            "{}: exit {:?} {}",
            stem(&pdf),
            run.status.code(),
            String::from_utf8_lossy(&run.stderr).trim()
        );
        let expected = root().join(SCANS).join(format!("{}.rows.csv", stem(&pdf)));
        let printed = Command::new("python3")
            .arg(root().join(SCORER))
            .arg(&expected)
            .arg(out.path())
            .output()
            .unwrap();
        eprintln!("{}", String::from_utf8_lossy(&printed.stdout));
    }
}
