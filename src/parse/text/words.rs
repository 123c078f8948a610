//! Words of a table line and the widths that wrapping goes by.

use super::tokens::{self, Code, Token};
use super::weights::Weights;

/// An item of a table line after tokenising.
#[derive(Debug, Clone)]
pub(super) enum Item<'a> {
    Code { written: &'a str, code: Code },
    Word { gap: &'a str, text: &'a str },
}

/// Characters that are not white space.
pub(super) fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Room the first unit of `next` needs on the line ending `before`: with the space the
/// joining rule puts between two ASCII letters or digits.
pub(super) fn wrap_unit(before: &str, next: &str) -> usize {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    unit_width(next) + usize::from(alnum(before.chars().last()) && alnum(next.chars().next()))
}

/// Width of the first unit a line break cannot split: an ASCII word, or one character
/// with the closing punctuation that may not start a line, and whatever a space binds to
/// it (a wrap may swallow a space only between two ASCII letters or digits, where the
/// joining rule puts it back; elsewhere the break would lose the space).
pub(super) fn unit_width(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut end = unit_end(&chars, 0);
    while chars.get(end) == Some(&' ') && end > 0 {
        let bound = chars.get(end + 1).is_some_and(|&next| {
            next != ' ' && !(chars[end - 1].is_ascii_alphanumeric() && next.is_ascii_alphanumeric())
        });
        if !bound {
            break;
        }
        end = unit_end(&chars, end + 1);
    }
    chars[..end]
        .iter()
        .map(|c| tokens::width(c.encode_utf8(&mut [0; 4])))
        .sum()
}

/// End of the unbreakable unit of `chars` starting at `start`.
fn unit_end(chars: &[char], start: usize) -> usize {
    const CLOSING: &str = "，。、；：！？）》」』】”’,.;:!?)]";
    const OPENING: &str = "（《「『【“‘([";
    let Some(&first) = chars.get(start) else {
        return start;
    };
    // Producers differ on breaking Latin text glued to CJK punctuation
    // (`email、WhatsApp、微信`): an ASCII word runs to a space or an ideograph.
    let word_end = |from: usize| {
        (from..chars.len())
            .find(|&i| {
                chars[i].is_whitespace() || (!chars[i].is_ascii() && !CLOSING.contains(chars[i]))
            })
            .unwrap_or(chars.len())
    };
    let mut end = if first.is_ascii_alphanumeric() {
        word_end(start)
    } else if OPENING.contains(first) {
        // An opening bracket may not end a line: it moves down with the unit after it.
        match chars.get(start + 1) {
            Some(c) if c.is_ascii_alphanumeric() => word_end(start + 1),
            Some(_) => start + 2,
            None => start + 1,
        }
    } else {
        start + 1
    };
    // Closing punctuation may not start a line: it moves down with what precedes it.
    while end < chars.len() && CLOSING.contains(chars[end]) {
        end += 1;
    }
    end
}

/// A space between two non-ASCII characters rarely stands inside one cell's text: the
/// cost of the spaces inside a group of words (`(gap, word)` pairs).
pub(super) fn inner_gap_cost(w: &Weights, group: &[(&str, &str)]) -> f64 {
    group
        .windows(2)
        .map(|pair| {
            let a = pair[0].1.chars().last();
            let b = pair[1].1.chars().next();
            match (a, b) {
                // Full-width punctuation followed by a space does occur inside texts.
                (Some(a), Some(b)) if !a.is_ascii() && !b.is_ascii() => {
                    if "，。、；：！？".contains(a) {
                        w.gap_after_cjk_punct
                    } else {
                        w.cjk_gap
                    }
                }
                // Latin words stand apart from CJK text by spaces; ASCII punctuation that
                // closes or joins (`单 /目的港`) does not.
                (Some(a), Some(b))
                    if (!a.is_ascii() && "/)]}.,;:!?%".contains(b))
                        || ("/([{".contains(a) && !b.is_ascii()) =>
                {
                    w.ascii_punct_gap
                }
                _ => 0.0,
            }
        })
        .sum()
}

/// The words of a group as printed: each word after its gap, one space where the gap was
/// lost.
pub(super) fn join_words(words: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (k, (gap, w)) in words.iter().enumerate() {
        if k > 0 {
            s.push_str(if gap.is_empty() { " " } else { gap });
        }
        s.push_str(w);
    }
    s
}

/// The items of `line` with every word's gap as the line prints it, and words the line
/// prints glued together made one word again. Only a code-shaped token read as text
/// leaves words glued (`3个工作日` after a competency code, `1日至15日` or `26℃~28℃`
/// starting a wrapped line): the digits and what follows them are one word, never two
/// words that the joining rule would part with a space the line does not have.
/// Every item must be a slice of `line` (as [`items`] gives them).
pub(super) fn rejoin_glued<'a>(line: &'a str, items: Vec<Item<'a>>) -> Vec<Item<'a>> {
    let base = line.as_ptr() as usize;
    let span = |s: &str| {
        let start = (s.as_ptr() as usize).wrapping_sub(base);
        (start <= line.len() && start + s.len() <= line.len()).then_some((start, start + s.len()))
    };
    let mut out: Vec<Item<'a>> = Vec::with_capacity(items.len());
    // The first item's gap is the line's leading white space.
    let mut prev_end: Option<usize> = Some(0);
    for item in items {
        let text = match &item {
            Item::Code { written, .. } => *written,
            Item::Word { text, .. } => *text,
        };
        let Some((start, end)) = span(text) else {
            // Not a slice of the line: keep it as it is, and stop reasoning on places.
            out.push(item);
            prev_end = None;
            continue;
        };
        let gap = prev_end.filter(|&p| p <= start).map(|p| &line[p..start]);
        match (out.last_mut(), &item, gap) {
            (Some(Item::Word { text: prev, .. }), Item::Word { .. }, Some("")) => {
                let (p0, _) = span(prev).expect("a word of the line");
                *prev = &line[p0..end];
            }
            (_, Item::Word { text, .. }, Some(gap)) => out.push(Item::Word { gap, text }),
            _ => out.push(item),
        }
        prev_end = Some(end);
    }
    out
}

/// A table line as codes and words.
pub(super) fn items(line: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for token in tokens::tokenize(line) {
        match token {
            Token::Code { written, code } => out.push(Item::Code { written, code }),
            Token::Text { text, gap_before } => {
                for (k, (gap, word)) in tokens::words(text).into_iter().enumerate() {
                    out.push(Item::Word {
                        gap: if k == 0 { gap_before } else { gap },
                        text: word,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::C;
    use super::*;

    const W: &Weights = &Weights::DEFAULT;

    #[test]
    fn visible() {
        cases!(visible_chars;
            "CJK with spaces": ("熟悉 产品 ") => 4,
            "ASCII words": ("PI invoice") => 9,
            "empty": ("") => 0,
        );
    }

    #[test]
    fn units() {
        cases!(unit_width;
            "one CJK character": ("熟悉") => 2,
            "closing punctuation moves down with it": ("熟，悉") => 4,
            "closing punctuation after closing punctuation": ("，。熟") => 4,
            "an ASCII word and its closing bracket": ("invoice）的") => 9,
            "an opening bracket with the word after it": ("（Proforma invoice") => 10,
            "a space between CJK and Latin binds": ("熟 PI") => 5,
            "a space between two ASCII words does not": ("PI invoice") => 2,
            "empty": ("") => 0,
        );
    }

    #[test]
    fn wrap_room() {
        cases!(wrap_unit;
            "the joining space between ASCII words": ("PI", "invoice") => 8,
            "no space after CJK": ("熟悉", "invoice") => 7,
            "no space before CJK": ("PI", "熟") => 2,
        );
    }

    #[test]
    fn inner_gaps() {
        cases!(|g: &[(&str, &str)]| C(inner_gap_cost(W, g));
            "one word": (&[("", "熟悉")]) => C(0.0),
            "space between CJK": (&[("", "熟悉"), (" ", "产品")]) => C(2.5),
            "two spaces between CJK": (&[("", "熟"), (" ", "悉"), (" ", "产品")]) => C(5.0),
            "space after full-width punctuation": (&[("", "熟悉，"), (" ", "产品")]) => C(1.0),
            "CJK then ASCII punctuation": (&[("", "单"), (" ", "/目的港")]) => C(2.5),
            "ASCII opening bracket then CJK": (&[("", "("), (" ", "单")]) => C(2.5),
            "ASCII words": (&[("", "PI"), (" ", "invoice")]) => C(0.0),
            "CJK then Latin": (&[("", "熟悉"), (" ", "PI")]) => C(0.0),
        );
    }

    #[test]
    fn joining() {
        cases!(|g: &[(&str, &str)]| join_words(g);
            "gaps kept": (&[("", "a"), ("  ", "b")]) => "a  b",
            "a lost gap is one space": (&[("", "熟"), ("", "悉")]) => "熟 悉",
            "nothing": (&[]) => "",
        );
    }

    /// Items as `C:code` and `W:word`.
    fn kinds(line: &str) -> Vec<String> {
        items(line)
            .iter()
            .map(|i| match i {
                Item::Code { code, .. } => format!("C:{}", code.normalised),
                Item::Word { text, .. } => format!("W:{text}"),
            })
            .collect()
    }

    /// Items of `line` with every code read as text, then rejoined, as `gap|word`.
    fn demoted(line: &str) -> Vec<String> {
        let all_words = items(line)
            .into_iter()
            .map(|i| match i {
                Item::Code { written, .. } => Item::Word {
                    gap: " ",
                    text: written,
                },
                w => w,
            })
            .collect();
        rejoin_glued(line, all_words)
            .iter()
            .map(|i| match i {
                Item::Word { gap, text } => format!("{gap}|{text}"),
                Item::Code { written, .. } => format!("C:{written}"),
            })
            .collect()
    }

    #[test]
    fn codes_read_as_text_keep_the_line_as_printed() {
        cases!(demoted;
            "digits glued to CJK": ("3个工作日内完成") => ["|3个工作日内完成"],
            "a wrapped line starting with a date": ("1日至15日") => ["|1日至15日"],
            "digits glued to a symbol": ("26℃~28℃") => ["|26℃~28℃"],
            "a number standing alone stays apart": ("5 轴") => ["|5", " |轴"],
            "two spaces kept": ("前期  01-02 准备") => ["|前期", "  |01-02", " |准备"],
            "a code glued after text": ("规范（质量）20-12-01具有") => ["|规范（质量）20-12-01具有"],
        );
    }

    #[test]
    fn codes_kept_are_not_rejoined() {
        let line = "20-12-02能够推行5S管理";
        let got: Vec<String> = rejoin_glued(line, items(line))
            .iter()
            .map(|i| match i {
                Item::Code { written, .. } => format!("C:{written}"),
                Item::Word { gap, text } => format!("{gap}|{text}"),
            })
            .collect();
        assert_eq!(got, ["C:20-12-02", "|能够推行5S管理"]);
    }

    #[test]
    fn line_items() {
        cases!(kinds;
            "a row": ("01 前期准备 01-01 熟悉产品") => ["C:01", "W:前期准备", "C:01-01", "W:熟悉产品"],
            "words split at spaces": ("熟悉 产品") => ["W:熟悉", "W:产品"],
            "a nonstandard code": ("０１－02 熟悉") => ["C:01-02", "W:熟悉"],
        );
    }
}
