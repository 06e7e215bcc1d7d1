//! Imports SubRip subtitles: numbered cues with `00:00:01,000 --> ...` timings. A
//! `Name: ` prefix starts a speaker's turn; cues without one continue the turn before.

use super::cue_text::{Markup, split_at_speaker_prefixes, strip_markup};
use super::error::excerpt;
use super::timecode::parse_clock;
use super::transcript::{Passage, merge_cues, render};
use super::{ImportedTurn, IngestError};

const TIMING_EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

/// One cue as read: its timing and its text lines.
struct Cue {
    time_ms: u64,
    lines: Vec<String>,
}

/// The SubRip content of a file: rendered text, turns and warnings.
pub(crate) fn parse_srt(
    file_name: &str,
    text: &str,
) -> Result<(String, Vec<ImportedTurn>, Vec<String>), IngestError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut warnings = Vec::new();
    let mut cues: Vec<Cue> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].trim();
        if line.is_empty() {
            index += 1;
            continue;
        }
        let timing_index = if line.contains("-->") {
            // A cue without its number: tolerated.
            index
        } else if is_cue_number(line) {
            match lines.get(index + 1) {
                Some(next) => {
                    if !next.contains("-->") {
                        return Err(bad_timing(file_name, index + 2, next));
                    }
                    index + 1
                }
                None => {
                    warnings.push(format!(
                        "ignored cue number {line} on the last line, which has no timing or text"
                    ));
                    break;
                }
            }
        } else if let Some(previous) = cues.last_mut() {
            // A blank line inside a cue's text split it: keep the text with its cue.
            warnings.push(format!(
                "line {}: text after a blank line was kept with the cue before it",
                index + 1
            ));
            previous.lines.push(line.to_string());
            index += 1;
            continue;
        } else {
            return Err(IngestError::NotSubRip {
                file: file_name.to_string(),
                line: index + 1,
                found: excerpt(line),
            });
        };
        let time_ms = parse_timing(lines[timing_index])
            .ok_or_else(|| bad_timing(file_name, timing_index + 1, lines[timing_index]))?;
        let mut cue = Cue {
            time_ms,
            lines: Vec::new(),
        };
        index = timing_index + 1;
        while index < lines.len()
            && !lines[index].trim().is_empty()
            && !starts_next_cue(&lines, index)
        {
            cue.lines.push(lines[index].to_string());
            index += 1;
        }
        cues.push(cue);
    }

    let mut passages = Vec::new();
    for cue in &cues {
        let plain = strip_markup(&cue.lines.join("\n"), Markup::SubRip);
        for (speaker, text) in split_at_speaker_prefixes(&plain) {
            passages.push(Passage {
                speaker,
                time_ms: Some(cue.time_ms),
                text,
            });
        }
    }
    if passages.iter().all(|passage| passage.speaker.is_none()) && !passages.is_empty() {
        warnings.push(
            "found no speaker names (\"Name:\" at the start of a cue), so each cue became a \
             paragraph without a speaker"
                .to_string(),
        );
    }
    let (text, turns) = render(&merge_cues(passages));
    Ok((text, turns, warnings))
}

fn bad_timing(file_name: &str, line_number: usize, line: &str) -> IngestError {
    IngestError::BadTiming {
        file: file_name.to_string(),
        line: line_number,
        found: excerpt(line),
        example: TIMING_EXAMPLE,
    }
}

fn is_cue_number(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|byte| byte.is_ascii_digit())
}

/// A cue number followed by a timing line, even without the blank line that should
/// come before it.
fn starts_next_cue(lines: &[&str], index: usize) -> bool {
    is_cue_number(lines[index].trim())
        && lines
            .get(index + 1)
            .is_some_and(|next| next.contains("-->"))
}

/// The start time of `00:00:01,000 --> 00:00:04,000`; both times must be valid, and a
/// dot is tolerated in place of the comma. Position hints after the end time are ignored.
fn parse_timing(line: &str) -> Option<u64> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    parse_clock(end)?;
    parse_clock(start.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `srt` and compares the rendered text and (speaker, utterance, time) turns.
    fn check(srt: &str, expected_text: &str, expected_turns: &[(&str, &str, u64)]) {
        let (text, turns, _) = parse_srt("t.srt", srt).unwrap();
        crate::ingest::check_timed_turns((&text, &turns), expected_text, expected_turns);
    }

    #[test]
    fn prefixes_start_speakers_and_other_cues_continue_them() {
        check(
            "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: So, how\nwas it?\n\n2\n00:00:03,500 --> 00:00:05,000\n<i>Zoë:</i> Good 🙂\n\n3\n00:00:05,000 --> 00:00:07,000\nreally good.\n\n4\n01:00:00.000 --> 01:00:01.000\n林美: 是的\n",
            "Interviewer: So, how was it?\n\nZoë: Good 🙂 really good.\n\n林美: 是的",
            &[
                ("Interviewer", "So, how was it?", 1_000),
                ("Zoë", "Good 🙂 really good.", 3_500),
                ("林美", "是的", 3_600_000),
            ],
        );
    }

    #[test]
    fn without_speakers_cues_are_plain_paragraphs() {
        let (text, turns, warnings) = parse_srt("t.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:02,000 --> 00:00:03,000\n<b>World</b>\n").unwrap();
        assert_eq!(text, "Hello\n\nWorld");
        assert!(turns.is_empty());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn tolerates_missing_blank_lines_and_numbers() {
        check(
            "1\n00:00:01,000 --> 00:00:02,000\nA: one\n2\n00:00:02,000 --> 00:00:03,000\nB: two\n\n00:00:04,000 --> 00:00:05,000 X1:10\nB: three\n\n\nstill three",
            "A: one\n\nB: two three still three",
            &[("A", "one", 1_000), ("B", "two three still three", 2_000)],
        );
    }

    #[test]
    fn malformed_timings_name_the_line() {
        let cases = [
            ("1\n00:00:01,000 -> 00:00:02,000\nHi", 2),
            (
                "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:0x,000 --> 00:00:03,000\nHo",
                6,
            ),
            ("1\n00:00:01,000 --> \nHi", 2),
        ];
        for (srt, line) in cases {
            let error = parse_srt("talk.srt", srt).unwrap_err();
            assert!(
                matches!(&error, IngestError::BadTiming { line: found, .. } if *found == line),
                "{srt:?}: {error:?}"
            );
            assert!(
                error
                    .to_string()
                    .contains(&format!("talk.srt: line {line}"))
                    || error.to_string().contains(&format!("line {line} ")),
                "{error}"
            );
        }
    }

    #[test]
    fn refuses_text_that_is_not_subrip() {
        let error = parse_srt("notes.srt", "Dear diary\n").unwrap_err();
        assert!(
            matches!(error, IngestError::NotSubRip { line: 1, .. }),
            "{error:?}"
        );
    }
}
