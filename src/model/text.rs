//! Conversions between char offsets (the project's one unit of position) and the
//! byte offsets Rust strings are indexed by.
//!
//! Positions are kept in chars so that they agree with REFI-QDA and egui; bytes
//! appear only at the edges, when slicing a `str` or reading a regex match.

/// The byte offset of char `char_offset` in `text`, or `text.len()` past the end.
#[must_use]
pub fn byte_offset(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(byte, _)| byte)
}

/// The char offset of byte `byte_offset`, which must be a char boundary.
#[must_use]
pub fn char_offset(text: &str, byte_offset: usize) -> usize {
    text.get(..byte_offset)
        .map_or_else(|| text.chars().count(), |head| head.chars().count())
}

/// The text between char offsets `start` and `end`, clamped to the text.
#[must_use]
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let from = byte_offset(text, start);
    let to = from + byte_offset(&text[from..], end.saturating_sub(start));
    &text[from..to]
}

/// Converts ascending byte offsets to char offsets in one pass over `text`.
///
/// Search hits arrive in text order; converting each with [`char_offset`] would be
/// quadratic on long transcripts.
pub struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of `byte_offset`; it must not be before the previous one.
    pub fn char_at(&mut self, byte_offset: usize) -> usize {
        if byte_offset < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let target = byte_offset.min(self.text.len());
        if let Some(between) = self.text.get(self.byte..target) {
            self.chars += between.chars().count();
            self.byte = target;
        }
        self.chars
    }
}

/// Moves `start..end` outward to whole words: a selection that starts or ends
/// inside a word takes in the rest of that word.
#[must_use]
pub fn snap_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    let mut from = start.min(chars.len());
    let mut to = end.clamp(from, chars.len());
    while from > 0 && is_word(chars[from - 1]) && from < chars.len() && is_word(chars[from]) {
        from -= 1;
    }
    while to < chars.len() && to > 0 && is_word(chars[to - 1]) && is_word(chars[to]) {
        to += 1;
    }
    // Trim white space the user dragged over at either end.
    trim_chars(&chars, from, to)
}

/// `from..to` of `chars` without the white space at either end (empty, at
/// the first non-space, when it is all white space).
#[must_use]
pub fn trim_chars(chars: &[char], mut from: usize, mut to: usize) -> (usize, usize) {
    while from < to && chars[from].is_whitespace() {
        from += 1;
    }
    while to > from && chars[to - 1].is_whitespace() {
        to -= 1;
    }
    (from, to)
}

/// Widens `start..end` to the whole sentence or sentences around it, without
/// leaving `bounds` (a turn or paragraph). Sentences end at `.`, `?`, `!` or a
/// line break.
#[must_use]
pub fn sentence_around(
    text: &str,
    start: usize,
    end: usize,
    bounds: (usize, usize),
) -> (usize, usize) {
    // Only the chars within `bounds` are looked at: a document may be long.
    let first = text
        .char_indices()
        .nth(bounds.0)
        .map_or(text.len(), |(byte, _)| byte);
    let window: Vec<char> = text[first..]
        .chars()
        .take(bounds.1.saturating_sub(bounds.0))
        .collect();
    let shift = bounds.0.min(bounds.0 + window.len());
    let (from, to) = sentence_around_chars(
        &window,
        start.saturating_sub(shift),
        end.saturating_sub(shift),
        (0, window.len()),
    );
    (from + shift, to + shift)
}

/// [`sentence_around`] over a document's chars, for callers that ask it
/// for many passages of one document.
#[must_use]
pub fn sentence_around_chars(
    chars: &[char],
    start: usize,
    end: usize,
    bounds: (usize, usize),
) -> (usize, usize) {
    let lower = bounds.0.min(chars.len());
    let upper = bounds.1.min(chars.len());
    let ends_sentence = |c: char| matches!(c, '.' | '?' | '!' | '\n' | '…');
    let mut from = start.clamp(lower, upper);
    while from > lower && !ends_sentence(chars[from - 1]) {
        from -= 1;
    }
    let mut to = end.clamp(from, upper);
    while to < upper && !ends_sentence(chars[to.saturating_sub(1).max(from)]) {
        to += 1;
    }
    // Take the closing punctuation and any closing quote or bracket with it.
    while to < upper && matches!(chars[to], '.' | '?' | '!' | '"' | '”' | '’' | ')') {
        to += 1;
    }
    // A sentence does not start with the previous one's closing quote.
    while from < to && (chars[from].is_whitespace() || matches!(chars[from], '"' | '”' | '’' | ')'))
    {
        from += 1;
    }
    while to > from && chars[to - 1].is_whitespace() {
        to -= 1;
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_through_accents_emoji_and_cjk() {
        let text = "Zoë said 🙂 to 林美.";
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(byte_offset(text, chars), bytes);
            assert_eq!(char_offset(text, bytes), chars);
        }
        assert_eq!(slice_chars(text, 9, 10), "🙂");
        assert_eq!(slice_chars(text, 14, 16), "林美");
        assert_eq!(slice_chars(text, 14, 99), "林美.");
    }

    #[test]
    fn cursor_matches_direct_conversion() {
        let text = "ééé 🙂 abc 林美 end";
        let mut cursor = CharCursor::new(text);
        for (bytes, _) in text.char_indices() {
            assert_eq!(cursor.char_at(bytes), char_offset(text, bytes));
        }
    }

    #[test]
    fn sentences_widen_within_their_bounds() {
        let text = "First one. The peer said hope matters! Last one?";
        let hope = text.find("hope").unwrap_or(0);
        let (from, to) = sentence_around(text, hope, hope + 4, (0, text.len()));
        assert_eq!(slice_chars(text, from, to), "The peer said hope matters!");
        let (from, to) = sentence_around(text, hope, hope + 4, (20, 38));
        assert_eq!(slice_chars(text, from, to), "said hope matters!");
    }

    #[test]
    fn selections_snap_outward_to_words_and_drop_edge_spaces() {
        let text = "the network meeting went well";
        assert_eq!(snap_to_words(text, 6, 14), (4, 19));
        assert_eq!(slice_chars(text, 4, 19), "network meeting");
        assert_eq!(snap_to_words(text, 3, 12), (4, 11));
    }
}
