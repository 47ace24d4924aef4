//! How many were studied: every number that counts people or animals is a
//! candidate, and the words around it say whether it is the study's total
//! ("a total of", "were randomized", "enrolled"), one arm of it ("the
//! placebo group (n = 12)", "received"), a screening or outcome count
//! ("screened", "died", "3 (5%) had"), or no count of this study at all
//! ("per 1,000 participants", "if 44 women took"). The best-supported total
//! wins; when only arms are stated, arms listed together add up to it.
//!
//! Each number is judged from a bounded window around it, so the work is
//! linear in the text.

use crate::extract::number::{self, Number};
use crate::extract::sentences::{self, Sentence};

/// Nouns that name the people or animals a study enrolled (singular forms
/// are matched too, by their plural's stem where it is regular).
const SUBJECTS: &[&str] = &[
    "patients",
    "women",
    "men",
    "children",
    "girls",
    "boys",
    "adults",
    "participants",
    "subjects",
    "volunteers",
    "infants",
    "toddlers",
    "adolescents",
    "teenagers",
    "youths",
    "people",
    "individuals",
    "persons",
    "rats",
    "mice",
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
    "cases",
    "controls",
    "dogs",
    "rabbits",
    "pigs",
    "nurses",
    "workers",
    "employees",
    "pupils",
    "users",
    "recipients",
    "couples",
    "twins",
    "veterans",
    "outpatients",
    "inpatients",
    "respondents",
    "donors",
    "parturients",
    "primigravidae",
    "gravidas",
    "pregnancies",
    "runners",
    "cyclists",
    "soldiers",
    "recruits",
    "horses",
    "cows",
    "sheep",
    "piglets",
    "hamsters",
    "monkeys",
    "zebrafish",
    "animals",
    "eyes",
    "babies",
    "seniors",
    "families",
    "healthy",
    "elders",
    "retirees",
    "physicians",
    "doctors",
    "members",
    "drinkers",
    "swimmers",
    "footballers",
    "players",
    "pairs",
    "dyads",
    "households",
    "singletons",
    "offspring",
    "conscripts",
    "cadets",
    "trainees",
    "partners",
    "learners",
    "completers",
];

/// Words that may stand between a count and its noun ("48 consecutive
/// adult patients") are any but these and `OTHER_THINGS`, which end the
/// noun phrase.
const PHRASE_ENDS: &[&str] = &[
    "of", "in", "to", "with", "were", "was", "had", "have", "has", "and", "or", "at", "for",
    "from", "by", "on", "who", "that", "which", "are", "is", "per", "than", "a", "an", "the",
];

/// Nouns that a number may count which are never the people studied.
const OTHER_THINGS: &[&str] = &[
    "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "mg", "g", "mcg",
    "iu", "ml", "kg", "times", "percent", "cent", "groups", "group", "arms", "doses", "sessions",
    "visits", "centres", "centers", "sites", "studies", "trials",
];

fn ends_phrase(word: &str) -> bool {
    PHRASE_ENDS.contains(&word) || OTHER_THINGS.contains(&word)
}

/// Verbs that make a bare number a head count ("Forty were randomized").
const ENROL_VERBS: &[&str] = &[
    "were randomized",
    "were randomised",
    "were enrolled",
    "were recruited",
    "were included",
    "were studied",
    "were allocated",
    "were randomly",
    "completed",
    "participated",
    "entered",
    "took part",
    "underwent",
];

/// Verbs right before a number that make it a count, even one that reads
/// like a year ("we enrolled 2010 adults").
const ENROLLED_BEFORE: &[&str] = &[
    "assigned",
    "randomized",
    "randomised",
    "allocated",
    "enrolled",
    "recruited",
    "included",
    "studied",
    "a total of",
];

/// Words near a count that make it the study's total.
const TOTAL_CUES: &[&str] = &[
    "total",
    "overall",
    "randomi",
    "randomly",
    "enrol",
    "recruit",
    "included",
    "participated",
    "took part",
    "consecutive",
    "were studied",
    "we studied",
    "sample of",
    "cohort of",
    "comprised",
    "consisted of",
    "composed of",
    "studied",
    "involving",
    "involved",
    "in which",
    "trial of",
    "study of",
    "among",
];

/// Words near a count that make it a part of the total: an arm, those
/// screened before it, or those an outcome befell.
const PART_CUES: &[&str] = &[
    "group",
    " arm",
    "each",
    "received",
    "receiving",
    "were given",
    "screened",
    "assessed for",
    "eligible",
    "approached",
    "invited",
    "contacted",
    "identified",
    "excluded",
    "withdr",
    "dropped",
    "lost to",
    "died",
    "death",
    "developed",
    "experienced",
    "reported",
    "complet",
    "discontinu",
    "analy",
    "of whom",
    "of these",
    "of them",
    "remaining",
    "respectively",
];

/// Words right before a count that make it one of a list of arms ("… and
/// 30 patients", "compared with 270 patients").
const LISTED_AFTER: &[&str] = &["and", "versus", "vs", "vs.", "compared with", "compared to"];

/// Words that make a number no count of this study at all.
const NOT_THIS_STUDY: &[&str] = &["per", "every", "up to", "about", "if", "would"];

/// Words before a count in its clause that make it the sample a study set
/// out to have, not the one it had ("the target of 60 patients", "we
/// planned to enrol 200 adults").
const PLANNED: &[&str] = &[
    "target",
    "planned",
    "aimed to",
    "aim to",
    "intended",
    "required",
    "needed",
    "sample size calculation",
    "power calculation",
];

/// Words after a count that make it a rate or a statistic of a population,
/// not a sample ("22 million people", "70,000 patient visits per year").
const A_STATISTIC: &[&str] = &[
    "million",
    "billion",
    "worldwide",
    "annually",
    "each year",
    "per year",
    "a year",
    "visits",
];

/// Words after a number that make it a difference between groups.
const DIFFERENCE: &[&str] = &["fewer", "more", "additional", "extra", "excess", "less"];

/// How far around a number its context is read, in bytes.
const BEFORE: usize = 60;
const AFTER: usize = 90;

/// One number that counts people or animals, and how it was judged.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    value: u32,
    sentence: usize,
    /// where the number stands in the passage
    at: usize,
    score: i32,
    part: bool,
    /// "(n = 12)": told as a head count outright
    equals: bool,
    /// "30 patients in each group": one arm's size, never added to others
    each: bool,
}

/// The number of participants, only when the text states it.
#[must_use]
pub fn count(text: &str) -> Option<u32> {
    count_in(&sentences::split(text)).map(|(n, _)| n)
}

/// `count` over a passage already split into sentences, with where in the
/// passage the count chosen (or the first arm added up) stands.
pub(crate) fn count_in(sentences: &[Sentence<'_>]) -> Option<(u32, usize)> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        for n in number::find(s.text) {
            if let Some(mut c) = judge(s.text, &n, k) {
                c.at += s.start;
                if candidates.is_empty() {
                    // the first count a report gives is most often its total
                    c.score += 1;
                }
                candidates.push(c);
            }
        }
    }
    arms_told_by_n(&mut candidates);
    choose(&candidates)
}

/// Several "(n = 7)" in one sentence give the sizes of the arms it names
/// ("GI (n=7; control), GII (n=7; stress)"), which add up to the total.
fn arms_told_by_n(candidates: &mut [Candidate]) {
    for k in 0..candidates.len() {
        let sentence = candidates[k].sentence;
        let told = |c: &Candidate| c.sentence == sentence && c.equals;
        if candidates.iter().filter(|c| told(c)).count() >= 2 {
            for c in candidates.iter_mut().filter(|c| told(c)) {
                c.part = true;
            }
        }
    }
}

/// The total, or the arms of one sentence added up when no total is told;
/// with where it stands.
fn choose(candidates: &[Candidate]) -> Option<(u32, usize)> {
    let best = candidates
        .iter()
        .max_by_key(|c| (c.score, !c.part, c.value))?;
    if !best.part {
        return Some((best.value, best.at));
    }
    // only parts: arms listed in one sentence make the total
    let arms: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.sentence == best.sentence && c.part && !c.each)
        .collect();
    let sum: u32 = arms.iter().map(|c| c.value).sum();
    let first = arms.first().map_or(best.at, |c| c.at);
    Some(if arms.len() >= 2 && sum > 0 {
        (sum, first)
    } else {
        (best.value, best.at)
    })
}

/// Whether `n` counts participants and how strongly it is the total.
fn judge(sentence: &str, n: &Number, k: usize) -> Option<Candidate> {
    let value = n.whole().filter(|v| (1..=10_000_000).contains(v))?;
    let before = crate::extract::text_before(sentence, n.start, BEFORE);
    let after = crate::extract::text_after(sentence, n.end, AFTER);
    let before_l = before.to_ascii_lowercase();
    let after_l = after.to_ascii_lowercase();
    // "Since 2015 women have …" is a date; "we randomly assigned 2079 men"
    // counts them: a verb of enrolment, not a preposition, stands before
    let year = !n.in_words
        && n.end - n.start == 4
        && (1900..=2100).contains(&value)
        && !ENROLLED_BEFORE.iter().any(|w| ends_with_word(&before_l, w));
    let equals = n_equals(&before_l)
        || n_in_brackets(&before_l, &after_l)
        || fills_brackets(&before_l, &after_l);
    if equals && restates_a_share(&before_l) {
        // "71% (n = 66,140) of the residents": the count of a share, not
        // of the sample or of an arm
        return None;
    }
    if value == 1 && !equals {
        // "one patient relapsed": a person of the sample, never the whole;
        // a study of one is told as a case, or as "n = 1"
        return None;
    }
    // "Year 1 students", "type 2 diabetic patients": a label, not a count;
    // "2 month-old children", "12 weeks": an age or a time
    if LABELS.iter().any(|w| ends_with_word(&before_l, w)) || time_follows(&after_l) {
        return None;
    }
    // "PARTICIPANTS Eight hundred alcohol-dependent clients.": the section
    // that names the sample opens with its size, whatever noun follows
    let opens_sample = opens_sample_section(&sentence[..n.start]) && !counts_other_things(&after_l);
    let counted = equals || opens_sample || head_noun(after) || enrol_verb(&after_l);
    // "six fewer cases": a difference between groups, not a group
    let difference = after_l
        .split_whitespace()
        .next()
        .is_some_and(|w| DIFFERENCE.contains(&w));
    if !counted || (year && !equals) || percent_follows(&after_l) || difference {
        return None;
    }
    let clause_before = clause_tail(&before_l);
    let clause_after = clause_head(&after_l);
    if NOT_THIS_STUDY.iter().any(|w| ends_with_word(&before_l, w))
        || PLANNED.iter().any(|w| clause_before.contains(w))
        || in_a_range(&before_l, &after_l)
        || A_STATISTIC.iter().any(|w| clause_after.contains(w))
        || hypothetical(sentence, clause_after)
    {
        return None;
    }
    let near = format!("{clause_before} {clause_after}");
    let mut score = 0;
    let mut part = false;
    // what stands before the number in its sentence, past a section label
    // ("METHODS Of 204 patients")
    let lead = past_label(&sentence[..n.start]).trim().to_ascii_lowercase();
    // "Of 204 patients with …, 102 were randomized": the whole, then a part
    let opens_with_of = ["of", "of the"]
        .iter()
        .any(|w| clause_before.trim() == *w || lead == *w);
    let part_cue = |t: &str| PART_CUES.iter().any(|w| t.contains(w));
    let arm = arm_in_brackets(&before_l, equals);
    if TOTAL_CUES.iter().any(|w| near.contains(w))
        || opens_with_of && !part_cue(clause_after)
        || opens_sample
    {
        score += 2;
    } else if part_cue(&near)
        || arm
        || LISTED_AFTER.iter().any(|w| ends_with_word(&before_l, w))
        || of_a_count(&after_l)
    {
        score -= 2;
        part = true;
    }
    if equals && !arm {
        // "students (n = 37)": told outright
        score += 1;
    }
    if sentence[..n.start].trim().is_empty() {
        // "Forty-five patients were …" opens the sentence that states it
        score += 1;
    }
    let each = ["each", "per group", "per arm"]
        .iter()
        .any(|w| clause_after.contains(w));
    Some(Candidate {
        value,
        sentence: k,
        at: n.start,
        score,
        part,
        equals,
        each,
    })
}

/// Words before a number that make it a label ("Year 1 students", "type 2
/// diabetic patients", "stage 3 patients", "week 2"), not a count or an
/// amount.
pub(crate) const LABELS: &[&str] = &[
    "year", "grade", "type", "stage", "stages", "phase", "class", "level", "step", "cycle",
    "visit", "day", "week", "month", "session", "wave", "round", "part", "group", "arm", "cohort",
    "figure", "table", "version", "model",
];

/// Whether a time unit follows a number ("2 month-old children", "12
/// weeks", "a 3-day course"): an age or a duration, never a count.
fn time_follows(after: &str) -> bool {
    const UNITS: &[&str] = &[
        "year", "yr", "month", "week", "day", "hour", "minute", "min", "h", "wk", "mo",
    ];
    let first = after
        .trim_start()
        .trim_start_matches(['-', '–'])
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let singular = first.strip_suffix('s').unwrap_or(first);
    UNITS.contains(&singular)
}

/// "48 eyes of 30 patients", "11 of 23 patients": a count of what belongs
/// to, or is part of, the count after it.
fn of_a_count(after: &str) -> bool {
    let words: Vec<&str> = after.split_whitespace().take(5).collect();
    words.windows(2).take(3).any(|w| {
        w[0] == "of"
            && w[1]
                .trim_start_matches('(')
                .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// `before` past a leading section label in capitals ("METHODS ",
/// "PATIENTS AND METHODS: ").
fn past_label(before: &str) -> &str {
    let mut rest = before.trim_start();
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest[..word_end].trim_end_matches(':');
        let label = word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase());
        if !label || word_end == rest.len() {
            return rest;
        }
        rest = rest[word_end..].trim_start();
    }
}

/// The clause a number stands in, back to the last comma or bracket.
fn clause_tail(before: &str) -> &str {
    before
        .rfind([',', ';', ':', '(', '['])
        .map_or(before, |i| &before[i + 1..])
}

/// The clause after a number, up to the next comma or bracket.
fn clause_head(after: &str) -> &str {
    after
        .find([',', ';', ':', ')', ']', '('])
        .map_or(after, |i| &after[..i])
}

/// "n = 40", "N=40", "(n: 40)", "sample size of 40".
fn n_equals(before: &str) -> bool {
    let t = before.trim_end();
    let t = t
        .strip_suffix('=')
        .or_else(|| t.strip_suffix(':'))
        .map(str::trim_end);
    t.is_some_and(|t| {
        t.ends_with(" n") || t.ends_with("(n") || t.ends_with("[n") || t == "n" || t.ends_with(",n")
    }) || before.trim_end().ends_with("sample size of")
}

/// "(n 196)": the count told by a bare n inside brackets, as some journals
/// write it.
fn n_in_brackets(before: &str, after: &str) -> bool {
    let t = before.trim_end();
    t.len() < before.len()
        && (t.ends_with("(n") || t.ends_with("[n"))
        && after.trim_start().starts_with([')', ']', ';', ','])
}

/// "71% (n = 66,140)": a bracket that gives the count of a percentage.
fn restates_a_share(before: &str) -> bool {
    before.rfind(['(', '[']).is_some_and(|open| {
        let t = before[..open].trim_end();
        t.ends_with('%') || t.ends_with("percent") || t.ends_with("per cent")
    })
}

/// "stents (100 patients) or …": a count that fills a bracket after what
/// it counts the people of, as "(n = 100)" does.
fn fills_brackets(before: &str, after: &str) -> bool {
    before.trim_end().ends_with('(')
        && after.find(')').is_some_and(|close| {
            let inside = &after[..close];
            !inside.contains('(') && inside.split_whitespace().count() <= 2 && head_noun(inside)
        })
}

/// Whether `before` is nothing but a section label in capitals that names
/// the sample ("PARTICIPANTS ", "SETTING AND SUBJECTS: "); "PATIENTS AND
/// METHODS" opens a section that may count anything first.
fn opens_sample_section(before: &str) -> bool {
    const SAMPLE_LABELS: &[&str] = &[
        "PARTICIPANTS",
        "PATIENTS",
        "SUBJECTS",
        "SAMPLE",
        "POPULATION",
    ];
    const OTHER_LABELS: &[&str] = &["METHODS", "METHOD", "MATERIALS", "DESIGN", "MEASUREMENTS"];
    let mut words = before.split(|c: char| !c.is_ascii_alphabetic());
    past_label(before).trim().is_empty()
        && words.clone().any(|w| SAMPLE_LABELS.contains(&w))
        && !words.any(|w| OTHER_LABELS.contains(&w))
}

/// Whether the first word after a number names what it counts as other
/// than people ("2 groups", "40 mg").
fn counts_other_things(after: &str) -> bool {
    after
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .is_some_and(|w| OTHER_THINGS.contains(&w))
}

/// "(n = 12)" after a group or arm names that arm, not the total.
fn arm_in_brackets(before: &str, equals: bool) -> bool {
    equals && {
        let head = before.rfind(['(', '[']).map_or(before, |i| &before[..i]);
        let tail = &head[head.len().saturating_sub(30)..];
        tail.contains("group") || tail.contains("arm")
    }
}

/// Whether a subject noun follows, after at most four words that qualify
/// it; a singular one among them names the kind ("48 adult patients"), and
/// alone it counts something else ("70,000 patient visits").
fn head_noun(after: &str) -> bool {
    for (i, word) in after.split_whitespace().take(5).enumerate() {
        let lower = word.to_ascii_lowercase();
        let w = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if is_subject(w) {
            return true;
        }
        if i == 0
            && let Some(noun) = w.strip_prefix('-')
            && (is_subject_singular(noun) || is_subject(noun))
        {
            // "a 52-patient trial": the count joined to its noun
            return true;
        }
        if i == 0 && w.starts_with('-') {
            // "a three-arm trial of patients": the count of another noun
            return false;
        }
        // "491 male and female volunteers": a joined modifier, not a list
        let joins_modifiers = i > 0 && (w == "and" || w == "or");
        // "900 postmenopausal, stroke-free women": a comma between two
        // modifiers
        let listed_modifier = word.ends_with(',') && is_modifier(w);
        // "22,071 U.S. male physicians", "383 myocardial infarction (MI)
        // patients": an abbreviation's stops and brackets end nothing
        let abbreviation = w.contains('.') && !w.contains(|c: char| c.is_ascii_digit())
            || is_bracketed_abbreviation(word);
        let ends_phrase = w.is_empty()
            || ends_phrase(w) && !joins_modifiers
            || word.ends_with([',', ';', ':', '.', ')']) && !listed_modifier && !abbreviation
            || word.starts_with(['(', '[']) && !abbreviation
            || w.contains('%');
        if ends_phrase || i == 4 {
            return false;
        }
    }
    false
}

/// "(MI)", "(CKD)": a short abbreviation in brackets, standing for the
/// words before it.
fn is_bracketed_abbreviation(word: &str) -> bool {
    word.strip_prefix('(')
        .and_then(|w| w.strip_suffix(')'))
        .is_some_and(|w| {
            (2..=8).contains(&w.len())
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// A word that describes a noun rather than names one, by its ending
/// ("postmenopausal", "stroke-free", "overweight"); "days" is not one.
fn is_modifier(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "al", "ic", "ive", "ous", "free", "ed", "ary", "ile", "ent", "ant", "aged", "weight",
        "healthy", "older", "young", "male", "female",
    ];
    !word.ends_with('s') && ENDINGS.iter().any(|e| word.ends_with(e))
}

/// Words that open what a counted group has or is at risk of ("with mild
/// cognitive impairment", "at risk of falls").
const QUALIFIERS: &[&str] = &[
    "with",
    "diagnosed with",
    "suffering from",
    "at risk of",
    "at high risk of",
];

/// Words that end a qualifier: the sentence goes on to something else.
const QUALIFIER_ENDS: &[&str] = &[
    "and", "or", "who", "which", "that", "were", "was", "to", "in", "from", "aged", "for", "at",
    "received", "took", "had", "have", "between", "over", "under", "during", "than",
];

/// The group a count at byte `at` of `text` counts, as the text names it
/// right after the number: "168 volunteers with mild cognitive impairment,
/// …" gives "volunteers with mild cognitive impairment".
pub(crate) fn counted_group(text: &str, at: usize) -> Option<String> {
    let window = crate::extract::text_after(text, at, 240);
    let n = number::find(window)
        .into_iter()
        .next()
        .filter(|n| n.start == 0)?;
    let rest = &window[n.end..];
    let bare = |word: &str| {
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_string()
    };
    let mut group: Vec<String> = Vec::new();
    let mut tail = rest;
    let mut words = rest.split_whitespace().take(7).peekable();
    while let Some(word) = words.next() {
        let w = bare(word).to_lowercase();
        tail = &tail[tail.find(word).map_or(tail.len(), |i| i + word.len())..];
        group.push(bare(word));
        // "healthy girls": the noun is the last of the run that names them
        let noun_follows = words
            .peek()
            .is_some_and(|next| names_subjects(&bare(next).to_lowercase()));
        // "88 adult Japanese speakers": a singular before more words
        // names their kind
        let kind_of_more = is_subject_singular(&w)
            && !is_subject(&w)
            && !word.ends_with([',', ';', ':', '.', ')'])
            && words.peek().is_some();
        if names_subjects(&w) && !noun_follows && !kind_of_more {
            if word.ends_with([',', ';', ':', '.', ')']) {
                return Some(group.join(" "));
            }
            return Some(with_qualifier(group.join(" "), tail));
        }
        let ends = w.is_empty()
            || ends_phrase(&w) && w != "and"
            || word.ends_with([',', ';', ':', '.', ')'])
            || word.starts_with(['(', '[']);
        if ends {
            return None;
        }
    }
    None
}

/// `group` with what follows it when that says what they have ("with …"),
/// up to five words and no further than the clause.
fn with_qualifier(group: String, tail: &str) -> String {
    let t = tail.trim_start();
    let lower = t.to_ascii_lowercase();
    let Some(q) = QUALIFIERS
        .iter()
        .find(|q| lower.starts_with(&format!("{q} ")))
    else {
        return group;
    };
    let mut words: Vec<&str> = Vec::new();
    for word in t[q.len()..].split_whitespace().take(6) {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        // "mild to moderate" is one degree, not "to" starting a purpose
        let degree = w == "to"
            && words
                .last()
                .is_some_and(|p| ["mild", "moderate"].contains(p));
        if w.is_empty() || !degree && QUALIFIER_ENDS.contains(&w.to_ascii_lowercase().as_str()) {
            break;
        }
        words.push(w);
        if word.ends_with([',', ';', ':', '.', ')', '(']) {
            break;
        }
    }
    if words.is_empty() {
        return group;
    }
    format!("{group} {q} {}", words.join(" "))
}

/// Whether a word names people or animals a study enrolls, in the plural
/// or the singular.
pub(crate) fn names_subjects(word: &str) -> bool {
    is_subject(word) || is_subject_singular(word)
}

/// A plural that names people, alone or as the last part of a compound
/// ("out-patients", "spouses-caregivers").
fn is_subject(word: &str) -> bool {
    let last = word.rsplit('-').next().unwrap_or(word);
    let listed = |w: &str| SUBJECTS.contains(&w) || super::population::ROLES.contains(&w);
    listed(word)
        || listed(last)
        || word.ends_with("-year-olds")
        || super::population::CONDITION_NOUN_ENDINGS
            .iter()
            .any(|e| word.ends_with(e))
}

fn is_subject_singular(word: &str) -> bool {
    SUBJECTS.iter().any(|s| {
        s.strip_suffix('s').is_some_and(|stem| stem == word)
            || s.strip_suffix("ies")
                .is_some_and(|stem| word.strip_suffix('y') == Some(stem))
    }) || matches!(word, "woman" | "man" | "child" | "person" | "mouse")
}

/// "Forty were randomized", "120 completed the study".
fn enrol_verb(after: &str) -> bool {
    let t = after.trim_start();
    ENROL_VERBS.iter().any(|v| t.starts_with(v))
}

/// "12%" or "12 per cent": a share, not a count.
fn percent_follows(after: &str) -> bool {
    let t = after.trim_start();
    t.starts_with('%') || t.starts_with("percent") || t.starts_with("per cent")
}

/// A number at either end of a range ("stage 3 to 5 patients", "aged
/// 20-30 women") is a bound, and a study's total is never told as one.
fn in_a_range(before: &str, after: &str) -> bool {
    let ends_range = |t: &str| {
        let t = t.trim_end();
        let t = ["to", "-", "–", "or"]
            .iter()
            .find_map(|w| t.strip_suffix(w))
            .map(str::trim_end);
        t.is_some_and(|t| t.ends_with(|c: char| c.is_ascii_digit()))
    };
    let starts_range = |t: &str| {
        let t = t.trim_start();
        ["to ", "-", "–"]
            .iter()
            .find_map(|w| t.strip_prefix(w))
            .is_some_and(|t| t.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    };
    ends_range(before) || starts_range(after)
}

/// A count told as a condition or as what would be needed ("If 44 women
/// took calcium…", "50 women would have to take calcium to prevent one
/// fracture", "64 patients would be needed"): a number needed to treat or
/// a sample to aim for, not people studied.
fn hypothetical(sentence: &str, clause_after: &str) -> bool {
    sentence
        .get(..3)
        .is_some_and(|head| head.eq_ignore_ascii_case("if "))
        || [" would ", " need to be ", " needed to ", "to prevent one"]
            .iter()
            .any(|w| clause_after.contains(w))
}

/// Whether `text` ends with the whole word or phrase `w`.
fn ends_with_word(text: &str, w: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(w)
        && t[..t.len() - w.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_or_an_age_before_the_noun_counts_nobody() {
        assert_eq!(
            count("DESIGN Grade 3 nursing students (n = 52) were randomly assigned."),
            Some(52)
        );
        assert_eq!(count("We enrolled 64 type 1 diabetic adults."), Some(64));
        assert_eq!(
            count("Infants aged 6 month-old children and 3-week-old infants were seen."),
            None
        );
        assert_eq!(
            count("The randomized, four-arm trial recruited patients in two centres."),
            None
        );
    }

    #[test]
    fn sizes_told_by_n_for_each_arm_add_up() {
        assert_eq!(
            count("Rats were allocated to A (n=9; diet), B (n=9; drug) and C (n=9; both)."),
            Some(27)
        );
        assert_eq!(
            count(
                "In this trial, 80 adults were split into two groups with forty adults in each group."
            ),
            Some(80)
        );
    }

    #[test]
    fn a_whole_opened_by_of_after_a_label_and_parts_of_a_count() {
        assert_eq!(
            count("METHODS Of 310 smokers attending two clinics, 120 were randomized to a group."),
            Some(310)
        );
        assert_eq!(
            count("Surgery was done on 52 knees of 41 older patients with arthritis."),
            Some(41)
        );
        assert_eq!(
            count("Ninety patients were enrolled. One patient withdrew after a week."),
            Some(90)
        );
    }

    #[test]
    fn a_count_joined_to_its_noun() {
        assert_eq!(
            count("A 36-patient, 8 week open study found less pain."),
            Some(36)
        );
        assert_eq!(count("The 250-woman cohort was followed."), Some(250));
        assert_eq!(count("A 12-week trial."), None);
    }

    #[test]
    fn modifiers_listed_with_commas_still_lead_to_the_noun() {
        assert_eq!(
            count("Researchers tracked 4,512 postmenopausal, diabetes-free women for years."),
            Some(4512)
        );
        // a noun before the comma ends the phrase
        assert_eq!(count("After 90 days, patients improved."), None);
    }

    #[test]
    fn a_difference_between_groups_is_no_head_count() {
        assert_eq!(
            count("Per 100 people treated, there were seven fewer cases of flu."),
            None
        );
        assert_eq!(
            count("It found 12 more patients recovered in 80 adults."),
            Some(80)
        );
    }

    #[test]
    fn the_ends_of_a_range_count_nobody() {
        assert_eq!(
            count("We studied grade 2 to 4 patients; in all 64 patients took part."),
            Some(64)
        );
        assert_eq!(count("Children aged 6-9 boys were seen."), None);
    }

    #[test]
    fn the_counted_group_is_named_by_the_words_after_the_count() {
        let group = |text: &str| {
            let at = text.find(|c: char| c.is_ascii_digit()).unwrap();
            counted_group(text, at)
        };
        assert_eq!(
            group("We studied 212 adults with chronic kidney disease, who were"),
            Some("adults with chronic kidney disease".into())
        );
        assert_eq!(
            group("It enrolled 75 healthy boys aged 9 to 12 years."),
            Some("healthy boys".into())
        );
        assert_eq!(
            group("The trial enrolled 64 patients with mild to moderate asthma and"),
            Some("patients with mild to moderate asthma".into())
        );
        assert_eq!(
            group("We asked 88 adult Welsh speakers to read."),
            Some("adult Welsh speakers".into())
        );
        assert_eq!(group("The groups (n = 30) were alike."), None);
        assert_eq!(group("Some 40 mg were given."), None);
    }

    #[test]
    fn people_named_by_their_condition_are_counted() {
        assert_eq!(
            count("A trial in 2,410 hypertensives lasted two years."),
            Some(2410)
        );
        assert_eq!(count("We followed 380 diabetics for a decade."), Some(380));
    }

    #[test]
    fn the_total_is_chosen_over_its_parts() {
        let cases = [
            ("The trial enrolled 120 healthy adults.", Some(120)),
            ("Among 1,204 women followed for a decade", Some(1204)),
            ("n = 64 per group", Some(64)),
            ("A cure rate of up to 85% in children", None),
            ("It lasted 12 weeks in adults", None),
            ("Treatment helped patients with anaemia", None),
            ("We studied 40 rats fed a high-fat diet", Some(40)),
            ("Since 2015 women have taken more zinc", None),
            (
                "We randomly assigned 2031 men and women to fibre",
                Some(2031),
            ),
            ("a total of 300 patients", Some(300)),
            (
                "Of 410 adults screened, 212 were randomized to tea or water.",
                Some(212),
            ),
            (
                "Ninety-six nurses took part. The tea group (n = 50) drank more.",
                Some(96),
            ),
            (
                "Thirty two older men were randomised; 3 (9%) patients withdrew.",
                Some(32),
            ),
            (
                "In all, 58 volunteers joined: 29 volunteers received iron and 29 volunteers received placebo.",
                Some(58),
            ),
            ("The rate was 4 per 1,000 participants.", None),
            ("Subjects were 212 male and female students.", Some(212)),
            ("We gave 3 and then 5 doses to the patients.", None),
            ("If 50 women took the pill, one would benefit.", None),
            ("We could not reach the target of 90 patients.", None),
            (
                "Some 40 adults would have to take zinc for a year to prevent one cold.",
                None,
            ),
            (
                "Cases (n=210) and controls (n=400) came from a cohort holding 64% (n=9,120) of the town.",
                Some(610),
            ),
            (
                "We planned to enrol 200 adults; 148 adults were randomized.",
                Some(148),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(count(text), want, "{text}");
        }
    }

    #[test]
    fn arms_listed_without_a_total_add_up() {
        assert_eq!(
            count("We saw 41 adults in the low-dose group and 39 adults in the high-dose group."),
            Some(80)
        );
    }

    #[test]
    fn a_singular_before_the_noun_names_its_kind() {
        assert_eq!(count("We studied 48 adult patients with asthma."), Some(48));
        assert_eq!(
            count("It enrolled 312 adolescent and adult patients in three cities."),
            Some(312)
        );
        assert_eq!(count("The clinic logged 9,000 patient visits."), None);
    }

    #[test]
    fn a_section_that_names_the_sample_opens_with_its_size() {
        assert_eq!(
            count("PARTICIPANTS Three hundred and ten community-dwelling clients."),
            Some(310)
        );
        assert_eq!(
            count("SETTING AND SUBJECTS 85 of the original cohort at one clinic."),
            Some(85)
        );
        assert_eq!(count("PARTICIPANTS 3 groups of nurses in two wards."), None);
        // a methods section may count anything first
        assert_eq!(
            count("PATIENTS AND METHODS Eight scales were given to 240 consecutive patients."),
            Some(240)
        );
    }

    #[test]
    fn abbreviations_and_compounds_stay_in_the_noun_phrase() {
        assert_eq!(
            count("The cohort holds 12,480 U.K. female nurses."),
            Some(12480)
        );
        assert_eq!(
            count("We saw 212 chronic kidney disease (CKD) patients."),
            Some(212)
        );
        assert_eq!(count("It enrolled 64 parents-carers of infants."), Some(64));
        assert_eq!(count("We weighed 40 (CONSORT) forms."), None);
    }

    #[test]
    fn a_collective_and_those_who_completed_are_people_counted() {
        assert_eq!(count("We included 52 youth with asthma."), Some(52));
        assert_eq!(count("The open trial had 150 completers."), Some(150));
    }

    #[test]
    fn a_bare_n_in_brackets_tells_the_count() {
        assert_eq!(
            count("A trial in older adults (n 88) ran a year."),
            Some(88)
        );
        assert_eq!(
            count("Adults were randomized to a brace (40 adults) or a sling (38 adults)."),
            Some(78)
        );
        assert_eq!(count("Fish oil (n-3 fatty acids) was given."), None);
    }

    #[test]
    fn one_person_is_never_the_sample_unless_told_as_n() {
        assert_eq!(count("One patient relapsed after a month."), None);
        assert_eq!(
            count("Thirty caregivers took part; 1 caregiver withdrew."),
            Some(30)
        );
        assert_eq!(count("A single case (n = 1) is described."), Some(1));
    }

    #[test]
    fn a_long_passage_is_read_in_linear_time() {
        let text = "We enrolled 30 adults and 20 children. ".repeat(20_000);
        assert_eq!(count(&text), Some(30));
    }
}
