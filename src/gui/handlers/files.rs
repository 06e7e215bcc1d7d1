//! The File menu's work once it has a path: asking for it (the desktop's
//! dialog or the typed-path window), then opening, creating or importing
//! into a project, linking a recording, or exporting; and the demo project.

use crate::gui::app::PolyphonyApp;
use crate::gui::demo_project_path;
use crate::gui::file_actions;
use crate::gui::jobs;
use crate::gui::modal::{Modal, ModalKind};
use crate::gui::path_prompt::PathPrompt;
use crate::gui::path_purpose::PathPurpose;
use crate::gui::pseudonym_key::OutputChoice;
use crate::pseudonyms::Texts;
use crate::workbench::{Leaving, Workbench};
use std::path::PathBuf;

/// What an export of `workbench` is written from, as `output` chose: with the
/// key applied to the `texts` it reads, or, by the user's explicit choice, with
/// real names, which is journalled before anything is written.
fn leaving<'w>(
    workbench: &'w mut Workbench,
    output: OutputChoice,
    what: &str,
    texts: Texts,
) -> Result<Leaving<'w>, String> {
    if output.identifiable_next && workbench.has_pseudonym_key() {
        workbench
            .note_identifiable_output(what)
            .map_err(|error| format!("{what} was not written: {error}"))?;
        return Ok(Leaving::as_it_is(workbench.project()));
    }
    workbench
        .project_leaving(output.marking, texts)
        .map_err(|error| format!("{what} was not written: {error}"))
}

/// What the notice of a written export adds about its names.
fn privacy_words(leaving: &Leaving<'_>) -> &'static str {
    if leaving.is_pseudonymised() {
        " Names carry the pseudonyms of the project's key."
    } else {
        ""
    }
}

impl PolyphonyApp {
    /// The export choice for the one export about to be written: a choice of
    /// real names lasts for that export only.
    fn take_output_choice(&mut self) -> OutputChoice {
        let choice = self.output;
        self.output.identifiable_next = false;
        choice
    }

    /// Carries out the typed-path window's request; it closes once that
    /// succeeded, and stays to be put right when it did not.
    pub(super) fn submit_paths(
        &mut self,
        purpose: PathPurpose,
        paths: &[PathBuf],
        coder: &str,
        blind: bool,
    ) {
        if self.submit(purpose, paths, coder, blind) {
            self.close_modal(&[ModalKind::PathPrompt]);
        }
    }

    /// Opens the demo project, building it first if it is not there yet.
    pub(super) fn open_demo(&mut self) {
        match file_actions::open_or_build_demo(&demo_project_path()) {
            Ok(opened) => self.install(opened),
            Err(error) => self.error = Some(error),
        }
    }

    pub(super) fn choose_path(&mut self, purpose: PathPurpose) {
        // A copy needs the name of the coder it is for, which no file dialog
        // asks: the typed-path window asks both.
        if !self.native_dialogs || purpose == PathPurpose::CopyForCoder {
            self.open_path_prompt(purpose);
            return;
        }
        // The dialog blocks the window while it is open, which is what a
        // modal file chooser does anyway.
        match purpose.ask_native_dialog() {
            Some(paths) => {
                let coder = self.current_coder();
                self.submit(purpose, &paths, &coder, false);
            }
            // Cancelled, or no dialog on this desktop: offer to type the path.
            None => self.open_path_prompt(purpose),
        }
    }

    pub(super) fn open_path_prompt(&mut self, purpose: PathPurpose) {
        // A copy is for someone else: their name starts empty.
        let coder = if purpose == PathPurpose::CopyForCoder {
            String::new()
        } else {
            self.current_coder()
        };
        self.modal = Some(Modal::PathPrompt(PathPrompt::new(purpose, coder)));
    }

    /// Carries out a file action on `paths`. Returns whether it succeeded;
    /// a failure is shown as the error.
    pub(super) fn submit(
        &mut self,
        purpose: PathPurpose,
        paths: &[PathBuf],
        coder: &str,
        blind: bool,
    ) -> bool {
        let outcome = self.run_file_action(purpose, paths, coder, blind);
        self.after_change();
        match outcome {
            Ok(()) => {
                self.error = None;
                true
            }
            Err(error) => {
                self.error = Some(error);
                false
            }
        }
    }

    pub(super) fn run_file_action(
        &mut self,
        purpose: PathPurpose,
        paths: &[PathBuf],
        coder: &str,
        blind: bool,
    ) -> Result<(), String> {
        let Some(first) = paths.first() else {
            return Err("no file was chosen".to_owned());
        };
        match purpose {
            PathPurpose::OpenProject | PathPurpose::OpenSharedProject => {
                if purpose == PathPurpose::OpenSharedProject
                    && !crate::store::server::is_shared_url(&first.display().to_string())
                {
                    return Err(format!(
                        "{} is not a shared project's address; write it as postgres://USER@HOST/DATABASE (a .polyphony file opens with Open project…)",
                        first.display()
                    ));
                }
                if self.is_open(first) {
                    self.notice = Some(format!("{} is already open.", first.display()));
                    return Ok(());
                }
                let opened = file_actions::open_project(first)?;
                self.install(opened);
                Ok(())
            }
            PathPurpose::NewProject => {
                let coder = if coder.trim().is_empty() {
                    self.current_coder()
                } else {
                    coder.to_owned()
                };
                let opened = file_actions::create_project(first, &coder)?;
                self.install(opened);
                // The new-project window asked who is coding already.
                self.coder_answered();
                Ok(())
            }
            PathPurpose::ImportTranscripts if paths.iter().any(|path| path.is_dir()) => {
                // A folder may hold many files: read them off the UI thread.
                self.writable_workbench()?;
                if let Some(job) = &self.job {
                    return Err(format!(
                        "{} is running: wait for it, or cancel it in the status bar.",
                        job.title
                    ));
                }
                self.job = Some(jobs::Job::import_transcripts(paths));
                Ok(())
            }
            PathPurpose::ImportTranscripts => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_transcripts(workbench, paths)?);
                Ok(())
            }
            PathPurpose::ImportExchange => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_exchange(workbench, first)?);
                Ok(())
            }
            PathPurpose::ImportParticipants => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_participants(workbench, first)?);
                Ok(())
            }
            PathPurpose::ImportDocumentAttributes => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_document_attributes(workbench, first)?);
                Ok(())
            }
            PathPurpose::LinkRecording => self.link_recording(first),
            PathPurpose::CopyForCoder => self.copy_for_coder(first, coder, blind),
            PathPurpose::MergeCopy => self.review_merge(first),
            PathPurpose::ExportStudyTable => {
                let output = self.take_output_choice();
                let (Some(workbench), Some(window)) = (&mut self.workbench, &self.tables) else {
                    return Err("open the Study tables first".to_owned());
                };
                let table = window
                    .shown_table()
                    .ok_or_else(|| "the Study tables show no table yet".to_owned())?;
                let what = format!("the study table {}", first.display());
                let leaving = leaving(workbench, output, &what, Texts::None)?;
                let notice = file_actions::export_study_table(&leaving, table, first)?;
                self.notice = Some(notice + privacy_words(&leaving));
                Ok(())
            }
            PathPurpose::ImportReviewComments => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_review_comments(workbench, first)?);
                Ok(())
            }
            PathPurpose::ExportReport | PathPurpose::ExportMap | PathPurpose::WriteReviewPacket => {
                let output = self.take_output_choice();
                let workbench = self
                    .workbench
                    .as_mut()
                    .ok_or_else(|| "open or create a project first".to_owned())?;
                let (what, texts) = match purpose {
                    PathPurpose::ExportReport => ("the theme report", Texts::KeyQuotes),
                    PathPurpose::ExportMap => ("the thematic map", Texts::None),
                    _ => ("the review packet", Texts::KeyQuotes),
                };
                if texts != Texts::None {
                    // Their quotes come from every transcript a theme draws on.
                    workbench
                        .load_whole()
                        .map_err(|error| format!("could not read the transcripts: {error}"))?;
                }
                let what = format!("{what} {}", first.display());
                let title = file_actions::title_of(workbench);
                let leaving = leaving(workbench, output, &what, texts)?;
                let title = leaving.name(&title);
                let notice = match purpose {
                    PathPurpose::ExportReport => {
                        file_actions::export_report(&leaving.project, &title, first)?
                    }
                    PathPurpose::ExportMap => {
                        file_actions::export_map(&leaving.project, &title, first)?
                    }
                    _ => file_actions::write_review_packet(&leaving.project, &title, first)?,
                };
                let notice = notice + privacy_words(&leaving);
                drop(leaving);
                // Written: the texts need not stay in memory for the views.
                workbench.release_texts();
                self.notice = Some(notice);
                Ok(())
            }
        }
    }
}
