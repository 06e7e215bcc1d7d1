//! Co-author review through the workbench: writing a review packet, taking
//! a reviewer's saved comments back in (one undo step), commenting as a
//! signed-in reviewer in the window, and the researcher's replies and
//! resolutions (accepted, changed, or declined with a reason). Every one of
//! these is a command, so it is journalled and can be undone.

use crate::edit::Command;
use crate::exchange::review_packet::{ReviewImport, read_review_comments};
use crate::model::{Comment, CommentId, CommentKind, Resolution, ResolutionState, Target};
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

    /// The command that adds a review comment by `author` on `target`. A
    /// question, suggestion or concern needs words; "this fits" may be bare.
    pub fn comment_command(
        &self,
        author: &str,
        target: Target,
        kind: CommentKind,
        body: &str,
    ) -> Result<Command, WorkbenchError> {
        let author = author.trim();
        if author.is_empty() {
            return Err(invalid("sign in with your name before commenting"));
        }
        if kind == CommentKind::Reply {
            return Err(invalid("answer a comment with a reply to it"));
        }
        let body = body.trim();
        if body.is_empty() && kind != CommentKind::Agree {
            return Err(invalid(format!("write your {} first", kind.label())));
        }
        Ok(Command::AddComment {
            comment: Comment {
                id: CommentId::new(),
                author: author.to_owned(),
                target,
                kind,
                body: body.to_owned(),
                reply_to: None,
                created_at: now_ms(),
                resolution: None,
            },
        })
    }

    /// The command that adds the current coder's reply to comment `comment`.
    pub fn reply_command(&self, comment: CommentId, body: &str) -> Result<Command, WorkbenchError> {
        let parent = self
            .project()
            .comments
            .get(&comment)
            .ok_or_else(|| invalid("that comment is gone"))?;
        let body = body.trim();
        if body.is_empty() {
            return Err(invalid("write the reply first"));
        }
        Ok(Command::AddComment {
            comment: Comment {
                id: CommentId::new(),
                author: self.coder().name.clone(),
                target: parent.target,
                kind: CommentKind::Reply,
                body: body.to_owned(),
                reply_to: Some(comment),
                created_at: now_ms(),
                resolution: None,
            },
        })
    }

    /// The command that resolves comment `comment` as `state` by the current
    /// coder, with `reason` (required when declining), or reopens it with
    /// `None`.
    pub fn resolve_comment_command(
        &self,
        comment: CommentId,
        state: Option<ResolutionState>,
        reason: &str,
    ) -> Result<Command, WorkbenchError> {
        let existing = self
            .project()
            .comments
            .get(&comment)
            .ok_or_else(|| invalid("that comment is gone"))?;
        if existing.kind == CommentKind::Reply {
            return Err(invalid("resolve the comment itself, not a reply to it"));
        }
        let reason = reason.trim();
        let resolution = match state {
            Some(ResolutionState::Declined) if reason.is_empty() => {
                return Err(invalid(
                    "say why the comment is declined: the reviewer will read the reason",
                ));
            }
            Some(state) => Some(Resolution {
                state,
                reason: reason.to_owned(),
                by: self.coder().name.clone(),
                at: now_ms(),
            }),
            None if existing.resolution.is_none() => {
                return Err(invalid("that comment is open already"));
            }
            None => None,
        };
        Ok(Command::ResolveComment {
            id: comment,
            resolution,
        })
    }
}
