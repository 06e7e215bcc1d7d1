//! Imports the transcript files in `tests/fixtures/transcripts/`, written by LibreOffice
//! and by python-docx in the shapes real exports take (Otter, Teams, Zoom, bold names,
//! bracketed timestamps), and checks the speakers, times and front matter found in each.
//! Files from real writers catch what documents built in a test cannot: runs split in
//! odd places, non-breaking spaces, line breaks inside paragraphs, empty paragraphs.

use super::{ImportedDocument, SourceFormat, import_document};

/// What one fixture must import as.
struct Expected<'a> {
    format: SourceFormat,
    /// The front matter the text must start with, as one paragraph without a speaker.
    front_matter: Option<&'a str>,
    /// Each turn as (speaker, the words its utterance starts with, time).
    turns: &'a [(&'a str, &'a str, Option<u64>)],
}

/// Imports `bytes` as `file_name` and compares it with `expected`.
fn check(file_name: &str, bytes: &[u8], expected: &Expected<'_>) -> ImportedDocument {
    let document =
        import_document(file_name, bytes).unwrap_or_else(|error| panic!("{file_name}: {error}"));
    assert_eq!(document.format, expected.format, "{file_name}");
    let chars: Vec<char> = document.text.chars().collect();
    let found: Vec<(String, String, Option<u64>)> = document
        .turns
        .iter()
        .map(|turn| {
            (
                turn.speaker.clone(),
                chars[turn.start..turn.end].iter().collect(),
                turn.time_ms,
            )
        })
        .collect();
    let speakers_and_times: Vec<(&str, Option<u64>)> = found
        .iter()
        .map(|(speaker, _, time)| (speaker.as_str(), *time))
        .collect();
    let expected_speakers_and_times: Vec<(&str, Option<u64>)> = expected
        .turns
        .iter()
        .map(|(speaker, _, time)| (*speaker, *time))
        .collect();
    assert_eq!(
        speakers_and_times, expected_speakers_and_times,
        "{file_name}: speakers and times in {:?}",
        document.text
    );
    for ((speaker, utterance, _), (_, first_words, _)) in found.iter().zip(expected.turns) {
        assert!(
            utterance.starts_with(first_words),
            "{file_name}: {speaker}'s turn is {utterance:?}, expected it to start with {first_words:?}"
        );
    }
    match expected.front_matter {
        Some(front_matter) => {
            let front_chars = front_matter.chars().count();
            assert!(
                document.text.starts_with(&format!("{front_matter}\n\n")),
                "{file_name}: front matter in {:?}",
                document.text
            );
            assert!(
                document.turns.iter().all(|turn| turn.start > front_chars),
                "{file_name}: a turn covers the front matter"
            );
        }
        None => assert!(
            document.turns.first().is_some_and(|turn| {
                let before: String = chars[..turn.start].iter().collect();
                !before.contains("\n\n")
            }),
            "{file_name}: the first turn should start in the first paragraph"
        ),
    }
    document
}

#[test]
fn imports_an_otter_word_export() {
    let document = check(
        "otter-export.docx",
        include_bytes!("../../tests/fixtures/transcripts/otter-export.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: Some(
                "Network meeting debrief\nMon, Mar 03, 2025 9:41AM • 08:15\nSUMMARY KEYWORDS\nnetwork meeting, reflecting team, peer worker, family\nSPEAKERS\nRuth Bell, Speaker 1, Unknown Speaker",
            ),
            turns: &[
                ("Ruth Bell", "So, how did", Some(0)),
                ("Speaker 1", "Better than last time.", Some(6_000)),
                ("Unknown Speaker", "Sorry, is this room", Some(72_000)),
                ("Ruth Bell", "We'll be five minutes.", Some(3_723_000)),
            ],
        },
    );
    // Two paragraphs of one turn stay two paragraphs; Otter's footer is left out.
    let second = &document.turns[1];
    let utterance: String = document
        .text
        .chars()
        .skip(second.start)
        .take(second.end - second.start)
        .collect();
    assert_eq!(
        utterance,
        "Better than last time. The brother came, which nobody expected.\n\nHe sat by the door the whole hour, but he stayed."
    );
    assert!(!document.text.contains("otter.ai"), "{}", document.text);
}

#[test]
fn imports_an_otter_export_saved_as_odt() {
    // LibreOffice keeps Otter's two spaces as non-breaking spaces.
    check(
        "otter-export.odt",
        include_bytes!("../../tests/fixtures/transcripts/otter-export.odt"),
        &Expected {
            format: SourceFormat::Odt,
            front_matter: Some(
                "Peer supervision group\nThu, Feb 06, 2025 2:14PM • 12:40\nSUMMARY KEYWORDS\nsupervision, peer, network meeting, lived experience\nSPEAKERS\nRuth Bell, Speaker 2",
            ),
            turns: &[
                ("Ruth Bell", "Let's start with", Some(3_000)),
                ("Speaker 2", "Holding hope when", Some(12_000)),
                ("Ruth Bell", "Who holds it for you?", Some(100_000)),
            ],
        },
    );
}

#[test]
fn imports_a_teams_word_transcript() {
    let document = check(
        "teams-transcript.docx",
        include_bytes!("../../tests/fixtures/transcripts/teams-transcript.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: Some("Transcript\nMarch 10, 2025, 3:02PM\n12m 40s"),
            turns: &[
                ("Ruth Bell", "Thanks for joining.", Some(3_000)),
                (
                    "Kwame Mensah",
                    "Yes, loud and clear.\nI'm in the car",
                    Some(9_000),
                ),
                ("Niamh Gallagher", "Same here.", Some(21_000)),
                ("Ruth Bell", "Let's start there.", Some(65_000)),
            ],
        },
    );
    // Teams' notes about the transcription are paragraphs of their own, not speech.
    assert!(
        document
            .text
            .contains("\n\nRuth Bell started transcription\n\nRuth Bell: Thanks"),
        "{}",
        document.text
    );
    assert!(
        document
            .text
            .ends_with("\n\nRuth Bell stopped transcription"),
        "{}",
        document.text
    );
}

#[test]
fn imports_an_older_teams_transcript_of_cues() {
    check(
        "teams-cues.docx",
        include_bytes!("../../tests/fixtures/transcripts/teams-cues.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: None,
            turns: &[
                ("Bell, Ruth", "Thanks for staying on", Some(0)),
                ("Gallagher, Niamh", "That's fine.", Some(5_120)),
                ("Bell, Ruth", "Go on, then.", Some(11_480)),
                (
                    "Gallagher, Niamh",
                    "We talked about the family",
                    Some(18_300),
                ),
            ],
        },
    );
}

#[test]
fn imports_a_zoom_transcript_saved_as_word() {
    check(
        "zoom-transcript.docx",
        include_bytes!("../../tests/fixtures/transcripts/zoom-transcript.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: None,
            turns: &[
                ("Ruth Bell", "Okay, I think", Some(2_000)),
                ("Kwame Mensah", "No problem.", Some(9_000)),
                ("Ruth Bell", "Will do.", Some(15_000)),
                ("Kwame Mensah", "Busy. Six of us", Some(22_000)),
                ("Unknown Speaker", "Sorry, wrong room.", Some(65_000)),
                ("Kwame Mensah", "[laughs] That happens", Some(69_000)),
            ],
        },
    );
}

#[test]
fn imports_bold_speaker_names_from_python_docx() {
    let document = check(
        "bold-names.docx",
        include_bytes!("../../tests/fixtures/transcripts/bold-names.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: Some("Interview S06 – peer practitioner, South"),
            turns: &[
                ("Interviewer", "What does a good", None),
                ("Arjun Patel", "Slow.", None),
                ("Interviewer", "And a bad one?", None),
                ("Arjun Patel", "When the doctor", None),
                ("Arjun Patel", "Sorry, can I add", None),
                ("Interviewer", "Of course.\n\nNote:not a speaker", None),
            ],
        },
    );
    // Only a bold label gets a space after its colon.
    assert!(
        document
            .text
            .ends_with("\n\nNote:not a speaker, just a note."),
        "{}",
        document.text
    );
}

#[test]
fn imports_bold_speaker_names_from_libreoffice() {
    check(
        "bold-names-libreoffice.docx",
        include_bytes!("../../tests/fixtures/transcripts/bold-names-libreoffice.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: Some("Interview S05, transcribed by the research team"),
            turns: &[
                ("Interviewer", "How do you use", None),
                ("Olivia Brennan", "Carefully.", None),
                ("Interviewer", "Can you give", None),
                ("Olivia Brennan", "A young man said", None),
            ],
        },
    );
}

#[test]
fn imports_bracketed_timestamps() {
    check(
        "bracket-timestamps.docx",
        include_bytes!("../../tests/fixtures/transcripts/bracket-timestamps.docx"),
        &Expected {
            format: SourceFormat::Docx,
            front_matter: Some("Interview S04 – peer practitioner, South"),
            turns: &[
                ("Interviewer", "Can you remember", Some(4_000)),
                ("Arjun Patel", "Very clearly.", Some(11_000)),
                ("Arjun Patel", "I sat in the car park", Some(19_000)),
                ("Interviewer", "And what did you say?", Some(31_000)),
                ("Arjun Patel", "That I'd been", Some(62_000)),
                ("Interviewer", "Thank you.", Some(75_000)),
            ],
        },
    );
}

#[test]
fn imports_the_sample_teams_focus_group() {
    let document = import_document(
        "focus-group-03-south-teams.docx",
        include_bytes!("../../sample-corpus/transcripts/focus-group-03-south-teams.docx"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let mut speakers: Vec<&str> = document
        .turns
        .iter()
        .map(|turn| turn.speaker.as_str())
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    assert_eq!(
        speakers,
        [
            "Arjun Patel",
            "Facilitator",
            "Kwame Mensah",
            "Niamh Gallagher",
            "Olivia Brennan"
        ]
    );
    assert!(document.turns.len() >= 40, "{}", document.turns.len());
    assert!(document.turns.iter().all(|turn| turn.time_ms.is_some()));
    assert!(
        document
            .text
            .starts_with("Focus group 3: South team (peer practitioners)\nTranscript\n"),
        "{}",
        document.text
    );
}
