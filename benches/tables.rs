//! Study-table benchmarks (issue 12) on the generated study of 1,000
//! transcripts (8.4 million words), 100,000 codings by three coders and 200
//! codes: code frequencies, the code-by-group matrix, co-occurrence of the 200
//! codes by overlap and by turn (budget 1 s), and word frequencies by group
//! (budget 2 s), with and without stemming.
//!
//! Run with `cargo bench --bench tables` (the first run builds the study,
//! which takes a few minutes, into Cargo's target folder).

#[allow(
    dead_code,
    reason = "the study's generator is shared with the scale bench, which uses more of it"
)]
#[path = "support/scale_project.rs"]
mod scale_project;

use criterion::{Criterion, criterion_group, criterion_main};
use polyphony::analysis::study::cooccurrence::{Together, cooccurrence};
use polyphony::analysis::study::frequencies::frequencies;
use polyphony::analysis::study::matrix::{MatrixColumns, matrix};
use polyphony::analysis::study::stop_words::Language;
use polyphony::analysis::study::words::{WordOptions, word_frequencies};
use polyphony::workbench::Workbench;
use scale_project::LARGE;
use std::time::Duration;

fn study_tables(c: &mut Criterion) {
    let mut study = Workbench::open_read_only(&scale_project::project(LARGE), &mut |_, _| {})
        .expect("the study opens");
    study.load_whole().expect("the texts are read");
    let project = study.project();
    let mut group = c.benchmark_group("study tables, 1,000 documents, 100,000 codings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("code frequencies, rolled up", |b| {
        b.iter(|| frequencies(project, true));
    });
    group.bench_function("codes by participant group", |b| {
        b.iter(|| {
            matrix(
                project,
                &MatrixColumns::Attribute("group".to_owned()),
                false,
            )
            .expect("a matrix")
        });
    });
    for by in [Together::Overlap, Together::Turn] {
        group.bench_function(
            format!("co-occurrence of 200 codes by {} (budget 1 s)", by.word()),
            |b| {
                b.iter(|| {
                    let table = cooccurrence(project, by);
                    assert_eq!(table.codes.len(), 200);
                    table
                });
            },
        );
    }
    for stem in [None, Some(Language::English)] {
        let options = WordOptions {
            by: Some("group".to_owned()),
            stop_words: vec![Language::English, Language::French],
            stem,
            ..WordOptions::default()
        };
        let name = if stem.is_some() {
            "word frequencies by group, stemmed (budget 2 s)"
        } else {
            "word frequencies by group (budget 2 s)"
        };
        group.bench_function(name, |b| {
            b.iter(|| word_frequencies(project, &options).expect("words"));
        });
    }
    group.finish();
}

criterion_group!(benches, study_tables);
criterion_main!(benches);
