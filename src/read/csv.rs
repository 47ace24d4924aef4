//! Reader for vitascope's own CSV export: a header of the field names
//! `evidence::KEYS` lists, then one study a row, list fields one item a
//! line within their cell. A CSV file of any other shape describes no
//! study and is said so.

use crate::diagnostic::Diagnostic;
use crate::read::{Parsed, evidence};
use crate::study::Study;
use crate::vocabulary::Vocabulary;

/// True when `first_line` is the header vitascope writes.
#[must_use]
pub fn is_own_header(first_line: &str) -> bool {
    first_line.trim_start_matches('\u{FEFF}').trim_end() == evidence::KEYS.join(",")
}

/// Reads each row as a study; a row that cannot be read is skipped with
/// its line, and the rest load.
#[must_use]
pub fn read(path: &str, text: &str, _vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    if !text.lines().next().is_some_and(is_own_header) {
        parsed.diagnostics.push(Diagnostic::warning(
            path,
            Some(1),
            format!(
                "no study found: a CSV table that is not a vitascope export (its header is not {}…)",
                evidence::KEYS[..3].join(",")
            ),
        ));
        return parsed;
    }
    let mut rows = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    for row in rows.records() {
        let (line, result) = match row {
            Ok(row) => (row.position().map(csv::Position::line), study(&row)),
            Err(e) => (e.position().map(csv::Position::line), Err(e.to_string())),
        };
        match result {
            Ok(s) => parsed.studies.push(s),
            Err(why) => parsed.diagnostics.push(Diagnostic::error(
                path,
                line.and_then(|l| u32::try_from(l).ok()),
                format!("vitascope CSV row skipped: {why}"),
            )),
        }
    }
    parsed
}

/// One row as a study: each cell split into its items, then set by name.
fn study(row: &csv::StringRecord) -> Result<Study, String> {
    let mut pairs = Vec::new();
    for (key, cell) in evidence::KEYS.iter().zip(row.iter()) {
        if evidence::is_list(key) {
            pairs.extend(
                cell.split('\n')
                    .filter(|v| !v.is_empty())
                    .map(|v| ((*key).to_string(), v.to_string())),
            );
        } else if !cell.is_empty() {
            pairs.push(((*key).to_string(), cell.to_string()));
        }
    }
    let mut s = Study::default();
    evidence::apply(&mut s, &pairs)?;
    Ok(s)
}
