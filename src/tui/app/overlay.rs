//! What opens over the panes, one at a time: a picker, the export prompt,
//! the help, the load problems, or the question of what to copy. One enum,
//! so two can never be open at once and the mode follows from it.

use std::collections::BTreeSet;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::FacetKind;
use crate::filter::PickerGroup;
use crate::tui::line::LineEdit;

/// The one thing open over the panes, if any.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    /// Nutrients or conditions to pick from.
    Picker(Picker),
    /// The export's file name, then perhaps the overwrite question.
    Prompt(Prompt),
    /// Every key, scrolled to this line.
    Help { scroll: u16 },
    /// The problems met while loading.
    Problems,
    /// `Y` asks what to copy.
    CopyAsk,
}

impl Overlay {
    #[must_use]
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }

    #[must_use]
    pub fn picker(&self) -> Option<&Picker> {
        match self {
            Overlay::Picker(p) => Some(p),
            _ => None,
        }
    }

    #[must_use]
    pub fn prompt(&self) -> Option<&Prompt> {
        match self {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }
}

/// One row of a picker: a name and its study count. Rows are a plain list
/// so that a grouped picker can put headers and indented names in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerRow {
    pub label: String,
    /// Studies that name it (or a name below it).
    pub count: usize,
    /// How far in it is drawn (0: not indented).
    pub depth: u8,
    /// A group's title: drawn, never marked or matched.
    pub header: bool,
}

impl PickerRow {
    /// A name at the top level.
    #[must_use]
    pub fn name(label: String, count: usize) -> PickerRow {
        PickerRow {
            label,
            count,
            depth: 0,
            header: false,
        }
    }

    /// A group's title.
    #[must_use]
    pub fn header(label: String) -> PickerRow {
        PickerRow {
            label,
            count: 0,
            depth: 0,
            header: true,
        }
    }
}

/// A picker of nutrients or conditions, filterable as you type.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: FacetKind,
    /// Each group's header, then its names as a tree (`filter::picker_groups`).
    pub rows: Vec<PickerRow>,
    pub query: LineEdit,
    /// Position in `visible()`; always a name while any is shown.
    pub selected: usize,
    /// Names marked with space.
    pub chosen: BTreeSet<String>,
}

impl Picker {
    /// A picker over `groups`, a header above each, with the highlight on
    /// the first name.
    #[must_use]
    pub fn new(kind: FacetKind, groups: Vec<PickerGroup>, chosen: BTreeSet<String>) -> Picker {
        let mut rows = Vec::new();
        for group in groups {
            rows.push(PickerRow::header(group.title));
            rows.extend(group.rows.into_iter().map(|r| PickerRow {
                label: r.name,
                count: r.count,
                depth: u8::try_from(r.depth).unwrap_or(u8::MAX),
                header: false,
            }));
        }
        let mut picker = Picker {
            kind,
            rows,
            query: LineEdit::default(),
            selected: 0,
            chosen,
        };
        picker.refilter();
        picker
    }

    /// Indices of `rows` shown, with the char positions the query matched:
    /// every row while the query is empty, else the names that match in
    /// their places, each group's header above its first match.
    #[must_use]
    pub fn visible(&self) -> Vec<(usize, Vec<usize>)> {
        self.matches().0
    }

    /// [`Picker::visible`], and the position in it of the best match (the
    /// first name while the query is empty; ties go to the earlier row).
    fn matches(&self) -> (Vec<(usize, Vec<usize>)>, Option<usize>) {
        let query = self.query.text();
        if query.is_empty() {
            let first = self.rows.iter().position(|r| !r.header);
            return (
                (0..self.rows.len()).map(|i| (i, Vec::new())).collect(),
                first,
            );
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut shown = Vec::new();
        let mut best: Option<(i64, usize)> = None;
        let mut header = None;
        for (i, row) in self.rows.iter().enumerate() {
            if row.header {
                header = Some(i);
                continue;
            }
            let Some((score, idx)) = matcher.fuzzy_indices(&row.label, query) else {
                continue;
            };
            if let Some(h) = header.take() {
                shown.push((h, Vec::new()));
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, shown.len()));
            }
            shown.push((i, idx));
        }
        (shown, best.map(|(_, at)| at))
    }

    /// After the query changed: the highlight goes to the best match.
    pub fn refilter(&mut self) {
        self.selected = self.matches().1.unwrap_or(0);
    }

    /// The name under the highlight (a header is none).
    #[must_use]
    pub fn highlighted(&self) -> Option<&str> {
        let vis = self.visible();
        let row = &self.rows[vis.get(self.selected)?.0];
        (!row.header).then_some(row.label.as_str())
    }

    /// Moves the highlight by rows within the rows shown, past headers:
    /// on in the same direction, or back the other way at an end.
    pub fn move_by(&mut self, delta: isize) {
        let vis = self.visible();
        let is_name = |at: usize| vis.get(at).is_some_and(|(i, _)| !self.rows[*i].header);
        let last = vis.len().saturating_sub(1);
        let target = self.selected.saturating_add_signed(delta).min(last);
        let forward = (target..=last).find(|&at| is_name(at));
        let back = (0..=target).rev().find(|&at| is_name(at));
        let found = if delta < 0 {
            back.or(forward)
        } else {
            forward.or(back)
        };
        self.selected = found.unwrap_or(0);
    }

    /// Moves the highlight to the first (or, `end`, the last) name shown.
    pub fn jump(&mut self, end: bool) {
        self.selected = 0;
        self.move_by(if end { isize::MAX } else { 0 });
    }

    /// Marks or unmarks the highlighted name.
    pub fn toggle(&mut self) {
        if let Some(name) = self.highlighted().map(str::to_string)
            && !self.chosen.remove(&name)
        {
            self.chosen.insert(name);
        }
    }
}

/// The export prompt: a file name being typed, then perhaps a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub input: LineEdit,
    /// Set when the file exists and the user is asked to replace it.
    pub confirm_overwrite: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::PickerRow as Row;
    use crate::tui::line::Edit;

    fn group(title: &str, names: &[(&str, usize)]) -> PickerGroup {
        PickerGroup {
            title: title.to_string(),
            rows: names
                .iter()
                .map(|&(name, depth)| Row {
                    name: name.to_string(),
                    depth,
                    count: 1,
                })
                .collect(),
        }
    }

    /// Two groups: "fruit" (apple, under it green apple; plum) and "root"
    /// (parsnip).
    fn picker() -> Picker {
        Picker::new(
            FacetKind::Nutrient,
            vec![
                group("fruit", &[("apple", 0), ("green apple", 1), ("plum", 0)]),
                group("root", &[("parsnip", 0)]),
            ],
            BTreeSet::new(),
        )
    }

    fn shown(p: &Picker) -> Vec<&str> {
        p.visible()
            .iter()
            .map(|(i, _)| p.rows[*i].label.as_str())
            .collect()
    }

    fn typed(p: &mut Picker, text: &str) {
        p.query.apply(&Edit::Insert(text.to_string()));
        p.refilter();
    }

    #[test]
    fn groups_become_headers_above_their_names_and_the_highlight_starts_on_a_name() {
        let p = picker();
        assert_eq!(
            shown(&p),
            ["fruit", "apple", "green apple", "plum", "root", "parsnip"]
        );
        assert!(p.rows[0].header && p.rows[4].header);
        assert_eq!(p.rows[2].depth, 1);
        assert_eq!(p.highlighted(), Some("apple"));
    }

    #[test]
    fn moving_skips_headers_both_ways_and_to_either_end() {
        let mut p = picker();
        p.move_by(2);
        assert_eq!(p.highlighted(), Some("plum"));
        p.move_by(1);
        assert_eq!(p.highlighted(), Some("parsnip"), "down steps over 'root'");
        p.move_by(-1);
        assert_eq!(p.highlighted(), Some("plum"), "up steps over 'root'");
        p.move_by(-10);
        assert_eq!(
            p.highlighted(),
            Some("apple"),
            "a page up stops below 'fruit'"
        );
        p.move_by(10);
        assert_eq!(p.highlighted(), Some("parsnip"));
        p.jump(false);
        assert_eq!(p.highlighted(), Some("apple"));
        p.jump(true);
        assert_eq!(p.highlighted(), Some("parsnip"));
    }

    #[test]
    fn a_header_is_never_marked() {
        let mut p = picker();
        p.selected = 0;
        assert_eq!(p.highlighted(), None);
        p.toggle();
        assert!(p.chosen.is_empty());
        p.move_by(0);
        p.toggle();
        assert_eq!(p.chosen, BTreeSet::from(["apple".to_string()]));
    }

    #[test]
    fn filtering_keeps_the_header_of_each_match_and_drops_the_rest() {
        let mut p = picker();
        typed(&mut p, "ple");
        assert_eq!(shown(&p), ["fruit", "apple", "green apple"]);
        assert_eq!(p.visible()[1].1, [2, 3, 4], "matched characters kept");
        typed(&mut p, "x");
        assert!(shown(&p).is_empty());
        p.query.apply(&Edit::Clear);
        typed(&mut p, "snip");
        assert_eq!(shown(&p), ["root", "parsnip"]);
        assert_eq!(p.highlighted(), Some("parsnip"));
    }

    #[test]
    fn the_highlight_goes_to_the_best_match_wherever_it_stands() {
        let mut p = picker();
        typed(&mut p, "p");
        assert_eq!(
            shown(&p),
            ["fruit", "apple", "green apple", "plum", "root", "parsnip"]
        );
        p.query.apply(&Edit::Clear);
        typed(&mut p, "pars");
        assert_eq!(p.highlighted(), Some("parsnip"));
        p.query.apply(&Edit::Clear);
        typed(&mut p, "gre");
        assert_eq!(p.highlighted(), Some("green apple"));
    }
}
