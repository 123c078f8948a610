//! Workbooks (XLSX, XLS) read with calamine into [`Block`]s: one table per sheet; and what
//! every workbook reader shares (ODS is read by [`super::ods`]): the cell limit
//! ([`Cells`]), merged regions spread ([`sheet`]), sheets to blocks ([`original`]).
//!
//! Every non-empty cell becomes a [`GridCell`] at its column; a merged region becomes its
//! top-left cell spanning the region's columns, and one cell continuing it on each row
//! below. Locations: `page` is the sheet's 1-based place in the workbook, `line` the
//! 1-based sheet row.
//!
//! Numbers: a code typed into Excel as `01` is stored as the number 1. When the cell's
//! number format prints the digits (`00`, `00"-"00`) the code is read as printed;
//! otherwise the number is kept in [`GridCell::number`] for the grid parser to read back
//! by the code's level and flag (`number-code`).

use super::blocks::{Block, GridCell, Original, OriginalKind, Table};
use super::container::{bad, convert_first, Zip};
use super::limits::Limits;
use crate::error::Result;
use crate::model::Loc;
use calamine::{Data, Dimensions, Reader, Xls, Xlsx};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

/// Cells one workbook may hold, all sheets together: a standard's 对接表 has a few
/// thousand; the limit bounds the blocks built from them.
const MAX_CELLS: usize = 2_000_000;

/// One cell with a value: its place (0-based row, column), its text and, when it stores a
/// number its format does not print as digits, the number as written.
pub(super) type SheetCell = ((u32, u32), String, Option<String>);

/// Read a workbook of `kind` from `bytes`.
pub fn read(path: &Path, bytes: &[u8], kind: OriginalKind, limits: &Limits) -> Result<Original> {
    if kind != OriginalKind::Xls {
        // calamine inflates the parts itself: check first that none is a bomb.
        Zip::open(path, bytes, limits)?.check_all()?;
    }
    let cursor = Cursor::new(bytes);
    let why = |e: String| bad(path, format!("calamine cannot read the workbook: {e}"));
    let mut cells = Cells::new(path);
    let sheets = match kind {
        OriginalKind::Xlsx => {
            let mut wb = Xlsx::new(cursor).map_err(|e| why(e.to_string()))?;
            let names = wb.sheet_names();
            let mut out = Vec::new();
            for name in names {
                let merges = wb
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| why(e.to_string()))?;
                // The cells one by one, as stored: a sheet with a cell at A1 and one at
                // XFD1048576 is two cells here, not the rectangle between them that
                // calamine's `worksheet_range` allocates.
                let mut values = Vec::new();
                let mut reader = match wb.worksheet_cells_reader(&name) {
                    Ok(r) => r,
                    // A chart sheet or a dialog sheet: no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => {
                        out.push(Vec::new());
                        continue;
                    }
                    Err(e) => return Err(why(e.to_string())),
                };
                while let Some((cell, style)) = reader
                    .next_cell_with_style_id()
                    .map_err(|e| why(e.to_string()))?
                {
                    let v = Data::from(cell.get_value().clone());
                    let format = reader
                        .styles()
                        .get(style)
                        .and_then(|s| s.number_format.as_ref())
                        .map(|f| f.format_code.as_str());
                    cells.push(&mut values, cell.get_position(), &v, format)?;
                }
                drop(reader);
                out.push(sheet(values, &regions(&merges), &mut cells)?);
            }
            out
        }
        OriginalKind::Ods => return super::ods::read(path, bytes, limits),
        OriginalKind::Xls => {
            let mut wb = Xls::new(cursor).map_err(|_| super::container::legacy(path, bytes))?;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).map_err(|e| why(e.to_string()))?;
                let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                let values = cells.of_range(&range)?;
                out.push(sheet(values, &regions(&merges), &mut cells)?);
            }
            out
        }
        OriginalKind::Docx => return Err(convert_first(path, "not a workbook", "xlsx")),
    };
    Ok(original(path, kind, sheets))
}

/// One sheet's rows, as [`sheet`] gives them.
pub(super) type SheetRows = Vec<(u32, Vec<GridCell>)>;

/// The original of a workbook of `kind` whose sheets hold `sheets`: one table per sheet,
/// every cell located at its sheet's place (`page`) and its 1-based row (`line`).
pub(super) fn original(path: &Path, kind: OriginalKind, sheets: Vec<SheetRows>) -> Original {
    let mut blocks = Vec::new();
    for (i, rows) in sheets.into_iter().enumerate() {
        let page = i as u32 + 1;
        let mut table = Table::default();
        for (row, mut cells_of_row) in rows {
            for c in &mut cells_of_row {
                c.loc = Loc::new(page, row.saturating_add(1));
            }
            table.rows.push(cells_of_row);
        }
        blocks.push(Block::Table(table));
    }
    Original {
        path: path.to_path_buf(),
        kind,
        pages: blocks.len() as u32,
        blocks,
    }
}

/// A merged region: its first and last cell (0-based row, column), both inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Region {
    pub start: (u32, u32),
    pub end: (u32, u32),
}

/// calamine's merged regions as [`Region`]s.
fn regions(merges: &[Dimensions]) -> Vec<Region> {
    merges
        .iter()
        .map(|m| Region {
            start: m.start,
            end: m.end,
        })
        .collect()
}

/// The cells of a workbook counted against [`MAX_CELLS`] as they are read: cells with a
/// value, and every cell a merged region covers.
pub(super) struct Cells<'a> {
    path: &'a Path,
    count: u64,
}

impl<'a> Cells<'a> {
    pub(super) fn new(path: &'a Path) -> Self {
        Cells { path, count: 0 }
    }

    pub(super) fn add(&mut self, n: u64) -> Result<()> {
        self.count = self.count.saturating_add(n);
        if self.count > MAX_CELLS as u64 {
            return Err(super::limits::exceeded(
                self.path,
                "the number of cells in the workbook (cells with a value and cells merged regions cover)",
                MAX_CELLS.to_string(),
            ));
        }
        Ok(())
    }

    /// Count a cell with a value and keep it when its text is not blank.
    fn push(
        &mut self,
        out: &mut Vec<SheetCell>,
        pos: (u32, u32),
        v: &Data,
        format: Option<&str>,
    ) -> Result<()> {
        if matches!(v, Data::Empty) {
            return Ok(());
        }
        self.add(1)?;
        let (text, number) = value(v, format);
        let text = text.trim();
        if !text.is_empty() {
            out.push((pos, text.to_string(), number));
        }
        Ok(())
    }

    /// The cells with a value of a calamine range (ODS, XLS: no number formats).
    fn of_range(&mut self, range: &calamine::Range<Data>) -> Result<Vec<SheetCell>> {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut out = Vec::new();
        for (r, c, v) in range.used_cells() {
            self.push(&mut out, (r0 + r as u32, c0 + c as u32), v, None)?;
        }
        Ok(out)
    }
}

/// One sheet's rows (0-based sheet row, cells); rows without a cell left out.
pub(super) fn sheet(
    values: Vec<SheetCell>,
    merges: &[Region],
    cells: &mut Cells,
) -> Result<Vec<(u32, Vec<GridCell>)>> {
    // Top-left of each region → its width; every other covered cell → (first column,
    // width) of the region when it is on the region's first column, else hidden. A
    // region's cells are counted before it is spread: a region over the whole sheet is
    // refused, not walked.
    let mut span: HashMap<(u32, u32), usize> = HashMap::new();
    let mut covered: HashMap<(u32, u32), Option<usize>> = HashMap::new();
    for m in merges {
        let (rows, cols) = (
            u64::from(m.end.0.saturating_sub(m.start.0)) + 1,
            u64::from(m.end.1.saturating_sub(m.start.1)) + 1,
        );
        cells.add(rows.saturating_mul(cols))?;
        let width = cols as usize;
        span.insert(m.start, width);
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                if (r, c) != m.start {
                    covered.insert((r, c), (c == m.start.1).then_some(width));
                }
            }
        }
    }
    let mut rows: std::collections::BTreeMap<u32, Vec<GridCell>> = Default::default();
    for (pos, text, number) in values {
        if covered.contains_key(&pos) {
            continue;
        }
        rows.entry(pos.0).or_default().push(GridCell {
            text,
            col: pos.1 as usize,
            span: span.get(&pos).copied().unwrap_or(1),
            number,
            ..GridCell::default()
        });
    }
    for (&(r, c), width) in &covered {
        if let Some(w) = width {
            rows.entry(r).or_default().push(GridCell {
                col: c as usize,
                span: *w,
                continues: true,
                ..GridCell::default()
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|(r, mut cells)| {
            cells.sort_by_key(|c| c.col);
            (r, cells)
        })
        .collect())
}

/// A cell's text, and the number as written when it stores a number the format does not
/// print as digits.
fn value(v: &Data, format: Option<&str>) -> (String, Option<String>) {
    let number = |f: f64| match format.and_then(|fmt| digits_format(fmt, f)) {
        Some(s) => (s, None),
        None => {
            let s = number_text(f);
            (s.clone(), Some(s))
        }
    };
    match v {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None),
        Data::Int(i) => number(*i as f64),
        Data::Float(f) => number(*f),
        Data::DateTime(d) => number(d.as_f64()),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), None),
        Data::Error(e) => (format!("#{e:?}"), None),
        Data::Empty => (String::new(), None),
    }
}

/// A number as written by hand: `1`, `1.1` (no exponent below 10^15, no trailing zeros).
pub(super) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A whole number printed by a format made of digit placeholders and literals (`00`,
/// `00"-"00`, `00\-00-00`): what Excel shows. `None` for any other format or value.
pub fn digits_format(format: &str, value: f64) -> Option<String> {
    if value < 0.0 || value.fract() != 0.0 || value >= 1e15 {
        return None;
    }
    // Placeholders and literals, left to right.
    enum Tok {
        Digit,
        Lit(char),
    }
    let mut toks = Vec::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        match c {
            '0' => toks.push(Tok::Digit),
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    toks.push(Tok::Lit(q));
                }
            }
            '\\' => toks.push(Tok::Lit(chars.next()?)),
            '-' | ' ' => toks.push(Tok::Lit(c)),
            _ => return None,
        }
    }
    let places = toks.iter().filter(|t| matches!(t, Tok::Digit)).count();
    if places == 0 {
        return None;
    }
    let digits = format!("{:0width$}", value as u64, width = places);
    // More digits than placeholders go to the first placeholder, as Excel prints them.
    let extra = digits.len() - places;
    let mut ds = digits.chars();
    let mut out = String::new();
    let mut first = true;
    for t in toks {
        match t {
            Tok::Digit => {
                let take = if first { extra + 1 } else { 1 };
                first = false;
                out.extend(ds.by_ref().take(take));
            }
            Tok::Lit(c) => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_formats_print_codes() {
        assert_eq!(digits_format("00", 1.0).as_deref(), Some("01"));
        assert_eq!(digits_format("00", 12.0).as_deref(), Some("12"));
        assert_eq!(digits_format("00\"-\"00", 101.0).as_deref(), Some("01-01"));
        assert_eq!(
            digits_format("00\\-00\\-00", 10103.0).as_deref(),
            Some("01-01-03")
        );
        assert_eq!(digits_format("General", 1.0), None);
        assert_eq!(digits_format("0.00", 1.0), None);
        assert_eq!(digits_format("00", 1.5), None);
    }

    #[test]
    fn numbers_without_a_digit_format_are_kept_as_written() {
        assert_eq!(
            value(&Data::Float(1.0), Some("General")),
            ("1".into(), Some("1".into()))
        );
        assert_eq!(
            value(&Data::Float(1.1), None),
            ("1.1".into(), Some("1.1".into()))
        );
        assert_eq!(value(&Data::Float(1.0), Some("00")), ("01".into(), None));
        assert_eq!(value(&Data::String("01".into()), None), ("01".into(), None));
    }
}
