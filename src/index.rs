//! A word index over the store, built once at load, so most keystrokes are
//! answered without looking at a single record.
//!
//! Every field is cut into lower-case alphanumeric tokens. The distinct
//! tokens form one sorted vocabulary kept in a single arena; each token has
//! a posting list (ascending record ids, `u32`) per field class: the title's
//! first word, the title, the other short fields (authors, journal, design,
//! nutrients, conditions, year) and the long text (findings, abstract,
//! doses, population, comparator, duration). Posting lists are laid out in
//! vocabulary order in one array per class, so every term that starts with
//! a prefix owns one contiguous slice of it: resolving a typed word is two
//! binary searches and a walk over a slice, with no union to build or cache.
//!
//! Building runs on two threads (each indexes half the records, then the
//! halves are joined in order so lists stay sorted).

use std::ops::Range;

// token keys are short and not chosen by an attacker: the default SipHash
// would dominate the build
use rustc_hash::FxHashMap;

use crate::store::{Idx, Store};
use crate::study::{Name, Study};

/// Where in a record a token was seen; earlier classes weigh more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The first word of the title.
    TitleFirst = 0,
    Title = 1,
    /// Authors, journal, design, nutrients, conditions, year.
    Short = 2,
    /// Findings, abstract, doses, population, comparator, duration.
    Long = 3,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::TitleFirst, Class::Title, Class::Short, Class::Long];

    /// Score of a token of this class that equals the typed word (`whole`)
    /// or only starts with it.
    #[must_use]
    pub fn weight(self, whole: bool) -> u16 {
        match (self, whole) {
            (Class::TitleFirst, true) => 64,
            (Class::TitleFirst, false) => 56,
            (Class::Title, true) => 48,
            (Class::Title, false) => 40,
            (Class::Short, true) => 32,
            (Class::Short, false) => 24,
            (Class::Long, true) => 12,
            (Class::Long, false) => 8,
        }
    }
}

/// Posting lists of one class, in vocabulary order.
#[derive(Debug, Default)]
struct Postings {
    /// `ids[starts[t]..starts[t + 1]]` are the records holding term `t`.
    starts: Vec<u32>,
    ids: Vec<Idx>,
}

/// The word index of a store.
#[derive(Debug, Default)]
pub struct Index {
    records: usize,
    /// Every distinct token, sorted, end to end.
    arena: Box<str>,
    /// Where each term ends in `arena` (term `t` starts where `t - 1` ends).
    ends: Vec<u32>,
    postings: [Postings; 4],
}

/// The terms a typed word resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Vocabulary positions of every term starting with the word.
    pub terms: Range<usize>,
    /// True when the first of them is the word itself.
    pub whole: bool,
}

impl Index {
    /// Indexes every record of the store on two threads.
    #[must_use]
    pub fn build(store: &Store) -> Index {
        let studies = store.studies();
        let half = studies.len() / 2;
        let (a, b) = studies.split_at(half);
        let (pa, pb) = std::thread::scope(|s| {
            let t = s.spawn(|| Partial::build(b, half as Idx));
            let pa = Partial::build(a, 0);
            (pa, t.join().expect("index thread"))
        });
        Index::join(studies.len(), &pa, &pb)
    }

    fn join(records: usize, a: &Partial, b: &Partial) -> Index {
        let mut all: Vec<(&str, Option<u32>, Option<u32>)> =
            Vec::with_capacity(a.terms.len() + b.terms.len());
        for (t, &i) in &a.terms {
            all.push((t, Some(i), b.terms.get(t).copied()));
        }
        for (t, &i) in &b.terms {
            if !a.terms.contains_key(t) {
                all.push((t, None, Some(i)));
            }
        }
        all.sort_unstable_by(|x, y| x.0.cmp(y.0));
        let arena_len: usize = all.iter().map(|x| x.0.len()).sum();
        let mut arena = String::with_capacity(arena_len);
        let mut ends = Vec::with_capacity(all.len());
        let mut postings: [Postings; 4] = Default::default();
        for (c, p) in postings.iter_mut().enumerate() {
            let total: usize = a.lists.iter().chain(&b.lists).map(|l| l[c].len()).sum();
            p.ids.reserve_exact(total);
            p.starts.reserve_exact(all.len() + 1);
            p.starts.push(0);
        }
        for (term, ia, ib) in &all {
            arena.push_str(term);
            ends.push(u32::try_from(arena.len()).expect("vocabulary under 4 GiB"));
            for (c, p) in postings.iter_mut().enumerate() {
                if let Some(i) = ia {
                    p.ids.extend_from_slice(&a.lists[*i as usize][c]);
                }
                if let Some(i) = ib {
                    p.ids.extend_from_slice(&b.lists[*i as usize][c]);
                }
                p.starts
                    .push(u32::try_from(p.ids.len()).expect("under 4 billion postings"));
            }
        }
        Index {
            records,
            arena: arena.into_boxed_str(),
            ends,
            postings,
        }
    }

    /// How many records were indexed.
    #[must_use]
    pub fn records(&self) -> usize {
        self.records
    }

    /// How many distinct tokens.
    #[must_use]
    pub fn terms(&self) -> usize {
        self.ends.len()
    }

    /// The token at a vocabulary position.
    #[must_use]
    pub fn term(&self, t: usize) -> &str {
        let start = if t == 0 { 0 } else { self.ends[t - 1] as usize };
        &self.arena[start..self.ends[t] as usize]
    }

    /// Every term that starts with `prefix` (already a lower-case token).
    #[must_use]
    pub fn resolve(&self, prefix: &str) -> Resolved {
        let n = self.ends.len();
        let lo = partition(n, |t| self.term(t) < prefix);
        let hi = lo + partition(n - lo, |t| self.term(lo + t).starts_with(prefix));
        Resolved {
            whole: lo < hi && self.term(lo) == prefix,
            terms: lo..hi,
        }
    }

    /// Record ids of a class for a range of terms, one run per term laid
    /// end to end (a record appears once per term it holds).
    #[must_use]
    pub fn postings(&self, class: Class, terms: Range<usize>) -> &[Idx] {
        let p = &self.postings[class as usize];
        if terms.is_empty() {
            return &[];
        }
        &p.ids[p.starts[terms.start] as usize..p.starts[terms.end] as usize]
    }

    /// Bytes held by the index (vocabulary and postings), for the bench.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.arena.len()
            + self.ends.capacity() * 4
            + self
                .postings
                .iter()
                .map(|p| (p.starts.capacity() + p.ids.capacity()) * 4)
                .sum::<usize>()
    }
}

/// The first `i` in `0..n` where `pred` turns false (`pred` is true on a
/// prefix of the range).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Cuts text into lower-case alphanumeric tokens (`menaquinone-7` is
/// `menaquinone` and `7`), calling `f` for each.
pub fn tokens(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        } else if !buf.is_empty() {
            f(buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        f(buf);
        buf.clear();
    }
}

/// One thread's share of the build: terms in first-seen order.
#[derive(Default)]
struct Partial {
    terms: FxHashMap<Box<str>, u32>,
    lists: Vec<[Vec<Idx>; 4]>,
}

impl Partial {
    fn build(studies: &[Study], first: Idx) -> Partial {
        let mut p = Partial::default();
        let mut buf = String::new();
        for (i, s) in studies.iter().enumerate() {
            let id = first + i as Idx;
            let mut first_word = true;
            tokens(&s.title, &mut buf, |t| {
                if first_word {
                    p.add(t, Class::TitleFirst, id);
                    first_word = false;
                }
                p.add(t, Class::Title, id);
            });
            let c = &s.citation;
            for text in c
                .authors
                .iter()
                .chain(c.journal.as_deref())
                .chain(std::iter::once(s.design.as_str()))
                .chain(s.nutrients.iter().map(Name::as_str))
                .chain(s.conditions.iter().map(Name::as_str))
            {
                tokens(text, &mut buf, |t| p.add(t, Class::Short, id));
            }
            if let Some(y) = c.year {
                p.add(&y.to_string(), Class::Short, id);
            }
            // an abstract holds every word its details are read from, so
            // they are indexed only for studies without one (and never read
            // here just to be indexed)
            let details = s.abstract_text.is_none().then(|| s.details());
            let detail_texts = details.into_iter().flat_map(|d| {
                d.findings
                    .iter()
                    .map(String::as_str)
                    .chain(d.doses.iter().map(|d| d.text.as_str()))
                    .chain(d.population.description.as_deref())
                    .chain(d.comparator.as_deref())
                    .chain(d.duration.as_deref())
            });
            for text in s.abstract_text.as_deref().into_iter().chain(detail_texts) {
                tokens(text, &mut buf, |t| p.add(t, Class::Long, id));
            }
        }
        p
    }

    fn add(&mut self, term: &str, class: Class, id: Idx) {
        let t = if let Some(&t) = self.terms.get(term) {
            t
        } else {
            let t = u32::try_from(self.lists.len()).expect("under 4 billion terms");
            self.terms.insert(term.into(), t);
            self.lists.push(Default::default());
            t
        };
        let list = &mut self.lists[t as usize][class as usize];
        // records come in order, so a repeat is always the last entry
        if list.last() != Some(&id) {
            list.push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Citation;

    fn store() -> Store {
        let mk = |title: &str, abs: &str, author: &str| Study {
            title: title.into(),
            abstract_text: Some(abs.into()),
            citation: Citation {
                authors: [author].into(),
                year: Some(2020),
                ..Citation::default()
            },
            ..Study::default()
        };
        Store::new(vec![
            mk(
                "Menaquinone-7 and bone",
                "osteoporosis in women",
                "Lindqvist M",
            ),
            mk("Bone loss", "menaquinone daily", "Zhang W"),
            mk("Fish oil", "triglycerides fell", "Menard P"),
        ])
    }

    #[test]
    fn tokens_are_lower_case_alphanumeric_runs() {
        let mut out = Vec::new();
        tokens("Menaquinone-7, MK-4 & Ærø", &mut String::new(), |t| {
            out.push(t.to_string());
        });
        assert_eq!(out, ["menaquinone", "7", "mk", "4", "ærø"]);
    }

    #[test]
    fn prefixes_resolve_to_contiguous_terms_and_postings() {
        let ix = Index::build(&store());
        let r = ix.resolve("men");
        let terms: Vec<&str> = r.terms.clone().map(|t| ix.term(t)).collect();
        assert_eq!(terms, ["menaquinone", "menard"]);
        assert!(!r.whole);
        assert_eq!(ix.postings(Class::TitleFirst, r.terms.clone()), &[0]);
        assert_eq!(ix.postings(Class::Short, r.terms.clone()), &[2]);
        assert_eq!(ix.postings(Class::Long, r.terms), &[1]);
        let r = ix.resolve("bone");
        assert!(r.whole);
        assert_eq!(ix.postings(Class::Title, r.terms), &[0, 1]);
        assert!(ix.resolve("osteprosis").terms.is_empty());
        assert_eq!(
            ix.postings(Class::Short, ix.resolve("2020").terms),
            &[0, 1, 2]
        );
    }

    #[test]
    fn both_halves_of_the_build_keep_ids_sorted() {
        let ix = Index::build(&store());
        let all = ix.postings(Class::Title, 0..ix.terms());
        assert_eq!(all.len(), 8);
        let r = ix.resolve("bone");
        assert!(ix.postings(Class::Title, r.terms).is_sorted());
    }
}
