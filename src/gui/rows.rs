//! Long lists of rows of one height inside an ordinary layout (a collapsing
//! group, a scroll area shared with headings): the space of every row is
//! taken, so the scroll bar and what follows are where they would be, but only
//! the rows in view are drawn, so that a list's cost per frame does not grow
//! with its length.

use egui::{Rect, UiBuilder, pos2, vec2};

/// A small button whose words are short but whose accessible name (and tooltip)
/// says which row it acts on, since every row has one.
pub fn row_button(ui: &mut egui::Ui, text: &str, full: &str) -> egui::Response {
    let response = ui.small_button(text).on_hover_text(full);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, full));
    response
}

/// The height of a row holding one button of body text.
#[must_use]
pub fn button_row_height(ui: &egui::Ui) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text = ui.fonts_mut(|fonts| fonts.row_height(&font));
    (text + 2.0 * ui.spacing().button_padding.y).max(ui.spacing().interact_size.y)
}

/// Takes the space of `count` rows `height` tall, with the item spacing
/// between them, and calls `draw` for each row in view, in a `Ui` of that row's
/// size (whose ids depend on the row's index, not on what was drawn above).
pub fn in_view(
    ui: &mut egui::Ui,
    count: usize,
    height: f32,
    mut draw: impl FnMut(&mut egui::Ui, usize),
) {
    if count == 0 {
        return;
    }
    let spacing = ui.spacing().item_spacing.y;
    let step = height + spacing;
    let origin = ui.cursor().min;
    let width = ui.available_width();
    let clip = ui.clip_rect();
    // Rows from the one the top of the view cuts to the one its bottom cuts:
    // none for a list wholly above or below the view.
    let place = |y: f32| (y - origin.y) / step;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "row numbers clamped to 0..=count before they become indices"
    )]
    let (first, end) = {
        let last = count as f32;
        let first = place(clip.min.y).floor().clamp(0.0, last);
        let end = place(clip.max.y).ceil().clamp(first, last);
        (first as usize, end as usize)
    };
    for index in first..end {
        let top = origin.y + index as f32 * step;
        let rect = Rect::from_min_size(pos2(origin.x, top), vec2(width, height));
        ui.scope_builder(
            UiBuilder::new().max_rect(rect).id_salt(("row", index)),
            |ui| draw(ui, index),
        );
    }
    let all = Rect::from_min_size(origin, vec2(width, count as f32 * step - spacing));
    ui.advance_cursor_after_rect(all);
}
