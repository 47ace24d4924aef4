//! A dose of a substance the vocabulary lacks keeps the substance as
//! written; the nutrient filter finds the study by that name, from the
//! command line and in the query language, while `nutrients` keeps
//! vocabulary names only.

mod common;

use common::{file_in_temp, stderr, stdout, vitascope};

/// A MEDLINE export of two abstracts: one dosed with an invented
/// substance, one with zinc.
const EXPORT: &str = "PMID- 90000001
TI  - Glowberry peel and recovery in rowers: a randomized trial.
AB  - In this randomized trial, 60 rowers took 300 mg of glowberry peel or
      placebo each day for 8 weeks. Recovery was faster with glowberry peel.
AU  - Tamsin Q
DP  - 2021

PMID- 90000002
TI  - Zinc lozenges and colds in office workers: a randomized trial.
AB  - In this randomized trial, 80 adults took 13 mg zinc lozenges or placebo
      every day for 12 weeks. Colds were shorter with zinc.
AU  - Orvel K
DP  - 2020
";

fn ids(args: &[&str]) -> Vec<String> {
    let (_dir, path) = file_in_temp("rowers.nbib", EXPORT);
    let mut all = vec!["list", path.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    let o = vitascope(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let records: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    records
        .iter()
        .map(|r| {
            r["citation"]["pmid"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn a_study_is_found_by_the_unlisted_substance_of_its_dose() {
    assert_eq!(ids(&["--nutrient", "glowberry peel"]), ["90000001"]);
    assert_eq!(ids(&["--nutrient", "Glowberry Peel"]), ["90000001"]);
    assert_eq!(ids(&["--query", "n:glowberry"]), ["90000001"]);
    assert_eq!(ids(&["--query", "n:\"glowberry peel\""]), ["90000001"]);
    assert_eq!(ids(&["--query=-n:glowberry"]), ["90000002"]);
    assert_eq!(ids(&["--query", "n:zinc"]), ["90000002"]);
    // a name no dose gives matches nothing, and `--nutrient` says so
    assert!(ids(&["--query", "n:moonseed"]).is_empty());
    let (_dir, path) = file_in_temp("rowers.nbib", EXPORT);
    let o = vitascope(&["list", path.to_str().unwrap(), "--nutrient", "moonseed"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("unknown nutrient"), "{}", stderr(&o));
}

#[test]
fn nutrients_still_hold_vocabulary_names_only() {
    let (_dir, path) = file_in_temp("rowers.nbib", EXPORT);
    let o = vitascope(&["list", path.to_str().unwrap(), "--format", "json"]);
    let records: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let rowers = records
        .iter()
        .find(|r| r["citation"]["pmid"] == "90000001")
        .unwrap();
    assert_eq!(rowers["doses"][0]["nutrient"], "glowberry peel", "{rowers}");
    let nutrients = rowers["nutrients"].as_array().unwrap();
    assert!(nutrients.iter().all(|n| n != "glowberry peel"), "{rowers}");
}
