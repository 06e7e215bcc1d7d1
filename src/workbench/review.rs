//! Taking a reviewer's saved comments back in from a review packet's file, as
//! one undo step. The comments, replies and resolutions made in the window are
//! built by `edit::build` like every other command.

use crate::edit::Command;
use crate::exchange::review_packet::{ReviewImport, read_review_comments};
use crate::workbench::{Workbench, WorkbenchError, now_ms};
use std::path::Path;

fn invalid(message: impl Into<String>) -> WorkbenchError {
    WorkbenchError::Invalid(message.into())
}

impl Workbench {
    /// The command that adds the comments a reviewer saved from a review
    /// packet at `path`, as one step, and the report of what it adds and
    /// skips. An error when it adds nothing.
    pub fn review_import_command(
        &self,
        path: &Path,
    ) -> Result<(Command, ReviewImport), WorkbenchError> {
        let bytes = std::fs::read(path)
            .map_err(|source| invalid(format!("could not read {}: {source}", path.display())))?;
        let import = read_review_comments(self.project(), path, &bytes, now_ms())?;
        if import.comments.is_empty() {
            return Err(invalid(format!(
                "{} holds no new comments{}",
                path.display(),
                if import.skipped.is_empty() {
                    String::new()
                } else {
                    format!(": {}", import.skipped.join("; "))
                }
            )));
        }
        let count = import.comments.len();
        let command = Command::Batch {
            label: format!(
                "import {count} review comment{} from {}",
                if count == 1 { "" } else { "s" },
                import.reviewer
            ),
            commands: import
                .comments
                .iter()
                .cloned()
                .map(|comment| Command::AddComment { comment })
                .collect(),
        };
        Ok((command, import))
    }
}
