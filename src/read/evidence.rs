//! The fields of a record as named text values, for the formats that have
//! no place of their own for them.
//!
//! CSV writes every field as a column of this name; RIS keeps what a
//! citation lacks (design, population, doses, findings …) in `N1` notes
//! `vitascope-KEY: value`, and `BibTeX` in `vitascope-KEY` fields, since
//! reference managers keep both. The readers give the values back, so
//! vitascope reads its own exports to the same records.
//!
//! A list field is one value per item (CSV joins them with line breaks,
//! which no record text holds once the store has made it visible). A dose
//! is written in the compact form [`dose_text`] documents.

use crate::study::{Design, Details, Dose, Sex, Source, Study, Unit};

/// Every field's key, in CSV column order: the citation, then what the
/// study's text says, then where it came from.
pub const KEYS: [&str; 30] = [
    "id",
    "title",
    "design",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
    "n",
    "population",
    "species",
    "age_min",
    "age_max",
    "sex",
    "included_studies",
    "doses",
    "comparator",
    "duration",
    "findings",
    "nutrients",
    "conditions",
    "abstract",
    "source_path",
    "source_headline",
    "source_line",
    "sources",
];

/// The keys RIS and `BibTeX` have tags of their own for.
const CITED: [&str; 11] = [
    "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "url",
    "abstract",
];

/// The keys RIS and `BibTeX` carry as notes: those their own tags do not.
pub fn extracted() -> impl Iterator<Item = &'static str> {
    KEYS.into_iter().filter(|k| !CITED.contains(k))
}

/// Keys whose value is a list (one value per item).
#[must_use]
pub fn is_list(key: &str) -> bool {
    matches!(
        key,
        "authors" | "doses" | "findings" | "nutrients" | "conditions" | "sources"
    )
}

/// The values of one field of a study (none when it is absent; one per item
/// of a list).
#[must_use]
pub fn values(s: &Study, key: &str) -> Vec<String> {
    let d = s.details();
    let p = &d.population;
    let c = &s.citation;
    let one = |v: Option<String>| v.into_iter().collect::<Vec<_>>();
    let text = |v: &Option<String>| one(v.clone());
    let num = |v: Option<f32>| one(v.map(|x| x.to_string()));
    match key {
        "id" => vec![s.id.clone()],
        "title" => vec![s.title.clone()],
        "design" => vec![s.design.as_str().to_string()],
        "authors" => c.authors.iter().map(str::to_string).collect(),
        "year" => one(c.year.map(|y| y.to_string())),
        "journal" => one(c.journal.as_ref().map(ToString::to_string)),
        "volume" => text(&c.volume),
        "issue" => text(&c.issue),
        "pages" => text(&c.pages),
        "doi" => text(&c.doi),
        "pmid" => text(&c.pmid),
        "url" => text(&c.url),
        "n" => one(p.n.map(|n| n.to_string())),
        "population" => text(&p.description),
        "species" => text(&p.species),
        "age_min" => num(p.age_min),
        "age_max" => num(p.age_max),
        "sex" => one(p.sex.map(|x| x.as_str().to_string())),
        "included_studies" => one(d.included_studies.map(|n| n.to_string())),
        "doses" => d.doses.iter().map(dose_text).collect(),
        "comparator" => text(&d.comparator),
        "duration" => text(&d.duration),
        "findings" => d.findings.clone(),
        "nutrients" => s.nutrients.iter().map(ToString::to_string).collect(),
        "conditions" => s.conditions.iter().map(ToString::to_string).collect(),
        "abstract" => text(&s.abstract_text),
        "source_path" => vec![s.source.path.to_string()],
        "source_headline" => text(&s.source.headline),
        "source_line" => one(s.source.line.map(|l| l.to_string())),
        "sources" => s
            .sources
            .iter()
            .filter_map(|src| serde_json::to_string(src).ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// A dose in one line: `AMOUNT UNIT[/PER] | NUTRIENT | FORM | TEXT`, an
/// absent nutrient or form left empty (`100 mcg/day | vitamin K2 |
/// menaquinone-7 | 100 mcg menaquinone-7`). The text, which may hold
/// anything, comes last.
#[must_use]
pub fn dose_text(d: &Dose) -> String {
    let per = d
        .per
        .as_deref()
        .map(|p| format!("/{p}"))
        .unwrap_or_default();
    format!(
        "{} {}{per} | {} | {} | {}",
        d.amount,
        d.unit.as_str(),
        d.nutrient.as_deref().unwrap_or(""),
        d.form.as_deref().unwrap_or(""),
        d.text
    )
}

/// Reads [`dose_text`]'s form back.
///
/// # Errors
/// A sentence saying what is wrong with the text.
pub fn parse_dose(text: &str) -> Result<Dose, String> {
    let bad = || format!("dose {text:?} is not AMOUNT UNIT[/PER] | NUTRIENT | FORM | TEXT");
    // split at bars, not " | ": a line format may have squashed the two
    // spaces around an empty part into one
    let mut parts = text.splitn(4, '|');
    let (Some(quantity), Some(nutrient), Some(form), Some(said)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let (quantity, nutrient, form) = (quantity.trim(), nutrient.trim(), form.trim());
    let said = said.strip_prefix(' ').unwrap_or(said);
    let (amount, unit) = quantity.split_once(' ').ok_or_else(bad)?;
    let (unit, per) = match unit.split_once('/') {
        Some((u, p)) => (u, Some(p.to_string())),
        None => (unit, None),
    };
    let unit = match unit {
        "mcg" => Unit::Mcg,
        "mg" => Unit::Mg,
        "g" => Unit::G,
        "IU" => Unit::Iu,
        _ => return Err(bad()),
    };
    let given = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(Dose {
        nutrient: given(nutrient),
        form: given(form),
        amount: amount.parse().map_err(|_| bad())?,
        unit,
        per,
        text: said.to_string(),
    })
}

/// Sets the fields named in `pairs` (`key`, value) on `s`. When any field
/// of the study's text is among them, the study's details are exactly what
/// the pairs say (a field absent is empty), so that a record vitascope
/// wrote reads back as it was, not as the rules would read its abstract.
///
/// # Errors
/// A sentence naming the first value that could not be read.
pub fn apply(s: &mut Study, pairs: &[(String, String)]) -> Result<(), String> {
    let given = |key: &str| pairs.iter().any(|(k, _)| k == key);
    // a list read from these pairs replaces the one the reader guessed
    if given("authors") {
        s.citation.authors = Vec::<String>::new().into();
    }
    for (key, list) in [
        ("nutrients", &mut s.nutrients),
        ("conditions", &mut s.conditions),
    ] {
        if given(key) {
            list.clear();
        }
    }
    if given("sources") {
        s.sources.clear();
    }
    let own = extracted().any(given);
    if own {
        // where the record was first read, not the line of this copy
        s.source = Source::default();
    }
    let mut details = Details::default();
    for (key, value) in pairs {
        set(s, &mut details, key, value)?;
    }
    if own {
        s.details = details.into();
    }
    Ok(())
}

/// Sets one field from its text.
fn set(s: &mut Study, details: &mut Details, key: &str, value: &str) -> Result<(), String> {
    let bad = |what: &str| format!("{key} {value:?} is not {what}");
    let opt = || (!value.is_empty()).then(|| value.to_string());
    let c = &mut s.citation;
    let p = &mut details.population;
    match key {
        "id" => s.id = value.to_string(),
        "title" => s.title = value.to_string(),
        "design" => s.design = Design::parse(value).ok_or_else(|| bad("a design"))?,
        "authors" => c.authors.push(value),
        "year" => c.year = Some(value.parse().map_err(|_| bad("a year"))?),
        "journal" => c.journal = opt().map(Into::into),
        "volume" => c.volume = opt(),
        "issue" => c.issue = opt(),
        "pages" => c.pages = opt(),
        "doi" => c.doi = opt(),
        "pmid" => c.pmid = opt(),
        "url" => c.url = opt(),
        "abstract" => s.abstract_text = opt(),
        "n" => p.n = Some(value.parse().map_err(|_| bad("a count"))?),
        "population" => p.description = opt(),
        "species" => p.species = opt(),
        "age_min" => p.age_min = Some(value.parse().map_err(|_| bad("an age"))?),
        "age_max" => p.age_max = Some(value.parse().map_err(|_| bad("an age"))?),
        "sex" => p.sex = Some(sex(value).ok_or_else(|| bad("female, male or mixed"))?),
        "included_studies" => {
            details.included_studies = Some(value.parse().map_err(|_| bad("a count"))?);
        }
        "doses" => details.doses.push(parse_dose(value)?),
        "comparator" => details.comparator = opt(),
        "duration" => details.duration = opt(),
        "findings" => details.findings.push(value.to_string()),
        "nutrients" => s.nutrients.push(value.into()),
        "conditions" => s.conditions.push(value.into()),
        "source_path" => s.source.path = value.into(),
        "source_headline" => s.source.headline = opt(),
        "source_line" => s.source.line = Some(value.parse().map_err(|_| bad("a line"))?),
        "sources" => s
            .sources
            .push(serde_json::from_str::<Source>(value).map_err(|_| bad("a source in JSON"))?),
        _ => {} // a field of a later version: kept by nobody, harmless
    }
    Ok(())
}

fn sex(value: &str) -> Option<Sex> {
    match value {
        "female" => Some(Sex::Female),
        "male" => Some(Sex::Male),
        "mixed" => Some(Sex::Mixed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_read_back_from_their_compact_form() {
        let d = Dose {
            nutrient: Some("vitamin K2".into()),
            form: None,
            amount: 0.1,
            unit: Unit::Mg,
            per: Some("kg/day".into()),
            text: "0.1 mg | odd text | with bars".into(),
        };
        assert_eq!(
            dose_text(&d),
            "0.1 mg/kg/day | vitamin K2 |  | 0.1 mg | odd text | with bars"
        );
        assert_eq!(parse_dose(&dose_text(&d)), Ok(d));
        assert!(parse_dose("lots").is_err());
        assert!(parse_dose("1 cup | a | b | c").is_err());
    }
}
