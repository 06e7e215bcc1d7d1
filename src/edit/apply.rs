//! Applying a command to a project: validate, change, and return the inverse and
//! the records touched. A command that fails changes nothing, a batch included.

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

fn not_found(kind: &'static str, id: impl ToString) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_string(),
    }
}

fn exists(kind: &'static str, id: impl ToString) -> EditError {
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

#[expect(
    clippy::too_many_lines,
    reason = "one arm per command; to become a dispatch to one function per command, in files by record kind (issue 11)"
)]
fn apply_one(
    project: &mut Project,
    command: Command,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    match command {
        Command::Batch { label, commands } => {
            let mut inverses = Vec::with_capacity(commands.len());
            for command in commands {
                match apply_one(project, command, touched) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(error) => {
                        // Roll back what the batch already did, so a failed
                        // batch leaves the project as it was.
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

        Command::InsertDocument { document } => {
            if project.documents.contains_key(&document.id) {
                return Err(exists("document", document.id));
            }
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
                if page.start < page_end || page.start > page.end || page.end > document.char_count
                {
                    return Err(EditError::Invalid(format!(
                        "page {} of {} ({}..{}) is out of order or outside its {} characters",
                        page.number, document.name, page.start, page.end, document.char_count
                    )));
                }
                page_end = page.end;
            }
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

        Command::RemoveDocument { id } => {
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

        Command::RenameDocument { id, name } => {
            let name = non_empty(name, "a document name")?;
            let document = project
                .documents
                .get_mut(&id)
                .ok_or_else(|| not_found("document", id))?;
            let old = std::mem::replace(&mut document.name, name);
            touched.push(Touched::DocumentDetails(id));
            Ok(Command::RenameDocument { id, name: old })
        }

        Command::SetDocumentAttribute { id, name, value } => {
            let name = non_empty(name, "an attribute name")?;
            let document = project
                .documents
                .get_mut(&id)
                .ok_or_else(|| not_found("document", id))?;
            let old = set_attribute(&mut document.attributes, &name, value);
            touched.push(Touched::DocumentDetails(id));
            Ok(Command::SetDocumentAttribute {
                id,
                name,
                value: old,
            })
        }

        Command::SetDocumentMedia { id, media } => {
            let media = media.map(|path| path.trim().to_owned());
            if media.as_deref() == Some("") {
                return Err(EditError::Invalid(
                    "a recording needs a file name; to unlink it, give none".to_owned(),
                ));
            }
            let document = project
                .documents
                .get_mut(&id)
                .ok_or_else(|| not_found("document", id))?;
            let old = std::mem::replace(&mut document.media, media);
            touched.push(Touched::DocumentDetails(id));
            Ok(Command::SetDocumentMedia { id, media: old })
        }

        Command::SetSetting { name, value } => {
            let name = non_empty(name, "a setting name")?;
            let old = set_attribute(&mut project.settings, &name, value);
            touched.push(Touched::Settings);
            Ok(Command::SetSetting { name, value: old })
        }

        Command::LinkSpeaker {
            document,
            speaker,
            participant,
        } => {
            if let Some(participant) = participant
                && !project.participants.contains_key(&participant)
            {
                return Err(not_found("participant", participant));
            }
            let doc = project
                .documents
                .get_mut(&document)
                .ok_or_else(|| not_found("document", document))?;
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

        Command::CreateParticipant { participant } => {
            if project.participants.contains_key(&participant.id) {
                return Err(exists("participant", participant.id));
            }
            non_empty(participant.name.clone(), "a participant name")?;
            let id = participant.id;
            project.participants.insert(id, participant);
            touched.push(Touched::Participant(id));
            Ok(Command::RemoveParticipant { id })
        }

        Command::RemoveParticipant { id } => {
            let mut commands = Vec::new();
            for document in project.documents.values_mut() {
                let linked: Vec<String> = document
                    .speakers
                    .iter()
                    .filter(|(_, participant)| **participant == id)
                    .map(|(speaker, _)| speaker.clone())
                    .collect();
                for speaker in linked {
                    document.speakers.remove(&speaker);
                    touched.push(Touched::DocumentDetails(document.id));
                    commands.push(Command::LinkSpeaker {
                        document: document.id,
                        speaker,
                        participant: Some(id),
                    });
                }
            }
            let Some(participant) = project.participants.remove(&id) else {
                // Put back the links undone above before reporting.
                for command in commands {
                    let _ = apply_one(project, command, &mut Vec::new());
                }
                return Err(not_found("participant", id));
            };
            touched.push(Touched::Participant(id));
            commands.insert(0, Command::CreateParticipant { participant });
            Ok(Command::Batch {
                label: "restore participant".to_owned(),
                commands,
            })
        }

        Command::UpdateParticipant {
            id,
            name,
            is_interviewer,
        } => {
            let name = non_empty(name, "a participant name")?;
            let participant = project
                .participants
                .get_mut(&id)
                .ok_or_else(|| not_found("participant", id))?;
            let old_name = std::mem::replace(&mut participant.name, name);
            let old_flag = std::mem::replace(&mut participant.is_interviewer, is_interviewer);
            touched.push(Touched::Participant(id));
            Ok(Command::UpdateParticipant {
                id,
                name: old_name,
                is_interviewer: old_flag,
            })
        }

        Command::SetParticipantAttribute { id, name, value } => {
            let name = non_empty(name, "an attribute name")?;
            let participant = project
                .participants
                .get_mut(&id)
                .ok_or_else(|| not_found("participant", id))?;
            let old = set_attribute(&mut participant.attributes, &name, value);
            touched.push(Touched::Participant(id));
            Ok(Command::SetParticipantAttribute {
                id,
                name,
                value: old,
            })
        }

        Command::AddCoder { coder } => {
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

        Command::RemoveCoder { id } => {
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

        Command::CreateCode { code } => {
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

        Command::UpdateCode {
            id,
            name,
            parent,
            color,
            description,
        } => {
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
            let code = project
                .codes
                .get_mut(&id)
                .ok_or_else(|| not_found("code", id))?;
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

        Command::RemoveCode { id } => {
            let Some(code) = project.codes.get(&id).cloned() else {
                return Err(not_found("code", id));
            };
            let mut restore = Restore::default();
            // Children move up to the removed code's parent rather than vanish.
            let children: Vec<CodeId> = project
                .codes
                .values()
                .filter(|child| child.parent == Some(id))
                .map(|child| child.id)
                .collect();
            for child in children {
                if let Some(child_code) = project.codes.get_mut(&child) {
                    child_code.parent = code.parent;
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

        Command::AddCoding { coding } => {
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

        Command::RemoveCoding { id } => {
            let mut restore = Restore::default();
            remove_coding(project, id, touched, &mut restore)?;
            let mut records = std::mem::take(&mut restore.records).into_iter();
            match (records.next(), restore.positions.is_empty()) {
                (Some(add), true) => Ok(add),
                (Some(add), false) => Ok(restore.into_batch("restore segment", add)),
                (None, _) => Err(not_found("coding", id)),
            }
        }

        Command::UpdateCoding {
            id,
            code,
            start,
            end,
            memo,
        } => {
            if !project.codes.contains_key(&code) {
                return Err(not_found("code", code));
            }
            let document = project
                .codings
                .get(&id)
                .ok_or_else(|| not_found("coding", id))?
                .document;
            check_range(project, document, start, end)?;
            let coding = project
                .codings
                .get_mut(&id)
                .ok_or_else(|| not_found("coding", id))?;
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

        Command::CreateTheme { theme } => {
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

        Command::UpdateTheme {
            id,
            name,
            concept,
            definition,
            status,
            parent,
        } => {
            let name = non_empty(name, "a theme name")?;
            if let Some(parent) = parent {
                if !project.themes.contains_key(&parent) {
                    return Err(not_found("theme", parent));
                }
                if theme_is_within(project, parent, id) {
                    return Err(EditError::Invalid(
                        "a theme cannot become a subtheme of itself or of its own subthemes"
                            .to_owned(),
                    ));
                }
            }
            let theme = project
                .themes
                .get_mut(&id)
                .ok_or_else(|| not_found("theme", id))?;
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

        Command::RemoveTheme { id } => {
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

        Command::AddThemeCode { theme, code } => {
            if !project.codes.contains_key(&code) {
                return Err(not_found("code", code));
            }
            let entry = project
                .themes
                .get_mut(&theme)
                .ok_or_else(|| not_found("theme", theme))?;
            if !entry.codes.insert(code) {
                return Err(EditError::Invalid(
                    "that code is already in this theme".to_owned(),
                ));
            }
            touched.push(Touched::Theme(theme));
            Ok(Command::RemoveThemeCode { theme, code })
        }

        Command::RemoveThemeCode { theme, code } => {
            let entry = project
                .themes
                .get_mut(&theme)
                .ok_or_else(|| not_found("theme", theme))?;
            if !entry.codes.remove(&code) {
                return Err(EditError::Invalid(
                    "that code is not in this theme".to_owned(),
                ));
            }
            touched.push(Touched::Theme(theme));
            Ok(Command::AddThemeCode { theme, code })
        }

        Command::AddKeyQuote {
            theme,
            coding,
            position,
        } => {
            if !project.codings.contains_key(&coding) {
                return Err(not_found("coding", coding));
            }
            let entry = project
                .themes
                .get_mut(&theme)
                .ok_or_else(|| not_found("theme", theme))?;
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

        Command::RemoveKeyQuote { theme, coding } => {
            let entry = project
                .themes
                .get_mut(&theme)
                .ok_or_else(|| not_found("theme", theme))?;
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

        Command::CreateMemo { memo } => {
            if project.memos.contains_key(&memo.id) {
                return Err(exists("memo", memo.id));
            }
            if !project.coders.contains_key(&memo.author) {
                return Err(not_found("coder", memo.author));
            }
            check_target(project, memo.target)?;
            let id = memo.id;
            project.memos.insert(id, memo);
            touched.push(Touched::Memo(id));
            Ok(Command::RemoveMemo { id })
        }

        Command::UpdateMemo {
            id,
            title,
            body,
            target,
            updated_at,
        } => {
            check_target(project, target)?;
            let memo = project
                .memos
                .get_mut(&id)
                .ok_or_else(|| not_found("memo", id))?;
            let inverse = Command::UpdateMemo {
                id,
                title: std::mem::replace(&mut memo.title, title),
                body: std::mem::replace(&mut memo.body, body),
                target: std::mem::replace(&mut memo.target, target),
                updated_at: std::mem::replace(&mut memo.updated_at, updated_at),
            };
            touched.push(Touched::Memo(id));
            Ok(inverse)
        }

        Command::RemoveMemo { id } => {
            let memo = project
                .memos
                .remove(&id)
                .ok_or_else(|| not_found("memo", id))?;
            touched.push(Touched::Memo(id));
            Ok(Command::CreateMemo { memo })
        }

        Command::AddComment { comment } => {
            if project.comments.contains_key(&comment.id) {
                return Err(exists("comment", comment.id));
            }
            non_empty(comment.author.clone(), "the comment's author")?;
            check_target(project, comment.target)?;
            if let Some(parent) = comment.reply_to
                && !project.comments.contains_key(&parent)
            {
                return Err(not_found("comment", parent));
            }
            let id = comment.id;
            project.comments.insert(id, comment);
            touched.push(Touched::Comment(id));
            Ok(Command::RemoveComment { id })
        }

        Command::ResolveComment { id, resolution } => {
            let comment = project
                .comments
                .get_mut(&id)
                .ok_or_else(|| not_found("comment", id))?;
            let old = std::mem::replace(&mut comment.resolution, resolution);
            touched.push(Touched::Comment(id));
            Ok(Command::ResolveComment {
                id,
                resolution: old,
            })
        }

        Command::SetMapPosition { node, position } => {
            let present = match node {
                MapNode::Theme(id) => project.themes.contains_key(&id),
                MapNode::Code(id) => project.codes.contains_key(&id),
            };
            if !present {
                return Err(not_found(node.kind(), node.id_text()));
            }
            let old = match position {
                Some(at) => project.map_positions.insert(node, at),
                None => project.map_positions.remove(&node),
            };
            touched.push(Touched::MapNode(node));
            Ok(Command::SetMapPosition {
                node,
                position: old,
            })
        }

        Command::RemoveComment { id } => {
            if project
                .comments
                .values()
                .any(|comment| comment.reply_to == Some(id))
            {
                return Err(EditError::Invalid(
                    "this comment has replies; delete the replies first".to_owned(),
                ));
            }
            let comment = project
                .comments
                .remove(&id)
                .ok_or_else(|| not_found("comment", id))?;
            touched.push(Touched::Comment(id));
            Ok(Command::AddComment { comment })
        }
    }
}

/// The commands that undo a removal: records to put back first, then places in
/// ordered lists, which must be put back in the reverse of the order they were
/// taken out for every position to come out right.
#[derive(Default)]
struct Restore {
    records: Vec<Command>,
    positions: Vec<Command>,
}

impl Restore {
    fn into_batch(self, label: &str, first: Command) -> Command {
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
fn remove_coding(
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
    let doc = project
        .documents
        .get(&document)
        .ok_or_else(|| not_found("document", document))?;
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
        Err(not_found(target.kind(), target.id_text()))
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

fn set_attribute(
    attributes: &mut BTreeMap<String, String>,
    name: &str,
    value: Option<String>,
) -> Option<String> {
    match value {
        Some(value) => attributes.insert(name.to_owned(), value),
        None => attributes.remove(name),
    }
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
