//! Opening, creating and checking a project file, and the transaction that
//! writes one applied command with its history and journal rows.

use crate::edit::{Command, History, Touched};
use crate::model::Project;
use crate::store::lock::{LockHolder, ProjectLock};
use crate::store::parked::StoredForward;
use crate::store::read::CodingsOf;
use crate::store::schema::{APPLICATION_ID, MIGRATIONS, READABLE_FROM, SCHEMA_VERSION};
use crate::store::server::{ServerError, is_shared_url};
use crate::store::shared::{Link, Outgoing};
use crate::store::{parked, read, write};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// Why a project file could not be opened, read or written. Messages name the
/// file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} does not exist; create a project with `polyphony new {path}`")]
    Missing { path: String },
    #[error("{path} already exists; choose another name or open it instead")]
    AlreadyExists { path: String },
    #[error("{path} is not a Polyphony project ({reason}); it was left untouched")]
    NotAProject { path: String, reason: String },
    #[error(
        "{path} was written by a newer Polyphony (project schema {found}; this version reads up to {supported}); update Polyphony to open it. The file was left untouched"
    )]
    TooNew {
        path: String,
        found: i32,
        supported: i32,
    },
    #[error(
        "{path} is damaged ({detail}); it was left untouched. Restore it from a backup, or copy it and try `sqlite3 {path} .recover`"
    )]
    Corrupt { path: String, detail: String },
    #[error("{path} is open for writing by {holder}; close it there first, or open it read-only")]
    Locked { path: String, holder: String },
    #[error(
        "this project was opened read-only; close the other window or process and open it again to make changes"
    )]
    ReadOnly,
    #[error("the project file holds a record that cannot be read: {0}")]
    BadRecord(String),
    #[error("could not use the project file {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(
        "{path} is this computer's copy of the shared project {url}; open {url} instead (write `polyphony clone {url} FILE` for a file of your own)"
    )]
    Replica { path: String, url: String },
    #[error(
        "{0} is a shared project on a server; publish a project file to it with `polyphony publish FILE URL`, or open it"
    )]
    CreateShared(String),
    #[error("could not use {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Whether to take the write lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    ReadWrite,
    ReadOnly,
}

/// How much of a file is checked for damage when it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every page (`PRAGMA quick_check`), before anything is written: for
    /// whole-project commands, which read most of the file anyway.
    WholeFile,
    /// The header, identity and schema version now, and each page when it is
    /// read (SQLite refuses a damaged page and the transaction that read it
    /// rolls back): for a command that touches a few records, whose cost would
    /// otherwise grow with the size of the file, and for the window, which
    /// reads the texts (most of the file) as it shows them.
    PagesRead,
}

/// What a journal row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalAction {
    Do,
    Undo,
    Redo,
}

impl JournalAction {
    fn as_str(self) -> &'static str {
        match self {
            JournalAction::Do => "do",
            JournalAction::Undo => "undo",
            JournalAction::Redo => "redo",
        }
    }
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JournalRow {
    pub seq: i64,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub coder: String,
    pub action: String,
    pub label: String,
    pub detail: String,
}

/// A command just applied in memory, as the file records it.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The words the journal and Undo menu use.
    pub label: &'a str,
    /// What the journal says of the command that was applied (for an undo,
    /// the inverse): [`Command::journal_detail`], taken before it was applied.
    pub journal_detail: &'a str,
    /// The records it touched, to be rewritten.
    pub touched: &'a [Touched],
    /// Who applied it.
    pub coder: &'a str,
    /// Why, in the researcher's words (may be empty); kept with the theme
    /// versions the change makes.
    pub reason: &'a str,
    /// The complete command as JSON, for a shared project's journal, whose
    /// other members apply it (`None` for a file, which keeps only `journal_detail`).
    pub command: Option<&'a str>,
}

/// An open project file.
#[derive(Debug)]
pub struct ProjectFile {
    pub(super) connection: Connection,
    pub(super) path: PathBuf,
    lock: Option<ProjectLock>,
    /// The schema the file had before this opening upgraded it, if it did.
    upgraded_from: Option<i32>,
    /// For the replica of a shared project, its server.
    pub(super) shared: Option<Link>,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl ProjectFile {
    /// Creates a new, empty project file. Refuses to overwrite anything.
    pub fn create(path: &Path) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        if is_shared_url(&shown) {
            return Err(StoreError::CreateShared(shown));
        }
        if path.exists() {
            return Err(StoreError::AlreadyExists { path: shown });
        }
        let lock = match ProjectLock::acquire(path).map_err(|source| io(path, source))? {
            Ok(lock) => lock,
            Err(LockHolder(holder)) => {
                return Err(StoreError::Locked {
                    path: shown,
                    holder,
                });
            }
        };
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| sql(path, source))?;
        let mut file = Self {
            connection,
            path: path.to_owned(),
            lock: Some(lock),
            upgraded_from: None,
            shared: None,
        };
        file.configure()?;
        file.migrate(0)?;
        // The migrations leave free pages behind (dropped columns); a new file
        // starts without them.
        file.connection
            .execute_batch("VACUUM")
            .map_err(|source| sql(path, source))?;
        let created = crate::clock::now_ms();
        file.connection
            .execute(
                "INSERT INTO meta(key, value) VALUES ('created_at', ?1), ('text_generation', '0')",
                params![created.to_string()],
            )
            .map_err(|source| sql(path, source))?;
        Ok(file)
    }

    /// Opens an existing project, checking that it is one, that this build can
    /// read it, and that it is not damaged, before anything is written to it.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        Self::open_checking(path, mode, Check::WholeFile)
    }

    /// [`Self::open`], checking as much of the file as `check` says.
    pub fn open_checking(path: &Path, mode: OpenMode, check: Check) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        if is_shared_url(&shown) {
            return Self::open_shared(&shown);
        }
        let file = Self::open_file(path, mode, check)?;
        // A replica written to as a file would part from its server unseen.
        if let Some(url) = file.meta("shared:url")? {
            return Err(StoreError::Replica { path: shown, url });
        }
        Ok(file)
    }

    /// Opens a file, replica or not.
    pub(super) fn open_file(path: &Path, mode: OpenMode, check: Check) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Err(StoreError::Missing { path: shown });
        }
        if path.is_dir() {
            return Err(StoreError::NotAProject {
                path: shown,
                reason: "it is a folder; name the .polyphony file inside it".to_owned(),
            });
        }
        check_header(path)?;
        let version = inspect(path, check)?;
        let lock = match mode {
            OpenMode::ReadOnly => None,
            OpenMode::ReadWrite => {
                match ProjectLock::acquire(path).map_err(|source| io(path, source))? {
                    Ok(lock) => Some(lock),
                    Err(LockHolder(holder)) => {
                        return Err(StoreError::Locked {
                            path: shown,
                            holder,
                        });
                    }
                }
            }
        };
        // A connection is used by one thread at a time (rusqlite's is not
        // `Sync`), so SQLite need not lock a mutex around every column read,
        // which cost a sixth of reading the outline.
        let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
            | match mode {
                OpenMode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
                OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            };
        let connection =
            Connection::open_with_flags(path, flags).map_err(|source| sql(path, source))?;
        // A command that reads a few records, and the window, read long texts
        // through overflow pages; mapping the file reads them without a system
        // call per page. A whole opening (an import) would only hold the mapped
        // pages in memory as well as the project.
        if check == Check::PagesRead {
            connection
                .execute_batch("PRAGMA mmap_size = 1073741824;")
                .map_err(|source| sql(path, source))?;
        }
        let mut file = Self {
            connection,
            path: path.to_owned(),
            lock,
            upgraded_from: None,
            shared: None,
        };
        if mode == OpenMode::ReadWrite {
            file.configure()?;
            if version < SCHEMA_VERSION {
                file.migrate(version)?;
                file.upgraded_from = Some(version);
            }
        } else if version < READABLE_FROM {
            return Err(StoreError::NotAProject {
                path: shown,
                reason: format!(
                    "it uses the older project schema {version}; open it once for writing so it can be upgraded"
                ),
            });
        }
        Ok(file)
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this opening upgraded the file from, if it did.
    #[must_use]
    pub fn upgraded_from(&self) -> Option<i32> {
        self.upgraded_from
    }

    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Reads the whole project and the labels of its undo timeline.
    pub fn load(&self) -> Result<(Project, History), StoreError> {
        let project = read::project(&self.connection).map_err(|error| self.wrap(error))?;
        let history = read::history(&self.connection).map_err(|error| self.wrap(error))?;
        Ok((project, history))
    }

    /// The project without its documents' texts (see
    /// [`read::project_without_texts`]), and the labels of its undo timeline.
    pub fn load_without_texts(&self) -> Result<(Project, History), StoreError> {
        let project =
            read::project_without_texts(&self.connection).map_err(|error| self.wrap(error))?;
        let history = read::history(&self.connection).map_err(|error| self.wrap(error))?;
        Ok((project, history))
    }

    /// The project's outline: everything but document bodies and codings (see
    /// [`read::outline`]), and the labels of its undo timeline.
    pub fn load_outline(&self) -> Result<(Project, History), StoreError> {
        let project = read::outline(&self.connection).map_err(|error| self.wrap(error))?;
        let history = read::history(&self.connection).map_err(|error| self.wrap(error))?;
        Ok((project, history))
    }

    /// Fills in the texts, turns and pages of documents `ids` of an outline.
    pub fn load_bodies(
        &self,
        project: &mut Project,
        ids: impl IntoIterator<Item = crate::model::DocumentId>,
    ) -> Result<(), StoreError> {
        read::bodies(&self.connection, project, ids).map_err(|error| self.wrap(error))
    }

    /// Reads the codings `which` names into `project`.
    pub fn load_codings(&self, project: &mut Project, which: CodingsOf) -> Result<(), StoreError> {
        read::codings(&self.connection, project, which).map_err(|error| self.wrap(error))
    }

    /// How many turns and codings each document has, and its speaker labels.
    pub fn document_counts(
        &self,
    ) -> Result<
        std::collections::BTreeMap<crate::model::DocumentId, read::DocumentCounts>,
        StoreError,
    > {
        read::document_counts(&self.connection).map_err(|error| self.wrap(error))
    }

    /// The text of each char range of a document, and the turn its start is in.
    pub fn passages(
        &self,
        ranges: &[(crate::model::DocumentId, usize, usize)],
    ) -> Result<Vec<Option<read::Passage>>, StoreError> {
        read::passages(&self.connection, ranges).map_err(|error| self.wrap(error))
    }

    /// The documents imported from PDF, which alone have pages.
    pub fn paged_documents(
        &self,
    ) -> Result<std::collections::BTreeSet<crate::model::DocumentId>, StoreError> {
        read::paged_documents(&self.connection).map_err(|error| self.wrap(error))
    }

    /// The pages of a document imported from PDF.
    pub fn pages_of(
        &self,
        id: crate::model::DocumentId,
    ) -> Result<Vec<crate::model::Page>, StoreError> {
        read::pages_of(&self.connection, id).map_err(|error| self.wrap(error))
    }

    /// The ids of up to `limit` codings whose id starts with `prefix`.
    pub fn coding_ids_starting_with(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<crate::model::CodingId>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id FROM codings WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT ?2",
            )
            .map_err(|source| sql(&self.path, source))?;
        let ids = statement
            .query_map(
                params![
                    prefix.to_lowercase(),
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
                |row| row.get::<_, String>(0),
            )
            .and_then(Iterator::collect::<Result<Vec<String>, _>>)
            .map_err(|source| sql(&self.path, source))?;
        ids.iter()
            .map(|id| {
                id.parse()
                    .map_err(|_| StoreError::BadRecord(format!("coding id {id:?} is not valid")))
            })
            .collect()
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|source| sql(&self.path, source))
    }

    /// Sets a value in the `meta` table (settings that are not project content,
    /// such as the last coder; not journalled).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.connection
            .execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|source| sql(&self.path, source))
    }

    /// Writes a newly applied command: its records, a history step (dropping any
    /// redo branch) if it is undoable (has a `forward` form), and a journal row,
    /// in one durable transaction. Returns the history step's number.
    pub fn record_do(
        &mut self,
        project: &Project,
        change: &Change<'_>,
        forward: Option<&StoredForward>,
        inverse: &Command,
    ) -> Result<Option<i64>, StoreError> {
        let Change {
            label,
            journal_detail,
            touched,
            coder,
            reason,
            command: _,
        } = *change;
        let undoable = forward.is_some();
        self.writable()?;
        let path = self.path.clone();
        // Records the step removes are parked, not copied into it.
        let (forward_json, inverse_json) = match forward {
            Some(forward) => forward.with_inverse(inverse),
            None => (String::new(), String::new()),
        };
        let transaction = self
            .connection
            .transaction()
            .map_err(|source| sql(&path, source))?;
        if self.shared.is_some() {
            Link::start_capture(&transaction).map_err(|source| sql(&path, source))?;
        }
        let seq = (|| {
            let seq = if undoable {
                parked::drop_undone(&transaction)?;
                transaction.execute(
                    "DELETE FROM history_steps WHERE seq IN (SELECT seq FROM history WHERE undone = 1)",
                    [],
                )?;
                transaction.execute("DELETE FROM history WHERE undone = 1", [])?;
                transaction
                    .prepare_cached("INSERT INTO history(label) VALUES (?1)")?
                    .execute(params![label])?;
                let seq = transaction.last_insert_rowid();
                transaction
                    .prepare_cached(
                        "INSERT INTO history_steps(seq, forward, inverse) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![seq, forward_json, inverse_json])?;
                Some(seq)
            } else {
                None
            };
            write::touched(&transaction, project, touched, seq.unwrap_or(0))?;
            let action = JournalAction::Do.as_str();
            write::theme_versions(&transaction, project, touched, coder, action, label, reason)?;
            write::journal(
                &transaction,
                coder,
                action,
                label,
                seq.unwrap_or(0),
                journal_detail,
            )?;
            Ok::<Option<i64>, rusqlite::Error>(seq)
        })()
        .map_err(|source| sql(&path, source))?;
        if let Some(link) = self.shared.as_mut() {
            link.send_step(
                &transaction,
                &Outgoing {
                    coder,
                    action: JournalAction::Do.as_str(),
                    label,
                    history_seq: seq.unwrap_or(0),
                    detail: journal_detail,
                    command: change.command,
                },
            )?;
        }
        transaction.commit().map_err(|source| sql(&path, source))?;
        Ok(seq)
    }

    /// The command that redoes history step `seq` (`redo`), or that undoes it,
    /// with the records it puts back read from where they were parked. Each
    /// can be read only when it can be applied: the one that undoes a step
    /// while it is done, the one that redoes it while it is undone.
    pub fn history_command(&self, seq: i64, redo: bool) -> Result<Command, StoreError> {
        let column = if redo { "forward" } else { "inverse" };
        let text: String = self
            .connection
            .query_row(
                &format!("SELECT {column} FROM history_steps WHERE seq = ?1"),
                [seq],
                |row| row.get(0),
            )
            .map_err(|source| sql(&self.path, source))?;
        parked::read_step(&self.connection, seq, &text).map_err(|error| self.wrap(error))
    }

    /// Writes an undo (`undone = true`) or redo of history step `seq`, with the
    /// records the inverse or forward command touched, in one transaction.
    pub fn record_undo_redo(
        &mut self,
        project: &Project,
        seq: i64,
        undone: bool,
        change: &Change<'_>,
    ) -> Result<(), StoreError> {
        let Change {
            label,
            journal_detail,
            touched,
            coder,
            reason,
            command: _,
        } = *change;
        self.writable()?;
        let path = self.path.clone();
        let action = if undone {
            JournalAction::Undo
        } else {
            JournalAction::Redo
        };
        let transaction = self
            .connection
            .transaction()
            .map_err(|source| sql(&path, source))?;
        if self.shared.is_some() {
            Link::start_capture(&transaction).map_err(|source| sql(&path, source))?;
        }
        (|| {
            transaction.execute(
                "UPDATE history SET undone = ?1 WHERE seq = ?2",
                params![undone, seq],
            )?;
            write::touched(&transaction, project, touched, seq)?;
            write::theme_versions(
                &transaction,
                project,
                touched,
                coder,
                action.as_str(),
                label,
                reason,
            )?;
            write::journal(
                &transaction,
                coder,
                action.as_str(),
                label,
                seq,
                journal_detail,
            )
        })()
        .map_err(|source| sql(&path, source))?;
        if let Some(link) = self.shared.as_mut() {
            link.send_step(
                &transaction,
                &Outgoing {
                    coder,
                    action: action.as_str(),
                    label,
                    history_seq: seq,
                    detail: journal_detail,
                    command: change.command,
                },
            )?;
        }
        transaction.commit().map_err(|source| sql(&path, source))
    }

    /// Every version of theme `theme`, oldest first.
    pub fn theme_versions(
        &self,
        theme: crate::model::ThemeId,
    ) -> Result<Vec<crate::model::ThemeVersion>, StoreError> {
        read::theme_versions(&self.connection, theme).map_err(|error| match error {
            read::ReadError::Sqlite(source) => sql(&self.path, source),
            read::ReadError::Record(message) => StoreError::BadRecord(message),
        })
    }

    /// The journal, oldest first.
    pub fn journal(&self) -> Result<Vec<JournalRow>, StoreError> {
        read::journal(&self.connection).map_err(|source| sql(&self.path, source))
    }

    /// A number that changes whenever any document's text is added or removed;
    /// the search index remembers the one it was built for.
    pub fn text_generation(&self) -> Result<u64, StoreError> {
        Ok(self
            .meta("text_generation")?
            .and_then(|value| value.parse().ok())
            .unwrap_or(0))
    }

    pub(super) fn writable(&self) -> Result<(), StoreError> {
        if self.lock.is_none() {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }

    fn wrap(&self, error: read::ReadError) -> StoreError {
        match error {
            read::ReadError::Sqlite(source) => sql(&self.path, source),
            read::ReadError::Record(detail) => StoreError::BadRecord(detail),
        }
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        // WAL with synchronous=FULL: a commit is on disk when it returns, and a
        // reader never blocks the writer.
        self.connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;",
            )
            .map_err(|source| sql(&self.path, source))
    }

    fn migrate(&mut self, from: i32) -> Result<(), StoreError> {
        let path = self.path.clone();
        // A migration may rebuild a table that others refer to (see schema 4);
        // SQLite asks for foreign keys to be off meanwhile, and checked at the end.
        self.connection
            .execute_batch("PRAGMA foreign_keys = OFF;")
            .map_err(|source| sql(&path, source))?;
        let migrated = (|| {
            let transaction = self.connection.transaction()?;
            let start = usize::try_from(from).unwrap_or(0);
            for migration in &MIGRATIONS[start.min(MIGRATIONS.len())..] {
                transaction.execute_batch(migration)?;
            }
            transaction.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
            ))?;
            let broken: Option<String> = transaction
                .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("the upgrade would leave rows of {table} pointing at nothing").into(),
                ));
            }
            transaction.commit()
        })();
        let restored = self.connection.execute_batch("PRAGMA foreign_keys = ON;");
        migrated.map_err(|source| sql(&path, source))?;
        restored.map_err(|source| sql(&path, source))
    }
}

/// Refuses files that are not SQLite at all, without opening them through SQLite.
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| io(path, source))?;
    let read = file.read(&mut header).map_err(|source| io(path, source))?;
    if read == 0 {
        return Err(StoreError::NotAProject {
            path: shown,
            reason: "the file is empty".to_owned(),
        });
    }
    if read < 16 || &header != SQLITE_MAGIC {
        return Err(StoreError::NotAProject {
            path: shown,
            reason: "it is not a SQLite database".to_owned(),
        });
    }
    Ok(())
}

/// Reads the identity and schema version through a read-only connection and
/// checks the file's integrity. Returns the schema version.
fn inspect(path: &Path, check: Check) -> Result<i32, StoreError> {
    let shown = path.display().to_string();
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| sql(path, source))?;
    let corrupt = |error: rusqlite::Error| StoreError::Corrupt {
        path: shown.clone(),
        detail: error.to_string(),
    };
    let application_id: i32 = connection
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(corrupt)?;
    let version: i32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(corrupt)?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotAProject {
            path: shown,
            reason: "it is a SQLite database made by another program".to_owned(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if check == Check::PagesRead {
        return Ok(version);
    }
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(corrupt)?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: verdict,
        });
    }
    Ok(version)
}

pub(super) fn sql(path: &Path, source: rusqlite::Error) -> StoreError {
    // A damaged page found while reading (see `Check::PagesRead`) is said as
    // damage, with what to do, not as a database error.
    if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) {
        return StoreError::Corrupt {
            path: path.display().to_string(),
            detail: source.to_string(),
        };
    }
    StoreError::Sqlite {
        path: path.display().to_string(),
        source,
    }
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}
