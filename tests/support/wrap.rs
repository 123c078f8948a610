//! Greedy wrapping of cell text by display width, and the joining rule that undoes it.
//!
//! A line may end between two characters unless both are ASCII non-space (ASCII words are
//! not broken) or the break would leave a closing mark at a line start / an opening mark at
//! a line end. A space may be swallowed by a break only where ASCII letters or digits stand
//! on both sides of it, because the joining rule of DOMAIN.md puts a space back exactly
//! there; a space anywhere else binds its neighbours, otherwise the text could not be
//! rebuilt from the dump at all.

use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

const NO_LINE_START: &str = "，。、；：？！）》」』”’";
const NO_LINE_END: &str = "（《「『“‘";

/// One unbreakable piece of text and whether a swallowable space stands before it.
#[derive(Debug)]
struct Atom {
    text: String,
    space_before: bool,
}

fn atoms(text: &str) -> Vec<Atom> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Atom> = Vec::new();
    let mut cur = String::new();
    let mut space_before = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' '
            && i > 0
            && i + 1 < chars.len()
            && is_alnum(chars[i - 1])
            && is_alnum(chars[i + 1])
        {
            out.push(Atom {
                text: std::mem::take(&mut cur),
                space_before,
            });
            space_before = true;
            i += 1;
            continue;
        }
        if !cur.is_empty() {
            let prev = chars[i - 1];
            let breakable = prev != ' '
                && c != ' '
                && !(prev.is_ascii() && c.is_ascii())
                && !NO_LINE_START.contains(c)
                && !NO_LINE_END.contains(prev);
            if breakable {
                out.push(Atom {
                    text: std::mem::take(&mut cur),
                    space_before,
                });
                space_before = false;
            }
        }
        cur.push(c);
        i += 1;
    }
    if !cur.is_empty() {
        out.push(Atom {
            text: cur,
            space_before,
        });
    }
    out
}

/// Wrap `text` greedily into lines of at most `max` display units. An unbreakable piece
/// wider than `max` gets a line of its own.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for atom in atoms(text) {
        let sep = if atom.space_before && !cur.is_empty() {
            " "
        } else {
            ""
        };
        if !cur.is_empty() && width(&cur) + sep.len() + width(&atom.text) > max {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(&atom.text);
        } else {
            cur.push_str(sep);
            cur.push_str(&atom.text);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Width of the first unbreakable piece of `frag`.
pub fn first_piece_width(frag: &str) -> usize {
    atoms(frag).first().map_or(0, |a| width(&a.text))
}

/// True when `frag` is one piece the wrapper could not break.
pub fn unbreakable(frag: &str) -> bool {
    atoms(frag).len() <= 1
}

/// DOMAIN.md's joining rule: concatenate, with one space where ASCII letters or digits
/// stand on both sides.
pub fn join<S: AsRef<str>>(frags: &[S]) -> String {
    let mut out = String::new();
    for f in frags {
        let f = f.as_ref();
        if let (Some(a), Some(b)) = (out.chars().last(), f.chars().next()) {
            if is_alnum(a) && is_alnum(b) {
                out.push(' ');
            }
        }
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::gold::Gold;

    #[test]
    fn wrapping_every_gold_text_rejoins_and_respects_width() {
        let gold = Gold::load();
        let mut texts: Vec<&str> = Vec::new();
        for r in &gold.rows {
            texts.extend([
                r.project_name.as_str(),
                r.task_name.as_str(),
                r.competency_text.as_str(),
            ]);
        }
        texts.extend(gold.courses.iter().map(|c| c.description.as_str()));
        texts.sort_unstable();
        texts.dedup();
        let mut multi = 0;
        for max in [8, 9, 11, 14, 36, 47, 64, 90] {
            for t in &texts {
                let lines = wrap(t, max);
                assert_eq!(join(&lines), *t, "width {max}: {lines:?}");
                for l in &lines {
                    assert!(!l.is_empty() && l.trim() == l, "bad fragment {l:?}");
                    assert!(width(l) <= max || unbreakable(l), "{l:?} wider than {max}");
                }
                // Greedy: the next line's first piece did not fit on this one.
                for pair in lines.windows(2) {
                    let first = &atoms(&pair[1])[0];
                    let a = pair[0].chars().last().unwrap();
                    let b = pair[1].chars().next().unwrap();
                    let sep = usize::from(is_alnum(a) && is_alnum(b));
                    assert!(
                        width(&pair[0]) + sep + width(&first.text) > max,
                        "not greedy at {max}: {pair:?}"
                    );
                }
                multi += usize::from(lines.len() > 1);
            }
        }
        assert!(
            multi > 1000,
            "wrapping exercised ({multi} multi-line cells)"
        );
    }

    #[test]
    fn spaces_only_break_between_ascii_words() {
        assert_eq!(
            wrap("制作 PI（Proforma invoice）", 20),
            ["制作 PI（Proforma", "invoice）"]
        );
        assert_eq!(
            join(&["制作 PI（Proforma", "invoice）"]),
            "制作 PI（Proforma invoice）"
        );
        // `Amazon, Zoom 等` cannot be split at its spaces without losing them.
        for max in 4..30 {
            let t = "网站（Amazon, Zoom 等）熟悉";
            assert_eq!(join(&wrap(t, max)), t);
        }
        assert_eq!(wrap("一二三，四", 6), ["一二", "三，四"]);
    }
}
