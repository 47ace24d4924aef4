//! The substance a dose is of, as written, when the vocabulary names none.
//!
//! A dose of something the vocabulary does not hold ("250 mg of
//! ashwagandha root") would otherwise lose what it is of, or take the
//! passage's last named nutrient, which is another substance. The words
//! right after the amount are read as a short noun phrase: letters, digits
//! and hyphens, at most four words, ending at punctuation, a number, a
//! unit, a clause word ("that", "while"), a verb, or a word for how it is
//! given ("capsules", "daily"), so that what is kept is the substance's
//! name and nothing of the sentence around it.

/// At most this many words make a substance's name.
const MAX_WORDS: usize = 4;

/// Words that end the phrase: clause and function words, units and how
/// often, and what a dose comes in or who takes it, which name no
/// substance.
const STOP: &[&str] = &[
    // clause and function words
    "a",
    "after",
    "against",
    "an",
    "and",
    "plus",
    "as",
    "at",
    "before",
    "but",
    "by",
    "compared",
    "during",
    "each",
    "every",
    "for",
    "from",
    "if",
    "in",
    "into",
    "is",
    "it",
    "of",
    "on",
    "or",
    "over",
    "per",
    "than",
    "that",
    "the",
    "their",
    "then",
    "these",
    "this",
    "those",
    "to",
    "twice",
    "once",
    "until",
    "versus",
    "vs",
    "was",
    "were",
    "when",
    "where",
    "whereas",
    "which",
    "while",
    "who",
    "with",
    "within",
    "without",
    "are",
    "be",
    "been",
    "being",
    "has",
    "had",
    "have",
    "may",
    "can",
    "could",
    "would",
    "should",
    "did",
    "does",
    "do",
    "not",
    "no",
    "also",
    "both",
    "either",
    "times",
    "thrice",
    "up",
    "about",
    "around",
    "approximately",
    "total",
    "alone",
    "only",
    "together",
    "combined",
    "respectively",
    "instead",
    // units and time
    "mg",
    "g",
    "mcg",
    "ug",
    "µg",
    "kg",
    "iu",
    "ml",
    "l",
    "mmol",
    "µmol",
    "kcal",
    "kj",
    "day",
    "days",
    "daily",
    "week",
    "weeks",
    "weekly",
    "month",
    "months",
    "monthly",
    "year",
    "years",
    "hour",
    "hours",
    "night",
    "nightly",
    "morning",
    "evening",
    "body",
    "weight",
    "bw",
    // forms, vehicles, people
    "capsule",
    "capsules",
    "tablet",
    "tablets",
    "pill",
    "pills",
    "dose",
    "doses",
    "dosage",
    "serving",
    "servings",
    "portion",
    "portions",
    "sachet",
    "sachets",
    "drops",
    "injection",
    "injections",
    "infusion",
    "supplement",
    "supplements",
    "supplementation",
    "placebo",
    "drug",
    "drugs",
    "medication",
    "medications",
    "extract",
    "solution",
    "group",
    "groups",
    "arm",
    "participants",
    "patients",
    "people",
    "subjects",
    "women",
    "men",
    "children",
    "adults",
    "volunteers",
    "mice",
    "rats",
    "orally",
    "oral",
    "intravenously",
    "given",
];

/// The name of what a dose is of, from `after`: the text right after the
/// dose's amount and unit. An "of" may come first ("of", "of the"). Lower
/// case; None when the words there name nothing.
#[must_use]
pub(crate) fn after_dose(after: &str) -> Option<String> {
    let mut words = after.split_whitespace().peekable();
    if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
        words.next();
        if words
            .peek()
            .is_some_and(|w| ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a)))
        {
            words.next();
        }
    }
    let mut name: Vec<String> = Vec::new();
    for raw in words {
        let bare = raw.trim_end_matches([',', '.', ';', ':', ')', ']', '!', '?']);
        let word = bare.to_lowercase();
        let is_name_word = word.starts_with(|c: char| c.is_alphabetic())
            && word.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !word.ends_with('-');
        if !is_name_word || STOP.contains(&word.as_str()) || looks_like_verb(&word) {
            break;
        }
        name.push(word);
        // punctuation after a word ends the phrase
        if bare.len() != raw.len() || name.len() == MAX_WORDS {
            break;
        }
    }
    (!name.is_empty()).then(|| name.join(" "))
}

/// Words that stand right before an amount without naming what it is of
/// ("took 5 mg", "a high 900 mg", "at least 2 g"); with `STOP` and the
/// verb-like endings.
const NOT_BEFORE: &[&str] = &[
    "took",
    "take",
    "takes",
    "gave",
    "give",
    "gives",
    "got",
    "get",
    "gets",
    "drank",
    "ate",
    "between",
    "least",
    "most",
    "under",
    "below",
    "above",
    "just",
    "high",
    "higher",
    "low",
    "lower",
    "single",
    "double",
    "triple",
    "additional",
    "extra",
    "mean",
    "median",
    "average",
    "maximum",
    "minimum",
    "max",
    "min",
    "standard",
    "usual",
    "initial",
    "starting",
    "final",
    "maintenance",
    "bolus",
    "loading",
    "fixed",
    "equivalent",
    "same",
    "different",
    "either",
    "received",
    "receive",
    "receives",
    "contain",
    "contains",
    "provide",
    "provides",
    "yielding",
    "including",
    "like",
    "than",
    "ranging",
    "range",
    "dosed",
    "treatment",
    "treatments",
    "therapy",
    "administration",
    "difference",
    "regimen",
    "route",
    "versus",
    "escalation",
    "expansion",
];

/// What a dose comes in, written after the substance's name ("fluticasone
/// powder 50 mcg"): passed over to reach the name.
const VEHICLES: &[&str] = &[
    "powder",
    "suppositories",
    "suppository",
    "cream",
    "gel",
    "ointment",
    "spray",
    "inhaler",
    "patch",
    "patches",
    "syrup",
    "suspension",
    "drink",
];

/// The name of what a dose is of, from `before`: the text right before the
/// amount, when it ends in a name ("risedronate 5 mg", "MTX (10 mg/week)",
/// "fluticasone propionate powder 50 mcg"). A salt or a Greek letter keeps
/// the word before it. Lower case; None when the words there name nothing.
#[must_use]
pub(crate) fn before_dose(before: &str) -> Option<String> {
    let t = before.trim_end().trim_end_matches('(').trim_end();
    let mut words: Vec<String> = t
        .rsplit(char::is_whitespace)
        .take(3)
        .map(str::to_lowercase)
        .take_while(|w| names_before(w))
        .collect();
    words.reverse();
    while words.last().is_some_and(|w| VEHICLES.contains(&w.as_str())) {
        words.pop();
    }
    let last = words.pop()?;
    let second_part = last.ends_with("ate")
        || last.ends_with("ide")
        || ["alpha", "beta", "gamma", "delta"].contains(&last.as_str());
    Some(match words.pop() {
        Some(first) if second_part => format!("{first} {last}"),
        _ => last,
    })
}

/// Whether a word before an amount may be (part of) a substance's name.
fn names_before(word: &str) -> bool {
    let is_name_word = word.len() >= 3
        && word.starts_with(|c: char| c.is_alphabetic())
        && word.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !word.ends_with('-')
        && !word.ends_with("ing");
    is_name_word
        && !STOP.contains(&word)
        && !NOT_BEFORE.contains(&word)
        && !looks_like_verb(word)
        && crate::extract::number::find(word).is_empty()
}

/// A past participle or adverb ("administered", "used", "orally"),
/// which follows a dose's name, never is one. Words of three letters or
/// fewer ("red") and seeds and weeds ("flaxseed") are kept.
fn looks_like_verb(word: &str) -> bool {
    word.len() > 3 && (word.ends_with("ed") && !word.ends_with("eed") || word.ends_with("ly"))
}

#[cfg(test)]
mod tests {
    use super::after_dose;

    #[test]
    fn the_words_after_a_dose_name_its_substance() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                " of ashwagandha root daily for eight weeks",
                Some("ashwagandha root"),
            ),
            (" Rhodiola Rosea, twice a day", Some("rhodiola rosea")),
            (
                " of the tart cherry concentrate.",
                Some("tart cherry concentrate"),
            ),
            (" L-theanine in water", Some("l-theanine")),
            (" of ground flaxseed daily", Some("ground flaxseed")),
            (
                " black seed oil capsules each morning",
                Some("black seed oil"),
            ),
            (
                " pine bark polyphenol blend with extra sugar",
                Some("pine bark polyphenol blend"),
            ),
            (
                " sea buckthorn berry pulp mash",
                Some("sea buckthorn berry pulp"),
            ),
        ];
        for (after, want) in cases {
            assert_eq!(after_dose(after).as_deref(), *want, "{after:?}");
        }
    }

    #[test]
    fn nothing_is_named_where_the_words_are_no_substance() {
        for after in [
            " daily for twelve weeks",
            " twice a day",
            " capsules, taken with breakfast",
            ", finding that 80 mg worked",
            ") while the other arm had none",
            "/day for 3 months",
            " per kilogram of body weight",
            " of the drug",
            " administered orally",
            " in 250 ml of water",
            " 3 times a week",
            "",
            " (twice daily)",
            " used as needed",
            " plus a second inhaler",
            ") alone.",
            " only, as before",
        ] {
            assert_eq!(after_dose(after), None, "{after:?}");
        }
    }

    #[test]
    fn the_name_stops_at_punctuation_a_clause_or_a_number() {
        assert_eq!(
            after_dose(" maca powder, which the authors bought").as_deref(),
            Some("maca powder")
        );
        assert_eq!(after_dose(" kelp that was dried").as_deref(), Some("kelp"));
        assert_eq!(
            after_dose(" yerba mate 2 times").as_deref(),
            Some("yerba mate")
        );
    }
}

#[cfg(test)]
mod before_an_amount {
    use super::before_dose;

    #[test]
    fn one_name_word_right_before_an_amount_is_the_substance() {
        assert_eq!(
            before_dose("were given zorbitol ").as_deref(),
            Some("zorbitol")
        );
        assert_eq!(before_dose("with ABX (").as_deref(), Some("abx"));
        assert_eq!(
            before_dose("inhaled zorbitol propionate powder ").as_deref(),
            Some("zorbitol propionate")
        );
        assert_eq!(
            before_dose("interferon gamma ").as_deref(),
            Some("interferon gamma")
        );
        assert_eq!(before_dose("the treatment ").as_deref(), None);
        for before in [
            "patients took ",
            "a high ",
            "at least ",
            "received ",
            "the dose was ",
            "were receiving ",
            "between ",
            "of the ",
            "one of ",
            "",
        ] {
            assert_eq!(before_dose(before), None, "{before:?}");
        }
    }
}

#[cfg(test)]
mod in_a_passage {
    use crate::vocabulary::Vocabulary;

    /// Each dose's nutrient in `text`, as the dose rules name it.
    fn named(text: &str) -> Vec<Option<String>> {
        crate::extract::dose::find(text, &Vocabulary::builtin())
            .into_iter()
            .map(|d| d.nutrient)
            .collect()
    }

    #[test]
    fn a_dose_of_a_substance_the_vocabulary_lacks_keeps_its_name() {
        assert_eq!(
            named("60 rowers took 300 mg of glowberry peel or placebo each day."),
            [Some("glowberry peel".to_string())]
        );
        // a name the vocabulary holds still wins, and a dose naming nothing
        // still takes the nutrient named before it
        assert_eq!(
            named("Zinc was given as 25 mg tablets; later 50 mg twice daily."),
            [Some("zinc".to_string()), Some("zinc".to_string())]
        );
    }
}
