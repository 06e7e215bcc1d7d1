//! The demo project: the fictional sample corpus imported with its participant
//! and document attributes, a small codebook applied to it, and three
//! candidate themes built from those codes with key quotes, so that a new user
//! opening Polyphony sees the whole journey rather than an empty window.

use crate::edit::Command;
use crate::index::{Query, SearchFilter};
use crate::model::text::sentence_around;
use crate::model::{Code, CodeId, Coding, CodingId, Theme, ThemeId, ThemeStatus};
use crate::workbench::{CODE_PALETTE, TranscriptImportReport, Workbench, WorkbenchError, now_ms};
use std::collections::BTreeSet;
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

/// (name, the code whose codes it gathers, central organising concept,
/// definition): three candidate themes in the spirit of a peer-supported Open
/// Dialogue study.
const DEMO_THEMES: &[(&str, &str, &str, &str)] = &[
    (
        "The peer's influence on network meetings",
        "Peer in network meetings",
        "Peer practitioners change how a network meeting feels for the family: plainer words, shared experience and hope.",
        "In: what peers say and do in network meetings, and how families and colleagues take it. \
         Not: how the team works outside meetings (see team culture) or the terms of the job (see the peer role).",
    ),
    (
        "Opportunities and challenges of the peer role",
        "The peer role",
        "The peer role is valued for what it brings but is held in place by boundaries, supervision and pay that were made for other professions.",
        "In: boundaries, supervision and support, pay and banding, being the only peer. \
         Not: what happens in the meetings themselves.",
    ),
    (
        "The peer's impact on team culture",
        "Team culture",
        "Having a peer in the team unsettles hierarchy and changes how the team talks about risk.",
        "In: relationships and talk within the team, hierarchy, risk. \
         Not: the family's experience of meetings.",
    ),
];

/// How many key quotes each demo theme gets.
const KEY_QUOTES_PER_THEME: usize = 3;

/// How many passages each demo code is applied to at most, so the demo reads
/// as a plausible first pass rather than a keyword dump.
const CODINGS_PER_CODE: usize = 14;

/// Builds the demo project at `path` from `corpus` (a folder with
/// `transcripts/`, `participants.csv` and `documents.csv`). A demo that could
/// not be finished is taken away again, file and index, for the window and
/// the command line alike.
pub fn build_demo(
    path: &Path,
    corpus: &Path,
) -> Result<(Workbench, TranscriptImportReport), WorkbenchError> {
    let transcripts = corpus.join("transcripts");
    if !transcripts.is_dir() {
        return Err(WorkbenchError::Invalid(format!(
            "{} has no transcripts folder; point --corpus at Polyphony's sample-corpus folder",
            corpus.display()
        )));
    }
    let mut workbench = Workbench::create(path, DEMO_CODER)?;
    match fill_demo(&mut workbench, corpus, &transcripts) {
        Ok(report) => Ok((workbench, report)),
        Err(error) => {
            // A half-built demo would be opened as if complete next time, so
            // it is taken away; the file is ours, as `create` just made it.
            drop(workbench);
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_dir_all(crate::index::index_dir(path));
            Err(error)
        }
    }
}

/// Imports, codes, themes and links the demo project's corpus.
fn fill_demo(
    workbench: &mut Workbench,
    corpus: &Path,
    transcripts: &Path,
) -> Result<TranscriptImportReport, WorkbenchError> {
    let report = workbench.import_paths(&[transcripts.to_path_buf()], &mut |_| {})?;
    workbench.import_participants_csv(&corpus.join("participants.csv"))?;
    workbench.import_document_attributes_csv(&corpus.join("documents.csv"))?;
    let command = demo_coding(workbench)?;
    workbench.apply(command)?;
    let command = demo_themes(workbench)?;
    workbench.apply(command)?;
    link_demo_recordings(workbench, corpus)?;
    Ok(report)
}

/// Links each recording in the corpus's `recordings/` folder to the
/// transcript of the same name (synthesised speech of the fictional text).
fn link_demo_recordings(workbench: &mut Workbench, corpus: &Path) -> Result<(), WorkbenchError> {
    let Ok(entries) = std::fs::read_dir(corpus.join("recordings")) else {
        return Ok(());
    };
    let mut recordings: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| crate::media::RECORDING_EXTENSIONS.contains(&ext))
        })
        .collect();
    recordings.sort();
    let mut commands = Vec::new();
    for recording in recordings {
        let Some(stem) = recording.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        let Some(document) = workbench.project().find_document(stem) else {
            continue;
        };
        let absolute = std::path::absolute(&recording).unwrap_or(recording.clone());
        commands.push(Command::SetDocumentMedia {
            id: document.id,
            media: Some(crate::media::locate::link_text(workbench.path(), &absolute)),
        });
    }
    if commands.is_empty() {
        return Ok(());
    }
    workbench.apply(Command::Batch {
        label: "link the demo's recordings".to_owned(),
        commands,
    })?;
    Ok(())
}

/// `hits` reordered so that each document gives one hit in turn (its first,
/// then every document's second, ...): a capped code then draws on every
/// transcript, peer and non-peer alike, not only the first by name.
fn spread_over_documents(hits: Vec<crate::index::Hit>) -> Vec<crate::index::Hit> {
    let mut by_document: Vec<(crate::model::DocumentId, Vec<crate::index::Hit>)> = Vec::new();
    for hit in hits {
        match by_document
            .iter_mut()
            .find(|(document, _)| *document == hit.document)
        {
            Some((_, list)) => list.push(hit),
            None => by_document.push((hit.document, vec![hit])),
        }
    }
    let mut spread = Vec::new();
    let mut round = 0;
    loop {
        let before = spread.len();
        for (_, list) in &by_document {
            if let Some(hit) = list.get(round) {
                spread.push(hit.clone());
            }
        }
        if spread.len() == before {
            return spread;
        }
        round += 1;
    }
}

/// The demo's three candidate themes, each gathering the codes under one top
/// code, with key quotes from different participants (alternating between
/// their groups where it can) so that no one voice carries a theme.
fn demo_themes(workbench: &Workbench) -> Result<Command, WorkbenchError> {
    let project = workbench.project();
    let mut commands = Vec::new();
    for (name, code_name, concept, definition) in DEMO_THEMES {
        let code = project.find_code(code_name).ok_or_else(|| {
            WorkbenchError::Invalid(format!("the demo codebook has no code {code_name}"))
        })?;
        let theme_id = ThemeId::new();
        let mut segments: Vec<&Coding> = project
            .codings
            .values()
            .filter(|coding| project.code_is_within(coding.code, code.id))
            .collect();
        segments.sort_by_key(|coding| {
            let document = project
                .documents
                .get(&coding.document)
                .map(|d| d.name.clone());
            (document, coding.start, coding.id)
        });
        let mut key_quotes: Vec<CodingId> = Vec::new();
        let mut speakers: BTreeSet<String> = BTreeSet::new();
        let mut last_group: Option<String> = None;
        while key_quotes.len() < KEY_QUOTES_PER_THEME {
            let candidates: Vec<(&Coding, String, String)> = segments
                .iter()
                .filter(|coding| !key_quotes.contains(&coding.id))
                .filter_map(|coding| {
                    let segment = project.segment(&coding.id)?;
                    let participant = segment.participant?;
                    let group = participant
                        .attributes
                        .get("group")
                        .cloned()
                        .unwrap_or_default();
                    Some((*coding, participant.name.clone(), group))
                })
                .filter(|(_, who, _)| !speakers.contains(who))
                .collect();
            // A key quote should say something: prefer a full sentence or two.
            let telling = |coding: &Coding| {
                project
                    .segment(&coding.id)
                    .is_some_and(|segment| segment.quote.split_whitespace().count() >= 10)
            };
            let chosen = candidates
                .iter()
                .find(|(coding, _, group)| Some(group) != last_group.as_ref() && telling(coding))
                .or_else(|| candidates.iter().find(|(coding, _, _)| telling(coding)))
                .or_else(|| candidates.first());
            let Some((coding, who, group)) = chosen else {
                break;
            };
            key_quotes.push(coding.id);
            speakers.insert(who.clone());
            last_group = Some(group.clone());
        }
        commands.push(Command::CreateTheme {
            theme: Theme {
                id: theme_id,
                name: (*name).to_owned(),
                concept: (*concept).to_owned(),
                definition: (*definition).to_owned(),
                status: ThemeStatus::Candidate,
                parent: None,
                codes: BTreeSet::from([code.id]),
                key_quotes,
            },
        });
    }
    Ok(Command::Batch {
        label: "build the demo's candidate themes".to_owned(),
        commands,
    })
}

fn demo_coding(workbench: &mut Workbench) -> Result<Command, WorkbenchError> {
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
        let results = workbench.search(&query, 400)?;
        let mut applied = 0;
        for hit in spread_over_documents(results.hits) {
            if applied == CODINGS_PER_CODE {
                break;
            }
            let Some(document) = workbench.project().documents.get(&hit.document) else {
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
                    coder: workbench.coder().id,
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
