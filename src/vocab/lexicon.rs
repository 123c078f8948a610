//! The fixed words and marks of a course section, shared by every reader: header labels,
//! course titles, checkbox lines, page numbers, continuation notes, the joining rule for
//! wrapped text and the code points a font without a Unicode map produces.
//!
//! Each recogniser reads one line (or one cell) and knows nothing of layout. Where the
//! text-dump and PDF readers once disagreed, this module takes the union of what they
//! accepted; each recogniser has one table of cases below.
//!
//! The literals below are the family's fixed vocabulary (`DOMAIN.md`): every standard of the
//! family titles its tables `…课程与能力对接表` (or `…课程与职业能力对接表`) and numbers its pages
//! `第 N 页 共 M 页` as Chinese documents do; nothing here is taken from one document's
//! content (names, texts, codes), which unseen documents change.
//!
//! Grammar of the structured lines (nom, one function per rule; `ws` is any white space):
//!
//! ```text
//! title       = [ number ] category [ "：" | ":" ] ws "《" name "》" suffix
//! number      = "（" numeral "）" | "(" numeral ")" | "第" numeral | numeral sep
//! sep         = "." | "．" | "、" | "。" | "，" | "," | " " | "　"
//! numeral     = 1*( digit | 〇一二三四五六七八九十 )
//! suffix      = "课程" *( not "表" ) "对接表"        ; complete (课程与能力对接表, 课程与职业能力对接表)
//!             | prefix of "课程与能力对接表"           ; wrapped onto the next line (numbered titles only)
//! page-number = furniture ( "第" num "页" [ [ "，" ] "共" num "页" ] | ("Page" | "page") num
//!                         | num "/" num | num ) furniture  ; white space allowed between
//!                                                          ; pieces, never inside a num
//! num         = 1*4 digit
//! furniture   = *( dash | "·" | "•" | white space )
//! ```

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while, take_while1, take_while_m_n};
use nom::character::complete::satisfy;
use nom::combinator::{all_consuming, opt};
use nom::error::context;
use nom::{IResult, Parser};

use super::code::{fold_digit, is_dash, is_digit};

/// Label of the course name in the header block (课程名称).
pub const COURSE_NAME_LABEL: &str = "课程名称";
/// Label of the description in the header block; it often wraps (`主要教学内` / `容及要求`).
pub const DESCRIPTION_LABEL: &str = "主要教学内容及要求";
/// Label printed above a table continued from the previous page (续上表).
pub const CONTINUED_LABEL: &str = "续上表";
/// Header cells of the table, left to right (工作项目, 工作任务, 职业能力).
pub const HEADER_PROJECT: &str = "工作项目";
pub const HEADER_TASK: &str = "工作任务";
pub const HEADER_COMPETENCY: &str = "职业能力";
/// The end of a course title in the family's own words.
pub const TITLE_SUFFIX: &str = "课程与能力对接表";
/// What every school's wording of the title's end shares (`课程与职业能力对接表`).
pub const TABLE_SUFFIX: &str = "对接表";
/// The word a title's end starts with in every wording (`课程与…对接表`).
const SUFFIX_START: &str = "课程";
/// The short continuation note some producers print instead of 续上表.
const CONTINUED_SHORT: &str = "续表";

// Page furniture of Chinese documents, not of one document: 第 N 页 ("page N"),
// 共 M 页 ("of M pages"), and the Latin `Page N` of converters.
const ORDINAL: &str = "第";
const PAGE: &str = "页";
const TOTAL: &str = "共";

/// Longest category a title names (`专业群平台课` is 6): a sentence quoting a 《book》 is no
/// title, and its "category" is the long clause before the quote.
const MAX_CATEGORY_CHARS: usize = 12;

/// Text with all white space removed, for comparing labels that wrap in their cell.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------
// Course titles

/// A course title: `1.专业群平台课：《国际贸易基础与实务》课程与能力对接表`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The number before the title; `None` when it carries none (the course is then
    /// numbered by its place).
    pub number: Option<u32>,
    pub category: String,
    pub name: String,
    /// Does the line hold the whole suffix? A wrapped title continues on the next line.
    pub complete: bool,
}

// numeral = 1*( digit | 〇一二三四五六七八九十 )
fn numeral(i: &str) -> IResult<&str, &str> {
    take_while1(|c| is_digit(c) || chinese_digit(c).is_some()).parse(i)
}

// number = "（" numeral "）" | "(" numeral ")" | "第" numeral | numeral sep
fn title_number(i: &str) -> IResult<&str, &str> {
    let bracketed = (
        satisfy(|c| matches!(c, '（' | '(')),
        numeral,
        satisfy(|c| matches!(c, '）' | ')')),
    )
        .map(|(_, n, _)| n);
    let ordinal = (tag(ORDINAL), numeral).map(|(_, n)| n);
    let plain = (
        numeral,
        satisfy(|c| matches!(c, '.' | '．' | '、' | '。' | '，' | ',' | ' ' | '　')),
    )
        .map(|(n, _)| n);
    let (i, n) = context("title number", alt((bracketed, ordinal, plain))).parse(i)?;
    let (i, _) =
        take_while(|c: char| c.is_whitespace() || matches!(c, '.' | '．' | '、')).parse(i)?;
    Ok((i, n))
}

// title = [ number ] category [ "：" | ":" ] ws "《" name "》" suffix   (suffix: the rest)
fn title_parts(i: &str) -> IResult<&str, (Option<&str>, &str, &str)> {
    let (i, n) = opt(title_number).parse(i)?;
    let (i, category) = take_till(|c| matches!(c, '：' | ':' | '《')).parse(i)?;
    let (i, _) = opt(satisfy(|c| matches!(c, '：' | ':'))).parse(i)?;
    let (i, _) = take_while(char::is_whitespace).parse(i)?;
    let (i, _) = context("《", tag("《")).parse(i)?;
    let (i, name) = take_till(|c| c == '》').parse(i)?;
    let (i, _) = context("》", tag("》")).parse(i)?;
    Ok((i, (n, category, name)))
}

/// The value of a Chinese numeral character.
fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九十"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
}

/// Read `12`, `１２`, `十二`, `二十三` as a number.
fn numeral_value(n: &str) -> Option<u32> {
    if n.chars().all(is_digit) {
        return n.chars().map(fold_digit).collect::<String>().parse().ok();
    }
    let digits: Vec<u32> = n.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d] => Some(*d),
        [10, d] => Some(10 + d),
        [t, 10] => Some(t * 10),
        [t, 10, d] => Some(t * 10 + d),
        _ => None,
    }
}

/// Is `rest` (what follows `》`) a whole title suffix: `课程与能力对接表`, or a school's
/// own wording of it, `课程…对接表` (`课程与职业能力对接表`)?
fn complete_suffix(rest: &str) -> bool {
    let c = compact(rest);
    c.starts_with(TITLE_SUFFIX) || (c.starts_with(SUFFIX_START) && c.ends_with(TABLE_SUFFIX))
}

/// Read a course title line. A title without a number must hold its whole suffix.
pub fn title(line: &str) -> Option<Title> {
    let (rest, (n, category, name)) = title_parts(line.trim()).ok()?;
    let rest = rest.trim();
    let complete = complete_suffix(rest);
    // The suffix may wrap onto the next line: accept a numbered title with any prefix of it.
    if !complete && (!TITLE_SUFFIX.starts_with(rest) || n.is_none()) {
        return None;
    }
    let category = category.trim();
    if category.chars().count() > MAX_CATEGORY_CHARS || category.contains(['，', '。', ',']) {
        return None;
    }
    let number = match n {
        Some(n) => Some(numeral_value(n)?),
        None => None,
    };
    Some(Title {
        number,
        category: category.to_string(),
        name: name.trim().to_string(),
        complete,
    })
}

/// A title whose line holds its whole suffix (a PDF joins a wrapped title before it reads
/// it, so only a complete one counts there).
pub fn whole_title(line: &str) -> Option<Title> {
    title(line).filter(|t| t.complete)
}

/// Could the line be the start of a title whose name or suffix wraps onto the next line
/// (`3.专业基础课：《很长的`)? A numbered line with `《` and no suffix end yet.
pub fn starts_title(line: &str) -> bool {
    let t = line.trim();
    title_number(t).is_ok() && t.contains('《') && !t.contains(TABLE_SUFFIX)
}

// ---------------------------------------------------------------------------------------
// Header block

/// The school level and checkbox line: `中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checkboxes {
    /// The text before the first box (the school level, `中职`).
    pub level: String,
    /// (ticked, label) in printed order.
    pub boxes: Vec<(bool, String)>,
}

/// Marks of a ticked box, as fonts and producers draw it.
pub fn is_ticked(c: char) -> bool {
    matches!(c, '☑' | '☒' | '■' | '✓' | '✔' | '√' | '▣' | '◼')
}

/// Marks of an empty box.
pub fn is_unticked(c: char) -> bool {
    matches!(c, '☐' | '□' | '◻' | '▢')
}

/// A box mark, ticked or not.
pub fn is_checkbox(c: char) -> bool {
    is_ticked(c) || is_unticked(c)
}

// checkboxes = level 1*( box label )
fn boxed_label(i: &str) -> IResult<&str, (bool, &str)> {
    let (i, mark) = context("checkbox", satisfy(is_checkbox)).parse(i)?;
    let (i, label) = take_till(is_checkbox).parse(i)?;
    Ok((i, (is_ticked(mark), label.trim())))
}

/// Read a checkbox line; `None` unless it holds at least one labelled box.
pub fn checkboxes(line: &str) -> Option<Checkboxes> {
    let line = line.trim();
    let (mut rest, level) = take_till::<_, _, nom::error::Error<&str>>(is_checkbox)
        .parse(line)
        .ok()?;
    let mut boxes = Vec::new();
    while let Ok((after, (ticked, label))) = boxed_label(rest) {
        if !label.is_empty() {
            boxes.push((ticked, label.to_string()));
        }
        rest = after;
    }
    (!boxes.is_empty()).then(|| Checkboxes {
        level: level.trim().to_string(),
        boxes,
    })
}

/// `课程名称 <name>`: the name, or `Some("")` when the label stands alone.
pub fn course_name(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(COURSE_NAME_LABEL)?;
    Some(rest.trim_start_matches([':', '：']).trim())
}

// ---------------------------------------------------------------------------------------
// Table furniture

/// Is the line the table's header row (`工作项目 工作任务 职业能力（…）`), or its first
/// cell alone?
pub fn is_table_header(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(HEADER_PROJECT) && (t.contains(HEADER_TASK) || t.len() == HEADER_PROJECT.len())
}

/// Is a cell one of the header row's (工作项目 / 工作任务 / 职业能力…), maybe wrapped?
pub fn is_header_label(cell: &str) -> bool {
    let c = compact(cell);
    [HEADER_PROJECT, HEADER_TASK, HEADER_COMPETENCY]
        .iter()
        .any(|h| c.starts_with(h))
}

/// The words that end a cell of the second header row some writers put under the header
/// row, naming each level's code column (`编号`, `项目编号`) and its name or text column
/// (`名称`, `任务名称`, `能力描述`).
const SUBHEADER_CODE: [&str; 3] = ["编号", "代码", "序号"];
const SUBHEADER_TEXT: [&str; 3] = ["名称", "内容", "描述"];
/// Longest sub-header cell: a level's word and the column's (`职业能力描述` is 6 characters);
/// longer text is content, not a column's name.
const MAX_SUBHEADER_CHARS: usize = 6;

/// Is a cell one of the second header row's (`编号` / `名称` under 工作项目, 工作任务, 职业能力;
/// `项目编号`, `能力描述`)?
pub fn is_subheader_label(cell: &str) -> bool {
    let c = compact(cell);
    c.chars().count() <= MAX_SUBHEADER_CHARS
        && SUBHEADER_CODE
            .iter()
            .chain(&SUBHEADER_TEXT)
            .any(|w| c.ends_with(w))
}

/// Is the line a "table continued" note: `续上表`, `续表`, `（续上表）`?
pub fn is_continued(line: &str) -> bool {
    let c = compact(line);
    let c = c
        .strip_prefix(['（', '('])
        .and_then(|c| c.strip_suffix(['）', ')']))
        .unwrap_or(&c);
    c == CONTINUED_LABEL || c == CONTINUED_SHORT
}

// num = 1*4 digit
fn page_num(i: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 4, is_digit).parse(i)
}

// ws = *white space
fn ws(i: &str) -> IResult<&str, &str> {
    take_while(char::is_whitespace).parse(i)
}

// "第" num "页" [ [ "，" ] "共" num "页" ]
fn nth_page(i: &str) -> IResult<&str, ()> {
    let (i, _) = (tag(ORDINAL), ws, page_num, ws, tag(PAGE)).parse(i)?;
    let total = (
        ws,
        opt(alt((tag("，"), tag(",")))),
        ws,
        tag(TOTAL),
        ws,
        page_num,
        ws,
        tag(PAGE),
    );
    let (i, _) = opt(total).parse(i)?;
    Ok((i, ()))
}

// ("Page" | "page") num | num "/" num | num
fn plain_page(i: &str) -> IResult<&str, ()> {
    let page_word = (alt((tag("Page"), tag("page"))), ws, page_num).map(|_| ());
    let of_total = (page_num, ws, tag("/"), ws, page_num).map(|_| ());
    let bare = page_num.map(|_| ());
    alt((page_word, of_total, bare)).parse(i)
}

// furniture = *( dash | "·" | "•" | white space )
fn furniture(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| is_dash(c) || c.is_whitespace() || matches!(c, '·' | '•')).parse(i)
}

/// Does the line hold only a printed page number (`14`, `- 14 -`, `第 14 页`,
/// `第3页 共40页`, `3 / 40`, `Page 7`, `１２`)? Whether it is furniture in its place is for
/// the caller.
pub fn is_page_number(line: &str) -> bool {
    let page = (
        furniture,
        context("page number", alt((nth_page, plain_page))),
        furniture,
    );
    all_consuming(page).parse(line).is_ok()
}

// ---------------------------------------------------------------------------------------
// Joining wrapped text

/// Does a wrap between these two characters take a space? Only between ASCII letters or
/// digits (`PI（Proforma` + `invoice）`); CJK and punctuation join directly.
fn wrap_takes_space(last: Option<char>, first: Option<char>) -> bool {
    matches!((last, first), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}

/// Join a wrapped fragment to the text before it by the joining rule: no separator, except
/// one space between ASCII letters or digits. For text dumps, where a fragment's edges
/// carry no information.
pub fn join_wrapped(acc: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    if wrap_takes_space(acc.chars().last(), next.chars().next()) {
        acc.push(' ');
    }
    acc.push_str(next);
}

/// Join a fragment whose edges are as drawn (PDF): the joining rule, and besides one space
/// where either side carries a drawn space (a wrap at a space).
pub fn join_drawn(acc: &mut String, next: &str) {
    let lead = next.starts_with(' ');
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let spaced = acc.ends_with(' ');
    if spaced {
        acc.truncate(acc.trim_end_matches(' ').len());
    }
    if !acc.is_empty()
        && (spaced || lead || wrap_takes_space(acc.chars().last(), next.chars().next()))
    {
        acc.push(' ');
    }
    acc.push_str(next);
}

// ---------------------------------------------------------------------------------------
// Unmapped code points

/// Is `c` what a font without a usable Unicode map produces: U+FFFD or a private-use
/// code point (BMP private use area, planes 15–16)?
pub fn is_unmapped(c: char) -> bool {
    c == '\u{FFFD}'
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
        || ('\u{F0000}'..='\u{10FFFF}').contains(&c)
}

/// The unmapped characters of `s`, runs of one character counted once.
pub fn unmapped_chars(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().filter(|&c| is_unmapped(c)).collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, number, category, name, complete); `None` for lines that are no title.
    #[test]
    fn titles() {
        type Case<'a> = (&'a str, Option<(Option<u32>, &'a str, &'a str, bool)>);
        let cases: &[Case] = &[
            (
                "1.专业群平台课：《仓储与配送实务》课程与能力对接表",
                Some((Some(1), "专业群平台课", "仓储与配送实务", true)),
            ),
            (
                "12．专业核心课:《物流信息技术》课程与能力对",
                Some((Some(12), "专业核心课", "物流信息技术", false)),
            ),
            (
                "（三）专业核心课：《仓储与配送实务》课程与能力对接表",
                Some((Some(3), "专业核心课", "仓储与配送实务", true)),
            ),
            (
                "十二、专业基础课《物流信息技术》课程与能力对接表",
                Some((Some(12), "专业基础课", "物流信息技术", true)),
            ),
            (
                "第2 专业核心课：《运输管理》课程与能力对接表",
                Some((Some(2), "专业核心课", "运输管理", true)),
            ),
            (
                "《运输管理》课程与能力对接表",
                Some((None, "", "运输管理", true)),
            ),
            (
                "专业核心课：《商务英语》课程与能力对接表",
                Some((None, "专业核心课", "商务英语", true)),
            ),
            (
                "3. 专业基础课：《物流基础》课程与职业能力对接表",
                Some((Some(3), "专业基础课", "物流基础", true)),
            ),
            (
                "3。专业基础课：《物流基础》课程与能力对接表",
                Some((Some(3), "专业基础课", "物流基础", true)),
            ),
            ("1.本课程《某某》的内容很多", None),
            ("《运输管理》课程与能力对", None),
            ("工作项目 工作任务", None),
            ("课程与能力对接是一个过程", None),
            ("通过学习，学生能够阅读《外贸函电》课程与能力对接表", None),
        ];
        for (line, want) in cases {
            let got = title(line).map(|t| (t.number, t.category, t.name, t.complete));
            let want = want.map(|(n, c, m, k)| (n, c.to_string(), m.to_string(), k));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn title_starts() {
        for (line, want) in [
            ("3.专业基础课：《很长的", true),
            ("3.专业基础课：《物流》课程与能力对接表", false),
            ("专业基础课：《很长的", false),
            ("3.5 吨以下", false),
        ] {
            assert_eq!(starts_title(line), want, "{line}");
        }
    }

    /// (line, level, boxes)
    #[test]
    fn checkbox_lines() {
        type Boxes<'a> = &'a [(bool, &'a str)];
        let cases: &[(&str, Option<(&str, Boxes)>)] = &[
            (
                "中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课",
                Some((
                    "中职",
                    &[
                        (true, "专业群平台课"),
                        (false, "专业基础课"),
                        (false, "专业核心课"),
                    ],
                )),
            ),
            (
                "高职 √专业基础课 □专业核心课",
                Some(("高职", &[(true, "专业基础课"), (false, "专业核心课")])),
            ),
            (
                "▣平台课▢核心课",
                Some(("", &[(true, "平台课"), (false, "核心课")])),
            ),
            ("no boxes", None),
            ("☐ ☑", None),
        ];
        for (line, want) in cases {
            let got = checkboxes(line);
            let want = want.map(|(level, boxes)| Checkboxes {
                level: level.to_string(),
                boxes: boxes.iter().map(|&(t, l)| (t, l.to_string())).collect(),
            });
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn labels() {
        for (line, want) in [
            ("课程名称 运输管理", Some("运输管理")),
            ("课程名称：运输管理", Some("运输管理")),
            ("课程名称", Some("")),
            ("课程 名称", None),
        ] {
            assert_eq!(course_name(line), want, "{line}");
        }
        for (line, want) in [
            (
                "工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）",
                true,
            ),
            ("工作项目", true),
            ("工作项目的安排", false),
            ("职业能力", false),
        ] {
            assert_eq!(is_table_header(line), want, "{line}");
        }
        for (cell, want) in [
            ("工作 项目", true),
            ("职业能力（技能）", true),
            ("项目", false),
        ] {
            assert_eq!(is_header_label(cell), want, "{cell}");
        }
        for (cell, want) in [
            ("编号", true),
            ("名 称", true),
            ("项目编号", true),
            ("任务名称", true),
            ("职业能力描述", true),
            ("内容", true),
            ("序号", true),
            ("外贸业务流程的名称", false),
            ("01", false),
            ("熟悉产品", false),
            ("", false),
        ] {
            assert_eq!(is_subheader_label(cell), want, "{cell}");
        }
        for (line, want) in [
            (" 续上表", true),
            ("续 上 表", true),
            ("续表", true),
            ("（续上表）", true),
            ("(续上表)", true),
            ("续上表格", false),
            ("继续", false),
        ] {
            assert_eq!(is_continued(line), want, "{line}");
        }
    }

    #[test]
    fn page_numbers() {
        for s in [
            "14",
            "- 14 -",
            "—14—",
            "第 14 页",
            "第3页 共40页",
            "第3页，共40页",
            "3 / 40",
            "Page 7",
            "page 7",
            "１２",
            "· 3 ·",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in [
            "01-01-01",
            "7-10 天",
            "24h",
            "第一章",
            "2024年",
            "17TRACK",
            "12345",
            "14 仓储作业",
            "",
            "第3页共",
            "-",
            "14 15",
            "1 4",
        ] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn joining() {
        // (before, fragment, wrapped, drawn)
        for (acc, next, wrapped, drawn) in [
            (
                "PI（Proforma",
                "invoice）",
                "PI（Proforma invoice）",
                "PI（Proforma invoice）",
            ),
            ("仓储管理规", "范", "仓储管理规范", "仓储管理规范"),
            ("如 WMS、", "条码", "如 WMS、条码", "如 WMS、条码"),
            ("SEO", "全网", "SEO全网", "SEO全网"),
            ("01-01-", "01", "01-01-01", "01-01-01"),
            ("使用", " ERP", "使用ERP", "使用 ERP"),
            ("使用 ", "ERP", "使用 ERP", "使用 ERP"),
            ("", "  ", "", ""),
        ] {
            let mut a = acc.to_string();
            join_wrapped(&mut a, next);
            assert_eq!(a, wrapped, "wrapped {acc:?} + {next:?}");
            let mut a = acc.to_string();
            join_drawn(&mut a, next);
            assert_eq!(a, drawn, "drawn {acc:?} + {next:?}");
        }
    }

    #[test]
    fn unmapped() {
        assert_eq!(
            unmapped_chars("a\u{FFFD}\u{FFFD}b\u{E001}"),
            ['\u{FFFD}', '\u{E001}']
        );
        assert!(unmapped_chars("正常文本 ABC").is_empty());
        assert!(is_unmapped('\u{F0000}'));
        assert!(!is_unmapped('\u{F900}'));
    }
}
