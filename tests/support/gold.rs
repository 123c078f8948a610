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

/// The content of a document: its title, the paragraph before the first course, the
/// categories each checkbox line offers, and the expected courses and rows. The layout
/// generator prints any `Gold` (the fixture's, or a programme of `fixtures/programmes/`
/// read by [`super::programmes`]).
#[derive(Debug, Clone)]
pub struct Gold {
    pub title: String,
    pub intro: String,
    /// The categories offered by every course's checkbox line, in order.
    pub categories: Vec<String>,
    /// The mark of an unticked box (`☐` in the fixture, `□` in other producers').
    pub unticked: char,
    pub rows: Vec<GoldRow>,
    pub courses: Vec<GoldCourse>,
}

/// The fixture's title, introduction and checkbox categories (the layout generator
/// prints them around the gold rows).
pub const FIXTURE_TITLE: &str = "商务英语专业职业能力标准模块化库";
pub const FIXTURE_INTRO: &str = "课程与能力对接是一个“逆向定制”的过程，通过职业能力分析，了解企业对相应岗位的技能需求，然后以职业能力分析表为参考依据之一确定课程，再将这些课程和能力的关系对应起来，从而明确各门课程能够培养哪些能力，这些能力需要哪些课程培养出来。因此，教师在教学过程中可以更清晰地知道需要培养学生的哪些职业能力，让学生在就业后能够真正的学以致用。商务英语专业课程与职业能力对接表如下：";
pub const FIXTURE_CATEGORIES: [&str; 3] = ["专业群平台课", "专业基础课", "专业核心课"];

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
        Gold {
            title: FIXTURE_TITLE.to_string(),
            intro: FIXTURE_INTRO.to_string(),
            categories: FIXTURE_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            unticked: '☐',
            rows,
            courses,
        }
    }
}
