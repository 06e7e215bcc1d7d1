//! Cleans the text of caption cues (WebVTT and SubRip): removes styling markup, decodes
//! WebVTT's character references, and splits lines at `Name: ` speaker prefixes.

use super::speaker::speaker_prefix;

/// Which markup a caption format uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// WebVTT: every `<...>` is a tag, and `&amp;` `&lt;` `&gt;` `&nbsp;` are references.
    WebVtt,
    /// SubRip: only `<i> <b> <u> <s> <font ...>` and `{\...}` overrides are markup;
    /// other text, such as "<laughs>", is kept.
    SubRip,
}

/// `text` without markup, with WebVTT references decoded.
pub(crate) fn strip_markup(text: &str, markup: Markup) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find(['<', '&', '{']) {
        plain.push_str(&rest[..index]);
        rest = &rest[index..];
        if let Some(length) = markup_length(rest, markup) {
            rest = &rest[length..];
        } else if let Some((decoded, length)) = reference(rest, markup) {
            plain.push_str(decoded);
            rest = &rest[length..];
        } else {
            // Checked above: `rest` starts with a one-byte ASCII character.
            plain.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    plain.push_str(rest);
    plain
}

/// The byte length of a tag or override at the start of `text`, if it is markup.
fn markup_length(text: &str, markup: Markup) -> Option<usize> {
    if let Some(inside) = text.strip_prefix("{\\") {
        return (markup == Markup::SubRip)
            .then(|| inside.find('}').map(|end| end + 3))
            .flatten();
    }
    let inside = text.strip_prefix('<')?;
    let end = inside.find(['>', '\n', '<'])?;
    if !inside[end..].starts_with('>') {
        return None;
    }
    let tag = &inside[..end];
    let is_markup = match markup {
        Markup::WebVtt => true,
        Markup::SubRip => {
            let name = tag
                .trim_start_matches('/')
                .split([' ', '\t'])
                .next()
                .unwrap_or("");
            ["i", "b", "u", "s", "font"]
                .iter()
                .any(|known| name.eq_ignore_ascii_case(known))
        }
    };
    is_markup.then_some(end + 2)
}

/// A WebVTT character reference at the start of `text`: its text and byte length.
fn reference(text: &str, markup: Markup) -> Option<(&'static str, usize)> {
    const REFERENCES: [(&str, &str); 8] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", "\u{A0}"),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&lrm;", "\u{200E}"),
        ("&rlm;", "\u{200F}"),
    ];
    if markup != Markup::WebVtt {
        return None;
    }
    REFERENCES
        .iter()
        .find(|(name, _)| text.starts_with(name))
        .map(|(name, decoded)| (*decoded, name.len()))
}

/// Splits cleaned cue lines into (speaker, text) pieces: a line that starts with a
/// `Name: ` prefix starts a piece of that speaker; other lines continue the current
/// piece, joined by a space, since line breaks in captions only wrap the picture.
pub(crate) fn split_at_speaker_prefixes(text: &str) -> Vec<(Option<String>, String)> {
    let mut pieces: Vec<(Option<String>, String)> = Vec::new();
    for line in text.split('\n') {
        let (speaker, words) = match speaker_prefix(line) {
            Some(prefix) => (Some(prefix.label), line[prefix.utterance_offset..].trim()),
            None => (None, line.trim()),
        };
        match pieces.last_mut() {
            Some((_, piece)) if speaker.is_none() => {
                if !words.is_empty() {
                    if !piece.is_empty() {
                        piece.push(' ');
                    }
                    piece.push_str(words);
                }
            }
            _ => pieces.push((speaker, words.to_string())),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, markup: Markup, expected: &str) {
        assert_eq!(
            strip_markup(text, markup),
            expected,
            "strip_markup({text:?}, {markup:?})"
        );
    }

    #[test]
    fn strips_webvtt_markup_and_decodes_references() {
        check(
            "<c.yellow>Hi</c> <i>there</i> <b>now</b>",
            Markup::WebVtt,
            "Hi there now",
        );
        check(
            "one <00:01.000>two <00:00:02.000>three",
            Markup::WebVtt,
            "one two three",
        );
        check(
            "Fish &amp; chips &lt;3 &gt; a&nbsp;b",
            Markup::WebVtt,
            "Fish & chips <3 > a\u{A0}b",
        );
        check("&unknown; & {\\an8}", Markup::WebVtt, "&unknown; & {\\an8}");
        check("a < b", Markup::WebVtt, "a < b");
        check("Zoë 🙂 林美", Markup::WebVtt, "Zoë 🙂 林美");
    }

    #[test]
    fn strips_only_subrip_styling() {
        check(
            "<i>Hi</i> <font color=\"red\">there</font>",
            Markup::SubRip,
            "Hi there",
        );
        check(
            "{\\an8}Top <laughs> &amp;",
            Markup::SubRip,
            "Top <laughs> &amp;",
        );
        check("<B>Bold</B>", Markup::SubRip, "Bold");
    }

    #[test]
    fn splits_lines_at_speaker_prefixes() {
        let pieces = split_at_speaker_prefixes("Helen: Hello\nthere\nZoë: Hi\n\n");
        assert_eq!(
            pieces,
            vec![
                (Some("Helen".to_string()), "Hello there".to_string()),
                (Some("Zoë".to_string()), "Hi".to_string())
            ]
        );
        assert_eq!(
            split_at_speaker_prefixes("just\ntext"),
            vec![(None, "just text".to_string())]
        );
    }
}
