//! What giving a group of words to a cell costs: pure functions of plain values.
//!
//! The table walk ([`super::table`]) describes the open cell ([`Open`]) and the words
//! ([`Offer`]); [`place`] sums the rules below. Each rule is a small function with its
//! table of cases at the end of this file: a new rule arrives with the case that needs it.
//! Every number is a field of [`Weights`].

use super::tokens;
use super::weights::Weights;
use crate::vocab::lexicon;
use crate::vocab::{Level, PerLevel};

/// The document's layout, as measured on all its table lines ([`super::columns`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    /// Widest first line of each column.
    pub caps: PerLevel<usize>,
    /// Does the document print project (task) codes alone, their names below? Always
    /// `false` for competencies.
    pub alone: PerLevel<bool>,
}

impl Layout {
    /// The widest name column, with the slack a fit may leave: a name's first fragment
    /// up to this wide is only a little suspect ([`Weights::wider_than_measured`]).
    pub fn name_cap(&self, w: &Weights) -> f64 {
        self.caps[Level::Project].max(self.caps[Level::Task]) as f64 + w.fit_slack
    }
}

/// The open cell of a column, as the cost rules see it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Open<'a> {
    pub level: Level,
    /// The cell's text so far.
    pub text: &'a str,
    /// Width of the last line of text appended.
    pub last_w: usize,
    /// Content lines since the cell's last fragment (or its code).
    pub gap: usize,
    /// While a label is printed again: how much of `text` it has shown.
    pub reprint: Option<usize>,
    /// The name other courses give the cell's code.
    pub hint: Option<&'a str>,
}

/// A group of words offered to a cell.
#[derive(Debug, Clone, Copy)]
pub(super) struct Offer<'a> {
    /// The words joined.
    pub text: &'a str,
    /// Width of the first unit of `text` on the cell's last line ([`super::words::wrap_unit`]).
    pub unit: usize,
    /// The words stand right after the cell's own code.
    pub own: bool,
    /// The words show that the cell's provisional first fragment belongs elsewhere
    /// ([`repairs`]).
    pub repairs: bool,
    /// The words start with the tail other courses give another open name
    /// ([`starts_with_hinted_tail`]).
    pub steals: bool,
}

/// Cost of appending `offer` to the open cell `cell`; infinite when the cell cannot take
/// it (its last fragment is too far above).
pub(super) fn place(w: &Weights, layout: &Layout, cell: &Open<'_>, offer: &Offer<'_>) -> f64 {
    let text = offer.text;
    let width = tokens::width(text);
    let cap = layout.caps[cell.level];
    let too_wide = cell.level.is_named() && width as f64 > cap as f64 + w.fit_slack;
    if repeats_reprint(cell.reprint, cell.text, text) {
        return 0.0;
    }
    let unlike_reprint = unlike_reprint_cost(w, cell.reprint);
    if offer.repairs {
        return w.repair;
    }
    let mut cost = if cell.text.is_empty() {
        start_cost(w, cell.level, cell.gap, layout.alone[cell.level], offer.own)
    } else {
        let used = cell.last_w + offer.unit;
        continue_cost(w, cell.level, slack(cap, used), cell.gap)
    };
    if cost.is_infinite() {
        return cost;
    }
    cost += unlike_reprint + steal_cost(w, offer.steals);
    if too_wide {
        cost += too_wide_cost(w, cell.text.is_empty(), width, layout.name_cap(w));
    }
    if let Some(h) = cell.hint {
        let mut joined = cell.text.to_string();
        lexicon::join_wrapped(&mut joined, text);
        cost += hint_cost(w, cell.level, h, cell.text, &joined);
    }
    cost.max(0.0)
}

/// Room a line of width `used` leaves in a column `cap` wide; negative: it overflowed.
pub(super) fn slack(cap: usize, used: usize) -> f64 {
    cap as f64 - used as f64
}

/// Is a line `last_w` wide full, so that a text could go on below it: it leaves less room
/// than one CJK character in a column `cap` wide.
pub(super) fn is_full(w: &Weights, last_w: usize, cap: usize) -> bool {
    (last_w + w.full_line_unit) as f64 >= cap as f64 - w.fit_slack
}

/// Do the words repeat the next part of a label printed again?
pub(super) fn repeats_reprint(reprint: Option<usize>, cell_text: &str, text: &str) -> bool {
    reprint.is_some_and(|at| cell_text[at..].starts_with(text))
}

/// Words beside a label printed again that do not repeat its name (checked before by
/// [`repeats_reprint`]) are rarely more of that name.
pub(super) fn unlike_reprint_cost(w: &Weights, reprint: Option<usize>) -> f64 {
    if reprint == Some(0) {
        w.unlike_reprint
    } else {
        0.0
    }
}

/// Cost of a cell's first words, `gap` lines after its code. A name starts beside its
/// code (it may wait a line) or on the next line; a text soon after its code.
pub(super) fn start_cost(w: &Weights, level: Level, gap: usize, alone: bool, own: bool) -> f64 {
    if gap > w.max_gap && !own {
        return f64::INFINITY;
    }
    match (level.is_named(), gap) {
        // In a document that prints label codes alone, words beside one are mostly
        // another column's.
        (true, 0) if alone => w.name_beside + w.alone_beside,
        (true, 0) => w.name_beside,
        (true, 1) => w.name_below,
        (true, g) => w.name_late_per_line * (g - 1) as f64,
        (false, g) => w.text_late_per_line * g as f64,
    }
}

/// How plausible a wrap is by the room the cell's last line left beside the next unit.
/// Did not fit: a wrap. Fitted by a little: line-breaking rules (a bracket kept with its
/// neighbour) or font metrics may still have wrapped it. Fitted by much: not this cell's
/// next line.
pub(super) fn wrap_fit_cost(w: &Weights, slack: f64) -> f64 {
    if slack <= w.fit_slack {
        w.wrap + (slack + w.clear_overflow).max(0.0) * w.wrap_step
    } else if slack <= w.near_fit {
        w.near_fit_base + (slack - w.fit_slack) * w.near_fit_step
    } else {
        w.no_wrap + slack * w.no_wrap_step
    }
}

/// Cost of continuing a cell whose last line left `slack`, `gap` lines above.
pub(super) fn continue_cost(w: &Weights, level: Level, slack: f64, gap: usize) -> f64 {
    let max_gap = if level.is_named() {
        w.max_name_gap
    } else {
        w.max_gap
    };
    if gap > max_gap {
        return f64::INFINITY;
    }
    // A name's next line is normally the very next line; a line of another column at
    // another height may fall between.
    let skipped = if level.is_named() {
        w.name_skip_per_line * gap.saturating_sub(1) as f64
    } else {
        0.0
    };
    wrap_fit_cost(w, slack) + w.wrap_per_line * gap as f64 + skipped + w.wrap_prior[level]
}

/// Extra cost of a name fragment `width` wide, wider than its column. A cell waiting for
/// its name takes it anyway; a continuation cannot be wider than its column. A column
/// whose names all fit on one line measures narrower than it is: a first fragment as wide
/// as the other name column's widest (`name_cap`) is only a little suspect.
pub(super) fn too_wide_cost(w: &Weights, starts: bool, width: usize, name_cap: f64) -> f64 {
    match (starts, width as f64 <= name_cap) {
        (true, true) => w.wider_than_measured,
        (true, false) => w.wider_than_names,
        (false, _) => w.wide_continuation,
    }
}

/// Extra cost (negative: a bonus) of making a cell's text `joined` from `cell_text`, when
/// other courses name its code `hint`.
pub(super) fn hint_cost(
    w: &Weights,
    level: Level,
    hint: &str,
    cell_text: &str,
    joined: &str,
) -> f64 {
    if hint == joined {
        // The fragment completes the name other courses give this code.
        -w.completes_hint
    } else if hint.starts_with(joined) {
        -w.begins_hint
    } else if !cell_text.is_empty() && hint == cell_text {
        w.after_complete_hint
    } else if level.is_named() {
        // Other courses name this code otherwise: the same code has the same name.
        if cell_text.is_empty() {
            w.unlike_hint_start
        } else {
            w.unlike_hint_wrap
        }
    } else {
        0.0
    }
}

/// Does `text` start with what other courses (`hint`) give after `cell_text`, the name
/// so far of another open cell?
pub(super) fn starts_with_hinted_tail(text: &str, cell_text: &str, hint: Option<&str>) -> bool {
    let tail = hint
        .and_then(|h| h.strip_prefix(cell_text))
        .filter(|t| !t.is_empty());
    !cell_text.is_empty() && tail.is_some_and(|t| text.starts_with(t))
}

/// Extra cost of words that start with another open name's hinted tail.
pub(super) fn steal_cost(w: &Weights, steals: bool) -> f64 {
    if steals {
        w.steals_hinted_tail
    } else {
        0.0
    }
}

/// Does a name's next fragment show that its provisional first fragment belongs to the
/// other cell? `slack` is the room the name's line left beside the fragment; `text_slack`
/// the room the other cell's line left beside the provisional fragment, `None` when the
/// other cell had not begun (then the name's room alone decides: the other text could as
/// well begin there).
///
/// The name's line had room for the next fragment: it did not wrap there. Or it fitted
/// exactly (a wrap only by font metrics) while the other cell's line was plainly full; or
/// it overflowed by one unit, which a measured width (a lower bound: CJK lines are even, a
/// column may be odd) cannot tell from a fit, while the other line overflowed by more.
pub(super) fn repairs(w: &Weights, slack: f64, text_slack: Option<f64>) -> bool {
    let Some(text_slack) = text_slack else {
        return slack > w.fit_slack;
    };
    slack > w.repair_room
        || (slack >= 0.0 && text_slack < 0.0)
        || (slack >= -w.unseen_unit && text_slack < -w.unseen_unit)
}

/// What [`lookahead_cost`] looks at: a name's first fragment beside its code and the
/// line after it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lookahead {
    /// Width of the name's first fragment.
    pub name_w: usize,
    /// Width of the name column.
    pub name_cap: usize,
    /// Width of the first unit of the next line, which starts with words.
    pub lead: usize,
    /// Width of the competency text's line that the next line could continue.
    pub text_w: Option<usize>,
    /// Width of the competency column.
    pub text_cap: usize,
    /// A competency code ends this line (its text is on the next one).
    pub bare_code: bool,
}

/// A name's first fragment beside its code, when the next line opens with words that
/// would have fitted beside it and that the competency text cannot take (its line is not
/// full): the fragment is probably another column's tail, and the name comes on the next
/// line.
pub(super) fn lookahead_cost(w: &Weights, l: &Lookahead) -> f64 {
    let text_takes_it = l
        .text_w
        .is_some_and(|t| (t + l.lead) as f64 > l.text_cap as f64 - w.fit_slack)
        || l.bare_code;
    let fits_beside = (l.name_w + l.lead) as f64 + w.fit_slack <= l.name_cap as f64;
    if fits_beside && !text_takes_it {
        w.tail_beside_code
    } else {
        0.0
    }
}

/// Extra cost of the words right after a code given to another column than the code's.
pub(super) fn not_own_cost(w: &Weights, beside_other: bool) -> f64 {
    if beside_other {
        w.not_own
    } else {
        0.0
    }
}

/// Extra cost of the spaces between `words` words given to a name.
pub(super) fn name_gap_cost(w: &Weights, level: Option<Level>, words: usize) -> f64 {
    if level.is_some_and(Level::is_named) {
        w.name_gap * (words - 1) as f64
    } else {
        0.0
    }
}

/// Cost of leaving `words` words to a stray.
pub(super) fn stray_cost(w: &Weights, words: usize) -> f64 {
    w.stray * words as f64
}

#[cfg(test)]
mod tests {
    use super::super::C;
    use super::*;

    const W: &Weights = &Weights::DEFAULT;
    const INF: f64 = f64::INFINITY;
    const LAYOUT: Layout = Layout {
        caps: PerLevel([8, 12, 20]),
        alone: PerLevel([false; 3]),
    };

    #[test]
    fn slack_is_room_left() {
        cases!(|cap, used| C(slack(cap, used));
            "room": (10, 6) => C(4.0),
            "exact fit": (10, 10) => C(0.0),
            "overflow": (10, 12) => C(-2.0),
        );
    }

    #[test]
    fn full_line_leaves_less_than_a_character() {
        // Column 20 wide, fit slack 1: full from 17 on.
        cases!(|last_w| is_full(W, last_w, 20);
            "room for one more character": (16) => false,
            "full": (17) => true,
            "overflowing": (22) => true,
        );
    }

    #[test]
    fn reprint_repeats_the_next_part() {
        cases!(repeats_reprint;
            "first part": (Some(0), "前期准备", "前期") => true,
            "second part": (Some(6), "前期准备", "准备") => true,
            "not the next part": (Some(0), "前期准备", "准备") => false,
            "not reprinting": (None, "前期准备", "前期") => false,
        );
    }

    #[test]
    fn unlike_reprint() {
        cases!(|r| C(unlike_reprint_cost(W, r));
            "at the start of a reprint": (Some(0)) => C(2.0),
            "halfway through a reprint": (Some(6)) => C(0.0),
            "no reprint": (None) => C(0.0),
        );
    }

    #[test]
    fn start() {
        cases!(|level, gap, alone, own| C(start_cost(W, level, gap, alone, own));
            "name beside its code": (Level::Task, 0, false, true) => C(0.5),
            "name beside a code printed alone": (Level::Task, 0, true, true) => C(2.0),
            "name on the next line": (Level::Project, 1, false, false) => C(0.0),
            "name three lines down": (Level::Task, 3, false, false) => C(3.0),
            "text two lines down": (Level::Competency, 2, false, false) => C(0.4),
            "text too far down": (Level::Competency, 5, false, false) => C(INF),
            "text too far down but beside its code": (Level::Competency, 5, false, true) => C(1.0),
        );
    }

    #[test]
    fn wrap_fit() {
        cases!(|s| C(wrap_fit_cost(W, s));
            "clear overflow": (-2.0) => C(1.0),
            "far overflow": (-10.0) => C(1.0),
            "overflow by one": (-1.0) => C(1.25),
            "exact fit": (0.0) => C(1.5),
            "one column left": (1.0) => C(1.75),
            "near fit": (3.0) => C(3.0),
            "room": (10.0) => C(9.0),
        );
    }

    #[test]
    fn continuation() {
        cases!(|level, s, gap| C(continue_cost(W, level, s, gap));
            "text wraps on the next line": (Level::Competency, -2.0, 1) => C(1.1),
            "task name wraps": (Level::Task, -2.0, 1) => C(1.4),
            "project name wraps": (Level::Project, -2.0, 1) => C(1.7),
            "task name skips a line": (Level::Task, -2.0, 2) => C(2.5),
            "name too far down": (Level::Task, -2.0, 3) => C(INF),
            "text four lines down": (Level::Competency, -2.0, 4) => C(1.4),
            "text too far down": (Level::Competency, -2.0, 5) => C(INF),
            "project name had room": (Level::Project, 10.0, 1) => C(9.7),
        );
    }

    #[test]
    fn too_wide() {
        cases!(|starts, width| C(too_wide_cost(W, starts, width, 13.0));
            "first fragment within the other name column": (true, 12) => C(2.0),
            "first fragment wider than both": (true, 20) => C(6.0),
            "continuation": (false, 12) => C(30.0),
        );
    }

    #[test]
    fn hints() {
        cases!(|level, hint, before, joined| C(hint_cost(W, level, hint, before, joined));
            "completes the hint": (Level::Task, "熟悉产品", "熟悉", "熟悉产品") => C(-1.5),
            "begins the hint": (Level::Task, "熟悉产品", "", "熟悉") => C(-0.5),
            "goes past the complete hint": (Level::Task, "熟悉产品", "熟悉产品", "熟悉产品说明") => C(8.0),
            "unlike the hint, first fragment": (Level::Task, "熟悉产品", "", "准备") => C(4.0),
            "unlike the hint, later fragment": (Level::Task, "熟悉产品", "熟", "熟准") => C(1.0),
            "a text unlike the hint": (Level::Competency, "熟悉产品", "", "准备") => C(0.0),
        );
    }

    #[test]
    fn hinted_tail() {
        cases!(starts_with_hinted_tail;
            "starts with the tail": ("产品介绍", "熟悉", Some("熟悉产品")) => true,
            "other words": ("介绍", "熟悉", Some("熟悉产品")) => false,
            "the other name has not begun": ("产品", "", Some("产品")) => false,
            "the other name is complete": ("产品", "熟悉产品", Some("熟悉产品")) => false,
            "no hint": ("产品", "熟悉", None) => false,
        );
        cases!(|s| C(steal_cost(W, s));
            "steals": (true) => C(1.5),
            "does not": (false) => C(0.0),
        );
    }

    #[test]
    fn repair() {
        cases!(|s, t| repairs(W, s, t);
            "other cell not begun, name had room": (1.5, None) => true,
            "other cell not begun, name full": (1.0, None) => false,
            "name had plenty of room": (4.5, Some(2.0)) => true,
            "both had room": (2.0, Some(2.0)) => false,
            "name fitted exactly, other overflowed": (0.0, Some(-0.5)) => true,
            "name overflowed by a unit, other by more": (-1.0, Some(-2.0)) => true,
            "both overflowed by a unit": (-1.0, Some(-1.0)) => false,
            "name overflowed clearly": (-2.0, Some(-4.0)) => false,
        );
    }

    #[test]
    fn lookahead() {
        let base = Lookahead {
            name_w: 4,
            name_cap: 12,
            lead: 2,
            text_w: Some(10),
            text_cap: 20,
            bare_code: false,
        };
        cases!(|l: Lookahead| C(lookahead_cost(W, &l));
            "next line's lead fits beside the name": (base) => C(4.0),
            "no text line to continue": (Lookahead { text_w: None, ..base }) => C(4.0),
            "lead does not fit beside the name": (Lookahead { lead: 8, ..base }) => C(0.0),
            "the text's line is full": (Lookahead { text_w: Some(18), ..base }) => C(0.0),
            "a bare competency code takes it": (Lookahead { bare_code: true, ..base }) => C(0.0),
        );
    }

    #[test]
    fn group_extras() {
        cases!(|b| C(not_own_cost(W, b));
            "beside another code": (true) => C(1.5),
            "beside its own": (false) => C(0.0),
        );
        cases!(|level, n| C(name_gap_cost(W, level, n));
            "three words of a name": (Some(Level::Task), 3) => C(2.4),
            "one word of a name": (Some(Level::Project), 1) => C(0.0),
            "words of a text": (Some(Level::Competency), 3) => C(0.0),
            "strays": (None, 3) => C(0.0),
        );
        cases!(|n| C(stray_cost(W, n));
            "one word": (1) => C(20.0),
            "two words": (2) => C(40.0),
        );
        assert_eq!(
            C(LAYOUT.name_cap(W)),
            C(13.0),
            "widest name column and slack"
        );
    }

    fn open(level: Level, text: &str, last_w: usize, gap: usize) -> Open<'_> {
        Open {
            level,
            text,
            last_w,
            gap,
            reprint: None,
            hint: None,
        }
    }

    fn offer(text: &str, unit: usize) -> Offer<'_> {
        Offer {
            text,
            unit,
            own: false,
            repairs: false,
            steals: false,
        }
    }

    #[test]
    fn placing() {
        let reprinted = Open {
            reprint: Some(0),
            ..open(Level::Task, "熟悉产品", 8, 1)
        };
        let hinted = Open {
            hint: Some("熟悉产品"),
            ..open(Level::Task, "", 0, 3)
        };
        cases!(|cell: Open<'_>, offer: Offer<'_>| C(place(W, &LAYOUT, &cell, &offer));
            "repeats a reprinted label": (reprinted, offer("熟悉", 2)) => C(0.0),
            "unlike a reprinted label, stealing a tail": (reprinted, Offer { steals: true, ..offer("准备", 2) }) => C(6.4),
            "name beside its code": (open(Level::Task, "", 0, 0), Offer { own: true, ..offer("熟悉产品", 2) }) => C(0.5),
            "text wraps": (open(Level::Competency, "能够通过公司培训资料", 20, 1), offer("等熟悉", 2)) => C(1.1),
            "repairs a provisional name": (open(Level::Task, "熟悉", 4, 1), Offer { repairs: true, ..offer("准备", 2) }) => C(1.7),
            "continuation wider than its column": (open(Level::Task, "熟悉", 4, 1), offer("熟悉产品熟悉产品", 2)) => C(39.0),
            "completes the hinted name": (hinted, offer("熟悉产品", 2)) => C(1.5),
            "text too far down": (open(Level::Competency, "", 0, 5), offer("熟悉", 2)) => C(INF),
        );
    }
}
