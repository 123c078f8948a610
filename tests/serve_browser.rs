//! `compmap serve`'s page in a real browser: headless Chromium driven over WebDriver
//! (chromedriver) with fantoccini. Uploads go through the page's file inputs; what the page
//! shows is checked against the library, and the files behind its links against the CLI's,
//! byte for byte.
//!
//! Skips with a notice when chromium or chromedriver is missing, and fails then when `CI`
//! is `true` (.ci/run installs both). `COMPMAP_UPDATE_SCREENSHOT=1` also writes the
//! screenshot taken after the conversion to docs/serve.png (always to target/).

mod support;

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::bin::compmap;
use support::serve::Server;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// chromedriver on a free local port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(program: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver not listening"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The browser session, driven from synchronous test code.
struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    fn open(driver: Driver, chromium: &Path) -> Browser {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,1600",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client = runtime
            .block_on(
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&driver.url),
            )
            .expect("a Chromium session");
        Browser {
            runtime,
            client: Some(client),
            _profile: profile,
            _driver: driver,
        }
    }

    fn run<T>(&self, f: impl AsyncFnOnce(&Client) -> Result<T, fantoccini::error::CmdError>) -> T {
        let client = self.client.as_ref().unwrap();
        self.runtime.block_on(f(client)).expect("browser command")
    }

    /// Wait (at most 120 s) for an element matching `css`; its text.
    fn wait_text(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            let found = self.run(async |c| {
                let all = c.find_all(Locator::Css(css)).await?;
                match all.first() {
                    Some(e) => Ok(Some(e.text().await?)),
                    None => Ok(None),
                }
            });
            if let Some(text) = found {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "nothing matches {css}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn texts(&self, css: &str) -> Vec<String> {
        self.run(async |c| {
            let mut out = Vec::new();
            for e in c.find_all(Locator::Css(css)).await? {
                out.push(e.text().await?);
            }
            Ok(out)
        })
    }

    /// (name, href) of the download links under `css`.
    fn links(&self, css: &str) -> Vec<(String, String)> {
        self.run(async |c| {
            let mut out = Vec::new();
            for e in c.find_all(Locator::Css(css)).await? {
                let name = e.attr("data-name").await?.unwrap_or_default();
                let href = e.prop("href").await?.unwrap_or_default();
                out.push((name, href));
            }
            Ok(out)
        })
    }

    fn upload(&self, input_css: &str, files: &[PathBuf]) {
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.run(async |c| {
            c.find(Locator::Css(input_css))
                .await?
                .send_keys(&paths.join("\n"))
                .await
        });
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
    }
}

/// Chromium and chromedriver, or `None` after a notice (a failure on CI).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let driver = find_program(&["chromedriver"]);
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    match (driver, chromium) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "CI=true but chromium or chromedriver is missing: apt-get install -y chromium chromium-driver"
            );
            eprintln!("NOTICE: serve_browser skipped: chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)");
            None
        }
    }
}

/// Downloaded bytes of every link, each equal to the CLI's file of the same name.
fn same_as_cli(links: &[(String, String)], cli_dir: &Path) {
    assert!(!links.is_empty());
    let client = reqwest::blocking::Client::new();
    for (name, href) in links {
        let bytes = client
            .get(href)
            .send()
            .unwrap()
            .error_for_status()
            .unwrap()
            .bytes()
            .unwrap();
        let cli =
            std::fs::read(cli_dir.join(name)).unwrap_or_else(|e| panic!("CLI has no {name}: {e}"));
        assert!(
            bytes.as_ref() == cli.as_slice(),
            "{name} differs from the CLI's"
        );
    }
}

fn cli(args: &[&std::ffi::OsStr]) {
    let out = compmap(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_page_converts_shows_findings_and_compares() {
    let Some((driver, chromium)) = tools() else {
        return;
    };
    let server = Server::start(&[]);
    let browser = Browser::open(Driver::start(&driver), &chromium);
    browser.run(async |c| c.goto(&server.url).await);
    assert!(browser.wait_text("h1").contains("职业能力标准转换"));

    // The fixture PDF through the file input.
    let pdf = fixture("business-english-standards.pdf");
    browser.upload("#files", std::slice::from_ref(&pdf));
    browser.wait_text(r#".job[data-state="done"]"#);
    let standard = compmap::convert_file(&pdf).unwrap();
    let number = |css: &str| browser.wait_text(&format!(".job .file {css}"));
    assert_eq!(number(".courses"), standard.courses.len().to_string());
    assert_eq!(number(".rows"), standard.mappings.len().to_string());
    assert_eq!(
        number(".errors"),
        standard.count(compmap::Severity::Error).to_string()
    );
    assert_eq!(
        number(".warnings"),
        standard.count(compmap::Severity::Warning).to_string()
    );
    let findings = browser.texts(".job table.findings tr");
    assert_eq!(
        findings.len(),
        standard.findings.len() + 1,
        "one row per finding, and the head"
    );
    for finding in &standard.findings {
        assert!(
            findings.iter().any(|row| row.contains(&finding.message)),
            "finding not on the page: {}",
            finding.message
        );
    }
    let shot = browser.run(async |c| c.screenshot().await);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::write(target.join("serve-browser.png"), &shot).unwrap();
    if std::env::var_os("COMPMAP_UPDATE_SCREENSHOT").is_some() {
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve.png"),
            &shot,
        )
        .unwrap();
    }
    let links = browser.links(".job a[data-name]");
    let names: Vec<&str> = links.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "business-english-standards.xlsx",
        "business-english-standards.mappings.csv",
        "business-english-standards.json",
        "business-english-standards.case.json",
        "business-english-standards.html",
    ] {
        assert!(names.contains(&name), "no link to {name}: {names:?}");
    }
    let cli_dir = tempfile::tempdir().unwrap();
    let formats = std::ffi::OsStr::new("xlsx,csv,csv-excel,json,case,html");
    cli(&[
        "convert".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        cli_dir.path().as_os_str(),
        "--format".as_ref(),
        formats,
        "-q".as_ref(),
    ]);
    same_as_cli(&links, cli_dir.path());

    // The text dump, and a bad file, in one drop: the bad one says why, the other converts.
    let txt = fixture("business-english-standards.txt");
    let bad = fixture("bad/binary-png.pdf");
    browser.run(async |c| c.goto(&server.url).await);
    browser.upload("#files", &[txt.clone(), bad.clone()]);
    browser.wait_text(r#".job[data-state="done"]"#);
    let errors = browser.texts(".job .file .error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("无法转换 Could not convert: binary-png.pdf"),
        "{}",
        errors[0]
    );
    let links = browser.links(".job a[data-name]");
    let cli_dir = tempfile::tempdir().unwrap();
    cli(&[
        "convert".as_ref(),
        txt.as_os_str(),
        "-o".as_ref(),
        cli_dir.path().as_os_str(),
        "--format".as_ref(),
        formats,
        "-q".as_ref(),
    ]);
    same_as_cli(&links, cli_dir.path());

    // A bad file alone: the job fails and the page says why.
    browser.run(async |c| c.goto(&server.url).await);
    browser.upload("#files", &[fixture("bad/corrupt-xref.pdf")]);
    browser.wait_text(r#".job[data-state="failed"]"#);
    let error = browser.wait_text(".job .file .error");
    assert!(error.contains("corrupt-xref.pdf"), "{error}");

    // Two revisions compared: the diff table and its files.
    let (old, new) = (
        fixture("revisions/logistics-2023.txt"),
        fixture("revisions/logistics-2024.txt"),
    );
    browser.upload("#old", std::slice::from_ref(&old));
    browser.upload("#new", std::slice::from_ref(&new));
    browser.run(async |c| c.find(Locator::Css("#compare")).await?.click().await);
    browser.wait_text(r#".diff-job[data-state="done"]"#);
    let a = compmap::convert_file(&old).unwrap();
    let b = compmap::convert_file(&new).unwrap();
    let changes = compmap::diff::diff(&a, &b);
    let rows = browser.texts(".diff-job table.diff tr");
    assert_eq!(rows.len(), changes.changes.len() + 1);
    for change in &changes.changes {
        let shown = [&change.code, &change.old, &change.new];
        assert!(
            rows.iter()
                .any(|row| shown.iter().all(|s| row.contains(s.as_str()))),
            "change not on the page: {change:?}"
        );
    }
    let links = browser.links(".diff-job a[data-name]");
    assert_eq!(links.len(), 2);
    let cli_dir = tempfile::tempdir().unwrap();
    cli(&[
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "-o".as_ref(),
        cli_dir.path().as_os_str(),
    ]);
    same_as_cli(&links, cli_dir.path());
}
