//! Loops in a PDF's object graph that pdf-extract would follow forever.
//!
//! pdf-extract follows `/Parent` (for inherited `Resources` and `MediaBox`) and form
//! XObjects (`Do`) by plain recursion with no depth limit, so a loop, or a very long chain,
//! overflows the stack: the process aborts, and no panic guard can catch that. Honest PDFs
//! have neither; these functions cut them before pdf-extract sees the document, so such a
//! file reads as far as it can or gives a clean error.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Deeper than any page tree lopdf itself will walk.
const MAX_PARENTS: usize = 256;
/// Forms drawn inside forms: real documents nest a few.
const MAX_FORM_DEPTH: usize = 32;

/// Cut every page's `/Parent` chain at its first repeat, or after [`MAX_PARENTS`] levels.
pub fn cut_parent_loops(doc: &mut Document) {
    let mut cuts = Vec::new();
    for page in doc.page_iter() {
        let mut seen = HashSet::from([page]);
        let mut at = page;
        while let Some(next) = parent(doc, at) {
            if !seen.insert(next) || seen.len() > MAX_PARENTS {
                cuts.push(at);
                break;
            }
            at = next;
        }
    }
    for id in cuts {
        if let Ok(d) = doc.get_dictionary_mut(id) {
            d.remove(b"Parent");
        }
    }
}

fn parent(doc: &Document, id: ObjectId) -> Option<ObjectId> {
    let d = doc.get_dictionary(id).ok()?;
    d.get(b"Parent").ok()?.as_reference().ok()
}

/// The object whose `/Resources` a page inherits (the page itself or an ancestor), as
/// pdf-extract looks it up.
fn resources_owner(doc: &Document, page: ObjectId) -> Option<ObjectId> {
    let mut at = page;
    for _ in 0..=MAX_PARENTS {
        if doc.get_dictionary(at).ok()?.has(b"Resources") {
            return Some(at);
        }
        at = parent(doc, at)?;
    }
    None
}

/// A dictionary entry, following references.
fn dict_in<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match d.get(key).ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The forms named in the `/XObject` resources of `owner` (a page, a page-tree node or a
/// form), with their names.
fn forms(doc: &Document, owner: ObjectId) -> Vec<(Vec<u8>, ObjectId)> {
    let Ok(obj) = doc.get_object(owner) else {
        return Vec::new();
    };
    let dict = match obj {
        Object::Stream(s) => &s.dict,
        Object::Dictionary(d) => d,
        _ => return Vec::new(),
    };
    let Some(xobjects) = dict_in(doc, dict, b"Resources").and_then(|r| dict_in(doc, r, b"XObject"))
    else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(name, o)| {
            let id = o.as_reference().ok()?;
            let stream = doc.get_object(id).ok()?.as_stream().ok()?;
            let form = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|s| s == b"Form");
            form.then(|| (name.clone(), id))
        })
        .collect()
}

/// Remove from the `/XObject` resources every entry through which a form would be drawn
/// inside itself, or deeper than [`MAX_FORM_DEPTH`]. A form without `/Resources` of its own
/// uses those of whatever draws it, so the walk carries the owner of the resources in use.
pub fn cut_form_loops(doc: &mut Document) {
    let mut cuts: HashSet<(ObjectId, Vec<u8>)> = HashSet::new();
    let mut done: HashSet<(ObjectId, ObjectId)> = HashSet::new();
    let owners: HashSet<ObjectId> = doc
        .page_iter()
        .filter_map(|p| resources_owner(doc, p))
        .collect();
    let mut owners: Vec<ObjectId> = owners.into_iter().collect();
    owners.sort_unstable();
    for owner in owners {
        let mut stack = Vec::new();
        walk(doc, owner, None, &mut stack, &mut done, &mut cuts);
    }
    for (owner, name) in cuts {
        if let Some(x) = xobjects_mut(doc, owner) {
            x.remove(&name);
        }
    }
}

/// The `/XObject` resources of `owner`, for changing: inline or objects of their own, as
/// `forms` finds them.
fn xobjects_mut(doc: &mut Document, owner: ObjectId) -> Option<&mut Dictionary> {
    fn own_dict(o: &mut Object) -> Option<&mut Dictionary> {
        match o {
            Object::Stream(s) => Some(&mut s.dict),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }
    let owner_dict = own_dict(doc.get_object_mut(owner).ok()?)?;
    let resources_ref = owner_dict.get(b"Resources").ok()?.as_reference().ok();
    let resources = match resources_ref {
        Some(r) => doc.get_dictionary(r).ok()?,
        None => own_dict(doc.get_object_mut(owner).ok()?)?
            .get(b"Resources")
            .ok()?
            .as_dict()
            .ok()?,
    };
    if let Ok(x) = resources.get(b"XObject").and_then(Object::as_reference) {
        return doc.get_dictionary_mut(x).ok();
    }
    let resources = match resources_ref {
        Some(r) => doc.get_dictionary_mut(r).ok()?,
        None => own_dict(doc.get_object_mut(owner).ok()?)?
            .get_mut(b"Resources")
            .ok()?
            .as_dict_mut()
            .ok()?,
    };
    resources.get_mut(b"XObject").ok()?.as_dict_mut().ok()
}

/// Depth-first over the forms reachable from the resources of `resources` (the object
/// whose `/Resources` are in use) by the names in `calls` (all of them for a page);
/// `stack` holds the forms being drawn.
fn walk(
    doc: &Document,
    resources: ObjectId,
    calls: Option<&HashSet<Vec<u8>>>,
    stack: &mut Vec<ObjectId>,
    done: &mut HashSet<(ObjectId, ObjectId)>,
    cuts: &mut HashSet<(ObjectId, Vec<u8>)>,
) {
    for (name, form) in forms(doc, resources) {
        if calls.is_some_and(|c| !c.contains(&name)) {
            continue;
        }
        if stack.contains(&form) || stack.len() >= MAX_FORM_DEPTH {
            cuts.insert((resources, name));
            continue;
        }
        // The form's own resources, else the ones it is drawn with.
        let inner = forms_owner(doc, form).unwrap_or(resources);
        if !done.insert((form, inner)) {
            continue;
        }
        let inner_calls = drawn(doc, form);
        stack.push(form);
        walk(doc, inner, Some(&inner_calls), stack, done, cuts);
        stack.pop();
    }
}

/// The names a form's content draws with `Do`.
fn drawn(doc: &Document, form: ObjectId) -> HashSet<Vec<u8>> {
    let Some(bytes) = doc
        .get_object(form)
        .and_then(Object::as_stream)
        .and_then(|s| s.get_plain_content())
        .ok()
    else {
        return HashSet::new();
    };
    let Ok(content) = Content::decode(&bytes) else {
        return HashSet::new();
    };
    content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

/// `Some(form)` when the form has `/Resources` of its own.
fn forms_owner(doc: &Document, form: ObjectId) -> Option<ObjectId> {
    let stream = doc.get_object(form).ok()?.as_stream().ok()?;
    stream.dict.has(b"Resources").then_some(form)
}
