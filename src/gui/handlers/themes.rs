//! Theme work: the theme panels' changes applied with the reason kept in
//! the theme's history, and co-author review mode entered and left.

use crate::edit::Command;
use crate::gui::app::PolyphonyApp;
use crate::gui::modal::ModalKind;

impl PolyphonyApp {
    /// Applies a theme change, keeping `reason` in the history of the themes
    /// it changes; with `close_editor`, the editor closes once it succeeds.
    pub(super) fn apply_theme_command(
        &mut self,
        command: Command,
        reason: &str,
        close_editor: bool,
    ) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let outcome = workbench.apply_with_reason(command, reason);
        self.after_change();
        match outcome {
            Ok(_) if close_editor => self.themes.saved(),
            Ok(_) => {}
            Err(error) => self.error = Some(error.to_string()),
        }
        if let Some(workbench) = &self.workbench {
            self.themes.forget_missing(workbench);
        }
    }

    /// Enters review mode, which saves comments and so needs a project open
    /// for writing, or leaves it.
    pub(super) fn set_review_mode(&mut self, active: bool) {
        if !active {
            self.themes.review.active = false;
            return;
        }
        if self.writable_workbench().is_ok() {
            self.themes.review.start();
            // Review mode has no coding controls: nothing it covers stays.
            self.close_modal(&[ModalKind::CodePicker, ModalKind::Dialog, ModalKind::Palette]);
        } else {
            self.error = Some(
                "Review mode saves comments in the project: open it for writing first.".to_owned(),
            );
        }
    }
}
