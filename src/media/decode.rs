//! Reading a recording into f32 samples with symphonia (pure Rust, so no
//! system codec library is needed): mp3, AAC in m4a/mp4, wav/PCM, ogg/Vorbis
//! and flac. A recording is read a packet at a time, so an hour-long
//! interview is never held in memory whole, and it can seek to any time.
//!
//! Opus is not decoded. Symphonia has no Opus decoder, and the Opus crates
//! on crates.io either bind the C libopus (`opus`, `audiopus`, `magnum-opus`:
//! a build-time C library or cmake, which README's first commands must not
//! need on a fresh machine) or are small unmaintained ports. An `.opus` file
//! is answered with a message saying how to convert it.

use crate::media::MediaError;
use std::fs::File;
use std::path::{Path, PathBuf};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, CODEC_TYPE_OPUS, Decoder, DecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader, SeekMode, SeekTo};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;
use symphonia::core::units::Time;

/// The file endings the decoder reads, for file dialogs and messages.
pub const RECORDING_EXTENSIONS: [&str; 8] =
    ["mp3", "m4a", "mp4", "aac", "wav", "ogg", "oga", "flac"];

/// An open recording: its format, its one audio track's decoder, and where
/// reading has got to.
pub struct Recording {
    path: PathBuf,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn Decoder>,
    track: u32,
    sample_rate: u32,
    channels: usize,
    /// In frames (one sample per channel), when the container says.
    total_frames: Option<u64>,
    /// Frames before this one are dropped from the next packets: a seek
    /// lands on a packet boundary at or before the time asked for.
    skip_until: Option<u64>,
    /// The frame the next samples returned start at.
    next_frame: u64,
}

impl std::fmt::Debug for Recording {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Recording")
            .field("path", &self.path)
            .field("sample_rate", &self.sample_rate)
            .field("channels", &self.channels)
            .field("total_frames", &self.total_frames)
            .finish_non_exhaustive()
    }
}

impl Recording {
    /// Opens `path` and gets its first audio track ready to decode.
    ///
    /// # Errors
    /// The file cannot be read, is not a format symphonia knows, has no audio
    /// track, or its codec is one Polyphony does not decode (Opus, HE-AAC…).
    pub fn open(path: &Path) -> Result<Self, MediaError> {
        let shown = path.display().to_string();
        if has_extension(path, "opus") {
            return Err(MediaError::Unsupported {
                path: shown,
                reason: OPUS_REASON.to_owned(),
            });
        }
        let file = File::open(path).map_err(|source| MediaError::Io {
            path: shown.clone(),
            source,
        })?;
        let stream = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
        let mut hint = Hint::new();
        if let Some(extension) = path.extension().and_then(|ext| ext.to_str()) {
            hint.with_extension(extension);
        }
        let format_options = FormatOptions {
            // Trims the encoder's padding of mp3 and AAC, so that a
            // recording's times match the transcript's.
            enable_gapless: true,
            ..FormatOptions::default()
        };
        let probed = symphonia::default::get_probe()
            .format(&hint, stream, &format_options, &MetadataOptions::default())
            .map_err(|error| unsupported(&shown, &error, "not a recording Polyphony can read"))?;
        let format = probed.format;
        let track = format
            .tracks()
            .iter()
            .find(|track| track.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or_else(|| MediaError::Unsupported {
                path: shown.clone(),
                reason: "it has no audio track".to_owned(),
            })?;
        if track.codec_params.codec == CODEC_TYPE_OPUS {
            return Err(MediaError::Unsupported {
                path: shown,
                reason: OPUS_REASON.to_owned(),
            });
        }
        let params = track.codec_params.clone();
        let track_id = track.id;
        let decoder = symphonia::default::get_codecs()
            .make(&params, &DecoderOptions::default())
            .map_err(|error| unsupported(&shown, &error, "its audio codec is not supported"))?;
        let sample_rate = params.sample_rate.ok_or_else(|| MediaError::Unsupported {
            path: shown.clone(),
            reason: "it does not say its sample rate".to_owned(),
        })?;
        let channels = params
            .channels
            .map_or(1, |channels| channels.count().max(1));
        Ok(Self {
            path: path.to_path_buf(),
            format,
            decoder,
            track: track_id,
            sample_rate,
            channels,
            total_frames: params.n_frames,
            skip_until: None,
            next_frame: 0,
        })
    }

    #[must_use]
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Channels of the samples returned (interleaved).
    #[must_use]
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// The recording's length in seconds, when the container says.
    #[must_use]
    pub fn duration_seconds(&self) -> Option<f64> {
        self.total_frames
            .map(|frames| frames as f64 / f64::from(self.sample_rate))
    }

    /// The time, in seconds, the next samples start at.
    #[must_use]
    pub fn position_seconds(&self) -> f64 {
        self.next_frame as f64 / f64::from(self.sample_rate)
    }

    /// The next samples, interleaved, or `None` at the end. A damaged packet
    /// is skipped (as players do) rather than ending the recording.
    ///
    /// # Errors
    /// Reading the file failed, or the codec could not go on.
    pub fn next_samples(&mut self) -> Result<Option<Vec<f32>>, MediaError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(packet) => packet,
                Err(SymphoniaError::IoError(error))
                    if error.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    return Ok(None);
                }
                Err(SymphoniaError::ResetRequired) => {
                    self.decoder.reset();
                    continue;
                }
                Err(error) => return Err(self.failed(&error)),
            };
            if packet.track_id() != self.track {
                continue;
            }
            let packet_start = packet.ts();
            let decoded = match self.decoder.decode(&packet) {
                Ok(decoded) => decoded,
                Err(SymphoniaError::DecodeError(_)) => continue,
                Err(error) => return Err(self.failed(&error)),
            };
            let spec = *decoded.spec();
            let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
            buffer.copy_interleaved_ref(decoded);
            let channels = spec.channels.count().max(1);
            let mut samples = buffer.samples().to_vec();
            // After a seek, drop what comes before the time asked for.
            let mut start = packet_start;
            if let Some(target) = self.skip_until {
                let frames = samples.len() / channels;
                let drop = target.saturating_sub(packet_start).min(frames as u64);
                samples.drain(..usize::try_from(drop).unwrap_or(frames) * channels);
                start = packet_start + drop;
                if samples.is_empty() {
                    continue;
                }
                self.skip_until = None;
            }
            let samples = self.to_track_channels(samples, channels);
            self.next_frame = start + (samples.len() / self.channels) as u64;
            if samples.is_empty() {
                continue;
            }
            return Ok(Some(samples));
        }
    }

    /// Moves to `seconds` from the start (clamped to the recording), so that
    /// the next samples begin there.
    ///
    /// # Errors
    /// The format cannot seek (a stream without an index).
    pub fn seek(&mut self, seconds: f64) -> Result<(), MediaError> {
        let seconds = seconds.max(0.0);
        let seconds = match self.duration_seconds() {
            Some(duration) => seconds.min(duration),
            None => seconds,
        };
        let seeked = self
            .format
            .seek(
                SeekMode::Accurate,
                SeekTo::Time {
                    time: Time::from(seconds),
                    track_id: Some(self.track),
                },
            )
            .map_err(|error| self.failed(&error))?;
        self.decoder.reset();
        self.skip_until = Some(seeked.required_ts);
        self.next_frame = seeked.required_ts;
        Ok(())
    }

    /// Samples with `channels` channels as ones with the track's channel
    /// count (a stream whose packets change their layout is rare, but the
    /// output device was opened for one count).
    fn to_track_channels(&self, samples: Vec<f32>, channels: usize) -> Vec<f32> {
        if channels == self.channels {
            return samples;
        }
        samples
            .chunks(channels)
            .flat_map(|frame| {
                let mean = frame.iter().sum::<f32>() / channels as f32;
                std::iter::repeat_n(mean, self.channels)
            })
            .collect()
    }

    fn failed(&self, error: &SymphoniaError) -> MediaError {
        MediaError::Decode {
            path: self.path.display().to_string(),
            reason: error.to_string(),
        }
    }
}

/// A whole recording in memory: for tests and short files.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub sample_rate: u32,
    pub channels: usize,
    /// Interleaved.
    pub samples: Vec<f32>,
}

impl Decoded {
    #[must_use]
    pub fn duration_seconds(&self) -> f64 {
        (self.samples.len() / self.channels.max(1)) as f64 / f64::from(self.sample_rate.max(1))
    }
}

/// Decodes all of `path`.
///
/// # Errors
/// As [`Recording::open`] and [`Recording::next_samples`].
pub fn decode_all(path: &Path) -> Result<Decoded, MediaError> {
    let mut recording = Recording::open(path)?;
    let mut samples = Vec::new();
    while let Some(chunk) = recording.next_samples()? {
        samples.extend(chunk);
    }
    Ok(Decoded {
        sample_rate: recording.sample_rate,
        channels: recording.channels,
        samples,
    })
}

const OPUS_REASON: &str = "Opus is not decoded (there is no pure-Rust Opus decoder Polyphony can use); \
     convert it first, for example `ffmpeg -i FILE.opus FILE.mp3`";

fn has_extension(path: &Path, wanted: &str) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case(wanted))
}

fn unsupported(path: &str, error: &SymphoniaError, what: &str) -> MediaError {
    let reason = match error {
        SymphoniaError::Unsupported(detail) => format!("{what} ({detail})"),
        SymphoniaError::IoError(io) => format!("{what} ({io})"),
        other => format!("{what} ({other})"),
    };
    MediaError::Unsupported {
        path: path.to_owned(),
        reason,
    }
}
