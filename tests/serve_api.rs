//! `compmap serve`'s HTTP API (docs/SERVE.md), endpoint by endpoint and error by error,
//! against the real binary on a local port, with a plain HTTP client. The files it serves
//! must be the CLI's byte for byte.

mod support;

use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::bin::compmap;
use support::serve::Server;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

fn part(path: &Path) -> Part {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    Part::bytes(std::fs::read(path).unwrap()).file_name(name)
}

fn json(response: Response) -> Value {
    let text = response.text().unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// POST a form; the status and the JSON body.
fn post(server: &Server, path: &str, form: Form) -> (u16, Value) {
    let response = client()
        .post(server.at(path))
        .multipart(form)
        .send()
        .unwrap();
    let status = response.status().as_u16();
    (status, json(response))
}

/// Upload `form` to `/api/convert` (or `/api/diff`), expect 202, and poll the job until it
/// has finished (at most 120 s).
fn run_job(server: &Server, path: &str, form: Form) -> Value {
    let (status, body) = post(server, path, form);
    assert_eq!(status, 202, "{body}");
    let id = body["job"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32, "a 128-bit id in hex: {id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    wait(server, &id)
}

fn wait(server: &Server, id: &str) -> Value {
    let start = Instant::now();
    loop {
        let response = client()
            .get(server.at(&format!("/api/jobs/{id}")))
            .send()
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let body = json(response);
        let state = body["state"].as_str().unwrap().to_string();
        assert!(
            ["queued", "running", "done", "failed"].contains(&state.as_str()),
            "{body}"
        );
        if state == "done" || state == "failed" {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "job still {state}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn get(server: &Server, path: &str) -> Response {
    client().get(server.at(path)).send().unwrap()
}

fn healthy_within(server: &Server, limit: Duration) {
    let start = Instant::now();
    let response = Client::builder()
        .timeout(limit)
        .build()
        .unwrap()
        .get(server.at("/healthz"))
        .send()
        .expect("/healthz answers");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().unwrap(), "ok");
    assert!(start.elapsed() < limit, "{:?}", start.elapsed());
}

/// Every output of every file of `job`, downloaded, compared with the file of the same name
/// in `cli_dir`; the names downloaded.
fn same_as_cli(server: &Server, job: &Value, cli_dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for file in job["files"].as_array().unwrap() {
        for output in file["outputs"].as_array().unwrap() {
            let name = output["name"].as_str().unwrap();
            let response = get(server, output["url"].as_str().unwrap());
            assert_eq!(response.status().as_u16(), 200, "{name}");
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_string();
            let expected_kind = if name.ends_with(".xlsx") {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else if name.ends_with(".csv") {
                "text/csv; charset=utf-8"
            } else if name.ends_with(".json") {
                "application/json"
            } else if name.ends_with(".html") {
                "text/html; charset=utf-8"
            } else {
                panic!("unexpected output {name}")
            };
            assert_eq!(kind, expected_kind, "{name}");
            let bytes = response.bytes().unwrap();
            let cli = std::fs::read(cli_dir.join(name))
                .unwrap_or_else(|e| panic!("the CLI wrote no {name}: {e}"));
            assert!(
                bytes.as_ref() == cli.as_slice(),
                "{name} differs from the CLI's"
            );
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn healthz_and_the_page() {
    let server = Server::start(&[]);
    healthy_within(&server, Duration::from_secs(1));
    let page = get(&server, "/");
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().unwrap();
    assert!(html.contains(r#"type="file""#) && html.contains("multiple"));
    assert!(html.contains("比较两个版本") && html.contains("Compare two revisions"));
    for external in ["src=\"http", "href=\"http", "@import", "url(http", "//cdn"] {
        assert!(!html.contains(external), "the page fetches {external}…");
    }
    let missing = get(&server, "/nothing-here");
    assert_eq!(missing.status().as_u16(), 404);
    assert!(json(missing)["error"].is_string());
}

#[test]
fn convert_pdf_and_text_equal_to_the_cli() {
    let server = Server::start(&["--jobs", "2"]);
    let inputs = [
        fixture("business-english-standards.pdf"),
        fixture("business-english-standards.txt"),
    ];
    let form = Form::new()
        .part("file", part(&inputs[0]))
        .part("file", part(&inputs[1]));
    let job = run_job(&server, "/api/convert", form);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["kind"], "convert");
    let files = job["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for (file, input) in files.iter().zip([
        "business-english-standards.pdf",
        "business-english-standards.txt",
    ]) {
        assert_eq!(file["input"], input);
        assert_eq!(file["state"], "done");
        assert!(file["error"].is_null());
        let summary = &file["summary"];
        assert_eq!(summary["courses"], 12, "{summary}");
        assert!(summary["rows"].as_u64().unwrap() > 100, "{summary}");
        assert!(
            summary["errors"].as_u64().unwrap() > 0,
            "the fixture has known errors"
        );
        assert!(!summary["findings"].as_array().unwrap().is_empty());
    }

    let cli_dir = tempfile::tempdir().unwrap();
    let out = compmap([
        "convert".as_ref(),
        inputs[0].as_os_str(),
        inputs[1].as_os_str(),
        "-o".as_ref(),
        cli_dir.path().as_os_str(),
        "--format".as_ref(),
        "xlsx,csv,csv-excel,json,case,html".as_ref(),
        "-q".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = same_as_cli(&server, &job, cli_dir.path());
    // Both inputs share a stem, told apart by extension as the CLI does.
    for name in [
        "business-english-standards-pdf.xlsx",
        "business-english-standards-txt.xlsx",
        "business-english-standards-pdf.mappings.csv",
        "business-english-standards-pdf.json",
        "business-english-standards-pdf.case.json",
        "business-english-standards-pdf.html",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} not in {names:?}");
    }
}

#[test]
fn diff_equal_to_the_cli() {
    let server = Server::start(&[]);
    let (old, new) = (
        fixture("revisions/logistics-2023.txt"),
        fixture("revisions/logistics-2024.txt"),
    );
    let form = Form::new().part("new", part(&new)).part("old", part(&old));
    let job = run_job(&server, "/api/diff", form);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["kind"], "diff");
    let file = &job["files"][0];
    assert_eq!(file["input"], "logistics-2023.txt → logistics-2024.txt");
    let changes = job["diff"]["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert_eq!(
        file["summary"]["changes"].as_u64().unwrap() as usize,
        changes.len()
    );

    let cli_dir = tempfile::tempdir().unwrap();
    let out = compmap([
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "-o".as_ref(),
        cli_dir.path().as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = same_as_cli(&server, &job, cli_dir.path());
    assert_eq!(
        names,
        [
            "logistics-2023--logistics-2024.diff.csv",
            "logistics-2023--logistics-2024.diff.xlsx"
        ]
    );
    assert_eq!(
        std::fs::read(cli_dir.path().join(&names[0])).unwrap(),
        std::fs::read(fixture(
            "revisions/logistics-2023--logistics-2024.expected.diff.csv"
        ))
        .unwrap()
    );
}

#[test]
fn bad_empty_and_hostile_uploads_fail_alone() {
    let server = Server::start(&[]);
    let form = Form::new()
        .part(
            "file",
            Part::bytes(vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3])
                .file_name("../../../etc/evil.pdf"),
        )
        .part("file", Part::bytes(Vec::new()).file_name("empty.txt"))
        .part("file", part(&fixture("bad/corrupt-xref.pdf")))
        .part(
            "file",
            Part::bytes(b"%PDF-1.7\n".repeat(1000)).file_name("..\\..\\x.pdf"),
        )
        .part("file", part(&fixture("business-english-standards.txt")));
    let job = run_job(&server, "/api/convert", form);
    healthy_within(&server, Duration::from_secs(1));
    assert_eq!(job["state"], "done", "one file converted: {job}");
    let files = job["files"].as_array().unwrap();
    let inputs: Vec<&str> = files.iter().map(|f| f["input"].as_str().unwrap()).collect();
    assert_eq!(
        inputs,
        [
            "evil.pdf",
            "empty.txt",
            "corrupt-xref.pdf",
            "x.pdf",
            "business-english-standards.txt"
        ]
    );
    for file in &files[..4] {
        assert_eq!(file["state"], "failed", "{file}");
        let error = file["error"].as_str().unwrap();
        assert!(
            error.starts_with(file["input"].as_str().unwrap()),
            "names the file: {error}"
        );
        assert!(
            !error.contains(&*server.data.path().to_string_lossy()),
            "no server path: {error}"
        );
        assert!(file["outputs"].as_array().unwrap().is_empty());
    }
    assert!(files[1]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(files[4]["state"], "done");
    // Nothing was written outside the data folder, and the hostile names stayed inside.
    assert!(!Path::new("/etc/evil.pdf").exists());
    for path in server.data_files() {
        assert!(path.starts_with(server.data.path()), "{}", path.display());
    }

    // A job whose every file failed is `failed`.
    let form = Form::new().part("file", Part::bytes(Vec::new()).file_name("nothing.pdf"));
    let job = run_job(&server, "/api/convert", form);
    assert_eq!(job["state"], "failed");
    healthy_within(&server, Duration::from_secs(1));
}

#[test]
fn every_request_error_is_json_with_its_status() {
    let server = Server::start(&["--max-upload", "1"]);
    let c = client();
    // Not multipart.
    let r = c
        .post(server.at("/api/convert"))
        .body("hello")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(json(r)["error"].as_str().unwrap().contains("multipart"));
    // Multipart without a `file` field.
    let (status, body) = post(&server, "/api/convert", Form::new().text("other", "x"));
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("`file`"), "{body}");
    // A diff needs exactly `old` and `new`.
    let one = Form::new().part("old", part(&fixture("revisions/logistics-2023.txt")));
    let (status, body) = post(&server, "/api/diff", one);
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("`new`"), "{body}");
    // Over the limit: 413, and the server goes on.
    let big = Part::bytes(vec![b'a'; 2 * 1024 * 1024]).file_name("big.txt");
    let (status, body) = post(&server, "/api/convert", Form::new().part("file", big));
    assert_eq!(status, 413, "{body}");
    assert!(body["error"].as_str().unwrap().contains("1 MB"), "{body}");
    assert!(
        server.data_files().is_empty(),
        "the refused upload is not kept"
    );
    healthy_within(&server, Duration::from_secs(1));
    let small = Form::new().part("file", part(&fixture("revisions/logistics-2023.txt")));
    assert_eq!(run_job(&server, "/api/convert", small)["state"], "done");
    // Unknown jobs and files, and paths that try to leave the job.
    let job = run_job(
        &server,
        "/api/convert",
        Form::new().part("file", part(&fixture("revisions/logistics-2024.txt"))),
    );
    let id = job["job"].as_str().unwrap();
    for path in [
        "/api/jobs/0123456789abcdef0123456789abcdef".to_string(),
        "/api/jobs/..".to_string(),
        "/jobs/0123456789abcdef0123456789abcdef/logistics-2024.xlsx".to_string(),
        format!("/jobs/{id}/nothing.xlsx"),
        format!("/jobs/{id}/..%2F..%2Fin%2F0%2Flogistics-2024.txt"),
        format!("/jobs/{id}/%2E%2E"),
        format!("/jobs/{id}/logistics-2024.txt"),
    ] {
        let r = get(&server, &path);
        assert_eq!(r.status().as_u16(), 404, "{path}");
        assert!(json(r)["error"].is_string(), "{path}");
    }
    assert_eq!(
        get(&server, &format!("/jobs/{id}/logistics-2024.xlsx"))
            .status()
            .as_u16(),
        200
    );
}

#[test]
fn finished_jobs_expire_and_ctrl_c_removes_everything() {
    let mut server = Server::start(&["--retention", "1"]);
    let job = run_job(
        &server,
        "/api/convert",
        Form::new().part("file", part(&fixture("revisions/logistics-2023.txt"))),
    );
    let id = job["job"].as_str().unwrap().to_string();
    assert!(!server.data_files().is_empty());
    let start = Instant::now();
    while get(&server, &format!("/api/jobs/{id}")).status().as_u16() != 404 {
        assert!(start.elapsed() < Duration::from_secs(10), "job not expired");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(server.data_files().is_empty(), "{:?}", server.data_files());

    // Another job, then Ctrl-C: a clean exit, and the data folder left empty.
    let (status, _) = post(
        &server,
        "/api/convert",
        Form::new().part("file", part(&fixture("revisions/logistics-2024.txt"))),
    );
    assert_eq!(status, 202);
    let exit = server
        .interrupt(Duration::from_secs(10))
        .expect("stops on SIGINT");
    assert!(exit.success(), "{exit:?}");
    let left: Vec<_> = std::fs::read_dir(server.data.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The resource bombs of `fixtures/bad/bombs/` (streams inflating to 2 GiB, forms drawing
/// forms, a page tree listing its kids twice, huge width arrays…) uploaded together with a
/// good file: the server answers `/healthz` within 1 s all the while, every bomb fails alone
/// with a message naming it, and the good file converts.
#[test]
fn resource_bombs_never_stop_the_server() {
    let server = Server::start(&[]);
    let mut names: Vec<String> = std::fs::read_dir(fixture("bad/bombs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "the bombs are committed: {names:?}");
    let mut form = Form::new();
    for name in &names {
        form = form.part("file", part(&fixture(&format!("bad/bombs/{name}"))));
    }
    form = form.part("file", part(&fixture("business-english-standards.txt")));
    let (status, body) = post(&server, "/api/convert", form);
    assert_eq!(status, 202, "{body}");
    let id = body["job"].as_str().unwrap().to_string();
    let start = Instant::now();
    let job = loop {
        healthy_within(&server, Duration::from_secs(1));
        let job = json(get(&server, &format!("/api/jobs/{id}")));
        if job["state"] == "done" || job["state"] == "failed" {
            break job;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "{job}");
        std::thread::sleep(Duration::from_millis(50));
    };
    healthy_within(&server, Duration::from_secs(1));
    let files = job["files"].as_array().unwrap();
    assert_eq!(files.len(), names.len() + 1, "{job}");
    for (file, name) in files.iter().zip(&names) {
        assert_eq!(file["state"], "failed", "{name}: {file}");
        let error = file["error"].as_str().unwrap();
        assert!(error.starts_with(name.as_str()), "names the file: {error}");
    }
    assert_eq!(files[names.len()]["state"], "done", "{job}");
}
