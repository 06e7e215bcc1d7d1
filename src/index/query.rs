//! Polyphony's search language, parsed into a tantivy query and into the
//! matchers that find where in a turn each hit lies.
//!
//! The language: words (all must appear), `"exact phrase"`, `"near words"~5`
//! (within five positions), `OR`, `AND`, `NOT` or `-word`, parentheses,
//! `word~` or `word~2` (fuzzy, one or two edits) and `pref*` (prefix). Words
//! are lower-cased and stemmed in English, so `meetings` finds `meeting`.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

/// Why a query could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the search is empty; type some words to look for")]
    Empty,
    #[error("a quotation mark opened at character {0} is never closed; add the closing \"")]
    UnclosedQuote(usize),
    #[error("a bracket is not closed or not opened; check the ( and ) in your search")]
    Brackets,
    #[error("{0:?} is not a number of words after ~; write for example \"peer worker\"~3")]
    BadDistance(String),
    #[error("the search only excludes words (NOT ...); add a word to look for")]
    OnlyExclusions,
    #[error("{0}")]
    Other(String),
}

/// Something that marks a token of a turn as part of a hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// A stemmed, lower-case token.
    Exact(String),
    /// Within this many edits of the stemmed token.
    Fuzzy(String, u8),
    /// The token starts with this.
    Prefix(String),
    /// These stemmed tokens in order, each at most `slop` positions after the
    /// one before it.
    Phrase(Vec<String>, u32),
}

impl Matcher {
    pub fn matches(&self, token: &str) -> bool {
        match self {
            Matcher::Exact(term) => term == token,
            Matcher::Fuzzy(term, distance) => edit_distance(term, token) <= usize::from(*distance),
            Matcher::Prefix(prefix) => token.starts_with(prefix.as_str()),
            Matcher::Phrase(terms, _) => terms.first().is_some_and(|first| first == token),
        }
    }

    /// Where this matcher matches among `tokens` (stemmed text and position):
    /// index ranges of the first and last token of each match.
    pub fn find(&self, tokens: &[(String, usize)]) -> Vec<(usize, usize)> {
        match self {
            Matcher::Phrase(terms, slop) => {
                let mut found = Vec::new();
                for (first, (text, position)) in tokens.iter().enumerate() {
                    if terms.first() != Some(text) {
                        continue;
                    }
                    let mut last = first;
                    let mut last_position = *position;
                    let mut complete = true;
                    for term in &terms[1..] {
                        let next = tokens[last + 1..].iter().position(|(text, position)| {
                            text == term && *position <= last_position + 1 + *slop as usize
                        });
                        match next {
                            Some(offset) => {
                                last += 1 + offset;
                                last_position = tokens[last].1;
                            }
                            None => {
                                complete = false;
                                break;
                            }
                        }
                    }
                    if complete {
                        found.push((first, last));
                    }
                }
                found
            }
            single => tokens
                .iter()
                .enumerate()
                .filter(|(_, (text, _))| single.matches(text))
                .map(|(index, _)| (index, index))
                .collect(),
        }
    }
}

/// A parsed query: what tantivy runs, and what marks hits inside a turn.
pub struct ParsedQuery {
    pub query: Box<dyn TantivyQuery>,
    pub matchers: Vec<Matcher>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Phrase(String, u32),
    Open,
    Close,
    And,
    Or,
    Not,
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c.is_whitespace() {
            at += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            at += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            at += 1;
        } else if c == '"' {
            let opened = at;
            let close = chars[at + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or(QueryError::UnclosedQuote(opened))?;
            let phrase: String = chars[at + 1..at + 1 + close].iter().collect();
            at += close + 2;
            let mut slop = 0;
            if chars.get(at) == Some(&'~') {
                let digits: String = chars[at + 1..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && **c != ')')
                    .collect();
                at += 1 + digits.chars().count();
                slop = digits
                    .parse()
                    .map_err(|_| QueryError::BadDistance(digits.clone()))?;
            }
            tokens.push(Token::Phrase(phrase, slop));
        } else if c == '-' && at + 1 < chars.len() && !chars[at + 1].is_whitespace() {
            tokens.push(Token::Not);
            at += 1;
        } else {
            let word: String = chars[at..]
                .iter()
                .take_while(|c| !c.is_whitespace() && **c != '(' && **c != ')' && **c != '"')
                .collect();
            at += word.chars().count();
            tokens.push(match word.as_str() {
                "AND" | "&&" => Token::And,
                "OR" | "||" => Token::Or,
                "NOT" => Token::Not,
                _ => Token::Word(word),
            });
        }
    }
    Ok(tokens)
}

/// The query as a tree, before it meets the index.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Word(String),
    Fuzzy(String, u8),
    Prefix(String),
    Phrase(String, u32),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut alternatives = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Or(alternatives)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.at += 1;
                    parts.push(self.unary()?);
                }
                Some(Token::Or | Token::Close) | None => break,
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        match self.tokens.get(self.at).cloned() {
            Some(Token::Not) => {
                self.at += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(QueryError::Brackets);
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Phrase(text, slop)) => {
                self.at += 1;
                Ok(Node::Phrase(text, slop))
            }
            Some(Token::Word(word)) => {
                self.at += 1;
                word_node(&word)
            }
            Some(Token::Close) => Err(QueryError::Brackets),
            Some(Token::And | Token::Or) | None => Err(QueryError::Other(
                "AND and OR need a word on each side".to_owned(),
            )),
        }
    }
}

fn word_node(word: &str) -> Result<Node, QueryError> {
    if let Some((stem, distance)) = word.rsplit_once('~') {
        let distance = if distance.is_empty() {
            1
        } else {
            distance
                .parse::<u8>()
                .ok()
                .filter(|d| (1..=2).contains(d))
                .ok_or_else(|| {
                    QueryError::Other(format!(
                        "{word:?}: a fuzzy word allows 1 or 2 edits, as in support~ or support~2"
                    ))
                })?
        };
        return Ok(Node::Fuzzy(stem.to_owned(), distance));
    }
    if let Some(prefix) = word.strip_suffix('*') {
        if prefix.is_empty() {
            return Err(QueryError::Other(
                "* needs some letters before it, as in support*".to_owned(),
            ));
        }
        return Ok(Node::Prefix(prefix.to_owned()));
    }
    Ok(Node::Word(word.to_owned()))
}

/// Parses `text` for `field`, analysing words with `analyzer` (the field's own).
pub fn parse_query(
    text: &str,
    field: Field,
    analyzer: &mut TextAnalyzer,
) -> Result<ParsedQuery, QueryError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(QueryError::Empty);
    }
    let mut parser = Parser { tokens, at: 0 };
    let tree = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(QueryError::Brackets);
    }
    if matches!(tree, Node::Not(_)) {
        return Err(QueryError::OnlyExclusions);
    }
    let mut matchers = Vec::new();
    let query = build(&tree, field, analyzer, &mut matchers, false)?.ok_or(QueryError::Other(
        format!("{text:?} has no words that can be searched for"),
    ))?;
    Ok(ParsedQuery { query, matchers })
}

fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, token.text.clone()));
    }
    out
}

fn build(
    node: &Node,
    field: Field,
    analyzer: &mut TextAnalyzer,
    matchers: &mut Vec<Matcher>,
    negated: bool,
) -> Result<Option<Box<dyn TantivyQuery>>, QueryError> {
    let mut note = |matcher: Matcher| {
        if !negated {
            matchers.push(matcher);
        }
    };
    Ok(match node {
        Node::Word(word) => {
            let terms = analyse(analyzer, word);
            note(words_matcher(&terms, 0));
            phrase_or_term(field, terms, 0)
        }
        Node::Phrase(phrase, slop) => {
            let terms = analyse(analyzer, phrase);
            note(words_matcher(&terms, *slop));
            phrase_or_term(field, terms, *slop)
        }
        Node::Fuzzy(word, distance) => {
            let Some((_, term)) = analyse(analyzer, word).into_iter().next() else {
                return Ok(None);
            };
            note(Matcher::Fuzzy(term.clone(), *distance));
            Some(Box::new(FuzzyTermQuery::new(
                Term::from_field_text(field, &term),
                *distance,
                true,
            )))
        }
        Node::Prefix(prefix) => {
            let prefix = prefix.to_lowercase();
            note(Matcher::Prefix(prefix.clone()));
            Some(Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(field, &prefix),
                0,
                true,
            )))
        }
        Node::Not(inner) => {
            let Some(inner) = build(inner, field, analyzer, matchers, !negated)? else {
                return Ok(None);
            };
            Some(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, inner),
            ])))
        }
        Node::And(parts) => {
            let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            let mut has_positive = false;
            for part in parts {
                let (occur, inner) = match part {
                    Node::Not(inner) => (Occur::MustNot, inner.as_ref()),
                    other => (Occur::Must, other),
                };
                let is_negated = occur == Occur::MustNot;
                if let Some(query) = build(inner, field, analyzer, matchers, negated ^ is_negated)?
                {
                    has_positive |= !is_negated;
                    clauses.push((occur, query));
                }
            }
            if !has_positive {
                return Err(QueryError::OnlyExclusions);
            }
            Some(Box::new(BooleanQuery::new(clauses)))
        }
        Node::Or(parts) => {
            let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            for part in parts {
                if let Some(query) = build(part, field, analyzer, matchers, negated)? {
                    clauses.push((Occur::Should, query));
                }
            }
            if clauses.is_empty() {
                None
            } else {
                Some(Box::new(BooleanQuery::new(clauses)))
            }
        }
    })
}

fn words_matcher(terms: &[(usize, String)], slop: u32) -> Matcher {
    match terms {
        [(_, only)] => Matcher::Exact(only.clone()),
        _ => Matcher::Phrase(terms.iter().map(|(_, term)| term.clone()).collect(), slop),
    }
}

fn phrase_or_term(
    field: Field,
    terms: Vec<(usize, String)>,
    slop: u32,
) -> Option<Box<dyn TantivyQuery>> {
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, &terms[0].1),
            IndexRecordOption::WithFreqsAndPositions,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset_and_slop(
            terms
                .into_iter()
                .map(|(position, term)| (position, Term::from_field_text(field, &term)))
                .collect(),
            slop,
        ))),
    }
}

/// Levenshtein distance in chars; words are short, so the simple table is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Result<Node, QueryError> {
        let mut parser = Parser {
            tokens: lex(text)?,
            at: 0,
        };
        let node = parser.or()?;
        if parser.at != parser.tokens.len() {
            return Err(QueryError::Brackets);
        }
        Ok(node)
    }

    fn word(text: &str) -> Node {
        Node::Word(text.to_owned())
    }

    #[test]
    fn the_language_parses_into_the_expected_tree() {
        let cases: Vec<(&str, Node)> = vec![
            ("peer", word("peer")),
            (
                "peer support",
                Node::And(vec![word("peer"), word("support")]),
            ),
            (
                "peer OR family",
                Node::Or(vec![word("peer"), word("family")]),
            ),
            (
                "\"network meeting\"~3",
                Node::Phrase("network meeting".to_owned(), 3),
            ),
            (
                "peer -jargon",
                Node::And(vec![word("peer"), Node::Not(Box::new(word("jargon")))]),
            ),
            ("suport~", Node::Fuzzy("suport".to_owned(), 1)),
            ("supp*", Node::Prefix("supp".to_owned())),
            (
                "(peer OR lived) AND hope",
                Node::And(vec![
                    Node::Or(vec![word("peer"), word("lived")]),
                    word("hope"),
                ]),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(tree(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn mistakes_are_reported_in_words() {
        assert_eq!(tree("\"open"), Err(QueryError::UnclosedQuote(0)));
        assert_eq!(tree("(peer"), Err(QueryError::Brackets));
        assert_eq!(tree("peer)"), Err(QueryError::Brackets));
        assert!(matches!(tree("\"a b\"~x"), Err(QueryError::BadDistance(_))));
        assert!(matches!(tree("peer~7"), Err(QueryError::Other(_))));
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("support", "suport"), 1);
        assert_eq!(edit_distance("zoë", "zoe"), 1);
        assert_eq!(edit_distance("peer", "peer"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
