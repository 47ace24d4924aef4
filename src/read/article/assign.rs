//! Who each claim is about: the reference it cites, else the one whose
//! title it matches best, else the study the article reports, else the
//! article itself; and, for an article that cites nothing, where the text
//! turns to another study.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use super::attribution::{self, Profile};
use super::citation::Reference;
use super::claims::Claim;
use crate::extract::{design, dose, duration, findings, population};

/// How much a claim must share with a reference title to be given to it
/// without a citation.
pub(super) const MATCH_THRESHOLD: f32 = 6.0;

/// Who a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Reference(usize),
    Article,
}

/// The claims given to one target, in order.
pub(super) fn claims_of<'c>(
    claims: &'c [Claim],
    targets: &[Option<Target>],
    t: Target,
) -> Vec<&'c Claim> {
    claims
        .iter()
        .zip(targets)
        .filter(|(_, got)| **got == Some(t))
        .map(|(c, _)| c)
        .collect()
}

/// Text that says what a study is about without being its evidence: the
/// unattributed sentences of the paragraphs its claims are in, and the
/// headline when the article reports this study. Nutrients and conditions
/// are read from it too.
pub(super) fn context(
    claims: &[Claim],
    targets: &[Option<Target>],
    mine: &[&Claim],
    headline: Option<&str>,
) -> String {
    let paragraphs: Vec<usize> = mine.iter().map(|c| c.paragraph).collect();
    let mut out: Vec<&str> = Vec::new();
    out.extend(headline);
    out.extend(
        claims
            .iter()
            .zip(targets)
            .filter(|(c, t)| t.is_none() && paragraphs.contains(&c.paragraph))
            .map(|(c, _)| c.text.as_str()),
    );
    out.join("\n")
}

/// A sentence that opens the account of another study ("Another study
/// with 80 boys…", "A prospective, two-year pilot study…").
static NEW_STUDY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^(?:a|an|another|one|in a|in an|in another|a second|a third)\s+(?:[\w,-]+\s+){0,4}?(?:study|trial|meta-analysis|review|analysis|experiment)\b")
        .expect("new-study pattern is valid")
});

/// Words that put a study in the future or the conditional: one that is
/// planned, needed or would be run has no results to record ("A larger
/// trial is now being planned", "a study that would settle it").
static NOT_DONE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:being planned|is planned|are planned|planned to|will|would|should|could|is needed|are needed|needs to|future|proposed|upcoming|under way|underway|ongoing)\b")
        .expect("not-done pattern is valid")
});

/// An opener that says outright that the study is another one ("Another
/// trial…", "A second study…", "In a separate analysis…").
static ANOTHER: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^(?:in\s+)?(?:another|a second|a third|a fourth|a separate|a different|a further|a later|an earlier|a previous|a prior|one more)\b")
        .expect("another pattern is valid")
});

/// A year written in a sentence ("published in 2013", "a 2015 trial").
static YEAR: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"\b(19[5-9]\d|20[0-4]\d)\b").expect("year pattern is valid")
});

/// What a sentence says that tells one study from another: its head
/// count, duration, kind of design and the years it names.
#[derive(Default)]
struct Marks {
    counts: Vec<u32>,
    durations: Vec<String>,
    designs: Vec<&'static str>,
    years: Vec<String>,
}

impl Marks {
    fn of(text: &str) -> Marks {
        Marks {
            counts: population::count(text).into_iter().collect(),
            durations: duration::find(text).into_iter().collect(),
            designs: design::of(text).kind().into_iter().collect(),
            years: YEAR
                .find_iter(text)
                .map(|m| m.as_str().to_string())
                .collect(),
        }
    }

    fn add(&mut self, other: Marks) {
        self.counts.extend(other.counts);
        self.durations.extend(other.durations);
        self.designs.extend(other.designs);
        self.years.extend(other.years);
    }

    /// True when `new` states something these marks already state
    /// otherwise: a study of 40 is not a study of 90.
    fn contradicted_by(&self, new: &Marks) -> bool {
        fn differs<T: PartialEq>(have: &[T], new: &[T]) -> bool {
            !have.is_empty() && !new.is_empty() && new.iter().all(|n| !have.contains(n))
        }
        differs(&self.counts, &new.counts)
            || differs(&self.durations, &new.durations)
            || differs(&self.designs, &new.designs)
            || differs(&self.years, &new.years)
    }
}

/// The claims of an article that cites nothing, split where the text opens
/// the account of another study, so a page describing three studies gives
/// three records. An opener begins another account when it says so
/// ("another trial") or when what it states contradicts the account so far
/// (another head count, duration, kind of design or year); an article often
/// introduces its one study twice ("A recent study… In a randomized
/// trial…"). A study not yet done opens no account.
pub(super) fn studies_told_apart<'c>(mine: &[&'c Claim]) -> Vec<Vec<&'c Claim>> {
    let mut groups: Vec<Vec<&Claim>> = vec![Vec::new()];
    let mut marks = Marks::default();
    // whether the current account was opened by a study (not background)
    let mut opened = false;
    for c in mine {
        let current_has_evidence = groups.last().is_some_and(|g| !g.is_empty());
        let new = Marks::of(&c.text);
        let is_opener = NEW_STUDY.is_match(&c.text) && !NOT_DONE.is_match(&c.text);
        let opens = current_has_evidence
            && is_opener
            && (!opened || ANOTHER.is_match(&c.text) || marks.contradicted_by(&new));
        if opens {
            groups.push(Vec::new());
            marks = Marks::default();
        }
        opened |= is_opener;
        marks.add(new);
        if let Some(g) = groups.last_mut() {
            g.push(c);
        }
    }
    groups
}

/// Words that say the article reports one particular study.
static REPORTS: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:this|the present|our) (?:[\w-]+ ){0,2}(?:study|trial|research|review|paper|analysis)\b|\bthe (?:researchers|authors|investigators)\b|\ba (?:new |recent )?(?:paper|study|article) (?:was )?published\b")
        .expect("reports pattern is valid")
});

/// Words by which an article points at the study it reports.
static SELF_REFERENCE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:this|the present|the current|our) (?:[\w,-]+ ){0,3}(?:study|trial|research|analysis)\b")
        .expect("self-reference pattern is valid")
});

/// Words that make a sentence study evidence on its own.
static ANCHOR: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:this|the|our|a new|a recent|the present|in this) (?:[\w-]+ ){0,2}(?:study|trial|review|paper|meta-analysis)\b|\bthe (?:researchers|authors|investigators)\b|\bparticipants\b|\brandomly\b|\benrolled\b|\bp\s*[<=]\s*0")
        .expect("anchor pattern is valid")
});

/// The study the article reports, when it names one: a labelled reference
/// ("Reference:", "Original Study Reference"), or the only reference of an
/// article that speaks of "this study". With no reference at all, the
/// article itself.
pub(super) fn primary(refs: &[Reference], text: &str) -> Option<Target> {
    if refs.is_empty() {
        return Some(Target::Article);
    }
    if let Some(k) = refs.iter().position(|r| r.labelled) {
        return Some(Target::Reference(k));
    }
    (refs.len() == 1 && REPORTS.is_match(text)).then_some(Target::Reference(0))
}

/// True when a claim carries study evidence by itself: a design, a dose, a
/// head count, a duration, or words naming the study.
fn is_anchor(claim: &str) -> bool {
    ANCHOR.is_match(claim)
        || design::of(claim).is_known()
        || design::suggested_by(claim).is_known()
        || has_dose(claim)
        || population::count(claim).is_some()
        || duration::find(claim).is_some()
        || claim.contains('\n')
}

fn has_dose(claim: &str) -> bool {
    static DOSE: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\d\s*-?\s*(?:mcg|µg|μg|ug|mg|grams?|IU)\b")
            .expect("dose pattern is valid")
    });
    DOSE.is_match(claim)
}

/// Who each claim is about (`None`: nobody's evidence).
pub(super) fn attribute(
    claims: &[Claim],
    refs: &[Reference],
    primary: Option<Target>,
) -> Vec<Option<Target>> {
    let mut out: Vec<Option<Target>> = Vec::with_capacity(claims.len());
    let titles: Vec<Option<Profile>> = refs
        .iter()
        .map(|r| r.title.as_deref().map(Profile::of))
        .collect();
    // once the article starts reporting its own study, what follows is
    // about that study unless it says otherwise
    let mut reporting = false;
    for (i, c) in claims.iter().enumerate() {
        let previous = i
            .checked_sub(1)
            .and_then(|p| (claims[p].paragraph == c.paragraph).then(|| out[p]))
            .flatten();
        let target = if dose::is_advice_or_anecdote(&c.text) {
            None
        } else if let Some(k) = cited_reference(&c.text, refs) {
            Some(Target::Reference(k))
        } else if primary.is_some() && SELF_REFERENCE.is_match(&c.text) {
            // "This randomized trial enrolled …" speaks of the article's own
            // study, however much it shares with a cited title
            primary
        } else if is_anchor(&c.text) {
            best_match(&Profile::of(&c.text), &titles, primary)
                .map(|(t, _)| t)
                .or(primary)
                .or(Some(Target::Article))
        } else if previous.is_some() {
            previous
        } else if reporting {
            primary
        } else if findings::result_of(&c.text).is_some() {
            // a bare result sentence needs a closer match than one that
            // names a design, dose or population
            best_match(&Profile::of(&c.text), &titles, primary)
                .filter(|&(_, score)| score >= 2.0 * MATCH_THRESHOLD)
                .map(|(t, _)| t)
                .or(primary)
        } else {
            None
        };
        if target.is_some() && target == primary && matches!(primary, Some(Target::Reference(_))) {
            reporting = true;
        }
        if let Some(Target::Reference(_)) = target
            && attribution::only_a_citation(&c.text)
        {
            // "A trial of 40 … It improved memory. Surname et al (2019)."
            // cites what came before it in its paragraph
            for p in (0..i).rev() {
                // the page's own study keeps a sentence that names it
                let told_of_another = matches!(out[p], Some(Target::Reference(_)))
                    && out[p] != target
                    || SELF_REFERENCE.is_match(&claims[p].text);
                if claims[p].paragraph != c.paragraph
                    || told_of_another
                    || cited_reference(&claims[p].text, refs).is_some()
                {
                    break;
                }
                out[p] = target;
            }
        }
        out.push(target);
    }
    out
}

/// References for the studies a text cites by author and year but its
/// reference list (if any) does not hold: each is a study of its own.
pub(super) fn cited_in_text(claims: &[Claim], refs: &[Reference]) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    for c in claims {
        // a "Source: (Journal 2013; DOI …)" line gives the article's own
        // study, which the article's record already takes
        let labelled = LABELLED_SOURCE.is_match(&c.text);
        for (journal, year) in attribution::journal_cites(&c.text)
            .into_iter()
            .filter(|_| !labelled)
        {
            let known = refs
                .iter()
                .chain(&found)
                .any(|r| cites_journal(r, &journal, year));
            if !known {
                let told = super::citation::volume_issue_pages(&c.text, year);
                let (volume, issue, pages) =
                    told.map_or((None, None, None), |(v, i, p)| (Some(v), i, Some(p)));
                found.push(Reference {
                    citation: crate::study::Citation {
                        authors: attribution::by_author(&c.text)
                            .into_iter()
                            .collect::<Vec<_>>()
                            .into(),
                        journal: Some(journal.into()),
                        year: Some(year),
                        volume,
                        issue,
                        pages,
                        ..crate::study::Citation::default()
                    },
                    line: c.line,
                    ..Reference::default()
                });
            }
        }
        for (surname, year) in attribution::cited(&c.text) {
            let Some(year) = year else { continue };
            let known = refs.iter().chain(&found).any(|r| {
                attribution::cites(&surname, Some(year), &r.citation.authors, r.citation.year)
            });
            if !known {
                found.push(Reference {
                    citation: crate::study::Citation {
                        authors: vec![surname].into(),
                        year: Some(year),
                        ..crate::study::Citation::default()
                    },
                    line: c.line,
                    ..Reference::default()
                });
            }
        }
    }
    found
}

/// Studies the claims name by a short name and describe ("In the ALPHA
/// study of 900 men…"): a reference whose title holds the name takes it,
/// else the name becomes a study of its own, unless the article reports a
/// cited study, whose abstract most often names that study itself ("The
/// ALPHA study was a randomised trial…").
pub(super) fn named_in_text(
    claims: &[Claim],
    refs: &mut [Reference],
    primary: Option<Target>,
) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    for c in claims.iter().filter(|c| is_anchor(&c.text)) {
        for (name, words) in attribution::study_names(&c.text) {
            let known = refs
                .iter()
                .chain(&found)
                .any(|r| r.name.as_deref() == Some(name.as_str()));
            if known {
                continue;
            }
            if let Some(r) = refs.iter_mut().find(|r| {
                r.title
                    .as_deref()
                    .is_some_and(|t| attribution::names(t, &name))
            }) {
                r.name = Some(name);
                continue;
            }
            if let Some(Target::Reference(k)) = primary {
                refs[k].name.get_or_insert(name);
                continue;
            }
            found.push(Reference {
                title: Some(words),
                name: Some(name),
                line: c.line,
                ..Reference::default()
            });
        }
    }
    found
}

static LABELLED_SOURCE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(
        r"(?i)^\s*(?:original\s+)?(?:source|reference|citation|study|journal)s?\s*:",
    )
    .expect("labelled source pattern is valid")
});

/// Whether a reference is the one "(Journal Year)" names: same year, and
/// one journal name starts the other ("BMJ" and "BMJ Open" aside, an
/// abbreviation and its full name are not told apart here).
fn cites_journal(r: &Reference, journal: &str, year: i32) -> bool {
    r.citation.year == Some(year)
        && r.citation.journal.as_deref().is_some_and(|j| {
            let (a, b) = (j.to_lowercase(), journal.to_lowercase());
            a == b || a.starts_with(&format!("{b} ")) || b.starts_with(&format!("{a} "))
        })
}

fn cited_reference(text: &str, refs: &[Reference]) -> Option<usize> {
    let by_number = attribution::cited_numbers(text)
        .into_iter()
        .find_map(|n| refs.iter().position(|r| r.number == Some(n)));
    let mut named = refs.iter().enumerate().filter(|(_, r)| {
        r.name
            .as_deref()
            .is_some_and(|n| attribution::names(text, n))
    });
    // a claim that names two studies ("both ALPHA and BETA stopped") is
    // neither's alone
    let by_name = match (named.next(), named.next()) {
        (Some((k, _)), None) => Some(k),
        _ => None,
    };
    let by_journal = attribution::journal_cites(text)
        .into_iter()
        .find_map(|(journal, year)| refs.iter().position(|r| cites_journal(r, &journal, year)));
    by_number.or(by_name).or(by_journal).or_else(|| {
        attribution::cited(text)
            .into_iter()
            .find_map(|(surname, year)| {
                refs.iter().position(|r| {
                    attribution::cites(&surname, year, &r.citation.authors, r.citation.year)
                })
            })
    })
}

/// The reference whose title a claim shares the most with, when it shares
/// enough, and more than with the study the article reports.
fn best_match(
    claim: &Profile,
    titles: &[Option<Profile>],
    primary: Option<Target>,
) -> Option<(Target, f32)> {
    let scored = titles
        .iter()
        .enumerate()
        .filter_map(|(k, t)| t.as_ref().map(|t| (k, claim.score(t))));
    let (k, best) = scored.fold(None, |acc: Option<(usize, f32)>, (k, s)| match acc {
        Some((_, b)) if b >= s => acc,
        _ => Some((k, s)),
    })?;
    if best < MATCH_THRESHOLD {
        return None;
    }
    if let Some(Target::Reference(p)) = primary
        && p != k
    {
        let primary_score = titles[p].as_ref().map_or(0.0, |t| claim.score(t));
        if best < primary_score + MATCH_THRESHOLD {
            return Some((Target::Reference(p), primary_score));
        }
    }
    Some((Target::Reference(k), best))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(text: &str, paragraph: usize) -> Claim {
        Claim {
            text: text.to_string(),
            line: paragraph,
            paragraph,
            findings_ok: true,
            lead: None,
        }
    }

    #[test]
    fn anchors_are_claims_with_study_evidence_of_their_own() {
        let cases = [
            ("In this study, the authors measured iron.", true),
            ("Participants took 40 mg zinc.", true),
            ("We followed 300 adults.", true),
            ("A meta-analysis pooled the data.", true),
            ("Zinc is a mineral.", false),
            ("Research has shown that zinc helps.", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_anchor(text), want, "{text}");
        }
    }

    #[test]
    fn a_page_about_several_studies_is_split_where_another_begins() {
        let claims = [
            claim("A small study of 40 boys found less acne with zinc.", 1),
            claim("Acne fell by a third.", 1),
            claim("Another study with 90 girls found no change.", 2),
        ];
        let refs: Vec<&Claim> = claims.iter().collect();
        let groups = studies_told_apart(&refs);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, [2, 1]);
    }

    #[test]
    fn a_study_introduced_twice_is_one_study() {
        let claims = [
            claim(
                "A recent study, published in a bone journal in 2011, found denser hips.",
                1,
            ),
            claim("The aim of the study was to test a daily tablet.", 2),
            claim(
                "In a randomized, double-blind trial the tablet was given for 2 years.",
                2,
            ),
            claim("A trial of 300 men in 2016 found nothing.", 3),
        ];
        let refs: Vec<&Claim> = claims.iter().collect();
        let sizes: Vec<usize> = studies_told_apart(&refs).iter().map(Vec::len).collect();
        // the third claim adds to the first account; the fourth names
        // another year
        assert_eq!(sizes, [3, 1]);
        // the first study a page names opens its account after background
        let claims = [
            claim("Trials in adults found denser bones.", 1),
            claim("A study of 50 children found the same.", 2),
        ];
        let refs: Vec<&Claim> = claims.iter().collect();
        assert_eq!(studies_told_apart(&refs).len(), 2);
    }

    #[test]
    fn a_study_still_to_come_opens_no_account_of_its_own() {
        let claims = [
            claim("The team gave 60 runners beet juice for a week.", 1),
            claim("A bigger trial will follow next year.", 1),
            claim("An extended trial is now being planned.", 2),
            claim("Endurance rose by 4%.", 2),
        ];
        let refs: Vec<&Claim> = claims.iter().collect();
        assert_eq!(studies_told_apart(&refs).len(), 1);
    }

    #[test]
    fn the_article_s_own_trial_is_not_a_cited_title_it_resembles() {
        let refs = [Reference {
            title: Some("Iron for tired women: a randomized, double-blind trial".into()),
            ..Reference::default()
        }];
        let claims = [claim(
            "This randomized, double-blind trial gave iron to 80 tired women.",
            1,
        )];
        let targets = attribute(&claims, &refs, Some(Target::Article));
        assert_eq!(targets, [Some(Target::Article)]);
    }

    #[test]
    fn a_citation_closing_a_paragraph_takes_the_paragraph() {
        let reference = Reference {
            citation: crate::study::Citation {
                authors: vec!["Lee A".to_string()].into(),
                year: Some(2011),
                ..crate::study::Citation::default()
            },
            ..Reference::default()
        };
        let claims = [
            claim("A trial of 60 adults took zinc.", 1),
            claim("Colds were shorter by a day.", 1),
            claim("Lee et al. (2011).", 1),
            claim("A second trial of 90 children found nothing.", 2),
        ];
        let targets = attribute(&claims, &[reference], None);
        let lee = Some(Target::Reference(0));
        assert_eq!(targets[..3], [lee, lee, lee]);
        assert_ne!(targets[3], lee);
    }

    #[test]
    fn continuation_sentences_follow_the_claim_before_them() {
        let claims = [
            claim("Background on zinc.", 1),
            claim("A randomized trial of 60 adults found fewer colds.", 2),
            claim("Moreover, there were no side effects.", 2),
        ];
        let targets = attribute(&claims, &[], Some(Target::Article));
        assert_eq!(
            targets,
            [None, Some(Target::Article), Some(Target::Article)]
        );
    }
}
