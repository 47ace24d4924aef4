//! The search engine as the browser and the CLI see it: prefix words,
//! AND, facets, ranking, the fuzzy fallback, and the worker's generations.
//! No timing assertions: `vitascope bench` measures speed.

use std::sync::Arc;
use std::time::Duration;

use vitascope::filter::{self, Facets, Hit};
use vitascope::index::Index;
use vitascope::query;
use vitascope::search::{self, Request, Searcher};
use vitascope::store::{Idx, Store};
use vitascope::study::{Citation, Design, Study};
use vitascope::vocabulary::Vocabulary;

fn study(title: &str, abs: &str, nutrient: &str, condition: &str, year: i32) -> Study {
    Study {
        title: title.into(),
        abstract_text: Some(abs.into()),
        nutrients: vec![nutrient.into()],
        conditions: vec![condition.into()],
        design: Design::Rct,
        citation: Citation {
            authors: ["Lee A"].into(),
            year: Some(year),
            ..Citation::default()
        },
        ..Study::default()
    }
}

fn library() -> Store {
    Store::new(vec![
        // 0
        study(
            "Menaquinone-7 and bone loss in postmenopausal women",
            "180 mcg of menaquinone-7 daily for 3 years reduced bone loss.",
            "vitamin K2",
            "osteoporosis",
            2013,
        ),
        // 1
        study(
            "Fish oil and triglycerides",
            "Omega-3 lowered triglycerides; menaquinone was not studied.",
            "omega-3",
            "dyslipidemia",
            1988,
        ),
        // 2
        study(
            "Vitamin D in toddlers",
            "Cholecalciferol and respiratory infection in children.",
            "vitamin D3",
            "respiratory infection",
            2014,
        ),
        // 3
        study(
            "Calcium and fracture in older adults",
            "Calcium with vitamin D reduced hip fracture; osteoporosis was common.",
            "calcium",
            "fracture",
            2016,
        ),
        // 4
        study(
            "Osteoporosis treatment with vitamin K",
            "Phylloquinone lowered fracture risk.",
            "vitamin K1",
            "osteoporosis",
            2019,
        ),
    ])
}

fn ids(hits: &[Hit]) -> Vec<Idx> {
    let mut v: Vec<Idx> = hits.iter().map(|h| h.index).collect();
    v.sort_unstable();
    v
}

fn find(store: &Store, text: &str) -> Vec<Hit> {
    filter::search(
        store,
        &query::parse(text, Vocabulary::get()),
        &Facets::default(),
    )
}

#[test]
fn a_word_matches_as_a_prefix_of_any_indexed_word() {
    let s = library();
    assert_eq!(ids(&find(&s, "menaq")), [0, 1]);
    assert_eq!(ids(&find(&s, "triglyc")), [1]);
    assert_eq!(ids(&find(&s, "MENAQUINONE")), [0, 1], "case is ignored");
    assert_eq!(ids(&find(&s, "2016")), [3], "years are words too");
    assert!(find(&s, "zzzzzzzzzzzz").is_empty());
}

#[test]
fn words_are_anded() {
    let s = library();
    assert_eq!(ids(&find(&s, "calcium")), [3]);
    assert_eq!(ids(&find(&s, "osteo")), [0, 3, 4]);
    assert_eq!(ids(&find(&s, "osteo fract")), [3, 4]);
    assert_eq!(ids(&find(&s, "osteo fract calc")), [3]);
    assert!(find(&s, "osteo triglycerides").is_empty());
}

#[test]
fn facets_and_field_terms_intersect_with_words() {
    let s = library();
    let mut f = Facets::default();
    f.conditions.insert("osteoporosis".into());
    let v = Vocabulary::get();
    let hits = filter::search(&s, &query::parse("", v), &f);
    assert_eq!(ids(&hits), [0, 4]);
    let hits = filter::search(&s, &query::parse("fracture", v), &f);
    assert_eq!(ids(&hits), [4]);
    let hits = filter::search(&s, &query::parse("y:2014.. osteo", v), &Facets::default());
    assert_eq!(ids(&hits), [3, 4]);
    let hits = filter::search(&s, &query::parse("n:k2", v), &Facets::default());
    assert_eq!(ids(&hits), [0]);
}

#[test]
fn a_title_match_ranks_above_an_abstract_match() {
    let s = library();
    let hits = find(&s, "menaquinone");
    assert_eq!(hits[0].index, 0, "title (first word) beats abstract");
    assert!(hits[0].score > hits[1].score);
    let hits = find(&s, "osteoporosis");
    // title first word (4) > condition field (0) > abstract only (3)
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [4, 0, 3]);
}

#[test]
fn typos_and_abbreviations_fall_back_to_fuzzy_matching() {
    let s = library();
    let hits = find(&s, "osteprosis");
    assert!(!hits.is_empty());
    assert!(
        [0, 4].contains(&hits[0].index),
        "an osteoporosis study first: {hits:?}"
    );
    let hits = find(&s, "mnqn");
    assert_eq!(hits.first().map(|h| h.index), Some(0));
    // a typo ANDs with a correct word
    assert_eq!(ids(&find(&s, "osteprosis phylloq")), [4]);
}

#[test]
fn ties_keep_store_order_and_the_empty_query_is_the_store() {
    let same = study("Same title", "Same text", "zinc", "acne", 2000);
    let s = Store::new(vec![same.clone(), same.clone(), same.clone(), same]);
    let hits = find(&s, "same");
    assert_eq!(
        hits.iter().map(|h| h.index).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    let s = library();
    let all = find(&s, "");
    assert_eq!(
        all.iter().map(|h| h.index).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
}

#[test]
fn the_cli_engine_and_the_worker_agree() {
    let store = Arc::new(library());
    let index = Arc::new(Index::build(&store));
    let mut worker = Searcher::with_index(Arc::clone(&store), Arc::clone(&index));
    for text in [
        "",
        "osteo",
        "osteo fract",
        "menaquinone",
        "osteprosis",
        "mnqn",
        "d:rct y:2010..",
        "a:lee vitamin",
    ] {
        let cli = find(&store, text);
        let run = search::run(
            &store,
            &Request {
                text: text.into(),
                ..Request::default()
            },
        );
        worker.submit(Request {
            text: text.into(),
            ..Request::default()
        });
        let out = worker
            .wait_complete(Duration::from_secs(30))
            .expect("an answer");
        assert_eq!(out.hits, cli, "worker vs CLI for {text:?}");
        assert_eq!(run.hits, cli, "run vs CLI for {text:?}");
        assert_eq!(out.total, cli.len());
    }
}

/// A library big enough that the fuzzy fallback reports partial results
/// (it reports every 65,536 records scanned).
fn big() -> Arc<Store> {
    let mut v = Vec::with_capacity(150_000);
    for i in 0..150_000 {
        v.push(Study {
            title: if i % 1000 == 0 {
                format!("Osteoporosis study {i}")
            } else {
                format!("Record {i}")
            },
            ..Study::default()
        });
    }
    Arc::new(Store::new(v))
}

#[test]
fn a_fuzzy_scan_streams_partial_outcomes_best_first_then_completes() {
    let store = big();
    let mut worker = Searcher::spawn(Arc::clone(&store));
    let generation = worker.submit(Request {
        text: "osteprosis".into(),
        ..Request::default()
    });
    let mut partials = 0;
    let done = loop {
        let o = worker.wait(Duration::from_mins(2)).expect("an outcome");
        assert_eq!(o.generation, generation);
        assert!(
            o.hits
                .windows(2)
                .all(|w| (w[0].score, std::cmp::Reverse(w[0].index))
                    >= (w[1].score, std::cmp::Reverse(w[1].index))),
            "best first"
        );
        if o.complete {
            break o;
        }
        if partials == 0 {
            // records holding a term close to the typo are scanned first
            assert!(!o.hits.is_empty() && o.hits.iter().all(|h| h.index % 1000 == 0));
        }
        partials += 1;
        assert!(o.total >= o.hits.len());
    };
    assert!(partials > 0, "partial outcomes before the end");
    assert_eq!(done.total, 150);
    assert!(done.hits.iter().all(|h| h.index % 1000 == 0));
}

#[test]
fn a_superseded_generation_is_never_returned() {
    let store = big();
    let mut worker = Searcher::spawn(Arc::clone(&store));
    // a slow fuzzy scan, then at once a quick indexed query
    let old = worker.submit(Request {
        text: "osteprosis".into(),
        ..Request::default()
    });
    let new = worker.submit(Request {
        text: "record 77".into(),
        ..Request::default()
    });
    assert!(new > old);
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_mins(2);
    while std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
        if let Some(o) = worker.poll() {
            seen.push(o.generation);
            if o.complete {
                break;
            }
        }
    }
    assert!(!seen.is_empty(), "the newest request is answered");
    assert!(seen.iter().all(|&g| g == new), "only the newest: {seen:?}");
    // cancel a scan already running: submit, let it start, supersede it
    worker.submit(Request {
        text: "osteprosis".into(),
        ..Request::default()
    });
    std::thread::sleep(Duration::from_millis(5));
    let newest = worker.submit(Request {
        text: "record".into(),
        ..Request::default()
    });
    let o = worker
        .wait_complete(Duration::from_mins(2))
        .expect("an answer");
    assert_eq!(o.generation, newest);
    assert_eq!(o.total, 149_850);
}
