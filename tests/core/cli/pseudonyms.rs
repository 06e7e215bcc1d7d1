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
    assert!(added.contains("add pseudonym P27"), "{added}");
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
    assert_eq!(replacement("Maria López").as_deref(), Some("P27"));
    assert_eq!(
        replacement("Tom Baker").as_deref(),
        Some("P28"),
        "the next number that neither the key nor a participant's pseudonym attribute holds"
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

/// Every byte a file holds as text, with the parts of a zip (DOCX, XLSX, QDPX)
/// unpacked.
fn text_of(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).expect("the output was written");
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(&bytes)) else {
        return String::from_utf8_lossy(&bytes).into_owned();
    };
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("a part of the archive");
        text.push_str(&part.name().unwrap_or_default());
        text.push('\n');
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut content).expect("the part reads");
        text.push_str(&String::from_utf8_lossy(&content));
        text.push('\n');
    }
    text
}

/// The demo project at `project` with names where it has none yet (a memo, a code,
/// a theme's definition, a document's attribute) and a key for its fictional names;
/// the key's real terms.
fn demo_with_names_and_a_key(project: &str, key_file: &str) -> Vec<String> {
    // Names where the demo has none yet: a memo, a code, a theme's definition
    // and a document's attribute.
    ok(&[
        "memo",
        project,
        "add",
        "--title",
        "Call with Zoë Adebayo",
        "--text",
        "Zoë Adebayo moved to Harrogate; write to zoe.adebayo@example.org.",
    ]);
    ok(&[
        "codebook",
        project,
        "rename",
        "Hope",
        "Hope, as Marcus Reid put it",
    ]);
    let themes = json(&["themes", project, "--json"]);
    let theme = themes["themes"][0]["name"]
        .as_str()
        .expect("a theme")
        .to_owned();
    ok(&[
        "theme",
        project,
        "edit",
        &theme,
        "--definition",
        "What Amara Osei and HELEN MARSH said about Harrogate.",
    ]);
    ok(&[
        "attribute",
        project,
        "document",
        "peer-05-amara-osei",
        "town",
        "Harrogate",
    ]);

    // The key: each participant's pseudonym attribute, the interviewer, a place and
    // an email.
    let mut key = String::from("real,replacement,category,variants\n");
    let mut real_terms = Vec::new();
    for participant in json(&["participants", project, "--json"])
        .as_array()
        .expect("a list")
    {
        let name = participant["name"].as_str().expect("a name");
        if let Some(pseudonym) = participant["attributes"]["pseudonym"].as_str() {
            key.push_str(&format!("\"{name}\",{pseudonym},participant,\n"));
            real_terms.push(name.to_owned());
        }
    }
    key.push_str("Ruth Bell,Interviewer,person,\nHarrogate,[town],place,\nzoe.adebayo@example.org,[email],contact,\n");
    real_terms.extend(["Ruth Bell", "Harrogate", "zoe.adebayo@example.org"].map(str::to_owned));
    assert!(real_terms.len() > 20, "{real_terms:?}");
    std::fs::write(key_file, key).expect("write the key");
    ok(&["pseudonyms", project, "import", key_file]);

    real_terms
}

/// Every real term, its first name and surname alone, as written and in capitals,
/// and full names as file names write them ("amara-osei").
fn forms_of(real_terms: &[String]) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for term in real_terms {
        forms.push(term.clone());
        forms.push(term.to_uppercase());
        if !term.contains('@') {
            let parts: Vec<&str> = term.split_whitespace().collect();
            for part in parts.iter().filter(|part| part.chars().count() >= 3) {
                forms.push((*part).to_owned());
                forms.push(part.to_uppercase());
            }
            forms.push(
                parts
                    .iter()
                    .map(|part| part.to_lowercase())
                    .collect::<Vec<_>>()
                    .join("-"),
            );
        }
    }
    forms
}

/// Which of `forms` stand in `text` as whole words.
fn leaks(forms: &[String], text: &str) -> Vec<String> {
    forms
        .iter()
        .filter(|form| {
            let pattern = format!(
                r"(^|[^\p{{L}}\p{{N}}]){}($|[^\p{{L}}\p{{N}}])",
                regex::escape(form)
            );
            regex::Regex::new(&pattern)
                .expect("a pattern")
                .is_match(text)
        })
        .cloned()
        .collect()
}

/// How many coded segments the project at `project` lists.
fn segment_count(project: &str) -> Option<usize> {
    json(&["segments", project, "--json"])
        .as_array()
        .map(Vec::len)
}

/// Every output there is: the command, its options before `--out`, and the file.
const EVERY_OUTPUT: &[(&str, &str, &str)] = &[
    ("report", "--format docx", "report.docx"),
    ("report", "--format html", "report.html"),
    ("report", "--format md", "report.md"),
    ("review-packet", "", "packet.html"),
    ("map", "", "map.svg"),
    ("export", "--format qdpx", "study.qdpx"),
    ("export", "--format qdc", "codebook.qdc"),
    ("export", "--format segments-csv", "segments.csv"),
    ("export", "--format segments-xlsx", "segments.xlsx"),
    ("export", "--format codebook-xlsx", "codebook.xlsx"),
    ("export", "--format matrix-csv", "matrix.csv"),
];

#[test]
fn with_a_key_every_output_carries_pseudonyms_unless_identifiable_output_is_chosen() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let project = at("study.polyphony");
    ok(&["demo", &project]);
    let key_file = at("key.csv");
    let real_terms = demo_with_names_and_a_key(&project, &key_file);
    let forms = forms_of(&real_terms);
    let leaks = |text: &str| leaks(&forms, text);
    nothing_leaves(&at, &project, &forms, "peer-05-amara-osei");
    // They still read right: the pseudonyms stand where the names were (Markdown
    // escapes the brackets).
    let report = std::fs::read_to_string(at("report.md")).expect("the report");
    assert!(
        report.contains(r"What \[P05\] and \[P06\] said about \[town\]."),
        "{report}"
    );
    let segments = std::fs::read_to_string(at("segments.csv")).expect("the table");
    assert!(segments.contains("Hope, as [P03] put it"), "{segments}");

    // The QDPX's selections stand on the replaced text: it comes back in whole,
    // with every coding on the pseudonymised passage.
    let back = at("back.polyphony");
    ok(&["new", &back]);
    ok(&["import", &back, &at("study.qdpx")]);
    assert_eq!(segment_count(&back), segment_count(&project));
    let back_segments = ok(&["segments", &back]);
    assert_eq!(leaks(&back_segments), Vec::<String>::new());

    // The copy to share: no byte of the file names anyone, codings stand on the
    // replaced text, the key is not inside, and it works like any project.
    let shared = at("shared.polyphony");
    let said = ok(&["share", &project, "--out", &shared]);
    assert!(said.contains("no key inside"), "{said}");
    assert_eq!(
        leaks(&text_of(std::path::Path::new(&shared))),
        Vec::<String>::new()
    );
    assert!(ok(&["pseudonyms", &shared, "list"]).contains("no pseudonym key yet"));
    assert_eq!(segment_count(&shared), segment_count(&project));
    let shared_segments = ok(&["segments", &shared]);
    assert!(shared_segments.contains("[P03]"), "{shared_segments}");
    assert_eq!(leaks(&shared_segments), Vec::<String>::new());
    ok(&[
        "codebook",
        &shared,
        "rename",
        "Hope, as [P03] put it",
        "Hope",
    ]);
    ok(&["undo", &shared]);
    assert!(fails(&["share", &project, "--out", &shared]).contains("already exists"));
    let keyless = at("keyless.polyphony");
    ok(&["demo", &keyless]);
    assert!(fails(&["share", &keyless, "--out", &at("x.polyphony")]).contains("no pseudonym key"));

    // Identifiable output takes --identifiable, and the journal says so.
    let plain = at("identifiable.md");
    ok(&[
        "report",
        &project,
        "--format",
        "md",
        "--out",
        &plain,
        "--identifiable",
    ]);
    assert!(!leaks(&std::fs::read_to_string(&plain).expect("written")).is_empty());
    assert!(ok(&["log", &project]).contains("wrote identifiable output, without pseudonyms"));
    // And marking can be plain.
    let unmarked = at("plain.md");
    ok(&[
        "report",
        &project,
        "--format",
        "md",
        "--out",
        &unmarked,
        "--marking",
        "plain",
    ]);
    let unmarked = std::fs::read_to_string(&unmarked).expect("written");
    assert!(unmarked.contains("P05") && !unmarked.contains("[P05]"));
}

#[test]
fn candidates_are_found_with_their_context_then_accepted_rejected_or_mapped_each_one_undo_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir
        .path()
        .join("study.polyphony")
        .to_str()
        .expect("utf-8")
        .to_owned();
    ok(&["demo", &project]);
    let terms = |project: &str| -> Vec<String> {
        json(&["pseudonyms", project, "find", "--json"])
            .as_array()
            .expect("a list")
            .iter()
            .map(|candidate| candidate["term"].as_str().expect("a term").to_owned())
            .collect()
    };

    let found = json(&["pseudonyms", &project, "find", "--json"]);
    let candidate = |term: &str| {
        found
            .as_array()
            .expect("a list")
            .iter()
            .find(|candidate| candidate["term"] == term)
            .cloned()
            .unwrap_or_else(|| panic!("{term} is a candidate: {found}"))
    };
    let amara = candidate("Amara Osei");
    assert_eq!(amara["found_as"], "speaker label");
    assert_eq!(amara["category"], "participant");
    assert!(amara["count"].as_u64().expect("a count") >= 10, "{amara}");
    assert_eq!(amara["contexts"][0]["place"], "peer-05-amara-osei");
    assert!(
        !amara["contexts"][0]["after"]
            .as_str()
            .expect("text")
            .is_empty()
    );
    assert_eq!(candidate("Patel")["found_as"], "capitalised word");
    let shown = ok(&["pseudonyms", &project, "find", "--limit", "3"]);
    assert!(shown.contains("…and "), "the rest are counted: {shown}");
    assert!(shown.contains(" reject \"TERM\""), "{shown}");
    let listed = ok(&["docs", &project]);

    // Accepting the speaker takes their name parts out of the candidates.
    ok(&[
        "pseudonyms",
        &project,
        "accept",
        "Amara Osei",
        "--category",
        "participant",
    ]);
    let left = terms(&project);
    for gone in ["Amara Osei", "Amara", "Osei"] {
        assert!(!left.contains(&gone.to_owned()), "{gone} is in the key now");
    }

    let rejected = ok(&["pseudonyms", &project, "reject", "Finland"]);
    assert!(
        !rejected.contains("Finland"),
        "no real term in the label: {rejected}"
    );
    assert!(!terms(&project).contains(&"Finland".to_owned()));
    ok(&["undo", &project]);
    assert!(
        terms(&project).contains(&"Finland".to_owned()),
        "the rejection is undone"
    );

    let mapped = ok(&[
        "pseudonyms",
        &project,
        "map",
        "Osei's",
        "--to",
        "Amara Osei",
    ]);
    assert!(mapped.contains("change pseudonym P05"), "{mapped}");
    let key = json(&["pseudonyms", &project, "list", "--json"]);
    assert_eq!(key[0]["variants"][0], "Osei's");

    let error = fails(&[
        "pseudonyms",
        &project,
        "map",
        "Patel",
        "--to",
        "Nobody Here",
    ]);
    assert!(error.contains("not in the pseudonym key"), "{error}");
    let error = fails(&["pseudonyms", &project, "reject", "  "]);
    assert!(error.contains("name the candidate"), "{error}");
    assert_eq!(
        ok(&["docs", &project]),
        listed,
        "finding and deciding change no document"
    );
}

/// Runs polyphony with `passphrase` as the key's passphrase (none: unset).
fn with_passphrase(passphrase: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_polyphony"));
    command.args(args).env_remove("POLYPHONY_KEY_PASSPHRASE");
    if let Some(passphrase) = passphrase {
        command.env("POLYPHONY_KEY_PASSPHRASE", passphrase);
    }
    command.output().expect("the polyphony binary runs")
}

fn sealed_ok(args: &[&str]) -> String {
    let output = with_passphrase(Some("a long passphrase"), args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{args:?} failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn sealed_fails(passphrase: Option<&str>, args: &[&str]) -> String {
    let output = with_passphrase(passphrase, args);
    assert!(!output.status.success(), "{args:?} should have failed");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_key_kept_apart_is_sealed_needed_for_every_output_and_never_in_the_project() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, key) = (at("study.polyphony"), at("study.key"));
    ok(&["demo", &project]);

    let done = sealed_ok(&[
        "pseudonyms",
        &project,
        "--key",
        &key,
        "add",
        "Amara Osei",
        "--category",
        "participant",
    ]);
    assert!(done.contains("add pseudonym P05"), "{done}");
    sealed_ok(&[
        "pseudonyms",
        &project,
        "--key",
        &key,
        "add",
        "Leeds",
        "--category",
        "place",
    ]);
    let sealed = std::fs::read(&key).expect("the key file");
    assert!(sealed.starts_with(b"age-encryption.org/v1"));
    assert!(
        !sealed.windows(5).any(|window| window == b"Amara"),
        "the key is never in clear on disk"
    );
    let listed = sealed_ok(&["pseudonyms", &project, "--key", &key, "list", "--json"]);
    assert!(
        listed.contains("Amara Osei") && listed.contains("P05"),
        "{listed}"
    );

    // The project holds no entry, and its own key cannot be changed past the file.
    let error = fails(&["pseudonyms", &project, "add", "Marcus Reid"]);
    assert!(error.contains("kept apart in a key file"), "{error}");
    let log = ok(&["log", &project]);
    assert!(
        log.contains("changed the pseudonym key kept apart: add pseudonym P05"),
        "{log}"
    );
    assert!(
        !log.contains("Amara Osei"),
        "the journal names no real term of the key"
    );

    let wrong = sealed_fails(
        Some("not it"),
        &["pseudonyms", &project, "--key", &key, "list"],
    );
    assert!(wrong.contains("the passphrase does not open"), "{wrong}");
    let none = sealed_fails(None, &["pseudonyms", &project, "--key", &key, "list"]);
    assert!(none.contains("POLYPHONY_KEY_PASSPHRASE"), "{none}");

    // Every output needs the key, or the explicit identifiable choice.
    let report = at("report.md");
    let needed = fails(&["report", &project, "--format", "md", "--out", &report]);
    assert!(needed.contains("add --key FILE"), "{needed}");
    assert!(
        !std::path::Path::new(&report).exists(),
        "nothing is written without the key"
    );
    sealed_ok(&[
        "report", &project, "--format", "md", "--out", &report, "--key", &key,
    ]);
    let written = std::fs::read_to_string(&report).expect("the report");
    assert!(
        !written.contains("Amara") && !written.contains("Osei"),
        "{written}"
    );
    // So does a listing with pseudonyms.
    let listing = fails(&["participants", &project, "--pseudonymised"]);
    assert!(listing.contains("add --key FILE"), "{listing}");
    let listed = sealed_ok(&["participants", &project, "--pseudonymised", "--key", &key]);
    assert!(
        !listed.contains("Amara") && listed.contains("[P05]"),
        "{listed}"
    );
    let candidates = sealed_ok(&["pseudonyms", &project, "--key", &key, "find", "--json"]);
    assert!(
        !candidates.contains("\"Amara Osei\""),
        "the key apart is known to find"
    );

    let copy = at("shared.polyphony");
    sealed_ok(&["share", &project, "--key", &key, "--out", &copy]);
    let exported = at("shared.qdpx");
    ok(&["export", &copy, "--format", "qdpx", "--out", &exported]);

    let other = at("other.polyphony");
    let other_key = at("other.key");
    ok(&["demo", &other]);
    sealed_ok(&["pseudonyms", &other, "--key", &other_key, "add", "Leeds"]);
    let mismatch = sealed_fails(
        Some("a long passphrase"),
        &[
            "report",
            &project,
            "--format",
            "md",
            "--out",
            &at("r2.md"),
            "--key",
            &other_key,
        ],
    );
    assert!(mismatch.contains("key of another project"), "{mismatch}");

    let undone = sealed_ok(&["pseudonyms", &project, "--key", &key, "undo"]);
    assert!(undone.contains("undo add pseudonym [place]"), "{undone}");
    let listed = sealed_ok(&["pseudonyms", &project, "--key", &key, "list", "--json"]);
    assert!(
        !listed.contains("Leeds") && listed.contains("Amara Osei"),
        "{listed}"
    );
}

/// Every listing, as a person would run it to paste into an email.
const EVERY_LISTING: &[&[&str]] = &[
    &["docs"],
    &["participants"],
    &["search", "Harrogate"],
    &["codes"],
    &["segments"],
    &["segments", "--csv"],
    &["themes"],
    &["memo", "list"],
    &["comments"],
    &["log"],
    &["uncovered"],
];

#[test]
fn listings_print_pseudonyms_only_when_asked_marked_as_chosen_and_need_a_key() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let project = at("study.polyphony");
    ok(&["demo", &project]);
    let real_terms = demo_with_names_and_a_key(&project, &at("key.csv"));
    let forms = forms_of(&real_terms);

    // Without the flag a listing names people, so the checks of
    // `nothing_leaves` can fail.
    let plain = ok(&["docs", &project]);
    assert!(!leaks(&forms, &plain).is_empty(), "{plain}");

    let shown = ok(&["docs", &project, "--pseudonymised"]);
    assert!(shown.contains("peer-05-[P05]"), "{shown}");
    let plain = ok(&["docs", &project, "--pseudonymised", "--marking", "plain"]);
    assert!(plain.contains("peer-05-P05 "), "{plain}");

    // A project without a key has nothing to replace with, and says so.
    let keyless = at("keyless.polyphony");
    ok(&["demo", &keyless]);
    let error = fails(&["docs", &keyless, "--pseudonymised"]);
    assert!(error.contains("has no pseudonym key"), "{error}");
    // --key needs --pseudonymised.
    assert!(!fails(&["docs", &project, "--key", "k.key"]).is_empty());
}

/// Checks that every output, the shared copy and every listing with
/// `--pseudonymised` of `project` holds none of `forms`, searching the bytes of
/// each file (unzipped where it is a zip); `document` is one to `show`.
fn nothing_leaves(at: &dyn Fn(&str) -> String, project: &str, forms: &[String], document: &str) {
    for &(command, options, file) in EVERY_OUTPUT {
        let out = at(file);
        let mut args = vec![command, project];
        args.extend(options.split_whitespace());
        args.extend(["--out", out.as_str()]);
        ok(&args);
        let text = text_of(std::path::Path::new(&out));
        assert_eq!(
            leaks(forms, &text),
            Vec::<String>::new(),
            "{file} names real people or places"
        );
    }
    let shared = at("nothing-leaves-shared.polyphony");
    ok(&["share", project, "--out", &shared]);
    assert_eq!(
        leaks(forms, &text_of(std::path::Path::new(&shared))),
        Vec::<String>::new(),
        "the shared copy names real people or places"
    );
    let show: &[&str] = &["show", document];
    for listing in EVERY_LISTING.iter().copied().chain([show]) {
        let (command, rest) = listing.split_first().expect("a command");
        let mut args = vec![*command, project];
        args.extend_from_slice(rest);
        args.push("--pseudonymised");
        let printed = ok(&args);
        assert!(!printed.trim().is_empty(), "{args:?} printed nothing");
        let leaked = leaks(forms, &printed);
        assert!(leaked.is_empty(), "{args:?} names {leaked:?}:\n{printed}");
        if !rest.contains(&"--csv") {
            args.push("--json");
            let printed = json(&args).to_string();
            let leaked = leaks(forms, &printed);
            assert!(leaked.is_empty(), "{args:?} names {leaked:?}:\n{printed}");
        }
    }
}

/// The fixture of names wherever a name can be, with its key.
fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/pseudonyms/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_project_with_names_wherever_a_name_can_be_lets_none_out() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let project = at("names.polyphony");
    ok(&["new", &project, "--coder", "Lead Researcher"]);
    ok(&[
        "import",
        &project,
        &fixture("interview-amara-osei.txt"),
        &fixture("interview-tom-baker.txt"),
        "--participants",
        &fixture("participants.csv"),
        "--document-attributes",
        &fixture("documents.csv"),
    ]);
    ok(&["code", &project, "--from", &fixture("codings.csv")]);
    ok(&[
        "memo",
        &project,
        "add",
        "--title",
        "Call with Grace Hill",
        "--text",
        "Grace Hill rang from Harrogate about Amara Osei; write to amara.osei@example.org.",
    ]);
    ok(&[
        "theme",
        &project,
        "create",
        "Being heard, as Tom Baker saw it",
        "--concept",
        "Amara Osei was heard in her own words.",
        "--definition",
        "What Amara Osei and Tom Baker said about Riverside Community Mental Health Team.",
    ]);
    ok(&[
        "theme",
        &project,
        "add-code",
        "Being heard, as Tom Baker saw it",
        "Being heard",
    ]);
    let segments = json(&["segments", &project, "--json"]);
    let coding = segments
        .as_array()
        .expect("a list")
        .iter()
        .find(|segment| segment["code"] == "Being heard")
        .and_then(|segment| segment["coding"].as_str())
        .expect("a segment of Being heard")
        .to_owned();
    ok(&[
        "theme",
        &project,
        "add-quote",
        "Being heard, as Tom Baker saw it",
        "--coding",
        &coding,
    ]);
    let theme = json(&["themes", &project, "--json"])["themes"][0]["id"]
        .as_str()
        .expect("a theme id")
        .to_owned();
    let saved = at("review-comments.json");
    std::fs::write(
        &saved,
        format!(
            r#"{{"polyphony_review": 1, "reviewer": "Co-author", "comments": [{{"target": "theme", "id": "{theme}", "kind": "question", "body": "Did Tom Baker mean the team at Harrogate, or Dr Okafor?"}}]}}"#
        ),
    )
    .expect("the saved comments are written");
    ok(&["review-import", &project, &saved]);
    ok(&["pseudonyms", &project, "import", &fixture("key.csv")]);

    // People's names are looked for in every form the matcher replaces (first
    // name, surname); places, services and contact details as written.
    let key = std::fs::read_to_string(fixture("key.csv")).expect("the key");
    let rows: Vec<Vec<&str>> = key
        .lines()
        .skip(1)
        .map(|line| line.split(',').collect())
        .collect();
    let people: Vec<String> = rows
        .iter()
        .filter(|row| matches!(row[2], "participant" | "person"))
        .map(|row| row[0].to_owned())
        .collect();
    let mut forms = forms_of(&people);
    for row in rows
        .iter()
        .filter(|row| !matches!(row[2], "participant" | "person"))
    {
        forms.extend([row[0].to_owned(), row[0].to_uppercase()]);
    }
    // Every place a name can be holds one before the key is applied.
    let everything = [
        ok(&["docs", &project, "--json"]),
        ok(&["participants", &project, "--json"]),
        ok(&["codes", &project]),
        ok(&["themes", &project, "--json"]),
        ok(&["memo", &project, "list"]),
        ok(&["comments", &project]),
        ok(&["show", &project, "interview-amara-osei"]),
    ];
    for (place, printed) in everything.iter().enumerate() {
        assert!(
            !leaks(&forms, printed).is_empty(),
            "place {place} names someone: {printed}"
        );
    }

    nothing_leaves(&at, &project, &forms, "interview-amara-osei");
    // The exports still read right.
    let report = std::fs::read_to_string(at("report.md")).expect("the report");
    assert!(
        report.contains(r"What \[P01\] and \[P02\] said about \[team\]."),
        "{report}"
    );
    let segments = std::fs::read_to_string(at("segments.csv")).expect("the table");
    assert!(
        segments
            .contains("my key worker [key worker] told me about the Open Dialogue team in [town]"),
        "{segments}"
    );
    let shown = ok(&["show", &project, "interview-amara-osei", "--pseudonymised"]);
    // No word is split, possessives and capitals are kept, a replacement that
    // is not a name stands whole for a first name, and a code's label is not
    // shouted.
    for expected in [
        "Tomorrow I'll say more",
        "[key worker]'s colleague",
        "[P01] was spelt wrong",
        "my postcode, [postcode],",
        "[NHS number]",
    ] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
}
