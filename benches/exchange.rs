//! Benchmarks for the exchange speed budget: with 5,000 codings over 200
//! generated transcripts of about 6,000 words, the coded-segments table as CSV
//! (under 0.1 s) and XLSX (under 0.5 s), and a QDPX export and re-import
//! (under 1 s each).
//!
//! The project is built through the workbench as a user's work would be: the
//! generated corpus imported, then one batch of codes, participant attributes,
//! themes and 5,000 codings applied as a single command.
//! Run with `cargo bench --bench exchange`.

#[path = "corpus/mod.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use polyphony::edit::Command;
use polyphony::exchange::qdpx::{read_qdpx, write_qdpx};
use polyphony::exchange::tables::{Table, TableFormat, write_table};
use polyphony::model::{Code, CodeId, Coding, CodingId, Project, Theme, ThemeId, ThemeStatus};
use polyphony::workbench::{CODE_PALETTE, Workbench};
use std::time::Duration;

const TRANSCRIPTS: usize = 200;
const WORDS_PER_TRANSCRIPT: usize = 6_000;
const CODINGS: usize = 5_000;
const CODES: usize = 24;

/// The coded project: imported, then coded in one batch.
fn coded_project(dir: &std::path::Path) -> Project {
    let corpus = corpus::corpus_folder(TRANSCRIPTS, WORDS_PER_TRANSCRIPT);
    let mut workbench = Workbench::create(&dir.join("bench.polyphony"), "Bench").expect("create");
    let report = workbench
        .import_paths(&[corpus], &mut |_| {})
        .expect("import");
    assert_eq!(report.imported.len(), TRANSCRIPTS);

    let mut random = corpus::Random(0xC0DE_5EED);
    let mut commands = Vec::new();
    let mut codes: Vec<CodeId> = Vec::new();
    for n in 0..CODES {
        let code = Code {
            id: CodeId::new(),
            name: format!("Code {n:02}"),
            // Every fourth code is a parent of the three after it.
            parent: if n % 4 == 0 {
                None
            } else {
                Some(codes[n - n % 4])
            },
            color: CODE_PALETTE[n % CODE_PALETTE.len()].to_owned(),
            description: format!("What code {n} is about."),
        };
        codes.push(code.id);
        commands.push(Command::CreateCode { code });
    }
    for (n, participant) in workbench.project().participants.values().enumerate() {
        for (name, value) in [
            ("role", if n % 2 == 0 { "peer" } else { "clinician" }),
            ("site", ["North", "East", "South"][n % 3]),
        ] {
            commands.push(Command::SetParticipantAttribute {
                id: participant.id,
                name: name.to_owned(),
                value: Some(value.to_owned()),
            });
        }
    }
    for n in 0..4 {
        commands.push(Command::CreateTheme {
            theme: Theme {
                id: ThemeId::new(),
                name: format!("Theme {n}"),
                concept: "A central organising concept.".to_owned(),
                definition: "What is in it and what is not.".to_owned(),
                status: ThemeStatus::Candidate,
                parent: None,
                codes: codes.iter().skip(n).step_by(4).copied().collect(),
                key_quotes: Vec::new(),
            },
        });
    }
    let documents: Vec<(polyphony::model::DocumentId, usize)> = workbench
        .project()
        .documents
        .values()
        .map(|document| (document.id, document.char_count))
        .collect();
    for n in 0..CODINGS {
        let (document, length) = documents[n % documents.len()];
        let span = 40 + random.next(400);
        let start = random.next(length.saturating_sub(span).max(1));
        commands.push(Command::AddCoding {
            coding: Coding {
                id: CodingId::new(),
                document,
                code: codes[random.next(codes.len())],
                coder: workbench.coder().id,
                start,
                end: (start + span).min(length),
                created_at: 1_741_690_800_000 + i64::try_from(n).unwrap_or(0) * 1_000,
                memo: if n % 10 == 0 {
                    "A memo, with a comma and \"quotes\".".to_owned()
                } else {
                    String::new()
                },
            },
        });
    }
    workbench
        .apply(Command::Batch {
            label: "code the benchmark corpus".to_owned(),
            commands,
        })
        .expect("apply the batch");
    assert_eq!(workbench.project().codings.len(), CODINGS);
    workbench.project().clone()
}

fn exports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = coded_project(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out folder");

    let mut group = c.benchmark_group("export 5,000 codings over 200 transcripts");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("segments csv", |b| {
        let path = out.join("segments.csv");
        b.iter(|| {
            let rows =
                write_table(&project, &Table::Segments, TableFormat::Csv, &path).expect("csv");
            assert_eq!(rows, CODINGS);
        });
    });
    group.bench_function("segments xlsx", |b| {
        let path = out.join("segments.xlsx");
        b.iter(|| {
            let rows =
                write_table(&project, &Table::Segments, TableFormat::Xlsx, &path).expect("xlsx");
            assert_eq!(rows, CODINGS);
        });
    });
    group.bench_function("qdpx", |b| {
        let path = out.join("study.qdpx");
        b.iter(|| write_qdpx(&project, &path).expect("qdpx"));
    });
    group.finish();
}

fn reimport(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = coded_project(dir.path());
    let file = dir.path().join("study.qdpx");
    write_qdpx(&project, &file).expect("qdpx");
    let mut group = c.benchmark_group("re-import 5,000 codings over 200 transcripts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // Reading and checking the file into one command, then applying it to a
    // new project: what `polyphony import NEW.polyphony study.qdpx` does.
    group.bench_function("qdpx read", |b| {
        let empty = Project::default();
        let coder = polyphony::model::CoderId::new();
        b.iter(|| read_qdpx(&file, &empty, coder).expect("read"));
    });
    group.bench_function("qdpx read and apply to a new project", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().expect("temp dir"),
            |target| {
                let mut workbench =
                    Workbench::create(&target.path().join("new.polyphony"), "Bench")
                        .expect("create");
                workbench.import_exchange_file(&file).expect("import");
                assert_eq!(workbench.project().codings.len(), CODINGS);
                target
            },
        );
    });
    group.finish();
}

criterion_group!(benches, exports, reimport);
criterion_main!(benches);
