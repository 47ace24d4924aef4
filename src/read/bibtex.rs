//! Reader for `BibTeX` and `BibLaTeX` (`.bib`), through the `biblatex` crate,
//! which knows LaTeX escapes (`{\"u}` → ü, `\&` → &) and name lists.
//!
//! `biblatex` parses a whole file or fails, so the file is first cut into
//! entries here (an `@type{` at brace depth zero; text before the first one,
//! like a Scopus header, is ignored) and each entry is parsed alone: one
//! broken entry costs one diagnostic with its line, not the file. `EndNote`
//! writes entries without a citation key (`@article{` then a newline); one
//! is supplied so the parser accepts them. `@string`s are expanded here
//! (see `strings`), within bounds, and an entry with braces nested past any
//! real use is refused before the parser sees it.

use biblatex::{Bibliography, ChunksExt, Entry, Person};

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::read::bib::{self, Record};
use crate::study::{Citation, Name};
use crate::vocabulary::Vocabulary;

mod strings;

use strings::Strings;

use crate::read::evidence;

/// Reads every entry of the file.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    let mut strings = Strings::default();
    let mut lines = LineIndex::new(text);
    for (n, piece) in entries(text).iter().enumerate() {
        let line = lines.line_at(piece.start);
        let kind = piece.kind.to_ascii_lowercase();
        let skip = |why: &str| Diagnostic::error(path, Some(line), format!("{why}: skipped"));
        if strings::brace_depth(piece.text) > strings::MAX_BRACE_DEPTH {
            parsed.diagnostics.push(skip(&format!(
                "BibTeX entry with braces nested over {} deep",
                strings::MAX_BRACE_DEPTH
            )));
            continue;
        }
        match kind.as_str() {
            "string" => {
                if let Err(why) = strings.define(piece.text, line) {
                    parsed.diagnostics.push(skip(&why));
                }
            }
            "comment" | "preamble" => {}
            _ => match strings.prelude_for(piece.text) {
                Ok(prelude) => read_entry(&mut parsed, path, piece, n, line, &prelude, vocab),
                Err(why) => parsed
                    .diagnostics
                    .push(skip(&format!("BibTeX entry: {why}"))),
            },
        }
    }
    parsed
}

/// Parses one entry, after the expanded `@string`s it uses, into a study,
/// or a diagnostic at the line of what is wrong with it.
fn read_entry(
    parsed: &mut Parsed,
    path: &str,
    piece: &Piece<'_>,
    n: usize,
    line: u32,
    prelude: &str,
    vocab: &Vocabulary,
) {
    let (source, fixed) = with_key(piece.text, n);
    let input = if prelude.is_empty() {
        source
    } else {
        format!("{prelude}{source}")
    };
    match Bibliography::parse(&input) {
        Ok(bibliography) => {
            for entry in bibliography.iter() {
                let mut rec = record(entry);
                rec.line = line;
                let mut study = rec.into_study(path, vocab);
                if let Err(why) = evidence::apply(&mut study, &carried(entry)) {
                    parsed.diagnostics.push(Diagnostic::error(
                        path,
                        Some(line),
                        format!("vitascope field not read: {why}"),
                    ));
                }
                parsed.studies.push(study);
            }
        }
        Err(e) => {
            let at = e.span.start.saturating_sub(prelude.len());
            let shift = usize::from(fixed) * KEY_LEN;
            // an entry cut short fails at its end, after the blank lines
            // that follow it: its last text is where it is wrong
            let local = at.saturating_sub(shift).min(piece.text.trim_end().len());
            let offset = crate::text::count_newlines(&piece.text.as_bytes()[..local]);
            let at_line = line.saturating_add(u32::try_from(offset).unwrap_or(0));
            let start = if at_line == line {
                String::new()
            } else {
                format!(" (the entry starts at line {line})")
            };
            parsed.diagnostics.push(Diagnostic::error(
                path,
                Some(at_line),
                format!("malformed BibTeX entry ({}){start}: skipped", e.kind),
            ));
        }
    }
}

/// One `@type{…}` of the file: its type, text and byte offset.
struct Piece<'t> {
    kind: &'t str,
    text: &'t str,
    start: usize,
}

/// Cuts the file at each `@type{` or `@type(` outside braces, in one pass.
fn entries(text: &str) -> Vec<Piece<'_>> {
    let mut starts: Vec<(usize, &str)> = Vec::new();
    let mut depth: usize = 0;
    // only spaces since the line began: an entry that follows a broken one
    // (unbalanced braces) is still found at the start of its line
    let mut line_blank = true;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'@' if depth == 0 || line_blank => {
                if let Some(kind) = entry_type_at(text, i) {
                    starts.push((i, kind));
                    depth = 0;
                }
            }
            _ => {}
        }
        line_blank = b == b'\n' || (line_blank && matches!(b, b' ' | b'\t'));
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &(start, kind))| {
            let end = starts.get(k + 1).map_or(text.len(), |s| s.0);
            Piece {
                kind,
                text: &text[start..end],
                start,
            }
        })
        .collect()
}

/// The entry type when `@` at `i` starts `@type{` (or `@type(`).
fn entry_type_at(text: &str, i: usize) -> Option<&str> {
    let rest = &text[i + 1..];
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let after = rest[len..].trim_start_matches([' ', '\t']);
    (len >= 3 && (after.starts_with('{') || after.starts_with('('))).then(|| &rest[..len])
}

const KEY_LEN: usize = "vitascope-nokey-0000,".len();

/// The entry with a citation key, inserting one when it has none; the flag
/// says whether one was inserted.
fn with_key(entry: &str, n: usize) -> (String, bool) {
    let Some(open) = entry.find(['{', '(']) else {
        return (entry.to_string(), false);
    };
    let after = &entry[open + 1..];
    let head = after.split(',').next().unwrap_or("");
    let keyless = head.contains('=') || head.trim().is_empty() || head.contains('{');
    if !keyless {
        return (entry.to_string(), false);
    }
    let key = format!("vitascope-nokey-{:04},", n % 10_000);
    let after = if head.trim().is_empty() && after.trim_start().starts_with(',') {
        after.trim_start().trim_start_matches(',')
    } else {
        after
    };
    (format!("{}{key}{after}", &entry[..=open]), true)
}

fn field(entry: &Entry, name: &str) -> Option<String> {
    let chunks = entry.get(name)?;
    let text = crate::text::squash(&chunks.format_verbatim());
    (!text.is_empty()).then_some(text)
}

/// The `vitascope-KEY` fields vitascope exported, as (key, value) pairs; a
/// list field holds a JSON array of its items.
fn carried(entry: &Entry) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for key in evidence::extracted() {
        let Some(value) = field(entry, &format!("vitascope-{key}")) else {
            continue;
        };
        if evidence::is_list(key) {
            let items: Vec<String> = serde_json::from_str(&value).unwrap_or_else(|_| vec![value]);
            pairs.extend(items.into_iter().map(|v| (key.to_string(), v)));
        } else {
            pairs.push((key.to_string(), value));
        }
    }
    pairs
}

/// The citation facts of one entry.
fn record(entry: &Entry) -> Record {
    let f = |name: &str| field(entry, name);
    let authors = match f("author") {
        Some(raw) if raw.contains(" , ") && !raw.contains(" and ") => scopus_authors(&raw),
        _ => entry
            .get_as::<Vec<Person>>("author")
            .map(|people| people.iter().filter_map(person).collect())
            .unwrap_or_default(),
    };
    let year = f("year")
        .or_else(|| f("date"))
        .and_then(|y| bib::year_in(&y));
    let pmid = f("pmid").or_else(|| {
        let kind = f("eprinttype")?.to_ascii_lowercase();
        (kind == "pubmed" || kind == "pmid")
            .then(|| f("eprint"))
            .flatten()
    });
    let mut subjects = String::new();
    for k in f("keywords").iter().flat_map(|k| k.split([',', ';'])) {
        bib::push_subject(&mut subjects, k);
    }
    Record {
        title: f("title"),
        citation: Citation {
            authors: authors.into(),
            year,
            journal: f("journal")
                .or_else(|| f("journaltitle"))
                .or_else(|| f("booktitle"))
                .map(Name::from),
            volume: f("volume"),
            issue: f("number").or_else(|| f("issue")),
            pages: f("pages").map(|p| p.replace(['–', '—'], "-")),
            doi: f("doi").and_then(|d| bib::bare_doi(&d)),
            pmid,
            url: f("url"),
        },
        abstract_text: f("abstract"),
        publication_types: f("type").into_iter().collect(),
        subjects,
        line: 0,
    }
}

/// "Surname Initials" of a `BibTeX` name, without the affiliation letters
/// Scopus glues onto initials ("A.a" → "A").
fn person(p: &Person) -> Option<String> {
    let family = if p.prefix.is_empty() {
        p.name.clone()
    } else {
        format!("{} {}", p.prefix, p.name)
    };
    let given = strip_affiliation_letters(&p.given_name);
    let name = bib::author_from_parts(&family, given);
    (!name.is_empty()).then_some(name)
}

/// Scopus separates authors with " , " instead of "and":
/// "D'Ambrosio, A.a , Aria, M.a".
fn scopus_authors(raw: &str) -> Vec<String> {
    raw.split(" , ")
        .filter_map(|name| {
            let (family, given) = name.split_once(',').unwrap_or((name, ""));
            let name = bib::author_from_parts(family, strip_affiliation_letters(given.trim()));
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

fn strip_affiliation_letters(given: &str) -> &str {
    match given.rfind('.') {
        Some(dot)
            if dot + 1 < given.len()
                && given[dot + 1..].len() <= 2
                && given[dot + 1..].bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            &given[..=dot]
        }
        _ => given,
    }
}

/// Lines of byte offsets that only move forward.
struct LineIndex<'t> {
    text: &'t str,
    pos: usize,
    line: u32,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        LineIndex {
            text,
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len()).max(self.pos);
        let n = self.text[self.pos..offset].matches('\n').count();
        self.line = self
            .line
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        self.pos = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "Scopus\nEXPORT DATE: 1 Jan 2020\n\n@ARTICLE{D'Ambrosio2017,\n  author = {D'Ambrosio, A.a , M{\\\"u}ller, Hans , van der Berg, Anna},\n  title = {Vitamin {K2} \\& bone: a {\\\"u}ber trial},\n  journal = {Bone},\n  year = {2017},\n  volume = {10}, number = {2}, pages = {1--9},\n  doi = {10.1/abc}, pmid = {111},\n  keywords = {Humans; Rats},\n  abstract = {RESULTS: BMD rose. Mail me@example.org.}\n}\n\n\t@article{\n\t  author = {Huang, Y. and Mucke, L.},\n\t  title = {Second},\n\t  year = {2012}\n\t}\n";

    fn read_str(text: &str) -> Parsed {
        read("t.bib", text, &Vocabulary::builtin())
    }

    #[test]
    fn reads_entries_with_and_without_keys() {
        let p = read_str(TWO);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let s = &p.studies[0];
        assert_eq!(s.title, "Vitamin K2 & bone: a über trial");
        assert_eq!(
            s.citation.authors,
            ["D'Ambrosio A", "Müller H", "van der Berg A"]
        );
        assert_eq!(s.citation.year, Some(2017));
        assert_eq!(s.citation.journal.as_deref(), Some("Bone"));
        assert_eq!(s.citation.pages.as_deref(), Some("1-9"));
        assert_eq!(s.citation.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(s.citation.pmid.as_deref(), Some("111"));
        assert_eq!(s.citation.issue.as_deref(), Some("2"));
        assert_eq!(s.source.line, Some(4));
        let t = &p.studies[1];
        assert_eq!(t.citation.authors, ["Huang Y", "Mucke L"]);
        assert_eq!(t.source.line, Some(15));
    }

    #[test]
    fn a_broken_entry_is_one_diagnostic_and_the_next_loads() {
        let text = TWO.replace("journal = {Bone},", "journal = {Bone,");
        let p = read_str(&text);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 1);
        assert_eq!(p.studies[0].title, "Second");
    }

    #[test]
    fn strings_are_expanded_for_the_entries_that_use_them() {
        let p = read_str(
            "@string{bone = {Bone {\\\"u}ber}}\n@string{self = self}\n@article{a, journal = \"J. \" # Bone, title = {A}}\n@article{b, title = self}\n@article{c, journal = bone, title = {C}}\n",
        );
        let journals: Vec<_> = p
            .studies
            .iter()
            .map(|s| s.citation.journal.as_deref())
            .collect();
        assert_eq!(journals, [Some("J. Bone über"), Some("Bone über")]);
        let lines: Vec<_> = p.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(2), Some(4)], "{:?}", p.diagnostics);
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "",
            "@",
            "@article",
            "@article{",
            "@article{k,",
            "@article{k, title = {x}",
            "@string{a = \"b\"}\n@article{k, title = a}",
            "@article{,title={é}}",
        ] {
            let _ = read_str(t);
        }
    }
}
