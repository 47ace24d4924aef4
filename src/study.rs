//! The study record of `SCHEMA.md` as plain data.
//!
//! Every reader produces these and every consumer (store, filter, CLI,
//! browser) reads them; nothing here knows where a record came from or how it
//! is shown. Field names are a contract with scripts, so serde names follow
//! the schema exactly.

use serde::{Deserialize, Serialize};

/// One study, as SCHEMA.md defines it.
///
/// What a study's own text says of it (population, doses, comparator,
/// duration, findings) is its [`Details`]: a reader either gives them at
/// once, or, for a record whose text is an abstract, leaves a function that
/// reads them on first use. A library of a million exported abstracts then
/// loads in the time its citations take, and only the studies a person
/// opens, exports or sorts by size pay for the rules.
#[derive(Debug, Clone, Default)]
pub struct Study {
    pub id: String,
    pub title: String,
    pub design: Design,
    pub citation: Citation,
    pub details: LazyDetails,
    pub nutrients: Vec<Name>,
    pub conditions: Vec<Name>,
    pub source: Source,
    /// Every place a merged study was seen, `source` first; empty when the
    /// study was seen once. Added field: merging keeps both documents when
    /// two of them describe one study.
    pub sources: Vec<Source>,
    /// The abstract, when a bibliographic export carries one. Added field.
    pub abstract_text: Option<String>,
}

/// A canonical nutrient or condition name. The vocabulary holds each name
/// once and studies share it: a library of a million studies names a few
/// hundred nutrients and conditions, not millions.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Name(pub std::sync::Arc<str>);

impl Name {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(s.into())
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(s.into())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// What a study's text says of who was studied, how, and what was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Details {
    pub population: Population,
    pub included_studies: Option<u32>,
    pub doses: Vec<Dose>,
    pub comparator: Option<String>,
    pub duration: Option<String>,
    pub findings: Vec<String>,
    /// Each value beside the sentence it was read in, where a reader kept
    /// them (see `extract::evidence_of`); not part of the record.
    #[serde(skip)]
    pub evidence: Vec<Trace>,
}

/// One extracted value and the sentence it was read in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    /// the record's field (`population.n`, `doses[0]`)
    pub field: String,
    pub value: String,
    /// the sentence, as the text gives it
    pub text: String,
}

/// A reader's way to find a study's details later, and one fact it knew
/// that the text may not say (the species its subject headings name).
#[derive(Clone, Copy)]
pub struct Deferred {
    pub read: fn(&Study, Option<&'static str>) -> Details,
    pub hint: Option<&'static str>,
}

/// A study's details, read now or on first use (at most once, from any
/// thread).
#[derive(Clone, Default)]
pub struct LazyDetails {
    cell: std::sync::OnceLock<Box<Details>>,
    deferred: Option<Deferred>,
}

impl LazyDetails {
    /// Details read later by `deferred`.
    #[must_use]
    pub fn deferred(deferred: Deferred) -> LazyDetails {
        LazyDetails {
            cell: std::sync::OnceLock::new(),
            deferred: Some(deferred),
        }
    }

    /// True once the details are known (given, or read).
    #[must_use]
    pub fn is_read(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl From<Details> for LazyDetails {
    fn from(d: Details) -> LazyDetails {
        LazyDetails {
            cell: std::sync::OnceLock::from(Box::new(d)),
            deferred: None,
        }
    }
}

impl std::fmt::Debug for LazyDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cell.get() {
            Some(d) => d.fmt(f),
            None => f.write_str("Details(not read yet)"),
        }
    }
}

/// The record in SCHEMA.md's field order, borrowed: how a study is written
/// and compared, with its details read.
#[derive(Serialize, PartialEq)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    design: Design,
    citation: &'a Citation,
    population: &'a Population,
    included_studies: Option<u32>,
    doses: &'a [Dose],
    comparator: &'a Option<String>,
    duration: &'a Option<String>,
    findings: &'a [String],
    nutrients: &'a [Name],
    conditions: &'a [Name],
    source: &'a Source,
    #[serde(skip_serializing_if = "no_sources")]
    sources: &'a [Source],
    #[serde(rename = "abstract", skip_serializing_if = "no_text")]
    abstract_text: &'a Option<String>,
}

fn no_sources(s: &&[Source]) -> bool {
    s.is_empty()
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde hands skip_serializing_if a reference to the field"
)]
fn no_text(t: &&Option<String>) -> bool {
    t.is_none()
}

/// The record as read back from JSON.
#[derive(Deserialize)]
struct OwnedRecord {
    id: String,
    title: String,
    design: Design,
    citation: Citation,
    population: Population,
    included_studies: Option<u32>,
    doses: Vec<Dose>,
    comparator: Option<String>,
    duration: Option<String>,
    findings: Vec<String>,
    nutrients: Vec<Name>,
    conditions: Vec<Name>,
    source: Source,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default, rename = "abstract")]
    abstract_text: Option<String>,
}

impl Serialize for Study {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.record().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Study {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Study, D::Error> {
        let r = OwnedRecord::deserialize(deserializer)?;
        Ok(Study {
            id: r.id,
            title: r.title,
            design: r.design,
            citation: r.citation,
            details: Details {
                population: r.population,
                included_studies: r.included_studies,
                doses: r.doses,
                comparator: r.comparator,
                duration: r.duration,
                findings: r.findings,
                evidence: Vec::new(),
            }
            .into(),
            nutrients: r.nutrients,
            conditions: r.conditions,
            source: r.source,
            sources: r.sources,
            abstract_text: r.abstract_text,
        })
    }
}

impl PartialEq for Study {
    fn eq(&self, other: &Study) -> bool {
        self.record() == other.record()
    }
}

/// The study design vocabulary of SCHEMA.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    Rct,
    ControlledTrial,
    Cohort,
    CaseControl,
    CrossSectional,
    MetaAnalysis,
    SystematicReview,
    Review,
    Animal,
    InVitro,
    CaseReport,
    Other,
    #[default]
    Unknown,
}

impl Design {
    pub const ALL: [Design; 13] = [
        Design::Rct,
        Design::ControlledTrial,
        Design::Cohort,
        Design::CaseControl,
        Design::CrossSectional,
        Design::MetaAnalysis,
        Design::SystematicReview,
        Design::Review,
        Design::Animal,
        Design::InVitro,
        Design::CaseReport,
        Design::Other,
        Design::Unknown,
    ];

    /// The kinds of design, by name: what a `d:` term can name as a group
    /// and what tells two studies apart in an article.
    pub const GROUPS: [(&'static str, &'static [Design]); 3] = [
        ("trial", &[Design::Rct, Design::ControlledTrial]),
        (
            "observational",
            &[Design::Cohort, Design::CaseControl, Design::CrossSectional],
        ),
        (
            "synthesis",
            &[
                Design::MetaAnalysis,
                Design::SystematicReview,
                Design::Review,
            ],
        ),
    ];

    /// The group's name for a grouped design, else the design's own name;
    /// `None` for an unknown design.
    #[must_use]
    pub fn kind(self) -> Option<&'static str> {
        if !self.is_known() {
            return None;
        }
        Some(
            Design::GROUPS
                .iter()
                .find(|(_, members)| members.contains(&self))
                .map_or(self.as_str(), |(name, _)| name),
        )
    }

    /// The schema's name for the design (`meta-analysis`, `rct`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Design::Rct => "rct",
            Design::ControlledTrial => "controlled-trial",
            Design::Cohort => "cohort",
            Design::CaseControl => "case-control",
            Design::CrossSectional => "cross-sectional",
            Design::MetaAnalysis => "meta-analysis",
            Design::SystematicReview => "systematic-review",
            Design::Review => "review",
            Design::Animal => "animal",
            Design::InVitro => "in-vitro",
            Design::CaseReport => "case-report",
            Design::Other => "other",
            Design::Unknown => "unknown",
        }
    }

    /// Parses a schema name or a common spelling (`RCT`, `meta analysis`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Design> {
        let norm: String = s
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '_' { '-' } else { c })
            .collect();
        let norm = match norm.as_str() {
            "randomized-controlled-trial" | "randomised-controlled-trial" | "trial" => "rct",
            "meta" | "metaanalysis" => "meta-analysis",
            "sr" => "systematic-review",
            "invitro" => "in-vitro",
            other => other,
        };
        Design::ALL.into_iter().find(|d| d.as_str() == norm)
    }

    /// How much a design says about a study: used to let the richer of two
    /// guesses win when merging or attributing.
    #[must_use]
    pub fn is_known(self) -> bool {
        !matches!(self, Design::Unknown)
    }
}

impl std::fmt::Display for Design {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A publication's authors in order, held as one string of names joined by
/// newlines: a list of strings costs some 50 bytes an author in headers and
/// allocator rounding, and a library of a million studies names millions of
/// authors. Serialises as a list of names.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Authors(Box<str>);

impl Authors {
    /// The names, in order.
    #[must_use]
    pub fn iter(&self) -> Names<'_> {
        // an empty list is no names, not one empty name
        Names((!self.0.is_empty()).then(|| self.0.split('\n')))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            memchr::memchr_iter(b'\n', self.0.as_bytes()).count() + 1
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[must_use]
    pub fn first(&self) -> Option<&str> {
        self.iter().next()
    }

    /// Adds a name at the end (a newline in it becomes a space; an empty
    /// name is not added).
    pub fn push(&mut self, name: &str) {
        let mut all = AuthorsBuilder(String::from(std::mem::take(&mut self.0)));
        all.push(name);
        self.0 = all.0.into_boxed_str();
    }

    /// The names joined by `sep`.
    #[must_use]
    pub fn join(&self, sep: &str) -> String {
        if sep == "\n" {
            return self.0.to_string();
        }
        self.0.replace('\n', sep)
    }
}

/// Names gathered one at a time into a buffer that a reader keeps from
/// record to record, made into [`Authors`] at once: a reader of a million
/// records pushes millions of names, and growing each record's list name by
/// name would reallocate it every time.
#[derive(Debug, Default)]
pub struct AuthorsBuilder(String);

impl AuthorsBuilder {
    /// Adds a name at the end (see [`Authors::push`]).
    pub fn push(&mut self, name: &str) {
        if name.is_empty() {
            return;
        }
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        push_name(&mut self.0, name);
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names so far; the builder is left empty, keeping its room.
    pub fn take(&mut self) -> Authors {
        let names = Authors(self.0.as_str().into());
        self.0.clear();
        names
    }
}

/// The names of an [`Authors`], in order.
#[derive(Clone)]
pub struct Names<'a>(Option<std::str::Split<'a, char>>);

impl<'a> Iterator for Names<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        self.0.as_mut()?.next()
    }
}

impl DoubleEndedIterator for Names<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.as_mut()?.next_back()
    }
}

/// The `i`th name; panics when there is none, as a list's index does.
impl std::ops::Index<usize> for Authors {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        match self.iter().nth(i) {
            Some(name) => name,
            None => panic!("author {i} of {}", self.len()),
        }
    }
}

impl<'a> IntoIterator for &'a Authors {
    type Item = &'a str;
    type IntoIter = Names<'a>;
    fn into_iter(self) -> Names<'a> {
        self.iter()
    }
}

fn push_name(all: &mut String, name: &str) {
    if name.contains('\n') {
        all.push_str(&name.replace('\n', " "));
    } else {
        all.push_str(name);
    }
}

impl<S: AsRef<str>> FromIterator<S> for Authors {
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Authors {
        let mut all = AuthorsBuilder::default();
        for name in names {
            all.push(name.as_ref());
        }
        Authors(all.0.into_boxed_str())
    }
}

impl From<Vec<String>> for Authors {
    fn from(names: Vec<String>) -> Authors {
        names.into_iter().collect()
    }
}

impl<const N: usize> From<[&str; N]> for Authors {
    fn from(names: [&str; N]) -> Authors {
        names.into_iter().collect()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Authors {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl PartialEq<Vec<&str>> for Authors {
    fn eq(&self, other: &Vec<&str>) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl std::fmt::Debug for Authors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Authors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Authors {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Authors, D::Error> {
        Ok(Vec::<String>::deserialize(deserializer)?.into())
    }
}

/// What the text says of the publication; absent parts are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Citation {
    pub authors: Authors,
    pub year: Option<i32>,
    /// Shared by the studies of one journal (see `Name`).
    pub journal: Option<Name>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

impl Citation {
    fn make_inert(&mut self) {
        use crate::text::{make_visible as inert, visible};
        if self
            .authors
            .iter()
            .any(|a| matches!(visible(a), std::borrow::Cow::Owned(_)))
        {
            self.authors = self.authors.iter().map(visible).collect();
        }
        self.journal.iter_mut().for_each(Name::make_inert);
        for part in [
            &mut self.volume,
            &mut self.issue,
            &mut self.pages,
            &mut self.doi,
            &mut self.pmid,
            &mut self.url,
        ] {
            part.iter_mut().for_each(inert);
        }
    }
}

impl Details {
    fn make_inert(&mut self) {
        use crate::text::make_visible as inert;
        let p = &mut self.population;
        p.description.iter_mut().for_each(inert);
        p.species.iter_mut().for_each(inert);
        for dose in &mut self.doses {
            for part in [&mut dose.nutrient, &mut dose.form, &mut dose.per] {
                part.iter_mut().for_each(inert);
            }
            inert(&mut dose.text);
        }
        self.comparator.iter_mut().for_each(inert);
        self.duration.iter_mut().for_each(inert);
        self.findings.iter_mut().for_each(inert);
        for t in &mut self.evidence {
            inert(&mut t.value);
            inert(&mut t.text);
        }
    }
}

impl Name {
    fn make_inert(&mut self) {
        if let std::borrow::Cow::Owned(shown) = crate::text::visible(self) {
            *self = Name::from(shown);
        }
    }
}

impl Source {
    fn make_inert(&mut self) {
        if let std::borrow::Cow::Owned(shown) = crate::text::visible(&self.path) {
            self.path = shown.into();
        }
        self.headline.iter_mut().for_each(crate::text::make_visible);
    }
}

/// Who was studied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Population {
    pub n: Option<u32>,
    pub description: Option<String>,
    pub species: Option<String>,
    pub age_min: Option<f32>,
    pub age_max: Option<f32>,
    pub sex: Option<Sex>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
    Mixed,
}

impl Sex {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Mixed => "mixed",
        }
    }
}

/// One dose the text attributes to a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dose {
    pub nutrient: Option<String>,
    pub form: Option<String>,
    pub amount: f64,
    pub unit: Unit,
    pub per: Option<String>,
    pub text: String,
}

/// Dose units, normalised (µg and μg are `mcg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "mcg")]
    Mcg,
    #[serde(rename = "mg")]
    Mg,
    #[serde(rename = "g")]
    G,
    #[serde(rename = "IU")]
    Iu,
}

impl Unit {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Mcg => "mcg",
            Unit::Mg => "mg",
            Unit::G => "g",
            Unit::Iu => "IU",
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    /// Shared by every record of a file (a large export has a million).
    pub path: std::sync::Arc<str>,
    pub headline: Option<String>,
    pub line: Option<u32>,
}

impl Study {
    /// What the study's text says of it, read now if a reader deferred it.
    #[must_use]
    pub fn details(&self) -> &Details {
        self.details.cell.get_or_init(|| {
            Box::new(
                self.details
                    .deferred
                    .map(|d| (d.read)(self, d.hint))
                    .unwrap_or_default(),
            )
        })
    }

    /// Reads the details now if a reader deferred them.
    pub fn ensure_details(&self) {
        let _ = self.details();
    }

    /// The details, read first if they were deferred, for changing.
    pub fn details_mut(&mut self) -> &mut Details {
        self.ensure_details();
        self.details
            .cell
            .get_mut()
            .expect("details were read just above")
    }

    /// The details, owned (read first if they were deferred).
    #[must_use]
    pub fn take_details(&mut self) -> Details {
        std::mem::take(self.details_mut())
    }

    fn record(&self) -> Record<'_> {
        let d = self.details();
        Record {
            id: &self.id,
            title: &self.title,
            design: self.design,
            citation: &self.citation,
            population: &d.population,
            included_studies: d.included_studies,
            doses: &d.doses,
            comparator: &d.comparator,
            duration: &d.duration,
            findings: &d.findings,
            nutrients: &self.nutrients,
            conditions: &self.conditions,
            source: &self.source,
            sources: &self.sources,
            abstract_text: &self.abstract_text,
        }
    }

    /// Makes every text of the record [`visible`](crate::text::visible):
    /// control, escape, bidi and zero-width characters become placeholders
    /// and line breaks spaces, so that no printer, of any format, can pass
    /// them to a terminal. Details not read yet are left: they will be read
    /// from the title and abstract, made visible here.
    pub fn make_inert(&mut self) {
        use crate::text::make_visible as inert;
        inert(&mut self.id);
        inert(&mut self.title);
        self.citation.make_inert();
        if let Some(d) = self.details.cell.get_mut() {
            d.make_inert();
        }
        for name in self.nutrients.iter_mut().chain(&mut self.conditions) {
            name.make_inert();
        }
        for source in std::iter::once(&mut self.source).chain(&mut self.sources) {
            source.make_inert();
        }
        self.abstract_text.iter_mut().for_each(inert);
    }

    /// The first author's surname: the name without its trailing initials
    /// ("de Hoon" of "de Hoon MJ"), or a collective name whole.
    #[must_use]
    pub fn first_author_surname(&self) -> Option<&str> {
        let name = self.citation.authors.first()?.trim();
        let surname = match name.rsplit_once(' ') {
            Some((rest, last)) if last.len() <= 4 && last.chars().all(char::is_uppercase) => {
                rest.trim_end()
            }
            _ => name,
        };
        Some(surname).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_a_list_held_in_one_string() {
        let mut a = Authors::default();
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
        assert_eq!(a.iter().count(), 0, "no names, not one empty name");
        assert_eq!(a.first(), None);
        a.push("Okafor N");
        a.push("");
        a.push("Lindqvist\nB");
        assert_eq!(a, ["Okafor N", "Lindqvist B"]);
        assert_eq!(a.len(), 2);
        assert_eq!(&a[1], "Lindqvist B");
        assert_eq!(a.iter().next_back(), Some("Lindqvist B"));
        assert_eq!(a.join("; "), "Okafor N; Lindqvist B");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"["Okafor N","Lindqvist B"]"#);
        assert_eq!(serde_json::from_str::<Authors>(&json).unwrap(), a);
        assert_eq!(format!("{a:?}"), r#"["Okafor N", "Lindqvist B"]"#);
        let built: Authors = vec!["Ba C".to_string(), String::new(), "Do E".into()].into();
        assert_eq!(built, ["Ba C", "Do E"]);
        let mut builder = AuthorsBuilder::default();
        for name in ["Ba C", "", "Do\nE"] {
            builder.push(name);
        }
        assert!(!builder.is_empty());
        assert_eq!(builder.take(), ["Ba C", "Do E"]);
        assert!(
            builder.is_empty(),
            "taking leaves it empty for the next record"
        );
        builder.push("Fa G");
        assert_eq!(builder.take(), ["Fa G"]);
    }

    #[test]
    fn surnames_keep_particles_and_drop_initials() {
        let with = |a: &str| Study {
            citation: Citation {
                authors: [a].into(),
                ..Citation::default()
            },
            ..Study::default()
        };
        assert_eq!(with("de Hoon MJ").first_author_surname(), Some("de Hoon"));
        assert_eq!(with("Lee A").first_author_surname(), Some("Lee"));
        assert_eq!(with("Lee").first_author_surname(), Some("Lee"));
        assert_eq!(
            with("Vitamin Study Group").first_author_surname(),
            Some("Vitamin Study Group")
        );
        assert_eq!(Study::default().first_author_surname(), None);
    }

    #[test]
    fn design_names_round_trip_through_parse() {
        for d in Design::ALL {
            assert_eq!(Design::parse(d.as_str()), Some(d));
        }
        assert_eq!(Design::parse("Meta Analysis"), Some(Design::MetaAnalysis));
        assert_eq!(Design::parse("RCT"), Some(Design::Rct));
        assert_eq!(Design::parse("nonsense"), None);
    }

    #[test]
    fn record_serialises_with_schema_field_names() {
        let s = Study {
            id: "x-2020".into(),
            title: "T".into(),
            design: Design::MetaAnalysis,
            details: Details {
                doses: vec![Dose {
                    nutrient: Some("vitamin D3".into()),
                    form: None,
                    amount: 400.0,
                    unit: Unit::Iu,
                    per: Some("day".into()),
                    text: "400 IU/day".into(),
                }],
                ..Details::default()
            }
            .into(),
            ..Study::default()
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["design"], "meta-analysis");
        assert_eq!(v["doses"][0]["unit"], "IU");
        assert!(v["citation"]["authors"].as_array().unwrap().is_empty());
        assert!(v["population"]["n"].is_null());
        assert!(v.get("sources").is_none(), "empty added fields stay out");
        // written in the schema's field order
        let text = serde_json::to_string(&s).unwrap();
        let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
        let order = [
            "id",
            "title",
            "design",
            "citation",
            "population",
            "included_studies",
            "doses",
            "comparator",
            "duration",
            "findings",
            "nutrients",
            "conditions",
            "source",
        ];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
        let back: Study = serde_json::from_value(v).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn deferred_details_are_read_once_on_first_use() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static READS: AtomicUsize = AtomicUsize::new(0);
        fn read(s: &Study, hint: Option<&'static str>) -> Details {
            READS.fetch_add(1, Ordering::SeqCst);
            let mut d = Details::default();
            d.findings.push(format!("read from {}", s.title));
            d.population.species = hint.map(str::to_string);
            d
        }
        let s = Study {
            title: "T".into(),
            details: LazyDetails::deferred(Deferred {
                read,
                hint: Some("rat"),
            }),
            ..Study::default()
        };
        assert!(!s.details.is_read());
        assert_eq!(s.details().findings, ["read from T"]);
        assert_eq!(s.details().population.species.as_deref(), Some("rat"));
        assert!(s.details.is_read());
        assert_eq!(READS.load(Ordering::SeqCst), 1);
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["findings"][0], "read from T");
    }
}
