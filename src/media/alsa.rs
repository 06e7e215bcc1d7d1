//! The sound card on Linux, through ALSA's `libasound.so.2` loaded when play
//! is first pressed (with `libloading`, as the tinyaudio crate does) rather
//! than linked at build time: building needs no `libasound2-dev`, and a
//! machine without the library or without a sound device gets an error value
//! that the window shows, while the transcript goes on working.
//!
//! Only the handful of functions a blocking interleaved writer needs are
//! declared. Samples go out as signed 16-bit, which every device takes
//! (ALSA's `default` device converts the rate where the card needs it).

use crate::media::MediaError;
use crate::media::output::SoundOutput;
use libloading::Library;
use std::ffi::{CStr, CString, c_char, c_int, c_long, c_uint, c_ulong, c_void};

/// `snd_pcm_t`, only ever behind a pointer.
#[repr(C)]
struct RawPcm {
    _private: [u8; 0],
}

const SND_PCM_STREAM_PLAYBACK: c_int = 0;
const SND_PCM_FORMAT_S16_LE: c_int = 2;
const SND_PCM_ACCESS_RW_INTERLEAVED: c_int = 3;
/// How much sound the device buffers: short enough that a pause is heard
/// at once, long enough not to stutter on a busy 2-core machine.
const LATENCY_MICROSECONDS: c_uint = 120_000;

type OpenFn = unsafe extern "C" fn(*mut *mut RawPcm, *const c_char, c_int, c_int) -> c_int;
type SetParamsFn =
    unsafe extern "C" fn(*mut RawPcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int;
type WriteFn = unsafe extern "C" fn(*mut RawPcm, *const c_void, c_ulong) -> c_long;
type RecoverFn = unsafe extern "C" fn(*mut RawPcm, c_int, c_int) -> c_int;
type PcmFn = unsafe extern "C" fn(*mut RawPcm) -> c_int;
type StrerrorFn = unsafe extern "C" fn(c_int) -> *const c_char;

/// ALSA's functions, valid while `_library` is loaded (it lives as long).
struct Functions {
    write: WriteFn,
    recover: RecoverFn,
    prepare: PcmFn,
    drop_buffered: PcmFn,
    close: PcmFn,
    strerror: StrerrorFn,
    _library: Library,
}

/// An open ALSA playback device.
pub struct AlsaOutput {
    functions: Functions,
    pcm: *mut RawPcm,
    channels: usize,
    /// The samples as the device takes them, kept to save allocating.
    converted: Vec<i16>,
}

impl AlsaOutput {
    /// Loads ALSA and opens its default playback device.
    ///
    /// # Errors
    /// `libasound.so.2` is not installed, or there is no device to open.
    pub fn open(sample_rate: u32, channels: usize) -> Result<Self, MediaError> {
        // SAFETY: loading libasound runs its initialisers, which only set up
        // ALSA's own state; the symbols are declared with ALSA's signatures
        // (alsa/pcm.h, stable since ALSA 1.0).
        let (functions, open, set_params) = unsafe { load() }?;
        let mut pcm: *mut RawPcm = std::ptr::null_mut();
        let device = CString::new("default").map_err(|_| no_sound("bad device name"))?;
        // SAFETY: `pcm` is a valid out-pointer and `device` a C string.
        let opened = unsafe { open(&raw mut pcm, device.as_ptr(), SND_PCM_STREAM_PLAYBACK, 0) };
        if opened < 0 || pcm.is_null() {
            let reason = describe(&functions, opened);
            return Err(no_sound(&format!(
                "no sound device could be opened ({reason})"
            )));
        }
        let output = Self {
            functions,
            pcm,
            channels: channels.max(1),
            converted: Vec::new(),
        };
        let channel_count = c_uint::try_from(output.channels).unwrap_or(1);
        // SAFETY: `pcm` was opened above and is closed only in `drop`.
        let set = unsafe {
            set_params(
                output.pcm,
                SND_PCM_FORMAT_S16_LE,
                SND_PCM_ACCESS_RW_INTERLEAVED,
                channel_count,
                sample_rate,
                1,
                LATENCY_MICROSECONDS,
            )
        };
        if set < 0 {
            let reason = describe(&output.functions, set);
            return Err(no_sound(&format!(
                "the sound device refused {sample_rate} Hz, {channels} channel(s) ({reason})"
            )));
        }
        Ok(output)
    }
}

/// Loads `libasound.so.2` and looks up what [`AlsaOutput`] calls.
///
/// # Safety
/// The library must be ALSA's, whose functions have the declared types.
unsafe fn load() -> Result<(Functions, OpenFn, SetParamsFn), MediaError> {
    // SAFETY: see the function's contract.
    unsafe {
        let library = Library::new("libasound.so.2").map_err(|error| {
            no_sound(&format!(
                "ALSA's libasound.so.2 could not be loaded ({error}); install libasound2 to hear recordings"
            ))
        })?;
        let missing =
            |error: libloading::Error| no_sound(&format!("libasound.so.2 is incomplete ({error})"));
        let open: OpenFn = *library.get(b"snd_pcm_open\0").map_err(missing)?;
        let set_params: SetParamsFn = *library.get(b"snd_pcm_set_params\0").map_err(missing)?;
        let functions = Functions {
            write: *library.get(b"snd_pcm_writei\0").map_err(missing)?,
            recover: *library.get(b"snd_pcm_recover\0").map_err(missing)?,
            prepare: *library.get(b"snd_pcm_prepare\0").map_err(missing)?,
            drop_buffered: *library.get(b"snd_pcm_drop\0").map_err(missing)?,
            close: *library.get(b"snd_pcm_close\0").map_err(missing)?,
            strerror: *library.get(b"snd_strerror\0").map_err(missing)?,
            _library: library,
        };
        Ok((functions, open, set_params))
    }
}

impl SoundOutput for AlsaOutput {
    fn write(&mut self, samples: &[f32]) -> Result<(), MediaError> {
        self.converted.clear();
        self.converted
            .extend(samples.iter().map(|&sample| pcm_sample(sample)));
        let mut written = 0;
        let frames = self.converted.len() / self.channels;
        while written < frames {
            let rest = &self.converted[written * self.channels..];
            let count = c_ulong::try_from(frames - written).unwrap_or(c_ulong::MAX);
            // SAFETY: `rest` holds at least `count` interleaved frames and
            // `pcm` is open; writei blocks until the device takes some.
            let result = unsafe { (self.functions.write)(self.pcm, rest.as_ptr().cast(), count) };
            if result >= 0 {
                written += usize::try_from(result).unwrap_or(0);
                continue;
            }
            let code = c_int::try_from(result).unwrap_or(-1);
            // An underrun (the player was slow) or a suspend: carry on.
            // SAFETY: `pcm` is open.
            let recovered = unsafe { (self.functions.recover)(self.pcm, code, 1) };
            if recovered < 0 {
                let reason = describe(&self.functions, code);
                return Err(no_sound(&format!("the sound device stopped ({reason})")));
            }
        }
        Ok(())
    }

    fn discard(&mut self) {
        // SAFETY: `pcm` is open. Drop stops the device; prepare readies it
        // for the next write.
        unsafe {
            (self.functions.drop_buffered)(self.pcm);
            (self.functions.prepare)(self.pcm);
        }
    }
}

impl Drop for AlsaOutput {
    fn drop(&mut self) {
        // SAFETY: `pcm` was opened by `open` and is closed only here.
        unsafe {
            (self.functions.drop_buffered)(self.pcm);
            (self.functions.close)(self.pcm);
        }
    }
}

/// ALSA's words for an error code.
fn describe(functions: &Functions, code: c_int) -> String {
    // SAFETY: snd_strerror returns a static C string for any code.
    let text = unsafe { (functions.strerror)(code) };
    if text.is_null() {
        return format!("error {code}");
    }
    // SAFETY: non-null, NUL-terminated and static (see above).
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

fn no_sound(reason: &str) -> MediaError {
    MediaError::NoSound(reason.to_owned())
}

/// A sample in ±1 as signed 16-bit PCM; beyond ±1 is clipped, not wrapped.
#[expect(
    clippy::cast_possible_truncation,
    reason = "clamped to ±1 first, so the product is within i16's range"
)]
fn pcm_sample(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16
}
