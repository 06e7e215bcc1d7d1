//! The frame: what the window draws each time egui asks, in order (title
//! and style, the menu bar, messages, status bar, search results or review
//! mode, the side panels, the central area, the windows and the one modal),
//! gathering the intents the panels return and carrying them out once the
//! frame is drawn.

use crate::gui::app::{PolyphonyApp, availability};
use crate::gui::intent::Intent;
use crate::gui::modal::Modal;
use crate::gui::{
    Theme, autocode, menu_bar, menu_items, player_bar, search_panel, settings, start_screen,
    status_bar, texts, themes,
};
use crate::workbench::Workbench;

impl eframe::App for PolyphonyApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.update_title(&ctx);
        self.apply_style(&ctx);
        self.poll_job(&ctx);
        self.poll_live(&ctx);
        self.sync_media();
        let mut intents: Vec<Intent> = self.shortcuts(&ctx).into_iter().collect();
        let last_code = self.last_code_name();
        let reviewing = self.themes.review.active && self.workbench.is_some();
        if !reviewing {
            self.show_menu_bar(ui, last_code.as_deref(), &mut intents);
        }
        if let Some(why) = self.server_lost() {
            egui::Panel::top("server-lost").show(ui, |ui| server_lost_banner(ui, why));
        }
        if self.error.is_some() || self.notice.is_some() {
            egui::Panel::top("messages").show(ui, |ui| self.messages(ui, &mut intents));
        }
        self.show_status_bar(ui, &mut intents);
        if reviewing {
            self.show_review_mode(ui, &mut intents);
        } else {
            self.show_search_results(ui, &mut intents);
            if self.workbench.is_some() {
                self.show_side_panels(ui, &mut intents);
                self.show_central_area(ui, &mut intents);
                self.show_windows(&ctx, &mut intents);
            } else {
                egui::CentralPanel::default().show(ui, |ui| {
                    intents.extend(start_screen::show(ui));
                });
            }
        }
        self.show_modal(&ctx, reviewing, last_code.as_deref(), &mut intents);
        self.carry_out(intents, &ctx);
        self.read_wanted_texts(&ctx);
    }

    /// Keeps the layout, zoom, theme, open project and chosen document in
    /// eframe's storage; the project itself is saved as it changes.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.ui_state());
    }
}

impl PolyphonyApp {
    fn show_menu_bar(
        &mut self,
        ui: &mut egui::Ui,
        last_code: Option<&str>,
        intents: &mut Vec<Intent>,
    ) {
        egui::Panel::top("menu-bar").show(ui, |ui| {
            let mut state = menu_bar::MenuState {
                available: availability(
                    self.workbench.as_ref(),
                    &self.transcript,
                    (self.selected_document.is_some(), self.media.is_ready()),
                    last_code,
                ),
                layout: &self.ui_state.layout,
                theme: self.ui_state.theme,
                search_text: &mut self.search.box_text,
                focus_search: std::mem::take(&mut self.search.focus_box),
            };
            intents.extend(menu_bar::show(ui, &mut state));
        });
    }

    /// The status bar, with the background job's progress above its line.
    fn show_status_bar(&self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let selected = self
                .transcript
                .selection()
                .map(|(_, start, end)| end - start);
            if let Some(job) = &self.job {
                ui.horizontal(|ui| {
                    if crate::gui::jobs::show(ui, job) {
                        intents.push(Intent::CancelJob);
                    }
                });
            }
            let location = self.workbench.as_ref().map(Workbench::location);
            let open =
                self.workbench
                    .as_ref()
                    .zip(location.as_deref())
                    .map(|(workbench, location)| status_bar::OpenProject {
                        project: workbench.project(),
                        path: location,
                        coder: &workbench.coder().name,
                        read_only: workbench.is_read_only(),
                        shared: workbench.is_shared().then(|| status_bar::Shared {
                            role: workbench.shared_role(),
                            others: self.others_present(),
                            lost: self.server_lost().is_some(),
                        }),
                    });
            intents.extend(status_bar::show(ui, open, selected));
        });
    }

    /// Review mode takes the whole window below the status bar.
    fn show_review_mode(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        egui::CentralPanel::default().show(ui, |ui| {
            intents.extend(themes::show_review(
                ui,
                &mut self.themes.review,
                workbench.project(),
            ));
        });
    }

    /// The Search panel below the transcript, once something was searched
    /// and while the panel is shown.
    fn show_search_results(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        if self.search.outcome.is_none() || !self.ui_state.layout.search {
            return;
        }
        let project = self
            .workbench
            .as_ref()
            .map(|workbench| (workbench.project(), self.revision));
        let shown = egui::Panel::bottom("search-results")
            .resizable(true)
            .default_size(self.ui_state.layout.search_height)
            .show(ui, |ui| {
                intents.extend(search_panel::show(
                    ui,
                    &mut self.search.form,
                    self.search.outcome.as_ref(),
                    project,
                    &mut self.filter_choices,
                ));
            });
        self.ui_state.layout.search_height = shown.response.rect.height();
    }

    /// The Documents panel on the left and the Codes, Memos and Segments
    /// panels on the right, those the layout shows.
    fn show_side_panels(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let project = workbench.project();
        let layout = &mut self.ui_state.layout;
        if layout.documents {
            resizable_panel(
                ui,
                egui::Panel::left("documents"),
                &mut layout.documents_width,
                |ui| {
                    intents.extend(self.documents.show(
                        ui,
                        project,
                        self.revision,
                        self.selected_document,
                    ));
                },
            );
        }
        if layout.codes {
            resizable_panel(
                ui,
                egui::Panel::right("codes"),
                &mut layout.codes_width,
                |ui| {
                    intents.extend(
                        self.codes
                            .show(ui, project, self.revision, self.selected_code),
                    );
                },
            );
        }
        if layout.memos {
            resizable_panel(
                ui,
                egui::Panel::right("memos"),
                &mut layout.memos_width,
                |ui| {
                    intents.extend(self.memos.show(
                        ui,
                        project,
                        self.revision,
                        (self.selected_document, self.selected_code),
                    ));
                },
            );
        }
        if layout.segments {
            resizable_panel(
                ui,
                egui::Panel::right("segments"),
                &mut layout.segments_width,
                |ui| {
                    intents.extend(self.segments.show(
                        ui,
                        project,
                        self.revision,
                        (self.selected_code, self.transcript.selection()),
                        &mut self.filter_choices,
                    ));
                },
            );
        }
    }

    /// The tabs above the central area and the view they chose: the
    /// transcript under its player bar, or a theme view.
    fn show_central_area(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let project = workbench.project();
        egui::CentralPanel::default().show(ui, |ui| {
            self.themes.tabs(ui, project, self.revision);
            if self.themes.view == themes::CentralView::Transcript {
                intents.extend(player_bar::show(ui, &self.media));
                self.transcript.window_open =
                    self.modal.as_ref().is_some_and(Modal::covers_transcript);
                intents.extend(self.transcript.show(
                    ui,
                    project,
                    self.selected_document,
                    self.revision,
                ));
            } else {
                intents.extend(self.themes.show_central(ui, project, self.revision));
            }
        });
    }

    /// The windows that may stay open beside the others: the theme
    /// windows, the Autocode window and the Participants window.
    fn show_windows(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let project = workbench.project();
        intents.extend(self.themes.windows(ctx, project, self.revision));
        if let Some(window) = &mut self.autocode {
            intents.extend(autocode::show(ctx, window, project));
        }
        if let Some(window) = &mut self.participants {
            intents.extend(window.show(ctx, project, self.revision));
        }
        if let Some(window) = &mut self.tables {
            intents.extend(window.show(ctx, project, self.revision));
        }
        if let Some(window) = &mut self.pseudonym_key {
            let finding = self
                .job
                .as_ref()
                .is_some_and(|job| job.kind == crate::gui::jobs::JobKind::FindCandidates);
            let key_file = self.key_file.as_ref().map(|opened| &opened.key);
            intents.extend(window.show(ctx, workbench, self.output, finding, key_file));
        }
        if let Some(steps) = &self.activity {
            intents.extend(crate::gui::activity::window(ctx, steps));
        }
    }

    /// The one modal window, if one is open.
    fn show_modal(
        &mut self,
        ctx: &egui::Context,
        reviewing: bool,
        last_code: Option<&str>,
        intents: &mut Vec<Intent>,
    ) {
        let Some(modal) = &mut self.modal else {
            return;
        };
        let available = availability(
            self.workbench.as_ref(),
            &self.transcript,
            (self.selected_document.is_some(), self.media.is_ready()),
            last_code,
        );
        let project = self
            .workbench
            .as_ref()
            .filter(|_| !reviewing)
            .map(Workbench::project);
        intents.extend(modal.show(ctx, project, &available));
    }

    /// Carries out what the panels asked for, in the order they asked.
    fn carry_out(&mut self, intents: Vec<Intent>, ctx: &egui::Context) {
        if intents.is_empty() {
            return;
        }
        for intent in intents {
            self.handle(intent, ctx);
        }
        // The frame was drawn before the intents changed anything.
        ctx.request_repaint();
    }

    /// The intent of the menu item whose keyboard shortcut was pressed, from
    /// the one list in `menu_items.rs`. While a text field has the keyboard
    /// only the palette and zoom keys count (the field has its own undo, and
    /// letters typed there are words, not commands); the single keys C, I and
    /// L only count when no modal window stops them.
    fn shortcuts(&self, ctx: &egui::Context) -> Option<Intent> {
        // Review mode has no coding controls: only text zoom works by key.
        let reviewing = self.themes.review.active;
        let typing = ctx.egui_wants_keyboard_input() || reviewing;
        let single_keys = !self.modal.as_ref().is_some_and(Modal::stops_single_keys);
        let last_code = self.last_code_name();
        let available = self.availability(last_code.as_deref());
        menu_items::pressed(ctx, &available, typing, single_keys)
            .filter(|item| !reviewing || *item != menu_items::MenuItem::CommandPalette)
            .filter(|item| item.enabled(&available))
            .map(menu_items::MenuItem::intent)
    }

    /// Gives egui the chosen theme and text zoom when they change.
    fn apply_style(&mut self, ctx: &egui::Context) {
        let wanted = (self.ui_state.theme, self.ui_state.zoom);
        if self.applied_style == Some(wanted) {
            return;
        }
        // Zoom keys are handled by the list of menu items, within 80–200%.
        ctx.options_mut(|options| options.zoom_with_keyboard = false);
        let (theme, zoom) = wanted;
        let egui_theme = if theme == Theme::Light {
            egui::Theme::Light
        } else {
            egui::Theme::Dark
        };
        ctx.set_visuals_of(egui_theme, theme.visuals());
        ctx.set_theme(egui_theme);
        ctx.set_zoom_factor(zoom);
        self.applied_style = Some(wanted);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if self.shown_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }

    fn messages(&self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        if let Some(error) = &self.error {
            let color = ui.visuals().error_fg_color;
            egui::Frame::new()
                .fill(color.gamma_multiply(0.12))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.colored_label(color, error);
                    if ui.button("Dismiss").clicked() {
                        intents.push(Intent::DismissError);
                    }
                });
        }
        if let Some(notice) = &self.notice {
            egui::Frame::new()
                .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(notice);
                    if ui.button("OK").clicked() {
                        intents.push(Intent::DismissNotice);
                    }
                });
        }
    }

    /// Reads the texts panels asked for while drawing this frame, and draws
    /// again to show them.
    fn read_wanted_texts(&mut self, ctx: &egui::Context) {
        let wanted = texts::take_wanted(ctx);
        if wanted.is_empty() {
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.load_bodies(wanted) {
            Ok(()) => ctx.request_repaint(),
            Err(error) => self.error = Some(format!("Could not read a transcript: {error}")),
        }
    }
}

/// Shows a resizable side panel at the width the user left it, and notes the
/// width it has now so the layout can be kept between runs.
fn resizable_panel(
    ui: &mut egui::Ui,
    panel: egui::Panel,
    width: &mut f32,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let shown = panel
        .resizable(true)
        .default_size(*width)
        .show(ui, add_contents);
    *width = shown.response.rect.width();
}

/// Says the server is lost, what still works, and that it reconnects.
fn server_lost_banner(ui: &mut egui::Ui, why: &str) {
    let color = ui.visuals().warn_fg_color;
    egui::Frame::new()
        .fill(color.gamma_multiply(0.15))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.colored_label(
                color,
                format!(
                    "Server lost: {why}. What you see stays readable, but changes are refused until the server is back; Polyphony reconnects by itself."
                ),
            );
        });
}
