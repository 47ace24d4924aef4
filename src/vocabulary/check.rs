//! `vitascope vocabulary --check FILE`: what in a user's vocabulary file
//! would make the merged vocabulary ambiguous or its tree wrong, each with
//! the file's line, before the file is put to use.
//!
//! Loading merges a user's file quietly (a later entry of the same name
//! replaces an earlier one, a parent nobody defines is ignored), so a
//! mistake there shows only as a filter that finds too much or too little.
//! The check reads the file's JSON with the line of each name, alias and
//! parent (serde's values carry no position), and compares it with itself
//! and with the built-in vocabulary.

use std::collections::{BTreeSet, HashMap};

use super::{File, Kind, Vocabulary, case_sensitive};

/// One thing wrong in a vocabulary file, at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Every problem in the vocabulary file `text`, in order of line: not the
/// shape of a vocabulary file; a name given twice in one list; an alias
/// given twice for one name; an alias (or name) that another name of the
/// same list claims, in the file or in `builtin`; a parent no name of the
/// list has; a chain of parents that comes back to where it started.
#[must_use]
pub fn check(text: &str, builtin: &Vocabulary) -> Vec<Problem> {
    if let Err(e) = serde_json::from_str::<File>(text) {
        let full = e.to_string();
        let what = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]);
        return vec![Problem {
            line: e.line().max(1),
            message: format!("not a vocabulary file: {what}"),
        }];
    }
    let Some(root) = Parser::new(text).value() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (section, kind, word) in [
        ("nutrients", Kind::Nutrient, "nutrient"),
        ("conditions", Kind::Condition, "condition"),
    ] {
        let entries: Vec<FileEntry> = root
            .fields()
            .filter(|(key, _)| key.text() == Some(section))
            .flat_map(|(_, list)| list.fields())
            .filter_map(FileEntry::of)
            .collect();
        check_list(&entries, builtin, (kind, word), &mut problems);
    }
    problems.sort_by_key(|p| p.line);
    problems
}

/// A name of the file with the lines of what it gives.
struct FileEntry {
    name: String,
    line: usize,
    parent: Option<(String, usize)>,
    aliases: Vec<(String, usize)>,
}

impl FileEntry {
    fn of((key, value): &(Json, Json)) -> Option<FileEntry> {
        let name = key.text()?.trim().to_string();
        let mut entry = FileEntry {
            name,
            line: key.line,
            parent: None,
            aliases: Vec::new(),
        };
        let aliases = match &value.node {
            Node::Arr(_) => Some(value),
            Node::Obj(_) => {
                entry.parent = value
                    .field("parent")
                    .and_then(|p| Some((p.text()?.trim().to_string(), p.line)));
                value.field("aliases")
            }
            _ => None,
        };
        for item in aliases.map(Json::items).into_iter().flatten() {
            let alias = item.text().or_else(|| item.field("alias")?.text());
            if let Some(alias) = alias.map(str::trim).filter(|a| !a.is_empty()) {
                entry.aliases.push((alias.to_string(), item.line));
            }
        }
        Some(entry)
    }
}

/// What two aliases must share to be the same words to the matcher: short
/// capitalised ones count only as written, the rest in any case.
fn claim_key(alias: &str) -> String {
    if case_sensitive(alias) {
        alias.to_string()
    } else {
        alias.to_lowercase()
    }
}

fn check_list(
    entries: &[FileEntry],
    builtin: &Vocabulary,
    (kind, word): (Kind, &str),
    problems: &mut Vec<Problem>,
) {
    let mut say = |line: usize, message: String| problems.push(Problem { line, message });
    // who claims each alias: the built-in names first (line None)
    let mut claims: HashMap<String, (String, Option<usize>)> = HashMap::new();
    let mut parents: HashMap<String, String> = HashMap::new();
    for name in builtin.names(kind) {
        for alias in std::iter::once(name).chain(builtin.aliases(kind, name)) {
            claims
                .entry(claim_key(alias))
                .or_insert_with(|| (name.to_string(), None));
        }
        if let Some(p) = builtin.parent(kind, name) {
            parents.insert(name.to_string(), p.to_string());
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for entry in entries {
        let name = entry.name.as_str();
        let twice = seen.get(&name.to_lowercase()).copied();
        if let Some(first) = twice {
            say(
                entry.line,
                format!("{word} {name:?} is given twice (also at line {first})"),
            );
        } else {
            seen.insert(name.to_lowercase(), entry.line);
        }
        // a name given twice is said once, not also as claimed by itself
        let mut own: BTreeSet<String> = twice.map(|_| claim_key(name)).into_iter().collect();
        for (alias, line) in
            std::iter::once((name.to_string(), entry.line)).chain(entry.aliases.clone())
        {
            let key = claim_key(&alias);
            if !own.insert(key.clone()) {
                if alias != name {
                    say(
                        line,
                        format!("alias {alias:?} is given twice for {word} {name:?}"),
                    );
                }
                continue;
            }
            match claims.get(&key) {
                Some((other, at)) if other != name => {
                    let where_ = at.map_or("the built-in vocabulary".to_string(), |l| {
                        format!("line {l}")
                    });
                    let what = if alias == name { "name" } else { "alias" };
                    say(
                        line,
                        format!(
                            "{what} {alias:?} of {word} {name:?} is also claimed by {other:?} ({where_})"
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    claims.insert(key, (name.to_string(), Some(line)));
                }
            }
        }
        if let Some((parent, _)) = &entry.parent {
            parents.insert(name.to_string(), parent.clone());
        }
    }
    let known =
        |n: &str| builtin.names(kind).any(|b| b == n) || entries.iter().any(|e| e.name == n);
    let mut cycles_said: BTreeSet<Vec<String>> = BTreeSet::new();
    for entry in entries {
        let Some((parent, line)) = &entry.parent else {
            continue;
        };
        if !known(parent) {
            say(
                *line,
                format!(
                    "{word} {:?} has the parent {parent:?}, which is no {word} of the file or the built-in vocabulary",
                    entry.name
                ),
            );
            continue;
        }
        // up the merged tree from this name: back at it is a cycle
        let mut path = vec![entry.name.clone()];
        let mut at = parent.clone();
        while at != entry.name && !path.contains(&at) && path.len() <= parents.len() {
            path.push(at.clone());
            let Some(up) = parents.get(&at) else {
                break;
            };
            at = up.clone();
        }
        if at == entry.name {
            let mut members = path.clone();
            members.sort();
            if cycles_said.insert(members) {
                path.push(entry.name.clone());
                say(
                    *line,
                    format!("parents go round in a cycle: {}", path.join(" → ")),
                );
            }
        }
    }
}

/// A JSON value with the line it starts on.
#[derive(Debug)]
struct Json {
    line: usize,
    node: Node,
}

#[derive(Debug)]
enum Node {
    Str(String),
    Arr(Vec<Json>),
    /// members in the file's order, a key given twice kept twice
    Obj(Vec<(Json, Json)>),
    Other,
}

impl Json {
    fn text(&self) -> Option<&str> {
        match &self.node {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    fn fields(&self) -> impl Iterator<Item = &(Json, Json)> {
        match &self.node {
            Node::Obj(members) => members.as_slice(),
            _ => &[],
        }
        .iter()
    }

    fn field(&self, name: &str) -> Option<&Json> {
        self.fields()
            .find(|(k, _)| k.text() == Some(name))
            .map(|(_, v)| v)
    }

    fn items(&self) -> impl Iterator<Item = &Json> {
        match &self.node {
            Node::Arr(items) => items.as_slice(),
            _ => &[],
        }
        .iter()
    }
}

/// Reads JSON that `serde_json` has already accepted, keeping lines.
struct Parser<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            at: 0,
            line: 1,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.byte() {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' | b',' | b':' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    fn value(&mut self) -> Option<Json> {
        self.skip_space();
        let line = self.line;
        let node = match self.byte()? {
            b'"' => Node::Str(self.string()?),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.byte()? == b']' {
                        self.at += 1;
                        break Node::Arr(items);
                    }
                    items.push(self.value()?);
                }
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                loop {
                    self.skip_space();
                    if self.byte()? == b'}' {
                        self.at += 1;
                        break Node::Obj(members);
                    }
                    let key = self.value()?;
                    let value = self.value()?;
                    members.push((key, value));
                }
            }
            _ => {
                while self
                    .byte()
                    .is_some_and(|c| !matches!(c, b',' | b']' | b'}') && !c.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Node::Other
            }
        };
        Some(Json { line, node })
    }

    /// The string starting at `at` (a quote), unescaped by `serde_json`.
    fn string(&mut self) -> Option<String> {
        let b = self.text.as_bytes();
        let start = self.at;
        let mut i = start + 1;
        while i < b.len() && b[i] != b'"' {
            i += if b[i] == b'\\' { 2 } else { 1 };
        }
        self.at = i + 1;
        serde_json::from_str(self.text.get(start..self.at)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(usize, String)> {
        check(text, &Vocabulary::builtin())
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        let text = r#"{
  "nutrients": {
    "boron": {"category": "mineral", "aliases": ["boric acid"]},
    "calcium borate": {"parent": "boron", "aliases": []},
    "vitamin K2": ["natto extract"]
  },
  "conditions": {"chilblains": ["pernio"]}
}"#;
        assert_eq!(problems(text), []);
    }

    #[test]
    fn names_given_twice_are_named_with_both_lines() {
        let text = "{\"nutrients\": {\n\"moon salt\": [\"lunar salt\"],\n\"Moon salt\": []\n}}";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 3);
        assert!(
            found[0]
                .1
                .contains("\"Moon salt\" is given twice (also at line 2)"),
            "{found:?}"
        );
    }

    #[test]
    fn an_alias_two_names_claim_is_named_where_each_is() {
        let text = r#"{"nutrients": {
  "boron": ["borax powder"],
  "sodium borate": [
    "borax powder"
  ],
  "moonstone dust": ["cholecalciferol"]
}}"#;
        let found = problems(text);
        assert_eq!(
            found,
            [
                (
                    4,
                    "alias \"borax powder\" of nutrient \"sodium borate\" is also claimed by \"boron\" (line 2)"
                        .to_string()
                ),
                (
                    6,
                    "alias \"cholecalciferol\" of nutrient \"moonstone dust\" is also claimed by \"vitamin D3\" (the built-in vocabulary)"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn unknown_parents_and_cycles_are_found() {
        let text = r#"{"conditions": {
  "wobbly knees": {"parent": "knee trouble", "aliases": []},
  "lantern jaw": {"parent": "owl ear", "aliases": []},
  "owl ear": {"parent": "lantern jaw", "aliases": []},
  "self loop": {"parent": "self loop"}
}}"#;
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(
            found[0]
                .1
                .contains("parent \"knee trouble\", which is no condition"),
            "{found:?}"
        );
        assert_eq!(found[1].0, 3);
        assert!(
            found[1].1.contains("lantern jaw → owl ear → lantern jaw"),
            "{found:?}"
        );
        assert_eq!(found[2].0, 5);
        assert!(found[2].1.contains("self loop → self loop"), "{found:?}");
    }

    #[test]
    fn a_cycle_through_a_builtin_name_is_found() {
        // the built-in vitamin D3 is below vitamin D: making vitamin D a
        // child of vitamin D3 closes a loop
        let text = "{\"nutrients\": {\"vitamin D\": {\"parent\": \"vitamin D3\"}}}";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("cycle"), "{found:?}");
    }

    #[test]
    fn broken_json_is_named_at_its_line() {
        let found = problems("{\"nutrients\": {\n  \"boron\": [\"x\",]\n}}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 2);
        assert!(found[0].1.starts_with("not a vocabulary file"), "{found:?}");
    }

    #[test]
    fn escaped_strings_and_lines_are_read_as_written() {
        let text = "{\"nutrients\": {\"bo\\\"ron\": [],\n\n\"bo\\\"ron\": []}}";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 3);
    }
}
