//! A small, safe XML tree for REFI-QDA files (`project.qde`, `.qdc`): decodes the
//! bytes, reads the elements into memory with local names, and refuses what could
//! hurt: entity declarations in a DOCTYPE (never expanded), undefined entities,
//! nesting deep enough to exhaust the stack, and malformed XML, each with the line
//! and column where it was found.

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::sync::Arc;

/// How deep elements may nest. REFI-QDA files nest codes a dozen levels at
/// most; a limit keeps a hostile file from exhausting the stack of the
/// recursive readers that walk the tree.
pub(crate) const MAX_DEPTH: usize = 256;

/// One element: its local name (namespace prefix dropped), attributes as
/// written (qualified names), child elements and the character data directly
/// inside it.
///
/// A project of 100,000 codings is some 300,000 elements, so each is kept
/// small: attribute names are shared between elements, and lists and texts
/// hold no spare room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Box<[(Arc<str>, Box<str>)]>,
    pub children: Vec<Element>,
    pub text: String,
    /// The line the start tag is on, for messages.
    pub line: usize,
}

impl Element {
    /// The value of the attribute whose local name is `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(qualified, _)| local_name(qualified) == name && !qualified.starts_with("xmlns"))
            .map(|(_, value)| &**value)
    }

    /// The value of the attribute, or `""`.
    pub fn attr_or_empty(&self, name: &str) -> &str {
        self.attr(name).unwrap_or_default()
    }

    /// The default namespace declared on this element.
    pub fn namespace(&self) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(qualified, _)| &**qualified == "xmlns")
            .map(|(_, value)| &**value)
    }

    /// Child elements called `name`, in document order.
    pub fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl DoubleEndedIterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// The text of the first child element called `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|child| child.text.as_str())
    }

    /// Every element below this one, depth first, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut found = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(element) = stack.pop() {
            found.push(element);
            stack.extend(element.children.iter().rev());
        }
        found
    }
}

fn local_name(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified)
}

/// Decodes XML bytes: UTF-8 with or without a BOM, UTF-16 with a BOM, or the
/// encoding the XML declaration names. `label` names the file in messages.
/// UTF-8 without a BOM, the usual case, is taken over without a copy.
pub(crate) fn decode_xml(label: &str, bytes: Vec<u8>) -> Result<String, String> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors {
            return Err(format!("{label} is not valid {} text", encoding.name()));
        }
        return Ok(text.into_owned());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            // Some writers declare a legacy encoding; honour it rather than
            // refuse a file that says what it is.
            let declared = declared_encoding(&bytes)
                .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
                .filter(|encoding| *encoding != encoding_rs::UTF_8);
            match declared {
                Some(encoding) => Ok(encoding.decode_without_bom_handling(&bytes).0.into_owned()),
                None => {
                    let (line, column) = line_and_column(&bytes, valid_up_to);
                    Err(format!(
                        "{label} is not UTF-8 text (line {line}, column {column}); REFI-QDA files are UTF-8"
                    ))
                }
            }
        }
    }
}

/// The `encoding="..."` of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    if !head.starts_with("<?xml") {
        return None;
    }
    let declaration = &head[..head.find("?>")?];
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// Line numbers of ascending positions, counted in one pass: counting from
/// the start for every element would be quadratic in a large project.
#[derive(Default)]
struct LineCounter {
    position: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, xml: &str, position: u64) -> usize {
        let position = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(xml.len());
        if position < self.position {
            *self = Self::default();
        }
        let bytes = &xml.as_bytes()[self.position..position];
        self.newlines += bytes.iter().filter(|&&byte| byte == b'\n').count();
        self.position = position;
        self.newlines + 1
    }
}

fn line_and_column(bytes: &[u8], position: usize) -> (usize, usize) {
    let position = position.min(bytes.len());
    let before = &bytes[..position];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |index| index + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Parses `xml` into its root element. `label` names the file in messages,
/// which say the line and column of the problem.
#[cfg(test)]
pub(crate) fn parse(label: &str, xml: &str) -> Result<Element, String> {
    parse_taking(label, xml, &mut |_, element| Some(element))
}

/// What [`parse_taking`] asks of each element as it closes, given the
/// elements open around it (the root first): `None` when it took the
/// element, or the element back to be placed in its parent.
pub(crate) type Take<'t> = dyn FnMut(&[Element], Element) -> Option<Element> + 't;

/// Parses like [`parse`], but hands each element below the root to `take` as
/// it closes. A reader can so turn the 100,000 selections of a large project
/// into its own records as they are read, rather than hold them all as
/// elements first.
pub(crate) fn parse_taking(label: &str, xml: &str, take: &mut Take<'_>) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let at = |position: u64, detail: &str| {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        let (line, column) = line_and_column(xml.as_bytes(), position);
        format!("{label} is not well-formed XML: line {line}, column {column}: {detail}")
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut lines = LineCounter::default();
    let mut names = AttributeNames::default();
    loop {
        // Where the event starts, so messages point at its first line.
        let position = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => return Err(at(reader.error_position(), &error.to_string())),
        };
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() && stack.is_empty() => {
                return Err(at(position, "there is more than one root element"));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(at(
                        position,
                        &format!(
                            "elements nest more than {MAX_DEPTH} deep, which no REFI-QDA file needs; the file may be hostile"
                        ),
                    ));
                }
                let element = element_from(&start, lines.line_at(xml, position), &mut names)
                    .map_err(|detail| at(position, &detail))?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element_from(&start, lines.line_at(xml, position), &mut names)
                    .map_err(|detail| at(position, &detail))?;
                place(&mut stack, &mut root, element, take);
            }
            Event::End(_) => {
                let Some(mut element) = stack.pop() else {
                    return Err(at(position, "an end tag closes nothing"));
                };
                // Text beside child elements is only their indentation.
                if !element.children.is_empty() && element.text.trim().is_empty() {
                    element.text = String::new();
                }
                element.text.shrink_to_fit();
                element.children.shrink_to_fit();
                place(&mut stack, &mut root, element, take);
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                match stack.last_mut() {
                    Some(element) => element.text.push_str(&content),
                    None if content.trim().is_empty() => {}
                    None => return Err(at(position, "there is text outside the root element")),
                }
            }
            Event::CData(data) => {
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&data.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved =
                    resolve_reference(&reference).map_err(|detail| at(position, &detail))?;
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&resolved);
                }
            }
            Event::DocType(doctype) => {
                if doctype.to_ascii_uppercase().contains("<!ENTITY") {
                    return Err(at(
                        position,
                        "its DOCTYPE declares entities; Polyphony never expands XML entities, because a few lines of them can grow to gigabytes. Export the file again without a DOCTYPE",
                    ));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(at(
            reader.buffer_position(),
            &format!(
                "the file ends before <{}> (line {}) is closed; it may be cut short",
                open.name, open.line
            ),
        ));
    }
    root.ok_or_else(|| format!("{label} holds no XML element"))
}

/// Puts a closed element in its parent, unless `take` keeps it; the root is
/// always kept as the tree.
fn place(stack: &mut [Element], root: &mut Option<Element>, element: Element, take: &mut Take<'_>) {
    if stack.is_empty() {
        *root = Some(element);
    } else if let Some(element) = take(&*stack, element)
        && let Some(parent) = stack.last_mut()
    {
        parent.children.push(element);
    }
}

/// Attribute names as read so far, so that the elements share one copy of each.
#[derive(Default)]
struct AttributeNames(HashMap<Box<[u8]>, Arc<str>>);

impl AttributeNames {
    fn shared(&mut self, name: &[u8]) -> Result<Arc<str>, String> {
        if let Some(known) = self.0.get(name) {
            return Ok(Arc::clone(known));
        }
        let text: Arc<str> = std::str::from_utf8(name)
            .map_err(|error| format!("an attribute name is not UTF-8: {error}"))?
            .into();
        self.0.insert(name.into(), Arc::clone(&text));
        Ok(text)
    }
}

fn element_from(
    start: &BytesStart<'_>,
    line: usize,
    names: &mut AttributeNames,
) -> Result<Element, String> {
    let local = start.local_name();
    let name: &str = local.as_ref();
    let name = name.to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| error.to_string())?;
        let written: &str = attribute.key.as_ref();
        let key = names.shared(written.as_bytes())?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|error| {
                format!(
                    "the attribute {key} cannot be read ({error}); Polyphony reads no DTD entities"
                )
            })?;
        attributes.push((key, Box::from(&*value)));
    }
    Ok(Element {
        name,
        attributes: attributes.into_boxed_slice(),
        children: Vec::new(),
        text: String::new(),
        line,
    })
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|error| format!("a character reference cannot be read: {error}"))?
    {
        return Ok(c.to_string());
    }
    let name: &str = reference;
    quick_xml::escape::resolve_predefined_entity(name)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "it uses the entity &{name}; which is not defined; Polyphony reads no DTD entities"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_text_are_read_with_local_names() {
        let xml = "<?xml version=\"1.0\"?>\n<p:Project xmlns:p=\"urn:x\" name=\"A &amp; B\">\n<p:Note>x &lt; y&#10;z<![CDATA[<raw>]]></p:Note><Empty a='1'/></p:Project>";
        let root = parse("t.qde", xml).unwrap_or_default();
        assert_eq!(root.name, "Project");
        assert_eq!(root.attr("name"), Some("A & B"));
        assert_eq!(root.child_text("Note"), Some("x < y\nz<raw>"));
        assert_eq!(root.child("Empty").and_then(|e| e.attr("a")), Some("1"));
        assert_eq!(root.child("Note").map(|e| e.line), Some(3));
    }

    #[test]
    fn taken_elements_are_left_out_of_the_tree_and_seen_with_their_ancestors() {
        let xml = "<Project><Sources><TextSource name='a'><Sel n='1'><Coding/></Sel><Sel n='2'/></TextSource></Sources><Sel n='3'/></Project>";
        let mut taken = Vec::new();
        let root = parse_taking("t.qde", xml, &mut |ancestors, element| {
            let path: Vec<&str> = ancestors.iter().map(|a| a.name.as_str()).collect();
            if element.name == "Sel" && path == ["Project", "Sources", "TextSource"] {
                taken.push((
                    element.attr_or_empty("n").to_owned(),
                    element.children.len(),
                ));
                None
            } else {
                Some(element)
            }
        })
        .unwrap_or_default();
        assert_eq!(taken, [("1".to_owned(), 1), ("2".to_owned(), 0)]);
        let source = root.child("Sources").and_then(|s| s.child("TextSource"));
        assert_eq!(source.map(|s| s.children.len()), Some(0));
        assert_eq!(source.and_then(|s| s.attr("name")), Some("a"));
        assert_eq!(root.child("Sel").and_then(|s| s.attr("n")), Some("3"));
    }

    #[test]
    fn entity_declarations_are_refused_not_expanded() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<Project>&lol2;</Project>";
        let error = parse("bomb.qde", xml).err().unwrap_or_default();
        assert!(error.contains("line 2"), "{error}");
        assert!(error.contains("never expands XML entities"), "{error}");
    }

    #[test]
    fn malformed_xml_says_where() {
        let error = parse("bad.qde", "<Project>\n  <Users>\n  </Codes>\n</Project>")
            .err()
            .unwrap_or_default();
        assert!(
            error.starts_with("bad.qde is not well-formed XML: line 3"),
            "{error}"
        );
        let error = parse("cut.qde", "<Project>\n<Users>")
            .err()
            .unwrap_or_default();
        assert!(error.contains("ends before <Users> (line 2)"), "{error}");
        let error = parse("ent.qde", "<Project>&nbsp;</Project>")
            .err()
            .unwrap_or_default();
        assert!(error.contains("&nbsp;"), "{error}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 5),
            "</a>".repeat(MAX_DEPTH + 5)
        );
        let error = parse("deep.qde", &xml).err().unwrap_or_default();
        assert!(error.contains("nest more than"), "{error}");
    }

    #[test]
    fn legacy_encodings_are_decoded_when_declared() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a n=\"caf\xe9\"/>";
        let text = decode_xml("x", bytes.to_vec()).unwrap_or_default();
        assert!(text.contains("café"));
        assert!(decode_xml("x", b"<a>\xff</a>".to_vec()).is_err());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_xml("x", utf16).unwrap_or_default(), "<a/>");
    }
}
