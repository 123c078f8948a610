//! Loading a PDF's objects: damaged files repaired (`repair`), encrypted ones decrypted
//! (`decrypt`), then lopdf's loader under a panic guard.

use super::decrypt::{self, Refused};
use super::{inflate, quietly, repair};
use crate::error::{Error, Result};
use crate::extract::Limits;
use pdf_extract::{Document, LoadOptions};
use std::path::Path;

/// The document's objects, decrypted, with its cross-reference table rebuilt when the one
/// written cannot be used (no page tree found through it). Object streams are bounded by
/// `limits` (see [`inflate::with_object_stream_budget`]).
pub fn load(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let file_size = bytes.len() as u64;
    let open = |bytes: &[u8], encrypted: bool| {
        inflate::with_object_stream_budget(file_size, limits, || open(bytes, encrypted))
    };
    let fail = |why: Why| match why {
        Why::Password => Error::Encrypted {
            path: path.to_path_buf(),
        },
        Why::Corrupt(reason) => Error::CorruptPdf {
            path: path.to_path_buf(),
            reason,
        },
    };
    let bytes = repair::trim_after_eof(bytes);
    let hidden = decrypt::hide(bytes);
    let encrypted = hidden.is_some();
    let bytes: &[u8] = hidden.as_deref().unwrap_or(bytes);
    // Usable when the catalog leads to a page tree: lopdf's `get_pages` is not used here,
    // as it follows a hostile tree before `tree::visit_once` has made it safe.
    let usable = |d: &Document| {
        d.catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(pdf_extract::Object::as_reference)
            .and_then(|id| d.get_dictionary(id))
            .is_ok()
    };
    let first = match open(bytes, encrypted) {
        Ok(doc) if usable(&doc) => return Ok(doc),
        Err(Why::Password) => return Err(fail(Why::Password)),
        first => first,
    };
    // A table with wrong offsets, or none: scan the objects as poppler does.
    match repair::rebuild_xref(bytes).map(|b| open(&b, encrypted)) {
        Some(Ok(doc)) if usable(&doc) => Ok(doc),
        Some(Err(Why::Password)) => Err(fail(Why::Password)),
        _ => first.map_err(fail),
    }
}

/// Why a load failed.
enum Why {
    Password,
    Corrupt(String),
}

/// lopdf's load of the bytes as they are (encrypted files with their `/Encrypt` hidden),
/// then their decryption.
fn open(bytes: &[u8], encrypted: bool) -> std::result::Result<Document, Why> {
    let options = LoadOptions {
        filter: Some(if encrypted {
            decrypt::load_filter
        } else {
            inflate::load_filter
        }),
        ..LoadOptions::default()
    };
    let mut doc = quietly(|| Document::load_mem_with_options(bytes, options))
        .ok_or_else(|| Why::Corrupt("the PDF reader gave up on its structure".to_string()))?
        .map_err(|e| Why::Corrupt(e.to_string()))?;
    if encrypted {
        decrypt::decrypt(&mut doc).map_err(|r| match r {
            Refused::Password => Why::Password,
            Refused::Broken(reason) => Why::Corrupt(reason),
        })?;
    }
    Ok(doc)
}
