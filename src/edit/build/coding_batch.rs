//! Coding many passages at once from a table (a script's CSV or JSON Lines):
//! each row names a document, a range or a quote to find, a code, and
//! optionally a coder and a memo; together they become one
//! `Command::Batch`, so the whole table is one undo step.
//!
//! The builder is pure and takes the table whole: every row that does not fit
//! is reported with its line, and then nothing is built, so a table is applied
//! entirely or not at all. Each document, code and coder is looked up once
//! however many rows name it, which keeps thousands of rows fast.

use crate::edit::Command;
use crate::edit::build::CommandBuilder;
use crate::model::{
    CODE_PALETTE, Code, CodeId, Coder, CoderId, Coding, CodingId, DocumentId, Project,
};

use std::collections::{HashMap, HashSet};

/// Where a row's passage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowPlace {
    /// Char offsets into the document, end exclusive.
    Offsets { start: usize, end: usize },
    /// Text to find in the document; runs of white space in it match any run
    /// of white space, since transcripts wrap lines where quotes do not.
    Quote(String),
}

/// One row of a codings table, as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingRow {
    /// The row's line in its file, for messages.
    pub line: usize,
    /// Document name, file name, id or unique name prefix.
    pub document: String,
    pub place: RowPlace,
    /// Code id, path or name; a code not found is created, with the parents
    /// its path names that are not there yet.
    pub code: String,
    /// Who coded it; `None` for the current coder. A new name is added.
    pub coder: Option<String>,
    pub memo: String,
}

/// A row that does not fit, by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// What a table of codings will do once applied.
#[derive(Debug, Clone)]
pub struct CodingBatch {
    /// The one step to apply; `None` when every row is coded already.
    pub command: Option<Command>,
    /// The new codings, in row order.
    pub codings: Vec<CodingId>,
    /// Names of the codes the step creates.
    pub new_codes: Vec<String>,
    /// Names of the coders the step adds.
    pub new_coders: Vec<String>,
    /// Rows left out because that coder already codes that passage with that
    /// code (or an earlier row does), so that running a script twice does
    /// not code everything twice.
    pub already_coded: usize,
}

/// The table's rows as one step called `code N passages from SOURCE`, coded
/// by `coder` where a row names none, at `created_at`. Returns every row that
/// does not fit, in line order, instead when any does not.
pub fn coding_batch(
    project: &Project,
    rows: &[CodingRow],
    source: &str,
    coder: &Coder,
    created_at: i64,
) -> Result<CodingBatch, Vec<RowProblem>> {
    let mut lookups = Lookups::new(project, coder);
    let mut problems = Vec::new();
    let mut seen: HashSet<(DocumentId, CodeId, CoderId, usize, usize)> = project
        .codings
        .values()
        .map(|coding| {
            (
                coding.document,
                coding.code,
                coding.coder,
                coding.start,
                coding.end,
            )
        })
        .collect();
    let mut codings = Vec::new();
    let mut already_coded = 0;
    for row in rows {
        let placed = lookups.document(&row.document).and_then(|document| {
            let (start, end) = lookups.place(document, &row.place)?;
            Ok((document, start, end))
        });
        let code = lookups.code(&row.code);
        let author = lookups.coder(row.coder.as_deref());
        let ((document, start, end), code) = match (placed, code) {
            (Ok(placed), Ok(code)) => (placed, code),
            (placed, code) => {
                let errors = [placed.err(), code.err()];
                problems.extend(errors.into_iter().flatten().map(|problem| RowProblem {
                    line: row.line,
                    problem,
                }));
                continue;
            }
        };
        if !seen.insert((document, code, author, start, end)) {
            already_coded += 1;
            continue;
        }
        codings.push(Coding {
            id: CodingId::new(),
            document,
            code,
            coder: author,
            start,
            end,
            created_at,
            memo: row.memo.trim().to_owned(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|problem| problem.line);
        return Err(problems);
    }
    let ids: Vec<CodingId> = codings.iter().map(|coding| coding.id).collect();
    let new_codes: Vec<String> = lookups.new_codes.iter().map(|c| c.name.clone()).collect();
    let new_coders: Vec<String> = lookups.new_coders.iter().map(|c| c.name.clone()).collect();
    let command = (!codings.is_empty()).then(|| {
        let count = codings.len();
        let noun = if count == 1 { "passage" } else { "passages" };
        let mut commands = Vec::with_capacity(count + new_codes.len() + new_coders.len());
        commands.extend(
            lookups
                .new_coders
                .into_iter()
                .map(|coder| Command::AddCoder { coder }),
        );
        commands.extend(
            lookups
                .new_codes
                .into_iter()
                .map(|code| Command::CreateCode { code }),
        );
        commands.extend(
            codings
                .into_iter()
                .map(|coding| Command::AddCoding { coding }),
        );
        Command::Batch {
            label: format!("code {count} {noun} from {source}"),
            commands,
        }
    });
    Ok(CodingBatch {
        command,
        codings: ids,
        new_codes,
        new_coders,
        already_coded,
    })
}

impl CommandBuilder<'_> {
    /// [`coding_batch`] on this project, by the current coder, now.
    pub fn coding_batch(
        &self,
        rows: &[CodingRow],
        source: &str,
    ) -> Result<CodingBatch, Vec<RowProblem>> {
        coding_batch(self.project, rows, source, self.coder, self.at)
    }
}

/// The code `key` names (an id, a `Parent/Child` path or a name) and the codes
/// to create for it: none if it exists, else it and the parents its path names
/// that the project lacks. One coding and a table of codings read a code the
/// same way.
pub(crate) fn code_or_new(
    project: &Project,
    coder: &Coder,
    key: &str,
) -> Result<(CodeId, Vec<Code>), String> {
    let mut lookups = Lookups::new(project, coder);
    let id = lookups.code(key)?;
    Ok((id, lookups.new_codes))
}

/// The documents, codes and coders the rows name, each looked up once, and
/// the codes and coders the batch will create.
struct Lookups<'p> {
    project: &'p Project,
    default_coder: CoderId,
    documents: HashMap<String, Result<DocumentId, String>>,
    codes: HashMap<String, Result<CodeId, String>>,
    /// Codes by parent and folded name, made when a code is first created.
    children: Option<HashMap<(Option<CodeId>, String), CodeId>>,
    coders: HashMap<String, CoderId>,
    texts: HashMap<DocumentId, FlatText>,
    new_codes: Vec<Code>,
    new_coders: Vec<Coder>,
}

impl<'p> Lookups<'p> {
    fn new(project: &'p Project, coder: &Coder) -> Self {
        Self {
            project,
            default_coder: coder.id,
            documents: HashMap::new(),
            codes: HashMap::new(),
            children: None,
            coders: HashMap::new(),
            texts: HashMap::new(),
            new_codes: Vec::new(),
            new_coders: Vec::new(),
        }
    }

    fn document(&mut self, key: &str) -> Result<DocumentId, String> {
        let key = key.trim();
        if key.is_empty() {
            return Err("no document given".to_owned());
        }
        let project = self.project;
        self.documents
            .entry(key.to_owned())
            .or_insert_with(|| {
                project.find_document(key).map(|doc| doc.id).ok_or_else(|| {
                    format!("no document matches {key:?} (or several do); `polyphony docs PROJECT` lists them")
                })
            })
            .clone()
    }

    fn place(&mut self, document: DocumentId, place: &RowPlace) -> Result<(usize, usize), String> {
        let doc = self
            .project
            .documents
            .get(&document)
            .ok_or_else(|| "that document is gone".to_owned())?;
        match place {
            RowPlace::Offsets { start, end } => {
                if start >= end {
                    Err(format!("start {start} is not before end {end}"))
                } else if *end > doc.char_count {
                    Err(format!(
                        "{start}..{end} is outside {}, which has {} characters",
                        doc.name, doc.char_count
                    ))
                } else {
                    Ok((*start, *end))
                }
            }
            RowPlace::Quote(quote) => self
                .texts
                .entry(document)
                .or_insert_with(|| FlatText::of(&doc.text))
                .find_once(quote, &doc.name),
        }
    }

    fn code(&mut self, key: &str) -> Result<CodeId, String> {
        let key = key.trim();
        let folded = key.to_lowercase();
        if let Some(found) = self.codes.get(&folded) {
            return found.clone();
        }
        let found = match self.project.find_code(key) {
            Some(code) => Ok(code.id),
            None => self.new_code(key),
        };
        self.codes.insert(folded, found.clone());
        found
    }

    /// The code at path `key` (`Parent/Child`), made with the parents it
    /// lacks; a plain name is a new top-level code. A name several codes
    /// share is refused rather than guessed.
    fn new_code(&mut self, key: &str) -> Result<CodeId, String> {
        let parts: Vec<&str> = key.split('/').map(str::trim).collect();
        if parts.iter().all(|part| part.is_empty()) {
            return Err("no code given".to_owned());
        }
        if parts.iter().any(|part| part.is_empty()) {
            return Err(format!(
                "the code path {key:?} has an empty part; write it as Parent/Child"
            ));
        }
        if let [name] = parts.as_slice() {
            let folded = name.to_lowercase();
            let sharing = self
                .project
                .codes
                .values()
                .filter(|code| code.name.to_lowercase() == folded)
                .count();
            if sharing > 1 {
                return Err(format!(
                    "{sharing} codes are called {name}; give the path of one (Parent/{name})"
                ));
            }
        }
        let mut parent = None;
        for part in parts {
            parent = Some(match self.child_named(parent, part) {
                Some(id) => id,
                None => self.create_code(part, parent),
            });
        }
        parent.ok_or_else(|| "no code given".to_owned())
    }

    /// The code called `name` (ignoring case) directly under `parent`, in the
    /// project or among the codes this batch creates.
    fn child_named(&mut self, parent: Option<CodeId>, name: &str) -> Option<CodeId> {
        let project = self.project;
        let children = self.children.get_or_insert_with(|| {
            let mut children = HashMap::new();
            for code in project.codes.values() {
                children
                    .entry((code.parent, code.name.to_lowercase()))
                    .or_insert(code.id);
            }
            children
        });
        children.get(&(parent, name.to_lowercase())).copied()
    }

    fn create_code(&mut self, name: &str, parent: Option<CodeId>) -> CodeId {
        let colour =
            CODE_PALETTE[(self.project.codes.len() + self.new_codes.len()) % CODE_PALETTE.len()];
        let code = Code {
            id: CodeId::new(),
            name: name.to_owned(),
            parent,
            color: colour.to_owned(),
            description: String::new(),
        };
        let id = code.id;
        if let Some(children) = &mut self.children {
            children.insert((parent, name.to_lowercase()), id);
        }
        self.new_codes.push(code);
        id
    }

    /// The coder called `name` (a new one when the project has none by that
    /// name), or the default coder when the row names none.
    fn coder(&mut self, name: Option<&str>) -> CoderId {
        let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
            return self.default_coder;
        };
        let folded = name.to_lowercase();
        if let Some(id) = self.coders.get(&folded) {
            return *id;
        }
        let id = match self.project.find_coder(name) {
            Some(coder) => coder.id,
            None => {
                let coder = Coder {
                    id: CoderId::new(),
                    name: name.to_owned(),
                };
                let id = coder.id;
                self.new_coders.push(coder);
                id
            }
        };
        self.coders.insert(folded, id);
        id
    }
}

/// A document's text with each run of white space made one space, and where
/// each of its bytes came from, so that a quote is found whatever the line
/// breaks and its char range read off directly.
struct FlatText {
    text: String,
    /// The document char offset of the char each byte of `text` belongs to.
    origin: Vec<usize>,
}

impl FlatText {
    fn of(text: &str) -> Self {
        let mut flat = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut in_space = false;
        for (at, c) in text.chars().enumerate() {
            if c.is_whitespace() {
                if !in_space {
                    flat.push(' ');
                    origin.push(at);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            flat.push(c);
            origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
        Self { text: flat, origin }
    }

    /// The char range of the one place `quote` is in this text of document
    /// `name`, or why there is none.
    fn find_once(&self, quote: &str, name: &str) -> Result<(usize, usize), String> {
        let wanted = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        if wanted.is_empty() {
            return Err("the quote is empty".to_owned());
        }
        let shown = shorten(&wanted);
        let Some(first) = self.text.find(&wanted) else {
            return Err(format!("the quote \"{shown}\" is not in {name}"));
        };
        // Look again from the next char, so that overlapping repeats count.
        let next = first + wanted.chars().next().map_or(1, char::len_utf8);
        let range = |at: usize| (self.origin[at], self.origin[at + wanted.len() - 1] + 1);
        if let Some(again) = self.text[next..].find(&wanted) {
            let (one, two) = (range(first).0, range(next + again).0);
            return Err(format!(
                "the quote \"{shown}\" is in {name} more than once (at {one} and {two}); give start and end, or a longer quote"
            ));
        }
        Ok(range(first))
    }
}

/// A quote cut to a length a message can show.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SHOWN).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn project() -> (Project, Coder) {
        let text = "I keep hope.\nIt matters to me,\n  it really matters.";
        let document = Document {
            ..Document::for_tests("int-01", text)
        };
        let coder = Coder {
            id: CoderId::new(),
            name: "Ruth".to_owned(),
        };
        let mut project = Project::default();
        project.documents.insert(document.id, document);
        project.coders.insert(coder.id, coder.clone());
        (project, coder)
    }

    fn row(line: usize, place: RowPlace, code: &str) -> CodingRow {
        CodingRow {
            line,
            document: "int-01".to_owned(),
            place,
            code: code.to_owned(),
            coder: None,
            memo: String::new(),
        }
    }

    fn quote(text: &str) -> RowPlace {
        RowPlace::Quote(text.to_owned())
    }

    #[test]
    fn quotes_are_found_across_line_breaks_and_codes_created_once() {
        let (project, coder) = project();
        let rows = [
            row(2, quote("matters to me, it"), "Hope"),
            row(3, RowPlace::Offsets { start: 2, end: 6 }, "hope"),
            row(4, quote("I keep"), "Values/Hope"),
            row(5, quote("I keep"), "values/hope"),
        ];
        let batch = coding_batch(&project, &rows, "t.csv", &coder, 0).expect("fits");
        assert_eq!(batch.new_codes, vec!["Hope", "Values", "Hope"]);
        assert_eq!(batch.already_coded, 1, "the same path, in another case");
        let Some(Command::Batch { label, commands }) = batch.command else {
            panic!("a batch");
        };
        assert_eq!(label, "code 3 passages from t.csv");
        let parents: Vec<Option<CodeId>> = commands
            .iter()
            .filter_map(|command| match command {
                Command::CreateCode { code } => Some(code.parent),
                _ => None,
            })
            .collect();
        assert_eq!(parents[0], None);
        assert_eq!(parents[1], None);
        assert!(parents[2].is_some(), "Values/Hope is under Values");
        let ranges: Vec<(usize, usize)> = commands
            .iter()
            .filter_map(|command| match command {
                Command::AddCoding { coding } => Some((coding.start, coding.end)),
                _ => None,
            })
            .collect();
        let text = &project.documents.values().next().expect("doc").text;
        let (start, end) = ranges[0];
        assert_eq!(
            crate::model::text::slice_chars(text, start, end),
            "matters to me,\n  it"
        );
        assert_eq!(ranges[1..], [(2, 6), (0, 6)]);
    }

    #[test]
    fn every_row_that_does_not_fit_is_reported_by_line() {
        let (project, coder) = project();
        let rows = [
            row(2, quote("matters"), "Hope"),
            row(3, quote("despair"), "Hope"),
            row(4, RowPlace::Offsets { start: 5, end: 500 }, "Hope"),
            row(5, RowPlace::Offsets { start: 0, end: 4 }, " "),
            CodingRow {
                document: "nowhere".to_owned(),
                ..row(6, RowPlace::Offsets { start: 0, end: 4 }, "Hope")
            },
            row(7, quote("I keep hope."), "Hope"),
        ];
        let problems = coding_batch(&project, &rows, "t.csv", &coder, 0).expect_err("bad rows");
        let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6]);
        assert!(
            problems[0].problem.contains("more than once"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].problem.contains("is not in int-01"),
            "{}",
            problems[1]
        );
        assert!(
            problems[2].problem.contains("outside int-01"),
            "{}",
            problems[2]
        );
        assert!(problems[3].problem.contains("no code"), "{}", problems[3]);
        assert!(
            problems[4].problem.contains("no document"),
            "{}",
            problems[4]
        );
    }

    #[test]
    fn passages_coded_already_are_left_out_and_new_coders_added() {
        let (mut project, coder) = project();
        let first = coding_batch(
            &project,
            &[row(2, quote("I keep hope."), "Hope")],
            "t.csv",
            &coder,
            0,
        )
        .expect("fits");
        crate::edit::apply(&mut project, first.command.expect("a command")).expect("applies");
        let rows = [
            row(2, quote("I keep hope."), "Hope"),
            CodingRow {
                coder: Some("Sam".to_owned()),
                ..row(3, quote("I keep hope."), "Hope")
            },
            CodingRow {
                coder: Some("sam".to_owned()),
                ..row(4, quote("I keep hope."), "hope")
            },
        ];
        let again = coding_batch(&project, &rows, "t.csv", &coder, 0).expect("fits");
        assert_eq!(again.already_coded, 2);
        assert_eq!(again.codings.len(), 1);
        assert_eq!(again.new_coders, vec!["Sam"]);
        assert!(again.new_codes.is_empty());
    }
}
