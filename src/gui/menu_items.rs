//! The one list of what a user can ask the window to do: each entry has its
//! menu, its words and its keyboard shortcut. The menus, the shortcut handler
//! and the command palette all read this list, so an action added here is in
//! all three, and a menu always shows the key that does the same thing.

use crate::gui::intent::Dialog;
use crate::gui::intent::Intent;
use crate::gui::intent::PickerPurpose;
use crate::gui::intent::{MediaAction, SegmentAction};
use crate::gui::path_purpose::PathPurpose;
use crate::gui::settings::{Layout, Panel, Theme};
use egui::{Key, KeyboardShortcut, Modifiers};

/// The menu an action is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Code,
    View,
    Play,
}

/// Something the user can ask for from a menu, a key or the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    File(PathPurpose),
    Quit,
    Undo,
    Redo,
    Search,
    RebuildIndex,
    Participants,
    PseudonymKey,
    StudyTables,
    CompareCoders,
    CodeSelection,
    InVivo,
    ApplyLastCode,
    NewCode,
    NextSegment,
    PreviousSegment,
    Segment(SegmentAction),
    WhoIsCoding,
    TogglePanel(Panel),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Theme(Theme),
    ReviewMode,
    CommandPalette,
    PlayPause,
    BackFiveSeconds,
    Faster,
    Slower,
}

/// What decides whether an action can be used now, and the words of those
/// whose words change (Undo, Redo, Apply last code).
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts about the window read by the menus, not states of one thing"
)]
pub struct Availability<'a> {
    pub project: bool,
    pub writable: bool,
    pub selection: bool,
    /// Whether a transcript is open.
    pub document: bool,
    /// Whether a segment is picked out.
    pub segment: bool,
    /// Whether the shown document's recording is open in the player.
    pub recording: bool,
    pub last_code: Option<&'a str>,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
}

impl MenuItem {
    /// Every action, in menu order.
    #[must_use]
    pub fn all() -> Vec<MenuItem> {
        let mut all: Vec<MenuItem> = PathPurpose::ALL.into_iter().map(Self::File).collect();
        all.extend([
            Self::Quit,
            Self::Undo,
            Self::Redo,
            Self::Search,
            Self::RebuildIndex,
            Self::Participants,
            Self::PseudonymKey,
            Self::CodeSelection,
            Self::InVivo,
            Self::ApplyLastCode,
            Self::NewCode,
            Self::NextSegment,
            Self::PreviousSegment,
        ]);
        all.extend(SegmentAction::ALL.into_iter().map(Self::Segment));
        all.push(Self::WhoIsCoding);
        all.extend(Panel::ALL.into_iter().map(Self::TogglePanel));
        all.extend([Self::ZoomIn, Self::ZoomOut, Self::ZoomReset]);
        all.extend(Theme::ALL.into_iter().map(Self::Theme));
        all.push(Self::StudyTables);
        all.push(Self::CompareCoders);
        all.push(Self::ReviewMode);
        all.push(Self::CommandPalette);
        all.extend([
            Self::PlayPause,
            Self::BackFiveSeconds,
            Self::Faster,
            Self::Slower,
        ]);
        all
    }

    #[must_use]
    pub fn menu(self) -> Menu {
        match self {
            Self::File(_) | Self::Quit => Menu::File,
            Self::Undo
            | Self::Redo
            | Self::Search
            | Self::RebuildIndex
            | Self::Participants
            | Self::PseudonymKey => Menu::Edit,
            Self::CodeSelection
            | Self::InVivo
            | Self::ApplyLastCode
            | Self::NewCode
            | Self::NextSegment
            | Self::PreviousSegment
            | Self::Segment(_)
            | Self::WhoIsCoding => Menu::Code,
            Self::TogglePanel(_)
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::Theme(_)
            | Self::StudyTables
            | Self::CompareCoders
            | Self::ReviewMode
            | Self::CommandPalette => Menu::View,
            Self::PlayPause | Self::BackFiveSeconds | Self::Faster | Self::Slower => Menu::Play,
        }
    }

    /// The action's words, the same wherever it is listed.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::File(purpose) => purpose.menu_label(),
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Search => "Search transcripts",
            Self::RebuildIndex => "Rebuild search index",
            Self::Participants => "Participants…",
            Self::PseudonymKey => "Pseudonym key…",
            Self::StudyTables => "Study tables and agreement…",
            Self::CompareCoders => "Compare coders in the transcript",
            Self::CodeSelection => "Code selection…",
            Self::InVivo => "Code in vivo",
            Self::ApplyLastCode => "Apply last code",
            Self::NewCode => "New code…",
            Self::NextSegment => "Next segment",
            Self::PreviousSegment => "Previous segment",
            Self::Segment(SegmentAction::Uncode) => "Uncode segment",
            Self::Segment(SegmentAction::Recode) => "Recode segment…",
            Self::Segment(SegmentAction::Resize) => "Resize segment to selection",
            Self::Segment(SegmentAction::Memo) => "Segment memo…",
            Self::WhoIsCoding => "Who is coding…",
            Self::TogglePanel(panel) => panel.label(),
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Actual size",
            Self::Theme(theme) => theme.label(),
            Self::ReviewMode => "Co-author review mode",
            Self::CommandPalette => "Command palette…",
            Self::PlayPause => "Play or pause the recording",
            Self::BackFiveSeconds => "Back 5 seconds",
            Self::Faster => "Play faster",
            Self::Slower => "Play slower",
        }
    }

    /// The words as a menu shows them now: Undo and Redo name the step,
    /// Apply last code names the code.
    #[must_use]
    pub fn current_label(self, state: &Availability<'_>) -> String {
        let named = |name: Option<&str>| name.map(|name| format!("{}: {name}", self.label()));
        match self {
            Self::Undo => named(state.undo),
            Self::Redo => named(state.redo),
            Self::ApplyLastCode => named(state.last_code),
            _ => None,
        }
        .unwrap_or_else(|| self.label().to_owned())
    }

    /// Longer words for the palette, where an action stands outside its menu.
    #[must_use]
    pub fn palette_label(self, state: &Availability<'_>) -> String {
        match self {
            Self::TogglePanel(panel) => format!("Show or hide the {} panel", panel.label()),
            Self::Theme(theme) => format!("Theme: {}", theme.label()),
            _ => self.current_label(state),
        }
    }

    /// The keys that do this action; the first is the one menus show.
    #[must_use]
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        let command = Modifiers::COMMAND;
        let command_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let key = |modifiers, key| KeyboardShortcut::new(modifiers, key);
        match self {
            Self::File(PathPurpose::OpenProject) => vec![key(command, Key::O)],
            Self::File(PathPurpose::NewProject) => vec![key(command, Key::N)],
            Self::Quit => vec![key(command, Key::Q)],
            Self::Undo => vec![key(command, Key::Z)],
            Self::Redo => vec![key(command_shift, Key::Z), key(command, Key::Y)],
            Self::Search => vec![key(command, Key::F)],
            Self::CodeSelection => vec![key(Modifiers::NONE, Key::C)],
            Self::InVivo => vec![key(Modifiers::NONE, Key::I)],
            Self::ApplyLastCode => vec![key(Modifiers::NONE, Key::L)],
            Self::NextSegment => vec![key(Modifiers::NONE, Key::CloseBracket)],
            Self::PreviousSegment => vec![key(Modifiers::NONE, Key::OpenBracket)],
            Self::Segment(SegmentAction::Uncode) => vec![key(Modifiers::NONE, Key::U)],
            Self::Segment(SegmentAction::Recode) => vec![key(Modifiers::NONE, Key::R)],
            Self::Segment(SegmentAction::Resize) => vec![key(Modifiers::NONE, Key::E)],
            Self::Segment(SegmentAction::Memo) => vec![key(Modifiers::NONE, Key::M)],
            Self::ZoomIn => vec![key(command, Key::Equals), key(command, Key::Plus)],
            Self::ZoomOut => vec![key(command, Key::Minus)],
            Self::ZoomReset => vec![key(command, Key::Num0)],
            Self::CommandPalette => vec![key(command_shift, Key::P)],
            // Ctrl with each, so that typing in a field and the transcript's
            // single keys (C, L, I, U, R, E, M, [ and ]) are left alone.
            Self::PlayPause => vec![key(command, Key::Space)],
            Self::BackFiveSeconds => vec![key(command, Key::ArrowLeft)],
            Self::Faster => vec![key(command_shift, Key::Period)],
            Self::Slower => vec![key(command_shift, Key::Comma)],
            _ => Vec::new(),
        }
    }

    /// The shortcut as menus write it, such as "Ctrl+Shift+Z".
    #[must_use]
    pub fn shortcut_text(self) -> Option<String> {
        let shortcut = self.shortcuts().into_iter().next()?;
        let mut text = String::new();
        if shortcut.modifiers.command || shortcut.modifiers.ctrl {
            text.push_str(if cfg!(target_os = "macos") {
                "Cmd+"
            } else {
                "Ctrl+"
            });
        }
        if shortcut.modifiers.shift {
            text.push_str("Shift+");
        }
        text.push_str(shortcut.logical_key.symbol_or_name());
        Some(text)
    }

    /// Whether the action works while a text field has the keyboard (letters
    /// and Ctrl+Z belong to the field then).
    fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::CommandPalette | Self::ZoomIn | Self::ZoomOut | Self::ZoomReset
        )
    }

    /// Whether the action can be used now.
    #[must_use]
    pub fn enabled(self, state: &Availability<'_>) -> bool {
        match self {
            Self::File(PathPurpose::LinkRecording) => state.writable && state.document,
            Self::File(purpose) => state.writable || !purpose.needs_project(),
            Self::Undo => state.writable && state.undo.is_some(),
            Self::Redo => state.writable && state.redo.is_some(),
            Self::CodeSelection | Self::InVivo => state.writable && state.selection,
            Self::ApplyLastCode => state.writable && state.selection && state.last_code.is_some(),
            Self::NextSegment | Self::PreviousSegment | Self::CompareCoders => state.document,
            Self::Segment(SegmentAction::Resize) => {
                state.writable && state.segment && state.selection
            }
            Self::Segment(_) => state.writable && state.segment,
            Self::Search | Self::StudyTables => state.project,
            Self::NewCode
            | Self::WhoIsCoding
            | Self::RebuildIndex
            | Self::ReviewMode
            | Self::Participants
            | Self::PseudonymKey => state.writable,
            Self::Quit
            | Self::TogglePanel(_)
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::Theme(_)
            | Self::CommandPalette => true,
            Self::PlayPause | Self::BackFiveSeconds | Self::Faster | Self::Slower => {
                state.recording
            }
        }
    }

    /// What the app does for this action.
    #[must_use]
    pub fn intent(self) -> Intent {
        match self {
            Self::File(purpose) => Intent::ChoosePath(purpose),
            Self::Quit => Intent::Quit,
            Self::Undo => Intent::Undo,
            Self::Redo => Intent::Redo,
            Self::Search => Intent::FocusSearch,
            Self::RebuildIndex => Intent::RebuildIndex,
            Self::Participants => Intent::OpenParticipants,
            Self::PseudonymKey => Intent::OpenPseudonymKey,
            Self::StudyTables => Intent::OpenTables,
            Self::CompareCoders => Intent::CompareCoders(true),
            Self::CodeSelection => Intent::OpenPicker(PickerPurpose::ApplyToSelection),
            Self::InVivo => Intent::InVivo,
            Self::ApplyLastCode => Intent::ApplyLastCode,
            Self::NewCode => Intent::OpenDialog(Dialog::NewCode {
                parent: None,
                name: String::new(),
            }),
            Self::NextSegment => Intent::StepSegment(1),
            Self::PreviousSegment => Intent::StepSegment(-1),
            Self::Segment(segment) => Intent::OnCurrentSegment(segment),
            Self::WhoIsCoding => Intent::AskCoder,
            Self::TogglePanel(panel) => Intent::TogglePanel(panel),
            Self::ZoomIn => Intent::Zoom(1),
            Self::ZoomOut => Intent::Zoom(-1),
            Self::ZoomReset => Intent::Zoom(0),
            Self::Theme(theme) => Intent::SetTheme(theme),
            Self::ReviewMode => Intent::ReviewMode(true),
            Self::CommandPalette => Intent::OpenPalette,
            Self::PlayPause => Intent::Media(MediaAction::TogglePlay),
            Self::BackFiveSeconds => Intent::Media(MediaAction::BackFiveSeconds),
            Self::Faster => Intent::Media(MediaAction::StepSpeed(1)),
            Self::Slower => Intent::Media(MediaAction::StepSpeed(-1)),
        }
    }
}

/// The action whose shortcut was pressed this frame, if any. `typing` says a
/// text field has the keyboard; `single_keys` whether C, I and L may code.
pub fn pressed(
    ctx: &egui::Context,
    state: &Availability<'_>,
    typing: bool,
    single_keys: bool,
) -> Option<MenuItem> {
    let mut keyed: Vec<(MenuItem, KeyboardShortcut)> = MenuItem::all()
        .into_iter()
        .filter(|action| !typing || action.works_while_typing())
        .filter(|action| {
            state.project || !matches!(action.menu(), Menu::Edit | Menu::Code | Menu::Play)
        })
        .flat_map(|action| {
            action
                .shortcuts()
                .into_iter()
                .map(move |shortcut| (action, shortcut))
        })
        .filter(|(_, shortcut)| single_keys || !shortcut.modifiers.is_none())
        .collect();
    // Most modifiers first: consuming Ctrl+Z would also take Ctrl+Shift+Z.
    keyed.sort_by_key(|(_, shortcut)| {
        std::cmp::Reverse(
            u8::from(shortcut.modifiers.shift)
                + u8::from(shortcut.modifiers.alt)
                + u8::from(shortcut.modifiers.command || shortcut.modifiers.ctrl),
        )
    });
    ctx.input_mut(|input| {
        keyed
            .into_iter()
            .find(|(_, shortcut)| input.consume_shortcut(shortcut))
            .map(|(action, _)| action)
    })
}

/// Whether `layout` shows the panel a toggle action is about (for the View
/// menu's checkboxes).
#[must_use]
pub fn is_checked(action: MenuItem, layout: &Layout, theme: Theme) -> Option<bool> {
    match action {
        MenuItem::TogglePanel(panel) => Some(layout.shown(panel)),
        MenuItem::Theme(chosen) => Some(chosen == theme),
        _ => None,
    }
}
