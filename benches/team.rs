//! Team benchmarks (issue 12): merging a coder's copy that added 5,000
//! codings (and renamed a few codes) into the generated study of 1,000
//! transcripts and 100,000 codings. Measured as the whole `polyphony merge`
//! process a user runs (budget 2 s), and as the merge plan alone, the pure
//! comparison of the three projects that every merge makes; and agreement
//! among the study's three coders over its 100,000 codings (budget 1 s), over
//! units and over coded stretches (the unitized alphas and MAXQDA's segments).
//!
//! Run with `cargo bench --bench team` (the first run builds the study, which
//! takes a few minutes, into Cargo's target folder).

#[allow(
    dead_code,
    reason = "the study's generator is shared with the scale bench, which uses more of it"
)]
#[path = "support/scale_project.rs"]
mod scale_project;

use criterion::{Criterion, criterion_group, criterion_main};
use polyphony::edit::Command;
use polyphony::edit::merge::{self, Choices, MergeContext, MergeSides};
use polyphony::model::{Coding, CodingId, Project};
use polyphony::workbench::Workbench;
use scale_project::LARGE;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

const NEW_CODINGS: usize = 5_000;

fn run(args: &[&str]) {
    let output = Process::new(env!("CARGO_BIN_EXE_polyphony"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run polyphony");
    assert!(
        output.status.success(),
        "polyphony {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// 5,000 codings by the copy's coder on the study's documents, and three
/// codes renamed, as one step in the copy.
fn coders_work(copy: &Project, coder: polyphony::model::CoderId) -> Command {
    let documents = copy.documents_by_name();
    let codes: Vec<_> = copy.codes.values().collect();
    let mut commands: Vec<Command> = (0..NEW_CODINGS)
        .map(|n| {
            let document = documents[n % documents.len()];
            let start = (n * 131) % (document.char_count - 400);
            Command::AddCoding {
                coding: Coding {
                    id: CodingId::new(),
                    document: document.id,
                    code: codes[n % codes.len()].id,
                    coder,
                    start,
                    end: start + 40 + n % 300,
                    created_at: 1,
                    memo: String::new(),
                },
            }
        })
        .collect();
    for code in codes.iter().take(3) {
        commands.push(Command::UpdateCode {
            id: code.id,
            name: format!("{} (renamed in the copy)", code.name),
            parent: code.parent,
            color: code.color.clone(),
            description: code.description.clone(),
        });
    }
    Command::Batch {
        label: "a coder's round".to_owned(),
        commands,
    }
}

/// The study and a copy of it for Sam in which Sam did a round of coding.
fn study_and_copy(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let project = scale_project::fresh_copy(LARGE, dir);
    let copy = dir.join("sam.polyphony");
    let mut lead = Workbench::open_outline(&project, None).expect("the study opens");
    lead.write_copy(&copy, "Sam", false)
        .expect("the copy is written");
    drop(lead);
    let mut sam = Workbench::open_for_window(&copy, Some("Sam")).expect("the copy opens");
    let work = coders_work(sam.project(), sam.coder().id);
    sam.apply(work).expect("Sam's round applies");
    (project, copy)
}

fn merging(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (project, copy) = study_and_copy(dir.path());
    let (project, copy) = (
        project.to_str().expect("UTF-8").to_owned(),
        copy.to_str().expect("UTF-8").to_owned(),
    );
    let mut group = c.benchmark_group("merge a copy with 5,000 new codings, 1,000 documents");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("polyphony merge, whole process (budget 2 s)", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                run(&["merge", &project, &copy]);
                spent += started.elapsed();
                // Undone, the merge can be made again the same way.
                run(&["undo", &project]);
            }
            spent
        });
    });

    let lead = Workbench::open_for_window(Path::new(&project), None).expect("the study opens");
    let sam = Workbench::open_for_window(Path::new(&copy), Some("Sam")).expect("the copy opens");
    let context = MergeContext {
        merger: lead.coder().clone(),
        at: 2,
        copy: "Sam's copy".to_owned(),
        deletions: true,
    };
    group.bench_function("the merge plan alone, in memory", |b| {
        b.iter(|| {
            let plan = merge::plan(
                MergeSides {
                    base: lead.project(),
                    ours: lead.project(),
                    theirs: sam.project(),
                },
                &Choices::default(),
                &context,
            );
            assert_eq!(plan.tally["codings"].added, NEW_CODINGS);
            plan
        });
    });
    group.finish();
}

fn agreement_figures(c: &mut Criterion) {
    use polyphony::analysis::agreement::{Unit, agreement, stretch_agreement};
    use polyphony::analysis::compare::Comparison;
    let mut study = Workbench::open_read_only(&scale_project::project(LARGE), &mut |_, _| {})
        .expect("the study opens");
    study.load_whole().expect("the texts are read");
    // The three coders who coded the study (its creator coded nothing).
    let coded: std::collections::BTreeSet<_> = study
        .project()
        .codings
        .values()
        .map(|coding| coding.coder)
        .collect();
    let coders: Vec<_> = coded.into_iter().collect();
    let comparison = Comparison {
        coders,
        ..Comparison::default()
    };
    let mut group = c.benchmark_group("agreement of 3 coders, 1,000 documents, 100,000 codings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for unit in [Unit::Characters, Unit::Sentences] {
        group.bench_function(format!("over {} (budget 1 s)", unit.word()), |b| {
            b.iter(|| agreement(study.project(), &comparison, unit).expect("worked out"));
        });
    }
    group.bench_function("unitized alphas and MAXQDA segments (budget 1 s)", |b| {
        b.iter(|| stretch_agreement(study.project(), &comparison, 90).expect("worked out"));
    });
    group.finish();
}

criterion_group!(benches, merging, agreement_figures);
criterion_main!(benches);
