//! Which grid columns of a table hold which level: from the header row, else from where
//! each level's codes stand.

use crate::extract::blocks::GridCell;
use crate::vocab::{code, lexicon, Level};

/// The grid columns of one level: its code, and its name or text (in the same column or
/// in the ones after it, up to `width`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Role {
    pub(super) col: usize,
    pub(super) width: usize,
}

/// The roles of project, task and competency (by [`Level::index`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Roles(pub(super) [Option<Role>; 3]);

/// A share of a column's codes that must be codes alone (the name in the next column) for
/// the next column to be read as the names: most rows, so that a cell or two holding
/// `01 前期准备` do not decide it.
const CODE_ONLY_SHARE: f64 = 0.5;

/// The level a header cell names (工作项目 / 工作任务 / 职业能力…).
fn header_level(cell: &str) -> Option<Level> {
    let c = lexicon::compact(cell);
    [
        (lexicon::HEADER_PROJECT, Level::Project),
        (lexicon::HEADER_TASK, Level::Task),
        (lexicon::HEADER_COMPETENCY, Level::Competency),
    ]
    .into_iter()
    .find(|(h, _)| c.starts_with(h))
    .map(|(_, l)| l)
}

/// A header row: at least two cells with text, every one a header label.
pub(super) fn is_header_row(row: &[GridCell]) -> bool {
    let texts: Vec<&GridCell> = row.iter().filter(|c| !c.text.is_empty()).collect();
    texts.len() >= 2 && texts.iter().all(|c| header_level(&c.text).is_some())
}

/// A second header row under the header row: at least two cells with text, every one a
/// sub-header label (`编号` / `名称`) or a header label (a header cell merged down over both
/// rows), at least one a sub-header label.
pub(super) fn is_subheader_row(row: &[GridCell]) -> bool {
    let texts: Vec<&GridCell> = row.iter().filter(|c| !c.text.is_empty()).collect();
    texts.len() >= 2
        && texts.iter().any(|c| lexicon::is_subheader_label(&c.text))
        && texts
            .iter()
            .all(|c| lexicon::is_subheader_label(&c.text) || header_level(&c.text).is_some())
}

/// The level of the code a cell starts with, and whether the cell is that code alone.
fn cell_level(c: &GridCell) -> Option<(Level, bool)> {
    if let Some(n) = &c.number {
        let level = if n.contains('.') {
            Level::Task
        } else {
            Level::Project
        };
        return Some((level, true));
    }
    if let Some(g) = code::loose_groups(&c.text) {
        return Level::from_groups(g).map(|l| (l, true));
    }
    let (written, _) = code::leading_code(&c.text, None)?;
    Level::from_groups(code::loose_groups(&written)?).map(|l| (l, false))
}

/// The roles of a table: from its first header row, else from its codes; `None` when the
/// table shows neither (a header-block table, a part without codes).
pub(super) fn of_table(rows: &[Vec<GridCell>]) -> Option<Roles> {
    let grid = rows
        .iter()
        .flatten()
        .map(|c| c.col + c.span.max(1))
        .max()
        .unwrap_or(0);
    if let Some(h) = rows.iter().find(|r| is_header_row(r)) {
        let heads: Vec<(Level, usize)> = h
            .iter()
            .filter_map(|c| Some((header_level(&c.text)?, c.col)))
            .collect();
        let mut roles = Roles::default();
        for (k, &(level, col)) in heads.iter().enumerate() {
            let end = heads.get(k + 1).map_or(grid, |n| n.1);
            if roles.0[level.index()].is_none() && end > col {
                roles.0[level.index()] = Some(Role {
                    col,
                    width: end - col,
                });
            }
        }
        if roles.0[Level::Competency.index()].is_some() {
            return Some(roles);
        }
    }
    from_codes(rows, grid)
}

/// Roles from the codes: each level's column is the one where most of its codes stand;
/// its names are in the next column when most of its codes stand alone there.
fn from_codes(rows: &[Vec<GridCell>], grid: usize) -> Option<Roles> {
    // counts[col][level] = (cells, of which code alone)
    let mut counts = vec![[(0usize, 0usize); 3]; grid];
    for c in rows.iter().flatten().filter(|c| !c.continues) {
        if let Some((level, alone)) = cell_level(c) {
            let e = &mut counts[c.col][level.index()];
            e.0 += 1;
            e.1 += usize::from(alone);
        }
    }
    let mut roles = Roles::default();
    let mut cols = [None; 3];
    for level in Level::ALL {
        let i = level.index();
        let best = (0..grid)
            .filter(|&c| counts[c][i].0 > 0)
            .max_by_key(|&c| (counts[c][i].0, std::cmp::Reverse(c)));
        cols[i] = best;
    }
    cols[Level::Competency.index()]?;
    for level in Level::ALL {
        let i = level.index();
        let Some(col) = cols[i] else { continue };
        let (n, alone) = counts[col][i];
        let next_free = col + 1 < grid && !cols.contains(&Some(col + 1));
        let width = if next_free && alone as f64 >= CODE_ONLY_SHARE * n as f64 {
            // The names run up to the next level's column (or the grid's end).
            let end = cols
                .iter()
                .flatten()
                .copied()
                .filter(|&c| c > col)
                .min()
                .unwrap_or(grid);
            end - col
        } else {
            1
        };
        roles.0[i] = Some(Role { col, width });
    }
    Some(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(col: usize, span: usize, text: &str) -> GridCell {
        GridCell {
            col,
            span,
            text: text.to_string(),
            ..GridCell::default()
        }
    }

    fn role(col: usize, width: usize) -> Option<Role> {
        Some(Role { col, width })
    }

    #[test]
    fn header_row_gives_roles_with_spans() {
        let rows = vec![vec![
            cell(0, 2, "工作项目"),
            cell(2, 2, "工作任务"),
            cell(4, 2, "职业能力（技能、工具）"),
        ]];
        let r = of_table(&rows).unwrap();
        assert_eq!(r.0, [role(0, 2), role(2, 2), role(4, 2)]);
    }

    #[test]
    fn codes_give_roles_without_a_header() {
        // Code and name in one cell.
        let rows = vec![
            vec![
                cell(0, 1, "01 前期准备"),
                cell(1, 1, "01-01 熟悉产品"),
                cell(2, 1, "01-01-01 熟悉术语"),
            ],
            vec![cell(2, 1, "01-01-02 能够…")],
        ];
        assert_eq!(
            of_table(&rows).unwrap().0,
            [role(0, 1), role(1, 1), role(2, 1)]
        );
        // Codes alone, names beside them.
        let rows = vec![vec![
            cell(0, 1, "01"),
            cell(1, 1, "前期准备"),
            cell(2, 1, "01-01"),
            cell(3, 1, "熟悉产品"),
            cell(4, 1, "01-01-01"),
            cell(5, 1, "熟悉术语"),
        ]];
        assert_eq!(
            of_table(&rows).unwrap().0,
            [role(0, 2), role(2, 2), role(4, 2)]
        );
        // No competency codes: no course table.
        let rows = vec![vec![cell(0, 1, "课程名称"), cell(1, 1, "国际贸易")]];
        assert_eq!(of_table(&rows), None);
    }
}
