//! The XLSX workbook: one sheet per [`Table`], the same header and rows as the CSV files.
//!
//! Codes and all text are text cells (`01` stays `01`); numbers (course numbers, pages,
//! lines, counts, matrix marks) are number cells. Each sheet has a bold frozen header row,
//! an autofilter and column widths from the content (CJK characters count double), capped,
//! with long text wrapped. The bytes depend only on the tables: the document's creation
//! time is fixed, and rust_xlsxwriter stamps every zip entry with the same 1980 date.
//!
//! A `Summary` sheet comes first: title, source file, pages, counts, findings by severity
//! and by rule, and per course its competencies (the matrix's column totals) and findings.
//! The Matrix sheet carries totals one blank column to the right and one blank row below the
//! table, so the table itself stays equal to `matrix.csv`.
//!
//! Styling never changes a cell's value, so every sheet still equals its CSV cell for cell
//! ([`Decor`]): Mappings rows are banded by work project, rows with a finding filled red
//! (error) or yellow (warning); Findings rows are coloured by severity and their message
//! links to the Mappings row concerned; Matrix marks are filled by a conditional format;
//! course counts carry a data bar and competency course counts a colour scale. Printed,
//! each sheet fits an A4 landscape page's width and repeats its header row.
//!
//! Control characters in a text (U+000B, Word's manual line break; BEL; ESC…), which XML
//! does not allow, are stored in OOXML's escaped form `_x000B_`: rust_xlsxwriter does so for
//! cell text and document properties, [`ooxml_escaped`] for link texts. Excel and calamine
//! read the character back, so the text is kept exactly; a literal `_x000B_` in a text is
//! itself escaped (`_x005F_x000B_`) by rust_xlsxwriter and reads back literally.

use super::atomic::write_atomic;
use super::table::{Kind, Table, Value};
use crate::error::{Error, Result};
use crate::model::Severity;
use crate::model::Standard;
use rust_xlsxwriter::{
    ConditionalFormat2ColorScale, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatDataBar, DocProperties, ExcelDateTime, Format, FormatAlign, FormatUnderline,
    IgnoreError, Url, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Write `tables` as a workbook to `path` atomically.
pub fn write(standard: &Standard, tables: &[Table], path: &Path) -> Result<()> {
    // Rows are spooled next to the output, not in the temporary folder, which is often a
    // RAM disk.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let bytes = to_bytes_in(standard, tables, dir).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    write_atomic(path, |out| out.write_all(&bytes))
}

/// Document properties titled `title`, created on a fixed date (2000-01-01) instead of
/// "now", so that the same input gives the same bytes. Every workbook compmap writes
/// starts from these.
pub(crate) fn fixed_properties(
    title: &str,
) -> std::result::Result<DocProperties, rust_xlsxwriter::XlsxError> {
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_creation_datetime(&created))
}

/// The workbook's bytes; its sheets' rows are spooled through unnamed temporary files in
/// the system's temporary folder ([`to_bytes_in`]).
pub fn to_bytes(standard: &Standard, tables: &[Table]) -> std::io::Result<Vec<u8>> {
    to_bytes_in(standard, tables, &std::env::temp_dir())
}

/// The workbook's bytes, its sheets' rows spooled through unnamed temporary files in `tmp`
/// (deleted when closed, whatever happens).
pub fn to_bytes_in(standard: &Standard, tables: &[Table], tmp: &Path) -> std::io::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let props = fixed_properties(&standard.title)
        .map_err(std::io::Error::other)?
        .set_comment(format!("compmap, from {}", standard.source));
    book.set_properties(&props);
    summary(book.add_worksheet(), standard)
        .map_err(|e| std::io::Error::other(format!("sheet Summary: {e}")))?;
    // The tables' sheets in low-memory mode: each row goes to a temporary file (in `tmp`)
    // as soon as the next row starts, so a 4,000-page document's workbook does not hold
    // every cell in memory (it took 240 MiB more than the CSVs).
    book.set_tempdir(tmp).map_err(std::io::Error::other)?;
    for table in tables {
        let decor = decor(tables, table);
        book.add_worksheet_with_low_memory()
            .and_then(|sheet| fill(sheet, table, &decor))
            .map_err(|e| std::io::Error::other(format!("sheet {}: {e}", table.sheet)))?;
    }
    book.save_to_buffer().map_err(std::io::Error::other)
}

/// `s` with each control character that XML 1.0 forbids (all below U+0020 except TAB,
/// LF and CR; CR too, as Excel does) in OOXML's `_xHHHH_` form, the form rust_xlsxwriter
/// gives cell text and calamine or Excel read back as the character. For texts that go
/// where rust_xlsxwriter does not escape them (a hyperlink's display attribute).
pub fn ooxml_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 => out.push_str(&format!("_x{:04X}_", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The Matrix sheet's first course column: totals beside and below the matrix, one blank
/// column and row away from it so the table itself stays the CSV's, count per competency
/// the courses training it and per course the competencies it trains.
const MATRIX_FIRST_COURSE: usize = 2;

/// The Summary sheet: what a reader checks first.
fn summary(sheet: &mut Worksheet, standard: &Standard) -> Result<(), XlsxError> {
    use crate::model::Rule;
    sheet.set_name("Summary")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(2, 14)?;
    sheet.set_column_width(3, 12)?;
    sheet.set_column_width(4, 10)?;
    sheet.set_column_width(5, 10)?;
    let name = if standard.title.is_empty() {
        &standard.source
    } else {
        &standard.title
    };
    sheet.write_string_with_format(0, 0, name, &title)?;
    let distinct: std::collections::BTreeSet<&str> = standard
        .mappings
        .iter()
        .map(|m| m.competency_code.as_str())
        .collect();
    let facts: [(&str, String); 7] = [
        ("source file", standard.source.clone()),
        ("pages", standard.pages.to_string()),
        ("courses", standard.courses.len().to_string()),
        ("competencies", distinct.len().to_string()),
        ("mapping rows", standard.mappings.len().to_string()),
        ("errors", standard.count(Severity::Error).to_string()),
        ("warnings", standard.count(Severity::Warning).to_string()),
    ];
    let mut row = 2u32;
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        match value.parse::<f64>() {
            Ok(n) if label != "source file" => sheet.write_number(row, 1, n)?,
            _ => sheet.write_string(row, 1, &value)?,
        };
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "findings by rule", &bold)?;
    sheet.write_string_with_format(row, 1, "severity", &bold)?;
    sheet.write_string_with_format(row, 2, "count", &bold)?;
    row += 1;
    for rule in Rule::ALL {
        let n = standard.findings.iter().filter(|f| f.rule == rule).count();
        if n == 0 {
            continue;
        }
        sheet.write_string(row, 0, rule.as_str())?;
        sheet.write_string(row, 1, rule.severity().as_str())?;
        sheet.write_number(row, 2, n as f64)?;
        row += 1;
    }
    row += 1;
    for (c, head) in [
        "course_no",
        "course_name",
        "course_category",
        "competencies",
        "errors",
        "warnings",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col_num(c)?, *head, &bold)?;
    }
    row += 1;
    for course in &standard.courses {
        let of = |sev: Severity| {
            standard
                .findings
                .iter()
                .filter(|f| f.course_no == Some(course.course_no) && f.severity == sev)
                .count() as f64
        };
        sheet.write_number(row, 0, f64::from(course.course_no))?;
        sheet.write_string(row, 1, &course.name)?;
        sheet.write_string(row, 2, &course.category)?;
        sheet.write_number(row, 3, standard.competency_count(course.course_no) as f64)?;
        sheet.write_number(row, 4, of(Severity::Error))?;
        sheet.write_number(row, 5, of(Severity::Warning))?;
        row += 1;
    }
    Ok(())
}

/// Widest a column gets, in Excel character units, before its text wraps.
fn cap(kind: Kind) -> f64 {
    match kind {
        Kind::LongText => 60.0,
        Kind::Text => 30.0,
        Kind::Flag => 12.0,
        Kind::Code | Kind::Number => 14.0,
    }
}

/// Display width of the widest line of `s` (a CJK character counts as two).
fn width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Light fills (RGB) of the decorations.
const ERROR_FILL: u32 = 0xFFC7CE;
const WARNING_FILL: u32 = 0xFFEB9C;
const BAND_FILL: u32 = 0xEEF3FA;
const MARK_FILL: u32 = 0x5B9BD5;

/// How a sheet is styled beyond its columns: a fill per data row and links from cells.
/// Computed from the tables alone, so it is as deterministic as they are.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Decor {
    /// Background of data row `r` (0 = first row under the header), if any.
    pub fills: Vec<Option<u32>>,
    /// Cells that link elsewhere in the workbook: (data row, column) → `internal:` target.
    pub links: BTreeMap<(usize, usize), String>,
}

fn column(table: &Table, name: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == name)
}

fn number(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

fn severity_fill(severity: &Value) -> Option<u32> {
    match severity.as_text().as_ref() {
        s if s == Severity::Error.as_str() => Some(ERROR_FILL),
        s if s == Severity::Warning.as_str() => Some(WARNING_FILL),
        _ => None,
    }
}

/// The decorations of `table`, one of `tables` (the others give the cross-references).
pub fn decor(tables: &[Table], table: &Table) -> Decor {
    let mut decor = Decor {
        fills: vec![None; table.rows.len()],
        links: BTreeMap::new(),
    };
    let findings = tables.iter().find(|t| t.name == "findings");
    let mappings = tables.iter().find(|t| t.name == "mappings");
    // (page, line) of each finding → its fill, errors winning over warnings.
    let mut flagged: BTreeMap<(u64, u64), u32> = BTreeMap::new();
    if let Some(f) = findings {
        if let (Some(sev), Some(page), Some(line)) =
            (column(f, "severity"), column(f, "page"), column(f, "line"))
        {
            for row in &f.rows {
                if let (Some(fill), Some(p), Some(l)) = (
                    severity_fill(&row[sev]),
                    number(&row[page]),
                    number(&row[line]),
                ) {
                    let e = flagged.entry((p, l)).or_insert(fill);
                    if fill == ERROR_FILL {
                        *e = fill;
                    }
                }
            }
        }
    }
    match table.name {
        "mappings" => {
            let (Some(course), Some(project), Some(page), Some(line)) = (
                column(table, "course_no"),
                column(table, "project_code"),
                column(table, "page"),
                column(table, "line"),
            ) else {
                return decor;
            };
            // Band by work project: the fill flips where course or project changes, so
            // the merged cells of the document show as blocks.
            let mut band = false;
            for (r, row) in table.rows.iter().enumerate() {
                if r > 0 {
                    let prev = &table.rows[r - 1];
                    if prev[course] != row[course] || prev[project] != row[project] {
                        band = !band;
                    }
                }
                let at = number(&row[page]).zip(number(&row[line]));
                decor.fills[r] = match at.and_then(|k| flagged.get(&k)) {
                    Some(&fill) => Some(fill),
                    None => band.then_some(BAND_FILL),
                };
            }
        }
        "findings" => {
            let (Some(sev), Some(page), Some(line), Some(message)) = (
                column(table, "severity"),
                column(table, "page"),
                column(table, "line"),
                column(table, "message"),
            ) else {
                return decor;
            };
            // First Mappings row at each place.
            let mut rows_at: BTreeMap<(u64, u64), usize> = BTreeMap::new();
            if let Some(m) = mappings {
                if let (Some(mp), Some(ml)) = (column(m, "page"), column(m, "line")) {
                    for (r, row) in m.rows.iter().enumerate() {
                        if let Some(k) = number(&row[mp]).zip(number(&row[ml])) {
                            rows_at.entry(k).or_insert(r);
                        }
                    }
                }
            }
            let sheet = mappings.map_or("Mappings", |m| m.sheet);
            for (r, row) in table.rows.iter().enumerate() {
                decor.fills[r] = severity_fill(&row[sev]);
                let at = number(&row[page]).zip(number(&row[line]));
                if let Some(&target) = at.and_then(|k| rows_at.get(&k)) {
                    // Data row `target` sits under the header: Excel row target + 2.
                    decor
                        .links
                        .insert((r, message), format!("internal:'{sheet}'!A{}", target + 2));
                }
            }
        }
        _ => {}
    }
    decor
}

/// Conditional formats: they colour cells by value without touching the values.
fn conditional(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    if table.rows.is_empty() {
        return Ok(());
    }
    let last = row_num(table.rows.len())?;
    let flags: Vec<usize> = (0..table.columns.len())
        .filter(|&c| table.columns[c].kind == Kind::Flag)
        .collect();
    if let (Some(&first), Some(&end)) = (flags.first(), flags.last()) {
        let mark = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(1))
            .set_format(
                Format::new()
                    .set_background_color(MARK_FILL)
                    .set_font_color(0xFFFFFF),
            );
        sheet.add_conditional_format(1, col_num(first)?, last, col_num(end)?, &mark)?;
    }
    for (name, bar) in [("competency_count", true), ("course_count", false)] {
        if let Some(c) = column(table, name) {
            let c = col_num(c)?;
            if bar {
                let bar = ConditionalFormatDataBar::new()
                    .set_fill_color(MARK_FILL)
                    .set_solid_fill(true);
                sheet.add_conditional_format(1, c, last, c, &bar)?;
            } else {
                let scale = ConditionalFormat2ColorScale::new()
                    .set_minimum_color(0xFFFFFF)
                    .set_maximum_color(MARK_FILL);
                sheet.add_conditional_format(1, c, last, c, &scale)?;
            }
        }
    }
    Ok(())
}

fn fill(sheet: &mut Worksheet, table: &Table, decor: &Decor) -> Result<(), XlsxError> {
    sheet.set_name(table.sheet)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    // `@` keeps a code text even when someone edits the cell in Excel.
    let code = top.clone().set_num_format("@");
    let wrapped = top.clone().set_text_wrap();
    let flag = top.clone().set_align(FormatAlign::Center);
    let bases = [top, code, wrapped, flag];
    let bold = Format::new().set_bold();
    // The Matrix sheet's totals: per row one blank column to the right, per course one
    // blank row below.
    let totals = (table.name == "matrix").then(|| col_num(table.columns.len() + 1));
    let totals = totals.transpose()?;

    // The sheet is written in low-memory mode, row after row: a cell written above the
    // row being written is lost. So the header row, the column widths and each column's
    // format come first, then the rows in order, each whole.
    let mut base_of = Vec::with_capacity(table.columns.len());
    for (c, column) in table.columns.iter().enumerate() {
        let col = col_num(c)?;
        sheet.write_string_with_format(0, col, &column.name, &header)?;
        let natural = table
            .rows
            .iter()
            .map(|row| width(&row[c].as_text()))
            .chain([width(&column.name)])
            .max()
            .unwrap_or(0) as f64
            + 2.0;
        let cap = cap(column.kind);
        sheet.set_column_width(col, natural.clamp(4.0, cap))?;
        base_of.push(match column.kind {
            Kind::Code => 1,
            Kind::Flag => 3,
            _ if natural > cap => 2,
            _ => 0,
        });
    }
    if let Some(total_col) = totals {
        sheet.write_string_with_format(0, total_col, "total", &bold)?;
    }
    // A row's fill on each column's format, made once per colour (and link style).
    let mut filled: BTreeMap<(usize, Option<u32>), Format> = BTreeMap::new();
    let mut linked: BTreeMap<(usize, Option<u32>), Format> = BTreeMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let row_num = row_num(r + 1)?;
        let fill = decor.fills.get(r).copied().flatten();
        for (c, value) in row.iter().enumerate().take(table.columns.len()) {
            let col = col_num(c)?;
            let base = base_of[c];
            let format = match fill {
                Some(color) => filled
                    .entry((base, Some(color)))
                    .or_insert_with(|| bases[base].clone().set_background_color(color)),
                None => &bases[base],
            };
            match value {
                // A filled row keeps its colour across empty cells.
                Value::Text(s) if s.is_empty() => {
                    if fill.is_some() {
                        sheet.write_blank(row_num, col, format)?;
                    }
                }
                Value::Text(s) => match decor.links.get(&(r, c)) {
                    Some(target) => {
                        let linked = linked.entry((base, fill)).or_insert_with(|| {
                            format
                                .clone()
                                .set_font_color(0x0563C1)
                                .set_underline(FormatUnderline::Single)
                        });
                        // The link's `display` attribute is not escaped by
                        // rust_xlsxwriter, so a control character there would make the
                        // sheet invalid XML: it gets the `_xHHHH_` form. The cell itself
                        // is then written again with the text, which is escaped.
                        let url = Url::new(target.as_str()).set_text(ooxml_escaped(s));
                        sheet.write_url_with_format(row_num, col, url, linked)?;
                        sheet.write_string_with_format(row_num, col, s, linked)?;
                    }
                    None => {
                        sheet.write_string_with_format(row_num, col, s, format)?;
                    }
                },
                Value::Number(n) => {
                    sheet.write_number_with_format(row_num, col, *n as f64, format)?;
                }
                Value::Empty => {
                    if fill.is_some() {
                        sheet.write_blank(row_num, col, format)?;
                    }
                }
            }
        }
        if let Some(total_col) = totals {
            let marks = row.iter().skip(MATRIX_FIRST_COURSE);
            let n = marks.filter(|v| !v.as_text().is_empty()).count();
            sheet.write_number(row_num, total_col, n as f64)?;
        }
    }
    if totals.is_some() {
        let total_row = row_num(table.rows.len() + 2)?;
        sheet.write_string_with_format(total_row, 1, "total", &bold)?;
        for c in MATRIX_FIRST_COURSE..table.columns.len() {
            let n = table
                .rows
                .iter()
                .filter(|row| !row[c].as_text().is_empty())
                .count();
            sheet.write_number_with_format(total_row, col_num(c)?, n as f64, &bold)?;
        }
    }

    conditional(sheet, table)?;
    // Printed, a sheet fits the width of an A4 landscape page, its header row on every
    // page and the sheet's name and page number in the footer.
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_print_gridlines(true)
        .set_footer("&L&A&R&P / &N");
    sheet.set_repeat_rows(0, 0)?;
    let last_row = row_num(table.rows.len())?;
    let last_col = col_num(table.columns.len().saturating_sub(1))?;
    sheet.set_freeze_panes(1, table.key_columns)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    if !table.rows.is_empty() {
        // Codes such as `01` are text on purpose; Excel would flag every one of them.
        sheet.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

fn row_num(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)
}

fn col_num(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("商务"), 4);
        assert_eq!(width("abc\n商务英语"), 8);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn same_bytes_twice() {
        let standard = Standard {
            title: "t".into(),
            ..Default::default()
        };
        let tables = super::super::tables(&standard);
        let a = to_bytes(&standard, &tables).unwrap();
        let b = to_bytes(&standard, &tables).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }

    fn standard() -> Standard {
        use crate::model::*;
        let m = |course_no, code: &str, line| Mapping {
            course_no,
            project_code: code[..2].into(),
            project_name: "p".into(),
            task_code: code[..5].into(),
            task_name: "t".into(),
            competency_code: code.into(),
            competency_text: "x".into(),
            loc: Loc::new(1, line),
        };
        let f = |rule: Rule, line| Finding {
            severity: rule.severity(),
            rule,
            course_no: Some(1),
            code: String::new(),
            loc: Loc::new(1, line),
            message: "m".into(),
            expected: None,
            span: None,
        };
        Standard {
            mappings: vec![
                m(1, "01-01-01", 10),
                m(1, "01-01-02", 11),
                m(1, "02-01-01", 12),
                m(2, "02-01-01", 20),
                m(2, "02-01-02", 21),
            ],
            findings: vec![
                f(Rule::OutOfOrder, 11),
                f(Rule::StrayText, 12),
                f(Rule::DuplicateCode, 12),
                f(Rule::StrayText, 99),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn mappings_banded_by_project_and_flagged_by_finding() {
        let tables = super::super::tables(&standard());
        let d = decor(&tables, &tables[0]);
        // Rows: 01 (plain), 01 + warning, 02 + error beats warning, course 2 flips the
        // band back, same project keeps it.
        assert_eq!(
            d.fills,
            [None, Some(WARNING_FILL), Some(ERROR_FILL), None, None]
        );
        assert!(d.links.is_empty());
        let plain = Standard {
            findings: vec![],
            ..standard()
        };
        let tables = super::super::tables(&plain);
        let d = decor(&tables, &tables[0]);
        assert_eq!(
            d.fills,
            [None, None, Some(BAND_FILL), None, None],
            "band flips at 02 and again at course 2"
        );
    }

    #[test]
    fn findings_coloured_and_linked_to_their_row() {
        let tables = super::super::tables(&standard());
        let findings = &tables[4];
        let d = decor(&tables, findings);
        let fills: Vec<_> = findings.rows.iter().map(|r| severity_fill(&r[0])).collect();
        assert_eq!(d.fills, fills);
        assert!(d.fills.iter().all(Option::is_some));
        let message = findings.columns.len() - 1;
        let links: Vec<_> = d
            .links
            .iter()
            .map(|(&(r, c), t)| (r, c, t.as_str()))
            .collect();
        // Findings are ordered by place; line 11 is Mappings data row 1 (Excel row 3),
        // line 12 row 2 (Excel row 4); line 99 has no row, so no link.
        let line_of = |r: usize| number(&findings.rows[r][5]).unwrap();
        for &(r, c, target) in &links {
            assert_eq!(c, message);
            let expected = match line_of(r) {
                11 => "internal:'Mappings'!A3",
                12 => "internal:'Mappings'!A4",
                other => panic!("link from line {other}"),
            };
            assert_eq!(target, expected);
        }
        assert_eq!(links.len(), 3);
    }

    #[test]
    fn other_sheets_undecorated() {
        let tables = super::super::tables(&standard());
        for t in &tables[1..4] {
            let d = decor(&tables, t);
            assert!(d.fills.iter().all(Option::is_none), "{}", t.name);
            assert!(d.links.is_empty());
        }
    }
}
