//! `polyphony autocode`: code every hit of a search, or every turn of a
//! speaker, with one code, each passage widened to its sentence, turn or
//! paragraph, as one undo step: the window's Autocode window from a script.

use crate::cli::output::print_json;
use crate::index::{Query, SearchFilter};
use crate::workbench::autocode::{AutocodeCode, Extent, Passage, speaker_turns};
use anyhow::{Result, bail};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

/// How far `polyphony autocode` widens each passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtentArg {
    /// The words found only.
    Hit,
    /// The sentence or sentences around them, within the turn.
    Sentence,
    /// The speaker turn (or the paragraph, outside turns).
    Turn,
    /// The text between the blank lines around them.
    Paragraph,
}

impl From<ExtentArg> for Extent {
    fn from(extent: ExtentArg) -> Self {
        match extent {
            ExtentArg::Hit => Extent::Hit,
            ExtentArg::Sentence => Extent::Sentence,
            ExtentArg::Turn => Extent::Turn,
            ExtentArg::Paragraph => Extent::Paragraph,
        }
    }
}

/// `polyphony autocode PROJECT --code C (--search QUERY | --speaker NAME)`.
#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each bool is one independent command-line switch"
)]
pub struct AutocodeArgs {
    project: PathBuf,
    /// The code: id, path or name; a new name is created at the top level.
    #[arg(long)]
    code: String,
    /// Code the hits of this search, in the query language of `polyphony
    /// search`.
    #[arg(long, required_unless_present = "speaker")]
    search: Option<String>,
    /// The search is a regular expression.
    #[arg(long, requires = "search")]
    regex: bool,
    /// Code this speaker's turns (the label as `polyphony show` prints it);
    /// with --search, only the hits in their turns.
    #[arg(long)]
    speaker: Option<String>,
    /// Only in this document.
    #[arg(long = "doc")]
    document: Option<String>,
    /// Only hits of speakers with this participant attribute, as NAME=VALUE
    /// (repeatable).
    #[arg(long = "where", value_name = "ATTR=VALUE", requires = "search")]
    conditions: Vec<String>,
    /// How far to widen each passage (default: hit for a search, turn for a
    /// speaker's turns).
    #[arg(long, value_enum)]
    extent: Option<ExtentArg>,
    /// Also code hits in interviewers' turns, which are left out by default.
    #[arg(long)]
    include_interviewers: bool,
    /// Say how many passages would be coded, and change nothing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// Codes the passages `args` choose, as one step, and says how many.
pub fn run(args: &AutocodeArgs) -> Result<()> {
    let mut workbench = super::open_write(&args.project, args.coder.as_deref())?;
    let document = args
        .document
        .as_deref()
        .map(|key| super::find_document(&workbench, key).map(|doc| doc.id))
        .transpose()?;
    let (passages, found, extent, exclude_interviewers) = match &args.search {
        Some(text) => {
            let query = Query {
                text: text.clone(),
                regex: args.regex,
                filter: SearchFilter {
                    document,
                    speaker: args.speaker.clone(),
                    attributes: super::parse_conditions(&args.conditions)?,
                    code: None,
                },
            };
            // Every hit, not a page of them: the index caps what it looks
            // at by the number of turns, so this allocates nothing large.
            let results = workbench.search(&query, usize::MAX / 2)?;
            let passages: Vec<Passage> = results
                .hits
                .iter()
                .map(|hit| Passage {
                    document: hit.document,
                    start: hit.start,
                    end: hit.end,
                })
                .collect();
            let found = format!("hit(s) of {text:?}");
            (passages, found, Extent::Hit, !args.include_interviewers)
        }
        None => {
            let speaker = args.speaker.as_deref().unwrap_or_default();
            let passages: Vec<Passage> = speaker_turns(workbench.project(), speaker)
                .into_iter()
                .filter(|passage| document.is_none_or(|id| passage.document == id))
                .collect();
            let found = format!("turn(s) of {speaker}");
            (passages, found, Extent::Turn, false)
        }
    };
    if passages.is_empty() {
        match &args.search {
            Some(_) => bail!("the search found nothing to code"),
            None => bail!(
                "no turns of {:?}{}; speaker labels are as `polyphony show PROJECT DOCUMENT` prints them",
                args.speaker.as_deref().unwrap_or_default(),
                if document.is_some() {
                    " in that document"
                } else {
                    ""
                }
            ),
        }
    }
    let extent = args.extent.map_or(extent, Extent::from);
    let code = match workbench.project().find_code(&args.code) {
        Some(code) => AutocodeCode::Existing(code.id),
        // A path names where the new code goes, which autocode cannot make.
        None if args.code.contains('/') => bail!(
            "no code is at {:?}; make it first with `polyphony codebook PROJECT create NAME --parent PARENT`",
            args.code.trim()
        ),
        None => AutocodeCode::New(args.code.trim().to_owned()),
    };
    let (command, coded) =
        workbench
            .commands()
            .autocode(&passages, &code, extent, exclude_interviewers)?;
    let done = if args.dry_run {
        None
    } else {
        Some(workbench.apply(command)?)
    };
    if args.json {
        return print_json(&json!({
            "done": done,
            "code": args.code.trim(),
            "found": passages.len(),
            "codings": coded,
            "extent": format!("{extent:?}").to_lowercase(),
            "dry_run": args.dry_run,
        }));
    }
    let count = passages.len();
    match done {
        Some(label) => {
            outln!("Done: {label} (from {count} {found}).");
            outln!("Undo all of it with `polyphony undo`.");
        }
        None => outln!(
            "Would code {coded} passage(s) as {} (from {count} {found}); nothing was changed.",
            args.code.trim()
        ),
    }
    Ok(())
}
