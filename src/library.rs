//! Loading a library: paths in, a store plus a report per file out.
//!
//! Directories are read recursively (symlink loops are caught), files are
//! decoded and given to the reader their content calls for, and every problem
//! becomes a diagnostic naming the file so the rest still loads. With no path
//! the embedded seeds are the library.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::read::{self, Format};
use crate::store::Store;
use crate::study::Study;
use crate::vocabulary::Vocabulary;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

pub use embedded::SEEDS;

/// Bounds that keep memory finite whatever the input; flags raise them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_records: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_records: 5_000_000,
        }
    }
}

/// What was read from one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub format: Option<Format>,
    pub records: usize,
    /// False when the file could not be read at all.
    pub read: bool,
}

/// A loaded library.
#[derive(Debug, Default)]
pub struct Library {
    pub store: Store,
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// The embedded seed documents.
    #[must_use]
    pub fn seeds() -> Library {
        let vocab = Vocabulary::get();
        let mut acc = Accumulator::default();
        for (name, bytes) in SEEDS {
            acc.add(read_bytes(name, bytes, vocab), &Limits::default());
        }
        acc.finish()
    }

    /// Reads every path (files, or directories recursively); none means the
    /// seeds. Files are parsed on every core; results are taken in path
    /// order, so the same input always gives the same ids.
    #[must_use]
    pub fn load(paths: &[PathBuf], limits: &Limits) -> Library {
        if paths.is_empty() {
            return Library::seeds();
        }
        let vocab = Vocabulary::get();
        let mut acc = Accumulator::default();
        let mut files = Vec::new();
        for path in paths {
            let mut problems = Vec::new();
            walk(path, true, &mut HashSet::new(), &mut files, &mut problems);
            for d in problems {
                if d.severity == Severity::Error {
                    acc.files.push(FileReport {
                        path: d.path.clone(),
                        format: None,
                        records: 0,
                        read: false,
                    });
                }
                acc.diagnostics.push(d);
            }
        }
        for result in read_all(&files, vocab, limits) {
            acc.add(result, limits);
        }
        acc.finish()
    }

    /// True when some file could not be read at all (exit status 1).
    #[must_use]
    pub fn has_unreadable(&self) -> bool {
        self.files.iter().any(|f| !f.read)
    }
}

/// What one file gave.
struct FileResult {
    report: FileReport,
    studies: Vec<Study>,
    diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    fn read(shown: &str, format: Format, parsed: read::Parsed) -> FileResult {
        FileResult {
            report: FileReport {
                path: shown.to_string(),
                format: Some(format),
                records: parsed.studies.len(),
                read: true,
            },
            studies: parsed.studies,
            diagnostics: parsed.diagnostics,
        }
    }

    fn failed(shown: &str, d: Diagnostic) -> FileResult {
        let read = d.severity != Severity::Error;
        FileResult {
            report: FileReport {
                path: shown.to_string(),
                format: None,
                records: 0,
                read,
            },
            studies: Vec::new(),
            diagnostics: vec![d],
        }
    }
}

/// Reads files on up to as many threads as there are cores, keeping order.
fn read_all(files: &[PathBuf], vocab: &Vocabulary, limits: &Limits) -> Vec<FileResult> {
    read::on_every_core(files, |f| read_file(f, vocab, limits))
        .into_iter()
        .zip(files)
        .map(|(r, f)| {
            r.unwrap_or_else(|| {
                let shown = f.display().to_string();
                FileResult::failed(
                    &shown,
                    Diagnostic::error(&shown, None, "internal error while reading: skipped"),
                )
            })
        })
        .collect()
}

fn read_file(path: &Path, vocab: &Vocabulary, limits: &Limits) -> FileResult {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if m.len() > limits.max_file_bytes => {
            let msg = format!(
                "{} bytes is over the {} byte limit: skipped (raise it with --max-file-size)",
                m.len(),
                limits.max_file_bytes
            );
            return FileResult::failed(&shown, Diagnostic::error(&shown, None, msg));
        }
        Ok(m) if m.len() > read::STREAM_BYTES => {
            if let Some(result) = stream_file(path, &shown, vocab) {
                return result;
            }
        }
        Ok(_) => {}
        Err(e) => {
            return FileResult::failed(
                &shown,
                Diagnostic::error(&shown, None, format!("cannot read: {}", io_reason(&e))),
            );
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&shown, &bytes, vocab),
        Err(e) => FileResult::failed(
            &shown,
            Diagnostic::error(&shown, None, format!("cannot read: {}", io_reason(&e))),
        ),
    }
}

/// A large line-format export read a block at a time; `None` when it is not
/// one (it is then read whole).
fn stream_file(path: &Path, shown: &str, vocab: &Vocabulary) -> Option<FileResult> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Some(FileResult::failed(
                shown,
                Diagnostic::error(shown, None, format!("cannot read: {}", io_reason(&e))),
            ));
        }
    };
    Some(
        match read::read_stream(shown, file, vocab, read::STREAM_BYTES as usize)? {
            Ok((format, parsed)) => FileResult::read(shown, format, parsed),
            Err(d) => FileResult::failed(shown, d),
        },
    )
}

fn read_bytes(shown: &str, bytes: &[u8], vocab: &Vocabulary) -> FileResult {
    let text = match read::decode(shown, bytes) {
        Ok(t) => t,
        Err(d) => return FileResult::failed(shown, d),
    };
    let (format, parsed) = read::read_text(shown, &text, vocab);
    FileResult::read(shown, format, parsed)
}

#[derive(Default)]
struct Accumulator {
    studies: Vec<Study>,
    files: Vec<FileReport>,
    diagnostics: Vec<Diagnostic>,
}

impl Accumulator {
    /// Takes one file's result, keeping within the record limit.
    fn add(&mut self, mut r: FileResult, limits: &Limits) {
        let room = limits.max_records.saturating_sub(self.studies.len());
        if r.studies.len() > room {
            r.diagnostics.push(Diagnostic::error(
                &r.report.path,
                None,
                format!(
                    "record limit of {} reached: {} records of this file not loaded (raise it with --max-records)",
                    limits.max_records,
                    r.studies.len() - room
                ),
            ));
            r.studies.truncate(room);
            r.report.records = room;
        }
        self.files.push(r.report);
        if self.studies.is_empty() {
            // one big export: keep its vector rather than copy a million records
            self.studies = r.studies;
        } else {
            self.studies.append(&mut r.studies);
        }
        self.diagnostics.append(&mut r.diagnostics);
    }

    fn finish(self) -> Library {
        Library {
            store: Store::new(self.studies),
            files: self.files,
            diagnostics: self.diagnostics,
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Extensions read when walking a directory; a file named on the command
/// line is read whatever its name.
const KNOWN: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "nbib", "medline", "xml", "ris", "bib", "bibtex",
    "json", "csl",
];

fn walk(
    path: &Path,
    named: bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            // a dangling link inside a directory is worth a note, not a failure
            if std::fs::symlink_metadata(path).is_ok() && !named {
                diags.push(Diagnostic::warning(
                    &shown,
                    None,
                    "broken symbolic link: skipped",
                ));
            } else {
                diags.push(Diagnostic::error(
                    &shown,
                    None,
                    format!("cannot read: {}", io_reason(&e)),
                ));
            }
            return;
        }
    };
    if meta.is_file() {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if named || KNOWN.contains(&ext.as_str()) {
            out.push(path.to_path_buf());
        }
        return;
    }
    if !meta.is_dir() {
        if named {
            diags.push(Diagnostic::error(
                &shown,
                None,
                "not a regular file or directory: skipped",
            ));
        }
        return;
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical) {
        diags.push(Diagnostic::warning(
            &shown,
            None,
            "directory already read (symbolic link loop?): skipped",
        ));
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(Diagnostic::error(
                &shown,
                None,
                format!("cannot read directory: {}", io_reason(&e)),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    children.sort();
    for child in children {
        walk(&child, false, seen, out, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_embedded_and_load() {
        assert_eq!(SEEDS.len(), 5);
        let lib = Library::seeds();
        assert!(lib.store.len() >= 5);
        assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
        assert!(lib.files.iter().all(|f| f.path.starts_with("seeds/")));
    }

    #[test]
    fn bad_files_are_reported_and_the_rest_loads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "A headline\n\nVitamin D helped 40 adults.",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.txt"), b"\x00\x01\x02binary").unwrap();
        std::fs::write(dir.path().join("c.txt"), "").unwrap();
        std::fs::write(dir.path().join("ignored.png"), b"\x89PNG").unwrap();
        let missing = dir.path().join("missing.txt");
        let lib = Library::load(&[dir.path().to_path_buf(), missing], &Limits::default());
        assert_eq!(lib.store.len(), 1);
        let mut shown: Vec<String> = lib.diagnostics.iter().map(ToString::to_string).collect();
        shown.sort();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].contains("b.txt:1: binary"), "{shown:?}");
        assert!(shown[1].contains("c.txt: empty"), "{shown:?}");
        assert!(
            shown[2].contains("missing.txt: cannot read: no such file"),
            "{shown:?}"
        );
        assert!(lib.has_unreadable());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "Headline\n\nText.").unwrap();
        let lib = Library::load(&[dir.path().to_path_buf()], &Limits::default());
        assert_eq!(lib.store.len(), 1);
    }
}
