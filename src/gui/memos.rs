//! The Memos panel: every memo of the project and the reflexive journal
//! (memos on the project itself), newest first, each dated, with its author
//! and what it is linked to (the project's journal, a document, a code or a
//! segment). A text filter searches titles and bodies. "New journal entry"
//! and "New memo on this document / code" start one; a memo is edited in
//! place and saved, or deleted after a confirmation.
//!
//! Every change is a command (`CreateMemo`, `UpdateMemo`, `RemoveMemo`)
//! carried out by the app, so Undo takes it back.

use crate::gui::intent::Intent;
use crate::model::{CodeId, DocumentId, Memo, MemoId, Project, Target};

/// The panel's own state: the filter, the memos that pass it (for the
/// revision and filter they were found for: matching lowers the case of every
/// memo's text), and the memo being edited.
#[derive(Default)]
pub struct MemosPanel {
    filter: String,
    listing: Option<(u64, String, Vec<MemoId>)>,
    /// The memo open for editing, with what is typed so far.
    editing: Option<(MemoId, String, String)>,
    /// The memo whose deletion waits for a yes.
    confirm_delete: Option<MemoId>,
}

impl MemosPanel {
    /// Opens `memo` for editing (as after "New journal entry").
    pub fn edit(&mut self, project: &Project, memo: MemoId) {
        if let Some(found) = project.memos.get(&memo) {
            self.editing = Some((memo, found.title.clone(), found.body.clone()));
        }
    }

    /// Shows the panel; `revision` changes whenever the project does;
    /// `document` and `code` are the ones chosen now, for the "New memo on …"
    /// buttons.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        (document, code): (Option<DocumentId>, Option<CodeId>),
    ) -> Option<Intent> {
        let mut intent = None;
        if self
            .editing
            .as_ref()
            .is_some_and(|(id, _, _)| !project.memos.contains_key(id))
        {
            self.editing = None;
        }
        ui.heading("Memos");
        ui.horizontal_wrapped(|ui| {
            if ui.button("New journal entry").clicked() {
                intent = Some(Intent::NewMemo(Target::Project));
            }
            if let Some(document) = document.filter(|id| project.documents.contains_key(id))
                && ui.button("New memo on this document").clicked()
            {
                intent = Some(Intent::NewMemo(Target::Document(document)));
            }
            if let Some(code) = code.filter(|id| project.codes.contains_key(id))
                && ui.button("New memo on this code").clicked()
            {
                intent = Some(Intent::NewMemo(Target::Code(code)));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter memos");
            ui.text_edit_singleline(&mut self.filter)
                .labelled_by(label.id);
        });
        let wanted = self.filter.trim().to_lowercase();
        if self
            .listing
            .as_ref()
            .is_none_or(|(seen, filter, _)| *seen != revision || *filter != wanted)
        {
            let listed = listed_memos(project, &wanted);
            self.listing = Some((revision, wanted, listed));
        }
        let memos: Vec<&Memo> = self
            .listing
            .as_ref()
            .map(|(_, _, ids)| ids.iter().filter_map(|id| project.memos.get(id)).collect())
            .unwrap_or_default();
        ui.label(match memos.len() {
            1 => "1 memo".to_owned(),
            many => format!("{many} memos"),
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("memos-list")
            .auto_shrink(false)
            .show(ui, |ui| {
                for memo in memos {
                    if let Some(chosen) = self.memo_row(ui, project, memo) {
                        intent = Some(chosen);
                    }
                    ui.separator();
                }
            });
        intent
    }

    fn memo_row(&mut self, ui: &mut egui::Ui, project: &Project, memo: &Memo) -> Option<Intent> {
        let mut intent = None;
        let author = project
            .coders
            .get(&memo.author)
            .map_or("unknown coder", |coder| coder.name.as_str());
        ui.weak(format!(
            "{} · {author} · {}",
            date(memo.updated_at),
            linked_to(ui.ctx(), project, memo.target)
        ));
        let mut close = false;
        match &mut self.editing {
            Some((id, title, body)) if *id == memo.id => {
                ui.horizontal(|ui| {
                    let label = ui.label("Memo title");
                    ui.text_edit_singleline(title).labelled_by(label.id);
                });
                let label = ui.label("Memo text");
                ui.add(
                    egui::TextEdit::multiline(body)
                        .desired_rows(5)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                ui.horizontal(|ui| {
                    if ui.button("Save memo").clicked() {
                        intent = Some(Intent::SaveMemo {
                            id: memo.id,
                            title: title.clone(),
                            body: body.clone(),
                        });
                    }
                    if ui.button("Close memo").clicked() {
                        close = true;
                    }
                });
            }
            _ => {
                let text = if memo.body.trim().is_empty() {
                    memo.title.clone()
                } else {
                    format!(
                        "{}\n{}",
                        memo.title,
                        crate::gui::segments::shorten(&memo.body, 200)
                    )
                };
                let button = egui::Button::new(text)
                    .wrap()
                    .min_size(egui::vec2(ui.available_width(), 0.0));
                if ui.add(button).on_hover_text("Edit this memo").clicked() {
                    self.editing = Some((memo.id, memo.title.clone(), memo.body.clone()));
                }
            }
        }
        if close {
            self.editing = None;
        }
        if self.confirm_delete == Some(memo.id) {
            ui.horizontal(|ui| {
                ui.label(format!("Delete “{}”?", memo.title));
                if ui.button("Yes, delete the memo").clicked() {
                    intent = Some(Intent::DeleteMemo(memo.id));
                    self.confirm_delete = None;
                }
                if ui.button("Keep it").clicked() {
                    self.confirm_delete = None;
                }
            });
        } else if ui.button(format!("Delete memo {}…", memo.title)).clicked() {
            self.confirm_delete = Some(memo.id);
        }
        intent
    }
}

/// The memos whose title or text contains `wanted` (in lower case), newest
/// first.
fn listed_memos(project: &Project, wanted: &str) -> Vec<MemoId> {
    let mut memos: Vec<&Memo> = project
        .memos
        .values()
        .filter(|memo| {
            wanted.is_empty()
                || memo.title.to_lowercase().contains(wanted)
                || memo.body.to_lowercase().contains(wanted)
        })
        .collect();
    memos.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    memos.into_iter().map(|memo| memo.id).collect()
}

/// What a memo is linked to, in words.
fn linked_to(ctx: &egui::Context, project: &Project, target: Target) -> String {
    match target {
        Target::Project => "journal entry".to_owned(),
        Target::Document(id) => project
            .documents
            .get(&id)
            .map_or("a removed document".to_owned(), |doc| {
                format!("document {}", doc.name)
            }),
        Target::Code(id) => project
            .codes
            .get(&id)
            .map_or("a removed code".to_owned(), |_| {
                format!("code {}", project.code_path(id))
            }),
        Target::Coding(id) => project
            .segment(&id)
            .map_or("a removed segment".to_owned(), |s| {
                format!(
                    "segment “{}” ({})",
                    crate::gui::segments::shorten(crate::gui::texts::quote(ctx, &s), 40),
                    s.code.name
                )
            }),
        Target::Participant(id) => project
            .participants
            .get(&id)
            .map_or("a removed participant".to_owned(), |p| {
                format!("participant {}", p.name)
            }),
        Target::Theme(id) => project
            .themes
            .get(&id)
            .map_or("a removed theme".to_owned(), |theme| {
                format!("theme {}", theme.name)
            }),
    }
}

/// `2026-11-23 14:05` (UTC) for milliseconds since the Unix epoch.
#[must_use]
pub fn date(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|moment| moment.format(&format).ok())
        .unwrap_or_else(|| "undated".to_owned())
}
