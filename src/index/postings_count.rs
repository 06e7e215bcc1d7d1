//! Counting the hits of every passage a query matches from the positions the
//! index keeps, without reading any text: a common word matches tens of
//! thousands of passages, and reading each would cost more than the search.

use crate::index::marks::hit_count_among;
use crate::index::query::Matcher;
use tantivy::collector::DocSetCollector;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermDictionary;
use tantivy::{DocId, DocSet, Searcher, TERMINATED};

/// How many hits the passages that `query` matches hold in all, by the rule of
/// [`crate::index::marks::hits_among`].
pub(crate) fn count_hits(
    searcher: &Searcher,
    field: Field,
    query: &dyn Query,
    matchers: &[Matcher],
) -> tantivy::Result<usize> {
    let mut by_segment: Vec<Vec<DocId>> = vec![Vec::new(); searcher.segment_readers().len()];
    for address in searcher.search(query, &DocSetCollector)? {
        if let Some(docs) = by_segment.get_mut(address.segment_ord as usize) {
            docs.push(address.doc_id);
        }
    }
    // One word (or one prefix or fuzzy word) cannot merge with itself: its
    // hits in a passage are its occurrences, which the postings count
    // without their positions being read.
    let one_word = matches!(
        matchers,
        [Matcher::Exact(_) | Matcher::Prefix(_) | Matcher::Fuzzy(..)]
    );
    let mut total = 0;
    let mut tokens: Vec<(String, usize)> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    for (reader, mut docs) in searcher.segment_readers().iter().zip(by_segment) {
        if docs.is_empty() {
            continue;
        }
        docs.sort_unstable();
        let inverted = reader.inverted_index(field)?;
        let mut postings: Vec<(String, SegmentPostings)> = Vec::new();
        for (term, info) in terms_matched(inverted.terms(), matchers)? {
            let read = inverted
                .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqsAndPositions)?;
            postings.push((term, read));
        }
        for doc in docs {
            if one_word {
                let mut occurrences = 0;
                for (_, read) in &mut postings {
                    if is_at(read, doc) {
                        occurrences += read.term_freq() as usize;
                    }
                }
                total += occurrences.max(1);
                continue;
            }
            tokens.clear();
            for (term, read) in &mut postings {
                if is_at(read, doc) {
                    read.positions(&mut positions);
                    tokens.extend(positions.iter().map(|&at| (term.clone(), at as usize)));
                }
            }
            tokens.sort_unstable_by_key(|(_, at)| *at);
            total += hit_count_among(matchers, &tokens);
        }
    }
    Ok(total)
}

/// Moves `postings` on to `doc` (docs come in ascending order) and says
/// whether the term occurs there.
fn is_at(postings: &mut SegmentPostings, doc: DocId) -> bool {
    if postings.doc() < doc {
        postings.seek(doc);
    }
    postings.doc() == doc && doc != TERMINATED
}

/// The terms of a segment's dictionary that some matcher matches, each once.
fn terms_matched(
    dictionary: &TermDictionary,
    matchers: &[Matcher],
) -> std::io::Result<Vec<(String, TermInfo)>> {
    let mut found: Vec<(String, TermInfo)> = Vec::new();
    let add = |term: String, info: TermInfo, found: &mut Vec<(String, TermInfo)>| {
        if !found.iter().any(|(known, _)| *known == term) {
            found.push((term, info));
        }
    };
    for matcher in matchers {
        match matcher {
            Matcher::Exact(term) => {
                if let Some(info) = dictionary.get(term.as_bytes())? {
                    add(term.clone(), info, &mut found);
                }
            }
            Matcher::Phrase(terms, _) => {
                for term in terms {
                    if let Some(info) = dictionary.get(term.as_bytes())? {
                        add(term.clone(), info, &mut found);
                    }
                }
            }
            Matcher::Prefix(prefix) => {
                let mut stream = dictionary.range().ge(prefix.as_bytes()).into_stream()?;
                while stream.advance() {
                    if !stream.key().starts_with(prefix.as_bytes()) {
                        break;
                    }
                    if let Ok(term) = std::str::from_utf8(stream.key()) {
                        add(term.to_owned(), stream.value().clone(), &mut found);
                    }
                }
            }
            Matcher::Fuzzy(..) => {
                let mut stream = dictionary.stream()?;
                while stream.advance() {
                    if let Ok(term) = std::str::from_utf8(stream.key())
                        && matcher.matches(term)
                    {
                        add(term.to_owned(), stream.value().clone(), &mut found);
                    }
                }
            }
        }
    }
    Ok(found)
}
