//! One page as a small document of its own, for pdf-extract.
//!
//! pdf-extract reads a page by its number: `output_doc_page` first lists every page of the
//! document (`get_pages`, a walk of the whole page tree), so reading n pages one by one
//! costs n² (at 4,000 pages about half of the time). Here each page is handed to it in a
//! small document that holds the page, its ancestors (for inherited resources and boxes;
//! their `/Kids` dropped) and every object the page reaches (content, resources, fonts,
//! forms), under a page tree that lists this page alone. Objects keep their ids, so
//! pdf-extract reads the same objects and says the same things. Objects pages share (fonts,
//! forms) stay from one page to the next, up to [`CACHE_BYTES`].

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Bytes of copied objects a small document keeps before it starts afresh: above the
/// fonts and forms an honest document shares between pages (embedded CJK subsets are
/// 1–2 MB, a whole CJK font 10–20 MB), and small next to the 256 MiB a 4,000-page document
/// may take, with one small document per reading thread.
const CACHE_BYTES: u64 = 24 << 20;

/// What an object costs in the cache besides its stream bytes: the size of a small
/// dictionary, so that many small objects count too.
const OBJECT_BYTES: u64 = 64;

/// As deep as `tree` walks a page tree.
const MAX_DEPTH: usize = 256;

/// The keys of a page or page-tree node that lead to other pages (or to the whole tree),
/// never to what the page draws.
const TREE_KEYS: [&[u8]; 4] = [b"Parent", b"Kids", b"Annots", b"B"];

/// A small document for one page at a time (see the module's doc).
pub(super) struct Single {
    doc: Document,
    /// The page-tree root listing the current page alone.
    root: ObjectId,
    catalog: ObjectId,
    bytes: u64,
}

impl Single {
    pub(super) fn new(source: &Document) -> Self {
        let last = source
            .objects
            .keys()
            .next_back()
            .map_or(0, |id| id.0)
            .max(source.max_id);
        let mut single = Single {
            doc: Document::new(),
            root: (last.saturating_add(1), 0),
            catalog: (last.saturating_add(2), 0),
            bytes: 0,
        };
        single.reset();
        single
    }

    fn reset(&mut self) {
        self.doc.objects.clear();
        self.bytes = 0;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(self.root));
        self.doc
            .objects
            .insert(self.catalog, Object::Dictionary(catalog));
        self.doc.trailer = Dictionary::new();
        self.doc
            .trailer
            .set("Root", Object::Reference(self.catalog));
        self.doc.max_id = self.catalog.0;
        self.set_root(None);
    }

    fn set_root(&mut self, page: Option<ObjectId>) {
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Pages".to_vec()));
        let kids = page.map(Object::Reference).into_iter().collect::<Vec<_>>();
        root.set("Count", kids.len() as i64);
        root.set("Kids", Object::Array(kids));
        self.doc.objects.insert(self.root, Object::Dictionary(root));
    }

    /// The small document of page `page` of `source`, where it is page 1.
    pub(super) fn page(&mut self, source: &Document, page: ObjectId) -> &Document {
        if self.bytes > CACHE_BYTES {
            self.reset();
        }
        self.set_root(Some(page));
        self.copy(source, page, true);
        // The ancestors, for what the page inherits.
        let mut seen = HashSet::from([page]);
        let mut node = source.get_dictionary(page).ok();
        for _ in 0..MAX_DEPTH {
            let Some(parent) = node.and_then(|d| d.get(b"Parent").ok()?.as_reference().ok()) else {
                break;
            };
            if !seen.insert(parent) {
                break;
            }
            self.copy(source, parent, true);
            node = source.get_dictionary(parent).ok();
        }
        &self.doc
    }

    /// Copy object `id` and every object it reaches, except through the keys of page-tree
    /// nodes that lead to other pages, and never into another page or node (`tree` says
    /// whether `id` is the page or one of its ancestors). Objects already here are the same.
    fn copy(&mut self, source: &Document, id: ObjectId, tree: bool) {
        let mut stack = vec![(id, tree)];
        while let Some((id, tree)) = stack.pop() {
            if self.doc.objects.contains_key(&id) || id == self.root || id == self.catalog {
                continue;
            }
            let Some(object) = source.objects.get(&id) else {
                continue;
            };
            let node = dict_of(object).is_some_and(is_tree_node);
            if node && !tree {
                continue;
            }
            let mut object = object.clone();
            if node {
                if let Object::Dictionary(d) = &mut object {
                    // An ancestor's kids are the rest of the tree; the page keeps its own.
                    d.remove(b"Kids");
                }
            }
            self.bytes += OBJECT_BYTES
                + match &object {
                    Object::Stream(s) => s.content.len() as u64,
                    _ => 0,
                };
            references(&object, node, &mut |r| stack.push((r, false)));
            self.doc.objects.insert(id, object);
        }
    }
}

fn dict_of(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn is_tree_node(d: &Dictionary) -> bool {
    matches!(d.get_type(), Ok(b"Page" | b"Pages"))
}

/// Every reference inside `object`; in a page-tree node, not through [`TREE_KEYS`].
fn references(object: &Object, node: bool, found: &mut dyn FnMut(ObjectId)) {
    match object {
        Object::Reference(id) => found(*id),
        Object::Array(items) => {
            for item in items {
                references(item, false, found);
            }
        }
        Object::Dictionary(_) | Object::Stream(_) => {
            if let Some(d) = dict_of(object) {
                for (key, value) in d.iter() {
                    if node && TREE_KEYS.contains(&key.as_slice()) {
                        continue;
                    }
                    references(value, false, found);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::collector::Collector;
    use super::*;

    /// A document of `n` pages under one node holding the resources, a font shared by all.
    fn document(n: usize) -> (Document, Vec<ObjectId>) {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            ("BaseFont", Object::Name(b"Helvetica".to_vec())),
        ]));
        let fonts = Dictionary::from_iter(vec![("F1", Object::Reference(font))]);
        let resources = doc.add_object(Dictionary::from_iter(vec![(
            "Font",
            Object::Dictionary(fonts),
        )]));
        let root = doc.new_object_id();
        let mut pages = Vec::new();
        for i in 0..n {
            let content = format!("BT /F1 12 Tf 72 700 Td (page {i}) Tj ET");
            let content = doc.add_object(pdf_extract::Stream::new(
                Dictionary::new(),
                content.into_bytes(),
            ));
            let page = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(root)),
                ("Contents", Object::Reference(content)),
            ]));
            pages.push(page);
        }
        // Links to every page: the other pages must not come along through them.
        let all: Vec<Object> = pages.iter().copied().map(Object::Reference).collect();
        for &page in &pages {
            let d = doc.get_dictionary_mut(page).unwrap();
            d.set("Annots", Object::Array(all.clone()));
        }
        doc.objects.insert(
            root,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                (
                    "Kids",
                    Object::Array(pages.iter().copied().map(Object::Reference).collect()),
                ),
                ("Count", Object::Integer(n as i64)),
                ("Resources", Object::Reference(resources)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
                ),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(root)),
        ]));
        doc.trailer.set("Root", catalog);
        (doc, pages)
    }

    #[test]
    fn a_page_alone_reads_as_in_its_document() {
        let (doc, pages) = document(5);
        let mut single = Single::new(&doc);
        for (i, &page) in pages.iter().enumerate() {
            let small = single.page(&doc, page);
            assert_eq!(
                small.get_pages().into_iter().collect::<Vec<_>>(),
                [(1, page)]
            );
            let text = |doc: &Document, number: u32| {
                let mut dev = Collector::with_limit(1000);
                pdf_extract::output_doc_page(doc, &mut dev, number).unwrap();
                let page = dev.page.take().unwrap();
                (page.glyphs, page.width, page.height)
            };
            let alone = text(small, 1);
            assert_eq!(alone, text(&doc, i as u32 + 1));
            let read: String = alone.0.iter().map(|g| g.text.as_str()).collect();
            assert!(read.contains(&format!("page {i}")), "{read:?}");
            // Pages after it never come along.
            assert!(pages[i + 1..]
                .iter()
                .all(|p| !small.objects.contains_key(p)));
        }
    }
}
