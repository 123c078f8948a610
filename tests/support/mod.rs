//! Helpers shared by the integration tests; every test file includes them with
//! `mod support;` and uses what it needs.
//!
//! - `bin`: the one way to run the `compmap` binary;
//! - `gold`: the one loader of expected-rows CSV files (gold rows and courses of the
//!   fixture, expected rows of the PDF fixtures);
//! - `rows`: parses and conversions flattened to the columns of those CSV files;
//! - `rng`: the one seeded random generator;
//! - `watchdog`: the one guard against panics and hangs on a thread of its own;
//! - `serve`: a running `compmap serve` on a free local port;
//! - `tools`: the one rule for a system tool a test needs (skip locally, fail under CI);
//! - `programmes`: the programmes written by hand in `fixtures/programmes/`, as content
//!   and expected rows;
//! - `layout` and `wrap`: seeded re-printing of the gold rows (or a programme) as text
//!   dumps with other, PDF-like layouts.
//!
//! The helpers' own tests are in `tests/support_selftest.rs`, so they run once rather than
//! in every test binary.

// Each test binary uses a different part of the support code.
#![allow(dead_code)]

pub mod bin;
pub mod gold;
pub mod layout;
pub mod programmes;
pub mod rng;
pub mod rows;
pub mod serve;
pub mod tools;
pub mod watchdog;
pub mod wrap;
