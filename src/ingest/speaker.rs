//! Recognises speakers: which labels can name a speaker, which of them name the
//! interviewer, and where a "Name: " prefix at the start of a line ends.

use super::timecode::leading_timestamp;

/// The longest speaker label accepted, in chars.
const MAX_LABEL_CHARS: usize = 40;
/// The most words a speaker label may have.
const MAX_LABEL_WORDS: usize = 5;

/// Whether a speaker label names the interviewer (or facilitator, moderator, researcher):
/// the interviewer role labels of [`crate::model::roles`] in any of its languages
/// ("Interviewer", "Int", "I", "Q", "Entrevistador", numbered forms such as
/// "Interviewer 2"), and any label containing "interviewer", "facilitator" or
/// "moderator" in any case, such as "Ruth (interviewer)".
#[must_use]
pub fn is_interviewer_label(speaker: &str) -> bool {
    if crate::model::roles::label_role(speaker) == Some(crate::model::roles::LabelRole::Interviewer)
    {
        return true;
    }
    let label = speaker.trim().trim_matches('*').trim().to_lowercase();
    if ["interviewer", "facilitator", "moderator"]
        .iter()
        .any(|role| label.contains(role))
    {
        return true;
    }
    // "Interviewer 2", "I1", "Q." all name the same role as their bare form.
    let bare = label.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.');
    matches!(
        bare,
        "int" | "i" | "q" | "iv" | "researcher" | "co-researcher"
    )
}

/// Whether `label` can name a speaker: 1–40 chars and at most 5 words, starting with a
/// letter, without sentence punctuation or markup. Capitals ("HELEN MARSH"), digits
/// ("Participant 3"), apostrophes and a parenthesis ("Ruth (interviewer)") are fine.
pub(crate) fn is_speaker_label(label: &str) -> bool {
    let Some(first) = label.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && label.chars().count() <= MAX_LABEL_CHARS
        && label.split_whitespace().count() <= MAX_LABEL_WORDS
        && !label
            .chars()
            .any(|c| c.is_control() || ".?!,;:\"“”„«»*#<>[]{}=+|\\@$%^~`".contains(c))
}

/// A speaker prefix found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpeakerPrefix {
    /// The label as written, trimmed, without markdown `**` or a timestamp.
    pub label: String,
    /// A timestamp before the label, or in brackets right after it.
    pub time_ms: Option<u64>,
    /// Byte offset in the line where the utterance starts: after the colon (and closing
    /// `**`) and the spaces or tabs that follow.
    pub utterance_offset: usize,
}

/// Reads a speaker prefix at the start of `line`: optional indentation, an optional
/// timestamp (`[00:01:23]`, `(01:23)`, `00:01:23`), then `Name:`, `**Name:**` or
/// `**Name**:`; a full-width colon (`林美：`) works too. An ASCII colon must be followed by
/// white space or the end of the line, so "http://" is not a speaker.
pub(crate) fn speaker_prefix(line: &str) -> Option<SpeakerPrefix> {
    let mut offset = line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut time_ms = None;
    if let Some((time, length)) = leading_timestamp(&line[offset..]) {
        time_ms = Some(time);
        offset += length;
        offset += skip_separator(&line[offset..]);
    }
    let rest = &line[offset..];
    let (raw_label, after_label) = if let Some(inside) = rest.strip_prefix("**") {
        bold_label(inside).map(|(label, after)| (label, offset + 2 + after))?
    } else {
        let (label, after) = plain_label(rest)?;
        (label, offset + after)
    };
    let (label, trailing_time) = split_trailing_timestamp(raw_label.trim());
    if !is_speaker_label(label) {
        return None;
    }
    let spaces =
        line[after_label..].len() - line[after_label..].trim_start_matches([' ', '\t']).len();
    Some(SpeakerPrefix {
        label: label.to_string(),
        time_ms: time_ms.or(trailing_time),
        utterance_offset: after_label + spaces,
    })
}

/// Skips white space and an optional dash between a timestamp and a label.
fn skip_separator(text: &str) -> usize {
    let trimmed = text.trim_start_matches([' ', '\t']);
    let after_dash = trimmed
        .strip_prefix(['-', '–', '—'])
        .map_or(trimmed, |rest| {
            if rest.starts_with([' ', '\t']) {
                rest.trim_start_matches([' ', '\t'])
            } else {
                trimmed
            }
        });
    text.len() - after_dash.len()
}

/// `Name:** rest` or `Name**: rest` (the opening `**` already removed): the label and the
/// byte offset just after the closing markup.
fn bold_label(inside: &str) -> Option<(&str, usize)> {
    let close = inside.find("**")?;
    let label = &inside[..close];
    if let Some(label) = label.strip_suffix(':').or_else(|| label.strip_suffix('：')) {
        return Some((label, close + 2));
    }
    let after = &inside[close + 2..];
    let colon = if after.starts_with(':') {
        1
    } else if after.starts_with('：') {
        '：'.len_utf8()
    } else {
        return None;
    };
    Some((label, close + 2 + colon))
}

/// `Name: rest`: the label and the byte offset just after the colon. Colons inside
/// brackets, as in `Helen (00:01:23): hi`, do not end the label.
fn plain_label(rest: &str) -> Option<(&str, usize)> {
    /// A label plus a bracketed timestamp is never longer than this; stop looking there.
    const MAX_SCAN_CHARS: usize = 64;
    let mut depth = 0usize;
    for (index, c) in rest.char_indices().take(MAX_SCAN_CHARS) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '\u{FF1A}' if depth == 0 => return Some((&rest[..index], index + c.len_utf8())),
            ':' if depth == 0 => {
                let after = &rest[index + 1..];
                let ends_label = after.is_empty() || after.starts_with(char::is_whitespace);
                return ends_label.then_some((&rest[..index], index + 1));
            }
            _ => {}
        }
    }
    None
}

/// "Helen [00:01:23]" → ("Helen", Some(83000)); other labels are returned as they are.
fn split_trailing_timestamp(label: &str) -> (&str, Option<u64>) {
    let Some(open) = label.rfind(['(', '[']) else {
        return (label, None);
    };
    match super::timecode::leading_timestamp(&label[open..]) {
        Some((time, length)) if open + length == label.len() => {
            (label[..open].trim_end(), Some(time))
        }
        _ => (label, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expected` is (label, time, utterance) or `None` for a line that is not a turn.
    fn check(line: &str, expected: Option<(&str, Option<u64>, &str)>) {
        let found = speaker_prefix(line).map(|prefix| {
            (
                prefix.label.clone(),
                prefix.time_ms,
                &line[prefix.utterance_offset..],
            )
        });
        let expected = expected.map(|(label, time, rest)| (label.to_string(), time, rest));
        assert_eq!(found, expected, "speaker_prefix({line:?})");
    }

    #[test]
    fn reads_speaker_prefixes() {
        check("Helen: Hello there", Some(("Helen", None, "Hello there")));
        check("  Helen:\tHello", Some(("Helen", None, "Hello")));
        check("Helen:", Some(("Helen", None, "")));
        check("HELEN MARSH: Yes.", Some(("HELEN MARSH", None, "Yes.")));
        check(
            "Ruth (interviewer): So",
            Some(("Ruth (interviewer)", None, "So")),
        );
        check("Zoë: ça va 🙂", Some(("Zoë", None, "ça va 🙂")));
        check("林美：我觉得很好", Some(("林美", None, "我觉得很好")));
        check("林美: 好", Some(("林美", None, "好")));
        check("Participant 3: ok", Some(("Participant 3", None, "ok")));
        check("O'Brien: ok", Some(("O'Brien", None, "ok")));
    }

    #[test]
    fn reads_timestamps_and_markdown() {
        check("[00:01:23] Helen: hi", Some(("Helen", Some(83_000), "hi")));
        check("[01:23] Helen: hi", Some(("Helen", Some(83_000), "hi")));
        check("(00:01:23) Helen: hi", Some(("Helen", Some(83_000), "hi")));
        check("00:01:23 Helen: hi", Some(("Helen", Some(83_000), "hi")));
        check("00:01:23 - Helen: hi", Some(("Helen", Some(83_000), "hi")));
        check("Helen (00:01:23): hi", Some(("Helen", Some(83_000), "hi")));
        check("Helen [01:23]: hi", Some(("Helen", Some(83_000), "hi")));
        check("**Helen:** hi", Some(("Helen", None, "hi")));
        check("**Helen**: hi", Some(("Helen", None, "hi")));
        check(
            "[00:00:05] **Interviewer:** So",
            Some(("Interviewer", Some(5_000), "So")),
        );
    }

    #[test]
    fn refuses_what_is_not_a_speaker() {
        for line in [
            "",
            "Hello there",
            "See http://example.org",
            "Well. I said: no",
            "Why? Because: reasons",
            "This is a very long sentence with far too many words: yes",
            "A label that is much longer than forty characters: x",
            "12: numbers first",
            ": nothing",
            "**Helen** hi",
            "\"Quoted\": no",
            "- Helen: list item",
            "Time:10:30",
        ] {
            check(line, None);
        }
    }

    #[test]
    fn recognises_interviewer_labels() {
        for label in [
            "Interviewer",
            "INTERVIEWER",
            "Int",
            "I",
            "Q",
            "Facilitator",
            "Moderator",
            "Researcher",
            "Ruth (interviewer)",
            "Interviewer 2",
            "I1",
            "co-facilitator",
            "**Interviewer**",
        ] {
            assert!(is_interviewer_label(label), "{label}");
        }
        for label in [
            "Interviewee",
            "Helen",
            "P1",
            "A",
            "Participant",
            "Ida",
            "Quinn",
        ] {
            assert!(!is_interviewer_label(label), "{label}");
        }
    }
}
