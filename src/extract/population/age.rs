//! How old the people studied were, in years: a range ("aged 18 to 65
//! years", "between the ages of 40 and 70", "children 6-24 months"), a
//! bound ("older than 60", "≥ 65 years", "under 5", "50 and older"), or
//! one age ("infants aged 6 months"). A mean is no range.
//!
//! Every number of a sentence is judged once, from a bounded window of
//! words either side, so the work is linear in the text. Among all the
//! ages a passage states, the one in the sentence that gives the study's
//! own count wins, then a range or bound over a single age, then the
//! earliest.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::extract::number::{self, Number};
use crate::extract::sentences::Sentence;

/// Ages a passage states for its participants, in years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ages {
    pub min: Option<f32>,
    pub max: Option<f32>,
    /// Where the first number stands, in the passage.
    pub at: usize,
    /// A range or bound, not one age.
    pub span: bool,
    /// Said to be an age by an age word ("aged", "of age", "older than"),
    /// not only by standing after the people it describes.
    pub strong: bool,
}

/// What the words before a number say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "aged", "ages", "the age of the patients varied from".
    Age,
    /// "aged" right before the number: the only cue a single age takes.
    AgedRightBefore,
    /// "mean age", "median age": a summary, not the ages enrolled.
    Mean,
    /// The people it describes ("children 6-11 years").
    Subject,
    None,
}

/// A unit of age after a number, with how many of it make a year.
static UNIT: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)^\s*-?\s*(years?|yrs?|yo|y|months?|mos?|weeks?|wks?|days?|d)\b\.?",
    )
    .expect("age unit pattern is valid")
});

/// "2 years 6 months": the months that complete a number of years.
static AND_MONTHS: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:and\s+)?(\d{1,2})\s*(?:months?|mos?)\b")
        .expect("months pattern is valid")
});

/// "… years old", "-year-old", "… of age": the number is an age.
static AGE_AFTER: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^(?:\s*-\s*|\s+)old\b|^\s+of\s+age\b").expect("valid")
});

/// "65 and older", "18 or over", "5 years or younger": an open end.
static BOUND_AFTER: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:of\s+age\s*)?,?\s*(?:and|or)\s+(older|elder|over|above|more|greater|beyond|younger|under|less|below)\b")
        .expect("valid")
});

/// "≥ 65", "older than 60", "under the age of 5": a bound before a number.
static BOUND_BEFORE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)(≥|>=|=>|⩾|>\s*or\s*=|>|≤|<=|=<|⩽|<\s*or\s*=|<|\bat least|\bnot less than|\bno less than|\bnot younger than|\bover|\babove|\bolder than|\bmore than|\bgreater than|\bunder|\bbelow|\byounger than|\bless than|\bup to|\bnot older than|\bno older than|\bnot more than|\bno more than)\s*(?:(?:the\s+)?ages?\s+of\s+)?$")
        .expect("valid")
});

/// What joins the two ends of a range ("18-65", "6 to 11", "5 through 7",
/// "1 mo to < 17 yr").
static CONNECTOR: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^\s*(?:-\s*)?(-|–|—|\bto\b|\band\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b)\s*(?:(?:<|less than|under|younger than)\s*)?")
        .expect("valid")
});

/// A statistic that marks a sentence as reporting results.
static STATISTIC: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b[p]\s*(?:[<=>≤≥]|value)|\bconfidence interval|\b(?:odds|hazard|risk) ratio|\brelative risk|\b95\s*%\s*ci\b")
        .expect("valid")
});

/// Words that may stand between an age word and its number ("the age of
/// the patients varied from", "between the ages of", "aged between").
const GAP: &[&str] = &[
    "between",
    "from",
    "of",
    "the",
    "in",
    "was",
    "were",
    "is",
    "are",
    "at",
    "entry",
    "baseline",
    "inclusion",
    "enrolment",
    "enrollment",
    "randomisation",
    "randomization",
    "study",
    "all",
    "both",
    "sexes",
    "genders",
    "range",
    "ranged",
    "ranging",
    "varied",
    "varying",
    "approximately",
    "about",
    "around",
    "and",
];

/// Words after an age unit that make the number a time rather than an age
/// ("patients 2-3 years after surgery").
const TIME_AFTER: &[&str] = &[
    "after",
    "before",
    "later",
    "ago",
    "post",
    "prior",
    "following",
    "since",
    "earlier",
    "of",
    "in",
    "into",
    "on",
    "per",
    "each",
];

/// Words that may follow an open age with no unit ("women over 50 who …").
const PLAIN_FOLLOWERS: &[&str] = &[
    "who", "with", "and", "or", "were", "was", "are", "in", "from", "at", "had", "have", "living",
    "taking", "without",
];

/// Every age a passage's sentences state for people, in passage order.
pub(crate) fn all_in(sentences: &[Sentence<'_>]) -> Vec<Ages> {
    let mut out = Vec::new();
    for s in sentences {
        for mut a in in_sentence(s.text) {
            a.at += s.start;
            out.push(a);
        }
    }
    out
}

/// The ages of the study: those in the sentence holding its count (`n_at`,
/// a passage offset), else a range or bound before one age, said by an age
/// word before told by context, the earliest first.
pub(crate) fn choose(sentences: &[Sentence<'_>], n_at: Option<usize>) -> Option<Ages> {
    let n_sentence = n_at.and_then(|at| {
        sentences
            .iter()
            .position(|s| s.start <= at && at < s.start + s.text.len())
    });
    let sentence_of = |at: usize| sentences.partition_point(|s| s.start <= at).checked_sub(1);
    all_in(sentences)
        .into_iter()
        .enumerate()
        .filter_map(|(k, a)| {
            let at = sentence_of(a.at);
            let counted = n_sentence.is_some() && at == n_sentence;
            // an age in a sentence of results is a subgroup or a predictor
            // ("risk fell most under 3 years of age (RR 0.3)")
            let result = at.is_some_and(|i| STATISTIC.is_match(sentences[i].text));
            (counted || !result).then_some((k, a, counted))
        })
        .max_by_key(|(k, a, counted)| (*counted, a.span, a.strong, std::cmp::Reverse(*k)))
        .map(|(_, a, _)| a)
}

/// The ages one sentence states.
fn in_sentence(text: &str) -> Vec<Ages> {
    let nums = number::find(text);
    let mut out: Vec<Ages> = Vec::new();
    let mut k = 0;
    while k < nums.len() {
        let (found, next) = judge(text, &nums, k);
        if let Some(a) = found {
            out.push(a);
        }
        k = next.max(k + 1);
    }
    out
}

/// A number of years read at `n`: its value in years, where its unit (if
/// any) ends, and whether a unit was given.
struct Reading {
    years: f32,
    end: usize,
    /// How many of the written unit make a year; none when no unit.
    per_year: Option<f32>,
}

/// `n` with the unit after it, converted to years; a number with no unit
/// is taken as years, and `unit` says whether one was written.
fn read(text: &str, n: &Number) -> Reading {
    let value = n.value as f32;
    let rest = &text[n.end..];
    let Some(c) = UNIT.captures(rest) else {
        return Reading {
            years: value,
            end: n.end,
            per_year: None,
        };
    };
    let unit = c[1].to_ascii_lowercase();
    let mut end = n.end + c.get(0).map_or(0, |m| m.end());
    let per = per_year(&unit);
    let mut years = value / per;
    if unit.starts_with('y')
        && let Some(m) = AND_MONTHS.captures(&text[end..])
    {
        years += m[1].parse::<f32>().unwrap_or(0.0) / 12.0;
        end += m.get(0).map_or(0, |m| m.end());
    }
    Reading {
        years,
        end,
        per_year: Some(per),
    }
}

/// How many of a unit make a year.
fn per_year(unit: &str) -> f32 {
    match unit.as_bytes().first() {
        Some(b'm') => 12.0,
        Some(b'w') => 52.1775,
        Some(b'd') => 365.25,
        _ => 1.0,
    }
}

/// Whether `nums[k]` opens an age range, bound or single age; returns it
/// and the index of the next number not yet read.
fn judge(text: &str, nums: &[Number], k: usize) -> (Option<Ages>, usize) {
    let n = &nums[k];
    if text[n.end..].starts_with('%') || n.value < 0.0 {
        return (None, k + 1);
    }
    let first = read(text, n);
    if let Some((second_k, second)) = range_end(text, nums, k, &first)
        && let Some(a) = range(text, n, &first, &second)
    {
        return (Some(a), second_k + 1);
    }
    match open_or_single(text, nums, k, &first) {
        Some(a) if a.span => match other_end(text, nums, k, &first, &a) {
            Some(both) => (Some(both), k + 2),
            None => (Some(a), k + 1),
        },
        found => (found, k + 1),
    }
}

/// "aged ≥ 18 and < 65 years", "18 years or older and younger than 65":
/// the opposite bound right after an open one closes it.
fn other_end(text: &str, nums: &[Number], k: usize, r: &Reading, a: &Ages) -> Option<Ages> {
    static THEN_BOUND: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)^\s*(?:of\s+age\s*)?,?\s*(?:(?:and|or)\s+(?:older|over|above|younger|under|below)\s*)?(?:of\s+age\s*)?,?\s*(?:and|but|to)?\s*(≥|>=|=>|⩾|>\s*or\s*=|>|≤|<=|=<|⩽|<\s*or\s*=|<|at least|not less than|no less than|not younger than|over|above|older than|more than|under|below|younger than|less than|up to|not older than|no older than|not more than|no more than)\s*$")
            .expect("valid")
    });
    let next = nums.get(k + 1)?;
    let between = text.get(r.end..next.start)?;
    let c = THEN_BOUND.captures(between)?;
    let lower = is_lower_bound(&c[1].to_ascii_lowercase());
    let second = read(text, next).years;
    match (a.min, a.max, lower) {
        (Some(lo), None, false) if lo <= second && second < 130.0 => Some(Ages {
            max: Some(second),
            ..*a
        }),
        (None, Some(hi), true) if second <= hi => Some(Ages {
            min: Some(second),
            ..*a
        }),
        _ => None,
    }
}

/// The number closing a range that `nums[k]` opens, and its reading.
fn range_end(text: &str, nums: &[Number], k: usize, first: &Reading) -> Option<(usize, Reading)> {
    let c = CONNECTOR.captures(&text[first.end..])?;
    let joined_at = first.end + c.get(0)?.end();
    let j = k + 1 + nums[k + 1..].iter().position(|m| m.start >= joined_at)?;
    if nums[j].start != joined_at {
        return None;
    }
    // "between 40 and 70": "and" joins a range only after "between"
    if c[1].eq_ignore_ascii_case("and") && !after_between(text, nums[k].start) {
        return None;
    }
    Some((j, read(text, &nums[j])))
}

fn after_between(text: &str, at: usize) -> bool {
    static BETWEEN: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\bbetween\s+(?:the\s+)?(?:ages?\s+(?:of\s+)?)?$")
            .expect("valid")
    });
    BETWEEN.is_match(crate::extract::text_before(text, at, 32))
}

/// A range from `a` to `b`, when the words around it make it an age.
fn range(text: &str, a: &Number, ra: &Reading, rb: &Reading) -> Option<Ages> {
    // "18-65 years": a unit written once serves both ends
    let lo = match (ra.per_year, rb.per_year) {
        (None, Some(per)) => ra.years / per,
        _ => ra.years,
    };
    let hi = rb.years;
    if !(lo <= hi && hi < 130.0 && hi > 0.0) {
        return None;
    }
    let unit = ra.per_year.is_some() || rb.per_year.is_some();
    let said_after = AGE_AFTER.is_match(&text[rb.end..]);
    let strong = said_after
        || match cue_before(text, a.start, true) {
            Cue::Age | Cue::AgedRightBefore => true,
            Cue::Subject if unit && !time_follows(&text[rb.end..]) => false,
            _ => return None,
        };
    Some(Ages {
        min: Some(lo),
        max: Some(hi),
        at: a.start,
        span: true,
        strong,
    })
}

/// An open-ended age ("≥ 65 years", "50 and older") or a single one
/// ("infants aged 6 months") at `nums[k]`.
fn open_or_single(text: &str, nums: &[Number], k: usize, r: &Reading) -> Option<Ages> {
    let n = &nums[k];
    let before = crate::extract::text_before(text, n.start, 48);
    if let Some(b) = BOUND_BEFORE.captures(before) {
        let word = b.get(1)?;
        let word_l = word.as_str().to_ascii_lowercase();
        let word_at = n.start - before.len() + word.start();
        let unit = r.per_year.is_some();
        let rest = &text[r.end..];
        // "older than 60", "under the age of 5" say it is an age themselves
        let said = word_l.contains("older")
            || word_l.contains("younger")
            || b.get(0)?.as_str().to_ascii_lowercase().contains("age")
            || AGE_AFTER.is_match(rest);
        let strong = said
            || match cue_before(text, word_at, false) {
                Cue::Age | Cue::AgedRightBefore => true,
                // "patients ≥ 16 years", "women over 50 who …"; but "adults
                // over 3 years" is a span of time
                Cue::Subject
                    if (unit && !reads_as_time(&word_l) && !time_follows(rest))
                        || (!unit && plain_word(&word_l) && plain_follows(rest)) =>
                {
                    false
                }
                _ => return None,
            };
        return open(n.start, r.years, is_lower_bound(&word_l), strong);
    }
    let rest = &text[r.end..];
    if let Some(b) = BOUND_AFTER.captures(rest) {
        let w = b[1].to_ascii_lowercase();
        let opens_up = matches!(
            w.as_str(),
            "older" | "elder" | "over" | "above" | "more" | "greater" | "beyond"
        );
        let said = w == "older" || w == "younger" || rest.trim_start().starts_with("of age");
        let strong = said
            || match cue_before(text, n.start, false) {
                Cue::Age | Cue::AgedRightBefore => true,
                Cue::Subject if r.per_year.is_some() => false,
                _ => return None,
            };
        return open(n.start, r.years, opens_up, strong);
    }
    if text[n.end..].starts_with('+') && !text[n.end..].starts_with("+/") {
        return matches!(
            cue_before(text, n.start, false),
            Cue::Age | Cue::AgedRightBefore
        )
        .then(|| open(n.start, r.years, true, true))
        .flatten();
    }
    single(text, n, r)
}

fn open(at: usize, years: f32, opens_up: bool, strong: bool) -> Option<Ages> {
    (years > 0.0 && years < 130.0).then_some(Ages {
        min: opens_up.then_some(years),
        max: (!opens_up).then_some(years),
        at,
        span: true,
        strong,
    })
}

fn is_lower_bound(word: &str) -> bool {
    word.starts_with('≥')
        || word.starts_with('>')
        || word.starts_with("=>")
        || word.starts_with('⩾')
        || [
            "at least",
            "not less",
            "no less",
            "not younger",
            "over",
            "above",
            "older",
            "more",
            "greater",
        ]
        .iter()
        .any(|w| word.starts_with(w))
}

/// A bound in words ("over 50"), not a sign ("> 50").
fn plain_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
}

/// A bound that also measures time ("over 2 years", "at least 3 months"),
/// unlike "above 18 years" or "under 5 years" after the people it describes.
fn reads_as_time(word: &str) -> bool {
    [
        "over", "more", "less", "at least", "up to", "not", "no ", "greater",
    ]
    .iter()
    .any(|w| word.starts_with(w))
}

fn plain_follows(rest: &str) -> bool {
    let t = rest.trim_start();
    if t.is_empty() || t.starts_with([',', '.', ';', ')', ':']) {
        return true;
    }
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    PLAIN_FOLLOWERS.contains(&word.to_ascii_lowercase().as_str())
}

fn time_follows(rest: &str) -> bool {
    let t = rest.trim_start().to_ascii_lowercase();
    if t.starts_with("of age") {
        return false;
    }
    let word: String = t
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect();
    TIME_AFTER.contains(&word.as_str()) || word.starts_with("follow")
}

/// "infants aged 6 months": one age, said by "aged" right before it, in
/// whole units and not a mean ("aged 45 ± 10 years").
fn single(text: &str, n: &Number, r: &Reading) -> Option<Ages> {
    if n.value.fract() != 0.0 || r.per_year.is_none() || r.years >= 130.0 {
        return None;
    }
    let rest = text[r.end..].trim_start();
    if rest.starts_with(['±', '(', '+']) || rest.to_ascii_lowercase().starts_with("sd") {
        return None;
    }
    // "aged 6 months", "6-month-old infants", "infants 6 months of age",
    // but not "at 6 months of age", a time
    let after = &text[r.end..];
    let told_old = AGE_AFTER.is_match(after);
    let hyphened = told_old && text[n.end..r.end].contains('-') && after.starts_with('-');
    let people_before = words_back(crate::extract::text_before(text, n.start, 40))
        .next()
        .is_some_and(|(_, w)| names_people(&w.to_lowercase()));
    let said = hyphened
        || told_old && people_before
        || cue_before(text, n.start, false) == Cue::AgedRightBefore;
    said.then_some(Ages {
        min: Some(r.years),
        max: Some(r.years),
        at: n.start,
        span: false,
        strong: true,
    })
}

/// What the words before byte `at` say the number there is: walking back
/// over a few linking words ("between the ages of") to an age word or the
/// people it describes.
fn cue_before(text: &str, at: usize, is_range: bool) -> Cue {
    let before = crate::extract::text_before(text, at, 80);
    let mut subject = false;
    let mut words = words_back(before).take(8).peekable();
    let mut first = true;
    while let Some((start, word)) = words.next() {
        let w = word.to_lowercase();
        if w.ends_with([';', '.', ')', ']']) {
            break;
        }
        if matches!(w.as_str(), "age" | "aged" | "ages") {
            let summary = words.peek().is_some_and(|(_, p)| {
                matches!(p.to_lowercase().as_str(), "mean" | "median" | "average")
            });
            return match (summary, first && w == "aged") {
                (true, _) => Cue::Mean,
                (false, true) => Cue::AgedRightBefore,
                (false, false) => Cue::Age,
            };
        }
        // "mean age, 54 years; range, 32-77 years"
        if is_range
            && matches!(w.as_str(), "range" | "ranged" | "ranging")
            && age_just_said(&before[..start])
        {
            return Cue::Age;
        }
        if names_people(&w) {
            subject = true;
        } else if !GAP.contains(&w.as_str()) {
            break;
        }
        first = false;
    }
    if subject { Cue::Subject } else { Cue::None }
}

/// The words of `text` from the last back, with where each starts; commas,
/// colons and opening brackets only separate them.
fn words_back(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | '['))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
}

/// Whether `before` ends with an age just stated ("mean age, 54 years;"):
/// an age word followed by nothing but its number and unit.
fn age_just_said(before: &str) -> bool {
    const FILLER: &[&str] = &[
        "years", "year", "yrs", "yr", "y", "months", "mo", "old", "mean", "median", "sd", "was",
        "were", "is", "of", "the", "±",
    ];
    for (_, w) in words_back(before).take(6) {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '±')
            .to_lowercase();
        if matches!(w.as_str(), "age" | "aged" | "ages") {
            return true;
        }
        let filler = w.is_empty()
            || w.starts_with(|c: char| c.is_ascii_digit())
            || FILLER.contains(&w.as_str());
        if !filler {
            return false;
        }
    }
    false
}

/// Whether a word names the people an age describes.
fn names_people(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    crate::extract::sample_size::names_subjects(w)
        || matches!(w, "males" | "females" | "elderly" | "patient")
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&UNIT);
    LazyLock::force(&AND_MONTHS);
    LazyLock::force(&AGE_AFTER);
    LazyLock::force(&BOUND_AFTER);
    LazyLock::force(&BOUND_BEFORE);
    LazyLock::force(&CONNECTOR);
    LazyLock::force(&STATISTIC);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ages(text: &str) -> Option<(Option<f32>, Option<f32>)> {
        let sentences = crate::extract::sentences::split(text);
        choose(&sentences, None).map(|a| (a.min, a.max))
    }

    fn both(a: f32, b: f32) -> (Option<f32>, Option<f32>) {
        (Some(a), Some(b))
    }

    #[test]
    fn ranges_said_by_an_age_word() {
        let cases = [
            ("children aged 2-9 years", Some(both(2.0, 9.0))),
            ("adults aged 50–70", Some(both(50.0, 70.0))),
            ("kids ages 3-6 years old", Some(both(3.0, 6.0))),
            ("aged between 60 and 80 years", Some(both(60.0, 80.0))),
            (
                "Volunteers between the ages of 25 and 45 took part.",
                Some(both(25.0, 45.0)),
            ),
            (
                "Pupils with dyslexia ages 8 through 10 were taught.",
                Some(both(8.0, 10.0)),
            ),
            (
                "Thirty boys between the ages 9 and 13 years ran.",
                Some(both(9.0, 13.0)),
            ),
            (
                "The age of the men varied from 41 till 58.",
                Some(both(41.0, 58.0)),
            ),
            ("Boys aged eleven to fourteen years", Some(both(11.0, 14.0))),
            ("an aged cheese of 3-4 kinds", None),
        ];
        for (text, want) in cases {
            assert_eq!(ages(text), want, "{text}");
        }
    }

    #[test]
    fn ranges_told_by_their_context() {
        let cases = [
            (
                "We enrolled children 6 to 11 years old.",
                Some(both(6.0, 11.0)),
            ),
            (
                "Adults between 30 and 64 years took part.",
                Some(both(30.0, 64.0)),
            ),
            ("Mean age 9 (range 4-15 years).", Some(both(4.0, 15.0))),
            (
                "Mean age was 52 years (range, 31-70).",
                Some(both(31.0, 70.0)),
            ),
            (
                "Nurses 40-59 years of age were asked.",
                Some(both(40.0, 59.0)),
            ),
            ("We saw 40 toddlers (18-30 months).", Some(both(1.5, 2.5))),
            ("Forty 7- to 9-year-old girls ran.", Some(both(7.0, 9.0))),
            ("They were followed for 2 to 4 years.", None),
            ("The drug was given over 1-2 years.", None),
            ("Scars hardened between 3 and 9 months.", None),
            ("Between 2 and 5 years later, few relapsed.", None),
            (
                "Visits were yearly during follow-up (range, 2-6 years).",
                None,
            ),
            ("Patients 1-2 years after surgery were seen.", None),
            ("Adults with a BMI of 25-30 took part.", None),
        ];
        for (text, want) in cases {
            assert_eq!(ages(text), want, "{text}");
        }
    }

    #[test]
    fn months_weeks_and_years_mixed() {
        let (lo, hi) = ages("Babies aged 3 weeks to 6 months were weighed.")
            .and_then(|(a, b)| a.zip(b))
            .unwrap();
        assert!((lo - 3.0 / 52.1775).abs() < 1e-4 && (hi - 0.5).abs() < 1e-6);
        let (lo, hi) = ages("We saw 30 patients (2 mo to < 15 yr old).")
            .and_then(|(a, b)| a.zip(b))
            .unwrap();
        assert!((lo - 2.0 / 12.0).abs() < 1e-4 && (hi - 15.0).abs() < 1e-6);
        let (lo, hi) = ages("Toddlers aged 1 year 6 months to 3 years were seen.")
            .and_then(|(a, b)| a.zip(b))
            .unwrap();
        assert!((lo - 1.5).abs() < 1e-4 && (hi - 3.0).abs() < 1e-6);
    }

    #[test]
    fn open_ended_ages() {
        let cases = [
            ("adults aged 60 and older", Some((Some(60.0), None))),
            ("people aged 70+", Some((Some(70.0), None))),
            ("women aged 55 years or over", Some((Some(55.0), None))),
            (
                "Subjects ≥ 18 years gave consent.",
                Some((Some(18.0), None)),
            ),
            (
                "Smokers older than 40 were asked.",
                Some((Some(40.0), None)),
            ),
            (
                "Children under the age of 5 were weighed.",
                Some((None, Some(5.0))),
            ),
            ("Women over 50 who took calcium", Some((Some(50.0), None))),
            ("Men aged > 70 y were seen.", Some((Some(70.0), None))),
            (
                "We enrolled 80 infants aged less than 18 months.",
                Some((None, Some(1.5))),
            ),
            ("Adults aged ≥ 18 and < 65 years", Some(both(18.0, 65.0))),
            (
                "Men 21 years or older and younger than 40",
                Some(both(21.0, 40.0)),
            ),
            (
                "Patients above 18 years with gout were seen.",
                Some((Some(18.0), None)),
            ),
            (
                "Children under 5 years were weighed.",
                Some((None, Some(5.0))),
            ),
            (
                "Chicks older than 14 d were fed.",
                Some((Some(14.0 / 365.25), None)),
            ),
            ("aged cheese and older wine", None),
            ("We followed 300 adults over 3 years.", None),
            ("Those with eGFR > 60 were included.", None),
            ("Tests were positive (p < 0.05).", None),
            ("It lasted 5 years or more.", None),
        ];
        for (text, want) in cases {
            assert_eq!(ages(text), want, "{text}");
        }
    }

    #[test]
    fn one_age_only_after_aged() {
        assert_eq!(
            ages("Sixty infants aged 9 months were fed."),
            Some(both(0.75, 0.75))
        );
        assert_eq!(
            ages("We weighed 6-month-old infants."),
            Some(both(0.5, 0.5))
        );
        assert_eq!(
            ages("Infants 3 months of age were fed."),
            Some(both(0.25, 0.25))
        );
        assert_eq!(ages("They were vaccinated when 2 months old."), None);
        assert_eq!(ages("Adults aged 45 ± 8 years took part."), None);
        assert_eq!(ages("Their mean age was 61 years."), None);
        assert_eq!(ages("Blood was drawn at 6 months of age."), None);
    }

    #[test]
    fn ages_in_results_are_subgroups() {
        let text = "Risk fell most in children under 3 years of age (RR 0.4; 95% CI 0.2-0.8).";
        assert_eq!(ages(text), None);
        let text = "Relapse was tied to age < 60 years (P = 0.01).";
        assert_eq!(ages(text), None);
    }

    #[test]
    fn the_counted_sentence_wins() {
        let text = "Trials in adults aged 40-60 years were few. \
                    We enrolled 120 children aged 5 to 9 years. \
                    Growth slowed between 10 and 12 years of age.";
        let sentences = crate::extract::sentences::split(text);
        let n_at = text.find("120");
        let a = choose(&sentences, n_at).unwrap();
        assert_eq!((a.min, a.max), (Some(5.0), Some(9.0)));
        let a = choose(&sentences, None).unwrap();
        assert_eq!((a.min, a.max), (Some(40.0), Some(60.0)));
    }
}
