//! Typing latency of the real browser in a real terminal: tmux runs
//! `vitascope` on a library, keys are sent one at a time with `send-keys`,
//! and the screen is read back with `capture-pane` every few milliseconds
//! until it shows that key's result (the query line holds the text typed,
//! the list's count is the number of matches this example computed itself,
//! and no "searching…" is left). tmux's own cost is inside the figures.
//!
//! ```text
//! cargo run --release --example synth -- 19000 > /tmp/lib19k.nbib
//! cargo run --release --example latency -- /tmp/lib19k.nbib [BINARY]
//! ```
//!
//! BINARY defaults to `target/release/vitascope`; a timing figure belongs
//! here, not in `cargo test`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use vitascope::index::Index;
use vitascope::library::{Library, Limits};
use vitascope::search::{Request, run_indexed};

/// Words typed a character at a time; Ctrl-U clears the line between them.
const WORDS: &[&str] = &["vitamin", "omega", "calcium", "fracture", "iron", "d:rct"];

/// Longest wait for one key's result before it counts as lost.
const GIVE_UP: Duration = Duration::from_secs(10);

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(lib) = args.next().map(PathBuf::from) else {
        eprintln!("usage: latency LIBRARY [BINARY]");
        std::process::exit(2);
    };
    let binary = args
        .next()
        .unwrap_or_else(|| "target/release/vitascope".into());
    let library = Library::load(std::slice::from_ref(&lib), &Limits::default());
    let store = library.store;
    let index = Index::build(&store);
    let total = store.len();
    let count = |text: &str| {
        run_indexed(
            &store,
            &index,
            &Request {
                text: text.into(),
                ..Request::default()
            },
        )
        .total
    };
    let socket = format!("vitascope-latency-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux runs")
    };
    let run = format!("{binary} {}", lib.display());
    tmux(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "35",
        "env",
        "-u",
        "NO_COLOR",
        "sh",
        "-c",
        &run,
    ]);
    let screen = || String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).into_owned();
    let loaded = format!("{total}/{total}");
    let start = Instant::now();
    // loaded and indexed: the count is whole and no "indexing" is shown
    loop {
        let s = screen();
        if s.contains(&loaded) && !s.contains("index") {
            break;
        }
        assert!(start.elapsed() < Duration::from_mins(5), "never loaded");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    tmux(&["send-keys", "/"]);
    std::thread::sleep(Duration::from_millis(200));
    let mut times: Vec<Duration> = Vec::new();
    let mut lost = 0;
    for word in WORDS {
        let mut typed = String::new();
        for c in word.chars() {
            typed.push(c);
            let want = format!("{}/{total}", count(&typed));
            let key = c.to_string();
            let sent = Instant::now();
            tmux(&["send-keys", "-l", &key]);
            loop {
                let s = screen();
                if s.contains(&want) && s.contains(&typed) && !s.contains("searching") {
                    times.push(sent.elapsed());
                    break;
                }
                if sent.elapsed() > GIVE_UP {
                    lost += 1;
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            // a person's pace, not a burst
            std::thread::sleep(Duration::from_millis(60));
        }
        tmux(&["send-keys", "C-u"]);
        std::thread::sleep(Duration::from_millis(300));
    }
    tmux(&["kill-server"]);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!(
        "{total} studies, {} keys: median {:.1} ms, p90 {:.1} ms, worst {:.1} ms, lost {lost}",
        times.len(),
        at(0.5),
        at(0.9),
        ms(*times.last().expect("a key was answered")),
    );
}
