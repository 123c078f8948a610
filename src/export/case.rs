//! The CASE file: the standard as a 1EdTech CASE 1.0 `CFPackage` (`<stem>.case.json`), so
//! curriculum systems that speak CASE (OpenSALT and others) can load the competencies.
//!
//! Takes a [`Standard`] and [`CaseOptions`]; gives one pretty-printed JSON object:
//!
//! - `CFDocument`: the standard (title, creator, language `zh`, the year as `version` when
//!   the title names one);
//! - `CFItems`: every distinct work project (`CFItemType` 工作项目), work task (工作任务) and
//!   competency (职业能力), by code, with `humanCodingScheme` = the code and `fullStatement` =
//!   the name or text; then the courses (课程), in document order, with the category in
//!   `conceptKeywords`, the level in `educationLevel` and the description in `notes`;
//! - `CFAssociations`: `isChildOf` competency → task → project → document (and course →
//!   document, so a CASE server shows the courses in the tree rather than as orphans), each
//!   with a `sequenceNumber` among its siblings; then `isRelatedTo` course → competency for
//!   each competency a course trains, numbered in the course's table order and grouped by
//!   the `CFAssociationGrouping` 课程与能力对接;
//! - `CFDefinitions`: the four item types and the association grouping.
//!
//! Only fields that both CASE 1.0 and CASE 1.1 define are written: the 1.1 schema, which
//! OpenSALT validates imports against, allows no others (so no `CFDocumentURI` on items
//! and associations: the package holds one document).
//!
//! Identifiers are UUIDv5. A document's namespace is derived from its *identity*: the title
//! without a year (`2023年`, `2024版`…) and without spaces, so the same competency code keeps
//! its identifier in every run and in every yearly revision with the same title; courses
//! are keyed by name, because their numbers shift between years. The item types use one
//! namespace for all documents. URIs are `<base><identifier>`; the default base `urn:uuid:`
//! needs no server and is a valid URI everywhere.
//!
//! No clock is read: `lastChangeDateTime` is `--as-of` at midnight UTC, else January 1st of
//! the title's year, else the Unix epoch as a visible placeholder.

use super::atomic::write_atomic;
use crate::error::Result;
use crate::model::Standard;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;
use uuid::Uuid;

/// Options of the CASE export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseOptions {
    /// Prefix of every URI (`--case-base-uri`).
    pub base_uri: BaseUri,
    /// Date of the package (`--as-of`); when `None`, taken from the title's year.
    pub as_of: Option<Date>,
    /// `CFDocument.creator`; when `None`, [`DEFAULT_CREATOR`].
    pub creator: Option<String>,
}

/// Creator named when none is given: the documents do not print their author in a form
/// that can be read reliably.
pub const DEFAULT_CREATOR: &str = "compmap";

/// The base of the URIs: an absolute URI that identifiers are appended to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUri(String);

impl BaseUri {
    /// The default base: URIs become `urn:uuid:<identifier>` (RFC 9562).
    pub const DEFAULT: &'static str = "urn:uuid:";

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn uri(&self, id: Uuid) -> String {
        format!("{}{}", self.0, id.hyphenated())
    }
}

impl Default for BaseUri {
    fn default() -> Self {
        BaseUri(Self::DEFAULT.into())
    }
}

impl FromStr for BaseUri {
    type Err = String;

    /// Accepts an absolute URI (`scheme:…`) of printable ASCII; a base that does not end in
    /// `/`, `:`, `#`, `?` or `=` gets a `/`, so the identifier becomes a path segment.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let scheme_len = s.find(':').unwrap_or(0);
        let scheme = &s[..scheme_len];
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(format!(
                "`{s}` is not an absolute URI (expected e.g. `https://case.example.edu/uri/` or `urn:uuid:`)"
            ));
        }
        if let Some(bad) = s.chars().find(|&c| {
            !c.is_ascii_graphic()
                || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        }) {
            return Err(format!(
                "`{s}`: a URI cannot contain {bad:?}; percent-encode it"
            ));
        }
        let mut base = s.to_string();
        if !base.ends_with(['/', ':', '#', '?', '=']) {
            base.push('/');
        }
        Ok(BaseUri(base))
    }
}

impl fmt::Display for BaseUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Midnight UTC of the date, as CASE's `lastChangeDateTime` (RFC 3339).
    fn date_time(self) -> String {
        format!("{self}T00:00:00+00:00")
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date of the form YYYY-MM-DD");
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &b[r];
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        Date::new(y, m as u8, d as u8).ok_or_else(|| format!("`{s}` is not a calendar date"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `lastChangeDateTime` when neither `--as-of` nor the title gives a date.
pub const PLACEHOLDER_DATE_TIME: &str = "1970-01-01T00:00:00+00:00";

/// A year the title names: a run of exactly four digits (ASCII or full-width) from 1900 to
/// 2099, with its byte range in `title`.
fn title_year(title: &str) -> Option<(u16, std::ops::Range<usize>)> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
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
fn root_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:compmap:case")
}

/// Namespace of one document's identifiers, from its identity.
fn document_namespace(title: &str) -> Uuid {
    Uuid::new_v5(&root_namespace(), identity(title).as_bytes())
}

/// Kinds of item, with their `CFItemType` title and hierarchy code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Project,
    Task,
    Competency,
    Course,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Project, Kind::Task, Kind::Competency, Kind::Course];

    fn title(self) -> &'static str {
        match self {
            Kind::Project => "工作项目",
            Kind::Task => "工作任务",
            Kind::Competency => "职业能力",
            Kind::Course => "课程",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::Task => "task",
            Kind::Competency => "competency",
            Kind::Course => "course",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Kind::Project => "Work project (duty), the top level of the competency table",
            Kind::Task => "Work task within a work project",
            Kind::Competency => "Occupational competency (skills, tools, methods, requirements, knowledge) within a work task",
            Kind::Course => "Course of the programme; isRelatedTo links it to the competencies it trains",
        }
    }
}

/// A node of the package: the document or an item.
#[derive(Debug, Clone)]
struct Node {
    id: Uuid,
    uri: String,
    title: String,
}

impl Node {
    fn link(&self) -> Link<'_> {
        Link {
            title: &self.title,
            identifier: self.id.hyphenated().to_string(),
            uri: &self.uri,
        }
    }
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    identifier: String,
    uri: &'a str,
}

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "CFDocument")]
    document: DocumentOut<'a>,
    #[serde(rename = "CFItems")]
    items: Vec<ItemOut<'a>>,
    #[serde(rename = "CFAssociations")]
    associations: Vec<AssociationOut<'a>>,
    #[serde(rename = "CFDefinitions")]
    definitions: Definitions<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentOut<'a> {
    identifier: String,
    uri: &'a str,
    creator: &'a str,
    title: &'a str,
    last_change_date_time: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    language: &'static str,
    notes: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemOut<'a> {
    identifier: String,
    uri: &'a str,
    full_statement: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    human_coding_scheme: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_enumeration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concept_keywords: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    education_level: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    language: &'static str,
    #[serde(rename = "CFItemType")]
    item_type: &'static str,
    #[serde(rename = "CFItemTypeURI")]
    item_type_uri: Link<'a>,
    last_change_date_time: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssociationOut<'a> {
    identifier: String,
    uri: String,
    association_type: &'static str,
    sequence_number: u32,
    #[serde(rename = "originNodeURI")]
    origin: Link<'a>,
    #[serde(rename = "destinationNodeURI")]
    destination: Link<'a>,
    #[serde(
        rename = "CFAssociationGroupingURI",
        skip_serializing_if = "Option::is_none"
    )]
    grouping: Option<Link<'a>>,
    last_change_date_time: &'a str,
}

#[derive(Serialize)]
struct Definitions<'a> {
    #[serde(rename = "CFItemTypes")]
    item_types: Vec<ItemTypeOut<'a>>,
    #[serde(rename = "CFAssociationGroupings")]
    groupings: Vec<GroupingOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemTypeOut<'a> {
    identifier: String,
    uri: &'a str,
    title: &'static str,
    description: &'static str,
    hierarchy_code: &'static str,
    type_code: &'static str,
    last_change_date_time: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupingOut<'a> {
    identifier: String,
    uri: &'a str,
    title: &'static str,
    description: &'static str,
    last_change_date_time: &'a str,
}

/// Title of the association grouping of course → competency links.
pub const GROUPING_TITLE: &str = "课程与能力对接";

/// An association before it is laid out: its nodes by identifier.
struct Edge {
    id: Uuid,
    kind: &'static str,
    sequence: u32,
    origin: Uuid,
    dest: Uuid,
}

/// An item before it is laid out.
struct Item<'s> {
    kind: Kind,
    node: Node,
    code: &'s str,
    /// Key of the parent item (`None`: the document).
    parent: Option<(Kind, &'s str)>,
    list_enumeration: Option<String>,
    keywords: Option<Vec<&'s str>>,
    level: Option<Vec<&'s str>>,
    notes: Option<&'s str>,
}

/// Write `standard` as a CASE package to `path` atomically.
pub fn write(standard: &Standard, options: &CaseOptions, path: &Path) -> Result<()> {
    write_atomic(path, |out| write_to(standard, options, out))
}

/// Write `standard` as a CASE package into `out`.
pub fn write_to(standard: &Standard, options: &CaseOptions, out: &mut dyn Write) -> io::Result<()> {
    let title = if standard.title.trim().is_empty() {
        standard.source.as_str()
    } else {
        standard.title.as_str()
    };
    let ns = document_namespace(title);
    let base = &options.base_uri;
    let year = title_year(title).map(|(y, _)| y);
    let date_time = match (options.as_of, year) {
        (Some(date), _) => date.date_time(),
        (None, Some(y)) => Date::new(y, 1, 1).map_or(PLACEHOLDER_DATE_TIME.into(), Date::date_time),
        (None, None) => PLACEHOLDER_DATE_TIME.into(),
    };
    let node = |ns: &Uuid, key: &str, title: &str| {
        let id = Uuid::new_v5(ns, key.as_bytes());
        Node {
            id,
            uri: base.uri(id),
            title: title.to_string(),
        }
    };
    let doc = node(&ns, "document", title);

    let items = items(standard, &|kind, key, text| {
        node(&ns, &format!("{}\n{key}", kind.code()), text)
    });
    let type_nodes: BTreeMap<Kind, Node> = Kind::ALL
        .iter()
        .map(|&k| {
            (
                k,
                node(
                    &root_namespace(),
                    &format!("item-type\n{}", k.code()),
                    k.title(),
                ),
            )
        })
        .collect();
    let grouping = node(&ns, "grouping\ncourse-competency", GROUPING_TITLE);

    // Coded items only: courses are found by position, not code.
    let by_key: BTreeMap<(Kind, &str), &Node> = items
        .iter()
        .filter(|i| i.kind != Kind::Course)
        .map(|i| ((i.kind, i.code), &i.node))
        .collect();
    let association = |kind: &'static str, sequence: u32, origin: &Node, dest: &Node| Edge {
        id: Uuid::new_v5(
            &ns,
            format!("association\n{kind}\n{}\n{}", origin.id, dest.id).as_bytes(),
        ),
        kind,
        sequence,
        origin: origin.id,
        dest: dest.id,
    };

    // isChildOf, numbered among siblings in item order.
    let mut raw = Vec::new();
    let mut siblings: BTreeMap<Uuid, u32> = BTreeMap::new();
    for item in &items {
        let parent = item
            .parent
            .and_then(|key| by_key.get(&key).copied())
            .unwrap_or(&doc);
        let seq = siblings.entry(parent.id).or_default();
        *seq += 1;
        raw.push(association("isChildOf", *seq, &item.node, parent));
    }
    // isRelatedTo course → competency, numbered in the course's table order.
    let courses: Vec<&Item> = items.iter().filter(|i| i.kind == Kind::Course).collect();
    for (course, item) in standard.courses.iter().zip(&courses) {
        let mut seen = BTreeSet::new();
        for m in standard
            .mappings
            .iter()
            .filter(|m| m.course_no == course.no)
        {
            let Some(comp) = by_key.get(&(Kind::Competency, m.competency_code.as_str())) else {
                continue;
            };
            if seen.insert(comp.id) {
                raw.push(association(
                    "isRelatedTo",
                    seen.len() as u32,
                    &item.node,
                    comp,
                ));
            }
        }
    }

    let nodes: BTreeMap<Uuid, &Node> = items
        .iter()
        .map(|i| (i.node.id, &i.node))
        .chain([(doc.id, &doc)])
        .collect();
    let associations = raw
        .iter()
        .map(|e| AssociationOut {
            identifier: e.id.hyphenated().to_string(),
            uri: base.uri(e.id),
            association_type: e.kind,
            sequence_number: e.sequence,
            origin: nodes[&e.origin].link(),
            destination: nodes[&e.dest].link(),
            grouping: (e.kind == "isRelatedTo").then(|| grouping.link()),
            last_change_date_time: &date_time,
        })
        .collect();

    let package = Package {
        document: DocumentOut {
            identifier: doc.id.hyphenated().to_string(),
            uri: &doc.uri,
            creator: options.creator.as_deref().unwrap_or(DEFAULT_CREATOR),
            title,
            last_change_date_time: &date_time,
            version: year.map(|y| y.to_string()),
            language: "zh",
            notes: format!("Converted by compmap from {}", standard.source),
        },
        items: items
            .iter()
            .map(|i| ItemOut {
                identifier: i.node.id.hyphenated().to_string(),
                uri: &i.node.uri,
                full_statement: &i.node.title,
                human_coding_scheme: (i.kind != Kind::Course && !i.code.is_empty())
                    .then_some(i.code),
                list_enumeration: i.list_enumeration.clone(),
                concept_keywords: i.keywords.clone(),
                education_level: i.level.clone(),
                notes: i.notes,
                language: "zh",
                item_type: i.kind.title(),
                item_type_uri: type_nodes[&i.kind].link(),
                last_change_date_time: &date_time,
            })
            .collect(),
        associations,
        definitions: Definitions {
            item_types: type_nodes
                .iter()
                .map(|(k, n)| ItemTypeOut {
                    identifier: n.id.hyphenated().to_string(),
                    uri: &n.uri,
                    title: k.title(),
                    description: k.description(),
                    hierarchy_code: k.code(),
                    type_code: k.code(),
                    last_change_date_time: &date_time,
                })
                .collect(),
            groupings: vec![GroupingOut {
                identifier: grouping.id.hyphenated().to_string(),
                uri: &grouping.uri,
                title: GROUPING_TITLE,
                description: "Links each course (课程) to the competencies (职业能力) it trains",
                last_change_date_time: &date_time,
            }],
        },
    };
    serde_json::to_writer_pretty(&mut *out, &package)?;
    out.write_all(b"\n")
}

/// The items in package order: projects, tasks and competencies by code, then the courses
/// in document order. `node(kind, key, statement)` names each.
fn items<'s>(standard: &'s Standard, node: &dyn Fn(Kind, &str, &str) -> Node) -> Vec<Item<'s>> {
    // The first row naming a code describes it, as in the catalogue; conflicting names are
    // findings of the normaliser, not the exporter's to settle.
    let mut projects: BTreeMap<&str, &str> = BTreeMap::new();
    let mut tasks: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for m in &standard.mappings {
        if !m.project_code.is_empty() {
            projects.entry(&m.project_code).or_insert(&m.project_name);
        }
        if !m.task_code.is_empty() {
            tasks
                .entry(&m.task_code)
                .or_insert((&m.task_name, &m.project_code));
        }
    }
    let plain = |kind, code: &'s str, text: &str, parent| Item {
        kind,
        node: node(kind, code, text),
        code,
        parent,
        list_enumeration: None,
        keywords: None,
        level: None,
        notes: None,
    };
    let mut items = Vec::new();
    for (&code, &name) in &projects {
        items.push(plain(Kind::Project, code, name, None));
    }
    for (&code, &(name, project)) in &tasks {
        let parent = (!project.is_empty()).then_some((Kind::Project, project));
        items.push(plain(Kind::Task, code, name, parent));
    }
    // Borrowed from the mappings so the items can refer to them; the catalogue itself owns
    // copies.
    let mut competencies: BTreeMap<&str, &crate::model::Mapping> = BTreeMap::new();
    for m in &standard.mappings {
        competencies.entry(&m.competency_code).or_insert(m);
    }
    for (&code, m) in &competencies {
        let parent = if !m.task_code.is_empty() {
            Some((Kind::Task, m.task_code.as_str()))
        } else if !m.project_code.is_empty() {
            Some((Kind::Project, m.project_code.as_str()))
        } else {
            None
        };
        items.push(plain(Kind::Competency, code, &m.competency_text, parent));
    }
    // Courses are keyed by name; a name printed twice gets its occurrence number so the two
    // keep distinct identifiers.
    let mut names: BTreeMap<&str, u32> = BTreeMap::new();
    for course in &standard.courses {
        let n = names.entry(&course.name).or_default();
        *n += 1;
        let key = if *n == 1 {
            course.name.clone()
        } else {
            format!("{}\n{n}", course.name)
        };
        let some = |s: &'s str| (!s.is_empty()).then_some(s);
        items.push(Item {
            kind: Kind::Course,
            node: node(Kind::Course, &key, &course.name),
            code: "",
            parent: None,
            list_enumeration: Some(course.no.to_string()),
            keywords: some(&course.category).map(|c| vec![c]),
            level: some(&course.level).map(|l| vec![l]),
            notes: some(&course.description),
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Course, Loc, Mapping};

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            "2024-02-29".parse::<Date>().unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            "2024-09-01".parse::<Date>().unwrap().date_time(),
            "2024-09-01T00:00:00+00:00"
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "",
            "２０２４-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn base_uris_are_checked_and_end_in_a_separator() {
        let ok = |s: &str| s.parse::<BaseUri>().unwrap().to_string();
        assert_eq!(
            ok("https://case.example.edu/uri"),
            "https://case.example.edu/uri/"
        );
        assert_eq!(
            ok("https://case.example.edu/uri/"),
            "https://case.example.edu/uri/"
        );
        assert_eq!(ok("urn:uuid:"), "urn:uuid:");
        assert_eq!(BaseUri::default().as_str(), BaseUri::DEFAULT);
        for bad in [
            "",
            "example.edu/uri",
            "://x",
            "1http://x",
            "https://x y/",
            "https://例子/",
        ] {
            assert!(bad.parse::<BaseUri>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_year_is_read_from_the_title_and_left_out_of_the_identity() {
        assert_eq!(title_year("2023年A专业标准").map(|y| y.0), Some(2023));
        assert_eq!(
            title_year("A专业标准（２０２４版）").map(|y| y.0),
            Some(2024)
        );
        assert_eq!(title_year("A专业标准 12345"), None);
        assert_eq!(title_year("A专业标准 3000"), None);
        assert_eq!(title_year("A专业标准"), None);
        let plain = identity("A专业标准");
        for revision in [
            "2023年A专业标准",
            "2024年 A专业标准",
            "A专业标准（2024版）",
            "A专业标准(2025年修订版)",
            "A 专业标准",
        ] {
            assert_eq!(identity(revision), plain, "{revision}");
        }
        assert_ne!(identity("B专业标准"), plain);
    }

    fn mapping(course_no: u32, project: &str, task: &str, code: &str) -> Mapping {
        Mapping {
            course_no,
            project_code: project.into(),
            project_name: format!("p{project}"),
            task_code: task.into(),
            task_name: format!("t{task}"),
            competency_code: code.into(),
            competency_text: format!("c{code}"),
            loc: Loc::new(1, 1),
        }
    }

    fn course(no: u32, name: &str) -> Course {
        Course {
            no,
            category: String::new(),
            name: name.into(),
            level: String::new(),
            description: String::new(),
            loc: Loc::new(1, 1),
            labels: Vec::new(),
        }
    }

    /// Parent of each item by statement, and the identifiers of the courses.
    fn tree(standard: &Standard) -> (BTreeMap<String, String>, Vec<String>) {
        let mut buf = Vec::new();
        write_to(standard, &CaseOptions::default(), &mut buf).unwrap();
        let p: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        let mut parents = BTreeMap::new();
        for a in p["CFAssociations"].as_array().unwrap() {
            if a["associationType"] == "isChildOf" {
                parents.insert(
                    a["originNodeURI"]["title"].as_str().unwrap().to_string(),
                    a["destinationNodeURI"]["title"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
            }
        }
        let courses = p["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["CFItemType"] == Kind::Course.title())
            .map(|i| i["identifier"].as_str().unwrap().to_string())
            .collect();
        (parents, courses)
    }

    #[test]
    fn rows_without_a_task_or_project_hang_from_what_is_above_them() {
        let standard = Standard {
            source: "s.txt".into(),
            title: String::new(),
            courses: vec![course(1, "same"), course(2, "same"), course(3, "")],
            mappings: vec![
                mapping(1, "01", "01-01", "01-01-01"),
                mapping(1, "01", "", "01-02-01"),
                mapping(2, "", "", "02-01-01"),
                mapping(3, "", "03-01", "03-01-01"),
            ],
            ..Standard::default()
        };
        let (parents, courses) = tree(&standard);
        // No title: the source names the document.
        assert_eq!(parents["c01-01-01"], "t01-01");
        assert_eq!(parents["t01-01"], "p01");
        assert_eq!(parents["p01"], "s.txt");
        assert_eq!(parents["c01-02-01"], "p01");
        assert_eq!(parents["c02-01-01"], "s.txt");
        assert_eq!(parents["t03-01"], "s.txt");
        assert_eq!(parents["same"], "s.txt");
        // Two courses of one name stay two items.
        assert_eq!(courses.len(), 3);
        assert_ne!(courses[0], courses[1]);
    }

    #[test]
    fn the_namespace_depends_on_the_identity_only() {
        assert_eq!(
            document_namespace("2023年A专业标准"),
            document_namespace("A专业标准（2024版）")
        );
        assert_ne!(
            document_namespace("A专业标准"),
            document_namespace("B专业标准")
        );
        assert_eq!(document_namespace("A").get_version_num(), 5);
    }
}
