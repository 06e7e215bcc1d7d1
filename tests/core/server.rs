//! The shared project's server refuses what it should, in plain words, and
//! leaves a database that is not a Polyphony project untouched.

use crate::support::server::TestDatabase;
use polyphony::store::server::{ServerError, SharedUrl};

fn connect_error(url: &str) -> ServerError {
    let url = SharedUrl::parse(url).expect("the URL parses");
    match url.connect() {
        Ok(_) => panic!("{url} should have been refused"),
        Err(error) => error,
    }
}

/// Asserts that the message of `error` has `words` in it.
fn says(error: &ServerError, words: &str) {
    let message = error.to_string();
    assert!(message.contains(words), "{message}");
}

#[test]
fn a_wrong_password_or_an_unknown_database_is_said_plainly() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let login = database.url();
    let user = login
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split([':', '@']).next())
        .expect("a user in the URL")
        .to_owned();
    let error = connect_error(&database.url_as(Some(&format!("{user}:not-the-password"))));
    assert!(
        matches!(error, ServerError::WrongPassword { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("refused the password"), "{message}");
    assert!(!message.contains("not-the-password"), "{message}");

    let unknown = database.url().replace(&database.name, "no_such_study");
    let error = connect_error(&unknown);
    assert!(
        matches!(error, ServerError::UnknownDatabase { .. }),
        "{error:?}"
    );
    says(&error, "no database called no_such_study");
}

#[test]
fn a_server_that_is_not_there_is_said_plainly() {
    // Port 1 on loopback: nothing listens there.
    let error = connect_error("postgres://sam:secret@127.0.0.1:1/study");
    assert!(
        matches!(error, ServerError::Unreachable { .. }),
        "{error:?}"
    );
    says(&error, "cannot reach the server at 127.0.0.1:1");
}

#[test]
fn a_database_that_is_not_a_project_is_refused_untouched() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let url = SharedUrl::parse(&database.url()).expect("the URL parses");
    let mut client = url.connect().expect("connects");
    let error = url.inspect(&mut client).unwrap_err();
    says(&error, "the database is empty");

    let mut setup = database.connect();
    setup
        .batch_execute(
            "CREATE TABLE patients (name TEXT);
             INSERT INTO patients VALUES ('O''Brien'), ('a\\b');",
        )
        .expect("sets up another application's table");
    let error = url.inspect(&mut client).unwrap_err();
    assert!(
        matches!(error, ServerError::NotAProject { .. }),
        "{error:?}"
    );
    says(&error, "1 table of something else");

    // A meta table of another application's.
    setup
        .batch_execute("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('application', 'other');")
        .expect("adds a meta table");
    let error = url.inspect(&mut client).unwrap_err();
    says(&error, "does not name Polyphony");
    let rows: Vec<String> = setup
        .query("SELECT name FROM patients ORDER BY name", &[])
        .expect("reads")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        rows,
        ["O'Brien", "a\\b"],
        "the other application's data is untouched"
    );
}

#[test]
fn a_project_from_a_newer_polyphony_is_refused() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    database
        .connect()
        .batch_execute(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('application', 'polyphony'), ('schema_version', '99');",
        )
        .expect("sets up a newer project's meta");
    let url = SharedUrl::parse(&database.url()).expect("the URL parses");
    let mut client = url.connect().expect("connects");
    let error = url.inspect(&mut client).unwrap_err();
    assert!(
        matches!(error, ServerError::TooNew { found: 99, .. }),
        "{error:?}"
    );
    says(&error, "newer Polyphony");
}
