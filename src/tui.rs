//! The browser: a terminal view of the library, driven from the keyboard
//! and the mouse.
//!
//! Elm-like: events become `Action`s (`action::keymap`), `App::update`
//! changes state and asks for `Effect`s, the `Runtime` carries those out
//! (search, open, export, save the query history) and feeds the results
//! back as actions, and `view` draws the state. One event loop waits on one channel into which
//! terminal input, signals, the loader, the search worker, the details
//! reader and export writers all send (`workers`), so whatever happens is
//! drawn as soon as it exists. Only the runtime, the workers and
//! `terminal` touch the outside world.
//!
//! Environment: `NO_COLOR` (monochrome theme); `VITASCOPE_OPENER` (command
//! for `o` instead of the config's `opener` or `xdg-open`/`open`, split on
//! spaces, never a shell); `VITASCOPE_CONFIG` (the config file, unless
//! `--config` names one); `XDG_STATE_HOME` (where the query history is
//! kept); `VITASCOPE_TEST_PANIC=1` or `=thread` (F12 panics, for the
//! terminal restoration tests).

pub mod action;
pub mod app;
pub mod config;
pub mod copy;
pub mod help;
pub mod history;
pub mod keys;
pub mod layout;
pub mod line;
pub mod runtime;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod workers;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, MouseEventKind};
use ratatui::layout::Rect;

use crate::library::{Library, Limits};

pub use action::{Action, Look, keymap};
pub use app::{App, Effect, ExportError};
pub use runtime::Runtime;
use workers::{Loader, Msg};

/// Longest the loop waits on its channel before looking at the loader's
/// progress and at panics on other threads (nothing waits on this: every
/// result wakes the loop when it is sent).
const TICK: Duration = Duration::from_millis(50);

/// Longest the loop takes messages in a row before drawing: a burst (a
/// paste without brackets, a held key) is taken whole, one draw after it,
/// yet the screen never waits long.
const DRAIN: Duration = Duration::from_millis(30);

/// What a batch of messages asks of the loop beyond the app's state.
enum Then {
    Go,
    Stop,
    Resume,
}

/// Applies `first` and every message already waiting, for up to
/// [`DRAIN`]. Characters typed in a row go into the line as one paste: one
/// search for the lot, not one per key.
fn take_messages(
    first: Msg,
    app: &mut App,
    runtime: &mut Runtime,
    loader: &mut Option<Loader>,
    screen: Rect,
) -> io::Result<Then> {
    let start = Instant::now();
    // a character never changes the mode, so later events map as if the
    // ones held here were already in
    let mut typed = String::new();
    let mut then = Then::Go;
    let mut msg = Some(first);
    while let Some(m) = msg.take() {
        match m {
            Msg::Input(ev) => match event_action(app, screen, &ev) {
                Some(Action::Insert(c)) => typed.push(c),
                Some(a) => {
                    type_in(app, runtime, &mut typed);
                    runtime.dispatch(app, a);
                }
                None => {}
            },
            Msg::InputGone(e) => return Err(e),
            Msg::Signal(terminal::Signal::Quit(_)) => then = Then::Stop,
            Msg::Signal(terminal::Signal::Suspend) => runtime.suspend = true,
            Msg::Signal(terminal::Signal::Continued) => then = Then::Resume,
            Msg::Do(a) => {
                type_in(app, runtime, &mut typed);
                finish_loading(app, runtime, loader, a);
            }
        }
        if app.quit || runtime.suspend || !matches!(then, Then::Go) || start.elapsed() > DRAIN {
            break;
        }
        msg = runtime.next_now();
    }
    type_in(app, runtime, &mut typed);
    Ok(then)
}

/// Applies a worker's action; the loader's last one ends the loading, and
/// the details reader then starts on the whole library.
fn finish_loading(app: &mut App, runtime: &mut Runtime, loader: &mut Option<Loader>, a: Action) {
    let whole = matches!(
        a,
        Action::Loaded {
            look: Look::Whole | Look::Done,
            ..
        }
    );
    let finished = matches!(a, Action::Indexed(_));
    if whole && let Some(l) = loader {
        l.superseded();
    }
    runtime.dispatch(app, a);
    if finished && loader.take().is_some() {
        runtime.read_behind(app);
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
        return app.keys.action(key, app.mode());
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

/// Whether some input was not read: a whole file, or a record of one (an
/// error, not a warning). The browser then exits 1, as the CLI does.
fn had_problems(library: &Library) -> bool {
    library.has_unreadable()
        || library
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
}

/// Opens the browser on the library at `paths` (none: the seeds), showing
/// it load; returns when the user quits or a termination signal arrives,
/// with the terminal restored either way, and whether some input had a
/// problem. Ctrl-Z or `SIGTSTP` give the terminal back and stop until
/// `fg`. Without a terminal (output piped) it prints the list instead.
pub fn run(paths: Vec<PathBuf>, limits: Limits, config_path: Option<&Path>) -> io::Result<bool> {
    use std::io::IsTerminal as _;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        // piped or scripted: print the list instead of drawing a screen
        let library = Library::load(&paths, &limits);
        let studies: Vec<&crate::study::Study> = library.store.studies().iter().collect();
        crate::present::write_table(&studies, 100, &mut io::stdout().lock())?;
        return Ok(had_problems(&library));
    }
    let seeds = paths.is_empty();
    let (config, config_warning) = config::load(config_path);
    let history_at = history::path();
    let (history, history_warning) = match history_at.as_deref().map(history::load) {
        Some(Ok(queries)) => (queries, None),
        Some(Err(e)) => (Vec::new(), Some(e)),
        None => (Vec::new(), None),
    };
    let warning = match (config_warning, history_warning) {
        (Some(c), Some(h)) => Some(format!("{c}; {h}")),
        (c, h) => c.or(h),
    };
    if let Some(w) = &warning {
        // on stderr too: it stays once the screen is given back
        eprintln!("vitascope: {w}");
    }
    let setup = app::Setup {
        color: theme::color_allowed(),
        theme: config.theme,
        keys: config.keys,
        sort: config.sort,
        columns: config.columns,
        history,
        panic_key: match std::env::var("VITASCOPE_TEST_PANIC").as_deref() {
            Ok("1") => Some(false),
            Ok("thread") => Some(true),
            _ => None,
        },
        warning,
    };
    let mut app = if seeds {
        App::new(Library::seeds())
    } else {
        App::loading()
    }
    .with_setup(setup);
    let mut runtime = Runtime::for_app(&app, config.opener, history_at);
    let mut loader = if seeds {
        runtime.read_behind(&mut app);
        None
    } else {
        Some(Loader::spawn(paths, limits, runtime.sender())?)
    };
    let problems = loader.as_ref().map(|l| Arc::clone(&l.problems));
    let signals = terminal::Signals::catch();
    let tx = runtime.sender();
    signals.forward(move |s| tx.send(Msg::Signal(s)).is_ok());
    let mut term = terminal::init()?;
    let result = (|| -> io::Result<()> {
        workers::spawn_input(runtime.sender())?;
        // paging and scrolling are worked out for the screen's size
        let size = term.size()?;
        runtime.dispatch(&mut app, Action::Resize(size.width, size.height));
        let mut dirty = true;
        while !app.quit {
            if std::mem::take(&mut runtime.suspend) {
                terminal::suspend(&mut term)?;
                dirty = true;
            }
            if dirty {
                term.draw(|f| f.render_widget(&app, f.area()))?;
                dirty = false;
            }
            if let Some(first) = runtime.next(TICK) {
                let size = term.size()?;
                let screen = Rect::new(0, 0, size.width, size.height);
                match take_messages(first, &mut app, &mut runtime, &mut loader, screen)? {
                    Then::Go => {}
                    Then::Stop => break,
                    Then::Resume => terminal::resume(&mut term)?,
                }
                dirty = true;
            }
            if let Some(a) = loader.as_mut().and_then(Loader::poll) {
                runtime.dispatch(&mut app, a);
                dirty = true;
            }
            if let Some(message) = terminal::worker_panic() {
                return Err(io::Error::other(message));
            }
        }
        Ok(())
    })();
    terminal::restore();
    result.map(|()| problems.is_some_and(|p| p.load(Ordering::Relaxed)))
}
