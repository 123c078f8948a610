//! Placing a run of words (between two codes, or a line's edges) into the open cells:
//! the search's costs as the table sees them, the chosen plan appended, provisional name
//! fragments set and repaired, close calls marked for the hints.

use super::cell::Provisional;
use super::costs::{self, Lookahead, Offer, Open};
use super::search::{search, Plan, Ranked, MAX_SEARCH_WORDS};
use super::table::{LineCtx, Table};
use super::tokens;
use super::words::{inner_gap_cost, join_words, visible_chars, wrap_unit};
use crate::model::Loc;
use crate::vocab::lexicon;
use crate::vocab::Level;

/// A run of words being placed: its line, and the codes around it.
#[derive(Debug, Clone, Copy)]
struct Run<'a> {
    line: &'a LineCtx,
    /// The level of the code right before the words: they are beside it.
    forced: Option<Level>,
    /// The words run to the end of their line.
    tail: bool,
}

impl Table<'_> {
    /// Give the words between two codes (or a line's edges) to cells. `left`/`right` are
    /// the levels of the codes around them; the words can only go to columns between.
    pub(super) fn assign(
        &mut self,
        words: &[(&str, &str)],
        (left, right): (Option<Level>, Option<Level>),
        line: &LineCtx,
        loc: Loc,
    ) {
        let run = Run {
            line,
            forced: left,
            tail: right.is_none(),
        };
        let cols: Vec<Level> = Level::ALL
            .into_iter()
            .filter(|&c| left.is_none_or(|l| c >= l) && right.is_none_or(|r| c < r))
            .filter(|&c| self.cur[c].is_some())
            .collect();
        if words.len() > MAX_SEARCH_WORDS {
            self.stray(&join_words(words), loc, "too many words to place");
            return;
        }
        // Try every split of the words into consecutive groups going to increasing columns.
        let ranked = search(
            self.w,
            words,
            &cols,
            |from, to, choice| self.group_cost(words, (from, to), choice, &run),
            |plan| self.lookahead(words, plan, &run),
        );
        self.mark_close_calls(words, &ranked, &run);
        if log::log_enabled!(log::Level::Trace) {
            self.trace(words, &ranked, &cols, &run, loc);
        }
        let run_no = self.tally.runs;
        self.tally.runs += 1;
        if let (Some((b, _)), Some((second, _))) = (ranked.best(), ranked.second()) {
            if second - b < self.w.tie && self.tally.tie.is_none() {
                self.tally.tie = Some(run_no);
            }
        }
        let pick = if self.take_second == Some(run_no) && ranked.plans.len() > 1 {
            1
        } else {
            0
        };
        let chosen = ranked.plans.into_iter().nth(pick);
        if let Some((_, plan)) = &chosen {
            self.mark_split_doubts(words, plan, &run);
        }
        let Some((cost, plan)) = chosen else {
            let text = join_words(words);
            self.stray(&text, loc, "fits no cell");
            return;
        };
        self.spent += cost;
        let pos = line.pos;
        let mut provisional = None;
        for (from, to, col) in plan {
            let text = join_words(&words[from..to]);
            let Some(c) = col else {
                self.stray(&text, loc, "fits no cell");
                continue;
            };
            // A name's first words beside its code that another open cell could as well
            // have wrapped stay provisional.
            let other = (from == 0 && left == Some(c))
                .then(|| self.wrap_alternative(c, &words[from..to], pos))
                .flatten();
            self.append(c, &text, pos);
            if let (Some(o), Some(i), Some(oi)) =
                (other, self.cur[c], other.and_then(|o| self.cur[o]))
            {
                let start = self.cells[o][oi].text.is_empty();
                provisional = Some((c, i, o, oi, start));
            }
        }
        // Set once the whole run is placed: the other cell may have got words after it.
        if let Some((c, i, level, cell, start)) = provisional {
            let len = self.cells[level][cell].text.len();
            // Either reading may stand: neither teaches much.
            let margin = self.w.provisional_margin;
            let name = self.cell_mut(c, i);
            name.provisional = Some(Provisional {
                level,
                cell,
                len,
                start,
            });
            name.margin = name.margin.min(margin);
            let other = self.cell_mut(level, cell);
            other.margin = other.margin.min(margin);
        }
    }

    /// Print how a run was placed: the best plan, the runner-up, and what all its words
    /// would cost in each column.
    fn trace(
        &self,
        words: &[(&str, &str)],
        ranked: &Ranked,
        cols: &[Level],
        run: &Run<'_>,
        loc: Loc,
    ) {
        let show = |r: Option<&(f64, Plan)>| {
            r.map(|(c, p)| {
                let p: Vec<_> = p
                    .iter()
                    .map(|&(f, t, l)| (f, t, l.map(Level::column)))
                    .collect();
                format!("{c:.2} {p:?}")
            })
            .unwrap_or_default()
        };
        let each: Vec<String> = cols
            .iter()
            .map(|&c| {
                let cost = self.cost(c, words, run.line.pos, run.forced == Some(c));
                format!("{}:{cost:.2}", c.column())
            })
            .collect();
        log::trace!(
            "{}: {:?} -> {} | runner-up {} | all words to [{}]",
            loc.line,
            join_words(words),
            show(ranked.best()),
            show(ranked.second()),
            each.join(" ")
        );
    }

    /// Cost of giving `words[from..to]` to `choice` (`None`: strays) in the search.
    fn group_cost(
        &self,
        words: &[(&str, &str)],
        (start, end): (usize, usize),
        choice: Option<Level>,
        run: &Run<'_>,
    ) -> f64 {
        let (w, pos, forced) = (self.w, run.line.pos, run.forced);
        let group = &words[start..end];
        let own = start == 0 && forced.is_some() && forced == choice;
        let mut c = match choice {
            Some(col) => self.cost(col, group, pos, own),
            None => costs::stray_cost(w, group.len()),
        };
        // A name whose code stood alone on the line before is due now: its first
        // fragment may come right after another code.
        // So may a label printed again that the words repeat.
        let due = choice.is_some_and(|col| {
            col.is_named()
                && self.current(col).is_some_and(|cell| {
                    let waiting = cell.text.is_empty() && pos.saturating_sub(cell.last_line) == 1;
                    let repeated =
                        costs::repeats_reprint(cell.reprint, &cell.text, &join_words(group));
                    waiting || repeated
                })
        });
        let own_alone = forced.is_some_and(|f| self.layout.alone[f]);
        c += costs::not_own_cost(
            w,
            start == 0 && forced.is_some() && !own && !due && !own_alone,
        );
        c += costs::name_gap_cost(w, choice, group.len());
        c
    }

    /// Extra cost of a whole plan for what the next line shows ([`costs::lookahead_cost`]):
    /// only a plan whose first group is a name's first words beside its code.
    fn lookahead(&self, words: &[(&str, &str)], plan: &Plan, run: &Run<'_>) -> f64 {
        let Some(lead) = run.line.next_lead else {
            return 0.0;
        };
        let Some(&(from, to, Some(col))) = plan.first() else {
            return 0.0;
        };
        if !col.is_named()
            || run.forced != Some(col)
            || !self.current(col).is_some_and(|c| c.text.is_empty())
        {
            return 0.0;
        }
        let width = |f: usize, t: usize| tokens::width(&join_words(&words[f..t]));
        // The competency text that the next line could continue: this line's, or (when
        // no competency code follows on this line) the open one's.
        let text_w = match plan.iter().rev().find(|g| g.2 == Some(Level::Competency)) {
            Some(&(f, t, _)) => Some(width(f, t)),
            None if run.tail => self.current(Level::Competency).map(|c| c.last_w),
            // The text after the competency code that follows on this line.
            None => run.line.text_w,
        };
        let caps = &self.layout.caps;
        let look = Lookahead {
            name_w: width(from, to),
            name_cap: caps[col],
            lead,
            text_w,
            text_cap: caps[Level::Competency],
            // A competency code that ends the line has its text on the next line.
            bare_code: !run.tail && run.line.ends_with_bare_code,
        };
        costs::lookahead_cost(self.w, &look)
    }

    /// Cost of appending `group` to the open cell of column `col` ([`costs::place`]).
    pub(super) fn cost(&self, col: Level, group: &[(&str, &str)], pos: usize, own: bool) -> f64 {
        let Some(cell) = self.current(col) else {
            return f64::INFINITY;
        };
        let text = join_words(group);
        let open = Open {
            level: col,
            text: &cell.text,
            last_w: cell.last_w,
            gap: pos.saturating_sub(cell.last_line),
            reprint: cell.reprint,
            hint: self.hints.get(col, &cell.code.normalised),
        };
        let offer = Offer {
            text: &text,
            unit: wrap_unit(&cell.text, &text),
            own,
            repairs: self.repairable(col, &text),
            steals: self.steals_hinted_tail(col, &text, pos),
        };
        costs::place(self.w, &self.layout, &open, &offer)
    }

    /// Does `text`, given to column `col`, start with the tail that other courses give
    /// another open name, whose line above it could have continued?
    fn steals_hinted_tail(&self, col: Level, text: &str, pos: usize) -> bool {
        Level::NAMED.into_iter().filter(|&n| n != col).any(|n| {
            self.current(n).is_some_and(|cell| {
                let recent = pos.saturating_sub(cell.last_line) <= self.w.max_name_gap;
                let hint = self.hints.get(n, &cell.code.normalised);
                recent && costs::starts_with_hinted_tail(text, &cell.text, hint)
            })
        })
    }

    /// Does `text` fail to continue a provisional name, whose fragment should then go
    /// back to the cell it could have ended ([`costs::repairs`])?
    fn repairable(&self, col: Level, text: &str) -> bool {
        let Some(cell) = self.current(col) else {
            return false;
        };
        let Some(p) = cell.provisional else {
            return false;
        };
        // A label printed again repeats its name; that continues nothing.
        if costs::repeats_reprint(cell.reprint, &cell.text, text) {
            return false;
        }
        let Some(other) = self.cells[p.level]
            .get(p.cell)
            .filter(|c| c.text.len() == p.len)
        else {
            return false;
        };
        let caps = &self.layout.caps;
        let slack = costs::slack(caps[col], cell.last_w + wrap_unit(&cell.text, text));
        let text_slack = (!p.start).then(|| {
            costs::slack(
                caps[p.level],
                other.last_w + wrap_unit(&other.text, &cell.text),
            )
        });
        costs::repairs(self.w, slack, text_slack)
    }

    /// The other open cell (the competency text, or the other name) that could as well
    /// have wrapped `group`, a name's first words printed beside its code: its last line
    /// is above and the words fit it as a wrap. The cheaper of the two.
    fn wrap_alternative(&self, col: Level, group: &[(&str, &str)], pos: usize) -> Option<Level> {
        if !col.is_named() || !self.current(col).is_some_and(|c| c.text.is_empty()) {
            return None;
        }
        [Some(Level::Competency), col.other_named()]
            .into_iter()
            .flatten()
            .filter(|&o| {
                self.current(o).is_some_and(|x| {
                    x.last_line < pos && (o == Level::Competency || !x.text.is_empty())
                })
            })
            .map(|o| (o, self.cost(o, group, pos, false)))
            .filter(|&(_, cost)| cost <= self.w.alternative)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(o, _)| o)
    }

    /// Every kept plan almost as cheap as the best makes the cells the two fill
    /// differently uncertain: their margin drops to the difference, so they teach the
    /// next pass little. Two plans whose every group fits its column as a plain wrap (a
    /// width tie) are not told apart by the layout at all, whatever their costs say:
    /// margin 0.
    fn mark_close_calls(&mut self, words: &[(&str, &str)], ranked: &Ranked, run: &Run<'_>) {
        let Some((best, a)) = ranked.best() else {
            return;
        };
        let (w, pos) = (self.w, run.line.pos);
        // Every group continues a cell whose line was full: a plain wrap.
        let plausible = |plan: &Plan| {
            plan.iter().all(|&(from, to, col)| {
                col.is_some_and(|c| {
                    let group = &words[from..to];
                    let own = from == 0 && run.forced == Some(c);
                    let continues = self.current(c).is_some_and(|x| !x.text.is_empty());
                    continues
                        && self.cost(c, group, pos, own) + inner_gap_cost(w, group) <= w.plain_wrap
                })
            })
        };
        let text_of = |plan: &Plan, col: Level| -> Vec<String> {
            plan.iter()
                .filter(|g| g.2 == Some(col))
                .map(|g| join_words(&words[g.0..g.1]))
                .collect()
        };
        let mut lowered: Vec<(Level, usize, f64, bool)> = Vec::new();
        for (other, b) in ranked.plans.iter().skip(1) {
            if other - best >= w.close_call {
                continue;
            }
            let margin = if plausible(a) && plausible(b) {
                0.0
            } else {
                other - best
            };
            for col in Level::ALL {
                if text_of(a, col) != text_of(b, col) {
                    if let Some(i) = self.cur[col] {
                        lowered.push((col, i, margin, other - best < w.tie));
                    }
                }
            }
        }
        for (col, i, margin, tied) in lowered {
            let cell = self.cell_mut(col, i);
            cell.margin = cell.margin.min(margin);
            if tied && !self.tally.tied_cells.contains(&(col, i)) {
                self.tally.tied_cells.push((col, i));
            }
        }
    }

    /// A group of the chosen plan whose words go on after a space that costs nothing
    /// inside a cell (CJK, then a digit, sign or Latin word: `与社会保 12％`, `绩效评价
    /// -5%`), while the words before that space would as well continue another open name
    /// to its left as a plain wrap (its last line was full), or begin it where it is due
    /// (its code on the line above): the layout cannot tell whether the name or the
    /// group's cell owns them. Both cells drop to margin 0, so each is a
    /// doubt (an `ambiguous-wrap` finding) unless other courses settle its name.
    fn mark_split_doubts(&mut self, words: &[(&str, &str)], plan: &Plan, run: &Run<'_>) {
        let (w, pos) = (self.w, run.line.pos);
        let mut doubted: Vec<(Level, usize)> = Vec::new();
        let mut prev: Option<Level> = None;
        for &(from, to, col) in plan {
            let Some(c) = col else { continue };
            for k in from + 1..to {
                let before = words[k - 1].1.chars().last();
                let after = words[k].1.chars().next();
                let free = before.is_some_and(|a| !a.is_ascii())
                    && after.is_some_and(|b| b.is_ascii_alphanumeric() || "+-±".contains(b));
                if !free {
                    continue;
                }
                let prefix = &words[from..k];
                // Names between the previous group's column and this one, right of the
                // code the words follow.
                let names = Level::NAMED.into_iter().filter(|&n| {
                    n < c
                        && prev.is_none_or(|p| n > p)
                        && (from > 0 || run.forced.is_none_or(|l| n >= l))
                });
                for n in names {
                    let open = self.cur[n];
                    let plain = open.is_some()
                        && self.cost(n, prefix, pos, false) + inner_gap_cost(w, prefix)
                            <= w.plain_wrap;
                    if let (true, Some(i), Some(j)) = (plain, open, self.cur[c]) {
                        doubted.push((n, i));
                        doubted.push((c, j));
                    }
                }
            }
            prev = Some(c);
        }
        for (level, i) in doubted {
            self.cell_mut(level, i).margin = 0.0;
        }
    }

    /// Append `text` to the open cell of `col`: a repeated label's name advances its
    /// reprint; a fragment that repairs a provisional name first sends the name's first
    /// fragment back to the other cell.
    fn append(&mut self, col: Level, text: &str, pos: usize) {
        let Some(i) = self.cur[col] else { return };
        self.tally.accounted += visible_chars(text);
        if self.repairable(col, text) {
            if let Some(p) = self.cells[col][i].provisional {
                let moved = std::mem::take(&mut self.cell_mut(col, i).text);
                let other = self.cell_mut(p.level, p.cell);
                if p.start {
                    // Printed before the other cell's words on the same line, a space apart.
                    let rest = std::mem::take(&mut other.text);
                    other.last_w += tokens::width(&moved) + usize::from(!rest.is_empty());
                    other.text = if rest.is_empty() {
                        moved
                    } else {
                        format!("{moved} {rest}")
                    };
                } else {
                    lexicon::join_wrapped(&mut other.text, &moved);
                }
                other.margin = 0.0;
                self.cell_mut(col, i).margin = 0.0;
            }
        } else if let Some(p) = self.cells[col][i].provisional {
            // The name goes on; the other cell could as well have ended (or begun) with
            // its first fragment (its line was full, or it had not begun): a tie that
            // teaches nothing.
            let cell = &self.cells[col][i];
            let cap = self.layout.caps[p.level];
            let other_full = self.cells[p.level].get(p.cell).is_some_and(|o| {
                o.text.len() == p.len
                    && (p.start || o.last_w + wrap_unit(&o.text, &cell.text) > cap)
            });
            if other_full {
                self.cell_mut(p.level, p.cell).margin = 0.0;
                self.cell_mut(col, i).margin = 0.0;
            }
        }
        let cell = self.cell_mut(col, i);
        cell.provisional = None;
        if let Some(cursor) = cell.reprint {
            if cell.text[cursor..].starts_with(text) {
                let next = cursor + text.len();
                cell.reprint = (next < cell.text.len()).then_some(next);
                cell.last_w = tokens::width(text);
                cell.last_line = pos;
                return;
            }
            cell.reprint = None;
        }
        lexicon::join_wrapped(&mut cell.text, text);
        cell.last_w = tokens::width(text);
        cell.last_line = pos;
    }
}
