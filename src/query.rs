//! The query language of the filter line and `list --query`.
//!
//! One grammar for both, so a question asked in the browser means the same
//! in a script ([`GRAMMAR`] is the text both show). A query is a list of
//! clauses that must all hold; a clause is one term, or terms joined by `|`
//! of which one must hold; a term is negated by a leading `-`. Plain words
//! are ranked through the word index; field terms, phrases, alternatives and
//! negations narrow the set.
//!
//! Parsing never fails: a term it cannot read is left out and described in
//! [`Query::problems`], so the rest of the query still works while the
//! person fixes it.

use crate::study::Design;
use crate::vocabulary::{Kind, Vocabulary};

/// The grammar, as the help overlay and `list --help` show it.
pub const GRAMMAR: &str = "\
Query language (browser filter line and list --query):
  bone density        words: every word must match (typos are tolerated)
  \"bone loss\"         an exact phrase
  k2 | menaquinone    either one: terms joined by | (a space-separated list
                      of clauses, each of which must hold)
  -cancer  -c:cancer  without: a leading - excludes a word or any term
  n:k2  n:\"vitamin D\" nutrient (any alias; takes in the names below it)
  c:osteoporosis      condition (any alias; takes in the names below it)
  d:rct  d:cohort     design: rct, controlled-trial, cohort, case-control,
                      cross-sectional, meta-analysis, systematic-review,
                      review, animal, in-vitro, case-report, other, unknown
  d:trial             rct + controlled-trial
  d:observational     cohort + case-control + cross-sectional
  d:synthesis         meta-analysis + systematic-review + review
  y:2015  y:2015..2022  y:2015..  y:..2022
                      publication year
  size:>=100  size:<50  size:50..200  size:100
                      participants (population n)
  a:zhang             author
A term that cannot be read is named with what is allowed (list exits 2).";

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Plain words every study must hold, ranked through the word index.
    pub words: Vec<String>,
    /// Every other condition; each must hold.
    pub clauses: Vec<Clause>,
    /// One complete sentence per term that could not be read, naming the
    /// term and what is allowed; the term itself is left out of the query.
    pub problems: Vec<String>,
}

/// Terms of which at least one must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause(pub Vec<Term>);

/// One condition on a study, or its negation.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub negated: bool,
    pub field: Field,
}

/// What a term asks of a study.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A word, matched as a prefix of the study's words.
    Word(String),
    /// Words that must appear together, as written (case aside).
    Phrase(String),
    /// A canonical nutrient name when an alias resolved, else the text as
    /// typed (matched as a prefix of canonical names).
    Nutrient(String),
    Condition(String),
    /// Any of these designs.
    Designs(Vec<Design>),
    /// Publication years, inclusive.
    Years(i32, i32),
    /// Participants (population n), inclusive.
    Size(u32, u32),
    /// Lower-case text that one author's name holds.
    Author(String),
}

impl Query {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.clauses.is_empty()
    }

    /// The free words joined, as the fuzzy matcher sees them.
    #[must_use]
    pub fn free_text(&self) -> String {
        self.words.join(" ")
    }

    /// Adds a clause that must hold (a CLI flag joins the query this way).
    pub fn require(&mut self, terms: Vec<Field>) {
        let terms = terms
            .into_iter()
            .map(|field| Term {
                negated: false,
                field,
            })
            .collect();
        self.clauses.push(Clause(terms));
    }

    /// True when some term needs the word index (words and phrases).
    #[must_use]
    pub fn needs_index(&self) -> bool {
        !self.words.is_empty()
            || self
                .clauses
                .iter()
                .flat_map(|c| &c.0)
                .any(|t| matches!(t.field, Field::Word(_) | Field::Phrase(_)))
    }
}

/// Parses a query line. It never fails: a term that cannot be read is
/// described in `problems` and left out; a term still being typed (`n:`, a
/// lone `-` or `|`) is left out silently.
#[must_use]
pub fn parse(input: &str, vocab: &Vocabulary) -> Query {
    let mut q = Query::default();
    let mut clause: Vec<Term> = Vec::new();
    let mut joined = false;
    for token in lex(input) {
        match token {
            Token::Or => joined = !clause.is_empty(),
            Token::Term { text, phrase } => {
                let Some(term) = term(&text, phrase, vocab, &mut q.problems) else {
                    continue;
                };
                if !joined {
                    close(&mut q, std::mem::take(&mut clause));
                }
                clause.push(term);
                joined = false;
            }
        }
    }
    close(&mut q, clause);
    q
}

/// Files a finished clause: a lone plain word is ranked, the rest narrow.
fn close(q: &mut Query, mut clause: Vec<Term>) {
    match clause.as_mut_slice() {
        [] => {}
        [
            Term {
                negated: false,
                field: Field::Word(w),
            },
        ] => q.words.push(std::mem::take(w)),
        _ => q.clauses.push(Clause(clause)),
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    /// Text of one term; `phrase` when it was written in quotes whole.
    Term {
        text: String,
        phrase: bool,
    },
    Or,
}

/// Splits at spaces and `|`, except within double quotes, which hold a name
/// of several words together (`n:"vitamin D"`, `"bone loss"`) and are
/// dropped; an unclosed quote runs to the end.
fn lex(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut phrase = false;
    let flush = |cur: &mut String, phrase: &mut bool, out: &mut Vec<Token>| {
        if !cur.trim().is_empty() {
            out.push(Token::Term {
                text: std::mem::take(cur),
                phrase: *phrase,
            });
        }
        cur.clear();
        *phrase = false;
    };
    for c in input.chars() {
        match c {
            '"' => {
                // quotes opening a term (or its `-`) make it a phrase
                if !quoted && (cur.is_empty() || cur == "-") {
                    phrase = true;
                }
                quoted = !quoted;
            }
            '|' if !quoted => {
                flush(&mut cur, &mut phrase, &mut out);
                out.push(Token::Or);
            }
            c if c.is_whitespace() && !quoted => flush(&mut cur, &mut phrase, &mut out),
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut phrase, &mut out);
    out
}

/// The field prefixes, for problem messages.
const FIELDS: &str = "n: (nutrient), c: (condition), d: (design), y: (year), \
                      size: (participants) and a: (author)";

/// One term, or `None` when it narrows nothing (yet) or could not be read
/// (then a sentence saying why is added to `problems`).
fn term(text: &str, phrase: bool, vocab: &Vocabulary, problems: &mut Vec<String>) -> Option<Term> {
    let (negated, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.trim().is_empty() {
        return None;
    }
    if phrase {
        let words = body.split_whitespace().collect::<Vec<_>>().join(" ");
        return Some(Term {
            negated,
            field: Field::Phrase(words),
        });
    }
    let Some((prefix, value)) = body.split_once(':').filter(|(p, _)| is_prefix(p)) else {
        return Some(Term {
            negated,
            field: Field::Word(body.to_string()),
        });
    };
    if value.is_empty() {
        return None; // a prefix still being typed narrows nothing yet
    }
    let field = match prefix.to_ascii_lowercase().as_str() {
        "n" => name(vocab, Kind::Nutrient, value),
        "c" => name(vocab, Kind::Condition, value),
        "d" => designs(value)
            .map(Field::Designs)
            .map_err(|e| e.to_string()),
        "y" => years(value).map(|(a, b)| Field::Years(a, b)),
        "size" => size(value).map(|(a, b)| Field::Size(a, b)),
        "a" => Ok(Field::Author(value.to_lowercase())),
        _ => Err(format!(
            "There is no field \"{prefix}:\" (in \"{text}\"); the fields are {FIELDS}."
        )),
    };
    match field {
        Ok(field) => Some(Term { negated, field }),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// A field prefix is letters only, so `1:2` and `25(OH)D:` stay words.
fn is_prefix(p: &str) -> bool {
    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic())
}

/// A nutrient or condition term: the canonical name an alias resolves to,
/// else the text as typed when some name starts with it (a name still
/// being typed). A nutrient may also be a substance the vocabulary lacks,
/// which doses name as written (see `filter/open.rs`).
fn name(vocab: &Vocabulary, kind: Kind, value: &str) -> Result<Field, String> {
    let spaced = value.replace('_', " ");
    let wanted = if let Some(canonical) = vocab.resolve(kind, &spaced) {
        canonical.to_string()
    } else {
        let lower = spaced.to_lowercase();
        if kind == Kind::Condition
            && !vocab
                .names(kind)
                .any(|n| n.to_lowercase().starts_with(&lower))
        {
            return Err(format!(
                "No condition is named \"{value}\" (in \"c:{value}\"); \
                 `vitascope vocabulary` lists the names and aliases c: takes."
            ));
        }
        lower
    };
    Ok(match kind {
        Kind::Nutrient => Field::Nutrient(wanted),
        Kind::Condition => Field::Condition(wanted),
    })
}

/// An unknown design name, with what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDesign(pub String);

impl std::fmt::Display for UnknownDesign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = Design::ALL.iter().map(|d| d.as_str()).collect();
        let groups: Vec<&str> = Design::GROUPS.iter().map(|g| g.0).collect();
        write!(
            f,
            "There is no design \"{}\" (in \"d:{}\"); the designs are {}, and the groups {}.",
            self.0,
            self.0,
            names.join(", "),
            groups.join(", ")
        )
    }
}

/// The designs a `d:` value names: a group (`trial`), a design's name or a
/// prefix of one (`meta`), or a spelling [`Design::parse`] knows (`RCT`).
///
/// # Errors
/// When the value names no design.
pub fn designs(value: &str) -> Result<Vec<Design>, UnknownDesign> {
    let lower = value.to_lowercase();
    if let Some((_, group)) = Design::GROUPS.iter().find(|g| g.0 == lower) {
        return Ok(group.to_vec());
    }
    let found: Vec<Design> = Design::ALL
        .into_iter()
        .filter(|d| d.as_str().starts_with(&lower) || Design::parse(&lower) == Some(*d))
        .collect();
    if found.is_empty() {
        Err(UnknownDesign(value.to_string()))
    } else {
        Ok(found)
    }
}

/// `A..B`, `A-B`, `A..`, `..B` or `A` as an inclusive range.
fn range<T: std::str::FromStr + Copy + PartialOrd>(value: &str, lo: T, hi: T) -> Option<(T, T)> {
    let (a, b) = value
        .split_once("..")
        .or_else(|| value.split_once('-'))
        .unwrap_or((value, value));
    let from = if a.is_empty() { lo } else { a.parse().ok()? };
    let to = if b.is_empty() { hi } else { b.parse().ok()? };
    Some((from, to))
}

/// `2015`, `2015..2022`, `2015-2022`, `2015..` or `..2022`.
fn years(value: &str) -> Result<(i32, i32), String> {
    match range(value, i32::MIN, i32::MAX) {
        Some((a, b)) if a <= b => Ok((a, b)),
        Some((a, b)) => Err(format!(
            "The years in \"y:{value}\" run backwards; write the earlier year first (y:{b}..{a})."
        )),
        None => Err(format!(
            "\"y:{value}\" is not a year; write y:2015, y:2015..2022, y:2015.. or y:..2022."
        )),
    }
}

/// `>=100`, `>100`, `<=50`, `<50`, `100`, `50..200`, `100..` or `..50`.
fn size(value: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "\"size:{value}\" is not a number of participants; write size:>=100, size:<50, \
             size:50..200 or size:100."
        )
    };
    let num = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
    let r = if let Some(v) = value.strip_prefix(">=") {
        (num(v)?, u32::MAX)
    } else if let Some(v) = value.strip_prefix('>') {
        (num(v)?.saturating_add(1), u32::MAX)
    } else if let Some(v) = value.strip_prefix("<=") {
        (0, num(v)?)
    } else if let Some(v) = value.strip_prefix('<') {
        (0, num(v)?.checked_sub(1).ok_or_else(bad)?)
    } else {
        range(value, 0, u32::MAX).ok_or_else(bad)?
    };
    if r.0 <= r.1 {
        Ok(r)
    } else {
        Err(format!(
            "The sizes in \"size:{value}\" run backwards; write the smaller first (size:{}..{}).",
            r.1, r.0
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(q: &Query) -> Vec<&Field> {
        q.clauses
            .iter()
            .flat_map(|c| &c.0)
            .map(|t| &t.field)
            .collect()
    }

    #[test]
    fn prefixes_narrow_fields_and_aliases_resolve() {
        let v = Vocabulary::builtin();
        let q = parse("bone n:k2 c:BMD d:rct y:2015..2022 a:Zhang density", &v);
        assert_eq!(q.words, ["bone", "density"]);
        assert_eq!(
            fields(&q),
            [
                &Field::Nutrient("vitamin K2".into()),
                &Field::Condition("bone mineral density".into()),
                &Field::Designs(vec![Design::Rct]),
                &Field::Years(2015, 2022),
                &Field::Author("zhang".into()),
            ]
        );
        assert!(q.problems.is_empty());
    }

    #[test]
    fn bars_join_alternatives_and_dashes_negate() {
        let v = Vocabulary::builtin();
        let q = parse("k2 | menaquinone -cancer -c:cancer bone", &v);
        assert_eq!(q.words, ["bone"]);
        assert_eq!(q.clauses.len(), 3, "{q:?}");
        assert_eq!(
            q.clauses[0].0,
            [
                Term {
                    negated: false,
                    field: Field::Word("k2".into())
                },
                Term {
                    negated: false,
                    field: Field::Word("menaquinone".into())
                }
            ]
        );
        assert!(q.clauses[1].0[0].negated);
        assert_eq!(q.clauses[2].0[0].field, Field::Condition("cancer".into()));
        // a bar without spaces, and one still being typed
        assert_eq!(parse("a|b", &v).clauses[0].0.len(), 2);
        assert_eq!(parse("a |", &v).words, ["a"]);
        assert!(parse("- | n:", &v).is_empty());
    }

    #[test]
    fn quotes_make_phrases_and_hold_field_values() {
        let v = Vocabulary::builtin();
        let q = parse(
            r#"n:"vitamin d" c:"heart failure" "bone  loss" -"hip fracture" walk"#,
            &v,
        );
        assert_eq!(q.words, ["walk"]);
        assert_eq!(
            fields(&q),
            [
                &Field::Nutrient("vitamin D".into()),
                &Field::Condition("heart failure".into()),
                &Field::Phrase("bone loss".into()),
                &Field::Phrase("hip fracture".into()),
            ]
        );
        assert!(q.clauses[3].0[0].negated);
        assert_eq!(
            fields(&parse(r#"n:"vitamin"#, &v)),
            [&Field::Nutrient("vitamin".into())]
        );
    }

    #[test]
    fn design_groups_and_single_designs() {
        assert_eq!(
            designs("trial").unwrap(),
            [Design::Rct, Design::ControlledTrial]
        );
        assert_eq!(designs("observational").unwrap().len(), 3);
        assert_eq!(
            designs("synthesis").unwrap(),
            [
                Design::MetaAnalysis,
                Design::SystematicReview,
                Design::Review
            ]
        );
        assert_eq!(designs("meta").unwrap(), [Design::MetaAnalysis]);
        assert_eq!(designs("RCT").unwrap(), [Design::Rct]);
        assert!(designs("foo").is_err());
    }

    #[test]
    fn sizes_do_not_clash_with_nutrients() {
        let v = Vocabulary::builtin();
        let one = |s: &str| fields(&parse(s, &v)).first().map(|f| (*f).clone());
        assert_eq!(one("size:>=100"), Some(Field::Size(100, u32::MAX)));
        assert_eq!(one("size:>100"), Some(Field::Size(101, u32::MAX)));
        assert_eq!(one("size:<50"), Some(Field::Size(0, 49)));
        assert_eq!(one("size:50..200"), Some(Field::Size(50, 200)));
        assert_eq!(one("size:100"), Some(Field::Size(100, 100)));
        assert_eq!(one("n:k2"), Some(Field::Nutrient("vitamin K2".into())));
    }

    #[test]
    fn unreadable_terms_are_problems_that_say_what_is_allowed() {
        let v = Vocabulary::builtin();
        let q = parse(
            "d:foo y:2025..2010 y:abc size:lots x:1 n:zzzz c:qqqq k2",
            &v,
        );
        assert_eq!(q.words, ["k2"], "the rest of the query still works");
        // a nutrient the vocabulary lacks may be a dose's substance
        assert_eq!(q.clauses.len(), 1, "{:?}", q.clauses);
        assert_eq!(q.clauses[0].0[0].field, Field::Nutrient("zzzz".into()));
        let p = &q.problems;
        assert_eq!(p.len(), 6, "{p:#?}");
        assert!(p[0].contains("\"d:foo\"") && p[0].contains("controlled-trial"));
        assert!(p[0].contains("trial, observational, synthesis"));
        assert!(p[1].contains("y:2010..2025"), "{}", p[1]);
        assert!(p[2].contains("y:2015..2022"));
        assert!(p[3].contains("size:>=100"));
        assert!(p[4].contains("\"x:\"") && p[4].contains("size:"));
        assert!(p[5].contains("condition") && p[5].contains("qqqq"));
        assert!(p.iter().all(|s| s.ends_with('.')));
        // words with colons that are no field stay words
        assert_eq!(parse("1:2", &v).words, ["1:2"]);
    }
}
