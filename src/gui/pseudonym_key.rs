//! The Pseudonym key window: the key's entries to add, edit and remove, the
//! candidates found in the texts with their keyword-in-context to accept, reject
//! or map to an entry, and how the window's exports use the key (bracketed or
//! plain, or, by an explicit and journalled choice, the next one with real names).
//! When the project keeps its key apart in a sealed file, the window opens that
//! file into memory with its passphrase; each change to it is then sealed into
//! the file at once, undone with the key file's own undo, and journalled in the
//! project by a label that names no real term.
//!
//! Every change is built here as one command and handed to the app, so each is
//! one undo step; nothing is replaced without the user's say.

use crate::edit::Command;
use crate::gui::intent::Intent;
use crate::gui::rows::row_button;
use crate::pseudonyms::{Candidate, Category, KeyEntry, KeyFile, Marking, suggested_replacement};
use crate::workbench::Workbench;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// How the window's exports use the key; the app keeps it while the window is
/// closed, and the choice of real names lasts for one export only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputChoice {
    pub marking: Marking,
    /// Write the next export with real names (journalled), then go back.
    pub identifiable_next: bool,
}

/// A key kept apart, opened in the window: the key in memory, and what it takes
/// to seal it into its file again after a change.
pub struct OpenedKeyFile {
    pub path: PathBuf,
    pub passphrase: age::secrecy::SecretString,
    pub key: KeyFile,
}

/// What the window remembers between frames.
#[derive(Default)]
pub struct PseudonymKeyWindow {
    form: EntryForm,
    /// The candidates last found, while they are still to be settled.
    candidates: Option<Vec<Candidate>>,
    /// A filter on the candidates' terms.
    filter: String,
    /// The category chosen for a candidate before it is accepted.
    categories: BTreeMap<String, Category>,
    /// The entry chosen for a candidate to be mapped to, by its real term.
    map_to: BTreeMap<String, String>,
    /// For a key kept apart: its file and passphrase as typed.
    key_path: String,
    passphrase: String,
}

/// The entry being added or edited.
#[derive(Default)]
struct EntryForm {
    real: String,
    replacement: String,
    category: Option<Category>,
    variants: String,
}

/// How many candidates are drawn at once; the filter finds the others.
const CANDIDATES_SHOWN: usize = 100;

impl PseudonymKeyWindow {
    /// Takes what a search for candidates found.
    pub fn take_candidates(&mut self, found: Vec<Candidate>) {
        self.candidates = Some(found);
    }

    /// Shows the window; returns what the user asked for. `finding` says a
    /// search for candidates is running; `key_file` is the key kept apart, once
    /// opened.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        workbench: &Workbench,
        output: OutputChoice,
        finding: bool,
        key_file: Option<&KeyFile>,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        let mut open = true;
        egui::Window::new("Pseudonym key")
            .open(&mut open)
            // Clear of the menu bar and the documents list, over the transcript.
            .default_pos(egui::pos2(360.0, 60.0))
            .default_width(1040.0)
            .default_height(620.0)
            .show(ctx, |ui| {
                Self::outputs(ui, workbench, output, &mut intents);
                ui.separator();
                // The key on the left, what it may still need on the right, each
                // scrolled on its own so that neither pushes the other out of view.
                ui.columns(2, |columns| {
                    egui::ScrollArea::vertical()
                        .id_salt("pseudonym-key-entries")
                        .auto_shrink([false, false])
                        .show(&mut columns[0], |ui| {
                            let editable = self.key_apart(ui, workbench, key_file, &mut intents);
                            Self::entries(ui, workbench, editable, &mut self.form, &mut intents);
                            if editable {
                                self.entry_form(ui, workbench, &mut intents);
                            }
                        });
                    let editable = workbench.key_kept_apart().is_none() || key_file.is_some();
                    egui::ScrollArea::vertical()
                        .id_salt("pseudonym-key-candidates")
                        .auto_shrink([false, false])
                        .show(&mut columns[1], |ui| {
                            self.candidates(ui, workbench, editable, finding, &mut intents);
                        });
                });
            });
        if !open {
            intents.push(Intent::ClosePseudonymKey);
        }
        if key_file.is_none() {
            return intents;
        }
        // A key kept apart is changed in its file, never in the project.
        intents
            .into_iter()
            .map(|intent| match intent {
                Intent::ApplyCommand { command, .. }
                    if matches!(*command, Command::SetPseudonym { .. }) =>
                {
                    Intent::ChangeKeyApart(command)
                }
                other => other,
            })
            .collect()
    }

    /// How exports use the key: marked or plain, and the one-off real names.
    fn outputs(
        ui: &mut egui::Ui,
        workbench: &Workbench,
        output: OutputChoice,
        intents: &mut Vec<Intent>,
    ) {
        if !workbench.has_pseudonym_key() {
            ui.label(
                "This project has no key yet. Once it has one, every theme report, review packet, map and table this window writes carries the pseudonyms.",
            );
            return;
        }
        ui.label(
            "Every theme report, review packet, map and table this window writes carries the pseudonyms.",
        );
        ui.horizontal(|ui| {
            ui.label("Replacements read as");
            let mut marking = output.marking;
            ui.radio_value(&mut marking, Marking::Bracketed, "[P03], marked");
            ui.radio_value(&mut marking, Marking::Plain, "P03, plain");
            if marking != output.marking {
                intents.push(Intent::SetOutputChoice(OutputChoice { marking, ..output }));
            }
        });
        let mut identifiable = output.identifiable_next;
        if ui
            .checkbox(
                &mut identifiable,
                "Write the next export with real names (the project's journal records it)",
            )
            .changed()
        {
            intents.push(Intent::SetOutputChoice(OutputChoice {
                identifiable_next: identifiable,
                ..output
            }));
        }
        if identifiable {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The next export will name everyone; keep it inside the research team.",
            );
        }
    }

    /// For a key kept apart: the fields that open its file, or what is open.
    /// Returns whether the key can be changed here.
    fn key_apart(
        &mut self,
        ui: &mut egui::Ui,
        workbench: &Workbench,
        key_file: Option<&KeyFile>,
        intents: &mut Vec<Intent>,
    ) -> bool {
        if workbench.key_kept_apart().is_none() {
            return true;
        }
        if let Some(key) = key_file {
            let entries = key.entries.len();
            ui.label(format!(
                "The key file is open: {entries} {}, held in memory only. Each change is sealed into the file at once, and journalled here without its real terms.",
                if entries == 1 { "entry" } else { "entries" }
            ));
            if let Some(last) = key.undo.last()
                && ui
                    .button(format!("Undo in the key file: {}", last.label))
                    .clicked()
            {
                intents.push(Intent::UndoKeyApart);
            }
            return true;
        }
        ui.label(
            "This project keeps its key apart, in a sealed key file. Open it to write exports with pseudonyms: it is held in memory only and never saved in the project.",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Key file");
            ui.add(
                egui::TextEdit::singleline(&mut self.key_path)
                    .hint_text("/media/controller/study.key")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let label = ui.label("Passphrase");
            ui.add(
                egui::TextEdit::singleline(&mut self.passphrase)
                    .password(true)
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            let ready = !self.key_path.trim().is_empty() && !self.passphrase.is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("Open key file"))
                .clicked()
            {
                intents.push(Intent::OpenKeyApart {
                    path: PathBuf::from(self.key_path.trim()),
                    passphrase: std::mem::take(&mut self.passphrase),
                });
            }
        });
        false
    }

    /// The key's entries, with Edit and Remove when it can be changed here.
    fn entries(
        ui: &mut egui::Ui,
        workbench: &Workbench,
        editable: bool,
        form: &mut EntryForm,
        intents: &mut Vec<Intent>,
    ) {
        let key = &workbench.project().pseudonyms;
        if key.is_empty() {
            return;
        }
        ui.strong(format!(
            "The key: {} {}",
            key.len(),
            if key.len() == 1 { "entry" } else { "entries" }
        ));
        egui::Grid::new("pseudonym-key-entries")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for heading in ["Real term", "Replaced by", "Category", "Variants", ""] {
                    ui.strong(heading);
                }
                ui.end_row();
                for entry in key.values() {
                    ui.label(&entry.real);
                    ui.label(&entry.replacement);
                    ui.label(entry.category.name());
                    ui.label(entry.variants.join(", "));
                    ui.horizontal(|ui| {
                        if editable {
                            if row_button(ui, "Edit", &format!("Edit {}", entry.real)).clicked() {
                                *form = EntryForm {
                                    real: entry.real.clone(),
                                    replacement: entry.replacement.clone(),
                                    category: Some(entry.category),
                                    variants: entry.variants.join(", "),
                                };
                            }
                            if row_button(
                                ui,
                                "Remove",
                                &format!("Remove {} from the key", entry.real),
                            )
                            .clicked()
                            {
                                intents.push(Intent::change(Command::SetPseudonym {
                                    real: entry.real.clone(),
                                    entry: None,
                                }));
                            }
                        }
                    });
                    ui.end_row();
                }
            });
    }

    /// The fields of a new entry, or of the one being edited.
    fn entry_form(&mut self, ui: &mut egui::Ui, workbench: &Workbench, intents: &mut Vec<Intent>) {
        let key = &workbench.project().pseudonyms;
        let form = &mut self.form;
        let editing = key.contains_key(form.real.trim());
        ui.add_space(8.0);
        ui.strong(if editing {
            "Change the entry"
        } else {
            "Add an entry"
        });
        egui::Grid::new("pseudonym-key-form")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Real term to replace");
                ui.add(
                    egui::TextEdit::singleline(&mut form.real)
                        .hint_text("Amara Osei")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let category = form.category.unwrap_or(Category::Participant);
                let label = ui.label("Replacement");
                ui.add(
                    egui::TextEdit::singleline(&mut form.replacement)
                        .hint_text(suggested_replacement(
                            workbench.project(),
                            key.values(),
                            form.real.trim(),
                            category,
                        ))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Category");
                let mut chosen = category;
                egui::ComboBox::from_id_salt("pseudonym-key-category")
                    .selected_text(chosen.name())
                    .show_ui(ui, |ui| {
                        for category in Category::ALL {
                            ui.selectable_value(&mut chosen, category, category.name());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                form.category = Some(chosen);
                ui.end_row();
                let label = ui.label("Variants");
                ui.add(
                    egui::TextEdit::singleline(&mut form.variants)
                        .hint_text("Mags, Maggie (first name and surname alone are found anyway)")
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        ui.horizontal(|ui| {
            let real = form.real.trim();
            let words = if editing { "Save entry" } else { "Add to key" };
            if ui
                .add_enabled(!real.is_empty(), egui::Button::new(words))
                .clicked()
            {
                let category = form.category.unwrap_or(Category::Participant);
                let replacement = match form.replacement.trim() {
                    "" => suggested_replacement(
                        workbench.project(),
                        key.values().filter(|entry| entry.real != real),
                        real,
                        category,
                    ),
                    typed => typed.to_owned(),
                };
                let entry = KeyEntry {
                    real: real.to_owned(),
                    replacement,
                    category,
                    variants: form
                        .variants
                        .split(',')
                        .map(str::trim)
                        .filter(|variant| !variant.is_empty())
                        .map(str::to_owned)
                        .collect(),
                };
                intents.push(Intent::change(Command::SetPseudonym {
                    real: entry.real.clone(),
                    entry: Some(entry),
                }));
                *form = EntryForm::default();
            }
            if editing && ui.button("Cancel").clicked() {
                *form = EntryForm::default();
            }
        });
    }

    /// The candidates found, each to accept, reject or map.
    fn candidates(
        &mut self,
        ui: &mut egui::Ui,
        workbench: &Workbench,
        editable: bool,
        finding: bool,
        intents: &mut Vec<Intent>,
    ) {
        ui.horizontal(|ui| {
            ui.strong("Names and details to replace");
            let words = if self.candidates.is_some() {
                "Find again"
            } else {
                "Find candidates"
            };
            if ui
                .add_enabled(!finding, egui::Button::new(words))
                .on_hover_text(
                    "Reads every text, memo and comment; the status bar shows how far it is.",
                )
                .clicked()
            {
                intents.push(Intent::FindPseudonymCandidates);
            }
        });
        ui.weak(
            "Speaker labels, participant names, capitalised words that are not common words, and emails, phone numbers, postcodes, NHS numbers, dates and URLs. Nothing is replaced until you accept it.",
        );
        let Some(found) = &self.candidates else {
            return;
        };
        let settled = Settled::of(workbench);
        let open: Vec<&Candidate> = found
            .iter()
            .filter(|candidate| !settled.contains(&candidate.term))
            .collect();
        if open.is_empty() {
            ui.label("Every candidate found is settled.");
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Filter candidates");
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(200.0))
                .labelled_by(label.id);
            ui.weak(format!("{} to settle", open.len()));
        });
        let filter = self.filter.to_lowercase();
        let shown: Vec<Candidate> = open
            .into_iter()
            .filter(|candidate| {
                filter.is_empty() || candidate.term.to_lowercase().contains(&filter)
            })
            .take(CANDIDATES_SHOWN)
            .cloned()
            .collect();
        for candidate in &shown {
            self.candidate(ui, workbench, editable, candidate, intents);
        }
    }

    fn candidate(
        &mut self,
        ui: &mut egui::Ui,
        workbench: &Workbench,
        editable: bool,
        candidate: &Candidate,
        intents: &mut Vec<Intent>,
    ) {
        let term = &candidate.term;
        ui.group(|ui| {
            // Every candidate as wide as the column, so that they read as a list.
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(term);
                ui.weak(format!(
                    "{}, found {} time{}",
                    candidate.source.name(),
                    candidate.count,
                    if candidate.count == 1 { "" } else { "s" }
                ));
            });
            for context in &candidate.contexts {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    ui.weak(format!("{}: …{}", context.place, context.before));
                    ui.strong(&context.term);
                    ui.weak(format!("{}…", context.after));
                });
            }
            ui.horizontal(|ui| {
                let key = &workbench.project().pseudonyms;
                let category = self
                    .categories
                    .entry(term.clone())
                    .or_insert_with(|| candidate.source.category());
                let chooser = egui::ComboBox::from_id_salt(("candidate-category", term))
                    .selected_text(category.name())
                    .show_ui(ui, |ui| {
                        for choice in Category::ALL {
                            ui.selectable_value(category, choice, choice.name());
                        }
                    })
                    .response;
                let words = format!("Category of {term}");
                chooser
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &words));
                let accept = ui.add_enabled(editable, egui::Button::new("Accept"));
                let accept_words = format!("Accept {term} into the key");
                accept.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, editable, &accept_words)
                });
                if accept.clicked() {
                    let entry = KeyEntry {
                        real: term.clone(),
                        replacement: suggested_replacement(
                            workbench.project(),
                            key.values(),
                            term,
                            *category,
                        ),
                        category: *category,
                        variants: Vec::new(),
                    };
                    intents.push(Intent::change(Command::SetPseudonym {
                        real: entry.real.clone(),
                        entry: Some(entry),
                    }));
                }
                if row_button(
                    ui,
                    "Reject",
                    &format!("Reject {term}: it needs no pseudonym"),
                )
                .clicked()
                {
                    intents.push(Intent::change(workbench.reject_candidate(term)));
                }
                if editable && !key.is_empty() {
                    let target = self
                        .map_to
                        .entry(term.clone())
                        .or_insert_with(|| key.keys().next().cloned().unwrap_or_default());
                    let chosen = key.get(target.as_str()).map_or_else(String::new, |entry| {
                        format!("{} → {}", entry.real, entry.replacement)
                    });
                    let chooser = egui::ComboBox::from_id_salt(("candidate-map", term))
                        .selected_text(chosen)
                        .show_ui(ui, |ui| {
                            for entry in key.values() {
                                ui.selectable_value(
                                    target,
                                    entry.real.clone(),
                                    format!("{} → {}", entry.real, entry.replacement),
                                );
                            }
                        })
                        .response;
                    let words = format!("The entry to map {term} to");
                    chooser.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &words)
                    });
                    if row_button(ui, "Map", &format!("Map {term} to {target}")).clicked() {
                        intents.push(Intent::apply(workbench.map_candidate(term, target)));
                    }
                }
            });
        });
    }
}

/// The terms no longer to propose: replaced by the key (an entry, a part of a
/// person's name, a variant), or rejected.
struct Settled {
    terms: BTreeSet<String>,
}

impl Settled {
    fn of(workbench: &Workbench) -> Self {
        let mut terms = workbench.rejected_candidates();
        // Every form the key replaces: a first name alone is settled with its
        // person.
        for entry in workbench.project().pseudonyms.values() {
            terms.extend(entry.variants().into_iter().map(|variant| variant.form));
        }
        Self { terms }
    }

    fn contains(&self, term: &str) -> bool {
        self.terms.contains(term)
    }
}
