//! Regular-expression search over the stored text, for patterns the word index
//! cannot express. It scans the text itself, so it needs no index.

use crate::index::hits::{SearchResults, hits_for};
use crate::index::{QueryError, SearchFilter};
use crate::model::Project;

/// Every match of `pattern` in the project's documents that passes `filter`,
/// at most `limit` of them, in document-name then text order.
pub fn regex_search(
    project: &Project,
    pattern: &str,
    filter: &SearchFilter,
    limit: usize,
) -> Result<SearchResults, QueryError> {
    let regex = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 24)
        .build()
        .map_err(|error| {
            QueryError::Other(format!("the regular expression is not valid: {error}"))
        })?;
    let mut results = SearchResults::default();
    for document in project.documents_by_name() {
        if filter.document.is_some_and(|only| only != document.id) {
            continue;
        }
        let ranges: Vec<(usize, usize)> = regex
            .find_iter(&document.text)
            .filter(|found| !found.is_empty())
            .map(|found| (found.start(), found.end()))
            .collect();
        let mut last_passage = None;
        for hit in hits_for(document, &ranges) {
            if !super::search_index::passes(project, document, hit.start, hit.end, filter) {
                continue;
            }
            results.hit_count += 1;
            // A hit outside every turn is a passage of its own.
            let passage = document
                .turn_at(hit.start)
                .map_or((hit.start, hit.end), |turn| (turn.start, turn.end));
            if last_passage != Some(passage) {
                results.passages += 1;
                last_passage = Some(passage);
            }
            if results.hits.len() < limit {
                results.hits.push(hit);
            } else {
                results.truncated = true;
            }
        }
    }
    Ok(results)
}
