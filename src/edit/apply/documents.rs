//! Applying the commands that change documents: importing and removing one, its
//! name, attributes and recording, and which participant each speaker is.

use super::codings::{Restore, remove_coding};
use super::{EditError, Touched, exists, non_empty, not_found, record_mut, set_or_clear_attribute};
use crate::edit::Command;
use crate::model::{CodingId, Document, DocumentId, ParticipantId, Project};

pub(super) fn insert(
    project: &mut Project,
    document: Document,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.documents.contains_key(&document.id) {
        return Err(exists("document", document.id));
    }
    check_layout(&document)?;
    for participant in document.speakers.values() {
        if !project.participants.contains_key(participant) {
            return Err(not_found("participant", participant));
        }
    }
    let id = document.id;
    project.documents.insert(id, document);
    touched.push(Touched::Document(id));
    Ok(Command::RemoveDocument { id })
}

/// Checks that the document's character count, turns and pages agree with its
/// text, as everything that quotes it by char offsets relies on.
fn check_layout(document: &Document) -> Result<(), EditError> {
    if document.char_count != document.text.chars().count() {
        return Err(EditError::Invalid(format!(
            "document {} says it has {} characters but has {}",
            document.name,
            document.char_count,
            document.text.chars().count()
        )));
    }
    if let Some(turn) = document
        .turns
        .iter()
        .find(|turn| turn.start > turn.end || turn.end > document.char_count)
    {
        return Err(EditError::BadRange {
            document: document.name.clone(),
            start: turn.start,
            end: turn.end,
            len: document.char_count,
        });
    }
    let mut page_end = 0;
    for page in &document.pages {
        if page.start < page_end || page.start > page.end || page.end > document.char_count {
            return Err(EditError::Invalid(format!(
                "page {} of {} ({}..{}) is out of order or outside its {} characters",
                page.number, document.name, page.start, page.end, document.char_count
            )));
        }
        page_end = page.end;
    }
    Ok(())
}

/// Removes the document with its codings; the inverse puts back both.
pub(super) fn remove(
    project: &mut Project,
    id: DocumentId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if !project.documents.contains_key(&id) {
        return Err(not_found("document", id));
    }
    let coding_ids: Vec<CodingId> = project
        .codings
        .values()
        .filter(|coding| coding.document == id)
        .map(|coding| coding.id)
        .collect();
    let mut restore = Restore::default();
    for coding in &coding_ids {
        remove_coding(project, *coding, touched, &mut restore)?;
    }
    let document = project
        .documents
        .remove(&id)
        .ok_or_else(|| not_found("document", id))?;
    touched.push(Touched::Document(id));
    Ok(restore.into_batch("restore document", Command::InsertDocument { document }))
}

pub(super) fn rename(
    project: &mut Project,
    id: DocumentId,
    name: String,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "a document name")?;
    let document = record_mut(&mut project.documents, "document", id)?;
    let old = std::mem::replace(&mut document.name, name);
    touched.push(Touched::DocumentDetails(id));
    Ok(Command::RenameDocument { id, name: old })
}

pub(super) fn set_attribute(
    project: &mut Project,
    id: DocumentId,
    name: String,
    value: Option<String>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "an attribute name")?;
    let document = record_mut(&mut project.documents, "document", id)?;
    let old = set_or_clear_attribute(&mut document.attributes, &name, value);
    touched.push(Touched::DocumentDetails(id));
    Ok(Command::SetDocumentAttribute {
        id,
        name,
        value: old,
    })
}

pub(super) fn set_media(
    project: &mut Project,
    id: DocumentId,
    media: Option<String>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let media = media.map(|path| path.trim().to_owned());
    if media.as_deref() == Some("") {
        return Err(EditError::Invalid(
            "a recording needs a file name; to unlink it, give none".to_owned(),
        ));
    }
    let document = record_mut(&mut project.documents, "document", id)?;
    let old = std::mem::replace(&mut document.media, media);
    touched.push(Touched::DocumentDetails(id));
    Ok(Command::SetDocumentMedia { id, media: old })
}

/// Links a speaker of the document to a participant, or unlinks it (`None`).
pub(super) fn link_speaker(
    project: &mut Project,
    document: DocumentId,
    speaker: String,
    participant: Option<ParticipantId>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if let Some(participant) = participant
        && !project.participants.contains_key(&participant)
    {
        return Err(not_found("participant", participant));
    }
    let doc = record_mut(&mut project.documents, "document", document)?;
    if !doc.turns.iter().any(|turn| turn.speaker == speaker) {
        return Err(EditError::Invalid(format!(
            "nobody called {speaker:?} speaks in {}",
            doc.name
        )));
    }
    let old = match participant {
        Some(participant) => doc.speakers.insert(speaker.clone(), participant),
        None => doc.speakers.remove(&speaker),
    };
    touched.push(Touched::DocumentDetails(document));
    Ok(Command::LinkSpeaker {
        document,
        speaker,
        participant: old,
    })
}
