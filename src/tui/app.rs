//! The browser's state and the one function that changes it.
//!
//! `App::update` takes an `Action` and returns at most one `Effect` for the
//! runtime to carry out (search, open a link, write a file, quit); the
//! result comes back as another action. Nothing here touches the terminal,
//! the file system or a thread, so every behaviour is testable as plain
//! data.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::diagnostic::Diagnostic;
use crate::filter::{self, Facets, Hit, Sort};
use crate::library::{Library, Snapshot};
use crate::query::Query;
use crate::search::{Outcome, Request};
use crate::store::{Idx, Store};
use crate::study::Study;
use crate::vocabulary::Kind;

use super::action::{Action, Look};
pub use super::action::{ExportError, FacetKind, Mode};
use super::copy::{self, CopyWhat};
use super::keys::Keys;
use super::layout;
use super::theme::Theme;

/// Rows a page moves before the view has measured the list.
const DEFAULT_PAGE: usize = 10;

/// Which pane has the focus when no overlay is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// A picker of nutrients or conditions, filterable as you type.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: FacetKind,
    /// Every name in the library with its study count, most common first.
    pub items: Vec<(String, usize)>,
    pub query: String,
    /// Position in `visible()`.
    pub selected: usize,
    /// Names marked with space.
    pub chosen: BTreeSet<String>,
}

impl Picker {
    /// Indices of `items` matching the query, best first, with the char
    /// positions that matched.
    #[must_use]
    pub fn visible(&self) -> Vec<(usize, Vec<usize>)> {
        if self.query.is_empty() {
            return (0..self.items.len()).map(|i| (i, Vec::new())).collect();
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut v: Vec<(i64, usize, Vec<usize>)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, (name, _))| {
                matcher
                    .fuzzy_indices(name, &self.query)
                    .map(|(s, idx)| (s, i, idx))
            })
            .collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, i, idx)| (i, idx)).collect()
    }

    fn highlighted(&self) -> Option<&str> {
        let vis = self.visible();
        vis.get(self.selected)
            .map(|(i, _)| self.items[*i].0.as_str())
    }
}

/// Every study of the store, in store order: the list with no filter.
fn every_row(store: &Store) -> Vec<Hit> {
    (0..store.len())
        .map(|i| Hit {
            index: i as Idx,
            score: 0,
        })
        .collect()
}

/// The export prompt: a file name being typed, then perhaps a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub input: String,
    /// Set when the file exists and the user is asked to replace it.
    pub confirm_overwrite: bool,
}

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// What the runtime must do for the app; its result comes back as an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Leave the browser, restoring the terminal.
    Quit,
    /// Give the terminal back and stop the process until it is continued.
    Suspend,
    /// Filter the library; the outcome comes back as `Action::Searched`
    /// with this generation.
    Search(u64, Request),
    /// Open a web address with the system opener; `Action::Opened` reports.
    Open(String),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write these studies (store positions, in order) on an export
    /// thread; `Action::Exported` reports.
    Export {
        path: PathBuf,
        rows: Vec<Idx>,
        overwrite: bool,
    },
    /// Panic on purpose (tests of terminal restoration only).
    Panic { in_thread: bool },
}

/// The whole state of the browser.
// Flags for what is open read better than a state enum here: overlays stack.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct App {
    pub store: Arc<Store>,
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The query line as typed.
    pub query_text: String,
    /// Where in `query_text` the cursor is (a byte offset at a character).
    pub query_cursor: usize,
    /// Queries kept with Enter, oldest first, and which one ↑ shows.
    pub history: Vec<String>,
    history_at: Option<usize>,
    /// The parsed query of the outcome shown (for highlights).
    pub query: Query,
    pub facets: Facets,
    pub sort: Sort,
    /// True while a sort by size is provisional (details still being read).
    pub sizes_pending: bool,
    /// How far the library has loaded, while it loads (the store is then
    /// empty or a first look, and the query line already takes keys).
    pub loading: Option<Snapshot>,
    /// True while the store shown is the whole library and its word index
    /// is still being built (searches wait for it).
    pub indexing: bool,
    /// Matching studies in display order.
    pub hits: Vec<Hit>,
    /// False while the shown outcome is partial.
    pub complete: bool,
    /// Studies marked with Space (store positions): `e` exports them and
    /// `y` copies them when any are.
    pub marked: BTreeSet<Idx>,
    /// True while `Y` asks what to copy.
    pub asking_copy: bool,
    /// Generation of the newest request sent.
    pub pending: u64,
    /// Generation of the outcome shown.
    pub shown_generation: u64,
    /// Position in `hits` of the selected row.
    pub selected: usize,
    pub focus: Focus,
    pub detail_scroll: u16,
    /// First line of the help shown (the view stops at its end).
    pub help_scroll: u16,
    pub typing: bool,
    pub picker: Option<Picker>,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub show_diagnostics: bool,
    pub status: Option<(String, Tone)>,
    /// Whether the theme may use colour (false under `NO_COLOR`).
    pub color: bool,
    /// The styles drawn with when colour is allowed (the config's theme).
    pub theme: Theme,
    /// The key bindings: the keymap, the help and the footer.
    pub keys: Arc<Keys>,
    /// Whether `F12` panics (set from `VITASCOPE_TEST_PANIC`).
    pub panic_key: Option<bool>,
    pub quit: bool,
    /// First list row on screen, kept by `update` so the selection is in
    /// sight at the screen's size.
    pub list_offset: usize,
    /// Terminal size as last reported.
    pub screen: (u16, u16),
}

impl App {
    /// A browser over a loaded library, showing every study.
    #[must_use]
    pub fn new(library: Library) -> App {
        App::over(
            Arc::new(library.store),
            library.files.len(),
            library.diagnostics,
        )
    }

    /// A browser over a store already shared (the bench draws frames of the
    /// store it searches).
    #[must_use]
    pub fn over(store: Arc<Store>, files: usize, diagnostics: Vec<Diagnostic>) -> App {
        let hits = every_row(&store);
        App {
            store,
            files,
            diagnostics,
            query_text: String::new(),
            query_cursor: 0,
            history: Vec::new(),
            history_at: None,
            query: Query::default(),
            facets: Facets::default(),
            sort: Sort::default(),
            sizes_pending: false,
            loading: None,
            indexing: false,
            hits,
            complete: true,
            marked: BTreeSet::new(),
            asking_copy: false,
            pending: 0,
            shown_generation: 0,
            selected: 0,
            focus: Focus::List,
            detail_scroll: 0,
            help_scroll: 0,
            typing: false,
            picker: None,
            prompt: None,
            help: false,
            show_diagnostics: false,
            status: None,
            color: true,
            theme: super::theme::COLOR,
            keys: Keys::defaults(),
            panic_key: None,
            quit: false,
            list_offset: 0,
            screen: (80, 24),
        }
    }

    /// The mode keys are read in: the innermost open thing wins.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.help {
            Mode::Help
        } else if self.show_diagnostics {
            Mode::Diagnostics
        } else if let Some(p) = &self.prompt {
            if p.confirm_overwrite {
                Mode::Confirm
            } else {
                Mode::Prompt
            }
        } else if self.asking_copy {
            Mode::Copy
        } else if self.picker.is_some() {
            Mode::Picker
        } else if self.typing {
            Mode::Query
        } else if self.focus == Focus::Detail {
            Mode::Detail
        } else {
            Mode::List
        }
    }

    /// The selected study, if any row is shown.
    #[must_use]
    pub fn current(&self) -> Option<&Study> {
        self.hits
            .get(self.selected)
            .and_then(|h| self.store.get(h.index))
    }

    /// The selected study's position in the store.
    #[must_use]
    pub fn current_index(&self) -> Option<Idx> {
        self.hits.get(self.selected).map(|h| h.index)
    }

    /// The studies shown, in display order (what `e` exports).
    #[must_use]
    pub fn shown(&self) -> Vec<&Study> {
        self.hits
            .iter()
            .filter_map(|h| self.store.get(h.index))
            .collect()
    }

    /// The request that the query line and facets make.
    #[must_use]
    pub fn request(&self) -> Request {
        Request {
            text: self.query_text.clone(),
            facets: self.facets.clone(),
        }
    }

    fn page(&self) -> usize {
        match layout::list_rows(self.screen) {
            0 => DEFAULT_PAGE,
            n => n,
        }
    }

    fn select(&mut self, to: usize) {
        let to = to.min(self.hits.len().saturating_sub(1));
        if to != self.selected {
            self.selected = to;
            self.detail_scroll = 0;
        }
    }

    fn move_by(&mut self, delta: isize) {
        if self.focus == Focus::Detail && !self.typing {
            self.detail_scroll = if delta < 0 {
                self.detail_scroll
                    .saturating_sub(delta.unsigned_abs() as u16)
            } else {
                self.detail_scroll.saturating_add(delta as u16)
            };
            return;
        }
        let to = self.selected.saturating_add_signed(delta);
        self.select(to);
    }

    /// Whether a query or a facet narrows the rows.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        !self.query_text.is_empty() || !self.facets.is_empty()
    }

    fn research(&mut self) -> Effect {
        self.pending += 1;
        Effect::Search(self.pending, self.request())
    }

    /// What `e` writes, once its file is named.
    fn export(&mut self, path: PathBuf, overwrite: bool) -> Effect {
        let rows: Vec<Idx> = if self.marked.is_empty() {
            self.hits.iter().map(|h| h.index).collect()
        } else {
            self.marked.iter().copied().collect()
        };
        self.say(
            format!("writing {} studies to {}…", rows.len(), path.display()),
            Tone::Info,
        );
        Effect::Export {
            path,
            rows,
            overwrite,
        }
    }

    fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }

    /// Applies one action; returns what the runtime must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply(action);
        // whatever changed the line, the cursor stays on a character of it
        self.query_cursor = self.query_cursor.min(self.query_text.len());
        while !self.query_text.is_char_boundary(self.query_cursor) {
            self.query_cursor -= 1;
        }
        self.list_offset = layout::offset_for(
            self.selected,
            self.list_offset,
            layout::list_rows(self.screen),
            self.hits.len(),
        );
        effect
    }

    /// [`App::update`] but for keeping the selection in sight.
    #[allow(clippy::too_many_lines)]
    fn apply(&mut self, action: Action) -> Option<Effect> {
        // a message stays until the person does something else
        let from_person = !matches!(
            action,
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
        );
        if from_person {
            self.status = None;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                return Some(Effect::Quit);
            }
            Action::Suspend => return Some(Effect::Suspend),
            Action::Paste(text) => return self.paste(&text),
            Action::Tick => {}
            Action::Resize(w, h) => self.screen = (w, h),
            Action::Up => self.on_move(-1),
            Action::Down => self.on_move(1),
            Action::PageUp => self.on_move(-(self.page() as isize)),
            Action::PageDown => self.on_move(self.page() as isize),
            Action::Top => self.on_jump(false),
            Action::Bottom => self.on_jump(true),
            Action::Select(i) => {
                self.focus = Focus::List;
                self.select(i);
            }
            Action::ScrollList(d) => self.select(self.selected.saturating_add_signed(d)),
            Action::ScrollDetail(d) => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(d as i16);
            }
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                };
            }
            Action::FocusQuery => {
                self.typing = true;
                self.query_cursor = self.query_text.len();
            }
            Action::DeleteWord => return self.delete_word(),
            Action::MoveCursor(by) => self.move_cursor(by),
            Action::CursorTo(end) => {
                self.query_cursor = if end { self.query_text.len() } else { 0 };
            }
            Action::History(back) => return self.recall(back),
            Action::Insert(c) => return self.insert(c),
            Action::DeleteBack => return self.delete_back(),
            Action::ClearLine => return self.clear_line(),
            Action::Cancel => return self.cancel(),
            Action::Accept => return self.accept(),
            Action::OpenPicker(kind) => self.open_picker(kind),
            Action::TogglePick => {
                if let Some(p) = &mut self.picker
                    && let Some(name) = p.highlighted().map(str::to_string)
                    && !p.chosen.remove(&name)
                {
                    p.chosen.insert(name);
                }
            }
            Action::ClearFilters => {
                let had = self.is_filtered();
                self.facets = Facets::default();
                self.query_text.clear();
                self.typing = false;
                if had {
                    self.say("filters cleared", Tone::Info);
                    return Some(self.research());
                }
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.resort();
            }
            Action::DetailsRead => {
                if self.sizes_pending && self.sort == Sort::LargestN {
                    self.resort();
                }
            }
            Action::DetailsReading(done, total) => {
                if self.sizes_pending && self.sort == Sort::LargestN {
                    self.say(
                        format!(
                            "sorting by {} once the sizes are read: {done} of {total} studies so far",
                            self.sort.label()
                        ),
                        Tone::Info,
                    );
                }
            }
            Action::OpenLink => match self.current().and_then(link) {
                Some(url) => return Some(Effect::Open(url)),
                None => self.say("this study has no DOI, PMID or web address", Tone::Error),
            },
            Action::StartExport => {
                self.prompt = Some(Prompt {
                    input: "vitascope-export.json".into(),
                    confirm_overwrite: false,
                });
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::ToggleMark => {
                if let Some(i) = self.current_index()
                    && !self.marked.remove(&i)
                {
                    self.marked.insert(i);
                }
                self.select(self.selected + 1);
            }
            Action::AskCopy => self.asking_copy = true,
            Action::Copy(what) => return self.copy(what),
            Action::ToggleDiagnostics => self.show_diagnostics = !self.show_diagnostics,
            Action::Yes => {
                if let Some(p) = self.prompt.take() {
                    return Some(self.export(PathBuf::from(p.input), true));
                }
            }
            Action::Searched(outcome) => self.searched(outcome),
            Action::Loading(progress) => self.loading = Some(progress),
            Action::Loaded {
                store,
                files,
                diagnostics,
                look,
            } => return self.loaded(store, files, diagnostics, look),
            Action::Indexed(_) => {
                // the runtime's worker takes the index and answers what waits
                self.loading = None;
                self.indexing = false;
            }
            Action::Opened(result) => match result {
                Ok(url) => self.say(format!("opened {url}"), Tone::Info),
                Err(e) => self.say(format!("could not open: {e}"), Tone::Error),
            },
            Action::Exported(result) => self.exported(result),
            Action::ForcePanic => {
                if let Some(in_thread) = self.panic_key {
                    return Some(Effect::Panic { in_thread });
                }
            }
        }
        None
    }

    fn on_move(&mut self, delta: isize) {
        if self.help {
            let end = super::help::max_scroll(self.keys.bindings(), self.screen);
            let step = i16::try_from(delta).unwrap_or(0);
            self.help_scroll = self.help_scroll.saturating_add_signed(step).min(end);
        } else if let Some(p) = &mut self.picker {
            let n = p.visible().len();
            p.selected = p
                .selected
                .saturating_add_signed(delta)
                .min(n.saturating_sub(1));
        } else {
            self.move_by(delta);
        }
    }

    fn on_jump(&mut self, end: bool) {
        if self.help {
            self.help_scroll = if end {
                super::help::max_scroll(self.keys.bindings(), self.screen)
            } else {
                0
            };
        } else if let Some(p) = &mut self.picker {
            p.selected = if end {
                p.visible().len().saturating_sub(1)
            } else {
                0
            };
        } else if self.focus == Focus::Detail {
            self.detail_scroll = if end { u16::MAX / 2 } else { 0 };
        } else {
            self.select(if end { usize::MAX } else { 0 });
        }
    }

    fn insert(&mut self, c: char) -> Option<Effect> {
        match self.mode() {
            Mode::Picker => {
                if let Some(p) = &mut self.picker {
                    p.query.push(c);
                    p.selected = 0;
                }
            }
            Mode::Prompt => {
                if let Some(p) = &mut self.prompt {
                    p.input.push(c);
                }
            }
            Mode::Query => {
                self.query_text.insert(self.query_cursor, c);
                self.query_cursor += c.len_utf8();
                return Some(self.research());
            }
            _ => {}
        }
        None
    }

    /// Pasted text into the line being edited with one search at most:
    /// line breaks and tabs become spaces, other control characters go.
    fn paste(&mut self, text: &str) -> Option<Effect> {
        let clean: String = text
            .replace("\r\n", " ")
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        match self.mode() {
            Mode::List | Mode::Detail | Mode::Query => {
                if !self.typing {
                    self.query_cursor = self.query_text.len();
                }
                self.typing = true;
                self.query_text.insert_str(self.query_cursor, &clean);
                self.query_cursor += clean.len();
                return Some(self.research());
            }
            Mode::Picker => {
                if let Some(p) = &mut self.picker {
                    p.query.push_str(&clean);
                    p.selected = 0;
                }
            }
            Mode::Prompt => {
                if let Some(p) = &mut self.prompt {
                    p.input.push_str(&clean);
                }
            }
            Mode::Confirm | Mode::Help | Mode::Diagnostics | Mode::Copy => {}
        }
        None
    }

    fn delete_back(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Picker => {
                if let Some(p) = &mut self.picker {
                    p.query.pop();
                    p.selected = 0;
                }
            }
            Mode::Prompt => {
                if let Some(p) = &mut self.prompt {
                    p.input.pop();
                }
            }
            Mode::Query if self.query_cursor > 0 => {
                let before = self.query_text[..self.query_cursor].chars().next_back()?;
                self.query_cursor -= before.len_utf8();
                self.query_text.remove(self.query_cursor);
                return Some(self.research());
            }
            _ => {}
        }
        None
    }

    fn delete_word(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Picker => {
                if let Some(p) = &mut self.picker {
                    let keep = word_start(&p.query, p.query.len());
                    p.query.truncate(keep);
                    p.selected = 0;
                }
            }
            Mode::Prompt => {
                if let Some(p) = &mut self.prompt {
                    let keep = word_start(&p.input, p.input.len());
                    p.input.truncate(keep);
                }
            }
            Mode::Query if self.query_cursor > 0 => {
                let from = word_start(&self.query_text, self.query_cursor);
                self.query_text.replace_range(from..self.query_cursor, "");
                self.query_cursor = from;
                return Some(self.research());
            }
            _ => {}
        }
        None
    }

    fn move_cursor(&mut self, by: isize) {
        let text = &self.query_text;
        let at = self.query_cursor;
        self.query_cursor = if by < 0 {
            text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
        } else {
            text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
        };
    }

    /// Puts an earlier (`back`) or later query of the history in the line.
    fn recall(&mut self, back: bool) -> Option<Effect> {
        if self.history.is_empty() {
            return None;
        }
        let last = self.history.len() - 1;
        let at = match (self.history_at, back) {
            (None, true) => Some(last),
            (None, false) => return None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        self.history_at = at;
        self.query_text = at.map(|i| self.history[i].clone()).unwrap_or_default();
        self.query_cursor = self.query_text.len();
        Some(self.research())
    }

    fn clear_line(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Picker => {
                if let Some(p) = &mut self.picker {
                    p.query.clear();
                    p.selected = 0;
                }
            }
            Mode::Prompt => {
                if let Some(p) = &mut self.prompt {
                    p.input.clear();
                }
            }
            Mode::Query if !self.query_text.is_empty() => {
                self.query_text.clear();
                return Some(self.research());
            }
            _ => {}
        }
        None
    }

    fn cancel(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Help => self.help = false,
            Mode::Diagnostics => self.show_diagnostics = false,
            Mode::Prompt | Mode::Confirm => {
                self.prompt = None;
                self.say("export cancelled", Tone::Info);
            }
            Mode::Picker => self.picker = None,
            Mode::Query => {
                self.typing = false;
                if !self.query_text.is_empty() {
                    self.query_text.clear();
                    return Some(self.research());
                }
            }
            Mode::Copy => self.asking_copy = false,
            Mode::Detail => self.focus = Focus::List,
            Mode::List => {}
        }
        None
    }

    fn accept(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Query => {
                self.typing = false;
                self.history_at = None;
                let q = self.query_text.trim();
                if !q.is_empty() && self.history.last().map(String::as_str) != Some(q) {
                    self.history.push(q.to_string());
                }
            }
            Mode::Picker => {
                let p = self.picker.take()?;
                let mut chosen = p.chosen.clone();
                let before = match p.kind {
                    FacetKind::Nutrient => &self.facets.nutrients,
                    FacetKind::Condition => &self.facets.conditions,
                };
                // Enter alone picks the highlighted name
                if chosen == *before
                    && let Some(name) = p.highlighted()
                {
                    chosen.insert(name.to_string());
                }
                if chosen == *before {
                    return None;
                }
                match p.kind {
                    FacetKind::Nutrient => self.facets.nutrients = chosen,
                    FacetKind::Condition => self.facets.conditions = chosen,
                }
                return Some(self.research());
            }
            Mode::Prompt => {
                let input = self.prompt.as_ref()?.input.trim().to_string();
                if input.is_empty() {
                    self.say("type a file name, e.g. studies.json", Tone::Error);
                    return None;
                }
                let path = PathBuf::from(&input);
                if crate::export::ExportFormat::from_path(&path).is_none() {
                    self.say(
                        format!(
                            "unknown format for {input:?}: end the name in .json, .csv, .ris, .bib or .md"
                        ),
                        Tone::Error,
                    );
                    return None;
                }
                if let Some(p) = &mut self.prompt {
                    p.input = input;
                }
                return Some(self.export(path, false));
            }
            Mode::Confirm => return self.update(Action::Yes),
            Mode::List => self.focus = Focus::Detail,
            Mode::Help | Mode::Diagnostics | Mode::Detail | Mode::Copy => {}
        }
        None
    }

    fn open_picker(&mut self, kind: FacetKind) {
        // counts take in the names below each (vitamin D: its D3 studies)
        let (items, chosen) = match kind {
            FacetKind::Nutrient => (
                filter::facet_counts(&self.store, Kind::Nutrient),
                self.facets.nutrients.clone(),
            ),
            FacetKind::Condition => (
                filter::facet_counts(&self.store, Kind::Condition),
                self.facets.conditions.clone(),
            ),
        };
        self.picker = Some(Picker {
            kind,
            items,
            query: String::new(),
            selected: 0,
            chosen,
        });
    }

    fn searched(&mut self, outcome: Outcome) {
        if outcome.generation != self.pending {
            return; // an older keystroke's answer
        }
        // a fuller answer to the same request keeps the row you were on;
        // a new request starts at its best match
        let keep = (outcome.generation == self.shown_generation)
            .then(|| self.current().map(|s| s.id.clone()))
            .flatten();
        self.shown_generation = outcome.generation;
        self.query = outcome.query;
        self.hits = outcome.hits;
        self.complete = outcome.complete;
        if self.sort != Sort::Relevance {
            self.sizes_pending = !filter::sort_hits(&self.store, &mut self.hits, self.sort);
        }
        self.selected = 0;
        self.detail_scroll = 0;
        self.list_offset = 0;
        if let Some(id) = keep
            && let Some(pos) = self
                .hits
                .iter()
                .take(10_000)
                .position(|h| self.store.get(h.index).is_some_and(|s| s.id == id))
        {
            self.selected = pos;
        }
    }

    /// Shows the library that has finished loading (or a first part of it),
    /// with whatever query, facets and sort were chosen while it loaded.
    fn loaded(
        &mut self,
        store: Arc<Store>,
        files: usize,
        diagnostics: Vec<Diagnostic>,
        look: Look,
    ) -> Option<Effect> {
        let was_on = self.current().map(|s| s.id.clone());
        // marks are positions in the old store
        self.marked.clear();
        // an answer still coming was searched over the old store
        self.pending += 1;
        self.shown_generation = self.pending;
        self.hits = every_row(&store);
        self.store = store;
        self.files = files;
        self.diagnostics = diagnostics;
        self.indexing = look == Look::Whole;
        if look == Look::Done {
            self.loading = None;
        }
        // the row browsed in a first look stays selected
        self.selected = was_on
            .and_then(|id| {
                self.hits
                    .iter()
                    .position(|h| self.store.get(h.index).is_some_and(|s| s.id == id))
            })
            .unwrap_or(0);
        self.detail_scroll = 0;
        if let Some(kind) = self.picker.as_ref().map(|p| p.kind) {
            // its names were counted over the empty library
            self.open_picker(kind);
        }
        if self.is_filtered() {
            // rows matched in what was shown before would mislead: none
            // until the answer over the new library comes
            self.hits.clear();
            return Some(self.research());
        }
        if self.sort != Sort::Relevance {
            self.sizes_pending = !filter::sort_hits(&self.store, &mut self.hits, self.sort);
        }
        None
    }

    fn resort(&mut self) {
        let keep = self.hits.get(self.selected).map(|h| h.index);
        self.sizes_pending = !filter::sort_hits(&self.store, &mut self.hits, self.sort);
        if let Some(k) = keep {
            self.selected = self.hits.iter().position(|h| h.index == k).unwrap_or(0);
        }
        if self.sizes_pending {
            self.say(
                format!(
                    "sorted by {} as far as known: sizes are still being read, the order follows when they are",
                    self.sort.label()
                ),
                Tone::Info,
            );
        } else {
            self.say(format!("sorted by {}", self.sort.label()), Tone::Info);
        }
    }

    /// The text `y` copies, shown in the status line as it goes.
    fn copy(&mut self, what: CopyWhat) -> Option<Effect> {
        self.asking_copy = false;
        let studies: Vec<&Study> = if self.marked.is_empty() {
            self.current().into_iter().collect()
        } else {
            self.marked
                .iter()
                .filter_map(|&i| self.store.get(i))
                .collect()
        };
        let n = studies.len();
        let Some(text) = copy::text(what, &studies) else {
            self.say(
                format!("nothing to copy: no {} here", what.label()),
                Tone::Error,
            );
            return None;
        };
        let shown = text.lines().next().unwrap_or_default();
        let more = if n > 1 {
            format!(" (and {} more)", n - 1)
        } else {
            String::new()
        };
        self.say(
            format!("copied {}: {shown}{more}", what.label()),
            Tone::Info,
        );
        Some(Effect::Copy(text))
    }

    fn exported(&mut self, result: Result<(PathBuf, usize), ExportError>) {
        match result {
            Ok((path, n)) => {
                self.prompt = None;
                self.say(
                    format!("exported {n} studies to {}", path.display()),
                    Tone::Info,
                );
            }
            Err(ExportError::Exists) => {
                if let Some(p) = &mut self.prompt {
                    p.confirm_overwrite = true;
                }
            }
            Err(ExportError::Failed(e)) => {
                self.prompt = None;
                self.say(format!("export failed: {e}"), Tone::Error);
            }
        }
    }
}

/// Where the word before `at` starts (Ctrl-W): spaces before it go too.
fn word_start(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end();
    before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The web page of a study: its DOI, else its `PubMed` entry, else its URL,
/// percent-encoded so the opener gets one well-formed address whatever the
/// document said (spaces, line breaks and escape codes included).
#[must_use]
pub fn link(s: &Study) -> Option<String> {
    let c = &s.citation;
    if let Some(doi) = c.doi.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        return Some(format!("https://doi.org/{}", encode(doi, DOI_KEPT)));
    }
    if let Some(pmid) = c
        .pmid
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"));
    }
    c.url
        .as_deref()
        .map(str::trim)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(|u| encode(u, URL_KEPT))
}

/// What a DOI keeps as it is in a path: RFC 3986's unreserved characters,
/// sub-delimiters, `:`, `@` and `/` (DOIs hold slashes, parentheses and
/// semicolons); `%`, `?` and `#` are encoded, being data in a DOI.
const DOI_KEPT: &str = "-._~!$&'()*+,;=:@/";

/// What a web address keeps: everything a URI may hold, `%` escapes too.
const URL_KEPT: &str = "-._~!$&'()*+,;=:@/?#[]%";

/// `text` with every byte that is not an ASCII letter or digit or in
/// `kept` written as `%XX`. By hand rather than with a crate: the two sets
/// above are all of it.
fn encode(text: &str, kept: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || kept.as_bytes().contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
