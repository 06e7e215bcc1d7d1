//! Applying the commands that add and remove coders, the people who code.

use super::{EditError, Touched, exists, non_empty, not_found};
use crate::edit::Command;
use crate::model::{Coder, CoderId, Project};

pub(super) fn add(
    project: &mut Project,
    coder: Coder,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.coders.contains_key(&coder.id) {
        return Err(exists("coder", coder.id));
    }
    let name = non_empty(coder.name.clone(), "a coder name")?;
    if project.find_coder(&name).is_some() {
        return Err(EditError::Invalid(format!(
            "there is already a coder called {name}"
        )));
    }
    let id = coder.id;
    project.coders.insert(id, coder);
    touched.push(Touched::Coder(id));
    Ok(Command::RemoveCoder { id })
}

/// Removes a coder who has done no work; one who has stays, so that every
/// coding and memo keeps its author.
pub(super) fn remove(
    project: &mut Project,
    id: CoderId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.codings.values().any(|coding| coding.coder == id)
        || project.memos.values().any(|memo| memo.author == id)
    {
        return Err(EditError::Invalid(
            "this coder has codings or memos; a coder who has worked on the project stays in it"
                .to_owned(),
        ));
    }
    let coder = project
        .coders
        .remove(&id)
        .ok_or_else(|| not_found("coder", id))?;
    touched.push(Touched::Coder(id));
    Ok(Command::AddCoder { coder })
}
