//! What opens over the panes: the pickers, the export prompt, the load
//! problems and the help. Each clears a centered box and draws in it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use unicode_width::UnicodeWidthStr;

use super::{base_bg, edited_line, fit, pane};
use crate::text::visible;
use crate::tui::help;
use crate::tui::keys::Binding;

use crate::tui::app::{App, FacetKind, Picker, PickerRow, Prompt};
use crate::tui::theme::Theme;

/// A box centered on the screen, at most `w`×`h`, cleared for an overlay.
fn overlay(area: Rect, w: u16, h: u16, buf: &mut Buffer) -> Rect {
    let r = area.centered(
        Constraint::Length(w.min(area.width)),
        Constraint::Length(h.min(area.height)),
    );
    Clear.render(r, buf);
    r
}

#[allow(clippy::many_single_char_names)] // p, r, t, h, n: picker, rect, theme, sizes
pub(super) fn render_picker(p: &Picker, area: Rect, buf: &mut Buffer, t: &Theme) {
    let vis = p.visible();
    let names = |v: &[(usize, Vec<usize>)]| v.iter().filter(|(i, _)| !p.rows[*i].header).count();
    let names_total = p.rows.iter().filter(|r| !r.header).count();
    let h = (vis.len() as u16).saturating_add(5).clamp(8, 22);
    let r = overlay(area, 50, h, buf);
    let title = match p.kind {
        FacetKind::Nutrient => "Nutrients",
        FacetKind::Condition => "Conditions",
    };
    let block = pane(title, true, t).title_bottom(
        Line::from(vec![
            Span::styled(" space", t.key),
            Span::styled(" mark  ", t.dim),
            Span::styled("enter", t.key),
            Span::styled(" apply  ", t.dim),
            Span::styled("esc", t.key),
            Span::styled(" cancel ", t.dim),
        ])
        .centered(),
    );
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height < 2 {
        return;
    }
    let [input, gap, rows] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    let _ = gap;
    let input_line = Line::from(vec![
        Span::styled(" > ", t.key),
        Span::styled(visible(p.query.text()).into_owned(), t.text),
        Span::styled("▏", t.key),
        Span::styled(format!("  {}/{}", names(&vis), names_total), t.dim),
    ]);
    buf.set_line(input.x, input.y, &input_line, input.width);
    let n = usize::from(rows.height);
    let offset = p.selected.saturating_sub(n.saturating_sub(1));
    for (row, (i, marks)) in vis.iter().enumerate().skip(offset).take(n) {
        let selected = row == p.selected;
        let base = if selected { t.selected } else { t.text };
        let line = picker_line(p, &p.rows[*i], marks, selected, usize::from(rows.width), t);
        let y = rows.y + (row - offset) as u16;
        buf.set_style(Rect::new(rows.x, y, rows.width, 1), base);
        buf.set_line(rows.x, y, &line, rows.width);
    }
    if vis.is_empty() {
        buf.set_line(
            rows.x,
            rows.y,
            &Line::from(Span::styled(" no match", t.dim)),
            rows.width,
        );
    }
}

/// One row of a picker, `width` wide: a name with its mark, indented by
/// its depth, and its count; or a group's header, in the title's style.
fn picker_line(
    p: &Picker,
    row: &PickerRow,
    marks: &[usize],
    selected: bool,
    width: usize,
    t: &Theme,
) -> Line<'static> {
    let PickerRow {
        label: name,
        count,
        depth,
        header,
    } = row;
    let base = if selected { t.selected } else { t.text };
    let chosen = p.chosen.contains(name);
    let mark = match (*header, chosen) {
        (true, _) => "",
        (false, true) => "[x] ",
        (false, false) => "[ ] ",
    };
    let indent = "  ".repeat(usize::from(*depth));
    let mut spans = vec![
        Span::styled(" ", base),
        Span::styled(indent.clone(), base),
        Span::styled(
            mark,
            if chosen {
                t.marked.patch(base_bg(base))
            } else {
                base
            },
        ),
    ];
    // a header is a group's title, counted by nothing
    let count_s = if *header {
        String::new()
    } else {
        format!("{count:>5} ")
    };
    let name_w = width.saturating_sub(1 + indent.len() + mark.len() + count_s.len());
    let name_style = if *header {
        t.title.patch(base_bg(base))
    } else {
        base
    };
    let (fitted, used) = fit(
        name,
        name_w,
        marks,
        name_style,
        t.matched.patch(base_bg(base)),
    );
    spans.extend(fitted);
    spans.push(Span::styled(" ".repeat(name_w - used), base));
    spans.push(Span::styled(
        count_s,
        if selected { t.selected_dim } else { t.dim },
    ));
    Line::from(spans)
}

pub(super) fn render_prompt(app: &App, p: &Prompt, area: Rect, buf: &mut Buffer, t: &Theme) {
    let r = overlay(area, 60, 5, buf);
    let block = pane("Export", true, t);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height == 0 {
        return;
    }
    let lines = if p.confirm_overwrite {
        vec![
            Line::from(vec![
                Span::styled(" ", t.text),
                Span::styled(visible(p.input.text()).into_owned(), t.title),
                Span::styled(" exists. Replace it?", t.warning),
            ]),
            Line::from(vec![
                Span::styled(" y", t.key),
                Span::styled(" replace   ", t.dim),
                Span::styled("n/Esc", t.key),
                Span::styled(" keep it", t.dim),
            ]),
        ]
    } else {
        let what = if app.results.marked.is_empty() {
            format!(" {} studies to ", app.results.hits.len())
        } else {
            format!(" {} marked studies to ", app.results.marked.len())
        };
        let room = usize::from(inner.width).saturating_sub(what.width());
        let mut first = vec![Span::styled(what, t.dim)];
        first.extend(edited_line(&p.input, room, true, t));
        vec![
            Line::from(first),
            Line::from(Span::styled(
                " .json .csv .ris .bib .md   enter write   esc cancel",
                t.dim,
            )),
        ]
    };
    Paragraph::new(lines).render(inner, buf);
}

pub(super) fn render_diagnostics(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let h = (app.diagnostics.len() as u16)
        .saturating_add(2)
        .clamp(3, area.height.saturating_sub(2).max(3));
    let r = overlay(area, area.width.saturating_sub(4).max(20), h, buf);
    let block = pane("Problems while loading", true, t);
    let inner = block.inner(r);
    block.render(r, buf);
    let lines: Vec<Line> = if app.diagnostics.is_empty() {
        vec![Line::from(Span::styled(
            " Everything loaded cleanly.",
            t.dim,
        ))]
    } else {
        app.diagnostics
            .iter()
            .map(|d| {
                let style = match d.severity {
                    crate::diagnostic::Severity::Error => t.error,
                    crate::diagnostic::Severity::Warning => t.warning,
                };
                Line::from(vec![
                    Span::styled(" ! ", style),
                    Span::styled(d.to_string(), t.text),
                ])
            })
            .collect()
    };
    Paragraph::new(lines).render(inner, buf);
}

pub(super) fn render_help(
    bindings: &[Binding],
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
    t: &Theme,
) {
    let lines = help::lines(bindings, area.width, t);
    let (w, h) = help::size(&lines, area);
    let r = overlay(area, w, h, buf);
    let block = pane("Keys", true, t).title_bottom(
        Line::from(vec![
            Span::styled(" j/k", t.key),
            Span::styled(" scroll ", t.dim),
            Span::styled(" esc", t.key),
            Span::styled(" close ", t.dim),
        ])
        .centered(),
    );
    let inner = block.inner(r);
    block.render(r, buf);
    let scroll = scroll.min(help::last_scroll(&lines, inner.height));
    Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
}
