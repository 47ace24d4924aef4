//! Writing a set of studies out in the formats the readers read back.

use std::io::{self, Write};

use crate::study::Study;

/// Output formats for `list --format` and the browser's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Ris,
    Bibtex,
    Markdown,
}

impl ExportFormat {
    /// The format a file name's extension asks for.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<ExportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            "ris" => Some(ExportFormat::Ris),
            "bib" | "bibtex" => Some(ExportFormat::Bibtex),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            _ => None,
        }
    }
}

/// Writes `studies` in `format`.
pub fn write(format: ExportFormat, studies: &[&Study], out: &mut dyn Write) -> io::Result<()> {
    match format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, studies).map_err(io::Error::other)?;
            writeln!(out)
        }
        other => Err(io::Error::other(format!(
            "{other:?} export is not written yet"
        ))),
    }
}
