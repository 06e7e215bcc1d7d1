//! The player: a recording decoded on its own thread and written to a sound
//! output, with play, pause, seek, speed (0.5x to 2x, pitch kept by the
//! time stretch) and the position the window reads every frame.
//!
//! [`PlayerCore`] is the playing itself, with no thread, so tests drive it
//! step by step into a recording sink. [`Player`] runs a core on a thread
//! and talks to it through a channel; the window only ever reads a copy of
//! its [`PlayerStatus`], so a frame never waits on decoding or the device.

use crate::media::MediaError;
use crate::media::decode::Recording;
use crate::media::output::{OutputOpener, SoundOutput};
use crate::media::stretch::TimeStretch;
use crate::numbers::count_from;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// The slowest and fastest speeds offered.
pub const MIN_SPEED: f64 = 0.5;
pub const MAX_SPEED: f64 = 2.0;
/// The speeds the speed buttons and keys step through.
pub const SPEEDS: [f64; 7] = [0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0];
/// How much sound one write to the device holds: the position moves and a
/// pause is noticed this often.
const PIECE_SECONDS: f64 = 0.05;

/// A recording being played, without a thread: decode, stretch, write.
pub struct PlayerCore {
    recording: Recording,
    /// `None` at 1x, where the samples go out untouched.
    stretch: Option<TimeStretch>,
    speed: f64,
    /// Seconds into the recording of what has been written out.
    position: f64,
    /// Samples decoded (and stretched) but not yet written.
    pending: Vec<f32>,
    ended: bool,
}

impl PlayerCore {
    #[must_use]
    pub fn new(recording: Recording) -> Self {
        Self {
            recording,
            stretch: None,
            speed: 1.0,
            position: 0.0,
            pending: Vec::new(),
            ended: false,
        }
    }

    #[must_use]
    pub fn position(&self) -> f64 {
        self.position
    }

    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    #[must_use]
    pub fn duration(&self) -> Option<f64> {
        self.recording.duration_seconds()
    }

    /// Whether everything has been written out.
    #[must_use]
    pub fn ended(&self) -> bool {
        self.ended
    }

    #[must_use]
    pub fn sample_rate(&self) -> u32 {
        self.recording.sample_rate()
    }

    #[must_use]
    pub fn channels(&self) -> usize {
        self.recording.channels()
    }

    /// Goes to `seconds` into the recording.
    ///
    /// # Errors
    /// The recording cannot seek.
    pub fn seek(&mut self, seconds: f64) -> Result<(), MediaError> {
        self.recording.seek(seconds)?;
        self.position = self.recording.position_seconds();
        self.pending.clear();
        self.restart_stretch();
        self.ended = false;
        Ok(())
    }

    /// Plays at `speed` from now on (clamped to 0.5x–2x).
    pub fn set_speed(&mut self, speed: f64) {
        let speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        if (speed - self.speed).abs() < 1e-9 {
            return;
        }
        self.speed = speed;
        // What was stretched at the old speed is dropped and decoded again
        // from the position heard, so the change is heard at once.
        let position = self.position;
        if self.seek(position).is_err() {
            self.restart_stretch();
        }
    }

    fn restart_stretch(&mut self) {
        self.stretch = ((self.speed - 1.0).abs() > 1e-9).then(|| {
            TimeStretch::new(
                self.recording.sample_rate(),
                self.recording.channels(),
                self.speed,
            )
        });
    }

    /// Writes the next piece of sound (about 50 ms) to `output`. Returns
    /// `false` once the recording has ended.
    ///
    /// # Errors
    /// Decoding failed, or the output did.
    pub fn play_piece(&mut self, output: &mut dyn SoundOutput) -> Result<bool, MediaError> {
        let channels = self.recording.channels();
        let rate = f64::from(self.recording.sample_rate());
        let piece = count_from(rate * PIECE_SECONDS).max(1) * channels;
        while self.pending.len() < piece && !self.ended {
            match self.recording.next_samples()? {
                Some(samples) => match &mut self.stretch {
                    Some(stretch) => stretch.push(&samples, &mut self.pending),
                    None => self.pending.extend_from_slice(&samples),
                },
                None => {
                    if let Some(stretch) = &mut self.stretch {
                        stretch.finish(&mut self.pending);
                    }
                    self.ended = true;
                }
            }
        }
        if self.pending.is_empty() {
            if let Some(duration) = self.duration() {
                self.position = duration;
            }
            return Ok(false);
        }
        let take = piece.min(self.pending.len());
        output.write(&self.pending[..take])?;
        self.pending.drain(..take);
        // Each second written out covers `speed` seconds of the recording.
        self.position += (take / channels) as f64 / rate * self.speed;
        if let Some(duration) = self.duration() {
            self.position = self.position.min(duration);
        }
        Ok(true)
    }
}

/// What the window shows of the player.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlayerStatus {
    /// Seconds into the recording.
    pub position: f64,
    pub duration: Option<f64>,
    pub playing: bool,
    pub speed: f64,
    /// Why the last play, seek or write failed, such as no sound device.
    pub error: Option<String>,
}

enum Request {
    Play,
    Pause,
    Seek { seconds: f64, generation: u64 },
    Speed(f64),
    Quit,
}

/// The status, and which seek the UI asked for last: the thread does not
/// overwrite a position the UI has just set with one from before the seek.
struct Shared {
    status: PlayerStatus,
    generation: u64,
}

/// A recording played on its own thread.
pub struct Player {
    requests: Sender<Request>,
    shared: Arc<Mutex<Shared>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Player")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Player {
    /// Opens `path` (here, so an unreadable file or codec is said at once)
    /// and starts its thread, paused at the start. The sound output is
    /// opened only when play is first pressed.
    ///
    /// # Errors
    /// As [`Recording::open`], or the thread could not start.
    pub fn open(path: &Path, output: OutputOpener) -> Result<Self, MediaError> {
        let core = PlayerCore::new(Recording::open(path)?);
        let shared = Arc::new(Mutex::new(Shared {
            status: PlayerStatus {
                position: 0.0,
                duration: core.duration(),
                playing: false,
                speed: 1.0,
                error: None,
            },
            generation: 0,
        }));
        let (requests, received) = mpsc::channel();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("polyphony-player".to_owned())
            .spawn(move || run(core, &received, &thread_shared, &output))
            .map_err(|error| {
                MediaError::NoSound(format!("the player could not start ({error})"))
            })?;
        Ok(Self {
            requests,
            shared,
            thread: Some(thread),
        })
    }

    /// A copy of the player's status now.
    #[must_use]
    pub fn status(&self) -> PlayerStatus {
        lock(&self.shared).status.clone()
    }

    pub fn play(&self) {
        let mut shared = lock(&self.shared);
        shared.status.error = None;
        shared.status.playing = true;
        drop(shared);
        self.send(Request::Play);
    }

    pub fn pause(&self) {
        lock(&self.shared).status.playing = false;
        self.send(Request::Pause);
    }

    pub fn toggle(&self) {
        if self.status().playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Goes to `seconds`; the position reads it at once, before the thread
    /// has got there.
    pub fn seek(&self, seconds: f64) {
        let mut shared = lock(&self.shared);
        let seconds = match shared.status.duration {
            Some(duration) => seconds.clamp(0.0, duration),
            None => seconds.max(0.0),
        };
        shared.generation += 1;
        shared.status.position = seconds;
        let generation = shared.generation;
        drop(shared);
        self.send(Request::Seek {
            seconds,
            generation,
        });
    }

    /// Moves by `seconds` (negative goes back).
    pub fn skip(&self, seconds: f64) {
        let now = self.status().position;
        self.seek(now + seconds);
    }

    pub fn set_speed(&self, speed: f64) {
        let speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        lock(&self.shared).status.speed = speed;
        self.send(Request::Speed(speed));
    }

    /// Steps the speed to the next of [`SPEEDS`] up (`1`) or down (`-1`).
    pub fn step_speed(&self, step: i32) {
        self.set_speed(stepped_speed(self.status().speed, step));
    }

    fn send(&self, request: Request) {
        // A thread that has gone has said why in the status already.
        let _ = self.requests.send(request);
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.send(Request::Quit);
        if let Some(thread) = self.thread.take() {
            // At most one piece of sound (50 ms) to wait for.
            let _ = thread.join();
        }
    }
}

/// The speed one step up or down [`SPEEDS`] from `speed`.
#[must_use]
pub fn stepped_speed(speed: f64, step: i32) -> f64 {
    let index = SPEEDS
        .iter()
        .position(|known| (known - speed).abs() < 0.01)
        .unwrap_or(2);
    let distance = usize::try_from(step.unsigned_abs()).unwrap_or(usize::MAX);
    let next = if step < 0 {
        index.saturating_sub(distance)
    } else {
        index.saturating_add(distance).min(SPEEDS.len() - 1)
    };
    SPEEDS[next]
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic on the player thread cannot leave the status half-written:
    // it is plain data, so a poisoned lock's value is still good.
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The player thread: waits for requests while paused, and between pieces
/// of sound while playing.
fn run(
    mut core: PlayerCore,
    requests: &Receiver<Request>,
    shared: &Mutex<Shared>,
    open_output: &OutputOpener,
) {
    let mut output: Option<Box<dyn SoundOutput>> = None;
    let mut playing = false;
    let mut generation = 0;
    loop {
        let request = if playing {
            match requests.try_recv() {
                Ok(request) => Some(request),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            }
        } else {
            match requests.recv() {
                Ok(request) => Some(request),
                Err(_) => return,
            }
        };
        let mut failure = None;
        match request {
            Some(Request::Quit) => return,
            Some(Request::Play) => {
                if output.is_none() {
                    match open_output(core.sample_rate(), core.channels()) {
                        Ok(opened) => output = Some(opened),
                        Err(error) => failure = Some(error),
                    }
                }
                if core.ended() {
                    failure = failure.or(core.seek(0.0).err());
                }
                playing = output.is_some() && failure.is_none();
            }
            Some(Request::Pause) => {
                playing = false;
                if let Some(output) = &mut output {
                    output.discard();
                }
            }
            Some(Request::Seek {
                seconds,
                generation: asked,
            }) => {
                generation = asked;
                failure = core.seek(seconds).err();
                if let Some(output) = &mut output {
                    output.discard();
                }
            }
            Some(Request::Speed(speed)) => core.set_speed(speed),
            None => {
                if let Some(device) = &mut output {
                    match core.play_piece(device.as_mut()) {
                        Ok(true) => {}
                        Ok(false) => playing = false,
                        Err(error) => {
                            failure = Some(error);
                            output = None;
                        }
                    }
                }
            }
        }
        if failure.is_some() {
            playing = false;
        }
        let mut shared = lock(shared);
        if shared.generation == generation {
            shared.status.position = core.position();
        }
        shared.status.playing = playing;
        shared.status.speed = core.speed();
        if let Some(error) = failure {
            shared.status.error = Some(error.to_string());
        }
    }
}
