//! Taking over the terminal and giving it back, on every way out.
//!
//! `ratatui::init` enters raw mode and the alternate screen and installs a
//! panic hook that restores them; on top of that we turn mouse reporting on
//! and off and show the cursor again. A panic on any other thread (the
//! search worker) is only recorded: the main thread sees it on its next tick,
//! restores the terminal, prints it and ends, instead of a dead browser being
//! left on a half-restored screen. SIGTERM and SIGHUP set a
//! flag the event loop checks each tick, so they leave by the normal path.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

/// What a panic on another thread said, for the main thread to report.
static WORKER_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Enters the browser's terminal mode.
pub fn init() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        if thread.name() == Some("main") {
            let _ = execute!(io::stdout(), DisableMouseCapture, Show);
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
    execute!(io::stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// The message of a panic on another thread, once one has happened.
pub fn worker_panic() -> Option<String> {
    WORKER_PANIC.lock().ok()?.take()
}

/// Leaves the browser's terminal mode (idempotent).
pub fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, Show);
    ratatui::restore();
}

/// A flag raised by SIGTERM, SIGHUP or SIGINT (`kill -INT`; the Ctrl-C key
/// itself is a key press in raw mode). The event loop checks it each tick.
///
/// When the terminal itself is gone (a closed window, a killed tmux), the
/// crossterm reader can spin on end-of-file inside `event::poll` and never
/// get back to the loop; so a watchdog thread ends the process if the loop
/// has not left within a grace period after the signal.
#[must_use]
pub fn hangup_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            // without the handler the signal still ends us, only less tidily
            let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
        }
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
            let _ = std::thread::Builder::new()
                .name("vitascope-signals".into())
                .spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        std::thread::sleep(GRACE);
                        // the loop did not leave: the terminal is likely gone,
                        // so there is nothing left to restore
                        std::process::exit(128 + sig);
                    }
                });
        }
    }
    flag
}

/// How long the event loop has to notice a termination signal.
const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// True once a termination signal has arrived.
pub fn hung_up(flag: &AtomicBool) -> bool {
    flag.load(Ordering::Relaxed)
}
