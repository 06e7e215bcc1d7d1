//! The recording: the player's requests carried out, the shown document's
//! recording kept open and followed in the transcript, and a recording
//! linked to a document (a journalled command).

use crate::edit::Command;
use crate::gui::app::PolyphonyApp;
use crate::gui::intent::MediaAction;
use crate::gui::player_bar::SKIP_BACK_SECONDS;
use crate::media::locate::link_text;
use std::path::Path;

impl PolyphonyApp {
    /// Carries out a request to the player.
    pub(super) fn media_action(&mut self, action: MediaAction) {
        if let MediaAction::PlaySegment(coding) = &action {
            let found = self.workbench.as_ref().and_then(|workbench| {
                workbench
                    .project()
                    .codings
                    .get(coding)
                    .map(|coding| (coding.document, coding.start))
            });
            let Some((document, at)) = found else {
                self.error = Some("That segment was uncoded.".to_owned());
                return;
            };
            return self.media_action(MediaAction::PlayFrom { document, at });
        }
        if let MediaAction::PlayFrom { document, .. } = &action
            && self.selected_document != Some(*document)
        {
            self.selected_document = Some(*document);
            self.transcript.clear_mark();
            self.sync_media();
        }
        let Some(player) = self.media.player() else {
            self.error = Some(self.media.no_player_reason());
            return;
        };
        match action {
            MediaAction::TogglePlay => player.toggle(),
            MediaAction::BackFiveSeconds => player.skip(-SKIP_BACK_SECONDS),
            MediaAction::StepSpeed(step) => player.step_speed(step),
            MediaAction::SetSpeed(speed) => player.set_speed(speed),
            MediaAction::Seek(seconds) => player.seek(seconds),
            MediaAction::PlayFrom { at, .. } => match self.media.time_of(at) {
                Some(seconds) => {
                    player.seek(seconds);
                    player.play();
                }
                None => {
                    self.error = Some(
                        "This transcript has no times, so it cannot say where in the recording a turn is."
                            .to_owned(),
                    );
                }
            },
            MediaAction::PlaySegment(_) => {}
        }
    }

    /// Opens the shown document's recording if it changed; follows the turn
    /// being heard in the transcript.
    pub(in crate::gui) fn sync_media(&mut self) {
        let Some(workbench) = &self.workbench else {
            self.media.close();
            return;
        };
        let document = self
            .selected_document
            .and_then(|id| workbench.project().documents.get(&id));
        self.media.sync(workbench.path(), document);
        let heard = self.media.heard_turn();
        self.transcript.follow(heard);
        self.transcript.playable = self.media.is_ready() && self.media.has_turn_times();
    }

    /// Links `file` to the shown document, through the journalled command.
    pub(in crate::gui) fn link_recording(&mut self, file: &Path) -> Result<(), String> {
        let document = self
            .selected_document
            .ok_or_else(|| "Choose a document first: its recording is linked to it.".to_owned())?;
        if !file.is_file() {
            return Err(format!("{} is not a file.", file.display()));
        }
        // An unplayable file is still linked (it may play elsewhere), but
        // the bar says why it cannot play here.
        let workbench = self.writable_workbench()?;
        let media = link_text(workbench.path(), file);
        workbench
            .apply(Command::SetDocumentMedia {
                id: document,
                media: Some(media.clone()),
            })
            .map_err(|error| error.to_string())?;
        self.notice = Some(format!("Linked the recording {media}."));
        Ok(())
    }
}
