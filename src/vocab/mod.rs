//! The domain vocabulary every reader shares: what a code is ([`code`]) and the fixed
//! words and marks of a course section ([`lexicon`]).
//!
//! Both parsers (text dumps and PDFs) and the normaliser read codes, labels, titles,
//! checkboxes, page numbers and continuation notes through this module only, so a new
//! spelling learnt from one producer is known to every reader. Each recogniser has one
//! table of cases in its tests: a new spelling arrives with the line that needs it.

pub mod code;

pub use code::{classify, Code, CodeForm, Level, PerLevel};
pub mod lexicon;
