//! Removes page furniture: running headers and footers and page numbers. A line is
//! furniture when it is in the top or bottom rows of its page (near the edge) and
//! either is a page number on its own ("4", "- 4 -", "Page 4 of 12", "iv") or repeats,
//! with its numbers allowed to change, in the same place on at least 40 % of the pages
//! (and on at least 2). 40 % rather than "most" so that headers that alternate
//! between odd and even pages (journal name, article title) still count.

use crate::numbers::count_from;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::layout::Line;

/// How many rows at the top and at the bottom of a page are looked at. A row is looked
/// at only if the rows nearer the edge were all furniture.
const EDGE_ROWS: usize = 3;
/// Furniture lies within this fraction of the page height from its top or bottom edge.
const EDGE_ZONE: f64 = 0.2;
/// The share of pages a line must repeat on to be a running header or footer.
const REPEAT_SHARE: f64 = 0.4;

/// "4", "- 4 -", "– iv –", "Page 4", "page 4 of 12", "p. 4", "4 / 12", "[4]". Roman
/// numerals only of i, v, x and l, so that a lone "c" or "d" (a list item) is text.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\[(]?\s*(page\s+|p\.\s*)?[-–—]?\s*(\d{1,4}|[ivxl]{1,6})\s*[-–—]?(\s*(/|of)\s*\d{1,4})?\s*[\])]?$",
    )
    .unwrap_or_else(|_| unreachable!("the page-number pattern is valid"))
});

/// Which edge of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Top,
    Bottom,
}

/// The lines of each page, without their furniture. `pages` holds each page's lines in
/// reading order and the page's height.
pub(crate) fn remove_furniture(pages: Vec<(Vec<Line>, f64)>) -> Vec<Vec<Line>> {
    let page_count = pages.len();
    let edge_rows: Vec<Vec<(Edge, Vec<usize>)>> = pages
        .iter()
        .map(|(lines, height)| edge_rows(lines, *height))
        .collect();
    // On how many pages each (edge, normalised text) appears among the edge rows.
    let mut seen_on: HashMap<(Edge, String), HashSet<usize>> = HashMap::new();
    for (page_index, rows) in edge_rows.iter().enumerate() {
        for (edge, row) in rows {
            for &line in row {
                let key = (*edge, normalise(&pages[page_index].0[line].text));
                seen_on.entry(key).or_default().insert(page_index);
            }
        }
    }
    let needed = count_from((page_count as f64 * REPEAT_SHARE).ceil()).max(2);
    let is_furniture = |edge: Edge, text: &str| {
        PAGE_NUMBER.is_match(text.trim())
            || seen_on
                .get(&(edge, normalise(text)))
                .is_some_and(|pages| pages.len() >= needed)
    };

    let mut kept_pages = Vec::with_capacity(page_count);
    for ((lines, _), rows) in pages.into_iter().zip(edge_rows) {
        let mut removed: HashSet<usize> = HashSet::new();
        for edge in [Edge::Top, Edge::Bottom] {
            // Rows from the edge inwards; stop at the first row that is not all furniture.
            for (_, row) in rows.iter().filter(|(row_edge, _)| *row_edge == edge) {
                if row
                    .iter()
                    .all(|&line| is_furniture(edge, &lines[line].text))
                {
                    removed.extend(row.iter().copied());
                } else {
                    break;
                }
            }
        }
        kept_pages.push(
            lines
                .into_iter()
                .enumerate()
                .filter(|(index, _)| !removed.contains(index))
                .map(|(_, line)| line)
                .collect(),
        );
    }
    kept_pages
}

/// The rows nearest the top edge (top first) and nearest the bottom edge (bottom first),
/// each as the indexes of its lines, up to [`EDGE_ROWS`] each, within [`EDGE_ZONE`].
fn edge_rows(lines: &[Line], height: f64) -> Vec<(Edge, Vec<usize>)> {
    let mut by_y: Vec<usize> = (0..lines.len()).collect();
    by_y.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    // Rows: lines whose baselines are within half a font size of each other.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for index in by_y {
        let line = &lines[index];
        match rows.last_mut() {
            Some(row) if (lines[row[0]].y - line.y).abs() < 0.5 * line.size => row.push(index),
            _ => rows.push(vec![index]),
        }
    }
    let zone = height * EDGE_ZONE;
    let mut edges = Vec::new();
    let top_rows = rows
        .iter()
        .take(EDGE_ROWS)
        .filter(|row| lines[row[0]].y <= zone);
    edges.extend(top_rows.map(|row| (Edge::Top, row.clone())));
    let bottom_rows = rows
        .iter()
        .rev()
        .take(EDGE_ROWS)
        .filter(|row| lines[row[0]].y >= height - zone);
    // A row cannot be both: on a nearly empty page the top rows come first.
    let top_taken: HashSet<usize> = edges.iter().flat_map(|(_, row)| row.clone()).collect();
    edges.extend(
        bottom_rows
            .filter(|row| !row.iter().any(|line| top_taken.contains(line)))
            .map(|row| (Edge::Bottom, row.clone())),
    );
    edges
}

/// The text with every number as "#", in lower case with single spaces, so that "Page 3
/// of 9" and "Page 4 of 9" are the same footer.
fn normalise(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut in_number = false;
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !in_number {
                    key.push('#');
                }
                in_number = true;
            } else {
                in_number = false;
                key.extend(c.to_lowercase());
            }
        }
        in_number = false;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::super::layout::Column;
    use super::*;

    fn line(page: u32, y: f64, text: &str) -> Line {
        Line {
            page,
            text: text.to_string(),
            x0: 50.0,
            x1: 300.0,
            y,
            size: 10.0,
            column: Column::Full,
            band: 0,
        }
    }

    /// Pages of 800 pt whose lines are (y, text).
    fn pages(rows: &[&[(f64, &str)]]) -> Vec<(Vec<Line>, f64)> {
        rows.iter()
            .enumerate()
            .map(|(index, lines)| {
                let page = u32::try_from(index + 1).unwrap_or(u32::MAX);
                let lines = lines.iter().map(|&(y, text)| line(page, y, text)).collect();
                (lines, 800.0)
            })
            .collect()
    }

    fn kept(pages: Vec<Vec<Line>>) -> Vec<Vec<String>> {
        pages
            .into_iter()
            .map(|lines| lines.into_iter().map(|line| line.text).collect())
            .collect()
    }

    #[test]
    fn page_numbers_are_recognised_in_their_usual_forms() {
        for (text, is_number) in [
            ("4", true),
            ("- 4 -", true),
            ("– 12 –", true),
            ("Page 4", true),
            ("page 4 of 12", true),
            ("p. 4", true),
            ("4 / 12", true),
            ("[4]", true),
            ("iv", true),
            ("2024", true),
            ("4 participants", false),
            ("Interviewer: 4", false),
            ("Yes.", false),
        ] {
            assert_eq!(PAGE_NUMBER.is_match(text), is_number, "{text:?}");
        }
    }

    #[test]
    fn numbers_in_footers_may_change() {
        assert_eq!(normalise("Page  3 of 12"), normalise("Page 4 of 12"));
        assert_ne!(normalise("Interview 1"), normalise("Interviewer 1"));
    }

    #[test]
    fn running_headers_footers_and_page_numbers_go() {
        let result = remove_furniture(pages(&[
            &[
                (30.0, "Study of peers"),
                (100.0, "Body one."),
                (770.0, "Page 1 of 3"),
            ],
            &[
                (30.0, "Study of peers"),
                (100.0, "Body two."),
                (770.0, "Page 2 of 3"),
            ],
            &[
                (30.0, "Study of peers"),
                (100.0, "Body three."),
                (770.0, "3"),
            ],
        ]));
        assert_eq!(
            kept(result),
            [vec!["Body one."], vec!["Body two."], vec!["Body three."]]
        );
    }

    #[test]
    fn body_text_near_the_edges_stays() {
        // Lines at the edges that neither repeat nor are numbers are the text.
        let result = remove_furniture(pages(&[
            &[(30.0, "Interviewer: Yes."), (770.0, "The last line.")],
            &[(30.0, "Participant: No."), (770.0, "Another last line.")],
            &[(30.0, "Participant: Maybe."), (400.0, "Middle 4")],
        ]));
        assert_eq!(
            kept(result),
            [
                vec!["Interviewer: Yes.", "The last line."],
                vec!["Participant: No.", "Another last line."],
                vec!["Participant: Maybe.", "Middle 4"],
            ]
        );
    }

    #[test]
    fn headers_that_alternate_between_odd_and_even_pages_go() {
        let result = remove_furniture(pages(&[
            &[(30.0, "Journal 12(3)"), (100.0, "one")],
            &[(30.0, "Author and Author"), (100.0, "two")],
            &[(30.0, "Journal 12(3)"), (100.0, "three")],
            &[(30.0, "Author and Author"), (100.0, "four")],
            &[(30.0, "Journal 12(3)"), (100.0, "five")],
        ]));
        assert_eq!(
            kept(result),
            [["one"], ["two"], ["three"], ["four"], ["five"]]
        );
    }

    #[test]
    fn a_number_in_the_middle_of_the_page_is_text() {
        let result = remove_furniture(pages(&[&[
            (100.0, "Text."),
            (400.0, "12"),
            (500.0, "More."),
        ]]));
        assert_eq!(kept(result), [vec!["Text.", "12", "More."]]);
    }

    #[test]
    fn only_rows_next_to_removed_furniture_are_looked_at() {
        // The second row from the top is a lone number, but the top row is text.
        let result = remove_furniture(pages(&[&[(30.0, "Heading"), (45.0, "7"), (100.0, "x")]]));
        assert_eq!(kept(result), [vec!["Heading", "7", "x"]]);
    }
}
