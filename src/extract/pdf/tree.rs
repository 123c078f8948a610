//! The page tree, each node visited once.
//!
//! lopdf walks `/Kids` as written: a tree whose nodes each list the next node twice
//! reaches its one page 2^levels times, and `get_pages` first sizes its collection by the
//! nodes' `/Count`s (48 GB for 32 levels). Here the tree is walked once from the catalog:
//! a node or page met a second time is dropped from the `/Kids` that repeat it, and every
//! node's `/Count` becomes the number of pages below it.

use pdf_extract::{Document, Object, ObjectId};
use std::collections::HashSet;

/// As deep as lopdf itself walks a page tree.
const MAX_DEPTH: usize = 256;

/// Drop repeated nodes from the page tree and correct its counts.
pub fn visit_once(doc: &mut Document) {
    let Ok(root) = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
    else {
        return;
    };
    let mut seen = HashSet::from([root]);
    let mut edits = Vec::new();
    count(doc, root, 0, &mut seen, &mut edits);
    for (id, kids, n) in edits {
        if let Ok(d) = doc.get_dictionary_mut(id) {
            if let Some(kids) = kids {
                d.set("Kids", Object::Array(kids));
            }
            if d.get(b"Count").and_then(Object::as_i64).ok() != Some(n) {
                d.set("Count", n);
            }
        }
    }
}

type Edit = (ObjectId, Option<Vec<Object>>, i64);

/// Pages below `id`; the nodes to change are pushed on `edits`.
fn count(
    doc: &Document,
    id: ObjectId,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    edits: &mut Vec<Edit>,
) -> i64 {
    let Ok(dict) = doc.get_dictionary(id) else {
        return 0;
    };
    match dict.get_type() {
        Ok(b"Page") => return 1,
        Ok(b"Pages") if depth < MAX_DEPTH => {}
        _ => return 0,
    }
    let Ok(kids) = dict.get_deref(b"Kids", doc).and_then(Object::as_array) else {
        return 0;
    };
    let mut kept = Vec::with_capacity(kids.len());
    let mut repeats = false;
    let mut n = 0;
    for kid in kids {
        if let Ok(kid_id) = kid.as_reference() {
            if !seen.insert(kid_id) {
                repeats = true;
                continue;
            }
            n += count(doc, kid_id, depth + 1, seen, edits);
        }
        kept.push(kid.clone());
    }
    edits.push((id, repeats.then_some(kept), n));
    n
}
