//! Unseen-style web articles (copies under `tests/fixtures/articles/`, see
//! `/work/shared/data/articles/MANIFEST.md`): the obvious facts each states.

use vitascope::read::article;
use vitascope::study::{Design, Sex, Study, Unit};
use vitascope::vocabulary::Vocabulary;

fn read(name: &str) -> Vec<Study> {
    let path = format!(
        "{}/tests/fixtures/articles/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    article::read(&path, &text, &Vocabulary::builtin()).studies
}

fn dose(s: &Study, nutrient: &str, amount: f64, unit: Unit) -> bool {
    s.details().doses.iter().any(|d| {
        d.nutrient.as_deref() == Some(nutrient)
            && (d.amount - amount).abs() < 1e-9
            && d.unit == unit
    })
}

#[test]
fn s01_the_ref_study_and_two_numbered_references() {
    let all = read("s01_bioticsresearch_k2-protects-bone-loss-women.txt");
    assert_eq!(all.len(), 3, "{all:#?}");
    let s = &all[0];
    assert_eq!(s.citation.authors[0], *"Ronn SH");
    assert_eq!(s.citation.year, Some(2016));
    assert_eq!(
        s.citation.journal.as_deref(),
        Some("European Journal of Endocrinology")
    );
    assert_eq!(
        (
            s.citation.volume.as_deref(),
            s.citation.issue.as_deref(),
            s.citation.pages.as_deref()
        ),
        (Some("175"), Some("6"), Some("541-549"))
    );
    assert!(dose(s, "vitamin K2", 365.0, Unit::Mcg));
    assert!(dose(s, "calcium", 800.0, Unit::Mg));
    assert!(dose(s, "vitamin D", 38.0, Unit::Mcg));
    let k2 = s
        .details()
        .doses
        .iter()
        .find(|d| (d.amount - 365.0).abs() < 1e-9)
        .unwrap();
    assert_eq!(k2.form.as_deref(), Some("MK-7"));
    assert_eq!(k2.per.as_deref(), Some("day"));
    assert_eq!(s.details().duration.as_deref(), Some("12 months"));
    assert_eq!(s.details().population.n, None, "no n in the excerpt");
    assert!(s.details().findings.iter().any(|f| f.contains("-72.3%")));
    assert_eq!(all[1].citation.authors[0], *"Szulc P");
    assert_eq!(all[1].citation.doi.as_deref(), Some("10.1172/JCI116387"));
    assert_eq!(all[1].citation.pages.as_deref(), Some("1769-1774"));
    assert!(all[1].details().findings.is_empty());
    assert_eq!(all[2].citation.authors[0], *"Booth SL");
    assert_eq!(all[2].citation.year, Some(2000));
    assert_eq!(all[2].citation.volume.as_deref(), Some("71"));
}

#[test]
fn s02_three_arms_adults_aged_45_65_for_42_days() {
    let all = read("s02_nutritionaloutlook_k2-mk7-yogurt-vs-supplements.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(
        (
            s.details().population.age_min,
            s.details().population.age_max
        ),
        (Some(45.0), Some(65.0))
    );
    assert_eq!(s.details().population.sex, Some(Sex::Mixed));
    assert_eq!(s.details().population.n, None);
    assert_eq!(s.details().duration.as_deref(), Some("42 days"));
    assert_eq!(
        s.citation.journal.as_deref(),
        Some("European Journal of Clinical Nutrition")
    );
    assert!(
        s.details().doses.is_empty(),
        "no amounts: {:?}",
        s.details().doses
    );
    assert!(s.nutrients.iter().any(|n| n == "vitamin K2"));
    assert!(
        s.details()
            .findings
            .iter()
            .all(|f| !f.contains("safe and effective")),
        "a company's remark is not a finding"
    );
}

#[test]
fn s03_fish_oil_doses_and_the_authors_line() {
    let all = read("s03_shaklee_omega3-fish-oils-blood-lipids.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(s.citation.authors, ["Jensen CD"]);
    assert_eq!(s.citation.year, Some(1988));
    assert_eq!(s.citation.journal.as_deref(), Some("Nutr Rep Int"));
    assert_eq!(s.citation.pages.as_deref(), Some("165-172"));
    assert_eq!(
        s.title,
        "Plasma Lipids on Three Levels of Fish Oil Intake in Healthy Human Subjects"
    );
    for g in [1.0, 3.0, 6.0] {
        assert!(
            dose(s, "omega-3", g, Unit::G),
            "{g} g: {:?}",
            s.details().doses
        );
    }
    assert_eq!(s.details().duration.as_deref(), Some("4 weeks"));
}

#[test]
fn s04_planned_trial_in_750_toddlers() {
    let all = read("s04_vitamindcouncil_doit-trial-toddlers.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(s.design, Design::Rct);
    assert_eq!(s.details().population.n, Some(750));
    assert_eq!(
        (
            s.details().population.age_min,
            s.details().population.age_max
        ),
        (Some(1.0), Some(5.0))
    );
    assert!(dose(s, "vitamin D", 400.0, Unit::Iu));
    assert!(dose(s, "vitamin D", 2000.0, Unit::Iu));
    assert!(
        s.details()
            .doses
            .iter()
            .all(|d| d.per.as_deref() == Some("day"))
    );
    assert_eq!(s.details().duration.as_deref(), Some("4 months"));
    assert!(
        s.details().findings.is_empty(),
        "no results yet: {:?}",
        s.details().findings
    );
    assert_eq!(
        s.source.headline.as_deref(),
        Some(
            "New study underway on vitamin D supplementation and respiratory infection in toddlers"
        )
    );
}

#[test]
fn s05_one_page_describing_several_studies_gives_one_record_each() {
    let all = read("s05_omicron_k2-vital-role-childrens-health.txt");
    let counted: Vec<(Option<u32>, Option<f32>, Option<f32>)> = all
        .iter()
        .map(|s| {
            (
                s.details().population.n,
                s.details().population.age_min,
                s.details().population.age_max,
            )
        })
        .collect();
    assert!(
        counted.contains(&(Some(223), Some(11.0), Some(12.0))),
        "{counted:?}"
    );
    assert!(
        counted.contains(&(Some(245), Some(3.0), Some(16.0))),
        "{counted:?}"
    );
    let four_years = all
        .iter()
        .find(|s| s.details().population.n == Some(245))
        .unwrap();
    assert_eq!(four_years.details().duration.as_deref(), Some("4 years"));
    assert_eq!(four_years.details().population.sex, Some(Sex::Female));
    let pilot = all
        .iter()
        .find(|s| dose(s, "vitamin K2", 50.0, Unit::Mcg))
        .expect("the pilot study's dose");
    assert!(dose(pilot, "vitamin D3", 5.0, Unit::Mcg));
    assert_eq!(pilot.details().population.n, None);
    assert!(
        all.iter()
            .all(|s| s.source.headline.as_deref() == Some("Vital Role in children's health"))
    );
}

#[test]
fn s06_weekly_dose_with_a_space_as_thousands_separator() {
    let all = read("s06_ciplamed_vitd-school-aged-children.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert!(
        dose(s, "vitamin D3", 14000.0, Unit::Iu),
        "{:?}",
        s.details().doses
    );
    assert_eq!(s.details().doses[0].per.as_deref(), Some("week"));
    assert_eq!(s.details().duration.as_deref(), Some("3 years"));
    assert_eq!(s.details().population.n, None);
}

#[test]
fn s07_meta_analysis_of_40_trials() {
    let all = read("s07_savingseafood_omega3-heart-health-meta-analysis.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(s.design, Design::MetaAnalysis);
    assert_eq!(s.details().included_studies, Some(40));
    assert_eq!(
        s.citation.journal.as_deref(),
        Some("Mayo Clinic Proceedings")
    );
    assert!(s.details().doses.is_empty());
    assert!(s.nutrients.iter().any(|n| n == "omega-3"));
    assert!(s.conditions.iter().any(|c| c == "cardiovascular disease"));
}

#[test]
fn html_pages_read_like_their_text() {
    let page = "<!DOCTYPE html><html><head><title>Zinc and colds | Site</title><script>var n = 555;</script></head><body><h1>Zinc and colds</h1><p>In this randomized trial, 84 adults aged 20&ndash;50 took 30&nbsp;mg zinc daily for 8 weeks.</p><p>Zinc shortened colds (3.1 vs 4.4 days, p &lt; 0.05).</p><div>Shopping Cart</div></body></html>";
    let all = article::read("page.html", page, &Vocabulary::builtin()).studies;
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(s.source.headline.as_deref(), Some("Zinc and colds"));
    assert_eq!(s.design, Design::Rct);
    assert_eq!(s.details().population.n, Some(84));
    assert_eq!(
        (
            s.details().population.age_min,
            s.details().population.age_max
        ),
        (Some(20.0), Some(50.0))
    );
    assert!(dose(s, "zinc", 30.0, Unit::Mg));
    assert_eq!(s.details().duration.as_deref(), Some("8 weeks"));
    assert!(
        s.details()
            .findings
            .iter()
            .any(|f| f.contains("3.1 vs 4.4 days"))
    );
    assert!(!serde_json::to_string(s).unwrap().contains("555"));
}

#[test]
fn nothing_panics_on_odd_input() {
    let v = Vocabulary::builtin();
    for text in [
        "",
        "\n\n\n",
        "µµµ “”’ 10 µg",
        "(((((( [1] 2021. doi:10.",
        "Reference:",
        "Original Study Reference\n",
        "Smith, J. (2020",
        "a\u{0}b\u{202E}c 5 mg",
        "<html><p>&#xFFFFFF; &#0; <</p></html>",
        "Ünïcödé Ärticle\n\nÄ study of 12 wömen aged 3–4 took 5 µg.",
    ] {
        let _ = article::read("odd.txt", text, &v);
        let _ = vitascope::extract::analyse(text, &v);
    }
}

#[test]
fn markdown_with_numbered_and_author_year_citations() {
    // written for this test: Markdown, "(Surname et al., year)" and "[n]"
    // citations, a numbered NLM list, and a doctor's quoted advice
    let all = read("own_markdown_numbered_refs.md");
    let ids: Vec<&str> = all.iter().map(|s| &s.citation.authors[0]).collect();
    assert_eq!(ids, ["Abbasi B", "Rondanelli M", "Mah J"]);
    let trial = &all[0];
    assert_eq!(trial.design, Design::ControlledTrial);
    assert_eq!(trial.details().population.n, Some(46));
    assert!(dose(trial, "magnesium", 500.0, Unit::Mg));
    assert_eq!(trial.details().doses[0].per.as_deref(), Some("day"));
    assert_eq!(trial.details().duration.as_deref(), Some("8 weeks"));
    assert_eq!(trial.details().comparator.as_deref(), Some("placebo"));
    assert_eq!(
        trial.source.headline.as_deref(),
        Some("Magnesium and Sleep: What the Evidence Says")
    );
    assert_eq!(all[1].details().findings.len(), 1);
    assert!(!all[1].details().findings[0].contains("[2]"));
    assert_eq!(all[2].design, Design::MetaAnalysis);
    assert_eq!(all[2].details().included_studies, Some(3));
    assert!(all.iter().all(|s| !dose(s, "magnesium", 400.0, Unit::Mg)));
}

#[test]
fn news_page_furniture_prices_phones_and_quoted_advice_are_nobodys() {
    // written for this test: a news page around one trial with no reference
    let all = read("own_news_with_furniture.txt");
    assert_eq!(all.len(), 1);
    let s = &all[0];
    assert_eq!(
        s.source.headline.as_deref(),
        Some("Fish Oil May Cut Heart Attack Risk, Large Trial Finds")
    );
    assert_eq!(s.design, Design::Rct);
    assert_eq!(s.details().population.n, Some(25871));
    assert_eq!(s.details().population.age_min, Some(50.0));
    assert_eq!(s.details().doses.len(), 1, "{:?}", s.details().doses);
    assert!(dose(s, "omega-3", 1.0, Unit::G));
    assert_eq!(s.details().comparator.as_deref(), Some("placebo"));
    assert_eq!(s.details().duration.as_deref(), Some("5.3 years"));
    assert!(
        s.details()
            .findings
            .iter()
            .any(|f| f.contains("28% lower risk"))
    );
    let json = serde_json::to_string(s).unwrap();
    for junk in ["2,000", "2000", "19.99", "120", "555", "62701", "123 Main"] {
        assert!(!json.contains(junk), "{junk}: {json}");
    }
}

#[test]
fn an_unreadable_reference_list_entry_is_reported_with_its_line() {
    let text = "Zinc and colds\n\nA randomized trial of 80 adults found that zinc shortened colds (p < 0.05).\n\nReferences\n\nBerg, A. (2019). Zinc and colds: a randomized trial. Journal of Colds, 3(1), 1-9.\nSee our zinc products page for more.\n";
    let parsed = article::read("z.txt", text, &Vocabulary::builtin());
    assert_eq!(parsed.studies.len(), 1);
    assert_eq!(parsed.studies[0].citation.authors, ["Berg A"]);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].line, Some(8));
}

/// A blog post that cites studies only in its prose, by author and year,
/// some of them mid-sentence: each cited study is a record of its own with
/// what the post says of it, and none takes another's claim.
#[test]
fn studies_cited_only_in_prose_are_each_a_record() {
    let text = "# Iron and the brain\n\nIron is a common mineral.\n\nOne trial gave iron to tired students and found better recall. Brown et al (2019). Another study showed less decline in those short of sleep Green et al (2003), another that low brain iron went with memory loss in Alzheimer's disease White et al (2003), and, in older adults, Black JR et al (2007) found better grip strength over a 14 day period in men and women aged 64-68 years.\n";
    let all = article::read("post.md", text, &Vocabulary::builtin()).studies;
    let by = |surname: &str, year: i32| {
        all.iter()
            .find(|s| s.citation.authors.first() == Some(surname) && s.citation.year == Some(year))
            .unwrap_or_else(|| panic!("{surname} {year} in {all:#?}"))
    };
    assert!(by("Brown", 2019).title.contains("recall"));
    assert!(by("Green", 2003).title.contains("sleep"));
    assert!(by("White", 2003).title.contains("memory"));
    let black = by("Black", 2007);
    assert_eq!(black.details().duration.as_deref(), Some("14 day"));
    assert_eq!(
        (
            black.details().population.age_min,
            black.details().population.age_max
        ),
        (Some(64.0), Some(68.0))
    );
}

#[test]
fn a_dose_that_names_nothing_is_of_the_nutrient_the_account_names_first() {
    let text = "Vitamin K and bones\n\nA review of 12 trials in 9,000 adults found that those taking 300 mcg or more had fewer fractures than those taking 50 mcg or less.\n";
    let all = article::read("inline.txt", text, &Vocabulary::builtin()).studies;
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        dose(&all[0], "vitamin K", 300.0, Unit::Mcg),
        "{:?}",
        all[0].details().doses
    );
    assert!(dose(&all[0], "vitamin K", 50.0, Unit::Mcg));
}
