//! The user's config file: key bindings, a theme, the opener, the sort the
//! list starts in and its columns.
//!
//! Read from `--config PATH`, else `VITASCOPE_CONFIG` if set, else
//! `$XDG_CONFIG_HOME/vitascope/config.toml` (`~/.config/…` without it). A
//! missing file is no error; a broken one is reported as `file:line:column:
//! what was expected`, and the browser starts on the defaults.
//! `vitascope config --default` prints [`default_file`], every setting
//! with its default and what it does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::keys::{BindSpec, Keys, Mistake};
use super::layout::Columns;
use super::theme::{self, Theme};
use crate::filter::Sort;

/// What the config sets, defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    pub keys: Arc<Keys>,
    pub theme: Theme,
    /// The command `o` opens links with (its words; the address goes
    /// after them); `None`: the system's.
    pub opener: Option<Vec<String>>,
    /// The sort the list starts in.
    pub sort: Sort,
    /// The list's columns after the title.
    pub columns: Columns,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keys: Keys::defaults(),
            theme: theme::COLOR,
            opener: None,
            sort: Sort::default(),
            columns: Columns::default(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<Spanned<String>>,
    opener: Option<Spanned<Vec<String>>>,
    sort: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    styles: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    bind: Vec<BindSpec>,
}

/// The sorts by their names in a config (and in `list --sort`).
const SORTS: [(&str, Sort); 4] = [
    ("relevance", Sort::Relevance),
    ("newest", Sort::Newest),
    ("size", Sort::LargestN),
    ("title", Sort::Title),
];

/// Where the config is looked for: `given` (`--config`), else
/// `VITASCOPE_CONFIG`, else the XDG place.
#[must_use]
pub fn path(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
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
/// it could not be used. A file named with `--config` must exist.
#[must_use]
pub fn load(given: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path(given) else {
        return (Config::default(), None);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => match parse(&text) {
            Ok(config) => (config, None),
            Err(m) => (Config::default(), Some(locate(&path, &text, &m))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && given.is_none() => {
            (Config::default(), None)
        }
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
    let opener = match file.opener {
        Some(argv) if argv.get_ref().is_empty() => {
            return Err(Mistake {
                span: argv.span(),
                message: "an empty opener: expected a command, e.g. [\"xdg-open\"]".into(),
            });
        }
        argv => argv.map(Spanned::into_inner),
    };
    let sort = match &file.sort {
        None => Sort::default(),
        Some(name) => SORTS
            .iter()
            .find(|(n, _)| n == name.get_ref())
            .map(|(_, s)| *s)
            .ok_or_else(|| Mistake {
                span: name.span(),
                message: format!(
                    "unknown sort {:?}: expected relevance, newest, size or title",
                    name.get_ref()
                ),
            })?,
    };
    let columns = match &file.columns {
        None => Columns::default(),
        Some(names) => {
            let mut columns = Columns::NONE;
            for name in names {
                if !columns.show(name.get_ref()) {
                    return Err(Mistake {
                        span: name.span(),
                        message: format!(
                            "unknown column {:?}: expected {}",
                            name.get_ref(),
                            Columns::NAMES.join(", ")
                        ),
                    });
                }
            }
            columns
        }
    };
    Ok(Config {
        keys,
        theme,
        opener,
        sort,
        columns,
    })
}

/// The whole default config, commented: the settings with their defaults,
/// and every style and key binding as a line to uncomment (`#` and no
/// space) so that only what is changed is set.
#[must_use]
pub fn default_file() -> String {
    let mut out = String::from(
        "# vitascope's config: $XDG_CONFIG_HOME/vitascope/config.toml (~/.config/...),\n\
         # or the file VITASCOPE_CONFIG or `vitascope --config PATH` names.\n\
         # Every setting is shown with its default. A line that starts with `#`\n\
         # and no space is a setting left as it is: take the `#` away to change it.\n\n\
         # The palette: default (dark and most terminals), light or mono.\n\
         # NO_COLOR makes it mono whatever this says.\n\
         theme = \"default\"\n\n\
         # The command `o` opens a study's DOI or PubMed page with: its words, the\n\
         # address after them (never through a shell). VITASCOPE_OPENER comes\n\
         # first; without either, xdg-open (open on macOS).\n\
         #opener = [\"xdg-open\"]\n\n\
         # The order the list starts in: relevance, newest, size or title (`s` cycles).\n\
         sort = \"relevance\"\n\n\
         # The list's columns after the title, as far as the width allows.\n\
         columns = [\"year\", \"design\", \"n\"]\n\n\
         # Any style of the theme, by name: colours (red, #ff8800, 208), bold, dim,\n\
         # italic, underlined, reversed, and a background after `on`. The default\n\
         # theme's:\n\
         [styles]\n",
    );
    let mut defaults = theme::COLOR;
    for name in theme::STYLE_NAMES {
        if let Some(style) = theme::style_mut(&mut defaults, name) {
            let _ = writeln!(out, "#{name} = {:?}", theme::style_text(*style));
        }
    }
    out.push_str(
        "\n# Key bindings: each [[bind]] here goes ahead of the built-in table, so\n\
         # its keys win. modes: any, list, detail, query, picker, prompt, confirm,\n\
         # help, problems, copy; keys: key = action; label, help and footer: what\n\
         # the help and the footer show. The built-in table:\n",
    );
    let table = super::keys::DEFAULT_TOML;
    // the table itself, after its own explanation
    let from = table.find("\n[[bind]]").map_or(0, |i| i + 1);
    for line in table[from..].lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "#{line}");
        }
    }
    out
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

    #[test]
    fn the_default_file_parses_back_to_the_defaults() {
        let text = default_file();
        let config = parse(&text).unwrap();
        assert_eq!(config.sort, Sort::Relevance);
        assert_eq!(config.columns, Columns::default());
        assert_eq!(config.opener, None);
        assert_eq!(
            config.keys.bindings().len(),
            Keys::defaults().bindings().len()
        );
        // every setting left as it is, taken in, reads back the same
        let uncommented: String = text
            .lines()
            .map(|l| match l.strip_prefix('#') {
                Some(rest) if !rest.starts_with(' ') && !rest.is_empty() => rest,
                _ => l,
            })
            .flat_map(|l| [l, "\n"])
            .collect();
        let all = parse(&uncommented)
            .unwrap_or_else(|m| panic!("{}", locate(Path::new("default"), &uncommented, &m)));
        assert_eq!(all.opener, Some(vec!["xdg-open".to_string()]));
        assert_eq!(format!("{:?}", all.theme), format!("{:?}", theme::COLOR));
        assert_eq!(
            all.keys.bindings().len(),
            2 * Keys::defaults().bindings().len()
        );
        for name in theme::STYLE_NAMES {
            assert!(text.contains(&format!("#{name} = ")), "{name} missing");
        }
    }

    #[test]
    fn opener_sort_and_columns_are_read() {
        let config =
            parse("opener = [\"firefox\", \"--new-tab\"]\nsort = \"size\"\ncolumns = [\"n\"]\n")
                .unwrap();
        assert_eq!(
            config.opener,
            Some(vec!["firefox".to_string(), "--new-tab".to_string()])
        );
        assert_eq!(config.sort, Sort::LargestN);
        assert_eq!(
            config.columns,
            Columns {
                year: false,
                design: false,
                n: true
            }
        );
        for (text, says) in [
            ("sort = \"oldest\"\n", "unknown sort"),
            ("columns = [\"journal\"]\n", "unknown column"),
            ("opener = []\n", "empty opener"),
            ("opener = \"xdg-open\"\n", "invalid type"),
        ] {
            let m = parse(text).unwrap_err();
            assert!(m.message.contains(says), "{text}: {}", m.message);
        }
    }
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
