//! A PostgreSQL server for the shared-project tests: `.ci/run` starts a
//! throwaway cluster on loopback and names it in `POLYPHONY_TEST_POSTGRES`
//! (a URL with a login that may create databases and roles). Each test gets
//! a database of its own, dropped when it ends.

use polyphony::store::rows::{Cell, shapes};
use postgres::{Client, NoTls};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the tests find their server.
pub const SERVER_VARIABLE: &str = "POLYPHONY_TEST_POSTGRES";

/// A database made for one test on the test server.
pub struct TestDatabase {
    admin_url: String,
    pub name: String,
    /// Logins made for this test, dropped with it.
    logins: std::cell::RefCell<Vec<String>>,
}

impl TestDatabase {
    /// A new empty database, or `None` (after saying why) when no test server
    /// is configured here; under CI a missing server fails the test instead.
    pub fn new() -> Option<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let Ok(admin_url) = std::env::var(SERVER_VARIABLE) else {
            super::missing(
                "a PostgreSQL server",
                &format!(
                    "start one as the README's \"Shared-project tests\" says and set {SERVER_VARIABLE}"
                ),
            );
            return None;
        };
        let name = format!(
            "polyphony_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = Client::connect(&admin_url, NoTls).expect("the test server is reachable");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("the test login may create databases");
        Some(Self {
            admin_url,
            name,
            logins: std::cell::RefCell::default(),
        })
    }

    /// The URL of this database, as the test server's login.
    pub fn url(&self) -> String {
        self.url_as(None)
    }

    /// The URL of this database, with `credentials` (`user:password`) in
    /// place of the test login's.
    pub fn url_as(&self, credentials: Option<&str>) -> String {
        let (scheme, rest) = self.admin_url.split_once("://").expect("a URL");
        let (login, host_and_db) = rest.rsplit_once('@').expect("a login in the URL");
        let host = host_and_db.split('/').next().expect("a host");
        format!(
            "{scheme}://{}@{host}/{}",
            credentials.unwrap_or(login),
            self.name
        )
    }

    /// A plain connection to this database, for setting it up and looking.
    pub fn connect(&self) -> Client {
        Client::connect(&self.url(), NoTls).expect("the test database is reachable")
    }
}

impl TestDatabase {
    /// A new login (unique to this test, called after `who`) with a password,
    /// and the URL of this database as it.
    pub fn login(&self, who: &str) -> (String, String) {
        let login = format!("{}_{who}", self.name.replace("polyphony_test", "member"));
        let password = format!("{who}'s pass\\word");
        let mut admin = self.connect();
        admin
            .batch_execute(&format!(
                "CREATE ROLE {login} LOGIN PASSWORD '{}'",
                password.replace('\'', "''")
            ))
            .expect("the test login may create roles");
        self.logins.borrow_mut().push(login.clone());
        let encoded = password
            .replace('\\', "%5C")
            .replace('\'', "%27")
            .replace(' ', "%20");
        (
            login.clone(),
            self.url_as(Some(&format!("{login}:{encoded}"))),
        )
    }

    /// The group roles of the project published here, if any.
    fn group_roles(&self) -> Vec<String> {
        let Ok(mut client) = Client::connect(&self.url(), NoTls) else {
            return Vec::new();
        };
        let prefix: Option<String> = client
            .query_opt("SELECT value FROM meta WHERE key = 'role_prefix'", &[])
            .ok()
            .flatten()
            .map(|row| row.get(0));
        prefix.map_or_else(Vec::new, |prefix| {
            ["lead", "coder", "reviewer"]
                .iter()
                .map(|role| format!("{prefix}_{role}"))
                .collect()
        })
    }

    /// Lets no one connect to this database, ending every session in it
    /// (`false`), as when its server is lost; or lets them again.
    pub fn allow_connections(&self, allowed: bool) {
        let mut admin = Client::connect(&self.admin_url, NoTls).expect("the admin connects");
        admin
            .batch_execute(&format!(
                "ALTER DATABASE {} WITH ALLOW_CONNECTIONS {allowed}",
                self.name
            ))
            .expect("the database's connections are set");
        if !allowed {
            admin
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                    &[&self.name],
                )
                .expect("its sessions end");
        }
    }

    /// The project's id on the server, once published.
    pub fn project_id(&self) -> Option<String> {
        let mut client = Client::connect(&self.url(), NoTls).ok()?;
        client
            .query_opt("SELECT value FROM meta WHERE key = 'project'", &[])
            .ok()
            .flatten()
            .map(|row| row.get(0))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let roles = self.group_roles();
        if let Some(project) = self.project_id()
            && let Some(folder) = polyphony::store::shared::replica_path(&project, "x", 1).parent()
        {
            let _ = std::fs::remove_dir_all(folder);
        }
        if let Ok(mut admin) = Client::connect(&self.admin_url, NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
            for role in roles.iter().chain(self.logins.borrow().iter()) {
                let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
            }
        }
    }
}

/// Every data row of a project, table by table, sorted: two states are the
/// same project when these are equal.
pub type Rows = BTreeMap<String, Vec<Vec<Cell>>>;

pub fn file_rows(path: &std::path::Path) -> Rows {
    let connection = rusqlite::Connection::open(path).expect("the file opens");
    let mut rows = Rows::new();
    for shape in shapes(&connection).expect("the schema reads") {
        let mut statement = connection
            .prepare(&format!(
                "SELECT {} FROM {}",
                shape.column_list(),
                shape.table
            ))
            .expect("the table reads");
        let mut table: Vec<Vec<Cell>> = statement
            .query_map([], |row| {
                Ok(shape
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(index, column)| {
                        Cell::from_sqlite(row.get(index).expect("a value"), column.integer)
                            .expect("a cell")
                    })
                    .collect())
            })
            .expect("the rows read")
            .collect::<Result<_, _>>()
            .expect("each row reads");
        table.sort();
        rows.insert(shape.table.clone(), table);
    }
    rows
}

pub fn server_rows(database: &TestDatabase, like: &std::path::Path) -> Rows {
    rows_of_server(&mut database.connect(), like)
}

/// [`server_rows`] through any connection to the project's database.
pub fn rows_of_server(client: &mut Client, like: &std::path::Path) -> Rows {
    let connection = rusqlite::Connection::open(like).expect("the file opens");
    let mut rows = Rows::new();
    for shape in shapes(&connection).expect("the schema reads") {
        let mut table: Vec<Vec<Cell>> = client
            .query(
                &format!("SELECT {} FROM {}", shape.column_list(), shape.table),
                &[],
            )
            .expect("the server's table reads")
            .iter()
            .map(|row| shape.row_from_postgres(row).expect("a row"))
            .collect();
        table.sort();
        rows.insert(shape.table.clone(), table);
    }
    rows
}
