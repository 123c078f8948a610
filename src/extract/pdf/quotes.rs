//! The text operators pdf-extract does not know, spelled out in those it does.
//!
//! `'` (move to the next line, show a string) and `"` (set word and character spacing, move
//! to the next line, show a string) are text-showing operators of their own (PDF 32000-1,
//! 9.4.3). pdf-extract 0.12 ignores both: their strings are never drawn and, worse, the
//! line move is lost, so every glyph drawn after one on the page (until an absolute `Tm`)
//! sits a line too high, in the row above its own. Ghostscript's `pdfwrite` writes them
//! whenever text goes on at the line below (`17 TL (…)'`), as do other older producers. Each
//! is rewritten here as the operators it stands for (`T*` then `Tj`; `Tw`, `Tc`, `T*`,
//! `Tj`), which show exactly the same codes at the same places, so the content walk
//! (`walk`) still counts the same codes.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Document, Object, ObjectId};
use std::collections::BTreeSet;

/// Rewrite `'` and `"` in every page content stream and form XObject of `doc`. A stream
/// that cannot be read or parsed is left as it is.
pub(super) fn spell_out_quotes(doc: &mut Document) {
    let mut ids: BTreeSet<ObjectId> = doc
        .get_pages()
        .into_values()
        .flat_map(|page| doc.get_page_contents(page))
        .collect();
    ids.extend(doc.objects.iter().filter_map(|(&id, o)| {
        let s = o.as_stream().ok()?;
        let form = s.dict.get(b"Subtype").and_then(Object::as_name).ok()? == b"Form";
        form.then_some(id)
    }));
    for id in ids {
        let Some(data) = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .ok()
            .and_then(|s| s.decompressed_content().ok())
        else {
            continue;
        };
        if let Some(new) = rewrite(&data) {
            if let Ok(s) = doc.get_object_mut(id).and_then(Object::as_stream_mut) {
                s.set_plain_content(new);
            }
        }
    }
}

/// The content `data` with `'` and `"` spelled out; `None` when it has neither (or cannot
/// be parsed).
fn rewrite(data: &[u8]) -> Option<Vec<u8>> {
    // Both operators are their own bytes: content without either byte needs no parse.
    if !data.iter().any(|&b| b == b'\'' || b == b'"') {
        return None;
    }
    let content = Content::decode(data).ok()?;
    let quoted = |op: &Operation| op.operator == "'" || op.operator == "\"";
    if !content.operations.iter().any(quoted) {
        return None;
    }
    let mut ops = Vec::with_capacity(content.operations.len() + 8);
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("'", [s]) => {
                ops.push(Operation::new("T*", Vec::new()));
                ops.push(Operation::new("Tj", vec![s.clone()]));
            }
            ("\"", [aw, ac, s]) => {
                ops.push(Operation::new("Tw", vec![aw.clone()]));
                ops.push(Operation::new("Tc", vec![ac.clone()]));
                ops.push(Operation::new("T*", Vec::new()));
                ops.push(Operation::new("Tj", vec![s.clone()]));
            }
            _ => ops.push(op),
        }
    }
    Content { operations: ops }.encode().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Ops {
        Content::decode(data)
            .unwrap()
            .operations
            .into_iter()
            .map(|o| (o.operator, o.operands.len()))
            .collect()
    }

    /// Operators with their operand counts.
    type Ops = Vec<(String, usize)>;

    fn names(v: &[(&str, usize)]) -> Ops {
        v.iter().map(|&(o, n)| (o.to_string(), n)).collect()
    }

    #[test]
    fn quotes_become_the_operators_they_stand_for() {
        let cases: [(&str, &[u8], Option<Ops>); 5] = [
            (
                "' is T* then Tj",
                b"BT /F1 10 Tf 17 TL (ab)' ET",
                Some(names(&[
                    ("BT", 0),
                    ("Tf", 2),
                    ("TL", 1),
                    ("T*", 0),
                    ("Tj", 1),
                    ("ET", 0),
                ])),
            ),
            (
                "\" is Tw, Tc, T* then Tj",
                b"BT 2 0.5 (ab)\" ET",
                Some(names(&[
                    ("BT", 0),
                    ("Tw", 1),
                    ("Tc", 1),
                    ("T*", 0),
                    ("Tj", 1),
                    ("ET", 0),
                ])),
            ),
            ("no quote operator: untouched", b"BT (ab) Tj ET", None),
            (
                "a quote inside a string is no operator",
                b"BT (it's) Tj ET",
                None,
            ),
            (
                "content that does not parse: untouched",
                b"BT (ab' ET",
                None,
            ),
        ];
        let mut failed = Vec::new();
        for (name, data, want) in cases {
            let got = rewrite(data).map(|d| ops(&d));
            if got != want {
                failed.push(format!("{name}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn the_strings_shown_stay_the_same() {
        let new = rewrite(b"BT 17 TL (ab)' 1 2 (cd)\" ET").unwrap();
        let shown: Vec<Object> = Content::decode(&new)
            .unwrap()
            .operations
            .into_iter()
            .filter(|o| o.operator == "Tj")
            .flat_map(|o| o.operands)
            .collect();
        assert_eq!(
            shown,
            vec![Object::string_literal("ab"), Object::string_literal("cd")]
        );
    }
}
