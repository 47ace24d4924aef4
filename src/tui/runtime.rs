//! Carries out the app's effects (search, open, export) and feeds their
//! results back as actions, through the one channel that the event loop
//! waits on.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::action::{Action, Look};
use super::app::{App, Effect, ExportError};
use super::workers::{self, DetailsReader, Job, Msg};
use crate::export::{self, ExportFormat};
use crate::index::Index;
use crate::search::{self, Searcher};
use crate::store::{Idx, Store};
use crate::study::Study;

/// Carries out the app's effects. The browser's runtime searches on the
/// worker whatever the library's size; the synchronous one (tests) runs the
/// same engine on the calling thread, with the index built once per store.
pub struct Runtime {
    store: Arc<Store>,
    /// The synchronous runtime's index of `store`, built at its first search
    /// (or given by the loader) and kept until the store changes.
    index: Option<Arc<Index>>,
    searcher: Option<Searcher>,
    threaded: bool,
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
    /// Where copies go: the terminal (OSC 52) in the browser, a list in
    /// tests.
    to_terminal: bool,
    copied: Vec<String>,
    /// Where the query history is kept; `None`: not across sessions.
    history: Option<PathBuf>,
    /// The one channel every worker reports into.
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
}

impl Runtime {
    /// A runtime that searches synchronously (tests).
    #[must_use]
    pub fn sync(app: &App) -> Runtime {
        let (tx, rx) = mpsc::channel();
        Runtime {
            store: Arc::clone(&app.store),
            index: None,
            searcher: None,
            threaded: false,
            opener: system_opener(),
            held: None,
            suspend: false,
            details: None,
            asked: None,
            to_terminal: false,
            copied: Vec::new(),
            history: None,
            tx,
            rx,
        }
    }

    /// The browser's runtime: searches on the worker, whatever the size;
    /// opens links with the config's opener (`VITASCOPE_OPENER` and the
    /// system's come before and after it) and keeps the query history at
    /// `history`.
    #[must_use]
    pub fn for_app(app: &App, opener: Option<Vec<String>>, history: Option<PathBuf>) -> Runtime {
        let mut rt = Runtime::threaded(app);
        rt.to_terminal = true;
        if std::env::var_os("VITASCOPE_OPENER").is_none()
            && let Some(argv) = opener.filter(|a| !a.is_empty())
        {
            rt.opener = argv;
        }
        rt.history = history;
        rt
    }

    /// Keeps the query history at `path` (none: not kept).
    #[must_use]
    pub fn with_history(mut self, path: Option<PathBuf>) -> Runtime {
        self.history = path;
        self
    }

    /// What was copied, when copies are kept rather than sent to the
    /// terminal (every runtime but the browser's).
    #[must_use]
    pub fn copied(&self) -> &[String] {
        &self.copied
    }

    /// A runtime that searches on a worker thread, which builds the index
    /// of the store it starts with.
    #[must_use]
    pub fn threaded(app: &App) -> Runtime {
        let mut rt = Runtime::sync(app);
        rt.threaded = true;
        rt.searcher = Some(Searcher::spawn_into(Arc::clone(&app.store), rt.deliver()));
        rt
    }

    /// Uses this opener command instead of the system's.
    #[must_use]
    pub fn with_opener(mut self, argv: Vec<String>) -> Runtime {
        self.opener = argv;
        self
    }

    /// Where workers send their news: the one channel.
    #[must_use]
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    /// The next message, waiting at most `timeout`.
    #[must_use]
    pub fn next(&self, timeout: Duration) -> Option<Msg> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// A message already waiting, if any.
    #[must_use]
    pub fn next_now(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }

    fn deliver(&self) -> search::Deliver {
        let tx = self.tx.clone();
        Box::new(move |o| tx.send(Msg::Do(Action::Searched(o))).is_ok())
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

    /// Applies every result the workers have sent, without waiting; true
    /// when there was any (tests and scripts: the browser waits instead).
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut news = false;
        while let Some(msg) = self.next_now() {
            if let Msg::Do(a) = msg {
                self.dispatch(app, a);
                news = true;
            }
        }
        news
    }

    /// Waits up to `timeout` for one result from a worker and applies it;
    /// false when none came (tests).
    pub fn wait(&mut self, app: &mut App, timeout: Duration) -> bool {
        match self.next(timeout) {
            Some(Msg::Do(a)) => {
                self.dispatch(app, a);
                true
            }
            _ => false,
        }
    }

    /// Asks the details thread for the selected study's details, once,
    /// when they are not read yet.
    fn read_shown(&mut self, app: &App) {
        let Some(index) = app.current_index() else {
            return;
        };
        let key = (Arc::as_ptr(&app.store) as usize, index);
        if self.asked == Some(key) || app.current().is_none_or(|s| s.details.is_read()) {
            return;
        }
        self.asked = Some(key);
        self.send(Job::One(Arc::clone(&app.store), index));
    }

    fn send(&mut self, job: Job) {
        if self.details.is_none() {
            self.details = DetailsReader::spawn(self.tx.clone());
        }
        if let Some(d) = &self.details {
            d.ask(job);
        }
    }

    /// Has every study's details read behind the browser, on the details
    /// thread, whatever the size: a sort by size waits for its news.
    pub fn read_behind(&mut self, app: &mut App) {
        self.send(Job::Every(Arc::clone(&app.store)));
        self.read_shown(app);
    }

    /// [`Runtime::dispatch`], once it has held back what it holds back.
    fn apply(&mut self, app: &mut App, action: Action) {
        match &action {
            Action::Loaded { store, look, .. } => self.adopt(store, *look == Look::Whole),
            Action::Indexed(index) => {
                if let Some(s) = &self.searcher {
                    s.give_index(Arc::clone(index));
                } else {
                    self.index = Some(Arc::clone(index));
                }
            }
            _ => {}
        }
        let mut next = Some(action);
        while let Some(a) = next.take() {
            next = app.update(a).and_then(|e| self.perform(app, e));
        }
    }

    /// Searches `store` from now on (what has loaded so far); a worker
    /// over the old store ends when its queue is dropped. When the loader
    /// is building the store's index (`index_coming`), the worker waits for
    /// it rather than building its own.
    fn adopt(&mut self, store: &Arc<Store>, index_coming: bool) {
        self.store = Arc::clone(store);
        self.index = None;
        if !self.threaded {
            return;
        }
        let store = Arc::clone(store);
        self.searcher = Some(if index_coming {
            Searcher::awaiting_index_into(store, self.deliver())
        } else {
            Searcher::spawn_into(store, self.deliver())
        });
    }

    fn perform(&mut self, app: &mut App, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Quit => None,
            Effect::Suspend => {
                self.suspend = true;
                None
            }
            Effect::Search(generation, req) => {
                if let Some(d) = &self.details {
                    d.hold_off();
                }
                if let Some(s) = &mut self.searcher {
                    s.submit_as(generation, req);
                    return None;
                }
                let store = &self.store;
                let index = self
                    .index
                    .get_or_insert_with(|| Arc::new(Index::build(store)));
                let mut outcome = search::run_indexed(store, index, &req);
                outcome.generation = generation;
                Some(Action::Searched(outcome))
            }
            Effect::Copy(text) => {
                if self.to_terminal {
                    use std::io::Write as _;
                    let mut out = io::stdout().lock();
                    // a terminal without OSC 52 ignores it; the status
                    // line shows the text either way
                    let _ = out
                        .write_all(super::copy::osc52(&text).as_bytes())
                        .and_then(|()| out.flush());
                } else {
                    self.copied.push(text);
                }
                None
            }
            Effect::Open(url) => Some(Action::Opened(open(&self.opener, &url))),
            Effect::SaveHistory(queries) => self
                .history
                .as_deref()
                .map(|at| Action::HistorySaved(super::history::save(at, &queries))),
            Effect::Export {
                path,
                rows,
                overwrite,
            } => {
                workers::spawn_export(
                    self.tx.clone(),
                    Arc::clone(&app.store),
                    rows,
                    path,
                    overwrite,
                );
                None
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

/// Writes `studies` to `path` (run on an export thread: it reads every
/// study's details).
pub(super) fn export_to(
    path: &Path,
    studies: &[&Study],
    overwrite: bool,
) -> Result<(PathBuf, usize), ExportError> {
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
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{} is not a directory", dir.display())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!("directory {} does not exist", dir.display()));
        }
        Err(e) => {
            return Err(format!(
                "directory {}: {}",
                dir.display(),
                crate::library::io_reason(&e)
            ));
        }
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(format!(
            "{} is a directory: name a file in it",
            path.display()
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_failures_say_what_happened() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d.json");
        std::fs::create_dir(&d).unwrap();
        let said = refuse_target(&d).unwrap_err();
        assert!(
            said.ends_with("d.json is a directory: name a file in it"),
            "{said}"
        );
        let file = dir.path().join("f");
        std::fs::write(&file, "").unwrap();
        let said = refuse_target(&file.join("x.json")).unwrap_err();
        assert!(said.ends_with("f is not a directory"), "{said}");
        let said = refuse_target(&dir.path().join("no/x.json")).unwrap_err();
        assert!(said.contains("does not exist"), "{said}");
        for (kind, says) in [
            (io::ErrorKind::StorageFull, "the disk is full"),
            (io::ErrorKind::PermissionDenied, "permission denied"),
            (io::ErrorKind::IsADirectory, "is a directory"),
        ] {
            assert_eq!(crate::library::io_reason(&io::Error::from(kind)), says);
        }
    }

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
