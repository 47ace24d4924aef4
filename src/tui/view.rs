//! Drawing the browser from its state.
//!
//! `impl Widget for &App` draws everything; each pane has its own `render_*`
//! function. Only the rows on screen are built, whatever the library's
//! size. Every piece of document text goes through `text::visible` and is cut
//! to width by display columns, so escape codes never reach the terminal and
//! wide characters never shift a column.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, LineGauge, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod detail;
mod overlay;

pub use super::layout::{Areas, STACK_BELOW, areas, is_tiny};

pub use detail::detail_lines;
use detail::render_detail;
use overlay::{render_diagnostics, render_help, render_picker, render_prompt};

use super::app::{App, Focus, Overlay, Tone};
use super::line::LineEdit;
use super::theme::{self, Theme};
use crate::filter;
use crate::library::{Snapshot, Stage};
use crate::text::visible;

/// Columns of the list's design column ("meta-analysis" fits).
const DESIGN_W: usize = 13;

/// What is under a mouse position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A list row: its position in the shown studies.
    Row(usize),
    List,
    Detail,
    Elsewhere,
}

/// What the mouse points at, using the same layout the last draw used.
#[must_use]
pub fn target(app: &App, screen: Rect, column: u16, row: u16) -> Target {
    if is_tiny(screen) {
        return Target::Elsewhere;
    }
    let a = areas(screen);
    let p = Position::new(column, row);
    if a.list.contains(p) {
        let inner = a.list.inner(ratatui::layout::Margin::new(1, 1));
        if inner.contains(p) {
            let i = scroll_into_view(app, usize::from(inner.height)) + usize::from(row - inner.y);
            if i < app.results.hits.len() {
                return Target::Row(i);
            }
        }
        Target::List
    } else if a.detail.contains(p) {
        Target::Detail
    } else {
        Target::Elsewhere
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = if self.color {
            &self.theme
        } else {
            &theme::MONO
        };
        if area.is_empty() {
            return;
        }
        if is_tiny(area) {
            render_tiny(self, area, buf, t);
            return;
        }
        let a = areas(area);
        render_header(self, a.header, buf, t);
        render_query(self, a.query, buf, t);
        render_list(self, a.list, buf, t);
        render_detail(self, a.detail, buf, t);
        render_footer(self, a.footer, buf, t);
        match &self.overlay {
            Overlay::Picker(p) => render_picker(p, area, buf, t),
            Overlay::Prompt(p) => render_prompt(self, p, area, buf, t),
            Overlay::Problems => render_diagnostics(self, area, buf, t),
            Overlay::Help { scroll } => render_help(self.keys.bindings(), *scroll, area, buf, t),
            // the copy question is asked in the footer
            Overlay::None | Overlay::CopyAsk => {}
        }
    }
}

/// Cuts `text` to `width` display columns, ending in `…` when cut; chars
/// whose position is in `marks` get `mark` style. Returns the spans and the
/// columns used.
fn fit(
    text: &str,
    width: usize,
    marks: &[usize],
    base: Style,
    mark: Style,
) -> (Vec<Span<'static>>, usize) {
    let shown = visible(text);
    let total = shown.width();
    let room = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    for (i, c) in shown.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        let marked = marks.binary_search(&i).is_ok();
        if marked != run_marked && !run.is_empty() {
            let style = if run_marked { mark } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = marked;
        run.push(c);
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { mark } else { base }));
    }
    if total > width && width > 0 {
        spans.push(Span::styled("…", base));
        used += 1;
    }
    (spans, used)
}

/// `text` cut to `width` columns and padded to exactly `width`.
fn cell(text: &str, width: usize, style: Style) -> Vec<Span<'static>> {
    let (mut spans, used) = fit(text, width, &[], style, style);
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), style));
    }
    spans
}

fn count_label(app: &App) -> String {
    if let Some(p) = &app.progress.loading {
        let how_far = match p.stage {
            Stage::Merging => "merging…".into(),
            Stage::Indexing => "indexing…".into(),
            _ if p.total == 0 => "loading…".into(),
            _ => format!("loading {:.0}%", p.fraction() * 100.0),
        };
        if app.store.is_empty() {
            return how_far;
        }
        // a first look's counts are of the part read; the whole library
        // may have a search waiting for its index
        let waiting = if app.progress.indexing && !app.results.is_current() {
            " searching…"
        } else {
            ""
        };
        return format!(
            "{}/{} {how_far}{waiting}",
            app.results.hits.len(),
            app.store.len()
        );
    }
    let mut s = format!("{}/{}", app.results.hits.len(), app.store.len());
    if !app.results.is_current() {
        s.push_str(" searching…");
    } else if !app.results.complete {
        s.push_str(" partial");
    }
    s
}

fn render_tiny(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let width = usize::from(area.width);
    let head = format!("vitascope {}", count_label(app));
    let (spans, _) = fit(&head, width, &[], t.title, t.title);
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let rows = usize::from(area.height.saturating_sub(1));
    let offset = scroll_into_view(app, rows);
    for (i, hit) in app.results.hits.iter().enumerate().skip(offset).take(rows) {
        let Some(s) = app.store.get(hit.index) else {
            continue;
        };
        let style = if i == app.results.selected {
            t.selected
        } else {
            t.text
        };
        let y = area.y + 1 + (i - offset) as u16;
        buf.set_line(
            area.x,
            y,
            &Line::from(cell(&s.title, width, style)),
            area.width,
        );
    }
}

fn render_header(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    // the active filters come first: on a narrow screen they matter more
    // than the size of the library
    let mut spans = vec![Span::styled(" vitascope ", t.title)];
    // one chip a facet: names marked within a facet combine with "or"
    for (prefix, names, style) in [
        ("n", &app.query_line.facets.nutrients, t.tag_nutrient),
        ("c", &app.query_line.facets.conditions, t.tag_condition),
    ] {
        if names.is_empty() {
            continue;
        }
        let names: Vec<String> = names.iter().map(|n| visible(n).into_owned()).collect();
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {prefix}: {} ", names.join(" or ")),
            style,
        ));
    }
    let mut size = format!(
        " {} {}",
        grouped(app.store.len() as u64),
        plural(app.store.len(), "study", "studies")
    );
    if let Some(p) = &app.progress.loading {
        size = if app.store.is_empty() {
            format!(" loading: {} studies read", grouped(p.studies as u64))
        } else if app.progress.indexing {
            format!(
                " {} {}; indexing their words for search",
                grouped(app.store.len() as u64),
                plural(app.store.len(), "study", "studies")
            )
        } else {
            format!(
                " first {} studies shown; loading: {} read",
                grouped(app.store.len() as u64),
                grouped(p.studies as u64)
            )
        };
    } else if area.width >= 90 {
        let _ = write!(
            size,
            " from {} {}",
            app.files,
            plural(app.files, "file", "files")
        );
    }
    spans.push(Span::styled(size, t.dim));
    if !app.results.marked.is_empty() {
        spans.push(Span::styled(
            format!("  {} marked", app.results.marked.len()),
            t.marked,
        ));
    }
    if !app.diagnostics.is_empty() {
        spans.push(Span::styled(
            format!(
                "  ⚠ {} {} (!)",
                app.diagnostics.len(),
                plural(app.diagnostics.len(), "problem", "problems")
            ),
            t.warning,
        ));
    }
    let sort = format!("sort: {} ", app.results.sort.label());
    let sort_w = sort.width() as u16;
    let left_w = area.width.saturating_sub(sort_w + 2);
    buf.set_line(area.x, area.y, &Line::from(spans), left_w);
    if area.width > sort_w + 20 {
        buf.set_line(
            area.right() - sort_w,
            area.y,
            &Line::from(Span::styled(sort, t.dim)),
            sort_w,
        );
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn render_query(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let count = count_label(app);
    let count_w = count.width() as u16 + 1;
    let width = usize::from(area.width.saturating_sub(count_w + 4));
    let mut spans = vec![Span::styled(
        " / ",
        if app.query_line.typing { t.key } else { t.dim },
    )];
    let q = &app.query_line;
    if q.line.is_empty() && !q.typing {
        spans.push(Span::styled(
            "filter: words, n:k2 c:osteo d:rct y:2015..2022 a:zhang",
            t.dim,
        ));
    } else {
        spans.extend(edited_line(&q.line, width, q.typing, t));
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::from(spans),
        area.width.saturating_sub(count_w + 1),
    );
    let style = if app.results.complete && app.results.is_current() {
        t.dim
    } else {
        t.warning
    };
    buf.set_line(
        area.right().saturating_sub(count_w),
        area.y,
        &Line::from(Span::styled(count, style)),
        count_w,
    );
}

/// A line being edited: what is before the cursor, its end first (that is
/// where the typing happens), the cursor when `editing`, then what is after
/// it, as far as it fits in `width` columns.
fn edited_line(line: &LineEdit, width: usize, editing: bool, t: &Theme) -> Vec<Span<'static>> {
    let (before, after) = line.split();
    let before = visible(before);
    let shown = tail(&before, width.saturating_sub(1));
    let mut spans = vec![Span::styled(shown.to_string(), t.text)];
    if editing {
        spans.push(Span::styled("▏", t.key));
    }
    if !after.is_empty() {
        spans.push(Span::styled(visible(after).into_owned(), t.text));
    }
    spans
}

/// The longest end of `text` that fits in `width` columns, measured from
/// the end once (a pasted query can be many thousand characters long).
fn tail(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            return &text[at + c.len_utf8()..];
        }
    }
    text
}

fn pane(title: &str, focused: bool, t: &Theme) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused { t.border_focus } else { t.border })
        .title(Span::styled(
            format!(" {title} "),
            if focused { t.title } else { t.label },
        ))
}

/// First row to show so that the selection is in sight: the one `update`
/// kept, moved only if this draw has fewer rows than it measured.
fn scroll_into_view(app: &App, rows: usize) -> usize {
    super::layout::offset_for(
        app.results.selected,
        app.results.list_offset,
        rows,
        app.results.hits.len(),
    )
}

/// Why the list is empty, and any term of the query that could not be read.
fn render_no_hits(app: &App, inner: Rect, buf: &mut Buffer, t: &Theme) {
    let msg = if !app.results.is_current() {
        "Searching…"
    } else if app.store.is_empty() {
        "No studies loaded. Run vitascope PATH… with articles or exports."
    } else {
        "No study matches. Esc or x clears the filters."
    };
    let mut lines = vec![Line::from(Span::styled(msg, t.dim))];
    for problem in &app.query_line.parsed.problems {
        lines.push(Line::from(Span::styled(
            visible(problem).into_owned(),
            t.warning,
        )));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner.inner(ratatui::layout::Margin::new(1, 0)), buf);
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let focused = app.focus == Focus::List && app.overlay.picker().is_none();
    let mut block = pane("Studies", focused, t).title_top(
        Line::from(Span::styled(format!(" {} ", count_label(app)), t.dim)).right_aligned(),
    );
    // a term the query language cannot read is left out of the search and
    // said here, next to the results it did not narrow
    if let Some(problem) = app.query_line.parsed.problems.first() {
        block = block.title_bottom(Line::from(Span::styled(
            format!(" {} ", visible(problem)),
            t.warning,
        )));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if let Some(p) = &app.progress.loading
        && app.store.is_empty()
    {
        render_loading(p, inner, buf, t);
        return;
    }
    if app.results.hits.is_empty() {
        render_no_hits(app, inner, buf, t);
        return;
    }
    let rows = usize::from(inner.height);
    let offset = scroll_into_view(app, rows);
    let width = usize::from(inner.width);
    // columns that fit: title | year | design | n
    let show_design = app.columns.design && width >= 52;
    let show_n = app.columns.n && width >= 40;
    let show_year = app.columns.year && width >= 28;
    let fixed = 1
        + usize::from(show_year) * 5
        + usize::from(show_design) * (DESIGN_W + 1)
        + usize::from(show_n) * 7;
    let title_w = width.saturating_sub(fixed + 1);
    for (i, hit) in app.results.hits.iter().enumerate().skip(offset).take(rows) {
        let Some(s) = app.store.get(hit.index) else {
            continue;
        };
        let selected = i == app.results.selected;
        let (base, dim) = if selected {
            (t.selected, t.selected_dim)
        } else {
            (t.text, t.dim)
        };
        let marks = if app.query_line.parsed.words.is_empty() {
            Vec::new()
        } else {
            filter::highlights(&s.title, &app.query_line.parsed)
        };
        let marked = app.results.marked.contains(&hit.index);
        let mut spans = vec![match (selected, marked) {
            (_, true) => Span::styled("●", t.marked),
            (true, false) => Span::styled("▌", base),
            (false, false) => Span::styled(" ", base),
        }];
        let (title, used) = fit(
            &s.title,
            title_w,
            &marks,
            base,
            t.matched.patch(base_bg(base)),
        );
        spans.extend(title);
        spans.push(Span::styled(" ".repeat(title_w - used + 1), base));
        if show_year {
            let y = s
                .citation
                .year
                .map_or_else(|| "  — ".to_string(), |y| format!("{y:>4}"));
            spans.push(Span::styled(format!("{y} "), dim));
        }
        if show_design {
            spans.extend(cell(s.design.as_str(), DESIGN_W, dim));
            spans.push(Span::styled(" ", dim));
        }
        if show_n {
            // a size still being read is left blank, never read here
            let n = s
                .details
                .is_read()
                .then(|| s.details().population.n)
                .flatten()
                .map_or_else(String::new, |n| format!("n={n}"));
            spans.push(Span::styled(format!("{n:>7}"), dim));
        }
        let y = inner.y + (i - offset) as u16;
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}

/// How far the library has loaded, in the list pane while it loads.
fn render_loading(p: &Snapshot, area: Rect, buf: &mut Buffer, t: &Theme) {
    let area = area.inner(ratatui::layout::Margin::new(1, 0));
    let (what, detail) = match p.stage {
        Stage::Finding => ("Finding the files…".to_string(), String::new()),
        Stage::Reading => (
            "Reading the library…".to_string(),
            if p.total == 0 {
                format!("{} studies read", grouped(p.studies as u64))
            } else {
                format!(
                    "{} of {} · {} studies read",
                    megabytes(p.done),
                    megabytes(p.total),
                    grouped(p.studies as u64)
                )
            },
        ),
        Stage::Merging => (
            format!(
                "Merging duplicates among {} studies…",
                grouped(p.studies as u64)
            ),
            String::new(),
        ),
        Stage::Indexing => (
            format!(
                "Indexing the words of {} studies…",
                grouped(p.studies as u64)
            ),
            String::new(),
        ),
    };
    let ratio = if matches!(p.stage, Stage::Merging | Stage::Indexing) {
        1.0
    } else {
        p.fraction()
    };
    let [head, gauge, rest] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ]));
    Span::styled(what, t.title).render(head, buf);
    // thick against thin, so the bar reads without colour too
    LineGauge::default()
        .ratio(ratio)
        .filled_symbol(ratatui::symbols::line::THICK_HORIZONTAL)
        .filled_style(t.key)
        .unfilled_style(t.dim)
        .label(format!("{:>3.0}%", ratio * 100.0))
        .render(gauge, buf);
    let mut detail = detail;
    if p.stage == Stage::Reading
        && let Some(file) = &p.file
    {
        // a pipe nobody writes stops the count: say which one
        let _ = write!(detail, " · reading {}", visible(file));
    }
    Paragraph::new(vec![
        Line::from(Span::styled(detail, t.dim)),
        Line::default(),
        Line::from(Span::styled(
            "The query line takes keys now (/ to type); its matches show when loading ends.",
            t.dim,
        )),
    ])
    .wrap(Wrap { trim: true })
    .render(rest, buf);
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Only the background of a style, so a highlight keeps the row's colour.
fn base_bg(style: Style) -> Style {
    match style.bg {
        Some(bg) => Style::new().bg(bg),
        None => Style::new(),
    }
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let line = if let Some((msg, tone)) = &app.status {
        let style = match tone {
            Tone::Info => t.info,
            Tone::Error => t.error,
        };
        Line::from(Span::styled(format!(" {}", visible(msg)), style))
    } else {
        let mode = app.mode();
        let mut items: Vec<(&str, &str)> = app
            .keys
            .bindings()
            .iter()
            .filter(|b| !b.short.is_empty() && b.modes.contains(&mode))
            .map(|b| (b.keys.as_str(), b.short.as_str()))
            .collect();
        // help first: whatever the width, the way to every key is shown
        for (at, first) in ["?", "q Ctrl-C"].into_iter().enumerate() {
            if let Some(i) = items.iter().position(|(k, _)| *k == first) {
                let item = items.remove(i);
                items.insert(at, item);
            }
        }
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (keys, short) in items {
            let w = keys.width() + short.width() + 3;
            if used + w > usize::from(area.width) {
                continue;
            }
            used += w;
            spans.push(Span::styled(keys, t.key));
            spans.push(Span::styled(format!(" {short}  "), t.dim));
        }
        Line::from(spans)
    };
    buf.set_line(area.x, area.y, &line, area.width);
}

#[cfg(test)]
mod tests {
    use super::detail::wrap;
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn fit_cuts_by_columns_and_marks_the_cut() {
        let (spans, used) = fit("骨粗鬆症 abc", 6, &[], Style::new(), Style::new());
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            (text.as_str(), used),
            ("骨粗…", 5),
            "a wide char never half fits"
        );
        let (spans, used) = fit("a\u{1b}[2Jb", 10, &[0], Style::new(), Style::new().bold());
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!((text.as_str(), used), ("a␛[2Jb", 6));
        assert_eq!(spans[0].style, Style::new().bold(), "marked chars styled");
        assert_eq!(fit("abc", 0, &[], Style::new(), Style::new()).1, 0);
    }

    #[test]
    fn wrap_hangs_continuation_lines_and_splits_long_words() {
        let line = Line::from(vec![
            Span::raw("Label      "),
            Span::raw("one two three four"),
        ]);
        assert_eq!(
            plain(&wrap(&line, 22, 11)),
            ["Label      one two", "           three four"]
        );
        let long = Line::from("abcdefghij");
        assert_eq!(plain(&wrap(&long, 4, 0)), ["abcd", "efgh", "ij"]);
        assert_eq!(plain(&wrap(&Line::default(), 10, 0)), [""]);
        // an indent that leaves too little room is dropped
        assert_eq!(plain(&wrap(&Line::from("aa bb cc"), 3, 2)).len(), 3);
    }
}
