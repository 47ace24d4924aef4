//! Aliases to canonical nutrient and condition names.
//!
//! The names live in `assets/vocabulary.json` (embedded at build time) so a
//! user extends them without code: a file named by `VITASCOPE_VOCABULARY` is
//! merged over the built-in one. Extraction, the store's indexes, the CLI's
//! `--nutrient` and the browser's pickers all resolve names here, so an alias
//! means the same thing everywhere.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton as _;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use crate::study::Name;

const BUILTIN: &str = include_str!("../assets/vocabulary.json");

/// Which of the two lists a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Nutrient,
    Condition,
}

/// A canonical name found in a text, with the byte span of the alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'v> {
    pub canonical: &'v Name,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("{path}: not a vocabulary file: {source}")]
    Parse {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(serde::Deserialize, Default)]
struct File {
    #[serde(default)]
    nutrients: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    conditions: BTreeMap<String, Vec<String>>,
}

/// One list (nutrients or conditions) with its matcher.
#[derive(Debug)]
struct Lexicon {
    canonical: Vec<Name>,
    /// alias text and the index of its canonical name, in matcher order
    aliases: Vec<(String, usize)>,
    /// Whether each alias counts only as written (see `case_sensitive`),
    /// asked of every match
    sensitive: Vec<bool>,
    matcher: DFA,
    /// No alias holds a character that can end a sentence or a line (or
    /// whitespace other than a space), so no match crosses from one
    /// sentence into the next.
    within_sentences: bool,
}

impl Lexicon {
    fn new(entries: &BTreeMap<String, Vec<String>>) -> Lexicon {
        let canonical: Vec<Name> = entries.keys().map(|k| Name::from(k.as_str())).collect();
        let mut aliases = Vec::new();
        for (i, (name, alts)) in entries.iter().enumerate() {
            aliases.push((name.clone(), i));
            for a in alts {
                if !a.trim().is_empty() {
                    aliases.push((a.trim().to_string(), i));
                }
            }
        }
        let matcher = word_start_automaton(aliases.iter().map(|(a, _)| a.as_str()));
        let within_sentences = aliases.iter().all(|(a, _)| {
            !a.chars().any(|c| {
                matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')')
                    || (c.is_whitespace() && c != ' ')
            })
        });
        Lexicon {
            canonical,
            sensitive: aliases.iter().map(|(a, _)| case_sensitive(a)).collect(),
            aliases,
            matcher,
            within_sentences,
        }
    }

    fn find<'v>(&'v self, text: &str) -> Vec<Mention<'v>> {
        let mut matches = Vec::new();
        at_word_starts(&self.matcher, text, |start, end, id| {
            matches.push((start, end, id));
        });
        self.leftmost_longest(text, matches)
            .map(|(start, end, idx)| Mention {
                canonical: &self.canonical[idx],
                start,
                end,
            })
            .collect()
    }

    /// Distinct canonical names among alias matches (see
    /// [`Lexicon::leftmost_longest`]), in order of first mention.
    fn distinct_leftmost_longest(
        &self,
        text: &str,
        matches: Vec<(usize, usize, usize)>,
    ) -> Vec<Name> {
        let mut out: Vec<Name> = Vec::new();
        for (_, _, idx) in self.leftmost_longest(text, matches) {
            let name = &self.canonical[idx];
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// The mentions among (start, end, alias) matches, as (start, end,
    /// canonical index): from the left, the longest alias at each place
    /// wins, and what it covers is taken even when it is not a mention (a
    /// short capitalised alias in lower case, or one that runs into a word).
    fn leftmost_longest<'a>(
        &'a self,
        text: &'a str,
        mut matches: Vec<(usize, usize, usize)>,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        // at each start the longest first, then the earliest-listed alias
        matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut from = 0;
        matches.into_iter().filter_map(move |(start, end, id)| {
            if start < from {
                return None;
            }
            from = end;
            let (alias, idx) = &self.aliases[id];
            if self.sensitive[id] && &text[start..end] != alias {
                return None;
            }
            ends_word(text, end).then_some((start, end, *idx))
        })
    }

    fn resolve(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.aliases
            .iter()
            .find(|(a, _)| {
                if case_sensitive(a) {
                    a == name || a.eq_ignore_ascii_case(name) && name.len() > 2
                } else {
                    a.eq_ignore_ascii_case(name)
                }
            })
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(a, _)| a.eq_ignore_ascii_case(name))
            })
            .map(|(_, i)| self.canonical[*i].as_str())
    }
}

/// An automaton of aliases read from a given place in a text, reporting
/// every alias that starts there (ASCII case ignored; `case_sensitive`
/// aliases are checked after).
fn word_start_automaton<'a>(aliases: impl Iterator<Item = &'a str>) -> DFA {
    DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .prefilter(false)
        .build(aliases)
        .expect("alias automaton builds from plain strings")
}

/// Every alias occurrence in `text` that starts where a word may start (at
/// the start, or after a character that is not a letter or digit), as
/// (start, end, alias), by start and then end. An alias counts only at word
/// boundaries, so the automaton is walked from those places alone, and
/// only as far as some alias goes on: a few steps a word, where reading
/// every byte through an automaton takes one dependent step each.
fn at_word_starts(dfa: &DFA, text: &str, mut each: impl FnMut(usize, usize, usize)) {
    let Ok(start) = dfa.start_state(Anchored::Yes) else {
        return;
    };
    let b = text.as_bytes();
    let mut p = 0;
    let mut after_word = false;
    while p < b.len() {
        if !after_word {
            let mut sid = start;
            for (q, &byte) in b[p..].iter().enumerate() {
                sid = dfa.next_state(Anchored::Yes, sid, byte);
                if !dfa.is_special(sid) {
                    continue;
                }
                if dfa.is_dead(sid) {
                    break;
                }
                let end = p + q + 1;
                for i in 0..dfa.match_len(sid) {
                    let id = dfa.match_pattern(sid, i);
                    // a state may also hold aliases that end here but
                    // start later: they are reported from their own start
                    if end - dfa.pattern_len(id) == p {
                        each(p, end, id.as_usize());
                    }
                }
            }
        }
        let (word, len) = word_char(text, p);
        after_word = word;
        p += len;
    }
}

/// Short aliases with a capital (`Ca`, `ALL`, `D3`) are words only as
/// written: "all" and "ca." are not calcium or leukaemia.
fn case_sensitive(alias: &str) -> bool {
    alias.chars().count() <= 3 && alias.chars().any(char::is_uppercase)
}

/// Whether the character at byte `at` is a letter or digit, and its length
/// in bytes (most text is ASCII: only other bytes are decoded).
fn word_char(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        c if c.is_ascii() => (c.is_ascii_alphanumeric(), 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
    }
}

/// True when a match ending at `end` ends a word: `MK-7` followed by `-`
/// does, `K2` inside `MK2x` does not. (Matches only start where words may,
/// see `at_word_starts`.)
fn ends_word(text: &str, end: usize) -> bool {
    end == text.len() || !word_char(text, end).0
}

/// The nutrient and condition vocabularies.
#[derive(Debug)]
pub struct Vocabulary {
    nutrients: Lexicon,
    conditions: Lexicon,
    /// Every alias of both lists (nutrients first) in one automaton that
    /// reports overlapping matches: one scan of a long text finds both
    /// kinds, where the two lists' own matchers would read it twice. Built
    /// on first use: only exports read with it, and a few articles would
    /// only pay for building it.
    both: OnceLock<DFA>,
}

impl Vocabulary {
    /// The built-in vocabulary, extended by `VITASCOPE_VOCABULARY` when set.
    /// A broken user file is reported once on stderr and ignored, so a typo
    /// in it never stops the library from loading.
    pub fn get() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            let extra = std::env::var_os("VITASCOPE_VOCABULARY").map(std::path::PathBuf::from);
            match Vocabulary::load(extra.as_deref()) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("vitascope: {e}; using the built-in vocabulary");
                    Vocabulary::builtin()
                }
            }
        })
    }

    /// Only the embedded vocabulary (what tests use).
    #[must_use]
    pub fn builtin() -> Vocabulary {
        let file: File = serde_json::from_str(BUILTIN).expect("embedded vocabulary is valid JSON");
        Vocabulary::from_file(&file)
    }

    /// The embedded vocabulary merged with a user's file.
    pub fn load(extra: Option<&std::path::Path>) -> Result<Vocabulary, VocabularyError> {
        let mut file: File =
            serde_json::from_str(BUILTIN).expect("embedded vocabulary is valid JSON");
        if let Some(path) = extra {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| VocabularyError::Io {
                path: shown.clone(),
                source,
            })?;
            let user: File =
                serde_json::from_str(&text).map_err(|source| VocabularyError::Parse {
                    path: shown,
                    source,
                })?;
            merge(&mut file.nutrients, user.nutrients);
            merge(&mut file.conditions, user.conditions);
        }
        Ok(Vocabulary::from_file(&file))
    }

    fn from_file(file: &File) -> Vocabulary {
        Vocabulary {
            nutrients: Lexicon::new(&file.nutrients),
            conditions: Lexicon::new(&file.conditions),
            both: OnceLock::new(),
        }
    }

    fn both(&self) -> &DFA {
        self.both.get_or_init(|| {
            word_start_automaton(
                self.nutrients
                    .aliases
                    .iter()
                    .chain(&self.conditions.aliases)
                    .map(|(a, _)| a.as_str()),
            )
        })
    }

    /// Distinct nutrients and conditions named in `text`, each in order of
    /// first mention: what `distinct` gives for each kind, from one scan.
    /// Each kind's matches are chosen from all overlapping ones as its own
    /// leftmost-longest matcher would choose them, so "vitamin D" inside
    /// "vitamin D deficiency" is still a nutrient.
    #[must_use]
    pub fn distinct_both(&self, text: &str) -> (Vec<Name>, Vec<Name>) {
        let split = self.nutrients.aliases.len();
        let mut found: [Vec<(usize, usize, usize)>; 2] =
            [Vec::with_capacity(16), Vec::with_capacity(16)];
        at_word_starts(self.both(), text, |start, end, id| {
            let (kind, id) = if id < split { (0, id) } else { (1, id - split) };
            found[kind].push((start, end, id));
        });
        let [n, c] = found;
        (
            self.nutrients.distinct_leftmost_longest(text, n),
            self.conditions.distinct_leftmost_longest(text, c),
        )
    }

    /// Nutrients mentioned in `text`, in order, with their spans.
    #[must_use]
    pub fn nutrients_in<'v>(&'v self, text: &str) -> Vec<Mention<'v>> {
        self.nutrients.find(text)
    }

    /// Conditions mentioned in `text`, in order, with their spans.
    #[must_use]
    pub fn conditions_in<'v>(&'v self, text: &str) -> Vec<Mention<'v>> {
        self.conditions.find(text)
    }

    /// Nutrients in each of a passage's sentences (as `nutrients_in` finds
    /// them in the sentence alone, offsets relative to the sentence), and in
    /// the whole passage. One scan of the passage serves both when no alias
    /// can cross a sentence boundary.
    pub(crate) fn nutrients_by_sentence<'v>(
        &'v self,
        text: &str,
        sentences: &[crate::extract::sentences::Sentence<'_>],
    ) -> (Vec<Mention<'v>>, Vec<Vec<Mention<'v>>>) {
        let all = self.nutrients.find(text);
        if !self.nutrients.within_sentences {
            let each = sentences
                .iter()
                .map(|s| self.nutrients.find(s.text))
                .collect();
            return (all, each);
        }
        let mut each = Vec::with_capacity(sentences.len());
        let mut k = 0;
        for s in sentences {
            let end = s.start + s.text.len();
            while k < all.len() && all[k].start < s.start {
                k += 1;
            }
            let mut here = Vec::new();
            while k < all.len() && all[k].end <= end {
                let m = &all[k];
                here.push(Mention {
                    canonical: m.canonical,
                    start: m.start - s.start,
                    end: m.end - s.start,
                });
                k += 1;
            }
            each.push(here);
        }
        (all, each)
    }

    /// Distinct canonical names among mentions, in order of first mention.
    pub(crate) fn distinct_of(mentions: &[Mention<'_>]) -> Vec<Name> {
        let mut out: Vec<Name> = Vec::new();
        for m in mentions {
            if !out.contains(m.canonical) {
                out.push(m.canonical.clone());
            }
        }
        out
    }

    /// Mentions of either kind.
    #[must_use]
    pub fn find<'v>(&'v self, kind: Kind, text: &str) -> Vec<Mention<'v>> {
        match kind {
            Kind::Nutrient => self.nutrients_in(text),
            Kind::Condition => self.conditions_in(text),
        }
    }

    /// The canonical name for a user's word (`k2`, `MK-7`, `Vitamin K2`).
    #[must_use]
    pub fn resolve(&self, kind: Kind, name: &str) -> Option<&str> {
        match kind {
            Kind::Nutrient => self.nutrients.resolve(name),
            Kind::Condition => self.conditions.resolve(name),
        }
    }

    /// Distinct canonical names found in `text`, in order of first mention.
    #[must_use]
    pub fn distinct(&self, kind: Kind, text: &str) -> Vec<Name> {
        Vocabulary::distinct_of(&self.find(kind, text))
    }
}

fn merge(into: &mut BTreeMap<String, Vec<String>>, from: BTreeMap<String, Vec<String>>) {
    for (name, aliases) in from {
        into.entry(name).or_default().extend(aliases);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scan_finds_what_each_list_finds() {
        let v = Vocabulary::builtin();
        for text in [
            "Vitamin D deficiency and low vitamin D with calcium in the arteries.",
            "MK-7 and menaquinone-4 raised BMD; osteoporotic fractures fell.",
            "Iron-deficiency anemia, iron, zinc and Ca; because all ALL cases.",
            "vitamin K2 vitamin K vitamin K1 K2 VK2 d3 D3 cholecalciferol",
            "",
            "no names here at all",
        ] {
            assert_eq!(
                v.distinct_both(text),
                (
                    v.distinct(Kind::Nutrient, text),
                    v.distinct(Kind::Condition, text)
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn aliases_count_only_where_words_start_and_end() {
        let v = Vocabulary::builtin();
        let n = |t: &str| v.distinct(Kind::Nutrient, t);
        assert_eq!(n("(zinc) and [iron]"), ["zinc", "iron"]);
        assert_eq!(n("zinc,iron;calcium"), ["zinc", "iron", "calcium"]);
        assert!(n("galvanizinc ironclad").is_empty(), "inside words");
        assert!(n("αzinc zincé").is_empty(), "next to non-ASCII letters");
        assert_eq!(
            n("é zinc —iron"),
            ["zinc", "iron"],
            "after a non-ASCII non-letter"
        );
        assert_eq!(
            v.distinct_both("Ironically, zinc-deficiency (zinc) was common."),
            (
                n("Ironically, zinc-deficiency (zinc) was common."),
                v.distinct(
                    Kind::Condition,
                    "Ironically, zinc-deficiency (zinc) was common."
                )
            )
        );
    }

    #[test]
    fn longest_alias_wins_and_maps_to_canonical() {
        let v = Vocabulary::builtin();
        let found = v.distinct(
            Kind::Nutrient,
            "We gave menaquinone-7 and vitamin D3 with Vitamin K.",
        );
        assert_eq!(found, ["vitamin K2", "vitamin D3", "vitamin K"]);
    }

    #[test]
    fn short_capital_aliases_match_only_as_written() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.distinct(Kind::Nutrient, "Ca and Mg were low"),
            ["calcium", "magnesium"]
        );
        assert!(
            v.distinct(Kind::Nutrient, "ca. 40 people, mg of nothing")
                .is_empty()
        );
        assert!(v.distinct(Kind::Condition, "all of them").is_empty());
        assert_eq!(
            v.distinct(Kind::Condition, "children with ALL"),
            ["acute lymphoblastic leukemia"]
        );
    }

    #[test]
    fn aliases_do_not_match_inside_words() {
        let v = Vocabulary::builtin();
        assert!(
            v.distinct(Kind::Nutrient, "the MK2x gene and irony")
                .is_empty()
        );
    }

    #[test]
    fn resolve_accepts_any_alias_in_any_case() {
        let v = Vocabulary::builtin();
        assert_eq!(v.resolve(Kind::Nutrient, "k2"), Some("vitamin K2"));
        assert_eq!(v.resolve(Kind::Nutrient, "MK-7"), Some("vitamin K2"));
        assert_eq!(v.resolve(Kind::Nutrient, "Vitamin d3"), Some("vitamin D3"));
        assert_eq!(
            v.resolve(Kind::Condition, "BMD"),
            Some("bone mineral density")
        );
        assert_eq!(v.resolve(Kind::Condition, "unheard of"), None);
    }

    #[test]
    fn user_file_extends_the_builtin_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.json");
        std::fs::write(
            &path,
            r#"{"nutrients": {"vitamin K2": ["natto extract"], "boron": ["boric acid"]}}"#,
        )
        .unwrap();
        let v = Vocabulary::load(Some(&path)).unwrap();
        assert_eq!(
            v.resolve(Kind::Nutrient, "natto extract"),
            Some("vitamin K2")
        );
        assert_eq!(v.resolve(Kind::Nutrient, "boric acid"), Some("boron"));
        assert_eq!(v.resolve(Kind::Nutrient, "MK-4"), Some("vitamin K2"));
    }

    #[test]
    fn broken_user_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, "{nope").unwrap();
        let err = Vocabulary::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("bad.json"), "{err}");
    }
}
