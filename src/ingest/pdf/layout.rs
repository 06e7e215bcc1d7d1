//! Puts the glyphs of one PDF page into lines in reading order: glyphs become runs of
//! text on one baseline, runs are sorted into a single column or, when the page has a
//! clear gutter down its middle, into a left and a right column between full-width
//! lines (a title, a header), and the runs of each column that share a baseline become
//! one line. Coordinates are PDF points with y growing downwards from the page top.

use crate::numbers::count_from;

/// One glyph as the PDF draws it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// The left end of its baseline.
    pub x: f64,
    pub y: f64,
    /// How far the pen moves after it.
    pub advance: f64,
    /// The font size as drawn (after the text and page transforms).
    pub size: f64,
    /// Its Unicode text: usually one char, sometimes a ligature such as "fi".
    pub text: String,
}

/// The glyphs of one page, in the order the content stream draws them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PageGlyphs {
    /// 1-based, in document order.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
}

/// Where on the page a line sits, for the paragraph rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    /// The only column, or a line across both columns.
    Full,
    Left,
    Right,
}

/// One line of text in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub page: u32,
    /// The text, trimmed, with single spaces between words.
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// The baseline.
    pub y: f64,
    pub size: f64,
    pub column: Column,
    /// Which stretch of the page between full-width lines it is in, counted from the top.
    pub band: usize,
}

/// A stretch of text on one baseline without a wide gap.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
}

/// Glyphs whose baselines differ by less than this many font sizes share a line.
const SAME_BASELINE: f64 = 0.35;
/// A gap wider than this many font sizes is a word space.
const WORD_GAP: f64 = 0.15;
/// A gap wider than this many font sizes ends a run: it may be a column gutter or a tab.
const RUN_GAP: f64 = 1.2;
/// The gutter of a two-column page is looked for between these fractions of its width.
const GUTTER_SEARCH: (f64, f64) = (0.3, 0.7);
/// A column must have at least this many runs...
const MIN_COLUMN_RUNS: usize = 3;
/// ...whose median width is at least this fraction of the page width: narrow runs on
/// one side are labels or tab stops, not a column.
const MIN_COLUMN_WIDTH: f64 = 0.2;

/// The lines of a page in reading order: top to bottom; on a two-column page, the left
/// column before the right one within each stretch between full-width lines.
pub(crate) fn page_lines(page: &PageGlyphs) -> Vec<Line> {
    let runs = runs(&page.glyphs);
    let gutter = find_gutter(&runs, page.width);
    // Each run's place: band, then full-width lines after the columns of their band,
    // then left before right.
    let mut placed: Vec<(usize, Column, Run)> = Vec::with_capacity(runs.len());
    let mut full_width_ys: Vec<f64> = match gutter {
        Some(gutter) => runs
            .iter()
            .filter(|run| run.x0 < gutter && run.x1 > gutter)
            .map(|run| run.y)
            .collect(),
        None => Vec::new(),
    };
    full_width_ys.sort_by(f64::total_cmp);
    for run in runs {
        // A run that crosses the gutter, or a page without one, is full width.
        let column = match gutter {
            Some(gutter) if run.x1 <= gutter => Column::Left,
            Some(gutter) if run.x0 >= gutter => Column::Right,
            _ => Column::Full,
        };
        let band = full_width_ys
            .iter()
            .filter(|&&y| y < run.y - SAME_BASELINE * run.size)
            .count();
        placed.push((band, column, run));
    }
    let order = |column: Column| match column {
        Column::Left => 0,
        Column::Right => 1,
        Column::Full => 2,
    };
    placed.sort_by(|a, b| {
        (a.0, order(a.1))
            .cmp(&(b.0, order(b.1)))
            .then(a.2.y.total_cmp(&b.2.y))
            .then(a.2.x0.total_cmp(&b.2.x0))
    });
    merge_into_lines(page.number, placed)
}

/// Glyphs in drawing order → runs. A run ends where the baseline changes, the pen jumps
/// back, or a gap is wider than [`RUN_GAP`]; a space glyph or a gap wider than
/// [`WORD_GAP`] puts one space between words.
fn runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut space_pending = false;
    for glyph in glyphs {
        if glyph.text.chars().all(char::is_whitespace) {
            space_pending = true;
            continue;
        }
        let size = glyph.size.max(1.0);
        let continues = runs.last().is_some_and(|run| {
            let gap = glyph.x - run.x1;
            (glyph.y - run.y).abs() < SAME_BASELINE * size.max(run.size)
                && gap > -0.5 * size
                && gap < RUN_GAP * size
        });
        let text = clean_glyph_text(&glyph.text);
        match runs.last_mut() {
            Some(run) if continues => {
                if space_pending || glyph.x - run.x1 > WORD_GAP * size {
                    run.text.push(' ');
                }
                run.text.push_str(&text);
                run.x1 = run.x1.max(glyph.x + glyph.advance);
                run.size = run.size.max(size);
            }
            _ => runs.push(Run {
                text,
                x0: glyph.x,
                x1: glyph.x + glyph.advance,
                y: glyph.y,
                size,
            }),
        }
        space_pending = false;
    }
    runs
}

/// Ligatures spelled out, no-break spaces as spaces: the text as a reader types it.
fn clean_glyph_text(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => clean.push_str("ff"),
            '\u{FB01}' => clean.push_str("fi"),
            '\u{FB02}' => clean.push_str("fl"),
            '\u{FB03}' => clean.push_str("ffi"),
            '\u{FB04}' => clean.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => clean.push_str("st"),
            '\u{A0}' | '\u{2007}' | '\u{202F}' => clean.push(' '),
            c if c.is_control() => {}
            c => clean.push(c),
        }
    }
    clean
}

/// The x of a gutter between two columns, if the page has one: the middle of the widest
/// vertical strip in the middle of the page that the fewest runs cross, provided there
/// are real columns on both sides of it and few runs across it.
fn find_gutter(runs: &[Run], page_width: f64) -> Option<f64> {
    if runs.len() < 2 * MIN_COLUMN_RUNS || page_width <= 0.0 {
        return None;
    }
    let crossing_at = |x: f64| {
        runs.iter()
            .filter(|run| run.x0 < x - 0.5 && run.x1 > x + 0.5)
            .count()
    };
    let from = count_from((page_width * GUTTER_SEARCH.0).floor());
    let to = count_from((page_width * GUTTER_SEARCH.1).ceil());
    let counts: Vec<(usize, usize)> = (from..=to).map(|x| (x, crossing_at(x as f64))).collect();
    let fewest = counts.iter().map(|&(_, count)| count).min()?;
    // The longest stretch of neighbouring xs with the fewest crossings.
    let mut best: Option<(usize, usize)> = None;
    let mut start: Option<usize> = None;
    for &(x, count) in &counts {
        if count == fewest {
            let begin = *start.get_or_insert(x);
            if best.is_none_or(|(a, b)| x - begin > b - a) {
                best = Some((begin, x));
            }
        } else {
            start = None;
        }
    }
    let (begin, end) = best?;
    let gutter = (begin + end) as f64 / 2.0;
    let left: Vec<&Run> = runs.iter().filter(|run| run.x1 <= gutter).collect();
    let right: Vec<&Run> = runs.iter().filter(|run| run.x0 >= gutter).collect();
    let is_column = |side: &[&Run]| {
        side.len() >= MIN_COLUMN_RUNS
            && median(side.iter().map(|run| run.x1 - run.x0)) >= MIN_COLUMN_WIDTH * page_width
    };
    let typical_size = median(runs.iter().map(|run| run.size));
    let wide_enough = (end - begin) as f64 >= 0.5 * typical_size;
    (is_column(&left)
        && is_column(&right)
        && wide_enough
        && fewest * 2 <= left.len().min(right.len()))
    .then_some(gutter)
}

/// The median of some numbers; 0 for none.
pub(crate) fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.filter(|value| value.is_finite()).collect();
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Sorted runs → lines: neighbouring runs of one band and column on one baseline are one
/// line, joined with a space.
fn merge_into_lines(page: u32, placed: Vec<(usize, Column, Run)>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (band, column, run) in placed {
        let text = run.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        match lines.last_mut() {
            Some(line)
                if line.band == band
                    && line.column == column
                    && (line.y - run.y).abs() < SAME_BASELINE * line.size.max(run.size) =>
            {
                line.text.push(' ');
                line.text.push_str(&text);
                line.x0 = line.x0.min(run.x0);
                line.x1 = line.x1.max(run.x1);
                line.size = line.size.max(run.size);
            }
            _ => lines.push(Line {
                page,
                text,
                x0: run.x0,
                x1: run.x1,
                y: run.y,
                size: run.size,
                column,
                band,
            }),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word drawn at (x, y) in a 10 pt font whose glyphs are 5 pt wide.
    fn word(x: f64, y: f64, text: &str) -> Vec<Glyph> {
        let mut glyphs = Vec::new();
        for (index, c) in text.chars().enumerate() {
            glyphs.push(Glyph {
                x: x + 5.0 * index as f64,
                y,
                advance: 5.0,
                size: 10.0,
                text: c.to_string(),
            });
        }
        glyphs
    }

    /// A page of 600 × 800 pt with words at the given places.
    fn page(words: &[(f64, f64, &str)]) -> PageGlyphs {
        PageGlyphs {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: words
                .iter()
                .flat_map(|&(x, y, text)| word(x, y, text))
                .collect(),
        }
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|line| line.text.as_str()).collect()
    }

    #[test]
    fn gaps_become_spaces_and_baselines_lines() {
        // "one" ends at x = 115; "two" starts 5 pt later (half a font size): a space.
        let lines = page_lines(&page(&[
            (100.0, 100.0, "one"),
            (120.0, 100.5, "two"),
            (100.0, 112.0, "three"),
        ]));
        assert_eq!(texts(&lines), ["one two", "three"]);
    }

    #[test]
    fn lines_are_read_top_to_bottom_whatever_the_drawing_order() {
        let lines = page_lines(&page(&[(100.0, 300.0, "later"), (100.0, 100.0, "first")]));
        assert_eq!(texts(&lines), ["first", "later"]);
    }

    /// A two-column page: a title across the middle, then six lines in each column, each
    /// 200 pt wide (40 glyphs), the columns 40 pt apart.
    fn two_columns() -> PageGlyphs {
        let filler = "x".repeat(38);
        let mut words: Vec<(f64, f64, String)> = vec![(150.0, 50.0, format!("TITLE {filler}"))];
        for row in 0..6 {
            let y = 100.0 + 12.0 * f64::from(row);
            words.push((50.0, y, format!("L{row} {filler}")));
            words.push((300.0, y, format!("R{row} {filler}")));
        }
        let borrowed: Vec<(f64, f64, &str)> =
            words.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
        page(&borrowed)
    }

    #[test]
    fn the_left_column_is_read_before_the_right() {
        let lines = page_lines(&two_columns());
        let starts: Vec<&str> = lines
            .iter()
            .map(|line| line.text.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(
            starts,
            [
                "TITLE", "L0", "L1", "L2", "L3", "L4", "L5", "R0", "R1", "R2", "R3", "R4", "R5"
            ]
        );
        assert_eq!(lines[0].column, Column::Full);
        assert_eq!((lines[1].column, lines[1].band), (Column::Left, 1));
        assert_eq!(lines[7].column, Column::Right);
    }

    #[test]
    fn a_tab_after_speaker_labels_is_not_a_gutter() {
        // Narrow labels at the left and text from the middle: one column, read by rows.
        let filler = "y".repeat(40);
        let rows: Vec<(f64, f64, String)> = (0..6)
            .flat_map(|row| {
                let y = 100.0 + 12.0 * f64::from(row);
                [(50.0, y, format!("S{row}:")), (200.0, y, filler.clone())]
            })
            .collect();
        let borrowed: Vec<(f64, f64, &str)> =
            rows.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
        let lines = page_lines(&page(&borrowed));
        assert_eq!(lines.len(), 6);
        assert!(lines[0].text.starts_with("S0: yyy"), "{:?}", lines[0].text);
        assert!(lines.iter().all(|line| line.column == Column::Full));
    }

    #[test]
    fn ligatures_and_no_break_spaces_are_spelled_out() {
        assert_eq!(clean_glyph_text("\u{FB01}ne\u{A0}\u{FB02}y"), "fine fly");
    }
}
