//! What a person can ask of the browser, and which keys ask it.
//!
//! Keys become `Action`s (through the table in `keys`) and nowhere else;
//! `App::update` never sees a key. The modes and the small types that
//! actions carry live here too, so this module needs nothing from `app`.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::copy::CopyWhat;
use super::line::Edit;
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::library::Snapshot;
use crate::search::Outcome;
use crate::store::Store;

/// Which facet a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Nutrient,
    Condition,
}

impl FacetKind {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FacetKind::Nutrient => "nutrients",
            FacetKind::Condition => "conditions",
        }
    }
}

/// What the keys act on: decides the keymap and the footer's hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Detail,
    Query,
    Picker,
    Prompt,
    Confirm,
    Help,
    Diagnostics,
    /// `Y` asked what to copy.
    Copy,
}

/// Why an export did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    Exists,
    Failed(String),
}

/// How much of a loading library a `Loaded` action brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The first part read, browsable while the rest loads.
    First,
    /// The whole library, browsable while its word index is built: searches
    /// are answered once the `Indexed` that follows brings it.
    Whole,
    /// The whole library, searchable: loading is over.
    Done,
}

/// Everything that changes the browser's state.
#[derive(Debug, Clone)]
pub enum Action {
    /// Leave the browser.
    Quit,
    /// Give the terminal back and stop until `fg` (Ctrl-Z).
    Suspend,
    /// Put pasted text into the line being edited, in one go (opening the
    /// filter line when none is).
    Paste(String),
    /// Let time pass (nothing to do; the runtime polls between ticks).
    Tick,
    /// Record the terminal's new size.
    Resize(u16, u16),
    /// Move the selection (or the detail, or the picker) up one row.
    Up,
    /// Move down one row.
    Down,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Select the row at this position of the list (mouse click).
    Select(usize),
    /// Move the selection by rows (mouse wheel over the list).
    ScrollList(isize),
    /// Scroll the detail by lines (mouse wheel over the detail).
    ScrollDetail(isize),
    /// Switch the focus between the list and the detail.
    ToggleFocus,
    /// Start typing in the query line.
    FocusQuery,
    /// Type a character into the line being edited.
    Insert(char),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete from the cursor to the end of the line.
    KillToEnd,
    /// Empty the line being edited.
    ClearLine,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Move the cursor of the line being edited by characters (negative:
    /// left).
    MoveCursor(isize),
    /// Move the cursor by words (negative: left).
    MoveWord(isize),
    /// Move the cursor to the line's start (false) or end (true).
    CursorTo(bool),
    /// Put an earlier query in the line (false: a later one).
    History(bool),
    /// Close what is open, or clear the query while typing it.
    Cancel,
    /// Confirm: keep the query, apply the picker, write the export.
    Accept,
    /// Open the nutrient or condition picker.
    OpenPicker(FacetKind),
    /// Mark or unmark the highlighted name in the picker.
    TogglePick,
    /// Drop every filter: query, nutrients, conditions.
    ClearFilters,
    /// Order the list by the next sort.
    CycleSort,
    /// Show or hide, under the detail, the sentence each value was read in.
    ToggleEvidence,
    /// Open the selected study's DOI or `PubMed` page.
    OpenLink,
    /// Ask for a file name to export the shown studies to.
    StartExport,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Show or hide the problems met while loading.
    ToggleDiagnostics,
    /// Answer yes to the overwrite question.
    Yes,
    /// Mark or unmark the selected study (for export and copy) and move on.
    ToggleMark,
    /// Copy the marked studies' (else the selected one's) reference.
    Copy(CopyWhat),
    /// Ask what to copy: DOI, PMID, BibTeX entry or reference.
    AskCopy,
    /// Take a search outcome from the engine.
    Searched(Outcome),
    /// Take the news that every study's details have been read.
    DetailsRead,
    /// Take how many studies' details of how many the reader has read.
    DetailsReading(usize, usize),
    /// Take how far the library's loading has got.
    Loading(Snapshot),
    /// Take the loaded library (or the first part of it) in place of what
    /// was shown while it loaded.
    Loaded {
        store: Arc<Store>,
        files: usize,
        diagnostics: Vec<Diagnostic>,
        look: Look,
    },
    /// Take the word index of the whole library, which a `Loaded` of
    /// [`Look::Whole`] said was coming: loading is over.
    Indexed(Arc<Index>),
    /// Take the result of opening a link (the address, or why not).
    Opened(Result<String, String>),
    /// Take the result of an export (file and count, or why not).
    Exported(Result<(PathBuf, usize), ExportError>),
    /// Take the result of saving the query history (why not, if not).
    HistorySaved(Result<(), String>),
    /// Panic on purpose, when the test switch allows it.
    ForcePanic,
}

impl Action {
    /// Whether a person asked for it (a key, a paste, the mouse), rather
    /// than time, the terminal or a worker: a status message stays until
    /// the person does something else.
    #[must_use]
    pub fn is_from_person(&self) -> bool {
        !matches!(
            self,
            Action::Tick
                | Action::Resize(..)
                | Action::Searched(_)
                | Action::Loading(_)
                | Action::Loaded { .. }
                | Action::Indexed(_)
                | Action::DetailsRead
                | Action::DetailsReading(..)
                | Action::Opened(_)
                | Action::Exported(_)
                | Action::HistorySaved(_)
        )
    }

    /// The edit of the line being edited that this action asks for, if it
    /// is one.
    #[must_use]
    pub fn edit(&self) -> Option<Edit> {
        Some(match self {
            Action::Insert(c) => Edit::Insert(c.to_string()),
            Action::DeleteBack => Edit::DeleteBack,
            Action::DeleteForward => Edit::DeleteForward,
            Action::DeleteWord => Edit::DeleteWord,
            Action::KillToEnd => Edit::KillToEnd,
            Action::ClearLine => Edit::Clear,
            Action::MoveCursor(by) => Edit::Move(*by),
            Action::MoveWord(by) => Edit::MoveWord(*by),
            Action::CursorTo(end) => Edit::To(*end),
            _ => return None,
        })
    }
}

/// The action a key asks for in a mode under the default bindings
/// (`assets/keys.toml`); the browser asks its own table, which the
/// user's config may change.
#[must_use]
pub fn keymap(key: KeyEvent, mode: Mode) -> Option<Action> {
    super::keys::Keys::defaults().action(key, mode)
}
