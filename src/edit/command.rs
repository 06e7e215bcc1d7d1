//! The list of every change a user can make, and the words the journal and the
//! Undo menu use for each.

use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, CommentId, Document, DocumentId,
    MapNode, Memo, MemoId, Participant, ParticipantId, Project, Resolution, Target, Theme, ThemeId,
    ThemeStatus,
};
use crate::pseudonyms::KeyEntry;
use serde::{Deserialize, Serialize};

/// One change to a project. Commands carry the ids of what they create, so that
/// redoing a command recreates the very same records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Several commands as one step: applied together, undone together.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
    InsertDocument {
        document: Document,
    },
    RemoveDocument {
        id: DocumentId,
    },
    RenameDocument {
        id: DocumentId,
        name: String,
    },
    SetDocumentAttribute {
        id: DocumentId,
        name: String,
        value: Option<String>,
    },
    /// Links a document to its recording, or unlinks it.
    SetDocumentMedia {
        id: DocumentId,
        media: Option<String>,
    },
    /// Sets or clears a project-wide setting.
    SetSetting {
        name: String,
        value: Option<String>,
    },
    LinkSpeaker {
        document: DocumentId,
        speaker: String,
        participant: Option<ParticipantId>,
    },
    CreateParticipant {
        participant: Participant,
    },
    RemoveParticipant {
        id: ParticipantId,
    },
    UpdateParticipant {
        id: ParticipantId,
        name: String,
        is_interviewer: bool,
    },
    SetParticipantAttribute {
        id: ParticipantId,
        name: String,
        value: Option<String>,
    },
    AddCoder {
        coder: Coder,
    },
    RemoveCoder {
        id: CoderId,
    },
    CreateCode {
        code: Code,
    },
    UpdateCode {
        id: CodeId,
        name: String,
        parent: Option<CodeId>,
        color: String,
        description: String,
    },
    RemoveCode {
        id: CodeId,
    },
    AddCoding {
        coding: Coding,
    },
    RemoveCoding {
        id: CodingId,
    },
    UpdateCoding {
        id: CodingId,
        code: CodeId,
        start: usize,
        end: usize,
        memo: String,
    },
    CreateTheme {
        theme: Theme,
    },
    UpdateTheme {
        id: ThemeId,
        name: String,
        concept: String,
        definition: String,
        status: ThemeStatus,
        parent: Option<ThemeId>,
    },
    RemoveTheme {
        id: ThemeId,
    },
    AddThemeCode {
        theme: ThemeId,
        code: CodeId,
    },
    RemoveThemeCode {
        theme: ThemeId,
        code: CodeId,
    },
    AddKeyQuote {
        theme: ThemeId,
        coding: CodingId,
        position: Option<usize>,
    },
    RemoveKeyQuote {
        theme: ThemeId,
        coding: CodingId,
    },
    CreateMemo {
        memo: Memo,
    },
    UpdateMemo {
        id: MemoId,
        title: String,
        body: String,
        target: Target,
        updated_at: i64,
    },
    RemoveMemo {
        id: MemoId,
    },
    AddComment {
        comment: Comment,
    },
    ResolveComment {
        id: CommentId,
        resolution: Option<Resolution>,
    },
    RemoveComment {
        id: CommentId,
    },
    /// Place a node of the thematic map at a point, or let it be laid out
    /// automatically again (`None`).
    SetMapPosition {
        node: MapNode,
        position: Option<(i32, i32)>,
    },
    /// Put an entry into the pseudonym key, replacing the one for the same real
    /// term, or take the term out of the key (`None`).
    SetPseudonym {
        real: String,
        entry: Option<KeyEntry>,
    },
}

impl Command {
    /// The command as JSON for the journal, with long texts (a document's body)
    /// shortened, and a batch of many commands (an import, an autocoding) given
    /// as how many of each kind it holds: the journal says what happened; the
    /// tables and the history keep the data.
    #[must_use]
    pub fn journal_detail(&self) -> String {
        const LISTED: usize = 64;
        fn shorten(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::String(text) if text.chars().count() > 240 => {
                    *text = format!("<{} chars>", text.chars().count());
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(shorten),
                serde_json::Value::Object(fields) => {
                    if let Some(turns) = fields.get_mut("turns")
                        && let Some(list) = turns.as_array()
                    {
                        *turns = serde_json::Value::String(format!("<{} turns>", list.len()));
                    }
                    fields.values_mut().for_each(shorten);
                }
                _ => {}
            }
        }
        if let Command::Batch { label, .. } = self
            && self.leaf_count() > LISTED
        {
            let mut kinds = std::collections::BTreeMap::<String, usize>::new();
            self.count_kinds(&mut kinds);
            return serde_json::json!({ "batch": { "label": label, "counts": kinds } }).to_string();
        }
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        shorten(&mut value);
        value.to_string()
    }
}

impl Command {
    /// How many commands other than batches it is made of.
    fn leaf_count(&self) -> usize {
        match self {
            Command::Batch { commands, .. } => commands.iter().map(Command::leaf_count).sum(),
            _ => 1,
        }
    }

    /// Adds how many commands of each kind (by their JSON name) it is made of.
    fn count_kinds(&self, kinds: &mut std::collections::BTreeMap<String, usize>) {
        match self {
            Command::Batch { commands, .. } => {
                for command in commands {
                    command.count_kinds(kinds);
                }
            }
            // The bulky kinds are named without writing out their records.
            Command::InsertDocument { .. } => {
                *kinds.entry("insert_document".to_owned()).or_default() += 1;
            }
            Command::AddCoding { .. } => {
                *kinds.entry("add_coding".to_owned()).or_default() += 1;
            }
            other => {
                // The externally tagged JSON's one key is the kind's name.
                let kind = serde_json::to_value(other)
                    .ok()
                    .and_then(|value| {
                        value
                            .as_object()
                            .and_then(|fields| fields.keys().next().cloned())
                    })
                    .unwrap_or_default();
                *kinds.entry(kind).or_default() += 1;
            }
        }
    }
}

/// The words for `command` as applied to `project` now: "apply code Role
/// clarity", "rename code A to B". Used in the journal and the Undo menu.
#[must_use]
pub fn describe(project: &Project, command: &Command) -> String {
    let names = Names { project };
    match command {
        Command::Batch { label, .. } => label.clone(),
        Command::InsertDocument { document } => format!("import {}", document.name),
        Command::RemoveDocument { id } => format!("remove document {}", names.document(id)),
        Command::RenameDocument { id, name } => {
            format!("rename document {} to {name}", names.document(id))
        }
        Command::SetDocumentAttribute { id, name, value } => match value {
            Some(value) => format!("set {name} = {value} on {}", names.document(id)),
            None => format!("clear {name} on {}", names.document(id)),
        },
        Command::SetDocumentMedia { id, media } => match media {
            Some(media) => format!("link {} to the recording {media}", names.document(id)),
            None => format!("unlink the recording of {}", names.document(id)),
        },
        Command::SetSetting { name, value } if name == Project::REPORT_CODES_BY_GROUP => {
            match value {
                Some(attribute) => format!("close the theme report with codes by {attribute}"),
                None => "leave codes by group out of the theme report".to_owned(),
            }
        }
        Command::SetSetting { name, value } if name == Project::REPORT_AGREEMENT => match value {
            Some(_) => "state the coders' agreement in the theme report".to_owned(),
            None => "leave the coders' agreement out of the theme report".to_owned(),
        },
        // The list names real terms, which an undo label never shows.
        Command::SetSetting { name, value } if name == Project::PSEUDONYMS_REJECTED => {
            let rejected = value
                .as_deref()
                .and_then(|list| serde_json::from_str::<Vec<String>>(list).ok())
                .map_or(0, |list| list.len());
            format!("reject a pseudonym candidate ({rejected} rejected in all)")
        }
        Command::SetSetting { name, value } => match value {
            Some(value) => format!("set the project setting {name} to {value}"),
            None => format!("clear the project setting {name}"),
        },
        Command::LinkSpeaker {
            document,
            speaker,
            participant,
        } => describe_speaker_link(&names, document, speaker, participant.as_ref()),
        Command::CreateParticipant { participant } => {
            format!("add participant {}", participant.name)
        }
        Command::RemoveParticipant { id } => {
            format!("remove participant {}", names.participant(id))
        }
        Command::UpdateParticipant { id, name, .. } => {
            describe_participant_update(&names, id, name)
        }
        Command::SetParticipantAttribute { id, name, value } => match value {
            Some(value) => format!("set {name} = {value} for {}", names.participant(id)),
            None => format!("clear {name} for {}", names.participant(id)),
        },
        Command::AddCoder { coder } => format!("add coder {}", coder.name),
        Command::RemoveCoder { id } => format!("remove coder {}", names.coder(id)),
        Command::CreateCode { code } => format!("create code {}", code.name),
        Command::UpdateCode {
            id,
            name,
            parent,
            color,
            description,
        } => describe_code_update(project, *id, name, *parent, color, description),
        Command::RemoveCode { id } => format!("delete code {}", names.code(id)),
        Command::AddCoding { coding } => format!("apply code {}", names.code(&coding.code)),
        Command::RemoveCoding { id } => match project.codings.get(id) {
            Some(coding) => format!("uncode {}", names.code(&coding.code)),
            None => "uncode a segment".to_owned(),
        },
        Command::UpdateCoding {
            id,
            code,
            start,
            end,
            ..
        } => describe_coding_update(&names, id, code, (*start, *end)),
        Command::CreateTheme { theme } => format!("create theme {}", theme.name),
        Command::UpdateTheme {
            id, name, status, ..
        } => describe_theme_update(project, id, name, *status),
        Command::RemoveTheme { id } => format!("delete theme {}", names.theme(id)),
        Command::AddThemeCode { theme, code } => format!(
            "add code {} to theme {}",
            names.code(code),
            names.theme(theme)
        ),
        Command::RemoveThemeCode { theme, code } => format!(
            "remove code {} from theme {}",
            names.code(code),
            names.theme(theme)
        ),
        Command::AddKeyQuote { theme, .. } => format!("add a key quote to {}", names.theme(theme)),
        Command::RemoveKeyQuote { theme, .. } => {
            format!("remove a key quote from {}", names.theme(theme))
        }
        Command::CreateMemo { memo } => format!("write memo {}", memo.title),
        Command::UpdateMemo { title, .. } => format!("edit memo {title}"),
        Command::RemoveMemo { id } => format!("delete memo {}", names.memo_title(id)),
        Command::AddComment { comment } => {
            format!("{} adds a {}", comment.author, comment.kind.label())
        }
        Command::ResolveComment { resolution, .. } => match resolution {
            Some(resolution) => format!("resolve a comment as {}", resolution.state.label()),
            None => "reopen a comment".to_owned(),
        },
        Command::RemoveComment { .. } => "delete a comment".to_owned(),
        Command::SetMapPosition { node, position } => {
            describe_map_position(&names, node, position.is_some())
        }
        // The label names no real term: the Undo menu and the journal are seen and
        // exported, the key is not.
        Command::SetPseudonym { real, entry } => match (entry, project.pseudonyms.get(real)) {
            (Some(entry), None) => format!("add pseudonym {}", entry.replacement),
            (Some(entry), Some(_)) => format!("change pseudonym {}", entry.replacement),
            (None, Some(old)) => format!("remove pseudonym {}", old.replacement),
            (None, None) => "remove a pseudonym".to_owned(),
        },
    }
}

/// The names `describe` puts into its words, each with a stand-in for a record
/// the project does not hold (as when the command is the undo of a removal).
struct Names<'a> {
    project: &'a Project,
}

impl Names<'_> {
    fn code(&self, id: &CodeId) -> String {
        self.project
            .codes
            .get(id)
            .map_or_else(|| "a code".to_owned(), |code| code.name.clone())
    }

    fn theme(&self, id: &ThemeId) -> String {
        self.project
            .themes
            .get(id)
            .map_or_else(|| "a theme".to_owned(), |theme| theme.name.clone())
    }

    fn document(&self, id: &DocumentId) -> String {
        self.project
            .documents
            .get(id)
            .map_or_else(|| "a document".to_owned(), |doc| doc.name.clone())
    }

    fn participant(&self, id: &ParticipantId) -> String {
        self.project
            .participants
            .get(id)
            .map_or_else(|| "a participant".to_owned(), |p| p.name.clone())
    }

    fn coder(&self, id: &CoderId) -> &str {
        self.project
            .coders
            .get(id)
            .map_or("a coder", |coder| coder.name.as_str())
    }

    fn memo_title(&self, id: &MemoId) -> &str {
        self.project
            .memos
            .get(id)
            .map_or("", |memo| memo.title.as_str())
    }
}

fn describe_speaker_link(
    names: &Names<'_>,
    document: &DocumentId,
    speaker: &str,
    participant: Option<&ParticipantId>,
) -> String {
    match participant {
        Some(participant) => format!(
            "link speaker {speaker} in {} to {}",
            names.document(document),
            names.participant(participant)
        ),
        None => format!("unlink speaker {speaker} in {}", names.document(document)),
    }
}

fn describe_participant_update(names: &Names<'_>, id: &ParticipantId, name: &str) -> String {
    let old = names.participant(id);
    if old == name {
        format!("edit participant {name}")
    } else {
        format!("rename participant {old} to {name}")
    }
}

/// Says the one thing that changed, taking a new code first, then a new range,
/// and otherwise the memo.
fn describe_coding_update(
    names: &Names<'_>,
    id: &CodingId,
    code: &CodeId,
    range: (usize, usize),
) -> String {
    match names.project.codings.get(id) {
        Some(old) if old.code != *code => {
            format!("recode {} as {}", names.code(&old.code), names.code(code))
        }
        Some(old) if (old.start, old.end) != range => {
            format!("resize a segment of {}", names.code(code))
        }
        _ => format!("edit the memo of a segment of {}", names.code(code)),
    }
}

fn describe_theme_update(
    project: &Project,
    id: &ThemeId,
    name: &str,
    status: ThemeStatus,
) -> String {
    match project.themes.get(id) {
        Some(old) if old.name != name => format!("rename theme {} to {name}", old.name),
        Some(old) if old.status != status => {
            format!("mark theme {name} {status}")
        }
        _ => format!("edit theme {name}"),
    }
}

fn describe_map_position(names: &Names<'_>, node: &MapNode, placed: bool) -> String {
    let name = match node {
        MapNode::Theme(id) => names.theme(id),
        MapNode::Code(id) => names.code(id),
    };
    if placed {
        format!("move {name} on the map")
    } else {
        format!("let the map place {name}")
    }
}

fn describe_code_update(
    project: &Project,
    id: CodeId,
    name: &str,
    parent: Option<CodeId>,
    color: &str,
    description: &str,
) -> String {
    let Some(old) = project.codes.get(&id) else {
        return format!("edit code {name}");
    };
    if old.name != name {
        format!("rename code {} to {name}", old.name)
    } else if old.parent != parent {
        match parent.and_then(|parent| project.codes.get(&parent)) {
            Some(parent) => format!("move code {name} under {}", parent.name),
            None => format!("move code {name} to the top level"),
        }
    } else if old.color != color {
        format!("recolour code {name}")
    } else if old.description != description {
        format!("describe code {name}")
    } else {
        format!("edit code {name}")
    }
}
