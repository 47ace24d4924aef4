//! Reader for `PubMed`'s MEDLINE tagged text (`.nbib`, "`PubMed` format" `.txt`).
//!
//! The format is a line format: `TAG - value` with the tag padded to four
//! characters, continuation lines indented by six spaces, records separated by
//! a blank line. It is read in one pass over the text with borrowed slices
//! (a value is only copied when a continuation line has to be joined to it),
//! so a 100,000-record file loads in well under a second.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::read::bib::{self, Record};
use crate::study::{AuthorsBuilder, Name};
use crate::vocabulary::Vocabulary;

/// Reads every record of the file.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    // one PMID line per record: size the list once rather than doubling it
    parsed
        .studies
        .reserve(memchr::memmem::find_iter(text.as_bytes(), "\nPMID- ").count() + 1);
    let text = text.trim_start_matches('\u{FEFF}');
    let mut state = State::new(text);
    // after a reported bad line, its indented continuation is not reported again
    let mut after_bad = false;
    for (i, raw) in crate::text::lines(text).enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = crate::text::trim_end(raw);
        if line.is_empty() {
            state.finish_record(path, vocab, &mut parsed);
            continue;
        }
        if let Some((tag, value)) = split_tag(line) {
            if tag == "PMID"
                && state
                    .record
                    .as_ref()
                    .is_some_and(|r| r.citation.pmid.is_some())
            {
                state.finish_record(path, vocab, &mut parsed);
            }
            state.finish_field();
            state.record.get_or_insert_with(|| Record {
                line: line_no,
                ..Record::default()
            });
            after_bad = false;
            let start = state.offset(value);
            state.field = Some((tag, start, start + value.len(), false));
        } else if raw.starts_with(' ') && state.field.is_some() {
            // the value's span grows over its continuation lines; it is
            // joined into one line once, when the field ends
            let end = state.offset(line) + line.len();
            if let Some((_, _, field_end, continued)) = &mut state.field {
                *field_end = end;
                *continued = true;
            }
        } else if !(after_bad && raw.starts_with(' ')) {
            // the bad line ends the open field, so its text never joins a value
            state.finish_field();
            after_bad = true;
            parsed.diagnostics.push(Diagnostic::error(
                path,
                Some(line_no),
                format!(
                    "not a MEDLINE line (expected \"TAG - value\" or an indented continuation): {}",
                    preview(line)
                ),
            ));
        }
    }
    state.finish_record(path, vocab, &mut parsed);
    parsed
}

/// A value with continuation lines as one line: each line trimmed, joined by
/// single spaces, in one allocation.
fn join_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for part in crate::text::lines(raw) {
        crate::text::push_trimmed(&mut out, " ", part);
    }
    out
}

fn preview(line: &str) -> String {
    let mut s: String = line.chars().take(60).collect();
    if s.len() < line.len() {
        s.push('…');
    }
    s
}

/// `("PMID", "123")` from `"PMID- 123"`; `None` when the line has no tag.
fn split_tag(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 5 || b[4] != b'-' || !b[0].is_ascii_uppercase() {
        return None;
    }
    if !b[..4]
        .iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b' ')
    {
        return None;
    }
    if b.len() > 5 && b[5] != b' ' {
        return None;
    }
    let tag = line[..4].trim_end();
    if tag.contains(' ') {
        return None;
    }
    Some((tag, crate::text::trim(line.get(5..).unwrap_or(""))))
}

struct State<'t> {
    text: &'t str,
    record: Option<Record>,
    /// the open field: its tag, the byte span of its value in `text`, and
    /// whether it runs on over continuation lines
    field: Option<(&'t str, usize, usize, bool)>,
    /// the record's AU (or CN) names, in a buffer kept between records
    authors: AuthorsBuilder,
    /// full author names, used only when a record has no AU lines
    full_authors: Vec<String>,
    journal_title: Option<String>,
}

impl<'t> State<'t> {
    fn new(text: &'t str) -> Self {
        State {
            text,
            record: None,
            field: None,
            authors: AuthorsBuilder::default(),
            full_authors: Vec::new(),
            journal_title: None,
        }
    }

    /// Byte offset of a slice of `text` within it.
    fn offset(&self, part: &str) -> usize {
        part.as_ptr().addr() - self.text.as_ptr().addr()
    }

    fn finish_field(&mut self) {
        let Some((tag, start, end, continued)) = self.field.take() else {
            return;
        };
        let raw = self.text.get(start..end).unwrap_or("");
        // known from the lines read: no second search of a long abstract
        let value = if continued {
            Cow::Owned(join_lines(raw))
        } else {
            Cow::Borrowed(raw)
        };
        let Some(rec) = self.record.as_mut() else {
            return;
        };
        apply(
            rec,
            tag,
            value,
            &mut self.authors,
            &mut self.full_authors,
            &mut self.journal_title,
        );
    }

    fn finish_record(&mut self, path: &str, vocab: &Vocabulary, parsed: &mut Parsed) {
        self.finish_field();
        let full = std::mem::take(&mut self.full_authors);
        let journal_title = self.journal_title.take();
        let authors = self.authors.take();
        let Some(mut rec) = self.record.take() else {
            return;
        };
        rec.citation.authors = authors;
        if rec.citation.authors.is_empty() {
            rec.citation.authors = full
                .iter()
                .filter_map(|a| bib::author_from_name(a))
                .collect();
        }
        if rec.citation.journal.is_none() {
            rec.citation.journal = journal_title.map(Name::from);
        }
        parsed.studies.push(rec.into_study(path, vocab));
    }
}

fn apply(
    rec: &mut Record,
    tag: &str,
    value: Cow<'_, str>,
    authors: &mut AuthorsBuilder,
    full_authors: &mut Vec<String>,
    journal_title: &mut Option<String>,
) {
    let set = |slot: &mut Option<String>, v: Cow<'_, str>| {
        if slot.is_none() && !v.is_empty() {
            *slot = Some(v.into_owned());
        }
    };
    match tag {
        "PMID" => set(&mut rec.citation.pmid, value),
        "TI" => set(&mut rec.title, value),
        "AB" => match &mut rec.abstract_text {
            Some(a) => {
                a.push(' ');
                a.push_str(&value);
            }
            None => rec.abstract_text = Some(value.into_owned()),
        },
        "AU" => {
            if let Some(a) = bib::author_from_name(&value) {
                authors.push(&a);
            }
        }
        "CN" if authors.is_empty() && full_authors.is_empty() => authors.push(&value),
        // full names are a fallback for records without AU lines (each FAU
        // comes before its AU, so only the first is kept when AU follow)
        "FAU" if authors.is_empty() => full_authors.push(value.into_owned()),
        "DP" => rec.citation.year = rec.citation.year.or_else(|| bib::year_in(&value)),
        "TA" if rec.citation.journal.is_none() && !value.is_empty() => {
            rec.citation.journal = Some(Name::from(&*value));
        }
        "JT" => set(journal_title, value),
        "VI" => set(&mut rec.citation.volume, value),
        "IP" => set(&mut rec.citation.issue, value),
        "PG" => set(&mut rec.citation.pages, value),
        "LID" | "AID" if value.ends_with("[doi]") && rec.citation.doi.is_none() => {
            rec.citation.doi = bib::bare_doi(value.trim_end_matches("[doi]"));
        }
        "PT" => rec.publication_types.push(value.into_owned()),
        "MH" | "OT" => rec.add_subject(&value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Parsed {
        read("t.nbib", text, &Vocabulary::builtin())
    }

    const TWO: &str = "\nPMID- 111\nTI  - A randomized trial of vitamin K2 in\n      osteoporosis. \nAB  - BACKGROUND: Bones. RESULTS: BMD rose 2%.\nAU  - Casbon JA\nFAU - Casbon, James A\nAU  - Smith B\nDP  - 2020 Jan-Feb\nTA  - Bone\nJT  - Bone journal\nVI  - 10\nIP  - 2\nPG  - 1-9\nLID - 10.1/abc [doi]\nCIN - Comment in: X. 2021; PMID: 999\nPT  - Journal Article\nPT  - Randomized Controlled Trial\nMH  - Humans\nMH  - Vitamin K 2/*therapeutic use\n\nPMID- 222\nTI  - Second\nFAU - Doe, Jane\nDP  - 1999\n";

    #[test]
    fn reads_fields_of_each_record() {
        let p = read_str(TWO);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let s = &p.studies[0];
        assert_eq!(s.title, "A randomized trial of vitamin K2 in osteoporosis.");
        assert_eq!(s.citation.authors, ["Casbon JA", "Smith B"]);
        assert_eq!(s.citation.year, Some(2020));
        assert_eq!(s.citation.journal.as_deref(), Some("Bone"));
        assert_eq!(s.citation.pages.as_deref(), Some("1-9"));
        assert_eq!(s.citation.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(s.citation.pmid.as_deref(), Some("111"));
        assert_eq!(s.design, crate::study::Design::Rct);
        assert_eq!(s.details().population.species.as_deref(), Some("human"));
        assert!(
            s.nutrients.contains(&"vitamin K2".into()),
            "{:?}",
            s.nutrients
        );
        assert_eq!(s.source.line, Some(2));
        let t = &p.studies[1];
        assert_eq!(t.citation.pmid.as_deref(), Some("222"));
        assert_eq!(t.citation.authors, ["Doe J"]);
        assert_eq!(t.source.line, Some(22));
    }

    #[test]
    fn a_garbage_line_is_one_diagnostic_and_records_still_load() {
        let text = TWO.replace("VI  - 10\n", "VI  - 10\nthis is not a tag\n");
        let p = read_str(&text);
        assert_eq!(p.studies.len(), 2);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line, Some(13));
        assert_eq!(p.studies[0].citation.volume.as_deref(), Some("10"));
    }

    #[test]
    fn a_bad_line_inside_a_wrapped_value_stays_out_of_it() {
        let text = TWO.replace(
            "AB  - BACKGROUND: Bones.",
            "AB  - BACKGROUND: Bones.\nGARBAGE here\n      more garbage",
        );
        let p = read_str(&text);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let a = p.studies[0].abstract_text.as_deref().unwrap();
        assert!(!a.contains("GARBAGE") && !a.contains("garbage"), "{a}");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "",
            "\n\n",
            "PMID-",
            "PMID- ",
            "AB  - x\n      y",
            "      x",
            "é\u{301}- x",
            "ABCD-é",
        ] {
            let _ = read_str(text);
        }
    }
}
