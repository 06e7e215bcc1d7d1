//! Where the player's samples go: a small trait, so that the player thread
//! can write to the sound card or, in tests, to a sink that only records.
//! The sound card is ALSA's, loaded at run time (see [`alsa`](super::alsa)),
//! so building Polyphony needs no sound library and a machine without one
//! still opens the window: playing just says there is no sound output.

use crate::media::MediaError;
use std::sync::{Arc, Mutex};

/// A sound output the player writes to.
pub trait SoundOutput {
    /// Plays interleaved `samples`, waiting while the device's buffer is
    /// full: this is what paces the player thread.
    ///
    /// # Errors
    /// The device went away or refused the samples.
    fn write(&mut self, samples: &[f32]) -> Result<(), MediaError>;

    /// Drops what is buffered but not yet heard, so a pause or a seek is
    /// heard at once.
    fn discard(&mut self);
}

/// Opens a sound output for a sample rate and a number of channels. The
/// player calls it on its own thread when play is first pressed.
pub type OutputOpener =
    Arc<dyn Fn(u32, usize) -> Result<Box<dyn SoundOutput>, MediaError> + Send + Sync>;

/// The computer's sound output (ALSA's default device).
#[must_use]
pub fn system_output() -> OutputOpener {
    Arc::new(|rate, channels| {
        crate::media::alsa::AlsaOutput::open(rate, channels)
            .map(|output| Box::new(output) as Box<dyn SoundOutput>)
    })
}

/// An opener that always fails with `reason`, as a machine without sound
/// does (for tests, which must not depend on the machine's sound card).
#[must_use]
pub fn no_output(reason: &str) -> OutputOpener {
    let reason = reason.to_owned();
    Arc::new(move |_, _| Err(MediaError::NoSound(reason.clone())))
}

/// What a [`RecordingSink`] was given, shared with the test that reads it.
#[derive(Debug, Default)]
pub struct Recorded {
    pub sample_rate: u32,
    pub channels: usize,
    pub samples: Vec<f32>,
    /// How many times buffered samples were dropped (pause, seek).
    pub discards: usize,
}

/// A sound output that keeps every sample instead of playing it. It does
/// not wait, so a player writing to it runs as fast as it can decode.
#[derive(Debug, Clone, Default)]
pub struct RecordingSink {
    pub recorded: Arc<Mutex<Recorded>>,
}

impl RecordingSink {
    /// An opener handing out this sink (the same recorded samples each time).
    #[must_use]
    pub fn opener(&self) -> OutputOpener {
        let recorded = Arc::clone(&self.recorded);
        Arc::new(move |rate, channels| {
            if let Ok(mut shared) = recorded.lock() {
                shared.sample_rate = rate;
                shared.channels = channels;
            }
            Ok(Box::new(RecordingSink {
                recorded: Arc::clone(&recorded),
            }) as Box<dyn SoundOutput>)
        })
    }

    /// Seconds of sound written so far.
    #[must_use]
    pub fn seconds(&self) -> f64 {
        self.recorded.lock().map_or(0.0, |recorded| {
            let frames = recorded.samples.len() / recorded.channels.max(1);
            frames as f64 / f64::from(recorded.sample_rate.max(1))
        })
    }
}

impl SoundOutput for RecordingSink {
    fn write(&mut self, samples: &[f32]) -> Result<(), MediaError> {
        let mut recorded = self
            .recorded
            .lock()
            .map_err(|_| MediaError::NoSound("the recording sink was poisoned".to_owned()))?;
        recorded.samples.extend_from_slice(samples);
        Ok(())
    }

    fn discard(&mut self) {
        if let Ok(mut recorded) = self.recorded.lock() {
            recorded.discards += 1;
        }
    }
}
