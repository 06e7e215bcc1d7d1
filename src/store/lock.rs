//! Keeps a second process from writing to a project another one has open.
//!
//! The lock is an OS file lock on `NAME.polyphony.lock`, so it is released when
//! the holder exits or crashes; the file's text names the holder for the
//! message the refused process shows.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds a project open for writing, as they wrote it into the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder(pub String);

/// The held lock; dropping it releases the project.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
}

pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl ProjectLock {
    /// Takes the lock, or says who holds it.
    pub fn acquire(project: &Path) -> Result<Result<Self, LockHolder>, std::io::Error> {
        let path = lock_path(project);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                file.read_to_string(&mut holder)?;
                let holder = holder.trim();
                return Ok(Err(LockHolder(if holder.is_empty() {
                    "another Polyphony process".to_owned()
                } else {
                    holder.to_owned()
                })));
            }
            Err(TryLockError::Error(error)) => return Err(error),
        }
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown user".to_owned());
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|name| name.trim().to_owned())
            .unwrap_or_default();
        let holder = if host.is_empty() {
            format!("Polyphony process {} of {user}", std::process::id())
        } else {
            format!(
                "Polyphony process {} of {user} on {host}",
                std::process::id()
            )
        };
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(holder.as_bytes())?;
        file.flush()?;
        Ok(Ok(Self { file }))
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Clear the holder's name; the OS lock itself goes with the handle. The
        // file stays: removing it could let two later processes lock two files.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
