//! The theme report as Markdown (CommonMark with GitHub's tables), for
//! repositories, wikis and pandoc.

use super::layout::{Block, Column};

/// Escapes what Markdown would read as markup in running text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report's `blocks` as Markdown: each block's lines, a blank line
/// between blocks.
pub(super) fn render(blocks: &[Block]) -> String {
    let mut drawn = Vec::new();
    draw(blocks, &mut drawn);
    drawn.join("\n")
}

/// Each block as its lines, every line ending in a line break.
fn draw(blocks: &[Block], drawn: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Heading {
                level,
                text,
                status,
            } => {
                let status = status
                    .as_deref()
                    .map(|status| format!(" ({})", escape(status)))
                    .unwrap_or_default();
                drawn.push(format!("{} {}{status}\n", "#".repeat(*level), escape(text)));
            }
            Block::Paragraph { lead, text } => {
                let lead = lead.map(|lead| format!("**{lead}** ")).unwrap_or_default();
                drawn.push(format!("{lead}{}\n", escape(text)));
            }
            Block::Quote { text, source } => {
                drawn.push(format!("> {}\n> {}\n", escape(text), escape(source)));
            }
            Block::Table { columns, rows } => drawn.push(table(columns, rows)),
            // Markdown has no sections: a theme's heading is enough.
            Block::Section(inner) => draw(inner, drawn),
        }
    }
}

fn table(columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = String::from("|");
    for column in columns {
        out.push_str(&format!(" {} |", escape(&column.title)));
    }
    out.push_str("\n|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    for row in rows {
        out.push('|');
        for (index, value) in row.iter().enumerate() {
            let multiline = columns.get(index).is_some_and(|column| column.multiline);
            let value = if multiline {
                escape(&value.replace('\n', " "))
            } else {
                escape(value)
            };
            out.push_str(&format!(" {value} |"));
        }
        out.push('\n');
    }
    out
}
