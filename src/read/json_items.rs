//! The items of a JSON file (an array of them, or one object), each read
//! on its own: one item with a value out of range (`1e400`, a lone
//! `\ud800`, a count past `u32`) is skipped with its line and the value
//! quoted, and the rest of the file loads.
//!
//! The whole file is parsed in one go first; only when that fails is it cut
//! into its items, unparsed, and each parsed alone (a million records do
//! not pay twice for one bad value).

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::diagnostic::Diagnostic;

/// What a JSON file gave: each item read, with its place in the file's
/// list, and a diagnostic for each one that was not.
pub struct Items<T> {
    pub read: Vec<(usize, T)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every item of `text` as a `T`; `what` names the format in
/// messages ("CSL-JSON").
#[must_use]
pub fn read<T: DeserializeOwned>(path: &str, text: &str, what: &str) -> Items<T> {
    let is_array = text.trim_start().starts_with('[');
    let whole = if is_array {
        serde_json::from_str::<Vec<T>>(text)
    } else {
        serde_json::from_str::<T>(text).map(|t| vec![t])
    };
    match whole {
        Ok(all) => Items {
            read: all.into_iter().enumerate().collect(),
            diagnostics: Vec::new(),
        },
        Err(_) => one_by_one(path, text, what, is_array),
    }
}

/// Cuts `text` into its items without reading their values, then reads
/// each alone.
fn one_by_one<T: DeserializeOwned>(path: &str, text: &str, what: &str, is_array: bool) -> Items<T> {
    let raw = if is_array {
        serde_json::from_str::<Vec<&RawValue>>(text)
    } else {
        serde_json::from_str::<&RawValue>(text).map(|r| vec![r])
    };
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            return Items {
                read: Vec::new(),
                diagnostics: vec![Diagnostic::error(
                    path,
                    u32::try_from(e.line()).ok(),
                    format!("not {what}: {e}"),
                )],
            };
        }
    };
    let mut items = Items {
        read: Vec::with_capacity(raw.len()),
        diagnostics: Vec::new(),
    };
    let mut lines = Lines::default();
    for (i, item) in raw.into_iter().enumerate() {
        let item = item.get();
        match serde_json::from_str::<T>(item) {
            Ok(t) => items.read.push((i, t)),
            Err(e) => {
                let first = lines.line_at(text, offset_in(text, item));
                let line = first.saturating_add(u32::try_from(e.line().max(1) - 1).unwrap_or(0));
                items.diagnostics.push(Diagnostic::error(
                    path,
                    Some(line),
                    format!(
                        "{what} record skipped: {} ({})",
                        reason(&e),
                        near(item, e.line(), e.column())
                    ),
                ));
            }
        }
    }
    items
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// What went wrong, without serde's "at line … column …" (the diagnostic
/// has the file's line).
fn reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The text just before `column` of `line` in `item` (1-based, as serde
/// reports where it stopped), from the start of its `"key": value`: the
/// value that was refused, quoted for the user.
fn near(item: &str, line: usize, column: usize) -> String {
    const MOST: usize = 60;
    let text = item.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let mut end = column.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let start = before.rfind([',', '{', '[']).map_or(0, |i| i + 1);
    let quoted = before[start..].trim();
    let skip = quoted.chars().count().saturating_sub(MOST);
    let mut out: String = quoted.chars().skip(skip).collect();
    if skip > 0 {
        out.insert(0, '…');
    }
    out
}

/// Line numbers of offsets that only move forward, counted once.
#[derive(Default)]
struct Lines {
    at: usize,
    line: u32,
}

impl Lines {
    fn line_at(&mut self, text: &str, offset: usize) -> u32 {
        let offset = offset.max(self.at);
        let n = crate::text::count_newlines(&text.as_bytes()[self.at..offset]);
        self.line = self
            .line
            .max(1)
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_item_is_skipped_with_its_line_and_value() {
        let text = "[\n{\"n\": 1},\n{\"n\": 1e400},\n{\"n\":\n 4294967296},\n{\"s\": \"a\\ud800\"},\n{\"n\": 2}\n]";
        let items: Items<serde_json::Map<String, serde_json::Value>> = read("f.json", text, "X");
        let n: Vec<_> = items
            .read
            .iter()
            .map(|(i, m)| (*i, m.get("n").cloned()))
            .collect();
        assert_eq!(n.len(), 3, "{n:?}");
        assert_eq!(n[0].0, 0);
        assert_eq!(n[2].0, 4);
        let shown: Vec<String> = items.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("f.json:3: X record skipped: number out of range"),
            "{shown:?}"
        );
        assert!(shown[0].contains("\"n\": 1e400"), "{shown:?}");
        assert!(
            shown[1].starts_with("f.json:6: X record skipped:"),
            "{shown:?}"
        );
        assert!(shown[1].contains("ud800"), "{shown:?}");
    }

    #[test]
    fn broken_json_is_one_diagnostic() {
        let items: Items<serde_json::Value> = read("f.json", "[\n{\"a\": 1},\n{\"a\"", "X");
        assert!(items.read.is_empty());
        assert_eq!(items.diagnostics.len(), 1);
        assert_eq!(items.diagnostics[0].line, Some(3));
        assert!(items.diagnostics[0].message.starts_with("not X: "));
    }
}
