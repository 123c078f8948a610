//! A code at a row start is a row, whatever the text after it starts with and however the
//! code is written: never merged into the previous competency's text (issue: rows silently
//! lost). Each case rewrites line 47 of the fixture (`01-01-03 能够针对…`, course 1).

use compmap::{Rule, Standard};
use std::path::Path;

const FIXTURE: &str = include_str!("../fixtures/business-english-standards.txt");
const LINE: usize = 47;
const GOLD_ROWS: usize = 1294;

fn convert_with_line(new_line: &str) -> Standard {
    let mut lines: Vec<&str> = FIXTURE.split('\n').collect();
    assert!(
        lines[LINE - 1].starts_with("01-01-03 "),
        "the fixture changed"
    );
    lines[LINE - 1] = new_line;
    let text = lines.join("\n");
    compmap::convert_bytes(Path::new("edited.txt"), text.as_bytes()).expect("converts")
}

#[test]
fn a_code_at_a_row_start_is_never_lost() {
    // (line, text the row must hold, the rule of the finding about the code, if any)
    let cases: &[(&str, &str, Option<Rule>)] = &[
        (
            "01-01-03 -2~3天内收集产品的关键词",
            "-2~3天内收集产品的关键词",
            None,
        ),
        ("01-01-03 -5%~+5%收集", "-5%~+5%收集", None),
        ("01-01-03 -1.5mm公差", "-1.5mm公差", None),
        ("01-01-03 +3℃以内", "+3℃以内", None),
        ("01.01.03 能够针对", "能够针对", Some(Rule::NonstandardCode)),
        ("01_01_03 能够针对", "能够针对", Some(Rule::NonstandardCode)),
        (
            "01-01\u{200B}-03 能够针对",
            "能够针对",
            Some(Rule::NonstandardCode),
        ),
    ];
    let mut failed = Vec::new();
    for (line, text, rule) in cases {
        let s = convert_with_line(line);
        let row = s
            .mappings
            .iter()
            .find(|m| m.course_no == 1 && m.competency_code == "01-01-03");
        let finding = s
            .findings
            .iter()
            .find(|f| {
                f.course_no == Some(1) && f.loc.line == LINE as u32 && f.rule != Rule::TextConflict
            })
            .map(|f| f.rule);
        if s.mappings.len() != GOLD_ROWS
            || row.map(|r| r.competency_text.as_str()) != Some(*text)
            || finding != *rule
        {
            failed.push(format!(
                "{line:?}: {} rows, row text {:?}, finding {finding:?} (want {GOLD_ROWS}, {text:?}, {rule:?})",
                s.mappings.len(),
                row.map(|r| &r.competency_text)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A task label printed alone, with no competency under it (`01-09 任务四` between two
/// competencies of `01-01`): its text is reported, never dropped with its empty cell.
#[test]
fn a_label_without_rows_is_reported() {
    let mut lines: Vec<&str> = FIXTURE.split('\n').collect();
    lines.insert(45, "01-09 任务四");
    let text = lines.join("\n");
    let s = compmap::convert_bytes(Path::new("edited.txt"), text.as_bytes()).expect("converts");
    assert_eq!(s.mappings.len(), GOLD_ROWS);
    let reported = s.findings.iter().any(|f| {
        f.rule == Rule::StrayText && f.loc.line == 46 && f.message.contains("01-09 任务四")
    });
    assert!(reported, "{:#?}", s.findings);
}
