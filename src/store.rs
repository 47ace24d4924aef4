//! All records in memory, with stable ids and indexes.
//!
//! The store is built once from what the readers returned: records that are
//! the same study (same DOI or PMID, else the same normalised title and
//! year) are merged into one that keeps every source, then ids are given in
//! load order so the same input always gives the same ids. The indexes
//! (nutrient, condition, design, year) answer facet filters without a scan.

use std::collections::BTreeMap;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHasher};

use crate::study::{Design, Name, Study};

/// Position of a record in the store.
pub type Idx = u32;

/// The in-memory library.
#[derive(Debug, Default)]
pub struct Store {
    studies: Vec<Study>,
    /// record positions sorted by id, for lookups without a second copy of
    /// every id
    by_id: Vec<Idx>,
    by_nutrient: BTreeMap<String, Vec<Idx>>,
    by_condition: BTreeMap<String, Vec<Idx>>,
    by_design: BTreeMap<Design, Vec<Idx>>,
    by_year: BTreeMap<i32, Vec<Idx>>,
}

impl Store {
    /// Makes every record's text inert, merges duplicates, assigns ids
    /// and builds the indexes. Every record reaches a store inert, through
    /// here or, from a reader, made so where it was read (`of_inert`): that
    /// is where what a document says is made safe to print, once, for
    /// every output format.
    #[must_use]
    pub fn new(mut records: Vec<Study>) -> Store {
        make_inert(&mut records);
        Store::of_inert(records)
    }

    /// [`Store::new`] of records already made inert (`Study::make_inert`),
    /// as every reader's are (`read::read_text`, `read::read_stream`): the
    /// pass over a large library's text is not made twice.
    pub(crate) fn of_inert(records: Vec<Study>) -> Store {
        let mut studies = merge_duplicates(records);
        for s in &mut studies {
            ensure_title(s);
        }
        assign_ids(&mut studies);
        let mut store = Store {
            studies,
            ..Store::default()
        };
        store.index();
        store
    }

    /// The facet indexes, with the id order sorted and the later half's
    /// facets gathered on other cores meanwhile when there are many
    /// records (each pass reads every record from memory).
    fn index(&mut self) {
        let studies = &self.studies;
        let (by_id, facets) = if threads_for(studies.len()) == 1 {
            (sorted_by_id(studies), Facets::of(studies, 0))
        } else {
            let half = studies.len() / 2;
            std::thread::scope(|scope| {
                let by_id = scope.spawn(|| sorted_by_id(studies));
                let later = scope.spawn(|| Facets::of(&studies[half..], half));
                let mut facets = Facets::of(&studies[..half], 0);
                facets.extend(
                    later
                        .join()
                        .unwrap_or_else(|_| Facets::of(&studies[half..], half)),
                );
                let by_id = by_id.join().unwrap_or_else(|_| sorted_by_id(studies));
                (by_id, facets)
            })
        };
        self.by_id = by_id;
        let owned = |map: FxHashMap<&str, Vec<Idx>>| {
            map.into_iter()
                .map(|(name, ids)| (name.to_string(), ids))
                .collect()
        };
        self.by_nutrient = owned(facets.nutrients);
        self.by_condition = owned(facets.conditions);
        self.by_design = facets.designs;
        self.by_year = facets.years;
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.studies.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.studies.is_empty()
    }

    #[must_use]
    pub fn studies(&self) -> &[Study] {
        &self.studies
    }

    #[must_use]
    pub fn get(&self, i: Idx) -> Option<&Study> {
        self.studies.get(i as usize)
    }

    /// The study with this id (ids are case-insensitive for people typing).
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&Study> {
        let find = |id: &str| {
            self.by_id
                .binary_search_by(|&i| self.studies[i as usize].id.as_str().cmp(id))
                .ok()
                .map(|at| self.by_id[at])
        };
        find(id)
            .or_else(|| find(&id.to_lowercase()))
            .and_then(|i| self.get(i))
    }

    /// Studies of a canonical nutrient, in store order.
    #[must_use]
    pub fn with_nutrient(&self, canonical: &str) -> &[Idx] {
        self.by_nutrient.get(canonical).map_or(&[], Vec::as_slice)
    }

    /// Studies of a canonical condition, in store order.
    #[must_use]
    pub fn with_condition(&self, canonical: &str) -> &[Idx] {
        self.by_condition.get(canonical).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn with_design(&self, design: Design) -> &[Idx] {
        self.by_design.get(&design).map_or(&[], Vec::as_slice)
    }

    /// Studies published in `from..=to`, in store order.
    #[must_use]
    pub fn in_years(&self, from: i32, to: i32) -> Vec<Idx> {
        let mut out: Vec<Idx> = self
            .by_year
            .range(from..=to)
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        out.sort_unstable();
        out
    }

    /// Every nutrient in the library with how many studies name it, most
    /// common first (what the browser's picker lists).
    #[must_use]
    pub fn nutrient_counts(&self) -> Vec<(String, usize)> {
        counts(&self.by_nutrient)
    }

    /// Every condition with its count, most common first.
    #[must_use]
    pub fn condition_counts(&self) -> Vec<(String, usize)> {
        counts(&self.by_condition)
    }

    /// Every design with its count, most common first.
    #[must_use]
    pub fn design_counts(&self) -> Vec<(Design, usize)> {
        let mut v: Vec<(Design, usize)> = self
            .by_design
            .iter()
            .map(|(d, ids)| (*d, ids.len()))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// Reads the deferred details of these studies on every core, so a command
/// that prints all of them does not read them one by one on one thread.
pub fn read_details(studies: &[&Study]) {
    let pending: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| !s.details.is_read())
        .collect();
    // small batches, so one thread's long abstracts do not idle the others
    let batches: Vec<&[&Study]> = pending.chunks(256).collect();
    crate::read::on_every_core(&batches, |batch| {
        for s in *batch {
            s.ensure_details();
        }
    });
}

/// Which studies have each nutrient, condition, design and year, keyed by
/// names borrowed from the studies: a name is copied once per library,
/// when the store keeps it, not once per study.
#[derive(Default)]
struct Facets<'s> {
    nutrients: FxHashMap<&'s str, Vec<Idx>>,
    conditions: FxHashMap<&'s str, Vec<Idx>>,
    designs: BTreeMap<Design, Vec<Idx>>,
    years: BTreeMap<i32, Vec<Idx>>,
}

impl<'s> Facets<'s> {
    /// The facets of `studies`, the first of which is at `first` in the
    /// store.
    fn of(studies: &'s [Study], first: usize) -> Facets<'s> {
        let mut f = Facets::default();
        for (i, s) in studies.iter().enumerate() {
            let i = idx(first + i);
            for name in &s.nutrients {
                f.nutrients.entry(name.as_str()).or_default().push(i);
            }
            for name in &s.conditions {
                f.conditions.entry(name.as_str()).or_default().push(i);
            }
            f.designs.entry(s.design).or_default().push(i);
            if let Some(y) = s.citation.year {
                f.years.entry(y).or_default().push(i);
            }
        }
        f
    }

    /// Adds the facets of the studies after these ones.
    fn extend(&mut self, later: Facets<'s>) {
        fn join<K: Ord>(into: &mut BTreeMap<K, Vec<Idx>>, from: BTreeMap<K, Vec<Idx>>) {
            for (k, ids) in from {
                into.entry(k).or_default().extend(ids);
            }
        }
        for (k, ids) in later.nutrients {
            self.nutrients.entry(k).or_default().extend(ids);
        }
        for (k, ids) in later.conditions {
            self.conditions.entry(k).or_default().extend(ids);
        }
        join(&mut self.designs, later.designs);
        join(&mut self.years, later.years);
    }
}

fn counts(map: &BTreeMap<String, Vec<Idx>>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.iter().map(|(k, ids)| (k.clone(), ids.len())).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The keys under which two records are the same study.
fn identity_keys(s: &Study) -> Vec<String> {
    let mut keys = Vec::new();
    spell_keys(s, &mut String::new(), |k| keys.push(k.to_string()));
    keys
}

/// Spells each identity key of a study into `buf` in turn and hands it to
/// `each`: the DOI, the PMID, and the year with the normalised title. The
/// title is a key even beside a DOI: a reference manager's copy often lacks
/// the DOI that `PubMed`'s has; a short title ("Vitamin D") is too weak a key
/// to merge on.
fn spell_keys(s: &Study, buf: &mut String, mut each: impl FnMut(&str)) {
    use std::fmt::Write as _;
    if let Some(doi) = &s.citation.doi {
        buf.clear();
        buf.push_str("doi:");
        push_lowercase(buf, doi.trim());
        each(buf);
    }
    if let Some(pmid) = &s.citation.pmid {
        buf.clear();
        buf.push_str("pmid:");
        buf.push_str(pmid.trim());
        each(buf);
    }
    if let Some(year) = s.citation.year {
        buf.clear();
        let _ = write!(buf, "title:{year}:");
        let head = buf.len();
        push_normalised(buf, &s.title);
        if buf.len() - head >= 20 {
            each(buf);
        }
    }
}

/// Two records that name different DOIs or PMIDs are different papers,
/// whatever their titles (an erratum, a reply, a re-publication).
fn may_be_same(a: &Study, b: &Study) -> bool {
    let differ = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => !x.trim().eq_ignore_ascii_case(y.trim()),
        _ => false,
    };
    !differ(&a.citation.doi, &b.citation.doi) && !differ(&a.citation.pmid, &b.citation.pmid)
}

/// Record positions in order of id. Each is sorted with the first 16 bytes
/// of its id beside it, so most comparisons are of two integers in one
/// array rather than of two strings behind two records (a million records
/// spread over a gigabyte).
fn sorted_by_id(studies: &[Study]) -> Vec<Idx> {
    let mut keyed: Vec<(u128, Idx)> = studies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut head = [0u8; 16];
            let n = s.id.len().min(16);
            head[..n].copy_from_slice(&s.id.as_bytes()[..n]);
            (u128::from_be_bytes(head), idx(i))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| studies[a.1 as usize].id.cmp(&studies[b.1 as usize].id))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Lower case letters and digits only: titles differ in case, punctuation
/// and markup between exports of the same paper.
#[must_use]
pub fn normalise_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    push_normalised(&mut out, title);
    out
}

/// [`normalise_title`] onto the end of `buf`. Keys of a million titles are
/// spelled at load, nearly all of them ASCII: those skip the Unicode tables.
fn push_normalised(buf: &mut String, title: &str) {
    if title.is_ascii() {
        buf.extend(
            title
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        buf.extend(
            title
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
    }
}

/// `text` in lower case onto the end of `buf` (ASCII without the Unicode
/// tables).
fn push_lowercase(buf: &mut String, text: &str) {
    if text.is_ascii() {
        buf.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// Merges records of the same study in place (a library can hold a million
/// records, so no second vector of them is built), keyed by hashes of the
/// identity keys to keep the table small. The hashes are computed on every
/// core first; the keys themselves are only spelled out to confirm a hit.
fn merge_duplicates(mut records: Vec<Study>) -> Vec<Study> {
    let hashes = key_hashes_of(&records);
    // sized once for every key: growing a map of millions of keys holds the
    // old table and the new one at once
    let keys = hashes
        .iter()
        .flatten()
        .flatten()
        .filter(|&&h| h != 0)
        .count();
    // the keys are hashes already: a second strong hash of each is wasted
    let mut seen: FxHashMap<u64, Idx> = FxHashMap::with_capacity_and_hasher(keys, FxBuildHasher);
    let mut keep = vec![true; records.len()];
    let mut grown: Vec<Idx> = Vec::new();
    for (i, mine) in hashes.iter().flatten().enumerate() {
        let earlier = mine.iter().filter(|&&h| h != 0).find_map(|h| {
            let j = *seen.get(h)? as usize;
            // papers with different DOIs or PMIDs are told apart at once (a
            // large export has many a shared title); otherwise a hash
            // collision between different keys must not merge
            if !may_be_same(&records[j], &records[i]) {
                return None;
            }
            let mine = identity_keys(&records[i]);
            let theirs = identity_keys(&records[j]);
            mine.iter().any(|k| theirs.contains(k)).then_some(j)
        });
        if let Some(j) = earlier {
            let rec = std::mem::take(&mut records[i]);
            keep[i] = false;
            grown.push(idx(j));
            merge_into(&mut records[j], rec);
            for k in identity_keys(&records[j]) {
                seen.entry(key_hash(&k)).or_insert(idx(j));
            }
        } else {
            for &h in mine.iter().filter(|&&h| h != 0) {
                seen.entry(h).or_insert(idx(i));
            }
        }
    }
    drop(seen);
    drop(hashes);
    grown.sort_unstable();
    grown.dedup();
    for j in grown {
        drop_repeats(&mut records[j as usize]);
    }
    let mut kept = keep.into_iter();
    records.retain(|_| kept.next().unwrap_or(true));
    records
}

fn idx(i: usize) -> Idx {
    Idx::try_from(i).expect("fewer than 4 billion studies")
}

/// A record's identity key hashes, 0 where it has fewer than three keys.
type KeyHashes = [u64; 3];

/// The hashes of every record's identity keys, in record order as one list
/// per batch (never copied into one: at a million records that is 24 MB
/// twice), each batch spelling its keys into one reused buffer.
fn key_hashes_of(records: &[Study]) -> Vec<Vec<KeyHashes>> {
    in_batches(records, |batch| {
        let mut buf = String::new();
        batch
            .iter()
            .map(|s| {
                let mut hashes = [0; 3];
                let mut slots = hashes.iter_mut();
                spell_keys(s, &mut buf, |k| {
                    if let Some(slot) = slots.next() {
                        *slot = key_hash(k);
                    }
                });
                hashes
            })
            .collect()
    })
}

/// Fewer records than this are worked on one thread: starting one costs
/// more than a few thousand records' work.
const ONE_THREAD_BELOW: usize = 4096;

/// The threads to share `records` records' work among.
fn threads_for(records: usize) -> usize {
    if records < ONE_THREAD_BELOW {
        1
    } else {
        crate::read::cores()
    }
}

/// [`Study::make_inert`] on every record, a share of them per core.
fn make_inert(records: &mut [Study]) {
    let threads = threads_for(records.len());
    if threads == 1 {
        return records.iter_mut().for_each(Study::make_inert);
    }
    let share = records.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in records.chunks_mut(share) {
            scope.spawn(|| part.iter_mut().for_each(Study::make_inert));
        }
    });
}

/// `work` on a batch of the records per core, results in the records'
/// order; a batch whose thread failed is done again here, so none is lost.
fn in_batches<R: Send>(records: &[Study], work: impl Fn(&[Study]) -> R + Sync) -> Vec<R> {
    let threads = threads_for(records.len());
    let batches: Vec<&[Study]> = records
        .chunks(records.len().div_ceil(threads).max(1))
        .collect();
    crate::read::on_every_core(&batches, |batch| work(batch))
        .into_iter()
        .zip(&batches)
        .map(|(done, batch)| done.unwrap_or_else(|| work(batch)))
        .collect()
}

/// Never 0, which stands for no key.
fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default()
        .hash_one(key)
        .max(1)
}

/// Folds `other` into `into`: what `into` lacks, `other` gives; lists are
/// joined (their repeats are dropped once, by `drop_repeats`, after every
/// merge: one study seen in 80,000 records would otherwise compare each
/// source with all before it); the record with more evidence keeps its
/// source first.
fn merge_into(into: &mut Study, mut other: Study) {
    fn fill<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    fn join<T>(a: &mut Vec<T>, mut b: Vec<T>) {
        a.append(&mut b);
    }
    // details are read (if deferred) before the text they come from moves
    let theirs = other.take_details();
    let ours = into.details_mut();
    let p = theirs.population;
    fill(&mut ours.population.n, p.n);
    fill(&mut ours.population.description, p.description);
    fill(&mut ours.population.species, p.species);
    fill(&mut ours.population.age_min, p.age_min);
    fill(&mut ours.population.age_max, p.age_max);
    fill(&mut ours.population.sex, p.sex);
    fill(&mut ours.included_studies, theirs.included_studies);
    fill(&mut ours.comparator, theirs.comparator);
    fill(&mut ours.duration, theirs.duration);
    join(&mut ours.doses, theirs.doses);
    join(&mut ours.findings, theirs.findings);
    let c = other.citation;
    if into.citation.authors.len() < c.authors.len() {
        into.citation.authors = c.authors;
    }
    fill(&mut into.citation.year, c.year);
    fill(&mut into.citation.journal, c.journal);
    fill(&mut into.citation.volume, c.volume);
    fill(&mut into.citation.issue, c.issue);
    fill(&mut into.citation.pages, c.pages);
    fill(&mut into.citation.doi, c.doi);
    fill(&mut into.citation.pmid, c.pmid);
    fill(&mut into.citation.url, c.url);
    if into.title.len() < other.title.len() && into.citation.journal.is_none() {
        into.title = other.title;
    }
    if !into.design.is_known() {
        into.design = other.design;
    }
    fill(&mut into.abstract_text, other.abstract_text);
    join(&mut into.nutrients, other.nutrients);
    join(&mut into.conditions, other.conditions);
    // `sources` is filled only once a record is merged, so a million
    // single-source records do not carry their path twice
    if into.sources.is_empty() {
        into.sources.push(into.source.clone());
    }
    let other_sources = if other.sources.is_empty() {
        vec![other.source]
    } else {
        other.sources
    };
    join(&mut into.sources, other_sources);
}

/// Drops the later copies of what a merged record's lists hold twice,
/// keeping the first of each in place: linear in the list.
fn drop_repeats(s: &mut Study) {
    use std::hash::Hash as _;
    let d = s.details_mut();
    keep_first(&mut d.findings, String::hash);
    keep_first(&mut d.doses, |d, h| {
        d.text.hash(h);
        d.amount.to_bits().hash(h);
    });
    keep_first(&mut s.nutrients, Name::hash);
    keep_first(&mut s.conditions, Name::hash);
    keep_first(&mut s.sources, |src, h| {
        src.path.hash(h);
        src.line.hash(h);
    });
}

/// Keeps the first of equal items in `items`, in order; `hash`
/// feeds a hasher from what tells items apart (equal items must hash alike).
fn keep_first<T: PartialEq>(items: &mut Vec<T>, hash: impl Fn(&T, &mut FxHasher)) {
    use std::hash::Hasher as _;
    let mut firsts: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    let keep: Vec<bool> = (0..items.len())
        .map(|i| {
            let mut h = FxHasher::default();
            hash(&items[i], &mut h);
            let alike = firsts.entry(h.finish()).or_default();
            let first = !alike.iter().any(|&k| items[k] == items[i]);
            if first {
                alike.push(i);
            }
            first
        })
        .collect();
    drop(firsts);
    let mut keep = keep.into_iter();
    items.retain(|_| keep.next().unwrap_or(true));
}

/// The schema promises a title is never empty: a record without one is
/// named by what is known of it.
fn ensure_title(s: &mut Study) {
    if !s.title.trim().is_empty() {
        return;
    }
    let who = s.citation.authors.first();
    s.title = match (who, s.citation.year, &s.citation.pmid) {
        (Some(a), Some(y), _) => format!("Untitled study by {a} ({y})"),
        (Some(a), None, _) => format!("Untitled study by {a}"),
        (None, _, Some(p)) => format!("Untitled study (PMID {p})"),
        _ => "Untitled study".to_string(),
    };
}

/// `surname-year`, `pmid-N`, or a title slug; `-b`, `-c` on a clash.
fn assign_ids(studies: &mut [Study]) {
    let bases: Vec<String> = in_batches(studies, |batch| batch.iter().map(base_id).collect())
        .into_iter()
        .flat_map(Vec::<String>::into_iter)
        .collect();
    // the how-manyth use of its base each id is, counted over the bases
    // themselves rather than a second copy of each
    let mut used: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(bases.len(), FxBuildHasher);
    let nth: Vec<u32> = bases
        .iter()
        .map(|b| {
            let n = used.entry(b.as_str()).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    drop(used);
    for ((s, base), n) in studies.iter_mut().zip(bases).zip(nth) {
        s.id = if n == 1 {
            base
        } else {
            format!("{base}-{}", suffix(n))
        };
    }
}

fn suffix(n: u32) -> String {
    // 2 -> b, 26 -> z, 27 -> ab: ids stay short and readable
    let mut n = n - 1;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    out.iter().rev().collect()
}

fn base_id(s: &Study) -> String {
    if let Some(surname) = s.first_author_surname() {
        let slug = slug(surname, 30);
        if !slug.is_empty() {
            return match s.citation.year {
                Some(y) => format!("{slug}-{y}"),
                None => slug,
            };
        }
    }
    if let Some(pmid) = &s.citation.pmid {
        return format!("pmid-{pmid}");
    }
    let t = slug(&s.title, 40);
    if t.is_empty() { "study".to_string() } else { t }
}

/// Lower-case ASCII words joined by `-`, accents folded where simple.
#[must_use]
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
        if out.len() >= max {
            break;
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ö' | 'Ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ß' => 's',
        'ł' | 'Ł' => 'l',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::{Citation, Source};

    fn rec(author: &str, year: i32, doi: Option<&str>, path: &str) -> Study {
        Study {
            title: format!("A study by {author} in {path} about something long enough"),
            citation: Citation {
                authors: [format!("{author} A").as_str()].into(),
                year: Some(year),
                doi: doi.map(str::to_string),
                ..Citation::default()
            },
            source: Source {
                path: path.into(),
                headline: None,
                line: Some(1),
            },
            nutrients: vec!["vitamin K2".into()],
            ..Study::default()
        }
    }

    #[test]
    fn ids_are_surname_year_with_suffixes_on_clash() {
        let store = Store::new(vec![
            rec("Núñez", 2020, None, "a"),
            rec("Núñez", 2020, Some("10.1/x"), "b"),
            rec("Lee", 2019, None, "c"),
        ]);
        let ids: Vec<&str> = store.studies().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["nunez-2020", "nunez-2020-b", "lee-2019"]);
        assert_eq!(suffix(27), "aa");
    }

    #[test]
    fn same_doi_in_two_documents_is_one_record_with_both_sources() {
        let mut a = rec("Lee", 2019, Some("10.1/ABC"), "one.txt");
        a.details_mut().findings = vec!["it worked".into()];
        let mut b = rec("Lee", 2019, Some("10.1/abc"), "two.txt");
        b.citation.pmid = Some("123".into());
        b.details_mut().findings = vec!["it worked".into(), "no harm".into()];
        let store = Store::new(vec![a, b]);
        assert_eq!(store.len(), 1);
        let s = &store.studies()[0];
        assert_eq!(
            s.sources.iter().map(|s| &*s.path).collect::<Vec<_>>(),
            ["one.txt", "two.txt"]
        );
        assert_eq!(s.citation.pmid.as_deref(), Some("123"));
        assert_eq!(s.details().findings, ["it worked", "no harm"]);
    }

    #[test]
    fn same_title_and_year_merge_unless_identifiers_differ() {
        let mut a = rec("Lee", 2019, Some("10.1/abc"), "pubmed.nbib");
        let mut b = rec("Lee", 2019, None, "zotero.bib");
        let mut c = rec("Lee", 2019, Some("10.1/other"), "erratum.ris");
        for s in [&mut a, &mut b, &mut c] {
            s.title = "Menaquinone-7 and Bone Loss: a Trial".into();
        }
        b.title = "MENAQUINONE-7 AND BONE LOSS - A TRIAL.".into();
        let store = Store::new(vec![a, b, c]);
        assert_eq!(
            store.len(),
            2,
            "the DOI-less copy merges, the other DOI does not"
        );
        assert_eq!(store.studies()[0].sources.len(), 2);
    }

    #[test]
    fn details_are_read_on_every_core_once() {
        fn read(s: &Study, _: Option<&'static str>) -> crate::study::Details {
            let mut d = crate::study::Details::default();
            d.findings.push(format!("about {}", s.title));
            d
        }
        let studies: Vec<Study> = (0..1000)
            .map(|i| Study {
                title: format!("t{i}"),
                details: crate::study::LazyDetails::deferred(crate::study::Deferred {
                    read,
                    hint: None,
                }),
                ..Study::default()
            })
            .collect();
        let refs: Vec<&Study> = studies.iter().collect();
        read_details(&refs);
        assert!(studies.iter().all(|s| s.details.is_read()));
        assert_eq!(studies[999].details().findings, ["about t999"]);
    }

    #[test]
    fn a_store_shared_among_threads_merges_and_names_as_one_thread_does() {
        let many = |n: usize| -> Vec<Study> {
            let mut v: Vec<Study> = (0..n)
                .map(|i| {
                    rec(
                        &format!("Author{i}"),
                        2000 + (i % 20) as i32,
                        None,
                        "big.nbib",
                    )
                })
                .collect();
            // the same study first and last, and one surname in both halves
            v[0].citation.doi = Some("10.1/same".into());
            v[n - 1].citation.doi = Some("10.1/same".into());
            v[1] = rec("Okafor", 2019, None, "big.nbib");
            v[n - 2] = rec("Okafor", 2019, None, "other.nbib");
            v
        };
        for n in [ONE_THREAD_BELOW - 1, ONE_THREAD_BELOW * 2] {
            let store = Store::new(many(n));
            assert_eq!(store.len(), n - 1, "{n} records");
            let ids: Vec<&str> = store.studies().iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids[1], "okafor-2019", "{n} records");
            assert!(ids.contains(&"okafor-2019-b"), "{n} records");
            assert_eq!(
                store.by_id("okafor-2019-b").unwrap().source.path.as_ref(),
                "other.nbib"
            );
            // facets gathered in halves come out whole and in store order
            let every: Vec<Idx> = (0..idx(n - 1)).collect();
            assert_eq!(store.with_nutrient("vitamin K2"), every, "{n} records");
            let in_2000: Vec<Idx> = (0..idx(n - 1))
                .filter(|&i| store.studies()[i as usize].citation.year == Some(2000))
                .collect();
            assert!(in_2000.len() > 100);
            assert_eq!(store.in_years(2000, 2000), in_2000, "{n} records");
            assert_eq!(store.by_year[&2000], in_2000, "{n} records");
        }
    }

    #[test]
    fn ids_alike_in_their_first_sixteen_bytes_are_all_found() {
        let long = "Vanderbergenhausen";
        let store = Store::new(vec![
            rec(long, 2020, None, "a.txt"),
            rec(long, 2019, None, "b.txt"),
            rec(long, 2020, None, "c.txt"),
            rec("Lee", 2019, None, "d.txt"),
            rec(long, 2021, None, "e.txt"),
        ]);
        let ids: Vec<&str> = store.studies().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "vanderbergenhausen-2020",
                "vanderbergenhausen-2019",
                "vanderbergenhausen-2020-b",
                "lee-2019",
                "vanderbergenhausen-2021",
            ]
        );
        for id in ids {
            assert_eq!(store.by_id(id).map(|s| s.id.as_str()), Some(id));
        }
        assert!(store.by_id("vanderbergenhausen-2022").is_none());
    }

    #[test]
    fn titles_normalise_alike_with_or_without_non_ascii() {
        assert_eq!(
            normalise_title("Zinc & Colds: a 2-Arm Trial!"),
            "zinccoldsa2armtrial"
        );
        assert_eq!(normalise_title("Ärzte, Zink & ΔT"), "ärztezinkδt");
        let mut buf = String::from("doi:");
        push_lowercase(&mut buf, "10.1/AbC");
        push_lowercase(&mut buf, "/ÄB");
        assert_eq!(buf, "doi:10.1/abc/äb");
    }

    #[test]
    fn key_hashes_are_the_hashes_of_the_spelled_out_keys() {
        let mut s = rec("Lee", 2019, Some(" 10.1/ABC "), "x");
        s.citation.pmid = Some("123".into());
        s.title = "Vitamin K2 and the Ärzte: a Trial of Bones".into();
        let spelled: Vec<u64> = identity_keys(&s).iter().map(|k| key_hash(k)).collect();
        let hashed: Vec<u64> = key_hashes_of(std::slice::from_ref(&s))[0][0]
            .into_iter()
            .filter(|&h| h != 0)
            .collect();
        assert_eq!(spelled.len(), 3);
        assert_eq!(hashed, spelled);
        s.title = "Short".into();
        assert_eq!(
            key_hashes_of(std::slice::from_ref(&s))[0][0][2],
            0,
            "a short title is no key"
        );
    }

    #[test]
    fn indexes_answer_facets() {
        let mut b = rec("Kim", 2021, None, "x");
        b.nutrients = vec!["calcium".into()];
        b.design = Design::Rct;
        let store = Store::new(vec![rec("Lee", 2019, None, "x"), b]);
        assert_eq!(store.with_nutrient("calcium"), &[1]);
        assert_eq!(store.with_design(Design::Rct), &[1]);
        assert_eq!(store.in_years(2020, 2022), vec![1]);
        assert_eq!(
            store.nutrient_counts(),
            vec![("calcium".to_string(), 1), ("vitamin K2".to_string(), 1)]
        );
        assert_eq!(
            store.by_id("KIM-2021").map(|s| s.citation.year),
            Some(Some(2021))
        );
    }

    #[test]
    fn no_author_falls_back_to_pmid_then_title() {
        let mut a = Study {
            title: "Vitamin D and Falls: a Trial!".into(),
            ..Study::default()
        };
        let mut b = a.clone();
        b.citation.pmid = Some("999".into());
        assign_ids(std::slice::from_mut(&mut b));
        assign_ids(std::slice::from_mut(&mut a));
        assert_eq!(b.id, "pmid-999");
        assert_eq!(a.id, "vitamin-d-and-falls-a-trial");
    }
}
