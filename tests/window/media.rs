//! The recording beside the transcript, driven with egui_kittest by
//! accessible role and label: a document with a linked recording shows the
//! player bar; play without a sound device says so in the window; a turn's
//! time, "Play from here" on a coded segment and the keys move the player.
//! The window is given a sound output that fails (or records) rather than
//! the machine's, so the tests never depend on a sound card.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::edit::Command;
use polyphony::gui::PolyphonyApp;
use polyphony::media::{RecordingSink, no_output};
use polyphony::model::{Code, CodeId, Coding, CodingId};
use polyphony::workbench::Workbench;
use std::path::{Path, PathBuf};

use crate::support::window::harness_for;

const TRANSCRIPT: &str = "peer-03-marcus-reid";

fn recording() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-corpus/recordings")
        .join(format!("{TRANSCRIPT}.ogg"))
}

/// A project holding one timed transcript linked to its recording, with one
/// coding on a turn that starts at 0:00:23.
fn project(dir: &Path) -> Workbench {
    let mut bench = Workbench::create(&dir.join("study.polyphony"), "Ruth").expect("create");
    let transcript = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-corpus/transcripts")
        .join(format!("{TRANSCRIPT}.vtt"));
    bench
        .import_paths(&[transcript], &mut |_| {})
        .expect("import");
    let document = bench.project().documents_by_name()[0].clone();
    bench
        .apply(Command::SetDocumentMedia {
            id: document.id,
            media: Some(recording().display().to_string()),
        })
        .expect("link");
    let turn = document
        .turns
        .iter()
        .find(|turn| turn.time_ms == Some(23_410))
        .expect("a turn at 0:00:23");
    let code = Code {
        id: CodeId::new(),
        name: "Background".to_owned(),
        parent: None,
        color: "#4477aa".to_owned(),
        description: String::new(),
    };
    let coding = Coding {
        id: CodingId::new(),
        document: document.id,
        code: code.id,
        coder: bench.coder().id,
        start: turn.start,
        end: turn.start + 4,
        created_at: 0,
        memo: String::new(),
    };
    bench
        .apply(Command::Batch {
            label: "code".to_owned(),
            commands: vec![Command::CreateCode { code }, Command::AddCoding { coding }],
        })
        .expect("code");
    bench
}

fn open_transcript(harness: &mut Harness<'_, PolyphonyApp>) {
    harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node.label().is_some_and(|label| label.contains(TRANSCRIPT))
        })
        .next()
        .expect("the transcript is listed")
        .click();
    harness.run();
}

fn position(harness: &Harness<'_, PolyphonyApp>) -> f64 {
    harness
        .state()
        .player_status()
        .expect("the recording is open")
        .position
}

/// Runs frames, with a pause between, until `done` holds (the player is on
/// its own thread).
fn wait_until(
    harness: &mut Harness<'_, PolyphonyApp>,
    done: impl Fn(&Harness<'_, PolyphonyApp>) -> bool,
) -> bool {
    for _ in 0..100 {
        if done(harness) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
    done(harness)
}

#[test]
fn the_player_bar_plays_from_a_turn_and_says_there_is_no_sound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = PolyphonyApp::new(Some(project(dir.path())))
        .without_file_dialogs()
        .with_sound_output(no_output("no sound device on this test machine"));
    let mut harness = harness_for(app);
    assert!(
        harness.query_by_label("Play").is_none(),
        "no bar before a document is shown"
    );
    open_transcript(&mut harness);

    // The bar's controls, each by its label.
    for label in ["Play", "Back 5 s"] {
        harness.get_by_role_and_label(Role::Button, label);
    }
    assert!(harness.query_by_label("Speed").is_some());
    assert!(harness.query_by_label("Position").is_some());
    assert!(
        harness
            .query_by_label_contains("0:00:00 / 0:00:39")
            .is_some()
    );

    // Play without a device: the bar says why, nothing panics, and the
    // transcript is still there.
    harness.get_by_role_and_label(Role::Button, "Play").click();
    harness.run();
    assert!(
        wait_until(&mut harness, |harness| harness
            .query_by_label_contains("no sound device on this test machine")
            .is_some()),
        "the missing device is said in the window"
    );
    assert!(harness.query_all_by_label("Marcus Reid").next().is_some());

    // A turn's time moves the player there.
    harness.get_by_label("Play from 0:00:13").click();
    harness.run();
    assert!(
        (position(&harness) - 13.935).abs() < 0.01,
        "{}",
        position(&harness)
    );

    // Back 5 s, by its button and by Ctrl+Left.
    harness
        .get_by_role_and_label(Role::Button, "Back 5 s")
        .click();
    harness.run();
    assert!(
        (position(&harness) - 8.935).abs() < 0.01,
        "{}",
        position(&harness)
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowLeft);
    harness.run();
    assert!(
        (position(&harness) - 3.935).abs() < 0.01,
        "{}",
        position(&harness)
    );
}

#[test]
fn play_from_here_on_a_segment_plays_into_the_sink_and_follows_the_turn() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sink = RecordingSink::default();
    let app = PolyphonyApp::new(Some(project(dir.path())))
        .without_file_dialogs()
        .with_sound_output(sink.opener());
    let mut harness = harness_for(app);
    open_transcript(&mut harness);

    // Right-click the coding stripe: its menu plays from the segment.
    harness
        .get_by_label("Coding stripe: Background")
        .click_secondary();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Play from here")
        .click();
    harness.run();
    // The sink does not wait like a device, so the player runs to the end.
    assert!(
        wait_until(&mut harness, |harness| position(harness) > 23.4
            && sink.seconds() > 0.0),
        "{}",
        position(&harness)
    );
    assert!(
        harness
            .state()
            .player_status()
            .and_then(|status| status.error)
            .is_none(),
        "no error with a working output"
    );

    // Speed by the keys, within 0.5x to 2x.
    for _ in 0..6 {
        harness.key_press_modifiers(
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::Period,
        );
        harness.run();
    }
    let speed = harness.state().player_status().map(|status| status.speed);
    assert_eq!(speed, Some(2.0));
}
