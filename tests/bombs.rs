//! Hostile and huge inputs: each stops at one of compmap's limits (docs/GUARANTEES.md) with
//! exit 2 and an error naming the file, quickly and in bounded memory, through the binary:
//! a decompression bomb, a page tree listing each node twice, a `/W` array of 19.7 million
//! widths, forms drawing forms 2^24 times, a page of 2 MB of paths, a page of 300,000 glyphs,
//! `/dev/zero` and `/dev/urandom`, a huge text dump, a cross-reference stream inflating to
//! 2 GiB, 64 object streams of 2 MiB each (128 MiB of objects lopdf parses at load time).
//! In a batch the good files still convert.
//!
//! The PDFs are a few KB each, in `fixtures/bad/bombs/` (made by `scripts/make_bombs.py`).
//!
//! Peak memory is the child's `VmHWM` (its resident high-water mark) from
//! `/proc/<pid>/status`, read every 2 ms while it runs; past [`MAX_MEMORY_KIB`] the child is
//! killed at once and the test fails, so a regression cannot take the machine's memory.
//! (A child growing by more than the margin in its last 2 ms would go unseen; the bombs
//! these tests stop grow by gigabytes over seconds.)

mod support;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::bin;

/// Peak resident memory any of these runs may reach.
const MAX_MEMORY_KIB: u64 = 512 * 1024;

struct Run {
    code: Option<i32>,
    stderr: String,
    time: Duration,
    /// Highest `VmHWM` seen, in KiB.
    peak_kib: u64,
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run `compmap args`, watching its memory; killed (and the test failed) past
/// [`MAX_MEMORY_KIB`] or `limit`.
fn run(args: &[&str], limit: Duration) -> Run {
    let err = tempfile::tempfile().expect("temp file");
    let mut child = bin::command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err.try_clone().expect("clone"))
        .spawn()
        .expect("compmap runs");
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = vm_hwm(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if peak > MAX_MEMORY_KIB || start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "compmap {args:?}: killed after {:.1} s at {} MiB (limits: {:?}, {} MiB)",
                start.elapsed().as_secs_f64(),
                peak / 1024,
                limit,
                MAX_MEMORY_KIB / 1024
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let time = start.elapsed();
    let stderr = {
        use std::io::{Read, Seek};
        let mut err = err;
        let mut s = String::new();
        err.rewind().expect("rewind");
        err.read_to_string(&mut s).expect("stderr");
        s
    };
    Run {
        code: status.code(),
        stderr,
        time,
        peak_kib: peak,
    }
}

fn bombs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/bombs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/bad/bombs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "{names:?}");
    names
}

/// Exit 2, an error naming `name`, within `limit` (memory is checked by [`run`]).
fn refused(args: &[&str], name: &str, limit: Duration) -> Run {
    let r = run(args, limit);
    assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    assert!(r.stderr.contains(name), "{args:?}: not named: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    eprintln!(
        "{name}: exit 2 in {:.2} s, peak {} MiB",
        r.time.as_secs_f64(),
        r.peak_kib / 1024
    );
    r
}

#[test]
fn each_bomb_is_refused_by_convert_quickly_in_bounded_memory() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    for bomb in bombs() {
        let path = bomb.to_str().expect("utf-8");
        refused(&["convert", path, "-o", out], path, Duration::from_secs(30));
    }
}

#[test]
fn the_limits_that_stop_them_are_named() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/bombs");
    for (name, says) in [
        ("flate-2gib.pdf", "per stream"),
        ("forms.pdf", "form draws per page"),
        ("page-content.pdf", "1 MiB per page"),
        ("glyphs.pdf", "glyphs per page"),
        ("xref-stream.pdf", "per cross-reference stream"),
        ("object-streams.pdf", "the PDF's object streams"),
    ] {
        let path = dir.join(name);
        let path = path.to_str().expect("utf-8");
        let r = refused(&["convert", path, "-o", out], name, Duration::from_secs(30));
        assert!(r.stderr.contains("compmap's limit"), "{}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
    }
}

#[test]
fn check_and_diff_refuse_them_too() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/business-english-standards.txt");
    let good = good.to_str().expect("utf-8");
    for bomb in bombs() {
        let path = bomb.to_str().expect("utf-8");
        refused(&["check", path], path, Duration::from_secs(30));
        refused(
            &["diff", good, path, "-o", out],
            path,
            Duration::from_secs(30),
        );
    }
}

#[test]
fn in_a_batch_the_good_file_still_converts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for bomb in bombs() {
        std::fs::copy(&bomb, input.join(bomb.file_name().expect("name"))).expect("copy");
    }
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/business-english-standards.txt"),
        input.join("good.txt"),
    )
    .expect("copy");
    let out = dir.path().join("out");
    let r = run(
        &[
            "convert",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--format",
            "csv",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    for bomb in bombs() {
        let name = bomb
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(r.stderr.contains(&name), "{name} not named: {}", r.stderr);
    }
    assert!(out.join("good.mappings.csv").exists(), "{}", r.stderr);
    eprintln!(
        "batch: {:.2} s, peak {} MiB",
        r.time.as_secs_f64(),
        r.peak_kib / 1024
    );
}

#[test]
fn devices_stop_at_the_input_limit() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    for device in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(device).exists() {
            eprintln!("{device}: absent, skipped");
            continue;
        }
        let r = refused(
            &["convert", device, "-o", out],
            device,
            Duration::from_secs(10),
        );
        assert!(r.stderr.contains("compmap's limit"), "{}", r.stderr);
        refused(&["check", device], device, Duration::from_secs(10));
    }
}

#[test]
fn a_huge_text_dump_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 200 MB of text lines: refused by its size, not read.
    let path = dir.path().join("huge.txt");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        let line = "01-01-01 能根据客户需求撰写商务信函 Write business letters\n".repeat(1000);
        while f.get_ref().metadata().expect("meta").len() < 200_000_000 {
            f.write_all(line.as_bytes()).expect("write");
            f.flush().expect("flush");
        }
    }
    let out = dir.path().join("out");
    let path = path.to_str().expect("utf-8");
    let out = out.to_str().expect("utf-8");
    let r = refused(&["convert", path, "-o", out], path, Duration::from_secs(30));
    assert!(r.stderr.contains("8 MiB"), "{}", r.stderr);
    // Raising the limit is the user's call: then it is read (and stopped by the time limit
    // of the test, not here), so only a small limit is tried the other way round.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/business-english-standards.txt");
    let fixture = fixture.to_str().expect("utf-8");
    let r = refused(
        &["convert", fixture, "-o", out, "--max-input-size", "64K"],
        fixture,
        Duration::from_secs(30),
    );
    assert!(r.stderr.contains("64 KiB"), "{}", r.stderr);
}

#[test]
fn a_text_dump_at_the_limit_converts_in_bounded_memory() {
    // 7.7 MB: the fixture 70 times over, just under the 8 MiB limit of a text dump.
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/business-english-standards.txt"),
    )
    .expect("fixture");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, fixture.repeat(70)).expect("write");
    let out = dir.path().join("out");
    let r = run(
        &[
            "convert",
            path.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--format",
            "csv",
        ],
        Duration::from_secs(120),
    );
    eprintln!(
        "7.7 MB text dump: exit {:?} in {:.2} s, peak {} MiB",
        r.code,
        r.time.as_secs_f64(),
        r.peak_kib / 1024
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn sparse_hostile_workbooks_are_read_cell_by_cell_in_bounded_memory() {
    // `fixtures/originals/make_originals.py`: 1.5 KB workbooks with a cell at A1 and one at
    // XFD1048576 (calamine's `worksheet_range` allocated the 17 billion cells between them:
    // 512 GiB, the process aborted), and the same with one merged region over the sheet.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/originals");
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    let sparse = dir.join("bad-sparse.xlsx");
    let sparse = sparse.to_str().expect("utf-8");
    // Read as the two cells it holds: no course table in them, which is bad input.
    let r = refused(
        &["convert", sparse, "-o", out, "--format", "csv"],
        "bad-sparse.xlsx",
        Duration::from_secs(30),
    );
    assert!(!r.stderr.contains("memory allocation"), "{}", r.stderr);
    let merge = dir.join("bad-merge.xlsx");
    let merge = merge.to_str().expect("utf-8");
    let r = refused(
        &["convert", merge, "-o", out, "--format", "csv"],
        "bad-merge.xlsx",
        Duration::from_secs(30),
    );
    assert!(
        r.stderr.contains("the number of cells in the workbook"),
        "{}",
        r.stderr
    );
}

#[test]
fn hostile_ods_repeats_and_spans_are_counted_before_they_are_spread() {
    // `fixtures/originals/make_originals.py` (`hostile_ods`): about 500 bytes each. A row of
    // 16,384 cells with text repeated 1,048,576 times, and a merged region over the whole
    // sheet: refused at the cell limit before one copy is made. A cell at A1 and one at
    // XFD1048576 with empty repeats between them: read as its two cells (no course table,
    // which is bad input), the empty repeats costing nothing.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/originals");
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_str().expect("utf-8");
    for (name, says) in [
        ("bad-repeated.ods", "the number of cells in the workbook"),
        ("bad-merge.ods", "the number of cells in the workbook"),
        ("bad-sparse.ods", "no course table"),
    ] {
        let path = dir.join(name);
        let path = path.to_str().expect("utf-8");
        let r = refused(
            &["convert", path, "-o", out, "--format", "csv"],
            name,
            Duration::from_secs(10),
        );
        assert!(r.stderr.contains(says), "{name}: {}", r.stderr);
        assert!(r.time < Duration::from_secs(5), "{name}: {:?}", r.time);
    }
}
