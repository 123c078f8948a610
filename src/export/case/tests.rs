use super::*;
use crate::model::{Course, Loc, Mapping};

#[test]
fn dates_are_checked() {
    assert_eq!(
        "2024-02-29".parse::<Date>().unwrap().to_string(),
        "2024-02-29"
    );
    assert_eq!(
        "2024-09-01".parse::<Date>().unwrap().date_time(),
        "2024-09-01T00:00:00+00:00"
    );
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-1-01",
        "24-01-01",
        "2024/01/01",
        "",
        "２０２４-01-01",
    ] {
        assert!(bad.parse::<Date>().is_err(), "{bad}");
    }
}

#[test]
fn base_uris_are_checked_and_end_in_a_separator() {
    let ok = |s: &str| s.parse::<BaseUri>().unwrap().to_string();
    assert_eq!(
        ok("https://case.example.edu/uri"),
        "https://case.example.edu/uri/"
    );
    assert_eq!(
        ok("https://case.example.edu/uri/"),
        "https://case.example.edu/uri/"
    );
    assert_eq!(ok("urn:uuid:"), "urn:uuid:");
    assert_eq!(BaseUri::default().as_str(), BaseUri::DEFAULT);
    for bad in [
        "",
        "example.edu/uri",
        "://x",
        "1http://x",
        "https://x y/",
        "https://例子/",
    ] {
        assert!(bad.parse::<BaseUri>().is_err(), "{bad}");
    }
}

#[test]
fn the_year_is_read_from_the_title_and_left_out_of_the_identity() {
    assert_eq!(title_year("2023年A专业标准").map(|y| y.0), Some(2023));
    assert_eq!(
        title_year("A专业标准（２０２４版）").map(|y| y.0),
        Some(2024)
    );
    assert_eq!(title_year("A专业标准 12345"), None);
    assert_eq!(title_year("A专业标准 3000"), None);
    assert_eq!(title_year("A专业标准"), None);
    let plain = identity("A专业标准");
    for revision in [
        "2023年A专业标准",
        "2024年 A专业标准",
        "A专业标准（2024版）",
        "A专业标准(2025年修订版)",
        "A 专业标准",
    ] {
        assert_eq!(identity(revision), plain, "{revision}");
    }
    assert_ne!(identity("B专业标准"), plain);
}

fn mapping(course_no: u32, project: &str, task: &str, code: &str) -> Mapping {
    Mapping {
        course_no,
        project_code: project.into(),
        project_name: format!("p{project}"),
        task_code: task.into(),
        task_name: format!("t{task}"),
        competency_code: code.into(),
        competency_text: format!("c{code}"),
        loc: Loc::new(1, 1),
    }
}

fn course(no: u32, name: &str) -> Course {
    Course {
        course_no: no,
        category: String::new(),
        name: name.into(),
        level: String::new(),
        description: String::new(),
        loc: Loc::new(1, 1),
        labels: Vec::new(),
    }
}

/// Parent of each item by statement, and the identifiers of the courses.
fn tree(standard: &Standard) -> (BTreeMap<String, String>, Vec<String>) {
    let mut buf = Vec::new();
    write_to(standard, &CaseOptions::default(), &mut buf).unwrap();
    let p: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    let mut parents = BTreeMap::new();
    for a in p["CFAssociations"].as_array().unwrap() {
        if a["associationType"] == "isChildOf" {
            parents.insert(
                a["originNodeURI"]["title"].as_str().unwrap().to_string(),
                a["destinationNodeURI"]["title"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
    }
    let courses = p["CFItems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["CFItemType"] == Kind::Course.title())
        .map(|i| i["identifier"].as_str().unwrap().to_string())
        .collect();
    (parents, courses)
}

#[test]
fn rows_without_a_task_or_project_hang_from_what_is_above_them() {
    let standard = Standard {
        source: "s.txt".into(),
        title: String::new(),
        courses: vec![course(1, "same"), course(2, "same"), course(3, "")],
        mappings: vec![
            mapping(1, "01", "01-01", "01-01-01"),
            mapping(1, "01", "", "01-02-01"),
            mapping(2, "", "", "02-01-01"),
            mapping(3, "", "03-01", "03-01-01"),
        ],
        ..Standard::default()
    };
    let (parents, courses) = tree(&standard);
    // No title: the source names the document.
    assert_eq!(parents["c01-01-01"], "t01-01");
    assert_eq!(parents["t01-01"], "p01");
    assert_eq!(parents["p01"], "s.txt");
    assert_eq!(parents["c01-02-01"], "p01");
    assert_eq!(parents["c02-01-01"], "s.txt");
    assert_eq!(parents["t03-01"], "s.txt");
    assert_eq!(parents["same"], "s.txt");
    // Two courses of one name stay two items.
    assert_eq!(courses.len(), 3);
    assert_ne!(courses[0], courses[1]);
}

#[test]
fn the_namespace_depends_on_the_identity_only() {
    assert_eq!(
        document_namespace("2023年A专业标准"),
        document_namespace("A专业标准（2024版）")
    );
    assert_ne!(
        document_namespace("A专业标准"),
        document_namespace("B专业标准")
    );
    assert_eq!(document_namespace("A").get_version_num(), 5);
}
