//! The demo project: the fictional sample corpus imported with its participant
//! and document attributes, and a small codebook applied to it, so that a new
//! user opening Polyphony sees a coded study rather than an empty window.

use crate::edit::Command;
use crate::index::{Query, SearchFilter};
use crate::model::text::sentence_around;
use crate::model::{Code, CodeId, Coding, CodingId};
use crate::workbench::{CODE_PALETTE, ImportReport, Workbench, WorkbenchError, now_ms};
use std::path::{Path, PathBuf};

/// The coder the demo project's codings are made by.
pub const DEMO_CODER: &str = "Demo Researcher";

/// Where the sample corpus is: beside the crate's manifest, where `cargo run`
/// finds it.
#[must_use]
pub fn default_corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus")
}

/// (parent, code, description, search that finds its passages)
const DEMO_CODEBOOK: &[(&str, &str, &str, &str)] = &[
    (
        "Peer in network meetings",
        "Lived experience in the room",
        "The peer draws on, or is seen through, their own experience of distress and services.",
        "\"lived experience\" OR \"been there\" OR \"been through\"",
    ),
    (
        "Peer in network meetings",
        "Plain language",
        "Talk about jargon, clinical language and speaking plainly with families.",
        "jargon OR \"plain language\" OR \"plain english\"",
    ),
    (
        "Peer in network meetings",
        "Hope",
        "Hope, recovery and possibility in the meeting.",
        "hope OR hopeful",
    ),
    (
        "Peer in network meetings",
        "Self-disclosure",
        "When and how peers share their own story.",
        "disclos* OR \"my story\" OR \"own story\"",
    ),
    (
        "The peer role",
        "Boundaries",
        "Where the peer role begins and ends.",
        "boundaries OR boundary",
    ),
    (
        "The peer role",
        "Supervision and support",
        "Supervision, reflective practice and support for peers.",
        "supervision OR supervisor",
    ),
    (
        "The peer role",
        "Pay and recognition",
        "Banding, pay and how the role is valued.",
        "pay OR banding OR band OR salary",
    ),
    (
        "The peer role",
        "Tokenism",
        "Being the token peer, or the only one.",
        "token OR tokenistic OR tokenism",
    ),
    (
        "Team culture",
        "Challenging hierarchy",
        "Peers unsettling professional hierarchy.",
        "hierarchy OR hierarchical",
    ),
    (
        "Team culture",
        "Talking about risk",
        "How risk is discussed and recorded with peers present.",
        "risk",
    ),
];

/// How many passages each demo code is applied to at most, so the demo reads
/// as a plausible first pass rather than a keyword dump.
const CODINGS_PER_CODE: usize = 14;

/// Builds the demo project at `path` from `corpus` (a folder with
/// `transcripts/`, `participants.csv` and `documents.csv`).
pub fn build_demo(path: &Path, corpus: &Path) -> Result<(Workbench, ImportReport), WorkbenchError> {
    let transcripts = corpus.join("transcripts");
    if !transcripts.is_dir() {
        return Err(WorkbenchError::Invalid(format!(
            "{} has no transcripts folder; point --corpus at Polyphony's sample-corpus folder",
            corpus.display()
        )));
    }
    let mut bench = Workbench::create(path, DEMO_CODER)?;
    let report = bench.import_paths(&[transcripts], &mut |_| {})?;
    bench.import_participants_csv(&corpus.join("participants.csv"))?;
    bench.import_document_attributes_csv(&corpus.join("documents.csv"))?;
    let command = demo_coding(&mut bench)?;
    bench.apply(command)?;
    Ok((bench, report))
}

fn demo_coding(bench: &mut Workbench) -> Result<Command, WorkbenchError> {
    let mut commands = Vec::new();
    let mut parents: Vec<(&str, CodeId)> = Vec::new();
    let mut used: Vec<(crate::model::DocumentId, usize, usize, CodeId)> = Vec::new();
    for (index, (parent_name, name, description, search)) in DEMO_CODEBOOK.iter().enumerate() {
        let parent = match parents.iter().find(|(known, _)| known == parent_name) {
            Some((_, id)) => *id,
            None => {
                let code = Code {
                    id: CodeId::new(),
                    name: (*parent_name).to_owned(),
                    parent: None,
                    color: CODE_PALETTE[parents.len() % CODE_PALETTE.len()].to_owned(),
                    description: String::new(),
                };
                parents.push((parent_name, code.id));
                let id = code.id;
                commands.push(Command::CreateCode { code });
                id
            }
        };
        let code = Code {
            id: CodeId::new(),
            name: (*name).to_owned(),
            parent: Some(parent),
            color: CODE_PALETTE[(index + 3) % CODE_PALETTE.len()].to_owned(),
            description: (*description).to_owned(),
        };
        let code_id = code.id;
        commands.push(Command::CreateCode { code });
        let query = Query {
            text: (*search).to_owned(),
            regex: false,
            filter: SearchFilter::default(),
        };
        let results = bench.search(&query, 400)?;
        let mut applied = 0;
        for hit in results.hits {
            if applied == CODINGS_PER_CODE {
                break;
            }
            let Some(document) = bench.project().documents.get(&hit.document) else {
                continue;
            };
            let Some(turn) = document.turn_at(hit.start) else {
                continue;
            };
            if turn.is_interviewer {
                continue;
            }
            let (start, end) =
                sentence_around(&document.text, hit.start, hit.end, (turn.start, turn.end));
            if start >= end
                || used.iter().any(|&(doc, s, e, c)| {
                    doc == document.id && c == code_id && s < end && start < e
                })
            {
                continue;
            }
            used.push((document.id, start, end, code_id));
            commands.push(Command::AddCoding {
                coding: Coding {
                    id: CodingId::new(),
                    document: document.id,
                    code: code_id,
                    coder: bench.coder().id,
                    start,
                    end,
                    created_at: now_ms(),
                    memo: String::new(),
                },
            });
            applied += 1;
        }
    }
    Ok(Command::Batch {
        label: "code the demo transcripts".to_owned(),
        commands,
    })
}
