//! Benchmarks for the foundation's speed budget (DESIGN.md section 5): import
//! and index 200 transcripts of about 6,000 words, apply one durable coding,
//! and run a full-text query over those 200 transcripts.
//!
//! The corpus is generated (see `corpus/mod.rs`): speaker turns of words drawn
//! from the fictional sample corpus, so word frequencies look like real interview talk.
//! Run with `cargo bench --bench foundation`.

#[path = "corpus/mod.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use polyphony::index::Query;
use polyphony::workbench::Workbench;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TRANSCRIPTS: usize = 200;
const WORDS_PER_TRANSCRIPT: usize = 6_000;

fn corpus_folder() -> PathBuf {
    corpus::corpus_folder(TRANSCRIPTS, WORDS_PER_TRANSCRIPT)
}

fn import_and_index(c: &mut Criterion) {
    let corpus = corpus_folder();
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("import and index 200 transcripts of 6,000 words", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let mut workbench = Workbench::create(&dir.path().join("bench.polyphony"), "Bench")
                    .expect("create");
                let report = workbench
                    .import_paths(std::slice::from_ref(&corpus), &mut |_| {})
                    .expect("import");
                assert_eq!(report.imported.len(), TRANSCRIPTS);
                dir
            },
        );
    });
    group.finish();
}

fn imported_project(dir: &Path) -> Workbench {
    let mut workbench = Workbench::create(&dir.join("bench.polyphony"), "Bench").expect("create");
    workbench
        .import_paths(&[corpus_folder()], &mut |_| {})
        .expect("import");
    workbench
}

fn apply_coding(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = imported_project(dir.path());
    let documents: Vec<_> = workbench.project().documents.keys().copied().collect();
    let (first, _) = workbench
        .commands()
        .code_range(documents[0], 0, 10, "Benchmark code")
        .expect("command");
    workbench.apply(first).expect("create the code");
    let mut n = 0usize;
    c.bench_function("apply one coding, durable", |b| {
        b.iter(|| {
            n += 1;
            let document = documents[n % documents.len()];
            let start = (n * 37) % 20_000;
            let (command, _) = workbench
                .commands()
                .code_range(document, start, start + 40, "Benchmark code")
                .expect("command");
            workbench.apply(command).expect("apply");
        });
    });
}

fn full_text_query(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = imported_project(dir.path());
    let mut group = c.benchmark_group("query over 200 transcripts");
    for text in [
        "peer",
        "\"network meeting\"",
        "hope OR jargon",
        "supervis*",
        "family -risk",
    ] {
        let query = Query::words(text);
        group.bench_function(text, |b| {
            b.iter(|| workbench.search(&query, 50).expect("search"));
        });
    }
    let regex = Query::regex(r"\bnetwork meetings?\b");
    group.bench_function("regex network meetings?", |b| {
        b.iter(|| workbench.search(&regex, 50).expect("search"));
    });
    group.finish();
}

/// Autocoding 5,000 search hits, widened to their sentences, as one durable
/// undo step (and undoing it again, which is measured separately).
fn autocode_thousands(c: &mut Criterion) {
    use polyphony::workbench::autocode::{AutocodeCode, Extent, Passage};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = imported_project(dir.path());
    let hits = workbench
        .search(&Query::words("peer OR team OR family"), 5_000)
        .expect("search");
    let passages: Vec<Passage> = hits
        .hits
        .iter()
        .map(|hit| Passage {
            document: hit.document,
            start: hit.start,
            end: hit.end,
        })
        .collect();
    assert_eq!(passages.len(), 5_000);
    let code = AutocodeCode::New("Autocoded".to_owned());
    let mut group = c.benchmark_group("autocode 5,000 hits");
    group.sample_size(10);
    group.bench_function("build the command", |b| {
        b.iter(|| {
            workbench
                .commands()
                .autocode(&passages, &code, Extent::Sentence, true)
                .expect("command")
        });
    });
    group.bench_function("apply as one durable step", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                let (command, _) = workbench
                    .commands()
                    .autocode(&passages, &code, Extent::Sentence, true)
                    .expect("command");
                let started = std::time::Instant::now();
                workbench.apply(command).expect("apply");
                spent += started.elapsed();
                workbench.undo().expect("undo");
            }
            spent
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    import_and_index,
    apply_coding,
    full_text_query,
    autocode_thousands
);
criterion_main!(benches);
