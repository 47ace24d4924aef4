//! The user's config file: key bindings and a theme.
//!
//! Read from `VITASCOPE_CONFIG` if set, else
//! `$XDG_CONFIG_HOME/vitascope/config.toml` (`~/.config/…` without it). A
//! missing file is no error; a broken one is reported as `file:line:column:
//! what was expected`, and the browser starts on the defaults.
//!
//! ```toml
//! theme = "light"          # default, light or mono
//!
//! [styles]                 # any style of the theme, by name
//! matched = "bold red"
//! selected = "black on 153"
//!
//! [[bind]]                 # as in assets/keys.toml; these win
//! modes = ["list", "detail"]
//! keys = { "Ctrl-f" = "focus-query" }
//! help = "filter"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::keys::{BindSpec, Keys, Mistake};
use super::theme::{self, Theme};

/// What the config sets, defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    pub keys: Arc<Keys>,
    pub theme: Theme,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keys: Keys::defaults(),
            theme: theme::COLOR,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    bind: Vec<BindSpec>,
}

/// Where the config is looked for.
#[must_use]
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VITASCOPE_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("vitascope").join("config.toml"))
}

/// The config at [`path`]; with the defaults, the message that says why
/// it could not be used.
#[must_use]
pub fn load() -> (Config, Option<String>) {
    let Some(path) = path() else {
        return (Config::default(), None);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => match parse(&text) {
            Ok(config) => (config, None),
            Err(m) => (Config::default(), Some(locate(&path, &text, &m))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!(
                "{}: {}; using the defaults",
                path.display(),
                crate::library::io_reason(&e)
            )),
        ),
    }
}

/// A config's text read into the settings it makes.
pub fn parse(text: &str) -> Result<Config, Mistake> {
    let file: File = toml::from_str(text).map_err(|e| Mistake {
        span: e.span().unwrap_or(0..0),
        message: e.message().trim().to_string(),
    })?;
    let mut theme = match &file.theme {
        None => theme::COLOR,
        Some(name) => theme::named(name.get_ref()).ok_or_else(|| Mistake {
            span: name.span(),
            message: format!(
                "unknown theme {:?}: expected default, light or mono",
                name.get_ref()
            ),
        })?,
    };
    for (name, value) in &file.styles {
        let style = theme::parse_style(value.get_ref()).ok_or_else(|| Mistake {
            span: value.span(),
            message: format!(
                "cannot read style {:?}: expected colours (red, #ff8800, 208) and bold, dim, italic, underlined, reversed, with a background after `on`",
                value.get_ref()
            ),
        })?;
        *theme::style_mut(&mut theme, name.get_ref()).ok_or_else(|| Mistake {
            span: name.span(),
            message: format!("unknown style {:?}", name.get_ref()),
        })? = style;
    }
    let keys = Arc::new(Keys::defaults().with_first(&file.bind)?);
    Ok(Config { keys, theme })
}

/// `file:line:column: message`, the line and column counted from 1.
fn locate(path: &Path, text: &str, m: &Mistake) -> String {
    let at = m.span.start.min(text.len());
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!(
        "{}:{line}:{column}: {}; using the defaults",
        path.display(),
        m.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::style::Color;

    use crate::tui::action::{Action, Mode};

    #[test]
    fn a_config_rebinds_keys_and_recolours_styles() {
        let config = parse(
            "theme = \"light\"\n[styles]\nmatched = \"bold red on black\"\n\n[[bind]]\nmodes = [\"list\"]\nkeys = { z = \"quit\" }\nhelp = \"leave\"\n",
        )
        .unwrap();
        assert_eq!(config.theme.matched.fg, Some(Color::Red));
        assert_eq!(config.theme.matched.bg, Some(Color::Black));
        assert_eq!(config.theme.title, theme::LIGHT.title);
        let z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE);
        assert!(matches!(
            config.keys.action(z, Mode::List),
            Some(Action::Quit)
        ));
        assert!(config.keys.bindings().iter().any(|b| b.what == "leave"));
    }

    #[test]
    fn a_broken_config_says_where() {
        for (text, line, column, says) in [
            ("theme = \"dark\"\n", 1, 9, "unknown theme"),
            (
                "\n[styles]\nmatched = \"blinky\"\n",
                3,
                11,
                "cannot read style",
            ),
            (
                "[[bind]]\nmodes = [\"list\"]\nkeys = { z = \"fly\" }\n",
                3,
                14,
                "unknown action",
            ),
            ("theme = \n", 1, 9, ""),
            ("colour = 1\n", 1, 1, "unknown field"),
        ] {
            let m = parse(text).unwrap_err();
            let said = locate(Path::new("c.toml"), text, &m);
            assert!(
                said.starts_with(&format!("c.toml:{line}:{column}: ")),
                "{text:?}: {said}"
            );
            assert!(said.contains(says), "{said}");
        }
    }
}
