//! The mailed copy of a notice, encrypted in memory with AES-256 (PDF 2.0's
//! standard security handler, revision 6) under the employee's own password. The
//! notice in `outputs/` is never touched, so reruns stay byte-identical.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context;
use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::{Document, EncryptionState, EncryptionVersion, Permissions};

/// Fresh random bytes from the operating system.
fn random<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::Error::from(crate::msg!("deliver.no_random", error = e.to_string())))?;
    Ok(bytes)
}

/// Add the key lengths readers expect in the encryption dictionary: `/Length
/// 256` and the crypt filter's `/Length 32` and `/AuthEvent /DocOpen` (ISO
/// 32000-2, 7.6.4 and 7.6.6). Without them poppler-based readers take the key to
/// be 40 bits and cannot open the file, though the password is right.
fn complete_encrypt_dictionary(doc: &mut Document) -> anyhow::Result<()> {
    let id = doc
        .trailer
        .get(b"Encrypt")
        .and_then(lopdf::Object::as_reference)
        .map_err(|e| crate::msg!("deliver.no_encrypt_dictionary", error = e.to_string()))?;
    let dict = doc
        .get_object_mut(id)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(|e| crate::msg!("deliver.encrypt_dictionary_unreadable", error = e.to_string()))?;
    dict.set("Length", 256);
    if let Ok(filter) = dict
        .get_mut(b"CF")
        .and_then(lopdf::Object::as_dict_mut)
        .and_then(|cf| cf.get_mut(b"StdCF"))
        .and_then(lopdf::Object::as_dict_mut)
    {
        filter.set("Length", 32);
        filter.set("AuthEvent", lopdf::Object::Name(b"DocOpen".to_vec()));
    }
    Ok(())
}

/// `pdf` encrypted with AES-256 so that it opens only with `password`. Reading,
/// printing and copying text are allowed once opened; the owner password (which
/// would lift those limits) is random and thrown away.
pub fn encrypt_pdf(pdf: &[u8], password: &str) -> anyhow::Result<Vec<u8>> {
    if password.is_empty() {
        return Err(crate::msg!("deliver.empty_password").into());
    }
    let mut doc = Document::load_mem(pdf).context(crate::msg!("deliver.not_a_pdf"))?;
    if doc.is_encrypted() {
        return Err(crate::msg!("deliver.already_encrypted").into());
    }
    let key: [u8; 32] = random()?;
    let owner = crate::output::hex(&random::<24>()?);
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: &key,
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: &owner,
        user_password: password,
        permissions: Permissions::PRINTABLE
            | Permissions::PRINTABLE_IN_HIGH_QUALITY
            | Permissions::COPYABLE
            | Permissions::COPYABLE_FOR_ACCESSIBILITY,
    };
    let state = EncryptionState::try_from(version)
        .map_err(|e| crate::msg!("deliver.encrypt_setup", error = e.to_string()))?;
    doc.encrypt(&state)
        .map_err(|e| crate::msg!("deliver.cannot_encrypt", error = e.to_string()))?;
    complete_encrypt_dictionary(&mut doc)?;
    // AES-256 (revision 6) is PDF 2.0's security handler.
    doc.version = "2.0".to_string();
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    doc.save_to(&mut out)
        .context(crate::msg!("deliver.cannot_write_encrypted"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with a line of text, made with lopdf itself.
    fn sample_pdf() -> Vec<u8> {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font =
            doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"});
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf 72 720 Td (K002 notice) Tj ET".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! {"Font" => dictionary! {"F1" => font}},
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1}),
        );
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    #[test]
    fn the_copy_opens_with_its_password_only() {
        let pdf = sample_pdf();
        let sealed = encrypt_pdf(&pdf, "111785").expect("encrypt");
        assert!(
            !sealed.windows(11).any(|w| w == b"K002 notice"),
            "text is not readable"
        );
        let doc = Document::load_mem(&sealed).expect("loads");
        assert!(doc.is_encrypted());
        assert!(doc.authenticate_user_password("111785").is_ok());
        assert!(doc.authenticate_user_password("183154").is_err());
        let mut opened = Document::load_mem(&sealed).expect("loads");
        opened.decrypt("111785").expect("decrypts");
        assert!(encrypt_pdf(&pdf, "").is_err());
        let id = doc
            .trailer
            .get(b"Encrypt")
            .and_then(lopdf::Object::as_reference)
            .expect("Encrypt");
        let dict = doc.get_dictionary(id).expect("dictionary");
        assert_eq!(
            dict.get(b"Length").and_then(lopdf::Object::as_i64).ok(),
            Some(256),
            "{dict:?}"
        );
    }
}
