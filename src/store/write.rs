//! Writing the records a command touched: each is rewritten from the project as
//! it now is, or deleted when the project no longer holds it.

use crate::clock::now_ms;
use crate::edit::Touched;
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, CommentId, Document, DocumentId,
    MapNode, Memo, MemoId, Participant, ParticipantId, Project, Theme, ThemeId,
};
use crate::store::parked;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::BTreeMap;

fn as_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub fn journal(
    transaction: &Transaction<'_>,
    coder: &str,
    action: &str,
    label: &str,
    history_seq: i64,
    detail: &str,
) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(
            "INSERT INTO journal(at, coder, action, label, history_seq, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![now_ms(), coder, action, label, history_seq, detail])?;
    Ok(())
}

/// Records a new version of each theme `touched` names whose name, concept,
/// definition, status, parent or codes now differ from its last version (a
/// change of key quotes alone makes none), or that was created or deleted.
pub fn theme_versions(
    transaction: &Transaction<'_>,
    project: &Project,
    touched: &[Touched],
    coder: &str,
    action: &str,
    label: &str,
    reason: &str,
) -> rusqlite::Result<()> {
    for touched in touched {
        let Touched::Theme(id) = touched else {
            continue;
        };
        let key = id.to_string();
        let last: Option<(i64, Option<String>)> = transaction
            .prepare_cached(
                "SELECT version, state FROM theme_versions WHERE theme_id = ?1
                 ORDER BY version DESC LIMIT 1",
            )?
            .query_row([&key], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let state = project
            .themes
            .get(id)
            .map(|theme| serde_json::to_string(&theme.state()))
            .transpose()
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        let (version, unchanged) = match &last {
            Some((version, last_state)) => (version + 1, *last_state == state),
            // A theme's first version is the one that creates it.
            None => (1, state.is_none()),
        };
        if unchanged {
            continue;
        }
        transaction
            .prepare_cached(
                "INSERT INTO theme_versions(theme_id, version, at, coder, action, label, reason, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![key, version, now_ms(), coder, action, label, reason, state])?;
    }
    Ok(())
}

/// Writes each record `touched` names, then counts a new text generation if
/// any document's text may have changed.
///
/// `seq` is the history step being done or undone: removed documents and
/// codings are parked under it (see `store/parked.rs`).
pub fn touched(
    transaction: &Transaction<'_>,
    project: &Project,
    touched: &[Touched],
    seq: i64,
) -> rusqlite::Result<()> {
    let mut text_changed = false;
    for record in touched {
        match *record {
            Touched::Document(id) => {
                text_changed = true;
                write_document(transaction, id, project.documents.get(&id), seq)?;
            }
            Touched::DocumentDetails(id) => {
                write_document_details(transaction, id, project.documents.get(&id))?;
            }
            Touched::Participant(id) => {
                write_participant(transaction, id, project.participants.get(&id))?;
            }
            Touched::Coder(id) => write_coder(transaction, id, project.coders.get(&id))?,
            Touched::Code(id) => write_code(transaction, id, project.codes.get(&id))?,
            Touched::Coding(id) => write_coding(transaction, id, project.codings.get(&id), seq)?,
            Touched::Theme(id) => write_theme(transaction, id, project.themes.get(&id))?,
            Touched::Memo(id) => write_memo(transaction, id, project.memos.get(&id))?,
            Touched::Comment(id) => write_comment(transaction, id, project.comments.get(&id))?,
            Touched::MapNode(node) => {
                write_map_position(transaction, node, project.map_positions.get(&node))?;
            }
            Touched::Settings => write_settings(transaction, &project.settings)?,
            Touched::Pseudonyms => write_pseudonyms(transaction, &project.pseudonyms)?,
        }
    }
    if text_changed {
        transaction.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_generation'",
            [],
        )?;
    }
    Ok(())
}

/// Rewrites document `id` whole, with its turns, pages, attributes and speaker
/// links, or parks and deletes it when the project no longer holds it.
fn write_document(
    transaction: &Transaction<'_>,
    id: DocumentId,
    document: Option<&Document>,
    seq: i64,
) -> rusqlite::Result<()> {
    let key = id.to_string();
    if document.is_none() {
        parked::park_document(transaction, id, seq)?;
    }
    transaction
        .prepare_cached("DELETE FROM turns WHERE document_id = ?1")?
        .execute([&key])?;
    transaction
        .prepare_cached("DELETE FROM document_pages WHERE document_id = ?1")?
        .execute([&key])?;
    match document {
        Some(document) => {
            parked::unpark(transaction, "parked_documents", &key)?;
            upsert_document(transaction, &key, document)?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM documents WHERE id = ?1")?
                .execute([&key])?;
        }
    }
    document_details(transaction, id, document)
}

/// Writes the document's row, then its pages and turns (whose old rows the
/// caller has deleted).
fn upsert_document(
    transaction: &Transaction<'_>,
    key: &str,
    document: &Document,
) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(
            "INSERT INTO documents(id, name, format, source_file, encoding, imported_at, char_count, text, media,
                                   turn_count, speaker_labels)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, format = excluded.format,
               source_file = excluded.source_file, encoding = excluded.encoding,
               imported_at = excluded.imported_at, char_count = excluded.char_count,
               text = excluded.text, media = excluded.media,
               turn_count = excluded.turn_count, speaker_labels = excluded.speaker_labels",
        )?
        .execute(params![
            key,
            document.name,
            document.format,
            document.source_file,
            document.encoding,
            document.imported_at,
            as_i64(document.char_count),
            &*document.text,
            document.media,
            as_i64(document.turns.len()),
            serde_json::to_string(&document.speaker_labels()).unwrap_or_else(|_| "[]".to_owned()),
        ])?;
    let mut page = transaction.prepare_cached(
        "INSERT INTO document_pages(document_id, page_number, start_char, end_char)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for each in &document.pages {
        page.execute(params![
            key,
            each.number,
            as_i64(each.start),
            as_i64(each.end)
        ])?;
    }
    let mut insert = transaction.prepare_cached(
        "INSERT INTO turns(document_id, turn_index, speaker, start_char, end_char, time_ms, is_interviewer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (index, turn) in document.turns.iter().enumerate() {
        insert.execute(params![
            key,
            as_i64(index),
            turn.speaker,
            as_i64(turn.start),
            as_i64(turn.end),
            turn.time_ms
                .map(|time| i64::try_from(time).unwrap_or(i64::MAX)),
            turn.is_interviewer
        ])?;
    }
    Ok(())
}

/// Rewrites only the document's name, recording, attributes and speaker links,
/// leaving its text, turns and pages as they are.
fn write_document_details(
    transaction: &Transaction<'_>,
    id: DocumentId,
    document: Option<&Document>,
) -> rusqlite::Result<()> {
    if let Some(document) = document {
        transaction
            .prepare_cached("UPDATE documents SET name = ?2, media = ?3 WHERE id = ?1")?
            .execute(params![id.to_string(), document.name, document.media])?;
    }
    document_details(transaction, id, document)
}

fn write_participant(
    transaction: &Transaction<'_>,
    id: ParticipantId,
    participant: Option<&Participant>,
) -> rusqlite::Result<()> {
    let key = id.to_string();
    transaction
        .prepare_cached("DELETE FROM participant_attributes WHERE participant_id = ?1")?
        .execute([&key])?;
    match participant {
        Some(participant) => {
            transaction
                .prepare_cached(
                    "INSERT INTO participants(id, name, is_interviewer) VALUES (?1, ?2, ?3)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, is_interviewer = excluded.is_interviewer",
                )?
                .execute(params![key, participant.name, participant.is_interviewer])?;
            let mut insert = transaction.prepare_cached(
                "INSERT INTO participant_attributes(participant_id, name, value) VALUES (?1, ?2, ?3)",
            )?;
            for (name, value) in &participant.attributes {
                insert.execute(params![key, name, value])?;
            }
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM participants WHERE id = ?1")?
                .execute([&key])?;
        }
    }
    Ok(())
}

fn write_coder(
    transaction: &Transaction<'_>,
    id: CoderId,
    coder: Option<&Coder>,
) -> rusqlite::Result<()> {
    match coder {
        Some(coder) => {
            transaction
                .prepare_cached(
                    "INSERT INTO coders(id, name) VALUES (?1, ?2)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                )?
                .execute(params![id.to_string(), coder.name])?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM coders WHERE id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}

fn write_code(
    transaction: &Transaction<'_>,
    id: CodeId,
    code: Option<&Code>,
) -> rusqlite::Result<()> {
    match code {
        Some(code) => {
            transaction
                .prepare_cached(
                    "INSERT INTO codes(id, name, parent_id, color, description) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
                       color = excluded.color, description = excluded.description",
                )?
                .execute(params![
                    id.to_string(),
                    code.name,
                    code.parent.map(|parent| parent.to_string()),
                    code.color,
                    code.description
                ])?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM codes WHERE id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}

/// Rewrites coding `id`, or parks and deletes it when the project no longer
/// holds it.
fn write_coding(
    transaction: &Transaction<'_>,
    id: CodingId,
    coding: Option<&Coding>,
    seq: i64,
) -> rusqlite::Result<()> {
    match coding {
        Some(coding) => {
            parked::unpark(transaction, "parked_codings", &id.to_string())?;
            transaction
                .prepare_cached(
                    "INSERT INTO codings(id, document_id, code_id, coder_id, start_char, end_char, created_at, memo)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id,
                       code_id = excluded.code_id, coder_id = excluded.coder_id,
                       start_char = excluded.start_char, end_char = excluded.end_char,
                       created_at = excluded.created_at, memo = excluded.memo",
                )?
                .execute(params![
                    id.to_string(),
                    coding.document.to_string(),
                    coding.code.to_string(),
                    coding.coder.to_string(),
                    as_i64(coding.start),
                    as_i64(coding.end),
                    coding.created_at,
                    coding.memo
                ])?;
        }
        None => {
            parked::park_coding(transaction, id, seq)?;
            transaction
                .prepare_cached("DELETE FROM codings WHERE id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}

/// Rewrites theme `id` with its codes and key quotes in order, or deletes it.
fn write_theme(
    transaction: &Transaction<'_>,
    id: ThemeId,
    theme: Option<&Theme>,
) -> rusqlite::Result<()> {
    let key = id.to_string();
    transaction
        .prepare_cached("DELETE FROM theme_codes WHERE theme_id = ?1")?
        .execute([&key])?;
    transaction
        .prepare_cached("DELETE FROM theme_quotes WHERE theme_id = ?1")?
        .execute([&key])?;
    match theme {
        Some(theme) => {
            transaction
                .prepare_cached(
                    "INSERT INTO themes(id, name, concept, definition, status, parent_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, concept = excluded.concept,
                       definition = excluded.definition, status = excluded.status,
                       parent_id = excluded.parent_id",
                )?
                .execute(params![
                    key,
                    theme.name,
                    theme.concept,
                    theme.definition,
                    theme.status.label(),
                    theme.parent.map(|parent| parent.to_string())
                ])?;
            let mut codes = transaction
                .prepare_cached("INSERT INTO theme_codes(theme_id, code_id) VALUES (?1, ?2)")?;
            for code in &theme.codes {
                codes.execute(params![key, code.to_string()])?;
            }
            let mut quotes = transaction.prepare_cached(
                "INSERT INTO theme_quotes(theme_id, coding_id, position) VALUES (?1, ?2, ?3)",
            )?;
            for (position, coding) in theme.key_quotes.iter().enumerate() {
                quotes.execute(params![key, coding.to_string(), as_i64(position)])?;
            }
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM themes WHERE id = ?1")?
                .execute([&key])?;
        }
    }
    Ok(())
}

fn write_memo(
    transaction: &Transaction<'_>,
    id: MemoId,
    memo: Option<&Memo>,
) -> rusqlite::Result<()> {
    match memo {
        Some(memo) => {
            transaction
                .prepare_cached(
                    "INSERT INTO memos(id, title, body, author_id, target_kind, target_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body,
                       author_id = excluded.author_id, target_kind = excluded.target_kind,
                       target_id = excluded.target_id, created_at = excluded.created_at,
                       updated_at = excluded.updated_at",
                )?
                .execute(params![
                    id.to_string(),
                    memo.title,
                    memo.body,
                    memo.author.to_string(),
                    memo.target.kind(),
                    memo.target.id_text(),
                    memo.created_at,
                    memo.updated_at
                ])?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM memos WHERE id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}

fn write_comment(
    transaction: &Transaction<'_>,
    id: CommentId,
    comment: Option<&Comment>,
) -> rusqlite::Result<()> {
    match comment {
        Some(comment) => {
            let resolution = comment.resolution.as_ref();
            transaction
                .prepare_cached(
                    "INSERT INTO comments(id, author, target_kind, target_id, kind, body, reply_to, created_at,
                                          resolution, resolution_reason, resolved_by, resolved_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT(id) DO UPDATE SET author = excluded.author,
                       target_kind = excluded.target_kind, target_id = excluded.target_id,
                       kind = excluded.kind, body = excluded.body, reply_to = excluded.reply_to,
                       created_at = excluded.created_at, resolution = excluded.resolution,
                       resolution_reason = excluded.resolution_reason,
                       resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at",
                )?
                .execute(params![
                    id.to_string(),
                    comment.author,
                    comment.target.kind(),
                    comment.target.id_text(),
                    comment.kind.label(),
                    comment.body,
                    comment.reply_to.map(|reply| reply.to_string()),
                    comment.created_at,
                    resolution.map(|r| r.state.label()),
                    resolution.map(|r| r.reason.as_str()),
                    resolution.map(|r| r.by.as_str()),
                    resolution.map(|r| r.at)
                ])?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM comments WHERE id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}

/// Stores where the node was placed on the map, or forgets it (`None`) so
/// that the layout places it.
fn write_map_position(
    transaction: &Transaction<'_>,
    node: MapNode,
    position: Option<&(i32, i32)>,
) -> rusqlite::Result<()> {
    match position {
        Some((x, y)) => {
            transaction
                .prepare_cached(
                    "INSERT INTO map_positions(node_kind, node_id, x, y) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(node_kind, node_id) DO UPDATE SET x = excluded.x, y = excluded.y",
                )?
                .execute(params![node.kind(), node.id_text(), x, y])?;
        }
        None => {
            transaction
                .prepare_cached("DELETE FROM map_positions WHERE node_kind = ?1 AND node_id = ?2")?
                .execute([node.kind(), &node.id_text()])?;
        }
    }
    Ok(())
}

/// Brings the stored key to the project's: a row is written only when its entry
/// changed, so that a step of a shared project carries only what it changed.
fn write_pseudonyms(
    transaction: &Transaction<'_>,
    key: &BTreeMap<String, crate::pseudonyms::KeyEntry>,
) -> rusqlite::Result<()> {
    let stored: Vec<String> = transaction
        .prepare_cached("SELECT real FROM pseudonyms")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for real in stored.iter().filter(|real| !key.contains_key(*real)) {
        transaction
            .prepare_cached("DELETE FROM pseudonyms WHERE real = ?1")?
            .execute([real])?;
    }
    let mut upsert = transaction.prepare_cached(
        "INSERT INTO pseudonyms(real, replacement, category, variants) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(real) DO UPDATE SET replacement = excluded.replacement,
             category = excluded.category, variants = excluded.variants
         WHERE replacement IS NOT excluded.replacement OR category IS NOT excluded.category
             OR variants IS NOT excluded.variants",
    )?;
    for entry in key.values() {
        let variants = serde_json::to_string(&entry.variants)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(error.into()))?;
        upsert.execute(params![
            entry.real,
            entry.replacement,
            entry.category.name(),
            variants
        ])?;
    }
    Ok(())
}

/// Rewrites every setting: there are few, and a command may set or clear any.
fn write_settings(
    transaction: &Transaction<'_>,
    settings: &BTreeMap<String, String>,
) -> rusqlite::Result<()> {
    transaction.execute("DELETE FROM settings", [])?;
    let mut insert =
        transaction.prepare_cached("INSERT INTO settings(name, value) VALUES (?1, ?2)")?;
    for (name, value) in settings {
        insert.execute(params![name, value])?;
    }
    Ok(())
}

/// Rewrites a document's attributes and speaker links.
fn document_details(
    transaction: &Transaction<'_>,
    id: DocumentId,
    document: Option<&Document>,
) -> rusqlite::Result<()> {
    let key = id.to_string();
    transaction
        .prepare_cached("DELETE FROM document_attributes WHERE document_id = ?1")?
        .execute([&key])?;
    transaction
        .prepare_cached("DELETE FROM speakers WHERE document_id = ?1")?
        .execute([&key])?;
    let Some(document) = document else {
        return Ok(());
    };
    let mut attributes = transaction.prepare_cached(
        "INSERT INTO document_attributes(document_id, name, value) VALUES (?1, ?2, ?3)",
    )?;
    for (name, value) in &document.attributes {
        attributes.execute(params![key, name, value])?;
    }
    let mut speakers = transaction.prepare_cached(
        "INSERT INTO speakers(document_id, speaker, participant_id) VALUES (?1, ?2, ?3)",
    )?;
    for (speaker, participant) in &document.speakers {
        speakers.execute(params![key, speaker, participant.to_string()])?;
    }
    Ok(())
}
