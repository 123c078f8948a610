//! Small dumps of our own, one per finding rule: each must trigger its finding at the
//! right line, and nothing else must fire on a clean dump.
//!
//! Every dump is one row of [`CASES`]: the courses it holds, the findings it must give
//! (rule, code, line, severity, message, course) and the rows it must keep. [`check`]
//! runs one case; [`every_case`] runs them all and names each case that fails.

use compmap::{Finding, Mapping, Rule, Severity, Standard};
use std::path::Path;

/// The description paragraph of a course unless a case gives its own.
const DESC: &[&str] = &["本课程属于专业核心课。"];

/// One course section of a dump: numbered by its place in [`Case::courses`].
struct Course {
    name: &'static str,
    /// Lines between `容及要求` and the table header.
    desc: &'static [&'static str],
    /// Table lines.
    rows: &'static [&'static str],
}

/// A course with the usual description.
const fn course(name: &'static str, rows: &'static [&'static str]) -> Course {
    Course {
        name,
        desc: DESC,
        rows,
    }
}

/// Where a finding must point.
#[derive(Debug, Clone, Copy)]
enum At {
    /// Anywhere.
    Any,
    /// The first line containing this text.
    LineOf(&'static str),
    /// This line number (1-based).
    Line(u32),
    /// The last line of the dump.
    LastLine,
}

/// One expected finding. The findings of each rule named in [`Case::findings`] must be
/// exactly these, in this order.
struct Want {
    rule: Rule,
    code: Option<&'static str>,
    at: At,
    severity: Option<Severity>,
    /// Text the message must contain.
    message: Option<&'static str>,
    course: Option<u32>,
}

/// A finding of `rule`; the other fields are checked only when given.
const fn want(rule: Rule) -> Want {
    Want {
        rule,
        code: None,
        at: At::Any,
        severity: None,
        message: None,
        course: None,
    }
}

impl Want {
    const fn code(self, code: &'static str) -> Want {
        Want {
            code: Some(code),
            ..self
        }
    }
    const fn at(self, at: At) -> Want {
        Want { at, ..self }
    }
    const fn severity(self, severity: Severity) -> Want {
        Want {
            severity: Some(severity),
            ..self
        }
    }
    const fn message(self, text: &'static str) -> Want {
        Want {
            message: Some(text),
            ..self
        }
    }
    const fn course(self, no: u32) -> Want {
        Want {
            course: Some(no),
            ..self
        }
    }
}

/// A field of a mapping row.
#[derive(Debug, Clone, Copy)]
enum Field {
    ProjectCode,
    ProjectName,
    TaskCode,
    TaskName,
    CompetencyCode,
    CompetencyText,
}

impl Field {
    fn of(self, m: &Mapping) -> &str {
        match self {
            Field::ProjectCode => &m.project_code,
            Field::ProjectName => &m.project_name,
            Field::TaskCode => &m.task_code,
            Field::TaskName => &m.task_name,
            Field::CompetencyCode => &m.competency_code,
            Field::CompetencyText => &m.competency_text,
        }
    }
}

use Field::*;

#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    courses: &'static [Course],
    /// Lines of the dump replaced after it is built: (index, new line).
    patch: &'static [(usize, &'static str)],
    findings: &'static [Want],
    /// Rules that must not fire.
    absent: &'static [Rule],
    /// Number of findings of all rules together.
    total: Option<usize>,
    /// Number of mapping rows kept.
    mappings: Option<usize>,
    /// Fields of kept rows: (row index, field, value).
    rows: &'static [(usize, Field, &'static str)],
    /// Anything a row of data cannot say.
    extra: Option<fn(&Standard)>,
}

/// A case with nothing expected yet: fill in what it checks.
const BLANK: Case = Case {
    name: "",
    courses: &[],
    patch: &[],
    findings: &[],
    absent: &[],
    total: None,
    mappings: None,
    rows: &[],
    extra: None,
};

/// The dump of a case: its courses in the style of a real text layer, numbered from 1.
fn dump(case: &Case) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, c) in case.courses.iter().enumerate() {
        let (no, name) = (i + 1, c.name);
        lines.extend([
            format!("{no}.专业核心课：《{name}》课程与能力对接表"),
            "中职 ☐专业群平台课 ☐专业基础课 ☑专业核心课".into(),
            format!("课程名称 {name}"),
            "主要教学内".into(),
            "容及要求".into(),
        ]);
        lines.extend(c.desc.iter().map(|l| l.to_string()));
        lines.push("工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）".into());
        lines.extend(c.rows.iter().map(|r| r.to_string()));
    }
    for &(i, line) in case.patch {
        lines[i] = line.into();
    }
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

/// Run one case; panics, naming the case, at the first expectation it misses.
fn check(case: &Case) {
    let name = case.name;
    let lines = dump(case);
    let s = run(&lines);
    let all = &s.findings;
    let mut rules: Vec<Rule> = case.findings.iter().map(|w| w.rule).collect();
    rules.dedup();
    for rule in rules {
        let got = only(&s, rule);
        let wants: Vec<&Want> = case.findings.iter().filter(|w| w.rule == rule).collect();
        assert_eq!(
            got.len(),
            wants.len(),
            "{name}: {rule:?} findings: {all:#?}"
        );
        for (k, (f, w)) in got.iter().zip(wants).enumerate() {
            if let Some(code) = w.code {
                assert_eq!(f.code, code, "{name}: {rule:?} finding {k}: {all:#?}");
            }
            let line = match w.at {
                At::Any => None,
                At::LineOf(needle) => Some(line_of(&lines, needle)),
                At::Line(n) => Some(n),
                At::LastLine => Some(lines.len() as u32),
            };
            if let Some(line) = line {
                assert_eq!(f.loc.line, line, "{name}: {rule:?} finding {k}: {all:#?}");
            }
            if let Some(severity) = w.severity {
                assert_eq!(
                    f.severity, severity,
                    "{name}: {rule:?} finding {k}: {all:#?}"
                );
            }
            if let Some(text) = w.message {
                assert!(
                    f.message.contains(text),
                    "{name}: {rule:?} finding {k}: {}",
                    f.message
                );
            }
            if let Some(no) = w.course {
                assert_eq!(
                    f.course_no,
                    Some(no),
                    "{name}: {rule:?} finding {k}: {all:#?}"
                );
            }
        }
    }
    for &rule in case.absent {
        assert!(
            only(&s, rule).is_empty(),
            "{name}: {rule:?} fired: {all:#?}"
        );
    }
    if let Some(n) = case.total {
        assert_eq!(all.len(), n, "{name}: findings: {all:#?}");
    }
    if let Some(n) = case.mappings {
        assert_eq!(s.mappings.len(), n, "{name}: rows: {:#?}", s.mappings);
    }
    for &(i, field, value) in case.rows {
        let m = s
            .mappings
            .get(i)
            .unwrap_or_else(|| panic!("{name}: no row {i}: {:#?}", s.mappings));
        assert_eq!(field.of(m), value, "{name}: row {i} {field:?}: {m:#?}");
    }
    if let Some(extra) = case.extra {
        extra(&s);
    }
}

#[test]
fn every_case() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names are unique");
    let failed: Vec<&str> = CASES
        .iter()
        .filter(|case| std::panic::catch_unwind(|| check(case)).is_err())
        .map(|case| case.name)
        .collect();
    assert!(failed.is_empty(), "failing cases: {failed:?}");
}

/// Each case must be able to fail: checked against a clean one-row dump, every case misses
/// something (guards against a table row that expects nothing).
#[test]
fn every_case_can_fail() {
    const ONE_CLEAN_ROW: &[Course] = &[course(
        "课程甲",
        &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程"],
    )];
    let mut never: Vec<&str> = Vec::new();
    for case in CASES {
        let wrong = Case {
            courses: ONE_CLEAN_ROW,
            patch: &[],
            ..*case
        };
        if std::panic::catch_unwind(|| check(&wrong)).is_ok() {
            never.push(case.name);
        }
    }
    assert!(
        never.is_empty(),
        "cases that pass on a wrong dump: {never:?}"
    );
}

const CLEAN: &[&str] = &[
    "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
    "01-01-02 能够熟悉产品",
    "01-02 资料准备 01-02-01 能够准备报价单",
    "02 开发客户 02-01 开发客户 02-01-01 能够使用调查工具",
];

/// `跟进` alone under two full name lines fits either name.
const TIED: &[&str] = &[
    "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
    "02 生产订单 02-01 样品确认 02-01-01 核对资料",
    "跟进",
    "02-01-02 能够核对样品",
    "03 开发客户 03-01 开发渠道 03-01-01 能够使用调查工具",
];

/// The second course of `wrapped_cells_and_late_labels`, where the labels stand apart.
const LABELS_APART: &[&str] = &[
    "02 产品运营",
    "02-01",
    "制定销售计",
    "划",
    "02-01-02 能够制定销售目标",
];

static CASES: &[Case] = &[
    Case {
        name: "clean_dump_has_no_findings",
        courses: &[course("课程甲", CLEAN)],
        total: Some(0),
        mappings: Some(4),
        ..BLANK
    },
    Case {
        name: "malformed_code",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-1-02 能够熟悉产品",
                "0l-01-03 能够熟悉市场",
            ],
        )],
        findings: &[
            want(Rule::MalformedCode)
                .code("01-1-02")
                .severity(Severity::Error)
                .at(At::LineOf("01-1-02")),
            want(Rule::MalformedCode)
                .code("0l-01-03")
                .message("01-01-03"),
        ],
        // The rows are kept, the unreadable code as written, the recovered one recovered.
        mappings: Some(2),
        rows: &[
            (0, CompetencyCode, "01-1-02"),
            (1, CompetencyCode, "01-01-03"),
        ],
        ..BLANK
    },
    Case {
        name: "nonstandard_code",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 ０１－０１－０１ 熟悉术语",
                "01 -01-02 能够熟悉产品",
            ],
        )],
        findings: &[
            want(Rule::NonstandardCode)
                .code("０１－０１－０１")
                .severity(Severity::Warning),
            want(Rule::NonstandardCode).code("01 -01-02"),
        ],
        absent: &[Rule::MalformedCode],
        mappings: Some(2),
        rows: &[
            (0, CompetencyCode, "01-01-01"),
            (1, CompetencyCode, "01-01-02"),
        ],
        ..BLANK
    },
    // Dashes a reader sees as hyphens (U+2011 from a font's Unicode map): the standard
    // code, and one warning per document and dash character, at the first such code.
    Case {
        name: "nonstandard_code_hyphen_like",
        courses: &[
            course(
                "课程甲",
                &[
                    "01 准备工作 01‑01 熟悉产品 01‑01‑01 熟悉术语",
                    "01‑01‑02 能够熟悉产品‑说明",
                    "01-01-03 能够–核对",
                ],
            ),
            course(
                "课程乙",
                &["01 准备工作 01‑01 熟悉产品 01‑01‑02 能够熟悉产品‑说明"],
            ),
        ],
        findings: &[want(Rule::NonstandardCode)
            .code("01‑01‑01")
            .at(At::LineOf("01‑01‑01"))
            .course(1)
            .severity(Severity::Warning)
            .message(
                "5 codes are written with U+2011 (NON-BREAKING HYPHEN) `‑` where the hyphen \
                 belongs, first `01‑01‑01`; it reads as a hyphen: read as `01-01-01`; 2 texts \
                 hold it too, kept as written",
            )],
        absent: &[Rule::MalformedCode],
        mappings: Some(4),
        rows: &[
            (0, TaskCode, "01-01"),
            (0, CompetencyCode, "01-01-01"),
            (1, CompetencyCode, "01-01-02"),
            // A text's own dashes are text.
            (1, CompetencyText, "能够熟悉产品‑说明"),
            (2, CompetencyText, "能够–核对"),
            (3, CompetencyCode, "01-01-02"),
        ],
        ..BLANK
    },
    Case {
        name: "hierarchy_mismatch",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
                "01-02-01 能够熟悉产品",
            ],
        )],
        findings: &[want(Rule::HierarchyMismatch)
            .code("01-02-01")
            .at(At::LineOf("01-02-01"))
            .message("01-01")],
        // Kept as the table shows it: under task 01-01.
        rows: &[(1, TaskCode, "01-01")],
        ..BLANK
    },
    // A label printed after its first rows is that rows' label; a competency with no
    // task label anywhere above or after it has none.
    Case {
        name: "missing_parent",
        courses: &[course(
            "课程甲",
            &["01 准备工作 01-01-01 熟悉术语", "01-01-02 能够熟悉产品"],
        )],
        findings: &[
            want(Rule::MissingParent)
                .code("01-01-01")
                .severity(Severity::Error),
            want(Rule::MissingParent),
        ],
        rows: &[(0, ProjectCode, "01"), (0, TaskCode, "")],
        ..BLANK
    },
    Case {
        name: "duplicate_code",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
                "01-01-01 熟悉术语",
            ],
        )],
        findings: &[want(Rule::DuplicateCode).at(At::LastLine)],
        ..BLANK
    },
    Case {
        name: "out_of_order",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-03 熟悉术语",
                "01-01-02 能够熟悉产品",
            ],
        )],
        findings: &[want(Rule::OutOfOrder)
            .code("01-01-02")
            .severity(Severity::Warning)],
        ..BLANK
    },
    Case {
        name: "empty_text",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-01",
                "01-01-02 能够熟悉产品",
            ],
        )],
        findings: &[want(Rule::EmptyText).code("01-01-01")],
        ..BLANK
    },
    Case {
        name: "text_and_name_conflicts_across_courses",
        courses: &[
            course(
                "课程甲",
                &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程"],
            ),
            course(
                "课程乙",
                &["01 前期准备 01-01 熟悉产品 01-01-01 熟悉外贸术语"],
            ),
        ],
        findings: &[
            want(Rule::TextConflict).code("01-01-01").course(2),
            want(Rule::NameConflict).code("01"),
        ],
        ..BLANK
    },
    Case {
        name: "stray_page_number",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语",
                "7",
                "01-01-02 能够熟悉产品",
            ],
        )],
        findings: &[want(Rule::StrayText).at(At::LineOf("7"))],
        mappings: Some(2),
        rows: &[(0, CompetencyText, "熟悉术语")],
        ..BLANK
    },
    Case {
        name: "unmapped_glyphs",
        courses: &[course(
            "课程甲",
            &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉\u{FFFD}语"],
        )],
        findings: &[want(Rule::UnmappedGlyphs).severity(Severity::Error)],
        ..BLANK
    },
    // Task name wraps before its first row; a project label comes after its first row;
    // one line holds the tails of the task name and the competency text. Whether `划`
    // ends the project or the task name, the widths cannot tell (both names fill their
    // column): another course, where the labels stand apart, settles it.
    Case {
        name: "wrapped_cells_and_late_labels",
        courses: &[
            course(
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
            ),
            course("课程乙", LABELS_APART),
            course("课程丙", LABELS_APART),
        ],
        extra: Some(|s| {
            let rows: Vec<_> = s
                .mappings
                .iter()
                .filter(|m| m.course_no == 1)
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
                "wrapped_cells_and_late_labels: {:#?}",
                s.findings
            );
        }),
        ..BLANK
    },
    Case {
        name: "category_mismatch",
        courses: &[course("课程甲", CLEAN)],
        patch: &[(1, "中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课")],
        findings: &[want(Rule::CategoryMismatch)
            .severity(Severity::Warning)
            .at(At::Line(1))],
        extra: Some(|s| assert_eq!(s.courses[0].category, "专业核心课")),
        ..BLANK
    },
    // A tie the layout cannot settle, reported on both cells.
    Case {
        name: "ambiguous_wrap",
        courses: &[course("课程甲", TIED)],
        findings: &[
            want(Rule::AmbiguousWrap)
                .code("02")
                .at(At::LineOf("02 生产订单"))
                .severity(Severity::Warning),
            want(Rule::AmbiguousWrap)
                .code("02-01")
                .at(At::LineOf("02 生产订单"))
                .severity(Severity::Warning)
                .message("work task name"),
        ],
        total: Some(2),
        ..BLANK
    },
    // The same table again in a second course whose project line runs on beside the
    // next task's code: `跟进` is the project's there, so it is in the first course too.
    Case {
        name: "ambiguous_wrap_settled_by_another_course",
        courses: &[
            course("课程甲", TIED),
            course(
                "课程乙",
                &[
                    "02 生产订单 02-01 样品确认 02-01-01 核对资料",
                    "跟进 02-02 产中跟进 02-02-01 能够跟进生产",
                ],
            ),
        ],
        absent: &[Rule::AmbiguousWrap],
        rows: &[(1, ProjectName, "生产订单跟进"), (1, TaskName, "样品确认")],
        ..BLANK
    },
    // A task label printed after its rows takes them, and a row out of the hierarchy
    // between them and the label (`01-03-01` under `01-02`, as the fixture's `17-04-01`
    // under `17-03`) sits in its cell too, reported as a hierarchy mismatch.
    Case {
        name: "late_label_takes_a_row_out_of_its_hierarchy",
        courses: &[course(
            "课程甲",
            &[
                "01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程",
                "01-02-01 能够准备报价单",
                "01-03-01 能够核对样品",
                "01-02 资料准备",
                "02 开发客户 02-01 开发渠道 02-01-01 能够使用调查工具",
            ],
        )],
        findings: &[want(Rule::HierarchyMismatch).code("01-03-01")],
        mappings: Some(4),
        rows: &[
            (0, CompetencyCode, "01-01-01"),
            (0, TaskCode, "01-01"),
            (0, TaskName, "熟悉产品"),
            (1, CompetencyCode, "01-02-01"),
            (1, TaskCode, "01-02"),
            (1, TaskName, "资料准备"),
            (2, CompetencyCode, "01-03-01"),
            (2, TaskCode, "01-02"),
            (2, TaskName, "资料准备"),
            (3, CompetencyCode, "02-01-01"),
            (3, TaskCode, "02-01"),
            (3, TaskName, "开发渠道"),
        ],
        ..BLANK
    },
    // A short line after a course's description is a header label where the paragraph
    // plainly ended; the same line is a label in a course whose paragraph ends on a full
    // line.
    Case {
        name: "a_label_one_course_shows_is_a_label_in_every_course",
        courses: &[
            Course {
                name: "课程甲",
                desc: &[
                    "本课程讲解商务信函的写作，以及报告与简报的结构和用语。",
                    "本表所列能力",
                ],
                rows: &["01 准备工作 01-01 熟悉产品 01-01-01 熟悉术语和流程"],
            },
            Course {
                name: "课程乙",
                desc: &[
                    "本课程讲解商务场景中的英语写作，包括信函报告简报备忘录邮件",
                    "和新闻稿的结构用语与格式，使学生具备商务场合中基本的写作能力",
                    "本表所列能力",
                ],
                rows: &["02 准备工作 02-01 熟悉产品 02-01-01 熟悉术语和流程"],
            },
        ],
        extra: Some(|s| {
            let descriptions: Vec<&str> =
                s.courses.iter().map(|c| c.description.as_str()).collect();
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
        }),
        ..BLANK
    },
];

// ---------------------------------------------------------------------------------------
// Whole files rather than dumps of our own
// ---------------------------------------------------------------------------------------

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
