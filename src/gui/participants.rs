//! The Participants window: who speaks in which documents, and the gestures that
//! put it right when a transcript's labels said too little or too much. Rename a
//! participant, merge the ones ticked into one, split one into a participant per
//! document, and choose whether interviewer role labels ("Interviewer", "I") are one
//! person across documents.
//!
//! The window builds each change with the pure builders of `edit::participants` and
//! hands it to the app as one command, so each is one undo step.

use crate::edit::participants;
use crate::gui::intent::Intent;
use crate::gui::rows::row_button;
use crate::model::{ParticipantId, Project};
use std::collections::{BTreeMap, BTreeSet};

/// What the window remembers between frames.
#[derive(Default)]
pub struct ParticipantsWindow {
    /// The participants ticked for merging, in the order they were ticked; the first
    /// is the one the others merge into unless the user picks another.
    ticked: Vec<ParticipantId>,
    /// The one the ticked ones merge into.
    merge_into: Option<ParticipantId>,
    /// The participant being renamed, with the name typed so far.
    renaming: Option<(ParticipantId, String)>,
    /// Whether the rename field is to take the keyboard next frame.
    focus_rename: bool,
    /// A filter on names.
    filter: String,
    /// Who speaks where, worked out once per project revision.
    rows: Option<(u64, Vec<ParticipantRow>)>,
}

/// One participant as the window lists it.
#[derive(Debug, Clone)]
struct ParticipantRow {
    id: ParticipantId,
    name: String,
    is_interviewer: bool,
    documents: Vec<String>,
    attributes: String,
}

/// The height of a row, fixed so only the rows in view are drawn.
const ROW_HEIGHT: f32 = 26.0;

impl ParticipantsWindow {
    /// Shows the window; returns what the user asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, revision: u64) -> Vec<Intent> {
        let mut intents = Vec::new();
        let mut open = true;
        self.forget_the_gone(project);
        let rows = self.rows_for(project, revision).to_vec();
        egui::Window::new("Participants")
            .open(&mut open)
            .default_width(620.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                Self::shared_interviewers(ui, project, &mut intents);
                ui.separator();
                self.merge_bar(ui, project, &mut intents);
                ui.horizontal(|ui| {
                    let label = ui.label("Filter");
                    ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(200.0))
                        .labelled_by(label.id);
                });
                let filter = self.filter.to_lowercase();
                let shown: Vec<&ParticipantRow> = rows
                    .iter()
                    .filter(|row| filter.is_empty() || row.name.to_lowercase().contains(&filter))
                    .collect();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
                        for row in &shown[range] {
                            self.row(ui, project, row, &mut intents);
                        }
                    });
            });
        if !open {
            intents.push(Intent::CloseParticipants);
        }
        intents
    }

    fn rows_for(&mut self, project: &Project, revision: u64) -> &[ParticipantRow] {
        if self.rows.as_ref().is_none_or(|(seen, _)| *seen != revision) {
            self.rows = Some((revision, participant_rows(project)));
        }
        self.rows.as_ref().map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// Drops ticks and edits of participants that are gone (merged, undone).
    fn forget_the_gone(&mut self, project: &Project) {
        self.ticked
            .retain(|id| project.participants.contains_key(id));
        if self.merge_into.is_some_and(|id| !self.ticked.contains(&id)) {
            self.merge_into = None;
        }
        if self
            .renaming
            .as_ref()
            .is_some_and(|(id, _)| !project.participants.contains_key(id))
        {
            self.renaming = None;
        }
    }

    fn shared_interviewers(ui: &mut egui::Ui, project: &Project, intents: &mut Vec<Intent>) {
        let mut shared = project.interviewers_shared();
        let response = ui.checkbox(
            &mut shared,
            "Interviewer role labels (\"Interviewer\", \"I\", \"Moderator\") are one person in every document",
        );
        if response.changed() {
            intents.push(Intent::apply(participants::set_interviewers_shared(
                project, shared,
            )));
        }
        ui.weak(
            "Other role labels (\"Participant\", \"R\", \"Speaker 1\") are always a person of their own document.",
        );
    }

    fn merge_bar(&mut self, ui: &mut egui::Ui, project: &Project, intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            let ticked = self.ticked.clone();
            if ticked.len() < 2 {
                ui.label("Tick two or more participants to merge them into one person.");
                return;
            }
            let name = |id: &ParticipantId| {
                project
                    .participants
                    .get(id)
                    .map_or_else(String::new, |participant| participant.name.clone())
            };
            let into = *self.merge_into.get_or_insert(ticked[0]);
            let label = ui.label("Merge the ticked participants into");
            egui::ComboBox::from_id_salt("merge-into")
                .selected_text(name(&into))
                .show_ui(ui, |ui| {
                    for id in &ticked {
                        ui.selectable_value(&mut self.merge_into, Some(*id), name(id));
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.button("Merge").clicked() {
                let others: Vec<ParticipantId> =
                    ticked.iter().copied().filter(|id| *id != into).collect();
                intents.push(Intent::apply(participants::merge_participants(
                    project, into, &others,
                )));
                self.ticked.clear();
            }
        });
    }

    fn row(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        row: &ParticipantRow,
        intents: &mut Vec<Intent>,
    ) {
        ui.horizontal(|ui| {
            ui.set_height(ROW_HEIGHT);
            let mut ticked = self.ticked.contains(&row.id);
            let tick_label = format!("Tick {} to merge", row.name);
            let tick = ui.checkbox(&mut ticked, "").on_hover_text(&tick_label);
            tick.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::CheckBox, true, ticked, &tick_label)
            });
            if tick.changed() {
                if ticked {
                    self.ticked.push(row.id);
                } else {
                    self.ticked.retain(|id| *id != row.id);
                }
            }
            match &mut self.renaming {
                Some((id, name)) if *id == row.id => {
                    let label = ui.label("New name");
                    let field = ui
                        .add(egui::TextEdit::singleline(name).desired_width(180.0))
                        .labelled_by(label.id);
                    if std::mem::take(&mut self.focus_rename) {
                        field.request_focus();
                    }
                    let entered =
                        field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                    if ui.button("Save name").clicked() || entered {
                        intents.push(Intent::apply(participants::rename_participant(
                            project, row.id, name,
                        )));
                        self.renaming = None;
                    } else if ui.button("Cancel").clicked() {
                        self.renaming = None;
                    }
                }
                _ => {
                    let role = if row.is_interviewer {
                        " (interviewer)"
                    } else {
                        ""
                    };
                    ui.strong(format!("{}{role}", row.name));
                    if row_button(ui, "Rename…", &format!("Rename {}", row.name)).clicked() {
                        self.renaming = Some((row.id, row.name.clone()));
                        self.focus_rename = true;
                    }
                    if row.documents.len() > 1
                        && row_button(
                            ui,
                            "Split by document",
                            &format!(
                                "Make {} one participant in each of their {} documents",
                                row.name,
                                row.documents.len()
                            ),
                        )
                        .clicked()
                    {
                        intents.push(Intent::apply(participants::split_participant(
                            project, row.id,
                        )));
                    }
                }
            }
            ui.weak(documents_line(&row.documents))
                .on_hover_text(row.documents.join("\n"));
            if !row.attributes.is_empty() {
                ui.weak(&row.attributes);
            }
        });
    }
}

/// "in int-01, int-02 and 3 more".
fn documents_line(documents: &[String]) -> String {
    match documents {
        [] => "speaks in no document".to_owned(),
        [one] => format!("in {one}"),
        [one, two] => format!("in {one} and {two}"),
        [one, two, rest @ ..] => format!("in {one}, {two} and {} more", rest.len()),
    }
}

/// Every participant, by name, with the documents they speak in.
fn participant_rows(project: &Project) -> Vec<ParticipantRow> {
    let mut documents: BTreeMap<ParticipantId, Vec<String>> = BTreeMap::new();
    for document in project.documents_by_name() {
        let linked: BTreeSet<ParticipantId> = document.speakers.values().copied().collect();
        for id in linked {
            documents.entry(id).or_default().push(document.name.clone());
        }
    }
    let mut rows: Vec<ParticipantRow> = project
        .participants
        .values()
        .map(|participant| ParticipantRow {
            id: participant.id,
            name: participant.name.clone(),
            is_interviewer: participant.is_interviewer,
            documents: documents.remove(&participant.id).unwrap_or_default(),
            attributes: participant
                .attributes
                .iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    rows
}
