//! How long a study ran, as written ("6 months", "one to two years",
//! "30 days"). Only spans introduced by a word that makes them a duration
//! ("for", "over a period of", "after", "following") count, so survival
//! times in results ("11.2 vs 8 months") are not taken for one.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::number::whole_of;

const NUM: &str = r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|sixty";

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b(?:for|over|after|following|during|throughout|lasting|within|in)\s+(?:a\s+(?:total|period|minimum|maximum|median|mean|duration)\s+of\s+|at\s+least\s+|up\s+to\s+|the\s+(?:first\s+|next\s+)?|an?\s+average\s+of\s+|an?\s+)?((?:{NUM})(?:\s*(?:-|–|to)\s*(?:{NUM}))?\s+(?:days?|weeks?|months?|years?))\b"
    ))
    .expect("duration pattern is valid")
});

/// "The study lasted 12 weeks", "follow-up lasted 5 to 19 years": how long
/// the study itself went on ("colds lasted 4 days" is a result).
static LASTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b(?:study|trial|follow-up|intervention|supplementation|treatment period|period)\s+(?:that\s+|which\s+)?(?:lasted|lasts|ran for)\s+(?:about\s+|nearly\s+|almost\s+)?((?:{NUM})(?:\s*(?:-|–|to)\s*(?:{NUM}))?\s+(?:days?|weeks?|months?|years?))\b"
    ))
    .expect("lasted pattern is valid")
});

static ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(&format!(
        r"(?i)\b((?:{NUM})[- ](?:day|week|month|year))\s+(?:(?:prospective|retrospective|double-blind|placebo-controlled|open-label|controlled|clinical|observational|intervention|supplementation)\s+){{0,2}}(?:study|trial|intervention|supplementation|follow-up|pilot|randomi[sz]ed|period|treatment)"
    ))
    .expect("adjective duration pattern is valid")
});

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
        .chain(ADJECTIVE.captures_iter(text))
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
    best.map(|(_, s, at)| (s, at))
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
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter_map(|w| w.parse::<f64>().ok().or_else(|| whole_of(w).map(f64::from)))
        .fold(0.0, f64::max);
    amount * unit
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&DURATION);
    LazyLock::force(&LASTED);
    LazyLock::force(&ADJECTIVE);
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
        ];
        for (text, want) in cases {
            assert_eq!(find(text).as_deref(), want, "{text}");
        }
    }
}
