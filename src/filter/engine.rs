//! The search engine behind every query: sets first, then the word index,
//! then `fuzzy-matcher` only where it earns its cost.
//!
//! 1. Facets and clauses (field terms, phrases, alternatives, negations)
//!    become sorted id sets from the store's and the word index's lists,
//!    intersected smallest first; a negated clause's set is taken out.
//!    Clauses no list answers (`a:`, `size:`) are checked per candidate.
//! 2. Each free word is cut into lower-case tokens (so indexed matching
//!    ignores case; the fuzzy steps keep smart case); each token resolves as a prefix
//!    to one contiguous run of postings per field class, and records score
//!    the best class they hold it in (title first word > title > other
//!    short fields > long text; a whole word > a prefix). Words AND: a
//!    record missing one scores nothing. Tokens of one or two letters skip
//!    the long text, where they would match nearly everything.
//! 3. A word that no indexed word starts with (a typo, "osteprosis"; an
//!    abbreviation, "mnqn") is matched fuzzily against the short fields of
//!    the remaining candidates with `SkimMatcherV2` (one element), checking
//!    for cancellation every few thousand records and reporting the best
//!    hits so far as it goes. Records holding a vocabulary term close to
//!    the word ("osteoporosis") are scanned first, so the first partial
//!    outcome already holds the likely answers; the final outcome is the
//!    same whatever the scan order.
//! 4. Index scores are small integers, so all matches are ordered by a
//!    stable counting sort (score, then store order) in linear time; only
//!    the best [`TOP_K`] are then reordered by `fuzzy-matcher`'s score of the
//!    typed words, which never moves them below a row outside the top.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::open::OpenName;
use super::{Facets, Hit, clause_holds, has_phrase, write_haystack};
use crate::index::{Class, Index, tokens};
use crate::query::{Clause, Field, Query};
use crate::store::{Idx, Store};
use crate::vocabulary::{Kind, Vocabulary};

/// A candidate record and its index score.
type Cand = (Idx, u16);

/// How many of the best rows `fuzzy-matcher` reorders (more than a screen).
pub const TOP_K: usize = 200;

/// Records scanned between cancellation checks in the fuzzy fallback.
const CHECK_EVERY: usize = 4096;
/// Records scanned between partial reports in the fuzzy fallback.
const REPORT_EVERY: usize = 65_536;

/// Index scores are scaled by this so `fuzzy-matcher`'s reordering of the
/// top rows (less than this) never crosses an index score.
const SCALE: i64 = 1000;

/// Every study matching `q` and `facets`, best first, ties in store order.
///
/// `cancelled` is polled while work remains; when it turns true the search
/// stops and returns `None`. `partial` receives the best hits found so far
/// (at most [`TOP_K`]) and how many matched so far, while a fuzzy scan is
/// under way.
#[must_use]
pub fn evaluate(
    store: &Store,
    index: &Index,
    q: &Query,
    facets: &Facets,
    cancelled: &dyn Fn() -> bool,
    partial: &mut dyn FnMut(Vec<Hit>, usize),
) -> Option<Vec<Hit>> {
    let plan = plan(store, index, q, facets);
    let restrict = exclude(intersect(plan.include), &plan.exclude, store.len());
    let mut exact = Vec::new();
    let mut fuzzy = Vec::new();
    let mut buf = String::new();
    for w in &q.words {
        let mut toks = Vec::new();
        tokens(w, &mut buf, |t| toks.push(t.to_string()));
        if toks.iter().any(|t| index.resolve(t).terms.is_empty()) {
            fuzzy.push(w.as_str());
        } else {
            exact.extend(toks);
        }
    }

    if exact.is_empty() && fuzzy.is_empty() && plan.checked.is_empty() {
        // nothing to score: the set itself, in store order
        let hit = |index| Hit { index, score: 0 };
        return Some(match &restrict {
            Some(r) => r.iter().copied().map(hit).collect(),
            None => (0..store.len() as Idx).map(hit).collect(),
        });
    }
    SCRATCH.with_borrow_mut(|scratch| {
        let cands = &mut scratch.cands;
        cands.clear();
        if exact.is_empty() {
            match &restrict {
                Some(r) => cands.extend(r.iter().map(|&i| (i, 0))),
                None => cands.extend((0..store.len() as Idx).map(|i| (i, 0))),
            }
        } else {
            score_tokens(
                index,
                store.len(),
                restrict.as_deref(),
                &exact,
                cancelled,
                &mut scratch.acc,
                &mut scratch.word,
                cands,
            )?;
        }
        if !plan.checked.is_empty() {
            let studies = store.studies();
            cands.retain(|&(i, _)| {
                let s = &studies[i as usize];
                plan.checked.iter().all(|c| clause_holds(s, c))
            });
        }
        if cancelled() {
            return None;
        }
        if !fuzzy.is_empty() {
            return fallback(store, index, cands, &fuzzy, cancelled, partial);
        }
        let mut hits = counting_sort(cands);
        if !q.words.is_empty() {
            refine_top(store, &mut hits, &q.free_text());
        }
        Some(hits)
    })
}

/// Buffers reused from one search to the next on the same thread: at a
/// million records, fresh ones cost more than the search itself.
#[derive(Default)]
struct Scratch {
    acc: Vec<u16>,
    word: Vec<u16>,
    cands: Vec<(Idx, u16)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Sizes (and touches) this thread's score buffers for a store of
/// `records`, so the first keystroke does not pay for them: the search
/// worker calls it once after building the index. Holds about 12 bytes a
/// record for the life of the thread.
pub fn warm(records: usize) {
    SCRATCH.with_borrow_mut(|s| {
        s.acc.resize(records, 0);
        s.word.resize(records, 0);
        s.cands.resize(records, (0, 0));
        s.cands.clear();
    });
}

/// How a query narrows the store before words are scored.
struct Plan<'q> {
    /// Sorted id sets every result is in.
    include: Vec<Vec<Idx>>,
    /// Sorted id sets no result is in.
    exclude: Vec<Vec<Idx>>,
    /// Clauses checked on each candidate, having no set.
    checked: Vec<&'q Clause>,
}

/// The sets of the chosen facets (one per facet: marks within it widen)
/// and of each clause of the query.
fn plan<'q>(store: &Store, index: &Index, q: &'q Query, facets: &Facets) -> Plan<'q> {
    let vocab = Vocabulary::get();
    let mut plan = Plan {
        include: Vec::new(),
        exclude: Vec::new(),
        checked: Vec::new(),
    };
    for (kind, chosen) in [
        (Kind::Nutrient, &facets.nutrients),
        (Kind::Condition, &facets.conditions),
    ] {
        if !chosen.is_empty() {
            // a name takes in the names below it (`vitamin D`: `vitamin D3`)
            // and a substance the vocabulary lacks, the studies dosed with it
            let dosed: Vec<Vec<Idx>> = chosen
                .iter()
                .filter_map(|name| OpenName::new(vocab, kind, name))
                .map(|open| open.studies(store))
                .collect();
            plan.include.push(union(
                chosen
                    .iter()
                    .flat_map(|name| {
                        vocab
                            .with_descendants(kind, name)
                            .into_iter()
                            .map(|n| with_name(store, kind, n))
                    })
                    .chain(dosed.iter().map(Vec::as_slice)),
            ));
        }
    }
    for clause in &q.clauses {
        let sets: Option<Vec<(bool, Vec<Idx>)>> = clause
            .0
            .iter()
            .map(|t| Some((t.negated, term_set(store, index, &t.field)?)))
            .collect();
        let Some(sets) = sets else {
            plan.checked.push(clause);
            continue;
        };
        let (neg, pos): (Vec<_>, Vec<_>) = sets.into_iter().partition(|s| s.0);
        let pos = union(pos.iter().map(|s| s.1.as_slice()));
        if neg.is_empty() {
            plan.include.push(pos);
        } else {
            // the clause fails only where every negated term holds and no
            // other term does
            let all_neg = intersect(neg.into_iter().map(|s| s.1).collect()).unwrap_or_default();
            plan.exclude.push(subtract(all_neg, &pos));
        }
    }
    plan
}

fn with_name<'s>(store: &'s Store, kind: Kind, name: &str) -> &'s [Idx] {
    match kind {
        Kind::Nutrient => store.with_nutrient(name),
        Kind::Condition => store.with_condition(name),
    }
}

/// The sorted ids of the studies a term's field holds for, or `None` when
/// no list answers it and each study is checked instead.
fn term_set(store: &Store, index: &Index, field: &Field) -> Option<Vec<Idx>> {
    let words = |text: &str| {
        if index.records() != store.len() {
            return None; // no word index was built for this search
        }
        let mut toks = Vec::new();
        tokens(text, &mut String::new(), |t| toks.push(t.to_string()));
        let sets = toks.iter().map(|t| {
            let r = index.resolve(t);
            union(
                Class::ALL
                    .into_iter()
                    .map(|c| index.postings(c, r.terms.clone())),
            )
        });
        intersect(sets.collect())
    };
    Some(match field {
        Field::Word(w) => words(w)?,
        Field::Phrase(p) => {
            let mut ids = words(p)?;
            let studies = store.studies();
            ids.retain(|&i| has_phrase(&studies[i as usize], p));
            ids
        }
        Field::Nutrient(want) | Field::Condition(want) => {
            let kind = if matches!(field, Field::Nutrient(_)) {
                Kind::Nutrient
            } else {
                Kind::Condition
            };
            let names = match kind {
                Kind::Nutrient => store.nutrient_counts(),
                Kind::Condition => store.condition_counts(),
            };
            let vocab = Vocabulary::get();
            let family = vocab.with_descendants(kind, want);
            let dosed = OpenName::new(vocab, kind, want).map(|open| open.studies(store));
            union(
                names
                    .iter()
                    .filter(|(name, _)| {
                        family.contains(&name.as_str()) || name.to_lowercase().starts_with(want)
                    })
                    .map(|(name, _)| with_name(store, kind, name))
                    .chain(dosed.as_deref()),
            )
        }
        Field::Designs(ds) => union(ds.iter().map(|&d| store.with_design(d))),
        Field::Years(from, to) => store.in_years(*from, *to),
        Field::Size(..) | Field::Author(_) => return None,
    })
}

/// `sorted` without the ids in `remove` (both sorted).
fn subtract(mut sorted: Vec<Idx>, remove: &[Idx]) -> Vec<Idx> {
    if !remove.is_empty() {
        sorted.retain(|x| remove.binary_search(x).is_err());
    }
    sorted
}

/// The restricting set less every excluded id; `None` (everything) stays
/// `None` when nothing is excluded.
fn exclude(restrict: Option<Vec<Idx>>, excluded: &[Vec<Idx>], records: usize) -> Option<Vec<Idx>> {
    if excluded.iter().all(Vec::is_empty) {
        return restrict;
    }
    let out = union(excluded.iter().map(Vec::as_slice));
    let all = restrict.unwrap_or_else(|| (0..records as Idx).collect());
    Some(subtract(all, &out))
}

/// Sorted union of sorted lists.
fn union<'a>(lists: impl Iterator<Item = &'a [Idx]>) -> Vec<Idx> {
    let mut out: Vec<Idx> = lists.flatten().copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Intersection of sorted sets, smallest first; `None` when there are no
/// sets (everything passes).
fn intersect(mut sets: Vec<Vec<Idx>>) -> Option<Vec<Idx>> {
    sets.sort_by_key(Vec::len);
    let mut it = sets.into_iter();
    let mut acc = it.next()?;
    for s in it {
        if acc.is_empty() {
            break;
        }
        acc.retain(|x| s.binary_search(x).is_ok());
    }
    Some(acc)
}

/// Index scores of every record holding every token (as a prefix), in
/// store order. Dense arrays: one pass over each token's postings and one
/// over the records, with no sorting or hashing.
#[allow(clippy::too_many_arguments)]
fn score_tokens(
    index: &Index,
    records: usize,
    restrict: Option<&[Idx]>,
    toks: &[String],
    cancelled: &dyn Fn() -> bool,
    acc: &mut Vec<u16>,
    scratch: &mut Vec<u16>,
    out: &mut Vec<(Idx, u16)>,
) -> Option<()> {
    // acc[i] is 1 + the score so far, 0 once a token is missing
    acc.clear();
    match restrict {
        Some(r) => {
            acc.resize(records, 0);
            for &i in r {
                acc[i as usize] = 1;
            }
        }
        None => acc.resize(records, 1),
    }
    for tok in toks {
        if cancelled() {
            return None;
        }
        scratch.clear();
        scratch.resize(records, 0);
        let r = index.resolve(tok);
        let short_hits: usize = [Class::TitleFirst, Class::Title, Class::Short]
            .into_iter()
            .map(|c| index.postings(c, r.terms.clone()).len())
            .sum();
        for class in Class::ALL {
            if class == Class::Long && tok.chars().count() < 3 && short_hits > 0 {
                continue;
            }
            let ids = index.postings(class, r.terms.clone());
            let whole = if r.whole {
                index
                    .postings(class, r.terms.start..r.terms.start + 1)
                    .len()
            } else {
                0
            };
            let (whole_ids, prefix_ids) = ids.split_at(whole);
            for (ids, w) in [
                (prefix_ids, class.weight(false)),
                (whole_ids, class.weight(true)),
            ] {
                for &i in ids {
                    let s = &mut scratch[i as usize];
                    *s = (*s).max(w);
                }
            }
        }
        for (a, &s) in acc.iter_mut().zip(scratch.iter()) {
            *a = if *a == 0 || s == 0 {
                0
            } else {
                a.saturating_add(s)
            };
        }
    }
    out.extend(
        acc.iter()
            .enumerate()
            .filter(|&(_, &a)| a > 0)
            .map(|(i, &a)| (i as Idx, a - 1)),
    );
    Some(())
}

/// Hits ordered by score (highest first), ties in store order, in linear
/// time: `cands` is in store order and the sort is stable.
fn counting_sort(cands: &[(Idx, u16)]) -> Vec<Hit> {
    let max = cands.iter().map(|c| c.1).max().unwrap_or(0) as usize;
    if max == 0 {
        return cands
            .iter()
            .map(|&(index, _)| Hit { index, score: 0 })
            .collect();
    }
    let mut starts = vec![0usize; max + 2];
    for c in cands {
        // bucket 0 holds the highest score
        starts[max - c.1 as usize + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut hits = vec![Hit { index: 0, score: 0 }; cands.len()];
    for &(index, score) in cands {
        let slot = &mut starts[max - score as usize];
        hits[*slot] = Hit {
            index,
            score: i64::from(score) * SCALE,
        };
        *slot += 1;
    }
    hits
}

/// Reorders the best [`TOP_K`] hits by `fuzzy-matcher`'s score of the typed
/// words on the short fields: among equally indexed rows, the one whose text
/// matches the words more tightly (adjacent letters, word starts) comes
/// first. Each reordered row gains 1..SCALE, so it stays above every row
/// outside the top and below every better indexed row.
fn refine_top(store: &Store, hits: &mut [Hit], text: &str) {
    let matcher = SkimMatcherV2::default().smart_case();
    let top = hits.len().min(TOP_K);
    let mut hay = String::new();
    let studies = store.studies();
    for h in &mut hits[..top] {
        write_haystack(&studies[h.index as usize], &mut hay);
        let bonus = matcher
            .fuzzy_match(&hay, text)
            .map_or(0, |s| s.clamp(0, SCALE - 2));
        h.score += 1 + bonus;
    }
    hits[..top].sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
}

/// The fuzzy fallback: every candidate whose short fields fuzzily hold
/// every word of `fuzzy`, best first.
fn fallback(
    store: &Store,
    index: &Index,
    cands: &[(Idx, u16)],
    fuzzy: &[&str],
    cancelled: &dyn Fn() -> bool,
    partial: &mut dyn FnMut(Vec<Hit>, usize),
) -> Option<Vec<Hit>> {
    let matcher = SkimMatcherV2::default().smart_case().element_limit(1);
    let studies = store.studies();
    let mut hay = String::new();
    let mut found: Vec<Hit> = Vec::new();
    let mut reported = 0;
    // records holding a word close to the typo are scanned first, so the
    // first partial outcome already shows the likely answers
    let likely = likely_records(index, fuzzy[0], &matcher);
    let (first, rest): (Vec<Cand>, Vec<Cand>) = cands
        .iter()
        .partition(|c| likely.binary_search(&c.0).is_ok());
    let boundary = first.len();
    for (k, &(i, base)) in first.iter().chain(&rest).enumerate() {
        if k % CHECK_EVERY == 0 && k > 0 {
            if cancelled() {
                return None;
            }
            if k % REPORT_EVERY == 0 && found.len() > reported {
                reported = found.len();
                partial(best(&found, TOP_K), found.len());
            }
        }
        if k == boundary && k > 0 && found.len() > reported {
            reported = found.len();
            partial(best(&found, TOP_K), found.len());
        }
        write_haystack(&studies[i as usize], &mut hay);
        let mut total = i64::from(base) * SCALE;
        let all = fuzzy.iter().all(|w| {
            matcher.fuzzy_match(&hay, w).is_some_and(|s| {
                total += s.max(0);
                true
            })
        });
        if all {
            found.push(Hit {
                index: i,
                score: total,
            });
        }
    }
    found.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
    Some(found)
}

/// How many vocabulary terms close to a typo steer the fallback's order.
const LIKELY_TERMS: usize = 16;

/// Records holding one of the vocabulary terms that fuzzily match `word`
/// best (sorted ids): "osteprosis" finds the term "osteoporosis" among a
/// few thousand terms long before a scan reaches its records.
fn likely_records(index: &Index, word: &str, matcher: &SkimMatcherV2) -> Vec<Idx> {
    let mut terms: Vec<(i64, usize)> = (0..index.terms())
        .filter_map(|t| Some((matcher.fuzzy_match(index.term(t), word)?, t)))
        .collect();
    let k = LIKELY_TERMS.min(terms.len());
    if k == 0 {
        return Vec::new();
    }
    terms.select_nth_unstable_by(k - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<Idx> = terms[..k]
        .iter()
        .flat_map(|&(_, t)| {
            Class::ALL
                .into_iter()
                .flat_map(move |c| index.postings(c, t..t + 1))
        })
        .copied()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The best `k` hits, best first, without sorting them all.
fn best(hits: &[Hit], k: usize) -> Vec<Hit> {
    let order = |a: &Hit, b: &Hit| b.score.cmp(&a.score).then(a.index.cmp(&b.index));
    let mut v = hits.to_vec();
    if v.len() > k {
        v.select_nth_unstable_by(k, order);
        v.truncate(k);
    }
    v.sort_by(order);
    v
}
