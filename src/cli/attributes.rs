//! `polyphony attribute`: setting or clearing one attribute of a participant
//! (group, role, site) or of a document (type, date), as one undo step; the
//! attribute tables of `polyphony import` set many at once.

use crate::cli::output::print_json;
use crate::edit::Command;
use anyhow::{Result, bail};
use clap::Args;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Whose attribute `polyphony attribute` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Owner {
    Participant,
    Document,
}

/// `polyphony attribute PROJECT participant|document NAME KEY VALUE`.
#[derive(Debug, Args)]
pub struct AttributeArgs {
    project: PathBuf,
    #[arg(value_enum)]
    owner: Owner,
    /// The participant's name, or the document's name, file name, id or
    /// unique name prefix.
    name: String,
    /// The attribute, for example group; an existing attribute of another
    /// case ("Group") keeps its spelling.
    key: String,
    #[arg(required_unless_present = "clear", conflicts_with = "clear")]
    value: Option<String>,
    /// Remove the attribute instead.
    #[arg(long)]
    clear: bool,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// Sets or clears the attribute and prints what was done.
pub fn run(args: &AttributeArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let key = args.key.trim();
    if key.is_empty() {
        bail!("name the attribute, for example group");
    }
    let value = args.value.as_deref().map(str::trim);
    if value == Some("") {
        bail!("give the attribute a value, or remove it with --clear");
    }
    let (name, attributes) = match args.owner {
        Owner::Participant => {
            let person = workbench.participant_named(&args.name)?;
            (person.name.clone(), &person.attributes)
        }
        Owner::Document => {
            let document = super::find_document(&workbench, &args.name)?;
            (document.name.clone(), &document.attributes)
        }
    };
    let key = spelled_as_before(attributes, key);
    match (attributes.get(&key), value) {
        (None, None) => bail!("{name} has no attribute {key}"),
        (Some(old), Some(new)) if old == new => bail!("{name} has {key} = {new} already"),
        _ => {}
    }
    let value = value.map(str::to_owned);
    let command = match args.owner {
        Owner::Participant => Command::SetParticipantAttribute {
            id: workbench.participant_named(&args.name)?.id,
            name: key.clone(),
            value: value.clone(),
        },
        Owner::Document => Command::SetDocumentAttribute {
            id: super::find_document(&workbench, &args.name)?.id,
            name: key.clone(),
            value: value.clone(),
        },
    };
    let label = workbench.apply(command)?;
    if args.json {
        return print_json(&json!({
            "done": label,
            "owner": match args.owner {
                Owner::Participant => "participant",
                Owner::Document => "document",
            },
            "name": name,
            "attribute": key,
            "value": value,
        }));
    }
    outln!("Done: {label}.");
    Ok(())
}

/// `key`, or the attribute of `attributes` that differs from it only in case.
fn spelled_as_before(attributes: &BTreeMap<String, String>, key: &str) -> String {
    attributes
        .keys()
        .find(|existing| existing.to_lowercase() == key.to_lowercase())
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}
