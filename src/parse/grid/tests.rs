//! Cases of the grid parser over hand-built blocks.

use super::*;
use crate::extract::blocks::{OriginalKind, Para};
use std::path::PathBuf;

fn para(line: u32, text: &str) -> Block {
    Block::Para(Para {
        text: text.to_string(),
        loc: Loc::new(0, line),
        changed: false,
    })
}

fn cell(line: u32, col: usize, span: usize, text: &str) -> GridCell {
    GridCell {
        text: text.to_string(),
        loc: Loc::new(0, line),
        col,
        span,
        ..GridCell::default()
    }
}

fn cont(col: usize, span: usize) -> GridCell {
    GridCell {
        col,
        span,
        continues: true,
        ..GridCell::default()
    }
}

fn doc(blocks: Vec<Block>) -> ParsedDocument {
    parse(&Original {
        path: PathBuf::from("t.docx"),
        kind: OriginalKind::Docx,
        blocks,
        pages: 0,
    })
}

/// (project, task, competency, text) per row.
fn rows(d: &ParsedDocument) -> Vec<(String, String, String, String)> {
    d.courses
        .iter()
        .flat_map(|c| &c.rows)
        .map(|r| {
            let l = |x: &Option<Cell>| {
                x.as_ref()
                    .map(|x| format!("{} {}", x.code.text, x.text))
                    .unwrap_or_default()
            };
            (
                l(&r.project),
                l(&r.task),
                r.competency.code.text.clone(),
                r.competency.text.clone(),
            )
        })
        .collect()
}

fn row(p: &str, t: &str, c: &str, x: &str) -> (String, String, String, String) {
    (p.into(), t.into(), c.into(), x.into())
}

#[test]
fn header_block_as_paragraphs_and_a_split_table() {
    let d = doc(vec![
        para(1, "某专业职业能力标准"),
        para(2, "1.专业核心课：《外贸函电》课程与能力对接表"),
        para(3, "中职 ☐专业群平台课 ☐专业基础课 ☑专业核心课"),
        para(4, "课程名称\u{20}外贸函电"),
        para(5, "主要教学内容及要求"),
        para(6, "本课程讲解函电。"),
        para(7, "对接的职业能力"),
        Block::Table(Table {
            rows: vec![
                vec![
                    cell(8, 0, 2, "工作项目"),
                    cell(9, 2, 2, "工作任务"),
                    cell(10, 4, 2, "职业能力"),
                ],
                vec![
                    cell(11, 0, 1, "01"),
                    cell(12, 1, 1, "前期准备"),
                    cell(13, 2, 1, "01-01"),
                    cell(14, 3, 1, "熟悉产品"),
                    cell(15, 4, 1, "01-01-01"),
                    cell(16, 5, 1, "熟悉术语"),
                ],
                vec![
                    cont(0, 1),
                    cont(1, 1),
                    cont(2, 1),
                    cont(3, 1),
                    cell(17, 4, 1, "01-01-02"),
                    cell(18, 5, 1, "熟悉流程"),
                ],
            ],
            nested: vec![],
        }),
        para(19, "续上表"),
        Block::Table(Table {
            rows: vec![
                // The project repeated with its code only; the task cell left empty.
                vec![
                    cell(20, 0, 1, "01"),
                    cell(21, 4, 1, "01-01-03"),
                    cell(22, 5, 1, "收集关键词"),
                ],
                vec![
                    cell(23, 0, 1, "02"),
                    cell(24, 1, 1, "客户开发"),
                    cell(25, 2, 1, "02-01"),
                    cell(26, 3, 1, "寻找客户"),
                    cell(27, 4, 1, "02-01-01"),
                    cell(28, 5, 1, "搜索"),
                ],
            ],
            nested: vec![],
        }),
    ]);
    assert_eq!(d.title, "某专业职业能力标准");
    let c = &d.courses[0];
    assert_eq!(
        (c.course_no, c.category.as_str(), c.name.as_str()),
        (1, "专业核心课", "外贸函电")
    );
    assert_eq!(
        (c.level.as_str(), c.checked.clone()),
        ("中职", vec!["专业核心课".to_string()])
    );
    assert_eq!(c.description, "本课程讲解函电。");
    assert_eq!(c.labels, vec!["对接的职业能力".to_string()]);
    assert_eq!(
        rows(&d),
        vec![
            row("01 前期准备", "01-01 熟悉产品", "01-01-01", "熟悉术语"),
            row("01 前期准备", "01-01 熟悉产品", "01-01-02", "熟悉流程"),
            row("01 前期准备", "01-01 熟悉产品", "01-01-03", "收集关键词"),
            row("02 客户开发", "02-01 寻找客户", "02-01-01", "搜索"),
        ]
    );
    // A continued cell is the cell it continues (one label, one place).
    assert_eq!(
        c.rows[1].project.as_ref().unwrap().code.loc,
        Loc::new(0, 11)
    );
    assert!(d.strays.is_empty(), "{:?}", d.strays);
}

#[test]
fn a_label_printed_only_after_the_split_goes_to_the_rows_before() {
    let d = doc(vec![
        para(1, "1.专业核心课：《外贸函电》课程与能力对接表"),
        Block::Table(Table {
            rows: vec![
                vec![
                    cell(2, 0, 1, "01 前期准备"),
                    cell(3, 1, 1, "01-01 熟悉产品"),
                    cell(4, 2, 1, "01-01-01 熟悉术语"),
                ],
                vec![cell(5, 2, 1, "01-02-01 做计划")],
            ],
            nested: vec![],
        }),
        para(6, "续上表"),
        Block::Table(Table {
            rows: vec![vec![
                cell(7, 0, 1, "01 前期准备"),
                cell(8, 1, 1, "01-02 制定计划"),
                cell(9, 2, 1, "01-02-02 做预算"),
            ]],
            nested: vec![],
        }),
    ]);
    assert_eq!(
        rows(&d),
        vec![
            row("01 前期准备", "01-01 熟悉产品", "01-01-01", "熟悉术语"),
            row("01 前期准备", "01-02 制定计划", "01-02-01", "做计划"),
            row("01 前期准备", "01-02 制定计划", "01-02-02", "做预算"),
        ]
    );
}

#[test]
fn header_block_as_a_table_and_numbers_stored_as_numbers() {
    let mut n1 = cell(5, 0, 1, "1");
    n1.number = Some("1".into());
    let mut n2 = cell(5, 2, 1, "1.1");
    n2.number = Some("1.1".into());
    let d = doc(vec![Block::Table(Table {
        rows: vec![
            vec![cell(1, 0, 6, "2.专业基础课：《商务英语》课程与能力对接表")],
            vec![
                cell(2, 0, 1, "中职"),
                cell(2, 1, 5, "☐专业群平台课 ☑专业基础课 ☐专业核心课"),
            ],
            vec![cell(3, 0, 1, "课程名称"), cell(3, 1, 5, "商务英语")],
            vec![
                cell(4, 0, 1, "主要教学内容及要求"),
                cell(4, 1, 5, "听说读写。"),
            ],
            vec![
                n1,
                cell(5, 1, 1, "前期准备"),
                n2,
                cell(5, 3, 1, "熟悉产品"),
                cell(5, 4, 1, "01-10-01"),
                cell(5, 5, 1, "能读"),
            ],
        ],
        nested: vec![],
    })]);
    let c = &d.courses[0];
    assert_eq!(
        (c.course_no, c.name.as_str(), c.level.as_str()),
        (2, "商务英语", "中职")
    );
    assert_eq!(c.description, "听说读写。");
    assert_eq!(
        rows(&d),
        vec![row("01 前期准备", "01-10 熟悉产品", "01-10-01", "能读")]
    );
    let notes: Vec<(&str, Option<&str>)> = d
        .notes
        .iter()
        .map(|n| (n.code.as_str(), n.expected.as_deref()))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("1", Some("read as `01`; store codes as text")),
            ("1.1", Some("read as `01-10`; store codes as text"))
        ]
    );
    assert!(d.notes.iter().all(|n| n.rule == Rule::NumberCode));
}

#[test]
fn tracked_changes_give_one_note_per_course_and_nested_tables_are_stray() {
    let changed = |line, text: &str| {
        Block::Para(Para {
            text: text.to_string(),
            loc: Loc::new(0, line),
            changed: true,
        })
    };
    let d = doc(vec![
        para(1, "1.专业核心课：《甲》课程与能力对接表"),
        changed(2, "课程名称 甲"),
        Block::Table(Table {
            rows: vec![vec![
                cell(3, 0, 1, "01 项目"),
                cell(4, 1, 1, "01-01 任务"),
                {
                    let mut c = cell(5, 2, 1, "01-01-01 能力");
                    c.changed = true;
                    c
                },
            ]],
            nested: vec![Para {
                text: "里面".into(),
                loc: Loc::new(0, 6),
                changed: false,
            }],
        }),
        para(7, "2.专业核心课：《乙》课程与能力对接表"),
        Block::Table(Table {
            rows: vec![vec![
                cell(8, 0, 1, "01 项目"),
                cell(9, 1, 1, "01-01 任务"),
                cell(10, 2, 1, "01-01-02 能力"),
            ]],
            nested: vec![],
        }),
    ]);
    let notes: Vec<(Option<u32>, Loc)> = d.notes.iter().map(|n| (n.course_no, n.loc)).collect();
    assert_eq!(notes, vec![(Some(1), Loc::new(0, 2))]);
    assert_eq!(d.strays.len(), 1);
    assert!(d.strays[0].text.contains("里面"));
    assert_eq!(d.strays[0].course_no, Some(1));
}

#[test]
fn descriptions_read_after_their_label() {
    assert_eq!(description("主要教学内容及要求"), Some(""));
    assert_eq!(description("主要教学内容及要求：讲解"), Some("讲解"));
    assert_eq!(description("主要教学内 容及要求 讲解"), Some("讲解"));
    assert_eq!(description("主要内容"), None);
}

#[test]
fn numbers_read_back_by_level() {
    assert_eq!(recover_number("1", Level::Project).as_deref(), Some("01"));
    assert_eq!(recover_number("12", Level::Project).as_deref(), Some("12"));
    assert_eq!(recover_number("1.1", Level::Task).as_deref(), Some("01-10"));
    assert_eq!(
        recover_number("1.01", Level::Task).as_deref(),
        Some("01-01")
    );
    assert_eq!(recover_number("1", Level::Task), None);
    assert_eq!(recover_number("123", Level::Project), None);
}

#[test]
fn a_second_header_row_under_the_header_row_is_furniture() {
    let header = vec![
        cell(2, 0, 2, "工作项目"),
        cell(2, 2, 2, "工作任务"),
        cell(2, 4, 2, "职业能力"),
    ];
    let sub = |line| {
        ["编号", "名称", "任务编号", "任务名称", "编号", "能力描述"]
            .iter()
            .enumerate()
            .map(|(k, t)| cell(line, k, 1, t))
            .collect::<Vec<_>>()
    };
    let body = |line| {
        [
            "01",
            "前期准备",
            "01-01",
            "熟悉产品",
            "01-01-01",
            "熟悉术语",
        ]
        .iter()
        .enumerate()
        .map(|(k, t)| cell(line, k, 1, t))
        .collect::<Vec<_>>()
    };
    let d = doc(vec![
        para(1, "1.专业核心课：《外贸函电》课程与能力对接表"),
        Block::Table(Table {
            rows: vec![header.clone(), sub(3), body(4)],
            nested: vec![],
        }),
        // A header cell merged down over both header rows.
        Block::Table(Table {
            rows: vec![
                header,
                vec![cont(0, 2), cell(6, 2, 1, "编号"), cell(6, 3, 1, "名称")],
                body(7),
            ],
            nested: vec![],
        }),
    ]);
    assert_eq!(rows(&d).len(), 2);
    assert_eq!(
        rows(&d)[0],
        row("01 前期准备", "01-01 熟悉产品", "01-01-01", "熟悉术语")
    );
    assert!(d.strays.is_empty(), "{:?}", d.strays);
    // Not under a header row: the same words are text of the document (stray here).
    let d = doc(vec![
        para(1, "1.专业核心课：《外贸函电》课程与能力对接表"),
        Block::Table(Table {
            rows: vec![body(2), sub(3)],
            nested: vec![],
        }),
    ]);
    assert_eq!(d.strays.len(), 1, "{:?}", d.strays);
}
