//! Recordings beside their transcripts: decoding audio (and the audio track
//! of a video) to samples, a pitch-keeping time stretch, a sound output
//! loaded at run time, a player on its own thread, and finding a linked
//! recording that has moved. Nothing here draws: the window's player bar is
//! `gui::player_bar`, and it only reads a [`Player`]'s status.

pub mod alsa;
pub mod decode;
pub mod locate;
pub mod output;
pub mod player;
pub mod stretch;

pub use decode::{Decoded, RECORDING_EXTENSIONS, Recording, decode_all};
pub use locate::{Located, locate_recording};
pub use output::{OutputOpener, RecordingSink, SoundOutput, no_output, system_output};
pub use player::{Player, PlayerCore, PlayerStatus};
pub use stretch::TimeStretch;

/// What can go wrong with a recording, in words for the window and the
/// command line.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("could not read the recording {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot play {path}: {reason}")]
    Unsupported { path: String, reason: String },
    #[error("the recording {path} could not be decoded: {reason}")]
    Decode { path: String, reason: String },
    #[error("no sound output: {0}")]
    NoSound(String),
}

#[cfg(test)]
mod tests;
