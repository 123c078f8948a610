//! Is a page's text layer readable text? Per page and font, the share of characters a
//! reader could not have meant: unmapped (U+FFFD), private use, control characters, or
//! characters of a script foreign to the documents compmap reads. A font past
//! [`UNREADABLE_SHARE`] (after a Ghostscript re-distil some fonts lose their Unicode map
//! and give mojibake) makes the page `Unreadable::TextLayer`: no rows from it, one finding
//! naming the font.

use super::page::Unreadable;
use std::collections::BTreeMap;

/// The share of a font's characters on a page that makes its text unreadable. A real text
/// layer has at most a few unmapped glyphs (a bullet, a symbol missing from a font's map:
/// well under a tenth); a font that lost its Unicode map gives nearly all. A third keeps
/// a clear margin from both.
pub const UNREADABLE_SHARE: f64 = 1.0 / 3.0;

/// A font with fewer characters than this on a page is never judged: a handful of
/// unmapped symbols (a checkbox, a dingbat) is reported by `unmapped-glyphs` instead.
pub const MIN_FONT_CHARS: usize = 8;

/// A page with at least this many characters and not one CJK character among them is
/// judged as a whole ([`NO_CJK_BAD_SHARE`]): the documents compmap reads are Chinese, and a
/// LibreOffice PDF whose fonts lost their Unicode maps decodes to ASCII and control
/// characters (glyph numbers), with too few bad ones per font to pass [`UNREADABLE_SHARE`].
/// 40 characters is two lines of a table.
pub const NO_CJK_MIN_CHARS: usize = 40;
/// …and such a page is unreadable when this share of its characters is bad: glyph numbers
/// start at 1, so control characters are a tenth or more of such a layer, while a page of
/// English text (an appendix) has none, or a bullet or two.
pub const NO_CJK_BAD_SHARE: f64 = 0.05;

/// What a character says about the text layer it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Text a reader can read.
    Readable,
    /// U+FFFD: the font gave no Unicode for the glyph.
    Unmapped,
    /// A private-use code point: a font's own glyph number, not text.
    PrivateUse,
    /// A control character (C0, DEL, C1).
    Control,
    /// A letter of a script foreign to the documents compmap reads.
    Foreign,
}

impl Class {
    fn is_bad(self) -> bool {
        self != Class::Readable
    }
}

/// The class of one character. The documents' scripts are Chinese (Han, CJK punctuation,
/// full-width and half-width forms, bopomofo) with Latin terms (Latin letters with their
/// accents), Greek symbols (Ω µ α), and the common technical symbols (° ± × ≥ ‰ ℃ ①
/// arrows, box drawing, shapes, dingbats); letters of any other script — Cyrillic,
/// Arabic, Hebrew, Indic, Thai, Hangul, kana, Yi… — are what a wrong or lost encoding
/// turns Chinese text into.
pub fn classify(c: char) -> Class {
    let u = c as u32;
    match u {
        0xFFFD => Class::Unmapped,
        0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD => Class::PrivateUse,
        0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F..=0x9F => Class::Control,
        _ if is_document_script(u) => Class::Readable,
        _ if c.is_alphabetic() => Class::Foreign,
        _ => Class::Readable,
    }
}

/// Code points of the scripts and symbols of the documents compmap reads.
fn is_document_script(u: u32) -> bool {
    matches!(u,
        0x0000..=0x024F      // Basic Latin, Latin-1, Latin Extended-A/B
        | 0x0250..=0x036F    // IPA, spacing modifiers, combining marks
        | 0x0370..=0x03FF    // Greek (Ω µ α β as symbols)
        | 0x1E00..=0x1EFF    // Latin Extended Additional
        | 0x2000..=0x2BFF    // punctuation, super/subscripts, currency, letterlike, number
                             // forms, arrows, maths, technical, enclosed, box, shapes, dingbats
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3100..=0x312F    // Bopomofo
        | 0x31A0..=0x31BF    // Bopomofo extended
        | 0x31C0..=0x31EF    // CJK strokes
        | 0x3200..=0x33FF    // enclosed CJK, CJK compatibility (㎡ ㎏)
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFB00..=0xFB06    // Latin ligatures
        | 0xFE10..=0xFE1F    // vertical forms
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFE50..=0xFE6F    // small form variants
        | 0xFF00..=0xFF60    // full-width forms (not the half-width katakana and Hangul)
        | 0xFFE0..=0xFFEF    // full-width and half-width symbols
        | 0x20000..=0x3134F  // CJK Extensions B–G, compatibility supplement
    )
}

/// Characters of one font on one page: how many, how many bad.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub bad: usize,
    pub total: usize,
}

/// Tallies per font, by the font's name, and how many CJK characters the page has.
#[derive(Debug, Default)]
pub struct Tallies(BTreeMap<String, Tally>, usize);

/// A CJK ideograph or a CJK or full-width punctuation mark.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFF60 | 0x20000..=0x3134F)
}

impl Tallies {
    /// Count the characters of `text`, shown in `font`; spaces are not counted.
    pub fn add(&mut self, font: &str, text: &str) {
        let mut t = Tally::default();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            t.total += 1;
            t.bad += usize::from(classify(c).is_bad());
            self.1 += usize::from(is_cjk(c));
        }
        if t.total == 0 {
            return;
        }
        match self.0.get_mut(font) {
            Some(e) => {
                e.bad += t.bad;
                e.total += t.total;
            }
            None => {
                self.0.insert(font.to_string(), t);
            }
        }
    }

    /// The worst font past the threshold, if any (ties: the first by name); else, on a
    /// page with no CJK at all and bad characters past [`NO_CJK_BAD_SHARE`], the font with
    /// the most bad characters.
    pub fn verdict(&self) -> Option<Unreadable> {
        self.by_font().or_else(|| self.no_cjk())
    }

    fn no_cjk(&self) -> Option<Unreadable> {
        let total: usize = self.0.values().map(|t| t.total).sum();
        let bad: usize = self.0.values().map(|t| t.bad).sum();
        if self.1 > 0 || total < NO_CJK_MIN_CHARS || (bad as f64) < NO_CJK_BAD_SHARE * total as f64
        {
            return None;
        }
        let (font, t) = self
            .0
            .iter()
            .max_by(|a, b| a.1.bad.cmp(&b.1.bad).then(b.0.cmp(a.0)))?;
        Some(Unreadable::TextLayer {
            font: font.clone(),
            bad: t.bad,
            total: t.total,
        })
    }

    fn by_font(&self) -> Option<Unreadable> {
        self.0
            .iter()
            .filter(|(_, t)| {
                t.total >= MIN_FONT_CHARS && t.bad as f64 > UNREADABLE_SHARE * t.total as f64
            })
            .max_by(|a, b| {
                let share = |t: &Tally| t.bad as f64 / t.total as f64;
                share(a.1).total_cmp(&share(b.1)).then(b.0.cmp(a.0))
            })
            .map(|(font, t)| Unreadable::TextLayer {
                font: font.clone(),
                bad: t.bad,
                total: t.total,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_table() {
        let cases = [
            ('能', Class::Readable),
            ('A', Class::Readable),
            ('5', Class::Readable),
            ('é', Class::Readable),
            ('（', Class::Readable),
            ('，', Class::Readable),
            ('１', Class::Readable),
            ('°', Class::Readable),
            ('Ω', Class::Readable),
            ('µ', Class::Readable),
            ('℃', Class::Readable),
            ('±', Class::Readable),
            ('≥', Class::Readable),
            ('‰', Class::Readable),
            ('×', Class::Readable),
            ('·', Class::Readable),
            ('①', Class::Readable),
            ('☑', Class::Readable),
            ('■', Class::Readable),
            ('㎡', Class::Readable),
            ('\u{20BB7}', Class::Readable),
            ('\u{FFFD}', Class::Unmapped),
            ('\u{E001}', Class::PrivateUse),
            ('\u{F0041}', Class::PrivateUse),
            ('\u{0001}', Class::Control),
            ('\u{0085}', Class::Control),
            ('ж', Class::Foreign),
            ('ب', Class::Foreign),
            ('한', Class::Foreign),
            ('ア', Class::Foreign),
            ('ｱ', Class::Foreign),
            ('ก', Class::Foreign),
        ];
        for (c, want) in cases {
            assert_eq!(classify(c), want, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn verdict_needs_enough_characters_past_the_share() {
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<(&'a str, usize, usize)>);
        let cases: &[Case] = &[
            // readable text
            (&[("F1", "能够核对到货单据与实物数量")], None),
            // two unmapped glyphs in a small font: left to unmapped-glyphs
            (&[("F2", "\u{FFFD}\u{FFFD}")], None),
            // a font that lost its map, beside a readable one
            (
                &[
                    ("F1", "能够核对到货单据"),
                    ("F2", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{E000}\u{E001}жж"),
                ],
                Some(("F2", 8, 8)),
            ),
            // mojibake: Cyrillic and Hangul letters for Chinese
            (&[("G", "жлпрстуфхц한국")], Some(("G", 12, 12))),
            // one bad character in ten: a real text layer
            (&[("F1", "能够核对到货单据与\u{FFFD}")], None),
            // four of ten: past the share
            (
                &[("F1", "能够核对到货\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")],
                Some(("F1", 4, 10)),
            ),
            // glyph numbers as ASCII: a fifth control characters per font, no CJK on the
            // page: the font with the most bad ones
            (
                &[
                    ("F1", "\u{1}\u{2}\u{3}ab!cd#efg\u{4}hijk\u{5}lmnopq"),
                    ("F2", "\u{1}\u{2}AB\u{3}CDEFGHIJKLMNOPQRST"),
                ],
                Some(("F1", 5, 24)),
            ),
            // the same with one CJK character: judged per font only
            (
                &[
                    ("F1", "\u{1}\u{2}\u{3}ab!cd#efg\u{4}hijk\u{5}lmnopq"),
                    ("F2", "\u{1}\u{2}AB\u{3}CDEFGHIJKLMNOPQRS能"),
                ],
                None,
            ),
            // an English page with a bullet: readable
            (
                &[(
                    "F1",
                    "Appendix: the course list of the programme \u{E000} in English",
                )],
                None,
            ),
        ];
        for &(adds, want) in cases {
            let mut t = Tallies::default();
            for (font, text) in adds {
                t.add(font, text);
            }
            let want = want.map(|(font, bad, total)| Unreadable::TextLayer {
                font: font.to_string(),
                bad,
                total,
            });
            assert_eq!(t.verdict(), want, "{adds:?}");
        }
    }
}
