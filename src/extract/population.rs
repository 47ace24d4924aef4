//! Who was studied: the number of participants (only when stated), their
//! ages, species and sex, and a short phrase describing them.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

mod age;
mod description;

/// People named by what they do or what they are to others, whom both the
/// count and the description read as those studied ("30 caregivers",
/// "community-based pediatricians"); "youth" is plural as written.
pub(crate) const ROLES: &[&str] = &[
    "clients",
    "caregivers",
    "carers",
    "spouses",
    "speakers",
    "clinicians",
    "pediatricians",
    "paediatricians",
    "practitioners",
    "pharmacists",
    "dentists",
    "surgeons",
    "midwives",
    "dietitians",
    "teachers",
    "consumers",
    "prisoners",
    "inmates",
    "sufferers",
    "youth",
];

/// Endings of nouns that name people by a condition ("hypertensives",
/// "diabetics", "asthmatics", "alcoholics"): a study's subjects, for its
/// head count and for its description alike.
pub(crate) const CONDITION_NOUN_ENDINGS: &[&str] =
    &["tensives", "betics", "thmatics", "holics", "leptics"];

use crate::extract::provenance::{Field, Places};
use crate::study::{Population, Sex};

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
    let described = description::choose(sentences, n.map(|(_, at)| at));
    // the group described is the group studied: its noun tells the species
    // and its words the sex, before any other mention in the passage
    let species = described
        .as_ref()
        .map(|d| (d.species.to_string(), d.at))
        .or_else(|| mentioned_species_at(text))
        .or_else(|| clinical_trial_at(text));
    record(Field::Species, species.as_ref().map(|(_, at)| *at));
    let sex = described
        .as_ref()
        .and_then(|d| sex_of_described(d, sentences))
        .or_else(|| sex_at(text));
    record(Field::Sex, sex.map(|(_, at)| at));
    // a group named by a noun the description does not know ("40 eyes",
    // "120 households"), as the count reads it
    let description = described.map(|d| (d.text, d.at)).or_else(|| {
        let (_, at) = n?;
        Some((crate::extract::sample_size::counted_group(text, at)?, at))
    });
    record(Field::Description, description.as_ref().map(|(_, at)| *at));
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

/// The species studied: that of the group the text describes, else of the
/// first animals or people it mentions.
#[must_use]
pub fn species(text: &str) -> Option<String> {
    description::choose(&crate::extract::sentences::split(text), None)
        .map(|d| d.species.to_string())
        .or_else(|| mentioned_species_at(text).map(|(s, _)| s))
}

/// The first species a passage mentions, animals before people, with where
/// the word that told it stands.
fn mentioned_species_at(text: &str) -> Option<(String, usize)> {
    static RAT: LazyLock<Rule> =
        LazyLock::new(|| crate::extract::pattern(r"(?i)\brats?\b|\brat model").expect("valid"));
    static MOUSE: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\bmice\b|\bmouse\b|\bmurine\b").expect("valid")
    });
    static HUMAN: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\b(?:patients|women|men|children|girls|boys|adults|participants|volunteers|infants|toddlers|adolescents|people|humans?|preschoolers|subjects)\b")
            .expect("valid")
    });
    static ZEBRAFISH: LazyLock<Rule> =
        LazyLock::new(|| crate::extract::pattern(r"(?i)\bzebrafish\b").expect("valid"));
    static CELLS: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(
            r"(?i)\bin[- ]vitro\b|\bcell lines?\b|\bcancer cells\b|\bcultured\b",
        )
        .expect("valid")
    });
    [
        (&*RAT, "rat"),
        (&*MOUSE, "mouse"),
        (&*ZEBRAFISH, "zebrafish"),
        (&*HUMAN, "human"),
        (&*CELLS, "cells"),
    ]
    .into_iter()
    .find_map(|(re, species)| re.find(text).map(|m| (species.to_string(), m.start())))
}

/// The sex of a described group that names one, read from its whole
/// sentence so that "women (12 men, 30 women)" or "men and women" is mixed.
fn sex_of_described(
    d: &description::Described,
    sentences: &[crate::extract::sentences::Sentence<'_>],
) -> Option<(Sex, usize)> {
    sex_at(&d.text)?;
    let s = sentences
        .iter()
        .find(|s| s.start <= d.at && d.at < s.start + s.text.len())?;
    sex_at(s.text).map(|(sex, _)| (sex, d.at))
}

/// "a review of 40 clinical trials": trials in people, though none is named.
fn clinical_trial_at(text: &str) -> Option<(String, usize)> {
    static CLINICAL: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\bclinical\s+(?:trials?|stud(?:y|ies))\b").expect("valid")
    });
    CLINICAL
        .find(text)
        .map(|m| ("human".to_string(), m.start()))
}

/// Female, male or mixed, from the words naming the participants.
#[must_use]
pub fn sex(text: &str) -> Option<Sex> {
    sex_at(text).map(|(s, _)| s)
}

/// `sex`, with where the first word that told it stands.
fn sex_at(text: &str) -> Option<(Sex, usize)> {
    static FEMALE: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(
            r"(?i)\b(?:women|woman|girls|females?|mothers|postmenopausal|premenopausal)\b",
        )
        .expect("valid")
    });
    static MALE: LazyLock<Rule> = LazyLock::new(|| {
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

/// A short phrase naming who was studied (see `description`).
#[must_use]
pub fn description(text: &str) -> Option<String> {
    description::choose(&crate::extract::sentences::split(text), None).map(|d| d.text)
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    age::warm();
    description::warm();
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
    fn clinical_trials_are_trials_in_people() {
        let species = |text: &str| find(text).species;
        assert_eq!(
            species("A review of 40 clinical trials of fish oil.").as_deref(),
            Some("human")
        );
        assert_eq!(species("See the clinicaltrials registry."), None);
    }
}
