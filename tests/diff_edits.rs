//! `diff` of the fixture against the fixture with edited competency texts: one edit, one
//! change, naming the course when the code is mapped by several courses.

use compmap::diff::{self, Change, ChangeType, Kind};
use compmap::{convert_bytes, Standard};
use std::path::Path;

const FIXTURE: &str = "fixtures/business-english-standards.txt";

fn convert(name: &str, text: &str) -> Standard {
    convert_bytes(Path::new(name), text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_text() -> String {
    std::fs::read_to_string(FIXTURE).expect("fixture reads")
}

/// A competency line: `NN-NN-NN text`.
fn is_competency(l: &str) -> bool {
    let b = l.as_bytes();
    b.len() > 9 && b[2] == b'-' && b[5] == b'-' && b[8] == b' ' && b[9] != b' '
}

/// The fixture with the given 0-based lines made 10 characters longer.
fn edited(lines: &[&str], at: &[usize]) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for &i in at {
        out[i].push_str(&"乙".repeat(10));
    }
    out.join("\n")
}

/// The name of the course whose row starts at 1-based `line`, and how many courses map its code.
fn course_of_line(s: &Standard, line: u32) -> (String, String, usize) {
    let m = s
        .mappings
        .iter()
        .find(|m| m.loc.line == line)
        .unwrap_or_else(|| panic!("no row at line {line}"));
    let course = s
        .courses
        .iter()
        .find(|c| c.course_no == m.course_no)
        .expect("course of the row");
    let mut courses: Vec<u32> = s
        .mappings
        .iter()
        .filter(|o| o.competency_code == m.competency_code)
        .map(|o| o.course_no)
        .collect();
    courses.dedup();
    (
        course.name.clone(),
        m.competency_code.clone(),
        courses.len(),
    )
}

fn text_change(d: &diff::Diff) -> &Change {
    assert_eq!(d.changes.len(), 1, "{}", diff::summary(d, 20));
    &d.changes[0]
}

#[test]
fn an_edit_in_one_of_several_courses_is_one_change_naming_it() {
    let text = fixture_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let base = convert("base.txt", &text);
    // Every occurrence of a code mapped by several courses, edited alone.
    let shared: Vec<usize> = (0..lines.len())
        .filter(|&i| is_competency(lines[i]))
        .filter(|&i| course_of_line(&base, i as u32 + 1).2 > 1)
        .collect();
    assert!(shared.len() >= 2, "{} shared lines", shared.len());
    let code = lines[shared[0]].split_once(' ').unwrap().0;
    let occurrences: Vec<usize> = shared
        .iter()
        .copied()
        .filter(|&i| lines[i].starts_with(code))
        .collect();
    assert!(occurrences.len() >= 2, "{code}");
    for &i in &occurrences {
        let (course, code, _) = course_of_line(&base, i as u32 + 1);
        let d = diff::diff(&base, &convert("edited.txt", &edited(&lines, &[i])));
        let c = text_change(&d);
        let old = lines[i].split_once(' ').unwrap().1.to_string();
        let want = Change {
            change: ChangeType::Changed,
            kind: Kind::Mapping,
            course,
            code,
            field: "text".into(),
            new: format!("{old}{}", "乙".repeat(10)),
            old,
        };
        assert_eq!(c, &want, "line {}", i + 1);
    }
}

#[test]
fn an_edit_in_every_course_is_one_competency_change() {
    let text = fixture_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let base = convert("base.txt", &text);
    let first = (0..lines.len())
        .filter(|&i| is_competency(lines[i]))
        .find(|&i| course_of_line(&base, i as u32 + 1).2 > 1)
        .expect("a code mapped by several courses");
    let line = lines[first];
    let code = line.split_once(' ').unwrap().0;
    // Each row's line (a row may also start after its project and task on one line).
    let every: Vec<usize> = base
        .mappings
        .iter()
        .filter(|m| m.competency_code == code)
        .map(|m| m.loc.line as usize - 1)
        .collect();
    assert!(every.len() > 1);
    let d = diff::diff(&base, &convert("edited.txt", &edited(&lines, &every)));
    let c = text_change(&d);
    let old = line.split_once(' ').unwrap().1;
    assert_eq!(
        (
            c.change,
            c.kind,
            c.course.as_str(),
            c.code.as_str(),
            c.field.as_str()
        ),
        (ChangeType::Changed, Kind::Competency, "", code, "text")
    );
    assert_eq!(
        (c.old.as_str(), c.new.clone()),
        (old, format!("{old}{}", "乙".repeat(10)))
    );
}

/// Every 37th competency line, made 10 characters longer on its own: exactly one change,
/// a mapping row naming the line's course when its code is mapped by several courses, else
/// the competency row.
#[test]
fn every_single_edit_is_exactly_one_change() {
    let text = fixture_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let base = convert("base.txt", &text);
    let picks: Vec<usize> = (0..lines.len())
        .filter(|&i| is_competency(lines[i]))
        .step_by(37)
        .collect();
    assert!(picks.len() >= 25, "{} lines picked", picks.len());
    let mut bad = Vec::new();
    let mut shared = 0;
    for &i in &picks {
        let (course, code, courses) = course_of_line(&base, i as u32 + 1);
        let d = diff::diff(&base, &convert("edited.txt", &edited(&lines, &[i])));
        let (kind, want_course) = if courses > 1 {
            shared += 1;
            (Kind::Mapping, course)
        } else {
            (Kind::Competency, String::new())
        };
        let ok = d.changes.len() == 1 && {
            let c = &d.changes[0];
            c.change == ChangeType::Changed
                && c.kind == kind
                && c.course == want_course
                && c.code == code
                && c.field == "text"
                && c.new.ends_with("乙乙乙乙乙乙乙乙乙乙")
        };
        if !ok {
            bad.push(format!("line {}: {}", i + 1, diff::summary(&d, 5)));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    println!(
        "{} edits, {shared} of codes mapped by several courses",
        picks.len()
    );
}
