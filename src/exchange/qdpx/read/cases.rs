//! Cases and variables: a project's variables by GUID, the values written
//! under a case or a source, and cases read as participants with those
//! values as attributes; and, once the documents are made, which case–source
//! links Polyphony can keep (through speaker labels) and which it reports.

use super::ProjectReader;
use crate::edit::Command;
use crate::exchange::qdpx::guids::{Kind, guid_key};
use crate::exchange::qdpx::xml::Element;
use crate::model::{Participant, ParticipantId, Target};
use crate::words::{count, list_some};
use std::collections::BTreeMap;

/// A variable of the project: its name and type.
pub(super) struct Variable {
    name: String,
    kind: String,
}

impl ProjectReader<'_> {
    pub(super) fn read_variables(&mut self, root: &Element) {
        let Some(variables) = root.child("Variables") else {
            return;
        };
        for variable in variables.children_named("Variable") {
            if let Some(guid) = variable.attr("guid") {
                self.variables.insert(
                    guid_key(guid),
                    Variable {
                        name: variable.attr_or_empty("name").trim().to_owned(),
                        kind: variable.attr_or_empty("typeOfVariable").to_owned(),
                    },
                );
            }
        }
    }

    /// The values of `<VariableValue>`s under `element`: (name, type, value).
    pub(super) fn variable_values(&mut self, element: &Element) -> Vec<(String, String, String)> {
        let mut values = Vec::new();
        let mut unknown = 0;
        for value in element.children_named("VariableValue") {
            let variable = value
                .child("VariableRef")
                .and_then(|reference| reference.attr("targetGUID"))
                .and_then(|guid| self.variables.get(&guid_key(guid)))
                .filter(|variable| !variable.name.is_empty());
            let Some(variable) = variable else {
                unknown += 1;
                continue;
            };
            let written = value
                .children
                .iter()
                .find(|child| child.name.ends_with("Value") && child.name != "VariableRef")
                .map(|child| child.text.trim().to_owned())
                .unwrap_or_default();
            if !written.is_empty() {
                values.push((variable.name.clone(), variable.kind.clone(), written));
            }
        }
        if unknown > 0 {
            self.report.warnings.push(format!(
                "{} name variables that are not in the project's <Variables> and were left out",
                count(unknown, "value", "values")
            ));
        }
        values
    }

    /// Cases become participants (the same participant when the project has
    /// the GUID or the name), their variable values attributes.
    pub(super) fn read_cases(&mut self, root: &Element) {
        let Some(cases) = root.child("Cases") else {
            return;
        };
        let mut code_links = 0;
        let mut selection_links = 0;
        for (index, case) in cases.children_named("Case").enumerate() {
            let name = match case.attr_or_empty("name").trim() {
                "" => format!("Case {}", index + 1),
                name => name.to_owned(),
            };
            let values = self.variable_values(case);
            let is_interviewer = values.iter().find_map(|(variable, kind, value)| {
                (variable.eq_ignore_ascii_case("interviewer")
                    && kind.eq_ignore_ascii_case("boolean"))
                .then(|| matches!(value.to_lowercase().as_str(), "true" | "1"))
            });
            let attributes: BTreeMap<String, String> = values
                .into_iter()
                .filter(|(variable, kind, _)| {
                    !(variable.eq_ignore_ascii_case("interviewer")
                        && kind.eq_ignore_ascii_case("boolean"))
                })
                .map(|(variable, _, value)| (variable, value))
                .collect();
            let existing = case
                .attr("guid")
                .and_then(|guid| guid_key(guid).parse::<uuid::Uuid>().ok())
                .map(ParticipantId)
                .and_then(|id| self.project.participants.get(&id))
                .or_else(|| self.project.find_participant(&name));
            let earlier = self.cases_by_name.get(&name.to_lowercase()).copied();
            let id = if let Some(existing) = existing {
                self.cases_matched += 1;
                self.update_participant(existing, is_interviewer, &attributes);
                existing.id
            } else if let Some(earlier) = earlier {
                self.report.warnings.push(format!(
                    "two cases are called {name}; they were merged into one participant"
                ));
                for (variable, value) in attributes {
                    self.participant_commands
                        .push(Command::SetParticipantAttribute {
                            id: earlier,
                            name: variable,
                            value: Some(value),
                        });
                }
                earlier
            } else {
                let id = ParticipantId(self.guids.id(Kind::Participant, case.attr("guid"), |id| {
                    self.project.participants.contains_key(&ParticipantId(id))
                }));
                self.participant_commands.push(Command::CreateParticipant {
                    participant: Participant {
                        id,
                        name: name.clone(),
                        is_interviewer: is_interviewer.unwrap_or(false),
                        attributes,
                    },
                });
                id
            };
            self.cases_read += 1;
            self.cases_by_name.insert(name.to_lowercase(), id);
            if let Some(description) = case
                .child_text("Description")
                .filter(|text| !text.trim().is_empty())
            {
                self.described.push((
                    format!("Description of {name}"),
                    description.to_owned(),
                    Target::Participant(id),
                ));
            }
            for source in case
                .children_named("SourceRef")
                .filter_map(|source| source.attr("targetGUID"))
            {
                self.case_sources.push((id, name.clone(), guid_key(source)));
            }
            code_links += case.children_named("CodeRef").count();
            selection_links += case.children_named("SelectionRef").count();
        }
        if code_links > 0 {
            self.report.not_carried.push(format!(
                "{} (Polyphony's participants are not coded)",
                count(code_links, "case–code link", "case–code links")
            ));
        }
        if selection_links > 0 {
            self.report.not_carried.push(format!(
                "{} (a participant's words are found through speaker labels)",
                count(
                    selection_links,
                    "case–selection link",
                    "case–selection links"
                )
            ));
        }
    }

    fn update_participant(
        &mut self,
        existing: &Participant,
        is_interviewer: Option<bool>,
        attributes: &BTreeMap<String, String>,
    ) {
        if let Some(flag) = is_interviewer.filter(|flag| *flag != existing.is_interviewer) {
            self.participant_commands.push(Command::UpdateParticipant {
                id: existing.id,
                name: existing.name.clone(),
                is_interviewer: flag,
            });
        }
        for (variable, value) in attributes {
            if existing.attributes.get(variable) != Some(value) {
                self.participant_commands
                    .push(Command::SetParticipantAttribute {
                        id: existing.id,
                        name: variable.clone(),
                        value: Some(value.clone()),
                    });
            }
        }
    }

    /// A case's source links are kept where a speaker of the case's name
    /// speaks in the document; the others are reported.
    pub(super) fn report_case_sources(&mut self) {
        let mut unlinked = Vec::new();
        for (participant, case, source) in &self.case_sources {
            let document = self
                .documents
                .iter()
                .position(|document| document.key.as_deref() == Some(source.as_str()));
            let linked = document.is_some_and(|index| {
                self.document_commands.iter().any(|command| {
                    matches!(command, Command::InsertDocument { document }
                        if document.id == self.documents[index].id
                            && document.speakers.values().any(|id| id == participant))
                })
            });
            if !linked {
                let name = document.map_or_else(
                    || "a source not carried".to_owned(),
                    |index| self.documents[index].name.clone(),
                );
                unlinked.push(format!("{case} – {name}"));
            }
        }
        if !unlinked.is_empty() {
            self.report.not_carried.push(format!(
                "{} where nobody of the case's name speaks in the document (Polyphony links participants through speaker labels): {}",
                count(unlinked.len(), "case–source link", "case–source links"),
                list_some(&unlinked, 6)
            ));
        }
    }
}
