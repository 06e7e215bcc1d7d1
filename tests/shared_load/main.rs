//! The shared project under load: eight client processes code one project on
//! the test server at once, each making 250 codings mixed with code renames,
//! memos and theme edits. Every acknowledged change must be on the server
//! exactly once, every client must end with the server's state, and the
//! journal must have no gaps. A second run kills one client with SIGKILL
//! mid-stream and restarts the server once: nothing acknowledged is lost.
//!
//! Its own harness (a `main`): the same binary is each client process, told
//! so by `POLYPHONY_LOAD_CLIENT`. It prints per-coding latency (p50, p99) and
//! throughput, which the note reports.

#[path = "../support/mod.rs"]
mod support;

use polyphony::edit::Command;
use polyphony::model::{Coding, CodingId, Memo, MemoId, Target};
use polyphony::workbench::Workbench;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process};
use std::time::{Duration, Instant};
use support::server::{TestDatabase, file_rows, rows_of_server};

const CLIENTS: usize = 8;
const CODINGS_PER_CLIENT: usize = 250;
const CLIENT_VARIABLE: &str = "POLYPHONY_LOAD_CLIENT";

fn main() {
    if let Ok(spec) = std::env::var(CLIENT_VARIABLE) {
        client(&spec);
        return;
    }
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let built = support::demo(dir.path()).path().to_owned();
    Workbench::publish(&built, &database.url()).expect("the demo publishes");
    println!(
        "shared_load: {CLIENTS} clients x {CODINGS_PER_CLIENT} codings with renames, memos and theme edits"
    );
    let plain = run(&database, dir.path(), "plain", None);
    plain.report("steady");

    let Some(restart) = restart_script() else {
        return;
    };
    let Some(second) = TestDatabase::new() else {
        return;
    };
    Workbench::publish(&built, &second.url()).expect("the demo publishes again");
    let rough = run(&second, dir.path(), "rough", Some(&restart));
    rough.report("one client killed, server restarted");
    println!("shared_load: ok");
}

/// The script `.ci/postgres` writes to restart the test server, or `None`
/// (said why) where the server was started some other way; under CI its
/// absence fails.
fn restart_script() -> Option<PathBuf> {
    let url = std::env::var(support::server::SERVER_VARIABLE).ok()?;
    let port = url
        .rsplit_once(':')
        .and_then(|(_, tail)| tail.split('/').next())
        .unwrap_or("5432")
        .to_owned();
    let script = PathBuf::from(format!("/tmp/polyphony-postgres-{port}-restart"));
    if script.exists() {
        Some(script)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must start the test server with .ci/postgres, which writes {}",
            script.display()
        );
        eprintln!(
            "skipped the restart run: {} is missing (start the server with .ci/postgres)",
            script.display()
        );
        None
    }
}

/// What one run measured.
struct Outcome {
    latencies_ms: Vec<f64>,
    acknowledged: usize,
    elapsed: Duration,
}

impl Outcome {
    fn report(&self, name: &str) {
        let mut sorted = self.latencies_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let at = |percent: usize| sorted[(sorted.len() - 1) * percent / 100];
        println!(
            "shared_load [{name}]: {} changes acknowledged in {:.1} s ({:.0} a second); per coding p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.acknowledged,
            self.elapsed.as_secs_f64(),
            self.acknowledged as f64 / self.elapsed.as_secs_f64(),
            at(50),
            at(99),
            sorted.last().copied().unwrap_or_default()
        );
    }
}

fn spawn(url: &str, index: usize, out: &Path, cache: &Path, all_done: &Path) -> Child {
    Process::new(std::env::current_exe().expect("this binary"))
        .env(
            CLIENT_VARIABLE,
            format!("{index}\t{}\t{}\t{url}", out.display(), all_done.display()),
        )
        .env("POLYPHONY_CACHE_DIR", cache)
        .spawn()
        .expect("a client process starts")
}

/// Runs the clients against `database`; with `restart`, kills client 0 with
/// SIGKILL once it has 80 changes acknowledged, and restarts the server once
/// the clients together have half of theirs. Then checks the server.
fn run(database: &TestDatabase, dir: &Path, name: &str, restart: Option<&Path>) -> Outcome {
    let cache = dir.join(format!("cache-{name}"));
    let outs: Vec<PathBuf> = (0..CLIENTS)
        .map(|index| dir.join(format!("{name}-{index}.log")))
        .collect();
    // Each client, done with its changes, waits for this file before it
    // follows the rest and reports its state, so all report the last one.
    let all_done = dir.join(format!("{name}.done"));
    let started = Instant::now();
    let mut children: Vec<Option<Child>> = outs
        .iter()
        .enumerate()
        .map(|(index, out)| Some(spawn(&database.url(), index, out, &cache, &all_done)))
        .collect();
    let mut killed = false;
    let mut restarted = false;
    loop {
        let mut running = false;
        for (index, slot) in children.iter_mut().enumerate() {
            if let Some(child) = slot {
                if let Some(status) = child.try_wait().expect("a client's status") {
                    assert!(
                        status.success() || (killed && index == 0),
                        "client {index} failed: {status}"
                    );
                    *slot = None;
                } else {
                    running = true;
                }
            }
        }
        if !running {
            break;
        }
        let finished = outs
            .iter()
            .enumerate()
            .filter(|(index, out)| {
                (killed && *index == 0)
                    || std::fs::read_to_string(out).is_ok_and(|text| text.contains("finished\n"))
            })
            .count();
        if finished == CLIENTS && !all_done.exists() {
            std::fs::write(&all_done, "").expect("the marker is written");
        }
        if let Some(script) = restart {
            let done: Vec<usize> = outs.iter().map(|out| acknowledged(out).len()).collect();
            if !killed && done[0] >= 80 {
                if let Some(child) = children[0].as_mut() {
                    child.kill().expect("SIGKILL reaches the client");
                    println!(
                        "shared_load [{name}]: killed client 0 after {} changes",
                        done[0]
                    );
                }
                killed = true;
            }
            if !restarted && done.iter().sum::<usize>() >= CLIENTS * CODINGS_PER_CLIENT / 2 {
                let status = Process::new(script)
                    .status()
                    .expect("the restart script runs");
                assert!(status.success(), "the server restarts");
                println!("shared_load [{name}]: restarted the server");
                restarted = true;
            }
        }
        assert!(
            started.elapsed() < Duration::from_mins(10),
            "the clients take too long"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    if restart.is_some() {
        assert!(
            killed && restarted,
            "the run was meant to kill a client and restart the server"
        );
    }
    check(database, &outs, usize::from(killed));
    let mut latencies_ms = Vec::new();
    let mut total = 0;
    for out in &outs {
        let lines = acknowledged(out);
        total += lines.len();
        latencies_ms.extend(
            lines
                .iter()
                .filter(|line| line.starts_with("coding "))
                .filter_map(|line| line.split(' ').nth(2)?.parse::<f64>().ok()),
        );
    }
    Outcome {
        latencies_ms,
        acknowledged: total,
        elapsed,
    }
}

/// The lines a client wrote: one per acknowledged change, then its digest.
fn acknowledged(out: &Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(out) else {
        return Vec::new();
    };
    std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter(|line| !line.starts_with("digest ") && line != "finished")
        .collect()
}

fn check(database: &TestDatabase, outs: &[PathBuf], killed: usize) {
    let mut client = database.connect();
    // Every acknowledged coding is there, once (its id is the key), and
    // every acknowledged memo.
    for out in outs {
        for line in acknowledged(out) {
            let mut words = line.split(' ');
            let (Some(kind), Some(id)) = (words.next(), words.next()) else {
                panic!("a client wrote {line:?}");
            };
            let table = match kind {
                "coding" => "codings",
                "memo" => "memos",
                _ => continue,
            };
            let count: i64 = client
                .query_one(
                    &format!("SELECT count(*) FROM {table} WHERE id = $1"),
                    &[&id],
                )
                .expect("the server answers")
                .get(0);
            assert_eq!(
                count, 1,
                "{kind} {id}, acknowledged to a client, is on the server once"
            );
        }
    }
    let (count, first, last): (i64, i64, i64) = {
        let row = client
            .query_one("SELECT count(*), min(seq), max(seq) FROM journal", &[])
            .expect("the journal reads");
        (row.get(0), row.get(1), row.get(2))
    };
    assert_eq!(
        (first, last),
        (1, count),
        "the journal's steps are numbered 1..{count} with no gap"
    );
    // Every client that finished ends with the server's state.
    let like = outs[0].with_file_name("like.polyphony");
    if !like.exists() {
        Workbench::create(&like, "nobody").expect("a file with the schema");
    }
    let server = digest(&rows_of_server(&mut client, &like));
    let mut compared = 0;
    for out in outs {
        let text = std::fs::read_to_string(out).unwrap_or_default();
        if let Some(line) = text.lines().find(|line| line.starts_with("digest ")) {
            assert_eq!(
                line.trim_start_matches("digest "),
                server,
                "{} ends with the server's state",
                out.display()
            );
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        outs.len() - killed,
        "every client that was not killed reported its state"
    );
}

fn digest(rows: &support::server::Rows) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    rows.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// One client process: opens the shared project, makes its changes one by one
/// (retrying while the server is away), writes a line for each acknowledged
/// one, then follows the others to the end and writes the digest of its file.
fn client(spec: &str) {
    let mut parts = spec.splitn(4, '\t');
    let index: usize = parts
        .next()
        .and_then(|text| text.parse().ok())
        .expect("a client number");
    let out = PathBuf::from(parts.next().expect("an output file"));
    let all_done = PathBuf::from(parts.next().expect("a marker file"));
    let url = parts.next().expect("a URL");
    let mut log = std::fs::File::create(&out).expect("the client's log");
    let mut workbench = retrying(|| {
        Workbench::open(
            Path::new(url),
            Some(&format!("Client {index}")),
            &mut |_, _| {},
        )
    });
    let documents: Vec<_> = workbench
        .project()
        .documents
        .values()
        .map(|d| (d.id, d.char_count))
        .collect();
    let codes: Vec<_> = workbench.project().codes.keys().copied().collect();
    let theme = *workbench
        .project()
        .themes
        .keys()
        .next()
        .expect("the demo has themes");
    let mine = codes[index % codes.len()];
    let mut seed = 0x9E37_79B9_u64.wrapping_mul(index as u64 + 1);
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % below.max(1) as u64).unwrap_or(0)
    };
    for step in 0..CODINGS_PER_CLIENT {
        let (document, chars) = documents[next(documents.len())];
        let start = next(chars.saturating_sub(60));
        let coding = Coding {
            id: CodingId::new(),
            document,
            code: codes[next(codes.len())],
            coder: workbench.coder().id,
            start,
            end: start + 10 + next(50),
            created_at: polyphony::workbench::now_ms(),
            memo: String::new(),
        };
        let id = coding.id;
        let began = Instant::now();
        if apply(&mut workbench, &Command::AddCoding { coding }, |w| {
            w.project().codings.contains_key(&id)
        }) {
            writeln!(
                log,
                "coding {id} {:.3}",
                began.elapsed().as_secs_f64() * 1000.0
            )
            .expect("the log");
        }
        if step % 10 == 9 {
            let rename = workbench.commands().update_code(mine, |code| {
                code.name = format!("Load {index} round {step}");
            });
            if let Ok(rename) = rename
                && apply(&mut workbench, &rename, |_| false)
            {
                writeln!(log, "rename {mine}").expect("the log");
            }
        }
        if step % 15 == 14 {
            let memo = Memo {
                id: MemoId::new(),
                title: format!("Client {index}'s note {step}"),
                body: "A \"quoted\" line; and a back\\slash.".to_owned(),
                author: workbench.coder().id,
                target: Target::Project,
                created_at: polyphony::workbench::now_ms(),
                updated_at: polyphony::workbench::now_ms(),
            };
            let id = memo.id;
            if apply(&mut workbench, &Command::CreateMemo { memo }, |w| {
                w.project().memos.contains_key(&id)
            }) {
                writeln!(log, "memo {id}").expect("the log");
            }
        }
        if step % 25 == 24 {
            let edit = workbench.commands().edit_theme(theme, |theme| {
                theme.definition = format!("As client {index} put it at step {step}.");
            });
            if let Ok(edit) = edit
                && apply(&mut workbench, &edit, |_| false)
            {
                writeln!(log, "theme {theme}").expect("the log");
            }
        }
        log.flush().expect("the log");
    }
    writeln!(log, "finished").expect("the log");
    while !all_done.exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
    retrying(|| workbench.catch_up().map(|_| ()));
    writeln!(log, "digest {}", digest(&file_rows(workbench.path()))).expect("the log");
}

/// Applies `command`, trying again while the server is away. Returns whether
/// it was acknowledged; a change that reached the server though its answer
/// was lost (`already_there` after following) is there, but was never
/// acknowledged, so it is not counted.
fn apply(
    workbench: &mut Workbench,
    command: &Command,
    already_there: impl Fn(&Workbench) -> bool,
) -> bool {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        match workbench.apply(command.clone()) {
            Ok(_) => return true,
            Err(error) => {
                let _ = workbench.catch_up();
                if already_there(workbench) {
                    return false;
                }
                assert!(Instant::now() < deadline, "the server stayed away: {error}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn retrying<T, E: std::fmt::Display>(mut attempt: impl FnMut() -> Result<T, E>) -> T {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        match attempt() {
            Ok(value) => return value,
            Err(error) => {
                assert!(Instant::now() < deadline, "the server stayed away: {error}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}
