//! The transcript's menus: right-clicking its text (code the selection, or
//! act on a segment under the pointer) and a segment's own menu, which the
//! Segments panel shows too; and how a turn's time is written.

use crate::gui::intent::Intent;
use crate::gui::intent::MediaAction;
use crate::gui::intent::PickerPurpose;
use crate::model::{CodingId, Document, DocumentId, Project};

/// `h:mm:ss` for a time in milliseconds.
#[must_use]
pub fn format_time(time_ms: u64) -> String {
    let seconds = time_ms / 1000;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The menu on right-clicking the transcript: the selection's coding actions
/// and, for each segment under the pointer, uncode, recode and memo.
pub(super) fn context_menu(
    ui: &mut egui::Ui,
    project: &Project,
    document: &Document,
    at: Option<usize>,
    selection: Option<(DocumentId, usize, usize)>,
    playable: bool,
) -> Option<Intent> {
    let mut intent = None;
    if playable
        && let Some(at) = at
        && ui.button("Play from here").clicked()
    {
        intent = Some(Intent::Media(MediaAction::PlayFrom {
            document: document.id,
            at,
        }));
    }
    let has_selection = selection.is_some();
    if has_selection {
        if ui.button("Code selection…").clicked() {
            intent = Some(Intent::OpenPicker(PickerPurpose::ApplyToSelection));
        }
        if ui.button("Code in vivo").clicked() {
            intent = Some(Intent::InVivo);
        }
        ui.separator();
    }
    let under: Vec<(CodingId, String)> = at
        .map(|at| {
            project
                .codings_in(document.id)
                .into_iter()
                .filter(|coding| coding.start <= at && at < coding.end)
                .map(|coding| (coding.id, project.code_path(coding.code)))
                .collect()
        })
        .unwrap_or_default();
    if under.is_empty() && !has_selection {
        ui.weak("Nothing is coded here. Select words to code them.");
    }
    for (coding, path) in under {
        ui.menu_button(format!("Segment coded {path}"), |ui| {
            if let Some(chosen) = segment_menu(ui, coding, selection, playable) {
                intent = Some(chosen);
            }
        });
    }
    intent
}

/// Uncode, recode, resize and memo for one coded segment; resizing takes
/// the selection's bounds, so it is offered only with a selection. In a
/// timed transcript with a recording (`playable`), "Play from here" too.
pub fn segment_menu(
    ui: &mut egui::Ui,
    coding: CodingId,
    selection: Option<(DocumentId, usize, usize)>,
    playable: bool,
) -> Option<Intent> {
    if playable && ui.button("Play from here").clicked() {
        return Some(Intent::Media(MediaAction::PlaySegment(coding)));
    }
    if ui.button("Uncode").clicked() {
        return Some(Intent::Uncode(coding));
    }
    if ui.button("Recode to…").clicked() {
        return Some(Intent::OpenPicker(PickerPurpose::Recode(coding)));
    }
    let resize = ui
        .add_enabled(
            selection.is_some(),
            egui::Button::new("Resize to the selection"),
        )
        .on_disabled_hover_text("Select the words the segment should cover first.");
    if resize.clicked() {
        return Some(Intent::ResizeSegment(coding));
    }
    if ui.button("Edit memo…").clicked() {
        return Some(Intent::EditMemo(coding));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_hours_minutes_seconds() {
        assert_eq!(format_time(0), "0:00:00");
        assert_eq!(format_time(83_999), "0:01:23");
        assert_eq!(format_time(3_723_000), "1:02:03");
    }
}
