//! Unit cases of the table walk: a few lines of a dump and the rows they give.

use super::*;

/// The rows of the table printed by `dump` (a line starting with one space starts a
/// page, as in [`super::super::Parser`]), each as `project | task | competency`, a cell as
/// its code and text, `-` for none. Column widths are fixed: names up to 16 columns,
/// texts up to 40.
fn walk(dump: &[&str]) -> Vec<String> {
    let mut page = 1;
    let lines: Vec<Line<'_>> = dump
        .iter()
        .enumerate()
        .map(|(i, text)| {
            if i > 0 && text.starts_with(' ') && !text.starts_with("  ") {
                page += 1;
            }
            Line {
                text,
                loc: Loc::new(page, i as u32 + 1),
            }
        })
        .collect();
    let layout = Layout {
        caps: PerLevel([16, 16, 40]),
        alone: PerLevel([false; 3]),
    };
    let hints = Hints::default();
    let (rows, _, _) = Table::new(&hints, 1, layout).parse(&lines);
    let cell = |c: &Option<Cell>| match c {
        Some(c) => format!("{} {}", c.code.text, c.text),
        None => "-".to_string(),
    };
    rows.iter()
        .map(|r| {
            format!(
                "{} | {} | {} {}",
                cell(&r.project),
                cell(&r.task),
                r.competency.code.text,
                r.competency.text
            )
        })
        .collect()
}

#[test]
fn labels_and_rows() {
    cases!(walk;
        "a label printed again after a page break": (&[
            "01 仓储作业 01-01 入库验收 01-01-01 能够按单据核对货物",
            " 01 仓储作业 01-01 入库验收 01-01-02 能够登记入库台账",
        ]) => [
            "01 仓储作业 | 01-01 入库验收 | 01-01-01 能够按单据核对货物",
            "01 仓储作业 | 01-01 入库验收 | 01-01-02 能够登记入库台账",
        ],
        "a late label takes the rows above it": (&[
            "01 仓储作业",
            "01-01-01 能够按单据核对货物",
            "01-01 入库验收 01-01-02 能够登记入库台账",
        ]) => [
            "01 仓储作业 | 01-01 入库验收 | 01-01-01 能够按单据核对货物",
            "01 仓储作业 | 01-01 入库验收 | 01-01-02 能够登记入库台账",
        ],
        "a name wrapping over three lines": (&[
            "01 客户开发 01-01 客户背景调查与 01-01-01 能够使用背景调查工具",
            "数据分析方法的",
            "运用",
            "01-01-02 能够整理客户资料",
        ]) => [
            "01 客户开发 | 01-01 客户背景调查与数据分析方法的运用 | 01-01-01 能够使用背景调查工具",
            "01 客户开发 | 01-01 客户背景调查与数据分析方法的运用 | 01-01-02 能够整理客户资料",
        ],
        "a text starting with a dash and a range": (&[
            "07 备货管理 07-02 采购跟进 07-02-01 能够按计划下单",
            "07-02-02 -2~3天完成备货",
        ]) => [
            "07 备货管理 | 07-02 采购跟进 | 07-02-01 能够按计划下单",
            "07 备货管理 | 07-02 采购跟进 | 07-02-02 -2~3天完成备货",
        ],
    );
}

#[test]
fn codes_and_latin_glued_to_cjk() {
    cases!(walk;
        "a code glued to the text before it": (&[
            "20 质量管理 20-12 规范（质量）20-12-01 具有质量意识",
        ]) => ["20 质量管理 | 20-12 规范（质量） | 20-12-01 具有质量意识"],
        "a code glued to the text after it": (&[
            "20 质量管理 20-12 现场管理 20-12-01 具有质量意识",
            "20-12-02能够推行5S管理",
        ]) => [
            "20 质量管理 | 20-12 现场管理 | 20-12-01 具有质量意识",
            "20 质量管理 | 20-12 现场管理 | 20-12-02 能够推行5S管理",
        ],
        "names with Latin glued to CJK": (&[
            "03 5S管理 03-01 ABS/ESP系统检修 03-01-01 能够检修ABS/ESP系统",
        ]) => ["03 5S管理 | 03-01 ABS/ESP系统检修 | 03-01-01 能够检修ABS/ESP系统"],
    );
}

#[test]
fn symbols_stay_as_printed() {
    cases!(walk;
        "degrees, ohms, plus-minus, per mille": (&[
            "03 电气检测 03-01 电阻测量 03-01-01 能够测量0.5Ω电阻，误差±0.5‰",
            "03-01-02 能够在20℃±2°环境下≥3次读数",
        ]) => [
            "03 电气检测 | 03-01 电阻测量 | 03-01-01 能够测量0.5Ω电阻，误差±0.5‰",
            "03 电气检测 | 03-01 电阻测量 | 03-01-02 能够在20℃±2°环境下≥3次读数",
        ],
        "a text starting with digits glued to CJK": (&[
            "02 数控编程 02-03 多轴编程 02-03-03 5轴加工时能设置刀轴矢量",
            "02-03-04 3个工作日内完成",
        ]) => [
            "02 数控编程 | 02-03 多轴编程 | 02-03-03 5轴加工时能设置刀轴矢量",
            "02 数控编程 | 02-03 多轴编程 | 02-03-04 3个工作日内完成",
        ],
        "a wrapped line starting with digits glued to CJK or a symbol": (&[
            "04 纳税申报 04-01 增值税申报 04-01-01 能在电子税务局完成申报，申报期限为次月",
            "1日至15日",
            "04-01-02 能为新生儿沐浴，水温调节适宜，室温保持在",
            "26℃~28℃",
        ]) => [
            "04 纳税申报 | 04-01 增值税申报 | 04-01-01 能在电子税务局完成申报，申报期限为次月1日至15日",
            "04 纳税申报 | 04-01 增值税申报 | 04-01-02 能为新生儿沐浴，水温调节适宜，室温保持在26℃~28℃",
        ],
        "micro, times, middle dot": (&[
            "03 电气检测 03-01 尺寸测量 03-01-01 能够读取5µm×2精度·记录",
        ]) => ["03 电气检测 | 03-01 尺寸测量 | 03-01-01 能够读取5µm×2精度·记录"],
    );
}

/// A number glued to a symbol after a space (`不大于 15°；`) reads as a code-shaped token;
/// when it is text, what follows it stays glued exactly as printed, for every character
/// class, at the line's end and mid-line, on the code's line and on a wrapped line.
#[test]
fn inside_line_exact_per_character_class() {
    let classes = [
        ("degree", "15°；"),
        ("ohm after a space", "60Ω"),
        ("ohm per volt", "500Ω/V"),
        ("celsius", "25℃"),
        ("micro", "5µm"),
        ("plus-minus", "10±2"),
        ("at least", "30≥"),
        ("times", "3×4"),
        ("middle dot", "12·5"),
        ("Greek", "20α"),
        ("Latin-1", "40é"),
        ("full-width", "50％"),
        ("CJK unit", "15天"),
        ("ASCII letters", "80kg"),
        ("a task-shaped range", "10-15°"),
    ];
    for (class, token) in classes {
        for text in [
            format!("能够控制在 {token}"),
            format!("能够控制在 {token} 以内"),
        ] {
            let first = format!("03 电气检测 03-01 电阻测量 03-01-01 {text}");
            let got = walk(&[first.as_str(), "03-01-02 能够记录"]);
            assert_eq!(
                got[0],
                format!("03 电气检测 | 03-01 电阻测量 | 03-01-01 {text}"),
                "{class}: on the code's line"
            );
            // The same text on a line of its own (the competency code alone above it).
            let got = walk(&[
                "03 电气检测 03-01 电阻测量 03-01-01",
                text.as_str(),
                "03-01-02 能够记录",
            ]);
            assert_eq!(
                got[0],
                format!("03 电气检测 | 03-01 电阻测量 | 03-01-01 {text}"),
                "{class}: on a line of its own"
            );
        }
    }
}
