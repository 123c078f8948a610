//! A `compmap serve` process for the server's tests: the real binary, on 127.0.0.1 with a
//! port the system picks, read from the address line it prints on stdout; killed (and
//! waited for) when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub url: String,
    /// The `--data` folder (the server makes its own temporary folder inside).
    pub data: tempfile::TempDir,
}

impl Server {
    /// Start `compmap serve --addr 127.0.0.1:0 --data <temp> <extra>` and wait (at most
    /// 20 s) for its address.
    pub fn start(extra: &[&str]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = vec!["serve".into(), "--addr".into(), "127.0.0.1:0".into()];
        args.push("--data".into());
        args.push(data.path().display().to_string());
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut child = super::bin::command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("compmap serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("compmap serve prints its address within 20 s");
        let start = line.find("http://").expect("an http:// address on stdout");
        let url = line[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        Server { child, url, data }
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The files under the data folder (uploads and results of every live job).
    pub fn data_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.data.path(), &mut out);
        out
    }

    /// Send SIGINT (as Ctrl-C does) and wait at most `limit` for the exit; its status.
    pub fn interrupt(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let _ = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
