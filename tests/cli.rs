//! The real binary on fixtures: exit codes, JSON shape, errors.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{stderr, stdout, vitascope};

fn json_list(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let o = vitascope(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("list --format json prints a JSON array")
}

const SCHEMA_FIELDS: &[&str] = &[
    "id",
    "title",
    "design",
    "citation",
    "population",
    "included_studies",
    "doses",
    "comparator",
    "duration",
    "findings",
    "nutrients",
    "conditions",
    "source",
];

#[test]
fn json_records_have_every_schema_field_with_the_right_types() {
    let records = json_list(&[]);
    assert!(records.len() >= 5, "every seed gives at least one study");
    for r in &records {
        for f in SCHEMA_FIELDS {
            assert!(r.get(*f).is_some(), "field {f} missing in {r}");
        }
        assert!(r["title"].as_str().is_some_and(|t| !t.is_empty()), "{r}");
        assert!(r["citation"]["authors"].is_array());
        assert!(r["citation"]["year"].is_null() || r["citation"]["year"].is_i64());
        assert!(
            r["citation"]["pmid"].is_null()
                || r["citation"]["pmid"]
                    .as_str()
                    .unwrap()
                    .bytes()
                    .all(|b| b.is_ascii_digit())
        );
        assert!(
            r["citation"]["doi"].is_null()
                || r["citation"]["doi"].as_str().unwrap().starts_with("10.")
        );
        assert!(r["source"]["path"].as_str().unwrap().starts_with("seeds/"));
        for n in r["nutrients"].as_array().unwrap() {
            assert!(n.is_string());
        }
    }
    let mut ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "ids are unique");
}

#[test]
fn ids_are_stable_across_runs() {
    let a: Vec<String> = json_list(&[]).iter().map(|r| r["id"].to_string()).collect();
    let b: Vec<String> = json_list(&[]).iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(a, b);
}

#[test]
fn table_has_aligned_columns_within_the_width() {
    let o = vitascope(&["list"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID"), "{text}");
    let title_col = lines[0].find("TITLE").unwrap();
    for l in &lines {
        assert!(unicode_width(l) <= 100, "line wider than COLUMNS: {l}");
    }
    assert!(lines.len() > 5);
    assert!(title_col > 20);
}

fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn show_prints_one_study_and_json_matches_list() {
    let records = json_list(&[]);
    let id = records[0]["id"].as_str().unwrap();
    let o = vitascope(&["show", id, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let one: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(one, records[0]);
    let text = vitascope(&["show", id]);
    assert!(stdout(&text).contains(&format!("id:          {id}")));
}

#[test]
fn unknown_id_is_a_usage_error() {
    let o = vitascope(&["show", "no-such-study-1900"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no study with id \"no-such-study-1900\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn nutrient_filter_takes_aliases_and_rejects_unknown_names() {
    let by_alias = json_list(&["--nutrient", "mk-7"]);
    let by_name = json_list(&["--nutrient", "vitamin K2"]);
    assert_eq!(by_alias, by_name);
    assert!(!by_name.is_empty());
    for r in &by_name {
        assert!(
            r["nutrients"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "vitamin K2"),
            "{r}"
        );
    }
    let o = vitascope(&["list", "--nutrient", "unobtainium"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown nutrient \"unobtainium\""));
    // an installed binary has no source tree to point at
    assert!(!stderr(&o).contains("assets/"), "{}", stderr(&o));
    // where a user's names go: the config directory's file or the variable
    for hint in [
        "`vitascope vocabulary`",
        "$XDG_CONFIG_HOME/vitascope/vocabulary.json",
        "VITASCOPE_VOCABULARY",
    ] {
        assert!(stderr(&o).contains(hint), "{hint}: {}", stderr(&o));
    }
    let o = vitascope(&["list", "--design", "guesswork"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn design_and_query_filters_narrow() {
    let all = json_list(&[]);
    let reviews = json_list(&["--design", "review"]);
    assert!(reviews.len() < all.len());
    assert!(reviews.iter().all(|r| r["design"] == "review"));
    let none = json_list(&["--query", "zzzqqqxxx"]);
    assert!(none.is_empty());
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn check_reports_each_file_and_fails_on_unreadable_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", b"Vitamin D and falls\n\nIn a trial, 120 adults took 800 IU of vitamin D daily for 1 year.\n");
    write(dir.path(), "binary.txt", b"\x7fELF\x00\x00\x01");
    let o = vitascope(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("good.txt: 1 record(s) (article)") || out.contains("good.txt:"),
        "{out}"
    );
    assert!(out.contains("binary.txt:1: binary data"), "{out}");
    assert!(out.contains("1 file(s) not read"), "{out}");

    let ok = vitascope(&["check"]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout(&ok).contains("5 file(s)"), "{}", stdout(&ok));
}

#[test]
fn list_on_a_missing_path_names_it_and_still_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        b"Fish oil and lipids\n\nTwenty adults took fish oil.\n",
    );
    let missing = dir.path().join("nope.nbib");
    let o = vitascope(&[
        "list",
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("nope.nbib: cannot read: no such file or directory"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).lines().count() >= 2, "{}", stdout(&o));
}

#[test]
fn json_output_reads_back_to_the_same_records() {
    let o = vitascope(&["list", "--format", "json"]);
    let (_dir, path) = common::file_in_temp("library.json", &o.stdout);
    let again = vitascope(&["list", "--format", "json", path.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let before: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let after: Vec<serde_json::Value> = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(before, after);
}

#[test]
fn help_explains_commands_with_examples() {
    let o = vitascope(&["--help"]);
    let text = stdout(&o);
    for word in ["list", "show", "check", "Examples:", "Exit status"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
    let o = vitascope(&["list", "--help"]);
    assert!(stdout(&o).contains("--nutrient"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .args(["list", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn vocabulary_lists_names_for_people_and_scripts() {
    let o = vitascope(&["vocabulary", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d3 = doc["nutrients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "vitamin D3")
        .unwrap();
    assert_eq!(d3["parent"], "vitamin D");
    assert_eq!(d3["category"], "vitamin");
    assert!(
        d3["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "cholecalciferol")
    );
    assert!(doc["conditions"].as_array().unwrap().len() >= 400);

    let tree = stdout(&vitascope(&["vocabulary", "--tree"]));
    let at = |s: &str| {
        tree.lines()
            .position(|l| l.trim_start().starts_with(s))
            .unwrap()
    };
    let indent = |i: usize| {
        tree.lines().nth(i).unwrap().len() - tree.lines().nth(i).unwrap().trim_start().len()
    };
    let (parent, child) = (at("cardiovascular disease:"), at("stroke:"));
    assert!(indent(child) > indent(parent), "{tree}");
}

/// Whether a JSON record lists `name` among its `field` names.
fn names(r: &serde_json::Value, field: &str, name: &str) -> bool {
    r[field]
        .as_array()
        .is_some_and(|a| a.iter().any(|n| n == name))
}

#[test]
fn design_groups_take_in_every_design_of_the_group() {
    let all = json_list(&[]);
    let expected: Vec<&serde_json::Value> = all
        .iter()
        .filter(|r| names(r, "nutrients", "vitamin K2"))
        .filter(|r| r["design"] == "rct" || r["design"] == "controlled-trial")
        .map(|r| &r["id"])
        .collect();
    let found = json_list(&["--query", "d:trial n:k2"]);
    let ids: Vec<&serde_json::Value> = found.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids.len(), expected.len(), "{ids:?} vs {expected:?}");
    assert!(expected.iter().all(|id| ids.contains(id)), "{ids:?}");
    for design in ["rct", "controlled-trial"] {
        assert!(
            found.iter().any(|r| r["design"] == design),
            "the seeds hold K2 studies of design {design}: {ids:?}"
        );
    }
    // repeated --design flags widen as a group does
    let flags = json_list(&[
        "--design",
        "rct",
        "--design",
        "controlled-trial",
        "-n",
        "k2",
    ]);
    assert_eq!(flags, found);
}

#[test]
fn a_minus_excludes_what_it_names() {
    let k2 = json_list(&["--query", "k2"]);
    let without = json_list(&["--query", "k2 -cancer"]);
    assert!(!without.is_empty() && without.len() < k2.len());
    for r in &without {
        let text = r.to_string().to_lowercase();
        assert!(
            !text.contains("cancer"),
            "a cancer study is left: {}",
            r["id"]
        );
    }
    let either = json_list(&["--query", "d:cohort | d:rct"]);
    assert!(
        either
            .iter()
            .all(|r| r["design"] == "cohort" || r["design"] == "rct")
    );
    assert!(either.iter().any(|r| r["design"] == "cohort"));
    assert!(either.iter().any(|r| r["design"] == "rct"));
}

#[test]
fn a_term_that_cannot_be_read_is_a_usage_error_saying_what_is_allowed() {
    for (query, says) in [
        ("d:foo", "controlled-trial"),
        ("y:2025..2010", "y:2010..2025"),
        ("size:lots", "size:>=100"),
        ("zz:1", "size: (participants)"),
    ] {
        let o = vitascope(&["list", "--query", query]);
        assert_eq!(o.status.code(), Some(2), "{query}");
        assert!(stderr(&o).contains(says), "{query}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    let o = vitascope(&["list", "--design", "foo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("observational"), "{}", stderr(&o));
}

#[test]
fn sort_size_year_and_min_n_flags() {
    let by_size = json_list(&["--sort", "size"]);
    let sizes: Vec<Option<u64>> = by_size
        .iter()
        .map(|r| r["population"]["n"].as_u64())
        .collect();
    let mut sorted = sizes.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sizes, sorted, "largest first, unknown last");
    let big = json_list(&["--min-n", "20"]);
    assert!(!big.is_empty());
    assert!(
        big.iter()
            .all(|r| r["population"]["n"].as_u64() >= Some(20))
    );
    assert!(big.len() < by_size.len());
    let newest = json_list(&["--sort", "newest", "--year", "2010..2020"]);
    let years: Vec<i64> = newest
        .iter()
        .map(|r| r["citation"]["year"].as_i64().unwrap())
        .collect();
    assert!(years.iter().all(|y| (2010..=2020).contains(y)), "{years:?}");
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    let titles: Vec<String> = json_list(&["--sort", "title"])
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn ids_are_never_cut_in_a_narrow_table() {
    let ids: Vec<String> = json_list(&[])
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .args(["list"])
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    let table = stdout(&o);
    for id in &ids {
        assert!(
            table
                .lines()
                .any(|l| l.split_whitespace().next() == Some(id)),
            "{id} whole in:\n{table}"
        );
    }
}

#[test]
fn notes_and_tables_are_no_studies_and_an_own_csv_export_is() {
    let dir = tempfile::tempdir().unwrap();
    let export = vitascope(&["list", "--format", "csv"]);
    assert!(export.status.success());
    write(dir.path(), "export.csv", &export.stdout);
    write(
        dir.path(),
        "README.md",
        b"# A folder of papers\n\nThese are the meta-analysis and randomized trial papers I keep.\n\n```\nvitascope list --design rct\n```\n",
    );
    write(
        dir.path(),
        "MANIFEST.md",
        b"# Manifest\n\n| file | about |\n|---|---|\n| a.txt | 750 children aged 1-5 took 100 mcg of vitamin K2 daily |\n| b.txt | a meta-analysis of omega-3 |\n",
    );
    write(dir.path(), "other.csv", b"name,amount\nvitamin D,800 IU\n");
    let o = vitascope(&["list", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let seeds = json_list(&[]);
    let ids = |v: &[serde_json::Value]| {
        let mut ids: Vec<String> = v.iter().map(|r| r["id"].to_string()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&read), ids(&seeds), "exactly the export's studies");
    let err = stderr(&o);
    for name in ["README.md", "MANIFEST.md", "other.csv"] {
        assert!(
            err.contains(&format!("{name}:")) && err.contains("no study found"),
            "{err}"
        );
    }
}

#[test]
fn a_folder_of_broken_files_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.bib",
        b"@article{k,\n  title = {Unclosed,\n  year = 2020\n",
    );
    write(
        dir.path(),
        "cut.xml",
        b"<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>Cut",
    );
    write(dir.path(), "open.ris", b"TY  - JOUR\nTI  - No end\n");
    write(dir.path(), "empty.txt", b"");
    for cmd in ["list", "check"] {
        let o = vitascope(&[cmd, dir.path().to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{cmd}: {}{}",
            stdout(&o),
            stderr(&o)
        );
    }
}

#[test]
fn completions_and_a_man_page_cover_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = vitascope(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(
            script.contains("sort") && script.contains("check"),
            "{shell}"
        );
    }
    let o = vitascope(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(page.contains(".TH vitascope 1"), "{page}");
    assert!(page.contains("list"), "{page}");
    assert_eq!(vitascope(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn help_prints_no_markdown_backticks() {
    for cmd in [
        &["--help"][..],
        &["list", "--help"],
        &["show", "--help"],
        &["vocabulary", "--help"],
    ] {
        let o = vitascope(cmd);
        assert!(o.status.success());
        assert!(!stdout(&o).contains('`'), "{cmd:?}: {}", stdout(&o));
    }
    let list = stdout(&vitascope(&["list", "--help"]));
    assert!(
        list.contains("d:observational") && list.contains("size:>=100"),
        "{list}"
    );
}

#[test]
fn the_browser_names_a_missing_path_and_fails_when_piped() {
    let o = Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .arg("/nonexistent/vitascope-test-path")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("vitascope-test-path: cannot read: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

/// The binary with a config directory of its own (`XDG_CONFIG_HOME`) and
/// no `VITASCOPE_VOCABULARY`.
fn vitascope_configured(args: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env_remove("VITASCOPE_VOCABULARY")
        .output()
        .expect("the binary runs")
}

#[test]
fn vocabulary_check_names_each_problem_by_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.json");
    std::fs::write(
        &file,
        r#"{
  "nutrients": {
    "moon dust": ["selenite powder"],
    "star dust": {"parent": "comet tail", "aliases": ["selenite powder"]}
  },
  "conditions": {
    "night itch": {"parent": "day itch"},
    "day itch": {"parent": "night itch"}
  }
}"#,
    )
    .unwrap();
    let o = vitascope_configured(
        &["vocabulary", "--check", file.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let shown = file.display().to_string();
    assert!(
        out.contains(&format!(
            "{shown}:4: alias \"selenite powder\" of nutrient \"star dust\" is also claimed by \"moon dust\" (line 3)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{shown}:4: nutrient \"star dust\" has the parent \"comet tail\""
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{shown}:7: parents go round in a cycle: night itch → day itch → night itch"
        )),
        "{out}"
    );
    assert!(out.contains("3 problem(s)"), "{out}");

    let clean = dir.path().join("clean.json");
    std::fs::write(
        &clean,
        r#"{"nutrients": {"moon dust": ["selenite powder"]}}"#,
    )
    .unwrap();
    let o = vitascope_configured(
        &["vocabulary", "--check", clean.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no problems"));

    let o = vitascope_configured(
        &[
            "vocabulary",
            "--check",
            dir.path().join("absent.json").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("absent.json"), "{}", stderr(&o));
}

#[test]
fn a_vocabulary_in_the_config_directory_extends_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let nutrient = ["list", "--nutrient", "selenite powder"];
    // not a name until the config directory holds it
    assert_eq!(
        vitascope_configured(&nutrient, dir.path()).status.code(),
        Some(2)
    );
    std::fs::create_dir_all(dir.path().join("vitascope")).unwrap();
    let file = dir.path().join("vitascope").join("vocabulary.json");
    std::fs::write(
        &file,
        r#"{"nutrients": {"moon dust": ["selenite powder"]}}"#,
    )
    .unwrap();
    let o = vitascope_configured(&nutrient, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = vitascope_configured(&["vocabulary", "--json"], dir.path());
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        doc["nutrients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "moon dust" && e["aliases"][0] == "selenite powder")
    );

    // without XDG_CONFIG_HOME, ~/.config is the config directory
    let at_home = || {
        Command::new(env!("CARGO_BIN_EXE_vitascope"))
            .args(nutrient)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("VITASCOPE_VOCABULARY")
            .env("HOME", dir.path())
            .output()
            .unwrap()
    };
    let o = at_home();
    assert_eq!(o.status.code(), Some(2), "no ~/.config/vitascope here yet");
    std::fs::create_dir_all(dir.path().join(".config")).unwrap();
    std::fs::rename(
        dir.path().join("vitascope"),
        dir.path().join(".config").join("vitascope"),
    )
    .unwrap();
    let o = at_home();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_broken_vocabulary_in_the_config_directory_is_named_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("vitascope")).unwrap();
    let file = dir.path().join("vitascope").join("vocabulary.json");
    std::fs::write(&file, "{\"nutrients\": {oops").unwrap();
    let o = vitascope_configured(&["list", "--nutrient", "zinc"], dir.path());
    assert_eq!(o.status.code(), Some(0), "the built-in names still work");
    let err = stderr(&o);
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("using the built-in vocabulary"), "{err}");
    assert!(!err.contains("assets/"), "{err}");
}

#[test]
fn config_default_prints_the_whole_commented_file() {
    let o = vitascope(&["config", "--default"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for part in [
        "theme = \"default\"",
        "#opener = [\"xdg-open\"]",
        "sort = \"relevance\"",
        "columns = [\"year\", \"design\", \"n\"]",
        "[styles]",
        "#matched = ",
        "#[[bind]]",
        "open-link",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    // a file given with --config that parses starts with no warning: the
    // printed file is that file (its parse is tested in tui::config)
    assert_eq!(vitascope(&["config"]).status.code(), Some(2));
}
