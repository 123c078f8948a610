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
