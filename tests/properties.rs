//! Property tests (proptest): laws that must hold for every input, not just the fixture.
//!
//! - code normalisation is idempotent: the normalised form of a readable code reads back as
//!   itself, in the standard form;
//! - a parent code accepts exactly the children it is a prefix of (`Code::is_prefix_of`),
//!   and the normaliser reports every other parent/child pair (`hierarchy-mismatch`);
//! - re-parsing what a text printer prints (the layout generator of `support/layout.rs`,
//!   plain layouts of random subsets of the gold rows) gives the same rows;
//! - nothing is dropped silently: a junk line put inside a table ends up in a cell or in a
//!   `stray-text` finding;
//! - `diff(a, a)` is empty (and a changed text is not);
//! - PDF conversion is deterministic although pages are read in parallel; no network crate
//!   is in the dependency tree.
//!
//! Case counts are kept small so the file runs in seconds in debug builds;
//! `PROPTEST_CASES=N` runs more.

mod support;

use compmap::model::{Cell, Loc, ParsedCourse, ParsedDocument, ParsedRow, RawCode, Rule};
use compmap::parse::text::parse_lines;
use compmap::vocab::{classify, Code, CodeForm};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use support::gold::Gold;
use support::layout::{generate_with, Params};

// ---------------------------------------------------------------------------------------
// Written codes
// ---------------------------------------------------------------------------------------

/// One character of a code group: ASCII digits mostly, sometimes full-width digits or the
/// letters documents print for digits.
fn code_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => (b'0'..=b'9').prop_map(char::from),
        2 => (0u32..10).prop_map(|d| char::from_u32('０' as u32 + d).unwrap()),
        1 => prop::sample::select(vec!['O', 'o', 'l', 'I']),
    ]
}

/// What stands between two groups: a dash of some kind, maybe with spaces around it.
fn separator() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![
            6 => Just('-'),
            1 => prop::sample::select(vec!['‐', '‑', '‒', '–', '—', '―', '－', '﹣', '−', '⁃']),
        ],
        any::<bool>(),
    )
        .prop_map(|(a, d, b)| {
            let mut s = String::new();
            if a {
                s.push(' ');
            }
            s.push(d);
            if b {
                s.push(' ');
            }
            s
        })
}

/// A code as a document might write it: one to four groups of one to three characters.
fn written_code() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::collection::vec(code_char(), 1..=3), separator()),
        1..=4,
    )
    .prop_map(|groups| {
        let mut s = String::new();
        for (i, (chars, sep)) in groups.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.extend(chars);
        }
        s
    })
}

/// A standard code of the given level (`NN`, `NN-NN`, `NN-NN-NN`).
fn standard_code(level: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(0u32..100, level).prop_map(|parts| {
        parts
            .iter()
            .map(|p| format!("{p:02}"))
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// `cases` cases (unless `PROPTEST_CASES` says otherwise), from a fixed seed unless
/// `PROPTEST_RNG_SEED` gives another: every run tries the same cases, so a failure is the
/// code's and not the draw's; other seeds explore further. A failure prints its minimal
/// input, which is not persisted to a file (integration tests have no `lib.rs` beside them
/// for proptest to find).
fn config(cases: u32) -> ProptestConfig {
    let env = ProptestConfig::default();
    let rng_seed = match env.rng_seed {
        RngSeed::Random => RngSeed::Fixed(0x2026_1124),
        fixed => fixed,
    };
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        rng_seed,
        failure_persistence: None,
        ..env
    }
}

/// The reading a code normalises to, if it has one: the normalised form of a standard or
/// non-standard code, the recovered reading of letters printed for digits.
fn reading(code: &Code) -> Option<&str> {
    match &code.form {
        CodeForm::Standard | CodeForm::Nonstandard | CodeForm::HyphenLike { .. } => {
            Some(&code.normalised)
        }
        CodeForm::Malformed { recovered } => recovered.as_deref(),
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Normalising twice changes nothing: a code's reading classifies as itself, in the
    /// standard form and at the same level.
    #[test]
    fn code_normalisation_is_idempotent(written in written_code()) {
        if let Some(code) = classify(&written) {
            if let Some(read) = reading(&code) {
                let again = classify(read);
                prop_assert_eq!(
                    again,
                    Some(Code { level: code.level, normalised: read.to_string(), form: CodeForm::Standard }),
                    "`{}` read as `{}`", written, read
                );
            }
        }
    }

    /// The same for any text at all: classify either refuses it or gives a reading that is
    /// a fixed point.
    #[test]
    fn any_text_normalises_to_a_fixed_point(written in any::<String>()) {
        if let Some(code) = classify(&written) {
            prop_assert_eq!(code.level.groups(), code.normalised.split('-').count().min(3), "{:?}", code);
            if let Some(read) = reading(&code) {
                let again = classify(read).expect("a reading is a code");
                prop_assert_eq!(again.form, CodeForm::Standard);
                prop_assert_eq!(again.normalised.as_str(), read);
            }
        }
    }

    /// `is_prefix_of` is prefix by parts (never by characters: `1` is no parent of `17`)
    /// and only downwards.
    #[test]
    fn parent_is_a_prefix_of_the_children_it_accepts(
        parent in (1usize..=2).prop_flat_map(standard_code),
        child in (2usize..=3).prop_flat_map(standard_code),
        graft in any::<bool>(),
    ) {
        let parent = classify(&parent).expect("standard parent");
        // Half the cases make the child a real child of the parent.
        let child = if graft {
            let tail: Vec<&str> = child.split('-').skip(parent.level.groups()).collect();
            if tail.is_empty() { child } else { format!("{}-{}", parent.normalised, tail.join("-")) }
        } else {
            child
        };
        let child = classify(&child).expect("standard child");
        let by_parts = child.parts().len() > parent.parts().len()
            && child.parts()[..parent.parts().len()] == parent.parts()[..];
        prop_assert_eq!(parent.is_prefix_of(&child), by_parts, "{:?} {:?}", parent, child);
        if parent.is_prefix_of(&child) {
            prop_assert!(child.normalised.starts_with(&parent.normalised));
            prop_assert!(!child.is_prefix_of(&parent));
        }
    }

    /// The normaliser accepts a row's task (or project) as parent exactly when its code is
    /// a prefix of the child's: every other pair is a `hierarchy-mismatch`, whatever the
    /// codes' spelling.
    #[test]
    fn normaliser_accepts_exactly_the_prefix_children(
        project in written_code(),
        task in written_code(),
        competency in written_code(),
    ) {
        let cell = |code: &str, line: u32| Cell {
            code: RawCode { text: code.to_string(), loc: Loc::new(1, line) },
            text: "名称".to_string(),
        };
        let doc = ParsedDocument {
            courses: vec![ParsedCourse {
                course_no: 1,
                name: "课程".into(),
                rows: vec![ParsedRow {
                    project: Some(cell(&project, 1)),
                    task: Some(cell(&task, 2)),
                    competency: cell(&competency, 3),
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let standard = compmap::normalise::normalise(doc, "prop.txt");
        prop_assert_eq!(standard.mappings.len(), 1, "a row is never dropped");
        let mismatch_at = |line: u32| standard.findings.iter().any(|f| {
            f.rule == Rule::HierarchyMismatch && f.loc.line == line
        });
        let (p, t, c) = (classify(&project), classify(&task), classify(&competency));
        if let (Some(t), Some(c)) = (&t, &c) {
            prop_assert_eq!(mismatch_at(3), !t.is_prefix_of(c), "{:?} under {:?}", c, t);
            // A code without a reading keeps its spelling in the output; the others show
            // the prefix in the mapping row too.
            if t.is_prefix_of(c) && reading(t).is_some() && reading(c).is_some() {
                let m = &standard.mappings[0];
                prop_assert!(m.competency_code.starts_with(&format!("{}-", m.task_code)), "{:?}", m);
            }
        }
        if let (Some(p), Some(t)) = (&p, &t) {
            prop_assert_eq!(mismatch_at(2), !p.is_prefix_of(t), "{:?} under {:?}", t, p);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Printing and re-parsing
// ---------------------------------------------------------------------------------------

/// Rows as (course, project, task, competency), codes and texts as printed.
type RowKey = (u32, String, String, String, String, String, String);

fn parsed_rows(doc: &ParsedDocument) -> Vec<RowKey> {
    let cell = |c: &Option<Cell>| {
        c.as_ref()
            .map(|c| (c.code.text.clone(), c.text.clone()))
            .unwrap_or_default()
    };
    doc.courses
        .iter()
        .flat_map(|c| {
            c.rows.iter().map(move |r| {
                let (pc, pn) = cell(&r.project);
                let (tc, tn) = cell(&r.task);
                (
                    c.course_no,
                    pc,
                    pn,
                    tc,
                    tn,
                    r.competency.code.text.clone(),
                    r.competency.text.clone(),
                )
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(config(8))]

    /// A plain layout (labels at the top of their rows, codes beside their text, one page)
    /// of the gold rows, at any seed and column widths, parses back to exactly the printed
    /// rows, except names the dump itself cannot settle (`Generated::undecidable`, as in
    /// `tests/layouts.rs`).
    #[test]
    fn reparsing_a_printed_table_gives_the_same_rows(
        seed in any::<u64>(),
        name_width in prop::sample::select(vec![12usize, 14]),
        text_width in (20usize..=32).prop_map(|w| 2 * w),
        blank in prop::sample::select(vec![0.0, 0.5, 0.95]),
    ) {
        let g = generate_with(&Gold::load(), seed, |p| {
            *p = Params::baseline();
            p.name_width = name_width;
            p.text_width = text_width;
            p.blank = blank;
        });
        let doc = parse_lines(&g.lines);
        let want: Vec<RowKey> = g
            .rows
            .iter()
            .map(|r| {
                let x = &r.gold;
                (
                    x.course_no,
                    x.project_code.clone(),
                    x.project_name.clone(),
                    x.task_code.clone(),
                    x.task_name.clone(),
                    x.competency_code.clone(),
                    x.competency_text.clone(),
                )
            })
            .collect();
        let got = parsed_rows(&doc);
        prop_assert_eq!(got.len(), want.len());
        // A row may differ only in names or texts no reader of the dump could settle.
        let undecidable = |level: usize, code: &str| g.undecidable.contains(&(level, code.to_string()));
        let bad: Vec<usize> = (0..want.len())
            .filter(|&i| {
                let (x, w) = (&got[i], &want[i]);
                let codes_same = (x.0, &x.1, &x.3, &x.5) == (w.0, &w.1, &w.3, &w.5);
                let names_settled = [(0, &x.2, &w.2, &w.1), (1, &x.4, &w.4, &w.3), (2, &x.6, &w.6, &w.5)]
                    .iter()
                    .all(|(level, a, b, code)| a == b || undecidable(*level, code));
                !(codes_same && names_settled)
            })
            .collect();
        prop_assert!(
            bad.is_empty(),
            "{} rows differ that the dump settles; first: got {:?}, want {:?}",
            bad.len(),
            got[bad[0]],
            want[bad[0]],
        );
        prop_assert!(doc.strays.is_empty(), "strays: {:?}", doc.strays);
    }

    /// Nothing is dropped silently: a line of junk put anywhere after the first table
    /// header shows up in some cell's text, a course's header block or as stray text.
    #[test]
    fn a_junk_line_is_never_dropped(
        seed in any::<u64>(),
        at in any::<prop::sample::Index>(),
        junk in "[A-Z]{3}[0-9]{3}[a-z]{2}",
    ) {
        let g = generate_with(&Gold::load(), seed, |p| *p = Params::baseline());
        let header = g
            .lines
            .iter()
            .position(|l| l.contains(support::layout::TABLE_HEADER))
            .expect("a table header");
        let mut lines = g.lines.clone();
        let at = header + 1 + at.index(lines.len() - header);
        lines.insert(at, junk.clone());
        let doc = parse_lines(&lines);
        let standard = compmap::normalise::normalise(doc.clone(), "junk.txt");
        let doc = &doc;
        let in_cell = standard.mappings.iter().any(|m| {
            [&m.project_name, &m.task_name, &m.competency_text]
                .iter()
                .any(|t| t.contains(&junk))
        });
        // Or in the header block of a later course. A line right above a table header is
        // kept as one of the course's labels (like `对接的职业能力`): in the parsed document
        // only, not in any output (a known gap, reported).
        let in_course = standard
            .courses
            .iter()
            .any(|c| c.description.contains(&junk) || c.name.contains(&junk))
            || doc.courses.iter().any(|c| c.labels.contains(&junk));
        let in_finding = standard
            .findings
            .iter()
            .any(|f| f.rule == Rule::StrayText && f.message.contains(&junk));
        prop_assert!(in_cell || in_course || in_finding, "`{}` inserted at line {} is gone", junk, at + 1);
    }
}

// ---------------------------------------------------------------------------------------
// Determinism and no network
// ---------------------------------------------------------------------------------------

/// The PDF path reads pages in parallel; the result must not depend on the schedule.
#[test]
fn pdf_conversion_is_deterministic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    for name in ["soffice-ruled.pdf", "chromium-rowspan.pdf"] {
        let path = dir.join(name);
        let first = compmap::convert_file(&path).expect(name);
        for _ in 0..3 {
            assert_eq!(compmap::convert_file(&path).expect(name), first, "{name}");
        }
    }
}

/// compmap never connects anywhere. No HTTP client, TLS or other network-client crate is in
/// what the binary links (the closure of `[dependencies]` in Cargo.lock; dev-dependencies
/// such as the tests' HTTP client are not linked). The one piece of network code is
/// `compmap serve`'s server (axum, hence tokio and hyper), which only listens, and only when
/// asked: no source file opens a connection, and only `src/serve/` listens.
#[test]
fn no_network_crates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    // name -> names of its dependencies, from Cargo.lock's [[package]] entries.
    let mut graph: std::collections::HashMap<String, Vec<String>> = Default::default();
    for package in lock.split("[[package]]").skip(1) {
        let name = package
            .lines()
            .find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
            .expect("a name")
            .to_string();
        let mut deps = Vec::new();
        if let Some(list) = package.split("dependencies = [").nth(1) {
            for line in list.lines().take_while(|l| !l.starts_with(']')) {
                let dep = line.trim().trim_matches(|c| c == '"' || c == ',');
                if let Some(dep) = dep.split_whitespace().next() {
                    deps.push(dep.to_string());
                }
            }
        }
        graph.entry(name).or_default().extend(deps);
    }
    let direct: Vec<String> = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("[dependencies]")
        .lines()
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split(['=', ' ']).next())
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .map(String::from)
        .collect();
    assert!(
        direct.iter().any(|n| n == "pdf-extract"),
        "Cargo.toml not read"
    );
    let mut linked = std::collections::BTreeSet::new();
    let mut todo = direct;
    while let Some(name) = todo.pop() {
        if linked.insert(name.clone()) {
            todo.extend(graph.get(&name).cloned().unwrap_or_default());
        }
    }
    assert!(
        linked.contains("pdf-extract") && linked.contains("axum"),
        "{linked:?}"
    );
    let clients = [
        "reqwest",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "h2",
        "rustls",
        "hyper-rustls",
        "hyper-tls",
        "native-tls",
        "openssl",
        "fantoccini",
    ];
    let found: Vec<&&str> = clients.iter().filter(|n| linked.contains(**n)).collect();
    assert!(found.is_empty(), "network-client crates linked: {found:?}");

    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(root).unwrap().display().to_string();
        for word in ["TcpStream", "UdpSocket", "connect("] {
            assert!(!text.contains(word), "{shown} has `{word}`");
        }
        if text.contains("TcpListener") {
            assert!(shown.starts_with("src/serve/"), "{shown} listens");
        }
    }
}

// ---------------------------------------------------------------------------------------
// diff(a, a)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(8))]

    /// A standard compared with itself has no changes, whatever layout it was parsed from
    /// (any seed, all quirks: so also imperfect parses, with findings); and one changed
    /// competency text is seen, so the comparison is not vacuous.
    #[test]
    fn diff_of_a_standard_with_itself_is_empty(seed in any::<u64>(), pick in any::<prop::sample::Index>()) {
        let g = support::layout::generate(&Gold::load(), seed);
        let standard = compmap::normalise::normalise(parse_lines(&g.lines), "a.txt");
        let same = compmap::diff::diff(&standard, &standard.clone());
        prop_assert!(same.is_empty(), "{:?}", same.changes.first());

        // The competency's text, wherever it is mapped.
        let mut changed = standard.clone();
        let code = changed.mappings[pick.index(changed.mappings.len())].competency_code.clone();
        for m in changed.mappings.iter_mut().filter(|m| m.competency_code == code) {
            m.competency_text.push_str("（改）");
        }
        let d = compmap::diff::diff(&standard, &changed);
        let code = &code;
        prop_assert!(
            d.changes.iter().any(|c| &c.code == code),
            "changed text of {} not seen: {:?}", code, d.changes
        );
    }
}

#[test]
fn diff_of_each_fixture_with_itself_is_empty() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in [
        "fixtures/business-english-standards.txt",
        "fixtures/pdf/soffice-ruled.pdf",
        "fixtures/pdf/chromium-landscape.pdf",
    ] {
        let s = compmap::convert_file(&root.join(name)).expect(name);
        let d = compmap::diff::diff(&s, &s);
        assert!(d.is_empty(), "{name}: {:?}", d.changes.first());
    }
}
