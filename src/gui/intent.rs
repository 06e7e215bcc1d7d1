//! What the user asked for in a panel, a menu, a key or the palette, carried
//! out by the app once the frame is drawn (`handlers/`). A leaf: it names no
//! panel, so every panel can send intents without reaching up to the app, and
//! the small values an intent carries (what a path or a picked code is for,
//! a dialog as typed, a player request) live here beside it.

use crate::edit::Command;
use crate::gui::path_purpose::PathPurpose;
use crate::gui::settings::{Panel, Theme};
use crate::gui::theme_drafts::ThemeEditor;
use crate::model::{
    CodeId, CodingId, CommentId, CommentKind, DocumentId, ResolutionState, Target, ThemeId,
    ThemeStatus,
};
use std::path::PathBuf;

/// Something the user asked for in a panel, carried out by the app once the
/// frame is drawn.
#[derive(Debug, Clone)]
pub(crate) enum Intent {
    SelectDocument(DocumentId),
    /// Show `start..end` of `document`: select it, scroll there, mark it.
    Reveal {
        document: DocumentId,
        start: usize,
        end: usize,
    },
    SelectCode(CodeId),
    Undo,
    Redo,
    Search(String),
    CloseSearch,
    /// Ask the desktop's file dialog, falling back to a typed path.
    ChoosePath(PathPurpose),
    /// Open the typed-path window straight away.
    TypePath(PathPurpose),
    SubmitPaths {
        purpose: PathPurpose,
        paths: Vec<PathBuf>,
        coder: String,
        /// For a copy: whether it is blind to the other coders' codings.
        blind: bool,
    },
    CancelPathPrompt,
    /// Merge the coder's copy at `copy`, with the side chosen for each
    /// conflict by its key.
    ConfirmMerge {
        copy: PathBuf,
        choices: std::collections::BTreeMap<String, crate::edit::merge::Side>,
        /// The copy's codes to merge into this project's of the same name.
        join: std::collections::BTreeSet<CodeId>,
    },
    CancelMerge,
    OpenDemo,
    Quit,
    DismissError,
    DismissNotice,
    /// Open the quick code picker for this purpose.
    OpenPicker(PickerPurpose),
    Picked {
        purpose: PickerPurpose,
        picked: Picked,
    },
    ClosePicker,
    /// Code the selection with a new code named by its words.
    InVivo,
    /// Code the selection with the code used last.
    ApplyLastCode,
    Uncode(CodingId),
    /// Make a segment cover the selection instead.
    ResizeSegment(CodingId),
    /// Show a segment in its transcript and make it the one the keyboard's
    /// segment actions work on.
    RevealSegment(CodingId),
    /// Pick out the next (or, with -1, previous) segment of the transcript.
    StepSegment(i32),
    /// Uncode, recode, resize or write a memo on the current segment.
    OnCurrentSegment(SegmentAction),
    /// Open the memo window of a segment.
    EditMemo(CodingId),
    OpenDialog(Dialog),
    SubmitDialog,
    CloseDialog,
    Recolour {
        code: CodeId,
        color: String,
    },
    MoveToTopLevel(CodeId),
    /// Move a code under another, or to the top level (dragged in the tree).
    MoveCode {
        code: CodeId,
        parent: Option<CodeId>,
    },
    // The window's own requests (its menu items in menu_items.rs, the palette, the
    // layout, zoom, theme and who is coding).
    /// Put the keyboard in the search box.
    FocusSearch,
    /// Rebuild the search index off the UI thread.
    RebuildIndex,
    /// Apply a command a theme panel built from what it shows (a map
    /// position, a deleted theme), keeping `reason` in the history of the
    /// themes it changes; close the theme editor once it succeeds.
    ApplyCommand {
        /// Boxed: a command can be as large as a whole document.
        command: Box<Command>,
        reason: String,
        close_editor: bool,
    },
    // Theme work: the theme panels ask, `handlers/themes.rs` builds the
    // command through the workbench.
    /// Create the theme the editor holds, or save its changes with the
    /// reason typed; the editor closes once it succeeds.
    SaveTheme(Box<ThemeEditor>),
    /// Split `codes` off `theme` into a new theme called `name`.
    SplitTheme {
        theme: ThemeId,
        name: String,
        codes: Vec<CodeId>,
    },
    SetThemeStatus {
        theme: ThemeId,
        status: ThemeStatus,
    },
    MergeThemes {
        source: ThemeId,
        target: ThemeId,
    },
    AddThemeCode {
        theme: ThemeId,
        code: CodeId,
    },
    RemoveThemeCode {
        theme: ThemeId,
        code: CodeId,
    },
    /// Make a segment a key quote of `theme`, or no longer one.
    KeyQuote {
        theme: ThemeId,
        coding: CodingId,
        chosen: bool,
    },
    /// Open the history window of a theme, read from the project file.
    OpenThemeHistory(ThemeId),
    /// A co-author's comment from review mode, signed `author`.
    Comment {
        author: String,
        target: Target,
        kind: CommentKind,
        body: String,
    },
    ReplyToComment {
        comment: CommentId,
        body: String,
    },
    /// Resolve a comment (accepted, changed, declined with `reason`), or
    /// reopen it with `state: None`.
    ResolveComment {
        comment: CommentId,
        state: Option<ResolutionState>,
        reason: String,
    },
    /// Say in the window why something could not be done.
    Complain(String),
    /// Enter or leave the co-author review mode.
    ReviewMode(bool),
    OpenPalette,
    ClosePalette,
    TogglePanel(Panel),
    /// Step the text zoom by this many steps; 0 goes back to 100%.
    Zoom(i32),
    SetTheme(Theme),
    /// Open the "Who is coding?" window.
    AskCoder,
    /// Open or close the "Team activity" window.
    ShowActivity,
    CloseActivity,
    SetCoder(String),
    CloseCoderWindow,
    /// Stop the background job; the project stays as it was.
    CancelJob,
    // The retrieval panels (segments, search, autocode).
    /// Run the search the Search panel describes.
    RunSearch,
    /// Open the Autocode window on every hit of the last search.
    AutocodeHits,
    /// Open the Autocode window on every turn of this speaker.
    AutocodeSpeaker(String),
    SubmitAutocode,
    CloseAutocode,
    /// Write a new memo on this (the project: a journal entry) and open it.
    NewMemo(Target),
    SaveMemo {
        id: crate::model::MemoId,
        title: String,
        body: String,
    },
    DeleteMemo(crate::model::MemoId),
    /// Play, pause, seek or change the speed of the shown recording.
    Media(MediaAction),
    /// Open or close the Participants window.
    OpenParticipants,
    CloseParticipants,
    /// Show coders' codings side by side in the transcript, or stop.
    CompareCoders(bool),
    /// Open or close the Study tables window.
    OpenTables,
    CloseTables,
    /// Read the saved project whole on a worker, for the Study tables.
    RefreshTables,
    /// Open or close the Pseudonym key window.
    OpenPseudonymKey,
    ClosePseudonymKey,
    /// Find on a worker what the pseudonym key may still need.
    FindPseudonymCandidates,
    /// Open the project's key kept apart in its sealed file, into memory.
    OpenKeyApart {
        path: PathBuf,
        passphrase: String,
    },
    /// Change the key kept apart (a `Command::SetPseudonym`), sealed into its file.
    ChangeKeyApart(Box<Command>),
    /// Undo the last change to the key kept apart, in its file.
    UndoKeyApart,
    /// How the window's exports use the pseudonym key.
    SetOutputChoice(crate::gui::pseudonym_key::OutputChoice),
}

impl Intent {
    /// The action that applies a command just built, or that shows why it
    /// could not be built.
    pub fn apply(command: Result<Command, impl std::fmt::Display>) -> Self {
        match command {
            Ok(command) => Self::change(command),
            Err(error) => Intent::Complain(error.to_string()),
        }
    }

    /// The action that applies `command`, one undo step.
    #[must_use]
    pub fn change(command: Command) -> Self {
        Intent::ApplyCommand {
            command: Box::new(command),
            reason: String::new(),
            close_editor: false,
        }
    }
}

/// What the chosen code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerPurpose {
    /// Code the transcript's selection.
    ApplyToSelection,
    /// Move a segment to another code, keeping its memo.
    Recode(CodingId),
    /// Make the chosen code the parent of this one.
    MoveUnder(CodeId),
    /// Merge this code into the chosen one.
    MergeInto(CodeId),
}

/// What the user chose in the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Existing(CodeId),
    /// A new top-level code with this name.
    New(String),
}

/// The open dialog and what has been typed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    NewCode {
        parent: Option<CodeId>,
        name: String,
    },
    Rename {
        code: CodeId,
        name: String,
    },
    Describe {
        code: CodeId,
        name: String,
        description: String,
    },
    Memo {
        coding: CodingId,
        code_name: String,
        memo: String,
    },
    ConfirmDelete {
        code: CodeId,
        name: String,
        codings: usize,
    },
    /// A memo on a passage where compared coders differ: the passage and
    /// who coded it open the memo, the note typed follows.
    DifferenceMemo {
        document: DocumentId,
        title: String,
        context: String,
        memo: String,
    },
}

/// What can be done to the current segment: the one picked out by its
/// stripe, in the Segments panel, or with Next segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentAction {
    Uncode,
    Recode,
    Resize,
    Memo,
}

impl SegmentAction {
    pub const ALL: [SegmentAction; 4] = [Self::Uncode, Self::Recode, Self::Resize, Self::Memo];
}

/// Something asked of the player, from its bar, a key or a menu.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MediaAction {
    TogglePlay,
    BackFiveSeconds,
    /// Step the speed up (1) or down (-1).
    StepSpeed(i32),
    SetSpeed(f64),
    Seek(f64),
    /// Play from the turn holding char `at` of `document`.
    PlayFrom {
        document: DocumentId,
        at: usize,
    },
    /// Play from the start of a coded segment.
    PlaySegment(CodingId),
}
