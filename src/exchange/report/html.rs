//! The theme report as one self-contained HTML file: no scripts, no outside
//! resources, headings and tables marked up for screen readers, readable
//! printed or on a phone.

use super::layout::{Block, Column};

/// Escapes text for HTML content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1b1b1b}\
h1,h2,h3,h4{font-family:system-ui,sans-serif;line-height:1.25}\
blockquote{margin:1em 0;padding:.2em 1em;border-left:4px solid #4e79a7;background:#f4f6f9}\
blockquote footer{font-size:.9em;color:#444}\
table{border-collapse:collapse;width:100%;margin:1em 0;font-family:system-ui,sans-serif;font-size:.92em}\
th,td{border:1px solid #bbb;padding:.35em .5em;text-align:left;vertical-align:top}\
th{background:#eef0f3}.status{font-size:.8em;font-weight:normal;color:#555}";

/// The report's `blocks` as one HTML page titled `title`.
pub(super) fn render(title: &str, blocks: &[Block]) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    draw(blocks, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// Each block as one line of markup, or a section of lines.
fn draw(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Heading {
                level,
                text,
                status,
            } => {
                let status = status
                    .as_deref()
                    .map(|status| format!(" <span class=\"status\">({})</span>", escape(status)))
                    .unwrap_or_default();
                out.push_str(&format!("<h{level}>{}{status}</h{level}>\n", escape(text)));
            }
            Block::Paragraph { lead, text } => {
                let lead = lead
                    .map(|lead| format!("<strong>{}</strong> ", escape(lead)))
                    .unwrap_or_default();
                out.push_str(&format!("<p>{lead}{}</p>\n", escape(text)));
            }
            Block::Quote { text, source } => out.push_str(&format!(
                "<blockquote><p>{}</p><footer>{}</footer></blockquote>\n",
                escape(text),
                escape(source)
            )),
            Block::Table { columns, rows } => table(columns, rows, out),
            Block::Section(inner) => {
                out.push_str("<section>\n");
                draw(inner, out);
                out.push_str("</section>\n");
            }
        }
    }
}

/// A table whose first cell in each row is that row's header, for screen
/// readers.
fn table(columns: &[Column], rows: &[Vec<String>], out: &mut String) {
    out.push_str("<table>\n<thead><tr>");
    for column in columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&column.title)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        if let Some((name, cells)) = row.split_first() {
            out.push_str(&format!("<th scope=\"row\">{}</th>", escape(name)));
            for cell in cells {
                out.push_str(&format!("<td>{}</td>", escape(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
