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
/// fixture's segments have at most 3 words and need at most 30 steps, the generated layouts'
/// at most 5 words and 77 steps. A segment of more words is stray text; a search that
/// takes more steps keeps the best plan found so far. Without them a junk line of 40 words
/// took minutes and one of 200,000 overflowed the stack (9d0c260).
pub(super) const MAX_SEARCH_WORDS: usize = 48;
/// See [`MAX_SEARCH_WORDS`].
pub(super) const MAX_SEARCH_STEPS: usize = 10_000;

/// How many of the cheapest plans a search keeps: the best, the runner-up that may tie
/// it, and one more that may make a close call.
pub(super) const KEEP: usize = 3;

/// The cheapest plans found, cheapest first (the first found first among equals).
#[derive(Debug, Default)]
pub(super) struct Ranked {
    pub plans: Vec<(f64, Plan)>,
    /// Nodes of the search visited so far (bounded by [`MAX_SEARCH_STEPS`]).
    steps: usize,
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
    let search = Search {
        w,
        words,
        cols,
        group,
        finish,
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
}

impl<G, F> Search<'_, '_, G, F>
where
    G: Fn(usize, usize, Option<Level>) -> f64,
    F: Fn(&Plan) -> f64,
{
    /// Extend `plan` (which covers the words before `start` at `cost`) with every group
    /// starting at `start`, to columns from `cols[col_from]` on.
    fn from(&self, start: usize, col_from: usize, cost: f64, plan: &mut Plan, best: &mut Ranked) {
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
            let inner = inner_gap_cost(self.w, &words[start..end]);
            let choices = cols[col_from.min(cols.len())..]
                .iter()
                .map(|&c| Some(c))
                .chain([None]);
            for choice in choices {
                let c = (self.group)(start, end, choice);
                if !c.is_finite() {
                    continue;
                }
                let next_from = match choice {
                    Some(col) => cols
                        .iter()
                        .position(|&x| x == col)
                        .map_or(cols.len(), |p| p + 1),
                    None => col_from,
                };
                plan.push((start, end, choice));
                self.from(end, next_from, cost + c + inner, plan, best);
                plan.pop();
            }
        }
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
