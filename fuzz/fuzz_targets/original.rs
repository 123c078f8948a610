//! Originals (DOCX, XLSX, ODS) through `compmap::convert_bytes`, in two shapes:
//!
//! - bytes starting with `@@@ ` are a list of archive parts, each `@@@ <name>\n<content>`,
//!   which the target packs into a stored (uncompressed) ZIP with correct CRCs. This lets
//!   the mutator (and `original.dict`, the OOXML/ODF names) work on the XML itself, which it
//!   could never reach through deflate and CRC-32; `seed.sh` unpacks the fixture originals
//!   into this shape.
//! - any other bytes are handed over as they are (ZIP and OLE2 containers, truncated or
//!   damaged archives); the fixture originals themselves are the seeds.
//!
//! Any panic that escapes compmap, any input taking more than the timeout and any memory
//! blow-up is a failure; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use std::path::Path;

/// What starts every part of the parts shape.
const PART: &[u8] = b"@@@ ";

fuzz_target!(|data: &[u8]| {
    if data.starts_with(PART) {
        if let Some(zip) = archive(&data[PART.len()..]) {
            let _ = compmap::convert_bytes(Path::new("fuzz.docx"), &zip);
        }
    } else {
        let _ = compmap::convert_bytes(Path::new("fuzz.docx"), data);
    }
});

/// Pack `@@@ `-separated parts into a stored ZIP; `None` when a name is not UTF-8 or is
/// given twice (the ZIP writer refuses it).
fn archive(data: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for part in split(data, b"\n@@@ ") {
        let end = part.iter().position(|&b| b == b'\n').unwrap_or(part.len());
        let name = std::str::from_utf8(&part[..end]).ok()?;
        zip.start_file(name, options).ok()?;
        zip.write_all(part.get(end + 1..).unwrap_or_default())
            .ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

/// `data` cut at every `sep`.
fn split<'a>(mut data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = data.windows(sep.len()).position(|w| w == sep) {
        out.push(&data[..at]);
        data = &data[at + sep.len()..];
    }
    out.push(data);
    out
}
