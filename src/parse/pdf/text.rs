//! Small text helpers for the PDF parser: joining wrapped fragments, recognising codes,
//! titles and the structural labels of a course section.

/// Append a wrapped fragment: no separator, except one space where the characters on
/// both sides are ASCII letters or digits (`PI（Proforma` + `invoice）`).
pub fn join_into(out: &mut String, next: &str) {
    // A fragment may carry the space drawn at its edge (a wrap at a space): keep one.
    let lead = next.starts_with(' ');
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let spaced = out.ends_with(' ');
    if spaced {
        out.truncate(out.trim_end_matches(' ').len());
    }
    let ascii = matches!(
        (out.chars().last(), next.chars().next()),
        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
    );
    if !out.is_empty() && (spaced || lead || ascii) {
        out.push(' ');
    }
    out.push_str(next);
}

/// Join wrapped fragments in order.
#[cfg(test)]
pub fn join_all<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        join_into(&mut out, p);
    }
    out
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '－' | '﹣' | '−')
}

fn is_digitish(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Number of dash-separated parts when `s` reads as a code (`01`, `01-02`, `０１-０２-０３`,
/// `01 -02`), each part one to three digits (letters standing for digits allowed if at
/// least one real digit is there); `None` when it does not.
pub fn code_parts(s: &str) -> Option<usize> {
    let compact = s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if compact.is_empty() {
        return None;
    }
    let mut parts = 0;
    for part in compact.split(is_dash) {
        let n = part.chars().count();
        if !(1..=3).contains(&n) {
            return None;
        }
        if !part
            .chars()
            .all(|c| is_digitish(c) || matches!(c, 'O' | 'o' | 'l' | 'I'))
        {
            return None;
        }
        if !part.chars().any(is_digitish) {
            return None;
        }
        parts += 1;
    }
    Some(parts)
}

/// A well-formed competency code as most cells print it: three two-digit parts.
pub fn is_competency_code(s: &str) -> bool {
    let compact = s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let parts = compact.split(is_dash).collect::<Vec<_>>();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.chars().count() == 2 && p.chars().all(is_digitish))
}

/// The digits of a code, full-width ones made ASCII: what two spellings of one code share.
pub fn code_digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_ascii_digit() {
                Some(c)
            } else if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32)
            } else {
                None
            }
        })
        .collect()
}

/// Split a cell holding both a label's code and its name (`01 前期准备`).
pub fn split_code_name(s: &str) -> (String, String) {
    let s = s.trim();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if is_digitish(c) || is_dash(c) || c == ' ' {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let (code, name) = s.split_at(end);
    if code_parts(code).is_some() {
        (code.trim().to_string(), name.trim().to_string())
    } else {
        (String::new(), s.to_string())
    }
}

/// A course title: `N.<category>：《name》课程与能力对接表`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// `None` when the title carries no number (the course is then numbered in order).
    pub number: Option<u32>,
    pub category: String,
    pub name: String,
}

/// The end of a title: `课程与能力对接表` in the family, worded a little differently by
/// some schools (`课程与职业能力对接表`); the `对接表` is what they share.
const TABLE_SUFFIX: &str = "对接表";

/// Whether a line could be the start of a title that wraps onto the next line.
pub fn starts_title(line: &str) -> bool {
    let t = line.trim();
    number_prefix(t).is_some() && t.contains('《') && !t.contains(TABLE_SUFFIX)
}

fn number_prefix(t: &str) -> Option<(u32, &str)> {
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !is_digitish(*c))
        .map(|(i, _)| i)?;
    if digits_end == 0 {
        return None;
    }
    let number = code_digits(&t[..digits_end]).parse().ok()?;
    let rest = t[digits_end..].trim_start();
    let mut chars = rest.chars();
    let sep = chars.next()?;
    if !matches!(sep, '.' | '．' | '、' | '。') {
        return None;
    }
    Some((number, chars.as_str()))
}

/// Parse a course title line.
pub fn parse_title(line: &str) -> Option<Title> {
    let t = line.trim();
    if !t.contains(TABLE_SUFFIX) {
        return None;
    }
    let (number, rest) = match number_prefix(t) {
        Some((n, rest)) => (Some(n), rest),
        None => (None, t),
    };
    let open = rest.find('《')?;
    // Without a number, the title must be the whole line: `<category>：《name》…表`.
    if number.is_none() && !rest[..open].trim_end().ends_with(['：', ':']) {
        return None;
    }
    let close = rest[open..].find('》')? + open;
    let category = rest[..open]
        .trim()
        .trim_end_matches(['：', ':'])
        .trim()
        .to_string();
    let name = rest[open + '《'.len_utf8()..close].trim().to_string();
    Some(Title {
        number,
        category,
        name,
    })
}

/// Text with all whitespace removed, for comparing labels that wrap in their cell.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub const NAME_LABEL: &str = "课程名称";
pub const DESCRIPTION_LABEL: &str = "主要教学内容及要求";
pub const CONTINUED: &str = "续上表";

/// Whether a cell is part of the table's header row (工作项目 / 工作任务 / 职业能力…).
pub fn is_header_label(s: &str) -> bool {
    let c = compact(s);
    c.starts_with("工作项目") || c.starts_with("工作任务") || c.starts_with("职业能力")
}

/// Whether a line of text is a "table continued" note.
pub fn is_continued_note(s: &str) -> bool {
    let c = compact(s);
    c == CONTINUED || c == "续表" || c == "(续上表)" || c == "（续上表）"
}

/// Categories in a checkbox line: `(name, ticked)` in the order printed, plus the text
/// before the first box (the school level, `中职`).
pub fn parse_checkboxes(s: &str) -> (String, Vec<(String, bool)>) {
    let mut before = String::new();
    let mut items: Vec<(String, bool)> = Vec::new();
    for c in s.chars() {
        match c {
            '☑' | '☒' | '■' | '✓' | '✔' => items.push((String::new(), true)),
            '☐' | '□' => items.push((String::new(), false)),
            _ => match items.last_mut() {
                Some((name, _)) => name.push(c),
                None => before.push(c),
            },
        }
    }
    let items = items
        .into_iter()
        .map(|(n, t)| (n.trim().to_string(), t))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    (before.trim().to_string(), items)
}

/// Whether a line is a printed page number (`12`, `- 12 -`, `第 12 页`, `第12页 共40页`,
/// `12 / 40`, `Page 12`): page furniture, not content, when it stands at a page's edge.
pub fn is_page_number(s: &str) -> bool {
    let c: String = compact(s)
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let c = c.trim_matches(|ch: char| matches!(ch, '-' | '—' | '–' | '－' | '·' | '•'));
    let c = c
        .strip_prefix("Page")
        .or_else(|| c.strip_prefix("page"))
        .unwrap_or(c);
    if c.is_empty() || c.len() > 24 {
        return false;
    }
    let digits_only =
        |t: &str| !t.is_empty() && t.len() <= 4 && t.chars().all(|ch| ch.is_ascii_digit());
    if digits_only(c) {
        return true;
    }
    if let Some((a, b)) = c.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    // 第N页, optionally followed by 共M页.
    let mut rest = c;
    if let Some(r) = rest.strip_prefix('第') {
        rest = r;
        let end = rest.find('页').unwrap_or(rest.len());
        if !digits_only(&rest[..end]) || end == rest.len() {
            return false;
        }
        rest = &rest[end + '页'.len_utf8()..];
        let rest = rest.trim_start_matches(['，', ',']);
        return rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits_only);
    }
    false
}

/// Whether text holds characters a font without a Unicode map produces.
pub fn unmapped_chars(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s
        .chars()
        .filter(|&c| {
            c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || ('\u{F0000}'..='\u{10FFFF}').contains(&c)
        })
        .collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_with_space_only_between_ascii_words() {
        assert_eq!(
            join_all(["PI（Proforma", "invoice）"]),
            "PI（Proforma invoice）"
        );
        assert_eq!(join_all(["被动开发客", "户"]), "被动开发客户");
        assert_eq!(join_all(["01-01-", "01"]), "01-01-01");
        assert_eq!(join_all(["SEO", "全网"]), "SEO全网");
    }

    #[test]
    fn codes() {
        assert_eq!(code_parts("01"), Some(1));
        assert_eq!(code_parts("01-02-03"), Some(3));
        assert_eq!(code_parts("０２-０１-０３"), Some(3));
        assert_eq!(code_parts("0l-01"), Some(2));
        assert_eq!(code_parts("熟悉"), None);
        assert_eq!(code_parts("7-10 天"), None);
        assert!(is_competency_code("01-01-01"));
        assert!(!is_competency_code("01-01"));
        assert_eq!(code_digits("０１-01"), "0101");
    }

    #[test]
    fn titles() {
        let t = parse_title("12.专业核心课：《商务英语》课程与能力对接表").unwrap();
        assert_eq!(t.number, Some(12));
        let t = parse_title("专业核心课：《商务英语》课程与能力对接表").unwrap();
        assert_eq!(t.number, None);
        assert_eq!(t.category, "专业核心课");
        assert_eq!(t.name, "商务英语");
        assert!(parse_title("课程与能力对接是一个过程").is_none());
        let t = parse_title("3. 专业基础课：《物流基础》课程与职业能力对接表").unwrap();
        assert_eq!((t.number, t.name.as_str()), (Some(3), "物流基础"));
        assert!(starts_title("3.专业基础课：《很长的"));
    }

    #[test]
    fn checkboxes() {
        let (level, items) = parse_checkboxes("中职 ☑专业群平台课 ☐专业基础课 ☐专业核心课");
        assert_eq!(level, "中职");
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], ("专业群平台课".to_string(), true));
        assert!(!items[1].1);
    }

    #[test]
    fn page_numbers() {
        for s in [
            "12",
            "- 12 -",
            "第 3 页",
            "第3页 共40页",
            "3 / 40",
            "Page 7",
            "１２",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["01-01-01", "7-10 天", "24h", "第一章", "2024年", "17TRACK"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn split_label() {
        assert_eq!(
            split_code_name("01 前期准备"),
            ("01".to_string(), "前期准备".to_string())
        );
    }
}
