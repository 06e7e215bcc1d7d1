//! Long work off the UI thread, with progress the status bar shows and a
//! Cancel button: importing a folder of transcripts (every file is read and
//! parsed on a worker thread), rebuilding the search index (the worker
//! writes a new index and commits it only at the end, so the window searches
//! the old one, or waits, until then; a cancelled rebuild changes nothing),
//! and working out the passages of a large autocode (each hit widened to its
//! sentence, turn or paragraph, over a copy of the project).
//!
//! Only the slow part that needs no project runs on the worker: reading and
//! parsing each file once ([`crate::workbench::read_transcript`]). The `Workbench` stays on the UI
//! thread the whole time. It owns the project file's SQLite connection and
//! write lock and the search index; moving it into the job would leave the
//! window without a project (every panel reads it each frame) for as long as
//! the job runs, and sharing it would need a lock taken by every frame. So the
//! worker never touches the project, and a cancelled job has changed nothing.
//! When the worker has read everything, the UI thread hands what it parsed to
//! `Workbench::import_read_transcripts`, which checks for duplicates and
//! applies the import as one command, so the import is one undo step exactly
//! as when it runs in the foreground, and no file is parsed twice.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a finished worker hands back.
pub enum Finished {
    /// Every file was read and parsed: import these.
    Read {
        transcripts: Vec<crate::workbench::ReadTranscript>,
    },
    /// The index was rebuilt and committed, or could not be (why).
    IndexRebuilt(Result<(), String>),
    /// The codings an autocode adds, ready to apply as one step.
    Autocoded(Vec<crate::model::Coding>),
    /// The saved project read whole, for the Study tables, or why not.
    ReadWhole(Result<Box<crate::model::Project>, String>),
    /// What the pseudonym key may still need, for its window, or why not.
    Candidates(Result<Vec<crate::pseudonyms::Candidate>, String>),
    Cancelled,
}

/// What a job is doing, for what happens when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Import,
    IndexRebuild,
    Autocode,
    ReadWhole,
    FindCandidates,
}

/// A job running on a worker thread.
pub struct Job {
    /// What the job is doing, for the status bar.
    pub title: String,
    pub kind: JobKind,
    /// What is counted, plural ("files", "documents").
    unit: &'static str,
    done: Arc<AtomicUsize>,
    pub total: usize,
    cancel: Arc<AtomicBool>,
    receiver: Receiver<Finished>,
}

impl Job {
    /// Starts reading and parsing the transcripts among `paths` (folders are
    /// walked) on a worker thread.
    #[must_use]
    pub fn import_transcripts(paths: &[PathBuf]) -> Self {
        let files = crate::workbench::expand_paths(paths);
        let total = files.len();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let (worker_done, worker_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let mut transcripts = Vec::with_capacity(files.len());
            for path in files {
                if worker_cancel.load(Ordering::Relaxed) {
                    // The window may be gone; nobody to tell is fine.
                    let _ = sender.send(Finished::Cancelled);
                    return;
                }
                // What does not parse is handed on too, so that the import
                // reports why it was skipped.
                transcripts.push(crate::workbench::read_transcript(&path));
                worker_done.fetch_add(1, Ordering::Relaxed);
            }
            let outcome = if worker_cancel.load(Ordering::Relaxed) {
                Finished::Cancelled
            } else {
                Finished::Read { transcripts }
            };
            let _ = sender.send(outcome);
        });
        Self {
            title: "Importing transcripts".to_owned(),
            kind: JobKind::Import,
            unit: "files",
            done,
            total,
            cancel,
            receiver,
        }
    }

    /// Starts rebuilding the search index on a worker thread.
    #[must_use]
    pub fn rebuild_index(rebuild: crate::index::IndexRebuild) -> Self {
        let total = rebuild.len();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let (worker_done, worker_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let outcome = rebuild.run(
                &mut |finished, _| worker_done.store(finished, Ordering::Relaxed),
                &|| worker_cancel.load(Ordering::Relaxed),
            );
            let finished = match outcome {
                Ok(true) => Finished::IndexRebuilt(Ok(())),
                Ok(false) => Finished::Cancelled,
                Err(error) => Finished::IndexRebuilt(Err(error.to_string())),
            };
            let _ = sender.send(finished);
        });
        Self {
            title: "Rebuilding the search index".to_owned(),
            kind: JobKind::IndexRebuild,
            unit: "documents",
            done,
            total,
            cancel,
            receiver,
        }
    }

    /// Starts working out an autocode's codings from `passages` of
    /// `project` (a copy, so the window goes on with its own).
    #[must_use]
    pub fn autocode(
        project: crate::model::Project,
        passages: Vec<crate::workbench::autocode::Passage>,
        settings: crate::workbench::autocode::AutocodeSettings,
    ) -> Self {
        let total = passages.len();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let (worker_done, worker_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let codings = crate::workbench::autocode::autocode_codings_with_progress(
                &project,
                &passages,
                &settings,
                &mut |finished, _| worker_done.store(finished, Ordering::Relaxed),
                &|| worker_cancel.load(Ordering::Relaxed),
            );
            let finished = match codings {
                Some(codings) if !worker_cancel.load(Ordering::Relaxed) => {
                    Finished::Autocoded(codings)
                }
                _ => Finished::Cancelled,
            };
            let _ = sender.send(finished);
        });
        Self {
            title: "Autocoding".to_owned(),
            kind: JobKind::Autocode,
            unit: "passages",
            done,
            total,
            cancel,
            receiver,
        }
    }

    /// Starts reading the project saved at `path` whole (every text) on a
    /// worker thread, read-only, beside the window's own connection.
    #[must_use]
    pub fn read_whole(path: PathBuf) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let worker_done = Arc::clone(&done);
        std::thread::spawn(move || {
            let read = crate::workbench::Workbench::open_read_only_outline(&path)
                .and_then(|mut workbench| {
                    workbench.load_whole()?;
                    Ok(Box::new(workbench.project().clone()))
                })
                .map_err(|error| error.to_string());
            worker_done.store(1, Ordering::Relaxed);
            let _ = sender.send(Finished::ReadWhole(read));
        });
        Self {
            title: "Reading the project for the tables".to_owned(),
            kind: JobKind::ReadWhole,
            unit: "projects",
            done,
            total: 1,
            cancel,
            receiver,
        }
    }

    /// Starts finding what the pseudonym key may still need across every text
    /// of the project saved at `path` (`documents` of them), read-only beside the
    /// window's own connection. `known` is the key the window holds, which may
    /// be a key kept apart that the saved project does not have.
    #[must_use]
    pub fn find_candidates(
        path: PathBuf,
        documents: usize,
        known: Vec<crate::pseudonyms::KeyEntry>,
    ) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let (worker_done, worker_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let found = crate::workbench::Workbench::open_read_only_outline(&path)
                .and_then(|mut workbench| {
                    if !known.is_empty() {
                        workbench.hold_key_apart(&known);
                    }
                    // Memos and comments are searched too: count in documents.
                    workbench.pseudonym_candidates(&mut |finished, all| {
                        worker_done.store(finished * documents / all.max(1), Ordering::Relaxed);
                    })
                })
                .map_err(|error| error.to_string());
            // The search itself does not stop half-way; what it found is
            // dropped when Cancel was pressed meanwhile.
            let finished = if worker_cancel.load(Ordering::Relaxed) {
                Finished::Cancelled
            } else {
                Finished::Candidates(found)
            };
            let _ = sender.send(finished);
        });
        Self {
            title: "Finding names to replace".to_owned(),
            kind: JobKind::FindCandidates,
            unit: "texts",
            done,
            total: documents,
            cancel,
            receiver,
        }
    }

    /// How many files (or documents) are done.
    #[must_use]
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the worker to stop; it reports `Cancelled` soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether Cancel was pressed.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The worker's result once it has one; `Some(Cancelled)` also when the
    /// worker is gone without a word.
    pub fn poll(&self) -> Option<Finished> {
        match self.receiver.try_recv() {
            Ok(finished) => Some(finished),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Finished::Cancelled),
        }
    }
}

/// The job's progress bar and its Cancel button, for the status bar.
/// Returns whether Cancel was clicked.
pub fn show(ui: &mut egui::Ui, job: &Job) -> bool {
    let done = job.done();
    let fraction = if job.total == 0 {
        1.0
    } else {
        done as f32 / job.total as f32
    };
    ui.label(format!(
        "{}: {done} of {} {}",
        job.title, job.total, job.unit
    ));
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(160.0)
            .show_percentage(),
    );
    !job.is_cancelled() && ui.button("Cancel").clicked()
}
