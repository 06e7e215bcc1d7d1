//! `polyphony link-media`: link a document to its recording (or unlink it),
//! through `Command::SetDocumentMedia` so it is journalled and undoable.

use crate::cli::output::print_json;
use crate::edit::Command;
use crate::media::locate::{Located, link_text, locate_recording};
use crate::model::Document;
use crate::workbench::Workbench;
use anyhow::{Result, bail};
use clap::Args;
use serde_json::json;
use std::path::{Path, PathBuf};

/// `polyphony link-media PROJECT DOCUMENT [FILE | --unlink]`.
#[derive(Debug, Args)]
pub struct LinkMediaArgs {
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
}

/// `polyphony link-media`.
pub fn link_media(args: &LinkMediaArgs) -> Result<()> {
    let mut workbench = super::open_write(&args.project, args.coder.as_deref())?;
    link(
        &mut workbench,
        &args.document,
        args.file.as_deref(),
        args.json,
    )
}

/// Links `file` to `document` (or removes its link when `file` is `None`)
/// and prints what was done.
fn link(workbench: &mut Workbench, key: &str, file: Option<&Path>, json: bool) -> Result<()> {
    let document = super::find_document(workbench, key)?;
    let (id, name, linked) = (document.id, document.name.clone(), document.media.clone());
    let media = match file {
        Some(file) => {
            if !file.is_file() {
                bail!(
                    "{} is not a file; give the path of the recording (mp3, m4a, mp4, wav, ogg or flac)",
                    file.display()
                );
            }
            // Say now, not at the first play, when the file cannot be played.
            if let Err(error) = crate::media::Recording::open(file) {
                eprintln!("warning: {error}");
            }
            Some(link_text(workbench.path(), file))
        }
        None => None,
    };
    if media.is_none() && linked.is_none() {
        bail!("{name} has no recording linked");
    }
    let label = workbench.apply(Command::SetDocumentMedia {
        id,
        media: media.clone(),
    })?;
    if json {
        return print_json(&json!({
            "document": id,
            "name": name,
            "media": media,
            "done": label,
        }));
    }
    outln!("Done: {label}.");
    Ok(())
}

/// The line `show` prints about a document's recording, if it has one.
#[must_use]
pub fn recording_line(project_file: &Path, document: &Document) -> Option<String> {
    let linked = document.media.as_deref()?;
    Some(match locate_recording(project_file, linked) {
        Located::AsLinked(_) => format!("Recording: {linked}"),
        Located::Moved(found) => {
            format!("Recording: {linked} (moved; found at {})", found.display())
        }
        Located::Missing => format!("Recording: {linked} (missing)"),
    })
}
