//! Generality of the text-dump parser on programmes written by hand
//! (`fixtures/programmes/`, loaded by `support::programmes`): each programme printed by the
//! seeded layout generator (`support::layout`) and parsed back.
//!
//! Every expected row (all columns but `page`) and every course header is judged:
//!
//! - **exact**: the parse gives the row as written;
//! - **flagged**: it differs (or is missing), and a finding names it: a finding of the
//!   row's course whose code is the code of a differing cell (`ambiguous-wrap` on a name
//!   in doubt, …), or a `stray-text`, `malformed-code` or `nonstandard-code` finding on
//!   a line where a differing cell was printed (text or a code the parser could not
//!   read, said so);
//! - **silent**: it differs and nothing says so. A silent row fails the test, as does a
//!   parsed row that no expected row explains and no finding names, or a course header
//!   that differs.
//!
//! The fixed seeds run in CI. `cargo test --release --test programmes -- --ignored
//! --nocapture` prints the table over held-out seeds (`COMPMAP_PROGRAMME_SEEDS`, default
//! 50, from `COMPMAP_PROGRAMME_FIRST`, default 2000); `COMPMAP_PROGRAMME_ONLY=<id>:<seed>`
//! runs one dump and writes it to `target/programme-<id>-<seed>.txt`.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use compmap::model::{Finding, Rule, Standard};
use compmap::normalise::normalise;
use compmap::parse::text::parse_lines;
use support::layout::{generate, Generated};
use support::programmes::{self, Programme};

/// Seeds every CI run prints each programme with (tuning seeds are 0–19; the figures in
/// `docs/MEASUREMENTS.md` are on seeds 2000–2049, never looked at while tuning).
const SEEDS: [u64; 4] = [1, 2, 3, 4];

/// Silent differences still allowed on the fixed seeds, all seeds and programmes together:
/// what the parser gets wrong without a finding today (73 with the parser of `main` when
/// this corpus was written, 53 before a name's possible wrap read into a text after a
/// free space became a doubt; kinds in `docs/MEASUREMENTS.md`). A regression guard until
/// it is 0: lower it with each fix, never raise it.
const SILENT_BUDGET: usize = 13;

/// The judgement of one dump.
#[derive(Debug, Default, Clone)]
struct Tally {
    dumps: usize,
    rows: usize,
    exact: usize,
    flagged: usize,
    silent: usize,
    /// Parsed rows no expected row explains and no finding names.
    extra_silent: usize,
    courses_wrong: usize,
    /// `ambiguous-wrap` findings (cells the parser says it is in doubt about).
    doubts: usize,
    /// One line per silent difference (the first few).
    notes: Vec<String>,
    /// Silent differences by cause ([`cause`]).
    causes: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.dumps += o.dumps;
        self.rows += o.rows;
        self.exact += o.exact;
        self.flagged += o.flagged;
        self.silent += o.silent;
        self.extra_silent += o.extra_silent;
        self.courses_wrong += o.courses_wrong;
        self.doubts += o.doubts;
        for (k, n) in &o.causes {
            *self.causes.entry(k.clone()).or_default() += n;
        }
    }

    fn clean(&self) -> bool {
        self.silent == 0 && self.extra_silent == 0 && self.courses_wrong == 0
    }
}

/// A row in the columns judged: project code/name, task code/name, competency code/text.
type Cells = [String; 6];

/// How a parsed cell differs from the written one: `short` (a prefix of it: its tail went
/// elsewhere), `long` (it goes on: another cell's words were added), `headless` (a suffix
/// of it), `headed` (another cell's words before it), `other`.
fn relation(want: &str, got: &str) -> &'static str {
    if got.is_empty() {
        "empty"
    } else if want.starts_with(got) {
        "short"
    } else if got.starts_with(want) {
        "long"
    } else if want.ends_with(got) {
        "headless"
    } else if got.ends_with(want) {
        "headed"
    } else {
        "other"
    }
}

/// The cause of a silent difference: per differing cell (`P` project, `T` task, `C`
/// competency; name or text, `code` when a code differs) how it differs, or `missing`.
fn cause(want: &Cells, got: Option<&Cells>) -> String {
    let Some(got) = got else {
        return "missing".into();
    };
    let mut parts = Vec::new();
    for (k, label) in ["P", "T", "C"].iter().enumerate() {
        let (code, text) = (2 * k, 2 * k + 1);
        if want[code] != got[code] {
            parts.push(format!("{label}:code"));
        } else if want[text] != got[text] {
            parts.push(format!("{label}:{}", relation(&want[text], &got[text])));
        }
    }
    parts.join(" ")
}

/// Silent differences described per dump (`COMPMAP_PROGRAMME_NOTES=N` for more).
fn max_notes() -> usize {
    std::env::var("COMPMAP_PROGRAMME_NOTES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(6)
}

fn judge(g: &Generated, std: &Standard) -> Tally {
    let mut t = Tally {
        dumps: 1,
        rows: g.rows.len(),
        doubts: std
            .findings
            .iter()
            .filter(|f| f.rule == Rule::AmbiguousWrap)
            .count(),
        ..Tally::default()
    };
    // Course headers.
    for want in &g.courses {
        let got = std.courses.iter().find(|c| c.course_no == want.no);
        let same = got.is_some_and(|c| {
            (&c.category, &c.name, &c.level, &c.description)
                == (&want.category, &want.name, &want.level, &want.description)
        });
        if !same {
            t.courses_wrong += 1;
            if t.notes.len() < max_notes() {
                t.notes.push(format!(
                    "course {}: got {:?}",
                    want.no,
                    got.map(|c| (&c.category, &c.name, &c.level, &c.description))
                ));
            }
        }
    }
    // Parsed rows by (course, competency code); a code twice keeps every reading.
    let mut parsed: BTreeMap<(u32, &str), Vec<(Cells, u32)>> = BTreeMap::new();
    for m in &std.mappings {
        let cells = [
            m.project_code.clone(),
            m.project_name.clone(),
            m.task_code.clone(),
            m.task_name.clone(),
            m.competency_code.clone(),
            m.competency_text.clone(),
        ];
        parsed
            .entry((m.course_no, m.competency_code.as_str()))
            .or_default()
            .push((cells, m.loc.line));
    }
    // A finding names a cell by its code (any rule), or by a line where the cell was
    // printed when it is about that line's text: text the parser could not place
    // (`stray-text`), a code it could not read as written (`malformed-code`,
    // `nonstandard-code`).
    let on_line = [Rule::StrayText, Rule::MalformedCode, Rule::NonstandardCode];
    let named = |f: &Finding, course: u32, codes: &[&str], lines: &[u32]| {
        f.course_no.is_none_or(|c| c == course)
            && ((!f.code.is_empty() && codes.contains(&f.code.as_str()))
                || (on_line.contains(&f.rule) && lines.contains(&f.loc.line)))
    };
    let mut used: BTreeSet<(u32, String)> = BTreeSet::new();
    for (i, r) in g.rows.iter().enumerate() {
        let w = &r.gold;
        let want: Cells = [
            w.project_code.clone(),
            w.project_name.clone(),
            w.task_code.clone(),
            w.task_name.clone(),
            w.competency_code.clone(),
            w.competency_text.clone(),
        ];
        let key = (w.course_no, w.competency_code.as_str());
        used.insert((w.course_no, w.competency_code.clone()));
        let got = parsed.get(&key);
        let exact = got.is_some_and(|v| v.len() == 1 && v[0].0 == want);
        if exact {
            t.exact += 1;
            continue;
        }
        // The codes of the cells that differ (every code when the row is missing), and
        // the lines where those cells were printed.
        let mut codes: Vec<&str> = vec![&w.competency_code];
        let mut lines = g.row_lines(i);
        let (project, task) = match got.and_then(|v| v.first()) {
            Some((cells, _)) => (cells[..2] != want[..2], cells[2..4] != want[2..4]),
            None => (true, true),
        };
        if project {
            codes.push(&w.project_code);
            lines.extend(g.cell_lines(r.project_cell));
        }
        if task {
            codes.push(&w.task_code);
            lines.extend(g.cell_lines(r.task_cell));
        }
        if std
            .findings
            .iter()
            .any(|f| named(f, w.course_no, &codes, &lines))
        {
            t.flagged += 1;
        } else {
            t.silent += 1;
            let first = got.and_then(|v| v.first()).map(|x| &x.0);
            *t.causes.entry(cause(&want, first)).or_default() += 1;
            if t.notes.len() < max_notes() {
                t.notes.push(format!(
                    "silent: course {} row {} (line {}):\n    want {want:?}\n    got  {:?}\n{}",
                    w.course_no,
                    w.competency_code,
                    r.line,
                    got.map(|v| v.iter().map(|x| &x.0).collect::<Vec<_>>()),
                    g.excerpt(r.line.saturating_sub(3), r.line + 3)
                ));
            }
        }
    }
    for ((course, code), rows) in &parsed {
        if used.contains(&(*course, code.to_string())) {
            continue;
        }
        for (cells, line) in rows {
            let codes = [cells[0].as_str(), cells[2].as_str(), cells[4].as_str()];
            if !std
                .findings
                .iter()
                .any(|f| named(f, *course, &codes, &[*line]))
            {
                t.extra_silent += 1;
                if t.notes.len() < max_notes() {
                    t.notes.push(format!(
                        "silent extra row: course {course} {cells:?} at line {line}"
                    ));
                }
            }
        }
    }
    t
}

fn run(p: &Programme, seed: u64) -> (Generated, Tally) {
    let g = generate(&p.gold, seed);
    let doc = parse_lines(&g.lines);
    let std = normalise(doc, &format!("{}-{seed}.txt", p.id));
    let t = judge(&g, &std);
    (g, t)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn keep(p: &Programme, g: &Generated) -> String {
    let path = target_dir().join(format!("programme-{}-{}.txt", p.id, g.seed));
    std::fs::write(&path, g.text())
        .map(|_| path.display().to_string())
        .unwrap_or_else(|e| format!("(could not write {}: {e})", path.display()))
}

fn table(rows: &[(String, Tally)]) -> String {
    let mut s = String::from(
        "| programme | dumps | rows | exact | differ, named by a finding | silently wrong | \
         extra rows unnamed | courses wrong | ambiguous-wrap findings |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (name, t) in rows {
        s.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            t.dumps,
            t.rows,
            t.exact,
            t.flagged,
            t.silent,
            t.extra_silent,
            t.courses_wrong,
            t.doubts
        ));
    }
    s
}

fn measure(seeds: &[u64]) -> (Vec<(String, Tally)>, Vec<String>) {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for p in programmes::all() {
        let mut total = Tally::default();
        for &seed in seeds {
            let (g, t) = run(&p, seed);
            if !t.clean() {
                failures.push(format!(
                    "{} seed {seed}: {} silent, {} extra, {} courses wrong; dump in {}\n{}",
                    p.id,
                    t.silent,
                    t.extra_silent,
                    t.courses_wrong,
                    keep(&p, &g),
                    t.notes.join("\n")
                ));
            }
            total.add(&t);
        }
        out.push((p.id.clone(), total));
    }
    let mut all = Tally::default();
    for (_, t) in &out {
        all.add(t);
    }
    out.push(("all".into(), all));
    (out, failures)
}

#[test]
fn every_programme_reads_back_exactly_or_says_where_in_doubt() {
    if let Ok(one) = std::env::var("COMPMAP_PROGRAMME_ONLY") {
        let (id, seed) = one
            .split_once(':')
            .expect("COMPMAP_PROGRAMME_ONLY=<id>:<seed>");
        let p = programmes::load(id);
        let (g, t) = run(&p, seed.trim().parse().expect("seed"));
        eprintln!("dump in {}\n{t:?}\n{}", keep(&p, &g), t.notes.join("\n"));
        return;
    }
    let (rows, failures) = measure(&SEEDS);
    eprintln!("seeds {SEEDS:?}:\n{}", table(&rows));
    let all = &rows.last().expect("the total row").1;
    let silent = all.silent + all.extra_silent + all.courses_wrong;
    if silent > 0 {
        eprintln!("silent differences:\n{}", failures.join("\n"));
    }
    assert!(
        silent <= SILENT_BUDGET,
        "{silent} silent differences on the fixed seeds (budget {SILENT_BUDGET}):\n{}",
        failures.join("\n")
    );
}

#[test]
#[ignore = "measurement over held-out seeds; run with --ignored --nocapture"]
fn held_out_seeds_table() {
    let n: u64 = std::env::var("COMPMAP_PROGRAMME_SEEDS")
        .ok()
        .map(|s| s.trim().parse().expect("COMPMAP_PROGRAMME_SEEDS"))
        .unwrap_or(50);
    let first: u64 = std::env::var("COMPMAP_PROGRAMME_FIRST")
        .ok()
        .map(|s| s.trim().parse().expect("COMPMAP_PROGRAMME_FIRST"))
        .unwrap_or(2000);
    let seeds: Vec<u64> = (first..first + n).collect();
    let (rows, failures) = measure(&seeds);
    for f in &failures {
        eprintln!("{f}");
    }
    let all = &rows.last().expect("the total row").1;
    let mut causes: Vec<_> = all.causes.iter().collect();
    causes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("silent rows by cause (P project, T task, C competency):");
    for (k, n) in causes {
        println!("  {n:5}  {k}");
    }
    println!(
        "seeds {first}..{}: {} dumps with a silent difference\n{}",
        first + n,
        failures.len(),
        table(&rows)
    );
}

/// The corpus holds what it promises (`fixtures/programmes/README.md`): enough rows, and
/// the cases that broke readers before. Each check names the programme that lacks it.
#[test]
fn the_corpus_exercises_what_it_promises() {
    let all = programmes::all();
    assert!(all.len() >= 3, "three programmes at least");
    for p in &all {
        let g = &p.gold;
        let id = &p.id;
        assert!(
            (4..=6).contains(&g.courses.len()),
            "{id}: 4–6 courses, has {}",
            g.courses.len()
        );
        assert!(g.rows.len() >= 150, "{id}: ≥150 rows, has {}", g.rows.len());
        let texts: Vec<&str> = g.rows.iter().map(|r| r.competency_text.as_str()).collect();
        let names: Vec<&str> = g
            .rows
            .iter()
            .flat_map(|r| [r.project_name.as_str(), r.task_name.as_str()])
            .collect();
        let any = |what: &str, f: &dyn Fn(&str) -> bool| {
            assert!(texts.iter().chain(&names).any(|t| f(t)), "{id}: no {what}");
        };
        any("symbol right after a digit", &|t| {
            t.chars()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0].is_ascii_digit() && "°Ω℃±≥≤‰µ×·％~%′".contains(w[1]))
        });
        any("Latin glued to CJK", &|t| {
            t.chars()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0].is_ascii_alphabetic() && ('\u{4e00}'..='\u{9fff}').contains(&w[1]))
        });
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(|c: char| c.is_ascii_digit())),
            "{id}: no text starting with a digit"
        );
        assert!(
            texts.iter().any(|t| t.starts_with(['-', '+', '(', '±'])),
            "{id}: no text starting with a sign or bracket"
        );
        assert!(
            names
                .iter()
                .any(|n| support::wrap::width(n) > 2 * support::layout::MAX_NAME_WIDTH),
            "{id}: no name wrapping over three lines in the widest name column"
        );
        // Per course: a task with one row, a project with one task, a course starting
        // at another project than 01.
        let (mut one_row_task, mut one_task_project, mut late_start) = (false, false, false);
        for c in &g.courses {
            let rows: Vec<_> = g.rows.iter().filter(|r| r.course_no == c.no).collect();
            late_start |= rows[0].project_code != "01";
            one_row_task |= rows
                .iter()
                .any(|r| rows.iter().filter(|x| x.task_code == r.task_code).count() == 1);
            one_task_project |= rows.iter().any(|r| {
                rows.iter()
                    .filter(|x| x.project_code == r.project_code)
                    .all(|x| x.task_code == r.task_code)
            });
        }
        assert!(one_row_task, "{id}: no task with a single row");
        assert!(one_task_project, "{id}: no project with a single task");
        assert!(late_start, "{id}: every course starts at project 01");
        assert!(
            g.courses
                .iter()
                .all(|c| c.description.matches('。').count() >= 2),
            "{id}: every description has several sentences"
        );
    }
}
