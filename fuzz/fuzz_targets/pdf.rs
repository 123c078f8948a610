//! Arbitrary bytes (seeded with the fixture PDFs) through `compmap::convert_bytes`. The
//! bytes are handed over as they are, so inputs without `%PDF-` take the text path; the
//! seeds keep the fuzzer inside the PDF reader most of the time. Any panic that escapes
//! compmap is a bug (pdf-extract's own panics are contained by compmap and stay silent).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = compmap::convert_bytes(Path::new("fuzz.pdf"), data);
});
