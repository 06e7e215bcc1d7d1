//! The researcher's view of the co-authors' comments: grouped by theme (a
//! comment on a key quote under its theme), each with its author, kind,
//! words and replies, a box to reply, and buttons to resolve it as accepted
//! or changed, or to decline it with a reason; a resolved comment can be
//! reopened. Each of these is a command, so it is journalled.

use crate::gui::intent::Intent;
use crate::model::{Comment, CommentId, CommentKind, Project, ResolutionState, Target, ThemeId};
use std::collections::BTreeMap;

/// What is being typed: replies and reasons for declining, per comment.
#[derive(Default)]
pub struct CommentDrafts {
    replies: BTreeMap<CommentId, String>,
    reasons: BTreeMap<CommentId, String>,
}

/// The theme a comment is about: its target, or the theme whose key quote
/// it is on.
fn theme_of(project: &Project, comment: &Comment) -> Option<ThemeId> {
    match comment.target {
        Target::Theme(id) => Some(id),
        Target::Coding(coding) => project
            .themes
            .values()
            .find(|theme| theme.key_quotes.contains(&coding))
            .map(|theme| theme.id),
        _ => None,
    }
}

fn kind_words(kind: CommentKind) -> &'static str {
    match kind {
        CommentKind::Agree => "This fits",
        CommentKind::Question => "Question",
        CommentKind::Suggestion => "Suggested change",
        CommentKind::Concern => "Concern",
        CommentKind::Reply => "Reply",
    }
}

pub fn show(ui: &mut egui::Ui, drafts: &mut CommentDrafts, project: &Project) -> Vec<Intent> {
    let mut intents = Vec::new();
    let mut by_theme: BTreeMap<Option<ThemeId>, Vec<&Comment>> = BTreeMap::new();
    for comment in project
        .comments
        .values()
        .filter(|c| c.kind != CommentKind::Reply)
    {
        by_theme
            .entry(theme_of(project, comment))
            .or_default()
            .push(comment);
    }
    for list in by_theme.values_mut() {
        list.sort_by_key(|comment| (comment.resolution.is_some(), comment.created_at, comment.id));
    }
    ui.heading("Review comments");
    if by_theme.is_empty() {
        ui.weak(
            "No comments yet. Co-authors comment in review mode (View > Co-author review mode) or in a review packet (File > Write review packet…).",
        );
        return intents;
    }
    egui::ScrollArea::vertical()
        .id_salt("review-comments")
        .auto_shrink(false)
        .show(ui, |ui| {
            let mut order: Vec<(Option<ThemeId>, String)> = project
                .themes_in_tree_order()
                .into_iter()
                .map(|(_, theme)| (Some(theme.id), theme.name.clone()))
                .collect();
            order.push((None, "Other comments".to_owned()));
            for (theme, title) in order {
                let Some(list) = by_theme.get(&theme) else {
                    continue;
                };
                let open = list.iter().filter(|c| c.resolution.is_none()).count();
                ui.add_space(8.0);
                ui.strong(format!("{title} ({open} open of {})", list.len()));
                for comment in list {
                    comment_card(ui, drafts, project, comment, &mut intents);
                }
            }
        });
    intents
}

fn comment_card(
    ui: &mut egui::Ui,
    drafts: &mut CommentDrafts,
    project: &Project,
    comment: &Comment,
    intents: &mut Vec<Intent>,
) {
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.strong(format!("{}: {}", kind_words(comment.kind), comment.author));
            match &comment.resolution {
                None => {
                    ui.colored_label(ui.visuals().warn_fg_color, "open");
                }
                Some(resolution) => {
                    let mut state = resolution.state.label().to_owned();
                    if !resolution.reason.is_empty() {
                        state.push_str(&format!(": {}", resolution.reason));
                    }
                    ui.weak(format!("{state} (by {})", resolution.by));
                }
            }
        });
        if let Target::Coding(coding) = comment.target
            && let Some(segment) = project.segment(&coding)
        {
            let quote: String = crate::gui::texts::quote(ui.ctx(), &segment)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            ui.weak(format!("On the quote “{quote}”"));
        }
        if comment.body.is_empty() {
            ui.weak("(no words)");
        } else {
            ui.label(&comment.body);
        }
        let mut replies: Vec<&Comment> = project
            .comments
            .values()
            .filter(|reply| reply.reply_to == Some(comment.id))
            .collect();
        replies.sort_by_key(|reply| (reply.created_at, reply.id));
        for reply in replies {
            ui.label(format!("Reply from {}: {}", reply.author, reply.body));
        }
        let reply = drafts.replies.entry(comment.id).or_default();
        ui.horizontal(|ui| {
            let name = format!("Reply to {}", comment.author);
            ui.add(
                egui::TextEdit::singleline(reply)
                    .hint_text("Write a reply")
                    .desired_width(320.0),
            )
            .on_hover_text(&name)
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::TextInput, true, &name)
            });
            if ui.button("Reply").clicked() {
                intents.push(Intent::ReplyToComment {
                    comment: comment.id,
                    body: reply.clone(),
                });
                reply.clear();
            }
        });
        let reason = drafts.reasons.entry(comment.id).or_default();
        ui.horizontal(|ui| {
            if comment.resolution.is_some() {
                if ui.button("Reopen").clicked() {
                    intents.push(Intent::ResolveComment {
                        comment: comment.id,
                        state: None,
                        reason: String::new(),
                    });
                }
                return;
            }
            if ui.button("Accept").clicked() {
                intents.push(Intent::ResolveComment {
                    comment: comment.id,
                    state: Some(ResolutionState::Accepted),
                    reason: reason.clone(),
                });
            }
            if ui.button("Mark as changed").clicked() {
                intents.push(Intent::ResolveComment {
                    comment: comment.id,
                    state: Some(ResolutionState::Changed),
                    reason: reason.clone(),
                });
            }
            let name = format!("Reason for declining {}'s comment", comment.author);
            ui.add(
                egui::TextEdit::singleline(reason)
                    .hint_text("Reason (needed to decline)")
                    .desired_width(220.0),
            )
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::TextInput, true, &name)
            });
            if ui.button("Decline").clicked() {
                intents.push(Intent::ResolveComment {
                    comment: comment.id,
                    state: Some(ResolutionState::Declined),
                    reason: reason.clone(),
                });
            }
        });
    });
}
