//! The bundled text fixture converts to the hand-checked gold rows and courses.

use compmap::{Rule, Severity, Standard};
use std::path::Path;

mod support;

use support::gold::csv_rows;

fn fixture() -> Standard {
    compmap::convert_file(Path::new("fixtures/business-english-standards.txt"))
        .expect("fixture converts")
}

fn gold(name: &str) -> Vec<Vec<String>> {
    csv_rows(Path::new("tests/golden").join(name), usize::MAX)
}

#[test]
fn mappings_equal_gold() {
    let s = fixture();
    let gold = gold("business-english-standards.rows.csv");
    let courses: std::collections::HashMap<u32, &compmap::Course> =
        s.courses.iter().map(|c| (c.course_no, c)).collect();
    let ours: Vec<Vec<String>> = s
        .mappings
        .iter()
        .map(|m| {
            let c = courses[&m.course_no];
            vec![
                m.course_no.to_string(),
                c.category.clone(),
                c.name.clone(),
                m.project_code.clone(),
                m.project_name.clone(),
                m.task_code.clone(),
                m.task_name.clone(),
                m.competency_code.clone(),
                m.competency_text.clone(),
                m.loc.page.to_string(),
                m.loc.line.to_string(),
            ]
        })
        .collect();
    let mut bad = 0;
    for (k, (o, g)) in ours.iter().zip(&gold).enumerate() {
        if o != g {
            bad += 1;
            if bad <= 15 {
                eprintln!("row {}:\n  ours {:?}\n  gold {:?}", k + 1, o, g);
            }
        }
    }
    assert_eq!(ours.len(), gold.len(), "row count");
    assert_eq!(bad, 0, "{bad} rows differ from the gold");
}

#[test]
fn courses_equal_gold() {
    let s = fixture();
    let gold = gold("business-english-standards.courses.csv");
    assert_eq!(s.courses.len(), gold.len());
    for (c, g) in s.courses.iter().zip(&gold) {
        let ours = [
            c.course_no.to_string(),
            c.category.clone(),
            c.name.clone(),
            c.level.clone(),
            c.description.clone(),
        ];
        assert_eq!(ours.as_slice(), g.as_slice());
    }
}

#[test]
fn findings_are_the_known_anomalies() {
    let s = fixture();
    let errors: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    for f in &s.findings {
        eprintln!(
            "{:?} {:?} {:?} {} {}:{} {}",
            f.severity, f.rule, f.course_no, f.code, f.loc.page, f.loc.line, f.message
        );
    }
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let mut courses: Vec<u32> = errors
        .iter()
        .map(|f| {
            assert_eq!(f.rule, Rule::HierarchyMismatch);
            assert_eq!(f.code, "17-04-01");
            assert!(f.message.contains("17-03"), "{}", f.message);
            f.course_no.unwrap()
        })
        .collect();
    courses.sort();
    assert_eq!(courses, [2, 3, 12]);
    let strays: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.rule == Rule::StrayText)
        .collect();
    assert_eq!(strays.len(), 1, "{strays:#?}");
    assert_eq!(strays[0].loc.line, 1575);
    assert!(strays[0].message.contains("\"14\""));
}
