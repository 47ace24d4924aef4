//! Keys as data: one table of bindings (modes, keys, action, label, help,
//! footer word) read from `assets/keys.toml` and the user's config. The
//! keymap, the help overlay and the footer are all derived from it, so they
//! cannot disagree.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use super::action::Action;
use super::action::{FacetKind, Mode};
use super::copy::CopyWhat;

/// Every mode, for bindings that work in any.
const ALL_MODES: [Mode; 9] = [
    Mode::List,
    Mode::Detail,
    Mode::Query,
    Mode::Picker,
    Mode::Prompt,
    Mode::Confirm,
    Mode::Help,
    Mode::Diagnostics,
    Mode::Copy,
];

/// One key press as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl Press {
    fn of(key: KeyEvent) -> Press {
        Press {
            code: key.code,
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

/// One line of the help: keys and what they do, and where they work.
#[derive(Debug, Clone)]
pub struct Binding {
    /// What the help and the footer show for the keys.
    pub keys: String,
    /// The help's words for it; empty: not in the help.
    pub what: String,
    pub modes: Vec<Mode>,
    /// The footer's word for it; empty: not in the footer.
    pub short: String,
    presses: Vec<(Press, Action)>,
}

/// The whole table, in order: an earlier binding of a key wins.
#[derive(Debug, Clone)]
pub struct Keys {
    bindings: Vec<Binding>,
}

/// A binding as written in `keys.toml` or the config's `[[bind]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindSpec {
    modes: Vec<Spanned<String>>,
    keys: BTreeMap<Spanned<String>, Spanned<String>>,
    label: Option<String>,
    help: Option<String>,
    footer: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    bind: Vec<BindSpec>,
}

/// A mistake in a table: where (a byte range of the text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub span: std::ops::Range<usize>,
    pub message: String,
}

impl Keys {
    /// The built-in table (`assets/keys.toml`).
    #[must_use]
    pub fn defaults() -> Arc<Keys> {
        static DEFAULTS: OnceLock<Arc<Keys>> = OnceLock::new();
        Arc::clone(DEFAULTS.get_or_init(|| {
            let table: Table = toml::from_str(DEFAULT_TOML).expect("assets/keys.toml parses");
            let bindings = table
                .bind
                .iter()
                .map(|b| b.binding().expect("assets/keys.toml names real keys"))
                .collect();
            Arc::new(Keys { bindings })
        }))
    }

    /// This table with `first` ahead of it (the user's bindings win).
    pub fn with_first(&self, first: &[BindSpec]) -> Result<Keys, Mistake> {
        let mut bindings = first
            .iter()
            .map(BindSpec::binding)
            .collect::<Result<Vec<_>, _>>()?;
        bindings.extend(self.bindings.iter().cloned());
        Ok(Keys { bindings })
    }

    #[must_use]
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action a key asks for in a mode, if any: the first binding of
    /// it, else, in a line being edited, the character typed.
    #[must_use]
    pub fn action(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        let press = Press::of(key);
        let bound = self
            .bindings
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .flat_map(|b| &b.presses)
            .find(|(p, _)| *p == press)
            .map(|(_, a)| a.clone());
        if bound.is_some() {
            return bound;
        }
        match key.code {
            KeyCode::Char(c)
                if !press.ctrl
                    && !press.alt
                    && matches!(mode, Mode::Query | Mode::Picker | Mode::Prompt) =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        }
    }
}

pub(super) const DEFAULT_TOML: &str = include_str!("../../assets/keys.toml");

impl BindSpec {
    fn binding(&self) -> Result<Binding, Mistake> {
        let mut modes = Vec::new();
        for m in &self.modes {
            if m.get_ref() == "any" {
                modes.extend(ALL_MODES);
            } else {
                modes.push(mode_named(m.get_ref()).ok_or_else(|| Mistake {
                    span: m.span(),
                    message: format!(
                        "unknown mode {:?}: expected any, list, detail, query, picker, prompt, confirm, help, problems or copy",
                        m.get_ref()
                    ),
                })?);
            }
        }
        let mut presses = Vec::new();
        for (k, a) in &self.keys {
            let press = press_named(k.get_ref()).ok_or_else(|| Mistake {
                span: k.span(),
                message: format!(
                    "unknown key {:?}: expected a character or a name like Enter, Ctrl-w, F5",
                    k.get_ref()
                ),
            })?;
            let action = action_named(a.get_ref()).ok_or_else(|| Mistake {
                span: a.span(),
                message: format!(
                    "unknown action {:?}: expected one of {}",
                    a.get_ref(),
                    ACTIONS.join(", ")
                ),
            })?;
            presses.push((press, action));
        }
        let keys = self.label.clone().unwrap_or_else(|| {
            self.keys
                .keys()
                .map(|k| k.get_ref().clone())
                .collect::<Vec<_>>()
                .join(" ")
        });
        Ok(Binding {
            keys,
            what: self.help.clone().unwrap_or_default(),
            modes,
            short: self.footer.clone().unwrap_or_default(),
            presses,
        })
    }
}

fn mode_named(name: &str) -> Option<Mode> {
    Some(match name {
        "list" => Mode::List,
        "detail" => Mode::Detail,
        "query" => Mode::Query,
        "picker" => Mode::Picker,
        "prompt" => Mode::Prompt,
        "confirm" => Mode::Confirm,
        "help" => Mode::Help,
        "problems" => Mode::Diagnostics,
        "copy" => Mode::Copy,
        _ => return None,
    })
}

/// Every action a key can be bound to, by its name in the tables.
pub const ACTIONS: &[&str] = &[
    "quit",
    "suspend",
    "up",
    "down",
    "page-up",
    "page-down",
    "top",
    "bottom",
    "toggle-focus",
    "focus-query",
    "delete-back",
    "clear-line",
    "cancel",
    "accept",
    "pick-nutrients",
    "pick-conditions",
    "toggle-pick",
    "clear-filters",
    "cycle-sort",
    "toggle-evidence",
    "open-link",
    "start-export",
    "toggle-help",
    "toggle-problems",
    "yes",
    "force-panic",
    "toggle-mark",
    "delete-word",
    "cursor-left",
    "cursor-right",
    "line-start",
    "line-end",
    "word-left",
    "word-right",
    "delete-forward",
    "kill-to-end",
    "history-back",
    "history-forward",
    "copy",
    "ask-copy",
    "copy-reference",
    "copy-doi",
    "copy-pmid",
    "copy-bibtex",
];

fn action_named(name: &str) -> Option<Action> {
    Some(match name {
        "quit" => Action::Quit,
        "suspend" => Action::Suspend,
        "up" => Action::Up,
        "down" => Action::Down,
        "page-up" => Action::PageUp,
        "page-down" => Action::PageDown,
        "top" => Action::Top,
        "bottom" => Action::Bottom,
        "toggle-focus" => Action::ToggleFocus,
        "focus-query" => Action::FocusQuery,
        "delete-back" => Action::DeleteBack,
        "clear-line" => Action::ClearLine,
        "cancel" => Action::Cancel,
        "accept" => Action::Accept,
        "pick-nutrients" => Action::OpenPicker(FacetKind::Nutrient),
        "pick-conditions" => Action::OpenPicker(FacetKind::Condition),
        "toggle-pick" => Action::TogglePick,
        "clear-filters" => Action::ClearFilters,
        "cycle-sort" => Action::CycleSort,
        "toggle-evidence" => Action::ToggleEvidence,
        "open-link" => Action::OpenLink,
        "start-export" => Action::StartExport,
        "toggle-help" => Action::ToggleHelp,
        "toggle-problems" => Action::ToggleDiagnostics,
        "yes" => Action::Yes,
        "force-panic" => Action::ForcePanic,
        "toggle-mark" => Action::ToggleMark,
        "delete-word" => Action::DeleteWord,
        "cursor-left" => Action::MoveCursor(-1),
        "cursor-right" => Action::MoveCursor(1),
        "line-start" => Action::CursorTo(false),
        "line-end" => Action::CursorTo(true),
        "word-left" => Action::MoveWord(-1),
        "word-right" => Action::MoveWord(1),
        "delete-forward" => Action::DeleteForward,
        "kill-to-end" => Action::KillToEnd,
        "history-back" => Action::History(true),
        "history-forward" => Action::History(false),
        "copy" | "copy-reference" => Action::Copy(CopyWhat::Reference),
        "ask-copy" => Action::AskCopy,
        "copy-doi" => Action::Copy(CopyWhat::Doi),
        "copy-pmid" => Action::Copy(CopyWhat::Pmid),
        "copy-bibtex" => Action::Copy(CopyWhat::Bibtex),
        _ => return None,
    })
}

/// A key as the tables name it: `j`, `?`, `Enter`, `Ctrl-w`, `Alt-b`, `F5`.
fn press_named(name: &str) -> Option<Press> {
    let mut rest = name;
    let mut ctrl = false;
    let mut alt = false;
    loop {
        if let Some(r) = rest.strip_prefix("Ctrl-").filter(|r| !r.is_empty()) {
            ctrl = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Alt-").filter(|r| !r.is_empty()) {
            alt = true;
            rest = r;
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Space" => KeyCode::Char(' '),
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            f => KeyCode::F(
                f.strip_prefix('F')?
                    .parse()
                    .ok()
                    .filter(|n| (1..=12).contains(n))?,
            ),
        },
    };
    Some(Press { code, ctrl, alt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_parses_and_binds_the_usual_keys() {
        let keys = Keys::defaults();
        let k = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert!(matches!(
            keys.action(k('q'), Mode::List),
            Some(Action::Quit)
        ));
        assert!(matches!(
            keys.action(k('q'), Mode::Query),
            Some(Action::Insert('q'))
        ));
        assert!(matches!(
            keys.action(k(' '), Mode::Picker),
            Some(Action::TogglePick)
        ));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(
            keys.action(ctrl_c, Mode::Prompt),
            Some(Action::Quit)
        ));
    }

    #[test]
    fn key_names() {
        assert_eq!(press_named("Ctrl-w").map(|p| p.ctrl), Some(true));
        assert_eq!(press_named("-").map(|p| p.code), Some(KeyCode::Char('-')));
        assert_eq!(press_named("F5").map(|p| p.code), Some(KeyCode::F(5)));
        assert_eq!(press_named("F13"), None);
        assert_eq!(press_named("Hyper"), None);
    }
}
