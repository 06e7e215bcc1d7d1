//! The tantivy index of a project's turns: building it, keeping it in step with
//! the documents, and answering word queries with char-range hits.

use crate::index::hits::{SearchResults, hits_for};
use crate::index::marks::mark_passage;
use crate::index::postings_count::count_hits;
use crate::index::query::{Matcher, parse_query};
use crate::index::{QueryError, SearchFilter};
use crate::model::{Document, DocumentId, Project, participant_has};
use std::collections::HashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Why the index could not be used. The index is a cache: the workbench answers
/// most of these by rebuilding it.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the search index at {path} could not be used: {source}")]
    Tantivy {
        path: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("could not prepare the search index folder {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Query(#[from] QueryError),
}

const TOKENIZER: &str = "en_stem";
/// The writer's memory; tantivy splits it between its threads. Larger arenas
/// index a 1,000-transcript import no faster here, and would add their size to
/// the import's peak memory.
const WRITER_MEMORY: usize = 40 * 1024 * 1024;

#[derive(Clone, Copy)]
struct Fields {
    document: Field,
    start: Field,
    end: Field,
    text: Field,
}

/// A project's search index, on disk beside the project or in memory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: TextAnalyzer,
    path: Option<PathBuf>,
}

/// The folder the index of `project_file` lives in.
#[must_use]
pub fn index_dir(project_file: &Path) -> PathBuf {
    let mut name = project_file.as_os_str().to_owned();
    name.push(".index");
    PathBuf::from(name)
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let document = builder.add_u64_field("document", INDEXED | FAST);
    let start = builder.add_u64_field("start", FAST);
    let end = builder.add_u64_field("end", FAST);
    let text = builder.add_text_field(
        "text",
        // Not stored: hits are counted from positions, and the text shown
        // is read from the project.
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    (
        builder.build(),
        Fields {
            document,
            start,
            end,
            text,
        },
    )
}

/// The key a document has in the index: its id folded to 64 bits.
#[must_use]
pub fn document_key(id: DocumentId) -> u64 {
    let (high, low) = id.0.as_u64_pair();
    high ^ low
}

/// The passages a document is indexed as: each turn, and each paragraph of the
/// text outside turns, as char ranges.
#[must_use]
pub fn units_of(document: &Document) -> Vec<(usize, usize)> {
    let mut units = Vec::new();
    let mut covered_to = 0;
    let chars: Vec<(usize, char)> = document.text.char_indices().collect();
    let paragraphs_between = |from: usize, to: usize, units: &mut Vec<(usize, usize)>| {
        let mut start = from;
        let mut at = from;
        while at < to {
            if chars[at].1 == '\n' && at + 1 < to && chars[at + 1].1 == '\n' {
                if start < at {
                    units.push((start, at));
                }
                while at < to && chars[at].1 == '\n' {
                    at += 1;
                }
                start = at;
            } else {
                at += 1;
            }
        }
        if start < to {
            units.push((start, to));
        }
    };
    for turn in &document.turns {
        if turn.start > covered_to {
            paragraphs_between(covered_to, turn.start.min(chars.len()), &mut units);
        }
        if turn.start < turn.end {
            units.push((turn.start, turn.end));
        }
        covered_to = covered_to.max(turn.end);
    }
    if covered_to < chars.len() {
        paragraphs_between(covered_to, chars.len(), &mut units);
    }
    units.retain(|&(start, end)| chars[start..end].iter().any(|(_, c)| !c.is_whitespace()));
    units
}

impl SearchIndex {
    /// Opens the index in `dir`, creating an empty one if there is none or the
    /// one there cannot be opened (it is only a cache).
    pub fn open_in(dir: &Path) -> Result<Self, IndexError> {
        let io = |source| IndexError::Io {
            path: dir.display().to_string(),
            source,
        };
        let (schema, fields) = schema();
        let opened = Index::open_in_dir(dir)
            .ok()
            .filter(|index| index.schema() == schema);
        let index = match opened {
            Some(index) => index,
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir).map_err(io)?;
                }
                std::fs::create_dir_all(dir).map_err(io)?;
                Index::create_in_dir(dir, schema).map_err(|source| tantivy_error(dir, source))?
            }
        };
        Self::from_index(index, fields, Some(dir.to_owned()))
    }

    /// Opens the index in `dir` only if one is there and readable; never writes.
    #[must_use]
    pub fn open_existing(dir: &Path) -> Option<Self> {
        let (schema, fields) = schema();
        let index = Index::open_in_dir(dir)
            .ok()
            .filter(|index| index.schema() == schema)?;
        Self::from_index(index, fields, Some(dir.to_owned())).ok()
    }

    /// An index held only in memory, for read-only projects and tests.
    pub fn in_memory() -> Result<Self, IndexError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields, None)
    }

    fn from_index(index: Index, fields: Fields, path: Option<PathBuf>) -> Result<Self, IndexError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from("(memory)"));
        let analyzer = index
            .tokenizers()
            .get(TOKENIZER)
            .ok_or_else(|| IndexError::Query(QueryError::Other("no English stemmer".to_owned())))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| tantivy_error(&shown, source))?;
        Ok(Self {
            index,
            reader,
            fields,
            analyzer,
            path,
        })
    }

    fn shown_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from("(memory)"))
    }

    /// The text generation the index was last built for, if it records one.
    #[must_use]
    pub fn generation(&self) -> Option<u64> {
        self.index
            .load_metas()
            .ok()
            .and_then(|metas| metas.payload)
            .and_then(|payload| payload.parse().ok())
    }

    fn writer(&self) -> Result<IndexWriter, IndexError> {
        new_writer(&self.index, &self.shown_path())
    }

    fn add_document(&self, writer: &IndexWriter, document: &Document) -> Result<(), IndexError> {
        add_document(writer, self.fields, document, &self.shown_path())
    }

    fn commit(&self, writer: IndexWriter, generation: u64) -> Result<(), IndexError> {
        commit(writer, generation, &self.shown_path())?;
        self.reload()
    }

    /// Reads what was last committed, such as by an [`IndexRebuild`] that
    /// ran on another thread.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader
            .reload()
            .map_err(|source| tantivy_error(&self.shown_path(), source))
    }

    /// A rebuild of this index from `documents` for text generation
    /// `generation`, to run on a worker thread; [`Self::reload`] once it has.
    #[must_use]
    pub fn prepare_rebuild(&self, documents: Vec<Document>, generation: u64) -> IndexRebuild {
        IndexRebuild {
            index: self.index.clone(),
            fields: self.fields,
            shown: self.shown_path(),
            documents,
            generation,
        }
    }

    /// Replaces the whole index with `documents`, calling `progress(done, total)`
    /// after each one.
    pub fn rebuild<'d>(
        &mut self,
        documents: impl ExactSizeIterator<Item = &'d Document>,
        generation: u64,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), IndexError> {
        let writer = self.writer()?;
        writer
            .delete_all_documents()
            .map_err(|source| tantivy_error(&self.shown_path(), source))?;
        let total = documents.len();
        for (done, document) in documents.enumerate() {
            self.add_document(&writer, document)?;
            progress(done + 1, total);
        }
        self.commit(writer, generation)
    }

    /// Brings the index in step after documents were added or removed: each id
    /// in `changed` is taken out, and put back if the project still holds it.
    pub fn update(
        &mut self,
        project: &Project,
        changed: &[DocumentId],
        generation: u64,
    ) -> Result<(), IndexError> {
        let writer = self.writer()?;
        for id in changed {
            writer.delete_term(Term::from_field_u64(
                self.fields.document,
                document_key(*id),
            ));
            if let Some(document) = project.documents.get(id) {
                self.add_document(&writer, document)?;
            }
        }
        self.commit(writer, generation)
    }

    /// The query, limited to `filter`'s document if it names one.
    fn query(
        &self,
        text: &str,
        filter: &SearchFilter,
    ) -> Result<(Box<dyn TantivyQuery>, Vec<Matcher>), IndexError> {
        let mut analyzer = self.analyzer.clone();
        let parsed = parse_query(text, self.fields.text, &mut analyzer)?;
        let query: Box<dyn TantivyQuery> = match filter.document {
            Some(document) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, parsed.query),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(self.fields.document, document_key(document)),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
            None => parsed.query,
        };
        Ok((query, parsed.matchers))
    }

    /// The keys (see [`document_key`]) of the documents whose texts and turns
    /// [`Self::search`] reads for these arguments: those of the passages it
    /// shows, or of every matching passage when a speaker, attribute or code
    /// filter must look at each.
    pub fn documents_to_read(
        &self,
        text: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<HashSet<u64>, IndexError> {
        let (query, _) = self.query(text, filter)?;
        let shown = self.shown_path();
        let searcher = self.reader.searcher();
        let addresses: Vec<tantivy::DocAddress> = if post_filtered(filter) {
            searcher
                .search(&query, &DocSetCollector)
                .map_err(|source| tantivy_error(&shown, source))?
                .into_iter()
                .collect()
        } else {
            searcher
                .search(
                    &query,
                    &TopDocs::with_limit(shown_at_most(&searcher, limit)).order_by_score(),
                )
                .map_err(|source| tantivy_error(&shown, source))?
                .into_iter()
                .map(|(_, address)| address)
                .collect()
        };
        Ok(addresses
            .into_iter()
            .filter_map(|address| {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                fast.u64("document").ok()?.first(address.doc_id)
            })
            .collect())
    }

    /// Word search: the best `limit` hits that pass `filter`, in document-name
    /// then text order, with how many hits and passages matched in all.
    ///
    /// The project must hold the texts and turns of the documents that
    /// [`Self::documents_to_read`] names; others are only counted.
    pub fn search(
        &self,
        project: &Project,
        text: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<SearchResults, IndexError> {
        let (query, matchers) = self.query(text, filter)?;
        let shown = self.shown_path();
        let searcher = self.reader.searcher();
        let documents: HashMap<u64, &Document> = project
            .documents
            .values()
            .map(|document| (document_key(document.id), document))
            .collect();
        let post_filtered = post_filtered(filter);
        let located = |address: tantivy::DocAddress| -> Option<(&Document, usize, usize)> {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let read = |name: &str| {
                fast.u64(name)
                    .ok()
                    .and_then(|column| column.first(address.doc_id))
            };
            let document = documents.get(&read("document")?)?;
            let start = usize::try_from(read("start")?).ok()?;
            let end = usize::try_from(read("end")?).ok()?;
            Some((document, start, end))
        };
        let mut chosen: Vec<(&Document, usize, usize)> = Vec::new();
        let mut passages = 0;
        let mut hit_count = 0;
        if post_filtered {
            // Every matching passage, best first: each is looked at, the
            // best `limit` that pass the filter are shown.
            let matching = searcher
                .search(&query, &Count)
                .map_err(|source| tantivy_error(&shown, source))?;
            let top = searcher
                .search(
                    &query,
                    &TopDocs::with_limit(matching.max(1)).order_by_score(),
                )
                .map_err(|source| tantivy_error(&shown, source))?;
            for (_, address) in top {
                let Some((document, start, end)) = located(address) else {
                    continue;
                };
                if !passes(project, document, start, end, filter) {
                    continue;
                }
                let ranges = self.mark(&matchers, document, start, end);
                let hits_here = hits_for(document, &ranges)
                    .iter()
                    .filter(|hit| passes(project, document, hit.start, hit.end, filter))
                    .count();
                if hits_here == 0 {
                    continue;
                }
                hit_count += hits_here;
                passages += 1;
                if chosen.len() < limit {
                    chosen.push((document, start, end));
                }
            }
        } else {
            // Without a filter every matching passage counts: its hits are
            // counted from the index's positions, and only the best `limit`
            // are read.
            let (matching, top) = searcher
                .search(
                    &query,
                    &(
                        Count,
                        TopDocs::with_limit(shown_at_most(&searcher, limit)).order_by_score(),
                    ),
                )
                .map_err(|source| tantivy_error(&shown, source))?;
            passages = matching;
            hit_count = count_hits(&searcher, self.fields.text, &*query, &matchers)
                .map_err(|source| tantivy_error(&shown, source))?;
            chosen.extend(
                top.into_iter()
                    .filter_map(|(_, address)| located(address))
                    .take(limit),
            );
        }
        chosen.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.1.cmp(&b.1)));

        let mut results = SearchResults {
            hit_count,
            passages,
            truncated: false,
            hits: Vec::new(),
        };
        for (document, start, end) in chosen {
            let ranges = self.mark(&matchers, document, start, end);
            let hits = hits_for(document, &ranges);
            results.hits.extend(hits.into_iter().filter(|hit| {
                !post_filtered || passes(project, document, hit.start, hit.end, filter)
            }));
        }
        results.hits.truncate(limit);
        results.truncated = results.hits.len() < hit_count;
        Ok(results)
    }

    /// The byte ranges inside passage `start..end` (chars) of `document` that
    /// the query's words match; runs of adjacent matching words become one hit.
    fn mark(
        &self,
        matchers: &[Matcher],
        document: &Document,
        start: usize,
        end: usize,
    ) -> Vec<(usize, usize)> {
        let text = &*document.text;
        let from = crate::model::text::byte_offset(text, start);
        let to = from + crate::model::text::byte_offset(&text[from..], end - start);
        mark_passage(&mut self.analyzer.clone(), matchers, &text[from..to])
            .into_iter()
            .map(|(start, end)| (from + start, from + end))
            .collect()
    }
}

/// How many of the best passages to collect for `limit` hits: a caller may ask
/// for every hit (`usize::MAX`), and no more passages than the index holds can
/// be shown (tantivy sets room aside for as many as it is asked for).
fn shown_at_most(searcher: &tantivy::Searcher, limit: usize) -> usize {
    let indexed = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    limit.min(indexed).max(1)
}

/// Whether the speaker, attribute or code filter must look at each passage.
fn post_filtered(filter: &SearchFilter) -> bool {
    filter.speaker.is_some() || !filter.attributes.is_empty() || filter.code.is_some()
}

/// Whether a hit at `start..end` of `document` passes the speaker, attribute
/// and code filters.
pub(crate) fn passes(
    project: &Project,
    document: &Document,
    start: usize,
    end: usize,
    filter: &SearchFilter,
) -> bool {
    if filter.document.is_some_and(|only| only != document.id) {
        return false;
    }
    let turn = document.turn_at(start);
    if let Some(speaker) = &filter.speaker
        && !turn.is_some_and(|turn| turn.speaker.eq_ignore_ascii_case(speaker.trim()))
    {
        return false;
    }
    if !filter.attributes.is_empty() {
        let participant = turn.and_then(|turn| project.participant_for(document, &turn.speaker));
        let Some(participant) = participant else {
            return false;
        };
        if !filter
            .attributes
            .iter()
            .all(|(name, value)| participant_has(participant, name, value))
        {
            return false;
        }
    }
    if let Some(code) = filter.code {
        let overlaps = project.codings.values().any(|coding| {
            coding.document == document.id
                && project.code_is_within(coding.code, code)
                && coding.start < end
                && start < coding.end
        });
        if !overlaps {
            return false;
        }
    }
    true
}

/// A rebuild of the whole index that owns everything it needs, so that it
/// can run on a worker thread while the window goes on using the index as it
/// was. Nothing changes on disk until it commits at the very end.
pub struct IndexRebuild {
    index: Index,
    fields: Fields,
    shown: PathBuf,
    documents: Vec<Document>,
    generation: u64,
}

impl IndexRebuild {
    /// How many documents it indexes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether there are no documents to index.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Indexes every document, calling `progress(done, total)` after each,
    /// and commits. Returns `Ok(false)`, having changed nothing, when
    /// `cancelled` says so before the end.
    pub fn run(
        self,
        progress: &mut dyn FnMut(usize, usize),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<bool, IndexError> {
        let mut writer = new_writer(&self.index, &self.shown)?;
        writer
            .delete_all_documents()
            .map_err(|source| tantivy_error(&self.shown, source))?;
        let total = self.documents.len();
        for (done, document) in self.documents.iter().enumerate() {
            if cancelled() {
                writer
                    .rollback()
                    .map_err(|source| tantivy_error(&self.shown, source))?;
                return Ok(false);
            }
            add_document(&writer, self.fields, document, &self.shown)?;
            progress(done + 1, total);
        }
        commit(writer, self.generation, &self.shown)?;
        Ok(true)
    }
}

fn new_writer(index: &Index, shown: &Path) -> Result<IndexWriter, IndexError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4);
    index
        .writer_with_num_threads(threads, WRITER_MEMORY)
        .map_err(|source| tantivy_error(shown, source))
}

fn add_document(
    writer: &IndexWriter,
    fields: Fields,
    document: &Document,
    shown: &Path,
) -> Result<(), IndexError> {
    let key = document_key(document.id);
    let text = &*document.text;
    let offsets: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    for (start, end) in units_of(document) {
        let from = offsets.get(start).copied().unwrap_or(text.len());
        let to = offsets.get(end).copied().unwrap_or(text.len());
        let mut entry = TantivyDocument::default();
        entry.add_u64(fields.document, key);
        entry.add_u64(fields.start, start as u64);
        entry.add_u64(fields.end, end as u64);
        entry.add_text(fields.text, &text[from..to]);
        writer
            .add_document(entry)
            .map_err(|source| tantivy_error(shown, source))?;
    }
    Ok(())
}

/// Commits with the text generation as payload, and waits for merges so
/// that the files are settled when it returns.
fn commit(mut writer: IndexWriter, generation: u64, shown: &Path) -> Result<(), IndexError> {
    let mut prepared = writer
        .prepare_commit()
        .map_err(|source| tantivy_error(shown, source))?;
    prepared.set_payload(&generation.to_string());
    prepared
        .commit()
        .map_err(|source| tantivy_error(shown, source))?;
    writer
        .wait_merging_threads()
        .map_err(|source| tantivy_error(shown, source))
}

fn tantivy_error(path: &Path, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        path: path.display().to_string(),
        source,
    }
}
