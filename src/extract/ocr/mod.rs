//! OCR: reading text from page images (scans, pages without a readable text layer).

pub mod recognise;
