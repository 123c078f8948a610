#!/usr/bin/env python3
"""A model of the store's write path in Python's sqlite3, to compare schema and pragma
choices quickly (no Rust build): the schema of src/store/schema.rs (version 1), the rows of
one compmap JSON output stored N times under N document ids, one transaction per document,
WAL, synchronous=NORMAL, no auto-checkpoint. Prints CPU ms per document, and the WAL and
database sizes, per variant (run twice each).

    python3 bench/sqlite_model.py OUT/stem.json [VARIANT…]      (N=100 by default)

Variants (combine with commas): base; nofk (foreign_keys off); noglobal (without the
indexes that do not start with document_id); noidx (no secondary index); cache (64 MiB
page cache); multi (mapping rows in INSERTs of 32 rows).
Python's own per-row work is in the figures: compare variants, not absolute values."""
import json, os, sqlite3, sys, tempfile, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = open(os.path.join(ROOT, "src/store/schema.rs"), encoding="utf-8").read()
V1 = SRC.split('const V1: &str = r#"')[1].split('"#;')[0]
N = int(os.environ.get("N", "100"))


def rows(d, doc_id):
    courses = [(doc_id, i, c["no"], c["category"], c["name"], c["level"], c["description"],
                c["loc"]["page"], c["loc"]["line"], json.dumps(c["labels"], ensure_ascii=False))
               for i, c in enumerate(d["courses"])]
    projects, tasks = {}, {}
    for m in d["mappings"]:
        projects.setdefault(m["project_code"], m["project_name"])
        tasks.setdefault(m["task_code"], (m["task_name"], m["project_code"]))
    pr = [(doc_id, k, v) for k, v in sorted(projects.items())]
    ta = [(doc_id, k, v[0], v[1]) for k, v in sorted(tasks.items())]
    co = [(doc_id, e["competency_code"], e["competency_text"], e["task_code"], e["task_name"],
           e["project_code"], e["project_name"]) for e in d["competencies"]]
    ma = [(doc_id, i, m["course_no"], m["project_code"], m["project_name"], m["task_code"],
           m["task_name"], m["competency_code"], m["competency_text"], m["loc"]["page"],
           m["loc"]["line"]) for i, m in enumerate(d["mappings"])]
    fi = [(doc_id, i, f["severity"], f["rule"], f["course_no"], f["code"], f["loc"]["page"],
           f["loc"]["line"], f["message"]) for i, f in enumerate(d["findings"])]
    return courses, pr, ta, co, ma, fi


def run(d, variant, path):
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")
    c.execute("PRAGMA synchronous=NORMAL")
    c.execute("PRAGMA foreign_keys=%s" % ("OFF" if "nofk" in variant else "ON"))
    if "cache" in variant:
        c.execute("PRAGMA cache_size=-65536")
    lines = V1.split("\n")
    if "noglobal" in variant:
        lines = [l for l in lines if not (l.startswith("CREATE INDEX") and "document_id" not in l)]
    if "noidx" in variant:
        lines = [l for l in lines if not l.startswith("CREATE INDEX")]
    c.executescript("\n".join(lines))
    data = [rows(d, 1000 + i) for i in range(N)]
    one = "(" + ",".join("?" * 11) + ")"
    t0 = time.process_time()
    for i in range(N):
        co, pr, ta, cp, ma, fi = data[i]
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT INTO document VALUES (?,?,?,?,?,?,?)",
                  (1000 + i, "f", "h", "t", "p%d" % i, "r", 1))
        c.executemany("INSERT INTO course VALUES (?,?,?,?,?,?,?,?,?,?)", co)
        c.executemany("INSERT INTO project VALUES (?,?,?)", pr)
        c.executemany("INSERT INTO task VALUES (?,?,?,?)", ta)
        c.executemany("INSERT INTO competency VALUES (?,?,?,?,?,?,?)", cp)
        if "multi" in variant:
            k = 32
            full = len(ma) // k * k
            c.executemany("INSERT INTO mapping VALUES " + ",".join([one] * k),
                          [sum(ma[j:j + k], ()) for j in range(0, full, k)])
            c.executemany("INSERT INTO mapping VALUES " + one, ma[full:])
        else:
            c.executemany("INSERT INTO mapping VALUES " + one, ma)
        c.executemany("INSERT INTO finding VALUES (?,?,?,?,?,?,?,?,?)", fi)
        c.execute("COMMIT")
    t1 = time.process_time()
    wal = os.path.getsize(path + "-wal")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = os.path.getsize(path)
    c.close()
    return (t1 - t0) / N * 1000, wal / 1e6, db / 1e6


def main():
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    variants = sys.argv[2:] or ["base", "nofk", "noglobal"]
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            for v in variants:
                ms, wal, db = run(d, v, os.path.join(tmp, "t.sqlite"))
                print("%-24s %6.2f ms CPU/document  WAL %6.1f MB  database %6.1f MB" % (v, ms, wal, db))


if __name__ == "__main__":
    main()
