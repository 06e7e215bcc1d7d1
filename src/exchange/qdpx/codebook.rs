//! The codebook half of a REFI-QDA file, shared by project (QDPX) and codebook
//! (QDC) imports: nested codes with their colours and descriptions (flat names
//! like Taguette's `a.b` and ATLAS.ti's `a::b` nested), and sets of codes as
//! themes, their concept, definition and status read from the description;
//! and the same, written, for both QDPX and QDC exports.

use super::guids::{Guids, Kind, guid_key};
use super::outcome::ExchangeReport;
use super::xml::Element;
use crate::edit::Command;
use crate::exchange::common::XmlWriter;
use crate::model::{CODE_PALETTE, Code, CodeId, Project, Target, Theme, ThemeId, ThemeStatus};
use crate::words::{count, list_some};
use std::collections::{BTreeSet, HashMap};

/// What reading the codes gave.
#[derive(Debug, Default)]
pub(crate) struct Codes {
    /// `CreateCode`s, parents before children.
    pub commands: Vec<Command>,
    /// Every code of the file by GUID key, created or matched.
    pub by_guid: HashMap<String, CodeId>,
    pub created: usize,
    /// Codes that were already in the project (same GUID, or same name and parent).
    pub matched: usize,
    /// How many levels the imported tree has.
    pub depth: usize,
    /// Notes attached to codes: (note GUID key, code).
    pub note_refs: Vec<(String, Target)>,
}

/// A code as read, before ids are settled.
#[derive(Debug, Clone)]
struct RawCode {
    guid: Option<String>,
    name: String,
    color: Option<String>,
    description: String,
    parent: Option<usize>,
    note_refs: Vec<String>,
}

/// Reads the `<Code>`s under `codes` (a `<Codes>` element).
pub(crate) fn read_codes(
    codes: Option<&Element>,
    origin: &str,
    project: &Project,
    guids: &mut Guids,
    report: &mut ExchangeReport,
) -> Codes {
    let mut raw = Vec::new();
    let mut stack: Vec<(&Element, Option<usize>)> = codes
        .map(|codes| {
            codes
                .children_named("Code")
                .rev()
                .map(|code| (code, None))
                .collect()
        })
        .unwrap_or_default();
    while let Some((element, parent)) = stack.pop() {
        let index = raw.len();
        raw.push(RawCode {
            guid: element.attr("guid").map(str::to_owned),
            name: element.attr_or_empty("name").trim().to_owned(),
            color: element.attr("color").map(str::to_owned),
            description: element
                .child_text("Description")
                .unwrap_or_default()
                .to_owned(),
            parent,
            note_refs: element
                .children_named("NoteRef")
                .filter_map(|note| note.attr("targetGUID"))
                .map(guid_key)
                .collect(),
        });
        stack.extend(
            element
                .children_named("Code")
                .rev()
                .map(|child| (child, Some(index))),
        );
    }
    for (index, code) in raw.iter_mut().enumerate() {
        if code.name.is_empty() {
            code.name = format!("Code {}", index + 1);
        }
    }
    nest_flat_names(&mut raw, origin, report);
    settle(&raw, project, guids, report)
}

/// Taguette writes child codes as `parent.child`, ATLAS.ti as `parent::child`,
/// both at the top level: nest them, creating parents that are not codes.
fn nest_flat_names(raw: &mut Vec<RawCode>, origin: &str, report: &mut ExchangeReport) {
    let lower = origin.to_lowercase();
    let (separator, tool) = if lower.contains("taguette") {
        (".", "Taguette")
    } else if lower.contains("atlas") {
        ("::", "ATLAS.ti")
    } else {
        return;
    };
    let segments_of = |name: &str| -> Vec<String> {
        name.split(separator)
            .map(|segment| segment.trim().to_owned())
            .filter(|segment| !segment.is_empty())
            .collect()
    };
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut flat: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, code) in raw.iter().enumerate() {
        if code.parent.is_some() {
            continue;
        }
        let segments = segments_of(&code.name);
        if segments.len() > 1 {
            flat.push((index, segments));
        } else {
            by_path.entry(code.name.to_lowercase()).or_insert(index);
        }
    }
    if flat.is_empty() {
        return;
    }
    // Shorter paths first, so `a.b` is in place before `a.b.c` looks for it.
    flat.sort_by_key(|(index, segments)| (segments.len(), *index));
    let mut nested = Vec::new();
    let mut made = Vec::new();
    for (index, segments) in flat {
        let mut parent: Option<usize> = None;
        for depth in 1..segments.len() {
            let path = segments[..depth].join(separator).to_lowercase();
            let found = match by_path.get(&path) {
                Some(found) => *found,
                None => {
                    let created = raw.len();
                    raw.push(RawCode {
                        guid: None,
                        name: segments[depth - 1].clone(),
                        color: None,
                        description: String::new(),
                        parent,
                        note_refs: Vec::new(),
                    });
                    made.push(segments[..depth].join("/"));
                    by_path.insert(path, created);
                    created
                }
            };
            parent = Some(found);
        }
        let original = raw[index].name.clone();
        let last = segments.last().cloned().unwrap_or_default();
        raw[index].name = last;
        raw[index].parent = parent;
        by_path.insert(segments.join(separator).to_lowercase(), index);
        nested.push(format!("{original} became {}", segments.join("/")));
    }
    report.warnings.push(format!(
        "{tool} writes subcodes as flat names with \"{separator}\"; {} nested under their parents: {}",
        count(nested.len(), "code was", "codes were"),
        list_some(&nested, 6)
    ));
    if !made.is_empty() {
        report.warnings.push(format!(
            "{} named only as a part of a flat name created: {}",
            count(made.len(), "parent code was", "parent codes were"),
            list_some(&made, 6)
        ));
    }
}

/// Gives the codes ids (matching codes already in the project) and makes the
/// commands, parents first.
fn settle(
    raw: &[RawCode],
    project: &Project,
    guids: &mut Guids,
    report: &mut ExchangeReport,
) -> Codes {
    let depth_of = |mut index: usize| {
        let mut depth = 1;
        while let Some(parent) = raw[index].parent {
            depth += 1;
            index = parent;
            if depth > raw.len() {
                break;
            }
        }
        depth
    };
    let depths: Vec<usize> = (0..raw.len()).map(depth_of).collect();
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by_key(|index| (depths[*index], *index));
    let mut result = Codes {
        depth: depths.iter().copied().max().unwrap_or(0),
        ..Codes::default()
    };
    let mut ids: Vec<Option<CodeId>> = vec![None; raw.len()];
    let mut odd_colours = Vec::new();
    for index in order {
        let code = &raw[index];
        let parent = code.parent.and_then(|parent| ids[parent]);
        let by_guid = code
            .guid
            .as_deref()
            .and_then(|guid| guid_key(guid).parse::<uuid::Uuid>().ok())
            .map(CodeId)
            .filter(|id| project.codes.contains_key(id));
        let by_place = || {
            project
                .codes
                .values()
                .find(|existing| {
                    existing.parent == parent
                        && existing.name.to_lowercase() == code.name.to_lowercase()
                })
                .map(|existing| existing.id)
        };
        let id = match by_guid.or_else(by_place) {
            Some(existing) => {
                result.matched += 1;
                existing
            }
            None => {
                let id = CodeId(guids.id(Kind::Code, code.guid.as_deref(), |id| {
                    project.codes.contains_key(&CodeId(id))
                }));
                let palette_slot = project.codes.len() + result.created;
                let color = match code
                    .color
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    Some(written) => normalise_color(written).unwrap_or_else(|| {
                        odd_colours.push(format!("{} ({written})", code.name));
                        palette_color(palette_slot)
                    }),
                    None => palette_color(palette_slot),
                };
                result.commands.push(Command::CreateCode {
                    code: Code {
                        id,
                        name: code.name.clone(),
                        parent,
                        color,
                        description: code.description.clone(),
                    },
                });
                result.created += 1;
                id
            }
        };
        ids[index] = Some(id);
        if let Some(guid) = &code.guid {
            result.by_guid.entry(guid_key(guid)).or_insert(id);
        }
        for note in &code.note_refs {
            result.note_refs.push((note.clone(), Target::Code(id)));
        }
    }
    if !odd_colours.is_empty() {
        report.warnings.push(format!(
            "{} had colours Polyphony cannot read and were given palette colours: {}",
            count(odd_colours.len(), "code", "codes"),
            list_some(&odd_colours, 6)
        ));
    }
    result
}

fn palette_color(slot: usize) -> String {
    CODE_PALETTE[slot % CODE_PALETTE.len()].to_owned()
}

/// `#rrggbb` from the colour forms writers use: `#rgb`, `#rrggbb`, `#aarrggbb`
/// (alpha dropped), with or without `#`, in any case.
pub(crate) fn normalise_color(written: &str) -> Option<String> {
    let hex = written.trim().trim_start_matches('#');
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    let rgb = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex,
        8 => hex[2..].to_owned(),
        _ => return None,
    };
    Some(format!("#{rgb}"))
}

/// What reading the sets gave.
#[derive(Debug, Default)]
pub(crate) struct Themes {
    pub commands: Vec<Command>,
    pub created: usize,
    /// Notes that are members of sets, which is how a set takes a note:
    /// (note GUID key, theme).
    pub note_refs: Vec<(String, Target)>,
}

/// Reads `<Set>`s under `sets`: a set of codes (or an empty set) becomes a
/// theme, its member notes memos on it; a set of sources cannot be carried.
pub(crate) fn read_sets(
    sets: Option<&Element>,
    codes: &HashMap<String, CodeId>,
    project: &Project,
    guids: &mut Guids,
    report: &mut ExchangeReport,
) -> Themes {
    let mut themes = Themes::default();
    let mut unknown_members = 0;
    let mut source_sets = Vec::new();
    let mut dropped_sources = Vec::new();
    let Some(sets) = sets else {
        return themes;
    };
    for (index, set) in sets.children_named("Set").enumerate() {
        let name = match set.attr_or_empty("name").trim() {
            "" => format!("Set {}", index + 1),
            name => name.to_owned(),
        };
        let member_codes: Vec<&Element> = set.children_named("MemberCode").collect();
        let member_sources = set.children_named("MemberSource").count();
        if member_codes.is_empty() && member_sources > 0 {
            source_sets.push(format!(
                "{name} ({})",
                count(member_sources, "source", "sources")
            ));
            continue;
        }
        if member_sources > 0 {
            dropped_sources.push(format!("{name} ({member_sources})"));
        }
        let mut members = BTreeSet::new();
        for member in member_codes {
            // The project schema says targetGUID, the codebook schema guid.
            let target = member.attr("targetGUID").or_else(|| member.attr("guid"));
            match target.and_then(|guid| codes.get(&guid_key(guid))) {
                Some(code) => {
                    members.insert(*code);
                }
                None => unknown_members += 1,
            }
        }
        let (concept, definition, status) =
            parse_theme_description(set.child_text("Description").unwrap_or_default());
        let id = ThemeId(guids.id(Kind::Theme, set.attr("guid"), |id| {
            project.themes.contains_key(&ThemeId(id))
        }));
        for note in set
            .children_named("MemberNote")
            .filter_map(|note| note.attr("targetGUID").or_else(|| note.attr("guid")))
        {
            themes.note_refs.push((guid_key(note), Target::Theme(id)));
        }
        themes.commands.push(Command::CreateTheme {
            theme: Theme {
                id,
                name,
                concept,
                definition,
                status,
                parent: None,
                codes: members,
                key_quotes: Vec::new(),
            },
        });
        themes.created += 1;
    }
    if unknown_members > 0 {
        report.warnings.push(format!(
            "{} of sets name codes that are not in the file and were left out",
            count(unknown_members, "member", "members")
        ));
    }
    if !dropped_sources.is_empty() {
        report.not_carried.push(format!(
            "sources in sets of codes, which became themes without them: {}",
            dropped_sources.join(", ")
        ));
    }
    for set in source_sets {
        report.not_carried.push(format!("set of sources: {set}"));
    }
    themes
}

const CONCEPT: &str = "Central organising concept:";
const DEFINITION: &str = "Definition:";
const STATUS: &str = "Status:";

/// Concept, definition and status from a set's description written as
/// `Central organising concept: …\n\nDefinition: …\n\nStatus: candidate` (any
/// part may be missing). Any other description is taken as the definition.
pub(crate) fn parse_theme_description(description: &str) -> (String, String, ThemeStatus) {
    let mut rest = description;
    let mut status = ThemeStatus::Candidate;
    if let Some(at) = rest.rfind(STATUS)
        && (at == 0 || rest[..at].ends_with("\n\n"))
        && let Some(parsed) = ThemeStatus::parse(&rest[at + STATUS.len()..])
    {
        status = parsed;
        rest = rest[..at].strip_suffix("\n\n").unwrap_or(&rest[..at]);
    }
    let after_label = |text: &str, label: &str| -> Option<String> {
        let body = text.strip_prefix(label)?;
        Some(body.strip_prefix(' ').unwrap_or(body).to_owned())
    };
    if rest.starts_with(CONCEPT) {
        let (concept, definition) = match rest.find(&format!("\n\n{DEFINITION}")) {
            Some(at) => (
                &rest[..at],
                after_label(&rest[at + 2..], DEFINITION).unwrap_or_default(),
            ),
            None => (rest, String::new()),
        };
        (
            after_label(concept, CONCEPT).unwrap_or_default(),
            definition,
            status,
        )
    } else if let Some(definition) = after_label(rest, DEFINITION) {
        (String::new(), definition, status)
    } else {
        (String::new(), rest.trim().to_owned(), status)
    }
}

// Writing

/// Writes the project's themes as `<Sets>`, by name, each with its codes; a
/// project without themes writes nothing. `member` is the attribute that names
/// a member code: the codebook schema says `guid`, the project schema
/// `targetGUID`. `more(theme)` writes what else a set holds after its codes.
pub(crate) fn write_sets(
    xml: &mut XmlWriter,
    project: &Project,
    member: &str,
    more: &dyn Fn(&mut XmlWriter, &Theme),
) {
    let mut themes: Vec<&Theme> = project.themes.values().collect();
    if themes.is_empty() {
        return;
    }
    themes.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    xml.open("Sets", &[]);
    for theme in themes {
        xml.open(
            "Set",
            &[("guid", theme.id.to_string()), ("name", theme.name.clone())],
        );
        xml.text_element("Description", &theme_description(theme));
        for code in theme
            .codes
            .iter()
            .filter(|code| project.codes.contains_key(code))
        {
            xml.empty("MemberCode", &[(member, code.to_string())]);
        }
        more(xml, theme);
        xml.close("Set");
    }
    xml.close("Sets");
}

/// Writes the codebook's `<Code>` elements nested as the tree is, siblings by
/// name. `note_refs(code)` gives the GUIDs of notes to reference from a code
/// (none in a QDC codebook, whose schema has no NoteRef).
pub(crate) fn write_code_tree(
    xml: &mut XmlWriter,
    project: &Project,
    note_refs: &dyn Fn(CodeId) -> Vec<String>,
) {
    let mut items: Vec<(usize, &Code)> = project.codes_in_tree_order();
    let placed: BTreeSet<CodeId> = items.iter().map(|(_, code)| code.id).collect();
    // Codes caught in a parent cycle (only a damaged file has one) never hang
    // from a root; they are written at the top level rather than lost.
    items.extend(
        project
            .codes
            .values()
            .filter(|code| !placed.contains(&code.id))
            .map(|code| (0, code)),
    );
    let mut open = 0usize;
    for (index, (depth, code)) in items.iter().enumerate() {
        let next_depth = items.get(index + 1).map_or(0, |(next, _)| *next);
        let has_children = next_depth > *depth;
        let notes = note_refs(code.id);
        let mut attributes = vec![
            ("guid", code.id.to_string()),
            ("name", code.name.clone()),
            ("isCodable", "true".to_owned()),
        ];
        if let Some(color) = xml_color(&code.color) {
            attributes.push(("color", color.to_owned()));
        }
        if code.description.is_empty() && notes.is_empty() && !has_children {
            xml.empty("Code", &attributes);
        } else {
            xml.open("Code", &attributes);
            if !code.description.is_empty() {
                xml.text_element("Description", &code.description);
            }
            for note in notes {
                xml.empty("NoteRef", &[("targetGUID", note)]);
            }
            if has_children {
                open += 1;
            } else {
                xml.close("Code");
            }
        }
        while open > next_depth {
            xml.close("Code");
            open -= 1;
        }
    }
}

/// `Central organising concept: …\n\nDefinition: …\n\nStatus: candidate`,
/// leaving out empty parts: how a theme travels in a set's description.
pub(crate) fn theme_description(theme: &Theme) -> String {
    let mut parts = Vec::new();
    if !theme.concept.trim().is_empty() {
        parts.push(format!("Central organising concept: {}", theme.concept));
    }
    if !theme.definition.trim().is_empty() {
        parts.push(format!("Definition: {}", theme.definition));
    }
    parts.push(format!("Status: {}", theme.status.label()));
    parts.join("\n\n")
}

/// `#rgb` or `#rrggbb` as the schema's RGBType allows, or `None` for anything
/// else (the attribute is optional, so an odd colour is left out).
pub(crate) fn xml_color(color: &str) -> Option<&str> {
    let color = color.trim();
    let digits = color.strip_prefix('#')?;
    ((digits.len() == 6 || digits.len() == 3) && digits.chars().all(|c| c.is_ascii_hexdigit()))
        .then_some(color)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::qdpx::xml::parse;

    #[test]
    fn colours_are_read_leniently() {
        assert_eq!(normalise_color("#F00082").as_deref(), Some("#f00082"));
        assert_eq!(normalise_color("#abc").as_deref(), Some("#aabbcc"));
        assert_eq!(normalise_color("FF46AA00").as_deref(), Some("#46aa00"));
        assert_eq!(normalise_color("red"), None);
        assert_eq!(normalise_color("#12345"), None);
    }

    #[test]
    fn theme_descriptions_split_into_their_parts() {
        let (concept, definition, status) = parse_theme_description(
            "Central organising concept: Peers carry hope.\n\nDefinition: What is in.\n\nNot out.\n\nStatus: reviewed",
        );
        assert_eq!(concept, "Peers carry hope.");
        assert_eq!(definition, "What is in.\n\nNot out.");
        assert_eq!(status, ThemeStatus::Reviewed);
        let (concept, definition, status) = parse_theme_description("kategorie 1");
        assert_eq!(
            (concept.as_str(), definition.as_str(), status),
            ("", "kategorie 1", ThemeStatus::Candidate)
        );
        let (concept, definition, _) = parse_theme_description("Definition: only this");
        assert_eq!((concept.as_str(), definition.as_str()), ("", "only this"));
        let (_, _, status) = parse_theme_description("Status: final");
        assert_eq!(status, ThemeStatus::Final);
    }

    #[test]
    fn flat_names_nest_and_missing_parents_are_made() {
        let xml = r##"<Codes><Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="a.b.c" isCodable="true"/><Code guid="E998F5D4-A3EC-59C9-B17A-1CC008824583" name="a" isCodable="true" color="#abc"/></Codes>"##;
        let codes = parse("t", xml).unwrap_or_default();
        let mut report = ExchangeReport::default();
        let read = read_codes(
            Some(&codes),
            "Taguette 1.5.2",
            &Project::default(),
            &mut Guids::default(),
            &mut report,
        );
        assert_eq!(read.created, 3);
        assert_eq!(read.depth, 3);
        let names: Vec<(String, bool)> = read
            .commands
            .iter()
            .filter_map(|command| match command {
                Command::CreateCode { code } => Some((code.name.clone(), code.parent.is_some())),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("a".to_owned(), false),
                ("b".to_owned(), true),
                ("c".to_owned(), true)
            ]
        );
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.contains("a.b.c became a/b/c")),
            "{report:?}"
        );
    }

    #[test]
    fn colours_outside_the_schema_are_left_out() {
        assert_eq!(xml_color("#4e79a7"), Some("#4e79a7"));
        assert_eq!(xml_color("#abc"), Some("#abc"));
        assert_eq!(xml_color("#ff4e79a7"), None);
        assert_eq!(xml_color("red"), None);
    }
}
