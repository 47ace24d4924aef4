//! The browser's state and the one function that changes it.
//!
//! The state is in parts, each with its own small update: the results
//! (`results`), the query line (`query_line`), the load progress, and the
//! one overlay open over the panes (`overlay`). `App::update` takes an
//! `Action`, hands it to the part it concerns, and returns at most one
//! `Effect` for the runtime to carry out (search, open a link, write a
//! file, save the history, quit); the result comes back as another action.
//! Nothing here touches the terminal, the file system or a thread, so every
//! behaviour is testable as plain data.

mod overlay;
mod query_line;
mod results;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::filter::{self, Sort};
use crate::library::{Library, Snapshot};
use crate::search::Request;
use crate::store::{Idx, Store};
use crate::study::Study;
use crate::vocabulary::{Kind, Vocabulary};

use super::action::{Action, Look};
pub use super::action::{ExportError, FacetKind, Mode};
use super::copy::{self, CopyWhat};
use super::keys::Keys;
use super::layout::{self, Columns};
use super::line::{Edit, History, LineEdit};
use super::theme::Theme;
pub use overlay::{Overlay, Picker, PickerRow, Prompt};
pub use query_line::QueryLine;
pub use results::Results;

/// Rows a page moves before the screen's size is known.
const DEFAULT_PAGE: usize = 10;

/// The file name the export prompt starts with.
const EXPORT_NAME: &str = "vitascope-export.json";

/// Which pane has the focus when no overlay is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// How far the library has loaded, while it loads.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The loader's last news (the store is then empty or a first look,
    /// and the query line already takes keys); `None` once loaded.
    pub loading: Option<Snapshot>,
    /// True while the store shown is the whole library and its word index
    /// is still being built (searches wait for it).
    pub indexing: bool,
}

/// What the browser starts with besides its library: the config, the
/// environment and the history read at start (`App::with_setup`).
#[derive(Debug, Clone)]
pub struct Setup {
    /// Whether the theme may use colour (false under `NO_COLOR`).
    pub color: bool,
    pub theme: Theme,
    pub keys: Arc<Keys>,
    /// The sort the list starts in.
    pub sort: Sort,
    /// The list's columns after the title.
    pub columns: Columns,
    /// Queries kept in earlier sessions, oldest first.
    pub history: Vec<String>,
    /// Whether `F12` panics, and on a thread (`VITASCOPE_TEST_PANIC`).
    pub panic_key: Option<bool>,
    /// What went wrong reading the config or the history, shown in the
    /// status line.
    pub warning: Option<String>,
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
    /// Keep these queries (oldest first) for the next session;
    /// `Action::HistorySaved` reports.
    SaveHistory(Vec<String>),
    /// Panic on purpose (tests of terminal restoration only).
    Panic { in_thread: bool },
}

/// The whole state of the browser, in parts.
#[derive(Debug)]
pub struct App {
    pub store: Arc<Store>,
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub results: Results,
    pub query_line: QueryLine,
    pub progress: Progress,
    pub overlay: Overlay,
    pub focus: Focus,
    pub status: Option<(String, Tone)>,
    /// Whether the theme may use colour (false under `NO_COLOR`).
    pub color: bool,
    /// The styles drawn with when colour is allowed (the config's theme).
    pub theme: Theme,
    /// The key bindings: the keymap, the help and the footer.
    pub keys: Arc<Keys>,
    /// The list's columns after the title.
    pub columns: Columns,
    /// Whether `F12` panics (set from `VITASCOPE_TEST_PANIC`).
    pub panic_key: Option<bool>,
    pub quit: bool,
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

    /// A browser over a library still to load: empty, the query line
    /// taking keys while the loader's news comes.
    #[must_use]
    pub fn loading() -> App {
        let mut app = App::new(Library::default());
        app.progress.loading = Some(Snapshot::default());
        app
    }

    /// A browser over a store already shared (the bench draws frames of the
    /// store it searches).
    #[must_use]
    pub fn over(store: Arc<Store>, files: usize, diagnostics: Vec<Diagnostic>) -> App {
        App {
            results: Results::every_row(&store),
            store,
            files,
            diagnostics,
            query_line: QueryLine::default(),
            progress: Progress::default(),
            overlay: Overlay::None,
            focus: Focus::List,
            status: None,
            color: true,
            theme: super::theme::COLOR,
            keys: Keys::defaults(),
            columns: Columns::default(),
            panic_key: None,
            quit: false,
            screen: (80, 24),
        }
    }

    /// The mode keys are read in: the overlay open, else the line being
    /// typed in, else the pane with the focus.
    #[must_use]
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Problems => Mode::Diagnostics,
            Overlay::Prompt(p) if p.confirm_overwrite => Mode::Confirm,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::CopyAsk => Mode::Copy,
            Overlay::Picker(_) => Mode::Picker,
            Overlay::None if self.query_line.typing => Mode::Query,
            Overlay::None if self.focus == Focus::Detail => Mode::Detail,
            Overlay::None => Mode::List,
        }
    }

    /// The selected study, if any row is shown.
    #[must_use]
    pub fn current(&self) -> Option<&Study> {
        self.results.current(&self.store)
    }

    /// The selected study's position in the store.
    #[must_use]
    pub fn current_index(&self) -> Option<Idx> {
        self.results.current_index()
    }

    /// The studies shown, in display order (what `e` exports).
    #[must_use]
    pub fn shown(&self) -> Vec<&Study> {
        self.results
            .hits
            .iter()
            .filter_map(|h| self.store.get(h.index))
            .collect()
    }

    /// The request that the query line and facets make.
    #[must_use]
    pub fn request(&self) -> Request {
        self.query_line.request()
    }

    /// Whether a query or a facet narrows the rows.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        self.query_line.is_filtered()
    }

    fn page(&self) -> usize {
        match layout::list_rows(self.screen) {
            0 => DEFAULT_PAGE,
            n => n,
        }
    }

    fn research(&mut self) -> Effect {
        Effect::Search(self.results.next_generation(), self.request())
    }

    fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }

    /// Applies one action; returns what the runtime must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply(action);
        self.results.keep_in_sight(layout::list_rows(self.screen));
        self.keep_evidence();
        effect
    }

    /// Works out the selected study's evidence when it is shown and not
    /// yet worked out for this study of this store.
    fn keep_evidence(&mut self) {
        let store = Arc::as_ptr(&self.store) as usize;
        let wanted = self
            .results
            .evidence
            .then(|| self.current_index())
            .flatten();
        let have = self.results.traces.as_ref().map(|(s, i, _)| (*s, *i));
        if wanted.map(|i| (store, i)) == have {
            return;
        }
        self.results.traces = wanted.and_then(|i| {
            let study = self.store.get(i)?;
            Some((
                store,
                i,
                crate::extract::evidence_of(study, Vocabulary::get()),
            ))
        });
    }

    /// [`App::update`] but for keeping the selection in sight.
    fn apply(&mut self, action: Action) -> Option<Effect> {
        if action.is_from_person() {
            // a message stays until the person does something else
            self.status = None;
        }
        if let Some(edit) = action.edit() {
            return self.edit(&edit);
        }
        if !action.is_from_person() {
            return self.take_news(action);
        }
        match action {
            Action::Quit => {
                self.quit = true;
                return Some(Effect::Quit);
            }
            Action::Suspend => return Some(Effect::Suspend),
            Action::Paste(text) => return self.paste(&text),
            Action::Up => self.on_move(-1),
            Action::Down => self.on_move(1),
            Action::PageUp => self.on_move(-(self.page() as isize)),
            Action::PageDown => self.on_move(self.page() as isize),
            Action::Top => self.on_jump(false),
            Action::Bottom => self.on_jump(true),
            Action::Select(i) => {
                self.focus = Focus::List;
                self.results.select(i);
            }
            Action::ScrollList(d) => self.results.move_by(d),
            Action::ScrollDetail(d) => self.results.scroll_detail(d),
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                };
            }
            Action::FocusQuery => {
                self.query_line.typing = true;
                self.query_line.line.apply(&Edit::To(true));
            }
            Action::History(back) => return self.recall(back),
            Action::Cancel => return self.cancel(),
            Action::Accept => return self.accept(),
            Action::OpenPicker(kind) => self.open_picker(kind),
            Action::TogglePick => {
                if let Overlay::Picker(p) = &mut self.overlay {
                    p.toggle();
                }
            }
            Action::ClearFilters => return self.clear_filters(),
            Action::ToggleEvidence => {
                self.results.evidence = !self.results.evidence;
            }
            Action::CycleSort => {
                self.results.sort = self.results.sort.next();
                self.resort();
            }
            Action::OpenLink => match self.current().and_then(link) {
                Some(url) => return Some(Effect::Open(url)),
                None => self.say("this study has no DOI, PMID or web address", Tone::Error),
            },
            Action::StartExport => {
                self.overlay = Overlay::Prompt(Prompt {
                    input: LineEdit::new(EXPORT_NAME),
                    confirm_overwrite: false,
                });
            }
            Action::ToggleHelp => self.toggle(Overlay::Help { scroll: 0 }),
            Action::ToggleDiagnostics => self.toggle(Overlay::Problems),
            Action::ToggleMark => self.results.toggle_mark(),
            Action::AskCopy => self.overlay = Overlay::CopyAsk,
            Action::Copy(what) => return self.copy(what),
            Action::Yes => {
                if let Overlay::Prompt(p) = std::mem::take(&mut self.overlay) {
                    let path = PathBuf::from(p.input.text());
                    return Some(self.export(path, true));
                }
            }
            Action::ForcePanic => {
                if let Some(in_thread) = self.panic_key {
                    return Some(Effect::Panic { in_thread });
                }
            }
            // edits and news went above
            _ => {}
        }
        None
    }

    /// Drops the query and every facet, searching again if any was on.
    fn clear_filters(&mut self) -> Option<Effect> {
        if !self.query_line.clear() {
            return None;
        }
        self.say("filters cleared", Tone::Info);
        Some(self.research())
    }

    /// Whether the list is sorted by size while sizes are still being read.
    fn waits_for_sizes(&self) -> bool {
        self.results.sizes_pending && self.results.sort == Sort::LargestN
    }

    /// Takes news from the terminal and the workers: a size, a search
    /// outcome, the loader's progress, the result of an effect.
    fn take_news(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Resize(w, h) => self.screen = (w, h),
            Action::DetailsReading(done, total) if self.waits_for_sizes() => {
                self.say(
                    format!(
                        "sorting by {} once the sizes are read: {done} of {total} studies so far",
                        self.results.sort.label()
                    ),
                    Tone::Info,
                );
            }
            Action::DetailsRead if self.waits_for_sizes() => self.resort(),
            Action::Searched(outcome) => {
                let query = outcome.query.clone();
                if self.results.take(&self.store, outcome) {
                    self.query_line.parsed = query;
                }
            }
            Action::Loading(progress) => self.progress.loading = Some(progress),
            Action::Loaded {
                store,
                files,
                diagnostics,
                look,
            } => return self.loaded(store, files, diagnostics, look),
            Action::Indexed(_) => {
                // the runtime's worker takes the index and answers what waits
                self.progress = Progress::default();
            }
            Action::Opened(result) => match result {
                Ok(url) => self.say(format!("opened {url}"), Tone::Info),
                Err(e) => self.say(format!("could not open: {e}"), Tone::Error),
            },
            Action::Exported(result) => self.exported(result),
            Action::HistorySaved(Err(e)) => {
                self.say(format!("query history not saved: {e}"), Tone::Error);
            }
            _ => {}
        }
        None
    }

    /// This browser as the config, the environment and the history set it
    /// up (before the first update).
    #[must_use]
    pub fn with_setup(mut self, setup: Setup) -> App {
        self.color = setup.color;
        self.theme = setup.theme;
        self.keys = setup.keys;
        self.columns = setup.columns;
        self.panic_key = setup.panic_key;
        self.query_line.history = History::of(setup.history);
        if let Some(w) = setup.warning {
            self.say(w, Tone::Error);
        }
        if setup.sort != self.results.sort {
            self.results.sort = setup.sort;
            self.results.resort(&self.store);
        }
        self
    }

    /// Opens `overlay`, or closes it when one of its kind is open.
    fn toggle(&mut self, overlay: Overlay) {
        self.overlay = if std::mem::discriminant(&self.overlay) == std::mem::discriminant(&overlay)
        {
            Overlay::None
        } else {
            overlay
        };
    }

    fn on_move(&mut self, delta: isize) {
        match &mut self.overlay {
            Overlay::Help { scroll } => {
                let end = super::help::max_scroll(self.keys.bindings(), self.screen);
                let step = i16::try_from(delta).unwrap_or(0);
                *scroll = scroll.saturating_add_signed(step).min(end);
            }
            Overlay::Picker(p) => p.move_by(delta),
            _ if self.focus == Focus::Detail && !self.query_line.typing => {
                self.results.scroll_detail(delta);
            }
            _ => self.results.move_by(delta),
        }
    }

    fn on_jump(&mut self, end: bool) {
        match &mut self.overlay {
            Overlay::Help { scroll } => {
                *scroll = if end {
                    super::help::max_scroll(self.keys.bindings(), self.screen)
                } else {
                    0
                };
            }
            Overlay::Picker(p) => p.jump(end),
            _ if self.focus == Focus::Detail => {
                self.results.detail_scroll = if end { u16::MAX / 2 } else { 0 };
            }
            _ => self.results.select(if end { usize::MAX } else { 0 }),
        }
    }

    /// Applies an edit to the line being edited: the query (searching
    /// again when it changed), a picker's filter or the export's name.
    fn edit(&mut self, edit: &Edit) -> Option<Effect> {
        match self.mode() {
            Mode::Query => {
                let typed = matches!(edit, Edit::Insert(_));
                if self.query_line.line.apply(edit) || typed {
                    return Some(self.research());
                }
            }
            Mode::Picker => {
                if let Overlay::Picker(p) = &mut self.overlay
                    && p.query.apply(edit)
                {
                    p.refilter();
                }
            }
            Mode::Prompt => {
                if let Overlay::Prompt(p) = &mut self.overlay {
                    p.input.apply(edit);
                }
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
        if matches!(self.mode(), Mode::List | Mode::Detail) {
            // a paste outside any line goes into the query line, at its end
            self.query_line.typing = true;
            self.query_line.line.apply(&Edit::To(true));
        }
        self.edit(&Edit::Insert(clean))
    }

    /// Puts an earlier (`back`) or later query of the history in the line.
    fn recall(&mut self, back: bool) -> Option<Effect> {
        let text = self.query_line.history.recall(back)?.to_string();
        self.query_line.line.set(text);
        Some(self.research())
    }

    fn cancel(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Prompt | Mode::Confirm => {
                self.overlay = Overlay::None;
                self.say("export cancelled", Tone::Info);
            }
            Mode::Help | Mode::Diagnostics | Mode::Picker | Mode::Copy => {
                self.overlay = Overlay::None;
            }
            Mode::Query => {
                self.query_line.typing = false;
                if !self.query_line.line.is_empty() {
                    self.query_line.line.set("");
                    return Some(self.research());
                }
            }
            Mode::Detail => self.focus = Focus::List,
            Mode::List => {}
        }
        None
    }

    fn accept(&mut self) -> Option<Effect> {
        match self.mode() {
            Mode::Query => {
                let q = &mut self.query_line;
                q.typing = false;
                if q.history.keep(q.line.text()) {
                    return Some(Effect::SaveHistory(q.history.entries().to_vec()));
                }
            }
            Mode::Picker => return self.apply_picker(),
            Mode::Prompt => return self.name_export(),
            Mode::Confirm => return self.update(Action::Yes),
            Mode::List => self.focus = Focus::Detail,
            Mode::Help | Mode::Diagnostics | Mode::Detail | Mode::Copy => {}
        }
        None
    }

    /// Enter in a picker: the names marked become its facet (none marked:
    /// the highlighted one).
    fn apply_picker(&mut self) -> Option<Effect> {
        let Overlay::Picker(p) = std::mem::take(&mut self.overlay) else {
            return None;
        };
        let mut chosen = p.chosen.clone();
        let facets = &mut self.query_line.facets;
        let before = match p.kind {
            FacetKind::Nutrient => &mut facets.nutrients,
            FacetKind::Condition => &mut facets.conditions,
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
        *before = chosen;
        Some(self.research())
    }

    /// Enter in the export prompt: the name is checked, then written to.
    fn name_export(&mut self) -> Option<Effect> {
        let Overlay::Prompt(p) = &mut self.overlay else {
            return None;
        };
        let input = p.input.text().trim().to_string();
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
        p.input.set(input);
        Some(self.export(path, false))
    }

    /// What `e` writes, once its file is named.
    fn export(&mut self, path: PathBuf, overwrite: bool) -> Effect {
        let rows = self
            .results
            .marked_or(|| self.results.hits.iter().map(|h| h.index).collect());
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

    fn open_picker(&mut self, kind: FacetKind) {
        // grouped by category, each name under its parent, counts taking
        // in the names below (vitamin D: its D3 studies)
        let (vocabulary, chosen) = match kind {
            FacetKind::Nutrient => (Kind::Nutrient, &self.query_line.facets.nutrients),
            FacetKind::Condition => (Kind::Condition, &self.query_line.facets.conditions),
        };
        let groups = filter::picker_groups(&self.store, vocabulary, Vocabulary::get());
        self.overlay = Overlay::Picker(Picker::new(kind, groups, chosen.clone()));
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
        self.results.renew(&store, was_on.as_deref());
        self.store = store;
        self.files = files;
        self.diagnostics = diagnostics;
        self.progress.indexing = look == Look::Whole;
        if look == Look::Done {
            self.progress.loading = None;
        }
        if let Some(kind) = self.overlay.picker().map(|p| p.kind) {
            // its names were counted over the empty library
            self.open_picker(kind);
        }
        if self.is_filtered() {
            // rows matched in what was shown before would mislead: none
            // until the answer over the new library comes
            self.results.hits.clear();
            return Some(self.research());
        }
        if self.results.sort != Sort::Relevance {
            self.results.resort(&self.store);
        }
        None
    }

    fn resort(&mut self) {
        let label = self.results.sort.label();
        if self.results.resort(&self.store) {
            self.say(format!("sorted by {label}"), Tone::Info);
        } else {
            self.say(
                format!(
                    "sorted by {label} as far as known: sizes are still being read, the order follows when they are"
                ),
                Tone::Info,
            );
        }
    }

    /// The text `y` copies, shown in the status line as it goes.
    fn copy(&mut self, what: CopyWhat) -> Option<Effect> {
        if matches!(self.overlay, Overlay::CopyAsk) {
            self.overlay = Overlay::None;
        }
        let rows = self
            .results
            .marked_or(|| self.current_index().into_iter().collect());
        let studies: Vec<&Study> = rows.iter().filter_map(|&i| self.store.get(i)).collect();
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
                if self.overlay.prompt().is_some() {
                    self.overlay = Overlay::None;
                }
                self.say(
                    format!("exported {n} studies to {}", path.display()),
                    Tone::Info,
                );
            }
            Err(ExportError::Exists) => {
                if let Overlay::Prompt(p) = &mut self.overlay {
                    p.confirm_overwrite = true;
                }
            }
            Err(ExportError::Failed(e)) => {
                if self.overlay.prompt().is_some() {
                    self.overlay = Overlay::None;
                }
                self.say(format!("export failed: {e}"), Tone::Error);
            }
        }
    }
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
