//! `convert --format sqlite`, `import` and the database itself, checked with the `sqlite3`
//! command-line client (Debian `sqlite3`) and GNU `parallel` (Debian `parallel`). Without
//! them the tests print a notice and pass, except under `CI=true`, where they fail.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `sqlite3 -csv -header DB SQL`, parsed.
fn query(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let out = Command::new("sqlite3")
        .args(["-csv", "-header", "-cmd", ".timeout 10000"])
        .arg(db)
        .arg(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_csv(&out.stdout)
}

fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn scalar(db: &Path, sql: &str) -> String {
    let rows = query(db, sql);
    rows.get(1).map(|r| r.join("|")).unwrap_or_default()
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = support::bin::command(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

/// The column names of a `SELECT a, b FROM …`.
fn read_header(sql: &str) -> Vec<String> {
    let cols = &sql["SELECT ".len()..sql.find(" FROM ").unwrap()];
    cols.split(", ").map(str::to_string).collect()
}

/// The inputs: the bundled fixture and the two logistics revisions.
fn inputs() -> Vec<PathBuf> {
    [
        "fixtures/business-english-standards.txt",
        "fixtures/revisions/logistics-2023.txt",
        "fixtures/revisions/logistics-2024.txt",
    ]
    .iter()
    .map(PathBuf::from)
    .collect()
}

fn convert(inputs: &[PathBuf], out: &Path, formats: &str, jobs: &str) {
    let mut args = vec![os("convert"), os("-q"), os("--jobs"), os(jobs)];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend([os("--format"), os(formats), os("-o"), out.as_os_str()]);
    run(&args);
}

const TABLES: [&str; 7] = [
    "document",
    "course",
    "project",
    "task",
    "competency",
    "mapping",
    "finding",
];

fn counts(db: &Path) -> Vec<String> {
    TABLES
        .iter()
        .map(|t| scalar(db, &format!("SELECT count(*) FROM {t}")))
        .collect()
}

fn dump(db: &Path) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(".dump")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn assert_clean(db: &Path) {
    assert_eq!(scalar(db, "PRAGMA integrity_check"), "ok");
    assert_eq!(query(db, "PRAGMA foreign_key_check").len(), 0);
}

#[test]
fn views_equal_the_csvs_and_reconverting_changes_nothing() {
    if !support::tools::have("sqlite3", "--version", "sqlite3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    convert(&inputs(), out, "csv,sqlite", "2");
    let db = out.join("compmap.sqlite");
    assert_clean(&db);
    assert_eq!(scalar(&db, "PRAGMA user_version"), "1");
    let stems = [
        "business-english-standards",
        "logistics-2023",
        "logistics-2024",
    ];
    for stem in stems {
        let file = format!("{stem}.txt");
        let read = |table: &str| {
            parse_csv(&std::fs::read(out.join(format!("{stem}.{table}.csv"))).unwrap())
        };
        // sqlite3 prints no header for no rows: compare the header only when there is one.
        let view = |sql: &str| {
            let mut rows = query(&db, &sql.replace("FILE", &file));
            if rows.is_empty() {
                rows.push(read_header(sql));
            }
            rows
        };
        let mappings = view(
            "SELECT course_no, course_category, course_name, project_code, project_name, task_code, task_name, competency_code, competency_text, page, line FROM mappings WHERE file = 'FILE' ORDER BY seq",
        );
        assert_eq!(mappings, read("mappings"), "{stem} mappings");
        let courses = view(
            "SELECT course_no, course_category, course_name, level, description, competency_count FROM courses WHERE file = 'FILE' ORDER BY seq",
        );
        assert_eq!(courses, read("courses"), "{stem} courses");
        let competencies = view(
            "SELECT competency_code, competency_text, task_code, task_name, project_code, project_name, course_count, courses FROM competencies WHERE file = 'FILE' ORDER BY competency_code",
        );
        assert_eq!(competencies, read("competencies"), "{stem} competencies");
        let findings = view(
            "SELECT severity, rule, course_no, code, page, line, message FROM findings WHERE file = 'FILE' ORDER BY seq",
        );
        assert_eq!(findings, read("findings"), "{stem} findings");
        // The matrix in long form: the `1` cells of the CSV.
        let matrix = read("matrix");
        let mut cells = Vec::new();
        for row in &matrix[1..] {
            for (col, v) in row.iter().enumerate().skip(2) {
                if v == "1" {
                    cells.push(vec![row[0].clone(), row[1].clone(), matrix[0][col].clone()]);
                } else {
                    assert_eq!(v, "");
                }
            }
        }
        let long = view(
            "SELECT competency_code, competency_text, course_column FROM matrix WHERE file = 'FILE' ORDER BY competency_code, course_seq",
        );
        assert_eq!(long[1..], cells[..], "{stem} matrix");
        assert!(mappings.len() > 1 && !cells.is_empty());
    }
    // Twice more, one job and two: the same counts, the same content.
    let before = (counts(&db), dump(&db));
    assert_eq!(before.0[0], "3");
    convert(&inputs(), out, "sqlite", "1");
    convert(&inputs(), out, "sqlite", "2");
    assert_eq!((counts(&db), dump(&db)), before);
    assert_clean(&db);
}

#[test]
fn a_newer_file_of_the_same_revision_replaces_the_older_with_a_note() {
    if !support::tools::have("sqlite3", "--version", "sqlite3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/revisions/logistics-2024.txt").unwrap();
    let fixed = dir.path().join("logistics-2024-fixed.txt");
    std::fs::write(
        &fixed,
        text.replace("能够处理运输途中的异常情况", "能够处理运输途中的各类异常"),
    )
    .unwrap();
    let out = dir.path().join("out");
    convert(
        &[PathBuf::from("fixtures/revisions/logistics-2024.txt")],
        &out,
        "sqlite",
        "1",
    );
    let output = run(&[
        os("convert"),
        fixed.as_os_str(),
        os("--format"),
        os("sqlite"),
        os("-o"),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("note: logistics-2024-fixed.txt replaces logistics-2024.txt"),
        "{stderr}"
    );
    let db = out.join("compmap.sqlite");
    assert_eq!(
        scalar(&db, "SELECT count(*), file FROM document"),
        "1|logistics-2024-fixed.txt"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM competency WHERE text = '能够处理运输途中的各类异常'"
        ),
        "1"
    );
    assert_clean(&db);
}

#[test]
fn foreign_and_newer_databases_are_refused_and_left_untouched() {
    if !support::tools::have("sqlite3", "--version", "sqlite3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = "fixtures/revisions/logistics-2023.txt";
    // Not ours: another application's tables.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    let db = foreign.join("compmap.sqlite");
    assert!(Command::new("sqlite3")
        .arg(&db)
        .arg("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .status()
        .unwrap()
        .success());
    // Newer: ours, at a version from the future.
    let newer = dir.path().join("newer");
    convert(&[PathBuf::from(input)], &newer, "sqlite", "1");
    let newer_db = newer.join("compmap.sqlite");
    assert!(Command::new("sqlite3")
        .arg(&newer_db)
        .arg("PRAGMA user_version = 99;")
        .status()
        .unwrap()
        .success());
    // Not a database at all.
    let junk = dir.path().join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    std::fs::write(junk.join("compmap.sqlite"), "not a database, but a note\n").unwrap();
    for (out, says) in [
        (&foreign, "not a compmap database"),
        (&newer, "newer than this compmap"),
        (&junk, "not an SQLite database"),
    ] {
        let db = out.join("compmap.sqlite");
        let bytes = std::fs::read(&db).unwrap();
        let output = support::bin::command([
            os("convert"),
            os(input),
            os("--format"),
            os("sqlite"),
            os("-o"),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{stderr}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{} was changed",
            db.display()
        );
        let import = support::bin::command([db.as_os_str(), out.as_os_str()].iter().fold(
            vec![os("import")],
            |mut v, a| {
                v.push(a);
                v
            },
        ))
        .output()
        .unwrap();
        assert_eq!(import.status.code(), Some(2));
        assert_eq!(std::fs::read(&db).unwrap(), bytes);
        let history = support::bin::command([
            os("history"),
            db.as_os_str(),
            os("-o"),
            dir.path().join("h").as_os_str(),
        ])
        .output()
        .unwrap();
        if says != "not an SQLite database" {
            assert_eq!(
                history.status.code(),
                Some(2),
                "{}",
                String::from_utf8_lossy(&history.stderr)
            );
        }
        assert_eq!(std::fs::read(&db).unwrap(), bytes);
    }
}

/// Shards as a cluster would run them: GNU parallel converts two shards to JSON, `import`
/// merges them; the database equals a one-process `convert --format sqlite`.
#[test]
fn two_shards_through_gnu_parallel_equal_one_process() {
    if !support::tools::have("sqlite3", "--version", "sqlite3")
        || !support::tools::have("parallel", "--version", "parallel")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Four documents, each with a year in its title (the import labels them as convert does).
    let en = std::fs::read_to_string("fixtures/business-english-standards.txt").unwrap();
    let en = en.replacen(
        "商务英语专业职业能力标准模块化库",
        "商务英语专业职业能力标准模块化库（2022年版）",
        1,
    );
    let l23 = std::fs::read_to_string("fixtures/revisions/logistics-2023.txt").unwrap();
    let l24 = std::fs::read_to_string("fixtures/revisions/logistics-2024.txt").unwrap();
    let l25 = l24
        .replace("2024 年版", "2025 年版")
        .replace("能够核对入库单据与实物", "能够核对入库单据");
    let shards = [dir.path().join("shard-a"), dir.path().join("shard-b")];
    for (i, (name, text)) in [
        ("en-2022.txt", en),
        ("logistics-2023.txt", l23),
        ("logistics-2024.txt", l24),
        ("logistics-2025.txt", l25),
    ]
    .into_iter()
    .enumerate()
    {
        let shard = &shards[i % 2];
        std::fs::create_dir_all(shard).unwrap();
        std::fs::write(shard.join(name), text).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_compmap");
    let outs = dir.path().join("outs");
    let status = Command::new("parallel")
        .args([
            "--will-cite",
            "-j2",
            bin,
            "convert",
            "-q",
            "{}",
            "--format",
            "json",
            "-o",
        ])
        .arg(outs.join("{/}"))
        .arg(":::")
        .args(&shards)
        .status()
        .unwrap();
    assert!(status.success());
    let merged = dir.path().join("merged.sqlite");
    run(&[os("import"), merged.as_os_str(), outs.as_os_str()]);
    let one = dir.path().join("one");
    convert(&shards, &one, "sqlite", "2");
    let one = one.join("compmap.sqlite");
    assert_eq!(scalar(&merged, "SELECT count(*) FROM document"), "4");
    assert_eq!(dump(&merged), dump(&one));
    // With the JSON written in the same run, its hash is taken as it is written: the same.
    let with_json = dir.path().join("with-json");
    convert(&shards, &with_json, "json,sqlite", "2");
    assert_eq!(dump(&with_json.join("compmap.sqlite")), dump(&one));
    assert_clean(&merged);
    // Importing again changes nothing.
    run(&[os("import"), merged.as_os_str(), outs.as_os_str()]);
    assert_eq!(dump(&merged), dump(&one));
}

#[test]
fn a_killed_batch_leaves_only_whole_documents() {
    if !support::tools::have("sqlite3", "--version", "sqlite3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let en = std::fs::read_to_string("fixtures/business-english-standards.txt").unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for i in 0..40 {
        let text = en.replacen("商务英语专业", &format!("商务英语{i:02}专业"), 1);
        std::fs::write(inputs.join(format!("s{i:02}.txt")), text).unwrap();
    }
    let out = dir.path().join("out");
    let mut child = support::bin::command([
        os("convert"),
        os("-q"),
        inputs.as_os_str(),
        os("--format"),
        os("sqlite"),
        os("-o"),
        out.as_os_str(),
        os("--jobs"),
        os("2"),
    ])
    .spawn()
    .unwrap();
    // Kill it while documents are being stored.
    let db = out.join("compmap.sqlite");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(60) {
        let stored = Command::new("sqlite3")
            .arg(&db)
            .arg("SELECT count(*) FROM document")
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .trim()
                    .parse::<u32>()
                    .ok()
            });
        if db.exists() && stored.unwrap_or(0) >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_clean(&db);
    let stored: u32 = scalar(&db, "SELECT count(*) FROM document")
        .parse()
        .unwrap();
    assert!(stored >= 3);
    // Every stored document is whole: as many mapping rows as the fixture has.
    let expected = compmap::convert_file(Path::new("fixtures/business-english-standards.txt"))
        .unwrap()
        .mappings
        .len();
    let per_doc = query(
        &db,
        "SELECT d.id, (SELECT count(*) FROM mapping m WHERE m.document_id = d.id) FROM document d",
    );
    for row in &per_doc[1..] {
        assert_eq!(row[1], expected.to_string(), "document {}", row[0]);
    }
}
