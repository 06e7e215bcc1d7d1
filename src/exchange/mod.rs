//! Writing project data in formats other tools read. For now: coded segments as
//! CSV (RFC 4180, UTF-8, one row per coding) for Excel, R or SPSS.

use crate::model::{Project, SegmentFilter};

/// Writes the coded segments that pass `filter` as CSV: document, speaker,
/// participant and their attributes, code path, quote, start, end, coder, memo.
pub fn write_segments_csv(
    project: &Project,
    filter: &SegmentFilter,
    out: impl std::io::Write,
) -> Result<usize, csv::Error> {
    let segments = project.segments(filter);
    let attribute_names: Vec<String> = project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["document", "speaker", "participant"]
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    header.extend(attribute_names.iter().cloned());
    header.extend(
        ["code", "quote", "start", "end", "coder", "memo"]
            .iter()
            .map(|name| (*name).to_owned()),
    );
    writer.write_record(&header)?;
    for segment in &segments {
        let mut row = vec![
            segment.document.name.clone(),
            segment.speaker.unwrap_or_default().to_owned(),
            segment
                .participant
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        ];
        row.extend(attribute_names.iter().map(|name| {
            segment
                .participant
                .and_then(|p| p.attributes.get(name))
                .cloned()
                .unwrap_or_default()
        }));
        row.push(project.code_path(segment.code.id));
        row.push(segment.quote.to_owned());
        row.push(segment.coding.start.to_string());
        row.push(segment.coding.end.to_string());
        row.push(
            project
                .coders
                .get(&segment.coding.coder)
                .map(|coder| coder.name.clone())
                .unwrap_or_default(),
        );
        row.push(segment.coding.memo.clone());
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(segments.len())
}
