//! A study's results, one statement each: bullet lists under a results
//! lead-in ("The trial found:"), the RESULTS/CONCLUSIONS sections of a structured
//! abstract, and sentences that report a result ("found that …",
//! "concluded that …", "significantly increased …"). Numbers are kept.
//!
//! Advice ("Talk to your doctor"), background ("studies have shown") and
//! plans are not results.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::extract::sentences;

static LEAD_IN: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:found|find|results?|showed|shows|observed|findings|demonstrated|reported|outcomes?|discovered|revealed|learned|concluded)\b[^:]*:\s*$")
        .expect("lead-in pattern is valid")
});

static BULLET: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"^\s*(?:[-*•·▪◦‣]|\d{1,2}[.)])\s+").expect("bullet pattern is valid")
});

static RESULT: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)^(?:in conclusion|in summary, (?:the|this) (?:study|trial)|(?:these|the|our|their|its) (?:results|findings|data) (?:suggest|suggested|indicate|indicated|show|showed|demonstrate|demonstrated|revealed|is summari[sz]ed|are summari[sz]ed)|we conclude)\b|\b(?:found that|finds that|finding that|concluded that|concluding that|conclude that|showed that|shows that|demonstrated that|reported that|highlights that|noted that|indicated that|revealed that|documented that|",
        // "found" reports a result when what was found follows it ("found a
        // milder increase", "found there was"), not a place ("found in meat")
        r"found (?:a|an|no|there|significant|similar|lower|higher|greater|fewer|more|less|little|evidence|improvements?|benefits?|reductions?|increases?)\b|(?:researchers|authors|investigators|scientists|team|they|we) (?:also )?found\b|",
        r"was shown to|were shown to|has been shown to|have been shown to|was effective|were effective|was associated|were associated|is associated|are associated|be associated|was linked|were linked|is linked|be linked|(?:was|were) related to|",
        r"significantly|significant (?:increase|decrease|reduction|improvement|difference)s?|(?:was|were) (?:statistically |highly )?significant\b|found to|observed|increased|decreased|reduced|improved|protected|promoted|prevented|inhibited|lowered|elevated|enhanced|differed|did not (?:alter|influence|affect|change|differ)|",
        r"remained (?:elevated|higher|lower|significant|unchanged|stable)|(?:effects?|benefits?|improvements?|changes?|gains?) (?:lasted|lasts|last|persisted|persists|persist)\b|(?:looked like|resembled|were similar to|was similar to) th(?:ose|at) of\b|went (?:up|down)\b|(?:was|were) (?:also |significantly |much |slightly |still )?(?:lower|higher|greater|smaller|shorter|longer|faster|slower|better|worse)\b|",
        r"(?:showed|shows|saw|experienced|exhibited) (?:signs of |an? |the same (?:kinds? of )?|similar |significant |marked )?(?:more|less|greater|fewer|faster|slower|better|worse|higher|lower|benefits?|improvements?|reductions?|increases?|decreases?|gains?|declines?)\b|",
        r"there (?:was|were|wasn['’]t|weren['’]t)(?: no| an?| any)?(?: [\w-]+)? (?:improvement|increase|decrease|reduction|loss|gain|change|difference|effect|benefit|decline)s?\b|",
        r"no (?:serious |significant )?(?:adverse|side) (?:events|effects)|well tolerated|p\s*[<=]|hazard ratio|odds ratio|relative risk|",
        r"(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\s*%?\s*(?:vs\.?|versus)\s+-?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)|",
        r"\d[\d.,]*\s*(?:%|per ?cent)\s+(?:lower|higher|less|more|fewer|greater|smaller|longer|shorter|faster|slower|better|worse|reduction|increase|decrease|drop|rise|improvement|enhancement|decline|gain|loss)|\d+ fewer\b|",
        r"(?:lower|higher|reduced|increased|greater) (?:risk|rates?|odds|incidence|chances?)\b|\b(?:more|less) likely\b|(?:better|worse) at\b|",
        r"no (?:significant |clear |real |overall )?(?:benefit|effect|difference|differences|improvement|relation|relationship|association|protection)s?\b|",
        r"did not (?:reduce|improve|help|lower|increase|decrease|prevent|augment|protect|benefit|slow|shorten)|compared (?:with|to) (?:just |only )?\d)",
    ))
    .expect("result pattern is valid")
});

/// Background, advice and plans: sentences that report no result of this
/// study even when they use result words.
static NOT_A_RESULT: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)^(?:talk|consider|make sure|remember|don't|do not|get|ask|try|be sure|if you|you should)\b|",
        r"\b(?:studies|research) (?:have|has) (?:shown|found|demonstrated)|\bstudies showed\b|\bprevious(?:ly)? stud|",
        r"\bwill (?:be|track|analy[sz]e|assess|measure|determine)\b|\baims? to\b|\bhas been used\b|\b(?:has|have) been (?:illustrated|attributed|reported|proposed|suggested|described|documented|linked|tied|implicated)\b|\b(?:thought|believed|suspected) to be\b|\brationale\b",
    ))
    .expect("background pattern is valid")
});

static STRUCTURED: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?m)(?:^|[.!?]\s+)\s*(BACKGROUND|OBJECTIVES?|AIMS?|METHODS|DESIGN|SETTING|PARTICIPANTS|INTERVENTIONS?|MEASUREMENTS|RESULTS|FINDINGS|CONCLUSIONS?|INTERPRETATION|CONTEXT|PURPOSE)\s*:")
        .expect("section pattern is valid")
});

static CLAUSE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:(?:found|finds|finding|concluded|concluding|conclude|showed|demonstrated|reported|highlights|revealed|indicated|documented) that\s+|found\s+(there)\b)")
        .expect("clause pattern is valid")
});

static NUMBERED_CITE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")
        .expect("numbered cite pattern is valid")
});

static CITE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"\s*\((?:[A-Z][^()]*?,?\s+(?:et al\.?,?\s*)?(?:19|20)\d{2}[a-z]?(?:;\s*)?)+\)",
    )
    .expect("cite pattern is valid")
});

/// The results stated in `text`.
#[must_use]
pub fn find(text: &str) -> Vec<String> {
    find_in(text, &sentences::split(text))
}

/// `find` over a passage and its sentences. A line break always ends a
/// sentence, so the passage's sentences within a line are that line's.
pub(crate) fn find_in(text: &str, passage: &[sentences::Sentence<'_>]) -> Vec<String> {
    if let Some(found) = structured(text) {
        return found;
    }
    let mut out = Vec::new();
    let mut under_lead_in = false;
    let mut k = 0;
    for line in text.lines() {
        let line_start = line.as_ptr() as usize - text.as_ptr() as usize;
        let line_end = line_start + line.len();
        let first = k;
        while k < passage.len() && passage[k].start < line_end {
            k += 1;
        }
        let in_line = passage[first..k].iter().filter(|s| s.start >= line_start);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if BULLET.is_match(trimmed) {
            if under_lead_in {
                push(&mut out, &BULLET.replace(trimmed, ""));
            }
            continue;
        }
        under_lead_in = LEAD_IN.is_match(trimmed);
        if under_lead_in {
            continue;
        }
        for s in in_line {
            if let Some(result) = result_of(s.text) {
                push(&mut out, &result);
            }
        }
    }
    out
}

/// The result a sentence states, trimmed to the clause after "found that".
#[must_use]
pub fn result_of(sentence: &str) -> Option<String> {
    if !RESULT.is_match(sentence) || NOT_A_RESULT.is_match(sentence) {
        return None;
    }
    // "found there was …" keeps its "there"
    let start = CLAUSE.captures(sentence).map(|c| match c.get(1) {
        Some(there) => there.start(),
        None => c.get(0).map_or(0, |m| m.end()),
    });
    let clause = match start {
        Some(at) if sentence.len() - at > 20 => &sentence[at..],
        _ => sentence,
    };
    Some(clause.to_string())
}

fn push(out: &mut Vec<String>, s: &str) {
    // both citation patterns need a bracket
    let s = if s.contains('(') {
        CITE.replace_all(s, "")
    } else {
        s.into()
    };
    let s = if s.contains('[') {
        NUMBERED_CITE.replace_all(&s, "")
    } else {
        std::borrow::Cow::Borrowed(&*s)
    };
    let squashed = crate::text::squash(&s);
    let mut s = squashed.clone();
    if s.contains('[') {
        s = s.replace("[…]", "").replace("[...]", "");
    }
    if s.contains(['“', '”', '"']) {
        s = s
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"'))
            .collect();
    }
    // squashing again matters only when something was taken out
    let s = if s == squashed {
        s
    } else {
        crate::text::squash(&s)
    };
    let s = s.trim_matches(|c: char| c == '“' || c == '”' || c == '"' || c.is_whitespace());
    if s.chars().count() > 8 && !out.iter().any(|o| o == s) {
        out.push(upper_first(s));
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The sentences of the RESULTS and CONCLUSIONS sections of a structured
/// abstract, or `None` when the text has no such sections.
fn structured(text: &str) -> Option<Vec<String>> {
    // every section label ends in a colon
    if !text.contains(':') {
        return None;
    }
    let heads: Vec<_> = STRUCTURED.captures_iter(text).collect();
    if heads.len() < 2 {
        return None;
    }
    let mut out = Vec::new();
    for (i, c) in heads.iter().enumerate() {
        let name = &c[1];
        if !matches!(
            name,
            "RESULTS" | "FINDINGS" | "CONCLUSION" | "CONCLUSIONS" | "INTERPRETATION"
        ) {
            continue;
        }
        let start = c.get(0).map_or(0, |m| m.end());
        let end = heads
            .get(i + 1)
            .and_then(|n| n.get(1))
            .map_or(text.len(), |m| m.start());
        for s in sentences::split(&text[start..end]) {
            push(&mut out, s.text);
        }
    }
    Some(out)
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&LEAD_IN);
    LazyLock::force(&BULLET);
    LazyLock::force(&RESULT);
    LazyLock::force(&NOT_A_RESULT);
    LazyLock::force(&STRUCTURED);
    LazyLock::force(&CLAUSE);
    LazyLock::force(&NUMBERED_CITE);
    LazyLock::force(&CITE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_told_with_finding_that_is_its_clause() {
        assert_eq!(
            result_of("The team also varied the dose, finding that 3 g worked as well as 5 g."),
            Some("3 g worked as well as 5 g.".to_string())
        );
    }

    #[test]
    fn bullets_under_a_results_lead_in_are_findings() {
        let text = "The trial ran for a year and found:\n- Fewer falls (12% vs 20%) [3]\n- Better sleep (Smith, 2020)\nTips for you:\n- Eat more greens";
        assert_eq!(find(text), ["Fewer falls (12% vs 20%)", "Better sleep"]);
        let discovered = "Researchers tracked 900 women and discovered that:\n- Strokes fell by 9%";
        assert_eq!(find(discovered), ["Strokes fell by 9%"]);
    }

    #[test]
    fn result_sentences_keep_numbers_and_drop_background() {
        let cases = [
            (
                "The authors found that zinc shortened colds by 2.1 days.",
                Some("Zinc shortened colds by 2.1 days."),
            ),
            (
                "Fish oil significantly lowered triglycerides (p < 0.01).",
                Some("Fish oil significantly lowered triglycerides (p < 0.01)."),
            ),
            ("Studies have shown that iron reduced fatigue.", None),
            (
                "Talk to your doctor about whether zinc reduced colds.",
                None,
            ),
            ("The study will track infections for 4 months.", None),
            ("Zinc is a mineral found in meat.", None),
            (
                "There were no serious adverse events with zinc.",
                Some("There were no serious adverse events with zinc."),
            ),
            (
                "In conclusion, zinc may shorten colds in adults.",
                Some("In conclusion, zinc may shorten colds in adults."),
            ),
            (
                "The authors concluded that “[…] zinc shortens colds in adults.”",
                Some("Zinc shortens colds in adults."),
            ),
            (
                "An effect of zinc on colds has been reported in 1990 (p < 0.05).",
                None,
            ),
            (
                "Colds had cleared in 60 per cent of the zinc group compared with 31 per cent.",
                Some(
                    "Colds had cleared in 60 per cent of the zinc group compared with 31 per cent.",
                ),
            ),
            (
                "Those taking iron had a 12% lower risk of anaemia.",
                Some("Those taking iron had a 12% lower risk of anaemia."),
            ),
            (
                "Tea gave no benefit for sleep.",
                Some("Tea gave no benefit for sleep."),
            ),
            (
                "The extract did not reduce weight in older men.",
                Some("The extract did not reduce weight in older men."),
            ),
        ];
        for (text, want) in cases {
            let got = find(text);
            assert_eq!(got.first().map(String::as_str), want, "{text}");
        }
    }

    #[test]
    fn results_told_without_found_that_are_findings() {
        for text in [
            "Over the year, fewer men in the zinc group had colds (seven versus 18 men on placebo).",
            "The results suggest a 10-25% drop in hospital stays among those eating the most nuts.",
            "Runners could keep going for up to 14 per cent longer after the drink.",
            "The scientists also found a smaller rise in blood pressure among the older women.",
            "Their risk of gout also was lower, but not by as much.",
            "The risk of gout remained elevated two years after the diet ended.",
            "After six weeks, the tea group showed signs of faster recall of word lists.",
            "There wasn't an improvement in either group for wrist strength.",
            "Gains in both hip and spine density were statistically significant in the iron group.",
            "Another trial found there was less fatigue in the swimmers.",
            "These gains lasted up to 3 weeks after the last dose.",
            "Their blood lipids resembled those of people on a vegan diet.",
            "By the end, the iron group exhibited a 7.5% enhancement of grip strength.",
        ] {
            assert_eq!(find(text).len(), 1, "{text}");
        }
        assert_eq!(
            result_of("Another trial found there was less fatigue in the swimmers."),
            Some("there was less fatigue in the swimmers.".to_string())
        );
    }

    #[test]
    fn background_without_a_result_stays_out() {
        for text in [
            "Magnesium is found in nuts and seeds.",
            "Iron helps carry oxygen in the blood.",
            "Around 60 people took part in each group.",
            "Iron has been linked to a lower risk of anaemia in children.",
            "Low zinc is thought to be linked to poorer healing.",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn structured_abstracts_give_results_and_conclusions_only() {
        let text = "BACKGROUND: Iron reduced fatigue before.\nRESULTS: Ferritin rose by 20%.\nCONCLUSIONS: Iron helps.";
        assert_eq!(find(text), ["Ferritin rose by 20%.", "Iron helps."]);
        let inline = "BACKGROUND: Iron reduced fatigue before. METHODS: 80 women took iron. RESULTS: Ferritin rose by 20%. CONCLUSIONS: Iron helps.";
        assert_eq!(find(inline), ["Ferritin rose by 20%.", "Iron helps."]);
    }
}
