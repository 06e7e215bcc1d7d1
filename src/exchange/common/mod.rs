//! What every exchange format shares: saving a file so that it is never left
//! half-written, writing and escaping XML, reading and writing dates, and
//! slicing a long text by char offsets. The formats (QDPX, QDC, the tables,
//! the report, the map image and the review packet) take these from here, not
//! from one another; only QDC shares QDPX's codebook, being its other half.

mod chars;
mod dates;
mod files;
mod xml_out;

pub(crate) use chars::CharIndex;
pub(crate) use dates::{data_time_span, parse_datetime, xml_datetime};
pub(crate) use files::{file_label, save_atomically};
pub(crate) use xml_out::{XmlWriter, push_escaped};
