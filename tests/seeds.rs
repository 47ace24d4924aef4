//! What a careful reader records for each seed article, read by the real
//! reader through the embedded seed library.

use vitascope::library::Library;
use vitascope::study::{Design, Sex, Study, Unit};

fn seeds() -> Vec<Study> {
    Library::seeds().store.studies().to_vec()
}

fn by_id<'a>(all: &'a [Study], id: &str) -> &'a Study {
    all.iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no record {id}; have {:?}", ids(all)))
}

fn ids(all: &[Study]) -> Vec<&str> {
    all.iter().map(|s| s.id.as_str()).collect()
}

fn from<'a>(all: &'a [Study], seed: &str) -> Vec<&'a Study> {
    all.iter()
        .filter(|s| s.source.path.contains(seed))
        .collect()
}

fn has_dose(s: &Study, nutrient: &str, amount: f64, unit: Unit) -> bool {
    s.details().doses.iter().any(|d| {
        d.nutrient.as_deref() == Some(nutrient)
            && (d.amount - amount).abs() < 1e-9
            && d.unit == unit
    })
}

fn all_numbers_text(s: &Study) -> String {
    let mut t = format!("{:?} {:?}", s.details().population, s.details().doses);
    t.push_str(&s.details().findings.join(" "));
    t
}

#[test]
fn every_seed_gives_the_records_a_reader_would_make() {
    let all = seeds();
    let want = [
        ("000_", vec!["solmaz-2021"]),
        (
            "001_",
            vec!["haruna-2021", "shibayama-imazu-2008", "xv-2018"],
        ),
        (
            "002_",
            vec![
                "huang-2015",
                "knapen-2013",
                "ma-2022",
                "shiraki-2000",
                "yan-2023",
                "zhang-2023",
                "zhou-2022",
            ],
        ),
        ("003_", vec!["pmid-32972636"]),
        ("004_", vec!["zhang-2016"]),
    ];
    for (seed, ids_wanted) in want {
        let got: Vec<&str> = from(&all, seed).iter().map(|s| s.id.as_str()).collect();
        assert_eq!(got, ids_wanted, "{seed}");
    }
}

#[test]
fn seed_000_is_one_cohort_study_with_its_nlm_citation() {
    let all = seeds();
    let s = by_id(&all, "solmaz-2021");
    assert_eq!(s.design, Design::Cohort);
    let c = &s.citation;
    assert_eq!(c.authors.len(), 6);
    assert_eq!(&c.authors[0], "Solmaz I");
    assert_eq!(&c.authors[1], "Ozdemir MA");
    assert_eq!(c.year, Some(2021));
    assert_eq!(c.journal.as_deref(), Some("J Pediatr Endocrinol Metab"));
    assert_eq!(c.volume.as_deref(), Some("34"));
    assert_eq!(c.issue.as_deref(), Some("4"));
    assert_eq!(c.pages.as_deref(), Some("441-447"));
    assert_eq!(c.doi.as_deref(), Some("10.1515/jpem-2020-0637"));
    assert_eq!(c.pmid.as_deref(), Some("33639045"));
    assert!(s.title.starts_with("Effect of vitamin K2 and vitamin D3"));
    let p = &s.details().population;
    assert_eq!(p.n, Some(29));
    assert_eq!((p.age_min, p.age_max), (Some(1.0), Some(17.0)));
    assert_eq!(p.species.as_deref(), Some("human"));
    assert!(
        p.description
            .as_deref()
            .is_some_and(|d| d.contains("patients"))
    );
    assert_eq!(s.details().doses.len(), 2, "{:?}", s.details().doses);
    assert!(has_dose(s, "vitamin K2", 100.0, Unit::Mcg));
    assert_eq!(s.details().doses[0].form.as_deref(), Some("menaquinone-7"));
    assert!(has_dose(s, "vitamin D3", 10.0, Unit::Mcg));
    assert_eq!(s.details().doses[1].form.as_deref(), Some("calcitriol"));
    assert_eq!(s.details().comparator.as_deref(), Some("chemotherapy only"));
    assert_eq!(s.details().findings.len(), 1, "{:?}", s.details().findings);
    assert!(s.details().findings[0].contains("early beneficial effect"));
    assert_eq!(s.nutrients, ["vitamin K2", "vitamin D3"]);
    for c in [
        "acute lymphoblastic leukemia",
        "bone mineral density",
        "osteoporosis",
    ] {
        assert!(
            s.conditions.iter().any(|x| x == c),
            "{c}: {:?}",
            s.conditions
        );
    }
    let numbers = all_numbers_text(s);
    assert!(
        !numbers.contains("90"),
        "curability rate is nobody's: {numbers}"
    );
}

#[test]
fn seed_001_gives_the_trial_the_review_and_the_cell_study() {
    let all = seeds();
    let trial = by_id(&all, "haruna-2021");
    assert_eq!(trial.design, Design::Rct);
    let c = &trial.citation;
    assert_eq!(c.authors, ["Haruna Y", "Yakushijin T", "Kawamoto S"]);
    assert_eq!(c.year, Some(2021));
    assert_eq!(c.journal.as_deref(), Some("Cancer Med"));
    assert_eq!(
        (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
        (Some("10"), Some("3"), Some("914-922"))
    );
    assert_eq!(c.doi.as_deref(), Some("10.1002/cam4.3674"));
    assert_eq!(
        trial.details().findings.len(),
        4,
        "{:?}",
        trial.details().findings
    );
    assert_eq!(
        trial.details().findings[0],
        "Increased response rate (27.3% vs 4.5%)"
    );
    assert!(trial.details().findings[3].contains("26.1 vs 9 months"));
    assert!(
        !trial.details().findings[3].contains("Haruna"),
        "in-text citation dropped"
    );
    assert_eq!(trial.details().duration.as_deref(), Some("4 years"));
    assert_eq!(
        trial.details().comparator.as_deref(),
        Some("sorafenib alone")
    );
    assert_eq!(trial.details().population.species.as_deref(), Some("human"));
    assert!(
        trial
            .details()
            .population
            .description
            .as_deref()
            .is_some_and(|d| d.contains("patients"))
    );
    assert!(
        trial
            .conditions
            .iter()
            .any(|x| x == "hepatocellular carcinoma")
    );
    assert!(trial.nutrients.iter().any(|x| x == "vitamin K2"));

    let review = by_id(&all, "xv-2018");
    assert_eq!(review.design, Design::Review);
    assert_eq!(review.citation.journal.as_deref(), Some("Oncology Letters"));
    assert_eq!(review.citation.pages.as_deref(), Some("8926-8934"));
    assert_eq!(review.details().findings.len(), 1);
    assert!(review.details().findings[0].contains("in vitro"));

    let cells = by_id(&all, "shibayama-imazu-2008");
    assert_eq!(cells.design, Design::InVitro);
    assert!(cells.details().findings.is_empty());
    assert_eq!(
        cells.citation.doi.as_deref(),
        Some("10.1016/S0083-6729(07)00010-6")
    );
    assert_eq!(cells.citation.volume.as_deref(), Some("78"));
    assert_eq!(cells.source.line, Some(18));
}

#[test]
fn seed_001_page_furniture_is_nobodys() {
    let all = seeds();
    for s in from(&all, "001_") {
        let text = serde_json::to_string(s).unwrap();
        for junk in ["1921", "76013", "817", "6083", "Pharmacy", "Cart"] {
            assert!(!text.contains(junk), "{junk} in {}", s.id);
        }
    }
}

#[test]
fn seed_002_claims_go_to_the_references_they_describe() {
    let all = seeds();
    let huang = by_id(&all, "huang-2015");
    assert_eq!(
        huang.citation.authors.iter().take(2).collect::<Vec<_>>(),
        ["Huang ZB", "Wan SL"]
    );
    assert_eq!(
        huang.citation.journal.as_deref(),
        Some("Osteoporosis International")
    );
    assert_eq!(huang.citation.pages.as_deref(), Some("1175-1186"));
    assert_eq!(
        huang.citation.doi.as_deref(),
        Some("10.1007/s00198-014-2989-6")
    );
    let yan = by_id(&all, "yan-2023");
    assert_eq!(&yan.citation.authors[2], "O'Connor C");
    assert_eq!(yan.design, Design::Review);
    assert!(yan.details().findings.is_empty());
    assert_eq!(by_id(&all, "zhang-2023").design, Design::Review);
    let knapen = by_id(&all, "knapen-2013");
    assert_eq!(&knapen.citation.authors[0], "Knapen MHJ");

    let zhou = by_id(&all, "zhou-2022");
    assert_eq!(zhou.design, Design::MetaAnalysis);
    assert_eq!(zhou.details().included_studies, Some(9));
    assert!(!zhou.details().findings.is_empty());

    let nineteen: Vec<&str> = ["huang-2015", "ma-2022"]
        .iter()
        .map(|id| by_id(&all, id))
        .filter(|s| s.details().included_studies == Some(19))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        nineteen.len(),
        1,
        "the 19-trial claim goes to one meta-analysis"
    );

    assert_eq!(
        knapen.details().doses.len(),
        1,
        "{:?}",
        knapen.details().doses
    );
    let d = &knapen.details().doses[0];
    assert_eq!((d.amount, d.unit), (180.0, Unit::Mcg));
    assert_eq!(d.nutrient.as_deref(), Some("vitamin K2"));
    assert_eq!(d.form.as_deref(), Some("MK-7"));
    assert_eq!(d.per.as_deref(), Some("day"));
    assert_eq!(knapen.details().comparator.as_deref(), Some("placebo"));
    assert_eq!(
        knapen.details().duration.as_deref(),
        Some("two to three years")
    );
    assert_eq!(knapen.details().population.sex, Some(Sex::Female));

    let shiraki = by_id(&all, "shiraki-2000");
    assert!(has_dose(shiraki, "vitamin K2", 45.0, Unit::Mg));
    assert_eq!(shiraki.details().doses.len(), 1);
    assert!(shiraki.details().findings[0].contains("lumbar bone mineral density"));
}

#[test]
fn seed_002_a_doctors_recommendation_is_nobodys_dose() {
    let all = seeds();
    for s in from(&all, "002_") {
        assert!(
            s.details()
                .doses
                .iter()
                .all(|d| (d.amount - 1500.0).abs() > 0.5 && (d.amount - 2000.0).abs() > 0.5),
            "{}: {:?}",
            s.id,
            s.details().doses
        );
        assert_eq!(
            s.source.headline.as_deref(),
            Some("Vitamin K2: The Director of Calcium")
        );
    }
}

#[test]
fn seed_003_is_the_narrative_review_of_its_reference_block() {
    let all = seeds();
    let s = by_id(&all, "pmid-32972636");
    assert_eq!(
        s.title,
        "Calcium, vitamin D, vitamin K2, and magnesium supplementation and skeletal health"
    );
    assert_eq!(s.design, Design::Review);
    assert_eq!(s.citation.year, Some(2020));
    assert_eq!(s.citation.pmid.as_deref(), Some("32972636"));
    assert_eq!(s.citation.journal, None);
    assert_eq!(s.details().population.n, None);
    assert!(s.details().doses.is_empty());
    assert_eq!(
        s.nutrients,
        ["vitamin K2", "calcium", "vitamin D", "magnesium"]
    );
    assert!(s.conditions.iter().any(|c| c == "osteoporosis"));
    assert!(s.conditions.iter().any(|c| c == "fracture"));
    assert!(
        s.details().findings.len() >= 3,
        "{:?}",
        s.details().findings
    );
    assert!(s.details().findings.iter().any(|f| f.contains("fracture")));
    assert!(
        s.details()
            .findings
            .iter()
            .any(|f| f.contains("calcium alone is not recommended")),
        "the key finding: {:?}",
        s.details().findings
    );
    for f in &s.details().findings {
        assert!(
            !f.contains("Talk to your doctor") && !f.contains("Consider a combo"),
            "{f}"
        );
    }
}

#[test]
fn seed_004_is_the_rat_study_of_its_reference_line() {
    let all = seeds();
    let s = by_id(&all, "zhang-2016");
    assert_eq!(
        s.citation.authors,
        ["Zhang Y", "Yin J", "Ding H", "Zhang C", "Gao YS"]
    );
    assert_eq!(s.citation.year, Some(2016));
    assert_eq!(s.citation.journal.as_deref(), Some("Int. J. Biol. Sci."));
    assert_eq!(s.citation.volume.as_deref(), Some("12"));
    assert_eq!(s.design, Design::Animal);
    assert_eq!(s.details().population.species.as_deref(), Some("rat"));
    assert!(
        s.details()
            .findings
            .iter()
            .any(|f| f.contains("protected endothelial cells"))
    );
    assert!(s.details().findings.iter().any(|f| f.contains("migration")));
    assert!(
        s.details()
            .findings
            .iter()
            .any(|f| f.contains("femoral head of GC-treated rats"))
    );
    for c in [
        "osteonecrosis of the femoral head",
        "glucocorticoid-induced bone loss",
        "vascular health",
    ] {
        assert!(
            s.conditions.iter().any(|x| x == c),
            "{c}: {:?}",
            s.conditions
        );
    }
    assert!(
        !all_numbers_text(s).contains("40"),
        "a quoted person's number"
    );
}
