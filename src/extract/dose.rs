//! Doses: amount, unit, how often, and the nutrient (and its form) they are
//! of, in either order ("200 mcg menaquinone-4", "MK-4 at a dose of 90 mcg
//! per day", "zinc (30mg)", "five milligrams of vitamin K1").
//!
//! Every number of a sentence (from `number`) with a unit after it is a
//! candidate; numbers listed before one ("10, 20 or 40 mg", "80 to 91 mg")
//! share its unit. The words before a candidate say whose amount it is: an
//! intake measured in a diet or cohort, a recommendation, a blood level or
//! a product's content is nobody's dose, and a sentence that recommends or
//! tells a personal anecdote gives none. Each candidate is judged from a
//! bounded window, and nutrients are found by binary search, so the work is
//! linear (n log n) in the text.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::extract::number::{self, Number};
use crate::extract::sentences;
use crate::extract::{text_after, text_before};
use crate::study::{Dose, Unit};
use crate::vocabulary::{Mention, Vocabulary};

/// A unit right after an amount ("mg", " micrograms", "-gram", "IU").
static UNIT: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)^\s{0,2}-?\s{0,2}(mcg|µg|μg|ug|micrograms?|milligrams?|mg|grams?|g|IU|I\.U\.|international units?|units?)",
        r"(?:$|[^\w/]|/\s?(?:day|d|wk|week|month)\b)",
    ))
    .expect("unit pattern is valid")
});

/// How often, right after the unit or the nutrient ("500 mg zinc daily",
/// "170 mg twice daily", "three times weekly").
static FREQUENCY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)^\s*(?:(?:once|twice|three times|four times|\d times)\s+(?:a\s+|per\s+|each\s+)?)?",
        r"(daily|weekly|monthly|(?:per|a|each|every|/)\s*(?:day|d|week|wk|month)\b)",
    ))
    .expect("frequency pattern is valid")
});

/// How often, said just before the amount ("received daily 360 µg",
/// "treated daily with 1500 mg").
static FREQUENCY_BEFORE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\b(daily|weekly|monthly|once a day|twice a day|each day|every day|per day|a day)\s+(?:with\s+|of\s+)?$",
    )
    .expect("frequency-before pattern is valid")
});

/// How often, said later in the clause that gives the amount: after the
/// other arms and the placebo ("10 g of A, 10 g of B, or a placebo daily").
static FREQUENCY_LATER: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\b(?:once|twice|three times|four times)?\s*(daily|weekly|monthly|(?:per|a|each|every)\s+(?:day|week|month))\b",
    )
    .expect("later frequency pattern is valid")
});

/// Words after which a frequency no longer speaks of the amount before
/// them: a new clause, or a later step of the regimen.
const CLAUSE_TURNS: &[&str] = &[
    ";",
    " while ",
    " whereas ",
    " but ",
    " then ",
    " after ",
    "followed by",
    " later",
];

/// What may stand between a dose and the nutrient it is of ("dose of").
static DOSE_OF: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:(?:daily |weekly )?(?:doses?|dosages?|supplements?|supplementation|capsules?|tablets?)\s+)?(?:of\s+)?(?:(?:elemental|supplemental|oral|synthetic|natural)\s+)?$")
        .expect("dose-of pattern is valid")
});

/// Sentences whose numbers are advice or anecdote, not a study's.
static NOT_A_STUDY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i:\brecommend(?:s|ed)?\b|\bsays\b|\bsaid\b|\bper serving\b|\bmy\b|\bshould take\b|\btalk to your\b|\bprices?\b)|\bI\b|\$|€|£")
        .expect("advice pattern is valid")
});

/// Personal anecdotes and someone's recommendation to people: not a study
/// at all (unlike "is not recommended for", which reports a conclusion).
static ANECDOTE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\bI\b|(?i:\bmy\b|\bwe recommend\b|\brecommend(?:s|ed)? (?:that|people|patients|you|everyone|taking|to)\b|\$|€|£|\bprices?\b)")
        .expect("anecdote pattern is valid")
});

/// Words just before an amount that make it something other than a dose
/// given in a study: what people ate or have in their blood, what is
/// advised, what a food or product holds.
const NOT_GIVEN: &[&str] = &[
    "intake",
    "consum",
    " ate ",
    "eating",
    " eat ",
    "average",
    "mean ",
    "median",
    "quintile",
    "quartile",
    "tertile",
    "recommend",
    "allowance",
    "upper limit",
    "upper level",
    "guideline",
    "status",
    " level",
    "concentration",
    "serum",
    "plasma",
    "blood",
    "urin",
    "excret",
    "contains",
    "contained",
    "content",
    "provides",
    "found in",
];

/// What after a unit makes the amount a concentration or a dose per body
/// weight, which `Dose` cannot state ("125 µg/L", "1 mg/kg").
const A_CONCENTRATION: &[&str] = &[
    // per square metre of body surface, or per kilogram, written as powers
    " m-2",
    " m(-2)",
    "/m2",
    "/m²",
    "/m(2)",
    " kg-1",
    " kg(-1)",
    "/l",
    "/dl",
    "/ml",
    "/kg",
    "per litre",
    "per liter",
    "per kg",
    "per decilitre",
    "per deciliter",
    "/ kg",
    "/ l",
];

/// How far before an amount its context is read, in bytes.
const CONTEXT: usize = 48;

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
        .into_iter()
        .map(|(dose, _)| dose)
        .collect()
}

/// An amount with its unit, found in a sentence.
struct Amount {
    number: Number,
    unit: Unit,
    /// Where the unit (and its own "/day") ends.
    end: usize,
    /// "per day" written with the unit.
    per: Option<String>,
}

/// A dose and the bytes of its sentence it was read from.
#[derive(Clone)]
struct Found {
    dose: Dose,
    start: usize,
    end: usize,
}

/// `find` over a passage already split into sentences, with the nutrients
/// each sentence mentions; each dose with where in the passage it stands.
pub(crate) fn find_in(
    sentences: &[sentences::Sentence<'_>],
    mentions: &[Vec<Mention<'_>>],
) -> Vec<(Dose, usize)> {
    let mut out: Vec<(Dose, usize)> = Vec::new();
    let mut seen = HashMap::new();
    let mut last_nutrient: Option<String> = None;
    for (s, mentions) in sentences.iter().zip(mentions) {
        let advice = NOT_A_STUDY.is_match(s.text);
        if !advice {
            for found in doses_in(s.text, mentions, last_nutrient.as_deref()) {
                let mut dose = found.dose;
                dose.text = s.text[found.start..found.end].trim().to_string();
                let key = (
                    dose.amount.to_bits(),
                    dose.unit as u8,
                    dose.nutrient.clone(),
                );
                match seen.entry(key) {
                    Entry::Vacant(e) => {
                        e.insert(out.len());
                        out.push((dose, s.start + found.start));
                    }
                    // a dose told again may say how often where it did not
                    Entry::Occupied(e) if out[*e.get()].0.per.is_none() => {
                        out[*e.get()].0.per = dose.per;
                    }
                    Entry::Occupied(_) => {}
                }
            }
        }
        if let Some(m) = mentions.last()
            && !advice
        {
            last_nutrient = Some(m.canonical.to_string());
        }
    }
    out
}

/// The doses of one sentence, in order. Numbers listed before an amount
/// ("10, 20 or 40 mg", "80 to 91 mg/day of zinc") are doses of what it is.
fn doses_in(sentence: &str, mentions: &[Mention<'_>], last: Option<&str>) -> Vec<Found> {
    let numbers = number::find(sentence);
    let mut found: Vec<Option<Found>> = vec![None; numbers.len()];
    let mut with_unit = vec![false; numbers.len()];
    let mut previous: Option<(usize, bool)> = None;
    for (i, n) in numbers.iter().enumerate() {
        let Some(a) = unit_after(sentence, n) else {
            continue;
        };
        with_unit[i] = true;
        let is_given = match previous {
            // the far end of a range or list is judged with its near end
            // ("at least 25 g to 29 g")
            Some((end, was_given)) if listed(&sentence[end..n.start]) => was_given,
            Some((end, _)) => given(sentence, end, &a),
            None => given(sentence, 0, &a),
        };
        if is_given {
            found[i] = Some(dose_of(sentence, mentions, &a, last));
        }
        previous = Some((a.end, is_given));
    }
    for i in (0..numbers.len().saturating_sub(1)).rev() {
        if with_unit[i]
            || !listed(&sentence[numbers[i].end..numbers[i + 1].start])
            || labelled(sentence, &numbers[i])
        {
            continue;
        }
        if let Some(next) = found[i + 1].clone() {
            with_unit[i] = true;
            let mut listed = next;
            listed.dose.amount = numbers[i].value;
            listed.start = listed.start.min(numbers[i].start);
            found[i] = Some(listed);
        }
    }
    let mut found: Vec<Found> = found.into_iter().flatten().collect();
    share_trailing_frequency(sentence, &mut found);
    found
}

/// "800 mg of calcium and 10 mcg of vitamin D every day": a frequency told
/// once at the end of a list of doses is how often each of them was given.
/// Only doses joined as a list share it ("a single 600 mg dose, then 100
/// mg daily" does not), and only when the sentence tells one frequency.
fn share_trailing_frequency(sentence: &str, found: &mut [Found]) {
    let mut pers = found.iter().filter_map(|f| f.dose.per.as_deref());
    let Some(per) = pers.next() else {
        return;
    };
    if pers.any(|p| p != per) {
        return;
    }
    let per = per.to_string();
    let first_told = found.iter().position(|f| f.dose.per.is_some()).unwrap_or(0);
    let joined = |i: usize| {
        let gap = sentence
            .get(found[i].end..found[i + 1].start)
            .unwrap_or("x")
            .trim()
            .to_ascii_lowercase();
        matches!(
            gap.as_str(),
            "" | "," | "and" | ", and" | "or" | "plus" | "with" | "and/or" | "as well as"
        )
    };
    // the list must run unbroken up to the dose that tells how often
    let Some(from) = (0..first_told).rev().take_while(|&i| joined(i)).last() else {
        return;
    };
    for f in &mut found[from..first_told] {
        f.dose.per = Some(per.clone());
    }
}

/// "at the end of week 2 and 503 mg/day": a number after a label word
/// names a week, a group or a stage, and lists no amount.
fn labelled(sentence: &str, n: &Number) -> bool {
    let before = text_before(sentence, n.start, 16).to_ascii_lowercase();
    before
        .split_whitespace()
        .next_back()
        .is_some_and(|w| super::sample_size::LABELS.contains(&w) || w == "weeks" || w == "days")
}

/// The words between two amounts of one list or range.
fn listed(gap: &str) -> bool {
    matches!(
        gap.trim(),
        "," | "or" | "and" | ", or" | ", and" | "to" | "-" | "–" | "—" | "and/or"
    )
}

/// The unit right after `n`, if any, and a "per day" glued to it.
fn unit_after(sentence: &str, n: &Number) -> Option<Amount> {
    let rest = &sentence[n.end..];
    let c = UNIT.captures(text_after(rest, 0, 40))?;
    let written = c.get(1)?;
    if n.in_words && written.as_str().len() <= 3 {
        // "five mg" is not how anyone writes; "five milligrams" is
        return None;
    }
    let unit = unit_of(written.as_str())?;
    if unit == Unit::G && n.value >= 1000.0 {
        // "infants (2,000-2,500 g)": a body weight; nobody is given a
        // supplement by the kilogram
        return None;
    }
    let end = n.end + written.end();
    let after = text_after(sentence, end, 16).to_ascii_lowercase();
    if A_CONCENTRATION.iter().any(|w| after.starts_with(w)) {
        return None;
    }
    let (per, end) = match FREQUENCY.captures(text_after(sentence, end, 40)) {
        Some(f) => (Some(per_of(&f[1])), end + f.get(0).map_or(0, |m| m.end())),
        None => (None, end),
    };
    Some(Amount {
        number: *n,
        unit,
        end,
        per,
    })
}

/// Whether the words before an amount, back to the amount before it or
/// the start of its clause, let it be a dose someone was given. A closed
/// bracket between speaks of something else ("400 IU (the current
/// recommendation) or 2,000 IU").
fn given(sentence: &str, previous_end: usize, a: &Amount) -> bool {
    let near = text_before(sentence, a.number.start, CONTEXT);
    // nothing before the amount told just before it
    let near = &near[near
        .len()
        .saturating_sub(a.number.start.saturating_sub(previous_end))..];
    let mut before = String::from(" ");
    let mut open = None;
    for c in near.chars() {
        match c {
            '(' => open = Some(before.len()),
            ')' => {
                if let Some(at) = open.take() {
                    before.truncate(at);
                }
            }
            ',' | ';' => before.truncate(1),
            _ => before.push(c.to_ascii_lowercase()),
        }
    }
    !NOT_GIVEN.iter().any(|w| before.contains(w))
}

/// The dose an amount states: with the nutrient named right after it, else
/// the nearest one before it in the sentence, else the passage's last.
fn dose_of(sentence: &str, mentions: &[Mention<'_>], a: &Amount, last: Option<&str>) -> Found {
    let start = a.number.start;
    let end = close_paren(sentence, a.end);
    let after = mentions.partition_point(|m| m.start < end);
    let named_after = mentions.get(after).filter(|m| {
        // an aside in brackets stands between as well ("340 mg (170 mg
        // twice daily) of magnesium")
        let gap = without_brackets(&sentence[end..m.start]);
        gap.len() <= 40 && DOSE_OF.is_match(&gap)
    });
    let before = mentions.partition_point(|m| m.end <= start);
    let named_before = before.checked_sub(1).map(|i| &mentions[i]);
    let (mention, span_start, span_end) = match (named_after, named_before) {
        (Some(m), _) => (Some(m), start, m.end),
        (None, Some(m)) => {
            let near = start - m.end <= 40;
            (Some(m), if near { m.start } else { start }, end)
        }
        (None, None) => (None, start, end),
    };
    let mut per = a.per.clone();
    let mut span_end = span_end;
    if per.is_none() {
        let rest = &sentence[span_end..];
        if let Some(f) = FREQUENCY.captures(text_after(rest, 0, 40)) {
            per = Some(per_of(&f[1]));
            span_end += f.get(0).map_or(0, |m| m.end());
        }
    }
    if per.is_none() {
        per = FREQUENCY_BEFORE
            .captures(text_before(sentence, start, 24))
            .map(|f| per_of(&f[1]))
            .or_else(|| frequency_later_in_clause(&sentence[span_end..]));
    }
    Found {
        dose: Dose {
            nutrient: mention
                .map(|m| m.canonical.to_string())
                .or_else(|| super::substance::after_dose(&sentence[end..]))
                .or_else(|| super::substance::before_dose(text_before(sentence, start, 40)))
                .or_else(|| last.map(str::to_string)),
            form: mention.and_then(|m| form_of(&sentence[m.start..m.end], m.canonical)),
            amount: a.number.value,
            unit: a.unit,
            per,
            text: String::new(),
        },
        start: span_start,
        end: span_end,
    }
}

/// `text` without what stands in round brackets, when they are balanced.
fn without_brackets(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('(') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth == 0 { out.into() } else { text.into() }
}

/// A frequency the rest of an amount's clause states, within a short reach
/// and before the clause turns to something else.
fn frequency_later_in_clause(rest: &str) -> Option<String> {
    let reach = text_after(rest, 0, 120);
    let f = FREQUENCY_LATER.captures(reach)?;
    let between = reach[..f.get(0)?.start()].to_ascii_lowercase();
    // an amount inside brackets has its clause end where they close
    let leaves_brackets = between
        .find(')')
        .is_some_and(|close| !between[..close].contains('('));
    if leaves_brackets || CLAUSE_TURNS.iter().any(|w| between.contains(w)) {
        return None;
    }
    Some(per_of(&f[1]))
}

/// "K2 (15 mg per day)": the quoted span keeps the bracket it opened.
fn close_paren(sentence: &str, end: usize) -> usize {
    let before = text_before(sentence, end, CONTEXT);
    let unclosed = match (before.rfind('('), before.rfind(')')) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    };
    let rest = &sentence[end..];
    if unclosed && rest.trim_start().starts_with(')') {
        end + rest.find(')').map_or(0, |i| i + 1)
    } else {
        end
    }
}

fn unit_of(s: &str) -> Option<Unit> {
    let l = s.to_lowercase();
    Some(match l.as_str() {
        "mcg" | "µg" | "μg" | "ug" | "microgram" | "micrograms" => Unit::Mcg,
        "mg" | "milligram" | "milligrams" => Unit::Mg,
        "g" | "gram" | "grams" => Unit::G,
        "iu" | "i.u." | "international unit" | "international units" | "unit" | "units" => Unit::Iu,
        _ => return None,
    })
}

fn per_of(s: &str) -> String {
    let l = s.to_lowercase();
    if l.contains("week") || l.contains("wk") {
        "week".into()
    } else if l.contains("month") {
        "month".into()
    } else {
        "day".into()
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

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&UNIT);
    LazyLock::force(&FREQUENCY);
    LazyLock::force(&FREQUENCY_BEFORE);
    LazyLock::force(&FREQUENCY_LATER);
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
    fn how_often_is_read_around_the_amount_and_its_arms() {
        let v = Vocabulary::builtin();
        let per = |text: &str| -> Vec<Option<String>> {
            find(text, &v).into_iter().map(|d| d.per).collect()
        };
        let day = || Some("day".to_string());
        assert_eq!(
            per("Each woman was treated daily with 250 mg of inositol."),
            [day()]
        );
        assert_eq!(
            per(
                "Volunteers took 3 g of creatine, 5 g of creatine, or a placebo daily for a month."
            ),
            [day(), day()]
        );
        assert_eq!(
            per("Patients took 12 mg zinc or a placebo once a day."),
            [day()]
        );
        // a later step of the regimen says nothing of the first amount
        assert_eq!(
            per("Children took 600 mg calcium at first, then 300 mg calcium daily."),
            [None, day()]
        );
    }

    #[test]
    fn an_aside_in_brackets_does_not_part_a_dose_from_its_nutrient() {
        let v = Vocabulary::builtin();
        let d = find(
            "The arm received 300 milligrams (150 mg at each meal) of magnesium per day.",
            &v,
        );
        assert_eq!(d[0].nutrient.as_deref(), Some("magnesium"));
        assert_eq!((d[0].amount, d[0].per.as_deref()), (300.0, Some("day")));
        // the aside's amount keeps its own frequency, not the clause's
        assert_eq!((d[1].amount, d[1].per.as_deref()), (150.0, None));
        // an amount in brackets before "dosage of" is a dose of what follows
        let d = one("One arm had a high (750mg) dosage of zinc.");
        assert_eq!((d.nutrient.as_deref(), d.amount), (Some("zinc"), 750.0));
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
        let range = find("Lozenges gave 75 to 90 mg/day of elemental zinc.", &v);
        assert_eq!(range.len(), 2, "{range:?}");
        assert!(
            range
                .iter()
                .all(|d| d.nutrient.as_deref() == Some("zinc") && d.per.as_deref() == Some("day"))
        );
    }

    #[test]
    fn amounts_in_words_and_glued_units() {
        let cases: &[(&str, f64, Unit, Option<&str>)] = &[
            (
                "Women took five milligrams of vitamin K1 daily.",
                5.0,
                Unit::Mg,
                Some("day"),
            ),
            (
                "Adults took vitamin E (400 units/day) for a year.",
                400.0,
                Unit::Iu,
                Some("day"),
            ),
            (
                "They got 1.25g/ day of fish oil.",
                1.25,
                Unit::G,
                Some("day"),
            ),
            (
                "It was MK-7, 180ug daily, for three years.",
                180.0,
                Unit::Mcg,
                Some("day"),
            ),
            (
                "They took 150 mg zinc twice daily.",
                150.0,
                Unit::Mg,
                Some("day"),
            ),
            (
                "Iron, 60 mg three times weekly, was given.",
                60.0,
                Unit::Mg,
                Some("week"),
            ),
        ];
        for (text, amount, unit, per) in cases {
            let d = one(text);
            assert!((d.amount - amount).abs() < 1e-9, "{text}: {d:?}");
            assert_eq!(d.unit, *unit, "{text}");
            assert_eq!(d.per.as_deref(), *per, "{text}");
        }
    }

    #[test]
    fn intakes_levels_and_contents_are_nobodys_dose() {
        let v = Vocabulary::builtin();
        for text in [
            "Those with the highest zinc intake (14 mg) had fewer colds.",
            "People who ate at least 3 grams of fibre a day lived longer.",
            "Diets with an intake of 10g to 12g or more of fibre a day did best.",
            "Serum selenium rose to 130 µg/L in the treated group.",
            "The children weighed more than before and got iron 2 mg/kg.",
            "One orange provides 70 mg of vitamin C.",
            "The guideline upper limit is 4,000 IU of vitamin D.",
            "We enrolled small infants (1,800-2,400 g) given zinc.",
            "Cycles gave zinc 300 mg m-2 and 40 mg/m2 on day 1.",
        ] {
            assert!(find(text, &v).is_empty(), "{text}: {:?}", find(text, &v));
        }
    }

    #[test]
    fn a_number_after_a_label_lists_no_amount() {
        let amounts = |text: &str| {
            find(text, &Vocabulary::builtin())
                .into_iter()
                .map(|d| d.amount)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            amounts("Zinc doses were raised by week 3 and 40 mg/day by the end."),
            [40.0]
        );
        assert_eq!(amounts("Zinc was given at 3 and 40 mg/day."), [3.0, 40.0]);
    }

    #[test]
    fn a_remark_in_brackets_speaks_of_its_own_amount() {
        let v = Vocabulary::builtin();
        let d = find(
            "Infants got 400 IU/day (today's recommendation) or 1,200 IU/day of vitamin D; a blood-pressure pill, with or without 900 mcg of folic acid, was given.",
            &v,
        );
        let amounts: Vec<f64> = d.iter().map(|d| d.amount).collect();
        assert_eq!(amounts, [400.0, 1200.0, 900.0], "{d:?}");
    }

    #[test]
    fn a_frequency_at_the_end_of_a_list_of_doses_is_each_ones() {
        let doses = |text: &str| {
            find(text, &Vocabulary::builtin())
                .into_iter()
                .map(|d| (d.amount, d.per))
                .collect::<Vec<_>>()
        };
        let day = Some("day".to_string());
        assert_eq!(
            doses("The drink gave 600 mg of calcium and 25 mcg of vitamin D every day."),
            [(600.0, day.clone()), (25.0, day.clone())]
        );
        assert_eq!(
            doses("They took a single 600 mg dose of magnesium, then 100 mg of magnesium daily."),
            [(600.0, None), (100.0, day)]
        );
    }

    #[test]
    fn long_sentences_are_read_in_linear_time() {
        let v = Vocabulary::builtin();
        let text = "zinc 30 mg and ".repeat(20_000);
        assert_eq!(find(&text, &v).len(), 1);
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
