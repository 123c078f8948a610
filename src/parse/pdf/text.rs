//! The PDF parser's names for the shared vocabulary ([`crate::vocab`]): codes, titles,
//! labels, page numbers and the joining rule as a PDF cell needs them.

pub use crate::vocab::code::{
    digits as code_digits, is_plain_competency as is_competency_code, loose_groups as code_parts,
    split_leading_code as split_code_name,
};
use crate::vocab::lexicon;
pub use crate::vocab::lexicon::{
    compact, is_header_label, is_page_number, join_drawn as join_into, starts_title,
    unmapped_chars, COURSE_NAME_LABEL as NAME_LABEL, DESCRIPTION_LABEL,
};

/// A course title (see [`lexicon::title`]). A PDF's wrapped titles are joined before they
/// are read, so only a complete title counts.
pub fn parse_title(line: &str) -> Option<lexicon::Title> {
    lexicon::title(line).filter(|t| t.complete)
}

/// Is the line a "table continued" note (see [`lexicon::is_continued`])?
pub fn is_continued_note(s: &str) -> bool {
    lexicon::is_continued(s)
}

/// Categories in a checkbox line: `(name, ticked)` in the order printed, plus the text
/// before the first box (the school level, `中职`).
pub fn parse_checkboxes(s: &str) -> (String, Vec<(String, bool)>) {
    let boxes = lexicon::checkboxes(s).unwrap_or_default();
    let items = boxes.boxes.into_iter().map(|(t, n)| (n, t)).collect();
    (boxes.level, items)
}
