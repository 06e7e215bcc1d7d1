//! The command line's shape: the `polyphony` parser and one subcommand per
//! variant of [`CliCommand`], each carrying the arguments struct of the file
//! that handles it, so a subcommand's options sit beside the code that reads
//! them.

use crate::cli::{
    attributes, autocode, codebook, coding, exports, media, memos, participants, project,
    pseudonyms, reading, review, shared, tables, team, themes,
};
use clap::{Parser, Subcommand};

/// Polyphony: reflexive thematic analysis of interview and focus-group
/// transcripts. Run with no command to open the window on the demo project.
#[derive(Debug, Parser)]
#[command(name = "polyphony", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
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
    New(project::NewArgs),
    /// Import transcripts (files or folders) and attribute tables.
    Import(project::ImportArgs),
    /// List the documents.
    Docs(reading::ListArgs),
    /// Show a document turn by turn.
    Show(reading::ShowArgs),
    /// List the participants with their attributes.
    Participants(reading::ListArgs),
    /// Rename, merge or split participants, or choose whether interviewer role
    /// labels are one person across documents. Each is one undo step.
    Participant(participants::ParticipantArgs),
    /// Link a speaker label of a document to a participant (created if new),
    /// for example when a transcript calls someone "Speaker 2".
    Link(participants::LinkArgs),
    /// Link a document to its recording (mp3, m4a, mp4, wav, ogg, flac), for
    /// the window to play beside the transcript; --unlink removes the link.
    LinkMedia(media::LinkMediaArgs),
    /// Search the transcripts: words, "phrases", "near words"~5, AND/OR/NOT,
    /// fuzzy~1, prefix*; or a regular expression with --regex.
    Search(reading::SearchArgs),
    /// Apply a code to a char range of a document (creating the code if new);
    /// or, with --from, every coding of a table as one undo step.
    Code(coding::CodeArgs),
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
    Codes(reading::CodesArgs),
    /// Coded segments, filtered.
    Segments(reading::SegmentsArgs),
    /// Export the project: a REFI-QDA project (qdpx) or codebook (qdc) for
    /// NVivo, ATLAS.ti, MAXQDA and QualCoder, or tables for Excel, R and SPSS.
    Export(exports::ExportArgs),
    /// Undo the last change.
    Undo(project::HistoryArgs),
    /// Redo the last change undone.
    Redo(project::HistoryArgs),
    /// The journal: every change, undo and redo, with who and when.
    Log(reading::ListArgs),
    /// The themes, with their status, concept, codes, counts and prevalence
    /// by a participant attribute.
    Themes(themes::ThemesArgs),
    /// Work on one theme: create, edit, status, add-code, remove-code,
    /// add-quote, remove-quote, split, merge, delete, show, history.
    Theme(themes::ThemeArgs),
    /// Write the theme report: each theme with its concept, definition,
    /// subthemes and key quotes, a prevalence table, the methods and the
    /// codebook, as Word, HTML or Markdown.
    Report(exports::ReportArgs),
    /// Draw the thematic map (themes, subthemes and their codes, where they
    /// were placed in the window) as SVG or PNG.
    Map(exports::MapArgs),
    /// Write the review packet: one HTML file in which a co-author reads the
    /// themes and their key quotes and comments on them, without the app.
    ReviewPacket(review::ReviewPacketArgs),
    /// Bring in the comments a co-author saved from a review packet.
    ReviewImport(review::ReviewImportArgs),
    /// Every review comment with its replies and resolution, open ones first.
    Comments(review::CommentsArgs),
    /// Reply to, resolve or reopen a review comment.
    Comment(review::CommentArgs),
    /// What the themes leave out: segments in no theme, and documents and
    /// participants with little coding.
    Uncovered(reading::ListArgs),
    /// Write a copy of the project for one coder, with the same ids, to code
    /// apart and merge back; --blind leaves out the other coders' codings.
    Copy(team::CopyArgs),
    /// Bring into the project everything done in coders' copies since they
    /// were made (or last merged), each copy one undo step. Conflicts are
    /// listed; --prefer ours|theirs or --choose KEY=SIDE settles them.
    Merge(team::MergeArgs),
    /// List the passages coders coded, code by code, as agreed (all of them
    /// coded it) or differing, with the text: `compare P --coders Ana,Sam`.
    Compare(team::CompareArgs),
    /// Agreement between coders code by code and overall: percentage
    /// agreement and Cohen's kappa as NVivo computes them, the share nobody
    /// coded, Brennan and Prediger's kappa and Krippendorff's alpha.
    Agreement(team::AgreementArgs),
    /// The tables a study reports: code frequencies, a code matrix by
    /// document or attribute, co-occurrence of codes, and word frequencies by
    /// group with keyword in context; printed, or as --json, --csv or --xlsx.
    Table(tables::TableArgs),
    /// Put a project file onto an empty PostgreSQL database, for the whole
    /// team to work in at once: `publish P postgres://USER@HOST/DB`. Every
    /// command then takes the URL in place of the file.
    Publish(shared::PublishArgs),
    /// Write a project file of a shared project as it is now: `clone
    /// postgres://USER@HOST/DB OUT.polyphony`.
    Clone(shared::CloneArgs),
    /// The members of a shared project and their roles (lead, coder,
    /// reviewer), which the server enforces: `team URL list|add|remove|role`.
    Team(shared::TeamArgs),
    /// The pseudonym key: each real name, place or contact detail and what
    /// replaces it where the data leaves the project: `pseudonyms P
    /// list|add|remove|import|export|find|reject|map`.
    Pseudonyms(pseudonyms::PseudonymsArgs),
    /// Write a pseudonymised copy to share: texts, names, attributes, memos and
    /// comments carry the pseudonyms, codings sit on the replaced text, and the
    /// key is left out: `share P --out COPY.polyphony`.
    Share(pseudonyms::ShareArgs),
    /// Write the demo project built from the sample corpus.
    Demo(project::DemoArgs),
    /// Open the window on a project.
    #[cfg(feature = "gui")]
    Window { project: Option<std::path::PathBuf> },
}
