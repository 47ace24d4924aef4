//! Where each part of the screen goes for a terminal size: shared by the
//! view, which draws there, and by `App::update`, which keeps the selected
//! row in sight and pages by the rows the list shows (so the view never
//! writes state back).

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this width the list and the detail are stacked.
pub const STACK_BELOW: u16 = 80;

/// Where each part of the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub query: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub footer: Rect,
}

/// Whether the screen is too small for panes: then a bare list is shown.
#[must_use]
pub fn is_tiny(area: Rect) -> bool {
    area.width < 24 || area.height < 8
}

/// The panes' places for a screen size.
#[must_use]
pub fn areas(area: Rect) -> Areas {
    let [header, query, body, footer] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let [list, detail] = if area.width < STACK_BELOW {
        body.layout(&Layout::vertical([
            Constraint::Percentage(40),
            Constraint::Percentage(60),
        ]))
    } else {
        body.layout(&Layout::horizontal([
            Constraint::Percentage(52),
            Constraint::Percentage(48),
        ]))
    };
    Areas {
        header,
        query,
        list,
        detail,
        footer,
    }
}

/// How many rows of studies the list shows on a screen of `(width,
/// height)`.
#[must_use]
pub fn list_rows(screen: (u16, u16)) -> usize {
    let area = Rect::new(0, 0, screen.0, screen.1);
    if is_tiny(area) {
        return usize::from(area.height.saturating_sub(1));
    }
    usize::from(areas(area).list.height.saturating_sub(2))
}

/// The first row to show so that `selected` is in sight, moving from the
/// first row shown before (`offset`) as little as it can.
#[must_use]
pub fn offset_for(selected: usize, offset: usize, rows: usize, len: usize) -> usize {
    if rows == 0 {
        return offset;
    }
    let offset = if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    };
    offset.min(len.saturating_sub(rows))
}

/// The list's columns after the title (each shown as far as the width
/// allows): the config's `columns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub year: bool,
    pub design: bool,
    pub n: bool,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            year: true,
            design: true,
            n: true,
        }
    }
}

impl Columns {
    /// Every column's name in a config, in the order drawn.
    pub const NAMES: [&str; 3] = ["year", "design", "n"];

    /// No column but the title.
    pub const NONE: Columns = Columns {
        year: false,
        design: false,
        n: false,
    };

    /// The column called `name` set on; false when there is none.
    pub fn show(&mut self, name: &str) -> bool {
        match name {
            "year" => self.year = true,
            "design" => self.design = true,
            "n" => self.n = true,
            _ => return false,
        }
        true
    }
}
