//! The theme report as one self-contained HTML file: no scripts, no outside
//! resources, headings and tables marked up for screen readers, readable
//! printed or on a phone.

use super::Report;

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

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&report.title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    out.push_str(&format!("<p>Theme report, {}.</p>\n", escape(&report.date)));
    out.push_str(&format!(
        "<h2>Methods</h2>\n<p>{}</p>\n<h2>Themes</h2>\n",
        escape(&report.methods)
    ));
    if report.themes.is_empty() {
        out.push_str("<p>No themes yet.</p>\n");
    }
    for theme in &report.themes {
        let level = 3 + theme.depth.min(3);
        out.push_str(&format!(
            "<section>\n<h{level}>{} {} <span class=\"status\">({})</span></h{level}>\n",
            escape(&theme.number),
            escape(&theme.name),
            theme.status
        ));
        if !theme.concept.is_empty() {
            out.push_str(&format!(
                "<p><strong>Central organising concept.</strong> {}</p>\n",
                escape(&theme.concept)
            ));
        }
        if !theme.definition.is_empty() {
            out.push_str(&format!(
                "<p><strong>Definition.</strong> {}</p>\n",
                escape(&theme.definition)
            ));
        }
        if !theme.subthemes.is_empty() {
            let names: Vec<String> = theme.subthemes.iter().map(|name| escape(name)).collect();
            out.push_str(&format!(
                "<p><strong>Subthemes:</strong> {}.</p>\n",
                names.join("; ")
            ));
        }
        let codes: Vec<String> = theme.codes.iter().map(|code| escape(code)).collect();
        out.push_str(&format!(
            "<p><strong>Codes:</strong> {} ({} coded {}).</p>\n",
            if codes.is_empty() {
                "none yet".to_owned()
            } else {
                codes.join("; ")
            },
            theme.segments,
            super::plural(theme.segments, "segment")
        ));
        for quote in &theme.quotes {
            out.push_str(&format!(
                "<blockquote><p>“{}”</p><footer>— {}</footer></blockquote>\n",
                escape(&quote.text),
                escape(&quote.attribution)
            ));
        }
        out.push_str("</section>\n");
    }
    if !report.prevalence.is_empty() && !report.groups.is_empty() {
        out.push_str(&format!(
            "<h2>Prevalence by {}</h2>\n<p>Participants (and coded segments) of each group whose words are in each theme.</p>\n<table>\n<thead><tr><th scope=\"col\">Theme</th>",
            escape(&report.group_attribute)
        ));
        for (group, size) in &report.groups {
            out.push_str(&format!(
                "<th scope=\"col\">{} (n = {size})</th>",
                escape(group)
            ));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (theme, cells) in &report.prevalence {
            out.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(theme)));
            for cell in cells {
                out.push_str(&format!("<td>{}</td>", escape(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h2>Appendix: codebook</h2>\n<table>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Description</th><th scope=\"col\">Codings</th><th scope=\"col\">Documents</th></tr></thead>\n<tbody>\n");
    for code in &report.codebook {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&code.path),
            escape(&code.description),
            code.codings,
            code.documents
        ));
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
