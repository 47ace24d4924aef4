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

/// Filter bits per key: with two bits set per key in a 64-bit block, a
/// word no alias starts with passes about once in a hundred, and the
/// filters of a few thousand words take a few pages (every process builds
/// them).
const BITS_PER_KEY: usize = 16;

/// `len` bit of a slot whose word is an alias, or goes on to one in fewer
/// than two bytes: the trie is walked whatever follows it.
const WALK_ALWAYS: u32 = 1 << 31;

#[derive(Debug)]
pub(super) struct FirstWords {
    /// every alias's first word, by `hash`
    filter: Filter,
    /// (first word, the two bytes after it) of every alias, by `follow_hash`
    follows: Filter,
    /// the first words of aliases that go on in fewer than two bytes (or
    /// not at all), by `hash`: for those, what follows is not asked
    always: Filter,
    /// open addressing by `hash`: (hash, key's start in `keys`, key's
    /// length with `WALK_ALWAYS`, node); node 0 marks an empty slot
    slots: Box<[(u32, u32, u32, u32)]>,
    /// every key, folded, one after another
    keys: Vec<u8>,
}

/// A filter with no false negatives: each key sets two bits of one 64-bit
/// block, so a look costs one memory read.
#[derive(Debug)]
struct Filter {
    blocks: Box<[u64]>,
}

impl Filter {
    /// Room for `keys` keys.
    fn new(keys: usize) -> Filter {
        let blocks = (keys * BITS_PER_KEY / 64).next_power_of_two().max(1);
        Filter {
            blocks: vec![0; blocks].into_boxed_slice(),
        }
    }

    /// The block and the two bits a hash picks: the block from the low
    /// bits, the bits from the high ones, so they vary independently.
    fn spot(&self, h: u64) -> (usize, u64) {
        let block = h as usize & (self.blocks.len() - 1);
        (block, 1 << (h >> 58) | 1 << ((h >> 52) & 63))
    }

    fn insert(&mut self, h: u64) {
        let (block, bits) = self.spot(h);
        self.blocks[block] |= bits;
    }

    #[inline]
    fn may_hold(&self, h: u64) -> bool {
        let (block, bits) = self.spot(h);
        self.blocks[block] & bits == bits
    }
}

/// ASCII letters and digits folded to lower case (`| 0x20` changes no
/// digit).
fn fold(b: u8) -> u8 {
    b | 0x20
}

/// The hash of the word `b[start..end]`, ASCII case ignored: eight bytes
/// at a time, which for most words is once. The bytes after the word are
/// read with it where the text has them, and masked off.
#[allow(clippy::inline_always)] // see `FirstWords::node`
#[inline(always)]
fn hash(b: &[u8], start: usize, end: usize) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let eight = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let mut h = (end - start) as u64;
    let mut p = start;
    while end - p >= 8 {
        h = mix(h ^ (eight(p) | FOLD));
        p += 8;
    }
    let left = end - p;
    if left > 0 {
        let keep = u64::MAX >> (8 * (8 - left));
        let x = if p + 8 <= b.len() {
            eight(p)
        } else {
            b[p..end]
                .iter()
                .rev()
                .fold(0, |x, &byte| x << 8 | u64::from(byte))
        };
        h = mix(h ^ ((x | FOLD) & keep));
    }
    h
}

/// Spreads every bit of `x` over the whole word: the filters and the table
/// pick by the low bits, the filters' bits by the high ones.
#[inline]
fn mix(x: u64) -> u64 {
    let x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// A first word's hash together with the two bytes after it.
fn follow_hash(h: u64, next: [u8; 2]) -> u64 {
    let next =
        u64::from(next[0].to_ascii_lowercase()) << 8 | u64::from(next[1].to_ascii_lowercase());
    mix(h ^ next.wrapping_mul(0x85EB_CA6B_C2B2_AE35))
}

impl FirstWords {
    /// Every alias's first word (run of ASCII letters and digits), each
    /// with the node it leads to in `trie`; aliases that start otherwise
    /// are left to a walk from the start.
    pub(super) fn new<'a>(trie: &Trie, aliases: impl Iterator<Item = &'a [u8]>) -> FirstWords {
        // each alias's first word (folded, one after another), the two
        // bytes after it where it goes on by two or more; then each word
        // once, sorted, `WALK_ALWAYS` where some alias goes on by fewer
        let mut folded = Vec::new();
        let mut spans: Vec<(usize, usize, Option<[u8; 2]>)> = Vec::new();
        for alias in aliases {
            let run = alias
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let (word, rest) = alias.split_at(run);
            if word.is_empty() {
                continue;
            }
            let start = folded.len();
            folded.extend(word.iter().map(|&b| fold(b)));
            let next = if let [a, b, ..] = *rest {
                Some([a, b])
            } else {
                None
            };
            spans.push((start, folded.len(), next));
        }
        let mut follows = Filter::new(spans.len());
        let mut words: Vec<(&[u8], bool)> = Vec::with_capacity(spans.len());
        for &(s, e, next) in &spans {
            let word = &folded[s..e];
            if let Some(next) = next {
                follows.insert(follow_hash(hash(word, 0, word.len()), next));
            }
            words.push((word, next.is_none()));
        }
        words.sort_unstable();
        words.dedup_by(|later, first| {
            let same = later.0 == first.0;
            first.1 |= same && later.1;
            same
        });
        let mut filter = Filter::new(words.len());
        let mut always = Filter::new(words.iter().filter(|w| w.1).count());
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0, 0, 0, 0); size].into_boxed_slice();
        let mut keys = Vec::new();
        for (word, walk_always) in words {
            let node = trie.node_of(word);
            if node == 0 {
                continue;
            }
            let h = hash(word, 0, word.len());
            filter.insert(h);
            if walk_always {
                always.insert(h);
            }
            let mut i = h as usize & (size - 1);
            while slots[i].3 != 0 {
                i = (i + 1) & (size - 1);
            }
            let start = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            keys.extend_from_slice(word);
            let len = word.len() as u32 | if walk_always { WALK_ALWAYS } else { 0 };
            slots[i] = ((h >> 32) as u32, start, len, node);
        }
        FirstWords {
            filter,
            follows,
            always,
            slots,
            keys,
        }
    }

    /// The node the word `b[start..end]` (ASCII letters and digits, not
    /// empty) leads to when some alias starts with it as a whole word and
    /// may go on with the two bytes after it (0 past the text's end); 0
    /// otherwise. Most words are turned away by the filters alone: they
    /// start no alias, or ("in" before "the") none that goes on so.
    // called for every word of every text scanned, from one loop: as a
    // call it cost a tenth of a large load's scan in moving registers
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(super) fn node(&self, b: &[u8], start: usize, end: usize) -> u32 {
        let word = &b[start..end];
        let next = [
            b.get(end).copied().unwrap_or(0),
            b.get(end + 1).copied().unwrap_or(0),
        ];
        let h = hash(b, start, end);
        if !self.filter.may_hold(h)
            || !(self.always.may_hold(h) || self.follows.may_hold(follow_hash(h, next)))
        {
            return 0;
        }
        self.look_up(word, h, next)
    }

    /// `node` for a word the filters let through, by its hash.
    #[inline(never)]
    fn look_up(&self, word: &[u8], h: u64, next: [u8; 2]) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, start, len, node) = self.slots[i];
            if node == 0 {
                return 0;
            }
            if sh == (h >> 32) as u32 && (len & !WALK_ALWAYS) as usize == word.len() {
                let key = &self.keys[start as usize..start as usize + word.len()];
                if key.iter().zip(word).all(|(&k, &b)| k == fold(b)) {
                    let goes_on =
                        len & WALK_ALWAYS != 0 || self.follows.may_hold(follow_hash(h, next));
                    return if goes_on { node } else { 0 };
                }
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(aliases: &[&str]) -> (Trie, FirstWords) {
        let trie = Trie::new(aliases.iter().copied());
        let first = FirstWords::new(&trie, aliases.iter().map(|a| a.as_bytes()));
        (trie, first)
    }

    #[test]
    fn a_word_hashes_alike_alone_in_any_case_and_inside_any_text() {
        for word in [
            "a",
            "Zinc",
            "ribonucleotides",
            "EIGHTCHR",
            "sixteencharacter",
        ] {
            let alone = hash(word.as_bytes(), 0, word.len());
            let upper = word.to_uppercase();
            assert_eq!(hash(upper.as_bytes(), 0, word.len()), alone, "{word}");
            // with text on both sides, near the text's end and far from it
            for text in [format!("x {word}"), format!("x {word} and more text after")] {
                let at = text.find(word).unwrap();
                assert_eq!(hash(text.as_bytes(), at, at + word.len()), alone, "{text}");
            }
        }
        assert_ne!(hash(b"zinc", 0, 4), hash(b"zinco", 0, 5));
    }

    #[test]
    fn a_first_word_leads_into_the_trie_only_where_its_alias_may_go_on() {
        let (trie, first) = words(&["iron", "folic acid", "vitamin B12", "B6"]);
        let node = |text: &str, word: &str| {
            let at = text.find(word).unwrap();
            first.node(text.as_bytes(), at, at + word.len())
        };
        // a whole alias: walked whatever follows it
        assert_eq!(node("Iron.", "Iron"), trie.node_of(b"iron"));
        assert_eq!(node("low iron stores", "iron"), trie.node_of(b"iron"));
        // a first word that goes on: walked only before the alias's next bytes
        assert_eq!(node("Folic acid", "Folic"), trie.node_of(b"folic"));
        assert_eq!(
            node("VITAMIN B12 levels", "VITAMIN"),
            trie.node_of(b"vitamin")
        );
        assert_eq!(node("folic", "folic"), 0);
        assert_eq!(node("vitamin C", "vitamin"), 0);
        // no alias starts with these
        assert_eq!(node("in the", "in"), 0);
        assert_eq!(node("vitamins B12", "vitamins"), 0);
        assert_ne!(trie.node_of(b"b6"), 0);
        assert_eq!(node("B6", "B6"), trie.node_of(b"b6"));
    }
}
