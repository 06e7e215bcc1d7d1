//! Writing a project as a REFI-QDA project (QDPX): a zip holding `project.qde`,
//! the project as QDA-XML 1.0 in the order the schema requires, and each
//! document's text as `sources/GUID.txt` (UTF-8 without a BOM, LF, positions in
//! code points). The same project always gives the same bytes: every list is
//! sorted, derived GUIDs are hashes, and every timestamp comes from the data.

use super::ORIGIN;
use super::codebook::{self, write_code_tree};
use crate::exchange::ExchangeError;
use crate::exchange::common::{
    CharIndex, XmlWriter, data_time_span, save_atomically, xml_datetime,
};
use crate::model::{
    Coding, Document, DocumentId, Memo, Participant, ParticipantId, Project, Target,
};
use crate::words::count;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;
use uuid::Uuid;

/// What an export wrote, and what the format had no place for.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    /// One summary line per kind of record written: "12 documents (TextSource, …)".
    pub written: Vec<String>,
    /// One line per kind of record that was left out or changed, with why.
    pub not_carried: Vec<String>,
}

/// The name of the Boolean variable that carries `Participant::is_interviewer`.
pub const INTERVIEWER_VARIABLE: &str = "Interviewer";

/// Writes `project` as a QDPX file at `out`. The file appears whole or not at
/// all: it is written beside `out` and renamed into place.
pub fn write_qdpx(project: &Project, out: &Path) -> Result<ExportReport, ExchangeError> {
    let name = out
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|stem| !stem.trim().is_empty())
        .unwrap_or_else(|| "Polyphony project".to_owned());
    let export = QdeExport::new(project);
    let qde = export.project_xml(&name);
    let archive = zip_archive(project, &qde, &export.included_documents())
        .map_err(|error| zip_error(out, error))?;
    save_atomically(out, &archive)?;
    Ok(export.report())
}

/// Everything the XML needs, gathered once: memos by what they discuss and
/// codings by document, each list in its written order.
struct QdeExport<'p> {
    project: &'p Project,
    memos_on: BTreeMap<Target, Vec<&'p Memo>>,
    memos_in_order: Vec<&'p Memo>,
    codings_by_document: BTreeMap<DocumentId, Vec<&'p Coding>>,
    codings_without_records: usize,
    codings_clamped: usize,
    variables: Vec<Variable>,
    speaks_in: BTreeMap<ParticipantId, BTreeSet<(&'p str, DocumentId)>>,
}

/// A project-level variable: one per participant attribute name, and the
/// Boolean `Interviewer` when any participant is an interviewer.
struct Variable {
    guid: Uuid,
    name: String,
    kind: VariableKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum VariableKind {
    Text,
    Interviewer,
}

impl<'p> QdeExport<'p> {
    fn new(project: &'p Project) -> Self {
        let mut memos_in_order: Vec<&Memo> = project.memos.values().collect();
        memos_in_order.sort_by_key(|memo| (memo.created_at, memo.id));
        let mut memos_on: BTreeMap<Target, Vec<&Memo>> = BTreeMap::new();
        for memo in &memos_in_order {
            memos_on.entry(memo.target).or_default().push(memo);
        }

        let mut codings_by_document: BTreeMap<DocumentId, Vec<&Coding>> = BTreeMap::new();
        let mut codings_without_records = 0;
        let mut codings_clamped = 0;
        for coding in project.codings.values() {
            let Some(document) = project.documents.get(&coding.document) else {
                codings_without_records += 1;
                continue;
            };
            if !project.codes.contains_key(&coding.code) {
                codings_without_records += 1;
                continue;
            }
            if coding.end > document.char_count || coding.start > coding.end {
                codings_clamped += 1;
            }
            codings_by_document
                .entry(coding.document)
                .or_default()
                .push(coding);
        }
        for codings in codings_by_document.values_mut() {
            codings.sort_by_key(|coding| (coding.start, coding.end, coding.id));
        }

        let attribute_names: BTreeSet<&str> = project
            .participants
            .values()
            .flat_map(|participant| participant.attributes.keys().map(String::as_str))
            .collect();
        let mut variables: Vec<Variable> = attribute_names
            .into_iter()
            .map(|name| Variable {
                guid: variable_guid(name),
                name: name.to_owned(),
                kind: VariableKind::Text,
            })
            .collect();
        if project
            .participants
            .values()
            .any(|participant| participant.is_interviewer)
        {
            variables.push(Variable {
                guid: derived_guid("interviewer variable", INTERVIEWER_VARIABLE),
                name: INTERVIEWER_VARIABLE.to_owned(),
                kind: VariableKind::Interviewer,
            });
        }

        let mut speaks_in: BTreeMap<ParticipantId, BTreeSet<(&str, DocumentId)>> = BTreeMap::new();
        for document in project.documents.values() {
            for participant in document.speakers.values() {
                if project.participants.contains_key(participant) {
                    speaks_in
                        .entry(*participant)
                        .or_default()
                        .insert((document.name.as_str(), document.id));
                }
            }
        }

        Self {
            project,
            memos_on,
            memos_in_order,
            codings_by_document,
            codings_without_records,
            codings_clamped,
            variables,
            speaks_in,
        }
    }

    fn memos_about(&self, target: Target) -> &[&'p Memo] {
        self.memos_on.get(&target).map_or(&[], Vec::as_slice)
    }

    /// The documents written, ordered by name as the XML lists them.
    fn included_documents(&self) -> Vec<&'p Document> {
        self.project.documents_by_name()
    }

    /// `project.qde`: the declaration, then `<Project>` with its children in
    /// the order the schema's sequence requires, leaving out empty containers.
    fn project_xml(&self, name: &str) -> String {
        let mut xml = XmlWriter::new();
        let mut attributes = vec![
            ("xmlns", "urn:QDA-XML:project:1.0".to_owned()),
            ("name", name.to_owned()),
            ("origin", ORIGIN.to_owned()),
        ];
        if let Some((first, last)) = data_time_span(self.project) {
            attributes.extend(xml_datetime(first).map(|at| ("creationDateTime", at)));
            attributes.extend(xml_datetime(last).map(|at| ("modifiedDateTime", at)));
        }
        xml.open("Project", &attributes);
        self.write_users(&mut xml);
        self.write_codebook(&mut xml);
        self.write_variables(&mut xml);
        self.write_cases(&mut xml);
        self.write_sources(&mut xml);
        self.write_notes(&mut xml);
        self.write_sets(&mut xml);
        for memo in self.memos_about(Target::Project) {
            xml.empty("NoteRef", &[("targetGUID", memo.id.to_string())]);
        }
        xml.close("Project");
        xml.finish()
    }

    fn write_users(&self, xml: &mut XmlWriter) {
        let mut coders: Vec<_> = self.project.coders.values().collect();
        if coders.is_empty() {
            return;
        }
        coders.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        xml.open("Users", &[]);
        for coder in coders {
            xml.empty(
                "User",
                &[("guid", coder.id.to_string()), ("name", coder.name.clone())],
            );
        }
        xml.close("Users");
    }

    fn write_codebook(&self, xml: &mut XmlWriter) {
        if self.project.codes.is_empty() {
            return;
        }
        xml.open("CodeBook", &[]);
        xml.open("Codes", &[]);
        write_code_tree(xml, self.project, &|code| {
            self.memos_about(Target::Code(code))
                .iter()
                .map(|memo| memo.id.to_string())
                .collect()
        });
        xml.close("Codes");
        xml.close("CodeBook");
    }

    fn write_variables(&self, xml: &mut XmlWriter) {
        if self.variables.is_empty() {
            return;
        }
        xml.open("Variables", &[]);
        for variable in &self.variables {
            let kind = match variable.kind {
                VariableKind::Text => "Text",
                VariableKind::Interviewer => "Boolean",
            };
            xml.empty(
                "Variable",
                &[
                    ("guid", variable.guid.to_string()),
                    ("name", variable.name.clone()),
                    ("typeOfVariable", kind.to_owned()),
                ],
            );
        }
        xml.close("Variables");
    }

    fn write_cases(&self, xml: &mut XmlWriter) {
        let mut participants: Vec<&Participant> = self.project.participants.values().collect();
        if participants.is_empty() {
            return;
        }
        participants.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        xml.open("Cases", &[]);
        for participant in participants {
            let attributes = [
                ("guid", participant.id.to_string()),
                ("name", participant.name.clone()),
            ];
            let values: Vec<(&Variable, String)> = self
                .variables
                .iter()
                .filter_map(|variable| match variable.kind {
                    VariableKind::Text => participant
                        .attributes
                        .get(&variable.name)
                        .map(|value| (variable, value.clone())),
                    VariableKind::Interviewer => {
                        Some((variable, participant.is_interviewer.to_string()))
                    }
                })
                .collect();
            let sources = self.speaks_in.get(&participant.id);
            if values.is_empty() && sources.is_none_or(BTreeSet::is_empty) {
                xml.empty("Case", &attributes);
                continue;
            }
            xml.open("Case", &attributes);
            for (variable, value) in values {
                xml.open("VariableValue", &[]);
                xml.empty("VariableRef", &[("targetGUID", variable.guid.to_string())]);
                let element = match variable.kind {
                    VariableKind::Text => "TextValue",
                    VariableKind::Interviewer => "BooleanValue",
                };
                xml.text_element(element, &value);
                xml.close("VariableValue");
            }
            for (_, document) in sources.into_iter().flatten() {
                xml.empty("SourceRef", &[("targetGUID", document.to_string())]);
            }
            xml.close("Case");
        }
        xml.close("Cases");
    }

    fn write_sources(&self, xml: &mut XmlWriter) {
        let documents = self.included_documents();
        if documents.is_empty() {
            return;
        }
        xml.open("Sources", &[]);
        for document in documents {
            let mut attributes = vec![
                ("guid", document.id.to_string()),
                ("name", document.name.clone()),
                ("plainTextPath", format!("internal://{}.txt", document.id)),
            ];
            attributes
                .extend(xml_datetime(document.imported_at).map(|at| ("creationDateTime", at)));
            let codings = self
                .codings_by_document
                .get(&document.id)
                .map_or(&[][..], Vec::as_slice);
            let notes = self.memos_about(Target::Document(document.id));
            if codings.is_empty() && notes.is_empty() {
                xml.empty("TextSource", &attributes);
                continue;
            }
            xml.open("TextSource", &attributes);
            let index = CharIndex::new(&document.text);
            for coding in codings {
                self.write_selection(xml, document, coding, &index);
            }
            for memo in notes {
                xml.empty("NoteRef", &[("targetGUID", memo.id.to_string())]);
            }
            xml.close("TextSource");
        }
        xml.close("Sources");
    }

    /// One coding as a selection holding one `<Coding>`. The selection's GUID
    /// is the coding's id; its `name` holds the quote so that a reader can
    /// check it is counting positions the same way.
    fn write_selection(
        &self,
        xml: &mut XmlWriter,
        document: &Document,
        coding: &Coding,
        index: &CharIndex<'_>,
    ) {
        let end = coding.end.min(document.char_count);
        let start = coding.start.min(end);
        let quote = index.slice(start, end);
        let created = xml_datetime(coding.created_at);
        let mut attributes = vec![
            ("guid", coding.id.to_string()),
            ("name", quote.to_owned()),
            ("startPosition", start.to_string()),
            ("endPosition", end.to_string()),
            ("creatingUser", coding.coder.to_string()),
        ];
        attributes.extend(created.clone().map(|at| ("creationDateTime", at)));
        xml.open("PlainTextSelection", &attributes);
        if !coding.memo.is_empty() {
            xml.text_element("Description", &coding.memo);
        }
        let mut coding_attributes = vec![
            ("guid", coding_guid(coding).to_string()),
            ("creatingUser", coding.coder.to_string()),
        ];
        coding_attributes.extend(created.map(|at| ("creationDateTime", at)));
        xml.open("Coding", &coding_attributes);
        xml.empty("CodeRef", &[("targetGUID", coding.code.to_string())]);
        xml.close("Coding");
        for memo in self.memos_about(Target::Coding(coding.id)) {
            xml.empty("NoteRef", &[("targetGUID", memo.id.to_string())]);
        }
        xml.close("PlainTextSelection");
    }

    fn write_notes(&self, xml: &mut XmlWriter) {
        if self.memos_in_order.is_empty() {
            return;
        }
        xml.open("Notes", &[]);
        for memo in &self.memos_in_order {
            let mut attributes = vec![
                ("guid", memo.id.to_string()),
                ("name", memo.title.clone()),
                ("creatingUser", memo.author.to_string()),
            ];
            attributes.extend(xml_datetime(memo.created_at).map(|at| ("creationDateTime", at)));
            if memo.updated_at != memo.created_at {
                attributes.push(("modifyingUser", memo.author.to_string()));
                attributes.extend(xml_datetime(memo.updated_at).map(|at| ("modifiedDateTime", at)));
            }
            xml.open("Note", &attributes);
            xml.text_element("PlainTextContent", &memo.body);
            xml.close("Note");
        }
        xml.close("Notes");
    }

    fn write_sets(&self, xml: &mut XmlWriter) {
        // A set takes no NoteRef; MemberNote is the schema's one way to tie a
        // note to a set.
        codebook::write_sets(xml, self.project, "targetGUID", &|xml, theme| {
            for memo in self.memos_about(Target::Theme(theme.id)) {
                xml.empty("MemberNote", &[("targetGUID", memo.id.to_string())]);
            }
        });
    }

    fn report(&self) -> ExportReport {
        let project = self.project;
        let codings_written: usize = self.codings_by_document.values().map(Vec::len).sum();
        let mut written = Vec::new();
        let mut add = |n: usize, line: String| {
            if n > 0 {
                written.push(line);
            }
        };
        add(
            project.coders.len(),
            count(project.coders.len(), "coder", "coders") + " (User)",
        );
        add(
            project.codes.len(),
            count(project.codes.len(), "code", "codes"),
        );
        add(
            project.documents.len(),
            count(project.documents.len(), "document", "documents")
                + " (TextSource, its text in sources/)",
        );
        add(
            codings_written,
            count(codings_written, "coding", "codings") + " (PlainTextSelection)",
        );
        add(
            project.participants.len(),
            count(project.participants.len(), "participant", "participants")
                + " (Case), with "
                + &count(self.variables.len(), "variable", "variables"),
        );
        add(
            project.themes.len(),
            count(project.themes.len(), "theme", "themes") + " (Set)",
        );
        add(
            project.memos.len(),
            count(project.memos.len(), "memo", "memos") + " (Note)",
        );

        let mut not_carried = Vec::new();
        let mut miss = |n: usize, line: String| {
            if n > 0 {
                not_carried.push(line);
            }
        };
        miss(
            project.comments.len(),
            count(project.comments.len(), "review comment", "review comments")
                + ": REFI-QDA has no place for them",
        );
        let nested = project
            .themes
            .values()
            .filter(|theme| theme.parent.is_some())
            .count();
        miss(
            nested,
            format!(
                "the parent theme of {}: sets do not nest",
                count(nested, "theme", "themes")
            ),
        );
        let key_quotes: usize = project.themes.values().map(|t| t.key_quotes.len()).sum();
        miss(
            key_quotes,
            count(key_quotes, "key quote", "key quotes") + " of themes",
        );
        let with_attributes = project
            .documents
            .values()
            .filter(|document| !document.attributes.is_empty())
            .count();
        miss(
            with_attributes,
            format!(
                "the attributes of {}",
                count(with_attributes, "document", "documents")
            ),
        );
        let timed: usize = project
            .documents
            .values()
            .map(|document| {
                document
                    .turns
                    .iter()
                    .filter(|t| t.time_ms.is_some())
                    .count()
            })
            .sum();
        miss(
            timed,
            format!("the timestamps of {}", count(timed, "turn", "turns")),
        );
        let on_participants = self
            .memos_on
            .iter()
            .filter(|(target, _)| matches!(target, Target::Participant(_)))
            .map(|(_, memos)| memos.len())
            .sum();
        miss(
            on_participants,
            count(on_participants, "memo", "memos")
                + " on participants: written as notes, but not attached, since a REFI-QDA case takes no note",
        );
        let orphaned = self
            .memos_on
            .iter()
            .filter(|(target, _)| !target_exists(project, **target))
            .map(|(_, memos)| memos.len())
            .sum();
        miss(
            orphaned,
            count(orphaned, "memo", "memos")
                + " about something no longer in the project: written as unattached notes",
        );
        miss(
            self.codings_without_records,
            count(self.codings_without_records, "coding", "codings")
                + " whose code or document is missing",
        );
        miss(
            self.codings_clamped,
            count(self.codings_clamped, "coding", "codings")
                + " reaching past the end of the text: cut at its end",
        );
        ExportReport {
            written,
            not_carried,
        }
    }
}

/// Whether a memo's subject is still in the project (the project always is;
/// participants count, though the XML cannot point at them).
fn target_exists(project: &Project, target: Target) -> bool {
    match target {
        Target::Project => true,
        Target::Document(id) => project.documents.contains_key(&id),
        Target::Participant(id) => project.participants.contains_key(&id),
        Target::Code(id) => project.codes.contains_key(&id),
        Target::Coding(id) => project.codings.contains_key(&id),
        Target::Theme(id) => project.themes.contains_key(&id),
    }
}

/// The namespace of GUIDs Polyphony derives (UUID version 5) for things that
/// have no id of their own, so that they are the same in every export.
const DERIVED_GUID_NAMESPACE: Uuid = Uuid::from_u128(0x7a0c_5e9e_8c1b_4c7e_9a52_706f_6c79_7068);

/// A stable GUID for `key` of kind `kind`.
pub(crate) fn derived_guid(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(
        &DERIVED_GUID_NAMESPACE,
        format!("{kind}\u{0}{key}").as_bytes(),
    )
}

/// The GUID of the project-level variable for participant attribute `name`.
#[must_use]
pub fn variable_guid(name: &str) -> Uuid {
    derived_guid("participant attribute", name)
}

/// The GUID of the `<Coding>` inside a coding's selection: the selection has
/// the coding's id, and the schema wants the inner element to have its own.
fn coding_guid(coding: &Coding) -> Uuid {
    derived_guid("coding", &coding.id.to_string())
}

/// The zip: `project.qde` first, then one `sources/GUID.txt` per document in
/// GUID order, each stamped with a time from the data rather than the clock.
fn zip_archive(
    project: &Project,
    qde: &str,
    documents: &[&Document],
) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let project_time =
        data_time_span(project).map_or(zip::DateTime::DEFAULT, |(_, last)| zip_time(last));
    zip.start_file("project.qde", options.last_modified_time(project_time))?;
    zip.write_all(qde.as_bytes())?;
    let mut sources: Vec<&&Document> = documents.iter().collect();
    sources.sort_by_key(|document| document.id);
    for document in sources {
        zip.start_file(
            format!("sources/{}.txt", document.id),
            options.last_modified_time(zip_time(document.imported_at)),
        )?;
        zip.write_all(document.text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A zip entry's time (UTC, two-second steps, 1980 to 2107) for `ms`.
fn zip_time(ms: i64) -> zip::DateTime {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|at| {
            zip::DateTime::from_date_and_time(
                u16::try_from(at.year()).ok()?,
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute(),
                at.second(),
            )
            .ok()
        })
        .unwrap_or(zip::DateTime::DEFAULT)
}

fn zip_error(out: &Path, error: zip::result::ZipError) -> ExchangeError {
    ExchangeError::Write {
        path: out.display().to_string(),
        source: std::io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_guids_are_stable_and_distinct() {
        assert_eq!(variable_guid("role"), variable_guid("role"));
        assert_ne!(variable_guid("role"), variable_guid("site"));
    }
}
