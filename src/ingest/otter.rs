//! Recognises Otter.ai text exports: a `Speaker Name  0:03` header line (name, two or
//! more spaces, a time) starts each turn, and the lines under it are what that speaker
//! said. The layout itself is read by [`super::headed`], which Word, OpenDocument, Teams
//! and Zoom transcripts share; this module only tells an Otter .txt from other text.

use super::headed::{HeaderKind, header};

/// How many header lines make a .txt file an Otter export.
const MIN_HEADERS: usize = 2;

/// Whether `text` is an Otter export: at least two of its lines are `Name  time`
/// headers with two or more spaces or a tab between name and time.
pub(crate) fn is_otter(text: &str) -> bool {
    text.split('\n')
        .filter_map(header)
        .filter(|header| header.kind == HeaderKind::Spaced)
        .take(MIN_HEADERS)
        .count()
        >= MIN_HEADERS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ImportedTurn;
    use crate::ingest::headed::read_headed;
    use crate::ingest::transcript::render;

    /// The rendered text and turns of an Otter export. Lines before the first header (a
    /// title) stay as a paragraph without a speaker; Otter's closing "Transcribed by
    /// https://otter.ai" line is dropped.
    fn parse_otter(text: &str) -> (String, Vec<ImportedTurn>) {
        render(&read_headed(text).unwrap_or_default())
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
