//! Reading real bibliographic exports: every fixture gives the records its
//! source holds, with the source's title, first author, year, journal, DOI
//! and PMID; malformed records cost one diagnostic with `file:line` and leave
//! their neighbours loaded; the same paper from two formats merges.
//!
//! Fixtures in `tests/fixtures/import/` are copied from public test data
//! (see `MANIFEST` there); the expected values were checked against the
//! source files with an independent parser (Python `ElementTree` / line split).

use std::path::{Path, PathBuf};

use vitascope::library::{Library, Limits};
use vitascope::read::{self, Format, Parsed};
use vitascope::vocabulary::Vocabulary;

struct Pin {
    title: &'static str,
    first_author: Option<&'static str>,
    year: i32,
    journal: Option<&'static str>,
    doi: Option<&'static str>,
    pmid: Option<&'static str>,
}

const FIXTURES: &[(&str, &[Pin])] = &[
    (
        "bibtex_zotero-better-bibtex_endnote-export.bib",
        &[Pin {
            title: "Alzheimer mechanisms and therapeutic strategies",
            first_author: Some("Huang Y"),
            year: 2012,
            journal: Some("Cell"),
            doi: None,
            pmid: None,
        }],
    ),
    (
        "medline_biopython_pubmed_result1.txt",
        &[Pin {
            title: "The Bio* toolkits--a brief overview.",
            first_author: Some("Mangalam H"),
            year: 2002,
            journal: Some("Brief Bioinform"),
            doi: None,
            pmid: Some("12230038"),
        }],
    ),
    (
        "medline_biopython_pubmed_result2.txt",
        &[
            Pin {
                title: "A high level interface to SCOP and ASTRAL implemented in python.",
                first_author: Some("Casbon JA"),
                year: 2006,
                journal: Some("BMC Bioinformatics"),
                doi: Some("10.1186/1471-2105-7-10"),
                pmid: Some("16403221"),
            },
            Pin {
                title: "GenomeDiagram: a python package for the visualization of large-scale genomic data.",
                first_author: Some("Pritchard L"),
                year: 2006,
                journal: Some("Bioinformatics"),
                doi: Some("10.1093/bioinformatics/btk021"),
                pmid: Some("16377612"),
            },
            Pin {
                title: "Open source clustering software.",
                first_author: Some("de Hoon MJ"),
                year: 2004,
                journal: Some("Bioinformatics"),
                doi: Some("10.1093/bioinformatics/bth078"),
                pmid: Some("14871861"),
            },
            Pin {
                title: "PDB file parser and structure class implemented in Python.",
                first_author: Some("Hamelryck T"),
                year: 2003,
                journal: Some("Bioinformatics"),
                doi: None,
                pmid: Some("14630660"),
            },
        ],
    ),
    (
        "medline_biopython_pubmed_result3.txt",
        &[Pin {
            title: "Effects of different parameters in the fast scanning method for HIFU treatment.",
            first_author: Some("Qiao S"),
            year: 2012,
            journal: Some("Med Phys"),
            doi: Some("10.1118/1.4748329"),
            pmid: Some("23039619"),
        }],
    ),
    (
        "medline_blachlylab_nbib_first10rec.nbib",
        &[
            Pin {
                title: "Ibrutinib Regimens versus Chemoimmunotherapy in Older Patients with Untreated CLL.",
                first_author: Some("Woyach JA"),
                year: 2018,
                journal: Some("N Engl J Med"),
                doi: Some("10.1056/NEJMoa1812836"),
                pmid: Some("30501481"),
            },
            Pin {
                title: "BTK(C481S)-Mediated Resistance to Ibrutinib in Chronic Lymphocytic Leukemia.",
                first_author: Some("Woyach JA"),
                year: 2017,
                journal: Some("J Clin Oncol"),
                doi: Some("10.1200/JCO.2016.70.2282"),
                pmid: Some("28418267"),
            },
            Pin {
                title: "Consensus guidelines for the diagnosis and management of patients with classic hairy cell leukemia.",
                first_author: Some("Grever MR"),
                year: 2017,
                journal: Some("Blood"),
                doi: Some("10.1182/blood-2016-01-689422"),
                pmid: Some("27903528"),
            },
            Pin {
                title: "Resistance Mechanisms to SYK Inhibition in Acute Myeloid Leukemia.",
                first_author: Some("Cremer A"),
                year: 2020,
                journal: Some("Cancer Discov"),
                doi: Some("10.1158/2159-8290.CD-19-0209"),
                pmid: Some("31771968"),
            },
            Pin {
                title: "Synergistic effect of BCL2 and FLT3 co-inhibition in acute myeloid leukemia.",
                first_author: Some("Brinton LT"),
                year: 2020,
                journal: Some("J Hematol Oncol"),
                doi: Some("10.1186/s13045-020-00973-4"),
                pmid: Some("33076970"),
            },
            Pin {
                title: "Acalabrutinib plus Obinutuzumab in Treatment-Naïve and Relapsed/Refractory Chronic Lymphocytic Leukemia.",
                first_author: Some("Woyach JA"),
                year: 2020,
                journal: Some("Cancer Discov"),
                doi: Some("10.1158/2159-8290.CD-19-1130"),
                pmid: Some("31915195"),
            },
            Pin {
                title: "Novel BCL2 mutations in venetoclax-resistant, ibrutinib-resistant CLL patients with BTK/PLCG2 mutations.",
                first_author: Some("Lucas F"),
                year: 2020,
                journal: Some("Blood"),
                doi: Some("10.1182/blood.2019003722"),
                pmid: Some("32232486"),
            },
            Pin {
                title: "Mutational landscape and clinical outcome of patients with de novo acute myeloid leukemia and rearrangements involving 11q23/KMT2A.",
                first_author: Some("Bill M"),
                year: 2020,
                journal: Some("Proc Natl Acad Sci U S A"),
                doi: Some("10.1073/pnas.2014732117"),
                pmid: Some("33020282"),
            },
            Pin {
                title: "Additional gene mutations may refine the 2017 European LeukemiaNet classification in adult patients with de novo acute myeloid leukemia aged <60 years.",
                first_author: Some("Eisfeld AK"),
                year: 2020,
                journal: Some("Leukemia"),
                doi: Some("10.1038/s41375-020-0872-3"),
                pmid: Some("32461631"),
            },
            Pin {
                title: "Entospletinib in Combination with Induction Chemotherapy in Previously Untreated Acute Myeloid Leukemia: Response and Predictive Significance of HOXA9 and MEIS1 Expression.",
                first_author: Some("Walker AR"),
                year: 2020,
                journal: Some("Clin Cancer Res"),
                doi: Some("10.1158/1078-0432.CCR-20-1064"),
                pmid: Some("32820015"),
            },
        ],
    ),
    (
        "medline_rispy_example_pubmed_10rec.txt",
        &[
            Pin {
                title: "Time lapse: A glimpse into prehistoric genomics.",
                first_author: Some("Griffin DK"),
                year: 2020,
                journal: Some("Eur J Med Genet"),
                doi: Some("10.1016/j.ejmg.2019.03.004"),
                pmid: Some("30922926"),
            },
            Pin {
                title: "Symbiosis between Cretaceous dinosaurs and feather-feeding beetles.",
                first_author: Some("Peñalver E"),
                year: 2023,
                journal: Some("Proc Natl Acad Sci U S A"),
                doi: Some("10.1073/pnas.2217872120"),
                pmid: Some("37068225"),
            },
            Pin {
                title: "Spinosaurus is not an aquatic dinosaur.",
                first_author: Some("Sereno PC"),
                year: 2022,
                journal: Some("Elife"),
                doi: Some("10.7554/eLife.80092"),
                pmid: Some("36448670"),
            },
            Pin {
                title: "On the probability of dinosaur fleas.",
                first_author: Some("Dittmar K"),
                year: 2016,
                journal: Some("BMC Evol Biol"),
                doi: Some("10.1186/s12862-015-0568-x"),
                pmid: Some("26754250"),
            },
            Pin {
                title: "Biology of the sauropod dinosaurs: the evolution of gigantism.",
                first_author: Some("Sander PM"),
                year: 2011,
                journal: Some("Biol Rev Camb Philos Soc"),
                doi: Some("10.1111/j.1469-185X.2010.00137.x"),
                pmid: Some("21251189"),
            },
            Pin {
                title: "The exquisitely preserved integument of Psittacosaurus and the scaly skin of ceratopsian dinosaurs.",
                first_author: Some("Bell PR"),
                year: 2022,
                journal: Some("Commun Biol"),
                doi: Some("10.1038/s42003-022-03749-3"),
                pmid: Some("35962036"),
            },
            Pin {
                title: "An extraordinary fossil captures the struggle for existence during the Mesozoic.",
                first_author: Some("Han G"),
                year: 2023,
                journal: Some("Sci Rep"),
                doi: Some("10.1038/s41598-023-37545-8"),
                pmid: Some("37464026"),
            },
            Pin {
                title: "Niche partitioning shaped herbivore macroevolution through the early Mesozoic.",
                first_author: Some("Singh SA"),
                year: 2021,
                journal: Some("Nat Commun"),
                doi: Some("10.1038/s41467-021-23169-x"),
                pmid: Some("33990610"),
            },
            Pin {
                title: "Pterosaur melanosomes support signalling functions for early feathers.",
                first_author: Some("Cincotta A"),
                year: 2022,
                journal: Some("Nature"),
                doi: Some("10.1038/s41586-022-04622-3"),
                pmid: Some("35444275"),
            },
            Pin {
                title: "Low dinosaur biodiversity in central China 2 million years prior to the end-Cretaceous mass extinction.",
                first_author: Some("Han F"),
                year: 2022,
                journal: Some("Proc Natl Acad Sci U S A"),
                doi: Some("10.1073/pnas.2211234119"),
                pmid: Some("36122246"),
            },
        ],
    ),
    (
        "pubmedxml_biopython_pubmed1.xml",
        &[
            Pin {
                title: "The treatment of AIDS behind the walls of correctional facilities.",
                first_author: Some("Olivero JM"),
                year: 1990,
                journal: Some("Soc Justice"),
                doi: None,
                pmid: Some("12091962"),
            },
            Pin {
                title: "Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin interaction.",
                first_author: Some("Strekas TC"),
                year: 1976,
                journal: Some("Biochim Biophys Acta"),
                doi: Some("10.1016/0005-2795(76)90109-4"),
                pmid: Some("9997"),
            },
        ],
    ),
    (
        "pubmedxml_biopython_pubmed2.xml",
        &[
            Pin {
                title: "Is cryopreservation a homogeneous process? Ultrastructure and motility of untreated, prefreezing, and postthawed spermatozoa of Diplodus puntazzo (Cetti).",
                first_author: Some("Taddei AR"),
                year: 2001,
                journal: Some("Cryobiology"),
                doi: Some("10.1006/cryo.2001.2328"),
                pmid: Some("11748933"),
            },
            Pin {
                title: "Proton MRI of (13)C distribution by J and chemical shift editing.",
                first_author: Some("Casieri C"),
                year: 2001,
                journal: Some("J Magn Reson"),
                doi: Some("10.1006/jmre.2001.2429"),
                pmid: Some("11700088"),
            },
        ],
    ),
    (
        "pubmedxml_biopython_pubmed4.xml",
        &[Pin {
            title: "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer.",
            first_author: Some("Bao Y"),
            year: 2017,
            journal: Some("Gut"),
            doi: Some("10.1136/gutjnl-2016-312510"),
            pmid: Some("27797938"),
        }],
    ),
    (
        "pubmedxml_biopython_pubmed5.xml",
        &[Pin {
            title: "Occupational pesticide exposure and subclinical hypothyroidism among male pesticide applicators.",
            first_author: Some("Lerro CC"),
            year: 2018,
            journal: Some("Occup Environ Med"),
            doi: Some("10.1136/oemed-2017-104431"),
            pmid: Some("28775130"),
        }],
    ),
    (
        "pubmedxml_ncbiutils_pubmed_5rec.xml",
        &[
            Pin {
                title: "SENP2 suppresses browning of white adipose tissues by de-conjugating SUMO from C/EBPβ.",
                first_author: Some("Lee JS"),
                year: 2022,
                journal: Some("Cell Rep"),
                doi: Some("10.1016/j.celrep.2022.110408"),
                pmid: Some("35196497"),
            },
            Pin {
                title: "Physical distancing and non-respiratory notifiable diseases in the Northern Territory, March-May 2020.",
                first_author: Some("Xie O"),
                year: 2020,
                journal: Some("Commun Dis Intell (2018)"),
                doi: Some("10.33321/cdi.2020.44.90"),
                pmid: Some("33278872"),
            },
            Pin {
                title: "Evaluation of dexmedetomidine therapy for sedation in patients with toxicological events at an academic medical center.",
                first_author: Some("Mohorn PL"),
                year: 2014,
                journal: Some("Clin Toxicol (Phila)"),
                doi: Some("10.3109/15563650.2014.913175"),
                pmid: Some("24792780"),
            },
            Pin {
                title: "Assessment of the genetic and clinical determinants of fracture risk: genome wide association and mendelian randomisation study.",
                first_author: Some("Trajanoska K"),
                year: 2018,
                journal: Some("BMJ"),
                doi: Some("10.1136/bmj.k3225"),
                pmid: Some("30158200"),
            },
            Pin {
                title: "Histochemical and histoenzymic researches in coronary sudden death.",
                first_author: Some("Alexandru E"),
                year: 1978,
                journal: Some("Morphol Embryol (Bucur)"),
                doi: None,
                pmid: Some("151222"),
            },
        ],
    ),
    (
        "ris_asreview_embase.ris",
        &[
            Pin {
                title: "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound",
                first_author: Some("Liu R"),
                year: 2014,
                journal: Some("Endoscopic Ultrasound"),
                doi: Some("10.4103/2303-9027.138783"),
                pmid: None,
            },
            Pin {
                title: "Endoscopic ultrasound-guided fine-needle aspiration in the diagnosis of foregut duplication cysts: The value of demonstrating detached ciliary tufts in cyst fluid",
                first_author: Some("Eloubeidi MA"),
                year: 2004,
                journal: Some("Cancer"),
                doi: Some("10.1002/cncr.20369"),
                pmid: Some("15368318"),
            },
            Pin {
                title: "A case of completely isolated advanced enteric duplication cyst cancer performed partial pancreatectomy",
                first_author: Some("Nakashima S"),
                year: 2019,
                journal: Some("Int. J. Surg. Case Rep."),
                doi: Some("10.1016/j.ijscr.2018.11.060"),
                pmid: None,
            },
            Pin {
                title: "Congenital Neck Masses",
                first_author: Some("Quintanilla-Dieck L"),
                year: 2018,
                journal: Some("Clin. Perinatol."),
                doi: Some("10.1016/j.clp.2018.07.012"),
                pmid: Some("30396417"),
            },
            Pin {
                title: "Foregut duplication cysts: A report of two cases with emphasis on embryogenesis",
                first_author: Some("Khoury T"),
                year: 2011,
                journal: Some("World J. Gastroenterol."),
                doi: Some("10.3748/wjg.v17.i1.130"),
                pmid: Some("21218094"),
            },
            Pin {
                title: "Completely Isolated Retroperitoneal Enteric Duplication Cyst with Adenocarcinoma Transformation Managed with Robotic Radical Nephrectomy",
                first_author: Some("Faraj K"),
                year: 2017,
                journal: Some("J. Endourol. Case Rep."),
                doi: Some("10.1089/cren.2017.0016"),
                pmid: None,
            },
        ],
    ),
    (
        "ris_asreview_pubmed_endnote.txt",
        &[
            Pin {
                title: "Boswellia serrata: an overall assessment of in vitro, preclinical, pharmacokinetic and clinical data",
                first_author: Some("Abdel-Tawab M"),
                year: 2011,
                journal: Some("Clin Pharmacokinet"),
                doi: Some("10.2165/11586800-000000000-00000"),
                pmid: Some("21553931"),
            },
            Pin {
                title: "Yuzu (Citrus junos Tanaka) Peel Attenuates Dextran Sulfate Sodium-induced Murine Experimental Colitis",
                first_author: Some("Abe H"),
                year: 2018,
                journal: Some("J Oleo Sci"),
                doi: Some("10.5650/jos.ess17184"),
                pmid: Some("29459515"),
            },
            Pin {
                title: "Carpolobia lutea G. Don (Polygalaceae) Inhibits Inflammation and Oxidative Stress in an Acetic Acid Induced Model of Rat Colitis",
                first_author: Some("Abiodun OO"),
                year: 2017,
                journal: Some("Drug Res (Stuttg)"),
                doi: Some("10.1055/s-0042-114572"),
                pmid: Some("27626602"),
            },
            Pin {
                title: "Antiinflammatory and immunomodulatory activity of an ethanolic extract from the stem bark of Terminalia catappa L. (Combretaceae): In vitro and in vivo evidences",
                first_author: Some("Abiodun OO"),
                year: 2016,
                journal: Some("J Ethnopharmacol"),
                doi: Some("10.1016/j.jep.2016.07.056"),
                pmid: Some("27452660"),
            },
            Pin {
                title: "Impact of complementary and alternative medicine on the quality of life in inflammatory bowel disease: results from a French national survey",
                first_author: Some("Abitbol V"),
                year: 2014,
                journal: Some("Eur J Gastroenterol Hepatol"),
                doi: Some("10.1097/meg.0000000000000040"),
                pmid: Some("24407360"),
            },
            Pin {
                title: "Indigo Naturalis Ameliorates Oxazolone-Induced Dermatitis but Aggravates Colitis by Changing the Composition of Gut Microflora",
                first_author: Some("Adachi S"),
                year: 2017,
                journal: Some("Int Arch Allergy Immunol"),
                doi: Some("10.1159/000471923"),
                pmid: Some("28482341"),
            },
        ],
    ),
    (
        "ris_asreview_pubmed_zotero.ris",
        &[
            Pin {
                title: "The importance of cognitive flexibility and flexibility in coping with stress for the quality of life in inflammatory bowel disease patients during biological therapy. A preliminary report.",
                first_author: Some("Rudnik A"),
                year: 2019,
                journal: Some("Prz Gastroenterol"),
                doi: Some("10.5114/pg.2018.81081"),
                pmid: None,
            },
            Pin {
                title: "Outcomes of inflammatory bowel disease surgery in obese versus non-obese patients: a meta-analysis.",
                first_author: Some("Hicks G"),
                year: 2019,
                journal: Some("Tech Coloproctol"),
                doi: Some("10.1007/s10151-019-02080-0"),
                pmid: None,
            },
            Pin {
                title: "Traditional Chinese medicine for mild-to-moderate ulcerative colitis: Protocol for a network meta-analysis of randomized controlled trials.",
                first_author: Some("Shen Z"),
                year: 2019,
                journal: Some("Medicine (Baltimore)"),
                doi: Some("10.1097/MD.0000000000016881"),
                pmid: None,
            },
            Pin {
                title: "Mindfulness-Based Cognitive Therapy Experiences in Youth With Inflammatory Bowel Disease and Depression: Protocol for a Mixed Methods Qualitative Study.",
                first_author: Some("Ewais T"),
                year: 2019,
                journal: Some("JMIR Res Protoc"),
                doi: Some("10.2196/14432"),
                pmid: None,
            },
            Pin {
                title: "Structured physical activity interventions as a complementary therapy for patients with inflammatory bowel disease - a scoping review and practical implications.",
                first_author: Some("Eckert KG"),
                year: 2019,
                journal: Some("BMC Gastroenterol"),
                doi: Some("10.1186/s12876-019-1034-9"),
                pmid: None,
            },
            Pin {
                title: "Efficacy and safety of Tripterygium wilfordii Hook F preparations for the treatment of Crohn disease: A systemic review and meta-analysis protocol.",
                first_author: Some("Zhang J"),
                year: 2019,
                journal: Some("Medicine (Baltimore)"),
                doi: Some("10.1097/MD.0000000000016231"),
                pmid: None,
            },
        ],
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn read_fixture(name: &str) -> (Format, Parsed) {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    let text = read::decode(name, &bytes).unwrap();
    read::read_text(name, &text, &Vocabulary::builtin())
}

fn read_str(name: &str, text: &str) -> Parsed {
    read::read_text(name, text, &Vocabulary::builtin()).1
}

#[test]
fn every_fixture_reads_to_its_pinned_records() {
    for (name, pins) in FIXTURES {
        let (_, parsed) = read_fixture(name);
        assert!(
            parsed.diagnostics.is_empty(),
            "{name}: {:?}",
            parsed.diagnostics
        );
        assert_eq!(parsed.studies.len(), pins.len(), "{name}: record count");
        for (i, (s, pin)) in parsed.studies.iter().zip(pins.iter()).enumerate() {
            let c = &s.citation;
            let at = format!("{name} record {}", i + 1);
            assert_eq!(s.title, pin.title, "{at}: title");
            assert_eq!(c.authors.first(), pin.first_author, "{at}: first author");
            assert_eq!(c.year, Some(pin.year), "{at}: year");
            assert_eq!(c.journal.as_deref(), pin.journal, "{at}: journal");
            assert_eq!(c.doi.as_deref(), pin.doi, "{at}: doi");
            assert_eq!(c.pmid.as_deref(), pin.pmid, "{at}: pmid");
            assert!(s.source.line.is_some_and(|l| l > 0), "{at}: source line");
        }
    }
}

/// Counts by a second, naive method: the record markers in the raw text.
#[test]
fn record_counts_match_the_record_markers_in_each_file() {
    for (name, pins) in FIXTURES {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let markers = if name.starts_with("medline") {
            text.lines().filter(|l| l.starts_with("PMID- ")).count()
        } else if name.starts_with("pubmedxml") {
            text.matches("<PubmedArticle>").count()
        } else if name.starts_with("ris") {
            text.lines().filter(|l| l.starts_with("ER  -")).count()
        } else {
            text.matches("@article{").count()
        };
        assert_eq!(markers, pins.len(), "{name}");
    }
}

#[test]
fn every_fixture_is_detected_as_its_format() {
    for (name, _) in FIXTURES {
        let (format, _) = read_fixture(name);
        let want = match name.split('_').next().unwrap() {
            "medline" => Format::Medline,
            "pubmedxml" => Format::PubmedXml,
            "ris" => Format::Ris,
            _ => Format::Bibtex,
        };
        assert_eq!(format, want, "{name}");
    }
}

#[test]
fn cin_lines_do_not_give_the_record_another_pmid() {
    let (_, p) = read_fixture("medline_blachlylab_nbib_first10rec.nbib");
    let pmids: Vec<_> = p
        .studies
        .iter()
        .filter_map(|s| s.citation.pmid.as_deref())
        .collect();
    assert!(!pmids.contains(&"31018078"), "{pmids:?}");
}

#[test]
fn xml_references_and_comments_do_not_give_the_record_another_pmid() {
    let (_, p) = read_fixture("pubmedxml_biopython_pubmed4.xml");
    assert_eq!(p.studies[0].citation.pmid.as_deref(), Some("27797938"));
    let (_, p) = read_fixture("pubmedxml_ncbiutils_pubmed_5rec.xml");
    let meta = p
        .studies
        .iter()
        .find(|s| s.citation.pmid.as_deref() == Some("30158200"))
        .unwrap();
    assert_eq!(meta.design, vitascope::study::Design::MetaAnalysis);
    assert!(meta.abstract_text.as_deref().unwrap().contains("RESULTS: "));
}

#[test]
fn structured_abstracts_keep_their_labels() {
    let (_, p) = read_fixture("pubmedxml_biopython_pubmed4.xml");
    let a = p.studies[0].abstract_text.as_deref().unwrap();
    assert!(a.starts_with("OBJECTIVE: "), "{a}");
    assert!(a.contains("CONCLUSIONS: "), "{a}");
    assert!(
        !a.contains("<i>") && !a.contains("<sub>"),
        "markup flattened: {a}"
    );
    assert!(a.contains("r2<0.25"), "entities decoded: {a}");
}

#[test]
fn a_medline_garbage_line_is_one_diagnostic_and_all_records_load() {
    let name = "medline_rispy_example_pubmed_10rec.txt";
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let at = text.match_indices("\nTA  - ").nth(2).unwrap().0 + 1;
    let line = text[..at].matches('\n').count() + 1;
    let broken = format!("{}this line has no tag\n{}", &text[..at], &text[at..]);
    let p = read_str(name, &broken);
    assert_eq!(p.studies.len(), 10);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    let d = p.diagnostics[0].to_string();
    assert!(d.starts_with(&format!("{name}:{line}: ")), "{d}");
    assert!(
        p.studies[2].citation.journal.is_some(),
        "the record with the bad line still reads"
    );
}

#[test]
fn a_truncated_xml_element_is_one_diagnostic_and_earlier_records_load() {
    let name = "pubmedxml_ncbiutils_pubmed_5rec.xml";
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    // cut the third record in the middle of an element
    let third = text.match_indices("<PubmedArticle>").nth(2).unwrap().0;
    let cut = third + text[third..].find("<ArticleTitle>").unwrap() + 20;
    let p = read_str(name, &text[..cut]);
    assert_eq!(p.studies.len(), 2);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert!(p.diagnostics[0].line.is_some());
    // a broken end tag in the third record: the others still load
    let end = third + text[third..].find("</ArticleTitle>").unwrap();
    let broken = format!(
        "{}</ArticleTitl>{}",
        &text[..end],
        &text[end + "</ArticleTitle>".len()..]
    );
    let p = read_str(name, &broken);
    assert_eq!(p.studies.len(), 4, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    let line = u32::try_from(text[..end].matches('\n').count() + 1).unwrap();
    assert_eq!(p.diagnostics[0].line, Some(line));
}

#[test]
fn a_ris_record_without_er_is_one_diagnostic_and_the_rest_load() {
    let name = "ris_asreview_pubmed_zotero.ris";
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let second_er = text.match_indices("ER  -").nth(1).unwrap().0;
    let second_ty = text[..second_er].rfind("TY  - ").unwrap();
    let line = u32::try_from(text[..second_ty].matches('\n').count() + 1).unwrap();
    let broken = format!(
        "{}{}",
        &text[..second_er],
        &text[second_er + "ER  -".len()..]
    );
    let p = read_str(name, &broken);
    assert_eq!(p.studies.len(), 6);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].line, Some(line));
}

#[test]
fn the_same_paper_from_medline_and_ris_is_one_record_with_two_sources() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.nbib"),
        "PMID- 12345678\nTI  - Vitamin K2 and bone loss: a randomized trial.\nAU  - Okafor MH\nDP  - 2013 Apr\nTA  - Osteoporos Int\nLID - 10.1000/bone.2013.0102 [doi]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.ris"),
        "TY  - JOUR\nTI  - Vitamin K2 and bone loss: a randomized trial\nAU  - Okafor, M. H.\nPY  - 2013\nJO  - Osteoporos Int\nDO  - 10.1000/bone.2013.0102\nER  - \n",
    )
    .unwrap();
    let lib = Library::load(&[dir.path().to_path_buf()], &Limits::default());
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    assert_eq!(lib.store.len(), 1, "{:?}", lib.store.studies());
    let s = &lib.store.studies()[0];
    assert_eq!(s.id, "okafor-2013");
    assert_eq!(s.sources.len(), 2, "{:?}", s.sources);
    assert_eq!(s.citation.pmid.as_deref(), Some("12345678"));
}

#[test]
fn a_directory_of_all_formats_loads() {
    let lib = Library::load(&[fixture("")], &Limits::default());
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let records: usize = lib.files.iter().map(|f| f.records).sum();
    let pinned: usize = FIXTURES.iter().map(|(_, p)| p.len()).sum();
    assert_eq!(records, pinned);
}

#[test]
fn nothing_panics_on_mangled_fixtures() {
    for (name, _) in FIXTURES {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        // prefixes cut at 16 places (mid-element, mid-line, mid-record)
        for k in 1..16 {
            let prefix: String = chars[..chars.len() * k / 16].iter().collect();
            let _ = read_str(name, &prefix);
        }
        // every 7th / 101st character dropped
        for step in [7, 101] {
            let dropped: String = chars
                .iter()
                .enumerate()
                .filter(|(i, _)| i % step != 0)
                .map(|(_, c)| *c)
                .collect();
            let _ = read_str(name, &dropped);
        }
    }
}
