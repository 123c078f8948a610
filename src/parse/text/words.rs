//! Words of a table line and the widths that wrapping goes by.

use super::tokens::{self, Code, Token};
use super::weights::Weights;

/// An item of a table line after tokenising.
#[derive(Debug, Clone)]
pub(super) enum Item<'a> {
    Code {
        written: &'a str,
        code: Code,
        /// The white space before the code on its line (empty when glued).
        gap: &'a str,
    },
    Word {
        gap: &'a str,
        text: &'a str,
    },
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

/// `a` and `b` joined, when they stand side by side in `line` (both are slices of it):
/// the one word they were printed as.
pub(super) fn glued<'a>(line: &'a str, a: &'a str, b: &'a str) -> Option<&'a str> {
    let base = line.as_ptr() as usize;
    let start = (a.as_ptr() as usize).checked_sub(base)?;
    let next = (b.as_ptr() as usize).checked_sub(base)?;
    let end = next.checked_add(b.len())?;
    (start + a.len() == next && end <= line.len()).then(|| &line[start..end])
}

/// Words glued to each other on their line (no white space between) made one word again:
/// a code-shaped token that is text here (`15` in `15°`, `60` in `60Ω`) stays glued to
/// what follows it exactly as printed, never split by a joining space.
pub(super) fn reglue<'a>(line: &'a str, items: &mut Vec<Item<'a>>) {
    let mut out: Vec<Item<'a>> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if let (Some(Item::Word { text: prev, .. }), Item::Word { gap: "", text }) =
            (out.last_mut(), &item)
        {
            if let Some(both) = glued(line, prev, text) {
                *prev = both;
                continue;
            }
        }
        out.push(item);
    }
    *items = out;
}

/// A table line as codes and words.
pub(super) fn items(line: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for token in tokens::tokenize(line) {
        match token {
            Token::Code {
                written,
                code,
                gap_before,
            } => out.push(Item::Code {
                written,
                code,
                gap: gap_before,
            }),
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

    #[test]
    fn glued_words() {
        let line = "不大于 15°；以内 60 Ω";
        let at = |w: &str| line.find(w).unwrap();
        let s = |w: &'static str| &line[at(w)..at(w) + w.len()];
        cases!(|a, b| glued(line, a, b);
            "side by side": (s("15"), s("°；")) => Some("15°；"),
            "a space between": (s("60"), s("Ω")) => None,
            "not in order": (s("°；"), s("15")) => None,
            "another string": ("15", s("°；")) => None,
        );
    }

    #[test]
    fn reglued_items() {
        let show = |line: &str, demote: &[usize]| {
            let mut v = items(line);
            for &k in demote {
                if let Item::Code { written, gap, .. } = v[k].clone() {
                    v[k] = Item::Word { gap, text: written };
                }
            }
            reglue(line, &mut v);
            v.iter()
                .map(|i| match i {
                    Item::Code { written, .. } => format!("C:{written}"),
                    Item::Word { gap, text } => format!("W:{gap:?}{text}"),
                })
                .collect::<Vec<_>>()
        };
        cases!(show;
            "a number glued to a symbol": ("不大于 15°；", &[1]) => ["W:\"\"不大于", "W:\" \"15°；"],
            "a spaced symbol stays apart": ("约 60 Ω", &[1]) => ["W:\"\"约", "W:\" \"60", "W:\" \"Ω"],
            "a code glued after CJK": ("规范（质量）20-12-01 具有", &[1]) => ["W:\"\"规范（质量）20-12-01", "W:\" \"具有"],
            "a kept code stays a code": ("01-01-01 15°", &[1]) => ["C:01-01-01", "W:\" \"15°"],
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

    /// Items of `line` with every code read as text, then reglued, as `gap|word`.
    fn demoted(line: &str) -> Vec<String> {
        let mut all_words: Vec<Item> = items(line)
            .into_iter()
            .map(|i| match i {
                Item::Code { written, gap, .. } => Item::Word { gap, text: written },
                w => w,
            })
            .collect();
        reglue(line, &mut all_words);
        all_words
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
        let mut kept = items(line);
        reglue(line, &mut kept);
        let got: Vec<String> = kept
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
