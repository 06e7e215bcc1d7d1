//! What the window remembers between runs, kept in eframe's storage rather
//! than in the project: which panels are shown and how wide they are, the text
//! zoom, the theme, the project that was open and the document chosen in it,
//! and which projects have already been asked who is coding. Project data never
//! lives here; a missing or older record falls back to the defaults field by
//! field (`#[serde(default)]`).

use crate::model::DocumentId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The key of the window's state in eframe's storage.
pub const STORAGE_KEY: &str = "polyphony-ui";

/// The smallest and largest text zoom, and one step between them.
pub const ZOOM_MIN: f32 = 0.8;
pub const ZOOM_MAX: f32 = 2.0;
pub const ZOOM_STEP: f32 = 0.1;

/// A panel that can be shown or hidden from the View menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Panel {
    Documents,
    Codes,
    Segments,
    Search,
    Memos,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Documents,
        Panel::Codes,
        Panel::Segments,
        Panel::Search,
        Panel::Memos,
    ];

    /// The panel's name in the View menu.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Panel::Documents => "Documents",
            Panel::Codes => "Codes",
            Panel::Segments => "Segments",
            Panel::Search => "Search results",
            Panel::Memos => "Memos",
        }
    }
}

/// A colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::HighContrast];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::HighContrast => "High contrast",
        }
    }

    /// The visuals of this theme. High contrast is black with white text,
    /// bright yellow selection and focus, and thicker strokes.
    #[must_use]
    pub fn visuals(self) -> egui::Visuals {
        match self {
            Theme::Light => egui::Visuals::light(),
            Theme::Dark => egui::Visuals::dark(),
            Theme::HighContrast => high_contrast(),
        }
    }
}

fn high_contrast() -> egui::Visuals {
    use egui::{Color32, Stroke};
    let yellow = Color32::from_rgb(255, 230, 0);
    let mut visuals = egui::Visuals::dark();
    visuals.override_text_color = Some(Color32::WHITE);
    visuals.panel_fill = Color32::BLACK;
    visuals.window_fill = Color32::BLACK;
    visuals.extreme_bg_color = Color32::BLACK;
    visuals.faint_bg_color = Color32::from_gray(20);
    visuals.window_stroke = Stroke::new(2.0, Color32::WHITE);
    visuals.selection.bg_fill = yellow;
    visuals.selection.stroke = Stroke::new(2.0, Color32::BLACK);
    visuals.hyperlink_color = yellow;
    let widgets = &mut visuals.widgets;
    for state in [
        &mut widgets.noninteractive,
        &mut widgets.inactive,
        &mut widgets.hovered,
        &mut widgets.active,
        &mut widgets.open,
    ] {
        state.bg_stroke = Stroke::new(2.0, Color32::WHITE);
        state.fg_stroke = Stroke::new(2.0, Color32::WHITE);
        state.bg_fill = Color32::BLACK;
        state.weak_bg_fill = Color32::BLACK;
    }
    widgets.hovered.bg_stroke = Stroke::new(3.0, yellow);
    widgets.active.bg_stroke = Stroke::new(3.0, yellow);
    widgets.open.bg_stroke = Stroke::new(3.0, yellow);
    visuals
}

/// Which panels are shown, and their sizes in points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one switch per panel, each shown or hidden on its own"
)]
pub struct Layout {
    pub documents: bool,
    pub codes: bool,
    pub segments: bool,
    pub search: bool,
    pub memos: bool,
    pub documents_width: f32,
    pub codes_width: f32,
    pub segments_width: f32,
    pub search_height: f32,
    pub memos_width: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            documents: true,
            codes: true,
            segments: true,
            search: true,
            memos: false,
            documents_width: 240.0,
            codes_width: 260.0,
            segments_width: 300.0,
            search_height: 200.0,
            memos_width: 300.0,
        }
    }
}

impl Layout {
    /// Whether `panel` is shown.
    #[must_use]
    pub fn shown(&self, panel: Panel) -> bool {
        match panel {
            Panel::Documents => self.documents,
            Panel::Codes => self.codes,
            Panel::Segments => self.segments,
            Panel::Search => self.search,
            Panel::Memos => self.memos,
        }
    }

    /// Shows or hides `panel`.
    pub fn set_shown(&mut self, panel: Panel, shown: bool) {
        let flag = match panel {
            Panel::Documents => &mut self.documents,
            Panel::Codes => &mut self.codes,
            Panel::Segments => &mut self.segments,
            Panel::Search => &mut self.search,
            Panel::Memos => &mut self.memos,
        };
        *flag = shown;
    }
}

/// Everything the window keeps between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub layout: Layout,
    /// Text zoom, `ZOOM_MIN..=ZOOM_MAX`.
    pub zoom: f32,
    pub theme: Theme,
    /// The project that was open when the window closed.
    pub project: Option<PathBuf>,
    /// The document chosen in it.
    pub document: Option<DocumentId>,
    /// Projects whose coder has been asked already.
    pub coder_asked: BTreeSet<PathBuf>,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            layout: Layout::default(),
            zoom: 1.0,
            theme: Theme::default(),
            project: None,
            document: None,
            coder_asked: BTreeSet::new(),
        }
    }
}

impl UiState {
    /// The zoom after stepping by `steps` (negative shrinks), kept in range and
    /// rounded to the step so that repeated steps land on whole percents.
    pub fn step_zoom(&mut self, steps: i32) {
        let zoom = self.zoom + ZOOM_STEP * steps as f32;
        self.zoom = ((zoom * 10.0).round() / 10.0).clamp(ZOOM_MIN, ZOOM_MAX);
    }

    /// Makes a state read from storage safe to use: a zoom out of range (or not
    /// a number) goes back in, and sizes too small to see are reset.
    #[must_use]
    pub fn sanitised(mut self) -> Self {
        self.zoom = if self.zoom.is_finite() {
            self.zoom.clamp(ZOOM_MIN, ZOOM_MAX)
        } else {
            1.0
        };
        let defaults = Layout::default();
        let layout = &mut self.layout;
        for (size, default) in [
            (&mut layout.documents_width, defaults.documents_width),
            (&mut layout.codes_width, defaults.codes_width),
            (&mut layout.segments_width, defaults.segments_width),
            (&mut layout.search_height, defaults.search_height),
            (&mut layout.memos_width, defaults.memos_width),
        ] {
            if !size.is_finite() || *size < 40.0 {
                *size = default;
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_round_trips_and_old_records_take_defaults() {
        let mut state = UiState::default();
        state.layout.set_shown(Panel::Codes, false);
        state.layout.documents_width = 333.0;
        state.zoom = 1.5;
        state.theme = Theme::HighContrast;
        state.project = Some(PathBuf::from("/tmp/a.polyphony"));
        state.document = Some(DocumentId::new());
        let json = serde_json::to_string(&state).unwrap();
        let back: UiState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, state);
        let old: UiState = serde_json::from_str(r#"{"zoom": 9.0}"#).unwrap();
        let old = old.sanitised();
        assert!((old.zoom - ZOOM_MAX).abs() < f32::EPSILON);
        assert!(old.layout.documents);
    }

    #[test]
    fn zoom_steps_stay_in_range() {
        let mut state = UiState::default();
        for _ in 0..20 {
            state.step_zoom(1);
        }
        assert!((state.zoom - ZOOM_MAX).abs() < f32::EPSILON);
        for _ in 0..20 {
            state.step_zoom(-1);
        }
        assert!((state.zoom - ZOOM_MIN).abs() < f32::EPSILON);
    }
}
