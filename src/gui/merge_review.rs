//! The "Merge a coder's copy" window: what the merge will bring in, each
//! conflict with both versions side by side for the user to pick one, what a
//! rule settled (a code deleted on one side but used on the other comes
//! back), and what cannot be brought in. Nothing is merged until the user
//! has picked a side for every conflict and pressed Merge.

use crate::edit::merge::{Conflict, ConflictKind, Side};
use crate::gui::intent::Intent;
use crate::workbench::PreparedMerge;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// An open merge window: the merge as worked out, and the sides picked so far.
pub struct MergeReview {
    copy: PathBuf,
    prepared: PreparedMerge,
    chosen: BTreeMap<String, Side>,
    /// The copy's codes to merge into this project's of the same name.
    join: std::collections::BTreeSet<crate::model::CodeId>,
}

impl MergeReview {
    #[must_use]
    pub fn new(copy: PathBuf, prepared: PreparedMerge) -> Self {
        Self {
            copy,
            prepared,
            chosen: BTreeMap::new(),
            join: std::collections::BTreeSet::new(),
        }
    }

    /// The conflicts that are the user's to settle.
    fn to_choose(&self) -> impl Iterator<Item = &Conflict> {
        self.prepared
            .plan
            .conflicts
            .iter()
            .filter(|conflict| !conflict.fixed)
    }

    /// Whether every conflict has a side, so the merge can go ahead.
    fn settled(&self) -> bool {
        self.to_choose()
            .all(|conflict| self.chosen.contains_key(&conflict.key))
    }

    /// Shows the window; returns Merge (with the sides picked) or Cancel.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Intent> {
        let mut intent = None;
        egui::Window::new("Merge a coder's copy")
            .collapsible(false)
            .resizable(true)
            .default_width(640.0)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                let plan = &self.prepared.plan;
                ui.heading(self.prepared.copy.words());
                ui.label(format!("It brings in: {}.", plan.summary()));
                for note in &self.prepared.notes {
                    ui.weak(note);
                }
                egui::ScrollArea::vertical()
                    .max_height(380.0)
                    .show(ui, |ui| self.conflicts(ui));
                self.footer(ui, &mut intent);
            });
        intent
    }

    fn conflicts(&mut self, ui: &mut egui::Ui) {
        let conflicts: Vec<Conflict> = self.to_choose().cloned().collect();
        if !conflicts.is_empty() {
            ui.separator();
            ui.strong(format!(
                "Pick a side for each of {} conflict{}:",
                conflicts.len(),
                if conflicts.len() == 1 { "" } else { "s" }
            ));
        }
        let there = if self.prepared.copy.refi {
            "The file"
        } else {
            "The copy"
        };
        for conflict in &conflicts {
            ui.group(|ui| {
                ui.label(&conflict.subject);
                let mut side = self.chosen.get(&conflict.key).copied();
                ui.radio_value(
                    &mut side,
                    Some(Side::Ours),
                    format!("This project: {}", conflict.ours),
                );
                ui.radio_value(
                    &mut side,
                    Some(Side::Theirs),
                    format!("{there}: {}", conflict.theirs),
                );
                if let Some(side) = side {
                    self.chosen.insert(conflict.key.clone(), side);
                }
            });
        }
        let plan = &self.prepared.plan;
        let settled: Vec<&Conflict> = plan
            .conflicts
            .iter()
            .filter(|conflict| conflict.fixed)
            .collect();
        if !settled.is_empty() {
            ui.separator();
            ui.strong("Settled by rule, so that no one's work is lost:");
            for conflict in settled {
                ui.label(rule_words(conflict));
            }
        }
        if !plan.unplaced.is_empty() {
            ui.separator();
            ui.strong("Cannot be brought in:");
            for unplaced in &plan.unplaced {
                ui.label(format!("{}: {}", unplaced.what, unplaced.reason));
            }
        }
        for same in &plan.same_names {
            let mut joined = self.join.contains(&same.theirs);
            let label = format!(
                "Two codes are called “{}”: merge the copy's into this project's (else the copy's is kept apart)",
                same.name
            );
            if ui.checkbox(&mut joined, label).changed() {
                if joined {
                    self.join.insert(same.theirs);
                } else {
                    self.join.remove(&same.theirs);
                }
            }
        }
    }

    fn footer(&self, ui: &mut egui::Ui, intent: &mut Option<Intent>) {
        ui.separator();
        ui.horizontal(|ui| {
            let ready = self.settled();
            let merge = ui.add_enabled(ready, egui::Button::new("Merge"));
            if merge.clicked() {
                *intent = Some(Intent::ConfirmMerge {
                    copy: self.copy.clone(),
                    choices: self.chosen.clone(),
                    join: self.join.clone(),
                });
            }
            if ui.button("Cancel").clicked() {
                *intent = Some(Intent::CancelMerge);
            }
            if !ready {
                ui.weak("Pick a side for every conflict first.");
            }
        });
    }
}

/// What a rule did about a conflict, in words.
fn rule_words(conflict: &Conflict) -> String {
    match (conflict.kind, conflict.chosen) {
        (ConflictKind::DeletedButUsed, Some(Side::Ours)) => format!(
            "{} stays ({}), though the copy deleted it; a memo on it says why.",
            conflict.subject, conflict.ours
        ),
        (ConflictKind::DeletedButUsed, _) => format!(
            "{} comes back ({}), though it was deleted here; a memo on it says why.",
            conflict.subject, conflict.theirs
        ),
        _ => format!(
            "{} keeps this project's place ({}): the copy's ({}) would put it under itself.",
            conflict.subject, conflict.ours, conflict.theirs
        ),
    }
}
