//! A PostgreSQL server for the shared-project tests: `.ci/run` starts a
//! throwaway cluster on loopback and names it in `POLYPHONY_TEST_POSTGRES`
//! (a URL with a login that may create databases and roles). Each test gets
//! a database of its own, dropped when it ends.

use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the tests find their server.
pub const SERVER_VARIABLE: &str = "POLYPHONY_TEST_POSTGRES";

/// A database made for one test on the test server.
pub struct TestDatabase {
    admin_url: String,
    pub name: String,
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
        Some(Self { admin_url, name })
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

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = Client::connect(&self.admin_url, NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
