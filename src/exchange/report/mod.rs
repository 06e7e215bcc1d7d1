//! The theme report: the analysis written up for a paper or a team, as Word
//! (DOCX), HTML and Markdown. Each theme with its central organising concept,
//! definition, subthemes, codes and key quotes attributed by participant
//! pseudonym and group; a prevalence table of each theme by participant
//! group; a methods paragraph naming the coders and the review rounds; and
//! the codebook as an appendix.
//!
//! [`Report::of`] gathers everything once from the project; `layout` walks
//! it once into blocks (headings, paragraphs, quotes, tables, a section per
//! theme), which `markdown`, `html` and `docx` only draw. The same project
//! gives the same bytes: the only time in a report is the one passed in.

mod docx;
mod html;
mod layout;
mod markdown;

pub use html::escape as html_escape;

use crate::analysis::themes::{UNKNOWN, attribution, prevalence, theme_segments};
use crate::exchange::ExchangeError;
use crate::model::{CommentKind, Project, ResolutionState, Theme, ThemeId, ThemeStatus};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The setting of the codes-by-group appendix ([`Project::REPORT_CODES_BY_GROUP`]).
pub const CODES_BY_GROUP_SETTING: &str = Project::REPORT_CODES_BY_GROUP;
/// The setting of the agreement paragraph ([`Project::REPORT_AGREEMENT`]).
pub const AGREEMENT_SETTING: &str = Project::REPORT_AGREEMENT;

/// The formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Docx,
    Html,
    Markdown,
}

impl ReportFormat {
    /// The format a file name's extension asks for.
    #[must_use]
    pub fn from_extension(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_lowercase().as_str() {
            "docx" => Some(Self::Docx),
            "html" | "htm" => Some(Self::Html),
            "md" | "markdown" => Some(Self::Markdown),
            _ => None,
        }
    }
}

/// One key quote, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuote {
    pub text: String,
    /// "P3, peer practitioner, focus group 2", with ", p. 4" for a document with pages.
    pub attribution: String,
}

/// One theme (or subtheme), ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTheme {
    /// "2" for a theme, "2.1" for its first subtheme.
    pub number: String,
    pub depth: usize,
    pub name: String,
    pub status: ThemeStatus,
    pub concept: String,
    pub definition: String,
    pub subthemes: Vec<String>,
    pub codes: Vec<String>,
    pub segments: usize,
    pub quotes: Vec<ReportQuote>,
}

/// One code of the appendix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCode {
    pub path: String,
    pub description: String,
    pub codings: usize,
    pub documents: usize,
}

/// Everything a report says, gathered from a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// When it was made, as the reader sees it ("23 November 2026").
    pub date: String,
    /// When it was made, in milliseconds since the epoch.
    pub made_at: i64,
    pub methods: String,
    pub themes: Vec<ReportTheme>,
    /// The participant attribute of the prevalence table.
    pub group_attribute: String,
    /// Its values with their numbers of participants.
    pub groups: Vec<(String, usize)>,
    /// Per theme number and name: per group, "3 of 5 (9 segments)".
    pub prevalence: Vec<(String, Vec<String>)>,
    pub codebook: Vec<ReportCode>,
    /// The agreement paragraph for the methods, when coders were compared.
    pub agreement: Option<String>,
    /// The codes-by-group appendix, when asked for: codings of each code by
    /// the value of the group attribute.
    pub codes_by_group: Option<crate::exchange::FigureTable>,
}

impl Report {
    /// The report of `project` (called `title`), counting prevalence by the
    /// participant attribute `group_attribute`, dated `made_at` (milliseconds
    /// since the epoch). Discarded themes are left out.
    #[must_use]
    pub fn of(project: &Project, title: &str, group_attribute: &str, made_at: i64) -> Self {
        let themes = report_themes(project);
        let table = prevalence(project, group_attribute);
        let groups: Vec<(String, usize)> = table
            .groups
            .iter()
            .filter(|(group, _)| group != UNKNOWN)
            .cloned()
            .collect();
        let prevalence = themes
            .iter()
            .filter_map(|theme| {
                let id = project.find_theme(&theme.name)?.id;
                let row = table.rows.iter().find(|row| row.theme == id)?;
                let cells = groups
                    .iter()
                    .map(|(group, size)| {
                        let (people, segments) = row.counts.get(group).copied().unwrap_or((0, 0));
                        format!(
                            "{people} of {size} ({segments} {})",
                            plural(segments, "segment")
                        )
                    })
                    .collect();
                Some((format!("{} {}", theme.number, theme.name), cells))
            })
            .collect();
        let counts = project.code_counts();
        let codebook = project
            .codes_in_tree_order()
            .into_iter()
            .map(|(_, code)| {
                let count = counts.get(&code.id).copied().unwrap_or_default();
                ReportCode {
                    path: project.code_path(code.id),
                    description: code.description.clone(),
                    codings: count.codings,
                    documents: count.documents,
                }
            })
            .collect();
        Report {
            title: title.to_owned(),
            date: long_date(made_at),
            made_at,
            methods: methods(project, &themes),
            themes,
            group_attribute: group_attribute.trim().to_owned(),
            groups,
            prevalence,
            codebook,
            agreement: None,
            codes_by_group: None,
        }
    }

    /// The report with an appendix of codings of each code by the value of
    /// its group attribute (participant, else document); left out, with the
    /// reason, when no one has that attribute.
    pub fn with_codes_by_group(mut self, project: &Project) -> Result<Self, String> {
        use crate::analysis::study::matrix::{MatrixColumns, Share, matrix};
        let columns = MatrixColumns::Attribute(self.group_attribute.clone());
        let table = matrix(project, &columns, false)?.table(project, Share::Counts);
        self.codes_by_group = Some(table);
        Ok(self)
    }

    /// The report with what the project asks its reports to hold (chosen
    /// in the window's Study tables, kept as settings): the codes-by-group
    /// appendix by the attribute [`CODES_BY_GROUP_SETTING`] names, and the
    /// agreement of the coders [`AGREEMENT_SETTING`] lists. A choice that no
    /// longer fits the project (an attribute gone, a coder left alone) is
    /// left out rather than failing the report.
    #[must_use]
    pub fn with_project_choices(mut self, project: &Project) -> Self {
        if let Some(attribute) = project.settings.get(CODES_BY_GROUP_SETTING)
            && self.codes_by_group.is_none()
        {
            let group = std::mem::replace(&mut self.group_attribute, attribute.clone());
            self = match self.clone().with_codes_by_group(project) {
                Ok(report) => report,
                Err(_) => self,
            };
            if self.codes_by_group.is_none() {
                self.group_attribute = group;
            }
        }
        if let Some(coders) = project.settings.get(AGREEMENT_SETTING)
            && self.agreement.is_none()
        {
            let ids: Vec<crate::model::CoderId> = coders
                .split(',')
                .filter_map(|id| uuid::Uuid::parse_str(id.trim()).ok())
                .map(crate::model::CoderId)
                .filter(|id| project.coders.contains_key(id))
                .collect();
            if let Ok(paragraph) = crate::analysis::agreement::report_paragraph(project, &ids) {
                self.agreement = Some(paragraph);
            }
        }
        self
    }

    /// The report with the agreement paragraph in its methods.
    #[must_use]
    pub fn with_agreement(mut self, paragraph: String) -> Self {
        self.agreement = Some(paragraph);
        self
    }

    /// The report laid out as `format`.
    #[must_use]
    pub fn render(&self, format: ReportFormat) -> Vec<u8> {
        let blocks = layout::layout(self);
        match format {
            ReportFormat::Markdown => markdown::render(&blocks).into_bytes(),
            ReportFormat::Html => html::render(&self.title, &blocks).into_bytes(),
            ReportFormat::Docx => docx::render(&blocks, &self.title, self.made_at),
        }
    }

    /// Writes the report to `out` as `format`, never leaving a half-written
    /// file.
    pub fn save(&self, format: ReportFormat, out: &Path) -> Result<(), ExchangeError> {
        crate::exchange::common::save_atomically(out, &self.render(format))
    }
}

/// `word`, or `word` with an s: the report names only regular plurals.
fn plural(count: usize, word: &str) -> String {
    crate::words::plural(count, word, &format!("{word}s")).to_owned()
}

/// Themes that are not discarded, in tree order, numbered.
fn report_themes(project: &Project) -> Vec<ReportTheme> {
    fn visit(
        project: &Project,
        parent: Option<ThemeId>,
        prefix: &str,
        depth: usize,
        out: &mut Vec<ReportTheme>,
    ) {
        let children = sorted_children(project, parent);
        for (index, theme) in children.iter().enumerate() {
            let number = if prefix.is_empty() {
                (index + 1).to_string()
            } else {
                format!("{prefix}.{}", index + 1)
            };
            out.push(ReportTheme {
                number: number.clone(),
                depth,
                name: theme.name.clone(),
                status: theme.status,
                concept: theme.concept.clone(),
                definition: theme.definition.clone(),
                subthemes: sorted_children(project, Some(theme.id))
                    .iter()
                    .map(|child| child.name.clone())
                    .collect(),
                codes: theme
                    .codes
                    .iter()
                    .map(|code| project.code_path(*code))
                    .collect(),
                segments: theme_segments(project, theme.id).len(),
                quotes: theme
                    .key_quotes
                    .iter()
                    .filter_map(|id| project.segment(id))
                    .map(|segment| ReportQuote {
                        text: segment
                            .quote
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        attribution: cited_attribution(
                            attribution(project, segment.coding.id),
                            segment
                                .document
                                .page_citation(segment.coding.start, segment.coding.end),
                        ),
                    })
                    .collect(),
            });
            visit(project, Some(theme.id), &number, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    visit(project, None, "", 0, &mut out);
    out
}

/// "P3, peer practitioner, interview 2, p. 4": the page goes after the attribution, and
/// only for documents with pages (PDFs), so other reports read as before.
fn cited_attribution(attribution: String, page: Option<String>) -> String {
    match page {
        Some(page) => format!("{attribution}, {page}"),
        None => attribution,
    }
}

fn sorted_children(project: &Project, parent: Option<ThemeId>) -> Vec<&Theme> {
    project
        .subthemes(parent)
        .into_iter()
        .filter(|theme| theme.status != ThemeStatus::Discarded)
        .collect()
}

/// "a, b and c".
fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The methods paragraph: what was coded, by whom, into what, and how the
/// co-authors reviewed it. A review round is a day on which co-authors left
/// comments.
fn methods(project: &Project, themes: &[ReportTheme]) -> String {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for document in project.documents.values() {
        let kind = document
            .attributes
            .iter()
            .find(|(key, value)| key.eq_ignore_ascii_case("type") && !value.trim().is_empty())
            .map_or_else(
                || "transcript".to_owned(),
                |(_, value)| value.trim().to_owned(),
            );
        *kinds.entry(kind).or_default() += 1;
    }
    let kinds: Vec<String> = kinds
        .into_iter()
        .map(|(kind, count)| format!("{count} {}", plural(count, &kind)))
        .collect();
    let participants = project
        .participants
        .values()
        .filter(|participant| !participant.is_interviewer)
        .count();
    let mut coders: BTreeSet<&str> = BTreeSet::new();
    for coding in project.codings.values() {
        if let Some(coder) = project.coders.get(&coding.coder) {
            coders.insert(coder.name.as_str());
        }
    }
    let coders: Vec<String> = coders.into_iter().map(str::to_owned).collect();
    let mut statuses: BTreeMap<ThemeStatus, usize> = BTreeMap::new();
    for theme in themes {
        *statuses.entry(theme.status).or_default() += 1;
    }
    let statuses: Vec<String> = statuses
        .into_iter()
        .map(|(status, count)| format!("{count} {status}"))
        .collect();
    let top = themes.iter().filter(|theme| theme.depth == 0).count();
    let sub = themes.len() - top;
    let mut text = format!(
        "{} {} ({}) with {participants} {} were coded in Polyphony by {}, giving {} {} of {} {}. \
         The codes were built into {top} {}{} ({}).",
        project.documents.len(),
        plural(project.documents.len(), "transcript"),
        join_words(&kinds),
        plural(participants, "participant"),
        if coders.is_empty() {
            "no one yet".to_owned()
        } else {
            join_words(&coders)
        },
        project.codings.len(),
        plural(project.codings.len(), "coding"),
        project.codes.len(),
        plural(project.codes.len(), "code"),
        plural(top, "theme"),
        if sub == 0 {
            String::new()
        } else {
            format!(" and {sub} {}", plural(sub, "subtheme"))
        },
        join_words(&statuses),
    );
    let reviews: Vec<_> = project
        .comments
        .values()
        .filter(|comment| comment.kind != CommentKind::Reply)
        .collect();
    if reviews.is_empty() {
        text.push_str(" The themes have not yet been reviewed by co-authors in Polyphony.");
        return text;
    }
    let reviewers: BTreeSet<&str> = reviews
        .iter()
        .map(|comment| comment.author.as_str())
        .collect();
    let days: BTreeSet<i64> = reviews
        .iter()
        .map(|comment| comment.created_at.div_euclid(86_400_000))
        .collect();
    let mut resolved: BTreeMap<ResolutionState, usize> = BTreeMap::new();
    for comment in &reviews {
        if let Some(resolution) = &comment.resolution {
            *resolved.entry(resolution.state).or_default() += 1;
        }
    }
    let resolved_count: usize = resolved.values().sum();
    let resolved: Vec<String> = resolved
        .into_iter()
        .map(|(state, count)| format!("{count} {}", state.label()))
        .collect();
    let reviewers: Vec<String> = reviewers.into_iter().map(str::to_owned).collect();
    text.push_str(&format!(
        " Lived-experience co-authors ({}) reviewed the themes in {} review {}, leaving {} {}; \
         {resolved_count} {} resolved{}.",
        join_words(&reviewers),
        days.len(),
        plural(days.len(), "round"),
        reviews.len(),
        plural(reviews.len(), "comment"),
        if resolved_count == 1 { "was" } else { "were" },
        if resolved.is_empty() {
            String::new()
        } else {
            format!(" ({})", join_words(&resolved))
        },
    ));
    text
}

/// "23 November 2026" for a time in milliseconds since the epoch (UTC).
fn long_date(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at.div_euclid(1000))
        .map(|moment| format!("{} {} {}", moment.day(), moment.month(), moment.year()))
        .unwrap_or_default()
}

/// The ISO 8601 form of a time, for document properties.
fn iso_time(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at.div_euclid(1000))
        .ok()
        .and_then(|moment| {
            moment
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
