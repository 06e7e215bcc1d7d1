//! Imports WebVTT captions (Zoom, Teams, YouTube): cues become `Speaker: utterance`
//! paragraphs, speakers come from `<v Name>` voice tags or `Name: ` prefixes, and
//! consecutive cues of one speaker merge into one turn.

use super::cue_text::{Markup, split_at_speaker_prefixes, strip_markup};
use super::error::excerpt;
use super::timecode::parse_clock;
use super::transcript::{Passage, merge_cues, render};
use super::{ImportedTurn, IngestError};

/// The WebVTT content of a file: rendered text, turns and warnings.
pub(crate) fn parse_vtt(
    file_name: &str,
    text: &str,
) -> Result<(String, Vec<ImportedTurn>, Vec<String>), IngestError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first_line = lines.first().copied().unwrap_or("");
    if !is_signature(first_line) {
        return Err(IngestError::NotWebVtt {
            file: file_name.to_string(),
            found: excerpt(first_line),
        });
    }
    let mut warnings = Vec::new();
    let mut cues = Vec::new();
    // The header runs from the signature to the first blank line.
    let blocks = blocks(&lines).into_iter().skip(1);
    for block in blocks {
        let Some(&(first_number, first)) = block.first() else {
            continue;
        };
        if ["NOTE", "STYLE", "REGION"]
            .iter()
            .any(|keyword| starts_with_keyword(first, keyword))
        {
            continue;
        }
        let Some(timing_index) = block
            .iter()
            .take(2)
            .position(|(_, line)| line.contains("-->"))
        else {
            warnings.push(format!("skipped line {first_number}, which is not part of a cue (a cue needs a timing line such as \"00:01.000 --> 00:04.000\")"));
            continue;
        };
        let (line_number, timing_line) = block[timing_index];
        let time_ms = parse_timing(timing_line).ok_or_else(|| IngestError::BadTiming {
            file: file_name.to_string(),
            line: line_number,
            found: excerpt(timing_line),
            example: "00:01:02.500 --> 00:01:05.000",
        })?;
        let payload: Vec<&str> = block[timing_index + 1..]
            .iter()
            .map(|(_, line)| *line)
            .collect();
        for (speaker, text) in cue_pieces(&payload.join("\n")) {
            cues.push(Passage {
                speaker,
                time_ms: Some(time_ms),
                text,
            });
        }
    }
    let has_speakers = cues.iter().any(|cue| cue.speaker.is_some());
    if !has_speakers && !cues.is_empty() {
        warnings.push(
            "found no speaker names (<v Name> voice tags or \"Name:\" at the start of a cue), \
             so each cue became a paragraph without a speaker"
                .to_string(),
        );
    }
    let (text, turns) = render(&merge_cues(cues));
    Ok((text, turns, warnings))
}

/// `WEBVTT`, alone or followed by a space or tab and a title.
fn is_signature(line: &str) -> bool {
    starts_with_keyword(line, "WEBVTT")
}

fn starts_with_keyword(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Runs of non-blank lines, each line with its 1-based number.
fn blocks<'a>(lines: &[&'a str]) -> Vec<Vec<(usize, &'a str)>> {
    let mut blocks: Vec<Vec<(usize, &'a str)>> = Vec::new();
    let mut current = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push((index + 1, *line));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The start time of `00:01.000 --> 00:04.000 align:start`; both times must be valid.
/// Hours are optional, and a comma is tolerated in place of the dot.
fn parse_timing(line: &str) -> Option<u64> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    parse_clock(end.trim())?;
    parse_clock(start.trim())
}

/// The (speaker, text) pieces of a cue's payload. Each `<v Name>` starts a piece of that
/// voice (a closing `</v>` is optional); text outside voice tags is split at `Name: `
/// prefixes instead.
fn cue_pieces(payload: &str) -> Vec<(Option<String>, String)> {
    let mut pieces = Vec::new();
    for (voice, raw) in split_at_voices(payload) {
        let plain = strip_markup(raw, Markup::WebVtt);
        match voice {
            Some(voice) => {
                let joined = plain
                    .split('\n')
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                pieces.push((Some(voice), joined));
            }
            None => pieces.extend(split_at_speaker_prefixes(&plain)),
        }
    }
    pieces.retain(|(_, text)| !text.is_empty());
    pieces
}

/// Splits raw cue text at voice tags `<v Name>` / `<v.class Name>`, keeping other markup.
fn split_at_voices(payload: &str) -> Vec<(Option<String>, &str)> {
    let mut pieces = Vec::new();
    let mut voice: Option<String> = None;
    let mut piece_start = 0;
    let mut search_from = 0;
    while let Some(found) = payload[search_from..].find("<v") {
        let tag_start = search_from + found;
        let after_v = &payload[tag_start + 2..];
        let is_voice = after_v.starts_with(['.', ' ', '\t', '\n']);
        let Some(tag_length) = after_v.find('>').filter(|_| is_voice) else {
            search_from = tag_start + 2;
            continue;
        };
        let tag = &after_v[..tag_length];
        // A name may wrap onto the next line inside the tag; it is still one name.
        let name = tag
            .split_once(char::is_whitespace)
            .map_or(String::new(), |(_, name)| {
                name.split_whitespace().collect::<Vec<_>>().join(" ")
            });
        pieces.push((voice.take(), &payload[piece_start..tag_start]));
        voice = (!name.is_empty()).then_some(name);
        piece_start = tag_start + 2 + tag_length + 1;
        search_from = piece_start;
    }
    pieces.push((voice, &payload[piece_start..]));
    pieces.retain(|(voice, text)| voice.is_some() || !text.trim().is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `vtt` and compares the rendered text and (speaker, utterance, time) turns.
    fn check(vtt: &str, expected_text: &str, expected_turns: &[(&str, &str, u64)]) {
        let (text, turns, _) = parse_vtt("t.vtt", vtt).unwrap();
        crate::ingest::check_timed_turns((&text, &turns), expected_text, expected_turns);
    }

    #[test]
    fn reads_voice_tags_and_merges_a_speakers_cues() {
        check(
            "WEBVTT - Interview 3\nKind: captions\n\nNOTE recorded on Zoom\nsecond note line\n\nSTYLE\n::cue { color: red }\n\n1\n00:00:01.000 --> 00:00:04.000 align:start position:10%\n<v Interviewer>How are you?</v>\n\n2\n00:04.500 --> 00:06.000\n<v.loud Zoë>I'm well,\n<i>thanks</i> 🙂\n\n00:00:06.000 --> 00:00:08.000\n<v.loud Zoë>Really &amp; truly.\n\n00:01:00.000 --> 00:01:02.000\n<v 林美>好的</v>\n",
            "Interviewer: How are you?\n\nZoë: I'm well, thanks 🙂 Really & truly.\n\n林美: 好的",
            &[
                ("Interviewer", "How are you?", 1_000),
                ("Zoë", "I'm well, thanks 🙂 Really & truly.", 4_500),
                ("林美", "好的", 60_000),
            ],
        );
    }

    #[test]
    fn reads_name_prefixes_when_there_are_no_voice_tags() {
        check(
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHelen Marsh: Hello <c.x>there</c>\n\n2\n00:00:02.000 --> 00:00:03.000\nand more\n\n3\n00:00:03.000 --> 00:00:04.000\nInterviewer: Thanks.",
            "Helen Marsh: Hello there and more\n\nInterviewer: Thanks.",
            &[
                ("Helen Marsh", "Hello there and more", 1_000),
                ("Interviewer", "Thanks.", 3_000),
            ],
        );
    }

    #[test]
    fn a_voice_name_may_wrap() {
        check(
            "WEBVTT\n\n00:05.000 --> 00:07.000\n<v.a  Helen\nMarsh >Yes<v\nZoë>No",
            "Helen Marsh: Yes\n\nZoë: No",
            &[("Helen Marsh", "Yes", 5_000), ("Zoë", "No", 5_000)],
        );
    }

    #[test]
    fn several_voices_in_one_cue() {
        check(
            "WEBVTT\n\n00:05.000 --> 00:07.000\n<v A>Yes?\n<v B>No.",
            "A: Yes?\n\nB: No.",
            &[("A", "Yes?", 5_000), ("B", "No.", 5_000)],
        );
    }

    #[test]
    fn cues_without_speakers_are_plain_paragraphs() {
        let (text, turns, warnings) = parse_vtt(
            "t.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nOne\nline\n\n00:02.000 --> 00:03.000\nTwo",
        )
        .unwrap();
        assert_eq!(text, "One line\n\nTwo");
        assert!(turns.is_empty());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn refuses_a_file_without_the_signature() {
        let error = parse_vtt("notes.vtt", "Helen: hi\n").unwrap_err();
        assert_eq!(
            error,
            IngestError::NotWebVtt {
                file: "notes.vtt".into(),
                found: "Helen: hi".into()
            }
        );
        assert!(
            error
                .to_string()
                .contains("must start with the line \"WEBVTT\"")
        );
        assert!(parse_vtt("x.vtt", "WEBVTTX\n").is_err());
    }

    #[test]
    fn names_the_line_of_a_bad_timing() {
        let error = parse_vtt("t.vtt", "WEBVTT\n\n1\n00:01.000 --> soon\nHi").unwrap_err();
        assert!(
            matches!(error, IngestError::BadTiming { line: 4, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("line 4"));
    }

    #[test]
    fn skips_blocks_that_are_not_cues() {
        let (text, _, warnings) = parse_vtt(
            "t.vtt",
            "WEBVTT\n\nstray text\n\n00:01.000 --> 00:02.000\n<v A>Hi",
        )
        .unwrap();
        assert_eq!(text, "A: Hi");
        assert!(warnings[0].contains("line 3"), "{warnings:?}");
    }
}
