//! Builders for co-author review: a review comment by a signed-in reviewer,
//! the researcher's reply, and a resolution (accepted, changed, or declined
//! with a reason). Each is one command, so it is journalled and can be undone.

use crate::edit::build::CommandBuilder;
use crate::edit::{Command, EditError};
use crate::model::{Comment, CommentId, CommentKind, Resolution, ResolutionState, Target};

fn invalid(message: impl Into<String>) -> EditError {
    EditError::Invalid(message.into())
}

impl CommandBuilder<'_> {
    /// The command that adds a review comment by `author` on `target`. A
    /// question, suggestion or concern needs words; "this fits" may be bare.
    pub fn comment(
        &self,
        author: &str,
        target: Target,
        kind: CommentKind,
        body: &str,
    ) -> Result<Command, EditError> {
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
                created_at: self.at,
                resolution: None,
            },
        })
    }

    /// The command that adds the current coder's reply to comment `comment`.
    pub fn reply(&self, comment: CommentId, body: &str) -> Result<Command, EditError> {
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
                author: self.coder.name.clone(),
                target: parent.target,
                kind: CommentKind::Reply,
                body: body.to_owned(),
                reply_to: Some(comment),
                created_at: self.at,
                resolution: None,
            },
        })
    }

    /// The command that resolves comment `comment` as `state` by the current
    /// coder, with `reason` (required when declining), or reopens it with
    /// `None`.
    pub fn resolve_comment(
        &self,
        comment: CommentId,
        state: Option<ResolutionState>,
        reason: &str,
    ) -> Result<Command, EditError> {
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
                by: self.coder.name.clone(),
                at: self.at,
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
