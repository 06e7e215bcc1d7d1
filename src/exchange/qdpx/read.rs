//! Reading REFI-QDA projects — a QDPX archive, or a bare `project.qde` with its
//! sources in the folder beside it — into one `Command::Batch` that adds
//! coders, codes, participants, documents, codings, themes and memos, with a
//! report of what was read, what to check, and what could not be carried.
//! Nothing is changed here: the workbench applies the batch as one undo step.
//!
//! `ProjectReader` holds what one reading gathers; the files under `read/`
//! add its parts by concern: `sources.rs` text sources into documents,
//! `selections.rs` selections into codings, `cases.rs` cases and variables
//! into participants, `notes.rs` notes and descriptions into memos.

mod cases;
mod notes;
mod selections;
mod sources;

use cases::Variable;
use selections::{PendingSelection, StreamedSelections};
use sources::PendingDocument;

use super::archive::{LIMITS, SourceFiles};
use super::codebook;
use super::guids::{Guids, Kind, guid_key};
use super::outcome::{ExchangeImport, ExchangeReport};
use super::positions::{Choice, SourceText};
use super::xml::{self, Element};
use crate::edit::Command;
use crate::exchange::ExchangeError;
use crate::exchange::common::{file_label, parse_datetime};
use crate::model::{Coder, CoderId, ParticipantId, Project, Target};
use crate::words::count;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// An exchange file opened and its XML parsed: the file's name for messages,
/// the name its XML was found under, the root element, and the archive (or
/// folder) to read sources from.
pub(crate) struct OpenedXml {
    pub label: String,
    pub xml_label: String,
    pub root: Element,
    pub store: SourceFiles,
    /// Whether the XML starts with `<?xml …?>`, as REFI-QDA requires.
    pub has_declaration: bool,
}

/// Opens `path`, a zip holding `entry` (found case-insensitively) or the bare
/// XML itself, within the size limits, and parses its XML without expanding
/// entities. Anything wrong refuses the file with the reason.
pub(crate) fn open_xml(path: &Path, entry: &str) -> Result<OpenedXml, ExchangeError> {
    open_xml_taking(path, entry, &mut |_, element| Some(element))
}

/// [`open_xml`], handing each element to `take` as it is parsed (see
/// [`xml::parse_taking`]).
fn open_xml_taking(
    path: &Path,
    entry: &str,
    take: &mut xml::Take<'_>,
) -> Result<OpenedXml, ExchangeError> {
    let label = file_label(path);
    let refuse = |reason: String| ExchangeError::Refused {
        path: path.display().to_string(),
        reason,
    };
    let opened = SourceFiles::open(path, &label, LIMITS, &[entry]).map_err(refuse)?;
    let xml_label = if opened.is_zip {
        opened.xml.name.clone()
    } else {
        label.clone()
    };
    let text = xml::decode_xml(&xml_label, opened.xml.bytes).map_err(refuse)?;
    let root = xml::parse_taking(&xml_label, &text, take).map_err(refuse)?;
    let has_declaration = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("<?xml");
    Ok(OpenedXml {
        label,
        xml_label,
        root,
        store: opened.store,
        has_declaration,
    })
}

/// Reads the REFI-QDA project at `path` (a `.qdpx` archive, or a bare
/// `.qde`/`.xml` project file) against `project`. `coder` (the current coder,
/// who must be in `project`) is credited with codings and notes whose user the
/// file does not name.
pub fn read_qdpx(
    path: &Path,
    project: &Project,
    coder: CoderId,
) -> Result<ExchangeImport, ExchangeError> {
    // The selections, most of a large project's elements, become records as
    // they are parsed rather than elements held until the end.
    let mut selections = StreamedSelections::default();
    let OpenedXml {
        label,
        xml_label,
        root,
        store,
        has_declaration,
    } = open_xml_taking(path, "project.qde", &mut |ancestors, element| {
        selections.take(ancestors, element)
    })?;
    let refuse = |reason: String| ExchangeError::Refused {
        path: path.display().to_string(),
        reason,
    };
    if root.name != "Project" {
        return Err(refuse(if root.name == "CodeBook" {
            format!("{xml_label} is a REFI-QDA codebook, not a project; import it as a .qdc file")
        } else {
            format!(
                "{xml_label} is not a REFI-QDA project: its root element is <{}>, not <Project>",
                root.name
            )
        }));
    }
    let mut reader = ProjectReader::new(project, coder, label, store);
    reader.streamed = selections;
    if !has_declaration {
        reader.report.warnings.push(format!(
            "{xml_label} has no XML declaration (<?xml version=\"1.0\" …?>), which REFI-QDA requires; it was read anyway"
        ));
    }
    reader.read(&root).map_err(refuse)?;
    Ok(reader.finish())
}

struct ProjectReader<'p> {
    project: &'p Project,
    current_coder: CoderId,
    label: String,
    origin: String,
    store: SourceFiles,
    report: ExchangeReport,
    guids: Guids,
    /// When the file does not say when something was made.
    fallback_time: i64,
    users: HashMap<String, CoderId>,
    coders_new: usize,
    coders_matched: usize,
    unknown_users: HashSet<String>,
    anonymous: usize,
    variables: HashMap<String, Variable>,
    /// Participants of cases by lower-case name, for speaker labels.
    cases_by_name: HashMap<String, ParticipantId>,
    cases_read: usize,
    cases_matched: usize,
    speakers_new: HashMap<String, ParticipantId>,
    case_sources: Vec<(ParticipantId, String, String)>,
    documents: Vec<PendingDocument>,
    texts: Vec<SourceText>,
    selections: Vec<PendingSelection>,
    /// Each text source's selections, taken out of the tree as it was parsed.
    streamed: StreamedSelections,
    /// Notes by GUID key, and what refers to them.
    note_refs: Vec<(String, Target)>,
    /// Memos that come from descriptions: (title, body, target).
    described: Vec<(String, String, Target)>,
    code_commands: Vec<Command>,
    coder_commands: Vec<Command>,
    participant_commands: Vec<Command>,
    document_commands: Vec<Command>,
    coding_commands: Vec<Command>,
    theme_commands: Vec<Command>,
    memo_commands: Vec<Command>,
}

impl<'p> ProjectReader<'p> {
    fn new(project: &'p Project, coder: CoderId, label: String, store: SourceFiles) -> Self {
        Self {
            project,
            current_coder: coder,
            label,
            origin: String::new(),
            store,
            report: ExchangeReport::default(),
            guids: Guids::default(),
            fallback_time: crate::clock::now_ms(),
            users: HashMap::new(),
            coders_new: 0,
            coders_matched: 0,
            unknown_users: HashSet::new(),
            anonymous: 0,
            variables: HashMap::new(),
            cases_by_name: HashMap::new(),
            cases_read: 0,
            cases_matched: 0,
            speakers_new: HashMap::new(),
            case_sources: Vec::new(),
            documents: Vec::new(),
            texts: Vec::new(),
            selections: Vec::new(),
            streamed: StreamedSelections::default(),
            note_refs: Vec::new(),
            described: Vec::new(),
            code_commands: Vec::new(),
            coder_commands: Vec::new(),
            participant_commands: Vec::new(),
            document_commands: Vec::new(),
            coding_commands: Vec::new(),
            theme_commands: Vec::new(),
            memo_commands: Vec::new(),
        }
    }

    fn read(&mut self, root: &Element) -> Result<(), String> {
        root.attr_or_empty("origin")
            .trim()
            .clone_into(&mut self.origin);
        self.check_namespace(root);
        if let Some(time) = root
            .attr("modifiedDateTime")
            .or_else(|| root.attr("creationDateTime"))
            .and_then(parse_datetime)
        {
            self.fallback_time = time;
        }
        self.read_users(root);
        let codes = codebook::read_codes(
            root.child("CodeBook").and_then(|book| book.child("Codes")),
            &self.origin,
            self.project,
            &mut self.guids,
            &mut self.report,
        );
        self.note_refs.extend(codes.note_refs.iter().cloned());
        self.read_variables(root);
        self.read_cases(root);
        if let Some(sources) = root.child("Sources") {
            for source in &sources.children {
                match source.name.as_str() {
                    "TextSource" => self.read_text_source(source)?,
                    "PictureSource" => self.not_carried_source("picture", source),
                    "PDFSource" => self.not_carried_source("PDF", source),
                    "AudioSource" => self.not_carried_source("audio", source),
                    "VideoSource" => self.not_carried_source("video", source),
                    other => self.not_carried_source(other, source),
                }
            }
        }
        let choice = self.choose_positions();
        self.make_documents();
        self.make_codings(&codes.by_guid, &choice);
        let themes = codebook::read_sets(
            root.child("Sets"),
            &codes.by_guid,
            self.project,
            &mut self.guids,
            &mut self.report,
        );
        self.theme_commands = themes.commands;
        self.note_refs.extend(themes.note_refs);
        if let Some(description) = root
            .child_text("Description")
            .filter(|text| !text.trim().is_empty())
        {
            self.described.push((
                "Project description".to_owned(),
                description.to_owned(),
                Target::Project,
            ));
        }
        for note in root
            .children_named("NoteRef")
            .filter_map(|note| note.attr("targetGUID"))
        {
            self.note_refs.push((guid_key(note), Target::Project));
        }
        self.read_notes(root)?;
        self.not_carried_links_and_graphs(root);
        self.report_case_sources();
        self.summarise(&codes, themes.created, &choice);
        self.code_commands = codes.commands;
        Ok(())
    }

    fn check_namespace(&mut self, root: &Element) {
        const EXPECTED: &str = "urn:QDA-XML:project:1.0";
        match root.namespace() {
            Some(EXPECTED) => {}
            Some(other) if other.starts_with("urn:QDA-XML:project:") => {
                self.report.warnings.push(format!(
                    "the project's namespace is {other}, not {EXPECTED}; it was read as {EXPECTED}"
                ));
            }
            Some(other) => self.report.warnings.push(format!(
                "the project's namespace is {other}, not REFI-QDA's {EXPECTED}; it was read anyway"
            )),
            None => self.report.warnings.push(format!(
                "the project has no namespace (REFI-QDA's is {EXPECTED}); it was read anyway"
            )),
        }
    }

    fn current_coder_name(&self) -> String {
        self.project.coders.get(&self.current_coder).map_or_else(
            || "the current coder".to_owned(),
            |coder| coder.name.clone(),
        )
    }

    /// Users become coders: the same coder when the project has the GUID or
    /// the name, a new one otherwise.
    fn read_users(&mut self, root: &Element) {
        let mut credited: HashSet<String> = HashSet::new();
        for element in root.descendants() {
            for name in ["creatingUser", "modifyingUser"] {
                if let Some(user) = element.attr(name) {
                    credited.insert(guid_key(user));
                }
            }
        }
        let mut by_name: HashMap<String, CoderId> = HashMap::new();
        let Some(users) = root.child("Users") else {
            return;
        };
        for user in users.children_named("User") {
            let Some(guid) = user.attr("guid") else {
                continue;
            };
            let key = guid_key(guid);
            let name = [user.attr("name"), user.attr("id")]
                .into_iter()
                .flatten()
                .map(str::trim)
                .find(|name| !name.is_empty())
                .map_or_else(
                    || format!("User {}", key.get(..8).unwrap_or(&key)),
                    str::to_owned,
                );
            // ATLAS.ti lists itself as a user for its automatic work; a
            // coder who made nothing would only clutter the coder list.
            if name == "ATLAS.ti" && !credited.contains(&key) {
                self.report.warnings.push(
                    "left out ATLAS.ti's own pseudo-user \"ATLAS.ti\", who made nothing in this project"
                        .to_owned(),
                );
                continue;
            }
            let existing = key
                .parse::<uuid::Uuid>()
                .ok()
                .map(CoderId)
                .filter(|id| self.project.coders.contains_key(id))
                .or_else(|| self.project.find_coder(&name).map(|coder| coder.id));
            let id = match existing {
                Some(id) => {
                    self.coders_matched += 1;
                    id
                }
                None => match by_name.get(&name.to_lowercase()) {
                    Some(id) => *id,
                    None => {
                        let id = CoderId(self.guids.id(Kind::Coder, Some(guid), |id| {
                            self.project.coders.contains_key(&CoderId(id))
                        }));
                        self.coder_commands.push(Command::AddCoder {
                            coder: Coder {
                                id,
                                name: name.clone(),
                            },
                        });
                        self.coders_new += 1;
                        id
                    }
                },
            };
            by_name.insert(name.to_lowercase(), id);
            self.users.insert(key, id);
        }
    }

    fn coder_for(&mut self, user: Option<&str>) -> CoderId {
        match user.map(guid_key).filter(|key| !key.is_empty()) {
            Some(key) => match self.users.get(&key) {
                Some(id) => *id,
                None => {
                    self.unknown_users.insert(key);
                    self.current_coder
                }
            },
            None => {
                self.anonymous += 1;
                self.current_coder
            }
        }
    }

    fn not_carried_links_and_graphs(&mut self, root: &Element) {
        if let Some(links) = root.child("Links") {
            for link in links.children_named("Link") {
                let name = link
                    .attr("name")
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .unwrap_or("unnamed");
                self.report.not_carried.push(format!("link: {name}"));
            }
        }
        if let Some(graphs) = root.child("Graphs") {
            for graph in graphs.children_named("Graph") {
                let name = graph
                    .attr("name")
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .unwrap_or("unnamed");
                self.report.not_carried.push(format!(
                    "graph: {name} ({}, {})",
                    count(graph.children_named("Vertex").count(), "vertex", "vertices"),
                    count(graph.children_named("Edge").count(), "edge", "edges")
                ));
            }
        }
    }

    fn summarise(&mut self, codes: &codebook::Codes, themes: usize, choice: &Choice) {
        let mut summary = Vec::new();
        let writer = if self.origin.is_empty() {
            String::new()
        } else {
            format!(", written by {}", self.origin)
        };
        summary.push(format!("read {}{writer}", self.label));
        let matched = |n: usize| {
            if n > 0 {
                format!(" ({n} already in the project)")
            } else {
                String::new()
            }
        };
        summary.push(format!(
            "{}{}",
            count(self.coders_new + self.coders_matched, "coder", "coders"),
            matched(self.coders_matched)
        ));
        let levels = if codes.depth > 1 {
            format!(", {} deep", count(codes.depth, "level", "levels"))
        } else {
            String::new()
        };
        summary.push(format!(
            "{}{levels}{}",
            count(codes.created + codes.matched, "code", "codes"),
            matched(codes.matched)
        ));
        summary.push(count(self.document_commands.len(), "document", "documents"));
        summary.push(count(self.coding_commands.len(), "coding", "codings"));
        summary.push(format!(
            "{} from cases{}",
            count(self.cases_read, "participant", "participants"),
            matched(self.cases_matched)
        ));
        if !self.speakers_new.is_empty() {
            summary.push(format!(
                "{} for speakers who are not cases",
                count(
                    self.speakers_new.len(),
                    "new participant",
                    "new participants"
                )
            ));
        }
        summary.push(count(themes, "theme", "themes"));
        summary.push(count(self.memo_commands.len(), "memo", "memos"));
        if !self.selections.iter().all(|selection| selection.whole) {
            summary.push(format!("positions read as {}", choice.unit.describe()));
        }
        self.report.summary = summary;
        let name = self.current_coder_name();
        if !self.unknown_users.is_empty() {
            self.report.warnings.push(format!(
                "{} not in the file's list of users made codings or notes; they were credited to {name}",
                count(self.unknown_users.len(), "user who is", "users who are")
            ));
        }
        if self.anonymous > 0 {
            self.report.warnings.push(format!(
                "{} do not say who made them; they were credited to {name}",
                count(self.anonymous, "coding or note", "codings and notes")
            ));
        }
        let guid_warnings = self.guids.warnings();
        self.report.warnings.extend(guid_warnings);
    }

    fn finish(self) -> ExchangeImport {
        let commands: Vec<Command> = self
            .coder_commands
            .into_iter()
            .chain(self.code_commands)
            .chain(self.participant_commands)
            .chain(self.document_commands)
            .chain(self.coding_commands)
            .chain(self.theme_commands)
            .chain(self.memo_commands)
            .collect();
        ExchangeImport {
            command: Command::Batch {
                label: format!("import {}", self.label),
                commands,
            },
            report: self.report,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_with_and_without_zones_are_read() {
        assert_eq!(parse_datetime("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_datetime("1970-01-01T00:00:01"), Some(1000));
        assert_eq!(parse_datetime("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_datetime("1970-01-01T00:00:00.250"), Some(250));
        assert_eq!(parse_datetime("yesterday"), None);
    }
}
