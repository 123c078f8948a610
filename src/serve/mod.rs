//! `compmap serve`: a local web page to convert standards and compare revisions
//! (docs/SERVE.md).
//!
//! axum on tokio. The page ([`routes::PAGE`]) uploads files to the JSON API, polls the job
//! and shows each file's summary, findings, report and downloads. Conversions go through the
//! library exactly as `compmap convert` and `compmap diff` do (the same writers, the same
//! per-file time limit), so the files are the CLI's byte for byte. [`jobs`] has the job
//! model and the conversion pool, [`routes`] the HTTP side.
//!
//! Uploads and results live in a fresh temporary folder (in `--data DIR` when given),
//! removed when the server stops; a job's files go once it has been finished for the
//! retention time.

pub mod jobs;
pub mod routes;

use jobs::Shared;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Folder to make the temporary data folder in (default: the system's temp folder).
    pub data: Option<PathBuf>,
    /// Largest upload, per file, in bytes.
    pub max_upload: u64,
    /// Conversions at once (the pool's size), at least 1.
    pub jobs: usize,
    /// Per-file time limit, as `convert --timeout`; `None` for none.
    pub timeout: Option<Duration>,
    /// How long a finished job's files are kept.
    pub retention: Duration,
}

/// Run the server until Ctrl-C (or SIGTERM); `bound` is told the address once listening.
pub fn run(config: &Config, bound: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("compmap-serve")
        .build()?;
    let data = match &config.data {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            tempfile::Builder::new()
                .prefix("compmap-serve-")
                .tempdir_in(dir)?
        }
        None => tempfile::Builder::new()
            .prefix("compmap-serve-")
            .tempdir()?,
    };
    let shared = Arc::new(Shared {
        root: data.path().to_path_buf(),
        jobs: Mutex::new(HashMap::new()),
        pool: Arc::new(Semaphore::new(config.jobs.max(1))),
        timeout: config.timeout,
        max_upload: config.max_upload,
        retention: config.retention,
    });
    let result = runtime.block_on(serve(config.addr, shared.clone(), bound));
    // Conversions still running are not waited for beyond a moment: their files go with
    // the data folder.
    shared.pool.close();
    runtime.shutdown_timeout(Duration::from_secs(1));
    drop(shared);
    data.close()?;
    result
}

async fn serve(
    addr: SocketAddr,
    shared: Arc<Shared>,
    bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    bound(listener.local_addr()?);
    let sweeper = shared.clone();
    let every = (shared.retention / 4).clamp(Duration::from_millis(200), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            sweeper.sweep();
        }
    });
    axum::serve(listener, routes::router(shared))
        .with_graceful_shutdown(stop_signal())
        .await
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
