//! Counting over themes: which segments a theme holds, how its segments and
//! participants spread across a participant attribute (the prevalence table
//! of the report), whether its key quotes lean on one participant or one
//! group, and what the themes leave out (the "uncovered" view).

use crate::model::{
    CodeId, Coding, CodingId, DocumentId, ParticipantId, Project, ThemeId, ThemeStatus,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The attribute value segments count under when their speaker has none.
pub const UNKNOWN: &str = "(no value)";

/// The segments of theme `theme`: codings of its codes or of codes beneath
/// them, in document-name then text order.
#[must_use]
pub fn theme_segments(project: &Project, theme: ThemeId) -> Vec<&Coding> {
    let mut segments = theme_codings(project, theme);
    sort_segments(project, &mut segments);
    segments
}

/// The codings of theme `theme`'s codes and of codes beneath them, in no
/// particular order.
fn theme_codings(project: &Project, theme: ThemeId) -> Vec<&Coding> {
    let Some(theme) = project.themes.get(&theme) else {
        return Vec::new();
    };
    let within: HashSet<CodeId> = project
        .codes
        .keys()
        .copied()
        .filter(|code| {
            theme
                .codes
                .iter()
                .any(|theme_code| project.code_is_within(*code, *theme_code))
        })
        .collect();
    project
        .codings
        .values()
        .filter(|coding| within.contains(&coding.code))
        .collect()
}

fn sort_segments(project: &Project, segments: &mut [&Coding]) {
    // Each document name is looked up once per segment, not once per
    // comparison: a theme of a large study holds tens of thousands.
    segments.sort_by_cached_key(|coding| {
        let name = project
            .documents
            .get(&coding.document)
            .map_or("", |document| document.name.as_str());
        (name, coding.start, coding.id)
    });
}

/// Who said a segment: its participant, if its speaker is linked to one.
fn participant_of(project: &Project, coding: &Coding) -> Option<ParticipantId> {
    project
        .speaker_of(coding)
        .1
        .map(|participant| participant.id)
}

/// A participant's value of `attribute` (compared without regard to case).
fn value_of(project: &Project, participant: Option<ParticipantId>, attribute: &str) -> String {
    participant
        .and_then(|id| project.participants.get(&id))
        .and_then(|participant| {
            participant
                .attributes
                .iter()
                .find(|(name, value)| {
                    name.eq_ignore_ascii_case(attribute.trim()) && !value.trim().is_empty()
                })
                .map(|(_, value)| value.trim().to_owned())
        })
        .unwrap_or_else(|| UNKNOWN.to_owned())
}

/// One theme's row of the prevalence table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevalenceRow {
    pub theme: ThemeId,
    /// Per attribute value: (participants with segments in the theme,
    /// segments).
    pub counts: BTreeMap<String, (usize, usize)>,
}

/// Each theme by the groups of one participant attribute: in how many of
/// each group's participants it appears, and in how many segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prevalence {
    pub attribute: String,
    /// The attribute's values among participants who are not interviewers,
    /// sorted, each with how many such participants hold it.
    pub groups: Vec<(String, usize)>,
    /// One row per theme that is not discarded, in name order.
    pub rows: Vec<PrevalenceRow>,
}

/// The prevalence of every theme that is not discarded, by `attribute`.
#[must_use]
pub fn prevalence(project: &Project, attribute: &str) -> Prevalence {
    let mut group_sizes: BTreeMap<String, usize> = BTreeMap::new();
    for participant in project.participants.values() {
        if !participant.is_interviewer {
            *group_sizes
                .entry(value_of(project, Some(participant.id), attribute))
                .or_default() += 1;
        }
    }
    let mut themes: Vec<_> = project
        .themes
        .values()
        .filter(|theme| theme.status != ThemeStatus::Discarded)
        .collect();
    themes.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let rows = themes
        .into_iter()
        .map(|theme| {
            let mut people: BTreeMap<String, BTreeSet<ParticipantId>> = BTreeMap::new();
            let mut segments: BTreeMap<String, usize> = BTreeMap::new();
            for coding in theme_codings(project, theme.id) {
                let participant = participant_of(project, coding);
                let group = value_of(project, participant, attribute);
                *segments.entry(group.clone()).or_default() += 1;
                if let Some(participant) = participant {
                    people.entry(group).or_default().insert(participant);
                }
            }
            let counts = segments
                .into_iter()
                .map(|(group, count)| {
                    let participants = people.get(&group).map_or(0, BTreeSet::len);
                    (group, (participants, count))
                })
                .collect();
            PrevalenceRow {
                theme: theme.id,
                counts,
            }
        })
        .collect();
    Prevalence {
        attribute: attribute.trim().to_owned(),
        groups: group_sizes.into_iter().collect(),
        rows,
    }
}

/// How a theme's key quotes spread over participants and the groups of one
/// attribute, with a warning for each imbalance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteBalance {
    /// Quotes per participant name (or speaker label), most first.
    pub by_participant: Vec<(String, usize)>,
    /// Quotes per attribute value, most first.
    pub by_group: Vec<(String, usize)>,
    /// Plain sentences about what dominates; empty when nothing does.
    pub warnings: Vec<String>,
}

/// The spread of theme `theme`'s key quotes by participant and by
/// `attribute`. Warns when one participant gives more than half of three or
/// more quotes, or when one group gives them all (or three quarters of four
/// or more) although the theme's segments come from several groups.
#[must_use]
pub fn quote_balance(project: &Project, theme: ThemeId, attribute: &str) -> QuoteBalance {
    let Some(entry) = project.themes.get(&theme) else {
        return QuoteBalance {
            by_participant: Vec::new(),
            by_group: Vec::new(),
            warnings: Vec::new(),
        };
    };
    let mut by_participant: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_group: BTreeMap<String, usize> = BTreeMap::new();
    for coding in entry
        .key_quotes
        .iter()
        .filter_map(|id| project.codings.get(id))
    {
        let (speaker, participant) = project.speaker_of(coding);
        let who = participant
            .map(|participant| participant.name.clone())
            .or_else(|| speaker.map(str::to_owned))
            .unwrap_or_else(|| "unattributed".to_owned());
        *by_participant.entry(who).or_default() += 1;
        *by_group
            .entry(value_of(
                project,
                participant_of(project, coding),
                attribute,
            ))
            .or_default() += 1;
    }
    let segment_groups: BTreeSet<String> = theme_codings(project, theme)
        .into_iter()
        .map(|coding| value_of(project, participant_of(project, coding), attribute))
        .filter(|group| group != UNKNOWN)
        .collect();
    let total: usize = by_participant.values().sum();
    let mut warnings = Vec::new();
    let sorted = |counts: BTreeMap<String, usize>| {
        let mut list: Vec<(String, usize)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    };
    let by_participant = sorted(by_participant);
    let by_group = sorted(by_group);
    if let Some((who, count)) = by_participant.first()
        && total >= 3
        && count * 2 > total
    {
        warnings.push(format!(
            "{who} gives {count} of the {total} key quotes: the theme may rest on one voice."
        ));
    }
    if let Some((group, count)) = by_group.first()
        && group != UNKNOWN
        && total >= 2
        && segment_groups.len() > 1
        && (*count == total || (total >= 4 && count * 4 >= total * 3))
    {
        let others: Vec<&str> = segment_groups
            .iter()
            .filter(|other| *other != group)
            .map(String::as_str)
            .collect();
        warnings.push(format!(
            "{count} of the {total} key quotes come from {attribute} {group}, though the theme's segments also come from {}.",
            others.join(", ")
        ));
    }
    QuoteBalance {
        by_participant,
        by_group,
        warnings,
    }
}

/// What the themes leave out.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncovered {
    /// Segments whose code, and every code above it, is in no theme (or only
    /// in discarded ones), in document then text order.
    pub segments: Vec<CodingId>,
    /// Documents with little coding: the share of their text that is coded,
    /// for those under half the median share, least first.
    pub documents: Vec<(DocumentId, f64)>,
    /// Participants (not interviewers) with few segments: those under half
    /// the median count, fewest first.
    pub participants: Vec<(ParticipantId, usize)>,
}

/// The segments no theme holds, and the documents and participants with
/// little coding, so the researcher sees what the themes leave out.
#[must_use]
pub fn uncovered(project: &Project) -> Uncovered {
    let themed: Vec<CodeId> = project
        .themes
        .values()
        .filter(|theme| theme.status != ThemeStatus::Discarded)
        .flat_map(|theme| theme.codes.iter().copied())
        .collect();
    // Each code is looked at once, not once per coding.
    let within_themes: HashSet<CodeId> = project
        .codes
        .keys()
        .copied()
        .filter(|code| {
            themed
                .iter()
                .any(|theme_code| project.code_is_within(*code, *theme_code))
        })
        .collect();
    let mut segments: Vec<&Coding> = project
        .codings
        .values()
        .filter(|coding| !within_themes.contains(&coding.code))
        .collect();
    sort_segments(project, &mut segments);

    let mut extents: HashMap<DocumentId, Vec<(usize, usize)>> = HashMap::new();
    for coding in project.codings.values() {
        extents
            .entry(coding.document)
            .or_default()
            .push((coding.start, coding.end));
    }
    let mut shares: Vec<(DocumentId, f64)> = project
        .documents
        .values()
        .map(|document| {
            let coded = covered_chars(
                extents.remove(&document.id).unwrap_or_default(),
                document.char_count,
            );
            let share = if document.char_count == 0 {
                0.0
            } else {
                coded as f64 / document.char_count as f64
            };
            (document.id, share)
        })
        .collect();
    let median_share = median(shares.iter().map(|(_, share)| *share).collect());
    shares.retain(|(_, share)| *share < median_share / 2.0 || *share == 0.0);
    shares.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));

    let mut counts: BTreeMap<ParticipantId, usize> = project
        .participants
        .values()
        .filter(|participant| !participant.is_interviewer)
        .map(|participant| (participant.id, 0))
        .collect();
    for coding in project.codings.values() {
        if let Some(participant) = participant_of(project, coding)
            && let Some(count) = counts.get_mut(&participant)
        {
            *count += 1;
        }
    }
    let median_count = median(counts.values().map(|count| *count as f64).collect());
    let mut participants: Vec<(ParticipantId, usize)> = counts
        .into_iter()
        .filter(|(_, count)| {
            let count = *count as f64;
            count < median_count / 2.0 || count == 0.0
        })
        .collect();
    participants.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Uncovered {
        segments: segments.into_iter().map(|coding| coding.id).collect(),
        documents: shares,
        participants,
    }
}

/// How many of a text's `length` chars at least one of `extents` covers.
fn covered_chars(mut extents: Vec<(usize, usize)>, length: usize) -> usize {
    extents.sort_unstable();
    let mut covered = 0;
    let mut reached = 0;
    for (start, end) in extents {
        let (start, end) = (start.max(reached), end.min(length));
        if start < end {
            covered += end - start;
            reached = end;
        }
    }
    covered
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        f64::midpoint(values[middle - 1], values[middle])
    } else {
        values[middle]
    }
}

/// How a report names who said a segment: "P3, peer practitioner, focus
/// group 2". The participant's `pseudonym` attribute (or their name, or the
/// speaker label), their `role`, and the document's `type` numbered among
/// documents of that type when there are several of them and the type is a
/// group setting (focus group, workshop), else just the type.
#[must_use]
pub fn attribution(project: &Project, coding: CodingId) -> String {
    let Some(segment) = project.segment(&coding) else {
        return "unattributed".to_owned();
    };
    let attribute = |name: &str| {
        segment.participant.and_then(|participant| {
            participant
                .attributes
                .iter()
                .find(|(key, value)| key.eq_ignore_ascii_case(name) && !value.trim().is_empty())
                .map(|(_, value)| value.trim().to_owned())
        })
    };
    let who = attribute("pseudonym")
        .or_else(|| {
            segment
                .participant
                .map(|participant| participant.name.clone())
        })
        .or_else(|| segment.speaker.map(str::to_owned))
        .unwrap_or_else(|| "unattributed".to_owned());
    let mut parts = vec![who];
    parts.extend(attribute("role"));
    let kind = segment
        .document
        .attributes
        .iter()
        .find(|(key, value)| key.eq_ignore_ascii_case("type") && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_owned());
    match kind {
        Some(kind) => {
            let mut same: Vec<(&str, DocumentId)> = project
                .documents
                .values()
                .filter(|document| {
                    document.attributes.iter().any(|(key, value)| {
                        key.eq_ignore_ascii_case("type") && value.trim() == kind
                    })
                })
                .map(|document| (document.name.as_str(), document.id))
                .collect();
            same.sort_unstable();
            let grouped = !kind.to_lowercase().contains("interview");
            match same.iter().position(|(_, id)| *id == segment.document.id) {
                Some(at) if grouped && same.len() > 1 => parts.push(format!("{kind} {}", at + 1)),
                _ => parts.push(kind),
            }
        }
        None => parts.push(segment.document.name.clone()),
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::covered_chars;

    #[test]
    fn covered_chars_counts_overlaps_once_and_stays_inside_the_text() {
        assert_eq!(covered_chars(vec![], 10), 0);
        assert_eq!(covered_chars(vec![(5, 8), (0, 3), (2, 6)], 10), 8);
        assert_eq!(covered_chars(vec![(0, 10), (3, 4)], 10), 10);
        assert_eq!(covered_chars(vec![(8, 40)], 10), 2);
        // Counted another way: char by char.
        let extents = vec![(1, 4), (3, 9), (12, 13), (12, 15), (20, 22)];
        let by_char = (0..21)
            .filter(|at| extents.iter().any(|(start, end)| start <= at && at < end))
            .count();
        assert_eq!(covered_chars(extents, 21), by_char);
    }
}
