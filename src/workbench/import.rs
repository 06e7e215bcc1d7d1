//! Importing files into a project: transcripts from files and folders, and
//! participant or document attributes from CSV. Each import is one command, so
//! it is one undo step and nothing is ever half-imported.

use crate::edit::Command;
use crate::ingest::{self, AttributeTable, ImportedDocument};
use crate::model::roles::{LabelRole, label_role, participant_name_for};
use crate::model::{Document, DocumentId, Page, Participant, ParticipantId, Project, Turn};
use crate::workbench::speaker_tables;
use crate::workbench::{Workbench, WorkbenchError, expand_paths, now_ms};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
    /// Skipped because the same document is in the project already: not a failure.
    pub duplicate: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TranscriptImportReport {
    /// Names of the documents imported, in order.
    pub imported: Vec<String>,
    /// The files they came from, as named (a folder's files under the folder).
    pub imported_files: Vec<String>,
    pub skipped: Vec<Skipped>,
    /// Participants created for speakers not seen before.
    pub new_participants: Vec<String>,
    /// For each imported document, which speaker label became which participant.
    pub speakers: Vec<DocumentSpeakers>,
    /// Notes from the readers, such as an encoding guess, by file.
    pub warnings: Vec<String>,
}

impl TranscriptImportReport {
    /// A line per imported document saying which speaker label became which
    /// participant: "Speakers in int-07: Interviewer -> Interviewer (int-07) (new), …".
    #[must_use]
    pub fn speaker_lines(&self) -> Vec<String> {
        self.speakers
            .iter()
            .map(|document| {
                if document.links.is_empty() {
                    return format!("Speakers in {}: none recognised", document.document);
                }
                let links: Vec<String> = document
                    .links
                    .iter()
                    .map(|link| {
                        format!(
                            "{} -> {}{}",
                            link.label,
                            link.participant,
                            if link.is_new { " (new)" } else { "" }
                        )
                    })
                    .collect();
                format!("Speakers in {}: {}", document.document, links.join(", "))
            })
            .collect()
    }

    /// The paths among `arguments` that brought nothing in: a file that failed (not
    /// one skipped because it is in the project already), or a folder none of whose
    /// files could be imported. Each comes with the reason.
    #[must_use]
    pub fn failed_arguments(&self, arguments: &[PathBuf]) -> Vec<Skipped> {
        let mut failed = Vec::new();
        for argument in arguments {
            let shown = argument.display().to_string();
            if argument.is_dir() {
                let within = |path: &str| Path::new(path).starts_with(argument);
                let imported = self.imported_files.iter().any(|path| within(path));
                let duplicates = self
                    .skipped
                    .iter()
                    .any(|skipped| skipped.duplicate && within(&skipped.path));
                if !imported && !duplicates {
                    let failures: Vec<&Skipped> =
                        self.skipped.iter().filter(|s| within(&s.path)).collect();
                    failed.push(Skipped {
                        path: shown,
                        reason: match failures.last() {
                            Some(last) => format!(
                                "none of its {} file(s) could be imported; the last: {}: {}",
                                failures.len(),
                                last.path,
                                last.reason
                            ),
                            None => "it holds no transcripts".to_owned(),
                        },
                        duplicate: false,
                    });
                }
            } else if let Some(skipped) = self
                .skipped
                .iter()
                .find(|skipped| skipped.path == shown && !skipped.duplicate)
            {
                failed.push(skipped.clone());
            }
        }
        failed
    }
}

/// Which participant each speaker label of one imported document became.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentSpeakers {
    pub document: String,
    pub links: Vec<SpeakerLink>,
}

/// One speaker label of an imported document and the participant it became.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerLink {
    pub label: String,
    pub participant: String,
    /// Whether the import created the participant.
    pub is_new: bool,
    /// "interviewer", "respondent" or "unidentified" for a role label; none for a name.
    pub role: Option<&'static str>,
}

/// Where an import has got to, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProgress {
    Reading {
        done: usize,
        total: usize,
        file: String,
    },
    Saving,
    Indexing,
}

/// What attaching attributes from a CSV did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttributeReport {
    pub updated: Vec<String>,
    pub created: Vec<String>,
    pub columns: Vec<String>,
}

/// Column names that hold the participant in a participants CSV, in order of preference.
pub const PARTICIPANT_KEYS: &[&str] = &["participant", "speaker", "name", "pseudonym", "id"];
/// Column names that hold the document in a document-attributes CSV.
pub const DOCUMENT_KEYS: &[&str] = &["document", "file", "filename", "name", "transcript"];

/// One transcript file read and parsed, apart from any project: what
/// [`Workbench::import_read_transcripts`] takes, so that the slow part of an
/// import can run on a worker thread.
pub enum ReadTranscript {
    /// The file parsed: its path as shown, its file name, and the document.
    Parsed {
        shown: String,
        file_name: String,
        document: ImportedDocument,
    },
    /// The file could not be imported, and why.
    Skipped(Skipped),
    /// A hidden file of an unsupported kind (`.DS_Store`), passed over unsaid.
    Hidden,
}

/// Reads and parses the transcript at `path`: decoding, and for DOCX, ODT and
/// PDF unpacking, which is the slow part of an import.
#[must_use]
pub fn read_transcript(path: &Path) -> ReadTranscript {
    let shown = path.display().to_string();
    let skipped = |reason: String| {
        ReadTranscript::Skipped(Skipped {
            path: shown.clone(),
            reason,
            duplicate: false,
        })
    };
    if !path.exists() {
        return skipped("no such file or folder".to_owned());
    }
    if !ingest::is_supported_path(path) {
        if is_hidden(path) {
            return ReadTranscript::Hidden;
        }
        return skipped(
            "not a transcript format Polyphony reads (txt, md, docx, odt, vtt, srt, pdf)"
                .to_owned(),
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return skipped(format!("could not be read: {error}")),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
    match ingest::import_document(&file_name, &bytes) {
        Ok(document) => ReadTranscript::Parsed {
            shown,
            file_name,
            document,
        },
        Err(error) => skipped(error.to_string()),
    }
}

impl Workbench {
    /// Imports every supported file among `paths` (folders are walked) as one
    /// undoable step. Files that cannot be read are skipped and reported; the
    /// rest are imported.
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<TranscriptImportReport, WorkbenchError> {
        let files = expand_paths(paths);
        let total = files.len();
        let mut read = Vec::with_capacity(total);
        for (done, path) in files.iter().enumerate() {
            progress(ImportProgress::Reading {
                done,
                total,
                file: path.display().to_string(),
            });
            read.push(read_transcript(path));
        }
        progress(ImportProgress::Reading {
            done: total,
            total,
            file: String::new(),
        });
        self.import_read_transcripts(read, progress)
    }

    /// Imports transcripts already read and parsed (by [`read_transcript`],
    /// perhaps on another thread) as one undoable step, skipping those the
    /// project holds already and reporting every file that was not imported.
    pub fn import_read_transcripts(
        &mut self,
        read: Vec<ReadTranscript>,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<TranscriptImportReport, WorkbenchError> {
        let mut report = TranscriptImportReport::default();
        let mut imported = Vec::new();
        for transcript in read {
            let (shown, file_name, document) = match transcript {
                ReadTranscript::Parsed {
                    shown,
                    file_name,
                    document,
                } => (shown, file_name, document),
                ReadTranscript::Skipped(skipped) => {
                    report.skipped.push(skipped);
                    continue;
                }
                ReadTranscript::Hidden => continue,
            };
            if self.is_already_imported(&document, &imported)? {
                report.skipped.push(Skipped {
                    path: shown,
                    reason: format!(
                        "a document with the same name and text ({}) is already in the project",
                        document.name
                    ),
                    duplicate: true,
                });
                continue;
            }
            report.warnings.extend(
                document
                    .warnings
                    .iter()
                    .map(|warning| format!("{file_name}: {warning}")),
            );
            report.imported_files.push(shown);
            imported.push((file_name, document));
        }
        if imported.is_empty() {
            return Ok(report);
        }
        let command = self.import_command(imported, &mut report);
        progress(ImportProgress::Saving);
        self.apply(command)?;
        progress(ImportProgress::Indexing);
        Ok(report)
    }

    /// Whether a document of this name and text is in the project or among
    /// those about to be imported. Only texts of the same name and length are
    /// read to compare: the window holds texts only once shown.
    fn is_already_imported(
        &mut self,
        document: &ImportedDocument,
        pending: &[(String, ImportedDocument)],
    ) -> Result<bool, WorkbenchError> {
        let char_count = document.text.chars().count();
        let candidates: Vec<DocumentId> = self
            .project
            .documents
            .values()
            .filter(|existing| existing.name == document.name && existing.char_count == char_count)
            .map(|existing| existing.id)
            .collect();
        self.load_bodies(candidates.iter().copied())?;
        Ok(candidates
            .iter()
            .filter_map(|id| self.project.documents.get(id))
            .any(|existing| *existing.text == document.text)
            || pending
                .iter()
                .any(|(_, other)| other.name == document.name && other.text == document.text))
    }

    /// One batch that creates participants for new speakers and inserts the
    /// documents with their speakers linked. A role label ("Participant", "I") gets a
    /// participant of its own document; a named speaker links to the participant of
    /// that name wherever they spoke before.
    fn import_command(
        &self,
        imported: Vec<(String, ImportedDocument)>,
        report: &mut TranscriptImportReport,
    ) -> Command {
        let mut commands = Vec::new();
        let mut pending = PendingParticipants::default();
        let count = imported.len();
        for (file_name, imported) in imported {
            let mut speakers = BTreeMap::new();
            let mut links = Vec::new();
            for turn in &imported.turns {
                if speakers.contains_key(&turn.speaker) {
                    continue;
                }
                let name = participant_name_for(&self.project, &turn.speaker, &imported.name);
                let (participant, is_new) = match self.project.find_participant(&name) {
                    Some(existing) => (existing.id, false),
                    None => pending.find_or_create(&name, turn.is_interviewer, &mut commands),
                };
                if is_new {
                    report.new_participants.push(name.clone());
                }
                links.push(SpeakerLink {
                    label: turn.speaker.clone(),
                    participant: name,
                    is_new,
                    role: label_role(&turn.speaker).map(role_word),
                });
                speakers.insert(turn.speaker.clone(), participant);
            }
            report.speakers.push(DocumentSpeakers {
                document: imported.name.clone(),
                links,
            });
            report.imported.push(imported.name.clone());
            let char_count = imported.text.chars().count();
            commands.push(Command::InsertDocument {
                document: Document {
                    id: DocumentId::new(),
                    name: imported.name,
                    format: imported.format.label().to_owned(),
                    source_file: file_name,
                    encoding: imported.encoding.to_owned(),
                    imported_at: now_ms(),
                    text: Arc::from(imported.text),
                    char_count,
                    turns: imported.turns.into_iter().map(Turn::from).collect(),
                    attributes: BTreeMap::new(),
                    speakers,
                    pages: imported
                        .pages
                        .iter()
                        .map(|page| Page {
                            number: page.number,
                            start: page.start,
                            end: page.end,
                        })
                        .collect(),
                    media: None,
                },
            });
        }
        let label = if count == 1 {
            format!("import {}", report.imported[0])
        } else {
            format!("import {count} documents")
        };
        Command::Batch { label, commands }
    }

    /// Attaches participant attributes from a CSV. Rows are keyed by the participant's
    /// name, or by `document` and `speaker` (see [`speaker_tables`]); rows for people
    /// not yet in the project create them. A `role` column whose value is interviewer
    /// or facilitator marks them as such. Any bad row refuses the whole file.
    pub fn import_participants_csv(
        &mut self,
        path: &Path,
    ) -> Result<AttributeReport, WorkbenchError> {
        let table = read_participants_table(path)?;
        let mut report = AttributeReport {
            columns: table.columns.clone(),
            ..AttributeReport::default()
        };
        let built = speaker_tables::participant_rows(
            &self.project,
            &table.rows,
            table.scope_column.is_some(),
            &|project, key| find_document_in(project, key).map(|document| document.id),
        )
        .map_err(|problems| refused(path, &problems))?;
        report.updated = built.updated;
        report.created = built.created;
        let commands = built.commands;
        if !commands.is_empty() {
            self.apply(Command::Batch {
                label: format!("attach participant attributes from {}", file_label(path)),
                commands,
            })?;
        }
        Ok(report)
    }

    /// Attaches document attributes (interview or focus group, site, ...) from a
    /// CSV with one row per document, named by document name or file name. A row
    /// naming no document refuses the whole file.
    pub fn import_document_attributes_csv(
        &mut self,
        path: &Path,
    ) -> Result<AttributeReport, WorkbenchError> {
        let table = read_table(path, DOCUMENT_KEYS)?;
        let mut report = AttributeReport {
            columns: table.columns.clone(),
            ..AttributeReport::default()
        };
        let mut problems = Vec::new();
        let mut commands = Vec::new();
        let mut scratch = self.project.clone();
        for row in &table.rows {
            let Some(document) = find_document_in(&self.project, &row.key) else {
                problems.push(format!(
                    "line {}: no document called {:?}; import it first or correct the name",
                    row.line, row.key
                ));
                continue;
            };
            report.updated.push(document.name.clone());
            for (column, value) in &row.values {
                if speaker_tables::INTERVIEWEE_COLUMNS.contains(&column.to_lowercase().as_str()) {
                    let Some(current) = scratch.documents.get(&document.id).cloned() else {
                        continue;
                    };
                    match speaker_tables::interviewee_link(&scratch, &current, value).and_then(
                        |links| {
                            speaker_tables::apply_all(&mut scratch, &links)
                                .map(|()| links)
                                .map_err(|error| error.to_string())
                        },
                    ) {
                        Ok(links) => commands.extend(links),
                        Err(problem) => problems.push(format!("line {}: {problem}", row.line)),
                    }
                    continue;
                }
                if document.attributes.get(column) != Some(value) {
                    commands.push(Command::SetDocumentAttribute {
                        id: document.id,
                        name: column.clone(),
                        value: Some(value.clone()),
                    });
                }
            }
        }
        if !problems.is_empty() {
            return Err(refused(path, &problems));
        }
        if !commands.is_empty() {
            self.apply(Command::Batch {
                label: format!("attach document attributes from {}", file_label(path)),
                commands,
            })?;
        }
        Ok(report)
    }
}

/// The document a table row names, by file name or document name (with or without
/// the extension), ignoring case.
pub(crate) fn find_document_in<'p>(project: &'p Project, key: &str) -> Option<&'p Document> {
    let key = key.trim();
    let stem = Path::new(key)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    project
        .documents
        .values()
        .find(|doc| doc.source_file.eq_ignore_ascii_case(key))
        .or_else(|| {
            project.documents.values().find(|doc| {
                doc.name.eq_ignore_ascii_case(key) || doc.name.eq_ignore_ascii_case(&stem)
            })
        })
}

/// The error that refuses a whole table for its bad rows.
fn refused(path: &Path, problems: &[String]) -> WorkbenchError {
    WorkbenchError::Invalid(format!(
        "{}: nothing was imported because {} {}:\n  {}",
        file_label(path),
        problems.len(),
        if problems.len() == 1 {
            "row is wrong"
        } else {
            "rows are wrong"
        },
        problems.join("\n  ")
    ))
}

/// Column names that hold the speaker label in a participants CSV keyed by document
/// and speaker.
pub const SPEAKER_KEYS: &[&str] = &["speaker", "label", "speaker label"];
/// Column names that hold the document in such a CSV.
pub const SPEAKER_SCOPE_KEYS: &[&str] = &["document", "file", "filename", "transcript"];

/// Reads a participants CSV: keyed by `document` and `speaker` when it has both
/// columns, otherwise by the participant's name.
pub fn read_participants_table(path: &Path) -> Result<AttributeTable, WorkbenchError> {
    let bytes = std::fs::read(path).map_err(|source| WorkbenchError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let label = file_label(path);
    let columns = ingest::csv_columns(&label, &bytes)?;
    let has = |names: &[&str]| {
        columns
            .iter()
            .any(|column| names.iter().any(|name| column.eq_ignore_ascii_case(name)))
    };
    if has(SPEAKER_KEYS) && has(SPEAKER_SCOPE_KEYS) {
        Ok(ingest::parse_scoped_attribute_csv(
            &label,
            &bytes,
            SPEAKER_KEYS,
            SPEAKER_SCOPE_KEYS,
            speaker_tables::NAME_COLUMNS,
        )?)
    } else {
        Ok(ingest::parse_attribute_csv(
            &label,
            &bytes,
            PARTICIPANT_KEYS,
        )?)
    }
}

/// Participants an import creates, by lower-case name, so one name is one new
/// participant however many documents use it.
#[derive(Default)]
struct PendingParticipants {
    by_name: BTreeMap<String, ParticipantId>,
}

impl PendingParticipants {
    /// The participant called `name` that this import creates, creating it on first
    /// use; returns whether this call created it.
    fn find_or_create(
        &mut self,
        name: &str,
        is_interviewer: bool,
        commands: &mut Vec<Command>,
    ) -> (ParticipantId, bool) {
        if let Some(id) = self.by_name.get(&name.to_lowercase()) {
            return (*id, false);
        }
        let participant = Participant {
            id: ParticipantId::new(),
            name: name.to_owned(),
            is_interviewer,
            attributes: BTreeMap::new(),
        };
        let id = participant.id;
        self.by_name.insert(name.to_lowercase(), id);
        commands.push(Command::CreateParticipant { participant });
        (id, true)
    }
}

/// The word a report uses for a role.
pub(crate) fn role_word(role: LabelRole) -> &'static str {
    match role {
        LabelRole::Interviewer => "interviewer",
        LabelRole::Respondent => "respondent",
        LabelRole::Unidentified => "unidentified",
    }
}

fn read_table(path: &Path, keys: &[&str]) -> Result<AttributeTable, WorkbenchError> {
    let bytes = std::fs::read(path).map_err(|source| WorkbenchError::Read {
        path: path.display().to_string(),
        source,
    })?;
    Ok(ingest::parse_attribute_csv(
        &file_label(path),
        &bytes,
        keys,
    )?)
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}
