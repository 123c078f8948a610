//! Helpers shared by the integration tests.
//!
//! `gold` loads the hand-checked expected rows and courses; `layout` re-prints them as text
//! dumps with seeded, PDF-like layouts; `rng` is the small deterministic generator behind it.

// Each test binary uses a different part of the support code.
#![allow(dead_code)]

pub mod gold;
pub mod layout;
pub mod rng;
pub mod wrap;
