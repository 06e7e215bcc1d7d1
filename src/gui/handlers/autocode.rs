//! Autocoding: the Autocode window opened on a search's hits or a speaker's
//! turns, and what it chose coded as one step, worked out on a worker
//! thread when there are many passages.

use crate::edit::EditError;
use crate::gui::app::PolyphonyApp;
use crate::gui::search_panel::SearchOutcome;
use crate::gui::{autocode, jobs};

/// How many hits "Code all hits…" codes at most.
const AUTOCODE_LIMIT: usize = 100_000;
/// From this many passages on, an autocode is worked out off the UI thread.
const AUTOCODE_IN_BACKGROUND: usize = 1_000;

impl PolyphonyApp {
    /// Opens the Autocode window on every hit of the last search: all of
    /// them, not only the ones listed when the list was cut short.
    pub(super) fn open_autocode_hits(&mut self) {
        let Some(SearchOutcome {
            query,
            asked,
            results: Ok(results),
        }) = &self.search.outcome
        else {
            self.error = Some("Search first: Code all hits… codes the hits listed.".to_owned());
            return;
        };
        let mut hits = results.hits.clone();
        if results.truncated
            && let Some(workbench) = &mut self.workbench
        {
            match workbench.search(asked, AUTOCODE_LIMIT) {
                Ok(all) => hits = all.hits,
                Err(error) => {
                    self.error = Some(error.to_string());
                    return;
                }
            }
        }
        let passages: Vec<_> = hits
            .iter()
            .map(|hit| crate::workbench::autocode::Passage {
                document: hit.document,
                start: hit.start,
                end: hit.end,
            })
            .collect();
        let noun = if passages.len() == 1 { "hit" } else { "hits" };
        let what = format!("the {} {noun} of “{query}”", passages.len());
        self.autocode = Some(autocode::AutocodeWindow::new(what, passages));
    }

    pub(super) fn open_autocode_speaker(&mut self, speaker: &str) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let passages = crate::workbench::autocode::speaker_turns(workbench.project(), speaker);
        let what = format!("every turn of {speaker} ({})", passages.len());
        let mut window = autocode::AutocodeWindow::new(what, passages);
        window.extent = crate::workbench::autocode::Extent::Turn;
        window.exclude_interviewers = false;
        self.autocode = Some(window);
    }

    /// Codes what the Autocode window chose, as one step. Many passages are
    /// worked out on a worker thread, with progress and Cancel, and applied
    /// when it is done.
    pub(super) fn submit_autocode(&mut self) {
        let Some(window) = self.autocode.take() else {
            return;
        };
        let Some(code) = window.chosen_code() else {
            self.error = Some("Choose a code, or type a new code's name.".to_owned());
            self.autocode = Some(window);
            return;
        };
        if let Some(workbench) = &mut self.workbench
            && let Err(error) = workbench.load_texts_for_autocode(&window.passages, window.extent)
        {
            self.error = Some(error.to_string());
            self.autocode = Some(window);
            return;
        }
        if window.passages.len() >= AUTOCODE_IN_BACKGROUND {
            if let Some(job) = &self.job {
                self.error = Some(format!(
                    "{} is running: wait for it, or cancel it in the status bar, then try again.",
                    job.title
                ));
                self.autocode = Some(window);
                return;
            }
            let planned = self.with_open_workbench(|workbench| {
                let plan = workbench.commands().autocode_plan(&code)?;
                let settings = workbench.commands().autocode_settings(
                    &plan,
                    window.extent,
                    window.exclude_interviewers,
                );
                Ok::<_, EditError>((plan, settings, workbench.project().clone()))
            });
            match planned {
                Ok((plan, settings, project)) => {
                    self.job = Some(jobs::Job::autocode(project, window.passages, settings));
                    self.pending_autocode = Some(plan);
                }
                Err(error) => {
                    self.error = Some(error.to_string());
                    self.autocode = Some(window);
                }
            }
            return;
        }
        let command = self.with_open_workbench(|workbench| {
            workbench
                .commands()
                .autocode(
                    &window.passages,
                    &code,
                    window.extent,
                    window.exclude_interviewers,
                )
                .map(|(command, _)| command)
        });
        if !self.apply_command(command) {
            self.autocode = Some(window);
        }
    }
}
