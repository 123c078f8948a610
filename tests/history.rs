//! `compmap history` over three revisions generated here, with every kind of change at a
//! known revision: a course dropped (2023), added (2023) and renamed (2023), course
//! numbers shifting (2024), competencies added (2023, 2024), removed (2023), reworded
//! (2023) and moved to another task (2024), a task added (2024), a project and a task
//! dropped (2023). The expected rows are written by hand from that list.

mod support;

use std::path::{Path, PathBuf};

fn project_name(code: &str) -> &'static str {
    match code {
        "01" => "项目甲",
        "02" => "项目乙",
        _ => "项目丙",
    }
}

fn task_name(code: &str) -> &'static str {
    match code {
        "01-01" => "任务一",
        "01-02" => "任务二",
        "02-01" => "任务三",
        "02-02" => "任务四",
        _ => "任务五",
    }
}

/// A course: name, category, description key, rows (competency code, text, task code).
type CourseSpec<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, &'a str, &'a str)>);

/// A text dump in the family's shape.
fn dump(year: u32, courses: &[CourseSpec]) -> String {
    let mut out = format!(" 测试专业职业能力标准（{year}年版）\n\n课程与能力对接表如下：\n\n");
    for (i, (name, category, key, rows)) in courses.iter().enumerate() {
        let boxes: Vec<String> = ["专业群平台课", "专业基础课", "专业核心课"]
            .iter()
            .map(|c| format!("{}{c}", if c == category { '☑' } else { '☐' }))
            .collect();
        out.push_str(&format!(
            "{}.{category}：《{name}》课程与能力对接表\n\n中职 {}\n\n课程名称 {name}\n\n主要教学内\n\n容及要求\n\n本课程讲授{key}的内容。\n\n工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）\n\n",
            i + 1,
            boxes.join(" ")
        ));
        let (mut project, mut task) = ("", "");
        for (code, text, t) in rows {
            let p = &t[..2];
            // A new task is printed with its project, as the moved competency of
            // fixtures/revisions is.
            if p != project || *t != task {
                out.push_str(&format!("{p} {} {t} {}\n\n", project_name(p), task_name(t)));
            }
            (project, task) = (p, t);
            out.push_str(&format!("{code} {text}\n\n"));
        }
    }
    out
}

fn revisions() -> Vec<(u32, String)> {
    let (a1, a2, a2r, a3) = ("能够甲一", "能够甲二", "能够甲二并复核", "能够甲三");
    let (b1, b2, b3) = ("能够乙一", "能够乙二", "能够乙三");
    let (c1, c2, a4) = ("能够丙一", "能够丙二", "能够甲四");
    vec![
        (
            2022,
            dump(
                2022,
                &[
                    (
                        "课程甲",
                        "专业群平台课",
                        "甲",
                        vec![
                            ("01-01-01", a1, "01-01"),
                            ("01-01-02", a2, "01-01"),
                            ("01-02-01", a3, "01-02"),
                        ],
                    ),
                    (
                        "课程乙",
                        "专业基础课",
                        "乙",
                        vec![("02-01-01", b1, "02-01"), ("02-01-02", b2, "02-01")],
                    ),
                    (
                        "课程丙",
                        "专业核心课",
                        "丙",
                        vec![("03-01-01", c1, "03-01"), ("03-01-02", c2, "03-01")],
                    ),
                ],
            ),
        ),
        (
            2023,
            dump(
                2023,
                &[
                    (
                        "课程甲",
                        "专业群平台课",
                        "甲",
                        vec![
                            ("01-01-01", a1, "01-01"),
                            ("01-01-02", a2r, "01-01"),
                            ("01-02-01", a3, "01-02"),
                        ],
                    ),
                    (
                        "课程乙新编",
                        "专业基础课",
                        "乙",
                        vec![
                            ("02-01-01", b1, "02-01"),
                            ("02-01-02", b2, "02-01"),
                            ("02-01-03", b3, "02-01"),
                        ],
                    ),
                    (
                        "课程丁",
                        "专业核心课",
                        "丁",
                        vec![("01-02-01", a3, "01-02")],
                    ),
                ],
            ),
        ),
        (
            2024,
            dump(
                2024,
                &[
                    (
                        "课程丁",
                        "专业核心课",
                        "丁",
                        vec![("01-02-01", a3, "01-02"), ("01-02-02", a4, "01-02")],
                    ),
                    (
                        "课程甲",
                        "专业群平台课",
                        "甲",
                        vec![("01-01-01", a1, "01-01"), ("01-01-02", a2r, "01-01")],
                    ),
                    (
                        "课程乙新编",
                        "专业基础课",
                        "乙",
                        vec![
                            ("02-01-01", b1, "02-01"),
                            ("02-01-03", b3, "02-01"),
                            ("02-01-02", b2, "02-02"),
                        ],
                    ),
                ],
            ),
        ),
    ]
}

const EXPECTED: &str = "\
revision,change,kind,course,code,field,old,new
2023,renamed,course,课程乙新编,,name,课程乙,课程乙新编
2023,added,course,课程丁,,,,
2023,removed,course,课程丙,,,,
2023,removed,project,,03,name,项目丙,
2023,removed,task,,03-01,name,任务五,
2023,changed,competency,,01-01-02,text,能够甲二,能够甲二并复核
2023,added,competency,,02-01-03,text,,能够乙三
2023,removed,competency,,03-01-01,text,能够丙一,
2023,removed,competency,,03-01-02,text,能够丙二,
2023,added,mapping,课程乙新编,02-01-03,,,能够乙三
2023,added,mapping,课程丁,01-02-01,,,能够甲三
2023,removed,mapping,课程丙,03-01-01,,能够丙一,
2023,removed,mapping,课程丙,03-01-02,,能够丙二,
2024,added,task,,02-02,name,,任务四
2024,added,competency,,01-02-02,text,,能够甲四
2024,moved,competency,,02-01-02,task,02-01,02-02
2024,added,mapping,课程丁,01-02-02,,,能够甲四
2024,removed,mapping,课程甲,01-02-01,,能够甲三,
";

const PROGRAMME: &str = "测试专业职业能力标准";

/// The three revisions as `DIR/<year>/standard.txt`, newest first (input order must not
/// matter).
fn write_revisions(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for (year, text) in revisions().into_iter().rev() {
        let sub = dir.join(year.to_string());
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join("standard.txt");
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    paths
}

fn run(args: &[&std::ffi::OsStr]) {
    let out = support::bin::command(args).output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn history_from_files_reports_exactly_the_known_changes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = write_revisions(dir.path());
    let out = dir.path().join("out");
    let mut args: Vec<&std::ffi::OsStr> = vec!["history".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["-o".as_ref(), out.as_os_str()]);
    run(&args);
    let csv = std::fs::read_to_string(out.join(format!("{PROGRAMME}.history.csv"))).unwrap();
    assert_eq!(csv, EXPECTED);
}

#[test]
fn history_from_the_database_equals_history_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = write_revisions(dir.path());
    let db_dir = dir.path().join("db");
    let mut args: Vec<&std::ffi::OsStr> = vec!["convert".as_ref(), "-q".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend([
        "--format".as_ref(),
        "sqlite".as_ref(),
        "-o".as_ref(),
        db_dir.as_os_str(),
    ]);
    run(&args);
    let out = dir.path().join("out");
    let db = db_dir.join("compmap.sqlite");
    run(&[
        "history".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let csv = std::fs::read_to_string(out.join(format!("{PROGRAMME}.history.csv"))).unwrap();
    assert_eq!(csv, EXPECTED);
}

#[test]
fn timeline_marks_and_course_lines() {
    use compmap::history::{history, Mark, Revision};
    use Mark::*;
    let revs: Vec<Revision> = revisions()
        .into_iter()
        .map(|(year, text)| Revision {
            label: year.to_string(),
            standard: compmap::convert_bytes(Path::new("standard.txt"), text.as_bytes()).unwrap(),
        })
        .rev()
        .collect();
    let h = history(PROGRAMME, revs);
    assert_eq!(h.revisions, ["2022", "2023", "2024"]);
    let line = |code: &str| {
        let l = h.competencies.iter().find(|c| c.code == code).unwrap();
        (l.first.as_str(), l.last.as_str(), l.marks.clone())
    };
    assert_eq!(
        line("01-01-02"),
        ("2022", "2024", vec![New, Changed, Unchanged])
    );
    assert_eq!(
        line("03-01-01"),
        ("2022", "2022", vec![New, Removed, Absent])
    );
    assert_eq!(
        line("02-01-03"),
        ("2023", "2024", vec![Absent, New, Unchanged])
    );
    assert_eq!(
        line("02-01-02"),
        ("2022", "2024", vec![New, Unchanged, Changed])
    );
    assert_eq!(
        line("01-02-02"),
        ("2024", "2024", vec![Absent, Absent, New])
    );
    let course = |name: &str| {
        let c = h.courses.iter().find(|c| c.name == name).unwrap();
        (
            c.first.as_str(),
            c.last.as_str(),
            c.marks.clone(),
            c.names.clone(),
        )
    };
    assert_eq!(
        course("课程乙新编"),
        (
            "2022",
            "2024",
            vec![New, Changed, Unchanged],
            vec![
                "课程乙".to_string(),
                "课程乙新编".into(),
                "课程乙新编".into()
            ]
        )
    );
    assert_eq!(course("课程丙").2, vec![New, Removed, Absent]);
    assert_eq!(course("课程丁").2, vec![Absent, New, Changed]);
    assert_eq!(course("课程甲").2, vec![New, Unchanged, Changed]);
    assert_eq!(h.courses.len(), 4);
    // 课程甲 lost 01-02-01 in 2024.
    let jia = h.courses.iter().find(|c| c.name == "课程甲").unwrap();
    let marks = &jia
        .competencies
        .iter()
        .find(|(c, _)| c == "01-02-01")
        .unwrap()
        .1;
    assert_eq!(marks, &vec![New, Unchanged, Removed]);
}

#[test]
fn workbook_has_a_timeline_and_a_sheet_per_course() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let inputs = write_revisions(dir.path());
    let out = dir.path().join("out");
    let mut args: Vec<&std::ffi::OsStr> = vec!["history".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["-o".as_ref(), out.as_os_str()]);
    run(&args);
    let path = out.join(format!("{PROGRAMME}.history.xlsx"));
    let first = std::fs::read(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "timeline",
            "courses",
            "changes",
            "课程甲",
            "课程乙新编",
            "课程丙",
            "课程丁"
        ]
    );
    let timeline = book.worksheet_range("timeline").unwrap();
    let row = timeline.rows().find(|r| r[0] == "01-01-02").unwrap();
    let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
    assert_eq!(cells[2..], ["2022", "2024", "new", "changed", "unchanged"]);
    // Deterministic bytes.
    run(&args);
    assert_eq!(std::fs::read(&path).unwrap(), first);
}
