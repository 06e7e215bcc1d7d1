//! Slicing many passages out of one long text by char offset, without
//! walking the text from its start for each.

/// A text with the byte offset of each of its chars, so that many selections
/// can be sliced out of one long transcript without walking it from the start
/// each time. ASCII text needs no table: chars and bytes coincide.
pub(crate) struct CharIndex<'t> {
    text: &'t str,
    /// Byte offset of every char, then the text's length; empty for ASCII.
    bytes: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(byte, _)| byte)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Self { text, bytes }
    }

    /// The text between char offsets `start` and `end`, clamped to the text.
    pub(crate) fn slice(&self, start: usize, end: usize) -> &'t str {
        let (from, to) = if self.bytes.is_empty() {
            let end = end.min(self.text.len());
            (start.min(end), end)
        } else {
            let chars = self.bytes.len() - 1;
            let end = end.min(chars);
            (self.bytes[start.min(end)], self.bytes[end])
        };
        self.text.get(from..to).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_slices_like_slice_chars() {
        for text in ["Zoë 🙂 林美 end", "plain ascii", ""] {
            let index = CharIndex::new(text);
            let chars = text.chars().count();
            for start in 0..=chars + 1 {
                for end in start..=chars + 2 {
                    assert_eq!(
                        index.slice(start, end),
                        crate::model::text::slice_chars(text, start, end)
                    );
                }
            }
        }
    }
}
