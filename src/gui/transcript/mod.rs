//! The transcript panel: the chosen document turn by turn, each speaker's name
//! in their own colour above what they said, paragraph numbers in the left
//! margin, coded text tinted with its code's colour and a labelled stripe per
//! code in the right margin. Only the blocks in view are laid out and drawn
//! (see [`layout`]), so long, densely coded transcripts scroll and resize
//! freely.
//!
//! Press and drag over the words to select them (the selection snaps to whole
//! words unless Alt is held; Shift+click extends it); right-click coded text
//! or a stripe to uncode, recode, resize or write a memo on its segments.
//! With a recording, the turn being heard is tinted and kept in view, and a
//! turn's time plays the recording from there.

mod coders;
mod layout;
mod menus;

use crate::gui::intent::Intent;
use crate::gui::intent::MediaAction;
use crate::model::text::snap_to_words;
use crate::model::{CodingId, Document, DocumentId, Project};
use egui::accesskit::Role;
use egui::{
    Align, Color32, Galley, Layout, Rect, RichText, Sense, UiBuilder, WidgetInfo, pos2, vec2,
};
use layout::{Block, ContentKey, NUMBER_GUTTER, TEXT_LEFT, TranscriptLayout, TurnHeader};
use menus::context_menu;
pub use menus::{format_time, segment_menu};

/// How far apart the stripes of different codes sit.
const STRIPE_LANE: f32 = 7.0;
/// At most this many stripes are drawn beside one block.
const MAX_LANES: usize = 8;

/// The panel's state: the document's layout, a passage to scroll to and mark
/// (a chosen segment or search hit), the selection, and the segment last
/// picked out (by its stripe or in the segments panel) for the keyboard's
/// segment actions.
#[derive(Default)]
pub struct TranscriptPanel {
    layout: Option<TranscriptLayout>,
    marked: Option<(usize, usize)>,
    /// For how many more frames to scroll to the marked passage: twice, as
    /// the first scroll lays out the blocks there and may move it a little.
    scroll_frames: u8,
    selection: Option<Selection>,
    /// Whether a press-drag over the text is selecting.
    dragging: bool,
    /// The char a context menu was opened on.
    context_at: Option<usize>,
    /// The first block in view last frame, to keep it still when the blocks
    /// above it change height (measured, or wrapped for a new width).
    anchor: Option<Anchor>,
    /// The segment the keyboard's segment actions work on.
    current_segment: Option<CodingId>,
    /// Whether the app shows a picker or dialog, whose Escape is its own.
    pub window_open: bool,
    /// The turn the recording is at (its chars), tinted and kept in view.
    playing: Option<(usize, usize)>,
    /// For how many more frames to scroll the playing turn into view.
    follow_frames: u8,
    /// Whether the shown document has a recording and times, so that its
    /// times and segments can play it.
    pub playable: bool,
    /// The coders compared side by side, while they are.
    pub compare: Option<coders::CompareCoders>,
}

/// How one block is to be drawn besides its words.
#[derive(Clone, Copy)]
struct BlockMarks {
    /// Inside the passage asked for (a chosen segment or search hit).
    marked: bool,
    selected: Option<(usize, usize)>,
    /// The turn being heard.
    playing: bool,
    /// Whether its time plays the recording.
    playable: bool,
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

/// A block's place last frame: its first char, its top in the content, and
/// how far the view was scrolled.
#[derive(Clone, Copy)]
struct Anchor {
    document: DocumentId,
    block_start: usize,
    top: f32,
    scrolled: f32,
}

impl TranscriptPanel {
    /// Marks `start..end` and scrolls to it on the next frames that show its
    /// document.
    pub fn reveal(&mut self, start: usize, end: usize) {
        self.marked = Some((start, end));
        self.scroll_frames = 2;
    }

    /// Tints `turn` (its char range) as the one being heard, and scrolls it
    /// into view when it is another turn than last frame's.
    pub fn follow(&mut self, turn: Option<(usize, usize)>) {
        if turn != self.playing {
            self.playing = turn;
            self.follow_frames = if turn.is_some() { 2 } else { 0 };
        }
    }

    /// Forgets any marked passage, selection and current segment, as when
    /// another document is chosen.
    pub fn clear_mark(&mut self) {
        self.marked = None;
        self.scroll_frames = 0;
        self.selection = None;
        self.dragging = false;
        self.current_segment = None;
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

    /// Selects exactly `start..end` of `document`.
    pub fn select(&mut self, document: DocumentId, start: usize, end: usize) {
        self.selection = Some(Selection {
            document,
            anchor: start,
            head: end,
            start,
            end,
        });
    }

    /// The segment the keyboard's segment actions work on, if any.
    #[must_use]
    pub fn current_segment(&self) -> Option<CodingId> {
        self.current_segment
    }

    /// Makes `coding` the segment the keyboard's segment actions work on.
    pub fn set_current_segment(&mut self, coding: Option<CodingId>) {
        self.current_segment = coding;
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
        self.select(document, at, at);
    }

    /// Shows `document` of `project`; `revision` changes whenever the project
    /// does. Returns what was chosen in a context menu.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        document: Option<DocumentId>,
        revision: u64,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        let Some(document) = document.and_then(|id| project.documents.get(&id)) else {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.3);
                if project.documents.is_empty() {
                    ui.weak("This project has no documents yet. Use File > Import transcripts….");
                } else {
                    ui.weak("Choose a document on the left to read it.");
                }
            });
            return intents;
        };
        if self
            .selection
            .is_some_and(|selection| selection.document != document.id)
        {
            self.clear_selection();
        }
        if self
            .current_segment
            .is_some_and(|coding| !project.codings.contains_key(&coding))
        {
            self.current_segment = None;
        }
        document_heading(ui, document);
        if let Some(compare) = &mut self.compare
            && let Some((start, end)) =
                compare.bar(ui, project, document, self.layout.as_ref(), &mut intents)
        {
            self.reveal(start, end);
        }
        ui.separator();
        if !crate::gui::texts::ready(ui.ctx(), project, document.id) {
            ui.weak("Reading the transcript…");
            return intents;
        }
        let mut layout = self.prepare_layout(ui, project, document, revision);
        let mut scroll_area = egui::ScrollArea::vertical()
            // One scroll position per document, so going back to a document
            // finds it where it was left.
            .id_salt(("transcript", document.id))
            .auto_shrink(false);
        if self.scroll_frames == 0
            && self.follow_frames == 0
            && let Some(anchor) = self.anchor.filter(|anchor| anchor.document == document.id)
            && let Ok(index) = layout
                .blocks
                .binary_search_by_key(&anchor.block_start, |block| block.start)
        {
            let moved = layout.blocks[index].top - anchor.top;
            if moved.abs() > 0.5 {
                scroll_area = scroll_area.vertical_scroll_offset(anchor.scrolled + moved);
            }
        }
        scroll_area.show_viewport(ui, |ui, viewport| {
            self.show_blocks(ui, &mut layout, project, document, viewport, &mut intents);
        });
        self.layout = Some(layout);
        intents
    }

    /// The layout for `document` at the panel's width, cut again when the
    /// project, the document, the theme or the text size changed.
    fn prepare_layout(
        &mut self,
        ui: &egui::Ui,
        project: &Project,
        document: &Document,
        revision: u64,
    ) -> TranscriptLayout {
        let visuals = ui.visuals();
        let key = ContentKey {
            document: document.id,
            revision,
            text_color: visuals.text_color(),
            weak_color: visuals.weak_text_color(),
            dark_mode: visuals.dark_mode,
            font_size: egui::TextStyle::Body.resolve(ui.style()).size,
            pixels_per_point: ui.ctx().pixels_per_point(),
            marked: self.marked,
            comparing: self
                .compare
                .as_ref()
                .filter(|compare| compare.comparison().is_some())
                .map_or(0, |compare| compare.generation + 1),
        };
        let comparison = self
            .compare
            .as_ref()
            .and_then(coders::CompareCoders::comparison);
        let wrap_width = TranscriptLayout::wrap_width_for(ui.available_width());
        match self.layout.take() {
            Some(mut layout) if layout.key == key => {
                layout.set_width(wrap_width);
                layout
            }
            previous => TranscriptLayout::new(
                ui,
                project,
                document,
                key,
                wrap_width,
                previous.as_ref(),
                comparison.as_ref(),
            ),
        }
    }

    fn show_blocks(
        &mut self,
        ui: &mut egui::Ui,
        layout: &mut TranscriptLayout,
        project: &Project,
        document: &Document,
        viewport: Rect,
        intents: &mut Vec<Intent>,
    ) {
        // Escape closes an open menu before it clears the selection; the
        // menus below close themselves as they are drawn, so ask first.
        let menu_was_open = egui::Popup::is_any_open(ui.ctx());
        if layout.blocks.is_empty() {
            ui.weak("This document has no text.");
            return;
        }
        let origin = ui.max_rect().min;
        if self.scroll_frames > 0 {
            self.scroll_frames -= 1;
            if let Some((start, _)) = self.marked
                && let Some(target) = layout.rect_of(ui, start, origin)
            {
                ui.scroll_to_rect(target, Some(Align::Center));
            }
        } else if self.follow_frames > 0 {
            self.follow_frames -= 1;
            if let Some((start, _)) = self.playing
                && let Some(target) = layout.rect_of(ui, start, origin)
            {
                // Only as far as needed: reading on while it plays.
                ui.scroll_to_rect(target, None);
            }
        }
        let shown = layout.lay_out_band(ui, viewport.min.y, viewport.max.y);
        ui.set_min_height(layout.total_height);
        ui.set_min_width(ui.available_width());
        self.anchor = layout.blocks.get(shown.start).map(|block| Anchor {
            document: document.id,
            block_start: block.start,
            top: block.top,
            scrolled: viewport.min.y,
        });
        let names = self
            .compare
            .as_ref()
            .filter(|compare| compare.comparison().is_some())
            .map(|compare| compare.names(project))
            .unwrap_or_default();
        for index in shown {
            let block = &layout.blocks[index];
            let marked = self
                .marked
                .is_some_and(|(start, end)| start < block.end && block.start < end.max(start + 1));
            let marks = BlockMarks {
                marked,
                selected: self
                    .selection
                    .map(|selection| (selection.start, selection.end)),
                playing: self.playing.is_some_and(|(start, end)| {
                    start < block.end.max(block.start + 1) && block.start < end.max(start + 1)
                }),
                playable: self.playable,
            };
            let (response, play_clicked) = draw_block(ui, layout, block, origin, marks);
            if play_clicked {
                intents.push(Intent::Media(MediaAction::PlayFrom {
                    document: document.id,
                    at: block.start,
                }));
            }
            self.interact(ui, layout, document, origin, &response);
            self.stripes(ui, layout, index, document, origin, &names, intents);
            if response.secondary_clicked() {
                self.context_at = response
                    .interact_pointer_pos()
                    .map(|pos| layout.char_at(ui, pos, origin));
            }
            let context_at = self.context_at;
            let (selection, playable) = (self.selection(), self.playable);
            response.context_menu(|ui| {
                if let Some(intent) =
                    context_menu(ui, project, document, context_at, selection, playable)
                {
                    intents.push(intent);
                    ui.close();
                }
            });
        }
        if !names.is_empty() {
            let left = origin.x + TEXT_LEFT + layout.wrap_width + 10.0;
            coders::column_heads(ui, left, viewport.min.y + origin.y, &names);
        }
        if self.dragging {
            self.drag(ui, layout, document, origin);
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

    /// Follows the pointer while a selection is being dragged out, scrolling
    /// on when it goes past the top or bottom edge.
    fn drag(
        &mut self,
        ui: &egui::Ui,
        layout: &mut TranscriptLayout,
        document: &Document,
        origin: egui::Pos2,
    ) {
        let (down, pointer, exact) = ui.input(|input| {
            (
                input.pointer.primary_down(),
                input.pointer.latest_pos(),
                input.modifiers.alt,
            )
        });
        if let Some(pos) = pointer {
            let head = layout.char_at(ui, pos, origin);
            self.extend_selection(document, head, exact);
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

    /// Draws the coding stripes beside block `index`, each labelled with its
    /// code; clicking one selects its segment, right-clicking offers its
    /// actions.
    #[expect(
        clippy::too_many_arguments,
        reason = "the block and where it is drawn, as show_blocks has them"
    )]
    fn stripes(
        &mut self,
        ui: &mut egui::Ui,
        layout: &TranscriptLayout,
        index: usize,
        document: &Document,
        origin: egui::Pos2,
        coders: &[String],
        intents: &mut Vec<Intent>,
    ) {
        let block = &layout.blocks[index];
        let Some(laid_out) = block.laid_out() else {
            return;
        };
        let body_top = origin.y + block.top + layout.header_offset(block);
        let left = origin.x + TEXT_LEFT + layout.wrap_width + 10.0;
        let lanes = laid_out
            .stripes
            .iter()
            .map(|stripe| stripe.lane + 1)
            .max()
            .unwrap_or(0)
            .min(MAX_LANES);
        let font = egui::TextStyle::Small.resolve(ui.style());
        let label_x = left + lanes as f32 * STRIPE_LANE + 4.0;
        let mut labelled: Vec<usize> = Vec::new();
        let comparing = !coders.is_empty();
        for stripe in laid_out.stripes.iter().filter(|s| s.lane < MAX_LANES) {
            let coding = &layout.codings[stripe.coding];
            if comparing && coding.differs.is_none() && stripe.lane >= coders::LANES_PER_COLUMN {
                continue;
            }
            let x = match (comparing, &coding.differs) {
                (false, _) => left + stripe.lane as f32 * STRIPE_LANE,
                (true, Some(_)) => left,
                (true, None) => {
                    left + coders::DIFFERENCE_LANE
                        + coding.column as f32 * coders::COLUMN_WIDTH
                        + stripe.lane as f32 * STRIPE_LANE
                }
            };
            let bar = Rect::from_min_max(
                pos2(x, body_top + stripe.top),
                pos2(x + 4.0, body_top + stripe.bottom.max(stripe.top + 4.0)),
            );
            let id = ui.scope_id().with(("stripe", coding.id, block.start));
            let hover = match (
                &coding.differs,
                coders.get(coding.column).filter(|_| comparing),
            ) {
                (Some(note), _) => format!("{note} - click to select, right-click for a memo"),
                (None, Some(coder)) => format!(
                    "{coder}: {} - click to select, right-click for more",
                    coding.path
                ),
                (None, None) => format!("{} - click to select, right-click for more", coding.path),
            };
            let response = ui
                .interact(bar.expand2(vec2(1.5, 0.0)), id, Sense::click())
                .on_hover_text(hover);
            let current = self.current_segment == Some(coding.id);
            let color = if response.hovered() || current {
                ui.visuals().strong_text_color()
            } else {
                coding.color
            };
            ui.painter().rect_filled(bar, 2.0, color);
            let name = match (
                &coding.differs,
                coders.get(coding.column).filter(|_| comparing),
            ) {
                (Some(_), _) => format!("Coders differ: {}", coding.path),
                (None, Some(coder)) => format!("Coding stripe: {coder}: {}", coding.path),
                (None, None) => format!("Coding stripe: {}", coding.path),
            };
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            if let Some(note) = &coding.differs {
                if response.clicked() {
                    self.select(document.id, coding.start, coding.end);
                }
                let quote: String =
                    crate::model::text::slice_chars(&document.text, coding.start, coding.end)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                let (path, note) = (coding.path.clone(), note.clone());
                response.context_menu(|ui| {
                    if ui.button("Write a memo on this difference…").clicked() {
                        intents.push(Intent::OpenDialog(
                            crate::gui::intent::Dialog::DifferenceMemo {
                                document: document.id,
                                title: format!("Coders differ on {path}"),
                                context: format!("“{quote}” ({note}.)"),
                                memo: String::new(),
                            },
                        ));
                        ui.close();
                    }
                });
                continue;
            }
            if !comparing && !labelled.contains(&stripe.lane) {
                labelled.push(stripe.lane);
                let short = coding.path.rsplit('/').next().unwrap_or(&coding.path);
                let row = font.size + 2.0;
                ui.painter().text(
                    pos2(label_x, body_top + stripe.top + stripe.lane as f32 * row),
                    egui::Align2::LEFT_TOP,
                    short,
                    font.clone(),
                    coding.color,
                );
            }
            if response.clicked() {
                self.select(document.id, coding.start, coding.end);
                self.current_segment = Some(coding.id);
            }
            let (coding_id, selection) = (coding.id, self.selection());
            let playable = self.playable;
            response.context_menu(|ui| {
                if let Some(intent) = segment_menu(ui, coding_id, selection, playable) {
                    intents.push(intent);
                    ui.close();
                }
            });
        }
    }

    /// Starts, extends or clears the selection as the pointer asks on a block.
    fn interact(
        &mut self,
        ui: &egui::Ui,
        layout: &mut TranscriptLayout,
        document: &Document,
        origin: egui::Pos2,
        response: &egui::Response,
    ) {
        let modifiers = ui.input(|input| input.modifiers);
        let extends = modifiers.shift
            && self
                .selection
                .is_some_and(|selection| selection.document == document.id);
        if response.drag_started_by(egui::PointerButton::Primary) {
            let press = ui
                .input(|input| input.pointer.press_origin())
                .or(response.interact_pointer_pos());
            if let Some(press) = press {
                let at = layout.char_at(ui, press, origin);
                if !extends {
                    self.begin_selection(document.id, at);
                }
                self.dragging = true;
            }
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let at = layout.char_at(ui, pos, origin);
            if extends {
                self.extend_selection(document, at, modifiers.alt);
            } else {
                // A plain click places the anchor for a later Shift+click.
                self.begin_selection(document.id, at);
            }
        }
    }
}

/// Draws one block (its number, its speaker's header and its words) and
/// returns the response of its words, and whether its time was clicked.
fn draw_block(
    ui: &mut egui::Ui,
    layout: &TranscriptLayout,
    block: &Block,
    origin: egui::Pos2,
    marks: BlockMarks,
) -> (egui::Response, bool) {
    let BlockMarks {
        marked,
        selected,
        playing,
        playable,
    } = marks;
    let top_left = origin + vec2(0.0, block.top);
    if playing {
        // Behind everything of the block, so its words stay as they are.
        let tint = Rect::from_min_size(
            top_left + vec2(NUMBER_GUTTER - 4.0, -4.0),
            vec2(ui.max_rect().width() - NUMBER_GUTTER, block.height + 8.0),
        );
        let color = ui.visuals().selection.bg_fill.gamma_multiply(0.3);
        ui.painter().rect_filled(tint, 4.0, color);
    }
    let body_min = top_left + vec2(TEXT_LEFT, layout.header_offset(block));
    let number = ui.painter().text(
        pos2(origin.x + NUMBER_GUTTER - 10.0, body_min.y),
        egui::Align2::RIGHT_TOP,
        block.number.to_string(),
        egui::TextStyle::Small.resolve(ui.style()),
        ui.visuals().weak_text_color(),
    );
    // Screen readers hear the number before the paragraph it belongs to.
    let name = format!("Paragraph {}", block.number);
    ui.interact(
        number,
        ui.scope_id().with(("number", block.start)),
        Sense::hover(),
    )
    .widget_info(|| WidgetInfo::labeled(Role::Label, true, &name));
    let mut play_clicked = false;
    if let Some(header) = &block.header {
        let header_rect = Rect::from_min_size(
            top_left + vec2(NUMBER_GUTTER, 0.0),
            vec2(ui.max_rect().width() - NUMBER_GUTTER, layout.header_height),
        );
        ui.scope_builder(
            UiBuilder::new()
                .id_salt(("turn-header", block.start))
                .max_rect(header_rect)
                .layout(Layout::left_to_right(Align::Center)),
            |ui| play_clicked = turn_header(ui, header, playable),
        );
    }
    let Some(laid_out) = block.laid_out() else {
        // Not reached: blocks are laid out before they are drawn.
        return (ui.allocate_rect(Rect::NOTHING, Sense::hover()), false);
    };
    let body_rect = Rect::from_min_size(body_min, laid_out.body.size());
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
        paint_selection(ui.painter(), &laid_out.body, body_rect.min, from, to, color);
    }
    ui.painter().galley(
        body_rect.min,
        laid_out.body.clone(),
        ui.visuals().text_color(),
    );
    let text = laid_out.body.text().to_owned();
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &text));
    if marked {
        // A bar in the margin says which passage was asked for, even where
        // the passage itself is underlined inside a long turn.
        let bar = Rect::from_min_max(
            top_left + vec2(NUMBER_GUTTER - 6.0, 0.0),
            pos2(top_left.x + NUMBER_GUTTER - 3.0, top_left.y + block.height),
        );
        ui.painter()
            .rect_filled(bar, 1.0, ui.visuals().selection.stroke.color);
    }
    if block.codings.is_empty() || response.dragged() {
        return (response, play_clicked);
    }
    // The codes of the words under the pointer.
    let hovered: Vec<(String, Color32)> = response
        .hover_pos()
        .map(|pos| {
            let at = block.start + laid_out.body.cursor_from_pos(pos - body_rect.min).index.0;
            layout
                .codings_at(block, at)
                .into_iter()
                .map(|coding| (coding.path.clone(), coding.color))
                .collect()
        })
        .unwrap_or_default();
    if hovered.is_empty() {
        return (response, play_clicked);
    }
    let response = response.on_hover_ui(|ui| {
        ui.strong("Coded as");
        for (name, color) in &hovered {
            ui.horizontal(|ui| {
                let (swatch, _) = ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(swatch, 2.0, *color);
                ui.label(name);
            });
        }
    });
    (response, play_clicked)
}

/// The speaker's name, "interviewer", and the turn's time, which plays the
/// recording from there when `playable`. Returns whether it was clicked.
fn turn_header(ui: &mut egui::Ui, header: &TurnHeader, playable: bool) -> bool {
    let mut name = RichText::new(&header.speaker).strong().color(header.color);
    if header.is_interviewer {
        name = name.italics();
    }
    ui.label(name);
    // Say "interviewer" unless the name already does.
    if header.is_interviewer && !header.speaker.to_lowercase().contains("interviewer") {
        ui.label(RichText::new("interviewer").small().italics().weak());
    }
    match &header.time {
        Some(time) if playable => {
            let name = format!("Play from {time}");
            let response = ui
                .add(egui::Button::new(RichText::new(time).small()).small())
                .on_hover_text("Play the recording from here");
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            response.clicked()
        }
        Some(time) => {
            ui.label(RichText::new(time).small().weak());
            false
        }
        None => false,
    }
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
