//! Encrypted PDFs that open without a user password (restrictions only): every Standard
//! security handler, R2–R6 (RC4-40/128, AESV2, AESV3), its dictionary written directly in
//! the trailer or as a reference, with or without `EncryptMetadata`, in files with object
//! and cross-reference streams.
//!
//! lopdf's loader only decrypts when `/Encrypt` is a reference, and then drops objects it
//! cannot place; so compmap hides the dictionary from it: [`hide`] renames the trailer's
//! `/Encrypt` key (same length, no offset moves) before the load, [`load_filter`] keeps
//! object streams as plain streams during it (their content is still ciphertext), and
//! [`decrypt`] then authenticates the empty user password and decrypts every object with
//! lopdf's ciphers (`encryption::decrypt_object`), unpacking the object streams last. A
//! user password, or a security handler other than Standard, is `Error::Encrypted`.

use pdf_extract::encryption::decrypt_object;
use pdf_extract::{Dictionary, Document, EncryptionState, Object, ObjectId, ObjectStream};
use std::borrow::Cow;

/// What the trailer's `/Encrypt` key is renamed to: as long as `/Encrypt`, so no byte
/// offset of the file moves, and a name no PDF uses.
const HIDDEN: &[u8] = b"/CmpEncr";

/// What an object stream's `/Type` becomes during the load, so lopdf keeps it as a plain
/// stream instead of parsing (and dropping) its encrypted content.
const HIDDEN_OBJSTM: &[u8] = b"CompmapEncryptedObjStm";

/// Why an encrypted document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The empty user password does not open it (or another security handler is used).
    Password,
    /// The encryption dictionary cannot be used (the reason).
    Broken(String),
}

/// The bytes with every `/Encrypt` key renamed, or `None` when the file has none (not
/// encrypted). The key is matched as a whole name (`/EncryptMetadata` is left alone);
/// it only appears in trailers and cross-reference stream dictionaries, which are never
/// encrypted, while any stream content of an encrypted file is ciphertext.
pub fn hide(bytes: &[u8]) -> Option<Cow<'_, [u8]>> {
    const KEY: &[u8] = b"/Encrypt";
    let is_key = |i: usize| {
        bytes[i..].starts_with(KEY)
            && bytes
                .get(i + KEY.len())
                .is_none_or(|&b| is_delimiter(b) || b.is_ascii_whitespace())
    };
    let at: Vec<usize> = memchr_all(bytes, b'/').filter(|&i| is_key(i)).collect();
    if at.is_empty() {
        return None;
    }
    let mut out = bytes.to_vec();
    for i in at {
        out[i..i + HIDDEN.len()].copy_from_slice(HIDDEN);
    }
    Some(Cow::Owned(out))
}

fn memchr_all(bytes: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(move |(_, &b)| b == needle)
        .map(|(i, _)| i)
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// lopdf's load filter for a file whose `/Encrypt` is hidden: object streams keep their
/// content (renamed type); everything else goes through the usual filter.
pub fn load_filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            stream
                .dict
                .set("Type", Object::Name(HIDDEN_OBJSTM.to_vec()));
            return Some((id, Object::Null));
        }
    }
    super::inflate::load_filter(id, object)
}

/// Decrypt a document loaded from [`hide`]'s bytes with [`load_filter`]: afterwards it
/// reads as if it had never been encrypted.
pub fn decrypt(doc: &mut Document) -> Result<(), Refused> {
    let key = &HIDDEN[1..];
    let Ok(value) = doc.trailer.get(key).cloned() else {
        // The name was only met outside the trailer: nothing to decrypt; put back the
        // object streams.
        restore_object_streams(doc);
        return Ok(());
    };
    doc.trailer.remove(key);
    let (dict, old_id) = match value {
        Object::Dictionary(d) => (d, None),
        Object::Reference(id) => match doc.objects.remove(&id) {
            Some(Object::Dictionary(d)) => (d, Some(id)),
            _ => return Err(Refused::Broken("the /Encrypt dictionary is missing".into())),
        },
        _ => return Err(Refused::Broken("/Encrypt is not a dictionary".into())),
    };
    if dict.get(b"Filter").and_then(Object::as_name).ok() != Some(b"Standard".as_slice()) {
        return Err(Refused::Password);
    }
    let state = open(doc, dict, old_id)?;
    for (&id, object) in doc.objects.iter_mut() {
        // Cannot fail for a string or stream once the state is made: lopdf's ciphers
        // report only padding (a damaged object, left as it is) and key errors.
        let _ = decrypt_object(&state, id, object);
    }
    restore_object_streams(doc);
    Ok(())
}

/// Authenticate the empty user password against `dict` and make the decryption state.
/// lopdf's key derivation reads the dictionary through the trailer's reference and the
/// file `/ID`, so both are put in place for it, and taken out again.
fn open(
    doc: &mut Document,
    dict: Dictionary,
    old_id: Option<ObjectId>,
) -> Result<EncryptionState, Refused> {
    let id = old_id.unwrap_or_else(|| {
        doc.max_id += 1;
        (doc.max_id, 0)
    });
    doc.objects.insert(id, Object::Dictionary(dict));
    doc.trailer.set("Encrypt", Object::Reference(id));
    // A file without an /ID was encrypted with an empty one (as pdfminer and poppler read it).
    let no_id = doc.trailer.get(b"ID").is_err();
    if no_id {
        let empty = Object::String(Vec::new(), pdf_extract::StringFormat::Literal);
        doc.trailer
            .set("ID", Object::Array(vec![empty.clone(), empty]));
    }
    let state = match doc.authenticate_raw_user_password(b"") {
        Ok(()) => EncryptionState::decode(&*doc, "")
            .map_err(|e| Refused::Broken(format!("its encryption cannot be read: {e}"))),
        Err(pdf_extract::Error::Decryption(
            pdf_extract::encryption::DecryptionError::IncorrectPassword,
        )) => Err(Refused::Password),
        Err(e) => Err(Refused::Broken(format!(
            "its encryption cannot be read: {e}"
        ))),
    };
    doc.trailer.remove(b"Encrypt");
    if no_id {
        doc.trailer.remove(b"ID");
    }
    doc.objects.remove(&id);
    state
}

/// Give the hidden object streams their type back and add the objects they hold (never
/// replacing an object stored outside them, as lopdf's loader does).
fn restore_object_streams(doc: &mut Document) {
    let hidden: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_stream().is_ok_and(|s| s.dict.has_type(HIDDEN_OBJSTM)))
        .map(|(&id, _)| id)
        .collect();
    for id in hidden {
        let Some(mut object) = doc.objects.remove(&id) else {
            continue;
        };
        if let Object::Stream(stream) = &mut object {
            stream.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        }
        // The size limit on object streams, now that the content can be measured.
        let _ = super::inflate::load_filter(id, &mut object);
        if let Object::Stream(stream) = &mut object {
            if let Ok(objects) = ObjectStream::new(stream) {
                for (inner, o) in objects.objects {
                    doc.objects.entry(inner).or_insert(o);
                }
            }
        }
        doc.objects.insert(id, object);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hide_renames_only_the_whole_key() {
        let cases: &[(&[u8], Option<&[u8]>)] = &[
            (b"<< /Encrypt 5 0 R >>", Some(b"<< /CmpEncr 5 0 R >>")),
            (b"<</Encrypt<</V 4>>>>", Some(b"<</CmpEncr<</V 4>>>>")),
            (b"<< /EncryptMetadata false >>", None),
            (b"<< /Root 1 0 R >>", None),
            (b"/Encrypt", Some(b"/CmpEncr")),
        ];
        for &(input, want) in cases {
            let got = hide(input);
            assert_eq!(got.as_deref(), want, "{}", String::from_utf8_lossy(input));
        }
    }
}
