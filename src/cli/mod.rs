//! The command line: clap subcommands over the workbench, one function each.
//!
//! Each command turns its arguments into workbench calls and prints the result,
//! as text for people or as JSON (`--json`, with char offsets) for scripts.
//! Errors are returned to `main`, which prints them once to stderr.

/// `println!` that returns an error instead of panicking when stdout is gone
/// (as when the output is piped into `head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // A listing run with --pseudonymised prints every line through the key;
        // any other writes straight out, as a listing of 100,000 rows should.
        if $crate::cli::shown::is_on() {
            let line = format!($($arg)*);
            writeln!(std::io::stdout().lock(), "{}", $crate::cli::shown::shown(&line))?;
        } else {
            writeln!(std::io::stdout().lock(), $($arg)*)?;
        }
    }};
}

mod args;
mod attributes;
mod autocode;
mod code_table;
mod codebook;
mod coding;
mod exports;
mod media;
mod memos;
mod output;
mod participants;
mod project;
mod pseudonyms;
mod reading;
mod review;
mod shared;
mod shown;
mod tables;
mod team;
mod themes;

pub use args::{Cli, CliCommand};

use crate::workbench::{Workbench, WorkbenchError};
use anyhow::{Context, Result};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};

/// Runs one command: each subcommand is handled by the file its arguments
/// come from.
pub fn run(command: CliCommand) -> Result<()> {
    match command {
        CliCommand::New(args) => project::new(args),
        CliCommand::Import(args) => project::import(args),
        CliCommand::Demo(args) => project::demo(args),
        CliCommand::Undo(args) => project::undo(&args),
        CliCommand::Redo(args) => project::redo(&args),
        CliCommand::Docs(args) => output::docs(&listing(&args.project, &args.shown)?, args.json),
        CliCommand::Participants(args) => {
            output::participants(&listing(&args.project, &args.shown)?, args.json)
        }
        CliCommand::Log(args) => output::log(&listing(&args.project, &args.shown)?, args.json),
        CliCommand::Uncovered(args) => {
            let workbench = open_read(&args.project)?;
            args.shown.apply(&workbench)?;
            themes::list_uncovered(&workbench, args.json)
        }
        CliCommand::Codes(args) => {
            let workbench = open_read(&args.project)?;
            args.shown.apply(&workbench)?;
            output::codes(&workbench, args.by.as_deref(), args.json)
        }
        CliCommand::Show(args) => reading::show(&args),
        CliCommand::Search(args) => reading::search(args),
        CliCommand::Segments(args) => reading::segments(args),
        CliCommand::Participant(args) => participants::participant(args),
        CliCommand::Link(args) => participants::link(&args),
        CliCommand::LinkMedia(args) => media::link_media(&args),
        CliCommand::Code(args) => coding::code(&args),
        CliCommand::Uncode(args) => coding::uncode(&args),
        CliCommand::Recode(args) => coding::recode(&args),
        CliCommand::Resize(args) => coding::resize(&args),
        CliCommand::SegmentMemo(args) => coding::segment_memo(args),
        CliCommand::Autocode(args) => autocode::run(&args),
        CliCommand::Codebook(args) => codebook::run(args),
        CliCommand::Memo(args) => memos::run(args),
        CliCommand::Attribute(args) => attributes::run(&args),
        CliCommand::Themes(args) => themes::themes(&args),
        CliCommand::Theme(args) => themes::theme(args),
        CliCommand::Export(args) => exports::export(args),
        CliCommand::Report(args) => exports::report(args),
        CliCommand::Map(args) => exports::map(&args),
        CliCommand::ReviewPacket(args) => review::packet(args),
        CliCommand::ReviewImport(args) => review::import(&args),
        CliCommand::Comments(args) => review::list(&args),
        CliCommand::Comment(args) => review::change(args),
        CliCommand::Copy(args) => team::copy(&args),
        CliCommand::Merge(args) => team::merge(&args),
        CliCommand::Compare(args) => team::compare(&args),
        CliCommand::Agreement(args) => team::agreement(&args),
        CliCommand::Table(args) => tables::table(&args),
        CliCommand::Publish(args) => shared::publish(&args),
        CliCommand::Clone(args) => shared::clone(&args),
        CliCommand::Team(args) => shared::team(args),
        CliCommand::Pseudonyms(args) => pseudonyms::run(args),
        CliCommand::Share(args) => pseudonyms::share(&args),
        #[cfg(feature = "gui")]
        CliCommand::Window { project } => open_window(project),
    }
}

/// Runs `command`, or opens the window on the demo project when there is
/// none (`polyphony` alone): with `polyphony window`, the one way in.
pub fn run_or_open_window(command: Option<CliCommand>) -> Result<()> {
    match command {
        Some(command) => run(command),
        None => open_window(None),
    }
}

#[cfg(feature = "gui")]
fn open_window(project: Option<PathBuf>) -> Result<()> {
    crate::gui::run(project)
}

#[cfg(not(feature = "gui"))]
fn open_window(_project: Option<PathBuf>) -> Result<()> {
    anyhow::bail!(
        "this build has no window (built without the `gui` feature); run `polyphony --help` for the commands"
    )
}

/// Some of the work a command was asked for was done and some could not be; the
/// message says what failed. `polyphony` exits with [`PartialFailure::EXIT_CODE`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PartialFailure(pub String);

impl PartialFailure {
    /// The exit status for a command that did part of its work.
    pub const EXIT_CODE: u8 = 3;
}

/// The project for a listing of its outline, with what it prints passed
/// through the key when `shown` asks for pseudonyms.
fn listing(project: &Path, shown: &shown::ShownArgs) -> Result<Workbench> {
    let workbench = Workbench::open_read_only_outline(project)?;
    shown.apply(&workbench)?;
    Ok(workbench)
}

fn open_read(project: &Path) -> Result<Workbench, WorkbenchError> {
    let bar = ProgressBar::new(0);
    let workbench = Workbench::open_read_only(project, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message("rebuilding the search index");
    });
    bar.finish_and_clear();
    workbench
}

/// A progress bar for rebuilding the search index, shown only if one is needed.
fn index_progress() -> impl FnMut(usize, usize) {
    let bar = ProgressBar::new(0);
    move |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message("rebuilding the search index");
        if done == total {
            bar.finish_and_clear();
        }
    }
}

/// Opens a project for writing with only its outline in memory, for a command
/// that changes a few records (see [`Workbench::open_outline`]).
fn open_outline(project: &Path, coder: Option<&str>) -> Result<Workbench, WorkbenchError> {
    let mut workbench = Workbench::open_outline(project, coder)?;
    for notice in workbench.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(workbench)
}

fn open_write(project: &Path, coder: Option<&str>) -> Result<Workbench, WorkbenchError> {
    let bar = ProgressBar::new(0);
    let workbench = Workbench::open(project, coder, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message("rebuilding the search index");
    });
    bar.finish_and_clear();
    let mut workbench = workbench?;
    for notice in workbench.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(workbench)
}

fn find_document<'b>(workbench: &'b Workbench, key: &str) -> Result<&'b crate::model::Document> {
    workbench.project().find_document(key).with_context(|| {
        format!("no document matches {key:?}; list them with `polyphony docs PROJECT`")
    })
}

fn find_code(workbench: &Workbench, key: &str) -> Result<crate::model::CodeId> {
    workbench
        .project()
        .find_code(key)
        .map(|code| code.id)
        .with_context(|| {
            format!("no code matches {key:?} (or several do: use Parent/Child); list them with `polyphony codes PROJECT`")
        })
}

fn parse_conditions(conditions: &[String]) -> Result<Vec<(String, String)>> {
    conditions
        .iter()
        .map(|condition| {
            condition
                .split_once('=')
                .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
                .filter(|(name, _)| !name.is_empty())
                .with_context(|| {
                    format!("--where {condition:?} should be ATTRIBUTE=VALUE, for example role=peer practitioner")
                })
        })
        .collect()
}

fn user_name() -> String {
    std::env::var("USER")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "researcher".to_owned())
}
