//! An article's prose cut into claims: one sentence each, or a results
//! lead-in with its bullets, with the line and paragraph they come from and
//! whether their section may hold results. Headings name sections; advice
//! sections, quoted remarks of people, page furniture and reference lists
//! give no claims.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use super::{attribution, boilerplate};
use crate::extract::sentences;

/// What a section heading says its content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    /// Results, summaries, plain prose.
    Findings,
    /// Methods, limitations, dosage notes: evidence but no results.
    NoFindings,
    /// Advice to the reader: nobody's evidence.
    Advice,
    /// A reference list: entries, never claims.
    References,
}

/// One statement of the article, with where it is.
#[derive(Debug, Clone)]
pub(super) struct Claim {
    pub(super) text: String,
    /// 0-based line.
    pub(super) line: usize,
    pub(super) paragraph: usize,
    pub(super) findings_ok: bool,
    /// The headline a digest paragraph opens with ("Topic: Headline: …"),
    /// which names the study the paragraph tells of.
    pub(super) lead: Option<String>,
}

/// Words a headline leaves in lower case.
const MINOR_WORDS: &[&str] = &[
    "&", "a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to",
    "vs", "with",
];

/// The headline a paragraph opens with, and where its prose starts: one or
/// two title-case runs each ended by a colon ("Bones: Calcium Alone Not
/// Enough: A trial of …"). A label ("Note:", "Results:") is not one: the
/// headline has three words or more, most of them capitalised.
pub(super) fn lead(line: &str) -> Option<(String, usize)> {
    static LEAD: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"^(?:[\p{Lu}0-9][^:.!?\n]*:\s+){1,2}")
            .expect("lead pattern is valid")
    });
    let m = LEAD.find(line)?;
    let starts_prose = line[m.end()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let headline = m.as_str().trim_end().trim_end_matches(':');
    let headline = headline
        .rsplit_once(':')
        .map_or(headline, |(_, h)| h)
        .trim();
    let words: Vec<&str> = headline.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    let minor = words
        .iter()
        .filter(|w| MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    let title_case = words.len() >= 3 && words.len() <= 12 && capitalised + minor == words.len();
    (starts_prose && title_case && m.len() <= 120).then(|| (headline.to_string(), m.end()))
}

/// Markdown marks that are not words: heading hashes, emphasis, links.
pub(super) fn clean_markdown(line: &str) -> String {
    static LINK: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"\[([^\]]*)\]\([^)]*\)").expect("link pattern is valid")
    });
    static HEADING: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"^\s*#{1,6}\s+|^\s*>\s?").expect("heading pattern is valid")
    });
    static STAR_BULLET: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"^(\s*)[*+]\s+").expect("bullet pattern is valid")
    });
    let l = LINK.replace_all(line, "$1");
    let l = HEADING.replace(&l, "");
    let l = STAR_BULLET.replace(&l, "$1- ");
    let l = l.replace("**", "").replace("__", "");
    l.trim_end().to_string()
}

/// The first real title line: not furniture, not a reference.
pub(super) fn headline_line(lines: &[&str], taken: &[bool]) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .find(|(i, l)| !l.trim().is_empty() && !taken[*i] && !boilerplate::is_boilerplate(l))
        .map(|(i, _)| i)
}

/// A page title without its site suffix ("Title | Site").
pub(super) fn headline_text(line: &str) -> String {
    let t = crate::text::squash(line);
    match t.split_once(" | ") {
        Some((head, _)) if head.chars().count() >= 8 => head.trim().to_string(),
        _ => t,
    }
}

/// The kind of section a heading opens.
pub(super) fn section_of(heading: &str) -> Section {
    static ADVICE: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)means for you|what you can do|\btips\b|how to|advice|bottom line|takeaway|related (?:\w+ ){0,3}(?:products|articles|posts|stories|reading)|relevance|practical|recommendations?\b|should you")
            .expect("advice pattern is valid")
    });
    static NO_FINDINGS: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)limitation|dosage|administration|background|introduction|\bwhy\b|\bnote\b|\bmethods?\b|references")
            .expect("no-findings pattern is valid")
    });
    static REFERENCES: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?i)^(?:references?|bibliography|sources|literature cited|works cited|citations?)\s*:?$")
            .expect("references pattern is valid")
    });
    if REFERENCES.is_match(heading.trim()) {
        Section::References
    } else if ADVICE.is_match(heading) {
        Section::Advice
    } else if NO_FINDINGS.is_match(heading) {
        Section::NoFindings
    } else {
        Section::Findings
    }
}

pub(super) fn is_bullet(line: &str) -> bool {
    static BULLET: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"^\s*(?:[-*•·▪◦‣]|\d{1,2}[.)])\s+")
            .expect("bullet pattern is valid")
    });
    BULLET.is_match(line)
}

/// A short line without a closing stop that introduces a section.
pub(super) fn is_heading(line: &str) -> bool {
    let l = line.trim();
    let words = l.split_whitespace().count();
    (1..=8).contains(&words)
        && !is_bullet(l)
        && !l.ends_with(['.', '!', ':', ';', ',', '"', '”'])
        && l.chars().next().is_some_and(char::is_uppercase)
        // a short line with a number states something ("Zinc cut colds by 2 days")
        && !l.chars().any(|c| c.is_ascii_digit())
}

/// The article's statements, in order, without furniture, remarks, advice.
/// Also returns the lines of a reference list that no rule could read.
pub(super) fn claims(lines: &[&str], taken: &[bool]) -> (Vec<Claim>, Vec<usize>) {
    let mut unread = Vec::new();
    let mut out: Vec<Claim> = Vec::new();
    let mut section = Section::Findings;
    let mut paragraph = 0;
    let mut group: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if boilerplate::is_tail(line) {
            break;
        }
        if line.is_empty() || taken[i] || boilerplate::is_boilerplate(line) {
            continue;
        }
        paragraph += 1;
        if is_heading(line) && !is_bullet(line) {
            section = section_of(line);
            group = None;
            continue;
        }
        if section == Section::References {
            unread.push(i);
            continue;
        }
        if section == Section::Advice {
            continue;
        }
        let findings_ok = section == Section::Findings;
        if is_bullet(line) {
            if let Some(g) = group {
                out[g].text.push('\n');
                out[g].text.push_str(line);
                continue;
            }
        } else {
            group = None;
        }
        if line.ends_with(':') {
            // a paragraph that ends by leading into a list: its sentences
            // are claims, and the last one heads the list's items
            let said = sentences::split(line);
            let (head, before) = said
                .split_last()
                .map_or((line, &[][..]), |(h, b)| (h.text, b));
            for s in before {
                out.push(Claim {
                    text: s.text.to_string(),
                    line: i,
                    paragraph,
                    findings_ok,
                    lead: None,
                });
            }
            group = Some(out.len());
            out.push(Claim {
                text: head.to_string(),
                line: i,
                paragraph,
                findings_ok,
                lead: None,
            });
            continue;
        }
        let (lead, prose) = match lead(line) {
            Some((headline, at)) => (Some(headline), &line[at..]),
            None => (None, line),
        };
        let body = BULLET_MARK.replace(prose, "");
        for s in unquoted(
            &sentences::split(&body),
            boilerplate::is_quoted_remark(line),
        ) {
            for part in parts_by_citation(s) {
                out.push(Claim {
                    text: part.to_string(),
                    line: i,
                    paragraph,
                    findings_ok,
                    lead: lead.clone(),
                });
            }
        }
    }
    (out, unread)
}

/// The sentences of a paragraph that are not someone's quoted remark: when
/// the paragraph quotes a person speaking, the sentences inside quotation
/// marks are theirs, and the rest (what the study did, what it found) is
/// still the article's.
fn unquoted<'a>(sentences: &[sentences::Sentence<'a>], quotes_a_remark: bool) -> Vec<&'a str> {
    let mut open = false;
    let mut out = Vec::new();
    for s in sentences {
        let mut quoted = open;
        for c in s.text.chars() {
            match c {
                '“' => open = true,
                '”' => open = false,
                '"' => open = !open,
                _ => continue,
            }
            quoted = true;
        }
        if !(quotes_a_remark && quoted) {
            out.push(s.text);
        }
    }
    out
}

/// A sentence cut after each citation that it goes on past, so what
/// follows is not given to the study cited before it.
fn parts_by_citation(sentence: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for at in attribution::cite_breaks(sentence) {
        parts.push(sentence[start..at].trim());
        start = at;
    }
    parts.push(sentence[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

static BULLET_MARK: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"^\s*(?:[-*•·▪◦‣])\s+").expect("bullet pattern is valid")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_paragraph_opens_with_its_headline() {
        let line = "Sleep: Zinc Did Not Shorten Colds: A trial of 60 adults found no change.";
        let (headline, at) = lead(line).expect("a lead");
        assert_eq!(headline, "Zinc Did Not Shorten Colds");
        assert!(line[at..].starts_with("A trial of 60"));
        assert_eq!(
            lead("Fish Oil and the Heart: Two studies disagree.").map(|l| l.0),
            Some("Fish Oil and the Heart".to_string())
        );
        // labels and sentences with a colon are not headlines
        assert!(lead("Results: The group given zinc recovered sooner.").is_none());
        assert!(lead("Quick Summary: A recent study found a benefit.").is_none());
        assert!(lead("The reason was simple: High levels did harm.").is_none());
        let (claims, _) = claims(&[line], &[false]);
        assert_eq!(claims[0].text, "A trial of 60 adults found no change.");
        assert_eq!(
            claims[0].lead.as_deref(),
            Some("Zinc Did Not Shorten Colds")
        );
    }

    #[test]
    fn a_paragraph_leading_into_a_list_keeps_its_sentences() {
        let lines = [
            "Zinc was tested. Researchers followed 300 adults and found:",
            "- fewer colds",
        ];
        let (claims, _) = claims(&lines, &[false, false]);
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Zinc was tested.",
                "Researchers followed 300 adults and found:\n- fewer colds"
            ]
        );
    }

    #[test]
    fn headings_and_the_sections_they_open() {
        let cases = [
            ("What This Means For You", Some(Section::Advice)),
            ("Study Limitations", Some(Section::NoFindings)),
            ("Key Findings", Some(Section::Findings)),
            ("References", Some(Section::References)),
            ("Zinc shortened colds by two days in adults.", None),
            ("- Fewer colds", None),
            ("Zinc cut colds by 2 days", None),
            ("Related Reading", Some(Section::Advice)),
        ];
        for (line, want) in cases {
            let got = is_heading(line).then(|| section_of(line));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn headlines_lose_site_names_and_markdown() {
        assert_eq!(
            headline_text("Zinc and Colds | Health Site"),
            "Zinc and Colds"
        );
        assert_eq!(
            clean_markdown("## **Zinc** and [colds](http://x)"),
            "Zinc and colds"
        );
        assert_eq!(clean_markdown("* item"), "- item");
    }

    #[test]
    fn advice_sections_give_no_claims() {
        let lines = [
            "Zinc and colds",
            "Results",
            "Zinc shortened colds (p < 0.05).",
            "What you can do",
            "- Take 50 mg zinc daily.",
        ];
        let taken = [true, false, false, false, false];
        let (claims, unread) = claims(&lines, &taken);
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Zinc shortened colds (p < 0.05)."]);
        assert!(unread.is_empty());
    }

    #[test]
    fn a_quoted_remark_drops_its_own_sentences_only() {
        let lines = [
            "Iron for runners",
            "The team gave 40 runners 60 mg iron a day. \u{201c}We were surprised. It worked,\u{201d} said a coach who was not involved. Fatigue fell by a quarter.",
        ];
        let (claims, _) = claims(&lines, &[true, false]);
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The team gave 40 runners 60 mg iron a day.",
                "Fatigue fell by a quarter."
            ]
        );
    }
}
