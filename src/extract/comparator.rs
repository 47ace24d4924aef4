//! What the control group received: "placebo", "dialysis only",
//! "X alone" when the arms were "X or X plus Y".

use std::sync::LazyLock;

use regex::Regex;

static RULES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\bcontrol (?:group|arm)s? (?:received|was given|were given|got|took|had)\s+(?:only\s+)?([^.,;:()]{2,60}?)\s*(?:[.,;:()]|\bwhile\b|\band the\b|$)",
        r"(?i)\bcompared (?:to|with) (?:a |the )?(placebo|no (?:treatment|supplementation|intervention)|usual care|standard care|controls?)\b",
        r"(?i)\b(?:versus|vs\.?) (?:a |the )?(placebo|no (?:treatment|supplementation))\b",
        r"(?i)\b(?:or|and) (?:a |an |the |matching |identical )?(placebo)\b",
        r"(?i)\b(placebo)[- ](?:group|arm|controlled|capsules?|tablets?|pills?|patients|participants|recipients|users|takers)\b",
        r"(?i)\b(?:half|the other half|others|the others|the rest|the remainder)(?: of them)?,? (?:got|received|took|were given|was given|had|a) (?:a |an |the |matching )?(placebo)\b",
        r"(?i)\b(?:taking|given|receiving|on|took|received|got) (?:a |an |the |matching |identical )?(placebo)\b",
        // a trial of two doses compares with the lower one ("compared to
        // 600 IU supplementation"; "compared to the 4000 IU group" is a
        // result about one arm)
        r"(?i)\bcompared (?:to|with) (?:a )?(\d[\d,.]*\s?(?:IU|mg|mcg|µg|μg|g)\b(?: (?:supplementation|supplements?|daily|per day|a day|doses?))?)",
    ]
    .iter()
    .map(|p| crate::extract::pattern(p).expect("comparator pattern is valid"))
    .collect()
});

static ALONE: LazyLock<Regex> = LazyLock::new(|| {
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
        if let Some(c) = re.captures(text) {
            let at = c.get(1).map_or(0, |m| m.start());
            return Some((crate::text::squash(&c[1]).to_lowercase(), at));
        }
    }
    ALONE
        .captures_iter(text)
        .find(|c| c[1].eq_ignore_ascii_case(&c[2]))
        .map(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            (format!("{} alone", c[1].to_lowercase()), at)
        })
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&RULES);
    LazyLock::force(&ALONE);
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
