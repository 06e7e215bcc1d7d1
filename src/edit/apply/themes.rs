//! Applying the commands that change themes: creating, editing and deleting
//! one, the codes it gathers and its ordered key quotes.

use super::{EditError, Touched, exists, non_empty, not_found, record_mut};
use crate::edit::Command;
use crate::model::{CodeId, CodingId, Project, Theme, ThemeId, ThemeStatus};

/// The fields `Command::UpdateTheme` sets, all replaced at once.
pub(super) struct ThemeFields {
    pub(super) name: String,
    pub(super) concept: String,
    pub(super) definition: String,
    pub(super) status: ThemeStatus,
    pub(super) parent: Option<ThemeId>,
}

pub(super) fn create(
    project: &mut Project,
    theme: Theme,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.themes.contains_key(&theme.id) {
        return Err(exists("theme", theme.id));
    }
    non_empty(theme.name.clone(), "a theme name")?;
    if let Some(parent) = theme.parent
        && !project.themes.contains_key(&parent)
    {
        return Err(not_found("theme", parent));
    }
    if let Some(code) = theme.codes.iter().find(|c| !project.codes.contains_key(c)) {
        return Err(not_found("code", code));
    }
    if let Some(coding) = theme
        .key_quotes
        .iter()
        .find(|c| !project.codings.contains_key(c))
    {
        return Err(not_found("coding", coding));
    }
    let id = theme.id;
    project.themes.insert(id, theme);
    touched.push(Touched::Theme(id));
    Ok(Command::RemoveTheme { id })
}

pub(super) fn update(
    project: &mut Project,
    id: ThemeId,
    fields: ThemeFields,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let ThemeFields {
        name,
        concept,
        definition,
        status,
        parent,
    } = fields;
    let name = non_empty(name, "a theme name")?;
    if let Some(parent) = parent {
        if !project.themes.contains_key(&parent) {
            return Err(not_found("theme", parent));
        }
        if theme_is_within(project, parent, id) {
            return Err(EditError::Invalid(
                "a theme cannot become a subtheme of itself or of its own subthemes".to_owned(),
            ));
        }
    }
    let theme = record_mut(&mut project.themes, "theme", id)?;
    let inverse = Command::UpdateTheme {
        id,
        name: std::mem::replace(&mut theme.name, name),
        concept: std::mem::replace(&mut theme.concept, concept),
        definition: std::mem::replace(&mut theme.definition, definition),
        status: std::mem::replace(&mut theme.status, status),
        parent: std::mem::replace(&mut theme.parent, parent),
    };
    touched.push(Touched::Theme(id));
    Ok(inverse)
}

pub(super) fn remove(
    project: &mut Project,
    id: ThemeId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let theme = project
        .themes
        .remove(&id)
        .ok_or_else(|| not_found("theme", id))?;
    touched.push(Touched::Theme(id));
    let mut commands = vec![Command::CreateTheme {
        theme: theme.clone(),
    }];
    // Subthemes move up to the removed theme's parent.
    for child in project.themes.values_mut() {
        if child.parent == Some(id) {
            child.parent = theme.parent;
            touched.push(Touched::Theme(child.id));
            commands.push(Command::UpdateTheme {
                id: child.id,
                name: child.name.clone(),
                concept: child.concept.clone(),
                definition: child.definition.clone(),
                status: child.status,
                parent: Some(id),
            });
        }
    }
    Ok(Command::Batch {
        label: "restore theme".to_owned(),
        commands,
    })
}

pub(super) fn add_code(
    project: &mut Project,
    theme: ThemeId,
    code: CodeId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if !project.codes.contains_key(&code) {
        return Err(not_found("code", code));
    }
    let entry = record_mut(&mut project.themes, "theme", theme)?;
    if !entry.codes.insert(code) {
        return Err(EditError::Invalid(
            "that code is already in this theme".to_owned(),
        ));
    }
    touched.push(Touched::Theme(theme));
    Ok(Command::RemoveThemeCode { theme, code })
}

pub(super) fn remove_code(
    project: &mut Project,
    theme: ThemeId,
    code: CodeId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let entry = record_mut(&mut project.themes, "theme", theme)?;
    if !entry.codes.remove(&code) {
        return Err(EditError::Invalid(
            "that code is not in this theme".to_owned(),
        ));
    }
    touched.push(Touched::Theme(theme));
    Ok(Command::AddThemeCode { theme, code })
}

/// Adds a key quote at `position`, or last when it is `None` or past the end.
pub(super) fn add_key_quote(
    project: &mut Project,
    theme: ThemeId,
    coding: CodingId,
    position: Option<usize>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if !project.codings.contains_key(&coding) {
        return Err(not_found("coding", coding));
    }
    let entry = record_mut(&mut project.themes, "theme", theme)?;
    if entry.key_quotes.contains(&coding) {
        return Err(EditError::Invalid(
            "that segment is already a key quote of this theme".to_owned(),
        ));
    }
    let at = position.unwrap_or(entry.key_quotes.len());
    entry
        .key_quotes
        .insert(at.min(entry.key_quotes.len()), coding);
    touched.push(Touched::Theme(theme));
    Ok(Command::RemoveKeyQuote { theme, coding })
}

/// Removes a key quote; the inverse puts it back in the same place.
pub(super) fn remove_key_quote(
    project: &mut Project,
    theme: ThemeId,
    coding: CodingId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let entry = record_mut(&mut project.themes, "theme", theme)?;
    let Some(at) = entry.key_quotes.iter().position(|quote| *quote == coding) else {
        return Err(EditError::Invalid(
            "that segment is not a key quote of this theme".to_owned(),
        ));
    };
    entry.key_quotes.remove(at);
    touched.push(Touched::Theme(theme));
    Ok(Command::AddKeyQuote {
        theme,
        coding,
        position: Some(at),
    })
}

fn theme_is_within(project: &Project, theme: ThemeId, ancestor: ThemeId) -> bool {
    let mut cursor = Some(theme);
    let mut steps = 0;
    while let Some(current) = cursor {
        if current == ancestor {
            return true;
        }
        steps += 1;
        if steps > project.themes.len() {
            return false;
        }
        cursor = project.themes.get(&current).and_then(|theme| theme.parent);
    }
    false
}
