//! The window's own settings and windows: panels shown, text zoom, theme,
//! who is coding, the command palette and the Participants window.

use crate::gui::app::PolyphonyApp;
use crate::gui::modal::Modal;
use crate::gui::palette::Palette;
use crate::gui::participants::ParticipantsWindow;
use crate::gui::settings::Panel;

impl PolyphonyApp {
    pub(super) fn open_palette(&mut self) {
        self.modal = Some(Modal::Palette(Palette::new()));
    }

    pub(super) fn toggle_panel(&mut self, panel: Panel) {
        let shown = self.ui_state.layout.shown(panel);
        self.ui_state.layout.set_shown(panel, !shown);
    }

    /// Steps the text zoom by `steps`; 0 goes back to 100%.
    pub(super) fn zoom(&mut self, steps: i32) {
        if steps == 0 {
            self.ui_state.zoom = 1.0;
        } else {
            self.ui_state.step_zoom(steps);
        }
    }

    /// Opens the "Who is coding?" window on the current coder's name.
    pub(super) fn ask_coder(&mut self) {
        if self.workbench.is_some() {
            self.modal = Some(Modal::CoderPrompt(self.current_coder()));
        }
    }

    pub(super) fn set_coder(&mut self, name: &str) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.set_coder(name) {
            Ok(()) => {
                self.coder_answered();
                self.after_change();
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Starts a worker reading the saved project whole for the Study tables,
    /// unless other work is running (the window asks again when it ends).
    pub(super) fn read_for_tables(&mut self) {
        let (Some(window), Some(workbench)) = (&mut self.tables, &self.workbench) else {
            return;
        };
        if self.job.is_some() {
            return;
        }
        window.reading_at(self.revision);
        self.job = Some(crate::gui::jobs::Job::read_whole(
            workbench.path().to_path_buf(),
        ));
    }

    /// Starts a worker finding what the pseudonym key may still need, unless
    /// other work is running.
    pub(super) fn find_pseudonym_candidates(&mut self) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        if let Some(job) = &self.job {
            self.error = Some(format!(
                "{} is running: wait for it, or cancel it in the status bar, then try again.",
                job.title
            ));
            return;
        }
        let project = workbench.project();
        // A key kept apart is in memory only: the worker is handed it.
        let known = if workbench.key_kept_apart().is_some() {
            project.pseudonyms.values().cloned().collect()
        } else {
            Vec::new()
        };
        self.job = Some(crate::gui::jobs::Job::find_candidates(
            workbench.path().to_path_buf(),
            project.documents.len(),
            known,
        ));
    }

    /// Opens the project's key kept apart, into memory, for the exports.
    pub(super) fn open_key_apart(&mut self, path: &std::path::Path, passphrase: &str) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.open_key_apart(path, passphrase) {
            Ok(entries) => {
                self.error = None;
                self.notice = Some(format!(
                    "Opened the key file: {entries} entries, held in memory only; exports now carry the pseudonyms."
                ));
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    pub(super) fn open_participants(&mut self) {
        self.participants
            .get_or_insert_with(ParticipantsWindow::default);
    }
}
