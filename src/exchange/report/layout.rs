//! The theme report walked once, in reading order, into the blocks that the
//! Markdown, HTML and DOCX writers draw: what is said, in what order, and
//! with what emphasis is decided here, so that the three formats cannot drift
//! apart; how a heading, a quote or a table looks is each writer's own.

use super::{Report, ReportCode, ReportTheme, plural};

/// One thing a writer draws. Text is as the reader should read it; each
/// writer escapes it for its own format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// Level 1 is the report's title, level 2 its parts (methods, themes,
    /// prevalence, appendix), levels 3 to 6 the themes by depth.
    Heading {
        level: usize,
        text: String,
        /// A theme's status, which the writers set apart in parentheses.
        status: Option<String>,
    },
    /// Running text, perhaps led by a bold label ("Definition.") that a space
    /// separates from the text.
    Paragraph {
        lead: Option<&'static str>,
        text: String,
    },
    /// A key quote in its quotation marks, and its source after a dash.
    Quote { text: String, source: String },
    Table {
        columns: Vec<Column>,
        /// Each row starts with the cell that names it.
        rows: Vec<Vec<String>>,
    },
    /// One theme's blocks, which HTML wraps in a `<section>`. A subtheme's
    /// section follows its theme's rather than sitting inside it: the report
    /// lists themes flat, in tree order, numbered.
    Section(Vec<Block>),
}

/// A table's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Column {
    pub title: String,
    /// Its share of the page width, in DOCX.
    pub weight: u32,
    /// Whether its cells may run over several lines (a code's description):
    /// a Markdown table row must stay on one line.
    pub multiline: bool,
}

impl Column {
    fn new(title: impl Into<String>, weight: u32) -> Self {
        Self {
            title: title.into(),
            weight,
            multiline: false,
        }
    }
}

/// The blocks of `report`, in reading order.
pub(super) fn layout(report: &Report) -> Vec<Block> {
    let mut blocks = vec![
        heading(1, &report.title),
        plain(format!("Theme report, {}.", report.date)),
        heading(2, "Methods"),
        plain(report.methods.clone()),
    ];
    if let Some(agreement) = &report.agreement {
        // The paragraph's references follow it after a blank line.
        blocks.extend(agreement.split("\n\n").map(|part| plain(part.to_owned())));
    }
    blocks.push(heading(2, "Themes"));
    if report.themes.is_empty() {
        blocks.push(plain("No themes yet.".to_owned()));
    }
    blocks.extend(report.themes.iter().map(theme_section));
    // A table of no groups would say nothing, and one of no themes nothing more.
    if !report.prevalence.is_empty() && !report.groups.is_empty() {
        blocks.extend(prevalence(report));
    }
    blocks.push(heading(2, "Appendix: codebook"));
    blocks.push(codebook_table(&report.codebook));
    if let Some(table) = &report.codes_by_group {
        blocks.push(heading(
            2,
            &format!("Appendix: codes by {}", report.group_attribute),
        ));
        blocks.push(plain(
            "Codings of each code by the group of the participant speaking where each coding starts."
                .to_owned(),
        ));
        blocks.push(figure_table(table));
    }
    blocks
}

/// A table worked out elsewhere, as the report prints it: the first column
/// wider, the rest as numbers.
fn figure_table(table: &crate::exchange::FigureTable) -> Block {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(at, name)| Column::new(name.clone(), if at == 0 { 3 } else { 1 }))
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| row.iter().map(|value| value.shown(1, "–")).collect())
        .collect();
    Block::Table { columns, rows }
}

fn heading(level: usize, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
        status: None,
    }
}

fn plain(text: String) -> Block {
    Block::Paragraph { lead: None, text }
}

fn led(lead: &'static str, text: String) -> Block {
    Block::Paragraph {
        lead: Some(lead),
        text,
    }
}

/// A theme: its heading, what it is, its codes and its key quotes.
fn theme_section(theme: &ReportTheme) -> Block {
    // Markdown and HTML have six heading levels; deeper themes share the last.
    let mut blocks = vec![Block::Heading {
        level: 3 + theme.depth.min(3),
        text: format!("{} {}", theme.number, theme.name),
        status: Some(theme.status.to_string()),
    }];
    if !theme.concept.is_empty() {
        blocks.push(led("Central organising concept.", theme.concept.clone()));
    }
    if !theme.definition.is_empty() {
        blocks.push(led("Definition.", theme.definition.clone()));
    }
    if !theme.subthemes.is_empty() {
        blocks.push(led(
            "Subthemes:",
            format!("{}.", theme.subthemes.join("; ")),
        ));
    }
    let codes = if theme.codes.is_empty() {
        "none yet".to_owned()
    } else {
        theme.codes.join("; ")
    };
    blocks.push(led(
        "Codes:",
        format!(
            "{codes} ({} coded {}).",
            theme.segments,
            plural(theme.segments, "segment")
        ),
    ));
    blocks.extend(theme.quotes.iter().map(|quote| Block::Quote {
        text: format!("“{}”", quote.text),
        source: format!("— {}", quote.attribution),
    }));
    Block::Section(blocks)
}

/// The prevalence part: its heading, what the table counts, and the table.
fn prevalence(report: &Report) -> [Block; 3] {
    let mut columns = vec![Column::new("Theme", 3)];
    columns.extend(
        report
            .groups
            .iter()
            .map(|(group, size)| Column::new(format!("{group} (n = {size})"), 2)),
    );
    let rows = report
        .prevalence
        .iter()
        .map(|(theme, cells)| {
            let mut row = vec![theme.clone()];
            row.extend(cells.iter().cloned());
            row
        })
        .collect();
    [
        heading(2, &format!("Prevalence by {}", report.group_attribute)),
        plain(
            "Participants (and coded segments) of each group whose words are in each theme."
                .to_owned(),
        ),
        Block::Table { columns, rows },
    ]
}

fn codebook_table(codebook: &[ReportCode]) -> Block {
    let columns = vec![
        Column::new("Code", 3),
        Column {
            multiline: true,
            ..Column::new("Description", 5)
        },
        Column::new("Codings", 1),
        Column::new("Documents", 1),
    ];
    let rows = codebook
        .iter()
        .map(|code| {
            vec![
                code.path.clone(),
                code.description.clone(),
                code.codings.to_string(),
                code.documents.to_string(),
            ]
        })
        .collect();
    Block::Table { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::report::ReportQuote;
    use crate::model::ThemeStatus;

    fn theme(number: &str, depth: usize) -> ReportTheme {
        ReportTheme {
            number: number.to_owned(),
            depth,
            name: format!("Theme {number}"),
            status: ThemeStatus::Candidate,
            concept: String::new(),
            definition: String::new(),
            subthemes: Vec::new(),
            codes: Vec::new(),
            segments: 1,
            quotes: vec![ReportQuote {
                text: "Words.".to_owned(),
                attribution: "P1".to_owned(),
            }],
        }
    }

    fn report(themes: Vec<ReportTheme>) -> Report {
        Report {
            title: "T".to_owned(),
            date: "1 January 2026".to_owned(),
            made_at: 0,
            methods: "M.".to_owned(),
            themes,
            group_attribute: "group".to_owned(),
            groups: Vec::new(),
            prevalence: vec![("1 Theme 1".to_owned(), Vec::new())],
            codebook: Vec::new(),
            agreement: None,
            codes_by_group: None,
        }
    }

    fn section_headings(blocks: &[Block]) -> Vec<(usize, String)> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Section(inner) => match inner.first() {
                    Some(Block::Heading { level, text, .. }) => Some((*level, text.clone())),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn subthemes_follow_their_theme_one_level_deeper_down_to_the_sixth() {
        let themes = vec![
            theme("1", 0),
            theme("1.1", 1),
            theme("1.1.1", 2),
            theme("1.1.1.1", 3),
            theme("1.1.1.1.1", 4),
        ];
        let levels: Vec<usize> = section_headings(&layout(&report(themes)))
            .into_iter()
            .map(|(level, _)| level)
            .collect();
        assert_eq!(levels, [3, 4, 5, 6, 6]);
    }

    #[test]
    fn a_theme_without_concept_or_codes_still_says_it_has_no_codes() {
        let blocks = layout(&report(vec![theme("1", 0)]));
        let Some(Block::Section(inner)) = blocks.iter().find(|b| matches!(b, Block::Section(_)))
        else {
            panic!("the theme has a section");
        };
        assert_eq!(
            inner[1..],
            [
                led("Codes:", "none yet (1 coded segment).".to_owned()),
                Block::Quote {
                    text: "“Words.”".to_owned(),
                    source: "— P1".to_owned()
                }
            ]
        );
    }

    #[test]
    fn no_groups_means_no_prevalence_part() {
        let blocks = layout(&report(Vec::new()));
        assert!(blocks.contains(&plain("No themes yet.".to_owned())));
        assert!(!blocks.iter().any(|block| matches!(
            block,
            Block::Heading { text, .. } if text.starts_with("Prevalence")
        )));
        assert_eq!(
            blocks.last(),
            Some(&codebook_table(&[])),
            "the codebook closes the report"
        );
    }
}
