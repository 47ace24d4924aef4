//! Load benchmark: reads files through `Library::load` (decode, detect, read,
//! merge, index) and prints the record count, the elapsed time and the peak
//! resident memory per record beyond the records' own text, and beyond the
//! input's size.
//!
//! `cargo run --release --example load_bench -- FILE...`
//! (a 100,000-record MEDLINE file: `cargo run --release --example synth --
//! 100000 > /tmp/synth100k.nbib` in the engine worktree). A bench, not a
//! timed test: the numbers depend on the machine.

use std::path::PathBuf;
use std::time::Instant;

use vitascope::library::{Library, Limits};

/// Peak resident set size in bytes (`VmHWM` of `/proc/self/status`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resident set size now in bytes (`VmRSS`).
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes of text a record holds (title, abstract, citation strings, lists;
/// not its file's path, journal or nutrient and condition names, which
/// records share).
fn text_bytes(s: &vitascope::study::Study) -> usize {
    let c = &s.citation;
    let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
    let list = |v: &Vec<String>| v.iter().map(String::len).sum::<usize>();
    s.id.len()
        + s.title.len()
        + opt(&s.abstract_text)
        + c.authors.iter().map(str::len).sum::<usize>()
        + [
            &c.volume, &c.issue, &c.pages, &c.doi, &c.pmid, &c.url,
        ]
        .into_iter()
        .map(opt)
        .sum::<usize>()
        // details not read yet hold nothing; counting them must not read them
        + if s.details.is_read() { list(&s.details().findings) } else { 0 }
}

/// Times each step of loading separately (file read, decode, reader,
/// store), to see which one a slow load spends its time in.
fn time_phases(paths: &[PathBuf]) {
    let vocab = vitascope::vocabulary::Vocabulary::get();
    let mut all = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let t = Instant::now();
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("{shown}: cannot read");
            continue;
        };
        let read_ms = t.elapsed().as_millis();
        let t = Instant::now();
        let Ok(text) = vitascope::read::decode(&shown, &bytes) else {
            eprintln!("{shown}: not text");
            continue;
        };
        let decode_ms = t.elapsed().as_millis();
        let t = Instant::now();
        let (format, parsed) = vitascope::read::read_text(&shown, &text, vocab);
        let parse_ms = t.elapsed().as_millis();
        println!(
            "{shown}: {} records ({}); file read {read_ms} ms, decode {decode_ms} ms, reader {parse_ms} ms",
            parsed.studies.len(),
            format.name()
        );
        all.extend(parsed.studies);
    }
    let t = Instant::now();
    let store = vitascope::store::Store::new(all);
    println!(
        "store: {} studies in {} ms",
        store.len(),
        t.elapsed().as_millis()
    );
}

fn main() {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let phases = args.first().is_some_and(|a| a == "--phases");
    if phases {
        args.remove(0);
    }
    let paths: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: load_bench [--phases] FILE...");
        std::process::exit(2);
    }
    if phases {
        time_phases(&paths);
        return;
    }
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let before = peak_rss().unwrap_or(0);
    // the vocabulary is built once per process; keep it out of the timing
    let _ = vitascope::vocabulary::Vocabulary::get();
    let start = Instant::now();
    let library = Library::load(&paths, &Limits::default());
    let elapsed = start.elapsed();
    let peak = peak_rss().unwrap_or(0);
    let resident = rss().unwrap_or(0).saturating_sub(before);
    let records: usize = library.files.iter().map(|f| f.records).sum();
    let studies = library.store.len();
    let used = peak.saturating_sub(before);
    let beyond = used.saturating_sub(bytes);
    println!("files: {}", library.files.len());
    println!("records read: {records} ({studies} after merging)");
    println!("diagnostics: {}", library.diagnostics.len());
    println!("input: {bytes} bytes");
    println!("elapsed: {} ms", elapsed.as_millis());
    println!(
        "peak RSS: {} KiB (before loading {} KiB)",
        peak / 1024,
        before / 1024
    );
    let held: usize = library.store.studies().iter().map(text_bytes).sum();
    println!("text held by the records: {held} bytes");
    println!(
        "size of one record struct: {} bytes",
        std::mem::size_of::<vitascope::study::Study>()
    );
    if records > 0 {
        println!(
            "peak memory beyond the records' own text: {} bytes per record",
            used.saturating_sub(held as u64) / records as u64
        );
        println!(
            "memory held after loading beyond the records' own text: {} bytes per record",
            resident.saturating_sub(held as u64) / records as u64
        );
        println!(
            "peak memory beyond the file size: {} bytes per record",
            beyond / records as u64
        );
    }
}
