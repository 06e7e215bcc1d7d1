//! The pseudonym key at the terminal: added, listed, imported (a bad file changes
//! nothing), exported, undone, and kept in the project across openings.

use super::{fails, json, ok};

#[test]
fn the_key_is_built_imported_exported_and_undone_at_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let project = at("study.polyphony");
    ok(&["demo", &project]);
    assert!(ok(&["pseudonyms", &project, "list"]).contains("no pseudonym key yet"));

    let added = ok(&[
        "pseudonyms",
        &project,
        "add",
        "Maria López",
        "--category",
        "participant",
    ]);
    assert!(added.contains("add pseudonym P01"), "{added}");
    assert!(
        !added.contains("Maria"),
        "what is said and journalled names no real term: {added}"
    );
    ok(&[
        "pseudonyms",
        &project,
        "add",
        "Tom Baker",
        "--category",
        "participant",
    ]);
    ok(&[
        "pseudonyms",
        &project,
        "add",
        "Leeds",
        "--category",
        "place",
    ]);
    ok(&[
        "pseudonyms",
        &project,
        "add",
        "Sam",
        "--as",
        "Alex",
        "--variant",
        "Sammy",
    ]);
    let listed = json(&["pseudonyms", &project, "list", "--json"]);
    let entry = |real: &str| {
        listed
            .as_array()
            .expect("a list")
            .iter()
            .find(|entry| entry["real"] == real)
            .cloned()
            .unwrap_or_default()
    };
    let replacement = |real: &str| entry(real)["replacement"].as_str().map(str::to_owned);
    assert_eq!(replacement("Maria López").as_deref(), Some("P01"));
    assert_eq!(
        replacement("Tom Baker").as_deref(),
        Some("P02"),
        "the next number"
    );
    assert_eq!(replacement("Leeds").as_deref(), Some("[place]"));
    assert_eq!(entry("Sam")["variants"][0], "Sammy");
    let log = ok(&["log", &project]);
    assert!(!log.contains("López") && !log.contains("Leeds"), "{log}");

    assert!(
        fails(&["pseudonyms", &project, "add", "Rex", "--category", "pet"])
            .contains("is not a category")
    );
    assert!(
        fails(&["pseudonyms", &project, "remove", "Nobody"])
            .contains("is not in the pseudonym key")
    );

    let bad = at("bad.csv");
    std::fs::write(
        &bad,
        "real,replacement,category,variants\nAna Ruiz,P09,participant,\n,oops,person,\nBob,B,pet,\n",
    )
    .expect("write");
    let refused = fails(&["pseudonyms", &project, "import", &bad]);
    assert!(refused.contains("nothing was imported"), "{refused}");
    assert!(
        refused.contains("line 3") && refused.contains("line 4"),
        "{refused}"
    );
    assert_eq!(json(&["pseudonyms", &project, "list", "--json"]), listed);

    let good = at("key.csv");
    std::fs::write(
        &good,
        "Real,Replacement,Category,Variants\n\"Ana Ruiz\",P09,participant,Annie; Nana\nLeeds General,[hospital],organization,\n",
    )
    .expect("write");
    assert!(
        ok(&["pseudonyms", &project, "import", &good]).contains("import 2 pseudonyms from key.csv")
    );
    let exported = at("out.csv");
    ok(&["pseudonyms", &project, "export", &exported]);
    let written = std::fs::read_to_string(&exported).expect("the key was written");
    assert!(
        written.starts_with("real,replacement,category,variants\n"),
        "{written}"
    );
    assert!(
        written.contains("Ana Ruiz,P09,participant,Annie; Nana"),
        "{written}"
    );
    assert!(
        written.contains("Leeds General,[hospital],organisation,"),
        "{written}"
    );
    // What goes out comes back: the exported key imports as the same key.
    let again = at("again.polyphony");
    ok(&["demo", &again]);
    ok(&["pseudonyms", &again, "import", &exported]);
    assert_eq!(
        json(&["pseudonyms", &again, "list", "--json"]),
        json(&["pseudonyms", &project, "list", "--json"])
    );

    // The import is one step.
    ok(&["undo", &project]);
    assert_eq!(json(&["pseudonyms", &project, "list", "--json"]), listed);
    ok(&["pseudonyms", &project, "remove", "Sam"]);
    ok(&["undo", &project]);
    assert_eq!(json(&["pseudonyms", &project, "list", "--json"]), listed);
}
