//! Validation reports: what `compmap check` prints, and the HTML report of `convert`.
//!
//! Takes validated inputs ([`Checked`]: a [`Standard`] and, for a text dump, the lines of the
//! file) and gives text:
//!
//! - [`text`]: compiler-style diagnostics, one per finding, with the source line and the
//!   offending code underlined when the input is a text dump ([`diagnostics`]);
//! - [`json`]: the findings of each input, for tools;
//! - [`markdown()`]: a table per input, for mailing;
//! - [`summary_line`]: one line of totals, printed last;
//! - [`html`]: a self-contained HTML page of one standard (`convert --format html`).
//!
//! Rendering depends only on its arguments (colour is the caller's choice), so the same
//! inputs give the same bytes.
//!
//! Nothing of a document reaches a terminal raw: the text and Markdown reports show every
//! control character other than TAB and LF ([`visible`]), so an escape sequence in a text
//! dump (screen clear, title change, a fake prompt) is printed, not obeyed.

pub mod diagnostics;
pub mod html;
pub mod locate;
pub mod markdown;

pub use locate::locate;

use crate::error::Result;
use crate::extract::Source;
use crate::model::{Severity, Standard};
use std::borrow::Cow;
use std::path::Path;

/// Whether `c` is a control character a terminal may act on: the C0 controls except TAB
/// and LF, DEL, and the C1 controls (U+0080–U+009F; U+009B is a CSI to some terminals).
pub fn is_hostile(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` with each [`is_hostile`] character shown instead of obeyed: a C0 control as its
/// Unicode control picture (U+000B as `␋`, ESC as `␛`, CR as `␍`), DEL as `␡`, a C1
/// control as `\u{9b}`. Everything else, TAB and LF included, is kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !is_hostile(c) => out.push(c),
            '\u{7f}' => out.push('\u{2421}'),
            // U+2400..=U+241F are the pictures of U+0000..=U+001F, in order.
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// One validated input: its standard and, for a text dump, the lines of the file
/// (`lines[i - 1]` is line `i`), which the text report quotes. PDFs have no such lines.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub standard: Standard,
    pub lines: Option<Vec<String>>,
}

/// Read, parse and validate `path`, keeping the text lines for the report.
pub fn check_file(path: &Path) -> Result<Checked> {
    let limits = crate::extract::Limits::current();
    check_bytes(path, &crate::extract::read(path, &limits)?)
}

/// Like [`check_file`], for bytes in memory; `path` names them. A PDF is read page by page
/// ([`crate::parse::read`]).
pub fn check_bytes(path: &Path, bytes: &[u8]) -> Result<Checked> {
    let limits = crate::extract::Limits::current();
    if crate::extract::recognise(path, bytes, &limits)? {
        return Ok(Checked {
            standard: crate::convert_bytes(path, bytes)?,
            lines: None,
        });
    }
    checked(crate::extract::extract_bytes_with(path, bytes, &limits)?)
}

fn checked(source: Source) -> Result<Checked> {
    let mut standard = crate::convert_source(&source)?;
    let lines = match source {
        Source::Text(dump) => Some(dump.lines),
        Source::Pdf(_) | Source::Original(_) => None,
    };
    if let Some(lines) = &lines {
        locate(&mut standard.findings, lines);
    }
    Ok(Checked { standard, lines })
}

/// The compiler-style report of every input, each followed by its own summary line.
/// `color` adds ANSI colours (for a terminal).
pub fn text(reports: &[Checked], color: bool) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&diagnostics::render(r, color));
        out.push_str(&format!(
            "{}: {}\n",
            visible(&r.standard.source),
            counts([&r.standard])
        ));
    }
    out
}

/// The findings of every input as a JSON array of `{ "source", "findings" }`, pretty-printed,
/// ending with a newline.
pub fn json(reports: &[Checked]) -> String {
    let all: Vec<_> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "source": r.standard.source,
                "findings": r.standard.findings,
            })
        })
        .collect();
    // Serialising plain strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

pub use markdown::render as markdown;

/// `12 courses, 1294 rows, 3 errors, 1 warning` over the given standards.
pub fn counts<'a>(standards: impl IntoIterator<Item = &'a Standard>) -> String {
    let (mut courses, mut rows, mut errors, mut warnings) = (0, 0, 0, 0);
    for s in standards {
        courses += s.courses.len();
        rows += s.mappings.len();
        errors += s.count(Severity::Error);
        warnings += s.count(Severity::Warning);
    }
    format!(
        "{}, {}, {}, {}",
        plural(courses, "course"),
        plural(rows, "row"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The last line of a `check`: totals over all inputs, and how many could not be read.
pub fn summary_line(reports: &[Checked], unreadable: usize) -> String {
    let standards = || reports.iter().map(|r| &r.standard);
    let errors: usize = standards().map(|s| s.count(Severity::Error)).sum();
    let warnings: usize = standards().map(|s| s.count(Severity::Warning)).sum();
    let verdict = match (errors, warnings) {
        _ if reports.is_empty() => "nothing checked",
        (0, 0) => "no findings",
        (0, _) => "warnings only",
        _ => "errors found",
    };
    let mut line = format!(
        "checked {}: {} ({verdict})",
        plural(reports.len() + unreadable, "input"),
        counts(standards())
    );
    if unreadable > 0 {
        line.push_str(&format!("; {unreadable} could not be read"));
    }
    line
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    pub(crate) fn finding(rule: Rule, code: &str, line: u32, message: &str) -> Finding {
        Finding {
            severity: rule.severity(),
            rule,
            course_no: Some(1),
            code: code.into(),
            loc: Loc::new(2, line),
            message: message.into(),
            expected: None,
            span: None,
        }
    }

    fn sample() -> Checked {
        Checked {
            standard: Standard {
                source: "s.txt".into(),
                findings: vec![
                    finding(Rule::HierarchyMismatch, "02-01-01", 2, "x; expected 01-01"),
                    finding(Rule::StrayText, "", 3, "text outside any cell: \"14\""),
                ],
                ..Default::default()
            },
            lines: Some(vec!["a".into(), "02-01-01 b".into(), "14".into()]),
        }
    }

    #[test]
    fn summary_counts_and_plurals() {
        let line = summary_line(&[sample()], 0);
        assert_eq!(
            line,
            "checked 1 input: 0 courses, 0 rows, 1 error, 1 warning (errors found)"
        );
        let clean = Checked::default();
        assert_eq!(
            summary_line(&[clean.clone(), clean], 1),
            "checked 3 inputs: 0 courses, 0 rows, 0 errors, 0 warnings (no findings); 1 could not be read"
        );
        assert_eq!(
            summary_line(&[], 2),
            "checked 2 inputs: 0 courses, 0 rows, 0 errors, 0 warnings (nothing checked); 2 could not be read"
        );
    }

    #[test]
    fn json_keeps_its_shape() {
        let v: serde_json::Value = serde_json::from_str(&json(&[sample()])).unwrap();
        assert_eq!(v[0]["source"], "s.txt");
        assert_eq!(v[0]["findings"].as_array().unwrap().len(), 2);
        assert_eq!(v[0]["findings"][1]["rule"], "stray-text");
    }

    #[test]
    fn text_ends_each_input_with_its_counts() {
        let t = text(&[sample()], false);
        assert!(
            t.ends_with("s.txt: 0 courses, 0 rows, 1 error, 1 warning\n"),
            "{t}"
        );
        assert!(!t.contains('\u{1b}'), "no colour asked for");
        assert!(text(&[sample()], true).contains('\u{1b}'));
    }

    #[test]
    fn visible_shows_controls_and_keeps_the_rest() {
        assert!(matches!(visible("甲\t乙\n"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\u{1b}[2J\u{b}b\u{7}\r\u{7f}\u{9b}c"),
            "a␛[2J␋b␇␍␡\\u{9b}c"
        );
        assert!(visible("\u{0}\u{1f}").chars().all(|c| !is_hostile(c)));
    }

    #[test]
    fn check_bytes_keeps_text_lines() {
        let dump = "1.专业核心课：《甲》课程与能力对接表\n课程名称 甲\n工作项目 工作任务 职业能力\n01 准备 01-01 熟悉 01-02-01 熟悉术语\n";
        let c = check_bytes(Path::new("t.txt"), dump.as_bytes()).unwrap();
        assert_eq!(c.lines.as_ref().map(Vec::len), Some(5));
        assert!(c
            .standard
            .findings
            .iter()
            .any(|f| f.rule == Rule::HierarchyMismatch && f.loc.line == 4));
    }
}
