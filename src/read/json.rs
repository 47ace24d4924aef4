//! Reader for vitascope's own JSON: what `list --format json` writes reads
//! back to the same records (an array of records, or one record).

use crate::read::{Parsed, json_items};
use crate::study::Study;
use crate::vocabulary::Vocabulary;

/// Reads an array of records or a single record; a record with a value
/// out of range (`"n": 1e20`, `"line": 4294967296`) is skipped with its
/// line, and the rest load.
#[must_use]
pub fn read(path: &str, text: &str, _vocab: &Vocabulary) -> Parsed {
    let items = json_items::read::<Study>(path, text, "vitascope JSON");
    Parsed {
        studies: items.read.into_iter().map(|(_, s)| s).collect(),
        diagnostics: items.diagnostics,
    }
}
