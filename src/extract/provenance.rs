//! Where each extracted value was read: the rules report the place in the
//! passage a value came from, and `explain` gives each value with the
//! sentence around that place, so a user can check it and a wrong value
//! shows why it was taken.

use crate::extract::Evidence;
use crate::extract::sentences::Sentence;
use crate::study::{Design, Details, Trace};

/// A field of the record a rule fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Design,
    N,
    Ages,
    Sex,
    Species,
    Description,
    IncludedStudies,
    /// the dose at this index of `doses`
    Dose(usize),
    Duration,
    Comparator,
}

impl Field {
    /// The field's name as in the record (`doses[1]` for the second dose).
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Field::Design => "design".into(),
            Field::N => "population.n".into(),
            Field::Ages => "population.age".into(),
            Field::Sex => "population.sex".into(),
            Field::Species => "population.species".into(),
            Field::Description => "population.description".into(),
            Field::IncludedStudies => "included_studies".into(),
            Field::Dose(i) => format!("doses[{i}]"),
            Field::Duration => "duration".into(),
            Field::Comparator => "comparator".into(),
        }
    }
}

/// Each field a rule filled and the byte in the passage it read it at.
pub type Places = Vec<(Field, usize)>;

/// The values of `ev`, each with the sentence of `sentences` it was read
/// in, in the record's field order.
#[must_use]
pub fn traces(ev: &Evidence, places: &Places, sentences: &[Sentence<'_>]) -> Vec<Trace> {
    let mut out: Vec<Trace> = places
        .iter()
        .filter_map(|&(field, at)| {
            Some(Trace {
                field: field.label(),
                value: value_of(ev, field)?,
                text: crate::text::squash(sentence_at(sentences, at)?),
            })
        })
        .collect();
    out.sort_by_key(|t| order(&t.field));
    out
}

/// The traces whose value the record still shows once its reader has had
/// the last word (a design from the title, a species from the design).
#[must_use]
pub fn still_true(traces: Vec<Trace>, design: Design, details: &Details) -> Vec<Trace> {
    let fields = [
        Field::Design,
        Field::N,
        Field::Ages,
        Field::Sex,
        Field::Species,
        Field::Description,
        Field::IncludedStudies,
        Field::Duration,
        Field::Comparator,
    ];
    let ev = Evidence {
        design,
        details: details.clone(),
        ..Evidence::default()
    };
    traces
        .into_iter()
        .filter(|t| {
            let field = fields
                .into_iter()
                .find(|f| f.label() == t.field)
                .or_else(|| dose_index(&t.field).map(Field::Dose));
            field.is_some_and(|f| value_of(&ev, f).as_ref() == Some(&t.value))
        })
        .collect()
}

/// The trace of a design read from the study's title.
#[must_use]
pub fn from_title(design: Design, title: &str) -> Trace {
    Trace {
        field: Field::Design.label(),
        value: design.as_str().to_string(),
        text: crate::text::squash(title),
    }
}

fn dose_index(label: &str) -> Option<usize> {
    label
        .strip_prefix("doses[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The sentence holding byte `at`.
fn sentence_at<'a>(sentences: &[Sentence<'a>], at: usize) -> Option<&'a str> {
    let k = sentences.partition_point(|s| s.start <= at);
    sentences.get(k.checked_sub(1)?).map(|s| s.text)
}

fn order(label: &str) -> usize {
    const ORDER: &[&str] = &[
        "design",
        "population.n",
        "population.description",
        "population.species",
        "population.age",
        "population.sex",
        "included_studies",
        "doses",
        "comparator",
        "duration",
    ];
    ORDER
        .iter()
        .position(|o| label.starts_with(o))
        .unwrap_or(ORDER.len())
}

/// A field's value as the record shows it, if the rules gave one.
fn value_of(ev: &Evidence, field: Field) -> Option<String> {
    let d = &ev.details;
    let p = &d.population;
    let years = |a: f32| format!("{a}");
    match field {
        Field::Design => ev.design.is_known().then(|| ev.design.as_str().to_string()),
        Field::N => p.n.map(|n| n.to_string()),
        Field::Ages => match (p.age_min, p.age_max) {
            (Some(a), Some(b)) => Some(format!("{}–{} years", years(a), years(b))),
            (Some(a), None) => Some(format!("{} years or older", years(a))),
            (None, Some(b)) => Some(format!("up to {} years", years(b))),
            (None, None) => None,
        },
        Field::Sex => p.sex.map(|s| format!("{s:?}").to_lowercase()),
        Field::Species => p.species.clone(),
        Field::Description => p.description.clone(),
        Field::IncludedStudies => d.included_studies.map(|n| n.to_string()),
        Field::Dose(i) => d.doses.get(i).map(|dose| dose.text.clone()),
        Field::Duration => d.duration.clone(),
        Field::Comparator => d.comparator.clone(),
    }
}
