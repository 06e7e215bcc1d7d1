//! The recording beside the transcript: a player bar above the shown
//! document when it has a linked recording (play/pause, back 5 s, speed
//! 0.5x–2x, a position slider and the time), the turn being heard
//! highlighted and followed in the transcript, and "play from here" for a
//! turn's timestamp or a coded segment.
//!
//! The player runs on its own thread ([`crate::media::Player`]); each frame
//! only copies its status and finds the turn being heard by a binary search
//! over the document's turn times, so the cost of a frame does not grow with
//! the transcript. A recording that cannot be found, decoded or heard is
//! said in the bar; the transcript goes on working.

use crate::gui::intent::{Intent, MediaAction};
use crate::gui::path_purpose::PathPurpose;
use crate::gui::transcript::format_time;
use crate::media::locate::{Located, locate_recording};
use crate::media::{OutputOpener, Player, PlayerStatus};
use crate::model::{CodingId, Document, DocumentId, Project};
use std::path::{Path, PathBuf};

/// How far "Back 5 s" goes.
pub const SKIP_BACK_SECONDS: f64 = 5.0;

/// The player of the shown document, and what it knows of its turns.
pub struct MediaState {
    /// Opens the sound device when play is first pressed; tests give one
    /// that records or fails instead of the machine's.
    output: OutputOpener,
    loaded: Option<Loaded>,
}

/// The recording of one document as linked, and what became of opening it.
struct Loaded {
    document: DocumentId,
    linked: String,
    project_file: PathBuf,
    state: LoadState,
    /// (time in ms, first char, end char) of each timed turn, by time.
    turn_times: Vec<(u64, usize, usize)>,
}

enum LoadState {
    Ready {
        player: Player,
        moved_to: Option<PathBuf>,
    },
    Missing,
    Failed(String),
}

impl Default for MediaState {
    fn default() -> Self {
        Self::with_output(crate::media::system_output())
    }
}

impl MediaState {
    #[must_use]
    pub fn with_output(output: OutputOpener) -> Self {
        Self {
            output,
            loaded: None,
        }
    }

    /// The player's status, when the shown document's recording is open.
    #[must_use]
    pub fn status(&self) -> Option<PlayerStatus> {
        match &self.loaded.as_ref()?.state {
            LoadState::Ready { player, .. } => Some(player.status()),
            _ => None,
        }
    }

    /// Whether the shown document has a recording that can be played.
    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.player().is_some()
    }

    pub fn player(&self) -> Option<&Player> {
        match &self.loaded.as_ref()?.state {
            LoadState::Ready { player, .. } => Some(player),
            _ => None,
        }
    }

    /// Opens the recording of `document` when it is not the one open: on
    /// another document, a new link, or another project. Cheap otherwise.
    pub fn sync(&mut self, project_file: &Path, document: Option<&Document>) {
        let wanted = document.and_then(|doc| doc.media.as_ref().map(|media| (doc, media)));
        let Some((document, linked)) = wanted else {
            self.loaded = None;
            return;
        };
        if self.loaded.as_ref().is_some_and(|loaded| {
            loaded.document == document.id
                && &loaded.linked == linked
                && loaded.project_file == project_file
        }) {
            return;
        }
        let state = match locate_recording(project_file, linked) {
            Located::Missing => LoadState::Missing,
            located => {
                let moved_to = match &located {
                    Located::Moved(path) => Some(path.clone()),
                    _ => None,
                };
                let path = located.path().map(Path::to_path_buf).unwrap_or_default();
                match Player::open(&path, self.output.clone()) {
                    Ok(player) => LoadState::Ready { player, moved_to },
                    Err(error) => LoadState::Failed(error.to_string()),
                }
            }
        };
        let mut turn_times: Vec<(u64, usize, usize)> = document
            .turns
            .iter()
            .filter_map(|turn| turn.time_ms.map(|ms| (ms, turn.start, turn.end)))
            .collect();
        // Times are in turn order in every importer; sorted anyway, since
        // the binary search needs it.
        turn_times.sort_by_key(|&(ms, start, _)| (ms, start));
        self.loaded = Some(Loaded {
            document: document.id,
            linked: linked.clone(),
            project_file: project_file.to_path_buf(),
            state,
            turn_times,
        });
    }

    /// The turn being heard (its char range), found by binary search.
    #[must_use]
    pub fn heard_turn(&self) -> Option<(usize, usize)> {
        let loaded = self.loaded.as_ref()?;
        let status = self.status()?;
        let ms = millis(status.position);
        let after = loaded
            .turn_times
            .partition_point(|&(time, _, _)| time <= ms);
        let &(_, start, end) = loaded.turn_times.get(after.checked_sub(1)?)?;
        Some((start, end))
    }

    /// Seconds into the recording where the turn holding char `at` starts:
    /// its own time, or the last time before it.
    pub fn time_of(&self, at: usize) -> Option<f64> {
        let times = &self.loaded.as_ref()?.turn_times;
        let mut by_char: Vec<&(u64, usize, usize)> = times.iter().collect();
        by_char.sort_by_key(|&&(_, start, _)| start);
        let after = by_char.partition_point(|&&(_, start, _)| start <= at);
        let &&(ms, _, _) = by_char.get(after.checked_sub(1)?)?;
        Some(ms as f64 / 1000.0)
    }

    /// Why nothing can be played now, in words for the error banner.
    #[must_use]
    pub fn no_player_reason(&self) -> String {
        match self.loaded.as_ref().map(|loaded| &loaded.state) {
            Some(LoadState::Failed(error)) => error.clone(),
            Some(LoadState::Missing) => {
                "The recording was not found: use File > Link recording… to say where it is."
                    .to_owned()
            }
            _ => {
                "This document has no recording: use File > Link recording… to link one.".to_owned()
            }
        }
    }

    /// Forgets the recording: no project is open.
    pub fn close(&mut self) {
        self.loaded = None;
    }

    /// Whether the shown document's turns have times to play them from.
    #[must_use]
    pub fn has_turn_times(&self) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|loaded| !loaded.turn_times.is_empty())
    }
}

/// The bar above the transcript, when the shown document has a recording.
pub fn show(ui: &mut egui::Ui, media: &MediaState) -> Vec<Intent> {
    let mut actions = Vec::new();
    let Some(loaded) = &media.loaded else {
        return actions;
    };
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .inner_margin(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| match &loaded.state {
                LoadState::Ready { player, moved_to } => {
                    let status = player.status();
                    controls(ui, &status, &mut actions);
                    if let Some(moved) = moved_to {
                        ui.weak(format!("(found at {})", moved.display()));
                    }
                    if let Some(error) = &status.error {
                        ui.colored_label(ui.visuals().error_fg_color, error);
                    }
                    if status.playing {
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_millis(50));
                    }
                }
                LoadState::Missing => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("Recording not found: {}", loaded.linked),
                    );
                    if ui.button("Find recording…").clicked() {
                        actions.push(Intent::ChoosePath(PathPurpose::LinkRecording));
                    }
                }
                LoadState::Failed(error) => {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                    if ui.button("Link another recording…").clicked() {
                        actions.push(Intent::ChoosePath(PathPurpose::LinkRecording));
                    }
                }
            });
        });
    actions
}

/// Play/pause, back 5 s, the speed, the position slider and the time.
fn controls(ui: &mut egui::Ui, status: &PlayerStatus, actions: &mut Vec<Intent>) {
    let play = if status.playing { "Pause" } else { "Play" };
    if ui
        .button(play)
        .on_hover_text("Play or pause the recording (Ctrl+Space)")
        .clicked()
    {
        actions.push(Intent::Media(MediaAction::TogglePlay));
    }
    if ui.button("Back 5 s").on_hover_text("Ctrl+Left").clicked() {
        actions.push(Intent::Media(MediaAction::BackFiveSeconds));
    }
    let speed_label = ui.label("Speed");
    let mut speed = status.speed;
    egui::ComboBox::from_id_salt("player-speed")
        .selected_text(format!("{speed}x"))
        .show_ui(ui, |ui| {
            for choice in crate::media::player::SPEEDS {
                ui.selectable_value(&mut speed, choice, format!("{choice}x"));
            }
        })
        .response
        .labelled_by(speed_label.id)
        .on_hover_text("Slower: Ctrl+Shift+, · Faster: Ctrl+Shift+.");
    if (speed - status.speed).abs() > 1e-9 {
        actions.push(Intent::Media(MediaAction::SetSpeed(speed)));
    }
    let duration = status.duration.unwrap_or(status.position).max(0.001);
    let mut position = status.position;
    let slider_label = ui.label("Position");
    let slider = ui
        .add(
            egui::Slider::new(&mut position, 0.0..=duration)
                .show_value(false)
                .trailing_fill(true),
        )
        .labelled_by(slider_label.id);
    if slider.changed() {
        actions.push(Intent::Media(MediaAction::Seek(position)));
    }
    let time = format!(
        "{} / {}",
        format_time(millis(status.position)),
        status
            .duration
            .map_or_else(|| "?".to_owned(), |d| format_time(millis(d)))
    );
    ui.monospace(time);
}

/// Whether "Play from here" can play `coding`: its document has a recording
/// and times on its turns.
#[must_use]
pub fn can_play(project: &Project, coding: CodingId) -> bool {
    project
        .codings
        .get(&coding)
        .and_then(|coding| project.documents.get(&coding.document))
        .is_some_and(|doc| {
            doc.media.is_some() && doc.turns.iter().any(|turn| turn.time_ms.is_some())
        })
}

/// A player position in seconds as whole milliseconds. Positions come from the
/// decoder and are never negative or near 2^64 ms; a float cast saturates, so
/// even a bad one cannot wrap.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "seconds of audio, clamped at zero, are far inside u64 milliseconds"
)]
fn millis(seconds: f64) -> u64 {
    (seconds.max(0.0) * 1000.0) as u64
}
