//! Scaling proof for the readers and the merge that hostile input once made
//! quadratic or unbounded: each case is built at size N and 2N, read, and
//! timed; a linear reader takes about twice as long at 2N. Exits 1 when a
//! ratio is over 3 or a case takes over 10 s.
//!
//! `cargo run --release --example scaling` (well under a minute). A proof by
//! command, not a timed test: the numbers depend on the machine and its load.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use vitascope::read;
use vitascope::store::Store;
use vitascope::study::{Citation, Study};
use vitascope::vocabulary::Vocabulary;

const MAX_RATIO: f64 = 3.0;
const MAX_TIME: Duration = Duration::from_secs(10);

/// A hostile input of size `n`, and how it is read.
struct Case {
    name: &'static str,
    n: usize,
    build: fn(usize) -> Input,
}

enum Input {
    /// A file's text, read as a file named so.
    File(&'static str, String),
    /// Records handed to the store at once.
    Records(Vec<Study>),
}

fn bib_strings(n: usize) -> Input {
    let mut t = String::new();
    for i in 0..n {
        writeln!(t, "@string{{j{i} = {{Journal number {i}}}}}").unwrap();
    }
    for i in 0..n {
        writeln!(
            t,
            "@article{{k{i}, title = {{Study {i}}}, journal = j{i} # {{ and }} # j{}, year = 2020}}",
            i / 2
        )
        .unwrap();
    }
    Input::File("strings.bib", t)
}

fn bib_one_entry_many_strings(n: usize) -> Input {
    let mut t = String::new();
    for i in 0..n {
        writeln!(t, "@string{{j{i} = {{J}}}}").unwrap();
    }
    t.push_str("@article{k, title = {T}");
    for i in 0..n {
        write!(t, ", f{i} = j{i}").unwrap();
    }
    t.push_str("}\n");
    Input::File("wide.bib", t)
}

fn bib_nested(n: usize) -> Input {
    let t = format!(
        "@article{{deep, title = {{{}x{}}}}}\n@article{{ok, title = {{Fine}}}}\n",
        "{".repeat(n),
        "}".repeat(n)
    );
    Input::File("nested.bib", t)
}

fn bib_ats_one_line(n: usize) -> Input {
    Input::File("ats.bib", "@abc{".repeat(n))
}

fn bib_ats_lines(n: usize) -> Input {
    Input::File("ats_lines.bib", "@abc{\n".repeat(n))
}

fn bib_doubling(n: usize) -> Input {
    let mut t = String::from("@string{s0 = {xx}}\n");
    for i in 1..=40 {
        writeln!(t, "@string{{s{i} = s{} # s{}}}", i - 1, i - 1).unwrap();
    }
    for i in 0..n {
        writeln!(t, "@article{{k{i}, title = s40}}").unwrap();
    }
    Input::File("doubling.bib", t)
}

fn same_pmid(n: usize) -> Input {
    let records = (0..n)
        .map(|i| Study {
            title: format!("Copy {i} of one paper"),
            citation: Citation {
                pmid: Some("1".into()),
                ..Citation::default()
            },
            ..Study::default()
        })
        .collect();
    Input::Records(records)
}

fn csl_json(n: usize) -> Input {
    let mut t = String::from("[\n");
    for i in 0..n {
        // every hundredth item is out of range, so items are read one by one
        let volume = if i % 100 == 0 { "1e400" } else { "3" };
        writeln!(
            t,
            "{{\"type\": \"article-journal\", \"title\": \"Item {i} on zinc\", \"volume\": {volume}, \"issued\": {{\"date-parts\": [[2020]]}}}},"
        )
        .unwrap();
    }
    t.push_str("{\"type\": \"book\", \"title\": \"Last\"}\n]\n");
    Input::File("items.json", t)
}

fn xml_malformed(n: usize) -> Input {
    let t = format!(
        "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n{}</PubmedArticleSet>\n",
        "<PubmedArticle></Bad>\n".repeat(n)
    );
    Input::File("bad.xml", t)
}

const CASES: &[Case] = &[
    Case {
        name: "BibTeX, an @string used by each entry",
        n: 20_000,
        build: bib_strings,
    },
    Case {
        name: "BibTeX, one entry using every @string",
        n: 20_000,
        build: bib_one_entry_many_strings,
    },
    Case {
        name: "BibTeX, nested braces",
        n: 8_000_000,
        build: bib_nested,
    },
    Case {
        name: "BibTeX, '@abc{' on one line",
        n: 4_000_000,
        build: bib_ats_one_line,
    },
    Case {
        name: "BibTeX, '@abc{' a line",
        n: 100_000,
        build: bib_ats_lines,
    },
    Case {
        name: "BibTeX, doubling @strings, then entries",
        n: 100_000,
        build: bib_doubling,
    },
    Case {
        name: "merge, records of one PMID",
        n: 80_000,
        build: same_pmid,
    },
    Case {
        name: "CSL-JSON, a bad value in 1%",
        n: 20_000,
        build: csl_json,
    },
    Case {
        name: "PubMed XML, malformed records",
        n: 100_000,
        build: xml_malformed,
    },
];

/// The fastest of three reads of a fresh input of size `n` (the slower
/// ones met other work on the machine).
fn time(case: &Case, n: usize, vocab: &Vocabulary) -> Duration {
    (0..3)
        .map(|_| {
            let input = (case.build)(n);
            let start = Instant::now();
            match input {
                Input::File(name, text) => {
                    let (_, parsed) = read::read_text(name, &text, vocab);
                    std::hint::black_box(parsed.studies.len());
                }
                Input::Records(records) => {
                    std::hint::black_box(Store::new(records).len());
                }
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let vocab = Vocabulary::get();
    let mut failed = false;
    println!(
        "{:<42} {:>9} {:>10} {:>10} {:>6}",
        "case", "N", "time N", "time 2N", "ratio"
    );
    for case in CASES {
        let one = time(case, case.n, vocab);
        let two = time(case, 2 * case.n, vocab);
        let ratio = two.as_secs_f64() / one.as_secs_f64().max(1e-6);
        let bad = ratio > MAX_RATIO || two > MAX_TIME;
        failed |= bad;
        println!(
            "{:<42} {:>9} {:>8.1}ms {:>8.1}ms {:>6.2}{}",
            case.name,
            case.n,
            one.as_secs_f64() * 1e3,
            two.as_secs_f64() * 1e3,
            ratio,
            if bad { "  TOO SLOW" } else { "" }
        );
    }
    if failed {
        println!(
            "some case grows faster than linearly (ratio over {MAX_RATIO}) or took over {MAX_TIME:?}"
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
