//! Document texts the window has yet to read. The window opens a project
//! without its transcripts' texts (a 1,000-document study holds 50 MB of
//! them); a panel about to show a quote or a transcript whose text is not in
//! memory asks for it here and draws an ellipsis, and after the frame the
//! app reads what was asked for and draws again.

use crate::model::{DocumentId, Project, Segment};
use std::collections::BTreeSet;

fn wanted_id() -> egui::Id {
    egui::Id::unique("polyphony-texts-wanted")
}

/// Whether the text of `document` is in memory; when it is not, asks for it
/// to be read after this frame.
pub fn ready(ctx: &egui::Context, project: &Project, document: DocumentId) -> bool {
    let held = project
        .documents
        .get(&document)
        .is_none_or(crate::model::Document::has_text);
    if !held {
        want(ctx, document);
    }
    held
}

/// The quote of `segment`, or [`READING`] while its transcript's text is
/// being read.
pub fn quote<'a>(ctx: &egui::Context, segment: &Segment<'a>) -> &'a str {
    if segment.document.has_text() {
        segment.quote
    } else {
        want(ctx, segment.document.id);
        READING
    }
}

fn want(ctx: &egui::Context, document: DocumentId) {
    ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<BTreeSet<DocumentId>>(wanted_id())
            .insert(document);
    });
}

/// The documents whose texts were asked for since the last call.
pub fn take_wanted(ctx: &egui::Context) -> BTreeSet<DocumentId> {
    ctx.data_mut(|data| data.remove_temp::<BTreeSet<DocumentId>>(wanted_id()))
        .unwrap_or_default()
}

/// What a row shows in place of a quote whose text is being read.
pub const READING: &str = "…";
