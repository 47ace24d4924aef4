//! Reader for vitascope's own JSON: what `list --format json` writes reads
//! back to the same records (an array of records, or one record).

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::study::Study;
use crate::vocabulary::Vocabulary;

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Study>),
    One(Box<Study>),
}

/// Reads an array of records or a single record.
#[must_use]
pub fn read(path: &str, text: &str, _vocab: &Vocabulary) -> Parsed {
    match serde_json::from_str::<OneOrMany>(text) {
        Ok(OneOrMany::Many(studies)) => Parsed {
            studies,
            diagnostics: Vec::new(),
        },
        Ok(OneOrMany::One(study)) => Parsed {
            studies: vec![*study],
            diagnostics: Vec::new(),
        },
        Err(e) => Parsed {
            studies: Vec::new(),
            diagnostics: vec![Diagnostic::error(
                path,
                u32::try_from(e.line()).ok(),
                format!("not a vitascope record list: {e}"),
            )],
        },
    }
}
