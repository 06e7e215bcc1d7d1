//! Selection positions as other tools write them, turned into Polyphony's char
//! offsets into the LF-normalised text, and the checks that tell whether a
//! reading is right: selections should start and end on word boundaries, stay
//! inside the text, and match the text their `name` quotes.
//!
//! REFI-QDA says positions count code points, but NVivo for Windows counts
//! UTF-16 code units (an emoji is 2, CRLF is 2) and ATLAS.ti, MAXQDA and
//! QualCoder count a CRLF once. A text without CR and without characters outside
//! the Basic Multilingual Plane reads the same in every unit.

use std::cmp::Reverse;

/// A way of counting positions in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PositionUnit {
    /// Unicode code points of the text as stored: CRLF counts 2.
    CodePoints,
    /// Unicode code points with CRLF counted once (ATLAS.ti, MAXQDA, QualCoder).
    CodePointsCrlfOnce,
    /// UTF-16 code units with CRLF counted twice (NVivo for Windows).
    Utf16,
    /// UTF-16 code units with CRLF counted once.
    Utf16CrlfOnce,
}

impl PositionUnit {
    pub const ALL: [PositionUnit; 4] = [
        PositionUnit::CodePoints,
        PositionUnit::CodePointsCrlfOnce,
        PositionUnit::Utf16,
        PositionUnit::Utf16CrlfOnce,
    ];

    /// Words for the report.
    pub fn describe(self) -> &'static str {
        match self {
            PositionUnit::CodePoints => "Unicode code points",
            PositionUnit::CodePointsCrlfOnce => "Unicode code points with CRLF counted once",
            PositionUnit::Utf16 => "UTF-16 code units with CRLF counted twice",
            PositionUnit::Utf16CrlfOnce => "UTF-16 code units with CRLF counted once",
        }
    }

    /// The unit the writer named in `origin` is known to use.
    pub fn for_origin(origin: &str) -> Self {
        let origin = origin.to_lowercase();
        if origin.contains("nvivo") && !origin.contains("mac") {
            PositionUnit::Utf16
        } else if ["atlas", "maxqda", "qualcoder"]
            .iter()
            .any(|tool| origin.contains(tool))
        {
            PositionUnit::CodePointsCrlfOnce
        } else {
            PositionUnit::CodePoints
        }
    }

    fn width(self, shape: u8) -> usize {
        let crlf = shape & CRLF != 0;
        let astral = shape & ASTRAL != 0;
        match self {
            PositionUnit::CodePoints => 1 + usize::from(crlf),
            PositionUnit::CodePointsCrlfOnce => 1,
            PositionUnit::Utf16 => 1 + usize::from(crlf || astral),
            PositionUnit::Utf16CrlfOnce => 1 + usize::from(astral),
        }
    }
}

const CRLF: u8 = 1;
const ASTRAL: u8 = 2;

/// A source's text as Polyphony keeps it (LF line endings, no BOM), with what
/// each of its chars was in the text the writer counted. An import holds every
/// source at once, so it keeps no per-char table: only the chars that count
/// differently in some unit, and the byte offset of every 64th char.
#[derive(Debug, Clone)]
pub(crate) struct SourceText {
    /// Shared with the document made from it, not copied.
    pub text: std::sync::Arc<str>,
    char_count: usize,
    /// The byte offset of chars 0, 64, 128, ...
    checkpoints: Vec<usize>,
    /// The chars that stand for a CRLF pair or are outside the Basic
    /// Multilingual Plane, by char index, in order.
    specials: Vec<(usize, u8)>,
}

/// How many chars apart the byte-offset checkpoints are.
const CHECKPOINT_CHARS: usize = 64;

impl SourceText {
    /// Normalises `raw` (already without a BOM) as `ingest` does: CRLF and a
    /// lone CR become LF.
    pub fn from_raw(raw: &str) -> Self {
        let mut text = String::with_capacity(raw.len());
        let mut checkpoints = Vec::with_capacity(raw.len() / CHECKPOINT_CHARS + 1);
        let mut specials = Vec::new();
        let mut char_count = 0;
        let mut iter = raw.chars().peekable();
        while let Some(c) = iter.next() {
            let (normal, shape) = if c == '\r' {
                if iter.peek() == Some(&'\n') {
                    iter.next();
                    ('\n', CRLF)
                } else {
                    ('\n', 0)
                }
            } else if c.len_utf16() == 2 {
                (c, ASTRAL)
            } else {
                (c, 0)
            };
            if char_count % CHECKPOINT_CHARS == 0 {
                checkpoints.push(text.len());
            }
            if shape != 0 {
                specials.push((char_count, shape));
            }
            text.push(normal);
            char_count += 1;
        }
        Self {
            text: text.into(),
            char_count,
            checkpoints,
            specials,
        }
    }

    /// The number of chars.
    pub fn len(&self) -> usize {
        self.char_count
    }

    /// Whether units disagree on this text.
    pub fn is_ambiguous(&self) -> bool {
        !self.specials.is_empty()
    }

    /// The offset in `unit` of every char boundary. A text every unit counts
    /// the same keeps no table.
    pub fn boundaries(&self, unit: PositionUnit) -> Boundaries {
        if self
            .specials
            .iter()
            .all(|(_, shape)| unit.width(*shape) == 1)
        {
            return Boundaries::Plain(self.char_count);
        }
        let mut bounds = Vec::with_capacity(self.char_count + 1);
        let mut specials = self.specials.iter().peekable();
        let mut offset = 0;
        bounds.push(0);
        for index in 0..self.char_count {
            let shape = match specials.peek() {
                Some(&&(at, shape)) if at == index => {
                    specials.next();
                    shape
                }
                _ => 0,
            };
            offset += unit.width(shape);
            bounds.push(offset);
        }
        Boundaries::Table(bounds)
    }

    /// The byte offset of char `index` (the text's length past the end).
    fn byte_of(&self, index: usize) -> usize {
        let Some(&from) = self.checkpoints.get(index / CHECKPOINT_CHARS) else {
            return self.text.len();
        };
        self.text[from..]
            .char_indices()
            .nth(index % CHECKPOINT_CHARS)
            .map_or(self.text.len(), |(byte, _)| from + byte)
    }

    fn char_at(&self, index: usize) -> Option<char> {
        self.text[self.byte_of(index)..].chars().next()
    }

    /// The text between char offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.char_count);
        self.text[self.byte_of(start.min(end))..self.byte_of(end)].to_owned()
    }

    fn is_boundary(&self, position: usize) -> bool {
        if position == 0 || position >= self.char_count {
            return true;
        }
        !(self.char_at(position - 1).is_some_and(is_word)
            && self.char_at(position).is_some_and(is_word))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// A selection read into char offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mapped {
    pub start: usize,
    pub end: usize,
    /// The written positions were outside the text (or reversed) and were moved.
    pub clamped: bool,
}

/// The offset, in some unit, of each char boundary of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Boundaries {
    /// A text of this many chars where every char is one unit.
    Plain(usize),
    /// `chars + 1` offsets, ascending.
    Table(Vec<usize>),
}

impl Boundaries {
    fn chars(&self) -> usize {
        match self {
            Boundaries::Plain(chars) => *chars,
            Boundaries::Table(bounds) => bounds.len().saturating_sub(1),
        }
    }

    fn total(&self) -> usize {
        match self {
            Boundaries::Plain(chars) => *chars,
            Boundaries::Table(bounds) => bounds.last().copied().unwrap_or(0),
        }
    }

    /// The last char that starts at or before `offset`.
    fn char_from(&self, offset: usize) -> usize {
        match self {
            Boundaries::Plain(chars) => offset.min(*chars),
            Boundaries::Table(bounds) => bounds
                .partition_point(|bound| *bound <= offset)
                .saturating_sub(1),
        }
    }

    /// The first char boundary at or after `offset`.
    fn char_to(&self, offset: usize) -> usize {
        match self {
            Boundaries::Plain(chars) => offset.min(*chars),
            Boundaries::Table(bounds) => bounds.partition_point(|bound| *bound < offset),
        }
    }
}

/// Char offsets for written positions `start..end` given the unit offsets
/// `bounds` of a text's char boundaries. A start inside a char (between CR and
/// LF, or inside a surrogate pair) moves back, an end forward.
pub(crate) fn map_range(bounds: &Boundaries, start: i64, end: i64) -> Mapped {
    let total = bounds.total();
    let chars = bounds.chars();
    let (mut from, mut to) = (start, end);
    let mut clamped = false;
    if from > to {
        std::mem::swap(&mut from, &mut to);
        clamped = true;
    }
    let clamp = |value: i64, clamped: &mut bool| -> usize {
        if value < 0 {
            *clamped = true;
            0
        } else {
            let value = usize::try_from(value).unwrap_or(usize::MAX);
            if value > total {
                *clamped = true;
                total
            } else {
                value
            }
        }
    };
    let from = clamp(from, &mut clamped);
    let to = clamp(to, &mut clamped);
    let start_char = bounds.char_from(from);
    let end_char = bounds.char_to(to).min(chars);
    Mapped {
        start: start_char.min(chars),
        end: end_char.max(start_char.min(chars)),
        clamped,
    }
}

/// One selection to check: which source, the written positions, and its name.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    pub source: usize,
    pub start: i64,
    pub end: i64,
    pub name: String,
}

/// How well a reading fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// Selection ends checked, and how many fall on word boundaries.
    pub edges: usize,
    pub edges_ok: usize,
    /// Selection names that quote their text, and how many match it.
    pub names: usize,
    pub names_ok: usize,
    /// Selections that fall outside their text.
    pub outside: usize,
}

impl Score {
    /// Whether the reading checks out: nothing outside the text, three
    /// quarters of the ends on word boundaries, most quoting names matching.
    pub fn passes(&self) -> bool {
        self.outside == 0
            && (self.edges == 0 || self.edges_ok * 4 >= self.edges * 3)
            && (self.names == 0 || self.names_ok * 2 > self.names)
    }

    fn rank(&self) -> (bool, usize, usize, Reverse<usize>) {
        (
            self.passes(),
            self.names_ok,
            self.edges_ok,
            Reverse(self.outside),
        )
    }
}

/// The reading chosen for a project's selections, and how it and the
/// writer's usual reading fared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Choice {
    pub unit: PositionUnit,
    pub score: Score,
    pub preferred: PositionUnit,
    pub preferred_score: Score,
    /// Whether any text reads differently in different units.
    pub ambiguous: bool,
}

/// Whether a selection's `name` quotes `quote`: the same words, or the start
/// of them followed by an ellipsis (ATLAS.ti shortens long quotations).
pub(crate) fn name_matches(name: &str, quote: &str) -> bool {
    let name = collapse(name);
    let quote = collapse(quote);
    if name.is_empty() {
        return false;
    }
    if name == quote {
        return true;
    }
    let shortened = name
        .strip_suffix('…')
        .or_else(|| name.strip_suffix("..."))
        .map(str::trim_end);
    shortened.is_some_and(|prefix| prefix.chars().count() >= 3 && quote.starts_with(prefix))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_shortened(name: &str) -> bool {
    let name = name.trim_end();
    name.ends_with('…') || name.ends_with("...")
}

/// Chooses how to read `probes`: `preferred` if it checks out, else the unit
/// that checks out best. `names_are_quotes` says the writer puts the selected
/// text in every selection's name (QualCoder).
pub(crate) fn choose(
    sources: &[SourceText],
    probes: &[Probe],
    preferred: PositionUnit,
    names_are_quotes: bool,
) -> Choice {
    let ambiguous = probes
        .iter()
        .filter_map(|probe| sources.get(probe.source))
        .any(SourceText::is_ambiguous);
    let units: Vec<PositionUnit> = if ambiguous {
        std::iter::once(preferred)
            .chain(
                PositionUnit::ALL
                    .into_iter()
                    .filter(|unit| *unit != preferred),
            )
            .collect()
    } else {
        vec![preferred]
    };
    let readings: Vec<Vec<Option<Mapped>>> = units
        .iter()
        .map(|unit| read_all(sources, probes, *unit))
        .collect();
    // A name counts as a quotation if the writer always quotes, if it is
    // visibly shortened, or if some reading finds its words at the position.
    let quoting: Vec<bool> = probes
        .iter()
        .enumerate()
        .map(|(index, probe)| {
            !probe.name.trim().is_empty()
                && (names_are_quotes
                    || looks_shortened(&probe.name)
                    || readings.iter().any(|reading| {
                        quote_of(sources, probe, reading[index])
                            .is_some_and(|quote| name_matches(&probe.name, &quote))
                    }))
        })
        .collect();
    let scores: Vec<Score> = readings
        .iter()
        .map(|reading| score(sources, probes, reading, &quoting))
        .collect();
    let preferred_score = scores.first().copied().unwrap_or_default();
    let mut best = 0;
    for (index, candidate) in scores.iter().enumerate().skip(1) {
        if candidate.rank() > scores[best].rank() {
            best = index;
        }
    }
    Choice {
        unit: units[best],
        score: scores[best],
        preferred,
        preferred_score,
        ambiguous,
    }
}

fn read_all(sources: &[SourceText], probes: &[Probe], unit: PositionUnit) -> Vec<Option<Mapped>> {
    // Probes come source by source, so one source's table is kept at a time.
    let mut cached: Option<(usize, Boundaries)> = None;
    probes
        .iter()
        .map(|probe| {
            let source = sources.get(probe.source)?;
            if cached.as_ref().is_none_or(|(at, _)| *at != probe.source) {
                cached = Some((probe.source, source.boundaries(unit)));
            }
            let (_, bounds) = cached.as_ref()?;
            Some(map_range(bounds, probe.start, probe.end))
        })
        .collect()
}

fn quote_of(sources: &[SourceText], probe: &Probe, mapped: Option<Mapped>) -> Option<String> {
    let mapped = mapped?;
    Some(sources.get(probe.source)?.slice(mapped.start, mapped.end))
}

fn score(
    sources: &[SourceText],
    probes: &[Probe],
    reading: &[Option<Mapped>],
    quoting: &[bool],
) -> Score {
    let mut score = Score::default();
    for (index, probe) in probes.iter().enumerate() {
        let (Some(source), Some(mapped)) = (sources.get(probe.source), reading[index]) else {
            continue;
        };
        if mapped.clamped || mapped.start >= mapped.end {
            score.outside += 1;
            continue;
        }
        score.edges += 2;
        score.edges_ok += usize::from(source.is_boundary(mapped.start))
            + usize::from(source.is_boundary(mapped.end));
        if quoting[index] {
            score.names += 1;
            if name_matches(&probe.name, &source.slice(mapped.start, mapped.end)) {
                score.names_ok += 1;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_crlf_offset(raw: &str, needle: &str) -> i64 {
        let byte = raw.find(needle).unwrap_or(0);
        i64::try_from(raw[..byte].encode_utf16().count()).expect("a test text fits in i64")
    }

    #[test]
    fn nvivo_windows_offsets_map_to_chars_after_normalising() {
        let raw = "Zoë said 🙂 hi\r\nthen 🙂🙂 hope matters\r\nend";
        let text = SourceText::from_raw(raw);
        assert_eq!(&*text.text, "Zoë said 🙂 hi\nthen 🙂🙂 hope matters\nend");
        let start = utf16_crlf_offset(raw, "hope");
        let end = start + i64::try_from("hope matters".len()).expect("a short quote");
        let bounds = text.boundaries(PositionUnit::Utf16);
        let mapped = map_range(&bounds, start, end);
        assert_eq!(text.slice(mapped.start, mapped.end), "hope matters");
        assert!(!mapped.clamped);
    }

    #[test]
    fn crlf_once_and_code_points_differ_only_after_line_breaks() {
        let raw = "ab\r\ncd\r\nef";
        let text = SourceText::from_raw(raw);
        let once = text.boundaries(PositionUnit::CodePointsCrlfOnce);
        let twice = text.boundaries(PositionUnit::CodePoints);
        let mapped = map_range(&once, 6, 8);
        assert_eq!(text.slice(mapped.start, mapped.end), "ef");
        let mapped = map_range(&twice, 8, 10);
        assert_eq!(text.slice(mapped.start, mapped.end), "ef");
    }

    #[test]
    fn out_of_range_and_reversed_positions_are_clamped() {
        let text = SourceText::from_raw("short text");
        let bounds = text.boundaries(PositionUnit::CodePoints);
        assert_eq!(
            map_range(&bounds, 6, 400),
            Mapped {
                start: 6,
                end: 10,
                clamped: true
            }
        );
        assert_eq!(map_range(&bounds, -3, 5).start, 0);
        assert!(map_range(&bounds, 5, 2).clamped);
        let beyond = map_range(&bounds, 50, 60);
        assert_eq!((beyond.start, beyond.end), (10, 10));
        let empty = SourceText::from_raw("");
        assert_eq!(
            map_range(&empty.boundaries(PositionUnit::Utf16), 3, 9).end,
            0
        );
    }

    #[test]
    fn a_text_every_unit_counts_alike_maps_as_its_full_table_would() {
        let text = SourceText::from_raw("Zoë said: peer work is hard, and hope matters.");
        let plain = text.boundaries(PositionUnit::Utf16);
        assert!(matches!(plain, Boundaries::Plain(_)));
        let table = Boundaries::Table((0..=text.len()).collect());
        for (start, end) in [(0, 3), (4, 9), (-2, 5), (40, 90), (9, 4), (46, 46)] {
            assert_eq!(
                map_range(&plain, start, end),
                map_range(&table, start, end),
                "{start}..{end}"
            );
        }
    }

    #[test]
    fn slices_and_word_edges_read_across_checkpoints() {
        let raw = (0..40).fold(String::new(), |raw, n| raw + &format!("Zoë{n} "));
        let text = SourceText::from_raw(&raw);
        let chars: Vec<char> = raw.chars().collect();
        for (start, end) in [(0, 5), (60, 70), (63, 129), (128, 128), (200, 400)] {
            let end_in = end.min(chars.len());
            let expected: String = chars[start.min(end_in)..end_in].iter().collect();
            assert_eq!(text.slice(start, end), expected, "{start}..{end}");
        }
        assert!(text.is_boundary(5));
        assert!(!text.is_boundary(2));
    }

    #[test]
    fn the_check_picks_the_unit_that_fits() {
        let raw = "🙂 Peer work is hard.\r\n🙂 Hope matters here.\r\n🙂 Boundaries count too.";
        let sources = vec![SourceText::from_raw(raw)];
        let probes: Vec<Probe> = ["Peer work", "Hope matters", "Boundaries count"]
            .iter()
            .map(|quote| {
                let start = utf16_crlf_offset(raw, quote);
                Probe {
                    source: 0,
                    start,
                    end: start + i64::try_from(quote.len()).expect("a short quote"),
                    name: (*quote).to_owned(),
                }
            })
            .collect();
        let choice = choose(&sources, &probes, PositionUnit::CodePoints, false);
        assert!(choice.ambiguous);
        assert!(!choice.preferred_score.passes());
        assert_eq!(choice.unit, PositionUnit::Utf16);
        assert_eq!(choice.score.names_ok, 3);
    }

    #[test]
    fn names_match_whole_or_shortened() {
        assert!(name_matches("Oh, that was  great.", "Oh, that was\ngreat."));
        assert!(name_matches(
            "For some reason babies…",
            "For some reason babies aren't"
        ));
        assert!(!name_matches("damage done by fatty foods", "I used to eat"));
    }
}
