//! Renders timed captions and Otter exports as text: one `Speaker: utterance` paragraph
//! per turn, with the turn's range pointing at the utterance. Also merges consecutive
//! caption cues of one speaker into one turn.

use super::ImportedTurn;
use super::speaker::is_interviewer_label;

/// A piece of speech before rendering: a caption cue or an Otter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Passage {
    /// `None` when no speaker is known; such a passage becomes a plain paragraph.
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    pub text: String,
}

/// Merges caption cues: a cue of the same speaker as the one before, or a cue without a
/// speaker after one with a speaker, continues that turn (joined by a space, keeping the
/// first cue's time). Cues without a speaker before any speaker stay separate paragraphs.
pub(crate) fn merge_cues(cues: Vec<Passage>) -> Vec<Passage> {
    let mut merged: Vec<Passage> = Vec::with_capacity(cues.len());
    for cue in cues {
        if cue.text.trim().is_empty() {
            continue;
        }
        if let Some(previous) = merged.last_mut() {
            let continues = previous.speaker.is_some()
                && (cue.speaker.is_none() || cue.speaker == previous.speaker);
            if continues {
                previous.text.push(' ');
                previous.text.push_str(cue.text.trim());
                continue;
            }
        }
        merged.push(Passage {
            text: cue.text.trim().to_string(),
            ..cue
        });
    }
    merged
}

/// The rendered text and the turns of `passages`. Paragraphs are separated by a blank
/// line; passages with no text are left out.
pub(crate) fn render(passages: &[Passage]) -> (String, Vec<ImportedTurn>) {
    let mut text = String::new();
    let mut char_count = 0;
    let mut turns = Vec::new();
    for passage in passages {
        let utterance = passage.text.trim();
        if utterance.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            char_count += 2;
        }
        if let Some(speaker) = &passage.speaker {
            let prefix = format!("{speaker}: ");
            text.push_str(&prefix);
            char_count += prefix.chars().count();
        }
        let start = char_count;
        text.push_str(utterance);
        char_count += utterance.chars().count();
        if let Some(speaker) = &passage.speaker {
            turns.push(ImportedTurn {
                speaker: speaker.clone(),
                start,
                end: char_count,
                time_ms: passage.time_ms,
                is_interviewer: is_interviewer_label(speaker),
            });
        }
    }
    (text, turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(speaker: Option<&str>, time_ms: u64, text: &str) -> Passage {
        Passage {
            speaker: speaker.map(str::to_string),
            time_ms: Some(time_ms),
            text: text.to_string(),
        }
    }

    #[test]
    fn merges_same_speaker_and_continuations() {
        let cues = vec![
            passage(None, 0, "Music."),
            passage(None, 1, "Applause."),
            passage(Some("Zoë"), 2, " Hello "),
            passage(Some("Zoë"), 3, "there."),
            passage(None, 4, "And more."),
            passage(Some("林美"), 5, "你好 🙂"),
            passage(Some("Zoë"), 6, ""),
            passage(Some("林美"), 7, "再见"),
        ];
        assert_eq!(
            merge_cues(cues),
            vec![
                passage(None, 0, "Music."),
                passage(None, 1, "Applause."),
                passage(Some("Zoë"), 2, "Hello there. And more."),
                passage(Some("林美"), 5, "你好 🙂 再见"),
            ]
        );
    }

    #[test]
    fn renders_speaker_paragraphs_with_char_ranges() {
        let passages = vec![
            passage(None, 0, "Intro"),
            passage(Some("Zoë"), 2_000, "Héllo 🙂"),
            passage(Some("Interviewer"), 3_000, "Next"),
        ];
        let (text, turns) = render(&passages);
        assert_eq!(text, "Intro\n\nZoë: Héllo 🙂\n\nInterviewer: Next");
        let chars: Vec<char> = text.chars().collect();
        let slices: Vec<String> = turns
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect();
        assert_eq!(slices, ["Héllo 🙂", "Next"]);
        assert_eq!(turns[0].time_ms, Some(2_000));
        assert!(!turns[0].is_interviewer);
        assert!(turns[1].is_interviewer);
    }
}
