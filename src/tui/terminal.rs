//! Taking over the terminal and giving it back, on every way out.
//!
//! `ratatui::init` enters raw mode and the alternate screen and installs a
//! panic hook that restores them; on top of that we turn mouse reporting on
//! and off and show the cursor again. A panic on any other thread (the
//! search worker) is only recorded: the main thread sees it on its next tick,
//! restores the terminal, prints it and ends, instead of a dead browser being
//! left on a half-restored screen. Signals are sent into the event loop's
//! channel as they arrive (see [`Signals`]), so every one that would end us
//! leaves by the normal path, and a stop or a continue is met with the
//! terminal given back or taken again.

use std::io;
use std::sync::Mutex;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};

/// What a panic on another thread said, for the main thread to report.
static WORKER_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Enters the browser's terminal mode.
pub fn init() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        if thread.name() == Some("main") {
            let _ = execute!(
                io::stdout(),
                DisableMouseCapture,
                DisableBracketedPaste,
                Show
            );
            ratatui_hook(info); // restores raw mode and the screen, then prints
            return;
        }
        // Another thread must not write to the terminal: the main thread
        // may hold stdout. It reports the panic and leaves on its next tick.
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = format!(
            "thread '{}' panicked{at}:\n{payload}",
            thread.name().unwrap_or("unnamed")
        );
        if let Ok(mut slot) = WORKER_PANIC.lock() {
            slot.get_or_insert(message);
        }
    }));
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    Ok(terminal)
}

/// The message of a panic on another thread, once one has happened.
pub fn worker_panic() -> Option<String> {
    WORKER_PANIC.lock().ok()?.take()
}

/// Leaves the browser's terminal mode (idempotent).
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        Show
    );
    ratatui::restore();
}

/// Takes the terminal again after a stop, and has the next draw paint the
/// whole screen: the shell drew over it meanwhile.
///
/// By hand rather than through `ratatui::init`, which would stack a second
/// panic hook on ours. Raw mode is left first: after a `SIGSTOP` from
/// outside, the shell may have put the terminal back in cooked mode while
/// crossterm still believes it raw.
pub fn resume(term: &mut DefaultTerminal) -> io::Result<()> {
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    // the backend still believes the cursor hidden since before the stop
    term.hide_cursor()?;
    // a resize to the same size clears the screen and forgets what was
    // drawn; `clear` would ask the terminal where the cursor is, and the
    // answer would go to the input thread, which owns the reader
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Gives the terminal back, stops the process until `fg` (or any
/// `SIGCONT`) and takes it again: what Ctrl-Z and an outside `SIGTSTP` do.
pub fn suspend(term: &mut DefaultTerminal) -> io::Result<()> {
    restore();
    #[cfg(unix)]
    {
        // SIGSTOP, not SIGTSTP: we catch SIGTSTP ourselves
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    }
    resume(term)
}

/// What a signal asks of the event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// End: restore the terminal and leave (the signal's number).
    Quit(i32),
    /// Stop until continued (`SIGTSTP`).
    Suspend,
    /// We were stopped by something else and continue (`SIGCONT`).
    Continued,
}

/// Every signal that ends a process by default and can be caught, except
/// the ones a fault raises (returning from those re-runs the fault) and
/// `SIGABRT` (`abort` ends us whatever a handler does). `SIGPIPE` is not
/// here: the Rust runtime ignores it, so it never ended us.
#[cfg(unix)]
const ENDING: &[i32] = {
    use signal_hook::consts::signal::{
        SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
        SIGXFSZ,
    };
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        &[
            SIGHUP,
            SIGINT,
            SIGQUIT,
            SIGTERM,
            SIGUSR1,
            SIGUSR2,
            SIGALRM,
            SIGVTALRM,
            SIGPROF,
            SIGXCPU,
            SIGXFSZ,
            signal_hook::consts::signal::SIGIO,
        ]
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        &[
            SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
            SIGXCPU, SIGXFSZ,
        ]
    }
};

/// The signals the event loop answers, sent into its channel.
///
/// When the terminal itself is gone (a closed window, a killed tmux), the
/// crossterm reader can spin on end-of-file inside `event::poll` and never
/// get back to the loop; so a watchdog thread ends the process if the loop
/// has not left within a grace period after an ending signal.
pub struct Signals {
    #[cfg(unix)]
    pending: Option<signal_hook::iterator::Signals>,
}

impl Signals {
    /// Catches every ending signal, `SIGTSTP` and `SIGCONT` from now on.
    #[must_use]
    pub fn catch() -> Signals {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGCONT, SIGTSTP};
            let all = ENDING.iter().copied().chain([SIGTSTP, SIGCONT]);
            // without the handlers the signals still act, only less tidily
            let pending = signal_hook::iterator::Signals::new(all).ok();
            start_watchdog();
            Signals { pending }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    /// Hands each signal, as it arrives, to `deliver` on a thread of its
    /// own, until `deliver` says no one listens.
    pub fn forward(self, deliver: impl Fn(Signal) -> bool + Send + 'static) {
        #[cfg(unix)]
        {
            use signal_hook::consts::SIGTSTP;
            let Some(mut pending) = self.pending else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("vitascope-signal-news".into())
                .spawn(move || {
                    for sig in pending.forever() {
                        let signal = if ENDING.contains(&sig) {
                            Signal::Quit(sig)
                        } else if sig == SIGTSTP {
                            Signal::Suspend
                        } else {
                            Signal::Continued
                        };
                        if !deliver(signal) {
                            return;
                        }
                    }
                });
        }
        #[cfg(not(unix))]
        drop(deliver);
    }
}

#[cfg(unix)]
fn start_watchdog() {
    let Ok(mut signals) = signal_hook::iterator::Signals::new(ENDING) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("vitascope-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                std::thread::sleep(GRACE);
                // the loop did not leave: the terminal is likely gone, so
                // there is nothing left to restore
                std::process::exit(128 + sig);
            }
        });
}

/// How long the event loop has to notice an ending signal.
#[cfg(unix)]
const GRACE: std::time::Duration = std::time::Duration::from_secs(2);
