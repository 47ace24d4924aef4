//! Loading a library: paths in, a store plus a report per file out.
//!
//! Directories are read recursively (symlink loops are caught by device
//! and inode), files are
//! decoded and given to the reader their content calls for, and every problem
//! becomes a diagnostic naming the file so the rest still loads. With no path
//! the embedded seeds are the library.

use std::cell::Cell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

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
        // on every core, as any load: a short run is mostly the rules'
        // first use, which two readers share
        let read = read::on_every_core(SEEDS, |(name, bytes)| read_bytes(name, bytes, vocab));
        for (result, (name, _)) in read.into_iter().zip(SEEDS) {
            acc.add(
                result.unwrap_or_else(|| internal_error(name)),
                &Limits::default(),
            );
        }
        acc.finish()
    }

    /// Reads every path (files, or directories recursively); none means the
    /// seeds. Files are parsed on every core; results are taken in path
    /// order, so the same input always gives the same ids.
    #[must_use]
    pub fn load(paths: &[PathBuf], limits: &Limits) -> Library {
        Library::load_with(paths, limits, &Progress::counting())
    }

    /// [`Library::load`], telling `progress` how far it has got, so another
    /// thread can show it.
    #[must_use]
    pub fn load_with(paths: &[PathBuf], limits: &Limits, progress: &Progress) -> Library {
        if paths.is_empty() {
            return Library::seeds();
        }
        let vocab = Vocabulary::get();
        let mut acc = Accumulator::default();
        let mut files = Vec::new();
        for path in paths {
            let mut problems = Vec::new();
            walk(path, &mut files, &mut problems);
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
        // sizes as the walk found them: no file is looked at twice
        progress
            .total
            .store(files.iter().map(|(_, size)| size).sum(), Ordering::Relaxed);
        progress.set_stage(Stage::Reading);
        for result in read_all(&files, vocab, limits, progress) {
            acc.add(result, limits);
        }
        progress.set_stage(Stage::Merging);
        acc.finish()
    }

    /// True when some file could not be read at all (exit status 1).
    #[must_use]
    pub fn has_unreadable(&self) -> bool {
        self.files.iter().any(|f| !f.read)
    }
}

/// What a load is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Finding the files.
    #[default]
    Finding,
    /// Reading and extracting.
    Reading,
    /// Merging duplicates and building the facet indexes.
    Merging,
    /// Building the word index that searches use.
    Indexing,
}

/// How far a load has got: shared with the thread that shows it, updated
/// as each file or block of a large export is read.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicU64,
    done: AtomicU64,
    studies: AtomicUsize,
    stage: AtomicU8,
    /// The first block of a large export as a store of its own, to browse
    /// while the rest loads; taken once. Only made when asked for.
    first_look: Mutex<Option<Store>>,
    looked: AtomicBool,
    /// The file last begun and not yet read: the one a load that does not
    /// move is waiting on (a named pipe nobody writes).
    reading: Mutex<Option<Arc<str>>>,
}

/// Most studies a first look holds: a screenful many times over, and a
/// small copy whatever the size of the records.
const FIRST_LOOK_MAX: usize = 10_000;

/// What a [`Progress`] said at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub stage: Stage,
    /// Bytes of the files read so far, and in all.
    pub done: u64,
    pub total: u64,
    /// Studies read so far (before duplicates are merged).
    pub studies: usize,
    /// The file being read (the last begun, when several are).
    pub file: Option<Arc<str>>,
}

impl Progress {
    /// A progress that also keeps a first look at a large export (see
    /// [`Progress::take_first_look`]).
    #[must_use]
    pub fn with_first_look() -> Progress {
        Progress::default()
    }

    /// A progress that only counts.
    #[must_use]
    pub fn counting() -> Progress {
        Progress {
            looked: AtomicBool::new(true),
            ..Progress::default()
        }
    }

    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            stage: match self.stage.load(Ordering::Relaxed) {
                0 => Stage::Finding,
                1 => Stage::Reading,
                2 => Stage::Merging,
                _ => Stage::Indexing,
            },
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            studies: self.studies.load(Ordering::Relaxed),
            file: self.reading.lock().ok().and_then(|f| f.clone()),
        }
    }

    /// Says which file is begun (`Some`) or done (`None` with its name).
    fn reading(&self, file: &str, begun: bool) {
        if let Ok(mut slot) = self.reading.lock() {
            if begun {
                *slot = Some(Arc::from(file));
            } else if slot.as_deref() == Some(file) {
                *slot = None;
            }
        }
    }

    /// Says what the load is doing now (a caller that goes on to build more
    /// than the library says so too).
    pub fn set_stage(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// The studies of the first block read, once, if there are any yet.
    pub fn take_first_look(&self) -> Option<Store> {
        self.first_look.lock().ok()?.take()
    }

    /// Keeps a copy of the first block's studies as a store of their own.
    /// Only a streamed export offers one: the rest loads in a second or less.
    fn offer_first_look(&self, studies: &[Study]) {
        if studies.is_empty() || self.looked.swap(true, Ordering::AcqRel) {
            return;
        }
        // a reader's records, inert already (see `read::read_stream`)
        let store = Store::of_inert(studies[..studies.len().min(FIRST_LOOK_MAX)].to_vec());
        if let Ok(mut slot) = self.first_look.lock() {
            *slot = Some(store);
        }
    }

    fn read(&self, bytes: u64, studies: usize) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
        self.studies.fetch_add(studies, Ordering::Relaxed);
    }
}

impl Snapshot {
    /// Share of the bytes read, 0.0 to 1.0 (0 while the size is unknown).
    #[must_use]
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

/// What one file gave.
struct FileResult {
    report: FileReport,
    studies: Vec<Study>,
    diagnostics: Vec<Diagnostic>,
    /// True when reading stopped at the record limit: more records may
    /// follow in the file, unread.
    cut_short: bool,
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
            cut_short: false,
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
            cut_short: false,
        }
    }
}

/// Reads files on up to as many threads as there are cores, keeping order.
fn read_all(
    files: &[(PathBuf, u64)],
    vocab: &Vocabulary,
    limits: &Limits,
    progress: &Progress,
) -> Vec<FileResult> {
    let budget = Budget::new(READ_BUDGET);
    read::on_every_core(files, |(f, size)| {
        let _lease = budget.take(read_cost(*size, limits));
        let shown = f.display().to_string();
        progress.reading(&shown, true);
        let result = read_file(f, *size, vocab, limits, progress);
        progress.reading(&shown, false);
        result
    })
    .into_iter()
    .zip(files)
    .map(|(r, (f, _))| r.unwrap_or_else(|| internal_error(&f.display().to_string())))
    .collect()
}

/// What a file whose reader failed unexpectedly gives: no study, and a
/// message naming it.
fn internal_error(shown: &str) -> FileResult {
    FileResult::failed(
        shown,
        Diagnostic::error(shown, None, "internal error while reading: skipped"),
    )
}

/// Most input bytes read at once over all threads: files are read whole
/// (up to `--max-file-size` each) on every core, so without a budget peak
/// memory grew with the number of cores. A file larger than the budget is
/// read alone.
const READ_BUDGET: u64 = 512 << 20;

/// What reading a file of `size` bytes may hold in memory at once: its
/// size (a large export read in blocks holds less, but one that is not a
/// line format is read whole); a pipe, whose size is not known
/// beforehand, may bring up to the limit.
fn read_cost(size: u64, limits: &Limits) -> u64 {
    if size == 0 {
        limits.max_file_bytes
    } else {
        size
    }
}

/// A count of bytes that threads take a share of before reading, and wait
/// for when it is spent.
struct Budget {
    whole: u64,
    left: Mutex<u64>,
    freed: Condvar,
}

/// A share of a [`Budget`], given back when dropped.
struct Lease<'b> {
    budget: &'b Budget,
    bytes: u64,
}

impl Budget {
    fn new(whole: u64) -> Budget {
        Budget {
            whole,
            left: Mutex::new(whole),
            freed: Condvar::new(),
        }
    }

    /// Waits until `want` bytes (at most the whole budget) are free.
    fn take(&self, want: u64) -> Lease<'_> {
        let bytes = want.min(self.whole);
        let mut left = self.left.lock().unwrap_or_else(PoisonError::into_inner);
        while *left < bytes {
            left = self
                .freed
                .wait(left)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *left -= bytes;
        Lease {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let mut left = self
            .budget
            .left
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *left += self.bytes;
        self.budget.freed.notify_all();
    }
}

/// Reads one file of `size` bytes (as the walk found it; 0 for a pipe).
fn read_file(
    path: &Path,
    size: u64,
    vocab: &Vocabulary,
    limits: &Limits,
    progress: &Progress,
) -> FileResult {
    let shown = path.display().to_string();
    if size > limits.max_file_bytes {
        let msg = format!(
            "{size} bytes is over the {} byte limit: skipped (raise it with --max-file-size)",
            limits.max_file_bytes
        );
        return FileResult::failed(&shown, Diagnostic::error(&shown, None, msg));
    }
    if size > read::STREAM_BYTES
        && let Some(result) = stream_file(path, &shown, vocab, limits, progress)
    {
        return result;
    }
    match read_bounded(path, size, limits.max_file_bytes) {
        Ok(bytes) => {
            let result = read_bytes(&shown, &bytes, vocab);
            progress.read(bytes.len() as u64, result.studies.len());
            result
        }
        Err(e) => FileResult::failed(
            &shown,
            Diagnostic::error(&shown, None, format!("cannot read: {}", io_reason(&e))),
        ),
    }
}

/// The file's bytes (about `size` of them), refusing more than `max`: a
/// named pipe has no size to check beforehand.
fn read_bounded(path: &Path, size: u64, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(over_limit(max)));
    }
    Ok(bytes)
}

/// A large line-format export read a block at a time; `None` when it is not
/// one (it is then read whole). Held to the size limit as it is read (the
/// file may grow), and it stops once it has more records than the limit
/// lets in: the rest would only be dropped.
fn stream_file(
    path: &Path,
    shown: &str,
    vocab: &Vocabulary,
    limits: &Limits,
    progress: &Progress,
) -> Option<FileResult> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Some(FileResult::failed(
                shown,
                Diagnostic::error(shown, None, format!("cannot read: {}", io_reason(&e))),
            ));
        }
    };
    let records = Cell::new(0usize);
    let input = Bounded {
        inner: file,
        left: limits.max_file_bytes,
        max: limits.max_file_bytes,
        stop: &|| records.get() > limits.max_records,
    };
    let tell = |bytes, studies: &[Study]| {
        records.set(records.get() + studies.len());
        progress.read(bytes, studies.len());
        progress.offer_first_look(studies);
    };
    let mut result = match read::read_stream(shown, input, vocab, stream_block(limits), &tell)? {
        Ok((format, parsed)) => FileResult::read(shown, format, parsed),
        Err(d) => FileResult::failed(shown, d),
    };
    result.cut_short = records.get() > limits.max_records;
    Some(result)
}

/// The block a large export is read in: smaller when the record limit is
/// low, so that a file of tiny records stops soon after the limit instead
/// of parsing a whole 16 MiB block (a million records) first.
fn stream_block(limits: &Limits) -> usize {
    const RECORD_GUESS: usize = 256;
    let wanted = limits.max_records.saturating_mul(RECORD_GUESS);
    wanted.clamp(64 << 10, read::STREAM_BYTES as usize)
}

/// A file read no further than `max` bytes (more is an error: the file
/// grew past the limit), and that ends early once `stop` says so.
struct Bounded<'s, R> {
    inner: R,
    left: u64,
    max: u64,
    stop: &'s dyn Fn() -> bool,
}

impl<R: std::io::Read> std::io::Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if (self.stop)() {
            return Ok(0);
        }
        // one byte past the limit tells a file at the limit from a larger one
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX);
        let n = buf.len().min(room);
        let got = self.inner.read(&mut buf[..n])?;
        if got as u64 > self.left {
            return Err(std::io::Error::other(over_limit(self.max)));
        }
        self.left -= got as u64;
        Ok(got)
    }
}

fn over_limit(max: u64) -> String {
    format!("more than the {max} byte limit (raise it with --max-file-size)")
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
            let left = if r.cut_short {
                "the rest of this file".to_string()
            } else {
                format!("{} records of this file", r.studies.len() - room)
            };
            r.diagnostics.push(Diagnostic::error(
                &r.report.path,
                None,
                format!(
                    "record limit of {} reached: {left} not loaded (raise it with --max-records)",
                    limits.max_records,
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
            // every file's records were made inert by its reader
            store: Store::of_inert(self.studies),
            files: self.files,
            diagnostics: self.diagnostics,
        }
    }
}

/// An I/O error as a person reads it.
#[must_use]
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        std::io::ErrorKind::NotADirectory => "a part of the path is not a directory".into(),
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::QuotaExceeded => "the disk quota is used up".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => e.to_string(),
    }
}

/// Extensions read when walking a directory; a file named on the command
/// line is read whatever its name.
const KNOWN: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "nbib", "medline", "xml", "ris", "bib", "bibtex",
    "json", "csl", "csv",
];

/// A named pipe, such as `<(zcat export.nbib.gz)` gives: read as a file.
#[cfg(unix)]
fn is_pipe(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::Metadata) -> bool {
    false
}

/// Every file below `root` (or `root` itself), depth first in name order.
/// A loop of a stack, not recursion: a tree thousands of directories deep
/// would overflow the loader thread's stack.
fn walk(root: &Path, out: &mut Vec<(PathBuf, u64)>, diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    let mut stack = vec![(root.to_path_buf(), true)];
    while let Some((path, named)) = stack.pop() {
        if let Some(children) = visit(&path, named, &mut seen, out, diags) {
            stack.extend(children.into_iter().rev().map(|c| (c, false)));
        }
    }
}

/// A directory as the file system knows it, whatever the path (or link)
/// that led to it: a loop is a directory seen twice.
#[cfg(unix)]
type DirId = (u64, u64);

#[cfg(not(unix))]
type DirId = PathBuf;

/// The directory's [`DirId`]: its device and inode, one `stat` already
/// made (resolving the whole path at every level made a deep tree
/// quadratic: 3,000 levels took 20 s).
#[cfg(unix)]
fn dir_id(_: &Path, meta: &std::fs::Metadata) -> DirId {
    use std::os::unix::fs::MetadataExt as _;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _: &std::fs::Metadata) -> DirId {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Takes in the file at `path`, or returns the entries of the directory
/// there to visit next (sorted, hidden ones left out).
fn visit(
    path: &Path,
    named: bool,
    seen: &mut HashSet<DirId>,
    out: &mut Vec<(PathBuf, u64)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<PathBuf>> {
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
            return None;
        }
    };
    if meta.is_file() || (named && is_pipe(&meta)) {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if named || KNOWN.contains(&ext.as_str()) {
            out.push((path.to_path_buf(), meta.len()));
        }
        return None;
    }
    if !meta.is_dir() {
        if named {
            diags.push(Diagnostic::error(
                &shown,
                None,
                "not a regular file or directory: skipped",
            ));
        }
        return None;
    }
    if !seen.insert(dir_id(path, &meta)) {
        diags.push(Diagnostic::warning(
            &shown,
            None,
            "directory already read (symbolic link loop?): skipped",
        ));
        return None;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(Diagnostic::error(
                &shown,
                None,
                format!("cannot read directory: {}", io_reason(&e)),
            ));
            return None;
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
    Some(children)
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
    fn progress_counts_every_byte_and_study_read() {
        let dir = tempfile::tempdir().unwrap();
        let one =
            "PMID- 1\nTI  - Zinc and colds in children.\n\nPMID- 2\nTI  - Iron in pregnancy.\n";
        let two = "TY  - JOUR\nTI  - Selenium and thyroid function\nER  - \n";
        std::fs::write(dir.path().join("a.nbib"), one).unwrap();
        std::fs::write(dir.path().join("b.ris"), two).unwrap();
        let progress = Progress::counting();
        assert_eq!(progress.snapshot().stage, Stage::Finding);
        let lib = Library::load_with(&[dir.path().to_path_buf()], &Limits::default(), &progress);
        assert_eq!(lib.store.len(), 3);
        let p = progress.snapshot();
        let bytes = (one.len() + two.len()) as u64;
        assert_eq!((p.done, p.total, p.studies), (bytes, bytes, 3));
        assert_eq!(p.stage, Stage::Merging);
        assert!((p.fraction() - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn the_first_block_is_offered_once_as_a_store_of_its_own() {
        let v = Vocabulary::builtin();
        let text = "PMID- 1\nTI  - Zinc and colds.\n\nPMID- 2\nTI  - Iron in pregnancy.\n";
        let (_, parsed) = read::read_text("a.nbib", text, &v);
        let progress = Progress::with_first_look();
        assert!(progress.take_first_look().is_none());
        progress.offer_first_look(&parsed.studies[..1]);
        progress.offer_first_look(&parsed.studies);
        let look = progress.take_first_look().expect("offered");
        assert_eq!(look.len(), 1, "only the first offer is kept");
        assert_eq!(look.studies()[0].citation.pmid.as_deref(), Some("1"));
        assert!(progress.take_first_look().is_none(), "taken once");
        let counting = Progress::counting();
        counting.offer_first_look(&parsed.studies);
        assert!(
            counting.take_first_look().is_none(),
            "a plain load keeps no copy"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_and_held_to_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("export");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test with
        }
        let body = "PMID- 7\nTI  - Magnesium and sleep quality.\n".repeat(3);
        let writer = {
            let (fifo, body) = (fifo.clone(), body.clone());
            std::thread::spawn(move || std::fs::write(fifo, body))
        };
        let progress = Progress::counting();
        let lib = std::thread::scope(|scope| {
            let load = scope.spawn(|| {
                Library::load_with(std::slice::from_ref(&fifo), &Limits::default(), &progress)
            });
            // while it waits, the progress names the pipe
            while progress.snapshot().file.is_none() && !load.is_finished() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            if let Some(file) = progress.snapshot().file {
                assert_eq!(&*file, fifo.display().to_string());
            }
            load.join().unwrap()
        });
        writer.join().unwrap().unwrap();
        assert_eq!(progress.snapshot().file, None, "done: no file named");
        assert_eq!(lib.store.len(), 1, "{:?}", lib.diagnostics);
        assert_eq!(lib.files[0].records, 3);

        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, body))
        };
        let small = Limits {
            max_file_bytes: 20,
            ..Limits::default()
        };
        let lib = Library::load(std::slice::from_ref(&fifo), &small);
        let _ = writer.join().unwrap(); // the reader may stop before the writer is done
        assert!(lib.has_unreadable());
        assert!(
            lib.diagnostics[0].to_string().contains("20 byte limit"),
            "{:?}",
            lib.diagnostics
        );
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

    #[test]
    fn a_tree_2000_directories_deep_is_walked_in_linear_time() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("top.txt"),
            "Headline\n\nIn a trial, 120 adults took 800 IU of vitamin D daily.",
        )
        .unwrap();
        // 4,000 bytes of path: as deep as one path can name (PATH_MAX)
        let deep = dir.path().join("d/".repeat(2000));
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(
            deep.join("bottom.txt"),
            "Deep\n\nIn a trial, 40 adults took 30 mg of zinc daily.",
        )
        .unwrap();
        // about a second here (each call still names the whole path); the
        // quadratic walk took 10 s and more: the bound leaves room for a
        // loaded machine
        let start = std::time::Instant::now();
        let lib = Library::load(&[dir.path().to_path_buf()], &Limits::default());
        assert!(
            start.elapsed() < std::time::Duration::from_secs(8),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(lib.store.len(), 2, "{:?}", lib.diagnostics);
    }

    #[test]
    fn a_read_waits_while_the_budget_is_spent() {
        let budget = Budget::new(100);
        let whole = budget.take(500);
        assert_eq!(whole.bytes, 100, "a file over the budget is read alone");
        let taken = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _small = budget.take(1);
                taken.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!taken.load(Ordering::SeqCst), "nothing left: it waits");
            drop(whole);
        });
        assert!(taken.load(Ordering::SeqCst));
        assert_eq!(*budget.left.lock().unwrap(), 100, "every lease given back");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Headline\n\nIn a trial, 120 adults took 800 IU of vitamin D daily.",
        )
        .unwrap();
        let lib = Library::load(&[dir.path().to_path_buf()], &Limits::default());
        assert_eq!(lib.store.len(), 1);
    }
}
