//! Column widths and label habits, measured on the whole document.

use super::tokens;
use super::weights::Weights;
use super::words::{inner_gap_cost, join_words, Item};
use super::Line;
use crate::vocab::{Level, PerLevel};

/// Fewer label codes than this in label position tell nothing about a document's habit:
/// it is taken to print names beside their codes (57f1f17).
const ALONE_MIN_CODES: usize = 5;
/// A level's codes are "alone" when fewer than one in this many have words beside them
/// (a few codes printed alone may have another column's words beside them; 57f1f17).
const ALONE_SHARE: usize = 4;
/// Fewer names measured beside their codes than this do not measure a column (de1ab9d)…
const MIN_SAMPLES: usize = 3;
/// … nor fewer than one in this many of the codes that have words beside them: the
/// others may be another column's words (fd08d74, holdout 7000-7029: 117 -> 31).
const MIN_SAMPLE_SHARE: usize = 5;
/// The narrowest a column is taken to be: two CJK characters. A document whose names
/// never wrap still needs a sane width (de1ab9d).
const MIN_CAP: usize = 4;
/// A column is as wide as its widest first line that at least this many first lines reach
/// (within [`CAP_TOLERANCE`]): one line printed wider than the rest (an edited revision,
/// a cell that overflowed) does not widen the column for the whole document, which made
/// a 100-character edit of one competency change the reading of 80 others (issue 14).
/// With fewer first lines than this, the widest is the width.
const CAP_SUPPORT: usize = 3;
/// How much narrower than a width a first line may be and still reach it: one CJK
/// character (a full line may end one column short of the edge when the next character
/// is a wide one).
const CAP_TOLERANCE: usize = 2;

/// The widest of `widths` that at least [`CAP_SUPPORT`] of them reach within
/// [`CAP_TOLERANCE`]; the widest when there are fewer; 0 when none.
fn supported_max(widths: &[usize]) -> usize {
    let mut sorted = widths.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    if sorted.len() < CAP_SUPPORT {
        return sorted.first().copied().unwrap_or(0);
    }
    sorted
        .windows(CAP_SUPPORT)
        .find(|w| w[0] - w[CAP_SUPPORT - 1] <= CAP_TOLERANCE)
        .map_or(sorted[0], |w| w[0])
}

/// Does the document print project (task) label codes alone, with their names on the
/// lines below? Counted over codes in label position (first on their line, or right after
/// another code); less than a quarter with words beside them is "alone".
/// Always `false` for competencies.
pub(super) fn codes_alone(content: &[(&Line<'_>, Vec<Item<'_>>)]) -> PerLevel<bool> {
    let (mut total, mut beside) = (PerLevel([0usize; 3]), PerLevel([0usize; 3]));
    for (_, items) in content {
        for (k, item) in items.iter().enumerate() {
            let Item::Code { code, .. } = item else {
                continue;
            };
            let level = code.level;
            let label_position = k == 0 || matches!(items[k - 1], Item::Code { .. });
            if level.is_named() && label_position {
                total[level] += 1;
                beside[level] += usize::from(matches!(items.get(k + 1), Some(Item::Word { .. })));
            }
        }
    }
    let mut alone = PerLevel([false; 3]);
    for l in Level::NAMED {
        alone[l] = total[l] >= ALONE_MIN_CODES && beside[l] * ALONE_SHARE < total[l];
    }
    alone
}

/// Measure each column's width: the widest text printed right after a code of its level
/// (a first line, so a full one whenever the cell wraps), ignoring runs that contain a
/// CJK-spaced gap (likely two columns on one line).
pub(super) fn measure_caps(
    weights: &Weights,
    content: &[(&Line<'_>, Vec<Item<'_>>)],
) -> PerLevel<usize> {
    let mut caps = PerLevel([0usize; 3]);
    let mut widths: PerLevel<Vec<usize>> = PerLevel(Default::default());
    let mut samples = PerLevel([0usize; 3]);
    let mut loose = PerLevel([0usize; 3]);
    // Words left of a competency code that no name code precedes on the line: name
    // fragments of some column. Their widest bounds the name columns from below when a
    // layout never prints a name beside its code.
    // Words left of a task code are project name fragments: they bound that column.
    let mut orphan_names = 0usize;
    let mut orphan_projects = 0usize;
    // Codes of each level that have words beside them: how many names could be measured.
    let mut named = PerLevel([0usize; 3]);
    for (_, items) in content {
        let first_code = items.iter().position(|i| matches!(i, Item::Code { .. }));
        if let Some(Item::Code { code, .. }) = first_code.map(|f| &items[f]) {
            for item in &items[..first_code.unwrap_or(0)] {
                if let Item::Word { text, .. } = item {
                    let w = tokens::width(text);
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
                    named[code.level] += 1;
                }
            }
        }
        let mut k = 0;
        while k < items.len() {
            if let Item::Code { code, .. } = &items[k] {
                let level = code.level;
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
                let bounded = level == Level::Competency || end < items.len();
                if !words.is_empty() {
                    let w = tokens::width(&join_words(&words));
                    // A space between CJK characters may be a column gap too.
                    let one_column =
                        level == Level::Competency || inner_gap_cost(weights, &words) == 0.0;
                    if bounded && one_column {
                        widths[level].push(w);
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
    for level in Level::ALL {
        caps[level] = supported_max(&widths[level]);
        // Too few names printed beside their code to measure the column (a few codes
        // printed alone may have another column's words beside them): the name
        // fragments left of later codes tell more than text beside a bare code.
        if samples[level] < MIN_SAMPLES || samples[level] * MIN_SAMPLE_SHARE < named[level] {
            let orphans = if level.is_named() { orphan_names } else { 0 };
            let fallback = if orphans > 0 { orphans } else { loose[level] };
            caps[level] = caps[level].max(fallback);
        }
        // A project name fragment is never wider than its column, however few names
        // stood beside their codes.
        if level == Level::Project {
            caps[level] = caps[level].max(orphan_projects);
        }
        // A document whose names never wrap still needs a sane width.
        caps[level] = caps[level].max(MIN_CAP);
    }
    caps
}

#[cfg(test)]
mod tests {
    use super::super::words::items;
    use super::*;
    use crate::model::Loc;

    /// Measure `f` on table lines.
    fn on<T>(text: &[&str], f: impl Fn(&[(&Line<'_>, Vec<Item<'_>>)]) -> T) -> T {
        let lines: Vec<Line<'_>> = text
            .iter()
            .map(|&text| Line {
                text,
                loc: Loc::new(1, 1),
            })
            .collect();
        let content: Vec<_> = lines.iter().map(|l| (l, items(l.text))).collect();
        f(&content)
    }

    fn caps(text: &[&str]) -> [usize; 3] {
        on(text, |c| measure_caps(&Weights::DEFAULT, c).0)
    }

    fn alone(text: &[&str]) -> [bool; 3] {
        on(text, |c| codes_alone(c).0)
    }

    const ROWS: &[&str] = &[
        "01 前期准备 01-01 熟悉产品 01-01-01 熟悉外贸术语和流程",
        "01-01-02 能够通过公司培训资料",
        "02 客户开发 02-01 寻找客户信息 02-01-01 能够寻找",
        "03 出口 03-01 报价 03-01-01 核算",
    ];

    #[test]
    fn widths() {
        cases!(caps;
            // Three names of each level beside a code bounded on the right.
            "the widest first line of each column": (ROWS) => [8, 12, 20],
            "nothing to measure": (&["01-01-01"]) => [4, 4, 4],
            // Too few names beside their codes: the fragments left of competency codes.
            "names left of codes": (&["熟悉外贸 01-01-01 能够"]) => [8, 8, 4],
            // Words left of a task code bound the project column.
            "a project fragment left of a task code": (&["国际贸易实务 01-01 熟悉"]) => [12, 4, 4],
            // A run with a space between CJK characters spans two columns: not measured.
            "two columns on one line": (&["01 前期 准备 01-01 熟悉 01-01-01 能"]) => [4, 4, 4],
            // One first line wider than three that agree: an outlier, not the width.
            "one line wider than the rest": (&[
                "01-01-01 能够通过公司培训资料",
                "01-01-02 能够通过公司培训资",
                "01-01-03 能够通过公司培训资料",
                "01-01-04 能够通过公司培训资料熟悉产品和流程能够通过",
            ]) => [4, 4, 20],
            // No width reached by three lines: the widest, as before.
            "two wide lines, two narrow": (&[
                "01-01-01 能够通过公司培训资料",
                "01-01-02 能够通过公司培训资料",
                "01-01-03 能够通过公司培训资料熟悉产品和流程能够通过",
                "01-01-04 能够通过公司培训资料熟悉产品和流程能够通过",
            ]) => [4, 4, 42],
            "three wide lines make the width": (&[
                "01-01-01 能够通过公司培训资料",
                "01-01-02 能够通过公司培训资料熟悉产品和流程能够通过",
                "01-01-03 能够通过公司培训资料熟悉产品和流程能够通",
                "01-01-04 能够通过公司培训资料熟悉产品和流程能够通过",
            ]) => [4, 4, 42],
        );
    }

    #[test]
    fn supported_widths() {
        cases!(|w: &[usize]| supported_max(w);
            "none": (&[]) => 0,
            "fewer than the support: the widest": (&[30, 8]) => 30,
            "an outlier skipped": (&[90, 40, 39, 38, 12]) => 40,
            "no cluster: the widest": (&[90, 60, 30]) => 90,
            "ties": (&[20, 20, 20]) => 20,
        );
    }

    #[test]
    fn alone_habit() {
        let bare = ["01", "02", "03", "04", "05"];
        cases!(alone;
            "five project codes alone": (&bare) => [true, false, false],
            "four are too few to tell": (&bare[..4]) => [false, false, false],
            "names beside their codes": (ROWS) => [false, false, false],
            "task codes alone": (&["01-01", "01-02", "01-03", "01-04", "01-05 熟悉"]) => [false, true, false],
        );
    }
}
