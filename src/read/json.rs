//! Reader for vitascope's own JSON: what `list --format json` writes reads
//! back to the same records (an array of records, or one record).

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::study::Study;
use crate::vocabulary::Vocabulary;

/// Reads an array of records or a single record.
///
/// The shape is chosen by the first character rather than by serde's
/// untagged enums, which buffer the whole document as values first: at a
/// million records that is gigabytes.
#[must_use]
pub fn read(path: &str, text: &str, _vocab: &Vocabulary) -> Parsed {
    let parsed = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Study>>(text)
    } else {
        serde_json::from_str::<Study>(text).map(|s| vec![s])
    };
    match parsed {
        Ok(studies) => Parsed {
            studies,
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
