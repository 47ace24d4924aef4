//! Aliases to canonical nutrient and condition names.
//!
//! The names live in `assets/vocabulary.json` (embedded at build time) so a
//! user extends them without code: `vocabulary.json` in the config
//! directory and a file named by `VITASCOPE_VOCABULARY` are merged over the
//! built-in one. Extraction, the store's indexes, the CLI's
//! `--nutrient` and the browser's pickers all resolve names here, so an alias
//! means the same thing everywhere.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::study::Name;

mod check;
mod first_words;
mod prose;
mod trie;

pub use check::{Problem, check};

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
    #[error("{path}: {why}")]
    Refused { path: String, why: String },
}

/// Largest vocabulary file read: the built-in one is a few KiB, and a
/// device such as `/dev/zero` never ends.
pub const MAX_VOCABULARY_BYTES: u64 = 16 << 20;

#[derive(serde::Deserialize, Default)]
struct File {
    #[serde(default)]
    nutrients: BTreeMap<String, Entry>,
    #[serde(default)]
    conditions: BTreeMap<String, Entry>,
}

/// One canonical name as a vocabulary file gives it: a plain list of
/// aliases (the first shape, still what a user's file may hold), or an
/// object with its category, parent and marked aliases.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(from = "EntryShape")]
struct Entry {
    category: Option<String>,
    parent: Option<String>,
    aliases: Vec<AliasSpec>,
    /// Phrases in which this entry's aliases are not a mention of it
    /// ("memory foam", "stroke volume").
    not: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum EntryShape {
    Aliases(Vec<AliasSpec>),
    Full {
        #[serde(default)]
        category: Option<String>,
        #[serde(default)]
        parent: Option<String>,
        #[serde(default)]
        aliases: Vec<AliasSpec>,
        #[serde(default)]
        not: Vec<String>,
    },
}

impl From<EntryShape> for Entry {
    fn from(shape: EntryShape) -> Entry {
        match shape {
            EntryShape::Aliases(aliases) => Entry {
                aliases,
                ..Entry::default()
            },
            EntryShape::Full {
                category,
                parent,
                aliases,
                not,
            } => Entry {
                category,
                parent,
                aliases,
                not,
            },
        }
    }
}

/// An alias as written in a vocabulary file: plain text, or marked as
/// ambiguous (`BMC`, `MS`): then it counts only as written and, with a
/// `context`, only in a text that also holds one of those words.
#[derive(serde::Deserialize, Clone)]
#[serde(untagged)]
enum AliasSpec {
    Text(String),
    Marked {
        alias: String,
        #[serde(default)]
        exact: bool,
        #[serde(default)]
        context: Vec<String>,
    },
}

/// What decides whether an alias match is a mention, beyond the match.
#[derive(Debug, Default)]
struct Mark {
    /// counts only as written (see `case_sensitive`)
    exact: bool,
    /// words (lower case) one of which the text must hold
    context: Box<[String]>,
    /// a phrase of the entry's `not` list: what it covers is no mention
    blocks: bool,
}

/// One list (nutrients or conditions) with its matcher.
#[derive(Debug)]
struct Lexicon {
    canonical: Vec<Name>,
    /// parent and category of each canonical name, by index
    parent: Vec<Option<usize>>,
    category: Vec<Option<String>>,
    children: Vec<Vec<usize>>,
    /// alias text and the index of its canonical name, in matcher order
    aliases: Vec<(String, usize)>,
    /// what each alias needs to count, asked of every match
    marks: Vec<Mark>,
    /// Built on first use: a large export is read with `Vocabulary::both`
    /// alone, so it never pays for this one.
    matcher: OnceLock<WordStarts>,
    /// No alias holds a character that can end a sentence or a line (or
    /// whitespace other than a space), so no match crosses from one
    /// sentence into the next.
    within_sentences: bool,
}

impl Lexicon {
    fn new(entries: &BTreeMap<String, Entry>) -> Lexicon {
        let canonical: Vec<Name> = entries.keys().map(|k| Name::from(k.as_str())).collect();
        let index: BTreeMap<&str, usize> = entries
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut aliases = Vec::new();
        let mut marks = Vec::new();
        for (i, (name, entry)) in entries.iter().enumerate() {
            aliases.push((name.clone(), i));
            marks.push(Mark {
                exact: case_sensitive(name),
                ..Mark::default()
            });
            for spec in &entry.aliases {
                let (text, mark) = match spec {
                    AliasSpec::Text(t) => (t, Mark::default()),
                    AliasSpec::Marked {
                        alias,
                        exact,
                        context,
                    } => (
                        alias,
                        Mark {
                            exact: *exact,
                            context: context.iter().map(|c| c.to_lowercase()).collect(),
                            blocks: false,
                        },
                    ),
                };
                if !text.trim().is_empty() {
                    let text = text.trim().to_string();
                    let exact = mark.exact || case_sensitive(&text);
                    aliases.push((text, i));
                    marks.push(Mark { exact, ..mark });
                }
            }
            for phrase in entry.not.iter().filter(|p| !p.trim().is_empty()) {
                aliases.push((phrase.trim().to_string(), i));
                marks.push(Mark {
                    blocks: true,
                    ..Mark::default()
                });
            }
        }
        let parent: Vec<Option<usize>> = entries
            .values()
            .map(|e| {
                e.parent
                    .as_deref()
                    .and_then(|p| index.get(p.trim()).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); canonical.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(i);
            }
        }
        let within_sentences = aliases.iter().all(|(a, _)| {
            !a.chars().any(|c| {
                matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')')
                    || (c.is_whitespace() && c != ' ')
            })
        });
        Lexicon {
            canonical,
            parent,
            category: entries.values().map(|e| e.category.clone()).collect(),
            children,
            marks,
            aliases,
            matcher: OnceLock::new(),
            within_sentences,
        }
    }

    fn find<'v>(&'v self, text: &str) -> Vec<Mention<'v>> {
        let automaton = self
            .matcher
            .get_or_init(|| word_start_automaton(self.aliases.iter().map(|(a, _)| a.as_str())));
        let mut matches = Vec::new();
        at_word_starts(automaton, text, |start, end, id| {
            matches.push((start, end, id));
        });
        let asked = Cell::new(false);
        self.leftmost_longest(text, text, &asked, &mut matches)
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
        context: &str,
        asked: &Cell<bool>,
        matches: &mut [(usize, usize, usize)],
    ) -> Vec<Name> {
        let mut out: Vec<Name> = Vec::new();
        for (_, _, idx) in self.leftmost_longest(text, context, asked, matches) {
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
    /// An alias that needs a word beside it looks for it in `context` (the
    /// text, or the whole of which the text is a part), and sets `asked`.
    fn leftmost_longest<'a>(
        &'a self,
        text: &'a str,
        context: &'a str,
        asked: &'a Cell<bool>,
        matches: &'a mut [(usize, usize, usize)],
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        // at each start the longest first, then the earliest-listed alias
        matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut from = 0;
        // whether the text holds an alias's context, asked once per alias
        let mut context_seen: Vec<(usize, bool)> = Vec::new();
        matches.iter().filter_map(move |&(start, end, id)| {
            if start < from {
                return None;
            }
            from = end;
            let (alias, idx) = &self.aliases[id];
            let mark = &self.marks[id];
            if mark.blocks || mark.exact && &text[start..end] != alias || !ends_word(text, end) {
                return None;
            }
            if !mark.context.is_empty() {
                let seen = if let Some(&(_, seen)) = context_seen.iter().find(|(i, _)| *i == id) {
                    seen
                } else {
                    asked.set(true);
                    let seen = mark.context.iter().any(|w| holds_caseless(context, w));
                    context_seen.push((id, seen));
                    seen
                };
                if !seen {
                    return None;
                }
            }
            prose::in_prose(text, start, end, mark.exact).then_some((start, end, *idx))
        })
    }

    fn resolve(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        let aliases = || {
            self.aliases
                .iter()
                .zip(&self.marks)
                .filter(|(_, m)| !m.blocks)
                .map(|(a, _)| a)
        };
        aliases()
            .find(|(a, _)| {
                if case_sensitive(a) {
                    a == name || a.eq_ignore_ascii_case(name) && name.len() > 2
                } else {
                    a.eq_ignore_ascii_case(name)
                }
            })
            .or_else(|| aliases().find(|(a, _)| a.eq_ignore_ascii_case(name)))
            .map(|(_, i)| self.canonical[*i].as_str())
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.canonical
            .binary_search_by(|c| c.as_str().cmp(name))
            .ok()
    }

    /// `name`'s index and every index below it, parents before children
    /// (a cycle, which a user's file may make, is followed once).
    fn family(&self, top: usize) -> Vec<usize> {
        let mut out = vec![top];
        let mut k = 0;
        while k < out.len() {
            for &c in &self.children[out[k]] {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out
    }
}

/// Whether `text` holds `word` (lower case), ASCII case ignored.
fn holds_caseless(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    !w.is_empty() && t.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w))
}

/// An automaton of aliases read from a given place in a text, reporting
/// every alias that starts there (ASCII case ignored; `case_sensitive`
/// aliases are checked after).
fn word_start_automaton<'a>(aliases: impl Iterator<Item = &'a str> + Clone) -> WordStarts {
    let trie = trie::Trie::new(aliases.clone());
    let mut can_start = [false; 256];
    for (byte, can) in (0..=u8::MAX).zip(&mut can_start) {
        *can = trie.starts(byte);
    }
    let first = first_words::FirstWords::new(&trie, aliases.map(str::as_bytes));
    WordStarts {
        trie,
        starts_off_words: (0..0x80u8)
            .any(|c| !c.is_ascii_alphanumeric() && can_start[usize::from(c)]),
        can_start,
        first,
    }
}

/// How many ASCII letters and digits `bytes` starts with.
fn ascii_word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(bytes.len())
}

/// An anchored alias automaton, with what picks out the places worth
/// walking it from without walking it: the bytes some alias starts with,
/// and the words some alias starts with. Alias and text match only where
/// the text's run of ASCII letters and digits is the alias's own first run,
/// since a match ends a word.
#[derive(Debug)]
struct WordStarts {
    trie: trie::Trie,
    can_start: [bool; 256],
    /// Some alias starts with an ASCII byte that is not a letter or digit.
    starts_off_words: bool,
    first: first_words::FirstWords,
}

/// Every alias occurrence in `text` that starts where a word may start (at
/// the start, or after a character that is not a letter or digit), as
/// (start, end, alias), by start and then end. Those that end inside a run
/// of ASCII letters and digits may be left out: they are never mentions,
/// and no word starts within them, so they hide no other match.
///
/// An alias counts only at word boundaries, so the automaton is walked from
/// those places alone, and only as far as some alias goes on: a few steps a
/// word, where reading every byte through an automaton takes one dependent
/// step each. Word starts are found 64 ASCII bytes at a time as bit masks,
/// so the bytes inside words cost no branch each; other text is read a
/// character at a time.
fn at_word_starts(m: &WordStarts, text: &str, mut each: impl FnMut(usize, usize, usize)) {
    let b = text.as_bytes();
    let mut p = 0;
    let mut after_word = false;
    while p < b.len() {
        let chunk = &b[p..b.len().min(p + 64)];
        if chunk.is_ascii() {
            after_word = m.ascii_chunk(b, p, chunk.len(), after_word, &mut each);
            p += chunk.len();
        } else {
            // a character may run past the chunk: the next one starts after it
            let end = p + chunk.len();
            while p < end {
                if !after_word && m.can_start[usize::from(b[p])] {
                    m.walk(b, p, &mut each);
                }
                let (word, len) = word_char(text, p);
                after_word = word;
                p += len;
            }
        }
    }
}

impl WordStarts {
    /// `at_word_starts` over the `len` ASCII bytes of `b` from `p`, the
    /// byte before them a letter or digit when `after_word`; returns
    /// whether their last byte is one.
    fn ascii_chunk(
        &self,
        b: &[u8],
        p: usize,
        len: usize,
        after_word: bool,
        each: &mut impl FnMut(usize, usize, usize),
    ) -> bool {
        let word = ascii_word_mask(&b[p..p + len]);
        let after = (word << 1) | u64::from(after_word);
        let mut starts = word & !after;
        if self.starts_off_words {
            starts |= !word & !after & (u64::MAX >> (64 - len));
        }
        while starts != 0 {
            let i = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let mut run = (!(word >> i)).trailing_zeros() as usize;
            if i + run >= len {
                // the word may go on past the chunk
                run = ascii_word_len(&b[p + i..]);
            }
            if run == 0 {
                if self.can_start[usize::from(b[p + i])] {
                    self.walk(b, p + i, each);
                }
            } else {
                let q = p + i + run;
                let node = self.first.node(b, p + i, q);
                if node != 0 {
                    self.trie.walk_from(node, b, p + i, p + i + run, each);
                }
            }
        }
        (word >> (len - 1)) & 1 == 1
    }

    /// Walks the trie from `p`, reporting each alias that starts there.
    fn walk(&self, b: &[u8], p: usize, each: &mut impl FnMut(usize, usize, usize)) {
        self.trie.walk(b, p, each);
    }
}

/// A bit per byte of up to 64 ASCII bytes: set for a letter or digit.
/// Eight bytes are classified at once, in the bits of a `u64`, where a
/// loop over bytes would take a branch or a table load each.
fn ascii_word_mask(chunk: &[u8]) -> u64 {
    let mut padded = [0u8; 64];
    padded[..chunk.len()].copy_from_slice(chunk);
    padded
        .chunks_exact(8)
        .enumerate()
        .map(|(i, eight)| {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            alnum_bits(x) << (8 * i)
        })
        .fold(0, |mask, bits| mask | bits)
}

/// Bit i set when byte i of `x` (eight ASCII bytes, little-endian) is a
/// letter or digit.
fn alnum_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // bytes below 0x80 never carry into their neighbours here: byte + (0x80
    // - lo) has its top bit set when byte >= lo, byte + (0x7F - hi) when
    // byte > hi
    let within = |v: u64, lo: u8, hi: u8| {
        v.wrapping_add(ONES * u64::from(0x80 - lo)) & !v.wrapping_add(ONES * u64::from(0x7F - hi))
    };
    let digit = within(x, b'0', b'9');
    let letter = within(x | (ONES * 0x20), b'a', b'z');
    let tops = ((digit | letter) >> 7) & ONES;
    // gathers the eight flags (bits 0, 8, .., 56) into the top byte
    tops.wrapping_mul(0x0102_0408_1020_4080) >> 56
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

/// A thread's answers for recurring texts, of one vocabulary.
#[derive(Default)]
struct Recurring {
    vocabulary: u64,
    answers: rustc_hash::FxHashMap<Box<str>, Tags>,
}

/// The nutrients and the conditions a text names.
type Tags = (Box<[Name]>, Box<[Name]>);

thread_local! {
    static RECURRING: std::cell::RefCell<Recurring> = std::cell::RefCell::default();
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
    both: OnceLock<WordStarts>,
    /// Tells this vocabulary from any other a thread kept answers for (see
    /// `distinct_both_recurring`): unique in the process, unlike an address.
    id: u64,
}

/// A user's vocabulary file, refused unless it is a regular file (a named
/// pipe nobody writes would hang every command, a device may never end)
/// of at most [`MAX_VOCABULARY_BYTES`], read no further than that.
fn read_user_file(path: &std::path::Path, shown: &str) -> Result<String, VocabularyError> {
    use std::io::Read as _;
    let io = |source| VocabularyError::Io {
        path: shown.to_string(),
        source,
    };
    let refused = |why: String| VocabularyError::Refused {
        path: shown.to_string(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(refused("not a regular file".into()));
    }
    let too_large = || {
        refused(format!(
            "larger than the {MAX_VOCABULARY_BYTES} byte limit for a vocabulary"
        ))
    };
    if meta.len() > MAX_VOCABULARY_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_VOCABULARY_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_VOCABULARY_BYTES {
        return Err(too_large()); // it grew while being read
    }
    String::from_utf8(bytes).map_err(|_| refused("not UTF-8".into()))
}

/// A user's vocabulary file read and parsed; an error names `path`.
fn read_vocabulary_file(path: &std::path::Path) -> Result<File, VocabularyError> {
    let shown = path.display().to_string();
    let text = read_user_file(path, &shown)?;
    serde_json::from_str(&text).map_err(|source| VocabularyError::Parse {
        path: shown,
        source,
    })
}

/// The user's vocabulary files, in the order they are merged: `vocabulary.json`
/// in the config directory (`$XDG_CONFIG_HOME/vitascope/`, else
/// `~/.config/vitascope/`) when there is one, then the file
/// `VITASCOPE_VOCABULARY` names.
#[must_use]
pub fn user_files() -> Vec<std::path::PathBuf> {
    let config = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => Some(std::path::PathBuf::from(dir)),
        None => std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".config")),
    };
    let in_config = config
        .map(|dir| dir.join("vitascope").join("vocabulary.json"))
        .filter(|p| p.exists());
    let named = std::env::var_os("VITASCOPE_VOCABULARY").map(std::path::PathBuf::from);
    in_config.into_iter().chain(named).collect()
}

/// Every problem of the vocabulary file at `path` (see [`check`]), against
/// the built-in vocabulary alone; an error when it cannot be read.
pub fn check_file(path: &std::path::Path) -> Result<Vec<Problem>, VocabularyError> {
    let text = read_user_file(path, &path.display().to_string())?;
    Ok(check(&text, &Vocabulary::builtin()))
}

impl Vocabulary {
    /// The built-in vocabulary, extended by the user's files
    /// ([`user_files`]). A broken user file is reported once on stderr, by
    /// its path, and left out, so a typo in it never stops the library from
    /// loading.
    pub fn get() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            let files = user_files();
            let (v, errors) = Vocabulary::load_all(&files);
            let fallback = if errors.len() == files.len() {
                "using the built-in vocabulary"
            } else {
                "its names are left out"
            };
            for e in errors {
                eprintln!("vitascope: {e}; {fallback}");
            }
            v
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
        let files: Vec<_> = extra
            .into_iter()
            .map(std::path::Path::to_path_buf)
            .collect();
        let (v, mut errors) = Vocabulary::load_all(&files);
        errors.pop().map_or(Ok(v), Err)
    }

    /// The embedded vocabulary merged with each of `files` in turn (a later
    /// file's parent or category wins), with the error of each file that
    /// could not be used and was left out.
    #[must_use]
    pub fn load_all(files: &[std::path::PathBuf]) -> (Vocabulary, Vec<VocabularyError>) {
        let mut file: File =
            serde_json::from_str(BUILTIN).expect("embedded vocabulary is valid JSON");
        let mut errors = Vec::new();
        for path in files {
            match read_vocabulary_file(path) {
                Ok(user) => {
                    merge(&mut file.nutrients, user.nutrients);
                    merge(&mut file.conditions, user.conditions);
                }
                Err(e) => errors.push(e),
            }
        }
        (Vocabulary::from_file(&file), errors)
    }

    fn from_file(file: &File) -> Vocabulary {
        Vocabulary {
            nutrients: Lexicon::new(&file.nutrients),
            conditions: Lexicon::new(&file.conditions),
            both: OnceLock::new(),
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    fn both(&self) -> &WordStarts {
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
        self.distinct_both_within(text, text, &Cell::new(false))
    }

    /// `distinct_both` of `text`, where an alias that needs a word beside
    /// it looks for it in `context` and sets `asked`.
    fn distinct_both_within(
        &self,
        text: &str,
        context: &str,
        asked: &Cell<bool>,
    ) -> (Vec<Name>, Vec<Name>) {
        /// Each thread's lists of matches, kept from text to text: a
        /// large export's every title and abstract is scanned here.
        type Found = [Vec<(usize, usize, usize)>; 2];
        thread_local! {
            static FOUND: std::cell::RefCell<Found> = const {
                std::cell::RefCell::new([Vec::new(), Vec::new()])
            };
        }
        let split = self.nutrients.aliases.len();
        FOUND.with_borrow_mut(|[n, c]| {
            n.clear();
            c.clear();
            at_word_starts(self.both(), text, |start, end, id| {
                if id < split {
                    n.push((start, end, id));
                } else {
                    c.push((start, end, id - split));
                }
            });
            (
                self.nutrients
                    .distinct_leftmost_longest(text, context, asked, n),
                self.conditions
                    .distinct_leftmost_longest(text, context, asked, c),
            )
        })
    }

    /// What `distinct_both` gives for `text`, handed to `each`, for a short
    /// text that recurs from record to record: a subject heading
    /// ("Humans", "Vitamin D/therapeutic use") of a record's list, `whole`.
    /// A large export repeats a few thousand headings a hundred thousand
    /// times, and headings are dense with names, each looked at in its
    /// context; the answer for each is kept per thread, for a bounded
    /// number of them. An alias that needs a word beside it looks for it
    /// in the whole list, so a heading with one is never kept.
    pub fn distinct_both_recurring(
        &self,
        text: &str,
        whole: &str,
        each: impl FnOnce(&[Name], &[Name]),
    ) {
        const MAX_KEPT: usize = 1 << 14;
        RECURRING.with_borrow_mut(|kept| {
            if kept.vocabulary != self.id {
                kept.vocabulary = self.id;
                kept.answers.clear();
            }
            if let Some((n, c)) = kept.answers.get(text) {
                return each(n, c);
            }
            let asked = Cell::new(false);
            let (n, c) = self.distinct_both_within(text, whole, &asked);
            each(&n, &c);
            if !asked.get() && kept.answers.len() < MAX_KEPT {
                kept.answers
                    .insert(text.into(), (n.into_boxed_slice(), c.into_boxed_slice()));
            }
        });
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

    fn lexicon(&self, kind: Kind) -> &Lexicon {
        match kind {
            Kind::Nutrient => &self.nutrients,
            Kind::Condition => &self.conditions,
        }
    }

    /// Every canonical name of a kind, in order.
    pub fn names(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.lexicon(kind).canonical.iter().map(Name::as_str)
    }

    /// `name` and every name below it (`vitamin D`: `vitamin D3`,
    /// `vitamin D2`, ...), parents before children: what a filter on `name`
    /// takes in. A name the vocabulary does not hold stands alone.
    #[must_use]
    pub fn with_descendants<'a>(&'a self, kind: Kind, name: &'a str) -> Vec<&'a str> {
        let lex = self.lexicon(kind);
        match lex.index_of(name) {
            Some(i) => lex
                .family(i)
                .into_iter()
                .map(|k| lex.canonical[k].as_str())
                .collect(),
            None => vec![name],
        }
    }

    /// Whether `name` is a canonical name of the kind.
    #[must_use]
    pub fn contains(&self, kind: Kind, name: &str) -> bool {
        self.lexicon(kind).index_of(name).is_some()
    }

    /// The aliases of a canonical name, as its file lists them.
    #[must_use]
    pub fn aliases(&self, kind: Kind, name: &str) -> Vec<&str> {
        let lex = self.lexicon(kind);
        let Some(i) = lex.index_of(name) else {
            return Vec::new();
        };
        lex.aliases
            .iter()
            .zip(&lex.marks)
            .filter(|((a, k), m)| *k == i && !m.blocks && a != name)
            .map(|((a, _), _)| a.as_str())
            .collect()
    }

    /// The name directly above `name` (`vitamin D` for `vitamin D3`).
    #[must_use]
    pub fn parent(&self, kind: Kind, name: &str) -> Option<&str> {
        let lex = self.lexicon(kind);
        let p = lex.parent[lex.index_of(name)?]?;
        Some(lex.canonical[p].as_str())
    }

    /// The group a name is shown in (`vitamin`, `botanical`, `cardiovascular`).
    #[must_use]
    pub fn category(&self, kind: Kind, name: &str) -> Option<&str> {
        let lex = self.lexicon(kind);
        lex.category[lex.index_of(name)?].as_deref()
    }

    /// Distinct canonical names found in `text`, in order of first mention.
    #[must_use]
    pub fn distinct(&self, kind: Kind, text: &str) -> Vec<Name> {
        Vocabulary::distinct_of(&self.find(kind, text))
    }
}

/// Adds a user's entries to the built-in ones: aliases and `not` phrases
/// join an entry's own, a parent or category given replaces its own.
fn merge(into: &mut BTreeMap<String, Entry>, from: BTreeMap<String, Entry>) {
    for (name, entry) in from {
        let to = into.entry(name).or_default();
        to.aliases.extend(entry.aliases);
        to.not.extend(entry.not);
        if entry.parent.is_some() {
            to.parent = entry.parent;
        }
        if entry.category.is_some() {
            to.category = entry.category;
        }
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
    fn eight_bytes_at_once_are_classed_as_one_at_a_time_would_be() {
        for c in 0..0x80u8 {
            for at in 0..8 {
                // the byte among neighbours of every kind
                for fill in [b' ', b'a', b'Z', b'5', b'{', 0x7F] {
                    let mut eight = [fill; 8];
                    eight[at] = c;
                    let bits = alnum_bits(u64::from_le_bytes(eight));
                    let want = (0..8).fold(0, |m, i| {
                        m | u64::from(eight[i].is_ascii_alphanumeric()) << i
                    });
                    assert_eq!(bits, want, "{eight:?}");
                }
            }
        }
    }

    /// Every alias match from every place a word may start, one character
    /// at a time: what `at_word_starts` finds by its masks and filters.
    fn every_match_plainly(aliases: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let mut after_word = false;
        for (p, c) in text.char_indices() {
            if !after_word {
                let rest = &text.as_bytes()[p..];
                for (id, alias) in aliases.iter().enumerate() {
                    let n = alias.len();
                    if rest.len() >= n && rest[..n].eq_ignore_ascii_case(alias.as_bytes()) {
                        found.push((p, p + n, id));
                    }
                }
            }
            after_word = c.is_alphanumeric();
        }
        found.sort_unstable();
        found
    }

    #[test]
    fn word_starts_found_by_masks_are_those_found_one_character_at_a_time() {
        let aliases = [
            "zinc",
            "vitamin K2",
            "K2",
            "MK-7",
            "Ca",
            "-ol",
            "(n-3)",
            "éa",
            "ωx",
            "a",
            "vitamin",
            "omega-3",
            "x-",
        ];
        let m = word_start_automaton(aliases.into_iter());
        let pieces = [
            "zinc",
            "Zinc",
            "zincs",
            "vitamin K2",
            "VITAMIN k2x",
            "K2",
            "mk-7",
            "Ca",
            " ",
            "  ",
            ", ",
            "-ol",
            "x-ol",
            "(n-3)",
            "é",
            "éa",
            "ωx",
            "Ωx",
            "a",
            "ab",
            "\n",
            "7",
            "—",
            "vitamin",
            "Vitamin K",
            "omega-3",
            "omega-",
            "x-",
            "x",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        // a fixed pseudo-random sequence: the same texts every run
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut text = String::new();
            while text.len() < 300 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if text.len() > usize::try_from(seed >> 56).unwrap_or(0) + 20 {
                    break;
                }
            }
            let mut found = Vec::new();
            at_word_starts(&m, &text, |s, e, id| found.push((s, e, id)));
            found.sort_unstable();
            // matches ending inside a run of ASCII letters and digits may be
            // left out: they are never mentions and cover no word start
            let t = text.as_bytes();
            let inside = |&(_, e, _): &(usize, usize, usize)| {
                e < t.len() && t[e].is_ascii_alphanumeric() && t[e - 1].is_ascii_alphanumeric()
            };
            let plain = every_match_plainly(&aliases, &text);
            found.retain(|m| !inside(m));
            assert_eq!(
                found,
                plain.into_iter().filter(|m| !inside(m)).collect::<Vec<_>>(),
                "{text:?}"
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
            v.distinct(Kind::Condition, "children with ALL after chemotherapy"),
            ["acute lymphoblastic leukemia"]
        );
    }

    #[test]
    fn ambiguous_aliases_need_their_context() {
        let v = Vocabulary::builtin();
        let c = |t: &str| v.distinct(Kind::Condition, t);
        assert!(c("children with ALL of the symptoms").is_empty());
        assert!(c("the BMC team met twice").is_empty(), "no bone words");
        assert_eq!(
            c("whole-body BMC rose, as bone mineral content does"),
            ["bone mineral density"]
        );
        assert!(c("patients with MS were seen").is_empty());
        assert_eq!(
            c("In MS, a demyelinating disease, relapses fell."),
            ["multiple sclerosis"]
        );
    }

    #[test]
    fn no_mention_inside_a_journal_or_a_reference() {
        let v = Vocabulary::builtin();
        let c = |t: &str| v.distinct(Kind::Condition, t);
        assert!(c("On rain and snails. BMC Ecology and Evolution, 2021.").is_empty());
        assert!(
            c("The trial appeared in The Lancet Diabetes & Endocrinology last May.").is_empty()
        );
        assert!(c("Ng K, Ortiz P. Walking after lunch. Diabetes Care. 2019;42:10-18.").is_empty());
        assert!(c("Ortiz P. Sun and sea. Lancet Diabetes Endocrinol 2020;8:1-9.").is_empty());
        assert!(c("Ortiz P. Cold baths. Stroke. 2018;49:301-9.").is_empty());
        assert!(c("Funded by the National Osteoporosis Foundation.").is_empty());
        // the same words in running prose still count
        assert_eq!(
            c("Diabetes was more common in the walking group."),
            ["diabetes"]
        );
        assert_eq!(
            c("Stroke and osteoporosis were rarer."),
            ["stroke", "osteoporosis"]
        );
    }

    #[test]
    fn no_mention_in_an_author_a_unit_or_a_url() {
        let v = Vocabulary::builtin();
        let c = |t: &str| v.distinct(Kind::Condition, t);
        let n = |t: &str| v.distinct(Kind::Nutrient, t);
        assert!(c("Stroke AB, Lee C, Ortiz P. A walk in the park.").is_empty());
        assert!(n("Each tablet held 250 Mg of filler.").is_empty());
        assert!(n("a dose of 5mg daily").is_empty());
        assert_eq!(n("Mg and Ca were both low."), ["magnesium", "calcium"]);
        assert!(c("Details at https://example.org/osteoporosis-guide today.").is_empty());
        assert!(c("See www.example.org/diabetes for more.").is_empty());
    }

    #[test]
    fn phrases_a_name_is_not_part_of_are_not_mentions() {
        let v = Vocabulary::builtin();
        let c = |t: &str| v.distinct(Kind::Condition, t);
        assert!(c("They slept on a memory foam mattress.").is_empty());
        assert!(c("Stroke volume rose with training.").is_empty());
        assert_eq!(c("Working memory improved."), ["memory"]);
        assert_eq!(c("Fewer had a stroke."), ["stroke"]);
        // an enzyme or a hormone named after an amino acid is not that acid
        let n = |t: &str| v.distinct(Kind::Nutrient, t);
        assert!(n("A Bruton tyrosine kinase inhibitor was given.").is_empty());
        assert!(n("Serine protease levels fell.").is_empty());
        assert_eq!(n("They took 500 mg of tyrosine."), ["tyrosine"]);
    }

    #[test]
    fn vascular_disease_is_cardiovascular_disease_unless_a_narrower_name_says_more() {
        let v = Vocabulary::builtin();
        let c = |t: &str| v.distinct(Kind::Condition, t);
        assert_eq!(
            c("B vitamins and the risk of vascular disease in older men."),
            ["cardiovascular disease"]
        );
        assert_eq!(
            c("Fewer had cerebrovascular disease."),
            ["cerebrovascular disease"]
        );
    }

    #[test]
    fn the_field_is_covered() {
        let v = Vocabulary::builtin();
        assert!(v.nutrients.canonical.len() >= 400);
        assert!(v.conditions.canonical.len() >= 400);
        let n = |t: &str| v.distinct(Kind::Nutrient, t);
        let c = |t: &str| v.distinct(Kind::Condition, t);
        assert_eq!(
            n("Caffeine, EGCG, resveratrol and beetroot juice were given."),
            ["caffeine", "EGCG", "resveratrol", "beetroot juice"]
        );
        assert_eq!(
            n("whey protein, collagen peptides, glucosamine sulphate, cocoa flavanols"),
            ["whey protein", "collagen", "glucosamine", "cocoa flavanols"]
        );
        assert_eq!(
            c("heart failure, knee osteoarthritis, the common cold and anxiety"),
            [
                "heart failure",
                "knee osteoarthritis",
                "common cold",
                "anxiety"
            ]
        );
    }

    #[test]
    fn doses_of_newly_named_substances_keep_their_substance() {
        let v = Vocabulary::builtin();
        let ev = crate::extract::analyse(
            "In this randomized trial, 40 night-shift nurses took 200 mg caffeine or \
             placebo before each shift for 4 weeks.",
            &v,
        );
        let doses: Vec<_> = ev
            .details
            .doses
            .iter()
            .map(|d| d.nutrient.as_deref())
            .collect();
        assert_eq!(doses, [Some("caffeine")]);
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
