//! Column widths and label habits, measured on the whole document.

use super::super::grammar;
use super::words::{inner_gap_cost, join_words, Item};
use super::{Line, LEVELS};
use crate::vocab::Level;

/// Does the document print project (task) label codes alone, with their names on the
/// lines below? Counted over codes in label position (first on their line, or right after
/// another code); less than a quarter with words beside them is "alone".
pub(super) fn codes_alone(content: &[(&Line<'_>, Vec<Item<'_>>)]) -> [bool; 2] {
    let (mut total, mut beside) = ([0usize; 2], [0usize; 2]);
    for (_, items) in content {
        for (k, item) in items.iter().enumerate() {
            let Item::Code { code, .. } = item else {
                continue;
            };
            let level = code.level.index();
            let label_position = k == 0 || matches!(items[k - 1], Item::Code { .. });
            if level < 2 && label_position {
                total[level] += 1;
                beside[level] += usize::from(matches!(items.get(k + 1), Some(Item::Word { .. })));
            }
        }
    }
    [0, 1].map(|l| total[l] >= 5 && beside[l] * 4 < total[l])
}

/// Measure each column's width: the widest text printed right after a code of its level
/// (a first line, so a full one whenever the cell wraps), ignoring runs that contain a
/// CJK-spaced gap (likely two columns on one line).
pub(super) fn measure_caps(content: &[(&Line<'_>, Vec<Item<'_>>)]) -> [usize; LEVELS] {
    let mut caps = [0usize; LEVELS];
    let mut samples = [0usize; LEVELS];
    let mut loose = [0usize; LEVELS];
    // Words left of a competency code that no name code precedes on the line: name
    // fragments of some column. Their widest bounds the name columns from below when a
    // layout never prints a name beside its code.
    // Words left of a task code are project name fragments: they bound that column.
    let mut orphan_names = 0usize;
    let mut orphan_projects = 0usize;
    // Codes of each level that have words beside them: how many names could be measured.
    let mut named = [0usize; LEVELS];
    for (_, items) in content {
        let first_code = items.iter().position(|i| matches!(i, Item::Code { .. }));
        if let Some(Item::Code { code, .. }) = first_code.map(|f| &items[f]) {
            for item in &items[..first_code.unwrap_or(0)] {
                if let Item::Word { text, .. } = item {
                    let w = grammar::width(text);
                    match code.level {
                        Level::Task => orphan_projects = orphan_projects.max(w),
                        Level::Competency => orphan_names = orphan_names.max(w),
                        _ => {}
                    }
                }
            }
        }
        for (k, item) in items.iter().enumerate() {
            if let Item::Code { code, .. } = item {
                if matches!(items.get(k + 1), Some(Item::Word { .. })) {
                    named[code.level.index()] += 1;
                }
            }
        }
        let mut k = 0;
        while k < items.len() {
            if let Item::Code { code, .. } = &items[k] {
                let level = code.level.index();
                let end = (k + 1..items.len())
                    .find(|&j| matches!(items[j], Item::Code { .. }))
                    .unwrap_or(items.len());
                let words: Vec<(&str, &str)> = items[k + 1..end]
                    .iter()
                    .filter_map(|i| match i {
                        Item::Word { gap, text } => Some((*gap, *text)),
                        _ => None,
                    })
                    .collect();
                // A name is measured only where a code to its right bounds it: otherwise
                // the next column's tail may sit beside it on the line.
                let bounded = level == 2 || end < items.len();
                if !words.is_empty() {
                    let w = grammar::width(&join_words(&words));
                    // A space between CJK characters may be a column gap too.
                    let one_column = level == 2 || inner_gap_cost(&words) == 0.0;
                    if bounded && one_column {
                        caps[level] = caps[level].max(w);
                        samples[level] += 1;
                    } else if one_column {
                        loose[level] = loose[level].max(w);
                    }
                }
                k = end;
            } else {
                k += 1;
            }
        }
    }
    for level in 0..LEVELS {
        // Too few names printed beside their code to measure the column (a few codes
        // printed alone may have another column's words beside them): the name
        // fragments left of later codes tell more than text beside a bare code.
        if samples[level] < 3 || samples[level] * 5 < named[level] {
            let orphans = match level {
                0 | 1 => orphan_names,
                _ => 0,
            };
            let fallback = if orphans > 0 { orphans } else { loose[level] };
            caps[level] = caps[level].max(fallback);
        }
        // A project name fragment is never wider than its column, however few names
        // stood beside their codes.
        if level == 0 {
            caps[level] = caps[level].max(orphan_projects);
        }
        // A document whose names never wrap still needs a sane width.
        caps[level] = caps[level].max(4);
    }
    caps
}
