//! The export stage end to end on a hand-built standard: exact CSV bytes, the XLSX read back
//! cell for cell against the CSVs, byte-identical repeated writes, and write errors.

use calamine::{open_workbook, Data, Reader, Xlsx};
use compmap::export::{self, Format, Kind};
use compmap::{Course, Finding, Loc, Mapping, Rule, Severity, Standard};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Json];

fn course(no: u32, category: &str, name: &str, description: &str) -> Course {
    Course {
        course_no: no,
        category: category.into(),
        name: name.into(),
        level: "中职".into(),
        description: description.into(),
        loc: Loc::new(no, 1),
        labels: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn mapping(
    course_no: u32,
    project: (&str, &str),
    task: (&str, &str),
    competency: (&str, &str),
    page: u32,
    line: u32,
) -> Mapping {
    Mapping {
        course_no,
        project_code: project.0.into(),
        project_name: project.1.into(),
        task_code: task.0.into(),
        task_name: task.1.into(),
        competency_code: competency.0.into(),
        competency_text: competency.1.into(),
        loc: Loc::new(page, line),
    }
}

fn sample() -> Standard {
    let p1 = ("01", "前期准备");
    let t1 = ("01-01", "熟悉产品");
    Standard {
        source: "sample.txt".into(),
        title: "样例标准".into(),
        pages: 3,
        courses: vec![
            course(1, "专业群平台课", "贸易, \"实务\"", "第一行\n第二行, 逗号"),
            course(2, "专业核心课", "商务英语", " leading space"),
            course(3, "专业基础课", "Office 办公", ""),
        ],
        mappings: vec![
            mapping(1, p1, t1, ("01-01-01", "text with, comma"), 1, 10),
            mapping(1, p1, t1, ("01-01-02", "say \"hi\"\nnext line"), 1, 12),
            mapping(
                2,
                ("02", "项目二"),
                ("02-01", "任务"),
                ("02-01-01", "中文能力"),
                3,
                40,
            ),
            mapping(2, p1, t1, ("01-01-01", "text with, comma"), 2, 30),
        ],
        findings: vec![
            Finding {
                severity: Severity::Warning,
                rule: Rule::StrayText,
                course_no: None,
                code: String::new(),
                loc: Loc::new(2, 5),
                message: "stray text \"12\" on page 2".into(),
                expected: None,
                span: None,
            },
            Finding {
                severity: Severity::Error,
                rule: Rule::MalformedCode,
                course_no: Some(2),
                code: "0l-01-02".into(),
                loc: Loc::new(3, 41),
                message: "expected NN-NN-NN, got 0l-01-02".into(),
                expected: None,
                span: None,
            },
        ],
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn written(standard: &Standard) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let paths = export::write(standard, dir.path(), "s", &ALL).unwrap();
    (dir, paths)
}

#[test]
fn csv_bytes() {
    let (dir, _) = written(&sample());
    let d = dir.path();
    assert_eq!(
        read(d, "s.mappings.csv"),
        "course_no,course_category,course_name,project_code,project_name,task_code,task_name,\
competency_code,competency_text,page,line
1,专业群平台课,\"贸易, \"\"实务\"\"\",01,前期准备,01-01,熟悉产品,01-01-01,\"text with, comma\",1,10
1,专业群平台课,\"贸易, \"\"实务\"\"\",01,前期准备,01-01,熟悉产品,01-01-02,\"say \"\"hi\"\"
next line\",1,12
2,专业核心课,商务英语,02,项目二,02-01,任务,02-01-01,中文能力,3,40
2,专业核心课,商务英语,01,前期准备,01-01,熟悉产品,01-01-01,\"text with, comma\",2,30
"
    );
    assert_eq!(
        read(d, "s.findings.csv"),
        "severity,rule,course_no,code,page,line,message
warning,stray-text,,,2,5,\"stray text \"\"12\"\" on page 2\"
error,malformed-code,2,0l-01-02,3,41,\"expected NN-NN-NN, got 0l-01-02\"
"
    );
    assert_eq!(
        read(d, "s.courses.csv"),
        "course_no,course_category,course_name,level,description,competency_count
1,专业群平台课,\"贸易, \"\"实务\"\"\",中职,\"第一行
第二行, 逗号\",2
2,专业核心课,商务英语,中职, leading space,2
3,专业基础课,Office 办公,中职,,0
"
    );
    assert_eq!(
        read(d, "s.competencies.csv"),
        "competency_code,competency_text,task_code,task_name,project_code,project_name,\
course_count,courses
01-01-01,\"text with, comma\",01-01,熟悉产品,01,前期准备,2,1;2
01-01-02,\"say \"\"hi\"\"
next line\",01-01,熟悉产品,01,前期准备,1,1
02-01-01,中文能力,02-01,任务,02,项目二,1,2
"
    );
    assert_eq!(
        read(d, "s.matrix.csv"),
        "competency_code,competency_text,\"1 贸易, \"\"实务\"\"\",2 商务英语,3 Office 办公
01-01-01,\"text with, comma\",1,1,
01-01-02,\"say \"\"hi\"\"
next line\",1,,
02-01-01,中文能力,,1,
"
    );
    let bytes = std::fs::read(d.join("s.mappings.csv")).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    assert!(!bytes.contains(&b'\r'));
}

fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn xlsx_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

#[test]
fn xlsx_equals_csv_cell_for_cell() {
    let standard = sample();
    let (dir, _) = written(&standard);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Mappings",
            "Courses",
            "Competencies",
            "Matrix",
            "Findings"
        ]
    );
    let tables = export::tables(&standard);
    assert_eq!(tables.len(), 5);
    for table in &tables {
        let range = book.worksheet_range(table.sheet).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "sheet {}", table.sheet);
        let csv = csv_cells(&dir.path().join(format!("s.{}.csv", table.name)));
        // The table's rectangle equals the CSV; only the Matrix sheet has more (its totals,
        // one blank row and column away).
        let width = table.columns.len();
        let sheet: Vec<Vec<String>> = range
            .rows()
            .take(csv.len())
            .map(|row| row.iter().take(width).map(xlsx_text).collect())
            .collect();
        assert_eq!(sheet, csv, "sheet {} vs its CSV", table.sheet);
        assert_eq!(csv.len(), table.rows.len() + 1);
        let extra = (range.height(), range.width()) != (csv.len(), width);
        assert_eq!(extra, table.name == "matrix", "sheet {}", table.sheet);
        if table.name == "matrix" && !table.rows.is_empty() {
            let total_col = (width + 1) as u32;
            assert_eq!(
                range.get_value((0, total_col)).map(xlsx_text),
                Some("total".into())
            );
            for (r, row) in csv.iter().enumerate().skip(1) {
                let marks = row[2..].iter().filter(|c| !c.is_empty()).count();
                let total = range.get_value((r as u32, total_col)).map(xlsx_text);
                assert_eq!(total, Some(marks.to_string()), "matrix row {r}");
            }
            let total_row = (csv.len() + 1) as u32;
            for c in 2..width {
                let marks = csv[1..].iter().filter(|row| !row[c].is_empty()).count();
                let total = range.get_value((total_row, c as u32)).map(xlsx_text);
                assert_eq!(total, Some(marks.to_string()), "matrix column {c}");
            }
        }

        // Codes and text are text cells; numbers are numbers.
        for (c, column) in table.columns.iter().enumerate() {
            for row in range.rows().skip(1) {
                match (&row[c], column.kind) {
                    (Data::Empty, _) => {}
                    (Data::String(_), Kind::Code | Kind::Text | Kind::LongText) => {}
                    (Data::Float(_) | Data::Int(_), Kind::Number | Kind::Flag) => {}
                    (cell, kind) => panic!(
                        "sheet {} column {}: {cell:?} in a {kind:?} column",
                        table.sheet, column.name
                    ),
                }
            }
        }
    }
}

fn all_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn two_writes_give_identical_bytes() {
    let standard = sample();
    let (a, paths) = written(&standard);
    assert_eq!(paths.len(), 7);
    // Past a second boundary, so a wall-clock time in any file would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (b, _) = written(&standard);
    let first = all_bytes(a.path());
    assert_eq!(first.len(), 7, "{:?}", first.keys());
    assert_eq!(first, all_bytes(b.path()));
    // Writing over the old files changes nothing either.
    export::write(&standard, a.path(), "s", &ALL).unwrap();
    assert_eq!(first, all_bytes(a.path()));
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[test]
fn xlsx_zip_entries_have_no_wall_clock_time() {
    let (dir, _) = written(&sample());
    let zip = std::fs::read(dir.path().join("s.xlsx")).unwrap();
    // End of central directory: the last 22 bytes (the writer adds no archive comment).
    let eocd = zip.len() - 22;
    assert_eq!(u32_at(&zip, eocd), 0x0605_4b50);
    let entries = u16_at(&zip, eocd + 10);
    let mut at = u32_at(&zip, eocd + 16) as usize;
    let mut names = Vec::new();
    for _ in 0..entries {
        assert_eq!(u32_at(&zip, at), 0x0201_4b50);
        let (time, date) = (u16_at(&zip, at + 12), u16_at(&zip, at + 14));
        let name_len = u16_at(&zip, at + 28) as usize;
        let extra = u16_at(&zip, at + 30) as usize;
        let comment = u16_at(&zip, at + 32) as usize;
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + name_len]).into_owned();
        // DOS date 1980-01-01 00:00:00.
        assert_eq!((date, time), (0x21, 0), "entry {name}");
        names.push(name);
        at += 46 + name_len + extra + comment;
    }
    assert!(names.iter().any(|n| n == "docProps/core.xml"), "{names:?}");
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .count(),
        6
    );
}

#[test]
fn empty_standard_still_writes_headers() {
    let (dir, _) = written(&Standard::default());
    assert_eq!(
        read(dir.path(), "s.findings.csv"),
        "severity,rule,course_no,code,page,line,message\n"
    );
    assert_eq!(
        read(dir.path(), "s.matrix.csv"),
        "competency_code,competency_text\n"
    );
    let mut book: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let range = book.worksheet_range("Courses").unwrap();
    assert_eq!(range.height(), 1);
}

#[test]
fn unwritable_dir_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    // A folder under a regular file cannot be created, whoever runs the test.
    let dir = file.join("out");
    let err = export::write(&sample(), &dir, "s", &ALL).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&dir.display().to_string()),
        "message does not name {}: {message}",
        dir.display()
    );
    assert!(matches!(err, compmap::Error::Write { .. }), "{err:?}");
}

#[test]
fn unwritable_file_is_an_error_naming_it_and_keeps_older_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    export::write(&sample(), d, "s", &[Format::Csv]).unwrap();
    let before = read(d, "s.mappings.csv");
    // The XLSX target is a non-empty folder, so it cannot be replaced.
    std::fs::create_dir(d.join("s.xlsx")).unwrap();
    std::fs::write(d.join("s.xlsx").join("keep"), b"x").unwrap();
    let err = export::write(&Standard::default(), d, "s", &[Format::Xlsx]).unwrap_err();
    assert!(err.to_string().contains("s.xlsx"), "{err}");
    assert_eq!(read(d, "s.mappings.csv"), before);
    let mut names: Vec<_> = all_bytes_names(d);
    names.sort();
    assert_eq!(
        names,
        [
            "s.competencies.csv",
            "s.courses.csv",
            "s.findings.csv",
            "s.mappings.csv",
            "s.matrix.csv",
            "s.xlsx"
        ],
        "no temporary file left behind"
    );
}

fn all_bytes_names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn summary_sheet_comes_first_with_counts() {
    let standard = sample();
    let (dir, _) = written(&standard);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let range = book.worksheet_range("Summary").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).map(xlsx_text).unwrap_or_default();
    assert_eq!(cell(0, 0), standard.title);
    let label_row = |label: &str| {
        (0..range.height() as u32)
            .find(|&r| cell(r, 0) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    assert_eq!(
        cell(label_row("courses"), 1),
        standard.courses.len().to_string()
    );
    assert_eq!(
        cell(label_row("mapping rows"), 1),
        standard.mappings.len().to_string()
    );
    assert_eq!(
        cell(label_row("errors"), 1),
        standard.count(Severity::Error).to_string()
    );
    let first_course = label_row("course_no") + 1;
    assert_eq!(
        cell(first_course, 3),
        standard
            .competency_count(standard.courses[0].course_no)
            .to_string()
    );
}
