//! Applying the command that places a node of the thematic map, or hands it
//! back to the automatic layout.

use super::{EditError, Touched, not_found};
use crate::edit::Command;
use crate::model::{MapNode, Project};

pub(super) fn set(
    project: &mut Project,
    node: MapNode,
    position: Option<(i32, i32)>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let present = match node {
        MapNode::Theme(id) => project.themes.contains_key(&id),
        MapNode::Code(id) => project.codes.contains_key(&id),
    };
    if !present {
        return Err(not_found(node.kind(), &node.id_text()));
    }
    let old = match position {
        Some(at) => project.map_positions.insert(node, at),
        None => project.map_positions.remove(&node),
    };
    touched.push(Touched::MapNode(node));
    Ok(Command::SetMapPosition {
        node,
        position: old,
    })
}
