//! The query part of the browser's state: the line as typed (with its
//! history), whether it is being typed in, the query it parsed to, and the
//! facets the pickers chose.

use crate::filter::Facets;
use crate::query::Query;
use crate::search::Request;
use crate::tui::line::{History, LineEdit};

/// What narrows the rows, and the line it is typed in.
#[derive(Debug, Clone, Default)]
pub struct QueryLine {
    /// The line as typed, with its cursor.
    pub line: LineEdit,
    /// Queries kept with Enter (this session's and earlier ones).
    pub history: History,
    /// True while keys type into the line.
    pub typing: bool,
    /// The parsed query of the outcome shown (for highlights and problems).
    pub parsed: Query,
    pub facets: Facets,
}

impl QueryLine {
    /// Whether a query or a facet narrows the rows.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        !self.line.is_empty() || !self.facets.is_empty()
    }

    /// The request that the line and the facets make.
    #[must_use]
    pub fn request(&self) -> Request {
        Request {
            text: self.line.text().to_string(),
            facets: self.facets.clone(),
        }
    }

    /// Drops the query and every facet and stops typing; true when any
    /// was on.
    pub fn clear(&mut self) -> bool {
        let had = self.is_filtered();
        self.facets = Facets::default();
        self.line.set("");
        self.typing = false;
        had
    }
}
