//! Applying a batch: its commands in order as one step, all or none.

use super::{EditError, Touched, apply_one};
use crate::edit::Command;
use crate::model::Project;

/// Applies each command in turn; the inverse undoes them in reverse order. When
/// one fails, what the batch already did is rolled back, so a failed batch
/// leaves the project as it was.
pub(super) fn apply(
    project: &mut Project,
    label: String,
    commands: Vec<Command>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let mut inverses = Vec::with_capacity(commands.len());
    for command in commands {
        match apply_one(project, command, touched) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    let _ = apply_one(project, inverse, &mut Vec::new());
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Command::Batch {
        label,
        commands: inverses,
    })
}
