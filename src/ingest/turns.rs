//! Finds speaker turns in running text (txt, md, docx, odt): lines that start with a
//! speaker label and a colon, and the utterance that runs until the next such line.

use std::collections::HashMap;

use super::ImportedTurn;
use super::positions::CharOffsets;
use super::speaker::{SpeakerPrefix, is_interviewer_label, speaker_prefix};

/// How many times a label must start a line before it counts as a speaker, unless it
/// names the interviewer. One "Note:" in a title is not a speaker.
const MIN_TURNS_PER_SPEAKER: usize = 2;
/// How many ignored labels a warning lists by name.
const MAX_LABELS_IN_WARNING: usize = 5;

/// A line that starts like a turn.
struct Candidate {
    line_number: usize,
    line_start: usize,
    prefix: SpeakerPrefix,
}

/// The turns of `text` and warnings about labels that were not taken as speakers.
pub(crate) fn detect_turns(text: &str) -> (Vec<ImportedTurn>, Vec<String>) {
    let candidates = find_candidates(text);
    let mut label_counts: HashMap<String, usize> = HashMap::new();
    for candidate in &candidates {
        *label_counts
            .entry(candidate.prefix.label.to_lowercase())
            .or_default() += 1;
    }
    let is_speaker = |label: &str| {
        is_interviewer_label(label)
            || label_counts
                .get(&label.to_lowercase())
                .copied()
                .unwrap_or(0)
                >= MIN_TURNS_PER_SPEAKER
    };
    let (accepted, ignored): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|candidate| is_speaker(&candidate.prefix.label));

    let mut offsets = CharOffsets::new(text);
    let mut turns = Vec::with_capacity(accepted.len());
    for (index, candidate) in accepted.iter().enumerate() {
        let region_end = accepted
            .get(index + 1)
            .map_or(text.len(), |next| next.line_start);
        let utterance_start = candidate.line_start + candidate.prefix.utterance_offset;
        let region = text.get(utterance_start..region_end).unwrap_or("");
        let trimmed_end = region.trim_end();
        let leading_space = trimmed_end.len() - trimmed_end.trim_start().len();
        let start = offsets.char_offset(utterance_start + leading_space);
        let end = offsets.char_offset(utterance_start + trimmed_end.len());
        turns.push(ImportedTurn {
            speaker: candidate.prefix.label.clone(),
            start,
            end,
            time_ms: candidate.prefix.time_ms,
            is_interviewer: is_interviewer_label(&candidate.prefix.label),
        });
    }

    let mut warnings = Vec::new();
    if let Some(warning) = ignored_labels_warning(&ignored) {
        warnings.push(warning);
    }
    if turns.is_empty() && !text.trim().is_empty() {
        warnings.push(
            "found no speaker turns; start each turn on a new line with the speaker's name and \
             a colon (\"Helen: ...\") to have turns recognised"
                .to_string(),
        );
    }
    (turns, warnings)
}

/// Every line whose start reads as a speaker prefix, in order.
fn find_candidates(text: &str) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    let mut line_start = 0;
    for (index, line) in text.split('\n').enumerate() {
        if let Some(prefix) = speaker_prefix(line) {
            candidates.push(Candidate {
                line_number: index + 1,
                line_start,
                prefix,
            });
        }
        line_start += line.len() + 1;
    }
    candidates
}

/// "treated these labels as text, not as speakers, because each starts only one turn:
/// "Note" (line 1)"
fn ignored_labels_warning(ignored: &[Candidate]) -> Option<String> {
    if ignored.is_empty() {
        return None;
    }
    let mut named: Vec<String> = ignored
        .iter()
        .take(MAX_LABELS_IN_WARNING)
        .map(|candidate| {
            format!(
                "\"{}\" (line {})",
                candidate.prefix.label, candidate.line_number
            )
        })
        .collect();
    if ignored.len() > MAX_LABELS_IN_WARNING {
        named.push(format!(
            "and {} more",
            ignored.len() - MAX_LABELS_IN_WARNING
        ));
    }
    Some(format!(
        "treated {} as text, not as a speaker, because a speaker needs at least two turns: {}",
        if ignored.len() == 1 {
            "this label"
        } else {
            "these labels"
        },
        named.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The turns of `text` as (speaker, utterance, time) triples.
    fn check(text: &str, expected: &[(&str, &str, Option<u64>)]) {
        let (turns, _) = detect_turns(text);
        let found = crate::ingest::turn_triples(text, &turns);
        let expected: Vec<(String, String, Option<u64>)> = expected
            .iter()
            .map(|(speaker, utterance, time)| (speaker.to_string(), utterance.to_string(), *time))
            .collect();
        assert_eq!(found, expected, "turns of {text:?}");
    }

    #[test]
    fn finds_simple_turns() {
        check(
            "Interviewer: How are you?\nHelen: Fine, thanks.\nInterviewer: Good.\nHelen: Yes.",
            &[
                ("Interviewer", "How are you?", None),
                ("Helen", "Fine, thanks.", None),
                ("Interviewer", "Good.", None),
                ("Helen", "Yes.", None),
            ],
        );
    }

    #[test]
    fn continuation_paragraphs_belong_to_the_turn() {
        check(
            "Title of the interview\n\nI: First question?\n\nZoë: Well, 🙂 first.\n\nAnd more.\n\n  \nZoë: Again.\n",
            &[
                ("I", "First question?", None),
                ("Zoë", "Well, 🙂 first.\n\nAnd more.", None),
                ("Zoë", "Again.", None),
            ],
        );
    }

    #[test]
    fn a_label_needs_two_turns_unless_it_is_the_interviewer() {
        check(
            "Note: recorded at home\nQ: Tell me.\n林美: 好的。\nQ: More?\n林美: 我觉得很好。",
            &[
                ("Q", "Tell me.", None),
                ("林美", "好的。", None),
                ("Q", "More?", None),
                ("林美", "我觉得很好。", None),
            ],
        );
        check("Note: one\nHelen: once", &[]);
        let (_, warnings) = detect_turns("Note: one\nHelen: once");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("\"Note\" (line 1), \"Helen\" (line 2)"),
            "{warnings:?}"
        );
    }

    #[test]
    fn labels_count_case_insensitively_and_keep_their_case() {
        check(
            "HELEN: a\nHelen: b",
            &[("HELEN", "a", None), ("Helen", "b", None)],
        );
    }

    #[test]
    fn reads_timestamps_capitals_parentheses_and_markdown() {
        check(
            "[00:00:05] Ruth (interviewer): So.\n[00:01:23] HELEN MARSH: Yes.\n(01:02:03) HELEN MARSH: And.",
            &[
                ("Ruth (interviewer)", "So.", Some(5_000)),
                ("HELEN MARSH", "Yes.", Some(83_000)),
                ("HELEN MARSH", "And.", Some(3_723_000)),
            ],
        );
        check(
            "# Interview 3\n\n**Interviewer:** Hello.\n\n**Sam**: Hi.\n\n**Sam:** Bye.",
            &[
                ("Interviewer", "Hello.", None),
                ("Sam", "Hi.", None),
                ("Sam", "Bye.", None),
            ],
        );
    }

    #[test]
    fn utterance_may_start_on_the_next_line() {
        check(
            "INTERVIEWER:\nSo tell me.\n\nINTERVIEWER:\n",
            &[
                ("INTERVIEWER", "So tell me.", None),
                ("INTERVIEWER", "", None),
            ],
        );
    }

    #[test]
    fn no_turns_gives_a_warning() {
        let (turns, warnings) = detect_turns("Just some notes.\nNothing else.");
        assert!(turns.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(detect_turns("").1.is_empty());
    }
}
