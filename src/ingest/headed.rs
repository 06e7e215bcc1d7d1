//! Recognises transcripts in which each turn opens with a header line that names the
//! speaker and gives a time, with the words on the lines below: Otter.ai exports
//! (`Jane Doe  0:03`), Microsoft Teams transcripts (`Jane Doe   0:03`, or an older
//! `00:00:03.120 --> 00:00:07.450` cue timing followed by a name line) and Zoom
//! transcripts (`[Jane Doe] 00:01:23`). The same reader serves .txt files and the
//! paragraphs of Word and OpenDocument files, so a shape is read the same way whatever
//! file it comes in. Lines before the first header (a title, a date, Otter's keywords and
//! speaker list) stay together as one front-matter paragraph without a speaker.

use std::borrow::Cow;
use std::collections::HashMap;

use super::speaker::is_speaker_label;
use super::timecode::parse_clock;
use super::transcript::Passage;

/// How many header lines make a text a header-layout transcript. One line that looks
/// like `Total  10:30` is not a transcript.
const MIN_HEADERS: usize = 2;
/// How many times a name must head a turn before a header with a single space between
/// name and time counts: `We met at 10:30` is a sentence, not a header, unless the
/// same "name" heads other turns too.
const MIN_LOOSE_REPEATS: usize = 2;

/// How a header line separates the speaker from the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderKind {
    /// Two or more spaces or a tab: Otter's and Teams' `Jane Doe  0:03`.
    Spaced,
    /// The name in square brackets: Zoom's `[Jane Doe] 00:01:23`.
    Bracketed,
    /// One space: `Jane Doe 00:00:03`, which prose can look like too.
    Loose,
    /// A cue timing line (`00:00:03.120 --> 00:00:07.450`) with the name on the next line.
    Cue,
}

/// The speaker and time of a header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub speaker: String,
    pub time_ms: u64,
    pub kind: HeaderKind,
}

/// Reads `line` as a `Name  time` or `[Name] time` header. Non-breaking and other fixed
/// spaces count as spaces, since word processors put them between name and time.
pub(crate) fn header(line: &str) -> Option<Header> {
    let line = plain_spaces(line);
    let line = line.trim();
    // Most lines are speech; only a line ending in a digit can end in a time.
    if !line.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let time_start = line.rfind([' ', '\t'])? + 1;
    let time_ms = parse_clock(&line[time_start..])?;
    let before = &line[..time_start];
    let name_part = before.trim_end_matches([' ', '\t']);
    let gap = &before[name_part.len()..];
    let (name, kind) = match name_part
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(inside) => (inside.trim(), HeaderKind::Bracketed),
        None if gap.contains('\t') || gap.len() >= 2 => (name_part, HeaderKind::Spaced),
        None => (name_part, HeaderKind::Loose),
    };
    is_header_name(name).then(|| Header {
        speaker: name.to_string(),
        time_ms,
        kind,
    })
}

/// Whether `name` can name a speaker in a header. Exports keep names as people typed
/// them or as a directory lists them, so "Dr. Smith" and "Doe, Jane" are names here,
/// although a period or comma would rule a label out before a colon in running text.
fn is_header_name(name: &str) -> bool {
    let without_periods = name.replace('.', "");
    let plain = match without_periods.split_once(", ") {
        // "Doe, Jane", but not "March 5, 2024".
        Some((last, first)) if first.starts_with(char::is_alphabetic) => {
            format!("{last} {first}")
        }
        _ => without_periods,
    };
    is_speaker_label(&plain)
}

/// The start time of a cue timing line such as `00:00:03.120 --> 00:00:07.450` or
/// Teams' `0:0:3.64 --> 0:0:7.450`.
fn cue_start(line: &str) -> Option<u64> {
    let (start, end) = line.trim().split_once("-->")?;
    let end = end.split_whitespace().next()?;
    loose_clock(end)?;
    loose_clock(start.trim())
}

/// A clock time whose minutes and seconds may have one digit, as older Teams
/// transcripts write them ("0:0:3.64"), in milliseconds.
fn loose_clock(text: &str) -> Option<u64> {
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(index) => text.split_at(index),
        None => (text, ""),
    };
    let mut parts = clock.split(':');
    let mut padded = parts.next()?.to_string();
    for part in parts {
        padded.push(':');
        if part.len() == 1 {
            padded.push('0');
        }
        padded.push_str(part);
    }
    padded.push_str(fraction);
    parse_clock(&padded)
}

/// `line` with non-breaking, narrow and figure spaces as plain spaces.
fn plain_spaces(line: &str) -> Cow<'_, str> {
    const FIXED_SPACES: [char; 3] = ['\u{A0}', '\u{202F}', '\u{2007}'];
    if line.contains(FIXED_SPACES) {
        Cow::Owned(line.replace(FIXED_SPACES, " "))
    } else {
        Cow::Borrowed(line)
    }
}

/// What one line of the text is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LineRole {
    /// The start of a turn.
    Turn(Header),
    /// A cue timing with no name after it: a paragraph without a speaker follows.
    UnnamedCue,
    /// Words of the current turn or of the front matter.
    Words,
    /// A blank line: a paragraph break inside a turn.
    Blank,
    /// The name line after a cue timing, already part of the header.
    Consumed,
    /// A line the platform writes that is not speech: kept as its own paragraph.
    Notice,
    /// Otter's "Transcribed by https://otter.ai": left out.
    Footer,
}

/// The passages of `text` if it is a header-layout transcript: at least two headers.
/// The first passage is the front matter, without a speaker.
pub(crate) fn read_headed(text: &str) -> Option<Vec<Passage>> {
    let lines: Vec<&str> = text.split('\n').collect();
    let roles = line_roles(&lines);
    let headers = roles
        .iter()
        .filter(|role| matches!(role, LineRole::Turn(_)))
        .count();
    (headers >= MIN_HEADERS).then(|| passages(&lines, &roles))
}

/// The role of each line. A loose header counts only if its name heads other turns too.
fn line_roles(lines: &[&str]) -> Vec<LineRole> {
    let mut roles: Vec<LineRole> = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        index += 1;
        if line.trim().is_empty() {
            roles.push(LineRole::Blank);
        } else if let Some(time_ms) = cue_start(line) {
            // The name is the next line that is not blank, if it reads as a name.
            let name_at = (index..lines.len()).find(|&next| !lines[next].trim().is_empty());
            let name = name_at
                .map(|next| plain_spaces(lines[next]).trim().to_string())
                .filter(|name| is_header_name(name) && header(name).is_none());
            match (name, name_at) {
                (Some(speaker), Some(name_index)) => {
                    roles.push(LineRole::Turn(Header {
                        speaker,
                        time_ms,
                        kind: HeaderKind::Cue,
                    }));
                    roles.extend(std::iter::repeat_n(LineRole::Blank, name_index - index));
                    roles.push(LineRole::Consumed);
                    index = name_index + 1;
                }
                _ => roles.push(LineRole::UnnamedCue),
            }
        } else if let Some(header) = header(line) {
            roles.push(LineRole::Turn(header));
        } else if is_otter_footer(line) {
            roles.push(LineRole::Footer);
        } else if is_transcription_notice(line) {
            roles.push(LineRole::Notice);
        } else {
            roles.push(LineRole::Words);
        }
    }
    let mut name_counts: HashMap<String, usize> = HashMap::new();
    for role in &roles {
        if let LineRole::Turn(header) = role {
            *name_counts
                .entry(header.speaker.to_lowercase())
                .or_default() += 1;
        }
    }
    for role in &mut roles {
        if let LineRole::Turn(header) = role
            && header.kind == HeaderKind::Loose
            && name_counts
                .get(&header.speaker.to_lowercase())
                .copied()
                .unwrap_or(0)
                < MIN_LOOSE_REPEATS
        {
            *role = LineRole::Words;
        }
    }
    roles
}

/// Builds the passages: the front matter's lines joined by line breaks into one
/// paragraph, each turn's lines joined by line breaks, and blank lines inside a turn
/// kept as one paragraph break.
fn passages(lines: &[&str], roles: &[LineRole]) -> Vec<Passage> {
    let mut passages = vec![Passage {
        speaker: None,
        time_ms: None,
        text: String::new(),
    }];
    let mut after_blank = false;
    for (line, role) in lines.iter().zip(roles) {
        match role {
            LineRole::Turn(header) => passages.push(Passage {
                speaker: Some(header.speaker.clone()),
                time_ms: Some(header.time_ms),
                text: String::new(),
            }),
            LineRole::UnnamedCue | LineRole::Notice => passages.push(Passage {
                speaker: None,
                time_ms: None,
                text: if *role == LineRole::Notice {
                    line.trim().to_string()
                } else {
                    String::new()
                },
            }),
            LineRole::Blank => {
                after_blank = true;
                continue;
            }
            LineRole::Consumed | LineRole::Footer => continue,
            LineRole::Words => {
                let is_front_matter = passages.len() == 1;
                if let Some(passage) = passages.last_mut() {
                    if !passage.text.is_empty() {
                        let paragraph_break = after_blank && !is_front_matter;
                        passage
                            .text
                            .push_str(if paragraph_break { "\n\n" } else { "\n" });
                    }
                    passage.text.push_str(line.trim());
                }
            }
        }
        after_blank = false;
    }
    passages
}

/// Otter's closing "Transcribed by https://otter.ai" line.
fn is_otter_footer(line: &str) -> bool {
    let line = line.trim().to_lowercase();
    line.starts_with("transcribed by") && line.contains("otter.ai")
}

/// Lines Teams writes that record the transcription, not speech: "Jane Doe started
/// transcription", "Jane Doe stopped transcription", "Transcription ended after 0:42:13".
fn is_transcription_notice(line: &str) -> bool {
    let line = line.trim().to_lowercase();
    line.ends_with("started transcription")
        || line.ends_with("stopped transcription")
        || line.starts_with("transcription ended after")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expected` is (speaker, time, kind), or `None` for a line that is not a header.
    fn check(line: &str, expected: Option<(&str, u64, HeaderKind)>) {
        let found = header(line).map(|header| (header.speaker, header.time_ms, header.kind));
        let expected = expected.map(|(speaker, time, kind)| (speaker.to_string(), time, kind));
        assert_eq!(found, expected, "header({line:?})");
    }

    #[test]
    fn reads_header_lines() {
        use HeaderKind::{Bracketed, Loose, Spaced};
        check("Jane Doe  0:03", Some(("Jane Doe", 3_000, Spaced)));
        check("Jane Doe   00:00:03", Some(("Jane Doe", 3_000, Spaced)));
        check("Jane Doe\t12:45", Some(("Jane Doe", 765_000, Spaced)));
        check(
            "Jane Doe\u{A0}\u{A0}1:02:03 ",
            Some(("Jane Doe", 3_723_000, Spaced)),
        );
        check("  Speaker 1  0:00", Some(("Speaker 1", 0, Spaced)));
        check(
            "Unknown Speaker  75:10",
            Some(("Unknown Speaker", 4_510_000, Spaced)),
        );
        check("Dr. Smith  0:05", Some(("Dr. Smith", 5_000, Spaced)));
        check("Doe, Jane   0:03", Some(("Doe, Jane", 3_000, Spaced)));
        check("Zoë Brown 00:00:03", Some(("Zoë Brown", 3_000, Loose)));
        check("[Jane Doe] 00:01:23", Some(("Jane Doe", 83_000, Bracketed)));
        check("[林美]  01:23", Some(("林美", 83_000, Bracketed)));
        for line in [
            "",
            "Jane Doe",
            "Jane Doe  0:3",
            "Jane Doe: 0:03",
            "0:03",
            "  00:00:03",
            "March 5, 2024  14:03",
            "Mon, 3/4 2024 10:12AM • 42:13",
            "see 2:30  3:45",
            "[00:01:23] Jane: words",
            "Jane Doe  0:03 words",
            "We went to the crisis house and then it was 10:30",
        ] {
            check(line, None);
        }
    }

    #[test]
    fn reads_cue_timings() {
        assert_eq!(cue_start("00:00:03.120 --> 00:00:07.450"), Some(3_120));
        assert_eq!(cue_start("0:0:3.64 --> 0:0:7.450"), Some(3_640));
        assert_eq!(cue_start("0:1:2.5 --> 0:1:4.0 align:start"), Some(62_500));
        assert_eq!(cue_start("00:03 --> later"), None);
        assert_eq!(cue_start("Jane --> Tom"), None);
    }

    /// A passage as (speaker, time, text).
    type ExpectedPassage<'a> = (Option<&'a str>, Option<u64>, &'a str);

    /// The passages of `text` as (speaker, time, text), or `None` if it is not a
    /// header-layout transcript.
    fn check_passages(text: &str, expected: Option<&[ExpectedPassage<'_>]>) {
        let found = read_headed(text).map(|passages| {
            passages
                .into_iter()
                .filter(|passage| !passage.text.is_empty())
                .map(|passage| (passage.speaker, passage.time_ms, passage.text))
                .collect::<Vec<_>>()
        });
        let expected = expected.map(|passages| {
            passages
                .iter()
                .map(|(speaker, time, text)| (speaker.map(str::to_string), *time, text.to_string()))
                .collect::<Vec<_>>()
        });
        assert_eq!(found, expected, "read_headed({text:?})");
    }

    #[test]
    fn reads_header_layouts() {
        // Otter, with its front matter kept as one paragraph and its footer left out.
        check_passages(
            "Peer worker interview\nTue, Mar 05, 2024 10:12AM • 42:13\n\nSUMMARY KEYWORDS\nnetwork, peer\nSPEAKERS\nRuth Bell, Speaker 1\n\nRuth Bell  00:00\nWelcome.\n\nSpeaker 1  00:04\nThanks.\n\nSecond paragraph.\n\nTranscribed by https://otter.ai",
            Some(&[
                (
                    None,
                    None,
                    "Peer worker interview\nTue, Mar 05, 2024 10:12AM • 42:13\nSUMMARY KEYWORDS\nnetwork, peer\nSPEAKERS\nRuth Bell, Speaker 1",
                ),
                (Some("Ruth Bell"), Some(0), "Welcome."),
                (
                    Some("Speaker 1"),
                    Some(4_000),
                    "Thanks.\n\nSecond paragraph.",
                ),
            ]),
        );
        // Teams: header and words in one paragraph, a notice, single spaces that repeat.
        check_passages(
            "Transcript\n\nMarch 5, 2024, 2:03PM\n\nJane Doe started transcription\n\nJane Doe 0:03\nHello all.\n\nTom Hale 0:09\nHi.\n\nJane Doe 1:15\nRight.\nTom Hale 1:20\nBye.",
            Some(&[
                (None, None, "Transcript\nMarch 5, 2024, 2:03PM"),
                (None, None, "Jane Doe started transcription"),
                (Some("Jane Doe"), Some(3_000), "Hello all."),
                (Some("Tom Hale"), Some(9_000), "Hi."),
                (Some("Jane Doe"), Some(75_000), "Right."),
                (Some("Tom Hale"), Some(80_000), "Bye."),
            ]),
        );
        // Older Teams: cue timings, then the name, then the words.
        check_passages(
            "0:0:0.0 --> 0:0:4.480\nDoe, Jane\nShall we begin?\n\n0:0:4.480 --> 0:0:9.10\n\nHale, Tom\nYes.\n\n0:0:9.10 --> 0:0:12.0\nHmm?",
            Some(&[
                (Some("Doe, Jane"), Some(0), "Shall we begin?"),
                (Some("Hale, Tom"), Some(4_480), "Yes."),
                (None, None, "Hmm?"),
            ]),
        );
        // Zoom.
        check_passages(
            "[Jane Doe] 00:01:23\nHello\n[Speaker 2] 00:01:30\nHi",
            Some(&[
                (Some("Jane Doe"), Some(83_000), "Hello"),
                (Some("Speaker 2"), Some(90_000), "Hi"),
            ]),
        );
        // A loose header whose name heads no other turn is words.
        check_passages(
            "Jane Doe  0:03\nWe left at\nAbout 10:30\nTom Hale  0:09\nOk.",
            Some(&[
                (Some("Jane Doe"), Some(3_000), "We left at\nAbout 10:30"),
                (Some("Tom Hale"), Some(9_000), "Ok."),
            ]),
        );
        for text in [
            "Jane Doe  0:03\nHello.",
            "Jane Doe 0:03\nHello.\nTom Hale 0:05\nHi.",
            "Helen: hi\nHelen: hello",
            "",
        ] {
            check_passages(text, None);
        }
    }
}
