//! Rejoins the lines of a PDF into paragraphs, across columns and pages, and undoes
//! end-of-line hyphens; records which chars of the text came from which page.
//!
//! A new paragraph starts at a line that
//! - starts with a speaker label ("Interviewer:", or a label that starts two lines),
//! - lies further below the line before than the usual line spacing (1.3 × the lower
//!   quartile of the document's line spacing, in font sizes),
//! - is in a clearly different font size,
//! - is indented (a first-line indent) after a line that stopped short of the column's
//!   right edge,
//! - or, at the top of a new column or page, follows a line that ends a sentence, unless
//!   it starts in lower case.
//!
//! Hyphens at the end of a line (rule kept deliberately simple):
//! - a soft hyphen is always dropped;
//! - a hyphen after a letter is dropped when the next line starts with a lower-case
//!   letter ("recov-" + "ery" → "recovery"), unless the part before it is a prefix that
//!   usually keeps its hyphen ("self-", "co-", "peer-", "non-", …) or the part after it
//!   is a word that usually follows one ("-based", "-led", "-term", …): then it stays
//!   and the line is joined without a space ("peer-" + "support" → "peer-support");
//! - a hyphen before a capital or a digit, or after a digit, stays ("Covid-" + "19");
//! - anything else joins the lines with one space.

use std::collections::{BTreeMap, HashMap};

use super::super::speaker::{is_interviewer_label, speaker_prefix};
use super::layout::{Column, Line};

/// The char range of the text that one page contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageSpan {
    pub number: u32,
    pub start: usize,
    pub end: usize,
}

/// Parts before a line-end hyphen that keep it: "self-harm", "co-production".
const KEPT_PREFIXES: [&str; 30] = [
    "self", "co", "peer", "non", "ex", "anti", "semi", "quasi", "pseudo", "neo", "mid", "cross",
    "well", "ill", "all", "half", "part", "full", "long", "short", "high", "low", "one", "two",
    "three", "face", "user", "family", "carer", "service",
];
/// Words after a line-end hyphen that keep it: "evidence-based", "peer-led".
const KEPT_SUFFIXES: [&str; 16] = [
    "based", "led", "centred", "centered", "informed", "oriented", "focused", "related",
    "specific", "like", "term", "making", "being", "run", "up", "owned",
];

/// A gap this many times the usual line spacing starts a paragraph.
const PARAGRAPH_GAP: f64 = 1.3;
/// Font sizes that differ by more than this share are different kinds of text.
const SIZE_CHANGE: f64 = 0.15;

/// The text of `lines` (in reading order), paragraphs separated by a blank line, and the
/// char range each of `page_numbers` contributed (empty for a page without text).
pub(crate) fn paragraphs_text(lines: &[Line], page_numbers: &[u32]) -> (String, Vec<PageSpan>) {
    let context = Context::new(lines);
    let mut text = String::new();
    let mut char_count = 0;
    let mut spans: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for (index, line) in lines.iter().enumerate() {
        let line_text: String = line.text.chars().filter(|&c| c != '\u{AD}').collect();
        if index > 0 {
            let previous = &lines[index - 1];
            let join = if context.starts_paragraph(index) {
                Join::Paragraph
            } else {
                join_lines(&previous.text, &line_text)
            };
            match join {
                Join::Paragraph => {
                    text.push_str("\n\n");
                    char_count += 2;
                }
                Join::Space => {
                    text.push(' ');
                    char_count += 1;
                }
                Join::Direct => {}
                Join::DropHyphen => {
                    if !previous.text.ends_with('\u{AD}') && text.pop().is_some() {
                        char_count -= 1;
                        if let Some(span) = spans.get_mut(&previous.page) {
                            span.1 = span.1.min(char_count);
                        }
                    }
                }
            }
        }
        let span = spans.entry(line.page).or_insert((char_count, char_count));
        text.push_str(&line_text);
        char_count += line_text.chars().count();
        span.1 = char_count;
    }
    let mut pages = Vec::with_capacity(page_numbers.len());
    let mut last_end = 0;
    for &number in page_numbers {
        let (start, end) = spans.get(&number).copied().unwrap_or((last_end, last_end));
        last_end = end;
        pages.push(PageSpan { number, start, end });
    }
    (text, pages)
}

/// How two lines of one paragraph are put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    Paragraph,
    Space,
    /// Without a space, keeping a hyphen.
    Direct,
    /// Without a space and without the hyphen that ends the first line.
    DropHyphen,
}

/// How `before` (a line) and `after` (the next line of the same paragraph) join.
fn join_lines(before: &str, after: &str) -> Join {
    if before.ends_with('\u{AD}') {
        return Join::DropHyphen;
    }
    let Some(stem) = before.strip_suffix(['-', '\u{2010}']) else {
        return Join::Space;
    };
    match stem.chars().last() {
        Some(c) if c.is_alphabetic() => {}
        // "1990-" + "91": a range.
        Some(c) if c.is_ascii_digit() => return Join::Direct,
        // "well -": a dash, not a broken word.
        _ => return Join::Space,
    }
    let first_word: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let starts_lower = after.chars().next().is_some_and(char::is_lowercase);
    if !starts_lower {
        return Join::Direct;
    }
    let part_before: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    if KEPT_PREFIXES.contains(&part_before.as_str()) || KEPT_SUFFIXES.contains(&first_word.as_str())
    {
        Join::Direct
    } else {
        Join::DropHyphen
    }
}

/// What the paragraph rules need to know about the whole document.
struct Context<'a> {
    lines: &'a [Line],
    /// The usual distance between baselines, in font sizes.
    line_spacing: f64,
    /// Lower-case labels that start at least two lines.
    repeated_labels: HashMap<String, usize>,
    /// The right edge of each column.
    right_edges: HashMap<(u32, usize, Column), f64>,
}

impl<'a> Context<'a> {
    fn new(lines: &'a [Line]) -> Self {
        let mut spacings: Vec<f64> = lines
            .windows(2)
            .filter(|pair| same_flow(&pair[0], &pair[1]))
            .map(|pair| (pair[1].y - pair[0].y) / pair[1].size.max(1.0))
            .filter(|spacing| *spacing > 0.5)
            .collect();
        spacings.sort_by(f64::total_cmp);
        let line_spacing = spacings.get(spacings.len() / 4).copied().unwrap_or(1.2);
        let mut repeated_labels: HashMap<String, usize> = HashMap::new();
        for line in lines {
            if let Some(prefix) = speaker_prefix(&line.text) {
                *repeated_labels
                    .entry(prefix.label.to_lowercase())
                    .or_default() += 1;
            }
        }
        let mut right_edges: HashMap<(u32, usize, Column), f64> = HashMap::new();
        for line in lines {
            let edge = right_edges
                .entry((line.page, line.band, line.column))
                .or_insert(line.x1);
            *edge = edge.max(line.x1);
        }
        Context {
            lines,
            line_spacing,
            repeated_labels,
            right_edges,
        }
    }

    /// Whether `lines[index]` (not the first) starts a paragraph; see the module notes.
    fn starts_paragraph(&self, index: usize) -> bool {
        let line = &self.lines[index];
        let previous = &self.lines[index - 1];
        if self.starts_with_speaker(&line.text) {
            return true;
        }
        let starts_lower = line.text.chars().next().is_some_and(char::is_lowercase);
        if !same_flow(previous, line) || line.y <= previous.y {
            // A new column or page: only the sentence tells.
            return ends_sentence(&previous.text) && !starts_lower;
        }
        let size = line.size.max(previous.size).max(1.0);
        let gap = (line.y - previous.y) / line.size.max(1.0);
        if gap > self.line_spacing * PARAGRAPH_GAP {
            return true;
        }
        if (line.size - previous.size).abs() > SIZE_CHANGE * size {
            return true;
        }
        let indented = line.x0 > previous.x0 + 0.8 * size && line.x0 < previous.x0 + 4.0 * size;
        let right_edge = self
            .right_edges
            .get(&(previous.page, previous.band, previous.column))
            .copied()
            .unwrap_or(previous.x1);
        let previous_short = previous.x1 < right_edge - 2.0 * size;
        indented && previous_short && !starts_lower
    }

    fn starts_with_speaker(&self, text: &str) -> bool {
        speaker_prefix(text).is_some_and(|prefix| {
            is_interviewer_label(&prefix.label)
                || self
                    .repeated_labels
                    .get(&prefix.label.to_lowercase())
                    .is_some_and(|&count| count >= 2)
        })
    }
}

/// Whether two lines are in the same column of the same stretch of one page. Full-width
/// lines of one page are one flow whatever their band: each full-width line starts a
/// band of its own, and two of them in a row (a title over two lines) read on.
fn same_flow(a: &Line, b: &Line) -> bool {
    a.page == b.page && a.column == b.column && (a.band == b.band || a.column == Column::Full)
}

/// Whether a line ends with the end of a sentence (or a colon), quotes and brackets
/// aside.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')', ']', ' '])
        .ends_with(['.', '?', '!', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_end_hyphens_follow_the_documented_rule() {
        for (before, after, joined) in [
            ("their recov-", "ery story", "their recovery story"),
            ("a peer-", "support group", "a peer-support group"),
            ("any self-", "harm", "any self-harm"),
            ("the co-", "production", "the co-production"),
            ("an evidence-", "based way", "an evidence-based way"),
            ("since Covid-", "19", "since Covid-19"),
            ("the Anglo-", "Saxon", "the Anglo-Saxon"),
            ("it was fine -", "mostly", "it was fine - mostly"),
            ("in 1990-", "91", "in 1990-91"),
            ("a soft\u{AD}", "ware", "a software"),
            ("no hyphen", "here", "no hyphen here"),
        ] {
            let combined = match join_lines(before, after) {
                Join::Space => format!("{before} {after}"),
                Join::Direct => format!("{before}{after}"),
                Join::DropHyphen => {
                    let mut stem = before.to_string();
                    stem.pop();
                    format!("{stem}{after}")
                }
                Join::Paragraph => unreachable!(),
            };
            let combined: String = combined.chars().filter(|&c| c != '\u{AD}').collect();
            assert_eq!(combined, joined, "{before:?} + {after:?}");
        }
    }

    #[test]
    fn sentence_ends_are_recognised_behind_quotes() {
        assert!(ends_sentence("she said “no.”"));
        assert!(ends_sentence("Why?"));
        assert!(ends_sentence("as follows:"));
        assert!(!ends_sentence("and then the"));
    }

    fn line(page: u32, y: f64, x0: f64, x1: f64, text: &str) -> Line {
        Line {
            page,
            text: text.to_string(),
            x0,
            x1,
            y,
            size: 10.0,
            column: Column::Full,
            band: 0,
        }
    }

    fn text_of(lines: &[Line]) -> String {
        paragraphs_text(lines, &[1, 2]).0
    }

    #[test]
    fn paragraphs_break_at_gaps_labels_and_indents() {
        let lines = [
            line(1, 100.0, 50.0, 300.0, "The first paragraph runs over"),
            line(1, 112.0, 50.0, 120.0, "two lines."),
            // A wider gap.
            line(1, 136.0, 50.0, 300.0, "A second one after a gap"),
            line(1, 148.0, 50.0, 150.0, "ends here."),
            // A first-line indent after a short line.
            line(1, 160.0, 70.0, 300.0, "An indented third one with"),
            line(1, 172.0, 50.0, 300.0, "more text"),
            line(1, 184.0, 50.0, 300.0, "Interviewer: and a question"),
            line(1, 196.0, 50.0, 200.0, "in the next line?"),
        ];
        assert_eq!(
            text_of(&lines),
            "The first paragraph runs over two lines.\n\n\
             A second one after a gap ends here.\n\n\
             An indented third one with more text\n\n\
             Interviewer: and a question in the next line?"
        );
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_and_both_pages_hold_it() {
        let lines = [
            line(1, 100.0, 50.0, 300.0, "Someone who"),
            line(2, 50.0, 50.0, 300.0, "knows. New"),
            line(2, 62.0, 50.0, 300.0, "paragraph?"),
        ];
        let (text, pages) = paragraphs_text(&lines, &[1, 2, 3]);
        assert_eq!(text, "Someone who knows. New paragraph?");
        assert_eq!(
            pages,
            [
                PageSpan {
                    number: 1,
                    start: 0,
                    end: 11
                },
                PageSpan {
                    number: 2,
                    start: 12,
                    end: 33
                },
                PageSpan {
                    number: 3,
                    start: 33,
                    end: 33
                },
            ]
        );
    }

    #[test]
    fn a_sentence_end_at_the_foot_of_a_page_ends_the_paragraph() {
        let lines = [
            line(1, 100.0, 50.0, 300.0, "It ended."),
            line(2, 50.0, 50.0, 300.0, "Then more."),
            line(2, 62.0, 50.0, 300.0, "and lower case."),
        ];
        assert_eq!(text_of(&lines), "It ended.\n\nThen more. and lower case.");
    }

    #[test]
    fn a_dropped_hyphen_is_not_counted_in_the_page_range() {
        let lines = [
            line(1, 100.0, 50.0, 300.0, "recov-"),
            line(2, 50.0, 50.0, 300.0, "ery"),
        ];
        let (text, pages) = paragraphs_text(&lines, &[1, 2]);
        assert_eq!(text, "recovery");
        assert_eq!((pages[0].start, pages[0].end), (0, 5));
        assert_eq!((pages[1].start, pages[1].end), (5, 8));
    }
}
