//! Shared-project benchmarks (issue 13), on a PostgreSQL server on loopback
//! (`POLYPHONY_TEST_POSTGRES`, as `.ci/postgres` starts one), with the
//! generated study of 1,000 transcripts and 100,000 codings:
//! - publishing it, and opening it in the window's way, first (which clones
//!   it into the cache folder) and again (which follows the server);
//! - one coding acknowledged (budget: median under 10 ms, p99 under 50 ms)
//!   while 8 writer processes code at once, at a busy team's pace (each a
//!   coding every 100 ms) and flat out;
//! - a change visible in another member's open project (budget under 1 s):
//!   from the writer's acknowledgement to the reader's having followed it,
//!   woken by LISTEN/NOTIFY.
//!
//! Run with `cargo bench --bench shared`. The binary is also each writer
//! process, told so by `POLYPHONY_BENCH_WRITER`.

#[allow(
    dead_code,
    reason = "the study's generator is shared with the scale bench, which uses more of it"
)]
#[path = "support/scale_project.rs"]
mod scale_project;

use polyphony::edit::Command;
use polyphony::model::{Coding, CodingId};
use polyphony::workbench::Workbench;
use postgres::fallible_iterator::FallibleIterator;
use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

const WRITERS: usize = 8;
const CODINGS_PER_WRITER: usize = 150;
const WRITER_VARIABLE: &str = "POLYPHONY_BENCH_WRITER";

fn main() {
    if let Ok(spec) = std::env::var(WRITER_VARIABLE) {
        writer(&spec);
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // this benchmark is too long to run as a test.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let Ok(admin_url) = std::env::var("POLYPHONY_TEST_POSTGRES") else {
        eprintln!(
            "shared: set POLYPHONY_TEST_POSTGRES to a server (see the README's \"Shared-project tests\")"
        );
        return;
    };
    let name = format!("polyphony_bench_{}", std::process::id());
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).expect("the server");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a database");
    let url = format!("{}/{name}", admin_url.rsplit_once('/').expect("a URL").0);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cache = dir.path().join("cache");
    // SAFETY: set before any thread of this process starts.
    unsafe { std::env::set_var("POLYPHONY_CACHE_DIR", &cache) };

    let file = scale_project::fresh_copy(scale_project::LARGE, dir.path());
    let started = Instant::now();
    Workbench::publish(&file, &url).expect("the study publishes");
    println!(
        "shared: publish 1,000 documents and 100,000 codings: {:.2} s",
        started.elapsed().as_secs_f64()
    );

    for (which, budget) in [
        ("first, cloning it", ""),
        ("again, following the server", " (budget 3 s)"),
    ] {
        let started = Instant::now();
        let workbench =
            Workbench::open_for_window(Path::new(&url), Some("Bench")).expect("it opens");
        println!(
            "shared: open 1,000 documents and 100,000 codings in the window's way, {which}: {:.2} s{budget}",
            started.elapsed().as_secs_f64()
        );
        drop(workbench);
    }

    for (pace, label) in [(100, "each a coding every 100 ms"), (0, "flat out")] {
        let latencies = writers(&url, dir.path(), &cache, pace);
        report(
            &format!("one coding acknowledged, {WRITERS} writers {label}"),
            &latencies,
            " (budget p50 10 ms, p99 50 ms)",
        );
    }

    report(
        "a change visible in another member's open project",
        &visibility(&url),
        " (budget 1 s)",
    );
    drop(admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")));
}

fn report(what: &str, samples_ms: &[f64], budget: &str) {
    let mut sorted = samples_ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |percent: usize| sorted[(sorted.len() - 1) * percent / 100];
    println!(
        "shared: {what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {}{budget}",
        at(50),
        at(99),
        sorted.last().copied().unwrap_or_default(),
        sorted.len()
    );
}

/// Runs the writer processes, each coding `CODINGS_PER_WRITER` times with
/// `pace_ms` between codings; returns every acknowledgement's latency.
fn writers(url: &str, dir: &Path, cache: &Path, pace_ms: u64) -> Vec<f64> {
    let outs: Vec<_> = (0..WRITERS)
        .map(|n| dir.join(format!("writer-{pace_ms}-{n}.txt")))
        .collect();
    let start_at = dir.join(format!("start-{pace_ms}"));
    let mut children: Vec<_> = outs
        .iter()
        .enumerate()
        .map(|(n, out)| {
            Process::new(std::env::current_exe().expect("this binary"))
                .env(
                    WRITER_VARIABLE,
                    format!(
                        "{n}\t{pace_ms}\t{}\t{}\t{url}",
                        out.display(),
                        start_at.display()
                    ),
                )
                .env("POLYPHONY_CACHE_DIR", cache)
                .spawn()
                .expect("a writer starts")
        })
        .collect();
    // Every writer opens (cloning, the first time) before any codes.
    while outs.iter().any(|out| !out.with_extension("ready").exists()) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(&start_at, "").expect("the start");
    for child in &mut children {
        assert!(
            child.wait().expect("a writer ends").success(),
            "a writer failed"
        );
    }
    outs.iter()
        .flat_map(|out| {
            std::fs::read_to_string(out)
                .expect("a writer's figures")
                .lines()
                .filter_map(|line| line.parse::<f64>().ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn writer(spec: &str) {
    let fields: Vec<&str> = spec.splitn(5, '\t').collect();
    let [index, pace, out, start_at, url] = fields.as_slice() else {
        panic!("a writer's spec: {spec}");
    };
    let index: usize = index.parse().expect("a number");
    let pace = Duration::from_millis(pace.parse().expect("a pace"));
    let mut workbench =
        Workbench::open_for_window(Path::new(url), Some(&format!("Writer {index}")))
            .expect("it opens");
    let documents: Vec<_> = workbench
        .project()
        .documents
        .values()
        .map(|d| (d.id, d.char_count))
        .collect();
    let codes: Vec<_> = workbench.project().codes.keys().copied().collect();
    std::fs::write(Path::new(out).with_extension("ready"), "").expect("ready");
    while !Path::new(start_at).exists() {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut figures = String::new();
    for step in 0..CODINGS_PER_WRITER {
        let (document, chars) = documents[(index * 131 + step * 17) % documents.len()];
        let start = (step * 97) % chars.saturating_sub(80).max(1);
        let coding = Coding {
            id: CodingId::new(),
            document,
            code: codes[(index + step) % codes.len()],
            coder: workbench.coder().id,
            start,
            end: start + 40,
            created_at: polyphony::workbench::now_ms(),
            memo: String::new(),
        };
        let began = Instant::now();
        workbench
            .apply(Command::AddCoding { coding })
            .expect("the coding is acknowledged");
        figures.push_str(&format!("{:.3}\n", began.elapsed().as_secs_f64() * 1000.0));
        std::thread::sleep(pace);
    }
    std::fs::write(out, figures).expect("the figures");
}

/// From one member's acknowledged coding to another's open project having
/// followed it, woken as the window is (LISTEN on the project's channel).
fn visibility(url: &str) -> Vec<f64> {
    let mut writer = Workbench::open_for_window(Path::new(url), Some("Writer")).expect("it opens");
    let mut reader = Workbench::open_for_window(Path::new(url), Some("Reader")).expect("it opens");
    let (shared_url, channel) = reader.shared_channel().expect("a shared project");
    let mut listener = shared_url.connect().expect("the listener connects");
    listener
        .batch_execute(&format!("LISTEN {channel}"))
        .expect("it listens");
    let document = *writer
        .project()
        .documents
        .keys()
        .next()
        .expect("a document");
    let code = *writer.project().codes.keys().next().expect("a code");
    let mut samples = Vec::new();
    for step in 0..50 {
        let coding = Coding {
            id: CodingId::new(),
            document,
            code,
            coder: writer.coder().id,
            start: step * 10,
            end: step * 10 + 30,
            created_at: polyphony::workbench::now_ms(),
            memo: String::new(),
        };
        let id = coding.id;
        writer
            .apply(Command::AddCoding { coding })
            .expect("acknowledged");
        let acknowledged = Instant::now();
        let heard = listener
            .notifications()
            .timeout_iter(Duration::from_secs(5))
            .next()
            .expect("the listener hears");
        assert!(heard.is_some(), "the step was announced");
        while listener
            .notifications()
            .iter()
            .next()
            .ok()
            .flatten()
            .is_some()
        {}
        reader.catch_up().expect("the reader follows");
        assert!(reader.project().codings.contains_key(&id));
        samples.push(acknowledged.elapsed().as_secs_f64() * 1000.0);
    }
    samples
}
