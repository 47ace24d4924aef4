//! The help's content: every binding under the modes it works in, then the
//! query language. Built from the key table alone, so the view draws it and
//! `update` knows how far it can scroll, without the view keeping state.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Mode;
use crate::tui::keys::Binding;
use crate::tui::theme::Theme;

/// How many modes a binding for every mode lists.
const ALL_MODES: usize = 9;

/// Width of one column of bindings, and of the whole help in two columns.
const COLUMN: usize = 50;
const TWO_COLUMNS: u16 = 100;
const ONE_COLUMN: u16 = 48;

/// The help's lines for a screen `width` columns wide: two columns of
/// bindings side by side where 80 columns fit, else one, then the query
/// language.
#[must_use]
pub fn lines(bindings: &[Binding], width: u16, t: &Theme) -> Vec<Line<'static>> {
    let mut seen = vec![false; bindings.len()];
    let mut left = group_lines(
        bindings,
        &mut seen,
        &[("Browsing", &[Mode::List, Mode::Detail])],
        t,
    );
    let right = group_lines(
        bindings,
        &mut seen,
        &[
            ("Filter line", &[Mode::Query]),
            ("Pickers", &[Mode::Picker]),
            ("Export", &[Mode::Prompt, Mode::Confirm]),
            ("Copy (Y)", &[Mode::Copy]),
            ("Overlays", &[Mode::Help]),
        ],
        t,
    );
    left.push(Line::default());
    left.push(Line::from(Span::styled(" Mouse", t.label)));
    left.push(Line::from(Span::styled(
        "   wheel scrolls, click selects a row",
        t.text,
    )));
    let mut all = if width >= 80 {
        side_by_side(left, right)
    } else {
        left.push(Line::default());
        left.extend(right);
        left
    };
    all.push(Line::default());
    all.extend(grammar(width >= 80, t));
    all
}

/// The box the help takes on `area`: as wide as its columns, as tall as
/// its lines (the screen cuts both).
#[must_use]
pub fn size(lines: &[Line<'_>], area: Rect) -> (u16, u16) {
    let w = if area.width >= 80 {
        TWO_COLUMNS
    } else {
        ONE_COLUMN
    };
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    (w.min(area.width), h.min(area.height))
}

/// The first line shown when the help is scrolled to its end in a box
/// `rows` lines high.
#[must_use]
pub fn last_scroll(lines: &[Line<'_>], rows: u16) -> u16 {
    u16::try_from(lines.len().saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}

/// How far the help can scroll on a screen of `screen` (columns, rows).
#[must_use]
pub fn max_scroll(bindings: &[Binding], screen: (u16, u16)) -> u16 {
    let area = Rect::new(0, 0, screen.0, screen.1);
    let lines = lines(bindings, screen.0, super::theme::get(false));
    let (_, h) = size(&lines, area);
    last_scroll(&lines, h.saturating_sub(2))
}

/// Each binding with words for the help, under every group it works in,
/// except one that works everywhere, shown once (`seen` spans the calls).
fn group_lines(
    bindings: &[Binding],
    seen: &mut [bool],
    groups: &[(&str, &[Mode])],
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for (name, modes) in groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(format!(" {name}"), t.label)));
        for (i, b) in bindings.iter().enumerate() {
            let everywhere = b.modes.len() >= ALL_MODES;
            if (everywhere && seen[i])
                || b.what.is_empty()
                || !modes.iter().any(|m| b.modes.contains(m))
            {
                continue;
            }
            seen[i] = true;
            lines.push(Line::from(vec![
                Span::styled(format!("   {:<13}", b.keys), t.key),
                Span::styled(b.what.clone(), t.text),
            ]));
        }
    }
    lines
}

/// Two columns of lines as one, the left padded to its column's width.
fn side_by_side(left: Vec<Line<'static>>, right: Vec<Line<'static>>) -> Vec<Line<'static>> {
    let rows = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    (0..rows)
        .map(|_| {
            let mut line = left.next().unwrap_or_default();
            let used = line.width();
            line.spans
                .push(Span::raw(" ".repeat(COLUMN.saturating_sub(used))));
            if let Some(r) = right.next() {
                line.spans.extend(r.spans);
            }
            line
        })
        .collect()
}

/// The query language's grammar (`query::GRAMMAR`), its heading styled;
/// in one narrow column each term's explanation goes under it.
fn grammar(wide: bool, t: &Theme) -> Vec<Line<'static>> {
    let mut text = crate::query::GRAMMAR.lines();
    let mut out = vec![Line::from(Span::styled(
        format!(" {}", text.next().unwrap_or("")),
        t.label,
    ))];
    for l in text {
        let (term, what) = split_term(l);
        if wide || what.is_empty() || term.trim().is_empty() {
            out.push(Line::from(Span::styled(format!("  {l}"), t.text)));
        } else {
            out.push(Line::from(Span::styled(format!("  {term}"), t.key)));
            out.push(Line::from(Span::styled(format!("      {what}"), t.text)));
        }
    }
    out
}

/// A grammar line's term and its explanation (after a run of spaces).
fn split_term(line: &str) -> (&str, &str) {
    let body = line.trim_start();
    match body.find("  ") {
        Some(i) if body.width() > 40 => (body[..i].trim_end(), body[i..].trim()),
        _ => (body, ""),
    }
}
