//! Recognising originals by content and reading their ZIP parts within [`Limits`].
//!
//! A DOCX, an XLSX and an ODS are ZIP archives; what is inside tells them apart
//! (`word/document.xml`, `xl/workbook.xml`, an ODS `mimetype`). A legacy binary Office file
//! (`.doc`, `.xls`, `.wps`, `.et`) is an OLE2 compound file. Every part is inflated through
//! a `take` of the inflate budget, so a ZIP bomb stops at the budget, never at the memory
//! of the machine.

use super::limits::{exceeded, human, Limits};
use crate::error::{Error, Result};
use std::io::{Cursor, Read};
use std::path::Path;

/// A ZIP local file header starts every ZIP archive compmap reads.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An empty ZIP archive is only its end-of-central-directory record.
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
/// The OLE2 compound-file signature of legacy `.doc`, `.xls`, `.wps`, `.et` files.
pub const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Parts one archive may hold: a DOCX has about 20, a workbook a few per sheet; ten
/// thousand is far above any honest original and bounds the central directory's memory.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// The ODS `mimetype` entry's content.
const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
/// ODT: a text document, which compmap does not read (it says how to convert it).
const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";

/// What the bytes of an input hold, for the formats this module recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Docx,
    Xlsx,
    Ods,
    /// An OLE2 compound file (legacy binary Office).
    Ole2,
}

/// Does the input look like a ZIP archive or an OLE2 file? (Only the magic: whether the
/// archive holds a document is [`recognise`]'s question.)
pub fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC)
        || bytes.starts_with(ZIP_EMPTY_MAGIC)
        || bytes.starts_with(OLE2_MAGIC)
}

/// Open the archive and say what it holds; a ZIP that is not a DOCX, XLSX or ODS is an
/// error naming what is missing.
pub fn recognise(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Container> {
    if bytes.starts_with(OLE2_MAGIC) {
        return Ok(Container::Ole2);
    }
    let mut zip = Zip::open(path, bytes, limits)?;
    if zip.has("word/document.xml") {
        return Ok(Container::Docx);
    }
    if zip.has("xl/workbook.xml") {
        return Ok(Container::Xlsx);
    }
    if zip.has("mimetype") {
        let mime = zip.read_string("mimetype")?;
        match mime.trim() {
            ODS_MIME => return Ok(Container::Ods),
            ODT_MIME => return Err(convert_first(path, "an OpenDocument text (ODT)", "docx")),
            _ => {}
        }
    }
    Err(bad(
        path,
        "a ZIP archive with no Word document (word/document.xml) or workbook \
         (xl/workbook.xml, an ODS spreadsheet) in it",
    ))
}

/// The error for a file compmap cannot read but LibreOffice can convert.
pub fn convert_first(path: &Path, what: &str, to: &str) -> Error {
    Error::ConvertFirst {
        path: path.to_path_buf(),
        what: what.to_string(),
        command: format!("soffice --headless --convert-to {to} {}", path.display()),
    }
}

/// A legacy binary Office file: a Word one (it has a `WordDocument` stream) converts to
/// DOCX, anything else to XLSX.
pub fn legacy(path: &Path, bytes: &[u8]) -> Error {
    let word: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(word.len()).any(|w| w == word.as_slice()) {
        convert_first(
            path,
            "a legacy binary Word or WPS document (.doc, .wps)",
            "docx",
        )
    } else {
        convert_first(
            path,
            "a legacy binary Office file (.xls, .et, .doc) compmap cannot read",
            "xlsx",
        )
    }
}

/// The error for an original that cannot be read.
pub fn bad(path: &Path, reason: impl Into<String>) -> Error {
    Error::BadOriginal {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// A ZIP archive in memory, its parts read within the inflate budget.
pub struct Zip<'a> {
    path: &'a Path,
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
    /// Bytes inflated so far, all parts together.
    spent: u64,
}

impl<'a> Zip<'a> {
    /// Open the archive: its central directory must be whole and hold at most
    /// [`MAX_ZIP_ENTRIES`] entries.
    pub fn open(path: &'a Path, bytes: &'a [u8], limits: &Limits) -> Result<Zip<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            bad(
                path,
                format!("the ZIP archive cannot be read (truncated or corrupt): {e}"),
            )
        })?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(exceeded(
                path,
                format!("the number of parts in the archive ({})", archive.len()),
                MAX_ZIP_ENTRIES.to_string(),
            ));
        }
        Ok(Zip {
            path,
            archive,
            budget: limits.inflate_budget(bytes.len() as u64),
            spent: 0,
        })
    }

    /// Does the archive hold a part of that name?
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Inflate a part, at most what is left of the budget; `None` when there is no such
    /// part.
    pub fn read_opt(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path;
        let left = self.budget.saturating_sub(self.spent);
        let mut file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(bad(path, format!("part {name}: {e}"))),
        };
        let mut out = Vec::with_capacity(file.size().min(left).min(1 << 20) as usize);
        (&mut file)
            .take(left + 1)
            .read_to_end(&mut out)
            .map_err(|e| bad(path, format!("part {name} cannot be inflated: {e}")))?;
        if out.len() as u64 > left {
            return Err(exceeded(
                path,
                format!(
                    "the inflated size of part {name} (more than {})",
                    human(left)
                ),
                format!(
                    "{} for all parts together (the larger of {} and {} times the file's size)",
                    human(self.budget),
                    human(Limits::current().inflate_floor),
                    Limits::current().inflate_ratio
                ),
            ));
        }
        self.spent += out.len() as u64;
        Ok(Some(out))
    }

    /// Inflate a part that must be there.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let path = self.path;
        self.read_opt(name)?
            .ok_or_else(|| bad(path, format!("no part {name} in the archive")))
    }

    /// Inflate a part as UTF-8 text.
    pub fn read_string(&mut self, name: &str) -> Result<String> {
        let bytes = self.read(name)?;
        utf8(self.path, name, bytes)
    }

    /// Inflate every part once (into nothing), so a reader that inflates them itself
    /// (calamine) meets no bomb: each part and all together stay within the budget.
    pub fn check_all(&mut self) -> Result<()> {
        for i in 0..self.archive.len() {
            let path = self.path;
            let left = self.budget.saturating_sub(self.spent);
            let mut file = self
                .archive
                .by_index(i)
                .map_err(|e| bad(path, format!("part {i}: {e}")))?;
            let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
            let n = std::io::copy(&mut (&mut file).take(left + 1), &mut std::io::sink())
                .map_err(|e| bad(path, format!("part {name} cannot be inflated: {e}")))?;
            if n > left {
                return Err(exceeded(
                    path,
                    format!(
                        "the inflated size of the archive's parts (more than {})",
                        human(left)
                    ),
                    human(self.budget),
                ));
            }
            self.spent += n;
        }
        self.spent = 0;
        Ok(())
    }
}

/// A part's bytes as UTF-8 (a BOM dropped).
pub fn utf8(path: &Path, name: &str, bytes: Vec<u8>) -> Result<String> {
    let mut s =
        String::from_utf8(bytes).map_err(|_| bad(path, format!("part {name} is not UTF-8 XML")))?;
    if s.starts_with('\u{FEFF}') {
        s.drain(..3);
    }
    Ok(s)
}
