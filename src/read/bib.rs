//! What every bibliographic reader shares: a flat `Record` of citation
//! fields, and the one way it becomes a `Study`.
//!
//! MEDLINE, `PubMed` XML, RIS, `BibTeX` and CSL-JSON differ in syntax but carry
//! the same facts (title, authors, year, journal, identifiers, abstract,
//! publication types, subject headings). Readers only fill a `Record`; author
//! name forms, years, bare DOIs, design from publication type, species from
//! `MeSH` and the abstract's evidence are decided here, so two exports of the
//! same paper give the same study and merge in the store.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use crate::extract::{self, population};
use crate::study::{Citation, Deferred, Design, Details, LazyDetails, Name, Source, Study};
use crate::vocabulary::Vocabulary;

/// The citation facts one record of an export gives.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Record {
    pub title: Option<String>,
    /// As the export gives it (authors "Surname Initials", see
    /// `author_from_parts`); tidied when the study is built.
    pub citation: Citation,
    pub abstract_text: Option<String>,
    /// Publication types ("Randomized Controlled Trial") or an export's
    /// entry type ("article-journal").
    pub publication_types: Vec<String>,
    /// `MeSH` headings or keywords, joined by "; " (one string, where a list
    /// would cost an allocation a heading on every record of an export).
    pub subjects: String,
    /// 1-based line where the record starts.
    pub line: u32,
}

/// Trims empty parts away and keeps only bare DOIs and digit PMIDs.
fn tidy_citation(c: Citation) -> Citation {
    Citation {
        authors: c.authors,
        year: c.year,
        journal: c.journal.and_then(|j| {
            let j = if is_tidy(&j) {
                Cow::Borrowed(&*j)
            } else {
                Cow::Owned(crate::text::squash(&j))
            };
            (!j.is_empty()).then(|| Name(shared(&j)))
        }),
        volume: clean(c.volume),
        issue: clean(c.issue),
        pages: clean(c.pages),
        doi: c.doi.as_deref().and_then(bare_doi),
        pmid: c.pmid.as_deref().and_then(digits),
        url: clean(c.url),
    }
}

impl Record {
    /// Adds a `MeSH` heading or keyword.
    pub fn add_subject(&mut self, subject: &str) {
        push_subject(&mut self.subjects, subject);
    }

    /// The study this record describes. Its citation, design, nutrients and
    /// conditions are read now (they are what a library is browsed and
    /// filtered by); population, doses and findings are read from the
    /// abstract on first use.
    #[must_use]
    pub fn into_study(self, path: &str, vocab: &Vocabulary) -> Study {
        let title = tidy(self.title);
        let abstract_text = tidy(self.abstract_text);
        let text =
            extract::record_passage(title.as_deref().unwrap_or(""), abstract_text.as_deref());
        let hint = species_from_subjects(&self.subjects);
        let design = design_from_types(&self.publication_types)
            .or_else(|| Some(extract::design_of(title.as_deref().unwrap_or(""))))
            .filter(|d| d.is_known())
            .unwrap_or_else(|| extract::design_of_passage(&text));
        let design = if design.is_known() {
            design
        } else if population::species(&text)
            .as_deref()
            .or(hint)
            .is_some_and(|s| s != "human")
        {
            Design::Animal
        } else {
            design
        };
        let (mut nutrients, mut conditions) = (Vec::new(), Vec::new());
        for heading in self.subjects.split(SUBJECT_SEPARATOR) {
            vocab.distinct_both_recurring(heading, &self.subjects, |n, c| {
                add_new(&mut nutrients, n.iter().cloned());
                add_new(&mut conditions, c.iter().cloned());
            });
        }
        let (in_text, conditions_in_text) = vocab.distinct_both(&text);
        add_new(&mut nutrients, in_text);
        add_new(&mut conditions, conditions_in_text);
        let (nutrients, conditions) = (fitted(nutrients), fitted(conditions));
        let title = title
            .or_else(|| abstract_text.as_deref().map(first_sentence))
            .or_else(|| self.citation.pmid.as_ref().map(|p| format!("PMID {p}")))
            .or_else(|| self.citation.doi.as_ref().map(|d| format!("DOI {d}")))
            .unwrap_or_else(|| "(untitled record)".to_string());
        Study {
            title,
            design,
            citation: tidy_citation(self.citation),
            details: LazyDetails::deferred(Deferred {
                read: details_of,
                hint,
            }),
            nutrients,
            conditions,
            source: Source {
                // one copy of the path for all the file's records
                path: shared(path),
                headline: None,
                line: Some(self.line),
            },
            abstract_text,
            ..Study::default()
        }
    }
}

/// One copy of a string that many records repeat (their file's path, their
/// journal), kept per reader thread. Past `MAX_SHARED` distinct strings new
/// ones are no longer kept, so a file of all-different journals costs what
/// it did without sharing, not more.
fn shared(text: &str) -> Arc<str> {
    const MAX_SHARED: usize = 1 << 16;
    thread_local! {
        static SEEN: std::cell::RefCell<HashSet<Arc<str>>> =
            std::cell::RefCell::new(HashSet::new());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(s) = seen.get(text) {
            return Arc::clone(s);
        }
        let s: Arc<str> = text.into();
        if seen.len() < MAX_SHARED {
            seen.insert(Arc::clone(&s));
        }
        s
    })
}

/// A record's details, read from its title and abstract: findings of a
/// structured abstract come from its RESULTS and CONCLUSIONS; the species
/// its subject headings name stands when the text names none.
fn details_of(s: &Study, species_hint: Option<&'static str>) -> Details {
    let abstract_text = s.abstract_text.as_deref();
    let passage = extract::record_passage(&s.title, abstract_text);
    let mut details = extract::analyse(&passage, Vocabulary::get()).details;
    if !details.findings.is_empty()
        && let Some(a) = abstract_text
    {
        let outcome = outcome_sections(a);
        if !outcome.is_empty() {
            let found = extract::findings::find(&outcome);
            if !found.is_empty() {
                details.findings = found;
            }
        }
    }
    if details.population.species.is_none() {
        details.population.species = species_hint.map(str::to_string);
    }
    details
}

/// A list without spare room: lists grow by doubling while a record is
/// read, and a library keeps hundreds of thousands of them.
fn fitted<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

fn add_new(into: &mut Vec<Name>, more: impl IntoIterator<Item = Name>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

fn clean(s: Option<String>) -> Option<String> {
    tidy(s)
}

/// One-line text with single spaces, empty as `None`. Text that is already
/// tidy (most of it) is kept, only trimmed of spare capacity: a library holds
/// hundreds of thousands of these.
fn tidy(s: Option<String>) -> Option<String> {
    let mut s = s?;
    if !is_tidy(&s) {
        s = crate::text::squash(&s);
    }
    s.shrink_to_fit();
    (!s.is_empty()).then_some(s)
}

/// True when `s` has no leading, trailing, doubled or non-space whitespace:
/// vectorised byte searches, and a look at characters only where there are
/// non-ASCII bytes (an abstract is checked once per record of a large
/// export).
fn is_tidy(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    if memchr::memmem::find(b, b"  ").is_some()
        || memchr::memchr3(b'\t', b'\n', b'\r', b).is_some()
        || memchr::memchr2(0x0B, 0x0C, b).is_some()
    {
        return false;
    }
    s.is_ascii()
        || !s
            .chars()
            .any(|c| c != ' ' && (c.is_whitespace() || c == '\u{A0}'))
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    let mut s: String = text[..end].chars().take(200).collect();
    if s.len() < end {
        s.push('…');
    }
    s
}

/// Labels of a structured abstract whose text reports what was found.
const OUTCOME_LABELS: &[&str] = &[
    "RESULTS",
    "RESULT",
    "FINDINGS",
    "CONCLUSIONS",
    "CONCLUSION",
    "INTERPRETATION",
    "MAIN RESULTS",
    "AUTHORS' CONCLUSIONS",
];

/// The RESULTS/CONCLUSIONS sections of a structured abstract ("LABEL: text"
/// sections, as `PubMed` writes them), joined; empty when there are none.
#[must_use]
pub fn outcome_sections(text: &str) -> String {
    let mut out = String::new();
    for (label, body) in sections(text) {
        if OUTCOME_LABELS.contains(&label) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(body.trim());
        }
    }
    out
}

/// Splits "BACKGROUND: … RESULTS: …" into (label, text) pairs; a label is
/// upper-case words ending in ": ".
fn sections(text: &str) -> Vec<(&str, &str)> {
    let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // label start, label end, body start
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find(": ") {
        let colon = i + off;
        let start = label_start(text, colon);
        if let Some(start) = start {
            marks.push((start, colon, colon + 2));
        }
        i = colon + 2;
        if i >= bytes.len() {
            break;
        }
    }
    let mut out = Vec::with_capacity(marks.len());
    for (k, &(_, lend, body)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        let lstart = marks[k].0;
        out.push((&text[lstart..lend], &text[body..end]));
    }
    out
}

/// Start of an all-capitals label ending at `colon`, if it is one (at the
/// start of the text or after a sentence end).
fn label_start(text: &str, colon: usize) -> Option<usize> {
    let before = &text[..colon];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_uppercase() || *c == ' ' || *c == '\'' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let label = before[start..].trim_start();
    let start = colon - label.len();
    let letters = label.chars().filter(char::is_ascii_uppercase).count();
    let at_boundary = start == 0 || text[..start].trim_end().ends_with(['.', '?', '!', ')']);
    (letters >= 4 && at_boundary).then_some(start)
}

/// The design a list of publication types names, most specific first.
#[must_use]
pub fn design_from_types(types: &[String]) -> Option<Design> {
    const ORDER: &[(&str, Design)] = &[
        ("meta-analysis", Design::MetaAnalysis),
        ("systematic review", Design::SystematicReview),
        ("randomized controlled trial", Design::Rct),
        ("randomised controlled trial", Design::Rct),
        ("controlled clinical trial", Design::ControlledTrial),
        ("clinical trial", Design::ControlledTrial),
        ("observational study", Design::Cohort),
        ("cohort", Design::Cohort),
        ("case-control", Design::CaseControl),
        ("cross-sectional", Design::CrossSectional),
        ("case reports", Design::CaseReport),
        ("case report", Design::CaseReport),
        ("in vitro", Design::InVitro),
        ("review", Design::Review),
    ];
    // every name found in each type in one pass (a large export has a few
    // types per record); the earliest listed wins
    static NAMES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(ORDER.iter().map(|(name, _)| name))
            .expect("publication type names build an automaton")
    });
    let mut first = usize::MAX;
    for t in types {
        if t.is_ascii() {
            for m in NAMES.find_overlapping_iter(t.as_str()) {
                first = first.min(m.pattern().as_usize());
            }
        } else {
            // lower case beyond ASCII is Unicode's
            let t = t.to_lowercase();
            if let Some(i) = ORDER.iter().position(|(name, _)| t.contains(name)) {
                first = first.min(i);
            }
        }
    }
    ORDER.get(first).map(|&(_, d)| d)
}

/// Adds a heading or keyword to a "; "-joined list (blank ones are not).
pub fn push_subject(list: &mut String, subject: &str) {
    crate::text::push_trimmed(list, SUBJECT_SEPARATOR, subject);
}

/// What parts the headings and keywords of a record's `subjects`: each is
/// tagged on its own, as the unit it is.
const SUBJECT_SEPARATOR: &str = "; ";

/// Species named by `MeSH` check tags ("Humans", "Rats", "Mice", "Animals").
#[must_use]
pub fn species_from_subjects(subjects: &str) -> Option<&'static str> {
    let has = |name: &str| {
        subjects.split(SUBJECT_SEPARATOR).any(|s| {
            let head = s.trim_start_matches('*');
            let head = head.split('/').next().unwrap_or(head).trim();
            head.eq_ignore_ascii_case(name)
        })
    };
    if has("Humans") {
        Some("human")
    } else if has("Rats") {
        Some("rat")
    } else if has("Mice") {
        Some("mouse")
    } else if has("Animals") {
        Some("animal")
    } else {
        None
    }
}

/// "Surname Initials" from a family name and given names ("Mary H. J." or
/// "MHJ" → "MHJ").
#[must_use]
pub fn author_from_parts(family: &str, given: &str) -> String {
    let family = crate::text::squash(family);
    let initials = initials(given);
    if initials.is_empty() {
        family
    } else if family.is_empty() {
        initials
    } else {
        format!("{family} {initials}")
    }
}

/// Initials from given names: "Mary H.J." → "MHJ", "Jean-Paul" → "JP",
/// "MHJ" (already initials) unchanged.
#[must_use]
pub fn initials(given: &str) -> String {
    let given = given.trim();
    if !given.is_empty() && given.len() <= 4 && given.chars().all(char::is_uppercase) {
        return given.to_string();
    }
    given
        .split(|c: char| c.is_whitespace() || c == '.' || c == '-')
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect()
}

/// "Surname, Given" (RIS, MEDLINE FAU), "Surname G." (Embase) or already
/// "Surname Initials" (MEDLINE AU) to "Surname Initials"; a name in none of
/// these forms (a collective author) is kept as written.
#[must_use]
pub fn author_from_name(name: &str) -> Option<Cow<'_, str>> {
    let trimmed = name.trim();
    if !trimmed.contains([',', '.', '\t', '\u{A0}']) && !trimmed.contains("  ") {
        // already "Surname Initials" (every MEDLINE AU line): no work
        let last_is_initials = trimmed
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().all(char::is_uppercase));
        if last_is_initials || !trimmed.contains(' ') {
            return (!trimmed.is_empty()).then_some(Cow::Borrowed(trimmed));
        }
    }
    let name = crate::text::squash(trimmed.trim_end_matches(','));
    if name.is_empty() {
        return None;
    }
    if let Some((family, given)) = name.split_once(',') {
        return Some(Cow::Owned(author_from_parts(family, given)));
    }
    let words: Vec<&str> = name.split(' ').collect();
    let last = words.last().copied().unwrap_or_default();
    let is_initials = |w: &str| w.chars().all(|c| c.is_uppercase() || c == '.');
    if words.len() > 1 && is_initials(last) {
        let family = words[..words.len() - 1].join(" ");
        return Some(Cow::Owned(format!("{family} {}", last.replace('.', ""))));
    }
    // anything else ("The Study Group") is kept as written
    Some(Cow::Owned(name))
}

/// The first plausible publication year in a date string ("1978 Jan-Feb",
/// "2019/10//undefined", "Spring 2001").
#[must_use]
pub fn year_in(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            let y: i32 = text[i..i + 4].parse().ok()?;
            if (1500..=2200).contains(&y) {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

/// A bare DOI (`10.x/...`) from a DOI, a doi.org URL or "doi:" prefix.
#[must_use]
pub fn bare_doi(text: &str) -> Option<String> {
    let t = text.trim();
    let at = t.find("10.")?;
    let doi = t[at..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', ';']);
    (doi.len() > 3 && doi.contains('/')).then(|| doi.to_string())
}

/// The value when it is all digits (a PMID), else `None`.
#[must_use]
pub fn digits(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_string())
}

/// Page range from a start and an optional end page.
#[must_use]
pub fn page_range(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start = start.map(str::trim).filter(|s| !s.is_empty());
    let end = end.map(str::trim).filter(|s| !s.is_empty());
    match (start, end) {
        (Some(s), Some(e)) if s != e => Some(format!("{s}-{e}")),
        (Some(s), _) => Some(s.to_string()),
        (None, Some(e)) => Some(e.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_text_is_kept_and_untidy_text_squashed() {
        for text in ["one two", "é ü ß", "a-b (c) d.", ""] {
            assert!(is_tidy(text), "{text:?}");
        }
        for text in [
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "cr\rhere",
            "no\u{A0}break",
            "em\u{2003}space",
            "ff\x0chere",
        ] {
            assert!(!is_tidy(text), "{text:?}");
        }
        assert_eq!(
            tidy(Some(" a \n b\u{A0}c  ".into())).as_deref(),
            Some("a b c")
        );
        assert_eq!(tidy(Some(" \n ".into())), None);
    }

    #[test]
    fn author_names_become_surname_initials() {
        let cases = [
            ("Casbon, J. A.", "Casbon JA"),
            ("Casbon JA", "Casbon JA"),
            ("Liu R.", "Liu R"),
            ("van der Berg, Anna Maria", "van der Berg AM"),
            ("Peñalver, José-Luis", "Peñalver JL"),
            ("The Study Group", "The Study Group"),
        ];
        for (input, want) in cases {
            assert_eq!(author_from_name(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(author_from_parts("Lindqvist", "MHJ"), "Lindqvist MHJ");
        assert_eq!(
            author_from_parts("Lindqvist", "Marta H. J."),
            "Lindqvist MHJ"
        );
    }

    #[test]
    fn years_dois_and_pmids_are_found() {
        for (text, want) in [
            ("1978 Jan-Feb", Some(1978)),
            ("2019/10//undefined", Some(2019)),
            ("Spring 2001", Some(2001)),
            ("12345", None),
            ("", None),
        ] {
            assert_eq!(year_in(text), want, "{text}");
        }
        assert_eq!(
            bare_doi("https://doi.org/10.1000/xyz.2024.17").as_deref(),
            Some("10.1000/xyz.2024.17")
        );
        assert_eq!(
            bare_doi("10.1000/xyz.2024.17 [doi]").as_deref(),
            Some("10.1000/xyz.2024.17")
        );
        assert_eq!(bare_doi("S0140-6736"), None);
        assert_eq!(digits(" 123 ").as_deref(), Some("123"));
        assert_eq!(digits("PMC123"), None);
    }

    #[test]
    fn publication_types_give_designs() {
        let t =
            |v: &[&str]| design_from_types(&v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
        assert_eq!(
            t(&["Journal Article", "Meta-Analysis", "Review"]),
            Some(Design::MetaAnalysis)
        );
        assert_eq!(t(&["Randomized Controlled Trial"]), Some(Design::Rct));
        assert_eq!(
            t(&["Clinical Trial, Phase II"]),
            Some(Design::ControlledTrial)
        );
        assert_eq!(t(&["Case Reports"]), Some(Design::CaseReport));
        assert_eq!(t(&["Journal Article"]), None);
        // the earliest listed name wins, whichever type holds it
        assert_eq!(
            t(&["Review", "Journal Article", "Systematic Review"]),
            Some(Design::SystematicReview)
        );
        assert_eq!(t(&["RANDOMISED CONTROLLED TRIAL"]), Some(Design::Rct));
        assert_eq!(t(&["Étude de cohorte, cohort"]), Some(Design::Cohort));
    }

    #[test]
    fn outcome_sections_of_a_structured_abstract() {
        let a = "BACKGROUND: Why. METHODS: How. RESULTS: It fell 20%. CONCLUSIONS: It works.";
        assert_eq!(outcome_sections(a), "It fell 20%. It works.");
        assert_eq!(outcome_sections("No labels here: none."), "");
    }

    /// The tags of a record with these headings and no text of its own.
    fn tags_of(headings: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut rec = Record::default();
        for h in headings {
            rec.add_subject(h);
        }
        let names = |v: &[Name]| v.iter().map(|n| n.as_str().to_string()).collect();
        let s = rec.into_study("x.nbib", Vocabulary::get());
        (names(&s.nutrients), names(&s.conditions))
    }

    #[test]
    fn each_heading_is_tagged_as_a_unit_of_its_own() {
        // a word of a journal's name closing one heading does not make
        // the next heading part of a name
        let (_, conditions) = tags_of(&["Health Care Surveys", "Hypertension"]);
        assert!(
            conditions.iter().any(|c| c == "hypertension"),
            "{conditions:?}"
        );
        // asked twice on one thread (the second answer is the kept one)
        for _ in 0..2 {
            let (nutrients, conditions) = tags_of(&["Zinc/therapeutic use", "Common Cold"]);
            assert_eq!(nutrients, ["zinc"]);
            assert_eq!(conditions, ["common cold"]);
        }
    }

    #[test]
    fn an_alias_that_needs_a_word_beside_it_finds_it_in_another_heading() {
        for _ in 0..2 {
            assert_eq!(tags_of(&["CBD", "Cannabis"]).0, ["cannabidiol", "cannabis"]);
            // the same heading without the word, after the answer above
            assert_eq!(tags_of(&["CBD", "Humans"]).0, Vec::<String>::new());
        }
    }

    #[test]
    fn mesh_check_tags_give_species() {
        let s = |v: &[&str]| v.join("; ");
        assert_eq!(
            species_from_subjects(&s(&["Animals", "Rats", "Bone/*metabolism"])),
            Some("rat")
        );
        assert_eq!(
            species_from_subjects(&s(&["Humans", "Female"])),
            Some("human")
        );
        assert_eq!(species_from_subjects(&s(&["Bone"])), None);
    }
}
