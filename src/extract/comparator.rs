//! What the control group received: "placebo", "dialysis only",
//! "X alone" when the arms were "X or X plus Y".

use std::sync::LazyLock;

use crate::extract::rule::Rule;

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        r"(?i)\bcontrol (?:group|arm)s? (?:received|was given|were given|got|took|had)\s+(?:only\s+)?([^.,;:()]{2,}?)\s*(?:[.,;:()]|\bwhile\b|\band the\b|$)",
        r"(?i)\bcompared (?:to|with) (?:a |the )?(placebo|no (?:treatment|supplementation|intervention)|usual care|standard care|controls?)\b",
        r"(?i)\b(?:versus|vs\.?) (?:a |the )?(placebo|no (?:treatment|supplementation))\b",
        r"(?i)\b(?:or|and) (?:a |an |the |matching |identical )?(placebo)\b",
        r"(?i)\b(placebo)[- ](?:group|arm|controlled|capsules?|tablets?|pills?|patients|participants|recipients|users|takers)\b",
        r"(?i)\b(?:half|the other half|others|the others|the rest|the remainder)(?: of them)?,? (?:got|received|took|were given|was given|had|a) (?:a |an |the |matching )?(placebo)\b",
        r"(?i)\b(?:taking|given|receiving|on|took|received|got) (?:a |an |the |matching |identical )?(placebo)\b",
        // "one group drank 900 mg …, while the other was offered just 10 mg a day"
        r"(?i)\bthe other(?: group| half| arm)?(?: (?:was|were))? (?:given|offered|administered|received|took|got|drank|ate)(?: to)? (?:just |only )?([^.,;:()]+?)\s*(?:[.,;:()]|$)",
        r"(?i)\b(?:and|or|versus|vs\.?) (?:an? |the )?(?:isocaloric |matched |matching )?(control (?:supplementation|supplements?|drinks?|diet|beverages?|powder|product|meals?|breakfast|snacks?))\b",
        r"(?i)\blow[- ]dose (?:arm|group)(?: of| given| that received| that took| receiving| taking)? (\d[\d,.]*\s?(?:IU|mg|mcg|µg|μg|g)\b(?:/day| a day| daily| per day)?)",
        // a trial of two doses compares with the lower one ("compared to
        // 600 IU supplementation"; "compared to the 4000 IU group" is a
        // result about one arm)
        r"(?i)\bcompared (?:to|with) (?:a )?(\d[\d,.]*\s?(?:IU|mg|mcg|µg|μg|g)\b(?: (?:supplementation|supplements?|daily|per day|a day|doses?))?)",
    ]
    .iter()
    .map(|p| crate::extract::pattern(p).expect("comparator pattern is valid"))
    .collect()
});

/// "either 400 IU/day … or 2,000 IU/day": two doses and no placebo.
static EITHER: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\beither (?:an? )?(\d[\d,.]*)\s?(IU|mg|mcg|µg|μg|g)\b((?:/day|/d| daily| per day| a day)?)[^.;]*? or (?:an? )?(\d[\d,.]*)\s?(IU|mg|mcg|µg|μg|g)\b((?:/day|/d| daily| per day| a day)?)",
    )
    .expect("either pattern is valid")
});

/// "compared to those taking standard medication alone", "the effect of
/// vitamin D alone": the arm named by what it lacks.
static NAMED_ALONE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\b(?:of|and|or|versus|vs\.?|than|to|with|taking|took|received|receiving|given) ((?:[\w-]+ ){0,3}?[\w-]+ alone)\b",
    )
    .expect("named alone pattern is valid")
});

static ALONE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\b([a-z][\w-]{2,})\s+or\s+([a-z][\w-]{2,})\s+(?:plus|with|and|\+|combined with)\s",
    )
    .expect("alone pattern is valid")
});

/// The comparator the text states, if any.
#[must_use]
pub fn find(text: &str) -> Option<String> {
    find_at(text).map(|(c, _)| c)
}

/// `find`, with where the words naming it stand.
pub(crate) fn find_at(text: &str) -> Option<(String, usize)> {
    for re in RULES.iter() {
        // a long capture ran past what the control group received
        if let Some(m) = re
            .captures(text)
            .and_then(|c| c.get(1))
            .filter(|m| m.len() <= 60)
        {
            return Some((crate::text::squash(m.as_str()).to_lowercase(), m.start()));
        }
    }
    lower_dose(text)
        .or_else(|| {
            ALONE
                .captures_iter(text)
                .find(|c| c[1].eq_ignore_ascii_case(&c[2]))
                .map(|c| {
                    let at = c.get(0).map_or(0, |m| m.start());
                    (format!("{} alone", c[1].to_lowercase()), at)
                })
        })
        .or_else(|| named_alone(text))
}

/// The lower of two doses of one unit offered as alternatives.
fn lower_dose(text: &str) -> Option<(String, usize)> {
    let c = EITHER.captures(text)?;
    if !c[2].eq_ignore_ascii_case(&c[5]) {
        return None;
    }
    let amount = |k: usize| c[k].replace(',', "").parse::<f64>().ok();
    let (a, b) = (amount(1)?, amount(4)?);
    let k = if b < a { 4 } else { 1 };
    let at = c.get(k).map_or(0, |m| m.start());
    let written = format!("{} {}{}", &c[k], &c[k + 1], &c[k + 2]);
    Some((written.to_lowercase(), at))
}

fn named_alone(text: &str) -> Option<(String, usize)> {
    const NOT_AN_ARM: [&str; 12] = [
        "those", "them", "it", "this", "that", "they", "he", "she", "we", "you", "people", "which",
    ];
    NAMED_ALONE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .find(|m| {
            let first = m.as_str().split(' ').next().unwrap_or("");
            !NOT_AN_ARM.iter().any(|w| first.eq_ignore_ascii_case(w))
        })
        .map(|m| (crate::text::squash(m.as_str()).to_lowercase(), m.start()))
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&RULES);
    LazyLock::force(&ALONE);
    LazyLock::force(&EITHER);
    LazyLock::force(&NAMED_ALONE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placebo_named_by_who_took_it() {
        for text in [
            "Half of them got zinc and half of them a placebo.",
            "Half got a placebo pill.",
            "Risk was higher than in runners taking a placebo.",
            "Recovery was faster than in the placebo recipients.",
        ] {
            assert_eq!(find(text).as_deref(), Some("placebo"), "{text}");
        }
    }

    #[test]
    fn a_lower_dose_is_the_comparator_but_one_arm_s_result_is_not() {
        assert_eq!(
            find("Strength rose compared to 400 IU supplementation.").as_deref(),
            Some("400 iu supplementation")
        );
        assert_eq!(
            find("Levels were lower compared to the 2000 IU group."),
            None
        );
    }

    #[test]
    fn the_arm_that_lacks_the_supplement_is_named_alone() {
        for (text, want) in [
            (
                "Strokes were rarer than in those who took statins alone.",
                Some("statins alone"),
            ),
            (
                "They tested zinc with iron, as well as the effect of iron alone.",
                Some("iron alone"),
            ),
            ("Most of those living alone ate less fruit.", None),
        ] {
            assert_eq!(find(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn the_other_group_and_the_lower_of_two_doses() {
        for (text, want) in [
            (
                "One group drank 500 mg of cocoa extract daily, while the other was offered just 20mg a day.",
                Some("20mg a day"),
            ),
            (
                "Infants were assigned to either 800 IU/day (the usual dose) or 1,600 IU/day for a winter.",
                Some("800 iu/day"),
            ),
            (
                "Both the fish oil and control drink groups gained strength.",
                Some("control drink"),
            ),
            ("Adults took either 5 mg or 2 g of the extract.", None),
            (
                "Children in the low-dose arm of 5 mg daily grew less.",
                Some("5 mg daily"),
            ),
        ] {
            assert_eq!(find(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn comparators() {
        let cases = [
            (
                "while the control group received dialysis only.",
                Some("dialysis only"),
            ),
            (
                "The control group received standard care, and",
                Some("standard care"),
            ),
            (
                "improved strength compared to placebo in older men",
                Some("placebo"),
            ),
            (
                "assigned to metformin or metformin plus zinc and",
                Some("metformin alone"),
            ),
            (
                "the changes in the placebo group were small",
                Some("placebo"),
            ),
            ("aspirin or ibuprofen were taken", None),
            (
                "assigned to take 2 g of zinc daily or a placebo.",
                Some("placebo"),
            ),
            ("Results were compared with baseline.", None),
        ];
        for (text, want) in cases {
            assert_eq!(find(text).as_deref(), want, "{text}");
        }
    }
}
