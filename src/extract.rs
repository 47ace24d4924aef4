//! The rules that find a study's evidence in prose: design, population,
//! doses, duration, comparator, findings, nutrients and conditions.
//!
//! Readers of articles and of abstracts both call `analyse`; each rule lives
//! in its own module under `extract/` and is tested on sentences written for
//! it. Nothing here knows which document a sentence came from.

pub(crate) mod ascii_case;
pub mod comparator;
pub mod design;
pub mod dose;
pub mod duration;
pub mod findings;
pub mod number;
pub mod population;
pub mod provenance;
pub mod rule;
pub mod sample_size;
pub mod sentences;
pub(crate) mod substance;

use crate::study::{Design, Details, Name, Study, Trace};
use crate::vocabulary::{Kind, Vocabulary};
use provenance::{Field, Places};

/// Builds the shared rules' patterns now, latest-used first (see
/// `read::warm_up`, which runs this on another thread).
pub fn warm() {
    findings::warm();
    comparator::warm();
    duration::warm();
    dose::warm();
    population::warm();
    design::warm();
}

/// Compiles a rule's pattern with ASCII word boundaries and digits: a
/// Unicode `\b` stops the fast matcher on text with curly quotes or µ, and a
/// Unicode `\d` makes every pattern costlier to build at start-up, while web
/// text writes its numbers in ASCII. Letter and word classes are cut to the
/// Latin and Greek blocks (U+0000 to U+03FF): names and words in the
/// articles and references we read are written in them, and the whole
/// Unicode classes made building the rules most of a short run's time.
/// See `rule` for how a case-insensitive rule reads the text.
pub fn pattern(p: &str) -> Result<rule::Rule, Box<regex_automata::meta::BuildError>> {
    let p = p
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\d", "[0-9]")
        .replace(r"\p{Lu}", &format!("[{CAPITALS}]"))
        .replace(r"\p{L}", &format!("[{LETTERS}]"))
        .replace(r"\w", &format!("[0-9_{LETTERS}{MARKS}]"));
    rule::Rule::new(&p)
}

/// The letters of U+0000 to U+03FF, as few ranges: each gap between two
/// ranges adds states to every pattern that names the class, built at every
/// start, and the exact class (twenty ranges) cost a tenth of a short run's
/// instructions. The gaps closed hold only spacing modifiers, Greek signs
/// (U+02C2 to U+02FF, U+0375, U+037E, U+0384 to U+0387, U+03F6) and code
/// points not yet assigned; × and ÷, which text does use between words,
/// stay out.
const LETTERS: &str =
    r"A-Za-z\u{AA}\u{B5}\u{BA}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{3FF}";

/// The capitals of U+0000 to U+03FF for `\p{Lu}`, as few ranges: the Latin
/// Extended and Greek blocks alternate capital and small letter, a range
/// for each, so here they are whole (a rule asking for a capital before a
/// name also takes 'ł' there, which no text puts where a name starts).
const CAPITALS: &str = r"A-Z\u{C0}-\u{D6}\u{D8}-\u{DE}\u{100}-\u{24F}\u{370}\u{372}\u{376}\u{37F}\u{386}-\u{3AB}\u{3CF}-\u{3FF}";

/// The combining marks `\w` also holds below U+0400.
const MARKS: &str = r"\u{300}-\u{36F}";

/// Words at least one of which a rule's patterns need before they can match
/// at all: one ASCII-case-insensitive scan rules out text the patterns
/// would each have read in full. A pattern left under Unicode `(?i)`
/// (one that mixes cases, see `rule`) also matches 'ſ' for 's' and the
/// Kelvin sign for 'k', so text holding either always passes.
pub(crate) struct Needs(aho_corasick::AhoCorasick);

impl Needs {
    pub(crate) fn new(words: &[&str]) -> Needs {
        let folds = ["\u{17F}", "\u{212A}"];
        Needs(
            aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(words.iter().chain(folds.iter()))
                .expect("needed words build an automaton"),
        )
    }

    /// False only when no pattern guarded by these words can match `text`.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// At most `max` bytes of `text` before byte `at`, cut on a character
/// boundary: the rules judge a value by the words near it, and a bounded
/// look keeps every rule linear in the text.
pub(crate) fn text_before(text: &str, at: usize, max: usize) -> &str {
    &text[text.ceil_char_boundary(at.saturating_sub(max))..at]
}

/// At most `max` bytes of `text` after byte `at` (see `text_before`).
pub(crate) fn text_after(text: &str, at: usize, max: usize) -> &str {
    &text[at..text.floor_char_boundary(at.saturating_add(max).min(text.len()))]
}

/// Everything the rules found in one passage of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    pub design: Design,
    pub details: Details,
    pub nutrients: Vec<Name>,
    pub conditions: Vec<Name>,
}

/// Runs every rule over a passage (an abstract, or the sentences of an
/// article attributed to one study). In a structured abstract only the
/// RESULTS/FINDINGS and CONCLUSIONS sections give findings, with or without
/// line breaks before the labels; elsewhere every sentence that reports a
/// result does. Sentences that recommend or tell an anecdote give no dose.
#[must_use]
pub fn analyse(text: &str, vocab: &Vocabulary) -> Evidence {
    analyse_in(text, &sentences::split(text), vocab).0
}

/// `analyse`, with each value beside the sentence it was read in (see
/// `provenance`): what `show --explain` prints.
#[must_use]
pub fn explain(text: &str, vocab: &Vocabulary) -> (Evidence, Vec<Trace>) {
    let sentences = sentences::split(text);
    let (ev, places) = analyse_in(text, &sentences, vocab);
    let traces = provenance::traces(&ev, &places, &sentences);
    (ev, traces)
}

/// `analyse` over a passage split once into the sentences every
/// sentence-wise rule reads, with where each value was read.
fn analyse_in(
    text: &str,
    sentences: &[sentences::Sentence<'_>],
    vocab: &Vocabulary,
) -> (Evidence, Places) {
    let mut places = Places::new();
    let (nutrients, by_sentence) = vocab.nutrients_by_sentence(text, sentences);
    let (design, design_at) = design_of_sentences(sentences);
    places.extend(design_at.map(|at| (Field::Design, at)));
    let included_studies = design::included_studies_in(sentences);
    places.extend(included_studies.map(|(_, at)| (Field::IncludedStudies, at)));
    let population = population::find_in(text, sentences, &mut places);
    let doses = dose::find_in(sentences, &by_sentence);
    places.extend(
        doses
            .iter()
            .enumerate()
            .map(|(i, (_, at))| (Field::Dose(i), *at)),
    );
    let duration = duration::find_at(text);
    places.extend(duration.as_ref().map(|(_, at)| (Field::Duration, *at)));
    let comparator = comparator::find_at(text);
    places.extend(comparator.as_ref().map(|(_, at)| (Field::Comparator, *at)));
    let ev = Evidence {
        design,
        details: Details {
            population,
            included_studies: included_studies.map(|(n, _)| n),
            doses: doses.into_iter().map(|(d, _)| d).collect(),
            duration: duration.map(|(d, _)| d),
            comparator: comparator.map(|(c, _)| c),
            findings: findings::find_in(text, sentences),
            evidence: Vec::new(),
        },
        nutrients: Vocabulary::distinct_of(&nutrients),
        conditions: vocab.distinct(Kind::Condition, text),
    };
    (ev, places)
}

/// The text a bibliographic record's details are read from: its title and
/// abstract, the title left out when the abstract opens with it (a title
/// made from the abstract's first sentence is not read twice).
#[must_use]
pub fn record_passage(title: &str, abstract_text: Option<&str>) -> String {
    let own_title = abstract_text.is_none_or(|a| !a.starts_with(title.trim_end_matches('…')));
    match (Some(title).filter(|_| own_title), abstract_text) {
        (Some(t), Some(a)) => {
            // sized once: `format!` would grow it by doubling, copying the abstract
            let mut text = String::with_capacity(t.len() + 1 + a.len());
            text.push_str(t);
            text.push('\n');
            text.push_str(a);
            text
        }
        (t, a) => t.or(a).unwrap_or_default().to_string(),
    }
}

/// Each of a study's values beside the sentence it was read in: kept by the
/// reader of an article, read again from a record's title and abstract.
#[must_use]
pub fn evidence_of(study: &Study, vocab: &Vocabulary) -> Vec<Trace> {
    let kept = &study.details().evidence;
    if !kept.is_empty() || study.abstract_text.is_none() {
        return kept.clone();
    }
    let passage = record_passage(&study.title, study.abstract_text.as_deref());
    let mut traces = explain(&passage, vocab).1;
    // a design the record's publication type gave is not the text's
    traces.retain(|t| t.field != "design" || t.value == study.design.as_str());
    traces
}

/// The design a publication title or type names, if any ("a randomized
/// controlled trial", "Meta-Analysis", "in a rat model").
#[must_use]
pub fn design_of(text: &str) -> Design {
    design::of(text)
}

/// The design of a passage: the first sentence that names one decides, so
/// a later "unlike a meta-analysis" or "future trials" does not.
#[must_use]
pub fn design_of_passage(text: &str) -> Design {
    design_of_sentences(&sentences::split(text)).0
}

/// The design and the start of the sentence that gave it.
fn design_of_sentences(sentences: &[sentences::Sentence<'_>]) -> (Design, Option<usize>) {
    let by = |rule: fn(&str) -> Design| {
        move |s: &sentences::Sentence<'_>| {
            Some((rule(s.text), Some(s.start))).filter(|(d, _)| d.is_known())
        }
    };
    let named = sentences.iter().find_map(by(design::of));
    if let Some((Design::ControlledTrial, _)) = named
        && let Some(at) = sentences.iter().find(|s| design::randomized_here(s.text))
    {
        // "a placebo-controlled trial of …" named first, then "patients
        // were randomly assigned": the same trial, told more exactly
        return (Design::Rct, Some(at.start));
    }
    named
        .or_else(|| sentences.iter().find_map(by(design::suggested_by)))
        .unwrap_or((Design::Unknown, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyse_finds_every_field_of_an_abstract() {
        let v = Vocabulary::builtin();
        let text = "BACKGROUND: Zinc may shorten colds.\nMETHODS: In this randomized trial, 120 adults aged 20-60 years took 30 mg zinc per day or placebo for 12 weeks; the control group received placebo.\nRESULTS: Colds were shorter with zinc (4.1 vs 5.9 days, p < 0.01).\nCONCLUSIONS: Zinc shortens colds.";
        let ev = analyse(text, &v);
        assert_eq!(ev.design, Design::Rct);
        assert_eq!(ev.details.population.n, Some(120));
        assert_eq!(
            (ev.details.population.age_min, ev.details.population.age_max),
            (Some(20.0), Some(60.0))
        );
        assert_eq!(ev.details.doses.len(), 1);
        assert_eq!(ev.details.doses[0].nutrient.as_deref(), Some("zinc"));
        assert_eq!(ev.details.duration.as_deref(), Some("12 weeks"));
        assert_eq!(ev.details.comparator.as_deref(), Some("placebo"));
        assert_eq!(
            ev.details.findings,
            [
                "Colds were shorter with zinc (4.1 vs 5.9 days, p < 0.01).",
                "Zinc shortens colds."
            ]
        );
        assert_eq!(ev.nutrients, ["zinc"]);
    }

    #[test]
    fn analyse_reads_an_unstructured_abstract() {
        let v = Vocabulary::builtin();
        let text = "Iron may help fatigue. We conducted a randomized, double-blind trial in 150 premenopausal women aged 18-50 years who received 80 mg iron or placebo daily for 12 weeks. Iron significantly reduced fatigue scores (p < 0.01). In conclusion, iron helps tired women with low ferritin.";
        let ev = analyse(text, &v);
        assert_eq!(ev.design, Design::Rct);
        assert_eq!(ev.details.population.n, Some(150));
        assert_eq!(ev.details.population.sex, Some(crate::study::Sex::Female));
        assert_eq!(ev.details.doses.len(), 1);
        assert_eq!(ev.details.duration.as_deref(), Some("12 weeks"));
        assert_eq!(ev.details.comparator.as_deref(), Some("placebo"));
        assert_eq!(ev.details.findings.len(), 2, "{:?}", ev.details.findings);
        assert_eq!(ev.nutrients, ["iron"]);
    }

    #[test]
    fn each_value_is_explained_by_the_sentence_it_was_read_in() {
        let v = Vocabulary::builtin();
        let text = "Selenium is an essential trace element. In a double-blind randomized trial, 84 adults aged 40-70 years took 200 mcg selenium daily. The control group received placebo tablets. After 6 months, thyroid antibodies fell.";
        let (ev, traces) = explain(text, &v);
        let of = |field: &str| {
            traces
                .iter()
                .find(|t| t.field == field)
                .map(|t| (t.value.as_str(), t.text.as_str()))
        };
        let trial = "In a double-blind randomized trial, 84 adults aged 40-70 years took 200 mcg selenium daily.";
        assert_eq!(of("design"), Some(("rct", trial)));
        assert_eq!(of("population.n"), Some(("84", trial)));
        assert_eq!(of("population.age"), Some(("40–70 years", trial)));
        assert_eq!(of("doses[0]").map(|(_, s)| s), Some(trial));
        assert_eq!(
            of("comparator"),
            Some((
                "placebo tablets",
                "The control group received placebo tablets."
            ))
        );
        assert_eq!(
            of("duration"),
            Some(("6 months", "After 6 months, thyroid antibodies fell."))
        );
        // the same values as without explaining, and nothing unexplained
        assert_eq!(ev, analyse(text, &v));
        assert!(traces.iter().all(|t| text.contains(&t.text)), "{traces:?}");
    }

    #[test]
    fn a_record_is_explained_from_its_title_and_abstract() {
        let v = Vocabulary::builtin();
        let study = Study {
            title: "Zinc lozenges and colds".into(),
            abstract_text: Some(
                "We enrolled 64 adults with a cold. They took 13 mg zinc lozenges every two hours."
                    .into(),
            ),
            ..Study::default()
        };
        let traces = evidence_of(&study, &v);
        let n = traces.iter().find(|t| t.field == "population.n").unwrap();
        assert_eq!(
            (n.value.as_str(), n.text.as_str()),
            ("64", "We enrolled 64 adults with a cold.")
        );
        // a design the record did not take is not explained
        assert!(traces.iter().all(|t| t.field != "design"), "{traces:?}");
    }

    #[test]
    fn rule_patterns_keep_accented_latin_and_greek_letters() {
        let surname = pattern(r"^\p{Lu}\p{L}+$").unwrap();
        for name in ["Müller", "Ørsted", "Łukasz", "Ďurčová", "Σοφία"] {
            assert!(surname.is_match(name), "{name}");
        }
        assert!(!surname.is_match("müller"));
        let word = pattern(r"^\w+-\w+$").unwrap();
        assert!(word.is_match("β-carotène"));
        // outside the blocks the rules read, letters are not letters
        assert!(!surname.is_match("Иванов"));
    }

    #[test]
    fn letter_ranges_hold_the_unicode_letters_below_cyrillic_and_no_punctuation() {
        // what a class may hold beyond Unicode's own: modifiers and signs
        // no text writes between words, and code points not yet assigned
        let unassigned = regex::Regex::new(r"^\p{Cn}$").unwrap();
        let signs = |c: char| {
            unassigned.is_match(&c.to_string())
                || matches!(c, '\u{2C2}'..='\u{2FF}' | '\u{375}' | '\u{37E}' | '\u{384}'..='\u{387}' | '\u{3F6}')
        };
        let ranges = [
            (r"[\p{L}&&\x00-\u{3FF}]", format!("[{LETTERS}]"), false),
            (
                r"[\w&&\x00-\u{3FF}]",
                format!("[0-9_{LETTERS}{MARKS}]"),
                false,
            ),
            (r"[\p{Lu}&&\x00-\u{3FF}]", format!("[{CAPITALS}]"), true),
        ];
        for (class, written, capitals) in ranges {
            // a capital is asked for only where case counts
            let cases: &[&str] = if capitals { &[""] } else { &["", "(?i)"] };
            for case in cases {
                let whole = regex::Regex::new(&format!("^{case}{class}$")).unwrap();
                let ours = regex::Regex::new(&format!("^{case}{written}$")).unwrap();
                for c in (0..0x3_0000).filter_map(char::from_u32) {
                    let one = c.to_string();
                    let (theirs, mine) = (whole.is_match(&one), ours.is_match(&one));
                    let small_letter = capitals && c > '\u{FF}' && c.is_alphabetic();
                    assert!(
                        theirs == mine || (mine && (signs(c) || small_letter)),
                        "{case}{class} {c:?}: Unicode {theirs}, ours {mine}"
                    );
                }
            }
        }
        let letter = pattern(r"^\p{L}$").unwrap();
        for c in ["×", "÷", "·", "a"] {
            assert_eq!(letter.is_match(c), c == "a", "{c}");
        }
        let capital = pattern(r"^\p{Lu}$").unwrap();
        assert!(!capital.is_match("m") && !capital.is_match("é") && capital.is_match("Ł"));
    }

    #[test]
    fn a_design_named_outranks_one_suggested_earlier() {
        assert_eq!(
            design_of_passage(
                "We followed 900 adults for 6 years. They were randomized to tea or water."
            ),
            Design::Rct
        );
        assert_eq!(
            design_of_passage("We followed 900 adults for 6 years. Tea drinkers slept better."),
            Design::Cohort
        );
    }

    #[test]
    fn a_later_mention_does_not_change_the_design() {
        assert_eq!(
            design_of_passage("This narrative review covered diet. It gave no meta-analytic data."),
            Design::Review
        );
        // a controlled trial whose people were then said to be randomized
        // is a randomized one; a randomized trial merely cited is not it
        assert_eq!(
            design_of_passage(
                "A placebo-controlled study of zinc. Sixty adults were allocated at random to zinc or placebo."
            ),
            Design::Rct
        );
        assert_eq!(
            design_of_passage(
                "A placebo-controlled study of zinc. Earlier randomized trials were small."
            ),
            Design::ControlledTrial
        );
    }
}
