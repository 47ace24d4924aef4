//! Every style the browser draws with, in one place.
//!
//! Two palettes: colour, and a monochrome one for `NO_COLOR` terminals that
//! keeps meaning with bold, dim, underline and reverse only.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one palette.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub dim: Style,
    pub text: Style,
    pub label: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub selected_dim: Style,
    pub matched: Style,
    pub chip: Style,
    pub tag_nutrient: Style,
    pub tag_condition: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub warning: Style,
    pub marked: Style,
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

/// The colour palette.
pub const COLOR: Theme = Theme {
    title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    dim: fg(Color::DarkGray),
    text: Style::new(),
    label: fg(Color::Blue).add_modifier(Modifier::BOLD),
    border: fg(Color::DarkGray),
    border_focus: fg(Color::Cyan),
    selected: Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD),
    selected_dim: Style::new().bg(Color::Blue).fg(Color::Gray),
    matched: fg(Color::Yellow).add_modifier(Modifier::BOLD),
    chip: Style::new().bg(Color::Magenta).fg(Color::Black),
    tag_nutrient: Style::new().bg(Color::Green).fg(Color::Black),
    tag_condition: Style::new().bg(Color::Magenta).fg(Color::Black),
    key: fg(Color::Yellow).add_modifier(Modifier::BOLD),
    error: fg(Color::Red).add_modifier(Modifier::BOLD),
    info: fg(Color::Green),
    warning: fg(Color::Yellow).add_modifier(Modifier::BOLD),
    marked: fg(Color::Green).add_modifier(Modifier::BOLD),
};

/// The palette for `NO_COLOR`.
pub const MONO: Theme = Theme {
    title: Style::new().add_modifier(Modifier::BOLD),
    dim: Style::new().add_modifier(Modifier::DIM),
    text: Style::new(),
    label: Style::new().add_modifier(Modifier::BOLD),
    border: Style::new(),
    border_focus: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    selected_dim: Style::new().add_modifier(Modifier::REVERSED),
    matched: Style::new().add_modifier(Modifier::UNDERLINED.union(Modifier::BOLD)),
    chip: Style::new().add_modifier(Modifier::REVERSED),
    tag_nutrient: Style::new().add_modifier(Modifier::REVERSED),
    tag_condition: Style::new().add_modifier(Modifier::UNDERLINED),
    key: Style::new().add_modifier(Modifier::BOLD),
    error: Style::new().add_modifier(Modifier::BOLD),
    info: Style::new(),
    warning: Style::new().add_modifier(Modifier::BOLD),
    marked: Style::new().add_modifier(Modifier::BOLD),
};

/// The palette for a terminal: colour unless `NO_COLOR` is set (non-empty).
#[must_use]
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[must_use]
pub fn get(color: bool) -> &'static Theme {
    if color { &COLOR } else { &MONO }
}
