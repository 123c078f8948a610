//! Bad inputs: each gives a clear `compmap::Error` naming the file, or converts; none panics
//! or hangs. Every conversion runs under a watchdog thread, so a hang fails the test after
//! [`watchdog::LIMIT`] instead of stalling the run (no timing is asserted otherwise).
//!
//! Small bad files live in `fixtures/bad/` and `fixtures/pdf/`; big and deep ones are made
//! here.

use compmap::{Error, Standard};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod support;

use support::bin;
use support::watchdog;

/// Convert `bytes` named `name` under the watchdog: a panic or a hang fails the test.
fn convert(name: &str, bytes: Vec<u8>) -> Result<Standard, Error> {
    let path = PathBuf::from(name);
    watchdog::guarded(name, move || compmap::convert_bytes(&path, &bytes))
}

fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The error must name the file; `check` says what kind of error is expected.
fn expect_error(name: &str, bytes: Vec<u8>, check: impl Fn(&Error) -> bool) -> Error {
    match convert(name, bytes) {
        Ok(s) => panic!(
            "{name}: converted ({} rows) instead of failing",
            s.mappings.len()
        ),
        Err(e) => {
            assert!(check(&e), "{name}: unexpected error {e:?}");
            assert!(e.to_string().contains(name), "{name}: not named in `{e}`");
            e
        }
    }
}

/// Converts, or fails with an error naming the file: both are fine, a panic or hang is not.
fn converts_or_names_the_file(name: &str, bytes: Vec<u8>) -> Option<Standard> {
    match convert(name, bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            assert!(e.to_string().contains(name), "{name}: not named in `{e}`");
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// Nothing, junk and binary
// ---------------------------------------------------------------------------------------

#[test]
fn empty_and_blank_files_are_empty() {
    for (name, bytes) in [
        ("empty.txt", Vec::new()),
        ("blank.txt", b" \n\r\n\t \n".to_vec()),
        ("empty.pdf", Vec::new()),
    ] {
        expect_error(name, bytes, |e| matches!(e, Error::Empty { .. }));
    }
}

#[test]
fn committed_bad_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/bad")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).expect("read");
        // Each file says in its name what it must give.
        let want: fn(&Error) -> bool = if name.starts_with("no-table") {
            |e| matches!(e, Error::NoCourseTable { .. })
        } else if name.starts_with("binary") {
            |e| matches!(e, Error::NotText { .. })
        } else if name.starts_with("corrupt") {
            |e| matches!(e, Error::CorruptPdf { .. })
        } else {
            panic!("{name}: name it after the error it must give")
        };
        expect_error(&name, bytes, want);
    }
}

#[test]
fn random_binary_is_not_text() {
    // Deterministic bytes with NULs and every high byte: no text encoding reads them.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    expect_error("noise.bin", bytes, |e| matches!(e, Error::NotText { .. }));
}

#[test]
fn fifty_thousand_junk_lines_have_no_table() {
    let mut text = String::new();
    for i in 0..50_000u32 {
        // Mixed junk: words, numbers, things shaped like codes, CJK, labels out of place.
        match i % 7 {
            0 => text.push_str(&format!("{:02}-{:02}-{:02}\n", i % 100, i % 37, i % 11)),
            1 => text.push_str("工作项目 工作任务 职业能力\n"),
            2 => text.push_str(&format!("第{i}行 随便 写 的 字 {i}\n")),
            3 => text.push('\n'),
            4 => text.push_str("☑☐☑☐ 续上表 课程名称\n"),
            5 => text.push_str(&format!("{}\n", "x".repeat((i % 200) as usize))),
            _ => text.push_str(&format!("{i}\n")),
        }
    }
    converts_or_names_the_file("junk-lines.txt", text.into_bytes());
}

#[test]
fn fifty_thousand_lines_inside_one_table() {
    // A real course header, then a table of 50,000 lines: rows, wrapped text, junk and
    // repeated codes. It converts (rows and findings); the watchdog catches a blow-up.
    let text = String::from_utf8(fixture("fixtures/business-english-standards.txt")).unwrap();
    let header_end = text
        .lines()
        .position(|l| l.starts_with("01-01-01"))
        .expect("first row");
    let mut doc: Vec<String> = text.lines().take(header_end).map(String::from).collect();
    for i in 0..50_000u32 {
        doc.push(match i % 5 {
            0 => format!(
                "{:02}-{:02}-{:02} 能做第{i}件事",
                1 + i / 2500,
                1 + i / 250 % 10,
                i % 100
            ),
            1 => "并且写得很长很长的一行说明文字".to_string(),
            2 => String::new(),
            3 => format!(
                "{} 任务{i}",
                format_args!("{:02}-{:02}", 1 + i / 2500, 1 + i / 250 % 10)
            ),
            _ => format!("杂项 {i} x y z"),
        });
    }
    let s = convert("big-table.txt", doc.join("\n").into_bytes()).expect("converts");
    assert!(s.mappings.len() >= 10_000, "{} rows", s.mappings.len());
}

// ---------------------------------------------------------------------------------------
// Huge lines in a text dump
// ---------------------------------------------------------------------------------------

#[test]
fn a_megabyte_line_alone_has_no_table() {
    let line = "能".repeat(350_000) + "\n"; // 1.05 MB of UTF-8
    expect_error("long-line.txt", line.into_bytes(), |e| {
        matches!(e, Error::NoCourseTable { .. })
    });
}

#[test]
fn a_megabyte_line_inside_a_table_is_kept_and_the_rest_converts() {
    let text = String::from_utf8(fixture("fixtures/business-english-standards.txt")).unwrap();
    let plain = convert("plain.txt", text.clone().into_bytes()).expect("fixture converts");
    let lines: Vec<&str> = text.lines().collect();
    // Right after the first competency row of the first table.
    let at = lines
        .iter()
        .position(|l| l.starts_with("01-01-01"))
        .expect("a competency row")
        + 1;
    for (kind, long) in [
        ("cjk", "长".repeat(350_000)),
        ("ascii", "word ".repeat(210_000)),
        ("codes", "01-01-01 ".repeat(120_000)),
    ] {
        let mut doc: Vec<&str> = lines.clone();
        doc.insert(at, &long);
        let name = format!("long-{kind}.txt");
        let s = convert(&name, doc.join("\n").into_bytes()).expect("converts");
        // Nothing before the line is lost, and the huge text is somewhere: a cell or a
        // finding (never dropped).
        assert!(
            s.mappings.len() >= plain.mappings.len().saturating_sub(5),
            "{name}: {} rows, {} without the line",
            s.mappings.len(),
            plain.mappings.len()
        );
        let probe = &long[..long.char_indices().nth(50).unwrap().0];
        let kept = if kind == "codes" {
            // A line of codes becomes rows (and findings about them).
            s.mappings.len() + s.findings.len() > plain.mappings.len() + plain.findings.len()
        } else {
            s.mappings.iter().any(|m| {
                [&m.competency_text, &m.task_name, &m.project_name]
                    .iter()
                    .any(|t| t.contains(probe))
            }) || s.findings.iter().any(|f| f.message.contains(probe))
        };
        assert!(kept, "{name}: the long line left no trace");
    }
}

#[test]
fn a_megabyte_cell_through_the_command_line() {
    // A cell longer than a spreadsheet cell may be (32,767 characters): the command either
    // writes every file or fails naming the file and the reason, leaving no file behind.
    let text = String::from_utf8(fixture("fixtures/business-english-standards.txt")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = 1 + lines
        .iter()
        .position(|l| l.starts_with("01-01-01"))
        .expect("a competency row");
    lines.insert(at, "长".repeat(350_000));
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, out) = (dir.path().join("huge-cell.txt"), dir.path().join("out"));
    std::fs::write(&input, lines.join("\n")).unwrap();
    let o = bin::compmap([Path::new("convert"), &input, Path::new("-o"), &out]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let files = if out.exists() {
        snapshot(&out)
    } else {
        Default::default()
    };
    match o.status.code() {
        Some(0) => assert!(files.len() >= 7, "{:?}", files.keys()),
        Some(2) => {
            assert!(stderr.contains("huge-cell"), "{stderr}");
            assert!(files.is_empty(), "left behind: {:?}", files.keys());
        }
        other => panic!("exit {other:?}: {stderr}"),
    }
}

// ---------------------------------------------------------------------------------------
// Damaged PDFs (the committed ones of fixtures/pdf/)
// ---------------------------------------------------------------------------------------

#[test]
fn truncated_pdf_is_corrupt() {
    expect_error(
        "truncated.pdf",
        fixture("fixtures/pdf/truncated.pdf"),
        |e| matches!(e, Error::CorruptPdf { .. }),
    );
}

#[test]
fn every_prefix_of_a_pdf_errs_or_converts() {
    let whole = fixture("fixtures/pdf/soffice-html.pdf");
    let mut ok = 0;
    for cut in (0..whole.len()).step_by(whole.len() / 40) {
        let name = format!("cut-{cut}.pdf");
        ok += usize::from(converts_or_names_the_file(&name, whole[..cut].to_vec()).is_some());
    }
    // A cut PDF may still be read (xref rebuilt), but not most of them.
    assert!(ok < 40, "{ok} of 40 cut PDFs converted");
}

#[test]
fn junk_after_the_header_is_corrupt() {
    expect_error(
        "not-a-pdf.pdf",
        fixture("fixtures/pdf/not-a-pdf.pdf"),
        |e| matches!(e, Error::CorruptPdf { .. }),
    );
}

#[test]
fn user_password_is_encrypted() {
    expect_error(
        "user-password.pdf",
        fixture("fixtures/pdf/user-password.pdf"),
        |e| matches!(e, Error::Encrypted { .. }),
    );
}

#[test]
fn owner_password_only_converts() {
    for name in ["owner-password.pdf", "owner-password-rc4.pdf"] {
        let s = convert(name, fixture(&format!("fixtures/pdf/{name}"))).expect(name);
        assert!(!s.mappings.is_empty(), "{name}: no rows");
    }
}

/// Under `--ocr auto` (the default) a scan is read by OCR: this one (a 16×16 grey square)
/// holds no table, and the error says the text came from OCR. `--ocr never` keeps the old
/// refusal (`tests/ocr_pages.rs`, `ocr_never_refuses_a_scan_as_before`).
#[test]
fn image_only_pdf_is_read_by_ocr_and_has_no_table() {
    let e = expect_error("scan.pdf", fixture("fixtures/pdf/scan.pdf"), |e| {
        matches!(e, Error::NoCourseTableOcr { .. })
    });
    assert!(e.to_string().contains("OCR"), "{e}");
}

// ---------------------------------------------------------------------------------------
// PDFs made here: deep nesting, cycles, many pages
// ---------------------------------------------------------------------------------------

/// A PDF from its objects (numbered from 1), with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(content: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend_from_slice(content);
    s.extend_from_slice(b"\nendstream");
    s
}

/// One page showing some Latin text, with `extra` spliced into the page dictionary and
/// `content` as its content stream.
fn one_page(extra: &[u8], content: &[u8]) -> Vec<u8> {
    let mut page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
        /Resources << /Font << /F1 5 0 R >> >> "
        .to_vec();
    page.extend_from_slice(extra);
    page.extend_from_slice(b" >>");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page,
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

const HELLO: &[u8] = b"BT /F1 12 Tf 72 720 Td (01-01-01 hello) Tj ET";

#[test]
fn the_page_maker_makes_a_readable_pdf() {
    // The generated PDFs below must be real PDFs, or they would test only the xref error.
    let e = expect_error("plain.pdf", one_page(b"", HELLO), |_| true);
    assert!(
        matches!(e, Error::NoCourseTable { .. }),
        "a readable page without a table: {e}"
    );
}

#[test]
fn deeply_nested_arrays_and_dictionaries() {
    for depth in [1_000usize, 100_000] {
        let arrays = [b"/Nest ".to_vec(), b"[".repeat(depth), b"]".repeat(depth)].concat();
        converts_or_names_the_file(&format!("arrays-{depth}.pdf"), one_page(&arrays, HELLO));
        let dicts = [
            b"/Nest ".to_vec(),
            b"<< /A ".repeat(depth),
            b">> ".repeat(depth),
        ]
        .concat();
        converts_or_names_the_file(&format!("dicts-{depth}.pdf"), one_page(&dicts, HELLO));
        // Unclosed: the parser must give up, not run off the end or the stack.
        let open = [b"/Nest ".to_vec(), b"[<< /A ".repeat(depth)].concat();
        converts_or_names_the_file(&format!("open-{depth}.pdf"), one_page(&open, HELLO));
    }
}

#[test]
fn deeply_nested_content_stream() {
    for depth in [1_000usize, 100_000] {
        let mut content = b"q ".repeat(depth);
        content.extend_from_slice(HELLO);
        content.extend_from_slice(&b" Q".repeat(depth));
        converts_or_names_the_file(&format!("q-{depth}.pdf"), one_page(b"", &content));
        // Arrays as operands (TJ) nested deep.
        let mut content = b"BT /F1 12 Tf 72 720 Td ".to_vec();
        content.extend_from_slice(&b"[".repeat(depth));
        content.extend_from_slice(&b"]".repeat(depth));
        content.extend_from_slice(b" TJ ET");
        converts_or_names_the_file(&format!("tj-{depth}.pdf"), one_page(b"", &content));
    }
}

#[test]
fn cycles_in_the_page_tree_and_references() {
    // The page tree lists itself as a kid.
    let self_kid = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream(HELLO),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]);
    converts_or_names_the_file("self-kid.pdf", self_kid);
    // Resources inherited from a parent that is its own parent.
    let loop_parent = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".to_vec(),
        stream(HELLO),
    ]);
    converts_or_names_the_file("loop-parent.pdf", loop_parent);
    // A reference that points at itself, in the place of the contents and of a font.
    let self_ref = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        b"4 0 R".to_vec(),
        b"5 0 R".to_vec(),
    ]);
    converts_or_names_the_file("self-ref.pdf", self_ref);
}

#[test]
fn long_parent_chains() {
    // A page inheriting its resources through 20,000 page-tree nodes (and a loop at the
    // end of the chain): followed naively, each level is a stack frame.
    let n = 20_000;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 6 0 R /Contents 4 0 R >>".to_vec(),
        stream(HELLO),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for i in 0..n {
        let next = if i + 1 < n { 7 + i } else { 6 };
        objects.push(format!("<< /Type /Pages /Parent {next} 0 R >>").into_bytes());
    }
    converts_or_names_the_file("parent-chain.pdf", pdf(&objects));
}

/// A page drawing form XObject `/X` (object 6), whose content is `form_content` and whose
/// dictionary gets `form_extra`.
fn page_with_form(form_extra: &str, form_content: &[u8]) -> Vec<u8> {
    let mut form = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] {form_extra} /Length {} >>\nstream\n",
        form_content.len()
    )
    .into_bytes();
    form.extend_from_slice(form_content);
    form.extend_from_slice(b"\nendstream");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>"
            .to_vec(),
        stream(&[HELLO, b" /X Do"].concat()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        form,
    ])
}

#[test]
fn forms_drawn_inside_themselves() {
    let text = [HELLO, b" /X Do"].concat();
    // No resources of its own: `/X` is looked up in the page's, which name the form itself.
    converts_or_names_the_file("form-loop.pdf", page_with_form("", &text));
    // Its own resources name it again, under another name.
    converts_or_names_the_file(
        "form-own-loop.pdf",
        page_with_form(
            "/Resources << /Font << /F1 5 0 R >> /XObject << /Y 6 0 R >> >>",
            &[HELLO, b" /Y Do"].concat(),
        ),
    );
    // A form that draws nothing else reads normally: the cut is for loops only.
    let plain = page_with_form("", HELLO);
    let e = expect_error("form-plain.pdf", plain, |_| true);
    assert!(matches!(e, Error::NoCourseTable { .. }), "{e}");
}

#[test]
fn long_chain_of_forms() {
    // 5,000 forms, each drawing the next.
    let n = 5_000;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>"
            .to_vec(),
        stream(&[HELLO, b" /X Do"].concat()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for i in 0..n {
        let content: &[u8] = if i + 1 < n { b"/X Do" } else { HELLO };
        let mut form = format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] \
             /Resources << /Font << /F1 5 0 R >> /XObject << /X {} 0 R >> >> /Length {} >>\nstream\n",
            7 + i,
            content.len()
        )
        .into_bytes();
        form.extend_from_slice(content);
        form.extend_from_slice(b"\nendstream");
        objects.push(form);
    }
    converts_or_names_the_file("form-chain.pdf", pdf(&objects));
}

#[test]
fn a_long_pdf_converts() {
    // 350 pages: the LibreOffice fixture's 5 pages 70 times over, via lopdf.
    use lopdf::{Document, Object};
    let mut doc = Document::load_mem(&fixture("fixtures/pdf/soffice-html.pdf")).expect("load");
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("page tree");
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let mut kids = Vec::new();
    for _ in 0..70 {
        for &id in &pages {
            let mut page = doc
                .get_object(id)
                .and_then(Object::as_dict)
                .expect("page")
                .clone();
            page.set("Parent", Object::Reference(root));
            kids.push(Object::Reference(doc.add_object(Object::Dictionary(page))));
        }
    }
    let count = kids.len() as i64;
    let tree = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .expect("root");
    tree.set("Kids", Object::Array(kids));
    tree.set("Count", Object::Integer(count));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let one = convert("soffice-html.pdf", fixture("fixtures/pdf/soffice-html.pdf")).expect("5");
    let s = convert("long.pdf", bytes).expect("the long PDF converts");
    assert_eq!(s.pages, 350);
    // Every copy of the table is read: 70 times the rows of one copy.
    assert_eq!(s.mappings.len(), 70 * one.mappings.len());
}

// ---------------------------------------------------------------------------------------
// Atomic output: a failed or killed run never leaves a half-written or bad file
// ---------------------------------------------------------------------------------------

/// Every file of `dir`, name → bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read output dir")
        .map(|e| {
            let e = e.expect("entry");
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn a_failed_run_keeps_the_good_outputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, out) = (dir.path().join("doc.txt"), dir.path().join("out"));
    std::fs::write(&input, fixture("fixtures/business-english-standards.txt")).unwrap();
    let first = bin::compmap([Path::new("convert"), &input, Path::new("-o"), &out]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let good = snapshot(&out);
    assert!(good.len() >= 7, "{:?}", good.keys());
    // The same name now holds something that cannot be converted.
    for bad in [
        b"no table here\n".to_vec(),
        Vec::new(),
        fixture("fixtures/pdf/truncated.pdf"),
    ] {
        std::fs::write(&input, &bad).unwrap();
        let again = bin::compmap([Path::new("convert"), &input, Path::new("-o"), &out]);
        assert_eq!(again.status.code(), Some(2), "{again:?}");
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("doc.txt"),
            "{again:?}"
        );
        assert_eq!(snapshot(&out), good, "a failed run changed the outputs");
    }
}

#[test]
fn a_killed_run_leaves_whole_files() {
    // Outputs of an older revision (the fixture without its last course) are in place;
    // a run on the full fixture is killed at several moments. Every output file must then
    // be either the old one or the new one, whole; never a mix or a prefix.
    let text = String::from_utf8(fixture("fixtures/business-english-standards.txt")).unwrap();
    let last_title = text
        .match_indices("课程与能力对接表")
        .last()
        .map(|(i, _)| text[..i].rfind('\n').unwrap_or(0))
        .expect("a course title");
    let old_text = &text[..last_title];
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("doc.txt");
    let run = |out: &Path| bin::compmap([Path::new("convert"), &input, Path::new("-o"), out]);

    std::fs::write(&input, text.as_bytes()).unwrap();
    let new_dir = dir.path().join("new");
    let started = std::time::Instant::now();
    assert_eq!(run(&new_dir).status.code(), Some(0));
    let full_run = started.elapsed();
    let new = snapshot(&new_dir);
    std::fs::write(&input, old_text.as_bytes()).unwrap();
    let old_dir = dir.path().join("old");
    assert_eq!(run(&old_dir).status.code(), Some(0));
    let old = snapshot(&old_dir);
    assert_ne!(old, new, "the two revisions must give different files");

    // Kill after the k-th change seen in the output folder (a temporary file appearing,
    // an output replaced), watching every millisecond, so the kills land while files are
    // being written; the last runs kill at fixed fractions of a whole run.
    let steps = 10u32;
    for step in 1..=steps {
        let out = dir.path().join(format!("killed-{step}"));
        std::fs::create_dir(&out).unwrap();
        for (name, bytes) in &old {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        std::fs::write(&input, text.as_bytes()).unwrap();
        let mut child = bin::command([Path::new("convert"), &input, Path::new("-o"), &out])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let old_sizes: Vec<(String, u64)> = old
            .iter()
            .map(|(n, b)| (n.clone(), b.len() as u64))
            .collect();
        let changes = |out: &Path| {
            std::fs::read_dir(out)
                .map(|d| {
                    d.filter_map(|e| {
                        let e = e.ok()?;
                        let name = e.file_name().to_string_lossy().into_owned();
                        let len = e.metadata().ok()?.len();
                        (!old_sizes.contains(&(name, len))).then_some(())
                    })
                    .count()
                })
                .unwrap_or(0)
        };
        let started = std::time::Instant::now();
        loop {
            if child.try_wait().ok().flatten().is_some() {
                break;
            }
            let due = if step <= 7 {
                changes(&out) >= step as usize
            } else {
                started.elapsed() >= full_run * (step - 7) / 4
            };
            if due {
                let _ = child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.wait();
        let after = snapshot(&out);
        let replaced = after.iter().filter(|(n, b)| new.get(*n) == Some(b)).count();
        eprintln!(
            "kill {step} (whole run {full_run:?}): {replaced} of {} files new",
            new.len()
        );
        for (name, bytes) in after {
            if name.starts_with('.') && name.ends_with(".tmp") {
                // A temporary file a kill left behind: never at an output's name.
                continue;
            }
            assert!(
                old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes),
                "kill {step}: {name} is neither the old nor the new file \
                 ({} bytes)",
                bytes.len()
            );
        }
    }
}
