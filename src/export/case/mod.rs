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

mod ids;
mod options;
#[cfg(test)]
mod tests;

use super::atomic::write_atomic;
use crate::error::Result;
use crate::model::Standard;
pub use ids::identity;
use ids::{document_namespace, root_namespace, title_year, Kind};
pub use options::{BaseUri, CaseOptions, Date, DEFAULT_CREATOR, PLACEHOLDER_DATE_TIME};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;
use uuid::Uuid;

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
            .filter(|m| m.course_no == course.course_no)
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
            list_enumeration: Some(course.course_no.to_string()),
            keywords: some(&course.category).map(|c| vec![c]),
            level: some(&course.level).map(|l| vec![l]),
            notes: some(&course.description),
        });
    }
    items
}
