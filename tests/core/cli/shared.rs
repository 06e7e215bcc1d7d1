//! The shared project at the terminal: publish, every command by URL, the
//! team's members and roles, clone, and bad input said plainly.

use super::{fails, json, ok};
use crate::support::server::TestDatabase;

#[test]
fn publish_code_by_url_manage_the_team_and_clone_at_the_terminal() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let project = at("study.polyphony");
    ok(&["demo", &project]);
    let url = database.url();
    let said = ok(&["publish", &project, &url]);
    assert!(said.contains("16 documents"), "{said}");
    assert!(said.contains("You are its lead"), "{said}");
    assert!(
        !said.contains("polyphony-ci-password"),
        "the password is never printed: {said}"
    );
    let again = fails(&["publish", &project, &url]);
    assert!(
        again.contains("already holds a Polyphony project"),
        "{again}"
    );

    // Any command takes the URL in place of the file.
    let coded = ok(&[
        "code", &url, "--doc", "peer-01", "--start", "0", "--end", "40", "--code", "Hope",
        "--coder", "Ana",
    ]);
    assert!(coded.starts_with("Done: apply code Hope"), "{coded}");
    let log = ok(&["log", &url]);
    assert!(log.contains("apply code Hope"), "{log}");

    // Members: add, list, change a role, remove; each refusal says why.
    let (sam, sam_url) = database.login("sam");
    ok(&["team", &url, "add", &sam, "--role", "reviewer"]);
    let members = json(&["team", &url, "list", "--json"]);
    let role_of = |members: &serde_json::Value, login: &str| {
        members
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["login"] == login))
            .map(|row| row["role"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(role_of(&members, &sam).as_deref(), Some("reviewer"));
    let refused = fails(&[
        "code", &sam_url, "--doc", "peer-01", "--start", "50", "--end", "90", "--code", "Hope",
        "--coder", "Sam",
    ]);
    assert!(
        refused.contains("does not let them change codings"),
        "{refused}"
    );
    ok(&["team", &url, "role", &sam, "coder"]);
    ok(&[
        "code", &sam_url, "--doc", "peer-01", "--start", "50", "--end", "90", "--code", "Hope",
        "--coder", "Sam",
    ]);
    assert!(fails(&["team", &url, "role", &sam, "boss"]).contains("is not a role"));
    assert!(
        fails(&["team", &url, "add", "nobody_at_all"]).contains("no login called nobody_at_all")
    );
    assert!(fails(&["team", &project, "list"]).contains("teams belong to shared projects"));
    ok(&["team", &url, "remove", &sam]);
    assert_eq!(
        role_of(&json(&["team", &url, "list", "--json"]), &sam),
        None
    );
    assert!(fails(&["team", &url, "remove", &sam]).contains("is not a member"));

    // A clone is a file of its own with both codings.
    let clone = at("clone.polyphony");
    ok(&["clone", &url, &clone]);
    let segments = json(&["segments", &clone, "--json"]);
    let hope_by_sam = segments.as_array().is_some_and(|rows| {
        rows.iter().any(|row| {
            row["coder"] == "Sam" && row["code"].as_str().is_some_and(|c| c.ends_with("Hope"))
        })
    });
    assert!(hope_by_sam, "the clone holds Sam's coding");
    assert!(fails(&["clone", &url, &clone]).contains("already exists"));
    assert!(
        fails(&["publish", &project, "http://example.org/db"]).contains("not a PostgreSQL address")
    );
    assert!(fails(&["new", &url]).contains("publish a project file to it"));
}
