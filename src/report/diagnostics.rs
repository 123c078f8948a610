//! Findings as compiler diagnostics, rendered with `codespan-reporting`.
//!
//! Each finding becomes one diagnostic:
//!
//! ```text
//! error[hierarchy-mismatch]: competency `17-04-01` sits under work task `17-03` 粉丝管理
//!      ┌─ business-english-standards.txt:9:1021:1
//!      │
//! 1021 │ 17-04-01 …
//!      │ ^^^^^^^^ expected a code starting with 17-03
//!      │
//!      = help: move the row under the task its code names, or correct the code
//! ```
//!
//! The locus reads `file:page:line:column`. The header is the finding's statement
//! ([`Finding::statement`]), the label under its [`Finding::span`] is what was expected
//! ([`Finding::expected`], else a short label per rule), and the help is per rule. A PDF
//! has no lines to quote: its findings print without a snippet, the location as a note.
//! The renderer only lays out these fields; [`super::locate`] placed the spans.
//!
//! Every piece of text goes through [`Visible`] on its way out, so a control character of
//! the document (an escape sequence, U+000B, BEL) is shown ([`super::visible`]), never sent
//! to the terminal; the colours are set beside the text and stay real escapes.

use super::Checked;
use crate::model::{Finding, Rule, Severity, Span};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::termcolor::{Ansi, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};
use std::ops::Range;

/// All findings of one input, as diagnostics separated by blank lines.
pub fn render(checked: &Checked, color: bool) -> String {
    let mut buf = Vec::new();
    if color {
        emit_all(checked, &mut Visible(Ansi::new(&mut buf)));
    } else {
        emit_all(checked, &mut Visible(NoColor::new(&mut buf)));
    }
    // The renderer writes only UTF-8 built from our `String`s.
    String::from_utf8_lossy(&buf).into_owned()
}

fn emit_all(checked: &Checked, out: &mut dyn WriteColor) {
    let config = Config::default();
    let source = &checked.standard.source;
    for f in &checked.standard.findings {
        let line = checked.lines.as_ref().and_then(|lines| {
            let i = usize::try_from(f.loc.line).ok()?.checked_sub(1)?;
            lines.get(i)
        });
        let file = OneLine {
            name: format!("{source}:{}", f.loc.page),
            text: line.map_or("", String::as_str),
            number: f.loc.line as usize,
        };
        let course = f.course_no.and_then(|no| {
            let c = checked
                .standard
                .courses
                .iter()
                .find(|c| c.course_no == no)?;
            Some(format!("{no} 《{}》", c.name))
        });
        let course = course.or_else(|| f.course_no.map(|no| no.to_string()));
        let span = line.map(|l| f.span.unwrap_or_else(|| content(l)).range());
        let diagnostic = diagnostic(f, span, source, course.as_deref());
        // Writing into memory cannot fail, and a rendering error would only lose colour
        // or layout: fall back to one plain line rather than lose the finding.
        if term::emit_to_write_style(out, &config, &file, &diagnostic).is_err() {
            let _ = writeln!(
                out,
                "{}[{}]: {source}:{}:{}: {}",
                f.severity.as_str(),
                f.rule.as_str(),
                f.loc.page,
                f.loc.line,
                f.message
            );
        }
    }
}

/// A colour writer whose text is shown with [`super::visible`]; colour changes go to the
/// inner writer as they are.
struct Visible<W>(W);

impl<W: WriteColor> std::io::Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The renderer writes whole `str` pieces, so a chunk is valid UTF-8.
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(super::visible(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<W: WriteColor> WriteColor for Visible<W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

/// The diagnostic of finding `f` of file `source`; `span` is the byte range to underline in
/// its line, if the line is known; `course` names the course, if any.
pub fn diagnostic(
    f: &Finding,
    span: Option<Range<usize>>,
    source: &str,
    course: Option<&str>,
) -> Diagnostic<()> {
    let head = f.statement();
    let expected = f.expected.as_deref().unwrap_or(label(f.rule));
    let base = match f.severity {
        Severity::Error => Diagnostic::error(),
        Severity::Warning => Diagnostic::warning(),
    };
    let mut d = base.with_code(f.rule.as_str()).with_message(head);
    let mut notes = Vec::new();
    match span {
        Some(span) => d = d.with_labels(vec![Label::primary((), span).with_message(expected)]),
        None => {
            notes.push(format!(
                "at {source}:{}:{} (page {}, line {} of its text)",
                f.loc.page, f.loc.line, f.loc.page, f.loc.line
            ));
            notes.push(expected.to_string());
        }
    }
    if let Some(course) = course {
        notes.push(format!("in course {course}"));
    }
    notes.push(format!("help: {}", help(f.rule)));
    d.with_notes(notes)
}

/// The line's content without its surrounding blanks: what a finding not placed within
/// its line underlines.
fn content(line: &str) -> Span {
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len().max(start);
    Span { start, end }
}

/// A short label for the underlined text when the message says nothing more.
fn label(rule: Rule) -> &'static str {
    match rule {
        Rule::MalformedCode => "not a code",
        Rule::NonstandardCode => "written in a non-standard way",
        Rule::HierarchyMismatch => "does not start with its parent's code",
        Rule::MissingParent => "nothing above it",
        Rule::DuplicateCode => "seen before in this course",
        Rule::OutOfOrder => "out of order",
        Rule::EmptyText => "no text",
        Rule::TextConflict => "differs from the text in other courses",
        Rule::NameConflict => "differs from the name in other courses",
        Rule::StrayText => "belongs to no cell",
        Rule::UnmappedGlyphs => "no Unicode mapping",
        Rule::CategoryMismatch => "the ticked box disagrees with the title",
        Rule::AmbiguousWrap => "where this text ends the layout cannot tell",
        Rule::UnreadablePage => "the PDF reader could not interpret this page",
        Rule::UnreadableTextLayer => "this page's text layer is not readable text",
        Rule::TrackedChanges => "changes not accepted",
        Rule::NumberCode => "a code stored as a number",
        Rule::OcrUncertain => "read by OCR without certainty",
    }
}

/// What a reader can do about a finding of `rule`.
pub fn help(rule: Rule) -> &'static str {
    match rule {
        Rule::MalformedCode => {
            "write codes as two ASCII digits per part joined by `-`: 01, 01-02, 01-02-03"
        }
        Rule::NonstandardCode => {
            "use ASCII digits and `-` without spaces; the normalised code is used meanwhile"
        }
        Rule::HierarchyMismatch => {
            "move the row under the work task its code names, or correct the code"
        }
        Rule::MissingParent => {
            "every competency needs a work task, and every task a work project, above it"
        }
        Rule::DuplicateCode => "remove the repeated row, or correct its code",
        Rule::OutOfOrder => "sort the course's rows by code",
        Rule::EmptyText => "give the code its text, or remove the row",
        Rule::TextConflict => "a code means the same in every course: make its texts equal",
        Rule::NameConflict => "a code means the same in every course: make its names equal",
        Rule::StrayText => {
            "a leaked page number or a fragment the reader could not place: check this line"
        }
        Rule::UnmappedGlyphs => {
            "the PDF font has no Unicode map: export the PDF again with embedded fonts, or use a text dump"
        }
        Rule::CategoryMismatch => "tick the box of the category the title names",
        Rule::AmbiguousWrap => {
            "a wrapped fragment fits this cell and its neighbour equally well: check the cell against the PDF"
        }
        Rule::UnreadablePage => {
            "no rows were read from this page: check it in a viewer, or export the PDF again"
        }
        Rule::UnreadableTextLayer => {
            "the font lost its Unicode map (a re-distilled PDF?): export the PDF again from the source, or run OCR on the page"
        }
        Rule::TrackedChanges => {
            "accept or reject the tracked changes in Word (Review > Accept), then convert again"
        }
        Rule::NumberCode => {
            "format the code column as text in the workbook and type the codes with their zeros"
        }
        Rule::OcrUncertain => {
            "compare the cell with the page image and correct it if the reading is wrong"
        }
    }
}

/// A "file" of one line: the finding's line, named `source:page`, numbered as in the
/// input. Giving the renderer one line per diagnostic keeps it from ever needing the
/// rest of the dump.
struct OneLine<'a> {
    name: String,
    text: &'a str,
    number: usize,
}

impl<'a> Files<'a> for OneLine<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, files::Error> {
        Ok(self.text)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, files::Error> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _: usize) -> Result<usize, files::Error> {
        Ok(self.number)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, files::Error> {
        match line_index {
            0 => Ok(0..self.text.len()),
            given => Err(files::Error::LineTooLarge { given, max: 0 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::finding;
    use super::*;
    use crate::model::{Loc, Standard};

    /// A checked input, its findings placed in their lines as `check_file` does.
    fn checked(mut findings: Vec<Finding>, lines: Option<Vec<&str>>) -> Checked {
        let lines: Option<Vec<String>> = lines.map(|l| l.into_iter().map(String::from).collect());
        if let Some(lines) = &lines {
            crate::report::locate(&mut findings, lines);
        }
        Checked {
            standard: Standard {
                source: "s.txt".into(),
                findings,
                ..Default::default()
            },
            lines,
        }
    }

    #[test]
    fn underlines_the_code_with_the_expectation() {
        let mut f = finding(
            Rule::HierarchyMismatch,
            "17-04-01",
            3,
            "competency `17-04-01` sits under work task `17-03` X; expected a code starting with 17-03",
        );
        f.expected = Some("expected a code starting with 17-03".into());
        let text = render(
            &checked(
                vec![f],
                Some(vec!["a", "b", "17-03 粉丝管理 17-04-01 监控数据"]),
            ),
            false,
        );
        assert!(
            text.starts_with(
                "error[hierarchy-mismatch]: competency `17-04-01` sits under work task `17-03` X\n"
            ),
            "{text}"
        );
        assert!(text.contains("s.txt:2:3:"), "{text}");
        assert!(
            text.contains("3 │ 17-03 粉丝管理 17-04-01 监控数据"),
            "{text}"
        );
        // The carets sit under the code: `17-03 粉丝管理 ` is 15 columns wide (CJK double).
        let caret_line = text
            .lines()
            .find(|l| l.contains('^'))
            .expect("a caret line");
        let bar = caret_line.find('│').unwrap() + '│'.len_utf8() + 1;
        assert_eq!(
            &caret_line[bar..],
            format!(
                "{}{} expected a code starting with 17-03",
                " ".repeat(15),
                "^".repeat(8)
            )
        );
        assert!(text.contains("= help: move the row"), "{text}");
    }

    #[test]
    fn without_lines_the_location_is_a_note() {
        let f = finding(
            Rule::EmptyText,
            "01-01-01",
            7,
            "competency `01-01-01` has no text",
        );
        let text = render(&checked(vec![f.clone()], None), false);
        assert!(text.contains("= at s.txt:2:7"), "{text}");
        assert!(!text.contains('│'), "{text}");
        // A line number past the end of the dump is treated the same way.
        let text = render(&checked(vec![f], Some(vec!["x"])), false);
        assert!(text.contains("= at s.txt:2:7"), "{text}");
    }

    #[test]
    fn each_finding_one_diagnostic_in_order() {
        let a = finding(Rule::OutOfOrder, "01-01-02", 1, "a; codes should ascend");
        let mut b = finding(Rule::StrayText, "", 2, "text outside any cell: \"x\"");
        b.loc = Loc::new(3, 2);
        let text = render(&checked(vec![a, b], Some(vec!["01-01-02 t", "x"])), false);
        let first = text.find("warning[out-of-order]: a").unwrap();
        let second = text.find("warning[stray-text]").unwrap();
        assert!(first < second, "{text}");
        assert!(text.contains("s.txt:3:2:1"), "{text}");
    }

    #[test]
    fn control_characters_of_the_document_are_shown_colours_kept() {
        let mut f = finding(
            Rule::StrayText,
            "",
            1,
            "text outside any cell: \"\u{1b}[2J\"",
        );
        f.span = Some(Span { start: 0, end: 4 });
        let mut c = checked(vec![f], Some(vec!["\u{1b}[2J\u{b}\u{7}x"]));
        c.standard.source = "s\u{1b}]0;t\u{7}.txt".into();
        let plain = render(&c, false);
        assert!(!plain.contains(crate::report::is_hostile), "{plain:?}");
        assert!(plain.contains("1 │ ␛[2J␋␇x"), "{plain}");
        assert!(plain.contains("s␛]0;t␇.txt:2:1"), "{plain}");
        let coloured = render(&c, true);
        // Colours are the only escapes left: each ESC starts an SGR sequence `ESC [ … m`.
        for (i, _) in coloured.match_indices('\u{1b}') {
            let rest = &coloured[i + 1..];
            let sgr = rest.strip_prefix('[').and_then(|r| {
                let end = r.find('m')?;
                r[..end]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';')
                    .then_some(())
            });
            assert!(sgr.is_some(), "a non-colour escape at {i}: {coloured:?}");
        }
        assert!(coloured.contains("␛[2J"), "{coloured:?}");
    }
}
