//! Dates in exchange files: `xsd:dateTime` written and read, and the span of
//! times recorded in a project, which stands in for "now" so that the same
//! project always exports to the same bytes.

use crate::model::Project;
use std::fmt::Write as _;

/// Milliseconds since the Unix epoch as an `xsd:dateTime` in UTC, with
/// milliseconds only when there are some. `None` outside years 1 to 9999.
pub(crate) fn xml_datetime(ms: i64) -> Option<String> {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    if !(1..=9999).contains(&at.year()) {
        return None;
    }
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let millis = ms.rem_euclid(1000);
    if millis != 0 {
        let _ = write!(text, ".{millis:03}");
    }
    text.push('Z');
    Some(text)
}

/// The earliest and latest timestamps recorded in the project, which stand in
/// for "when" wherever a file format wants a date: taking them from the data
/// keeps exports of the same project byte-identical.
pub(crate) fn data_time_span(project: &Project) -> Option<(i64, i64)> {
    let times = project
        .documents
        .values()
        .map(|document| document.imported_at)
        .chain(project.codings.values().map(|coding| coding.created_at))
        .chain(
            project
                .memos
                .values()
                .flat_map(|memo| [memo.created_at, memo.updated_at]),
        )
        .chain(project.comments.values().map(|comment| comment.created_at));
    times.fold(None, |span, at| match span {
        None => Some((at, at)),
        Some((first, last)) => Some((first.min(at), last.max(at))),
    })
}

/// Milliseconds since the Unix epoch for an `xsd:dateTime`; one without a
/// time zone is taken as UTC.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let text = text.trim();
    let moment = time::OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| {
            time::PrimitiveDateTime::parse(
                text,
                format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
            )
            .or_else(|_| {
                time::PrimitiveDateTime::parse(
                    text,
                    format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"
                    ),
                )
            })
            .ok()
            .map(time::PrimitiveDateTime::assume_utc)
        })?;
    i64::try_from(moment.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_utc_with_milliseconds_only_when_present() {
        assert_eq!(xml_datetime(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            xml_datetime(1_741_690_800_123).as_deref(),
            Some("2025-03-11T11:00:00.123Z")
        );
        assert_eq!(xml_datetime(i64::MAX), None);
    }

    #[test]
    fn a_written_datetime_reads_back_and_one_without_a_zone_is_utc() {
        for ms in [0, 1_741_690_800_123, 1_741_690_800_000] {
            let written = xml_datetime(ms).expect("in range");
            assert_eq!(parse_datetime(&written), Some(ms));
        }
        assert_eq!(parse_datetime("1970-01-01T00:00:01"), Some(1000));
        assert_eq!(parse_datetime("yesterday"), None);
    }
}
