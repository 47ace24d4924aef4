//! Reader for RIS (`TY  - JOUR` … `ER  - `), as Zotero, `EndNote`, Embase,
//! Scopus and reference managers write it.
//!
//! RIS is a line format like MEDLINE but looser: `EndNote` continues a field on
//! untagged lines (one keyword per line), the journal hides in one of five
//! tags, and the year in one of three. Lines are read as borrowed slices. A
//! record that never reaches `ER` is still read, with one diagnostic at the
//! line it starts on, so one broken record does not take its neighbours.

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::read::bib::{self, Record};
use crate::study::Name;
use crate::vocabulary::Vocabulary;

/// Reads every record of the file.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<Builder<'_>> = None;
    let mut last_tag: Option<&str> = None;
    for (i, raw) in crate::text::lines(text).enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_start_matches('\u{FEFF}').trim_end();
        if line.is_empty() {
            continue;
        }
        match split_tag(line) {
            Some(("TY", _)) => {
                if let Some(open) = current.take() {
                    parsed
                        .diagnostics
                        .push(unterminated(path, open.record.line));
                    open.finish_into(path, vocab, &mut parsed);
                }
                current = Some(Builder::new(line_no));
                last_tag = Some("TY");
            }
            Some(("ER", _)) => {
                if let Some(open) = current.take() {
                    open.finish_into(path, vocab, &mut parsed);
                }
                last_tag = None;
            }
            Some((tag, value)) => {
                let b = current.get_or_insert_with(|| Builder::new(line_no));
                b.field(tag, value);
                last_tag = Some(tag);
            }
            None => {
                // EndNote continues a field on untagged lines
                if let (Some(b), Some(tag)) = (current.as_mut(), last_tag) {
                    b.continuation(tag, line.trim());
                } else {
                    parsed.diagnostics.push(Diagnostic::warning(
                        path,
                        Some(line_no),
                        "text outside any RIS record (expected \"TY  - \"): ignored",
                    ));
                }
            }
        }
    }
    if let Some(open) = current.take() {
        parsed
            .diagnostics
            .push(unterminated(path, open.record.line));
        open.finish_into(path, vocab, &mut parsed);
    }
    parsed
}

fn unterminated(path: &str, line: u32) -> Diagnostic {
    Diagnostic::error(
        path,
        Some(line),
        "RIS record has no end line (\"ER  - \"): read up to the next record",
    )
}

/// `("AU", "Smith, J")` from `"AU  - Smith, J"`: two characters, spaces,
/// a hyphen, then the value.
fn split_tag(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 3
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
    {
        return None;
    }
    let rest = &line[2..];
    let after_spaces = rest.trim_start_matches(' ');
    let spaces = rest.len() - after_spaces.len();
    if !(1..=3).contains(&spaces) {
        return None;
    }
    let value = after_spaces.strip_prefix('-')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], value.trim()))
}

struct Builder<'t> {
    record: Record,
    journals: [Option<&'t str>; 5],
    start_page: Option<&'t str>,
    end_page: Option<&'t str>,
    date: Option<&'t str>,
    pmid_alt: Option<&'t str>,
    /// `N1  - vitascope-KEY: value` notes: the fields vitascope exported.
    carried: Vec<(String, String)>,
}

/// Journal tags, most preferred (an abbreviation, as `PubMed` gives) first.
const JOURNAL_TAGS: [&str; 5] = ["J2", "JO", "JA", "T2", "JF"];

impl<'t> Builder<'t> {
    fn new(line: u32) -> Self {
        Builder {
            record: Record {
                line,
                ..Record::default()
            },
            journals: [None; 5],
            start_page: None,
            end_page: None,
            date: None,
            pmid_alt: None,
            carried: Vec::new(),
        }
    }

    fn field(&mut self, tag: &str, value: &'t str) {
        if value.is_empty() {
            return;
        }
        let rec = &mut self.record;
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        };
        match tag {
            "AU" | "A1" => {
                if let Some(a) = bib::author_from_name(value) {
                    rec.citation.authors.push(&a);
                }
            }
            "TI" | "T1" => set(&mut rec.title),
            "PY" | "Y1" => rec.citation.year = rec.citation.year.or_else(|| bib::year_in(value)),
            "DA" => self.date = self.date.or(Some(value)),
            "VL" => set(&mut rec.citation.volume),
            "IS" => set(&mut rec.citation.issue),
            "SP" => self.start_page = self.start_page.or(Some(value)),
            "EP" => self.end_page = self.end_page.or(Some(value)),
            "DO" => rec.citation.doi = rec.citation.doi.take().or_else(|| bib::bare_doi(value)),
            "AB" | "N2" => match &mut rec.abstract_text {
                Some(a) if !a.contains(value) => {
                    a.push(' ');
                    a.push_str(value);
                }
                Some(_) => {}
                None => rec.abstract_text = Some(value.to_string()),
            },
            "KW" => rec.add_subject(value),
            "AN" => rec.citation.pmid = rec.citation.pmid.take().or_else(|| bib::digits(value)),
            "C5" => self.pmid_alt = self.pmid_alt.or(Some(value)),
            "UR" => {
                set(&mut rec.citation.url);
                if rec.citation.doi.is_none() && value.contains("doi.org/") {
                    rec.citation.doi = bib::bare_doi(value);
                }
            }
            "M3" => rec.publication_types.push(value.to_string()),
            "N1" => {
                if let Some((key, v)) = value.strip_prefix("vitascope-").and_then(|kv| {
                    kv.split_once(": ")
                        .or_else(|| kv.strip_suffix(':').map(|k| (k, "")))
                }) {
                    self.carried.push((key.to_string(), v.to_string()));
                }
            }
            _ => {
                if let Some(i) = JOURNAL_TAGS.iter().position(|t| *t == tag) {
                    self.journals[i] = self.journals[i].or(Some(value));
                }
            }
        }
    }

    fn continuation(&mut self, tag: &str, value: &'t str) {
        match tag {
            "KW" => self.record.add_subject(value),
            "AB" | "N2" | "TI" | "T1" => {
                let slot = if tag == "AB" || tag == "N2" {
                    &mut self.record.abstract_text
                } else {
                    &mut self.record.title
                };
                if let Some(s) = slot {
                    s.push(' ');
                    s.push_str(value);
                }
            }
            _ => {}
        }
    }

    /// The finished study, with the fields vitascope exported set as they
    /// were, into `parsed`.
    fn finish_into(mut self, path: &str, vocab: &Vocabulary, parsed: &mut Parsed) {
        let carried = std::mem::take(&mut self.carried);
        let line = self.record.line;
        let mut study = self.finish(path, vocab);
        if let Err(why) = crate::read::evidence::apply(&mut study, &carried) {
            parsed.diagnostics.push(Diagnostic::error(
                path,
                Some(line),
                format!("vitascope note not read: {why}"),
            ));
        }
        parsed.studies.push(study);
    }

    fn finish(self, path: &str, vocab: &Vocabulary) -> crate::study::Study {
        let mut rec = self.record;
        rec.citation.journal = self
            .journals
            .iter()
            .flatten()
            .next()
            .map(|j| Name::from(*j));
        rec.citation.pages = bib::page_range(self.start_page, self.end_page);
        if rec.citation.year.is_none() {
            rec.citation.year = self.date.and_then(bib::year_in);
        }
        if rec.citation.pmid.is_none() {
            rec.citation.pmid = self.pmid_alt.and_then(bib::digits);
        }
        rec.into_study(path, vocab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "\u{FEFF}\nTY  - JOUR\nAU  - Casbon, James A.\nA1  - Smith B.\nTI  - Vitamin K2 in\nosteoporosis\nT2  - Bone journal\nJ2  - Bone\nPY  - 2020///\nVL  - 10\nIS  - 2\nSP  - 1\nEP  - 9\nDO  - https://doi.org/10.1/abc\nAN  - 111\nKW  - Humans\nRats\nAB  - RESULTS: BMD rose 2%.\nER  - \n\nTY  - JOUR\nTI  - Second\nDA  - 1999/01/02\nC5  - 222\nER  -\n";

    fn read_str(text: &str) -> Parsed {
        read("t.ris", text, &Vocabulary::builtin())
    }

    #[test]
    fn reads_fields_of_each_record() {
        let p = read_str(TWO);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let s = &p.studies[0];
        assert_eq!(s.title, "Vitamin K2 in osteoporosis");
        assert_eq!(s.citation.authors, ["Casbon JA", "Smith B"]);
        assert_eq!(s.citation.year, Some(2020));
        assert_eq!(s.citation.journal.as_deref(), Some("Bone"));
        assert_eq!(s.citation.pages.as_deref(), Some("1-9"));
        assert_eq!(s.citation.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(s.citation.pmid.as_deref(), Some("111"));
        assert_eq!(s.details().population.species.as_deref(), Some("human"));
        assert_eq!(s.source.line, Some(2));
        let t = &p.studies[1];
        assert_eq!(t.citation.year, Some(1999));
        assert_eq!(t.citation.pmid.as_deref(), Some("222"));
        assert_eq!(t.source.line, Some(21));
    }

    #[test]
    fn a_record_without_er_is_one_diagnostic_and_the_next_loads() {
        let text = TWO.replacen("ER  - \n", "", 1);
        let p = read_str(&text);
        assert_eq!(p.studies.len(), 2);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].line, Some(2));
        assert_eq!(p.studies[1].citation.pmid.as_deref(), Some("222"));
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "",
            "TY",
            "TY  -",
            "ER  - ",
            "é  - x",
            "AB  - x\ny",
            "TY  - \u{301}",
        ] {
            let _ = read_str(t);
        }
    }
}
