//! The theme commands of the command line: `themes` lists them with their
//! counts and prevalence, `theme` creates, edits, fills, splits, merges and
//! shows one (with its key quotes' balance and its history), and `uncovered`
//! lists what the themes leave out. Every change is one undo step; `--reason`
//! is kept in the theme's history.

use crate::analysis::themes::{attribution, prevalence, quote_balance, theme_segments, uncovered};
use crate::cli::output::{format_time, print_json};
use crate::cli::{find_code, open_read, open_write};
use crate::edit::Command;
use crate::model::{CodingId, Project, Theme, ThemeId, ThemeStatus};
use crate::workbench::Workbench;
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `polyphony themes PROJECT`.
#[derive(Debug, Args)]
pub struct ThemesArgs {
    project: PathBuf,
    /// The participant attribute to count by (default: group).
    #[arg(long, default_value = "group")]
    by: String,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    shown: crate::cli::shown::ShownArgs,
}

/// `polyphony theme PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: ThemeAction,
    #[arg(long, global = true)]
    coder: Option<String>,
}

/// `polyphony themes`.
pub fn themes(args: &ThemesArgs) -> Result<()> {
    let workbench = open_read(&args.project)?;
    args.shown.apply(&workbench)?;
    list(&workbench, &args.by, args.json)
}

/// `polyphony theme`: shows and history read the project; the rest change it.
pub fn theme(args: ThemeArgs) -> Result<()> {
    match args.action {
        ThemeAction::Show { theme, by, json } => {
            show(&open_read(&args.project)?, &theme, &by, json)
        }
        ThemeAction::History { theme, json } => history(&open_read(&args.project)?, &theme, json),
        action => {
            debug_assert!(action.writes());
            change(
                &mut open_write(&args.project, args.coder.as_deref())?,
                action,
            )
        }
    }
}

/// What `polyphony theme PROJECT ...` does.
#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Create a candidate theme.
    Create {
        name: String,
        /// Its central organising concept, in one sentence.
        #[arg(long, default_value = "")]
        concept: String,
        /// What is in it and what is not.
        #[arg(long, default_value = "")]
        definition: String,
        /// Make it a subtheme of this theme.
        #[arg(long)]
        parent: Option<String>,
    },
    /// Change a theme's name, concept, definition or parent.
    Edit {
        theme: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        concept: Option<String>,
        #[arg(long)]
        definition: Option<String>,
        /// Make it a subtheme of this theme.
        #[arg(long, conflicts_with = "top_level")]
        parent: Option<String>,
        /// Make it a theme of its own again (no parent).
        #[arg(long = "top-level")]
        top_level: bool,
        /// Why, kept in the theme's history.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Mark a theme candidate, reviewed, final or discarded.
    Status {
        theme: String,
        status: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Make a code (and the codes under it) part of a theme.
    AddCode {
        theme: String,
        code: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Take a code out of a theme (with key quotes chosen from its segments).
    RemoveCode {
        theme: String,
        code: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Choose a segment as a key quote: by its id (from `segments --json`),
    /// or by document and a position inside it.
    AddQuote {
        theme: String,
        #[arg(long, conflicts_with_all = ["document", "at"])]
        coding: Option<String>,
        #[arg(long = "doc", requires = "at")]
        document: Option<String>,
        /// A character offset inside the segment.
        #[arg(long, requires = "document")]
        at: Option<usize>,
    },
    /// Take a key quote out of a theme.
    RemoveQuote {
        theme: String,
        #[arg(long)]
        coding: String,
    },
    /// Split some codes off into a new theme beside it.
    Split {
        theme: String,
        /// The new theme's name.
        #[arg(long)]
        name: String,
        /// A code that moves to the new theme (repeatable).
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Merge a theme into another.
    Merge {
        theme: String,
        #[arg(long)]
        into: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Delete a theme (its subthemes move up).
    Delete {
        theme: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// A theme whole: concept, definition, codes, counts, key quotes and how
    /// they spread over participants and groups.
    Show {
        theme: String,
        /// The participant attribute to weigh key quotes by.
        #[arg(long, default_value = "group")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Every version of a theme: what changed, when, by whom and why.
    History {
        theme: String,
        #[arg(long)]
        json: bool,
    },
}

impl ThemeAction {
    /// Whether the action changes the project (and so needs it for writing).
    #[must_use]
    pub fn writes(&self) -> bool {
        !matches!(self, Self::Show { .. } | Self::History { .. })
    }
}

fn theme_id(workbench: &Workbench, key: &str) -> Result<ThemeId> {
    Ok(workbench.commands().theme_by_name(key)?.id)
}

fn coding_id(key: &str) -> Result<CodingId> {
    key.trim().parse().map_err(|_| {
        anyhow!("{key:?} is not a segment id; `polyphony segments PROJECT --json` lists them")
    })
}

/// Carries out a changing `action` on `workbench` and prints what was done.
fn change(workbench: &mut Workbench, action: ThemeAction) -> Result<()> {
    let (command, reason) = match action {
        ThemeAction::Create {
            name,
            concept,
            definition,
            parent,
        } => {
            let parent = parent.map(|key| theme_id(workbench, &key)).transpose()?;
            let (command, _) =
                workbench
                    .commands()
                    .create_theme(&name, &concept, &definition, parent)?;
            (command, String::new())
        }
        ThemeAction::Edit {
            theme,
            name,
            concept,
            definition,
            parent,
            top_level,
            reason,
        } => {
            let id = theme_id(workbench, &theme)?;
            let parent = parent.map(|key| theme_id(workbench, &key)).transpose()?;
            if name.is_none()
                && concept.is_none()
                && definition.is_none()
                && parent.is_none()
                && !top_level
            {
                bail!(
                    "say what to change: --name, --concept, --definition, --parent or --top-level"
                );
            }
            let command = workbench.commands().edit_theme(id, |theme| {
                if let Some(name) = name {
                    theme.name = name;
                }
                if let Some(concept) = concept {
                    theme.concept = concept;
                }
                if let Some(definition) = definition {
                    theme.definition = definition;
                }
                if parent.is_some() {
                    theme.parent = parent;
                }
                if top_level {
                    theme.parent = None;
                }
            })?;
            (command, reason)
        }
        ThemeAction::Status {
            theme,
            status,
            reason,
        } => {
            let id = theme_id(workbench, &theme)?;
            let status = ThemeStatus::parse(&status).with_context(|| {
                format!("{status:?} is not a status: use candidate, reviewed, final or discarded")
            })?;
            (
                workbench
                    .commands()
                    .edit_theme(id, |theme| theme.status = status)?,
                reason,
            )
        }
        ThemeAction::AddCode {
            theme,
            code,
            reason,
        } => {
            let (id, code) = (theme_id(workbench, &theme)?, find_code(workbench, &code)?);
            (workbench.commands().add_theme_code(id, code)?, reason)
        }
        ThemeAction::RemoveCode {
            theme,
            code,
            reason,
        } => {
            let (id, code) = (theme_id(workbench, &theme)?, find_code(workbench, &code)?);
            (workbench.commands().remove_theme_code(id, code)?, reason)
        }
        ThemeAction::AddQuote {
            theme,
            coding,
            document,
            at,
        } => {
            let id = theme_id(workbench, &theme)?;
            let coding = match (coding, document, at) {
                (Some(coding), _, _) => coding_id(&coding)?,
                (None, Some(document), Some(at)) => segment_at(workbench, id, &document, at)?,
                _ => bail!("name the segment: --coding ID, or --doc DOCUMENT --at OFFSET"),
            };
            (
                workbench.commands().add_key_quote(id, coding)?,
                String::new(),
            )
        }
        ThemeAction::RemoveQuote { theme, coding } => {
            let id = theme_id(workbench, &theme)?;
            (
                workbench
                    .commands()
                    .remove_key_quote(id, coding_id(&coding)?)?,
                String::new(),
            )
        }
        ThemeAction::Split {
            theme,
            name,
            codes,
            reason,
        } => {
            let id = theme_id(workbench, &theme)?;
            let codes = codes
                .iter()
                .map(|key| find_code(workbench, key))
                .collect::<Result<Vec<_>>>()?;
            let (command, _) = workbench.commands().split_theme(id, &name, &codes)?;
            (command, reason)
        }
        ThemeAction::Merge {
            theme,
            into,
            reason,
        } => {
            let (source, target) = (theme_id(workbench, &theme)?, theme_id(workbench, &into)?);
            (workbench.commands().merge_themes(source, target)?, reason)
        }
        ThemeAction::Delete { theme, reason } => {
            let id = theme_id(workbench, &theme)?;
            (Command::RemoveTheme { id }, reason)
        }
        ThemeAction::Show { .. } | ThemeAction::History { .. } => {
            bail!("this action only reads; it needs no change")
        }
    };
    let label = workbench.apply_with_reason(command, &reason)?;
    outln!("Done: {label}.");
    Ok(())
}

/// The segment of theme `theme` in `document` that holds char `at`.
fn segment_at(
    workbench: &Workbench,
    theme: ThemeId,
    document: &str,
    at: usize,
) -> Result<CodingId> {
    let project = workbench.project();
    let document = project.find_document(document).with_context(|| {
        format!("no document matches {document:?}; list them with `polyphony docs PROJECT`")
    })?;
    let members: Vec<CodingId> = theme_segments(project, theme)
        .into_iter()
        .filter(|coding| coding.document == document.id && coding.start <= at && at < coding.end)
        .map(|coding| coding.id)
        .collect();
    match members.as_slice() {
        [one] => Ok(*one),
        [] => bail!(
            "no segment of this theme covers character {at} of {}; `polyphony theme PROJECT show THEME` lists its segments' codes",
            document.name
        ),
        _ => bail!(
            "{} segments of this theme cover character {at} of {}: name one with --coding (ids from `polyphony segments PROJECT --json`)",
            members.len(),
            document.name
        ),
    }
}

fn code_names(project: &Project, theme: &Theme) -> Vec<String> {
    theme
        .codes
        .iter()
        .map(|code| project.code_path(*code))
        .collect()
}

/// `polyphony themes`: every theme with its status, concept, codes and
/// counts, and each theme's prevalence by `by`.
fn list(workbench: &Workbench, by: &str, json: bool) -> Result<()> {
    let project = workbench.project();
    let table = prevalence(project, by);
    let rows: Vec<Value> = project
        .themes_in_tree_order()
        .into_iter()
        .map(|(depth, theme)| {
            let segments = theme_segments(project, theme.id);
            let prevalence = table
                .rows
                .iter()
                .find(|row| row.theme == theme.id)
                .map(|row| {
                    row.counts
                        .iter()
                        .map(|(group, (participants, segments))| {
                            (
                                group.clone(),
                                json!({"participants": participants, "segments": segments}),
                            )
                        })
                        .collect::<serde_json::Map<_, _>>()
                });
            json!({
                "id": theme.id,
                "name": theme.name,
                "depth": depth,
                "parent": theme.parent,
                "status": theme.status.label(),
                "concept": theme.concept,
                "definition": theme.definition,
                "codes": code_names(project, theme),
                "segments": segments.len(),
                "key_quotes": theme.key_quotes.len(),
                "prevalence": prevalence,
            })
        })
        .collect();
    if json {
        return print_json(&json!({"by": table.attribute, "groups": table.groups, "themes": rows}));
    }
    if rows.is_empty() {
        outln!(
            "No themes yet. Create one with `polyphony theme PROJECT create NAME --concept \"...\"`."
        );
        return Ok(());
    }
    for row in &rows {
        let depth = row["depth"].as_u64().unwrap_or(0);
        let indent = "  ".repeat(usize::try_from(depth).unwrap_or(0));
        outln!(
            "{indent}{} [{}] {} segments, {} key quotes",
            row["name"].as_str().unwrap_or_default(),
            row["status"].as_str().unwrap_or_default(),
            row["segments"],
            row["key_quotes"]
        );
        if let Some(concept) = row["concept"].as_str().filter(|text| !text.is_empty()) {
            outln!("{indent}  {concept}");
        }
        let codes: Vec<&str> = row["codes"]
            .as_array()
            .map(|codes| codes.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        outln!(
            "{indent}  codes: {}",
            if codes.is_empty() {
                "none yet".to_owned()
            } else {
                codes.join(", ")
            }
        );
        if let Some(prevalence) = row["prevalence"].as_object() {
            let parts: Vec<String> = table
                .groups
                .iter()
                .map(|(group, size)| {
                    let (people, segments) = prevalence.get(group).map_or((0, 0), |counts| {
                        (
                            counts["participants"].as_u64().unwrap_or(0),
                            counts["segments"].as_u64().unwrap_or(0),
                        )
                    });
                    format!("{group} {people} of {size} participants ({segments} segments)")
                })
                .collect();
            outln!("{indent}  by {}: {}", table.attribute, parts.join("; "));
        }
    }
    outln!("{} theme(s).", rows.len());
    Ok(())
}

/// `polyphony theme P show THEME`.
fn show(workbench: &Workbench, key: &str, by: &str, json: bool) -> Result<()> {
    let project = workbench.project();
    let theme = workbench.commands().theme_by_name(key)?;
    let balance = quote_balance(project, theme.id, by);
    let quotes: Vec<Value> = theme
        .key_quotes
        .iter()
        .filter_map(|id| project.segment(id))
        .map(|segment| {
            json!({
                "coding": segment.coding.id,
                "quote": segment.quote.split_whitespace().collect::<Vec<_>>().join(" "),
                "attribution": attribution(project, segment.coding.id),
                "document": segment.document.name,
                "start": segment.coding.start,
                "end": segment.coding.end,
            })
        })
        .collect();
    let subthemes: Vec<&str> = project
        .themes
        .values()
        .filter(|child| child.parent == Some(theme.id))
        .map(|child| child.name.as_str())
        .collect();
    let value = json!({
        "id": theme.id,
        "name": theme.name,
        "status": theme.status.label(),
        "concept": theme.concept,
        "definition": theme.definition,
        "parent": theme.parent.and_then(|parent| project.themes.get(&parent)).map(|parent| &parent.name),
        "subthemes": subthemes,
        "codes": code_names(project, theme),
        "segments": theme_segments(project, theme.id).len(),
        "key_quotes": quotes,
        "quotes_by_participant": balance.by_participant,
        "quotes_by_group": balance.by_group,
        "warnings": balance.warnings,
    });
    if json {
        return print_json(&value);
    }
    outln!("{} [{}]", theme.name, theme.status);
    if let Some(parent) = value["parent"].as_str() {
        outln!("Subtheme of: {parent}");
    }
    outln!(
        "Concept: {}",
        if theme.concept.is_empty() {
            "(not written yet)"
        } else {
            &theme.concept
        }
    );
    outln!(
        "Definition: {}",
        if theme.definition.is_empty() {
            "(not written yet)"
        } else {
            &theme.definition
        }
    );
    if !subthemes.is_empty() {
        outln!("Subthemes: {}", subthemes.join(", "));
    }
    outln!("Codes: {}", code_names(project, theme).join(", "));
    outln!("Segments: {}", value["segments"]);
    outln!("Key quotes ({}):", quotes.len());
    for quote in &quotes {
        outln!(
            "  \"{}\" ({}) [{}]",
            quote["quote"].as_str().unwrap_or_default(),
            quote["attribution"].as_str().unwrap_or_default(),
            quote["coding"].as_str().unwrap_or_default()
        );
    }
    if !balance.by_group.is_empty() {
        let groups: Vec<String> = balance
            .by_group
            .iter()
            .map(|(group, count)| format!("{group} {count}"))
            .collect();
        outln!("Key quotes by {by}: {}", groups.join(", "));
    }
    for warning in &balance.warnings {
        outln!("Warning: {warning}");
    }
    Ok(())
}

/// `polyphony theme P history THEME`.
fn history(workbench: &Workbench, key: &str, json: bool) -> Result<()> {
    let id = match workbench.project().find_theme(key) {
        Some(theme) => theme.id,
        // A deleted theme's history can still be read by its id.
        None => key.trim().parse().map_err(|_| {
            anyhow!("there is no theme called {key:?}; `polyphony themes` lists them")
        })?,
    };
    let versions = workbench.theme_history(id)?;
    if json {
        let list: Vec<Value> = versions
            .iter()
            .map(|version| {
                json!({
                    "version": version.version,
                    "at": format_time(version.at),
                    "coder": version.coder,
                    "action": version.action,
                    "change": version.label,
                    "reason": version.reason,
                    "state": version.state,
                })
            })
            .collect();
        return print_json(&Value::Array(list));
    }
    if versions.is_empty() {
        outln!("No versions recorded yet: the theme has not changed since versions were kept.");
        return Ok(());
    }
    for version in &versions {
        let action = match version.action.as_str() {
            "do" => String::new(),
            other => format!(" ({other})"),
        };
        outln!(
            "v{} {} {}: {}{action}",
            version.version,
            format_time(version.at),
            version.coder,
            version.label
        );
        if !version.reason.is_empty() {
            outln!("    why: {}", version.reason);
        }
        match &version.state {
            Some(state) => outln!("    {}", state.summary()),
            None => outln!("    deleted"),
        }
    }
    Ok(())
}

/// `polyphony uncovered`: what the themes leave out.
pub fn list_uncovered(workbench: &Workbench, json: bool) -> Result<()> {
    let project = workbench.project();
    let found = uncovered(project);
    let segments: Vec<Value> = found
        .segments
        .iter()
        .filter_map(|id| project.segment(id))
        .map(|segment| {
            json!({
                "coding": segment.coding.id,
                "code": project.code_path(segment.code.id),
                "document": segment.document.name,
                "start": segment.coding.start,
                "end": segment.coding.end,
                "speaker": segment.speaker,
                "quote": segment.quote.split_whitespace().collect::<Vec<_>>().join(" "),
            })
        })
        .collect();
    let documents: Vec<Value> = found
        .documents
        .iter()
        .filter_map(|(id, share)| project.documents.get(id).map(|document| (document, share)))
        .map(|(document, share)| json!({"document": document.name, "coded_share": share}))
        .collect();
    let participants: Vec<Value> = found
        .participants
        .iter()
        .filter_map(|(id, count)| {
            project
                .participants
                .get(id)
                .map(|participant| (participant, count))
        })
        .map(|(participant, count)| json!({"participant": participant.name, "segments": count}))
        .collect();
    if json {
        return print_json(&json!({
            "segments": segments,
            "documents_with_little_coding": documents,
            "participants_with_little_coding": participants,
        }));
    }
    outln!("Segments in no theme: {}", segments.len());
    for segment in &segments {
        outln!(
            "  {} @{}..{} [{}] {}: \"{}\"",
            segment["document"].as_str().unwrap_or_default(),
            segment["start"],
            segment["end"],
            segment["code"].as_str().unwrap_or_default(),
            segment["speaker"].as_str().unwrap_or("-"),
            segment["quote"].as_str().unwrap_or_default()
        );
    }
    outln!(
        "Documents with little coding (under half the median share coded): {}",
        documents.len()
    );
    for document in &documents {
        outln!(
            "  {}: {:.0}% of the text coded",
            document["document"].as_str().unwrap_or_default(),
            document["coded_share"].as_f64().unwrap_or(0.0) * 100.0
        );
    }
    outln!(
        "Participants with little coding (under half the median): {}",
        participants.len()
    );
    for participant in &participants {
        outln!(
            "  {}: {} segment(s)",
            participant["participant"].as_str().unwrap_or_default(),
            participant["segments"]
        );
    }
    Ok(())
}
