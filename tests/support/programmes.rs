//! The programmes written by hand in `fixtures/programmes/<id>.json` (schema in
//! `fixtures/programmes/README.md`), read as the content the layout generator prints and
//! the rows and courses a parse must give back.
//!
//! A programme file holds the catalogue once (projects → tasks → competencies, each code
//! with its one name or text) and, per course, the codes it maps (`maps`: a project, task
//! or competency code takes everything under it). The expected rows of a course are the
//! catalogue's competencies it maps, in catalogue order, each under its project and task:
//! the same code carries the same name and text in every course, as in the real
//! documents. The loader checks the file (codes nested and unique, every `maps` entry
//! matching something, no empty course) and panics naming the file and entry otherwise.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::gold::{Gold, GoldCourse, GoldRow};

/// Where the programme files live, relative to the crate root.
pub const DIR: &str = "fixtures/programmes";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    title: String,
    programme: String,
    level: String,
    intro: String,
    categories: Vec<String>,
    #[serde(default = "default_unticked")]
    unticked: char,
    projects: Vec<Project>,
    courses: Vec<Course>,
}

fn default_unticked() -> char {
    '☐'
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Project {
    code: String,
    name: String,
    tasks: Vec<Task>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Task {
    code: String,
    name: String,
    competencies: Vec<Competency>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Competency {
    code: String,
    text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Course {
    no: u32,
    category: String,
    name: String,
    description: String,
    #[serde(default)]
    level: Option<String>,
    maps: Vec<String>,
}

/// One programme: its id (the file stem), its name, and its content as a [`Gold`].
#[derive(Debug, Clone)]
pub struct Programme {
    pub id: String,
    pub name: String,
    pub gold: Gold,
    /// Distinct competencies of the catalogue.
    pub competencies: usize,
}

/// Does `code` sit under (or equal) the mapped code `map`?
fn covers(map: &str, code: &str) -> bool {
    code == map || code.strip_prefix(map).is_some_and(|r| r.starts_with('-'))
}

/// A canonical code of `level` parts (`01`, `01-02`, `01-02-03`)?
fn canonical(code: &str, parts: usize) -> bool {
    let p: Vec<&str> = code.split('-').collect();
    p.len() == parts
        && p.iter()
            .all(|x| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit()))
}

fn parse(path: &Path, text: &str) -> Programme {
    let where_ = path.display();
    let f: File =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{where_}: not a programme: {e}"));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    assert_eq!(f.id, stem, "{where_}: id must be the file stem");
    let mut seen = BTreeSet::new();
    let mut catalogue: Vec<(&Project, &Task, &Competency)> = Vec::new();
    for p in &f.projects {
        assert!(canonical(&p.code, 1), "{where_}: project code {:?}", p.code);
        assert!(
            !p.name.is_empty() && !p.tasks.is_empty(),
            "{where_}: project {}",
            p.code
        );
        assert!(seen.insert(p.code.clone()), "{where_}: {} twice", p.code);
        for t in &p.tasks {
            assert!(
                canonical(&t.code, 2) && covers(&p.code, &t.code),
                "{where_}: task {} under project {}",
                t.code,
                p.code
            );
            assert!(
                !t.name.is_empty() && !t.competencies.is_empty(),
                "{where_}: task {}",
                t.code
            );
            assert!(seen.insert(t.code.clone()), "{where_}: {} twice", t.code);
            for c in &t.competencies {
                assert!(
                    canonical(&c.code, 3) && covers(&t.code, &c.code),
                    "{where_}: competency {} under task {}",
                    c.code,
                    t.code
                );
                assert!(!c.text.is_empty(), "{where_}: competency {} empty", c.code);
                assert!(seen.insert(c.code.clone()), "{where_}: {} twice", c.code);
                catalogue.push((p, t, c));
            }
        }
    }
    let mut rows = Vec::new();
    let mut courses = Vec::new();
    for (i, course) in f.courses.iter().enumerate() {
        assert_eq!(
            course.no as usize,
            i + 1,
            "{where_}: courses numbered 1, 2, …"
        );
        assert!(
            f.categories.contains(&course.category),
            "{where_}: course {} category {:?} not among the categories",
            course.no,
            course.category
        );
        for m in &course.maps {
            assert!(
                catalogue.iter().any(|(_, _, c)| covers(m, &c.code)),
                "{where_}: course {} maps {m:?}, which is in no code",
                course.no
            );
        }
        let before = rows.len();
        for (p, t, c) in &catalogue {
            if course.maps.iter().any(|m| covers(m, &c.code)) {
                rows.push(GoldRow {
                    course_no: course.no,
                    course_category: course.category.clone(),
                    course_name: course.name.clone(),
                    project_code: p.code.clone(),
                    project_name: p.name.clone(),
                    task_code: t.code.clone(),
                    task_name: t.name.clone(),
                    competency_code: c.code.clone(),
                    competency_text: c.text.clone(),
                });
            }
        }
        assert!(
            rows.len() > before,
            "{where_}: course {} maps no row",
            course.no
        );
        courses.push(GoldCourse {
            no: course.no,
            category: course.category.clone(),
            name: course.name.clone(),
            level: course.level.clone().unwrap_or_else(|| f.level.clone()),
            description: course.description.clone(),
        });
    }
    Programme {
        id: f.id,
        name: f.programme,
        competencies: catalogue.len(),
        gold: Gold {
            title: f.title,
            intro: f.intro,
            categories: f.categories,
            unticked: f.unticked,
            rows,
            courses,
        },
    }
}

/// The programme files, sorted by name.
pub fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

/// The programme `fixtures/programmes/<id>.json`.
pub fn load(id: &str) -> Programme {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DIR)
        .join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&path, &text)
}

/// Every programme of the corpus, sorted by id.
pub fn all() -> Vec<Programme> {
    files()
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            parse(p, &text)
        })
        .collect()
}
