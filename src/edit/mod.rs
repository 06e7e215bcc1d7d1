//! Every change a user can make to a project, as a [`Command`] value; applying one
//! to a [`Project`](crate::model::Project) returns its exact inverse, which is
//! what undo applies.
//!
//! This is the only code that mutates a project. It is pure: no files, no SQLite,
//! no index. `store` writes the records a command touched, and `workbench` ties
//! the two together with the undo history.

mod apply;
pub mod build;
mod command;
mod history;
pub mod merge;
mod needs;

pub use apply::{Applied, EditError, Touched, apply};
pub use build::{CommandBuilder, participants};
pub use command::{Command, describe};
pub use history::{History, HistoryEntry};
pub use needs::{Needs, needs};
