//! Applying the commands that change the codebook: creating, editing and
//! deleting codes.

use super::codings::{Restore, remove_coding};
use super::{EditError, Touched, exists, non_empty, not_found, record_mut};
use crate::edit::Command;
use crate::model::{Code, CodeId, CodingId, Project};

pub(super) fn create(
    project: &mut Project,
    code: Code,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.codes.contains_key(&code.id) {
        return Err(exists("code", code.id));
    }
    non_empty(code.name.clone(), "a code name")?;
    check_color(&code.color)?;
    if let Some(parent) = code.parent
        && !project.codes.contains_key(&parent)
    {
        return Err(not_found("code", parent));
    }
    let id = code.id;
    project.codes.insert(id, code);
    touched.push(Touched::Code(id));
    Ok(Command::RemoveCode { id })
}

pub(super) fn update(
    project: &mut Project,
    id: CodeId,
    name: String,
    parent: Option<CodeId>,
    color: String,
    description: String,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "a code name")?;
    check_color(&color)?;
    if !project.codes.contains_key(&id) {
        return Err(not_found("code", id));
    }
    if let Some(parent) = parent {
        if !project.codes.contains_key(&parent) {
            return Err(not_found("code", parent));
        }
        if project.code_is_within(parent, id) {
            return Err(EditError::Invalid(
                "a code cannot be moved under itself or one of its own children".to_owned(),
            ));
        }
    }
    let code = record_mut(&mut project.codes, "code", id)?;
    let inverse = Command::UpdateCode {
        id,
        name: std::mem::replace(&mut code.name, name),
        parent: std::mem::replace(&mut code.parent, parent),
        color: std::mem::replace(&mut code.color, color),
        description: std::mem::replace(&mut code.description, description),
    };
    touched.push(Touched::Code(id));
    Ok(inverse)
}

/// Deletes the code with its codings and its places in themes; its children
/// move up to its parent rather than vanish. The inverse puts all of it back.
pub(super) fn remove(
    project: &mut Project,
    id: CodeId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let Some(code) = project.codes.get(&id).cloned() else {
        return Err(not_found("code", id));
    };
    let mut restore = Restore::default();
    lift_children(project, id, code.parent, touched, &mut restore);
    let codings: Vec<CodingId> = project
        .codings
        .values()
        .filter(|coding| coding.code == id)
        .map(|coding| coding.id)
        .collect();
    for coding in codings {
        remove_coding(project, coding, touched, &mut restore)?;
    }
    for theme in project.themes.values_mut() {
        if theme.codes.remove(&id) {
            touched.push(Touched::Theme(theme.id));
            restore.records.push(Command::AddThemeCode {
                theme: theme.id,
                code: id,
            });
        }
    }
    project.codes.remove(&id);
    touched.push(Touched::Code(id));
    Ok(restore.into_batch("restore code", Command::CreateCode { code }))
}

/// Moves the children of code `id` under `new_parent`, noting how to move them back.
fn lift_children(
    project: &mut Project,
    id: CodeId,
    new_parent: Option<CodeId>,
    touched: &mut Vec<Touched>,
    restore: &mut Restore,
) {
    let children: Vec<CodeId> = project
        .codes
        .values()
        .filter(|child| child.parent == Some(id))
        .map(|child| child.id)
        .collect();
    for child in children {
        if let Some(child_code) = project.codes.get_mut(&child) {
            child_code.parent = new_parent;
            touched.push(Touched::Code(child));
            restore.records.push(Command::UpdateCode {
                id: child,
                name: child_code.name.clone(),
                parent: Some(id),
                color: child_code.color.clone(),
                description: child_code.description.clone(),
            });
        }
    }
}

fn check_color(color: &str) -> Result<(), EditError> {
    let valid = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if valid {
        Ok(())
    } else {
        Err(EditError::Invalid(format!(
            "{color:?} is not a colour; write it as #rrggbb, for example #1f77b4"
        )))
    }
}
