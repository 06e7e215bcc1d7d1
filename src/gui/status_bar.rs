//! The status bar: which project is open and where, who is coding, how much
//! it holds, how much transcript text is selected, and whether it can be
//! changed.

use crate::workbench::Workbench;

/// Shows one line about the open project and the `selected` chars, or says
/// none is open.
pub fn show(ui: &mut egui::Ui, workbench: Option<&Workbench>, selected: Option<usize>) {
    ui.horizontal(|ui| {
        let Some(workbench) = workbench else {
            ui.weak("No project open");
            return;
        };
        let project = workbench.project();
        ui.label(workbench.path().display().to_string());
        ui.separator();
        ui.label(format!("Coder: {}", workbench.coder().name));
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
        if workbench.is_read_only() {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, "read-only");
        }
    });
}
