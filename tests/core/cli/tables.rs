//! `table` as a researcher runs it on the demo study: each table printed, as
//! JSON, CSV and XLSX, the passages and keyword-in-context lines behind a
//! cell, and plain refusals of what cannot be done.

use super::{fails, json, ok};

#[test]
fn the_study_tables_at_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("study.polyphony");
    let project = project.to_str().expect("utf-8");
    ok(&["demo", project]);

    let counted = json(&["table", project, "frequencies", "--rolled-up", "--json"]);
    let rows = counted["rows"].as_array().expect("rows");
    let parent = rows
        .iter()
        .find(|row| row["code"] == "Peer in network meetings")
        .expect("a parent code");
    let children: u64 = rows
        .iter()
        .filter(|row| {
            row["code"]
                .as_str()
                .is_some_and(|code| code.starts_with("Peer in network meetings/"))
        })
        .map(|row| row["codings"].as_u64().expect("a count"))
        .sum();
    assert!(children > 0);
    assert_eq!(
        parent["codings"].as_u64(),
        Some(children),
        "the children rolled up"
    );

    let shares = json(&[
        "table", project, "matrix", "--by", "group", "--share", "row", "--json",
    ]);
    assert!(
        shares["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .any(|c| c == "peer")
    );
    for row in shares["rows"].as_array().expect("rows") {
        if let Some(total) = row["total"].as_f64() {
            assert!(
                (total - 100.0).abs() < 1e-9,
                "a row's shares add to 100: {row}"
            );
        }
    }

    let csv = ok(&["table", project, "cooccurrence", "--by", "turn", "--csv"]);
    assert!(csv.starts_with("code,"), "{csv}");
    let hope = json(&[
        "table",
        project,
        "cooccurrence",
        "--passages",
        "Hope,Hope",
        "--json",
    ]);
    assert!(
        !hope["rows"].as_array().expect("rows").is_empty(),
        "Hope's own passages"
    );

    let words = json(&[
        "table", project, "words", "--by", "group", "--top", "5", "--json",
    ]);
    let words = words["rows"].as_array().expect("rows");
    assert_eq!(words.len(), 5);
    assert!(
        words
            .iter()
            .all(|row| row["word"] != "the" && row["word"] != "laughs")
    );
    let kwic = json(&["table", project, "words", "--kwic", "support", "--json"]);
    assert!(kwic["rows"].as_array().expect("rows").iter().all(|row| {
        row["word"]
            .as_str()
            .is_some_and(|w| w.eq_ignore_ascii_case("support"))
    }));

    let xlsx = dir.path().join("words.xlsx");
    let wrote = ok(&[
        "table",
        project,
        "words",
        "--by",
        "group",
        "--stem",
        "en",
        "--xlsx",
        xlsx.to_str().expect("utf-8"),
    ]);
    assert!(wrote.contains("Wrote"), "{wrote}");
    assert!(
        std::fs::read(&xlsx)
            .expect("the workbook")
            .starts_with(b"PK")
    );

    assert!(fails(&["table", project, "matrix", "--by", "age"]).contains("the attributes are: "));
    assert!(
        fails(&["table", project, "matrix", "--share", "half"]).contains("counts, row or column")
    );
    assert!(
        fails(&["table", project, "cooccurrence", "--by", "page"])
            .contains("overlap, turn or paragraph")
    );
    assert!(fails(&["table", project, "cooccurrence", "--passages", "Hope"]).contains("two codes"));
    assert!(fails(&["table", project, "words", "--stem", "de"]).contains("en or fr"));
    assert!(fails(&["table", project, "words", "--stop-words", "xx"]).contains("en, fr or none"));
    assert!(fails(&["table", project, "words", "--code", "Nonsense"]).contains("Nonsense"));
    assert!(fails(&["table", &format!("{project}.missing"), "frequencies"]).contains("missing"));
}

#[test]
fn the_theme_report_takes_the_codes_by_group_appendix_and_the_agreement() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let (project, _) = super::demo_with_sam(dir.path());
    let out = at("report.md");
    let alone = fails(&[
        "report",
        &project,
        "--format",
        "md",
        "--out",
        &out,
        "--agreement",
        "Sam",
    ]);
    assert!(alone.contains("two or more different coders"), "{alone}");
    ok(&[
        "report",
        &project,
        "--format",
        "md",
        "--out",
        &out,
        "--codes-by-group",
        "--agreement",
        "Demo Researcher,Sam",
    ]);
    let report = std::fs::read_to_string(&out).expect("the report");
    assert!(report.contains("## Appendix: codes by group"), "{report}");
    assert!(
        report.contains("Demo Researcher and Sam agreed on"),
        "{report}"
    );
    assert!(
        report.contains("Krippendorff, K., Mathet, Y."),
        "the references"
    );
    assert!(!std::path::Path::new(&at("nothing.md")).exists());
    let refused = fails(&[
        "report",
        &project,
        "--format",
        "md",
        "--out",
        &at("nothing.md"),
        "--by",
        "shoe size",
        "--codes-by-group",
    ]);
    assert!(
        refused.contains("codes-by-group appendix cannot be made"),
        "{refused}"
    );
    assert!(
        !std::path::Path::new(&at("nothing.md")).exists(),
        "nothing is written"
    );
}
