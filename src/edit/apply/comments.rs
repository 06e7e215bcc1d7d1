//! Applying the commands that add, resolve and delete review comments.

use super::{EditError, Touched, check_target, exists, non_empty, not_found, record_mut};
use crate::edit::Command;
use crate::model::{Comment, CommentId, Project, Resolution};

pub(super) fn add(
    project: &mut Project,
    comment: Comment,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.comments.contains_key(&comment.id) {
        return Err(exists("comment", comment.id));
    }
    non_empty(comment.author.clone(), "the comment's author")?;
    check_target(project, comment.target)?;
    if let Some(parent) = comment.reply_to
        && !project.comments.contains_key(&parent)
    {
        return Err(not_found("comment", parent));
    }
    let id = comment.id;
    project.comments.insert(id, comment);
    touched.push(Touched::Comment(id));
    Ok(Command::RemoveComment { id })
}

/// Resolves the comment, or reopens it (`None`).
pub(super) fn resolve(
    project: &mut Project,
    id: CommentId,
    resolution: Option<Resolution>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let comment = record_mut(&mut project.comments, "comment", id)?;
    let old = std::mem::replace(&mut comment.resolution, resolution);
    touched.push(Touched::Comment(id));
    Ok(Command::ResolveComment {
        id,
        resolution: old,
    })
}

/// Deletes a comment that has no replies, so that no reply loses its parent.
pub(super) fn remove(
    project: &mut Project,
    id: CommentId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project
        .comments
        .values()
        .any(|comment| comment.reply_to == Some(id))
    {
        return Err(EditError::Invalid(
            "this comment has replies; delete the replies first".to_owned(),
        ));
    }
    let comment = project
        .comments
        .remove(&id)
        .ok_or_else(|| not_found("comment", id))?;
    touched.push(Touched::Comment(id));
    Ok(Command::AddComment { comment })
}
