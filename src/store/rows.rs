//! A document flattened into the rows the store inserts ([`Prepared`]): every value of every
//! table in one text buffer and one list of values, built where the document was converted
//! (a batch's worker thread). The one writer thread then only binds and steps, and frees a
//! few buffers per document instead of the thousands of strings of a [`Standard`] (a
//! standard freed on another thread than the one that allocated it costs the allocator more:
//! measured in `docs/STORE.md`).
//!
//! Row order and values are exactly those `store` documents per table: `seq` in document
//! order, projects and tasks by code with their first definition, competencies as the
//! catalogue ([`Standard::catalogue`]).

use super::{document_id, Document};
use crate::model::Standard;
use std::collections::BTreeMap;

/// One value of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Null,
    /// `text[start..end]` of the [`Rows`] it belongs to.
    Text(usize, usize),
}

/// The rows of one table: `columns` (after `document_id`, which every row starts with and
/// the writer binds) and `values[first..first + rows * columns.len()]`, row after row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: usize,
    first: usize,
}

/// The rows of every table of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    text: String,
    values: Vec<Value>,
    tables: Vec<Table>,
}

impl Rows {
    /// The tables, in insertion order (parents before children).
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The values of `table`, row after row.
    pub fn values(&self, table: &Table) -> &[Value] {
        &self.values[table.first..table.first + table.rows * table.columns.len()]
    }

    /// The text a [`Value::Text`] points at.
    pub fn text(&self, start: usize, end: usize) -> &str {
        &self.text[start..end]
    }

    fn begin(&mut self, name: &'static str, columns: &'static [&'static str]) {
        self.tables.push(Table {
            name,
            columns,
            rows: 0,
            first: self.values.len(),
        });
    }

    /// Push one row of the table begun last; `row` has its columns' values in order.
    fn row<const N: usize>(&mut self, row: [Cell<'_>; N]) {
        for cell in row {
            let value = match cell {
                Cell::Int(i) => Value::Int(i),
                Cell::Null => Value::Null,
                Cell::Text(s) => {
                    let start = self.text.len();
                    self.text.push_str(s);
                    Value::Text(start, self.text.len())
                }
            };
            self.values.push(value);
        }
        if let Some(t) = self.tables.last_mut() {
            debug_assert_eq!(t.columns.len(), N);
            t.rows += 1;
        }
    }
}

/// A value while a row is built.
enum Cell<'a> {
    Int(i64),
    Null,
    Text(&'a str),
}

fn int(i: impl Into<i64>) -> Cell<'static> {
    Cell::Int(i.into())
}

/// A document ready for the writer: its `document` row and the rows of its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub id: i64,
    /// The source file name (`document.file`).
    pub source: String,
    pub title: String,
    pub pages: u32,
    pub programme: String,
    pub revision: String,
    pub content_hash: String,
    pub rows: Rows,
}

const COURSE: &[&str] = &[
    "seq",
    "no",
    "category",
    "name",
    "level",
    "description",
    "page",
    "line",
    "labels",
];
const PROJECT: &[&str] = &["code", "name"];
const TASK: &[&str] = &["code", "name", "project_code"];
const COMPETENCY: &[&str] = &[
    "code",
    "text",
    "task_code",
    "task_name",
    "project_code",
    "project_name",
];
const MAPPING: &[&str] = &[
    "seq",
    "course_no",
    "project_code",
    "project_name",
    "task_code",
    "task_name",
    "competency_code",
    "competency_text",
    "page",
    "line",
];
const FINDING: &[&str] = &[
    "seq",
    "severity",
    "rule",
    "course_no",
    "code",
    "page",
    "line",
    "message",
];

impl Prepared {
    /// Flatten `doc` into its rows.
    pub fn new(doc: &Document) -> Prepared {
        let s = &doc.standard;
        Prepared {
            id: document_id(&doc.programme, &doc.revision),
            source: s.source.clone(),
            title: s.title.clone(),
            pages: s.pages,
            programme: doc.programme.clone(),
            revision: doc.revision.clone(),
            content_hash: doc.content_hash.clone(),
            rows: rows(s),
        }
    }
}

/// The rows of `s`, parents before children (the order foreign keys need).
fn rows(s: &Standard) -> Rows {
    let mut r = Rows::default();
    r.begin("course", COURSE);
    for (seq, c) in s.courses.iter().enumerate() {
        let labels = serde_json::to_string(&c.labels).unwrap_or_else(|_| "[]".into());
        r.row([
            Cell::Int(seq as i64),
            int(c.course_no),
            Cell::Text(&c.category),
            Cell::Text(&c.name),
            Cell::Text(&c.level),
            Cell::Text(&c.description),
            int(c.loc.page),
            int(c.loc.line),
            Cell::Text(&labels),
        ]);
    }
    // Projects and tasks: first definition in document order, as the differ reads them.
    let mut projects: BTreeMap<&str, &str> = BTreeMap::new();
    let mut tasks: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for m in &s.mappings {
        projects.entry(&m.project_code).or_insert(&m.project_name);
        tasks
            .entry(&m.task_code)
            .or_insert((&m.task_name, &m.project_code));
    }
    r.begin("project", PROJECT);
    for (code, name) in projects {
        r.row([Cell::Text(code), Cell::Text(name)]);
    }
    r.begin("task", TASK);
    for (code, (name, project)) in tasks {
        r.row([Cell::Text(code), Cell::Text(name), Cell::Text(project)]);
    }
    r.begin("competency", COMPETENCY);
    for e in s.catalogue() {
        r.row([
            Cell::Text(&e.competency_code),
            Cell::Text(&e.competency_text),
            Cell::Text(&e.task_code),
            Cell::Text(&e.task_name),
            Cell::Text(&e.project_code),
            Cell::Text(&e.project_name),
        ]);
    }
    r.begin("mapping", MAPPING);
    for (seq, m) in s.mappings.iter().enumerate() {
        r.row([
            Cell::Int(seq as i64),
            int(m.course_no),
            Cell::Text(&m.project_code),
            Cell::Text(&m.project_name),
            Cell::Text(&m.task_code),
            Cell::Text(&m.task_name),
            Cell::Text(&m.competency_code),
            Cell::Text(&m.competency_text),
            int(m.loc.page),
            int(m.loc.line),
        ]);
    }
    r.begin("finding", FINDING);
    for (seq, f) in s.findings.iter().enumerate() {
        r.row([
            Cell::Int(seq as i64),
            Cell::Text(f.severity.as_str()),
            Cell::Text(f.rule.as_str()),
            f.course_no.map_or(Cell::Null, int),
            Cell::Text(&f.code),
            int(f.loc.page),
            int(f.loc.line),
            Cell::Text(&f.message),
        ]);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Course, Finding, Loc, Mapping, Rule, Severity};

    fn mapping(course: u32, code: &str, text: &str) -> Mapping {
        Mapping {
            course_no: course,
            project_code: code[..2].into(),
            project_name: format!("p{}", &code[..2]),
            task_code: code[..5].into(),
            task_name: format!("t{}", &code[..5]),
            competency_code: code.into(),
            competency_text: text.into(),
            loc: Loc::new(1, 2),
        }
    }

    fn texts(r: &Rows, table: &Table) -> Vec<String> {
        r.values(table)
            .iter()
            .map(|v| match *v {
                Value::Int(i) => i.to_string(),
                Value::Null => "NULL".into(),
                Value::Text(a, b) => r.text(a, b).to_string(),
            })
            .collect()
    }

    #[test]
    fn rows_per_table_in_order_with_first_definitions() {
        let s = Standard {
            source: "a.txt".into(),
            title: "T".into(),
            pages: 3,
            courses: vec![Course {
                course_no: 7,
                category: "c".into(),
                name: "n".into(),
                level: "l".into(),
                description: "d".into(),
                loc: Loc::new(1, 1),
                labels: vec!["x".into()],
            }],
            mappings: vec![
                mapping(7, "02-01-01", "b"),
                mapping(7, "01-01-01", "a"),
                mapping(8, "02-01-01", "b again"),
            ],
            findings: vec![Finding {
                severity: Severity::Warning,
                rule: Rule::StrayText,
                course_no: None,
                code: String::new(),
                loc: Loc::new(2, 10),
                message: "m".into(),
                expected: None,
                span: None,
            }],
        };
        let doc = Document::hashed(s, "h".into(), None, None);
        let p = Prepared::new(&doc);
        assert_eq!(p.id, document_id(&doc.programme, &doc.revision));
        let r = &p.rows;
        let names: Vec<_> = r.tables().iter().map(|t| (t.name, t.rows)).collect();
        assert_eq!(
            names,
            [
                ("course", 1),
                ("project", 2),
                ("task", 2),
                ("competency", 2),
                ("mapping", 3),
                ("finding", 1)
            ]
        );
        let t = |name: &str| r.tables().iter().find(|t| t.name == name).unwrap();
        assert_eq!(
            texts(r, t("course")),
            ["0", "7", "c", "n", "l", "d", "1", "1", "[\"x\"]"]
        );
        assert_eq!(texts(r, t("project")), ["01", "p01", "02", "p02"]);
        assert_eq!(
            texts(r, t("competency"))[6..],
            ["02-01-01", "b", "02-01", "t02-01", "02", "p02"]
        );
        assert_eq!(texts(r, t("mapping"))[20..22], ["2", "8"]);
        assert_eq!(
            texts(r, t("finding")),
            ["0", "warning", "stray-text", "NULL", "", "2", "10", "m"]
        );
    }
}
