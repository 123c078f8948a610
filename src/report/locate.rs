//! Place findings within their lines: set [`Finding::span`] from the source text.
//!
//! The parser records where a piece of text is by page and line only, so a finding learns
//! its column here, once the lines of the text dump are at hand ([`super::check_file`]).
//! What a finding is about, in order of preference:
//!
//! 1. its code as written, as a whole token (`17-03` is not found inside `17-03-01`), then
//!    anywhere in the line;
//! 2. the text the finding quotes (between `"`: a stray fragment, a conflicting name), the
//!    same way;
//! 3. the first character without a Unicode mapping (U+FFFD or private use);
//! 4. else the line's content, without its surrounding blanks.

use crate::model::{Finding, Span};

/// Set the span of every finding whose line is among `lines` (`lines[i - 1]` is line `i`).
/// Findings on lines past the end are left without one.
pub fn locate(findings: &mut [Finding], lines: &[String]) {
    for f in findings {
        let line = usize::try_from(f.loc.line)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| lines.get(i));
        if let Some(line) = line {
            f.span = Some(span(f, line));
        }
    }
}

/// The part of `line` finding `f` is about (see the module docs for the order).
pub fn span(f: &Finding, line: &str) -> Span {
    let at = |start: usize, len: usize| Span {
        start,
        end: start + len,
    };
    let mut needles: Vec<&str> = Vec::new();
    if !f.code.is_empty() {
        needles.push(f.code.as_str());
    }
    needles.extend(quoted(&f.message));
    for needle in &needles {
        if let Some(start) = find_token(line, needle) {
            return at(start, needle.len());
        }
    }
    for needle in &needles {
        if let Some(start) = line.find(needle) {
            return at(start, needle.len());
        }
    }
    if let Some(start) = line.find(|c: char| c == '\u{FFFD}' || is_private_use(c)) {
        let len = line[start..].chars().next().map_or(1, char::len_utf8);
        return at(start, len);
    }
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len().max(start);
    Span { start, end }
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Texts between double quotes in `message` (a finding quotes the text it saw).
fn quoted(message: &str) -> Vec<&str> {
    message
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect()
}

/// First occurrence of `needle` in `line` not glued to a longer code.
fn find_token(line: &str, needle: &str) -> Option<usize> {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
    line.match_indices(needle).map(|(at, _)| at).find(|&at| {
        !glued(line[..at].chars().next_back()) && !glued(line[at + needle.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::finding;
    use super::*;
    use crate::model::Rule;

    fn span_of(f: &Finding, line: &str) -> std::ops::Range<usize> {
        span(f, line).range()
    }

    #[test]
    fn span_prefers_whole_codes_then_quotes() {
        let f = finding(Rule::NameConflict, "17-03", 1, "m");
        assert_eq!(span_of(&f, "17-03-01 a 17-03 b"), 11..16);
        let stray = finding(Rule::StrayText, "", 1, "text outside any cell: \"14\"");
        assert_eq!(span_of(&stray, "  14  "), 2..4);
        let none = finding(Rule::EmptyText, "09", 1, "m");
        assert_eq!(span_of(&none, "  other text "), 2..12);
        let glyph = finding(Rule::UnmappedGlyphs, "", 1, "m");
        assert_eq!(span_of(&glyph, "ab\u{E001}c"), 2..5);
    }

    #[test]
    fn locate_skips_lines_past_the_end() {
        let mut findings = vec![
            finding(Rule::EmptyText, "09", 2, "m"),
            finding(Rule::EmptyText, "09", 3, "m"),
            finding(Rule::EmptyText, "09", 0, "m"),
        ];
        locate(&mut findings, &["x".into(), "a 09".into()]);
        assert_eq!(findings[0].span, Some(Span { start: 2, end: 4 }));
        assert_eq!(findings[1].span, None);
        assert_eq!(findings[2].span, None);
    }
}
