//! Decoding, seeking and playing the fixture recordings in
//! `tests/fixtures/media/` (made by its `make.sh`), with no sound device:
//! the player writes to a recording sink.

use super::*;
use std::path::{Path, PathBuf};

/// The fixtures' tone: 1.5 s of 440 Hz.
const TONE_SECONDS: f64 = 1.5;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/media")
        .join(name)
}

const DECODED: [&str; 6] = [
    "tone.mp3",
    "tone.m4a",
    "tone.mp4",
    "tone.wav",
    "tone.ogg",
    "tone.flac",
];

/// Zero crossings a second, which for a clean tone is twice its pitch.
fn crossings_per_second(samples: &[f32], channels: usize, rate: u32) -> f64 {
    let mono: Vec<f32> = samples.chunks(channels).map(|frame| frame[0]).collect();
    let crossings = mono
        .windows(2)
        .filter(|pair| (pair[0] < 0.0) != (pair[1] < 0.0))
        .count();
    crossings as f64 / (mono.len() as f64 / f64::from(rate))
}

#[test]
fn every_fixture_decodes_to_the_length_of_its_tone() {
    for name in DECODED {
        let decoded = decode_all(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let seconds = decoded.duration_seconds();
        // Within a frame of the codec (mp3: 1152 samples, AAC 1024; an mp4's
        // audio track may be cut to its video's frame).
        assert!(
            (seconds - TONE_SECONDS).abs() <= 0.11,
            "{name}: {seconds} s of sound"
        );
        let pitch =
            crossings_per_second(&decoded.samples, decoded.channels, decoded.sample_rate) / 2.0;
        assert!((pitch - 440.0).abs() < 20.0, "{name}: heard at {pitch} Hz");
    }
}

#[test]
fn every_fixture_seeks_to_one_second() {
    for name in DECODED {
        let mut recording =
            Recording::open(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        recording
            .seek(1.0)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let at = recording.position_seconds();
        assert!((at - 1.0).abs() < 0.03, "{name}: seeked to {at} s");
        let mut rest = 0;
        while let Some(samples) = recording.next_samples().expect("decode after seek") {
            rest += samples.len() / recording.channels();
        }
        let seconds = rest as f64 / f64::from(recording.sample_rate());
        assert!(
            (seconds - (TONE_SECONDS - 1.0)).abs() <= 0.11,
            "{name}: {seconds} s after the seek"
        );
    }
}

#[test]
fn an_opus_file_gives_a_message_not_a_panic() {
    let error = Recording::open(&fixture("tone.opus")).expect_err("opus is not decoded");
    let message = error.to_string();
    assert!(message.contains("Opus"), "{message}");
    assert!(matches!(error, MediaError::Unsupported { .. }));
}

#[test]
fn a_file_that_is_not_a_recording_gives_a_message() {
    let error = Recording::open(&fixture("make.sh")).expect_err("a script is no recording");
    assert!(error.to_string().starts_with("cannot play"), "{error}");
    let missing = Recording::open(&fixture("none.mp3")).expect_err("missing");
    assert!(matches!(missing, MediaError::Io { .. }), "{missing}");
}

fn core(name: &str) -> PlayerCore {
    PlayerCore::new(Recording::open(&fixture(name)).expect("open fixture"))
}

#[test]
fn the_player_position_follows_what_was_written() {
    let sink = RecordingSink::default();
    let mut output = sink.clone();
    let mut player = core("tone.wav");
    sink.recorded.lock().expect("lock").sample_rate = player.sample_rate();
    sink.recorded.lock().expect("lock").channels = player.channels();
    for _ in 0..10 {
        assert!(player.play_piece(&mut output).expect("play"));
    }
    // Ten pieces of 50 ms.
    assert!(
        (player.position() - 0.5).abs() < 0.01,
        "{}",
        player.position()
    );
    assert!((sink.seconds() - 0.5).abs() < 0.01);
    while player.play_piece(&mut output).expect("play") {}
    assert!(player.ended());
    assert!((player.position() - TONE_SECONDS).abs() < 0.01);
}

#[test]
fn at_double_speed_a_second_of_recording_takes_half_a_second() {
    let sink = RecordingSink::default();
    let mut output = sink.clone();
    let mut player = core("tone.wav");
    {
        let mut recorded = sink.recorded.lock().expect("lock");
        recorded.sample_rate = player.sample_rate();
        recorded.channels = player.channels();
    }
    player.seek(0.2).expect("seek");
    player.set_speed(2.0);
    while player.position() < 1.2 {
        assert!(player.play_piece(&mut output).expect("play"));
    }
    // One second of the recording in about half a second of sound.
    let heard = sink.seconds();
    assert!((heard - 0.5).abs() < 0.06, "{heard} s heard");
    // Still at the tone's pitch.
    let recorded = sink.recorded.lock().expect("lock");
    let pitch = crossings_per_second(&recorded.samples, 1, recorded.sample_rate) / 2.0;
    assert!((pitch - 440.0).abs() < 25.0, "{pitch} Hz");
}

#[test]
fn speeds_step_between_half_and_double() {
    // The speeds are exact binary fractions, so they compare exactly.
    let steps = [
        (1.0, 1, 1.25),
        (2.0, 1, 2.0),
        (0.5, -1, 0.5),
        (0.75, -1, 0.5),
    ];
    for (speed, step, expected) in steps {
        let stepped = player::stepped_speed(speed, step);
        assert!(
            (stepped - expected).abs() < 1e-9,
            "{speed} {step}: {stepped}"
        );
    }
}

fn wait_for(player: &Player, what: impl Fn(&PlayerStatus) -> bool) -> PlayerStatus {
    for _ in 0..200 {
        let status = player.status();
        if what(&status) {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    player.status()
}

#[test]
fn the_player_thread_says_when_there_is_no_sound_device() {
    let player = Player::open(&fixture("tone.ogg"), no_output("no device here")).expect("open");
    player.play();
    let status = wait_for(&player, |status| status.error.is_some());
    assert!(!status.playing);
    assert_eq!(
        status.error.as_deref(),
        Some("no sound output: no device here")
    );
    // Seeking still works without a device, and is read back at once.
    player.seek(1.0);
    assert!((player.status().position - 1.0).abs() < 1e-9);
    player.skip(-5.0);
    assert!(player.status().position.abs() < 1e-9);
}

#[test]
fn the_player_thread_plays_into_a_sink_to_the_end() {
    let sink = RecordingSink::default();
    let player = Player::open(&fixture("tone.flac"), sink.opener()).expect("open");
    player.seek(1.0);
    player.play();
    let status = wait_for(&player, |status| !status.playing && status.position > 1.4);
    assert!(status.error.is_none(), "{:?}", status.error);
    assert!((status.position - TONE_SECONDS).abs() < 0.01, "{status:?}");
    assert!((sink.seconds() - 0.5).abs() < 0.03, "{} s", sink.seconds());
}

#[test]
fn the_system_output_is_an_error_value_or_a_device() {
    // Under Xvfb on a machine without sound this is an error; on a desktop
    // it opens. Either way it does not panic.
    match (system_output())(16_000, 1) {
        Ok(_) => {}
        Err(error) => assert!(error.to_string().starts_with("no sound output"), "{error}"),
    }
}
