//! A workaround for pdf-extract's reading of CID font width ranges.

use pdf_extract::Document;

/// Rewrites the `c_first c_last width` runs of CID fonts' `/W` arrays as `c [width …]`.
///
/// pdf-extract 0.12 misreads the range form (it gives those glyphs the default width), so
/// every glyph after such a glyph in a string is drawn too far right: wrapped codes then
/// spill into the next column. Chromium and other producers write the range form.
///
/// A CID font has at most 65,536 glyphs, so a font's widths stop at [`MAX_FONT`] entries,
/// and the document's at [`MAX_DOCUMENT`]: a `/W` of `0 65535 1` written 300 times (in a
/// font nothing uses, even) would otherwise become 19.7 million objects (3.7 GB). Widths
/// past the limits are dropped: those glyphs get the font's default width.
pub(super) fn normalise_cid_widths(doc: &mut Document) {
    use pdf_extract::Object;
    const MAX_RUN: i64 = 1 << 16;
    let mut document_left = MAX_DOCUMENT;
    let mut fixes: Vec<(pdf_extract::ObjectId, Vec<Object>)> = Vec::new();
    for (&id, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        let is_cid = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0");
        if !is_cid {
            continue;
        }
        let w = match dict.get(b"W") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => match doc.get_object(*r).and_then(Object::as_array) {
                Ok(a) => a.clone(),
                Err(_) => continue,
            },
            _ => continue,
        };
        let deref = |o: &Object| match o {
            Object::Reference(r) => doc.get_object(*r).cloned().unwrap_or(Object::Null),
            o => o.clone(),
        };
        let num = |o: &Object| match deref(o) {
            Object::Integer(i) => Some(i as f64),
            Object::Real(r) => Some(r as f64),
            _ => None,
        };
        let mut out: Vec<Object> = Vec::new();
        let mut changed = false;
        let mut i = 0;
        let mut font_left = MAX_FONT.min(document_left);
        while i < w.len() {
            let Some(first) = num(&w[i]) else { break };
            match w.get(i + 1).map(deref) {
                Some(Object::Array(widths)) => {
                    if widths.len() > font_left {
                        changed = true;
                        break;
                    }
                    font_left -= widths.len();
                    out.push(Object::Integer(first as i64));
                    out.push(Object::Array(widths));
                    i += 2;
                }
                Some(_) => {
                    let (Some(last), Some(width)) =
                        (w.get(i + 1).and_then(num), w.get(i + 2).and_then(num))
                    else {
                        break;
                    };
                    let (first, last) = (first as i64, last as i64);
                    if last < first || last - first > MAX_RUN {
                        break;
                    }
                    let run = (last - first + 1) as usize;
                    if run > font_left {
                        changed = true;
                        break;
                    }
                    font_left -= run;
                    out.push(Object::Integer(first));
                    out.push(Object::Array(
                        (first..=last).map(|_| Object::Real(width as f32)).collect(),
                    ));
                    changed = true;
                    i += 3;
                }
                None => break,
            }
        }
        if changed {
            document_left -= MAX_FONT.min(document_left) - font_left;
            fixes.push((id, out));
        }
    }
    for (id, w) in fixes {
        if let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            dict.set("W", Object::Array(w));
        }
    }
}

/// Width entries one font may have: the most glyphs a CID font can have.
const MAX_FONT: usize = 1 << 16;
/// Width entries all fonts of a document may have after the rewrite (16 fonts' worth).
const MAX_DOCUMENT: usize = 1 << 20;
