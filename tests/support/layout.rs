//! Seeded re-printing of a document's content (the fixture's gold rows, or a programme of
//! `fixtures/programmes/`) as text dumps with other, PDF-like layouts.
//!
//! The model is the text layer of a real PDF: each course table has six columns (project
//! code, project name, task code, task name, competency code, competency text) of fixed
//! widths per document. Cells wrap greedily by display width. A visual line prints, left to
//! right and separated by one space, the fragments of every column that has text at that
//! height. Project and task labels are merged cells over all their rows; their block (code,
//! then name lines) sits at some height inside the span, so label lines interleave with row
//! lines exactly where they fall. When a label block is taller than its rows, the last row
//! grows, as a table row does.
//!
//! Pages hold a fixed number of visual lines. The first printed line of a page starts with
//! one space; `续上表` may follow; labels of a cell that runs on may be printed again on the
//! new page; a page number may leak as a bare line at the end of a page. Blank lines are
//! sprinkled between printed lines as the fixture's extractor does.
//!
//! Everything is driven by one seed; the generator records where it printed each
//! competency code (the row's expected `line`) and each leaked page number.

use std::collections::{BTreeMap, BTreeSet};

use super::gold::{Gold, GoldCourse, GoldRow};
use super::rng::Rng;
use super::wrap::{first_piece_width, width, wrap};

/// The fixture's title (other content carries its own, [`Gold::title`]).
pub const DOC_TITLE: &str = super::gold::FIXTURE_TITLE;
pub const TABLE_HEADER: &str = "工作项目 工作任务 职业能力（技能、工具、方法、要求、知识）";
pub const CONTINUED: &str = "续上表";
pub const EXTRA_LABEL: &str = "对接的职业能力";
pub const NAME_LABEL: &str = "课程名称";
pub const DESC_LABEL: [&str; 2] = ["主要教学内", "容及要求"];

/// The widest name column a seed draws (display units): a name wider than twice this
/// wraps over three lines in every layout.
pub const MAX_NAME_WIDTH: usize = 14;

/// Layout knobs of one document, drawn from the seed.
#[derive(Debug, Clone)]
pub struct Params {
    /// Width of the project and task name columns, display units (CJK = 2).
    pub name_width: usize,
    /// Width of the competency text column.
    pub text_width: usize,
    /// Width of the description (and intro) paragraph.
    pub desc_width: usize,
    /// Visual lines per page.
    pub page_lines: usize,
    /// Chance of blank line(s) before a printed line.
    pub blank: f64,
    /// Chance a competency code sits alone on the line above its text.
    pub code_above: f64,
    /// Chance a label code sits alone on the line above its name.
    pub label_code_above: f64,
    /// Weights of label placements: top of the span, middle, after its first rows.
    pub placement: [u32; 3],
    /// Chance of a `续上表` line on a page that continues a table.
    pub continued: f64,
    /// Chance, per page a cell runs onto, that its label is printed again there.
    pub reprint: f64,
    /// Chance a page number leaks at the end of a page.
    pub leak: f64,
    /// Chance a merged cell is split in two cells with the same label.
    pub split_cell: f64,
    /// Weights of the `主要教学内`/`容及要求` label: lines of its own before the
    /// description, beside the description's first lines, beside its middle lines.
    pub desc_label: [u32; 3],
    /// Chance of the extra `对接的职业能力` label line before a table header.
    pub extra_label: f64,
}

impl Params {
    /// The plainest layout: one page, labels at the top of their rows with the code on
    /// the first name line, codes on their text's first line, no artefacts but blank lines.
    /// Quirks are tried one at a time against it.
    pub fn baseline() -> Params {
        Params {
            name_width: 14,
            text_width: 50,
            desc_width: 74,
            page_lines: 1_000_000,
            blank: 0.5,
            code_above: 0.0,
            label_code_above: 0.0,
            placement: [1, 0, 0],
            continued: 0.0,
            reprint: 0.0,
            leak: 0.0,
            split_cell: 0.0,
            desc_label: [1, 0, 0],
            extra_label: 0.0,
        }
    }

    pub fn random(rng: &mut Rng) -> Params {
        let weights = |rng: &mut Rng| {
            let mut w = [
                rng.below(4) as u32,
                rng.below(4) as u32,
                rng.below(4) as u32,
            ];
            if w.iter().all(|&x| x == 0) {
                w[rng.below(3)] = 1;
            }
            w
        };
        Params {
            name_width: rng.range(8, MAX_NAME_WIDTH),
            text_width: rng.range(36, 64),
            desc_width: rng.range(56, 90),
            page_lines: rng.range(25, 60),
            blank: rng.pick(&[0.0, 0.3, 0.7, 0.95]),
            code_above: rng.pick(&[0.0, 0.2, 0.5, 0.8]),
            label_code_above: rng.pick(&[0.0, 0.3, 0.6, 1.0]),
            placement: weights(rng),
            continued: rng.pick(&[0.0, 0.5, 1.0]),
            reprint: rng.pick(&[0.0, 0.5, 1.0]),
            leak: rng.pick(&[0.0, 0.1, 0.3]),
            split_cell: rng.pick(&[0.0, 0.03, 0.1]),
            desc_label: weights(rng),
            extra_label: rng.pick(&[0.0, 0.25]),
        }
    }
}

/// Who a printed fragment belongs to. Label ids index [`Generated::cells`]; the second
/// number is the copy (0 = the cell's own block, 1.. = labels printed again on later
/// pages). Row numbers index the gold rows, course numbers the gold courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Plain,
    CourseName(usize),
    DescLabel(usize),
    Desc(usize),
    ProjectCode(usize, usize),
    ProjectName(usize, usize),
    TaskCode(usize, usize),
    TaskName(usize, usize),
    CompCode(usize),
    CompText(usize),
}

#[derive(Debug, Clone)]
pub struct Frag {
    pub owner: Owner,
    pub text: String,
    /// Not the first fragment of its owner's text.
    pub cont: bool,
}

/// A fragment as printed: output line (1-based), visual line index, column.
#[derive(Debug, Clone)]
pub struct Printed {
    pub line: u32,
    pub vline: usize,
    pub col: usize,
    pub frag: Frag,
}

/// A project or task label cell of the layout.
#[derive(Debug, Clone)]
pub struct LabelCell {
    pub project: bool,
    pub code: String,
    pub name: String,
    /// Visual lines `[start, end)` the merged cell covers.
    pub span: (usize, usize),
    /// Visual lines of the cell's own label block.
    pub orig: (usize, usize),
    pub row_starts: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct ExpectedRow {
    pub gold: GoldRow,
    /// Output line of the competency code.
    pub line: u32,
    /// Page by the leading-space convention.
    pub page: u32,
    /// Ids (in [`Generated::cells`]) of the project and task cells holding the row.
    pub project_cell: usize,
    pub task_cell: usize,
}

#[derive(Debug, Clone)]
pub struct Generated {
    pub seed: u64,
    pub params: Params,
    pub lines: Vec<String>,
    /// Per output line, which kinds of fragment it holds (for failure excerpts).
    pub sigs: Vec<String>,
    pub title: String,
    pub courses: Vec<GoldCourse>,
    pub rows: Vec<ExpectedRow>,
    /// Leaked page numbers: text and output line.
    pub strays: Vec<(String, u32)>,
    pub cells: Vec<LabelCell>,
    pub printed: Vec<Printed>,
    /// Number of pages (page starts printed with a leading space).
    pub pages: u32,
    /// How often each quirk occurs in this dump.
    pub stats: BTreeMap<&'static str, usize>,
    /// Number of visual lines laid out (printed or empty).
    pub vlines: usize,
    /// Output lines with a width tie: a name's continued fragment alone in the label
    /// columns, right under a full line of the other name column, so column widths alone
    /// cannot tell project from task (only names seen elsewhere can).
    pub ties: Vec<u32>,
    /// The same ties as visual line indexes (compare with [`LabelCell::span`]).
    pub tie_vlines: Vec<usize>,
    /// Names and texts, by level (0 project, 1 task, 2 competency) and code, whose every
    /// printing in this dump takes part in a width tie: no reader of the dump can tell
    /// how their text divides.
    pub undecidable: BTreeSet<(usize, String)>,
}

impl Generated {
    pub fn text(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }

    /// Output lines holding any fragment of label cell `id` (all its printings).
    pub fn cell_lines(&self, id: usize) -> Vec<u32> {
        self.printed
            .iter()
            .filter(|f| {
                matches!(
                    f.frag.owner,
                    Owner::ProjectCode(i, _)
                        | Owner::ProjectName(i, _)
                        | Owner::TaskCode(i, _)
                        | Owner::TaskName(i, _) if i == id
                )
            })
            .map(|f| f.line)
            .collect()
    }

    /// Does a width tie fall inside the merged cells holding row `r`?
    pub fn row_near_tie(&self, r: usize) -> bool {
        let row = &self.rows[r];
        [row.project_cell, row.task_cell].iter().any(|&id| {
            let (s, e) = self.cells[id].span;
            self.tie_vlines.iter().any(|&y| y >= s && y < e)
        })
    }

    /// Output lines holding any fragment of gold row `r`.
    pub fn row_lines(&self, r: usize) -> Vec<u32> {
        self.printed
            .iter()
            .filter(|f| matches!(f.frag.owner, Owner::CompCode(i) | Owner::CompText(i) if i == r))
            .map(|f| f.line)
            .collect()
    }

    /// Lines `from..=to` (1-based, clamped) with numbers and fragment kinds.
    pub fn excerpt(&self, from: u32, to: u32) -> String {
        let from = from.max(1) as usize;
        let to = (to as usize).min(self.lines.len());
        let mut out = String::new();
        for n in from..=to {
            let l = &self.lines[n - 1];
            if l.is_empty() {
                continue;
            }
            out.push_str(&format!("{n:>6}|{l}    [{}]\n", self.sigs[n - 1]));
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
struct VLine {
    slots: [Option<Frag>; 6],
    table: bool,
    row_start: bool,
    kind: &'static str,
}

impl VLine {
    fn plain(text: &str, kind: &'static str) -> VLine {
        let mut v = VLine {
            kind,
            ..Default::default()
        };
        v.slots[0] = Some(Frag {
            owner: Owner::Plain,
            text: text.to_string(),
            cont: false,
        });
        v
    }

    fn render(&self) -> String {
        let parts: Vec<&str> = self
            .slots
            .iter()
            .flatten()
            .map(|f| f.text.as_str())
            .collect();
        parts.join(" ")
    }

    fn sig(&self) -> String {
        let tags: Vec<String> = self
            .slots
            .iter()
            .flatten()
            .map(|f| {
                let (tag, copy) = match f.owner {
                    Owner::Plain => (self.kind, 0),
                    Owner::CourseName(_) => ("name", 0),
                    Owner::DescLabel(_) => ("Dl", 0),
                    Owner::Desc(_) => ("D", 0),
                    Owner::ProjectCode(_, c) => ("Pc", c),
                    Owner::ProjectName(_, c) => ("Pn", c),
                    Owner::TaskCode(_, c) => ("Tc", c),
                    Owner::TaskName(_, c) => ("Tn", c),
                    Owner::CompCode(_) => ("Cc", 0),
                    Owner::CompText(_) => ("Ct", 0),
                };
                format!(
                    "{tag}{}{}",
                    if f.cont { "+" } else { "" },
                    if copy > 0 { "*" } else { "" }
                )
            })
            .collect();
        tags.join(" ")
    }
}

fn set(doc: &mut [VLine], y: usize, col: usize, frag: Frag) {
    assert!(
        doc[y].slots[col].is_none(),
        "generator bug: slot {col} of visual line {y} used twice"
    );
    doc[y].slots[col] = Some(frag);
}

type Block = Vec<(Option<String>, Option<String>)>;

/// A label's lines: code then name lines, the code on the first name line or alone above.
fn label_block(rng: &mut Rng, p: &Params, code: &str, name: &str) -> Block {
    let names = wrap(name, p.name_width);
    let mut block: Block = Vec::new();
    if names.is_empty() || rng.chance(p.label_code_above) {
        block.push((Some(code.to_string()), None));
        block.extend(names.into_iter().map(|n| (None, Some(n))));
    } else {
        for (i, n) in names.into_iter().enumerate() {
            let c = (i == 0).then(|| code.to_string());
            block.push((c, Some(n)));
        }
    }
    block
}

fn put_block(doc: &mut [VLine], y: usize, block: &Block, project: bool, id: usize, copy: usize) {
    let (code_col, name_col) = if project { (0, 1) } else { (2, 3) };
    let mut name_no = 0;
    for (k, (code, name)) in block.iter().enumerate() {
        if let Some(c) = code {
            let owner = if project {
                Owner::ProjectCode(id, copy)
            } else {
                Owner::TaskCode(id, copy)
            };
            let frag = Frag {
                owner,
                text: c.clone(),
                cont: false,
            };
            set(doc, y + k, code_col, frag);
        }
        if let Some(n) = name {
            let owner = if project {
                Owner::ProjectName(id, copy)
            } else {
                Owner::TaskName(id, copy)
            };
            let frag = Frag {
                owner,
                text: n.clone(),
                cont: name_no > 0,
            };
            set(doc, y + k, name_col, frag);
            name_no += 1;
        }
    }
}

/// Offset of a block of height `b` inside a span of height `span` whose rows start at
/// `starts` (relative, the first is 0).
fn place(
    rng: &mut Rng,
    p: &Params,
    span: usize,
    b: usize,
    starts: &[usize],
    stats: &mut BTreeMap<&'static str, usize>,
) -> usize {
    if b >= span {
        return 0;
    }
    match rng.weighted(&p.placement) {
        0 => 0,
        1 => {
            let off = (span - b) / 2 + rng.below(1 + (span - b) % 2);
            if off > 0 {
                *stats.entry("label-middle").or_default() += 1;
            }
            off
        }
        _ => {
            let c: Vec<usize> = starts
                .iter()
                .copied()
                .filter(|&o| o > 0 && o + b <= span)
                .collect();
            if c.is_empty() {
                0
            } else {
                *stats.entry("label-after-rows").or_default() += 1;
                rng.pick(&c)
            }
        }
    }
}

struct RowL {
    idx: usize,
    code_above: bool,
    frags: Vec<String>,
    h: usize,
}

struct TCell {
    code: String,
    name: String,
    block: Block,
    rows: Vec<RowL>,
}

struct PCell {
    code: String,
    name: String,
    block: Block,
    tasks: Vec<TCell>,
}

struct Builder<'a> {
    gold: &'a Gold,
    p: Params,
    rng: Rng,
    doc: Vec<VLine>,
    cells: Vec<LabelCell>,
    /// Per gold row: project and task cell ids.
    row_cells: Vec<(usize, usize)>,
    stats: BTreeMap<&'static str, usize>,
}

impl Builder<'_> {
    fn count(&mut self, what: &'static str) {
        *self.stats.entry(what).or_default() += 1;
    }

    fn header(&mut self, ci: usize, c: &GoldCourse) {
        let title = format!("{}.{}：《{}》课程与能力对接表", c.no, c.category, c.name);
        self.doc.push(VLine::plain(&title, "title"));
        let boxes: Vec<String> = self
            .gold
            .categories
            .iter()
            .map(|k| {
                let mark = if *k == c.category {
                    '☑'
                } else {
                    self.gold.unticked
                };
                format!("{mark}{k}")
            })
            .collect();
        let boxes = format!("{} {}", c.level, boxes.join(" "));
        self.doc.push(VLine::plain(&boxes, "boxes"));
        let mut v = VLine::plain(NAME_LABEL, "name-label");
        v.slots[1] = Some(Frag {
            owner: Owner::CourseName(ci),
            text: c.name.clone(),
            cont: false,
        });
        self.doc.push(v);

        let desc = wrap(&c.description, self.p.desc_width);
        let n = desc.len();
        let (label_at, desc_at) = match self.rng.weighted(&self.p.desc_label) {
            0 => (0, 2),
            1 => {
                self.count("desc-label-beside");
                (0, 0)
            }
            _ => {
                self.count("desc-label-beside");
                (n.saturating_sub(2) / 2, 0)
            }
        };
        let base = self.doc.len();
        let height = (label_at + 2).max(desc_at + n);
        self.doc.extend((0..height).map(|_| VLine {
            kind: "desc",
            ..Default::default()
        }));
        for (k, l) in DESC_LABEL.iter().enumerate() {
            let frag = Frag {
                owner: Owner::DescLabel(ci),
                text: l.to_string(),
                cont: k > 0,
            };
            set(&mut self.doc, base + label_at + k, 0, frag);
        }
        for (k, d) in desc.into_iter().enumerate() {
            let frag = Frag {
                owner: Owner::Desc(ci),
                text: d,
                cont: k > 0,
            };
            set(&mut self.doc, base + desc_at + k, 1, frag);
        }
        if self.rng.chance(self.p.extra_label) {
            self.count("extra-label");
            self.doc.push(VLine::plain(EXTRA_LABEL, "extra-label"));
        }
        self.doc.push(VLine::plain(TABLE_HEADER, "table-header"));
    }

    fn table(&mut self, rows: &[usize]) {
        let gold = self.gold;
        let p = self.p.clone();
        let mut pcells: Vec<PCell> = Vec::new();
        for &i in rows {
            let r = &gold.rows[i];
            let frags = wrap(&r.competency_text, p.text_width);
            let code_above = self.rng.chance(p.code_above);
            if code_above {
                self.count("code-above");
            }
            let row = RowL {
                idx: i,
                code_above,
                h: frags.len() + usize::from(code_above),
                frags,
            };
            let new_project = pcells
                .last()
                .is_none_or(|pc| pc.code != r.project_code || pc.name != r.project_name);
            let same_task = !new_project && {
                let t = pcells.last().and_then(|pc| pc.tasks.last());
                t.is_some_and(|t| t.code == r.task_code && t.name == r.task_name)
            };
            let split_project = !new_project && !same_task && self.rng.chance(p.split_cell);
            if new_project || split_project {
                if split_project {
                    self.count("split-cell");
                }
                pcells.push(PCell {
                    code: r.project_code.clone(),
                    name: r.project_name.clone(),
                    block: Vec::new(),
                    tasks: Vec::new(),
                });
            }
            let split_task = same_task && self.rng.chance(p.split_cell);
            if split_task {
                self.count("split-cell");
            }
            let pc = pcells.last_mut().expect("pushed above");
            if !same_task || split_task || pc.tasks.is_empty() {
                pc.tasks.push(TCell {
                    code: r.task_code.clone(),
                    name: r.task_name.clone(),
                    block: Vec::new(),
                    rows: Vec::new(),
                });
            }
            pc.tasks.last_mut().expect("pushed above").rows.push(row);
        }

        // Label blocks taller than their rows stretch the last row.
        for pc in &mut pcells {
            for tc in &mut pc.tasks {
                tc.block = label_block(&mut self.rng, &p, &tc.code, &tc.name);
                let span: usize = tc.rows.iter().map(|r| r.h).sum();
                if tc.block.len() > span {
                    tc.rows.last_mut().expect("task has rows").h += tc.block.len() - span;
                    *self.stats.entry("row-stretched").or_default() += 1;
                }
            }
            pc.block = label_block(&mut self.rng, &p, &pc.code, &pc.name);
            let span: usize = pc.tasks.iter().flat_map(|t| &t.rows).map(|r| r.h).sum();
            if pc.block.len() > span {
                let last = pc.tasks.last_mut().expect("project has tasks");
                last.rows.last_mut().expect("task has rows").h += pc.block.len() - span;
                *self.stats.entry("row-stretched").or_default() += 1;
            }
        }

        for pc in &pcells {
            let pstart = self.doc.len();
            let mut p_starts = Vec::new();
            for tc in &pc.tasks {
                let tstart = self.doc.len();
                let mut t_starts = Vec::new();
                for row in &tc.rows {
                    let y0 = self.doc.len();
                    t_starts.push(y0);
                    p_starts.push(y0);
                    self.doc.extend((0..row.h).map(|k| VLine {
                        table: true,
                        row_start: k == 0,
                        ..Default::default()
                    }));
                    let code = Frag {
                        owner: Owner::CompCode(row.idx),
                        text: gold.rows[row.idx].competency_code.clone(),
                        cont: false,
                    };
                    set(&mut self.doc, y0, 4, code);
                    let first = y0 + usize::from(row.code_above);
                    for (j, f) in row.frags.iter().enumerate() {
                        let frag = Frag {
                            owner: Owner::CompText(row.idx),
                            text: f.clone(),
                            cont: j > 0,
                        };
                        set(&mut self.doc, first + j, 5, frag);
                    }
                }
                let tend = self.doc.len();
                let rel: Vec<usize> = t_starts.iter().map(|y| y - tstart).collect();
                let off = place(
                    &mut self.rng,
                    &p,
                    tend - tstart,
                    tc.block.len(),
                    &rel,
                    &mut self.stats,
                );
                let id = self.cells.len();
                for row in &tc.rows {
                    self.row_cells[row.idx].1 = id;
                }
                put_block(&mut self.doc, tstart + off, &tc.block, false, id, 0);
                self.cells.push(LabelCell {
                    project: false,
                    code: tc.code.clone(),
                    name: tc.name.clone(),
                    span: (tstart, tend),
                    orig: (tstart + off, tstart + off + tc.block.len()),
                    row_starts: t_starts,
                });
            }
            let pend = self.doc.len();
            let rel: Vec<usize> = p_starts.iter().map(|y| y - pstart).collect();
            let off = place(
                &mut self.rng,
                &p,
                pend - pstart,
                pc.block.len(),
                &rel,
                &mut self.stats,
            );
            let id = self.cells.len();
            for row in pc.tasks.iter().flat_map(|t| &t.rows) {
                self.row_cells[row.idx].0 = id;
            }
            put_block(&mut self.doc, pstart + off, &pc.block, true, id, 0);
            self.cells.push(LabelCell {
                project: true,
                code: pc.code.clone(),
                name: pc.name.clone(),
                span: (pstart, pend),
                orig: (pstart + off, pstart + off + pc.block.len()),
                row_starts: p_starts,
            });
        }
    }

    /// Labels of cells that run onto a new page, printed again there.
    fn reprints(&mut self) {
        let n = self.p.page_lines;
        let p = self.p.clone();
        for id in 0..self.cells.len() {
            let cell = self.cells[id].clone();
            let (s, e) = cell.span;
            let mut copy = 0;
            let mut bnd = (s / n + 1) * n;
            while bnd < e {
                let seg = (bnd, e.min(bnd + n));
                bnd += n;
                if !self.rng.chance(p.reprint) {
                    continue;
                }
                let block = label_block(&mut self.rng, &p, &cell.code, &cell.name);
                let len = seg.1 - seg.0;
                let overlaps = cell.orig.0 < seg.1 && seg.0 < cell.orig.1;
                if block.len() > len || overlaps {
                    continue;
                }
                let mut starts = vec![0];
                starts.extend(
                    cell.row_starts
                        .iter()
                        .filter(|&&y| y > seg.0 && y < seg.1)
                        .map(|y| y - seg.0),
                );
                let off = place(
                    &mut self.rng,
                    &p,
                    len,
                    block.len(),
                    &starts,
                    &mut self.stats,
                );
                copy += 1;
                self.count("label-reprinted");
                put_block(&mut self.doc, seg.0 + off, &block, cell.project, id, copy);
            }
        }
    }
}

struct Out {
    lines: Vec<String>,
    sigs: Vec<String>,
    page: u32,
    pending_page: bool,
}

impl Out {
    fn emit(&mut self, rng: &mut Rng, p: &Params, text: &str, sig: String) -> u32 {
        if !self.lines.is_empty() && rng.chance(p.blank) {
            let k = if rng.chance(0.1) { rng.range(2, 3) } else { 1 };
            for _ in 0..k {
                self.lines.push(String::new());
                self.sigs.push(String::new());
            }
        }
        let mut s = String::new();
        if self.pending_page {
            s.push(' ');
            self.page += 1;
            self.pending_page = false;
        }
        s.push_str(text);
        self.lines.push(s);
        self.sigs.push(sig);
        self.lines.len() as u32
    }
}

/// The dump for `seed`, layout knobs drawn from the seed.
pub fn generate(gold: &Gold, seed: u64) -> Generated {
    generate_with(gold, seed, |_| {})
}

/// The dump for `seed` with some knobs overridden after drawing.
pub fn generate_with(gold: &Gold, seed: u64, adjust: impl FnOnce(&mut Params)) -> Generated {
    let mut rng = Rng::new(seed);
    let mut params = Params::random(&mut rng);
    adjust(&mut params);
    let mut b = Builder {
        gold,
        p: params.clone(),
        rng,
        doc: Vec::new(),
        cells: Vec::new(),
        row_cells: vec![(usize::MAX, usize::MAX); gold.rows.len()],
        stats: BTreeMap::new(),
    };
    b.doc.push(VLine::plain(&gold.title, "doc-title"));
    for l in wrap(&gold.intro, params.desc_width) {
        b.doc.push(VLine::plain(&l, "intro"));
    }
    for (ci, course) in gold.courses.iter().enumerate() {
        b.header(ci, course);
        let rows: Vec<usize> = (0..gold.rows.len())
            .filter(|&i| gold.rows[i].course_no == course.no)
            .collect();
        b.table(&rows);
    }
    b.reprints();

    let Builder {
        mut rng,
        doc,
        cells,
        row_cells,
        mut stats,
        ..
    } = b;
    let p = params;
    let n = p.page_lines;
    let mut out = Out {
        lines: Vec::new(),
        sigs: Vec::new(),
        page: 0,
        pending_page: true,
    };
    let mut row_at: Vec<Option<(u32, u32)>> = vec![None; gold.rows.len()];
    let mut strays = Vec::new();
    let mut printed = Vec::new();
    let mut continued_at = None;
    let tied = width_ties(&doc, p.name_width, p.text_width);
    let mut ties = Vec::new();
    let mut tie_vlines = Vec::new();
    for i in 0..doc.len() {
        if i > 0 && i % n == 0 {
            if rng.chance(p.leak) {
                let num = (i / n).to_string();
                let line = out.emit(&mut rng, &p, &num, "page-number".into());
                strays.push((num, line));
                *stats.entry("page-number").or_default() += 1;
            }
            out.pending_page = true;
            let prev = &doc[i - 1];
            if prev.slots[4].is_some() && prev.slots[5].is_none() {
                *stats.entry("code-then-page-break").or_default() += 1;
            }
            if doc[i].table && doc[i].slots[5].as_ref().is_some_and(|f| f.cont) {
                *stats.entry("text-across-page").or_default() += 1;
            }
            if doc[i].table && rng.chance(p.continued) {
                let first_row = (i..(i + 4).min(doc.len())).find(|&j| doc[j].row_start);
                continued_at = match first_row {
                    Some(j) if rng.chance(0.5) => Some(j),
                    _ => Some(i),
                };
            }
        }
        if continued_at == Some(i) {
            out.emit(&mut rng, &p, CONTINUED, "continued".into());
            continued_at = None;
            *stats.entry("continued").or_default() += 1;
        }
        let v = &doc[i];
        let text = v.render();
        if text.is_empty() {
            continue;
        }
        let codes = v.slots.iter().flatten().filter(|f| {
            matches!(
                f.owner,
                Owner::ProjectCode(..) | Owner::TaskCode(..) | Owner::CompCode(_)
            )
        });
        if v.table
            && codes.count() == 0
            && v.slots[5].is_some()
            && v.slots[..4].iter().any(Option::is_some)
        {
            *stats.entry("label-beside-text-no-code").or_default() += 1;
        }
        let mut sig = v.sig();
        if !tied[i].is_empty() {
            sig.push_str(" (tie)");
            *stats.entry("width-tie").or_default() += 1;
        }
        let line = out.emit(&mut rng, &p, &text, sig);
        if !tied[i].is_empty() {
            ties.push(line);
            tie_vlines.push(i);
        }
        for (col, slot) in v.slots.iter().enumerate() {
            if let Some(f) = slot {
                if let Owner::CompCode(r) = f.owner {
                    row_at[r] = Some((line, out.page));
                }
                printed.push(Printed {
                    line,
                    vline: i,
                    col,
                    frag: f.clone(),
                });
            }
        }
    }

    let rows = gold
        .rows
        .iter()
        .zip(&row_at)
        .zip(&row_cells)
        .map(|((g, at), &(project_cell, task_cell))| {
            let (line, page) = at.unwrap_or_else(|| {
                panic!("generator bug: row {} never printed", g.competency_code)
            });
            ExpectedRow {
                gold: g.clone(),
                line,
                page,
                project_cell,
                task_cell,
            }
        })
        .collect();
    let undecidable = undecidable(gold, &cells, &printed, &tied);
    Generated {
        seed,
        params: p,
        lines: out.lines,
        sigs: out.sigs,
        title: gold.title.clone(),
        courses: gold.courses.clone(),
        rows,
        strays,
        cells,
        printed,
        pages: out.page,
        stats,
        vlines: doc.len(),
        ties,
        tie_vlines,
        undecidable,
    }
}

/// Visual lines holding a fragment that, by the column widths alone, could as well belong
/// to another column: only names or texts seen elsewhere in the document can tell.
///
/// - a name's continued fragment alone in the label columns, under a full line of the
///   other name column whose cell ends there;
/// - a text's continued fragment alone on its line, narrow enough for a name, under a full
///   name line whose cell ends there;
/// - a name's continued fragment with nothing after it but text, under a full text line,
///   narrow enough to be that text's next line.
fn width_ties(doc: &[VLine], name_width: usize, text_width: usize) -> Vec<Vec<(Owner, Owner)>> {
    fn frag(v: &VLine, col: usize) -> Option<&str> {
        v.slots[col].as_ref().map(|f| f.text.as_str())
    }
    fn owner(v: &VLine, col: usize) -> Option<Owner> {
        v.slots[col].as_ref().map(|f| f.owner)
    }
    let name_full = |g: &str, f: &str| width(g) + first_piece_width(f) > name_width;
    let text_full = |g: &str, f: &str| width(g) + 1 + first_piece_width(f) > text_width;
    (0..doc.len())
        .map(|y| {
            let mut involved = Vec::new();
            if y == 0 || !doc[y].table || !doc[y - 1].table {
                return involved;
            }
            let (v, above) = (&doc[y], &doc[y - 1]);
            let cont = |col: usize| v.slots[col].as_ref().is_some_and(|f| f.cont);
            let none = |cols: &[usize]| cols.iter().all(|&c| v.slots[c].is_none());
            // (the continued fragment's column, the column above it could continue)
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            if cont(1)
                && none(&[2, 3])
                && frag(above, 3).is_some_and(|g| name_full(g, frag(v, 1).unwrap_or_default()))
            {
                pairs.push((1, 3));
            }
            if cont(3)
                && none(&[0, 1])
                && frag(above, 1).is_some_and(|g| name_full(g, frag(v, 3).unwrap_or_default()))
            {
                pairs.push((3, 1));
            }
            if cont(5) && none(&[0, 1, 2, 3, 4]) {
                let f = frag(v, 5).unwrap_or_default();
                for c in [1, 3] {
                    if width(f) <= name_width && frag(above, c).is_some_and(|g| name_full(g, f)) {
                        pairs.push((5, c));
                    }
                }
            }
            if v.slots[4].is_none() {
                for (c, right) in [(1, &[2, 3][..]), (3, &[][..])] {
                    if cont(c) && none(right) {
                        let f = frag(v, c).unwrap_or_default();
                        // Read as text, the line is one run, whose first piece may be
                        // wider than the name fragment (a space binds `则 TiktokShop`).
                        let run = match frag(v, 5) {
                            Some(h) => format!("{f} {h}"),
                            None => f.to_string(),
                        };
                        if width(&run) <= text_width
                            && frag(above, 5).is_some_and(|g| text_full(g, &run))
                        {
                            pairs.push((c, 5));
                        }
                    }
                }
            }
            for (here, up) in pairs {
                if let (Some(a), Some(b)) = (owner(v, here), owner(above, up)) {
                    involved.push((a, b));
                }
            }
            involved
        })
        .collect()
}

/// Cells and texts by code (level 0 project name, 1 task name, 2 competency text) that
/// the dump cannot settle: a width tie lets a fragment go to either of two texts, and
/// neither is settled anywhere else. A printing outside every tie settles its code (the
/// same code has the same name and text in every course); a tie whose other side is
/// settled is settled too; what is left after that no reader of the dump can divide.
fn undecidable(
    gold: &Gold,
    cells: &[LabelCell],
    printed: &[Printed],
    tied: &[Vec<(Owner, Owner)>],
) -> BTreeSet<(usize, String)> {
    let key = |o: Owner| -> Option<(usize, String)> {
        match o {
            Owner::ProjectName(id, _) => Some((0, cells[id].code.clone())),
            Owner::TaskName(id, _) => Some((1, cells[id].code.clone())),
            Owner::CompText(r) => Some((2, gold.rows[r].competency_code.clone())),
            _ => None,
        }
    };
    // Each printing (owner) and the owners it is tied with.
    let mut partners: BTreeMap<Owner, Vec<Owner>> = BTreeMap::new();
    for f in printed {
        if key(f.frag.owner).is_some() {
            partners.entry(f.frag.owner).or_default();
        }
    }
    for &(a, b) in tied.iter().flatten() {
        partners.entry(a).or_default().push(b);
        partners.entry(b).or_default().push(a);
    }
    let mut settled: BTreeSet<(usize, String)> = BTreeSet::new();
    loop {
        let before = settled.len();
        for (owner, with) in &partners {
            let Some(k) = key(*owner) else { continue };
            if with
                .iter()
                .all(|o| key(*o).is_some_and(|ko| settled.contains(&ko)))
            {
                settled.insert(k);
            }
        }
        if settled.len() == before {
            break;
        }
    }
    partners
        .keys()
        .filter_map(|o| key(*o))
        .filter(|k| !settled.contains(k))
        .collect()
}
