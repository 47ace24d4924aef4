//! Study design from the words a title or a passage uses, and the number of
//! trials a meta-analysis or review pooled.
//!
//! The order of the rules matters: "a meta-analysis of randomized controlled
//! trials" is a meta-analysis, and a rat study that also cultured cells is an
//! animal study.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::study::Design;

fn re(p: &str) -> Rule {
    crate::extract::pattern(p).expect("design pattern is valid")
}

/// Rules tried in order; the first that matches names the design.
static RULES: LazyLock<Vec<(Rule, Design)>> = LazyLock::new(|| {
    vec![
        (
            re(r"(?i)\bmeta[- ]?analy|\bpooled analys"),
            Design::MetaAnalysis,
        ),
        (
            re(r"(?i)\bsystematic(?:al)? review"),
            Design::SystematicReview,
        ),
        (
            re(
                r"(?i)\((?:a )?review\)|\b(?:narrative|comprehensive|literature|scoping|umbrella|critical|mini[- ]?)[- ]?review|\b(?:this|the|a|our) review\b|\breview (?:of|on) (?:the )?(?:literature|evidence|current)|\bprogress (?:on|in)\b|\badvances in\b|\boverview of\b|\bupdate on\b",
            ),
            Design::Review,
        ),
        (
            re(
                r"(?i)\b(?:in |an? )?(?:rat|mouse|murine|animal|rabbit|porcine|canine) models?\b|\b(?:rats|mice|zebrafish|hamsters|guinea pigs|piglets|monkeys)\b|\bin vivo study\b",
            ),
            Design::Animal,
        ),
        (
            re(r"(?i)\bin[- ]vitro\b|\bin (?:\w+ ){0,2}cells\b|\bcell lines?\b|\bcultured\b"),
            Design::InVitro,
        ),
        (
            re(r"(?i)\brandomi[sz]ed\b|\brandomly (?:assigned|allocated|divided)|\bRCTs?\b"),
            Design::Rct,
        ),
        (re(r"(?i)\bcase[- ]control\b"), Design::CaseControl),
        (re(r"(?i)\bcross[- ]sectional\b"), Design::CrossSectional),
        (
            re(r"(?i)\bcohort\b|\blongitudinal study\b|\bprospective (?:study|observational)"),
            Design::Cohort,
        ),
        (re(r"(?i)\bcase (?:report|series)\b"), Design::CaseReport),
        (
            re(
                r"(?i)\bplacebo[- ]controlled\b|\bcompared (?:to|with) (?:a )?placebo\b|\bcontrolled (?:clinical )?trial\b|\b(?:control|placebo) (?:[\w-]+ )?groups?\b|\bpilot study\b|\bclinical trial\b",
            ),
            Design::ControlledTrial,
        ),
        (re(r"(?i)\breview\b"), Design::Review),
    ]
});

/// Cues that suggest a design without naming it, heeded only where no
/// sentence names one: "followed for 11 years" may describe a trial's
/// follow-up, and a placebo or blinding a randomized trial's arms.
static WEAK_RULES: LazyLock<Vec<(Rule, Design)>> = LazyLock::new(|| {
    vec![
        (
            re(
                r"(?i)\b(?:put together|pooled|combined) (?:the )?(?:data|results) (?:from|of)\b|\banaly[sz]ed (?:the )?(?:data of |results of )?(?:\w+ ){1,2}(?:patient |clinical |controlled )?(?:trials|studies)\b",
            ),
            Design::MetaAnalysis,
        ),
        (
            re(
                r"(?i)\b(?:tracked|followed(?: up)?|monitored)\b[^\n]*?\b(?:for|over)\b[^\n]*?\b(?:years|decades)\b",
            ),
            Design::Cohort,
        ),
        (
            re(r"(?i)\bplacebo\b|\b(?:double|single|triple)[- ]blind(?:ed)?\b"),
            Design::ControlledTrial,
        ),
        (
            re(
                r"(?i)\b(?:divided|split|assigned|allocated) into (?:two|three|four|[2-4]) (?:[\w-]+ )?groups\b|\bone group (?:was |were )?(?:given|administered|received|took|got|drank|ate)\b",
            ),
            Design::ControlledTrial,
        ),
    ]
});

/// Whether a sentence tells that this study's people or arms were
/// randomized ("were randomly assigned", "allocated at random", "divided
/// randomly into"), as opposed to naming randomized trials in general.
#[must_use]
pub fn randomized_here(text: &str) -> bool {
    static HERE: LazyLock<Rule> = LazyLock::new(|| {
        re(concat!(
            r"(?i)\b(?:were|was|been|being)\s+(?:\w+\s+)?(?:randomi[sz]ed|randomly\s+\w+|(?:assigned|allocated|divided)\s+(?:at\s+)?random(?:ly)?)\b",
            r"|\b(?:we|they)\s+(?:\w+\s+)?randomi[sz]ed\b",
            r"|\b(?:assigned|allocated|divided)\s+(?:\w+\s+){0,3}at\s+random\b",
        ))
    });
    HERE.is_match(text)
}

/// The design a text suggests by the weaker cues (see `WEAK_RULES`).
#[must_use]
pub fn suggested_by(text: &str) -> Design {
    WEAK_RULES
        .iter()
        .find(|(re, _)| re.is_match(text))
        .map_or(Design::Unknown, |(_, d)| *d)
}

/// The design a title, publication type or passage names.
#[must_use]
pub fn of(text: &str) -> Design {
    // every rule needs one of these words
    static NEEDS: LazyLock<crate::extract::Needs> = LazyLock::new(|| {
        crate::extract::Needs::new(&[
            "meta",
            "pooled",
            "systematic",
            "review",
            "progress",
            "advances",
            "update",
            "model",
            "rats",
            "mice",
            "vivo",
            "vitro",
            "cell",
            "cultured",
            "random",
            "rct",
            "case",
            "cross",
            "cohort",
            "longitudinal",
            "prospective",
            "control",
            "placebo",
            "pilot",
            "trial",
            "zebrafish",
            "hamsters",
            "pigs",
            "piglets",
            "monkeys",
        ])
    });
    if !NEEDS.may_match(text) {
        return Design::Unknown;
    }
    RULES
        .iter()
        .find(|(re, _)| re.is_match(text))
        .map_or(Design::Unknown, |(_, d)| *d)
}

static POOLED: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d{1,4}|[a-z]+)\s+(?:(?:randomi[sz]ed|controlled|clinical|placebo-controlled|double-blind(?:ed)?|prospective|observational|cohort|interventional|intervention|published|eligible|independent|human|original)\s+){0,3}(?:trials|studies|RCTs|cohorts|articles)\b",
    )
});

static POOLING_WORDS: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?i)meta[- ]?analy|review|pooled|involving|included|includ|analysis of|analy[sz]ed|combined|looked at|(?:data|information|results) from",
    )
});

/// How many trials or studies a meta-analysis or review pooled, when a
/// sentence says so ("nine randomized controlled trials" is 9).
#[must_use]
pub fn included_studies(text: &str) -> Option<u32> {
    included_studies_in(&crate::extract::sentences::split(text)).map(|(n, _)| n)
}

/// `included_studies` over a passage already split into sentences, with
/// where the count stands.
pub(crate) fn included_studies_in(
    sentences: &[crate::extract::sentences::Sentence<'_>],
) -> Option<(u32, usize)> {
    for sentence in sentences {
        if !POOLING_WORDS.is_match(sentence.text) {
            continue;
        }
        for c in POOLED.captures_iter(sentence.text) {
            if let Some(n) = crate::extract::number::whole_of(&c[1])
                && n > 1
            {
                return Some((n, sentence.start + c.get(1).map_or(0, |m| m.start())));
            }
        }
    }
    None
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&RULES);
    LazyLock::force(&WEAK_RULES);
    LazyLock::force(&POOLED);
    LazyLock::force(&POOLING_WORDS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn designs_from_titles_and_passages() {
        let cases = [
            (
                "A meta-analysis of randomized controlled trials",
                Design::MetaAnalysis,
            ),
            ("Safety of X: a systematic review", Design::SystematicReview),
            ("Effects of X: a phase II, randomized study", Design::Rct),
            ("Roles of a protein in bone (Review)", Design::Review),
            ("The effects of X: a comprehensive review", Design::Review),
            (
                "X protects bone in a Mouse Model of arthritis",
                Design::Animal,
            ),
            ("Zinc slows growth in colon cancer cells", Design::InVitro),
            (
                "Zinc and growth: a prospective cohort study",
                Design::Cohort,
            ),
            (
                "Patients took X compared to placebo for a year",
                Design::ControlledTrial,
            ),
            (
                "Both the iron and the control drink groups gained weight.",
                Design::ControlledTrial,
            ),
            ("A case-control study of diet", Design::CaseControl),
            ("A cross-sectional survey of adults", Design::CrossSectional),
            ("Zinc and growth", Design::Unknown),
            (
                "Young zebrafish fed less selenium swam less.",
                Design::Animal,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(of(text), want, "{text}");
        }
    }

    #[test]
    fn weaker_cues_suggest_a_design() {
        let cases = [
            (
                "Half the pupils got iron and half a dummy placebo pill.",
                Design::ControlledTrial,
            ),
            (
                "In a double-blind test of tea, memory rose.",
                Design::ControlledTrial,
            ),
            (
                "Nurses were tracked for up to 12 years after the survey.",
                Design::Cohort,
            ),
            (
                "The team put together results from all of the studies.",
                Design::MetaAnalysis,
            ),
            (
                "They analysed three patient trials of zinc.",
                Design::MetaAnalysis,
            ),
            (
                "The 40 runners were divided into two groups.",
                Design::ControlledTrial,
            ),
            (
                "One group was given 5 mg of zinc, the other 1 mg.",
                Design::ControlledTrial,
            ),
            ("Zinc and growth", Design::Unknown),
        ];
        for (text, want) in cases {
            assert_eq!(suggested_by(text), want, "{text}");
        }
    }

    #[test]
    fn pooled_trial_counts_in_words_and_digits() {
        let cases = [
            (
                "A meta-analysis involving twelve randomized controlled trials found",
                Some(12),
            ),
            ("The review pooled 31 clinical trials.", Some(31)),
            ("A meta-analysis of 7 studies found less pain.", Some(7)),
            ("We ran 3 trials in 2010.", None),
            ("The team looked at information from 14 studies.", Some(14)),
            ("A meta-analysis of studies found less pain.", None),
        ];
        for (text, want) in cases {
            assert_eq!(included_studies(text), want, "{text}");
        }
    }
}
