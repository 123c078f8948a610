//! Arbitrary bytes through the whole text path: extract, parse, normalise. Any panic is a bug;
//! errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.txt");
    let Ok(source) = compmap::extract::extract_bytes(path, data) else {
        return;
    };
    let Ok(parsed) = compmap::parse::parse(&source) else {
        return;
    };
    let _ = compmap::normalise::normalise(parsed, "fuzz.txt");
});
