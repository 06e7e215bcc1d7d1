//! The thematic map: the same data as the themes (themes, subthemes and their
//! codes, linked), laid out where the researcher did not place nodes and kept
//! where they did (an undoable command, saved in the project file), and
//! exported as SVG and as a PNG with its text drawn.

use polyphony::analysis::map::{EdgeKind, thematic_map};
use polyphony::edit::Command;
use polyphony::exchange::map_image::{map_png, map_svg, write_map};
use polyphony::model::MapNode;
use polyphony::workbench::{Workbench, WorkbenchError, build_demo, default_corpus_dir};

#[test]
fn the_map_shows_the_themes_their_subthemes_and_codes_where_they_were_placed()
-> Result<(), WorkbenchError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("demo.polyphony");
    let (mut workbench, _) = build_demo(&path, &default_corpus_dir())?;
    let parent = workbench
        .commands()
        .theme_by_name("The peer's influence on network meetings")?
        .id;
    let (create, child) =
        workbench
            .commands()
            .create_theme("Families first", "", "", Some(parent))?;
    workbench.apply(create)?;
    let hope = workbench
        .project()
        .find_code("Hope")
        .expect("a demo code")
        .id;
    workbench.apply(workbench.commands().add_theme_code(child, hope)?)?;

    let map = thematic_map(workbench.project());
    assert_eq!(
        map.nodes
            .iter()
            .filter(|node| node.status.is_some())
            .count(),
        4
    );
    assert_eq!(
        map.nodes
            .iter()
            .filter(|node| node.status.is_none())
            .count(),
        4
    );
    let index = |node: MapNode| {
        map.nodes
            .iter()
            .position(|view| view.node == node)
            .expect("the node is on the map")
    };
    assert!(map.edges.iter().any(|edge| edge.kind == EdgeKind::Subtheme
        && edge.from == index(MapNode::Theme(parent))
        && edge.to == index(MapNode::Theme(child))));
    assert!(map.edges.iter().any(|edge| edge.kind == EdgeKind::Member
        && edge.from == index(MapNode::Theme(child))
        && edge.to == index(MapNode::Code(hope))));
    // Laid out: no two nodes on top of each other, subthemes below parents.
    for (a, first) in map.nodes.iter().enumerate() {
        for second in &map.nodes[a + 1..] {
            assert_ne!(
                first.position, second.position,
                "{} and {}",
                first.label, second.label
            );
        }
    }
    assert!(
        map.nodes[index(MapNode::Theme(child))].position.1
            > map.nodes[index(MapNode::Theme(parent))].position.1
    );

    // Placing a node is a command: it moves, undoes, and is kept on reopening.
    let label = workbench.apply(Command::SetMapPosition {
        node: MapNode::Theme(child),
        position: Some((-500, 640)),
    })?;
    assert_eq!(label, "move Families first on the map");
    let placed = thematic_map(workbench.project());
    let node = placed
        .nodes
        .iter()
        .find(|node| node.node == MapNode::Theme(child))
        .expect("on the map");
    assert!(node.placed);
    assert_eq!(node.position, (-500, 640));
    drop(workbench);
    let mut workbench = Workbench::open(&path, None, &mut |_, _| {})?;
    assert_eq!(
        workbench
            .project()
            .map_positions
            .get(&MapNode::Theme(child)),
        Some(&(-500, 640))
    );
    workbench.undo()?;
    assert!(workbench.project().map_positions.is_empty());

    exports_draw_the_same_map(&workbench, dir.path());
    Ok(())
}

/// The SVG and PNG exports draw the map as shown, and nothing else is written.
fn exports_draw_the_same_map(workbench: &Workbench, dir: &std::path::Path) {
    // The exports draw the same map.
    let svg = map_svg(&thematic_map(workbench.project()), "Thematic map");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(">Families first</text>") && svg.contains(">Hope</text>"));
    assert_eq!(
        svg.matches("<line ").count(),
        thematic_map(workbench.project()).edges.len()
    );
    let png =
        map_png(&thematic_map(workbench.project()), "Thematic map", 1.0).expect("the PNG is drawn");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    let (left, top, right, bottom) = thematic_map(workbench.project()).bounds();
    assert_eq!(
        pixmap.width(),
        u32::try_from(right - left + 80).unwrap_or(0)
    );
    assert_eq!(
        pixmap.height(),
        u32::try_from(bottom - top + 110).unwrap_or(0)
    );
    let colours: std::collections::BTreeSet<[u8; 4]> = pixmap
        .pixels()
        .iter()
        .map(|pixel| [pixel.red(), pixel.green(), pixel.blue(), pixel.alpha()])
        .collect();
    assert!(
        colours.len() > 20,
        "the PNG has cards, lines and text drawn"
    );

    // Only .svg and .png are written.
    let refused = write_map(
        &thematic_map(workbench.project()),
        "map",
        &dir.join("map.gif"),
    );
    assert!(refused.is_err_and(|error| error.to_string().contains(".svg or .png")));
    assert!(!dir.join("map.gif").exists());
}
