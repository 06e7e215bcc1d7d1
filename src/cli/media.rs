//! `polyphony link-media`: link a document to its recording (or unlink it),
//! through `Command::SetDocumentMedia` so it is journalled and undoable.

use crate::cli::output::print_json;
use crate::edit::Command;
use crate::media::locate::{Located, link_text, locate_recording};
use crate::model::Document;
use crate::workbench::Workbench;
use anyhow::{Result, bail};
use serde_json::json;
use std::path::Path;

/// Links `file` to `document` (or removes its link when `file` is `None`)
/// and prints what was done.
pub fn link(bench: &mut Workbench, key: &str, file: Option<&Path>, json: bool) -> Result<()> {
    let document = super::find_document(bench, key)?;
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
            Some(link_text(bench.path(), file))
        }
        None => None,
    };
    if media.is_none() && linked.is_none() {
        bail!("{name} has no recording linked");
    }
    let label = bench.apply(Command::SetDocumentMedia {
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
