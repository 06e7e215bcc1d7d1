//! Applying the commands that change codings, the segments of text a code is
//! applied to, and removing a coding on behalf of the removal of its document
//! or code, with the batch that undoes it.

use super::{EditError, Touched, exists, not_found, record, record_mut};
use crate::edit::Command;
use crate::model::{CodeId, Coding, CodingId, DocumentId, Project};

pub(super) fn add(
    project: &mut Project,
    coding: Coding,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.codings.contains_key(&coding.id) {
        return Err(exists("coding", coding.id));
    }
    if !project.codes.contains_key(&coding.code) {
        return Err(not_found("code", coding.code));
    }
    if !project.coders.contains_key(&coding.coder) {
        return Err(not_found("coder", coding.coder));
    }
    check_range(project, coding.document, coding.start, coding.end)?;
    let id = coding.id;
    project.codings.insert(id, coding);
    touched.push(Touched::Coding(id));
    Ok(Command::RemoveCoding { id })
}

/// Removes the coding; the inverse is a plain `AddCoding` unless the coding was
/// a key quote, whose places must be put back too.
pub(super) fn remove(
    project: &mut Project,
    id: CodingId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let mut restore = Restore::default();
    remove_coding(project, id, touched, &mut restore)?;
    let mut records = std::mem::take(&mut restore.records).into_iter();
    match (records.next(), restore.positions.is_empty()) {
        (Some(add), true) => Ok(add),
        (Some(add), false) => Ok(restore.into_batch("restore segment", add)),
        (None, _) => Err(not_found("coding", id)),
    }
}

pub(super) fn update(
    project: &mut Project,
    id: CodingId,
    code: CodeId,
    start: usize,
    end: usize,
    memo: String,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if !project.codes.contains_key(&code) {
        return Err(not_found("code", code));
    }
    let document = record(&project.codings, "coding", id)?.document;
    check_range(project, document, start, end)?;
    let coding = record_mut(&mut project.codings, "coding", id)?;
    let inverse = Command::UpdateCoding {
        id,
        code: std::mem::replace(&mut coding.code, code),
        start: std::mem::replace(&mut coding.start, start),
        end: std::mem::replace(&mut coding.end, end),
        memo: std::mem::replace(&mut coding.memo, memo),
    };
    touched.push(Touched::Coding(id));
    Ok(inverse)
}

/// The commands that undo a removal: records to put back first, then places in
/// ordered lists, which must be put back in the reverse of the order they were
/// taken out for every position to come out right.
#[derive(Default)]
pub(super) struct Restore {
    pub(super) records: Vec<Command>,
    pub(super) positions: Vec<Command>,
}

impl Restore {
    pub(super) fn into_batch(self, label: &str, first: Command) -> Command {
        let mut commands = Vec::with_capacity(1 + self.records.len() + self.positions.len());
        commands.push(first);
        commands.extend(self.records);
        commands.extend(self.positions.into_iter().rev());
        Command::Batch {
            label: label.to_owned(),
            commands,
        }
    }
}

/// Removes a coding and its places among key quotes, noting how to put them back.
pub(super) fn remove_coding(
    project: &mut Project,
    id: CodingId,
    touched: &mut Vec<Touched>,
    restore: &mut Restore,
) -> Result<(), EditError> {
    let coding = project
        .codings
        .remove(&id)
        .ok_or_else(|| not_found("coding", id))?;
    touched.push(Touched::Coding(id));
    restore.records.push(Command::AddCoding { coding });
    for theme in project.themes.values_mut() {
        if let Some(at) = theme.key_quotes.iter().position(|quote| *quote == id) {
            theme.key_quotes.remove(at);
            touched.push(Touched::Theme(theme.id));
            restore.positions.push(Command::AddKeyQuote {
                theme: theme.id,
                coding: id,
                position: Some(at),
            });
        }
    }
    Ok(())
}

fn check_range(
    project: &Project,
    document: DocumentId,
    start: usize,
    end: usize,
) -> Result<(), EditError> {
    let doc = record(&project.documents, "document", document)?;
    if start >= end || end > doc.char_count {
        return Err(EditError::BadRange {
            document: doc.name.clone(),
            start,
            end,
            len: doc.char_count,
        });
    }
    Ok(())
}
