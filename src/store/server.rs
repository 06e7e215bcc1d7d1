//! Reaching a shared project's PostgreSQL server: telling a `postgres://` URL
//! from a file path, finding the password as libpq does (the URL, then
//! `PGPASSWORD`, then `~/.pgpass`), connecting with TLS whenever the server
//! offers it, and saying in plain words why a connection or a database was
//! refused.

use postgres::error::SqlState;
use postgres::{Client, Config};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Why a shared project's server could not be used. Each message names the
/// server and database and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{url} is not a PostgreSQL address ({reason}); write it as postgres://USER@HOST/DATABASE"
    )]
    BadUrl { url: String, reason: String },
    #[error(
        "the server at {server} refused the password of {user}; give it with PGPASSWORD or a line in ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD)"
    )]
    WrongPassword { server: String, user: String },
    #[error(
        "the server at {server} has no database called {database}; check the name, or ask its administrator to create it"
    )]
    UnknownDatabase { server: String, database: String },
    #[error("the server at {server} does not let {user} in: {detail}")]
    Refused {
        server: String,
        user: String,
        detail: String,
    },
    #[error(
        "cannot reach the server at {server}: {detail}; check the address, and that the server is running"
    )]
    Unreachable { server: String, detail: String },
    #[error("{url} is not a Polyphony project ({reason}); it was left untouched")]
    NotAProject { url: String, reason: String },
    #[error(
        "{url} was written by a newer Polyphony (project schema {found}; this version reads up to {supported}); update Polyphony to open it. The database was left untouched"
    )]
    TooNew {
        url: String,
        found: i32,
        supported: i32,
    },
    #[error(
        "{url} cannot take this project ({reason}); publish into an empty database, which the server's administrator can create with `createdb`"
    )]
    NotEmpty { url: String, reason: String },
    #[error(
        "{url} was published by another Polyphony (project schema {found}; this one writes {ours}); use the same version of Polyphony as the rest of the team"
    )]
    OlderSchema { url: String, found: i32, ours: i32 },
    #[error(
        "lost the connection to the server at {server}; nothing was changed. Polyphony connects again by itself: try again in a moment"
    )]
    Lost { server: String },
    #[error("the server refused: {detail}; nothing was changed")]
    NotAllowed { user: String, detail: String },
    #[error(
        "{coder}'s later step \"{label}\" ({when}) changed what \"{undone}\" did, so undoing it would take theirs away too; nothing was changed"
    )]
    Depends {
        coder: String,
        label: String,
        when: String,
        undone: String,
    },
    #[error(
        "the server at {server} has no login called {login}; ask its administrator to create it (CREATE ROLE ... LOGIN PASSWORD ...), then add it"
    )]
    NoSuchLogin { server: String, login: String },
    #[error("{login} is the project's only lead; make another member lead first")]
    LastLead { login: String },
    #[error("the server at {server} failed: {detail}")]
    Failed { server: String, detail: String },
}

/// Whether `text` names a shared project on a server rather than a file.
#[must_use]
pub fn is_shared_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// A shared project's address, parsed, with the password settled.
#[derive(Clone)]
pub struct SharedUrl {
    config: Config,
    user: String,
    host: String,
    port: u16,
    database: String,
}

impl std::fmt::Debug for SharedUrl {
    // The password is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedUrl({self})")
    }
}

impl std::fmt::Display for SharedUrl {
    /// The address as it is safe to show: without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }
}

impl SharedUrl {
    /// Parses `url`, taking the password from it, or else from `PGPASSWORD`,
    /// or else from the password file (`PGPASSFILE` or `~/.pgpass`).
    pub fn parse(url: &str) -> Result<Self, ServerError> {
        let bad = |reason: String| ServerError::BadUrl {
            url: without_password(url),
            reason,
        };
        if !is_shared_url(url) {
            return Err(bad("it does not start with postgres://".to_owned()));
        }
        let mut config = Config::from_str(url).map_err(|error| bad(error.to_string()))?;
        let user = config
            .get_user()
            .map(str::to_owned)
            .or_else(|| std::env::var("PGUSER").ok())
            .or_else(|| std::env::var("USER").ok())
            .ok_or_else(|| bad("it names no user".to_owned()))?;
        config.user(&user);
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => {
                config.host("localhost");
                "localhost".to_owned()
            }
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config
            .get_dbname()
            .map(str::to_owned)
            .ok_or_else(|| bad("it names no database after the host".to_owned()))?;
        if config.get_password().is_none() {
            let password = std::env::var("PGPASSWORD")
                .ok()
                .filter(|password| !password.is_empty())
                .or_else(|| {
                    password_file().and_then(|file| {
                        let text = std::fs::read_to_string(file).ok()?;
                        find_password(&text, &host, port, &database, &user)
                    })
                });
            if let Some(password) = password {
                config.password(password);
            }
        }
        config.application_name("polyphony");
        config.connect_timeout(Duration::from_secs(10));
        Ok(Self {
            config,
            user,
            host,
            port,
            database,
        })
    }

    #[must_use]
    pub fn user(&self) -> &str {
        &self.user
    }

    #[must_use]
    pub fn database(&self) -> &str {
        &self.database
    }

    /// `host:port`, for messages.
    #[must_use]
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Connects, with TLS when the server offers it (`sslmode=prefer`, the
    /// default, as with libpq; `sslmode=require` in the URL insists on it).
    /// As libpq does below `verify-ca`, the server's certificate is not
    /// checked against an authority: the channel is encrypted, not proved.
    pub fn connect(&self) -> Result<Client, ServerError> {
        let connector = native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map_err(|error| self.failed(&error))?;
        let tls = postgres_native_tls::MakeTlsConnector::new(connector);
        self.config
            .connect(tls)
            .map_err(|error| self.connect_error(&error))
    }

    fn failed(&self, error: &dyn std::error::Error) -> ServerError {
        ServerError::Failed {
            server: self.server(),
            detail: error.to_string(),
        }
    }

    fn connect_error(&self, error: &postgres::Error) -> ServerError {
        let server = self.server();
        let user = self.user.clone();
        match error.code() {
            Some(code) if *code == SqlState::INVALID_PASSWORD => {
                ServerError::WrongPassword { server, user }
            }
            Some(code) if *code == SqlState::INVALID_CATALOG_NAME => ServerError::UnknownDatabase {
                server,
                database: self.database.clone(),
            },
            Some(_) => ServerError::Refused {
                server,
                user,
                detail: error
                    .as_db_error()
                    .map_or_else(|| error.to_string(), |db| db.message().to_owned()),
            },
            // rust-postgres refuses before asking the server when it has no
            // password to give, with a configuration error it exposes only as text.
            None if error.to_string().contains("password missing") => {
                ServerError::WrongPassword { server, user }
            }
            None => ServerError::Unreachable {
                server,
                detail: std::error::Error::source(error)
                    .map_or_else(|| error.to_string(), ToString::to_string),
            },
        }
    }

    /// Checks that the database holds a Polyphony project this build can
    /// read, by reading only: a database that is not one is left untouched.
    /// Returns the project's schema version.
    pub fn inspect(&self, client: &mut Client) -> Result<i32, ServerError> {
        let not_a_project = |reason: &str| ServerError::NotAProject {
            url: self.to_string(),
            reason: reason.to_owned(),
        };
        let has_meta = client
            .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])
            .map_err(|error| self.failed(&error))?
            .get::<_, bool>(0);
        if !has_meta {
            let tables: i64 = client
                .query_one(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                    &[],
                )
                .map_err(|error| self.failed(&error))?
                .get(0);
            return Err(not_a_project(&if tables == 0 {
                "the database is empty".to_owned()
            } else {
                format!(
                    "it holds {tables} table{} of something else",
                    if tables == 1 { "" } else { "s" }
                )
            }));
        }
        let value = |key: &str, client: &mut Client| {
            client
                .query_opt("SELECT value::text FROM meta WHERE key::text = $1", &[&key])
                .map(|row| row.map(|row| row.get::<_, String>(0)))
        };
        let application = value("application", client)
            .map_err(|_| not_a_project("its meta table is not a Polyphony project's"))?;
        if application.as_deref() != Some(APPLICATION) {
            return Err(not_a_project("its meta table does not name Polyphony"));
        }
        let version = value("schema_version", client)
            .map_err(|error| self.failed(&error))?
            .and_then(|text| text.parse::<i32>().ok())
            .ok_or_else(|| not_a_project("it names no schema version"))?;
        if version > crate::store::SCHEMA_VERSION {
            return Err(ServerError::TooNew {
                url: self.to_string(),
                found: version,
                supported: crate::store::SCHEMA_VERSION,
            });
        }
        Ok(version)
    }
}

/// What the server's `meta` table holds under `application`.
pub const APPLICATION: &str = "polyphony";

/// `url` with any password in it replaced, for messages.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

fn password_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass"))
}

/// The password a libpq password file gives for this server, database and
/// user: the first line whose five fields match, `*` matching anything, and
/// `\:` and `\\` standing for `:` and `\`.
#[must_use]
pub fn find_password(
    text: &str,
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Option<String> {
    let port = port.to_string();
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = |field: &str, wanted: &str| field == "*" || field == wanted;
            let host_matches = matches(h, host)
                || (h == "localhost" && (host == "127.0.0.1" || host.starts_with('/')));
            (host_matches && matches(p, &port) && matches(d, database) && matches(u, user))
                .then(|| password.clone())
        })
}

fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' => match chars.next() {
                Some(next) => next,
                None => break,
            },
            ':' if fields.len() < 5 => {
                fields.push(String::new());
                continue;
            }
            c => c,
        };
        if let Some(field) = fields.last_mut() {
            field.push(c);
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_file_is_read_as_libpq_reads_it() {
        let text = "# comment\n\
                    other:5432:*:*:nope\n\
                    localhost:5432:study:sam:s\\:ecret\\\\1\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            find_password(text, "localhost", 5432, "study", "sam").as_deref(),
            Some("s:ecret\\1")
        );
        assert_eq!(
            find_password(text, "127.0.0.1", 5432, "study", "sam").as_deref(),
            Some("s:ecret\\1")
        );
        assert_eq!(
            find_password(text, "db.example.org", 6543, "x", "y").as_deref(),
            Some("fallback")
        );
        assert_eq!(find_password("a:b:c\n", "a", 1, "c", "d"), None);
    }

    #[test]
    fn messages_never_show_a_password() {
        assert_eq!(
            without_password("postgres://sam:hunter2@db/study"),
            "postgres://sam@db/study"
        );
        let error = SharedUrl::parse("postgres://sam:hunter2@db").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("no database"), "{error}");
        let url = SharedUrl::parse("postgres://sam:hunter2@db:6000/study").unwrap();
        assert_eq!(url.to_string(), "postgres://sam@db:6000/study");
        assert!(!format!("{url:?}").contains("hunter2"));
    }

    #[test]
    fn file_paths_are_not_urls() {
        assert!(is_shared_url("postgres://sam@db/study"));
        assert!(is_shared_url("postgresql://sam@db/study"));
        assert!(!is_shared_url("study.polyphony"));
        assert!(!is_shared_url("/home/sam/postgres/study.polyphony"));
    }
}
