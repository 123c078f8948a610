//! Expected rows from CSV files: [`csv_rows`] reads any of them (header skipped), and
//! [`Gold::load`] types the hand-checked rows and courses of the bundled fixture
//! (`tests/golden/business-english-standards.{rows,courses}.csv`).

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    pub course_no: u32,
    pub course_category: String,
    pub course_name: String,
    pub project_code: String,
    pub project_name: String,
    pub task_code: String,
    pub task_name: String,
    pub competency_code: String,
    pub competency_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldCourse {
    pub no: u32,
    pub category: String,
    pub name: String,
    pub level: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Gold {
    pub rows: Vec<GoldRow>,
    pub courses: Vec<GoldCourse>,
}

/// The one loader of expected-rows CSV files: the records of `path` (relative to the crate
/// root), header skipped, each cut to its first `cols` fields (`usize::MAX`: all).
pub fn csv_rows(path: impl AsRef<Path>, cols: usize) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("bad record in {}: {e}", path.display()))
                .iter()
                .take(cols)
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A file of `tests/golden/`, all its fields.
fn records(name: &str) -> Vec<Vec<String>> {
    csv_rows(Path::new("tests/golden").join(name), usize::MAX)
}

impl Gold {
    pub fn load() -> Gold {
        let rows = records("business-english-standards.rows.csv")
            .iter()
            .map(|r| GoldRow {
                course_no: r[0].parse().expect("course_no"),
                course_category: r[1].clone(),
                course_name: r[2].clone(),
                project_code: r[3].clone(),
                project_name: r[4].clone(),
                task_code: r[5].clone(),
                task_name: r[6].clone(),
                competency_code: r[7].clone(),
                competency_text: r[8].clone(),
            })
            .collect();
        let courses = records("business-english-standards.courses.csv")
            .iter()
            .map(|r| GoldCourse {
                no: r[0].parse().expect("course_no"),
                category: r[1].clone(),
                name: r[2].clone(),
                level: r[3].clone(),
                description: r[4].clone(),
            })
            .collect();
        Gold { rows, courses }
    }
}
