//! Identifiers: the document's identity (its title without the revision's year), the
//! UUIDv5 namespaces derived from it, and the kinds of item.

use uuid::Uuid;

/// A year the title names: a run of exactly four digits (ASCII or full-width) from 1900 to
/// 2099, with its byte range in `title`.
pub(super) fn title_year(title: &str) -> Option<(u16, std::ops::Range<usize>)> {
    let digit = |c: char| {
        crate::vocab::code::is_digit(c)
            .then(|| crate::vocab::code::fold_digit(c).to_digit(10))
            .flatten()
    };
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && digit(chars[i].1).is_some() {
            i += 1;
        }
        if i - start == 4 {
            let year = chars[start..i]
                .iter()
                .fold(0u32, |n, &(_, c)| n * 10 + digit(c).unwrap_or(0));
            if (1900..=2099).contains(&year) {
                let end = chars.get(i).map_or(title.len(), |&(at, _)| at);
                return Some((year as u16, chars[start].0..end));
            }
        }
    }
    None
}

/// The document's identity: its title without the year of the revision (and the `年`, `级`,
/// `版` or `修订版` after it, and brackets left empty), without white space. Two revisions
/// of a standard share it, so their codes share identifiers.
pub fn identity(title: &str) -> String {
    let mut rest = title.to_string();
    if let Some((_, range)) = title_year(title) {
        let mut tail = &title[range.end..];
        while let Some(s) = ["年", "级", "修订", "版"]
            .iter()
            .find(|s| tail.starts_with(**s))
        {
            tail = &tail[s.len()..];
        }
        rest = format!("{}{tail}", &title[..range.start]);
    }
    let mut out: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    for empty in ["()", "（）", "[]", "【】", "〔〕"] {
        out = out.replace(empty, "");
    }
    out
}

/// Namespace of every compmap CASE identifier.
pub(super) fn root_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:compmap:case")
}

/// Namespace of one document's identifiers, from its identity.
pub(super) fn document_namespace(title: &str) -> Uuid {
    Uuid::new_v5(&root_namespace(), identity(title).as_bytes())
}

/// Kinds of item, with their `CFItemType` title and hierarchy code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Project,
    Task,
    Competency,
    Course,
}

impl Kind {
    pub(super) const ALL: [Kind; 4] = [Kind::Project, Kind::Task, Kind::Competency, Kind::Course];

    pub(super) fn title(self) -> &'static str {
        match self {
            Kind::Project => "工作项目",
            Kind::Task => "工作任务",
            Kind::Competency => "职业能力",
            Kind::Course => "课程",
        }
    }

    pub(super) fn code(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::Task => "task",
            Kind::Competency => "competency",
            Kind::Course => "course",
        }
    }

    pub(super) fn description(self) -> &'static str {
        match self {
            Kind::Project => "Work project (duty), the top level of the competency table",
            Kind::Task => "Work task within a work project",
            Kind::Competency => "Occupational competency (skills, tools, methods, requirements, knowledge) within a work task",
            Kind::Course => "Course of the programme; isRelatedTo links it to the competencies it trains",
        }
    }
}
