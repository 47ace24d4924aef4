//! How long a study ran, as written ("6 months", "one to two years",
//! "30 days"). Only spans introduced by a word that makes them a duration
//! ("for", "over a period of", "after", "following") count, so survival
//! times in results ("11.2 vs 8 months") are not taken for one.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::extract::number::whole_of;

const NUM: &str = r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|sixty";

static DURATION: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b(?:for|over|after|following|during|throughout|through|lasting|within|in)\s+(?:a\s+(?:total|period|minimum|maximum|median|mean|duration)\s+of\s+|at\s+least\s+|up\s+to\s+|the\s+(?:first\s+|next\s+)?|an?\s+average\s+of\s+|an?\s+)?((?:{NUM})(?:\s*±\s*\d+)?(?:\s*(?:-|–|to)\s*(?:{NUM}))?\s+(?:days?|weeks?|months?|years?))\b"
    ))
    .expect("duration pattern is valid")
});

/// "The study lasted 12 weeks", "follow-up lasted 5 to 19 years": how long
/// the study itself went on ("colds lasted 4 days" is a result).
static LASTED: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b(?:study|trial|follow-up|intervention|supplementation|treatment period|period)\s+(?:that\s+|which\s+)?(?:lasted|lasts|ran for)\s+(?:about\s+|nearly\s+|almost\s+)?((?:{NUM})(?:\s*(?:-|–|to)\s*(?:{NUM}))?\s+(?:days?|weeks?|months?|years?))\b"
    ))
    .expect("lasted pattern is valid")
});

/// "A 10-month vitamin D supplementation", "a 2-year double-blind
/// multi-center RCT": the words between the span and the study's noun are
/// checked in code (see `describes_the_study`).
static ADJECTIVE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b((?:{NUM})[- ](?:day|week|month|year))((?:\s+[\w-]+){{0,3}}?)\s+(?:study|trial|RCT|intervention|supplementation|follow-up|pilot|randomi[sz]ed|period|treatment|course|regimen|programme|program)\b"
    ))
    .expect("adjective duration pattern is valid")
});

/// "three days of dietary supplementation", "12 weeks of training".
static OF_USE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b((?:{NUM})(?:\s*(?:-|–|to)\s*(?:{NUM}))?\s+(?:days?|weeks?|months?|years?))\s+of\s+(?:[\w-]+\s+){{0,2}}(?:supplementation|supplements?|treatment|intervention|therapy|use|dosing|training|follow-up)\b"
    ))
    .expect("of-use duration pattern is valid")
});

/// "… or placebo until delivery": a span ended by an event, taken only
/// when no length is stated.
static UNTIL: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(until (?:delivery|birth|childbirth|discharge|surgery))\b")
        .expect("until pattern is valid")
});

/// "a follow-up period from March 2020 to May 2021": the months a study
/// ran, taken only when no length is stated.
static BETWEEN_DATES: LazyLock<Rule> = LazyLock::new(|| {
    const MONTH: &str =
        "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
    crate::extract::pattern(&format!(
        r"(?i)\b(?:follow-up|intervention|supplementation|treatment|study|trial)(?: period)? (?:ran |lasted |was |extended )?from ({MONTH}(?: (?:19|20)\d\d)? (?:to|until|through) {MONTH} (?:19|20)\d\d)\b"
    ))
    .expect("dates pattern is valid")
});

/// Words that make the words between a span and a study noun something
/// else than a description of the study ("the 5-year risk of the trial").
fn describes_the_study(between: &str) -> bool {
    const NOT: [&str; 16] = [
        "of", "in", "at", "the", "a", "an", "and", "for", "with", "from", "to", "on", "after",
        "old", "survival", "risk",
    ];
    between
        .split_whitespace()
        .all(|w| !NOT.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

/// The longest stated duration in `text`, as written.
#[must_use]
pub fn find(text: &str) -> Option<String> {
    find_at(text).map(|(s, _)| s)
}

/// `find`, with where the span stands.
pub(crate) fn find_at(text: &str) -> Option<(String, usize)> {
    let mut best: Option<(f64, String, usize)> = None;
    let spans = DURATION
        .captures_iter(text)
        .chain(LASTED.captures_iter(text))
        .chain(
            ADJECTIVE
                .captures_iter(text)
                .filter(|c| c.get(2).is_none_or(|m| describes_the_study(m.as_str()))),
        )
        .chain(OF_USE.captures_iter(text))
        .filter_map(|c| {
            c.get(1)
                .map(|m| (crate::text::squash(m.as_str()), m.start()))
        });
    for (span, at) in spans {
        let days = days(&span);
        if best.as_ref().is_none_or(|(d, _, _)| days > *d) {
            best = Some((days, span, at));
        }
    }
    best.map(|(_, s, at)| (s, at)).or_else(|| by_its_ends(text))
}

/// A span stated by where it ends rather than how long it is.
fn by_its_ends(text: &str) -> Option<(String, usize)> {
    [&*UNTIL, &*BETWEEN_DATES].into_iter().find_map(|re| {
        re.captures(text)
            .and_then(|c| c.get(1))
            .map(|m| (crate::text::squash(m.as_str()), m.start()))
    })
}

/// The upper end of a span in days, to compare spans.
fn days(span: &str) -> f64 {
    let lower = span.to_lowercase();
    let unit = if lower.contains("year") {
        365.0
    } else if lower.contains("month") {
        30.0
    } else if lower.contains("week") {
        7.0
    } else {
        1.0
    };
    let amount = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '±'))
        .filter_map(|w| w.parse::<f64>().ok().or_else(|| whole_of(w).map(f64::from)))
        .fold(0.0, f64::max);
    amount * unit
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&DURATION);
    LazyLock::force(&LASTED);
    LazyLock::force(&ADJECTIVE);
    LazyLock::force(&OF_USE);
    LazyLock::force(&UNTIL);
    LazyLock::force(&BETWEEN_DATES);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_written() {
        let cases = [
            (
                "They took it for 6 months and then stopped.",
                Some("6 months"),
            ),
            ("followed over a period of 5 years", Some("5 years")),
            (
                "The blinded study lasted 16 weeks in all.",
                Some("16 weeks"),
            ),
            (
                "A three year prospective study of 400 nurses",
                Some("three year"),
            ),
            ("A 6 week randomized trial of beets", Some("6 week")),
            ("The 5 year survival rate was 60%.", None),
            (
                "improved bone after one to two years of use",
                Some("one to two years"),
            ),
            ("randomized for a minimum of 8 weeks", Some("8 weeks")),
            ("grip improved over a 10 day period", Some("10 day")),
            ("a one-year pilot study of zinc", Some("one-year")),
            (
                "Following 3 months the change was small; following 9 months it was large.",
                Some("9 months"),
            ),
            ("median survival (11.2 vs 8 months)", None),
            ("Dosing lasted 30 days.", None),
            (
                "A 6-month iron supplementation in schoolgirls",
                Some("6-month"),
            ),
            (
                "a 3-year double-blind multi-centre RCT of zinc",
                Some("3-year"),
            ),
            ("A 40-patient, 6 month DB PC study of zinc", Some("6 month")),
            ("The 10-year risk of the trial arm was low.", None),
            ("after 180±9 days of zinc", Some("180±9 days")),
            (
                "five days of dietary supplementation with nitrate",
                Some("five days"),
            ),
            (
                "given iron or placebo until delivery",
                Some("until delivery"),
            ),
            (
                "given iron for 20 weeks or until delivery",
                Some("20 weeks"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(find(text).as_deref(), want, "{text}");
        }
    }
}
