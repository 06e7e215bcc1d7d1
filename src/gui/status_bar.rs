//! The status bar: which project is open and where, who is coding, how much
//! it holds, how much transcript text is selected, and whether it can be
//! changed. Clicking the coder opens the small "Who is coding?" window, which
//! is also shown once when a project is opened under only the default name.

use crate::gui::intent::Intent;
use crate::model::Project;
use std::path::Path;

/// What the status bar says about the open project.
pub struct OpenProject<'a> {
    pub project: &'a Project,
    /// The project file.
    pub path: &'a Path,
    /// Who is coding.
    pub coder: &'a str,
    pub read_only: bool,
    /// For a shared project: the role, who else is here, the server's state.
    pub shared: Option<Shared<'a>>,
}

/// What the status bar says of a shared project.
pub struct Shared<'a> {
    pub role: Option<crate::store::shared::Role>,
    /// The coders of the other windows open on it.
    pub others: &'a [String],
    /// Whether the server is lost now.
    pub lost: bool,
}

/// Shows one line about the open project and the `selected` chars, or says
/// none is open. Returns what the user chose.
pub fn show(
    ui: &mut egui::Ui,
    open: Option<OpenProject<'_>>,
    selected: Option<usize>,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal(|ui| {
        let Some(open) = open else {
            ui.weak("No project open");
            return;
        };
        let project = open.project;
        ui.label(open.path.display().to_string());
        ui.separator();
        let coder = ui
            .add(egui::Button::new(format!("Coder: {}", open.coder)).frame(false))
            .on_hover_text("Who is coding: click to change");
        if coder.clicked() {
            intents.push(Intent::AskCoder);
        }
        ui.separator();
        ui.label(format!(
            "{} {} · {} {}",
            project.documents.len(),
            if project.documents.len() == 1 {
                "document"
            } else {
                "documents"
            },
            project.codings.len(),
            if project.codings.len() == 1 {
                "coding"
            } else {
                "codings"
            },
        ));
        if let Some(chars) = selected {
            ui.separator();
            ui.label(if chars == 1 {
                "Selected 1 character".to_owned()
            } else {
                format!("Selected {chars} characters")
            });
        }
        if open.read_only {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, "read-only");
        }
        if let Some(shared) = &open.shared {
            ui.separator();
            show_shared(ui, shared);
        }
        ui.separator();
        if ui
            .add(egui::Button::new("Activity").frame(false))
            .on_hover_text("Who did what, and when")
            .clicked()
        {
            intents.push(Intent::ShowActivity);
        }
    });
    intents
}

/// The role, the server's state and who else is working in the project.
fn show_shared(ui: &mut egui::Ui, shared: &Shared<'_>) {
    match shared.role {
        Some(role) => ui.label(format!("Shared · {role}")),
        None => ui.colored_label(ui.visuals().warn_fg_color, "Shared · not a member"),
    };
    ui.separator();
    if shared.lost {
        ui.colored_label(ui.visuals().warn_fg_color, "Server lost · reconnecting");
    } else if shared.others.is_empty() {
        ui.weak("No one else is here");
    } else {
        ui.label(format!("Also here: {}", shared.others.join(", ")));
    }
}

/// The "Who is coding?" window: a name, prefilled, and a button to start
/// coding as that person.
pub fn coder_window(ctx: &egui::Context, name: &mut String) -> Vec<Intent> {
    let mut intents = Vec::new();
    let mut open = true;
    egui::Window::new("Who is coding?")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label("Codings and memos are signed with this name.");
            let label = ui.label("Coder name");
            let field = ui
                .add(egui::TextEdit::singleline(name).desired_width(240.0))
                .labelled_by(label.id);
            let entered =
                field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            let ready = !name.trim().is_empty();
            let start = ui.add_enabled(ready, egui::Button::new("Start coding"));
            if ready && (entered || start.clicked()) {
                intents.push(Intent::SetCoder(name.trim().to_owned()));
            }
        });
    if !open {
        intents.push(Intent::CloseCoderWindow);
    }
    intents
}
