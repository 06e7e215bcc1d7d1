//! Removed documents and codings, kept aside for the history step that may bring
//! them back, and the short stored form of history steps that refers to them.
//!
//! A history step keeps the command that redoes it and the command that undoes
//! it. Written out in full, an import's redo would hold a second copy of every
//! text and coding the tables already hold. Instead, when a command removes a
//! document or a coding, its row is moved ("parked") into `parked_documents` or
//! `parked_codings` under the step that removed it, and the stored commands name
//! parked records by id. Reading a step puts the records back into its commands,
//! so that `edit` always sees whole commands.
//!
//! Why the references always resolve: a stored command re-inserts only records
//! that a step removed just before it runs. Redo of step `n` follows the undo of
//! `n`, which removed what `n` had added; undo of `n` follows `n` itself, which
//! removed what the undo puts back. Parked rows go when the steps that could
//! bring them back are dropped (a new step after an undo), and when the record
//! is back in its table.

use crate::edit::Command;
use crate::model::{CodingId, DocumentId};
use crate::store::read::{self, ReadError};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// The stored form of a step's forward command, made before the command is
/// applied (which consumes it), with what the stored inverse needs to know of it.
#[derive(Debug, Clone)]
pub struct StoredForward {
    json: String,
    /// Codings the step adds to documents it inserts: undoing it removes the
    /// documents, and with them these codings.
    implied: BTreeSet<CodingId>,
}

impl StoredForward {
    /// The stored form of `forward`.
    #[must_use]
    pub fn of(forward: &Command) -> Self {
        let mut inserted = BTreeSet::new();
        inserted_documents(forward, &mut inserted);
        let mut implied = BTreeSet::new();
        codings_into(forward, &inserted, &mut implied);
        Self {
            json: stored(forward, &inserted, &BTreeSet::new()).to_string(),
            implied,
        }
    }

    /// The stored forms of the forward command and of its `inverse`.
    pub(crate) fn with_inverse(&self, inverse: &Command) -> (String, String) {
        let mut restored = BTreeSet::new();
        inserted_documents(inverse, &mut restored);
        (
            self.json.clone(),
            stored(inverse, &restored, &self.implied).to_string(),
        )
    }
}

fn inserted_documents(command: &Command, into: &mut BTreeSet<DocumentId>) {
    match command {
        Command::Batch { commands, .. } => {
            for each in commands {
                inserted_documents(each, into);
            }
        }
        Command::InsertDocument { document } => {
            into.insert(document.id);
        }
        _ => {}
    }
}

fn codings_into(
    command: &Command,
    documents: &BTreeSet<DocumentId>,
    into: &mut BTreeSet<CodingId>,
) {
    match command {
        Command::Batch { commands, .. } => {
            for each in commands {
                codings_into(each, documents, into);
            }
        }
        Command::AddCoding { coding } if documents.contains(&coding.document) => {
            into.insert(coding.id);
        }
        _ => {}
    }
}

/// The stored form of `command`: documents and codings it adds are named by id
/// (the codings it adds to `whole_documents`, which it inserts, by their
/// document); removals of `implied` codings are left out, because removing
/// their document removes them.
fn stored(
    command: &Command,
    whole_documents: &BTreeSet<DocumentId>,
    implied: &BTreeSet<CodingId>,
) -> Value {
    let mut grouped = BTreeSet::new();
    let mut items = Vec::new();
    stored_into(command, whole_documents, implied, &mut grouped, &mut items);
    items.pop().unwrap_or(Value::Null)
}

fn stored_into(
    command: &Command,
    whole_documents: &BTreeSet<DocumentId>,
    implied: &BTreeSet<CodingId>,
    grouped: &mut BTreeSet<DocumentId>,
    out: &mut Vec<Value>,
) {
    match command {
        Command::Batch { label, commands } => {
            let mut items = Vec::with_capacity(commands.len());
            for each in commands {
                stored_into(each, whole_documents, implied, grouped, &mut items);
            }
            out.push(json!({ "batch": { "label": label, "commands": items } }));
        }
        Command::InsertDocument { document } => {
            out.push(json!({ "insert_document": { "parked": document.id } }));
        }
        Command::AddCoding { coding } if whole_documents.contains(&coding.document) => {
            if grouped.insert(coding.document) {
                out.push(json!({ "add_codings_parked": { "document": coding.document } }));
            }
        }
        Command::AddCoding { coding } => {
            out.push(json!({ "add_coding": { "parked": coding.id } }));
        }
        Command::RemoveCoding { id } if implied.contains(id) => {}
        other => out.push(serde_json::to_value(other).unwrap_or(Value::Null)),
    }
}

/// The command history step `seq` stored as `text`, with its parked records
/// put back. Full commands (as files before schema 4 stored them) read as they are.
pub fn read_step(connection: &Connection, seq: i64, text: &str) -> Result<Command, ReadError> {
    let bad = |what: String| ReadError::Record(format!("history step {seq}: {what}"));
    let mut value: Value = serde_json::from_str(text).map_err(|error| bad(error.to_string()))?;
    resolve(connection, seq, &mut value)?;
    serde_json::from_value(value).map_err(|error| bad(error.to_string()))
}

fn resolve(connection: &Connection, seq: i64, value: &mut Value) -> Result<(), ReadError> {
    let Value::Object(fields) = value else {
        return Ok(());
    };
    if let Some(Value::Object(batch)) = fields.get_mut("batch")
        && let Some(Value::Array(items)) = batch.get_mut("commands")
    {
        let mut resolved = Vec::with_capacity(items.len());
        for mut item in std::mem::take(items) {
            if let Some(document) = item
                .pointer("/add_codings_parked/document")
                .and_then(Value::as_str)
            {
                for coding in parked_codings_of(connection, seq, document)? {
                    resolved.push(json!({ "add_coding": { "coding": coding } }));
                }
                continue;
            }
            resolve(connection, seq, &mut item)?;
            resolved.push(item);
        }
        *items = resolved;
        return Ok(());
    }
    for (kind, table, field) in [
        ("insert_document", "parked_documents", "document"),
        ("add_coding", "parked_codings", "coding"),
    ] {
        if let Some(Value::Object(body)) = fields.get_mut(kind)
            && let Some(id) = body
                .get("parked")
                .and_then(Value::as_str)
                .map(str::to_owned)
        {
            let record = parked_record(connection, table, &id)?.ok_or_else(|| {
                ReadError::Record(format!(
                    "history step {seq} needs the removed record {id}, which the file no longer keeps"
                ))
            })?;
            *body = Map::from_iter([(field.to_owned(), record)]);
        }
    }
    Ok(())
}

fn parked_record(
    connection: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<Value>, ReadError> {
    let text: Option<String> = connection
        .prepare_cached(&format!("SELECT record FROM {table} WHERE id = ?1"))?
        .query_row([id], |row| row.get(0))
        .optional()?;
    text.map(|text| {
        serde_json::from_str(&text)
            .map_err(|error| ReadError::Record(format!("the removed record {id}: {error}")))
    })
    .transpose()
}

fn parked_codings_of(
    connection: &Connection,
    seq: i64,
    document: &str,
) -> Result<Vec<Value>, ReadError> {
    let mut statement = connection.prepare_cached(
        "SELECT id, record FROM parked_codings WHERE document_id = ?1 AND parked_by = ?2 ORDER BY id",
    )?;
    let mut cursor = statement.query(params![document, seq])?;
    let mut codings = Vec::new();
    while let Some(row) = cursor.next()? {
        let id: String = row.get(0)?;
        let text: String = row.get(1)?;
        codings.push(
            serde_json::from_str(&text)
                .map_err(|error| ReadError::Record(format!("the removed coding {id}: {error}")))?,
        );
    }
    Ok(codings)
}

/// Moves document `id`, with its turns, pages, attributes and speaker links,
/// into `parked_documents` under step `seq`, before its rows are deleted.
pub fn park_document(
    transaction: &Transaction<'_>,
    id: DocumentId,
    seq: i64,
) -> rusqlite::Result<()> {
    let Some(document) = read::stored_document(transaction, id).map_err(to_sqlite)? else {
        return Ok(());
    };
    let record = serde_json::to_string(&document)
        .map_err(|error| to_sqlite(ReadError::Record(error.to_string())))?;
    transaction
        .prepare_cached(
            "INSERT INTO parked_documents(id, parked_by, record) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET parked_by = excluded.parked_by, record = excluded.record",
        )?
        .execute(params![id.to_string(), seq, record])?;
    Ok(())
}

/// Moves coding `id` into `parked_codings` under step `seq`, before its row is deleted.
pub fn park_coding(transaction: &Transaction<'_>, id: CodingId, seq: i64) -> rusqlite::Result<()> {
    let Some(coding) = read::stored_coding(transaction, id).map_err(to_sqlite)? else {
        return Ok(());
    };
    let record = serde_json::to_string(&coding)
        .map_err(|error| to_sqlite(ReadError::Record(error.to_string())))?;
    transaction
        .prepare_cached(
            "INSERT INTO parked_codings(id, document_id, parked_by, record) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id,
               parked_by = excluded.parked_by, record = excluded.record",
        )?
        .execute(params![
            id.to_string(),
            coding.document.to_string(),
            seq,
            record
        ])?;
    Ok(())
}

/// Forgets the parked copies of records that are back in their tables.
pub fn unpark(transaction: &Transaction<'_>, table: &str, id: &str) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute([id])?;
    Ok(())
}

/// Forgets the records parked by the undone steps about to be dropped: no
/// step is left that could bring them back.
pub fn drop_undone(transaction: &Transaction<'_>) -> rusqlite::Result<()> {
    for table in ["parked_documents", "parked_codings"] {
        transaction.execute(
            &format!(
                "DELETE FROM {table} WHERE parked_by IN (SELECT seq FROM history WHERE undone = 1)"
            ),
            [],
        )?;
    }
    Ok(())
}

fn to_sqlite(error: ReadError) -> rusqlite::Error {
    match error {
        ReadError::Sqlite(error) => error,
        ReadError::Record(message) => rusqlite::Error::ToSqlConversionFailure(message.into()),
    }
}
