//! The Study tables window: the tables a study reports (code frequencies,
//! codes by document or group, codes together, words by group) and the
//! agreement between coders, each as a sortable table, as a heat map or bar
//! chart, with the passages or keyword-in-context lines behind a clicked
//! cell. Reflexive thematic analysis does not ask for agreement figures, so
//! they sit on the last tab with their methods paragraph, and nothing points
//! to them.
//!
//! The window holds texts only for the transcript in view, so the tables are
//! worked out from a copy of the saved project that a worker thread reads
//! whole (`Intent::RefreshTables`); when the project moves on, the window
//! says so and offers to read it again.

pub mod views;

use crate::analysis::agreement::table::agreement_table;
use crate::analysis::agreement::{Unit, agreement, methods_paragraph, stretch_agreement};
use crate::analysis::compare::Comparison;
use crate::analysis::study::cooccurrence::{Together, cooccurrence, passages};
use crate::analysis::study::frequencies::frequencies;
use crate::analysis::study::matrix::{MatrixColumns, Share, matrix};
use crate::analysis::study::stop_words::Language;
use crate::analysis::study::words::{
    WordOptions, in_context_table, keyword_in_context, word_frequencies,
};
use crate::exchange::{FigureTable, TableValue};
use crate::gui::intent::Intent;
use crate::model::{CodeId, CoderId, Project};
use std::collections::BTreeSet;
use views::{GridSpec, Shading, SortBy};

/// The tabs, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Frequencies,
    Matrix,
    Together,
    Words,
    Agreement,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Frequencies,
        Tab::Matrix,
        Tab::Together,
        Tab::Words,
        Tab::Agreement,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Frequencies => "Code frequencies",
            Tab::Matrix => "Codes by document or group",
            Tab::Together => "Codes together",
            Tab::Words => "Words by group",
            Tab::Agreement => "Agreement",
        }
    }
}

/// How a table is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Look {
    #[default]
    Table,
    HeatMap,
    Bars,
}

/// What a table is worked out from: the tab and its options.
#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent options of the tabs, not states of one thing"
)]
struct Request {
    tab: Tab,
    rolled_up: bool,
    /// "document", or an attribute.
    by: String,
    share: Share,
    together: Together,
    words_by: Option<String>,
    english: bool,
    french: bool,
    stem: Option<Language>,
    with_interviewers: bool,
    coders: BTreeSet<CoderId>,
    unit: Unit,
    overlap: u32,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            tab: Tab::default(),
            rolled_up: false,
            by: "document".to_owned(),
            share: Share::Counts,
            together: Together::Overlap,
            words_by: None,
            english: true,
            french: true,
            stem: None,
            with_interviewers: false,
            coders: BTreeSet::new(),
            unit: Unit::Characters,
            overlap: 90,
        }
    }
}

/// A table as worked out, with what a click on a cell needs.
struct Worked {
    request: Request,
    table: Result<FigureTable, String>,
    /// The codes of the co-occurrence table's rows and columns.
    codes: Vec<CodeId>,
    methods: Option<String>,
}

/// What the window remembers between frames.
#[derive(Default)]
pub struct TablesWindow {
    request: Request,
    look: Look,
    sort: SortBy,
    /// The saved project, read whole, and the revision it was read at.
    snapshot: Option<(u64, Project)>,
    /// The revision a worker is reading the project at, while it does.
    reading: Option<u64>,
    pub(in crate::gui) read_error: Option<String>,
    worked: Option<Worked>,
    /// The passages or lines in context behind the cell clicked last.
    detail: Option<FigureTable>,
    /// Whether Save was pressed this frame.
    save_asked: bool,
}

impl TablesWindow {
    /// The table shown now, for Save.
    #[must_use]
    pub fn shown_table(&self) -> Option<&FigureTable> {
        self.worked
            .as_ref()
            .and_then(|worked| worked.table.as_ref().ok())
    }

    /// Notes that a worker has started reading the project at `revision`.
    pub fn reading_at(&mut self, revision: u64) {
        self.reading = Some(revision);
        self.read_error = None;
    }

    /// Takes the project the worker read whole, or why it could not.
    pub fn take_snapshot(&mut self, read: Result<Box<Project>, String>) {
        let revision = self.reading.take().unwrap_or_default();
        match read {
            Ok(project) => self.snapshot = Some((revision, *project)),
            Err(error) => {
                self.read_error = Some(format!(
                    "The project could not be read for the tables: {error}"
                ));
                return;
            }
        }
        self.worked = None;
        self.detail = None;
    }

    /// Shows the window; returns what the user asked for.
    /// `live` is the project as the window holds it now, whose settings say
    /// what the theme report is to hold.
    pub fn show(&mut self, ctx: &egui::Context, live: &Project, revision: u64) -> Vec<Intent> {
        let mut intents = Vec::new();
        let mut open = true;
        if self.snapshot.is_none() && self.reading.is_none() && self.read_error.is_none() {
            intents.push(Intent::RefreshTables);
        }
        egui::Window::new("Study tables")
            .open(&mut open)
            .default_width(980.0)
            .default_height(520.0)
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for tab in Tab::ALL {
                        if ui
                            .selectable_label(self.request.tab == tab, tab.label())
                            .clicked()
                        {
                            self.request.tab = tab;
                            self.sort = SortBy::default();
                            self.detail = None;
                        }
                    }
                });
                ui.separator();
                if let Some(error) = &self.read_error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                    if ui.button("Try again").clicked() {
                        intents.push(Intent::RefreshTables);
                    }
                    return;
                }
                let Some((read_at, _)) = &self.snapshot else {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Reading the project for the tables…");
                    });
                    return;
                };
                if *read_at != revision {
                    ui.horizontal(|ui| {
                        ui.label("The project has changed since these tables were worked out.");
                        if self.reading.is_none() && ui.button("Refresh").clicked() {
                            intents.push(Intent::RefreshTables);
                        }
                    });
                }
                self.options(ui);
                if std::mem::take(&mut self.save_asked) {
                    intents.push(Intent::ChoosePath(
                        crate::gui::path_purpose::PathPurpose::ExportStudyTable,
                    ));
                }
                report_choice(ui, &self.request, live, &mut intents);
                self.work_out();
                self.body(ui);
            });
        if !open {
            intents.push(Intent::CloseTables);
        }
        intents
    }

    /// The options of the tab shown.
    fn options(&mut self, ui: &mut egui::Ui) {
        let Some((_, project)) = &self.snapshot else {
            return;
        };
        let attributes = attribute_names(project);
        let request = &mut self.request;
        ui.horizontal_wrapped(|ui| match request.tab {
            Tab::Frequencies => {
                ui.checkbox(
                    &mut request.rolled_up,
                    "Count child codes into their parents",
                );
            }
            Tab::Matrix => {
                let mut choices = vec!["document".to_owned()];
                choices.extend(attributes.iter().cloned());
                choose(ui, "Columns", &mut request.by, &choices, String::as_str);
                choose(
                    ui,
                    "Cells",
                    &mut request.share,
                    &[Share::Counts, Share::OfRow, Share::OfColumn],
                    |share| match share {
                        Share::Counts => "counts",
                        Share::OfRow => "% of row",
                        Share::OfColumn => "% of column",
                    },
                );
                ui.checkbox(
                    &mut request.rolled_up,
                    "Count child codes into their parents",
                );
            }
            Tab::Together => {
                choose(
                    ui,
                    "Together when",
                    &mut request.together,
                    &[Together::Overlap, Together::Turn, Together::Paragraph],
                    |by| match by {
                        Together::Overlap => "their text overlaps",
                        Together::Turn => "in the same turn",
                        Together::Paragraph => "in the same paragraph",
                    },
                );
            }
            Tab::Words => {
                let mut choices = vec![None];
                choices.extend(attributes.iter().cloned().map(Some));
                choose(ui, "Groups", &mut request.words_by, &choices, |by| {
                    by.as_deref().unwrap_or("everyone")
                });
                ui.checkbox(&mut request.english, "English stop words");
                ui.checkbox(&mut request.french, "French stop words");
                choose(
                    ui,
                    "Stems",
                    &mut request.stem,
                    &[None, Some(Language::English), Some(Language::French)],
                    |stem| match stem {
                        None => "words as spoken",
                        Some(Language::English) => "English stems",
                        Some(Language::French) => "French stems",
                    },
                );
                ui.checkbox(&mut request.with_interviewers, "Count interviewers");
            }
            Tab::Agreement => {
                ui.label("Coders:");
                for coder in project.coders.values() {
                    let mut ticked = request.coders.contains(&coder.id);
                    if ui.checkbox(&mut ticked, &coder.name).changed() {
                        if ticked {
                            request.coders.insert(coder.id);
                        } else {
                            request.coders.remove(&coder.id);
                        }
                    }
                }
                choose(ui, "Units", &mut request.unit, &Unit::ALL, |unit| {
                    unit.word()
                });
                ui.add(
                    egui::Slider::new(&mut request.overlap, 1..=100)
                        .text("% overlap for a segment to match"),
                );
            }
        });
        ui.horizontal(|ui| {
            if ui
                .button("Save as CSV or Excel…")
                .on_hover_text("Write the table shown, as .csv or .xlsx")
                .clicked()
            {
                self.save_asked = true;
            }
            ui.separator();
            ui.label("Show as");
            ui.selectable_value(&mut self.look, Look::Table, "Table");
            ui.selectable_value(&mut self.look, Look::HeatMap, "Heat map");
            if matches!(self.request.tab, Tab::Frequencies | Tab::Words) {
                ui.selectable_value(&mut self.look, Look::Bars, "Bar chart");
            } else if self.look == Look::Bars {
                self.look = Look::Table;
            }
        });
    }

    /// Works the table out again if its request changed.
    fn work_out(&mut self) {
        let Some((_, project)) = &self.snapshot else {
            return;
        };
        if self
            .worked
            .as_ref()
            .is_some_and(|worked| worked.request == self.request)
        {
            return;
        }
        self.detail = None;
        self.worked = Some(work(project, &self.request));
    }

    fn body(&mut self, ui: &mut egui::Ui) {
        let (Some(worked), Some((_, project))) = (&self.worked, &self.snapshot) else {
            return;
        };
        let table = match &worked.table {
            Ok(table) => table,
            Err(message) => {
                ui.label(message);
                return;
            }
        };
        let tab = worked.request.tab;
        let clicked = match self.look {
            Look::Bars => {
                let column = if tab == Tab::Words {
                    table.columns.len() - 1
                } else {
                    1
                };
                views::bars(ui, table, column, 40);
                None
            }
            look => {
                let height = if self.detail.is_some() {
                    ui.available_height() * 0.55
                } else {
                    ui.available_height() - 60.0
                };
                ui.allocate_ui(egui::vec2(ui.available_width(), height.max(120.0)), |ui| {
                    views::grid(
                        ui,
                        "study-table",
                        &mut GridSpec {
                            table,
                            sort: &mut self.sort,
                            shading: match (look, tab) {
                                (Look::HeatMap, _) => Shading::HeatMap,
                                (_, Tab::Agreement) => Shading::Agreement,
                                _ => Shading::Plain,
                            },
                            keep_last: tab == Tab::Agreement,
                        },
                    )
                })
                .inner
            }
        };
        if let Some((row, column)) = clicked {
            self.detail = detail(project, worked, table, row, column);
        }
        if let Some(methods) = &worked.methods {
            egui::CollapsingHeader::new("Methods paragraph").show(ui, |ui| {
                ui.label(methods);
                if ui.button("Copy the paragraph").clicked() {
                    ui.ctx().copy_text(methods.clone());
                }
            });
        }
        if let Some(detail) = &self.detail {
            ui.separator();
            ui.strong(format!("{} ({})", detail.title, detail.rows.len()));
            let mut unsorted = SortBy::default();
            views::grid(
                ui,
                "study-table-detail",
                &mut GridSpec {
                    table: detail,
                    sort: &mut unsorted,
                    shading: Shading::Plain,
                    keep_last: false,
                },
            );
        }
    }
}

/// For the tabs a theme report can hold, whether it does: a checkbox that
/// sets or clears the project setting (one undo step).
fn report_choice(ui: &mut egui::Ui, request: &Request, live: &Project, intents: &mut Vec<Intent>) {
    use crate::exchange::report::{AGREEMENT_SETTING, CODES_BY_GROUP_SETTING};
    let (setting, value, words) = match request.tab {
        Tab::Matrix if request.by != "document" => (
            CODES_BY_GROUP_SETTING,
            request.by.clone(),
            format!("Close the theme report with codes by {}", request.by),
        ),
        Tab::Agreement if request.coders.len() >= 2 => (
            AGREEMENT_SETTING,
            request
                .coders
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            "State this agreement in the theme report's methods".to_owned(),
        ),
        _ => return,
    };
    let mut held = live.settings.get(setting) == Some(&value);
    if ui.checkbox(&mut held, words).changed() {
        intents.push(Intent::ApplyCommand {
            command: Box::new(crate::edit::Command::SetSetting {
                name: setting.to_owned(),
                value: held.then_some(value),
            }),
            reason: String::new(),
            close_editor: false,
        });
    }
}

/// A row of choices as a drop-down labelled `label`.
fn choose<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    choices: &[T],
    words: impl Fn(&T) -> &str,
) {
    let shown = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(words(value).to_owned())
        .show_ui(ui, |ui| {
            for choice in choices {
                ui.selectable_value(value, choice.clone(), words(choice).to_owned());
            }
        })
        .response
        .labelled_by(shown.id);
}

/// Participant and document attribute names, one spelling each, sorted.
fn attribute_names(project: &Project) -> Vec<String> {
    let mut seen = BTreeSet::new();
    project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys())
        .chain(
            project
                .documents
                .values()
                .flat_map(|document| document.attributes.keys()),
        )
        .filter(|name| seen.insert(name.to_lowercase()))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn work(project: &Project, request: &Request) -> Worked {
    let mut codes = Vec::new();
    let mut methods = None;
    let table = match request.tab {
        Tab::Frequencies => Ok(frequencies(project, request.rolled_up).table(project)),
        Tab::Matrix => {
            let columns = if request.by == "document" {
                MatrixColumns::Documents
            } else {
                MatrixColumns::Attribute(request.by.clone())
            };
            matrix(project, &columns, request.rolled_up).map(|m| m.table(project, request.share))
        }
        Tab::Together => {
            let together = cooccurrence(project, request.together);
            codes.clone_from(&together.codes);
            Ok(together.table(project))
        }
        Tab::Words => {
            word_frequencies(project, &word_options(request)).map(|words| words.table(Some(200)))
        }
        Tab::Agreement => {
            let comparison = Comparison {
                coders: request.coders.iter().copied().collect(),
                ..Comparison::default()
            };
            match (
                agreement(project, &comparison, request.unit),
                stretch_agreement(project, &comparison, request.overlap),
            ) {
                (Ok(report), Ok(stretches)) => {
                    methods = Some(methods_paragraph(
                        request.unit,
                        report.coders.len(),
                        request.overlap,
                    ));
                    Ok(agreement_table(project, &report, &stretches, false))
                }
                (Err(crate::analysis::agreement::AgreementError::TooFewCoders), _) => {
                    Err("Tick two or more coders to compare them.".to_owned())
                }
                (Err(error), _) | (_, Err(error)) => {
                    Err(format!("Agreement cannot be worked out: {error}."))
                }
            }
        }
    };
    Worked {
        request: request.clone(),
        table,
        codes,
        methods,
    }
}

fn word_options(request: &Request) -> WordOptions {
    let mut stop_words = Vec::new();
    if request.english {
        stop_words.push(Language::English);
    }
    if request.french {
        stop_words.push(Language::French);
    }
    WordOptions {
        by: request.words_by.clone(),
        code: None,
        stop_words,
        stem: request.stem,
        with_interviewers: request.with_interviewers,
    }
}

/// What lies behind a clicked cell: the passages of two codes together, or a
/// word's lines in context.
fn detail(
    project: &Project,
    worked: &Worked,
    table: &FigureTable,
    row: usize,
    column: usize,
) -> Option<FigureTable> {
    match worked.request.tab {
        Tab::Together if column > 0 => {
            let (first, second) = (*worked.codes.get(row)?, *worked.codes.get(column - 1)?);
            let found = passages(project, worked.request.together, first, second);
            Some(FigureTable {
                title: format!(
                    "{} with {}",
                    project.code_path(first),
                    project.code_path(second)
                ),
                columns: ["document", "text"].map(str::to_owned).to_vec(),
                rows: found
                    .iter()
                    .filter_map(|passage| {
                        let document = project.documents.get(&passage.document)?;
                        let text = crate::model::text::slice_chars(
                            &document.text,
                            passage.start,
                            passage.end,
                        );
                        Some(vec![
                            TableValue::Text(document.name.clone()),
                            TableValue::Text(text.replace('\n', " ")),
                        ])
                    })
                    .collect(),
            })
        }
        Tab::Words => {
            let TableValue::Text(word) = table.rows.get(row)?.first()? else {
                return None;
            };
            let lines =
                keyword_in_context(project, &word_options(&worked.request), word, 50).ok()?;
            Some(in_context_table(project, word, &lines))
        }
        _ => None,
    }
}
