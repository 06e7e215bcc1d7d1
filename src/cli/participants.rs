//! The participant commands: `participant` renames, merges and splits
//! participants or says how interviewer labels map to people, and `link` ties
//! a document's speaker label to a participant. Each is one undo step.

use crate::cli::{find_document, open_outline, open_write, output};
use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `polyphony participant PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct ParticipantArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: ParticipantAction,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long, global = true)]
    json: bool,
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

/// `polyphony participant`.
pub fn participant(args: ParticipantArgs) -> Result<()> {
    let ParticipantArgs {
        project,
        action,
        coder,
        json,
    } = args;
    let workbench = &mut open_write(&project, coder.as_deref())?;
    let change = match action {
        ParticipantAction::Rename { name, new_name } => {
            let id = workbench.participant_named(&name)?.id;
            workbench.rename_participant(id, &new_name)?
        }
        ParticipantAction::Merge { into, others } => {
            let into = workbench.participant_named(&into)?.id;
            let others = others
                .iter()
                .map(|name| workbench.participant_named(name).map(|found| found.id))
                .collect::<Result<Vec<_>, _>>()?;
            workbench.merge_participants(into, &others)?
        }
        ParticipantAction::Split { name } => {
            let id = workbench.participant_named(&name)?.id;
            workbench.split_participant(id)?
        }
        ParticipantAction::Interviewers { mode } => {
            workbench.set_interviewers_shared(mode == InterviewerMode::Shared)?
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

/// `polyphony link PROJECT --doc D --speaker S --participant P`.
#[derive(Debug, Args)]
pub struct LinkArgs {
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
}

/// `polyphony link`.
pub fn link(args: &LinkArgs) -> Result<()> {
    let mut workbench = open_outline(&args.project, args.coder.as_deref())?;
    let document = find_document(&workbench, &args.document)?.id;
    let label = workbench.link_speaker(document, &args.speaker, &args.participant)?;
    outln!("Done: {label}.");
    Ok(())
}
