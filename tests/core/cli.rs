//! Runs the real `polyphony` binary on the sample corpus in temporary folders,
//! as a user at a terminal would, and checks what it prints.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::corpus;

#[path = "cli/pseudonyms.rs"]
mod pseudonyms;
#[path = "cli/refi_merge.rs"]
mod refi_merge;
#[path = "cli/scripting.rs"]
mod scripting;
#[path = "cli/shared.rs"]
mod shared;
#[path = "cli/tables.rs"]
mod tables;
#[path = "cli/team.rs"]
mod team;

/// The demo project in `dir` and a blind copy for Sam, in which Sam coded the
/// start of peer-01 with Hope, merged back: two coders who differ.
fn demo_with_sam(dir: &Path) -> (String, String) {
    let at = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    let (project, copy) = (at("study.polyphony"), at("sam.polyphony"));
    ok(&["demo", &project]);
    ok(&[
        "copy", &project, "--coder", "Sam", "--out", &copy, "--blind",
    ]);
    ok(&[
        "code", &copy, "--doc", "peer-01", "--start", "0", "--end", "400", "--code", "Hope",
        "--coder", "Sam",
    ]);
    ok(&["merge", &project, &copy]);
    (project, copy)
}

/// A count or offset in the CLI's JSON (0 when it is missing), as an index.
fn count_in(value: &Value) -> usize {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
}

/// How many transcripts the sample corpus holds, counted from its folder.
fn sample_transcripts() -> usize {
    std::fs::read_dir(corpus().join("transcripts")).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .count()
    })
}

fn polyphony(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_polyphony"))
        .args(args)
        .output()
        .expect("the polyphony binary runs")
}

/// Runs a command that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let output = polyphony(args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "polyphony {args:?} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    stdout
}

/// Runs a command that must fail and returns its stderr.
fn fails(args: &[&str]) -> String {
    let output = polyphony(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "polyphony {args:?} should have failed\n--- stdout\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    stderr
}

fn json(args: &[&str]) -> Value {
    let stdout = ok(args);
    serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{args:?}: {error}\n{stdout}"))
}

/// A project with the whole sample corpus and both attribute tables imported.
fn imported_project(dir: &Path) -> String {
    let project = dir.join("study.polyphony");
    let project = project.to_str().expect("utf-8 temp path").to_owned();
    ok(&["new", &project, "--coder", "Ruth"]);
    let transcripts = corpus().join("transcripts");
    let participants = corpus().join("participants.csv");
    let documents = corpus().join("documents.csv");
    ok(&[
        "import",
        &project,
        transcripts.to_str().unwrap_or_default(),
        "--participants",
        participants.to_str().unwrap_or_default(),
        "--document-attributes",
        documents.to_str().unwrap_or_default(),
    ]);
    project
}

#[test]
fn importing_the_sample_corpus_finds_every_document_and_speaker() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let docs = json(&["docs", &project, "--json"]);
    let docs = docs.as_array().expect("a list");
    assert_eq!(docs.len(), sample_transcripts());
    let formats: std::collections::BTreeSet<&str> = docs
        .iter()
        .filter_map(|doc| doc["format"].as_str())
        .collect();
    for format in ["txt", "md", "docx", "vtt", "srt", "otter", "pdf"] {
        assert!(
            formats.contains(format),
            "no {format} document in {formats:?}"
        );
    }
    let focus_group = docs
        .iter()
        .find(|doc| doc["name"] == "focus-group-01-north")
        .expect("focus group 1");
    assert_eq!(focus_group["speakers"].as_array().map(Vec::len), Some(6));
    assert_eq!(focus_group["attributes"]["type"], "focus group");
    let helen = docs
        .iter()
        .find(|doc| doc["name"] == "nonpeer-01-helen-marsh")
        .expect("Helen's interview");
    assert_eq!(helen["encoding"], "windows-1252");
    let ingrid = docs
        .iter()
        .find(|doc| doc["name"] == "nonpeer-05-ingrid-solberg")
        .expect("Ingrid's interview");
    assert_eq!(ingrid["encoding"], "UTF-16LE");
    for doc in docs {
        assert!(doc["turns"].as_u64().unwrap_or(0) >= 20, "{}", doc["name"]);
    }
    // The interviews whose turns say only "Interviewer" and "Participant" get their
    // people from the attribute tables, and no empty role participants are left.
    let people = who_speaks_where(&project);
    for expected in [
        "Leah Byrne: peer-06-interview",
        "Omar Farouk: nonpeer-06-interview",
        "Ruth Bell: peer-06-interview",
        "Ruth Bell: nonpeer-01-helen-marsh",
        "Ruth Bell: nonpeer-04-tom-fletcher-otter",
        "Facilitator (focus-group-01-north): focus-group-01-north",
    ] {
        assert!(
            people.contains(&expected.to_owned()),
            "{expected} in {people:?}"
        );
    }
    let participants = json(&["participants", &project, "--json"]);
    for participant in participants.as_array().into_iter().flatten() {
        assert!(
            participant["documents"]
                .as_array()
                .is_some_and(|docs| !docs.is_empty()),
            "{participant} speaks nowhere"
        );
    }
    let facilitator = participants
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "Facilitator (focus-group-02-east)")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        facilitator["attributes"]["group"], "research team",
        "{facilitator}"
    );
}

#[test]
fn show_lists_turns_whose_ranges_slice_the_text_and_marks_interviewers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    for name in [
        "peer-04-jose-almeida-otter",
        "focus-group-01-north",
        "peer-02-siobhan-kelly",
    ] {
        let shown = json(&["show", &project, name, "--json"]);
        let text: Vec<char> = shown["text"].as_str().unwrap_or_default().chars().collect();
        let turns = shown["turns"].as_array().expect("turns");
        assert!(!turns.is_empty());
        for turn in turns {
            let start = count_in(&turn["start"]);
            let end = count_in(&turn["end"]);
            let slice: String = text[start..end].iter().collect();
            assert_eq!(slice, turn["text"].as_str().unwrap_or_default());
        }
        let interviewer_turns = turns
            .iter()
            .filter(|turn| turn["is_interviewer"] == true)
            .count();
        assert!(
            interviewer_turns > 3,
            "{name}: interviewer turns not marked"
        );
    }
    // Ruth Bell is not called an interviewer in the Otter file; the
    // participants CSV says she is one.
    let jose = json(&["show", &project, "peer-04-jose-almeida-otter", "--json"]);
    let ruth = jose["turns"]
        .as_array()
        .and_then(|turns| turns.iter().find(|turn| turn["speaker"] == "Ruth Bell"))
        .expect("Ruth Bell speaks");
    assert_eq!(ruth["is_interviewer"], true);
    // A speaker can be linked to another participant, and that is undoable.
    let said = ok(&[
        "link",
        &project,
        "--doc",
        "peer-04-jose-almeida-otter",
        "--speaker",
        "Ruth Bell",
        "--participant",
        "R. Bell (research team)",
    ]);
    assert!(said.contains("link speaker Ruth Bell"), "{said}");
    let relinked = json(&["show", &project, "peer-04-jose-almeida-otter", "--json"]);
    assert!(relinked["turns"].as_array().is_some_and(|turns| {
        turns
            .iter()
            .any(|t| t["participant"] == "R. Bell (research team)")
    }));
    ok(&["undo", &project]);
    let restored = json(&["show", &project, "peer-04-jose-almeida-otter", "--json"]);
    assert!(
        restored["turns"]
            .as_array()
            .is_some_and(|turns| turns.iter().any(|t| t["participant"] == "Ruth Bell"))
    );
    assert!(
        fails(&[
            "link",
            &project,
            "--doc",
            "peer-01",
            "--speaker",
            "Nobody",
            "--participant",
            "X"
        ])
        .contains("nobody called")
    );
    let text = ok(&["show", &project, "peer-01"]);
    assert!(text.contains("Zoë Adebayo"), "{text}");
    assert!(text.contains("[0:00:"), "timestamps are shown:\n{text}");
}

#[test]
fn search_supports_the_query_language_regex_and_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let search = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["search", project.as_str()];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--json", "--limit", "1000"]);
        json(&all)["hits"].as_array().cloned().unwrap_or_default()
    };
    // Stemming: "meetings" finds "meeting".
    let stemmed = search(&["meetings"]);
    assert!(
        stemmed
            .iter()
            .any(|hit| hit["matched"].as_str() == Some("meeting"))
    );
    // Exact phrase: every hit is the phrase.
    let phrase = search(&["\"network meeting\""]);
    assert!(!phrase.is_empty());
    for hit in &phrase {
        assert!(
            hit["matched"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase()
                .starts_with("network meeting"),
            "{hit}"
        );
    }
    // Boolean: OR finds at least as much as either side; NOT removes.
    let hope = search(&["hope"]).len();
    let either = search(&["hope OR jargon"]).len();
    assert!(either > hope);
    let without = search(&["hope -family"]);
    assert!(without.len() <= hope);
    // Fuzzy: a misspelling still finds the word (edits count on the stem).
    let fuzzy = search(&["suprevision~1"]);
    assert!(fuzzy.iter().any(|hit| {
        hit["matched"]
            .as_str()
            .is_some_and(|m| m.to_lowercase().starts_with("supervision"))
    }));
    // Proximity: words near each other.
    assert!(!search(&["\"peer role\"~3"]).is_empty());
    // Regex runs over the stored text, including non-ASCII.
    let regex = search(&["Zo[eë]\\b", "--regex"]);
    assert!(regex.iter().any(|hit| hit["matched"] == "Zoë"));
    // Filters: speaker and participant attribute.
    for hit in search(&["jargon", "--speaker", "Marcus Reid"]) {
        assert_eq!(hit["speaker"], "Marcus Reid");
    }
    let peers = search(&["jargon", "--where", "group=peer"]);
    assert!(!peers.is_empty());
    for hit in &peers {
        assert!(
            hit["document_name"]
                .as_str()
                .unwrap_or_default()
                .starts_with("peer-"),
            "{hit}"
        );
    }
    for hit in search(&["hope", "--doc", "peer-01"]) {
        assert_eq!(hit["document_name"], "peer-01-zoe-adebayo");
    }
    // The code filter keeps hits inside codings of that code.
    ok(&[
        "code",
        &project,
        "--doc",
        "peer-01-zoe-adebayo",
        "--start",
        "522",
        "--end",
        "1429",
        "--code",
        "Origins",
    ]);
    let coded = search(&["peer", "--code", "Origins"]);
    assert!(!coded.is_empty());
    for hit in &coded {
        assert_eq!(hit["document_name"], "peer-01-zoe-adebayo");
        let start = hit["start"].as_u64().unwrap_or(0);
        assert!((522..1429).contains(&start), "{hit}");
    }
    assert!(search(&["peer"]).len() > coded.len());
    // Every hit carries its range, speaker and context, and the range slices
    // the document text to the matched words.
    let shown = json(&["show", &project, "focus-group-01-north", "--json"]);
    let text: Vec<char> = shown["text"].as_str().unwrap_or_default().chars().collect();
    for hit in search(&["WhatsApp", "--doc", "focus-group-01-north"]) {
        let start = count_in(&hit["start"]);
        let end = count_in(&hit["end"]);
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            hit["matched"].as_str().unwrap_or_default()
        );
        assert!(hit["speaker"].is_string());
        assert!(!hit["before"].as_str().unwrap_or_default().is_empty());
    }
}

#[test]
fn coding_undo_and_redo_survive_reopening_and_are_journalled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let coded = json(&[
        "code",
        &project,
        "--doc",
        "peer-01-zoe-adebayo",
        "--start",
        "214",
        "--end",
        "240",
        "--code",
        "Warm-up",
        "--coder",
        "Sam",
        "--json",
    ]);
    assert_eq!(coded["start"], 214);
    assert_eq!(coded["coder"], "Sam");
    let codes = json(&["codes", &project, "--json"]);
    let warm = codes
        .as_array()
        .and_then(|codes| codes.iter().find(|code| code["name"] == "Warm-up"))
        .expect("the new code is listed");
    assert_eq!(warm["codings"], 1);
    let segments = json(&["segments", &project, "--code", "Warm-up", "--json"]);
    assert_eq!(segments.as_array().map(Vec::len), Some(1));
    assert_eq!(segments[0]["speaker"], "Zoë Adebayo");
    assert_eq!(segments[0]["attributes"]["group"], "peer");

    assert!(ok(&["undo", &project]).contains("apply new code Warm-up"));
    assert!(fails(&["segments", &project, "--code", "Warm-up"]).contains("no code matches"));
    assert!(ok(&["redo", &project]).contains("Warm-up"));
    assert_eq!(
        json(&["segments", &project, "--code", "Warm-up", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(fails(&["redo", &project]).contains("nothing to redo"));

    let log = json(&["log", &project, "--json"]);
    let actions: Vec<&str> = log
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|row| row["action"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(actions.ends_with(&["do", "undo", "redo"]), "{actions:?}");
    let last = log.as_array().and_then(|rows| rows.last()).expect("rows");
    assert_eq!(
        last["coder"], "Sam",
        "undo and redo are by the last coder named"
    );
    assert!(last["at"].as_str().unwrap_or_default().starts_with("20"));
}

#[test]
fn segments_filter_by_speaker_and_attribute() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["demo", project]);
    let all = json(&["segments", project, "--json"]);
    let peers = json(&["segments", project, "--where", "group=peer", "--json"]);
    let nonpeers = json(&["segments", project, "--where", "group=non-peer", "--json"]);
    let count = |value: &Value| value.as_array().map_or(0, Vec::len);
    assert!(count(&all) > 50);
    assert!(count(&peers) > 0 && count(&nonpeers) > 0);
    assert!(count(&peers) + count(&nonpeers) <= count(&all));
    for segment in peers.as_array().into_iter().flatten() {
        assert_eq!(segment["attributes"]["group"], "peer");
    }
    let hope = json(&[
        "segments",
        project,
        "--code",
        "Peer in network meetings",
        "--json",
    ]);
    assert!(hope.as_array().is_some_and(|s| {
        s.iter()
            .any(|seg| seg["code"] == "Peer in network meetings/Hope")
    }));
}

#[test]
fn a_folder_import_reports_what_it_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("mixed");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(
        folder.join("a.txt"),
        "Ann: hello there\n\nBob: hi Ann\n\nAnn: bye",
    )
    .expect("write");
    std::fs::write(folder.join("picture.png"), [0x89, b'P', b'N', b'G']).expect("write");
    std::fs::write(folder.join("broken.docx"), b"not a zip").expect("write");
    std::fs::write(folder.join("bad.vtt"), b"this is not webvtt").expect("write");
    let project = dir.path().join("p.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["new", project]);
    let report = json(&[
        "import",
        project,
        folder.to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(report["imported"], serde_json::json!(["a"]));
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|row| row["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(skipped.len(), 3, "{report}");
    assert!(skipped.iter().any(|path| path.ends_with("picture.png")));
    assert!(report["skipped"].as_array().is_some_and(|rows| {
        rows.iter()
            .all(|row| !row["reason"].as_str().unwrap_or_default().is_empty())
    }));
    // Importing the same file again is skipped, not duplicated.
    let again = json(&[
        "import",
        project,
        folder.join("a.txt").to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(again["imported"].as_array().map(Vec::len), Some(0));
}

#[test]
fn bad_csv_rows_are_reported_by_line_and_nothing_is_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "participant,role,site\nZoë Adebayo,peer practitioner,North\nMarcus Reid,peer practitioner\nZoë Adebayo,peer,North\n").expect("write");
    let before = json(&["participants", &project, "--json"]);
    let error = fails(&[
        "import",
        &project,
        "--participants",
        csv.to_str().unwrap_or_default(),
    ]);
    assert!(error.contains("line 3"), "{error}");
    assert!(error.contains("line 4"), "{error}");
    assert_eq!(json(&["participants", &project, "--json"]), before);

    let docs_csv = dir.path().join("docs.csv");
    std::fs::write(
        &docs_csv,
        "document,type\npeer-01-zoe-adebayo.txt,interview\nno-such-file.txt,interview\n",
    )
    .expect("write");
    // A missing table stops the import before any transcript is added.
    let extra = dir.path().join("extra.txt");
    std::fs::write(&extra, "A: one\n\nB: two\n\nA: three").expect("write");
    let error = fails(&[
        "import",
        &project,
        extra.to_str().unwrap_or_default(),
        "--participants",
        "/no/such/people.csv",
    ]);
    assert!(
        error.contains("could not read /no/such/people.csv"),
        "{error}"
    );
    assert!(!ok(&["docs", &project]).contains("extra"));
    let error = fails(&[
        "import",
        &project,
        "--document-attributes",
        docs_csv.to_str().unwrap_or_default(),
    ]);
    assert!(
        error.contains("line 3") && error.contains("no-such-file"),
        "{error}"
    );
}

#[test]
fn bad_input_gives_clear_errors_and_no_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.polyphony");
    let missing = missing.to_str().unwrap_or_default();
    assert!(fails(&["docs", missing]).contains("does not exist"));
    let folder = fails(&["docs", dir.path().to_str().unwrap_or_default()]);
    assert!(folder.contains("it is a folder"), "{folder}");
    assert_eq!(folder.matches("error").count(), 1, "said once: {folder}");

    let text_file = dir.path().join("notes.polyphony");
    std::fs::write(&text_file, "just some notes").expect("write");
    let error = fails(&["docs", text_file.to_str().unwrap_or_default()]);
    assert!(error.contains("not a Polyphony project"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&text_file).ok().as_deref(),
        Some("just some notes")
    );

    let project = dir.path().join("p.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["new", project]);
    assert!(fails(&["new", project]).contains("already exists"));
    assert!(fails(&["show", project, "nothing"]).contains("no document matches"));
    assert!(fails(&["search", project, "\"unclosed"]).contains("never closed"));
    assert!(fails(&["search", project, "(", "--regex"]).contains("regular expression"));
    assert!(fails(&["segments", project, "--where", "role"]).contains("ATTRIBUTE=VALUE"));
    assert!(fails(&["undo", project]).contains("nothing to undo"));
    assert!(fails(&["import", project]).contains("name the transcripts"));
    let doc = dir.path().join("t.txt");
    std::fs::write(&doc, "A: one two three\n\nB: four five\n\nA: six").expect("write");
    ok(&["import", project, doc.to_str().unwrap_or_default()]);
    let error = fails(&[
        "code", project, "--doc", "t", "--start", "5", "--end", "999", "--code", "X",
    ]);
    assert!(error.contains("not inside"), "{error}");
    let error = fails(&[
        "code", project, "--doc", "t", "--start", "5", "--end", "5", "--code", "X",
    ]);
    assert!(error.contains("start < end"), "{error}");
    // Nothing of the failed codings remains.
    assert_eq!(
        json(&["codes", project, "--json"]).as_array().map(Vec::len),
        Some(0)
    );
    assert!(polyphony(&["--help"]).status.success());
    assert!(!polyphony(&["frobnicate"]).status.success());
}

#[test]
fn demo_writes_a_coded_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().unwrap_or_default();
    let said = ok(&["demo", project]);
    assert!(
        said.contains(&format!("{} documents", sample_transcripts())),
        "{said}"
    );
    let codes = json(&["codes", project, "--json"]);
    assert!(codes.as_array().is_some_and(|codes| codes.len() >= 10));
    assert!(fails(&["demo", project]).contains("already exists"));
}

#[test]
fn refi_qda_and_tables_go_out_and_come_back_through_the_cli() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo.polyphony");
    let demo = demo.to_str().unwrap_or_default();
    ok(&["demo", demo]);
    let qdpx = dir.path().join("study.qdpx");
    let qdpx = qdpx.to_str().unwrap_or_default();
    let said = json(&["export", demo, "--format", "qdpx", "--out", qdpx, "--json"]);
    assert!(
        said["not_carried"].as_array().is_some_and(|lines| lines
            .iter()
            .any(|line| line.as_str().unwrap_or_default().contains("attributes"))),
        "{said}"
    );

    let copy = dir.path().join("copy.polyphony");
    let copy = copy.to_str().unwrap_or_default();
    ok(&["new", copy, "--coder", "Sam"]);
    let imported = json(&["import", copy, qdpx, "--json"]);
    assert!(
        imported["exchange"][0]["report"]["summary"].is_array(),
        "{imported}"
    );
    assert_eq!(code_names(copy), code_names(demo));
    let count = |project: &str, what: &str| {
        json(&[what, project, "--json"])
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count(copy, "docs"), sample_transcripts());
    assert_eq!(count(copy, "segments"), count(demo, "segments"));
    // The import is one undo step.
    ok(&["undo", copy]);
    assert_eq!(count(copy, "docs"), 0);

    for (format, file) in [
        ("qdc", "codebook.qdc"),
        ("segments-csv", "segments.csv"),
        ("segments-xlsx", "segments.xlsx"),
        ("codebook-csv", "codebook.csv"),
        ("codebook-xlsx", "codebook.xlsx"),
        ("matrix-csv", "matrix.csv"),
        ("matrix-xlsx", "matrix.xlsx"),
    ] {
        let out = dir.path().join(file);
        ok(&[
            "export",
            demo,
            "--format",
            format,
            "--out",
            out.to_str().unwrap_or_default(),
        ]);
        assert!(
            std::fs::metadata(&out).is_ok_and(|meta| meta.len() > 100),
            "{format}"
        );
    }
    let by_group = dir.path().join("by-group.csv");
    ok(&[
        "export",
        demo,
        "--format",
        "matrix-csv",
        "--by",
        "group",
        "--out",
        by_group.to_str().unwrap_or_default(),
    ]);
    let header = std::fs::read_to_string(&by_group).unwrap_or_default();
    assert!(
        header
            .lines()
            .next()
            .is_some_and(|line| line.contains("non-peer") && line.contains("peer")),
        "{header}"
    );
    assert!(
        fails(&[
            "export",
            demo,
            "--format",
            "matrix-csv",
            "--by",
            "nothing",
            "--out",
            by_group.to_str().unwrap_or_default()
        ])
        .contains("no participant has an attribute")
    );
    assert!(
        !polyphony(&["export", demo, "--format", "pdf", "--out", "x.pdf"])
            .status
            .success()
    );
}

/// Each code of `project` as `codes --json` lists it: its path and count.
fn code_names(project: &str) -> Vec<String> {
    json(&["codes", project, "--json"])
        .as_array()
        .map(|codes| {
            codes
                .iter()
                .map(|code| format!("{} {}", code["path"], code["codings"]))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn another_tools_codebook_nests_and_a_damaged_file_changes_nothing_through_the_cli() {
    // Another tool's codebook: Taguette's flat "a.b" names become nested codes.
    let Some(taguette) = crate::support::refi("samples/taguette-1.5.2-codebook.qdc") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = dir.path().join("fresh.polyphony");
    let fresh = fresh.to_str().unwrap_or_default();
    ok(&["new", fresh]);
    let said = ok(&["import", fresh, taguette.to_str().unwrap_or_default()]);
    assert!(said.contains("nested"), "{said}");
    assert!(
        code_names(fresh)
            .iter()
            .any(|code| code.contains("barriers/cost"))
    );

    // A damaged file is refused with a message, and nothing changes.
    let broken = dir.path().join("broken.qdpx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").expect("write");
    let before = code_names(fresh);
    let error = fails(&["import", fresh, broken.to_str().unwrap_or_default()]);
    assert!(error.contains("broken.qdpx"), "{error}");
    assert_eq!(code_names(fresh), before);
}

#[test]
fn themes_are_created_filled_reviewed_and_traced_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().expect("a UTF-8 path");
    ok(&["demo", project]);

    // The demo has three candidate themes, counted by group.
    let listed = json(&["themes", project, "--json"]);
    let themes = listed["themes"].as_array().expect("a list of themes");
    assert_eq!(themes.len(), 3);
    assert!(themes.iter().all(|theme| theme["status"] == "candidate"));
    assert!(themes.iter().all(|theme| theme["key_quotes"] == 3));
    let meetings = themes
        .iter()
        .find(|theme| theme["name"] == "The peer's influence on network meetings")
        .expect("the meetings theme");
    assert!(meetings["prevalence"]["peer"]["participants"].as_u64() > Some(0));
    assert!(meetings["prevalence"]["non-peer"]["segments"].as_u64() > Some(0));
    assert!(ok(&["themes", project]).contains("by group: non-peer"));

    // Create a subtheme, fill it and review it, with reasons.
    ok(&[
        "theme",
        project,
        "create",
        "Families first",
        "--concept",
        "Families lead the meeting.",
        "--parent",
        "The peer's influence on network meetings",
    ]);
    ok(&[
        "theme",
        project,
        "edit",
        "families first",
        "--definition",
        "In: families' own words. Not: staff talk.",
        "--reason",
        "Agreed with Sam",
    ]);
    assert!(
        ok(&["theme", project, "add-code", "Families first", "Hope"])
            .contains("Done: add code Hope")
    );
    let hope_segment = json(&["segments", project, "--code", "Hope", "--json"])[0]["coding"]
        .as_str()
        .expect("a Hope segment")
        .to_owned();
    ok(&[
        "theme",
        project,
        "add-quote",
        "Families first",
        "--coding",
        &hope_segment,
    ]);
    assert!(
        ok(&[
            "theme",
            project,
            "status",
            "Families first",
            "reviewed",
            "--reason",
            "second round"
        ])
        .contains("mark theme Families first reviewed")
    );
    let shown = json(&["theme", project, "show", "Families first", "--json"]);
    assert_eq!(shown["parent"], "The peer's influence on network meetings");
    assert_eq!(shown["status"], "reviewed");
    assert_eq!(shown["key_quotes"][0]["coding"], hope_segment.as_str());
    let attribution = shown["key_quotes"][0]["attribution"]
        .as_str()
        .unwrap_or_default();
    assert!(attribution.starts_with('P'), "{attribution}");

    // Every change is a version, with its reason; the key quote is not.
    let history = json(&["theme", project, "history", "Families first", "--json"]);
    let history = history.as_array().expect("a list of versions");
    assert_eq!(history.len(), 4);
    assert_eq!(history[1]["reason"], "Agreed with Sam");
    assert_eq!(history[3]["state"]["status"], "reviewed");
    assert_eq!(history[3]["reason"], "second round");

    // Undo takes back the status, and says so in the history.
    ok(&["undo", project]);
    let history = json(&["theme", project, "history", "Families first", "--json"]);
    assert_eq!(history[4]["action"], "undo");
    assert_eq!(history[4]["state"]["status"], "candidate");
}

/// How many themes `themes --json` lists in `project`, subthemes included.
fn theme_count(project: &str) -> Option<usize> {
    json(&["themes", project, "--json"])["themes"]
        .as_array()
        .map(Vec::len)
}

#[test]
fn themes_are_split_merged_and_deleted_from_the_command_line_keeping_their_history() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().expect("a UTF-8 path");
    ok(&["demo", project]);
    ok(&[
        "theme",
        project,
        "create",
        "Families first",
        "--concept",
        "Families lead the meeting.",
    ]);
    let shown = json(&["theme", project, "show", "Families first", "--json"]);
    assert_eq!(theme_count(project), Some(4));

    // Split and merge, then delete.
    ok(&[
        "theme",
        project,
        "split",
        "Opportunities and challenges of the peer role",
        "--name",
        "Being the only peer",
        "--code",
        "The peer role",
    ]);
    assert_eq!(theme_count(project), Some(5));
    ok(&[
        "theme",
        project,
        "merge",
        "Being the only peer",
        "--into",
        "Opportunities and challenges of the peer role",
    ]);
    ok(&[
        "theme",
        project,
        "delete",
        "Families first",
        "--reason",
        "folded back in",
    ]);
    assert_eq!(theme_count(project), Some(3));
    // A deleted theme's history is still there, by its id.
    let id = shown["id"].as_str().expect("the theme's id");
    let history = json(&["theme", project, "history", id, "--json"]);
    let last = history
        .as_array()
        .and_then(|versions| versions.last())
        .cloned();
    assert!(
        last.as_ref()
            .is_some_and(|version| version["state"].is_null())
    );
    assert_eq!(
        last.map(|version| version["reason"].clone()),
        Some(Value::from("folded back in"))
    );
}

#[test]
fn bad_theme_commands_are_refused_with_what_to_do_and_change_nothing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().expect("a UTF-8 path");
    ok(&["demo", project]);
    let hope_segment = json(&["segments", project, "--code", "Hope", "--json"])[0]["coding"]
        .as_str()
        .expect("a Hope segment")
        .to_owned();
    // Bad input is refused with what to do, and changes nothing.
    let before = ok(&["log", project]);
    assert!(fails(&["theme", project, "status", "Hope-ish", "final"]).contains("no theme called"));
    assert!(
        fails(&[
            "theme",
            project,
            "status",
            "The peer's impact on team culture",
            "maybe"
        ])
        .contains("use candidate, reviewed, final or discarded")
    );
    assert!(
        fails(&[
            "theme",
            project,
            "add-quote",
            "The peer's impact on team culture",
            "--coding",
            "nonsense"
        ])
        .contains("not a segment id")
    );
    assert!(
        fails(&[
            "theme",
            project,
            "add-quote",
            "The peer's impact on team culture",
            "--coding",
            &hope_segment
        ])
        .contains("not coded with any code of theme")
    );
    assert!(
        fails(&[
            "theme",
            project,
            "create",
            "the peer's impact on team culture"
        ])
        .contains("already a theme")
    );
    assert!(
        fails(&[
            "theme",
            project,
            "edit",
            "The peer's impact on team culture"
        ])
        .contains("say what to change")
    );
    assert_eq!(ok(&["log", project]), before);
}

#[test]
fn uncovered_lists_segments_in_no_theme_and_thinly_coded_sources() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().expect("a UTF-8 path");
    ok(&["demo", project]);
    // Every demo code sits under a theme's code: nothing is left out.
    let found = json(&["uncovered", project, "--json"]);
    assert_eq!(found["segments"].as_array().map(Vec::len), Some(0));
    // A new code outside the themes is.
    ok(&[
        "code",
        project,
        "--doc",
        "peer-01",
        "--start",
        "100",
        "--end",
        "140",
        "--code",
        "Money worries",
    ]);
    let found = json(&["uncovered", project, "--json"]);
    let segments = found["segments"].as_array().expect("a list");
    assert_eq!(segments.len(), 1);
    assert_eq!(segments[0]["code"], "Money worries");
    assert!(found["documents_with_little_coding"].is_array());
    assert!(found["participants_with_little_coding"].is_array());
    // Discarding a theme uncovers its segments.
    ok(&[
        "theme",
        project,
        "status",
        "The peer's impact on team culture",
        "discarded",
    ]);
    let found = json(&["uncovered", project, "--json"]);
    assert!(found["segments"].as_array().map(Vec::len) > Some(1));
    assert!(ok(&["uncovered", project]).contains("Segments in no theme"));
}

#[test]
fn reports_and_review_packets_are_written_and_comments_answered_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo.polyphony");
    let project = project.to_str().expect("a UTF-8 path");
    ok(&["demo", project]);
    for (format, name) in [
        ("docx", "themes.docx"),
        ("html", "themes.html"),
        ("md", "themes.md"),
    ] {
        let out = dir.path().join(name);
        let out = out.to_str().expect("a UTF-8 path");
        assert!(ok(&["report", project, "--format", format, "--out", out]).contains("3 theme(s)"));
        assert!(std::fs::metadata(out).is_ok_and(|meta| meta.len() > 1000));
    }
    let markdown = std::fs::read_to_string(dir.path().join("themes.md")).expect("the report");
    assert!(markdown.starts_with("# demo\n"));
    // A name whose extension says another format is refused, and nothing is written.
    let wrong = dir.path().join("themes2.docx");
    assert!(
        fails(&[
            "report",
            project,
            "--format",
            "md",
            "--out",
            wrong.to_str().unwrap_or_default()
        ])
        .contains("different format")
    );
    assert!(!wrong.exists());

    let packet = dir.path().join("review.html");
    let packet = packet.to_str().expect("a UTF-8 path");
    assert!(ok(&["review-packet", project, "--out", packet]).contains("3 theme(s)"));
    let theme = json(&["themes", project, "--json"])["themes"][0]["id"]
        .as_str()
        .expect("a theme id")
        .to_owned();
    let saved = dir.path().join("review-comments-Sam.json");
    std::fs::write(
        &saved,
        format!(
            r#"{{"polyphony_review": 1, "reviewer": "Sam", "comments": [{{"target": "theme", "id": "{theme}", "kind": "suggestion", "body": "Say 'held back' rather than 'held in place'."}}]}}"#
        ),
    )
    .expect("the saved comments are written");
    let saved = saved.to_str().expect("a UTF-8 path");
    assert!(ok(&["review-import", project, saved]).contains("import 1 review comment from Sam"));
    assert!(fails(&["review-import", project, saved]).contains("already imported"));
    let comments = json(&["comments", project, "--open", "--json"]);
    let id = comments[0]["id"].as_str().expect("a comment id").to_owned();
    assert_eq!(comments[0]["kind"], "suggestion");
    ok(&[
        "comment",
        project,
        "reply",
        &id,
        "--text",
        "Good point, changed.",
    ]);
    assert!(fails(&["comment", project, "resolve", &id, "declined"]).contains("say why"));
    ok(&[
        "comment",
        project,
        "resolve",
        &id,
        "changed",
        "--reason",
        "Concept reworded",
    ]);
    let comments = json(&["comments", project, "--json"]);
    assert_eq!(comments[0]["resolution"]["state"], "changed");
    assert_eq!(comments[0]["replies"][0]["body"], "Good point, changed.");
    assert!(
        json(&["comments", project, "--open", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert!(ok(&["comments", project]).contains("[changed: Concept reworded] Sam (suggestion)"));
}

#[test]
fn link_media_links_unlinks_and_show_lists_times_and_the_recording() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("study.polyphony");
    let project = project.to_str().expect("utf-8 temp path").to_owned();
    ok(&["new", &project, "--coder", "Ruth"]);
    let transcript = corpus().join("transcripts/peer-03-marcus-reid.vtt");
    ok(&["import", &project, transcript.to_str().unwrap_or_default()]);
    // A recording inside the project's folder is linked relative to it.
    let recordings = dir.path().join("recordings");
    std::fs::create_dir(&recordings).expect("folder");
    let recording = recordings.join("marcus.ogg");
    std::fs::copy(
        corpus().join("recordings/peer-03-marcus-reid.ogg"),
        &recording,
    )
    .expect("copy");

    let linked = json(&[
        "link-media",
        &project,
        "peer-03",
        recording.to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(linked["media"], "recordings/marcus.ogg");
    let shown = ok(&["show", &project, "peer-03"]);
    assert!(
        shown.contains("Recording: recordings/marcus.ogg"),
        "{shown}"
    );
    assert!(shown.contains("[0:00:01] Interviewer"), "{shown}");
    assert!(shown.contains("[0:00:06] Marcus Reid"), "{shown}");
    let shown = json(&["show", &project, "peer-03", "--json"]);
    assert_eq!(shown["media"], "recordings/marcus.ogg");
    assert_eq!(shown["turns"][1]["time_ms"], 6555);

    // Moved beside the project file: found by its name.
    std::fs::rename(&recording, dir.path().join("marcus.ogg")).expect("move");
    let shown = ok(&["show", &project, "peer-03"]);
    assert!(shown.contains("(moved; found at"), "{shown}");

    // Undoable like any change, and --unlink removes it.
    assert!(ok(&["undo", &project]).starts_with("Undid"));
    assert!(!ok(&["show", &project, "peer-03"]).contains("Recording:"));
    ok(&["redo", &project]);
    ok(&["link-media", &project, "peer-03", "--unlink"]);
    assert!(!ok(&["show", &project, "peer-03"]).contains("Recording:"));
    assert!(
        fails(&["link-media", &project, "peer-03", "--unlink"]).contains("no recording linked")
    );
    assert!(
        fails(&["link-media", &project, "peer-03", "/nowhere/x.mp3"]).contains("is not a file")
    );
    assert!(
        fails(&["link-media", &project, "nothing", "/nowhere/x.mp3"])
            .contains("no document matches")
    );
}

/// Writes a transcript file and returns its path as a string.
fn transcript(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().unwrap_or_default().to_owned()
}

/// The participants and the documents each speaks in, by name: "P07: int-07".
fn who_speaks_where(project: &str) -> Vec<String> {
    let docs = json(&["docs", project, "--json"]);
    let mut found = Vec::new();
    for doc in docs.as_array().into_iter().flatten() {
        let name = doc["name"].as_str().unwrap_or_default();
        let shown = json(&["show", project, name, "--json"]);
        let mut people: Vec<String> = shown["turns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|turn| turn["participant"].as_str().map(|p| format!("{p}: {name}")))
            .collect();
        people.sort();
        people.dedup();
        found.extend(people);
    }
    found.sort();
    found
}

#[test]
fn role_labels_become_a_participant_of_each_document_and_names_link_across_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["new", project]);
    let interview = |n: &str| {
        format!(
            "Interviewer: Tell me about {n}.\n\nParticipant: It was hard.\n\nInterviewer: Why?\n\nParticipant: Risk, mostly."
        )
    };
    let one = transcript(dir.path(), "int-01.txt", &interview("one"));
    let two = transcript(dir.path(), "int-02.txt", &interview("two"));
    let french = transcript(
        dir.path(),
        "ent-03.txt",
        "Enquêteur: Bonjour.\n\nInterviewé: Bonjour à vous.\n\nEnquêteur: Merci.\n\nInterviewé: De rien.",
    );
    let group = transcript(
        dir.path(),
        "fg-01.txt",
        "Moderator: Welcome.\n\nZoë: Thanks.\n\nSpeaker 2: Hello.\n\nZoë: Shall we start?\n\nSpeaker 2: Yes.",
    );
    let later = transcript(
        dir.path(),
        "int-04.txt",
        "I: And Zoë, your role?\n\nZoë: Peer worker.\n\nI: Thanks.\n\nZoë: Bye.",
    );
    let out = ok(&["import", project, &one, &two, &french, &group, &later]);
    assert!(out.contains("Speakers in int-01: Interviewer -> Interviewer (int-01) (new), Participant -> Participant (int-01) (new)"), "{out}");
    assert!(
        out.contains("Speakers in int-04: I -> I (int-04) (new), Zoë -> Zoë\n")
            || out.contains("Zoë -> Zoë"),
        "{out}"
    );
    let people = who_speaks_where(project);
    for expected in [
        "Participant (int-01): int-01",
        "Participant (int-02): int-02",
        "Interviewé (ent-03): ent-03",
        "Speaker 2 (fg-01): fg-01",
        "Zoë: fg-01",
        "Zoë: int-04",
    ] {
        assert!(
            people.contains(&expected.to_owned()),
            "{expected} in {people:?}"
        );
    }
    // The JSON summary says the same, per document.
    let extra = transcript(
        dir.path(),
        "int-05.txt",
        "R: Yes.\n\nQ: Why?\n\nR: Because.\n\nQ: Ok.",
    );
    let report = json(&["import", project, &extra, "--json"]);
    let links = &report["speakers"][0]["links"];
    assert_eq!(links[0]["label"], "R");
    assert_eq!(links[0]["participant"], "R (int-05)");
    assert_eq!(links[0]["role"], "respondent");
    assert_eq!(links[1]["role"], "interviewer");

    // Interviewers become one person when the user says so, and back again.
    let out = ok(&["participant", project, "interviewers", "shared"]);
    assert!(out.contains("one person across documents"), "{out}");
    let people = who_speaks_where(project);
    assert!(
        people.contains(&"Interviewer: int-01".to_owned())
            && people.contains(&"Interviewer: int-02".to_owned()),
        "{people:?}"
    );
    ok(&["undo", project]);
    assert!(who_speaks_where(project).contains(&"Interviewer (int-02): int-02".to_owned()));
}

#[test]
fn participants_are_merged_split_and_renamed_each_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["new", project]);
    let one = transcript(
        dir.path(),
        "int-01.txt",
        "Interviewer: Hi.\n\nParticipant: Hello there.\n\nInterviewer: Bye.\n\nParticipant: Bye now.",
    );
    let two = transcript(
        dir.path(),
        "int-02.txt",
        "Interviewer: Hi.\n\nParticipant: Hello again.\n\nInterviewer: Bye.\n\nParticipant: Bye now.",
    );
    ok(&["import", project, &one, &two]);
    let shown = json(&["show", project, "int-02", "--json"]);
    let (start, end) = (
        shown["turns"][1]["start"].to_string(),
        shown["turns"][1]["end"].to_string(),
    );
    ok(&[
        "code", project, "--doc", "int-02", "--start", &start, "--end", &end, "--code", "Hope",
    ]);
    let before = who_speaks_where(project);

    let out = ok(&[
        "participant",
        project,
        "rename",
        "Participant (int-01)",
        "Leah",
    ]);
    assert!(
        out.contains("rename participant Participant (int-01) to Leah"),
        "{out}"
    );
    let out = ok(&[
        "participant",
        project,
        "merge",
        "Leah",
        "Participant (int-02)",
    ]);
    assert!(
        out.contains("merge Participant (int-02) into Leah"),
        "{out}"
    );
    let people = who_speaks_where(project);
    assert!(
        people.contains(&"Leah: int-01".to_owned()) && people.contains(&"Leah: int-02".to_owned()),
        "{people:?}"
    );
    // The coding follows: its segment is now Leah's.
    let segments = json(&["segments", project, "--json"]);
    assert_eq!(segments[0]["participant"], "Leah", "{segments}");
    let out = ok(&["participant", project, "split", "Leah"]);
    assert!(
        out.contains("Leah (int-01)") && out.contains("Leah (int-02)"),
        "{out}"
    );
    // Three steps, three undos, and everything is as it was.
    for _ in 0..3 {
        ok(&["undo", project]);
    }
    assert_eq!(who_speaks_where(project), before);

    let error = fails(&["participant", project, "rename", "Nobody", "X"]);
    assert!(
        error.contains("no participant called \"Nobody\""),
        "{error}"
    );
    let error = fails(&[
        "participant",
        project,
        "rename",
        "Participant (int-01)",
        "participant (INT-02)",
    ]);
    assert!(error.contains("merge"), "{error}");
    let error = fails(&["participant", project, "split", "Participant (int-01)"]);
    assert!(error.contains("nothing to split"), "{error}");
    assert_eq!(who_speaks_where(project), before);
}

/// A new project in `dir` and four generic interviews beside it, whose
/// speakers are only "Interviewer" and "Participant".
fn four_generic_interviews(dir: &Path) -> (String, Vec<String>) {
    let project = dir.join("p.polyphony");
    let project = project.to_str().unwrap_or_default().to_owned();
    ok(&["new", &project]);
    let mut files = Vec::new();
    for n in 1..=4 {
        files.push(transcript(
            dir,
            &format!("int-0{n}.txt"),
            &format!("Interviewer: Question {n}?\n\nParticipant: Answer {n}.\n\nInterviewer: More?\n\nParticipant: No."),
        ));
    }
    (project, files)
}

#[test]
fn a_participants_csv_keyed_by_document_and_speaker_sets_up_generic_interviews() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (project, files) = four_generic_interviews(dir.path());
    let project = project.as_str();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "document,speaker,participant,role,group,across_documents\n\
         int-01.txt,Participant,P01,peer practitioner,peer,\n\
         int-02,Participant,P02,non-peer practitioner,non-peer,\n\
         ,Interviewer,Ruth Bell,interviewer,research team,yes\n\
         ,,Sam,peer practitioner,peer,\n",
    )
    .expect("write");
    let docs_csv = dir.path().join("docs.csv");
    std::fs::write(
        &docs_csv,
        "document,type,interviewee\nint-03.txt,interview,P03\nint-04.txt,interview,P01\n",
    )
    .expect("write");
    let mut args = vec!["import", project];
    args.extend(files.iter().map(String::as_str));
    let csv_path = csv.to_str().unwrap_or_default();
    let docs_path = docs_csv.to_str().unwrap_or_default();
    args.extend([
        "--participants",
        csv_path,
        "--document-attributes",
        docs_path,
    ]);
    ok(&args);
    let people = who_speaks_where(project);
    assert_eq!(
        people,
        [
            "P01: int-01",
            "P01: int-04",
            "P02: int-02",
            "P03: int-03",
            "Ruth Bell: int-01",
            "Ruth Bell: int-02",
            "Ruth Bell: int-03",
            "Ruth Bell: int-04",
        ],
    );
    let participants = json(&["participants", project, "--json"]);
    let names: Vec<&str> = participants
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect();
    // No empty "Participant (int-03)" shells are left, and the name-keyed row made Sam.
    assert_eq!(
        names,
        ["P01", "P02", "P03", "Ruth Bell", "Sam"],
        "{participants}"
    );
    let p02 = participants
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "P02")
        .cloned()
        .unwrap_or_default();
    assert_eq!(p02["attributes"]["group"], "non-peer", "{p02}");

    let bad_docs = dir.path().join("bad-docs.csv");
    std::fs::write(&bad_docs, "document,interviewee\nint-01.txt,Zed\n").expect("write");
    // int-01's Participant label is linked already but still a role label: it can be renamed again.
    ok(&[
        "import",
        project,
        "--document-attributes",
        bad_docs.to_str().unwrap_or_default(),
    ]);
}

#[test]
fn bad_participant_rows_are_reported_by_line_and_nothing_is_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (project, files) = four_generic_interviews(dir.path());
    let project = project.as_str();
    let mut args = vec!["import", project];
    args.extend(files.iter().map(String::as_str));
    ok(&args);

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "document,speaker,participant,role\n\
         int-01.txt,Participant,X1,peer\n\
         no-such.txt,Participant,X2,peer\n\
         int-02.txt,Nobody,X3,peer\n\
         ,Participant,X5,peer\n",
    )
    .expect("write");
    let before = json(&["participants", project, "--json"]);
    let error = fails(&[
        "import",
        project,
        "--participants",
        bad.to_str().unwrap_or_default(),
    ]);
    for (line, words) in [
        (3, "no document called"),
        (4, "nobody called \"Nobody\""),
        (5, "say which document"),
    ] {
        assert!(
            error.contains(&format!("line {line}")) && error.contains(words),
            "line {line} ({words}): {error}"
        );
    }
    assert_eq!(json(&["participants", project, "--json"]), before);
    std::fs::write(
        &bad,
        "document,speaker,participant\nint-01.txt,Participant,X1\nINT-01.TXT,participant,X4\n",
    )
    .expect("write");
    let error = fails(&[
        "import",
        project,
        "--participants",
        bad.to_str().unwrap_or_default(),
    ]);
    assert!(
        error.contains("line 3") && error.contains("appears again (first on line 2)"),
        "{error}"
    );
    assert_eq!(json(&["participants", project, "--json"]), before);
}

#[test]
fn import_exits_non_zero_when_a_named_file_could_not_be_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.polyphony");
    let project = project.to_str().unwrap_or_default();
    ok(&["new", project]);
    let good = transcript(dir.path(), "good.txt", "Ann: hello\n\nBob: hi\n\nAnn: bye");
    let missing = dir.path().join("missing.docx");
    let output = polyphony(&[
        "import",
        project,
        &good,
        missing.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("missing.docx: no such file or folder"),
        "{stderr}"
    );
    // The rest was imported.
    assert!(ok(&["docs", project]).contains("good"));
    // A folder none of whose files can be imported fails too; one with a good file does not.
    let folder = dir.path().join("broken");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("a.docx"), b"not a zip").expect("write");
    let output = polyphony(&["import", project, folder.to_str().unwrap_or_default()]);
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("a.docx"));
    // Importing the same file again is not a failure.
    let output = polyphony(&["import", project, &good]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // Every subcommand's help says what its exit codes mean.
    for command in ["import", "code", "docs", "participant", "export"] {
        let help = ok(&[command, "--help"]);
        assert!(
            help.contains("Exit status:") && help.contains("  1  "),
            "{command}: {help}"
        );
    }
    assert!(ok(&["import", "--help"]).contains("  3  some files named"));
}

/// The fixture PDFs, for the tests that import one through the command line.
fn pdf_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

#[test]
fn a_pdf_transcript_is_imported_and_its_quotes_are_cited_by_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("pdf.polyphony");
    let project = project.to_str().expect("utf-8 temp path");
    ok(&["new", project, "--coder", "Ruth"]);
    let pdf = pdf_fixture("transcript-libreoffice.pdf");
    ok(&["import", project, pdf.to_str().unwrap_or_default()]);
    let shown = json(&["show", project, "transcript-libreoffice", "--json"]);
    let text = shown["text"].as_str().unwrap_or_default();
    assert!(!text.contains("Page 1 of 3"), "{text}");
    let char_at = |quote: &str| {
        let byte = text
            .find(quote)
            .unwrap_or_else(|| panic!("{quote:?} in {text}"));
        text[..byte].chars().count()
    };
    // One quote on page 2, one across the break from page 2 to page 3.
    let on_two = char_at("One father told me");
    let across = char_at("someone who knows what it is like");
    for (start, length, code) in [(on_two, 18, "Being a person"), (across, 33, "Both sides")] {
        ok(&[
            "code",
            project,
            "--doc",
            "transcript-libreoffice",
            "--start",
            &start.to_string(),
            "--end",
            &(start + length).to_string(),
            "--code",
            code,
        ]);
    }
    let segments = json(&["segments", project, "--json"]);
    let page_of = |code: &str| {
        segments
            .as_array()
            .and_then(|list| list.iter().find(|segment| segment["code"] == code))
            .map(|segment| segment["page"].clone())
    };
    assert_eq!(page_of("Being a person"), Some(Value::from("p. 2")));
    assert_eq!(page_of("Both sides"), Some(Value::from("pp. 2-3")));
    let listed = ok(&["segments", project]);
    assert!(
        listed.contains("Participant: \"One father told me\" (p. 2)"),
        "{listed}"
    );
    let csv = ok(&["segments", project, "--csv"]);
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.contains(",end,page,coder,"), "{header}");
    assert!(csv.contains(",p. 2,") && csv.contains(",pp. 2-3,"), "{csv}");
    // A scan is refused with what to do.
    let scan = pdf_fixture("scanned-image-only.pdf");
    let output = polyphony(&["import", project, scan.to_str().unwrap_or_default()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("ocrmypdf"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}

#[test]
fn a_demo_that_cannot_be_finished_leaves_no_half_built_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("transcripts")).expect("folders");
    transcript(
        &corpus.join("transcripts"),
        "int-01.txt",
        "Interviewer: How was it?\n\nZoë: Fine.",
    );
    // A participants table that names a document the corpus does not have.
    std::fs::write(
        corpus.join("participants.csv"),
        "document,speaker,participant\nno-such.txt,Zoë,P01\n",
    )
    .expect("write");
    let project = dir.path().join("demo.polyphony");
    let error = fails(&[
        "demo",
        project.to_str().unwrap_or_default(),
        "--corpus",
        corpus.to_str().unwrap_or_default(),
    ]);
    assert!(error.contains("no document called"), "{error}");
    assert!(!project.exists(), "the half-built demo was taken away");
    assert!(!polyphony::index::index_dir(&project).exists());
}
