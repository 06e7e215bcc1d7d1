//! Turns the bytes of a text file into a `String`: detects the encoding (BOM, UTF-8,
//! UTF-16 without BOM, Windows-1252), refuses binary files, and normalises line endings
//! to LF.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::IngestError;

/// Text decoded from bytes, with the encoding that was used and anything the user should
/// know about how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text with LF line endings and without a byte-order mark.
    pub text: String,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
    /// Notes such as "decoded as Windows-1252 because it is not valid UTF-8".
    pub warnings: Vec<String>,
}

/// Decodes the bytes of a text file; see [`DecodedText`]. Errors name "the input" because
/// no file name is known here; [`super::import_document`] names the file.
pub fn decode_text(bytes: &[u8]) -> Result<DecodedText, IngestError> {
    decode_named("the input", bytes)
}

/// [`decode_text`] with the file name that error messages should carry.
pub(crate) fn decode_named(file_name: &str, bytes: &[u8]) -> Result<DecodedText, IngestError> {
    let mut warnings = Vec::new();
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (decode_with(UTF_8, rest, &mut warnings), "UTF-8 (BOM)")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_with(UTF_16LE, rest, &mut warnings), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_with(UTF_16BE, rest, &mut warnings), "UTF-16BE")
    } else if bytes.contains(&0) {
        let encoding = guess_utf16_without_bom(bytes).ok_or_else(|| IngestError::Binary {
            file: file_name.to_string(),
        })?;
        let text = decode_with(encoding, bytes, &mut warnings);
        if looks_like_binary(&text) {
            return Err(IngestError::Binary {
                file: file_name.to_string(),
            });
        }
        let name = encoding.name();
        warnings.push(format!(
            "decoded as {name} because it has no byte-order mark but its bytes look like {name}"
        ));
        (
            text,
            if encoding == UTF_16LE {
                "UTF-16LE"
            } else {
                "UTF-16BE"
            },
        )
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8")
    } else if is_utf8_cut_short(bytes) {
        warnings.push(
            "the file ends in the middle of a character, which was replaced with \u{FFFD}"
                .to_string(),
        );
        (String::from_utf8_lossy(bytes).into_owned(), "UTF-8")
    } else {
        warnings.push("decoded as Windows-1252 because it is not valid UTF-8".to_string());
        (
            decode_with(WINDOWS_1252, bytes, &mut warnings),
            "windows-1252",
        )
    };
    Ok(DecodedText {
        text: normalize_line_endings(&text),
        encoding,
        warnings,
    })
}

/// Valid UTF-8, with other non-ASCII characters, except for an incomplete character at
/// the very end: a UTF-8 file cut short. Without other non-ASCII characters, a last
/// byte such as 0xE9 is more likely a Windows-1252 "é".
fn is_utf8_cut_short(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => false,
        Err(error) => error.error_len().is_none() && !bytes[..error.valid_up_to()].is_ascii(),
    }
}

/// Decodes without BOM sniffing (the caller has already removed the BOM) and notes
/// malformed sequences, which become U+FFFD.
fn decode_with(encoding: &'static Encoding, bytes: &[u8], warnings: &mut Vec<String>) -> String {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!(
            "some bytes are not valid {}; they were replaced with \u{FFFD}",
            encoding.name()
        ));
    }
    // A second BOM (for example one written inside a UTF-16 file) is never text.
    text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string()
}

/// UTF-16 text in a Latin script has a NUL in every other byte: the high byte of each
/// code unit. Other binary files (a .doc, a PDF) have NULs in both halves, or too few.
fn guess_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let pairs = bytes.len() / 2;
    if pairs == 0 {
        return None;
    }
    let even_nuls = bytes.iter().step_by(2).filter(|&&byte| byte == 0).count();
    let odd_nuls = bytes
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&byte| byte == 0)
        .count();
    let mostly = |count: usize| count * 2 > pairs;
    let rarely = |count: usize| count * 10 < pairs;
    if mostly(odd_nuls) && rarely(even_nuls) {
        Some(UTF_16LE)
    } else if mostly(even_nuls) && rarely(odd_nuls) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A guessed decoding that is full of control characters was a wrong guess.
fn looks_like_binary(text: &str) -> bool {
    let total = text.chars().count();
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{C}'))
        .count();
    controls * 100 > total
}

/// CRLF and lone CR become LF, so that positions mean the same on every platform.
pub(crate) fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut normalized = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            normalized.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            normalized.push(c);
        }
    }
    normalized
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    /// Decodes `bytes` and compares text and encoding; `warned` says whether a warning
    /// is expected.
    fn check(bytes: &[u8], expected_text: &str, expected_encoding: &str, warned: bool) {
        let decoded = decode_text(bytes).unwrap();
        assert_eq!(decoded.text, expected_text, "text of {bytes:?}");
        assert_eq!(decoded.encoding, expected_encoding, "encoding of {bytes:?}");
        assert_eq!(
            !decoded.warnings.is_empty(),
            warned,
            "warnings: {:?}",
            decoded.warnings
        );
    }

    const SAMPLE: &str = "Zoë: café 🙂 林美\nI: ok";

    #[test]
    fn decodes_every_encoding() {
        check(SAMPLE.as_bytes(), SAMPLE, "UTF-8", false);
        check(
            &[b"\xEF\xBB\xBF", SAMPLE.as_bytes()].concat(),
            SAMPLE,
            "UTF-8 (BOM)",
            false,
        );
        check(
            &[&b"\xFF\xFE"[..], &utf16le(SAMPLE)].concat(),
            SAMPLE,
            "UTF-16LE",
            false,
        );
        check(
            &[&b"\xFE\xFF"[..], &utf16be(SAMPLE)].concat(),
            SAMPLE,
            "UTF-16BE",
            false,
        );
        // "Zoë: café – “ok”" in Windows-1252, built byte by byte.
        let cp1252 = b"Zo\xEB: caf\xE9 \x96 \x93ok\x94";
        check(cp1252, "Zoë: café – “ok”", "windows-1252", true);
        check(b"", "", "UTF-8", false);
    }

    #[test]
    fn guesses_utf16_without_bom() {
        check(
            &utf16le("Helen: hello there\n"),
            "Helen: hello there\n",
            "UTF-16LE",
            true,
        );
        check(
            &utf16be("Helen: hello there\n"),
            "Helen: hello there\n",
            "UTF-16BE",
            true,
        );
    }

    #[test]
    fn windows_1252_warning_says_why() {
        let decoded = decode_text(b"caf\xE9").unwrap();
        assert_eq!(
            decoded.warnings,
            ["decoded as Windows-1252 because it is not valid UTF-8"]
        );
    }

    #[test]
    fn normalizes_line_endings_and_drops_bom() {
        check(b"a\r\nb\rc\n\r\nd\r", "a\nb\nc\n\nd\n", "UTF-8", false);
        let utf16_crlf = [&b"\xFF\xFE"[..], &utf16le("\u{FEFF}x\r\ny")].concat();
        check(&utf16_crlf, "x\ny", "UTF-16LE", false);
    }

    #[test]
    fn refuses_binary() {
        let png_like = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        let doc_like = [
            0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0, 0x3E, 0, 3, 0,
        ];
        for bytes in [&png_like[..], &doc_like[..], b"\0", b"text\0"] {
            let error = decode_named("x.txt", bytes).unwrap_err();
            assert_eq!(
                error,
                IngestError::Binary {
                    file: "x.txt".into()
                }
            );
            assert!(
                error
                    .to_string()
                    .contains("looks like a binary file, not a transcript")
            );
        }
    }

    #[test]
    fn refuses_control_characters_guessed_as_utf16() {
        let bytes: Vec<u8> = (1..=40u8).flat_map(|byte| [byte, 0]).collect();
        assert!(matches!(
            decode_text(&bytes),
            Err(IngestError::Binary { .. })
        ));
    }

    #[test]
    fn a_utf8_file_cut_short_stays_utf8() {
        check(
            "Zoë: caf"
                .as_bytes()
                .iter()
                .chain(&[0xC3])
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
            "Zoë: caf\u{FFFD}",
            "UTF-8",
            true,
        );
    }

    #[test]
    fn replaces_malformed_bytes_after_a_bom_and_warns() {
        check(b"\xEF\xBB\xBFa\xFFb", "a\u{FFFD}b", "UTF-8 (BOM)", true);
    }
}
