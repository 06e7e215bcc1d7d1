//! The pseudonym key in a file of its own, kept by the data controller apart from
//! the project, and encrypted with a passphrase in the age format (scrypt to stretch
//! the passphrase, ChaCha20-Poly1305 to seal the key), which the `age` tool can
//! also open. The clear key exists only in memory: the file is sealed before it is
//! written, and replaced whole, so no clear byte reaches the disk.
//!
//! Each change keeps the key as it was before, with the change's label, inside the
//! sealed file, so that a change to a key kept apart is one undo step too.
//!
//! This module seals and opens the bytes; `store::key_file` reads and writes them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::KeyEntry;

/// What the sealed file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    /// Says what the file is, so that another age file is not taken for a key.
    pub format: String,
    /// The key's own id, which the project it belongs to records.
    pub id: String,
    pub entries: Vec<KeyEntry>,
    /// The key before each change, the last change last.
    #[serde(default)]
    pub undo: Vec<KeyChange>,
}

/// One change to a key kept apart, and the key before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChange {
    pub label: String,
    pub before: Vec<KeyEntry>,
}

const FORMAT: &str = "polyphony pseudonym key 1";

/// How many changes a key file can undo; older ones are let go.
const UNDO_KEPT: usize = 200;

/// Why a key file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("the passphrase does not open the key {0}; check it and try again")]
    WrongPassphrase(PathBuf),
    #[error("{0} is not a Polyphony pseudonym key (an age file sealed with a passphrase)")]
    NotAKey(PathBuf),
    #[error("the key {0} asks for more work to open than this machine allows")]
    TooMuchWork(PathBuf),
    #[error("could not {what} the key {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not seal the key: {0}")]
    Seal(String),
}

impl KeyFile {
    /// A new, empty key with an id of its own.
    #[must_use]
    pub fn new() -> Self {
        Self {
            format: FORMAT.to_owned(),
            id: uuid::Uuid::new_v4().to_string(),
            entries: Vec::new(),
            undo: Vec::new(),
        }
    }

    /// Opens the `sealed` bytes of the key at `path` (named in errors) with
    /// `passphrase`.
    ///
    /// # Errors
    /// A wrong passphrase, or bytes that are not a key.
    pub fn unseal(sealed: &[u8], passphrase: &str, path: &Path) -> Result<Self, KeyFileError> {
        let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        let clear = age::decrypt(&identity, sealed).map_err(|error| match error {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::InvalidMac => KeyFileError::WrongPassphrase(path.to_owned()),
            age::DecryptError::ExcessiveWork { .. } => KeyFileError::TooMuchWork(path.to_owned()),
            _ => KeyFileError::NotAKey(path.to_owned()),
        })?;
        let key: KeyFile =
            serde_json::from_slice(&clear).map_err(|_| KeyFileError::NotAKey(path.to_owned()))?;
        if key.format != FORMAT {
            return Err(KeyFileError::NotAKey(path.to_owned()));
        }
        Ok(key)
    }

    /// The key sealed with `passphrase`: the only form in which it leaves memory.
    ///
    /// # Errors
    /// When the key cannot be sealed.
    pub fn seal(&self, passphrase: &str) -> Result<Vec<u8>, KeyFileError> {
        let clear =
            serde_json::to_vec(self).map_err(|error| KeyFileError::Seal(error.to_string()))?;
        let recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
        age::encrypt(&recipient, &clear).map_err(|error| KeyFileError::Seal(error.to_string()))
    }

    /// Makes a change to the entries as one undo step called `label`.
    pub fn change(&mut self, label: &str, change: impl FnOnce(&mut Vec<KeyEntry>)) {
        let before = self.entries.clone();
        change(&mut self.entries);
        self.entries.sort_by(|a, b| a.real.cmp(&b.real));
        self.undo.push(KeyChange {
            label: label.to_owned(),
            before,
        });
        if self.undo.len() > UNDO_KEPT {
            self.undo.remove(0);
        }
    }

    /// Adds, changes (`entry` for `real`) or removes (`None`) one entry as one
    /// undo step, and returns its label, which names the replacement and never
    /// the real term; `None` when there is no such entry to remove.
    pub fn set_entry(&mut self, real: &str, entry: Option<KeyEntry>) -> Option<String> {
        let label = match (&entry, self.get(real)) {
            (Some(entry), None) => format!("add pseudonym {}", entry.replacement),
            (Some(entry), Some(_)) => format!("change pseudonym {}", entry.replacement),
            (None, Some(old)) => format!("remove pseudonym {}", old.replacement),
            (None, None) => return None,
        };
        self.change(&label, |entries| {
            entries.retain(|old| old.real != real);
            entries.extend(entry);
        });
        Some(label)
    }

    /// Puts the key back as it was before its last change, and says which.
    pub fn undo(&mut self) -> Option<String> {
        let change = self.undo.pop()?;
        self.entries = change.before;
        Some(change.label)
    }

    /// The entry for `real`, if the key has one.
    #[must_use]
    pub fn get(&self, real: &str) -> Option<&KeyEntry> {
        self.entries.iter().find(|entry| entry.real == real)
    }

    /// Every replacement in use, to pick a new one that is free.
    #[must_use]
    pub fn replacements(&self) -> BTreeSet<&str> {
        self.entries
            .iter()
            .map(|entry| entry.replacement.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pseudonyms::Category;

    #[test]
    fn a_key_is_sealed_opened_with_its_passphrase_only_and_its_changes_undone() {
        let mut key = KeyFile::new();
        key.change("add pseudonym P01", |entries| {
            entries.push(KeyEntry {
                real: "Amara Osei".into(),
                replacement: "P01".into(),
                category: Category::Participant,
                variants: vec![],
            });
        });
        let sealed = key.seal("correct horse").expect("sealed");
        assert!(sealed.starts_with(b"age-encryption.org/v1"));
        let clear = String::from_utf8_lossy(&sealed);
        assert!(!clear.contains("Amara") && !clear.contains("P01"));

        let path = Path::new("study.key");
        let opened = KeyFile::unseal(&sealed, "correct horse", path).expect("opened");
        assert_eq!(opened, key);
        let wrong = KeyFile::unseal(&sealed, "wrong horse", path).expect_err("a wrong passphrase");
        assert!(matches!(wrong, KeyFileError::WrongPassphrase(_)), "{wrong}");
        assert!(wrong.to_string().contains("the passphrase does not open"));
        let not_a_key =
            KeyFile::unseal(b"Amara Osei", "correct horse", path).expect_err("not a key");
        assert!(matches!(not_a_key, KeyFileError::NotAKey(_)), "{not_a_key}");

        let mut opened = opened;
        assert_eq!(opened.undo().as_deref(), Some("add pseudonym P01"));
        assert!(opened.entries.is_empty());
        assert_eq!(opened.undo(), None);
    }
}
