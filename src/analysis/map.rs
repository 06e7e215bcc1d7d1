//! The thematic map as data: themes, subthemes and their member codes as
//! nodes, subtheme and membership links as edges, each node where the
//! researcher placed it (the project's map positions) or, if not placed,
//! where a simple deterministic layout puts it. The window draws this and
//! lets nodes be dragged; the SVG and PNG exports write the same thing. It is
//! the themes board's data, not a drawing beside it.

use crate::model::{CodeId, MapNode, Project, Theme, ThemeStatus};
use std::collections::BTreeMap;

/// Horizontal distance between top-level themes.
const THEME_SPACING: i32 = 480;
/// How far below its theme a subtheme sits.
const SUBTHEME_DROP: i32 = 300;
/// How far from its theme a member code sits.
const CODE_RADIUS: f64 = 150.0;

/// What a link means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// From a theme to its subtheme.
    Subtheme,
    /// From a theme to one of its codes.
    Member,
}

/// One node, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapNodeView {
    pub node: MapNode,
    pub label: String,
    /// The theme's status; `None` for a code.
    pub status: Option<ThemeStatus>,
    /// `#rrggbb`: the code's colour, or the theme's status colour.
    pub color: String,
    /// Its centre, in points.
    pub position: (i32, i32),
    /// Whether the researcher placed it (else the layout did).
    pub placed: bool,
    /// Its width and height, in points.
    pub size: (i32, i32),
}

/// An edge between two nodes, by their index in [`ThematicMap::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

/// The whole map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThematicMap {
    pub nodes: Vec<MapNodeView>,
    pub edges: Vec<MapEdge>,
}

/// The fill a theme's card has for its status, the same on the board, the
/// map and the exports.
#[must_use]
pub fn status_color(status: ThemeStatus) -> &'static str {
    match status {
        ThemeStatus::Candidate => "#f1ce63",
        ThemeStatus::Reviewed => "#86bcb6",
        ThemeStatus::Final => "#8cd17d",
        ThemeStatus::Discarded => "#bab0ac",
    }
}

/// How wide a label of `chars` characters is drawn, roughly, at `per_char`
/// points a character, within `min..=max`.
fn width_for(label: &str, per_char: i32, min: i32, max: i32) -> i32 {
    let chars = i32::try_from(label.chars().count()).unwrap_or(i32::MAX / 16);
    (chars.saturating_mul(per_char) + 28).clamp(min, max)
}

/// The map of `project`: every theme and subtheme and each code that is a
/// member of one, at its saved place or a laid-out one.
#[must_use]
pub fn thematic_map(project: &Project) -> ThematicMap {
    let mut map = ThematicMap::default();
    let mut index_of: BTreeMap<MapNode, usize> = BTreeMap::new();
    let mut add = |map: &mut ThematicMap, view: MapNodeView| -> usize {
        if let Some(index) = index_of.get(&view.node) {
            return *index;
        }
        map.nodes.push(view);
        let index = map.nodes.len() - 1;
        index_of.insert(map.nodes[index].node, index);
        index
    };
    let theme_view = |theme: &Theme, laid_out: (i32, i32)| {
        let node = MapNode::Theme(theme.id);
        let saved = project.map_positions.get(&node).copied();
        MapNodeView {
            node,
            label: theme.name.clone(),
            status: Some(theme.status),
            color: status_color(theme.status).to_owned(),
            position: saved.unwrap_or(laid_out),
            placed: saved.is_some(),
            size: (width_for(&theme.name, 9, 120, 440), 46),
        }
    };
    let code_view = |code: CodeId, laid_out: (i32, i32)| {
        let node = MapNode::Code(code);
        let saved = project.map_positions.get(&node).copied();
        let label = project
            .codes
            .get(&code)
            .map(|code| code.name.clone())
            .unwrap_or_default();
        MapNodeView {
            node,
            size: (width_for(&label, 8, 80, 260) + 16, 28),
            label,
            status: None,
            color: project
                .codes
                .get(&code)
                .map_or_else(|| "#888888".to_owned(), |code| code.color.clone()),
            position: saved.unwrap_or(laid_out),
            placed: saved.is_some(),
        }
    };
    // Themes first (so that codes are drawn over their edges, not under
    // other themes), each top-level theme in its own column.
    let mut pending: Vec<(usize, &Theme)> = Vec::new();
    for (column, theme) in project.subthemes(None).into_iter().enumerate() {
        let x = i32::try_from(column).unwrap_or(0) * THEME_SPACING;
        let index = add(&mut map, theme_view(theme, (x, 0)));
        pending.push((index, theme));
    }
    let mut at = 0;
    while at < pending.len() {
        let (parent_index, parent) = pending[at];
        at += 1;
        let (px, py) = map.nodes[parent_index].position;
        let subthemes = project.subthemes(Some(parent.id));
        let count = i32::try_from(subthemes.len()).unwrap_or(0);
        for (k, theme) in subthemes.into_iter().enumerate() {
            let k = i32::try_from(k).unwrap_or(0);
            let x = px + (2 * k - (count - 1)) * THEME_SPACING / 4;
            let index = add(&mut map, theme_view(theme, (x, py + SUBTHEME_DROP)));
            map.edges.push(MapEdge {
                from: parent_index,
                to: index,
                kind: EdgeKind::Subtheme,
            });
            pending.push((index, theme));
        }
    }
    for (theme_index, theme) in pending {
        let (tx, ty) = map.nodes[theme_index].position;
        let codes: Vec<CodeId> = theme
            .codes
            .iter()
            .copied()
            .filter(|code| project.codes.contains_key(code))
            .collect();
        let count = codes.len();
        // Codes fan out below their theme, from lower left to lower right;
        // to the lower left when subthemes hang below it.
        let has_subthemes = project
            .themes
            .values()
            .any(|child| child.parent == Some(theme.id));
        let (from, span) = if has_subthemes {
            (0.05, 0.3)
        } else {
            (0.2, 0.6)
        };
        for (k, code) in codes.into_iter().enumerate() {
            let angle = std::f64::consts::PI
                * if count == 1 {
                    from + span / 2.0
                } else {
                    from + span * k as f64 / (count - 1) as f64
                };
            #[allow(
                clippy::cast_possible_truncation,
                reason = "an offset of a few hundred points around a theme"
            )]
            let laid_out = (
                tx - (CODE_RADIUS * 1.3 * angle.cos()) as i32,
                ty + (CODE_RADIUS * angle.sin()) as i32,
            );
            let index = add(&mut map, code_view(code, laid_out));
            map.edges.push(MapEdge {
                from: theme_index,
                to: index,
                kind: EdgeKind::Member,
            });
        }
    }
    map
}

impl ThematicMap {
    /// The smallest box holding every node: (left, top, right, bottom).
    #[must_use]
    pub fn bounds(&self) -> (i32, i32, i32, i32) {
        let mut bounds: Option<(i32, i32, i32, i32)> = None;
        for node in &self.nodes {
            let (x, y) = node.position;
            let (half_width, half_height) = (node.size.0 / 2, node.size.1 / 2);
            let (left, top) = (x - half_width, y - half_height);
            let (right, bottom) = (x + half_width, y + half_height);
            bounds = Some(match bounds {
                None => (left, top, right, bottom),
                Some(so_far) => (
                    so_far.0.min(left),
                    so_far.1.min(top),
                    so_far.2.max(right),
                    so_far.3.max(bottom),
                ),
            });
        }
        bounds.unwrap_or((0, 0, 0, 0))
    }
}
