//! Taking over the terminal and giving it back, on every way out.
//!
//! `ratatui::init` enters raw mode and the alternate screen and installs a
//! panic hook that restores them; on top of that we turn mouse reporting on
//! and off, show the cursor again, and make a panic on any other thread (the
//! search worker) end the process after the terminal is restored instead of
//! leaving a dead browser on a half-restored screen. SIGTERM and SIGHUP set a
//! flag the event loop checks each tick, so they leave by the normal path.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

/// Enters the browser's terminal mode.
pub fn init() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, Show);
        ratatui_hook(info); // restores raw mode and the screen, then prints
        if std::thread::current().name() != Some("main") {
            let _ = io::stderr().flush();
            std::process::exit(101);
        }
    }));
    execute!(io::stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// Leaves the browser's terminal mode (idempotent).
pub fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, Show);
    ratatui::restore();
}

/// A flag raised by SIGTERM or SIGHUP.
pub fn hangup_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        // without the handler the signal still ends us, only less tidily
        let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
    }
    flag
}

/// True once a termination signal has arrived.
pub fn hung_up(flag: &AtomicBool) -> bool {
    flag.load(Ordering::Relaxed)
}
