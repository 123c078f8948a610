//! A logger for the library's `log::trace!`/`log::debug!` calls: every record on stderr,
//! as `[LEVEL target] message`, when tracing is switched on; nothing otherwise.
//!
//! Shared by the binary and `examples/parse_text.rs` (which includes this file), so both
//! switch on the same way: `COMPMAP_DEBUG` set in the environment (or `--debug`).

use log::{LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct Stderr;

impl Log for Stderr {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &Record<'_>) {
        // A closed stderr loses the trace, nothing more.
        let _ = writeln!(
            std::io::stderr().lock(),
            "[{} {}] {}",
            record.level(),
            record.target(),
            record.args()
        );
    }

    fn flush(&self) {
        let _ = std::io::stderr().flush();
    }
}

/// Send every log record, down to `trace`, to stderr when `force` is true or `COMPMAP_DEBUG`
/// is set; otherwise logging stays off (the `log` macros then cost one comparison).
pub fn init(force: bool) {
    if !force && std::env::var_os("COMPMAP_DEBUG").is_none() {
        return;
    }
    // Fails only when a logger is already installed: that one is kept.
    if log::set_logger(&Stderr).is_ok() {
        log::set_max_level(LevelFilter::Trace);
    }
}
