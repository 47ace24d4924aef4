//! Reader for free-text articles (plain text, Markdown, saved HTML): one
//! record per study the article describes or cites.
//!
//! The references decide the records: each is a study. The article's prose
//! is cut into claims (a sentence, or a results lead-in with its bullets);
//! each claim with study evidence goes to the reference it cites, else to
//! the one whose title it matches best, else to the study the article
//! reports (a labelled or only reference), else to the article's own
//! record. Page furniture, quoted remarks of people and advice sections are
//! nobody's evidence.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::extract::{
    self, attribution, boilerplate, citation, citation::Reference, design, dose, duration,
    findings, html, population, sentences,
};
use crate::read::Parsed;
use crate::study::{Design, Source, Study};
use crate::vocabulary::{Kind, Vocabulary};

/// How much a claim must share with a reference title to be given to it
/// without a citation.
const MATCH_THRESHOLD: f32 = 6.0;

/// What a section heading says its content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Results, summaries, plain prose.
    Findings,
    /// Methods, limitations, dosage notes: evidence but no results.
    NoFindings,
    /// Advice to the reader: nobody's evidence.
    Advice,
    /// A reference list: entries, never claims.
    References,
}

/// One statement of the article, with where it is.
#[derive(Debug, Clone)]
struct Claim {
    text: String,
    /// 0-based line.
    line: usize,
    paragraph: usize,
    findings_ok: bool,
}

/// Who a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Reference(usize),
    Article,
}

/// Reads one article.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let text = if html::is_html(text) {
        html::to_text(text)
    } else {
        text.to_string()
    };
    let lines: Vec<String> = text.lines().map(clean_markdown).collect();
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let refs = citation::find(&line_refs);
    let mut taken = vec![false; lines.len()];
    for r in &refs {
        for &l in &r.lines {
            taken[l] = true;
        }
    }
    let headline_at = headline_line(&line_refs, &taken);
    let headline = headline_at.map(|i| headline_text(&lines[i]));
    if let Some(i) = headline_at {
        taken[i] = true;
    }
    let (claims, unread) = claims(&line_refs, &taken);
    let diagnostics = unread
        .into_iter()
        .map(|i| {
            Diagnostic::warning(
                path,
                Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                "reference list entry not understood (expected authors, year, title and journal or DOI): kept out of the records",
            )
        })
        .collect();
    let primary = primary(&refs, &text);
    let targets = attribute(&claims, &refs, primary);

    let mut studies = Vec::new();
    for (k, r) in refs.iter().enumerate() {
        let target = Target::Reference(k);
        let mine: Vec<&Claim> = claims_of(&claims, &targets, target);
        let about = context(
            &claims,
            &targets,
            &mine,
            headline.as_deref().filter(|_| primary == Some(target)),
        );
        studies.push(record(
            path,
            headline.as_deref(),
            Some(r),
            &mine,
            &about,
            vocab,
        ));
    }
    let mine = claims_of(&claims, &targets, Target::Article);
    if refs.is_empty() || !mine.is_empty() {
        for (g, group) in studies_told_apart(&mine).into_iter().enumerate() {
            let about = context(
                &claims,
                &targets,
                &group,
                headline.as_deref().filter(|_| g == 0),
            );
            let title = if g == 0 {
                headline.clone()
            } else {
                group.first().map(|c| short_title(&c.text))
            };
            studies.push(record(path, title.as_deref(), None, &group, &about, vocab));
            if let (Some(last), Some(h)) = (studies.last_mut(), headline.as_ref()) {
                last.source.headline = Some(h.clone());
            }
        }
    }
    Parsed {
        studies,
        diagnostics,
    }
}

fn claims_of<'c>(claims: &'c [Claim], targets: &[Option<Target>], t: Target) -> Vec<&'c Claim> {
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
fn context(
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
static NEW_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^(?:a|an|another|one|in a|in an|in another|a second|a third)\s+(?:[\w,-]+\s+){0,4}?(?:study|trial|meta-analysis|review|analysis|experiment)\b")
        .expect("new-study pattern is valid")
});

/// The claims of an article that cites nothing, split where the text opens
/// the account of another study, so a page describing three studies gives
/// three records.
fn studies_told_apart<'c>(mine: &[&'c Claim]) -> Vec<Vec<&'c Claim>> {
    let mut groups: Vec<Vec<&Claim>> = vec![Vec::new()];
    for c in mine {
        let current_has_evidence = groups.last().is_some_and(|g| !g.is_empty());
        if current_has_evidence && NEW_STUDY.is_match(&c.text) {
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(c);
        }
    }
    groups
}

/// A title made of a study's first sentence, cut at a word near 100
/// characters.
fn short_title(sentence: &str) -> String {
    let s = crate::text::squash(sentence);
    if s.chars().count() <= 100 {
        return s.trim_end_matches('.').to_string();
    }
    let cut: String = s.chars().take(100).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// Markdown marks that are not words: heading hashes, emphasis, links.
fn clean_markdown(line: &str) -> String {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"\[([^\]]*)\]\([^)]*\)").expect("link pattern is valid")
    });
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"^\s*#{1,6}\s+|^\s*>\s?").expect("heading pattern is valid")
    });
    static STAR_BULLET: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"^(\s*)[*+]\s+").expect("bullet pattern is valid")
    });
    let l = LINK.replace_all(line, "$1");
    let l = HEADING.replace(&l, "");
    let l = STAR_BULLET.replace(&l, "$1- ");
    let l = l.replace("**", "").replace("__", "");
    l.trim_end().to_string()
}

/// The first real title line: not furniture, not a reference.
fn headline_line(lines: &[&str], taken: &[bool]) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .find(|(i, l)| !l.trim().is_empty() && !taken[*i] && !boilerplate::is_boilerplate(l))
        .map(|(i, _)| i)
}

/// A page title without its site suffix ("Title | Site").
fn headline_text(line: &str) -> String {
    let t = crate::text::squash(line);
    match t.split_once(" | ") {
        Some((head, _)) if head.chars().count() >= 8 => head.trim().to_string(),
        _ => t,
    }
}

/// The kind of section a heading opens.
fn section_of(heading: &str) -> Section {
    static ADVICE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)means for you|what you can do|\btips\b|how to|advice|bottom line|takeaway|related|relevance|practical|recommendations?\b|should you")
            .expect("advice pattern is valid")
    });
    static NO_FINDINGS: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)limitation|dosage|administration|background|introduction|\bwhy\b|\bnote\b|\bmethods?\b|references")
            .expect("no-findings pattern is valid")
    });
    static REFERENCES: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)^(?:references?|bibliography|sources|literature cited|works cited|citations?)\s*:?$")
            .expect("references pattern is valid")
    });
    if REFERENCES.is_match(heading.trim()) {
        Section::References
    } else if ADVICE.is_match(heading) {
        Section::Advice
    } else if NO_FINDINGS.is_match(heading) {
        Section::NoFindings
    } else {
        Section::Findings
    }
}

fn is_bullet(line: &str) -> bool {
    static BULLET: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"^\s*(?:[-*•·▪◦‣]|\d{1,2}[.)])\s+")
            .expect("bullet pattern is valid")
    });
    BULLET.is_match(line)
}

/// A short line without a closing stop that introduces a section.
fn is_heading(line: &str) -> bool {
    let l = line.trim();
    let words = l.split_whitespace().count();
    (1..=8).contains(&words)
        && !is_bullet(l)
        && !l.ends_with(['.', '!', ':', ';', ',', '"', '”'])
        && l.chars().next().is_some_and(char::is_uppercase)
}

/// The article's statements, in order, without furniture, remarks, advice.
/// Also returns the lines of a reference list that no rule could read.
fn claims(lines: &[&str], taken: &[bool]) -> (Vec<Claim>, Vec<usize>) {
    let mut unread = Vec::new();
    let mut out: Vec<Claim> = Vec::new();
    let mut section = Section::Findings;
    let mut paragraph = 0;
    let mut group: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if boilerplate::is_tail(line) {
            break;
        }
        if line.is_empty() || taken[i] || boilerplate::is_boilerplate(line) {
            continue;
        }
        paragraph += 1;
        if is_heading(line) && !is_bullet(line) {
            section = section_of(line);
            group = None;
            continue;
        }
        if section == Section::References {
            unread.push(i);
            continue;
        }
        if section == Section::Advice || boilerplate::is_quoted_remark(line) {
            continue;
        }
        let findings_ok = section == Section::Findings;
        if is_bullet(line) {
            if let Some(g) = group {
                out[g].text.push('\n');
                out[g].text.push_str(line);
                continue;
            }
        } else {
            group = None;
        }
        if line.ends_with(':') {
            group = Some(out.len());
            out.push(Claim {
                text: line.to_string(),
                line: i,
                paragraph,
                findings_ok,
            });
            continue;
        }
        let body = BULLET_MARK.replace(line, "");
        for s in sentences::split(&body) {
            out.push(Claim {
                text: s.text.to_string(),
                line: i,
                paragraph,
                findings_ok,
            });
        }
    }
    (out, unread)
}

static BULLET_MARK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"^\s*(?:[-*•·▪◦‣])\s+").expect("bullet pattern is valid")
});

/// Words that say the article reports one particular study.
static REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:this|the present|our) (?:[\w-]+ ){0,2}(?:study|trial|research|review|paper|analysis)\b|\bthe (?:researchers|authors|investigators)\b|\ba (?:new |recent )?(?:paper|study|article) (?:was )?published\b")
        .expect("reports pattern is valid")
});

/// Words that make a sentence study evidence on its own.
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)\b(?:this|the|our|a new|a recent|the present|in this) (?:[\w-]+ ){0,2}(?:study|trial|review|paper|meta-analysis)\b|\bthe (?:researchers|authors|investigators)\b|\bparticipants\b|\brandomly\b|\benrolled\b|\bp\s*[<=]\s*0")
        .expect("anchor pattern is valid")
});

/// The study the article reports, when it names one: a labelled reference
/// ("Reference:", "Original Study Reference"), or the only reference of an
/// article that speaks of "this study". With no reference at all, the
/// article itself.
fn primary(refs: &[Reference], text: &str) -> Option<Target> {
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
fn is_anchor(claim: &str, vocab_free: bool) -> bool {
    let _ = vocab_free;
    ANCHOR.is_match(claim)
        || design::of(claim).is_known()
        || has_dose(claim)
        || population::count(claim).is_some()
        || duration::find(claim).is_some()
        || claim.contains('\n')
}

fn has_dose(claim: &str) -> bool {
    static DOSE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)\d\s*-?\s*(?:mcg|µg|μg|ug|mg|grams?|IU)\b")
            .expect("dose pattern is valid")
    });
    DOSE.is_match(claim)
}

/// Who each claim is about (`None`: nobody's evidence).
fn attribute(claims: &[Claim], refs: &[Reference], primary: Option<Target>) -> Vec<Option<Target>> {
    let mut out: Vec<Option<Target>> = Vec::with_capacity(claims.len());
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
        } else if is_anchor(&c.text, true) {
            best_match(&c.text, refs, primary)
                .or(primary)
                .or(Some(Target::Article))
        } else if previous.is_some() {
            previous
        } else if reporting {
            primary
        } else if findings::result_of(&c.text).is_some() {
            // a bare result sentence needs a closer match than one that
            // names a design, dose or population
            best_match(&c.text, refs, primary)
                .filter(|t| match t {
                    Target::Reference(k) => refs[*k].title.as_deref().is_some_and(|title| {
                        attribution::score(&c.text, title) >= 2.0 * MATCH_THRESHOLD
                    }),
                    Target::Article => false,
                })
                .or(primary)
        } else {
            None
        };
        if target.is_some() && target == primary && matches!(primary, Some(Target::Reference(_))) {
            reporting = true;
        }
        out.push(target);
    }
    out
}

fn cited_reference(text: &str, refs: &[Reference]) -> Option<usize> {
    let by_number = attribution::cited_numbers(text)
        .into_iter()
        .find_map(|n| refs.iter().position(|r| r.number == Some(n)));
    by_number.or_else(|| {
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
fn best_match(claim: &str, refs: &[Reference], primary: Option<Target>) -> Option<Target> {
    let scored = refs.iter().enumerate().filter_map(|(k, r)| {
        r.title
            .as_deref()
            .map(|t| (k, attribution::score(claim, t)))
    });
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
        let primary_score = refs[p]
            .title
            .as_deref()
            .map_or(0.0, |t| attribution::score(claim, t));
        if best < primary_score + MATCH_THRESHOLD {
            return Some(Target::Reference(p));
        }
    }
    Some(Target::Reference(k))
}

/// Builds one record from a reference (or the article) and its claims.
fn record(
    path: &str,
    headline: Option<&str>,
    reference: Option<&Reference>,
    claims: &[&Claim],
    context: &str,
    vocab: &Vocabulary,
) -> Study {
    let passage: String = claims
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let ev = extract::analyse(&passage, vocab);
    let title = reference
        .and_then(|r| r.title.clone())
        .or_else(|| headline.map(str::to_string))
        .or_else(|| claims.first().map(|c| c.text.clone()))
        .unwrap_or_else(|| "Untitled article".to_string());
    let title_design = reference.map_or(Design::Unknown, |_| design::of(&title));
    let design = if title_design.is_known() {
        title_design
    } else {
        ev.design
    };
    let mut findings_out: Vec<String> = Vec::new();
    for c in claims.iter().filter(|c| c.findings_ok) {
        for f in findings::find(&c.text) {
            if !findings_out.contains(&f) {
                findings_out.push(f);
            }
        }
    }
    let mut population = ev.population;
    let title_population = population::find(&title);
    if let Some(species) = title_population.species.clone().filter(|s| s != "human") {
        population.species = Some(species);
    }
    population.species = population
        .species
        .or(title_population.species)
        .or_else(|| (design == Design::InVitro).then(|| "cells".to_string()));
    if population
        .species
        .as_deref()
        .is_some_and(|s| s != "human" && s != "cells")
    {
        // an animal study's subjects are the animals, not the patients the
        // background mentions
        let animal = sentences::split(&passage)
            .into_iter()
            .filter(|s| population::species(s.text) == population.species)
            .find_map(|s| population::description(s.text));
        population.description = animal.or(title_population.description.clone());
    }
    population.sex = population.sex.or(title_population.sex);
    population.description = population.description.or(title_population.description);
    let about = format!(
        "{context}\n{}\n{passage}",
        reference.map_or("", |_| title.as_str())
    );
    let line = claims
        .first()
        .map(|c| c.line)
        .or(reference.map(|r| r.line))
        .unwrap_or(0);
    Study {
        id: String::new(),
        title,
        design,
        citation: reference.map(|r| r.citation.clone()).unwrap_or_default(),
        population,
        included_studies: ev.included_studies.filter(|_| {
            matches!(
                design,
                Design::MetaAnalysis | Design::SystematicReview | Design::Review
            )
        }),
        doses: ev.doses,
        comparator: ev.comparator,
        duration: ev.duration,
        findings: findings_out,
        nutrients: vocab.distinct(Kind::Nutrient, &about),
        conditions: vocab.distinct(Kind::Condition, &about),
        source: Source {
            path: path.to_string(),
            headline: headline.map(str::to_string),
            line: Some(u32::try_from(line + 1).unwrap_or(u32::MAX)),
        },
        ..Study::default()
    }
}
