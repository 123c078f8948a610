//! Stage 3: normalise codes and validate.
//!
//! Takes a [`ParsedDocument`] (codes as written); gives a [`Standard`]: courses, flat
//! mapping rows with normalised codes (a malformed code is kept as written, or as its
//! recovered reading), and every [`Finding`] of CONTRACT.md's rules with the page and line
//! of the code or text it concerns. Rows are never dropped or moved: a competency under the
//! wrong task stays there and is reported.

use crate::model::*;
use crate::vocab::code::{self, Code, CodeForm, Level};
use std::collections::{BTreeMap, HashSet};

/// Turn parsed courses into a [`Standard`] with normalised codes and findings.
pub fn normalise(doc: ParsedDocument, source_name: &str) -> Standard {
    let mut v = Validator::default();
    let mut courses = Vec::new();
    let mut mappings = Vec::new();
    for course in &doc.courses {
        courses.push(Course {
            course_no: course.course_no,
            category: category(course),
            name: course.name.clone(),
            level: course.level.clone(),
            description: course.description.clone(),
            loc: course.loc,
            labels: course.labels.clone(),
        });
        let named = category(course);
        if !course.checked.is_empty() && !course.checked.contains(&named) {
            v.push(
                Rule::CategoryMismatch,
                Some(course.course_no),
                "",
                course.loc,
                format!(
                    "the title names the category {named} but the box ticked is {}",
                    course.checked.join(", ")
                ),
            );
        }
        v.course(course, &mut mappings);
    }
    v.conflicts(&mappings);
    for d in &doc.doubts {
        v.push(
            Rule::AmbiguousWrap,
            Some(d.course_no),
            &d.code.text,
            d.code.loc,
            format!(
                "a wrapped fragment fits this {} and the cell beside it equally well, and no \
                 other course settles it: read as \"{}\"",
                d.column.cell_noun(),
                d.text
            ),
        );
    }
    for stray in &doc.strays {
        v.push(
            Rule::StrayText,
            stray.course_no,
            "",
            stray.loc,
            format!("text outside any cell: \"{}\"", stray.text),
        );
    }
    for n in &doc.notes {
        match &n.expected {
            Some(e) => v.push_expecting(
                n.rule,
                n.course_no,
                &n.code,
                n.loc,
                (n.statement.clone(), e.clone()),
            ),
            None => v.push(n.rule, n.course_no, &n.code, n.loc, n.statement.clone()),
        }
    }
    for u in &doc.unmapped {
        v.push(
            Rule::UnmappedGlyphs,
            None,
            "",
            u.loc,
            format!(
                "text the PDF font cannot map to Unicode ({}): \"{}\"",
                u.detail, u.text
            ),
        );
    }
    v.hyphen_like_dashes();
    let mut findings = v.findings;
    findings.sort_by(|a, b| {
        (a.loc, a.rule, &a.code, &a.message).cmp(&(b.loc, b.rule, &b.code, &b.message))
    });
    Standard {
        source: source_name.to_string(),
        title: doc.title,
        pages: doc.pages,
        courses,
        mappings,
        findings,
    }
}

/// The title names the category; the ticked box is the fallback.
fn category(course: &ParsedCourse) -> String {
    if !course.category.is_empty() {
        course.category.clone()
    } else {
        course.checked.first().cloned().unwrap_or_default()
    }
}

/// The code to put in a cell: normalised when readable, else as written.
fn cell_code(written: &str) -> (String, Option<Code>) {
    match code::classify(written) {
        Some(code) => {
            let text = match &code.form {
                CodeForm::Malformed {
                    recovered: Some(r), ..
                } => r.clone(),
                CodeForm::Malformed { recovered: None } => written.to_string(),
                _ => code.normalised.clone(),
            };
            (text, Some(code))
        }
        None => (written.to_string(), None),
    }
}

/// What makes a readable code nonstandard, in a finding's words.
fn nonstandard_writing(written: &str) -> String {
    if written.chars().any(code::is_zero_width) {
        let points: Vec<String> = written
            .chars()
            .filter(|&c| code::is_zero_width(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        format!("invisible characters ({}) inside it", points.join(", "))
    } else if written.contains(['.', '．', '_', '＿']) {
        "dots or underscores between its parts".to_string()
    } else {
        "full-width digits, other dashes or spaces".to_string()
    }
}

fn has_unmapped(text: &str) -> bool {
    text.chars().any(crate::vocab::lexicon::is_unmapped)
}

/// The first code written some way: course, code as written, location.
type FirstCode = (u32, String, Loc);

#[derive(Default)]
struct Validator {
    findings: Vec<Finding>,
    /// Cells already checked (level, location), so a merged cell is reported once.
    seen_cells: HashSet<(Level, Loc)>,
    seen_pairs: HashSet<(Loc, Loc)>,
    /// Codes written with a dash that reads as a hyphen ([`CodeForm::HyphenLike`]), per
    /// dash character: how many, and the first one (course, code as written, location).
    hyphen_like: BTreeMap<char, (usize, Option<FirstCode>)>,
    /// Cell texts holding each dash that reads as a hyphen (kept as written: a text's own
    /// characters are the text's).
    hyphen_like_texts: BTreeMap<char, usize>,
}

impl Validator {
    fn push(&mut self, rule: Rule, course: Option<u32>, code: &str, loc: Loc, message: String) {
        self.findings.push(Finding {
            severity: rule.severity(),
            rule,
            course_no: course,
            code: code.to_string(),
            loc,
            message,
            expected: None,
            span: None,
        });
    }

    /// A finding that says what was expected: its message is `<statement>; <expected>`.
    fn push_expecting(
        &mut self,
        rule: Rule,
        course: Option<u32>,
        code: &str,
        loc: Loc,
        (statement, expected): (String, String),
    ) {
        self.push(rule, course, code, loc, format!("{statement}; {expected}"));
        if let Some(f) = self.findings.last_mut() {
            f.expected = Some(expected);
        }
    }

    /// Check one cell's code and text (once per cell).
    fn cell(&mut self, level: Level, cell: &Cell, course: u32) -> Option<Code> {
        let (_, code) = cell_code(&cell.code.text);
        if !self.seen_cells.insert((level, cell.code.loc)) {
            return code;
        }
        let what = level.noun();
        let written = cell.code.text.as_str();
        let loc = cell.code.loc;
        match &code {
            None => self.push_expecting(
                Rule::MalformedCode,
                Some(course),
                written,
                loc,
                (
                    format!("`{written}` cannot be read as a {what} code"),
                    format!("expected {}", level.pattern()),
                ),
            ),
            Some(c) => match &c.form {
                CodeForm::Standard => {}
                CodeForm::HyphenLike { dash } => {
                    let (n, first) = self.hyphen_like.entry(*dash).or_default();
                    *n += 1;
                    if first.as_ref().is_none_or(|(_, _, at)| loc < *at) {
                        *first = Some((course, written.to_string(), loc));
                    }
                }
                CodeForm::Nonstandard => self.push_expecting(
                    Rule::NonstandardCode,
                    Some(course),
                    written,
                    loc,
                    (
                        format!(
                            "{what} code `{written}` is written with {}",
                            nonstandard_writing(written)
                        ),
                        format!("read as `{}`", c.normalised),
                    ),
                ),
                CodeForm::Malformed { recovered } => {
                    let hint = match recovered {
                        Some(r) => format!(" (letters for digits? read as `{r}`)"),
                        None => String::new(),
                    };
                    self.push_expecting(
                        Rule::MalformedCode,
                        Some(course),
                        written,
                        loc,
                        (
                            format!("`{written}` cannot be read as a {what} code"),
                            format!(
                                "expected {} with two digits per part{hint}",
                                level.pattern()
                            ),
                        ),
                    );
                }
            },
        }
        if code.as_ref().is_some_and(|c| c.level != level) {
            self.push_expecting(
                Rule::MalformedCode,
                Some(course),
                written,
                loc,
                (
                    format!(
                        "`{written}` stands in the {what} column but has the shape of a {} code",
                        code.as_ref().map_or(Level::Project, |c| c.level).noun()
                    ),
                    format!("expected {}", level.pattern()),
                ),
            );
        }
        let mut dashes: Vec<char> = cell
            .text
            .chars()
            .filter(|&c| code::reads_as_hyphen(c))
            .collect();
        dashes.sort_unstable();
        dashes.dedup();
        for c in dashes {
            *self.hyphen_like_texts.entry(c).or_default() += 1;
        }
        if cell.text.trim().is_empty() {
            let part = if level.is_named() { "name" } else { "text" };
            self.push(
                Rule::EmptyText,
                Some(course),
                written,
                loc,
                format!("{what} `{written}` has no {part}"),
            );
        }
        if has_unmapped(&cell.text) {
            self.push(
                Rule::UnmappedGlyphs,
                Some(course),
                written,
                loc,
                format!(
                    "the {what} text holds characters without a Unicode mapping: \"{}\"",
                    cell.text
                ),
            );
        }
        code
    }

    /// One `nonstandard-code` warning per dash character that codes are written with where
    /// a reader sees a hyphen, at the first such code: a document whose font maps its
    /// hyphen to U+2011 writes every code that way, and one finding says it all.
    fn hyphen_like_dashes(&mut self) {
        for (dash, (n, first)) in std::mem::take(&mut self.hyphen_like) {
            let Some((course, written, loc)) = first else {
                continue;
            };
            let codes = if n == 1 { "code is" } else { "codes are" };
            let texts = match self.hyphen_like_texts.get(&dash).copied().unwrap_or(0) {
                0 => String::new(),
                1 => "; 1 text holds it too, kept as written".to_string(),
                t => format!("; {t} texts hold it too, kept as written"),
            };
            self.push_expecting(
                Rule::NonstandardCode,
                Some(course),
                &written,
                loc,
                (
                    format!(
                        "{n} {codes} written with U+{:04X} ({}) `{dash}` where the hyphen \
                         belongs, first `{written}`",
                        dash as u32,
                        code::dash_name(dash)
                    ),
                    format!(
                        "it reads as a hyphen: read as `{}`{texts}",
                        code::classify(&written).map_or(written.clone(), |c| c.normalised)
                    ),
                ),
            );
        }
    }

    /// A child whose code does not start with its parent's code.
    fn hierarchy(
        &mut self,
        parent: &Cell,
        pcode: &Code,
        child: &Cell,
        ccode: &Code,
        level: Level,
        course: u32,
    ) {
        if pcode.is_prefix_of(ccode) || !self.seen_pairs.insert((parent.code.loc, child.code.loc)) {
            return;
        }
        let written = &child.code.text;
        self.push_expecting(
            Rule::HierarchyMismatch,
            Some(course),
            written,
            child.code.loc,
            (
                format!(
                    "{} `{written}` sits under {} `{}` {}",
                    level.noun(),
                    level.parent().unwrap_or(level).noun(),
                    pcode.normalised,
                    parent.text,
                ),
                format!("expected a code starting with {}", pcode.normalised),
            ),
        );
    }

    fn course(&mut self, course: &ParsedCourse, mappings: &mut Vec<Mapping>) {
        let no = course.course_no;
        let mut seen: BTreeMap<String, Loc> = BTreeMap::new();
        let mut previous: Option<(String, Loc)> = None;
        for row in &course.rows {
            let comp = &row.competency;
            let ccode = self.cell(Level::Competency, comp, no);
            let pcode = row
                .project
                .as_ref()
                .and_then(|p| self.cell(Level::Project, p, no));
            let tcode = row
                .task
                .as_ref()
                .and_then(|t| self.cell(Level::Task, t, no));
            if let (Some(t), Some(tc), Some(cc)) = (&row.task, &tcode, &ccode) {
                self.hierarchy(t, tc, comp, cc, Level::Competency, no);
            }
            if let (Some(p), Some(pc), Some(t), Some(tc)) =
                (&row.project, &pcode, &row.task, &tcode)
            {
                self.hierarchy(p, pc, t, tc, Level::Task, no);
            }
            let written = comp.code.text.as_str();
            if row.task.is_none() {
                self.push(
                    Rule::MissingParent,
                    Some(no),
                    written,
                    comp.code.loc,
                    format!("competency `{written}` has no work task (工作任务) above it"),
                );
            }
            if row.project.is_none() {
                if let Some(t) = &row.task {
                    if self.seen_pairs.insert((Loc::default(), t.code.loc)) {
                        self.push(
                            Rule::MissingParent,
                            Some(no),
                            &t.code.text,
                            t.code.loc,
                            format!(
                                "work task `{}` has no work project (工作项目) above it",
                                t.code.text
                            ),
                        );
                    }
                } else {
                    self.push(
                        Rule::MissingParent,
                        Some(no),
                        written,
                        comp.code.loc,
                        format!("competency `{written}` has no work project (工作项目) above it"),
                    );
                }
            }
            let (code, _) = cell_code(written);
            if let Some(first) = seen.get(&code) {
                self.push_expecting(
                    Rule::DuplicateCode,
                    Some(no),
                    written,
                    comp.code.loc,
                    (
                        format!("competency `{code}` appears twice in course {no}"),
                        format!("first at line {}", first.line),
                    ),
                );
            } else {
                seen.insert(code.clone(), comp.code.loc);
                if let Some((prev, _)) = &previous {
                    if ccode
                        .as_ref()
                        .is_some_and(|c| !matches!(c.form, CodeForm::Malformed { .. }))
                        && code < *prev
                    {
                        self.push_expecting(
                            Rule::OutOfOrder,
                            Some(no),
                            written,
                            comp.code.loc,
                            (
                                format!("competency `{code}` comes after `{prev}`"),
                                "codes should ascend within a course".to_string(),
                            ),
                        );
                    }
                }
                if ccode
                    .as_ref()
                    .is_some_and(|c| !matches!(c.form, CodeForm::Malformed { .. }))
                {
                    previous = Some((code.clone(), comp.code.loc));
                }
            }
            mappings.push(Mapping {
                course_no: no,
                project_code: row
                    .project
                    .as_ref()
                    .map(|p| cell_code(&p.code.text).0)
                    .unwrap_or_default(),
                project_name: row
                    .project
                    .as_ref()
                    .map(|p| p.text.clone())
                    .unwrap_or_default(),
                task_code: row
                    .task
                    .as_ref()
                    .map(|t| cell_code(&t.code.text).0)
                    .unwrap_or_default(),
                task_name: row
                    .task
                    .as_ref()
                    .map(|t| t.text.clone())
                    .unwrap_or_default(),
                competency_code: code,
                competency_text: comp.text.clone(),
                loc: comp.code.loc,
            });
        }
    }

    /// The same code with different texts or names across courses.
    fn conflicts(&mut self, mappings: &[Mapping]) {
        type Key<'m> = (Level, &'m str);
        let mut variants: BTreeMap<Key<'_>, Vec<(&str, u32, Loc)>> = BTreeMap::new();
        for m in mappings {
            for (level, code, text) in [
                (
                    Level::Project,
                    m.project_code.as_str(),
                    m.project_name.as_str(),
                ),
                (Level::Task, m.task_code.as_str(), m.task_name.as_str()),
                (
                    Level::Competency,
                    m.competency_code.as_str(),
                    m.competency_text.as_str(),
                ),
            ] {
                if code.is_empty() {
                    continue;
                }
                let v = variants.entry((level, code)).or_default();
                if !v.iter().any(|(t, c, _)| *t == text && *c == m.course_no) {
                    v.push((text, m.course_no, m.loc));
                }
            }
        }
        for ((level, code), v) in variants {
            let first = v[0].0;
            let mut reported: HashSet<&str> = HashSet::new();
            for &(text, course, loc) in &v {
                if text == first || !reported.insert(text) {
                    continue;
                }
                let first_courses: Vec<String> = v
                    .iter()
                    .filter(|(t, _, _)| *t == first)
                    .map(|(_, c, _)| c.to_string())
                    .collect();
                let (rule, what) = if !level.is_named() {
                    (Rule::TextConflict, "text")
                } else {
                    (Rule::NameConflict, "name")
                };
                self.push(
                    rule,
                    Some(course),
                    code,
                    loc,
                    format!(
                        "{} `{code}` has the {what} \"{text}\" in course {course} but \"{first}\" in course {}",
                        level.noun(),
                        first_courses.join(", ")
                    ),
                );
            }
        }
    }
}
