//! Applying the commands that write, edit and delete memos.

use super::{EditError, Touched, check_target, exists, not_found, record_mut};
use crate::edit::Command;
use crate::model::{Memo, MemoId, Project, Target};

pub(super) fn create(
    project: &mut Project,
    memo: Memo,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.memos.contains_key(&memo.id) {
        return Err(exists("memo", memo.id));
    }
    if !project.coders.contains_key(&memo.author) {
        return Err(not_found("coder", memo.author));
    }
    check_target(project, memo.target)?;
    let id = memo.id;
    project.memos.insert(id, memo);
    touched.push(Touched::Memo(id));
    Ok(Command::RemoveMemo { id })
}

pub(super) fn update(
    project: &mut Project,
    id: MemoId,
    title: String,
    body: String,
    target: Target,
    updated_at: i64,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    check_target(project, target)?;
    let memo = record_mut(&mut project.memos, "memo", id)?;
    let inverse = Command::UpdateMemo {
        id,
        title: std::mem::replace(&mut memo.title, title),
        body: std::mem::replace(&mut memo.body, body),
        target: std::mem::replace(&mut memo.target, target),
        updated_at: std::mem::replace(&mut memo.updated_at, updated_at),
    };
    touched.push(Touched::Memo(id));
    Ok(inverse)
}

pub(super) fn remove(
    project: &mut Project,
    id: MemoId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let memo = project
        .memos
        .remove(&id)
        .ok_or_else(|| not_found("memo", id))?;
    touched.push(Touched::Memo(id));
    Ok(Command::CreateMemo { memo })
}
