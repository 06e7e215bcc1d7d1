//! Reading what listings and quotes show without loading records: per document
//! counts of turns and codings, which documents have pages and what they are,
//! and passages of text with the turn each starts in, found by char offset
//! straight from the stored text.

use super::{PAGES, ReadError, TURNS, count, id_at, page_row, rows, turn_row};
use crate::model::{DocumentId, Page, Turn};
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};

/// Per document, what a listing of documents shows beyond the outline: how many
/// turns and codings it has and its speaker labels, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    pub turns: usize,
    pub speakers: Vec<String>,
    pub codings: usize,
}

/// [`DocumentCounts`] of every document, read from the columns kept for it and
/// the codings index, without reading any turn or text.
pub fn document_counts(
    connection: &Connection,
) -> Result<BTreeMap<DocumentId, DocumentCounts>, ReadError> {
    Ok(rows(
        connection,
        "SELECT id, turn_count, speaker_labels,
                (SELECT count(*) FROM codings WHERE codings.document_id = documents.id)
         FROM documents",
        |row| {
            let speakers: String = row.get(2)?;
            Ok((
                id_at(row, 0, "document id")?,
                DocumentCounts {
                    turns: count(row.get(1)?, "turn count")?,
                    speakers: serde_json::from_str(&speakers).map_err(|error| {
                        ReadError::Record(format!("speaker labels {speakers:?}: {error}"))
                    })?,
                    codings: count(row.get(3)?, "coding count")?,
                },
            ))
        },
    )?
    .into_iter()
    .collect())
}

/// A passage read from the file: its text, and the turn that holds its start.
pub type Passage = (String, Option<Turn>);

/// For each char range of a document: its text, and the turn that holds its
/// start (as [`Document::turn_at`](crate::model::Document::turn_at) finds it),
/// read without reading the rest of the document's records; `None` for a
/// document the file does not hold. Each document's text is read once, however
/// many of its ranges are asked for.
pub fn passages(
    connection: &Connection,
    ranges: &[(DocumentId, usize, usize)],
) -> Result<Vec<Option<Passage>>, ReadError> {
    let mut text = connection.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
    // The first turn ending after the position, as turn_at's partition point.
    let mut turn = connection.prepare_cached(&format!(
        "{TURNS} WHERE document_id = ?1 AND end_char > ?2 ORDER BY end_char, turn_index LIMIT 1"
    ))?;
    // One read transaction for all the lookups, rather than one for each.
    let _reading = if connection.is_autocommit() {
        Some(connection.unchecked_transaction()?)
    } else {
        None
    };
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&at| (ranges[at].0, ranges[at].1));
    let mut out = vec![None; ranges.len()];
    for group in order.chunk_by(|a, b| ranges[*a].0 == ranges[*b].0) {
        let document = ranges[group[0]].0;
        let key = document.to_string();
        // The text is read in place as bytes (it was stored from a `&str`, so
        // it is UTF-8 and needs no check), and only the quotes are copied out.
        let quotes: Option<Vec<String>> = text
            .query_row([&key], |row| {
                let body = row.get_ref(0)?.as_bytes().map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    )
                })?;
                let mut cursor = ByteCursor::default();
                Ok(group
                    .iter()
                    .map(|&at| {
                        let (_, start, end) = ranges[at];
                        let from = cursor.byte_of(body, start);
                        let to = ByteCursor { ..cursor }.byte_of(body, end.max(start));
                        String::from_utf8_lossy(&body[from..to]).into_owned()
                    })
                    .collect())
            })
            .optional()?;
        let Some(quotes) = quotes else {
            continue;
        };
        for (&at, quote) in group.iter().zip(quotes) {
            let start = ranges[at].1;
            let mut cursor = turn.query(rusqlite::params![key, as_sql(start)])?;
            let holding = match cursor.next()? {
                Some(row) => Some(turn_row(row)?.1)
                    .filter(|turn| turn.start <= start && start < turn.end.max(turn.start + 1)),
                None => None,
            };
            out[at] = Some((quote, holding));
        }
    }
    Ok(out)
}

/// How many of the eight bytes of `word` are UTF-8 continuation bytes
/// (10xxxxxx: bit 7 set, bit 6 clear).
fn continuation_bytes(word: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    (word & HIGH & !(word << 1)).count_ones() as usize
}

/// Walks a text forwards from char to byte offsets, counting UTF-8 lead bytes
/// 32 and then eight at a time, so that a document's quotes in text order cost one quick
/// pass over it.
#[derive(Clone, Copy, Default)]
struct ByteCursor {
    byte: usize,
    chars: usize,
}

impl ByteCursor {
    /// The byte offset of char `target` of UTF-8 `text` (its length past the
    /// end); `target` must not be before the previous one.
    fn byte_of(&mut self, text: &[u8], target: usize) -> usize {
        // Far from the target, 32 bytes at a time: they hold at most 32 chars,
        // so a block never goes past it.
        while target.saturating_sub(self.chars) >= 32 {
            let Some(block) = text.get(self.byte..self.byte + 32) else {
                break;
            };
            let continuations: usize = block
                .chunks_exact(8)
                .map(|word| {
                    continuation_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()))
                })
                .sum();
            self.chars += 32 - continuations;
            self.byte += 32;
            self.skip_continuations(text);
        }
        while let Some(word) = text.get(self.byte..self.byte + 8) {
            let starts =
                8 - continuation_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            if self.chars + starts > target {
                break;
            }
            self.chars += starts;
            self.byte += 8;
            self.skip_continuations(text);
        }
        while self.chars < target && self.byte < text.len() {
            self.byte += 1;
            self.skip_continuations(text);
            self.chars += 1;
        }
        self.byte
    }

    /// Steps over the rest of a char that the last block or word cut, so that
    /// `byte` is at a char's start; those bytes were counted as continuations.
    fn skip_continuations(&mut self, text: &[u8]) {
        while self.byte < text.len() && text[self.byte] & 0xC0 == 0x80 {
            self.byte += 1;
        }
    }
}

/// The documents that have pages (those imported from PDF), so that a listing
/// asks for the pages of those alone.
pub fn paged_documents(connection: &Connection) -> Result<BTreeSet<DocumentId>, ReadError> {
    let mut statement =
        connection.prepare_cached("SELECT DISTINCT document_id FROM document_pages")?;
    let mut cursor = statement.query([])?;
    let mut documents = BTreeSet::new();
    while let Some(row) = cursor.next()? {
        documents.insert(id_at(row, 0, "document id")?);
    }
    Ok(documents)
}

/// The pages of document `id`, in order (none unless it came from a PDF).
pub fn pages_of(connection: &Connection, id: DocumentId) -> Result<Vec<Page>, ReadError> {
    let mut statement = connection.prepare_cached(&format!(
        "{PAGES} WHERE document_id = ?1 ORDER BY page_number"
    ))?;
    let mut cursor = statement.query([id.to_string()])?;
    let mut pages = Vec::new();
    while let Some(row) = cursor.next()? {
        pages.push(page_row(row)?.1);
    }
    Ok(pages)
}

fn as_sql(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::ByteCursor;

    #[test]
    fn the_byte_cursor_finds_every_char_as_char_indices_does() {
        // Long enough for the 32-byte blocks, with chars of every width
        // falling across their edges.
        let text = "Zoë said: “peer work” is 🙂 hard, naïve — and ok.\nÅse: ja ja, 日本語 too. "
            .repeat(12)
            + "plain ASCII tail to finish";
        let text = text.as_str();
        let expected: Vec<usize> = text
            .char_indices()
            .map(|(byte, _)| byte)
            .chain([text.len()])
            .collect();
        for step in 1..6 {
            let mut cursor = ByteCursor::default();
            for target in (0..expected.len()).step_by(step) {
                assert_eq!(
                    cursor.byte_of(text.as_bytes(), target),
                    expected[target],
                    "char {target}, step {step}"
                );
            }
        }
        let mut fresh = ByteCursor::default();
        assert_eq!(fresh.byte_of(text.as_bytes(), 10_000), text.len());
        for (target, byte) in expected.iter().enumerate() {
            assert_eq!(
                ByteCursor::default().byte_of(text.as_bytes(), target),
                *byte
            );
        }
    }
}
