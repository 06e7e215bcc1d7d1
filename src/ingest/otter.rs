//! Recognises and imports Otter.ai text exports: a `Speaker Name  0:03` header line
//! (name, two or more spaces, a time) starts each turn, and the lines under it are what
//! that speaker said.

use std::sync::LazyLock;

use regex::Regex;

use super::ImportedTurn;
use super::speaker::is_speaker_label;
use super::timecode::parse_clock;
use super::transcript::{Passage, render};

/// How many header lines make a .txt file an Otter export.
const MIN_HEADERS: usize = 2;

/// `Speaker Name  0:03` or `Helen  1:02:03`, alone on its line. `None` only if the
/// pattern were invalid, which a test rules out; the file is then read as plain text.
static HEADER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\S.*?)[ \t]{2,}(\d{1,3}:\d{2}(?::\d{2})?)[ \t]*$").ok());

/// Whether `text` is an Otter export: at least two of its lines are headers.
pub(crate) fn is_otter(text: &str) -> bool {
    text.split('\n')
        .filter_map(header)
        .take(MIN_HEADERS)
        .count()
        >= MIN_HEADERS
}

/// The rendered text and turns of an Otter export. Lines before the first header (a
/// title) stay as a paragraph without a speaker; Otter's closing "Transcribed by
/// https://otter.ai" line is dropped.
pub(crate) fn parse_otter(text: &str) -> (String, Vec<ImportedTurn>) {
    let mut passages = vec![Passage {
        speaker: None,
        time_ms: None,
        text: String::new(),
    }];
    for line in text.split('\n') {
        if let Some((speaker, time_ms)) = header(line) {
            passages.push(Passage {
                speaker: Some(speaker),
                time_ms: Some(time_ms),
                text: String::new(),
            });
            continue;
        }
        let line = line.trim_end();
        if line.trim().is_empty() || is_otter_footer(line) {
            continue;
        }
        if let Some(passage) = passages.last_mut() {
            if !passage.text.is_empty() {
                passage.text.push('\n');
            }
            passage.text.push_str(line);
        }
    }
    render(&passages)
}

/// The speaker and time of a header line.
fn header(line: &str) -> Option<(String, u64)> {
    let line = line.trim_end();
    // Most lines are speech; skip the pattern for lines that cannot end in a time.
    if !line.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let captures = HEADER.as_ref()?.captures(line)?;
    let name = captures.get(1)?.as_str().trim();
    // Otter keeps names as typed, so "Dr. Smith" is a name here although a period
    // would rule it out before a colon in running text.
    if !is_speaker_label(&name.replace('.', "")) {
        return None;
    }
    let time_ms = parse_clock(captures.get(2)?.as_str())?;
    Some((name.to_string(), time_ms))
}

fn is_otter_footer(line: &str) -> bool {
    let line = line.trim().to_lowercase();
    line.starts_with("transcribed by") && line.contains("otter.ai")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_pattern_compiles() {
        assert!(HEADER.is_some());
    }

    #[test]
    fn detects_otter_exports() {
        for (text, expected) in [
            ("Speaker 1  0:03\nHi\n\nSpeaker 2  0:05\nHello", true),
            ("Helen Marsh   1:02:03\nHi\nDr. Smith\t\t75:10\nHello", true),
            ("Speaker 1  0:03\nHi", false),
            ("Speaker 1 0:03\nHi\nSpeaker 2 0:05\nHello", false),
            ("Helen: hi\nHelen: hello", false),
            ("Total  10:30\nsee 2:30  3:45", false),
        ] {
            assert_eq!(is_otter(text), expected, "{text:?}");
        }
    }

    #[test]
    fn each_header_starts_a_turn() {
        let export = "Interview with Zoë\n\nInterviewer  0:03\nHow was it?\n\nZoë Brown  0:07\nGood 🙂\nvery good.\n\n\nZoë Brown  1:02:03\n林美 said hi.\n\nTranscribed by https://otter.ai\n";
        let (text, turns) = parse_otter(export);
        assert_eq!(
            text,
            "Interview with Zoë\n\nInterviewer: How was it?\n\nZoë Brown: Good 🙂\nvery good.\n\nZoë Brown: 林美 said hi."
        );
        let chars: Vec<char> = text.chars().collect();
        let found: Vec<(String, String, Option<u64>, bool)> = turns
            .iter()
            .map(|t| {
                (
                    t.speaker.clone(),
                    chars[t.start..t.end].iter().collect(),
                    t.time_ms,
                    t.is_interviewer,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "Interviewer".to_string(),
                    "How was it?".to_string(),
                    Some(3_000),
                    true
                ),
                (
                    "Zoë Brown".to_string(),
                    "Good 🙂\nvery good.".to_string(),
                    Some(7_000),
                    false
                ),
                (
                    "Zoë Brown".to_string(),
                    "林美 said hi.".to_string(),
                    Some(3_723_000),
                    false
                ),
            ]
        );
    }
}
