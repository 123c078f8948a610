//! History of one programme across N revisions: the differ ([`crate::diff`]) applied along
//! the chain of revisions, in revision order, plus a timeline per competency and per course.
//!
//! Takes [`Revision`]s (a label and a [`Standard`]); gives a [`History`]:
//! - `changes`: every change between consecutive revisions, each tagged with the revision
//!   it first appears in (the newer of the pair), in the differ's order within a pair;
//! - `competencies`: per competency code, the first and last revision it is in and a
//!   [`Mark`] per revision (new, changed: text reworded or moved to another task,
//!   unchanged, removed, absent);
//! - `courses`: per course, followed through renames (the differ's `renamed` rows), its
//!   name in each revision, first and last revision, a mark per revision (changed: renamed,
//!   category, description or level changed, or competencies added or removed), and the
//!   marks of its competencies.
//!
//! Revisions are ordered by [`compare_labels`]: labels that are numbers (years) by value,
//! others as text, numbers first.

use crate::diff::{self, Change, ChangeType, Kind};
use crate::model::Standard;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// One revision of a programme.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub label: String,
    pub standard: Standard,
}

/// What happened to an item in one revision, against the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Not there before (or the first revision), there now.
    New,
    /// There before and now, with a difference.
    Changed,
    Unchanged,
    /// There before, gone now.
    Removed,
    /// Neither before nor now.
    Absent,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::New => "new",
            Mark::Changed => "changed",
            Mark::Unchanged => "unchanged",
            Mark::Removed => "removed",
            Mark::Absent => "",
        }
    }

    fn between(before: bool, now: bool, changed: bool) -> Mark {
        match (before, now) {
            (false, true) => Mark::New,
            (true, true) if changed => Mark::Changed,
            (true, true) => Mark::Unchanged,
            (true, false) => Mark::Removed,
            (false, false) => Mark::Absent,
        }
    }
}

/// A change between two consecutive revisions, tagged with the newer one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub revision: String,
    pub change: Change,
}

/// One competency code across the revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetencyLine {
    pub code: String,
    /// Text in the last revision it is in.
    pub text: String,
    pub first: String,
    pub last: String,
    /// One per revision.
    pub marks: Vec<Mark>,
}

/// One course across the revisions, followed through renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseLine {
    /// Name in the last revision it is in.
    pub name: String,
    /// Name per revision, empty where the course is absent.
    pub names: Vec<String>,
    pub first: String,
    pub last: String,
    pub marks: Vec<Mark>,
    /// Competency codes the course trains in some revision, with a mark per revision.
    pub competencies: Vec<(String, Vec<Mark>)>,
}

/// The history of one programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub programme: String,
    /// Revision labels, in order.
    pub revisions: Vec<String>,
    pub changes: Vec<Step>,
    /// By code.
    pub competencies: Vec<CompetencyLine>,
    /// In order of first appearance (then document order).
    pub courses: Vec<CourseLine>,
}

/// Order of revision labels: numbers by value first, then text.
pub fn compare_labels(a: &str, b: &str) -> Ordering {
    match (a.trim().parse::<u64>(), b.trim().parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        _ => a.cmp(b),
    }
}

/// Per competency code: (text, task code), first definition in document order.
fn competencies(s: &Standard) -> BTreeMap<&str, (&str, &str)> {
    let mut map = BTreeMap::new();
    for m in &s.mappings {
        map.entry(m.competency_code.as_str())
            .or_insert((m.competency_text.as_str(), m.task_code.as_str()));
    }
    map
}

/// Competency codes of the course at `index` (rows belong to the first course of a number).
fn course_codes(s: &Standard, index: usize) -> BTreeSet<String> {
    let no = s.courses[index].course_no;
    if s.courses.iter().position(|c| c.course_no == no) != Some(index) {
        return BTreeSet::new();
    }
    s.mappings
        .iter()
        .filter(|m| m.course_no == no)
        .map(|m| m.competency_code.clone())
        .collect()
}

/// The history of `programme` over `revisions` (ordered here by [`compare_labels`]; the
/// order given breaks ties).
pub fn history(programme: &str, mut revisions: Vec<Revision>) -> History {
    revisions.sort_by(|a, b| compare_labels(&a.label, &b.label));
    let labels: Vec<String> = revisions.iter().map(|r| r.label.clone()).collect();
    let n = revisions.len();

    let mut changes = Vec::new();
    let diffs: Vec<diff::Diff> = revisions
        .windows(2)
        .map(|w| diff::diff(&w[0].standard, &w[1].standard))
        .collect();
    for (i, d) in diffs.iter().enumerate() {
        changes.extend(d.changes.iter().map(|c| Step {
            revision: labels[i + 1].clone(),
            change: c.clone(),
        }));
    }

    // Competencies.
    let per: Vec<BTreeMap<&str, (&str, &str)>> = revisions
        .iter()
        .map(|r| competencies(&r.standard))
        .collect();
    let codes: BTreeSet<&str> = per.iter().flat_map(|m| m.keys().copied()).collect();
    let competency_lines = codes
        .into_iter()
        .map(|code| {
            let marks: Vec<Mark> = (0..n)
                .map(|i| {
                    let now = per[i].get(code);
                    let before = i.checked_sub(1).and_then(|j| per[j].get(code));
                    Mark::between(before.is_some(), now.is_some(), before != now)
                })
                .collect();
            let seen: Vec<usize> = (0..n).filter(|&i| per[i].contains_key(code)).collect();
            let (first, last) = (seen[0], seen[seen.len() - 1]);
            CompetencyLine {
                code: code.to_string(),
                text: per[last][code].0.to_string(),
                first: labels[first].clone(),
                last: labels[last].clone(),
                marks,
            }
        })
        .collect();

    // Courses: lineages through the revisions, by name, then by the differ's renames.
    struct Lineage {
        at: Vec<Option<usize>>, // course index per revision
        changed: Vec<bool>,
    }
    let mut lineages: Vec<Lineage> = Vec::new();
    let mut current: BTreeMap<String, usize> = BTreeMap::new(); // name in the last revision → lineage
    for (i, r) in revisions.iter().enumerate() {
        let renames: BTreeMap<&str, &str> = if i == 0 {
            BTreeMap::new()
        } else {
            diffs[i - 1]
                .changes
                .iter()
                .filter(|c| c.kind == Kind::Course && c.change == ChangeType::Renamed)
                .map(|c| (c.new.as_str(), c.old.as_str()))
                .collect()
        };
        let course_changed: BTreeSet<&str> = if i == 0 {
            BTreeSet::new()
        } else {
            diffs[i - 1]
                .changes
                .iter()
                .filter(|c| {
                    matches!(c.kind, Kind::Course | Kind::Mapping)
                        && matches!(c.change, ChangeType::Changed | ChangeType::Renamed)
                        || (c.kind == Kind::Mapping
                            && matches!(c.change, ChangeType::Added | ChangeType::Removed))
                })
                .map(|c| c.course.as_str())
                .collect()
        };
        let mut next: BTreeMap<String, usize> = BTreeMap::new();
        for (ci, c) in r.standard.courses.iter().enumerate() {
            let name = c.name.trim().to_string();
            let previous_name = renames
                .get(name.as_str())
                .map(|o| o.trim())
                .unwrap_or(&name);
            let id = match current.remove(previous_name) {
                Some(id) => id,
                None => {
                    lineages.push(Lineage {
                        at: vec![None; n],
                        changed: vec![false; n],
                    });
                    lineages.len() - 1
                }
            };
            lineages[id].at[i] = Some(ci);
            lineages[id].changed[i] = course_changed.contains(c.name.as_str());
            next.insert(name, id);
        }
        current = next;
    }
    let course_lines = lineages
        .iter()
        .map(|l| {
            let names: Vec<String> = (0..n)
                .map(|i| {
                    l.at[i]
                        .map(|ci| revisions[i].standard.courses[ci].name.clone())
                        .unwrap_or_default()
                })
                .collect();
            let marks: Vec<Mark> = (0..n)
                .map(|i| {
                    let before = i > 0 && l.at[i - 1].is_some();
                    Mark::between(before, l.at[i].is_some(), l.changed[i])
                })
                .collect();
            let sets: Vec<BTreeSet<String>> = (0..n)
                .map(|i| {
                    l.at[i]
                        .map(|ci| course_codes(&revisions[i].standard, ci))
                        .unwrap_or_default()
                })
                .collect();
            let all: BTreeSet<&String> = sets.iter().flatten().collect();
            let competencies = all
                .into_iter()
                .map(|code| {
                    let marks = (0..n)
                        .map(|i| {
                            let now = sets[i].contains(code);
                            let before = i > 0 && sets[i - 1].contains(code);
                            let changed = before
                                && now
                                && per[i - 1].get(code.as_str()) != per[i].get(code.as_str());
                            Mark::between(before, now, changed)
                        })
                        .collect();
                    (code.clone(), marks)
                })
                .collect();
            let seen: Vec<usize> = (0..n).filter(|&i| l.at[i].is_some()).collect();
            let (first, last) = (seen[0], seen[seen.len() - 1]);
            CourseLine {
                name: names[last].clone(),
                names,
                first: labels[first].clone(),
                last: labels[last].clone(),
                marks,
                competencies,
            }
        })
        .collect();

    History {
        programme: programme.to_string(),
        revisions: labels,
        changes,
        competencies: competency_lines,
        courses: course_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_order() {
        let mut v = vec!["2025", "v2", "2023", "2024a", "999"];
        v.sort_by(|a, b| compare_labels(a, b));
        assert_eq!(v, ["999", "2023", "2025", "2024a", "v2"]);
    }
}
