//! Work on a worker thread: starting the index rebuild, taking up what a
//! finished job made (an import, a rebuilt index, an autocode's codings)
//! as one step, and cancelling.

use crate::gui::app::PolyphonyApp;
use crate::gui::file_actions;
use crate::gui::jobs;

impl PolyphonyApp {
    /// Takes the background job's result when it has one: a finished read is
    /// imported as one step, a cancelled one leaves the project unchanged.
    pub(in crate::gui) fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(finished) = self.job.as_ref().and_then(jobs::Job::poll) else {
            if self.job.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            return;
        };
        let kind = self.job.take().map(|job| job.kind);
        match finished {
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::IndexRebuild) => {
                self.search.waits_for_index = false;
                self.notice = Some(
                    "Rebuilding the search index was cancelled; a word search will start it again."
                        .to_owned(),
                );
            }
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::Autocode) => {
                self.pending_autocode = None;
                self.notice = Some("Autocode cancelled: nothing was coded.".to_owned());
            }
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::ReadWhole) => {
                if let Some(window) = &mut self.tables {
                    window.take_snapshot(Err("the reading was cancelled".to_owned()));
                }
            }
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::FindCandidates) => {
                self.notice = Some("Finding names to replace was cancelled.".to_owned());
            }
            jobs::Finished::Candidates(found) => match found {
                Ok(found) => {
                    self.notice = Some(format!(
                        "Found {} candidates for the pseudonym key: accept, reject or map each in its window.",
                        found.len()
                    ));
                    if let Some(window) = &mut self.pseudonym_key {
                        window.take_candidates(found);
                    }
                }
                Err(error) => {
                    self.error = Some(format!(
                        "The texts could not be searched for names: {error}"
                    ));
                }
            },
            jobs::Finished::ReadWhole(read) => {
                if let Some(window) = &mut self.tables {
                    window.take_snapshot(read);
                }
            }
            jobs::Finished::Cancelled => {
                self.notice = Some("Import cancelled: the project is unchanged.".to_owned());
            }
            jobs::Finished::Autocoded(codings) => {
                if let Some(plan) = self.pending_autocode.take() {
                    let command = plan.command(codings).map(|(command, _)| command);
                    self.apply_command(command);
                }
            }
            jobs::Finished::IndexRebuilt(outcome) => {
                let taken_up = outcome.and_then(|()| {
                    self.workbench.as_mut().map_or(Ok(()), |workbench| {
                        workbench.index_rebuilt().map_err(|error| error.to_string())
                    })
                });
                match taken_up {
                    Err(error) => {
                        self.search.waits_for_index = false;
                        self.error =
                            Some(format!("The search index could not be rebuilt: {error}"));
                    }
                    Ok(()) if self.search.waits_for_index => {
                        self.search.waits_for_index = false;
                        self.run_search();
                    }
                    Ok(()) => {}
                }
            }
            jobs::Finished::Read { transcripts } => {
                let outcome = self.writable_workbench().and_then(|workbench| {
                    file_actions::import_read_transcripts(workbench, transcripts)
                });
                self.after_change();
                match outcome {
                    Ok(notice) => self.notice = Some(notice),
                    Err(error) => self.error = Some(error),
                }
            }
        }
    }

    /// Starts rebuilding the search index on a worker thread, unless a
    /// rebuild is running already.
    pub(in crate::gui) fn start_index_rebuild(&mut self) {
        if let Some(job) = &self.job {
            if job.kind != jobs::JobKind::IndexRebuild {
                self.error = Some(format!(
                    "{} is running: wait for it, or cancel it in the status bar, then try again.",
                    job.title
                ));
            }
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.prepare_index_rebuild() {
            Ok(rebuild) => self.job = Some(jobs::Job::rebuild_index(rebuild)),
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Stops the background job; the project stays as it was.
    pub(super) fn cancel_job(&mut self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
    }
}
