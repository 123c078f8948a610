//! ODS workbooks (OpenDocument spreadsheets) read from their `content.xml` as a stream of XML
//! events (the [`Xml`] reader `word/document.xml` uses: no tree, no DTD, no entity
//! expansion, elements and nesting bounded) into the sheets [`sheet::original`] turns into
//! blocks, one table per `table:table`, hidden sheets included.
//!
//! - Rows and cells: `table:table-row` (also inside `table:table-header-rows`,
//!   `table:table-rows`, `table:table-row-group`), `table:table-cell`; a
//!   `table:covered-table-cell` is a cell a merged region hides (its content, if any, is
//!   not shown and not read).
//! - Repeats (`table:number-rows-repeated`, `table:number-columns-repeated`): an empty row or
//!   cell repeated only moves the position, so the trailing empties LibreOffice writes (a
//!   cell repeated 16,384 times, rows repeated 1,048,576 times) cost nothing; a row or cell
//!   with content is counted against the workbook's cell limit and its text against the
//!   inflate budget, repeats multiplied, *before* any copy is made.
//! - Merged regions (`table:number-columns-spanned`, `table:number-rows-spanned` on the
//!   region's first cell) feed [`sheet::sheet`] exactly as an XLSX's merges do.
//! - Cell text: its `text:p` / `text:h` paragraphs (also in `text:list`) joined by the
//!   joining rule; in a paragraph `text:span`, `text:a` and other inline elements read
//!   through, `text:s` as its `text:c` spaces, `text:tab` as a space, `text:line-break` as
//!   a line break (the joining rule again); runs of white space in the character data read
//!   as one space (ODF's white-space rule); notes, annotations and drawings are not text.
//! - Numbers: a cell with `office:value-type="float"` stores `office:value`. When the text
//!   the producer shows for it is the number's digits padded or dashed by its format (`01`
//!   for 1, `01-01` for 101) the code is read as shown, as an XLSX digit format is;
//!   otherwise the number is kept in [`GridCell::number`](super::blocks::GridCell::number)
//!   (read back by the grid parser and flagged `number-code`), as in an XLSX. Other value
//!   types (dates, percentages, currency, booleans) read as shown.
//!
//! Locations: `page` the sheet's 1-based place, `line` the 1-based sheet row.

use super::blocks::{Original, OriginalKind};
use super::container::{bad, Zip};
use super::limits::{exceeded, human, Limits};
use super::sheet::{self, number_text, Cells, Region, SheetCell, SheetRows};
use super::xml::{local, Text, Xml};
use crate::error::Result;
use crate::vocab::lexicon;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// The part read.
const CONTENT: &str = "content.xml";

/// Elements inside a paragraph whose content is not the cell's text: notes, comments,
/// drawings and form controls.
const NOT_TEXT: &[&str] = &[
    "note",
    "annotation",
    "frame",
    "custom-shape",
    "rect",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "g",
    "control",
];

/// Read the ODS in `bytes`.
pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Original> {
    let mut zip = Zip::open(path, bytes, limits)?;
    let content = zip.read_string(CONTENT)?;
    let budget = limits.inflate_budget(bytes.len() as u64);
    let mut r = Reader {
        xml: Xml::new(path, CONTENT, &content, |_| false),
        cells: Cells::new(path),
        budget,
        left: budget,
        sheets: Vec::new(),
    };
    r.document()?;
    Ok(sheet::original(path, OriginalKind::Ods, r.sheets))
}

/// One cell with something in it, as read once (before its repeats are spread).
#[derive(Debug, Clone)]
struct Content {
    text: String,
    number: Option<String>,
    /// Rows and columns its merged region spans (1, 1 when not merged).
    rows: u64,
    cols: u64,
}

/// The sheet being read.
#[derive(Default)]
struct Sheet {
    values: Vec<SheetCell>,
    merges: Vec<Region>,
    /// The next row's 0-based index.
    row: u64,
}

struct Reader<'a> {
    xml: Xml<'a>,
    cells: Cells<'a>,
    /// Bytes of cell text the sheets may hold, repeats spread and `text:s` spaces included:
    /// the archive's inflate budget.
    budget: u64,
    left: u64,
    sheets: Vec<SheetRows>,
}

impl Reader<'_> {
    /// Count `n` bytes of text against the budget before they are made.
    fn spend(&mut self, n: u64) -> Result<()> {
        if n > self.left {
            return Err(exceeded(
                self.xml.path,
                "the text of the workbook's cells, repeated cells and text:s spaces spread (more than the inflate budget)",
                human(self.budget),
            ));
        }
        self.left -= n;
        Ok(())
    }

    /// A row or column index as the sheet stores it; past `u32` is no sheet's.
    fn index(&self, n: u64, what: &str) -> Result<u32> {
        u32::try_from(n).map_err(|_| {
            bad(
                self.xml.path,
                format!("{CONTENT}: a cell with content beyond the last {what} a sheet can have"),
            )
        })
    }

    /// The root element's content; everything but the spreadsheet's tables skipped.
    fn document(&mut self) -> Result<()> {
        loop {
            match self.xml.event()? {
                Event::Start(e) if local(&e) == "document-content" => self.container()?,
                Event::Start(_) => self.xml.skip()?,
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The children of `office:body` or `office:spreadsheet` (or the root) just started.
    fn container(&mut self) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "body" | "spreadsheet" if open => self.container()?,
                "table" => {
                    let mut s = Sheet::default();
                    if open {
                        self.rows(&mut s)?;
                    }
                    let rows = sheet::sheet(s.values, &s.merges, &mut self.cells)?;
                    self.sheets.push(rows);
                }
                _ => self.xml.close(open)?,
            }
        }
        Ok(())
    }

    /// The rows of the `table:table` (or a row group in it) just started.
    fn rows(&mut self, s: &mut Sheet) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "table-row" => {
                    let repeat = repeated(&e, "number-rows-repeated");
                    self.row(s, repeat, open)?;
                }
                "table-header-rows" | "table-rows" | "table-row-group" if open => self.rows(s)?,
                _ => self.xml.close(open)?,
            }
        }
        Ok(())
    }

    /// The `table:table-row` just started, repeated `repeat` times: its cells with content
    /// read once, counted with the repeats, then spread.
    fn row(&mut self, s: &mut Sheet, repeat: u64, open: bool) -> Result<()> {
        let first = s.row;
        s.row = s.row.saturating_add(repeat);
        if !open {
            return Ok(());
        }
        let mut col = 0u64;
        let mut cells: Vec<(u64, Content)> = Vec::new();
        while let Some((e, open)) = self.xml.child()? {
            let cols = repeated(&e, "number-columns-repeated");
            match local(&e) {
                "table-cell" => {
                    if let Some(c) = self.cell(&e, open)? {
                        self.cells.add(cols.saturating_mul(repeat))?;
                        self.spend(
                            (c.text.len() as u64)
                                .saturating_mul(cols)
                                .saturating_mul(repeat),
                        )?;
                        for k in 0..cols {
                            cells.push((col + k, c.clone()));
                        }
                    }
                    col = col.saturating_add(cols);
                }
                "covered-table-cell" => {
                    self.xml.close(open)?;
                    col = col.saturating_add(cols);
                }
                _ => self.xml.close(open)?,
            }
        }
        if cells.is_empty() {
            return Ok(());
        }
        let last = self.index(first.saturating_add(repeat - 1), "row")?;
        let first = self.index(first, "row")?;
        for (c, _) in &cells {
            self.index(*c, "column")?;
        }
        for r in first..=last {
            for (c, content) in &cells {
                let c = *c as u32;
                if content.rows > 1 || content.cols > 1 {
                    s.merges.push(Region {
                        start: (r, c),
                        end: (
                            r.saturating_add(clamp(content.rows - 1)),
                            c.saturating_add(clamp(content.cols - 1)),
                        ),
                    });
                }
                if !content.text.is_empty() {
                    s.values
                        .push(((r, c), content.text.clone(), content.number.clone()));
                }
            }
        }
        Ok(())
    }

    /// The `table:table-cell` `e`: its content when it has text, a value or a merged
    /// region.
    fn cell(&mut self, e: &BytesStart, open: bool) -> Result<Option<Content>> {
        let vtype = office_attr(e, "value-type");
        let value = office_attr(e, "value");
        let string_value = office_attr(e, "string-value");
        let rows = repeated(e, "number-rows-spanned");
        let cols = repeated(e, "number-columns-spanned");
        let mut shown = String::new();
        if open {
            self.cell_content(&mut shown)?;
        }
        let (text, number) = cell_value(
            vtype.as_deref(),
            value.as_deref(),
            shown.trim(),
            string_value.as_deref(),
        );
        if text.is_empty() && rows == 1 && cols == 1 {
            return Ok(None);
        }
        Ok(Some(Content {
            text,
            number,
            rows,
            cols,
        }))
    }

    /// The paragraphs of the cell (or of a list in it) just started, joined into `text`.
    fn cell_content(&mut self, text: &mut String) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "p" | "h" if open => {
                    let mut t = Text::default();
                    self.inline(&mut t)?;
                    lexicon::join_wrapped(text, &t.finish());
                }
                "list" | "list-item" | "list-header" if open => self.cell_content(text)?,
                _ => self.xml.close(open)?,
            }
        }
        Ok(())
    }

    /// The content of the paragraph (or inline element) just started, into `t`.
    fn inline(&mut self, t: &mut Text) -> Result<()> {
        loop {
            let event = self.xml.event()?;
            let (e, open) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                event => {
                    let xml = &self.xml;
                    xml.chars(&event, |s| push_collapsed(t, s))?;
                    continue;
                }
            };
            match local(&e) {
                "s" => {
                    let n = repeated(&e, "c");
                    self.spend(n)?;
                    t.cur.extend(std::iter::repeat_n(' ', n as usize));
                    self.xml.close(open)?;
                }
                "tab" => {
                    t.push(" ");
                    self.xml.close(open)?;
                }
                "line-break" => {
                    t.line_break();
                    self.xml.close(open)?;
                }
                name if NOT_TEXT.contains(&name) => self.xml.close(open)?,
                _ if open => self.inline(t)?,
                _ => {}
            }
        }
    }
}

/// Character data by ODF's white-space rule: a run of spaces, tabs and line ends is one
/// space, none at the start of a paragraph.
fn push_collapsed(t: &mut Text, s: &str) {
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !t.cur.is_empty() && !t.cur.ends_with(' ') {
                t.cur.push(' ');
            }
        } else if c != '\u{AD}' {
            t.cur.push(c);
        }
    }
}

/// A count attribute (`number-rows-repeated`, `number-columns-spanned`, `text:c`): at
/// least 1, and 1 when absent or not a number.
fn repeated(e: &BytesStart, name: &str) -> u64 {
    super::xml::xattr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A span as a sheet offset (a region past the sheet's end is cut there).
fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An `office:` attribute by local name: LibreOffice also writes `calcext:value-type`,
/// which may differ (`error`), so the `office:` one wins.
fn office_attr(e: &BytesStart, name: &str) -> Option<String> {
    let mut other = None;
    for a in e.attributes().flatten() {
        if a.key.local_name().into_inner() != name {
            continue;
        }
        let prefix = a.key.prefix().map(|p| p.into_inner());
        let v = || {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        };
        match prefix {
            Some("office") => return v(),
            Some("calcext") => {}
            _ => {
                if other.is_none() {
                    other = v();
                }
            }
        }
    }
    other
}

/// A cell's text and, when it stores a number its shown text does not print as the
/// code's digits, the number as written (see the module's docs).
fn cell_value(
    vtype: Option<&str>,
    value: Option<&str>,
    shown: &str,
    string_value: Option<&str>,
) -> (String, Option<String>) {
    match vtype {
        Some("float") => match value.and_then(|v| v.trim().parse::<f64>().ok()) {
            Some(f) => {
                let plain = number_text(f);
                if !shown.is_empty() && shown != plain && prints_digits(shown, f) {
                    (shown.to_string(), None)
                } else {
                    (plain.clone(), Some(plain))
                }
            }
            None => (shown.to_string(), None),
        },
        Some("string") if shown.is_empty() => {
            (string_value.unwrap_or_default().trim().to_string(), None)
        }
        _ => (shown.to_string(), None),
    }
}

/// Is `shown` the whole number `f` printed by a format of digit placeholders and dashes or
/// spaces (`01`, `01-01`, `01 01 03`)? The same formats [`sheet::digits_format`] reads.
fn prints_digits(shown: &str, f: f64) -> bool {
    if f < 0.0 || f.fract() != 0.0 || f >= 1e15 {
        return false;
    }
    if !shown
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return false;
    }
    let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
    !digits.is_empty() && digits.len() <= 15 && digits.parse::<u64>().ok() == Some(f as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::blocks::{Block, GridCell};

    /// The blocks of a `content.xml` whose spreadsheet holds `tables`.
    fn sheets(tables: &str) -> Result<Vec<Vec<Vec<GridCell>>>> {
        let xml = format!(
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
             xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\">\
             <office:automatic-styles><style/></office:automatic-styles>\
             <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
             </office:document-content>"
        );
        let path = Path::new("t.ods");
        let mut r = Reader {
            xml: Xml::new(path, CONTENT, &xml, |_| false),
            cells: Cells::new(path),
            budget: 1 << 20,
            left: 1 << 20,
            sheets: Vec::new(),
        };
        r.document()?;
        let o = sheet::original(path, OriginalKind::Ods, r.sheets);
        Ok(o.blocks
            .into_iter()
            .map(|b| match b {
                Block::Table(t) => t.rows,
                Block::Para(_) => unreachable!("sheets are tables"),
            })
            .collect())
    }

    /// (row, column, text, span, continues, number)
    type Summary = (u32, usize, String, usize, bool, Option<String>);

    fn summary(rows: &[Vec<GridCell>]) -> Vec<Summary> {
        rows.iter()
            .flatten()
            .map(|c| {
                (
                    c.loc.line,
                    c.col,
                    c.text.clone(),
                    c.span,
                    c.continues,
                    c.number.clone(),
                )
            })
            .collect()
    }

    fn s(row: u32, col: usize, text: &str, span: usize, continues: bool) -> Summary {
        (row, col, text.to_string(), span, continues, None)
    }

    #[test]
    fn cells_repeats_and_merges_are_placed_on_the_grid() {
        let got = sheets(
            "<table:table table:name=\"a\"><table:table-column table:number-columns-repeated=\"16384\"/>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
             <table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"2\" \
             table:number-columns-spanned=\"2\"><text:p>01 前期</text:p><text:p>准备</text:p>\
             </table:table-cell><table:covered-table-cell/>\
             <table:table-cell table:number-columns-repeated=\"16380\"/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
             <table:covered-table-cell table:number-columns-repeated=\"2\"><text:p>hidden</text:p>\
             </table:covered-table-cell><table:table-cell><text:p>x</text:p></table:table-cell>\
             </table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell \
             table:number-columns-repeated=\"16384\"/></table:table-row>\
             <table:table-row-group><table:table-row table:number-rows-repeated=\"2\">\
             <table:table-cell office:value-type=\"string\"><text:p>r</text:p></table:table-cell>\
             </table:table-row></table:table-row-group></table:table>\
             <table:table table:name=\"empty\"/>",
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            summary(&got[0]),
            [
                s(1, 2, "01 前期准备", 2, false),
                s(2, 2, "", 2, true),
                s(2, 4, "x", 1, false),
                s(1_048_573, 0, "r", 1, false),
                s(1_048_574, 0, "r", 1, false),
            ]
        );
        assert!(got[1].is_empty());
    }

    #[test]
    fn paragraph_text_reads_as_shown() {
        let got = sheets(
            "<table:table><table:table-row><table:table-cell office:value-type=\"string\">\
             <text:p>能够利用 <text:span>Google</text:span><text:s text:c=\"2\"/>Search\
             <text:line-break/>开发<text:tab/>客户\n  来源<text:a>链接</text:a>\
             <office:annotation><text:p>comment</text:p></office:annotation>\
             <text:note><text:note-body><text:p>note</text:p></text:note-body></text:note>\
             &amp;&#x4E2D;</text:p></table:table-cell>\
             <table:table-cell office:value-type=\"string\" office:string-value=\"sv\"/>\
             </table:table-row></table:table>",
        )
        .unwrap();
        assert_eq!(
            summary(&got[0]),
            [
                s(
                    1,
                    0,
                    "能够利用 Google  Search开发 客户 来源链接&中",
                    1,
                    false
                ),
                s(1, 1, "sv", 1, false),
            ]
        );
    }

    #[test]
    fn numbers_follow_the_xlsx_rule() {
        let cases = [
            (Some("float"), Some("1"), "1", ("1", Some("1"))),
            (Some("float"), Some("1.1"), "1.1", ("1.1", Some("1.1"))),
            (Some("float"), Some("1.1"), "1.10", ("1.1", Some("1.1"))),
            (Some("float"), Some("1"), "01", ("01", None)),
            (Some("float"), Some("101"), "01-01", ("01-01", None)),
            (Some("float"), Some("1"), "", ("1", Some("1"))),
            (Some("float"), Some("x"), "y", ("y", None)),
            (Some("percentage"), Some("0.5"), "50%", ("50%", None)),
            (Some("string"), None, "01", ("01", None)),
            (None, None, "", ("", None)),
        ];
        for (vt, v, shown, (text, number)) in cases {
            assert_eq!(
                cell_value(vt, v, shown, None),
                (text.to_string(), number.map(str::to_string)),
                "{vt:?} {v:?} {shown}"
            );
        }
        assert!(!prints_digits("02", 1.0));
        assert!(!prints_digits("1e3", 1000.0));
    }

    #[test]
    fn repeats_with_content_count_before_they_are_spread() {
        // 2,000 × 2,000 copies of one cell: over the cell limit, refused at once.
        let err = sheets(
            "<table:table><table:table-row table:number-rows-repeated=\"2000\">\
             <table:table-cell table:number-columns-repeated=\"2000\" office:value-type=\"string\">\
             <text:p>x</text:p></table:table-cell></table:table-row></table:table>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("number of cells"), "{err}");
        assert!(err.to_string().contains("t.ods"), "{err}");
        // Spaces past the budget.
        let err = sheets(
            "<table:table><table:table-row><table:table-cell><text:p>\
             <text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row>\
             </table:table>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("text:s"), "{err}");
        // One merged region over the whole sheet.
        let err = sheets(
            "<table:table><table:table-row><table:table-cell table:number-rows-spanned=\"1048576\" \
             table:number-columns-spanned=\"16384\"/></table:table-row></table:table>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("number of cells"), "{err}");
        // Content past the last row a sheet can have.
        let err = sheets(
            "<table:table><table:table-row table:number-rows-repeated=\"99999999999\"/>\
             <table:table-row><table:table-cell><text:p>x</text:p></table:table-cell>\
             </table:table-row></table:table>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("beyond the last row"), "{err}");
    }

    #[test]
    fn hostile_content_xml_is_refused_with_a_reason() {
        let err = sheets(
            "<table:table><table:table-row><table:table-cell><text:p>&lol;</text:p>\
             </table:table-cell></table:table-row></table:table>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("&lol;"), "{err}");
        let err = sheets("<table:table><table:table-row></table:table>").unwrap_err();
        assert!(err.to_string().contains("content.xml"), "{err}");
        let deep = format!(
            "<table:table><table:table-row><table:table-cell><text:p>{}x{}</text:p>\
             </table:table-cell></table:table-row></table:table>",
            "<text:span>".repeat(300),
            "</text:span>".repeat(300)
        );
        assert!(sheets(&deep).unwrap_err().to_string().contains("nesting"));
    }
}
