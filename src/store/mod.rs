//! The SQLite store: every converted document (all revisions of all programmes) in one
//! database, `<out>/compmap.sqlite` (`convert --format sqlite`, `compmap import`).
//!
//! - [`schema`]: tables, views, `user_version` and migrations;
//! - [`Store`]: one connection: open (create, migrate, or refuse a database that is not
//!   ours or is of a newer schema, leaving it untouched), [`Store::put`] one document in
//!   one transaction, read documents back ([`Store::documents`], [`Store::load`]);
//! - [`writer`]: the one writer thread a parallel batch sends its documents to;
//! - [`import`]: the `.json` outputs of earlier runs read back into documents.
//!
//! A document is identified by its programme and revision ([`labels`]); putting a document
//! whose programme and revision are already stored replaces the stored one (the same file
//! again: same rows; another file: a note says which it replaced). Its `content_hash` is the
//! SHA-256 (crate `sha2`) of the document's JSON output, the bytes of `<stem>.json`, so a
//! conversion and an import of its JSON give the same hash.

pub mod import;
pub mod rows;
pub mod schema;
pub mod writer;

use crate::error::{Error, Result};
use crate::model::{Course, Finding, Loc, Mapping, Rule, Severity, Standard};
pub use rows::Prepared;
use rows::Value;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// File name of the database in the output folder.
pub const FILE_NAME: &str = "compmap.sqlite";

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` is an SQLite database file (by its header).
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|()| &head == SQLITE_MAGIC)
        .unwrap_or(false)
}

/// A document ready to store: the standard and the labels that identify it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub standard: Standard,
    pub programme: String,
    pub revision: String,
    /// [`content_hash`] of `standard`, computed by whoever makes the document (a batch's
    /// worker thread), not by the one writer.
    pub content_hash: String,
}

impl Document {
    /// `standard` labelled by [`labels`], with its [`content_hash`].
    pub fn new(standard: Standard, revision: Option<&str>, folder: Option<&str>) -> Document {
        let hash = content_hash(&standard);
        Document::hashed(standard, hash, revision, folder)
    }

    /// `standard` labelled by [`labels`], with `content_hash` already known (the hash of
    /// the JSON just written, [`crate::export::write_with_digest`], or of a JSON file read
    /// back byte for byte).
    pub fn hashed(
        standard: Standard,
        content_hash: String,
        revision: Option<&str>,
        folder: Option<&str>,
    ) -> Document {
        let (programme, revision) = labels(&standard, revision, folder);
        Document {
            content_hash,
            standard,
            programme,
            revision,
        }
    }
}

/// A stored document's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub file: String,
    pub content_hash: String,
    pub title: String,
    pub programme: String,
    pub revision: String,
}

/// The programme and revision label of a document.
///
/// - revision: the first year (`19xx`/`20xx`, ASCII or full-width digits) in the title, else
///   `revision` (`--revision`), else `folder` (the input's folder name), else empty;
/// - programme: the title without that year and what marks it (`2024年版`, `（2024）`,
///   `(2024 revision)` keeps `revision`…: only the digits, a following `年`/`年版`/`版` and
///   brackets left empty are removed), else the file name's stem.
pub fn labels(
    standard: &Standard,
    revision: Option<&str>,
    folder: Option<&str>,
) -> (String, String) {
    let title: String = standard
        .title
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let year = find_year(&title);
    let label = match (&year, revision, folder) {
        (Some((at, len)), _, _) => title[*at..*at + *len].to_string(),
        (None, Some(r), _) if !r.trim().is_empty() => r.trim().to_string(),
        (None, _, Some(f)) => f.to_string(),
        _ => String::new(),
    };
    let mut programme = match year {
        Some((at, len)) => {
            let mut rest = title[at + len..].trim_start();
            for mark in ["年版", "年", "版"] {
                if let Some(r) = rest.strip_prefix(mark) {
                    rest = r;
                    break;
                }
            }
            format!("{}{}", &title[..at], rest)
        }
        None => title.clone(),
    };
    for (open, close) in [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('〔', '〕'),
    ] {
        programme = drop_empty_brackets(&programme, open, close);
    }
    let mut programme = programme
        .trim_matches(|c: char| c.is_whitespace() || "-_—·".contains(c))
        .to_string();
    if programme.is_empty() {
        programme = Path::new(&standard.source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    (programme, label)
}

/// `text` without the bracket pairs `open … close` that hold only white space.
fn drop_empty_brackets(text: &str, open: char, close: char) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len_utf8()..];
        let inner = after.trim_start();
        out.push_str(&rest[..at]);
        match inner.strip_prefix(close) {
            Some(tail) => rest = tail,
            None => {
                out.push(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte offset and length of the first `19xx`/`20xx` not part of a longer run of digits.
fn find_year(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let run = &b[i..i + 4];
        let digits = run.iter().all(u8::is_ascii_digit);
        let before = i > 0 && b[i - 1].is_ascii_digit();
        let after = b.get(i + 4).is_some_and(u8::is_ascii_digit);
        (digits && !before && !after && (run.starts_with(b"19") || run.starts_with(b"20")))
            .then_some((i, 4))
    })
}

/// The id of a document: the first 63 bits of SHA-256(programme NUL revision), so that ids
/// depend on what a document is, not on when it arrived.
pub fn document_id(programme: &str, revision: &str) -> i64 {
    let digest = Sha256::new()
        .chain_update(programme.as_bytes())
        .chain_update([0u8])
        .chain_update(revision.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) & 0x7fff_ffff_ffff_ffff) as i64
}

/// SHA-256 (hex) of the JSON output of `standard` (the bytes of `<stem>.json`).
pub fn content_hash(standard: &Standard) -> String {
    crate::export::json::digest(standard)
}

/// One connection to a compmap database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn fail(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

impl Store {
    /// Open `path` for writing: create it (and its folder) when missing, migrate an older
    /// schema. A file that is not a compmap database, or one of a newer schema, is refused
    /// ([`Error::Store`]) before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        let exists = path.exists();
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        let flags = if exists {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| fail(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let version = store.check()?;
        store.setup()?;
        store.migrate(version)?;
        Ok(store)
    }

    /// Open an existing database for reading (`history`): refused as by [`Store::open`], and
    /// also when its schema is older than this build's (run `compmap import DB` to migrate).
    pub fn open_read(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let version = store.check()?;
        if version < schema::VERSION {
            return Err(fail(
                path,
                format!(
                    "schema version {version} is older than this compmap's ({}); run `compmap import {}` (with no outputs) to migrate it",
                    schema::VERSION,
                    path.display()
                ),
            ));
        }
        Ok(store)
    }

    /// The database's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Is this a database of ours, at a version we know? Gives the version. Reads only.
    fn check(&self) -> Result<i32> {
        let path = &self.path;
        let not_db = |e: rusqlite::Error| {
            fail(
                path,
                format!("not an SQLite database ({e}); compmap leaves it untouched"),
            )
        };
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(not_db)?;
        let version: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(not_db)?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(not_db)?;
        if app != schema::APPLICATION_ID && !(app == 0 && version == 0 && objects == 0) {
            return Err(fail(
                path,
                format!(
                    "not a compmap database (application_id {app:#x}, {objects} schema objects); compmap leaves it untouched"
                ),
            ));
        }
        if version > schema::VERSION {
            return Err(fail(
                path,
                format!(
                    "the database has schema version {version}, newer than this compmap knows ({}); use a newer compmap. The database is left untouched",
                    schema::VERSION
                ),
            ));
        }
        Ok(version)
    }

    /// Connection settings: WAL, foreign keys, a wait for other writers.
    fn setup(&self) -> Result<()> {
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .and_then(|()| self.conn.busy_timeout(std::time::Duration::from_secs(60)))
            .map(|()| {
                self.conn
                    .set_prepared_statement_cache_capacity(STATEMENT_CACHE)
            })
            .map_err(|e| fail(&self.path, e))
    }

    /// Run the migrations from `version` up, each in its own transaction.
    fn migrate(&mut self, version: i32) -> Result<()> {
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let to = i + 1;
            let tx = self.conn.transaction().map_err(|e| fail(&self.path, e))?;
            tx.execute_batch(sql)
                .and_then(|()| {
                    tx.execute_batch(&format!(
                        "PRAGMA application_id = {}; PRAGMA user_version = {to};",
                        schema::APPLICATION_ID
                    ))
                })
                .and_then(|()| tx.commit())
                .map_err(|e| fail(&self.path, format!("migration to version {to}: {e}")))?;
        }
        Ok(())
    }

    /// Store `doc` in one transaction, replacing a stored document of the same programme
    /// and revision. Gives a note when that was another file or other content.
    pub fn put(&mut self, doc: &Document) -> Result<Option<String>> {
        self.put_prepared(&Prepared::new(doc))
    }

    /// [`Store::put`] of a document already flattened into its rows (by a batch's worker
    /// thread, so that the writer only binds and steps).
    pub fn put_prepared(&mut self, doc: &Prepared) -> Result<Option<String>> {
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| fail(&path, format!("cannot store {}: {e}", doc.source));
        let id = doc.id;
        let hash = doc.content_hash.as_str();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        let before: Option<(String, String, String, String)> = tx
            .query_row(
                "SELECT file, content_hash, programme, revision FROM document WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql)?;
        let mut note = None;
        if let Some((file, old_hash, programme, revision)) = before {
            if (programme.as_str(), revision.as_str())
                != (doc.programme.as_str(), doc.revision.as_str())
            {
                return Err(fail(
                    &path,
                    format!(
                        "cannot store {}: its id collides with {file} ({programme} {revision})",
                        doc.source
                    ),
                ));
            }
            if file != doc.source || old_hash != hash {
                note = Some(format!(
                    "{} replaces {file} as {} revision {}{}",
                    doc.source,
                    doc.programme,
                    if doc.revision.is_empty() {
                        "(none)"
                    } else {
                        &doc.revision
                    },
                    if old_hash == hash {
                        " (same content)"
                    } else {
                        ""
                    }
                ));
            }
            tx.execute("DELETE FROM document WHERE id = ?1", [id])
                .map_err(sql)?;
        }
        insert(&tx, doc).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(note)
    }

    /// Every stored document, by programme then revision.
    pub fn documents(&self) -> Result<Vec<DocumentRow>> {
        let run = || -> rusqlite::Result<Vec<DocumentRow>> {
            let mut st = self.conn.prepare(
                "SELECT id, file, content_hash, title, programme, revision FROM document ORDER BY programme, revision, id",
            )?;
            let rows = st.query_map([], |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    file: r.get(1)?,
                    content_hash: r.get(2)?,
                    title: r.get(3)?,
                    programme: r.get(4)?,
                    revision: r.get(5)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| fail(&self.path, e))
    }

    /// The stored document `id` as the [`Standard`] it was stored from.
    pub fn load(&self, id: i64) -> Result<Standard> {
        load(&self.conn, id).map_err(|e| fail(&self.path, e))
    }

    /// Run `PRAGMA wal_checkpoint(TRUNCATE)`, leaving the whole database in its main file.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| fail(&self.path, e))
    }
}

/// Row counts of one multi-row `INSERT`, largest first: a table's rows go in statements of
/// 64 rows while that many are left, then of 8, then one by one. Each execution of an
/// INSERT opens the table's and its indexes' cursors and the foreign-key lookups' cursors
/// again; 64 rows at a time pays that once per 64 rows (measured: the writer's SQLite work
/// per document about a third less, docs/STORE.md). 64 rows × 11 columns = 704 parameters,
/// far below SQLite's limit of 32,766.
const ROWS_PER_INSERT: [usize; 3] = [64, 8, 1];

/// Prepared statements kept by the writer's connection: up to three row counts of
/// [`ROWS_PER_INSERT`] for each of the six row tables, and the few others `put` runs.
const STATEMENT_CACHE: usize = 32;

/// `INSERT INTO table (document_id, columns) VALUES (?, …), …` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("(?{})", ", ?".repeat(columns.len()));
    format!(
        "INSERT INTO {table} (document_id, {}) VALUES {}",
        columns.join(", "),
        vec![one.as_str(); rows].join(", ")
    )
}

/// Insert the `document` row of `doc`, then the rows of each of its tables with multi-row
/// INSERTs ([`ROWS_PER_INSERT`]), each row led by the document's id.
fn insert(tx: &rusqlite::Transaction<'_>, doc: &Prepared) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO document (id, file, content_hash, title, programme, revision, pages) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc.id,
        doc.source,
        doc.content_hash,
        doc.title,
        doc.programme,
        doc.revision,
        doc.pages
    ])?;
    let rows = &doc.rows;
    for table in rows.tables() {
        let width = table.columns.len();
        let mut rest = rows.values(table);
        while !rest.is_empty() {
            let left = rest.len() / width;
            let n = ROWS_PER_INSERT
                .into_iter()
                .find(|&n| n <= left)
                .unwrap_or(1);
            let mut st = tx.prepare_cached(&insert_sql(table.name, table.columns, n))?;
            let mut at = 1;
            for row in rest[..n * width].chunks(width) {
                st.raw_bind_parameter(at, doc.id)?;
                at += 1;
                for value in row {
                    match *value {
                        Value::Int(i) => st.raw_bind_parameter(at, i)?,
                        Value::Null => st.raw_bind_parameter(at, rusqlite::types::Null)?,
                        Value::Text(a, b) => st.raw_bind_parameter(at, rows.text(a, b))?,
                    }
                    at += 1;
                }
            }
            st.raw_execute()?;
            rest = &rest[n * width..];
        }
    }
    Ok(())
}

fn bad_value(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidParameterName(format!("unknown {what} `{value}` in the database"))
}

fn load(conn: &Connection, id: i64) -> rusqlite::Result<Standard> {
    let (source, title, pages): (String, String, u32) = conn.query_row(
        "SELECT file, title, pages FROM document WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut st = conn.prepare(
        "SELECT no, category, name, level, description, page, line, labels FROM course WHERE document_id = ?1 ORDER BY seq",
    )?;
    let courses = st
        .query_map([id], |r| {
            let labels: String = r.get(7)?;
            Ok(Course {
                course_no: r.get(0)?,
                category: r.get(1)?,
                name: r.get(2)?,
                level: r.get(3)?,
                description: r.get(4)?,
                loc: Loc::new(r.get(5)?, r.get(6)?),
                labels: serde_json::from_str(&labels).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare(
        "SELECT course_no, project_code, project_name, task_code, task_name, competency_code, competency_text, page, line FROM mapping WHERE document_id = ?1 ORDER BY seq",
    )?;
    let mappings = st
        .query_map([id], |r| {
            Ok(Mapping {
                course_no: r.get(0)?,
                project_code: r.get(1)?,
                project_name: r.get(2)?,
                task_code: r.get(3)?,
                task_name: r.get(4)?,
                competency_code: r.get(5)?,
                competency_text: r.get(6)?,
                loc: Loc::new(r.get(7)?, r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare(
        "SELECT severity, rule, course_no, code, page, line, message FROM finding WHERE document_id = ?1 ORDER BY seq",
    )?;
    let findings = st
        .query_map([id], |r| {
            let severity: String = r.get(0)?;
            let rule: String = r.get(1)?;
            let severity = match severity.as_str() {
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => return Err(bad_value("severity", other)),
            };
            let rule = Rule::ALL
                .into_iter()
                .find(|x| x.as_str() == rule)
                .ok_or_else(|| bad_value("rule", &rule))?;
            Ok(Finding {
                severity,
                rule,
                course_no: r.get(2)?,
                code: r.get(3)?,
                loc: Loc::new(r.get(4)?, r.get(5)?),
                message: r.get(6)?,
                expected: None,
                span: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Standard {
        source,
        title,
        pages,
        courses,
        mappings,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str, source: &str) -> Standard {
        Standard {
            title: title.into(),
            source: source.into(),
            ..Default::default()
        }
    }

    #[test]
    fn labels_from_title_option_folder() {
        let l = |t: &str, r: Option<&str>, f: Option<&str>| labels(&titled(t, "x.txt"), r, f);
        assert_eq!(
            l("物流专业职业能力标准（2024年版）", Some("r"), Some("f")),
            ("物流专业职业能力标准".into(), "2024".into())
        );
        assert_eq!(
            l("物流专业职业能力标准 ２０２３", None, None),
            ("物流专业职业能力标准".into(), "2023".into())
        );
        assert_eq!(
            l("标准 12024", Some("v2"), Some("f")),
            ("标准 12024".into(), "v2".into())
        );
        assert_eq!(
            l("标准", None, Some("2025")),
            ("标准".into(), "2025".into())
        );
        assert_eq!(
            l("物流管理专业（2023 年版）", None, None),
            ("物流管理专业".into(), "2023".into())
        );
        assert_eq!(l("", None, None), ("x".into(), String::new()));
    }

    #[test]
    fn ids_depend_on_labels_only() {
        assert_eq!(document_id("a", "1"), document_id("a", "1"));
        assert_ne!(document_id("a", "1"), document_id("a", "2"));
        assert_ne!(document_id("a1", ""), document_id("a", "1"));
        assert!(document_id("a", "1") >= 0);
    }
}
