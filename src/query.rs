//! The query language of the filter line and `list --query`.
//!
//! Free words are matched fuzzily across a study's fields; prefixed words
//! narrow to one field and combine with AND: `n:k2` (nutrient, aliases
//! resolved), `c:osteo` (condition), `d:rct` (design), `y:2015..2022` (year
//! or range), `a:zhang` (author).

use crate::study::Design;
use crate::vocabulary::{Kind, Vocabulary};

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Free words, matched across all fields.
    pub words: Vec<String>,
    /// `n:` terms: canonical names when an alias resolved, else the text as
    /// typed (matched as a prefix of canonical names).
    pub nutrients: Vec<String>,
    pub conditions: Vec<String>,
    /// `d:` terms as typed (matched as a prefix of the design name).
    pub designs: Vec<String>,
    pub years: Option<(i32, i32)>,
    pub authors: Vec<String>,
}

impl Query {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// The free words joined, as the fuzzy matcher sees them.
    #[must_use]
    pub fn free_text(&self) -> String {
        self.words.join(" ")
    }
}

/// Parses a query line; it never fails: what is not a valid field term is
/// a free word.
#[must_use]
pub fn parse(input: &str, vocab: &Vocabulary) -> Query {
    let mut q = Query::default();
    for token in &terms(input) {
        let token = token.as_str();
        let Some((prefix, value)) = token.split_once(':') else {
            q.words.push(token.to_string());
            continue;
        };
        if value.is_empty() {
            continue; // a prefix still being typed narrows nothing yet
        }
        match prefix.to_ascii_lowercase().as_str() {
            "n" => q.nutrients.push(resolve(vocab, Kind::Nutrient, value)),
            "c" => q.conditions.push(resolve(vocab, Kind::Condition, value)),
            "d" => q.designs.push(value.to_lowercase()),
            "a" => q.authors.push(value.to_lowercase()),
            "y" => match years(value) {
                Some(r) => q.years = Some(r),
                None => q.words.push(token.to_string()),
            },
            _ => q.words.push(token.to_string()),
        }
    }
    q
}

/// The query's terms: words split at spaces, except within double quotes,
/// which hold a name of several words together (`n:"vitamin D"`) and are
/// dropped; an unclosed quote runs to the end.
fn terms(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

fn resolve(vocab: &Vocabulary, kind: Kind, value: &str) -> String {
    let spaced = value.replace('_', " ");
    vocab
        .resolve(kind, &spaced)
        .map_or_else(|| spaced.to_lowercase(), str::to_string)
}

/// `2015`, `2015..2022`, `2015-2022`, `2015..` or `..2022`.
fn years(value: &str) -> Option<(i32, i32)> {
    let (a, b) = value
        .split_once("..")
        .or_else(|| value.split_once('-'))
        .unwrap_or((value, value));
    let from = if a.is_empty() {
        i32::MIN
    } else {
        a.parse().ok()?
    };
    let to = if b.is_empty() {
        i32::MAX
    } else {
        b.parse().ok()?
    };
    (from <= to).then_some((from, to))
}

/// True when `design` is named by a `d:` term (a prefix of its name, or a
/// spelling `Design::parse` knows).
#[must_use]
pub fn design_matches(term: &str, design: Design) -> bool {
    design.as_str().starts_with(term) || Design::parse(term) == Some(design)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_narrow_fields_and_aliases_resolve() {
        let v = Vocabulary::builtin();
        let q = parse("bone n:k2 c:BMD d:rct y:2015..2022 a:Zhang density", &v);
        assert_eq!(q.words, ["bone", "density"]);
        assert_eq!(q.nutrients, ["vitamin K2"]);
        assert_eq!(q.conditions, ["bone mineral density"]);
        assert_eq!(q.designs, ["rct"]);
        assert_eq!(q.years, Some((2015, 2022)));
        assert_eq!(q.authors, ["zhang"]);
    }

    #[test]
    fn partial_and_unknown_terms_degrade_gracefully() {
        let v = Vocabulary::builtin();
        let q = parse("n: c:osteo y:abc x:1", &v);
        assert_eq!(q.conditions, ["osteo"]);
        assert_eq!(q.words, ["y:abc", "x:1"]);
        assert!(q.nutrients.is_empty());
        assert_eq!(parse("y:2020", &v).years, Some((2020, 2020)));
        assert_eq!(parse("y:..2001", &v).years, Some((i32::MIN, 2001)));
    }

    #[test]
    fn quotes_hold_a_name_of_several_words() {
        let v = Vocabulary::builtin();
        let q = parse(r#"n:"vitamin d" c:"heart failure" "bone loss" walk"#, &v);
        assert_eq!(q.nutrients, ["vitamin D"]);
        assert_eq!(q.conditions, ["heart failure"]);
        assert_eq!(q.words, ["bone loss", "walk"]);
        assert_eq!(parse(r#"n:"vitamin"#, &v).nutrients, ["vitamin"]);
    }

    #[test]
    fn design_terms_match_by_prefix_or_spelling() {
        assert!(design_matches("meta", Design::MetaAnalysis));
        assert!(design_matches("rct", Design::Rct));
        assert!(!design_matches("rct", Design::Cohort));
    }
}
