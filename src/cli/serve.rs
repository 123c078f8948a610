//! `compmap serve`: the local web page (docs/SERVE.md), on [`compmap::serve`].
//!
//! Prints the page's address on stdout (one line, so a script or test can read it), then
//! serves until Ctrl-C, and removes its temporary folder on the way out.

use super::{Outcome, Status};
use compmap::serve::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0: one the system picks). Keep it on localhost: the page
    /// has no login.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Folder for the temporary folder of uploads and results (default: the system's).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Largest upload, per file, in MB.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    max_upload: u64,
    /// Conversions at once (0: one per core).
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Give up on a file still converting after this many seconds (0: no limit).
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    timeout: u64,
    /// Remove a job's files this many seconds after it finished.
    #[arg(long, default_value_t = 3600, value_name = "SECS")]
    retention: u64,
}

impl Args {
    pub fn options(self) -> Config {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            addr: self.addr,
            data: self.data,
            max_upload: self.max_upload.saturating_mul(1024 * 1024),
            jobs: if self.jobs == 0 { cores } else { self.jobs },
            timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
            retention: Duration::from_secs(self.retention),
        }
    }
}

pub fn run(config: &Config) -> Outcome {
    if !config.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach it can upload files",
            config.addr
        );
    }
    let mut printed = Ok(());
    let served = compmap::serve::run(config, |addr| {
        printed = super::print(&format!("compmap serve: http://{addr}/ (Ctrl-C stops)\n"));
    });
    printed?;
    match served {
        Ok(()) => {
            eprintln!("compmap serve: stopped");
            Ok(Status::Success)
        }
        Err(err) => {
            eprintln!("error: cannot serve on {}: {err}", config.addr);
            Ok(Status::Failed)
        }
    }
}
