//! The project file's tables, and the migrations that bring an older file up to
//! the current schema.
//!
//! The schema is documented for researchers in `docs/schema.md`; keep the two
//! together. Each migration takes the file from version `n` to `n + 1` and runs
//! inside the transaction that opens it.

/// `PRAGMA application_id`: "Poly" in ASCII, so other SQLite files are told apart.
pub const APPLICATION_ID: i32 = 0x506F_6C79;

/// The schema this build writes, stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i32 = 6;

/// The oldest schema a read-only opening reads as it is, without the upgrade
/// only a writer may make: schema 5 added an index and nothing a reader sees.
pub const READABLE_FROM: i32 = 4;

/// `MIGRATIONS[n]` brings a file at version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6,
];

const SCHEMA_V1: &str = r"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    format      TEXT NOT NULL,
    source_file TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    char_count  INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE TABLE turns (
    document_id    TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    turn_index     INTEGER NOT NULL,
    speaker        TEXT NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    time_ms        INTEGER,
    is_interviewer INTEGER NOT NULL,
    PRIMARY KEY (document_id, turn_index)
);
CREATE TABLE document_attributes (
    document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (document_id, name)
);
CREATE TABLE participants (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    is_interviewer INTEGER NOT NULL
);
CREATE TABLE participant_attributes (
    participant_id TEXT NOT NULL REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
    name           TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (participant_id, name)
);
CREATE TABLE speakers (
    document_id    TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    speaker        TEXT NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (document_id, speaker)
);
CREATE TABLE coders (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE codes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
    color       TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE codings (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    code_id     TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
    coder_id    TEXT NOT NULL REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    memo        TEXT NOT NULL
);
CREATE INDEX codings_by_document ON codings(document_id, start_char);
CREATE INDEX codings_by_code ON codings(code_id);
CREATE TABLE themes (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    concept    TEXT NOT NULL,
    definition TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('candidate', 'reviewed', 'final', 'discarded')),
    parent_id  TEXT REFERENCES themes(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE theme_codes (
    theme_id TEXT NOT NULL REFERENCES themes(id) DEFERRABLE INITIALLY DEFERRED,
    code_id  TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (theme_id, code_id)
);
CREATE TABLE theme_quotes (
    theme_id  TEXT NOT NULL REFERENCES themes(id) DEFERRABLE INITIALLY DEFERRED,
    coding_id TEXT NOT NULL REFERENCES codings(id) DEFERRABLE INITIALLY DEFERRED,
    position  INTEGER NOT NULL,
    PRIMARY KEY (theme_id, coding_id)
);
CREATE TABLE memos (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE comments (
    id                TEXT PRIMARY KEY,
    author            TEXT NOT NULL,
    target_kind       TEXT NOT NULL,
    target_id         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    body              TEXT NOT NULL,
    reply_to          TEXT REFERENCES comments(id) DEFERRABLE INITIALLY DEFERRED,
    created_at        INTEGER NOT NULL,
    resolution        TEXT,
    resolution_reason TEXT,
    resolved_by       TEXT,
    resolved_at       INTEGER
);
CREATE TABLE history (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    label   TEXT NOT NULL,
    forward TEXT NOT NULL,
    inverse TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    coder       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('do', 'undo', 'redo')),
    label       TEXT NOT NULL,
    history_seq INTEGER NOT NULL,
    detail      TEXT NOT NULL
);
";

/// Version 2: every state a theme has been in (its name, concept, definition,
/// status, parent and codes), with when, by whom and why (rows outlive the
/// theme: no foreign key, so a deleted theme's history can still be read);
/// and where the researcher placed the thematic map's nodes.
const SCHEMA_V2: &str = r"
CREATE TABLE theme_versions (
    theme_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    coder    TEXT NOT NULL,
    action   TEXT NOT NULL,
    label    TEXT NOT NULL,
    reason   TEXT NOT NULL,
    state    TEXT,
    PRIMARY KEY (theme_id, version)
);
CREATE TABLE map_positions (
    node_kind TEXT NOT NULL CHECK (node_kind IN ('theme', 'code')),
    node_id   TEXT NOT NULL,
    x         INTEGER NOT NULL,
    y         INTEGER NOT NULL,
    PRIMARY KEY (node_kind, node_id)
);
";

/// Version 3: the recording linked to a document; the pages of documents imported
/// from PDF, as char ranges, so quotes can be cited by page; and project-wide
/// settings (such as whether interviewer role labels are one person across
/// documents).
const SCHEMA_V3: &str = r"
ALTER TABLE documents ADD COLUMN media TEXT;
CREATE TABLE document_pages (
    document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    page_number INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (document_id, page_number)
);
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// Version 4: what a command or a listing needs, without reading what it does not.
/// A history step's commands move out of `history` into `history_steps`, so that
/// reading the undo timeline's labels no longer walks every step's JSON (SQLite
/// reads a row's columns in order, through its overflow pages); and each document
/// keeps its turn count and its speaker labels in order of first appearance, so
/// that listing documents reads no turns. The documents table is rebuilt with
/// `text` last: SQLite reads a row's columns in order, so a column after a long
/// text costs a walk through the text's overflow pages (keep `text` last when
/// adding columns). The rebuild runs with foreign keys off, as SQLite's
/// procedure for changing a table asks, and is checked before it commits. Removed documents and codings are
/// parked, under the step that removed them, for the step that may bring them
/// back, so that history steps name them instead of copying them (see
/// `store/parked.rs`). Turns are indexed by where they end, so that the turn
/// holding a quote is found without walking the document's turns.
const SCHEMA_V4: &str = r"
CREATE TABLE history_steps (
    seq     INTEGER PRIMARY KEY,
    forward TEXT NOT NULL,
    inverse TEXT NOT NULL
);
CREATE TABLE parked_documents (
    id        TEXT PRIMARY KEY,
    parked_by INTEGER NOT NULL,
    record    TEXT NOT NULL
);
CREATE TABLE parked_codings (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    parked_by   INTEGER NOT NULL,
    record      TEXT NOT NULL
);
CREATE INDEX parked_codings_by_document ON parked_codings(document_id, parked_by);
CREATE INDEX turns_by_end ON turns(document_id, end_char);
INSERT INTO history_steps(seq, forward, inverse) SELECT seq, forward, inverse FROM history;
ALTER TABLE history DROP COLUMN forward;
ALTER TABLE history DROP COLUMN inverse;
CREATE TABLE documents_v4 (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    format         TEXT NOT NULL,
    source_file    TEXT NOT NULL,
    encoding       TEXT NOT NULL,
    imported_at    INTEGER NOT NULL,
    char_count     INTEGER NOT NULL,
    media          TEXT,
    turn_count     INTEGER NOT NULL DEFAULT 0,
    speaker_labels TEXT NOT NULL DEFAULT '[]',
    text           TEXT NOT NULL
);
INSERT INTO documents_v4(id, name, format, source_file, encoding, imported_at, char_count, media, text)
    SELECT id, name, format, source_file, encoding, imported_at, char_count, media, text FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;
UPDATE documents SET
    turn_count = (SELECT count(*) FROM turns WHERE turns.document_id = documents.id),
    speaker_labels = (
        SELECT json_group_array(speaker ORDER BY first) FROM (
            SELECT speaker, min(turn_index) AS first FROM turns
            WHERE turns.document_id = documents.id
            GROUP BY speaker
        )
    );
";

/// Schema 5: every column of `documents` but the text, in an index of its own.
/// A document's row holds its text, so each row fills a page of its own and
/// listing 1,000 documents read 1,000 pages (7 ms, and 54 MB mapped, before
/// a command had done anything); SQLite reads a query that names no text from
/// this covering index instead, which fits in a few dozen pages. And turns by
/// where they end now in turn order too, so that finding the turn that holds
/// a quote is one step down the index, with no sort of its own.
const SCHEMA_V5: &str = r"
CREATE INDEX documents_outline ON documents(
    id, name, format, source_file, encoding, imported_at, char_count, media, turn_count,
    speaker_labels
);
DROP INDEX turns_by_end;
CREATE INDEX turns_by_end ON turns(document_id, end_char, turn_index);
";

/// Version 6: the pseudonym key, when it is kept in the project: each real term
/// with its category, its replacement and the spellings the user added (a JSON
/// array of strings). A file of schema 5 read without upgrading has no key.
const SCHEMA_V6: &str = r"
CREATE TABLE pseudonyms (
    real        TEXT PRIMARY KEY NOT NULL,
    replacement TEXT NOT NULL,
    category    TEXT NOT NULL CHECK (category IN
        ('participant', 'person', 'place', 'organisation', 'service', 'date', 'contact')),
    variants    TEXT NOT NULL DEFAULT '[]'
);
";
