//! The hostile-input corpus: each file (or generated input) with what the
//! user gets. Nothing may panic, hang, exhaust memory, or send bytes to the
//! terminal that it would act on; each bad file gets one line naming it and
//! the rest of the library still loads.
//!
//! Exit codes (README): 0 all read, 1 some input not read, 2 usage error.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::file_in_temp;

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
        title.contains('␛') && !title.contains('\u{1b}'),
        "the record holds the escape made visible: {title:?}"
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

/// Writes `name` in a new directory, returning both (the file lives as long
/// as the directory).

#[test]
fn eighty_thousand_records_of_one_pmid_merge_in_linear_time() {
    use std::fmt::Write as _;
    let mut text = String::new();
    for i in 0..80_000 {
        writeln!(text, "PMID- 1\nTI  - Copy {i} of one paper\n").unwrap();
    }
    let (_dir, path) = file_in_temp("same.nbib", &text);
    let start = Instant::now();
    let r = run(&["check", s(&path)]);
    let took = start.elapsed();
    assert_eq!(r.code, Some(0), "{}", r.out());
    assert!(r.out().contains("1 study after merging"), "{}", r.out());
    // quadratic merging took 18 s here; linear takes well under one
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

/// Hostile `BibTeX`: each file ends with a good entry, which must load.
fn hostile_bib() -> Vec<(&'static str, String, &'static str)> {
    use std::fmt::Write as _;
    let good = "\n@article{good, title = {Good entry after the bad}, year = {2020}}\n";
    let mut doubling = String::from("@string{s0 = {xx}}\n");
    for i in 1..=40 {
        writeln!(doubling, "@string{{s{i} = s{} # s{}}}", i - 1, i - 1).unwrap();
    }
    doubling.push_str("@article{big, title = s40}");
    vec![
        (
            "self.bib",
            format!("@string{{self = self}}\n@article{{k, title = self}}{good}"),
            "self.bib:1: @string self refers to itself: skipped",
        ),
        (
            "doubling.bib",
            format!("{doubling}{good}"),
            "doubling.bib:21: @string s20 expands to more than 1 MiB: skipped",
        ),
        (
            "nested.bib",
            format!(
                "@article{{deep, title = {{{}x{}}}}}{good}",
                "{".repeat(100_000),
                "}".repeat(100_000)
            ),
            "nested.bib:1: BibTeX entry with braces nested over 64 deep: skipped",
        ),
        (
            "ats.bib",
            format!("{}{good}", "@abc{".repeat(600_000)),
            "ats.bib:1: BibTeX entry with braces nested over 64 deep: skipped",
        ),
    ]
}

#[test]
fn hostile_bibtex_is_skipped_with_a_line_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, _) in hostile_bib() {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let start = Instant::now();
    let r = run(&["check", s(dir.path())]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let out = r.out();
    for (name, _, problem) in hostile_bib() {
        assert!(
            out.contains(&format!("{name}: 1 record(s) (BibTeX)")),
            "{name}: the good entry loads: {out}"
        );
        assert!(out.contains(problem), "{name}: {out}");
    }
}

#[test]
fn one_value_out_of_range_skips_its_record_not_the_file() {
    let csl = "[\n{\"type\": \"article-journal\", \"title\": \"Kept one\"},\n{\"type\": \"article-journal\", \"title\": \"Huge\", \"volume\": 1e400},\n{\"type\": \"article-journal\", \"title\": \"Lone \\ud800 half\"},\n{\"type\": \"article-journal\", \"title\": \"Kept two\"}\n]\n";
    let record = |title: &str, n: &str, line: &str| {
        format!(
            "{{\"id\": \"x\", \"title\": \"{title}\", \"design\": \"rct\", \"citation\": {{\"authors\": [], \"year\": null, \"journal\": null, \"volume\": null, \"issue\": null, \"pages\": null, \"doi\": null, \"pmid\": null, \"url\": null}},\n\"population\": {{\"n\": {n}, \"description\": null, \"species\": null, \"age_min\": null, \"age_max\": null, \"sex\": null}}, \"included_studies\": null, \"doses\": [], \"comparator\": null, \"duration\": null, \"findings\": [], \"nutrients\": [], \"conditions\": [],\n\"source\": {{\"path\": \"p\", \"headline\": null, \"line\": {line}}}}}"
        )
    };
    let own = format!(
        "[\n{},\n{},\n{},\n{}\n]\n",
        record("Kept three", "12", "1"),
        record("Too many", "1e20", "1"),
        record("Far line", "null", "4294967296"),
        record("Kept four", "null", "2"),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.csl.json"), csl).unwrap();
    std::fs::write(dir.path().join("own.json"), own).unwrap();
    let r = run(&["check", s(dir.path())]);
    let out = r.out();
    assert_eq!(r.code, Some(1), "a skipped record is input not read: {out}");
    for line in [
        "items.csl.json: 2 record(s) (CSL-JSON)",
        "items.csl.json:3: CSL-JSON record skipped: number out of range (\"volume\": 1e400)",
        "items.csl.json:4: CSL-JSON record skipped:",
        "own.json: 2 record(s) (vitascope JSON)",
        "own.json:6: vitascope JSON record skipped: invalid type: floating point `1e+20`, expected u32 (\"n\": 1e20)",
        "own.json:10: vitascope JSON record skipped: invalid value: integer `4294967296`, expected u32 (\"line\": 4294967296)",
        "2 read in part",
    ] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
    assert!(
        lines_naming(&out, "items.csl.json:4:")[0].contains("\\ud800"),
        "{out}"
    );
}

#[test]
fn a_file_of_only_a_bom_or_white_space_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.txt"), b"\xEF\xBB\xBF").unwrap();
    std::fs::write(dir.path().join("blank.json"), b" \n\t\r\n").unwrap();
    std::fs::write(dir.path().join("bom16.txt"), b"\xFF\xFE\n\0").unwrap();
    let r = run(&["list", "--format", "json", s(dir.path())]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.out().trim(), "[]", "no Untitled record");
    for name in ["bom.txt", "blank.json", "bom16.txt"] {
        assert_eq!(
            lines_naming(&r.stderr, &format!("{name}: empty file: no studies")).len(),
            1,
            "{}",
            r.stderr
        );
    }
}

#[test]
fn alike_problems_are_one_line_with_a_count() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
    xml.push_str(&"<PubmedArticle></Bad>\n".repeat(100_001));
    xml.push_str("<PubmedArticle><MedlineCitation><PMID>7</PMID><Article><ArticleTitle>Fine</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n");
    let (_dir, path) = file_in_temp("many.xml", &xml);
    let start = Instant::now();
    let r = run(&["list", s(&path)]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(r.code, Some(1));
    let named = lines_naming(&r.stderr, "many.xml");
    assert_eq!(named.len(), 1, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(
        named[0].starts_with(&format!("{}:3: malformed XML", s(&path)))
            && named[0].ends_with("record skipped … and 100,000 more like it"),
        "{}",
        named[0]
    );
    assert!(r.out().contains("Fine"), "{}", r.out());
}

/// Every kind of character a terminal acts on or that hides or reorders
/// text: C0 controls, ESC-based CSI, OSC and DCS sequences, C1 controls
/// (CSI as U+009B, NEL), DEL, bidi overrides and isolates, zero-width and
/// separator characters (no NUL: a file with one is binary and not read).
const NASTY: &str = "A\u{1b}[31mred\u{1b}[0m \u{1b}]0;pwned\u{7} \u{1b}]8;;http://x\u{1b}\\link \u{1b}P1$r\u{1b}\\ \u{9b}2J \u{85}nel \u{90}dcs\u{9c} \u{7f}del \u{8}\u{b}\u{c}\u{1}\u{1f}\tt \u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{200b}zw\u{200d} \u{2028}sep \u{feff}bom";

fn forbidden_in_output(format: &str, bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let crlf_ok = format == "csv";
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let bad = match c {
            '\n' => false,
            '\r' if crlf_ok => chars.peek() != Some(&'\n'),
            c if c.is_control() => true,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => true,
            _ => false,
        };
        if bad {
            return Some(format!("{c:?} in {format} output: {text:?}"));
        }
    }
    None
}

#[test]
fn no_output_format_carries_a_control_or_escape_sequence() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "article.txt",
            format!(
                "Vitamin D {NASTY} trial\n\nIn a randomized trial, 40 adults {NASTY} took 400 IU of vitamin D daily for 12 weeks; bone density rose {NASTY}.\n"
            ),
        ),
        (
            "refs.ris",
            format!(
                "TY  - JOUR\nTI  - Zinc {NASTY}\nAU  - Lee{NASTY}, A\nJO  - J {NASTY}\nAB  - We gave 30 mg zinc {NASTY} daily.\nDO  - 10.1000/ris{NASTY}\nER  - \n"
            ),
        ),
        (
            "refs.bib",
            // `$` opens LaTeX maths: escaped, as a real export writes it
            format!(
                "@article{{k1, title = {{Calcium {n}}}, author = {{Kim{n}, B.}}, journal = {{Bone {n}}}, abstract = {{Calcium {n} 500 mg}}, doi = {{10.1000/bib{n}}}, year = {{2020}}}}\n",
                n = NASTY.replace('$', "\\$")
            ),
        ),
        ("pubmed.nbib", {
            let mut t = String::new();
            write!(t, "PMID- 12345\nTI  - Magnesium {NASTY}\nAB  - Adults took 300 mg magnesium {NASTY} daily.\nFAU - Okafor{NASTY}, N\nJT  - Sleep {NASTY}\nLID - 10.1000/med{NASTY} [doi]\nDP  - 2021\n").unwrap();
            t
        }),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let path = s(dir.path());
    let json = run(&["list", "--format", "json", path]);
    let records: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(records.len(), files.len(), "{}", json.stderr);
    // the data came through, made visible, not escaped
    for r in &records {
        let title = r["title"].as_str().unwrap();
        assert!(title.contains('␛'), "{title:?}");
        assert!(
            forbidden_in_output("json title", title.as_bytes()).is_none(),
            "{title:?}"
        );
    }
    let mut outputs = vec![("table", list_as(path, "table")), ("json", json.stdout)];
    for format in ["csv", "ris", "bibtex", "markdown"] {
        outputs.push((format, list_as(path, format)));
    }
    for r in &records {
        let id = r["id"].as_str().unwrap();
        for format in ["text", "json"] {
            let shown = run(&["show", id, path, "--format", format]);
            assert_eq!(shown.code, Some(0), "{}", shown.stderr);
            outputs.push(("show", shown.stdout));
        }
    }
    for (format, bytes) in &outputs {
        if let Some(problem) = forbidden_in_output(format, bytes) {
            panic!("{problem}");
        }
        let text = String::from_utf8_lossy(bytes);
        assert!(
            text.contains('␛') || text.contains("\\u241b"),
            "{format}: the placeholders are shown: {text}"
        );
    }
}

fn list_as(path: &str, format: &str) -> Vec<u8> {
    let r = run(&["list", "--format", format, path]);
    assert_eq!(r.code, Some(0), "{format}: {}", r.stderr);
    r.stdout
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
    // on a busy machine the writer may pass the limit before the file is
    // first looked at: then it is refused whole, which holds the limit too
    let out = r.out();
    assert!(
        out.contains("growing.nbib: cannot read: more than the 41943040 byte limit")
            || out.contains("is over the 41943040 byte limit: skipped"),
        "{out}"
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
