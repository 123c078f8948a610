//! Hints: what one pass learnt about each code's name, for the next pass.
//!
//! The same code has the same name (and text) in every course, so a course whose layout
//! settles a name settles it for the others. Each pass gives a [`Vote`] per cell, weighed
//! by the margin its placements won by; [`Hints::from_votes`] keeps the clear winners.

use super::weights::Weights;
use crate::model::RawCode;
use crate::vocab::Level;
use std::collections::HashMap;

/// Names and texts seen per code in a first pass; ties are broken towards them.
#[derive(Default, Clone)]
pub(super) struct Hints {
    pub(super) names: HashMap<(Level, String), String>,
}

impl Hints {
    /// Per code, the text that a clear majority of the first pass's readings give, each
    /// reading weighed by the margin its placements won by: a reading only the priors
    /// decided teaches nothing, a close call little, one the layout decided most. One
    /// course whose layout settles a name settles it for every course (the same code has
    /// the same name everywhere).
    /// The thresholds are [`Weights::prior_margin`], [`Weights::hint_weight`] and
    /// [`Weights::hint_majority`].
    pub(super) fn from_votes(w: &Weights, votes: &[Vote]) -> Self {
        let mut weights: HashMap<(Level, String), HashMap<&str, f64>> = HashMap::new();
        for v in votes {
            *weights
                .entry((v.level, v.code.clone()))
                .or_default()
                .entry(v.text.as_str())
                .or_default() += (v.margin - w.prior_margin).max(0.0);
        }
        let names = weights
            .into_iter()
            .filter_map(|(k, texts)| {
                let total: f64 = texts.values().sum();
                let mut v: Vec<_> = texts.into_iter().collect();
                v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
                // Enough evidence, and two thirds of all of it.
                v.into_iter()
                    .next()
                    .filter(|(_, x)| {
                        *x >= w.hint_weight
                            && x * w.hint_majority.of >= total * w.hint_majority.part
                    })
                    .map(|(t, _)| (k, t.to_string()))
            })
            .collect();
        Hints { names }
    }

    /// The name (or text) other courses give `code` of `level`.
    pub(super) fn get(&self, level: Level, code: &str) -> Option<&str> {
        self.names
            .get(&(level, code.to_string()))
            .map(String::as_str)
    }
}

/// A cell's text as one parse saw it, for the next parse's hints.
pub(super) struct Vote {
    /// The smallest margin its placements won by.
    pub(super) margin: f64,
    pub(super) level: Level,
    pub(super) code: String,
    pub(super) text: String,
    pub(super) course: u32,
    /// The code as printed, where.
    pub(super) written: RawCode,
}
