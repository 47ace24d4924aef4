//! Printers below both faces: the aligned table and a study as labelled
//! fields, written to any `io::Write` so tests compare strings.
//!
//! The command line prints them and the browser draws from them (its
//! piped output is the table; its detail pane shows [`fields`]), so a
//! study is put into words once and the two faces cannot drift.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::study::{Citation, Population, Study};
use crate::text::visible;

/// Cuts `s` to at most `width` columns, marking a cut with `…`.
#[must_use]
pub fn fit(s: &str, width: usize) -> String {
    let s = visible(s);
    if s.width() <= width {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    let cut = fit(s, width);
    let w = cut.width();
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// The aligned table: id, year, design, n, title cut to `width` columns.
/// Ids are never cut (they are what `show` takes); titles give way.
pub fn write_table(studies: &[&Study], width: usize, out: &mut dyn Write) -> io::Result<()> {
    let id_w = studies
        .iter()
        .map(|s| visible(&s.id).width())
        .max()
        .unwrap_or(2)
        .max(2);
    let design_w = studies
        .iter()
        .map(|s| s.design.as_str().len())
        .max()
        .unwrap_or(6)
        .max(6);
    let n_w = 6;
    let fixed = id_w + 2 + 4 + 2 + design_w + 2 + n_w + 2;
    let title_w = width.saturating_sub(fixed).max(10);
    writeln!(
        out,
        "{} {} {} {:>n_w$}  TITLE",
        pad("ID", id_w + 1),
        pad("YEAR", 5),
        pad("DESIGN", design_w + 1),
        "N"
    )?;
    for s in studies {
        let year = s
            .citation
            .year
            .map_or_else(|| "-".to_string(), |y| y.to_string());
        let n = s
            .details()
            .population
            .n
            .map_or_else(|| "-".to_string(), |n| n.to_string());
        writeln!(
            out,
            "{} {} {} {:>n_w$}  {}",
            pad(&s.id, id_w + 1),
            pad(&year, 5),
            pad(s.design.as_str(), design_w + 1),
            n,
            fit(&s.title, title_w)
        )?;
    }
    Ok(())
}

/// One labelled field of a study: its label (as `show` prints it) and its
/// lines, each a value of its own (doses, findings, sources).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub lines: Vec<String>,
    /// Whether the lines are a list shown under the label as bullets
    /// (findings), rather than beside it.
    pub bullets: bool,
}

impl Field {
    fn one(label: &'static str, value: impl Into<String>) -> Field {
        Field {
            label,
            lines: vec![value.into()],
            bullets: false,
        }
    }
}

/// Everything known of a study as labelled fields, in reading order: id,
/// design, authors, citation, doi, pmid, url, population, included, doses,
/// duration, comparator, nutrients, conditions, findings, source. Fields
/// with nothing to say are left out. Values are as found: the printer
/// makes them safe ([`visible`]). Reads the study's details.
#[must_use]
pub fn fields(study: &Study) -> Vec<Field> {
    let mut out = vec![
        Field::one("id", study.id.as_str()),
        Field::one("design", study.design.as_str()),
    ];
    citation_fields(&study.citation, &mut out);
    let details = study.details();
    let pop = population_line(&details.population);
    if !pop.is_empty() {
        out.push(Field::one("population", pop));
    }
    if let Some(count) = details.included_studies {
        out.push(Field::one("included", format!("{count} studies")));
    }
    if !details.doses.is_empty() {
        let lines = details
            .doses
            .iter()
            .map(|dose| {
                let per = dose
                    .per
                    .as_deref()
                    .map(|p| format!(" per {p}"))
                    .unwrap_or_default();
                let form = dose
                    .form
                    .as_deref()
                    .map(|f| format!(" ({f})"))
                    .unwrap_or_default();
                let nutrient = dose.nutrient.as_deref().unwrap_or("?");
                format!(
                    "{} {}{per}: {nutrient}{form}  [{}]",
                    dose.amount,
                    dose.unit.as_str(),
                    dose.text
                )
            })
            .collect();
        out.push(Field {
            label: "doses",
            lines,
            bullets: false,
        });
    }
    for (label, value) in [
        ("duration", &details.duration),
        ("comparator", &details.comparator),
    ] {
        if let Some(value) = value {
            out.push(Field::one(label, value.as_str()));
        }
    }
    for (label, list) in [
        ("nutrients", &study.nutrients),
        ("conditions", &study.conditions),
    ] {
        if !list.is_empty() {
            out.push(Field::one(label, list.join(", ")));
        }
    }
    if !details.findings.is_empty() {
        out.push(Field {
            label: "findings",
            lines: details.findings.clone(),
            bullets: true,
        });
    }
    let sources = if study.sources.is_empty() {
        std::slice::from_ref(&study.source)
    } else {
        study.sources.as_slice()
    };
    out.push(Field {
        label: "source",
        lines: sources
            .iter()
            .map(|src| {
                let line = src.line.map(|l| format!(":{l}")).unwrap_or_default();
                format!("{}{line}", src.path)
            })
            .collect(),
        bullets: false,
    });
    out
}

/// One study as readable text, every field labelled (`vitascope show`).
pub fn write_study(study: &Study, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", visible(&study.title))?;
    for f in fields(study) {
        if f.bullets {
            writeln!(out, "{}:", f.label)?;
            for line in &f.lines {
                writeln!(out, "  • {}", visible(line))?;
            }
            continue;
        }
        for (i, line) in f.lines.iter().enumerate() {
            let label = if i == 0 {
                format!("{}:", f.label)
            } else {
                String::new()
            };
            writeln!(out, "{label:<13}{}", visible(line))?;
        }
    }
    Ok(())
}

/// Authors, journal with year and place, and the identifiers.
fn citation_fields(c: &Citation, out: &mut Vec<Field>) {
    if !c.authors.is_empty() {
        out.push(Field::one("authors", c.authors.join(", ")));
    }
    let mut place = String::new();
    if let Some(volume) = &c.volume {
        place.push_str(volume);
    }
    if let Some(issue) = &c.issue {
        place.push('(');
        place.push_str(issue);
        place.push(')');
    }
    if let Some(pages) = &c.pages {
        place.push(':');
        place.push_str(pages);
    }
    let year = c.year.map(|y| y.to_string());
    let parts: Vec<&str> = [
        c.journal.as_deref(),
        year.as_deref(),
        Some(place.as_str()).filter(|p| !p.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !parts.is_empty() {
        out.push(Field::one("citation", parts.join(", ")));
    }
    for (label, value) in [("doi", &c.doi), ("pmid", &c.pmid), ("url", &c.url)] {
        if let Some(value) = value {
            out.push(Field::one(label, value.as_str()));
        }
    }
}

/// n, description, species, ages and sex in one line.
fn population_line(p: &Population) -> String {
    let mut parts = Vec::new();
    if let Some(n) = p.n {
        parts.push(format!("n = {n}"));
    }
    parts.extend(p.description.iter().cloned());
    parts.extend(p.species.iter().cloned());
    match (p.age_min, p.age_max) {
        (Some(lo), Some(hi)) => parts.push(format!("aged {lo}-{hi}")),
        (Some(lo), None) => parts.push(format!("aged {lo}+")),
        (None, Some(hi)) => parts.push(format!("aged up to {hi}")),
        (None, None) => {}
    }
    parts.extend(p.sex.map(|s| s.as_str().to_string()));
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Details;

    #[test]
    fn table_columns_align_and_titles_are_cut() {
        let a = Study {
            id: "lee-2020".into(),
            title: "A very long title that goes on and on and on".into(),
            ..Study::default()
        };
        let b = Study {
            id: "x".into(),
            title: "日本語のタイトル".into(),
            ..Study::default()
        };
        let mut out = Vec::new();
        write_table(&[&a, &b], 50, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| l.width() <= 50), "{text}");
        let col = |l: &str| l.find("unknown").unwrap();
        assert_eq!(col(lines[1]), col(lines[2]), "{text}");
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn escape_bytes_never_reach_the_output() {
        let a = Study {
            id: "e".into(),
            title: "bad\u{1b}]0;pwned\u{7} title\u{9b}".into(),
            details: Details {
                findings: vec!["\u{1b}[2J".into()],
                ..Details::default()
            }
            .into(),
            ..Study::default()
        };
        let mut out = Vec::new();
        write_table(&[&a], 80, &mut out).unwrap();
        write_study(&a, &mut out).unwrap();
        assert!(
            !out.iter().any(|&b| b == 0x1b || b == 0x07),
            "{}",
            String::from_utf8_lossy(&out)
        );
        assert!(
            !String::from_utf8(out)
                .unwrap()
                .chars()
                .any(|c| ('\u{80}'..='\u{9f}').contains(&c))
        );
    }

    /// A study with every field, written for the test.
    fn full() -> Study {
        use crate::study::{Citation, Dose, Population, Sex, Source, Unit};
        Study {
            id: "ortega-2019".into(),
            title: "Chromium picolinate and fasting glucose".into(),
            design: crate::study::Design::Rct,
            citation: Citation {
                authors: ["Ortega L".to_string(), "Pinto R".to_string()]
                    .into_iter()
                    .collect(),
                year: Some(2019),
                journal: Some("J Trace Elem Stud".into()),
                volume: Some("12".into()),
                issue: Some("3".into()),
                pages: Some("45-52".into()),
                doi: Some("10.9999/jtes.2019.045".into()),
                pmid: Some("30000001".into()),
                ..Citation::default()
            },
            details: Details {
                population: Population {
                    n: Some(58),
                    description: Some("adults with prediabetes".into()),
                    species: Some("human".into()),
                    age_min: Some(40.0),
                    age_max: Some(65.0),
                    sex: Some(Sex::Female),
                },
                doses: vec![
                    Dose {
                        nutrient: Some("chromium".into()),
                        form: Some("chromium picolinate".into()),
                        amount: 500.0,
                        unit: Unit::Mcg,
                        per: Some("day".into()),
                        text: "500 mcg chromium daily".into(),
                    },
                    Dose {
                        nutrient: None,
                        form: None,
                        amount: 1.5,
                        unit: Unit::Mg,
                        per: None,
                        text: "1.5 mg".into(),
                    },
                ],
                duration: Some("16 weeks".into()),
                comparator: Some("placebo".into()),
                findings: vec!["Fasting glucose fell by 8%".into()],
                ..Details::default()
            }
            .into(),
            nutrients: vec!["chromium".into()],
            conditions: vec!["prediabetes".into(), "glucose".into()],
            source: Source {
                path: "papers/chromium.txt".into(),
                headline: None,
                line: Some(3),
            },
            sources: vec![
                Source {
                    path: "papers/chromium.txt".into(),
                    headline: None,
                    line: Some(3),
                },
                Source {
                    path: "export.nbib".into(),
                    headline: None,
                    line: None,
                },
            ],
            ..Study::default()
        }
    }

    #[test]
    fn show_text_pins_every_field() {
        let mut out = Vec::new();
        write_study(&full(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "Chromium picolinate and fasting glucose\n\
             id:          ortega-2019\n\
             design:      rct\n\
             authors:     Ortega L, Pinto R\n\
             citation:    J Trace Elem Stud, 2019, 12(3):45-52\n\
             doi:         10.9999/jtes.2019.045\n\
             pmid:        30000001\n\
             population:  n = 58; adults with prediabetes; human; aged 40-65; female\n\
             doses:       500 mcg per day: chromium (chromium picolinate)  [500 mcg chromium daily]\n\
             \x20            1.5 mg: ?  [1.5 mg]\n\
             duration:    16 weeks\n\
             comparator:  placebo\n\
             nutrients:   chromium\n\
             conditions:  prediabetes, glucose\n\
             findings:\n\
             \x20 • Fasting glucose fell by 8%\n\
             source:      papers/chromium.txt:3\n\
             \x20            export.nbib\n"
        );
    }
}
