//! Reading a project from the file, whole or in parts (its outline, then the
//! document bodies and codings a command needs), its undo timeline and its journal.

use crate::edit::{History, HistoryEntry};
use crate::model::{
    Code, Coder, Coding, Comment, CommentKind, Document, DocumentId, Memo, Page, Participant,
    Project, Resolution, ResolutionState, Target, Theme, ThemeStatus, Turn,
};
use crate::store::JournalRow;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::sync::Arc;

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

#[expect(
    clippy::too_many_lines,
    reason = "one block per table, in schema order"
)]
fn outline_with(connection: &Connection, with_text: bool) -> Result<Project, ReadError> {
    let mut project = Project::default();
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
    for (name, value) in rows(connection, "SELECT name, value FROM settings", |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })? {
        project.settings.insert(name, value);
    }
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
    for participant in rows(
        connection,
        "SELECT id, name, is_interviewer FROM participants",
        |row| {
            Ok(Participant {
                id: id_at(row, 0, "participant id")?,
                name: row.get(1)?,
                is_interviewer: row.get(2)?,
                attributes: Default::default(),
            })
        },
    )? {
        project.participants.insert(participant.id, participant);
    }
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
    for coder in rows(connection, "SELECT id, name FROM coders", |row| {
        Ok(Coder {
            id: id_at(row, 0, "coder id")?,
            name: row.get(1)?,
        })
    })? {
        project.coders.insert(coder.id, coder);
    }
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
    for theme in rows(
        connection,
        "SELECT id, name, concept, definition, status, parent_id FROM themes",
        |row| {
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
                codes: Default::default(),
                key_quotes: Vec::new(),
            })
        },
    )? {
        project.themes.insert(theme.id, theme);
    }
    for (theme, code) in rows(
        connection,
        "SELECT theme_id, code_id FROM theme_codes",
        |row| Ok((id_at(row, 0, "theme id")?, id_at(row, 1, "code id")?)),
    )? {
        if let Some(entry) = project.themes.get_mut(&theme) {
            entry.codes.insert(code);
        }
    }
    for (theme, coding) in rows(
        connection,
        "SELECT theme_id, coding_id FROM theme_quotes ORDER BY theme_id, position",
        |row| Ok((id_at(row, 0, "theme id")?, id_at(row, 1, "coding id")?)),
    )? {
        if let Some(entry) = project.themes.get_mut(&theme) {
            entry.key_quotes.push(coding);
        }
    }
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
    for comment in rows(
        connection,
        "SELECT id, author, target_kind, target_id, kind, body, reply_to, created_at,
                resolution, resolution_reason, resolved_by, resolved_at FROM comments",
        |row| {
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
        },
    )? {
        project.comments.insert(comment.id, comment);
    }
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
    Ok(project)
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

/// Per document, what a listing of documents shows beyond the outline: how many
/// turns and codings it has and its speaker labels, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    pub turns: usize,
    pub speakers: Vec<String>,
    pub codings: usize,
}

/// [`DocumentCounts`] of every document, read from the columns kept for it and
/// the codings index, without reading any turn or text.
pub fn document_counts(
    connection: &Connection,
) -> Result<BTreeMap<DocumentId, DocumentCounts>, ReadError> {
    Ok(rows(
        connection,
        "SELECT id, turn_count, speaker_labels,
                (SELECT count(*) FROM codings WHERE codings.document_id = documents.id)
         FROM documents",
        |row| {
            let speakers: String = row.get(2)?;
            Ok((
                id_at(row, 0, "document id")?,
                DocumentCounts {
                    turns: count(row.get(1)?, "turn count")?,
                    speakers: serde_json::from_str(&speakers).map_err(|error| {
                        ReadError::Record(format!("speaker labels {speakers:?}: {error}"))
                    })?,
                    codings: count(row.get(3)?, "coding count")?,
                },
            ))
        },
    )?
    .into_iter()
    .collect())
}

/// A passage read from the file: its text, and the turn that holds its start.
pub type Passage = (String, Option<Turn>);

/// For each char range of a document: its text, and the turn that holds its
/// start (as [`Document::turn_at`] finds it), read without reading the rest of
/// the document's records; `None` for a document the file does not hold. Each
/// document's text is read once, however many of its ranges are asked for.
pub fn passages(
    connection: &Connection,
    ranges: &[(DocumentId, usize, usize)],
) -> Result<Vec<Option<Passage>>, ReadError> {
    let mut text = connection.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
    // The first turn ending after the position, as turn_at's partition point.
    let mut turn = connection.prepare_cached(&format!(
        "{TURNS} WHERE document_id = ?1 AND end_char > ?2 ORDER BY end_char, turn_index LIMIT 1"
    ))?;
    // One read transaction for all the lookups, rather than one for each.
    let _reading = if connection.is_autocommit() {
        Some(connection.unchecked_transaction()?)
    } else {
        None
    };
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&at| (ranges[at].0, ranges[at].1));
    let mut out = vec![None; ranges.len()];
    for group in order.chunk_by(|a, b| ranges[*a].0 == ranges[*b].0) {
        let document = ranges[group[0]].0;
        let key = document.to_string();
        // The text is read in place as bytes (it was stored from a `&str`, so
        // it is UTF-8 and needs no check), and only the quotes are copied out.
        let quotes: Option<Vec<String>> = text
            .query_row([&key], |row| {
                let body = row.get_ref(0)?.as_bytes().map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    )
                })?;
                let mut cursor = ByteCursor::default();
                Ok(group
                    .iter()
                    .map(|&at| {
                        let (_, start, end) = ranges[at];
                        let from = cursor.byte_of(body, start);
                        let to = ByteCursor { ..cursor }.byte_of(body, end.max(start));
                        String::from_utf8_lossy(&body[from..to]).into_owned()
                    })
                    .collect())
            })
            .optional()?;
        let Some(quotes) = quotes else {
            continue;
        };
        for (&at, quote) in group.iter().zip(quotes) {
            let start = ranges[at].1;
            let mut cursor = turn.query(rusqlite::params![key, as_sql(start)])?;
            let holding = match cursor.next()? {
                Some(row) => Some(turn_row(row)?.1)
                    .filter(|turn| turn.start <= start && start < turn.end.max(turn.start + 1)),
                None => None,
            };
            out[at] = Some((quote, holding));
        }
    }
    Ok(out)
}

/// How many of the eight bytes of `word` are UTF-8 continuation bytes
/// (10xxxxxx: bit 7 set, bit 6 clear).
fn continuation_bytes(word: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    (word & HIGH & !(word << 1)).count_ones() as usize
}

/// Walks a text forwards from char to byte offsets, counting UTF-8 lead bytes
/// 32 and then eight at a time, so that a document's quotes in text order cost one quick
/// pass over it.
#[derive(Clone, Copy, Default)]
struct ByteCursor {
    byte: usize,
    chars: usize,
}

impl ByteCursor {
    /// The byte offset of char `target` of UTF-8 `text` (its length past the
    /// end); `target` must not be before the previous one.
    fn byte_of(&mut self, text: &[u8], target: usize) -> usize {
        // Far from the target, 32 bytes at a time: they hold at most 32 chars,
        // so a block never goes past it.
        while target.saturating_sub(self.chars) >= 32 {
            let Some(block) = text.get(self.byte..self.byte + 32) else {
                break;
            };
            let continuations: usize = block
                .chunks_exact(8)
                .map(|word| {
                    continuation_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()))
                })
                .sum();
            self.chars += 32 - continuations;
            self.byte += 32;
            self.skip_continuations(text);
        }
        while let Some(word) = text.get(self.byte..self.byte + 8) {
            let starts =
                8 - continuation_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            if self.chars + starts > target {
                break;
            }
            self.chars += starts;
            self.byte += 8;
            self.skip_continuations(text);
        }
        while self.chars < target && self.byte < text.len() {
            self.byte += 1;
            self.skip_continuations(text);
            self.chars += 1;
        }
        self.byte
    }

    /// Steps over the rest of a char that the last block or word cut, so that
    /// `byte` is at a char's start; those bytes were counted as continuations.
    fn skip_continuations(&mut self, text: &[u8]) {
        while self.byte < text.len() && text[self.byte] & 0xC0 == 0x80 {
            self.byte += 1;
        }
    }
}

/// The documents that have pages (those imported from PDF), so that a listing
/// asks for the pages of those alone.
pub fn paged_documents(connection: &Connection) -> Result<BTreeSet<DocumentId>, ReadError> {
    let mut statement =
        connection.prepare_cached("SELECT DISTINCT document_id FROM document_pages")?;
    let mut cursor = statement.query([])?;
    let mut documents = BTreeSet::new();
    while let Some(row) = cursor.next()? {
        documents.insert(id_at(row, 0, "document id")?);
    }
    Ok(documents)
}

/// The pages of document `id`, in order (none unless it came from a PDF).
pub fn pages_of(connection: &Connection, id: DocumentId) -> Result<Vec<Page>, ReadError> {
    let mut statement = connection.prepare_cached(&format!(
        "{PAGES} WHERE document_id = ?1 ORDER BY page_number"
    ))?;
    let mut cursor = statement.query([id.to_string()])?;
    let mut pages = Vec::new();
    while let Some(row) = cursor.next()? {
        pages.push(page_row(row)?.1);
    }
    Ok(pages)
}

fn as_sql(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
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

#[cfg(test)]
mod tests {
    use super::ByteCursor;

    #[test]
    fn the_byte_cursor_finds_every_char_as_char_indices_does() {
        // Long enough for the 32-byte blocks, with chars of every width
        // falling across their edges.
        let text = "Zoë said: “peer work” is 🙂 hard, naïve — and ok.\nÅse: ja ja, 日本語 too. "
            .repeat(12)
            + "plain ASCII tail to finish";
        let text = text.as_str();
        let expected: Vec<usize> = text
            .char_indices()
            .map(|(byte, _)| byte)
            .chain([text.len()])
            .collect();
        for step in 1..6 {
            let mut cursor = ByteCursor::default();
            for target in (0..expected.len()).step_by(step) {
                assert_eq!(
                    cursor.byte_of(text.as_bytes(), target),
                    expected[target],
                    "char {target}, step {step}"
                );
            }
        }
        let mut fresh = ByteCursor::default();
        assert_eq!(fresh.byte_of(text.as_bytes(), 10_000), text.len());
        for (target, byte) in expected.iter().enumerate() {
            assert_eq!(
                ByteCursor::default().byte_of(text.as_bytes(), target),
                *byte
            );
        }
    }
}
