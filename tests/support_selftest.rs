//! The test helpers of `tests/support/` checked on their own, once: the seeded layout
//! generator re-prints every cell so it rejoins, the wrapper keeps DOMAIN.md's joining
//! rule, the generator is deterministic. (Kept out of the helper files themselves so that
//! the tests are not run again by every test binary that includes `mod support;`.)

mod support;

mod layout {
    use crate::support::gold::Gold;
    use crate::support::layout::*;
    use crate::support::wrap::{join, unbreakable, width};
    use std::collections::BTreeMap;

    const SEEDS: [u64; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

    fn check_widths(frags: &[&Printed], max: usize) {
        for f in frags {
            assert!(
                width(&f.frag.text) <= max || unbreakable(&f.frag.text),
                "{:?} wider than {max} at line {}",
                f.frag.text,
                f.line
            );
        }
    }

    fn consecutive(frags: &[&Printed]) {
        for w in frags.windows(2) {
            assert_eq!(
                w[1].vline,
                w[0].vline + 1,
                "gap in a cell at line {}",
                w[1].line
            );
        }
    }

    /// The code sits on the first content line or alone on the visual line above it.
    fn code_placed(code: &[&Printed], content: &[&Printed], want: &str) {
        assert_eq!(code.len(), 1, "code {want} printed {} times", code.len());
        assert_eq!(code[0].frag.text, want);
        let first = content.first().map_or(code[0].vline, |f| f.vline);
        assert!(
            code[0].vline == first || code[0].vline + 1 == first,
            "code {want} at visual line {} but content at {first}",
            code[0].vline
        );
    }

    #[test]
    fn every_cell_rejoins_from_its_fragments_within_its_widths() {
        let gold = Gold::load();
        for seed in SEEDS {
            let g = generate(&gold, seed);
            let p = &g.params;
            let mut by_owner: BTreeMap<Owner, Vec<&Printed>> = BTreeMap::new();
            for f in &g.printed {
                by_owner.entry(f.frag.owner).or_default().push(f);
            }
            let empty = Vec::new();
            let get = |o: Owner| by_owner.get(&o).unwrap_or(&empty);
            for (&owner, frags) in &by_owner {
                let texts: Vec<&str> = frags.iter().map(|f| f.frag.text.as_str()).collect();
                match owner {
                    Owner::ProjectName(id, copy) | Owner::TaskName(id, copy) => {
                        assert_eq!(join(&texts), g.cells[id].name, "seed {seed}");
                        check_widths(frags, p.name_width);
                        consecutive(frags);
                        let code = if g.cells[id].project {
                            get(Owner::ProjectCode(id, copy))
                        } else {
                            get(Owner::TaskCode(id, copy))
                        };
                        code_placed(code, frags, &g.cells[id].code);
                        let (s, e) = g.cells[id].span;
                        assert!(frags
                            .iter()
                            .chain(code)
                            .all(|f| f.vline >= s && f.vline < e));
                    }
                    Owner::CompText(r) => {
                        assert_eq!(join(&texts), gold.rows[r].competency_text);
                        check_widths(frags, p.text_width);
                        consecutive(frags);
                        let code = get(Owner::CompCode(r));
                        code_placed(code, frags, &gold.rows[r].competency_code);
                    }
                    Owner::Desc(c) => {
                        assert_eq!(join(&texts), gold.courses[c].description);
                        check_widths(frags, p.desc_width);
                        consecutive(frags);
                    }
                    Owner::DescLabel(_) => {
                        assert_eq!(join(&texts), "主要教学内容及要求");
                        consecutive(frags);
                    }
                    Owner::CourseName(c) => assert_eq!(texts, [gold.courses[c].name.as_str()]),
                    _ => {}
                }
            }
            for id in 0..g.cells.len() {
                let name = if g.cells[id].project {
                    Owner::ProjectName(id, 0)
                } else {
                    Owner::TaskName(id, 0)
                };
                assert!(by_owner.contains_key(&name), "cell {id} never printed");
            }
            for r in 0..gold.rows.len() {
                assert!(
                    by_owner.contains_key(&Owner::CompText(r)),
                    "row {r} has no text"
                );
            }
        }
    }

    #[test]
    fn lines_print_columns_in_order_and_mark_page_starts() {
        let gold = Gold::load();
        for seed in SEEDS {
            let g = generate(&gold, seed);
            let mut on_line: BTreeMap<u32, Vec<&Printed>> = BTreeMap::new();
            for f in &g.printed {
                on_line.entry(f.line).or_default().push(f);
            }
            let mut starts = 0;
            for (n, line) in g.lines.iter().enumerate() {
                let n = n as u32 + 1;
                let body = match line.strip_prefix(' ') {
                    Some(b) => {
                        starts += 1;
                        b
                    }
                    None => line,
                };
                assert!(
                    !body.starts_with(' ') && body.trim_end() == body,
                    "line {n}"
                );
                let Some(frags) = on_line.get(&n) else {
                    // Blank artefacts, 续上表 and leaked page numbers carry no cell text.
                    assert!(
                        body.is_empty()
                            || body == CONTINUED
                            || g.strays.iter().any(|(t, l)| *l == n && t == body),
                        "unexplained line {n}: {line:?}"
                    );
                    continue;
                };
                for w in frags.windows(2) {
                    assert!(w[0].col < w[1].col, "columns out of order on line {n}");
                }
                let texts: Vec<&str> = frags.iter().map(|f| f.frag.text.as_str()).collect();
                assert_eq!(body, texts.join(" "), "line {n}");
            }
            let n = g.params.page_lines;
            assert_eq!(starts, g.pages, "seed {seed}: one leading space per page");
            assert_eq!(g.pages as usize, (g.vlines - 1) / n + 1, "seed {seed}");
        }
    }

    #[test]
    fn expected_rows_and_strays_point_at_their_lines() {
        let gold = Gold::load();
        for seed in SEEDS {
            let g = generate(&gold, seed);
            assert_eq!(g.rows.len(), gold.rows.len());
            let mut page = 0;
            let mut page_of = Vec::new();
            for l in &g.lines {
                page += u32::from(l.starts_with(' '));
                page_of.push(page);
            }
            for r in &g.rows {
                let line = &g.lines[r.line as usize - 1];
                assert!(
                    line.split(' ').any(|t| t == r.gold.competency_code),
                    "seed {seed}: {} not on line {}: {line:?}",
                    r.gold.competency_code,
                    r.line
                );
                assert_eq!(r.page, page_of[r.line as usize - 1]);
            }
            for w in g.rows.windows(2) {
                assert!(w[0].line < w[1].line, "rows printed in document order");
            }
            for (num, line) in &g.strays {
                assert_eq!(&g.lines[*line as usize - 1], num);
                // Printed at the end of the page it numbers.
                assert_eq!(num.parse::<u32>().unwrap(), page_of[*line as usize - 1]);
            }
        }
    }

    #[test]
    fn a_seed_gives_one_dump() {
        let gold = Gold::load();
        let a = generate(&gold, 3);
        let b = generate(&gold, 3);
        assert_eq!(a.lines, b.lines);
        assert_eq!(
            a.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            b.rows.iter().map(|r| r.line).collect::<Vec<_>>()
        );
        assert_ne!(a.lines, generate(&gold, 4).lines);
    }

    /// A name is undecidable only while every printing of it sits in a tie: one course
    /// that prints it plainly settles it everywhere.
    #[test]
    fn a_tie_is_undecidable_only_when_no_printing_settles_it() {
        let gold = Gold::load();
        let narrow = |p: &mut Params| {
            *p = Params::baseline();
            p.name_width = 8;
        };
        // Every course prints `生产订单` beside `样品确认` with `跟进` alone below, but one
        // course has the next task's code right after `跟进`: a project fragment.
        let g = generate_with(&gold, 11, narrow);
        let tied_lines = g.ties.len();
        assert!(tied_lines > 0, "the narrow layout has width ties");
        let project = g
            .cells
            .iter()
            .find(|c| c.project && c.code == "08")
            .expect("08");
        let project_tied = g.ties.iter().any(|&line| {
            g.printed.iter().any(|f| {
                f.line == line && matches!(f.frag.owner, Owner::ProjectName(id, _) if g.cells[id].code == project.code)
            })
        });
        assert!(project_tied, "project 08's name takes part in a tie");
        assert!(!g.undecidable.contains(&(0, "08".to_string())));
        // Where every printing is tied, the name cannot be settled.
        let g = generate(&gold, 6);
        assert!(g.undecidable.contains(&(0, "08".to_string())));
        assert!(g.undecidable.contains(&(1, "08-01".to_string())));
        assert!(
            g.undecidable.len() < 10,
            "only a few names: {:?}",
            g.undecidable
        );
    }

    #[test]
    fn the_fixed_seeds_exercise_every_quirk() {
        let gold = Gold::load();
        let mut total: BTreeMap<&str, usize> = BTreeMap::new();
        for seed in SEEDS {
            for (k, v) in generate(&gold, seed).stats {
                *total.entry(k).or_default() += v;
            }
        }
        for key in [
            "code-above",
            "label-middle",
            "label-after-rows",
            "label-reprinted",
            "continued",
            "page-number",
            "split-cell",
            "row-stretched",
            "text-across-page",
            "label-beside-text-no-code",
            "desc-label-beside",
            "extra-label",
        ] {
            assert!(
                total.get(key).copied().unwrap_or(0) > 0,
                "{key} never generated: {total:?}"
            );
        }
    }
}

mod wrap {
    use crate::support::gold::Gold;
    use crate::support::wrap::*;

    #[test]
    fn wrapping_every_gold_text_rejoins_and_respects_width() {
        let gold = Gold::load();
        let mut texts: Vec<&str> = Vec::new();
        for r in &gold.rows {
            texts.extend([
                r.project_name.as_str(),
                r.task_name.as_str(),
                r.competency_text.as_str(),
            ]);
        }
        texts.extend(gold.courses.iter().map(|c| c.description.as_str()));
        texts.sort_unstable();
        texts.dedup();
        let mut multi = 0;
        for max in [8, 9, 11, 14, 36, 47, 64, 90] {
            for t in &texts {
                let lines = wrap(t, max);
                assert_eq!(join(&lines), *t, "width {max}: {lines:?}");
                for l in &lines {
                    assert!(!l.is_empty() && l.trim() == l, "bad fragment {l:?}");
                    assert!(width(l) <= max || unbreakable(l), "{l:?} wider than {max}");
                }
                // Greedy: the next line's first piece did not fit on this one.
                for pair in lines.windows(2) {
                    let first = first_piece_width(&pair[1]);
                    let a = pair[0].chars().last().unwrap();
                    let b = pair[1].chars().next().unwrap();
                    let sep = usize::from(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
                    assert!(
                        width(&pair[0]) + sep + first > max,
                        "not greedy at {max}: {pair:?}"
                    );
                }
                multi += usize::from(lines.len() > 1);
            }
        }
        assert!(
            multi > 1000,
            "wrapping exercised ({multi} multi-line cells)"
        );
    }

    #[test]
    fn spaces_only_break_between_ascii_words() {
        assert_eq!(
            wrap("制作 PI（Proforma invoice）", 20),
            ["制作 PI（Proforma", "invoice）"]
        );
        assert_eq!(
            join(&["制作 PI（Proforma", "invoice）"]),
            "制作 PI（Proforma invoice）"
        );
        // `Amazon, Zoom 等` cannot be split at its spaces without losing them.
        for max in 4..30 {
            let t = "网站（Amazon, Zoom 等）熟悉";
            assert_eq!(join(&wrap(t, max)), t);
        }
        assert_eq!(wrap("一二三，四", 6), ["一二", "三，四"]);
    }
}

mod rng {
    use crate::support::rng::Rng;

    #[test]
    fn same_seed_same_stream_and_ranges_hold() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(8).next_u64(), xs[0]);
        let mut r = Rng::new(1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let v = r.range(3, 7);
            assert!((3..=7).contains(&v));
            seen[v - 3] = true;
        }
        assert!(
            seen.iter().all(|&s| s),
            "every value of a small range drawn"
        );
        assert_eq!(r.weighted(&[0, 5, 0]), 1);
    }
}
