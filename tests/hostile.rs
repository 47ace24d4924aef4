//! The hostile-input corpus: each file (or generated input) with what the
//! user gets. Nothing may panic, hang, exhaust memory, or send bytes to the
//! terminal that it would act on; each bad file gets one line naming it and
//! the rest of the library still loads.
//!
//! Exit codes (README): 0 all read, 1 some input not read, 2 usage error.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HANG: Duration = Duration::from_mins(1);
const ONE_GIB_KB: u64 = 1024 * 1024;

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    peak_rss_kb: u64,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs the binary, sampling its resident memory, and kills it if it hangs.
fn run(args: &[&str]) -> Run {
    run_env(args, &[])
}

/// [`run`] with more environment variables.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .args(args)
        .env("COLUMNS", "120")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let status_path = format!("/proc/{}/status", child.id());
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        std::io::read_to_string(stdout)
            .map(String::into_bytes)
            .unwrap_or_default()
    });
    let err_thread =
        std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            let rss = text
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
                .unwrap_or(0);
            peak = peak.max(rss);
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("vitascope {args:?} hung for over {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status.code(),
        stdout: out_thread.join().unwrap(),
        stderr: err_thread.join().unwrap(),
        peak_rss_kb: peak,
    };
    assert!(
        !run.stderr.contains("panicked"),
        "vitascope {args:?} panicked: {}",
        run.stderr
    );
    assert!(
        run.code.is_some(),
        "vitascope {args:?} died by a signal: {}",
        run.stderr
    );
    assert!(
        run.peak_rss_kb < ONE_GIB_KB,
        "vitascope {args:?} used {} MiB",
        run.peak_rss_kb / 1024
    );
    run
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A directory with one good article and the given hostile file.
fn beside_a_good_file(hostile: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Magnesium and sleep\n\nIn a trial, 46 older adults took 500 mg of magnesium daily for 8 weeks.\n",
    )
    .unwrap();
    std::fs::copy(hostile, dir.path().join(hostile.file_name().unwrap())).unwrap();
    dir
}

fn lines_naming<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(name)).collect()
}

#[test]
fn binary_and_invalid_utf8_get_one_line_each_and_the_rest_loads() {
    for (name, line) in [
        ("binary.txt", "binary.txt:1: binary data"),
        ("invalid_utf8.txt", "invalid_utf8.txt:4: not UTF-8"),
    ] {
        let dir = beside_a_good_file(&corpus(name));
        let r = run(&["list", s(dir.path())]);
        assert_eq!(r.code, Some(1), "{name}");
        let named = lines_naming(&r.stderr, name);
        assert_eq!(named.len(), 1, "{name}: {}", r.stderr);
        assert!(named[0].contains(line), "{name}: {}", named[0]);
        assert!(
            r.out().contains("Magnesium and sleep") || r.out().lines().count() >= 2,
            "good file missing: {}",
            r.out()
        );
    }
}

#[test]
fn empty_file_is_a_warning_not_a_failure() {
    let dir = beside_a_good_file(&corpus("empty.txt"));
    let r = run(&["check", s(dir.path())]);
    assert_eq!(r.code, Some(0), "{}", r.out());
    assert_eq!(
        lines_naming(&r.out(), "empty.txt: empty file").len(),
        1,
        "{}",
        r.out()
    );
}

#[test]
fn utf16_crlf_and_lone_cr_read_like_the_plain_file() {
    let json = |name: &str| -> Vec<serde_json::Value> {
        let r = run(&["list", "--format", "json", s(&corpus(name))]);
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        serde_json::from_slice(&r.stdout).unwrap()
    };
    let crlf = json("crlf.txt");
    assert!(!crlf.is_empty());
    for name in ["utf16_bom.txt", "lone_cr.txt"] {
        let other = json(name);
        assert_eq!(other.len(), crlf.len(), "{name}");
        for (a, b) in other.iter().zip(&crlf) {
            assert_eq!(a["title"], b["title"], "{name}");
            assert_eq!(
                a["source"]["line"], b["source"]["line"],
                "{name}: line numbers must agree"
            );
            assert_eq!(a["doses"], b["doses"], "{name}");
        }
    }
}

fn has_terminal_controls(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let path = corpus("escapes.txt");
    let list = run(&["list", s(&path)]);
    assert!(
        !has_terminal_controls(&list.stdout),
        "list: {:?}",
        list.out()
    );
    let json = run(&["list", "--format", "json", s(&path)]);
    assert!(
        !has_terminal_controls(&json.stdout),
        "json: {:?}",
        json.out()
    );
    let records: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(!records.is_empty());
    let title = records[0]["title"].as_str().unwrap();
    assert!(
        title.contains('\u{1b}'),
        "JSON keeps the data, escaped: {title:?}"
    );
    for r in &records {
        let show = run(&["show", r["id"].as_str().unwrap(), s(&path)]);
        assert_eq!(show.code, Some(0), "{}", show.stderr);
        assert!(
            !has_terminal_controls(&show.stdout),
            "show: {:?}",
            show.out()
        );
        assert!(
            show.out().contains('␛'),
            "escapes are shown as placeholders: {}",
            show.out()
        );
    }
    let check = run(&["check", s(&path)]);
    assert!(!has_terminal_controls(&check.stdout));
}

#[test]
fn xml_entities_are_never_expanded() {
    let r = run(&[
        "list",
        "--format",
        "json",
        s(&corpus("xxe_billion_laughs.xml")),
    ]);
    let out = r.out();
    assert!(!out.contains("root:"), "external entity was read: {out}");
    assert!(!out.contains("lollollol"), "entity expansion happened");
    assert!(r.stdout.len() < 100_000);
}

#[test]
fn deeply_nested_xml_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.xml");
    let depth = 200_000;
    let xml = format!(
        "<?xml version=\"1.0\"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article><ArticleTitle>{}deep{}</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>",
        "<i>".repeat(depth),
        "</i>".repeat(depth)
    );
    std::fs::write(&path, xml).unwrap();
    let r = run(&["check", s(&path)]);
    assert!(r.code == Some(0) || r.code == Some(1));
    assert!(r.out().contains("deep.xml"));
}

#[test]
fn a_50_mb_single_line_is_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.txt");
    let unit = "vitamin D 400 IU daily in 20 adults aged 30-40 for 3 weeks (p < 0.05), ";
    let text = unit.repeat(50 * 1024 * 1024 / unit.len());
    std::fs::write(&path, text).unwrap();
    let r = run(&["check", s(&path)]);
    assert_eq!(r.code, Some(0), "{}", r.out());
    let out = r.out();
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains("line.txt"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning naming the file: {out}");
}

#[test]
fn file_size_and_record_limits_are_enforced_with_a_message() {
    let dir = beside_a_good_file(&corpus("crlf.txt"));
    let r = run(&["--max-file-size", "0", "check", s(dir.path())]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.out()
            .contains("over the 0 byte limit: skipped (raise it with --max-file-size)"),
        "{}",
        r.out()
    );
    let r = run(&["--max-records", "1", "check", s(dir.path())]);
    assert!(r.out().contains("record limit of 1 reached"), "{}", r.out());
    assert!(r.out().contains("1 stud"), "{}", r.out());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_end_with_a_message() {
    let dir = beside_a_good_file(&corpus("crlf.txt"));
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("dangling.txt"))
        .unwrap();
    let r = run(&["check", s(dir.path())]);
    assert!(r.out().contains("symbolic link loop"), "{}", r.out());
    assert!(
        r.out().contains("dangling.txt: broken symbolic link"),
        "{}",
        r.out()
    );
    assert!(r.out().contains("good.txt: "), "{}", r.out());
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let dir = beside_a_good_file(&corpus("crlf.txt"));
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "Secret\n\ntext").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!(
            "running as root: permissions do not stop reads here; unreadable-file case not testable"
        );
        return;
    }
    let r = run(&["check", s(dir.path())]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.out()
            .contains("locked.txt: cannot read: permission denied"),
        "{}",
        r.out()
    );
}

#[test]
fn a_path_that_does_not_exist_is_named() {
    let r = run(&["check", "/no/such/dir/papers.nbib"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.out()
            .contains("/no/such/dir/papers.nbib: cannot read: no such file or directory"),
        "{}",
        r.out()
    );
}

#[test]
fn inputs_are_never_modified() {
    let dir = beside_a_good_file(&corpus("escapes.txt"));
    let before: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    run(&["list", s(dir.path())]);
    run(&["check", s(dir.path())]);
    for (path, bytes) in before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no files were added beside the inputs"
    );
}

#[test]
fn a_million_tiny_records_load_within_a_gib() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.nbib");
    let mut text = String::with_capacity(32 * 1_000_000);
    for i in 1..=1_000_000u32 {
        writeln!(text, "PMID- {i}\nTI  - t{i}\n").unwrap();
    }
    std::fs::write(&path, text).unwrap();
    let r = run(&["check", s(&path)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.out().contains("tiny.nbib: 1000000 record(s) (MEDLINE)"),
        "{}",
        r.out()
    );
}

/// A MEDLINE file of `count` records of a few bytes each.
fn tiny_records(path: &Path, from: u32, count: u32) {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(32 * count as usize);
    for i in from..from + count {
        writeln!(text, "PMID- {i}\nTI  - t{i}\n").unwrap();
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_record_limit_stops_reading_instead_of_reading_all_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.nbib");
    tiny_records(&path, 1, 2_000_000);
    let r = run(&["--max-records", "1000", "check", s(&path)]);
    let out = r.out();
    assert!(out.contains("tiny.nbib: 1000 record(s)"), "{out}");
    assert!(
        out.contains("record limit of 1000 reached: the rest of this file not loaded"),
        "{out}"
    );
    assert!(
        r.peak_rss_kb < 200 * 1024,
        "1000 records took {} MiB",
        r.peak_rss_kb / 1024
    );
}

#[test]
fn a_large_export_growing_while_read_is_held_to_the_size_limit() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("growing.nbib");
    tiny_records(&path, 1, 700_000); // over 16 MiB: read in blocks
    let block = std::fs::read(&path).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
            // to 2 GiB at most: far past the limit, short of filling a disk
            for _ in 0..100 {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                f.write_all(&block).unwrap();
            }
        })
    };
    let r = run(&["--max-file-size", "40", "check", s(&path)]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert_eq!(r.code, Some(1), "{}", r.out());
    assert!(
        r.out()
            .contains("growing.nbib: cannot read: more than the 41943040 byte limit"),
        "{}",
        r.out()
    );
}

#[cfg(unix)]
#[test]
fn a_vocabulary_that_is_a_device_or_a_pipe_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("vocab.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut cases = vec!["/dev/zero".to_string()];
    if made.is_ok_and(|st| st.success()) {
        cases.push(fifo.display().to_string());
    }
    let good = beside_a_good_file(&corpus("crlf.txt"));
    for vocab in &cases {
        let r = run_env(
            &["list", s(good.path())],
            &[("VITASCOPE_VOCABULARY", vocab)],
        );
        assert!(
            r.stderr.contains(&format!(
                "{vocab}: not a regular file; using the built-in vocabulary"
            )),
            "{vocab}: {}",
            r.stderr
        );
        assert!(r.out().contains("Magnesium and sleep"), "{}", r.out());
    }
}
