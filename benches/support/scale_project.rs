//! The generated study the scale benchmarks measure: 1,000 interview transcripts
//! of about 8,400 words (8.4 M words), each with its own interviewee, 100,000
//! codings by three coders with 200 codes in a two-level tree, and 20 themes.
//! It is built once through the same API a user's import goes through (an
//! import of text files, then one batch of codes, codings and themes) and kept
//! in Cargo's target folder for later runs. Included by each bench with
//! `#[path = "support/scale_project.rs"] mod scale_project;`.

#[allow(
    dead_code,
    reason = "only the vocabulary and the generator of random numbers are used here"
)]
#[path = "../corpus/mod.rs"]
mod corpus;

use corpus::Random;
use polyphony::edit::Command;
use polyphony::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Participant, Theme, ThemeId, ThemeStatus,
};
use polyphony::workbench::Workbench;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The shape of a generated study.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub documents: usize,
    pub words_per_document: usize,
    pub codings: usize,
    /// Top-level codes; each has `children_per_code` codes beneath it.
    pub top_codes: usize,
    pub children_per_code: usize,
    pub themes: usize,
}

/// The study of the scale issue: 1,000 documents, 100,000 codings, 200 codes, 20 themes.
pub const LARGE: Shape = Shape {
    documents: 1_000,
    words_per_document: 8_400,
    codings: 100_000,
    top_codes: 40,
    children_per_code: 4,
    themes: 20,
};

/// The same study at 200 documents, for comparison with other tools' figures.
pub const MEDIUM: Shape = Shape {
    documents: 200,
    words_per_document: 8_400,
    codings: 20_000,
    top_codes: 40,
    children_per_code: 4,
    themes: 20,
};

const FIRST_NAMES: [&str; 40] = [
    "Amara", "Ben", "Chloé", "Dev", "Eilidh", "Femi", "Grace", "Hamid", "Iona", "Jonah", "Kasia",
    "Leon", "Maya", "Niall", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Viktor",
    "Wren", "Xavier", "Yusuf", "Zara", "Aoife", "Bilal", "Cerys", "Dmitri", "Esme", "Farah",
    "Gareth", "Hana", "Idris", "Jodie", "Kwame", "Lior", "Mairead", "Nadia",
];
const LAST_NAMES: [&str; 30] = [
    "Adeyemi",
    "Byrne",
    "Cohen",
    "Doyle",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lloyd",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Quigley",
    "Reid",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Xu",
    "Young",
    "Zielinski",
    "Ahmed",
    "Brennan",
    "Carter",
    "Dunne",
];

/// The interviewee of generated document `n`: a name of their own.
pub fn interviewee(n: usize) -> String {
    format!(
        "{} {}",
        FIRST_NAMES[n % FIRST_NAMES.len()],
        LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()]
    )
}

/// The name of generated document `n`.
pub fn document_name(n: usize) -> String {
    format!("interview-{n:04}")
}

/// The path of top-level code `n`, or of its child `child`.
pub fn code_path(n: usize, child: Option<usize>) -> String {
    match child {
        Some(child) => format!("Code {n:02}/Code {n:02}.{child}"),
        None => format!("Code {n:02}"),
    }
}

/// The folder of the study's transcripts as text files, written on first use.
pub fn transcripts(shape: Shape) -> PathBuf {
    let folder = scale_dir().join(format!(
        "transcripts-{}x{}",
        shape.documents, shape.words_per_document
    ));
    let last = folder.join(format!("{}.txt", document_name(shape.documents - 1)));
    if !last.exists() {
        write_transcripts(&folder, shape);
    }
    folder
}

fn write_transcripts(folder: &Path, shape: Shape) {
    let vocabulary = corpus::vocabulary();
    let mut random = Random(0x5CA1_AB1E);
    std::fs::create_dir_all(folder).expect("transcripts folder");
    for n in 0..shape.documents {
        let person = interviewee(n);
        let mut text = String::with_capacity(shape.words_per_document * 7);
        let mut written = 0;
        let mut turn = 0;
        while written < shape.words_per_document {
            let (speaker, length) = if turn % 2 == 0 {
                ("Interviewer", 8 + random.next(25))
            } else {
                (person.as_str(), 40 + random.next(160))
            };
            // Runs of the sample corpus keep phrases such as "network meeting".
            let from = random.next(vocabulary.len().saturating_sub(length).max(1));
            let said = vocabulary[from..(from + length).min(vocabulary.len())].join(" ");
            text.push_str(speaker);
            text.push_str(": ");
            text.push_str(&said);
            text.push_str("\n\n");
            written += length;
            turn += 1;
        }
        let path = folder.join(format!("{}.txt", document_name(n)));
        std::fs::write(path, text).expect("write transcript");
    }
}

/// The generated project of `shape`, built on first use. Benchmarks that
/// change it work on a copy (see [`fresh_copy`]).
pub fn project(shape: Shape) -> PathBuf {
    let dir = scale_dir().join(format!("project-{}x{}-v2", shape.documents, shape.codings));
    let path = dir.join("study.polyphony");
    let done = dir.join("done");
    if !done.exists() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove a half-built project");
        }
        std::fs::create_dir_all(&dir).expect("project folder");
        build(&path, shape);
        std::fs::write(&done, "").expect("mark the project built");
    }
    path
}

/// A copy of the generated project (file and search index) in `into`, for a
/// benchmark that changes it.
pub fn fresh_copy(shape: Shape, into: &Path) -> PathBuf {
    let source = project(shape);
    // A study generated by an older build is upgraded once, in place, so that
    // every benchmark measures the current schema rather than the upgrade.
    drop(Workbench::open_outline(&source, None).expect("the study opens for writing"));
    let target = into.join("study.polyphony");
    std::fs::copy(&source, &target).expect("copy the project");
    let index = PathBuf::from(format!("{}.index", source.display()));
    let copied = into.join("study.polyphony.index");
    std::fs::create_dir_all(&copied).expect("index folder");
    for entry in std::fs::read_dir(index).expect("index").flatten() {
        std::fs::copy(entry.path(), copied.join(entry.file_name())).expect("copy the index");
    }
    target
}

fn scale_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale")
}

fn build(path: &Path, shape: Shape) {
    let mut workbench = Workbench::create(path, "Ruth Bell").expect("create");
    workbench
        .import_paths(&[transcripts(shape)], &mut |_| {})
        .expect("import the transcripts");
    let command = analysis(workbench.project(), shape);
    workbench.apply(command).expect("code the study");
}

/// Attributes, codes, codings and themes as one batch.
fn analysis(project: &polyphony::model::Project, shape: Shape) -> Command {
    let mut random = Random(0xC0DE_5EED);
    let mut commands = Vec::new();
    for (n, participant) in interviewees(project, shape) {
        commands.push(Command::SetParticipantAttribute {
            id: participant.id,
            name: "group".to_owned(),
            value: Some(if n % 2 == 0 { "peer" } else { "non-peer" }.to_owned()),
        });
    }
    let coders: Vec<Coder> = ["Sam Okafor", "Priya Nair", "Tom Walsh"]
        .iter()
        .map(|name| Coder {
            id: CoderId::new(),
            name: (*name).to_owned(),
        })
        .collect();
    for coder in &coders {
        commands.push(Command::AddCoder {
            coder: coder.clone(),
        });
    }
    let mut codes = Vec::new();
    let mut tops = Vec::new();
    for n in 0..shape.top_codes {
        let top = CodeId::new();
        tops.push(top);
        codes.push(code(top, format!("Code {n:02}"), None, n));
        for child in 0..shape.children_per_code {
            codes.push(code(
                CodeId::new(),
                format!("Code {n:02}.{child}"),
                Some(top),
                n,
            ));
        }
    }
    let code_ids: Vec<CodeId> = codes.iter().map(|code| code.id).collect();
    commands.extend(codes.into_iter().map(|code| Command::CreateCode { code }));
    let documents: Vec<&polyphony::model::Document> = project.documents_by_name();
    let mut codings_of: BTreeMap<CodeId, Vec<CodingId>> = BTreeMap::new();
    for n in 0..shape.codings {
        let document = documents[n % documents.len()];
        let turns: Vec<_> = document
            .turns
            .iter()
            .filter(|turn| !turn.speaker.eq_ignore_ascii_case("interviewer"))
            .collect();
        let turn = turns[random.next(turns.len())];
        let length = (turn.end - turn.start).min(50 + random.next(350));
        let start = turn.start + random.next(turn.end - turn.start - length + 1);
        let code = code_ids[random.next(code_ids.len())];
        let id = CodingId::new();
        codings_of.entry(code).or_default().push(id);
        commands.push(Command::AddCoding {
            coding: Coding {
                id,
                document: document.id,
                code,
                coder: coders[n % coders.len()].id,
                start,
                end: start + length,
                created_at: 1_780_000_000_000 + i64::try_from(n).unwrap_or(0),
                memo: String::new(),
            },
        });
    }
    for n in 0..shape.themes {
        let members: BTreeSet<CodeId> = (0..2).map(|k| tops[(n * 2 + k) % tops.len()]).collect();
        let key_quotes = members
            .iter()
            .filter_map(|code| codings_of.get(code).and_then(|list| list.first()))
            .copied()
            .collect();
        commands.push(Command::CreateTheme {
            theme: Theme {
                id: ThemeId::new(),
                name: format!("Theme {n:02}"),
                concept: format!("What the codes of theme {n} share."),
                definition: format!(
                    "Talk about the matters of codes {} and {}.",
                    n * 2,
                    n * 2 + 1
                ),
                status: ThemeStatus::Candidate,
                parent: None,
                codes: members,
                key_quotes,
            },
        });
    }
    Command::Batch {
        label: "code the generated study".to_owned(),
        commands,
    }
}

fn code(id: CodeId, name: String, parent: Option<CodeId>, n: usize) -> Code {
    const PALETTE: [&str; 5] = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"];
    Code {
        id,
        name,
        parent,
        color: PALETTE[n % PALETTE.len()].to_owned(),
        description: String::new(),
    }
}

/// Each generated document's interviewee, with the document's number.
fn interviewees(project: &polyphony::model::Project, shape: Shape) -> Vec<(usize, &Participant)> {
    (0..shape.documents)
        .filter_map(|n| project.find_participant(&interviewee(n)).map(|p| (n, p)))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect()
}
