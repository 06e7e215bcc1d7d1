//! The thematic map as an image: SVG written directly from the map's nodes
//! and edges (themes as cards coloured by status, codes as pills with their
//! colour, subtheme links bold, membership links thin), and PNG rendered from
//! that SVG with resvg, at twice the size for print. Both show exactly what
//! the window's map shows, from the same [`ThematicMap`].

use crate::analysis::map::{EdgeKind, ThematicMap};
use crate::exchange::ExchangeError;
use crate::exchange::report::html_escape as escape;
use std::path::Path;

/// Space around the nodes, in points.
const MARGIN: i32 = 40;

/// The map as an SVG document.
#[must_use]
pub fn map_svg(map: &ThematicMap, title: &str) -> String {
    let (left, top, right, bottom) = map.bounds();
    let (x0, y0) = (left - MARGIN, top - MARGIN - 30);
    let (width, height) = (right - left + 2 * MARGIN, bottom - top + 2 * MARGIN + 30);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x0} {y0} {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n\
         <title>{}</title>\n<rect x=\"{x0}\" y=\"{y0}\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"18\" fill=\"#222222\">{}</text>\n",
        escape(title),
        x0 + 12,
        y0 + 26,
        escape(title)
    );
    for edge in &map.edges {
        let (Some(from), Some(to)) = (map.nodes.get(edge.from), map.nodes.get(edge.to)) else {
            continue;
        };
        let (stroke, width, dash) = match edge.kind {
            EdgeKind::Subtheme => ("#4e4e4e", 3, ""),
            EdgeKind::Member => ("#9a9a9a", 1, " stroke-dasharray=\"4 3\""),
        };
        out.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>\n",
            from.position.0, from.position.1, to.position.0, to.position.1
        ));
    }
    for node in &map.nodes {
        let (x, y) = node.position;
        let (w, h) = node.size;
        let (left, top) = (x - w / 2, y - h / 2);
        match node.status {
            Some(status) => {
                out.push_str(&format!(
                    "<g><rect x=\"{left}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" rx=\"8\" fill=\"{}\" stroke=\"#333333\" stroke-width=\"1.5\"/>\
                     <text x=\"{x}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#111111\">{}</text>\
                     <text x=\"{x}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333333\">{status}</text></g>\n",
                    node.color,
                    y + 2,
                    escape(&fit(&node.label, w, 8)),
                    y + 16,
                ));
            }
            None => {
                out.push_str(&format!(
                    "<g><rect x=\"{left}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" rx=\"14\" fill=\"#fafafa\" stroke=\"{}\" stroke-width=\"2\"/>\
                     <circle cx=\"{}\" cy=\"{y}\" r=\"5\" fill=\"{}\"/>\
                     <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\">{}</text></g>\n",
                    node.color,
                    left + 12,
                    node.color,
                    x + 6,
                    y + 4,
                    escape(&fit(&node.label, w - 16, 7)),
                ));
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// `label` cut with an ellipsis to fit `width` points at `per_char` points a
/// character.
fn fit(label: &str, width: i32, per_char: i32) -> String {
    let room = usize::try_from((width - 20) / per_char.max(1))
        .unwrap_or(0)
        .max(4);
    if label.chars().count() <= room {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(room - 1).collect();
        cut.push('…');
        cut
    }
}

/// The map as a PNG at `scale` (2 for print), drawn from its SVG with the
/// system's fonts.
pub fn map_png(map: &ThematicMap, title: &str, scale: f32) -> Result<Vec<u8>, String> {
    let svg = map_svg(map, title);
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(&svg, &options).map_err(|error| error.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the map is empty")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the map is too large to draw")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|error| error.to_string())
}

/// Writes the map to `out`: SVG or PNG by its extension.
pub fn write_map(map: &ThematicMap, title: &str, out: &Path) -> Result<(), ExchangeError> {
    let extension = out
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_lowercase);
    let bytes = match extension.as_deref() {
        Some("svg") => map_svg(map, title).into_bytes(),
        Some("png") => map_png(map, title, 2.0).map_err(|reason| ExchangeError::NotWritten {
            path: out.display().to_string(),
            reason: format!("the map could not be drawn: {reason}"),
        })?,
        _ => {
            return Err(ExchangeError::NotWritten {
                path: out.display().to_string(),
                reason: "name the file .svg or .png".to_owned(),
            });
        }
    };
    crate::exchange::common::save_atomically(out, &bytes)
}
