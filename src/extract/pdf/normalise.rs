//! Every glyph's text as a reader sees it: the one place extraction normalises text.
//!
//! Fonts' Unicode maps give code points a reader cannot tell from others: CJK
//! compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F: `易` as U+F9E0), Kangxi and
//! supplement radicals (`⼒` for `力`), Latin ligatures (`ﬁ` U+FB01), no-break and other
//! Unicode spaces, zero-width characters. The text becomes NFC (which maps the
//! compatibility ideographs to their unified ideographs: their decompositions are
//! canonical singletons), radicals become ideographs (`radicals`), ligatures their
//! letters, spaces an ASCII space, the no-break hyphen (U+2011, which some fonts' maps
//! give for the hyphen glyph) an ASCII hyphen, as the no-break space becomes a space: it
//! draws as that character and only forbids a line break there; zero-width characters are
//! taken out, except inside a code (see [`settle_zero_width`]). Full-width punctuation, digits and letters stay as
//! they are (the code rules read them).

use super::page::Glyph;
use super::radicals::unify_radicals;
use crate::vocab::code::{is_dash, is_digitish, is_zero_width};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The text of one glyph as a reader sees it (zero-width characters kept for
/// [`settle_zero_width`]).
pub fn glyph_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let s = unify_radicals(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(letters) = ligature(c) {
            out.push_str(letters);
        } else if is_space(c) {
            out.push(' ');
        } else if c == NO_BREAK_HYPHEN {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// U+2011, a hyphen where a line may not break: drawn as `-`, read as `-`. Other dashes
/// (U+2010 hyphen, U+2013 en dash, U+2212 minus) are characters of their own and stay.
const NO_BREAK_HYPHEN: char = '\u{2011}';

/// The Latin ligatures of the Alphabetic Presentation Forms block, as letters.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// Unicode spaces (category Zs other than U+0020, and U+3000 the ideographic space a
/// producer draws as a space glyph) shown as an ASCII space.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Zero-width characters in the page's glyphs (in drawing order) are removed, except
/// where they sit inside a code — between a digit or dash and another — where they are
/// kept on the glyph before them, so the code rules report them (`nonstandard-code`
/// names each) and normalise the code. A glyph left with no text is dropped.
pub fn settle_zero_width(glyphs: &mut Vec<Glyph>) {
    if !glyphs.iter().any(|g| g.text.chars().any(is_zero_width)) {
        return;
    }
    let is_code_char = |c: char| is_digitish(c) || is_dash(c);
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    // The first visible character after each glyph, found backwards in one pass.
    let mut next_starts: Vec<Option<char>> = vec![None; glyphs.len()];
    let mut next = None;
    for (i, g) in glyphs.iter().enumerate().rev() {
        next_starts[i] = next;
        if let Some(c) = g.text.chars().find(|&c| !is_zero_width(c)) {
            next = Some(c);
        }
    }
    for (i, mut g) in std::mem::take(glyphs).into_iter().enumerate() {
        if !g.text.chars().any(is_zero_width) {
            out.push(g);
            continue;
        }
        let visible: String = g.text.chars().filter(|&c| !is_zero_width(c)).collect();
        let before = out
            .last()
            .and_then(|p| p.text.chars().last())
            .is_some_and(is_code_char);
        let after = visible
            .chars()
            .next()
            .or(next_starts[i])
            .is_some_and(is_code_char);
        if before && after {
            if visible.is_empty() {
                let zw: String = g.text.chars().filter(|&c| is_zero_width(c)).collect();
                if let Some(p) = out.last_mut() {
                    p.text.push_str(&zw);
                }
            } else {
                out.push(g);
            }
            continue;
        }
        if !visible.is_empty() {
            g.text = visible;
            out.push(g);
        }
    }
    *glyphs = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_text_table() {
        let cases = [
            // compatibility ideographs → unified (canonical singletons)
            ("\u{F9E0}", "\u{6613}"),
            ("\u{F9BE}", "\u{6599}"),
            ("\u{2F800}", "\u{4E3D}"),
            // FA0E is a unified ideograph in the compatibility block: unchanged
            ("\u{FA0E}", "\u{FA0E}"),
            // Kangxi radical → ideograph
            ("\u{2F12}", "\u{529B}"),
            // ligatures → letters
            ("\u{FB01}", "fi"),
            ("\u{FB00}", "ff"),
            ("e\u{FB03}cient", "efficient"),
            // spaces → ASCII space
            ("\u{00A0}", " "),
            ("A\u{2009}B", "A B"),
            ("\u{3000}", " "),
            // the no-break hyphen → ASCII hyphen; other dashes stay
            ("\u{2011}50元", "-50元"),
            ("01\u{2011}02", "01-02"),
            ("\u{2010}\u{2013}\u{2212}", "\u{2010}\u{2013}\u{2212}"),
            // composed
            ("e\u{0301}", "\u{00E9}"),
            // full-width punctuation, digits and letters untouched
            ("（，）：；１Ａ－", "（，）：；１Ａ－"),
            // NFKC would change these; glyph_text does not
            ("℃", "℃"),
            ("µ", "µ"),
            ("\u{2126}", "\u{03A9}"),
            ("①", "①"),
            ("plain", "plain"),
        ];
        for (input, want) in cases {
            assert_eq!(glyph_text(input), want, "{input:?}");
        }
    }

    fn g(text: &str, x: f64) -> Glyph {
        Glyph {
            text: text.to_string(),
            x,
            y: 10.0,
            size: 10.0,
            width: 5.0,
        }
    }

    fn texts(glyphs: &[Glyph]) -> Vec<&str> {
        glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn zero_width_removed_but_kept_inside_codes() {
        let table: &[(&[&str], &[&str])] = &[
            // between letters: removed, the empty glyph dropped
            (&["能", "\u{200B}", "力"], &["能", "力"]),
            // inside a code: kept on the glyph before
            (
                &["0", "1", "\u{200B}", "-", "0", "2"],
                &["0", "1\u{200B}", "-", "0", "2"],
            ),
            // on a glyph of its own text inside a code: kept
            (&["0", "\u{FEFF}1"], &["0", "\u{FEFF}1"]),
            // after a code, before text: removed
            (&["0", "1", "\u{200D}", "熟"], &["0", "1", "熟"]),
            // inside a word's glyph text: removed
            (&["A\u{2060}B"], &["AB"]),
        ];
        for &(input, want) in table {
            let mut glyphs: Vec<Glyph> = input
                .iter()
                .enumerate()
                .map(|(i, t)| g(t, i as f64 * 5.0))
                .collect();
            settle_zero_width(&mut glyphs);
            assert_eq!(texts(&glyphs), want, "{input:?}");
        }
    }
}
