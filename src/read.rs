//! Readers: bytes of one file in, study records and diagnostics out.
//!
//! The format is chosen by content first (a MEDLINE file saved as `.txt` is
//! still MEDLINE) and by extension only to break ties. Every reader returns
//! what it could read plus diagnostics; none of them panics or stops the rest
//! of the library from loading.

pub mod article;
pub mod bib;
pub mod bibtex;
pub mod csl_json;
pub mod csv;
pub mod evidence;
pub mod json;
pub mod json_items;
pub mod medline;
pub mod pubmed_xml;
pub mod ris;

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::study::Study;
use crate::vocabulary::Vocabulary;

/// The file formats vitascope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Article,
    Medline,
    PubmedXml,
    Ris,
    Bibtex,
    CslJson,
    OwnJson,
    OwnCsv,
}

impl Format {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Article => "article",
            Format::Medline => "MEDLINE",
            Format::PubmedXml => "PubMed XML",
            Format::Ris => "RIS",
            Format::Bibtex => "BibTeX",
            Format::CslJson => "CSL-JSON",
            Format::OwnJson => "vitascope JSON",
            Format::OwnCsv => "vitascope CSV",
        }
    }
}

/// What one reader made of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub studies: Vec<Study>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The same, with alike problems folded into one (see `diagnostic::fold`).
    /// [`Study::make_inert`] on every record read: done where they are
    /// read, on the reading thread while their text is in its cache, so
    /// that the store, which takes a reader's records as they are (see
    /// `Store::of_inert`), does not read every record's text again.
    fn make_inert(&mut self) {
        self.studies.iter_mut().for_each(Study::make_inert);
    }

    fn folded(mut self) -> Parsed {
        self.diagnostics = crate::diagnostic::fold(self.diagnostics);
        self
    }

    /// Takes what was read from a later part of the same file, which starts
    /// `lines` lines into it (its line numbers become the file's). The
    /// part's vector is freed once its records are moved. A record whose
    /// source is another file (one vitascope exported, carrying where it
    /// was first read) keeps its line.
    fn append_after(&mut self, mut part: Parsed, lines: u32, path: &str) {
        for st in &mut part.studies {
            if &*st.source.path == path {
                st.source.line = st.source.line.map(|l| l + lines);
            }
        }
        for d in &mut part.diagnostics {
            d.line = d.line.map(|l| l + lines);
        }
        self.studies.append(&mut part.studies);
        self.diagnostics.append(&mut part.diagnostics);
    }
}

/// Starts building the rules' patterns on another thread, latest-used
/// first, while the caller reads files and meets them in use from the other
/// end: building ~140 regexes is most of a short run's time, and a second
/// core halves it.
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("vitascope-warm".into())
        .spawn(|| {
            crate::extract::warm();
            article::warm();
        });
}

/// Picks the reader for a file from its text, then its name.
#[must_use]
pub fn detect(name: &str, text: &str) -> Format {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(4096)
        .collect();
    let lower_name = name.to_ascii_lowercase();
    if (head.starts_with("<?xml") || head.starts_with("<!DOCTYPE") || head.starts_with("<Pubmed"))
        && (head.contains("PubmedArticle") || head.contains("pubmed") || !head.contains("<html"))
    {
        return Format::PubmedXml;
    }
    if head.starts_with('[') || head.starts_with('{') {
        if head.contains("\"citation\"") && head.contains("\"design\"") {
            return Format::OwnJson;
        }
        if std::path::Path::new(&lower_name)
            .extension()
            .is_some_and(|e| e == "json")
            || head.contains("\"type\"")
        {
            return Format::CslJson;
        }
    }
    // a table is no article: vitascope's own reads as records, any other
    // is said to hold no study
    if head.lines().next().is_some_and(csv::is_own_header)
        || std::path::Path::new(&lower_name)
            .extension()
            .is_some_and(|e| e == "csv" || e == "tsv")
    {
        return Format::OwnCsv;
    }
    if head.lines().any(|l| l.starts_with("PMID- ")) {
        return Format::Medline;
    }
    if head.lines().any(|l| l.starts_with("TY  - ")) {
        return Format::Ris;
    }
    if head.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with('@')
            && l[1..].chars().take_while(char::is_ascii_alphabetic).count() > 2
            && l.contains('{')
    }) {
        return Format::Bibtex;
    }
    Format::Article
}

/// Articles are web pages of a few kilobytes; past this size a "article" is
/// a dump, and reading all of it would only cost time.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What the article reader finds in a document's prose, less any record
/// that describes no study: a README or notes name designs and numbers in
/// passing, and a table (a manifest) strings a dozen studies' words into
/// one, but neither cites, counts people or doses anyone. A document left
/// with nothing says so.
fn article(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = article::read(path, &prose(text), vocab);
    let before = parsed.studies.len();
    parsed.studies.retain(describes_a_study);
    if parsed.studies.is_empty() && before > 0 {
        parsed.diagnostics.push(Diagnostic::warning(
            path,
            None,
            "no study found: the text cites no publication and names no population, dose or \
             studied nutrient (a README or notes?)",
        ));
    }
    parsed
}

/// True when a record has a citation, a population, a dose or a nutrient
/// studied (a short report names no numbers a rule can read, but says what
/// was given; notes name designs, not what was studied).
fn describes_a_study(s: &Study) -> bool {
    let c = &s.citation;
    let d = s.details();
    !c.authors.is_empty()
        || c.year.is_some()
        || c.journal.is_some()
        || c.doi.is_some()
        || c.pmid.is_some()
        || d.population.n.is_some()
        || d.population.description.is_some()
        || !d.doses.is_empty()
        || !s.nutrients.is_empty()
}

/// The text with Markdown tables and fenced code blanked (lines kept, so
/// line numbers hold): a table's cells and a code sample are not prose a
/// study is described in.
fn prose(text: &str) -> Cow<'_, str> {
    let is_row = |l: &str| {
        let t = l.trim();
        t.len() > 1 && t.starts_with('|') && t.ends_with('|')
    };
    let is_fence = |l: &str| l.trim_start().starts_with("```");
    if !text.lines().any(|l| is_row(l) || is_fence(l)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let blank = if is_fence(line) {
            fenced = !fenced;
            true
        } else {
            fenced || is_row(line)
        };
        if blank {
            out.extend(line.chars().filter(|&c| c == '\n' || c == '\r'));
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Reads one file's text with the reader its content calls for.
#[must_use]
pub fn read_text(path: &str, text: &str, vocab: &Vocabulary) -> (Format, Parsed) {
    let format = detect(path, text);
    let parsed = match format {
        Format::Article if text.len() > MAX_ARTICLE_BYTES => {
            let cut = floor_char_boundary(text, MAX_ARTICLE_BYTES);
            let mut parsed = article(path, &text[..cut], vocab);
            parsed.diagnostics.push(Diagnostic::warning(
                path,
                None,
                format!(
                    "{} bytes is not an article; only the first {MAX_ARTICLE_BYTES} were read",
                    text.len()
                ),
            ));
            parsed
        }
        Format::Article => article(path, text, vocab),
        Format::Medline => in_parallel(path, text, MEDLINE, vocab),
        Format::PubmedXml => pubmed_xml::read(path, text, vocab),
        Format::Ris => in_parallel(path, text, RIS, vocab),
        Format::Bibtex => bibtex::read(path, text, vocab),
        Format::CslJson => csl_json::read(path, text, vocab),
        Format::OwnJson => json::read(path, text, vocab),
        Format::OwnCsv => csv::read(path, text, vocab),
    };
    let mut parsed = parsed.folded();
    // the line formats' records were made inert part by part, as read
    if !matches!(format, Format::Medline | Format::Ris) {
        parsed.make_inert();
    }
    (format, parsed)
}

/// Below this size a file is read on one thread: splitting costs more than
/// it saves.
const PARALLEL_BYTES: usize = 4 * 1024 * 1024;

/// A line format's reader, and the line each of its records starts with
/// (where a large export can be cut).
#[derive(Clone, Copy)]
struct LineFormat {
    marker: &'static str,
    read: fn(&str, &str, &Vocabulary) -> Parsed,
}

const MEDLINE: LineFormat = LineFormat {
    marker: "PMID- ",
    read: medline::read,
};

const RIS: LineFormat = LineFormat {
    marker: "TY  - ",
    read: ris::read,
};

/// Reads a large line-format export on every core: the text is cut at lines
/// that start a record (`marker`), each part is read on its own thread, and
/// line numbers are shifted back to the whole file's.
fn in_parallel(path: &str, text: &str, format: LineFormat, vocab: &Vocabulary) -> Parsed {
    let mut all = Parsed::default();
    // text already decoded passes the UTF-8 check; were it not to, say so
    if let Err(d) = read_parts_into(&mut all, 0, path, text.as_bytes(), 0, format, vocab) {
        all.diagnostics.push(d);
    }
    all
}

/// Reads `bytes`, which start `offset` bytes and `lines` lines into their
/// file, on every core, and adds their records to `all`; returns the line
/// their end is on, or why they are not text (the first problem in the
/// file's order, where it is in the file). Each part is checked as UTF-8 on
/// the thread that reads it, so no core waits while one checks a block.
/// Several parts a thread: the records are gathered a part at a time, each
/// part freed once moved, so the peak holds one part twice rather than half
/// the library, and a block of a streamed export goes straight into the
/// file's list.
fn read_parts_into(
    all: &mut Parsed,
    lines: u32,
    path: &str,
    bytes: &[u8],
    offset: usize,
    format: LineFormat,
    vocab: &Vocabulary,
) -> Result<u32, Diagnostic> {
    let count = |t: &[u8]| u32::try_from(crate::text::count_newlines(t)).unwrap_or(0);
    let threads = cores();
    let cuts = if bytes.len() < PARALLEL_BYTES || threads < 2 {
        vec![0, bytes.len()]
    } else {
        record_cuts(bytes, format.marker, threads * PARTS_PER_THREAD)
    };
    let parts: Vec<(usize, &[u8])> = cuts
        .windows(2)
        .map(|w| (w[0], &bytes[w[0]..w[1]]))
        .collect();
    let done = on_every_core(&parts, |&(start, part)| {
        // lines counted from the part's start, shifted below
        let text = utf8(path, part, offset + start)?;
        let mut parsed = (format.read)(path, &text, vocab);
        parsed.make_inert();
        Ok::<_, Diagnostic>((parsed, count(text.as_bytes())))
    });
    all.studies.reserve(
        done.iter()
            .flatten()
            .flatten()
            .map(|(r, _)| r.studies.len())
            .sum(),
    );
    let mut line_offset = lines;
    for (&(start, part), r) in parts.iter().zip(done) {
        debug_assert!(start == 0 || bytes[start - 1] == b'\n');
        match r {
            Some(Ok((parsed, n))) => {
                all.append_after(parsed, line_offset, path);
                line_offset += n;
            }
            Some(Err(mut d)) => {
                d.line = d.line.map(|l| l + line_offset);
                return Err(d);
            }
            // a part whose reader failed adds no records, and its lines
            None => line_offset += count(part),
        }
    }
    Ok(line_offset)
}

/// The cores this process may use, asked once: the standard library reads
/// the cgroup's files at each ask.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES
        .get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

/// `work` on every item, on as many threads as there are cores (each takes
/// the next item when done with one, so one slow item does not idle the
/// others), results in the items' order; `None` for an item whose work
/// panicked, so the caller can say so and keep the rest.
pub(crate) fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let threads = cores().min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(|item| Some(work(item))).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, work(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
}

/// Parts a large export is cut into for each thread (see `in_parallel`):
/// many, so that the threads stay busy to a block's end. The last part,
/// read while the other threads wait, is a few hundred kilobytes rather
/// than a quarter of a thread's share, a wait that was nearly a tenth
/// of a 100,000-record load.
const PARTS_PER_THREAD: usize = 32;

/// Byte offsets that cut `bytes` into about `parts` pieces, each cut at the
/// start of a line beginning with `marker`; first 0, last `bytes.len()`.
/// A cut follows a newline, so it never splits a character.
fn record_cuts(bytes: &[u8], marker: &str, parts: usize) -> Vec<usize> {
    let needle = format!("\n{marker}");
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut cuts = vec![0];
    for k in 1..parts {
        let from = (bytes.len() * k / parts)
            .max(*cuts.last().unwrap_or(&0))
            .saturating_sub(1);
        if let Some(at) = finder.find(&bytes[from..]) {
            cuts.push(from + at + 1);
        }
    }
    cuts.push(bytes.len());
    cuts.dedup();
    cuts
}

/// Turns a file's bytes into text, or says why it is not text.
///
/// UTF-8 (with or without BOM) and UTF-16 with a BOM are text; NUL bytes mean
/// binary; invalid UTF-8 is reported with the line it occurs on rather than
/// guessed at, so a user knows which file to fix.
pub fn decode<'a>(path: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Cow::Owned(utf16(path, rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Cow::Owned(utf16(path, rest, u16::from_be_bytes)?)
    } else {
        utf8(
            path,
            bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes),
            0,
        )?
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
    {
        return Err(empty(path));
    }
    Ok(text)
}

/// A file with nothing but a byte order mark or white space in it.
fn empty(path: &str) -> Diagnostic {
    Diagnostic::warning(path, None, "empty file: no studies")
}

/// UTF-8 text from bytes that start `offset` bytes into their file (so a
/// problem is reported at its offset in the file; its line is counted from
/// the bytes' start, for the caller to shift).
fn utf8<'a>(path: &str, bytes: &'a [u8], offset: usize) -> Result<Cow<'a, str>, Diagnostic> {
    if let Some(at) = memchr_nul(bytes) {
        let line = line_of(bytes, at);
        return Err(Diagnostic::error(
            path,
            Some(line),
            "binary data (NUL byte), not a text file: skipped",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if memchr::memchr(b'\r', bytes).is_some() => Ok(Cow::Owned(unify_newlines(s))),
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let line = line_of(bytes, e.valid_up_to());
            Err(Diagnostic::error(
                path,
                Some(line),
                format!(
                    "not UTF-8 text (invalid byte at offset {}): skipped; re-save the file as UTF-8",
                    offset + e.valid_up_to()
                ),
            ))
        }
    }
}

/// Above this size a MEDLINE or RIS export is read a block at a time (see
/// `read_stream`) rather than whole.
pub const STREAM_BYTES: u64 = 16 << 20;

/// Reads a large MEDLINE or RIS export a block of about `block` bytes at a
/// time, each cut at a record start, so the whole file's bytes are never
/// held beside the records made from them: at a million records that is
/// gigabytes. `None` when the file's head is not one of these formats (or
/// is UTF-16): the caller reads it whole. Line numbers and byte offsets in
/// what it reports are the file's. After each block, `read_block` is given
/// its size in bytes and the studies read from it (for a progress
/// indicator and a first look).
pub fn read_stream(
    path: &str,
    mut input: impl std::io::Read,
    vocab: &Vocabulary,
    block: usize,
    read_block: &dyn Fn(u64, &[Study]),
) -> Option<Result<(Format, Parsed), Diagnostic>> {
    let cannot = |e: &std::io::Error| Diagnostic::error(path, None, format!("cannot read: {e}"));
    let mut buf = Vec::with_capacity(block);
    let mut eof = match fill(&mut input, &mut buf, block) {
        Ok(eof) => eof,
        Err(e) => return Some(Err(cannot(&e))),
    };
    if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let mut offset = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    buf.drain(..offset);
    let head = &buf[..buf.len().min(8192)];
    let head = std::str::from_utf8(head)
        .unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""));
    let (format, line_format) = match detect(path, head) {
        Format::Medline => (Format::Medline, MEDLINE),
        Format::Ris => (Format::Ris, RIS),
        _ => return None,
    };
    let needle = format!("\n{}", line_format.marker);
    let mut all = Parsed::default();
    let mut lines = 0u32;
    while !(eof && buf.is_empty()) {
        // a block ends where the last record in it starts, unless the file does
        let cut = if eof {
            Some(buf.len())
        } else {
            memchr::memmem::rfind(&buf, needle.as_bytes()).map(|at| at + 1)
        };
        let Some(cut) = cut.filter(|&c| c > 0) else {
            // one record longer than a block: read on until it ends
            let want = buf.len() + block;
            match fill(&mut input, &mut buf, want) {
                Ok(e) => eof = e,
                Err(e) => return Some(Err(cannot(&e))),
            }
            continue;
        };
        let before = all.studies.len();
        lines = match read_parts_into(
            &mut all,
            lines,
            path,
            &buf[..cut],
            offset,
            line_format,
            vocab,
        ) {
            Ok(l) => l,
            Err(d) => return Some(Err(d)),
        };
        // folded as they come: a million alike problems are never held
        all = all.folded();
        read_block(cut as u64, &all.studies[before..]);
        offset += cut;
        buf.drain(..cut);
        if !eof {
            match fill(&mut input, &mut buf, block) {
                Ok(e) => eof = e,
                Err(e) => return Some(Err(cannot(&e))),
            }
        }
    }
    all.studies.shrink_to_fit();
    Some(Ok((format, all)))
}

/// Reads from `input` until `buf` holds `want` bytes or the input ends
/// (true when it ended). The bytes go straight into `buf`'s free room: no
/// chunk is copied twice.
fn fill(input: &mut impl std::io::Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    use std::io::Read as _;
    let missing = want.saturating_sub(buf.len());
    buf.reserve_exact(missing);
    let got = input.by_ref().take(missing as u64).read_to_end(buf)?;
    Ok(got < missing)
}

/// CRLF (Windows) and lone CR (old Mac) become LF, so every reader counts
/// lines the same way.
fn unify_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn utf16(path: &str, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map(|s| {
            if s.contains('\r') {
                unify_newlines(&s)
            } else {
                s
            }
        })
        .map_err(|_| {
            Diagnostic::error(
                path,
                None,
                "UTF-16 file with an unpaired surrogate: skipped",
            )
        })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn line_of(bytes: &[u8], offset: usize) -> u32 {
    let newlines = crate::text::count_newlines(&bytes[..offset.min(bytes.len())]);
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A MEDLINE export of `n` made-up records, one with a bad line.
    fn medline(n: usize) -> String {
        use std::fmt::Write as _;
        let mut t = String::new();
        for i in 0..n {
            let _ = write!(
                t,
                "PMID- {}\nTI  - Zinc and colds in {i} adults: a randomized trial.\nAB  - We gave {i} adults\n      30 mg zinc daily or placebo for 12 weeks.\nAU  - Lee A\nDP  - 2019\n\n",
                1000 + i
            );
            if i == 7 {
                t.push_str("not a tag line\n\n");
            }
        }
        t
    }

    #[test]
    fn a_streamed_export_reads_as_the_whole_file_does() {
        let v = Vocabulary::builtin();
        let text = medline(40);
        let (_, whole) = read_text("x.nbib", &text, &v);
        for block in [200, 1000, 1 << 20] {
            let told = std::cell::Cell::new((0, 0));
            let tell = |bytes, studies: &[Study]| {
                told.set((told.get().0 + bytes, told.get().1 + studies.len()));
            };
            let (format, streamed) = read_stream("x.nbib", text.as_bytes(), &v, block, &tell)
                .expect("MEDLINE streams")
                .expect("reads");
            assert_eq!(
                told.get(),
                (text.len() as u64, 40),
                "progress, block {block}"
            );
            assert_eq!(format, Format::Medline);
            assert_eq!(streamed.studies, whole.studies, "block {block}");
            assert_eq!(streamed.diagnostics, whole.diagnostics, "block {block}");
        }
        assert_eq!(whole.studies.len(), 40);
        assert_eq!(whole.diagnostics.len(), 1);
    }

    #[test]
    fn every_reader_hands_over_its_records_made_inert() {
        // the library's store takes a reader's records as they are
        let v = Vocabulary::builtin();
        let esc = "\u{1b}[2J";
        let files = [
            (
                "a.nbib",
                format!(
                    "PMID- 1\nTI  - Zinc {esc} trial\nAB  - Zinc {esc}.\n\nPMID- 2\nTI  - Iron {esc}\n"
                ),
            ),
            (
                "a.ris",
                format!("TY  - JOUR\nTI  - Zinc {esc} trial\nER  - \n"),
            ),
            (
                "a.bib",
                format!("@article{{k, title = {{Zinc {esc} trial}}, year = {{2020}}}}\n"),
            ),
            (
                "a.txt",
                format!(
                    "Zinc {esc} trial\n\nIn a randomized trial, 40 adults took 30 mg zinc {esc} daily.\n"
                ),
            ),
        ];
        let inert = |studies: &[Study], name: &str| {
            assert!(!studies.is_empty(), "{name}");
            for s in studies {
                let text = format!("{} {:?}", s.title, s.abstract_text);
                assert!(
                    !text.contains('\u{1b}') && text.contains('␛'),
                    "{name}: {text:?}"
                );
            }
        };
        for (name, text) in &files {
            inert(&read_text(name, text, &v).1.studies, name);
            if let Some(streamed) = read_stream(name, text.as_bytes(), &v, 20, &|_, _| {}) {
                inert(&streamed.expect("reads").1.studies, name);
            }
        }
    }

    #[test]
    fn a_streamed_export_reports_bad_bytes_where_they_are_in_the_file() {
        let v = Vocabulary::builtin();
        let mut bytes = medline(30).into_bytes();
        let at = bytes.len() - 40;
        bytes[at] = 0xFF;
        let line = u32::try_from(memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1).unwrap();
        let err = read_stream("x.nbib", &bytes[..], &v, 300, &|_, _| {})
            .expect("MEDLINE streams")
            .expect_err("invalid UTF-8 is not read");
        assert_eq!(err.line, Some(line));
        assert!(err.to_string().contains(&format!("offset {at}")), "{err}");
        // a whole read says the same
        assert_eq!(decode("x.nbib", &bytes).unwrap_err(), err);
    }

    #[test]
    fn only_line_exports_stream() {
        let v = Vocabulary::builtin();
        assert!(
            read_stream("a.bib", &b"@article{k, title={x}}"[..], &v, 100, &|_, _| {}).is_none()
        );
        assert!(read_stream("a.txt", &b"\xFF\xFEP\0M\0"[..], &v, 100, &|_, _| {}).is_none());
        let (_, p) = read_stream(
            "a.ris",
            &b"TY  - JOUR\nTI  - A title here\nER  - \n"[..],
            &v,
            100,
            &|_, _| {},
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.studies.len(), 1);
    }

    #[test]
    fn formats_are_told_apart_by_content() {
        assert_eq!(detect("a.txt", "\nPMID- 123\nTI  - x"), Format::Medline);
        assert_eq!(detect("a.txt", "TY  - JOUR\nTI  - x\nER  - "), Format::Ris);
        assert_eq!(detect("a.txt", "@article{k,\n title={x}}"), Format::Bibtex);
        assert_eq!(
            detect("a.dat", "<?xml version=\"1.0\"?><PubmedArticleSet>"),
            Format::PubmedXml
        );
        assert_eq!(
            detect("a.json", "[{\"id\":\"x\",\"type\":\"article-journal\"}]"),
            Format::CslJson
        );
        assert_eq!(
            detect(
                "a.json",
                "[{\"id\":\"x\",\"design\":\"rct\",\"citation\":{}}]"
            ),
            Format::OwnJson
        );
        assert_eq!(
            detect("a.txt", "A headline\n\nSome text about vitamin D."),
            Format::Article
        );
    }

    #[test]
    fn parallel_reading_gives_what_one_thread_gives() {
        use std::fmt::Write as _;
        let vocab = Vocabulary::builtin();
        let mut text = String::from("\n");
        for i in 0..60_000 {
            let _ = write!(
                text,
                "PMID- {i}
TI  - Title number {i} about vitamin D
      and bone.
AU  - Lee A

"
            );
            if i == 45_000 {
                text.push_str("garbage line\n\n");
            }
        }
        assert!(text.len() > PARALLEL_BYTES);
        let one = medline::read("m", &text, &vocab);
        let many = in_parallel("m", &text, MEDLINE, &vocab);
        assert_eq!(many.studies.len(), 60_000);
        assert_eq!(many.studies, one.studies);
        assert_eq!(many.diagnostics, one.diagnostics);
        assert_eq!(record_cuts(b"PMID- 1\nPMID- 2\n", "PMID- ", 2), [0, 8, 16]);
    }

    #[test]
    fn decode_accepts_boms_and_rejects_binary_with_a_line() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFhi").unwrap(), "hi");
        assert_eq!(decode("f", b"\xFF\xFEh\0i\0").unwrap(), "hi");
        let e = decode("f.bin", b"ok\nok\n\0\x01").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.bin:3: binary data (NUL byte), not a text file: skipped"
        );
        let e = decode("f.txt", b"line\n\xC3(").unwrap_err();
        assert!(e.to_string().starts_with("f.txt:2: not UTF-8"), "{e}");
        for blank in [
            &b""[..],
            b"\xEF\xBB\xBF",
            b" \n\t\r\n ",
            b"\xFF\xFE",
            b"\xFF\xFE \0\n\0",
        ] {
            let e = decode("e", blank).unwrap_err();
            assert_eq!(e.to_string(), "e: empty file: no studies", "{blank:?}");
        }
        assert_eq!(decode("f", b"a\r\nb\rc").unwrap(), "a\nb\nc");
    }
}
