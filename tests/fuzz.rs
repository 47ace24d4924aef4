//! Fuzzing every reader and the query parser with property-based inputs.
//!
//! cargo-fuzz needs a nightly toolchain that CI does not have, so each
//! target is a proptest strategy run for a time budget (`FUZZ_SECONDS`,
//! default 2 s; CI sets more). Inputs are real-shaped: files of the format
//! from `tests/fixtures` and small samples below, mutated (cut, spliced,
//! repeated, sprinkled with format tokens and control bytes). A crash
//! prints the input; keep it under `tests/fuzz/regressions/` and the
//! `regressions_stay_fixed` test replays it forever. Each target appends
//! "target: N executions in S s" to `fuzz-report.txt` in the test tmpdir,
//! which `.ci/run` prints. Fixtures over 30 KB are left out of the corpus:
//! they cost executions and add no shapes the smaller ones lack.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use vitascope::read::{self, Format};
use vitascope::vocabulary::Vocabulary;

fn budget() -> Duration {
    let secs: f64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

/// Small hand-written samples so every target has a corpus even before
/// fixtures of its format exist.
fn samples(format: Format) -> Vec<String> {
    let s: &[&str] = match format {
        Format::Article => &[
            "Vitamin D and falls\n\nIn a randomized trial, 120 adults aged 60-80 took 800 IU of vitamin D daily for 2 years; the control group received placebo.\n\n- Fewer falls (12% vs 20%)\n\nLee A, Kim B. Vitamin D and falls: a randomized trial. J Bone Res. 2019 Mar;12(3):45-52. doi: 10.1000/jbr.1. PMID: 123.\n",
            "<html><body><h1>Fish oil</h1><p>Smith, J. (2018). Fish oil trial. <i>Nutr J</i>, 3(1), 1–9. https://doi.org/10.1/x</p><script>x()</script></body></html>",
        ],
        Format::Medline => &[
            "PMID- 100\nTI  - Menaquinone-7 and bone loss in 244 women.\nAB  - RESULTS: 180 mcg daily for 3 years\n      reduced loss.\nAU  - Lee A\nDP  - 2013 Jan\nTA  - Bone J\nPT  - Randomized Controlled Trial\nMH  - *Vitamin K 2\nLID - 10.1/y [doi]\n\nPMID- 101\nTI  - Second.\n",
        ],
        Format::PubmedXml => &[
            "<?xml version=\"1.0\"?><!DOCTYPE PubmedArticleSet><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue><Volume>3</Volume><PubDate><Year>2001</Year></PubDate></JournalIssue><ISOAbbreviation>J X</ISOAbbreviation></Journal><ArticleTitle>T <i>x</i> &lt;b&gt;</ArticleTitle><Abstract><AbstractText Label=\"RESULTS\">n = 20</AbstractText></Abstract><AuthorList><Author><LastName>Lee</LastName><Initials>A</Initials></Author></AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>",
        ],
        Format::Ris => &[
            "TY  - JOUR\nAU  - Lee, A.\nTI  - A trial\nPY  - 2019\nJO  - J X\nVL  - 3\nSP  - 1\nEP  - 9\nDO  - 10.1/z\nER  - \nTY  - JOUR\nTI  - B\nER  - \n",
        ],
        Format::Bibtex => &[
            "@article{lee2019,\n  author = {Lee, A. and M{\\\"u}ller, B.},\n  title = {{Vitamin} D \\& bone},\n  journal = {J X},\n  year = {2019},\n  doi = {10.1/q}\n}\n",
        ],
        Format::CslJson => &[
            "[{\"id\":\"a\",\"type\":\"article-journal\",\"title\":\"T\",\"author\":[{\"family\":\"Lee\",\"given\":\"A\"}],\"issued\":{\"date-parts\":[[2019]]},\"DOI\":\"10.1/c\"}]",
        ],
        Format::OwnJson => &[
            "[{\"id\":\"lee-2019\",\"title\":\"T\",\"design\":\"rct\",\"citation\":{\"authors\":[\"Lee A\"],\"year\":2019,\"journal\":null,\"volume\":null,\"issue\":null,\"pages\":null,\"doi\":null,\"pmid\":null,\"url\":null},\"population\":{\"n\":3,\"description\":null,\"species\":null,\"age_min\":null,\"age_max\":null,\"sex\":null},\"included_studies\":null,\"doses\":[],\"comparator\":null,\"duration\":null,\"findings\":[],\"nutrients\":[],\"conditions\":[],\"source\":{\"path\":\"x\",\"headline\":null,\"line\":1}}]",
        ],
        Format::OwnCsv => &[
            "id,title,design,authors,year,journal,volume,issue,pages,doi,pmid,url,n,population,species,age_min,age_max,sex,included_studies,doses,comparator,duration,findings,nutrients,conditions,abstract,source_path,source_headline,source_line,sources\nlee-2019,T,rct,\"Lee A\nKim B\",2019,,,,,,,,20,,human,1.5,,female,,\"180 mcg/day | vitamin K2 | MK-7 | 180 mcg MK-7\",,,a;b,vitamin K2,,,x,,1,\n",
        ],
    };
    s.iter().map(|x| (*x).to_string()).collect()
}

/// Every fixture file in the repository whose content is of `format`.
fn corpus(format: Format) -> Vec<String> {
    let mut out = samples(format);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("tests/fixtures"), root.join("seeds")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p)
                && text.len() < 30_000
                && read::detect(&p.display().to_string(), &text) == format
            {
                out.push(text);
            }
        }
    }
    out
}

/// Tokens that stress each format's edges.
const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "      ",
    "PMID- ",
    "TI  - ",
    "AU  - ",
    "ER  - ",
    "TY  - ",
    "@article{",
    "}",
    "{",
    "\\\"",
    "\\&",
    "<",
    ">",
    "</",
    "&amp;",
    "&#x1F600;",
    "&#99999999;",
    "&undefined;",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "\"",
    "[",
    "]",
    ",",
    ":",
    "(",
    ")",
    "(2021.",
    "et al.",
    "doi: 10.",
    "PMID: ",
    "mcg",
    "µg",
    "IU/day",
    " 1 000 ",
    "-",
    "–",
    "•",
    "\u{1b}[31m",
    "\u{7}",
    "\u{202E}",
    "\u{200B}",
    "\u{0}",
    "日本",
    "😀",
    "9999999999999999999",
    "nine",
    "n = ",
    "aged 1-",
    "%",
];

#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Repeat(usize, usize, u8),
    Insert(usize, usize),
    Splice(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (any::<usize>(), 0usize..200, 1u8..5).prop_map(|(a, n, k)| Mutation::Repeat(a, n, k)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Mutation::Insert(a, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Splice(a, b)),
    ]
}

fn floor(s: &str, at: usize) -> usize {
    let mut at = at % (s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut text: String, muts: &[Mutation], other: &str) -> String {
    for m in muts {
        match *m {
            Mutation::Cut(a, n) => {
                let a = floor(&text, a);
                let b = floor(&text, a + n.min(text.len() - a));
                text.replace_range(a..b, "");
            }
            Mutation::Repeat(a, n, k) => {
                let a = floor(&text, a);
                let b = floor(&text, a + n.min(text.len() - a));
                let piece = text[a..b].repeat(usize::from(k));
                text.insert_str(b, &piece);
            }
            Mutation::Insert(a, t) => {
                let a = floor(&text, a);
                text.insert_str(a, TOKENS[t]);
            }
            Mutation::Splice(a, b) => {
                let a = floor(&text, a);
                let b = floor(other, b);
                text.insert_str(a, &other[b..]);
            }
        }
        if text.len() > 100_000 {
            text.truncate(floor(&text, 100_000));
        }
    }
    text
}

/// Runs `check` on generated inputs until the budget is spent; panics with
/// the input that crashed.
fn run_for<S: Strategy>(name: &str, strategy: S, check: impl Fn(&S::Value))
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let start = Instant::now();
    let mut execs = 0u64;
    while start.elapsed() < budget() {
        let value = strategy
            .new_tree(&mut runner)
            .expect("strategy generates")
            .current();
        assert!(
            catch_unwind(AssertUnwindSafe(|| check(&value))).is_ok(),
            "fuzz target {name} crashed on input (keep it in tests/fuzz/regressions/):\n{value:?}"
        );
        execs += 1;
    }
    let line = format!(
        "fuzz {name}: {execs} executions in {:.1} s, no crash\n",
        start.elapsed().as_secs_f64()
    );
    eprint!("{line}");
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-report.txt");
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(report)
        .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
}

/// What must hold for any input: no panic, diagnostics name the file, and
/// the records survive the store and the printers.
fn read_everything(bytes: &[u8]) {
    let vocab = Vocabulary::get();
    let path = "fuzz/input.txt";
    let Ok(text) = read::decode(path, bytes) else {
        return;
    };
    let (_, parsed) = read::read_text(path, &text, vocab);
    for d in &parsed.diagnostics {
        assert_eq!(d.path, path);
    }
    let store = vitascope::store::Store::new(parsed.studies);
    let studies: Vec<&vitascope::study::Study> = store.studies().iter().collect();
    let mut out = Vec::new();
    vitascope::cli::write_table(&studies, 80, &mut out).unwrap();
    for s in &studies {
        assert!(!s.title.is_empty());
        vitascope::cli::write_study(s, &mut out).unwrap();
    }
    assert!(
        !out.iter().any(|&b| b == 0x1b || b == 0x07),
        "escape bytes reached the output"
    );
}

fn fuzz_format(name: &str, format: Format) {
    let corpus = corpus(format);
    let n = corpus.len();
    let strategy =
        (0..n, 0..n, proptest::collection::vec(mutation(), 0..8)).prop_map(move |(i, j, muts)| {
            let c = &corpus;
            apply(c[i].clone(), &muts, &c[j])
        });
    run_for(name, strategy, |input: &String| {
        read_everything(input.as_bytes());
    });
}

#[test]
fn fuzz_article() {
    fuzz_format("article", Format::Article);
}

#[test]
fn fuzz_medline() {
    fuzz_format("medline", Format::Medline);
}

#[test]
fn fuzz_pubmed_xml() {
    fuzz_format("pubmed_xml", Format::PubmedXml);
}

#[test]
fn fuzz_ris() {
    fuzz_format("ris", Format::Ris);
}

#[test]
fn fuzz_bibtex() {
    fuzz_format("bibtex", Format::Bibtex);
}

#[test]
fn fuzz_csl_json() {
    fuzz_format("csl_json", Format::CslJson);
}

#[test]
fn fuzz_own_json() {
    fuzz_format("own_json", Format::OwnJson);
}

#[test]
fn fuzz_raw_bytes() {
    run_for(
        "raw_bytes",
        proptest::collection::vec(any::<u8>(), 0..2000),
        |bytes: &Vec<u8>| read_everything(bytes),
    );
}

#[test]
fn fuzz_query() {
    let vocab = Vocabulary::builtin();
    let store = vitascope::store::Store::new(
        read::read_text("q.txt", &samples(Format::Article)[0], &vocab)
            .1
            .studies,
    );
    let token = proptest::sample::select(vec![
        "n:",
        "c:",
        "d:",
        "y:",
        "a:",
        "..",
        "-",
        "k2",
        "osteo",
        "2015",
        "ÿ",
        "日",
        " ",
        "::",
        "y:9999999999..",
        "(",
        "*",
    ]);
    let strategy =
        proptest::collection::vec(prop_oneof![token.prop_map(str::to_string), ".{0,6}"], 0..8)
            .prop_map(|v| v.concat());
    run_for("query", strategy, |q: &String| {
        let parsed = vitascope::query::parse(q, &vocab);
        let hits =
            vitascope::filter::search(&store, &parsed, &vitascope::filter::Facets::default());
        assert!(hits.len() <= store.len());
        for s in store.studies() {
            let _ = vitascope::filter::highlights(&s.title, &parsed);
        }
    });
}

/// Inputs that once crashed a reader, replayed on every test run.
#[test]
fn regressions_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        read_everything(&bytes);
    }
}
