//! What the nutrient and condition pickers list: the names studies carry,
//! as a tree under their parents, grouped by category, each counted with
//! the studies of the names below it; names the vocabulary does not hold
//! (a dose's substance as written, a name from a user's export) in a group
//! of their own, so nothing a study gave is unfindable.
//!
//! Not drawn here: the browser's picker turns each group into a heading
//! and each row into a line indented by its `depth` (wiring it in is left
//! to the browser's own overlay).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::store::Store;
use crate::vocabulary::{Kind, Vocabulary};

/// The group of names the vocabulary does not hold.
pub const NOT_IN_VOCABULARY: &str = "not in the vocabulary";

/// Names of one category (or [`NOT_IN_VOCABULARY`]), as picker rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerGroup {
    pub title: String,
    pub rows: Vec<PickerRow>,
}

/// A name, how deep it sits below its group's top names (0 for a top
/// name), and the studies it takes in (its own and its descendants', each
/// study once): what choosing it filters to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerRow {
    pub name: String,
    pub depth: usize,
    pub count: usize,
}

/// The picker's groups for `kind` over `store`: the categories in
/// alphabetical order ("other" for names without one), then
/// [`NOT_IN_VOCABULARY`]. A group lists each top name (one whose parent no
/// study reaches) with its children after it, one level deeper, each level
/// by count (most first) and then name. A name is in its top name's group.
#[must_use]
pub fn picker_groups(store: &Store, kind: Kind, vocab: &Vocabulary) -> Vec<PickerGroup> {
    let counts: HashMap<String, usize> = super::facet_counts_in(store, kind, vocab)
        .into_iter()
        .collect();
    let by_count = |names: &mut Vec<&str>| {
        names.sort_by(|a, b| counts[*b].cmp(&counts[*a]).then_with(|| a.cmp(b)));
    };
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut tops: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut open: Vec<&str> = Vec::new();
    for name in counts.keys().map(String::as_str) {
        if !vocab.contains(kind, name) {
            open.push(name);
            continue;
        }
        if let Some(parent) = vocab.parent(kind, name).filter(|p| counts.contains_key(*p)) {
            children.entry(parent).or_default().push(name);
        } else {
            let group = vocab.category(kind, name).unwrap_or("other");
            tops.entry(group).or_default().push(name);
        }
    }
    for list in children.values_mut() {
        by_count(list);
    }
    let mut groups = Vec::new();
    for (title, mut names) in tops {
        by_count(&mut names);
        let mut rows = Vec::new();
        let mut shown = HashSet::new();
        for name in names {
            push_tree(name, 0, &children, &counts, &mut shown, &mut rows);
        }
        groups.push(PickerGroup {
            title: title.to_string(),
            rows,
        });
    }
    if !open.is_empty() {
        by_count(&mut open);
        groups.push(PickerGroup {
            title: NOT_IN_VOCABULARY.to_string(),
            rows: open
                .into_iter()
                .map(|name| PickerRow {
                    name: name.to_string(),
                    depth: 0,
                    count: counts[name],
                })
                .collect(),
        });
    }
    groups
}

/// `name`'s row and, below it, its children's (a name met again, as a
/// cycle in a user's file would make, is not followed).
fn push_tree<'a>(
    name: &'a str,
    depth: usize,
    children: &HashMap<&'a str, Vec<&'a str>>,
    counts: &HashMap<String, usize>,
    shown: &mut HashSet<&'a str>,
    rows: &mut Vec<PickerRow>,
) {
    if !shown.insert(name) {
        return;
    }
    rows.push(PickerRow {
        name: name.to_string(),
        depth,
        count: counts[name],
    });
    for &child in children.get(name).into_iter().flatten() {
        push_tree(child, depth + 1, children, counts, shown, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Study;

    fn study(nutrients: &[&str]) -> Study {
        Study {
            title: format!("A study of {}", nutrients.join(" and ")),
            nutrients: nutrients.iter().map(|n| (*n).into()).collect(),
            ..Study::default()
        }
    }

    fn rows(groups: &[PickerGroup], title: &str) -> Vec<(String, usize, usize)> {
        groups
            .iter()
            .find(|g| g.title == title)
            .map(|g| {
                g.rows
                    .iter()
                    .map(|r| (r.name.clone(), r.depth, r.count))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn names_sit_under_their_parents_with_counts_that_include_them() {
        let v = Vocabulary::builtin();
        let store = Store::new(vec![
            study(&["vitamin D3"]),
            study(&["vitamin D3", "vitamin D"]),
            study(&["vitamin D2"]),
            study(&["zinc"]),
        ]);
        let groups = picker_groups(&store, Kind::Nutrient, &v);
        let vitamins = rows(&groups, "vitamin");
        assert_eq!(vitamins[0], ("vitamin D".to_string(), 0, 3));
        assert_eq!(vitamins[1], ("vitamin D3".to_string(), 1, 2));
        assert_eq!(vitamins[2], ("vitamin D2".to_string(), 1, 1));
        assert_eq!(rows(&groups, "mineral"), [("zinc".to_string(), 0, 1)]);
        assert!(groups.iter().all(|g| g.title != NOT_IN_VOCABULARY));
    }

    #[test]
    fn open_names_are_listed_apart() {
        let v = Vocabulary::builtin();
        let store = Store::new(vec![
            study(&["ashwagandha root", "zinc"]),
            study(&["ashwagandha root"]),
            study(&["black seed oil"]),
        ]);
        let groups = picker_groups(&store, Kind::Nutrient, &v);
        let last = groups.last().unwrap();
        assert_eq!(last.title, NOT_IN_VOCABULARY);
        assert_eq!(
            rows(&groups, NOT_IN_VOCABULARY),
            [
                ("ashwagandha root".to_string(), 0, 2),
                ("black seed oil".to_string(), 0, 1)
            ]
        );
        assert_eq!(rows(&groups, "mineral"), [("zinc".to_string(), 0, 1)]);
    }

    #[test]
    fn substances_doses_give_outside_the_vocabulary_are_listed_apart() {
        let v = Vocabulary::builtin();
        let mut dosed = study(&["zinc"]);
        dosed.details = crate::study::Details {
            doses: vec![crate::study::Dose {
                nutrient: Some("moonseed husk".into()),
                form: None,
                amount: 2.0,
                unit: crate::study::Unit::G,
                per: Some("day".into()),
                text: "2 g of moonseed husk a day".into(),
            }],
            ..crate::study::Details::default()
        }
        .into();
        let store = Store::new(vec![dosed, study(&["zinc"])]);
        let groups = picker_groups(&store, Kind::Nutrient, &v);
        assert_eq!(
            rows(&groups, NOT_IN_VOCABULARY),
            [("moonseed husk".to_string(), 0, 1)]
        );
        assert_eq!(rows(&groups, "mineral"), [("zinc".to_string(), 0, 2)]);
        // choosing it filters to the study dosed with it
        let mut facets = crate::filter::Facets::default();
        facets.nutrients.insert("moonseed husk".into());
        let hits = crate::filter::search(&store, &crate::query::Query::default(), &facets);
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn groups_come_in_alphabetical_order_and_an_empty_store_has_none() {
        let v = Vocabulary::builtin();
        let store = Store::new(vec![study(&["zinc", "vitamin C", "caffeine"])]);
        let titles: Vec<String> = picker_groups(&store, Kind::Nutrient, &v)
            .into_iter()
            .map(|g| g.title)
            .collect();
        let mut sorted = titles.clone();
        sorted.sort();
        assert_eq!(titles, sorted);
        assert_eq!(titles.len(), 3, "{titles:?}");
        assert!(picker_groups(&Store::new(Vec::new()), Kind::Condition, &v).is_empty());
    }
}
