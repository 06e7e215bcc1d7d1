//! Speaker labels that name a role rather than a person ("Interviewer", "Participant",
//! "I", "R", "Speaker 1", "Entrevistado"), in English, French, German and Spanish.
//!
//! A role label means a different person in every document: the "Participant" of one
//! interview is not the "Participant" of the next. So the import gives each role label
//! a participant of its own document ("Participant (int-07)"), while a named speaker
//! ("Zoë Adebayo") is one person wherever they speak.

/// What a role label says about the person behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelRole {
    /// Asks the questions: interviewer, moderator, facilitator, I, Q.
    Interviewer,
    /// Answers them: participant, interviewee, respondent, client, patient, R, P, A.
    Respondent,
    /// Says only that someone speaks: "Speaker 1", "Unknown Speaker".
    Unidentified,
}

/// Role words for the one asking, in lower case, without accents (see [`fold`]).
const INTERVIEWER_WORDS: &[&str] = &[
    // English
    "interviewer",
    "int",
    "iv",
    "i",
    "q",
    "question",
    "moderator",
    "facilitator",
    "researcher",
    "co-researcher",
    // French
    "intervieweur",
    "intervieweuse",
    "enqueteur",
    "enqueteuse",
    "enquetrice",
    "moderateur",
    "moderatrice",
    "animateur",
    "animatrice",
    "chercheur",
    "chercheuse",
    // German
    "interviewerin",
    "moderatorin",
    "forscher",
    "forscherin",
    "frage",
    // Spanish
    "entrevistador",
    "entrevistadora",
    "moderador",
    "moderadora",
    "facilitador",
    "facilitadora",
    "investigador",
    "investigadora",
    "pregunta",
];

/// Role words for the one answering.
const RESPONDENT_WORDS: &[&str] = &[
    // English
    "participant",
    "interviewee",
    "respondent",
    "resp",
    "client",
    "patient",
    "service user",
    "r",
    "p",
    "a",
    "answer",
    // French
    "participante",
    "interviewe",
    "interviewee",
    "repondant",
    "repondante",
    "cliente",
    "patiente",
    "usager",
    "usagere",
    "reponse",
    // German
    "teilnehmer",
    "teilnehmerin",
    "teilnehmende",
    "befragter",
    "befragte",
    "interviewte",
    "interviewter",
    "klient",
    "klientin",
    "patientin",
    "antwort",
    // Spanish
    "participante",
    "entrevistado",
    "entrevistada",
    "encuestado",
    "encuestada",
    "paciente",
    "usuario",
    "usuaria",
    "respuesta",
];

/// Labels that only say someone speaks.
const UNIDENTIFIED_WORDS: &[&str] = &[
    "speaker",
    "unknown speaker",
    "unknown",
    "unidentified speaker",
    "voice",
    "locuteur",
    "locutrice",
    "intervenant",
    "intervenante",
    "locuteur inconnu",
    "sprecher",
    "sprecherin",
    "unbekannter sprecher",
    "unbekannt",
    "hablante",
    "orador",
    "oradora",
    "hablante desconocido",
    "desconocido",
];

/// The role a speaker label names, if it names a role and not a person. Case, accents,
/// a trailing number ("Participant 3", "P1", "Speaker 02") and a trailing period ("I.")
/// do not matter; "Zoë" and "Ruth (interviewer)" name people.
#[must_use]
pub fn label_role(label: &str) -> Option<LabelRole> {
    let folded = fold(label);
    let bare = folded
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.' || c == '#')
        .trim_end_matches(['-', '_'])
        .trim();
    if bare.is_empty() {
        return None;
    }
    if INTERVIEWER_WORDS.contains(&bare) {
        Some(LabelRole::Interviewer)
    } else if RESPONDENT_WORDS.contains(&bare) {
        Some(LabelRole::Respondent)
    } else if UNIDENTIFIED_WORDS.contains(&bare) {
        Some(LabelRole::Unidentified)
    } else {
        None
    }
}

/// The name of the participant that speaker `label` of document `document_name`
/// stands for: the label itself for a named speaker (and for an interviewer role when
/// the project says interviewers are one person), otherwise "Label (document)".
#[must_use]
pub fn participant_name_for(
    project: &crate::model::Project,
    label: &str,
    document_name: &str,
) -> String {
    match label_role(label) {
        Some(LabelRole::Interviewer) if project.interviewers_shared() => label.trim().to_owned(),
        Some(_) => role_participant_name(label, document_name),
        None => label.trim().to_owned(),
    }
}

/// The name of the participant a role label gets in one document: "Participant (int-07)".
#[must_use]
pub fn role_participant_name(label: &str, document_name: &str) -> String {
    format!("{} ({document_name})", label.trim())
}

/// Lower case without the accents of Latin letters, with runs of white space as one
/// space and markdown emphasis removed, so "ENTREVISTADO", "Entrevistado" and
/// "**Entrevistádo**" compare equal.
#[must_use]
pub fn fold(label: &str) -> String {
    let mut folded = String::with_capacity(label.len());
    let mut last_space = true;
    for c in label.trim().trim_matches('*').trim().chars() {
        if c.is_whitespace() {
            if !last_space {
                folded.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        for lower in c.to_lowercase() {
            folded.push(strip_accent(lower));
        }
    }
    folded.trim_end().to_owned()
}

/// The base letter of an accented Latin letter; other chars as they are.
pub(crate) fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{LabelRole, label_role, role_participant_name};

    fn check(label: &str, expected: Option<LabelRole>) {
        assert_eq!(label_role(label), expected, "label {label:?}");
    }

    #[test]
    fn role_labels_are_recognised_in_four_languages() {
        use LabelRole::{Interviewer, Respondent, Unidentified};
        check("Interviewer", Some(Interviewer));
        check("INTERVIEWER 2", Some(Interviewer));
        check("I", Some(Interviewer));
        check("I.", Some(Interviewer));
        check("Q", Some(Interviewer));
        check("Int", Some(Interviewer));
        check("Moderator", Some(Interviewer));
        check("Facilitator 1", Some(Interviewer));
        check("Participant", Some(Respondent));
        check("participant 3", Some(Respondent));
        check("P1", Some(Respondent));
        check("R", Some(Respondent));
        check("A", Some(Respondent));
        check("Interviewee", Some(Respondent));
        check("Respondent", Some(Respondent));
        check("Client", Some(Respondent));
        check("Patient", Some(Respondent));
        check("**Participant**", Some(Respondent));
        check("Speaker 1", Some(Unidentified));
        check("SPEAKER 02", Some(Unidentified));
        check("Unknown Speaker", Some(Unidentified));
        // French
        check("Enquêteur", Some(Interviewer));
        check("Animatrice", Some(Interviewer));
        check("Participante", Some(Respondent));
        check("Interviewé", Some(Respondent));
        check("Répondant 2", Some(Respondent));
        check("Locuteur 1", Some(Unidentified));
        // German
        check("Interviewerin", Some(Interviewer));
        check("Befragte", Some(Respondent));
        check("Teilnehmer 4", Some(Respondent));
        check("Sprecher 2", Some(Unidentified));
        // Spanish
        check("Entrevistador", Some(Interviewer));
        check("ENTREVISTADA", Some(Respondent));
        check("Paciente", Some(Respondent));
        check("Hablante 1", Some(Unidentified));
        // People, not roles.
        check("Zoë", None);
        check("Ruth (interviewer)", None);
        check("Helen Marsh", None);
        check("Pat", None);
        check("Isabel", None);
        check("", None);
        check("12", None);
    }

    #[test]
    fn a_role_participant_is_named_after_its_document() {
        assert_eq!(
            role_participant_name(" Participant ", "int-07"),
            "Participant (int-07)"
        );
    }
}
