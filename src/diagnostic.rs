//! Problems found while reading, each naming the file and line.
//!
//! Readers never stop the library from loading: they return what they could
//! read plus diagnostics, and the CLI and browser show them. One problem
//! met a hundred thousand times in a file is shown once, with how many more
//! like it there were (`fold`), so it does not bury the others.

use std::fmt;
use std::hash::{Hash as _, Hasher as _};

use rustc_hash::{FxHashMap, FxHasher};

/// How bad a problem is: an error means the file (or a record) was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<u32>,
    pub severity: Severity,
    pub message: String,
    /// How many more problems like this one (same file, severity and
    /// message, other lines) were folded into it.
    pub more: usize,
}

impl Diagnostic {
    pub fn error(path: &str, line: Option<u32>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            severity: Severity::Error,
            message: message.into(),
            more: 0,
        }
    }

    pub fn warning(path: &str, line: Option<u32>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            severity: Severity::Warning,
            message: message.into(),
            more: 0,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line: what`, the form editors and terminals link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::visible(&self.path);
        let message = crate::text::visible(&self.message);
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {message}")?,
            None => write!(f, "{path}: {message}")?,
        }
        if self.more > 0 {
            write!(f, " … and {} more like it", thousands(self.more))?;
        }
        Ok(())
    }
}

/// `99,999`: a count a person reads at a glance.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The problems with those alike (same file, severity and message) folded
/// into the first of them, which keeps its line and counts the others; the
/// order of first appearance is kept.
#[must_use]
pub fn fold(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut firsts: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for d in diagnostics {
        let mut h = FxHasher::default();
        (&d.path, d.severity, &d.message).hash(&mut h);
        let alike = firsts.entry(h.finish()).or_default();
        if let Some(&k) = alike.iter().find(|&&k| out[k].is_like(&d)) {
            out[k].more += 1 + d.more;
        } else {
            alike.push(out.len());
            out.push(d);
        }
    }
    out
}

impl Diagnostic {
    fn is_like(&self, other: &Diagnostic) -> bool {
        self.severity == other.severity && self.message == other.message && self.path == other.path
    }

    /// This problem and those folded into it.
    #[must_use]
    pub fn count(&self) -> usize {
        1 + self.more
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alike_problems_fold_into_the_first_with_a_count() {
        let mut all: Vec<Diagnostic> = (1..=100_001)
            .map(|line| Diagnostic::error("a.xml", Some(line), "record without a PMID: skipped"))
            .collect();
        all.insert(1, Diagnostic::warning("a.xml", Some(7), "other"));
        all.push(Diagnostic::error(
            "b.xml",
            Some(1),
            "record without a PMID: skipped",
        ));
        let folded = fold(all);
        let shown: Vec<String> = folded.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.xml:1: record without a PMID: skipped … and 100,000 more like it",
                "a.xml:7: other",
                "b.xml:1: record without a PMID: skipped",
            ]
        );
        assert_eq!(folded.iter().map(Diagnostic::count).sum::<usize>(), 100_003);
        assert_eq!(
            fold(folded.clone()),
            folded,
            "folding twice changes nothing"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
