//! The rules that find a study's evidence in prose: design, population,
//! doses, duration, comparator, findings, nutrients and conditions.
//!
//! Readers of articles and of abstracts both call `analyse`; each rule lives
//! in its own module under `extract/` and is tested on sentences written for
//! it. Nothing here knows which document a sentence came from.

pub mod attribution;
pub mod boilerplate;
pub mod citation;
pub mod comparator;
pub mod design;
pub mod dose;
pub mod duration;
pub mod findings;
pub mod html;
pub mod number;
pub mod population;
pub mod sample_size;
pub mod sentences;

use crate::study::{Design, Details, Name};
use crate::vocabulary::{Kind, Vocabulary};

/// Starts building the rules' patterns on another thread, latest-used
/// first, while the caller reads files and meets them in use from the other
/// end: building ~90 regexes is most of a short run's time, and a second
/// core halves it.
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("vitascope-warm".into())
        .spawn(|| {
            findings::warm();
            comparator::warm();
            duration::warm();
            dose::warm();
            population::warm();
            design::warm();
            attribution::warm();
            citation::warm();
            boilerplate::warm();
            html::warm();
        });
}

/// Compiles a rule's pattern with ASCII word boundaries and digits: a
/// Unicode `\b` stops the fast matcher on text with curly quotes or µ, and a
/// Unicode `\d` makes every pattern costlier to build at start-up, while web
/// text writes its numbers in ASCII. Letter and word classes are cut to the
/// Latin and Greek blocks (U+0000 to U+03FF): names and words in the
/// articles and references we read are written in them, and the whole
/// Unicode classes made building the rules most of a short run's time.
pub fn pattern(p: &str) -> Result<regex::Regex, regex::Error> {
    let p = p
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\d", "[0-9]")
        .replace(r"\p{Lu}", r"[\p{Lu}&&\x00-\u{3FF}]")
        .replace(r"\p{L}", r"[\p{L}&&\x00-\u{3FF}]")
        .replace(r"\w", r"[\w&&\x00-\u{3FF}]");
    regex::Regex::new(&p)
}

/// Words at least one of which a rule's patterns need before they can match
/// at all: one ASCII-case-insensitive scan rules out text the patterns
/// would each have read in full. Case-insensitive patterns also match 'ſ'
/// for 's' and the Kelvin sign for 'k', so text holding either always
/// passes.
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
    // split once; every sentence-wise rule reads the same list
    let sentences = sentences::split(text);
    let (nutrients, by_sentence) = vocab.nutrients_by_sentence(text, &sentences);
    let design = design_of_sentences(&sentences);
    let included_studies = design::included_studies_in(&sentences);
    Evidence {
        design,
        details: Details {
            population: population::find_in(text, &sentences),
            included_studies,
            doses: dose::find_in(&sentences, &by_sentence),
            duration: duration::find(text),
            comparator: comparator::find(text),
            findings: findings::find_in(text, &sentences),
        },
        nutrients: Vocabulary::distinct_of(&nutrients),
        conditions: vocab.distinct(Kind::Condition, text),
    }
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
    design_of_sentences(&sentences::split(text))
}

fn design_of_sentences(sentences: &[sentences::Sentence<'_>]) -> Design {
    let named = |s: &sentences::Sentence<'_>| Some(design::of(s.text)).filter(|d| d.is_known());
    let suggested =
        |s: &sentences::Sentence<'_>| Some(design::suggested_by(s.text)).filter(|d| d.is_known());
    sentences
        .iter()
        .find_map(named)
        .or_else(|| sentences.iter().find_map(suggested))
        .unwrap_or(Design::Unknown)
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
    }
}
