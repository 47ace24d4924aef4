//! The results part of the browser's state: the rows shown, which one is
//! selected, how far the list and the detail are scrolled, the sort, the
//! marks, and which search the rows answer.

use std::collections::BTreeSet;

use crate::filter::{self, Hit, Sort};
use crate::search::Outcome;
use crate::store::{Idx, Store};
use crate::study::{Study, Trace};

use crate::tui::layout;

/// The rows shown and where the reader is in them.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Matching studies in display order.
    pub hits: Vec<Hit>,
    /// Position in `hits` of the selected row.
    pub selected: usize,
    /// First list row on screen, kept so the selection is in sight.
    pub list_offset: usize,
    /// First line of the detail pane shown.
    pub detail_scroll: u16,
    /// Whether the detail shows the sentence each value was read in.
    pub evidence: bool,
    /// The selected study's values beside their sentences while `evidence`
    /// is on, worked out once per study (an abstract is read again for
    /// them) rather than at every frame; keyed by the store and position
    /// they were worked out for.
    pub traces: Option<(usize, Idx, Vec<Trace>)>,
    pub sort: Sort,
    /// True while a sort by size is provisional (details still being read).
    pub sizes_pending: bool,
    /// False while the shown outcome is partial.
    pub complete: bool,
    /// Studies marked with Space (store positions): `e` exports them and
    /// `y` copies them when any are.
    pub marked: BTreeSet<Idx>,
    /// Generation of the newest request sent.
    pub pending: u64,
    /// Generation of the outcome shown.
    pub shown_generation: u64,
}

impl Results {
    /// Every study of `store`, in store order: the list with no filter.
    #[must_use]
    pub fn every_row(store: &Store) -> Results {
        Results {
            hits: every_row(store),
            complete: true,
            ..Results::default()
        }
    }

    /// The selected study's position in the store.
    #[must_use]
    pub fn current_index(&self) -> Option<Idx> {
        self.hits.get(self.selected).map(|h| h.index)
    }

    /// Whether the newest request's answer is shown.
    #[must_use]
    pub fn is_current(&self) -> bool {
        self.pending == self.shown_generation
    }

    /// A new request's generation.
    pub fn next_generation(&mut self) -> u64 {
        self.pending += 1;
        self.pending
    }

    /// Selects row `to` (the last if past it); a new row is read from its top.
    pub fn select(&mut self, to: usize) {
        let to = to.min(self.hits.len().saturating_sub(1));
        if to != self.selected {
            self.selected = to;
            self.detail_scroll = 0;
        }
    }

    /// Moves the selection by rows.
    pub fn move_by(&mut self, delta: isize) {
        self.select(self.selected.saturating_add_signed(delta));
    }

    /// Scrolls the detail by lines.
    pub fn scroll_detail(&mut self, delta: isize) {
        let step = i16::try_from(delta).unwrap_or(if delta < 0 { i16::MIN } else { i16::MAX });
        self.detail_scroll = self.detail_scroll.saturating_add_signed(step);
    }

    /// Keeps the selection in sight in a list of `rows` rows.
    pub fn keep_in_sight(&mut self, rows: usize) {
        self.list_offset =
            layout::offset_for(self.selected, self.list_offset, rows, self.hits.len());
    }

    /// Marks or unmarks the selected study and moves to the next.
    pub fn toggle_mark(&mut self) {
        if let Some(i) = self.current_index()
            && !self.marked.remove(&i)
        {
            self.marked.insert(i);
        }
        self.select(self.selected + 1);
    }

    /// Takes a search outcome if it answers the newest request; true when
    /// taken. A fuller answer to the request shown keeps the row you were
    /// on; a new request starts at its best match.
    pub fn take(&mut self, store: &Store, outcome: Outcome) -> bool {
        if outcome.generation != self.pending {
            return false; // an older keystroke's answer
        }
        let keep = (outcome.generation == self.shown_generation)
            .then(|| self.current(store).map(|s| s.id.clone()))
            .flatten();
        self.shown_generation = outcome.generation;
        self.hits = outcome.hits;
        self.complete = outcome.complete;
        if self.sort != Sort::Relevance {
            self.sizes_pending = !filter::sort_hits(store, &mut self.hits, self.sort);
        }
        self.selected = 0;
        self.detail_scroll = 0;
        self.list_offset = 0;
        if let Some(id) = keep
            && let Some(pos) = self
                .hits
                .iter()
                .take(10_000)
                .position(|h| store.get(h.index).is_some_and(|s| s.id == id))
        {
            self.selected = pos;
        }
        true
    }

    /// Shows every study of a new `store`, on the study with id `was_on`
    /// if it has one; marks (positions in the old store) go, and an answer
    /// still coming (searched over the old store) will be ignored.
    pub fn renew(&mut self, store: &Store, was_on: Option<&str>) {
        self.marked.clear();
        self.pending += 1;
        self.shown_generation = self.pending;
        self.hits = every_row(store);
        self.selected = was_on
            .and_then(|id| {
                self.hits
                    .iter()
                    .position(|h| store.get(h.index).is_some_and(|s| s.id == id))
            })
            .unwrap_or(0);
        self.detail_scroll = 0;
    }

    /// Orders the rows by the sort, keeping the selected study selected;
    /// false when sizes not yet read leave the order provisional.
    pub fn resort(&mut self, store: &Store) -> bool {
        let keep = self.current_index();
        self.sizes_pending = !filter::sort_hits(store, &mut self.hits, self.sort);
        if let Some(k) = keep {
            self.selected = self.hits.iter().position(|h| h.index == k).unwrap_or(0);
        }
        !self.sizes_pending
    }

    /// The selected study in `store`.
    #[must_use]
    pub fn current<'s>(&self, store: &'s Store) -> Option<&'s Study> {
        self.current_index().and_then(|i| store.get(i))
    }

    /// What `e` exports and `y` copies: the marked studies, else `or`.
    #[must_use]
    pub fn marked_or(&self, or: impl FnOnce() -> Vec<Idx>) -> Vec<Idx> {
        if self.marked.is_empty() {
            or()
        } else {
            self.marked.iter().copied().collect()
        }
    }
}

fn every_row(store: &Store) -> Vec<Hit> {
    (0..store.len())
        .map(|i| Hit {
            index: i as Idx,
            score: 0,
        })
        .collect()
}
