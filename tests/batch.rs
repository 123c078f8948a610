//! Batch runs: input expansion, output stems, failures and panics per file, order and
//! outputs independent of the number of jobs, and `batch-summary.csv`.

use compmap::batch::{self, Event, Options, Outcome};
use compmap::export::Format;
use compmap::{Course, Error, Loc, Mapping, Severity, Standard};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/business-english-standards.txt"
);

fn touch(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Bytes from a fixed linear congruential generator: "random", but the same every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

fn options(out: &Path, jobs: usize) -> Options {
    Options {
        out_dir: out.to_path_buf(),
        formats: vec![Format::Csv, Format::Json, Format::Xlsx],
        export: Default::default(),
        jobs,
        write_summary: true,
        timeout: None,
        revision: None,
    }
}

fn quiet(_: Event<'_>) {}

#[test]
fn expand_recurses_sorts_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        "b.pdf",
        "a.TXT",
        "notes.csv",
        ".hidden.txt",
        "._b.pdf",
        "sub/z/c.Pdf",
        "sub/a.txt",
        ".git/x.txt",
        "noext",
    ] {
        touch(&d.join(name), b"x");
    }
    let single = d.join("notes.csv");
    let got: Vec<PathBuf> = batch::expand(&[d.to_path_buf(), single.clone(), d.join("b.pdf")])
        .into_iter()
        .map(|i| {
            assert_eq!(i.problem, None);
            i.path
        })
        .collect();
    assert_eq!(
        got,
        vec![
            d.join("a.TXT"),
            d.join("b.pdf"),
            d.join("sub/a.txt"),
            d.join("sub/z/c.Pdf"),
            // A file named on the command line is taken whatever its extension...
            single,
            // ...and a file reached twice is kept once.
        ]
    );
}

#[test]
fn expand_reports_empty_directories_and_keeps_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    touch(&empty.join("readme.md"), b"x");
    let missing = dir.path().join("missing.pdf");
    let got = batch::expand(&[empty.clone(), missing.clone()]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].path, empty);
    assert!(got[0]
        .problem
        .as_deref()
        .unwrap()
        .contains("no .pdf or .txt"));
    assert_eq!(got[1].path, missing);
    assert_eq!(got[1].problem, None);
}

#[test]
fn stems_are_unique_and_stable() {
    let p = |s: &str| PathBuf::from(s);
    let got = batch::stems(&[
        p("2023/standards.pdf"),
        p("2024/standards.pdf"),
        p("2024/Standards.txt"),
        p("other.txt"),
        p("x/y/other.pdf"),
        p("a/dup.txt"),
        p("b/a/dup.txt"),
        p("only.pdf"),
    ]);
    assert_eq!(
        got,
        vec![
            "2023-standards",
            "2024-standards-pdf",
            "2024-Standards-txt",
            "other-txt",
            "other-pdf",
            "a-dup",
            "a-dup-2",
            "only",
        ]
    );
    assert_eq!(
        batch::stems(&[p("one/x.txt"), p("two/y.txt")]),
        vec!["x", "y"]
    );
}

/// A stand-in converter: `ok N` gives a standard of N rows, `panic` panics, anything else
/// fails. Lets the batch machinery be tested on its own.
fn fake_convert(path: &Path) -> compmap::Result<Standard> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = text.trim();
    if text == "panic" {
        panic!("fake converter panicked on purpose");
    }
    let Some(n) = text
        .strip_prefix("ok ")
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return Err(Error::NoCourseTable {
            path: path.to_path_buf(),
        });
    };
    let mut s = Standard {
        source: path.file_name().unwrap().to_string_lossy().into_owned(),
        courses: vec![Course {
            course_no: 1,
            category: "c".into(),
            name: "n".into(),
            level: "l".into(),
            description: "d".into(),
            loc: Loc::new(1, 1),
            labels: Vec::new(),
        }],
        ..Default::default()
    };
    for i in 0..n {
        s.mappings.push(Mapping {
            course_no: 1,
            project_code: "01".into(),
            project_name: "p".into(),
            task_code: "01-01".into(),
            task_name: "t".into(),
            competency_code: format!("01-01-{:02}", i + 1),
            competency_text: "x".into(),
            loc: Loc::new(1, i as u32 + 2),
        });
    }
    s.findings.push(compmap::Finding {
        severity: Severity::Warning,
        rule: compmap::Rule::StrayText,
        course_no: None,
        code: String::new(),
        loc: Loc::new(1, 1),
        message: "m".into(),
        expected: None,
        span: None,
    });
    Ok(s)
}

fn strip_seconds(summary: &str) -> String {
    summary
        .lines()
        .map(|l| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            let rec = r.records().next().unwrap().unwrap();
            let mut cells: Vec<&str> = rec.iter().collect();
            cells[6] = "";
            cells.join("|")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn failures_and_panics_stay_with_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    touch(&input.join("a.txt"), b"ok 3");
    touch(&input.join("b.txt"), b"panic");
    touch(&input.join("c.txt"), b"");
    touch(&input.join("d/e.pdf"), b"ok 5");
    let out = dir.path().join("out");
    let events = Mutex::new(Vec::new());
    let progress = |e: Event<'_>| {
        let entry = match e {
            Event::Started { index, total, .. } => (index, total, false),
            Event::Finished { index, total, .. } => (index, total, true),
        };
        events.lock().unwrap().push(entry);
    };
    let report = batch::run_with(
        &[input.clone(), dir.path().join("gone.txt")],
        &options(&out, 2),
        &progress,
        &fake_convert,
    )
    .unwrap();

    let names: Vec<String> = report
        .files
        .iter()
        .map(|f| {
            f.path
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["in/a.txt", "in/b.txt", "in/c.txt", "in/d/e.pdf", "gone.txt"]
    );
    let stems: Vec<&str> = report.files.iter().map(|f| f.stem.as_str()).collect();
    assert_eq!(stems, ["a", "b", "c", "e", "gone"]);

    assert_eq!(report.files[0].converted().unwrap().rows, 3);
    assert_eq!(report.files[3].converted().unwrap().rows, 5);
    let panic = report.files[1].failure().unwrap();
    assert!(
        panic.contains("internal error") && panic.contains("on purpose"),
        "{panic}"
    );
    assert!(panic.contains("b.txt"), "{panic}");
    assert!(report.files[2].failure().unwrap().contains("c.txt"));
    assert!(report.files[4].failure().unwrap().contains("gone.txt"));
    assert_eq!(report.failed().count(), 3);
    assert_eq!(report.rows(), 8);
    assert_eq!(report.count(Severity::Warning), 2);
    assert_eq!(report.count(Severity::Error), 0);

    let mut events = events.into_inner().unwrap();
    assert_eq!(events.len(), 10);
    events.sort();
    for (i, pair) in events.chunks(2).enumerate() {
        assert_eq!(pair, [(i, 5, false), (i, 5, true)]);
    }

    let summary = report.summary.as_ref().unwrap();
    assert_eq!(summary, &out.join("batch-summary.csv"));
    let text = std::fs::read_to_string(summary).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "file,status,courses,rows,errors,warnings,seconds,output,reason"
    );
    assert_eq!(lines.len(), 6);
    assert!(lines[1].starts_with(&format!(
        "{},converted,1,3,0,1,",
        input.join("a.txt").display()
    )));
    assert!(lines[1].ends_with(",a,"), "{}", lines[1]);
    assert!(lines[2].contains(",failed,,,,,"), "{}", lines[2]);
}

#[test]
fn results_do_not_depend_on_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..7 {
        let body = if i == 4 {
            "broken".to_string()
        } else {
            format!("ok {}", i + 1)
        };
        touch(&input.join(format!("f{i}.txt")), body.as_bytes());
    }
    let run = |jobs: usize| {
        let out = dir.path().join(format!("out{jobs}"));
        let report = batch::run_with(
            std::slice::from_ref(&input),
            &options(&out, jobs),
            &quiet,
            &fake_convert,
        )
        .unwrap();
        let outcomes: Vec<(PathBuf, String, Outcome)> = report
            .files
            .iter()
            .map(|f| {
                let mut o = f.outcome.clone();
                if let Outcome::Converted(c) = &mut o {
                    for w in &mut c.written {
                        *w = w.strip_prefix(&out).unwrap().to_path_buf();
                    }
                }
                (f.path.clone(), f.stem.clone(), o)
            })
            .collect();
        let summary = std::fs::read_to_string(out.join("batch-summary.csv")).unwrap();
        (outcomes, strip_seconds(&summary))
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(0));
    assert_eq!(one.0.len(), 7);
}

#[test]
fn summary_can_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    touch(&dir.path().join("a.txt"), b"ok 1");
    let out = dir.path().join("out");
    let mut opts = options(&out, 1);
    opts.write_summary = false;
    let report =
        batch::run_with(&[dir.path().join("a.txt")], &opts, &quiet, &fake_convert).unwrap();
    assert_eq!(report.summary, None);
    assert!(!out.join("batch-summary.csv").exists());
}

/// Everything in `dir` except the batch summary, by file name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "batch-summary.csv")
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn real_batch_converts_good_files_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("revisions");
    std::fs::create_dir_all(input.join("2024")).unwrap();
    std::fs::copy(FIXTURE, input.join("2023.txt")).unwrap();
    std::fs::copy(FIXTURE, input.join("2024/standards.txt")).unwrap();
    touch(&input.join("empty.txt"), b"");
    touch(&input.join("noise.pdf"), &noise(4096));
    touch(&input.join("noise.txt"), &noise(4096));

    let run = |jobs: usize| {
        let out = dir.path().join(format!("out{jobs}"));
        let report =
            batch::run(std::slice::from_ref(&input), &options(&out, jobs), &quiet).unwrap();
        (report, out)
    };
    let (report, out1) = run(1);
    let status: Vec<(String, bool)> = report
        .files
        .iter()
        .map(|f| (f.stem.clone(), f.converted().is_some()))
        .collect();
    assert_eq!(
        status,
        [
            ("2023".to_string(), true),
            ("standards".to_string(), true),
            ("empty".to_string(), false),
            ("noise-pdf".to_string(), false),
            ("noise-txt".to_string(), false),
        ]
    );
    for f in report.converted() {
        assert_eq!((f.courses, f.rows), (12, 1294));
        assert!(!f.written.is_empty());
    }
    for f in report.failed() {
        let reason = f.failure().unwrap();
        let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(reason.contains(&name), "{reason}");
        assert!(!reason.contains("internal error"), "{reason}");
    }

    let (report2, out2) = run(2);
    assert_eq!(
        report
            .files
            .iter()
            .map(|f| (&f.path, &f.stem))
            .collect::<Vec<_>>(),
        report2
            .files
            .iter()
            .map(|f| (&f.path, &f.stem))
            .collect::<Vec<_>>()
    );
    let (a, b) = (outputs(&out1), outputs(&out2));
    assert!(
        a.len() >= 2,
        "{:?}",
        a.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(a, b);
    let summary =
        |d: &Path| strip_seconds(&std::fs::read_to_string(d.join("batch-summary.csv")).unwrap());
    assert_eq!(summary(&out1), summary(&out2));
}

#[test]
fn a_file_over_the_time_limit_is_reported_and_the_batch_goes_on() {
    use std::time::Duration;
    let fixture = std::path::Path::new("fixtures/business-english-standards.pdf");
    // No conversion finishes in a nanosecond: the file is given up, with a message naming it.
    let err = compmap::batch::convert_within(fixture, Duration::from_nanos(1)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("business-english-standards.pdf"), "{text}");
    assert!(text.contains("gave up"), "{text}");
    // A generous limit changes nothing.
    let s = compmap::batch::convert_within(fixture, Duration::from_secs(120)).unwrap();
    assert_eq!(s.mappings.len(), 1294);
    // Through the batch: every file fails alone, the run itself completes.
    let dir = tempfile::tempdir().unwrap();
    let options = compmap::batch::Options {
        out_dir: dir.path().to_path_buf(),
        formats: vec![compmap::export::Format::Csv],
        export: Default::default(),
        jobs: 2,
        write_summary: true,
        timeout: Some(Duration::from_nanos(1)),
        revision: None,
    };
    let inputs = vec![
        fixture.to_path_buf(),
        "fixtures/business-english-standards.txt".into(),
    ];
    let report = compmap::batch::run(&inputs, &options, &|_| {}).unwrap();
    assert_eq!(report.failed().count(), 2);
    assert!(dir.path().join("batch-summary.csv").is_file());
}
