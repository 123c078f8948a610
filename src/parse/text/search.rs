//! The bounded search for the cheapest ways to split a run of words between columns.
//!
//! A run of words stands between two codes (or a line's edges); its words go, in order,
//! to columns in increasing order, or to strays. The search tries every split into
//! consecutive groups (exponential in the words, hence [`MAX_SEARCH_WORDS`] and
//! [`MAX_SEARCH_STEPS`]), prunes plans that cannot come close to the best, and keeps the
//! [`KEEP`] cheapest. What a group costs is the caller's business (a closure over
//! [`super::costs`]); the search only adds the costs up, with the cost of the spaces
//! inside each group ([`super::words::inner_gap_cost`]).

use super::weights::Weights;
use super::words::inner_gap_cost;
use crate::vocab::Level;

/// Groups of words `[from, to)` and the column each goes to (`None`: stray).
pub(super) type Plan = Vec<(usize, usize, Option<Level>)>;

/// Bounds of the split search, which grows exponentially with the words of a segment: the
/// fixture's segments have at most 3 words and need at most 30 nodes, the generated
/// layouts' at most 5 words and 77 nodes. A segment of more words is stray text; a search
/// that takes more steps keeps the best plan found so far. Without them a junk line of 40
/// words took minutes and one of 200,000 overflowed the stack (9d0c260).
pub(super) const MAX_SEARCH_WORDS: usize = 48;
/// See [`MAX_SEARCH_WORDS`]. A step is a node of the search or one group tried at a node
/// (a column or strays for words `[start, end)`), so the work of one search is bounded
/// whatever its words: a node of a long run tries up to 4 × 48 groups, and counting only
/// nodes let a line of 47 short words cost 10 ms (now 0.85 ms, all three passes).
/// The fixture's searches take at most 30 nodes × 12 groups, the generated layouts'
/// 77 × 20: far below.
pub(super) const MAX_SEARCH_STEPS: usize = 8_000;

/// How many of the cheapest plans a search keeps: the best, the runner-up that may tie
/// it, and one more that may make a close call.
pub(super) const KEEP: usize = 3;

/// The cheapest plans found, cheapest first (the first found first among equals).
#[derive(Debug, Default)]
pub(super) struct Ranked {
    pub plans: Vec<(f64, Plan)>,
    /// Nodes visited and groups tried so far (bounded by [`MAX_SEARCH_STEPS`]).
    pub steps: usize,
    /// Groups whose cost was computed (each `(start, end, column)` once).
    pub evaluations: usize,
    /// Plans this much dearer than the best are not kept ([`Weights::close_call`]).
    close_call: f64,
}

impl Ranked {
    fn new(w: &Weights) -> Self {
        Ranked {
            close_call: w.close_call,
            ..Ranked::default()
        }
    }

    pub fn best(&self) -> Option<&(f64, Plan)> {
        self.plans.first()
    }

    pub fn second(&self) -> Option<&(f64, Plan)> {
        self.plans.get(1)
    }

    /// No plan from here can be kept (nor come close to the best).
    fn prunes(&self, cost: f64) -> bool {
        let over_best = self
            .best()
            .is_some_and(|(b, _)| cost >= b + self.close_call);
        let over_kept =
            self.plans.len() == KEEP && self.plans.last().is_some_and(|(w, _)| cost >= *w);
        over_best || over_kept
    }

    fn offer(&mut self, cost: f64, plan: &Plan) {
        let at = self.plans.partition_point(|(c, _)| *c <= cost);
        if at < KEEP {
            self.plans.insert(at, (cost, plan.clone()));
            self.plans.truncate(KEEP);
        }
    }
}

/// Search the splits of `words` between the columns `cols` (in order). `group(from, to,
/// column)` costs giving `words[from..to]` to a column (`None`: strays; infinite: not
/// allowed); `finish(plan)` is the extra cost of a complete plan.
pub(super) fn search<G, F>(
    w: &Weights,
    words: &[(&str, &str)],
    cols: &[Level],
    group: G,
    finish: F,
) -> Ranked
where
    G: Fn(usize, usize, Option<Level>) -> f64,
    F: Fn(&Plan) -> f64,
{
    let n = words.len();
    let mut search = Search {
        w,
        words,
        cols,
        group,
        finish,
        memo: vec![f64::NAN; (n + 1) * (n + 1) * (cols.len() + 2)],
    };
    let mut ranked = Ranked::new(w);
    search.from(0, 0, 0.0, &mut Vec::new(), &mut ranked);
    ranked
}

struct Search<'s, 'w, G, F> {
    w: &'s Weights,
    words: &'s [(&'w str, &'w str)],
    cols: &'s [Level],
    group: G,
    finish: F,
    /// Costs already computed, by `(start, end, slot)`: slot 0 the spaces inside the
    /// group, 1 strays, `2 + k` the column `cols[k]` (NaN: not yet). A group's cost does
    /// not depend on the plan around it, and the search meets each group at many nodes.
    memo: Vec<f64>,
}

impl<G, F> Search<'_, '_, G, F>
where
    G: Fn(usize, usize, Option<Level>) -> f64,
    F: Fn(&Plan) -> f64,
{
    /// Extend `plan` (which covers the words before `start` at `cost`) with every group
    /// starting at `start`, to columns from `cols[col_from]` on.
    fn from(
        &mut self,
        start: usize,
        col_from: usize,
        cost: f64,
        plan: &mut Plan,
        best: &mut Ranked,
    ) {
        best.steps += 1;
        if best.prunes(cost) || best.steps > MAX_SEARCH_STEPS {
            return;
        }
        let words = self.words;
        if start == words.len() {
            let cost = cost + (self.finish)(plan);
            best.offer(cost, plan);
            return;
        }
        let cols = self.cols;
        for end in start + 1..=words.len() {
            let inner = self.cached(start, end, 0, best);
            let choices = (col_from.min(cols.len())..cols.len())
                .map(Some)
                .chain([None]);
            for k in choices {
                best.steps += 1;
                if best.steps > MAX_SEARCH_STEPS {
                    return;
                }
                let c = self.cached(start, end, k.map_or(1, |k| k + 2), best);
                if !c.is_finite() {
                    continue;
                }
                let choice = k.map(|k| cols[k]);
                let next_from = k.map_or(col_from, |k| k + 1);
                plan.push((start, end, choice));
                self.from(end, next_from, cost + c + inner, plan, best);
                plan.pop();
            }
        }
    }

    /// The cost in `slot` of the group `words[start..end]` (see [`Search::memo`]),
    /// computed once.
    fn cached(&mut self, start: usize, end: usize, slot: usize, best: &mut Ranked) -> f64 {
        let n = self.words.len();
        let at = (start * (n + 1) + end) * (self.cols.len() + 2) + slot;
        let known = self.memo[at];
        if !known.is_nan() {
            return known;
        }
        best.evaluations += 1;
        let c = match slot {
            0 => inner_gap_cost(self.w, &self.words[start..end]),
            1 => (self.group)(start, end, None),
            k => (self.group)(start, end, Some(self.cols[k - 2])),
        };
        self.memo[at] = c;
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &Weights = &Weights::DEFAULT;

    /// The best plan's groups and columns, and its cost: two words (`熟悉 产品`, whose
    /// CJK gap costs [`Weights::cjk_gap`] inside one group), a task and a competency
    /// column, each group costing `cost(from, to, column)`.
    fn best(cost: fn(usize, usize, Option<Level>) -> f64) -> (Plan, f64) {
        let words = [("", "熟悉"), (" ", "产品")];
        let cols = [Level::Task, Level::Competency];
        let ranked = search(W, &words, &cols, cost, |_| 0.0);
        let (cost, plan) = ranked.best().cloned().expect("a plan");
        (plan, cost)
    }

    /// The work of a search is bounded whatever its words: steps never pass the bound, and
    /// each group's cost is computed at most once (a run of 47 words, 3 columns).
    #[test]
    fn work_is_bounded() {
        use Level::{Competency, Project, Task};
        let text: Vec<String> = (0..47).map(|k| format!("w{k}")).collect();
        let words: Vec<(&str, &str)> = text.iter().map(|t| (" ", t.as_str())).collect();
        let calls = std::cell::Cell::new(0usize);
        let ranked = search(
            W,
            &words,
            &[Project, Task, Competency],
            |f, t, c| {
                calls.set(calls.get() + 1);
                // Everything fits everywhere a little: the worst case for pruning.
                (t - f) as f64 * 0.1 + c.map_or(0.5, |c| c.index() as f64 * 0.01)
            },
            |_| 0.0,
        );
        assert!(ranked.best().is_some());
        // Each frame of the recursion (at most one per word) counts one more step on its
        // way out.
        assert!(
            ranked.steps <= MAX_SEARCH_STEPS + 2 * 48,
            "{}",
            ranked.steps
        );
        // Each group's cost once: the calls are the evaluations less the inner-space
        // costs, at most every (start, end) pair once per column and once for strays.
        assert!(calls.get() < ranked.evaluations, "{}", ranked.evaluations);
        assert!(calls.get() <= 47 * 48 / 2 * 4, "{}", calls.get());
        assert!(
            ranked.evaluations <= 47 * 48 / 2 * 5,
            "{}",
            ranked.evaluations
        );
    }

    #[test]
    fn cheapest_split() {
        use Level::{Competency, Task};
        cases!(best;
            "all to the cheap column": (|_, _, c| if c == Some(Competency) { 1.0 } else { 50.0 })
                => (vec![(0, 2, Some(Competency))], 3.5),
            "one word each": (|f, _, c| match (f, c) {
                (0, Some(Task)) | (1, Some(Competency)) => 0.0,
                _ => 9.0,
            }) => (vec![(0, 1, Some(Task)), (1, 2, Some(Competency))], 0.0),
            "nothing fits: strays": (|_, _, c| if c.is_some() { f64::INFINITY } else { 20.0 })
                => (vec![(0, 2, None)], 22.5),
        );
    }
}
