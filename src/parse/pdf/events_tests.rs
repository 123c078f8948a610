//! Unit cases of [`page_events`]: small ruled pages and the events they read as.

use super::*;
use crate::extract::pdf::{Glyph, PdfPage, Segment};
use crate::parse::pdf::columns::detect_columns;
use crate::parse::pdf::flow::Carry;
use crate::parse::pdf::testkit::{check, grid, page, seg, words};

/// Column edges: project code and name, task code and name, competency code, text.
const SIX: [f64; 7] = [20.0, 60.0, 140.0, 180.0, 260.0, 320.0, 560.0];

/// One event as a line of text: its kind, its fields, its line.
fn show(e: &Ev) -> String {
    match e {
        Ev::Free { text, loc } => format!("free {text} @{}", loc.line),
        Ev::Name(t) => format!("name {t}"),
        Ev::Description(t) => format!("description {t}"),
        Ev::Checkboxes { level, items } => format!("checkboxes {level} {items:?}"),
        Ev::Row(r) => format!(
            "row {} {} @{} | {} {} | {} {}{}",
            r.code,
            r.text,
            r.loc.line,
            r.project.code,
            r.project.name,
            r.task.code,
            r.task.name,
            if r.first_on_page { " | first" } else { "" }
        ),
        Ev::Orphan {
            text,
            loc,
            top,
            bottom,
        } => format!("orphan {text} @{} top {top} bottom {bottom}", loc.line),
        Ev::Stray { text, loc } => format!("stray {text} @{}", loc.line),
        Ev::LabelTail {
            level,
            name,
            text,
            loc,
        } => format!("tail {level:?} name {name} {text} @{}", loc.line),
        Ev::Loose {
            text,
            loc,
            page_top,
        } => format!("loose {text} @{} top {page_top}", loc.line),
    }
}

/// The events of a page, its columns detected as the parser does.
fn events(p: PdfPage) -> Vec<String> {
    let pl = PageLayout::new(&p, &Carry::default()).0;
    let tables = detect_columns(&pl);
    page_events(&pl, &tables)
        .iter()
        .map(|(_, _, e)| show(e))
        .collect()
}

/// The six-column table between y 130 and 220: a header row, then two competency rows
/// whose project and task cells are merged (no row rule crosses them).
fn table(second_text: &str) -> (Vec<Segment>, Vec<Segment>, Vec<Glyph>) {
    let (mut h, v) = grid(&SIX, &[130.0, 160.0, 220.0]);
    h.push(seg(190.0, 260.0, 560.0));
    let g = words(&[
        ("工作项目", 21.0, 150.0),
        ("工作任务", 141.0, 150.0),
        ("职业能力", 262.0, 150.0),
        ("01", 22.0, 180.0),
        ("项目一", 62.0, 180.0),
        ("01-01", 142.0, 180.0),
        ("任务一", 182.0, 180.0),
        ("01-01-01", 262.0, 180.0),
        ("能力一", 322.0, 180.0),
        ("01-01-02", 262.0, 210.0),
        (second_text, 322.0, 210.0),
    ]);
    (h, v, g)
}

#[test]
fn a_page_in_reading_order() {
    let with_header = || {
        let (mut h, mut v, mut g) = table("能力二");
        let (h2, v2) = grid(&[20.0, 140.0, 560.0], &[60.0, 90.0, 120.0]);
        h.extend(h2);
        v.extend(v2);
        g.extend(words(&[
            ("说明文字", 20.0, 40.0),
            ("课程名称", 22.0, 80.0),
            ("机械制图", 142.0, 80.0),
            ("主要教学内容及要求", 22.0, 110.0),
            ("识读图样", 142.0, 110.0),
        ]));
        page(g, h, v)
    };
    let symbols = {
        let (h, v, g) = table("±0.5℃ ≥3‰ 5µm×2·Ω");
        page(g, h, v)
    };
    let numbered = {
        let (h, v, mut g) = table("能力二");
        g.extend(words(&[("第1页", 280.0, 20.0), ("- 2 -", 280.0, 800.0)]));
        page(g, h, v)
    };
    let rows = [
        "row 01-01-01 能力一 @L1 | 01 项目一 | 01-01 任务一 | first",
        "row 01-01-02 能力二 @L2 | 01 项目一 | 01-01 任务一",
    ];
    // Row `k` of the two, the first row's code on `line`.
    let at = |k: usize, line: u32| {
        rows[k]
            .replace("L1", &line.to_string())
            .replace("L2", &(line + 1).to_string())
    };
    check(
        events,
        [
            (
                "free text, header block, rows with their merged label cells",
                with_header(),
                vec![
                    "free 说明文字 @1".to_string(),
                    "name 机械制图".to_string(),
                    "description 识读图样".to_string(),
                    at(0, 5),
                    at(1, 5),
                ],
            ),
            (
                "symbols in a text stay as printed",
                symbols,
                vec![
                    at(0, 2),
                    "row 01-01-02 ±0.5℃ ≥3‰ 5µm×2·Ω @3 | 01 项目一 | 01-01 任务一".to_string(),
                ],
            ),
            (
                "page numbers at the top and bottom are furniture",
                numbered,
                vec![at(0, 3), at(1, 3)],
            ),
        ],
    );
}

#[test]
fn text_no_row_took() {
    // Competency and text columns only, rows between y 100 and 220.
    let xs = [260.0, 320.0, 560.0];
    let ys = [100.0, 130.0, 160.0, 190.0, 220.0];
    let p = |ws: &[(&str, f64, f64)]| {
        let (h, v) = grid(&xs, &ys);
        page(words(ws), h, v)
    };
    check(
        events,
        [
            (
                "a second header row above the codes is structure",
                p(&[
                    ("编号", 262.0, 120.0),
                    ("内容", 322.0, 120.0),
                    ("01-01-01", 262.0, 150.0),
                    ("能力一", 322.0, 150.0),
                ]),
                vec!["row 01-01-01 能力一 @2 |   |   | first".to_string()],
            ),
            (
                "a long codeless cell below the codes is a stray",
                p(&[
                    ("01-01-01", 262.0, 150.0),
                    ("能力一", 322.0, 150.0),
                    ("备注", 262.0, 180.0),
                    ("本表按学期更新内容", 322.0, 180.0),
                ]),
                vec![
                    "row 01-01-01 能力一 @1 |   |   | first".to_string(),
                    "stray 备注 @2".to_string(),
                    "stray 本表按学期更新内容 @2".to_string(),
                ],
            ),
            (
                "text with no code beside it, above and below the codes",
                p(&[
                    ("续前页", 322.0, 120.0),
                    ("01-01-01", 262.0, 150.0),
                    ("能力一", 322.0, 150.0),
                    ("未完", 322.0, 210.0),
                ]),
                vec![
                    "orphan 续前页 @1 top true bottom false".to_string(),
                    "row 01-01-01 能力一 @2 |   |   | first".to_string(),
                    "orphan 未完 @3 top false bottom true".to_string(),
                ],
            ),
        ],
    );
}

#[test]
fn header_block_cells() {
    let xs = [20.0, 140.0, 560.0];
    let ys = [60.0, 90.0, 120.0, 150.0];
    let p = |ws: &[(&str, f64, f64)]| {
        let (h, v) = grid(&xs, &ys);
        page(words(ws), h, v)
    };
    check(
        events,
        [
            (
                "label and value in one cell, checkboxes with their level to the left",
                p(&[
                    ("课程名称 机械制图", 22.0, 80.0),
                    ("中职", 22.0, 110.0),
                    ("☑专业核心课☐专业基础课", 142.0, 110.0),
                    ("另附说明", 142.0, 140.0),
                ]),
                vec![
                    "name 机械制图".to_string(),
                    "checkboxes 中职 [(\"专业核心课\", true), (\"专业基础课\", false)]".to_string(),
                    "loose 另附说明 @3 top false".to_string(),
                ],
            ),
            (
                "a loose cell in the page's first row",
                p(&[("课程目标续", 142.0, 80.0)]),
                vec!["loose 课程目标续 @1 top true".to_string()],
            ),
        ],
    );
}

/// A course name after a colon in the label's own cell loses the colon, as in the text
/// parser's `lexicon::course_name`.
#[test]
fn course_name_after_a_colon() {
    let (h, v) = grid(&[20.0, 140.0, 560.0], &[60.0, 90.0]);
    check(
        events,
        [
            (
                "label, colon and value in one cell",
                page(
                    words(&[("课程名称：机械制图", 22.0, 80.0)]),
                    h.clone(),
                    v.clone(),
                ),
                vec!["name 机械制图".to_string()],
            ),
            (
                "an ASCII colon and a space",
                page(
                    words(&[("课程名称: 机械制图", 22.0, 80.0)]),
                    h.clone(),
                    v.clone(),
                ),
                vec!["name 机械制图".to_string()],
            ),
            (
                "the description's label and a colon",
                page(words(&[("主要教学内容及要求：识读图样", 22.0, 80.0)]), h, v),
                vec!["description 识读图样".to_string()],
            ),
        ],
    );
}

/// A continuation page whose first row is the rest of a row cut by the break: the project
/// and task names go on in their columns above the first code; they are label tails, not
/// stray text (the six columns, the cut row between y 100 and 130).
#[test]
fn label_tails_above_the_first_code() {
    let (h, v) = grid(&SIX, &[100.0, 130.0, 160.0]);
    let ws = |name_x: f64| {
        words(&[
            ("分析", name_x, 120.0),
            ("核算", 182.0, 120.0),
            ("表间关系正确", 322.0, 120.0),
            ("01-02-01", 262.0, 150.0),
            ("能力二", 322.0, 150.0),
            ("01", 22.0, 150.0),
            ("项目一", 62.0, 150.0),
            ("01-02", 142.0, 150.0),
            ("任务二", 182.0, 150.0),
        ])
    };
    check(
        events,
        [(
            "project and task name tails, the text's tail an orphan",
            page(ws(62.0), h.clone(), v.clone()),
            vec![
                "tail Project name true 分析 @1".to_string(),
                "tail Task name true 核算 @1".to_string(),
                "orphan 表间关系正确 @1 top true bottom false".to_string(),
                "row 01-02-01 能力二 @2 | 01 项目一 | 01-02 任务二 | first".to_string(),
            ],
        )],
    );
}
