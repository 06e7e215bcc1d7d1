//! `polyphony memo`: writing, editing, listing and deleting memos (on the
//! project as a reflexive-journal entry, or on a document, participant, code,
//! coded segment or theme), each change one undo step as in the window's
//! Memos panel.

use crate::cli::output::{format_time, print_json};
use crate::edit::Command;
use crate::model::{Memo, MemoId, Project, Target};
use crate::workbench::{Workbench, now_ms};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::io::Read;
use std::path::PathBuf;

/// `polyphony memo PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct MemoArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: MemoAction,
    #[arg(long, global = true)]
    coder: Option<String>,
    #[arg(long, global = true)]
    json: bool,
}

/// What a memo is on; at most one. Records are named as elsewhere: a
/// document by name, file name, id or unique prefix, a code by id, path or
/// name, a segment by its id, a theme or participant by name.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct OnArgs {
    #[arg(long = "doc")]
    document: Option<String>,
    #[arg(long)]
    participant: Option<String>,
    #[arg(long)]
    code: Option<String>,
    /// A coded segment's id (from `polyphony segments PROJECT --json`).
    #[arg(long)]
    coding: Option<String>,
    #[arg(long)]
    theme: Option<String>,
    /// The project as a whole: the reflexive journal.
    #[arg(long)]
    journal: bool,
}

/// What `polyphony memo PROJECT ...` does. A memo is named by its id, a
/// unique start of it, or its title.
#[derive(Debug, Subcommand)]
pub enum MemoAction {
    /// Write a memo: on the project (a journal entry) unless --doc, --code,
    /// --coding, --theme or --participant says what it is on.
    Add {
        #[command(flatten)]
        on: OnArgs,
        /// Its title (default: "Memo" or "Journal entry" and today's date).
        #[arg(long)]
        title: Option<String>,
        /// What it says; `-` reads it from standard input.
        #[arg(long, default_value = "")]
        text: String,
    },
    /// Change a memo's title or text.
    Edit {
        memo: String,
        #[arg(long)]
        title: Option<String>,
        /// The new text, replacing the old; `-` reads it from standard input.
        #[arg(long)]
        text: Option<String>,
    },
    /// The memos, oldest first; only those on one record with --doc, --code,
    /// --coding, --theme, --participant or --journal.
    List {
        #[command(flatten)]
        on: OnArgs,
        #[command(flatten)]
        shown: crate::cli::shown::ShownArgs,
    },
    /// Delete a memo.
    Delete { memo: String },
}

/// Carries out `polyphony memo` and prints what was done or found.
pub fn run(args: MemoArgs) -> Result<()> {
    if let MemoAction::List { on, shown } = &args.action {
        let mut workbench = Workbench::open_read_only_outline(&args.project)?;
        shown.apply(&workbench)?;
        let target = on.target(&mut workbench)?;
        return list(workbench.project(), target, args.json);
    }
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let (command, id) = match args.action {
        MemoAction::Add { on, title, text } => {
            let target = on.target(&mut workbench)?.unwrap_or(Target::Project);
            let now = now_ms();
            let title = match title.as_deref().map(str::trim) {
                Some("") => bail!("a memo needs a title; leave out --title for a dated one"),
                Some(title) => title.to_owned(),
                None => default_title(target, now),
            };
            let memo = Memo {
                id: MemoId::new(),
                title,
                body: read_text(&text)?,
                author: workbench.coder().id,
                target,
                created_at: now,
                updated_at: now,
            };
            let id = memo.id;
            (Command::CreateMemo { memo }, Some(id))
        }
        MemoAction::Edit { memo, title, text } => {
            let old = find_memo(workbench.project(), &memo)?;
            if title.is_none() && text.is_none() {
                bail!("say what to change: --title or --text");
            }
            let title = title.map_or_else(|| old.title.clone(), |title| title.trim().to_owned());
            if title.is_empty() {
                bail!("a memo needs a title");
            }
            let body = text.map_or_else(|| Ok(old.body.clone()), |text| read_text(&text))?;
            if (title.as_str(), body.as_str()) == (old.title.as_str(), old.body.as_str()) {
                bail!("the memo says that already");
            }
            let command = Command::UpdateMemo {
                id: old.id,
                title,
                body,
                target: old.target,
                updated_at: now_ms(),
            };
            (command, Some(old.id))
        }
        MemoAction::Delete { memo } => {
            let id = find_memo(workbench.project(), &memo)?.id;
            (Command::RemoveMemo { id }, None)
        }
        MemoAction::List { .. } => bail!("listing memos changes nothing"),
    };
    let label = workbench.apply(command)?;
    let project = workbench.project();
    let memo = id.and_then(|id| project.memos.get(&id));
    if args.json {
        return print_json(&json!({
            "done": label,
            "memo": memo.map(|memo| memo_json(project, memo)),
        }));
    }
    match memo {
        Some(memo) => outln!(
            "Done: {label} (on {}; id {}).",
            describe_target(project, memo.target),
            memo.id
        ),
        None => outln!("Done: {label}."),
    }
    outln!("Undo with `polyphony undo`.");
    Ok(())
}

impl OnArgs {
    /// The record these options name, or `None` when they name none.
    fn target(&self, workbench: &mut Workbench) -> Result<Option<Target>> {
        Ok(Some(if let Some(key) = &self.document {
            Target::Document(super::find_document(workbench, key)?.id)
        } else if let Some(name) = &self.participant {
            Target::Participant(workbench.participant_named(name)?.id)
        } else if let Some(key) = &self.code {
            Target::Code(super::find_code(workbench, key)?)
        } else if let Some(key) = &self.coding {
            Target::Coding(super::coding::find_coding(workbench, key)?)
        } else if let Some(key) = &self.theme {
            Target::Theme(workbench.commands().theme_by_name(key)?.id)
        } else if self.journal {
            Target::Project
        } else {
            return Ok(None);
        }))
    }
}

/// The memo text `text` stands for: itself, or standard input for `-`.
fn read_text(text: &str) -> Result<String> {
    if text != "-" {
        return Ok(text.to_owned());
    }
    let mut read = String::new();
    std::io::stdin()
        .read_to_string(&mut read)
        .context("could not read the memo from standard input (it should be UTF-8 text)")?;
    Ok(read.trim_end().to_owned())
}

/// "Memo 2025-03-04", or "Journal entry 2025-03-04" on the project, as the
/// window titles a new memo.
fn default_title(target: Target, now: i64) -> String {
    let kind = match target {
        Target::Project => "Journal entry",
        _ => "Memo",
    };
    let date: String = format_time(now).chars().take(10).collect();
    format!("{kind} {date}")
}

/// The memo `key` names: its id, the one id starting with it, or the one
/// memo with that title (ignoring case).
fn find_memo<'p>(project: &'p Project, key: &str) -> Result<&'p Memo> {
    let key = key.trim();
    if let Ok(id) = key.parse::<MemoId>()
        && let Some(memo) = project.memos.get(&id)
    {
        return Ok(memo);
    }
    let folded = key.to_lowercase();
    let by_id: Vec<&Memo> = if key.len() >= 4 {
        project
            .memos
            .values()
            .filter(|memo| memo.id.to_string().starts_with(&folded))
            .collect()
    } else {
        Vec::new()
    };
    let found = if by_id.is_empty() {
        project
            .memos
            .values()
            .filter(|memo| memo.title.to_lowercase() == folded)
            .collect()
    } else {
        by_id
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            bail!("no memo has the id or title {key:?}; `polyphony memo PROJECT list` lists them")
        }
        many => bail!(
            "{} memos are called {key:?}; name one by its id (`polyphony memo PROJECT list --json`)",
            many.len()
        ),
    }
}

/// What a memo is on, in words: "code Feelings/Hope".
fn describe_target(project: &Project, target: Target) -> String {
    match target {
        Target::Project => "the project".to_owned(),
        Target::Document(id) => project.documents.get(&id).map_or_else(
            || "a removed document".to_owned(),
            |doc| format!("document {}", doc.name),
        ),
        Target::Participant(id) => project.participants.get(&id).map_or_else(
            || "a removed participant".to_owned(),
            |person| format!("participant {}", person.name),
        ),
        Target::Code(id) => project.codes.get(&id).map_or_else(
            || "a removed code".to_owned(),
            |_| format!("code {}", project.code_path(id)),
        ),
        Target::Coding(id) => project.segment(&id).map_or_else(
            || "a removed segment".to_owned(),
            |segment| {
                format!(
                    "a segment of {} in {} @{}..{}",
                    project.code_path(segment.code.id),
                    segment.document.name,
                    segment.coding.start,
                    segment.coding.end
                )
            },
        ),
        Target::Theme(id) => project.themes.get(&id).map_or_else(
            || "a removed theme".to_owned(),
            |theme| format!("theme {}", theme.name),
        ),
    }
}

fn memo_json(project: &Project, memo: &Memo) -> Value {
    json!({
        "id": memo.id,
        "title": memo.title,
        "text": memo.body,
        "author": project.coders.get(&memo.author).map(|coder| &coder.name),
        "on": {
            "kind": memo.target.kind(),
            "id": memo.target.id_text(),
            "what": describe_target(project, memo.target),
        },
        "created_at": format_time(memo.created_at),
        "updated_at": format_time(memo.updated_at),
    })
}

/// `polyphony memo PROJECT list`.
fn list(project: &Project, target: Option<Target>, json: bool) -> Result<()> {
    let mut memos: Vec<&Memo> = project
        .memos
        .values()
        .filter(|memo| target.is_none_or(|target| memo.target == target))
        .collect();
    memos.sort_by_key(|memo| (memo.created_at, memo.id));
    if json {
        return print_json(&Value::Array(
            memos.iter().map(|memo| memo_json(project, memo)).collect(),
        ));
    }
    if memos.is_empty() {
        outln!("No memos. Write one with `polyphony memo PROJECT add --text \"...\"`.");
        return Ok(());
    }
    for memo in memos {
        let author = project
            .coders
            .get(&memo.author)
            .map_or("someone", |coder| coder.name.as_str());
        outln!(
            "{}  (on {}; {author}, {})  {}",
            memo.title,
            describe_target(project, memo.target),
            format_time(memo.updated_at),
            memo.id
        );
        for line in memo.body.lines() {
            outln!("    {line}");
        }
    }
    Ok(())
}
