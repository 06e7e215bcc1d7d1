//! The thematic map in the window: the same nodes and edges as the exports
//! (`analysis::map`), drawn with egui's painter. Drag a theme or code to
//! place it; the place is saved in the project when it is dropped (one undo
//! step). Export writes the map as PNG or SVG.

use crate::analysis::map::MapNodeView;
use crate::analysis::map::{EdgeKind, ThematicMap};
use crate::edit::Command;
use crate::gui::colors::code_color;
use crate::gui::intent::Intent;
use crate::gui::path_purpose::PathPurpose;
use crate::model::MapNode;
use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

/// Space around the nodes, in points.
const MARGIN: f32 = 40.0;

/// The node being dragged and where it is now, in map coordinates.
#[derive(Default)]
pub struct MapState {
    dragging: Option<(MapNode, (f32, f32))>,
}

/// The command that takes every placed node still on the map back to the
/// layout, as one step.
fn reset(map: &ThematicMap) -> Option<Command> {
    let commands: Vec<Command> = map
        .nodes
        .iter()
        .filter(|node| node.placed)
        .map(|node| Command::SetMapPosition {
            node: node.node,
            position: None,
        })
        .collect();
    (!commands.is_empty()).then(|| Command::Batch {
        label: "let the map place every node".to_owned(),
        commands,
    })
}

/// Shows `map`, the project's map worked out for this revision.
pub fn show(ui: &mut egui::Ui, state: &mut MapState, map: &ThematicMap) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Thematic map");
        if ui.button("Export as PNG or SVG…").clicked() {
            intents.push(Intent::ChoosePath(PathPurpose::ExportMap));
        }
        let placed = map.nodes.iter().any(|node| node.placed);
        if ui
            .add_enabled(placed, egui::Button::new("Lay out again"))
            .on_hover_text("Forget where nodes were dragged (one undo step)")
            .clicked()
            && let Some(command) = reset(map)
        {
            intents.push(Intent::ApplyCommand {
                command: Box::new(command),
                reason: String::new(),
                close_editor: false,
            });
        }
        ui.weak("Drag themes and codes to arrange them; their places are saved in the project.");
    });
    if map.nodes.is_empty() {
        ui.add_space(20.0);
        ui.weak("No themes yet: create them on the themes board.");
        return intents;
    }
    let (left, top, right, bottom) = map.bounds();
    let size = vec2(
        (right - left) as f32 + 2.0 * MARGIN,
        (bottom - top) as f32 + 2.0 * MARGIN,
    );
    egui::ScrollArea::both()
        .id_salt("thematic-map")
        .auto_shrink(false)
        .show(ui, |ui| {
            let (canvas, _) = ui.allocate_exact_size(size, Sense::hover());
            let origin = canvas.min + vec2(MARGIN - left as f32, MARGIN - top as f32);
            let dragging = state.dragging;
            let place = |node: &MapNodeView| -> Pos2 {
                let (x, y) = match dragging {
                    Some((dragged, at)) if dragged == node.node => at,
                    _ => (node.position.0 as f32, node.position.1 as f32),
                };
                origin + vec2(x, y)
            };
            draw_edges(ui, map, &place);
            for node in &map.nodes {
                let centre = place(node);
                let rect =
                    Rect::from_center_size(centre, vec2(node.size.0 as f32, node.size.1 as f32));
                let id = ui.scope_id().with(("map-node", node.node));
                let response = ui.interact(rect, id, Sense::click_and_drag());
                let kind = if node.status.is_some() {
                    "Theme"
                } else {
                    "Code"
                };
                let name = format!("{kind} on the map: {}", node.label);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name)
                });
                draw_node(ui, node, rect, &response);
                intents.extend(follow_drag(state, node, &response));
            }
        });
    intents
}

/// The lines between themes and subthemes (thick) and their member codes.
fn draw_edges(ui: &egui::Ui, map: &ThematicMap, place: &impl Fn(&MapNodeView) -> Pos2) {
    let painter = ui.painter();
    let text_color = ui.visuals().text_color();
    for edge in &map.edges {
        let (Some(from), Some(to)) = (map.nodes.get(edge.from), map.nodes.get(edge.to)) else {
            continue;
        };
        let stroke = match edge.kind {
            EdgeKind::Subtheme => Stroke::new(3.0, text_color),
            EdgeKind::Member => Stroke::new(1.0, ui.visuals().weak_text_color()),
        };
        painter.line_segment([place(from), place(to)], stroke);
    }
}

/// A theme as a filled box with its status under its name, a code as an
/// outlined pill with a dot of its colour; outlined again while hovered or
/// dragged.
fn draw_node(ui: &egui::Ui, node: &MapNodeView, rect: Rect, response: &egui::Response) {
    let painter = ui.painter();
    let centre = rect.center();
    let color = code_color(&node.color);
    match node.status {
        Some(status) => {
            painter.rect(
                rect,
                8.0,
                color,
                Stroke::new(1.5, Color32::from_gray(50)),
                egui::StrokeKind::Inside,
            );
            painter.text(
                centre - vec2(0.0, 6.0),
                egui::Align2::CENTER_CENTER,
                &node.label,
                egui::FontId::proportional(14.0),
                Color32::from_gray(15),
            );
            painter.text(
                centre + vec2(0.0, 12.0),
                egui::Align2::CENTER_CENTER,
                status.label(),
                egui::FontId::proportional(10.0),
                Color32::from_gray(50),
            );
        }
        None => {
            painter.rect(
                rect,
                14.0,
                ui.visuals().extreme_bg_color,
                Stroke::new(2.0, color),
                egui::StrokeKind::Inside,
            );
            painter.circle_filled(pos2(rect.left() + 12.0, centre.y), 5.0, color);
            painter.text(
                centre + vec2(6.0, 0.0),
                egui::Align2::CENTER_CENTER,
                &node.label,
                egui::FontId::proportional(12.0),
                ui.visuals().text_color(),
            );
        }
    }
    if response.hovered() || response.dragged() {
        painter.rect_stroke(
            rect.expand(2.0),
            8.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
}

/// Moves `node` with the pointer while it is dragged; once dropped
/// somewhere new, the intent to save its place in the project.
fn follow_drag(
    state: &mut MapState,
    node: &MapNodeView,
    response: &egui::Response,
) -> Option<Intent> {
    if response.dragged() {
        let delta = response.drag_delta();
        let (x, y) = match state.dragging {
            Some((dragged, at)) if dragged == node.node => at,
            _ => (node.position.0 as f32, node.position.1 as f32),
        };
        state.dragging = Some((node.node, (x + delta.x, y + delta.y)));
    }
    if response.drag_stopped()
        && let Some((dragged, (x, y))) = state.dragging.take()
        && dragged == node.node
    {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a point on the map, rounded, lies well within i32"
        )]
        let position = (x.round() as i32, y.round() as i32);
        if position != node.position {
            return Some(Intent::ApplyCommand {
                command: Box::new(Command::SetMapPosition {
                    node: node.node,
                    position: Some(position),
                }),
                reason: String::new(),
                close_editor: false,
            });
        }
    }
    None
}
