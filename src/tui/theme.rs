//! Every style the browser draws with, in one place.
//!
//! Three built-in themes: `default` (for dark and most terminals: no
//! colour 8, which some dark themes draw invisible), `light` (for light
//! backgrounds) and `mono`, for `NO_COLOR` terminals, which keeps meaning
//! with bold, dim, underline and reverse only. A config picks one and may
//! recolour any style by name.

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

/// A grey that stays readable on a dark background (colour 8 may not).
const GREY: Color = Color::Indexed(245);

/// The colour palette.
pub const COLOR: Theme = Theme {
    title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    dim: fg(GREY),
    text: Style::new(),
    label: fg(Color::Blue).add_modifier(Modifier::BOLD),
    border: fg(GREY),
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

/// The palette for light backgrounds: darker colours, no yellow text.
pub const LIGHT: Theme = Theme {
    title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    dim: fg(Color::Indexed(242)),
    text: Style::new(),
    label: fg(Color::Magenta).add_modifier(Modifier::BOLD),
    border: fg(Color::Indexed(248)),
    border_focus: fg(Color::Blue),
    selected: Style::new()
        .bg(Color::Indexed(153))
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD),
    selected_dim: Style::new().bg(Color::Indexed(153)).fg(Color::Indexed(238)),
    matched: fg(Color::Red).add_modifier(Modifier::BOLD),
    chip: Style::new().bg(Color::Indexed(225)).fg(Color::Black),
    tag_nutrient: Style::new().bg(Color::Indexed(157)).fg(Color::Black),
    tag_condition: Style::new().bg(Color::Indexed(225)).fg(Color::Black),
    key: fg(Color::Blue).add_modifier(Modifier::BOLD),
    error: fg(Color::Red).add_modifier(Modifier::BOLD),
    info: fg(Color::Green),
    warning: fg(Color::Red),
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

/// A built-in theme by name.
#[must_use]
pub fn named(name: &str) -> Option<Theme> {
    match name {
        "default" => Some(COLOR),
        "light" => Some(LIGHT),
        "mono" => Some(MONO),
        _ => None,
    }
}

/// Every style's name, in the order a config file lists them.
pub const STYLE_NAMES: [&str; 17] = [
    "title",
    "dim",
    "text",
    "label",
    "border",
    "border_focus",
    "selected",
    "selected_dim",
    "matched",
    "chip",
    "tag_nutrient",
    "tag_condition",
    "key",
    "error",
    "info",
    "warning",
    "marked",
];

/// A style as a config writes it (what [`parse_style`] reads back):
/// modifiers, then the colour, then `on` and the background.
#[must_use]
pub fn style_text(style: Style) -> String {
    let mut words: Vec<String> = [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
    ]
    .into_iter()
    .filter(|(m, _)| style.add_modifier.contains(*m))
    .map(|(_, w)| w.to_string())
    .collect();
    if let Some(fg) = style.fg {
        words.push(fg.to_string().to_lowercase());
    }
    if let Some(bg) = style.bg {
        words.push(format!("on {}", bg.to_string().to_lowercase()));
    }
    words.join(" ")
}

/// The style of `theme` that `name` names, for a config to change.
pub fn style_mut<'a>(theme: &'a mut Theme, name: &str) -> Option<&'a mut Style> {
    Some(match name {
        "title" => &mut theme.title,
        "dim" => &mut theme.dim,
        "text" => &mut theme.text,
        "label" => &mut theme.label,
        "border" => &mut theme.border,
        "border_focus" => &mut theme.border_focus,
        "selected" => &mut theme.selected,
        "selected_dim" => &mut theme.selected_dim,
        "matched" => &mut theme.matched,
        "chip" => &mut theme.chip,
        "tag_nutrient" => &mut theme.tag_nutrient,
        "tag_condition" => &mut theme.tag_condition,
        "key" => &mut theme.key,
        "error" => &mut theme.error,
        "info" => &mut theme.info,
        "warning" => &mut theme.warning,
        "marked" => &mut theme.marked,
        _ => return None,
    })
}

/// A style as a config writes it: colours and modifiers separated by
/// spaces, a background after `on` (`"bold red on black"`, `"#ff8800"`,
/// `"underlined 208"`).
#[must_use]
pub fn parse_style(text: &str) -> Option<Style> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        style = match w {
            "bold" => style.add_modifier(Modifier::BOLD),
            "dim" => style.add_modifier(Modifier::DIM),
            "italic" => style.add_modifier(Modifier::ITALIC),
            "underlined" => style.add_modifier(Modifier::UNDERLINED),
            "reversed" => style.add_modifier(Modifier::REVERSED),
            "on" => style.bg(words.next()?.parse().ok()?),
            colour => style.fg(colour.parse().ok()?),
        };
    }
    Some(style)
}
