//! Review mode, for lived-experience co-authors: the whole window becomes a
//! plain, large-text reader of one theme at a time (its name, main idea,
//! what it covers and what people said), with no coding controls. Signed in
//! by name, the reviewer can say, on the theme or on any quote, that it
//! fits, ask a question, suggest a change or raise a concern; each comment is
//! saved in the project at once (a journalled command) for the researcher to
//! answer.

use crate::analysis::themes::attribution;
use crate::gui::intent::Intent;
use crate::model::{CommentKind, Project, Target, ThemeStatus};

/// The review mode's state.
#[derive(Default)]
pub struct ReviewState {
    pub active: bool,
    /// The name being typed, then the reviewer's name once signed in.
    name: String,
    signed_in: bool,
    /// Which theme is shown, counting from 0.
    index: usize,
    /// The comment being written: on what, which kind, and its words.
    writing: Option<(Target, CommentKind, String)>,
    /// What was last sent, to thank the reviewer.
    thanked: Option<Target>,
}

impl ReviewState {
    /// Starts review mode, asking for the reviewer's name again.
    pub fn start(&mut self) {
        *self = Self {
            active: true,
            ..Self::default()
        };
    }
}

/// Words for a kind of comment, as the buttons say them.
fn ask_words(kind: CommentKind) -> &'static str {
    match kind {
        CommentKind::Agree => "This fits",
        CommentKind::Question => "I have a question",
        CommentKind::Suggestion => "I suggest a change",
        CommentKind::Concern => "I have a concern",
        CommentKind::Reply => "Reply",
    }
}

const KINDS: [CommentKind; 4] = [
    CommentKind::Agree,
    CommentKind::Question,
    CommentKind::Suggestion,
    CommentKind::Concern,
];

/// Makes every text style larger, for the review mode's plain reading.
fn large_text(ui: &mut egui::Ui) {
    for font in ui.style_mut().text_styles.values_mut() {
        font.size *= 1.35;
    }
    ui.spacing_mut().item_spacing.y *= 1.4;
    // Full-strength text: nothing in review mode is secondary.
    let strong = ui.visuals().strong_text_color();
    ui.visuals_mut().override_text_color = Some(strong);
    ui.spacing_mut().button_padding *= 1.4;
}

pub fn show(ui: &mut egui::Ui, state: &mut ReviewState, project: &Project) -> Vec<Intent> {
    let mut intents = Vec::new();
    large_text(ui);
    ui.horizontal(|ui| {
        ui.heading("Reviewing the themes");
        if ui.button("Leave review mode").clicked() {
            intents.push(Intent::ReviewMode(false));
        }
    });
    ui.separator();
    if !state.signed_in {
        ui.label(
            "Welcome. Please write your name, so the research team knows whose comments these are.",
        );
        let label = ui.label("Your name");
        let field = ui
            .add(egui::TextEdit::singleline(&mut state.name).desired_width(360.0))
            .labelled_by(label.id);
        // The name field takes the keyboard at once: nothing else is asked.
        if ui.memory(|memory| memory.focused().is_none()) {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        if ui.button("Start reviewing").clicked() || entered {
            if state.name.trim().is_empty() {
                intents.push(Intent::Complain("Please write your name first.".to_owned()));
            } else {
                state.signed_in = true;
            }
        }
        return intents;
    }
    let themes: Vec<_> = project
        .themes_in_tree_order()
        .into_iter()
        .filter(|(_, theme)| theme.status != ThemeStatus::Discarded)
        .map(|(_, theme)| theme)
        .collect();
    if themes.is_empty() {
        ui.label("There are no themes to review yet.");
        return intents;
    }
    state.index = state.index.min(themes.len() - 1);
    let theme = themes[state.index];
    let reviewer = state.name.trim().to_owned();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(state.index > 0, egui::Button::new("Previous theme"))
            .clicked()
        {
            state.index -= 1;
            state.writing = None;
        }
        ui.label(format!("Theme {} of {}", state.index + 1, themes.len()));
        if ui
            .add_enabled(
                state.index + 1 < themes.len(),
                egui::Button::new("Next theme"),
            )
            .clicked()
        {
            state.index += 1;
            state.writing = None;
        }
        ui.weak(format!("Signed in as {reviewer}"));
    });
    egui::ScrollArea::vertical()
        .id_salt("review-mode")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.set_max_width(760.0);
            ui.heading(&theme.name);
            if let Some(parent) = theme.parent.and_then(|id| project.themes.get(&id)) {
                ui.label(format!("This is part of the theme “{}”.", parent.name));
            }
            ui.strong("The main idea");
            ui.label(if theme.concept.is_empty() { "(Not written yet.)" } else { &theme.concept });
            ui.strong("What it covers, and what it does not");
            ui.label(if theme.definition.is_empty() { "(Not written yet.)" } else { &theme.definition });
            respond(ui, state, Target::Theme(theme.id), "this theme", &reviewer, &mut intents);
            if !theme.key_quotes.is_empty() {
                ui.add_space(10.0);
                ui.strong("What people said");
            }
            for (number, coding) in theme.key_quotes.iter().enumerate() {
                let Some(segment) = project.segment(coding) else {
                    continue;
                };
                ui.add_space(6.0);
                egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
                    let quote = crate::gui::texts::quote(ui.ctx(), &segment)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    ui.label(format!("“{quote}”"));
                    ui.weak(attribution(project, *coding));
                    respond(
                        ui,
                        state,
                        Target::Coding(*coding),
                        &format!("quote {}", number + 1),
                        &reviewer,
                        &mut intents,
                    );
                });
            }
            let mine: Vec<_> = project
                .comments
                .values()
                .filter(|comment| comment.author == reviewer)
                .filter(|comment| {
                    comment.target == Target::Theme(theme.id)
                        || matches!(comment.target, Target::Coding(id) if theme.key_quotes.contains(&id))
                })
                .collect();
            if !mine.is_empty() {
                ui.add_space(10.0);
                ui.strong("Your comments on this theme");
                for comment in mine {
                    let status = comment
                        .resolution
                        .as_ref()
                        .map_or_else(|| "waiting for the team".to_owned(), |r| r.state.label().to_owned());
                    ui.label(format!(
                        "{}: {} ({status})",
                        ask_words(comment.kind),
                        if comment.body.is_empty() { "-" } else { &comment.body }
                    ));
                }
            }
        });
    intents
}

/// The four ways to respond to `target`, and the box to write in once one
/// is chosen.
fn respond(
    ui: &mut egui::Ui,
    state: &mut ReviewState,
    target: Target,
    what: &str,
    reviewer: &str,
    intents: &mut Vec<Intent>,
) {
    if state.thanked == Some(target) {
        ui.label("Thank you: your comment is saved for the research team.");
    }
    ui.horizontal_wrapped(|ui| {
        for kind in KINDS {
            let name = format!("{} about {what}", ask_words(kind));
            let button = ui.button(ask_words(kind));
            button.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name)
            });
            if button.clicked() {
                state.writing = Some((target, kind, String::new()));
                state.thanked = None;
            }
        }
    });
    let Some((writing_on, kind, words)) = &mut state.writing else {
        return;
    };
    if *writing_on != target {
        return;
    }
    let prompt = match kind {
        CommentKind::Agree => "Anything you would like to add? (You can leave this empty.)",
        CommentKind::Question => "Your question",
        CommentKind::Suggestion => "What would you change?",
        _ => "What worries you?",
    };
    let label = ui.label(prompt);
    ui.add(
        egui::TextEdit::multiline(words)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let (send, cancel) = ui
        .horizontal(|ui| (ui.button("Send").clicked(), ui.button("Cancel").clicked()))
        .inner;
    if send {
        intents.push(Intent::Comment {
            author: reviewer.to_owned(),
            target,
            kind: *kind,
            body: words.clone(),
        });
        state.writing = None;
        state.thanked = Some(target);
    } else if cancel {
        state.writing = None;
    }
}
