//! Rows flattened to the columns of the expected-rows CSV files (`course_no`,
//! `course_category`, `course_name`, project code and name, task code and name, competency
//! code and text, `page`), for the tests that compare a parse with its truth (read with
//! [`super::gold::csv_rows`]).

use compmap::model::{Cell, ParsedDocument, Standard};

/// The parsed course headers: number, category, name, level, description (the columns
/// of the expected-courses CSV files).
pub fn parsed_courses(doc: &ParsedDocument) -> Vec<Vec<String>> {
    doc.courses
        .iter()
        .map(|c| {
            vec![
                c.course_no.to_string(),
                c.category.clone(),
                c.name.clone(),
                c.level.clone(),
                c.description.clone(),
            ]
        })
        .collect()
}

/// The converted courses, in the same columns as [`parsed_courses`].
pub fn courses(s: &Standard) -> Vec<Vec<String>> {
    s.courses
        .iter()
        .map(|c| {
            vec![
                c.course_no.to_string(),
                c.category.clone(),
                c.name.clone(),
                c.level.clone(),
                c.description.clone(),
            ]
        })
        .collect()
}

/// The parsed rows, codes as written.
pub fn parsed_rows(doc: &ParsedDocument) -> Vec<Vec<String>> {
    let label = |x: &Option<Cell>| {
        x.as_ref()
            .map(|x| (x.code.text.clone(), x.text.clone()))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for c in &doc.courses {
        for r in &c.rows {
            let (pc, pn) = label(&r.project);
            let (tc, tn) = label(&r.task);
            out.push(vec![
                c.course_no.to_string(),
                c.category.clone(),
                c.name.clone(),
                pc,
                pn,
                tc,
                tn,
                r.competency.code.text.clone(),
                r.competency.text.clone(),
                r.competency.code.loc.page.to_string(),
            ]);
        }
    }
    out
}

/// The standard's mapping rows, codes normalised.
pub fn mapping_rows(s: &Standard) -> Vec<Vec<String>> {
    s.mappings
        .iter()
        .map(|m| {
            let course = s
                .courses
                .iter()
                .find(|c| c.course_no == m.course_no)
                .expect("course of mapping");
            vec![
                m.course_no.to_string(),
                course.category.clone(),
                course.name.clone(),
                m.project_code.clone(),
                m.project_name.clone(),
                m.task_code.clone(),
                m.task_name.clone(),
                m.competency_code.clone(),
                m.competency_text.clone(),
                m.loc.page.to_string(),
            ]
        })
        .collect()
}
