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
        ExportFormat::Json => crate::json_out::write(studies, out),
        other => Err(io::Error::other(format!(
            "{other:?} export is not written yet"
        ))),
    }
}

/// Writes `studies` to `path` atomically: a temporary file in the same
/// directory, then a rename, so a failed export leaves any old file as it
/// was. Refuses to replace an existing file unless `overwrite`.
pub fn write_file_atomic(
    path: &std::path::Path,
    format: ExportFormat,
    studies: &[&Study],
    overwrite: bool,
) -> io::Result<()> {
    if !overwrite && path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists", path.display()),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("export path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.vitascope-tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(format, studies, &mut file)?;
        file.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
