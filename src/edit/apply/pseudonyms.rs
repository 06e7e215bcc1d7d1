//! Applying the command that puts an entry into the pseudonym key or takes a real
//! term out of it.

use super::{EditError, Touched};
use crate::edit::Command;
use crate::model::Project;
use crate::pseudonyms::KeyEntry;

pub(super) fn set(
    project: &mut Project,
    real: String,
    entry: Option<KeyEntry>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    // A key kept apart lives only in its sealed file: the project's table must
    // never receive it.
    if project.settings.contains_key(Project::PSEUDONYM_KEY_APART) {
        return Err(EditError::Invalid(
            "this project's pseudonym key is kept apart in a key file, so it is changed there: `polyphony pseudonyms PROJECT --key FILE add|remove|import|map`".to_owned(),
        ));
    }
    let old = match entry {
        Some(entry) => {
            if entry.real.trim().is_empty() || entry.replacement.trim().is_empty() {
                return Err(EditError::Invalid(
                    "a pseudonym needs both the real term and what replaces it".to_owned(),
                ));
            }
            if entry.real != real {
                return Err(EditError::Invalid(format!(
                    "the entry is for {:?}, not {real:?}",
                    entry.real
                )));
            }
            project.pseudonyms.insert(real.clone(), entry)
        }
        None => match project.pseudonyms.remove(&real) {
            Some(old) => Some(old),
            None => {
                return Err(EditError::Invalid(
                    "that term is not in the pseudonym key".to_owned(),
                ));
            }
        },
    };
    touched.push(Touched::Pseudonyms);
    Ok(Command::SetPseudonym { real, entry: old })
}
