//! Converts byte offsets into char offsets (Unicode scalar values), the only unit that
//! positions in an imported document use.

/// Converts byte offsets into `text`, asked for in ascending order, into char offsets in
/// time proportional to the text once, not once per offset.
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of `byte`, which must be on a char boundary. An offset smaller
    /// than the previous one is counted again from the start, so order is only a matter
    /// of speed.
    pub(crate) fn char_offset(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let counted = self
            .text
            .get(self.byte..byte)
            .map_or(0, |slice| slice.chars().count());
        self.byte = byte;
        self.chars += counted;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chars_not_bytes() {
        let text = "aé🙂林b";
        let mut offsets = CharOffsets::new(text);
        let expected: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(n, (b, _))| (b, n))
            .collect();
        for &(byte, chars) in &expected {
            assert_eq!(offsets.char_offset(byte), chars);
        }
        assert_eq!(offsets.char_offset(text.len()), 5);
        assert_eq!(offsets.char_offset(1), 1, "going back recounts");
    }
}
