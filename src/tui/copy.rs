//! What `y` and `Y` copy, and how it reaches the clipboard: an OSC 52
//! escape sequence, which the terminal (and tmux, ssh and mosh in between)
//! hands to the system clipboard, so no clipboard program is needed.

use base64::Engine as _;

use crate::export::{self, ExportFormat};
use crate::study::Study;
use crate::text::visible;

/// What to copy of each study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    /// A formatted reference: authors, year, title, journal, DOI.
    Reference,
    Doi,
    Pmid,
    /// The study's BibTeX entry, as the `.bib` export writes it.
    Bibtex,
}

impl CopyWhat {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CopyWhat::Reference => "reference",
            CopyWhat::Doi => "DOI",
            CopyWhat::Pmid => "PMID",
            CopyWhat::Bibtex => "BibTeX entry",
        }
    }
}

/// The text to copy for `studies`, one study a line (BibTeX: an entry
/// each), cleaned of escape codes; `None` when none has it (no DOI...).
#[must_use]
pub fn text(what: CopyWhat, studies: &[&Study]) -> Option<String> {
    let lines: Vec<String> = match what {
        CopyWhat::Reference => studies.iter().map(|s| reference(s)).collect(),
        CopyWhat::Doi => present(studies, |s| s.citation.doi.as_deref()),
        CopyWhat::Pmid => present(studies, |s| s.citation.pmid.as_deref()),
        CopyWhat::Bibtex => {
            let mut out = Vec::new();
            export::write(ExportFormat::Bibtex, studies, &mut out).ok()?;
            vec![String::from_utf8_lossy(&out).trim_end().to_string()]
        }
    };
    let text = lines
        .iter()
        .flat_map(|l| l.lines())
        .map(|l| visible(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.trim().is_empty()).then_some(text)
}

/// The field `of` each study that has it, trimmed.
fn present(studies: &[&Study], of: impl Fn(&Study) -> Option<&str>) -> Vec<String> {
    studies
        .iter()
        .filter_map(|s| of(s).map(str::trim))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// `Authors (year). Title. Journal volume(issue):pages. doi:…` with what
/// the study has.
fn reference(s: &Study) -> String {
    use std::fmt::Write as _;
    let c = &s.citation;
    let mut out = String::new();
    if !c.authors.is_empty() {
        let mut authors = c
            .authors
            .iter()
            .take(3)
            .map(str::to_string)
            .collect::<Vec<_>>();
        if c.authors.len() > 3 {
            authors.push("et al.".into());
        }
        out.push_str(&authors.join(", "));
        out.push(' ');
    }
    if let Some(y) = c.year {
        let _ = write!(out, "({y}). ");
    }
    out.push_str(s.title.trim().trim_end_matches('.'));
    out.push('.');
    if let Some(j) = &c.journal {
        out.push(' ');
        out.push_str(j);
        if let Some(v) = &c.volume {
            out.push(' ');
            out.push_str(v);
        }
        if let Some(i) = &c.issue {
            let _ = write!(out, "({i})");
        }
        if let Some(p) = &c.pages {
            out.push(':');
            out.push_str(p);
        }
        out.push('.');
    }
    if let Some(d) = &c.doi {
        let _ = write!(out, " doi:{d}");
    } else if let Some(p) = &c.pmid {
        let _ = write!(out, " PMID:{p}");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The OSC 52 sequence that puts `text` on the system clipboard.
#[must_use]
pub fn osc52(text: &str) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\u{1b}]52;c;{payload}\u{7}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Citation;

    fn study() -> Study {
        Study {
            title: "Vitamin\u{1b}[31m K and bone.".into(),
            citation: Citation {
                authors: ["Lee A".to_string(), "Kim B".to_string()]
                    .into_iter()
                    .collect(),
                year: Some(2020),
                journal: Some("Bone".into()),
                volume: Some("12".into()),
                doi: Some("10.1/x".into()),
                ..Citation::default()
            },
            ..Study::default()
        }
    }

    #[test]
    fn a_reference_has_what_the_study_has_and_no_escape_codes() {
        let s = study();
        let got = text(CopyWhat::Reference, &[&s]).unwrap();
        assert!(got.starts_with("Lee A, Kim B (2020). Vitamin"), "{got}");
        assert!(got.ends_with("Bone 12. doi:10.1/x"), "{got}");
        assert!(!got.contains('\u{1b}'), "{got:?}");
        assert_eq!(text(CopyWhat::Doi, &[&s]).as_deref(), Some("10.1/x"));
        assert_eq!(text(CopyWhat::Pmid, &[&s]), None);
        assert!(text(CopyWhat::Bibtex, &[&s]).unwrap().starts_with('@'));
    }

    #[test]
    fn osc52_carries_the_text_in_base64() {
        let seq = osc52("hé");
        let payload = seq
            .strip_prefix("\u{1b}]52;c;")
            .and_then(|p| p.strip_suffix('\u{7}'))
            .unwrap();
        let back = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        assert_eq!(back, "hé".as_bytes());
    }
}
