//! A shared project on a real PostgreSQL server: publish and clone keep every
//! row; members follow each other's steps; a stale change and an undo that
//! someone's later step depends on are refused in plain words; and the
//! server, not the window, enforces each member's role, even against SQL
//! written by hand.

use crate::support::server::{TestDatabase, file_rows, server_rows};
use polyphony::edit::Command;
use polyphony::model::{Coding, CodingId, Comment, CommentId, CommentKind, Memo, MemoId, Target};
use polyphony::store::shared::{self, Role};
use polyphony::workbench::Workbench;

/// The demo project, published to `database`. Returns the folder it was
/// built in and the file.
fn published(database: &TestDatabase) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = crate::support::demo(dir.path()).path().to_owned();
    Workbench::publish(&file, &database.url()).expect("the demo publishes");
    (dir, file)
}

fn open(url: &str, coder: &str) -> Workbench {
    Workbench::open(std::path::Path::new(url), Some(coder), &mut |_, _| {})
        .unwrap_or_else(|error| panic!("{url} opens: {error}"))
}

fn new_coding(workbench: &Workbench, code_name: &str, start: usize) -> Command {
    let project = workbench.project();
    let document = project
        .documents
        .values()
        .find(|document| document.name == "nonpeer-01-helen-marsh")
        .expect("the demo's document")
        .id;
    let code = project.find_code(code_name).expect("the code").id;
    Command::AddCoding {
        coding: Coding {
            id: CodingId::new(),
            document,
            code,
            coder: workbench.coder().id,
            start,
            end: start + 25,
            created_at: polyphony::workbench::now_ms(),
            memo: String::new(),
        },
    }
}

/// Ana, the lead, and Sam, a coder, each with the project open, and Sam's URL.
fn lead_and_coder(database: &TestDatabase) -> (Workbench, Workbench, String) {
    let (sam, sam_url) = database.login("sam");
    let lead = open(&database.url(), "Ana");
    add_member(database, &sam, Role::Coder);
    let coder = open(&sam_url, "Sam");
    (lead, coder, sam_url)
}

/// Makes `login` a member, as `polyphony team URL add` does.
fn add_member(database: &TestDatabase, login: &str, role: Role) {
    let (url, mut client, project) = shared::open_server(&database.url()).expect("the server");
    shared::set_member(&mut client, &url, &project, login, Some(role))
        .expect("the member is added");
}

fn db_message(error: &postgres::Error) -> String {
    error
        .as_db_error()
        .map_or_else(|| error.to_string(), |db| db.message().to_owned())
}

fn message(result: Result<String, polyphony::workbench::WorkbenchError>) -> String {
    match result {
        Ok(label) => panic!("\"{label}\" should have been refused"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn publish_then_clone_keeps_every_row_and_odd_text_round_trips() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let (dir, file) = published(&database);
    assert_eq!(server_rows(&database, &file), file_rows(&file));

    // Text that would break a statement built by pasting, written through
    // the server by one member and read back by another's clone.
    let odd = "O'Brien said \"no\"; DROP TABLE codes; -- \\ back\\slash \u{1F600} ’";
    let mut lead = open(&database.url(), "Ana");
    let code = lead.project().find_code("Hope").expect("Hope").id;
    let rename = lead
        .commands()
        .update_code(code, |code| odd.clone_into(&mut code.name))
        .expect("a rename");
    lead.apply(rename).expect("the rename is written");
    let memo = Command::CreateMemo {
        memo: Memo {
            id: MemoId::new(),
            title: odd.to_owned(),
            body: format!("{odd}\n{odd}"),
            author: lead.coder().id,
            target: Target::Project,
            created_at: 1,
            updated_at: 1,
        },
    };
    lead.apply(memo).expect("the memo is written");

    let clone = dir.path().join("clone.polyphony");
    Workbench::clone_shared(&database.url(), &clone, &mut |_, _| {}).expect("the clone is written");
    let cloned = Workbench::open(&clone, None, &mut |_, _| {}).expect("the clone opens");
    assert!(cloned.project().codes.values().any(|code| code.name == odd));
    assert!(
        cloned
            .project()
            .memos
            .values()
            .any(|memo| memo.title == odd && memo.body == format!("{odd}\n{odd}"))
    );
    assert_eq!(file_rows(&clone), server_rows(&database, &clone));
    assert_eq!(file_rows(lead.path()), server_rows(&database, &clone));
    // The clone keeps the journal, the shared steps included.
    let journal = cloned.journal().expect("the journal reads");
    assert!(
        journal.iter().any(|row| row.label.contains("O'Brien")),
        "{journal:?}"
    );
}

#[test]
fn publishing_refuses_a_database_that_holds_anything() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let mut client = database.connect();
    client
        .batch_execute("CREATE TABLE notes (id int); INSERT INTO notes VALUES (7)")
        .expect("another application's table");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = crate::support::demo(dir.path()).path().to_owned();
    let error = Workbench::publish(&file, &database.url()).expect_err("refused");
    assert!(
        error.to_string().contains("1 table of something else"),
        "{error}"
    );
    let other = TestDatabase::new().expect("a second database");
    let (_kept, file) = published(&other);
    let error = Workbench::publish(&file, &database.url()).expect_err("refused");
    assert!(
        error.to_string().contains("publish into an empty database"),
        "{error}"
    );
    let still: i32 = client
        .query_one("SELECT id FROM notes", &[])
        .expect("untouched")
        .get(0);
    assert_eq!(still, 7);
}

#[test]
fn members_follow_each_others_steps_and_a_stale_change_says_who_made_it() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let _built = published(&database);
    let (mut lead, mut coder, sam_url) = lead_and_coder(&database);

    // The coder's coding reaches the lead at the lead's next step, and the
    // lead's new code reaches the coder.
    let coding = new_coding(&coder, "Hope", 100);
    let Command::AddCoding { coding: made } = &coding else {
        unreachable!()
    };
    let made = made.id;
    coder.apply(coding).expect("a coder may code");
    let followed = lead.catch_up().expect("the lead follows");
    let labels: Vec<&str> = followed.iter().map(|step| step.label.as_str()).collect();
    assert_eq!(labels, ["add coder Sam", "apply code Hope"]);
    assert!(followed.iter().all(|step| step.coder == "Sam"));
    assert!(lead.project().codings.contains_key(&made));

    // The lead deletes a code; the coder, who has not heard yet, codes with
    // it: the change is refused, naming who made it stale and when.
    let plain = lead
        .project()
        .find_code("Plain language")
        .expect("a code")
        .id;
    let stale = new_coding(&coder, "Plain language", 200);
    lead.apply(Command::RemoveCode { id: plain })
        .expect("the lead deletes the code");
    let said = message(coder.apply(stale));
    assert!(said.contains("Ana deleted code"), "{said}");
    assert!(said.contains("Plain language"), "{said}");
    assert!(said.contains("a moment ago"), "{said}");
    assert!(said.contains("nothing was changed"), "{said}");
    assert!(coder.project().find_code("Plain language").is_none());
    assert_eq!(file_rows(coder.path()), file_rows(lead.path()));
    assert_eq!(file_rows(coder.path()), server_rows(&database, lead.path()));

    // Opened again, the coder's copy is the same file, brought up to date.
    let copy = coder.path().to_owned();
    drop(coder);
    lead.apply(Command::RemoveCode {
        id: lead.project().find_code("Hope").expect("Hope").id,
    })
    .expect("the lead deletes another code");
    let reopened = open(&sam_url, "Sam");
    assert_eq!(reopened.path(), copy);
    assert!(reopened.project().find_code("Hope").is_none());
    assert_eq!(
        file_rows(reopened.path()),
        server_rows(&database, lead.path())
    );
}

#[test]
fn undo_takes_back_ones_own_step_unless_a_later_step_of_someone_else_depends_on_it() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let _built = published(&database);
    let (mut lead, mut coder, _) = lead_and_coder(&database);

    let (create, code) = lead
        .commands()
        .new_code("Waiting lists", None)
        .expect("a code");
    lead.apply(create).expect("the lead creates a code");
    coder.catch_up().expect("the coder follows");
    let coding = new_coding(&coder, "Waiting lists", 300);
    coder.apply(coding).expect("the coder codes with it");

    let before = server_rows(&database, lead.path());
    let said = message(lead.undo());
    assert!(said.contains("Sam's later step"), "{said}");
    assert!(said.contains("nothing was changed"), "{said}");
    assert_eq!(server_rows(&database, lead.path()), before);
    assert!(lead.project().codes.contains_key(&code));

    // The coder's own step depends on nobody's: undoing it works, and the
    // lead sees it gone.
    coder.undo().expect("the coder undoes their coding");
    lead.catch_up().expect("the lead follows");
    assert_eq!(file_rows(lead.path()), server_rows(&database, lead.path()));
    // Now nothing depends on the new code: the lead may undo it.
    lead.undo().expect("the lead undoes the code");
    assert!(!lead.project().codes.contains_key(&code));
    assert_eq!(file_rows(lead.path()), server_rows(&database, lead.path()));
}

#[test]
fn the_server_enforces_roles_even_against_hand_written_sql() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let _built = published(&database);
    let (rita, rita_url) = database.login("rita");
    let (sam, sam_url) = database.login("sam");
    add_member(&database, &rita, Role::Reviewer);
    add_member(&database, &sam, Role::Coder);

    // Through Polyphony: a reviewer comments but cannot code; a coder codes
    // but cannot change the codebook.
    let mut reviewer = open(&rita_url, "Rita");
    let comment = Command::AddComment {
        comment: Comment {
            id: CommentId::new(),
            author: "Rita".to_owned(),
            target: Target::Project,
            kind: CommentKind::Question,
            body: "Is \"hope\" the participants' word?".to_owned(),
            reply_to: None,
            created_at: 1,
            resolution: None,
        },
    };
    reviewer.apply(comment).expect("a reviewer comments");
    let coding = new_coding(&reviewer, "Hope", 400);
    let said = message(reviewer.apply(coding));
    assert!(said.contains("refused"), "{said}");
    let mut coder = open(&sam_url, "Sam");
    let hope = coder.project().find_code("Hope").expect("Hope").id;
    let rename = coder
        .commands()
        .update_code(hope, |code| "Optimism".clone_into(&mut code.name))
        .expect("a rename");
    let said = message(coder.apply(rename));
    assert!(said.contains("refused"), "{said}");

    // By hand, as the reviewer: no coding can be written to the table, and
    // no step past the role into the journal, alone or in a batch.
    let mut by_hand = postgres::Client::connect(&rita_url, postgres::NoTls).expect("rita connects");
    let error = by_hand
        .execute(
            "INSERT INTO codings VALUES ('a', 'b', 'c', 'd', 1, 2, 3, '')",
            &[],
        )
        .expect_err("a reviewer cannot write a coding");
    assert!(
        db_message(&error).contains("permission denied"),
        "{error:?}"
    );
    let smuggled = serde_json::to_string(&new_coding(&reviewer, "Hope", 500)).expect("JSON");
    let batch = format!(
        r#"{{"batch": {{"label": "tidy", "commands": [{{"add_comment": {{}}}}, {smuggled}]}}}}"#
    );
    for command in [smuggled.as_str(), batch.as_str()] {
        let error = by_hand
            .execute(
                "INSERT INTO journal(coder, action, label, history_seq, detail, command)
                 VALUES ('Ana', 'do', 'apply code', 0, '', $1::text::jsonb)",
                &[&command],
            )
            .expect_err("a reviewer's journal row past their role is refused");
        assert!(
            db_message(&error).contains("may not add coding"),
            "{error:?}"
        );
    }
    // Nor can the journal be rewritten, or a step signed with another name.
    let error = by_hand
        .execute("UPDATE journal SET author = 'ana'", &[])
        .expect_err("the journal is append-only");
    assert!(
        db_message(&error).contains("permission denied"),
        "{error:?}"
    );
    by_hand
        .execute(
            "INSERT INTO journal(coder, action, label, history_seq, detail, command, author, author_role)
             VALUES ('Rita', 'do', 'a comment', 0, '', '{\"add_comment\": {}}'::jsonb, 'someone_else', 'lead')",
            &[],
        )
        .expect("a reviewer may journal a comment");
    let row = by_hand
        .query_one(
            "SELECT author, author_role FROM journal ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .expect("the last step");
    assert_eq!(row.get::<_, String>(0), rita);
    assert_eq!(row.get::<_, String>(1), "reviewer");
}

#[test]
fn a_lost_server_refuses_changes_plainly_and_is_reached_again_by_itself() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let _built = published(&database);
    let mut lead = open(&database.url(), "Ana");
    let before = file_rows(lead.path());
    database.allow_connections(false);
    let coding = new_coding(&lead, "Hope", 600);
    let said = message(lead.apply(coding.clone()));
    assert!(said.contains("nothing was changed"), "{said}");
    assert!(said.contains("connects again by itself"), "{said}");
    assert_eq!(file_rows(lead.path()), before, "the copy is as it was");
    assert!(
        lead.history().done.is_empty(),
        "nothing pretends to be saved"
    );
    // While it is away, reading goes on.
    assert!(lead.project().find_code("Hope").is_some());
    // Once it is back, the next change reaches it with no reopening.
    database.allow_connections(true);
    lead.apply(coding).expect("the server is reached again");
    assert_eq!(file_rows(lead.path()), server_rows(&database, lead.path()));
}
