//! Importing files into a project: transcripts from files and folders, and
//! participant or document attributes from CSV. Each import is one command, so
//! it is one undo step and nothing is ever half-imported.

use crate::edit::Command;
use crate::ingest::{self, AttributeTable, ImportedDocument};
use crate::model::{Document, DocumentId, Participant, ParticipantId, Turn};
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
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Names of the documents imported, in order.
    pub imported: Vec<String>,
    pub skipped: Vec<Skipped>,
    /// Participants created for speakers not seen before.
    pub new_participants: Vec<String>,
    /// Notes from the readers, such as an encoding guess, by file.
    pub warnings: Vec<String>,
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
/// Values of a role column that mark interviewers and facilitators.
const INTERVIEWER_ROLES: &[&str] = &["interviewer", "facilitator", "moderator", "researcher"];

impl Workbench {
    /// Imports every supported file among `paths` (folders are walked) as one
    /// undoable step. Files that cannot be read are skipped and reported; the
    /// rest are imported.
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport, WorkbenchError> {
        let files = expand_paths(paths);
        let mut report = ImportReport::default();
        let mut imported = Vec::new();
        let total = files.len();
        for (done, path) in files.iter().enumerate() {
            let shown = path.display().to_string();
            progress(ImportProgress::Reading {
                done,
                total,
                file: shown.clone(),
            });
            if !path.exists() {
                report.skipped.push(Skipped {
                    path: shown,
                    reason: "no such file or folder".to_owned(),
                });
                continue;
            }
            if !ingest::is_supported_path(path) {
                if is_hidden(path) {
                    continue;
                }
                report.skipped.push(Skipped {
                    path: shown,
                    reason:
                        "not a transcript format Polyphony reads (txt, md, docx, odt, vtt, srt, pdf)"
                            .to_owned(),
                });
                continue;
            }
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    report.skipped.push(Skipped {
                        path: shown,
                        reason: format!("could not be read: {error}"),
                    });
                    continue;
                }
            };
            let file_name = path
                .file_name()
                .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
            match ingest::import_document(&file_name, &bytes) {
                Ok(document) => {
                    if self.is_already_imported(&document, &imported) {
                        report.skipped.push(Skipped {
                            path: shown,
                            reason: format!(
                                "a document with the same name and text ({}) is already in the project",
                                document.name
                            ),
                        });
                        continue;
                    }
                    report.warnings.extend(
                        document
                            .warnings
                            .iter()
                            .map(|warning| format!("{file_name}: {warning}")),
                    );
                    imported.push((file_name, document));
                }
                Err(error) => report.skipped.push(Skipped {
                    path: shown,
                    reason: error.to_string(),
                }),
            }
        }
        progress(ImportProgress::Reading {
            done: total,
            total,
            file: String::new(),
        });
        if imported.is_empty() {
            return Ok(report);
        }
        let command = self.import_command(imported, &mut report);
        progress(ImportProgress::Saving);
        self.apply(command)?;
        progress(ImportProgress::Indexing);
        Ok(report)
    }

    fn is_already_imported(
        &self,
        document: &ImportedDocument,
        pending: &[(String, ImportedDocument)],
    ) -> bool {
        self.project
            .documents
            .values()
            .any(|existing| existing.name == document.name && *existing.text == document.text)
            || pending
                .iter()
                .any(|(_, other)| other.name == document.name && other.text == document.text)
    }

    /// One batch that creates participants for new speakers and inserts the
    /// documents with their speakers linked.
    fn import_command(
        &self,
        imported: Vec<(String, ImportedDocument)>,
        report: &mut ImportReport,
    ) -> Command {
        let mut commands = Vec::new();
        let mut new_participants: BTreeMap<String, ParticipantId> = BTreeMap::new();
        let count = imported.len();
        for (file_name, imported) in imported {
            let mut speakers = BTreeMap::new();
            for turn in &imported.turns {
                if speakers.contains_key(&turn.speaker) {
                    continue;
                }
                let key = turn.speaker.to_lowercase();
                let participant = match self.project.find_participant(&turn.speaker) {
                    Some(existing) => existing.id,
                    None => *new_participants.entry(key).or_insert_with(|| {
                        let participant = Participant {
                            id: ParticipantId::new(),
                            name: turn.speaker.clone(),
                            is_interviewer: turn.is_interviewer,
                            attributes: BTreeMap::new(),
                        };
                        report.new_participants.push(participant.name.clone());
                        let id = participant.id;
                        commands.push(Command::CreateParticipant { participant });
                        id
                    }),
                };
                speakers.insert(turn.speaker.clone(), participant);
            }
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

    /// Attaches participant attributes from a CSV with one row per participant.
    /// Rows for people not yet in the project create them. A `role` column whose
    /// value is interviewer or facilitator marks them as such. Any bad row
    /// refuses the whole file.
    pub fn import_participants_csv(
        &mut self,
        path: &Path,
    ) -> Result<AttributeReport, WorkbenchError> {
        let table = read_table(path, PARTICIPANT_KEYS)?;
        let mut report = AttributeReport {
            columns: table.columns.clone(),
            ..AttributeReport::default()
        };
        let mut commands = Vec::new();
        for row in &table.rows {
            let existing = self.project.find_participant(&row.key);
            let id = match existing {
                Some(participant) => {
                    report.updated.push(participant.name.clone());
                    participant.id
                }
                None => {
                    let participant = Participant {
                        id: ParticipantId::new(),
                        name: row.key.clone(),
                        is_interviewer: false,
                        attributes: BTreeMap::new(),
                    };
                    report.created.push(participant.name.clone());
                    let id = participant.id;
                    commands.push(Command::CreateParticipant { participant });
                    id
                }
            };
            let is_interviewer = row.values.iter().any(|(column, value)| {
                column.eq_ignore_ascii_case("role")
                    && INTERVIEWER_ROLES
                        .iter()
                        .any(|role| value.to_lowercase().contains(role))
            });
            let current_flag = existing.is_some_and(|participant| participant.is_interviewer);
            if is_interviewer && !current_flag {
                commands.push(Command::UpdateParticipant {
                    id,
                    name: existing.map_or_else(|| row.key.clone(), |p| p.name.clone()),
                    is_interviewer: true,
                });
            }
            for (column, value) in &row.values {
                let unchanged = existing
                    .and_then(|participant| participant.attributes.get(column))
                    .is_some_and(|held| held == value);
                if !unchanged {
                    commands.push(Command::SetParticipantAttribute {
                        id,
                        name: column.clone(),
                        value: Some(value.clone()),
                    });
                }
            }
        }
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
        for row in &table.rows {
            let Some(document) = self.find_document_for_row(&row.key) else {
                problems.push(format!(
                    "line {}: no document called {:?}; import it first or correct the name",
                    row.line, row.key
                ));
                continue;
            };
            report.updated.push(document.name.clone());
            for (column, value) in &row.values {
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
            return Err(WorkbenchError::Invalid(format!(
                "{}: nothing was imported because {} {}:\n  {}",
                file_label(path),
                problems.len(),
                if problems.len() == 1 {
                    "row is wrong"
                } else {
                    "rows are wrong"
                },
                problems.join("\n  ")
            )));
        }
        if !commands.is_empty() {
            self.apply(Command::Batch {
                label: format!("attach document attributes from {}", file_label(path)),
                commands,
            })?;
        }
        Ok(report)
    }

    fn find_document_for_row(&self, key: &str) -> Option<&Document> {
        let key = key.trim();
        let stem = Path::new(key)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.project
            .documents
            .values()
            .find(|doc| doc.source_file.eq_ignore_ascii_case(key))
            .or_else(|| {
                self.project.documents.values().find(|doc| {
                    doc.name.eq_ignore_ascii_case(key) || doc.name.eq_ignore_ascii_case(&stem)
                })
            })
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
