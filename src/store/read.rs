//! Reading a project from the file, whole or in parts (its outline, then the
//! document bodies and codings a command needs), its undo timeline and its journal.

use crate::edit::{History, HistoryEntry};
use crate::model::{
    Code, Coder, Coding, Comment, CommentKind, Document, DocumentId, Memo, Page, Participant,
    Project, Resolution, ResolutionState, Target, Theme, ThemeStatus, Turn,
};
use crate::store::JournalRow;
use rusqlite::{Connection, Row};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::sync::Arc;

mod listing;

pub use listing::{DocumentCounts, Passage, document_counts, paged_documents, pages_of, passages};

#[derive(Debug)]
pub enum ReadError {
    Sqlite(rusqlite::Error),
    Record(String),
}

impl From<rusqlite::Error> for ReadError {
    fn from(error: rusqlite::Error) -> Self {
        ReadError::Sqlite(error)
    }
}

fn parse<T: FromStr>(text: &str, what: &str) -> Result<T, ReadError> {
    text.parse()
        .map_err(|_| ReadError::Record(format!("{what} {text:?} is not valid")))
}

/// Column `index` of `row` parsed as an id (or other value), read in place
/// rather than copied into a `String` first: a whole project has hundreds of
/// thousands of them.
fn id_at<T: FromStr>(row: &Row<'_>, index: usize, what: &str) -> Result<T, ReadError> {
    let text = row
        .get_ref(index)?
        .as_str()
        .map_err(|_| ReadError::Record(format!("{what} is not text")))?;
    parse(text, what)
}

fn count(value: i64, what: &str) -> Result<usize, ReadError> {
    usize::try_from(value).map_err(|_| ReadError::Record(format!("{what} {value} is negative")))
}

fn rows<T>(
    connection: &Connection,
    sql: &str,
    mut each: impl FnMut(&Row<'_>) -> Result<T, ReadError>,
) -> Result<Vec<T>, ReadError> {
    let mut statement = connection.prepare(sql)?;
    let mut cursor = statement.query([])?;
    let mut out = Vec::new();
    while let Some(row) = cursor.next()? {
        out.push(each(row)?);
    }
    Ok(out)
}

/// The whole project.
pub fn project(connection: &Connection) -> Result<Project, ReadError> {
    project_with(connection, true)
}

/// The whole project but its documents' texts: every turn, page and coding,
/// with each document's `char_count` and an empty text until [`bodies`] fills
/// it. What the window holds, so that opening a large study does not read
/// every transcript before one is shown.
pub fn project_without_texts(connection: &Connection) -> Result<Project, ReadError> {
    project_with(connection, false)
}

fn project_with(connection: &Connection, with_text: bool) -> Result<Project, ReadError> {
    let mut project = outline_with(connection, with_text)?;
    for (document, turn) in rows(
        connection,
        &format!("{TURNS} ORDER BY document_id, turn_index"),
        turn_row,
    )? {
        if let Some(doc) = project.documents.get_mut(&document) {
            doc.turns.push(turn);
        }
    }
    for (document, page) in rows(
        connection,
        &format!("{PAGES} ORDER BY document_id, page_number"),
        page_row,
    )? {
        if let Some(doc) = project.documents.get_mut(&document) {
            doc.pages.push(page);
        }
    }
    for coding in rows(connection, CODINGS, coding_row)? {
        project.codings.insert(coding.id, coding);
    }
    Ok(project)
}

/// The project without document bodies (texts, turns and pages) and without
/// codings: what every command may read, small whatever the study's size. Each
/// document has its name, attributes, speaker links and `char_count`, an empty
/// text and no turns until [`bodies`] fills them.
pub fn outline(connection: &Connection) -> Result<Project, ReadError> {
    outline_with(connection, false)
}

/// Fills in the text, turns and pages of documents `ids` of an outline.
pub fn bodies(
    connection: &Connection,
    project: &mut Project,
    ids: impl IntoIterator<Item = DocumentId>,
) -> Result<(), ReadError> {
    let mut text = connection.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
    let mut turns = connection.prepare_cached(&format!(
        "{TURNS} WHERE document_id = ?1 ORDER BY turn_index"
    ))?;
    let mut pages = connection.prepare_cached(&format!(
        "{PAGES} WHERE document_id = ?1 ORDER BY page_number"
    ))?;
    for id in ids {
        let Some(document) = project.documents.get_mut(&id) else {
            continue;
        };
        let key = id.to_string();
        let body: String = text.query_row([&key], |row| row.get(0))?;
        if body.is_empty() && document.char_count > 0 {
            // A reader waiting for this text would wait for ever.
            return Err(ReadError::Record(format!(
                "the text of {} is missing ({} characters were recorded)",
                document.name, document.char_count
            )));
        }
        document.text = Arc::from(body);
        document.turns.clear();
        let mut cursor = turns.query([&key])?;
        while let Some(row) = cursor.next()? {
            document.turns.push(turn_row(row)?.1);
        }
        document.pages.clear();
        let mut cursor = pages.query([&key])?;
        while let Some(row) = cursor.next()? {
            document.pages.push(page_row(row)?.1);
        }
    }
    Ok(())
}

/// Which codings to read into a project: by id, or all of a document, code or
/// coder.
#[derive(Debug, Clone, Copy)]
pub enum CodingsOf {
    Id(crate::model::CodingId),
    Document(DocumentId),
    Code(crate::model::CodeId),
    Coder(crate::model::CoderId),
}

/// Reads the codings `which` names into `project`, replacing any copy it holds.
pub fn codings(
    connection: &Connection,
    project: &mut Project,
    which: CodingsOf,
) -> Result<(), ReadError> {
    let (column, key) = match which {
        CodingsOf::Id(id) => ("id", id.to_string()),
        CodingsOf::Document(id) => ("document_id", id.to_string()),
        CodingsOf::Code(id) => ("code_id", id.to_string()),
        CodingsOf::Coder(id) => ("coder_id", id.to_string()),
    };
    let mut statement = connection.prepare_cached(&format!("{CODINGS} WHERE {column} = ?1"))?;
    let mut cursor = statement.query([key])?;
    while let Some(row) = cursor.next()? {
        let coding = coding_row(row)?;
        project.codings.insert(coding.id, coding);
    }
    Ok(())
}

const TURNS: &str =
    "SELECT document_id, speaker, start_char, end_char, time_ms, is_interviewer FROM turns";
const PAGES: &str = "SELECT document_id, page_number, start_char, end_char FROM document_pages";
const CODINGS: &str = "SELECT id, document_id, code_id, coder_id, start_char, end_char, created_at, memo FROM codings";

fn turn_row(row: &Row<'_>) -> Result<(DocumentId, Turn), ReadError> {
    let time: Option<i64> = row.get(4)?;
    Ok((
        id_at(row, 0, "document id")?,
        Turn {
            speaker: row.get(1)?,
            start: count(row.get(2)?, "turn start")?,
            end: count(row.get(3)?, "turn end")?,
            time_ms: time.and_then(|time| u64::try_from(time).ok()),
            is_interviewer: row.get(5)?,
        },
    ))
}

fn page_row(row: &Row<'_>) -> Result<(DocumentId, Page), ReadError> {
    Ok((
        id_at(row, 0, "document id")?,
        Page {
            number: u32::try_from(row.get::<_, i64>(1)?)
                .map_err(|_| ReadError::Record("a page number is out of range".to_owned()))?,
            start: count(row.get(2)?, "page start")?,
            end: count(row.get(3)?, "page end")?,
        },
    ))
}

/// A document from `id, name, format, source_file, encoding, imported_at,
/// char_count, text, media`, without turns, pages, attributes or speakers.
fn document_row(row: &Row<'_>) -> Result<Document, ReadError> {
    let text: String = row.get(7)?;
    Ok(Document {
        id: id_at(row, 0, "document id")?,
        name: row.get(1)?,
        format: row.get(2)?,
        source_file: row.get(3)?,
        encoding: row.get(4)?,
        imported_at: row.get(5)?,
        char_count: count(row.get(6)?, "character count")?,
        text: Arc::from(text),
        turns: Vec::new(),
        attributes: BTreeMap::new(),
        speakers: BTreeMap::new(),
        pages: Vec::new(),
        media: row.get(8)?,
    })
}

fn coding_row(row: &Row<'_>) -> Result<Coding, ReadError> {
    Ok(Coding {
        id: id_at(row, 0, "coding id")?,
        document: id_at(row, 1, "document id")?,
        code: id_at(row, 2, "code id")?,
        coder: id_at(row, 3, "coder id")?,
        start: count(row.get(4)?, "coding start")?,
        end: count(row.get(5)?, "coding end")?,
        created_at: row.get(6)?,
        memo: row.get(7)?,
    })
}

/// Reads every table but the document bodies and the codings, each into the
/// records it belongs to; a row whose record is missing is left out.
fn outline_with(connection: &Connection, with_text: bool) -> Result<Project, ReadError> {
    let mut project = Project::default();
    read_documents(connection, with_text, &mut project)?;
    read_settings(connection, &mut project)?;
    read_document_attributes(connection, &mut project)?;
    read_participants(connection, &mut project)?;
    read_participant_attributes(connection, &mut project)?;
    read_speakers(connection, &mut project)?;
    read_coders(connection, &mut project)?;
    read_codes(connection, &mut project)?;
    read_themes(connection, &mut project)?;
    read_theme_codes(connection, &mut project)?;
    read_theme_quotes(connection, &mut project)?;
    read_memos(connection, &mut project)?;
    read_comments(connection, &mut project)?;
    read_map_positions(connection, &mut project)?;
    read_pseudonyms(connection, &mut project)?;
    Ok(project)
}

/// The documents, each with its text only when `with_text` asks for it.
fn read_documents(
    connection: &Connection,
    with_text: bool,
    project: &mut Project,
) -> Result<(), ReadError> {
    let text_column = if with_text { "text" } else { "''" };
    for document in rows(
        connection,
        &format!(
            "SELECT id, name, format, source_file, encoding, imported_at, char_count, {text_column}, media FROM documents"
        ),
        document_row,
    )? {
        project.documents.insert(document.id, document);
    }
    Ok(())
}

fn read_settings(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for (name, value) in rows(connection, "SELECT name, value FROM settings", |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })? {
        project.settings.insert(name, value);
    }
    Ok(())
}

fn read_document_attributes(
    connection: &Connection,
    project: &mut Project,
) -> Result<(), ReadError> {
    for (document, name, value) in rows(
        connection,
        "SELECT document_id, name, value FROM document_attributes",
        |row| {
            Ok((
                id_at(row, 0, "document id")?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    )? {
        if let Some(doc) = project.documents.get_mut(&document) {
            doc.attributes.insert(name, value);
        }
    }
    Ok(())
}

fn read_participants(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for participant in rows(
        connection,
        "SELECT id, name, is_interviewer FROM participants",
        |row| {
            Ok(Participant {
                id: id_at(row, 0, "participant id")?,
                name: row.get(1)?,
                is_interviewer: row.get(2)?,
                attributes: BTreeMap::new(),
            })
        },
    )? {
        project.participants.insert(participant.id, participant);
    }
    Ok(())
}

fn read_participant_attributes(
    connection: &Connection,
    project: &mut Project,
) -> Result<(), ReadError> {
    for (participant, name, value) in rows(
        connection,
        "SELECT participant_id, name, value FROM participant_attributes",
        |row| {
            Ok((
                id_at(row, 0, "participant id")?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    )? {
        if let Some(entry) = project.participants.get_mut(&participant) {
            entry.attributes.insert(name, value);
        }
    }
    Ok(())
}

/// Which participant each speaker of each document is.
fn read_speakers(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for (document, speaker, participant) in rows(
        connection,
        "SELECT document_id, speaker, participant_id FROM speakers",
        |row| {
            Ok((
                id_at(row, 0, "document id")?,
                row.get::<_, String>(1)?,
                id_at(row, 2, "participant id")?,
            ))
        },
    )? {
        if let Some(doc) = project.documents.get_mut(&document) {
            doc.speakers.insert(speaker, participant);
        }
    }
    Ok(())
}

fn read_coders(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for coder in rows(connection, "SELECT id, name FROM coders", |row| {
        Ok(Coder {
            id: id_at(row, 0, "coder id")?,
            name: row.get(1)?,
        })
    })? {
        project.coders.insert(coder.id, coder);
    }
    Ok(())
}

fn read_codes(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for code in rows(
        connection,
        "SELECT id, name, parent_id, color, description FROM codes",
        |row| {
            let parent: Option<String> = row.get(2)?;
            Ok(Code {
                id: id_at(row, 0, "code id")?,
                name: row.get(1)?,
                parent: parent.map(|id| parse(&id, "code id")).transpose()?,
                color: row.get(3)?,
                description: row.get(4)?,
            })
        },
    )? {
        project.codes.insert(code.id, code);
    }
    Ok(())
}

/// The themes, without their codes and key quotes, which have tables of their own.
fn read_themes(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for theme in rows(
        connection,
        "SELECT id, name, concept, definition, status, parent_id FROM themes",
        theme_row,
    )? {
        project.themes.insert(theme.id, theme);
    }
    Ok(())
}

/// A theme from `id, name, concept, definition, status, parent_id`.
fn theme_row(row: &Row<'_>) -> Result<Theme, ReadError> {
    let status: String = row.get(4)?;
    let parent: Option<String> = row.get(5)?;
    Ok(Theme {
        id: id_at(row, 0, "theme id")?,
        name: row.get(1)?,
        concept: row.get(2)?,
        definition: row.get(3)?,
        status: ThemeStatus::parse(&status)
            .ok_or_else(|| ReadError::Record(format!("theme status {status:?}")))?,
        parent: parent.map(|id| parse(&id, "theme id")).transpose()?,
        codes: BTreeSet::new(),
        key_quotes: Vec::new(),
    })
}

fn read_theme_codes(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for (theme, code) in rows(
        connection,
        "SELECT theme_id, code_id FROM theme_codes",
        |row| Ok((id_at(row, 0, "theme id")?, id_at(row, 1, "code id")?)),
    )? {
        if let Some(entry) = project.themes.get_mut(&theme) {
            entry.codes.insert(code);
        }
    }
    Ok(())
}

/// Each theme's key quotes, in their order.
fn read_theme_quotes(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for (theme, coding) in rows(
        connection,
        "SELECT theme_id, coding_id FROM theme_quotes ORDER BY theme_id, position",
        |row| Ok((id_at(row, 0, "theme id")?, id_at(row, 1, "coding id")?)),
    )? {
        if let Some(entry) = project.themes.get_mut(&theme) {
            entry.key_quotes.push(coding);
        }
    }
    Ok(())
}

fn read_memos(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for memo in rows(
        connection,
        "SELECT id, title, body, author_id, target_kind, target_id, created_at, updated_at FROM memos",
        |row| {
            Ok(Memo {
                id: id_at(row, 0, "memo id")?,
                title: row.get(1)?,
                body: row.get(2)?,
                author: id_at(row, 3, "coder id")?,
                target: target(&row.get::<_, String>(4)?, &row.get::<_, String>(5)?)?,
                created_at: row.get(6)?,
                updated_at: row.get(7)?,
            })
        },
    )? {
        project.memos.insert(memo.id, memo);
    }
    Ok(())
}

fn read_comments(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for comment in rows(
        connection,
        "SELECT id, author, target_kind, target_id, kind, body, reply_to, created_at,
                resolution, resolution_reason, resolved_by, resolved_at FROM comments",
        comment_row,
    )? {
        project.comments.insert(comment.id, comment);
    }
    Ok(())
}

/// A comment from `id, author, target_kind, target_id, kind, body, reply_to,
/// created_at, resolution, resolution_reason, resolved_by, resolved_at`.
fn comment_row(row: &Row<'_>) -> Result<Comment, ReadError> {
    let kind: String = row.get(4)?;
    let reply_to: Option<String> = row.get(6)?;
    let resolution: Option<String> = row.get(8)?;
    let resolution = match resolution {
        Some(state) => Some(Resolution {
            state: ResolutionState::parse(&state)
                .ok_or_else(|| ReadError::Record(format!("resolution {state:?}")))?,
            reason: row.get::<_, Option<String>>(9)?.unwrap_or_default(),
            by: row.get::<_, Option<String>>(10)?.unwrap_or_default(),
            at: row.get::<_, Option<i64>>(11)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Comment {
        id: id_at(row, 0, "comment id")?,
        author: row.get(1)?,
        target: target(&row.get::<_, String>(2)?, &row.get::<_, String>(3)?)?,
        kind: CommentKind::parse(&kind)
            .ok_or_else(|| ReadError::Record(format!("comment kind {kind:?}")))?,
        body: row.get(5)?,
        reply_to: reply_to.map(|id| parse(&id, "comment id")).transpose()?,
        created_at: row.get(7)?,
        resolution,
    })
}

/// Where nodes of the thematic map were placed by hand.
fn read_map_positions(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    for (node, position) in rows(
        connection,
        "SELECT node_kind, node_id, x, y FROM map_positions",
        |row| {
            let kind: String = row.get(0)?;
            let id: String = row.get(1)?;
            let node = crate::model::MapNode::parse(&kind, &id)
                .ok_or_else(|| ReadError::Record(format!("map node {kind} {id:?}")))?;
            Ok((node, (row.get::<_, i32>(2)?, row.get::<_, i32>(3)?)))
        },
    )? {
        project.map_positions.insert(node, position);
    }
    Ok(())
}

/// The pseudonym key kept in the project; a schema 5 file read without upgrading
/// has none.
fn read_pseudonyms(connection: &Connection, project: &mut Project) -> Result<(), ReadError> {
    let present: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pseudonyms')",
        [],
        |row| row.get(0),
    )?;
    if !present {
        return Ok(());
    }
    for entry in rows(
        connection,
        "SELECT real, replacement, category, variants FROM pseudonyms",
        |row| {
            let category: String = row.get(2)?;
            let variants: String = row.get(3)?;
            Ok(crate::pseudonyms::KeyEntry {
                real: row.get(0)?,
                replacement: row.get(1)?,
                category: crate::pseudonyms::Category::parse(&category)
                    .ok_or_else(|| ReadError::Record(format!("pseudonym category {category:?}")))?,
                variants: serde_json::from_str(&variants)
                    .map_err(|_| ReadError::Record(format!("pseudonym variants {variants:?}")))?,
            })
        },
    )? {
        project.pseudonyms.insert(entry.real.clone(), entry);
    }
    Ok(())
}

fn target(kind: &str, id: &str) -> Result<Target, ReadError> {
    Target::parse(kind, id).ok_or_else(|| ReadError::Record(format!("target {kind} {id:?}")))
}

/// The undo timeline's labels: done steps oldest first, undone steps with the
/// next to redo last.
pub fn history(connection: &Connection) -> Result<History, ReadError> {
    let mut history = History::default();
    for (entry, undone) in rows(
        connection,
        "SELECT seq, label, undone FROM history ORDER BY seq",
        |row| {
            Ok((
                HistoryEntry {
                    seq: row.get(0)?,
                    label: row.get(1)?,
                },
                row.get::<_, bool>(2)?,
            ))
        },
    )? {
        if undone {
            history.undone.push(entry);
        } else {
            history.done.push(entry);
        }
    }
    history.undone.reverse();
    Ok(history)
}

pub fn journal(connection: &Connection) -> Result<Vec<JournalRow>, rusqlite::Error> {
    let mut statement = connection
        .prepare("SELECT seq, at, coder, action, label, detail FROM journal ORDER BY seq")?;
    let rows = statement.query_map([], |row| {
        Ok(JournalRow {
            seq: row.get(0)?,
            at: row.get(1)?,
            coder: row.get(2)?,
            action: row.get(3)?,
            label: row.get(4)?,
            detail: row.get(5)?,
        })
    })?;
    rows.collect()
}

/// Every stored version of theme `theme`, oldest first.
pub fn theme_versions(
    connection: &Connection,
    theme: crate::model::ThemeId,
) -> Result<Vec<crate::model::ThemeVersion>, ReadError> {
    let mut statement = connection.prepare_cached(
        "SELECT version, at, coder, action, label, reason, state FROM theme_versions
         WHERE theme_id = ?1 ORDER BY version",
    )?;
    let mut cursor = statement.query([theme.to_string()])?;
    let mut versions = Vec::new();
    while let Some(row) = cursor.next()? {
        let state: Option<String> = row.get(6)?;
        let state = state
            .map(|text| {
                serde_json::from_str(&text).map_err(|error| {
                    ReadError::Record(format!("a version of theme {theme} is not valid: {error}"))
                })
            })
            .transpose()?;
        versions.push(crate::model::ThemeVersion {
            theme,
            version: u32::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
            at: row.get(1)?,
            coder: row.get(2)?,
            action: row.get(3)?,
            label: row.get(4)?,
            reason: row.get(5)?,
            state,
        });
    }
    Ok(versions)
}

/// Document `id` as stored, whole: text, turns, pages, attributes and speaker links.
pub fn stored_document(
    connection: &Connection,
    id: DocumentId,
) -> Result<Option<Document>, ReadError> {
    let key = id.to_string();
    let mut statement = connection.prepare_cached(
        "SELECT id, name, format, source_file, encoding, imported_at, char_count, text, media
         FROM documents WHERE id = ?1",
    )?;
    let mut cursor = statement.query([&key])?;
    let Some(row) = cursor.next()? else {
        return Ok(None);
    };
    let mut document = document_row(row)?;
    drop(cursor);
    let mut attributes = connection
        .prepare_cached("SELECT name, value FROM document_attributes WHERE document_id = ?1")?;
    let mut cursor = attributes.query([&key])?;
    while let Some(row) = cursor.next()? {
        document.attributes.insert(row.get(0)?, row.get(1)?);
    }
    drop(cursor);
    let mut speakers = connection
        .prepare_cached("SELECT speaker, participant_id FROM speakers WHERE document_id = ?1")?;
    let mut cursor = speakers.query([&key])?;
    while let Some(row) = cursor.next()? {
        document
            .speakers
            .insert(row.get(0)?, id_at(row, 1, "participant id")?);
    }
    drop(cursor);
    let mut project = Project::default();
    project.documents.insert(id, document);
    bodies(connection, &mut project, [id])?;
    Ok(project.documents.remove(&id))
}

/// Coding `id` as stored.
pub fn stored_coding(
    connection: &Connection,
    id: crate::model::CodingId,
) -> Result<Option<Coding>, ReadError> {
    let mut statement = connection.prepare_cached(&format!("{CODINGS} WHERE id = ?1"))?;
    let mut cursor = statement.query([id.to_string()])?;
    match cursor.next()? {
        Some(row) => Ok(Some(coding_row(row)?)),
        None => Ok(None),
    }
}
