//! Decompression bombs: every stream's inflated size measured, within bounds, before
//! anything inflates it unbounded.
//!
//! lopdf and pdf-extract inflate a stream whole, in memory, each time they need it, with no
//! limit: a 4 KB content stream under two `FlateDecode` filters inflates to 2 GiB. Before
//! they see the document, each stream that either would decode is inflated here filter by
//! filter, each step stopping one byte past the limit, and only its size kept. Streams of
//! images are skipped: nothing here or in pdf-extract decodes them.
//!
//! Object streams (`/Type /ObjStm`) are inflated by lopdf while it loads the file, before
//! this pass can run; [`load_filter`] measures them first, during the load. Cross-reference
//! streams are inflated by lopdf even before that, while it reads the file's structure:
//! [`check_xref_streams`] measures, in the file's bytes, every stream lopdf may read as one.

use super::super::limits::{human, Limits};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;
use std::io::Read;

/// Why the streams of a document cannot be read within the limits.
#[derive(Debug)]
pub struct Over {
    pub what: String,
    pub limit: String,
}

/// The inflated size of every stream that has filters, by object; `Err` when one stream,
/// or all of them together, inflate past the limits.
pub fn measure(
    doc: &Document,
    file_size: u64,
    limits: &Limits,
) -> Result<HashMap<ObjectId, u64>, Over> {
    let budget = limits.inflate_budget(file_size);
    let mut total = 0u64;
    let mut sizes = HashMap::new();
    for (&id, obj) in &doc.objects {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(OVER_KEY) {
            return Err(too_big_stream(id, limits));
        }
        if stream.dict.has(OVER_TOTAL_KEY) {
            let budget = limits.object_stream_budget(file_size);
            return Err(Over {
                what: format!(
                    "the inflated size of the PDF's object streams (more than {}, at stream {} {} R)",
                    human(budget),
                    id.0,
                    id.1
                ),
                limit: format!(
                    "{} (the larger of {} and {} times the file's size)",
                    human(budget),
                    human(limits.object_stream_floor),
                    limits.object_stream_ratio
                ),
            });
        }
        if is_image(&stream.dict) {
            continue;
        }
        let Some(size) = inflated_size(stream, limits.max_stream_size) else {
            continue;
        };
        if size > limits.max_stream_size {
            return Err(too_big_stream(id, limits));
        }
        total += size;
        if total > budget {
            return Err(Over {
                what: format!(
                    "the inflated size of the PDF's streams (more than {})",
                    human(total)
                ),
                limit: format!(
                    "{} (the larger of {} and {} times the file's size)",
                    human(budget),
                    human(limits.inflate_floor),
                    limits.inflate_ratio
                ),
            });
        }
        sizes.insert(id, size);
    }
    Ok(sizes)
}

/// Bytes a cross-reference stream may inflate to: a million objects at 8 bytes an entry.
/// lopdf turns every entry into a map entry of about 40 bytes, so a bigger one costs
/// hundreds of MB before anything else can look at the file.
pub const MAX_XREF_STREAM: u64 = 8 << 20;

/// How far after `N G obj` a cross-reference stream's `stream` keyword may be: its
/// dictionary is a few hundred bytes.
const XREF_DICT_BYTES: usize = 64 << 10;

/// Cross-reference sections followed, at most this many (an honest file has one or two
/// per revision).
const MAX_XREF_SECTIONS: usize = 4096;

/// Measure every stream of `bytes` that lopdf may read as a cross-reference stream (at the
/// offset a `startxref` names, and at the `/Prev` and `/XRefStm` offsets of the sections found
/// there), before lopdf inflates it unbounded; `Err` past [`MAX_XREF_STREAM`] or `limits`'
/// per-stream limit.
pub fn check_xref_streams(bytes: &[u8], limits: &Limits) -> Result<(), Over> {
    // lopdf counts offsets from the `%PDF-` header.
    let start = find(bytes, b"%PDF-").unwrap_or(0);
    let buf = &bytes[start..];
    let limit = MAX_XREF_STREAM.min(limits.max_stream_size);
    let mut queue = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&buf[from..], b"startxref") {
        from += at + b"startxref".len();
        queue.extend(integer_after(&buf[from..]));
    }
    let mut seen = std::collections::HashSet::new();
    while let Some(offset) = queue.pop() {
        if !seen.insert(offset) || seen.len() > MAX_XREF_SECTIONS {
            continue;
        }
        let Some(section) = buf.get(offset..) else {
            continue;
        };
        let dict = if let Some((filters, dict, data)) = stream_at(section) {
            let mut d = Dictionary::new();
            d.set("Filter", Object::Array(filters));
            let stream = Stream::new(d, data.to_vec());
            if inflated_size(&stream, limit).is_some_and(|n| n > limit) {
                return Err(Over {
                    what: format!(
                        "the cross-reference stream at byte {offset} (it inflates to more than {})",
                        human(limit)
                    ),
                    limit: format!("{} per cross-reference stream", human(limit)),
                });
            }
            dict
        } else if section.trim_ascii_start().starts_with(b"xref") {
            // A table: its trailer follows the entries.
            let Some(at) = find(section, b"trailer") else {
                continue;
            };
            &section[at..section.len().min(at + XREF_DICT_BYTES)]
        } else {
            continue;
        };
        for key in [&b"/Prev"[..], b"/XRefStm"] {
            if let Some(at) = find(dict, key) {
                queue.extend(integer_after(&dict[at + key.len()..]));
            }
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The unsigned integer after optional whitespace.
fn integer_after(s: &[u8]) -> Option<usize> {
    let s = &s[s.iter().position(|b| !b.is_ascii_whitespace())?..];
    let end = s
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    std::str::from_utf8(&s[..end]).ok()?.parse().ok()
}

/// At `N G obj << … >> stream`: the names of the dictionary's `/Filter`, the dictionary's
/// bytes, and the bytes from the stream's start to the end of the file (the decoders stop
/// where the data does).
fn stream_at(s: &[u8]) -> Option<(Vec<Object>, &[u8], &[u8])> {
    let head = &s[..s.len().min(XREF_DICT_BYTES)];
    let obj = find(head, b"obj")?;
    let words = std::str::from_utf8(&head[..obj]).ok()?;
    if words.split_whitespace().count() != 2 {
        return None;
    }
    let key = find(&head[obj..], b"stream")? + obj;
    if find(&head[obj..key], b"endobj").is_some() {
        return None;
    }
    let dict = &head[obj..key];
    let mut data = &s[key + b"stream".len()..];
    data = data.strip_prefix(b"\r").unwrap_or(data);
    data = data.strip_prefix(b"\n").unwrap_or(data);
    Some((filter_names(dict), dict, data))
}

/// The names after `/Filter`: one name, or an array of them; `#xx` escapes decoded.
fn filter_names(dict: &[u8]) -> Vec<Object> {
    let Some(at) = find(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = &dict[at + b"/Filter".len()..];
    let rest = &rest[rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len())..];
    let (body, many) = match rest.strip_prefix(b"[") {
        Some(r) => (
            &r[..r.iter().position(|&b| b == b']').unwrap_or(r.len())],
            true,
        ),
        None => (rest, false),
    };
    let mut names = Vec::new();
    let mut parts = body.split(|&b| b == b'/').skip(1);
    for part in parts.by_ref() {
        let end = part
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"[]<>()/%{}".contains(&b))
            .unwrap_or(part.len());
        names.push(Object::Name(unescape(&part[..end])));
        if !many {
            break;
        }
    }
    names
}

fn unescape(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    let mut i = 0;
    while i < name.len() {
        let hex = name
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (name[i], hex) {
            (b'#', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn too_big_stream(id: ObjectId, limits: &Limits) -> Over {
    Over {
        what: format!(
            "stream {} {} R (it inflates to more than {})",
            id.0,
            id.1,
            human(limits.max_stream_size)
        ),
        limit: format!("{} per stream", human(limits.max_stream_size)),
    }
}

fn is_image(dict: &Dictionary) -> bool {
    dict.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image")
}

/// Marks an object stream that inflates past the per-stream limit (its content is
/// dropped during the load, and [`measure`] reports it).
const OVER_KEY: &[u8] = b"CompmapOverLimit";

/// Marks an object stream that would take all object streams together past
/// [`Limits::object_stream_budget`] (its content is dropped during the load, and [`measure`]
/// reports it).
const OVER_TOTAL_KEY: &[u8] = b"CompmapObjectStreamsOverLimit";

/// What one load may still inflate of object streams: set by [`with_object_stream_budget`]
/// on the thread that loads (lopdf is built without its `rayon` feature, so its loader and
/// [`load_filter`] run on that thread).
#[derive(Debug, Clone, Copy)]
struct ObjectStreams {
    per_stream: u64,
    /// Bytes the load's object streams may still inflate to.
    left: u64,
}

thread_local! {
    static OBJECT_STREAMS: std::cell::Cell<Option<ObjectStreams>> =
        const { std::cell::Cell::new(None) };
}

/// Run `load` (a lopdf load with [`load_filter`], or a decryption restoring object
/// streams) with the object streams of a file of `file_size` bytes bounded together by
/// [`Limits::object_stream_budget`]; outside it only the per-stream default applies.
pub fn with_object_stream_budget<T>(
    file_size: u64,
    limits: &Limits,
    load: impl FnOnce() -> T,
) -> T {
    let state = ObjectStreams {
        per_stream: limits.max_stream_size,
        left: limits.object_stream_budget(file_size),
    };
    let before = OBJECT_STREAMS.with(|s| s.replace(Some(state)));
    // Put back what was there even if the load panics (it runs under `quietly`).
    struct Restore(Option<ObjectStreams>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OBJECT_STREAMS.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(before);
    load()
}

/// A filter for lopdf's loader: an object stream that would inflate past the per-stream
/// limit, or take all object streams of the load past their budget (see
/// [`with_object_stream_budget`]), is emptied and marked before lopdf inflates it and parses
/// its objects.
pub fn load_filter(id: (u32, u16), object: &mut Object) -> Option<((u32, u16), Object)> {
    if let Object::Stream(stream) = object {
        let objstm = stream
            .dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"ObjStm");
        if objstm {
            let mut state = OBJECT_STREAMS.with(std::cell::Cell::get);
            let per_stream = state.map_or(Limits::default().max_stream_size, |s| s.per_stream);
            // Measured only as far as either limit needs.
            let limit = state.map_or(per_stream, |s| per_stream.min(s.left));
            let size = inflated_size(stream, limit).unwrap_or(stream.content.len() as u64);
            let over = if size > per_stream {
                Some(OVER_KEY)
            } else if let Some(s) = state.as_mut() {
                s.left = s.left.saturating_sub(size);
                (size > limit).then_some(OVER_TOTAL_KEY)
            } else {
                None
            };
            if let Some(key) = over {
                stream.dict.remove(b"Filter");
                stream.dict.set(key, true);
                stream.set_content(Vec::new());
            }
            OBJECT_STREAMS.with(|s| s.set(state));
        }
        // lopdf keeps a stream as changed in place and ignores what is returned for it.
        return Some((id, Object::Null));
    }
    // An object from inside an object stream is kept as returned; any other, in place.
    Some((id, object.clone()))
}

/// How many bytes `stream` inflates to, stopping past `limit` (a result over `limit` means
/// "more than `limit`"); `None` when it has no filter, or a filter lopdf cannot decode
/// (it then reads the raw bytes, no bigger than the file).
pub fn inflated_size(stream: &Stream, limit: u64) -> Option<u64> {
    let filters = stream.filters().ok()?;
    if filters.is_empty() {
        return None;
    }
    let params = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .ok();
    let mut data: std::borrow::Cow<[u8]> = std::borrow::Cow::Borrowed(&stream.content);
    for filter in filters {
        let out = match filter {
            b"FlateDecode" => inflate(&data, limit),
            b"LZWDecode" => lzw(&data, early_change(params), limit),
            b"ASCII85Decode" => ascii85(&data, limit),
            // lopdf gives up on any other filter, and pdf-extract falls back on the raw
            // bytes.
            _ => return None,
        };
        if out.len() as u64 > limit {
            return Some(out.len() as u64);
        }
        data = std::borrow::Cow::Owned(out);
    }
    Some(data.len() as u64)
}

/// Inflate zlib data, or raw deflate data after a broken zlib header (as lopdf does), to
/// at most `limit + 1` bytes. A corrupt tail ends the output where it breaks.
fn inflate(input: &[u8], limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(input)
        .take(limit + 1)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() && input.len() > 2 {
        let _ = flate2::read::DeflateDecoder::new(&input[2..])
            .take(limit + 1)
            .read_to_end(&mut out);
    }
    out
}

fn early_change(params: Option<&Dictionary>) -> bool {
    params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|p| p.as_i64().ok())
        .is_none_or(|v| v != 0)
}

/// LZW-decode to at most `limit + 1` bytes (as lopdf: MSB first, 8-bit symbols).
fn lzw(input: &[u8], early_change: bool, limit: u64) -> Vec<u8> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut inp = input;
    while (out.len() as u64) <= limit {
        let r = decoder.decode_bytes(inp, &mut buf);
        out.extend_from_slice(&buf[..r.consumed_out]);
        inp = &inp[r.consumed_in..];
        match r.status {
            Ok(LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            _ => break,
        }
    }
    out
}

/// ASCII85-decode to at most `limit + 1` bytes; junk ends the output.
fn ascii85(input: &[u8], limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group = [0u8; 5];
    let mut n = 0;
    let flush = |group: &[u8; 5], n: usize, out: &mut Vec<u8>| {
        let mut padded = *group;
        for p in padded.iter_mut().skip(n) {
            *p = b'u' - b'!';
        }
        let v = padded.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
        out.extend_from_slice(&v.to_be_bytes()[..n.saturating_sub(1)]);
    };
    let body = input.strip_prefix(b"<~").unwrap_or(input);
    for &c in body {
        if out.len() as u64 > limit {
            break;
        }
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out);
                    n = 0;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => break,
        }
    }
    if n > 1 {
        flush(&group, n, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filters: &[&str], content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        let names = filters
            .iter()
            .map(|f| Object::Name(f.as_bytes().to_vec()))
            .collect();
        dict.set("Filter", Object::Array(names));
        Stream::new(dict, content)
    }

    #[test]
    fn sizes_are_exact_under_the_limit() {
        let data = vec![b' '; 100_000];
        let s = stream(&["FlateDecode", "FlateDecode"], zlib(&zlib(&data)));
        assert_eq!(inflated_size(&s, 1 << 20), Some(100_000));
        assert_eq!(s.decompressed_content().unwrap().len(), 100_000);
    }

    #[test]
    fn measuring_stops_past_the_limit() {
        let data = vec![b' '; 10 << 20];
        let s = stream(&["FlateDecode", "FlateDecode"], zlib(&zlib(&data)));
        assert_eq!(inflated_size(&s, 1 << 20), Some((1 << 20) + 1));
    }

    #[test]
    fn ascii85_decodes_as_lopdf_does() {
        let raw = b"9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>Cj@.4Gp$d7F!,L7@<6@)/0JDEF<G%<+EV:2F!,O<~>";
        let s = stream(&["ASCII85Decode"], raw.to_vec());
        let ours = ascii85(raw, 1 << 20);
        assert_eq!(ours, s.decompressed_content().unwrap());
        assert_eq!(&ours[..12], b"Man is disti");
    }

    /// A file whose cross-reference stream holds `data` under two Flate filters (the first
    /// name escaped), and the stream's offset.
    fn xref_pdf(data: &[u8]) -> (Vec<u8>, usize) {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let at = pdf.len();
        pdf.extend_from_slice(b"9 0 obj\n<< /Type /XRef /Size 10 /W [1 2 1] ");
        pdf.extend_from_slice(b"/Filter [/Fl#61teDecode /FlateDecode] >>\nstream\n");
        pdf.extend_from_slice(&zlib(&zlib(data)));
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        pdf.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
        (pdf, at)
    }

    #[test]
    fn a_cross_reference_stream_bomb_is_found_in_the_bytes() {
        let (bomb, at) = xref_pdf(&vec![0u8; 40 << 20]);
        let over = check_xref_streams(&bomb, &Limits::default()).unwrap_err();
        assert!(over.what.contains(&format!("byte {at}")), "{}", over.what);
        let (honest, _) = xref_pdf(&vec![0u8; 1 << 20]);
        assert!(check_xref_streams(&honest, &Limits::default()).is_ok());
    }

    #[test]
    fn filter_names_are_read_as_lopdf_reads_them() {
        let names = |d: &[u8]| {
            filter_names(d)
                .into_iter()
                .map(|o| o.as_name().unwrap().to_vec())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(b"<< /Filter /FlateDecode /W [1 2 1] >>"),
            [b"FlateDecode".to_vec()]
        );
        assert_eq!(
            names(b"<</Filter[/A85/Fl#61teDecode]>>"),
            [b"A85".to_vec(), b"FlateDecode".to_vec()]
        );
        assert!(names(b"<< /Size 3 >>").is_empty());
    }

    fn object_stream(inflated: usize) -> Object {
        let mut s = stream(&["FlateDecode"], zlib(&vec![b' '; inflated]));
        s.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        Object::Stream(s)
    }

    fn marked(object: &Object) -> Option<&'static str> {
        let dict = &object.as_stream().unwrap().dict;
        if dict.has(OVER_KEY) {
            Some("stream")
        } else if dict.has(OVER_TOTAL_KEY) {
            Some("total")
        } else {
            None
        }
    }

    #[test]
    fn object_streams_are_bounded_together_within_a_load() {
        let limits = Limits::default();
        // A small file: the 2 MiB floor. Three streams of 800 KiB: the third goes over.
        let marks = with_object_stream_budget(4096, &limits, || {
            (0..3)
                .map(|i| {
                    let mut o = object_stream(800 << 10);
                    load_filter((i, 0), &mut o);
                    marked(&o)
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(marks, [None, None, Some("total")]);
        // A bigger file gets a bigger budget (twice its size), and every load starts afresh.
        let marks = with_object_stream_budget(2 << 20, &limits, || {
            (0..3)
                .map(|i| {
                    let mut o = object_stream(800 << 10);
                    load_filter((i, 0), &mut o);
                    marked(&o)
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(marks, [None, None, None]);
        // Outside a load only the per-stream limit applies.
        let mut o = object_stream(3 << 20);
        load_filter((1, 0), &mut o);
        assert_eq!(marked(&o), None);
    }

    #[test]
    fn a_marked_object_stream_is_refused_by_measure() {
        let mut doc = Document::new();
        let mut o = object_stream(3 << 20);
        with_object_stream_budget(4096, &Limits::default(), || load_filter((7, 0), &mut o));
        doc.objects.insert((7, 0), o);
        let over = measure(&doc, 4096, &Limits::default()).unwrap_err();
        assert!(over.what.contains("object streams"), "{}", over.what);
        assert!(over.what.contains("7 0 R"), "{}", over.what);
        assert!(over.limit.contains("2 MiB"), "{}", over.limit);
    }

    #[test]
    fn other_filters_are_not_measured() {
        let s = stream(&["DCTDecode"], vec![1, 2, 3]);
        assert_eq!(inflated_size(&s, 10), None);
    }
}
