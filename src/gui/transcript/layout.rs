//! The transcript's layout, made lazily: a document is cut once into blocks
//! (turns, and paragraphs outside turns) with their coded sections and the
//! codings beside them, but a block is only laid out (wrapped into a galley)
//! when it comes into view, and again only when the width changes. Blocks not
//! yet laid out at the current width count with an estimated height, so a
//! 100,000-word transcript costs a few galleys per frame, not one huge one.

use crate::analysis::compare::{Comparison, stretches};
use crate::gui::colors::{code_color, highlight, speaker_color};
use crate::gui::transcript::format_time;
use crate::model::{CodeId, CoderId, CodingId, Document, DocumentId, Project};
use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Rect, TextFormat, vec2};
use std::ops::Range;
use std::sync::Arc;

/// Where the paragraph numbers sit, left of the speaker names.
pub const NUMBER_GUTTER: f32 = 34.0;
/// How far a turn's words sit to the right of its speaker's name.
pub const TURN_INDENT: f32 = 14.0;
/// Where a block's words start, from the content's left edge.
pub const TEXT_LEFT: f32 = NUMBER_GUTTER + TURN_INDENT;
/// The space between one turn or paragraph and the next.
const BLOCK_GAP: f32 = 12.0;
/// The width kept right of the text for coding stripes and their labels.
const STRIPE_MARGIN: f32 = 150.0;
/// Wrap widths are rounded down to this step so that dragging a panel edge
/// lays the visible blocks out again only every few points, not every frame.
const WIDTH_STEP: f32 = 8.0;

/// What the blocks were cut and coloured for; any change means cutting again.
#[derive(Clone, Copy, PartialEq)]
pub struct ContentKey {
    pub document: DocumentId,
    pub revision: u64,
    pub text_color: Color32,
    pub weak_color: Color32,
    pub dark_mode: bool,
    pub font_size: f32,
    pub pixels_per_point: f32,
    pub marked: Option<(usize, usize)>,
    /// Which comparison of coders the stripes show (0: none); the panel
    /// counts up whenever its comparison changes.
    pub comparing: u64,
}

/// One coding of the document, as the transcript shows it, or, when coders
/// are compared, a stretch where they differ.
pub struct CodingMark {
    pub id: CodingId,
    pub start: usize,
    pub end: usize,
    /// The code's path, for stripe labels.
    pub path: String,
    pub color: Color32,
    /// Which compared coder's column it is drawn in (the first when coders
    /// are not compared).
    pub column: usize,
    /// For a stretch where the compared coders differ, who coded it and who
    /// did not ("Ana coded Hope here; Sam did not"); such a mark tints no
    /// text and is drawn in the lane of differences.
    pub differs: Option<String>,
}

/// A run of a block's text with one set of codes over it.
struct Section {
    bytes: Range<usize>,
    background: Color32,
    marked: bool,
}

pub struct TurnHeader {
    pub speaker: String,
    pub color: Color32,
    pub is_interviewer: bool,
    pub time: Option<String>,
}

/// A turn, or a paragraph of text outside turns (such as a title).
pub struct Block {
    pub start: usize,
    pub end: usize,
    /// Its paragraph number, counting from 1.
    pub number: usize,
    pub header: Option<TurnHeader>,
    sections: Vec<Section>,
    /// The chars of each of its lines, for estimating its height.
    line_chars: Vec<usize>,
    is_interviewer: bool,
    /// Which of the layout's codings overlap it.
    pub codings: Vec<usize>,
    pub top: f32,
    pub height: f32,
    laid_out: Option<LaidOut>,
}

/// A block wrapped for one width.
pub struct LaidOut {
    width: f32,
    pub body: Arc<Galley>,
    pub stripes: Vec<Stripe>,
}

/// The part of one coding beside one block: a coloured bar in the margin.
pub struct Stripe {
    /// Which of the layout's codings it shows.
    pub coding: usize,
    /// Which of the block's codes it is, counting from the text outwards.
    pub lane: usize,
    /// Its top and bottom, relative to the block's body.
    pub top: f32,
    pub bottom: f32,
}

/// A document cut into blocks, some of them laid out for the current width.
pub struct TranscriptLayout {
    pub key: ContentKey,
    text: Arc<str>,
    pub codings: Vec<CodingMark>,
    pub blocks: Vec<Block>,
    pub wrap_width: f32,
    pub header_height: f32,
    row_height: f32,
    /// The mean width of a char of body text, for estimating heights.
    char_width: f32,
    font: FontId,
    underline: Color32,
    pub total_height: f32,
}

impl TranscriptLayout {
    /// Cuts `document` into blocks for `key`. Heights already measured by
    /// `previous` for the same blocks at the same width are kept, so that
    /// coding a passage does not make the blocks above it jump.
    pub fn new(
        ui: &egui::Ui,
        project: &Project,
        document: &Document,
        key: ContentKey,
        wrap_width: f32,
        previous: Option<&TranscriptLayout>,
        compare: Option<&CoderComparison>,
    ) -> Self {
        let text = Arc::clone(&document.text);
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(byte, _)| byte)
            .chain(std::iter::once(text.len()))
            .collect();
        let char_count = bytes.len() - 1;
        let byte_at = |at: usize| bytes[at.min(char_count)];
        let slice =
            |start: usize, end: usize| &text[byte_at(start)..byte_at(end).max(byte_at(start))];
        let mut codings: Vec<CodingMark> = project
            .codings_in(document.id)
            .into_iter()
            .filter(|coding| coding.start < coding.end)
            .filter_map(|coding| {
                let code = project.codes.get(&coding.code)?;
                let column = match compare {
                    None => 0,
                    Some(compare) if compare.code.is_some_and(|chosen| chosen != coding.code) => {
                        return None;
                    }
                    Some(compare) => compare
                        .coders
                        .iter()
                        .position(|coder| *coder == coding.coder)?,
                };
                Some(CodingMark {
                    id: coding.id,
                    start: coding.start,
                    end: coding.end,
                    path: project.code_path(code.id),
                    color: code_color(&code.color),
                    column,
                    differs: None,
                })
            })
            .collect();
        if let Some(compare) = compare {
            codings.extend(differing_marks(project, document.id, compare));
            codings.sort_by_key(|coding| coding.start);
        }
        let font = egui::TextStyle::Body.resolve(ui.style());
        let (row_height, char_width) = ui.fonts_mut(|fonts| {
            let sample = "and so we talked it through together, which helped a lot";
            let galley = fonts.layout_no_wrap(sample.to_owned(), font.clone(), Color32::WHITE);
            let width = galley.size().x / sample.chars().count() as f32;
            (fonts.row_height(&font), width)
        });
        let header_height = ui.spacing().interact_size.y.max(row_height);
        let mut spans = block_spans(document, &slice);
        spans.sort_by_key(|span| span.start);
        // Codings are sorted by start and blocks do not overlap, so one sweep
        // finds each block's codings: those started before its end and not
        // yet ended at its start.
        let mut next_coding = 0;
        let mut active: Vec<usize> = Vec::new();
        let mut blocks = Vec::with_capacity(spans.len());
        let visuals = ui.visuals();
        for (index, span) in spans.iter().enumerate() {
            while next_coding < codings.len() && codings[next_coding].start < span.end {
                active.push(next_coding);
                next_coding += 1;
            }
            active.retain(|&coding| codings[coding].end > span.start);
            let sections = sections(span.start, span.end, &active, &codings, key.marked)
                .into_iter()
                .map(|(from, to)| {
                    let colors: Vec<Color32> = active
                        .iter()
                        .map(|&coding| &codings[coding])
                        .filter(|coding| coding.differs.is_none())
                        .filter(|coding| coding.start <= from && to <= coding.end)
                        .map(|coding| coding.color)
                        .collect();
                    Section {
                        bytes: byte_at(from)..byte_at(to),
                        background: highlight(&colors),
                        marked: key
                            .marked
                            .is_some_and(|(start, end)| start <= from && to <= end),
                    }
                })
                .collect();
            let turn = span.turn.and_then(|turn| document.turns.get(turn));
            let header = turn.map(|turn| TurnHeader {
                speaker: turn.speaker.clone(),
                color: if turn.is_interviewer {
                    key.weak_color
                } else {
                    speaker_color(&turn.speaker, key.dark_mode)
                },
                is_interviewer: turn.is_interviewer,
                time: turn.time_ms.map(format_time),
            });
            let line_chars = slice(span.start, span.end)
                .split('\n')
                .map(|line| line.chars().count())
                .collect();
            blocks.push(Block {
                start: span.start,
                end: span.end,
                number: index + 1,
                header,
                sections,
                line_chars,
                is_interviewer: turn.is_some_and(|turn| turn.is_interviewer),
                codings: active.clone(),
                top: 0.0,
                height: 0.0,
                laid_out: None,
            });
        }
        let mut layout = Self {
            key,
            text,
            codings,
            blocks,
            wrap_width,
            header_height,
            row_height,
            char_width,
            font,
            underline: visuals.selection.stroke.color,
            total_height: 0.0,
        };
        let measured = previous.filter(|previous| {
            previous.key.document == key.document
                && same_size(previous.wrap_width, wrap_width)
                && same_size(previous.key.font_size, key.font_size)
        });
        for index in 0..layout.blocks.len() {
            let kept = measured.and_then(|previous| {
                let block = &layout.blocks[index];
                let at = previous
                    .blocks
                    .binary_search_by_key(&block.start, |old| old.start)
                    .ok()?;
                let old = &previous.blocks[at];
                (old.end == block.end && old.is_laid_out_at(wrap_width)).then_some(old.height)
            });
            layout.blocks[index].height = kept.unwrap_or_else(|| layout.estimate(index));
        }
        layout.restack(0);
        layout
    }

    /// Uses `wrap_width` from now on; blocks laid out for another width count
    /// with estimated heights until they are seen again.
    pub fn set_width(&mut self, wrap_width: f32) {
        if same_size(self.wrap_width, wrap_width) {
            return;
        }
        self.wrap_width = wrap_width;
        for index in 0..self.blocks.len() {
            if !self.blocks[index].is_laid_out_at(wrap_width) {
                self.blocks[index].height = self.estimate(index);
            }
        }
        self.restack(0);
    }

    /// A block's height guessed from its line lengths, without laying it out.
    fn estimate(&self, index: usize) -> f32 {
        let block = &self.blocks[index];
        let per_row = (self.wrap_width / self.char_width).max(1.0);
        let rows: f32 = block
            .line_chars
            .iter()
            .map(|&chars| (chars as f32 / per_row).ceil().max(1.0))
            .sum();
        self.header_offset(block) + rows * self.row_height
    }

    /// Sets every block's top from `from` on, from the heights above it.
    fn restack(&mut self, from: usize) {
        let mut top = match from.checked_sub(1).and_then(|at| self.blocks.get(at)) {
            Some(above) => above.top + above.height + BLOCK_GAP,
            None => 0.0,
        };
        for block in &mut self.blocks[from..] {
            block.top = top;
            top += block.height + BLOCK_GAP;
        }
        self.total_height = (top - BLOCK_GAP).max(0.0);
    }

    /// The laid-out blocks meeting the band `min_y..max_y` of the content,
    /// laying out those not yet done for this width. Heights that differ from
    /// their estimate move the blocks below, so this repeats until the band
    /// is filled with measured blocks.
    pub fn lay_out_band(&mut self, ui: &egui::Ui, min_y: f32, max_y: f32) -> Range<usize> {
        let first = self
            .blocks
            .partition_point(|block| block.top + block.height < min_y);
        let mut index = first;
        while index < self.blocks.len() && self.blocks[index].top <= max_y {
            if self.lay_out_block(ui, index) {
                self.restack(index + 1);
            }
            index += 1;
        }
        first..index
    }

    /// Lays block `index` out for the current width unless it is; returns
    /// whether its height changed.
    pub fn lay_out_block(&mut self, ui: &egui::Ui, index: usize) -> bool {
        if self.blocks[index].is_laid_out_at(self.wrap_width) {
            return false;
        }
        let block = &self.blocks[index];
        let color = if block.is_interviewer {
            self.key.weak_color
        } else {
            self.key.text_color
        };
        let mut job = LayoutJob {
            wrap: TextWrapping {
                max_width: self.wrap_width,
                ..TextWrapping::default()
            },
            ..LayoutJob::default()
        };
        for section in &block.sections {
            let mut format = TextFormat::simple(self.font.clone(), color);
            format.background = section.background;
            if section.marked {
                format.underline = egui::Stroke::new(1.5, self.underline);
            }
            job.append(&self.text[section.bytes.clone()], 0.0, format);
        }
        let body = ui.painter().layout_job(job);
        let stripes = block_stripes(&body, block, &self.codings);
        let height = self.header_offset(block) + body.size().y;
        let block = &mut self.blocks[index];
        let changed = (block.height - height).abs() > 0.01;
        block.height = height;
        block.laid_out = Some(LaidOut {
            width: self.wrap_width,
            body,
            stripes,
        });
        changed
    }

    /// How far below a block's top its words start.
    pub fn header_offset(&self, block: &Block) -> f32 {
        if block.header.is_some() {
            self.header_height
        } else {
            0.0
        }
    }

    /// The index of the block at content height `y`, or the nearest one.
    pub fn block_at_height(&self, y: f32) -> Option<usize> {
        let index = self
            .blocks
            .partition_point(|block| block.top + block.height < y)
            .min(self.blocks.len().checked_sub(1)?);
        Some(index)
    }

    /// The index of the block holding char `position`, or the nearest one.
    pub fn block_of_char(&self, position: usize) -> Option<usize> {
        let index = self
            .blocks
            .partition_point(|block| block.end <= position)
            .min(self.blocks.len().checked_sub(1)?);
        Some(index)
    }

    /// The document char nearest to the screen point `pos`, for content placed
    /// at `origin`: in the block at that height, or the nearest block.
    pub fn char_at(&mut self, ui: &egui::Ui, pos: egui::Pos2, origin: egui::Pos2) -> usize {
        let Some(index) = self.block_at_height(pos.y - origin.y) else {
            return 0;
        };
        if self.lay_out_block(ui, index) {
            self.restack(index + 1);
        }
        let block = &self.blocks[index];
        let Some(laid_out) = &block.laid_out else {
            return block.start;
        };
        let body_min = origin + vec2(TEXT_LEFT, block.top + self.header_offset(block));
        let cursor = laid_out.body.cursor_from_pos(pos - body_min);
        (block.start + cursor.index.0).min(block.end)
    }

    /// Where in the content (placed at `origin`) char `position` is drawn.
    pub fn rect_of(&mut self, ui: &egui::Ui, position: usize, origin: egui::Pos2) -> Option<Rect> {
        let index = self.block_of_char(position)?;
        if self.lay_out_block(ui, index) {
            self.restack(index + 1);
        }
        let block = &self.blocks[index];
        let body = &block.laid_out.as_ref()?.body;
        let body_top = origin.y + block.top + self.header_offset(block);
        let within = position.saturating_sub(block.start);
        let cursor = body.pos_from_cursor(CCursor::new(within));
        Some(cursor.translate(vec2(origin.x + TEXT_LEFT, body_top)))
    }

    /// The codings covering char `at`.
    pub fn codings_at(&self, block: &Block, at: usize) -> Vec<&CodingMark> {
        block
            .codings
            .iter()
            .map(|&coding| &self.codings[coding])
            .filter(|coding| coding.start <= at && at < coding.end)
            .collect()
    }

    /// The width text wraps at in a panel `available` wide.
    #[must_use]
    pub fn wrap_width_for(available: f32) -> f32 {
        let usable = (available - TEXT_LEFT - STRIPE_MARGIN).max(120.0);
        (usable / WIDTH_STEP).floor() * WIDTH_STEP
    }
}

/// Whether a block measured at one size is still right at another. Widths
/// are snapped to whole `WIDTH_STEP`s and font sizes come from one setting, so
/// the very same value means the same layout, and any other value does not.
fn same_size(measured: f32, now: f32) -> bool {
    measured.to_bits() == now.to_bits()
}

impl Block {
    fn is_laid_out_at(&self, width: f32) -> bool {
        self.laid_out
            .as_ref()
            .is_some_and(|laid_out| same_size(laid_out.width, width))
    }

    /// The block as laid out, once [`TranscriptLayout::lay_out_block`] ran.
    pub fn laid_out(&self) -> Option<&LaidOut> {
        self.laid_out.as_ref()
    }
}

/// The stripes beside `block` laid out as `body`: one lane per code (in
/// each compared coder's column), in order of first appearance; the marks of
/// differences all in lane 0.
fn block_stripes(body: &Galley, block: &Block, codings: &[CodingMark]) -> Vec<Stripe> {
    let mut lanes: Vec<(usize, &str)> = Vec::new();
    let mut stripes = Vec::new();
    for &index in &block.codings {
        let coding = &codings[index];
        let key = (coding.column, coding.path.as_str());
        let lane = if coding.differs.is_some() {
            0
        } else {
            let column_lanes = lanes.iter().filter(|(column, _)| *column == coding.column);
            match column_lanes.clone().position(|seen| *seen == key) {
                Some(lane) => lane,
                None => {
                    let lane = column_lanes.count();
                    lanes.push(key);
                    lane
                }
            }
        };
        let local_from = coding.start.max(block.start) - block.start;
        let local_to = coding.end.min(block.end) - block.start;
        stripes.push(Stripe {
            coding: index,
            lane,
            top: body.pos_from_cursor(CCursor::new(local_from)).top(),
            bottom: body.pos_from_cursor(CCursor::new(local_to)).bottom(),
        });
    }
    stripes
}

/// Which coders the transcript compares, and on which code (every code when
/// none is chosen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderComparison {
    pub coders: Vec<CoderId>,
    pub code: Option<CodeId>,
}

/// The stretches of `document` where the compared coders differ, as marks
/// for the lane of differences.
fn differing_marks(
    project: &Project,
    document: DocumentId,
    compare: &CoderComparison,
) -> Vec<CodingMark> {
    let comparison = Comparison {
        coders: compare.coders.clone(),
        code: compare.code,
        document: Some(document),
    };
    let name = |coder: &CoderId| {
        project
            .coders
            .get(coder)
            .map_or_else(|| "someone".to_owned(), |coder| coder.name.clone())
    };
    stretches(project, &comparison)
        .into_iter()
        .filter(|stretch| !stretch.agreed)
        .map(|stretch| {
            let path = project.code_path(stretch.code);
            let (coded, not): (Vec<&CoderId>, Vec<&CoderId>) = compare
                .coders
                .iter()
                .partition(|coder| stretch.coded_by.contains(coder));
            let names = |coders: Vec<&CoderId>| {
                crate::words::list_some(&coders.into_iter().map(name).collect::<Vec<_>>(), 3)
            };
            CodingMark {
                id: CodingId::new(),
                start: stretch.start,
                end: stretch.end,
                color: Color32::from_rgb(200, 40, 40),
                column: 0,
                differs: Some(format!(
                    "{} coded {path} here; {} did not",
                    names(coded),
                    names(not)
                )),
                path,
            }
        })
        .collect()
}

/// The char ranges a block's text is cut into so that each has one set of
/// codes: cut wherever one of its codings or the marked passage starts or
/// ends.
fn sections(
    start: usize,
    end: usize,
    active: &[usize],
    codings: &[CodingMark],
    marked: Option<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut cuts = vec![start, end];
    let edges = active
        .iter()
        .map(|&coding| (codings[coding].start, codings[coding].end))
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

/// A block before layout: which chars of the text it shows.
struct BlockSpan {
    start: usize,
    end: usize,
    turn: Option<usize>,
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

    fn mark(start: usize, end: usize) -> CodingMark {
        CodingMark {
            id: CodingId::new(),
            start,
            end,
            path: String::new(),
            color: Color32::RED,
            column: 0,
            differs: None,
        }
    }

    #[test]
    fn sections_cut_at_every_coding_edge_inside_the_block() {
        let codings = vec![mark(5, 12), mark(0, 30)];
        assert_eq!(
            sections(10, 20, &[0, 1], &codings, None),
            vec![(10, 12), (12, 20)]
        );
        assert_eq!(
            sections(10, 20, &[], &codings, Some((14, 16))),
            vec![(10, 14), (14, 16), (16, 20)]
        );
    }
}
