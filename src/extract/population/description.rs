//! Who was studied, in a short phrase from the text. Every plural noun that
//! names people or animals is a candidate, read with the words that qualify
//! it before ("overweight middle-aged adults", "postmenopausal, stroke-free
//! women") and after ("patients on haemodialysis", "adults with asthma",
//! "people who do not drink coffee"). The one chosen stands in a sentence
//! about the study itself (its count, "enrolled", "the present study")
//! rather than its background ("studies in adults have shown"), names the
//! group more precisely than a bare "participants", and is the group the
//! study's count counts; the earliest breaks a tie.
//!
//! Each sentence is read once, word by word, with a bounded look either
//! side of a noun, so the work is linear in the text.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::extract::sentences::Sentence;

/// A description chosen for a passage.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Described {
    pub text: String,
    /// Where the phrase starts, in the passage.
    pub at: usize,
    /// The species its noun names.
    pub species: &'static str,
}

/// Nouns naming the people a study enrolls; the first group says too
/// little to describe anyone on its own.
const GENERIC: &[&str] = &[
    "patients",
    "participants",
    "subjects",
    "people",
    "individuals",
    "persons",
    "volunteers",
    "members",
    "respondents",
];

const PEOPLE: &[&str] = &[
    "women",
    "men",
    "children",
    "girls",
    "boys",
    "adults",
    "infants",
    "toddlers",
    "adolescents",
    "teenagers",
    "youths",
    "elderly",
    "students",
    "athletes",
    "smokers",
    "preschoolers",
    "newborns",
    "neonates",
    "mothers",
    "residents",
    "survivors",
    "nurses",
    "workers",
    "employees",
    "pupils",
    "veterans",
    "outpatients",
    "inpatients",
    "babies",
    "seniors",
    "elders",
    "retirees",
    "runners",
    "cyclists",
    "soldiers",
    "recruits",
    "players",
    "drinkers",
    "males",
    "females",
    "twins",
    "physicians",
    "donors",
    "users",
    "dieters",
    "vegetarians",
    "vegans",
    "conscripts",
    "cadets",
    "trainees",
    "farmers",
    "firefighters",
    "swimmers",
    "footballers",
    "gymnasts",
    "dancers",
    "bodybuilders",
    "weightlifters",
    "rowers",
    "triathletes",
    "marathoners",
    "parents",
    "couples",
];

/// Words before a noun that say how people came into a study, not who
/// they are ("consecutive patients", "eligible adults"): no detail.
const NOT_DESCRIPTIVE: &[&str] = &[
    "consecutive",
    "eligible",
    "randomized",
    "randomised",
    "enrolled",
    "evaluable",
    "unselected",
    "remaining",
    "additional",
];

/// Nouns naming animals, with their species.
const ANIMALS: &[(&str, &str)] = &[
    ("rats", "rat"),
    ("mice", "mouse"),
    ("zebrafish", "zebrafish"),
    ("rabbits", "rabbit"),
    ("pigs", "pig"),
    ("piglets", "pig"),
    ("hamsters", "hamster"),
    ("monkeys", "monkey"),
    ("chickens", "chicken"),
    ("broilers", "chicken"),
    ("hens", "chicken"),
];

/// The species a noun names, when it names people or animals a study can
/// enrol.
pub(crate) fn species_of(word: &str) -> Option<&'static str> {
    if GENERIC.contains(&word)
        || PEOPLE.contains(&word)
        || super::ROLES.contains(&word)
        || super::CONDITION_NOUN_ENDINGS
            .iter()
            .any(|e| word.ends_with(e))
    {
        return Some("human");
    }
    ANIMALS.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
}

/// Words that describe people and may stand before their noun even with a
/// comma between ("obese, premenopausal women"), or that the suffix rules
/// below would wrongly refuse ("elderly", "trained").
const ADJECTIVES: &[&str] = &[
    "healthy",
    "older",
    "elderly",
    "early",
    "young",
    "younger",
    "old",
    "adult",
    "frail",
    "obese",
    "overweight",
    "sedentary",
    "pregnant",
    "lactating",
    "breastfeeding",
    "postmenopausal",
    "premenopausal",
    "perimenopausal",
    "menopausal",
    "trained",
    "untrained",
    "hospitalized",
    "hospitalised",
    "institutionalized",
    "institutionalised",
    "undernourished",
    "malnourished",
    "retired",
    "ageing",
    "aging",
    "nursing",
    "diabetic",
    "hypertensive",
    "middle-aged",
    "male",
    "female",
];

/// Words that end the words read before a noun.
const STOP_BEFORE: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "in",
    "of",
    "for",
    "on",
    "at",
    "to",
    "with",
    "by",
    "from",
    "among",
    "amongst",
    "all",
    "both",
    "these",
    "those",
    "their",
    "our",
    "its",
    "his",
    "her",
    "some",
    "many",
    "most",
    "more",
    "fewer",
    "other",
    "such",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "had",
    "has",
    "have",
    "did",
    "does",
    "do",
    "not",
    "only",
    "also",
    "into",
    "between",
    "about",
    "over",
    "under",
    "after",
    "before",
    "during",
    "including",
    "include",
    "includes",
    "involve",
    "involves",
    "may",
    "might",
    "can",
    "could",
    "will",
    "would",
    "should",
    "help",
    "helps",
    "take",
    "takes",
    "took",
    "give",
    "gave",
    "get",
    "got",
    "make",
    "made",
    "see",
    "saw",
    "find",
    "found",
    "show",
    "shows",
    "study",
    "studies",
    "trial",
    "trials",
    "versus",
    "vs",
    "per",
    "each",
    "every",
    "any",
    "no",
    "they",
    "we",
    "it",
    "this",
    "there",
    "where",
    "when",
    "while",
    "whereas",
    "but",
    "if",
    "just",
    "even",
    "especially",
    "like",
    "recruit",
    "enrol",
    "enroll",
    "test",
    "tests",
    "compare",
    "if",
];

/// Words that end a qualifier after the noun: the sentence goes on to
/// something else.
const STOP_AFTER: &[&str] = &[
    "ages",
    "ranging",
    "admitted",
    "referred",
    "recruited",
    "enrolled",
    "attending",
    "who",
    "which",
    "that",
    "were",
    "was",
    "is",
    "are",
    "to",
    "from",
    "aged",
    "age",
    "for",
    "at",
    "received",
    "receiving",
    "took",
    "taking",
    "had",
    "have",
    "has",
    "between",
    "over",
    "under",
    "during",
    "than",
    "into",
    "by",
    "as",
    "vs",
    "versus",
    "compared",
    "while",
    "whereas",
    "when",
    "after",
    "before",
    "because",
    "but",
    "participated",
    "completed",
    "showed",
    "got",
    "ate",
    "drank",
    "randomized",
    "randomised",
    "assigned",
    "allocated",
    "given",
    "then",
    "found",
    "did",
    "do",
    "does",
    "could",
    "would",
    "will",
    "may",
    "might",
    "can",
    "should",
    "reduced",
    "improved",
    "lowered",
    "increased",
    "benefit",
    "benefited",
    "experienced",
];

/// Words that open what a group has, does or undergoes.
const QUALIFIERS: &[&str] = &[
    "with",
    "without",
    "on",
    "undergoing",
    "awaiting",
    "requiring",
    "diagnosed",
    "suffering",
    "living",
    "at",
    "who",
    "whose",
];

/// A sentence about earlier work, not the study.
static BACKGROUND: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:studies|trials|research|work)\s+(?:\w+\s+){0,3}?(?:have|has)\s+(?:also\s+)?(?:been\s+)?(?:shown|demonstrated|found|reported|suggested|linked)|\b(?:has|have)\s+been\s+(?:shown|demonstrated|reported|suggested)|\bhas\s+shown\s+to\b|\bprevious(?:ly)?\b|\b(?:earlier|prior|other)\s+(?:recent\s+)?(?:studies|research|work|trials)\b|\bnot\s+yet\s+been\b|\b(?:is|are)\s+(?:well\s+)?known\b")
        .expect("background pattern is valid")
});

/// A sentence about the study itself.
static STUDY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:recruited|enrolled|enrolling|randomi[sz]ed|randomly|assigned|allocated|included|involved|involving|consisted|comprised|took\s+part|participated|participants\s+were|subjects\s+were|studied|tracked|tested|followed|examined|investigated|(?:the|this|our|a|new|recent)\s+(?:present\s+|current\s+|new\s+|clinical\s+)?(?:study|trial|research)|trial\s+(?:in|of|among)|study\s+(?:in|of|among)|who\s+was\s+studied|[nN]\s*=)")
        .expect("study pattern is valid")
});

/// "96 percent of adult women": a share of a group, not the group studied.
static SHARE_OF: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)(?:percent|per\s+cent|%|proportion|share|number|numbers|majority|half|third|quarter|fraction|rates?|risk)\s+of\s+(?:the\s+|all\s+|these\s+|those\s+)?$")
        .expect("share pattern is valid")
});

/// "children (n = 55)": the count stated after its group.
static N_AFTER: LazyLock<Rule> =
    LazyLock::new(|| crate::extract::pattern(r"^\s*[(\[]\s*[nN]\s*=").expect("valid"));

/// "(27 men, 15 women)", "; 26 women and 23 men": the parts of a group
/// counted one by one.
static BREAKDOWN: LazyLock<Rule> =
    LazyLock::new(|| crate::extract::pattern(r"(?:[(\[;,]|\band)\s*\d[\d,]*\s*$").expect("valid"));

/// "rather than in healthy adults": a group set against the one studied.
static CONTRAST: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)\b(?:rather\s+than|instead\s+of|unlike|as\s+opposed\s+to|other\s+than)\b[^.;,]*$",
    )
    .expect("valid")
});

/// "an RCT (n=420) in chronic heart failure", "a trial of vitamin E for
/// alcoholic hepatitis": a study named by the condition of its patients.
static TRIAL_IN_CONDITION: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:trials?|stud(?:y|ies)|rct)\b(?:\s*\([^)]{0,24}\))?(?:\s+of\s+[\w -]{1,30}?)?\s+(?:in|among|for)\s+((?:[\w'-]+\s+){0,3}?(?:[\w'-]*(?:failure|disease|diabetes|syndrome|disorder|cancer|carcinoma|obesity|hypertension|asthma|infection|insufficiency|deficiency|dementia|depression|osteoporosis|osteopenia|stroke|injury|impairment|itis|osis|emia|pathy|oma)))\b")
        .expect("valid")
});

/// One word of a sentence: where it stands, and the word without the
/// punctuation around it.
struct Word<'a> {
    start: usize,
    end: usize,
    raw: &'a str,
    clean: String,
}

impl Word<'_> {
    /// Punctuation after the word closes what it belongs to.
    fn closes(&self) -> bool {
        self.raw.ends_with([',', ';', ':', '.', ')', ']', '!', '?'])
    }

    fn opens(&self) -> bool {
        self.raw.starts_with(['(', '['])
    }
}

fn words_of(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .map(|raw| {
            let start = raw.as_ptr() as usize - text.as_ptr() as usize;
            let clean = raw
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
                .trim_end_matches(['\'', '-'])
                .to_lowercase();
            Word {
                start,
                end: start + raw.len(),
                raw,
                clean,
            }
        })
        .collect()
}

/// One candidate phrase in a sentence.
struct Candidate {
    text: String,
    start: usize,
    end: usize,
    species: &'static str,
    /// How much it says beyond a bare "participants".
    detail: usize,
    /// A number counts it ("90,137 postmenopausal women", "children (n = 55)").
    numbered: bool,
    /// One part of a group broken down by count ("42 patients (27 men,
    /// 15 women)").
    part: bool,
}

/// Every description a sentence offers, in order.
fn candidates(text: &str) -> Vec<Candidate> {
    let words = words_of(text);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(species) = species_of(&w.clean) else {
            continue;
        };
        // "women's health", "healthy women volunteers": not the noun of
        // its phrase; "PATIENTS AND METHODS": a section's label
        if w.raw.contains("'s") || w.raw.contains("’s") || is_label(w.raw) {
            continue;
        }
        if !w.closes()
            && words
                .get(i + 1)
                .is_some_and(|n| species_of(&n.clean).is_some() && !n.opens())
        {
            continue;
        }
        if joined_to_next(&words, i) {
            continue;
        }
        if let Some(c) = candidate(text, &words, i, species) {
            // a part counted after its whole is not the group
            if !c.part || out.is_empty() {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        out.extend(patients_by_condition(text));
    }
    out
}

/// "patients with chronic heart failure" for a sentence that names its
/// study by the condition alone and names no people.
fn patients_by_condition(text: &str) -> Option<Candidate> {
    let c = TRIAL_IN_CONDITION.captures(text)?;
    let condition = c.get(1)?;
    Some(Candidate {
        text: format!("patients with {}", crate::text::squash(condition.as_str())),
        start: condition.start(),
        end: condition.end(),
        species: "human",
        detail: 3,
        part: false,
        numbered: N_AFTER.is_match(&text[c.get(0)?.start()..condition.start()])
            || text[c.get(0)?.start()..condition.start()].contains("n="),
    })
}

/// "men and women", "smokers and male asbestos workers": the noun at `i`
/// is read as part of the group joined after it.
fn joined_to_next(words: &[Word<'_>], i: usize) -> bool {
    if words[i].closes()
        || !words
            .get(i + 1)
            .is_some_and(|w| matches!(w.clean.as_str(), "and" | "or"))
    {
        return false;
    }
    for w in words.iter().take(i + 6).skip(i + 2) {
        if species_of(&w.clean).is_some() {
            return true;
        }
        if !is_modifier(w, false) || w.closes() {
            return false;
        }
    }
    false
}

/// The phrase around the noun at `words[i]`.
fn candidate(text: &str, words: &[Word<'_>], i: usize, species: &'static str) -> Option<Candidate> {
    let mut first = modifiers_start(words, i);
    // "eligible adult participants" describes adult participants
    while first < i && NOT_DESCRIPTIVE.contains(&words[first].clean.as_str()) {
        first += 1;
    }
    let start = words[first].start
        + (words[first].raw.len()
            - words[first]
                .raw
                .trim_start_matches(['(', '[', '"', '“'])
                .len());
    let before = crate::extract::text_before(text, start, 60);
    if SHARE_OF.is_match(before) || CONTRAST.is_match(before) {
        return None;
    }
    let (last, qualified) = qualifier_end(words, i);
    let end = if qualified {
        clean_end(&words[last])
    } else {
        clean_end(&words[i])
    };
    let phrase = crate::text::squash(&text[start..end]);
    let generic = GENERIC.contains(&words[i].clean.as_str());
    let modifiers = (first..i)
        .filter(|&k| {
            species_of(&words[k].clean).is_none()
                && !NOT_DESCRIPTIVE.contains(&words[k].clean.as_str())
        })
        .count();
    let detail = modifiers + usize::from(!generic) + if qualified { 2 } else { 0 };
    let before_number = first
        .checked_sub(1)
        .and_then(|k| words.get(k))
        .is_some_and(|w| !w.closes() && is_number(&w.clean));
    let n_after = N_AFTER.is_match(&text[words[i].end..]);
    Some(Candidate {
        text: phrase,
        start,
        end,
        species,
        detail,
        numbered: before_number || n_after,
        part: BREAKDOWN.is_match(before),
    })
}

/// A word in capitals long enough not to be an abbreviation: the label of
/// a structured abstract's section ("PATIENTS", "SUBJECTS:").
fn is_label(raw: &str) -> bool {
    let letters = raw.trim_matches(|c: char| !c.is_alphanumeric());
    letters.len() >= 4 && letters.chars().all(|c| c.is_ascii_uppercase())
}

fn clean_end(w: &Word<'_>) -> usize {
    w.start + w.raw.trim_end_matches(|c: char| !c.is_alphanumeric()).len()
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || crate::extract::number::whole_of(word).is_some()
}

/// The first word of the words qualifying `words[i]` from before, which
/// may take in a group joined by "and" ("older men and postmenopausal
/// women").
fn modifiers_start(words: &[Word<'_>], i: usize) -> usize {
    let mut first = i;
    let mut taken = 0;
    let mut k = i;
    while k > 0 && taken < 5 {
        let w = &words[k - 1];
        if matches!(w.clean.as_str(), "and" | "or" | "but") && k >= 2 && !words[k - 2].closes() {
            let before = &words[k - 2];
            if w.clean == "and" && species_of(&before.clean).is_some() {
                first = modifiers_start(words, k - 2);
                break;
            }
            // "middle-aged and older adults", "obese but otherwise healthy men"
            if taken > 0
                && (ADJECTIVES.contains(&before.clean.as_str()) || before.clean.contains('-'))
            {
                k -= 1;
                continue;
            }
            break;
        }
        if !is_modifier(w, taken > 0 || k < i) || is_label(w.raw) {
            break;
        }
        first = k - 1;
        taken += 1;
        k -= 1;
    }
    first
}

/// Whether a word before a noun qualifies it; `comma_ok` when a word
/// already stands between it and the noun, so a comma may join them.
fn is_modifier(w: &Word<'_>, comma_ok: bool) -> bool {
    let c = w.clean.as_str();
    if c.is_empty() || w.raw.ends_with([';', ':', '.', ')', ']', '!', '?']) || w.opens() {
        return false;
    }
    let known = ADJECTIVES.contains(&c);
    if w.raw.ends_with(',') && !(comma_ok && (known || c.contains('-'))) {
        return false;
    }
    if known {
        return true;
    }
    let hyphened = c.contains('-');
    !(STOP_BEFORE.contains(&c)
        || is_number(c)
        || c.starts_with(|ch: char| !ch.is_alphabetic())
        || (c.ends_with("ly") && !hyphened)
        || (c.ends_with("ing") && !hyphened)
        || (c.ends_with("ed") && !hyphened)
        || c.ends_with("'s")
        // "helps older adults": a verb; nouns that qualify are singular
        // ("kidney stone patients")
        || (c.ends_with('s') && !["ss", "us", "is", "betes"].iter().any(|e| c.ends_with(e))))
}

/// The last word of what follows `words[i]` and says what the group has,
/// does or undergoes ("with mild to moderate asthma", "on haemodialysis",
/// "who do not drink coffee"), and whether there is any.
fn qualifier_end(words: &[Word<'_>], i: usize) -> (usize, bool) {
    let Some(opener) = qualifier_opens(words, i) else {
        return (i, false);
    };
    let relative = matches!(opener, "who" | "whose");
    let mut last = i + 1;
    let mut k = i + 2;
    while k < words.len() && k <= i + 12 {
        let w = &words[k];
        let c = w.clean.as_str();
        if w.opens() || c.is_empty() {
            break;
        }
        if relative && is_enrolment(c) {
            return (i, false);
        }
        // "mild to moderate", "at high risk for"
        let degree = c == "to" && matches!(words[k - 1].clean.as_str(), "mild" | "moderate")
            || c == "for" && words[k - 1].clean == "risk";
        let first_of_clause = relative && k == i + 2;
        let stops = !degree
            && !first_of_clause
            && (STOP_AFTER.contains(&c) || ends_phrase_at(words, k))
            && !(relative && matches!(c, "had" | "have" | "has" | "do" | "did" | "does"));
        if stops {
            break;
        }
        last = k;
        // "with dysfunctional, stenotic fistulas": a comma between two
        // words that describe goes on to the noun they describe
        if w.closes() && !(w.raw.ends_with(',') && describes(c) && !ends_list(words, k + 1)) {
            break;
        }
        k += 1;
    }
    // a qualifier cut short by its reach ends on a word, not on "and"
    while last > i + 1
        && matches!(
            words[last].clean.as_str(),
            "and" | "or" | "of" | "the" | "a" | "an" | "in" | "with" | "to"
        )
    {
        last -= 1;
    }
    (last, last > i + 1)
}

/// A word that describes a noun, by its ending ("advanced",
/// "unresectable", "chronic").
fn describes(word: &str) -> bool {
    ADJECTIVES.contains(&word)
        || ["al", "ed", "ic", "ive", "ous", "able", "ible", "ant", "ent"]
            .iter()
            .any(|e| word.len() > 4 && word.ends_with(e))
}

/// Whether the word at `k` ends a listed description: it is missing, a
/// clause word, or punctuated.
fn ends_list(words: &[Word<'_>], k: usize) -> bool {
    words
        .get(k)
        .is_none_or(|w| w.opens() || STOP_AFTER.contains(&w.clean.as_str()) || is_number(&w.clean))
}

/// The word after `words[i]` when it opens a qualifier ("with", "on
/// haemodialysis", "at risk", "who").
fn qualifier_opens<'a>(words: &'a [Word<'_>], i: usize) -> Option<&'a str> {
    let opener = words.get(i + 1)?;
    let word = opener.clean.as_str();
    if words[i].closes() || !QUALIFIERS.contains(&word) || opener.opens() || opener.closes() {
        return None;
    }
    let next = words.get(i + 2).map_or("", |w| w.clean.as_str());
    let opens_well = match word {
        "on" => !matches!(
            next,
            "the" | "a" | "an" | "average" | "day" | "days" | "their" | "this" | "each"
        ),
        "at" => matches!(next, "risk" | "high" | "increased"),
        "diagnosed" | "living" => next == "with",
        "suffering" => next == "from",
        _ => true,
    };
    opens_well.then_some(word)
}

/// "and" or "in" ends a qualifier when a new clause or the study follows
/// ("… and were randomised", "… in the study"), not when the condition
/// goes on ("type 2 diabetes and obesity", "pain in one or both knees").
fn ends_phrase_at(words: &[Word<'_>], k: usize) -> bool {
    let c = words[k].clean.as_str();
    let next = words.get(k + 1).map_or("", |w| w.clean.as_str());
    match c {
        "and" | "or" => {
            STOP_AFTER.contains(&next)
                || matches!(next, "the" | "a" | "an" | "their" | "then" | "them" | "all")
                || is_number(next)
        }
        "in" => {
            matches!(
                next,
                "the" | "a" | "an" | "his" | "her" | "their" | "our" | "this" | "each" | "both"
            ) || words
                .get(k + 2)
                .is_some_and(|w| matches!(w.clean.as_str(), "study" | "trial" | "group" | "groups"))
        }
        _ => false,
    }
}

fn is_enrolment(word: &str) -> bool {
    word.starts_with("randomi")
        || matches!(
            word,
            "assigned"
                | "allocated"
                | "enrolled"
                | "recruited"
                | "given"
                | "received"
                | "took"
                | "completed"
                | "participated"
                | "included"
        )
}

/// The description of a passage: the candidate of a study sentence over
/// one of its background, a detailed one over a bare noun, the counted
/// group (the one at `n_at`, a passage offset) over another, the earliest
/// last.
pub(crate) fn choose(sentences: &[Sentence<'_>], n_at: Option<usize>) -> Option<Described> {
    /// Not background; about the study; detailed; counted; numbered; detail.
    type Rank = (bool, bool, bool, bool, bool, usize);
    let mut best: Option<(Rank, Described)> = None;
    for s in sentences {
        let background = BACKGROUND.is_match(s.text);
        let study = STUDY.is_match(s.text);
        let holds_n = n_at.is_some_and(|at| s.start <= at && at < s.start + s.text.len());
        let found = candidates(s.text);
        let counted = holds_n
            .then(|| counted_index(&found, n_at.unwrap_or(0) - s.start))
            .flatten();
        for (k, c) in found.into_iter().enumerate() {
            let is_counted = counted == Some(k);
            let key = (
                !background,
                study || is_counted || c.numbered,
                c.detail > 0,
                is_counted,
                c.numbered,
                c.detail.min(4),
            );
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((
                    key,
                    Described {
                        text: c.text,
                        at: s.start + c.start,
                        species: c.species,
                    },
                ));
            }
        }
    }
    best.map(|(_, d)| d)
}

/// Which candidate the count at byte `at` of the sentence counts: the
/// first after it, close by ("52 older adults"), or the one right before
/// "(n = 52)".
fn counted_index(found: &[Candidate], at: usize) -> Option<usize> {
    found
        .iter()
        .position(|c| c.start >= at && c.start - at <= 24)
        .or_else(|| found.iter().rposition(|c| c.end <= at && at - c.end <= 8))
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&BACKGROUND);
    LazyLock::force(&STUDY);
    LazyLock::force(&SHARE_OF);
    LazyLock::force(&N_AFTER);
    LazyLock::force(&CONTRAST);
    LazyLock::force(&BREAKDOWN);
    LazyLock::force(&TRIAL_IN_CONDITION);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(text: &str) -> Option<String> {
        choose(&crate::extract::sentences::split(text), None).map(|d| d.text)
    }

    fn describe_counted(text: &str, count: &str) -> Option<String> {
        choose(&crate::extract::sentences::split(text), text.find(count)).map(|d| d.text)
    }

    #[test]
    fn a_section_label_in_capitals_describes_nobody() {
        assert_eq!(
            describe("PATIENTS AND METHODS We enrolled 60 patients with gout."),
            Some("patients with gout".into())
        );
        assert_eq!(
            describe("DESIGN Outpatients were seen weekly."),
            Some("Outpatients".into())
        );
    }

    #[test]
    fn listed_descriptions_run_on_to_their_noun() {
        assert_eq!(
            describe("It enrolled 80 adults with chronic, painful knee osteoarthritis."),
            Some("adults with chronic, painful knee osteoarthritis".into())
        );
        // a qualifier cut short by its reach does not end on "and"
        let long = describe(
            "We saw 90 adults with mild to moderate persistent asthma of the upper and lower airways and nose.",
        )
        .unwrap();
        assert!(!long.ends_with(" and") && !long.ends_with(" of"), "{long}");
    }

    #[test]
    fn how_people_came_into_a_study_describes_no_one() {
        assert_eq!(
            describe_counted(
                "Forms went to 300 consecutive patients in a trial of obese women with gout.",
                "300"
            ),
            Some("obese women with gout".into())
        );
        assert_eq!(
            describe("Thirty community-based pediatricians took part."),
            Some("community-based pediatricians".into())
        );
        assert_eq!(
            describe("We enrolled 323 eligible adult participants."),
            Some("adult participants".into())
        );
        assert_eq!(
            describe("We saw 40 patients with gout admitted to one ward."),
            Some("patients with gout".into())
        );
        assert_eq!(
            describe("It enrolled 51 patients with chronic gout with ages ranging from 20 to 45."),
            Some("patients with chronic gout".into())
        );
    }

    #[test]
    fn a_phrase_with_what_qualifies_it() {
        let cases = [
            (
                "We enrolled 52 older adults with type 2 diabetes.",
                "older adults with type 2 diabetes",
            ),
            (
                "It helped postmenopausal women with osteopenia.",
                "postmenopausal women with osteopenia",
            ),
            (
                "Kidney stone patients were treated.",
                "Kidney stone patients",
            ),
            (
                "Zinc helped everyone. The study focused on people at risk of colds.",
                "people at risk of colds",
            ),
            (
                "Bone grew in the femur of steroid-fed mice",
                "steroid-fed mice",
            ),
            (
                "It enrolled older men and postmenopausal women aged 50-60",
                "older men and postmenopausal women",
            ),
            (
                "We tracked 4,100 obese, premenopausal nurses for a decade.",
                "obese, premenopausal nurses",
            ),
            (
                "Researchers tested 90 people who rarely eat fish on the memory task.",
                "people who rarely eat fish on the memory task",
            ),
            (
                "The trial enrolled 60 patients on peritoneal dialysis.",
                "patients on peritoneal dialysis",
            ),
            (
                "We saw 30 adults with mild to moderate pain in one hip in our clinic.",
                "adults with mild to moderate pain in one hip",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(describe(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn the_study_sentence_and_the_detailed_phrase_win() {
        // background work names another group
        let text = "Earlier studies in young men have shown gains. \
                    The present study looked at frail older adults.";
        assert_eq!(describe(text).as_deref(), Some("frail older adults"));
        // a share of a group is not the group
        let text = "Most of the 80 percent of adult women lack zinc. We gave zinc to 40 mice.";
        assert_eq!(describe(text).as_deref(), Some("mice"));
        // the counted group when it says nothing, a detailed one of the study
        let text = "A new trial in overweight, sedentary office workers was run. \
                    Data were missing for 12 participants.";
        assert_eq!(
            describe_counted(text, "12").as_deref(),
            Some("overweight, sedentary office workers")
        );
        // the group its count stands by, before "(n = …)"
        let text = "Trials in adults have shown benefits. \
                    The trial tested it in healthy children (n = 40).";
        assert_eq!(
            describe_counted(text, "40").as_deref(),
            Some("healthy children")
        );
    }

    #[test]
    fn groups_joined_and_contrasted() {
        assert_eq!(
            describe("The trial enrolled overweight, sedentary middle-aged and older adults.")
                .as_deref(),
            Some("overweight, sedentary middle-aged and older adults")
        );
        assert_eq!(
            describe("We enrolled 80 healthy Dutch men and women aged 40-60 years.").as_deref(),
            Some("healthy Dutch men and women")
        );
        assert_eq!(
            describe("It followed 900 male and female smokers and male mine workers.").as_deref(),
            Some("male and female smokers and male mine workers")
        );
        assert_eq!(
            describe("We randomised 14 obese but otherwise healthy men.").as_deref(),
            Some("obese but otherwise healthy men")
        );
        assert_eq!(
            describe(
                "It enrolled patients, as a treatment rather than prevention in healthy adults."
            )
            .as_deref(),
            Some("patients")
        );
        assert_eq!(
            describe("A small trial (n=80) in chronic kidney disease found less calcification.")
                .as_deref(),
            Some("patients with chronic kidney disease")
        );
        assert_eq!(
            describe("They ran a trial of zinc for alcoholic hepatitis.").as_deref(),
            Some("patients with alcoholic hepatitis")
        );
        assert_eq!(
            describe("It may help chronic haemodialysis patients.").as_deref(),
            Some("chronic haemodialysis patients")
        );
    }

    #[test]
    fn a_count_broken_down_by_sex_is_one_group() {
        assert_eq!(
            describe("We studied 42 patients (27 men, 15 women) with gout.").as_deref(),
            Some("patients")
        );
    }

    #[test]
    fn a_who_clause_about_enrolment_is_no_qualifier() {
        assert_eq!(
            describe("We saw 40 women who were randomised to two arms.").as_deref(),
            Some("women")
        );
        assert_eq!(
            describe("Vitamin D benefits older adults.").as_deref(),
            Some("older adults")
        );
    }
}
