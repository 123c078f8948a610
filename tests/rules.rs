//! Small dumps of our own, one per finding rule: each must trigger its finding at the
//! right line, and nothing else must fire on a clean dump.

use compmap::{Finding, Rule, Severity, Standard};
use std::path::Path;

/// A course section in the style of a real text layer, `rows` being table lines.
fn section(no: u32, name: &str, rows: &[&str]) -> Vec<String> {
    let mut lines = vec![
        format!("{no}.专业核心课：《{name}》课程与能力对接表"),
        "中职 ☐专业群平台课 ☐专业基础课 ☑专业核心课".into(),
        format!("课程名称 {name}"),
        "主要教学内".into(),
        "容及要求".into(),
        "本课程属于专业核心课。".into(),
        "工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）".into(),
    ];
    lines.extend(rows.iter().map(|r| r.to_string()));
    lines
}

fn run(lines: &[String]) -> Standard {
    let doc = compmap::parse::text::parse_lines(lines);
    compmap::normalise::normalise(doc, "test.txt")
}

fn only(s: &Standard, rule: Rule) -> Vec<&Finding> {
    s.findings.iter().filter(|f| f.rule == rule).collect()
}

/// Line number (1-based) of the first line containing `needle`.
fn line_of(lines: &[String], needle: &str) -> u32 {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .expect("needle") as u32
        + 1
}

const CLEAN: &[&str] = &[
    "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
    "01-01-02 能够熟悉产品",
    "01-02 资料准备 01-02-01 能够准备报价单",
    "02 开发客户 02-01 开发客户 02-01-01 能够使用调查工具",
];

#[test]
fn clean_dump_has_no_findings() {
    let s = run(&section(1, "课程甲", CLEAN));
    assert_eq!(s.mappings.len(), 4);
    assert!(s.findings.is_empty(), "{:#?}", s.findings);
}

#[test]
fn malformed_code() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-1-02 能够熟悉产品",
            "0l-01-03 能够熟悉市场",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::MalformedCode);
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(f[0].code, "01-1-02");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].loc.line, line_of(&lines, "01-1-02"));
    assert_eq!(f[1].code, "0l-01-03");
    assert!(f[1].message.contains("01-01-03"), "{}", f[1].message);
    // The rows are kept, the unreadable code as written, the recovered one recovered.
    let codes: Vec<_> = s
        .mappings
        .iter()
        .map(|m| m.competency_code.as_str())
        .collect();
    assert_eq!(codes, ["01-1-02", "01-01-03"]);
}

#[test]
fn nonstandard_code() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 ０１－０１－０１ 熟悉术语",
            "01 -01-02 能够熟悉产品",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::NonstandardCode);
    assert_eq!(f.len(), 2, "{:#?}", s.findings);
    assert_eq!(f[0].code, "０１－０１－０１");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[1].code, "01 -01-02");
    let codes: Vec<_> = s
        .mappings
        .iter()
        .map(|m| m.competency_code.as_str())
        .collect();
    assert_eq!(codes, ["01-01-01", "01-01-02"]);
    assert!(only(&s, Rule::MalformedCode).is_empty());
}

#[test]
fn hierarchy_mismatch() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
            "01-02-01 能够熟悉产品",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::HierarchyMismatch);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].code, "01-02-01");
    assert_eq!(f[0].loc.line, line_of(&lines, "01-02-01"));
    assert!(f[0].message.contains("01-01"));
    // Kept as the table shows it: under task 01-01.
    assert_eq!(s.mappings[1].task_code, "01-01");
}

#[test]
fn missing_parent() {
    // A label printed after its first rows is that rows' label; a competency with no
    // task label anywhere above or after it has none.
    let lines = section(
        1,
        "课程甲",
        &["01 准备工作 01-01-01 熟悉术语", "01-01-02 能够熟悉产品"],
    );
    let s = run(&lines);
    let f = only(&s, Rule::MissingParent);
    assert_eq!(f.len(), 2, "{:#?}", s.findings);
    assert_eq!(f[0].code, "01-01-01");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(s.mappings[0].project_code, "01");
    assert_eq!(s.mappings[0].task_code, "");
}

#[test]
fn duplicate_code() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
            "01-01-01 熟悉术语",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::DuplicateCode);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].loc.line, lines.len() as u32);
}

#[test]
fn out_of_order() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-03 熟悉术语",
            "01-01-02 能够熟悉产品",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::OutOfOrder);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].code, "01-01-02");
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn empty_text() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-01",
            "01-01-02 能够熟悉产品",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::EmptyText);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].code, "01-01-01");
}

#[test]
fn text_and_name_conflicts_across_courses() {
    let mut lines = section(
        1,
        "课程甲",
        &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程"],
    );
    lines.extend(section(
        2,
        "课程乙",
        &["01 前期准备 01-01 熟悉产品 01-01-01 熟悉外贸术语"],
    ));
    let s = run(&lines);
    let t = only(&s, Rule::TextConflict);
    assert_eq!(t.len(), 1, "{:#?}", s.findings);
    assert_eq!((t[0].code.as_str(), t[0].course_no), ("01-01-01", Some(2)));
    let n = only(&s, Rule::NameConflict);
    assert_eq!(n.len(), 1, "{:#?}", s.findings);
    assert_eq!(n[0].code, "01");
}

#[test]
fn stray_page_number() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
            "7",
            "01-01-02 能够熟悉产品",
        ],
    );
    let s = run(&lines);
    let f = only(&s, Rule::StrayText);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].loc.line, line_of(&lines, "7"));
    assert_eq!(s.mappings.len(), 2);
    assert_eq!(s.mappings[0].competency_text, "熟悉术语");
}

#[test]
fn unmapped_glyphs() {
    let lines = section(
        1,
        "课程甲",
        &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉\u{FFFD}语"],
    );
    let s = run(&lines);
    let f = only(&s, Rule::UnmappedGlyphs);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].severity, Severity::Error);
}

#[test]
fn wrapped_cells_and_late_labels() {
    // Task name wraps before its first row; a project label comes after its first row;
    // one line holds the tails of the task name and the competency text. Whether `划`
    // ends the project or the task name, the widths cannot tell (both names fill their
    // column): another course, where the labels stand apart, settles it.
    let mut lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01",
            "被动开发客",
            "户",
            "01-01-01 能够熟练使用客户背景调查工具，如小满，Google、",
            "Facebook 等",
            "02-01 制定销售计 02-01-01 能确定产品的销售地区、时间、平台等内容，并做好",
            " 02 产品运营",
            "划 记录",
        ],
    );
    let other = [
        "02 产品运营",
        "02-01",
        "制定销售计",
        "划",
        "02-01-02 能够制定销售目标",
    ];
    lines.extend(section(2, "课程乙", &other));
    lines.extend(section(3, "课程丙", &other));
    let mut s = run(&lines);
    s.mappings.retain(|m| m.course_no == 1);
    let rows: Vec<_> = s
        .mappings
        .iter()
        .map(|m| {
            (
                m.project_code.as_str(),
                m.project_name.as_str(),
                m.task_name.as_str(),
                m.competency_text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "01",
                "准备工作",
                "被动开发客户",
                "能够熟练使用客户背景调查工具，如小满，Google、Facebook 等"
            ),
            (
                "02",
                "产品运营",
                "制定销售计划",
                "能确定产品的销售地区、时间、平台等内容，并做好记录"
            ),
        ],
        "{:#?}",
        s.findings
    );
}

#[test]
fn gb18030_gives_the_same_rows() {
    let text = std::fs::read_to_string("fixtures/business-english-standards.txt").unwrap();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let gb = dir.path().join("gb.txt");
    std::fs::write(&gb, &bytes).unwrap();
    let a = compmap::convert_file(Path::new("fixtures/business-english-standards.txt")).unwrap();
    let b = compmap::convert_file(&gb).unwrap();
    assert_eq!(a.mappings, b.mappings);
    assert_eq!(a.courses, b.courses);
    assert_eq!(a.findings, b.findings);
}

#[test]
fn no_course_table_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", &b"  \n\n"[..]),
        (
            "prose.txt",
            "这是一段普通的文字，没有任何课程表。\n".as_bytes(),
        ),
        ("binary.txt", &[0u8, 159, 146, 150, 0, 1, 2][..]),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let err = compmap::convert_file(&p).unwrap_err();
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
}

#[test]
fn category_mismatch() {
    let mut lines = section(1, "课程甲", CLEAN);
    lines[1] = "中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课".into();
    let s = run(&lines);
    let f = only(&s, Rule::CategoryMismatch);
    assert_eq!(f.len(), 1, "{:#?}", s.findings);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].loc.line, 1);
    assert_eq!(s.courses[0].category, "专业核心课");
}

/// `跟进` alone under two full name lines fits either name: a tie the layout cannot
/// settle, reported on both cells; a course that prints the project plainly settles it.
#[test]
fn ambiguous_wrap() {
    let tied: &[&str] = &[
        "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
        "02 生产订单 02-01 样品确认 02-01-01 核对资料",
        "跟进",
        "02-01-02 能够核对样品",
        "03 开发客户 03-01 开发渠道 03-01-01 能够使用调查工具",
    ];
    let lines = section(1, "课程甲", tied);
    let s = run(&lines);
    let found = only(&s, Rule::AmbiguousWrap);
    let codes: Vec<(&str, u32)> = found
        .iter()
        .map(|f| (f.code.as_str(), f.loc.line))
        .collect();
    let at = line_of(&lines, "02 生产订单");
    assert_eq!(codes, [("02", at), ("02-01", at)], "{found:#?}");
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    assert!(
        found[1].message.contains("work task name"),
        "{}",
        found[1].message
    );
    assert_eq!(s.findings.len(), 2, "{:#?}", s.findings);

    // The same table again in a second course whose project line runs on beside the
    // next task's code: `跟进` is the project's there, so it is in the first course too.
    let mut lines = section(1, "课程甲", tied);
    lines.extend(section(
        2,
        "课程乙",
        &[
            "02 生产订单 02-01 样品确认 02-01-01 核对资料",
            "跟进 02-02 产中跟进 02-02-01 能够跟进生产",
        ],
    ));
    let s = run(&lines);
    assert!(
        only(&s, Rule::AmbiguousWrap).is_empty(),
        "{:#?}",
        s.findings
    );
    let first = &s.mappings[1];
    assert_eq!(
        (first.project_name.as_str(), first.task_name.as_str()),
        ("生产订单跟进", "样品确认")
    );
}

/// A task label printed after its rows takes them, and a row out of the hierarchy between
/// them and the label (`01-03-01` under `01-02`, as the fixture's `17-04-01` under `17-03`)
/// sits in its cell too, reported as a hierarchy mismatch.
#[test]
fn late_label_takes_a_row_out_of_its_hierarchy() {
    let lines = section(
        1,
        "课程甲",
        &[
            "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
            "01-02-01 能够准备报价单",
            "01-03-01 能够核对样品",
            "01-02 资料准备",
            "02 开发客户 02-01 开发渠道 02-01-01 能够使用调查工具",
        ],
    );
    let s = run(&lines);
    let tasks: Vec<(&str, &str, &str)> = s
        .mappings
        .iter()
        .map(|m| {
            (
                m.competency_code.as_str(),
                m.task_code.as_str(),
                m.task_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [
            ("01-01-01", "01-01", "熟悉产品"),
            ("01-02-01", "01-02", "资料准备"),
            ("01-03-01", "01-02", "资料准备"),
            ("02-01-01", "02-01", "开发渠道"),
        ]
    );
    let found = only(&s, Rule::HierarchyMismatch);
    assert_eq!(found.len(), 1, "{:#?}", s.findings);
    assert_eq!(found[0].code, "01-03-01");
}

/// A short line after a course's description is a header label where the paragraph
/// plainly ended; the same line is a label in a course whose paragraph ends on a full line.
#[test]
fn a_label_one_course_shows_is_a_label_in_every_course() {
    let header = |no: u32, name: &str, desc: &[&str]| -> Vec<String> {
        let mut lines = vec![
            format!("{no}.专业核心课：《{name}》课程与能力对接表"),
            "中职 ☐专业群平台课 ☐专业基础课 ☑专业核心课".into(),
            format!("课程名称 {name}"),
            "主要教学内".into(),
            "容及要求".into(),
        ];
        lines.extend(desc.iter().map(|l| l.to_string()));
        lines.push("本表所列能力".into());
        lines.push("工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）".into());
        lines.push(format!(
            "0{no} 准备工作 0{no}-01 熟悉产品 0{no}-01-01 熟悉术语和流程"
        ));
        lines
    };
    let mut lines = header(
        1,
        "课程甲",
        &["本课程讲解商务信函的写作，以及报告与简报的结构和用语。"],
    );
    let second = [
        "本课程讲解商务场景中的英语写作，包括信函报告简报备忘录邮件",
        "和新闻稿的结构用语与格式，使学生具备商务场合中基本的写作能力",
    ];
    lines.extend(header(2, "课程乙", &second));
    let s = run(&lines);
    let descriptions: Vec<&str> = s.courses.iter().map(|c| c.description.as_str()).collect();
    assert_eq!(
        descriptions,
        [
            "本课程讲解商务信函的写作，以及报告与简报的结构和用语。",
            "本课程讲解商务场景中的英语写作，包括信函报告简报备忘录邮件和新闻稿的结构用语与格式，使学生具备商务场合中基本的写作能力",
        ]
    );
    assert!(
        s.courses.iter().all(|c| c.labels == ["本表所列能力"]),
        "{:?}",
        s.courses
    );
}
