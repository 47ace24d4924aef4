//! Reader for medline exports (to be written: the import issue).

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::vocabulary::Vocabulary;

/// Reads every record of the file.
#[must_use]
pub fn read(path: &str, _text: &str, _vocab: &Vocabulary) -> Parsed {
    Parsed {
        studies: Vec::new(),
        diagnostics: vec![Diagnostic::error(
            path,
            None,
            "this export format is not supported yet",
        )],
    }
}
