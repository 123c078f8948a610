//! Text dumps of every origin: line ends (LF, CRLF, CR only), TABs for spaces, form feeds
//! as page breaks, a damaged UTF-8 byte named, and `pdftotext` dumps of committed PDFs
//! (`fixtures/dumps/`, rebuilt by `scripts/make_dumps.sh`).

use compmap::{convert_bytes, Standard};
use std::path::Path;

mod support;

use support::gold::csv_rows;

const FIXTURE: &str = "fixtures/business-english-standards.txt";

fn convert(name: &str, bytes: &[u8]) -> Standard {
    convert_bytes(Path::new(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every mapping row with its page and line, and every finding, as printed by `Debug`.
fn reading(s: &Standard) -> (Vec<String>, Vec<String>) {
    (
        s.mappings.iter().map(|m| format!("{m:?}")).collect(),
        s.findings.iter().map(|f| format!("{f:?}")).collect(),
    )
}

fn fixture_text() -> String {
    std::fs::read_to_string(FIXTURE).expect("fixture reads")
}

#[test]
fn line_ends_and_tabs_read_like_the_fixture() {
    let text = fixture_text();
    let want = reading(&convert("lf.txt", text.as_bytes()));
    assert_eq!(want.0.len(), 1294);
    for (name, variant) in [
        ("CRLF", text.replace('\n', "\r\n")),
        ("CR only", text.replace('\n', "\r")),
        ("a TAB for every space", text.replace(' ', "\t")),
        (
            "TABs and CR only",
            text.replace(' ', "\t").replace('\n', "\r"),
        ),
    ] {
        let got = reading(&convert("variant.txt", variant.as_bytes()));
        assert!(got.0 == want.0, "{name}: rows differ");
        assert!(got.1 == want.1, "{name}: findings differ");
    }
}

/// `pdftotext` starts each page after the first with a form feed, and ends the file with
/// one: the fixture printed that way has the fixture's pages, whatever its leading spaces.
#[test]
fn form_feeds_are_page_breaks() {
    let text = fixture_text();
    let want = convert("lf.txt", text.as_bytes());
    let mut fed: Vec<String> = text
        .split('\n')
        .map(|l| match l.strip_prefix(' ') {
            // The fixture's page starts: one leading space.
            Some(rest) if !rest.starts_with(' ') => format!("\u{c}{rest}"),
            _ => l.to_string(),
        })
        .collect();
    fed.push("\u{c}".into());
    let got = convert("fed.txt", fed.join("\n").as_bytes());
    assert_eq!(got.pages, want.pages);
    assert_eq!(reading(&got).0, reading(&want).0);
    // A form feed decides the pages alone: a leading space then starts none.
    let spaced: Vec<String> = fed
        .iter()
        .map(|l| match l.strip_prefix('\u{c}') {
            Some(rest) => format!("\u{c} {rest}"),
            None => l.clone(),
        })
        .collect();
    let got = convert("spaced.txt", spaced.join("\n").as_bytes());
    assert_eq!(got.pages, want.pages);
    let pages = |s: &Standard| s.mappings.iter().map(|m| m.loc.page).collect::<Vec<_>>();
    assert_eq!(pages(&got), pages(&want));
}

/// A UTF-8 dump with one damaged character is refused, naming the byte, line and column;
/// never decoded as GB18030 mojibake.
#[test]
fn a_damaged_utf8_byte_is_named() {
    let text = fixture_text();
    let line = 300;
    let start: usize = text.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
    let first_cjk = text[start..]
        .char_indices()
        .find(|(_, c)| !c.is_ascii())
        .map(|(i, c)| (start + i, c))
        .expect("a CJK character on the line");
    let column = text[start..first_cjk.0].chars().count() + 1;
    let mut bytes = text.clone().into_bytes();
    bytes[first_cjk.0 + 1] = b'#';
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.txt");
    std::fs::write(&path, &bytes).unwrap();
    let out = support::bin::compmap(["check".as_ref(), path.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let want = format!(
        "damaged.txt:{line}:{column}: damaged UTF-8: byte offset {}",
        first_cjk.0
    );
    assert!(stderr.contains(&want), "want {want:?} in {stderr}");
    // The same text saved as GBK is read as GB18030, with the same rows.
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let s = convert("gbk.txt", &gbk);
    assert_eq!(
        reading(&s).0,
        reading(&convert("lf.txt", text.as_bytes())).0
    );
}

/// What a `pdftotext` dump of a PDF with expected rows reads as: rows, rows exact in
/// every column but `page`, those with the expected page too, and pages.
struct Score {
    rows: usize,
    exact_but_page: usize,
    exact: usize,
    pages: u32,
}

fn score(dump: &str, expected: &str) -> Score {
    let path = Path::new("fixtures/dumps").join(dump);
    let bytes = std::fs::read(&path).expect("dump reads");
    let s = convert(dump, &bytes);
    let want = csv_rows(expected, 10);
    let got: Vec<Vec<String>> = support::rows::mapping_rows(&s);
    let same = |n: usize| {
        got.iter()
            .zip(&want)
            .filter(|(g, w)| g.len() >= n && g[..n] == w[..n])
            .count()
    };
    Score {
        rows: got.len(),
        exact_but_page: same(9),
        exact: same(10),
        pages: s.pages,
    }
}

/// `pdftotext` dumps: the pages are the PDF's (form feeds), every row found, and a row
/// read right has its right page. How many rows read right is a floor that may only
/// rise: plain output flows the table column by column and `-layout` centres each cell's
/// code among its lines, which the text parser does not read yet (see docs/CONTRACT.md).
#[test]
fn pdftotext_dumps_keep_pages_and_rows() {
    // (dump, expected rows, rows, pages, floor of exact rows)
    let cases = [
        (
            "business-english-standards.pdftotext-layout.txt",
            "tests/golden/business-english-standards.pdf-rows.csv",
            1294,
            41,
            1258,
        ),
        (
            "business-english-standards.pdftotext.txt",
            "tests/golden/business-english-standards.pdf-rows.csv",
            1294,
            41,
            0,
        ),
        (
            "chromium-rowspan.pdftotext-layout.txt",
            "fixtures/pdf/chromium-rowspan.rows.csv",
            58,
            3,
            9,
        ),
        (
            "word-portrait.pdftotext-layout.txt",
            "fixtures/pdf/word-portrait.rows.csv",
            100,
            5,
            95,
        ),
    ];
    for (dump, expected, rows, pages, floor) in cases {
        let s = score(dump, expected);
        eprintln!(
            "{dump}: {} rows, {} exact but page, {} exact, {} pages",
            s.rows, s.exact_but_page, s.exact, s.pages
        );
        assert_eq!(s.rows, rows, "{dump}: rows");
        assert_eq!(s.pages, pages, "{dump}: pages");
        assert_eq!(
            s.exact, s.exact_but_page,
            "{dump}: a row read right on a wrong page"
        );
        assert!(
            s.exact >= floor,
            "{dump}: {} exact rows, was {floor}",
            s.exact
        );
    }
}

/// A space beside a non-ASCII character removed: where Latin, Greek or a symbol meets CJK,
/// `pdftotext` prints a space whenever the glyphs stand apart (a producer's autospacing as
/// much as a typed space), and the PDF reader, which sees the gap's width, tells them
/// apart; a dump cannot (see docs/CONTRACT.md). Everything else must match.
fn squeeze(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let beside = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| !c.is_ascii());
        if c == ' ' && (beside(i.checked_sub(1)) || beside(Some(i + 1))) {
            continue;
        }
        out.push(c);
    }
    out
}

/// `pdftotext -layout` dumps of the fixture PDF and of a programme rendered by LibreOffice
/// (`fixtures/dumps/cnc.*`, `scripts/make_dumps.sh`), row for row against the rows the
/// PDF holds: every column and the page, up to the spaces of [`squeeze`]; a row that
/// differs must be named by an `ambiguous-wrap` finding. The fixture centres its codes
/// among their lines, LibreOffice aligns them to the top: the reader learns which.
#[test]
fn layout_dumps_read_row_for_row() {
    for (dump, expected, strict_floor) in [
        (
            "business-english-standards.pdftotext-layout.txt",
            "tests/golden/business-english-standards.pdf-rows.csv",
            1258,
        ),
        (
            "cnc.pdftotext-layout.txt",
            "fixtures/dumps/cnc.rows.csv",
            22,
        ),
    ] {
        let path = Path::new("fixtures/dumps").join(dump);
        let s = convert(dump, &std::fs::read(&path).expect("dump reads"));
        let want = csv_rows(expected, 10);
        let got = support::rows::mapping_rows(&s);
        assert_eq!(got.len(), want.len(), "{dump}: rows");
        let named = |g: &[String]| {
            s.findings.iter().any(|f| {
                f.rule == compmap::model::Rule::AmbiguousWrap
                    && f.course_no.map(|n| n.to_string()).as_deref() == Some(g[0].as_str())
                    && [&g[3], &g[5], &g[7]].iter().any(|c| **c == f.code)
            })
        };
        let (mut strict, mut silent) = (0, Vec::new());
        for (g, w) in got.iter().zip(&want) {
            if g == w {
                strict += 1;
                continue;
            }
            let same = g.iter().zip(w).all(|(a, b)| squeeze(a) == squeeze(b));
            if !same && !named(g) {
                silent.push(format!("{g:?}\n  want {w:?}"));
            }
        }
        eprintln!(
            "{dump}: {strict} of {} rows exact, {} differ silently",
            want.len(),
            silent.len()
        );
        assert!(silent.is_empty(), "{dump}: {}", silent.join("\n"));
        assert!(
            strict >= strict_floor,
            "{dump}: {strict} exact rows, was {strict_floor}"
        );
    }
}

/// Locality: one competency line of the fixture edited (10 or 100 characters longer, 2
/// shorter, its first word replaced) changes that row only. Column widths were the widest
/// first line of the document, so one long line re-read 80 rows of other courses (before:
/// 35 of these 104 edits changed more than one row, 7,518 rows in all).
#[test]
fn one_edited_line_changes_one_row() {
    let text = fixture_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let rows = |s: &Standard| -> Vec<Vec<String>> {
        support::rows::mapping_rows(s)
            .into_iter()
            .map(|mut r| {
                r.truncate(9);
                r
            })
            .collect()
    };
    let base = rows(&convert("base.txt", text.as_bytes()));
    let is_competency = |l: &str| {
        let b = l.as_bytes();
        b.len() > 9 && b[2] == b'-' && b[5] == b'-' && b[8] == b' ' && b[9] != b' '
    };
    let picks: Vec<usize> = (0..lines.len())
        .filter(|&i| is_competency(lines[i]))
        .step_by(37)
        .collect();
    assert!(picks.len() >= 25, "{} lines picked", picks.len());
    let mut bad = Vec::new();
    for &i in &picks {
        let (code, words) = lines[i].split_once(' ').expect("code and text");
        let mut edits = vec![
            ("10 longer", format!("{}{}", lines[i], "乙".repeat(10))),
            ("100 longer", format!("{}{}", lines[i], "乙".repeat(100))),
        ];
        let chars: Vec<char> = words.chars().collect();
        if chars.len() >= 4 {
            let shorter: String = chars[..chars.len() - 2].iter().collect();
            edits.push(("2 shorter", format!("{code} {shorter}")));
            let replaced: String = chars[2..].iter().collect();
            edits.push(("word replaced", format!("{code} 丙丁{replaced}")));
        }
        for (kind, line) in edits {
            let mut edited = lines.clone();
            edited[i] = &line;
            let got = rows(&convert("edited.txt", edited.join("\n").as_bytes()));
            let changed = base.iter().zip(&got).filter(|(a, b)| a != b).count();
            if got.len() != base.len() || changed != 1 {
                bad.push(format!(
                    "line {} {kind}: {changed} rows changed, {} rows",
                    i + 1,
                    got.len()
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
