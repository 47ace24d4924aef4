//! Reader for CSL-JSON (what Zotero, Mendeley, pandoc and citation.js export):
//! an array of items with `title`, `author[{family,given}]`,
//! `issued.date-parts`, `container-title`, `DOI`, `PMID`, `abstract`, ….
//!
//! Items are read from `serde_json::Value`s rather than a strict struct
//! because exporters disagree on types (a volume is `"12"` or `12`, a
//! container title a string or a list); an item without a title or author is
//! still a record. The line of each item is found by a scan of the array.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::read::bib::{self, Record};
use crate::read::{Parsed, json_items};
use crate::study::{Citation, Name};
use crate::vocabulary::Vocabulary;

/// Reads every item of the file; an item that is not valid JSON on its own
/// (a number out of range, a lone surrogate) is skipped with its line.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    let first = text.trim_start().chars().next();
    if !matches!(first, Some('[' | '{')) {
        parsed.diagnostics.push(Diagnostic::error(
            path,
            Some(1),
            "not CSL-JSON: expected an array of items",
        ));
        return parsed;
    }
    let items = json_items::read::<Value>(path, text, "CSL-JSON");
    parsed.diagnostics = items.diagnostics;
    let lines = item_lines(text);
    for (i, item) in items.read {
        let line = lines.get(i).copied().unwrap_or(1);
        if !item.is_object() {
            parsed.diagnostics.push(Diagnostic::warning(
                path,
                Some(line),
                "CSL-JSON item is not an object: skipped",
            ));
            continue;
        }
        let mut rec = record(&item);
        rec.line = line;
        parsed.studies.push(rec.into_study(path, vocab));
    }
    parsed
}

/// The 1-based line of each object directly inside the top-level array (or
/// of the top-level object).
fn item_lines(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut line = 1u32;
    let mut in_string = false;
    let mut escaped = false;
    let mut top_is_array = false;
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                if depth == 0 {
                    top_is_array = b == b'[';
                }
                if b == b'{' && (depth == usize::from(top_is_array)) {
                    out.push(line);
                }
                depth += 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// A field as text, whether the exporter wrote a string, a number or a list.
fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => a.iter().find_map(|x| text_of(Some(x))),
        _ => None,
    }
    .map(|s| crate::text::squash(&s))
    .filter(|s| !s.is_empty())
}

fn record(item: &Value) -> Record {
    let f = |name: &str| text_of(item.get(name));
    let authors = item
        .get("author")
        .and_then(Value::as_array)
        .map(|people| people.iter().filter_map(person).collect())
        .unwrap_or_default();
    let mut subjects = String::new();
    for k in f("keyword").iter().flat_map(|k| k.split([',', ';'])) {
        bib::push_subject(&mut subjects, k);
    }
    Record {
        title: f("title"),
        citation: Citation {
            authors,
            year: year(item.get("issued")),
            journal: f("container-title-short")
                .or_else(|| f("journalAbbreviation"))
                .or_else(|| f("container-title"))
                .map(Name::from),
            volume: f("volume"),
            issue: f("issue"),
            pages: f("page").map(|p| p.replace(['–', '—'], "-")),
            doi: f("DOI").and_then(|d| bib::bare_doi(&d)),
            pmid: f("PMID"),
            url: f("URL"),
        },
        abstract_text: f("abstract"),
        publication_types: f("genre").into_iter().collect(),
        subjects,
        line: 0,
    }
}

fn person(p: &Value) -> Option<String> {
    if let Some(literal) = text_of(p.get("literal")) {
        return Some(literal);
    }
    let family = text_of(p.get("family")).unwrap_or_default();
    let family = match text_of(p.get("non-dropping-particle")) {
        Some(particle) => format!("{particle} {family}"),
        None => family,
    };
    let given = text_of(p.get("given")).unwrap_or_default();
    let name = bib::author_from_parts(&family, &given);
    (!name.is_empty()).then_some(name)
}

/// Year of `issued`: `{"date-parts": [[2020, 3]]}`, or `raw`/`literal` text.
fn year(issued: Option<&Value>) -> Option<i32> {
    let issued = issued?;
    let from_parts = issued
        .get("date-parts")
        .and_then(|p| p.get(0))
        .and_then(|p| p.get(0))
        .and_then(|y| match y {
            Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
    from_parts
        .or_else(|| text_of(issued.get("raw")).and_then(|r| bib::year_in(&r)))
        .or_else(|| text_of(issued.get("literal")).and_then(|r| bib::year_in(&r)))
        .or_else(|| text_of(Some(issued)).and_then(|r| bib::year_in(&r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"[
  {
    "id": "a", "type": "article-journal",
    "title": "Vitamin K2 and bone",
    "author": [{"family": "Casbon", "given": "James A."}, {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"}, {"literal": "The Group"}],
    "issued": {"date-parts": [[2020, 1, 2]]},
    "container-title": "Bone journal", "container-title-short": "Bone",
    "volume": 10, "issue": "2", "page": "1-9",
    "DOI": "https://doi.org/10.1/abc", "PMID": "111",
    "abstract": "RESULTS: BMD rose {2%}. \"quoted\""
  },
  {"id": "b", "type": "book", "title": "Second", "issued": {"raw": "1999-05"}}
]"#;

    fn read_str(text: &str) -> Parsed {
        read("t.json", text, &Vocabulary::builtin())
    }

    #[test]
    fn reads_items() {
        let p = read_str(TWO);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let s = &p.studies[0];
        assert_eq!(s.title, "Vitamin K2 and bone");
        assert_eq!(
            s.citation.authors,
            ["Casbon JA", "van der Berg A", "The Group"]
        );
        assert_eq!(s.citation.year, Some(2020));
        assert_eq!(s.citation.journal.as_deref(), Some("Bone"));
        assert_eq!(s.citation.volume.as_deref(), Some("10"));
        assert_eq!(s.citation.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(s.citation.pmid.as_deref(), Some("111"));
        assert_eq!(s.source.line, Some(2));
        assert_eq!(p.studies[1].citation.year, Some(1999));
        assert_eq!(p.studies[1].source.line, Some(12));
    }

    #[test]
    fn broken_json_is_one_diagnostic_with_a_line() {
        let p = read_str("[\n{\"title\": \"x\",\n}");
        assert_eq!(p.studies.len(), 0);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line, Some(3));
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "",
            "[]",
            "{}",
            "[1, \"x\", null]",
            "[{\"author\": 5, \"issued\": 7}]",
        ] {
            let _ = read_str(t);
        }
    }
}
