//! Aliases to canonical nutrient and condition names.
//!
//! The names live in `assets/vocabulary.json` (embedded at build time) so a
//! user extends them without code: a file named by `VITASCOPE_VOCABULARY` is
//! merged over the built-in one. Extraction, the store's indexes, the CLI's
//! `--nutrient` and the browser's pickers all resolve names here, so an alias
//! means the same thing everywhere.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

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
    matcher: AhoCorasick,
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
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // a DFA costs a little memory once and reads every abstract of a
            // large export about twice as fast as the default NFA
            .kind(Some(AhoCorasickKind::DFA))
            // nearly every word starts like some alias, so a prefilter
            // hands the automaton back a candidate every few bytes
            .prefilter(false)
            .build(aliases.iter().map(|(a, _)| a.as_str()))
            .expect("alias automaton builds from plain strings");
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
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let (alias, idx) = &self.aliases[m.pattern().as_usize()];
            let found = &text[m.start()..m.end()];
            if self.sensitive[m.pattern().as_usize()] && found != alias {
                continue;
            }
            if !at_word_boundary(text, m.start(), m.end()) {
                continue;
            }
            out.push(Mention {
                canonical: &self.canonical[*idx],
                start: m.start(),
                end: m.end(),
            });
        }
        out
    }

    /// Distinct canonical names from every (overlapping) alias match, keeping
    /// only the matches a leftmost-longest search would have stopped at.
    fn distinct_leftmost_longest(
        &self,
        text: &str,
        mut matches: Vec<(usize, usize, usize)>,
    ) -> Vec<Name> {
        // at each start the longest first, then the earliest-listed alias
        matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<Name> = Vec::new();
        let mut from = 0;
        for (start, end, id) in matches {
            if start < from {
                continue;
            }
            from = end;
            let (alias, idx) = &self.aliases[id];
            if self.sensitive[id] && &text[start..end] != alias {
                continue;
            }
            if !at_word_boundary(text, start, end) {
                continue;
            }
            let name = &self.canonical[*idx];
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
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

/// Every match of `dfa` in `bytes`, overlapping ones included, as (start,
/// end, pattern): the automaton's own overlapping search stops and resumes
/// at each match, and the short aliases match every few words.
fn overlapping(
    dfa: &aho_corasick::dfa::DFA,
    bytes: &[u8],
    mut each: impl FnMut(usize, usize, usize),
) {
    use aho_corasick::Anchored;
    use aho_corasick::automaton::Automaton as _;
    let Ok(mut sid) = dfa.start_state(Anchored::No) else {
        return;
    };
    for (at, &b) in bytes.iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b);
        if dfa.is_special(sid) && dfa.is_match(sid) {
            for i in 0..dfa.match_len(sid) {
                let pid = dfa.match_pattern(sid, i);
                let end = at + 1;
                each(end - dfa.pattern_len(pid), end, pid.as_usize());
            }
        }
    }
}

/// Short aliases with a capital (`Ca`, `ALL`, `D3`) are words only as
/// written: "all" and "ca." are not calcium or leukaemia.
fn case_sensitive(alias: &str) -> bool {
    alias.chars().count() <= 3 && alias.chars().any(char::is_uppercase)
}

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    // most text is ASCII: look at the bytes, and at chars only when not
    let word_before = match start.checked_sub(1).map(|i| b[i]) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    };
    let word_after = match b.get(end) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric),
    };
    // "MK-7" followed by "-" is fine, but "K2" inside "MK2x" is not
    !word_before && !word_after
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
    both: OnceLock<aho_corasick::dfa::DFA>,
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

    fn both(&self) -> &aho_corasick::dfa::DFA {
        self.both.get_or_init(|| {
            aho_corasick::dfa::DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(
                    self.nutrients
                        .aliases
                        .iter()
                        .chain(&self.conditions.aliases)
                        .map(|(a, _)| a.as_str()),
                )
                .expect("alias automaton builds from plain strings")
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
        let mut found: [Vec<(usize, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        overlapping(self.both(), text.as_bytes(), |start, end, id| {
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
