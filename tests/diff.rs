//! The differ on two small revisions built by hand, covering every kind of change.

use compmap::diff::{self, Change, ChangeType, Kind};
use compmap::{Course, Loc, Mapping, Standard};

fn course(no: u32, name: &str, category: &str, level: &str, description: &str) -> Course {
    Course {
        course_no: no,
        category: category.into(),
        name: name.into(),
        level: level.into(),
        description: description.into(),
        loc: Loc::new(no, no * 10),
        labels: Vec::new(),
    }
}

/// A mapping row; the task and project codes are the competency code's prefixes unless
/// `task` gives another task code.
fn row(course_no: u32, code: &str, text: &str, task: Option<&str>, names: (&str, &str)) -> Mapping {
    let task_code = task.unwrap_or(&code[..5]).to_string();
    Mapping {
        course_no,
        project_code: task_code[..2].to_string(),
        project_name: names.0.into(),
        task_code,
        task_name: names.1.into(),
        competency_code: code.into(),
        competency_text: text.into(),
        loc: Loc::new(1, 1),
    }
}

const P1: &str = "Project one";
const P2: &str = "Project two";
const P5: &str = "Project five";
const T11: &str = "Task one-one";
const T21: &str = "Task two-one";
const T51: &str = "Task five-one";
const T52: &str = "Task five-two";

fn old_revision() -> Standard {
    Standard {
        source: "2023.txt".into(),
        courses: vec![
            course(1, "Alpha", "cat-a", "L", "alpha desc"),
            course(2, "Beta", "cat-b", "L", "beta desc"),
            course(3, "Gamma", "cat-c", "L", "gamma desc"),
            course(4, "Delta", "cat-c", "L", "delta desc"),
        ],
        mappings: vec![
            row(1, "01-01-01", "Comp a", None, (P1, T11)),
            row(1, "01-01-02", "Comp b", None, (P1, T11)),
            row(2, "01-01-01", "Comp a", None, (P1, T11)),
            row(2, "02-01-01", "Comp c", None, (P2, T21)),
            row(2, "02-01-02", "Comp d", None, (P2, T21)),
            row(
                3,
                "03-01-01",
                "Comp e",
                None,
                ("Project three", "Task three-one"),
            ),
            row(4, "05-01-01", "Comp f", None, (P5, T51)),
            row(4, "05-01-02", "Comp g", None, (P5, T51)),
            row(4, "05-01-03", "Comp h", None, (P5, T51)),
            row(4, "05-02-01", "Comp i", None, (P5, T52)),
        ],
        ..Default::default()
    }
}

/// The next year's revision: course numbers shifted, Beta's category changed, Alpha's
/// description changed, Delta renamed (and its level changed), Gamma dropped, Epsilon new;
/// project 01 and task 01-01 renamed, 01-01-01 reworded, 02-01-02 moved to a new task.
fn new_revision() -> Standard {
    let p1 = "Project one (revised)";
    let t11 = "Task 1-1";
    Standard {
        source: "2024.txt".into(),
        courses: vec![
            course(1, "Beta", "cat-c", "L", "beta desc"),
            course(2, "Alpha", "cat-a", "L", "alpha desc, revised"),
            course(3, "Delta Two", "cat-c", "L2", "delta desc"),
            course(4, "Epsilon", "cat-a", "L", "eps desc"),
        ],
        mappings: vec![
            row(1, "01-01-01", "Comp a, reworded", None, (p1, t11)),
            row(1, "02-01-01", "Comp c", None, (P2, T21)),
            row(1, "02-01-02", "Comp d", Some("02-02"), (P2, "Task two-two")),
            row(2, "01-01-01", "Comp a, reworded", None, (p1, t11)),
            row(2, "02-01-01", "Comp c", None, (P2, T21)),
            row(3, "05-01-01", "Comp f", None, (P5, T51)),
            row(3, "05-01-02", "Comp g", None, (P5, T51)),
            row(3, "05-01-03", "Comp h", None, (P5, T51)),
            row(3, "05-02-02", "Comp j", None, (P5, T52)),
            row(
                4,
                "04-01-01",
                "Comp k",
                None,
                ("Project four", "Task four-one"),
            ),
        ],
        ..Default::default()
    }
}

fn ch(
    change: ChangeType,
    kind: Kind,
    course: &str,
    code: &str,
    field: &str,
    old: &str,
    new: &str,
) -> Change {
    Change {
        change,
        kind,
        course: course.into(),
        code: code.into(),
        field: field.into(),
        old: old.into(),
        new: new.into(),
    }
}

fn expected() -> Vec<Change> {
    use ChangeType::*;
    use Kind::*;
    vec![
        ch(Changed, Course, "Beta", "", "category", "cat-b", "cat-c"),
        ch(
            Changed,
            Course,
            "Alpha",
            "",
            "description",
            "alpha desc",
            "alpha desc, revised",
        ),
        ch(
            Renamed,
            Course,
            "Delta Two",
            "",
            "name",
            "Delta",
            "Delta Two",
        ),
        ch(Changed, Course, "Delta Two", "", "level", "L", "L2"),
        ch(Added, Course, "Epsilon", "", "", "", ""),
        ch(Removed, Course, "Gamma", "", "", "", ""),
        ch(
            Changed,
            Project,
            "",
            "01",
            "name",
            P1,
            "Project one (revised)",
        ),
        ch(Removed, Project, "", "03", "name", "Project three", ""),
        ch(Added, Project, "", "04", "name", "", "Project four"),
        ch(Changed, Task, "", "01-01", "name", T11, "Task 1-1"),
        ch(Added, Task, "", "02-02", "name", "", "Task two-two"),
        ch(Removed, Task, "", "03-01", "name", "Task three-one", ""),
        ch(Added, Task, "", "04-01", "name", "", "Task four-one"),
        ch(
            Changed,
            Competency,
            "",
            "01-01-01",
            "text",
            "Comp a",
            "Comp a, reworded",
        ),
        ch(Removed, Competency, "", "01-01-02", "text", "Comp b", ""),
        ch(Moved, Competency, "", "02-01-02", "task", "02-01", "02-02"),
        ch(Removed, Competency, "", "03-01-01", "text", "Comp e", ""),
        ch(Added, Competency, "", "04-01-01", "text", "", "Comp k"),
        ch(Removed, Competency, "", "05-02-01", "text", "Comp i", ""),
        ch(Added, Competency, "", "05-02-02", "text", "", "Comp j"),
        ch(Removed, Mapping, "Alpha", "01-01-02", "", "Comp b", ""),
        ch(Added, Mapping, "Alpha", "02-01-01", "", "", "Comp c"),
        ch(Removed, Mapping, "Delta Two", "05-02-01", "", "Comp i", ""),
        ch(Added, Mapping, "Delta Two", "05-02-02", "", "", "Comp j"),
        ch(Added, Mapping, "Epsilon", "04-01-01", "", "", "Comp k"),
        ch(Removed, Mapping, "Gamma", "03-01-01", "", "Comp e", ""),
    ]
}

#[test]
fn every_kind_of_change_is_reported_in_order() {
    let d = diff::diff(&old_revision(), &new_revision());
    let want = expected();
    for (i, (got, want)) in d.changes.iter().zip(&want).enumerate() {
        assert_eq!(got, want, "change #{i}");
    }
    assert_eq!(d.changes.len(), want.len(), "{:#?}", d.changes);
    assert_eq!(d.old_source, "2023.txt");
    assert_eq!(d.new_source, "2024.txt");
}

#[test]
fn every_change_and_kind_value_occurs() {
    let d = diff::diff(&old_revision(), &new_revision());
    for kind in Kind::ALL {
        assert!(d.changes.iter().any(|c| c.kind == kind), "{kind:?}");
    }
    for t in ChangeType::ALL {
        assert!(d.changes.iter().any(|c| c.change == t), "{t:?}");
    }
    assert_eq!(d.count(Kind::Course, ChangeType::Changed), 3);
    assert_eq!(d.count(Kind::Mapping, ChangeType::Added), 3);
}

#[test]
fn diff_with_itself_is_empty() {
    for s in [old_revision(), new_revision(), Standard::default()] {
        let d = diff::diff(&s, &s);
        assert!(d.is_empty(), "{:#?}", d.changes);
    }
}

#[test]
fn reverse_diff_swaps_added_and_removed() {
    let d = diff::diff(&new_revision(), &old_revision());
    let has = |change, kind, code: &str| {
        d.changes
            .iter()
            .any(|c| c.change == change && c.kind == kind && c.code == code)
    };
    assert!(has(ChangeType::Added, Kind::Competency, "03-01-01"));
    assert!(has(ChangeType::Removed, Kind::Competency, "04-01-01"));
    assert!(has(ChangeType::Moved, Kind::Competency, "02-01-02"));
    let renamed: Vec<_> = d
        .changes
        .iter()
        .filter(|c| c.change == ChangeType::Renamed)
        .collect();
    assert_eq!(renamed.len(), 1);
    assert_eq!(
        (renamed[0].old.as_str(), renamed[0].new.as_str()),
        ("Delta Two", "Delta")
    );
}

#[test]
fn course_numbers_are_not_identity() {
    let old = old_revision();
    let mut new = old.clone();
    // Reverse the course order and renumber: nothing changed but the numbers.
    new.courses.reverse();
    let renumber = |no: u32| 5 - no;
    for c in &mut new.courses {
        c.course_no = renumber(c.course_no);
    }
    for m in &mut new.mappings {
        m.course_no = renumber(m.course_no);
    }
    assert!(diff::diff(&old, &new).is_empty());
}

fn rows_for(no: u32, codes: &[&str]) -> Vec<Mapping> {
    codes
        .iter()
        .map(|c| row(no, c, &format!("text {c}"), None, ("P", "T")))
        .collect()
}

fn standard(courses: &[(&str, &[&str])]) -> Standard {
    let mut s = Standard::default();
    for (i, (name, codes)) in courses.iter().enumerate() {
        let no = i as u32 + 1;
        s.courses.push(course(no, name, "c", "L", "d"));
        s.mappings.extend(rows_for(no, codes));
    }
    s
}

fn renames(d: &diff::Diff) -> Vec<(String, String)> {
    d.changes
        .iter()
        .filter(|c| c.change == ChangeType::Renamed)
        .map(|c| (c.old.clone(), c.new.clone()))
        .collect()
}

#[test]
fn renamed_course_needs_half_overlap() {
    let old = standard(&[(
        "Old name",
        &["01-01-01", "01-01-02", "01-01-03", "01-01-04"],
    )]);
    // 2 shared of 4 in all: Jaccard 0.5, a rename.
    let new = standard(&[("New name", &["01-01-01", "01-01-02"])]);
    assert_eq!(
        renames(&diff::diff(&old, &new)),
        vec![("Old name".to_string(), "New name".to_string())]
    );
    // 2 shared of 5 in all: Jaccard 0.4, a removed and an added course.
    let new = standard(&[("New name", &["01-01-01", "01-01-02", "01-01-05"])]);
    let d = diff::diff(&old, &new);
    assert!(renames(&d).is_empty());
    assert_eq!(d.count(Kind::Course, ChangeType::Added), 1);
    assert_eq!(d.count(Kind::Course, ChangeType::Removed), 1);
    // Courses with no rows are never paired.
    let d = diff::diff(&standard(&[("A", &[])]), &standard(&[("B", &[])]));
    assert!(renames(&d).is_empty());
}

#[test]
fn renames_pair_best_overlap_first() {
    let old = standard(&[
        ("Kept", &["09-01-01"]),
        ("X", &["01-01-01", "01-01-02", "01-01-03"]),
        ("Y", &["01-01-01", "01-01-02", "01-01-03", "01-01-04"]),
    ]);
    // "Y2" equals Y exactly (1.0) and overlaps X at 0.75; X overlaps "X2" at 1.0.
    let new = standard(&[
        ("Y2", &["01-01-01", "01-01-02", "01-01-03", "01-01-04"]),
        ("Kept", &["09-01-01"]),
        ("X2", &["01-01-01", "01-01-02", "01-01-03"]),
    ]);
    let d = diff::diff(&old, &new);
    assert_eq!(
        renames(&d),
        vec![
            ("Y".to_string(), "Y2".to_string()),
            ("X".to_string(), "X2".to_string())
        ]
    );
    assert_eq!(d.count(Kind::Mapping, ChangeType::Added), 0);
    assert_eq!(d.count(Kind::Mapping, ChangeType::Removed), 0);
}

#[test]
fn rename_ties_break_by_document_order() {
    let old = standard(&[
        ("A", &["01-01-01", "01-01-02"]),
        ("B", &["01-01-01", "01-01-02"]),
    ]);
    let new = standard(&[
        ("C", &["01-01-01", "01-01-02"]),
        ("D", &["01-01-01", "01-01-02"]),
    ]);
    let d = diff::diff(&old, &new);
    assert_eq!(
        renames(&d),
        vec![
            ("A".to_string(), "C".to_string()),
            ("B".to_string(), "D".to_string())
        ]
    );
}

#[test]
fn same_name_wins_over_overlap() {
    let old = standard(&[("A", &["01-01-01"]), ("B", &["02-01-01"])]);
    // B now trains exactly what A trained, and A changed completely: still matched by name.
    let new = standard(&[("A", &["03-01-01"]), ("B", &["01-01-01"])]);
    let d = diff::diff(&old, &new);
    assert!(renames(&d).is_empty());
    assert_eq!(d.count(Kind::Course, ChangeType::Added), 0);
    assert_eq!(d.count(Kind::Mapping, ChangeType::Added), 2);
    assert_eq!(d.count(Kind::Mapping, ChangeType::Removed), 2);
}

#[test]
fn first_definition_of_a_code_describes_it() {
    let mut old = standard(&[("A", &["01-01-01"]), ("B", &["01-01-01"])]);
    let mut new = old.clone();
    // A text conflict between courses, edited in one course only: a mapping row naming it.
    old.mappings[1].competency_text = "other".into();
    new.mappings[1].competency_text = "other, changed".into();
    let d = diff::diff(&old, &new);
    let b = ch(
        ChangeType::Changed,
        Kind::Mapping,
        "B",
        "01-01-01",
        "text",
        "other",
        "other, changed",
    );
    assert_eq!(d.changes, vec![b.clone()]);
    // Edited in every course, differently: the first definition describes the competency,
    // and the course whose edit differs from it keeps its mapping row.
    new.mappings[0].competency_text = "first, changed".into();
    let d = diff::diff(&old, &new);
    let a = ch(
        ChangeType::Changed,
        Kind::Competency,
        "",
        "01-01-01",
        "text",
        "text 01-01-01",
        "first, changed",
    );
    assert_eq!(d.changes, vec![a, b]);
}

#[test]
fn csv_and_xlsx_are_written_atomically_and_deterministically() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let d = diff::diff(&old_revision(), &new_revision());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let paths = compmap::export::diff::write(&d, &out, "2023", "2024").unwrap();
    assert_eq!(
        paths,
        vec![
            out.join("2023--2024.diff.csv"),
            out.join("2023--2024.diff.xlsx")
        ]
    );
    let csv = std::fs::read_to_string(&paths[0]).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("change,kind,course,code,field,old,new"));
    assert_eq!(
        lines.next(),
        Some("changed,course,Beta,,category,cat-b,cat-c")
    );
    assert!(
        csv.contains("\nchanged,course,Alpha,,description,alpha desc,\"alpha desc, revised\"\n")
    );
    assert!(csv.contains("\nmoved,competency,,02-01-02,task,02-01,02-02\n"));
    assert!(!csv.contains('\r'));
    assert_eq!(csv.lines().count(), d.changes.len() + 1);
    // Only the two reports are left: no temporary files.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);

    let first = (
        std::fs::read(&paths[0]).unwrap(),
        std::fs::read(&paths[1]).unwrap(),
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    compmap::export::diff::write(&d, &out, "2023", "2024").unwrap();
    assert_eq!(std::fs::read(&paths[0]).unwrap(), first.0);
    assert_eq!(std::fs::read(&paths[1]).unwrap(), first.1);

    let mut book: Xlsx<_> = open_workbook(&paths[1]).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "all changes",
            "courses",
            "projects",
            "tasks",
            "competencies",
            "mappings"
        ]
    );
    let all = book.worksheet_range("all changes").unwrap();
    assert_eq!(all.height(), d.changes.len() + 1);
    let projects = book.worksheet_range("projects").unwrap();
    assert_eq!(projects.height(), 4);
    // Codes stay text, leading zeros kept.
    assert_eq!(projects.get((1, 3)), Some(&Data::String("01".into())));
    let header: Vec<String> = projects
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, compmap::export::diff::COLUMNS);
}

#[test]
fn summary_counts_then_lists() {
    let d = diff::diff(&old_revision(), &new_revision());
    let s = diff::summary(&d, 1000);
    assert!(s.starts_with("2023.txt -> 2024.txt: 26 changes\n"), "{s}");
    assert!(
        s.contains("\n  course      1 added, 1 removed, 3 changed, 1 renamed\n"),
        "{s}"
    );
    assert!(
        s.contains("\n  competency  2 added, 3 removed, 1 changed, 1 moved\n"),
        "{s}"
    );
    assert!(s.contains("\n  mapping     3 added, 3 removed\n"), "{s}");
    assert!(
        s.contains("moved    competency 02-01-02 task: 02-01 -> 02-02"),
        "{s}"
    );
    assert!(
        s.contains("renamed  course     《Delta Two》 name: Delta -> Delta Two"),
        "{s}"
    );
    let short = diff::summary(&d, 3);
    assert!(short.contains("... and 23 more"), "{short}");
    let same = diff::diff(&old_revision(), &old_revision());
    assert_eq!(
        diff::summary(&same, 10),
        "2023.txt -> 2023.txt: 0 changes\n"
    );
}
