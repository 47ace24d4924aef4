//! Export: what vitascope writes reads back to the same records (JSON: all
//! fields; RIS and `BibTeX`: the citation), CSV is RFC 4180, and a failed
//! export never damages the file it would have replaced.

use std::path::Path;

use vitascope::export::{self, ExportFormat};
use vitascope::library::{Library, Limits};
use vitascope::read;
use vitascope::study::{Citation, Design, Study};
use vitascope::vocabulary::Vocabulary;

fn fixtures() -> Vec<Study> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let lib = Library::load(&[dir], &Limits::default());
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib.store.studies().to_vec()
}

/// Records written for the test with every awkward character an export
/// must survive.
fn awkward() -> Vec<Study> {
    let full = Study {
        id: "o-brien-2020".into(),
        title: "Vitamin K2 {MK-7} & D3: 50% \"better\", a_b #1 ~ ^ \\ $5 -- «ü» | pipe".into(),
        design: Design::Rct,
        citation: Citation {
            authors: ["O'Brien JA", "van der Berg AM", "The Study Group"].into(),
            year: Some(2020),
            journal: Some("J Bone, Miner Res".into()),
            volume: Some("35".into()),
            issue: Some("2".into()),
            pages: Some("e1-e9".into()),
            doi: Some("10.1002/jbmr.1234".into()),
            pmid: Some("31234567".into()),
            url: None,
        },
        abstract_text: Some("RESULTS: BMD rose 2% (p<0.05); line\nbreak.".into()),
        ..Study::default()
    };
    let minimal = Study {
        id: "untitled".into(),
        title: "A bare record".into(),
        ..Study::default()
    };
    vec![full, minimal]
}

fn export(format: ExportFormat, studies: &[Study]) -> String {
    let refs: Vec<&Study> = studies.iter().collect();
    let mut out = Vec::new();
    export::write(format, &refs, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn read_back(name: &str, text: &str) -> Vec<Study> {
    let (_, parsed) = read::read_text(name, text, &Vocabulary::builtin());
    assert!(
        parsed.diagnostics.is_empty(),
        "{name}: {:?}",
        parsed.diagnostics
    );
    parsed.studies
}

fn assert_same_citations(name: &str, before: &[Study], after: &[Study]) {
    assert_eq!(before.len(), after.len(), "{name}: count");
    for (a, b) in before.iter().zip(after) {
        let at = format!("{name} {}", a.id);
        let squash = |s: &str| vitascope::text::squash(s);
        assert_eq!(squash(&a.title), b.title, "{at}: title");
        let (x, y) = (&a.citation, &b.citation);
        assert_eq!(x.authors, y.authors, "{at}: authors");
        assert_eq!(x.year, y.year, "{at}: year");
        assert_eq!(x.journal, y.journal, "{at}: journal");
        assert_eq!(x.volume, y.volume, "{at}: volume");
        assert_eq!(x.issue, y.issue, "{at}: issue");
        assert_eq!(x.pages, y.pages, "{at}: pages");
        assert_eq!(x.doi, y.doi, "{at}: doi");
        assert_eq!(x.pmid, y.pmid, "{at}: pmid");
        assert_eq!(
            a.abstract_text.as_deref().map(squash),
            b.abstract_text,
            "{at}: abstract"
        );
    }
}

#[test]
fn ris_and_bibtex_read_back_to_the_same_citations() {
    for studies in [fixtures(), awkward()] {
        for (format, name) in [
            (ExportFormat::Ris, "out.ris"),
            (ExportFormat::Bibtex, "out.bib"),
        ] {
            let text = export(format, &studies);
            let back = read_back(name, &text);
            assert_same_citations(name, &studies, &back);
        }
    }
}

#[test]
fn json_reads_back_to_identical_records() {
    for studies in [fixtures(), awkward()] {
        let text = export(ExportFormat::Json, &studies);
        let back = read_back("out.json", &text);
        assert_eq!(back, studies);
    }
}

#[test]
fn csv_is_rfc4180_with_a_header_and_one_row_per_study() {
    let studies = awkward();
    let text = export(ExportFormat::Csv, &studies);
    assert!(text.starts_with("id,title,design,authors,year,"), "{text}");
    assert!(text.contains("\"\"better\"\""), "quotes doubled: {text}");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&records[0][col("title")], studies[0].title);
    assert_eq!(
        &records[0][col("authors")],
        "O'Brien JA; van der Berg AM; The Study Group"
    );
    assert_eq!(&records[0][col("journal")], "J Bone, Miner Res");
    assert_eq!(&records[0][col("year")], "2020");
    assert_eq!(&records[1][col("year")], "");
}

#[test]
fn markdown_is_a_table_with_one_row_per_study() {
    let text = export(ExportFormat::Markdown, &awkward());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("| id | title |"));
    assert!(lines[2].contains("\\| pipe"), "pipes escaped: {}", lines[2]);
    // same number of unescaped cell separators on every row
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    assert!(lines.iter().all(|l| cells(l) == cells(lines[0])), "{text}");
}

#[test]
fn a_failed_export_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    std::fs::write(&path, "old contents").unwrap();
    let studies = awkward();
    let refs: Vec<&Study> = studies.iter().collect();
    // refusing to overwrite
    assert!(export::write_file_atomic(&path, ExportFormat::Json, &refs, false).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old contents");
    // a write that fails part-way (the target is a directory, so the rename fails)
    let blocked = dir.path().join("blocked.json");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), "x").unwrap();
    assert!(export::write_file_atomic(&blocked, ExportFormat::Json, &refs, true).is_err());
    assert_eq!(std::fs::read_to_string(blocked.join("keep")).unwrap(), "x");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vitascope-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary file removed");
    // and a successful overwrite replaces it whole
    export::write_file_atomic(&path, ExportFormat::Json, &refs, true).unwrap();
    assert_eq!(
        read_back("out.json", &std::fs::read_to_string(&path).unwrap()),
        studies
    );
}
