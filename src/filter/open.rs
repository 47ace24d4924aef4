//! Names of substances the vocabulary does not hold, as doses give them.
//!
//! A dose of a substance the vocabulary lacks keeps the substance as
//! written (`glowberry peel`), while the record's `nutrients` holds
//! vocabulary names only (see SCHEMA.md). So that such a study is still
//! findable by what it gave, the nutrient filter also takes a study one of
//! whose doses is of the name asked for.
//!
//! A bibliographic record's details are read from its text on first use
//! (extraction costs far more than loading), so a record is read only when
//! its title or abstract holds the name's first word as a whole word: the
//! substance is named with the text's own words. A name that is the start
//! of a vocabulary name (`vit`, a name still being typed) is never looked
//! for in doses: every abstract would be read.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use crate::store::{Idx, Store};
use crate::study::Study;
use crate::vocabulary::{Kind, Vocabulary};

/// A name looked for among doses: a study holds it when one of its doses
/// is of `name` or of a name that goes on from it with more words
/// (`glowberry` takes in `glowberry peel`), case aside.
pub(crate) struct OpenName {
    name: String,
    first_word: AhoCorasick,
    /// The first word has letters other than ASCII ones, which the quick
    /// look at the text may miss in another case: every study is read.
    read_all: bool,
}

impl OpenName {
    /// The name as looked for, or `None` for names the vocabulary answers:
    /// conditions (doses carry nutrients only), names the vocabulary holds
    /// and the starts of its names, and names of fewer than three letters.
    pub(crate) fn new(vocab: &Vocabulary, kind: Kind, name: &str) -> Option<OpenName> {
        let name = name.trim().to_lowercase();
        if kind != Kind::Nutrient
            || name.chars().filter(|c| c.is_alphanumeric()).count() < 3
            || vocab.resolve(kind, &name).is_some()
            || vocab
                .names(kind)
                .any(|n| n.to_lowercase().starts_with(&name))
        {
            return None;
        }
        let first = name.split_whitespace().next()?.to_string();
        let first_word = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build([&first])
            .ok()?;
        Some(OpenName {
            read_all: !first.is_ascii(),
            name,
            first_word,
        })
    }

    /// Whether one of the study's doses is of this name (reading the
    /// study's details if its text may name it).
    pub(crate) fn holds(&self, s: &Study) -> bool {
        if !s.details.is_read() && !self.read_all && !self.in_text(s) {
            return false;
        }
        s.details().doses.iter().any(|d| {
            d.nutrient.as_deref().is_some_and(|n| {
                let n = n.to_lowercase();
                n.strip_prefix(self.name.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
        })
    }

    /// Studies of the store that hold the name, sorted.
    pub(crate) fn studies(&self, store: &Store) -> Vec<Idx> {
        (0..)
            .zip(store.studies())
            .filter(|(_, s)| self.holds(s))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the study's title or abstract holds the first word whole.
    fn in_text(&self, s: &Study) -> bool {
        std::iter::once(s.title.as_str())
            .chain(s.abstract_text.as_deref())
            .any(|text| {
                self.first_word
                    .find_iter(text)
                    .any(|m| whole_word(text, m.start(), m.end()))
            })
    }
}

/// Whether `text[start..end]` is neither preceded nor followed by a letter
/// or digit.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The name a `--nutrient` or picker choice stands for when the vocabulary
/// does not hold it: the name, lower case, when some study of `store` has
/// a dose of it.
#[must_use]
pub fn open_name(store: &Store, kind: Kind, name: &str) -> Option<String> {
    let open = OpenName::new(Vocabulary::get(), kind, name)?;
    store
        .studies()
        .iter()
        .any(|s| open.holds(s))
        .then_some(open.name)
}

/// Each name doses give that the vocabulary does not hold, with the
/// studies (sorted) that have a dose of it, among studies whose details
/// are read: what the picker adds to the names studies carry.
pub(crate) fn dose_names(store: &Store, vocab: &Vocabulary) -> Vec<(String, Vec<Idx>)> {
    let mut by_name: std::collections::BTreeMap<String, Vec<Idx>> =
        std::collections::BTreeMap::new();
    for (i, s) in (0..).zip(store.studies()) {
        if !s.details.is_read() {
            continue;
        }
        for n in s
            .details()
            .doses
            .iter()
            .filter_map(|d| d.nutrient.as_deref())
        {
            if vocab.contains(Kind::Nutrient, n) {
                continue;
            }
            let ids = by_name.entry(n.to_lowercase()).or_default();
            if ids.last() != Some(&i) {
                ids.push(i);
            }
        }
    }
    by_name.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::{Details, Dose, Unit};

    fn dosed(title: &str, substance: &str) -> Study {
        Study {
            title: title.into(),
            details: Details {
                doses: vec![Dose {
                    nutrient: Some(substance.into()),
                    form: None,
                    amount: 300.0,
                    unit: Unit::Mg,
                    per: None,
                    text: format!("300 mg of {substance}"),
                }],
                ..Details::default()
            }
            .into(),
            ..Study::default()
        }
    }

    #[test]
    fn a_dose_of_an_unlisted_substance_is_found_by_its_name() {
        let v = Vocabulary::builtin();
        let open = OpenName::new(&v, Kind::Nutrient, "Glowberry Peel").unwrap();
        assert!(open.holds(&dosed("Rowers", "glowberry peel")));
        // its first words take it in, other words do not
        let first = OpenName::new(&v, Kind::Nutrient, "glowberry").unwrap();
        assert!(first.holds(&dosed("Rowers", "glowberry peel")));
        let part = OpenName::new(&v, Kind::Nutrient, "glowber").unwrap();
        assert!(!part.holds(&dosed("Rowers", "glowberry peel")));
        let other = OpenName::new(&v, Kind::Nutrient, "peel").unwrap();
        assert!(!other.holds(&dosed("Rowers", "glowberry peel")));
    }

    #[test]
    fn names_the_vocabulary_answers_are_not_looked_for_in_doses() {
        let v = Vocabulary::builtin();
        for name in ["zinc", "mk-7", "vit", "zn", "Vitamin"] {
            assert!(OpenName::new(&v, Kind::Nutrient, name).is_none(), "{name}");
        }
        assert!(OpenName::new(&v, Kind::Condition, "glowberry").is_none());
    }

    #[test]
    fn an_unread_record_whose_text_lacks_the_word_is_not_read() {
        let v = Vocabulary::builtin();
        let open = OpenName::new(&v, Kind::Nutrient, "glowberry").unwrap();
        let read = |_: &Study, _: Option<&'static str>| -> Details {
            panic!("a record whose text lacks the name was read")
        };
        let s = Study {
            title: "Glowberries and sleep".into(),
            abstract_text: Some("We gave 300 mg of moonseed extract daily.".into()),
            details: crate::study::LazyDetails::deferred(crate::study::Deferred {
                read,
                hint: None,
            }),
            ..Study::default()
        };
        assert!(!open.holds(&s));
    }

    #[test]
    fn unlisted_dose_names_are_collected_with_their_studies() {
        let v = Vocabulary::builtin();
        let store = Store::new(vec![
            dosed("First rowing trial", "glowberry peel"),
            dosed("Zinc and rowers", "zinc"),
            dosed("Second rowing trial", "Glowberry peel"),
        ]);
        let names = dose_names(&store, &v);
        assert_eq!(names.len(), 1, "{names:?}");
        assert_eq!(names[0].0, "glowberry peel");
        assert_eq!(names[0].1.len(), 2);
        assert_eq!(
            open_name(&store, Kind::Nutrient, "GLOWBERRY PEEL").as_deref(),
            Some("glowberry peel")
        );
        assert_eq!(open_name(&store, Kind::Nutrient, "moonseed"), None);
    }
}
