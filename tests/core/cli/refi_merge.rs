//! A REFI-QDA project written by Polyphony, changed as another tool would
//! change it (a code renamed, a passage coded, the memo of a coding dropped,
//! the file written again), merged back by its GUIDs at the terminal: the
//! difference is a conflict until a side is chosen, the new coding comes in,
//! nothing the file lacks is deleted, and merging it again adds nothing.

use super::{fails, ok};
use crate::support::rewrite_qdpx;

/// The XML with the code called `from` renamed and a copy of its first
/// coded selection added under a new GUID, one char longer.
fn as_another_tool_would(xml: &str, from: &str, to: &str) -> String {
    let xml = xml.replacen(&format!("name=\"{from}\""), &format!("name=\"{to}\""), 1);
    let start = xml.find("<PlainTextSelection ").expect("a selection");
    let end = xml[start..].find("</PlainTextSelection>").expect("its end") + start + 21;
    let selection = &xml[start..end];
    let added = selection
        .replacen("guid=\"", "guid=\"aaaaaaaa-bbbb-4ccc-8ddd-", 1)
        .replacen(
            "<Coding guid=\"",
            "<Coding guid=\"aaaaaaaa-bbbb-4ccc-8ddd-",
            1,
        );
    // Keep the GUIDs well formed: 8-4-4-4-12 after the prefix.
    let fix = |text: String| {
        let at = text.find("aaaaaaaa-bbbb-4ccc-8ddd-").expect("the prefix") + 24;
        let rest: String = text[at..]
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(12)
            .collect();
        let tail_end = text[at..].find('"').expect("a quote") + at;
        format!("{}{rest}{}", &text[..at], &text[tail_end..])
    };
    let added = fix(fix(added));
    format!("{}{added}{}", &xml[..end], &xml[end..])
}

#[test]
fn a_qdpx_changed_elsewhere_merges_back_by_its_guids() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, qdpx) = (at("study.polyphony"), at("study.qdpx"));
    ok(&["demo", &project]);
    ok(&["export", &project, "--format", "qdpx", "--out", &qdpx]);
    let codings_before = super::json(&["segments", &project, "--json"])
        .as_array()
        .map_or(0, Vec::len);
    rewrite_qdpx(std::path::Path::new(&qdpx), |xml| {
        as_another_tool_would(&xml, "Hope", "Hopefulness")
    });

    let refused = fails(&["merge", &project, &qdpx]);
    assert!(refused.contains("was not merged"), "{refused}");
    let listed =
        String::from_utf8_lossy(&super::polyphony(&["merge", &project, &qdpx]).stdout).into_owned();
    assert!(
        listed.contains("the REFI-QDA project study.qdpx"),
        "{listed}"
    );
    assert!(listed.contains("CONFLICT code Hope: name"), "{listed}");
    assert!(listed.contains("has no history"), "{listed}");

    let merged = ok(&["merge", &project, &qdpx, "--prefer", "theirs"]);
    assert!(
        merged.contains("Merged: merge the REFI-QDA project study.qdpx"),
        "{merged}"
    );
    let codes = ok(&["codes", &project]);
    assert!(
        codes.contains("Hopefulness") && !codes.contains("  Hope "),
        "{codes}"
    );
    let codings_after = super::json(&["segments", &project, "--json"])
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        codings_after,
        codings_before + 1,
        "the new coding, and none lost"
    );
    assert!(
        ok(&["merge", &project, &qdpx]).contains("nothing new"),
        "merged twice adds nothing"
    );

    // A selection the file moved past the end of its text cannot be placed:
    // it is reported, and the coding here stays.
    rewrite_qdpx(std::path::Path::new(&qdpx), |xml| {
        let at = xml.find("startPosition=\"").expect("a selection");
        let end = xml[at..].find(" creatingUser").expect("its positions") + at;
        format!(
            "{}startPosition=\"9999990\" endPosition=\"9999999\"{}",
            &xml[..at],
            &xml[end..]
        )
    });
    let reported = ok(&["merge", &project, &qdpx]);
    assert!(
        reported.contains("not read from the file: 1 selection outside their text"),
        "{reported}"
    );
    let kept = super::json(&["segments", &project, "--json"])
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(kept, codings_after, "nothing the file lacks is deleted");
    let undone = ok(&["undo", &project]);
    assert!(undone.contains("REFI-QDA project study.qdpx"), "{undone}");
    assert!(ok(&["codes", &project]).contains("Hope"));
}
