//! References as real articles write them: APA (`Surname, I. I., & Other,
//! J. (Year). Title. Journal, Vol(Issue), First–Last. https://doi.org/…`),
//! NLM/Vancouver (`Surname I, Other J. Title. J Abbrev. Year Mon
//! Day;Vol(Issue):First-Last. doi: … PMID: …`), short author-year lists with an
//! unclosed year parenthesis, `Reference:`/`Ref.:`/`Authors:` lines,
//! numbered lists, and "Original Study Reference" blocks with the title on
//! its own line.
//!
//! Each entry becomes a `Citation` with authors as "Surname Initials" (the
//! store builds ids from the first author's surname) and a title, from which
//! the reader takes the design.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

use crate::study::{Citation, Name};

/// One reference found in a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reference {
    pub citation: Citation,
    pub title: Option<String>,
    /// 0-based index of the first line of the entry.
    pub line: usize,
    /// Every 0-based line the entry occupies (not article prose).
    pub lines: Vec<usize>,
    /// Introduced as *the* reference of the article ("Reference:", "Ref.:",
    /// "Original Study Reference"): the study the article reports.
    pub labelled: bool,
    /// The entry's number in a numbered list ("[2]", "2."), which in-text
    /// citations like "[2]" point to.
    pub number: Option<u32>,
    /// The short name the study goes by ("the VITAL trial"), which claims
    /// that name it point to.
    pub name: Option<String>,
}

fn re(p: &str) -> Rule {
    crate::extract::pattern(p).expect("citation pattern is valid")
}

static DOI: LazyLock<Rule> = LazyLock::new(|| {
    re(r"(?i)(?:\(\s*)?(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?(10\.\d{4,9}/[^\s\x22<>]+)")
});
static PMID: LazyLock<Rule> = LazyLock::new(|| re(r"(?i)\(?\bPMID\s*:?\s*(\d{4,9})\)?\.?"));
static PMCID: LazyLock<Rule> = LazyLock::new(|| re(r"(?i)\bPMCID\s*:?\s*PMC\d+\.?"));
static URL: LazyLock<Rule> = LazyLock::new(|| re(r"https?://\S+"));
static LEFTOVER: LazyLock<Rule> =
    LazyLock::new(|| re(r"(?i)\b(?:doi|available (?:at|from))\s*:?\s*(?:[.,;]|$)|\(\s*\)"));

static LABEL: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)](?:\s|$)|(reference|ref\.?|source|citation|study|original study)\s*:|(authors?)\s*:)\s*",
    )
});

static BLOCK_HEAD: LazyLock<Rule> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:original\s+|journal\s+)?(?:study\s+)?(?:reference|citation|source)\s*:?\s*$")
});

const NAME: &str = r"[\p{Lu}][\p{L}'’\-]+(?:\s(?:van|von|de|der|den|da|di|du|le|la|del)\b)?(?:[\s-][\p{Lu}][\p{L}'’\-]+)?";

static APA_HEAD: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"^(?P<authors>[^()]+?)\s*\((?P<year>(?:1[89]|20)\d{2})[a-z]?(?:,[^)]{0,30})?[).]\s*\.?\s*(?P<rest>.*)$",
    )
});
/// APA-like authors with the year after a stop, not in brackets, as
/// agency and library pages write them ("Lee, A., Berg, C. 2013. Title.").
static BARE_YEAR_HEAD: LazyLock<Rule> = LazyLock::new(|| {
    re(r"^(?P<authors>[^()]+?\.)\s+(?P<year>(?:1[89]|20)\d{2})[a-z]?\.\s+(?P<rest>.*)$")
});
/// APA-like authors with dotted initials and no year after them, then
/// the title ("Lee, A.B., et al. Title. Journal, Vol. 3, May 2, 2002").
static DOTTED_HEAD: LazyLock<Rule> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<authors>(?:{NAME},\s*(?:[\p{{Lu}}]\.\s?-?\s?){{1,4}}\s*(?:,\s*)?(?:&\s*|\band\s+)?)+(?:,?\s*et al\.)?)\s+(?P<rest>[\p{{Lu}}].*)$"
    ))
});
static APA_AUTHOR: LazyLock<Rule> =
    LazyLock::new(|| re(&format!(r"({NAME}),\s*((?:[\p{{Lu}}]\.?\s?-?\s?){{1,4}})")));
static APA_LIST: LazyLock<Rule> = LazyLock::new(|| {
    re(&format!(
        r"^(?:{NAME},\s*(?:[\p{{Lu}}]\.?\s?-?\s?){{1,4}}\s*(?:,\s*)?(?:&\s*|\band\s+|\.\.\.\s*)?)+(?:,?\s*et al\.?)?\s*,?$"
    ))
});
static NLM_LIST: LazyLock<Rule> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<list>{NAME}\s(?:[\p{{Lu}}]\.?){{1,4}}(?:(?:,\s*|\s*&\s*|\s+and\s+){NAME}\s(?:[\p{{Lu}}]\.?){{1,4}})*(?:,?\s*et\s+al\.?)?)(?P<stop>\.?)(?:\s+|$)(?P<rest>.*)$"
    ))
});
static NLM_AUTHOR: LazyLock<Rule> =
    LazyLock::new(|| re(&format!(r"({NAME})\s((?:[\p{{Lu}}]\.?){{1,4}})(?:\W|$)")));

static YEAR: LazyLock<Rule> = LazyLock::new(|| re(r"\b((?:1[89]|20)\d{2})\b"));
static TAIL_YEAR: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"\(?\b((?:1[89]|20)\d{2})\b\)?(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:-[A-Z][a-z]{2,8})?)?\s*[;,.:]?",
    )
});
static VOL_ISSUE_PAGES: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(\d+)\s*\(([^)]{1,12})\)\s*(?:[:,]\s*(?:pp?\.\s*)?([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?))?",
    )
});
static VOL_PAGES: LazyLock<Rule> = LazyLock::new(|| {
    re(r"(\d+)\s*(?::|,|\s)\s*(?:pp?\.\s*)?([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)")
});
static VOL_WORD: LazyLock<Rule> = LazyLock::new(|| re(r"(?i)\bvol(?:ume)?\.?\s*(\d+)"));
static ISSUE_WORD: LazyLock<Rule> =
    LazyLock::new(|| re(r"(?i)\b(?:no|issue)\.?\s*(\d+)(?:\s*:\s*(\d+(?:\s*[-–—]\s*\d+)?))?"));
static PAGES_WORD: LazyLock<Rule> = LazyLock::new(|| re(r"(?i)\bpp?\.\s*(\d+(?:\s*[-–—]\s*\d+)?)"));
static LONE_VOL: LazyLock<Rule> = LazyLock::new(|| re(r"^\s*(\d{1,4})\s*\.?\s*$"));

/// Finds every reference in the lines of a document.
#[must_use]
pub fn find(lines: &[&str]) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut used = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if used[i] {
            i += 1;
            continue;
        }
        if let Some(r) = abstract_page_block(lines, i, &used) {
            for &l in &r.lines {
                used[l] = true;
            }
            out.push(r);
            i += 1;
            continue;
        }
        if BLOCK_HEAD.is_match(lines[i]) {
            if let Some(r) = block(lines, i) {
                for &l in &r.lines {
                    used[l] = true;
                }
                used[i] = true;
                out.push(r);
            }
            i += 1;
            continue;
        }
        if let Some((mut r, mut span)) = entry_at(lines, i, &used) {
            // a DOI wrapped onto the next line alone
            if r.citation.doi.is_none()
                && let Some(next) = lines.get(i + span).map(|l| l.trim())
                && let Some(d) = DOI.captures(next)
                && d.get(0)
                    .is_some_and(|m| m.start() == 0 && m.end() == next.len())
            {
                r.citation.doi = Some(clean_doi(&d[1]));
                span += 1;
            }
            r.line = i;
            r.lines = (i..i + span).collect();
            for u in used.iter_mut().skip(i).take(span) {
                *u = true;
            }
            if r.title.is_none()
                && let Some(t) = title_above(lines, i, &used)
            {
                r.title = Some(lines[t].trim().trim_end_matches('.').to_string());
                r.line = t;
                r.lines.push(t);
                used[t] = true;
            }
            used[i] = true;
            out.push(r);
        }
        i += 1;
    }
    out
}

/// A source line as an abstract page writes it under the title: journal,
/// date, then volume(issue):pages ("Ann Nutr Metab 2019 Mar 4;12(3):45-52.").
static SOURCE_LINE: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"^\s*([\p{Lu}][\p{L}&.\- ]+?)\.?\s+((?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*(\d{1,5})(?:\((\w{1,8})\))?\s*:\s*([\w\-–]{1,20})\.?",
    )
});

/// An author of a byline with affiliation numbers ("Ann Lee 1 2").
static BYLINE_AUTHOR: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"^([\p{Lu}][\p{L}'’\-]*(?:\s+[\p{Lu}][\p{L}'’\-]*\.?)*?)\s+([\p{Lu}][\p{L}'’\-]+)(?:\s+\d{1,2})*\s*$",
    )
});

/// The study an abstract page shows: its title, the source line under it
/// and the byline of authors under that, each on a line of its own. The
/// source line starting at `i` decides; it is the page's own study.
fn abstract_page_block(lines: &[&str], i: usize, used: &[bool]) -> Option<Reference> {
    // the pattern needs the ';' between date and volume: most lines have none
    if !lines[i].contains(';') {
        return None;
    }
    let c = SOURCE_LINE
        .captures(lines[i])
        .filter(|c| c[1].chars().count() <= 81)?;
    let t = title_above(lines, i, used)?;
    let mut citation = Citation {
        journal: Some(Name::from(c[1].trim())),
        year: c[2].parse().ok(),
        volume: Some(c[3].to_string()),
        issue: c.get(4).map(|m| m.as_str().to_string()),
        pages: Some(c[5].to_string()),
        doi: DOI.captures(lines[i]).map(|d| clean_doi(&d[1])),
        ..Citation::default()
    };
    let mut taken = vec![t, i];
    let byline = (i + 1..lines.len().min(i + 4)).find(|&j| !lines[j].trim().is_empty());
    if let Some(j) = byline.filter(|&j| !used[j])
        && let Some(names) = full_names(lines[j])
    {
        citation.authors = names.into();
        taken.push(j);
    }
    let title = crate::text::squash(lines[t].trim().trim_start_matches('#').trim());
    Some(Reference {
        citation,
        title: Some(title.trim_end_matches('.').to_string()),
        line: t,
        lines: taken,
        labelled: true,
        ..Reference::default()
    })
}

/// Authors written with their given names first ("Ann Lee 1, Carl B.
/// Berg"), as "Surname Initials"; `None` unless every part is a name.
fn full_names(line: &str) -> Option<Vec<String>> {
    let names: Vec<String> = line
        .split(',')
        .map(|part| {
            let a = BYLINE_AUTHOR.captures(part.trim())?;
            let initials: String = a[1]
                .split(|ch: char| ch.is_whitespace() || ch == '-')
                .filter_map(|given| given.chars().next())
                .collect();
            Some(name(&a[2], &initials))
        })
        .collect::<Option<_>>()?;
    (!names.is_empty()).then_some(names)
}

/// The entry starting at line `i` and how many lines it takes: one, or up
/// to three when a reference was wrapped over several lines.
fn entry_at(lines: &[&str], i: usize, used: &[bool]) -> Option<(Reference, usize)> {
    if let Some(r) = entry(lines[i]) {
        return Some((r, 1));
    }
    let head = lines[i].trim();
    let starts_like_one = NLM_LIST.is_match(head)
        || APA_AUTHOR.find(head).is_some_and(|m| m.start() == 0)
        || LABEL.is_match(head);
    if !starts_like_one {
        return None;
    }
    let mut joined = head.to_string();
    for extra in 1..=2 {
        let j = i + extra;
        let next = lines.get(j).map(|l| l.trim()).filter(|l| !l.is_empty())?;
        if used[j] || entry(next).is_some() {
            return None;
        }
        joined.push(' ');
        joined.push_str(next);
        if let Some(r) = entry(&joined) {
            return Some((r, extra + 1));
        }
    }
    None
}

/// The title of an `Authors:` line written on the line above it.
fn title_above(lines: &[&str], i: usize, used: &[bool]) -> Option<usize> {
    let t = (0..i).rev().find(|&j| !lines[j].trim().is_empty())?;
    let line = lines[t].trim();
    let words = line.split_whitespace().count();
    (!used[t] && (3..=30).contains(&words) && !line.ends_with(['.', '?', '!', ':'])).then_some(t)
}

/// The head of a reference written inside prose: two or more "Surname
/// I" authors, or one and "et al.", then a stop ("Hsu C, Sai T, et al.").
static INLINE_AUTHORS: LazyLock<Rule> = LazyLock::new(|| {
    re(&format!(
        r"\b({NAME})\s(?:[\p{{Lu}}]{{1,3}})(?:(?:,\s*{NAME}\s[\p{{Lu}}]{{1,3}})+(?:,?\s*et\s+al)?|,?\s*et\s+al)\.?"
    ))
});

/// The end of such a reference: a year, then volume and pages
/// ("2004 Jan;40(1):40-6", "2010;29:31-40").
static INLINE_TAIL: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"\b(?:1[89]|20)\d{2}\b[^;()]{0,20};\s*\d+\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?\.?",
    )
});

/// How far after its authors a reference in prose may end, in bytes.
const INLINE_SPAN: usize = 400;

/// References written inside a line of prose ("… weight (Surname A, Other
/// B, et al. Title. J Abbrev 2010;29:31-40).") with the byte range each
/// takes, so the reader can read the line's prose around them.
#[must_use]
pub fn inline(line: &str) -> Vec<(std::ops::Range<usize>, Reference)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(head) = INLINE_AUTHORS.find_at(line, from) {
        let window = crate::extract::text_after(line, head.end(), INLINE_SPAN);
        let Some(tail) = INLINE_TAIL.find(window) else {
            from = head.end();
            continue;
        };
        let end = head.end() + tail.end();
        let span = &line[head.start()..end];
        // in prose a title is the sentence before the authors when the
        // span itself has none
        let found = entry(span)
            .filter(|r| r.title.is_some())
            .or_else(|| title_first(&line[..head.start()], span));
        if let Some(r) = found {
            out.push((head.start()..end, r));
        }
        from = end;
    }
    for (at, r) in initials_first(line) {
        if out
            .iter()
            .all(|(o, _)| o.end <= at.start || at.end <= o.start)
        {
            out.push((at, r));
        }
    }
    out.sort_by_key(|(at, _)| at.start);
    out
}

/// A terse reference after the prose it supports, authors with their
/// initials first and the year maybe in two digits ("A.B. Lee, C Berg,
/// Some Univ, J Abbrev ’04 12(3):121-6."): the journal is the last part
/// before the year, and a part between (an affiliation) is dropped.
static INITIALS_FIRST: LazyLock<Rule> = LazyLock::new(|| {
    const AUTHOR: &str = r"(?:[\p{Lu}]{1,3}|(?:[\p{Lu}]\.\s?){1,3})\s[\p{Lu}][\p{L}'’\-]+";
    re(&format!(
        r"\b(?P<authors>{AUTHOR}(?:,\s*{AUTHOR})*(?:,?\s*et\s+al\.?)?),\s*(?P<source>[^;()\n]+?)\s*(?P<year>[’']\d{{2}}|\b(?:19|20)\d{{2}})\s*[;,]?\s*(?P<vol>\d+)\s*(?:\((?P<issue>[^)\n]+)\))?\s*:\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\.?"
    ))
});

fn initials_first(line: &str) -> Vec<(std::ops::Range<usize>, Reference)> {
    static AUTHOR: LazyLock<Rule> =
        LazyLock::new(|| re(r"(?:[\p{Lu}]{1,3}|(?:[\p{Lu}]\.\s?){1,3})\s([\p{Lu}][\p{L}'’\-]+)"));
    let mut out = Vec::new();
    for c in INITIALS_FIRST.captures_iter(line) {
        let journal = c["source"].rsplit(',').next().unwrap_or("").trim();
        let short = |s: &str| s.chars().count() <= 12;
        let issue_ok = c.name("issue").is_none_or(|i| short(i.as_str()));
        if journal.is_empty() || journal.chars().count() > 80 || !issue_ok {
            continue;
        }
        let year = &c["year"];
        let year: i32 = match year.strip_prefix(['’', '\'']) {
            Some(yy) => yy
                .parse::<i32>()
                .map_or(0, |y| y + if y < 30 { 2000 } else { 1900 }),
            None => year.parse().unwrap_or(0),
        };
        let authors: Vec<String> = AUTHOR
            .captures_iter(&c["authors"])
            .map(|a| a[1].replace('’', "'"))
            .collect();
        let citation = Citation {
            authors: authors.into(),
            year: Some(year),
            journal: Some(Name::from(journal.to_string())),
            volume: Some(c["vol"].to_string()),
            issue: c.name("issue").map(|i| i.as_str().trim().to_string()),
            pages: Some(pages(&c["pages"])),
            ..Citation::default()
        };
        let at = c.get(0).map_or(0..0, |m| m.range());
        out.push((
            at,
            Reference {
                citation,
                ..Reference::default()
            },
        ));
    }
    out
}

/// A reference whose title is the sentence before its authors ("A trial
/// of X. Surname A, Other B. J Abbrev. 2004 Jan;40(1):40-6").
fn title_first(before: &str, span: &str) -> Option<Reference> {
    let (citation, _) = parse(span, true)?;
    let before = before.trim_end();
    let title = before
        .strip_suffix('.')
        .map(|b| b.rsplit_once(". ").map_or(b, |(_, t)| t).trim())
        .filter(|t| t.split_whitespace().count() >= 3 && t.len() <= 300)
        .map(str::to_string);
    Some(Reference {
        citation,
        title,
        ..Reference::default()
    })
}

/// A reference written as one line (or paragraph).
#[must_use]
pub fn entry(line: &str) -> Option<Reference> {
    let trimmed = line.trim();
    if trimmed.chars().count() < 25 {
        return None;
    }
    let (number, labelled, authors_label, body) = match LABEL.captures(trimmed) {
        Some(c) => (
            c.get(1).or(c.get(2)).and_then(|n| n.as_str().parse().ok()),
            c.get(3).is_some(),
            c.get(4).is_some(),
            &trimmed[c.get(0).map_or(0, |m| m.end())..],
        ),
        None => (None, false, false, trimmed),
    };
    let (citation, title) = parse(body, authors_label).or_else(|| {
        labelled
            .then(|| journal_only(body))
            .flatten()
            .map(|c| (c, None))
    })?;
    Some(Reference {
        citation,
        title,
        labelled,
        number,
        ..Reference::default()
    })
}

static PUBLISHED_IN: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?i:published|appeared|appears|reported)\s+(?P<between>(?:[A-Za-z0-9,]+\s+){0,8}?)(?i:in)\s+(?:(?i:this|last|next)\s+(?i:week|month)['’]s\s+|(?i:today)['’]s\s+)?(?:(?i:the)\s+)?(?:(?i:most\s+)?(?i:recent|latest|current)\s+(?i:issue)\s+(?i:of)\s+(?:(?i:the|in)\s+)?)?(?:(?i:journal)\s+)?(?P<name>[A-Z][\w&.-]*(?:\s+(?:(?:of|in|and|for|on|the|&)\s+)*[A-Z][\w&.-]*)*)",
    )
});

/// "The Journal of X published the study": the journal as the subject.
static PUBLISHED_BY: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?P<name>[A-Z][\w&.-]*(?:\s+(?:(?:of|in|and|for|on|the|&)\s+)*[A-Z][\w&.-]*)*)\s+(?:published|publishes|has published)\s+(?:the|these|this|its|their)\s+(?:new\s+)?(?:study|findings|results|research|paper|trial|analysis)\b",
    )
});

/// The journal and year an abstract page prints under its title, each on
/// a line of its own ("Journal of X" … "Dec 2013"), within the page's
/// first lines.
#[must_use]
pub fn masthead(text: &str) -> Option<(String, i32)> {
    static DATE_LINE: LazyLock<Rule> = LazyLock::new(|| {
        re(
            r"^(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d{2})$",
        )
    });
    let head: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .collect();
    let journal = head.iter().skip(1).position(|l| {
        l.split_whitespace().count() <= 8
            && !l.ends_with(['.', ':', '?', '!'])
            && l.chars().next().is_some_and(char::is_uppercase)
            && looks_like_a_journal(l)
    })? + 1;
    let year = head[journal + 1..]
        .iter()
        .take(3)
        .find_map(|l| DATE_LINE.captures(l))?[1]
        .parse()
        .ok()?;
    Some((head[journal].to_string(), year))
}

/// Words a journal's name holds and a place's or a person's does not.
fn looks_like_a_journal(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "journal",
        "lancet",
        "annals",
        "archives",
        "proceedings",
        "bulletin",
        "medicine",
        "review",
        "reviews",
        "reports",
        "research",
        "science",
        "nutrition",
        "plos",
    ];
    name.split_whitespace().any(|w| {
        WORDS.contains(&w.to_lowercase().as_str())
            || w.chars().count() >= 3 && w.chars().all(|c| c.is_ascii_uppercase())
    })
}

/// Where a link to a study's record goes: a DOI, a bibliographic
/// database or a publisher's article page.
const SCHOLARLY: &[&str] = &[
    "doi.org/",
    "/doi/",
    "pubmed",
    "ncbi.nlm.nih.gov",
    "europepmc",
    "/abstract",
    "/abs/",
    "/article/",
    "/articles/",
    "/content/",
    "/fulltext",
    "springer",
    "tandfonline",
    "sciencedirect",
    "wiley.com",
    "nature.com",
    "bmj.com",
    "jamanetwork",
    "nejm.org",
    "thelancet",
    "plos",
    "frontiersin",
    "mdpi.com",
    "academic.oup",
    "oxfordjournals",
    "sagepub",
    "karger",
    "cambridge.org/core",
    "biomedcentral",
    "ahajournals",
    "cell.com",
];

/// References written as Markdown links whose text is a study's title and
/// whose address is its record ("[Iron and sleep in toddlers (2004, 12
/// citations)](https://doi.org/…)"); a link whose text is not a title
/// ("this study") names no study.
#[must_use]
pub fn linked(line: &str) -> Vec<Reference> {
    static LINK: LazyLock<Rule> = LazyLock::new(|| re(r"\[([^\]]{10,})\]\((https?://[^)\s]+)\)"));
    static TRAILER: LazyLock<Rule> =
        LazyLock::new(|| re(r"\s*\(((?:19|20)\d{2})\b[^)]{0,40}\)\s*$"));
    let mut out = Vec::new();
    // a link's text is a title of at most 400 characters; the bound is
    // checked here, as a counted repeat of a Unicode class is costly to build
    for c in LINK
        .captures_iter(line)
        .filter(|c| c[1].chars().count() <= 400)
    {
        let url = &c[2];
        if !SCHOLARLY
            .iter()
            .any(|s| url.to_ascii_lowercase().contains(s))
        {
            continue;
        }
        let text = c[1].trim();
        let year = TRAILER.captures(text).and_then(|y| y[1].parse().ok());
        let title = TRAILER.replace(text, "");
        let title = title.trim().trim_end_matches('.');
        let first = title
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let generic = matches!(
            first.as_str(),
            "a" | "an" | "this" | "the" | "one" | "study" | "here" | "read" | "see"
        );
        if title.split_whitespace().count() < 4 || generic {
            continue;
        }
        let decoded = url.replace("%2F", "/").replace("%2f", "/");
        let doi = DOI
            .captures(&decoded)
            .map(|d| clean_doi(d[1].split(['?', '#']).next().unwrap_or_default()));
        out.push(Reference {
            citation: Citation {
                year,
                doi,
                url: Some(url.to_string()),
                ..Citation::default()
            },
            title: Some(title.to_string()),
            ..Reference::default()
        });
    }
    out
}

/// The journal a text says a study was published in ("published recently
/// in the Journal of X"), for an article that gives no reference.
#[must_use]
pub fn journal_named(text: &str) -> Option<String> {
    // far from its verb ("published online on May 2, 2015, in …"), or as
    // the subject, a name must look like a journal's, not a place's
    let named = PUBLISHED_IN
        .captures_iter(text)
        .find(|c| c["between"].split_whitespace().count() <= 2 || looks_like_a_journal(&c["name"]))
        .map(|c| c["name"].to_string())
        .or_else(|| {
            // the subject starts its sentence ("… News. The Journal of …")
            PUBLISHED_BY.captures_iter(text).find_map(|c| {
                let sentence = c["name"].rsplit('\n').next().unwrap_or_default();
                let name = sentence.rsplit(". ").next().unwrap_or_default();
                looks_like_a_journal(name).then(|| name.to_string())
            })
        })?;
    let name = named.strip_prefix("The ").unwrap_or(&named);
    // a name ends at a sentence's stop or a line's end ("… of Medicine.
    // Atherosclerosis is …"); a stop after an abbreviation ("J. Nutr.")
    // does not end it
    let line = name.split('\n').next().unwrap_or_default();
    let mut end = line.len();
    for (at, _) in line.match_indices(". ") {
        let last_word = line[..at].rsplit(' ').next().unwrap_or_default();
        if last_word.chars().count() > 4 {
            end = at;
            break;
        }
    }
    let name = &line[..end];
    let name = name.trim_end_matches(['.', ',']).trim();
    (name.len() > 3).then(|| name.to_string())
}

static PUBLISHED_YEAR: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:published|appeared|appears|presented|reported)\b[^.;]*?\b(?:in|on|at)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][A-Za-z]{1,10}\.?\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d{2})\b",
    )
});

static NAMED_TITLE: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:study|trial|paper|article|review|analysis|research)\s*,?\s*(?:(?:was\s+)?(?:entitled|titled|called)\s+)?[“"]([^”"]{20,})[”"]"#,
    )
});

/// The title a text gives its study in quotes ("The study, “Effect of X
/// on Y”, was published…", "a paper titled "…"").
#[must_use]
pub fn named_title(text: &str) -> Option<String> {
    let c = NAMED_TITLE
        .captures(text)
        .filter(|c| c[1].chars().count() <= 300)?;
    let title = c[1].trim().trim_end_matches([',', '.']);
    (title.split_whitespace().count() >= 4).then(|| crate::text::squash(title))
}

static YEAR_VOLUME_PAGES: LazyLock<Rule> = LazyLock::new(|| {
    re(
        r"\b((?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*(\d{1,5})(?:\((\w{1,8})\))?\s*:\s*(\d[\w\-–]{0,19})",
    )
});

/// Volume, issue and pages that follow a cited year in the Vancouver style
/// ("JAMA. 2009;301:39-51", "2014;2(8):641-9"), for the citation of that
/// year.
#[must_use]
pub fn volume_issue_pages(text: &str, year: i32) -> Option<(String, Option<String>, String)> {
    YEAR_VOLUME_PAGES
        .captures_iter(text)
        .find(|c| c[1].parse() == Ok(year))
        .map(|c| {
            let pages = c[4].trim_end_matches(['-', '–']).to_string();
            (
                c[2].to_string(),
                c.get(3).map(|m| m.as_str().to_string()),
                pages,
            )
        })
}

/// What a feed's entry tells of its study in labels run together on one
/// line ("Publication date: 10 October 2017 Source: The Journal of X
/// Author(s): Ann Lee, Bo Chan Background …"): journal, year, authors.
#[must_use]
pub fn inline_labels(text: &str) -> (Option<String>, Option<i32>, Vec<String>) {
    static SOURCE: LazyLock<Rule> = LazyLock::new(|| {
        re(
            r"\bSource\s*:\s*([A-Z][^\n]{2,100}?)\s*(?:\s-\s|Author\(s\)\s*:|Category\s*:|Publication date\s*:|\n|$)",
        )
    });
    static DATE: LazyLock<Rule> =
        LazyLock::new(|| re(r"\bPublication date\s*:\s*[^\n]{0,40}?\b((?:19|20)\d{2})\b"));
    static AUTHORS: LazyLock<Rule> = LazyLock::new(|| {
        re(
            r"\bAuthor\(s\)\s*:\s*([^\n]+?)(?:\s+(?:Background|Abstract|Summary|Objectives?|Introduction|Methods|Aims?|Purpose|Context|Highlights)\b|\n|$)",
        )
    });
    let journal = SOURCE
        .captures(text)
        .map(|c| c[1].trim_end_matches(['.', ',']).to_string())
        .filter(|j| !["PubMed", "MEDLINE", "Medline", "PMC"].contains(&j.as_str()));
    let year = DATE.captures(text).and_then(|c| c[1].parse().ok());
    let authors = AUTHORS
        .captures(text)
        .and_then(|c| full_names(c[1].trim_end_matches(['.', ','])))
        .unwrap_or_default();
    (journal, year, authors)
}

/// The year a text says a study was published or presented ("published in
/// the Journal of X in 2013", "presented on June 3, 2016").
#[must_use]
pub fn year_published(text: &str) -> Option<i32> {
    PUBLISHED_YEAR.captures(text)?[1].parse().ok()
}

/// The DOI and PMID of a text that names exactly one of each (a page
/// summarising one study with a "Read the study (PMID: …)" link).
#[must_use]
pub fn lone_identifiers(text: &str) -> (Option<String>, Option<String>) {
    fn lone(found: &[String]) -> Option<String> {
        let first = found.first()?;
        found.iter().all(|f| f == first).then(|| first.clone())
    }
    let dois: Vec<String> = DOI.captures_iter(text).map(|c| clean_doi(&c[1])).collect();
    let pmids: Vec<String> = PMID.captures_iter(text).map(|c| c[1].to_string()).collect();
    (lone(&dois), lone(&pmids))
}

/// Parses one reference's text; `None` when it is not a reference.
#[must_use]
pub fn parse(text: &str, journal_first: bool) -> Option<(Citation, Option<String>)> {
    let mut c = Citation::default();
    let mut rest = text.to_string();
    if let Some(m) = DOI.captures(&rest) {
        c.doi = Some(clean_doi(&m[1]));
        rest = DOI.replace(&rest, " ").into_owned();
    }
    if let Some(m) = PMID.captures(&rest) {
        c.pmid = Some(m[1].to_string());
        rest = PMID.replace(&rest, " ").into_owned();
    }
    rest = PMCID.replace_all(&rest, " ").into_owned();
    if let Some(m) = URL.find(&rest) {
        c.url = Some(m.as_str().trim_end_matches(['.', ')', ',']).to_string());
        rest = URL.replace_all(&rest, " ").into_owned();
    }
    rest = LEFTOVER.replace_all(&rest, " ").into_owned();
    let rest = crate::text::squash(&rest);

    let (authors, apa_year, after) = split_authors(&rest)?;
    c.authors = authors.into();
    let (title, source) = if journal_first {
        (None, after.as_str())
    } else {
        split_title(&after)
    };
    let src = source_fields(source);
    let source_year = src.year.is_some();
    c.journal = src.journal.map(Name::from);
    c.volume = src.volume;
    c.issue = src.issue;
    c.pages = src.pages;
    c.year = apa_year
        .or(src.year)
        .or_else(|| YEAR.captures(&rest).and_then(|y| y[1].parse().ok()));
    let identified = c.doi.is_some() || c.pmid.is_some();
    let placed = c.journal.is_some() || c.volume.is_some();
    // A byline under a title ("Lee A, Berg C, et al. · Journal, 2014"):
    // several authors and a journal are a reference without a title of
    // their own, while one "Surname I." could be a phrase ("Vitamin D.").
    let byline = title.is_none()
        && apa_year.is_none()
        && source_year
        && c.journal
            .as_ref()
            .is_some_and(|j| j.split_whitespace().count() <= 8)
        && (c.authors.len() >= 2 || rest.contains("et al"));
    let is_reference = !c.authors.is_empty()
        && c.year.is_some()
        && (identified || placed && (title.is_some() || journal_first || byline));
    is_reference.then_some((c, title))
}

/// A labelled reference that gives no authors, only where the study was
/// published ("Reference: Journal of X; 2015, Vol. 3, No. 1: 10-19").
fn journal_only(body: &str) -> Option<Citation> {
    let f = source_fields(body);
    let placed = f.volume.is_some() || f.pages.is_some();
    let journal = f
        .journal
        .filter(|j| j.split_whitespace().count() <= 12 && placed)?;
    Some(Citation {
        journal: Some(journal.into()),
        year: Some(f.year?),
        volume: f.volume,
        issue: f.issue,
        pages: f.pages,
        ..Citation::default()
    })
}

/// Authors at the head of an entry, the year if written APA-style right
/// after them, and the rest.
fn split_authors(text: &str) -> Option<(Vec<String>, Option<i32>, String)> {
    for head in [&APA_HEAD, &BARE_YEAR_HEAD] {
        let Some(h) = head.captures(text) else {
            continue;
        };
        let list = h["authors"].trim();
        if APA_LIST.is_match(list) {
            let authors = APA_AUTHOR
                .captures_iter(list)
                .map(|a| name(&a[1], &a[2]))
                .collect();
            return Some((authors, h["year"].parse().ok(), h["rest"].to_string()));
        }
    }
    if let Some(h) = DOTTED_HEAD.captures(text) {
        let authors = APA_AUTHOR
            .captures_iter(&h["authors"])
            .map(|a| name(&a[1], &a[2]))
            .collect();
        return Some((authors, None, h["rest"].to_string()));
    }
    let h = NLM_LIST.captures(text)?;
    let list = &h["list"];
    if h["stop"].is_empty() && !list.ends_with('.') {
        return None;
    }
    let authors = NLM_AUTHOR
        .captures_iter(list)
        .filter(|a| &a[1] != "et")
        .map(|a| name(&a[1], &a[2]))
        .collect();
    Some((authors, None, h["rest"].to_string()))
}

/// "Surname Initials": `O’Neill, D.` is `O'Neill D`, `Berg, A.-B.` is
/// `Berg AB`.
fn name(surname: &str, initials: &str) -> String {
    let surname = surname.trim().replace('’', "'");
    let initials: String = initials.chars().filter(|c| c.is_uppercase()).collect();
    if initials.is_empty() {
        surname
    } else {
        format!("{surname} {initials}")
    }
}

fn clean_doi(doi: &str) -> String {
    let mut d = doi.trim_end_matches(['.', ',', ';']).to_string();
    while d.ends_with(')') && d.matches(')').count() > d.matches('(').count() {
        d.pop();
        d = d.trim_end_matches(['.', ',', ';']).to_string();
    }
    d
}

static TITLE_STOP: LazyLock<Rule> = LazyLock::new(|| re(r"[.?!](?:\s+|$)"));

/// A quoted title; its length (at most 300 characters) is checked in code,
/// as a counted repeat of a Unicode class is costly to build.
static QUOTED_TITLE: LazyLock<Rule> =
    LazyLock::new(|| re(r"^\s*['‘“\x22]([^'’”\x22]{8,})['’”\x22][.,]?\s*"));

/// The title (first sentence of three words or more) and what follows it.
fn split_title(rest: &str) -> (Option<String>, &str) {
    // Harvard style quotes the title: 'Title', Journal, …
    if let Some(c) = QUOTED_TITLE
        .captures(rest)
        .filter(|c| c[1].chars().count() <= 300)
    {
        let end = c.get(0).map_or(0, |m| m.end());
        return (Some(c[1].trim().to_string()), &rest[end..]);
    }
    let Some(m) = TITLE_STOP.find(rest) else {
        return (None, rest);
    };
    let head = rest[..m.start()].trim();
    // NLM puts the year right after the journal ("J Abbrev. 2012 Aug;…"),
    // never right after a title
    let year_follows = YEAR.find(&rest[m.end()..]).is_some_and(|y| y.start() == 0);
    let looks_like_source = YEAR.is_match(head) && head.split_whitespace().count() < 6
        || head.split_whitespace().count() < 3
        || year_follows;
    if looks_like_source {
        return (None, rest);
    }
    let keep = if rest[m.start()..].starts_with('?') {
        "?"
    } else {
        ""
    };
    (Some(format!("{head}{keep}")), &rest[m.end()..])
}

#[derive(Default)]
struct SourceFields {
    journal: Option<String>,
    year: Option<i32>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
}

/// Journal, year, volume, issue and pages from "J Abbrev. 2019
/// Feb;10(3):914-922." and its many cousins.
fn source_fields(source: &str) -> SourceFields {
    let mut f = SourceFields::default();
    // a byline's separator between authors and journal ("… et al. · J")
    let source = source
        .trim()
        .trim_start_matches(['·', '•', '|', '–', '—', '-', ' ']);
    let journal_end = source
        .char_indices()
        .find(|&(_, c)| c.is_ascii_digit() || c == '(')
        .map_or(source.len(), |(i, _)| i);
    let mut journal = source[..journal_end].trim();
    if let Some(stripped) = journal.strip_suffix("Vol.").or(journal.strip_suffix("Vol")) {
        journal = stripped.trim();
    }
    let journal = journal.trim_end_matches([',', ';', ':', ' ']);
    let journal = if journal.contains(". ") {
        journal.to_string()
    } else {
        journal.trim_end_matches('.').to_string()
    };
    if journal.chars().next().is_some_and(char::is_uppercase) && journal.len() <= 150 {
        f.journal = Some(journal);
    }
    let mut tail = source[journal_end..].to_string();
    if let Some(y) = TAIL_YEAR.captures(&tail) {
        f.year = y[1].parse().ok();
        tail = TAIL_YEAR.replace(&tail, " ").into_owned();
    }
    // "Vol." may have ended the journal's part
    if let Some(v) = VOL_WORD.captures(source) {
        f.volume = Some(v[1].to_string());
    }
    if let Some(v) = ISSUE_WORD.captures(&tail) {
        f.issue = Some(v[1].to_string());
        // "No. 13: 1325-1355": the pages follow the issue
        f.pages = v.get(2).map(|p| pages(p.as_str()));
    }
    if let Some(p) = PAGES_WORD.captures(&tail) {
        f.pages = Some(pages(&p[1]));
    }
    if f.volume.is_none() {
        if let Some(c) = VOL_ISSUE_PAGES.captures(&tail) {
            f.volume = Some(c[1].to_string());
            f.issue = Some(c[2].trim().to_string());
            f.pages = f.pages.or_else(|| c.get(3).map(|p| pages(p.as_str())));
        } else if let Some(c) = VOL_PAGES.captures(&tail) {
            f.volume = Some(c[1].to_string());
            f.pages = f.pages.or_else(|| Some(pages(&c[2])));
        } else if let Some(c) = LONE_VOL.captures(&tail) {
            f.volume = Some(c[1].to_string());
        }
    }
    f
}

fn pages(p: &str) -> String {
    p.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if matches!(c, '–' | '—') { '-' } else { c })
        .collect()
}

/// The reference under a heading when it is one entry, on one line or
/// wrapped over up to six, footnote markers aside ("Lee A, Berg C,\n[1]
/// J Abbrev. 2012;4:1-9.").
fn wrapped_entry(lines: &[&str], head: usize) -> Option<Reference> {
    static MARKER: LazyLock<Rule> = LazyLock::new(|| re(r"^\s*\[\d{1,3}\]\s*"));
    let mut joined = String::new();
    let mut taken = Vec::new();
    for (j, line) in lines.iter().enumerate().skip(head + 1) {
        let l = line.trim();
        if l.is_empty() {
            if taken.is_empty() {
                continue;
            }
            break;
        }
        if taken.len() >= 6 {
            break;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        let part = if taken.is_empty() {
            std::borrow::Cow::Borrowed(l)
        } else {
            MARKER.replace(l, "")
        };
        joined.push_str(&part);
        taken.push(j);
        if let Some(mut e) = entry(&joined) {
            // identifiers wrapped onto the block's next line
            if let Some(next) = lines.get(j + 1).map(|l| l.trim()).filter(|l| !l.is_empty()) {
                let doi = DOI.captures(next).map(|d| clean_doi(&d[1]));
                let pmid = PMID.captures(next).map(|p| p[1].to_string());
                if e.citation.doi.is_none() && doi.is_some()
                    || e.citation.pmid.is_none() && pmid.is_some()
                {
                    e.citation.doi = e.citation.doi.or(doi);
                    e.citation.pmid = e.citation.pmid.or(pmid);
                    taken.push(j + 1);
                }
            }
            return Some(Reference {
                line: taken[0],
                lines: taken,
                labelled: true,
                ..e
            });
        }
    }
    None
}

/// A block: a heading ("Original Study Reference") and the lines under it
/// (the title, "Source:", "Published:", "PMID").
fn block(lines: &[&str], head: usize) -> Option<Reference> {
    static FIELD: LazyLock<Rule> = LazyLock::new(|| {
        re(r"(?i)^\s*(source|published|journal|authors?|doi|title|year|date)\s*:\s*(.*)$")
    });
    const DATABASES: &[&str] = &[
        "pubmed",
        "medline",
        "pmc",
        "google scholar",
        "ncbi",
        "europe pmc",
    ];
    let mut r = Reference {
        line: head,
        labelled: true,
        ..Reference::default()
    };
    if let Some(e) = wrapped_entry(lines, head) {
        return Some(e);
    }
    let mut taken = 0;
    let mut quoted_title = false;
    for (j, line) in lines.iter().enumerate().skip(head + 1) {
        let l = line.trim();
        if l.is_empty() {
            if taken > 0 {
                break;
            }
            continue;
        }
        if taken >= 6 {
            break;
        }
        taken += 1;
        r.lines.push(j);
        if let Some(p) = PMID.captures(l) {
            r.citation.pmid = Some(p[1].to_string());
        }
        if let Some(d) = DOI.captures(l) {
            r.citation.doi = Some(clean_doi(&d[1]));
        }
        match FIELD.captures(l) {
            Some(c) => {
                let value = c[2].trim();
                match c[1].to_lowercase().as_str() {
                    "source" | "journal" if !DATABASES.contains(&value.to_lowercase().as_str()) => {
                        r.citation.journal = Some(value.trim_end_matches('.').into());
                    }
                    "published" | "year" | "date" => {
                        r.citation.year = YEAR.captures(value).and_then(|y| y[1].parse().ok());
                    }
                    "authors" | "author" => {
                        if let Some((a, _, _)) = split_authors(&format!("{value} ")) {
                            r.citation.authors = a.into();
                        } else if let Some(a) = full_names(value) {
                            r.citation.authors = a.into();
                        }
                    }
                    "title" => r.title = Some(value.trim_end_matches('.').to_string()),
                    _ => {}
                }
            }
            None if !PMID.is_match(l) && !DOI.is_match(l) => {
                block_line(&mut r, (j, l), &mut quoted_title);
            }
            None => {}
        }
    }
    let c = &r.citation;
    (r.title.is_some() && (c.year.is_some() || c.pmid.is_some() || c.doi.is_some())).then_some(r)
}

/// A line of a source block without a label: the title, unless a title in
/// quotes says which line is the title, when a plain line beside it names
/// the journal.
/// The reference's line becomes the title's.
fn block_line(r: &mut Reference, (j, l): (usize, &str), quoted_title: &mut bool) {
    let quoted = QUOTED_TITLE
        .captures(l)
        .filter(|q| q.get(0).is_some_and(|m| m.end() == l.len()))
        .map(|q| q[1].trim().to_string());
    let plain = l.trim_end_matches('.').to_string();
    match (quoted, *quoted_title) {
        (Some(title), false) => {
            *quoted_title = true;
            if let Some(before) = r.title.replace(title) {
                r.citation.journal.get_or_insert(before.into());
            }
            r.line = j;
        }
        (None, false) if r.title.is_none() => {
            r.title = Some(plain);
            r.line = j;
        }
        (None, true) => {
            r.citation.journal.get_or_insert(plain.into());
        }
        _ => {}
    }
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&INLINE_AUTHORS);
    LazyLock::force(&INLINE_TAIL);
    LazyLock::force(&INITIALS_FIRST);
    LazyLock::force(&DOI);
    LazyLock::force(&PMID);
    LazyLock::force(&PMCID);
    LazyLock::force(&URL);
    LazyLock::force(&LEFTOVER);
    LazyLock::force(&LABEL);
    LazyLock::force(&BLOCK_HEAD);
    LazyLock::force(&SOURCE_LINE);
    LazyLock::force(&BYLINE_AUTHOR);
    LazyLock::force(&APA_HEAD);
    LazyLock::force(&APA_AUTHOR);
    LazyLock::force(&APA_LIST);
    LazyLock::force(&NLM_LIST);
    LazyLock::force(&NLM_AUTHOR);
    LazyLock::force(&YEAR);
    LazyLock::force(&TAIL_YEAR);
    LazyLock::force(&VOL_ISSUE_PAGES);
    LazyLock::force(&VOL_PAGES);
    LazyLock::force(&VOL_WORD);
    LazyLock::force(&ISSUE_WORD);
    LazyLock::force(&PAGES_WORD);
    LazyLock::force(&LONE_VOL);
    LazyLock::force(&PUBLISHED_IN);
    LazyLock::force(&PUBLISHED_BY);
    LazyLock::force(&TITLE_STOP);
    LazyLock::force(&QUOTED_TITLE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abstract_page_gives_title_source_and_byline_as_one_reference() {
        let lines = [
            "Intro text of the page.",
            "",
            "#### Lutein improves contrast sensitivity in office workers",
            "",
            "Nutr Vis Sci  2021 Feb 3;7(2):e1044. doi: 10.1234/nvs.5678. eCollection 2021.",
            "",
            "Ana Quinta 1 2, Jean-Paul Morel 3, Li Wen 1",
            "",
            "Background: screens tire eyes.",
        ];
        let refs = find(&lines);
        assert_eq!(refs.len(), 1, "{refs:?}");
        let r = &refs[0];
        assert_eq!(
            r.title.as_deref(),
            Some("Lutein improves contrast sensitivity in office workers")
        );
        assert!(r.labelled);
        let c = &r.citation;
        assert_eq!(c.authors, ["Quinta A", "Morel JP", "Wen L"]);
        assert_eq!(c.journal.as_deref(), Some("Nutr Vis Sci"));
        assert_eq!(
            (
                c.year,
                c.volume.as_deref(),
                c.issue.as_deref(),
                c.pages.as_deref()
            ),
            (Some(2021), Some("7"), Some("2"), Some("e1044"))
        );
        assert_eq!(c.doi.as_deref(), Some("10.1234/nvs.5678"));
        assert_eq!(r.lines.len(), 3);
    }

    fn one(line: &str) -> (Citation, Option<String>) {
        let r = entry(line).unwrap_or_else(|| panic!("not a reference: {line}"));
        (r.citation, r.title)
    }

    #[test]
    fn labels_run_together_on_a_feed_line() {
        let line = "Publication date: Available online 3 May 2019 Source:The Journal of Foo & Bar Author(s): Ann Lee, Bo Chan, Cy D Moss Background Zinc is…";
        let (journal, year, authors) = inline_labels(line);
        assert_eq!(journal.as_deref(), Some("The Journal of Foo & Bar"));
        assert_eq!(year, Some(2019));
        assert_eq!(authors, ["Lee A", "Chan B", "Moss CD"]);
        assert_eq!(
            inline_labels("Source: Foo Reviews - Category: Diet")
                .0
                .as_deref(),
            Some("Foo Reviews")
        );
        assert_eq!(inline_labels("Source: PubMed"), (None, None, Vec::new()));
    }

    #[test]
    fn volume_issue_and_pages_after_a_cited_year() {
        let text = "A trial found no benefit (Gut. 2011;60(4):512-9, seen in May 2012).";
        assert_eq!(
            volume_issue_pages(text, 2011),
            Some(("60".into(), Some("4".into()), "512-9".into()))
        );
        assert_eq!(
            volume_issue_pages("(BMJ 2016 Mar;352:1102)", 2016),
            Some(("352".into(), None, "1102".into()))
        );
        assert_eq!(volume_issue_pages(text, 2012), None);
    }

    #[test]
    fn references_written_inside_prose() {
        let line = "Tea cut weight in 3 months (Grey A, et al. Tea and weight in adults. J Tea Res 2011;12:40-48.) but coffee did not. A trial of coffee. Pike B, Rowe CD, Lamb E. Coffee Rev. 2005 Mar;7(2):11-9";
        let found = inline(line);
        assert_eq!(found.len(), 2, "{found:?}");
        let (span, grey) = &found[0];
        assert!(line[span.clone()].starts_with("Grey A"));
        assert_eq!(grey.citation.authors.first(), Some("Grey A"));
        assert_eq!(grey.citation.year, Some(2011));
        assert_eq!(grey.citation.volume.as_deref(), Some("12"));
        assert_eq!(found[1].1.citation.year, Some(2005));
        assert_eq!(found[1].1.title.as_deref(), Some("A trial of coffee"));
        assert_eq!(found[1].1.citation.authors.first(), Some("Pike B"));
        // a vitamin's letter is not an author's initial
        assert!(inline("Vitamin D. Zinc C, and more in 2010;3:4-5").is_empty());
    }

    #[test]
    fn terse_references_with_initials_first_and_a_two_digit_year() {
        let line = "Of 40 adults, none fell ill. AB Lee, Some Univ, J Bone Res ’04 12(3):121-6.";
        let found = inline(line);
        assert_eq!(found.len(), 1);
        let (at, r) = &found[0];
        assert!(line[at.clone()].starts_with("AB Lee"));
        let c = &r.citation;
        assert_eq!(c.authors.first(), Some("Lee"));
        assert_eq!(c.authors.len(), 1);
        assert_eq!(c.year, Some(2004));
        assert_eq!(c.journal.as_deref(), Some("J Bone Res"));
        assert_eq!(
            (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
            (Some("12"), Some("3"), Some("121-6"))
        );
        let old = inline("It worked. C.D. Berg, E Lind, Nutr Rev 1998;7:10-19.");
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].1.citation.year, Some(1998));
        assert_eq!(old[0].1.citation.authors.len(), 2);
        // prose with initials is not a reference
        assert!(inline("The DB PC study of 52 adults ran 3 months.").is_empty());
    }

    #[test]
    fn apa_references() {
        let (c, t) = one(
            "Berg, A. B.-C., O’Neill, D., & Van Dam, E. F. (2019). Zinc and colds: A randomized trial. Journal of Colds, 12(4), 201–209. https://doi.org/10.1000/jc.2019.12",
        );
        assert_eq!(c.authors, ["Berg ABC", "O'Neill D", "Van Dam EF"]);
        assert_eq!(c.year, Some(2019));
        assert_eq!(t.as_deref(), Some("Zinc and colds: A randomized trial"));
        assert_eq!(c.journal.as_deref(), Some("Journal of Colds"));
        assert_eq!(
            (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
            (Some("12"), Some("4"), Some("201-209"))
        );
        assert_eq!(c.doi.as_deref(), Some("10.1000/jc.2019.12"));
    }

    #[test]
    fn a_byline_under_a_title_is_a_reference_and_takes_the_title() {
        let lines = [
            "Menu",
            "",
            "Fish oil and joint stiffness in older runners",
            "",
            "Ortiz MA, Blum K, Sato H, et al. · Sports Med Rep, 2017",
            "",
            "Key finding: stiffness fell.",
        ];
        let refs = find(&lines);
        assert_eq!(refs.len(), 1, "{refs:?}");
        let c = &refs[0].citation;
        assert_eq!(c.authors, ["Ortiz MA", "Blum K", "Sato H"]);
        assert_eq!(
            (c.journal.as_deref(), c.year),
            (Some("Sports Med Rep"), Some(2017))
        );
        assert_eq!(
            refs[0].title.as_deref(),
            Some("Fish oil and joint stiffness in older runners")
        );
        // one "Surname I." and a year is not enough without a title
        assert!(entry("Vitamin D. Bones 2010 and more words here").is_none());
    }

    #[test]
    fn the_year_a_text_says_a_study_was_published() {
        let cases = [
            (
                "A trial published in Bone Reports in 2009 found more.",
                Some(2009),
            ),
            ("They presented it on May 4, 2016 at a meeting.", Some(2016)),
            (
                "The team presented the data at MEETCON 2018 in June.",
                Some(2018),
            ),
            ("It was published in the spring.", None),
            ("In 2011, 40 people took zinc.", None),
        ];
        for (text, want) in cases {
            assert_eq!(year_published(text), want, "{text}");
        }
    }

    #[test]
    fn a_reference_wrapped_under_a_heading_with_a_footnote_marker() {
        let lines = [
            "Read more",
            "Source",
            "Holt RM, Imai K, Ruiz P,",
            "Dunn T.",
            "[2] Sleep Med Rep. 2019 Mar;7(2):101-9. Doi;",
            "10.1000/smr.2019.7. Epub 2019 Jan 4.",
            "",
            "Comments",
        ];
        let refs = find(&lines);
        assert_eq!(refs.len(), 1, "{refs:?}");
        let c = &refs[0].citation;
        assert_eq!(c.authors, ["Holt RM", "Imai K", "Ruiz P", "Dunn T"]);
        assert_eq!(c.journal.as_deref(), Some("Sleep Med Rep"));
        assert_eq!(
            (
                c.year,
                c.volume.as_deref(),
                c.issue.as_deref(),
                c.pages.as_deref()
            ),
            (Some(2019), Some("7"), Some("2"), Some("101-9"))
        );
        assert_eq!(c.doi.as_deref(), Some("10.1000/smr.2019.7"));
        assert!(refs[0].title.is_none());
    }

    #[test]
    fn dotted_initials_then_title_then_journal_with_a_spelled_date() {
        let (c, t) = one(
            "Marsh, T.K., et al. Iron and attention in schoolchildren. The Pediatric Digest, Vol. 41, March 3, 2008, pp. 310-14 (short report)",
        );
        assert_eq!(c.authors, ["Marsh TK"]);
        assert_eq!(t.as_deref(), Some("Iron and attention in schoolchildren"));
        assert_eq!(c.journal.as_deref(), Some("The Pediatric Digest"));
        assert_eq!(
            (c.year, c.volume.as_deref(), c.pages.as_deref()),
            (Some(2008), Some("41"), Some("310-14"))
        );
    }

    #[test]
    fn the_journal_a_text_names_ends_at_its_sentence() {
        let cases = [
            (
                "It was published in the Nordic Journal of Sleep.\nSleep is vital.",
                "Nordic Journal of Sleep",
            ),
            (
                "It was published in the Nordic Journal of Sleep. Sleep is vital.",
                "Nordic Journal of Sleep",
            ),
            (
                "It was published in J. Sleep Res. last week.",
                "J. Sleep Res",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(journal_named(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn markdown_links_to_a_study_s_record_are_references() {
        let line = "See [Iron and sleep in toddlers: a cohort (2004, 12 citations)](https://link.example.com/article/10.1000%2Fabc-1?x=1) and [this study](https://doi.org/10.1000/def) and [Our shop sells iron drops](https://shop.example.com/iron).";
        let found = linked(line);
        assert_eq!(found.len(), 1, "{found:?}");
        let r = &found[0];
        assert_eq!(
            r.title.as_deref(),
            Some("Iron and sleep in toddlers: a cohort")
        );
        assert_eq!(r.citation.year, Some(2004));
        assert_eq!(r.citation.doi.as_deref(), Some("10.1000/abc-1"));
    }

    #[test]
    fn a_title_given_in_quotes() {
        assert_eq!(
            named_title(
                "Today the study, “Effects of oat bran on blood sugar in adults”, appeared online."
            )
            .as_deref(),
            Some("Effects of oat bran on blood sugar in adults")
        );
        assert_eq!(
            named_title("A paper titled \"Iron and sleep in toddlers\" was read.").as_deref(),
            Some("Iron and sleep in toddlers")
        );
        // a quoted remark is not a title
        assert_eq!(named_title("He said “it works well in most people”."), None);
    }

    #[test]
    fn apa_authors_with_the_year_after_a_stop() {
        let (c, t) = one(
            "Citation: Lind, K., Moro, T., Abe, S. 2011. Iron drops for toddlers in day care: a controlled trial. Child Health Reports. 14(2):55-61.",
        );
        assert_eq!(c.authors, ["Lind K", "Moro T", "Abe S"]);
        assert_eq!(c.year, Some(2011));
        assert_eq!(
            t.as_deref(),
            Some("Iron drops for toddlers in day care: a controlled trial")
        );
        assert_eq!(c.journal.as_deref(), Some("Child Health Reports"));
        assert_eq!(
            (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
            (Some("14"), Some("2"), Some("55-61"))
        );
    }

    #[test]
    fn harvard_references_with_quoted_titles() {
        let (c, t) = one(
            "Berg, A. and Lund, K. (2017) 'Zinc and the common cold in adults', Journal of Colds, 9(2), pp. 33-41.",
        );
        assert_eq!(c.authors, ["Berg A", "Lund K"]);
        assert_eq!(t.as_deref(), Some("Zinc and the common cold in adults"));
        assert_eq!(c.journal.as_deref(), Some("Journal of Colds"));
        assert_eq!(c.pages.as_deref(), Some("33-41"));
        assert_eq!(c.volume.as_deref(), Some("9"));
    }

    #[test]
    fn nlm_references() {
        let (c, t) = one(
            "Lund K, Berg AB, Smith C. Iron in pregnancy: a cohort study. Am J Obstet. 2019 Mar 3;12(2):101-109. doi: 10.1000/ajo.5. PMID: 12345678.",
        );
        assert_eq!(c.authors, ["Lund K", "Berg AB", "Smith C"]);
        assert_eq!(t.as_deref(), Some("Iron in pregnancy: a cohort study"));
        assert_eq!(c.journal.as_deref(), Some("Am J Obstet"));
        assert_eq!(c.year, Some(2019));
        assert_eq!(c.volume.as_deref(), Some("12"));
        assert_eq!(c.issue.as_deref(), Some("2"));
        assert_eq!(c.pages.as_deref(), Some("101-109"));
        assert_eq!(c.doi.as_deref(), Some("10.1000/ajo.5"));
        assert_eq!(c.pmid.as_deref(), Some("12345678"));
    }

    #[test]
    fn short_author_year_with_unclosed_parenthesis() {
        let (c, t) = one(
            "Park, J., Lee, K. & Kim, S. (2020. Zinc for colds in adults: a randomized study. Nutr Res. 2020 Jan;8(1):10-19. doi: 10.1000/nr.8.",
        );
        assert_eq!(c.authors, ["Park J", "Lee K", "Kim S"]);
        assert_eq!(c.year, Some(2020));
        assert_eq!(
            t.as_deref(),
            Some("Zinc for colds in adults: a randomized study")
        );
        assert_eq!(c.journal.as_deref(), Some("Nutr Res"));
        assert_eq!(c.pages.as_deref(), Some("10-19"));
        assert_eq!(c.doi.as_deref(), Some("10.1000/nr.8"));
    }

    #[test]
    fn labelled_and_numbered_lines() {
        let r = entry("Reference: Lee A, Kim B, Park C.D. Iron protects bone in a Mouse Model. Int. J. Bone Sci. 2015, Vol. 7.").unwrap();
        assert!(r.labelled);
        assert_eq!(r.citation.authors, ["Lee A", "Kim B", "Park CD"]);
        assert_eq!(r.citation.journal.as_deref(), Some("Int. J. Bone Sci."));
        assert_eq!(r.citation.volume.as_deref(), Some("7"));
        assert_eq!(r.citation.year, Some(2015));
        let r = entry("[3] Ito K, Sato T & Mori Y. Iron and hip fracture in men. J Bone. 1999 41 1200–1210. (doi:10.1000/JB1)").unwrap();
        assert!(!r.labelled);
        assert_eq!(r.number, Some(3));
        assert_eq!(r.citation.authors, ["Ito K", "Sato T", "Mori Y"]);
        assert_eq!(r.citation.volume.as_deref(), Some("41"));
        assert_eq!(r.citation.pages.as_deref(), Some("1200-1210"));
        assert_eq!(r.citation.doi.as_deref(), Some("10.1000/JB1"));
    }

    #[test]
    fn references_wrapped_over_lines() {
        let lines = [
            "Berg, A. B., & Lund, K. (2018). Iron and fatigue in young",
            "women: a randomized trial. Journal of Iron, 4(2), 10–19.",
            "https://doi.org/10.1000/ji.4",
            "",
            "Next paragraph of prose.",
        ];
        let found = find(&lines);
        assert_eq!(found.len(), 1);
        let r = &found[0];
        assert_eq!(r.lines, [0, 1, 2]);
        assert_eq!(r.citation.doi.as_deref(), Some("10.1000/ji.4"));
        assert_eq!(
            r.title.as_deref(),
            Some("Iron and fatigue in young women: a randomized trial")
        );
        assert_eq!(r.citation.pages.as_deref(), Some("10-19"));
    }

    #[test]
    fn authors_line_under_its_title() {
        let lines = [
            "Zinc Levels in Healthy Human Adults",
            "Authors: Berg CD, et al. Nutr Rep Int, 1990. 38(1): p. 165-172.",
        ];
        let r = &find(&lines)[0];
        assert_eq!(
            r.title.as_deref(),
            Some("Zinc Levels in Healthy Human Adults")
        );
        assert_eq!(r.citation.authors, ["Berg CD"]);
        assert_eq!(r.citation.journal.as_deref(), Some("Nutr Rep Int"));
        assert_eq!(r.citation.year, Some(1990));
        assert_eq!(r.citation.pages.as_deref(), Some("165-172"));
        assert_eq!(r.line, 0);
    }

    #[test]
    fn original_study_reference_block() {
        let lines = [
            "Original Study Reference",
            "Zinc, iron and growth in children.",
            "Source: PubMed",
            "Published: 2019",
            "Read Full Study (PMID: 31234567)",
        ];
        let r = &find(&lines)[0];
        assert!(r.labelled);
        assert_eq!(
            r.title.as_deref(),
            Some("Zinc, iron and growth in children")
        );
        assert_eq!(r.citation.year, Some(2019));
        assert_eq!(r.citation.pmid.as_deref(), Some("31234567"));
        assert_eq!(r.citation.journal, None);
    }

    #[test]
    fn a_source_block_with_the_title_in_quotes_and_full_author_names() {
        let lines = [
            "Source:",
            "Journal of Bone Studies",
            "doi: 10.1000/jbs.123",
            "‘Zinc and bone in older adults: a randomized trial’",
            "Authors: Ann Lee, Carl B. Berg, Dana Dijk",
        ];
        let r = &find(&lines)[0];
        assert_eq!(
            r.title.as_deref(),
            Some("Zinc and bone in older adults: a randomized trial")
        );
        assert_eq!(
            r.citation.journal.as_deref(),
            Some("Journal of Bone Studies")
        );
        assert_eq!(r.citation.doi.as_deref(), Some("10.1000/jbs.123"));
        assert_eq!(r.citation.authors, ["Lee A", "Berg CB", "Dijk D"]);
    }

    #[test]
    fn a_labelled_reference_may_name_only_the_journal() {
        let r = entry("Reference: Journal of Bone Studies; 2011, Vol. 44, No. 2: 101-109.")
            .expect("a reference");
        assert!(r.labelled);
        let c = &r.citation;
        assert_eq!(c.journal.as_deref(), Some("Journal of Bone Studies"));
        assert_eq!(c.year, Some(2011));
        assert_eq!(
            (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
            (Some("44"), Some("2"), Some("101-109"))
        );
        // without the label, such a line is prose
        assert!(entry("Journal of Bone Studies; 2011, Vol. 44, No. 2: 101-109.").is_none());
    }

    #[test]
    fn journal_and_date_under_an_abstract_page_s_title() {
        let page = "Zinc and colds: a randomised trial\n\nJournal of Cold Research\nQ2\nMar 2014\nCitations: 12\n";
        assert_eq!(
            masthead(page),
            Some(("Journal of Cold Research".to_string(), 2014))
        );
        // a journal named in prose, or with no date under it, is not one
        assert_eq!(
            masthead("Title here\nThe Journal of Cold Research says so.\n2014\n"),
            None
        );
        assert_eq!(
            masthead("Title here\nJournal of Cold Research\nText.\n"),
            None
        );
    }

    #[test]
    fn journals_named_in_prose() {
        let cases = [
            (
                "A study published in the Journal of Zinc Research found",
                Some("Journal of Zinc Research"),
            ),
            (
                "It appeared in the latest issue of Bone Reports.",
                Some("Bone Reports"),
            ),
            (
                "The trial, published recently in Nutrients, showed",
                Some("Nutrients"),
            ),
            ("It was published in 2019 by a team.", None),
            (
                "They were published online ahead of print on May 2, 2015, in the Journal of Skin Care.",
                Some("Journal of Skin Care"),
            ),
            (
                "as reported in this week's Bone Medicine, the trial",
                Some("Bone Medicine"),
            ),
            (
                "He told Daily News.\nThe Journal of Heart Studies published the study.",
                Some("Journal of Heart Studies"),
            ),
            // far from the verb, a place is not a journal
            ("It published a report on people living in Finland.", None),
            ("Researchers at Harvard published the study.", None),
        ];
        for (text, want) in cases {
            assert_eq!(journal_named(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn journal_reference_heading_labels_the_entry_under_it() {
        let lines = [
            "Journal Reference:",
            "",
            "Lee A, Kim B. Zinc lowers blood pressure in older adults. Hypertens Res, 2020; 12 (3): 45 DOI: 10.1000/hr.12",
        ];
        let found = find(&lines);
        assert_eq!(found.len(), 1);
        let r = &found[0];
        assert!(r.labelled);
        assert_eq!(r.line, 2);
        assert_eq!(r.citation.journal.as_deref(), Some("Hypertens Res"));
        assert_eq!(r.citation.volume.as_deref(), Some("12"));
        assert_eq!(r.citation.issue.as_deref(), Some("3"));
        assert_eq!(r.citation.pages.as_deref(), Some("45"));
        assert_eq!(r.citation.doi.as_deref(), Some("10.1000/hr.12"));
    }

    #[test]
    fn lone_identifiers_of_a_page() {
        assert_eq!(
            lone_identifiers("Zinc helps.\nRead the study (PMID: 1234567) or doi:10.1000/x.1."),
            (Some("10.1000/x.1".into()), Some("1234567".into()))
        );
        assert_eq!(
            lone_identifiers("PMID: 1234567 and PMID: 7654321"),
            (None, None)
        );
    }

    #[test]
    fn prose_is_not_a_reference() {
        for l in [
            "Vitamin D and calcium were given in 2019 to 120 adults. Bone density improved.",
            "In summary, zinc has been shown to shorten colds (Berg, 2019).",
            "Liver patients were randomly assigned in 2020.",
        ] {
            assert!(entry(l).is_none(), "{l}");
        }
    }
}
