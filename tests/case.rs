//! The CASE export (`--format case`): the package of the bundled fixture is valid against the
//! CASE 1.0 CFPackage schema (`schemas/`), holds the standard's hierarchy and course links,
//! points only at nodes it defines, and keeps its identifiers across runs and revisions.

use compmap::export::case::{self, BaseUri, CaseOptions, Date};
use compmap::export::{self, ExportOptions, Format};
use compmap::Standard;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod support;

use support::bin::compmap;

const SCHEMA: &str = "schemas/case-v1p0-cfpackage-schema.json";

fn bundled() -> Standard {
    let (name, bytes) = compmap::BUNDLED;
    compmap::convert_bytes(Path::new(name), bytes).unwrap()
}

fn package(standard: &Standard, options: &CaseOptions) -> Value {
    let mut buf = Vec::new();
    case::write_to(standard, options, &mut buf).unwrap();
    serde_json::from_slice(&buf).unwrap()
}

fn options(base: &str, as_of: Option<&str>) -> CaseOptions {
    CaseOptions {
        base_uri: base.parse().unwrap(),
        as_of: as_of.map(|d| d.parse().unwrap()),
        creator: None,
    }
}

fn schema() -> Value {
    serde_json::from_slice(&std::fs::read(SCHEMA).unwrap()).unwrap()
}

/// A validator for the schema, checking `format` too (`uri`, `date-time`). The crate is
/// built without its HTTP and file resolvers: no reference leaves the schema.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema())
        .unwrap()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect()
}

fn items_of<'v>(package: &'v Value, item_type: &str) -> Vec<&'v Value> {
    package["CFItems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["CFItemType"] == item_type)
        .collect()
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn the_bundled_package_is_valid_case() {
    let standard = bundled();
    let validator = validator();
    for opts in [
        CaseOptions::default(),
        options("https://case.example.edu/uri/", Some("2024-09-01")),
    ] {
        let p = package(&standard, &opts);
        let errs = errors(&validator, &p);
        assert!(errs.is_empty(), "{errs:#?}");
    }
}

#[test]
fn the_schema_check_catches_broken_packages() {
    let validator = validator();
    let good = package(&bundled(), &CaseOptions::default());
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 6] = [
        ("document without identifier", |p| {
            p["CFDocument"]
                .as_object_mut()
                .unwrap()
                .remove("identifier");
        }),
        ("unknown association type", |p| {
            p["CFAssociations"][0]["associationType"] = json!("isParentOf");
        }),
        ("uri that is not a URI", |p| {
            p["CFItems"][0]["uri"] = json!("not a uri")
        }),
        ("date without time", |p| {
            p["CFItems"][1]["lastChangeDateTime"] = json!("2024-09-01")
        }),
        ("identifier that is not a UUID", |p| {
            p["CFItems"][2]["identifier"] = json!("01-01")
        }),
        ("unknown top-level key", |p| p["CFExtras"] = json!([])),
    ];
    for (what, breaks) in breakages {
        let mut p = good.clone();
        breaks(&mut p);
        assert!(!validator.is_valid(&p), "{what} passed the schema");
    }
}

/// The 1.0 schema lets any extra field through on documents, items and associations (its
/// `additionalProperties` there is a map of names, not a schema), but CASE 1.1, which OpenSALT
/// validates imports against, allows none: so check each field is one the 1.0 schema
/// declares (all of which 1.1 keeps).
#[test]
fn every_field_is_one_case_defines() {
    let schema = schema();
    let p = package(&bundled(), &options("https://case.example.edu/uri/", None));
    for (section, definition) in [
        ("CFDocument", "CFPackageDocument"),
        ("CFItems", "CFPackageItem"),
        ("CFAssociations", "CFPackageAssociation"),
    ] {
        let known = schema["definitions"][definition]["properties"]
            .as_object()
            .unwrap();
        let objects: Vec<&Value> = match &p[section] {
            Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        assert!(!objects.is_empty(), "{section}");
        for o in objects {
            for key in o.as_object().unwrap().keys() {
                assert!(known.contains_key(key), "{section}: `{key}` is not CASE");
            }
        }
    }
}

#[test]
fn every_association_points_at_a_node_of_the_package() {
    let p = package(&bundled(), &options("https://case.example.edu/uri/", None));
    let doc = &p["CFDocument"];
    let mut nodes: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    nodes.insert(
        str_of(doc, "identifier"),
        (str_of(doc, "uri"), str_of(doc, "title")),
    );
    for item in p["CFItems"].as_array().unwrap() {
        let old = nodes.insert(
            str_of(item, "identifier"),
            (str_of(item, "uri"), str_of(item, "fullStatement")),
        );
        assert!(old.is_none(), "identifier twice: {item}");
    }
    let groupings: BTreeMap<&str, &str> = p["CFDefinitions"]["CFAssociationGroupings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (str_of(g, "identifier"), str_of(g, "uri")))
        .collect();
    let types: BTreeMap<&str, (&str, &str)> = p["CFDefinitions"]["CFItemTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                str_of(t, "identifier"),
                (str_of(t, "uri"), str_of(t, "title")),
            )
        })
        .collect();
    let associations = p["CFAssociations"].as_array().unwrap();
    assert!(!associations.is_empty());
    let mut ids = BTreeSet::new();
    for a in associations {
        assert!(ids.insert(str_of(a, "identifier")), "identifier twice: {a}");
        for end in ["originNodeURI", "destinationNodeURI"] {
            let link = &a[end];
            let node = nodes.get(str_of(link, "identifier"));
            assert_eq!(
                node,
                Some(&(str_of(link, "uri"), str_of(link, "title"))),
                "{end} of {a}"
            );
        }
        if let Some(g) = a.get("CFAssociationGroupingURI") {
            assert_eq!(
                groupings.get(str_of(g, "identifier")),
                Some(&str_of(g, "uri"))
            );
        }
    }
    for item in p["CFItems"].as_array().unwrap() {
        let t = &item["CFItemTypeURI"];
        assert_eq!(
            types.get(str_of(t, "identifier")),
            Some(&(str_of(t, "uri"), str_of(item, "CFItemType")))
        );
    }
}

#[test]
fn the_package_holds_the_hierarchy_and_the_course_links() {
    let standard = bundled();
    let p = package(&standard, &CaseOptions::default());
    let catalogue = standard.catalogue();
    let distinct = |f: fn(&compmap::Mapping) -> &str| -> BTreeSet<String> {
        standard.mappings.iter().map(|m| f(m).to_string()).collect()
    };

    let code_of = |kind: &str| -> Vec<String> {
        items_of(&p, kind)
            .iter()
            .map(|i| str_of(i, "humanCodingScheme").to_string())
            .collect()
    };
    let projects = distinct(|m| &m.project_code);
    let tasks = distinct(|m| &m.task_code);
    assert_eq!(
        code_of("工作项目"),
        projects.iter().cloned().collect::<Vec<_>>()
    );
    assert_eq!(
        code_of("工作任务"),
        tasks.iter().cloned().collect::<Vec<_>>()
    );
    let competencies = items_of(&p, "职业能力");
    assert_eq!(competencies.len(), catalogue.len());
    assert_eq!(catalogue.len(), 336);
    for (item, entry) in competencies.iter().zip(&catalogue) {
        assert_eq!(item["humanCodingScheme"], entry.competency_code.as_str());
        assert_eq!(item["fullStatement"], entry.competency_text.as_str());
        assert_eq!(item["language"], "zh");
    }
    let courses = items_of(&p, "课程");
    assert_eq!(courses.len(), standard.courses.len());
    for (item, course) in courses.iter().zip(&standard.courses) {
        assert_eq!(item["fullStatement"], course.name.as_str());
        assert_eq!(item["conceptKeywords"], json!([course.category]));
        assert_eq!(item["educationLevel"], json!([course.level]));
        assert_eq!(item["notes"], course.description.as_str());
        assert_eq!(item["listEnumeration"], course.course_no.to_string());
    }

    // Each item has one parent; siblings are numbered 1..n in code order.
    let by_id: BTreeMap<&str, &Value> = p["CFItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (str_of(i, "identifier"), i))
        .collect();
    let doc_id = str_of(&p["CFDocument"], "identifier");
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut children: BTreeMap<&str, Vec<(i64, &str)>> = BTreeMap::new();
    let mut related: BTreeSet<(String, String)> = BTreeSet::new();
    for a in p["CFAssociations"].as_array().unwrap() {
        let from = str_of(&a["originNodeURI"], "identifier");
        let to = str_of(&a["destinationNodeURI"], "identifier");
        match str_of(a, "associationType") {
            "isChildOf" => {
                assert!(parent.insert(from, to).is_none(), "two parents: {a}");
                children
                    .entry(to)
                    .or_default()
                    .push((a["sequenceNumber"].as_i64().unwrap(), from));
                assert!(a.get("CFAssociationGroupingURI").is_none());
            }
            "isRelatedTo" => {
                assert_eq!(by_id[from]["CFItemType"], "课程");
                assert_eq!(by_id[to]["CFItemType"], "职业能力");
                assert_eq!(a["CFAssociationGroupingURI"]["title"], "课程与能力对接");
                let course = str_of(by_id[from], "listEnumeration").to_string();
                let code = str_of(by_id[to], "humanCodingScheme").to_string();
                assert!(related.insert((course, code)), "twice: {a}");
            }
            other => panic!("unexpected association {other}"),
        }
    }
    assert_eq!(parent.len(), by_id.len(), "every item has a parent");
    let parent_code = |id: &str| -> Option<String> {
        let to = parent[id];
        (to != doc_id).then(|| str_of(by_id[to], "humanCodingScheme").to_string())
    };
    for (item, entry) in competencies.iter().zip(&catalogue) {
        // The anomaly 17-04-01 under 17-03 stays as the table shows it.
        assert_eq!(
            parent_code(str_of(item, "identifier")),
            Some(entry.task_code.clone())
        );
    }
    for task in items_of(&p, "工作任务") {
        let code = str_of(task, "humanCodingScheme");
        let project = standard
            .mappings
            .iter()
            .find(|m| m.task_code == code)
            .unwrap();
        assert_eq!(
            parent_code(str_of(task, "identifier")),
            Some(project.project_code.clone())
        );
    }
    for item in items_of(&p, "工作项目").into_iter().chain(courses) {
        assert_eq!(parent[str_of(item, "identifier")], doc_id);
    }
    for (to, mut kids) in children {
        kids.sort();
        let numbers: Vec<i64> = kids.iter().map(|k| k.0).collect();
        assert_eq!(numbers, (1..=kids.len() as i64).collect::<Vec<_>>(), "{to}");
    }

    let expected: BTreeSet<(String, String)> = standard
        .mappings
        .iter()
        .map(|m| (m.course_no.to_string(), m.competency_code.clone()))
        .collect();
    assert_eq!(related, expected);
    assert!(related.len() > 1000);
}

#[test]
fn identifiers_are_uuid_v5_and_uris_come_from_the_base() {
    let base = "https://case.example.edu/uri/";
    let p = package(&bundled(), &options(base, None));
    let mut seen = 0;
    let mut check = |v: &Value| {
        let id = str_of(v, "identifier");
        let uuid = uuid::Uuid::parse_str(id).unwrap();
        assert_eq!(uuid.get_version_num(), 5, "{id}");
        // CASE 1.1's pattern: lower-case hex, RFC 9562 variant.
        assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122, "{id}");
        assert_eq!(id, id.to_lowercase());
        assert_eq!(str_of(v, "uri"), format!("{base}{id}"));
        seen += 1;
    };
    check(&p["CFDocument"]);
    for section in ["CFItems", "CFAssociations"] {
        p[section].as_array().unwrap().iter().for_each(&mut check);
    }
    for section in ["CFItemTypes", "CFAssociationGroupings"] {
        p["CFDefinitions"][section]
            .as_array()
            .unwrap()
            .iter()
            .for_each(&mut check);
    }
    assert!(seen > 2000, "{seen}");
    let default = package(&bundled(), &CaseOptions::default());
    let id = str_of(&default["CFDocument"], "identifier");
    assert_eq!(default["CFDocument"]["uri"], format!("urn:uuid:{id}"));
    assert_eq!(BaseUri::default().as_str(), "urn:uuid:");
}

/// Identifier of every coded item and course, by type and code (courses by name).
fn ids(p: &Value) -> BTreeMap<(String, String), String> {
    p["CFItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let key = i
                .get("humanCodingScheme")
                .unwrap_or(&i["fullStatement"])
                .as_str()
                .unwrap()
                .to_string();
            (
                (str_of(i, "CFItemType").to_string(), key),
                str_of(i, "identifier").to_string(),
            )
        })
        .collect()
}

#[test]
fn identifiers_survive_runs_revisions_and_other_content() {
    let a = bundled();
    let pa = package(&a, &CaseOptions::default());
    assert_eq!(pa, package(&bundled(), &CaseOptions::default()));

    // Another standard with the same title: other file, fewer courses, renumbered, a text
    // changed. Shared codes and course names keep their identifiers.
    let mut b = a.clone();
    b.source = "other.txt".into();
    let kept: Vec<u32> = b.courses.iter().skip(3).map(|c| c.course_no).collect();
    b.courses.retain(|c| kept.contains(&c.course_no));
    b.mappings.retain(|m| kept.contains(&m.course_no));
    for c in &mut b.courses {
        c.course_no += 10;
    }
    for m in &mut b.mappings {
        m.course_no += 10;
    }
    b.mappings[0].competency_text.push_str("（修订）");
    let pb = package(
        &b,
        &options("https://case.example.edu/uri/", Some("2025-03-01")),
    );
    let (ia, ib) = (ids(&pa), ids(&pb));
    assert!(ib.len() < ia.len());
    let mut shared = 0;
    for (key, id) in &ib {
        if let Some(old) = ia.get(key) {
            assert_eq!(old, id, "{key:?}");
            shared += 1;
        }
    }
    // The changed text keeps its identifier too: the code keys it, not the statement.
    assert_eq!(shared, ib.len());
    assert_eq!(
        pa["CFDocument"]["identifier"],
        pb["CFDocument"]["identifier"]
    );

    // A yearly revision: the year in the title changes nothing but version and date.
    let mut c = a.clone();
    c.title = format!("2025年{}", a.title);
    let pc = package(&c, &CaseOptions::default());
    assert_eq!(ids(&pc), ia);
    assert_eq!(
        pc["CFDocument"]["identifier"],
        pa["CFDocument"]["identifier"]
    );
    assert_eq!(pc["CFDocument"]["version"], "2025");
    assert_eq!(
        pc["CFDocument"]["lastChangeDateTime"],
        "2025-01-01T00:00:00+00:00"
    );
    assert!(pa["CFDocument"].get("version").is_none());

    // Another title: nothing is shared.
    let mut d = a.clone();
    d.title = format!("{}（其他专业）", a.title);
    let id_d = ids(&package(&d, &CaseOptions::default()));
    assert_eq!(id_d.len(), ia.len());
    for (key, id) in &id_d {
        assert_ne!(ia.get(key), Some(id), "{key:?}");
    }
}

#[test]
fn dates_come_from_options_or_the_document_never_the_clock() {
    let s = bundled();
    let all_dates = |p: &Value| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        out.insert(str_of(&p["CFDocument"], "lastChangeDateTime").to_string());
        for section in ["CFItems", "CFAssociations"] {
            for v in p[section].as_array().unwrap() {
                out.insert(str_of(v, "lastChangeDateTime").to_string());
            }
        }
        out
    };
    let p = package(&s, &options("urn:uuid:", Some("2024-09-01")));
    assert_eq!(
        all_dates(&p),
        BTreeSet::from(["2024-09-01T00:00:00+00:00".to_string()])
    );
    // The fixture's title names no year.
    let p = package(&s, &CaseOptions::default());
    assert_eq!(
        all_dates(&p),
        BTreeSet::from([case::PLACEHOLDER_DATE_TIME.to_string()])
    );
    assert!("2024-02-30".parse::<Date>().is_err());
}

#[test]
fn written_files_are_identical_and_only_when_asked_for() {
    let s = bundled();
    let opts = ExportOptions {
        case: options("https://case.example.edu/uri/", Some("2024-09-01")),
    };
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = export::write_with(&s, one.path(), "s", &[Format::Case], &opts).unwrap();
    let b = export::write_with(&s, two.path(), "s", &[Format::Case], &opts).unwrap();
    assert_eq!(a, [one.path().join("s.case.json")]);
    let bytes = std::fs::read(&a[0]).unwrap();
    assert_eq!(bytes, std::fs::read(&b[0]).unwrap());
    assert!(bytes.ends_with(b"}\n"));

    let defaults: Vec<Format> = "xlsx,csv,json"
        .split(',')
        .map(|f| f.parse().unwrap())
        .collect();
    let three = tempfile::tempdir().unwrap();
    let written = export::write(&s, three.path(), "s", &defaults).unwrap();
    assert!(written
        .iter()
        .all(|p| !p.to_string_lossy().ends_with(".case.json")));
}

#[test]
fn cli_writes_case_with_base_and_date_and_refuses_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = compmap([
        "convert",
        "fixtures/business-english-standards.txt",
        "-o",
        out,
        "--format",
        "case",
        "--case-base-uri",
        "https://case.example.edu/uri",
        "--as-of",
        "2024-09-01",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["business-english-standards.case.json"]);
    let p: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("business-english-standards.case.json")).unwrap(),
    )
    .unwrap();
    let id = str_of(&p["CFDocument"], "identifier");
    assert_eq!(
        p["CFDocument"]["uri"],
        format!("https://case.example.edu/uri/{id}")
    );
    assert_eq!(
        p["CFDocument"]["lastChangeDateTime"],
        "2024-09-01T00:00:00+00:00"
    );

    for (flag, value) in [("--as-of", "2024-02-30"), ("--case-base-uri", "no scheme")] {
        let o = compmap(["convert", "-o", out, "--format", "case", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(value), "{err}");
    }
}
