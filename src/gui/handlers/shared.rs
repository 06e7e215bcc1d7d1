//! A shared project in the window: hearing the server (following other
//! members' steps as they land, saying when the server is lost and back),
//! and the "Team activity" window.

use crate::gui::activity;
use crate::gui::app::PolyphonyApp;
use crate::gui::live::{Live, LiveEvent};

impl PolyphonyApp {
    /// Starts, keeps or stops the thread that hears the server, as the open
    /// project asks, and follows what it heard.
    pub(crate) fn poll_live(&mut self, ctx: &egui::Context) {
        let Some(workbench) = &mut self.workbench else {
            self.live = None;
            return;
        };
        let Some((url, channel)) = workbench.shared_channel() else {
            self.live = None;
            return;
        };
        let live = match &mut self.live {
            Some(live) if live.channel() == channel => live,
            _ => self.live.insert(Live::start(
                url,
                channel,
                &workbench.coder().name,
                ctx.clone(),
            )),
        };
        live.set_coder(&workbench.coder().name);
        let events = live.take_events();
        if !events
            .iter()
            .any(|event| matches!(event, LiveEvent::Changed | LiveEvent::Connected))
        {
            return;
        }
        match workbench.catch_up() {
            Ok(steps) if steps.is_empty() => {}
            Ok(_) => {
                self.revision += 1;
                if self.activity.is_some() {
                    self.show_activity();
                }
            }
            // Said by the banner while the server is away; otherwise here.
            Err(error) if live.lost.is_none() => self.error = Some(error.to_string()),
            Err(_) => {}
        }
    }

    /// Why the server cannot be reached now, for the banner.
    #[must_use]
    pub fn server_lost(&self) -> Option<&str> {
        self.live.as_ref().and_then(|live| live.lost.as_deref())
    }

    /// The coders of the other windows open on the shared project.
    #[must_use]
    pub fn others_present(&self) -> &[String] {
        self.live
            .as_ref()
            .map_or(&[], |live| live.present.as_slice())
    }

    /// Opens (or refreshes) the "Team activity" window.
    pub(crate) fn show_activity(&mut self) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.activity(activity::SHOWN) {
            Ok(steps) => self.activity = Some(steps),
            Err(error) => self.error = Some(format!("The activity could not be read: {error}")),
        }
    }

    /// The steps the "Team activity" window lists, while it is open.
    #[must_use]
    pub fn activity_shown(&self) -> Option<&[crate::store::shared::JournalStep]> {
        self.activity.as_deref()
    }
}
