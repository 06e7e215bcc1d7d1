//! How the Study tables window draws a table: a grid whose columns sort when
//! their heading is clicked, with figure cells coloured on one sequential
//! scale (light to dark blue as a value rises, with the text turning white
//! where the fill is dark, so every cell stays readable), and bar charts for
//! one column. Colour is never the only carrier: every cell keeps its number.

use crate::exchange::{FigureTable, TableValue};

/// Which column the table is sorted by, and which way; by default, none:
/// the table's own order (codes in tree order, commonest words first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SortBy {
    pub column: Option<usize>,
    pub descending: bool,
}

/// A value's sort key: text by its words, numbers by size, an undefined
/// figure below every number.
fn order(a: &TableValue, b: &TableValue) -> std::cmp::Ordering {
    let number = |value: &TableValue| match value {
        TableValue::Count(count) => Some(*count as f64),
        TableValue::Figure(figure) => Some(figure.unwrap_or(f64::NEG_INFINITY)),
        TableValue::Text(_) => None,
    };
    match (a, b) {
        (TableValue::Text(a), TableValue::Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()),
        _ => number(a)
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&number(b).unwrap_or(f64::NEG_INFINITY)),
    }
}

/// The rows of `table` in the order `sort` asks for; a last row that sums
/// the others ("(all codes)") stays last.
#[must_use]
pub fn sorted_rows(table: &FigureTable, sort: SortBy, keep_last: bool) -> Vec<usize> {
    let fixed = usize::from(keep_last && !table.rows.is_empty());
    let mut rows: Vec<usize> = (0..table.rows.len() - fixed).collect();
    let Some(column) = sort.column else {
        rows.extend((fixed == 1).then(|| table.rows.len() - 1));
        return rows;
    };
    rows.sort_by(|&a, &b| {
        let ordering = match (table.rows[a].get(column), table.rows[b].get(column)) {
            (Some(a), Some(b)) => order(a, b),
            _ => std::cmp::Ordering::Equal,
        };
        if sort.descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    if fixed == 1 {
        rows.push(table.rows.len() - 1);
    }
    rows
}

/// The text of a cell.
#[must_use]
pub fn cell_text(value: &TableValue) -> String {
    value.shown(3, "–")
}

/// The fill for a share `t` of the way up the scale (0 to 1), and the text
/// colour that reads on it.
#[must_use]
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a channel mixed from two within 0..=255 by a share clamped to 0..=1"
)]
pub fn scale_colour(t: f64) -> (egui::Color32, egui::Color32) {
    let t = t.clamp(0.0, 1.0);
    // From a pale blue (247, 251, 255) to a deep one (8, 48, 107).
    let mix = |light: f64, dark: f64| (light + (dark - light) * t).round() as u8;
    let fill = egui::Color32::from_rgb(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0));
    let text = if t > 0.55 {
        egui::Color32::WHITE
    } else {
        egui::Color32::from_gray(20)
    };
    (fill, text)
}

/// How a grid's cells are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shading {
    Plain,
    /// A heat map: every number on one range, the table's lowest to highest,
    /// so that the same number has the same colour anywhere in it; a total
    /// column, far larger, on its own.
    HeatMap,
    /// Agreement figures on one fixed scale, 0 (and below) to 1, so that a
    /// colour means the same in every column; counts stay plain.
    Agreement,
}

/// The name of a column that sums a row.
const TOTAL: &str = "total";

/// The agreement table's column of the share no coder coded.
const UNCODED_SHARE: &str = "uncoded share";

/// What the table asks of the grid.
pub struct GridSpec<'a> {
    pub table: &'a FigureTable,
    pub sort: &'a mut SortBy,
    pub shading: Shading,
    /// The row that sums the others stays last.
    pub keep_last: bool,
}

/// Draws the grid; returns the (row, column) of a cell clicked.
pub fn grid(ui: &mut egui::Ui, id: &str, spec: &mut GridSpec<'_>) -> Option<(usize, usize)> {
    let table = spec.table;
    let mut ranges: Vec<Option<(f64, f64)>> = (0..table.columns.len())
        .map(|column| column_range(table, column))
        .collect();
    let whole = ranges
        .iter()
        .enumerate()
        .filter(|(column, _)| *column > 0 && table.columns[*column] != TOTAL)
        .filter_map(|(_, range)| *range)
        .reduce(|(low, high), (l, h)| (low.min(l), high.max(h)));
    for (column, range) in ranges.iter_mut().enumerate() {
        if table.columns[column] != TOTAL && range.is_some() {
            *range = whole;
        }
    }
    let rows = sorted_rows(table, *spec.sort, spec.keep_last);
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt(id)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new(id)
                .striped(spec.shading == Shading::Plain)
                .show(ui, |ui| {
                    for (column, name) in table.columns.iter().enumerate() {
                        let arrow = match *spec.sort {
                            SortBy {
                                column: Some(c),
                                descending,
                            } if c == column => {
                                if descending {
                                    " ▼"
                                } else {
                                    " ▲"
                                }
                            }
                            _ => "",
                        };
                        if ui
                            .button(egui::RichText::new(format!("{name}{arrow}")).strong())
                            .on_hover_text("Sort by this column")
                            .clicked()
                        {
                            // Numbers sort highest first, names from A; a
                            // second click turns the order round.
                            let numeric = table.rows.first().is_some_and(|row| {
                                !matches!(row.get(column), Some(TableValue::Text(_)))
                            });
                            *spec.sort = SortBy {
                                column: Some(column),
                                descending: if spec.sort.column == Some(column) {
                                    !spec.sort.descending
                                } else {
                                    numeric
                                },
                            };
                        }
                    }
                    ui.end_row();
                    for &row in &rows {
                        for (column, value) in table.rows[row].iter().enumerate() {
                            let text = cell_text(value);
                            let shade = match (spec.shading, value, ranges[column]) {
                                // The share nobody coded is context beside
                                // the figures, not agreement: it stays plain.
                                (Shading::Agreement, TableValue::Figure(Some(figure)), _)
                                    if table.columns[column] != UNCODED_SHARE =>
                                {
                                    Some(scale_colour(*figure))
                                }
                                (
                                    Shading::HeatMap,
                                    TableValue::Count(_) | TableValue::Figure(Some(_)),
                                    Some((low, high)),
                                ) if column > 0 => {
                                    let number = match value {
                                        TableValue::Count(count) => *count as f64,
                                        TableValue::Figure(figure) => figure.unwrap_or(low),
                                        TableValue::Text(_) => low,
                                    };
                                    Some(scale_colour(if high > low {
                                        (number - low) / (high - low)
                                    } else {
                                        0.0
                                    }))
                                }
                                _ => None,
                            };
                            let response = match shade {
                                // Nothing to click on in an empty cell.
                                _ if text.is_empty() => ui.label(""),
                                Some((fill, ink)) => ui.add(
                                    egui::Button::new(egui::RichText::new(text).color(ink))
                                        .fill(fill),
                                ),
                                None => ui.add(egui::Button::new(text).frame(false)),
                            };
                            if response.clicked() {
                                clicked = Some((row, column));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    clicked
}

/// The lowest and highest number in a column of numbers.
fn column_range(table: &FigureTable, column: usize) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = table
        .rows
        .iter()
        .filter_map(|row| match row.get(column) {
            Some(TableValue::Count(count)) => Some(*count as f64),
            Some(TableValue::Figure(Some(figure))) => Some(*figure),
            _ => None,
        })
        .collect();
    let low = numbers.iter().copied().reduce(f64::min)?;
    let high = numbers.iter().copied().reduce(f64::max)?;
    Some((low, high))
}

/// A horizontal bar chart of one numeric column, labelled by the first,
/// longest bars first.
#[expect(
    clippy::cast_possible_truncation,
    reason = "a bar's share of the longest, 0 to 1, as a width in points"
)]
pub fn bars(ui: &mut egui::Ui, table: &FigureTable, column: usize, shown: usize) {
    let mut rows: Vec<(String, f64)> = table
        .rows
        .iter()
        .filter_map(|row| {
            let label = cell_text(row.first()?);
            let value = match row.get(column)? {
                TableValue::Count(count) => *count as f64,
                TableValue::Figure(Some(figure)) => *figure,
                _ => return None,
            };
            Some((label, value))
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    rows.truncate(shown);
    let high = rows.iter().map(|row| row.1).fold(0.0, f64::max);
    ui.label(format!(
        "{} by {}",
        table.columns.get(column).map_or("", String::as_str),
        table.columns[0]
    ));
    egui::ScrollArea::vertical().id_salt("bars").show(ui, |ui| {
        egui::Grid::new("bars").show(ui, |ui| {
            for (label, value) in rows {
                ui.label(label);
                let width = 320.0
                    * if high > 0.0 {
                        (value / high) as f32
                    } else {
                        0.0
                    };
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(330.0, 16.0), egui::Sense::hover());
                let bar = egui::Rect::from_min_size(rect.min, egui::vec2(width.max(1.0), 16.0));
                ui.painter().rect_filled(bar, 2.0, scale_colour(0.75).0);
                let text = if value.fract() == 0.0 {
                    format!("{value}")
                } else {
                    format!("{value:.3}")
                };
                response.on_hover_text(&text);
                ui.label(text);
                ui.end_row();
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> FigureTable {
        FigureTable {
            title: "t".to_owned(),
            columns: vec!["code".to_owned(), "kappa".to_owned()],
            rows: vec![
                vec![
                    TableValue::Text("b".to_owned()),
                    TableValue::Figure(Some(0.2)),
                ],
                vec![TableValue::Text("a".to_owned()), TableValue::Figure(None)],
                vec![
                    TableValue::Text("c".to_owned()),
                    TableValue::Figure(Some(0.9)),
                ],
                vec![
                    TableValue::Text("(all codes)".to_owned()),
                    TableValue::Figure(Some(0.5)),
                ],
            ],
        }
    }

    #[test]
    fn sorting_keeps_the_total_row_last_and_puts_undefined_figures_lowest() {
        let by_kappa = SortBy {
            column: Some(1),
            descending: true,
        };
        assert_eq!(sorted_rows(&table(), by_kappa, true), [2, 0, 1, 3]);
        let by_name = SortBy {
            column: Some(0),
            descending: false,
        };
        assert_eq!(sorted_rows(&table(), by_name, true), [1, 0, 2, 3]);
        assert_eq!(
            sorted_rows(&table(), SortBy::default(), true),
            [0, 1, 2, 3],
            "the table's own order"
        );
    }

    #[test]
    fn dark_fills_take_white_text() {
        assert_eq!(scale_colour(1.0).1, egui::Color32::WHITE);
        assert_ne!(scale_colour(0.1).1, egui::Color32::WHITE);
    }
}
