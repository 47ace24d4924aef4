//! The real binary in a real terminal: tmux runs `vitascope` on a fixture
//! library, keys are typed with `send-keys`, and the screen is read back with
//! `capture-pane`. Each way out (`q`, Ctrl-C, a panic on the UI thread or
//! another thread, every signal that would end it) and each stop (Ctrl-Z,
//! SIGTSTP) must leave the terminal as it found it: main screen, cursor
//! visible, mouse reporting off; a continue takes the terminal again and
//! redraws it whole.
//!
//! Skipped, with a note, when tmux is not installed. Every wait polls the
//! screen with a deadline instead of sleeping a fixed time, so a loaded CI
//! machine only makes the test slower, not flaky.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(15);

/// The browser's exit status on the fixture library: its `blob.txt` cannot
/// be read, and like the CLI the browser then exits 1.
const SOME_INPUT_UNREADABLE: &str = "1";

const LIBRARY: &str = r#"[
 {"id":"okafor-2013","title":"Three-year daily menaquinone-7 slows bone loss in older women","design":"rct",
  "citation":{"authors":["Okafor MHJ","Lund NE"],"year":2013,"journal":"Osteoporos Int","volume":"24","issue":"9","pages":"2499-2507","doi":"10.1000/bone.2013.0101","pmid":"20130101","url":null},
  "population":{"n":244,"description":"healthy postmenopausal women","species":"human","age_min":55,"age_max":65,"sex":"female"},
  "included_studies":null,
  "doses":[{"nutrient":"vitamin K2","form":"menaquinone-7","amount":180,"unit":"mcg","per":"day","text":"180 mcg MK-7"}],
  "comparator":"placebo","duration":"3 years","findings":["Less loss of bone mineral density"],
  "nutrients":["vitamin K2"],"conditions":["osteoporosis","bone mineral density"],
  "source":{"path":"papers/okafor.txt","headline":null,"line":12}},
 {"id":"ibsen-2021","title":"Kinase inhibitor plus vitamin K for hepatocellular carcinoma","design":"rct",
  "citation":{"authors":["Ibsen Y"],"year":2021,"journal":"Cancer Med","volume":null,"issue":null,"pages":null,"doi":"10.1000/liver.2021.0202","pmid":null,"url":null},
  "population":{"n":42,"description":null,"species":"human","age_min":null,"age_max":null,"sex":null},
  "included_studies":null,"doses":[],"comparator":"sorafenib alone","duration":null,
  "findings":["Increased response rate (27.3% vs 4.5%)"],
  "nutrients":["vitamin K2"],"conditions":["hepatocellular carcinoma"],
  "source":{"path":"papers/ibsen.txt","headline":null,"line":9}},
 {"id":"zhang-2019","title":"Vitamin D3 and calcium for fracture prevention","design":"meta-analysis",
  "citation":{"authors":["Zhang L"],"year":2019,"journal":"Bone","volume":null,"issue":null,"pages":null,"doi":null,"pmid":"31234567","url":null},
  "population":{"n":34243,"description":"older adults","species":"human","age_min":50,"age_max":null,"sex":null},
  "included_studies":11,
  "doses":[{"nutrient":"vitamin D3","form":"cholecalciferol","amount":800,"unit":"IU","per":"day","text":"800 IU/day"}],
  "comparator":"placebo","duration":null,"findings":["Fewer hip fractures"],
  "nutrients":["vitamin D3","calcium"],"conditions":["fracture"],
  "source":{"path":"papers/zhang.ris","headline":null,"line":1}},
 {"id":"tanaka-2016","title":"骨粗鬆症患者におけるビタミンK2 🦴 osteoporosis","design":"cohort",
  "citation":{"authors":["Tanaka K"],"year":2016,"journal":null,"volume":null,"issue":null,"pages":null,"doi":null,"pmid":null,"url":null},
  "population":{"n":120,"description":null,"species":null,"age_min":null,"age_max":null,"sex":null},
  "included_studies":null,"doses":[],"comparator":null,"duration":"2 years","findings":[],
  "nutrients":["vitamin K2"],"conditions":["osteoporosis","fracture"],
  "source":{"path":"papers/tanaka.txt","headline":null,"line":3}},
 {"id":"evil-2020","title":"Omega-3 \u001b[31mred\u001b[0m and calcification\u0007 in rats","design":"animal",
  "citation":{"authors":["Evil E"],"year":2020,"journal":null,"volume":null,"issue":null,"pages":null,"doi":null,"pmid":null,"url":null},
  "population":{"n":30,"description":"rats","species":"rat","age_min":null,"age_max":null,"sex":"male"},
  "included_studies":null,"doses":[],"comparator":null,"duration":"12 weeks",
  "findings":["Less \u001b]0;pwned\u0007 calcification"],
  "nutrients":["omega-3"],"conditions":["arterial calcification"],
  "source":{"path":"papers/evil.txt","headline":null,"line":1}}
]"#;

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        // written to stderr directly: the test harness captures eprintln!
        let _ = writeln!(
            std::io::stderr(),
            "note: tmux is not installed; skipping the terminal end-to-end tests"
        );
    }
    ok
}

/// A tmux server of our own (its own socket), running the browser in one
/// pane that stays on screen after the program ends.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn start(env: &[(&str, &str)]) -> Tmux {
        Tmux::start_on(env, None)
    }

    /// Runs the browser on `path`, or on the fixture library when `None`.
    fn start_on(env: &[(&str, &str)], path: Option<&dyn Fn(&std::path::Path) -> PathBuf>) -> Tmux {
        Tmux::start_with(env, path, &[])
    }

    /// [`Tmux::start_on`] with `extra` arguments after the path.
    fn start_with(
        env: &[(&str, &str)],
        path: Option<&dyn Fn(&std::path::Path) -> PathBuf>,
        extra: &[&str],
    ) -> Tmux {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir(&lib).unwrap();
        std::fs::write(lib.join("library.json"), LIBRARY).unwrap();
        std::fs::write(lib.join("blob.txt"), b"\x00\x01\x02 binary").unwrap();
        std::fs::write(
            dir.path().join("tmux.conf"),
            "set -g remain-on-exit on\nset -g set-clipboard on\n",
        )
        .unwrap();
        let socket = format!(
            "vitascope-e2e-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let t = Tmux { socket, dir };
        // a shell stays in the pane after the browser ends, so the
        // terminal's state afterwards can be read from a live pane
        let mut args: Vec<String> = [
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "120",
            "-y",
            "35",
            "sh",
            "-c",
            "\"$@\"; echo \"vitascope exited: $?\"; exec sleep 600",
            "sh",
            "env",
            "-u",
            "NO_COLOR",
            "-u",
            "RUST_BACKTRACE", // a long backtrace would scroll the message away
            // no config of the person running the tests
            "VITASCOPE_CONFIG=/nonexistent/vitascope.toml",
        ]
        .map(String::from)
        .to_vec();
        // the query history goes to the test's directory, never the home
        args.push(format!(
            "XDG_STATE_HOME={}",
            t.dir.path().join("state").display()
        ));
        args.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        args.push(env!("CARGO_BIN_EXE_vitascope").into());
        let target = path.map_or(lib, |p| p(t.dir.path()));
        args.push(target.display().to_string());
        args.extend(extra.iter().map(|a| (*a).to_string()));
        let out = t.tmux(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "tmux: {out:?}");
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let conf = self.dir.path().join("tmux.conf");
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg(&conf)
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Pastes text as the terminal would: bracketed when the program asked
    /// for it (`bracketed`), else as plain typed bytes.
    fn paste(&self, text: &str, bracketed: bool) {
        let file = self.dir.path().join("paste.txt");
        std::fs::write(&file, text).unwrap();
        let file = file.display().to_string();
        assert!(
            self.tmux(&["load-buffer", "-b", "p", &file])
                .status
                .success()
        );
        let mut args = vec!["paste-buffer", "-b", "p", "-t", "main"];
        if bracketed {
            args.push("-p");
        }
        assert!(self.tmux(&args).status.success());
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "main", "-l", text])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "main"]).stdout)
            .into_owned()
    }

    /// The screen with its colours, as escape codes.
    fn screen_styled(&self) -> String {
        String::from_utf8_lossy(
            &self
                .tmux(&["capture-pane", "-p", "-e", "-t", "main"])
                .stdout,
        )
        .into_owned()
    }

    fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display", "-p", "-t", "main", f]).stdout)
            .trim()
            .to_string()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen if not.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Waits for the program to end; returns its exit status.
    fn wait_exit(&self) -> String {
        let s = self.wait_for("the browser to exit", |s| s.contains("vitascope exited: "));
        let at = s.find("vitascope exited: ").unwrap() + "vitascope exited: ".len();
        s[at..].split_whitespace().next().unwrap_or("").to_string()
    }

    /// The terminal is back to normal: main screen, cursor shown, no mouse
    /// reporting.
    fn assert_terminal_normal(&self, how: &str) {
        for (flag, want) in [
            ("alternate_on", "0"),
            ("cursor_flag", "1"),
            ("mouse_any_flag", "0"),
            ("mouse_button_flag", "0"),
            ("mouse_standard_flag", "0"),
            ("mouse_sgr_flag", "0"),
            ("mouse_all_flag", "0"),
        ] {
            assert_eq!(
                self.format(&format!("#{{{flag}}}")),
                want,
                "after {how}: {flag}; screen:\n{}",
                self.screen()
            );
        }
    }

    /// The browser's process id: the child of the pane's shell.
    fn pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.to_string();
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no browser process under {shell}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn lib(&self) -> PathBuf {
        self.dir.path().join("lib")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn started(env: &[(&str, &str)]) -> Tmux {
    let t = Tmux::start(env);
    t.wait_text("5 studies from 2 files");
    t
}

#[test]
fn browse_filter_pick_resize_and_quit() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let s = t.screen();
    assert!(s.contains("⚠ 1 problem"), "{s}");
    assert!(s.contains("Three-year daily"), "{s}");
    assert!(
        s.contains("␛[31mred"),
        "escape codes are shown, not obeyed:\n{s}"
    );
    assert_eq!(t.format("#{alternate_on}"), "1");

    // filter as you type
    t.keys(&["/"]);
    t.type_text("osteo");
    t.wait_text("/ osteo");
    let s = t.wait_text("2/5");
    assert!(s.contains("/ osteo"), "{s}");
    assert!(!s.contains("Kinase inhibitor"), "{s}");
    t.keys(&["Escape"]);
    t.wait_text("5/5");

    // pick a nutrient
    t.keys(&["n"]);
    t.wait_text("Nutrients");
    t.type_text("d3");
    // 6 names: the seeds' 4 and vitamin D and vitamin K, above them
    t.wait_for("the picker to narrow", |s| s.contains("1/6"));
    t.keys(&["Space", "Enter"]);
    let s = t.wait_text("n: vitamin D3");
    assert!(s.contains("1/5"), "{s}");

    // the detail of the one study left
    t.keys(&["Tab"]);
    let s = t.wait_text("cholecalciferol");
    assert!(s.contains("PMID 31234567"), "{s}");
    assert!(s.contains("n=34243"), "{s}");
    t.keys(&["x"]);
    t.wait_text("5/5");

    // help
    t.keys(&["?"]);
    t.wait_text("wheel scrolls");
    t.keys(&["Escape"]);
    t.wait_for("help to close", |s| !s.contains("wheel scrolls"));

    // resize: narrow stacks the panes; tiny shows what fits; back again
    t.tmux(&["resize-window", "-t", "main", "-x", "60", "-y", "24"]);
    t.wait_for("stacked panes", |s| {
        let lines: Vec<&str> = s.lines().collect();
        let list = lines.iter().position(|l| l.contains("╭ Studies"));
        let detail = lines.iter().position(|l| l.contains("╭ Detail"));
        matches!((list, detail), (Some(a), Some(b)) if b > a)
    });
    t.tmux(&["resize-window", "-t", "main", "-x", "20", "-y", "5"]);
    t.wait_text("vitascope 5/5");
    t.tmux(&["resize-window", "-t", "main", "-x", "1", "-y", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    t.tmux(&["resize-window", "-t", "main", "-x", "120", "-y", "35"]);
    t.wait_text("5 studies from 2 files");
    assert_eq!(t.format("#{pane_dead}"), "0", "alive after resizing");

    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    t.assert_terminal_normal("q");
}

#[test]
fn export_writes_a_file() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let out = t.lib().parent().unwrap().join("out.json");
    t.keys(&["/"]);
    t.type_text("d:rct");
    t.wait_text("2/5");
    t.keys(&["Enter", "e"]);
    t.wait_text("Export");
    t.keys(&["C-u"]);
    t.type_text(out.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_text("exported 2 studies");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("okafor-2013") && written.contains("ibsen-2021"));
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    t.assert_terminal_normal("Ctrl-C");
}

#[test]
fn ctrl_c_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    t.keys(&["/"]);
    t.type_text("vit");
    t.wait_text("/ vit");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    t.assert_terminal_normal("Ctrl-C");
}

#[test]
fn a_panic_restores_the_terminal_and_says_why() {
    if !have_tmux() {
        return;
    }
    for (mode, how, status) in [
        ("1", "a panic", "101"),
        ("thread", "a panic in another thread", "1"),
    ] {
        let t = started(&[("VITASCOPE_TEST_PANIC", mode)]);
        t.keys(&["F12"]);
        assert_eq!(t.wait_exit(), status, "{how}");
        t.assert_terminal_normal(how);
        let s = t.screen();
        assert!(s.contains("forced panic"), "{how}: message shown:\n{s}");
    }
}

#[test]
fn closing_the_terminal_ends_the_browser() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let pid = t.pid();
    // the whole terminal goes away: the browser gets SIGHUP and reads EOF
    t.tmux(&["kill-server"]);
    wait_state(&pid, &['?', 'Z']);
}

#[test]
fn a_library_still_loading_shows_progress_and_takes_keys() {
    if !have_tmux() {
        return;
    }
    // a named pipe holds the load open until the test writes the library:
    // what `vitascope <(zcat export.gz)` does on a slow disk
    let fifo = |dir: &std::path::Path| {
        let p = dir.join("library.fifo");
        let made = Command::new("mkfifo").arg(&p).status().unwrap();
        assert!(made.success());
        p
    };
    let t = Tmux::start_on(&[], Some(&fifo));
    let s = t.wait_text("Reading the library");
    assert!(s.contains("loading…"), "{s}");
    t.wait_text("reading "); // names the pipe it waits on (cut to fit)
    let s = t.screen();
    assert!(s.contains("library.fi"), "{s}");
    t.keys(&["/"]);
    t.type_text("osteo");
    t.wait_text("/ osteo");
    std::fs::write(t.dir.path().join("library.fifo"), LIBRARY).unwrap();
    let s = t.wait_text("5 studies from 1 file");
    let s = if s.contains("2/5") {
        s
    } else {
        t.wait_text("2/5")
    };
    assert!(
        !s.contains("Kinase inhibitor"),
        "the query typed while loading applies:\n{s}"
    );
    assert!(s.contains("Three-year daily"), "{s}");
    t.keys(&["Escape"]);
    t.wait_text("5/5");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "0");
    t.assert_terminal_normal("q after loading");
}

fn kill(sig: &str, pid: &str) {
    assert!(
        Command::new("kill")
            .args([sig, pid])
            .status()
            .unwrap()
            .success()
    );
}

#[test]
fn every_ending_signal_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    for sig in [
        "-TERM", "-HUP", "-INT", "-QUIT", "-USR1", "-USR2", "-ALRM", "-VTALRM", "-PROF", "-XCPU",
        "-XFSZ", "-IO",
    ] {
        let t = started(&[]);
        kill(sig, &t.pid());
        assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE, "{sig}");
        t.assert_terminal_normal(sig);
    }
}

/// The process's state letter in `/proc` (`T` when stopped).
fn state(pid: &str) -> char {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("State:"))
        .and_then(|s| s.trim().chars().next())
        .unwrap_or('?')
}

/// Waits until the process's state is one of `want` (`?`: gone).
fn wait_state(pid: &str, want: &[char]) {
    let start = Instant::now();
    while !want.contains(&state(pid)) {
        assert!(
            start.elapsed() < DEADLINE,
            "{pid} never reached a state of {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ctrl_z_and_sigtstp_give_the_terminal_back_until_continued() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let pid = t.pid();
    for (how, stop) in [("Ctrl-Z", None), ("SIGTSTP", Some("-TSTP"))] {
        t.keys(&["/"]);
        t.type_text("osteo");
        t.wait_text("2/5");
        match stop {
            None => t.keys(&["C-z"]),
            Some(sig) => kill(sig, &pid),
        }
        wait_state(&pid, &['T']);
        t.assert_terminal_normal(how);
        // the shell's screen is back: nothing of the browser on it
        t.wait_for("the main screen", |s| !s.contains("2/5"));
        kill("-CONT", &pid);
        let s = t.wait_text("2/5");
        assert!(
            s.contains("/ osteo"),
            "{how}: the screen is redrawn whole:\n{s}"
        );
        assert!(s.contains("╭ Studies"), "{how}:\n{s}");
        assert_eq!(t.format("#{alternate_on}"), "1", "{how}");
        assert_eq!(t.format("#{mouse_any_flag}"), "1", "{how}");
        // keys are read again, in raw mode
        t.keys(&["Escape"]);
        t.wait_text("5/5");
    }
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    t.assert_terminal_normal("q after continuing");
}

#[test]
fn a_large_paste_arrives_whole_and_never_holds_up_a_key() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let text = "osteo\nporosis\u{1b}[31m ".to_string() + &"bone vitamin k2 ".repeat(320);
    t.keys(&["/"]);
    t.paste(&text, true);
    let s = t.wait_text("bone vitamin k2 ▏");
    // the query line, not the list: a study's own title may show a ␛
    let line = s.lines().find(|l| l.starts_with(" / ")).unwrap_or_default();
    assert!(!line.contains('␛'), "control characters are dropped:\n{s}");
    t.keys(&["Escape"]);
    t.wait_text("5/5");
    // without brackets (a terminal that does not offer them) a paste comes
    // as a burst of keys over 1 KiB; Esc behind it still answers at once
    t.keys(&["/"]);
    t.paste(&"bone vitamin k2 ".repeat(320), false);
    t.keys(&["Escape"]);
    t.wait_text("filter: words");
    // the search for the cleared query may still be running on a busy
    // machine: its answer, with the query still empty, shows all was read
    let s = t.wait_text("5/5");
    assert!(
        s.contains("filter: words"),
        "the whole burst was read:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    t.assert_terminal_normal("q after pasting");
}

/// The escape codes just before the first ` vitascope ` of a styled screen.
fn title_codes(styled: &str) -> String {
    let at = styled.find(" vitascope ").expect("the header");
    styled[..at]
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether escape codes set the foreground to red (colour 1), in either
/// way tmux may write it.
fn red(codes: &str) -> bool {
    codes.contains("[31m") || codes.contains("38;5;1m")
}

#[test]
fn a_config_rebinds_a_key_and_recolours_a_style() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[styles]\ntitle = \"red\"\n\n[[bind]]\nmodes = [\"list\"]\nkeys = { z = \"focus-query\" }\nhelp = \"filter, from z\"\n",
    )
    .unwrap();
    let t = started(&[("VITASCOPE_CONFIG", config.to_str().unwrap())]);
    let codes = title_codes(&t.screen_styled());
    assert!(red(&codes), "the title is red: {codes:?}");
    t.keys(&["z"]);
    t.type_text("osteo");
    t.wait_text("2/5");
    t.keys(&["Enter", "?"]);
    t.wait_text("filter, from z");
    t.keys(&["?"]);
    t.wait_for("the help to close", |s| !s.contains("filter, from z"));
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);

    // without it: the default colours, and z does nothing
    let plain = started(&[]);
    let codes = title_codes(&plain.screen_styled());
    assert!(!red(&codes), "{codes:?}");
    plain.keys(&["z"]);
    plain.type_text("q");
    assert_eq!(
        plain.wait_exit(),
        SOME_INPUT_UNREADABLE,
        "z opened no query line"
    );
}

#[test]
fn a_broken_config_says_where_and_the_defaults_are_used() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "\ntheme = \"dark\"\n").unwrap();
    let t = started(&[("VITASCOPE_CONFIG", config.to_str().unwrap())]);
    let s = t.wait_text("unknown theme");
    assert!(s.contains("config.toml:2:9:"), "{s}");
    t.keys(&["/"]);
    t.type_text("osteo");
    t.wait_text("2/5");
}

/// The id in the detail pane's title: the selected study's.
fn detail_id(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("╭ Detail"))
        .expect("a detail pane");
    let head = line.rsplit('╭').next().unwrap_or_default();
    head.trim_end_matches('╮')
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn marked_rows_are_exported_and_copied() {
    if !have_tmux() {
        return;
    }
    let t = started(&[]);
    let mut want = Vec::new();
    for n in 1..=3 {
        let id = detail_id(&t.screen());
        want.push(id.clone());
        t.keys(&["Space"]);
        t.wait_for("the mark", |s| {
            s.contains(&format!("{n} marked")) && detail_id(s) != id
        });
    }
    let out = t.dir.path().join("marked.json");
    t.keys(&["e", "C-u"]);
    t.type_text(out.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_text("exported 3 studies");
    let written: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut got: Vec<String> = written
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "exactly the marked studies");

    // y: the references go to the clipboard by OSC 52, which this tmux
    // takes into a paste buffer, decoded
    t.keys(&["y"]);
    let s = t.wait_text("copied reference");
    let buffer = String::from_utf8_lossy(&t.tmux(&["show-buffer"]).stdout).into_owned();
    assert_eq!(buffer.lines().count(), 3, "{buffer}");
    let first = buffer.lines().next().unwrap();
    let shown: String = first.chars().take(30).collect();
    assert!(
        s.contains(&shown),
        "the status shows what was copied: {shown}\n{s}"
    );
}

#[test]
fn the_query_history_is_kept_across_sessions() {
    if !have_tmux() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let home = state.path().to_str().unwrap();
    let t = started(&[("XDG_STATE_HOME", home)]);
    t.keys(&["/"]);
    t.type_text("osteo");
    t.wait_text("2/5");
    t.keys(&["Enter", "q"]);
    assert_eq!(t.wait_exit(), SOME_INPUT_UNREADABLE);
    let kept = std::fs::read_to_string(state.path().join("vitascope/history")).unwrap();
    assert_eq!(kept, "osteo\n");

    // the next session recalls it with ↑
    let again = started(&[("XDG_STATE_HOME", home)]);
    again.keys(&["/", "Up"]);
    let s = again.wait_text("2/5");
    assert!(s.contains("osteo"), "{s}");
}

#[test]
fn a_history_that_cannot_be_kept_is_said_and_the_browser_goes_on() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // the history's directory is a file
    std::fs::write(dir.path().join("vitascope"), "").unwrap();
    let t = started(&[("XDG_STATE_HOME", dir.path().to_str().unwrap())]);
    t.keys(&["/"]);
    t.type_text("osteo");
    t.wait_text("2/5");
    t.keys(&["Enter"]);
    t.wait_text("query history not saved");
    t.keys(&["/"]);
    t.type_text(" bone");
    t.wait_text("osteo bone");
}

#[test]
fn config_flag_names_the_config_and_its_settings_take_effect() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mine.toml");
    std::fs::write(
        &config,
        "sort = \"title\"\ncolumns = []\n[[bind]]\nmodes = [\"list\"]\nkeys = { z = \"focus-query\" }\n",
    )
    .unwrap();
    let t = Tmux::start_with(&[], None, &["--config", config.to_str().unwrap()]);
    let s = t.wait_text("sort: title");
    // the list pane is the left one: its rows show no year, design or n
    let list: String = s
        .lines()
        .map(|l| {
            let end = l
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, '│' | '╮'))
                .map_or(l.len(), |(i, _)| i);
            &l[..end]
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !list.contains("n=") && !list.contains(" rct ") && !list.contains("2013"),
        "no columns: {s}"
    );
    t.keys(&["z"]);
    t.type_text("osteo");
    t.wait_text("2/5");

    // a file --config names must exist
    let missing = Tmux::start_with(&[], None, &["--config", "/nonexistent/mine.toml"]);
    missing.wait_text("/nonexistent/mine.toml");
}
