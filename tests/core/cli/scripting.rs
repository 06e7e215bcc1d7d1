//! A study scripted end to end: every change the window makes, through the
//! command line (`code --from`, `uncode`, `recode`, `resize`, `segment-memo`,
//! `codebook`, `memo`, `attribute`, `autocode`), each checked by reading the
//! project back another way, and each bad input refused with nothing changed.

use super::{count_in, fails, imported_project, json, ok};
use serde_json::Value;
use std::io::Write as _;
use std::path::Path;

const ZOE: &str = "peer-01-zoe-adebayo";

/// Runs a command with `input` on its standard input; returns whether it
/// succeeded, its stdout and its stderr.
fn with_stdin(args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_polyphony"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the polyphony binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("it finishes");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn as_args(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().unwrap_or_default().to_owned()
}

fn list(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

fn segments_of(project: &str, code: &str) -> Vec<Value> {
    list(&json(&["segments", project, "--code", code, "--json"]))
}

fn journal_length(project: &str) -> usize {
    list(&json(&["log", project, "--json"])).len()
}

fn code_named<'a>(codes: &'a [Value], path: &str) -> Option<&'a Value> {
    codes.iter().find(|code| code["path"] == path)
}

/// The char offsets of `needle` in the text of `document`, found by
/// `show --json`, so tests need not hard-code positions.
fn offsets_of(project: &str, document: &str, needle: &str) -> (usize, usize) {
    let shown = json(&["show", project, document, "--json"]);
    let text = shown["text"].as_str().unwrap_or_default();
    let at = text.find(needle).expect("the needle is in the text");
    let start = text[..at].chars().count();
    (start, start + needle.chars().count())
}

#[test]
fn a_csv_of_codings_is_one_undo_step_and_bad_rows_refuse_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let (start, end) = offsets_of(&project, ZOE, "the foundation training");
    // Offsets, a quote across a paragraph break, a new coder, a memo, a path.
    let csv = write(
        dir.path(),
        "codings.csv",
        &format!(
            "document,start,end,quote,code,coder,memo\n\
             {ZOE},{start},{end},,Learning/Training,,\n\
             {ZOE}.txt,,,\"Whatever that is. And  then a friend\",Doubt,Sam,\"first, tentative\"\n\
             {ZOE},,,I almost didn't apply,doubt,,\n"
        ),
    );
    let journal = journal_length(&project);
    let done = json(&["code", &project, "--from", &csv, "--json"]);
    assert_eq!(done["codings"], 3, "{done}");
    assert_eq!(done["done"], "code 3 passages from codings.csv");
    assert_eq!(done["new_coders"], serde_json::json!(["Sam"]));
    assert_eq!(
        done["new_codes"],
        serde_json::json!(["Learning", "Training", "Doubt"])
    );
    let codes = list(&json(&["codes", &project, "--json"]));
    assert!(
        code_named(&codes, "Learning/Training").is_some(),
        "the path is made"
    );
    let training = segments_of(&project, "Training");
    assert_eq!(training.len(), 1);
    assert_eq!(training[0]["quote"], "the foundation training");
    assert_eq!(training[0]["coder"], "Ruth");
    let doubt = segments_of(&project, "Doubt");
    assert_eq!(doubt.len(), 2);
    let across = doubt
        .iter()
        .find(|segment| segment["coder"] == "Sam")
        .expect("Sam's segment");
    assert_eq!(across["quote"], "Whatever that is.\n\nAnd then a friend");
    assert_eq!(across["memo"], "first, tentative");
    assert_eq!(journal_length(&project), journal + 1, "one journal row");

    // Running it again codes nothing twice.
    let again = ok(&["code", &project, "--from", &csv]);
    assert!(
        again.contains("every row of codings.csv is coded already"),
        "{again}"
    );
    assert_eq!(segments_of(&project, "Doubt").len(), 2);

    // One undo takes all of it back, with the codes it made.
    assert!(ok(&["undo", &project]).contains("code 3 passages from codings.csv"));
    assert!(fails(&["segments", &project, "--code", "Doubt"]).contains("no code matches"));
    assert!(fails(&["segments", &project, "--code", "Training"]).contains("no code matches"));

    // Two bad rows: both reported by line, and nothing applied.
    let bad = write(
        dir.path(),
        "bad.csv",
        &format!(
            "document,start,end,quote,code\n\
             {ZOE},{start},{end},,Training\n\
             {ZOE},,,a busy week,Busy\n\
             {ZOE},{start},{end},,Training\n\
             no-such-interview,0,5,,Training\n"
        ),
    );
    let codes_before = json(&["codes", &project, "--json"]);
    let journal = journal_length(&project);
    let error = fails(&["code", &project, "--from", &bad]);
    assert!(error.contains("2 row(s) of bad.csv do not fit"), "{error}");
    assert!(
        error
            .contains("line 3: the quote \"a busy week\" is in peer-01-zoe-adebayo more than once"),
        "{error}"
    );
    assert!(
        error.contains("line 5: no document matches \"no-such-interview\""),
        "{error}"
    );
    assert!(!error.contains("line 2"), "{error}");
    assert_eq!(json(&["codes", &project, "--json"]), codes_before);
    assert_eq!(journal_length(&project), journal);

    // A range outside the document and a row without a code are refused too.
    let outside = write(
        dir.path(),
        "outside.csv",
        &format!("document,start,end,code\n{ZOE},10,99999999,Training\n{ZOE},1,5,\n"),
    );
    let error = fails(&["code", &project, "--from", &outside]);
    assert!(error.contains("line 2: 10..99999999 is outside"), "{error}");
    assert!(error.contains("line 3: no code given"), "{error}");
}

#[test]
fn one_coding_with_a_new_code_path_makes_its_parents_and_one_undo_takes_all_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let codes = || list(&json(&["codes", &project, "--json"]));
    let before = codes();
    let (start, end) = offsets_of(&project, ZOE, "the foundation training");
    let (start, end) = (start.to_string(), end.to_string());
    let code_with = |code: &str| -> Vec<String> {
        [
            "code", &project, "--doc", ZOE, "--start", &start, "--end", &end, "--code", code,
        ]
        .iter()
        .map(|arg| (*arg).to_owned())
        .collect()
    };
    ok(&as_args(&code_with("Learning/Formal/Training")));
    let after = codes();
    assert_eq!(after.len(), before.len() + 3, "{after:?}");
    let training = code_named(&after, "Learning/Formal/Training").expect("the leaf");
    let formal = code_named(&after, "Learning/Formal").expect("its parent");
    assert_eq!(training["parent"], formal["id"]);
    assert_eq!(segments_of(&project, "Learning/Formal/Training").len(), 1);

    // A second coding under the same path makes no new code.
    ok(&as_args(&code_with("learning/formal/training")));
    assert_eq!(codes().len(), after.len());
    assert!(fails(&as_args(&code_with("Learning//Training"))).contains("empty part"));
    ok(&["undo", &project]);
    ok(&["undo", &project]);
    assert_eq!(codes(), before);
}

#[test]
fn json_lines_on_standard_input_code_thousands_of_passages_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let shown = json(&["show", &project, ZOE, "--json"]);
    let chars = count_in(&shown["chars"]);
    assert!(chars > 5003, "the interview is long enough");
    let mut rows = String::new();
    for at in 0..5000 {
        rows.push_str(&format!(
            "{{\"document\":\"{ZOE}\",\"start\":{at},\"end\":{},\"code\":\"Bulk {}\"}}\n",
            at + 3,
            at % 7
        ));
    }
    let (success, stdout, stderr) = with_stdin(&["code", &project, "--from", "-", "--json"], &rows);
    assert!(success, "{stderr}");
    let done: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(done["codings"], 5000);
    assert_eq!(done["new_codes"].as_array().map(Vec::len), Some(7));
    let codes = list(&json(&["codes", &project, "--json"]));
    let bulk: u64 = codes
        .iter()
        .filter(|code| {
            code["name"]
                .as_str()
                .is_some_and(|name| name.starts_with("Bulk "))
        })
        .filter_map(|code| code["codings"].as_u64())
        .sum();
    assert_eq!(bulk, 5000);
    assert!(ok(&["undo", &project]).contains("code 5000 passages from standard input"));
    assert!(fails(&["segments", &project, "--code", "Bulk 0"]).contains("no code matches"));

    // A bad line is reported by its number on standard input.
    let (success, _, stderr) = with_stdin(
        &["code", &project, "--from", "-"],
        &format!(
            "{{\"document\":\"{ZOE}\",\"quote\":\"I almost didn't apply\",\"code\":\"Doubt\"}}\n\nnot json\n"
        ),
    );
    assert!(!success);
    assert!(stderr.contains("line 3: is not JSON"), "{stderr}");
    assert!(fails(&["segments", &project, "--code", "Doubt"]).contains("no code matches"));

    // Neither form complete is a usage error that says what is missing.
    let error = fails(&["code", &project, "--doc", ZOE, "--start", "3"]);
    assert!(error.contains("--end"), "{error}");
}

#[test]
fn segments_are_uncoded_recoded_resized_and_given_memos_by_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let (start, end) = offsets_of(&project, ZOE, "I almost didn't apply");
    let start_text = start.to_string();
    let end_text = end.to_string();
    let coded = json(&[
        "code",
        &project,
        "--doc",
        ZOE,
        "--start",
        &start_text,
        "--end",
        &end_text,
        "--code",
        "Doubt",
        "--json",
    ]);
    let id = coded["coding"].as_str().expect("an id").to_owned();

    let recoded = json(&["recode", &project, &id[..8], "Hesitation", "--json"]);
    assert_eq!(recoded["code"], "Hesitation");
    assert!(
        recoded["done"]
            .as_str()
            .unwrap_or_default()
            .contains("Hesitation")
    );
    assert_eq!(segments_of(&project, "Hesitation").len(), 1);
    assert!(segments_of(&project, "Doubt").is_empty());
    ok(&["recode", &project, &id, "Doubt"]);
    assert_eq!(segments_of(&project, "Doubt").len(), 1);
    assert!(fails(&["recode", &project, &id, "Doubt"]).contains("coded Doubt already"));

    let new_end = (end + 10).to_string();
    let resized = json(&[
        "resize",
        &project,
        &id,
        "--start",
        &start_text,
        "--end",
        &new_end,
        "--json",
    ]);
    assert_eq!(resized["end"], end + 10);
    let doubt = segments_of(&project, "Doubt");
    assert_eq!(doubt[0]["end"], end + 10);
    assert!(
        doubt[0]["quote"]
            .as_str()
            .unwrap_or_default()
            .starts_with("I almost didn't apply")
    );
    let error = fails(&["resize", &project, &id, "--start", "5", "--end", "99999999"]);
    assert!(error.contains("99999999"), "{error}");
    let error = fails(&["resize", &project, &id, "--start", "9", "--end", "5"]);
    assert!(error.contains("--start 9 is not before --end 5"), "{error}");
    assert_eq!(
        segments_of(&project, "Doubt")[0]["end"],
        end + 10,
        "refusals change nothing"
    );

    ok(&["segment-memo", &project, &id, "she nearly did not"]);
    assert_eq!(
        segments_of(&project, "Doubt")[0]["memo"],
        "she nearly did not"
    );
    ok(&["segment-memo", &project, &id, "--clear"]);
    assert_eq!(segments_of(&project, "Doubt")[0]["memo"], "");

    let journal = journal_length(&project);
    assert!(
        fails(&["uncode", &project, "00000000-0000-0000-0000-000000000000"])
            .contains("no segment has the id")
    );
    assert!(fails(&["uncode", &project, "zz"]).contains("not a segment id"));
    assert_eq!(journal_length(&project), journal, "refusals change nothing");
    let uncoded = ok(&["uncode", &project, &id]);
    assert!(uncoded.contains("uncode Doubt"), "{uncoded}");
    assert!(segments_of(&project, "Doubt").is_empty());
    ok(&["undo", &project]);
    assert_eq!(segments_of(&project, "Doubt").len(), 1);
    let labels: Vec<String> = list(&json(&["log", &project, "--json"]))
        .iter()
        .filter_map(|row| row["label"].as_str().map(str::to_owned))
        .collect();
    for label in [
        "recode Doubt as new code Hesitation",
        "resize a segment of Doubt",
        "uncode Doubt",
    ] {
        assert!(
            labels.iter().any(|seen| seen == label),
            "{label} in {labels:?}"
        );
    }
}

#[test]
fn the_codebook_is_created_renamed_moved_merged_described_coloured_and_pruned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let codes = || list(&json(&["codes", &project, "--json"]));
    ok(&[
        "codebook", &project, "create", "Feelings", "--colour", "#E15759",
    ]);
    let created = json(&[
        "codebook", &project, "create", "Hope", "--parent", "Feelings", "--json",
    ]);
    assert_eq!(created["code"]["path"], "Feelings/Hope");
    assert_eq!(
        code_named(&codes(), "Feelings").map(|c| c["color"].clone()),
        Some("#e15759".into())
    );
    assert!(
        fails(&[
            "codebook", &project, "create", "hope", "--parent", "Feelings"
        ])
        .contains("already")
    );

    ok(&[
        "codebook",
        &project,
        "rename",
        "Feelings/Hope",
        "Hopefulness",
    ]);
    assert!(code_named(&codes(), "Feelings/Hopefulness").is_some());
    ok(&["codebook", &project, "move", "Hopefulness", "--top-level"]);
    assert_eq!(
        code_named(&codes(), "Hopefulness").map(|c| c["parent"].clone()),
        Some(Value::Null)
    );
    ok(&["codebook", &project, "move", "Hopefulness", "Feelings"]);
    assert!(code_named(&codes(), "Feelings/Hopefulness").is_some());
    assert!(
        fails(&["codebook", &project, "move", "Feelings", "Hopefulness"])
            .contains("cannot go under")
    );

    ok(&[
        "codebook",
        &project,
        "describe",
        "Hopefulness",
        "Looking forward with some confidence.",
    ]);
    ok(&["codebook", &project, "color", "Hopefulness", "59a14f"]);
    let hope = code_named(&codes(), "Feelings/Hopefulness")
        .cloned()
        .expect("listed");
    assert_eq!(hope["description"], "Looking forward with some confidence.");
    assert_eq!(hope["color"], "#59a14f");
    let journal = journal_length(&project);
    let error = fails(&["codebook", &project, "colour", "Hopefulness", "green"]);
    assert!(
        error.contains("not a colour") && error.contains("#rrggbb"),
        "{error}"
    );
    assert!(fails(&["codebook", &project, "rename", "Nowhere", "X"]).contains("no code matches"));
    assert_eq!(journal_length(&project), journal);

    // Merging moves the segments; deleting takes a code and its segments.
    let (start, end) = offsets_of(&project, ZOE, "I almost didn't apply");
    let (start, end) = (start.to_string(), end.to_string());
    ok(&[
        "code", &project, "--doc", ZOE, "--start", &start, "--end", &end, "--code", "Optimism",
    ]);
    let merged = json(&[
        "codebook",
        &project,
        "merge",
        "Optimism",
        "--into",
        "Feelings/Hopefulness",
        "--json",
    ]);
    assert_eq!(merged["done"], "merge code Optimism into Hopefulness");
    assert_eq!(merged["code"]["codings"], 1);
    assert!(code_named(&codes(), "Optimism").is_none());
    assert_eq!(segments_of(&project, "Hopefulness").len(), 1);
    let deleted = ok(&["codebook", &project, "delete", "Feelings"]);
    assert!(deleted.contains("1 code(s) under it moved up"), "{deleted}");
    assert!(
        code_named(&codes(), "Hopefulness").is_some(),
        "the child moved up"
    );
    ok(&["codebook", &project, "delete", "Hopefulness"]);
    assert!(fails(&["segments", &project, "--code", "Hopefulness"]).contains("no code matches"));
    ok(&["undo", &project]);
    assert_eq!(
        segments_of(&project, "Hopefulness").len(),
        1,
        "undo brings the segment back"
    );

    // Nested actions keep the exit-status help.
    assert!(ok(&["codebook", &project, "rename", "--help"]).contains("Exit status"));
    assert!(ok(&["memo", &project, "add", "--help"]).contains("Exit status"));
}

#[test]
fn memos_are_written_on_any_record_edited_listed_and_deleted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    ok(&["memo", &project, "add", "--text", "Started coding today."]);
    let on_doc = json(&[
        "memo",
        &project,
        "add",
        "--doc",
        ZOE,
        "--title",
        "Zoë's doubt",
        "--text",
        "She nearly did not apply.",
        "--json",
    ]);
    assert_eq!(on_doc["memo"]["on"]["kind"], "document");
    ok(&["codebook", &project, "create", "Doubt"]);
    ok(&[
        "memo",
        &project,
        "add",
        "--code",
        "Doubt",
        "--title",
        "Doubt",
        "--text",
        "Hesitation before joining.",
    ]);
    let memos = list(&json(&["memo", &project, "list", "--json"]));
    assert_eq!(memos.len(), 3);
    assert!(
        memos[0]["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Journal entry ")
    );
    assert_eq!(memos[0]["on"]["kind"], "project");
    assert_eq!(memos[0]["author"], "Ruth");
    let on_code = list(&json(&[
        "memo", &project, "list", "--code", "Doubt", "--json",
    ]));
    assert_eq!(on_code.len(), 1);
    assert_eq!(on_code[0]["text"], "Hesitation before joining.");

    ok(&[
        "memo",
        &project,
        "edit",
        "zoë's doubt",
        "--text",
        "She almost did not apply.",
    ]);
    let on_zoe = list(&json(&["memo", &project, "list", "--doc", ZOE, "--json"]));
    assert_eq!(on_zoe[0]["text"], "She almost did not apply.");
    assert_eq!(on_zoe[0]["title"], "Zoë's doubt");

    let journal = journal_length(&project);
    assert!(
        fails(&["memo", &project, "add", "--theme", "No such theme"]).contains("no theme called")
    );
    assert!(fails(&["memo", &project, "edit", "Doubt"]).contains("--title or --text"));
    assert!(fails(&["memo", &project, "delete", "Nothing by this name"]).contains("no memo"));
    assert!(
        fails(&["memo", &project, "add", "--doc", ZOE, "--code", "Doubt"])
            .contains("cannot be used with")
    );
    assert_eq!(journal_length(&project), journal);

    let id = on_code[0]["id"].as_str().expect("an id").to_owned();
    ok(&["memo", &project, "delete", &id]);
    assert!(
        list(&json(&[
            "memo", &project, "list", "--code", "Doubt", "--json"
        ]))
        .is_empty()
    );
    assert!(ok(&["memo", &project, "list"]).contains("Zoë's doubt"));
}

#[test]
fn participant_and_document_attributes_are_set_and_cleared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let zoe = || {
        list(&json(&["participants", &project, "--json"]))
            .into_iter()
            .find(|person| person["name"] == "Zoë Adebayo")
            .expect("Zoë")
    };
    let set = json(&[
        "attribute",
        &project,
        "participant",
        "zoë adebayo",
        "mentor",
        "yes",
        "--json",
    ]);
    assert_eq!(set["attribute"], "mentor");
    assert_eq!(zoe()["attributes"]["mentor"], "yes");
    // An existing attribute keeps its spelling.
    ok(&[
        "attribute",
        &project,
        "participant",
        "Zoë Adebayo",
        "Group",
        "non-peer",
    ]);
    assert_eq!(zoe()["attributes"]["group"], "non-peer");
    ok(&[
        "attribute",
        &project,
        "participant",
        "Zoë Adebayo",
        "mentor",
        "--clear",
    ]);
    assert!(zoe()["attributes"].get("mentor").is_none());

    ok(&["attribute", &project, "document", ZOE, "season", "winter"]);
    let docs = list(&json(&["docs", &project, "--json"]));
    let doc = docs
        .iter()
        .find(|doc| doc["name"] == ZOE)
        .expect("Zoë's interview");
    assert_eq!(doc["attributes"]["season"], "winter");

    let journal = journal_length(&project);
    assert!(
        fails(&[
            "attribute",
            &project,
            "participant",
            "Nobody Here",
            "group",
            "x"
        ])
        .contains("Nobody Here")
    );
    assert!(
        fails(&["attribute", &project, "document", ZOE, "season", "winter"]).contains("already")
    );
    assert!(
        fails(&["attribute", &project, "document", ZOE, "colour", "--clear"])
            .contains("no attribute colour")
    );
    assert!(fails(&["attribute", &project, "document", ZOE, "season"]).contains("VALUE"));
    assert_eq!(journal_length(&project), journal);
}

#[test]
fn autocode_codes_search_hits_or_a_speakers_turns_as_one_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = imported_project(dir.path());
    let hits = json(&[
        "search",
        &project,
        "supervision",
        "--limit",
        "1000",
        "--json",
    ]);
    let hits = hits["hits"].as_array().cloned().unwrap_or_default();
    assert!(hits.len() > 2, "the corpus talks of supervision");

    let dry = json(&[
        "autocode",
        &project,
        "--code",
        "Supervision",
        "--search",
        "supervision",
        "--include-interviewers",
        "--dry-run",
        "--json",
    ]);
    assert_eq!(dry["found"], hits.len());
    assert_eq!(dry["done"], Value::Null);
    assert!(fails(&["segments", &project, "--code", "Supervision"]).contains("no code matches"));

    let done = json(&[
        "autocode",
        &project,
        "--code",
        "Supervision",
        "--search",
        "supervision",
        "--extent",
        "sentence",
        "--json",
    ]);
    let coded = count_in(&done["codings"]);
    assert!(coded > 0 && coded <= hits.len(), "{done}");
    let segments = segments_of(&project, "Supervision");
    assert_eq!(segments.len(), coded);
    for segment in &segments {
        let quote = segment["quote"].as_str().unwrap_or_default().to_lowercase();
        assert!(quote.contains("supervis"), "{quote}");
    }
    let widened = segments
        .iter()
        .filter(|segment| {
            segment["quote"]
                .as_str()
                .is_some_and(|quote| quote.chars().count() > 40)
        })
        .count();
    assert!(
        widened * 2 > segments.len(),
        "most hits widen to their sentence"
    );
    // Running it again finds nothing new, and says so.
    assert!(
        fails(&[
            "autocode",
            &project,
            "--code",
            "Supervision",
            "--search",
            "supervision",
            "--extent",
            "sentence"
        ])
        .contains("nothing new to code")
    );
    assert!(ok(&["undo", &project]).contains("as Supervision"));
    assert!(fails(&["segments", &project, "--code", "Supervision"]).contains("no code matches"));

    // Every turn of one speaker, as turns.
    let shown = json(&["show", &project, ZOE, "--json"]);
    let turns = shown["turns"].as_array().map_or(0, |turns| {
        turns
            .iter()
            .filter(|turn| turn["speaker"] == "Zoë Adebayo")
            .count()
    });
    let out = ok(&[
        "autocode",
        &project,
        "--code",
        "Zoë speaks",
        "--speaker",
        "Zoë Adebayo",
        "--doc",
        ZOE,
    ]);
    assert!(
        out.contains(&format!("autocode {turns} passages as Zoë speaks")),
        "{out}"
    );
    let segments = segments_of(&project, "Zoë speaks");
    assert_eq!(segments.len(), turns);
    assert!(
        segments
            .iter()
            .all(|segment| segment["speaker"] == "Zoë Adebayo")
    );
    assert!(
        fails(&["autocode", &project, "--code", "X", "--speaker", "Nobody"])
            .contains("no turns of \"Nobody\"")
    );
    assert!(fails(&["autocode", &project, "--code", "X"]).contains("--search"));
}
