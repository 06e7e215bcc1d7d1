//! The review commands of the command line: `review-packet` writes the HTML
//! packet co-authors comment in, `review-import` takes their saved comments
//! back, `comments` lists every comment by theme with replies and
//! resolutions, and `comment` replies to or resolves one.

use crate::cli::output::{format_time, print_json};
use crate::cli::{open_read, open_write};
use crate::exchange::review_packet::write_review_packet;
use crate::model::{Comment, CommentId, CommentKind, Project, ResolutionState, Target};
use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `polyphony review-packet PROJECT --out FILE`.
#[derive(Debug, Args)]
pub struct ReviewPacketArgs {
    project: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// The study's name as the reviewer sees it (default: the project's).
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    privacy: super::pseudonyms::PrivacyArgs,
}

/// `polyphony review-import PROJECT FILE`.
#[derive(Debug, Args)]
pub struct ReviewImportArgs {
    project: PathBuf,
    file: PathBuf,
    #[arg(long)]
    coder: Option<String>,
}

/// `polyphony comments PROJECT`.
#[derive(Debug, Args)]
pub struct CommentsArgs {
    project: PathBuf,
    /// Only comments not yet resolved.
    #[arg(long)]
    open: bool,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    shown: crate::cli::shown::ShownArgs,
}

/// `polyphony comment PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct CommentArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: CommentAction,
    #[arg(long, global = true)]
    coder: Option<String>,
}

/// What `polyphony comment PROJECT ...` does.
#[derive(Debug, Subcommand)]
pub enum CommentAction {
    /// Answer a comment (as the coder).
    Reply {
        /// The comment's id (from `polyphony comments PROJECT --json`).
        comment: String,
        #[arg(long)]
        text: String,
    },
    /// Resolve a comment: accepted, changed, or declined (with --reason).
    Resolve {
        comment: String,
        state: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Open a resolved comment again.
    Reopen { comment: String },
}

fn comment_id(key: &str) -> Result<CommentId> {
    key.trim().parse().map_err(|_| {
        anyhow!("{key:?} is not a comment id; `polyphony comments PROJECT --json` lists them")
    })
}

/// `polyphony review-packet`.
pub fn packet(args: ReviewPacketArgs) -> Result<()> {
    let workbench = open_read(&args.project)?;
    let (project_path, out, title) = (args.project.as_path(), args.out.as_path(), args.title);
    let title = title.unwrap_or_else(|| {
        project_path.file_stem().map_or_else(
            || "our study".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        )
    });
    let leaving = super::pseudonyms::leaving_project(
        &workbench,
        project_path,
        &args.privacy,
        &out.display().to_string(),
        crate::pseudonyms::Texts::KeyQuotes,
    )?;
    write_review_packet(&leaving.project, &leaving.text(&title), out)?;
    let themes = leaving
        .project
        .themes
        .values()
        .filter(|theme| theme.status != crate::model::ThemeStatus::Discarded)
        .count();
    outln!(
        "Wrote {} with {themes} theme(s). Send it to the co-author; they open it in a browser, comment, and press Save my comments. Bring their file in with `polyphony review-import`.",
        out.display()
    );
    Ok(())
}

/// `polyphony review-import`.
pub fn import(args: &ReviewImportArgs) -> Result<()> {
    let workbench = &mut open_write(&args.project, args.coder.as_deref())?;
    let file = args.file.as_path();
    let (command, import) = workbench.review_import_command(file)?;
    let label = workbench.apply(command)?;
    outln!("Done: {label}.");
    for reason in &import.skipped {
        outln!("  skipped {reason}");
    }
    Ok(())
}

/// `polyphony comment`.
pub fn change(args: CommentArgs) -> Result<()> {
    let workbench = &mut open_write(&args.project, args.coder.as_deref())?;
    let action = args.action;
    let command = match action {
        CommentAction::Reply { comment, text } => {
            workbench.commands().reply(comment_id(&comment)?, &text)?
        }
        CommentAction::Resolve {
            comment,
            state,
            reason,
        } => {
            let state = ResolutionState::parse(&state).with_context(|| {
                format!("{state:?} is not a resolution: use accepted, changed or declined")
            })?;
            workbench
                .commands()
                .resolve_comment(comment_id(&comment)?, Some(state), &reason)?
        }
        CommentAction::Reopen { comment } => {
            workbench
                .commands()
                .resolve_comment(comment_id(&comment)?, None, "")?
        }
    };
    let label = workbench.apply(command)?;
    outln!("Done: {label}.");
    Ok(())
}

/// What a comment is about, in words.
fn about(project: &Project, target: Target) -> String {
    match target {
        Target::Theme(id) => project.themes.get(&id).map_or_else(
            || "a deleted theme".to_owned(),
            |theme| format!("theme {}", theme.name),
        ),
        Target::Coding(id) => project.segment(&id).map_or_else(
            || "a quote no longer coded".to_owned(),
            |segment| {
                let words: Vec<&str> = segment.quote.split_whitespace().take(8).collect();
                format!("quote \"{}…\"", words.join(" "))
            },
        ),
        other => other.kind().to_owned(),
    }
}

fn comment_json(project: &Project, comment: &Comment) -> Value {
    let replies: Vec<Value> = replies_to(project, comment.id)
        .into_iter()
        .map(|reply| {
            json!({"id": reply.id, "author": reply.author, "body": reply.body, "at": format_time(reply.created_at)})
        })
        .collect();
    json!({
        "id": comment.id,
        "author": comment.author,
        "kind": comment.kind.label(),
        "about": about(project, comment.target),
        "target": {"kind": comment.target.kind(), "id": comment.target.id_text()},
        "body": comment.body,
        "at": format_time(comment.created_at),
        "replies": replies,
        "resolution": comment.resolution.as_ref().map(|resolution| json!({
            "state": resolution.state.label(),
            "reason": resolution.reason,
            "by": resolution.by,
            "at": format_time(resolution.at),
        })),
    })
}

fn replies_to(project: &Project, parent: CommentId) -> Vec<&Comment> {
    let mut replies: Vec<&Comment> = project
        .comments
        .values()
        .filter(|comment| comment.reply_to == Some(parent))
        .collect();
    replies.sort_by_key(|reply| (reply.created_at, reply.id));
    replies
}

/// `polyphony comments`: every review comment, open ones first, with
/// replies and resolutions.
pub fn list(args: &CommentsArgs) -> Result<()> {
    let workbench = &open_read(&args.project)?;
    args.shown.apply(workbench)?;
    let (open_only, json) = (args.open, args.json);
    let project = workbench.project();
    let mut comments: Vec<&Comment> = project
        .comments
        .values()
        .filter(|comment| comment.kind != CommentKind::Reply)
        .filter(|comment| !open_only || comment.resolution.is_none())
        .collect();
    comments.sort_by_key(|comment| {
        (
            comment.resolution.is_some(),
            about(project, comment.target),
            comment.created_at,
            comment.id,
        )
    });
    if json {
        return print_json(&Value::Array(
            comments
                .iter()
                .map(|comment| comment_json(project, comment))
                .collect(),
        ));
    }
    if comments.is_empty() {
        outln!(
            "No review comments{}.",
            if open_only { " are open" } else { " yet" }
        );
        return Ok(());
    }
    for comment in &comments {
        let state = comment.resolution.as_ref().map_or_else(
            || "open".to_owned(),
            |resolution| {
                if resolution.reason.is_empty() {
                    resolution.state.label().to_owned()
                } else {
                    format!("{}: {}", resolution.state.label(), resolution.reason)
                }
            },
        );
        outln!(
            "[{state}] {} ({}) on {}: {} [{}]",
            comment.author,
            comment.kind.label(),
            about(project, comment.target),
            if comment.body.is_empty() {
                "(no words)"
            } else {
                &comment.body
            },
            comment.id
        );
        for reply in replies_to(project, comment.id) {
            outln!("    reply from {}: {}", reply.author, reply.body);
        }
    }
    Ok(())
}
