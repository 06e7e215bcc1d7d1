//! The transcript panel: the chosen document turn by turn, each speaker's name
//! in their own colour above what they said, coded text tinted with its code's
//! colour. Only the turns in view are drawn, so long transcripts scroll freely.
//!
//! Press and drag over the words to select them (the selection snaps to whole
//! words unless Alt is held; Shift+click extends it); right-click coded text
//! to uncode, recode or write a memo on its segments.

use crate::gui::Action;
use crate::gui::colors::{code_color, highlight, speaker_color};
use crate::gui::picker::PickerPurpose;
use crate::model::text::snap_to_words;
use crate::model::{CodingId, Document, DocumentId, Project};
use egui::accesskit::Role;
use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{
    Align, Color32, Galley, Layout, Rect, RichText, Sense, TextFormat, UiBuilder, WidgetInfo, pos2,
    vec2,
};
use std::sync::Arc;

/// How far a turn's words sit to the right of its speaker's name.
const TURN_INDENT: f32 = 14.0;
/// The space between one turn or paragraph and the next.
const BLOCK_GAP: f32 = 12.0;
/// The width kept right of the text for coding stripes and their labels.
const STRIPE_MARGIN: f32 = 150.0;
/// How far apart the stripes of different codes sit.
const STRIPE_LANE: f32 = 7.0;
/// At most this many stripes are drawn beside one block.
const MAX_LANES: usize = 8;
/// Wrap widths are rounded down to this step so that dragging a panel edge
/// lays the transcript out again only every few points, not every frame.
const WIDTH_STEP: f32 = 8.0;

/// The panel's state: the laid-out transcript, and a passage to scroll to and
/// mark (a chosen segment or search hit).
#[derive(Default)]
pub struct TranscriptPanel {
    layout: Option<TranscriptLayout>,
    marked: Option<(usize, usize)>,
    scroll_pending: bool,
    selection: Option<Selection>,
    /// Whether a press-drag over the text is selecting.
    dragging: bool,
    /// The char a context menu was opened on.
    context_at: Option<usize>,
    /// Whether the app shows a picker or dialog, whose Escape is its own.
    pub window_open: bool,
}

/// Selected text: where the press was (`anchor`), where the pointer is
/// (`head`), and the range they give once snapped to words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Selection {
    document: DocumentId,
    anchor: usize,
    head: usize,
    start: usize,
    end: usize,
}

/// What a layout was made for; any change means laying out again.
#[derive(Clone, Copy, PartialEq)]
struct LayoutKey {
    document: DocumentId,
    revision: u64,
    wrap_width: f32,
    dark_mode: bool,
    marked: Option<(usize, usize)>,
}

/// A document laid out for one width: its blocks with their galleys, and where
/// each block starts, so the visible ones can be found without measuring.
struct TranscriptLayout {
    key: LayoutKey,
    blocks: Vec<LaidOutBlock>,
    header_height: f32,
    total_height: f32,
}

/// A turn, or a paragraph of text outside turns (such as a title).
struct LaidOutBlock {
    start: usize,
    end: usize,
    header: Option<TurnHeader>,
    body: Arc<Galley>,
    /// Names and colours of the codes applied anywhere in this block.
    codes: Vec<(String, Color32)>,
    stripes: Vec<Stripe>,
    top: f32,
    height: f32,
}

/// The part of one coding beside one block: a coloured bar in the margin.
struct Stripe {
    coding: CodingId,
    /// Which of the block's codes it is, counting from the text outwards.
    lane: usize,
    /// Its top and bottom, relative to the block's body.
    top: f32,
    bottom: f32,
    color: Color32,
    /// The code's path.
    label: String,
    /// The coding's range in the document.
    start: usize,
    end: usize,
}

struct TurnHeader {
    speaker: String,
    color: Color32,
    is_interviewer: bool,
    time: Option<String>,
}

/// A block before layout: which chars of the text it shows.
struct BlockSpan {
    start: usize,
    end: usize,
    turn: Option<usize>,
}

impl TranscriptPanel {
    /// Marks `start..end` and scrolls to it on the next frame that shows its
    /// document.
    pub fn reveal(&mut self, start: usize, end: usize) {
        self.marked = Some((start, end));
        self.scroll_pending = true;
    }

    /// Forgets any marked passage and selection, as when another document
    /// is chosen.
    pub fn clear_mark(&mut self) {
        self.marked = None;
        self.scroll_pending = false;
        self.selection = None;
        self.dragging = false;
    }

    /// The selected text, if any: its document and char range.
    #[must_use]
    pub fn selection(&self) -> Option<(DocumentId, usize, usize)> {
        self.selection
            .filter(|selection| selection.start < selection.end)
            .map(|selection| (selection.document, selection.start, selection.end))
    }

    /// Forgets the selection.
    pub fn clear_selection(&mut self) {
        self.selection = None;
        self.dragging = false;
    }

    /// Moves the selection's head to `head`, snapping to words unless `exact`.
    fn extend_selection(&mut self, document: &Document, head: usize, exact: bool) {
        let Some(selection) = &mut self.selection else {
            return;
        };
        selection.head = head;
        let from = selection.anchor.min(head);
        let to = selection.anchor.max(head);
        let (start, end) = if exact {
            (from, to)
        } else {
            snap_to_words(&document.text, from, to)
        };
        selection.start = start;
        selection.end = end;
    }

    fn begin_selection(&mut self, document: DocumentId, at: usize) {
        self.selection = Some(Selection {
            document,
            anchor: at,
            head: at,
            start: at,
            end: at,
        });
    }

    /// Shows `document` of `project`; `revision` changes whenever the project
    /// does. Returns what was chosen in a context menu.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        document: Option<DocumentId>,
        revision: u64,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(document) = document.and_then(|id| project.documents.get(&id)) else {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.3);
                if project.documents.is_empty() {
                    ui.weak("This project has no documents yet. Use File > Import transcripts….");
                } else {
                    ui.weak("Choose a document on the left to read it.");
                }
            });
            return actions;
        };
        if self
            .selection
            .is_some_and(|selection| selection.document != document.id)
        {
            self.clear_selection();
        }
        document_heading(ui, document);
        ui.separator();
        egui::ScrollArea::vertical()
            // One scroll position per document, so going back to a document
            // finds it where it was left.
            .id_salt(("transcript", document.id))
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                let dark_mode = ui.visuals().dark_mode;
                let key = LayoutKey {
                    document: document.id,
                    revision,
                    wrap_width: wrap_width(ui.available_width()),
                    dark_mode,
                    marked: self.marked,
                };
                if self.layout.as_ref().is_none_or(|layout| layout.key != key) {
                    self.layout = Some(lay_out(ui, project, document, key));
                }
                let Some(layout) = self.layout.take() else {
                    return;
                };
                self.show_blocks(ui, &layout, project, document, viewport, &mut actions);
                self.layout = Some(layout);
            });
        actions
    }

    fn show_blocks(
        &mut self,
        ui: &mut egui::Ui,
        layout: &TranscriptLayout,
        project: &Project,
        document: &Document,
        viewport: Rect,
        actions: &mut Vec<Action>,
    ) {
        // Escape closes an open menu before it clears the selection; the
        // menus below close themselves as they are drawn, so ask first.
        let menu_was_open = egui::Popup::is_any_open(ui.ctx());
        if layout.blocks.is_empty() {
            ui.weak("This document has no text.");
            return;
        }
        ui.set_min_height(layout.total_height);
        ui.set_min_width(ui.available_width());
        let origin = ui.max_rect().min;
        if self.scroll_pending {
            self.scroll_pending = false;
            if let Some((start, _)) = self.marked
                && let Some(target) = layout.rect_of(start, origin)
            {
                ui.scroll_to_rect(target, Some(Align::Center));
            }
        }
        let first = layout
            .blocks
            .partition_point(|block| block.top + block.height < viewport.min.y);
        for (index, block) in layout.blocks.iter().enumerate().skip(first) {
            if block.top > viewport.max.y {
                break;
            }
            let marked = self
                .marked
                .is_some_and(|(start, end)| start < block.end && block.start < end.max(start + 1));
            let selected = self
                .selection
                .map(|selection| (selection.start, selection.end));
            let response = draw_block(ui, layout, index, block, origin, marked, selected);
            self.interact(ui, layout, document, origin, &response);
            self.stripes(ui, layout, block, document, origin, actions);
            if response.secondary_clicked() {
                self.context_at = response
                    .interact_pointer_pos()
                    .map(|pos| layout.char_at(pos, origin));
            }
            let context_at = self.context_at;
            let has_selection = self.selection().is_some();
            response.context_menu(|ui| {
                if let Some(action) = context_menu(ui, project, document, context_at, has_selection)
                {
                    actions.push(action);
                    ui.close();
                }
            });
        }
        if self.dragging {
            let (down, pointer, exact) = ui.input(|input| {
                (
                    input.pointer.primary_down(),
                    input.pointer.latest_pos(),
                    input.modifiers.alt,
                )
            });
            if let Some(pos) = pointer {
                let head = layout.char_at(pos, origin);
                self.extend_selection(document, head, exact);
                // Dragging past the top or bottom edge scrolls on.
                let shown = ui.clip_rect();
                let beyond = if pos.y < shown.top() {
                    shown.top() - pos.y
                } else if pos.y > shown.bottom() {
                    shown.bottom() - pos.y
                } else {
                    0.0
                };
                if down && beyond != 0.0 {
                    ui.scroll_with_delta(vec2(0.0, beyond.clamp(-40.0, 40.0)));
                    ui.ctx().request_repaint();
                }
            }
            if !down {
                self.dragging = false;
            }
        }
        if self.selection().is_some()
            && ui.input(|input| input.key_pressed(egui::Key::Escape))
            && !ui.ctx().egui_wants_keyboard_input()
            && !menu_was_open
            && !self.window_open
        {
            self.clear_selection();
        }
    }

    /// Draws the coding stripes beside `block`, each labelled with its code;
    /// clicking one selects its segment, right-clicking offers its actions.
    fn stripes(
        &mut self,
        ui: &mut egui::Ui,
        layout: &TranscriptLayout,
        block: &LaidOutBlock,
        document: &Document,
        origin: egui::Pos2,
        actions: &mut Vec<Action>,
    ) {
        let body_top = origin.y + block.top + layout.body_offset(block);
        let left = origin.x + TURN_INDENT + layout.key.wrap_width + 10.0;
        let lanes = block
            .stripes
            .iter()
            .map(|stripe| stripe.lane + 1)
            .max()
            .unwrap_or(0)
            .min(MAX_LANES);
        let font = egui::TextStyle::Small.resolve(ui.style());
        let label_x = left + lanes as f32 * STRIPE_LANE + 4.0;
        let mut labelled: Vec<usize> = Vec::new();
        for stripe in block.stripes.iter().filter(|s| s.lane < MAX_LANES) {
            let x = left + stripe.lane as f32 * STRIPE_LANE;
            let bar = Rect::from_min_max(
                pos2(x, body_top + stripe.top),
                pos2(x + 4.0, body_top + stripe.bottom.max(stripe.top + 4.0)),
            );
            let id = ui.scope_id().with(("stripe", stripe.coding, block.start));
            let response = ui
                .interact(bar.expand2(vec2(1.5, 0.0)), id, Sense::click())
                .on_hover_text(format!(
                    "{} — click to select, right-click for more",
                    stripe.label
                ));
            let color = if response.hovered() {
                ui.visuals().strong_text_color()
            } else {
                stripe.color
            };
            ui.painter().rect_filled(bar, 2.0, color);
            let name = format!("Coding stripe: {}", stripe.label);
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            if !labelled.contains(&stripe.lane) {
                labelled.push(stripe.lane);
                let short = stripe.label.rsplit('/').next().unwrap_or(&stripe.label);
                let row = font.size + 2.0;
                ui.painter().text(
                    pos2(label_x, body_top + stripe.top + stripe.lane as f32 * row),
                    egui::Align2::LEFT_TOP,
                    short,
                    font.clone(),
                    stripe.color,
                );
            }
            if response.clicked() {
                self.selection = Some(Selection {
                    document: document.id,
                    anchor: stripe.start,
                    head: stripe.end,
                    start: stripe.start,
                    end: stripe.end,
                });
            }
            let coding = stripe.coding;
            response.context_menu(|ui| {
                if let Some(action) = segment_menu(ui, coding) {
                    actions.push(action);
                    ui.close();
                }
            });
        }
    }

    /// Starts, extends or clears the selection as the pointer asks on a block.
    fn interact(
        &mut self,
        ui: &egui::Ui,
        layout: &TranscriptLayout,
        document: &Document,
        origin: egui::Pos2,
        response: &egui::Response,
    ) {
        let modifiers = ui.input(|input| input.modifiers);
        if response.drag_started_by(egui::PointerButton::Primary) {
            let press = ui
                .input(|input| input.pointer.press_origin())
                .or(response.interact_pointer_pos());
            if let Some(press) = press {
                let at = layout.char_at(press, origin);
                let extend = modifiers.shift
                    && self
                        .selection
                        .is_some_and(|selection| selection.document == document.id);
                if !extend {
                    self.begin_selection(document.id, at);
                }
                self.dragging = true;
            }
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let at = layout.char_at(pos, origin);
            let extends = modifiers.shift
                && self
                    .selection
                    .is_some_and(|selection| selection.document == document.id);
            if extends {
                self.extend_selection(document, at, modifiers.alt);
            } else {
                // A plain click places the anchor for a later Shift+click.
                self.begin_selection(document.id, at);
            }
        }
    }
}

/// The menu on right-clicking the transcript: the selection's coding actions
/// and, for each segment under the pointer, uncode, recode and memo.
fn context_menu(
    ui: &mut egui::Ui,
    project: &Project,
    document: &Document,
    at: Option<usize>,
    has_selection: bool,
) -> Option<Action> {
    let mut action = None;
    if has_selection {
        if ui.button("Code selection…").clicked() {
            action = Some(Action::OpenPicker(PickerPurpose::ApplyToSelection));
        }
        if ui.button("Code in vivo").clicked() {
            action = Some(Action::InVivo);
        }
        ui.separator();
    }
    let under: Vec<(CodingId, String)> = at
        .map(|at| {
            project
                .codings_in(document.id)
                .into_iter()
                .filter(|coding| coding.start <= at && at < coding.end)
                .map(|coding| (coding.id, project.code_path(coding.code)))
                .collect()
        })
        .unwrap_or_default();
    if under.is_empty() && !has_selection {
        ui.weak("Nothing is coded here. Select words to code them.");
    }
    for (coding, path) in under {
        ui.menu_button(format!("Segment coded {path}"), |ui| {
            if let Some(chosen) = segment_menu(ui, coding) {
                action = Some(chosen);
            }
        });
    }
    action
}

/// Uncode, recode and memo for one coded segment.
pub fn segment_menu(ui: &mut egui::Ui, coding: CodingId) -> Option<Action> {
    if ui.button("Uncode").clicked() {
        return Some(Action::Uncode(coding));
    }
    if ui.button("Recode to…").clicked() {
        return Some(Action::OpenPicker(PickerPurpose::Recode(coding)));
    }
    if ui.button("Edit memo…").clicked() {
        return Some(Action::EditMemo(coding));
    }
    None
}

impl TranscriptLayout {
    /// The document char nearest to the screen point `pos`, for content placed
    /// at `origin`: in the block at that height, or the nearest block.
    fn char_at(&self, pos: egui::Pos2, origin: egui::Pos2) -> usize {
        let y = pos.y - origin.y;
        let index = self
            .blocks
            .partition_point(|block| block.top + block.height < y)
            .min(self.blocks.len().saturating_sub(1));
        let Some(block) = self.blocks.get(index) else {
            return 0;
        };
        let body_min = origin + vec2(TURN_INDENT, block.top + self.body_offset(block));
        let cursor = block.body.cursor_from_pos(pos - body_min);
        (block.start + cursor.index.0).min(block.end)
    }

    /// Where in the content (placed at `origin`) char `position` is drawn.
    fn rect_of(&self, position: usize, origin: egui::Pos2) -> Option<Rect> {
        let index = self
            .blocks
            .partition_point(|block| block.end <= position)
            .min(self.blocks.len().checked_sub(1)?);
        let block = self.blocks.get(index)?;
        let body_top = origin.y + block.top + self.body_offset(block);
        let within = position.saturating_sub(block.start);
        let cursor = block.body.pos_from_cursor(CCursor::new(within));
        Some(cursor.translate(vec2(origin.x + TURN_INDENT, body_top)))
    }

    fn body_offset(&self, block: &LaidOutBlock) -> f32 {
        if block.header.is_some() {
            self.header_height
        } else {
            0.0
        }
    }
}

fn wrap_width(available: f32) -> f32 {
    let usable = (available - TURN_INDENT - STRIPE_MARGIN).max(120.0);
    (usable / WIDTH_STEP).floor() * WIDTH_STEP
}

fn document_heading(ui: &mut egui::Ui, document: &Document) {
    ui.heading(&document.name);
    let mut facts = vec![format!(
        "{} {}",
        document.turns.len(),
        if document.turns.len() == 1 {
            "turn"
        } else {
            "turns"
        }
    )];
    facts.extend(
        document
            .attributes
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| format!("{name}: {value}")),
    );
    facts.push(format!("from {}", document.source_file));
    ui.weak(facts.join(" · "));
}

fn draw_block(
    ui: &mut egui::Ui,
    layout: &TranscriptLayout,
    index: usize,
    block: &LaidOutBlock,
    origin: egui::Pos2,
    marked: bool,
    selected: Option<(usize, usize)>,
) -> egui::Response {
    let top_left = origin + vec2(0.0, block.top);
    if let Some(header) = &block.header {
        let header_rect =
            Rect::from_min_size(top_left, vec2(ui.max_rect().width(), layout.header_height));
        ui.scope_builder(
            UiBuilder::new()
                .id_salt(("turn-header", index))
                .max_rect(header_rect)
                .layout(Layout::left_to_right(Align::Center)),
            |ui| turn_header(ui, header),
        );
    }
    let body_rect = Rect::from_min_size(
        top_left + vec2(TURN_INDENT, layout.body_offset(block)),
        block.body.size(),
    );
    let response = ui
        .interact(
            body_rect,
            ui.scope_id().with(("turn-body", block.start)),
            Sense::click_and_drag(),
        )
        .on_hover_cursor(egui::CursorIcon::Text);
    if let Some((start, end)) = selected
        && start < block.end
        && block.start < end
    {
        let from = start.max(block.start) - block.start;
        let to = end.min(block.end) - block.start;
        let color = ui.visuals().selection.bg_fill;
        paint_selection(ui.painter(), &block.body, body_rect.min, from, to, color);
    }
    ui.painter()
        .galley(body_rect.min, block.body.clone(), ui.visuals().text_color());
    let text = block.body.text().to_owned();
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &text));
    if marked {
        // A bar in the margin says which passage was asked for, even where
        // the passage itself is underlined inside a long turn.
        let bar = Rect::from_min_max(
            top_left + vec2(2.0, 0.0),
            pos2(top_left.x + 5.0, top_left.y + block.height),
        );
        ui.painter()
            .rect_filled(bar, 1.0, ui.visuals().selection.stroke.color);
    }
    if block.codes.is_empty() || response.dragged() {
        return response;
    }
    {
        response.on_hover_ui(|ui| {
            ui.strong("Coded as");
            for (name, color) in &block.codes {
                ui.horizontal(|ui| {
                    let (swatch, _) =
                        ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(swatch, 2.0, *color);
                    ui.label(name);
                });
            }
        })
    }
}

/// Paints the selection behind chars `from..to` of `galley`, drawn at `at`.
fn paint_selection(
    painter: &egui::Painter,
    galley: &Galley,
    at: egui::Pos2,
    from: usize,
    to: usize,
    color: Color32,
) {
    let mut row_start = 0;
    for row in &galley.rows {
        let row_end = row_start + row.char_count_excluding_newline().0;
        let a = from.max(row_start);
        let b = to.min(row_end);
        if a < b {
            let x0 = row.pos.x + row.x_offset(egui::epaint::text::CharIndex(a - row_start));
            let x1 = row.pos.x + row.x_offset(egui::epaint::text::CharIndex(b - row_start));
            let rect = Rect::from_min_max(pos2(x0, row.min_y()), pos2(x1, row.max_y()));
            painter.rect_filled(rect.translate(at.to_vec2()), 0.0, color);
        }
        row_start += row.char_count_including_newline().0;
    }
}

fn turn_header(ui: &mut egui::Ui, header: &TurnHeader) {
    let mut name = RichText::new(&header.speaker).strong().color(header.color);
    if header.is_interviewer {
        name = name.italics();
    }
    ui.label(name);
    // Say "interviewer" unless the name already does.
    if header.is_interviewer && !header.speaker.to_lowercase().contains("interviewer") {
        ui.label(RichText::new("interviewer").small().italics().weak());
    }
    if let Some(time) = &header.time {
        ui.label(RichText::new(time).small().weak());
    }
}

/// `h:mm:ss` for a time in milliseconds.
#[must_use]
pub fn format_time(time_ms: u64) -> String {
    let seconds = time_ms / 1000;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn lay_out(
    ui: &egui::Ui,
    project: &Project,
    document: &Document,
    key: LayoutKey,
) -> TranscriptLayout {
    let text = &*document.text;
    // Byte offset of every char, and of the end: positions are chars, slicing is bytes.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_count = bytes.len() - 1;
    let slice = |start: usize, end: usize| {
        let from = bytes[start.min(char_count)];
        let to = bytes[end.min(char_count)];
        &text[from..to.max(from)]
    };
    let stripe_source: Vec<(CodingId, usize, usize, String, Color32)> = project
        .codings_in(document.id)
        .into_iter()
        .filter_map(|coding| {
            let code = project.codes.get(&coding.code)?;
            Some((
                coding.id,
                coding.start,
                coding.end,
                project.code_path(code.id),
                code_color(&code.color),
            ))
        })
        .collect();
    let codings: Vec<(usize, usize, String, Color32)> = project
        .codings_in(document.id)
        .into_iter()
        .filter_map(|coding| {
            let code = project.codes.get(&coding.code)?;
            Some((
                coding.start,
                coding.end,
                code.name.clone(),
                code_color(&code.color),
            ))
        })
        .collect();
    let visuals = ui.visuals();
    let body_font = egui::TextStyle::Body.resolve(ui.style());
    let header_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.fonts_mut(|fonts| fonts.row_height(&body_font)));
    let mut top = 0.0;
    let mut blocks = Vec::new();
    for span in block_spans(document, &|start, end| slice(start, end)) {
        let turn = span.turn.and_then(|index| document.turns.get(index));
        let color = if turn.is_some_and(|turn| turn.is_interviewer) {
            visuals.weak_text_color()
        } else {
            visuals.text_color()
        };
        let base = TextFormat::simple(body_font.clone(), color);
        let mut job = LayoutJob {
            wrap: TextWrapping {
                max_width: key.wrap_width,
                ..TextWrapping::default()
            },
            ..LayoutJob::default()
        };
        let mut codes: Vec<(String, Color32)> = Vec::new();
        for (from, to) in sections(span.start, span.end, &codings, key.marked) {
            let covering: Vec<&(usize, usize, String, Color32)> = codings
                .iter()
                .filter(|(start, end, _, _)| *start <= from && to <= *end)
                .collect();
            for (_, _, name, code_color) in &covering {
                if !codes.iter().any(|(seen, _)| seen == name) {
                    codes.push((name.clone(), *code_color));
                }
            }
            let mut format = base.clone();
            let colors: Vec<Color32> = covering.iter().map(|coding| coding.3).collect();
            format.background = highlight(&colors);
            if key
                .marked
                .is_some_and(|(start, end)| start <= from && to <= end)
            {
                format.underline = egui::Stroke::new(1.5, visuals.selection.stroke.color);
            }
            job.append(slice(from, to), 0.0, format);
        }
        let body = ui.painter().layout_job(job);
        let stripes = block_stripes(&body, span.start, span.end, &stripe_source);
        let header = turn.map(|turn| TurnHeader {
            speaker: turn.speaker.clone(),
            color: if turn.is_interviewer {
                visuals.weak_text_color()
            } else {
                speaker_color(&turn.speaker, key.dark_mode)
            },
            is_interviewer: turn.is_interviewer,
            time: turn.time_ms.map(format_time),
        });
        let height = header.as_ref().map_or(0.0, |_| header_height) + body.size().y;
        blocks.push(LaidOutBlock {
            start: span.start,
            end: span.end,
            header,
            body,
            codes,
            stripes,
            top,
            height,
        });
        top += height + BLOCK_GAP;
    }
    TranscriptLayout {
        key,
        blocks,
        header_height,
        total_height: (top - BLOCK_GAP).max(0.0),
    }
}

/// The stripes beside the block `start..end` laid out as `body`: one lane
/// per code, in order of first appearance.
fn block_stripes(
    body: &Galley,
    start: usize,
    end: usize,
    codings: &[(CodingId, usize, usize, String, Color32)],
) -> Vec<Stripe> {
    let mut lanes: Vec<&str> = Vec::new();
    let mut stripes = Vec::new();
    for (coding, from, to, path, color) in codings {
        if *to <= start || end <= *from {
            continue;
        }
        let lane = match lanes.iter().position(|seen| seen == path) {
            Some(lane) => lane,
            None => {
                lanes.push(path);
                lanes.len() - 1
            }
        };
        let local_from = from.max(&start) - start;
        let local_to = to.min(&end) - start;
        stripes.push(Stripe {
            coding: *coding,
            lane,
            top: body.pos_from_cursor(CCursor::new(local_from)).top(),
            bottom: body.pos_from_cursor(CCursor::new(local_to)).bottom(),
            color: *color,
            label: path.clone(),
            start: *from,
            end: *to,
        });
    }
    stripes
}

/// The char ranges a block's text is cut into so that each has one set of
/// codes: cut wherever a coding or the marked passage starts or ends.
fn sections(
    start: usize,
    end: usize,
    codings: &[(usize, usize, String, Color32)],
    marked: Option<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut cuts = vec![start, end];
    let edges = codings
        .iter()
        .map(|(from, to, _, _)| (*from, *to))
        .chain(marked);
    for (from, to) in edges {
        if from < end && start < to {
            cuts.extend([from.max(start), to.min(end)]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|pair| (pair[0], pair[1])).collect()
}

/// Cuts a document into what is shown: each turn, and each paragraph of the
/// text outside turns, leaving out the `[time] Speaker:` prefix written
/// before each turn (its header shows that instead).
fn block_spans<'t>(document: &Document, slice: &dyn Fn(usize, usize) -> &'t str) -> Vec<BlockSpan> {
    let mut spans = Vec::new();
    let mut covered = 0;
    for (index, turn) in document.turns.iter().enumerate() {
        if turn.start > covered {
            let gap_end = prefix_start(slice(covered, turn.start), covered, &turn.speaker);
            paragraphs(slice, covered, gap_end, &mut spans);
        }
        let end = trim_end(slice(turn.start, turn.end), turn.start);
        if turn.start < end {
            spans.push(BlockSpan {
                start: turn.start,
                end,
                turn: Some(index),
            });
        }
        covered = covered.max(turn.end);
    }
    if covered < document.char_count {
        paragraphs(slice, covered, document.char_count, &mut spans);
    }
    spans
}

/// Where, in a gap before a turn starting at char `gap_start + gap.len()`,
/// the turn's own prefix begins: the start of the line the turn starts on,
/// or of the line before when that line is only the speaker's name.
fn prefix_start(gap: &str, gap_start: usize, speaker: &str) -> usize {
    let lines: Vec<&str> = gap.split('\n').collect();
    // The last piece is the prefix on the turn's own line ("[00:01] Ana: ").
    let mut keep = lines.len().saturating_sub(1);
    let speaker = speaker.trim().to_lowercase();
    if let Some(previous) = lines[..keep]
        .iter()
        .rposition(|line| !line.trim().is_empty())
    {
        let line = lines[previous].trim().to_lowercase();
        let names_speaker = !speaker.is_empty()
            && line.contains(&speaker)
            && line.chars().count() <= speaker.chars().count() + 24;
        if names_speaker
            && lines[previous + 1..keep]
                .iter()
                .all(|line| line.trim().is_empty())
        {
            keep = previous;
        }
    }
    let kept_chars: usize = lines[..keep]
        .iter()
        .map(|line| line.chars().count() + 1)
        .sum();
    gap_start + kept_chars
}

/// Adds the paragraphs (split at blank lines) of chars `from..to`.
fn paragraphs<'t>(
    slice: &dyn Fn(usize, usize) -> &'t str,
    from: usize,
    to: usize,
    spans: &mut Vec<BlockSpan>,
) {
    let mut at = from;
    for piece in slice(from, to).split("\n\n") {
        let length = piece.chars().count();
        let leading = piece.chars().take_while(|c| c.is_whitespace()).count();
        let start = at + leading;
        let end = trim_end(piece, at);
        if start < end {
            spans.push(BlockSpan {
                start,
                end,
                turn: None,
            });
        }
        at += length + 2;
    }
}

/// The char offset after the last non-white-space char of `text`, which
/// starts at char `start`.
fn trim_end(text: &str, start: usize) -> usize {
    start + text.trim_end().chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_hours_minutes_seconds() {
        assert_eq!(format_time(0), "0:00:00");
        assert_eq!(format_time(83_999), "0:01:23");
        assert_eq!(format_time(3_723_000), "1:02:03");
    }

    #[test]
    fn prefixes_before_turns_are_left_out() {
        let gap = "Title\n\n[00:00:02] Interviewer: ";
        assert_eq!(
            prefix_start(gap, 0, "Interviewer"),
            "Title\n\n".chars().count()
        );
        let own_line = "Title\n\nZOË ADEBAYO\n";
        assert_eq!(
            prefix_start(own_line, 10, "Zoë Adebayo"),
            10 + "Title\n\n".chars().count()
        );
        assert_eq!(prefix_start("Zoë: ", 3, "Zoë"), 3);
    }

    #[test]
    fn sections_cut_at_every_coding_edge_inside_the_block() {
        let codings = vec![
            (5, 12, "A".to_owned(), Color32::RED),
            (0, 30, "B".to_owned(), Color32::BLUE),
        ];
        assert_eq!(sections(10, 20, &codings, None), vec![(10, 12), (12, 20)]);
        assert_eq!(
            sections(10, 20, &[], Some((14, 16))),
            vec![(10, 14), (14, 16), (16, 20)]
        );
    }
}
