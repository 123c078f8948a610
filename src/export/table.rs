//! The five output tables as plain data, shared by the CSV and XLSX writers.
//!
//! [`tables`] turns a [`Standard`] into the `mappings`, `courses`, `competencies`, `matrix`
//! and `findings` tables of CONTRACT.md, header and rows, in that order. Both writers only
//! lay these out, so a column cannot exist in one format and not the other; tests compare a
//! CSV with the XLSX sheet of the same [`Table`].

use crate::model::{Course, Standard};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text, written as a text cell in XLSX even when it looks like a number (`01`).
    Text(String),
    /// A count, a course number, a page or a line: a number cell in XLSX.
    Number(u64),
    /// Nothing: an empty CSV field, a blank XLSX cell.
    Empty,
}

impl Value {
    /// The cell as the CSV shows it.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::Empty => Cow::Borrowed(""),
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn num(n: impl Into<u64>) -> Value {
    Value::Number(n.into())
}

/// A page number; 0 (no page: a Word document is not laid out) is an empty cell.
fn page(n: u32) -> Value {
    if n == 0 {
        Value::Empty
    } else {
        num(n)
    }
}

/// What a column holds; the XLSX writer picks width, wrapping and alignment from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A code (`01-02-03`): text, never a number.
    Code,
    /// A number.
    Number,
    /// A short text: a name, a category, a rule.
    Text,
    /// A sentence or a paragraph: a competency text, a description, a message.
    LongText,
    /// A `1` mark of the matrix.
    Flag,
}

/// A column: its header and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// One output table: a CSV file `<stem>.<name>.csv` and a sheet `sheet` of the XLSX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// File name part: `mappings`, `courses`, `competencies`, `matrix`, `findings`.
    pub name: &'static str,
    /// Sheet name in the XLSX.
    pub sheet: &'static str,
    pub columns: Vec<Column>,
    /// Each row has exactly one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Leading columns that identify a row (kept in view when scrolling sideways).
    pub key_columns: u16,
}

impl Table {
    fn new(name: &'static str, sheet: &'static str, columns: &[(&str, Kind)]) -> Table {
        Table {
            name,
            sheet,
            columns: columns
                .iter()
                .map(|&(name, kind)| Column {
                    name: name.to_string(),
                    kind,
                })
                .collect(),
            rows: Vec::new(),
            key_columns: 0,
        }
    }

    /// The header names, in order.
    pub fn header(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

/// The five tables of CONTRACT.md for `standard`, in the order mappings, courses,
/// competencies, matrix, findings.
pub fn tables(standard: &Standard) -> Vec<Table> {
    let catalogue = standard.catalogue();
    let catalogue_rows = || {
        catalogue
            .iter()
            .map(|e| (e.competency_code.as_str(), e.competency_text.as_str(), e))
    };

    // A number printed twice would be a parser bug; the first course keeps the number.
    let mut by_no: BTreeMap<u32, &Course> = BTreeMap::new();
    for c in &standard.courses {
        by_no.entry(c.course_no).or_insert(c);
    }

    use Kind::*;
    let mut mappings = Table::new(
        "mappings",
        "Mappings",
        &[
            ("course_no", Number),
            ("course_category", Text),
            ("course_name", Text),
            ("project_code", Code),
            ("project_name", Text),
            ("task_code", Code),
            ("task_name", Text),
            ("competency_code", Code),
            ("competency_text", LongText),
            ("page", Number),
            ("line", Number),
        ],
    );
    mappings.rows = standard
        .mappings
        .iter()
        .map(|m| {
            let course = by_no.get(&m.course_no);
            vec![
                num(m.course_no),
                text(course.map_or("", |c| c.category.as_str())),
                text(course.map_or("", |c| c.name.as_str())),
                text(&m.project_code),
                text(&m.project_name),
                text(&m.task_code),
                text(&m.task_name),
                text(&m.competency_code),
                text(&m.competency_text),
                page(m.loc.page),
                num(m.loc.line),
            ]
        })
        .collect();

    let mut courses = Table::new(
        "courses",
        "Courses",
        &[
            ("course_no", Number),
            ("course_category", Text),
            ("course_name", Text),
            ("level", Text),
            ("description", LongText),
            ("competency_count", Number),
        ],
    );
    courses.rows = standard
        .courses
        .iter()
        .map(|c| {
            vec![
                num(c.course_no),
                text(&c.category),
                text(&c.name),
                text(&c.level),
                text(&c.description),
                num(standard.competency_count(c.course_no) as u64),
            ]
        })
        .collect();

    let mut competencies = Table::new(
        "competencies",
        "Competencies",
        &[
            ("competency_code", Code),
            ("competency_text", LongText),
            ("task_code", Code),
            ("task_name", Text),
            ("project_code", Code),
            ("project_name", Text),
            ("course_count", Number),
            ("courses", Text),
        ],
    );
    competencies.rows = catalogue_rows()
        .map(|(code, body, e)| {
            let list: Vec<String> = e.courses.iter().map(u32::to_string).collect();
            vec![
                text(code),
                text(body),
                text(&e.task_code),
                text(&e.task_name),
                text(&e.project_code),
                text(&e.project_name),
                num(e.courses.len() as u64),
                text(&list.join(";")),
            ]
        })
        .collect();

    let mut matrix = Table::new(
        "matrix",
        "Matrix",
        &[("competency_code", Code), ("competency_text", LongText)],
    );
    matrix.key_columns = 2;
    matrix
        .columns
        .extend(standard.courses.iter().map(|c| Column {
            name: format!("{} {}", c.course_no, c.name),
            kind: Flag,
        }));
    matrix.rows = catalogue_rows()
        .map(|(code, body, e)| {
            let mut row = vec![text(code), text(body)];
            row.extend(standard.courses.iter().map(|c| {
                if e.courses.contains(&c.course_no) {
                    num(1u32)
                } else {
                    Value::Empty
                }
            }));
            row
        })
        .collect();

    let mut findings = Table::new(
        "findings",
        "Findings",
        &[
            ("severity", Text),
            ("rule", Text),
            ("course_no", Number),
            ("code", Code),
            ("page", Number),
            ("line", Number),
            ("message", LongText),
        ],
    );
    findings.rows = standard
        .findings
        .iter()
        .map(|f| {
            vec![
                text(f.severity.as_str()),
                text(f.rule.as_str()),
                f.course_no.map_or(Value::Empty, num),
                text(&f.code),
                page(f.loc.page),
                num(f.loc.line),
                text(&f.message),
            ]
        })
        .collect();

    vec![mappings, courses, competencies, matrix, findings]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn course(no: u32, name: &str) -> Course {
        Course {
            course_no: no,
            category: "cat".into(),
            name: name.into(),
            level: "lvl".into(),
            description: "d".into(),
            loc: Loc::new(1, no),
            labels: Vec::new(),
        }
    }

    fn mapping(course_no: u32, code: &str) -> Mapping {
        Mapping {
            course_no,
            project_code: code[..2].into(),
            project_name: "p".into(),
            task_code: code[..5].into(),
            task_name: "t".into(),
            competency_code: code.into(),
            competency_text: format!("text {code}"),
            loc: Loc::new(2, 7),
        }
    }

    fn sample() -> Standard {
        Standard {
            courses: vec![course(1, "A"), course(2, "B"), course(3, "C")],
            mappings: vec![
                mapping(2, "02-01-01"),
                mapping(1, "01-01-01"),
                mapping(2, "01-01-01"),
                mapping(9, "03-01-01"),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn every_row_has_one_value_per_column() {
        for t in tables(&sample()) {
            for row in &t.rows {
                assert_eq!(row.len(), t.columns.len(), "table {}", t.name);
            }
        }
    }

    #[test]
    fn names_and_order() {
        let names: Vec<_> = tables(&sample()).iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            ["mappings", "courses", "competencies", "matrix", "findings"]
        );
    }

    #[test]
    fn mapping_of_unknown_course_has_empty_name() {
        let t = &tables(&sample())[0];
        assert_eq!(t.rows[3][0], Value::Number(9));
        assert_eq!(t.rows[3][2], text(""));
        assert_eq!(t.rows[0][2], text("B"));
    }

    #[test]
    fn counts_and_matrix_marks() {
        let all = tables(&sample());
        let counts: Vec<_> = all[1].rows.iter().map(|r| r[5].clone()).collect();
        assert_eq!(counts, [num(1u32), num(2u32), num(0u32)]);
        let matrix = &all[3];
        assert_eq!(matrix.header()[2..], ["1 A", "2 B", "3 C"]);
        // 01-01-01 is trained by courses 1 and 2, not 3.
        assert_eq!(matrix.rows[0][2..], [num(1u32), num(1u32), Value::Empty]);
        let comp = &all[2];
        assert_eq!(comp.rows[0][7], text("1;2"));
        assert_eq!(comp.rows[0][6], num(2u32));
    }
}
