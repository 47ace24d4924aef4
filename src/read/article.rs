//! Reader for free-text articles (plain text, Markdown, saved HTML): one
//! record per study the article describes or cites.

use crate::read::Parsed;
use crate::study::{Source, Study};
use crate::vocabulary::Vocabulary;

/// Reads one article.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let headline = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    let ev = crate::extract::analyse(text, vocab);
    let study = Study {
        title: headline.clone(),
        design: ev.design,
        nutrients: ev.nutrients,
        conditions: ev.conditions,
        source: Source {
            path: path.to_string(),
            headline: Some(headline),
            line: Some(1),
        },
        ..Study::default()
    };
    Parsed {
        studies: vec![study],
        diagnostics: Vec::new(),
    }
}
