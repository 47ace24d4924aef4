//! Doses: amount, unit, how often, and the nutrient (and its form) they are
//! of, in either order ("200 mcg menaquinone-4", "MK-4 at a dose of 90 mcg
//! per day", "zinc (30mg)").
//!
//! A dose in a sentence that recommends or tells a personal anecdote is not a
//! study's dose, so such sentences are skipped.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::sentences;
use crate::study::{Dose, Unit};
use crate::vocabulary::Vocabulary;

static DOSE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)(?:^|[^\w.,])(\d{1,3}(?:[ ,]\d{3})+|\d+(?:\.\d+)?)\s*-?\s*",
        r"(mcg|µg|μg|ug|micrograms?|mg|milligrams?|grams?|g|IU|I\.U\.|international units)\b",
        r"(?:\s*(?:/|per|a|an|each|every)\s*(day|d|week|wk|month|year)\b|\s+(daily|weekly|monthly|once a day|once a week|once daily))?",
    ))
    .expect("dose pattern is valid")
});

/// Numbers listed right before a dose ("1, 3 or " in "1, 3 or 6 grams").
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?:^|[^\w.,])((?:\d+(?:\.\d+)?\s*(?:,\s*(?:and\s+|or\s+)?|,?\s+(?:and|or)\s+))+)$",
    )
    .expect("listed pattern is valid")
});

/// How often, written after the nutrient ("500 mg zinc daily").
static FREQUENCY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:daily|weekly|monthly|(?:per|a|each|every|once a) (?:day|week|month)|/(?:day|d|week|wk))\b")
        .expect("frequency pattern is valid")
});

/// What may stand between a dose and the nutrient it is of ("dose of").
static DOSE_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:(?:daily |weekly )?(?:dose|doses|supplements?|supplementation|capsules?|tablets?)\s+)?(?:of\s+)?$")
        .expect("dose-of pattern is valid")
});

/// Sentences whose numbers are advice or anecdote, not a study's.
static NOT_A_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i:\brecommend(?:s|ed)?\b|\bsays\b|\bsaid\b|\bper serving\b|\bmy\b|\bshould take\b|\btalk to your\b|\bprices?\b)|\bI\b|\$|€|£")
        .expect("advice pattern is valid")
});

/// Personal anecdotes and someone's recommendation to people: not a study
/// at all (unlike "is not recommended for", which reports a conclusion).
static ANECDOTE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"\bI\b|(?i:\bmy\b|\bwe recommend\b|\brecommend(?:s|ed)? (?:that|people|patients|you|everyone|taking|to)\b|\$|€|£|\bprices?\b)")
        .expect("anecdote pattern is valid")
});

/// True for a sentence that tells an anecdote or recommends something to
/// people: nobody's study evidence.
#[must_use]
pub fn is_advice_or_anecdote(sentence: &str) -> bool {
    ANECDOTE.is_match(sentence)
}

/// Every dose stated in `text`, with the nutrient it is of.
#[must_use]
pub fn find(text: &str, vocab: &Vocabulary) -> Vec<Dose> {
    let sentences = sentences::split(text);
    let mentions: Vec<_> = sentences
        .iter()
        .map(|s| vocab.nutrients_in(s.text))
        .collect();
    find_in(&sentences, &mentions)
}

/// `find` over a passage already split into sentences, with the nutrients
/// each sentence mentions.
pub(crate) fn find_in(
    sentences: &[sentences::Sentence<'_>],
    mentions: &[Vec<crate::vocabulary::Mention<'_>>],
) -> Vec<Dose> {
    let mut out: Vec<Dose> = Vec::new();
    let mut last_nutrient: Option<String> = None;
    for (s, mentions) in sentences.iter().zip(mentions) {
        if !s.text.bytes().any(|b| b.is_ascii_digit()) {
            // a dose needs a digit: such a sentence only passes on the
            // nutrient it names, as below
            if let Some(m) = mentions.last()
                && !NOT_A_STUDY.is_match(s.text)
            {
                last_nutrient = Some(m.canonical.to_string());
            }
            continue;
        }
        if NOT_A_STUDY.is_match(s.text) {
            continue;
        }
        for c in DOSE.captures_iter(s.text) {
            let (Some(num), Some(unit)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let Some(amount) = amount(num.as_str()) else {
                continue;
            };
            let Some(unit_value) = unit_of(unit.as_str()) else {
                continue;
            };
            let end = c.get(0).map_or(unit.end(), |m| m.end());
            let end = close_paren(s.text, end);
            let per = c.get(3).or(c.get(4)).map(|p| per_of(p.as_str()));
            let (nutrient, form, span_start, span_end) =
                nutrient_near(s.text, mentions, num.start(), end);
            let nutrient = nutrient.or_else(|| last_nutrient.clone());
            let (per, span_end) = match (per, FREQUENCY.find(&s.text[span_end..])) {
                (None, Some(m)) => (Some(per_of(m.as_str())), span_end + m.end()),
                (per, _) => (per, span_end),
            };
            let text = s.text[span_start..span_end].trim().to_string();
            // "1, 3 or 6 grams a day": every number of the list is a dose
            let listed = LISTED
                .captures(&s.text[..num.start()])
                .map(|c| c[1].to_string())
                .unwrap_or_default();
            let amounts = listed
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter_map(|n| n.parse::<f64>().ok())
                .chain(std::iter::once(amount));
            for amount in amounts {
                let dose = Dose {
                    nutrient: nutrient.clone(),
                    form: form.clone(),
                    amount,
                    unit: unit_value,
                    per: per.clone(),
                    text: text.clone(),
                };
                if !out.iter().any(|d| same(d, &dose)) {
                    out.push(dose);
                }
            }
        }
        if let Some(m) = mentions.last() {
            last_nutrient = Some(m.canonical.to_string());
        }
    }
    out
}

/// "K2 (15 mg per day)": the quoted span keeps the bracket it opened.
fn close_paren(sentence: &str, end: usize) -> usize {
    let before = &sentence[..end];
    let open = before.rfind('(');
    let close = before.rfind(')');
    let unclosed = match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    };
    if unclosed && sentence[end..].trim_start().starts_with(')') {
        end + sentence[end..].find(')').map_or(0, |i| i + 1)
    } else {
        end
    }
}

fn same(a: &Dose, b: &Dose) -> bool {
    (a.amount - b.amount).abs() < f64::EPSILON && a.unit == b.unit && a.nutrient == b.nutrient
}

fn amount(s: &str) -> Option<f64> {
    s.replace([' ', ','], "").parse().ok()
}

fn unit_of(s: &str) -> Option<Unit> {
    let l = s.to_lowercase();
    Some(match l.as_str() {
        "mcg" | "µg" | "μg" | "ug" | "microgram" | "micrograms" => Unit::Mcg,
        "mg" | "milligram" | "milligrams" => Unit::Mg,
        "g" | "gram" | "grams" => Unit::G,
        "iu" | "i.u." | "international units" => Unit::Iu,
        _ => return None,
    })
}

fn per_of(s: &str) -> String {
    let l = s.to_lowercase();
    if l.contains("week") || l == "wk" {
        "week".into()
    } else if l.contains("month") {
        "month".into()
    } else if l.contains("year") {
        "year".into()
    } else {
        "day".into()
    }
}

/// The nutrient a dose is of: a name right after it ("25 mcg cholecalciferol"),
/// else the nearest one before it in the sentence ("MK-4 at a dose of …").
/// Returns the canonical name, the form as written, and the span to quote.
fn nutrient_near(
    sentence: &str,
    mentions: &[crate::vocabulary::Mention<'_>],
    start: usize,
    end: usize,
) -> (Option<String>, Option<String>, usize, usize) {
    let after = mentions
        .iter()
        .find(|m| m.start >= end && DOSE_OF.is_match(&sentence[end..m.start]));
    if let Some(m) = after {
        let written = &sentence[m.start..m.end];
        return (
            Some(m.canonical.to_string()),
            form_of(written, m.canonical),
            start,
            m.end,
        );
    }
    let before = mentions.iter().rev().find(|m| m.end <= start);
    match before {
        Some(m) => {
            let written = &sentence[m.start..m.end];
            let span_start = if start - m.end <= 40 { m.start } else { start };
            (
                Some(m.canonical.to_string()),
                form_of(written, m.canonical),
                span_start,
                end,
            )
        }
        None => (None, None, start, end),
    }
}

/// The form a nutrient was written in, when the words name one
/// (menaquinone-4, MK-4, cholecalciferol) rather than the nutrient itself.
#[must_use]
pub fn form_of(written: &str, canonical: &str) -> Option<String> {
    let lower = written.to_lowercase();
    if lower == canonical.to_lowercase()
        || written.chars().count() <= 3
        || lower.starts_with("vit")
        || lower == "menaquinone"
        || lower == "menaquinones"
    {
        return None;
    }
    if let Some(rest) = lower.strip_prefix("mk") {
        return Some(format!("MK{}", rest.replace(' ', "-")));
    }
    Some(written.to_string())
}

/// Builds this module's patterns now (see `extract::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&DOSE);
    LazyLock::force(&LISTED);
    LazyLock::force(&FREQUENCY);
    LazyLock::force(&DOSE_OF);
    LazyLock::force(&NOT_A_STUDY);
    LazyLock::force(&ANECDOTE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Dose {
        let v = Vocabulary::builtin();
        let d = find(text, &v);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn doses_with_nutrient_and_form_in_either_order() {
        type Case<'a> = (
            &'a str,
            f64,
            Unit,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: &[Case<'_>] = &[
            (
                "They took 200 mcg menaquinone-4.",
                200.0,
                Unit::Mcg,
                Some("vitamin K2"),
                Some("menaquinone-4"),
                None,
            ),
            (
                "with vitamin D3 (25 mcg cholecalciferol) at night",
                25.0,
                Unit::Mcg,
                Some("vitamin D3"),
                Some("cholecalciferol"),
                None,
            ),
            (
                "MK-4 at a dose of 90 mcg per day helped.",
                90.0,
                Unit::Mcg,
                Some("vitamin K2"),
                Some("MK-4"),
                Some("day"),
            ),
            (
                "Low dose K2 (15 mg per day) was given",
                15.0,
                Unit::Mg,
                Some("vitamin K2"),
                None,
                Some("day"),
            ),
            (
                "Participants got 1 000 IU per week of vitamin D.",
                1000.0,
                Unit::Iu,
                Some("vitamin D"),
                None,
                Some("week"),
            ),
            (
                "zinc (30mg) with meals",
                30.0,
                Unit::Mg,
                Some("zinc"),
                None,
                None,
            ),
            (
                "the 2-gram/day dose of fish oil",
                2.0,
                Unit::G,
                Some("omega-3"),
                Some("fish oil"),
                Some("day"),
            ),
            (
                "magnesium 250µg daily",
                250.0,
                Unit::Mcg,
                Some("magnesium"),
                None,
                Some("day"),
            ),
            (
                "folate at 3,500 IU/day",
                3500.0,
                Unit::Iu,
                Some("folate"),
                None,
                Some("day"),
            ),
        ];
        for (text, amount, unit, nutrient, form, per) in cases {
            let d = one(text);
            assert!((d.amount - amount).abs() < 1e-9, "{text}: {d:?}");
            assert_eq!(d.unit, *unit, "{text}");
            assert_eq!(d.nutrient.as_deref(), *nutrient, "{text}");
            assert_eq!(d.form.as_deref(), *form, "{text}");
            assert_eq!(d.per.as_deref(), *per, "{text}");
        }
    }

    #[test]
    fn advice_and_anecdotes_give_no_dose() {
        let v = Vocabulary::builtin();
        for text in [
            "Doctors recommended people take 900 mg to 1200 mg daily.",
            "I used to take 500 mg of calcium.",
            "A bottle costs $20 for 60 mg capsules.",
            "The maker says each gummy has 25 mcg of vitamin D3.",
            "It gives 500 mg calcium per serving.",
        ] {
            assert!(find(text, &v).is_empty(), "{text}");
        }
    }

    #[test]
    fn anecdotes_and_recommendations_to_people_are_not_evidence() {
        let cases = [
            ("Doctors recommended people take more zinc.", true),
            ("I remember taking zinc as a child.", true),
            ("Zinc alone is not recommended for colds in adults.", false),
            ("Zinc shortened colds by two days.", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_advice_or_anecdote(text), want, "{text}");
        }
    }

    #[test]
    fn listed_amounts_are_each_a_dose() {
        let v = Vocabulary::builtin();
        let d = find("Groups took zinc (10, 20 or 40 mg a day).", &v);
        let amounts: Vec<f64> = d.iter().map(|d| d.amount).collect();
        assert_eq!(amounts, [10.0, 20.0, 40.0]);
        assert!(
            d.iter()
                .all(|d| d.unit == Unit::Mg && d.per.as_deref() == Some("day"))
        );
        let range = find("Doses of 900 mg to 1200 mg of zinc.", &v);
        assert_eq!(range.len(), 2, "a range names its two ends: {range:?}");
    }

    #[test]
    fn a_dose_without_a_nutrient_takes_the_one_before() {
        let v = Vocabulary::builtin();
        let d = find(
            "Vitamin D was tested. Groups got 600 IU/day or 4,000 IU/day.",
            &v,
        );
        assert_eq!(d.len(), 2);
        assert!((d[1].amount - 4000.0).abs() < 1e-9);
        assert!(d.iter().all(|d| d.nutrient.as_deref() == Some("vitamin D")));
    }
}
