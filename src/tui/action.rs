//! What a person can ask of the browser, and which keys ask it.
//!
//! Keys become `Action`s here and nowhere else; `App::update` never sees a
//! key. The same table drives the keymap, the help overlay and the footer,
//! so they cannot disagree.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{ExportError, FacetKind, Mode};
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::library::Snapshot;
use crate::search::Outcome;
use crate::store::Store;

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
    /// Empty the line being edited.
    ClearLine,
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
    /// Panic on purpose, when the test switch allows it.
    ForcePanic,
}

/// One line of the help: the keys and what they do, and where they work.
pub struct Binding {
    pub keys: &'static str,
    pub what: &'static str,
    pub modes: &'static [Mode],
    /// The footer's word for it; empty when the footer has no room.
    pub short: &'static str,
}

const BROWSE: &[Mode] = &[Mode::List, Mode::Detail];
const LIST: &[Mode] = &[Mode::List];
const PICK: &[Mode] = &[Mode::Picker];
const LINE: &[Mode] = &[Mode::Query, Mode::Picker, Mode::Prompt];

/// Every key, for the help overlay (and, filtered by mode, the footer).
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "j/k ↑/↓",
        what: "move (in the detail: scroll)",
        short: "move",
        modes: BROWSE,
    },
    Binding {
        keys: "PgUp/PgDn",
        what: "move a page (also Ctrl-D/Ctrl-U)",
        short: "",
        modes: BROWSE,
    },
    Binding {
        keys: "g/G Home/End",
        what: "first / last row",
        short: "",
        modes: BROWSE,
    },
    Binding {
        keys: "Tab",
        what: "switch focus: list ⇄ detail",
        short: "focus",
        modes: BROWSE,
    },
    Binding {
        keys: "Enter",
        what: "read the selected study",
        short: "",
        modes: LIST,
    },
    Binding {
        keys: "/",
        what: "filter: words, n: c: d: y: a:",
        short: "filter",
        modes: BROWSE,
    },
    Binding {
        keys: "n",
        what: "pick nutrients",
        short: "nutrients",
        modes: BROWSE,
    },
    Binding {
        keys: "c",
        what: "pick conditions",
        short: "conditions",
        modes: BROWSE,
    },
    Binding {
        keys: "x",
        what: "clear every filter",
        short: "clear",
        modes: BROWSE,
    },
    Binding {
        keys: "s",
        what: "sort: relevance/newest/n/title",
        short: "sort",
        modes: BROWSE,
    },
    Binding {
        keys: "o",
        what: "open the DOI or PubMed page",
        short: "open",
        modes: BROWSE,
    },
    Binding {
        keys: "e",
        what: "export the shown studies",
        short: "export",
        modes: BROWSE,
    },
    Binding {
        keys: "!",
        what: "problems met while loading",
        short: "",
        modes: BROWSE,
    },
    Binding {
        keys: "?",
        what: "this help",
        short: "help",
        modes: BROWSE,
    },
    Binding {
        keys: "q Ctrl-C",
        what: "quit",
        short: "quit",
        modes: BROWSE,
    },
    Binding {
        keys: "Ctrl-Z",
        what: "suspend (fg comes back)",
        short: "",
        modes: BROWSE,
    },
    Binding {
        keys: "abc",
        what: "type to filter",
        short: "type",
        modes: &[Mode::Query, Mode::Picker],
    },
    Binding {
        keys: "↑/↓",
        what: "move",
        short: "move",
        modes: &[Mode::Query, Mode::Picker],
    },
    Binding {
        keys: "Space",
        what: "mark / unmark a name",
        short: "mark",
        modes: PICK,
    },
    Binding {
        keys: "Enter",
        what: "apply (none marked: highlighted)",
        short: "apply",
        modes: &[Mode::Picker],
    },
    Binding {
        keys: "Enter",
        what: "keep the filter",
        short: "done",
        modes: &[Mode::Query],
    },
    Binding {
        keys: "Enter",
        what: "write (.json .csv .ris .bib .md)",
        short: "export",
        modes: &[Mode::Prompt],
    },
    Binding {
        keys: "Ctrl-U",
        what: "clear the line",
        short: "clear",
        modes: LINE,
    },
    Binding {
        keys: "Esc",
        what: "clear the filter",
        short: "clear",
        modes: &[Mode::Query],
    },
    Binding {
        keys: "Esc",
        what: "cancel",
        short: "cancel",
        modes: &[Mode::Picker, Mode::Prompt, Mode::Confirm],
    },
    Binding {
        keys: "y/Enter",
        what: "replace the existing file",
        short: "replace",
        modes: &[Mode::Confirm],
    },
    Binding {
        keys: "n",
        what: "keep the existing file",
        short: "keep",
        modes: &[Mode::Confirm],
    },
    Binding {
        keys: "Esc ?",
        what: "close",
        short: "close",
        modes: &[Mode::Help, Mode::Diagnostics],
    },
];

/// The action a key asks for in a mode, if any.
#[must_use]
pub fn keymap(key: KeyEvent, mode: Mode) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    if ctrl && matches!(key.code, KeyCode::Char('z')) {
        return Some(Action::Suspend);
    }
    if key.code == KeyCode::F(12) {
        return Some(Action::ForcePanic);
    }
    match mode {
        Mode::List | Mode::Detail => browse(key, ctrl),
        Mode::Query | Mode::Picker | Mode::Prompt => line(key, ctrl, mode),
        Mode::Confirm => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Yes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
        Mode::Help | Mode::Diagnostics => match key.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q' | '!') | KeyCode::Enter => Some(Action::Cancel),
            _ => None,
        },
    }
}

fn browse(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Tab | KeyCode::BackTab => Action::ToggleFocus,
        KeyCode::Enter => Action::Accept,
        KeyCode::Esc => Action::Cancel,
        KeyCode::Char('/') => Action::FocusQuery,
        KeyCode::Char('n') => Action::OpenPicker(FacetKind::Nutrient),
        KeyCode::Char('c') => Action::OpenPicker(FacetKind::Condition),
        KeyCode::Char('x') => Action::ClearFilters,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('o') => Action::OpenLink,
        KeyCode::Char('e') => Action::StartExport,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('!') => Action::ToggleDiagnostics,
        _ => return None,
    })
}

fn line(key: KeyEvent, ctrl: bool, mode: Mode) -> Option<Action> {
    Some(match key.code {
        KeyCode::Esc => Action::Cancel,
        KeyCode::Enter => Action::Accept,
        KeyCode::Backspace => Action::DeleteBack,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::ClearLine,
        KeyCode::Char('p') if ctrl => Action::Up,
        KeyCode::Char('n') if ctrl => Action::Down,
        KeyCode::Char(' ') if mode == Mode::Picker => Action::TogglePick,
        KeyCode::Char(c) if !ctrl => Action::Insert(c),
        _ => return None,
    })
}
