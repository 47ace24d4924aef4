//! What opens over the panes, one at a time: a picker, the export prompt,
//! the help, the load problems, or the question of what to copy. One enum,
//! so two can never be open at once and the mode follows from it.

use std::collections::BTreeSet;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::FacetKind;
use crate::tui::line::LineEdit;

/// The one thing open over the panes, if any.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    /// Nutrients or conditions to pick from.
    Picker(Picker),
    /// The export's file name, then perhaps the overwrite question.
    Prompt(Prompt),
    /// Every key, scrolled to this line.
    Help { scroll: u16 },
    /// The problems met while loading.
    Problems,
    /// `Y` asks what to copy.
    CopyAsk,
}

impl Overlay {
    #[must_use]
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }

    #[must_use]
    pub fn picker(&self) -> Option<&Picker> {
        match self {
            Overlay::Picker(p) => Some(p),
            _ => None,
        }
    }

    #[must_use]
    pub fn prompt(&self) -> Option<&Prompt> {
        match self {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }
}

/// One row of a picker: a name and its study count. Rows are a plain list
/// so that a grouped picker can put headers and indented names in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerRow {
    pub label: String,
    /// Studies that name it (or a name below it).
    pub count: usize,
    /// How far in it is drawn (0: not indented).
    pub depth: u8,
    /// A group's title: drawn, never marked or matched.
    pub header: bool,
}

impl PickerRow {
    /// A name at the top level.
    #[must_use]
    pub fn name(label: String, count: usize) -> PickerRow {
        PickerRow {
            label,
            count,
            depth: 0,
            header: false,
        }
    }
}

/// A picker of nutrients or conditions, filterable as you type.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: FacetKind,
    /// Every name in the library with its study count, most common first.
    pub rows: Vec<PickerRow>,
    pub query: LineEdit,
    /// Position in `visible()`.
    pub selected: usize,
    /// Names marked with space.
    pub chosen: BTreeSet<String>,
}

impl Picker {
    /// Indices of `rows` matching the query, best first, with the char
    /// positions that matched (every row, in order, while it is empty).
    #[must_use]
    pub fn visible(&self) -> Vec<(usize, Vec<usize>)> {
        let query = self.query.text();
        if query.is_empty() {
            return (0..self.rows.len()).map(|i| (i, Vec::new())).collect();
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut v: Vec<(i64, usize, Vec<usize>)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.header)
            .filter_map(|(i, r)| {
                matcher
                    .fuzzy_indices(&r.label, query)
                    .map(|(s, idx)| (s, i, idx))
            })
            .collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, i, idx)| (i, idx)).collect()
    }

    /// The name under the highlight (a header is none).
    #[must_use]
    pub fn highlighted(&self) -> Option<&str> {
        let vis = self.visible();
        let row = &self.rows[vis.get(self.selected)?.0];
        (!row.header).then_some(row.label.as_str())
    }

    /// Moves the highlight by rows, within the rows shown.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible().len();
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }

    /// Marks or unmarks the highlighted name.
    pub fn toggle(&mut self) {
        if let Some(name) = self.highlighted().map(str::to_string)
            && !self.chosen.remove(&name)
        {
            self.chosen.insert(name);
        }
    }
}

/// The export prompt: a file name being typed, then perhaps a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub input: LineEdit,
    /// Set when the file exists and the user is asked to replace it.
    pub confirm_overwrite: bool,
}
