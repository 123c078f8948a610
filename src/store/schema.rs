//! The database schema, its version and its migrations.
//!
//! A compmap database is marked by `PRAGMA application_id` = [`APPLICATION_ID`] and carries
//! its schema version in `PRAGMA user_version`. [`MIGRATIONS`]`[i]` takes a database from
//! version `i` to `i + 1`; each runs in its own transaction together with the new
//! `user_version`, so a database is always at one version or the next, never between.
//! A new version appends a migration (never edits an old one) and documents it in
//! `docs/STORE.md`.
//!
//! Tables are `WITHOUT ROWID` and keyed by content (a document's id is derived from its
//! programme and revision, rows by their place in the document), so the stored content
//! does not depend on the order documents arrived in, and `.dump` gives the same text for
//! the same documents.

/// `PRAGMA application_id` of a compmap database: `cmap` in ASCII.
pub const APPLICATION_ID: i32 = 0x636d_6170;

/// Schema version this build writes (the number of migrations).
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// Migrations: `MIGRATIONS[i]` goes from `user_version` `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1];

/// Version 1: documents, their courses, projects, tasks, competencies, mappings and
/// findings, and the views that give each CSV of `convert` back.
const V1: &str = r#"
CREATE TABLE document (
    id           INTEGER PRIMARY KEY,  -- from programme and revision, see store::document_id
    file         TEXT NOT NULL,        -- source file name, no folder
    content_hash TEXT NOT NULL,        -- SHA-256 (hex) of the document's JSON output
    title        TEXT NOT NULL,
    programme    TEXT NOT NULL,
    revision     TEXT NOT NULL,
    pages        INTEGER NOT NULL,
    UNIQUE (programme, revision)
);

CREATE TABLE course (
    document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,      -- 0-based place in the document
    no          INTEGER NOT NULL,
    category    TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    description TEXT NOT NULL,
    page        INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    labels      TEXT NOT NULL,         -- JSON array of strings
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
CREATE INDEX course_no ON course (document_id, no);
CREATE INDEX course_name ON course (name);

CREATE TABLE project (
    document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,         -- first definition in document order
    PRIMARY KEY (document_id, code)
) WITHOUT ROWID;

CREATE TABLE task (
    document_id  INTEGER NOT NULL,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,        -- first definition in document order
    project_code TEXT NOT NULL,
    PRIMARY KEY (document_id, code),
    FOREIGN KEY (document_id) REFERENCES document (id) ON DELETE CASCADE,
    FOREIGN KEY (document_id, project_code) REFERENCES project (document_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE competency (
    document_id INTEGER NOT NULL,
    code        TEXT NOT NULL,
    text        TEXT NOT NULL,         -- first definition in document order, with its row's
    task_code   TEXT NOT NULL,         -- task and project as printed there (the catalogue of
    task_name   TEXT NOT NULL,         -- competencies.csv)
    project_code TEXT NOT NULL,
    project_name TEXT NOT NULL,
    PRIMARY KEY (document_id, code),
    FOREIGN KEY (document_id) REFERENCES document (id) ON DELETE CASCADE,
    FOREIGN KEY (document_id, task_code) REFERENCES task (document_id, code) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX competency_code ON competency (code);

CREATE TABLE mapping (
    document_id     INTEGER NOT NULL,
    seq             INTEGER NOT NULL,  -- 0-based place in the document
    course_no       INTEGER NOT NULL,
    project_code    TEXT NOT NULL,
    project_name    TEXT NOT NULL,     -- as printed in this row
    task_code       TEXT NOT NULL,
    task_name       TEXT NOT NULL,
    competency_code TEXT NOT NULL,
    competency_text TEXT NOT NULL,
    page            INTEGER NOT NULL,
    line            INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq),
    FOREIGN KEY (document_id) REFERENCES document (id) ON DELETE CASCADE,
    FOREIGN KEY (document_id, competency_code) REFERENCES competency (document_id, code) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX mapping_competency ON mapping (document_id, competency_code);
CREATE INDEX mapping_course ON mapping (document_id, course_no);

CREATE TABLE finding (
    document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    severity    TEXT NOT NULL,
    rule        TEXT NOT NULL,
    course_no   INTEGER,
    code        TEXT NOT NULL,
    page        INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    message     TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
CREATE INDEX finding_rule ON finding (rule);

-- The first course of each number (as the CSV writer takes it).
CREATE VIEW course_by_no AS
SELECT c.* FROM course c
WHERE c.seq = (SELECT min(seq) FROM course d WHERE d.document_id = c.document_id AND d.no = c.no);

-- <stem>.mappings.csv, in document order (ORDER BY document_id, seq).
CREATE VIEW mappings AS
SELECT m.document_id, d.file, d.programme, d.revision, m.seq,
       m.course_no, coalesce(c.category, '') AS course_category, coalesce(c.name, '') AS course_name,
       m.project_code, m.project_name, m.task_code, m.task_name,
       m.competency_code, m.competency_text, m.page, m.line
FROM mapping m
JOIN document d ON d.id = m.document_id
LEFT JOIN course_by_no c ON c.document_id = m.document_id AND c.no = m.course_no;

-- <stem>.courses.csv, in document order.
CREATE VIEW courses AS
SELECT c.document_id, d.file, d.programme, d.revision, c.seq,
       c.no AS course_no, c.category AS course_category, c.name AS course_name, c.level, c.description,
       (SELECT count(*) FROM mapping m WHERE m.document_id = c.document_id AND m.course_no = c.no) AS competency_count
FROM course c JOIN document d ON d.id = c.document_id;

-- <stem>.competencies.csv, by code.
CREATE VIEW competencies AS
SELECT k.document_id, d.file, d.programme, d.revision,
       k.code AS competency_code, k.text AS competency_text,
       k.task_code, k.task_name, k.project_code, k.project_name,
       (SELECT count(DISTINCT m.course_no) FROM mapping m
         WHERE m.document_id = k.document_id AND m.competency_code = k.code) AS course_count,
       (SELECT group_concat(no, ';') FROM
          (SELECT DISTINCT m.course_no AS no FROM mapping m
            WHERE m.document_id = k.document_id AND m.competency_code = k.code ORDER BY 1)) AS courses
FROM competency k
JOIN document d ON d.id = k.document_id;

-- <stem>.matrix.csv in long form: one row per marked cell (competency × course, value 1).
CREATE VIEW matrix AS
SELECT k.document_id, d.file, d.programme, d.revision,
       k.code AS competency_code, k.text AS competency_text,
       c.seq AS course_seq, c.no AS course_no, c.name AS course_name,
       c.no || ' ' || c.name AS course_column, 1 AS value
FROM competency k
JOIN document d ON d.id = k.document_id
JOIN course c ON c.document_id = k.document_id
WHERE EXISTS (SELECT 1 FROM mapping m WHERE m.document_id = k.document_id
                AND m.competency_code = k.code AND m.course_no = c.no);

-- <stem>.findings.csv, in document order.
CREATE VIEW findings AS
SELECT f.document_id, d.file, d.programme, d.revision, f.seq,
       f.severity, f.rule, f.course_no, f.code, f.page, f.line, f.message
FROM finding f JOIN document d ON d.id = f.document_id;
"#;
