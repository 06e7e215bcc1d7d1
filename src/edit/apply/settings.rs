//! Applying the command that sets or clears a project-wide setting.

use super::{EditError, Touched, non_empty, set_or_clear_attribute};
use crate::edit::Command;
use crate::model::Project;

pub(super) fn set(
    project: &mut Project,
    name: String,
    value: Option<String>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "a setting name")?;
    let old = set_or_clear_attribute(&mut project.settings, &name, value);
    touched.push(Touched::Settings);
    Ok(Command::SetSetting { name, value: old })
}
