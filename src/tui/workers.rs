//! The threads that feed the browser's one event channel: terminal input,
//! signals, the loader, the details reader and export writers. Each sends a
//! [`Msg`] the moment it has something, and the event loop, which waits on
//! that channel alone, draws it at once: nothing waits for a tick.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

use super::action::{Action, Look};
use super::terminal::Signal;
use crate::index::Index;
use crate::library::{Library, Limits, Progress, Snapshot, Stage};
use crate::store::{Idx, Store};
use crate::study::Study;

/// Everything the event loop waits for.
#[derive(Debug)]
pub enum Msg {
    /// A terminal event (key, mouse, paste, resize).
    Input(Event),
    /// The terminal can no longer be read.
    InputGone(io::Error),
    /// A signal to answer.
    Signal(Signal),
    /// A result for `App::update` (a search outcome, a loaded library, news
    /// from the details reader or an export).
    Do(Action),
}

/// Reads the terminal on a thread of its own, so the loop never polls it:
/// a key is in the channel as soon as crossterm has parsed it.
pub fn spawn_input(tx: Sender<Msg>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("vitascope-input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(ev) => Msg::Input(ev),
                    Err(e) => {
                        let _ = tx.send(Msg::InputGone(e));
                        return;
                    }
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// What the details thread is asked to read.
pub enum Job {
    /// One study's details, the one on screen: before anything else.
    One(Arc<Store>, Idx),
    /// Every study's, in list order, while the person browses.
    Every(Arc<Store>),
}

/// Reads studies' deferred details on a thread of its own, so extraction
/// never runs on the UI thread: the study on screen first (the detail pane
/// says "reading…" until it is in), then every study in list order, telling
/// how far it has got, so a sort by size orders the list as soon as the
/// sizes are known. The sweep holds off while the person types, so the
/// cores stay free for searching and drawing (on a 100,000-study library
/// it costs most of a core for a minute).
pub struct DetailsReader {
    jobs: Sender<Job>,
    quiet: Arc<Quiet>,
}

/// Until when the sweep holds off, in milliseconds from `since`.
struct Quiet {
    since: Instant,
    until: AtomicU64,
}

impl Quiet {
    fn now(&self) -> u64 {
        self.since.elapsed().as_millis() as u64
    }

    fn holding(&self) -> bool {
        self.now() < self.until.load(Ordering::Relaxed)
    }
}

/// Studies the sweep reads between looks for a study on screen (a few
/// milliseconds: one on screen waits no longer).
const SWEEP_STEP: usize = 8;

/// How long the sweep holds off after a key.
const HOLD_OFF: Duration = Duration::from_millis(400);

/// How long a held-off sweep sleeps before it looks again.
const NAP: Duration = Duration::from_millis(20);

/// How many progress messages a sweep sends at most.
const SWEEP_NEWS: usize = 50;

impl DetailsReader {
    #[must_use]
    pub fn spawn(tx: Sender<Msg>) -> Option<DetailsReader> {
        let (jobs, inbox) = mpsc::channel();
        let quiet = Arc::new(Quiet {
            since: Instant::now(),
            until: AtomicU64::new(0),
        });
        let hush = Arc::clone(&quiet);
        std::thread::Builder::new()
            .name("vitascope-details".into())
            .spawn(move || read_details(&inbox, &tx, &hush))
            .ok()?;
        Some(DetailsReader { jobs, quiet })
    }

    /// Has the sweep hold off for a while: the person is typing.
    pub fn hold_off(&self) {
        let until = self.quiet.now() + HOLD_OFF.as_millis() as u64;
        self.quiet.until.store(until, Ordering::Relaxed);
    }

    pub fn ask(&self, job: Job) {
        // a send fails only when the thread is gone; the pane then says
        // "reading…" until the person moves
        let _ = self.jobs.send(job);
    }
}

/// The details thread: answers each study asked for, and sweeps the whole
/// library a step at a time in between. Ends when the runtime is dropped.
fn read_details(inbox: &mpsc::Receiver<Job>, outbox: &Sender<Msg>, quiet: &Quiet) {
    let mut sweep: Option<(Arc<Store>, usize)> = None;
    loop {
        let job = if sweep.is_some() {
            let wait = if quiet.holding() { NAP } else { Duration::ZERO };
            match inbox.recv_timeout(wait) {
                Ok(job) => Some(job),
                Err(mpsc::RecvTimeoutError::Timeout) if quiet.holding() => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match inbox.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            }
        };
        let news = match job {
            Some(Job::One(store, i)) => {
                if let Some(s) = store.get(i) {
                    s.ensure_details();
                }
                // the pane that said "reading…" can show them
                Some(Action::Tick)
            }
            Some(Job::Every(store)) => {
                sweep = Some((store, 0));
                None
            }
            None => sweep_step(&mut sweep),
        };
        if let Some(a) = news
            && outbox.send(Msg::Do(a)).is_err()
        {
            return;
        }
    }
}

/// Reads the next step of the sweep; its news, now and then.
fn sweep_step(sweep: &mut Option<(Arc<Store>, usize)>) -> Option<Action> {
    let (store, at) = sweep.as_mut()?;
    let total = store.len();
    let end = (*at + SWEEP_STEP).min(total);
    store.studies()[*at..end]
        .iter()
        .for_each(Study::ensure_details);
    let every = (total / SWEEP_NEWS).max(SWEEP_STEP);
    let told = *at / every != end / every;
    *at = end;
    if end == total {
        *sweep = None;
        return Some(Action::DetailsRead);
    }
    told.then_some(Action::DetailsReading(end, total))
}

/// Writes an export on a thread of its own (a large export reads every
/// study's details) and reports the outcome as an `Exported` action.
pub fn spawn_export(
    tx: Sender<Msg>,
    store: Arc<Store>,
    rows: Vec<Idx>,
    path: PathBuf,
    overwrite: bool,
) {
    let tell = tx.clone();
    let write = move || {
        let studies: Vec<&Study> = rows.iter().filter_map(|&i| store.get(i)).collect();
        let _ = tx.send(Msg::Do(Action::Exported(super::runtime::export_to(
            &path, &studies, overwrite,
        ))));
    };
    if std::thread::Builder::new()
        .name("vitascope-export".into())
        .spawn(write)
        .is_err()
    {
        let failed = super::app::ExportError::Failed("no thread to write it on".into());
        let _ = tell.send(Msg::Do(Action::Exported(Err(failed))));
    }
}

/// Loads the library on a thread of its own while the browser shows how far
/// it has got; the query line, facets and sort already take keys. The
/// library is shown whole as soon as it is read, and its word index, built
/// once whatever the size, follows.
pub struct Loader {
    progress: Arc<Progress>,
    /// Set once the library is read if some input could not be.
    pub problems: Arc<std::sync::atomic::AtomicBool>,
    told: Option<Snapshot>,
}

impl Loader {
    pub fn spawn(paths: Vec<PathBuf>, limits: Limits, tx: Sender<Msg>) -> io::Result<Loader> {
        let progress = Arc::new(Progress::with_first_look());
        let shared = Arc::clone(&progress);
        let problems = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let found = Arc::clone(&problems);
        std::thread::Builder::new()
            .name("vitascope-load".into())
            .spawn(move || {
                let library = Library::load_with(&paths, &limits, &shared);
                found.store(super::had_problems(&library), Ordering::Relaxed);
                let store = Arc::new(library.store);
                let _ = tx.send(Msg::Do(Action::Loaded {
                    store: Arc::clone(&store),
                    files: library.files.len(),
                    diagnostics: library.diagnostics,
                    look: Look::Whole,
                }));
                // built here, on the thread that made the records: on
                // another it ran 2-3 times slower
                shared.set_stage(Stage::Indexing);
                let _ = tx.send(Msg::Do(Action::Indexed(Arc::new(Index::build(&store)))));
            })?;
        Ok(Loader {
            progress,
            problems,
            told: None,
        })
    }

    /// Drops a first look not yet taken: the whole library has come.
    pub fn superseded(&self) {
        drop(self.progress.take_first_look());
    }

    /// The action that the loading's progress calls for, if it changed.
    pub fn poll(&mut self) -> Option<Action> {
        if let Some(store) = self.progress.take_first_look() {
            return Some(Action::Loaded {
                store: Arc::new(store),
                files: 0,
                diagnostics: Vec::new(),
                look: Look::First,
            });
        }
        let now = self.progress.snapshot();
        if self.told.as_ref() == Some(&now) {
            return None;
        }
        self.told = Some(now.clone());
        Some(Action::Loading(now))
    }
}
