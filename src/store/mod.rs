//! The project file: one SQLite database (`NAME.polyphony`) holding the project,
//! its undo history and its journal.
//!
//! Every applied command is written in one transaction together with its history
//! and journal rows, and the call returns only once SQLite has made it durable,
//! so a crash loses nothing that was shown as done. Only this module speaks SQL.

mod copies;
mod file;
mod key_file;
mod lock;
mod parked;
mod read;
mod replica;
pub mod rows;
mod schema;
pub mod server;
pub mod shared;
pub(crate) mod write;

pub use file::{Change, Check, JournalAction, JournalRow, OpenMode, ProjectFile, StoreError};
pub use lock::LockHolder;
pub use parked::StoredForward;
pub use read::{CodingsOf, DocumentCounts};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
