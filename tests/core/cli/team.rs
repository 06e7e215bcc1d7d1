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

#[test]
fn agreement_at_the_terminal_as_text_json_csv_and_xlsx() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, _) = super::demo_with_sam(dir.path());
    let coders = "Demo Researcher,Sam";
    let text = ok(&["agreement", &project, "--coders", coders, "--methods"]);
    assert!(
        text.contains("Cohen's kappa") && text.contains("(all codes)"),
        "{text}"
    );
    assert!(
        text.contains("Brennan, R. L., & Prediger"),
        "the methods paragraph names its sources"
    );
    let figures = json(&[
        "agreement",
        &project,
        "--coders",
        coders,
        "--unit",
        "turns",
        "--code",
        "Hope",
        "--json",
    ]);
    let overall = &figures["overall"];
    assert!(
        overall["units"].as_u64().is_some_and(|units| units > 0),
        "{figures}"
    );
    let share = overall["neither_share"].as_f64().expect("a share");
    let agreement = overall["percent_agreement"].as_f64().expect("agreement");
    assert!(
        (0.0..=1.0).contains(&share) && agreement >= share,
        "{figures}"
    );
    let csv = ok(&[
        "agreement",
        &project,
        "--coders",
        coders,
        "--unit",
        "paragraphs",
        "--csv",
    ]);
    assert!(
        csv.starts_with("code,paragraphs,uncoded share,agreement,"),
        "{csv}"
    );
    let xlsx = at("agreement.xlsx");
    ok(&["agreement", &project, "--coders", coders, "--xlsx", &xlsx]);
    assert!(std::fs::metadata(&xlsx).is_ok_and(|meta| meta.len() > 1000));
    assert!(
        fails(&["agreement", &project, "--coders", coders, "--unit", "words"])
            .contains("--unit takes")
    );
    assert!(
        fails(&["agreement", &project, "--coders", "Demo Researcher,Nobody"])
            .contains("no coder is called")
    );
}

#[test]
fn same_name_codes_are_listed_apart_or_joined_with_join_same_names() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, copy) = (at("study.polyphony"), at("sam.polyphony"));
    ok(&["demo", &project]);
    ok(&["copy", &project, "--coder", "Sam", "--out", &copy]);
    let code = |file: &str, start: &str, coder: &str| {
        ok(&[
            "code",
            file,
            "--doc",
            "peer-01",
            "--start",
            start,
            "--end",
            "90",
            "--code",
            "Belonging",
            "--coder",
            coder,
        ]);
    };
    code(&project, "0", "Demo Researcher");
    code(&copy, "30", "Sam");
    let dry = ok(&["merge", &project, &copy, "--dry-run"]);
    assert!(
        dry.contains("two codes are now called \"Belonging\""),
        "{dry}"
    );
    assert!(dry.contains("--join-same-names"), "{dry}");
    let joined = ok(&["merge", &project, &copy, "--join-same-names"]);
    assert!(
        joined.contains("the copy's is merged into this project's"),
        "{joined}"
    );
    assert!(joined.contains("1 code joined"), "{joined}");
    let codes = ok(&["codes", &project]);
    assert_eq!(codes.matches("Belonging").count(), 1, "{codes}");
    let segments = |project: &str| {
        json(&["segments", project, "--code", "Belonging", "--json"])
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(
        segments(&project),
        2,
        "the copy's coding moved to the lead's code"
    );
    ok(&["undo", &project]);
    assert_eq!(segments(&project), 1, "undone in one step");
}
