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
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod attributes;
mod autocode;
mod code_table;
mod codebook;
mod coding;
mod media;
mod memos;
mod output;
mod review;
mod themes;

use crate::index::{Query, SearchFilter};
use crate::model::SegmentFilter;
use crate::workbench::{ImportProgress, Workbench, WorkbenchError, build_demo, default_corpus_dir};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

/// Polyphony: reflexive thematic analysis of interview and focus-group
/// transcripts. Run with no command to open the window on the demo project.
#[derive(Debug, Parser)]
#[command(name = "polyphony", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// The changes `polyphony participant` makes.
#[derive(Debug, Subcommand)]
pub enum ParticipantAction {
    /// Give a participant a new name: `rename "Participant (int-07)" P07`.
    Rename { name: String, new_name: String },
    /// Make several participants one person: `merge P07 "Participant (int-07)"`
    /// keeps P07 and moves the others' speaker links, memos and attributes to it.
    Merge {
        into: String,
        #[arg(required = true)]
        others: Vec<String>,
    },
    /// Make a participant who speaks in several documents one participant per
    /// document, named "Name (document)".
    Split { name: String },
    /// Whether interviewer role labels ("Interviewer", "I", "Moderator") are one
    /// person in every document (`shared`) or each document's own (`per-document`,
    /// the default); documents already imported are relinked to match.
    Interviewers {
        #[arg(value_enum)]
        mode: InterviewerMode,
    },
}

/// How interviewer role labels map to participants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InterviewerMode {
    Shared,
    PerDocument,
}

/// What every subcommand's exit status means, shown at the end of its `--help`.
const EXIT_STATUS_HELP: &str = "Exit status:
  0  the command did what it was asked
  1  it failed and changed nothing; the message says why and what to do
  2  the command line was wrong (an unknown option, a missing argument)";

/// The same for `import`, which can import some files and not others.
const IMPORT_EXIT_STATUS_HELP: &str = "Exit status:
  0  every file named was imported (or was in the project already)
  1  it failed and changed nothing; the message says why and what to do
  2  the command line was wrong (an unknown option, a missing argument)
  3  some files named (or every file of a folder named) could not be imported;
     the rest were, and the last message says what failed";

impl Cli {
    /// Parses the command line like [`Parser::parse`], with each subcommand's help
    /// ending in what its exit status means.
    #[must_use]
    pub fn parse_with_exit_status_help() -> Self {
        use clap::{CommandFactory, FromArgMatches};
        // Nested actions (`codebook rename`, `memo add`) exit the same way.
        fn with_exit_status(command: clap::Command, help: &'static str) -> clap::Command {
            command
                .mut_subcommands(|subcommand| with_exit_status(subcommand, help))
                .after_help(help)
        }
        let command = Self::command().mut_subcommands(|subcommand| {
            let help = if subcommand.get_name() == "import" {
                IMPORT_EXIT_STATUS_HELP
            } else {
                EXIT_STATUS_HELP
            };
            with_exit_status(subcommand, help)
        });
        let matches = command.get_matches();
        Self::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
    }
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Create a new, empty project file.
    New {
        project: PathBuf,
        /// Who is coding (default: your user name).
        #[arg(long)]
        coder: Option<String>,
    },
    /// Import transcripts (files or folders) and attribute tables.
    Import {
        project: PathBuf,
        /// Transcript files or folders (txt, md, docx, odt, vtt, srt, pdf), or
        /// REFI-QDA projects and codebooks (qdpx, qde, qdc) from other tools.
        paths: Vec<PathBuf>,
        /// A CSV with one row per participant and any attribute columns.
        #[arg(long)]
        participants: Option<PathBuf>,
        /// A CSV with one row per document (interview, focus group, site, ...).
        #[arg(long = "document-attributes")]
        document_attributes: Option<PathBuf>,
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the documents.
    Docs {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Show a document turn by turn.
    Show {
        project: PathBuf,
        /// Document name, file name, id or unique name prefix.
        document: String,
        #[arg(long)]
        json: bool,
    },
    /// List the participants with their attributes.
    Participants {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Rename, merge or split participants, or choose whether interviewer role
    /// labels are one person across documents. Each is one undo step.
    Participant {
        project: PathBuf,
        #[command(subcommand)]
        action: ParticipantAction,
        #[arg(long)]
        coder: Option<String>,
        #[arg(long, global = true)]
        json: bool,
    },
    /// Link a speaker label of a document to a participant (created if new),
    /// for example when a transcript calls someone "Speaker 2".
    Link {
        project: PathBuf,
        #[arg(long = "doc")]
        document: String,
        /// The speaker label as it appears in the document.
        #[arg(long)]
        speaker: String,
        /// The participant's name.
        #[arg(long)]
        participant: String,
        #[arg(long)]
        coder: Option<String>,
    },
    /// Link a document to its recording (mp3, m4a, mp4, wav, ogg, flac), for
    /// the window to play beside the transcript; --unlink removes the link.
    LinkMedia {
        project: PathBuf,
        /// Document name, file name, id or unique name prefix.
        document: String,
        /// The recording; kept relative to the project's folder when inside it.
        #[arg(required_unless_present = "unlink", conflicts_with = "unlink")]
        file: Option<PathBuf>,
        #[arg(long)]
        unlink: bool,
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Search the transcripts: words, "phrases", "near words"~5, AND/OR/NOT,
    /// fuzzy~1, prefix*; or a regular expression with --regex.
    Search {
        project: PathBuf,
        query: String,
        #[arg(long)]
        regex: bool,
        #[arg(long)]
        speaker: Option<String>,
        #[arg(long = "doc")]
        document: Option<String>,
        /// Participant attribute the speaker must have, as NAME=VALUE (repeatable).
        #[arg(long = "where", value_name = "ATTR=VALUE")]
        conditions: Vec<String>,
        /// Only hits inside codings of this code (or its children).
        #[arg(long)]
        code: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Apply a code to a char range of a document (creating the code if new);
    /// or, with --from, every coding of a table as one undo step.
    Code {
        project: PathBuf,
        #[arg(long = "doc", required_unless_present = "from")]
        document: Option<String>,
        #[arg(long, required_unless_present = "from")]
        start: Option<usize>,
        #[arg(long, required_unless_present = "from")]
        end: Option<usize>,
        #[arg(long, required_unless_present = "from")]
        code: Option<String>,
        /// A table of codings: a CSV with the columns document, start and end
        /// (char offsets) or quote (text to find, white space aside), code,
        /// and optionally coder and memo; a .jsonl file, or `-` for standard
        /// input, gives the same as JSON Lines, one object a line. A new code
        /// (with the parents its path names) or coder is added. If any row does
        /// not fit, every such row is reported by line and nothing is coded.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["document", "start", "end", "code"])]
        from: Option<PathBuf>,
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take a code off a segment (by its id from `segments --json`).
    Uncode(coding::UncodeArgs),
    /// Move a segment to another code (created if new), keeping its extent.
    Recode(coding::RecodeArgs),
    /// Give a segment a new extent in its document, keeping its code.
    Resize(coding::ResizeArgs),
    /// Write, replace or clear the memo of one coded segment.
    SegmentMemo(coding::SegmentMemoArgs),
    /// Code every hit of a search, or every turn of a speaker, widened to the
    /// sentence, turn or paragraph, as one undo step.
    Autocode(autocode::AutocodeArgs),
    /// Change the codebook: create, rename, move, merge, delete, describe or
    /// colour a code. Each is one undo step.
    Codebook(codebook::CodebookArgs),
    /// Write, edit, list or delete memos on the project (the reflexive
    /// journal), a document, participant, code, segment or theme.
    Memo(memos::MemoArgs),
    /// Set or clear one attribute of a participant or a document:
    /// `attribute P participant "Zoë Adebayo" group peer`.
    Attribute(attributes::AttributeArgs),
    /// The codebook with counts of codings and documents.
    Codes {
        project: PathBuf,
        /// Also count codings by this participant attribute, e.g. --by group.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Coded segments, filtered.
    Segments {
        project: PathBuf,
        /// Code name, path or id; its child codes are included.
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        speaker: Option<String>,
        #[arg(long = "doc")]
        document: Option<String>,
        #[arg(long)]
        coder: Option<String>,
        /// Participant attribute, as NAME=VALUE (repeatable).
        #[arg(long = "where", value_name = "ATTR=VALUE")]
        conditions: Vec<String>,
        #[arg(long)]
        json: bool,
        /// Write CSV (one row per coding) instead, for Excel, R or SPSS.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// Export the project: a REFI-QDA project (qdpx) or codebook (qdc) for
    /// NVivo, ATLAS.ti, MAXQDA and QualCoder, or tables for Excel, R and SPSS.
    Export {
        project: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
        /// For matrix formats: count by this participant attribute instead of
        /// by document.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Undo the last change.
    Undo {
        project: PathBuf,
        #[arg(long)]
        coder: Option<String>,
    },
    /// Redo the last change undone.
    Redo {
        project: PathBuf,
        #[arg(long)]
        coder: Option<String>,
    },
    /// The journal: every change, undo and redo, with who and when.
    Log {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The themes, with their status, concept, codes, counts and prevalence
    /// by a participant attribute.
    Themes {
        project: PathBuf,
        /// The participant attribute to count by (default: group).
        #[arg(long, default_value = "group")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Work on one theme: create, edit, status, add-code, remove-code,
    /// add-quote, remove-quote, split, merge, delete, show, history.
    Theme {
        project: PathBuf,
        #[command(subcommand)]
        action: themes::ThemeAction,
        #[arg(long, global = true)]
        coder: Option<String>,
    },
    /// Write the theme report: each theme with its concept, definition,
    /// subthemes and key quotes, a prevalence table, the methods and the
    /// codebook, as Word, HTML or Markdown.
    Report {
        project: PathBuf,
        #[arg(long, value_enum)]
        format: themes::ReportFormatArg,
        #[arg(long)]
        out: PathBuf,
        /// The participant attribute of the prevalence table.
        #[arg(long, default_value = "group")]
        by: String,
        /// The report's title (default: the project's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Draw the thematic map (themes, subthemes and their codes, where they
    /// were placed in the window) as SVG or PNG.
    Map {
        project: PathBuf,
        /// The image to write: .svg or .png.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the review packet: one HTML file in which a co-author reads the
    /// themes and their key quotes and comments on them, without the app.
    ReviewPacket {
        project: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// The study's name as the reviewer sees it (default: the project's).
        #[arg(long)]
        title: Option<String>,
    },
    /// Bring in the comments a co-author saved from a review packet.
    ReviewImport {
        project: PathBuf,
        file: PathBuf,
        #[arg(long)]
        coder: Option<String>,
    },
    /// Every review comment with its replies and resolution, open ones first.
    Comments {
        project: PathBuf,
        /// Only comments not yet resolved.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Reply to, resolve or reopen a review comment.
    Comment {
        project: PathBuf,
        #[command(subcommand)]
        action: review::CommentAction,
        #[arg(long, global = true)]
        coder: Option<String>,
    },
    /// What the themes leave out: segments in no theme, and documents and
    /// participants with little coding.
    Uncovered {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the demo project built from the sample corpus.
    Demo {
        project: PathBuf,
        /// The sample corpus folder (default: the one shipped with Polyphony).
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Open the window on a project.
    #[cfg(feature = "gui")]
    Window { project: Option<PathBuf> },
}

/// What `polyphony export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Qdpx,
    Qdc,
    SegmentsCsv,
    SegmentsXlsx,
    CodebookCsv,
    CodebookXlsx,
    MatrixCsv,
    MatrixXlsx,
}

/// Runs one command.
#[expect(
    clippy::too_many_lines,
    reason = "one arm per subcommand; to be split by what each handles (issue 11)"
)]
pub fn run(command: CliCommand) -> Result<()> {
    match command {
        CliCommand::New { project, coder } => {
            let name = coder.unwrap_or_else(user_name);
            let bench = Workbench::create(&project, &name)?;
            outln!(
                "Created {} (coder: {}). Import transcripts with `polyphony import {} FILES...`.",
                project.display(),
                bench.coder().name,
                project.display()
            );
            Ok(())
        }
        CliCommand::Import {
            project,
            paths,
            participants,
            document_attributes,
            coder,
            json,
        } => import(
            &project,
            &paths,
            participants.as_deref(),
            document_attributes.as_deref(),
            coder.as_deref(),
            json,
        ),
        CliCommand::Docs { project, json } => {
            output::docs(&Workbench::open_read_only_outline(&project)?, json)
        }
        CliCommand::Show {
            project,
            document,
            json,
        } => {
            let mut bench = Workbench::open_read_only_outline(&project)?;
            let doc = find_document(&bench, &document)?.id;
            bench.load_bodies([doc])?;
            output::show(&bench, doc, json)
        }
        CliCommand::Participants { project, json } => {
            output::participants(&Workbench::open_read_only_outline(&project)?, json)
        }
        CliCommand::Participant {
            project,
            action,
            coder,
            json,
        } => participant(&mut open_write(&project, coder.as_deref())?, action, json),
        CliCommand::Link {
            project,
            document,
            speaker,
            participant,
            coder,
        } => {
            let mut bench = open_outline(&project, coder.as_deref())?;
            let doc = find_document(&bench, &document)?.id;
            let label = bench.link_speaker(doc, &speaker, &participant)?;
            outln!("Done: {label}.");
            Ok(())
        }
        CliCommand::LinkMedia {
            project,
            document,
            file,
            unlink: _,
            coder,
            json,
        } => media::link(
            &mut open_write(&project, coder.as_deref())?,
            &document,
            file.as_deref(),
            json,
        ),
        CliCommand::Search {
            project,
            query,
            regex,
            speaker,
            document,
            conditions,
            code,
            limit,
            json,
        } => {
            let mut bench = Workbench::open_read_only_outline(&project)?;
            bench.ensure_index(&mut index_progress())?;
            let filter = SearchFilter {
                document: document
                    .map(|key| find_document(&bench, &key).map(|doc| doc.id))
                    .transpose()?,
                speaker,
                attributes: parse_conditions(&conditions)?,
                code: code.map(|key| find_code(&bench, &key)).transpose()?,
            };
            let query = Query {
                text: query,
                regex,
                filter,
            };
            let results = bench.search(&query, limit)?;
            output::search(&results, json)
        }
        CliCommand::Code {
            project,
            from: Some(from),
            coder,
            json,
            ..
        } => coding::code_from(&project, &from, coder.as_deref(), json),
        CliCommand::Code {
            project,
            document,
            start,
            end,
            code,
            coder,
            json,
            from: None,
        } => {
            let (Some(document), Some(start), Some(end), Some(code)) = (document, start, end, code)
            else {
                bail!("say what to code: --doc D --start S --end E --code C, or --from FILE");
            };
            let mut bench = open_outline(&project, coder.as_deref())?;
            let doc = find_document(&bench, &document)?.id;
            let (command, coding) = bench.coding_command(doc, start, end, &code)?;
            let label = bench.apply(command)?;
            bench.load_bodies([doc])?;
            output::coded(&bench, coding, &label, json)
        }
        CliCommand::Uncode(args) => coding::uncode(args),
        CliCommand::Recode(args) => coding::recode(args),
        CliCommand::Resize(args) => coding::resize(args),
        CliCommand::SegmentMemo(args) => coding::segment_memo(args),
        CliCommand::Autocode(args) => autocode::run(args),
        CliCommand::Codebook(args) => codebook::run(args),
        CliCommand::Memo(args) => memos::run(args),
        CliCommand::Attribute(args) => attributes::run(args),
        CliCommand::Codes { project, by, json } => {
            output::codes(&open_read(&project)?, by.as_deref(), json)
        }
        CliCommand::Segments {
            project,
            code,
            speaker,
            document,
            coder,
            conditions,
            json,
            csv,
        } => {
            let mut bench = Workbench::open_read_only_outline(&project)?;
            let filter = SegmentFilter {
                code: code.map(|key| find_code(&bench, &key)).transpose()?,
                include_child_codes: true,
                document: document
                    .map(|key| find_document(&bench, &key).map(|doc| doc.id))
                    .transpose()?,
                speaker,
                coder: coder
                    .map(|name| {
                        bench
                            .project()
                            .find_coder(&name)
                            .map(|coder| coder.id)
                            .ok_or_else(|| anyhow!("no coder called {name:?} in this project"))
                    })
                    .transpose()?,
                attributes: parse_conditions(&conditions)?,
            };
            if csv {
                bench.load_whole()?;
                crate::exchange::write_segments_csv(
                    bench.project(),
                    &filter,
                    std::io::stdout().lock(),
                )
                .context("could not write the CSV")?;
                return Ok(());
            }
            output::segments(&mut bench, &filter, json)
        }
        CliCommand::Export {
            project,
            format,
            out,
            by,
            json,
        } => export(&project, format, &out, by, json),
        CliCommand::Undo { project, coder } => {
            let mut bench = open_outline(&project, coder.as_deref())?;
            let label = bench.undo()?;
            outln!("Undid: {label}");
            Ok(())
        }
        CliCommand::Redo { project, coder } => {
            let mut bench = open_outline(&project, coder.as_deref())?;
            let label = bench.redo()?;
            outln!("Redid: {label}");
            Ok(())
        }
        CliCommand::Log { project, json } => {
            output::log(&Workbench::open_read_only_outline(&project)?, json)
        }
        CliCommand::Themes { project, by, json } => themes::list(&open_read(&project)?, &by, json),
        CliCommand::Theme {
            project,
            action,
            coder,
        } => match action {
            themes::ThemeAction::Show { theme, by, json } => {
                themes::show(&open_read(&project)?, &theme, &by, json)
            }
            themes::ThemeAction::History { theme, json } => {
                themes::history(&open_read(&project)?, &theme, json)
            }
            action => {
                debug_assert!(action.writes());
                themes::change(&mut open_write(&project, coder.as_deref())?, action)
            }
        },
        CliCommand::Report {
            project,
            format,
            out,
            by,
            title,
        } => themes::report(&open_read(&project)?, &project, format, &out, &by, title),
        CliCommand::Map { project, out } => {
            let bench = open_read(&project)?;
            let map = crate::analysis::map::thematic_map(bench.project());
            let title = project
                .file_stem()
                .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
            crate::exchange::map_image::write_map(&map, &format!("Thematic map: {title}"), &out)?;
            outln!(
                "Wrote {}: {} theme(s) and {} code(s).",
                out.display(),
                map.nodes
                    .iter()
                    .filter(|node| node.status.is_some())
                    .count(),
                map.nodes
                    .iter()
                    .filter(|node| node.status.is_none())
                    .count()
            );
            Ok(())
        }
        CliCommand::ReviewPacket {
            project,
            out,
            title,
        } => review::packet(&open_read(&project)?, &project, &out, title),
        CliCommand::ReviewImport {
            project,
            file,
            coder,
        } => review::import(&mut open_write(&project, coder.as_deref())?, &file),
        CliCommand::Comments {
            project,
            open,
            json,
        } => review::list(&open_read(&project)?, open, json),
        CliCommand::Comment {
            project,
            action,
            coder,
        } => review::change(&mut open_write(&project, coder.as_deref())?, action),
        CliCommand::Uncovered { project, json } => {
            themes::list_uncovered(&open_read(&project)?, json)
        }
        CliCommand::Demo { project, corpus } => {
            let corpus = corpus.unwrap_or_else(default_corpus_dir);
            let (bench, report) = build_demo(&project, &corpus)?;
            outln!(
                "Wrote the demo project {}: {} documents, {} participants, {} codes, {} codings.",
                project.display(),
                report.imported.len(),
                bench.project().participants.len(),
                bench.project().codes.len(),
                bench.project().codings.len()
            );
            Ok(())
        }
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

fn import(
    project: &Path,
    paths: &[PathBuf],
    participants: Option<&Path>,
    document_attributes: Option<&Path>,
    coder: Option<&str>,
    json: bool,
) -> Result<()> {
    if paths.is_empty() && participants.is_none() && document_attributes.is_none() {
        bail!(
            "name the transcripts or folders to import, for example `polyphony import {} interviews/`",
            project.display()
        );
    }
    // Read the attribute tables first, so a missing or malformed one stops the
    // import before any transcript is added.
    if let Some(path) = participants {
        crate::workbench::read_participants_table(path)?;
    }
    if let Some(path) = document_attributes {
        let bytes =
            std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        crate::ingest::parse_attribute_csv(&name, &bytes, crate::workbench::DOCUMENT_KEYS)?;
    }
    let mut bench = open_write(project, coder)?;
    // REFI-QDA projects and codebooks from other tools come in whole, each as
    // one undo step; everything else is a transcript or a folder of them.
    let (exchange_files, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|path| path.is_file() && crate::workbench::is_exchange_file(path));
    let mut exchange_reports = Vec::new();
    let mut exchange_failures = Vec::new();
    for file in &exchange_files {
        match bench.import_exchange_file(file) {
            Ok(report) => exchange_reports.push((file.display().to_string(), report)),
            Err(error) => {
                eprintln!("error: {} was not imported: {error}", file.display());
                exchange_failures.push(crate::workbench::Skipped {
                    path: file.display().to_string(),
                    reason: error.to_string(),
                    duplicate: false,
                });
            }
        }
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = bench.import_paths(&paths, &mut |progress| match progress {
        ImportProgress::Reading { done, total, file } => {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(format!("reading {file}"));
        }
        ImportProgress::Saving => bar.set_message("saving"),
        ImportProgress::Indexing => bar.set_message("indexing"),
    })?;
    bar.finish_and_clear();
    let participants = participants
        .map(|path| bench.import_participants_csv(path))
        .transpose()?;
    let documents = document_attributes
        .map(|path| bench.import_document_attributes_csv(path))
        .transpose()?;
    output::import(
        &report,
        &exchange_reports,
        participants.as_ref(),
        documents.as_ref(),
        json,
    )?;
    let mut failed = exchange_failures;
    failed.extend(report.failed_arguments(&paths));
    match failed.last() {
        None => Ok(()),
        Some(last) => Err(PartialFailure(format!(
            "{} of the {} path(s) named could not be imported (the rest were); the last: {}: {}",
            failed.len(),
            exchange_files.len() + paths.len(),
            last.path,
            last.reason
        ))
        .into()),
    }
}

fn participant(bench: &mut Workbench, action: ParticipantAction, json: bool) -> Result<()> {
    let change = match action {
        ParticipantAction::Rename { name, new_name } => {
            let id = bench.participant_named(&name)?.id;
            bench.rename_participant(id, &new_name)?
        }
        ParticipantAction::Merge { into, others } => {
            let into = bench.participant_named(&into)?.id;
            let others = others
                .iter()
                .map(|name| bench.participant_named(name).map(|found| found.id))
                .collect::<Result<Vec<_>, _>>()?;
            bench.merge_participants(into, &others)?
        }
        ParticipantAction::Split { name } => {
            let id = bench.participant_named(&name)?.id;
            bench.split_participant(id)?
        }
        ParticipantAction::Interviewers { mode } => {
            bench.set_interviewers_shared(mode == InterviewerMode::Shared)?
        }
    };
    if json {
        return output::print_json(&serde_json::json!(change));
    }
    outln!("Done: {}.", change.label);
    if !change.participants.is_empty() {
        outln!("Participants: {}", change.participants.join(", "));
    }
    outln!("Undo with `polyphony undo`.");
    Ok(())
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

fn export(
    project: &Path,
    format: ExportFormat,
    out: &Path,
    by: Option<String>,
    json: bool,
) -> Result<()> {
    use crate::exchange::tables::{Table, TableFormat, write_table};
    let bench = open_read(project)?;
    let project = bench.project();
    let table = |table: Table, table_format: TableFormat| -> Result<Vec<String>> {
        let rows = write_table(project, &table, table_format, out)?;
        Ok(vec![format!("{rows} rows")])
    };
    let (written, not_carried) = match format {
        ExportFormat::Qdpx => {
            let report = crate::exchange::qdpx::write_qdpx(project, out)?;
            (report.written, report.not_carried)
        }
        ExportFormat::Qdc => {
            let report = crate::exchange::qdc::write_qdc(project, out)?;
            (report.written, report.not_carried)
        }
        ExportFormat::SegmentsCsv => (table(Table::Segments, TableFormat::Csv)?, Vec::new()),
        ExportFormat::SegmentsXlsx => (table(Table::Segments, TableFormat::Xlsx)?, Vec::new()),
        ExportFormat::CodebookCsv => (table(Table::Codebook, TableFormat::Csv)?, Vec::new()),
        ExportFormat::CodebookXlsx => (table(Table::Codebook, TableFormat::Xlsx)?, Vec::new()),
        ExportFormat::MatrixCsv => (table(Table::Matrix { by }, TableFormat::Csv)?, Vec::new()),
        ExportFormat::MatrixXlsx => (table(Table::Matrix { by }, TableFormat::Xlsx)?, Vec::new()),
    };
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "out": out.display().to_string(),
                "written": written,
                "not_carried": not_carried,
            }))?
        );
        return Ok(());
    }
    outln!("Wrote {}: {}.", out.display(), written.join(", "));
    if !not_carried.is_empty() {
        outln!("Not carried (the format has no place for them):");
        for line in &not_carried {
            outln!("  - {line}");
        }
    }
    Ok(())
}

fn open_read(project: &Path) -> Result<Workbench, WorkbenchError> {
    let bar = ProgressBar::new(0);
    let bench = Workbench::open_read_only(project, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message("rebuilding the search index");
    });
    bar.finish_and_clear();
    bench
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
    let mut bench = Workbench::open_outline(project, coder)?;
    for notice in bench.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(bench)
}

fn open_write(project: &Path, coder: Option<&str>) -> Result<Workbench, WorkbenchError> {
    let bar = ProgressBar::new(0);
    let bench = Workbench::open(project, coder, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message("rebuilding the search index");
    });
    bar.finish_and_clear();
    let mut bench = bench?;
    for notice in bench.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(bench)
}

fn find_document<'b>(bench: &'b Workbench, key: &str) -> Result<&'b crate::model::Document> {
    bench.project().find_document(key).with_context(|| {
        format!("no document matches {key:?}; list them with `polyphony docs PROJECT`")
    })
}

fn find_code(bench: &Workbench, key: &str) -> Result<crate::model::CodeId> {
    bench
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
