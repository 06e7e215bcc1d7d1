//! Where a query's words lie in one passage, as token positions, and how those
//! matches become hits. The same rule serves the passages shown (their tokens
//! come from the text) and the passages only counted (their tokens come from
//! the index's positions), so that a count always equals the hits listed.

use crate::index::query::Matcher;
use tantivy::tokenizer::TextAnalyzer;

/// One match of one matcher: the positions of its first and last token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Match {
    first: usize,
    last: usize,
    matcher: usize,
}

/// A hit as the positions of its first and last token.
pub(crate) type PositionRange = (usize, usize);

/// The hits among `tokens` (stemmed text and position, in position order):
/// every match of every matcher, with overlapping matches (a word that is
/// also part of a phrase) made one, and matches of different words of the
/// query that stand next to each other ("peer support" for `peer support`)
/// made one. A word repeated ("no, no") stays two hits.
///
/// `tokens` may hold only the tokens that some matcher could match: the
/// result is the same as for the passage's every token.
pub(crate) fn hits_among(matchers: &[Matcher], tokens: &[(String, usize)]) -> Vec<PositionRange> {
    let mut matches: Vec<Match> = matchers
        .iter()
        .enumerate()
        .flat_map(|(matcher, found)| {
            found
                .find(tokens)
                .into_iter()
                .map(move |(first, last)| Match {
                    first: tokens[first].1,
                    last: tokens[last].1,
                    matcher,
                })
        })
        .collect();
    matches.sort_unstable();
    let mut merged: Vec<(Match, usize)> = Vec::with_capacity(matches.len());
    for found in matches {
        match merged.last_mut() {
            Some((hit, last_matcher))
                if found.first <= hit.last
                    || (found.first == hit.last + 1 && found.matcher != *last_matcher) =>
            {
                if found.last > hit.last {
                    hit.last = found.last;
                    *last_matcher = found.matcher;
                }
            }
            _ => merged.push((found, found.matcher)),
        }
    }
    merged
        .into_iter()
        .map(|(hit, _)| (hit.first, hit.last))
        .collect()
}

/// How many hits a passage with these tokens counts as: its hits, or one when
/// it matched in a way its words cannot show (a NOT-only branch).
pub(crate) fn hit_count_among(matchers: &[Matcher], tokens: &[(String, usize)]) -> usize {
    hits_among(matchers, tokens).len().max(1)
}

/// The byte ranges of `passage` that are its hits (see [`hits_among`]). A
/// passage that matched in a way its words cannot show is one hit over the
/// whole passage.
pub(crate) fn mark_passage(
    analyzer: &mut TextAnalyzer,
    matchers: &[Matcher],
    passage: &str,
) -> Vec<(usize, usize)> {
    let mut stream = analyzer.token_stream(passage);
    let mut tokens = Vec::new();
    let mut spans = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push((token.text.clone(), token.position));
        spans.push((token.offset_from, token.offset_to));
    }
    let span_at = |position: usize| {
        tokens
            .binary_search_by_key(&position, |(_, at)| *at)
            .ok()
            .map(|index| spans[index])
    };
    let ranges: Vec<(usize, usize)> = hits_among(matchers, &tokens)
        .into_iter()
        .filter_map(|(first, last)| Some((span_at(first)?.0, span_at(last)?.1)))
        .collect();
    if ranges.is_empty() {
        return vec![(0, passage.len())];
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[(&str, usize)]) -> Vec<(String, usize)> {
        words
            .iter()
            .map(|(text, position)| ((*text).to_owned(), *position))
            .collect()
    }

    fn exact(word: &str) -> Matcher {
        Matcher::Exact(word.to_owned())
    }

    #[test]
    fn different_words_side_by_side_are_one_hit_and_a_repeated_word_is_two() {
        let matchers = [exact("peer"), exact("support")];
        let passage = tokens(&[("peer", 0), ("support", 1), ("peer", 5)]);
        assert_eq!(hits_among(&matchers, &passage), vec![(0, 1), (5, 5)]);

        let repeated = tokens(&[("no", 0), ("no", 1), ("no", 2)]);
        assert_eq!(hits_among(&[exact("no")], &repeated).len(), 3);
    }

    #[test]
    fn a_word_inside_a_phrase_it_is_part_of_is_one_hit() {
        let matchers = [
            Matcher::Phrase(vec!["open".to_owned(), "dialogu".to_owned()], 0),
            exact("dialogu"),
        ];
        let passage = tokens(&[("open", 3), ("dialogu", 4), ("dialogu", 9)]);
        assert_eq!(hits_among(&matchers, &passage), vec![(3, 4), (9, 9)]);
    }

    #[test]
    fn only_the_tokens_a_matcher_could_match_give_the_same_hits_as_all() {
        let matchers = [
            Matcher::Phrase(vec!["peer".to_owned(), "worker".to_owned()], 2),
            exact("trust"),
        ];
        let all = tokens(&[
            ("the", 0),
            ("peer", 1),
            ("and", 2),
            ("worker", 3),
            ("trust", 4),
            ("us", 5),
            ("trust", 6),
        ]);
        let relevant: Vec<(String, usize)> = all
            .iter()
            .filter(|(text, _)| ["peer", "worker", "trust"].contains(&text.as_str()))
            .cloned()
            .collect();
        assert_eq!(
            hits_among(&matchers, &all),
            hits_among(&matchers, &relevant)
        );
        assert_eq!(hits_among(&matchers, &all), vec![(1, 4), (6, 6)]);
    }

    #[test]
    fn a_passage_no_word_marks_counts_once() {
        assert_eq!(
            hit_count_among(&[exact("trust")], &tokens(&[("hope", 0)])),
            1
        );
    }
}
