//! The `compmap` binary: a thin entry over [`cli`], which holds one module per command.

mod cli;

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    cli::main()
}

/// Malloc arenas the process may use (glibc's default is eight per core).
///
/// A PDF's pages are read on the thread pool and reduced on the main thread, which frees
/// them: with an arena per thread, memory freed across threads stays parked in the readers'
/// arenas, more or less of it as the threads' timing falls. The 4,000-page bench
/// (`bench/scale.sh`, default formats; loaded 2-core machine) peaked at 251 MiB with glibc's
/// default, 166 to 238 MiB from run to run with two arenas, and 155 MiB (two runs) with one;
/// one arena cost no CPU we could measure (1,000 pages, three alternating runs: 4.25–4.80 s
/// user with one, 4.40–4.55 s with two). `MALLOC_ARENA_MAX` in the environment still
/// decides when it is set.
const MALLOC_ARENAS: i32 = 1;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: `mallopt` only sets a parameter of glibc's allocator; it is called first
        // thing in `main`, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {
    let _ = MALLOC_ARENAS;
}
