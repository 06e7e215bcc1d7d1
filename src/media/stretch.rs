//! Playing speech faster or slower without changing its pitch: a WSOLA time
//! stretch (waveform-similarity overlap-add). Windows of 40 ms are taken from
//! the input a little further apart than they are laid down in the output
//! (or a little closer, to slow down); each window is moved by up to 10 ms to
//! where it best continues the one before, so the pitch periods line up and
//! voices do not warble. Cheap enough for the player thread at any rate: the
//! similarity search looks at every second offset and every fourth sample.

use crate::numbers::{count_from, single};

/// Length of one window, in seconds.
const WINDOW_SECONDS: f64 = 0.040;
/// How far a window may move to match the last one, in seconds.
const TOLERANCE_SECONDS: f64 = 0.010;
/// The similarity search looks at every `SEARCH_STEP`-th offset…
const SEARCH_STEP: usize = 2;
/// …and compares every `COMPARE_STEP`-th sample of the overlap.
const COMPARE_STEP: usize = 4;

/// A streaming time stretch: push decoded samples in, take stretched
/// samples out. The output is `1 / speed` times as long as the input.
#[derive(Debug, Clone)]
pub struct TimeStretch {
    channels: usize,
    speed: f64,
    /// A Hann window: at half-window hops the windows add up to one.
    window: Vec<f32>,
    /// Frames per window.
    frame: usize,
    /// Frames laid down in the output per window.
    hop_out: usize,
    /// Frames a window may move, either way.
    tolerance: usize,
    /// Interleaved input not yet used up.
    input: Vec<f32>,
    /// Where in `input` (in frames) the next window would start unmoved.
    next: f64,
    /// Where the window just taken goes on: what the next one should match.
    natural: Option<usize>,
    /// The second half of the last window, to be added to the next.
    overlap: Vec<f32>,
}

impl TimeStretch {
    /// A stretch for `channels` interleaved channels at `sample_rate` that
    /// plays at `speed` (1.5 is half as fast again).
    #[must_use]
    pub fn new(sample_rate: u32, channels: usize, speed: f64) -> Self {
        let channels = channels.max(1);
        let rate = f64::from(sample_rate.max(1000));
        // An even window, so that two half-windows make one.
        let frame = (count_from(rate * WINDOW_SECONDS) / 2 * 2).max(64);
        let hop_out = frame / 2;
        let window = (0..frame)
            .map(|k| {
                let phase = std::f64::consts::TAU * k as f64 / frame as f64;
                single(0.5 - 0.5 * phase.cos())
            })
            .collect();
        Self {
            channels,
            speed: speed.clamp(0.25, 4.0),
            window,
            frame,
            hop_out,
            tolerance: count_from(rate * TOLERANCE_SECONDS),
            input: Vec::new(),
            next: 0.0,
            natural: None,
            overlap: vec![0.0; hop_out * channels],
        }
    }

    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Takes `samples` (interleaved) and appends what can be stretched so far
    /// to `out`.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<f32>) {
        self.input.extend_from_slice(samples);
        let hop_in = self.hop_out as f64 * self.speed;
        while let Some(best) = self.next_window_start() {
            self.lay_down(best, out);
            self.natural = Some(best + self.hop_out);
            self.next += hop_in;
            self.drop_used_input();
        }
    }

    /// Appends the end of the last window: call once the input has ended.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        out.extend_from_slice(&self.overlap);
        self.overlap.iter_mut().for_each(|sample| *sample = 0.0);
    }

    fn frames_in(&self) -> usize {
        self.input.len() / self.channels
    }

    /// Where the next window starts once moved to fit, or `None` when more
    /// input is needed first.
    fn next_window_start(&self) -> Option<usize> {
        let unmoved = count_from(self.next);
        let Some(natural) = self.natural else {
            return (unmoved + self.frame <= self.frames_in()).then_some(unmoved);
        };
        let latest = unmoved + self.tolerance;
        let needed = (latest + self.frame).max(natural + self.frame);
        if needed > self.frames_in() {
            return None;
        }
        let earliest = unmoved.saturating_sub(self.tolerance);
        let mut best = (unmoved, f32::MIN);
        for candidate in (earliest..=latest).step_by(SEARCH_STEP) {
            let score = self.similarity(candidate, natural);
            if score > best.1 {
                best = (candidate, score);
            }
        }
        Some(best.0)
    }

    /// How alike the half-window at `candidate` is to the one at `natural`
    /// (normalised cross-correlation of the channels' mean).
    fn similarity(&self, candidate: usize, natural: usize) -> f32 {
        let (mut product, mut energy) = (0.0_f32, 0.0_f32);
        for k in (0..self.hop_out).step_by(COMPARE_STEP) {
            let a = self.mono(candidate + k);
            let b = self.mono(natural + k);
            product += a * b;
            energy += a * a;
        }
        if energy <= f32::EPSILON {
            return 0.0;
        }
        product / energy.sqrt()
    }

    fn mono(&self, frame: usize) -> f32 {
        let at = frame * self.channels;
        self.input[at..at + self.channels].iter().sum::<f32>() / self.channels as f32
    }

    /// Windows the input at `start`, adds its first half to the last window's
    /// second half and appends that to `out`.
    fn lay_down(&mut self, start: usize, out: &mut Vec<f32>) {
        let channels = self.channels;
        for k in 0..self.frame {
            let weight = self.window[k];
            for channel in 0..channels {
                let sample = self.input[(start + k) * channels + channel] * weight;
                if k < self.hop_out {
                    out.push(self.overlap[k * channels + channel] + sample);
                } else {
                    self.overlap[(k - self.hop_out) * channels + channel] = sample;
                }
            }
        }
    }

    /// Forgets input that no later window can reach.
    fn drop_used_input(&mut self) {
        let reach = count_from(self.next).saturating_sub(self.tolerance);
        let keep_from = self.natural.map_or(reach, |natural| natural.min(reach));
        if keep_from == 0 {
            return;
        }
        self.input.drain(..keep_from * self.channels);
        self.next -= keep_from as f64;
        self.natural = self.natural.map(|natural| natural - keep_from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, seconds: f64, hz: f64) -> Vec<f32> {
        (0..count_from(f64::from(rate) * seconds))
            .map(|n| single((std::f64::consts::TAU * hz * n as f64 / f64::from(rate)).sin()) * 0.5)
            .collect()
    }

    fn stretched(speed: f64, input: &[f32], rate: u32, channels: usize) -> Vec<f32> {
        let mut stretch = TimeStretch::new(rate, channels, speed);
        let mut out = Vec::new();
        // In uneven pieces, as packets come.
        for piece in input.chunks(777 * channels) {
            stretch.push(piece, &mut out);
        }
        stretch.finish(&mut out);
        out
    }

    #[test]
    fn the_output_lasts_the_input_divided_by_the_speed() {
        let rate = 16_000;
        let input = tone(rate, 2.0, 220.0);
        for speed in [0.5, 0.75, 1.25, 1.5, 2.0] {
            let out = stretched(speed, &input, rate, 1);
            let seconds = out.len() as f64 / f64::from(rate);
            let wanted = 2.0 / speed;
            // Within a window or two: the end waits for a full window.
            assert!(
                (seconds - wanted).abs() < 0.1,
                "at {speed}x: {seconds} s, wanted {wanted} s"
            );
        }
    }

    #[test]
    fn the_pitch_stays_the_same() {
        // Count zero crossings: a 220 Hz tone has 440 a second at any speed.
        let rate = 16_000;
        let input = tone(rate, 2.0, 220.0);
        for speed in [0.5, 2.0] {
            let out = stretched(speed, &input, rate, 1);
            let body = &out[rate as usize / 10..out.len() - rate as usize / 10];
            let crossings = body
                .windows(2)
                .filter(|pair| (pair[0] < 0.0) != (pair[1] < 0.0))
                .count();
            let per_second = crossings as f64 / (body.len() as f64 / f64::from(rate));
            assert!(
                (per_second - 440.0).abs() < 25.0,
                "at {speed}x: {per_second} crossings a second"
            );
        }
    }

    #[test]
    fn stereo_keeps_its_channels_apart() {
        let rate = 8_000;
        let left = tone(rate, 1.0, 200.0);
        let interleaved: Vec<f32> = left.iter().flat_map(|&sample| [sample, 0.0]).collect();
        let out = stretched(1.5, &interleaved, rate, 2);
        assert_eq!(out.len() % 2, 0);
        assert!(out.chunks(2).all(|frame| frame[1] == 0.0));
        assert!(out.chunks(2).any(|frame| frame[0].abs() > 0.1));
    }
}
