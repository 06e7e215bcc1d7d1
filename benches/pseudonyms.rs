//! Pseudonym benchmarks (issue 14), on the generated study of 1,000 transcripts
//! (8.4 M words) and 100,000 codings, with a key of 2,000 entries (the 1,000
//! interviewees and 1,000 named services):
//! - what pseudonymising adds to the theme report (budget under 0.5 s): the
//!   report made and rendered from the project as it is, and from the project
//!   with the key applied to every name and to the texts the report quotes, as
//!   `polyphony report` makes it;
//! - the key applied to the whole study, as the QDPX export and the shared copy
//!   make it;
//! - building the key's automaton alone;
//! - finding the candidates for a key across the study's 8.4 M words (budget
//!   under 10 s).
//!
//! Run with `cargo bench --bench pseudonyms`.

#[allow(
    dead_code,
    reason = "the study's generator is shared with the scale bench, which uses more of it"
)]
#[path = "support/scale_project.rs"]
mod scale_project;

use polyphony::exchange::report::{Report, ReportFormat};
use polyphony::pseudonyms::{
    Category, KeyEntry, Marking, Pseudonymiser, Texts, find_candidates, pseudonymise_texts,
};
use polyphony::workbench::Workbench;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // building the study there would only slow the tests.
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    let path = scale_project::project(scale_project::LARGE);
    let workbench = Workbench::open_read_only(&path, &mut |_, _| {}).expect("the study opens");
    let project = workbench.project();
    let key = key_of_2000();

    let built = median(|| {
        let started = Instant::now();
        let pseudonymiser = Pseudonymiser::new(&key, Marking::Bracketed).expect("the key");
        std::hint::black_box(&pseudonymiser);
        started.elapsed()
    });
    println!(
        "pseudonyms: build the automaton of 2,000 entries: {}",
        ms(built)
    );

    let plain = median(|| {
        let started = Instant::now();
        let report = Report::of(project, "Study", "group", 0);
        std::hint::black_box(report.render(ReportFormat::Markdown));
        started.elapsed()
    });
    let pseudonymised = median(|| {
        let started = Instant::now();
        let pseudonymiser = Pseudonymiser::new(&key, Marking::Bracketed).expect("the key");
        let leaving = pseudonymise_texts(project, &pseudonymiser, Texts::KeyQuotes);
        let report = Report::of(&leaving, "Study", "group", 0);
        std::hint::black_box(report.render(ReportFormat::Markdown));
        started.elapsed()
    });
    println!(
        "pseudonyms: the theme report of 1,000 documents and 100,000 codings: {} as it is, {} with a key of 2,000 entries: adds {} (budget 500 ms)",
        ms(plain),
        ms(pseudonymised),
        ms(pseudonymised.saturating_sub(plain))
    );
    // The same cost on its own, free of the report's own noise.
    let applied = median(|| {
        let started = Instant::now();
        let pseudonymiser = Pseudonymiser::new(&key, Marking::Bracketed).expect("the key");
        std::hint::black_box(pseudonymise_texts(
            project,
            &pseudonymiser,
            Texts::KeyQuotes,
        ));
        started.elapsed()
    });
    println!(
        "pseudonyms: the key applied to what the theme report reads (every name, the key quotes' documents): {} (budget 500 ms)",
        ms(applied)
    );
    let whole = median(|| {
        let started = Instant::now();
        let pseudonymiser = Pseudonymiser::new(&key, Marking::Bracketed).expect("the key");
        std::hint::black_box(pseudonymise_texts(project, &pseudonymiser, Texts::All));
        started.elapsed()
    });
    let rejected = std::collections::BTreeSet::new();
    let mut found = 0;
    let finding = median(|| {
        let started = Instant::now();
        let candidates = find_candidates(project, &rejected, &mut |_, _| {});
        found = candidates.len();
        started.elapsed()
    });
    println!(
        "pseudonyms: find the candidates across 1,000 documents of 8.4 M words: {} ({found} candidates; budget 10 s)",
        ms(finding)
    );
    println!(
        "pseudonyms: the key of 2,000 entries applied to the whole study (8.4 M words, every text, name and coding): {}",
        ms(whole)
    );
}

/// The 1,000 interviewees as participants and 1,000 services named after people.
fn key_of_2000() -> Vec<KeyEntry> {
    let participants = (0..1_000).map(|n| KeyEntry {
        real: scale_project::interviewee(n),
        replacement: format!("P{n:04}"),
        category: Category::Participant,
        variants: Vec::new(),
    });
    let services = (0..1_000).map(|n| KeyEntry {
        real: format!("{} Centre", scale_project::interviewee(n)),
        replacement: format!("[service {n}]"),
        category: Category::Service,
        variants: Vec::new(),
    });
    participants.chain(services).collect()
}

fn median(mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}
