//! Which reference a claim is about: an in-text citation ("(Surname, 2021)",
//! "Surname et al.") decides; otherwise the reference whose title shares the
//! most with the claim (design words, nutrient forms, population, duration,
//! phrases), when it shares enough.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::extract::rule::Rule;

/// A bracket's content; its length (4 to 300 characters) is checked in code,
/// because a counted repeat of a Unicode class makes the pattern hundreds of
/// times larger to build.
static PAREN: LazyLock<Rule> =
    LazyLock::new(|| crate::extract::pattern(r"\(([^()]+)\)").expect("paren pattern is valid"));

/// One author-year citation, alone in its part of a bracket.
static AUTHOR_YEAR: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"^\s*(?:e\.g\.,?\s*|see\s+)?([\p{Lu}][\p{L}'’\-]+)(?:\s+(?:et al\.?|and [\p{Lu}][\p{L}'’\-]+|& [\p{Lu}][\p{L}'’\-]+))?,?\s+((?:19|20)\d{2})[a-z]?\s*$")
        .expect("cite pattern is valid")
});

/// "Surname et al (2019)", "Surname JR et al. (2007)", "Surname and
/// colleagues": the initials some writers keep are skipped.
static ET_AL: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\b([\p{Lu}][\p{L}'’\-]+)(?:\s+\p{Lu}{1,3}\.?)?\s+(?:et al\.?|and (?:colleagues|co-workers|coworkers|team))(?:,?\s*\(((?:19|20)\d{2})[a-z]?\))?")
        .expect("et al pattern is valid")
});

/// Where a sentence goes on past an in-text citation to speak of something
/// else ("… less decline, Surname et al (2003), another that …"): the byte
/// offsets right after each such citation's comma.
#[must_use]
pub fn cite_breaks(text: &str) -> Vec<usize> {
    ET_AL
        .captures_iter(text)
        .filter(|c| c.get(2).is_some())
        .filter_map(|c| {
            let m = c.get(0)?;
            let words_before = text[..m.start()].split_whitespace().count();
            let rest = &text[m.end()..];
            let comma = rest.strip_prefix([',', ';'])?;
            (words_before >= 5 && comma.split_whitespace().count() >= 4).then(|| m.end() + 1)
        })
        .collect()
}

/// A sentence that is nothing but a citation ("Surname et al (2019).").
#[must_use]
pub fn only_a_citation(text: &str) -> bool {
    let rest = ET_AL.replace_all(text, "");
    let rest = PAREN.replace_all(&rest, "");
    rest.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        == 0
        && !cited(text).is_empty()
}

/// Surnames (and years, when given) cited in a passage.
#[must_use]
pub fn cited(text: &str) -> Vec<(String, Option<i32>)> {
    let mut out: Vec<(String, Option<i32>)> = PAREN
        .captures_iter(text)
        .filter(|p| (4..=300).contains(&p[1].chars().count()))
        .flat_map(|p| {
            p[1].split(';')
                .filter_map(|part| AUTHOR_YEAR.captures(part))
                .filter(|c| !is_acronym(&c[1]))
                .map(|c| (c[1].replace('’', "'"), c[2].parse().ok()))
                .collect::<Vec<_>>()
        })
        .collect();
    for c in ET_AL.captures_iter(text) {
        let surname = c[1].replace('’', "'");
        if !out.iter().any(|(s, _)| *s == surname) {
            out.push((surname, c.get(2).and_then(|y| y.as_str().parse().ok())));
        }
    }
    out
}

static NUMBERED: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
        .expect("numbered cite pattern is valid")
});

/// Reference numbers cited as "[2]" or "[1, 3]" or "[2-4]".
#[must_use]
pub fn cited_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for c in NUMBERED.captures_iter(text) {
        let list = &c[1];
        for part in list.split(',') {
            let ends: Vec<u32> = part
                .split(['-', '–'])
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            match ends.as_slice() {
                [a, b] if a <= b && b - a < 50 => out.extend(*a..=*b),
                [a] => out.push(*a),
                _ => {}
            }
        }
    }
    out
}

/// True when a reference's first author and year fit a citation.
#[must_use]
pub fn cites(
    surname: &str,
    year: Option<i32>,
    authors: &crate::study::Authors,
    ref_year: Option<i32>,
) -> bool {
    let first = authors
        .first()
        .and_then(|a| a.split_whitespace().next())
        .unwrap_or("");
    first.eq_ignore_ascii_case(surname)
        && (year.is_none() || ref_year.is_none() || year == ref_year)
}

const STOP: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "with", "by", "at", "as", "is",
    "are", "was", "were", "be", "been", "its", "it", "that", "this", "from", "does", "do", "has",
    "have", "had", "play", "role", "effect", "effects", "study", "vitamin", "also", "than",
];

/// Words normalised so that "two-year" meets "two years" and "MK-7"
/// meets "menaquinone-7".
#[must_use]
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace("menaquinone-", "mk-")
        .replace("menaquinone ", "mk-")
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .flat_map(|w| {
            if w.starts_with("mk-") || w.starts_with("meta-") || w.contains("-induced") {
                vec![w.to_string()]
            } else {
                w.split('-').map(str::to_string).collect()
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    for suffix in ["ies", "s"] {
        if w.len() > 4 && w.ends_with(suffix) && !w.ends_with("ss") && !w.ends_with("is") {
            let base = &w[..w.len() - suffix.len()];
            return if suffix == "ies" {
                format!("{base}y")
            } else {
                base.to_string()
            };
        }
    }
    w.to_string()
}

/// How much a claim shares with a reference title: distinct content words
/// count once, shared two-word phrases twice, a shared design three times.
#[must_use]
pub fn score(claim: &str, title: &str) -> f32 {
    Profile::of(claim).score(&Profile::of(title))
}

/// What [`score`] compares of a text, read once: an article's claims are
/// each compared with every reference title, and reading a text for its
/// words and design costs far more than comparing two sets.
#[derive(Debug, Clone)]
pub struct Profile {
    content: HashSet<String>,
    /// Two-word phrases, but for pairs of stop words.
    pairs: HashSet<(String, String)>,
    design: crate::study::Design,
}

impl Profile {
    #[must_use]
    pub fn of(text: &str) -> Profile {
        let ws = words(text);
        let stop = |w: &String| STOP.contains(&w.as_str());
        Profile {
            content: ws
                .iter()
                .filter(|w| !stop(w) && w.len() > 1)
                .cloned()
                .collect(),
            pairs: ws
                .windows(2)
                .filter(|p| !(stop(&p[0]) && stop(&p[1])))
                .map(|p| (p[0].clone(), p[1].clone()))
                .collect(),
            design: super::design::of(text),
        }
    }

    /// This claim's score against a title's profile (see [`score`]).
    #[must_use]
    pub fn score(&self, title: &Profile) -> f32 {
        let shared_words = self.content.intersection(&title.content).count() as f32;
        let shared_pairs = self.pairs.intersection(&title.pairs).count() as f32;
        let design_bonus = if self.design.is_known() && self.design == title.design {
            3.0
        } else {
            0.0
        };
        shared_words + 2.0 * shared_pairs + design_bonus
    }
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&PAREN);
    LazyLock::force(&AUTHOR_YEAR);
    LazyLock::force(&ET_AL);
    LazyLock::force(&NUMBERED);
}

/// A journal and date in brackets, as news writes a source ("(Lancet
/// 2019)", "(J Nutr, March 4, 2015, online)", "(Ann Intern Med 11/04)").
static JOURNAL_DATE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"^\s*((?:[A-Z][A-Za-z&.-]*)(?:\s+(?:of|and|&|[A-Z][A-Za-z&.-]*)){0,6}?),?\s+(?:(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d{2})|\d{1,2}/(\d{2}))\b[^()]{0,24}$")
        .expect("journal-date pattern is valid")
});

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
    "In",
    "Since",
    "See",
    "From",
    "Published",
    "Updated",
];

static BY_AUTHOR: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\b(?:by|led by|authored by|(?:lead|first) author(?:,)?)\s+(?:(?:Dr|Prof|Professor)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+([A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:-[A-Z]?[a-z]+)?)\b")
        .expect("by-author pattern is valid")
});

/// The surname of the person a sentence says did the work ("a review by
/// Ada Lind of …", "a trial led by Dr. Tom Berg").
#[must_use]
pub fn by_author(text: &str) -> Option<String> {
    BY_AUTHOR.captures(text).map(|c| c[1].replace('’', "'"))
}

/// The surname of a study's lead author where a text names one outright
/// ("said lead author Dr. Ada Lind", "a trial led by Tom Berg").
#[must_use]
pub fn lead_author(text: &str) -> Option<String> {
    BY_AUTHOR
        .captures_iter(text)
        .find(|c| !c[0].starts_with("by "))
        .map(|c| c[1].replace('’', "'"))
}

/// "BMJ", "JAMA": a journal or body, never a surname.
fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_uppercase)
}

/// Journals and years cited in brackets ("… no benefit (Lancet July 6,
/// 2005)."); a bracket an author-year citation reads ("(Surname, 2019)")
/// is not one.
#[must_use]
pub fn journal_cites(text: &str) -> Vec<(String, i32)> {
    let mut out = Vec::new();
    for p in PAREN.captures_iter(text) {
        let inner = &p[1];
        if !(4..=80).contains(&inner.chars().count()) {
            continue;
        }
        for part in inner.split(';') {
            if AUTHOR_YEAR
                .captures(part)
                .is_some_and(|a| !is_acronym(&a[1]))
            {
                continue;
            }
            let Some(c) = JOURNAL_DATE.captures(part) else {
                continue;
            };
            let journal = c[1].trim_end_matches([',', '.']).to_string();
            let first = journal.split_whitespace().next().unwrap_or_default();
            if MONTHS.contains(&first) {
                continue;
            }
            let year = match (c.get(2), c.get(3)) {
                (Some(y), _) => y.as_str().parse().ok(),
                (None, Some(yy)) => yy
                    .as_str()
                    .parse::<i32>()
                    .ok()
                    .map(|yy| if yy > 40 { 1900 + yy } else { 2000 + yy }),
                _ => None,
            };
            if let Some(year) = year {
                out.push((journal, year));
            }
        }
    }
    out
}

/// Capitalised abbreviations that name places, agencies, units or
/// measures, not a study ("the NIH study", "the BMI trial").
const NOT_A_STUDY_NAME: &[&str] = &[
    "USA", "EU", "NIH", "NHS", "FDA", "CDC", "WHO", "USDA", "NCI", "NHLBI", "AHA", "ADA", "EFSA",
    "ARS", "NASA", "MIT", "UCLA", "UCSF", "RCT", "RCTS", "BMI", "DNA", "RNA", "HIV", "AIDS",
    "COVID", "IU", "MG", "MCG", "PDF", "HDL", "LDL", "BMD", "CKD", "CVD", "CHD", "MRI", "CT",
    "PET", "ICU", "ER", "GP", "PHD", "MD", "BBC", "CNN", "ABC", "CBS", "NBC", "AP", "NEW", "THE",
    "OUR", "THIS", "ONE",
];

static NAMED_STUDY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"\b([A-Z][A-Z0-9]{2,11}(?:-[A-Z0-9]+)?)\s+(?:study|trial|cohort|project)\b",
    )
    .expect("named-study pattern is valid")
});

/// The short names of studies a text names ("the Finnish ALPHA study",
/// "the BETA-2 trial"), each once, in order, with the words that name it
/// ("ALPHA study").
#[must_use]
pub fn study_names(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for c in NAMED_STUDY.captures_iter(text) {
        let name = &c[1];
        let letters = name.chars().filter(char::is_ascii_uppercase).count();
        if letters >= 3 && !NOT_A_STUDY_NAME.contains(&name) && !out.iter().any(|(n, _)| n == name)
        {
            out.push((name.to_string(), c[0].to_string()));
        }
    }
    out
}

/// Whether `text` names `name` as a whole word.
#[must_use]
pub fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_person_who_did_the_work() {
        assert_eq!(
            by_author("a review by Ada Lind of a big school").as_deref(),
            Some("Lind")
        );
        assert_eq!(
            by_author("a trial led by Dr. Tom O'Hara").as_deref(),
            Some("O'Hara")
        );
        assert_eq!(
            by_author("said lead author Dr. Mia Sole of the clinic").as_deref(),
            Some("Sole")
        );
        assert_eq!(by_author("caused by the sun"), None);
        assert_eq!(
            lead_author("funded by Acme Health; led by Ana Ruiz").as_deref(),
            Some("Ruiz")
        );
    }

    #[test]
    fn journals_and_dates_cited_in_brackets() {
        let cites = |t: &str| journal_cites(t);
        assert_eq!(
            cites("Tea did nothing (Sleep Med Rev July 6, 2011, below)."),
            [("Sleep Med Rev".to_string(), 2011)]
        );
        assert_eq!(cites("More falls (BMJ 2017)."), [("BMJ".to_string(), 2017)]);
        assert_eq!(
            cites("Risk rose (Ann Bone Res 11/04)."),
            [("Ann Bone Res".to_string(), 2004)]
        );
        // an author-year citation, a bare date and a count are not journals
        assert!(cites("Risk rose (Okafor, 2015).").is_empty());
        assert!(cites("Risk rose (March 2015).").is_empty());
        assert!(cites("Risk rose (n = 2015).").is_empty());
    }

    #[test]
    fn studies_named_by_a_short_name() {
        let text = "In the Nordic ALPHA study of 900 men, and the BETA-2 trial, not the NIH study or the RCT study. ALPHA study again.";
        let found: Vec<(String, String)> = study_names(text);
        let names_only: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names_only, ["ALPHA", "BETA-2"]);
        assert_eq!(found[1].1, "BETA-2 trial");
        assert!(names("Both ALPHA and BETA-2 stopped.", "ALPHA"));
        assert!(!names("ALPHAS rose.", "ALPHA"));
        assert!(!names("BETA-22 rose.", "BETA-2"));
    }

    #[test]
    fn a_sentence_breaks_after_a_citation_it_goes_on_past() {
        let text = "Another trial saw less decline in work Green et al (2003), another that low zinc was tied to memory loss White JR et al. (2004).";
        let at = cite_breaks(text);
        assert_eq!(at.len(), 1);
        assert!(text[..at[0]].ends_with("(2003),"));
        assert_eq!(cited(&text[at[0]..]), [("White".to_string(), Some(2004))]);
        assert!(
            cite_breaks("Green et al (2003), in a trial of zinc, found less decline.").is_empty()
        );
    }

    #[test]
    fn a_citation_alone_is_told_from_a_claim() {
        assert!(only_a_citation("Brown et al (2019)."));
        assert!(only_a_citation("(Brown and Black, 2019)"));
        assert!(!only_a_citation("Brown et al (2019) found less pain."));
        assert!(!only_a_citation("Zinc helped."));
    }

    #[test]
    fn in_text_citations() {
        type Case<'a> = (&'a str, &'a [(&'a str, Option<i32>)]);
        let cases: &[Case<'_>] = &[
            ("Zinc helped (Berg, 2019).", &[("Berg", Some(2019))]),
            ("As Berg et al. (2019) found", &[("Berg", Some(2019))]),
            ("Lund and colleagues gave zinc", &[("Lund", None)]),
            ("Zinc helped (Berg et al., 2019)", &[("Berg", Some(2019))]),
            ("Zinc helped (p < 0.05, 2019)", &[]),
            (
                "Zinc helped (Berg & Lund, 2019; Ito 2020).",
                &[("Berg", Some(2019)), ("Ito", Some(2020))],
            ),
        ];
        for (text, want) in cases {
            let got = cited(text);
            let got: Vec<(&str, Option<i32>)> = got.iter().map(|(s, y)| (s.as_str(), *y)).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn numbered_citations() {
        assert_eq!(cited_numbers("as shown [2]."), [2]);
        assert_eq!(cited_numbers("as shown [1, 3] and [5-7]"), [1, 3, 5, 6, 7]);
        assert!(cited_numbers("an array [x]").is_empty());
    }

    #[test]
    fn claims_score_highest_against_their_own_title() {
        let claim = "Zinc at 30 mg per day shortened colds over two years compared to placebo in healthy older men.";
        let right = "Two-year zinc supplementation shortens colds in healthy older men";
        let wrong = "Iron and anaemia in pregnant women: a meta-analysis";
        assert!(score(claim, right) > score(claim, wrong) + 5.0);
    }

    #[test]
    fn forms_and_plurals_meet() {
        assert!(words("MK-7 helps").contains(&"mk-7".to_string()));
        assert!(words("menaquinone-7 helps").contains(&"mk-7".to_string()));
        assert_eq!(words("fractures studies"), ["fracture", "study"]);
    }
}
