//! Applying a command to a project: validate, change, and return the inverse and
//! the records touched. A command that fails changes nothing, a batch included.

mod batch;
mod coders;
mod codes;
mod codings;
mod comments;
mod documents;
mod map_positions;
mod memos;
mod participant_records;
mod pseudonyms;
mod settings;
mod themes;

use crate::edit::Command;
use crate::model::{
    CodeId, CoderId, CodingId, CommentId, DocumentId, MapNode, MemoId, ParticipantId, Project,
    Target, ThemeId,
};
use std::collections::BTreeMap;

/// What applying a command did: the command that undoes it, and the records
/// `store` must write.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub inverse: Command,
    pub touched: Vec<Touched>,
}

/// A record a command changed. `store` rewrites it from the project, or deletes
/// it when the project no longer holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Touched {
    /// The document with its text and turns.
    Document(DocumentId),
    /// Only the document's name, attributes and speaker links.
    DocumentDetails(DocumentId),
    Participant(ParticipantId),
    Coder(CoderId),
    Code(CodeId),
    Coding(CodingId),
    Theme(ThemeId),
    Memo(MemoId),
    Comment(CommentId),
    MapNode(MapNode),
    /// The project's settings.
    Settings,
    /// The pseudonym key (the store writes only the entries that changed).
    Pseudonyms,
}

/// Why a command could not be applied. The project is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {kind} with id {id} in this project")]
    NotFound { kind: &'static str, id: String },
    #[error("a {kind} with id {id} already exists")]
    AlreadyExists { kind: &'static str, id: String },
    #[error(
        "the range {start}..{end} is not inside {document}, which has {len} characters; a segment needs start < end <= {len}"
    )]
    BadRange {
        document: String,
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("{0}")]
    Invalid(String),
}

fn not_found(kind: &'static str, id: impl ToString + Copy) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_string(),
    }
}

/// The record `id` of `records`, or the error that names what is missing.
fn record<'p, K: Ord + Copy + ToString, V>(
    records: &'p BTreeMap<K, V>,
    kind: &'static str,
    id: K,
) -> Result<&'p V, EditError> {
    records.get(&id).ok_or_else(|| not_found(kind, id))
}

/// [`record`], to change it.
fn record_mut<'p, K: Ord + Copy + ToString, V>(
    records: &'p mut BTreeMap<K, V>,
    kind: &'static str,
    id: K,
) -> Result<&'p mut V, EditError> {
    records.get_mut(&id).ok_or_else(|| not_found(kind, id))
}

fn exists(kind: &'static str, id: impl ToString + Copy) -> EditError {
    EditError::AlreadyExists {
        kind,
        id: id.to_string(),
    }
}

/// Applies `command` to `project`. On success the project has changed and the
/// returned inverse, applied next, changes it back exactly. On error nothing
/// has changed.
pub fn apply(project: &mut Project, command: Command) -> Result<Applied, EditError> {
    let mut touched = Vec::new();
    let inverse = apply_one(project, command, &mut touched)?;
    touched.sort();
    touched.dedup();
    Ok(Applied { inverse, touched })
}

/// Applies one command by handing it to the function for its kind, each of
/// which validates before it changes anything and returns the inverse.
fn apply_one(
    project: &mut Project,
    command: Command,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    match command {
        Command::Batch { label, commands } => batch::apply(project, label, commands, touched),

        Command::InsertDocument { document } => documents::insert(project, document, touched),
        Command::RemoveDocument { id } => documents::remove(project, id, touched),
        Command::RenameDocument { id, name } => documents::rename(project, id, name, touched),
        Command::SetDocumentAttribute { id, name, value } => {
            documents::set_attribute(project, id, name, value, touched)
        }
        Command::SetDocumentMedia { id, media } => {
            documents::set_media(project, id, media, touched)
        }
        Command::LinkSpeaker {
            document,
            speaker,
            participant,
        } => documents::link_speaker(project, document, speaker, participant, touched),

        Command::SetSetting { name, value } => settings::set(project, name, value, touched),

        Command::CreateParticipant { participant } => {
            participant_records::create(project, participant, touched)
        }
        Command::RemoveParticipant { id } => participant_records::remove(project, id, touched),
        Command::UpdateParticipant {
            id,
            name,
            is_interviewer,
        } => participant_records::update(project, id, name, is_interviewer, touched),
        Command::SetParticipantAttribute { id, name, value } => {
            participant_records::set_attribute(project, id, name, value, touched)
        }

        Command::AddCoder { coder } => coders::add(project, coder, touched),
        Command::RemoveCoder { id } => coders::remove(project, id, touched),

        Command::CreateCode { code } => codes::create(project, code, touched),
        Command::UpdateCode {
            id,
            name,
            parent,
            color,
            description,
        } => codes::update(project, id, name, parent, color, description, touched),
        Command::RemoveCode { id } => codes::remove(project, id, touched),

        Command::AddCoding { coding } => codings::add(project, coding, touched),
        Command::RemoveCoding { id } => codings::remove(project, id, touched),
        Command::UpdateCoding {
            id,
            code,
            start,
            end,
            memo,
        } => codings::update(project, id, code, start, end, memo, touched),

        Command::CreateTheme { theme } => themes::create(project, theme, touched),
        Command::UpdateTheme {
            id,
            name,
            concept,
            definition,
            status,
            parent,
        } => {
            let fields = themes::ThemeFields {
                name,
                concept,
                definition,
                status,
                parent,
            };
            themes::update(project, id, fields, touched)
        }
        Command::RemoveTheme { id } => themes::remove(project, id, touched),
        Command::AddThemeCode { theme, code } => themes::add_code(project, theme, code, touched),
        Command::RemoveThemeCode { theme, code } => {
            themes::remove_code(project, theme, code, touched)
        }
        Command::AddKeyQuote {
            theme,
            coding,
            position,
        } => themes::add_key_quote(project, theme, coding, position, touched),
        Command::RemoveKeyQuote { theme, coding } => {
            themes::remove_key_quote(project, theme, coding, touched)
        }

        Command::CreateMemo { memo } => memos::create(project, memo, touched),
        Command::UpdateMemo {
            id,
            title,
            body,
            target,
            updated_at,
        } => memos::update(project, id, title, body, target, updated_at, touched),
        Command::RemoveMemo { id } => memos::remove(project, id, touched),

        Command::AddComment { comment } => comments::add(project, comment, touched),
        Command::ResolveComment { id, resolution } => {
            comments::resolve(project, id, resolution, touched)
        }
        Command::RemoveComment { id } => comments::remove(project, id, touched),

        Command::SetMapPosition { node, position } => {
            map_positions::set(project, node, position, touched)
        }
        Command::SetPseudonym { real, entry } => pseudonyms::set(project, real, entry, touched),
    }
}

fn check_target(project: &Project, target: Target) -> Result<(), EditError> {
    let present = match target {
        Target::Project => true,
        Target::Document(id) => project.documents.contains_key(&id),
        Target::Participant(id) => project.participants.contains_key(&id),
        Target::Code(id) => project.codes.contains_key(&id),
        Target::Coding(id) => project.codings.contains_key(&id),
        Target::Theme(id) => project.themes.contains_key(&id),
    };
    if present {
        Ok(())
    } else {
        Err(not_found(target.kind(), &target.id_text()))
    }
}

fn non_empty(text: String, what: &str) -> Result<String, EditError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(EditError::Invalid(format!("{what} cannot be empty")))
    } else if trimmed.len() == text.len() {
        Ok(text)
    } else {
        Ok(trimmed.to_owned())
    }
}

fn set_or_clear_attribute(
    attributes: &mut BTreeMap<String, String>,
    name: &str,
    value: Option<String>,
) -> Option<String> {
    match value {
        Some(value) => attributes.insert(name.to_owned(), value),
        None => attributes.remove(name),
    }
}
