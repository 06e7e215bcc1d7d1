//! Snapshot images of the window's two busiest views, rendered with wgpu
//! (lavapipe on machines without a GPU) and compared with the images kept in
//! `tests/snapshots/`: the transcript of a coded interview with its paragraph
//! numbers, speaker names, highlights and coding stripes, and the codebook
//! tree with its counts and a code chosen. A change in how either looks
//! fails here until the new image is looked at and kept with
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui_snapshots`.
//!
//! Where no Vulkan driver is installed they are skipped with a message, except
//! under CI, which must have one.
//!
//! The status bar names the project's temporary folder, which differs from
//! run to run, so it is masked.

#![cfg(feature = "gui")]

#[path = "support/mod.rs"]
mod support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};
use polyphony::gui::PolyphonyApp;

fn demo_window(dir: &std::path::Path) -> Harness<'static, PolyphonyApp> {
    let bench = support::demo(dir);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        // The sample transcripts hold emoji, which the desktop window takes
        // from system fonts; here they are drawn as boxes.
        .allow_missing_glyphs()
        .build_eframe(|_| PolyphonyApp::new(Some(bench)).without_file_dialogs());
    harness.run();
    harness
}

/// Hides the status bar's project path, which names a temporary folder.
fn mask_status_bar(harness: &mut Harness<'_, PolyphonyApp>) {
    let size = harness.ctx.content_rect();
    harness.mask(egui::Rect::from_min_max(
        egui::pos2(0.0, size.bottom() - 30.0),
        size.max,
    ));
}

fn options() -> SnapshotOptions {
    // Lavapipe's anti-aliasing differs in a few edge pixels between
    // versions; the layout itself must match.
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(400)
}

#[test]
fn the_transcript_looks_as_kept() {
    if !support::vulkan_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = demo_window(dir.path());
    harness
        .get_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| label.starts_with("peer-01-zoe-adebayo"))
        })
        .click();
    harness.run();
    // ] picks out the first coded segment: highlighted, striped, selected.
    harness.key_press(egui::Key::CloseBracket);
    harness.run();
    harness.remove_cursor();
    harness.run();
    mask_status_bar(&mut harness);
    harness.snapshot_options("transcript", &options());
}

#[test]
fn the_codebook_looks_as_kept() {
    if !support::vulkan_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = demo_window(dir.path());
    let hope_row = |harness: &Harness<'_, PolyphonyApp>| {
        harness
            .get_by(|node| {
                node.role() == Role::Button
                    && node.label().is_some_and(|label| label.starts_with("Hope "))
            })
            .rect()
            .center()
    };
    // Choose Hope: its row is marked and its segments fill the Segments panel.
    let at = hope_row(&harness);
    harness.hover_at(at);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
    }
    harness.remove_cursor();
    harness.run();
    let hope_segments = harness.state().workbench().map_or(0, |bench| {
        let project = bench.project();
        let hope = project.find_code("Hope").map(|code| code.id);
        project
            .codings
            .values()
            .filter(|coding| Some(coding.code) == hope)
            .count()
    });
    assert!(hope_segments > 0);
    assert!(
        harness
            .query_by_label(&format!("Segments of Hope ({hope_segments})"))
            .is_some()
    );
    mask_status_bar(&mut harness);
    harness.snapshot_options("codebook", &options());
}
