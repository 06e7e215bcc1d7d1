//! The people of a project: participants who speak, and coders who code.

use crate::model::{CoderId, ParticipantId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person whose words are in the transcripts (a REFI-QDA case). Speakers of
/// documents link to participants; attributes (role, site, years in Open Dialogue)
/// come from a participants CSV or are typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    /// The name used in transcripts (normally already a pseudonym).
    pub name: String,
    /// Interviewers and facilitators: their turns are questions, not data.
    pub is_interviewer: bool,
    pub attributes: BTreeMap<String, String>,
}

/// A named person who applies codes; every coding and journal row names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    pub id: CoderId,
    pub name: String,
}
