//! The pseudonym key kept apart, on disk: read whole and opened in memory, or
//! sealed in memory and put in place of the old file in one rename, so that no
//! clear byte of the key is ever written and a failure leaves the old key.

use crate::pseudonyms::{KeyFile, KeyFileError};
use std::io::Write;
use std::path::{Path, PathBuf};

impl KeyFile {
    /// Opens the key at `path` with `passphrase`.
    ///
    /// # Errors
    /// A wrong passphrase, a file that is not a key, or one that cannot be read.
    pub fn read(path: &Path, passphrase: &str) -> Result<Self, KeyFileError> {
        let sealed = std::fs::read(path).map_err(|source| KeyFileError::Io {
            what: "read",
            path: path.to_owned(),
            source,
        })?;
        KeyFile::unseal(&sealed, passphrase, path)
    }

    /// Seals the key with `passphrase` and puts it at `path` in place of what was
    /// there, through a sealed file beside it.
    ///
    /// # Errors
    /// When the key cannot be sealed or written.
    pub fn write(&self, path: &Path, passphrase: &str) -> Result<(), KeyFileError> {
        let sealed = self.seal(passphrase)?;
        // Sealed bytes only go beside the key, then take its place in one rename.
        let mut beside = path.as_os_str().to_owned();
        beside.push(".sealing");
        let beside = PathBuf::from(beside);
        let written = (|| {
            let mut file = std::fs::File::create(&beside)?;
            file.write_all(&sealed)?;
            file.sync_all()?;
            std::fs::rename(&beside, path)
        })();
        if let Err(source) = written {
            let _ = std::fs::remove_file(&beside);
            return Err(KeyFileError::Io {
                what: "write",
                path: path.to_owned(),
                source,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pseudonyms::{Category, KeyEntry};

    #[test]
    fn a_key_file_holds_only_sealed_bytes_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("study.key");
        let mut key = KeyFile::new();
        key.change("add pseudonym P01", |entries| {
            entries.push(KeyEntry {
                real: "Amara Osei".into(),
                replacement: "P01".into(),
                category: Category::Participant,
                variants: vec![],
            });
        });
        key.write(&path, "correct horse").expect("written");
        key.write(&path, "correct horse")
            .expect("written again, in place");

        let bytes = std::fs::read(&path).expect("the file");
        assert!(bytes.starts_with(b"age-encryption.org/v1"));
        assert!(!String::from_utf8_lossy(&bytes).contains("Amara"));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .map(|entry| entry.expect("an entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "no file is left beside the key: {names:?}");
        assert_eq!(KeyFile::read(&path, "correct horse").expect("opened"), key);
        let wrong = KeyFile::read(&path, "wrong horse").expect_err("a wrong passphrase");
        assert!(matches!(wrong, KeyFileError::WrongPassphrase(_)), "{wrong}");
        let missing = KeyFile::read(&dir.path().join("none.key"), "x").expect_err("no file");
        assert!(
            missing.to_string().contains("could not read the key"),
            "{missing}"
        );
    }
}
