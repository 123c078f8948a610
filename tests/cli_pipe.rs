//! A closed stdout is a normal end: `compmap check … | head -1` stops quietly with exit 0,
//! in every report format, instead of panicking on the broken pipe.

use std::io::Read;
use std::process::{Command, Stdio};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/business-english-standards.txt"
);

/// Run `compmap check FIXTURE --format <format>` with its stdout a pipe whose read end is
/// closed at once, before the report (written after the whole file is parsed) is printed.
/// Returns the exit code and stderr.
fn check_into_closed_pipe(format: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_compmap"))
        .args(["check", FIXTURE, "--format", format])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("compmap starts");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut stderr)
        .expect("stderr is UTF-8");
    let status = child.wait().expect("compmap ends");
    (status.code(), stderr)
}

#[test]
fn check_stops_quietly_when_stdout_is_closed() {
    for format in ["text", "json", "markdown"] {
        let (code, stderr) = check_into_closed_pipe(format);
        assert!(!stderr.contains("panicked"), "--format {format}: {stderr}");
        assert!(
            !stderr.contains("Broken pipe"),
            "--format {format}: {stderr}"
        );
        // The fixture has errors, so a full report would exit 1: 0 shows the closed pipe
        // was seen and taken as the end.
        assert_eq!(code, Some(0), "--format {format}: {stderr}");
    }
}
