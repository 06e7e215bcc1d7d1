//! Colours the window derives from the project: a stable colour for each
//! speaker, and a code's `#rrggbb` turned into highlight and swatch colours.

use egui::Color32;
use egui::ecolor::Hsva;

/// How opaque a coded passage's background is: enough to see the code's
/// colour, little enough that the words stay readable in light and dark mode.
const HIGHLIGHT_ALPHA: u8 = 72;

/// The colour of a code as stored (`#rrggbb`), or a neutral grey when the file
/// holds something else, so that a bad value never hides the code.
#[must_use]
pub fn code_color(hex: &str) -> Color32 {
    parse_hex(hex).unwrap_or(Color32::GRAY)
}

fn parse_hex(hex: &str) -> Option<Color32> {
    let digits = hex.trim().strip_prefix('#')?;
    if digits.len() != 6 || !digits.is_ascii() {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(&digits[at..at + 2], 16).ok();
    Some(Color32::from_rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// The translucent background for text coded with these codes: their colours
/// averaged, a little stronger where codes overlap so overlaps stand out.
#[must_use]
pub fn highlight(colors: &[Color32]) -> Color32 {
    if colors.is_empty() {
        return Color32::TRANSPARENT;
    }
    let count = u32::try_from(colors.len()).unwrap_or(u32::MAX);
    let mean = |channel: fn(&Color32) -> u8| {
        let total: u32 = colors.iter().map(|color| u32::from(channel(color))).sum();
        u8::try_from(total / count).unwrap_or(u8::MAX)
    };
    let extra = u8::try_from((colors.len() - 1).min(3) * 24).unwrap_or(0);
    Color32::from_rgba_unmultiplied(
        mean(Color32::r),
        mean(Color32::g),
        mean(Color32::b),
        HIGHLIGHT_ALPHA.saturating_add(extra),
    )
}

/// A colour for a speaker's name that stays the same for that name in every
/// document and every session, bright on dark backgrounds and deep on light.
#[must_use]
pub fn speaker_color(speaker: &str, dark_mode: bool) -> Color32 {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in speaker.trim().to_lowercase().bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let hue = f32::from(u16::try_from(hash % 360).unwrap_or(0)) / 360.0;
    let value = if dark_mode { 0.92 } else { 0.55 };
    Hsva::new(hue, 0.6, value, 1.0).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_and_bad_ones_fall_back_to_grey() {
        assert_eq!(code_color("#4e79a7"), Color32::from_rgb(0x4e, 0x79, 0xa7));
        assert_eq!(code_color("not a colour"), Color32::GRAY);
        assert_eq!(code_color("#12345"), Color32::GRAY);
    }

    #[test]
    fn speakers_keep_their_colour_whatever_the_case() {
        assert_eq!(
            speaker_color("Zoë Adebayo", true),
            speaker_color("zoë adebayo ", true)
        );
        assert_ne!(
            speaker_color("Zoë Adebayo", true),
            speaker_color("Interviewer", true)
        );
    }
}
