//! The Markdown report: per input a heading, its counts and a table of findings, then
//! the summary line. Meant for mailing or pasting into an issue.

use super::{counts, summary_line, visible, Checked};

/// The Markdown report of `reports`; `unreadable` inputs are counted in the summary.
pub fn render(reports: &[Checked], unreadable: usize) -> String {
    let mut out = String::from("# compmap check\n\n");
    for r in reports {
        let s = &r.standard;
        out.push_str(&format!("## {}\n\n", cell(&s.source)));
        if !s.title.is_empty() {
            out.push_str(&format!("{}\n\n", cell(&s.title)));
        }
        out.push_str(&format!("{}\n\n", counts([s])));
        if s.findings.is_empty() {
            out.push_str("No findings.\n\n");
            continue;
        }
        out.push_str("| severity | rule | course | code | page | line | message |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for f in &s.findings {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                f.severity.as_str(),
                f.rule.as_str(),
                f.course_no.map(|n| n.to_string()).unwrap_or_default(),
                code(&f.code),
                f.loc.page,
                f.loc.line,
                cell(&f.message)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("**{}**\n", summary_line(reports, unreadable)));
    out
}

/// Text safe inside a table cell: no line breaks, pipes escaped, nothing a Markdown
/// renderer would read as markup or HTML, and control characters shown ([`visible`]).
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '|' | '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A code in backticks (a code span shows it literally); pipes still need escaping there.
fn code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let inner = s.replace(['\r', '\n'], " ").replace('|', "\\|");
    let inner = visible(&inner);
    if inner.contains('`') {
        format!("`` {inner} ``")
    } else {
        format!("`{inner}`")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::finding;
    use super::*;
    use crate::model::{Rule, Standard};

    #[test]
    fn one_row_per_finding_escaped() {
        let r = Checked {
            standard: Standard {
                source: "a_b.txt".into(),
                findings: vec![
                    finding(Rule::HierarchyMismatch, "17-04-01", 9, "x | y\nz"),
                    finding(Rule::StrayText, "", 10, "text outside any cell: \"<b>\""),
                ],
                ..Default::default()
            },
            lines: None,
        };
        let md = render(&[r], 1);
        assert!(md.contains("## a\\_b.txt\n"), "{md}");
        assert!(
            md.contains("| error | hierarchy-mismatch | 1 | `17-04-01` | 2 | 9 | x \\| y z |\n"),
            "{md}"
        );
        assert!(md.contains("\"\\<b\\>\""), "{md}");
        let rows = md.lines().filter(|l| l.starts_with("| ")).count();
        assert_eq!(rows, 3, "{md}");
        assert!(md.ends_with("could not be read**\n"), "{md}");
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let r = Checked {
            standard: Standard {
                source: "a\u{1b}]0;t\u{7}.txt".into(),
                findings: vec![finding(Rule::StrayText, "0\u{1b}1", 10, "x\u{1b}[2J\u{b}y")],
                ..Default::default()
            },
            lines: None,
        };
        let md = render(&[r], 0);
        assert!(
            !md.contains(|c: char| super::super::is_hostile(c)),
            "{md:?}"
        );
        assert!(md.contains("x␛\\[2J␋y"), "{md}");
        assert!(md.contains("`0␛1`"), "{md}");
    }

    #[test]
    fn clean_input_says_so() {
        let md = render(&[Checked::default()], 0);
        assert!(md.contains("No findings."), "{md}");
        assert!(!md.contains("| severity"), "{md}");
    }
}
