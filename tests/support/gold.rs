//! The hand-checked expected rows and courses of the bundled fixture
//! (`tests/golden/business-english-standards.{rows,courses}.csv`).

use std::path::PathBuf;

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

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn records(name: &str) -> Vec<csv::StringRecord> {
    let path = golden_dir().join(name);
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("bad record in {}: {e}", path.display())))
        .collect()
}

impl Gold {
    pub fn load() -> Gold {
        let rows = records("business-english-standards.rows.csv")
            .iter()
            .map(|r| GoldRow {
                course_no: r[0].parse().expect("course_no"),
                course_category: r[1].to_string(),
                course_name: r[2].to_string(),
                project_code: r[3].to_string(),
                project_name: r[4].to_string(),
                task_code: r[5].to_string(),
                task_name: r[6].to_string(),
                competency_code: r[7].to_string(),
                competency_text: r[8].to_string(),
            })
            .collect();
        let courses = records("business-english-standards.courses.csv")
            .iter()
            .map(|r| GoldCourse {
                no: r[0].parse().expect("course_no"),
                category: r[1].to_string(),
                name: r[2].to_string(),
                level: r[3].to_string(),
                description: r[4].to_string(),
            })
            .collect();
        Gold { rows, courses }
    }
}
