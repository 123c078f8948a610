//! The one way the tests run the `compmap` binary.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

/// A `compmap` command with `args`, not started: for tests that spawn and kill it, or set
/// its standard streams.
pub fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_compmap"));
    cmd.args(args);
    cmd
}

/// Run `compmap args` in the crate root (cargo's working directory for tests) and wait for
/// it.
pub fn compmap<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    command(args).output().expect("compmap runs")
}

/// Run `compmap args` in `cwd` and wait for it.
pub fn compmap_in<I, S>(args: I, cwd: &Path) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    command(args)
        .current_dir(cwd)
        .output()
        .expect("compmap runs")
}
