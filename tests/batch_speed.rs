//! Benchmark: a folder of PDFs with 1 job and with 2 jobs. Ignored by default (it wants a
//! release build and an otherwise idle machine):
//!
//! ```text
//! cargo test --release --test batch_speed -- --ignored --nocapture
//! ```
//!
//! Set `COMPMAP_BENCH_COPIES` to change the number of files (default 16) and
//! `COMPMAP_BENCH_INPUT` to copy another file than the bundled PDF; each job count is
//! timed `COMPMAP_BENCH_RUNS` times (default 3) and the best time counts.

use compmap::batch::{self, Event, Options};
use compmap::export::Format;
use std::time::Instant;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/business-english-standards.pdf"
);

#[test]
#[ignore = "benchmark: run in release mode on an idle machine"]
fn two_jobs_are_at_least_1_6_times_faster_than_one() {
    let copies: usize = std::env::var("COMPMAP_BENCH_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let source = std::env::var("COMPMAP_BENCH_INPUT").unwrap_or_else(|_| FIXTURE.to_string());
    let ext = std::path::Path::new(&source)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pdf".into());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pdfs");
    std::fs::create_dir(&input).unwrap();
    for i in 0..copies {
        std::fs::copy(&source, input.join(format!("standard-{i:02}.{ext}"))).unwrap();
    }
    let quiet = |_: Event<'_>| {};
    let time = |jobs: usize| {
        let options = Options {
            out_dir: dir.path().join(format!("out{jobs}")),
            formats: vec![Format::Xlsx, Format::Csv, Format::Json],
            export: Default::default(),
            jobs,
            write_summary: true,
            timeout: None,
            revision: None,
        };
        let start = Instant::now();
        let report = batch::run(std::slice::from_ref(&input), &options, &quiet).unwrap();
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(report.failed().count(), 0, "{:?}", report.failed().next());
        assert_eq!(report.converted().count(), copies);
        seconds
    };
    time(2); // warm the file cache
             // Best of a few interleaved runs: the machine is shared, and the minimum is the run
             // least disturbed by other work.
    let runs: usize = std::env::var("COMPMAP_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let (mut one, mut two) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        one = one.min(time(1));
        two = two.min(time(2));
    }
    let speedup = one / two;
    println!(
        "{copies} copies of {source}: 1 job {one:.2} s ({:.0} ms a file), 2 jobs {two:.2} s, speed-up {speedup:.2}x",
        one * 1000.0 / copies as f64
    );
    assert!(speedup >= 1.6, "speed-up {speedup:.2}x is below 1.6x");
}
