//! Codes (编码) and their levels: work project `01` (工作项目), work task `01-01`
//! (工作任务), competency `01-01-03` (职业能力).
//!
//! A code is written as one to three groups of two digits joined by dashes. Documents
//! also print full-width digits (`０１`), other dashes (`01－02`, `01—02`), spaces around
//! a dash (`01 -02`) and letters for digits (`0l-01`); [`classify`] reads all of these
//! and says how far the writing is from the standard form ([`CodeForm`]).
//!
//! Grammar (nom, one function per rule):
//!
//! ```text
//! code      = dotted | group *3( separator group )
//! dotted    = 2digit dot 2digit dot 2digit        ; 07.02.02, 07_02_02
//! group     = digitish *2( zw digitish )
//! separator = zw [ " " ] dash [ " " ] zw
//! digitish  = ASCII digit | full-width digit | O | o | l | I
//! zw        = *( U+200B | U+200C | U+200D | U+2060 | U+FEFF )
//! ```

use std::fmt;
use std::ops::{Index, IndexMut};

use nom::bytes::complete::take_while;
use nom::character::complete::{char as ch, satisfy};
use nom::combinator::{opt, recognize};
use nom::multi::many_m_n;
use nom::{IResult, Parser};
use serde::{Deserialize, Serialize};

/// The three coded levels of a course table, outermost first. A level is also a column
/// of the table: project, task, competency from left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 工作项目, code `NN`, the left column.
    Project,
    /// 工作任务, code `NN-NN`, the middle column.
    Task,
    /// 职业能力, code `NN-NN-NN`, the right column.
    Competency,
}

impl Level {
    /// Every level, outermost first.
    pub const ALL: [Level; 3] = [Level::Project, Level::Task, Level::Competency];
    /// The two levels whose cells hold a name (merged over their rows).
    pub const NAMED: [Level; 2] = [Level::Project, Level::Task];

    /// The level of a code with `groups` dash-separated groups; four or more groups read
    /// as a competency (a malformed one: the normaliser reports it).
    pub fn from_groups(groups: usize) -> Option<Level> {
        match groups {
            0 => None,
            1 => Some(Level::Project),
            2 => Some(Level::Task),
            _ => Some(Level::Competency),
        }
    }

    /// The level of table column `i` (0 left … 2 right).
    pub fn from_index(i: usize) -> Option<Level> {
        Level::ALL.get(i).copied()
    }

    /// The column index, 0 for the project column.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Number of groups in a standard code of this level (1, 2, 3).
    pub fn groups(self) -> usize {
        self.index() + 1
    }

    /// The level above, `None` for a project.
    pub fn parent(self) -> Option<Level> {
        self.index().checked_sub(1).and_then(Level::from_index)
    }

    /// The level below, `None` for a competency.
    pub fn child(self) -> Option<Level> {
        Level::from_index(self.index() + 1)
    }

    /// Does a cell of this level hold a name (project, task) rather than a text?
    pub fn is_named(self) -> bool {
        self != Level::Competency
    }

    /// The other name column: task for project and project for task.
    pub fn other_named(self) -> Option<Level> {
        match self {
            Level::Project => Some(Level::Task),
            Level::Task => Some(Level::Project),
            Level::Competency => None,
        }
    }

    /// The column's name in findings and debug output: `project`, `task`, `competency`.
    pub fn column(self) -> &'static str {
        ["project", "task", "competency"][self.index()]
    }

    /// The level's name in messages: `work project`, `work task`, `competency`.
    pub fn noun(self) -> &'static str {
        ["work project", "work task", "competency"][self.index()]
    }

    /// What the cell of this level holds, in messages: `work project name`, `work task
    /// name`, `competency text`.
    pub fn cell_noun(self) -> &'static str {
        ["work project name", "work task name", "competency text"][self.index()]
    }

    /// The standard code pattern: `NN`, `NN-NN`, `NN-NN-NN`.
    pub fn pattern(self) -> &'static str {
        ["NN", "NN-NN", "NN-NN-NN"][self.index()]
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.column())
    }
}

/// One value per level, indexed by [`Level`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PerLevel<T>(pub [T; 3]);

impl<T> PerLevel<T> {
    /// The values with their levels, outermost first.
    pub fn iter(&self) -> impl Iterator<Item = (Level, &T)> {
        Level::ALL.into_iter().zip(self.0.iter())
    }
}

impl<T> Index<Level> for PerLevel<T> {
    type Output = T;
    fn index(&self, level: Level) -> &T {
        &self.0[level.index()]
    }
}

impl<T> IndexMut<Level> for PerLevel<T> {
    fn index_mut(&mut self, level: Level) -> &mut T {
        &mut self.0[level.index()]
    }
}

/// Is `c` a digit as printed in a code: ASCII or full-width?
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Letters that documents print in place of digits (`0l`, `O1`).
pub fn is_digit_lookalike(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'l' | 'I')
}

/// A digit or a letter standing for one.
pub fn is_digitish(c: char) -> bool {
    is_digit(c) || is_digit_lookalike(c)
}

/// The ASCII digit of an ASCII or full-width digit; any other character unchanged.
pub fn fold_digit(c: char) -> char {
    if ('０'..='９').contains(&c) {
        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
    } else {
        c
    }
}

/// The digits of `s`, full-width ones made ASCII, everything else dropped: what two
/// spellings of one code share (`０１－02` → `0102`).
pub fn digits(s: &str) -> String {
    s.chars().filter(|&c| is_digit(c)).map(fold_digit).collect()
}

/// Dashes seen between the parts of a code: hyphen-minus, the Unicode hyphens and dashes,
/// the full-width and small hyphen-minus, the minus sign and the hyphen bullet.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '－' | '﹣' | '−' | '⁃'
    )
}

/// Dashes that a reader sees as the hyphen where a code's parts meet: the Unicode hyphen
/// and non-breaking hyphen, the figure dash, the en dash, the minus sign and the
/// full-width hyphen-minus. PDF fonts often draw one glyph for several of them, and the
/// Unicode map a producer writes picks one (Noto Sans CJK's hyphen comes back as U+2011
/// from PyMuPDF and `pdftotext` alike); nothing on the page tells them from `-`. A code
/// written with them and otherwise standard is [`CodeForm::HyphenLike`]. The em dash,
/// the horizontal bar, the small hyphen-minus and the hyphen bullet look different: such
/// a code stays [`CodeForm::Nonstandard`].
pub fn reads_as_hyphen(c: char) -> bool {
    matches!(
        c,
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FF0D}'
    )
}

/// The Unicode name of a dash that [`reads_as_hyphen`], for messages (`NON-BREAKING
/// HYPHEN`); `DASH` for any other character.
pub fn dash_name(c: char) -> &'static str {
    match c {
        '\u{2010}' => "HYPHEN",
        '\u{2011}' => "NON-BREAKING HYPHEN",
        '\u{2012}' => "FIGURE DASH",
        '\u{2013}' => "EN DASH",
        '\u{2212}' => "MINUS SIGN",
        '\u{FF0D}' => "FULLWIDTH HYPHEN-MINUS",
        _ => "DASH",
    }
}

/// Invisible characters that editors and converters leave inside codes (zero-width space,
/// joiners, word joiner, a stray byte-order mark). Inside a code they are skipped, and the
/// code is then nonstandard (reported), never lost.
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Separators of the dotted form `07.02.02` / `07_02_02` that some documents print.
fn is_dot(c: char) -> bool {
    matches!(c, '.' | '．' | '_' | '＿')
}

// zw = *zero-width
fn zw(i: &str) -> IResult<&str, &str> {
    take_while(is_zero_width).parse(i)
}

// group = digitish *2( zw digitish )
fn group(i: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(is_digitish),
        many_m_n(0, 2, (zw, satisfy(is_digitish))),
    ))
    .parse(i)
}

// separator = zw [ " " ] dash [ " " ] zw
fn separator(i: &str) -> IResult<&str, &str> {
    recognize((zw, opt(ch(' ')), satisfy(is_dash), opt(ch(' ')), zw)).parse(i)
}

// tight-separator = zw dash zw
fn tight_separator(i: &str) -> IResult<&str, &str> {
    recognize((zw, satisfy(is_dash), zw)).parse(i)
}

// pair = digit digit
fn pair(i: &str) -> IResult<&str, &str> {
    recognize((satisfy(is_digit), satisfy(is_digit))).parse(i)
}

// dotted = pair dot pair dot pair     ; only the whole competency form: `1.5` stays a number
fn dotted(i: &str) -> IResult<&str, &str> {
    recognize((pair, satisfy(is_dot), pair, satisfy(is_dot), pair)).parse(i)
}

/// Every prefix of `i` with the shape of a code, longest first: the dotted form
/// (`07.02.02`), then one to four dash-joined groups of up to three digit-like characters
/// (`01-01-03`, `０１－01`, `01 -01`, `0l-1-02`), each shorter reading once; a fourth
/// group only when glued on (`01-01-03-01`), never across white space. So
/// `07-02-02 -2~3天` and `02-01-03 -50元` are a code and a text starting with a sign,
/// never one unreadable token. What a shape
/// means is decided by [`classify`].
pub fn code_prefixes(i: &str) -> Vec<&str> {
    let mut out = Vec::new();
    if let Ok((_, d)) = dotted(i) {
        out.push(d);
    }
    let Ok((mut rest, _)) = group(i) else {
        return out;
    };
    let mut ends = vec![i.len() - rest.len()];
    for k in 0..3 {
        // A code has three groups; a fourth joined across white space is the start of
        // the text (`02-01-03 -50元`), while one glued on (`01-01-03-01`) stays in the
        // code, for `classify` to call malformed.
        let joined = if k == 2 { tight_separator } else { separator };
        match (joined, group).parse(rest) {
            Ok((after, _)) => {
                rest = after;
                ends.push(i.len() - rest.len());
            }
            Err(_) => break,
        }
    }
    out.extend(ends.into_iter().rev().map(|end| &i[..end]));
    out
}

/// The longest prefix of `i` with the shape of a code, or `None` (see [`code_prefixes`]).
pub fn code_prefix(i: &str) -> Option<&str> {
    code_prefixes(i).into_iter().next()
}

/// How far a written code is from the standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeForm {
    /// `NN`, `NN-NN` or `NN-NN-NN` in ASCII.
    Standard,
    /// Readable after normalisation (full-width digits, other dashes, inner spaces).
    Nonstandard,
    /// The standard form but for dashes a reader sees as hyphens ([`reads_as_hyphen`]);
    /// `dash` is the first of them. Read as the standard code; a document reports it once
    /// per dash character, not once per code.
    HyphenLike { dash: char },
    /// Not readable as a code; `recovered` holds a best guess where one exists.
    Malformed { recovered: Option<String> },
}

/// A code read from the source: its level, its normalised form and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub level: Level,
    /// The normalised code (`01-01-03`); for a malformed code, the written text with only
    /// the readable fixes applied.
    pub normalised: String,
    pub form: CodeForm,
}

impl Code {
    /// Parts of the normalised code (`["01", "01", "03"]`).
    pub fn parts(&self) -> Vec<&str> {
        self.normalised.split('-').collect()
    }

    /// Is `self` the code of `child`'s parent, or an ancestor of it?
    pub fn is_prefix_of(&self, child: &Code) -> bool {
        child.level > self.level
            && child
                .normalised
                .starts_with(&format!("{}-", self.normalised))
    }

    /// Is the code malformed (not readable as a code of its level)?
    pub fn is_malformed(&self) -> bool {
        matches!(self.form, CodeForm::Malformed { .. })
    }
}

/// Read a written code; `None` when the text does not have the shape of a code at all.
pub fn classify(written: &str) -> Option<Code> {
    // Almost every code is written canonically: read it without trying every reading.
    if let Some(level) = canonical_level(written) {
        return Some(Code {
            level,
            normalised: written.to_string(),
            form: CodeForm::Standard,
        });
    }
    read_code(written)
}

/// [`classify`] by trying every reading of `written`.
fn read_code(written: &str) -> Option<Code> {
    if !code_prefixes(written).contains(&written) {
        return None;
    }
    let dotted = dotted(written).is_ok_and(|(rest, _)| rest.is_empty());
    let is_separator = |c: char| is_dash(c) || (dotted && is_dot(c));
    let mut groups: Vec<String> = Vec::new();
    let mut nonstandard = false;
    let mut hyphen_like: Option<char> = None;
    let mut lookalike = false;
    let mut current = String::new();
    for c in written.chars() {
        if is_zero_width(c) {
            nonstandard = true;
        } else if is_separator(c) {
            if reads_as_hyphen(c) {
                hyphen_like.get_or_insert(c);
            } else {
                nonstandard |= c != '-';
            }
            groups.push(std::mem::take(&mut current));
        } else if c == ' ' {
            nonstandard = true;
        } else if c.is_ascii_digit() {
            current.push(c);
        } else if is_digit(c) {
            nonstandard = true;
            current.push(fold_digit(c));
        } else {
            lookalike = true;
            current.push(if matches!(c, 'O' | 'o') { '0' } else { '1' });
        }
    }
    groups.push(current);
    // Every group needs a real digit: `lO` alone is a word, not a code.
    if written.split(is_dash).any(|g| !g.chars().any(is_digit)) {
        return None;
    }
    let level = Level::from_groups(groups.len())?;
    let normalised = groups.join("-");
    let well_sized = groups.len() <= 3 && groups.iter().all(|g| g.len() == 2);
    let form = if lookalike || !well_sized {
        // Letters for digits are recoverable when the sizes are right; wrong sizes are not.
        CodeForm::Malformed {
            recovered: (lookalike && well_sized).then(|| groups.join("-")),
        }
    } else if nonstandard {
        CodeForm::Nonstandard
    } else if let Some(dash) = hyphen_like {
        CodeForm::HyphenLike { dash }
    } else {
        CodeForm::Standard
    };
    Some(Code {
        level,
        normalised,
        form,
    })
}

/// The level of a code written exactly in the canonical form (`01`, `01-02`, `01-02-03`:
/// groups of two ASCII digits joined by `-`), which [`classify`] reads as
/// [`CodeForm::Standard`] without trying its other readings.
fn canonical_level(written: &str) -> Option<Level> {
    let b = written.as_bytes();
    if !matches!(b.len(), 2 | 5 | 8) {
        return None;
    }
    let shaped = b.iter().enumerate().all(|(i, &c)| {
        if i % 3 == 2 {
            c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    shaped.then(|| Level::from_groups(b.len().div_ceil(3)))?
}

/// Number of dash-separated groups when `s` reads as a code with white space anywhere
/// (a PDF cell may break a code over lines: `01-01-` / `01`), each group one to three
/// digit-like characters with at least one real digit; `None` when it does not.
pub fn loose_groups(s: &str) -> Option<usize> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    let mut groups = 0;
    for group in compact.split(is_dash) {
        let n = group.chars().count();
        if !(1..=3).contains(&n) || !group.chars().all(is_digitish) || !group.chars().any(is_digit)
        {
            return None;
        }
        groups += 1;
    }
    Some(groups)
}

/// A well-formed competency code as most cells print it, white space aside: three groups
/// of two digits.
pub fn is_plain_competency(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let groups: Vec<&str> = compact.split(is_dash).collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| g.chars().count() == 2 && g.chars().all(is_digit))
}

/// Split a cell holding both a label's code and its name (`01 前期准备` → (`01`,
/// `前期准备`)); a cell without a leading code gives an empty code and the whole text.
pub fn split_leading_code(s: &str) -> (String, String) {
    let s = s.trim();
    let end = s
        .char_indices()
        .find(|&(_, c)| !(is_digit(c) || is_dash(c) || c == ' '))
        .map_or(s.len(), |(i, _)| i);
    let (code, name) = s.split_at(end);
    // A code never runs into Latin letters: `5S管理` is a name, not `5` + `S管理`.
    let glued = name.starts_with(|c: char| c.is_ascii_alphanumeric());
    if !glued && loose_groups(code).is_some() {
        (code.trim().to_string(), name.trim().to_string())
    } else {
        (String::new(), s.to_string())
    }
}

/// Split a cell that starts with a code whose level is known from its column (`03-01-04
/// 0.1mL…`, `03-03 PICC…`, `02-01-04 -20℃…`): the longest reading of [`code_prefixes`]
/// with `groups` groups (any number of one to three groups when `None`) that ends where a
/// code can end — the end of the cell, white space, or a character that is no ASCII letter
/// or digit (`5S管理` holds no code). Gives (code, the rest trimmed), or `None`.
pub fn leading_code(s: &str, groups: Option<usize>) -> Option<(String, String)> {
    let s = s.trim();
    code_prefixes(s).into_iter().find_map(|c| {
        let rest = &s[c.len()..];
        let ends = rest
            .chars()
            .next()
            .is_none_or(|n| n.is_whitespace() || !n.is_ascii_alphanumeric());
        let n = loose_groups(c)?;
        let fits = match groups {
            Some(g) => n == g,
            None => (1..=3).contains(&n),
        };
        (ends && fits).then(|| (c.trim().to_string(), rest.trim().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical shortcut of `classify` gives what its full reading gives, and stays
    /// out of every other form.
    #[test]
    fn canonical_codes_read_as_the_full_reading_does() {
        for w in ["01", "17-04", "01-02-03", "99-99-99", "00"] {
            assert!(canonical_level(w).is_some(), "{w}");
            assert_eq!(classify(w), read_code(w), "{w}");
        }
        for w in [
            "1",
            "001",
            "01-2",
            "01–02",
            "０１",
            "01.02",
            "01-02-03-04",
            "0l",
            "01-02-",
            "-01",
            "01 -02",
            "ab",
            "01-0a",
        ] {
            assert_eq!(canonical_level(w), None, "{w}");
        }
    }

    /// (cell, groups wanted, code and rest)
    #[test]
    fn leading_codes_by_level() {
        type Case<'a> = (&'a str, Option<usize>, Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            (
                "03-01-04 0.1mL皮试液",
                Some(3),
                Some(("03-01-04", "0.1mL皮试液")),
            ),
            (
                "02-01-04 36.5℃以下",
                Some(3),
                Some(("02-01-04", "36.5℃以下")),
            ),
            ("03-02-04 -20℃以下", Some(3), Some(("03-02-04", "-20℃以下"))),
            (
                "02-01-03 -50元以内",
                Some(3),
                Some(("02-01-03", "-50元以内")),
            ),
            ("07-02-02 -2~3天", Some(3), Some(("07-02-02", "-2~3天"))),
            ("05-03-03 1~3天内", Some(3), Some(("05-03-03", "1~3天内"))),
            ("03-03 PICC及导管", Some(2), Some(("03-03", "PICC及导管"))),
            ("01-01-01能够", Some(3), Some(("01-01-01", "能够"))),
            ("01 前期准备", None, Some(("01", "前期准备"))),
            ("5S管理", None, None),
            ("熟悉产品", None, None),
            ("01-01 熟悉", Some(3), None),
        ];
        for (cell, groups, want) in cases {
            let got = leading_code(cell, *groups);
            let want = want.map(|(c, r)| (c.to_string(), r.to_string()));
            assert_eq!(got, want, "{cell}");
        }
    }

    fn code(s: &str) -> Code {
        classify(s).unwrap_or_else(|| panic!("{s} should be a code"))
    }

    /// (written, level, normalised, form)
    #[test]
    fn classify_table() {
        use CodeForm::*;
        let m = |r: Option<&str>| Malformed {
            recovered: r.map(str::to_string),
        };
        let h = |dash: char| HyphenLike { dash };
        let cases: &[(&str, Level, &str, CodeForm)] = &[
            ("01", Level::Project, "01", Standard),
            ("01-02", Level::Task, "01-02", Standard),
            ("01-02-03", Level::Competency, "01-02-03", Standard),
            ("０１-０２-０３", Level::Competency, "01-02-03", Nonstandard),
            ("01－02－03", Level::Competency, "01-02-03", h('－')),
            ("01 -02-03", Level::Competency, "01-02-03", Nonstandard),
            ("01‐02‑03", Level::Competency, "01-02-03", h('‐')),
            ("01‑02‑03", Level::Competency, "01-02-03", h('‑')),
            ("01‑02", Level::Task, "01-02", h('‑')),
            ("01-02‒03", Level::Competency, "01-02-03", h('‒')),
            ("01–02−03", Level::Competency, "01-02-03", h('–')),
            ("01—02–03", Level::Competency, "01-02-03", Nonstandard),
            ("01 ‑02-03", Level::Competency, "01-02-03", Nonstandard),
            ("０１‑02-03", Level::Competency, "01-02-03", Nonstandard),
            (
                "0l‑01-02",
                Level::Competency,
                "01-01-02",
                m(Some("01-01-02")),
            ),
            ("01﹣02-03", Level::Competency, "01-02-03", Nonstandard),
            ("01―02⁃03", Level::Competency, "01-02-03", Nonstandard),
            ("01-1-02", Level::Competency, "01-1-02", m(None)),
            (
                "0l-01-02",
                Level::Competency,
                "01-01-02",
                m(Some("01-01-02")),
            ),
            ("O1-01", Level::Task, "01-01", m(Some("01-01"))),
            ("001-01-02", Level::Competency, "001-01-02", m(None)),
            ("01-02-03-04", Level::Competency, "01-02-03-04", m(None)),
            ("07.02.02", Level::Competency, "07-02-02", Nonstandard),
            ("07_02_02", Level::Competency, "07-02-02", Nonstandard),
            (
                "０７．０２．０２",
                Level::Competency,
                "07-02-02",
                Nonstandard,
            ),
            (
                "01-01\u{200B}-03",
                Level::Competency,
                "01-01-03",
                Nonstandard,
            ),
            (
                "0\u{200B}1-01-03",
                Level::Competency,
                "01-01-03",
                Nonstandard,
            ),
        ];
        for (written, level, normalised, form) in cases {
            let c = code(written);
            assert_eq!(
                (c.level, c.normalised.as_str(), &c.form),
                (*level, *normalised, form),
                "{written}"
            );
        }
        for not_a_code in [
            "lO", "01-", "", "-01", "0x-01", "1234", "1.5", "07.02", "07.02-03",
        ] {
            assert!(classify(not_a_code).is_none(), "{not_a_code}");
        }
    }

    /// Every reading of a line's start, longest first.
    #[test]
    fn prefixes() {
        for (line, want) in [
            ("07-02-02 -2~3天", &["07-02-02", "07-02", "07"][..]),
            ("02-01-03 -50元", &["02-01-03", "02-01", "02"]),
            ("02-01-03 - 5%", &["02-01-03", "02-01", "02"]),
            ("02-01-03 －50", &["02-01-03", "02-01", "02"]),
            (
                "01-01-03-01 能够",
                &["01-01-03-01", "01-01-03", "01-01", "01"],
            ),
            ("01-01 -03 能够", &["01-01 -03", "01-01", "01"]),
            ("07.02.02 能够", &["07.02.02", "07"]),
            ("01 -01 入库", &["01 -01", "01"]),
            ("24h", &["24"]),
            ("能够", &[]),
            ("1.5mm", &["1"]),
        ] {
            assert_eq!(code_prefixes(line), want, "{line}");
        }
    }

    #[test]
    fn prefix() {
        assert!(code("17-03").is_prefix_of(&code("17-03-01")));
        assert!(!code("17-03").is_prefix_of(&code("17-04-01")));
        assert!(code("17").is_prefix_of(&code("17-04-01")));
        assert!(!code("1").is_prefix_of(&code("17-04")));
        assert!(!code("17-04-01").is_prefix_of(&code("17-04-01")));
    }

    #[test]
    fn levels() {
        assert_eq!(Level::from_groups(1), Some(Level::Project));
        assert_eq!(Level::from_groups(4), Some(Level::Competency));
        assert_eq!(Level::from_groups(0), None);
        assert_eq!(Level::Task.parent(), Some(Level::Project));
        assert_eq!(Level::Project.parent(), None);
        assert_eq!(Level::Task.child(), Some(Level::Competency));
        assert_eq!(Level::Competency.child(), None);
        assert_eq!(Level::Project.other_named(), Some(Level::Task));
        assert_eq!(Level::Competency.other_named(), None);
        let mut p = PerLevel([0; 3]);
        p[Level::Task] = 7;
        assert_eq!(p.0, [0, 7, 0]);
    }

    #[test]
    fn digit_folding() {
        assert_eq!(fold_digit('７'), '7');
        assert_eq!(fold_digit('x'), 'x');
        assert_eq!(digits("０１－02 x"), "0102");
    }

    #[test]
    fn loose_codes() {
        for (s, want) in [
            ("01", Some(1)),
            ("01-02-03", Some(3)),
            ("０２-０１-０３", Some(3)),
            ("0l-01", Some(2)),
            ("01-01-\n01", Some(3)),
            ("01-02-03-04", Some(4)),
            ("熟悉", None),
            ("7-10 天", None),
            ("lO", None),
            ("", None),
        ] {
            assert_eq!(loose_groups(s), want, "{s:?}");
        }
        for (s, want) in [
            ("01-01-01", true),
            ("01 -01-01", true),
            ("01-01", false),
            ("0l-01-01", false),
        ] {
            assert_eq!(is_plain_competency(s), want, "{s}");
        }
        for (s, code, name) in [
            ("01 前期准备", "01", "前期准备"),
            ("01-02熟悉产品", "01-02", "熟悉产品"),
            ("前期准备", "", "前期准备"),
            ("5S管理", "", "5S管理"),
        ] {
            assert_eq!(
                split_leading_code(s),
                (code.to_string(), name.to_string()),
                "{s}"
            );
        }
    }
}
