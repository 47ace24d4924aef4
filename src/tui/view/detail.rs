//! The detail pane: everything known of the selected study, wrapped to the
//! pane with hanging indents, scrolled by the app's `detail_scroll`.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{cell, fit, pane};
use crate::present;
use crate::study::{Study, Trace};
use crate::text::visible;
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;

pub(super) fn render_detail(app: &App, area: Rect, buf: &mut Buffer, t: &Theme) {
    let focused = app.focus == Focus::Detail && app.overlay.picker().is_none();
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
    let mut lines = detail_lines(study, usize::from(inner.width), t);
    if let Some((_, _, traces)) = &app.results.traces {
        lines.extend(evidence_lines(traces, usize::from(inner.width), t));
    }
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(app.results.detail_scroll).min(max_scroll);
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
pub(super) fn wrap(line: &Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
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

fn field<'a>(name: &str, value: impl Into<String>, t: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<LABEL_W$}"), t.label),
        Span::styled(value.into(), t.text),
    ])
}

fn section(name: impl Into<String>, t: &Theme) -> Line<'static> {
    Line::from(Span::styled(name.into(), t.label))
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
        let shown: Vec<&str> = c.authors.iter().take(6).collect();
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

    // details not read yet are being read on the details thread: never
    // here, where a long abstract would hold up every key
    if s.details.is_read() {
        push_details(&mut out, s, width, t);
    } else {
        out.push(field("Design", s.design.as_str(), t));
        out.push(field("Details", "reading…", t));
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
        out.push(Line::from(Span::styled(
            visible(shown_part(a)).into_owned(),
            t.text,
        )));
        if a.len() > ABSTRACT_SHOWN {
            out.push(Line::from(Span::styled(
                format!(
                    "… ({} bytes more: see `vitascope show`)",
                    a.len() - shown_part(a).len()
                ),
                t.dim,
            )));
        }
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

/// Each extracted value beside the sentence it was read in (`v`), so a
/// reader can check a value against the text, as `show --explain` does.
pub fn evidence_lines(traces: &[Trace], width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::default(), section("Evidence", t)];
    if traces.is_empty() {
        out.push(Line::from(Span::styled(
            " none kept: the record's values came with it, not from its text",
            t.dim,
        )));
    }
    for tr in traces {
        let value = Line::from(vec![
            Span::styled(" • ", t.dim),
            Span::styled(format!("{} = ", visible(&tr.field)), t.label),
            Span::styled(visible(&tr.value).into_owned(), t.text),
        ]);
        let quote = Line::from(vec![
            Span::raw("   "),
            Span::styled(format!("“{}”", visible(&tr.text)), t.dim),
        ]);
        out.extend(wrap(&value, width, 3));
        out.extend(wrap(&quote, width, 3));
    }
    out
}

/// Most bytes of an abstract the pane shows: every frame wraps what it
/// shows, and a 10 MB abstract made each frame take a quarter second.
const ABSTRACT_SHOWN: usize = 64 * 1024;

/// The start of `text`, up to [`ABSTRACT_SHOWN`] bytes on a char boundary.
fn shown_part(text: &str) -> &str {
    let mut end = text.len().min(ABSTRACT_SHOWN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The study's labelled fields ([`present::fields`], as `show` prints
/// them) but those the pane shows above (citation, identifiers), as tags
/// (nutrients, conditions) or below (sources); doses as a table.
fn push_details(out: &mut Vec<Line<'static>>, s: &Study, width: usize, t: &Theme) {
    // a field after a section (doses, findings) is set apart from it
    let mut after_section = false;
    for f in present::fields(s) {
        let name = capitalized(f.label);
        match f.label {
            "id" | "authors" | "citation" | "doi" | "pmid" | "url" | "nutrients" | "conditions"
            | "source" => {}
            "doses" => {
                out.push(Line::default());
                out.push(section(name, t));
                out.extend(dose_table(s, width, t));
                after_section = true;
            }
            _ if f.bullets => {
                out.push(Line::default());
                out.push(section(name, t));
                for line in &f.lines {
                    out.push(Line::from(vec![
                        Span::styled(" • ", t.dim),
                        Span::styled(visible(line).into_owned(), t.text),
                    ]));
                }
                after_section = true;
            }
            _ => {
                if std::mem::take(&mut after_section) {
                    out.push(Line::default());
                }
                for (i, line) in f.lines.iter().enumerate() {
                    let label = if i == 0 { name.as_str() } else { "" };
                    out.push(field(label, visible(line).into_owned(), t));
                }
            }
        }
    }
}

/// A field's label as the pane shows it: `population` → `Population`.
fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A tag's text with no-break spaces, so wrapping never splits a tag.
fn unbroken(name: &str) -> String {
    visible(name).replace(' ', "\u{a0}")
}

fn dose_table(s: &Study, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let header = ["nutrient", "form", "amount", "unit", "per"];
    let rows: Vec<[String; 5]> = s
        .details()
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
