//! Scale benchmarks (issue 10): what one command costs, as a whole process the
//! way a user runs it, in a generated study of 1,000 transcripts (8.4 M words)
//! with 100,000 codings, 200 codes and 20 themes, and at 200 transcripts; peak
//! memory of importing that study; and the size of the undo history and journal
//! an import leaves. Each budget is written beside its figure.
//!
//! Run with `cargo bench --bench scale` (the first run builds the study, which
//! takes a few minutes, into Cargo's target folder).

#[path = "support/scale_project.rs"]
mod scale_project;

use criterion::{Criterion, criterion_group, criterion_main};
use scale_project::{LARGE, MEDIUM, Shape, code_path, document_name};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn polyphony() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_polyphony"));
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

/// Runs `polyphony ARGS` to the end and fails loudly if it failed.
fn run(args: &[&str]) {
    let output = polyphony().args(args).output().expect("run polyphony");
    assert!(
        output.status.success(),
        "polyphony {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commands_at(c: &mut Criterion, shape: Shape, label: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = scale_project::fresh_copy(shape, dir.path());
    let project = project.to_str().expect("a UTF-8 path");
    let mut group = c.benchmark_group(format!("whole process, {label}"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    let mut n = 0usize;
    let code = code_path(3, Some(1));
    group.bench_function(
        "code one passage (budget 20 ms; Taguette 18 ms at 200)",
        |b| {
            b.iter(|| {
                n += 1;
                let document = document_name(n % shape.documents);
                let start = (n * 37 % 2_000).to_string();
                let end = (n * 37 % 2_000 + 60).to_string();
                run(&[
                    "code",
                    project,
                    "--doc",
                    &document,
                    "--start",
                    &start,
                    "--end",
                    &end,
                    "--code",
                    &code,
                    "--coder",
                    "Sam Okafor",
                ]);
            });
        },
    );
    group.bench_function("undo then redo (each a process)", |b| {
        b.iter(|| {
            run(&["undo", project]);
            run(&["redo", project]);
        });
    });
    group.bench_function("search a common word (budget 30 ms)", |b| {
        b.iter(|| run(&["search", project, "family", "--limit", "20"]));
    });
    group.bench_function("search a phrase (budget 30 ms)", |b| {
        b.iter(|| run(&["search", project, "\"network meeting\"", "--limit", "20"]));
    });
    group.bench_function("docs (budget 30 ms)", |b| {
        b.iter(|| run(&["docs", project]));
    });
    let top = code_path(7, None);
    group.bench_function("segments of a code and its children (budget 100 ms)", |b| {
        b.iter(|| run(&["segments", project, "--code", &top]));
    });
    group.finish();
}

fn large(c: &mut Criterion) {
    commands_at(c, LARGE, "1,000 documents, 100,000 codings");
}

fn medium(c: &mut Criterion) {
    commands_at(c, MEDIUM, "200 documents, 20,000 codings");
}

/// Peak resident memory of a command, in MB, as GNU time reports it.
///
/// Not from `wait4` here: Linux carries a process's high-water mark across
/// `exec`, so a child spawned from this benchmark, which holds a generated
/// study in memory, would report this process's size. `time` is small, and
/// the command it starts is measured from nothing.
fn peak_memory_mb(command: &Command) -> f64 {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "peak-kb %M"])
        .arg(command.get_program())
        .args(command.get_args())
        .stdout(std::process::Stdio::null())
        .output()
        .expect("GNU time runs (apt-get install time)");
    assert!(output.status.success(), "the measured command failed");
    let report = String::from_utf8_lossy(&output.stderr);
    let kilobytes: f64 = report
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("peak-kb "))
        .and_then(|value| value.trim().parse().ok())
        .expect("time printed the peak");
    kilobytes / 1024.0
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |meta| meta.len() as f64 / 1_048_576.0)
}

/// Not timings: peak memory and sizes, printed with their budgets.
fn memory_and_size(_: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let transcripts = scale_project::transcripts(LARGE);
    let text_project = dir.path().join("text.polyphony");
    run(&[
        "new",
        text_project.to_str().expect("path"),
        "--coder",
        "Bench",
    ]);
    let mut import = polyphony();
    import.args([
        "import".as_ref(),
        text_project.as_os_str(),
        transcripts.as_os_str(),
    ]);
    let peak = peak_memory_mb(&import);
    println!("import 1,000 text transcripts: peak memory {peak:.0} MB (budget 300 MB)");
    report_sizes(&text_project, "after importing 1,000 text transcripts");

    let source = scale_project::project(LARGE);
    let qdpx = dir.path().join("study.qdpx");
    run(&[
        "export",
        source.to_str().expect("path"),
        "--format",
        "qdpx",
        "--out",
        qdpx.to_str().expect("path"),
    ]);
    let qdpx_project = dir.path().join("from-qdpx.polyphony");
    run(&[
        "new",
        qdpx_project.to_str().expect("path"),
        "--coder",
        "Bench",
    ]);
    let mut import = polyphony();
    import.args([
        "import".as_ref(),
        qdpx_project.as_os_str(),
        qdpx.as_os_str(),
    ]);
    let peak = peak_memory_mb(&import);
    println!(
        "import the 1,000-document, 100,000-coding QDPX: peak memory {peak:.0} MB (budget 400 MB)"
    );
    report_sizes(&qdpx_project, "after importing that QDPX");
    println!(
        "release binary: {:.1} MB (budget 60 MB)",
        file_mb(Path::new(env!("CARGO_BIN_EXE_polyphony")))
    );
}

/// How much of a project file its undo history and journal take.
fn report_sizes(project: &Path, when: &str) {
    let connection =
        rusqlite::Connection::open_with_flags(project, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the project");
    let bytes = |sql: &str| -> f64 {
        connection
            .query_row(sql, [], |row| row.get::<_, Option<i64>>(0))
            .expect("size query")
            .unwrap_or(0) as f64
            / 1_048_576.0
    };
    let history = bytes("SELECT sum(length(forward) + length(inverse)) FROM history_steps");
    let journal = bytes("SELECT sum(length(detail)) FROM journal");
    let file = file_mb(project);
    println!(
        "{when}: file {file:.1} MB, undo history {history:.1} MB, journal {journal:.1} MB: {:.1}% of the file (budget 5%)",
        100.0 * (history + journal) / file.max(f64::MIN_POSITIVE)
    );
}

criterion_group!(benches, large, medium, memory_and_size);
criterion_main!(benches);
