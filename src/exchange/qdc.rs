//! REFI-QDA codebooks (QDC), read and written: the codes with their nesting,
//! colours and descriptions, and themes as sets of codes.

// Writing

use crate::exchange::ExchangeError;
use crate::exchange::common::{XmlWriter, save_atomically};
use crate::exchange::qdpx::ExportReport;
use crate::exchange::qdpx::ORIGIN;
use crate::exchange::qdpx::codebook::{write_code_tree, write_sets};
use crate::model::{Project, Target};
use std::path::Path;

/// Writes the codebook of `project` as a QDC file at `out`
/// (`<CodeBook xmlns="urn:QDA-XML:codebook:1.0">`): the codes nested as they
/// are, then each theme as a set of its codes with its concept, definition and
/// status in the set's description. A codebook must hold at least one code, so
/// a project without codes is refused before anything is written.
pub fn write_qdc(project: &Project, out: &Path) -> Result<ExportReport, ExchangeError> {
    if project.codes.is_empty() {
        return Err(ExchangeError::NotWritten {
            path: out.display().to_string(),
            reason: "the project has no codes, and a codebook must hold at least one".to_owned(),
        });
    }
    let mut xml = XmlWriter::new();
    xml.open(
        "CodeBook",
        &[
            ("xmlns", "urn:QDA-XML:codebook:1.0".to_owned()),
            ("origin", ORIGIN.to_owned()),
        ],
    );
    xml.open("Codes", &[]);
    write_code_tree(&mut xml, project, &|_| Vec::new());
    xml.close("Codes");
    write_sets(&mut xml, project, "guid", &|_, _| {});
    xml.close("CodeBook");
    save_atomically(out, xml.finish().as_bytes())?;
    Ok(codebook_report(project))
}

fn codebook_report(project: &Project) -> ExportReport {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut written = vec![plural(project.codes.len(), "code", "codes")];
    if !project.themes.is_empty() {
        written.push(plural(project.themes.len(), "theme", "themes") + " (Set)");
    }
    let mut not_carried = Vec::new();
    let memos = project
        .memos
        .values()
        .filter(|memo| matches!(memo.target, Target::Code(_) | Target::Theme(_)))
        .count();
    if memos > 0 {
        not_carried.push(
            plural(memos, "memo", "memos")
                + " on codes and themes: a codebook holds no notes (a QDPX project does)",
        );
    }
    let nested = project
        .themes
        .values()
        .filter(|theme| theme.parent.is_some())
        .count();
    if nested > 0 {
        not_carried.push(format!(
            "the parent theme of {}: sets do not nest",
            plural(nested, "theme", "themes")
        ));
    }
    ExportReport {
        written,
        not_carried,
    }
}

// Reading

use crate::edit::Command;
use crate::exchange::qdpx::codebook;
use crate::exchange::qdpx::guids::Guids;
use crate::exchange::qdpx::read::{OpenedXml, open_xml};
use crate::exchange::qdpx::{ExchangeImport, ExchangeReport};
use crate::words::count;

/// Reads the REFI-QDA codebook at `path` against `project`: codes keep their
/// nesting, colours and descriptions (Taguette's flat `a.b` names and
/// ATLAS.ti's `a::b` become nested codes), codes the project already has (same
/// GUID, or same name in the same place) are kept as they are, and sets of
/// codes become themes. Any `urn:QDA-XML:codebook:*` namespace is accepted.
pub fn read_qdc(path: &Path, project: &Project) -> Result<ExchangeImport, ExchangeError> {
    const EXPECTED: &str = "urn:QDA-XML:codebook:1.0";
    let OpenedXml {
        label,
        xml_label,
        root,
        ..
    } = open_xml(path, "codebook.qdc")?;
    let refuse = |reason: String| ExchangeError::Refused {
        path: path.display().to_string(),
        reason,
    };
    if root.name != "CodeBook" {
        return Err(refuse(if root.name == "Project" {
            format!(
                "{xml_label} is a REFI-QDA project, not a codebook; import it as a .qdpx or .qde file"
            )
        } else {
            format!(
                "{xml_label} is not a REFI-QDA codebook: its root element is <{}>, not <CodeBook>",
                root.name
            )
        }));
    }
    let mut report = ExchangeReport::default();
    match root.namespace() {
        Some(EXPECTED) => {}
        Some(other) if other.starts_with("urn:QDA-XML:codebook:") => report.warnings.push(format!(
            "the codebook's namespace is {other}, not {EXPECTED}; it was read as {EXPECTED}"
        )),
        Some(other) => report.warnings.push(format!(
            "the codebook's namespace is {other}, not REFI-QDA's {EXPECTED}; it was read anyway"
        )),
        None => report.warnings.push(format!(
            "the codebook has no namespace (REFI-QDA's is {EXPECTED}); it was read anyway"
        )),
    }
    let origin = root.attr_or_empty("origin").trim().to_owned();
    let mut guids = Guids::default();
    let codes = codebook::read_codes(
        root.child("Codes"),
        &origin,
        project,
        &mut guids,
        &mut report,
    );
    if root
        .child("Sets")
        .is_some_and(|sets| sets.children.is_empty())
    {
        report.warnings.push(
            "the codebook has an empty <Sets/>, which the schema does not allow; it was read as no sets".to_owned(),
        );
    }
    let themes = codebook::read_sets(
        root.child("Sets"),
        &codes.by_guid,
        project,
        &mut guids,
        &mut report,
    );
    let writer = if origin.is_empty() {
        String::new()
    } else {
        format!(", written by {origin}")
    };
    let levels = if codes.depth > 1 {
        format!(", {} deep", count(codes.depth, "level", "levels"))
    } else {
        String::new()
    };
    let matched = if codes.matched > 0 {
        format!(" ({} already in the project)", codes.matched)
    } else {
        String::new()
    };
    report.summary = vec![
        format!("read {label}{writer}"),
        format!(
            "{}{levels}{matched}",
            count(codes.created + codes.matched, "code", "codes")
        ),
        count(themes.created, "theme", "themes"),
    ];
    report.warnings.extend(guids.warnings());
    let commands = codes.commands.into_iter().chain(themes.commands).collect();
    Ok(ExchangeImport {
        command: Command::Batch {
            label: format!("import codebook {label}"),
            commands,
        },
        report,
    })
}
