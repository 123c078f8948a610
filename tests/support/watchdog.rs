//! The one watchdog: run a piece of work on a thread of its own so that a panic or a hang
//! fails the calling test with the input's name instead of stalling the run. No timing is
//! asserted otherwise.

use std::sync::mpsc;
use std::time::Duration;

/// Far above any honest conversion of the tests' inputs in a debug build on a busy machine.
pub const LIMIT: Duration = Duration::from_secs(120);

/// Stack of the worker thread. lopdf stops nesting at 100 levels, but a debug build's
/// parser frames are so big that 100 nested dictionaries take more than the default 2 MB;
/// a release build reads 100,000-deep nesting within 512 KB (measured with `ulimit -s`).
/// An unbounded recursion overflows any stack, so this still catches those.
pub const STACK: usize = 32 << 20;

/// Run `work` on a thread named `name` with a [`STACK`]-sized stack; its result, or a
/// panic naming `name` if it panicked or gave no result within [`LIMIT`].
pub fn guarded<T, F>(name: &str, work: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(STACK)
        .spawn(move || {
            let _ = tx.send(work());
        })
        .expect("spawn");
    match rx.recv_timeout(LIMIT) {
        Ok(result) => {
            worker.join().expect("no panic after the result");
            result
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The sender was dropped without a result: the worker panicked.
            let _ = worker.join();
            panic!("{name}: panicked")
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: no result after {LIMIT:?}"),
    }
}
