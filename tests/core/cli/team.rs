//! `copy`, `merge` and `compare` as a team runs them at a terminal: a copy for
//! a coder, a conflict refused until a side is chosen, every choice printed,
//! the merge undone, and the coders' passages compared.

use super::{fails, json, ok};

#[test]
fn copy_merge_and_compare_at_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, copy) = (at("study.polyphony"), at("sam.polyphony"));
    ok(&["demo", &project]);
    let wrote = ok(&["copy", &project, "--coder", "Sam", "--out", &copy]);
    assert!(
        wrote.contains("Wrote") && wrote.contains("polyphony merge"),
        "{wrote}"
    );
    assert!(
        fails(&["copy", &project, "--coder", "Sam", "--out", &copy]).contains("already exists")
    );

    ok(&[
        "code", &copy, "--doc", "peer-01", "--start", "0", "--end", "60", "--code", "Hope",
        "--coder", "Sam",
    ]);
    ok(&[
        "codebook",
        &copy,
        "rename",
        "Plain language",
        "Plain words",
        "--coder",
        "Sam",
    ]);
    ok(&[
        "codebook",
        &project,
        "rename",
        "Plain language",
        "Everyday language",
    ]);

    let refused = polyphony_merge(&project, &copy, &[]);
    assert!(!refused.status.success());
    let listed = String::from_utf8_lossy(&refused.stdout);
    assert!(
        listed.contains("CONFLICT code Everyday language: name"),
        "{listed}"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("was not merged"));
    assert!(
        !ok(&["codes", &project]).contains("Plain words"),
        "a refused merge changes nothing"
    );

    let merged = ok(&["merge", &project, &copy, "--prefer", "theirs"]);
    assert!(
        merged.contains("chose theirs for code Everyday language: name"),
        "{merged}"
    );
    assert!(
        merged.contains("Merged: merge Sam's copy (sam.polyphony)"),
        "{merged}"
    );
    assert!(ok(&["codes", &project]).contains("Plain words"));
    assert!(ok(&["merge", &project, &copy]).contains("nothing new"));

    let compared = json(&[
        "compare",
        &project,
        "--coders",
        "Demo Researcher,Sam",
        "--doc",
        "peer-01",
        "--code",
        "Hope",
        "--json",
    ]);
    let passages = compared.as_array().expect("a list");
    assert!(
        passages
            .iter()
            .any(|passage| passage["coded_by"] == serde_json::json!(["Sam"])
                && passage["start"] == 0),
        "{compared}"
    );
    assert!(fails(&["compare", &project, "--coders", "Sam"]).contains("two or more"));

    let undone = ok(&["undo", &project]);
    assert!(undone.contains("merge Sam's copy"), "{undone}");
    assert!(!ok(&["codes", &project]).contains("Plain words"));
}

fn polyphony_merge(project: &str, copy: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["merge", project, copy];
    args.extend_from_slice(extra);
    super::polyphony(&args)
}
