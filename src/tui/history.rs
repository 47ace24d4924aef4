//! The query history kept across sessions: one query a line in
//! `$XDG_STATE_HOME/vitascope/history` (`~/.local/state/…` without it),
//! the newest last, at most [`History::LIMIT`] of them.
//!
//! Written whole to a temporary file in the same directory and renamed over
//! the old one, so a crash or a full disk never leaves half a history. A
//! history that cannot be read or written is said in the status line and
//! never stops the browser.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::line::History;

/// Where the history is kept: `$XDG_STATE_HOME/vitascope/history`, else
/// `~/.local/state/vitascope/history`; `None` with neither set.
#[must_use]
pub fn path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(base.join("vitascope").join("history"))
}

/// The queries kept at `path`, oldest first (none when there is no file
/// yet), or why they could not be read.
pub fn load(path: &Path) -> Result<Vec<String>, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(History::of(
            String::from_utf8_lossy(&bytes)
                .lines()
                .map(str::to_string)
                .collect(),
        )
        .entries()
        .to_vec()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!(
            "query history {}: {}",
            path.display(),
            crate::library::io_reason(&e)
        )),
    }
}

/// Replaces the history at `path` with `queries` (the newest
/// [`History::LIMIT`]), creating its directory; the old file stays whole
/// until the new one is.
pub fn save(path: &Path, queries: &[String]) -> Result<(), String> {
    let said = |e: io::Error| format!("{}: {}", path.display(), crate::library::io_reason(&e));
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(said)?;
    let skip = queries.len().saturating_sub(History::LIMIT);
    let mut text = String::new();
    for q in &queries[skip..] {
        // a query is one line: a paste's line breaks were made spaces
        text.push_str(&q.replace(['\n', '\r'], " "));
        text.push('\n');
    }
    let name = path
        .file_name()
        .map_or_else(|| "history".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(said(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_goes_round_and_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("deeper").join("history");
        assert_eq!(load(&at), Ok(Vec::new()), "no file yet is no history");
        let many: Vec<String> = (0..History::LIMIT + 3).map(|i| format!("q{i}")).collect();
        save(&at, &many).unwrap();
        let back = load(&at).unwrap();
        assert_eq!(back.len(), History::LIMIT);
        assert_eq!(back.first().map(String::as_str), Some("q3"));
        assert_eq!(back.last(), many.last());
        save(&at, &["bone\nloss".to_string()]).unwrap();
        assert_eq!(load(&at).unwrap(), ["bone loss"]);
        let left: Vec<_> = std::fs::read_dir(at.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["history"], "no temporary file is left behind");
    }

    #[test]
    fn a_history_that_cannot_be_written_says_why() {
        let dir = tempfile::tempdir().unwrap();
        // the history's directory is a file
        let blocker = dir.path().join("vitascope");
        std::fs::write(&blocker, "").unwrap();
        let said = save(&blocker.join("history"), &["k2".into()]).unwrap_err();
        assert!(said.contains("vitascope"), "{said}");
        // a directory where the file should be cannot be read as one
        let said = load(dir.path()).unwrap_err();
        assert!(said.starts_with("query history "), "{said}");
    }
}
