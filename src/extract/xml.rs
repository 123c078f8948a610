//! The XML parts of originals (`word/document.xml` of a DOCX, `content.xml` of an ODS) read
//! as a stream of quick-xml events, no tree, within the limits: no DTD (so no entity is ever
//! expanded: only XML's five predefined ones and character references are resolved), at
//! most [`MAX_XML_NODES`] elements and [`MAX_XML_DEPTH`] levels of nesting.
//!
//! The readers (`docx.rs`, `ods.rs`) walk the part by recursion over [`Xml::child`],
//! [`Xml::skip`] and [`Xml::text`]; every error names the file and the part.

use super::container::bad;
use super::limits::exceeded;
use crate::error::{Error, Result};
use crate::vocab::lexicon;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::path::Path;

/// XML nodes one part may hold: a 400-page standard's `document.xml` has about two million;
/// the limit bounds the memory of the trees of `numbering.xml` and `styles.xml` (about 50
/// bytes a node) and the work on `document.xml` and `content.xml` (read as a stream, their
/// elements counted), whatever the part holds.
pub const MAX_XML_NODES: u32 = 20_000_000;

/// How deep a part's elements may nest. Word nests about a dozen levels (body, table, row,
/// cell, paragraph, run, text, content controls, a text box's table), an ODS about ten
/// (body, spreadsheet, table, row groups, row, cell, paragraph, spans); the readers follow
/// the nesting by recursion, so a hostile part nested a million deep stops here, not at the
/// end of the stack.
pub const MAX_XML_DEPTH: usize = 256;

/// Why a part with a DTD is refused.
pub const DTD_REFUSED: &str =
    "it declares a DTD (entities are not expanded: an Office document never has one)";

/// An element's local name (`w:p` → `p`, `table:table-cell` → `table-cell`).
pub fn local<'e>(e: &'e BytesStart) -> &'e str {
    let name: &str = e.name().into_inner();
    // Names are short: a byte scan beats the general `local_name()` search.
    match name.bytes().position(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// An element's attribute by local name, whatever its namespace (`w:val`), references
/// resolved (only XML's five predefined entities exist).
pub fn xattr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An element event: the element and whether it has content to read or skip (a start
/// tag, not an empty-element tag).
pub fn element(event: Event<'_>) -> Option<(BytesStart<'_>, bool)> {
    match event {
        Event::Start(e) => Some((e, true)),
        Event::Empty(e) => Some((e, false)),
        _ => None,
    }
}

/// The XML events of one part, within the limits, noting the elements `mark` names.
pub struct Xml<'a> {
    events: NsReader<&'a [u8]>,
    pub path: &'a Path,
    /// The part's name in the archive, for errors.
    part: &'static str,
    /// Elements open now.
    pub depth: usize,
    /// Elements read so far.
    elements: u32,
    /// Elements whose local name makes this true set [`Self::changed`] (a DOCX's tracked
    /// changes).
    mark: fn(&str) -> bool,
    /// A marked element was read since the flag was last cleared.
    pub changed: bool,
}

impl<'a> Xml<'a> {
    pub fn new(path: &'a Path, part: &'static str, text: &'a str, mark: fn(&str) -> bool) -> Self {
        Xml {
            events: NsReader::from_str(text),
            path,
            part,
            depth: 0,
            elements: 0,
            mark,
            changed: false,
        }
    }

    pub fn error(&self, why: impl std::fmt::Display) -> Error {
        bad(
            self.path,
            format!("{} is not readable XML: {why}", self.part),
        )
    }

    pub fn unclosed(&self) -> Error {
        self.error("the part ends inside an element")
    }

    /// The next event; a DTD, too many elements or too deep a nesting is an error.
    pub fn event(&mut self) -> Result<Event<'a>> {
        let event = self.events.read_event().map_err(|e| self.error(e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                self.elements += 1;
                if self.elements > MAX_XML_NODES {
                    return Err(exceeded(
                        self.path,
                        format!("the number of XML elements in {}", self.part),
                        MAX_XML_NODES.to_string(),
                    ));
                }
                self.changed |= (self.mark)(local(e));
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(exceeded(
                            self.path,
                            format!("the nesting of XML elements in {}", self.part),
                            MAX_XML_DEPTH.to_string(),
                        ));
                    }
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => return Err(self.error(DTD_REFUSED)),
            _ => {}
        }
        Ok(event)
    }

    /// The next child element of the element just started, and whether it is open (a
    /// start tag, to be read or skipped); `None` at that element's end. Text between
    /// children is passed over.
    pub fn child(&mut self) -> Result<Option<(BytesStart<'a>, bool)>> {
        loop {
            match self.event()? {
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.unclosed()),
                event => {
                    if let Some(child) = element(event) {
                        return Ok(Some(child));
                    }
                }
            }
        }
    }

    /// Read past the end of the element just started.
    pub fn skip(&mut self) -> Result<()> {
        let mut open = 1usize;
        loop {
            match self.event()? {
                Event::Start(_) => open += 1,
                Event::End(_) => {
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.unclosed()),
                _ => {}
            }
        }
    }

    /// Read past the end of an element when it was a start tag.
    pub fn close(&mut self, open: bool) -> Result<()> {
        if open {
            self.skip()
        } else {
            Ok(())
        }
    }

    /// The character data of a text, CDATA or reference event, to `out`; other events
    /// give nothing. An entity other than XML's five is an error (none is expanded).
    pub fn chars(&self, event: &Event<'_>, mut out: impl FnMut(&str)) -> Result<()> {
        match event {
            Event::Text(t) => out(&t.xml10_content()),
            Event::CData(t) => out(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = r.resolve_char_ref().map_err(|e| self.error(e))?;
                match c.map(|c| c.to_string()) {
                    Some(s) => out(&s),
                    None => match quick_xml::escape::resolve_predefined_entity(r) {
                        Some(s) => out(s),
                        None => {
                            return Err(self.error(format!(
                                "the entity &{}; is not defined (entities are not expanded)",
                                &**r
                            )))
                        }
                    },
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The text of the element just started (`w:t`), piece by piece to `out`; child
    /// elements skipped.
    pub fn text(&mut self, mut out: impl FnMut(&str)) -> Result<()> {
        loop {
            match self.event()? {
                Event::Start(_) => self.skip()?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.unclosed()),
                event => self.chars(&event, &mut out)?,
            }
        }
    }

    /// Is the element `name` in the namespace `ns` (whatever its prefix)?
    pub fn is_ns(&self, e: &BytesStart, ns: &str, name: &str) -> bool {
        let (n, l) = self.events.resolver().resolve_element(e.name());
        l.into_inner() == name && matches!(n, ResolveResult::Bound(n) if n.into_inner() == ns)
    }
}

/// A paragraph's text as it is built: the pieces between line breaks, joined by the
/// joining rule ([`lexicon::join_wrapped`]); tabs read as spaces, soft hyphens dropped.
#[derive(Default)]
pub struct Text {
    pub done: String,
    pub cur: String,
}

impl Text {
    pub fn push(&mut self, s: &str) {
        self.cur.extend(
            s.chars()
                .filter(|&c| c != '\u{AD}')
                .map(|c| if c == '\t' { ' ' } else { c }),
        );
    }

    pub fn line_break(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        lexicon::join_wrapped(&mut self.done, &cur);
    }

    pub fn finish(mut self) -> String {
        self.line_break();
        self.done
    }
}
