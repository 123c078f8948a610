//! Merged project and task cells over page breaks: the pieces each page shows, joined
//! back into one label per logical cell.

use super::events::{RowRaw, SegRef};
use crate::model::Loc;
use crate::vocab::Level;
use crate::vocab::{code, lexicon};

/// A logical project or task cell: one code and name over all its page pieces.
#[derive(Debug, Clone)]
pub(super) struct Label {
    pub(super) code: String,
    pub(super) code_loc: Loc,
    pub(super) name: String,
}

/// One piece of a merged cell on one page, with the rows it spans.
struct Piece<'a> {
    seg: &'a SegRef,
    rows: Vec<usize>,
}

/// Gives each row its logical project (or task) cell. A merged cell cut by a page break
/// shows as pieces: the label may be repeated on the next page, printed only in the first
/// or only in a later piece, or its name may wrap over the break. A piece at the top of a
/// page continues the last piece of the previous page when it repeats the code, carries
/// only a name tail, or is empty; an empty piece at the bottom of a page takes the label of
/// the next page's first piece. When both are possible, the code hierarchy decides.
pub(super) fn resolve(rows: &[RowRaw], get: impl Fn(&RowRaw) -> &SegRef) -> Vec<Option<Label>> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let s = get(r);
        let same_piece = pieces
            .last()
            .is_some_and(|p| p.seg.key.is_some() && p.seg.page == s.page && p.seg.key == s.key);
        if same_piece {
            pieces.last_mut().expect("checked").rows.push(i);
        } else {
            pieces.push(Piece {
                seg: s,
                rows: vec![i],
            });
        }
    }
    let n = pieces.len();
    // A break between pieces i-1 and i: i-1 is the last piece of its page and i the first of
    // a later page.
    let crosses = |i: usize| i > 0 && i < n && pieces[i - 1].seg.page < pieces[i].seg.page;
    let mut label_of: Vec<Option<usize>> = vec![None; n];
    let mut labels: Vec<Label> = Vec::new();
    for i in 0..n {
        let s = pieces[i].seg;
        let prev = if crosses(i) { label_of[i - 1] } else { None };
        let cut_code = prev.filter(|&p| {
            labels[p]
                .code
                .trim_end()
                .ends_with(['-', '－', '‐', '‑', '–', '—', '﹣'])
        });
        // Only what completes a task code goes on a cut one; a whole code is a new label
        // (the tail of the cut one was lost to the break).
        let completes = |p: usize| {
            let joined = format!("{}{}", labels[p].code.trim_end(), s.code.trim());
            !s.code.is_empty() && code::loose_groups(&joined) == Some(Level::Task.groups())
        };
        if let Some(p) = cut_code.filter(|&p| completes(p)) {
            // The code itself was cut by the break (`02-` / `04`): the cell goes on.
            let l = &mut labels[p];
            l.code.truncate(l.code.trim_end().len());
            l.code.push_str(s.code.trim());
            lexicon::join_drawn(&mut l.name, &s.name);
            label_of[i] = Some(p);
        } else if !s.code.is_empty() {
            if let Some(p) = prev.filter(|&p| {
                let d = code::digits(&labels[p].code);
                !d.is_empty() && d == code::digits(&s.code)
            }) {
                let l = &mut labels[p];
                if l.name.is_empty() || (s.name.starts_with(&l.name) && s.name.len() > l.name.len())
                {
                    l.name = s.name.clone();
                }
                label_of[i] = Some(p);
            } else {
                labels.push(Label {
                    code: s.code.clone(),
                    code_loc: s.code_loc,
                    name: s.name.clone(),
                });
                label_of[i] = Some(labels.len() - 1);
            }
        } else if !s.name.is_empty() {
            if let Some(p) = prev {
                lexicon::join_drawn(&mut labels[p].name, &s.name);
                label_of[i] = Some(p);
            } else {
                labels.push(Label {
                    code: String::new(),
                    code_loc: s.name_loc,
                    name: s.name.clone(),
                });
                label_of[i] = Some(labels.len() - 1);
            }
        } else if let Some(p) = prev {
            // Empty piece after a break: provisionally the previous label; checked below.
            label_of[i] = Some(p);
        }
    }
    // Empty pieces before a break whose label is printed after it.
    for i in 0..n {
        if !pieces[i].seg.is_empty() || i + 1 >= n || !crosses(i + 1) {
            continue;
        }
        let Some(next) = (i + 1..n)
            .take_while(|&j| j == i + 1 || (pieces[j - 1].seg.is_empty() && crosses(j)))
            .find_map(|j| (!pieces[j].seg.is_empty()).then_some(label_of[j]).flatten())
        else {
            continue;
        };
        let comp = code::digits(&rows[pieces[i].rows[0]].code);
        let fits = |l: usize| {
            let d = code::digits(&labels[l].code);
            !d.is_empty() && comp.starts_with(&d)
        };
        match label_of[i] {
            Some(back) if back != next && fits(back) && !fits(next) => {}
            Some(back) if back != next && !fits(next) && !fits(back) => {}
            _ => label_of[i] = Some(next),
        }
    }
    let mut out = vec![None; rows.len()];
    for (p, piece) in pieces.iter().enumerate() {
        for &r in &piece.rows {
            out[r] = label_of[p].map(|l| labels[l].clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::testkit::check;

    /// A row of page `page` with competency `comp` whose task cell (box `key`, `None` for
    /// no ruled cell) shows `code` and `name`.
    fn row(page: u32, comp: &str, key: Option<i64>, code: &str, name: &str) -> RowRaw {
        let at = Loc::new(page, 1);
        RowRaw {
            code: comp.to_string(),
            loc: at,
            text: String::new(),
            first_on_page: false,
            project: SegRef::default(),
            task: SegRef {
                page,
                key: key.map(|k| (k, 0, k + 10, 100)),
                code: code.to_string(),
                code_loc: at,
                name: name.to_string(),
                name_loc: at,
            },
        }
    }

    fn label(code: &str, name: &str) -> Option<(String, String)> {
        Some((code.to_string(), name.to_string()))
    }

    #[test]
    fn pieces_of_a_merged_cell_join_over_breaks() {
        check(
            |rows: Vec<RowRaw>| {
                resolve(&rows, |r| &r.task)
                    .into_iter()
                    .map(|l| l.map(|l| (l.code, l.name)))
                    .collect::<Vec<_>>()
            },
            [
                (
                    "one cell over two rows",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(1, "01-01-02", Some(1), "01-01", "前期准备"),
                    ],
                    vec![label("01-01", "前期准备"), label("01-01", "前期准备")],
                ),
                (
                    "two cells on a page",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(1, "01-02-01", Some(2), "01-02", "资料准备"),
                    ],
                    vec![label("01-01", "前期准备"), label("01-02", "资料准备")],
                ),
                (
                    "label printed again, longer, after a break",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(2, "01-01-02", Some(1), "01-01", "前期准备工作"),
                    ],
                    vec![
                        label("01-01", "前期准备工作"),
                        label("01-01", "前期准备工作"),
                    ],
                ),
                (
                    "a name wrapped over the break",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期"),
                        row(2, "01-01-02", Some(1), "", "准备"),
                    ],
                    vec![label("01-01", "前期准备"), label("01-01", "前期准备")],
                ),
                (
                    "an empty piece at the top of a page goes on",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(2, "01-01-02", Some(1), "", ""),
                    ],
                    vec![label("01-01", "前期准备"), label("01-01", "前期准备")],
                ),
                (
                    "a label printed only after the break",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(1, "01-02-01", Some(2), "", ""),
                        row(2, "01-02-02", Some(1), "01-02", "资料准备"),
                    ],
                    vec![
                        label("01-01", "前期准备"),
                        label("01-02", "资料准备"),
                        label("01-02", "资料准备"),
                    ],
                ),
                (
                    "a page of one empty piece: the hierarchy keeps it above",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(2, "01-01-02", Some(1), "", ""),
                        row(3, "01-02-01", Some(1), "01-02", "资料准备"),
                    ],
                    vec![
                        label("01-01", "前期准备"),
                        label("01-01", "前期准备"),
                        label("01-02", "资料准备"),
                    ],
                ),
                (
                    "a page of one empty piece: the hierarchy gives it below",
                    vec![
                        row(1, "01-01-01", Some(1), "01-01", "前期准备"),
                        row(2, "01-02-01", Some(1), "", ""),
                        row(3, "01-02-02", Some(1), "01-02", "资料准备"),
                    ],
                    vec![
                        label("01-01", "前期准备"),
                        label("01-02", "资料准备"),
                        label("01-02", "资料准备"),
                    ],
                ),
                (
                    "a code cut by the break",
                    vec![
                        row(1, "01-02-01", Some(1), "01-", "资料"),
                        row(2, "01-02-02", Some(1), "02", "准备"),
                    ],
                    vec![label("01-02", "资料准备"), label("01-02", "资料准备")],
                ),
                (
                    "a whole code after a cut one is a new label",
                    vec![
                        row(1, "01-02-01", Some(1), "01-", "资料"),
                        row(2, "01-03-01", Some(1), "01-03", "客户开发"),
                    ],
                    vec![label("01-", "资料"), label("01-03", "客户开发")],
                ),
                (
                    "a name with no code and nothing before",
                    vec![row(1, "01-01-01", Some(1), "", "前期准备")],
                    vec![label("", "前期准备")],
                ),
                (
                    "no ruled cell: each row stands alone",
                    vec![
                        row(1, "01-01-01", None, "01-01", "前期"),
                        row(1, "01-01-02", None, "", "准备"),
                    ],
                    vec![label("01-01", "前期"), label("", "准备")],
                ),
                (
                    "an empty piece alone",
                    vec![row(1, "01-01-01", Some(1), "", "")],
                    vec![None],
                ),
            ],
        );
    }
}
