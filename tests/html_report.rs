//! The HTML report of the bundled fixture: one self-contained page whose sections hold
//! the standard's counts, and all document text escaped.

use compmap::export::{self, Format};
use compmap::{Severity, Standard};
use std::path::Path;

fn fixture() -> Standard {
    let (name, bytes) = compmap::BUNDLED;
    compmap::convert_bytes(Path::new(name), bytes).unwrap()
}

fn write_html(s: &Standard) -> String {
    let dir = tempfile::tempdir().unwrap();
    let written = export::write(s, dir.path(), "t", &[Format::Html]).unwrap();
    assert_eq!(written, [dir.path().join("t.html")]);
    std::fs::read_to_string(&written[0]).unwrap()
}

/// The part of `html` from the element with `id` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn sections_hold_the_fixtures_counts() {
    let s = fixture();
    let html = write_html(&s);
    let catalogue = s.catalogue();

    let summary = section(&html, "summary");
    for n in [s.courses.len(), catalogue.len(), s.mappings.len()] {
        assert!(summary.contains(&format!("<b>{n}</b>")), "{n}");
    }
    for sev in [Severity::Error, Severity::Warning] {
        assert!(summary.contains(&format!("<b>{}</b>", s.count(sev))));
    }

    let findings = section(&html, "findings");
    assert_eq!(findings.matches("<tr class=\"error\">").count(), 3);
    assert_eq!(findings.matches("<tr class=\"warning\">").count(), 1);
    // Findings about a table row link to that row, and the row exists.
    for f in &s.findings {
        let id = format!("L{}-{}", f.loc.page, f.loc.line);
        if findings.contains(&format!("href=\"#{id}\"")) {
            assert!(html.contains(&format!("<tr id=\"{id}\"")), "{id}");
        }
    }
    assert!(findings.matches("href=\"#L").count() >= 3);

    // Matrix: one row per distinct competency, one mark per course × competency pair.
    let matrix = section(&html, "matrix");
    let pairs: usize = catalogue.iter().map(|e| e.courses.len()).sum();
    assert_eq!(matrix.matches("<td class=\"m\">").count(), pairs);
    assert_eq!(matrix.matches("<td class=\"t\">").count(), catalogue.len());
    let once = catalogue.iter().filter(|e| e.courses.len() == 1).count();
    assert_eq!(matrix.matches("<code class=\"once\">").count(), once);

    // One section per course, one row per mapping in each.
    for c in &s.courses {
        let body = section(&html, &format!("course-{}", c.course_no));
        assert_eq!(
            body.matches("<td class=\"t\">").count(),
            s.competency_count(c.course_no),
            "course {}",
            c.course_no
        );
    }
    assert_eq!(
        html.matches("<section class=\"course\"").count(),
        s.courses.len()
    );
}

#[test]
fn self_contained_and_deterministic() {
    let s = fixture();
    let html = write_html(&s);
    assert_eq!(html, write_html(&s));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "http", "<script", "<link", "<img", "url(", "@import", "src=",
    ] {
        assert!(!lower.contains(banned), "found {banned}");
    }
    assert!(lower.contains("@media print"));
    assert!(html.contains("Noto Sans CJK SC") && html.contains("Microsoft YaHei"));
}

#[test]
fn document_text_is_escaped() {
    let mut s = fixture();
    let evil = "<script>alert(\"x\")</script>&'";
    s.title = evil.into();
    s.courses[0].name = evil.into();
    s.mappings[0].competency_text = evil.into();
    s.findings[0].message = evil.into();
    let html = write_html(&s);
    assert!(!html.contains("<script"), "raw markup leaked");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
    // Title (twice: <title> and <h1>), course name in the overview, the heat map and
    // matrix headers (twice each: title attribute and text), the course heading, the
    // competency text in the matrix and its course, and the finding's message.
    assert!(
        html.matches(escaped).count() >= 10,
        "{}",
        html.matches(escaped).count()
    );
}
