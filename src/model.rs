//! Plain-data types shared by the pipeline stages.
//!
//! The parser ([`crate::parse`]) gives a [`ParsedDocument`]: courses and rows as the table
//! shows them, every code still as written, every piece carrying its [`Loc`]. The normaliser
//! ([`crate::normalise`]) turns that into a [`Standard`]: normalised codes, flat
//! [`Mapping`] rows and the [`Finding`]s. Exporters and the differ only read a `Standard`.

use serde::{Deserialize, Serialize};

/// Where a piece of text comes from: 1-based page and line.
///
/// For a text dump `line` is the line of the file and `page` is best effort (a line that
/// starts with one space usually starts a page). For a PDF `line` is the line within the
/// extracted text of that page.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Loc {
    pub page: u32,
    pub line: u32,
}

impl Loc {
    pub fn new(page: u32, line: u32) -> Self {
        Loc { page, line }
    }
}

/// A code exactly as the source prints it (`01-01-03`, `０１-01`, `0l-01`…), with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawCode {
    pub text: String,
    pub loc: Loc,
}

/// A coded cell of the table: a work project (工作项目) or work task (工作任务) label with
/// its name, or a competency (职业能力) with its text. `text` is the joined content of the
/// cell, wrapped fragments put back together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub code: RawCode,
    pub text: String,
}

/// One row of a course table as printed: the competency and the merged project and task
/// cells it sits in. `project`/`task` are `None` when the table shows no such cell above
/// the row (a `missing-parent` finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedRow {
    pub project: Option<Cell>,
    pub task: Option<Cell>,
    pub competency: Cell,
}

/// A course section (课程) as printed: title line, header block and table rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParsedCourse {
    /// The course number: the one before the title (`1.` → 1), else the course's place.
    #[serde(rename = "number")]
    pub course_no: u32,
    /// Category named in the title (`专业群平台课`).
    pub category: String,
    /// Categories ticked (☑) in the checkbox line, in the order printed.
    pub checked: Vec<String>,
    /// Course name (课程名称), from the header block, else from the title's 《》.
    pub name: String,
    /// School level printed before the checkboxes (`中职`).
    pub level: String,
    /// 主要教学内容及要求, wrapped lines joined.
    pub description: String,
    /// Location of the title line.
    pub loc: Loc,
    pub rows: Vec<ParsedRow>,
    /// Other labels of the header block, not content (`对接的职业能力` above a table).
    #[serde(default)]
    pub labels: Vec<String>,
}

/// Text the parser could place in no cell. Nothing is dropped: each becomes a
/// `stray-text` finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stray {
    pub text: String,
    pub loc: Loc,
    /// Course the text sits in, if any.
    #[serde(rename = "course")]
    pub course_no: Option<u32>,
}

/// Text that the source font could not map to Unicode (U+FFFD or private use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmapped {
    pub text: String,
    pub loc: Loc,
    pub detail: String,
}

/// A cell whose text the layout did not settle: a wrapped fragment fitted this cell and
/// a neighbouring one equally well, and no other course printed the code plainly. The
/// cell holds the parser's best reading; an `ambiguous-wrap` finding asks a person to
/// check it against the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doubt {
    #[serde(rename = "course")]
    pub course_no: u32,
    /// The column the cell stands in.
    pub column: crate::vocab::Level,
    pub code: RawCode,
    /// The text as read.
    pub text: String,
}

/// Output of the parse stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParsedDocument {
    /// The document's own title (first line), if any.
    pub title: String,
    pub courses: Vec<ParsedCourse>,
    pub strays: Vec<Stray>,
    pub unmapped: Vec<Unmapped>,
    /// Number of pages seen.
    pub pages: u32,
    /// Cells the layout left undecided (text dumps only).
    #[serde(default)]
    pub doubts: Vec<Doubt>,
    /// What a reader noticed about the source itself: unaccepted tracked changes and codes
    /// stored as numbers (originals), PDF pages that gave no rows because they cannot be
    /// read (`unreadable-page`, `unreadable-text-layer`).
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// A finding a reader raises about its source (see [`ParsedDocument::notes`]); the
/// normaliser passes it on as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub rule: Rule,
    #[serde(rename = "course")]
    pub course_no: Option<u32>,
    /// The code as written, or empty.
    pub code: String,
    pub loc: Loc,
    /// What was found.
    pub statement: String,
    /// What compmap read instead, when it says (the message's `; …` part).
    pub expected: Option<String>,
}

/// A course (课程) of the standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    /// The course number (`course_no` everywhere; `no` in the JSON output).
    #[serde(rename = "no")]
    pub course_no: u32,
    /// 专业群平台课 / 专业基础课 / 专业核心课 (or whatever the document names).
    pub category: String,
    pub name: String,
    pub level: String,
    pub description: String,
    pub loc: Loc,
    /// Other labels of the header block, kept so nothing is dropped silently
    /// (`对接的职业能力` above a table).
    #[serde(default)]
    pub labels: Vec<String>,
}

/// One course × competency mapping row, codes normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub course_no: u32,
    pub project_code: String,
    pub project_name: String,
    pub task_code: String,
    pub task_name: String,
    pub competency_code: String,
    pub competency_text: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The finding rules of CONTRACT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    MalformedCode,
    NonstandardCode,
    HierarchyMismatch,
    MissingParent,
    DuplicateCode,
    OutOfOrder,
    EmptyText,
    TextConflict,
    NameConflict,
    StrayText,
    UnmappedGlyphs,
    /// Not in CONTRACT.md's list (an extension): the ticked box disagrees with the title.
    CategoryMismatch,
    /// Not in CONTRACT.md's list (an extension): a text dump's layout fits a wrapped
    /// fragment to two cells equally well, and nothing else in the document settles it.
    AmbiguousWrap,
    /// A PDF page the reader cannot interpret (bad content stream, missing resources):
    /// no rows from it; the other pages convert.
    UnreadablePage,
    /// A PDF page whose text layer is unreadable for one of its fonts (unmapped, private-use,
    /// control or foreign-script characters past a threshold): no rows from it.
    UnreadableTextLayer,
    /// Not in CONTRACT.md's original list (an extension): a Word document with tracked
    /// changes nobody accepted, read as if accepted; one per course.
    TrackedChanges,
    /// Not in CONTRACT.md's original list (an extension): a workbook stores a code as a
    /// number (`1`, `1.1`), losing its zeros; the code is read back by its level.
    NumberCode,
    /// A cell read by OCR whose reading is not certain (a character read with low
    /// confidence): page, line and the cell's box.
    OcrUncertain,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::MalformedCode,
        Rule::NonstandardCode,
        Rule::HierarchyMismatch,
        Rule::MissingParent,
        Rule::DuplicateCode,
        Rule::OutOfOrder,
        Rule::EmptyText,
        Rule::TextConflict,
        Rule::NameConflict,
        Rule::StrayText,
        Rule::UnmappedGlyphs,
        Rule::CategoryMismatch,
        Rule::AmbiguousWrap,
        Rule::UnreadablePage,
        Rule::UnreadableTextLayer,
        Rule::TrackedChanges,
        Rule::NumberCode,
        Rule::OcrUncertain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MalformedCode => "malformed-code",
            Rule::NonstandardCode => "nonstandard-code",
            Rule::HierarchyMismatch => "hierarchy-mismatch",
            Rule::MissingParent => "missing-parent",
            Rule::DuplicateCode => "duplicate-code",
            Rule::OutOfOrder => "out-of-order",
            Rule::EmptyText => "empty-text",
            Rule::TextConflict => "text-conflict",
            Rule::NameConflict => "name-conflict",
            Rule::StrayText => "stray-text",
            Rule::UnmappedGlyphs => "unmapped-glyphs",
            Rule::CategoryMismatch => "category-mismatch",
            Rule::AmbiguousWrap => "ambiguous-wrap",
            Rule::UnreadablePage => "unreadable-page",
            Rule::UnreadableTextLayer => "unreadable-text-layer",
            Rule::TrackedChanges => "tracked-changes",
            Rule::NumberCode => "number-code",
            Rule::OcrUncertain => "ocr-uncertain",
        }
    }

    /// The severity CONTRACT.md gives the rule.
    pub fn severity(self) -> Severity {
        match self {
            Rule::NonstandardCode
            | Rule::OutOfOrder
            | Rule::TextConflict
            | Rule::NameConflict
            | Rule::StrayText
            | Rule::CategoryMismatch
            | Rule::AmbiguousWrap
            | Rule::TrackedChanges
            | Rule::NumberCode
            | Rule::OcrUncertain => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// A validation finding, pointing at its source.
///
/// `message` is the whole sentence the output files carry. The structure a renderer needs
/// is in fields of its own, so nothing has to be parsed back out of the text: `expected`
/// (what should have been there) and `span` (what to underline in the line). Both are
/// left out of the serialised form, which stays `severity`…`message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: Rule,
    pub course_no: Option<u32>,
    /// The code as written in the source (empty when the finding is about no code).
    pub code: String,
    pub loc: Loc,
    pub message: String,
    /// What was expected instead (`expected NN-NN`, ``read as `01-02` ``), when the finding
    /// says so; `message` then ends with `; ` and this text (see [`Finding::statement`]).
    #[serde(skip)]
    pub expected: Option<String>,
    /// The part of line `loc.line` the finding is about, when that line is known (text
    /// dumps, once [`crate::report::check_file`] has placed it).
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Finding {
    /// The message without its expectation: what was found.
    pub fn statement(&self) -> &str {
        self.expected
            .as_deref()
            .and_then(|e| self.message.strip_suffix(e)?.strip_suffix("; "))
            .unwrap_or(&self.message)
    }
}

/// A range of one line of the source, in **bytes** from the start of the line (`start`
/// inclusive, `end` exclusive), both on `char` boundaries: what a finding underlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The whole validated standard: what exporters and the differ consume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Standard {
    /// File name of the source (no directory), for reports.
    pub source: String,
    pub title: String,
    pub pages: u32,
    pub courses: Vec<Course>,
    pub mappings: Vec<Mapping>,
    pub findings: Vec<Finding>,
}

/// A distinct competency of the catalogue, with the courses that train it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub competency_code: String,
    pub competency_text: String,
    pub task_code: String,
    pub task_name: String,
    pub project_code: String,
    pub project_name: String,
    /// Course numbers, ascending, without repeats.
    pub courses: Vec<u32>,
}

impl Standard {
    /// Distinct competencies by code (ascending), each described by its first mapping row.
    pub fn catalogue(&self) -> Vec<CatalogueEntry> {
        let mut by_code: std::collections::BTreeMap<&str, CatalogueEntry> = Default::default();
        for m in &self.mappings {
            let e = by_code
                .entry(m.competency_code.as_str())
                .or_insert_with(|| CatalogueEntry {
                    competency_code: m.competency_code.clone(),
                    competency_text: m.competency_text.clone(),
                    task_code: m.task_code.clone(),
                    task_name: m.task_name.clone(),
                    project_code: m.project_code.clone(),
                    project_name: m.project_name.clone(),
                    courses: Vec::new(),
                });
            if !e.courses.contains(&m.course_no) {
                e.courses.push(m.course_no);
            }
        }
        by_code
            .into_values()
            .map(|mut e| {
                e.courses.sort_unstable();
                e
            })
            .collect()
    }

    /// Number of mapping rows of a course.
    pub fn competency_count(&self, course_no: u32) -> usize {
        self.mappings
            .iter()
            .filter(|m| m.course_no == course_no)
            .count()
    }

    /// Findings of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
