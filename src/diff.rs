//! Stage 5: compare two revisions of a standard.
//!
//! Takes two [`Standard`]s (an older and a newer revision); gives a [`Diff`]: a flat,
//! ordered list of [`Change`]s, and [`summary`], the short text `compmap diff` prints.
//! Writing a diff as `<old>--<new>.diff.csv` and `.diff.xlsx` is
//! [`crate::export::diff`]'s job.
//!
//! Identity rules (CONTRACT.md, "Files written by diff"):
//! - Courses are matched by name. Course numbers shift between years and are not identity.
//!   Old and new courses left unmatched are paired as `renamed` when their competency sets
//!   overlap strongly (Jaccard index at least [`RENAME_THRESHOLD`]), best overlap first.
//! - Projects, tasks and competencies are matched by code across the whole standard; each
//!   code is described by its first definition in document order.
//! - Mapping rows are (course, competency code) pairs, compared per matched course; a code
//!   printed several times in one course is compared occurrence by occurrence in document
//!   order, an occurrence only in one revision being an added or removed mapping row.
//! - A competency's text is compared per course occurrence: in each matched course that maps
//!   the code in both revisions. When the text changed in some of those courses but not in
//!   all, the edit is local to those courses: each is one `changed mapping text` row naming
//!   the course, and no competency row. Otherwise (changed in every course that maps it, or
//!   only the first definition differs) one `changed competency text` row with the first
//!   definitions, plus a mapping row for each course whose change differs from that one.
//!
//! Order of the changes, so that the same two inputs always give the same report: by kind
//! (course, project, task, competency, mapping); courses in the new revision's order, then
//! the removed courses in the old revision's order; projects, tasks and competencies by code;
//! mapping rows course by course in that same course order, then by code.

use crate::model::Standard;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Minimum Jaccard index of two courses' competency sets for an unmatched pair to count as
/// one renamed course. At one half, most of what either course trains is shared: a rename
/// with some revision, not two different courses.
pub const RENAME_THRESHOLD: (usize, usize) = (1, 2);

/// What happened to an item between the two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeType {
    Added,
    Removed,
    Changed,
    Renamed,
    Moved,
}

impl ChangeType {
    pub const ALL: [ChangeType; 5] = [
        ChangeType::Added,
        ChangeType::Removed,
        ChangeType::Changed,
        ChangeType::Renamed,
        ChangeType::Moved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Added => "added",
            ChangeType::Removed => "removed",
            ChangeType::Changed => "changed",
            ChangeType::Renamed => "renamed",
            ChangeType::Moved => "moved",
        }
    }
}

/// What kind of item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Course,
    Project,
    Task,
    Competency,
    Mapping,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Course,
        Kind::Project,
        Kind::Task,
        Kind::Competency,
        Kind::Mapping,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::Project => "project",
            Kind::Task => "task",
            Kind::Competency => "competency",
            Kind::Mapping => "mapping",
        }
    }
}

/// One row of the diff report.
///
/// - `course`: the course name for course and mapping rows (the new revision's name when
///   the course exists there), else empty.
/// - `code`: the code for project, task, competency and mapping rows, else empty.
/// - `field`: what changed (`name`, `text`, `task`, `category`, `description`, `level`);
///   empty for added and removed courses and mapping rows.
/// - `old`/`new`: the values before and after; for an added item `new` holds its
///   name or text and `old` is empty, and the other way round for a removed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub change: ChangeType,
    pub kind: Kind,
    pub course: String,
    pub code: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The changes between two revisions, in the order described in the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Diff {
    /// Source file name of the old revision.
    pub old_source: String,
    /// Source file name of the new revision.
    pub new_source: String,
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Number of changes of one kind and type.
    pub fn count(&self, kind: Kind, change: ChangeType) -> usize {
        self.changes
            .iter()
            .filter(|c| c.kind == kind && c.change == change)
            .count()
    }
}

/// Compare two revisions.
pub fn diff(old: &Standard, new: &Standard) -> Diff {
    let mut changes = Vec::new();
    let pairs = match_courses(old, new);
    diff_courses(old, new, &pairs, &mut changes);
    diff_coded(
        Kind::Project,
        "name",
        &projects(old),
        &projects(new),
        &mut changes,
    );
    diff_coded(Kind::Task, "name", &tasks(old), &tasks(new), &mut changes);
    let edits = text_edits(old, new, &pairs);
    diff_competencies(old, new, &edits, &mut changes);
    diff_mappings(old, new, &pairs, &edits, &mut changes);
    Diff {
        old_source: old.source.clone(),
        new_source: new.source.clone(),
        changes,
    }
}

/// How old and new courses correspond, as indices into `courses`.
struct CoursePairs {
    /// For each new course, the old course it continues, if any, and whether by rename.
    new_to_old: Vec<Option<(usize, bool)>>,
    /// Old courses with no new counterpart, in old order.
    removed: Vec<usize>,
}

fn match_courses(old: &Standard, new: &Standard) -> CoursePairs {
    let mut new_to_old: Vec<Option<(usize, bool)>> = vec![None; new.courses.len()];
    let mut old_taken = vec![false; old.courses.len()];

    // Same name: pair in document order, so a name printed twice pairs first with first.
    for (ni, nc) in new.courses.iter().enumerate() {
        let name = nc.name.trim();
        if let Some(oi) =
            (0..old.courses.len()).find(|&oi| !old_taken[oi] && old.courses[oi].name.trim() == name)
        {
            old_taken[oi] = true;
            new_to_old[ni] = Some((oi, false));
        }
    }

    // Renames: among the leftovers, best overlap first. Ratios are compared exactly
    // (cross-multiplied), ties broken by old then new document position.
    let old_sets: Vec<BTreeSet<&str>> = (0..old.courses.len())
        .map(|i| course_codes(old, i))
        .collect();
    let new_sets: Vec<BTreeSet<&str>> = (0..new.courses.len())
        .map(|i| course_codes(new, i))
        .collect();
    let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new(); // (inter, union, oi, ni)
    for oi in (0..old.courses.len()).filter(|&i| !old_taken[i]) {
        for ni in (0..new.courses.len()).filter(|&i| new_to_old[i].is_none()) {
            let inter = old_sets[oi].intersection(&new_sets[ni]).count();
            let union = old_sets[oi].len() + new_sets[ni].len() - inter;
            let (num, den) = RENAME_THRESHOLD;
            if inter > 0 && inter * den >= num * union {
                candidates.push((inter, union, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| {
        (b.0 * a.1)
            .cmp(&(a.0 * b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    for (_, _, oi, ni) in candidates {
        if !old_taken[oi] && new_to_old[ni].is_none() {
            old_taken[oi] = true;
            new_to_old[ni] = Some((oi, true));
        }
    }

    let removed = (0..old.courses.len()).filter(|&i| !old_taken[i]).collect();
    CoursePairs {
        new_to_old,
        removed,
    }
}

/// Mapping rows are tied to a course by its number; a number printed twice in one
/// revision ties the rows to the first course that carries it.
fn owns_rows(std: &Standard, index: usize) -> bool {
    let no = std.courses[index].course_no;
    std.courses.iter().position(|c| c.course_no == no) == Some(index)
}

/// Competency codes mapped to the course at `index`.
fn course_codes(std: &Standard, index: usize) -> BTreeSet<&str> {
    if !owns_rows(std, index) {
        return BTreeSet::new();
    }
    let no = std.courses[index].course_no;
    std.mappings
        .iter()
        .filter(|m| m.course_no == no)
        .map(|m| m.competency_code.as_str())
        .collect()
}

/// The texts of each competency code of a course, in document order: a code printed
/// several times in one course (a `duplicate-code` error) keeps every occurrence, so each
/// is compared with the occurrence in the same place of the other revision.
fn course_rows(std: &Standard, index: usize) -> Rows<'_> {
    let mut rows: Rows = BTreeMap::new();
    if !owns_rows(std, index) {
        return rows;
    }
    let no = std.courses[index].course_no;
    for m in std.mappings.iter().filter(|m| m.course_no == no) {
        rows.entry(m.competency_code.as_str())
            .or_default()
            .push(m.competency_text.as_str());
    }
    rows
}

/// Competency code → its texts in one course, in document order.
type Rows<'a> = BTreeMap<&'a str, Vec<&'a str>>;

fn course_change(change: ChangeType, course: &str, field: &str, old: &str, new: &str) -> Change {
    Change {
        change,
        kind: Kind::Course,
        course: course.to_string(),
        code: String::new(),
        field: field.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    }
}

fn diff_courses(old: &Standard, new: &Standard, pairs: &CoursePairs, out: &mut Vec<Change>) {
    for (ni, nc) in new.courses.iter().enumerate() {
        match pairs.new_to_old[ni] {
            None => out.push(course_change(ChangeType::Added, &nc.name, "", "", "")),
            Some((oi, renamed)) => {
                let oc = &old.courses[oi];
                if renamed {
                    out.push(course_change(
                        ChangeType::Renamed,
                        &nc.name,
                        "name",
                        &oc.name,
                        &nc.name,
                    ));
                }
                let fields = [
                    ("category", &oc.category, &nc.category),
                    ("description", &oc.description, &nc.description),
                    ("level", &oc.level, &nc.level),
                ];
                for (field, before, after) in fields {
                    if before != after {
                        out.push(course_change(
                            ChangeType::Changed,
                            &nc.name,
                            field,
                            before,
                            after,
                        ));
                    }
                }
            }
        }
    }
    for &oi in &pairs.removed {
        out.push(course_change(
            ChangeType::Removed,
            &old.courses[oi].name,
            "",
            "",
            "",
        ));
    }
}

/// Code → name of every project, first definition wins.
fn projects(std: &Standard) -> BTreeMap<&str, &str> {
    let mut map = BTreeMap::new();
    for m in &std.mappings {
        map.entry(m.project_code.as_str())
            .or_insert(m.project_name.as_str());
    }
    map.remove("");
    map
}

/// Code → name of every task, first definition wins.
fn tasks(std: &Standard) -> BTreeMap<&str, &str> {
    let mut map = BTreeMap::new();
    for m in &std.mappings {
        map.entry(m.task_code.as_str())
            .or_insert(m.task_name.as_str());
    }
    map.remove("");
    map
}

fn coded_change(
    change: ChangeType,
    kind: Kind,
    code: &str,
    field: &str,
    old: &str,
    new: &str,
) -> Change {
    Change {
        change,
        kind,
        course: String::new(),
        code: code.to_string(),
        field: field.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    }
}

/// Added, removed and changed entries of two code → value maps, by code.
fn diff_coded(
    kind: Kind,
    field: &str,
    old: &BTreeMap<&str, &str>,
    new: &BTreeMap<&str, &str>,
    out: &mut Vec<Change>,
) {
    let codes: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for code in codes {
        match (old.get(code), new.get(code)) {
            (Some(o), None) => {
                out.push(coded_change(ChangeType::Removed, kind, code, field, o, ""))
            }
            (None, Some(n)) => out.push(coded_change(ChangeType::Added, kind, code, field, "", n)),
            (Some(o), Some(n)) if o != n => {
                out.push(coded_change(ChangeType::Changed, kind, code, field, o, n))
            }
            _ => {}
        }
    }
}

/// Code → (text, task code) of every competency, first definition wins.
fn competencies(std: &Standard) -> BTreeMap<&str, (&str, &str)> {
    let mut map = BTreeMap::new();
    for m in &std.mappings {
        map.entry(m.competency_code.as_str())
            .or_insert((m.competency_text.as_str(), m.task_code.as_str()));
    }
    map.remove("");
    map
}

/// A competency text that differs between the two revisions in one matched course.
struct TextEdit<'a> {
    /// Index of the course in the new revision.
    course: usize,
    code: &'a str,
    /// Which occurrence of the code in the course (0 for the first).
    occurrence: usize,
    old: &'a str,
    new: &'a str,
}

/// Per-occurrence text edits, in course order (new revision) then code order.
struct TextEdits<'a> {
    edits: Vec<TextEdit<'a>>,
    /// Codes whose text changed in some, but not all, of the matched courses mapping them
    /// in both revisions: reported per course only.
    local: BTreeSet<&'a str>,
}

fn text_edits<'a>(old: &'a Standard, new: &'a Standard, pairs: &CoursePairs) -> TextEdits<'a> {
    let mut edits = Vec::new();
    // Code → (matched courses mapping it in both revisions, of which edited).
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (ni, pair) in pairs.new_to_old.iter().enumerate() {
        let Some((oi, _)) = *pair else { continue };
        let old_rows = course_rows(old, oi);
        let new_rows = course_rows(new, ni);
        for (&code, old_texts) in &old_rows {
            let Some(new_texts) = new_rows.get(code) else {
                continue;
            };
            let count = counts.entry(code).or_default();
            for (occurrence, (&old_text, &new_text)) in old_texts.iter().zip(new_texts).enumerate()
            {
                count.0 += 1;
                if old_text != new_text {
                    count.1 += 1;
                    edits.push(TextEdit {
                        course: ni,
                        code,
                        occurrence,
                        old: old_text,
                        new: new_text,
                    });
                }
            }
        }
    }
    let local = counts
        .into_iter()
        .filter(|&(_, (both, edited))| edited > 0 && edited < both)
        .map(|(code, _)| code)
        .collect();
    TextEdits { edits, local }
}

fn diff_competencies(old: &Standard, new: &Standard, edits: &TextEdits, out: &mut Vec<Change>) {
    let old_cat = competencies(old);
    let new_cat = competencies(new);
    let codes: BTreeSet<&str> = old_cat.keys().chain(new_cat.keys()).copied().collect();
    let kind = Kind::Competency;
    for code in codes {
        match (old_cat.get(code), new_cat.get(code)) {
            (Some(&(text, _)), None) => out.push(coded_change(
                ChangeType::Removed,
                kind,
                code,
                "text",
                text,
                "",
            )),
            (None, Some(&(text, _))) => out.push(coded_change(
                ChangeType::Added,
                kind,
                code,
                "text",
                "",
                text,
            )),
            (Some(&(old_text, old_task)), Some(&(new_text, new_task))) => {
                if old_text != new_text && !edits.local.contains(code) {
                    out.push(coded_change(
                        ChangeType::Changed,
                        kind,
                        code,
                        "text",
                        old_text,
                        new_text,
                    ));
                }
                if old_task != new_task {
                    out.push(coded_change(
                        ChangeType::Moved,
                        kind,
                        code,
                        "task",
                        old_task,
                        new_task,
                    ));
                }
            }
            (None, None) => {}
        }
    }
}

fn mapping_change(change: ChangeType, course: &str, code: &str, old: &str, new: &str) -> Change {
    let field = if change == ChangeType::Changed {
        "text"
    } else {
        ""
    };
    Change {
        change,
        kind: Kind::Mapping,
        course: course.to_string(),
        code: code.to_string(),
        field: field.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    }
}

/// Mapping rows added and removed, course by course. A removed course loses all its rows
/// and an added course gains all of its own, so these are listed too: the mapping sheet
/// alone then tells every (course, competency) pair that appeared or went away.
/// A text edited in some of the courses mapping it (see [`TextEdits`]) is a `changed` row,
/// field `text`, of each such course; so is an edit that the competency row does not already
/// tell (a course whose text changed otherwise than the first definition's).
fn diff_mappings(
    old: &Standard,
    new: &Standard,
    pairs: &CoursePairs,
    edits: &TextEdits,
    out: &mut Vec<Change>,
) {
    let old_cat = competencies(old);
    let new_cat = competencies(new);
    let told = |e: &TextEdit| {
        !edits.local.contains(e.code)
            && old_cat.get(e.code).map(|c| c.0) == Some(e.old)
            && new_cat.get(e.code).map(|c| c.0) == Some(e.new)
    };
    let untold: BTreeSet<(usize, &str, usize)> = edits
        .edits
        .iter()
        .filter(|e| !told(e))
        .map(|e| (e.course, e.code, e.occurrence))
        .collect();
    let empty: Rows = BTreeMap::new();
    let mut course_pairs: Vec<(Option<usize>, &str, Rows, Rows)> = Vec::new();
    for (ni, nc) in new.courses.iter().enumerate() {
        let old_rows = match pairs.new_to_old[ni] {
            Some((oi, _)) => course_rows(old, oi),
            None => empty.clone(),
        };
        course_pairs.push((Some(ni), &nc.name, old_rows, course_rows(new, ni)));
    }
    for &oi in &pairs.removed {
        course_pairs.push((
            None,
            &old.courses[oi].name,
            course_rows(old, oi),
            empty.clone(),
        ));
    }
    for (ni, course, old_rows, new_rows) in course_pairs {
        let codes: BTreeSet<&str> = old_rows.keys().chain(new_rows.keys()).copied().collect();
        for code in codes {
            let before = old_rows.get(code).map_or(&[][..], Vec::as_slice);
            let after = new_rows.get(code).map_or(&[][..], Vec::as_slice);
            // Occurrences pair in document order; one only in one revision was added or
            // removed (a code printed once more, or once less, in the course).
            for j in 0..before.len().max(after.len()) {
                match (before.get(j), after.get(j)) {
                    (Some(text), None) => {
                        out.push(mapping_change(ChangeType::Removed, course, code, text, ""))
                    }
                    (None, Some(text)) => {
                        out.push(mapping_change(ChangeType::Added, course, code, "", text))
                    }
                    (Some(old_text), Some(new_text))
                        if ni.is_some_and(|ni| untold.contains(&(ni, code, j))) =>
                    {
                        out.push(mapping_change(
                            ChangeType::Changed,
                            course,
                            code,
                            old_text,
                            new_text,
                        ))
                    }
                    _ => {}
                }
            }
        }
    }
}

/// A short human report: counts by kind and change, then the changes, at most `limit` of
/// them (the rest are counted, and are all in the CSV).
pub fn summary(diff: &Diff, limit: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} -> {}: {} change{}",
        diff.old_source,
        diff.new_source,
        diff.changes.len(),
        if diff.changes.len() == 1 { "" } else { "s" }
    );
    for kind in Kind::ALL {
        let counts: Vec<String> = ChangeType::ALL
            .iter()
            .map(|&t| (t, diff.count(kind, t)))
            .filter(|&(_, n)| n > 0)
            .map(|(t, n)| format!("{n} {}", t.as_str()))
            .collect();
        if !counts.is_empty() {
            let _ = writeln!(s, "  {:<11} {}", kind.as_str(), counts.join(", "));
        }
    }
    if !diff.changes.is_empty() {
        s.push('\n');
    }
    for c in diff.changes.iter().take(limit) {
        let _ = writeln!(s, "{}", describe(c));
    }
    if diff.changes.len() > limit {
        let _ = writeln!(
            s,
            "... and {} more (all changes are in the CSV and XLSX)",
            diff.changes.len() - limit
        );
    }
    s
}

/// One change as a line of text.
fn describe(c: &Change) -> String {
    let mut line = format!("{:<8} {:<10}", c.change.as_str(), c.kind.as_str());
    let subject = match c.kind {
        Kind::Course => format!("《{}》", c.course),
        Kind::Mapping => format!("《{}》 {}", c.course, c.code),
        _ => c.code.clone(),
    };
    line.push(' ');
    line.push_str(&subject);
    match c.change {
        ChangeType::Changed | ChangeType::Renamed | ChangeType::Moved => {
            let _ = write!(line, " {}: {} -> {}", c.field, c.old, c.new);
        }
        ChangeType::Added if !c.new.is_empty() => {
            let _ = write!(line, " {}", c.new);
        }
        ChangeType::Removed if !c.old.is_empty() => {
            let _ = write!(line, " {}", c.old);
        }
        _ => {}
    }
    line.trim_end().to_string()
}
