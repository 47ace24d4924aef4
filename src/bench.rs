//! `vitascope bench`: how the library behaves at scale, measured through the
//! same path the browser uses.
//!
//! Loads the library, builds the word index, then types a query one
//! keystroke at a time through the [`Searcher`] worker (submit, wait for the
//! complete outcome) and prints each keystroke's latency, the time to build
//! one screen of rows, and a last summary line scripts can parse:
//! `p50_ms=… p99_ms=… max_ms=… load_ms=… rss_mb=… records=…`.
//! With `fzf` on `PATH` and `--haystack-out`, it also times `fzf --filter`
//! on the same text for each prefix.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::filter::{self, Hit};
use crate::index::Index;
use crate::library::{Library, Limits, Progress};
use crate::search::{Request, Searcher};
use crate::store::Store;

/// What `bench` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    /// Typed one keystroke at a time.
    pub text: String,
    /// Where to write one short-field line per record (for fzf).
    pub haystack_out: Option<PathBuf>,
    /// Screen rows in the frame measurement.
    pub rows: usize,
}

/// Peak resident memory of this process in MiB (`VmHWM`), when Linux says.
#[must_use]
pub fn peak_rss_mb() -> Option<f64> {
    status_mb("VmHWM:")
}

/// Resident memory now, in MiB (`VmRSS`).
#[must_use]
pub fn rss_mb() -> Option<f64> {
    status_mb("VmRSS:")
}

fn status_mb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Draws one real browser frame (120 columns, `rows` list rows, list
/// scrolled to `top`) of `hits` into an off-screen buffer. Returns the list
/// rows shown and the time the draw took: the cost the browser pays per
/// frame, whatever the size of the library. `hits` is lent to the browser
/// state and given back, so no copy of a million hits is timed.
pub fn frame(
    store: &Arc<Store>,
    hits: &mut Vec<Hit>,
    top: usize,
    rows: usize,
) -> (usize, Duration) {
    use crate::tui::Action;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let mut app = crate::tui::app::App::over(Arc::clone(store), 1, Vec::new());
    let area = Rect::new(0, 0, 120, u16::try_from(rows + 6).unwrap_or(u16::MAX));
    // the hits reach the browser as the search worker's answer would
    app.update(Action::Resize(area.width, area.height));
    let total = hits.len();
    app.update(Action::Searched(crate::search::Outcome {
        generation: app.results.pending,
        query: crate::query::Query::default(),
        hits: std::mem::take(hits),
        total,
        complete: true,
    }));
    app.update(Action::Select(top));
    let mut buf = Buffer::empty(area);
    let t = Instant::now();
    (&app).render(area, &mut buf);
    let took = t.elapsed();
    let shown = app.results.hits.len().saturating_sub(top).min(rows);
    *hits = std::mem::take(&mut app.results.hits);
    (shown, took)
}

/// CPU time the search worker thread has run, in ms, from the kernel's
/// schedstat (Linux): the work a keystroke cost, whatever else the machine
/// is running. `None` elsewhere.
fn worker_cpu_ms() -> Option<f64> {
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == "vitascope-searc" {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
            return Some(ns / 1e6);
        }
    }
    None
}

/// Millisecond value at a percentile of sorted samples (nearest rank).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the bench, printing to `out`.
/// Loads as the browser does, noting when the first look at a large export
/// (see `Progress::take_first_look`) was ready and how many studies it
/// held. The load stays on this thread and a second one watches: the index
/// is built here next, and building it on another thread than the one that
/// loaded measured two to three times slower (the allocator's arenas).
fn load_watching_first_look(
    paths: &[PathBuf],
    limits: &Limits,
) -> (Library, Option<(usize, Duration)>) {
    let progress = Progress::with_first_look();
    let loaded = AtomicBool::new(false);
    let start = Instant::now();
    std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            while !loaded.load(Ordering::Acquire) {
                if let Some(look) = progress.take_first_look() {
                    return Some((look.len(), start.elapsed()));
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            None
        });
        let library = Library::load_with(paths, limits, &progress);
        loaded.store(true, Ordering::Release);
        (library, watcher.join().ok().flatten())
    })
}

// one straight story from load to summary line reads better than pieces
#[allow(clippy::too_many_lines)]
pub fn run(cfg: &Config, limits: &Limits, out: &mut impl Write) -> io::Result<()> {
    let t = Instant::now();
    let (library, first_look) = load_watching_first_look(&cfg.paths, limits);
    let load_ms = ms(t.elapsed());
    let rss_load = peak_rss_mb().unwrap_or(0.0);
    for d in library.diagnostics.iter().take(20) {
        eprintln!("{d}");
    }
    let store = Arc::new(library.store);
    let records = store.len();
    writeln!(
        out,
        "loaded {records} records from {} file(s) in {load_ms:.0} ms; peak RSS {rss_load:.0} MiB ({:.0} B/record), {:.0} MiB resident after loading",
        library.files.len(),
        rss_load * 1024.0 * 1024.0 / records.max(1) as f64,
        rss_mb().unwrap_or(0.0)
    )?;
    if let Some((n, at)) = first_look {
        writeln!(
            out,
            "first look: {n} studies browsable after {:.0} ms (the browser shows them while the rest loads)",
            ms(at)
        )?;
    }

    let t = Instant::now();
    let index = Arc::new(Index::build(&store));
    writeln!(
        out,
        "index: {} terms, {:.0} MiB, built in {:.0} ms",
        index.terms(),
        index.heap_bytes() as f64 / 1024.0 / 1024.0,
        ms(t.elapsed())
    )?;

    if let Some(path) = &cfg.haystack_out {
        write_haystacks(&store, path)?;
        writeln!(out, "haystack: {}", path.display())?;
    }

    let mut searcher = Searcher::with_index(Arc::clone(&store), Arc::clone(&index));
    // the worker is ready (buffers sized) before the first keystroke, as it
    // is in the browser long before anyone types
    searcher.submit(Request::default());
    let _ = searcher.wait_complete(Duration::from_mins(10));
    let mut samples = Vec::new();
    let mut cpu = Vec::new();
    let mut last_hits = Vec::new();
    let chars: Vec<(usize, char)> = cfg.text.char_indices().collect();
    let mut prefixes = Vec::new();
    for (i, c) in &chars {
        let prefix = &cfg.text[..i + c.len_utf8()];
        prefixes.push(prefix.to_string());
        let cpu_before = worker_cpu_ms();
        let t = Instant::now();
        searcher.submit(Request {
            text: prefix.to_string(),
            ..Request::default()
        });
        let Some(outcome) = searcher.wait_complete(Duration::from_mins(10)) else {
            writeln!(out, "{prefix:?}: no answer within 10 minutes")?;
            break;
        };
        let took = ms(t.elapsed());
        samples.push(took);
        let worker = worker_cpu_ms().zip(cpu_before).map(|(a, b)| a - b);
        cpu.extend(worker);
        writeln!(
            out,
            "{:<32} {took:>8.2} ms (worker cpu {}) {:>9} hits",
            format!("{prefix:?}"),
            worker.map_or_else(|| "-".to_string(), |w| format!("{w:.2} ms")),
            outcome.total
        )?;
        last_hits = outcome.hits;
    }

    // one screen of rows, at the top and in the middle of the last result;
    // a first draw reads the shown studies' details, a redraw does not
    let (rows, first_ms) = frame(&store, &mut last_hits, 0, cfg.rows);
    let (_, top_ms) = frame(&store, &mut last_hits, 0, cfg.rows);
    let middle = last_hits.len() / 2;
    let (mid, mid_ms) = frame(&store, &mut last_hits, middle, cfg.rows);
    writeln!(
        out,
        "frame: browser view drawn with {rows} and {mid} list rows of {} hits in {:.3} / {:.3} ms (top / middle; {:.3} ms the first time, which reads the rows' details)",
        last_hits.len(),
        ms(top_ms),
        ms(mid_ms),
        ms(first_ms)
    )?;
    let t = Instant::now();
    searcher.submit(Request::default());
    let all = searcher.wait_complete(Duration::from_mins(1));
    let empty_ms = ms(t.elapsed());
    if let Some(mut all) = all {
        let (rows, took) = frame(&store, &mut all.hits, 0, cfg.rows);
        writeln!(
            out,
            "empty query: {} hits in {empty_ms:.2} ms; browser frame of {rows} rows drawn in {:.3} ms",
            all.total,
            ms(took)
        )?;
    }

    fallback_check(&mut searcher, &store, out)?;

    if let Some(path) = &cfg.haystack_out {
        fzf_compare(path, &prefixes, &samples, out)?;
    }

    // what a command printing every study pays on top of the load (the
    // browser reads them behind the person instead)
    let rss_before_details = peak_rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let everyone: Vec<&crate::study::Study> = store.studies().iter().collect();
    crate::store::read_details(&everyone);
    writeln!(
        out,
        "details (population, doses, findings) of all {records} studies read on every core in {:.0} ms; peak RSS then {:.0} MiB",
        ms(t.elapsed()),
        peak_rss_mb().unwrap_or(0.0)
    )?;

    cpu.sort_by(f64::total_cmp);
    writeln!(
        out,
        "worker cpu per keystroke: p50 {:.2} ms, p99 {:.2} ms (wall-clock latency includes waiting for a core)",
        percentile(&cpu, 50.0),
        percentile(&cpu, 99.0)
    )?;
    let mut sorted = samples.clone();
    sorted.sort_by(f64::total_cmp);
    writeln!(
        out,
        "p50_ms={:.2} p99_ms={:.2} max_ms={:.2} load_ms={load_ms:.0} rss_mb={:.0} records={records}",
        percentile(&sorted, 50.0),
        percentile(&sorted, 99.0),
        sorted.last().copied().unwrap_or(0.0),
        rss_before_details,
    )
}

/// Types a typo no indexed word explains ("osteprosis") and reports when
/// the first partial and the complete outcome arrived, and how many of the
/// best screenful are osteoporosis studies.
fn fallback_check(searcher: &mut Searcher, store: &Store, out: &mut impl Write) -> io::Result<()> {
    let t = Instant::now();
    searcher.submit(Request {
        text: "osteprosis".into(),
        ..Request::default()
    });
    let mut first_partial = None;
    let done = loop {
        match searcher.wait(Duration::from_mins(10)) {
            Some(o) if o.complete => break Some(o),
            Some(_) => {
                first_partial.get_or_insert(ms(t.elapsed()));
            }
            None => break None,
        }
    };
    let Some(done) = done else {
        return writeln!(out, "fuzzy fallback: no answer");
    };
    let top = done.hits.len().min(50);
    let relevant = done.hits[..top]
        .iter()
        .filter_map(|h| store.get(h.index))
        .filter(|s| filter::haystack(s).to_lowercase().contains("osteoporosis"))
        .count();
    writeln!(
        out,
        "fuzzy fallback \"osteprosis\": first partial {} ms, complete {:.0} ms, {} hits, {relevant}/{top} of the top mention osteoporosis",
        first_partial.map_or_else(|| "-".to_string(), |p| format!("{p:.0}")),
        ms(t.elapsed()),
        done.total
    )
}

/// One line per record: the short-field text the filter matches.
fn write_haystacks(store: &Store, path: &Path) -> io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    let mut line = String::new();
    for s in store.studies() {
        filter::write_haystack(s, &mut line);
        // a newline inside a field would split a record in two
        let line = line.replace('\n', " ");
        writeln!(w, "{line}")?;
    }
    w.flush()
}

/// Times `fzf --filter PREFIX` over the haystack file for every prefix and
/// prints the ratio to our latency; says so and returns when fzf is absent.
fn fzf_compare(
    haystack: &Path,
    prefixes: &[String],
    ours: &[f64],
    out: &mut impl Write,
) -> io::Result<()> {
    if Command::new("fzf").arg("--version").output().is_err() {
        writeln!(out, "fzf: not on PATH, no comparison")?;
        return Ok(());
    }
    let mut ratios = Vec::new();
    let mut fzf_total = 0.0;
    for (prefix, &mine) in prefixes.iter().zip(ours) {
        let input = std::fs::File::open(haystack)?;
        let t = Instant::now();
        let status = Command::new("fzf")
            .arg("--filter")
            .arg(prefix)
            .stdin(input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        let theirs = ms(t.elapsed());
        fzf_total += theirs;
        let ratio = theirs / mine.max(0.001);
        ratios.push(ratio);
        writeln!(
            out,
            "fzf {:<32} {theirs:>9.2} ms  ours {mine:>8.2} ms  {ratio:>7.1}x{}",
            format!("{prefix:?}"),
            if status.success() || status.code() == Some(1) {
                ""
            } else {
                " (fzf failed)"
            }
        )?;
    }
    ratios.sort_by(f64::total_cmp);
    writeln!(
        out,
        "fzf_total_ms={fzf_total:.0} ours_total_ms={:.0} min_ratio={:.1} median_ratio={:.1}",
        ours.iter().sum::<f64>(),
        ratios.first().copied().unwrap_or(0.0),
        percentile(&ratios, 50.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert!((percentile(&v, 50.0) - 2.0).abs() < f64::EPSILON);
        assert!((percentile(&v, 99.0) - 4.0).abs() < f64::EPSILON);
        assert!(percentile(&[], 50.0).abs() < f64::EPSILON);
    }

    #[test]
    fn frame_draws_the_visible_rows_and_gives_the_hits_back() {
        let store = Arc::new(Store::new(vec![crate::study::Study::default(); 3]));
        let mut hits: Vec<Hit> = (0..3).map(|index| Hit { index, score: 0 }).collect();
        assert_eq!(frame(&store, &mut hits, 1, 10).0, 2);
        assert_eq!(frame(&store, &mut hits, 5, 10).0, 0);
        assert_eq!(hits.len(), 3);
    }
}
