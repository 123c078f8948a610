//! A table line of a text dump as tokens: codes (read by [`crate::vocab::code`]) and the
//! text between them, words with their gaps, display widths. Each function reads one line
//! and knows nothing of the table's layout; the rest of [`super`] puts the pieces together.

use unicode_width::UnicodeWidthStr;

pub use crate::vocab::code::{classify, is_dash, Code, CodeForm};
use crate::vocab::code::{code_prefixes, is_digit, is_digitish, is_zero_width};
use crate::vocab::Level;

/// A token of a table line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A code as written, with its reading; `gap_before` is the white space that preceded
    /// it on the line (empty at the line's start or when glued to the previous token).
    Code {
        written: &'a str,
        code: Code,
        gap_before: &'a str,
    },
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

/// The code that starts `rest`, if one does: the longest reading of its start
/// ([`code_prefixes`]) that ends where a code can end and classifies. Glued to preceding
/// text, only a clean dash-joined code of two or three parts is believable.
fn code_at(rest: &str, glued: bool) -> Option<(&str, Code)> {
    code_prefixes(rest).into_iter().find_map(|written| {
        let written = written.trim_end();
        if !ends_code(rest[written.len()..].chars().next()) {
            return None;
        }
        let code = classify(written)?;
        let believable = !glued
            || (!code.is_malformed()
                && code.level >= Level::Task
                && written.chars().all(|c| is_digit(c) || is_dash(c)));
        believable.then_some((written, code))
    })
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
        let at_boundary = prev.is_none_or(|p| p.is_whitespace() || is_zero_width(p));
        let glued = !at_boundary && prev.is_some_and(|p| !blocks_glued_code(p));
        if (at_boundary || glued) && is_digitish(c) {
            if let Some((written, code)) = code_at(&line[i..], glued) {
                let end = i + written.len();
                flush(&mut tokens, text_start, i, gap_start);
                // The white space right before the code (text tokens are trimmed, so it
                // starts where the last non-space character before the code ends).
                let gap_from = gap_start.max(line[..i].trim_end().len());
                let gap_before = &line[gap_from..i];
                text_start = None;
                tokens.push(Token::Code {
                    written,
                    code,
                    gap_before,
                });
                i = end;
                prev = written.chars().last();
                gap_start = i;
                continue;
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
    fn codes_keep_their_gap() {
        let gaps = |line: &str| -> Vec<String> {
            tokenize(line)
                .into_iter()
                .filter_map(|t| match t {
                    Token::Code { gap_before, .. } => Some(format!("{gap_before:?}")),
                    Token::Text { .. } => None,
                })
                .collect()
        };
        cases!(gaps;
            "line start, then two spaces": ("01 仓储  01-01 入库") => ["\"\"", "\"  \""],
            "glued after CJK": ("规范（质量）20-12-01 具有") => ["\"\""],
            "a number before a symbol": ("不大于 15°") => ["\" \""],
        );
    }

    /// A code, a space, then a sign and digits: a code and a text starting with the sign.
    #[test]
    fn text_starting_with_a_sign_after_a_code() {
        cases!(kinds;
            "minus then digits": ("02-01-03 -50元以内") => ["C:02-01-03", "T:-50元以内"],
            "a range": ("07-02-02 -2~3天") => ["C:07-02-02", "T:-2~3天"],
            "a percentage": ("07-02-02 -5%~+5%") => ["C:07-02-02", "T:-5%~+5%"],
            "a decimal": ("07-02-02 -1.5mm公差") => ["C:07-02-02", "T:-1.5mm公差"],
            "full-width minus": ("07-02-02 －50℃") => ["C:07-02-02", "T:－50℃"],
            "after a task on the line": ("02-01 核算 02-01-03 -50元") => ["C:02-01", "T:核算", "C:02-01-03", "T:-50元"],
            "four groups glued stay one code": ("01-01-03-01 能够") => ["C:01-01-03-01", "T:能够"],
        );
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
}
