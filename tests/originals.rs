//! Originals (Word documents and workbooks, `fixtures/originals/`, made by
//! `make_originals.py`): each gives exactly the rows and courses of its text or PDF version
//! (every column but `page`/`line`), written by python-docx/openpyxl and re-saved by
//! LibreOffice; each special case has its small file; bad originals fail with exit 2.

mod support;

use compmap::{Error, Rule, Standard};
use std::path::Path;
use support::bin;
use support::gold::csv_rows;
use support::rows::mapping_rows;

const DIR: &str = "fixtures/originals";

fn convert(name: &str) -> Standard {
    compmap::convert_file(&Path::new(DIR).join(name))
        .unwrap_or_else(|e| panic!("{name} converts: {e}"))
}

/// Mapping rows without `page` (the first nine columns).
fn rows(s: &Standard) -> Vec<Vec<String>> {
    mapping_rows(s)
        .into_iter()
        .map(|mut r| {
            r.truncate(9);
            r
        })
        .collect()
}

fn expected(path: &str) -> Vec<Vec<String>> {
    csv_rows(path, 9)
}

fn assert_same(name: &str, got: Vec<Vec<String>>, want: Vec<Vec<String>>) {
    assert_eq!(got.len(), want.len(), "{name}: number of rows");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}: row {i}");
    }
}

fn text_fixture() -> Standard {
    compmap::convert_file(Path::new("fixtures/business-english-standards.txt")).unwrap()
}

#[test]
fn the_fixture_as_docx_xlsx_and_ods_gives_the_text_versions_rows_and_courses() {
    let text = text_fixture();
    let gold_rows = expected("tests/golden/business-english-standards.rows.csv");
    let gold_courses = csv_rows("tests/golden/business-english-standards.courses.csv", 5);
    for name in [
        "business-english.docx",
        "business-english.lo.docx",
        "business-english.xlsx",
        "business-english.lo.xlsx",
        "business-english.lo.ods",
    ] {
        let s = convert(name);
        assert_same(name, rows(&s), rows(&text));
        assert_same(name, rows(&s), gold_rows.clone());
        assert_eq!(support::rows::courses(&s), gold_courses, "{name}: courses");
        if name.ends_with(".docx") {
            assert_eq!(s.title, text.title, "{name}: title");
        }
        // The same findings but for the text dump's leaked page number.
        let rules = |s: &Standard| {
            let mut v: Vec<(Rule, Option<u32>, String)> = s
                .findings
                .iter()
                .filter(|f| f.rule != Rule::StrayText)
                .map(|f| (f.rule, f.course_no, f.code.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(rules(&s), rules(&text), "{name}: findings");
        assert!(
            s.findings.iter().all(|f| f.rule != Rule::StrayText),
            "{name}: {:?}",
            s.findings
        );
    }
}

#[test]
fn the_logistics_programme_as_docx_gives_its_pdf_versions_rows() {
    for (stem, pdf) in [
        ("logistics", "word-landscape"),
        ("logistics-portrait", "word-portrait"),
    ] {
        let want = expected(&format!("fixtures/pdf/{pdf}.rows.csv"));
        let want_courses = csv_rows(format!("fixtures/pdf/{pdf}.courses.csv"), 5);
        let from_pdf = compmap::convert_file(&Path::new("fixtures/pdf").join(format!("{pdf}.pdf")))
            .expect("the PDF converts");
        for ext in ["docx", "lo.docx", "xlsx", "lo.ods"] {
            let name = format!("{stem}.{ext}");
            let s = convert(&name);
            assert_same(&name, rows(&s), want.clone());
            assert_same(&name, rows(&s), rows(&from_pdf));
            assert_eq!(support::rows::courses(&s), want_courses, "{name}: courses");
            assert_eq!(
                support::rows::courses(&s),
                support::rows::courses(&from_pdf),
                "{name}: courses vs the PDF"
            );
        }
    }
}

#[test]
fn hand_written_programmes_in_another_shape_give_their_rows() {
    let mut seen = 0;
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".rows.csv") else {
            continue;
        };
        if !stem.starts_with("programme-") {
            continue;
        }
        let want = expected(&format!("{DIR}/{stem}.rows.csv"));
        let want_courses = csv_rows(format!("{DIR}/{stem}.courses.csv"), 5);
        for ext in ["docx", "lo.docx", "xlsx", "lo.ods"] {
            let file = format!("{stem}.{ext}");
            let s = convert(&file);
            assert_same(&file, rows(&s), want.clone());
            assert_eq!(support::rows::courses(&s), want_courses, "{file}: courses");
            seen += 1;
        }
    }
    assert!(
        seen >= 12,
        "the hand-written programmes are there ({seen} files)"
    );
}

#[test]
fn docx_locations_are_paragraph_numbers_without_page() {
    let s = convert("business-english.docx");
    assert_eq!(s.pages, 0);
    assert!(s.mappings.iter().all(|m| m.loc.page == 0 && m.loc.line > 0));
    // Document order: paragraph numbers grow with the rows.
    assert!(s.mappings.windows(2).all(|w| w[0].loc.line < w[1].loc.line));
    // The special split fixture, counted by hand: paragraphs 1 (title), 2 (course title),
    // 3–8 (header table: 3 rows × 2 cells), 9–14 (header row: 6 cells), 15–20 (first row:
    // code, name, code, name, code, text) — the first competency code is paragraph 19.
    let s = convert("special-split.docx");
    assert_eq!(s.mappings[0].loc.line, 19);
    // The CSV leaves page empty.
    let out = tempfile::tempdir().unwrap();
    let o = bin::compmap([
        "convert",
        "fixtures/originals/special-split.docx",
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.path().join("special-split.mappings.csv")).unwrap();
    let first = csv.lines().nth(1).unwrap();
    assert!(first.ends_with(",,19"), "{first}");
}

#[test]
fn workbook_locations_are_sheet_and_row() {
    let s = convert("business-english.xlsx");
    // Sheet 1 holds course 1: title, three header-block rows, the header row; the first
    // competency is on row 6.
    assert_eq!((s.mappings[0].loc.page, s.mappings[0].loc.line), (1, 6));
    let last = s.mappings.last().unwrap();
    assert_eq!(last.loc.page, 12);
    assert_eq!(s.pages, 12);
}

fn special(stem: &str) {
    let s = convert(&format!("{stem}.docx"));
    assert_same(stem, rows(&s), expected(&format!("{DIR}/{stem}.rows.csv")));
    assert_eq!(
        support::rows::courses(&s),
        csv_rows(format!("{DIR}/{stem}.courses.csv"), 5),
        "{stem}: courses"
    );
}

#[test]
fn list_numbering_gives_the_course_numbers() {
    special("special-numbering");
    let s = convert("special-numbering.lo.docx");
    assert_eq!(
        s.courses.iter().map(|c| c.course_no).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_same(
        "special-numbering.lo",
        rows(&s),
        expected(&format!("{DIR}/special-numbering.rows.csv")),
    );
}

#[test]
fn wingdings_symbols_and_checkbox_controls_tick_the_category() {
    for stem in [
        "special-checkbox-wingdings",
        "special-checkbox-wingdings2",
        "special-checkbox-control",
    ] {
        special(stem);
        let s = convert(&format!("{stem}.docx"));
        // The ticked box (专业基础课) agrees with the title: no category-mismatch, and no
        // unmapped symbol.
        assert!(s.findings.is_empty(), "{stem}: {:?}", s.findings);
        assert_eq!(s.courses[0].level, "中职");
    }
}

#[test]
fn tracked_changes_read_as_accepted_with_one_finding_per_course() {
    special("special-tracked");
    let s = convert("special-tracked.docx");
    let tracked: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.rule == Rule::TrackedChanges)
        .collect();
    assert_eq!(tracked.len(), 1, "{:?}", s.findings);
    assert_eq!(tracked[0].course_no, Some(2));
    assert_eq!(s.findings.len(), 1, "{:?}", s.findings);
}

#[test]
fn split_tables_join_labels_printed_before_or_after_the_break() {
    special("special-split");
}

#[test]
fn a_second_header_row_is_read_as_the_tables_header() {
    // 编号 / 名称 under 工作项目 / 工作任务 / 职业能力: a DOCX split by 续上表 with both header
    // rows repeated, a workbook, and the workbook re-saved as ODS.
    for ext in ["docx", "xlsx", "lo.ods"] {
        let name = format!("special-subheader.{ext}");
        let s = convert(&name);
        assert_same(
            &name,
            rows(&s),
            expected(&format!("{DIR}/special-subheader.rows.csv")),
        );
        assert_eq!(
            support::rows::courses(&s),
            csv_rows(format!("{DIR}/special-subheader.courses.csv"), 5),
            "{name}: courses"
        );
        assert!(s.findings.is_empty(), "{name}: {:?}", s.findings);
    }
}

#[test]
fn spacer_rows_and_columns_and_a_header_block_table_read_as_the_course() {
    // An empty first row and column, empty rows between blocks and between projects, an empty
    // column between task and competency; the description label merged down beside the
    // description's two rows.
    let name = "special-spacers.xlsx";
    let s = convert(name);
    assert_same(
        name,
        rows(&s),
        expected(&format!("{DIR}/special-spacers.rows.csv")),
    );
    assert_eq!(
        support::rows::courses(&s),
        csv_rows(format!("{DIR}/special-spacers.courses.csv"), 5),
        "{name}: courses"
    );
    assert!(s.findings.is_empty(), "{name}: {:?}", s.findings);
}

#[test]
fn codes_stored_as_numbers_are_read_back_and_flagged() {
    // The workbook as openpyxl wrote it and re-saved by LibreOffice as ODS (which stores
    // the number and the text its format shows: `1`, `1.1`, and `02` for 2 in format 00).
    for name in ["special-numbers.xlsx", "special-numbers.lo.ods"] {
        numbers_read_back(name);
    }
}

fn numbers_read_back(name: &str) {
    let s = convert(name);
    let got: Vec<(String, String, String)> = s
        .mappings
        .iter()
        .map(|m| {
            (
                m.project_code.clone(),
                m.task_code.clone(),
                m.competency_code.clone(),
            )
        })
        .collect();
    let want = [
        ("01", "01-10", "01-10-01"),
        ("01", "01-10", "01-10-02"),
        ("02", "02-01", "02-01-01"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())),
        "{name}"
    );
    let flagged: Vec<&str> = s
        .findings
        .iter()
        .filter(|f| f.rule == Rule::NumberCode)
        .map(|f| f.code.as_str())
        .collect();
    // 1 and 1.1 (General format) once each, merged over two rows; 2 printed `00` is exact.
    assert_eq!(flagged, ["1", "1.1"], "{name}");
    assert_eq!(s.findings.len(), 2, "{name}: {:?}", s.findings);
}

#[test]
fn bad_originals_fail_with_exit_2_and_a_clear_message() {
    /// (file, what the message says, the error's kind)
    type Case<'a> = (&'a str, &'a str, fn(&Error) -> bool);
    let cases: [Case; 5] = [
        ("bad-truncated.docx", "truncated or corrupt", |e| {
            matches!(e, Error::BadOriginal { .. })
        }),
        (
            "bad-bomb.docx",
            "inflated size of part word/document.xml",
            |e| matches!(e, Error::LimitExceeded { .. }),
        ),
        ("bad-entities.docx", "declares a DTD", |e| {
            matches!(e, Error::BadOriginal { .. })
        }),
        ("bad-nodoc.docx", "no Word document", |e| {
            matches!(e, Error::BadOriginal { .. })
        }),
        (
            "bad-legacy.doc",
            "soffice --headless --convert-to docx fixtures/originals/bad-legacy.doc",
            |e| matches!(e, Error::ConvertFirst { .. }),
        ),
    ];
    for (name, says, kind) in cases {
        let path = format!("{DIR}/{name}");
        let err = compmap::convert_file(Path::new(&path)).expect_err(name);
        assert!(kind(&err), "{name}: {err:?}");
        let out = tempfile::tempdir().unwrap();
        let o = bin::compmap(["convert", &path, "-o", out.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&path), "{name} named: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_folder_walk_takes_originals_and_convert_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in [
        "special-split.docx",
        "special-numbers.xlsx",
        "logistics.lo.ods",
    ] {
        std::fs::copy(Path::new(DIR).join(name), inputs.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let o = bin::compmap([
        "convert",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "csv,xlsx,json,html,case",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for stem in ["special-split", "special-numbers", "logistics.lo"] {
        for ext in [
            "mappings.csv",
            "courses.csv",
            "findings.csv",
            "xlsx",
            "json",
            "html",
        ] {
            let f = out.join(format!("{stem}.{ext}"));
            assert!(f.exists(), "{} written", f.display());
        }
    }
}

/// A table cell as (sheet row, column, span, continues, text).
type GridSummary = (u32, usize, usize, bool, String);

/// Every table cell of an original, per table.
fn grid(name: &str) -> Vec<Vec<GridSummary>> {
    let source = compmap::extract::extract(&Path::new(DIR).join(name)).expect(name);
    let compmap::extract::Source::Original(o) = source else {
        panic!("{name}: not read as an original")
    };
    o.blocks
        .iter()
        .map(|b| match b {
            compmap::extract::blocks::Block::Table(t) => t
                .rows
                .iter()
                .flatten()
                .map(|c| (c.loc.line, c.col, c.span, c.continues, c.text.clone()))
                .collect(),
            compmap::extract::blocks::Block::Para(p) => panic!("{name}: a paragraph {p:?}"),
        })
        .collect()
}

#[test]
fn ods_merged_cells_are_read_as_the_xlsx_ones() {
    // The same workbooks (openpyxl, merged title, header, project and task cells) re-saved
    // by LibreOffice as ODS: our content.xml reader gives the grid the XLSX reader gives,
    // merged regions (`table:number-rows-spanned`, covered cells) included.
    for stem in ["business-english", "logistics"] {
        let xlsx = grid(&format!("{stem}.xlsx"));
        let ods = grid(&format!("{stem}.lo.ods"));
        assert_eq!(xlsx.len(), ods.len(), "{stem}: sheets");
        let continued: usize = ods.iter().flatten().filter(|c| c.3).count();
        assert!(
            continued > 100,
            "{stem}: {continued} cells continue a merge"
        );
        for (k, (x, o)) in xlsx.iter().zip(&ods).enumerate() {
            assert_eq!(x, o, "{stem}: sheet {}", k + 1);
        }
    }
}
