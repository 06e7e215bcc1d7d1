//! `polyphony codebook`: the changes the window's Codes panel makes to the
//! codebook (create, rename, move, merge, delete, describe, colour), each one
//! undo step built by the workbench's code builders, each printing what it did
//! (a JSON object with `--json`). `polyphony codes` lists the codebook.

use crate::cli::output::print_json;
use crate::edit::Command;
use crate::model::{CodeId, Project};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `polyphony codebook PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct CodebookArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: CodebookAction,
    #[arg(long, global = true)]
    coder: Option<String>,
    #[arg(long, global = true)]
    json: bool,
}

/// What `polyphony codebook PROJECT ...` changes. Codes are named by id,
/// path (`Parent/Child`) or a name no other code has.
#[derive(Debug, Subcommand)]
pub enum CodebookAction {
    /// Add a code before coding with it: `create Hope --parent Feelings`.
    Create {
        name: String,
        /// The code to put it under (default: the top level).
        #[arg(long)]
        parent: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
        /// Its colour as #rrggbb (default: the next of the palette).
        #[arg(long, visible_alias = "color")]
        colour: Option<String>,
    },
    /// Give a code a new name: `rename Hope "Hope for change"`.
    Rename { code: String, new_name: String },
    /// Put a code (with the codes under it) under another code:
    /// `move Hope Feelings`; or at the top level with `--top-level`.
    Move {
        code: String,
        #[arg(required_unless_present = "top_level", conflicts_with = "top_level")]
        parent: Option<String>,
        #[arg(long = "top-level")]
        top_level: bool,
    },
    /// Merge a code into another: its segments (but those the other codes
    /// already) and the codes under it move there, and it is deleted.
    Merge {
        code: String,
        #[arg(long)]
        into: String,
    },
    /// Delete a code and its segments; the codes under it move up a level.
    Delete { code: String },
    /// Say what a code means and when to use it; "" removes the description.
    Describe { code: String, description: String },
    /// Give a code a colour, as #rrggbb: `colour Hope "#59a14f"`.
    #[command(visible_alias = "color")]
    Colour { code: String, colour: String },
}

/// Carries out `polyphony codebook` and prints what was done.
pub fn run(args: CodebookArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let workbench = &mut workbench;
    let (command, code, note) = match args.action {
        CodebookAction::Create {
            name,
            parent,
            description,
            colour,
        } => {
            let parent = parent
                .map(|key| super::find_code(workbench, &key))
                .transpose()?;
            refuse_sibling(workbench.project(), &name, parent, None)?;
            let colour = colour.map(|colour| parse_colour(&colour)).transpose()?;
            let (mut command, id) = workbench.commands().new_code(&name, parent)?;
            if let Command::CreateCode { code } = &mut command {
                description.trim().clone_into(&mut code.description);
                if let Some(colour) = colour {
                    code.color = colour;
                }
            }
            (command, Some(id), None)
        }
        CodebookAction::Rename { code, new_name } => {
            let id = super::find_code(workbench, &code)?;
            let new_name = new_name.trim().to_owned();
            let parent = workbench
                .project()
                .codes
                .get(&id)
                .and_then(|code| code.parent);
            refuse_sibling(workbench.project(), &new_name, parent, Some(id))?;
            let command = workbench
                .commands()
                .update_code(id, |code| code.name = new_name)?;
            (command, Some(id), None)
        }
        CodebookAction::Move {
            code,
            parent,
            top_level: _,
        } => {
            let id = super::find_code(workbench, &code)?;
            let parent = parent
                .map(|key| super::find_code(workbench, &key))
                .transpose()?;
            let name = workbench.project().codes.get(&id).map(|c| c.name.clone());
            if workbench.project().codes.get(&id).map(|c| c.parent) != Some(parent) {
                refuse_sibling(
                    workbench.project(),
                    &name.unwrap_or_default(),
                    parent,
                    Some(id),
                )?;
            }
            (workbench.commands().move_code(id, parent)?, Some(id), None)
        }
        CodebookAction::Merge { code, into } => {
            let (source, target) = (
                super::find_code(workbench, &code)?,
                super::find_code(workbench, &into)?,
            );
            // The merge moves the source's segments: read them first.
            workbench.load_codings_of_code(source)?;
            workbench.load_codings_of_code(target)?;
            (
                workbench.commands().merge_codes(source, target)?,
                Some(target),
                None,
            )
        }
        CodebookAction::Delete { code } => {
            let id = super::find_code(workbench, &code)?;
            workbench.load_codings_of_code(id)?;
            let project = workbench.project();
            let segments = project.codings.values().filter(|c| c.code == id).count();
            let children = project
                .codes
                .values()
                .filter(|c| c.parent == Some(id))
                .count();
            let note = format!(
                "{segments} segment(s) of it were uncoded and {children} code(s) under it moved up a level."
            );
            (Command::RemoveCode { id }, None, Some(note))
        }
        CodebookAction::Describe { code, description } => {
            let id = super::find_code(workbench, &code)?;
            let description = description.trim().to_owned();
            if workbench
                .project()
                .codes
                .get(&id)
                .is_some_and(|c| c.description == description)
            {
                bail!("the code has that description already");
            }
            let command = workbench
                .commands()
                .update_code(id, |code| code.description = description)?;
            (command, Some(id), None)
        }
        CodebookAction::Colour { code, colour } => {
            let id = super::find_code(workbench, &code)?;
            let colour = parse_colour(&colour)?;
            if workbench
                .project()
                .codes
                .get(&id)
                .is_some_and(|c| c.color == colour)
            {
                bail!("the code is {colour} already");
            }
            (
                workbench
                    .commands()
                    .update_code(id, |code| code.color = colour)?,
                Some(id),
                None,
            )
        }
    };
    let label = workbench.apply(command)?;
    let project = workbench.project();
    if args.json {
        return print_json(&json!({
            "done": label,
            "code": code.and_then(|id| code_json(project, id)),
            "note": note,
        }));
    }
    outln!("Done: {label}.");
    if let Some(note) = note {
        outln!("{note}");
    }
    outln!("Undo with `polyphony undo`.");
    Ok(())
}

/// A colour as #rrggbb in lower case, from `#RRGGBB` or `rrggbb`.
fn parse_colour(text: &str) -> Result<String> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        bail!("{text:?} is not a colour; write it as #rrggbb, for example #59a14f");
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

/// Refuses a name another code under `parent` has already (other than
/// `except`), since two codes of one path could not be told apart.
fn refuse_sibling(
    project: &Project,
    name: &str,
    parent: Option<CodeId>,
    except: Option<CodeId>,
) -> Result<()> {
    let name = name.trim();
    let clash = project.codes.values().find(|code| {
        code.parent == parent
            && Some(code.id) != except
            && code.name.to_lowercase() == name.to_lowercase()
    });
    if let Some(clash) = clash {
        let place = match parent {
            Some(parent) => format!("under {}", project.code_path(parent)),
            None => "at the top level".to_owned(),
        };
        bail!(
            "there is a code called {} {place} already; `polyphony codebook PROJECT merge` makes two codes one",
            clash.name
        );
    }
    Ok(())
}

/// Code `id` as `codes --json` shows it, without the counts by attribute.
fn code_json(project: &Project, id: CodeId) -> Option<Value> {
    let code = project.codes.get(&id)?;
    Some(json!({
        "id": code.id,
        "name": code.name,
        "path": project.code_path(id),
        "parent": code.parent.map(|parent| project.code_path(parent)),
        "color": code.color,
        "description": code.description,
        "codings": project.codings.values().filter(|c| c.code == id).count(),
    }))
}

#[cfg(test)]
mod tests {
    use super::parse_colour;

    #[test]
    fn colours_are_six_hex_digits_with_or_without_the_hash() {
        assert_eq!(parse_colour("#59A14F").ok().as_deref(), Some("#59a14f"));
        assert_eq!(parse_colour("59a14f").ok().as_deref(), Some("#59a14f"));
        for bad in ["red", "#59a14", "#59a14fz", "##59a14f0", ""] {
            assert!(parse_colour(bad).is_err(), "{bad}");
        }
    }
}
