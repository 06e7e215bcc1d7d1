//! Writing XML: a small indenting writer, and the one escaper every XML the
//! exchange formats write goes through (QDPX, QDC and the DOCX's parts).

/// A small XML writer: the declaration, indented elements, and escaping that
/// keeps every string well-formed (characters XML 1.0 forbids become U+FFFD).
pub(crate) struct XmlWriter {
    out: String,
    depth: usize,
}

impl XmlWriter {
    pub(crate) fn new() -> Self {
        Self {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, String)]) {
        for _ in 0..self.depth {
            self.out.push('\t');
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_escaped(&mut self.out, value, true);
            self.out.push('"');
        }
    }

    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, String)]) {
        self.start_tag(name, attributes);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, String)]) {
        self.start_tag(name, attributes);
        self.out.push_str("/>\n");
    }

    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.out.push('\t');
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name>text</name>` on one line, the text exactly as given.
    pub(crate) fn text_element(&mut self, name: &str, text: &str) {
        self.start_tag(name, &[]);
        self.out.push('>');
        push_escaped(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Escapes `text` for element content or (with `in_attribute`) a double-quoted
/// attribute, where line breaks and tabs must be character references or a
/// parser would turn them into spaces.
pub(crate) fn push_escaped(out: &mut String, text: &str, in_attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => {
                out.push(c);
            }
            _ => out.push('\u{FFFD}'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_line_breaks_in_attributes_and_drops_forbidden_characters() {
        let mut out = String::new();
        push_escaped(&mut out, "a&b<c>\"d\"\n\te\u{1}🙂", true);
        assert_eq!(out, "a&amp;b&lt;c&gt;&quot;d&quot;&#10;&#9;e\u{FFFD}🙂");
        let mut out = String::new();
        push_escaped(&mut out, "line\nnext \"q\"\r", false);
        assert_eq!(out, "line\nnext \"q\"&#13;");
    }
}
