//! The words aliases start with, each with the trie node it leads to.
//!
//! A match starts where a word does and ends where one does, so the text's
//! first word at a match is the alias's own first word. Most words are no
//! alias's first word; those that are, once looked up whole, leave only
//! the rest of the alias to walk in the trie, where walking the word too
//! would take a step (and often a cache miss) per letter. Most of those
//! walks would end at once ("in" goes on to no alias in "in the"), so the
//! two bytes after the word are checked against a second small filter
//! first: the trie, too big for the cache, is read only where an alias may
//! go on.

use super::trie::Trie;

/// Bits in the quick filter: a few thousand first words leave most of them
/// clear, so most other words are turned away without touching the table.
const FILTER_BITS: usize = 1 << 16;

/// `len` bit of a slot whose word is an alias, or goes on to one in fewer
/// than two bytes: the trie is walked whatever follows it.
const WALK_ALWAYS: u32 = 1 << 31;

#[derive(Debug)]
pub(super) struct FirstWords {
    filter: Box<[u64]>,
    /// (first word, the two bytes after it) of every alias, as `follow_key`
    follows: Box<[u64]>,
    /// open addressing by `hash`: (hash, key's start in `keys`, key's
    /// length with `WALK_ALWAYS`, node); node 0 marks an empty slot
    slots: Box<[(u32, u32, u32, u32)]>,
    /// every key, folded, one after another
    keys: Vec<u8>,
}

/// ASCII letters and digits folded to lower case (`| 0x20` changes no
/// digit).
fn fold(b: u8) -> u8 {
    b | 0x20
}

/// Where a word falls in the quick filter: its length and its first,
/// second and last bytes, caseless; cheaper than `hash`, which reads it all.
fn filter_key(word: &[u8]) -> usize {
    let low = |i: usize| u32::from(fold(word[i]));
    let n = u32::try_from(word.len().min(255)).unwrap_or(255);
    let h = n | low(0) << 8 | low(word.len().min(2) - 1) << 16 | low(word.len() - 1) << 24;
    (h.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Where a first word (by its `hash`) and the two bytes after it fall in
/// the second filter.
fn follow_key(hash: u32, next: [u8; 2]) -> usize {
    let next =
        u32::from(next[0].to_ascii_lowercase()) << 8 | u32::from(next[1].to_ascii_lowercase());
    ((hash ^ next.wrapping_mul(0x85EB_CA6B)).wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn set(bits: &mut [u64], k: usize) {
    bits[k / 64] |= 1 << (k % 64);
}

fn has(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

fn hash(word: &[u8]) -> u32 {
    word.iter().fold(0x811C_9DC5u32, |h, &b| {
        (h ^ u32::from(fold(b))).wrapping_mul(0x0100_0193)
    })
}

impl FirstWords {
    /// Every alias's first word (run of ASCII letters and digits), each
    /// with the node it leads to in `trie`; aliases that start otherwise
    /// are left to a walk from the start.
    pub(super) fn new<'a>(trie: &Trie, aliases: impl Iterator<Item = &'a [u8]>) -> FirstWords {
        let mut filter = vec![0u64; FILTER_BITS / 64].into_boxed_slice();
        let mut follows = vec![0u64; FILTER_BITS / 64].into_boxed_slice();
        // each alias's first word (folded, one after another) and whether
        // it needs `WALK_ALWAYS`; then each word once, sorted
        let mut folded = Vec::new();
        let mut spans: Vec<(usize, usize, bool)> = Vec::new();
        for alias in aliases {
            let run = alias
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let (word, rest) = alias.split_at(run);
            if word.is_empty() {
                continue;
            }
            let always = if let [a, b, ..] = *rest {
                set(&mut follows, follow_key(hash(word), [a, b]));
                false
            } else {
                true
            };
            let start = folded.len();
            folded.extend(word.iter().map(|&b| fold(b)));
            spans.push((start, folded.len(), always));
        }
        let mut words: Vec<(&[u8], bool)> = spans
            .iter()
            .map(|&(s, e, always)| (&folded[s..e], always))
            .collect();
        words.sort_unstable();
        words.dedup_by(|later, first| {
            let same = later.0 == first.0;
            first.1 |= same && later.1;
            same
        });
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0, 0, 0, 0); size].into_boxed_slice();
        let mut keys = Vec::new();
        for (word, always) in words {
            let node = trie.node_of(word);
            if node == 0 {
                continue;
            }
            set(&mut filter, filter_key(word));
            let h = hash(word);
            let mut i = h as usize & (size - 1);
            while slots[i].3 != 0 {
                i = (i + 1) & (size - 1);
            }
            let start = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            keys.extend_from_slice(word);
            let len = word.len() as u32 | if always { WALK_ALWAYS } else { 0 };
            slots[i] = (h, start, len, node);
        }
        FirstWords {
            filter,
            follows,
            slots,
            keys,
        }
    }

    /// The node `word` (ASCII letters and digits, not empty) leads to when
    /// some alias starts with it as a whole word and may go on with `next`
    /// (the two bytes after it, 0 past the text's end); 0 otherwise.
    pub(super) fn node(&self, word: &[u8], next: [u8; 2]) -> u32 {
        if !has(&self.filter, filter_key(word)) {
            return 0;
        }
        let h = hash(word);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, start, len, node) = self.slots[i];
            if node == 0 {
                return 0;
            }
            if sh == h && (len & !WALK_ALWAYS) as usize == word.len() {
                let key = &self.keys[start as usize..start as usize + word.len()];
                if key.iter().zip(word).all(|(&k, &b)| k == fold(b)) {
                    let goes_on = len & WALK_ALWAYS != 0 || has(&self.follows, follow_key(h, next));
                    return if goes_on { node } else { 0 };
                }
            }
            i = (i + 1) & mask;
        }
    }
}
