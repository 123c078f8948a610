//! Write a [`History`] out: `<programme>.history.csv` (one row per change, columns
//! [`COLUMNS`]) and `<programme>.history.xlsx`: a `timeline` sheet (competency × revision,
//! each cell new / changed / unchanged / removed, coloured), a `courses` sheet (course ×
//! revision, with first and last revision), the `changes`, and a sheet per course (its
//! competencies × revision). Both atomic; the bytes depend only on the history.

use super::atomic::write_atomic;
use crate::error::{Error, Result};
use crate::history::{History, Mark};
use std::path::{Path, PathBuf};

/// Columns of the history CSV: the revision, then the diff's columns.
pub const COLUMNS: [&str; 8] = [
    "revision", "change", "kind", "course", "code", "field", "old", "new",
];

/// A file-name-safe form of a programme name (path separators and control characters
/// become `_`; empty gives `history`).
pub fn file_stem(programme: &str) -> String {
    let s: String = programme
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim().trim_matches('.').to_string();
    if s.is_empty() {
        "history".into()
    } else {
        s
    }
}

/// Write `DIR/<programme>.history.csv` and `.history.xlsx`; gives the paths (CSV first).
pub fn write(history: &History, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let stem = file_stem(&history.programme);
    let csv_path = dir.join(format!("{stem}.history.csv"));
    let csv = to_csv(history)?;
    write_atomic(&csv_path, |w| w.write_all(&csv))?;
    let xlsx_path = dir.join(format!("{stem}.history.xlsx"));
    let xlsx = to_xlsx(history)?;
    write_atomic(&xlsx_path, |w| w.write_all(&xlsx))?;
    Ok(vec![csv_path, xlsx_path])
}

/// The history CSV's bytes.
pub fn to_csv(history: &History) -> Result<Vec<u8>> {
    let err = |error: csv::Error| Error::Csv {
        path: PathBuf::from("history.csv"),
        error,
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(err)?;
    for s in &history.changes {
        let row = std::iter::once(s.revision.as_str()).chain(super::diff::cells(&s.change));
        w.write_record(row).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| err(csv::Error::from(e.into_error())))
}

/// A sheet name: at most 31 characters, none of `[]:*?/\`, unique among `used`.
fn sheet_name(base: &str, used: &mut Vec<String>) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = if clean.trim().is_empty() {
        "course".to_string()
    } else {
        clean
    };
    let mut k = 1;
    loop {
        let suffix = if k == 1 {
            String::new()
        } else {
            format!(" ({k})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + &suffix;
        if !used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            used.push(name.clone());
            return name;
        }
        k += 1;
    }
}

/// The history workbook's bytes.
pub fn to_xlsx(history: &History) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Color, Format, Workbook, Worksheet};
    let err = |error: rust_xlsxwriter::XlsxError| Error::Xlsx {
        path: PathBuf::from("history.xlsx"),
        error,
    };
    let mut book = Workbook::new();
    let title = format!("History of {}", history.programme);
    book.set_properties(&super::xlsx::fixed_properties(&title).map_err(err)?);
    let bold = Format::new().set_bold();
    let colour = |m: Mark| -> Format {
        let f = Format::new();
        match m {
            Mark::New => f.set_background_color(Color::RGB(0xC6EFCE)),
            Mark::Changed => f.set_background_color(Color::RGB(0xFFEB9C)),
            Mark::Removed => f.set_background_color(Color::RGB(0xFFC7CE)),
            Mark::Unchanged => f.set_font_color(Color::RGB(0x808080)),
            Mark::Absent => f,
        }
    };
    // A timeline row: its fixed cells, then one mark per revision.
    let timeline_row = |sheet: &mut Worksheet, row: u32, fixed: &[&str], marks: &[Mark]| {
        for (col, v) in fixed.iter().enumerate() {
            sheet.write_string(row, col as u16, *v).map_err(err)?;
        }
        let col = fixed.len() as u16;
        for (i, &m) in marks.iter().enumerate() {
            if m != Mark::Absent {
                sheet
                    .write_string_with_format(row, col + i as u16, m.as_str(), &colour(m))
                    .map_err(err)?;
            }
        }
        Ok::<(), Error>(())
    };
    let header = |sheet: &mut Worksheet, fixed: &[(&str, f64)], revisions: &[String]| {
        for (col, (name, width)) in fixed.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *name, &bold)
                .map_err(err)?;
            sheet.set_column_width(col as u16, *width).map_err(err)?;
        }
        for (i, r) in revisions.iter().enumerate() {
            let col = (fixed.len() + i) as u16;
            sheet
                .write_string_with_format(0, col, r, &bold)
                .map_err(err)?;
            sheet.set_column_width(col, 11.0).map_err(err)?;
        }
        sheet.set_freeze_panes(1, fixed.len() as u16).map_err(err)?;
        Ok::<(), Error>(())
    };
    let mut used = Vec::new();

    // timeline: competency × revision.
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name("timeline", &mut used))
        .map_err(err)?;
    let fixed = [
        ("code", 11.0),
        ("text", 48.0),
        ("first", 9.0),
        ("last", 9.0),
    ];
    header(sheet, &fixed, &history.revisions)?;
    for (i, c) in history.competencies.iter().enumerate() {
        timeline_row(
            sheet,
            i as u32 + 1,
            &[&c.code, &c.text, &c.first, &c.last],
            &c.marks,
        )?;
    }

    // courses: course × revision.
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name("courses", &mut used))
        .map_err(err)?;
    let fixed = [
        ("course", 28.0),
        ("first", 9.0),
        ("last", 9.0),
        ("names", 40.0),
    ];
    header(sheet, &fixed, &history.revisions)?;
    for (i, c) in history.courses.iter().enumerate() {
        let row = i as u32 + 1;
        let mut names: Vec<&str> = Vec::new();
        for n in c.names.iter().filter(|n| !n.is_empty()) {
            if names.last() != Some(&n.as_str()) {
                names.push(n);
            }
        }
        let names = names.join(" → ");
        timeline_row(sheet, row, &[&c.name, &c.first, &c.last, &names], &c.marks)?;
    }

    // changes: the CSV's rows.
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name("changes", &mut used))
        .map_err(err)?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(err)?;
    }
    for (i, s) in history.changes.iter().enumerate() {
        let c = &s.change;
        let cells = [
            s.revision.as_str(),
            c.change.as_str(),
            c.kind.as_str(),
            &c.course,
            &c.code,
            &c.field,
            &c.old,
            &c.new,
        ];
        for (col, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet
                    .write_string(i as u32 + 1, col as u16, *v)
                    .map_err(err)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;

    // One sheet per course: its competencies × revision.
    let texts: std::collections::BTreeMap<&str, &str> = history
        .competencies
        .iter()
        .map(|c| (c.code.as_str(), c.text.as_str()))
        .collect();
    for c in &history.courses {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(&c.name, &mut used))
            .map_err(err)?;
        let fixed = [("code", 11.0), ("text", 48.0)];
        header(sheet, &fixed, &history.revisions)?;
        for (i, (code, marks)) in c.competencies.iter().enumerate() {
            let text = texts.get(code.as_str()).copied().unwrap_or("");
            timeline_row(sheet, i as u32 + 1, &[code, text], marks)?;
        }
    }
    book.save_to_buffer().map_err(err)
}
