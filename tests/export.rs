//! Export: what vitascope writes in JSON, CSV, RIS and `BibTeX` reads back
//! to the same records, every field; CSV is RFC 4180; and a failed export
//! never damages the file it would have replaced.

use std::path::Path;

use vitascope::export::{self, ExportFormat};
use vitascope::library::{Library, Limits};
use vitascope::read;
use vitascope::study::{Citation, Design, Details, Dose, Population, Sex, Source, Study, Unit};
use vitascope::vocabulary::Vocabulary;

fn fixtures() -> Vec<Study> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let lib = Library::load(&[dir], &Limits::default());
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib.store.studies().to_vec()
}

/// The embedded seed articles: records with populations, doses and
/// findings that extraction found.
fn seeds() -> Vec<Study> {
    let lib = Library::load(&[], &Limits::default());
    let studies = lib.store.studies().to_vec();
    assert!(
        studies.iter().any(|s| !s.details().doses.is_empty()),
        "the seeds give doses to carry"
    );
    studies
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
        abstract_text: Some("RESULTS: BMD rose 2% (p<0.05); line break.".into()),
        details: Details {
            population: Population {
                n: Some(244),
                description: Some("postmenopausal women; \"healthy\" | {braced}".into()),
                species: Some("human".into()),
                age_min: Some(55.5),
                age_max: Some(65.0),
                sex: Some(Sex::Female),
            },
            included_studies: Some(9),
            doses: vec![
                Dose {
                    nutrient: Some("vitamin K2".into()),
                    form: Some("menaquinone-7".into()),
                    amount: 180.0,
                    unit: Unit::Mcg,
                    per: Some("day".into()),
                    text: "180 µg | MK-7; daily".into(),
                },
                Dose {
                    nutrient: None,
                    form: None,
                    amount: 0.125,
                    unit: Unit::Iu,
                    per: None,
                    text: "0.125 IU".into(),
                },
            ],
            comparator: Some("placebo, 50% \\ 50%".into()),
            duration: Some("3 years".into()),
            findings: vec!["BMD rose; 2% (p<0.05)".into(), "[\"odd\"] ~ ^ $".into()],
            evidence: Vec::new(),
        }
        .into(),
        nutrients: vec!["vitamin K2".into(), "vitamin D3".into()],
        conditions: vec!["osteoporosis".into()],
        source: Source {
            path: "seeds/some file, with: colon.txt".into(),
            headline: Some("Vitamin K2: a headline".into()),
            line: Some(12),
        },
        sources: vec![
            Source {
                path: "seeds/some file, with: colon.txt".into(),
                headline: None,
                line: Some(12),
            },
            Source {
                path: "b.nbib".into(),
                headline: None,
                line: None,
            },
        ],
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

/// Every field of every record, as the schema's JSON names them.
fn records(studies: &[Study]) -> Vec<serde_json::Value> {
    studies
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect()
}

/// Reads `studies` written in `format` back and requires every field of
/// every record to be as it was.
fn assert_round_trip(format: ExportFormat, name: &str) {
    for (set, studies) in [
        ("fixtures", fixtures()),
        ("seeds", seeds()),
        ("awkward", awkward()),
    ] {
        let text = export(format, &studies);
        let back = read_back(name, &text);
        assert_eq!(back.len(), studies.len(), "{name} {set}: count");
        for (a, b) in records(&studies).iter().zip(records(&back)) {
            assert_eq!(*a, b, "{name} {set}: {}", a["id"]);
        }
    }
}

#[test]
fn json_reads_back_to_the_same_records() {
    assert_round_trip(ExportFormat::Json, "out.json");
}

#[test]
fn csv_reads_back_to_the_same_records() {
    assert_round_trip(ExportFormat::Csv, "out.csv");
}

#[test]
fn ris_reads_back_to_the_same_records() {
    assert_round_trip(ExportFormat::Ris, "out.ris");
}

#[test]
fn bibtex_reads_back_to_the_same_records() {
    assert_round_trip(ExportFormat::Bibtex, "out.bib");
}

#[test]
fn ris_and_bibtex_keep_the_evidence_where_reference_managers_keep_notes() {
    let studies = awkward();
    let ris = export(ExportFormat::Ris, &studies);
    assert!(ris.contains("N1  - vitascope-n: 244\n"), "{ris}");
    assert!(ris.contains("N1  - vitascope-doses: 180 mcg/day | vitamin K2 | menaquinone-7 | 180 µg | MK-7; daily\n"), "{ris}");
    let bib = export(ExportFormat::Bibtex, &studies);
    assert!(
        bib.contains("note = {design: rct; n = 244; doses: 180 mcg/day vitamin K2, 0.125 IU}"),
        "{bib}"
    );
    assert!(bib.contains("vitascope-design = {rct}"), "{bib}");
}

#[test]
fn csv_is_rfc4180_with_a_column_for_every_field() {
    let studies = awkward();
    let text = export(ExportFormat::Csv, &studies);
    assert!(text.starts_with("id,title,design,authors,year,"), "{text}");
    assert!(text.contains("\"\"better\"\""), "quotes doubled: {text}");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for field in [
        "n",
        "population",
        "age_min",
        "sex",
        "doses",
        "comparator",
        "findings",
        "abstract",
        "sources",
    ] {
        col(field);
    }
    assert_eq!(&records[0][col("title")], studies[0].title);
    assert_eq!(
        &records[0][col("authors")],
        "O'Brien JA\nvan der Berg AM\nThe Study Group"
    );
    assert_eq!(
        &records[0][col("findings")],
        "BMD rose; 2% (p<0.05)\n[\"odd\"] ~ ^ $",
        "a finding holding \";\" stays one finding"
    );
    assert_eq!(&records[0][col("doses")].lines().count(), &2);
    assert_eq!(&records[0][col("journal")], "J Bone, Miner Res");
    assert_eq!(&records[0][col("year")], "2020");
    assert_eq!(&records[1][col("year")], "");
}

#[test]
fn csv_doses_is_one_row_per_dose() {
    let text = export(ExportFormat::CsvDoses, &awkward());
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id", "title", "design", "n", "nutrient", "form", "amount", "unit", "per", "text"
        ]
    );
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2, "two doses, and none for the bare record");
    assert_eq!(&records[0][6], "180");
    assert_eq!(&records[0][8], "day");
    assert_eq!(&records[1][7], "IU");
    assert_eq!(&records[1][4], "");
}

#[test]
fn markdown_is_a_table_with_one_row_per_study() {
    let text = export(ExportFormat::Markdown, &awkward());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("| id | title |"));
    assert!(lines[2].contains("\\| pipe"), "pipes escaped: {}", lines[2]);
    assert!(lines[0].contains("| design | n | doses |"), "{text}");
    assert!(
        lines[2].contains("| rct | 244 | 180 mcg/day vitamin K2, 0.125 IU |"),
        "{text}"
    );
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
