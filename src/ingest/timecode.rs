//! Reads clock times ("1:02:03", "01:23", "00:00:01,000", "00:01.500") as milliseconds,
//! for timestamps in transcripts and cue timings in captions.

/// Parses `h:mm:ss`, `mm:ss` or `m:ss`, each with an optional `.mmm` or `,mmm` fraction,
/// into milliseconds. The leading unit may be any size ("75:03" is 75 minutes); the
/// others must be two digits below 60. Returns `None` for anything else.
pub(crate) fn parse_clock(text: &str) -> Option<u64> {
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(index) => (&text[..index], Some(&text[index + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (leading, rest) = match parts.as_slice() {
        [leading, rest @ ..] if (1..=2).contains(&rest.len()) => (*leading, rest),
        _ => return None,
    };
    let mut total_seconds = digits(leading, 1, 9)?;
    for part in rest {
        let value = digits(part, 2, 2)?;
        if value >= 60 {
            return None;
        }
        total_seconds = total_seconds.checked_mul(60)?.checked_add(value)?;
    }
    let milliseconds = match fraction {
        None => 0,
        Some(fraction) => {
            let value = digits(fraction, 1, 3)?;
            // ".5" is half a second: scale the digits up to three places.
            value * 10u64.pow(3 - u32::try_from(fraction.len()).ok()?)
        }
    };
    total_seconds.checked_mul(1000)?.checked_add(milliseconds)
}

/// A run of `min..=max` ASCII digits as a number.
fn digits(text: &str, min: usize, max: usize) -> Option<u64> {
    if !(min..=max).contains(&text.len()) || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A timestamp at the start of a transcript line: `[00:01:23]`, `[01:23]`, `(00:01:23)`
/// or a bare `00:01:23` followed by white space. Returns the time and the byte length of
/// the timestamp, not counting the white space after it.
pub(crate) fn leading_timestamp(line: &str) -> Option<(u64, usize)> {
    let close = match line.as_bytes().first()? {
        b'[' => Some(']'),
        b'(' => Some(')'),
        _ => None,
    };
    if let Some(close) = close {
        let end = line.find(close)?;
        let time = parse_clock(&line[1..end])?;
        return Some((time, end + 1));
    }
    let end = line
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
        .unwrap_or(line.len());
    let token = &line[..end];
    let followed_by_space = line[end..].starts_with([' ', '\t']);
    if token.contains(':') && followed_by_space {
        Some((parse_clock(token)?, end))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<u64>) {
        assert_eq!(parse_clock(text), expected, "parse_clock({text:?})");
    }

    #[test]
    fn parses_clock_times() {
        check("00:01:23", Some(83_000));
        check("1:02:03", Some(3_723_000));
        check("01:23", Some(83_000));
        check("0:03", Some(3_000));
        check("75:03", Some(4_503_000));
        check("00:00:01,000", Some(1_000));
        check("00:00:01.250", Some(1_250));
        check("00:01.5", Some(1_500));
        check("00:01.05", Some(1_050));
    }

    #[test]
    fn rejects_what_is_not_a_clock() {
        for text in [
            "",
            "12",
            "1:2",
            "00:60",
            "00:61:00",
            "a:00",
            "1:00:00:00",
            "00:01.",
            "00:01.1234",
            "9999999999:00",
            "-1:00",
            "00:01 ",
        ] {
            check(text, None);
        }
    }

    #[test]
    fn finds_leading_timestamps() {
        assert_eq!(
            leading_timestamp("[00:01:23] Helen: hi"),
            Some((83_000, 10))
        );
        assert_eq!(leading_timestamp("[01:23]Helen: hi"), Some((83_000, 7)));
        assert_eq!(
            leading_timestamp("(00:01:23) Helen: hi"),
            Some((83_000, 10))
        );
        assert_eq!(leading_timestamp("00:01:23 Helen: hi"), Some((83_000, 8)));
        assert_eq!(leading_timestamp("00:01:23"), None);
        assert_eq!(leading_timestamp("Helen: hi"), None);
        assert_eq!(leading_timestamp("(interviewer) hi"), None);
        assert_eq!(leading_timestamp("2024 was"), None);
    }
}
