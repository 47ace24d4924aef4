//! Problems found while reading, each naming the file and line.
//!
//! Readers never stop the library from loading: they return what they could
//! read plus diagnostics, and the CLI and browser show them.

use std::fmt;

/// How bad a problem is: an error means the file (or a record) was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
}

impl Diagnostic {
    pub fn error(path: &str, line: Option<u32>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: Option<u32>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line: what`, the form editors and terminals link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::visible(&self.path);
        let message = crate::text::visible(&self.message);
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {message}"),
            None => write!(f, "{path}: {message}"),
        }
    }
}
