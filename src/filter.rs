//! Filtering and ranking studies for a query.
//!
//! One engine ([`evaluate`], in `filter/engine.rs`) serves the CLI's
//! `--query` and the browser's filter line, so a query means the same
//! everywhere. Field terms and facets narrow the set through the store's
//! indexes; free words resolve as prefixes through the word [`Index`];
//! `fuzzy-matcher` orders the best few and catches words no prefix
//! explains (typos, abbreviations). Rows are ranked by score, ties by store
//! order so results are stable.

mod engine;
mod open;
mod picker;

pub use engine::{TOP_K, evaluate, warm};
pub use open::open_name;
pub use picker::{NOT_IN_VOCABULARY, PickerGroup, PickerRow, picker_groups};

use std::collections::BTreeSet;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::index::Index;
use crate::query::{Clause, Field, Query};
use crate::store::{Idx, Store};
use crate::study::{Name, Study};
use crate::vocabulary::{Kind, Vocabulary};

/// Facets chosen in the pickers (or with `--nutrient`/`--condition`): a study
/// must have one of the chosen nutrients (if any are chosen) and one of the
/// chosen conditions (if any are), as `PubMed`'s and Examine's filters combine
/// choices: marks within a facet widen, facets narrow each other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub nutrients: BTreeSet<String>,
    pub conditions: BTreeSet<String>,
}

impl Facets {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nutrients.is_empty() && self.conditions.is_empty()
    }
}

/// One matching study and its score (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: Idx,
    pub score: i64,
}

/// Row orders the browser cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    LargestN,
    Title,
}

impl Sort {
    #[must_use]
    pub fn next(self) -> Sort {
        match self {
            Sort::Relevance => Sort::Newest,
            Sort::Newest => Sort::LargestN,
            Sort::LargestN => Sort::Title,
            Sort::Title => Sort::Relevance,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::LargestN => "largest n",
            Sort::Title => "title",
        }
    }
}

/// The text a person searches a study by, in one line: title, authors,
/// journal, design, nutrients, conditions and year (the short fields). The
/// fuzzy fallback and the final ordering match against this; `bench
/// --haystack-out` writes it so other tools can be timed on the same text.
#[must_use]
pub fn haystack(s: &Study) -> String {
    let mut h = String::with_capacity(256);
    write_haystack(s, &mut h);
    h
}

/// [`haystack`] into a reused buffer (cleared first): the fallback scan
/// builds one per record and must not allocate each time.
pub fn write_haystack(s: &Study, h: &mut String) {
    h.clear();
    h.push_str(&s.title);
    for a in &s.citation.authors {
        h.push(' ');
        h.push_str(a);
    }
    for part in [s.citation.journal.as_deref(), Some(s.design.as_str())]
        .into_iter()
        .flatten()
    {
        h.push(' ');
        h.push_str(part);
    }
    for t in s.nutrients.iter().chain(&s.conditions) {
        h.push(' ');
        h.push_str(t);
    }
    if let Some(y) = s.citation.year {
        use std::fmt::Write;
        let _ = write!(h, " {y}");
    }
}

/// Every name of a kind that a picker offers, with how many studies it
/// takes in, most first: the names studies carry and every name above
/// them, each counted with the studies of the names below it (a study
/// counted once).
#[must_use]
pub fn facet_counts(store: &Store, kind: Kind) -> Vec<(String, usize)> {
    facet_counts_in(store, kind, Vocabulary::get())
}

/// [`facet_counts`] with the names of `vocab`.
fn facet_counts_in(store: &Store, kind: Kind, vocab: &Vocabulary) -> Vec<(String, usize)> {
    let mut own = match kind {
        Kind::Nutrient => store.nutrient_counts(),
        Kind::Condition => store.condition_counts(),
    };
    // doses of substances the vocabulary lacks, as the filters find them
    let dosed = match kind {
        Kind::Nutrient => open::dose_names(store, vocab),
        Kind::Condition => Vec::new(),
    };
    own.extend(dosed.iter().map(|(n, ids)| (n.clone(), ids.len())));
    let ids = |name: &str| {
        let listed = match kind {
            Kind::Nutrient => store.with_nutrient(name),
            Kind::Condition => store.with_condition(name),
        };
        let dosed = dosed.iter().find(|(n, _)| n == name);
        listed
            .iter()
            .chain(dosed.into_iter().flat_map(|(_, ids)| ids))
            .copied()
    };
    let mut names: BTreeSet<&str> = own.iter().map(|(n, _)| n.as_str()).collect();
    for (name, _) in &own {
        let mut up = vocab.parent(kind, name);
        while let Some(p) = up {
            if !names.insert(p) {
                break;
            }
            up = vocab.parent(kind, p);
        }
    }
    let mut out: Vec<(String, usize)> = names
        .into_iter()
        .map(|name| {
            let mut all: Vec<_> = vocab
                .with_descendants(kind, name)
                .into_iter()
                .flat_map(ids)
                .collect();
            all.sort_unstable();
            all.dedup();
            (name.to_string(), all.len())
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// True when the study passes the facets and every clause of the query. A
/// name takes in the names below it in the vocabulary (`vitamin D`:
/// `vitamin D3`), as the store's sets do in [`evaluate`].
#[must_use]
pub fn passes(s: &Study, q: &Query, facets: &Facets) -> bool {
    let vocab = Vocabulary::get();
    let any_of = |chosen: &BTreeSet<String>, list: &[Name], kind: Kind| {
        chosen.is_empty()
            || chosen
                .iter()
                .any(|n| named(vocab, list, kind, n) || dosed(vocab, s, kind, n))
    };
    any_of(&facets.nutrients, &s.nutrients, Kind::Nutrient)
        && any_of(&facets.conditions, &s.conditions, Kind::Condition)
        && q.clauses.iter().all(|c| clause_holds(s, c))
}

/// True when one of the clause's terms holds for the study.
#[must_use]
pub fn clause_holds(s: &Study, clause: &Clause) -> bool {
    clause
        .0
        .iter()
        .any(|t| term_holds(s, &t.field) != t.negated)
}

/// True when one of the study's doses is of `want`, a substance the
/// vocabulary does not hold (see `filter/open.rs`).
fn dosed(vocab: &Vocabulary, s: &Study, kind: Kind, want: &str) -> bool {
    open::OpenName::new(vocab, kind, want).is_some_and(|o| o.holds(s))
}

/// True when `list` holds `want` or a name below it.
fn named(vocab: &Vocabulary, list: &[Name], kind: Kind, want: &str) -> bool {
    let family = vocab.with_descendants(kind, want);
    list.iter().any(|x| family.contains(&x.as_str()))
}

/// True when the study has what the field asks (negation aside). Words are
/// checked on the text a person searches by; the engine answers them
/// through the word index instead, where one is built.
fn term_holds(s: &Study, field: &Field) -> bool {
    let vocab = Vocabulary::get();
    let has = |list: &[Name], kind: Kind, want: &str| {
        named(vocab, list, kind, want) || list.iter().any(|x| x.to_lowercase().starts_with(want))
    };
    match field {
        Field::Word(w) => contains_smart(&searchable_text(s), w),
        Field::Phrase(p) => has_phrase(s, p),
        Field::Nutrient(n) => {
            has(&s.nutrients, Kind::Nutrient, n) || dosed(vocab, s, Kind::Nutrient, n)
        }
        Field::Condition(c) => has(&s.conditions, Kind::Condition, c),
        Field::Designs(ds) => ds.contains(&s.design),
        Field::Years(a, b) => s.citation.year.is_some_and(|y| y >= *a && y <= *b),
        Field::Size(a, b) => s.details().population.n.is_some_and(|n| n >= *a && n <= *b),
        Field::Author(a) => s
            .citation
            .authors
            .iter()
            .any(|x| x.to_lowercase().contains(a.as_str())),
    }
}

/// Every text of the study the word index holds: the short fields, the
/// abstract, and (for a study without one) what its details say.
fn searchable_text(s: &Study) -> String {
    let mut text = haystack(s);
    let mut add = |t: &str| {
        text.push(' ');
        text.push_str(t);
    };
    if let Some(a) = &s.abstract_text {
        add(a);
    } else {
        let d = s.details();
        d.findings
            .iter()
            .map(String::as_str)
            .chain(d.doses.iter().map(|d| d.text.as_str()))
            .chain(d.population.description.as_deref())
            .chain(d.comparator.as_deref())
            .chain(d.duration.as_deref())
            .for_each(&mut add);
    }
    text
}

/// True when the study's text holds the phrase's words in order, adjacent,
/// ignoring case and punctuation between them ("bone loss" in "Bone-loss").
#[must_use]
pub fn has_phrase(s: &Study, phrase: &str) -> bool {
    let mut buf = String::new();
    let mut want = Vec::new();
    crate::index::tokens(phrase, &mut buf, |t| want.push(t.to_string()));
    if want.is_empty() {
        return true;
    }
    let mut seen: Vec<String> = Vec::new();
    crate::index::tokens(&searchable_text(s), &mut buf, |t| seen.push(t.to_string()));
    seen.windows(want.len()).any(|w| w == want.as_slice())
}

/// Every study that matches, best first (ties in store order).
///
/// Builds an index for this one query and runs [`evaluate`]: the CLI and
/// tests get exactly what the browser's worker gets. Callers with many
/// queries over one store keep an [`Index`] and call [`evaluate`].
#[must_use]
pub fn search(store: &Store, q: &Query, facets: &Facets) -> Vec<Hit> {
    // field terms and facets alone need no word index
    let index = if q.needs_index() {
        Index::build(store)
    } else {
        Index::default()
    };
    evaluate(store, &index, q, facets, &|| false, &mut |_, _| {}).unwrap_or_default()
}

/// Substring test with smart case: a word with a capital matches as typed.
#[must_use]
pub fn contains_smart(hay: &str, word: &str) -> bool {
    if word.chars().any(char::is_uppercase) {
        hay.contains(word)
    } else {
        hay.to_lowercase().contains(word)
    }
}

/// Reorders hits for a sort other than relevance (stable within ties).
/// False when the order is provisional: a sort by size puts the studies
/// whose details are unread last for now. It never reads them itself:
/// extraction belongs to the details reader, off the UI thread, whose news
/// the caller waits for before sorting again.
pub fn sort_hits(store: &Store, hits: &mut [Hit], sort: Sort) -> bool {
    let key = |h: &Hit| store.get(h.index);
    match sort {
        Sort::Relevance => hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index))),
        Sort::Newest => {
            hits.sort_by_key(|h| std::cmp::Reverse(key(h).and_then(|s| s.citation.year)));
        }
        Sort::LargestN => {
            let complete = hits.iter().filter_map(key).all(|s| s.details.is_read());
            let n = |h: &Hit| {
                key(h)
                    .filter(|s| s.details.is_read())
                    .and_then(|s| s.details().population.n)
            };
            hits.sort_by_key(|h| std::cmp::Reverse(n(h)));
            return complete;
        }
        Sort::Title => hits.sort_by_cached_key(|h| key(h).map(|s| s.title.to_lowercase())),
    }
    true
}

/// Char positions of `text` that the query's free words matched, for
/// highlighting.
#[must_use]
pub fn highlights(text: &str, q: &Query) -> Vec<usize> {
    let matcher = SkimMatcherV2::default().smart_case();
    let mut out: Vec<usize> = Vec::new();
    for w in &q.words {
        if let Some((_, idx)) = matcher.fuzzy_indices(text, w) {
            out.extend(idx);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query;
    use crate::study::{Citation, Design};
    use crate::vocabulary::Vocabulary;

    fn store() -> Store {
        let mk = |title: &str, n: &str, c: &str, year: i32, design: Design| Study {
            title: title.into(),
            design,
            nutrients: vec![n.into()],
            conditions: vec![c.into()],
            citation: Citation {
                authors: ["Lee A"].into(),
                year: Some(year),
                ..Citation::default()
            },
            ..Study::default()
        };
        Store::new(vec![
            mk(
                "Menaquinone and bone loss in older women",
                "vitamin K2",
                "osteoporosis",
                2013,
                Design::Rct,
            ),
            mk(
                "Fish oil and triglycerides",
                "omega-3",
                "dyslipidemia",
                1988,
                Design::ControlledTrial,
            ),
            mk(
                "Vitamin D in toddlers",
                "vitamin D3",
                "respiratory infection",
                2014,
                Design::Rct,
            ),
        ])
    }

    #[test]
    fn free_words_rank_and_field_terms_narrow() {
        let v = Vocabulary::builtin();
        let s = store();
        let hits = search(&s, &query::parse("osteo", &v), &Facets::default());
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0]);
        let hits = search(&s, &query::parse("d:rct y:2014..", &v), &Facets::default());
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [2]);
        let hits = search(&s, &query::parse("d:trial", &v), &Facets::default());
        assert_eq!(hits.len(), 3, "rct and controlled-trial");
        let hits = search(&s, &query::parse("fish | toddlers", &v), &Facets::default());
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1, 2]);
        let hits = search(
            &s,
            &query::parse("-fish -c:osteoporosis", &v),
            &Facets::default(),
        );
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [2]);
        let hits = search(
            &s,
            &query::parse("\"bone loss\" | \"fish oil\"", &v),
            &Facets::default(),
        );
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0, 1]);
        let hits = search(&s, &query::parse("\"loss bone\"", &v), &Facets::default());
        assert!(hits.is_empty(), "a phrase keeps its order");
        let hits = search(
            &s,
            &query::parse("d:rct -a:lee | y:2014", &v),
            &Facets::default(),
        );
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [2]);
        assert_eq!(
            search(&s, &query::parse("", &v), &Facets::default()).len(),
            3
        );
    }

    #[test]
    fn marks_within_a_facet_widen_and_facets_narrow() {
        let v = Vocabulary::builtin();
        let s = store();
        let found = |f: &Facets| {
            let hits = search(&s, &query::parse("", &v), f);
            let by_check: Vec<Idx> = (0..3)
                .filter(|&i| passes(&s.studies()[i as usize], &query::Query::default(), f))
                .collect();
            let ids: Vec<Idx> = hits.iter().map(|h| h.index).collect();
            assert_eq!(ids, by_check, "the engine and the per-study check agree");
            ids
        };
        let mut f = Facets::default();
        f.nutrients.insert("vitamin D3".into());
        assert_eq!(found(&f), [2]);
        f.nutrients.insert("vitamin K2".into());
        assert_eq!(found(&f), [0, 2], "a second mark widens");
        f.conditions.insert("osteoporosis".into());
        assert_eq!(found(&f), [0], "another facet narrows");
    }

    #[test]
    fn a_name_takes_in_the_names_below_it() {
        let v = Vocabulary::builtin();
        let s = store();
        let mut stroke = s.studies()[0].clone();
        stroke.title = "Walking and stroke".into();
        stroke.nutrients = vec!["tea".into()];
        stroke.conditions = vec!["ischemic stroke".into()];
        let s = Store::new(vec![s.studies()[2].clone(), stroke, s.studies()[1].clone()]);
        let found = |q: &str, f: &Facets| {
            search(&s, &query::parse(q, &v), f)
                .iter()
                .map(|h| h.index)
                .collect::<Vec<_>>()
        };
        let none = Facets::default();
        assert_eq!(found(r#"n:"vitamin D""#, &none), [0], "D3 is a vitamin D");
        assert_eq!(found("c:\"cardiovascular disease\"", &none), [1]);
        assert_eq!(found("c:stroke", &none), [1], "ischemic stroke is a stroke");
        // the per-study check (taken with an author term) agrees
        assert_eq!(found(r#"n:"vitamin D" a:lee"#, &none), [0]);
        assert_eq!(found("c:\"cardiovascular disease\" a:lee", &none), [1]);
        let mut f = Facets::default();
        f.nutrients.insert("vitamin D".into());
        assert_eq!(found("", &f), [0]);
        f.nutrients.clear();
        f.conditions.insert("cardiovascular disease".into());
        assert_eq!(found("", &f), [1]);
        assert!(found(r#"n:"vitamin D3" c:stroke"#, &none).is_empty());
    }

    #[test]
    fn picker_counts_take_in_the_names_below() {
        let s = store();
        let counts = facet_counts(&s, Kind::Nutrient);
        assert!(counts.contains(&("vitamin D".to_string(), 1)), "{counts:?}");
        assert!(counts.contains(&("vitamin D3".to_string(), 1)));
        assert!(counts.contains(&("vitamin K".to_string(), 1)));
        let counts = facet_counts(&s, Kind::Condition);
        assert!(counts.contains(&("osteoporosis".to_string(), 1)));
    }

    #[test]
    fn sorts_reorder_hits() {
        let v = Vocabulary::builtin();
        let s = store();
        let mut hits = search(&s, &query::parse("", &v), &Facets::default());
        sort_hits(&s, &mut hits, Sort::Newest);
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [2, 0, 1]);
        sort_hits(&s, &mut hits, Sort::Title);
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1, 0, 2]);
    }

    #[test]
    fn highlights_name_matched_chars() {
        let v = Vocabulary::builtin();
        assert_eq!(highlights("Fish oil", &query::parse("oil", &v)), [5, 6, 7]);
    }
}
