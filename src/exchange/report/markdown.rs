//! The theme report as Markdown (CommonMark with GitHub's tables), for
//! repositories, wikis and pandoc.

use super::Report;

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

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", escape(&report.title)));
    out.push_str(&format!("Theme report, {}.\n\n", report.date));
    out.push_str("## Methods\n\n");
    out.push_str(&escape(&report.methods));
    out.push_str("\n\n## Themes\n\n");
    if report.themes.is_empty() {
        out.push_str("No themes yet.\n\n");
    }
    for theme in &report.themes {
        let hashes = "#".repeat(3 + theme.depth.min(3));
        out.push_str(&format!(
            "{hashes} {} {} ({})\n\n",
            theme.number,
            escape(&theme.name),
            theme.status
        ));
        if !theme.concept.is_empty() {
            out.push_str(&format!(
                "**Central organising concept.** {}\n\n",
                escape(&theme.concept)
            ));
        }
        if !theme.definition.is_empty() {
            out.push_str(&format!(
                "**Definition.** {}\n\n",
                escape(&theme.definition)
            ));
        }
        if !theme.subthemes.is_empty() {
            let names: Vec<String> = theme.subthemes.iter().map(|name| escape(name)).collect();
            out.push_str(&format!("**Subthemes:** {}.\n\n", names.join("; ")));
        }
        let codes: Vec<String> = theme.codes.iter().map(|code| escape(code)).collect();
        out.push_str(&format!(
            "**Codes:** {} ({} coded {}).\n\n",
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
                "> “{}”\n> — {}\n\n",
                escape(&quote.text),
                escape(&quote.attribution)
            ));
        }
    }
    if !report.prevalence.is_empty() && !report.groups.is_empty() {
        out.push_str(&format!(
            "## Prevalence by {}\n\nParticipants (and coded segments) of each group whose words are in each theme.\n\n",
            escape(&report.group_attribute)
        ));
        out.push_str("| Theme |");
        for (group, size) in &report.groups {
            out.push_str(&format!(" {} (n = {size}) |", escape(group)));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(report.groups.len()));
        out.push('\n');
        for (theme, cells) in &report.prevalence {
            out.push_str(&format!("| {} |", escape(theme)));
            for cell in cells {
                out.push_str(&format!(" {cell} |"));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("## Appendix: codebook\n\n| Code | Description | Codings | Documents |\n|---|---|---|---|\n");
    for code in &report.codebook {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            escape(&code.path),
            escape(&code.description.replace('\n', " ")),
            code.codings,
            code.documents
        ));
    }
    out
}
