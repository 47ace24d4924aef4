//! Writing a set of studies out in the formats the readers read back.
//!
//! Every format keeps the evidence, not only the citation, and vitascope
//! reads its own JSON, CSV, RIS and `BibTeX` back to the same records:
//! JSON is the record itself; CSV (RFC 4180, by the `csv` crate) has a
//! column for every field, list items one a line within a cell and doses in
//! the compact form `AMOUNT UNIT[/PER] | NUTRIENT | FORM | TEXT`;
//! `csv-doses` is one row per dose; RIS keeps the citation in its own tags
//! and the rest in `N1` notes (`vitascope-KEY: value`), `BibTeX` in a
//! readable `note` plus `vitascope-KEY` fields, both of which reference
//! managers keep; Markdown is a table for notes with n, design and doses.
//! The field names and forms are `read::evidence`'s. Writers take any
//! `io::Write`, so tests compare strings.

use std::io::{self, Write};

use crate::read::evidence::{self, KEYS};
use crate::study::Study;

/// Output formats for `list --format` and the browser's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    /// One row per dose
    CsvDoses,
    Ris,
    Bibtex,
    Markdown,
}

impl ExportFormat {
    /// The format a file name's extension asks for.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<ExportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            "ris" => Some(ExportFormat::Ris),
            "bib" | "bibtex" => Some(ExportFormat::Bibtex),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            _ => None,
        }
    }
}

/// Writes `studies` in `format`.
pub fn write(format: ExportFormat, studies: &[&Study], out: &mut dyn Write) -> io::Result<()> {
    match format {
        ExportFormat::Json => crate::json_out::write(studies, out),
        ExportFormat::Csv => csv_table(studies, out),
        ExportFormat::CsvDoses => csv_doses(studies, out),
        ExportFormat::Ris => {
            for s in studies {
                ris_record(s, out)?;
            }
            Ok(())
        }
        ExportFormat::Bibtex => {
            for (i, s) in studies.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                bibtex_entry(s, out)?;
            }
            Ok(())
        }
        ExportFormat::Markdown => markdown_table(studies, out),
    }
}

/// One row per study, a column for every field of [`KEYS`].
fn csv_table(studies: &[&Study], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(KEYS)?;
    for s in studies {
        w.write_record(KEYS.iter().map(|k| evidence::values(s, k).join("\n")))?;
    }
    w.flush()
}

/// `csv-doses` columns: the study, then the dose's parts.
const DOSE_HEADER: [&str; 9] = [
    "id", "title", "design", "n", "nutrient", "form", "amount", "unit", "per",
];

/// One row per dose, for pivot tables; a study without doses has no row.
fn csv_doses(studies: &[&Study], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = DOSE_HEADER.to_vec();
    header.push("text");
    w.write_record(&header)?;
    for s in studies {
        let n = s.details().population.n.map(|n| n.to_string());
        for d in &s.details().doses {
            w.write_record([
                s.id.as_str(),
                &s.title,
                s.design.as_str(),
                n.as_deref().unwrap_or(""),
                d.nutrient.as_deref().unwrap_or(""),
                d.form.as_deref().unwrap_or(""),
                &d.amount.to_string(),
                d.unit.as_str(),
                d.per.as_deref().unwrap_or(""),
                &d.text,
            ])?;
        }
    }
    w.flush()
}

/// One line of text: exports are line formats, so newlines in values become
/// spaces.
fn one_line(s: &str) -> String {
    crate::text::squash(s)
}

/// "Surname, Initials" when the name ends in initials (what RIS and `BibTeX`
/// readers expect), else the name as it is (a collective author).
fn split_author(name: &str) -> (Option<&str>, &str) {
    match name.rsplit_once(' ') {
        Some((family, initials))
            if !initials.is_empty() && initials.chars().all(char::is_uppercase) =>
        {
            (Some(initials), family)
        }
        _ => (None, name),
    }
}

fn ris_record(s: &Study, out: &mut dyn Write) -> io::Result<()> {
    let c = &s.citation;
    let mut line = |tag: &str, value: &str| -> io::Result<()> {
        let value = one_line(value);
        if value.is_empty() {
            Ok(())
        } else {
            writeln!(out, "{tag}  - {value}")
        }
    };
    line("TY", "JOUR")?;
    line("TI", &s.title)?;
    for a in &c.authors {
        match split_author(a) {
            (Some(initials), family) => line("AU", &format!("{family}, {initials}"))?,
            (None, name) => line("AU", name)?,
        }
    }
    if let Some(y) = c.year {
        line("PY", &y.to_string())?;
    }
    line("JO", c.journal.as_deref().unwrap_or(""))?;
    line("VL", c.volume.as_deref().unwrap_or(""))?;
    line("IS", c.issue.as_deref().unwrap_or(""))?;
    if let Some(p) = &c.pages {
        match p.split_once('-') {
            Some((start, end)) => {
                line("SP", start)?;
                line("EP", end)?;
            }
            None => line("SP", p)?,
        }
    }
    line("DO", c.doi.as_deref().unwrap_or(""))?;
    line("AN", c.pmid.as_deref().unwrap_or(""))?;
    line("UR", c.url.as_deref().unwrap_or(""))?;
    line("AB", s.abstract_text.as_deref().unwrap_or(""))?;
    for key in evidence::extracted() {
        for value in evidence::values(s, key) {
            line("N1", &format!("vitascope-{key}: {value}"))?;
        }
    }
    writeln!(out, "ER  - ")?;
    writeln!(out)
}

/// Text safe inside a `BibTeX` `{…}` value: LaTeX specials escaped so the
/// reader decodes them back to the same characters.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let text = one_line(s);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            // "--" is an en dash to LaTeX; keep the hyphens as written
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(ch),
        }
    }
    out
}

/// A citation key: the record id, reduced to characters every `BibTeX` tool
/// accepts.
fn bibtex_key(s: &Study, fallback: usize) -> String {
    let key: String =
        s.id.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
    if key.is_empty() {
        format!("study-{fallback}")
    } else {
        key
    }
}

fn bibtex_field(out: &mut dyn Write, name: &str, value: &str) -> io::Result<()> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        writeln!(out, "  {name} = {{{}}},", bibtex_escape(value))
    }
}

fn bibtex_entry(s: &Study, out: &mut dyn Write) -> io::Result<()> {
    let c = &s.citation;
    writeln!(out, "@article{{{},", bibtex_key(s, 0))?;
    let mut field = |name: &str, value: &str| bibtex_field(out, name, value);
    field("title", &s.title)?;
    let authors: Vec<String> = c
        .authors
        .iter()
        .map(|a| match split_author(a) {
            (Some(initials), family) => {
                format!("{}, {initials}", bibtex_escape(family))
            }
            (None, name) => format!("{{{}}}", bibtex_escape(name)),
        })
        .collect();
    if !authors.is_empty() {
        writeln!(out, "  author = {{{}}},", authors.join(" and "))?;
    }
    let mut field = |name: &str, value: &str| bibtex_field(out, name, value);
    if let Some(y) = c.year {
        field("year", &y.to_string())?;
    }
    field("journal", c.journal.as_deref().unwrap_or(""))?;
    field("volume", c.volume.as_deref().unwrap_or(""))?;
    field("number", c.issue.as_deref().unwrap_or(""))?;
    field("pages", c.pages.as_deref().unwrap_or(""))?;
    field("pmid", c.pmid.as_deref().unwrap_or(""))?;
    for (name, value) in [("doi", &c.doi), ("url", &c.url)] {
        match value.as_deref().map(one_line) {
            // BibTeX readers take these as written, escapes and all
            Some(v) if !v.is_empty() && !v.contains(['{', '}']) => {
                writeln!(out, "  {name} = {{{v}}},")?;
            }
            v => bibtex_field(out, name, v.as_deref().unwrap_or(""))?,
        }
    }
    let mut field = |name: &str, value: &str| bibtex_field(out, name, value);
    field("abstract", s.abstract_text.as_deref().unwrap_or(""))?;
    for key in evidence::extracted() {
        let values = evidence::values(s, key);
        let value = if evidence::is_list(key) {
            // a list is a JSON array of its items: BibTeX has one value a field
            if values.is_empty() {
                continue;
            }
            serde_json::to_string(&values).map_err(io::Error::other)?
        } else {
            values.concat()
        };
        field(&format!("vitascope-{key}"), &value)?;
    }
    writeln!(out, "  note = {{{}}}", bibtex_escape(&summary(s)))?;
    writeln!(out, "}}")
}

/// Markdown table cell: pipes escaped, one line.
fn md_cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

/// What a reader of a reference list wants at a glance: design, n, doses.
fn summary(s: &Study) -> String {
    let mut parts = vec![format!("design: {}", s.design)];
    if let Some(n) = s.details().population.n {
        parts.push(format!("n = {n}"));
    }
    let doses = doses_brief(s);
    if !doses.is_empty() {
        parts.push(format!("doses: {doses}"));
    }
    parts.join("; ")
}

/// Doses as "100 mcg/day vitamin K2, 1 g/day calcium".
fn doses_brief(s: &Study) -> String {
    s.details()
        .doses
        .iter()
        .map(|d| {
            let per = d
                .per
                .as_deref()
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            let what = d.nutrient.as_deref().or(d.form.as_deref()).unwrap_or("");
            format!("{} {}{per} {what}", d.amount, d.unit.as_str())
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn markdown_table(studies: &[&Study], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "| id | title | authors | year | journal | design | n | doses | DOI | PMID |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|")?;
    for s in studies {
        let c = &s.citation;
        let authors = match c.authors.len() {
            0 => String::new(),
            1..=3 => c.authors.join(", "),
            _ => format!("{} et al.", c.authors.first().unwrap_or_default()),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&s.id),
            md_cell(&s.title),
            md_cell(&authors),
            c.year.map(|y| y.to_string()).unwrap_or_default(),
            md_cell(c.journal.as_deref().unwrap_or("")),
            s.design,
            s.details()
                .population
                .n
                .map(|n| n.to_string())
                .unwrap_or_default(),
            md_cell(&doses_brief(s)),
            md_cell(c.doi.as_deref().unwrap_or("")),
            md_cell(c.pmid.as_deref().unwrap_or("")),
        )?;
    }
    Ok(())
}

/// Writes `studies` to `path` atomically: a temporary file in the same
/// directory, then a rename, so a failed export leaves any old file as it
/// was. Refuses to replace an existing file unless `overwrite`.
pub fn write_file_atomic(
    path: &std::path::Path,
    format: ExportFormat,
    studies: &[&Study],
    overwrite: bool,
) -> io::Result<()> {
    if !overwrite && path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists", path.display()),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("export path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.vitascope-tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(format, studies, &mut file)?;
        file.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
