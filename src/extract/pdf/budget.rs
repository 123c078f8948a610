//! What a page costs to interpret, counted before anything interprets it.
//!
//! pdf-extract draws a form XObject by interpreting its content again at every `Do`, so
//! 24 forms each drawing the next twice make one page interpret the last form 2^24 times
//! (42 s and 1 GB for 6 KB). Here every page's content is scanned for `Do`s, each form
//! once (its cost remembered), and the page's cost is summed: the bytes of content it
//! interprets, each form counted every time it is drawn, and the number of form draws.
//! A page over [`Limits::max_page_content`] or [`Limits::max_form_draws`] is refused
//! before pdf-extract parses a byte of it.

use super::super::limits::{human, Limits};
use super::inflate::Over;
use super::walk::inherited_resources;
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// Deeper nesting than this is cut by `loops::cut_form_loops` anyway.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    bytes: u64,
    draws: u64,
}

impl Cost {
    fn add(&mut self, times: u64, child: Cost, limits: &Limits) -> bool {
        self.bytes = self.bytes.saturating_add(times.saturating_mul(child.bytes));
        self.draws = self
            .draws
            .saturating_add(times.saturating_mul(child.draws.saturating_add(1)));
        self.bytes <= limits.max_page_content && self.draws <= limits.max_form_draws
    }
}

/// Refuse the first page (by number) that costs more than the limits allow.
pub fn check(doc: &Document, sizes: &HashMap<ObjectId, u64>, limits: &Limits) -> Result<(), Over> {
    let mut counter = Counter {
        doc,
        sizes,
        limits,
        shared: HashMap::new(),
        stack: HashSet::new(),
    };
    for (number, page) in doc.get_pages() {
        let mut cost = Cost::default();
        for id in doc.get_page_contents(page) {
            cost.bytes = cost.bytes.saturating_add(counter.size(id));
        }
        let over = |cost: Cost| Over {
            what: if cost.draws > limits.max_form_draws {
                format!(
                    "page {number}: the form XObjects it draws (more than {})",
                    cost.draws
                )
            } else {
                format!(
                    "page {number}: the content it interprets, forms counted each time drawn (more than {})",
                    human(cost.bytes)
                )
            },
            limit: if cost.draws > limits.max_form_draws {
                format!("{} form draws per page", limits.max_form_draws)
            } else {
                format!("{} per page", human(limits.max_page_content))
            },
        };
        if cost.bytes > limits.max_page_content {
            return Err(over(cost));
        }
        let resources = inherited_resources(doc, page).unwrap_or_default();
        let mut calls: HashMap<Vec<u8>, u64> = HashMap::new();
        for id in doc.get_page_contents(page) {
            if let Some(data) = counter.content(id) {
                count_draws(&data, &mut calls);
            }
        }
        let mut local = HashMap::new();
        let mut names: Vec<_> = calls.into_iter().collect();
        names.sort();
        for (name, times) in names {
            let Some((form, own)) = counter.form(&resources, &name) else {
                continue;
            };
            let child = counter.cost(form, own, &resources, &mut local, 0);
            if !cost.add(times, child, limits) {
                return Err(over(cost));
            }
        }
    }
    Ok(())
}

struct Counter<'a> {
    doc: &'a Document,
    sizes: &'a HashMap<ObjectId, u64>,
    limits: &'a Limits,
    /// Costs of forms with resources of their own (the same wherever they are drawn).
    shared: HashMap<ObjectId, Cost>,
    stack: HashSet<ObjectId>,
}

impl Counter<'_> {
    /// Inflated size of a stream (as measured), else its raw size.
    fn size(&self, id: ObjectId) -> u64 {
        self.sizes.get(&id).copied().unwrap_or_else(|| {
            self.doc
                .get_object(id)
                .and_then(Object::as_stream)
                .map_or(0, |s| s.content.len() as u64)
        })
    }

    fn content(&self, id: ObjectId) -> Option<Vec<u8>> {
        let stream = self.doc.get_object(id).ok()?.as_stream().ok()?;
        Some(
            stream
                .get_plain_content()
                .unwrap_or_else(|_| stream.content.clone()),
        )
    }

    fn deref<'b>(&'b self, o: &'b Object) -> &'b Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(o),
            _ => o,
        }
    }

    /// The form `name` stands for in `resources`, and whether it has resources of its own.
    fn form(&self, resources: &Dictionary, name: &[u8]) -> Option<(ObjectId, bool)> {
        let xobjects = self.deref(resources.get(b"XObject").ok()?).as_dict().ok()?;
        let id = xobjects.get(name).ok()?.as_reference().ok()?;
        let stream = self.doc.get_object(id).ok()?.as_stream().ok()?;
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Form");
        is_form.then(|| (id, stream.dict.has(b"Resources")))
    }

    /// What drawing `form` once costs; `resources` are the drawer's, used when the form
    /// has none of its own (then the cost is remembered for this page only, in `local`).
    fn cost(
        &mut self,
        form: ObjectId,
        own: bool,
        resources: &Dictionary,
        local: &mut HashMap<ObjectId, Cost>,
        depth: usize,
    ) -> Cost {
        let memo = if own { &self.shared } else { &*local };
        if let Some(&c) = memo.get(&form) {
            return c;
        }
        // A loop (cut later by `loops`), or nesting too deep to follow: costs nothing more.
        if depth > MAX_DEPTH || !self.stack.insert(form) {
            return Cost::default();
        }
        let mut cost = Cost {
            bytes: self.size(form),
            draws: 0,
        };
        if cost.bytes <= self.limits.max_page_content {
            let inner = if own {
                self.doc
                    .get_object(form)
                    .and_then(Object::as_stream)
                    .ok()
                    .and_then(|s| s.dict.get(b"Resources").ok())
                    .and_then(|r| self.deref(r).as_dict().ok())
                    .cloned()
                    .unwrap_or_default()
            } else {
                resources.clone()
            };
            let mut calls = HashMap::new();
            if let Some(data) = self.content(form) {
                count_draws(&data, &mut calls);
            }
            let mut names: Vec<_> = calls.into_iter().collect();
            names.sort();
            for (name, times) in names {
                let Some((child, child_own)) = self.form(&inner, &name) else {
                    continue;
                };
                let c = self.cost(child, child_own, &inner, local, depth + 1);
                if !cost.add(times, c, self.limits) {
                    break;
                }
            }
        }
        self.stack.remove(&form);
        if own {
            self.shared.insert(form, cost);
        } else {
            local.insert(form, cost);
        }
        cost
    }
}

/// Count the `/Name Do` operations in content, by name, without parsing it into operators
/// (a `Do` inside a string counts too: an overcount, on the safe side).
fn count_draws(data: &[u8], calls: &mut HashMap<Vec<u8>, u64>) {
    let delimiter = |c: u8| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c);
    let mut last_name: Option<&[u8]> = None;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'/' {
            i += 1;
            while i < data.len() && !delimiter(data[i]) {
                i += 1;
            }
            last_name = Some(&data[start + 1..i]);
            continue;
        }
        if delimiter(c) {
            i += 1;
            last_name = None;
            continue;
        }
        while i < data.len() && !delimiter(data[i]) {
            i += 1;
        }
        if &data[start..i] == b"Do" {
            if let Some(name) = last_name {
                *calls.entry(name.to_vec()).or_default() += 1;
            }
        }
        last_name = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_counted_by_name() {
        let mut calls = HashMap::new();
        count_draws(b"q /X1 Do Q /X1 Do\n/Im2 Do /F1 12 Tf (Do) Tj", &mut calls);
        assert_eq!(calls.get(b"X1".as_slice()), Some(&2));
        assert_eq!(calls.get(b"Im2".as_slice()), Some(&1));
        assert_eq!(calls.len(), 2);
    }
}
