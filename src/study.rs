//! The study record of `SCHEMA.md` as plain data.
//!
//! Every reader produces these and every consumer (store, filter, CLI,
//! browser) reads them; nothing here knows where a record came from or how it
//! is shown. Field names are a contract with scripts, so serde names follow
//! the schema exactly.

use serde::{Deserialize, Serialize};

/// One study, as SCHEMA.md defines it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Study {
    pub id: String,
    pub title: String,
    pub design: Design,
    pub citation: Citation,
    pub population: Population,
    pub included_studies: Option<u32>,
    pub doses: Vec<Dose>,
    pub comparator: Option<String>,
    pub duration: Option<String>,
    pub findings: Vec<String>,
    pub nutrients: Vec<String>,
    pub conditions: Vec<String>,
    pub source: Source,
    /// Every place a merged study was seen, `source` first; empty when the
    /// study was seen once. Added field: merging keeps both documents when
    /// two of them describe one study.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The abstract, when a bibliographic export carries one. Added field.
    #[serde(default, rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub abstract_text: Option<String>,
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

/// What the text says of the publication; absent parts are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Citation {
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub journal: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
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
    pub path: String,
    pub headline: Option<String>,
    pub line: Option<u32>,
}

impl Study {
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
    fn surnames_keep_particles_and_drop_initials() {
        let with = |a: &str| Study {
            citation: Citation {
                authors: vec![a.into()],
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
            doses: vec![Dose {
                nutrient: Some("vitamin D3".into()),
                form: None,
                amount: 400.0,
                unit: Unit::Iu,
                per: Some("day".into()),
                text: "400 IU/day".into(),
            }],
            ..Study::default()
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["design"], "meta-analysis");
        assert_eq!(v["doses"][0]["unit"], "IU");
        assert!(v["citation"]["authors"].as_array().unwrap().is_empty());
        assert!(v["population"]["n"].is_null());
        assert!(v.get("sources").is_none(), "empty added fields stay out");
    }
}
