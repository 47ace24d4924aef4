//! Who was studied: the number of participants (only when stated), their
//! ages, species and sex, and a short phrase describing them.

use std::sync::LazyLock;

use regex::Regex;

mod age;

use crate::extract::provenance::{Field, Places};
use crate::study::{Population, Sex};

/// Nouns that name the people or animals a study enrolled.
const SUBJECTS: &str = "patients|women|men|children|girls|boys|adults|participants|subjects|volunteers|infants|toddlers|adolescents|people|individuals|persons|rats|mice|elderly|students|athletes|smokers|preschoolers|newborns|neonates|pregnant women|mothers|residents|survivors|cases|controls|dogs|rabbits|pigs";

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)(?:^|[^\w.,%$£€-])(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+((?:[a-z][\w-]*\s+){{0,3}}?(?:{SUBJECTS}))\b"
    ))
    .expect("count pattern is valid")
});

static N_EQUALS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"\b[nN]\s*=\s*(\d[\d,]*)").expect("n pattern is valid")
});

static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b((?:(?:healthy|young|older|elderly|adult|postmenopausal|premenopausal|pregnant|obese|school-aged)\s+){{0,3}}(?:{SUBJECTS})(?:\s+and\s+(?:(?:healthy|young|older|elderly|postmenopausal|premenopausal|pregnant)\s+){{0,2}}(?:{SUBJECTS}))?\b(?:\s+(?:with|at risk of|at risk|who have|diagnosed with)\s+[\w-]+(?:\s+[\w-]+){{0,2}})?)"
    ))
    .expect("description pattern is valid")
});

/// Everything the text says about who was studied.
#[must_use]
pub fn find(text: &str) -> Population {
    find_in(
        text,
        &crate::extract::sentences::split(text),
        &mut Places::new(),
    )
}

/// `find` over a passage and its sentences, adding where each value was
/// read to `places`.
pub(crate) fn find_in(
    text: &str,
    sentences: &[crate::extract::sentences::Sentence<'_>],
    places: &mut Places,
) -> Population {
    let mut record = |field, found: Option<usize>| {
        if let Some(at) = found {
            places.push((field, at));
        }
    };
    let n = crate::extract::sample_size::count_in(sentences);
    record(Field::N, n.map(|(_, at)| at));
    let ages = age::choose(sentences, n.map(|(_, at)| at));
    record(Field::Ages, ages.map(|a| a.at));
    let (age_min, age_max) = ages.map_or((None, None), |a| (a.min, a.max));
    // the group the chosen count counts, else the first one described
    let description = n
        .and_then(|(_, at)| Some((crate::extract::sample_size::counted_group(text, at)?, at)))
        .or_else(|| description_in(sentences));
    record(Field::Description, description.as_ref().map(|(_, at)| *at));
    let species = species_at(text);
    record(Field::Species, species.as_ref().map(|(_, at)| *at));
    let sex = sex_at(text);
    record(Field::Sex, sex.map(|(_, at)| at));
    Population {
        n: n.map(|(n, _)| n),
        description: description.map(|(d, _)| d),
        species: species.map(|(s, _)| s),
        age_min,
        age_max,
        sex: sex.map(|(s, _)| s),
    }
}

/// The number of participants, only when the text states it (see
/// `sample_size`).
#[must_use]
pub fn count(text: &str) -> Option<u32> {
    crate::extract::sample_size::count(text)
}

/// The ages of the people studied, in years: `(min, max)`, either open
/// ("aged 18-65 years", "adults 60 and older", "children under 5").
#[must_use]
pub fn ages(text: &str) -> Option<(Option<f32>, Option<f32>)> {
    let sentences = crate::extract::sentences::split(text);
    age::choose(&sentences, None).map(|a| (a.min, a.max))
}

/// The species studied, from the nouns used for the subjects.
#[must_use]
pub fn species(text: &str) -> Option<String> {
    species_at(text).map(|(s, _)| s)
}

/// `species`, with where the word that told it stands.
fn species_at(text: &str) -> Option<(String, usize)> {
    static RAT: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::pattern(r"(?i)\brats?\b|\brat model").expect("valid"));
    static MOUSE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\bmice\b|\bmouse\b|\bmurine\b").expect("valid")
    });
    static HUMAN: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\b(?:patients|women|men|children|girls|boys|adults|participants|volunteers|infants|toddlers|adolescents|people|humans?|preschoolers|subjects)\b")
            .expect("valid")
    });
    static CELLS: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(
            r"(?i)\bin[- ]vitro\b|\bcell lines?\b|\bcancer cells\b|\bcultured\b",
        )
        .expect("valid")
    });
    [
        (&*RAT, "rat"),
        (&*MOUSE, "mouse"),
        (&*HUMAN, "human"),
        (&*CELLS, "cells"),
    ]
    .into_iter()
    .find_map(|(re, species)| re.find(text).map(|m| (species.to_string(), m.start())))
}

/// Female, male or mixed, from the words naming the participants.
#[must_use]
pub fn sex(text: &str) -> Option<Sex> {
    sex_at(text).map(|(s, _)| s)
}

/// `sex`, with where the first word that told it stands.
fn sex_at(text: &str) -> Option<(Sex, usize)> {
    static FEMALE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(
            r"(?i)\b(?:women|woman|girls|females?|mothers|postmenopausal|premenopausal)\b",
        )
        .expect("valid")
    });
    static MALE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\b(?:men|man|boys|males?)\b").expect("valid")
    });
    let female = FEMALE.find(text).map(|m| m.start());
    let male = MALE.find(text).map(|m| m.start());
    match (female, male) {
        (Some(f), Some(m)) => Some((Sex::Mixed, f.min(m))),
        (Some(f), None) => Some((Sex::Female, f)),
        (None, Some(m)) => Some((Sex::Male, m)),
        (None, None) => None,
    }
}

/// The condition a counted group was diagnosed with, later in its sentence.
static DIAGNOSED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:diagnosed with|suffering from|with a diagnosis of)\s+([\w'-]+(?:\s+[\w'-]+){0,4}?)\s*(?:[(.,;:]|\band\b|\bwho\b|$)")
        .expect("diagnosed pattern is valid")
});

/// Sentences that say who was studied, searched first for a description.
static WHO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:studied|focus(?:ed|ing) on|enrolled|recruited|targeted|consisted of|participants were|included)\b")
        .expect("who pattern is valid")
});

/// A short phrase naming who was studied, preferring the counted group.
#[must_use]
pub fn description(text: &str) -> Option<String> {
    description_in(&crate::extract::sentences::split(text)).map(|(d, _)| d)
}

/// `description`, with where in the passage its words stand.
fn description_in(
    sentences: &[crate::extract::sentences::Sentence<'_>],
) -> Option<(String, usize)> {
    for s in sentences {
        if let Some(c) = COUNT.captures(s.text) {
            let group = crate::text::squash(&c[2]);
            let (start, end) = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            let described = match DIAGNOSED.captures(&s.text[end..]) {
                Some(d) => format!("{group} with {}", crate::text::squash(&d[1])),
                None => group,
            };
            return Some((described, s.start + start));
        }
    }
    let who = sentences.iter().filter(|s| WHO.is_match(s.text));
    let rest = sentences.iter().filter(|s| !WHO.is_match(s.text));
    who.chain(rest).find_map(|s| {
        let m = DESCRIPTION.find(s.text)?;
        let phrase = trim_function_words(&crate::text::squash(m.as_str()));
        Some((
            with_modifiers(&s.text[..m.start()], &phrase),
            s.start + m.start(),
        ))
    })
}

/// Up to two words right before a phrase that qualify it ("kidney stone
/// patients", "steroid-fed mice"), but not verbs or function words.
fn with_modifiers(before: &str, phrase: &str) -> String {
    const FUNCTION: &[&str] = &[
        "a",
        "an",
        "the",
        "and",
        "or",
        "in",
        "of",
        "for",
        "on",
        "at",
        "to",
        "with",
        "by",
        "from",
        "among",
        "all",
        "both",
        "these",
        "those",
        "their",
        "our",
        "its",
        "some",
        "many",
        "most",
        "especially",
        "may",
        "might",
        "can",
        "could",
        "will",
        "would",
        "should",
        "help",
        "helps",
        "took",
        "take",
        "takes",
        "gave",
        "give",
        "had",
        "has",
        "have",
        "did",
        "does",
        "do",
        "than",
        "who",
        "which",
        "that",
        "also",
        "not",
        "only",
        "into",
        "between",
        "about",
        "over",
        "under",
        "after",
        "before",
        "during",
        "including",
        "such",
        "as",
        "was",
        "were",
        "is",
        "are",
    ];
    let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    let mut kept: Vec<&str> = Vec::new();
    for w in words {
        let lower = w.to_lowercase();
        let clean = w.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !clean
            || FUNCTION.contains(&lower.as_str())
            || lower.ends_with("ing")
            || lower.ends_with("ly")
            || (lower.ends_with("ed") && !lower.contains('-'))
        {
            break;
        }
        kept.push(w);
    }
    kept.reverse();
    kept.push(phrase);
    kept.join(" ")
}

/// Drops function words a greedy phrase match may end on ("… with X a").
fn trim_function_words(phrase: &str) -> String {
    const FUNCTION: &[&str] = &[
        "a", "an", "the", "and", "or", "in", "of", "for", "on", "at", "to", "was", "were", "is",
        "are", "who", "that", "with", "had", "have",
    ];
    let mut words: Vec<&str> = phrase.split(' ').collect();
    while words
        .last()
        .is_some_and(|w| FUNCTION.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&COUNT);
    LazyLock::force(&N_EQUALS);
    LazyLock::force(&DESCRIPTION);
    age::warm();
    LazyLock::force(&DIAGNOSED);
    LazyLock::force(&WHO);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn species_and_sex() {
        let cases = [
            ("bone loss in ovariectomized rats", Some("rat"), None),
            ("older women and men", Some("human"), Some(Sex::Mixed)),
            (
                "healthy postmenopausal women",
                Some("human"),
                Some(Sex::Female),
            ),
            ("boys playing football", Some("human"), Some(Sex::Male)),
            ("growth of cultured cancer cells", Some("cells"), None),
        ];
        for (text, species_want, sex_want) in cases {
            assert_eq!(species(text).as_deref(), species_want, "{text}");
            assert_eq!(sex(text), sex_want, "{text}");
        }
    }

    #[test]
    fn description_is_a_phrase_from_the_text() {
        assert_eq!(
            description("We enrolled 52 older adults with type 2 diabetes").as_deref(),
            Some("older adults")
        );
        let cases = [
            (
                "It helped postmenopausal women with osteopenia.",
                "postmenopausal women with osteopenia",
            ),
            (
                "Kidney stone patients were treated.",
                "Kidney stone patients",
            ),
            (
                "Zinc helped everyone. The study focused on people at risk of colds.",
                "people at risk of colds",
            ),
            (
                "Bone grew in the femur of steroid-fed mice",
                "steroid-fed mice",
            ),
            (
                "It enrolled older men and postmenopausal women aged 50-60",
                "older men and postmenopausal women",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(description(text).as_deref(), Some(want), "{text}");
        }
    }
}
