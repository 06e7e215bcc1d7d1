//! What a path is asked for (open, create, import, export), with the words
//! its menu entry, typed-path window and desktop file dialog use: plain data
//! that menus, panels and intents carry without knowing what is done with it.

use crate::workbench;
use std::path::PathBuf;

/// What a path is being asked for. Each names its own dialog title and the
/// label of the typed-path field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    OpenProject,
    /// A shared project on a PostgreSQL server: an address, not a file.
    OpenSharedProject,
    NewProject,
    ImportTranscripts,
    ImportExchange,
    ImportParticipants,
    ImportDocumentAttributes,
    LinkRecording,
    ImportReviewComments,
    ExportReport,
    ExportMap,
    WriteReviewPacket,
    CopyForCoder,
    MergeCopy,
    /// The table the Study tables window shows; asked from that window, not
    /// listed in the File menu.
    ExportStudyTable,
}

impl PathPurpose {
    pub const ALL: [PathPurpose; 14] = [
        PathPurpose::OpenProject,
        PathPurpose::OpenSharedProject,
        PathPurpose::NewProject,
        PathPurpose::ImportTranscripts,
        PathPurpose::ImportExchange,
        PathPurpose::ImportParticipants,
        PathPurpose::ImportDocumentAttributes,
        PathPurpose::LinkRecording,
        PathPurpose::ImportReviewComments,
        PathPurpose::ExportReport,
        PathPurpose::ExportMap,
        PathPurpose::WriteReviewPacket,
        PathPurpose::CopyForCoder,
        PathPurpose::MergeCopy,
    ];

    /// The File menu entry.
    #[must_use]
    pub fn menu_label(self) -> &'static str {
        match self {
            PathPurpose::OpenProject => "Open project…",
            PathPurpose::OpenSharedProject => "Open shared project…",
            PathPurpose::NewProject => "New project…",
            PathPurpose::ImportTranscripts => "Import transcripts…",
            PathPurpose::ImportExchange => "Import REFI-QDA project or codebook…",
            PathPurpose::ImportParticipants => "Import participants CSV…",
            PathPurpose::ImportDocumentAttributes => "Import document attributes CSV…",
            PathPurpose::LinkRecording => "Link recording…",
            PathPurpose::ImportReviewComments => "Import review comments…",
            PathPurpose::ExportReport => "Export theme report…",
            PathPurpose::ExportMap => "Export thematic map…",
            PathPurpose::WriteReviewPacket => "Write review packet…",
            PathPurpose::CopyForCoder => "Copy for a coder…",
            PathPurpose::MergeCopy => "Merge a coder's copy…",
            PathPurpose::ExportStudyTable => "Save the study table…",
        }
    }

    /// The label of the text field in the typed-path window.
    #[must_use]
    pub fn field_label(self) -> &'static str {
        match self {
            PathPurpose::OpenProject => "Path of the project to open",
            PathPurpose::OpenSharedProject => "Address of the shared project",
            PathPurpose::NewProject => "Path for the new project",
            PathPurpose::ImportTranscripts => "Path to import",
            PathPurpose::ImportExchange => "Path of the QDPX, QDE or QDC file",
            PathPurpose::ImportParticipants => "Path of the participants CSV",
            PathPurpose::ImportDocumentAttributes => "Path of the document attributes CSV",
            PathPurpose::LinkRecording => "Path of the shown document's recording",
            PathPurpose::ImportReviewComments => "Path of the saved review comments",
            PathPurpose::ExportReport => "Path for the theme report",
            PathPurpose::ExportMap => "Path for the map image",
            PathPurpose::WriteReviewPacket => "Path for the review packet",
            PathPurpose::CopyForCoder => "Path for the coder's copy",
            PathPurpose::ExportStudyTable => "Path for the table",
            PathPurpose::MergeCopy => "Path of the coder's copy",
        }
    }

    /// A line under the field saying what is expected there.
    #[must_use]
    pub fn hint(self) -> &'static str {
        match self {
            PathPurpose::OpenProject => "A .polyphony file.",
            PathPurpose::OpenSharedProject => {
                "postgres://USER@HOST/DATABASE, as your lead gave it; the password comes from PGPASSWORD or ~/.pgpass."
            }
            PathPurpose::NewProject => "Where to create it; .polyphony is added when missing.",
            PathPurpose::ImportTranscripts => {
                "A transcript (txt, md, docx, odt, vtt, srt, pdf) or a folder of them."
            }
            PathPurpose::ImportExchange => {
                "A project or codebook from NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette."
            }
            PathPurpose::ImportParticipants => {
                "One row per participant, named in a participant, speaker or name column."
            }
            PathPurpose::ImportDocumentAttributes => {
                "One row per document, named in a document or file column (type, group, site…)."
            }
            PathPurpose::LinkRecording => "An mp3, m4a, mp4, wav, ogg or flac file.",
            PathPurpose::ImportReviewComments => {
                "The .json file a co-author saved from a review packet."
            }
            PathPurpose::ExportReport => "Ending in .docx (Word), .html or .md (Markdown).",
            PathPurpose::ExportMap => "Ending in .png or .svg.",
            PathPurpose::WriteReviewPacket => {
                "An .html file for a co-author to open in a browser and comment in."
            }
            PathPurpose::CopyForCoder => {
                "A new .polyphony file, with the same ids, for one coder to code in and merge back."
            }
            PathPurpose::MergeCopy => {
                "A copy made with Copy for a coder, or a REFI-QDA project (.qdpx) written from this project and changed in another tool: what it brings is one undo step."
            }
            PathPurpose::ExportStudyTable => "Ending in .csv or .xlsx (Excel).",
        }
    }

    /// Whether it changes the open project, so cannot be done without one.
    #[must_use]
    pub fn needs_project(self) -> bool {
        !matches!(
            self,
            PathPurpose::OpenProject | PathPurpose::OpenSharedProject | PathPurpose::NewProject
        )
    }

    /// Whether the typed-path window asks for a coder's name too: who a new
    /// project's first coder is, or who a copy is for.
    #[must_use]
    pub fn asks_coder(self) -> bool {
        matches!(self, PathPurpose::NewProject | PathPurpose::CopyForCoder)
    }

    /// Asks the desktop's file dialog. `None` when the user cancelled or there
    /// is no dialog to ask (no portal or zenity), which the caller answers by
    /// offering a typed path instead.
    #[must_use]
    pub fn ask_native_dialog(self) -> Option<Vec<PathBuf>> {
        let dialog = rfd::FileDialog::new().set_title(self.menu_label().trim_end_matches('…'));
        match self {
            // An address is typed, not picked.
            PathPurpose::OpenSharedProject => None,
            PathPurpose::OpenProject => dialog
                .add_filter("Polyphony project", &["polyphony"])
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::NewProject => dialog
                .add_filter("Polyphony project", &["polyphony"])
                .set_file_name("study.polyphony")
                .save_file()
                .map(|path| vec![path]),
            PathPurpose::ImportTranscripts => dialog
                .add_filter("Transcripts", &crate::ingest::SUPPORTED_EXTENSIONS)
                .pick_files(),
            PathPurpose::ImportExchange => dialog
                .add_filter("REFI-QDA", &workbench::EXCHANGE_EXTENSIONS)
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::ImportParticipants | PathPurpose::ImportDocumentAttributes => dialog
                .add_filter("CSV", &["csv"])
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::LinkRecording => dialog
                .add_filter("Recordings", &crate::media::RECORDING_EXTENSIONS)
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::ImportReviewComments => dialog
                .add_filter("Saved review comments", &["json"])
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::ExportReport => dialog
                .add_filter("Word", &["docx"])
                .add_filter("HTML", &["html"])
                .add_filter("Markdown", &["md"])
                .set_file_name("theme-report.docx")
                .save_file()
                .map(|path| vec![path]),
            PathPurpose::ExportMap => dialog
                .add_filter("PNG image", &["png"])
                .add_filter("SVG image", &["svg"])
                .set_file_name("thematic-map.png")
                .save_file()
                .map(|path| vec![path]),
            PathPurpose::WriteReviewPacket => dialog
                .add_filter("HTML", &["html"])
                .set_file_name("review-packet.html")
                .save_file()
                .map(|path| vec![path]),
            PathPurpose::CopyForCoder => dialog
                .add_filter("Polyphony project", &["polyphony"])
                .set_file_name("coder-copy.polyphony")
                .save_file()
                .map(|path| vec![path]),
            PathPurpose::MergeCopy => dialog
                .add_filter("Polyphony project", &["polyphony"])
                .add_filter("REFI-QDA project", &["qdpx", "qde"])
                .pick_file()
                .map(|path| vec![path]),
            PathPurpose::ExportStudyTable => dialog
                .add_filter("Excel", &["xlsx"])
                .add_filter("CSV", &["csv"])
                .set_file_name("study-table.xlsx")
                .save_file()
                .map(|path| vec![path]),
        }
    }
}
