//! System tools a test needs: the one rule for a missing tool. Locally the test is skipped
//! with a printed notice; under `CI=true` (where `.ci/run` installs every tool) it fails.

use std::process::Command;

/// Whether `tool <arg>` runs and succeeds (`arg` is a harmless flag such as `--version`);
/// without it, print a notice naming `package`, or panic under `CI=true`.
pub fn have(tool: &str, arg: &str, package: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{tool}` is needed by this test (apt-get install {package})"
        );
        eprintln!("NOTICE: `{tool}` is not installed (apt-get install {package}); test skipped");
    }
    ok
}
