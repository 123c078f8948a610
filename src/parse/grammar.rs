//! Grammar pieces of a course section, written with nom: codes, course titles, checkbox
//! lines, header labels. Each function reads one line (or a piece of one) and knows nothing
//! of the table's layout; [`super::text`] puts the pieces together.

use nom::bytes::complete::{tag, take_till, take_while, take_while1};
use nom::character::complete::satisfy;
use nom::combinator::opt;
use nom::{IResult, Parser};
use unicode_width::UnicodeWidthStr;

pub use crate::vocab::code::{classify, is_dash, Code, CodeForm};
use crate::vocab::code::{code_prefix, fold_digit as ascii_digit, is_digit, is_digitish};
use crate::vocab::Level;

/// Label of the course name in the header block.
pub const COURSE_NAME_LABEL: &str = "课程名称";
/// Label of the description in the header block; it often wraps (`主要教学内` / `容及要求`).
pub const DESCRIPTION_LABEL: &str = "主要教学内容及要求";
/// Label printed on continuation pages.
pub const CONTINUED_LABEL: &str = "续上表";
/// Words of the table header row.
pub const HEADER_PROJECT: &str = "工作项目";
pub const HEADER_TASK: &str = "工作任务";
pub const HEADER_COMPETENCY: &str = "职业能力";
/// The end of a course title.
pub const TITLE_SUFFIX: &str = "课程与能力对接表";

/// A token of a table line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A code as written, with its reading.
    Code { written: &'a str, code: Code },
    /// Text between codes, surrounding spaces removed; `gap_before` is the white space
    /// that preceded it on the line (empty when glued to the previous token).
    Text { text: &'a str, gap_before: &'a str },
}

/// Characters after which a code glued to the text cannot start (`（7-10 天）`).
fn blocks_glued_code(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || is_dash(c)
        || matches!(
            c,
            '（' | '('
                | '【'
                | '['
                | '《'
                | '“'
                | '‘'
                | '/'
                | '、'
                | '.'
                | '．'
                | '：'
                | ':'
                | '~'
                | '～'
                | '+'
                | '%'
        )
        || is_digit(c)
}

/// Can a code end before `c`? Codes are followed by white space, the end, or a name glued
/// to them; never by more letters or digits (`17TRACK`, `24h`).
fn ends_code(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            !(c.is_ascii_alphanumeric()
                || is_digit(c)
                || is_dash(c)
                || matches!(
                    c,
                    '.' | '．' | '%' | '/' | ':' | '：' | '~' | '～' | '+' | '*'
                ))
        }
    }
}

/// Split a table line into codes and text. Codes are recognised where a code can start: at
/// the start of the line, after white space, or glued to preceding CJK text (then only in
/// the standard form). Whether a code really is a code in its place is for the caller.
pub fn tokenize<'a>(line: &'a str) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    let mut text_start: Option<usize> = None;
    let mut gap_start = 0usize;
    let mut prev: Option<char> = None;
    let mut i = 0usize;
    let flush =
        |tokens: &mut Vec<Token<'a>>, start: Option<usize>, end: usize, gap_start: usize| {
            if let Some(s) = start {
                let raw = &line[s..end];
                let text = raw.trim_end();
                if !text.is_empty() {
                    tokens.push(Token::Text {
                        text,
                        gap_before: &line[gap_start..s],
                    });
                }
            }
        };
    while i < line.len() {
        let c = line[i..].chars().next().expect("in bounds");
        let at_boundary = prev.is_none_or(char::is_whitespace);
        let glued = !at_boundary && prev.is_some_and(|p| !blocks_glued_code(p));
        if (at_boundary || glued) && is_digitish(c) {
            if let Some(written) = code_prefix(&line[i..]) {
                let written = written.trim_end();
                let end = i + written.len();
                if ends_code(line[end..].chars().next()) {
                    if let Some(code) = classify(written) {
                        // Glued to text, only a clean multi-part code is believable.
                        let accept = !glued
                            || (!matches!(code.form, CodeForm::Malformed { .. })
                                && code.level >= Level::Task);
                        if accept {
                            flush(&mut tokens, text_start, i, gap_start);
                            text_start = None;
                            tokens.push(Token::Code { written, code });
                            i = end;
                            prev = written.chars().last();
                            gap_start = i;
                            continue;
                        }
                    }
                }
            }
        }
        if !c.is_whitespace() && text_start.is_none() {
            text_start = Some(i);
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    flush(&mut tokens, text_start, line.len(), gap_start);
    // A text token may contain several words; callers split it with [`words`].
    tokens
}

/// The words of a text token with the white space before each (`"ERP 系统"` →
/// `[("", "ERP"), (" ", "系统")]`).
pub fn words(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let gap_len = rest.len() - rest.trim_start().len();
        let (gap, after) = rest.split_at(gap_len);
        if after.is_empty() {
            break;
        }
        let word_len = after.find(char::is_whitespace).unwrap_or(after.len());
        let (word, tail) = after.split_at(word_len);
        out.push((gap, word));
        rest = tail;
    }
    out
}

/// Display width: CJK and full-width characters count 2, others 1.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Join a wrapped fragment to the text before it: no separator, except one space where the
/// characters on both sides are ASCII letters or digits (`PI（Proforma` + `invoice）`).
pub fn join_wrapped(acc: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let last = acc.chars().last();
    let first = next.chars().next();
    if let (Some(a), Some(b)) = (last, first) {
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
            acc.push(' ');
        }
    }
    acc.push_str(next);
}

/// A course title: `1.专业群平台课：《国际贸易基础与实务》课程与能力对接表`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub number: u32,
    pub category: String,
    pub name: String,
    /// Is the title complete (ends with the full title suffix)? A wrapped title continues
    /// on the next line.
    pub complete: bool,
}

fn numeral(i: &str) -> IResult<&str, &str> {
    take_while1(|c| is_digit(c) || chinese_digit(c).is_some()).parse(i)
}

/// `1.`, `１．`, `1、`, `一、`, `（一）`, `(3)`, `第2`: the number before a course title.
fn title_number(i: &str) -> IResult<&str, &str> {
    let bracketed = (
        satisfy(|c| matches!(c, '（' | '(')),
        numeral,
        satisfy(|c| matches!(c, '）' | ')')),
    )
        .map(|(_, n, _)| n);
    let ordinal = (tag("第"), numeral).map(|(_, n)| n);
    let plain = (
        numeral,
        satisfy(|c| matches!(c, '.' | '．' | '、' | '，' | ',' | ' ' | '　')),
    )
        .map(|(n, _)| n);
    let (i, n) = nom::branch::alt((bracketed, ordinal, plain)).parse(i)?;
    let (i, _) =
        take_while(|c: char| c.is_whitespace() || matches!(c, '.' | '．' | '、')).parse(i)?;
    Ok((i, n))
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
        return n.chars().map(ascii_digit).collect::<String>().parse().ok();
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

fn title_parts(i: &str) -> IResult<&str, (Option<&str>, &str, &str)> {
    let (i, n) = opt(title_number).parse(i)?;
    let (i, category) = take_till(|c| matches!(c, '：' | ':' | '《')).parse(i)?;
    let (i, _) = opt(satisfy(|c| matches!(c, '：' | ':'))).parse(i)?;
    let (i, _) = take_while(char::is_whitespace).parse(i)?;
    let (i, _) = tag("《").parse(i)?;
    let (i, name) = take_till(|c| c == '》').parse(i)?;
    let (i, _) = tag("》").parse(i)?;
    Ok((i, (n, category, name)))
}

/// Read a course title line. Without a number before it, a title must end with the full
/// suffix (`课程与能力对接表`) and its number is 0 (the caller numbers it).
pub fn title(line: &str) -> Option<Title> {
    let (rest, (n, category, name)) = title_parts(line.trim()).ok()?;
    let rest = rest.trim();
    // The suffix may wrap onto the next line: accept any prefix of it.
    let complete = rest.starts_with(TITLE_SUFFIX);
    if !complete && (!TITLE_SUFFIX.starts_with(rest) || n.is_none()) {
        return None;
    }
    let category = category.trim();
    // Sentences that quote a 《book》 are not titles: a category is a short label.
    if category.chars().count() > 12 || category.contains(['，', '。', ',']) {
        return None;
    }
    let number = match n {
        Some(n) => numeral_value(n)?,
        None => 0,
    };
    Some(Title {
        number,
        category: category.to_string(),
        name: name.trim().to_string(),
        complete,
    })
}

/// The level and checkbox line: `中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkboxes {
    pub level: String,
    /// (ticked, label) in printed order.
    pub boxes: Vec<(bool, String)>,
}

fn is_box(c: char) -> bool {
    is_ticked(c) || is_unticked(c)
}
fn is_ticked(c: char) -> bool {
    matches!(c, '☑' | '☒' | '■' | '✓' | '✔' | '√' | '▣' | '◼')
}
fn is_unticked(c: char) -> bool {
    matches!(c, '☐' | '□' | '◻' | '▢')
}

/// Read a checkbox line; `None` unless it holds at least one box.
pub fn checkboxes(line: &str) -> Option<Checkboxes> {
    let line = line.trim();
    let first_box = line.find(is_box)?;
    let level = line[..first_box].trim().to_string();
    let mut boxes = Vec::new();
    let mut rest = &line[first_box..];
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let end = after.find(is_box).unwrap_or(after.len());
        let label = after[..end].trim().to_string();
        if !label.is_empty() {
            boxes.push((is_ticked(c), label));
        }
        rest = &after[end..];
    }
    (!boxes.is_empty()).then_some(Checkboxes { level, boxes })
}

/// `课程名称 <name>`: the name, or `Some("")` when the label stands alone.
pub fn course_name(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(COURSE_NAME_LABEL)?;
    Some(rest.trim_start_matches([':', '：']).trim())
}

/// Is the line the table header (`工作项目 工作任务 职业能力（…）`)?
pub fn is_table_header(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(HEADER_PROJECT) && (t.contains(HEADER_TASK) || t.len() == HEADER_PROJECT.len())
}

/// Is the line the `续上表` label?
pub fn is_continued(line: &str) -> bool {
    line.trim() == CONTINUED_LABEL
}

/// A line that holds only a page number (`14`, `- 14 -`, `第 14 页`).
pub fn is_page_number(line: &str) -> bool {
    let t = line.trim().trim_matches(|c: char| is_dash(c) || c == ' ');
    let t = t
        .strip_prefix('第')
        .and_then(|s| s.strip_suffix('页'))
        .map(str::trim)
        .unwrap_or(t);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<String> {
        tokenize(line)
            .into_iter()
            .map(|t| match t {
                Token::Code { written, .. } => format!("C:{written}"),
                Token::Text { text, .. } => format!("T:{text}"),
            })
            .collect()
    }

    #[test]
    fn tokenize_row_line() {
        assert_eq!(
            kinds("01 仓储作业 01-01 入库验收 01-01-02 能够入库验收"),
            [
                "C:01",
                "T:仓储作业",
                "C:01-01",
                "T:入库验收",
                "C:01-01-02",
                "T:能够入库验收"
            ]
        );
    }

    #[test]
    fn tokenize_glued_code() {
        assert_eq!(
            kinds("20-12 规范（质量）20-12-01 具有质量意识"),
            ["C:20-12", "T:规范（质量）", "C:20-12-01", "T:具有质量意识"]
        );
    }

    #[test]
    fn numbers_in_text_are_text() {
        assert_eq!(kinds("提前（3-5 天）通知"), ["T:提前（3-5 天）通知"]);
        assert_eq!(kinds("58DAYS、系统"), ["T:58DAYS、系统"]);
        assert_eq!(kinds("处理（48h 以内）"), ["T:处理（48h 以内）"]);
        assert_eq!(kinds("B2 规则"), ["T:B2 规则"]);
        assert_eq!(kinds("COVID-19 期间"), ["T:COVID-19 期间"]);
    }

    #[test]
    fn tokenize_spaced_code() {
        assert_eq!(kinds("01 -01 入库验收"), ["C:01 -01", "T:入库验收"]);
    }

    #[test]
    fn words_keep_gaps() {
        assert_eq!(
            words("ERP 系统  操作"),
            [("", "ERP"), (" ", "系统"), ("  ", "操作")]
        );
    }

    #[test]
    fn joining() {
        let mut s = String::from("PI（Proforma");
        join_wrapped(&mut s, "invoice）");
        assert_eq!(s, "PI（Proforma invoice）");
        let mut s = String::from("仓储管理规");
        join_wrapped(&mut s, "范");
        assert_eq!(s, "仓储管理规范");
        let mut s = String::from("如 WMS、");
        join_wrapped(&mut s, "条码");
        assert_eq!(s, "如 WMS、条码");
    }

    #[test]
    fn titles() {
        let t = title("1.专业群平台课：《仓储与配送实务》课程与能力对接表").unwrap();
        assert_eq!(
            (t.number, t.category.as_str(), t.name.as_str(), t.complete),
            (1, "专业群平台课", "仓储与配送实务", true)
        );
        let t = title("12．专业核心课:《物流信息技术》课程与能力对").unwrap();
        assert_eq!((t.number, t.complete), (12, false));
        assert!(title("1.本课程《某某》的内容很多").is_none());
        for (line, n) in [
            ("（三）专业核心课：《仓储与配送实务》课程与能力对接表", 3),
            ("十二、专业基础课《物流信息技术》课程与能力对接表", 12),
            ("第2 专业核心课：《运输管理》课程与能力对接表", 2),
            ("《运输管理》课程与能力对接表", 0),
        ] {
            let t = title(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(t.number, n, "{line}");
        }
        assert!(title("《运输管理》课程与能力对").is_none());
        assert!(title("工作项目 工作任务").is_none());
    }

    #[test]
    fn checkbox_line() {
        let c = checkboxes("中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课").unwrap();
        assert_eq!(c.level, "中职");
        assert_eq!(
            c.boxes,
            [
                (true, "专业群平台课".to_string()),
                (false, "专业基础课".to_string()),
                (false, "专业核心课".to_string())
            ]
        );
        assert!(checkboxes("no boxes").is_none());
    }

    #[test]
    fn small_labels() {
        assert_eq!(course_name("课程名称 运输管理"), Some("运输管理"));
        assert_eq!(course_name("课程名称"), Some(""));
        assert!(is_table_header(
            "工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）"
        ));
        assert!(is_continued(" 续上表"));
        assert!(is_page_number("14"));
        assert!(is_page_number("- 14 -"));
        assert!(!is_page_number("14 仓储作业"));
    }
}
