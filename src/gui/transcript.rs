//! The transcript panel: the chosen document turn by turn, each speaker's name
//! in their own colour above what they said, coded text tinted with its code's
//! colour. Only the turns in view are drawn, so long transcripts scroll freely.

use crate::gui::colors::{code_color, highlight, speaker_color};
use crate::model::{Document, DocumentId, Project};
use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Align, Color32, Galley, Layout, Rect, RichText, TextFormat, UiBuilder, pos2, vec2};
use std::sync::Arc;

/// How far a turn's words sit to the right of its speaker's name.
const TURN_INDENT: f32 = 14.0;
/// The space between one turn or paragraph and the next.
const BLOCK_GAP: f32 = 12.0;
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
    top: f32,
    height: f32,
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

    /// Forgets any marked passage, as when another document is chosen.
    pub fn clear_mark(&mut self) {
        self.marked = None;
        self.scroll_pending = false;
    }

    /// Shows `document` of `project`; `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        document: Option<DocumentId>,
        revision: u64,
    ) {
        let Some(document) = document.and_then(|id| project.documents.get(&id)) else {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.3);
                if project.documents.is_empty() {
                    ui.weak("This project has no documents yet. Use File > Import transcripts….");
                } else {
                    ui.weak("Choose a document on the left to read it.");
                }
            });
            return;
        };
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
                let Some(layout) = &self.layout else {
                    return;
                };
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
                    let marked = self.marked.is_some_and(|(start, end)| {
                        start < block.end && block.start < end.max(start + 1)
                    });
                    draw_block(ui, layout, index, block, origin, marked);
                }
            });
    }
}

impl TranscriptLayout {
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
    let usable = (available - TURN_INDENT).max(120.0);
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
) {
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
        .scope_builder(
            UiBuilder::new()
                .id_salt(("turn-body", index))
                .max_rect(body_rect),
            |ui| ui.add(egui::Label::new(block.body.clone())),
        )
        .inner;
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
    if !block.codes.is_empty() {
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
        });
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
