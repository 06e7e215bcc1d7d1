//! Agreement figures checked against independent implementations on the same
//! data: nltk 3.10.4's AnnotationTask (percentage agreement, Cohen's kappa,
//! Bennett's S, Krippendorff's alpha) and the krippendorff 0.9.0 package
//! (alpha), run by tests/data/agreement/reference.py, which wrote the
//! `.expected.json` beside each data set; and the unitized alphas and MAXQDA's
//! segment agreement against `unitized_reference.py` (see `check_stretches`).
//! Four data sets: two coders and two codes; three coders in transcripts with
//! turns; a code nobody used; and two coders who mostly agree, with three
//! codes, so that segments match at either threshold.

use polyphony::analysis::agreement::segments::{SegmentCounts, SegmentTable};
use polyphony::analysis::agreement::unitized::UnitizedFigures;
use polyphony::analysis::agreement::{Figures, Unit, agreement, stretch_agreement};
use polyphony::analysis::compare::Comparison;
use polyphony::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Document, DocumentId, Project, Turn,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

struct DataSet {
    project: Project,
    coders: Vec<CoderId>,
    codes: BTreeMap<String, CodeId>,
    documents: BTreeMap<String, DocumentId>,
    compared: Vec<String>,
}

fn load(name: &str) -> (DataSet, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/agreement");
    let read = |file: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(dir.join(file)).expect("the data set is there"),
        )
        .expect("the data set is JSON")
    };
    let (data, expected) = (
        read(&format!("{name}.json")),
        read(&format!("{name}.expected.json")),
    );
    let mut project = Project::default();
    let mut coders = Vec::new();
    for name in data["coders"].as_array().expect("coders") {
        let coder = Coder {
            id: CoderId::new(),
            name: name.as_str().expect("a name").to_owned(),
        };
        coders.push(coder.id);
        project.coders.insert(coder.id, coder);
    }
    let documents = add_documents(&mut project, &data);
    let compared: Vec<String> = data["codes_compared"].as_array().map_or_else(
        || {
            let mut used: Vec<String> = data["codings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|coding| coding["code"].as_str().expect("code").to_owned())
                .collect();
            used.sort();
            used.dedup();
            used
        },
        |codes| {
            codes
                .iter()
                .map(|code| code.as_str().expect("code").to_owned())
                .collect()
        },
    );
    let mut codes = BTreeMap::new();
    for name in &compared {
        let id = CodeId::new();
        codes.insert(name.clone(), id);
        project.codes.insert(
            id,
            Code {
                id,
                name: name.clone(),
                parent: None,
                color: "#336699".to_owned(),
                description: String::new(),
            },
        );
    }
    let coder_id = |name: &str| {
        let index = data["coders"]
            .as_array()
            .expect("coders")
            .iter()
            .position(|n| n == name)
            .expect("a coder");
        coders[index]
    };
    for coding in data["codings"].as_array().expect("codings") {
        let id = CodingId::new();
        project.codings.insert(
            id,
            Coding {
                id,
                document: documents[coding["document"].as_str().expect("document")],
                code: codes[coding["code"].as_str().expect("code")],
                coder: coder_id(coding["coder"].as_str().expect("coder")),
                start: as_usize(&coding["start"]),
                end: as_usize(&coding["end"]),
                created_at: 0,
                memo: String::new(),
            },
        );
    }
    let set = DataSet {
        project,
        coders,
        codes,
        documents,
        compared,
    };
    (set, expected)
}

/// The data set's documents, with their turns, added to `project`, by name.
fn add_documents(project: &mut Project, data: &Value) -> BTreeMap<String, DocumentId> {
    let mut documents = BTreeMap::new();
    for document in data["documents"].as_array().expect("documents") {
        let text = document["text"].as_str().expect("text");
        let turns = document["turns"]
            .as_array()
            .map(|turns| {
                turns
                    .iter()
                    .map(|turn| Turn {
                        speaker: "Speaker".to_owned(),
                        start: as_usize(&turn[0]),
                        end: as_usize(&turn[1]),
                        time_ms: None,
                        is_interviewer: false,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let id = DocumentId::new();
        let name = document["name"].as_str().expect("name").to_owned();
        documents.insert(name.clone(), id);
        project.documents.insert(
            id,
            Document {
                id,
                name,
                format: "txt".to_owned(),
                source_file: String::new(),
                encoding: "utf-8".to_owned(),
                imported_at: 0,
                text: text.into(),
                char_count: text.chars().count(),
                turns,
                attributes: BTreeMap::new(),
                speakers: BTreeMap::new(),
                pages: Vec::new(),
                media: None,
            },
        );
    }
    documents
}

fn as_usize(value: &Value) -> usize {
    usize::try_from(value.as_u64().expect("a count")).expect("fits")
}

/// Checks each figure against the reference, within rounding.
fn same(what: &str, got: &Figures, expected: &Value) {
    assert_eq!(
        got.units,
        expected["units"].as_u64().expect("units"),
        "{what}: units"
    );
    for (name, value) in [
        ("neither_share", got.neither_share),
        ("percent_agreement", got.percent_agreement),
        ("cohen_kappa", got.cohen_kappa),
        ("brennan_prediger", got.brennan_prediger),
        ("krippendorff_alpha", got.krippendorff_alpha),
    ] {
        match (value, expected[name].as_f64()) {
            (Some(got), Some(want)) => assert!(
                (got - want).abs() < 1e-9,
                "{what}: {name} is {got}, the reference {want}"
            ),
            (None, None) => {}
            (got, want) => panic!("{what}: {name} is {got:?}, the reference {want:?}"),
        }
    }
}

fn check(name: &str) {
    let (set, expected) = load(name);
    for unit in Unit::ALL {
        let reference = &expected["units"][unit.word()];
        let comparison = Comparison {
            coders: set.coders.clone(),
            ..Comparison::default()
        };
        let report = agreement(&set.project, &comparison, unit).expect("agreement is worked out");
        same(
            &format!("{name}, {}, overall", unit.word()),
            &report.overall,
            &reference["overall"],
        );
        for (document, id) in &set.documents {
            same(
                &format!("{name}, {}, {document}", unit.word()),
                &report.by_document[id],
                &reference["by_document"][document],
            );
        }
        for code in &set.compared {
            // A code nobody used is asked for by name, as the window and the
            // command line do when a code is chosen.
            let one = Comparison {
                code: Some(set.codes[code]),
                ..comparison.clone()
            };
            let report = agreement(&set.project, &one, unit).expect("agreement is worked out");
            same(
                &format!("{name}, {}, code {code}", unit.word()),
                &report.by_code[&set.codes[code]],
                &reference["by_code"][code],
            );
        }
    }
}

/// A figure against its reference value: both undefined, or within 1e-9.
fn figure(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(got), Some(want)) => assert!(
            (got - want).abs() < 1e-9,
            "{what} is {got}, the reference {want}"
        ),
        (None, None) => {}
        (got, _) => panic!("{what} is {got:?}, the reference {want}"),
    }
}

fn same_unitized(what: &str, got: &UnitizedFigures, want: &Value) {
    figure(&format!("{what}: uα"), got.u_alpha, &want["u_alpha"]);
    figure(
        &format!("{what}: |uα"),
        got.binary_alpha,
        &want["binary_alpha"],
    );
    figure(&format!("{what}: cuα"), got.cu_alpha, &want["cu_alpha"]);
    assert_eq!(
        Value::Bool(got.overlapping_codes),
        want["overlapping_codes"],
        "{what}: overlapping codes"
    );
}

fn same_segments(what: &str, got: &SegmentCounts, want: &Value) {
    assert_eq!(
        got.agreements,
        want["agreements"].as_u64().expect("agreements"),
        "{what}: agreements"
    );
    assert_eq!(
        got.segments,
        want["segments"].as_u64().expect("segments"),
        "{what}: segments"
    );
    figure(
        &format!("{what}: agreement"),
        got.percent_agreement(),
        &want["percent_agreement"],
    );
}

fn same_table(what: &str, got: &SegmentTable, want: &Value) {
    same_segments(what, &got.counts, want);
    assert_eq!(
        got.codes_in_table as u64,
        want["codes_in_table"].as_u64().expect("codes"),
        "{what}: codes in the table"
    );
    figure(&format!("{what}: kappa"), got.kappa, &want["kappa"]);
}

/// The unitized alphas and MAXQDA's segment agreement against
/// `NAME.unitized.expected.json`, which tests/data/agreement/unitized_reference.py
/// wrote: uα, |uα and each code's |cuα from krippendorff-unitized-alpha 0.1.0
/// (checked there against the script's own exact computation), cuα and the
/// segment figures from the script's own implementation of the published
/// formulas (unitized_formulas.py), at overlap thresholds of 90% and 50%.
fn check_stretches(name: &str) {
    let (set, _) = load(name);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/agreement");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.unitized.expected.json")))
            .expect("the reference is there"),
    )
    .expect("JSON");
    let codes = |name: &str| set.codes[name];
    let comparison = Comparison {
        coders: set.coders.clone(),
        ..Comparison::default()
    };
    for threshold in [90, 50] {
        let got = stretch_agreement(&set.project, &comparison, threshold).expect("worked out");
        let unitized = &expected["unitized"];
        same_unitized(
            &format!("{name} overall"),
            &got.unitized.overall,
            &unitized["overall"],
        );
        for (document, id) in &set.documents {
            let want = &unitized["by_document"][document];
            same_unitized(
                &format!("{name} {document}"),
                &got.unitized.by_document[id],
                want,
            );
            for code in set
                .codes
                .keys()
                .filter(|code| got.unitized.by_cell.contains_key(&(*id, codes(code))))
            {
                figure(
                    &format!("{name} {document} {code}: |cuα"),
                    got.unitized.by_cell[&(*id, codes(code))],
                    &want["by_code"][code]["binary_alpha"],
                );
            }
        }
        for (code, alpha) in &got.unitized.by_code {
            let code_name = &set.project.codes[code].name;
            figure(
                &format!("{name} {code_name}: |cuα"),
                *alpha,
                &unitized["by_code"][code_name]["binary_alpha"],
            );
        }
        let pairs = expected["maxqda"][threshold.to_string()]["pairs"]
            .as_array()
            .expect("pairs");
        assert_eq!(got.segments.len(), pairs.len());
        for (pair, want) in got.segments.iter().zip(pairs) {
            let what = format!("{name} at {threshold}%, {}", want["coders"]);
            same_table(&what, &pair.overall, &want["overall"]);
            for (code, counts) in &pair.by_code {
                let code_name = &set.project.codes[code].name;
                same_segments(
                    &format!("{what} {code_name}"),
                    counts,
                    &want["by_code"][code_name],
                );
            }
            for (document, id) in &set.documents {
                same_table(
                    &format!("{what} {document}"),
                    &pair.document_tables[id],
                    &want["by_document"][document]["overall"],
                );
            }
        }
    }
}

#[test]
fn two_coders_agree_as_nltk_and_krippendorff_compute_it() {
    check("two-coders");
    check_stretches("two-coders");
}

#[test]
fn three_coders_in_turns_agree_as_nltk_and_krippendorff_compute_it() {
    check("three-coders");
    check_stretches("three-coders");
}

#[test]
fn a_code_nobody_used_is_complete_agreement_with_no_alpha() {
    check("unused-code");
    check_stretches("unused-code");
}

#[test]
fn coders_who_mostly_agree_match_segment_by_segment_as_maxqda_counts() {
    check("close-coders");
    check_stretches("close-coders");
}
