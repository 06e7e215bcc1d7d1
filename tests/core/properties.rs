//! Property tests: positions from import, search and coding always fall on
//! char boundaries of the stored text, whatever its accents, emoji or CJK; and
//! every command, applied then undone, leaves the project exactly as it was.

use polyphony::edit::{Command, apply};
use polyphony::index::Query;
use polyphony::model::text::{slice_chars, snap_to_words};
use polyphony::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, CommentId, CommentKind, Document,
    DocumentId, Memo, MemoId, Participant, ParticipantId, Project, Resolution, ResolutionState,
    Target, Theme, ThemeId, ThemeStatus, Turn,
};
use polyphony::workbench::Workbench;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "peer",
        "hope",
        "Zoë",
        "café",
        "naïve",
        "🙂",
        "林美",
        "network",
        "meeting",
        "jargon",
        "São",
        "Łukasz",
        "👍🏽",
        "e\u{301}",
        "support",
        "日本語",
        "über",
    ])
    .prop_map(str::to_owned)
}

fn utterance() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|words| words.join(" "))
}

fn transcript() -> impl Strategy<Value = Vec<(String, String)>> {
    let speaker = prop::sample::select(vec!["Zoë", "Interviewer", "林美", "José Almeida"]);
    prop::collection::vec((speaker.prop_map(str::to_owned), utterance()), 2..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn import_search_and_coding_ranges_slice_the_text_on_char_boundaries(
        turns in transcript(),
        crlf in any::<bool>(),
        selection in (0usize..400, 0usize..400),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut body = String::new();
        for (speaker, said) in &turns {
            body.push_str(&format!("{speaker}: {said}\n\n"));
        }
        // Every label recurs, so each is a speaker.
        for (speaker, _) in &turns {
            body.push_str(&format!("{speaker}: peer\n\n"));
        }
        if crlf {
            body = body.replace('\n', "\r\n");
        }
        let file = dir.path().join("t.txt");
        std::fs::write(&file, &body).expect("write");
        let mut workbench = Workbench::create(&dir.path().join("p.polyphony"), "Ruth").expect("create");
        workbench.import_paths(&[file], &mut |_| {}).expect("import");
        let document = workbench.project().documents.values().next().expect("document").clone();
        prop_assert!(!document.text.contains('\r'));
        prop_assert_eq!(document.turns.len(), turns.len() * 2);
        for (turn, (speaker, said)) in document.turns.iter().zip(&turns) {
            prop_assert_eq!(&turn.speaker, speaker);
            prop_assert_eq!(slice_chars(&document.text, turn.start, turn.end), said.as_str());
        }
        for query in [Query::words("peer"), Query::words("café"), Query::regex("🙂|林美|é")] {
            let results = workbench.search(&query, 1000).expect("search");
            for hit in results.hits {
                prop_assert!(hit.start < hit.end && hit.end <= document.char_count);
                let slice = slice_chars(&document.text, hit.start, hit.end);
                prop_assert_eq!(slice.split_whitespace().collect::<Vec<_>>().join(" "), hit.matched);
            }
        }
        let (from, to) = snap_to_words(&document.text, selection.0.min(selection.1), selection.0.max(selection.1));
        if from < to && to <= document.char_count {
            let (command, id) = workbench.commands().code_range(document.id, from, to, "Selected").expect("command");
            workbench.apply(command).expect("apply");
            let segment = workbench.project().segment(&id).expect("segment");
            prop_assert_eq!(segment.quote.chars().count(), to - from);
            prop_assert!(document.text.contains(segment.quote));
        }
    }
}

/// A small project to change: one document, two participants, a coder, codes,
/// codings, a theme with a key quote, a memo and a comment.
fn seed() -> Project {
    let mut project = Project::default();
    let coder = Coder {
        id: CoderId::new(),
        name: "Ruth".to_owned(),
    };
    let zoe = Participant {
        id: ParticipantId::new(),
        name: "Zoë".to_owned(),
        is_interviewer: false,
        attributes: BTreeMap::from([("role".to_owned(), "peer".to_owned())]),
    };
    let text = "Zoë: hope 🙂 and 林美 in the network meeting, really.";
    let document = Document {
        id: DocumentId::new(),
        name: "interview".to_owned(),
        format: "txt".to_owned(),
        source_file: "interview.txt".to_owned(),
        encoding: "UTF-8".to_owned(),
        imported_at: 0,
        text: Arc::from(text),
        char_count: text.chars().count(),
        turns: vec![Turn {
            speaker: "Zoë".to_owned(),
            start: 5,
            end: text.chars().count(),
            time_ms: None,
            is_interviewer: false,
        }],
        attributes: BTreeMap::new(),
        speakers: BTreeMap::from([("Zoë".to_owned(), zoe.id)]),
        pages: Vec::new(),
        media: None,
    };
    let parent = Code {
        id: CodeId::new(),
        name: "Parent".to_owned(),
        parent: None,
        color: "#4e79a7".to_owned(),
        description: String::new(),
    };
    let child = Code {
        id: CodeId::new(),
        name: "Child".to_owned(),
        parent: Some(parent.id),
        color: "#f28e2b".to_owned(),
        description: "d".to_owned(),
    };
    let coding = Coding {
        id: CodingId::new(),
        document: document.id,
        code: child.id,
        coder: coder.id,
        start: 5,
        end: 9,
        created_at: 1,
        memo: String::new(),
    };
    let other = Coding {
        id: CodingId::new(),
        document: document.id,
        code: parent.id,
        coder: coder.id,
        start: 10,
        end: 11,
        created_at: 2,
        memo: "m".to_owned(),
    };
    let theme = Theme {
        id: ThemeId::new(),
        name: "Theme".to_owned(),
        concept: "c".to_owned(),
        definition: "d".to_owned(),
        status: ThemeStatus::Candidate,
        parent: None,
        codes: BTreeSet::from([child.id, parent.id]),
        key_quotes: vec![coding.id, other.id],
    };
    let memo = Memo {
        id: MemoId::new(),
        title: "t".to_owned(),
        body: "b".to_owned(),
        author: coder.id,
        target: Target::Code(child.id),
        created_at: 0,
        updated_at: 0,
    };
    let comment = Comment {
        id: CommentId::new(),
        author: "Co-author".to_owned(),
        target: Target::Theme(theme.id),
        kind: CommentKind::Question,
        body: "?".to_owned(),
        reply_to: None,
        created_at: 0,
        resolution: None,
    };
    project.coders.insert(coder.id, coder);
    project.participants.insert(zoe.id, zoe);
    project.documents.insert(document.id, document);
    project.codes.insert(parent.id, parent);
    project.codes.insert(child.id, child);
    project.codings.insert(coding.id, coding);
    project.codings.insert(other.id, other);
    project.themes.insert(theme.id, theme);
    project.memos.insert(memo.id, memo);
    project.comments.insert(comment.id, comment);
    project
}

fn pick<K: Copy>(keys: impl Iterator<Item = K>, n: usize) -> Option<K> {
    let keys: Vec<K> = keys.collect();
    if keys.is_empty() {
        None
    } else {
        Some(keys[n % keys.len()])
    }
}

/// Builds a command of kind `op` from the project as it is; some are invalid
/// on purpose (bad ranges, cycles, missing ids).
fn command(project: &Project, op: u8, a: usize, b: usize) -> Option<Command> {
    let document = pick(project.documents.keys().copied(), a);
    let code = pick(project.codes.keys().copied(), a);
    let other_code = pick(project.codes.keys().copied(), b);
    let coding = pick(project.codings.keys().copied(), a);
    let theme = pick(project.themes.keys().copied(), b);
    let coder = pick(project.coders.keys().copied(), 0)?;
    Some(match op % 17 {
        0 => Command::CreateCode {
            code: Code {
                id: CodeId::new(),
                name: format!("c{a}"),
                parent: code.filter(|_| b.is_multiple_of(2)),
                color: "#59a14f".to_owned(),
                description: String::new(),
            },
        },
        1 => Command::RemoveCode { id: code? },
        2 => {
            let id = code?;
            let current = &project.codes[&id];
            Command::UpdateCode {
                id,
                name: format!("renamed {b}"),
                parent: other_code,
                color: current.color.clone(),
                description: "x".to_owned(),
            }
        }
        3 => Command::AddCoding {
            coding: Coding {
                id: CodingId::new(),
                document: document?,
                code: code?,
                coder,
                start: a % 50,
                end: a % 50 + b % 9,
                created_at: 3,
                memo: String::new(),
            },
        },
        4 => Command::RemoveCoding { id: coding? },
        5 => {
            let id = coding?;
            Command::UpdateCoding {
                id,
                code: other_code?,
                start: b % 40,
                end: b % 40 + 3,
                memo: format!("memo {a}"),
            }
        }
        6 => Command::RemoveDocument { id: document? },
        7 => Command::SetDocumentAttribute {
            id: document?,
            name: format!("k{}", a % 3),
            value: (!b.is_multiple_of(3)).then(|| format!("v{b}")),
        },
        8 => Command::AddThemeCode {
            theme: theme?,
            code: code?,
        },
        9 => Command::RemoveThemeCode {
            theme: theme?,
            code: code?,
        },
        10 => Command::AddKeyQuote {
            theme: theme?,
            coding: coding?,
            position: Some(b % 3),
        },
        11 => Command::RemoveTheme { id: theme? },
        12 => Command::CreateTheme {
            theme: Theme {
                id: ThemeId::new(),
                name: format!("t{a}"),
                concept: String::new(),
                definition: String::new(),
                status: ThemeStatus::Reviewed,
                parent: theme,
                codes: BTreeSet::new(),
                key_quotes: Vec::new(),
            },
        },
        13 => Command::RemoveParticipant {
            id: pick(project.participants.keys().copied(), a)?,
        },
        14 => Command::ResolveComment {
            id: pick(project.comments.keys().copied(), a)?,
            resolution: Some(Resolution {
                state: ResolutionState::Declined,
                reason: "r".to_owned(),
                by: "Ruth".to_owned(),
                at: 5,
            }),
        },
        // A term of the key set, changed or taken out: a few terms, so that each
        // happens.
        15 => {
            let real = format!("Name {}", a % 3);
            Command::SetPseudonym {
                real: real.clone(),
                entry: (!b.is_multiple_of(3)).then(|| polyphony::pseudonyms::KeyEntry {
                    real,
                    replacement: format!("P{b}"),
                    category: polyphony::pseudonyms::Category::Person,
                    variants: vec![],
                }),
            }
        }
        _ => Command::Batch {
            label: "batch".to_owned(),
            commands: vec![
                Command::RemoveCoding { id: coding? },
                Command::RemoveCode { id: code? },
            ],
        },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn applying_then_undoing_is_the_identity(steps in prop::collection::vec((any::<u8>(), 0usize..64, 0usize..64), 1..24)) {
        let mut project = seed();
        let start = project.clone();
        let mut inverses = Vec::new();
        for (op, a, b) in steps {
            let Some(command) = command(&project, op, a, b) else { continue };
            let before = project.clone();
            match apply(&mut project, command.clone()) {
                Ok(applied) => {
                    // Undo then redo gets back to the same state.
                    let mut check = project.clone();
                    let redo = apply(&mut check, applied.inverse.clone()).expect("the inverse applies");
                    prop_assert_eq!(&check, &before, "undo of {:?}", command);
                    apply(&mut check, redo.inverse).expect("redo applies");
                    prop_assert_eq!(&check, &project, "redo of {:?}", command);
                    inverses.push(applied.inverse);
                }
                Err(_) => prop_assert_eq!(&project, &before, "a failed {:?} changed the project", command),
            }
        }
        for inverse in inverses.into_iter().rev() {
            apply(&mut project, inverse).expect("undo applies");
        }
        prop_assert_eq!(project, start);
    }
}

/// The project as an outline-opened workbench holds it before a command: no
/// document bodies and no codings.
fn outline_of(project: &Project) -> Project {
    let mut outline = project.clone();
    outline.codings.clear();
    for document in outline.documents.values_mut() {
        document.text = Arc::from("");
        document.turns.clear();
        document.pages.clear();
    }
    outline
}

/// What the workbench reads into an outline for `needs`, here copied from the
/// whole project in memory.
fn fill(outline: &mut Project, whole: &Project, needs: &polyphony::edit::Needs) {
    for id in &needs.bodies {
        if let Some(document) = whole.documents.get(id) {
            outline.documents.insert(*id, document.clone());
        }
    }
    for coding in whole.codings.values() {
        if needs.codings.contains(&coding.id)
            || needs.codings_of_documents.contains(&coding.document)
            || needs.codings_of_codes.contains(&coding.code)
            || needs.codings_of_coders.contains(&coding.coder)
        {
            outline.codings.insert(coding.id, coding.clone());
        }
    }
}

/// Whether `touched` is the same record in both projects, in the parts of it
/// that the store writes.
fn same_record(a: &Project, b: &Project, touched: polyphony::edit::Touched) -> bool {
    use polyphony::edit::Touched;
    match touched {
        Touched::Document(id) => a.documents.get(&id) == b.documents.get(&id),
        Touched::DocumentDetails(id) => {
            let details = |project: &Project| {
                project.documents.get(&id).map(|document| {
                    (
                        document.name.clone(),
                        document.media.clone(),
                        document.attributes.clone(),
                        document.speakers.clone(),
                    )
                })
            };
            details(a) == details(b)
        }
        Touched::Participant(id) => a.participants.get(&id) == b.participants.get(&id),
        Touched::Coder(id) => a.coders.get(&id) == b.coders.get(&id),
        Touched::Code(id) => a.codes.get(&id) == b.codes.get(&id),
        Touched::Coding(id) => a.codings.get(&id) == b.codings.get(&id),
        Touched::Theme(id) => a.themes.get(&id) == b.themes.get(&id),
        Touched::Memo(id) => a.memos.get(&id) == b.memos.get(&id),
        Touched::Comment(id) => a.comments.get(&id) == b.comments.get(&id),
        Touched::MapNode(node) => a.map_positions.get(&node) == b.map_positions.get(&node),
        Touched::Settings => a.settings == b.settings,
        Touched::Pseudonyms => a.pseudonyms == b.pseudonyms,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `edit::needs` names everything a command reads beyond the outline: on an
    /// outline filled with what it names, every command (and its inverse) gives
    /// the same result, the same inverse and the same records to write as on
    /// the whole project.
    #[test]
    fn a_command_on_its_outline_and_needs_does_what_it_does_on_the_whole_project(
        steps in prop::collection::vec((any::<u8>(), 0usize..64, 0usize..64), 1..24)
    ) {
        let mut project = seed();
        for (op, a, b) in steps {
            let Some(command) = command(&project, op, a, b) else { continue };
            for command in [command.clone(), Command::Batch { label: "batch".to_owned(), commands: vec![command.clone()] }] {
                let mut partial = outline_of(&project);
                fill(&mut partial, &project, &polyphony::edit::needs(&command));
                let mut whole = project.clone();
                let on_whole = apply(&mut whole, command.clone());
                let on_partial = apply(&mut partial, command.clone());
                prop_assert_eq!(&on_whole, &on_partial, "{:?}", command);
                if let Ok(applied) = on_whole {
                    for touched in &applied.touched {
                        prop_assert!(same_record(&whole, &partial, *touched), "{:?} differs after {:?}", touched, command);
                    }
                }
            }
            if let Ok(applied) = apply(&mut project, command.clone()) {
                // The inverse, too, as undo applies it to an outline.
                let mut partial = outline_of(&project);
                fill(&mut partial, &project, &polyphony::edit::needs(&applied.inverse));
                let mut whole = project.clone();
                prop_assert_eq!(
                    apply(&mut whole, applied.inverse.clone()),
                    apply(&mut partial, applied.inverse.clone()),
                    "the inverse of {:?}", command
                );
            }
        }
    }
}
