//! Reader for `PubMed` XML (`PubmedArticleSet`, as efetch and "Save as XML"
//! write it).
//!
//! The file is read as a stream of quick-xml events, keeping only a stack of
//! open element names and the one field being read, so large exports do not
//! build a tree. Which element a value comes from is decided by its parent
//! path: the record's own `MedlineCitation/PMID` and `PubmedData` ids count,
//! the PMIDs of `CommentsCorrections` and `ReferenceList` never do. Inline
//! markup (`<i>`, `<sub>`, `MathML`) is flattened to its text. Entities are the
//! five predefined ones and character references only: the DOCTYPE is
//! skipped and nothing is ever expanded from it or fetched.
//!
//! A malformed element ends the record it is in with one diagnostic giving the
//! line; reading resumes at the next `<PubmedArticle>`.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostic::Diagnostic;
use crate::read::Parsed;
use crate::read::bib::{self, Record};
use crate::study::Name;
use crate::vocabulary::Vocabulary;

/// Reads every record of the file.
#[must_use]
pub fn read(path: &str, text: &str, vocab: &Vocabulary) -> Parsed {
    let mut parsed = Parsed::default();
    let mut lines = LineCounter::new(text);
    let mut start = 0;
    while start < text.len() {
        match read_from(text, start, &mut lines, path, vocab, &mut parsed) {
            Some(resume) => start = resume,
            None => break,
        }
    }
    parsed
}

/// Reads from byte `start` until the end (`None`) or a syntax error, after
/// which it returns where the next record starts.
fn read_from(
    text: &str,
    start: usize,
    lines: &mut LineCounter<'_>,
    path: &str,
    vocab: &Vocabulary,
    parsed: &mut Parsed,
) -> Option<usize> {
    let mut reader = Reader::from_str(&text[start..]);
    let config = reader.config_mut();
    config.allow_unmatched_ends = true;
    config.check_end_names = true;
    let mut doc = Doc::default();
    loop {
        let at = start + reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) => doc.open(&e, lines.line_at(at), path, parsed),
            Ok(Event::Empty(e)) => {
                doc.open(&e, lines.line_at(at), path, parsed);
                doc.close(path, vocab, parsed);
            }
            Ok(Event::End(_)) => doc.close(path, vocab, parsed),
            Ok(Event::Text(t)) => doc.text(&t.xml10_content()),
            Ok(Event::CData(t)) => doc.text(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => doc.text(&entity(&r)),
            Ok(Event::Eof) => {
                if let Some(rec) = doc.record.take() {
                    parsed.diagnostics.push(Diagnostic::error(
                        path,
                        Some(lines.line_at(text.len())),
                        format!(
                            "file ends inside the record that starts at line {}: record skipped",
                            rec.line
                        ),
                    ));
                }
                return None;
            }
            Ok(_) => {}
            Err(e) => {
                let err_at = start + reader.error_position() as usize;
                let line = lines.line_at(err_at);
                // the start is named only where it is not the error's line,
                // so alike errors in many records fold into one line
                let what = match doc.record.take() {
                    Some(rec) if rec.line != line => {
                        format!("record starting at line {} skipped", rec.line)
                    }
                    Some(_) => "record skipped".to_string(),
                    None => "skipped to the next record".to_string(),
                };
                parsed.diagnostics.push(Diagnostic::error(
                    path,
                    Some(line),
                    format!("malformed XML ({e}): {what}"),
                ));
                let after = (start + reader.buffer_position() as usize).max(err_at + 1);
                return next_record(text, after);
            }
        }
    }
}

/// Byte offset of the next `<PubmedArticle>` or `<PubmedBookArticle>` at or
/// after `from`. One forward search for `<Pubmed`: a search for each tag in
/// turn ran to the end of the file for the tag that was absent, after every
/// malformed record (quadratic in a file of many of them).
fn next_record(text: &str, from: usize) -> Option<usize> {
    let from = from.min(text.len());
    memchr::memmem::find_iter(&text.as_bytes()[from..], b"<Pubmed")
        .map(|at| from + at)
        .find(|&at| {
            let tag = &text.as_bytes()[at..];
            tag.starts_with(b"<PubmedArticle>")
                || tag.starts_with(b"<PubmedArticle ")
                || tag.starts_with(b"<PubmedBookArticle")
        })
}

fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "lt" => "<".into(),
        "gt" => ">".into(),
        "amp" => "&".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

/// Counts lines up to a byte offset; offsets only move forward, so each
/// byte is looked at once.
struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u32,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let newlines = crate::text::count_newlines(&self.text[self.pos..offset]);
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.pos = offset;
        self.line
    }
}

/// Which field the text being read belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Pmid,
    Title,
    BookTitle,
    AbstractText,
    LastName,
    ForeName,
    Initials,
    CollectiveName,
    IsoAbbreviation,
    JournalTitle,
    Volume,
    Issue,
    Year,
    MedlineDate,
    Pages,
    StartPage,
    EndPage,
    Doi,
    PubmedId,
    PublicationType,
    Subject,
}

/// Field of an element, from its name and its parent's.
fn field_of(stack: &[String], name: &str, attr: impl Fn(&str) -> Option<String>) -> Option<Field> {
    let parent = stack.last().map_or("", String::as_str);
    let grand = stack.len().checked_sub(2).map_or("", |i| stack[i].as_str());
    Some(match (parent, name) {
        ("MedlineCitation" | "BookDocument", "PMID") => Field::Pmid,
        ("Article" | "BookDocument", "ArticleTitle") => Field::Title,
        ("Book", "BookTitle") => Field::BookTitle,
        ("Abstract", "AbstractText") => Field::AbstractText,
        ("Author", "LastName") if grand == "AuthorList" => Field::LastName,
        ("Author", "ForeName") if grand == "AuthorList" => Field::ForeName,
        ("Author", "Initials") if grand == "AuthorList" => Field::Initials,
        ("Author", "CollectiveName") if grand == "AuthorList" => Field::CollectiveName,
        ("Journal", "ISOAbbreviation") => Field::IsoAbbreviation,
        ("Journal", "Title") => Field::JournalTitle,
        ("JournalIssue" | "Book", "Volume") => Field::Volume,
        ("JournalIssue", "Issue") => Field::Issue,
        ("PubDate", "Year") => Field::Year,
        ("PubDate", "MedlineDate") => Field::MedlineDate,
        ("Pagination", "MedlinePgn") => Field::Pages,
        ("Pagination", "StartPage") => Field::StartPage,
        ("Pagination", "EndPage") => Field::EndPage,
        ("Article" | "BookDocument", "ELocationID")
            if attr("EIdType").as_deref() == Some("doi") =>
        {
            Field::Doi
        }
        ("ArticleIdList", "ArticleId") if grand == "PubmedData" || grand == "BookDocument" => {
            match attr("IdType").as_deref() {
                Some("doi") => Field::Doi,
                Some("pubmed") => Field::PubmedId,
                _ => return None,
            }
        }
        ("PublicationTypeList", "PublicationType") => Field::PublicationType,
        ("MeshHeading", "DescriptorName") | ("KeywordList", "Keyword") => Field::Subject,
        _ => return None,
    })
}

#[derive(Default)]
struct Author {
    last: String,
    fore: String,
    initials: String,
    collective: String,
}

/// State of the stream: open elements, the record being built, and the field
/// whose text is being collected (with the depth it was opened at).
#[derive(Default)]
struct Doc {
    stack: Vec<String>,
    record: Option<Record>,
    capture: Option<(Field, usize, String)>,
    author: Author,
    sections: Vec<String>,
    start_page: Option<String>,
    end_page: Option<String>,
    iso: Option<String>,
    journal_title: Option<String>,
    book_title: Option<String>,
}

impl Doc {
    fn open(&mut self, e: &BytesStart<'_>, line: u32, path: &str, parsed: &mut Parsed) {
        let name = e.local_name().into_inner().to_string();
        match name.as_str() {
            "PubmedArticle" | "PubmedBookArticle" => {
                if let Some(rec) = self.record.take() {
                    parsed.diagnostics.push(Diagnostic::error(
                        path,
                        Some(line),
                        format!(
                            "a new record starts before the one at line {} ended: that record skipped",
                            rec.line
                        ),
                    ));
                }
                *self = Doc {
                    stack: std::mem::take(&mut self.stack),
                    ..Doc::default()
                };
                self.record = Some(Record {
                    line,
                    ..Record::default()
                });
            }
            "Author" => self.author = Author::default(),
            _ => {}
        }
        if self.record.is_some()
            && self.capture.is_none()
            && let Some(field) = field_of(&self.stack, &name, |key| attribute(e, key))
        {
            let mut buf = String::new();
            if field == Field::AbstractText
                && let Some(label) = attribute(e, "Label").or_else(|| attribute(e, "NlmCategory"))
                && !label.is_empty()
                && label != "UNLABELLED"
            {
                buf.push_str(&label);
                buf.push_str(": ");
            }
            self.capture = Some((field, self.stack.len(), buf));
        }
        self.stack.push(name);
    }

    fn text(&mut self, t: &str) {
        if let Some((_, _, buf)) = &mut self.capture {
            buf.push_str(t);
        }
    }

    fn close(&mut self, path: &str, vocab: &Vocabulary, parsed: &mut Parsed) {
        let Some(name) = self.stack.pop() else {
            return;
        };
        if let Some((field, depth, _)) = &self.capture
            && *depth == self.stack.len()
        {
            let field = *field;
            let value = self.capture.take().map(|c| c.2).unwrap_or_default();
            self.store(field, &value);
        }
        match name.as_str() {
            "Author" => self.finish_author(),
            "PubmedArticle" | "PubmedBookArticle" => self.finish_record(path, vocab, parsed),
            _ => {}
        }
    }

    fn store(&mut self, field: Field, value: &str) {
        let value = crate::text::squash(value);
        let Some(rec) = self.record.as_mut() else {
            return;
        };
        let set = |slot: &mut Option<String>, v: String| {
            if slot.is_none() && !v.is_empty() {
                *slot = Some(v);
            }
        };
        match field {
            Field::Pmid | Field::PubmedId => set(&mut rec.citation.pmid, value),
            Field::Title => set(&mut rec.title, value),
            Field::BookTitle => set(&mut self.book_title, value),
            Field::AbstractText => self.sections.push(value),
            Field::LastName => self.author.last = value,
            Field::ForeName => self.author.fore = value,
            Field::Initials => self.author.initials = value,
            Field::CollectiveName => self.author.collective = value,
            Field::IsoAbbreviation => set(&mut self.iso, value),
            Field::JournalTitle => set(&mut self.journal_title, value),
            Field::Volume => set(&mut rec.citation.volume, value),
            Field::Issue => set(&mut rec.citation.issue, value),
            Field::Year | Field::MedlineDate => {
                rec.citation.year = rec.citation.year.or_else(|| bib::year_in(&value));
            }
            Field::Pages => set(&mut rec.citation.pages, value),
            Field::StartPage => set(&mut self.start_page, value),
            Field::EndPage => set(&mut self.end_page, value),
            Field::Doi => {
                if rec.citation.doi.is_none() {
                    rec.citation.doi = bib::bare_doi(&value);
                }
            }
            Field::PublicationType => rec.publication_types.push(value),
            Field::Subject => rec.add_subject(&value),
        }
    }

    fn finish_author(&mut self) {
        let a = std::mem::take(&mut self.author);
        let Some(rec) = self.record.as_mut() else {
            return;
        };
        let name = if !a.collective.is_empty() {
            a.collective
        } else if a.initials.is_empty() {
            bib::author_from_parts(&a.last, &a.fore)
        } else {
            bib::author_from_parts(&a.last, &a.initials)
        };
        if !name.is_empty() {
            rec.citation.authors.push(&name);
        }
    }

    fn finish_record(&mut self, path: &str, vocab: &Vocabulary, parsed: &mut Parsed) {
        let Some(mut rec) = self.record.take() else {
            return;
        };
        if !self.sections.is_empty() {
            rec.abstract_text = Some(self.sections.join(" "));
        }
        rec.citation.journal = self
            .iso
            .take()
            .or_else(|| self.journal_title.take())
            .or_else(|| self.book_title.take())
            .map(Name::from);
        if rec.citation.pages.is_none() {
            rec.citation.pages =
                bib::page_range(self.start_page.as_deref(), self.end_page.as_deref());
        }
        parsed.studies.push(rec.into_study(path, vocab));
    }
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner() == key).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation>
    <PMID Version="1">111</PMID>
    <Article>
      <Journal><JournalIssue><Volume>7</Volume><Issue>2</Issue>
        <PubDate><MedlineDate>1978 Jan-Feb</MedlineDate></PubDate></JournalIssue>
        <Title>Bone Journal</Title><ISOAbbreviation>Bone J</ISOAbbreviation></Journal>
      <ArticleTitle>Vitamin K<sub>2</sub> and <i>bone</i> &lt;loss&gt; &amp; &#946;-cells</ArticleTitle>
      <Pagination><MedlinePgn>1-9</MedlinePgn></Pagination>
      <ELocationID EIdType="doi">10.1/abc</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Why.</AbstractText>
        <AbstractText Label="RESULTS" NlmCategory="RESULTS">BMD rose 2%.</AbstractText>
      </Abstract>
      <AuthorList><Author><LastName>Casbon</LastName><ForeName>James A</ForeName><Initials>JA</Initials></Author>
        <Author><CollectiveName>The Study Group</CollectiveName></Author></AuthorList>
      <PublicationTypeList><PublicationType>Meta-Analysis</PublicationType></PublicationTypeList>
    </Article>
    <MeshHeadingList><MeshHeading><DescriptorName>Rats</DescriptorName></MeshHeading></MeshHeadingList>
    <CommentsCorrectionsList><CommentsCorrections><PMID>999</PMID></CommentsCorrections></CommentsCorrectionsList>
  </MedlineCitation>
  <PubmedData><ReferenceList><Reference><ArticleIdList><ArticleId IdType="pubmed">888</ArticleId></ArticleIdList></Reference></ReferenceList></PubmedData>
</PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>222</PMID><Article><ArticleTitle>Second</ArticleTitle>
<Journal><JournalIssue><PubDate><Season>Spring</Season><Year>2001</Year></PubDate></JournalIssue><Title>Only Title</Title></Journal>
</Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"#;

    fn read_str(text: &str) -> Parsed {
        read("t.xml", text, &Vocabulary::builtin())
    }

    #[test]
    fn reads_fields_and_ignores_other_papers_pmids() {
        let p = read_str(TWO);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.studies.len(), 2);
        let s = &p.studies[0];
        assert_eq!(s.title, "Vitamin K2 and bone <loss> & β-cells");
        assert_eq!(s.citation.authors, ["Casbon JA", "The Study Group"]);
        assert_eq!(s.citation.year, Some(1978));
        assert_eq!(s.citation.journal.as_deref(), Some("Bone J"));
        assert_eq!(s.citation.volume.as_deref(), Some("7"));
        assert_eq!(s.citation.issue.as_deref(), Some("2"));
        assert_eq!(s.citation.pages.as_deref(), Some("1-9"));
        assert_eq!(s.citation.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(s.citation.pmid.as_deref(), Some("111"));
        assert_eq!(s.design, crate::study::Design::MetaAnalysis);
        assert_eq!(s.details().population.species.as_deref(), Some("rat"));
        assert_eq!(
            s.abstract_text.as_deref(),
            Some("BACKGROUND: Why. RESULTS: BMD rose 2%.")
        );
        assert_eq!(s.source.line, Some(4));
        let t = &p.studies[1];
        assert_eq!(t.citation.year, Some(2001));
        assert_eq!(t.citation.journal.as_deref(), Some("Only Title"));
        assert_eq!(t.source.line, Some(27));
    }

    #[test]
    fn a_malformed_element_is_one_diagnostic_and_later_records_load() {
        let bad = TWO.replace("<Volume>7</Volume>", "<Volume>7</Volumx>");
        let p = read_str(&bad);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].line, Some(8));
        assert_eq!(p.studies.len(), 1);
        assert_eq!(p.studies[0].citation.pmid.as_deref(), Some("222"));
    }

    #[test]
    fn a_truncated_file_keeps_the_records_before() {
        let cut = &TWO[..TWO.find("<Journal><JournalIssue><PubDate>").unwrap()];
        let p = read_str(cut);
        assert_eq!(p.studies.len(), 1);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert!(p.diagnostics[0].line.is_some());
    }

    #[test]
    fn book_articles_are_records_too() {
        let x = r#"<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID>20301295</PMID>
<ArticleIdList><ArticleId IdType="bookaccession">NBK1116</ArticleId></ArticleIdList>
<Book><BookTitle>GeneReviews</BookTitle><PubDate><Year>1993</Year></PubDate></Book>
<ArticleTitle>Vitamin D deficiency</ArticleTitle>
<AuthorList Type="authors"><Author><LastName>Adam</LastName><ForeName>Margaret P</ForeName><Initials>MP</Initials></Author></AuthorList>
</BookDocument></PubmedBookArticle></PubmedArticleSet>"#;
        let p = read_str(x);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let s = &p.studies[0];
        assert_eq!(s.title, "Vitamin D deficiency");
        assert_eq!(s.citation.pmid.as_deref(), Some("20301295"));
        assert_eq!(s.citation.journal.as_deref(), Some("GeneReviews"));
        assert_eq!(s.citation.year, Some(1993));
        assert_eq!(s.citation.authors, ["Adam MP"]);
    }

    #[test]
    fn entities_from_the_doctype_are_not_expanded() {
        let x = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY b "boom">]><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>A &e; &b;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"#;
        let p = read_str(x);
        assert_eq!(p.studies.len(), 1);
        assert_eq!(p.studies[0].title, "A &e; &b;");
    }

    #[test]
    fn odd_input_never_panics() {
        for x in [
            "<",
            "<PubmedArticle>",
            "<PubmedArticle><PMID>1",
            "<a></b>",
            "&#0;",
            "<PubmedArticle>&#xD800;</PubmedArticle>",
            "<?xml",
        ] {
            let _ = read_str(x);
        }
    }
}
