//! A rule's compiled pattern: a regex that a case-insensitive rule runs on
//! the text lowercased (see `ascii_case`), answering in the text's own
//! offsets and words.

use regex_automata::meta::{self, Regex};
use regex_automata::{Input, PatternID};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

thread_local! {
    /// The last text a lowercase rule searched on this thread, and its
    /// lowercase copy.
    static LOWERED: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// Longest text a lowercase rule searches in a lowercased copy; longer
/// texts are searched as written by the rule spelt out in both
/// cases, built the first time one comes (see `ascii_case::spelled`), so
/// that repeated searches over a long text stay linear in it.
const LOWER_AT_MOST: usize = 4096;

/// A compiled rule pattern; `extract::pattern` builds one.
#[derive(Debug, Clone)]
pub struct Rule {
    re: Regex,
    /// The pattern as the rule wrote it.
    source: Box<str>,
    /// Whether `re` reads ASCII-lowercased text.
    lower: bool,
    /// For a lowercase rule, the same rule reading text as written.
    spelled: OnceLock<Regex>,
    /// Group names by index ("" for unnamed groups).
    names: Arc<[Box<str>]>,
}

/// Where a rule matched, in the text it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    #[must_use]
    pub fn start(&self) -> usize {
        self.start
    }

    #[must_use]
    pub fn end(&self) -> usize {
        self.end
    }

    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The matched words as the text writes them.
    #[must_use]
    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

/// A match's groups, in the text it was given.
#[derive(Debug, Clone)]
pub struct Caps<'h> {
    text: &'h str,
    spans: Vec<Option<(usize, usize)>>,
    names: Arc<[Box<str>]>,
}

impl<'h> Caps<'h> {
    fn of(
        text: &'h str,
        caps: &regex_automata::util::captures::Captures,
        names: &Arc<[Box<str>]>,
    ) -> Caps<'h> {
        Caps {
            text,
            spans: caps.iter().map(|m| m.map(|m| (m.start, m.end))).collect(),
            names: Arc::clone(names),
        }
    }

    /// Group `i` (0: the whole match), if it took part.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<Found<'h>> {
        let (start, end) = (*self.spans.get(i)?)?;
        Some(Found {
            text: self.text,
            start,
            end,
        })
    }

    /// The group called `name`, if it took part.
    #[must_use]
    pub fn name(&self, name: &str) -> Option<Found<'h>> {
        let i = self.names.iter().position(|n| &**n == name)?;
        self.get(i)
    }

    /// The whole match.
    fn whole(&self) -> Found<'h> {
        self.get(0).expect("a match has group 0")
    }

    /// Appends `template` with `$1`, `${1}` or `${name}` replaced by the
    /// group's words (`$$` is a dollar sign), as the regex crate expands.
    fn expand(&self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            rest = &rest[at + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                out.push('$');
                rest = after;
                continue;
            }
            let (name, after) = if let Some(braced) = rest.strip_prefix('{') {
                match braced.find('}') {
                    Some(close) => (&braced[..close], &braced[close + 1..]),
                    None => ("", rest),
                }
            } else {
                let n = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..n], &rest[n..])
            };
            if name.is_empty() {
                out.push('$');
                continue;
            }
            let group = name
                .parse()
                .map_or_else(|_| self.name(name), |i| self.get(i));
            out.push_str(group.map_or("", |m| m.as_str()));
            rest = after;
        }
        out.push_str(rest);
    }
}

impl std::ops::Index<usize> for Caps<'_> {
    type Output = str;

    /// Group `i`'s words; panics when it did not take part, as the regex
    /// crate's `Captures` does.
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
            .as_str()
    }
}

impl std::ops::Index<&str> for Caps<'_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name)
            .unwrap_or_else(|| panic!("no group named '{name}'"))
            .as_str()
    }
}

/// What a match is replaced with: a template (`"$1 "`) or a function of
/// the match's groups.
pub trait Replacement {
    fn append(&mut self, caps: &Caps<'_>, out: &mut String);

    /// True when the replacement reads no group, so groups need not be
    /// found.
    fn plain(&self) -> Option<&str> {
        None
    }
}

impl Replacement for &str {
    fn append(&mut self, caps: &Caps<'_>, out: &mut String) {
        caps.expand(self, out);
    }

    fn plain(&self) -> Option<&str> {
        (!self.contains('$')).then_some(*self)
    }
}

impl<F: FnMut(&Caps<'_>) -> String> Replacement for F {
    fn append(&mut self, caps: &Caps<'_>, out: &mut String) {
        out.push_str(&self(caps));
    }
}

/// Builds a rule's regex as the regex crate would, less the literal
/// search built in front of it: building those searches for a hundred
/// word lists was a third of a short run's CPU, and the rules run on
/// sentences, short enough for the lazy DFA to read whole.
fn build(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
    with_config(Regex::builder())
        .build(pattern)
        .map_err(Box::new)
}

fn with_config(mut builder: meta::Builder) -> meta::Builder {
    builder.configure(
        Regex::config()
            .auto_prefilter(false)
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(2 << 20),
    );
    builder
}

/// `pattern`'s regex, built from the tree parsed once (see
/// `ascii_case::parsed`), and whether it reads lowercased text. A pattern
/// that does not parse is handed to the builder as written, for its error.
fn compile(pattern: &str) -> Result<(Regex, bool), Box<meta::BuildError>> {
    let Some((ast, lower)) = super::ascii_case::parsed(pattern) else {
        return Ok((build(pattern)?, false));
    };
    let hir = regex_syntax::hir::translate::Translator::new().translate(pattern, &ast);
    match hir {
        Ok(hir) => Ok((
            with_config(Regex::builder())
                .build_from_hir(&hir)
                .map_err(Box::new)?,
            lower,
        )),
        Err(_) => Ok((build(pattern)?, false)),
    }
}

impl Rule {
    /// Compiles `pattern`, to run on lowercased text when it is
    /// case-insensitive throughout.
    pub(crate) fn new(pattern: &str) -> Result<Rule, Box<meta::BuildError>> {
        let (re, lower) = compile(pattern)?;
        let names = re
            .group_info()
            .pattern_names(PatternID::ZERO)
            .map(|n| Box::from(n.unwrap_or("")))
            .collect();
        Ok(Rule {
            re,
            source: pattern.into(),
            lower,
            spelled: OnceLock::new(),
            names,
        })
    }

    /// Runs `search` with the regex for `text` and the text it reads:
    /// `text` itself, or lowercased when the rule reads lower case (offsets
    /// are the same). The rules of a passage search the same sentence one
    /// after another, so the last text lowercased on this thread is kept
    /// and used again while the next text is the same.
    fn with_haystack<R>(&self, text: &str, search: impl FnOnce(&Regex, &str) -> R) -> R {
        if !self.lower || !text.bytes().any(|b| b.is_ascii_uppercase()) {
            return search(&self.re, text);
        }
        if text.len() > LOWER_AT_MOST {
            return search(self.as_written(), text);
        }
        LOWERED.with(|cell| match cell.try_borrow_mut() {
            Ok(mut last) => {
                if last.0 != text {
                    last.0.clear();
                    last.0.push_str(text);
                    last.1.clear();
                    last.1.push_str(text);
                    last.1.make_ascii_lowercase();
                }
                search(&self.re, &last.1)
            }
            // a search within a search: lowercase a copy
            Err(_) => search(&self.re, &text.to_ascii_lowercase()),
        })
    }

    /// The rule spelt out to read text as written.
    fn as_written(&self) -> &Regex {
        self.spelled.get_or_init(|| {
            super::ascii_case::lowered(&self.source)
                .and_then(|lowered| super::ascii_case::spelled(&lowered))
                .and_then(|p| build(&p).ok())
                .expect("a rule that compiled lowercased compiles spelt out")
        })
    }

    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        self.with_haystack(text, |re, hay| re.is_match(hay))
    }

    #[must_use]
    pub fn find<'h>(&self, text: &'h str) -> Option<Found<'h>> {
        self.find_at(text, 0)
    }

    /// The first match starting at or after byte `start`, with the text
    /// before it still seen by look-arounds such as `\b`.
    #[must_use]
    pub fn find_at<'h>(&self, text: &'h str, start: usize) -> Option<Found<'h>> {
        let m = self.with_haystack(text, |re, hay| re.find(Input::new(hay).range(start..)))?;
        Some(Found {
            text,
            start: m.start(),
            end: m.end(),
        })
    }

    #[must_use]
    pub fn find_iter<'h>(&self, text: &'h str) -> std::vec::IntoIter<Found<'h>> {
        let found: Vec<Found<'h>> = self.with_haystack(text, |re, hay| {
            re.find_iter(hay)
                .map(|m| Found {
                    text,
                    start: m.start(),
                    end: m.end(),
                })
                .collect()
        });
        found.into_iter()
    }

    #[must_use]
    pub fn captures<'h>(&self, text: &'h str) -> Option<Caps<'h>> {
        self.with_haystack(text, |re, hay| {
            let mut caps = re.create_captures();
            re.captures(hay, &mut caps);
            caps.is_match().then(|| Caps::of(text, &caps, &self.names))
        })
    }

    #[must_use]
    pub fn captures_iter<'h>(&self, text: &'h str) -> std::vec::IntoIter<Caps<'h>> {
        let all: Vec<Caps<'h>> = self.with_haystack(text, |re, hay| {
            re.captures_iter(hay)
                .map(|c| Caps::of(text, &c, &self.names))
                .collect()
        });
        all.into_iter()
    }

    /// `text` with the first match replaced.
    pub fn replace<'h>(&self, text: &'h str, rep: impl Replacement) -> Cow<'h, str> {
        self.replace_n(text, 1, rep)
    }

    /// `text` with every match replaced.
    pub fn replace_all<'h>(&self, text: &'h str, rep: impl Replacement) -> Cow<'h, str> {
        self.replace_n(text, usize::MAX, rep)
    }

    fn replace_n<'h>(
        &self,
        text: &'h str,
        limit: usize,
        mut rep: impl Replacement,
    ) -> Cow<'h, str> {
        let mut out = String::new();
        let mut last = 0;
        let mut replaced = false;
        if let Some(plain) = rep.plain() {
            for m in self.find_iter(text).take(limit) {
                out.push_str(&text[last..m.start]);
                out.push_str(plain);
                (last, replaced) = (m.end, true);
            }
        } else {
            for caps in self.captures_iter(text).take(limit) {
                let m = caps.whole();
                out.push_str(&text[last..m.start]);
                rep.append(&caps, &mut out);
                (last, replaced) = (m.end, true);
            }
        }
        if !replaced {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn a_caseless_rule_answers_in_the_texts_own_words() {
        let rule = Rule::new(r"(?i)\b(?P<amount>\d+) (MG|g)\b").unwrap();
        assert!(rule.lower);
        let c = rule.captures("Took 40 Mg daily").unwrap();
        assert_eq!(&c[0], "40 Mg");
        assert_eq!(&c[2], "Mg");
        assert_eq!(c.name("amount").unwrap().range(), 5..7);
        assert_eq!(
            rule.find_iter("1 G, 2 mg")
                .map(|m| m.as_str())
                .collect::<Vec<_>>(),
            ["1 G", "2 mg"]
        );
    }

    #[test]
    fn the_kept_lowercase_copy_is_used_only_for_the_same_text() {
        let mg = Rule::new(r"(?i)\b40 mg\b").unwrap();
        let kg = Rule::new(r"(?i)\b40 kg\b").unwrap();
        assert!(mg.is_match("Took 40 MG"));
        assert!(!kg.is_match("Took 40 MG"));
        // the same length, another text
        assert!(kg.is_match("Took 40 KG"));
        assert!(!mg.is_match("Took 40 KG"));
    }

    #[test]
    fn a_long_text_is_read_as_written_with_the_same_answers() {
        let rule = Rule::new(r"(?i)\b(\d+) (MG|g)\b").unwrap();
        let long = format!("{}Took 40 Mg.", "x ".repeat(super::LOWER_AT_MOST));
        let at = long.len() - "40 Mg.".len();
        let c = rule.captures(&long).unwrap();
        assert_eq!((&c[0], c.get(0).unwrap().start()), ("40 Mg", at));
        assert!(
            rule.spelled.get().is_some(),
            "the long text took the spelt-out rule"
        );
    }

    #[test]
    fn a_rule_with_capitals_reads_the_text_as_written() {
        let rule = Rule::new(r"\b[A-Z][a-z]+ et al\b").unwrap();
        assert!(!rule.lower);
        assert!(rule.is_match("as Okafor et al showed"));
        assert!(!rule.is_match("as okafor et al showed"));
    }

    #[test]
    fn a_rule_that_cannot_read_lower_case_part_way_keeps_its_flags() {
        // the letters are rewritten before the category stops the walk
        let rule = Rule::new(r"(?i)ABC\p{Lu}").unwrap();
        assert!(!rule.lower);
        assert!(rule.is_match("ABCD"));
        assert!(rule.is_match("abcd"));
    }

    #[test]
    fn a_rule_that_does_not_parse_says_why() {
        let err = Rule::new(r"(?i)dose (").unwrap_err();
        assert!(err.syntax_error().is_some(), "{err}");
    }

    #[test]
    fn replacements_expand_groups_from_the_text() {
        let rule = Rule::new(r"(?i)\[(link)\]").unwrap();
        assert_eq!(
            rule.replace_all("a [LINK] b [link]", "<$1>"),
            "a <LINK> b <link>"
        );
        assert_eq!(rule.replace("a [LINK] b [link]", ""), "a  b [link]");
        assert_eq!(rule.replace_all("none here", "x"), "none here");
        let upper = rule.replace_all("[Link]", |c: &super::Caps<'_>| c[1].to_uppercase());
        assert_eq!(upper, "LINK");
        assert_eq!(rule.replace_all("[a] [link]", "$$${1}s"), "[a] $links");
    }

    #[test]
    fn a_match_at_the_very_start_is_replaced() {
        let rule = Rule::new(r"(?i)^the ").unwrap();
        assert_eq!(rule.replace("The end", ""), "end");
    }
}
