//! The HTTP routes (docs/SERVE.md): the page, the JSON API, the output files, `/healthz`.
//!
//! Every error of the API is JSON, `{"error": "…"}`, with its status: 400 for a request
//! that is not what the endpoint takes, 404 for an unknown job or file, 413 for an upload
//! over the limit. A file that cannot be converted is not an error of the request: its job
//! is accepted and the file's `error` says why it failed.

use super::jobs::{self, FileJob, Job, Kind, Shared};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::AsyncWriteExt;

/// The page, one self-contained HTML file.
pub const PAGE: &str = include_str!("page.html");

/// Files one request may upload.
pub const MAX_FILES: usize = 100;

/// An API error: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.1 }));
        (self.0, body).into_response()
    }
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/convert", post(convert))
        .route("/api/diff", post(diff))
        .route("/api/jobs/{id}", get(job))
        .route("/jobs/{id}/{file}", get(download))
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page".into()) })
        // Uploads are streamed to disk and limited per file (`--max-upload`), not whole.
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:",
            ),
        ],
        PAGE,
    )
        .into_response()
}

/// One stored upload: the form field it came in, its safe name, where it is.
struct Upload {
    field: String,
    name: String,
    path: PathBuf,
}

/// Store the multipart fields named in `fields` under `<root>/<id>/in/<n>/<safe name>`,
/// streaming each to disk and stopping at the first over the size limit.
async fn receive(
    shared: &Shared,
    id: &str,
    multipart: Result<Multipart, MultipartRejection>,
    fields: &[&str],
) -> Result<Vec<Upload>, ApiError> {
    let mut multipart = multipart.map_err(|e| {
        bad_request(format!(
            "expected a multipart/form-data upload (field {}): {e}",
            fields.join(", ")
        ))
    })?;
    let limit = shared.max_upload;
    let mut uploads = Vec::new();
    let malformed = |e: axum::extract::multipart::MultipartError| {
        ApiError(
            e.status(),
            format!("the upload could not be read: {}", e.body_text()),
        )
    };
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        let Some(field_name) = field
            .name()
            .filter(|n| fields.contains(n))
            .map(String::from)
        else {
            continue;
        };
        if uploads.len() == MAX_FILES {
            return Err(bad_request(format!(
                "at most {MAX_FILES} files in one upload"
            )));
        }
        let name = jobs::safe_name(field.file_name().unwrap_or(""));
        let dir = shared
            .root
            .join(id)
            .join("in")
            .join(uploads.len().to_string());
        let path = dir.join(&name);
        let io = |e: std::io::Error| {
            ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot store the upload: {e}"),
            )
        };
        tokio::fs::create_dir_all(&dir).await.map_err(io)?;
        let mut file = tokio::fs::File::create(&path).await.map_err(io)?;
        let mut size: u64 = 0;
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            size += chunk.len() as u64;
            if size > limit {
                let drained = drain_field(&mut field, 0).await;
                drop(field);
                drain_rest(&mut multipart, drained).await;
                return Err(ApiError(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "{name}: larger than the upload limit of {} MB a file",
                        limit / MB
                    ),
                ));
            }
            file.write_all(&chunk).await.map_err(io)?;
        }
        file.flush().await.map_err(io)?;
        uploads.push(Upload {
            field: field_name,
            name,
            path,
        });
    }
    Ok(uploads)
}

pub const MB: u64 = 1024 * 1024;

/// How much of a refused upload is still read (and thrown away) before the 413 is sent.
/// A client that is still sending when the server answers and closes sees a broken
/// connection instead of the 413 and its message (browsers show "connection reset"); a
/// file a little over the limit is read to its end, a much larger one is cut off here.
const DRAIN_CAP: u64 = 128 * MB;

/// Read and discard the rest of a field, counting from `drained`, up to [`DRAIN_CAP`];
/// the new count.
async fn drain_field(field: &mut axum::extract::multipart::Field<'_>, mut drained: u64) -> u64 {
    while drained <= DRAIN_CAP {
        match field.chunk().await {
            Ok(Some(chunk)) => drained += chunk.len() as u64,
            _ => break,
        }
    }
    drained
}

/// Read and discard the fields after a refused one, so the client gets to read the 413.
async fn drain_rest(multipart: &mut Multipart, mut drained: u64) {
    while drained <= DRAIN_CAP {
        match multipart.next_field().await {
            Ok(Some(mut next)) => drained = drain_field(&mut next, drained).await,
            _ => break,
        }
    }
}

/// Receive the upload into a new job's folder; on failure the folder is removed.
async fn new_job(
    shared: &Arc<Shared>,
    multipart: Result<Multipart, MultipartRejection>,
    fields: &[&str],
) -> Result<(String, Vec<Upload>), ApiError> {
    let id = jobs::new_id();
    match receive(shared, &id, multipart, fields).await {
        Ok(uploads) => Ok((id, uploads)),
        Err(e) => {
            let _ = tokio::fs::remove_dir_all(shared.root.join(&id)).await;
            Err(e)
        }
    }
}

fn insert(shared: &Shared, id: &str, kind: Kind, files: Vec<FileJob>) {
    let job = Job {
        id: id.to_string(),
        kind,
        dir: shared.root.join(id),
        files,
        diff: None,
        created: Instant::now(),
        finished: None,
    };
    let mut all = shared.jobs.lock().unwrap_or_else(|e| e.into_inner());
    all.insert(id.to_string(), job);
}

fn accepted(id: &str) -> Response {
    let location = HeaderValue::from_str(&format!("/api/jobs/{id}"));
    let mut response =
        (StatusCode::ACCEPTED, Json(serde_json::json!({ "job": id }))).into_response();
    if let Ok(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

async fn convert(
    State(shared): State<Arc<Shared>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let (id, uploads) = new_job(&shared, multipart, &["file"]).await?;
    if uploads.is_empty() {
        let _ = tokio::fs::remove_dir_all(shared.root.join(&id)).await;
        return Err(bad_request(
            "no file: send one or more files in field `file`",
        ));
    }
    let names: Vec<PathBuf> = uploads.iter().map(|u| PathBuf::from(&u.name)).collect();
    let stems = crate::batch::stems(&names);
    let files = uploads
        .iter()
        .map(|u| FileJob::queued(u.name.clone()))
        .collect();
    insert(&shared, &id, Kind::Convert, files);
    for (index, (upload, stem)) in uploads.into_iter().zip(stems).enumerate() {
        tokio::spawn(jobs::run_convert(
            shared.clone(),
            id.clone(),
            index,
            upload.path,
            stem,
        ));
    }
    Ok(accepted(&id))
}

async fn diff(
    State(shared): State<Arc<Shared>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let (id, mut uploads) = new_job(&shared, multipart, &["old", "new"]).await?;
    let count = |f: &str| uploads.iter().filter(|u| u.field == f).count();
    if count("old") != 1 || count("new") != 1 {
        let _ = tokio::fs::remove_dir_all(shared.root.join(&id)).await;
        return Err(bad_request(
            "a diff takes two files: one in field `old`, one in field `new`",
        ));
    }
    uploads.sort_by_key(|u| u.field != "old");
    let (old, new) = (&uploads[0], &uploads[1]);
    let input = format!("{} → {}", old.name, new.name);
    insert(&shared, &id, Kind::Diff, vec![FileJob::queued(input)]);
    tokio::spawn(jobs::run_diff(
        shared.clone(),
        id.clone(),
        old.path.clone(),
        new.path.clone(),
    ));
    Ok(accepted(&id))
}

fn no_job(id: &str) -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        format!(
            "no job `{}` (unknown, or expired)",
            id.chars().take(40).collect::<String>()
        ),
    )
}

async fn job(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let value = shared
        .with_job(&id, |job| job.to_json())
        .ok_or_else(|| no_job(&id))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(value)).into_response())
}

/// The content type of an output, by its name.
pub fn content_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else if lower.ends_with(".csv") {
        "text/csv; charset=utf-8"
    } else if lower.ends_with(".json") {
        "application/json"
    } else if lower.ends_with(".html") {
        "text/html; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

async fn download(
    State(shared): State<Arc<Shared>>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let path = shared
        .with_job(&id, |job| job.output(&file))
        .ok_or_else(|| no_job(&id))?
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "no such file in this job".into()))?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| {
        ApiError(
            StatusCode::NOT_FOUND,
            "this file is no longer here (expired)".into(),
        )
    })?;
    let ascii: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = if file.ends_with(".html") {
        "inline"
    } else {
        "attachment"
    };
    let disposition = format!(
        "{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        jobs::encode(&file)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&file)),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The report is the library's own self-contained page: no script, nothing fetched.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
    );
    Ok(response)
}
