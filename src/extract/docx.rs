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
use super::xml::{element, local, xattr, Text, Xml, DTD_REFUSED, MAX_XML_NODES};
use crate::error::Result;
use crate::model::Loc;
use crate::vocab::lexicon;
use quick_xml::events::Event;
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;
use std::path::Path;

/// The namespace of `w14:checkbox` (Word 2010 content-control check boxes).
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

/// The part read as a stream.
const DOCUMENT: &str = "word/document.xml";

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
    Ok(Original {
        path: path.to_path_buf(),
        kind: OriginalKind::Docx,
        blocks: blocks(path, &document, numbers)?,
        pages: 0,
    })
}

/// The blocks of `document.xml`, numbered by `numbers`.
fn blocks(path: &Path, document: &str, numbers: Numbering) -> Result<Vec<Block>> {
    let mut reader = Reader {
        xml: Xml::new(path, DOCUMENT, document, is_change),
        numbers,
        line: 0,
        blocks: Vec::new(),
    };
    reader.document()?;
    Ok(reader.blocks)
}

/// Parse one XML part into a tree (`numbering.xml`, `styles.xml`, which are looked up,
/// not read in order): no DTD (so no entity expansion), at most [`MAX_XML_NODES`] nodes.
pub fn parse_xml<'a>(path: &Path, name: &str, text: &'a str) -> Result<Document<'a>> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let why = match e {
            roxmltree::Error::DtdDetected => DTD_REFUSED.to_string(),
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
fn is_change(name: &str) -> bool {
    matches!(
        name,
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

/// What numbers a paragraph in its `w:pPr`: `w:numPr` and `w:pStyle`.
#[derive(Debug, Default)]
struct NumProps {
    /// The paragraph has a `w:numPr`.
    num_pr: bool,
    num_id: Option<String>,
    ilvl: Option<usize>,
    style: Option<String>,
}

struct Reader<'a> {
    xml: Xml<'a>,
    numbers: Numbering,
    line: u32,
    blocks: Vec<Block>,
}

impl Reader<'_> {
    fn next_loc(&mut self) -> Loc {
        self.line += 1;
        Loc::new(0, self.line)
    }

    /// The document: the first `w:body` of the root element read, the rest checked to
    /// be well-formed.
    fn document(&mut self) -> Result<()> {
        let mut body = false;
        loop {
            let event = self.xml.event()?;
            if matches!(event, Event::Eof) {
                break;
            }
            let depth = self.xml.depth;
            let Some((e, open)) = element(event) else {
                continue;
            };
            // The root is open at depth 1; its children start at depth 2 (1 when empty).
            let child_of_root = if open { depth == 2 } else { depth == 1 };
            if child_of_root && !body && local(&e) == "body" {
                body = true;
                if open {
                    self.body()?;
                }
            } else if open && depth > 1 {
                self.xml.skip()?;
            }
        }
        if body {
            Ok(())
        } else {
            Err(bad(self.xml.path, "word/document.xml has no w:body"))
        }
    }

    /// The children of a content control (`w:sdt`) just started: its (first) content by
    /// `inner`, its properties skipped.
    fn sdt_content(&mut self, mut inner: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        let mut content = false;
        loop {
            match self.xml.event()? {
                Event::Start(e) if !content && local(&e) == "sdtContent" => {
                    content = true;
                    inner(self)?;
                }
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                _ => {}
            }
        }
    }

    /// The children of the body (or of a wrapper in it), to the end of that element.
    fn body(&mut self) -> Result<()> {
        loop {
            match self.xml.event()? {
                Event::Start(e) => match local(&e) {
                    "p" => {
                        let p = self.para()?;
                        self.blocks.push(Block::Para(p));
                    }
                    "tbl" => {
                        let t = self.table()?;
                        self.blocks.push(Block::Table(t));
                    }
                    "sdt" => self.sdt_content(Self::body)?,
                    "customXml" | "ins" | "moveTo" => self.body()?,
                    _ => self.xml.skip()?,
                },
                Event::Empty(e) => match local(&e) {
                    "p" => {
                        let p = self.empty_para();
                        self.blocks.push(Block::Para(p));
                    }
                    "tbl" => self.blocks.push(Block::Table(Table::default())),
                    _ => {}
                },
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                _ => {}
            }
        }
    }

    /// An empty-element paragraph (`<w:p/>`).
    fn empty_para(&mut self) -> Para {
        Para {
            text: String::new(),
            loc: self.next_loc(),
            changed: false,
        }
    }

    /// The paragraph just started: its list label, then its content.
    fn para(&mut self) -> Result<Para> {
        let loc = self.next_loc();
        let outer = std::mem::take(&mut self.xml.changed);
        let mut t = Text::default();
        let mut props = false;
        loop {
            match self.xml.event()? {
                Event::Start(e) if !props && local(&e) == "pPr" => {
                    props = true;
                    let p = self.num_props()?;
                    if let Some(label) = self.numbers.label(&p) {
                        t.cur.push_str(&label);
                    }
                }
                Event::End(_) => break,
                Event::Eof => return Err(self.xml.unclosed()),
                event => self.inline(event, None, &mut t)?,
            }
        }
        let changed = self.xml.changed;
        self.xml.changed |= outer;
        Ok(Para {
            text: t.finish(),
            loc,
            changed,
        })
    }

    /// The numbering properties of the `w:pPr` just started.
    fn num_props(&mut self) -> Result<NumProps> {
        let mut p = NumProps::default();
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "pStyle" if p.style.is_none() => p.style = xattr(&e, "val"),
                "numPr" if !p.num_pr => {
                    p.num_pr = true;
                    if open {
                        self.num_pr(&mut p)?;
                        continue;
                    }
                }
                _ => {}
            }
            self.xml.close(open)?;
        }
        Ok(p)
    }

    /// The children of the `w:numPr` just started.
    fn num_pr(&mut self, p: &mut NumProps) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "numId" if p.num_id.is_none() => p.num_id = xattr(&e, "val"),
                "ilvl" if p.ilvl.is_none() => {
                    p.ilvl = xattr(&e, "val").and_then(|v| v.parse().ok())
                }
                _ => {}
            }
            self.xml.close(open)?;
        }
        Ok(())
    }

    /// One event of a paragraph's content, in the symbol font `font` if any.
    fn inline(&mut self, event: Event<'_>, font: Option<&str>, t: &mut Text) -> Result<()> {
        let Some((e, open)) = element(event) else {
            // Text outside `w:t` (indentation between elements) is not content.
            return Ok(());
        };
        match local(&e) {
            "t" if open => {
                return match font {
                    Some(f) => self.xml.text(|s| {
                        let mapped: String = s.chars().map(|c| symbol(f, c as u32)).collect();
                        t.push(&mapped);
                    }),
                    None => self.xml.text(|s| t.push(s)),
                }
            }
            "tab" | "ptab" => t.push(" "),
            "br" | "cr" => t.line_break(),
            "noBreakHyphen" => t.push("-"),
            "sym" => {
                let f = xattr(&e, "font").unwrap_or_default();
                if let Some(code) = xattr(&e, "char").and_then(|c| u32::from_str_radix(&c, 16).ok())
                {
                    t.cur.push(symbol(&f, code));
                }
            }
            "r" if open => return self.run(t),
            "sdt" if open => return self.inline_sdt(font, t),
            // Deleted text, field instructions, properties, comment marks, the fallback
            // copy of alternate content, notes' references: not the text as it reads.
            "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rPr" | "pPr"
            | "sdtPr" | "sdtEndPr" | "fldChar" | "commentReference" | "footnoteReference"
            | "endnoteReference" | "Fallback" | "annotationRef" => {}
            // Hyperlinks, insertions, smart tags, simple fields, drawings and the
            // paragraphs of their text boxes: read through.
            _ if open => return self.inline_children(font, t),
            _ => {}
        }
        self.xml.close(open)
    }

    /// The children of the element just started, as paragraph content.
    fn inline_children(&mut self, font: Option<&str>, t: &mut Text) -> Result<()> {
        loop {
            match self.xml.event()? {
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                event => self.inline(event, font, t)?,
            }
        }
    }

    /// The run (`w:r`) just started: its symbol font from its properties, its content.
    fn run(&mut self, t: &mut Text) -> Result<()> {
        let mut font: Option<String> = None;
        loop {
            match self.xml.event()? {
                Event::Start(e) if local(&e) == "rPr" => font = self.symbol_font()?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                event => self.inline(event, font.as_deref(), t)?,
            }
        }
    }

    /// The symbol font (`w:rFonts` naming a Wingdings font) of the `w:rPr` just started.
    fn symbol_font(&mut self) -> Result<Option<String>> {
        let mut font = None;
        while let Some((e, open)) = self.xml.child()? {
            if local(&e) == "rFonts" && font.is_none() {
                font = ["ascii", "hAnsi", "cs", "eastAsia"]
                    .iter()
                    .filter_map(|a| xattr(&e, a))
                    .find(|f| f.to_ascii_lowercase().starts_with("wingdings"));
            }
            self.xml.close(open)?;
        }
        Ok(font)
    }

    /// A content control (`w:sdt`) in a paragraph, just started: a check box reads as
    /// ☑/☐, any other control as its content.
    fn inline_sdt(&mut self, font: Option<&str>, t: &mut Text) -> Result<()> {
        let mut checkbox = false;
        let mut content = false;
        loop {
            match self.xml.event()? {
                Event::Start(e) if local(&e) == "sdtPr" => {
                    if let Some(checked) = self.checkbox()? {
                        checkbox = true;
                        t.cur.push(if checked { '☑' } else { '☐' });
                    }
                }
                Event::Start(e) if !checkbox && !content && local(&e) == "sdtContent" => {
                    content = true;
                    self.inline_children(font, t)?;
                }
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                _ => {}
            }
        }
    }

    /// The `w:sdtPr` just started: `Some(checked)` when it makes a `w14:checkbox`.
    fn checkbox(&mut self) -> Result<Option<bool>> {
        let mut found = None;
        while let Some((e, open)) = self.xml.child()? {
            if found.is_none() && self.xml.is_ns(&e, W14, "checkbox") {
                found = Some(open && self.checked()?);
            } else {
                self.xml.close(open)?;
            }
        }
        Ok(found)
    }

    /// The `w14:checkbox` just started: is it checked (`w14:checked w14:val="1"`)?
    fn checked(&mut self) -> Result<bool> {
        let mut checked = None;
        while let Some((e, open)) = self.xml.child()? {
            if checked.is_none() && local(&e) == "checked" {
                checked = Some(xattr(&e, "val").is_some_and(|v| v == "1" || v == "true"));
            }
            self.xml.close(open)?;
        }
        Ok(checked.unwrap_or(false))
    }

    /// The table (`w:tbl`) just started.
    fn table(&mut self) -> Result<Table> {
        let mut table = Table::default();
        self.rows(&mut table)?;
        Ok(table)
    }

    /// The rows of a table, or of a wrapper in it, to the end of that element.
    fn rows(&mut self, table: &mut Table) -> Result<()> {
        loop {
            match self.xml.event()? {
                Event::Start(e) => match local(&e) {
                    "tr" => {
                        let mut cells = Vec::new();
                        let mut col = 0;
                        self.row(&mut col, &mut cells, &mut table.nested, true)?;
                        table.rows.push(cells);
                    }
                    "sdt" => self.sdt_content(|r| r.rows(table))?,
                    "customXml" | "ins" | "moveTo" => self.rows(table)?,
                    _ => self.xml.skip()?,
                },
                Event::Empty(e) if local(&e) == "tr" => table.rows.push(Vec::new()),
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unclosed()),
                _ => {}
            }
        }
    }

    /// The cells of a row (`top`) or of a wrapper in it, placed from grid column `col`
    /// (the row's `w:gridBefore` first).
    fn row(
        &mut self,
        col: &mut usize,
        cells: &mut Vec<GridCell>,
        nested: &mut Vec<Para>,
        top: bool,
    ) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "trPr" if top && open => *col = self.grid_before()?.unwrap_or(*col),
                "tc" => {
                    let mut cell = GridCell {
                        col: *col,
                        span: 1,
                        ..GridCell::default()
                    };
                    if open {
                        self.cell(&mut cell, nested, true)?;
                    }
                    *col += cell.span;
                    cells.push(cell);
                }
                "sdt" if open => self.sdt_content(|r| r.row(col, cells, nested, false))?,
                "customXml" | "ins" | "moveTo" if open => self.row(col, cells, nested, false)?,
                _ => self.xml.close(open)?,
            }
        }
        Ok(())
    }

    /// The `w:gridBefore` of the `w:trPr` just started.
    fn grid_before(&mut self) -> Result<Option<usize>> {
        let mut before = None;
        while let Some((e, open)) = self.xml.child()? {
            if before.is_none() && local(&e) == "gridBefore" {
                before = xattr(&e, "val").and_then(|v| v.parse::<usize>().ok());
            }
            self.xml.close(open)?;
        }
        Ok(before)
    }

    /// The content of a cell (`top`: the `w:tc` just started) or of a wrapper in it: its
    /// paragraphs joined by the joining rule; nested tables' text to `nested`.
    fn cell(&mut self, cell: &mut GridCell, nested: &mut Vec<Para>, top: bool) -> Result<()> {
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "tcPr" if top && open => self.cell_props(cell)?,
                "p" => {
                    let p = if open {
                        self.para()?
                    } else {
                        self.empty_para()
                    };
                    if cell.loc.line == 0 {
                        cell.loc = p.loc;
                    }
                    cell.changed |= p.changed;
                    lexicon::join_wrapped(&mut cell.text, &p.text);
                }
                "tbl" if open => {
                    let inner = self.table()?;
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
                "sdt" if open => self.sdt_content(|r| r.cell(cell, nested, false))?,
                "customXml" | "ins" | "moveTo" if open => self.cell(cell, nested, false)?,
                _ => self.xml.close(open)?,
            }
        }
        Ok(())
    }

    /// The `w:tcPr` just started: the cell's span, vertical merge and changes.
    fn cell_props(&mut self, cell: &mut GridCell) -> Result<()> {
        let outer = std::mem::take(&mut self.xml.changed);
        while let Some((e, open)) = self.xml.child()? {
            match local(&e) {
                "gridSpan" => {
                    cell.span = xattr(&e, "val")
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(1)
                        .max(1)
                }
                "vMerge" => {
                    cell.continues = xattr(&e, "val").is_none_or(|v| v == "continue");
                }
                _ => {}
            }
            self.xml.close(open)?;
        }
        // Cell-level changes (cellIns, tcPrChange); its paragraphs add theirs.
        cell.changed |= self.xml.changed;
        self.xml.changed |= outer;
        Ok(())
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
    fn label(&mut self, p: &NumProps) -> Option<String> {
        let (num_id, ilvl) = if p.num_pr {
            let id = p.num_id.clone()?;
            let style_lvl = p
                .style
                .as_deref()
                .and_then(|s| self.styles.get(s))
                .map(|s| s.1);
            (id, p.ilvl.or(style_lvl).unwrap_or(0))
        } else {
            let style = p.style.as_deref()?;
            self.styles.get(style)?.clone()
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

    /// The blocks of a `document.xml` whose body is `body`.
    fn body(body: &str) -> Result<Vec<Block>> {
        let xml = format!(
            "<?xml version=\"1.0\"?><w:document \
             xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:w14=\"{W14}\"><w:body>{body}</w:body></w:document>"
        );
        blocks(Path::new("t.docx"), &xml, Numbering::default())
    }

    fn texts(blocks: &[Block]) -> Vec<(String, u32, bool)> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => (p.text.clone(), p.loc.line, p.changed),
                Block::Table(_) => ("<table>".to_string(), 0, false),
            })
            .collect()
    }

    #[test]
    fn paragraphs_read_as_they_read() {
        let got = body(
            "<w:p/><w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>A&amp;B &#x4E2D;</w:t>\
             <w:tab/><w:t xml:space=\"preserve\"> c</w:t></w:r>\
             <w:r><w:instrText>PAGE</w:instrText></w:r><w:del><w:r><w:delText>gone</w:delText>\
             </w:r></w:del><w:ins><w:r><w:t>new</w:t></w:r></w:ins></w:p>\
             <w:p><w:r><w:t>soft\u{AD}ware</w:t><w:br/><w:t>tools</w:t></w:r>\
             <w:r><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>\
             </w:pict></w:r></w:p>\
             <w:p><w:r><w:rPr><w:rFonts w:ascii=\"Wingdings\"/></w:rPr><w:t>\u{FE}</w:t></w:r>\
             <w:r><w:sym w:font=\"Wingdings 2\" w:char=\"F0A3\"/></w:r>\
             <w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"1\"/></w14:checkbox></w:sdtPr>\
             <w:sdtContent><w:r><w:t>X</w:t></w:r></w:sdtContent></w:sdt>\
             <w:sdt><w:sdtPr><w:alias w:val=\"a\"/></w:sdtPr><w:sdtContent><w:r><w:t>kept</w:t>\
             </w:r></w:sdtContent></w:sdt></w:p>",
        )
        .unwrap();
        assert_eq!(
            texts(&got),
            [
                (String::new(), 1, false),
                ("A&B 中  cnew".to_string(), 2, true),
                ("software toolsbox".to_string(), 3, false),
                ("☑☐☑kept".to_string(), 4, false),
            ]
        );
    }

    /// Text, column, span, continues, changed, line.
    type CellSummary = (String, usize, usize, bool, bool, u32);

    #[test]
    fn tables_place_cells_on_the_grid() {
        let got = body(
            "<w:tbl><w:tblPr/><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>\
             <w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>\
             <w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>\
             <w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:sdtContent>\
             </w:sdt></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/><w:cellIns/></w:tcPr><w:p/></w:tc>\
             <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr>\
             </w:tbl><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        )
        .unwrap();
        let Block::Table(t) = &got[0] else {
            panic!("{got:?}")
        };
        let cells: Vec<Vec<CellSummary>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        (
                            c.text.clone(),
                            c.col,
                            c.span,
                            c.continues,
                            c.changed,
                            c.loc.line,
                        )
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            cells,
            [
                vec![
                    ("a b".to_string(), 1, 2, false, false, 1),
                    ("c".to_string(), 3, 1, false, false, 3)
                ],
                vec![
                    (String::new(), 0, 1, true, true, 4),
                    ("d".to_string(), 1, 1, false, false, 6)
                ],
            ]
        );
        assert_eq!(t.nested.len(), 1);
        assert_eq!(
            (t.nested[0].text.as_str(), t.nested[0].loc.line),
            ("inner", 5)
        );
    }

    #[test]
    fn hostile_document_xml_is_refused_with_a_reason() {
        let cases = [
            ("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>", "&lol;"),
            ("<w:p><w:r><w:t>open</w:r></w:p>", "not readable XML"),
            (
                &format!(
                    "<w:p>{}x{}</w:p>",
                    "<w:r>".repeat(300),
                    "</w:r>".repeat(300)
                ),
                "nesting",
            ),
        ];
        for (xml, want) in cases {
            let err = body(xml).unwrap_err().to_string();
            assert!(err.contains(want), "{want}: {err}");
            assert!(err.contains("t.docx"), "{err}");
        }
        let dtd = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"b\">]><w:document \
                   xmlns:w=\"w\"><w:body/></w:document>";
        let err = blocks(Path::new("t.docx"), dtd, Numbering::default()).unwrap_err();
        assert!(err.to_string().contains("DTD"), "{err}");
        let none = "<w:document xmlns:w=\"w\"><w:other/></w:document>";
        let err = blocks(Path::new("t.docx"), none, Numbering::default()).unwrap_err();
        assert!(err.to_string().contains("no w:body"), "{err}");
        let unclosed = "<w:document xmlns:w=\"w\"><w:body><w:p>";
        assert!(blocks(Path::new("t.docx"), unclosed, Numbering::default()).is_err());
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
