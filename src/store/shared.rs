//! A shared project: the tables, roles and journal trigger `publish` puts on
//! a PostgreSQL database, `clone` back to a file, and the link through which
//! a local replica file follows the server and sends its own steps to it.
//!
//! Each client works on a replica: an ordinary project file in the user's
//! cache folder, so reading is the file's code and costs what it costs for a
//! file. A step is written under the project's advisory lock: the client
//! first copies the rows of every step it missed and applies their commands,
//! then applies its own, and sends the rows it changed (captured by temporary
//! triggers) with its journal row in one server transaction. The server's
//! journal trigger checks each step against its author's role and numbers it.

use super::rows::{self, Cell, RowError, ServerStatements, Shape};
use super::server::{APPLICATION, ServerError, SharedUrl};
use crate::edit::Command;
use postgres::Client;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::ToSql;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a member may do. The server knows it from the login's group role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reviewer,
    Coder,
    Lead,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Lead, Role::Coder, Role::Reviewer];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Coder => "coder",
            Role::Reviewer => "reviewer",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of command (their JSON tags) each role below lead may journal.
/// A lead may journal any. Undoing one's own step journals its inverse, which
/// is in the same list.
const REVIEWER_KINDS: &[&str] = &["add_coder", "add_comment", "remove_comment"];
const CODER_KINDS: &[&str] = &[
    "add_coder",
    "add_comment",
    "remove_comment",
    "resolve_comment",
    "add_coding",
    "remove_coding",
    "update_coding",
    "create_memo",
    "update_memo",
    "remove_memo",
];

/// The project's identity on the server, from its `meta` table.
#[derive(Debug, Clone)]
pub struct ServerProject {
    pub project: String,
    /// The group roles are `{role_prefix}_lead`, `_coder` and `_reviewer`.
    pub role_prefix: String,
    pub lock_key: i64,
    pub channel: String,
}

impl ServerProject {
    pub fn read(client: &mut Client, url: &SharedUrl) -> Result<Self, ServerError> {
        let rows = client
            .query("SELECT key, value FROM meta", &[])
            .map_err(|error| failed(url, &error))?;
        let value = |key: &str| {
            rows.iter()
                .find(|row| row.get::<_, String>(0) == key)
                .map(|row| row.get::<_, String>(1))
                .ok_or_else(|| ServerError::NotAProject {
                    url: url.to_string(),
                    reason: format!("its meta table has no {key}"),
                })
        };
        Ok(Self {
            project: value("project")?,
            role_prefix: value("role_prefix")?,
            lock_key: value("lock_key")?
                .parse()
                .map_err(|_| ServerError::NotAProject {
                    url: url.to_string(),
                    reason: "its lock key is not a number".to_owned(),
                })?,
            channel: value("channel")?,
        })
    }

    #[must_use]
    pub fn group_role(&self, role: Role) -> String {
        format!("{}_{}", self.role_prefix, role.as_str())
    }
}

fn failed(url: &SharedUrl, error: &postgres::Error) -> ServerError {
    server_error(url, error)
}

/// Turns a server error into the plain words the user reads: a refusal of
/// the role, a lost connection, or the server's own message.
#[must_use]
pub fn server_error(url: &SharedUrl, error: &postgres::Error) -> ServerError {
    if error.is_closed() || (error.as_db_error().is_none() && error.code().is_none()) {
        return ServerError::Lost {
            server: url.server(),
        };
    }
    let message = error
        .as_db_error()
        .map_or_else(|| error.to_string(), |db| db.message().to_owned());
    match error.code() {
        Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => ServerError::NotAllowed {
            user: url.user().to_owned(),
            detail: match message.strip_prefix("permission denied for table ") {
                // A table's grant refused it before the journal's check could.
                Some(table) => format!(
                    "{}'s role in this project does not let them change {}",
                    url.user(),
                    table.replace('_', " ")
                ),
                None => message.trim_start_matches("polyphony: ").to_owned(),
            },
        },
        Some(code)
            if *code == SqlState::ADMIN_SHUTDOWN
                || *code == SqlState::CRASH_SHUTDOWN
                || *code == SqlState::CANNOT_CONNECT_NOW =>
        {
            ServerError::Lost {
                server: url.server(),
            }
        }
        _ => ServerError::Failed {
            server: url.server(),
            detail: message,
        },
    }
}

fn row_error(url: &SharedUrl, error: RowError) -> ServerError {
    match error {
        RowError::Postgres(error) => server_error(url, &error),
        RowError::Sqlite(error) => ServerError::Failed {
            server: url.server(),
            detail: format!("the local copy: {error}"),
        },
        RowError::Record(detail) => ServerError::Failed {
            server: url.server(),
            detail,
        },
    }
}

/// What `publish` put on the server.
#[derive(Debug, Clone)]
pub struct Published {
    pub project: ServerProject,
    pub rows: Vec<(String, u64)>,
}

/// Puts the project held by `connection` onto the empty database at `url`:
/// its data tables and rows, its journal, the three group roles with the
/// publisher as lead, and the journal trigger, all in one transaction.
pub fn publish(
    connection: &rusqlite::Connection,
    url: &SharedUrl,
) -> Result<Published, ServerError> {
    let mut client = url.connect()?;
    let fail = |error: postgres::Error| server_error(url, &error);
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .map_err(fail)?
        .get(0);
    if tables > 0 {
        let reason = match url.inspect(&mut client) {
            Ok(_) => {
                "it already holds a Polyphony project; open it, or clone it with `polyphony clone`"
                    .to_owned()
            }
            Err(_) => format!(
                "it holds {tables} table{} of something else",
                if tables == 1 { "" } else { "s" }
            ),
        };
        return Err(ServerError::NotEmpty {
            url: url.to_string(),
            reason,
        });
    }
    let shapes = rows::shapes(connection).map_err(|error| ServerError::Failed {
        server: url.server(),
        detail: error.to_string(),
    })?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let project = ServerProject {
        role_prefix: format!("polyphony_{}", &id[..12]),
        // The first 15 hex digits fit a positive i64.
        lock_key: i64::from_str_radix(&id[..15], 16).unwrap_or(1),
        channel: format!("polyphony_{}", &id[..12]),
        project: id,
    };
    let mut transaction = client.transaction().map_err(fail)?;
    let mut ddl = String::new();
    for role in [Role::Reviewer, Role::Coder, Role::Lead] {
        ddl.push_str(&format!(
            "CREATE ROLE {} NOLOGIN;",
            project.group_role(role)
        ));
    }
    ddl.push_str(&format!(
        "GRANT {reviewer} TO {coder}; GRANT {coder} TO {lead};",
        reviewer = project.group_role(Role::Reviewer),
        coder = project.group_role(Role::Coder),
        lead = project.group_role(Role::Lead),
    ));
    for shape in &shapes {
        ddl.push_str(&shape.create_on_server());
        ddl.push(';');
    }
    ddl.push_str(
        "CREATE INDEX codings_by_document ON codings(document_id);
         CREATE INDEX codings_by_code ON codings(code_id);
         CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE journal (
             seq         BIGINT PRIMARY KEY,
             at          BIGINT NOT NULL,
             coder       TEXT NOT NULL,
             action      TEXT NOT NULL CHECK (action IN ('do', 'undo', 'redo')),
             label       TEXT NOT NULL,
             history_seq BIGINT NOT NULL,
             detail      TEXT NOT NULL,
             author      TEXT NOT NULL,
             author_role TEXT NOT NULL,
             command     JSONB,
             touched     JSONB NOT NULL DEFAULT '[]'
         );",
    );
    transaction.batch_execute(&ddl).map_err(fail)?;
    let mut counts = Vec::new();
    for shape in &shapes {
        let copied = copy_table_to_server(connection, &mut transaction, shape)
            .map_err(|error| row_error(url, error))?;
        counts.push((shape.table.clone(), copied));
    }
    copy_journal_to_server(connection, &mut transaction).map_err(|error| row_error(url, error))?;
    let meta: [(&str, String); 6] = [
        ("application", APPLICATION.to_owned()),
        ("schema_version", crate::store::SCHEMA_VERSION.to_string()),
        ("project", project.project.clone()),
        ("role_prefix", project.role_prefix.clone()),
        ("lock_key", project.lock_key.to_string()),
        ("channel", project.channel.clone()),
    ];
    for (key, value) in &meta {
        transaction
            .execute(
                "INSERT INTO meta(key, value) VALUES ($1, $2)",
                &[key, value],
            )
            .map_err(fail)?;
    }
    transaction
        .batch_execute(&server_rules(&project, &shapes))
        .map_err(fail)?;
    transaction.commit().map_err(fail)?;
    Ok(Published {
        project,
        rows: counts,
    })
}

/// The grants, the journal's trigger and the publisher's lead membership.
fn server_rules(project: &ServerProject, shapes: &[Shape]) -> String {
    let lead = project.group_role(Role::Lead);
    let coder = project.group_role(Role::Coder);
    let reviewer = project.group_role(Role::Reviewer);
    let all_tables: Vec<&str> = shapes
        .iter()
        .map(|shape| shape.table.as_str())
        .chain(["meta", "journal"])
        .collect();
    let quoted = |kinds: &[&str]| {
        kinds
            .iter()
            .map(|kind| format!("'{kind}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let data_tables: Vec<&str> = shapes.iter().map(|shape| shape.table.as_str()).collect();
    format!(
        r"
GRANT {lead} TO session_user WITH ADMIN OPTION;
GRANT {coder} TO session_user WITH ADMIN OPTION;
GRANT {reviewer} TO session_user WITH ADMIN OPTION;
GRANT SELECT ON {all} TO {reviewer};
GRANT INSERT ON journal TO {reviewer};
GRANT INSERT, UPDATE ON coders TO {reviewer};
GRANT INSERT, UPDATE, DELETE ON comments TO {reviewer};
GRANT INSERT, UPDATE, DELETE ON codings, memos TO {coder};
GRANT INSERT, UPDATE, DELETE ON {data} TO {lead};

CREATE FUNCTION {prefix}_command_kinds(command jsonb) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $kinds$
    WITH RECURSIVE walk(part) AS (
        SELECT command
        UNION ALL
        SELECT item FROM walk, jsonb_array_elements(walk.part -> 'batch' -> 'commands') AS item
        WHERE jsonb_typeof(walk.part) = 'object' AND walk.part ? 'batch'
    )
    SELECT CASE WHEN jsonb_typeof(part) = 'object' THEN key ELSE 'unknown' END
    FROM walk LEFT JOIN LATERAL jsonb_object_keys(
        CASE WHEN jsonb_typeof(part) = 'object' THEN part ELSE '{{}}'::jsonb END) AS key ON true
    WHERE key IS DISTINCT FROM 'batch'
$kinds$;

CREATE FUNCTION {prefix}_journal_step() RETURNS trigger
LANGUAGE plpgsql AS $step$
DECLARE
    member_role text;
    kind text;
BEGIN
    -- The same lock the clients take around a step: a row written by hand
    -- is numbered in the same order, with no gap.
    PERFORM pg_advisory_xact_lock({lock_key});
    IF pg_has_role(session_user, '{lead}', 'MEMBER') THEN
        member_role := 'lead';
    ELSIF pg_has_role(session_user, '{coder}', 'MEMBER') THEN
        member_role := 'coder';
    ELSIF pg_has_role(session_user, '{reviewer}', 'MEMBER') THEN
        member_role := 'reviewer';
    ELSE
        RAISE EXCEPTION 'polyphony: % is not a member of this project', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF member_role <> 'lead' THEN
        IF NEW.command IS NULL THEN
            RAISE EXCEPTION 'polyphony: a step must carry its command'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        FOR kind IN SELECT {prefix}_command_kinds(NEW.command) LOOP
            IF NOT kind = ANY (CASE member_role
                    WHEN 'coder' THEN ARRAY[{coder_kinds}]
                    ELSE ARRAY[{reviewer_kinds}] END) THEN
                RAISE EXCEPTION 'polyphony: % is a %, who may not %', session_user, member_role,
                    replace(kind, '_', ' ')
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END LOOP;
    END IF;
    NEW.author := session_user;
    NEW.author_role := member_role;
    NEW.seq := COALESCE((SELECT max(seq) FROM journal), 0) + 1;
    NEW.at := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    PERFORM pg_notify('{channel}', NEW.seq::text);
    RETURN NEW;
END
$step$;

CREATE TRIGGER journal_step BEFORE INSERT ON journal
    FOR EACH ROW EXECUTE FUNCTION {prefix}_journal_step();
",
        all = all_tables.join(", "),
        data = data_tables.join(", "),
        prefix = project.role_prefix,
        lock_key = project.lock_key,
        channel = project.channel,
        coder_kinds = quoted(CODER_KINDS),
        reviewer_kinds = quoted(REVIEWER_KINDS),
    )
}

fn copy_table_to_server(
    connection: &rusqlite::Connection,
    transaction: &mut postgres::Transaction<'_>,
    shape: &Shape,
) -> Result<u64, RowError> {
    let sink = transaction.copy_in(&format!(
        "COPY {} ({}) FROM STDIN BINARY",
        shape.table,
        shape.column_list()
    ))?;
    let types = shape.postgres_types();
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut statement = connection.prepare(&format!(
        "SELECT {} FROM main.{}",
        shape.column_list(),
        shape.table
    ))?;
    let mut cursor = statement.query([])?;
    while let Some(row) = cursor.next()? {
        let cells = shape
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                Cell::from_sqlite(row.get(index)?, column.integer).map_err(|detail| {
                    RowError::Record(format!("{}.{}: {detail}", shape.table, column.name))
                })
            })
            .collect::<Result<Vec<_>, RowError>>()?;
        let values: Vec<&(dyn ToSql + Sync)> = cells.iter().map(Cell::as_postgres).collect();
        writer.write(&values)?;
    }
    Ok(writer.finish()?)
}

/// The file's journal becomes the server's first steps, renumbered from 1.
/// They carry no command: they happened before the project was shared, and
/// no client applies them.
fn copy_journal_to_server(
    connection: &rusqlite::Connection,
    transaction: &mut postgres::Transaction<'_>,
) -> Result<(), RowError> {
    let statement = transaction.prepare(
        "INSERT INTO journal(seq, at, coder, action, label, history_seq, detail, author, author_role)
         VALUES ($1, $2, $3, $4, $5, 0, $6, session_user, 'lead')",
    )?;
    let mut query =
        connection.prepare("SELECT at, coder, action, label, detail FROM journal ORDER BY seq")?;
    let mut cursor = query.query([])?;
    let mut seq = 0_i64;
    while let Some(row) = cursor.next()? {
        seq += 1;
        let (at, coder, action, label, detail): (i64, String, String, String, String) = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        );
        transaction.execute(&statement, &[&seq, &at, &coder, &action, &label, &detail])?;
    }
    Ok(())
}

/// Copies every data row and the journal of the server into the new file
/// `connection` holds, in one snapshot of the server. Returns the last
/// journal step copied.
pub fn clone_into(
    client: &mut Client,
    url: &SharedUrl,
    connection: &mut rusqlite::Connection,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<i64, ServerError> {
    let fail = |error: postgres::Error| server_error(url, &error);
    let version = url.inspect(client)?;
    if version != crate::store::SCHEMA_VERSION {
        return Err(ServerError::OlderSchema {
            url: url.to_string(),
            found: version,
            ours: crate::store::SCHEMA_VERSION,
        });
    }
    let local = |error: rusqlite::Error| ServerError::Failed {
        server: url.server(),
        detail: format!("the local file: {error}"),
    };
    let shapes = rows::shapes(connection).map_err(local)?;
    let mut snapshot = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(fail)?;
    let sqlite = connection.transaction().map_err(local)?;
    let total = shapes.len();
    for (done, shape) in shapes.iter().enumerate() {
        progress(done, total);
        let select = format!("SELECT {} FROM {}", shape.column_list(), shape.table);
        let mut insert = sqlite.prepare(&shape.sqlite_upsert()).map_err(local)?;
        let mut stream = snapshot
            .query_raw(select.as_str(), std::iter::empty::<i32>())
            .map_err(fail)?;
        while let Some(row) =
            postgres::fallible_iterator::FallibleIterator::next(&mut stream).map_err(fail)?
        {
            let cells = shape.row_from_postgres(&row).map_err(fail)?;
            let values: Vec<rusqlite::types::Value> = cells.iter().map(Cell::to_sqlite).collect();
            insert
                .execute(rusqlite::params_from_iter(values))
                .map_err(local)?;
        }
    }
    let journal = snapshot
        .query(
            "SELECT seq, at, coder, action, label, history_seq, detail FROM journal ORDER BY seq",
            &[],
        )
        .map_err(fail)?;
    let mut last = 0;
    {
        let mut insert = sqlite
            .prepare(
                "INSERT INTO journal(seq, at, coder, action, label, history_seq, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
            )
            .map_err(local)?;
        for row in &journal {
            let seq: i64 = row.get(0);
            last = seq;
            insert
                .execute(params![
                    seq,
                    row.get::<_, i64>(1),
                    row.get::<_, String>(2),
                    row.get::<_, String>(3),
                    row.get::<_, String>(4),
                    row.get::<_, String>(6)
                ])
                .map_err(local)?;
        }
    }
    sqlite
        .execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_generation'",
            [],
        )
        .map_err(local)?;
    sqlite.commit().map_err(local)?;
    snapshot.commit().map_err(fail)?;
    progress(total, total);
    Ok(last)
}

/// Where the replica of project `project` for `user` lives: the user's
/// cache folder, one file per open (a second process takes the next).
#[must_use]
pub fn replica_path(project: &str, user: &str, number: usize) -> PathBuf {
    let base = std::env::var_os("POLYPHONY_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|dir| Path::new(&dir).join("polyphony")))
        .or_else(|| {
            std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache").join("polyphony"))
        })
        .unwrap_or_else(|| std::env::temp_dir().join("polyphony-cache"));
    let safe_user: String = user
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = if number <= 1 {
        format!("{safe_user}.polyphony")
    } else {
        format!("{safe_user}-{number}.polyphony")
    };
    base.join("shared").join(project).join(name)
}

/// A step another member made, as the journal holds it.
#[derive(Debug, Clone)]
pub struct RemoteStep {
    pub seq: i64,
    pub at: i64,
    pub coder: String,
    pub author: String,
    pub action: String,
    pub label: String,
    /// `None` for the steps made before the project was shared.
    pub command: Option<Command>,
}

/// One line of the server's journal, for the activity list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalStep {
    pub seq: i64,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub coder: String,
    pub action: String,
    pub label: String,
}

/// One of our own steps, as it is sent to the server.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub coder: &'a str,
    pub action: &'a str,
    pub label: &'a str,
    pub history_seq: i64,
    pub detail: &'a str,
    pub command: Option<&'a str>,
}

/// A replica's connection to its server.
pub struct Link {
    url: SharedUrl,
    client: Client,
    statements: ServerStatements,
    shapes: Vec<Shape>,
    project: ServerProject,
    role: Option<Role>,
    in_step: bool,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Link({}, {:?})", self.url, self.role)
    }
}

impl Link {
    pub fn new(
        url: SharedUrl,
        mut client: Client,
        connection: &rusqlite::Connection,
    ) -> Result<Self, ServerError> {
        let project = ServerProject::read(&mut client, &url)?;
        let shapes = rows::shapes(connection).map_err(|error| ServerError::Failed {
            server: url.server(),
            detail: error.to_string(),
        })?;
        rows::install_capture(connection, &shapes).map_err(|error| ServerError::Failed {
            server: url.server(),
            detail: error.to_string(),
        })?;
        let role =
            member_role(&mut client, &project).map_err(|error| server_error(&url, &error))?;
        Ok(Self {
            url,
            client,
            statements: ServerStatements::default(),
            shapes,
            project,
            role,
            in_step: false,
        })
    }

    #[must_use]
    pub fn url(&self) -> &SharedUrl {
        &self.url
    }

    #[must_use]
    pub fn project(&self) -> &ServerProject {
        &self.project
    }

    /// The user's role, or `None` for a login that is no member.
    #[must_use]
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    #[must_use]
    pub fn is_connected(&self) -> bool {
        !self.client.is_closed()
    }

    /// Connects again after the server was lost. Prepared statements are
    /// the old connection's, so they go with it.
    pub fn reconnect(&mut self) -> Result<(), ServerError> {
        if !self.client.is_closed() {
            return Ok(());
        }
        self.client = self.url.connect()?;
        self.statements = ServerStatements::default();
        self.in_step = false;
        Ok(())
    }

    fn fail(&self, error: &postgres::Error) -> ServerError {
        server_error(&self.url, error)
    }

    /// Opens a step: takes the project's write lock, then copies in what
    /// other members did since this replica last heard from the server.
    pub fn begin_step(
        &mut self,
        connection: &mut rusqlite::Connection,
    ) -> Result<Vec<RemoteStep>, ServerError> {
        self.reconnect()?;
        let lock_key = self.project.lock_key;
        let begun = self.client.batch_execute("BEGIN").and_then(|()| {
            self.client
                .execute("SELECT pg_advisory_xact_lock($1)", &[&lock_key])
        });
        if let Err(error) = begun {
            let error = self.fail(&error);
            self.abort();
            return Err(error);
        }
        self.in_step = true;
        match self.follow(connection) {
            Ok(steps) => Ok(steps),
            Err(error) => {
                self.abort();
                Err(error)
            }
        }
    }

    /// Copies in what other members did, without the write lock, in one
    /// snapshot: for a window told of a change, and for opening.
    pub fn catch_up(
        &mut self,
        connection: &mut rusqlite::Connection,
    ) -> Result<Vec<RemoteStep>, ServerError> {
        self.reconnect()?;
        if let Err(error) = self
            .client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        {
            return Err(self.fail(&error));
        }
        let followed = self.follow(connection);
        let ended = self.client.batch_execute(if followed.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        });
        let steps = followed?;
        ended.map_err(|error| self.fail(&error))?;
        Ok(steps)
    }

    /// Ends a step that will not be sent: the server forgets it.
    pub fn abort(&mut self) {
        if !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
        self.in_step = false;
    }

    #[must_use]
    pub fn in_step(&self) -> bool {
        self.in_step
    }

    fn follow(
        &mut self,
        connection: &mut rusqlite::Connection,
    ) -> Result<Vec<RemoteStep>, ServerError> {
        let server = self.url.server();
        let local = |error: rusqlite::Error| ServerError::Failed {
            server: server.clone(),
            detail: format!("the local copy: {error}"),
        };
        let seen: i64 = connection
            .query_row(
                "SELECT value FROM meta WHERE key = 'shared:seq'",
                [],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .map_err(local)?
            .and_then(|text| text.parse().ok())
            .unwrap_or(0);
        let rows = self
            .client
            .query(
                "SELECT seq, at, coder, action, label, detail, author, command::text, touched::text
                 FROM journal WHERE seq > $1 ORDER BY seq",
                &[&seen],
            )
            .map_err(|error| server_error(&self.url, &error))?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut keys = BTreeSet::new();
        let mut steps = Vec::with_capacity(rows.len());
        for row in &rows {
            let touched: String = row.get(8);
            for (table, key) in parse_touched(&touched) {
                keys.insert((table, key));
            }
            let command: Option<String> = row.get(7);
            let command = match command {
                Some(text) => Some(serde_json::from_str::<Command>(&text).map_err(|error| {
                    ServerError::Failed {
                        server: self.url.server(),
                        detail: format!(
                            "step {} of the journal is not a command this Polyphony knows ({error}); update Polyphony",
                            row.get::<_, i64>(0)
                        ),
                    }
                })?),
                None => None,
            };
            steps.push(RemoteStep {
                seq: row.get(0),
                at: row.get(1),
                coder: row.get(2),
                action: row.get(3),
                label: row.get(4),
                author: row.get(6),
                command,
            });
        }
        let mut fetched = Vec::with_capacity(keys.len());
        let mut text_changed = false;
        for (table, key) in &keys {
            let (shape, cells) = keyed(&self.shapes, &self.url, table, key)?;
            let row = self
                .statements
                .read(&mut self.client, shape, &cells)
                .map_err(|error| server_error(&self.url, &error))?;
            text_changed |= table == "documents";
            fetched.push((shape, cells, row));
        }
        let transaction = connection.transaction().map_err(local)?;
        for (shape, key, row) in &fetched {
            shape
                .write_sqlite(&transaction, key, row.as_deref())
                .map_err(local)?;
        }
        for (step, row) in steps.iter().zip(&rows) {
            transaction
                .prepare_cached(
                    "INSERT INTO journal(at, coder, action, label, history_seq, detail)
                     VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                )
                .and_then(|mut insert| {
                    insert.execute(params![
                        step.at,
                        step.coder,
                        step.action,
                        step.label,
                        row.get::<_, String>(5)
                    ])
                })
                .map_err(local)?;
        }
        let last = steps.last().map_or(seen, |step| step.seq);
        set_meta(&transaction, "shared:seq", &last.to_string()).map_err(local)?;
        if text_changed {
            transaction
                .execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_generation'",
                    [],
                )
                .map_err(local)?;
        }
        rows::take_captured(&transaction).map_err(local)?;
        transaction.commit().map_err(local)?;
        Ok(steps)
    }

    /// Forgets the rows captured so far: called as a local write begins.
    pub fn start_capture(connection: &rusqlite::Connection) -> rusqlite::Result<()> {
        rows::take_captured(connection).map(|_| ())
    }

    /// Sends our step: the rows it changed in `transaction` (not yet
    /// committed) and its journal row, and commits the server's transaction.
    /// Records the server's step number in the replica, so the step is not
    /// followed again and an undo of it can find it.
    pub fn send_step(
        &mut self,
        transaction: &rusqlite::Connection,
        step: &Outgoing<'_>,
    ) -> Result<i64, ServerError> {
        if !self.in_step {
            return Err(ServerError::Failed {
                server: self.url.server(),
                detail: "a step was written without the project's lock".to_owned(),
            });
        }
        let sent = self.send_rows_and_journal(transaction, step);
        match sent {
            Ok(seq) => {
                let committed = self.client.batch_execute("COMMIT");
                self.in_step = false;
                committed.map_err(|error| self.fail(&error))?;
                Ok(seq)
            }
            Err(error) => {
                self.abort();
                Err(error)
            }
        }
    }

    fn send_rows_and_journal(
        &mut self,
        transaction: &rusqlite::Connection,
        step: &Outgoing<'_>,
    ) -> Result<i64, ServerError> {
        let server = self.url.server();
        let local = |error: rusqlite::Error| ServerError::Failed {
            server: server.clone(),
            detail: format!("the local copy: {error}"),
        };
        let captured = rows::take_captured(transaction).map_err(local)?;
        for (table, key) in &captured {
            let (shape, cells) = keyed(&self.shapes, &self.url, table, key)?;
            let row = shape
                .read_sqlite(transaction, &cells)
                .map_err(|error| row_error(&self.url, error))?;
            self.statements
                .write(&mut self.client, shape, &cells, row.as_deref())
                .map_err(|error| server_error(&self.url, &error))?;
        }
        if step.action == "undo" {
            self.refuse_undo_others_depend_on(transaction, step, &captured)?;
        }
        let touched = serde_json::to_string(&captured).unwrap_or_else(|_| "[]".to_owned());
        let insert = self
            .statements
            .get(
                &mut self.client,
                "INSERT INTO journal(coder, action, label, history_seq, detail, command, touched)
                 VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb) RETURNING seq"
                    .to_owned(),
            )
            .map_err(|error| server_error(&self.url, &error))?;
        let seq: i64 = self
            .client
            .query_one(
                &insert,
                &[
                    &step.coder,
                    &step.action,
                    &step.label,
                    &step.history_seq,
                    &step.detail,
                    &step.command,
                    &touched,
                ],
            )
            .map_err(|error| server_error(&self.url, &error))?
            .get(0);
        set_meta(transaction, "shared:seq", &seq.to_string()).map_err(local)?;
        if step.action == "do" && step.history_seq > 0 {
            set_meta(
                transaction,
                &format!("shared:step:{}", step.history_seq),
                &seq.to_string(),
            )
            .map_err(local)?;
        }
        Ok(seq)
    }

    /// An undo takes back the records its step changed; if a later step of
    /// someone else changed any of them, or any the undo changes, that step
    /// depends on this one and the undo is refused.
    fn refuse_undo_others_depend_on(
        &mut self,
        transaction: &rusqlite::Connection,
        step: &Outgoing<'_>,
        captured: &[(String, String)],
    ) -> Result<(), ServerError> {
        let Some(original) = transaction
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [format!("shared:step:{}", step.history_seq)],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .ok()
            .flatten()
            .and_then(|text| text.parse::<i64>().ok())
        else {
            return Ok(());
        };
        let rows = self
            .client
            .query(
                "SELECT seq, coder, label, at, touched::text FROM journal
                 WHERE seq >= $1 ORDER BY seq",
                &[&original],
            )
            .map_err(|error| server_error(&self.url, &error))?;
        let mut ours: BTreeSet<(String, String)> = captured.iter().cloned().collect();
        if let Some(first) = rows.first().filter(|row| row.get::<_, i64>(0) == original) {
            ours.extend(parse_touched(&first.get::<_, String>(4)));
        }
        for row in rows.iter().filter(|row| row.get::<_, i64>(0) > original) {
            let coder: String = row.get(1);
            if coder == step.coder {
                continue;
            }
            if parse_touched(&row.get::<_, String>(4))
                .iter()
                .any(|key| ours.contains(key))
            {
                return Err(ServerError::Depends {
                    coder,
                    label: row.get(2),
                    when: crate::clock::ago(row.get(3)),
                    undone: step.label.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The logins with a window or command open on the project now, but ours.
    pub fn others_present(&mut self) -> Result<Vec<String>, ServerError> {
        self.reconnect()?;
        let rows = self
            .client
            .query(
                "SELECT DISTINCT usename::text FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = $1
                   AND pid <> pg_backend_pid() AND usename IS NOT NULL
                 ORDER BY 1",
                &[&APPLICATION],
            )
            .map_err(|error| self.fail(&error))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// The server's journal, newest last, `limit` rows at most.
    pub fn recent_steps(&mut self, limit: i64) -> Result<Vec<JournalStep>, ServerError> {
        self.reconnect()?;
        let rows = self
            .client
            .query(
                "SELECT seq, at, coder, action, label FROM
                   (SELECT * FROM journal ORDER BY seq DESC LIMIT $1) AS recent ORDER BY seq",
                &[&limit],
            )
            .map_err(|error| self.fail(&error))?;
        Ok(rows
            .iter()
            .map(|row| JournalStep {
                seq: row.get(0),
                at: row.get(1),
                coder: row.get(2),
                action: row.get(3),
                label: row.get(4),
            })
            .collect())
    }

    /// The client, for the team's management.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// The shape of `table` and the cells of a key captured or journalled.
fn keyed<'s>(
    shapes: &'s [Shape],
    url: &SharedUrl,
    table: &str,
    key: &str,
) -> Result<(&'s Shape, Vec<Cell>), ServerError> {
    let shape = rows::shape_of(shapes, table).map_err(|error| row_error(url, error))?;
    let cells = shape.parse_key(key).map_err(|detail| ServerError::Failed {
        server: url.server(),
        detail,
    })?;
    Ok((shape, cells))
}

fn member_role(
    client: &mut Client,
    project: &ServerProject,
) -> Result<Option<Role>, postgres::Error> {
    for role in Role::ALL {
        let member: bool = client
            .query_one(
                "SELECT pg_has_role(session_user, $1, 'MEMBER')",
                &[&project.group_role(role)],
            )?
            .get(0);
        if member {
            return Ok(Some(role));
        }
    }
    Ok(None)
}

fn set_meta(connection: &rusqlite::Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![key, value])?;
    Ok(())
}

fn parse_touched(text: &str) -> Vec<(String, String)> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Connects to the shared project at `url` for its team's management,
/// without a replica.
pub fn open_server(url: &str) -> Result<(SharedUrl, Client, ServerProject), ServerError> {
    let url = SharedUrl::parse(url)?;
    let mut client = url.connect()?;
    url.inspect(&mut client)?;
    let project = ServerProject::read(&mut client, &url)?;
    Ok((url, client, project))
}

/// A member of the project and their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub login: String,
    pub role: Role,
}

/// The logins that are members of the project, with their highest role.
pub fn members(
    client: &mut Client,
    project: &ServerProject,
) -> Result<Vec<Member>, postgres::Error> {
    let rows = client.query(
        "SELECT member.rolname::text, grp.rolname::text
         FROM pg_auth_members AS m
         JOIN pg_roles AS grp ON grp.oid = m.roleid
         JOIN pg_roles AS member ON member.oid = m.member
         WHERE grp.rolname IN ($1, $2, $3) AND member.rolcanlogin
         ORDER BY 1",
        &[
            &project.group_role(Role::Lead),
            &project.group_role(Role::Coder),
            &project.group_role(Role::Reviewer),
        ],
    )?;
    let mut members: Vec<Member> = Vec::new();
    for row in rows {
        let login: String = row.get(0);
        let group: String = row.get(1);
        let Some(role) = Role::ALL
            .into_iter()
            .find(|role| project.group_role(*role) == group)
        else {
            continue;
        };
        match members.iter_mut().find(|member| member.login == login) {
            Some(member) => member.role = member.role.max(role),
            None => members.push(Member { login, role }),
        }
    }
    Ok(members)
}

/// Makes `login` a member with `role` (or changes their role), or removes
/// them (`None`). The login itself is the server administrator's to create.
pub fn set_member(
    client: &mut Client,
    url: &SharedUrl,
    project: &ServerProject,
    login: &str,
    role: Option<Role>,
) -> Result<(), ServerError> {
    let fail = |error: postgres::Error| server_error(url, &error);
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)",
            &[&login],
        )
        .map_err(fail)?
        .get(0);
    if !exists {
        return Err(ServerError::NoSuchLogin {
            server: url.server(),
            login: login.to_owned(),
        });
    }
    if login == url.user() && role != Some(Role::Lead) {
        let leads = members(client, project)
            .map_err(fail)?
            .into_iter()
            .filter(|member| member.role == Role::Lead)
            .count();
        if leads <= 1 {
            return Err(ServerError::LastLead {
                login: login.to_owned(),
            });
        }
    }
    // Role names cannot be parameters; quote_ident makes the login a safe
    // identifier whatever it holds.
    let quoted: String = client
        .query_one("SELECT quote_ident($1)", &[&login])
        .map_err(fail)?
        .get(0);
    let mut transaction = client.transaction().map_err(fail)?;
    for group in Role::ALL {
        let is_member: bool = transaction
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_auth_members m
                   JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                   WHERE g.rolname = $1 AND u.rolname = $2)",
                &[&project.group_role(group), &login],
            )
            .map_err(fail)?
            .get(0);
        if is_member {
            transaction
                .batch_execute(&format!(
                    "REVOKE {} FROM {quoted}",
                    project.group_role(group)
                ))
                .map_err(fail)?;
        }
    }
    if let Some(role) = role {
        // A lead manages the members, so holds every group role with the
        // right to grant it.
        let granted: Vec<Role> = if role == Role::Lead {
            Role::ALL.to_vec()
        } else {
            vec![role]
        };
        for group in granted {
            let admin = if role == Role::Lead {
                " WITH ADMIN OPTION"
            } else {
                ""
            };
            transaction
                .batch_execute(&format!(
                    "GRANT {} TO {quoted}{admin}",
                    project.group_role(group)
                ))
                .map_err(fail)?;
        }
    }
    transaction.commit().map_err(fail)
}
