//! The browser: a terminal view of the library, driven from the keyboard
//! and the mouse.
//!
//! Elm-like: events become `Action`s (`action::keymap`), `App::update`
//! changes state and asks for `Effect`s, the `Runtime` carries those out
//! (search, open, export) and feeds the results back as actions, and
//! `view` draws the state. Only the runtime and `terminal` touch the outside
//! world.
//!
//! Environment: `NO_COLOR` (monochrome theme); `VITASCOPE_OPENER` (command
//! for `o` instead of `xdg-open`/`open`, split on spaces, never a shell);
//! `VITASCOPE_ASYNC_SEARCH` (filter on the worker thread whatever the size);
//! `VITASCOPE_TEST_PANIC=1` or `=thread` (F12 panics, for the terminal
//! restoration tests).

pub mod action;
pub mod app;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, MouseEventKind};
use ratatui::layout::Rect;

use crate::export::{self, ExportFormat};
use crate::index::Index;
use crate::library::{Library, Limits, Progress, Snapshot, Stage};
use crate::search::{self, Searcher};
use crate::store::{Idx, Store};
use crate::study::Study;

pub use action::{Action, Look, keymap};
pub use app::{App, Effect, ExportError};

/// Above this many studies, filtering runs on the search thread.
pub const ASYNC_ABOVE: usize = 20_000;

/// How long the loop waits for an event before checking signals and the
/// search thread.
const TICK: Duration = Duration::from_millis(40);

/// Longest the loop takes events in a row before drawing: a burst (a paste
/// without brackets, a held key) is taken whole, one draw after it, yet the
/// screen never waits long.
const DRAIN: Duration = Duration::from_millis(30);

/// How long the drain waits for the next event of a burst. Not zero: with
/// a zero timeout crossterm's `/dev/tty` reader does not look at the events
/// it has already parsed.
const PEEK: Duration = Duration::from_millis(1);

/// Carries out the app's effects: searches (on this thread for a small
/// library, on the worker for a large one), opening links and exports.
pub struct Runtime {
    store: Arc<Store>,
    searcher: Option<Searcher>,
    /// The opener command; `VITASCOPE_OPENER` overrides the system's.
    opener: Vec<String>,
    /// The whole library, held back while its index is built because a
    /// query or facet is on: the first look's matches stay until it can
    /// answer.
    held: Option<Action>,
    /// Set when the app asked to stop (Ctrl-Z); the event loop, which owns
    /// the terminal, carries it out.
    pub suspend: bool,
    /// The details thread, started when first needed.
    details: Option<DetailsReader>,
    /// The study last asked of it (by store and index), asked once.
    asked: Option<(usize, Idx)>,
}

impl Runtime {
    /// A runtime that searches synchronously (tests, small libraries).
    #[must_use]
    pub fn sync(app: &App) -> Runtime {
        Runtime {
            store: Arc::clone(&app.store),
            searcher: None,
            opener: system_opener(),
            held: None,
            suspend: false,
            details: None,
            asked: None,
        }
    }

    /// A runtime that searches on a worker thread when the library is large
    /// (or `VITASCOPE_ASYNC_SEARCH` is set).
    #[must_use]
    pub fn for_app(app: &App) -> Runtime {
        if wants_worker(&app.store) {
            return Runtime::threaded(app);
        }
        Runtime::sync(app)
    }

    /// A runtime that always searches on a worker thread.
    #[must_use]
    pub fn threaded(app: &App) -> Runtime {
        let mut rt = Runtime::sync(app);
        rt.searcher = Some(Searcher::spawn(Arc::clone(&app.store)));
        rt
    }

    /// Uses this opener command instead of the system's.
    #[must_use]
    pub fn with_opener(mut self, argv: Vec<String>) -> Runtime {
        self.opener = argv;
        self
    }

    /// Applies an action and every action its effects lead to.
    pub fn dispatch(&mut self, app: &mut App, action: Action) {
        match &action {
            // a query or facet on: the first look's matches stay until the
            // whole library can answer it, when its index comes
            Action::Loaded {
                look: Look::Whole, ..
            } if app.is_filtered() => {
                self.held = Some(action);
                return;
            }
            Action::Indexed(_) => {
                if let Some(whole) = self.held.take() {
                    self.apply(app, whole);
                }
            }
            _ => {}
        }
        self.apply(app, action);
        if self.held.is_some() && !app.is_filtered() {
            // the filters are off: nothing shown would be lost
            if let Some(whole) = self.held.take() {
                self.apply(app, whole);
            }
        }
        self.read_shown(app);
    }

    /// Asks the details thread for the selected study's details, once,
    /// when they are not read yet.
    fn read_shown(&mut self, app: &App) {
        let Some(hit) = app.hits.get(app.selected) else {
            return;
        };
        let key = (Arc::as_ptr(&app.store) as usize, hit.index);
        if self.asked == Some(key) || app.current().is_none_or(|s| s.details.is_read()) {
            return;
        }
        self.asked = Some(key);
        self.send(Job::One(Arc::clone(&app.store), hit.index));
    }

    fn send(&mut self, job: Job) {
        if self.details.is_none() {
            self.details = DetailsReader::spawn();
        }
        if let Some(d) = &self.details {
            let _ = d.jobs.send(job);
        }
    }

    /// Has every study's details read behind the browser: on the details
    /// thread for a large library; a small one's are read by the sorts
    /// that need them, so it is told at once.
    pub fn read_behind(&mut self, app: &mut App) {
        if app.store.len() > ASYNC_ABOVE {
            self.send(Job::Every(Arc::clone(&app.store)));
            self.read_shown(app);
        } else {
            self.dispatch(app, Action::DetailsRead);
        }
    }

    /// [`Runtime::dispatch`], once it has held back what it holds back.
    fn apply(&mut self, app: &mut App, action: Action) {
        match &action {
            Action::Loaded { store, look, .. } => self.adopt(store, *look == Look::Whole),
            Action::Indexed(index) => {
                if let Some(s) = &self.searcher {
                    s.give_index(Arc::clone(index));
                }
            }
            _ => {}
        }
        let mut next = Some(action);
        while let Some(a) = next.take() {
            next = app.update(a).and_then(|e| self.perform(app, e));
        }
    }

    /// Takes a finished search from the worker and news from the details
    /// thread; true when the screen has something new to show.
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut news = false;
        if let Some(o) = self.searcher.as_ref().and_then(Searcher::poll) {
            self.dispatch(app, Action::Searched(o));
            news = true;
        }
        let read: Vec<Read> = self
            .details
            .as_ref()
            .map(|d| d.done.try_iter().collect())
            .unwrap_or_default();
        for r in read {
            if matches!(r, Read::Every) {
                self.dispatch(app, Action::DetailsRead);
            }
            news = true;
        }
        news
    }

    /// Searches `store` from now on (what has loaded so far); a worker
    /// over the old store ends when its queue is dropped. When the loader
    /// is building the store's index (`index_coming`), the worker waits for
    /// it rather than building its own.
    fn adopt(&mut self, store: &Arc<Store>, index_coming: bool) {
        let threaded = self.searcher.is_some() || wants_worker(store);
        self.store = Arc::clone(store);
        self.searcher = threaded.then(|| {
            if index_coming {
                Searcher::awaiting_index(Arc::clone(store))
            } else {
                Searcher::spawn(Arc::clone(store))
            }
        });
    }

    fn perform(&mut self, app: &mut App, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Quit => None,
            Effect::Suspend => {
                self.suspend = true;
                None
            }
            Effect::Search(req) => {
                if let Some(s) = &mut self.searcher {
                    // the worker numbers requests; the app waits for that number
                    app.pending = s.submit(req);
                    None
                } else {
                    let mut outcome = search::run(&self.store, &req);
                    outcome.generation = app.pending;
                    Some(Action::Searched(outcome))
                }
            }
            Effect::Open(url) => Some(Action::Opened(open(&self.opener, &url))),
            Effect::Export { path, overwrite } => {
                Some(Action::Exported(export_to(&path, &app.shown(), overwrite)))
            }
            Effect::Panic { in_thread } => {
                if in_thread {
                    let _ = std::thread::Builder::new()
                        .name("vitascope-test-panic".into())
                        .spawn(|| panic!("VITASCOPE_TEST_PANIC: forced panic in a thread"));
                    None
                } else {
                    panic!("VITASCOPE_TEST_PANIC: forced panic");
                }
            }
        }
    }
}

fn wants_worker(store: &Store) -> bool {
    store.len() > ASYNC_ABOVE || std::env::var_os("VITASCOPE_ASYNC_SEARCH").is_some()
}

fn system_opener() -> Vec<String> {
    if let Some(cmd) = std::env::var_os("VITASCOPE_OPENER") {
        let cmd = cmd.to_string_lossy().into_owned();
        let argv: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
        if !argv.is_empty() {
            return argv;
        }
    }
    if cfg!(target_os = "macos") {
        vec!["open".into()]
    } else if cfg!(windows) {
        vec!["explorer".into()]
    } else {
        vec!["xdg-open".into()]
    }
}

/// Starts the opener on `url`, passed as an argument (never through a
/// shell); the child is reaped on a thread so it never blocks the screen.
fn open(opener: &[String], url: &str) -> Result<String, String> {
    let (program, args) = opener.split_first().ok_or("no opener configured")?;
    let mut child = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {}; the address is {url}", reason(&e)))?;
    std::thread::spawn(move || child.wait());
    Ok(url.to_string())
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not installed".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn export_to(
    path: &Path,
    studies: &[&crate::study::Study],
    overwrite: bool,
) -> Result<(std::path::PathBuf, usize), ExportError> {
    let path = expand_home(path);
    let format = ExportFormat::from_path(&path)
        .ok_or_else(|| ExportError::Failed(format!("unknown format for {}", path.display())))?;
    refuse_target(&path).map_err(ExportError::Failed)?;
    match export::write_file_atomic(&path, format, studies, overwrite) {
        Ok(()) => Ok((path, studies.len())),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(ExportError::Exists),
        Err(e) => Err(ExportError::Failed(format!(
            "{}: {}",
            path.display(),
            crate::library::io_reason(&e)
        ))),
    }
}

/// `~` and `~/…` as the shell would read them: the prompt is not a shell.
fn expand_home(path: &Path) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    match path.strip_prefix("~") {
        Ok(rest) => home().map_or_else(|| path.to_path_buf(), |h| h.join(rest)),
        Err(_) => path.to_path_buf(),
    }
}

/// Why an export may not go to `path`: its directory is missing, or
/// something other than a regular file is there (a link or a pipe would be
/// silently replaced by the file).
fn refuse_target(path: &Path) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(format!("directory {} does not exist", dir.display()));
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link: not replaced",
            path.display()
        )),
        Ok(m) if !m.is_file() => Err(format!(
            "{} is not a regular file: not replaced",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// Applies every event already waiting, for up to [`DRAIN`], so no key
/// waits behind a burst for a draw per event. Characters typed in a row go
/// into the line as one paste: one search for the lot, not one per key.
fn drain_events(
    app: &mut App,
    runtime: &mut Runtime,
    term: &ratatui::DefaultTerminal,
) -> io::Result<()> {
    let start = std::time::Instant::now();
    // a character never changes the mode, so later events map as if the
    // ones held here were already in
    let mut typed = String::new();
    loop {
        let ev = event::read()?;
        let size = term.size()?;
        let screen = Rect::new(0, 0, size.width, size.height);
        match event_action(app, screen, &ev) {
            Some(Action::Insert(c)) => typed.push(c),
            Some(a) => {
                type_in(app, runtime, &mut typed);
                runtime.dispatch(app, a);
            }
            None => {}
        }
        if app.quit || runtime.suspend || start.elapsed() > DRAIN || !event::poll(PEEK)? {
            type_in(app, runtime, &mut typed);
            return Ok(());
        }
    }
}

fn type_in(app: &mut App, runtime: &mut Runtime, typed: &mut String) {
    match typed.chars().count() {
        0 => {}
        1 => runtime.dispatch(app, Action::Insert(typed.remove(0))),
        _ => runtime.dispatch(app, Action::Paste(std::mem::take(typed))),
    }
}

/// Translates a terminal event into an action for the current state.
#[must_use]
pub fn event_action(app: &App, screen: Rect, ev: &Event) -> Option<Action> {
    if let Some(key) = ev.as_key_press_event() {
        return keymap(key, app.mode());
    }
    if let Some((w, h)) = ev.as_resize_event() {
        return Some(Action::Resize(w, h));
    }
    if let Some(text) = ev.as_paste_event() {
        return Some(Action::Paste(text.to_string()));
    }
    let mouse = ev.as_mouse_event()?;
    if app.mode() != app::Mode::List && app.mode() != app::Mode::Detail {
        return None;
    }
    let over = view::target(app, screen, mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let d = if mouse.kind == MouseEventKind::ScrollDown {
                3
            } else {
                -3
            };
            Some(match over {
                view::Target::Detail => Action::ScrollDetail(d),
                _ => Action::ScrollList(d),
            })
        }
        MouseEventKind::Down(event::MouseButton::Left) => match over {
            view::Target::Row(i) => Some(Action::Select(i)),
            view::Target::Detail if app.focus == app::Focus::List => Some(Action::ToggleFocus),
            _ => None,
        },
        _ => None,
    }
}

/// What the details thread is asked to read.
enum Job {
    /// One study's details, the one on screen: before anything else.
    One(Arc<Store>, Idx),
    /// Every study's, in list order, while the person browses.
    Every(Arc<Store>),
}

/// What the details thread has finished.
enum Read {
    One,
    Every,
}

/// Reads studies' deferred details on a thread of its own, so a long
/// abstract never holds up a key: the study on screen first (the detail
/// pane says "reading…" until it is in), then, for a large library, every
/// study in list order, so that by the time the person sorts by size most
/// are read. The other core stays free for drawing and searching.
struct DetailsReader {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Read>,
}

/// Studies the sweep reads between looks for a study on screen.
const SWEEP_STEP: usize = 64;

impl DetailsReader {
    fn spawn() -> Option<DetailsReader> {
        let (jobs, inbox) = mpsc::channel();
        let (outbox, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("vitascope-details".into())
            .spawn(move || read_details(&inbox, &outbox))
            .ok()?;
        Some(DetailsReader { jobs, done })
    }
}

/// The details thread: answers each study asked for, and sweeps the whole
/// library a step at a time in between. Ends when the runtime is dropped.
fn read_details(inbox: &mpsc::Receiver<Job>, outbox: &mpsc::Sender<Read>) {
    let mut sweep: Option<(Arc<Store>, usize)> = None;
    loop {
        let job = if sweep.is_some() {
            match inbox.try_recv() {
                Ok(job) => Some(job),
                Err(mpsc::TryRecvError::Empty) => None,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        } else {
            match inbox.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            }
        };
        match job {
            Some(Job::One(store, i)) => {
                if let Some(s) = store.get(i) {
                    s.ensure_details();
                }
                let _ = outbox.send(Read::One);
            }
            Some(Job::Every(store)) => sweep = Some((store, 0)),
            None => {
                if let Some((store, at)) = &mut sweep {
                    let end = (*at + SWEEP_STEP).min(store.len());
                    store.studies()[*at..end]
                        .iter()
                        .for_each(Study::ensure_details);
                    *at = end;
                    if end == store.len() {
                        sweep = None;
                        let _ = outbox.send(Read::Every);
                    }
                }
            }
        }
    }
}

/// Loads the library on a thread of its own while the browser shows how far
/// it has got; the query line, facets and sort already take keys. A large
/// library is shown whole as soon as it is read, and its word index
/// follows.
struct Loader {
    progress: Arc<Progress>,
    done: mpsc::Receiver<Action>,
    told: Option<Snapshot>,
}

impl Loader {
    fn spawn(paths: Vec<PathBuf>, limits: Limits) -> io::Result<Loader> {
        let progress = Arc::new(Progress::with_first_look());
        let (tx, done) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name("vitascope-load".into())
            .spawn(move || {
                let library = Library::load_with(&paths, &limits, &shared);
                let store = Arc::new(library.store);
                let large = wants_worker(&store);
                let _ = tx.send(Action::Loaded {
                    store: Arc::clone(&store),
                    files: library.files.len(),
                    diagnostics: library.diagnostics,
                    look: if large { Look::Whole } else { Look::Done },
                });
                if large {
                    // built here, on the thread that made the records: on
                    // another it ran 2-3 times slower
                    shared.set_stage(Stage::Indexing);
                    let _ = tx.send(Action::Indexed(Arc::new(Index::build(&store))));
                }
            })?;
        Ok(Loader {
            progress,
            done,
            told: None,
        })
    }

    /// The action that the loading's state calls for, if it changed.
    fn poll(&mut self) -> io::Result<Option<Action>> {
        match self.done.try_recv() {
            Ok(action) => {
                // the whole library supersedes a first look not yet taken
                drop(self.progress.take_first_look());
                return Ok(Some(action));
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                return Err(io::Error::other("the library could not be loaded"));
            }
            Err(mpsc::TryRecvError::Empty) => {}
        }
        if let Some(store) = self.progress.take_first_look() {
            return Ok(Some(Action::Loaded {
                store: Arc::new(store),
                files: 0,
                diagnostics: Vec::new(),
                look: Look::First,
            }));
        }
        let now = self.progress.snapshot();
        if self.told.as_ref() == Some(&now) {
            return Ok(None);
        }
        self.told = Some(now.clone());
        Ok(Some(Action::Loading(now)))
    }
}

/// Opens the browser on the library at `paths` (none: the seeds), showing
/// it load; returns when the user quits or a termination signal arrives,
/// with the terminal restored either way. Ctrl-Z or `SIGTSTP` give the
/// terminal back and stop until `fg`. Without a terminal (output
/// piped) it prints the list instead.
pub fn run(paths: Vec<PathBuf>, limits: Limits) -> io::Result<()> {
    use std::io::IsTerminal as _;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        // piped or scripted: print the list instead of drawing a screen
        let library = Library::load(&paths, &limits);
        let studies: Vec<&crate::study::Study> = library.store.studies().iter().collect();
        return crate::cli::write_table(&studies, 100, &mut io::stdout().lock());
    }
    let (mut app, mut loader) = if paths.is_empty() {
        (App::new(Library::seeds()), None)
    } else {
        let mut app = App::new(Library::default());
        app.loading = Some(Snapshot::default());
        (app, Some(Loader::spawn(paths, limits)?))
    };
    app.color = theme::color_allowed();
    app.panic_key = match std::env::var("VITASCOPE_TEST_PANIC").as_deref() {
        Ok("1") => Some(false),
        Ok("thread") => Some(true),
        _ => None,
    };
    let mut runtime = Runtime::for_app(&app);
    if loader.is_none() {
        runtime.read_behind(&mut app);
    }
    let mut signals = terminal::Signals::catch();
    let mut term = terminal::init()?;
    let result = (|| -> io::Result<()> {
        let mut dirty = true;
        while !app.quit {
            match signals.take() {
                Some(terminal::Signal::Quit(_)) => break,
                Some(terminal::Signal::Suspend) => runtime.suspend = true,
                Some(terminal::Signal::Continued) => {
                    terminal::resume(&mut term)?;
                    dirty = true;
                }
                None => {}
            }
            if std::mem::take(&mut runtime.suspend) {
                terminal::suspend(&mut term)?;
                dirty = true;
            }
            if dirty {
                term.draw(|f| f.render_widget(&app, f.area()))?;
                dirty = false;
            }
            if event::poll(TICK)? {
                drain_events(&mut app, &mut runtime, &term)?;
                dirty = true;
            }
            if let Some(l) = &mut loader
                && let Some(a) = l.poll()?
            {
                let finished = matches!(
                    a,
                    Action::Loaded {
                        look: Look::Done,
                        ..
                    } | Action::Indexed(_)
                );
                runtime.dispatch(&mut app, a);
                if finished {
                    loader = None;
                    runtime.read_behind(&mut app);
                }
                dirty = true;
            }
            dirty |= runtime.poll(&mut app);
            if let Some(message) = terminal::worker_panic() {
                return Err(io::Error::other(message));
            }
        }
        Ok(())
    })();
    terminal::restore();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_is_the_home_directory() {
        let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
            return;
        };
        assert_eq!(expand_home(Path::new("~/x.json")), home.join("x.json"));
        assert_eq!(expand_home(Path::new("~")), home);
        assert_eq!(expand_home(Path::new("a/~/x")), Path::new("a/~/x"));
        assert_eq!(expand_home(Path::new("~x/y")), Path::new("~x/y"));
    }
}
