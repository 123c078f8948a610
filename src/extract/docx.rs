//! Word documents (DOCX) read into [`Block`]s: paragraphs and tables in document order.
//!
//! - Paragraph text: runs (`w:t`), tabs (`w:tab`, read as a space), line breaks (`w:br`,
//!   `w:cr`: the pieces joined by the joining rule), no-break hyphens; soft hyphens dropped;
//!   field codes (`w:instrText`) dropped and their results kept; content controls
//!   (`w:sdt`) read through; symbols (`w:sym`, and runs in a Wingdings font) mapped to the
//!   box marks they draw; content-control check boxes (`w14:checkbox`) read as ☑/☐.
//! - Tracked changes are read as accepted (`w:ins`, `w:moveTo` kept; `w:del`, `w:moveFrom`
//!   dropped) and the paragraph is marked [`Para::changed`]. Comments are not read.
//! - List numbering (`w:numPr` on the paragraph or its style) is computed from
//!   `numbering.xml` and put before the text, as Word shows it (`1.`, `一、`).
//! - Tables: `w:gridSpan` and `w:gridBefore` place cells on the grid, `w:vMerge` continue
//!   marks a cell continuing the one above. A table inside a cell is not read as rows: its
//!   text is kept in [`Table::nested`].
//! - Locations: `page` 0 (a DOCX has no pages until laid out); `line` the 1-based number
//!   of the paragraph in document order, counting every `w:p` of the body that is not
//!   inside another `w:p` (a text box's paragraphs belong to the paragraph holding it),
//!   paragraphs in table cells included.

use super::blocks::{Block, GridCell, Original, OriginalKind, Para, Table};
use super::container::{bad, Zip};
use super::limits::Limits;
use crate::error::Result;
use crate::model::Loc;
use crate::vocab::lexicon;
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;
use std::path::Path;

/// XML nodes one part may hold: a 400-page standard's `document.xml` has about two million;
/// the limit bounds the memory of the tree (about 50 bytes a node) whatever the part holds.
const MAX_XML_NODES: u32 = 20_000_000;

/// The namespace of `w14:checkbox` (Word 2010 content-control check boxes).
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

/// Read the DOCX in `bytes`.
pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Original> {
    let mut zip = Zip::open(path, bytes, limits)?;
    let document = zip.read_string("word/document.xml")?;
    let numbering = match zip.read_opt("word/numbering.xml")? {
        Some(b) => Some(super::container::utf8(path, "word/numbering.xml", b)?),
        None => None,
    };
    let styles = match zip.read_opt("word/styles.xml")? {
        Some(b) => Some(super::container::utf8(path, "word/styles.xml", b)?),
        None => None,
    };
    let doc = parse_xml(path, "word/document.xml", &document)?;
    let mut numbers = Numbering::default();
    // Numbering matters only when a paragraph is numbered, directly or by its style.
    let numbered = document.contains("numPr") || document.contains("pStyle");
    if let Some(n) = numbering.as_deref().filter(|_| numbered) {
        numbers.read(&parse_xml(path, "word/numbering.xml", n)?);
        // Styles matter only for numbering through a paragraph style: parsed (it is often
        // a third of the document's size) only when a numbered list exists and a
        // paragraph names a style.
        if let Some(s) = styles
            .as_deref()
            .filter(|_| !numbers.nums.is_empty() && document.contains("pStyle"))
        {
            numbers.read_styles(&parse_xml(path, "word/styles.xml", s)?);
        }
    }
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| bad(path, "word/document.xml has no w:body"))?;
    let mut reader = Reader {
        numbers,
        line: 0,
        blocks: Vec::new(),
    };
    reader.body(body);
    Ok(Original {
        path: path.to_path_buf(),
        kind: OriginalKind::Docx,
        blocks: reader.blocks,
        pages: 0,
    })
}

/// Parse one XML part: no DTD (so no entity expansion), at most [`MAX_XML_NODES`] nodes.
pub fn parse_xml<'a>(path: &Path, name: &str, text: &'a str) -> Result<Document<'a>> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let why = match e {
            roxmltree::Error::DtdDetected => {
                "it declares a DTD (entities are not expanded: a DOCX never has one)".to_string()
            }
            e => e.to_string(),
        };
        bad(path, format!("{name} is not readable XML: {why}"))
    })
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, name))
}

/// An attribute by local name, whatever its namespace (`w:val`).
fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    attr(n, "val")
}

/// Tracked-change elements: insertions, deletions, moves and formatting changes.
fn is_change(n: &Node) -> bool {
    n.is_element()
        && matches!(
            n.tag_name().name(),
            "ins"
                | "del"
                | "moveFrom"
                | "moveTo"
                | "rPrChange"
                | "pPrChange"
                | "tblPrChange"
                | "trPrChange"
                | "tcPrChange"
                | "sectPrChange"
                | "numberingChange"
                | "cellIns"
                | "cellDel"
                | "cellMerge"
        )
}

struct Reader {
    numbers: Numbering,
    line: u32,
    blocks: Vec<Block>,
}

impl Reader {
    fn next_loc(&mut self) -> Loc {
        self.line += 1;
        Loc::new(0, self.line)
    }

    fn body(&mut self, node: Node) {
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" => {
                    let p = self.para(n);
                    self.blocks.push(Block::Para(p));
                }
                "tbl" => {
                    let t = self.table(n);
                    self.blocks.push(Block::Table(t));
                }
                "sdt" => {
                    if let Some(c) = child(n, "sdtContent") {
                        self.body(c);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.body(n),
                _ => {}
            }
        }
    }

    fn para(&mut self, p: Node) -> Para {
        let loc = self.next_loc();
        let mut t = Text::default();
        if let Some(label) = self.numbers.label(p) {
            t.cur.push_str(&label);
        }
        runs(p, None, &mut t);
        Para {
            text: t.finish(),
            loc,
            changed: p.descendants().any(|d| is_change(&d)),
        }
    }

    fn table(&mut self, tbl: Node) -> Table {
        let mut table = Table::default();
        let mut rows = Vec::new();
        collect_named(tbl, "tr", &mut rows);
        for tr in rows {
            let mut col = child(tr, "trPr")
                .and_then(|p| child(p, "gridBefore"))
                .and_then(val)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut cells = Vec::new();
            let mut tcs = Vec::new();
            collect_named(tr, "tc", &mut tcs);
            for tc in tcs {
                let pr = child(tc, "tcPr");
                let span = pr
                    .and_then(|p| child(p, "gridSpan"))
                    .and_then(val)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .max(1);
                let continues = pr
                    .and_then(|p| child(p, "vMerge"))
                    .is_some_and(|m| val(m).is_none_or(|v| v == "continue"));
                let mut cell = GridCell {
                    col,
                    span,
                    continues,
                    // Cell-level changes (cellIns, tcPrChange) and those of its paragraphs.
                    changed: pr.is_some_and(|p| p.children().any(|d| is_change(&d))),
                    ..GridCell::default()
                };
                self.cell(tc, &mut cell, &mut table.nested);
                col += span;
                cells.push(cell);
            }
            table.rows.push(cells);
        }
        table
    }

    /// The paragraphs of a cell joined by the joining rule; nested tables to `nested`.
    fn cell(&mut self, node: Node, cell: &mut GridCell, nested: &mut Vec<Para>) {
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" => {
                    let p = self.para(n);
                    if cell.loc.line == 0 {
                        cell.loc = p.loc;
                    }
                    cell.changed |= p.changed;
                    lexicon::join_wrapped(&mut cell.text, &p.text);
                }
                "tbl" => {
                    let inner = self.table(n);
                    nested.extend(inner.nested);
                    for row in inner.rows {
                        for c in row {
                            if !c.text.is_empty() {
                                nested.push(Para {
                                    text: c.text,
                                    loc: c.loc,
                                    changed: c.changed,
                                });
                            }
                        }
                    }
                }
                "sdt" => {
                    if let Some(c) = child(n, "sdtContent") {
                        self.cell(c, cell, nested);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.cell(n, cell, nested),
                _ => {}
            }
        }
    }
}

/// Elements named `name` among the children of `node`, looking through content controls
/// and custom XML wrappers (not into nested tables).
fn collect_named<'a, 'i>(node: Node<'a, 'i>, name: &str, out: &mut Vec<Node<'a, 'i>>) {
    for n in node.children().filter(Node::is_element) {
        let tag = n.tag_name().name();
        if tag == name {
            out.push(n);
        } else if tag == "sdt" {
            if let Some(c) = child(n, "sdtContent") {
                collect_named(c, name, out);
            }
        } else if matches!(tag, "customXml" | "ins" | "moveTo") {
            collect_named(n, name, out);
        }
    }
}

/// A paragraph's text as it is built: the pieces between line breaks.
#[derive(Default)]
struct Text {
    done: String,
    cur: String,
}

impl Text {
    fn push(&mut self, s: &str) {
        self.cur.extend(
            s.chars()
                .filter(|&c| c != '\u{AD}')
                .map(|c| if c == '\t' { ' ' } else { c }),
        );
    }

    fn line_break(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        lexicon::join_wrapped(&mut self.done, &cur);
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.done
    }
}

/// The symbol font of a run (`w:rFonts` naming a Wingdings font), if any.
fn symbol_font<'a>(r: Node<'a, '_>) -> Option<&'a str> {
    let fonts = child(r, "rPr").and_then(|p| child(p, "rFonts"))?;
    ["ascii", "hAnsi", "cs", "eastAsia"]
        .iter()
        .filter_map(|a| attr(fonts, a))
        .find(|f| f.to_ascii_lowercase().starts_with("wingdings"))
}

/// The text of a paragraph's content, in order.
fn runs(node: Node, font: Option<&str>, t: &mut Text) {
    for n in node.children() {
        if n.is_text() {
            continue;
        }
        if !n.is_element() {
            continue;
        }
        match n.tag_name().name() {
            "t" => {
                let s = n.text().unwrap_or("");
                match font {
                    Some(f) => {
                        let mapped: String = s.chars().map(|c| symbol(f, c as u32)).collect();
                        t.push(&mapped);
                    }
                    None => t.push(s),
                }
            }
            "tab" | "ptab" => t.push(" "),
            "br" | "cr" => t.line_break(),
            "noBreakHyphen" => t.push("-"),
            "sym" => {
                let f = attr(n, "font").unwrap_or("");
                if let Some(code) = attr(n, "char").and_then(|c| u32::from_str_radix(c, 16).ok()) {
                    t.cur.push(symbol(f, code));
                }
            }
            "r" => runs(n, symbol_font(n), t),
            "sdt" => {
                let pr = child(n, "sdtPr");
                let checkbox = pr.and_then(|p| {
                    p.children().find(|c| {
                        c.tag_name().name() == "checkbox" && c.tag_name().namespace() == Some(W14)
                    })
                });
                if let Some(cb) = checkbox {
                    let checked = cb
                        .children()
                        .find(|c| c.tag_name().name() == "checked")
                        .and_then(val)
                        .is_some_and(|v| v == "1" || v == "true");
                    t.cur.push(if checked { '☑' } else { '☐' });
                } else if let Some(c) = child(n, "sdtContent") {
                    runs(c, font, t);
                }
            }
            // Deleted text, field instructions, properties, comment marks, the fallback
            // copy of alternate content, notes' references: not the text as it reads.
            "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rPr" | "pPr"
            | "sdtPr" | "sdtEndPr" | "fldChar" | "commentReference" | "footnoteReference"
            | "endnoteReference" | "Fallback" | "annotationRef" => {}
            _ => runs(n, font, t),
        }
    }
}

/// What a symbol-font code point draws, as the character the checkbox rules know; other
/// symbols stay private-use characters (then an `unmapped-glyphs` finding names them).
/// Word stores symbol-font characters either as the byte (`FE`) or in the private-use
/// page `F0xx`.
pub fn symbol(font: &str, code: u32) -> char {
    let byte = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let f = font.to_ascii_lowercase().replace(' ', "");
    let mapped = match (f.as_str(), byte) {
        // Wingdings: þ (FE) ballot box with check, ý (FD) with X, ¨ (A8) / o (6F) / q (71)
        // empty boxes, ü (FC) check mark.
        ("wingdings", 0xFE) => Some('☑'),
        ("wingdings", 0xFD) => Some('☒'),
        ("wingdings", 0xA8 | 0x6F | 0x71) => Some('☐'),
        ("wingdings", 0xFC) => Some('✓'),
        // Wingdings 2: R ballot box with check, S/T with X, £ and * empty boxes, P check.
        ("wingdings2", 0x52) => Some('☑'),
        ("wingdings2", 0x53 | 0x54) => Some('☒'),
        ("wingdings2", 0xA3 | 0x2A) => Some('☐'),
        ("wingdings2", 0x50) => Some('✓'),
        _ => None,
    };
    if f.starts_with("wingdings") || f == "symbol" {
        mapped.unwrap_or_else(|| char::from_u32(0xF000 + byte).unwrap_or('\u{FFFD}'))
    } else {
        char::from_u32(code).unwrap_or('\u{FFFD}')
    }
}

// ---------------------------------------------------------------------------------------
// List numbering

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct LevelDef {
    start: u32,
    format: String,
    text: String,
}

/// `numbering.xml`: list instances, their definitions, the counters so far.
#[derive(Debug, Default)]
struct Numbering {
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    abstracts: HashMap<String, Vec<LevelDef>>,
    /// styleId → (numId, ilvl), for paragraphs numbered by their style.
    styles: HashMap<String, (String, usize)>,
    /// Counters per list (the abstract definition, or the instance when it restarts).
    counters: HashMap<String, [u32; 9]>,
}

/// Deepest list level Word has (0–8).
const LIST_LEVELS: usize = 9;

impl Numbering {
    fn read(&mut self, doc: &Document) {
        for n in doc.root_element().children().filter(Node::is_element) {
            match n.tag_name().name() {
                "abstractNum" => {
                    let Some(id) = attr(n, "abstractNumId") else {
                        continue;
                    };
                    let mut levels = vec![LevelDef::default(); LIST_LEVELS];
                    for l in n.children().filter(|c| is(c, "lvl")) {
                        let Some(i) = attr(l, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                            continue;
                        };
                        if i >= LIST_LEVELS {
                            continue;
                        }
                        levels[i] = LevelDef {
                            start: child(l, "start")
                                .and_then(val)
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                            format: child(l, "numFmt")
                                .and_then(val)
                                .unwrap_or("decimal")
                                .to_string(),
                            text: child(l, "lvlText").and_then(val).unwrap_or("").to_string(),
                        };
                    }
                    self.abstracts.insert(id.to_string(), levels);
                }
                "num" => {
                    let (Some(id), Some(abs)) =
                        (attr(n, "numId"), child(n, "abstractNumId").and_then(val))
                    else {
                        continue;
                    };
                    let mut starts = HashMap::new();
                    for o in n.children().filter(|c| is(c, "lvlOverride")) {
                        let lvl = attr(o, "ilvl").and_then(|v| v.parse::<usize>().ok());
                        let start = child(o, "startOverride")
                            .and_then(val)
                            .and_then(|v| v.parse::<u32>().ok());
                        if let (Some(l), Some(s)) = (lvl, start) {
                            starts.insert(l, s);
                        }
                    }
                    self.nums.insert(id.to_string(), (abs.to_string(), starts));
                }
                _ => {}
            }
        }
    }

    fn read_styles(&mut self, doc: &Document) {
        for s in doc.root_element().children().filter(|c| is(c, "style")) {
            let Some(id) = attr(s, "styleId") else {
                continue;
            };
            let Some(num) = child(s, "pPr").and_then(|p| child(p, "numPr")) else {
                continue;
            };
            if let Some(num_id) = child(num, "numId").and_then(val) {
                let ilvl = child(num, "ilvl")
                    .and_then(val)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                self.styles
                    .insert(id.to_string(), (num_id.to_string(), ilvl));
            }
        }
    }

    /// The list label of a paragraph (`1.`), counting it; `None` when it is not numbered.
    fn label(&mut self, p: Node) -> Option<String> {
        let ppr = child(p, "pPr")?;
        let (num_id, ilvl) = match child(ppr, "numPr") {
            Some(num) => {
                let id = child(num, "numId").and_then(val)?.to_string();
                let lvl = child(num, "ilvl")
                    .and_then(val)
                    .and_then(|v| v.parse().ok());
                let style_lvl = child(ppr, "pStyle")
                    .and_then(val)
                    .and_then(|s| self.styles.get(s))
                    .map(|s| s.1);
                (id, lvl.or(style_lvl).unwrap_or(0))
            }
            None => {
                let style = child(ppr, "pStyle").and_then(val)?;
                self.styles.get(style)?.clone()
            }
        };
        let (abs, starts) = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(abs)?;
        let ilvl = ilvl.min(LIST_LEVELS - 1);
        let def = &levels[ilvl];
        if matches!(def.format.as_str(), "bullet" | "none") {
            return None;
        }
        // A list instance that restarts counts on its own; others continue their definition.
        let key = if starts.is_empty() {
            format!("a{abs}")
        } else {
            format!("n{num_id}")
        };
        let start_of = |l: usize| starts.get(&l).copied().unwrap_or(levels[l].start);
        let counters = self.counters.entry(key).or_insert([0; LIST_LEVELS]);
        counters[ilvl] = if counters[ilvl] == 0 {
            start_of(ilvl)
        } else {
            counters[ilvl] + 1
        };
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let mut text = def.text.clone();
        for (l, level) in levels.iter().enumerate().take(ilvl + 1) {
            let n = if counters[l] == 0 {
                start_of(l)
            } else {
                counters[l]
            };
            text = text.replace(&format!("%{}", l + 1), &format_number(n, &level.format));
        }
        Some(text)
    }
}

/// A list counter in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" => format!("{n:02}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "upperLetter" | "lowerLetter" => {
            let c = (b'A' + ((n.max(1) - 1) % 26) as u8) as char;
            if format == "lowerLetter" {
                c.to_ascii_lowercase().to_string()
            } else {
                c.to_string()
            }
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), |c| c.to_string())
        }
        _ => n.to_string(),
    }
}

/// `n` in Chinese numerals (一, 十二, 二十三), as Word's Chinese counting formats print it
/// up to 99; larger numbers in digits.
fn chinese(n: u32) -> String {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                String::new()
            } else {
                D[(n % 10) as usize].to_string()
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                String::new()
            } else {
                D[(n % 10) as usize].to_string()
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_map_to_box_marks() {
        let cases = [
            ("Wingdings", 0xF0FE, '☑'),
            ("Wingdings", 0xFE, '☑'),
            ("Wingdings", 0xF0A8, '☐'),
            ("Wingdings 2", 0xF052, '☑'),
            ("Wingdings 2", 0xF0A3, '☐'),
            ("Wingdings 2", 0x54, '☒'),
            ("Wingdings", 0xF041, '\u{F041}'),
            ("SimSun", 0x2611, '☑'),
        ];
        for (font, code, want) in cases {
            assert_eq!(symbol(font, code), want, "{font} {code:X}");
        }
    }

    #[test]
    fn list_numbers_format() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "decimalZero"), "03");
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(20, "chineseCounting"), "二十");
        assert_eq!(format_number(23, "chineseCountingThousand"), "二十三");
        assert_eq!(format_number(2, "upperLetter"), "B");
    }
}
