//! The options of the CASE export: the base of the URIs, the date of the package, the
//! creator.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Options of the CASE export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseOptions {
    /// Prefix of every URI (`--case-base-uri`).
    pub base_uri: BaseUri,
    /// Date of the package (`--as-of`); when `None`, taken from the title's year.
    pub as_of: Option<Date>,
    /// `CFDocument.creator`; when `None`, [`DEFAULT_CREATOR`].
    pub creator: Option<String>,
}

/// Creator named when none is given: the documents do not print their author in a form
/// that can be read reliably.
pub const DEFAULT_CREATOR: &str = "compmap";

/// The base of the URIs: an absolute URI that identifiers are appended to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUri(String);

impl BaseUri {
    /// The default base: URIs become `urn:uuid:<identifier>` (RFC 9562).
    pub const DEFAULT: &'static str = "urn:uuid:";

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(super) fn uri(&self, id: Uuid) -> String {
        format!("{}{}", self.0, id.hyphenated())
    }
}

impl Default for BaseUri {
    fn default() -> Self {
        BaseUri(Self::DEFAULT.into())
    }
}

impl FromStr for BaseUri {
    type Err = String;

    /// Accepts an absolute URI (`scheme:…`) of printable ASCII; a base that does not end in
    /// `/`, `:`, `#`, `?` or `=` gets a `/`, so the identifier becomes a path segment.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let scheme_len = s.find(':').unwrap_or(0);
        let scheme = &s[..scheme_len];
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(format!(
                "`{s}` is not an absolute URI (expected e.g. `https://case.example.edu/uri/` or `urn:uuid:`)"
            ));
        }
        if let Some(bad) = s.chars().find(|&c| {
            !c.is_ascii_graphic()
                || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        }) {
            return Err(format!(
                "`{s}`: a URI cannot contain {bad:?}; percent-encode it"
            ));
        }
        let mut base = s.to_string();
        if !base.ends_with(['/', ':', '#', '?', '=']) {
            base.push('/');
        }
        Ok(BaseUri(base))
    }
}

impl fmt::Display for BaseUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Midnight UTC of the date, as CASE's `lastChangeDateTime` (RFC 3339).
    pub(super) fn date_time(self) -> String {
        format!("{self}T00:00:00+00:00")
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date of the form YYYY-MM-DD");
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &b[r];
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        Date::new(y, m as u8, d as u8).ok_or_else(|| format!("`{s}` is not a calendar date"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `lastChangeDateTime` when neither `--as-of` nor the title gives a date.
pub const PLACEHOLDER_DATE_TIME: &str = "1970-01-01T00:00:00+00:00";
