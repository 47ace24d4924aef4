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

mod assign;
pub mod attribution;
pub mod boilerplate;
pub mod citation;
mod claims;
pub mod html;

use assign::{
    Target, attribute, cited_in_text, claims_of, context, named_in_text, primary,
    studies_told_apart,
};
use claims::{Claim, clean_markdown, headline_line, headline_text};

use crate::diagnostic::Diagnostic;
use crate::extract::{self, design, findings, population, provenance, sentences};
use crate::read::Parsed;
use crate::study::{Citation, Design, Details, Name, Population, Source, Study};
use crate::vocabulary::{Kind, Vocabulary};
use citation::Reference;

/// Builds the article-only rules' patterns now, first-used last (see
/// `read::warm_up`).
pub fn warm() {
    attribution::warm();
    citation::warm();
    boilerplate::warm();
    html::warm();
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
    let mut refs = citation::find(&line_refs);
    let mut taken = vec![false; lines.len()];
    for (i, raw) in text.lines().enumerate() {
        for mut r in citation::linked(raw) {
            r.line = i;
            refs.push(r);
        }
    }
    for r in &refs {
        for &l in &r.lines {
            taken[l] = true;
        }
    }
    // the study an article reports is decided by its reference list; the
    // studies it cites only in its prose are added after
    let primary = primary(&refs, &text);
    let (lines, refs) = with_inline_references(lines, &taken, refs);
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let headline_at = headline_line(&line_refs, &taken);
    let headline = headline_at.map(|i| headline_text(&lines[i]));
    if let Some(i) = headline_at {
        taken[i] = true;
    }
    let (claims, unread) = claims::claims(&line_refs, &taken);
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
    let mut refs = refs;
    let in_text = cited_in_text(&claims, &refs);
    let primary = reported_in_brackets(&refs, &in_text).or(primary);
    refs.extend(in_text);
    let named = named_in_text(&claims, &mut refs, primary);
    refs.extend(named);
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
        let r = named_by_headline(r, headline.as_deref(), primary == Some(target));
        studies.push(record(
            path,
            headline.as_deref(),
            Some(&r),
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
            let told: Vec<&str> = group.iter().map(|c| c.text.as_str()).collect();
            let title = citation::named_title(&told.join("\n"))
                .or_else(|| group.first().and_then(|c| c.lead.clone()))
                .or_else(|| {
                    if g == 0 {
                        headline.clone()
                    } else {
                        group.first().map(|c| short_title(&c.text))
                    }
                });
            let mut study = record(path, title.as_deref(), None, &group, &about, vocab);
            study.source.headline.clone_from(&headline);
            if g == 0 && refs.is_empty() {
                of_the_page(&mut study.citation, &text);
            }
            studies.push(study);
        }
    }
    Parsed {
        studies,
        diagnostics,
    }
}

/// What the page says of its own study's citation when it gives no
/// reference: a lone PMID or DOI names it, and the page's remarks name its
/// author and date.
fn of_the_page(c: &mut Citation, text: &str) {
    let (doi, pmid) = citation::lone_identifiers(text);
    c.doi = doi;
    c.pmid = pmid;
    let (journal, year, authors) = citation::inline_labels(text);
    c.year = c.year.or(year).or_else(|| citation::year_published(text));
    if c.journal.is_none() {
        c.journal = journal.map(Name::from);
    }
    if c.authors.is_empty() {
        c.authors = authors.into();
    }
    if let Some((journal, year)) = citation::masthead(text) {
        c.journal.get_or_insert(journal.into());
        c.year.get_or_insert(year);
    }
    if c.journal.is_none() {
        c.journal = citation::journal_named(text).map(Name::from);
    }
    if c.authors.is_empty() {
        c.authors = attribution::lead_author(text)
            .into_iter()
            .collect::<Vec<_>>()
            .into();
    }
}

/// The study the page reports is named by its headline when its
/// reference gives no title.
fn named_by_headline<'r>(
    r: &'r Reference,
    headline: Option<&str>,
    reported: bool,
) -> std::borrow::Cow<'r, Reference> {
    if reported && r.title.is_none() {
        std::borrow::Cow::Owned(Reference {
            title: headline.map(str::to_string),
            ..r.clone()
        })
    } else {
        std::borrow::Cow::Borrowed(r)
    }
}

/// A page that cites one study, in brackets by its journal, and gives no
/// reference list reports that study ("… the trial (Journal. 2009;
/// 31:3-9)").
fn reported_in_brackets(refs: &[Reference], in_text: &[Reference]) -> Option<Target> {
    match in_text {
        [one] if refs.is_empty() && one.citation.journal.is_some() => Some(Target::Reference(0)),
        _ => None,
    }
}

/// References written inside prose lines join the list, each replaced in
/// its line by "Surname et al. (Year)", so the claim around it cites it
/// the way a short citation would.
fn with_inline_references(
    mut lines: Vec<String>,
    taken: &[bool],
    mut refs: Vec<Reference>,
) -> (Vec<String>, Vec<Reference>) {
    for (i, line) in lines.iter_mut().enumerate() {
        if taken[i] {
            continue;
        }
        let found = citation::inline(line);
        for (span, mut r) in found.into_iter().rev() {
            let surname = r
                .citation
                .authors
                .first()
                .and_then(|a| a.split_whitespace().next());
            let (Some(surname), Some(year)) = (surname, r.citation.year) else {
                continue;
            };
            line.replace_range(span, &format!("{surname} et al. ({year})"));
            r.line = i;
            refs.push(r);
        }
    }
    (lines, refs)
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
    let (ev, traces) = extract::explain(&passage, vocab);
    // a study cited without its title is named by what the article says of
    // it, not by the article's headline, which is another study's
    let untitled_reference = reference.is_some_and(|r| r.title.is_none());
    let title = reference
        .and_then(|r| r.title.clone())
        .or_else(|| {
            claims
                .first()
                .filter(|_| untitled_reference)
                .map(|c| c.lead.clone().unwrap_or_else(|| short_title(&c.text)))
        })
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
    let population = population_of(ev.details.population, &passage, &title, design);
    // a digest paragraph's headline says what its study was about
    let mut leads: Vec<&str> = claims.iter().filter_map(|c| c.lead.as_deref()).collect();
    leads.dedup();
    let about = format!(
        "{context}\n{}\n{}\n{passage}",
        reference.map_or("", |_| title.as_str()),
        leads.join("\n")
    );
    let line = claims
        .first()
        .map(|c| c.line)
        .or(reference.map(|r| r.line))
        .unwrap_or(0);
    let nutrients = nutrients_of(&about, headline, vocab);
    let mut doses = ev.details.doses;
    for d in doses.iter_mut().filter(|d| d.nutrient.is_none()) {
        // "those taking 400 IU or more": the nutrient the study is about,
        // the first its account names
        d.nutrient = nutrients.first().map(|n| n.as_str().to_string());
    }
    let mut details = Details {
        population,
        included_studies: ev.details.included_studies.filter(|_| {
            matches!(
                design,
                Design::MetaAnalysis | Design::SystematicReview | Design::Review
            )
        }),
        doses,
        comparator: ev.details.comparator,
        duration: ev.details.duration,
        findings: findings_out,
        evidence: Vec::new(),
    };
    details.evidence = provenance::still_true(traces, design, &details);
    if title_design.is_known() {
        details.evidence.retain(|t| t.field != "design");
        details
            .evidence
            .insert(0, provenance::from_title(design, &title));
    }
    Study {
        id: String::new(),
        title,
        design,
        citation: reference.map_or_else(|| told_citation(&about), |r| r.citation.clone()),
        details: details.into(),
        nutrients,
        conditions: vocab.distinct(Kind::Condition, &about),
        source: Source {
            path: path.into(),
            headline: headline.map(str::to_string),
            line: Some(u32::try_from(line + 1).unwrap_or(u32::MAX)),
        },
        ..Study::default()
    }
}

/// What an article that gives no reference says of its study's citation:
/// the journal and year it was published in, and its first author when
/// the text names one group of authors ("Lee et al. showed…").
fn told_citation(about: &str) -> Citation {
    let mut surnames: Vec<String> = attribution::cited(about)
        .into_iter()
        .filter(|(_, year)| year.is_none())
        .map(|(surname, _)| surname)
        .collect();
    surnames.dedup();
    if surnames.is_empty() {
        surnames.extend(attribution::by_author(about));
    }
    Citation {
        journal: citation::journal_named(about).map(Name::from),
        year: citation::year_published(about),
        authors: if surnames.len() == 1 {
            surnames.into()
        } else {
            Vec::<String>::new().into()
        },
        ..Citation::default()
    }
}

/// The nutrients a record's text names; a study that names none is taken
/// to be about the nutrient of the article that cites it.
fn nutrients_of(about: &str, headline: Option<&str>, vocab: &Vocabulary) -> Vec<Name> {
    let own = vocab.distinct(Kind::Nutrient, about);
    match headline {
        Some(h) if own.is_empty() => vocab.distinct(Kind::Nutrient, h),
        _ => own,
    }
}

/// Who a record studied: what its claims say, made specific by its title (a
/// rat model's subjects are rats, not the patients the background names).
fn population_of(found: Population, passage: &str, title: &str, design: Design) -> Population {
    let mut population = found;
    let title_population = population::find(title);
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
        let animal = sentences::split(passage)
            .into_iter()
            .filter(|s| population::species(s.text) == population.species)
            .find_map(|s| population::description(s.text));
        population.description = animal.or(title_population.description.clone());
    }
    population.sex = population.sex.or(title_population.sex);
    population.description = population.description.or(title_population.description);
    population
}
