//! The HTML report of one standard: a single self-contained page (`convert --format html`).
//!
//! Takes a [`Standard`] and gives one HTML document with everything inline (CSS in a
//! `<style>`, no script, no image, no font file, no link outside the page), so it can be
//! mailed or opened offline:
//!
//! 1. the title and a summary: courses, distinct competencies, rows, findings by severity
//!    and by rule, and the courses with how many competencies each trains;
//! 2. the findings, each linked to the row it concerns in the course tables;
//! 3. a heat map of work projects × courses (how many competencies of the project the
//!    course trains), then the full competency × course matrix with per-course and
//!    per-competency totals, competencies trained by a single course marked;
//! 4. one table per course, project and task cells merged over their rows as in the
//!    document.
//!
//! All text from the document goes through [`escape`]. The font stack lists CJK fonts of
//! the common systems (Noto Sans CJK, Source Han Sans, Microsoft YaHei, PingFang); an
//! `@media print` block drops the navigation, keeps colours and breaks pages between
//! courses. The bytes depend only on the `Standard`.

use crate::model::{CatalogueEntry, Course, Finding, Mapping, Rule, Severity, Standard};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

/// `s` with `& < > " '` replaced by character references: safe in element content and in
/// quoted attribute values. Control characters other than TAB and LF, which HTML does not
/// allow even as references, are shown as [`super::visible`] does (`␋`, `␛`).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) && !s.contains(super::is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not allowed in HTML text, even as a reference: shown instead.
            c if super::is_hostile(c) => {
                out.push_str(&super::visible(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

const STYLE: &str = r#"
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#f6f8fa;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--accent:#0550ae;
--h1:#e3f2fd;--h2:#bbdefb;--h3:#90caf9;--h4:#42a5f5;--h5:#1e88e5;--h6:#0d47a1}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:14px/1.55 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","微软雅黑","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:1320px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:28px 0 8px}
p.meta,.muted{color:var(--muted)}
nav{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.95);border-bottom:1px solid var(--line);padding:8px 28px;font-size:13px}
nav a{margin-right:14px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px;background:var(--bg)}
.card b{display:block;font-size:26px;line-height:1.2}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
thead th{background:var(--bg);position:sticky;top:37px;z-index:1}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code,.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;white-space:nowrap}
.sev{font-weight:600;border-radius:4px;padding:0 6px;white-space:nowrap}
.sev.error{color:var(--err);background:var(--err-bg)}.sev.warning{color:var(--warn);background:var(--warn-bg)}
tr.error td{background:#fff5f5}tr.warning td{background:#fffdf0}
.bar{display:inline-block;height:10px;background:var(--h4);border-radius:2px;vertical-align:middle;margin-right:6px}
.heat td.c{text-align:center;min-width:34px;font-variant-numeric:tabular-nums}
.h0{background:#fff}.h1{background:var(--h1)}.h2{background:var(--h2)}.h3{background:var(--h3)}
.h4{background:var(--h4);color:#fff}.h5{background:var(--h5);color:#fff}.h6{background:var(--h6);color:#fff}
th.vert{writing-mode:vertical-rl;text-orientation:mixed;white-space:nowrap;vertical-align:bottom;min-width:34px;max-height:14em;font-weight:500}
.matrix td{padding:2px 6px}
.matrix td.t{max-width:30em;min-width:14em}
.matrix td.m{background:var(--h4);text-align:center;color:#fff}
.matrix tr.group th{background:#eef1f4;text-align:left}
.matrix tr.total td,.matrix tr.total th{font-weight:600;background:var(--bg)}
.once{color:var(--err);font-weight:600}
.course table{width:100%}
.course td.t{width:48%}
.course td.g{border-bottom-style:none}
.course td.cont{border-top-style:none;border-bottom-style:none}
.course tbody tr:last-child td{border-bottom-style:solid}
tr.flag td{background:#fff5f5}
.legend span{display:inline-block;width:26px;text-align:center;border:1px solid var(--line);margin-right:2px}
@media print{
 nav{display:none}
 main{max-width:none;padding:0}
 body{font-size:10.5pt}
 thead th{position:static}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 @page{margin:12mm}
 section.course{break-before:page}
 tr,.card{break-inside:avoid}
 h2,h3{break-after:avoid}
 a{color:inherit}
}
"#;

/// The whole report of `standard` as an HTML document.
pub fn render(standard: &Standard) -> String {
    let mut out = String::with_capacity(256 * 1024);
    // Writing into a String cannot fail.
    let _ = write_page(standard, &mut out);
    out
}

fn title(standard: &Standard) -> &str {
    if standard.title.trim().is_empty() {
        &standard.source
    } else {
        &standard.title
    }
}

fn write_page(s: &Standard, out: &mut String) -> std::fmt::Result {
    let catalogue = s.catalogue();
    let title = title(s);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(
        out,
        "<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{} · compmap</title>", escape(title))?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(
        out,
        "<nav><a href=\"#summary\">概览 Summary</a><a href=\"#findings\">问题 Findings</a>\
         <a href=\"#heatmap\">热力图 Heat map</a><a href=\"#matrix\">对接矩阵 Matrix</a>\
         <a href=\"#courses\">课程 Courses</a></nav>"
    )?;
    writeln!(out, "<main>")?;
    writeln!(out, "<h1>{}</h1>", escape(title))?;
    writeln!(
        out,
        "<p class=\"meta\">Source: <code>{}</code> · {} · compmap report</p>",
        escape(&s.source),
        super::plural(s.pages as usize, "page")
    )?;
    let anchors = row_anchors(&s.mappings);
    summary(s, &catalogue, out)?;
    findings(s, &anchors, out)?;
    heatmap(s, &catalogue, out)?;
    matrix(s, &catalogue, out)?;
    courses(s, &anchors, out)?;
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The id of the course-table row of each mapping: the first mapping at a place gets
/// `L<page>-<line>`, which findings link to.
fn row_anchors(mappings: &[Mapping]) -> BTreeMap<(u32, u32), usize> {
    let mut anchors = BTreeMap::new();
    for (i, m) in mappings.iter().enumerate() {
        anchors.entry((m.loc.page, m.loc.line)).or_insert(i);
    }
    anchors
}

fn anchor_id(page: u32, line: u32) -> String {
    format!("L{page}-{line}")
}

fn course_label(c: &Course) -> String {
    format!("{}. {}", c.course_no, c.name)
}

fn summary(s: &Standard, catalogue: &[CatalogueEntry], out: &mut String) -> std::fmt::Result {
    let errors = s.count(Severity::Error);
    let warnings = s.count(Severity::Warning);
    writeln!(out, "<section id=\"summary\">\n<h2>概览 Summary</h2>")?;
    writeln!(out, "<div class=\"cards\">")?;
    for (class, n, label) in [
        ("", s.courses.len(), "课程 courses"),
        ("", catalogue.len(), "职业能力 competencies"),
        ("", s.mappings.len(), "对接行 rows"),
        ("err", errors, "错误 errors"),
        ("warn", warnings, "警告 warnings"),
    ] {
        writeln!(
            out,
            "<div class=\"card {class}\"><b>{n}</b>{}</div>",
            escape(label)
        )?;
    }
    writeln!(out, "</div>")?;

    let mut by_rule: BTreeMap<(std::cmp::Reverse<Severity>, Rule), usize> = BTreeMap::new();
    for f in &s.findings {
        *by_rule
            .entry((std::cmp::Reverse(f.severity), f.rule))
            .or_default() += 1;
    }
    if !by_rule.is_empty() {
        writeln!(out, "<table class=\"rules\">\n<thead><tr><th>severity</th><th>rule</th><th class=\"n\">findings</th></tr></thead>\n<tbody>")?;
        for ((sev, rule), n) in &by_rule {
            let sev = sev.0.as_str();
            writeln!(
                out,
                "<tr><td><span class=\"sev {sev}\">{sev}</span></td><td><code>{}</code></td><td class=\"n\">{n}</td></tr>",
                rule.as_str()
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }

    let max = s
        .courses
        .iter()
        .map(|c| s.competency_count(c.course_no))
        .max()
        .unwrap_or(0);
    writeln!(out, "<h3>课程 Courses</h3>")?;
    writeln!(out, "<table class=\"overview\">\n<thead><tr><th class=\"n\">No.</th><th>课程名称 name</th><th>类别 category</th><th>层次 level</th><th>职业能力 competencies</th></tr></thead>\n<tbody>")?;
    for c in &s.courses {
        let n = s.competency_count(c.course_no);
        let width = (n * 160).checked_div(max).unwrap_or(0);
        writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td><a href=\"#course-{}\">{}</a></td><td>{}</td><td>{}</td><td><span class=\"bar\" style=\"width:{width}px\"></span>{n}</td></tr>",
            c.course_no,
            c.course_no,
            escape(&c.name),
            escape(&c.category),
            escape(&c.level)
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn findings(
    s: &Standard,
    anchors: &BTreeMap<(u32, u32), usize>,
    out: &mut String,
) -> std::fmt::Result {
    writeln!(out, "<section id=\"findings\">\n<h2>问题 Findings</h2>")?;
    if s.findings.is_empty() {
        return writeln!(out, "<p>No findings.</p>\n</section>");
    }
    writeln!(out, "<table class=\"findings\">\n<thead><tr><th>severity</th><th>rule</th><th>course</th><th>code</th><th>page:line</th><th>message</th><th>what to do</th></tr></thead>\n<tbody>")?;
    for f in &s.findings {
        write_finding(s, f, anchors, out)?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_finding(
    s: &Standard,
    f: &Finding,
    anchors: &BTreeMap<(u32, u32), usize>,
    out: &mut String,
) -> std::fmt::Result {
    let sev = f.severity.as_str();
    let course = f
        .course_no
        .map(|no| match s.courses.iter().find(|c| c.course_no == no) {
            Some(c) => escape(&course_label(c)).into_owned(),
            None => no.to_string(),
        })
        .unwrap_or_default();
    let place = format!("{}:{}", f.loc.page, f.loc.line);
    let place = if anchors.contains_key(&(f.loc.page, f.loc.line)) {
        format!(
            "<a href=\"#{}\">{place}</a>",
            anchor_id(f.loc.page, f.loc.line)
        )
    } else {
        place
    };
    writeln!(
        out,
        "<tr class=\"{sev}\"><td><span class=\"sev {sev}\">{sev}</span></td><td><code>{}</code></td><td>{course}</td><td><code>{}</code></td><td class=\"n\">{place}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
        f.rule.as_str(),
        escape(&f.code),
        code_spans(&escape(&f.message)),
        code_spans(&escape(super::diagnostics::help(f.rule)))
    )
}

/// Escaped text with its `` `code` `` spans shown as code (messages quote codes so).
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len() < 3 {
        return escaped.to_string();
    }
    let mut out = String::with_capacity(escaped.len() + 32);
    for (k, part) in parts.iter().enumerate() {
        // An odd part sits between two backticks, unless it is the unmatched tail.
        if k % 2 == 1 && k + 1 < parts.len() {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            if k % 2 == 1 {
                out.push('`');
            }
            out.push_str(part);
        }
    }
    out
}

/// Heat class `h0`…`h6` of `n` on a scale up to `max`: 0 is white, 1 the lightest blue,
/// `max` the darkest.
fn heat(n: usize, max: usize) -> String {
    let level = match (n.min(max), max) {
        (0, _) => 0,
        (_, 1) => 6,
        (n, max) => 1 + (n - 1) * 5 / (max - 1),
    };
    format!("h{level}")
}

fn heatmap(s: &Standard, catalogue: &[CatalogueEntry], out: &mut String) -> std::fmt::Result {
    // Work projects in code order, each named by its first catalogue entry.
    let mut projects: BTreeMap<&str, &str> = BTreeMap::new();
    let mut cells: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    for e in catalogue {
        projects
            .entry(e.project_code.as_str())
            .or_insert(e.project_name.as_str());
        for &no in &e.courses {
            *cells.entry((e.project_code.as_str(), no)).or_default() += 1;
        }
    }
    writeln!(
        out,
        "<section id=\"heatmap\">\n<h2>热力图 Heat map: work projects × courses</h2>"
    )?;
    writeln!(
        out,
        "<p class=\"muted\">How many distinct competencies of each work project (工作项目) a course trains, shaded by their share of the project's competencies (the last column): darkest when a course trains all of them; an empty cell means the course trains none. <span class=\"legend\">{}</span></p>",
        (0..=6)
            .map(|k| format!("<span class=\"h{k}\">&nbsp;</span>"))
            .collect::<String>()
    )?;
    writeln!(
        out,
        "<table class=\"heat\">\n<thead><tr><th>工作项目 project</th>"
    )?;
    for c in &s.courses {
        writeln!(
            out,
            "<th class=\"vert\" title=\"{}\">{}</th>",
            escape(&course_label(c)),
            escape(&course_label(c))
        )?;
    }
    writeln!(
        out,
        "<th class=\"n\">courses</th><th class=\"n\">competencies</th></tr></thead>\n<tbody>"
    )?;
    for (code, name) in &projects {
        let total = catalogue.iter().filter(|e| e.project_code == *code).count();
        let reached = s
            .courses
            .iter()
            .filter(|c| cells.contains_key(&(*code, c.course_no)))
            .count();
        write!(
            out,
            "<tr><th><code>{}</code> {}</th>",
            escape(code),
            escape(name)
        )?;
        for c in &s.courses {
            let n = cells.get(&(*code, c.course_no)).copied().unwrap_or(0);
            let shown = if n == 0 { String::new() } else { n.to_string() };
            write!(out, "<td class=\"c {}\">{shown}</td>", heat(n, total))?;
        }
        writeln!(
            out,
            "<td class=\"n\">{reached}</td><td class=\"n\">{total}</td></tr>"
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn matrix(s: &Standard, catalogue: &[CatalogueEntry], out: &mut String) -> std::fmt::Result {
    let once = catalogue.iter().filter(|e| e.courses.len() == 1).count();
    let widest = catalogue.iter().map(|e| e.courses.len()).max().unwrap_or(0);
    writeln!(
        out,
        "<section id=\"matrix\">\n<h2>对接矩阵 Course × competency matrix</h2>"
    )?;
    writeln!(
        out,
        "<p class=\"muted\">{} distinct competencies; <span class=\"once\">{once}</span> are trained by a single course (marked), the most widely trained by {widest} courses. The last row counts the competencies of each course.</p>",
        catalogue.len()
    )?;
    let columns = s.courses.len() + 3;
    writeln!(
        out,
        "<table class=\"matrix heat\">\n<thead><tr><th>code</th><th>职业能力 competency</th>"
    )?;
    for c in &s.courses {
        writeln!(
            out,
            "<th class=\"vert\" title=\"{}\">{}</th>",
            escape(&course_label(c)),
            escape(&course_label(c))
        )?;
    }
    writeln!(out, "<th class=\"n\">courses</th></tr></thead>\n<tbody>")?;
    let ncourses = s.courses.len();
    let mut project = None;
    for e in catalogue {
        if project != Some(e.project_code.as_str()) {
            project = Some(e.project_code.as_str());
            writeln!(
                out,
                "<tr class=\"group\"><th colspan=\"{columns}\"><code>{}</code> {}</th></tr>",
                escape(&e.project_code),
                escape(&e.project_name)
            )?;
        }
        let class = if e.courses.len() == 1 {
            " class=\"once\""
        } else {
            ""
        };
        write!(
            out,
            "<tr><td><code{class}>{}</code></td><td class=\"t\">{}</td>",
            escape(&e.competency_code),
            escape(&e.competency_text)
        )?;
        for c in &s.courses {
            if e.courses.contains(&c.course_no) {
                write!(out, "<td class=\"m\">●</td>")?;
            } else {
                write!(out, "<td></td>")?;
            }
        }
        writeln!(
            out,
            "<td class=\"c {}\">{}</td></tr>",
            heat(e.courses.len(), ncourses),
            e.courses.len()
        )?;
    }
    let per_course: Vec<usize> = s
        .courses
        .iter()
        .map(|c| {
            catalogue
                .iter()
                .filter(|e| e.courses.contains(&c.course_no))
                .count()
        })
        .collect();
    let max = per_course.iter().copied().max().unwrap_or(0);
    write!(
        out,
        "<tr class=\"total\"><th colspan=\"2\">competencies per course</th>"
    )?;
    for n in &per_course {
        write!(out, "<td class=\"c {}\">{n}</td>", heat(*n, max))?;
    }
    writeln!(out, "<td></td></tr>\n</tbody>\n</table>\n</section>")
}

fn courses(
    s: &Standard,
    anchors: &BTreeMap<(u32, u32), usize>,
    out: &mut String,
) -> std::fmt::Result {
    writeln!(out, "<div id=\"courses\"></div>")?;
    let flagged: HashSet<(u32, u32)> = s
        .findings
        .iter()
        .map(|f| (f.loc.page, f.loc.line))
        .collect();
    let anchored: BTreeSet<usize> = anchors.values().copied().collect();
    let mut by_course: BTreeMap<u32, Vec<(usize, &Mapping)>> = BTreeMap::new();
    for (i, m) in s.mappings.iter().enumerate() {
        by_course.entry(m.course_no).or_default().push((i, m));
    }
    for c in &s.courses {
        let rows = by_course
            .get(&c.course_no)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        writeln!(
            out,
            "<section class=\"course\" id=\"course-{}\">\n<h2>{}</h2>",
            c.course_no,
            escape(&course_label(c))
        )?;
        writeln!(
            out,
            "<p class=\"meta\">{} · {} · {} · page {}, line {}</p>",
            escape(&c.category),
            escape(&c.level),
            super::plural(rows.len(), "competency row"),
            c.loc.page,
            c.loc.line
        )?;
        if !c.description.is_empty() {
            writeln!(
                out,
                "<p><b>主要教学内容及要求</b> {}</p>",
                escape(&c.description)
            )?;
        }
        writeln!(out, "<table>\n<thead><tr><th colspan=\"2\">工作项目 project</th><th colspan=\"2\">工作任务 task</th><th colspan=\"2\">职业能力 competency</th><th class=\"n\">line</th></tr></thead>\n<tbody>")?;
        for (k, &(i, m)) in rows.iter().enumerate() {
            let starts = |same: &dyn Fn(&Mapping) -> bool| k == 0 || !same(rows[k - 1].1);
            let same_project =
                |r: &Mapping| r.project_code == m.project_code && r.project_name == m.project_name;
            let same_task = |r: &Mapping| {
                same_project(r) && r.task_code == m.task_code && r.task_name == m.task_name
            };
            let id = if anchored.contains(&i) {
                format!(" id=\"{}\"", anchor_id(m.loc.page, m.loc.line))
            } else {
                String::new()
            };
            let class = if flagged.contains(&(m.loc.page, m.loc.line)) {
                " class=\"flag\""
            } else {
                ""
            };
            write!(out, "<tr{id}{class}>")?;
            // A merged cell is drawn as its first row's cells plus borderless cells below:
            // unlike `rowspan`, that lets a long group break across printed pages.
            for (same, code, name) in [
                (
                    &same_project as &dyn Fn(&Mapping) -> bool,
                    &m.project_code,
                    &m.project_name,
                ),
                (&same_task, &m.task_code, &m.task_name),
            ] {
                if starts(same) {
                    write!(
                        out,
                        "<td class=\"g\"><code>{}</code></td><td class=\"g\">{}</td>",
                        escape(code),
                        escape(name)
                    )?;
                } else {
                    write!(out, "<td class=\"cont\"></td><td class=\"cont\"></td>")?;
                }
            }
            writeln!(
                out,
                "<td><code>{}</code></td><td class=\"t\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&m.competency_code),
                escape(&m.competency_text),
                m.loc.line
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape("plain 中文"), "plain 中文");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        // Already-escaped text is escaped again, not trusted.
        assert_eq!(escape("&amp;"), "&amp;amp;");
        // Control characters (invalid in HTML) are shown; TAB and LF stay.
        assert_eq!(escape("a\u{b}\u{1b}[2J\t\n"), "a␋␛[2J\t\n");
    }

    #[test]
    fn backticks_become_code() {
        assert_eq!(
            code_spans("a `01` b `02`"),
            "a <code>01</code> b <code>02</code>"
        );
        assert_eq!(code_spans("odd `one"), "odd `one");
        assert_eq!(code_spans("x `1` y `2"), "x <code>1</code> y `2");
    }

    #[test]
    fn heat_scale() {
        assert_eq!(heat(0, 10), "h0");
        assert_eq!(heat(1, 10), "h1");
        assert_eq!(heat(10, 10), "h6");
        assert_eq!(heat(5, 0), "h0");
        assert_eq!(heat(1, 1), "h6");
        assert_eq!(heat(12, 10), "h6");
    }

    #[test]
    fn empty_standard_is_a_whole_page() {
        let html = render(&Standard {
            source: "x.txt".into(),
            ..Default::default()
        });
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("<title>x.txt · compmap</title>"));
        assert!(html.contains("No findings."));
    }

    #[test]
    fn merged_cells_drawn_once_per_group() {
        let m = |code: &str, line| Mapping {
            course_no: 1,
            project_code: code[..2].into(),
            project_name: "P".into(),
            task_code: code[..5].into(),
            task_name: "T".into(),
            competency_code: code.into(),
            competency_text: "c".into(),
            loc: Loc::new(1, line),
        };
        let s = Standard {
            courses: vec![Course {
                course_no: 1,
                category: "k".into(),
                name: "n".into(),
                level: "l".into(),
                description: String::new(),
                loc: Loc::new(1, 1),
                labels: Vec::new(),
            }],
            mappings: vec![m("01-01-01", 5), m("01-01-02", 6), m("01-02-01", 7)],
            ..Default::default()
        };
        let html = render(&s);
        let course = &html[html.find("id=\"course-1\"").unwrap()..];
        // Project 01 shown once over three rows, task 01-01 once over two, 01-02 once.
        assert_eq!(
            course
                .matches("<td class=\"g\"><code>01</code></td>")
                .count(),
            1
        );
        assert_eq!(
            course
                .matches("<td class=\"g\"><code>01-01</code></td>")
                .count(),
            1
        );
        assert_eq!(
            course
                .matches("<td class=\"g\"><code>01-02</code></td>")
                .count(),
            1
        );
        // Continuation cells: 2 rows × project (2 cells) + 1 row × task (2 cells).
        assert_eq!(course.matches("<td class=\"cont\"></td>").count(), 6);
        assert_eq!(html.matches("<td class=\"m\">●</td>").count(), 3);
    }
}
