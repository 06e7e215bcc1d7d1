//! Hearing a shared project's server while the window is open: a thread of
//! its own holds a second connection that LISTENs on the project's channel,
//! wakes the window when another member's step lands, says at once when the
//! server is lost and when it is back, and asks every few seconds who else
//! has a window open (each window names its coder in its connection's
//! `application_name`).

use crate::store::server::{ServerError, SharedUrl};
use postgres::fallible_iterator::FallibleIterator;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the listening thread tells the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// Connected (again): anything missed meanwhile is to be followed.
    Connected,
    /// Another step is in the journal.
    Changed,
    /// The server cannot be reached; the words say why.
    Lost(String),
    /// The coders of the other windows open on the project now.
    Present(Vec<String>),
}

/// The prefix of a window's `application_name`; the coder's name follows.
const WINDOW_APPLICATION: &str = "polyphony window: ";
/// How often the thread asks who else is here.
const PRESENCE_EVERY: Duration = Duration::from_secs(3);
/// How long it waits for a notification before looking at its stop flag.
const WAIT: Duration = Duration::from_millis(200);

/// The listening thread of one open shared project; dropping it stops it.
pub struct Live {
    channel: String,
    events: Receiver<LiveEvent>,
    stop: Arc<AtomicBool>,
    coder: Arc<Mutex<String>>,
    /// The server's state as last heard: `None` while connected.
    pub lost: Option<String>,
    /// Who else is working in the project, as last heard.
    pub present: Vec<String>,
}

impl Live {
    /// Starts listening on `channel` of the server at `url`, waking `ctx` on
    /// every event.
    #[must_use]
    pub fn start(url: SharedUrl, channel_name: String, coder: &str, ctx: egui::Context) -> Self {
        let (sender, events) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let coder = Arc::new(Mutex::new(coder.to_owned()));
        let thread_stop = Arc::clone(&stop);
        let thread_coder = Arc::clone(&coder);
        let listened = channel_name.clone();
        let spawned = std::thread::Builder::new()
            .name("polyphony-listen".to_owned())
            .spawn(move || listen(&url, &listened, &thread_coder, &thread_stop, &sender, &ctx));
        let lost = spawned
            .err()
            .map(|error| format!("could not start listening to the server: {error}"));
        Self {
            channel: channel_name,
            events,
            stop,
            coder,
            lost,
            present: Vec::new(),
        }
    }

    /// The project's channel it listens on.
    #[must_use]
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// Tells the server this window's coder, when it changes.
    pub fn set_coder(&self, coder: &str) {
        if let Ok(mut name) = self.coder.lock() {
            coder.clone_into(&mut name);
        }
    }

    /// The events since the last call, with `lost` and `present` kept.
    pub fn take_events(&mut self) -> Vec<LiveEvent> {
        let events: Vec<LiveEvent> = self.events.try_iter().collect();
        for event in &events {
            match event {
                LiveEvent::Connected => self.lost = None,
                LiveEvent::Lost(why) => self.lost = Some(why.clone()),
                LiveEvent::Present(names) => self.present.clone_from(names),
                LiveEvent::Changed => {}
            }
        }
        events
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn listen(
    url: &SharedUrl,
    channel_name: &str,
    coder: &Mutex<String>,
    stop: &AtomicBool,
    events: &Sender<LiveEvent>,
    ctx: &egui::Context,
) {
    let tell = |event: LiveEvent| {
        let sent = events.send(event).is_ok();
        ctx.request_repaint();
        sent
    };
    let mut said_lost = false;
    while !stop.load(Ordering::Relaxed) {
        let mut client = match url.connect() {
            Ok(client) => client,
            Err(error) => {
                if !said_lost && !tell(LiveEvent::Lost(error.to_string())) {
                    return;
                }
                said_lost = true;
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        // The channel is the project's own name (letters, digits and `_`),
        // read from its meta table, so it is a safe identifier.
        if let Err(error) = client.batch_execute(&format!("LISTEN {channel_name}")) {
            tell(LiveEvent::Lost(error.to_string()));
            std::thread::sleep(Duration::from_secs(1));
            continue;
        }
        if !tell(LiveEvent::Connected) {
            return;
        }
        let mut asked = Instant::now()
            .checked_sub(PRESENCE_EVERY)
            .unwrap_or_else(Instant::now);
        let lost = loop {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if asked.elapsed() >= PRESENCE_EVERY {
                asked = Instant::now();
                match present(&mut client, coder) {
                    Ok(names) => {
                        if !tell(LiveEvent::Present(names)) {
                            return;
                        }
                    }
                    Err(error) => break error,
                }
            }
            let heard = client.notifications().timeout_iter(WAIT).next();
            match heard {
                Ok(Some(_)) => {
                    // One wake-up for a burst (those already here, without
                    // waiting for more): the window follows them all.
                    while let Ok(Some(_)) = client.notifications().iter().next() {}
                    if !tell(LiveEvent::Changed) {
                        return;
                    }
                }
                Ok(None) => {}
                Err(error) => break error,
            }
        };
        let why = match crate::store::shared::server_error(url, &lost) {
            ServerError::Lost { server } => {
                format!("the connection to the server at {server} was lost")
            }
            other => other.to_string(),
        };
        if !tell(LiveEvent::Lost(why)) {
            return;
        }
        said_lost = true;
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Names this window's coder to the server and reads the other windows'.
fn present(
    client: &mut postgres::Client,
    coder: &Mutex<String>,
) -> Result<Vec<String>, postgres::Error> {
    let name = coder.lock().map(|name| name.clone()).unwrap_or_default();
    client.execute(
        "SELECT set_config('application_name', $1, false)",
        &[&format!("{WINDOW_APPLICATION}{name}")],
    )?;
    let rows = client.query(
        "SELECT DISTINCT substr(application_name, $1) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND starts_with(application_name, $2)
         ORDER BY 1",
        &[
            &(i32::try_from(WINDOW_APPLICATION.len()).unwrap_or(0) + 1),
            &WINDOW_APPLICATION,
        ],
    )?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}
