//! The one modal window the app may have open: the code picker, a dialog, the
//! command palette, the typed-path window, "Who is coding?" or the review of a
//! coder's copy before it is merged. They share one
//! `Option<Modal>` in the app, so two of them can never be open at once:
//! opening one takes the place of whichever was open.

use crate::gui::dialogs;
use crate::gui::intent::{Dialog, Intent};
use crate::gui::menu_items::Availability;
use crate::gui::merge_review::MergeReview;
use crate::gui::palette::Palette;
use crate::gui::path_prompt::PathPrompt;
use crate::gui::picker::CodePicker;
use crate::gui::status_bar;
use crate::model::Project;

/// A modal window and what has been typed in it.
pub enum Modal {
    CodePicker(CodePicker),
    Dialog {
        dialog: Dialog,
        /// Whether the dialog's text field is yet to take the keyboard.
        focus: bool,
    },
    Palette(Palette),
    PathPrompt(PathPrompt),
    /// The name typed in the "Who is coding?" window so far.
    CoderPrompt(String),
    /// A coder's copy about to be merged, with its conflicts to settle.
    MergeReview(Box<MergeReview>),
}

/// Which modal window it is, to close one only if it is still the one open
/// (a palette entry, say, closes the palette and may open another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalKind {
    CodePicker,
    Dialog,
    Palette,
    PathPrompt,
    CoderPrompt,
    MergeReview,
}

impl Modal {
    /// A dialog whose text field takes the keyboard when it opens.
    #[must_use]
    pub fn dialog(dialog: Dialog) -> Self {
        Modal::Dialog {
            dialog,
            focus: true,
        }
    }

    #[must_use]
    pub fn kind(&self) -> ModalKind {
        match self {
            Modal::CodePicker(_) => ModalKind::CodePicker,
            Modal::Dialog { .. } => ModalKind::Dialog,
            Modal::Palette(_) => ModalKind::Palette,
            Modal::PathPrompt(_) => ModalKind::PathPrompt,
            Modal::CoderPrompt(_) => ModalKind::CoderPrompt,
            Modal::MergeReview(_) => ModalKind::MergeReview,
        }
    }

    /// Whether the single-key shortcuts (C, I, L, U…) stand still while it is
    /// open. The typed-path window does not stop them: its field holds the
    /// keyboard as soon as it opens, and keys typed there are text anyway.
    #[must_use]
    pub fn stops_single_keys(&self) -> bool {
        self.kind() != ModalKind::PathPrompt
    }

    /// Whether the transcript under it should keep its hands off the
    /// keyboard: the picker and the dialogs type into fields of their own.
    #[must_use]
    pub fn covers_transcript(&self) -> bool {
        matches!(self.kind(), ModalKind::CodePicker | ModalKind::Dialog)
    }

    /// Shows the window and returns what the user asked for in it. The
    /// picker and the dialogs work on the project, so they are drawn only
    /// while `project` is given (not on the start screen or in review mode).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: Option<&Project>,
        available: &Availability<'_>,
    ) -> Vec<Intent> {
        match self {
            Modal::CodePicker(picker) => project
                .and_then(|project| picker.show(ctx, project))
                .into_iter()
                .collect(),
            Modal::Dialog { dialog, focus } => {
                if project.is_none() {
                    return Vec::new();
                }
                dialogs::show(ctx, dialog, focus).into_iter().collect()
            }
            Modal::Palette(palette) => palette.show(ctx, available),
            Modal::PathPrompt(prompt) => prompt.show(ctx).into_iter().collect(),
            Modal::CoderPrompt(name) => status_bar::coder_window(ctx, name),
            Modal::MergeReview(review) => review.show(ctx).into_iter().collect(),
        }
    }
}
