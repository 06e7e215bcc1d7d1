//! Agreement figures checked against independent implementations on the same
//! data: nltk 3.10.4's AnnotationTask (percentage agreement, Cohen's kappa,
//! Bennett's S, Krippendorff's alpha) and the krippendorff 0.9.0 package
//! (alpha), run by tests/data/agreement/reference.py, which wrote the
//! `.expected.json` beside each data set. Three data sets: two coders and two
//! codes; three coders in transcripts with turns; and a code nobody used.

use polyphony::analysis::agreement::{Figures, Unit, agreement};
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

#[test]
fn two_coders_agree_as_nltk_and_krippendorff_compute_it() {
    check("two-coders");
}

#[test]
fn three_coders_in_turns_agree_as_nltk_and_krippendorff_compute_it() {
    check("three-coders");
}

#[test]
fn a_code_nobody_used_is_complete_agreement_with_no_alpha() {
    check("unused-code");
}
