//! What the window's test binaries share: a harness on the real app, and the
//! pointer, menu and keyboard steps a person takes in it.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::gui::PolyphonyApp;
use polyphony::workbench::Workbench;

/// A harness of `size` on `app`, run to rest. With `transcripts_shown`,
/// glyphs no font here can draw are drawn as boxes: the sample transcripts
/// hold emoji, which the desktop window takes from system fonts. Without it,
/// every glyph the window draws must be in its own fonts.
pub fn harness_sized(
    app: PolyphonyApp,
    size: egui::Vec2,
    transcripts_shown: bool,
) -> Harness<'static, PolyphonyApp> {
    let mut builder = Harness::builder().with_size(size).with_max_steps(16);
    if transcripts_shown {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_eframe(|_| app);
    harness.run();
    harness
}

/// A 1400 × 900 harness on `app`, which may show transcripts.
pub fn harness_for(app: PolyphonyApp) -> Harness<'static, PolyphonyApp> {
    harness_sized(app, egui::vec2(1400.0, 900.0), true)
}

/// The project the window has open.
pub fn workbench_of<'h>(harness: &'h Harness<'_, PolyphonyApp>) -> &'h Workbench {
    harness.state().workbench().expect("a project is open")
}

/// Presses and releases `button` at `pos`, as one click.
pub fn click_at_with(
    harness: &mut Harness<'_, PolyphonyApp>,
    pos: egui::Pos2,
    button: egui::PointerButton,
) {
    harness.hover_at(pos);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run();
}

/// Clicks the primary button at `pos`.
pub fn click_at(harness: &mut Harness<'_, PolyphonyApp>, pos: egui::Pos2) {
    click_at_with(harness, pos, egui::PointerButton::Primary);
}

/// Presses the primary button at `from`, moves to `to` in `steps` equal
/// steps, one frame each, and releases there, as a person dragging does.
pub fn drag_in_steps(
    harness: &mut Harness<'_, PolyphonyApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    steps: u16,
) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=steps {
        let t = f32::from(step) / f32::from(steps);
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

/// Clicks the field labelled `field` and types `text` into it.
pub fn type_into(harness: &mut Harness<'_, PolyphonyApp>, field: &str, text: &str) {
    harness.get_by_label(field).click();
    harness.run();
    harness.get_by_label(field).type_text(text);
    harness.run();
}

/// Opens the Edit menu and says whether its Undo item reads `label`, then
/// closes the menu again.
pub fn undo_label_is(harness: &mut Harness<'_, PolyphonyApp>, label: &str) -> bool {
    harness.get_by_label("Edit").click();
    harness.run();
    let found = harness
        .query_by_label_contains(&format!("Undo: {label}"))
        .is_some();
    harness.get_by_label("Edit").click();
    harness.run();
    assert!(
        harness.query_by_label_contains("Undo").is_none(),
        "the menu closed"
    );
    found
}

/// The first button whose label contains `text`, white space aside.
pub fn button_containing<'h>(
    harness: &'h Harness<'_, PolyphonyApp>,
    text: &str,
) -> Option<egui_kittest::Node<'h>> {
    let wanted = super::one_line(text);
    harness
        .query_all_by(move |node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| super::one_line(&label).contains(&wanted))
        })
        .next()
}

/// Steps the window until the background job is over (at most a minute).
pub fn wait_for_job(harness: &mut Harness<'_, PolyphonyApp>) {
    for _ in 0..3000 {
        if !harness.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.step();
    assert!(!harness.state().is_busy(), "the job ended");
}

/// Chooses `item` in the File menu and types `path` into the field
/// labelled `field`, as on a desktop without a file dialog.
pub fn file_menu(
    harness: &mut Harness<'_, PolyphonyApp>,
    item: &str,
    field: &str,
    path: &std::path::Path,
) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
    type_into(harness, field, &path.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
}
