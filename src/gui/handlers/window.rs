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

    /// Opens the project's key kept apart, into memory, for the exports and for
    /// changes sealed back into its file.
    pub(super) fn open_key_apart(&mut self, path: &std::path::Path, passphrase: String) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.open_key_apart(path, &passphrase) {
            Ok(key) => {
                self.error = None;
                self.notice = Some(format!(
                    "Opened the key file: {} entries, held in memory only; exports now carry the pseudonyms.",
                    key.entries.len()
                ));
                self.key_file = Some(crate::gui::pseudonym_key::OpenedKeyFile {
                    path: path.to_path_buf(),
                    passphrase: passphrase.into(),
                    key,
                });
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Makes `command` (a change to one entry) in the key kept apart: sealed
    /// into its file, then journalled in the project by its label.
    pub(super) fn change_key_apart(&mut self, command: crate::edit::Command) {
        let crate::edit::Command::SetPseudonym { real, entry } = command else {
            return;
        };
        let Some(opened) = &mut self.key_file else {
            self.error = Some("open the key file first, in the Pseudonym key window".to_owned());
            return;
        };
        let before = opened.key.clone();
        let Some(label) = opened.key.set_entry(&real, entry) else {
            self.error = Some("that entry is no longer in the key".to_owned());
            return;
        };
        self.seal_key_apart(before, &label);
    }

    /// Undoes the last change to the key kept apart, in its file.
    pub(super) fn undo_key_apart(&mut self) {
        let Some(opened) = &mut self.key_file else {
            return;
        };
        let before = opened.key.clone();
        let Some(label) = opened.key.undo() else {
            return;
        };
        self.seal_key_apart(before, &format!("undo {label}"));
    }

    /// Seals the key kept apart, changed by `label` from `before`, into its file,
    /// journals the change and holds the new entries for the exports; a key that
    /// cannot be sealed goes back to `before`, as its file is.
    fn seal_key_apart(&mut self, before: crate::pseudonyms::KeyFile, label: &str) {
        use age::secrecy::ExposeSecret as _;
        let (Some(workbench), Some(opened)) = (&mut self.workbench, &mut self.key_file) else {
            return;
        };
        if let Err(error) = opened
            .key
            .write(&opened.path, opened.passphrase.expose_secret())
        {
            opened.key = before;
            self.error = Some(format!("the key file was not changed: {error}"));
            return;
        }
        workbench.hold_key_apart(&opened.key.entries);
        self.notice = Some(format!("Done in the key file: {label}."));
        if let Err(error) = workbench.note_key_apart_change(label) {
            self.error = Some(format!(
                "the key file was changed, but the project's journal could not say so: {error}"
            ));
        }
    }

    pub(super) fn open_participants(&mut self) {
        self.participants
            .get_or_insert_with(ParticipantsWindow::default);
    }
}
