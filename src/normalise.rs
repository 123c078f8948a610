//! Stage 3: normalise codes and validate the parsed document. (Work in progress.)

use crate::model::*;

/// Turn parsed courses into a [`Standard`] with normalised codes and findings.
pub fn normalise(doc: ParsedDocument, source_name: &str) -> Standard {
    Standard {
        source: source_name.to_string(),
        title: doc.title,
        pages: doc.pages,
        ..Default::default()
    }
}
