//! Every number the text parser weighs a reading by, in one place.
//!
//! A reading of a line (a [`super::search::Plan`]) costs the sum of its groups' costs
//! ([`super::costs`]); the cheapest reading wins. The numbers below were tuned one case at
//! a time: each says what it stands for and which case made it what it is. The cases are
//! the fixture, the generated layouts (`tests/layouts.rs`, fixed seeds and the holdout
//! seeds named in the commit messages: "holdout 8000-8049: 266 -> 108" is the count of rows
//! wrong before and after the change), and the bad inputs (`tests/robustness.rs`).
//!
//! Widths are display columns ([`super::tokens::width`]): a CJK character is 2.
//! A *slack* is the room a line leaves beside the next unit: the column's measured width
//! less the line's width and the unit's; negative when the unit overflowed (a wrap).
//!
//! To change a number, change it here, run `cargo test --release --test layouts --
//! --nocapture` before and after, and add to `costs.rs` the two-line case that needs it.

use crate::vocab::PerLevel;

/// The weights and limits of the text parser. [`Weights::DEFAULT`] is the only set used;
/// the struct exists so that every number has one name, one reason and one place.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Weights {
    // ----- Plans -----
    /// Cost of each word left to a stray. Far above any placement, so that text goes to
    /// a stray only when no cell can take it (a leaked page number, junk); also charged
    /// once for a line whose characters could not all be accounted for.
    pub stray: f64,
    /// Two plans of a run of words closer than this are a tie, settled by reading the next
    /// line both ways (ecd025e, fixed seeds: 13 -> 6 rows wrong that the dump settles).
    pub tie: f64,
    /// The runner-up's way must read the tied line and the next one cheaper by this much
    /// to win the tie.
    pub lookahead_gain: f64,
    /// A group costing no more than this (its inner gaps included) fits its column as a
    /// plain wrap would: two plans made only of such groups are a width tie the layout
    /// cannot settle (972f8b1, holdout 145 -> 124 rows wrong).
    pub plain_wrap: f64,
    /// Two plans closer than this in cost are a close call: the cells they fill
    /// differently teach the next pass little ([`super::hints`]). Also the margin of a
    /// cell nothing disputed.
    pub close_call: f64,

    // ----- Hints -----
    /// A reading won by no more than this was decided by the columns' priors
    /// ([`Weights::wrap_prior`]), not by the layout: it teaches nothing (fb9fadb, holdout
    /// 5000-5029: 214 -> 177 rows wrong).
    pub prior_margin: f64,
    /// How much agreeing evidence makes a hint (a reading the layout decided outright
    /// weighs [`Weights::close_call`] less [`Weights::prior_margin`]; d2b9862 lowered it
    /// so that one such reading settles a name for every course).
    pub hint_weight: f64,
    /// A hint also needs this share of all the evidence for its code: a clear majority
    /// (0476935), `part` of `of`.
    pub hint_majority: Share,

    // ----- Geometry -----
    /// How much room a full line may leave beside the next unit: CJK widths are even, so
    /// 1 means "did not fit", and an exact fit (fonts print full-width brackets narrower
    /// than their nominal width) still counts (c446326, 4e58cf2).
    pub fit_slack: f64,
    /// Width of the smallest unit a line can leave room for: one CJK character. A
    /// competency text whose last line leaves less room than this is full (c446326).
    pub full_line_unit: usize,
    /// How many content lines a cell's next fragment may follow its previous one: other
    /// columns' lines at other heights can fall in between (2b3732a).
    pub max_gap: usize,
    /// The same for names: a label's lines are printed on consecutive visual lines, with
    /// at most a line of another column's text at another height between them (181b9b8).
    pub max_name_gap: usize,
    /// How many rows out of their hierarchy a late label may reach over to its children
    /// (aeb5c7a: `17-04-01` under `17-03`).
    pub max_misfiled: usize,

    // ----- Starting a cell -----
    /// A name's first words beside its code. Names start beside their code or on the next
    /// line; beside costs a little, so that words another open cell can wrap go there
    /// (9601ff0, 2fa6f4b "weaker pull of a code on the words beside it").
    pub name_beside: f64,
    /// A name's first words on the line after its code, where it is due (387e250).
    pub name_below: f64,
    /// Each line beyond the next that a name's first words come after their code.
    pub name_late_per_line: f64,
    /// Each line between a competency code and its text's first words.
    pub text_late_per_line: f64,
    /// Extra cost of giving a label code the words beside it in a document that prints
    /// its label codes alone (57f1f17, holdout 8000-8049: 108 -> 80).
    pub alone_beside: f64,
    /// Extra cost of giving the words right after a code to another column than the
    /// code's (c446326 "soft own-column rule").
    pub not_own: f64,
    /// Extra cost of each space inside a name: names are mostly CJK and rarely hold
    /// spaces, texts often do (c446326).
    pub name_gap: f64,

    // ----- Continuing a cell (the wrap test) -----
    /// A continuation whose unit overflowed the line (slack <= [`Weights::fit_slack`]):
    /// a wrap, the cheapest continuation.
    pub wrap: f64,
    /// An overflow by at least this much is a clear wrap and costs [`Weights::wrap`] alone;
    /// up to an exact fit each column of less overflow costs [`Weights::wrap_step`] more:
    /// a clear overflow beats an exact fit as the sign of a wrap (4e58cf2).
    pub clear_overflow: f64,
    /// See [`Weights::clear_overflow`].
    pub wrap_step: f64,
    /// A unit that fitted by up to this much may still have wrapped (line-breaking rules
    /// keep a bracket with its neighbour, font metrics differ): a near fit (1532caa).
    pub near_fit: f64,
    /// Cost of a near fit at the edge of [`Weights::fit_slack`] …
    pub near_fit_base: f64,
    /// … and per column of room beyond it.
    pub near_fit_step: f64,
    /// A unit that fitted by much did not wrap: not this cell's next line. Cost at zero
    /// room …
    pub no_wrap: f64,
    /// … and per column of room.
    pub no_wrap_step: f64,
    /// Each content line between a cell's last fragment and the next.
    pub wrap_per_line: f64,
    /// Each line skipped inside a name: a name's next line is normally the very next line
    /// (5c6d0ae).
    pub name_skip_per_line: f64,
    /// Extra cost of continuing a project name, a task name, a competency text: texts wrap
    /// far more often than task names, task names more than project names, so on equal
    /// geometry the deeper column wins.
    pub wrap_prior: PerLevel<f64>,

    // ----- Too wide for a name column -----
    /// Extra cost of a name's first fragment wider than its column measured, but not
    /// wider than the other name column: a column whose names all fit on one line
    /// measures narrower than it is (46804d7, holdout 8000-8049: 266 -> 108).
    pub wider_than_measured: f64,
    /// … wider than both name columns: probably another column's text (d20314e).
    pub wider_than_names: f64,
    /// A continuation cannot be wider than its column (d20314e).
    pub wide_continuation: f64,

    // ----- Labels printed again, provisional names -----
    /// Words beside a label printed again that do not repeat its name: rarely more of
    /// that name (1369546).
    pub unlike_reprint: f64,
    /// Cost of a fragment that shows a provisional name did not go on (its line had room):
    /// the name's first fragment goes back to the cell it could have ended (86c85f6).
    pub repair: f64,
    /// A name's line with more room than this beside the next fragment did not wrap
    /// there, whatever the other cell's line did (fa7798d, holdout 110 -> 38).
    pub repair_room: f64,
    /// A measured width is a lower bound (CJK lines are even, a column may be odd): an
    /// overflow by this much cannot be told from a fit (bb5b534, holdout 6000-6029:
    /// 49 -> 20).
    pub unseen_unit: f64,
    /// Cost up to which another cell could as well have wrapped a name's first words,
    /// which then stay provisional (71e1364, 9e98046).
    pub alternative: f64,
    /// Margin of a name's first words beside its code that another cell could have
    /// wrapped: either reading may stand, neither teaches much (7db4234).
    pub provisional_margin: f64,
    /// A name's first fragment beside its code when the next line opens with words that
    /// would have fitted beside it and that the competency text cannot take: the fragment
    /// is probably another column's tail, and the name comes on the next line (0476935,
    /// 79f35e6).
    pub tail_beside_code: f64,

    // ----- Hinted names (what other courses call the same code) -----
    /// The fragment completes the name other courses give this code (4fd5a1e).
    pub completes_hint: f64,
    /// The fragment begins (or goes on with) the hinted name.
    pub begins_hint: f64,
    /// The cell already holds the whole hinted name: more words are another cell's
    /// (d2b9862).
    pub after_complete_hint: f64,
    /// A name's first fragment that other courses do not begin the code's name with: the
    /// same code has the same name (41127aa, raised by bb5b534).
    pub unlike_hint_start: f64,
    /// The same for a name's later fragment.
    pub unlike_hint_wrap: f64,
    /// Words that start with the tail other courses give another open name, whose line
    /// above could have continued (ce904de, holdout 124 -> 110).
    pub steals_hinted_tail: f64,

    // ----- Spaces inside a group of words ([`super::words::inner_gap_cost`]) -----
    /// A space after full-width punctuation, before a non-ASCII character: does occur
    /// inside texts.
    pub gap_after_cjk_punct: f64,
    /// A space between two other non-ASCII characters: more likely a column gap
    /// (c446326).
    pub cjk_gap: f64,
    /// A space between CJK and ASCII punctuation that closes or joins (`单 /目的港`):
    /// more likely a column gap (422cf2d).
    pub ascii_punct_gap: f64,
}

/// A share `part / of`, compared without dividing (`x * of >= total * part`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Share {
    pub part: f64,
    pub of: f64,
}

impl Weights {
    /// The tuned weights.
    pub const DEFAULT: Weights = Weights {
        stray: 20.0,
        tie: 0.3,
        lookahead_gain: 0.5,
        plain_wrap: 2.0,
        close_call: 1.5,

        prior_margin: 0.35,
        hint_weight: 0.4,
        hint_majority: Share { part: 2.0, of: 3.0 },

        fit_slack: 1.0,
        full_line_unit: 2,
        max_gap: 4,
        max_name_gap: 2,
        max_misfiled: 4,

        name_beside: 0.5,
        name_below: 0.0,
        name_late_per_line: 1.5,
        text_late_per_line: 0.2,
        alone_beside: 1.5,
        not_own: 1.5,
        name_gap: 1.2,

        wrap: 1.0,
        clear_overflow: 2.0,
        wrap_step: 0.25,
        near_fit: 4.0,
        near_fit_base: 2.0,
        near_fit_step: 0.5,
        no_wrap: 8.0,
        no_wrap_step: 0.1,
        wrap_per_line: 0.1,
        name_skip_per_line: 1.0,
        wrap_prior: PerLevel([0.6, 0.3, 0.0]),

        wider_than_measured: 2.0,
        wider_than_names: 6.0,
        wide_continuation: 30.0,

        unlike_reprint: 2.0,
        repair: 1.7,
        repair_room: 4.0,
        unseen_unit: 1.0,
        alternative: 3.5,
        provisional_margin: 0.75,
        tail_beside_code: 4.0,

        completes_hint: 1.5,
        begins_hint: 0.5,
        after_complete_hint: 8.0,
        unlike_hint_start: 4.0,
        unlike_hint_wrap: 1.0,
        steals_hinted_tail: 1.5,

        gap_after_cjk_punct: 1.0,
        cjk_gap: 2.5,
        ascii_punct_gap: 2.5,
    };
}

impl Default for Weights {
    fn default() -> Self {
        Weights::DEFAULT
    }
}
