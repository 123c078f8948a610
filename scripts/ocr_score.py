#!/usr/bin/env python3
"""Scores compmap's rows read from a scan against the expected rows (issue 17's figures).

    python3 scripts/ocr_score.py [--label L] [--json] [--criteria 300|200]
                                 EXPECTED.rows.csv OUTPUT [FINDINGS.csv]

EXPECTED.rows.csv: the rows the document must give (header course_no .. competency_text,
optionally page and line: `scripts/make_scans.py` writes them, `tests/golden/` has the
fixture's). OUTPUT: compmap's `<stem>.mappings.csv`, or the output directory holding
`<stem>.mappings.csv` where `<stem>` is EXPECTED's name without `.rows.csv`. FINDINGS
defaults to the `.findings.csv` beside the mappings. No mappings file (compmap refused the
input) scores as every row missing.

Compared: every column of EXPECTED but `line` (so `page` too when EXPECTED has it). Rows
are paired in order by (course_no, competency_code) (longest matching blocks, difflib);
rows left between two pairs are paired by position, the rest are missing or extra.

Printed figures (the last line is one JSON object with the same figures, for scripts):
- competency codes exact: expected rows paired with a row of the same competency code;
- rows exact: expected rows paired with a row equal on every compared column;
- characters right: 1 - (edit distance over every compared text cell of every row, a
  missing row costing its characters, an extra row its own) / (characters of the expected
  cells). Text cells: every compared column but `page` (a location, not a reading);
- wrong rows without a finding: wrong rows (not exact, missing, or extra) no `ocr-uncertain`
  finding is on, over the expected rows. A finding is on a wrong field of a row when its
  course_no is empty or the row's, and its `code` is the row's code of that field's level
  (project / task / competency; for the course's own fields: an empty code, the course
  named), or its page and line are the row's, or its message quotes the row's whole reading
  of the field in backticks (`...`, 2 characters or more, as compmap's findings quote). A
  wrong row is covered when every wrong field is; a missing row when a finding names its
  expected competency code;
- per field: expected rows wrong on it (a missing row: on every field) and its edit
  distance over its characters;
- courses exact (when EXPECTED.courses.csv and the output courses.csv exist): every column
  of the expected courses file equal.
`--criteria 300` / `--criteria 200` adds whether the "Done when" figures of issue 17 are met
(300 dpi: all codes, >= 99 % rows, >= 99.9 % characters, no wrong row without a finding;
200 dpi: all codes, >= 95 % rows, wrong rows without a finding <= 0.5 %).

Exit 0 when scored (whatever the figures), 2 when EXPECTED cannot be read.
"""
import csv
import difflib
import json
import os
import sys

FINDING_RULE = "ocr-uncertain"
# A quoted reading shorter than this would match by chance (one character, a digit).
MIN_QUOTED_CHARS = 2
LEVEL_CODE = {
    "project_code": "project_code", "project_name": "project_code",
    "task_code": "task_code", "task_name": "task_code",
    "competency_code": "competency_code", "competency_text": "competency_code",
}
NOT_TEXT = {"page", "line"}
CRITERIA = {
    "300": dict(codes_all=True, rows_min=0.99, chars_min=0.999, silent_max=0.0),
    "200": dict(codes_all=True, rows_min=0.95, chars_min=None, silent_max=0.005),
}


def read_table(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [], []
    return rows[0], rows[1:]


def as_dicts(header, rows):
    return [dict(zip(header, r)) for r in rows]


def edit_distance(a, b):
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def pair_rows(want, got):
    """[(expected index or None, output index or None)] in order."""
    key = lambda r: (r.get("course_no", ""), r.get("competency_code", ""))  # noqa: E731
    sm = difflib.SequenceMatcher(None, [key(r) for r in want], [key(r) for r in got],
                                 autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        n = min(i2 - i1, j2 - j1)
        pairs += [(i1 + k, j1 + k) for k in range(n)]
        pairs += [(i, None) for i in range(i1 + n, i2)]
        pairs += [(None, j) for j in range(j1 + n, j2)]
    return pairs


def covers(finding, row, field):
    """Whether one ocr-uncertain finding is on `field` of the output `row`."""
    if finding.get("course_no", "") not in ("", row.get("course_no", "")):
        return False
    level = LEVEL_CODE.get(field)
    code = finding.get("code", "")
    if level is not None and code and code == row.get(level, ""):
        return True
    if level is None and code == "" and finding.get("course_no", "") != "":
        return True  # a finding on the course itself (its header), the course named
    page, line = finding.get("page", ""), finding.get("line", "")
    if page and line and page == row.get("page", "") and line == row.get("line", ""):
        return True
    reading = row.get(field, "")
    return len(reading) >= MIN_QUOTED_CHARS and "`%s`" % reading in finding.get("message", "")


def score(want_header, want, got, findings, courses=None):
    fields = [h for h in want_header if h != "line"]
    text_fields = [f for f in fields if f not in NOT_TEXT]
    findings = [f for f in findings if f.get("rule") == FINDING_RULE]
    per_field = {f: dict(wrong=0, distance=0, chars=0) for f in fields}
    codes_exact = rows_exact = distance = chars = wrong = silent = missing = extra = 0
    for i, j in pair_rows(want, got):
        w = want[i] if i is not None else None
        g = got[j] if j is not None else None
        if w is not None:
            for f in text_fields:
                per_field[f]["chars"] += len(w.get(f, ""))
                chars += len(w.get(f, ""))
        if w is not None and g is not None:
            bad = [f for f in fields if w.get(f, "") != g.get(f, "")]
            codes_exact += w.get("competency_code", "") == g.get("competency_code", "")
            for f in bad:
                per_field[f]["wrong"] += 1
                if f in text_fields:
                    d = edit_distance(w.get(f, ""), g.get(f, ""))
                    per_field[f]["distance"] += d
                    distance += d
            if not bad:
                rows_exact += 1
                continue
            wrong += 1
            if not all(any(covers(x, g, f) for x in findings) for f in bad):
                silent += 1
        elif w is not None:
            missing += 1
            wrong += 1
            for f in fields:
                per_field[f]["wrong"] += 1
            for f in text_fields:
                per_field[f]["distance"] += len(w.get(f, ""))
                distance += len(w.get(f, ""))
            named = any(x.get("code", "") == w.get("competency_code") and
                        x.get("course_no", "") in ("", w.get("course_no", "")) for x in findings)
            silent += not named
        else:
            extra += 1
            wrong += 1
            for f in text_fields:
                distance += len(g.get(f, ""))
                per_field[f]["distance"] += len(g.get(f, ""))
            silent += not any(covers(x, g, "competency_code") for x in findings)
    n = len(want)
    out = dict(rows=n, got=len(got), missing=missing, extra=extra,
               codes_exact=codes_exact, rows_exact=rows_exact,
               chars=chars, char_errors=distance,
               char_right=(1.0 - distance / chars) if chars else 1.0,
               wrong=wrong, silent=silent, silent_share=(silent / n) if n else 0.0,
               findings=len(findings), fields=per_field)
    if courses is not None:
        want_c, got_c = courses
        got_by_no = {c.get("course_no"): c for c in got_c}
        keys = list(want_c[0].keys()) if want_c else []
        out["courses"] = len(want_c)
        out["courses_exact"] = sum(
            1 for c in want_c
            if all(got_by_no.get(c["course_no"], {}).get(k) == c[k] for k in keys))
    return out


def verdict(s, name):
    c = CRITERIA[name]
    n = s["rows"] or 1
    checks = []
    if c["codes_all"]:
        checks.append(("all codes exact", s["codes_exact"] == s["rows"] and s["extra"] == 0))
    checks.append(("rows exact >= %g %%" % (100 * c["rows_min"]), s["rows_exact"] / n >=
                   c["rows_min"]))
    if c["chars_min"] is not None:
        checks.append(("characters >= %g %%" % (100 * c["chars_min"]),
                       s["char_right"] >= c["chars_min"]))
    checks.append(("wrong rows without a finding <= %g %%" % (100 * c["silent_max"]),
                   s["silent_share"] <= c["silent_max"]))
    return checks


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def report(s, label):
    n = s["rows"]
    lines = ["%s: %d expected rows, %d read (%d missing, %d extra), %d ocr-uncertain findings"
             % (label, n, s["got"], s["missing"], s["extra"], s["findings"]),
             "  competency codes exact    %6d/%d  %7.2f %%" % (s["codes_exact"], n,
                                                              pct(s["codes_exact"], n)),
             "  rows exact, every field   %6d/%d  %7.2f %%" % (s["rows_exact"], n,
                                                              pct(s["rows_exact"], n)),
             "  characters right          %7.3f %%  (edit distance %d over %d characters)"
             % (100 * s["char_right"], s["char_errors"], s["chars"]),
             "  wrong rows, no finding    %6d/%d  %7.2f %%  (of %d wrong rows)"
             % (s["silent"], n, 100 * s["silent_share"], s["wrong"])]
    if "courses" in s:
        lines.append("  courses exact             %6d/%d" % (s["courses_exact"], s["courses"]))
    lines.append("  per field (rows wrong, edit distance / characters):")
    for f, v in s["fields"].items():
        if f in NOT_TEXT:
            lines.append("    %-16s %5d" % (f, v["wrong"]))
        else:
            lines.append("    %-16s %5d  %6d / %d" % (f, v["wrong"], v["distance"], v["chars"]))
    return "\n".join(lines)


def main(argv):
    label, json_only, criteria, pos = None, False, None, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--label":
            label = argv[i + 1]
            i += 1
        elif a == "--json":
            json_only = True
        elif a == "--criteria":
            criteria = argv[i + 1]
            if criteria not in CRITERIA:
                print("--criteria takes 300 or 200", file=sys.stderr)
                return 2
            i += 1
        else:
            pos.append(a)
        i += 1
    if len(pos) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    expected = pos[0]
    stem = os.path.basename(expected)
    stem = stem[:-len(".rows.csv")] if stem.endswith(".rows.csv") else os.path.splitext(stem)[0]
    mappings = pos[1]
    if os.path.isdir(mappings):
        mappings = os.path.join(mappings, stem + ".mappings.csv")
    base = mappings[:-len(".mappings.csv")] if mappings.endswith(".mappings.csv") else mappings
    findings_path = pos[2] if len(pos) == 3 else base + ".findings.csv"
    try:
        want_header, want_rows = read_table(expected)
    except OSError as e:
        print("ocr_score: %s: %s" % (expected, e.strerror), file=sys.stderr)
        return 2
    if "competency_code" not in want_header:
        print("ocr_score: %s: no competency_code column" % expected, file=sys.stderr)
        return 2
    want = as_dicts(want_header, want_rows)
    got = as_dicts(*read_table(mappings)) if os.path.exists(mappings) else []
    findings = as_dicts(*read_table(findings_path)) if os.path.exists(findings_path) else []
    courses = None
    want_courses = expected[:-len(".rows.csv")] + ".courses.csv" \
        if expected.endswith(".rows.csv") else None
    if want_courses and os.path.exists(want_courses) and os.path.exists(base + ".courses.csv"):
        wh, wr = read_table(want_courses)
        gh, gr = read_table(base + ".courses.csv")
        courses = (as_dicts(wh, wr), as_dicts(gh, gr))
    s = score(want_header, want, got, findings, courses)
    s["label"] = label or stem
    if not os.path.exists(mappings):
        s["no_output"] = True
    checks = verdict(s, criteria) if criteria else []
    if criteria:
        s["criteria"] = criteria
        s["met"] = all(ok for _, ok in checks)
    if not json_only:
        print(report(s, s["label"]) + ("\n  (no output: %s missing)" % mappings
                                       if s.get("no_output") else ""))
        for name, ok in checks:
            print("  %-40s %s" % (name, "met" if ok else "NOT met"))
    print(json.dumps(s, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
