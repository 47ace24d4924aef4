//! `show --explain`: every value a reader extracted, beside the sentence it
//! was read in, for an article and for an exported abstract.

mod common;

use common::{file_in_temp, stderr, vitascope};

fn only_id(path: &str) -> String {
    let o = vitascope(&["list", path, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list[0]["id"].as_str().unwrap().to_string()
}

const ARTICLE: &str = "Chromium and blood sugar\n\nA small trial tested chromium picolinate.\n\nIn the randomized, placebo-controlled trial, 58 adults with prediabetes took 500 mcg chromium daily for 16 weeks. Fasting glucose fell by 8% compared with placebo.\n\nReference: Ortega L, Pinto R. Chromium picolinate in prediabetes. J Trace Elem Stud. 2019;12(3):45-52.\n";

#[test]
fn an_article_study_shows_each_value_with_its_sentence() {
    let (_dir, path) = file_in_temp("chromium.txt", ARTICLE);
    let path = path.to_str().unwrap();
    let id = only_id(path);
    let o = vitascope(&["show", &id, path, "--explain"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let trial = "“In the randomized, placebo-controlled trial, 58 adults with prediabetes took 500 mcg chromium daily for 16 weeks.”";
    for (field, value) in [
        ("population.n", "58"),
        ("doses[0]", "500 mcg chromium daily"),
        ("duration", "16 weeks"),
    ] {
        let line = format!("  {field} = {value}\n      {trial}");
        assert!(text.contains(&line), "{line}\nnot in\n{text}");
    }

    let o = vitascope(&["show", &id, path, "--explain", "--format", "json"]);
    assert!(o.status.success());
    let record: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = &record["evidence"]["population.n"];
    assert_eq!(n["value"], "58");
    assert!(
        n["text"]
            .as_str()
            .unwrap()
            .contains("58 adults with prediabetes")
    );
    // the record itself is unchanged by explaining it
    assert_eq!(record["population"]["n"], 58);
}

#[test]
fn an_exported_abstract_is_explained_from_its_text() {
    let (_dir, path) = file_in_temp(
        "one.nbib",
        "PMID- 123\nTI  - Lutein and visual contrast.\nAB  - Eighty-two office workers were randomized to lutein 10 mg/day\n      or placebo for 12 months. Contrast sensitivity improved.\nDP  - 2018\n\n",
    );
    let path = path.to_str().unwrap();
    let id = only_id(path);
    let o = vitascope(&["show", &id, path, "--explain", "--format", "json"]);
    assert!(o.status.success());
    let record: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let evidence = &record["evidence"];
    assert_eq!(evidence["population.n"]["value"], "82", "{evidence}");
    assert_eq!(evidence["duration"]["value"], "12 months", "{evidence}");
    assert!(
        evidence["duration"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Eighty-two office workers were randomized"),
        "{evidence}"
    );
}
