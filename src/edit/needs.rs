//! What applying a command reads of a project beyond its outline, so that the
//! workbench can load just that from the file before [`apply`](super::apply)
//! validates the command against the project as it is now.
//!
//! The outline is everything but document bodies (texts, turns, pages) and
//! codings: documents' names, attributes and speaker links, participants,
//! coders, codes, themes, memos, comments, settings and map places. It is small
//! whatever the size of the study, so it is always loaded. A command that reads
//! a body or a coding says so here; a property test (`tests/properties.rs`) applies commands to
//! projects holding only their outline and what this asks for, and checks that
//! the result is the same as on the whole project.

use crate::edit::Command;
use crate::model::{CodeId, CoderId, CodingId, DocumentId, Target};
use std::collections::BTreeSet;

/// The parts of a project a command reads beyond its outline. Asking for a
/// record that does not exist is fine: that is how "already exists" and "not
/// found" are checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Documents whose text, turns and pages are read or rewritten.
    pub bodies: BTreeSet<DocumentId>,
    /// Codings by id.
    pub codings: BTreeSet<CodingId>,
    /// Every coding of these documents.
    pub codings_of_documents: BTreeSet<DocumentId>,
    /// Every coding of these codes.
    pub codings_of_codes: BTreeSet<CodeId>,
    /// Every coding made by these coders.
    pub codings_of_coders: BTreeSet<CoderId>,
}

impl Needs {
    /// Whether the outline alone is enough.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    fn target(&mut self, target: Target) {
        if let Target::Coding(id) = target {
            self.codings.insert(id);
        }
    }
}

/// What `command` reads beyond the project's outline.
#[must_use]
pub fn needs(command: &Command) -> Needs {
    let mut needs = Needs::default();
    add(&mut needs, command);
    needs
}

fn add(needs: &mut Needs, command: &Command) {
    match command {
        Command::Batch { commands, .. } => commands.iter().for_each(|each| add(needs, each)),
        Command::RemoveDocument { id } => {
            needs.bodies.insert(*id);
            needs.codings_of_documents.insert(*id);
        }
        // The label must be one the document's turns use.
        Command::LinkSpeaker { document, .. } => {
            needs.bodies.insert(*document);
        }
        Command::RemoveCoder { id } => {
            needs.codings_of_coders.insert(*id);
        }
        Command::RemoveCode { id } => {
            needs.codings_of_codes.insert(*id);
        }
        Command::AddCoding { coding } => {
            needs.codings.insert(coding.id);
        }
        Command::RemoveCoding { id } | Command::UpdateCoding { id, .. } => {
            needs.codings.insert(*id);
        }
        Command::CreateTheme { theme } => needs.codings.extend(theme.key_quotes.iter().copied()),
        Command::AddKeyQuote { coding, .. } => {
            needs.codings.insert(*coding);
        }
        Command::CreateMemo { memo } => needs.target(memo.target),
        Command::UpdateMemo { target, .. } => needs.target(*target),
        Command::AddComment { comment } => needs.target(comment.target),
        // A new document comes whole; the rest read only the outline.
        Command::InsertDocument { .. }
        | Command::RenameDocument { .. }
        | Command::SetDocumentAttribute { .. }
        | Command::SetDocumentMedia { .. }
        | Command::SetSetting { .. }
        | Command::CreateParticipant { .. }
        | Command::RemoveParticipant { .. }
        | Command::UpdateParticipant { .. }
        | Command::SetParticipantAttribute { .. }
        | Command::AddCoder { .. }
        | Command::CreateCode { .. }
        | Command::UpdateCode { .. }
        | Command::UpdateTheme { .. }
        | Command::RemoveTheme { .. }
        | Command::AddThemeCode { .. }
        | Command::RemoveThemeCode { .. }
        | Command::RemoveKeyQuote { .. }
        | Command::RemoveMemo { .. }
        | Command::ResolveComment { .. }
        | Command::RemoveComment { .. }
        | Command::SetMapPosition { .. }
        | Command::SetPseudonym { .. } => {}
    }
}
