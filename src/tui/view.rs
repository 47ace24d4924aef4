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
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::action::BINDINGS;
use super::app::{App, FacetKind, Focus, Mode, Picker, Tone};
use super::theme::{self, Theme};
use crate::filter;
use crate::study::Study;
use crate::text::visible;

/// Below this width the list and the detail are stacked.
pub const STACK_BELOW: u16 = 80;

/// Columns of the list's design column ("meta-analysis" fits).
const DESIGN_W: usize = 13;

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
            let i = app.list_offset.get() + usize::from(row - inner.y);
            if i < app.hits.len() {
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
        let t = theme::get(self.color);
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
        if let Some(p) = &self.picker {
            render_picker(p, area, buf, t);
        }
        if self.prompt.is_some() {
            render_prompt(self, area, buf, t);
        }
        if self.show_diagnostics {
            render_diagnostics(self, area, buf, t);
        }
        if self.help {
            render_help(area, buf, t);
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
    let mut s = format!("{}/{}", app.hits.len(), app.store.len());
    if app.pending != app.shown_generation {
        s.push_str(" searching…");
    } else if !app.complete {
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
    for (i, hit) in app.hits.iter().enumerate().skip(offset).take(rows) {
        let Some(s) = app.store.get(hit.index) else {
            continue;
        };
        let style = if i == app.selected {
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
    for n in &app.facets.nutrients {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" n: {} ", visible(n)), t.tag_nutrient));
    }
    for c in &app.facets.conditions {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" c: {} ", visible(c)),
            t.tag_condition,
        ));
    }
    let mut size = format!(
        " {} {}",
        app.store.len(),
        plural(app.store.len(), "study", "studies")
    );
    if area.width >= 90 {
        let _ = write!(
            size,
            " from {} {}",
            app.files,
            plural(app.files, "file", "files")
        );
    }
    spans.push(Span::styled(size, t.dim));
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
    let sort = format!("sort: {} ", app.sort.label());
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
    let mut spans = vec![Span::styled(" / ", if app.typing { t.key } else { t.dim })];
    if app.query_text.is_empty() && !app.typing {
        spans.push(Span::styled(
            "filter: words, n:k2 c:osteo d:rct y:2015..2022 a:zhang",
            t.dim,
        ));
    } else {
        // show the end of a long query: that is where the typing happens
        let q = visible(&app.query_text);
        let mut start = 0;
        while q[start..].width() > width.saturating_sub(1) {
            start += q[start..].chars().next().map_or(1, char::len_utf8);
        }
        spans.push(Span::styled(q[start..].to_string(), t.text));
        if app.typing {
            spans.push(Span::styled("▏", t.key));
        }
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::from(spans),
        area.width.saturating_sub(count_w + 1),
    );
    let style = if app.complete && app.pending == app.shown_generation {
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

fn pane(title: &str, focused: bool, t: &Theme) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused { t.border_focus } else { t.border })
        .title(Span::styled(
            format!(" {title} "),
            if focused { t.title } else { t.label },
        ))
}

/// First row to show so that the selection is in sight; remembered for the
/// next frame and for mouse clicks.
fn scroll_into_view(app: &App, rows: usize) -> usize {
    let mut offset = app.list_offset.get();
    if rows == 0 {
        return offset;
    }
    if app.selected < offset {
        offset = app.selected;
    } else if app.selected >= offset + rows {
        offset = app.selected + 1 - rows;
    }
    offset = offset.min(app.hits.len().saturating_sub(rows));
    app.list_offset.set(offset);
    app.list_rows.set(rows);
    offset
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let focused = app.focus == Focus::List && app.picker.is_none();
    let block = pane("Studies", focused, t).title_top(
        Line::from(Span::styled(format!(" {} ", count_label(app)), t.dim)).right_aligned(),
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if app.hits.is_empty() {
        let msg = if app.store.is_empty() {
            "No studies loaded. Run vitascope PATH… with articles or exports."
        } else {
            "No study matches. Esc or x clears the filters."
        };
        Paragraph::new(Span::styled(msg, t.dim))
            .wrap(Wrap { trim: true })
            .render(inner.inner(ratatui::layout::Margin::new(1, 0)), buf);
        return;
    }
    let rows = usize::from(inner.height);
    let offset = scroll_into_view(app, rows);
    let width = usize::from(inner.width);
    // columns that fit: title | year | design | n
    let show_design = width >= 52;
    let show_n = width >= 40;
    let show_year = width >= 28;
    let fixed = 1
        + usize::from(show_year) * 5
        + usize::from(show_design) * (DESIGN_W + 1)
        + usize::from(show_n) * 7;
    let title_w = width.saturating_sub(fixed + 1);
    for (i, hit) in app.hits.iter().enumerate().skip(offset).take(rows) {
        let Some(s) = app.store.get(hit.index) else {
            continue;
        };
        let selected = i == app.selected;
        let (base, dim) = if selected {
            (t.selected, t.selected_dim)
        } else {
            (t.text, t.dim)
        };
        let marks = if app.query.words.is_empty() {
            Vec::new()
        } else {
            filter::highlights(&s.title, &app.query)
        };
        let mut spans = vec![Span::styled(if selected { "▌" } else { " " }, base)];
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
            let n = s
                .population
                .n
                .map_or_else(String::new, |n| format!("n={n}"));
            spans.push(Span::styled(format!("{n:>7}"), dim));
        }
        let y = inner.y + (i - offset) as u16;
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}

/// Only the background of a style, so a highlight keeps the row's colour.
fn base_bg(style: Style) -> Style {
    match style.bg {
        Some(bg) => Style::new().bg(bg),
        None => Style::new(),
    }
}

fn render_detail(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let focused = app.focus == Focus::Detail && app.picker.is_none();
    let mut block = pane("Detail", focused, t);
    if let Some(s) = app.current() {
        block = block.title_top(
            Line::from(Span::styled(format!(" {} ", visible(&s.id)), t.dim)).right_aligned(),
        );
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
    if inner.is_empty() {
        return;
    }
    let Some(study) = app.current() else {
        Paragraph::new(Span::styled("Nothing selected.", t.dim)).render(inner, buf);
        return;
    };
    let lines = detail_lines(study, usize::from(inner.width), t);
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(app.detail_scroll).min(max_scroll);
    for (y, line) in (inner.y..inner.bottom()).zip(lines.iter().skip(scroll)) {
        buf.set_line(inner.x, y, line, inner.width);
    }
    if max_scroll > 0 {
        let more = if scroll < max_scroll {
            "▼ more"
        } else {
            "▲"
        };
        let w = more.width() as u16;
        if area.width > w + 4 {
            buf.set_line(
                area.right().saturating_sub(w + 2),
                area.bottom().saturating_sub(1),
                &Line::from(Span::styled(more, t.dim)),
                w,
            );
        }
    }
}

/// Wraps a line at word boundaries to `width` columns; continuation lines
/// start `indent` columns in, so labels and bullets hang.
fn wrap(line: &Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let indent = if indent + 10 > width { 0 } else { indent };
    let mut out: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut used = 0;
    let mut i = 0;
    while i < chars.len() {
        // a word and the spaces after it
        let start = i;
        while i < chars.len() && chars[i].0 != ' ' {
            i += 1;
        }
        let word_end = i;
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        let word_w: usize = chars[start..word_end]
            .iter()
            .map(|(c, _)| c.width().unwrap_or(0))
            .sum();
        if used > indent && used + word_w > width {
            out.push(vec![(' ', Style::new()); indent]);
            used = indent;
        }
        for &(c, style) in &chars[start..i] {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                if c == ' ' {
                    continue; // spaces at the end of a line vanish
                }
                out.push(vec![(' ', Style::new()); indent]);
                used = indent;
            }
            out.last_mut().expect("one line at least").push((c, style));
            used += w;
        }
    }
    out.into_iter()
        .map(|mut cells| {
            while cells.last().is_some_and(|(c, _)| *c == ' ') {
                cells.pop();
            }
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in cells {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// Columns of the detail's field labels ("Population" and a space).
const LABEL_W: usize = 11;

fn field<'a>(name: &'static str, value: impl Into<String>, t: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<LABEL_W$}"), t.label),
        Span::styled(value.into(), t.text),
    ])
}

fn section(name: &'static str, t: &Theme) -> Line<'static> {
    Line::from(Span::styled(name, t.label))
}

/// Everything the detail pane shows of a study, as lines to wrap.
#[must_use]
#[allow(clippy::too_many_lines)] // one section after another, in reading order
pub fn detail_lines(s: &Study, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    out.push(Line::from(Span::styled(
        visible(&s.title).into_owned(),
        t.title,
    )));
    let c = &s.citation;
    let mut cite = String::new();
    if !c.authors.is_empty() {
        let shown: Vec<&str> = c.authors.iter().take(6).map(String::as_str).collect();
        cite.push_str(&shown.join(", "));
        if c.authors.len() > 6 {
            cite.push_str(", et al.");
        }
    }
    if let Some(y) = c.year {
        let _ = write!(cite, " ({y})");
    }
    if let Some(j) = &c.journal {
        let _ = write!(cite, ". {j}");
        if let Some(v) = &c.volume {
            let _ = write!(cite, " {v}");
        }
        if let Some(i) = &c.issue {
            let _ = write!(cite, "({i})");
        }
        if let Some(p) = &c.pages {
            let _ = write!(cite, ":{p}");
        }
    }
    if !cite.trim().is_empty() {
        out.push(Line::from(Span::styled(
            visible(cite.trim()).into_owned(),
            t.dim,
        )));
    }
    let mut ids = Vec::new();
    if let Some(d) = &c.doi {
        ids.push(Span::styled("DOI ", t.dim));
        ids.push(Span::styled(visible(d).into_owned(), t.text));
    }
    if let Some(p) = &c.pmid {
        if !ids.is_empty() {
            ids.push(Span::styled("  ", t.dim));
        }
        ids.push(Span::styled("PMID ", t.dim));
        ids.push(Span::styled(visible(p).into_owned(), t.text));
    }
    if ids.is_empty()
        && let Some(u) = &c.url
    {
        ids.push(Span::styled(visible(u).into_owned(), t.text));
    }
    if !ids.is_empty() {
        out.push(Line::from(ids));
    }
    out.push(Line::default());

    let mut design = s.design.as_str().to_string();
    if let Some(k) = s.included_studies {
        let _ = write!(design, " of {k} studies");
    }
    out.push(field("Design", design, t));
    out.push(field("Population", population(s), t));
    if let Some(d) = &s.duration {
        out.push(field("Duration", visible(d).into_owned(), t));
    }
    if let Some(d) = &s.comparator {
        out.push(field("Comparator", visible(d).into_owned(), t));
    }
    if !s.doses.is_empty() {
        out.push(Line::default());
        out.push(section("Doses", t));
        out.extend(dose_table(s, width, t));
    }
    if !s.findings.is_empty() {
        out.push(Line::default());
        out.push(section("Findings", t));
        for f in &s.findings {
            out.push(Line::from(vec![
                Span::styled(" • ", t.dim),
                Span::styled(visible(f).into_owned(), t.text),
            ]));
        }
    }
    if !s.nutrients.is_empty() || !s.conditions.is_empty() {
        out.push(Line::default());
        let mut tags = Vec::new();
        for n in &s.nutrients {
            tags.push(Span::styled(format!(" {} ", unbroken(n)), t.tag_nutrient));
            tags.push(Span::raw(" "));
        }
        for c in &s.conditions {
            tags.push(Span::styled(format!(" {} ", unbroken(c)), t.tag_condition));
            tags.push(Span::raw(" "));
        }
        out.push(Line::from(tags));
    }
    out.push(Line::default());
    let sources = if s.sources.is_empty() {
        std::slice::from_ref(&s.source)
    } else {
        s.sources.as_slice()
    };
    out.push(section(
        if sources.len() > 1 {
            "Sources"
        } else {
            "Source"
        },
        t,
    ));
    for src in sources {
        let mut at = visible(&src.path).into_owned();
        if let Some(l) = src.line {
            let _ = write!(at, ":{l}");
        }
        let mut spans = vec![Span::styled(" ", t.dim), Span::styled(at, t.text)];
        if let Some(h) = &src.headline {
            spans.push(Span::styled(format!("  “{}”", visible(h)), t.dim));
        }
        out.push(Line::from(spans));
    }
    if let Some(a) = &s.abstract_text {
        out.push(Line::default());
        out.push(section("Abstract", t));
        out.push(Line::from(Span::styled(visible(a).into_owned(), t.text)));
    }
    // labels, bullets and source lines hang: their wrapped text lines up
    out.iter()
        .flat_map(|line| {
            let first = line.spans.first().map_or("", |s| s.content.as_ref());
            let indent = match first {
                " • " => 3,
                " " => 1,
                f if f.len() == LABEL_W && f.ends_with(' ') => LABEL_W,
                _ => 0,
            };
            wrap(line, width, indent)
        })
        .collect()
}

/// A tag's text with no-break spaces, so wrapping never splits a tag.
fn unbroken(name: &str) -> String {
    visible(name).replace(' ', "\u{a0}")
}

fn population(s: &Study) -> String {
    let p = &s.population;
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = p.n {
        parts.push(format!("n={n}"));
    }
    match (p.age_min, p.age_max) {
        (Some(a), Some(b)) => parts.push(format!("ages {a}–{b}")),
        (Some(a), None) => parts.push(format!("ages {a}+")),
        (None, Some(b)) => parts.push(format!("ages ≤{b}")),
        (None, None) => {}
    }
    if let Some(sp) = &p.species {
        parts.push(visible(sp).into_owned());
    }
    if let Some(sex) = p.sex {
        parts.push(sex.as_str().to_string());
    }
    let mut out = parts.join(", ");
    if let Some(d) = &p.description {
        if !out.is_empty() {
            out.push_str(" — ");
        }
        out.push_str(&visible(d));
    }
    if out.is_empty() {
        "not stated".to_string()
    } else {
        out
    }
}

fn dose_table(s: &Study, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let header = ["nutrient", "form", "amount", "unit", "per"];
    let rows: Vec<[String; 5]> = s
        .doses
        .iter()
        .map(|d| {
            [
                d.nutrient
                    .as_deref()
                    .map_or_else(|| "—".into(), |n| visible(n).into_owned()),
                d.form
                    .as_deref()
                    .map_or_else(|| "—".into(), |f| visible(f).into_owned()),
                format_amount(d.amount),
                d.unit.as_str().to_string(),
                d.per
                    .as_deref()
                    .map_or_else(|| "—".into(), |p| visible(p).into_owned()),
            ]
        })
        .collect();
    let mut widths: [usize; 5] = header.map(UnicodeWidthStr::width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width()).min(24);
        }
    }
    // squeeze the text columns when the pane is narrow
    while widths.iter().sum::<usize>() + 2 * 5 > width && widths[1] > 4 {
        widths[1] -= 1;
        if widths[0] > 8 {
            widths[0] -= 1;
        }
    }
    let line = |cells: [&str; 5], style: Style| {
        let mut spans = vec![Span::styled(" ", style)];
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i == 2 {
                let (fitted, used) = fit(c, w, &[], style, style);
                spans.push(Span::styled(" ".repeat(w - used), style));
                spans.extend(fitted);
            } else {
                spans.extend(cell(c, w, style));
            }
            spans.push(Span::styled("  ", style));
        }
        Line::from(spans)
    };
    let mut out = vec![line(header, t.dim)];
    for r in &rows {
        out.push(line(
            [
                r[0].as_str(),
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r[4].as_str(),
            ],
            t.text,
        ));
    }
    out
}

fn format_amount(a: f64) -> String {
    if a.fract() == 0.0 && a.abs() < 1e12 {
        format!("{a:.0}")
    } else {
        let s = format!("{a:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
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
        let mut items: Vec<(&str, &str)> = BINDINGS
            .iter()
            .filter(|b| !b.short.is_empty() && b.modes.contains(&mode))
            .map(|b| (b.keys, b.short))
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
fn render_picker(p: &Picker, area: Rect, buf: &mut Buffer, t: &Theme) {
    let vis = p.visible();
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
        Span::styled(visible(&p.query).into_owned(), t.text),
        Span::styled("▏", t.key),
        Span::styled(format!("  {}/{}", vis.len(), p.items.len()), t.dim),
    ]);
    buf.set_line(input.x, input.y, &input_line, input.width);
    let n = usize::from(rows.height);
    let offset = p.selected.saturating_sub(n.saturating_sub(1));
    let width = usize::from(rows.width);
    for (row, (i, marks)) in vis.iter().enumerate().skip(offset).take(n) {
        let (name, count) = &p.items[*i];
        let selected = row == p.selected;
        let base = if selected { t.selected } else { t.text };
        let mark = if p.chosen.contains(name) {
            "[x] "
        } else {
            "[ ] "
        };
        let mut spans = vec![
            Span::styled(" ", base),
            Span::styled(
                mark,
                if p.chosen.contains(name) {
                    t.marked.patch(base_bg(base))
                } else {
                    base
                },
            ),
        ];
        let count_s = format!("{count:>5} ");
        let name_w = width.saturating_sub(5 + count_s.len());
        let (fitted, used) = fit(name, name_w, marks, base, t.matched.patch(base_bg(base)));
        spans.extend(fitted);
        spans.push(Span::styled(" ".repeat(name_w - used), base));
        spans.push(Span::styled(
            count_s,
            if selected { t.selected_dim } else { t.dim },
        ));
        let y = rows.y + (row - offset) as u16;
        buf.set_style(Rect::new(rows.x, y, rows.width, 1), base);
        buf.set_line(rows.x, y, &Line::from(spans), rows.width);
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

fn render_prompt(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let Some(p) = &app.prompt else { return };
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
                Span::styled(visible(&p.input).into_owned(), t.title),
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
        vec![
            Line::from(vec![
                Span::styled(format!(" {} studies to ", app.hits.len()), t.dim),
                Span::styled(visible(&p.input).into_owned(), t.text),
                Span::styled("▏", t.key),
            ]),
            Line::from(Span::styled(
                " .json .csv .ris .bib .md   enter write   esc cancel",
                t.dim,
            )),
        ]
    };
    Paragraph::new(lines).render(inner, buf);
}

fn render_diagnostics(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
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

fn help_lines(groups: &[(&str, &[Mode])], t: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for (name, modes) in groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(format!(" {name}"), t.label)));
        for b in BINDINGS
            .iter()
            .filter(|b| modes.iter().any(|m| b.modes.contains(m)))
        {
            lines.push(Line::from(vec![
                Span::styled(format!("   {:<13}", b.keys), t.key),
                Span::styled(b.what, t.text),
            ]));
        }
    }
    lines
}

#[allow(clippy::many_single_char_names)]
fn render_help(area: Rect, buf: &mut Buffer, t: &Theme) {
    let left = help_lines(&[("Browsing", &[Mode::List, Mode::Detail])], t);
    let mut right = help_lines(
        &[
            ("Filter line", &[Mode::Query]),
            ("Pickers", &[Mode::Picker]),
            ("Export", &[Mode::Prompt, Mode::Confirm]),
            ("Overlays", &[Mode::Help]),
        ],
        t,
    );
    right.push(Line::default());
    right.push(Line::from(Span::styled(" Mouse", t.label)));
    right.push(Line::from(Span::styled(
        "   wheel scrolls, click selects a row",
        t.text,
    )));
    let two = area.width >= 80;
    let (w, h) = if two {
        (100, left.len().max(right.len()) as u16 + 2)
    } else {
        (44, (left.len() + right.len() + 1) as u16 + 2)
    };
    let r = overlay(area, w, h, buf);
    let block = pane("Keys", true, t).title_bottom(
        Line::from(vec![
            Span::styled(" esc", t.key),
            Span::styled(" close ", t.dim),
        ])
        .centered(),
    );
    let inner = block.inner(r);
    block.render(r, buf);
    if two {
        let [l, rr] = inner.layout(&Layout::horizontal([
            Constraint::Percentage(50),
            Constraint::Percentage(50),
        ]));
        Paragraph::new(left).render(l, buf);
        Paragraph::new(right).render(rr, buf);
    } else {
        let mut all = left;
        all.push(Line::default());
        all.extend(right);
        Paragraph::new(all).render(inner, buf);
    }
}

#[must_use]
pub fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::List => "list",
        Mode::Detail => "detail",
        Mode::Query => "filter",
        Mode::Picker => "picker",
        Mode::Prompt => "export",
        Mode::Confirm => "confirm",
        Mode::Help => "help",
        Mode::Diagnostics => "problems",
    }
}

#[cfg(test)]
mod tests {
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
