//! CTC greedy decoding of the recognition model's output.
//!
//! The model gives, for each time step (a column strip of the line image), a probability for
//! every class: class 0 is CTC's blank ("no new character here"), then the dictionary's
//! characters, then the space. Greedy decoding takes the most probable class per step,
//! merges a run of the same class into one character and drops the blanks; a character's
//! confidence is its highest probability over its run, its extent the steps of the run.

/// One decoded character, in time steps (not yet pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded {
    /// The class index (never the blank).
    pub class: usize,
    /// The highest probability the model gave the class over its run of time steps.
    pub confidence: f32,
    /// The first and last time step of the run (inclusive).
    pub first: usize,
    pub last: usize,
}

/// CTC's blank class.
pub const BLANK: usize = 0;

/// Decode `probs`, `steps` rows of `classes` probabilities each (row-major), considering only
/// the classes `allowed` says yes to (the blank always is). With every class allowed this is
/// the usual greedy decoding; with a restricted set each step's best *allowed* class is
/// taken, so a step whose best class is not allowed falls to the blank or to an allowed
/// class, and the confidence is the model's own probability of the class taken (not
/// renormalised: a low figure means the model saw something else there).
pub fn decode(probs: &[f32], classes: usize, allowed: Option<&[bool]>) -> Vec<Decoded> {
    let mut out: Vec<Decoded> = Vec::new();
    if classes == 0 {
        return out;
    }
    let mut previous = BLANK;
    for (step, row) in probs.chunks_exact(classes).enumerate() {
        let (class, p) = best(row, allowed);
        if class != BLANK {
            match out.last_mut() {
                Some(last) if class == previous => {
                    last.confidence = last.confidence.max(p);
                    last.last = step;
                }
                _ => out.push(Decoded {
                    class,
                    confidence: p,
                    first: step,
                    last: step,
                }),
            }
        }
        previous = class;
    }
    out
}

/// The most probable class of one step among the allowed ones (the first on a tie, as
/// numpy's argmax), with its probability.
fn best(row: &[f32], allowed: Option<&[bool]>) -> (usize, f32) {
    let mut best = (BLANK, row[BLANK]);
    for (class, &p) in row.iter().enumerate().skip(1) {
        let ok = allowed.is_none_or(|a| a.get(class).copied().unwrap_or(false));
        if ok && p > best.1 {
            best = (class, p);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps whose best class is given, at probability `p`, the rest spread evenly.
    fn steps(best: &[(usize, f32)], classes: usize) -> Vec<f32> {
        let mut v = Vec::new();
        for &(c, p) in best {
            let rest = (1.0 - p) / (classes - 1) as f32;
            v.extend((0..classes).map(|k| if k == c { p } else { rest }));
        }
        v
    }

    #[test]
    fn merges_repeats_and_drops_blanks() {
        let p = steps(
            &[
                (0, 0.9),
                (2, 0.6),
                (2, 0.8),
                (0, 0.9),
                (2, 0.7),
                (3, 0.5),
                (0, 0.9),
            ],
            5,
        );
        let d = decode(&p, 5, None);
        let got: Vec<_> = d.iter().map(|d| (d.class, d.first, d.last)).collect();
        assert_eq!(got, vec![(2, 1, 2), (2, 4, 4), (3, 5, 5)]);
        assert!((d[0].confidence - 0.8).abs() < 1e-6, "max over the run");
        assert!((d[2].confidence - 0.5).abs() < 1e-6);
    }

    #[test]
    fn restricted_takes_the_best_allowed_class() {
        // Step 1 is class 3 for the model, but only 0..=2 are allowed: class 2 (second best)
        // is taken with the model's own probability.
        let mut p = steps(&[(0, 0.9), (3, 0.7), (0, 0.9)], 5);
        p[5 + 2] = 0.2;
        p[5] = 0.05;
        let allowed = [true, false, true, false, false];
        let d = decode(&p, 5, Some(&allowed));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].class, 2);
        assert!((d[0].confidence - 0.2).abs() < 1e-6);
        assert!(decode(&p, 5, None).iter().all(|d| d.class == 3));
    }

    #[test]
    fn empty_and_degenerate_inputs() {
        assert!(decode(&[], 5, None).is_empty());
        assert!(decode(&[0.5; 7], 0, None).is_empty());
        // A partial row at the end is ignored, not read out of bounds.
        assert!(decode(&[0.1, 0.9, 0.3], 2, None).len() == 1);
    }
}
