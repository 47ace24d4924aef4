//! `@string` abbreviations, resolved here rather than by `biblatex`.
//!
//! `biblatex` follows an abbreviation by recursion with no bound, so
//! `@string{self = self}` overflows the stack and kills the process, and
//! forty `@string`s that each double the one before ask for a terabyte.
//! Here each `@string` is expanded once, when it is defined, from the ones
//! defined before it (as `BibTeX` itself does, so a string cannot refer to
//! itself or form a cycle), within a size budget; an entry is then handed
//! to `biblatex` with only the strings it uses, already expanded, so no
//! string is parsed again for every entry.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

/// The longest value one `@string` may expand to. Real ones are a journal
/// name or a publisher: a few dozen bytes.
const MAX_VALUE: usize = 1 << 20;

/// The most text all of a file's `@string`s may expand to together, so no
/// number of small definitions adds up to gigabytes.
const MAX_ALL: usize = 32 << 20;

/// The most abbreviated text one entry may expand to (each use counts).
const MAX_ENTRY: usize = 4 << 20;

/// The most parts one value may join with `#`: real ones join two or
/// three, and `biblatex` takes time in the square of their number.
const MAX_PARTS: usize = 1_000;

/// How deep braces may nest in an entry before it is refused: real entries
/// nest a few levels (`{\"{u}}`), and deeper nesting is only a way to make
/// a parser work without end.
pub const MAX_BRACE_DEPTH: usize = 64;

/// A defined `@string`: its expansion, or why it has none.
#[derive(Debug, Clone)]
enum Value {
    Text(Arc<str>),
    Bad { line: u32 },
}

/// The `@string`s of one file, expanded, by lower-case name (`BibTeX`
/// names are case-insensitive).
#[derive(Debug, Default)]
pub struct Strings {
    values: FxHashMap<String, Value>,
    spent: usize,
}

impl Strings {
    /// Reads the `@string` whose text (from its `@`) is `piece`, defined at
    /// `line`; `Err` says why it is not usable (entries that use it are
    /// then skipped).
    pub fn define(&mut self, piece: &str, line: u32) -> Result<(), String> {
        let mut scan = Scan::after_open(piece).ok_or("malformed @string")?;
        let mut result = Ok(());
        scan.fields(|name, parts| {
            let value = match self.expand(name, &parts) {
                Ok(text) => Value::Text(text),
                Err(why) => {
                    if result.is_ok() {
                        result = Err(why);
                    }
                    Value::Bad { line }
                }
            };
            self.values.insert(name.to_lowercase(), value);
        });
        result
    }

    /// The value of one definition, from the strings defined before it.
    fn expand(&mut self, name: &str, parts: &[Part<'_>]) -> Result<Arc<str>, String> {
        if parts.len() > MAX_PARTS {
            return Err(format!(
                "@string {name} joins more than {MAX_PARTS} parts with #"
            ));
        }
        if let [Part::Ref(other)] = parts
            && let Some(Value::Text(text)) = self.values.get(&other.to_lowercase())
        {
            // an alias shares its text
            return Ok(Arc::clone(text));
        }
        let mut out = String::new();
        for part in parts {
            let text = match part {
                Part::Text(t) if !balanced(t) => {
                    return Err(format!("@string {name} has unbalanced braces"));
                }
                Part::Text(t) => *t,
                Part::Ref(r) => match self.values.get(&r.to_lowercase()) {
                    Some(Value::Text(t)) => t,
                    Some(Value::Bad { line }) => {
                        return Err(format!(
                            "@string {name} uses @string {r} (line {line}), which was not read"
                        ));
                    }
                    None if r.eq_ignore_ascii_case(name) => {
                        return Err(format!("@string {name} refers to itself"));
                    }
                    None => match month(r) {
                        Some(m) => m,
                        None => {
                            return Err(format!(
                                "@string {name} uses @string {r}, which is not defined before it"
                            ));
                        }
                    },
                },
            };
            if out.len() + text.len() > MAX_VALUE || self.spent + out.len() + text.len() > MAX_ALL {
                return Err(format!(
                    "@string {name} expands to more than {} MiB",
                    MAX_VALUE >> 20
                ));
            }
            out.push_str(text);
        }
        self.spent += out.len();
        Ok(out.into())
    }

    /// `@string` definitions, expanded, of the strings `entry` uses, to go
    /// before it; `Err` says why the entry cannot be read.
    pub fn prelude_for(&self, entry: &str) -> Result<String, String> {
        let mut used: Vec<&str> = Vec::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut size = 0usize;
        let mut problem = None;
        let Some(mut scan) = Scan::after_open(entry) else {
            return Ok(String::new());
        };
        scan.skip_key();
        scan.fields(|field, parts| {
            if parts.len() > MAX_PARTS {
                problem.get_or_insert(format!(
                    "its field {field} joins more than {MAX_PARTS} parts with #"
                ));
            }
            for part in parts {
                let Part::Ref(r) = part else { continue };
                match self.values.get(&r.to_lowercase()) {
                    Some(Value::Text(text)) => {
                        size = size.saturating_add(text.len());
                        if seen.insert(r) {
                            used.push(r);
                        }
                    }
                    Some(Value::Bad { line }) => {
                        problem.get_or_insert(format!(
                            "it uses @string {r} (line {line}), which was not read"
                        ));
                    }
                    None => {}
                }
            }
        });
        if let Some(why) = problem {
            return Err(why);
        }
        if size > MAX_ENTRY {
            return Err(format!(
                "its @strings expand to more than {} MiB",
                MAX_ENTRY >> 20
            ));
        }
        let mut prelude = String::new();
        for name in used {
            if let Some(Value::Text(text)) = self.values.get(&name.to_lowercase()) {
                prelude.push_str("@string{");
                prelude.push_str(name);
                prelude.push_str(" = {");
                prelude.push_str(text);
                prelude.push_str("}}\n");
            }
        }
        Ok(prelude)
    }
}

/// The month a predefined `BibTeX` abbreviation (`jan` … `dec`) names.
fn month(name: &str) -> Option<&'static str> {
    const MONTHS: [(&str, &str); 12] = [
        ("jan", "January"),
        ("feb", "February"),
        ("mar", "March"),
        ("apr", "April"),
        ("may", "May"),
        ("jun", "June"),
        ("jul", "July"),
        ("aug", "August"),
        ("sep", "September"),
        ("oct", "October"),
        ("nov", "November"),
        ("dec", "December"),
    ];
    MONTHS
        .iter()
        .find(|(abbr, _)| name.eq_ignore_ascii_case(abbr))
        .map(|&(_, full)| full)
}

/// True when every `{` in `text` is closed (a `\{` is not a brace).
fn balanced(text: &str) -> bool {
    let mut depth = 0usize;
    let mut escaped = false;
    for b in text.bytes() {
        match (escaped, b) {
            (true, _) => escaped = false,
            (false, b'\\') => escaped = true,
            (false, b'{') => depth += 1,
            (false, b'}') => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// How deep braces nest in `text` (a `\{` is not a brace).
#[must_use]
pub fn brace_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut escaped = false;
    for b in text.bytes() {
        match (escaped, b) {
            (true, _) => escaped = false,
            (false, b'\\') => escaped = true,
            (false, b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// One part of a value: `{text}`, `"text"` or a number, or a string's name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part<'t> {
    Text(&'t str),
    Ref(&'t str),
}

/// A forward-only reader of `name = value # value, …` lists, as `biblatex`
/// reads them; every step moves on or stops, so it is linear in the text.
struct Scan<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Scan<'t> {
    /// A scan just inside the `{` or `(` that opens the entry in `piece`.
    fn after_open(piece: &'t str) -> Option<Scan<'t>> {
        let open = piece.find(['{', '('])?;
        Some(Scan {
            text: piece,
            at: open + 1,
        })
    }

    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// An identifier, as `biblatex` takes one.
    fn ident(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !is_ident(first) || matches!(first, ':' | '<' | '-' | '>') {
            return None;
        }
        let len = rest.find(|c| !is_ident(c)).unwrap_or(rest.len());
        self.at += len;
        Some(&rest[..len])
    }

    /// Moves past the citation key and its comma, if the entry has a key.
    fn skip_key(&mut self) {
        self.skip_space();
        let start = self.at;
        if self.ident().is_some() {
            self.skip_space();
            if self.peek() == Some('=') {
                // no key: the first field starts here
                self.at = start;
                return;
            }
        }
        self.at = start;
        let rest = self.rest();
        match rest.find([',', '}', ')']) {
            Some(end) if rest[end..].starts_with(',') => self.at += end + 1,
            _ => self.at = start,
        }
    }

    /// Text up to the brace that closes the one at the cursor.
    fn braced(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let mut depth = 0usize;
        let mut escaped = false;
        for (i, b) in rest.bytes().enumerate() {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'{') => depth += 1,
                (false, b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += i + 1;
                        return Some(&rest[1..i]);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Text up to the closing quote, as `biblatex` finds it.
    fn quoted(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let mut escaped = false;
        for (i, b) in rest.bytes().enumerate().skip(1) {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    self.at += i + 1;
                    return Some(&rest[1..i]);
                }
                _ => {}
            }
        }
        None
    }

    fn part(&mut self) -> Option<Part<'t>> {
        match self.peek()? {
            '{' => self.braced().map(Part::Text),
            '"' => self.quoted().map(Part::Text),
            c if c.is_ascii_digit() => {
                let rest = self.rest();
                let len = rest
                    .find(|c: char| !c.is_ascii_digit() && c != '.')
                    .unwrap_or(rest.len());
                self.at += len;
                Some(Part::Text(&rest[..len]))
            }
            _ => self.ident().map(Part::Ref),
        }
    }

    /// Hands each `name = value` to `each`, up to the end of the list or the
    /// first thing that is not one.
    fn fields(&mut self, mut each: impl FnMut(&'t str, Vec<Part<'t>>)) {
        loop {
            self.skip_space();
            let Some(name) = self.ident() else { return };
            self.skip_space();
            if self.peek() != Some('=') {
                return;
            }
            self.at += 1;
            let mut parts = Vec::new();
            loop {
                self.skip_space();
                let Some(part) = self.part() else { break };
                parts.push(part);
                self.skip_space();
                if self.peek() != Some('#') {
                    break;
                }
                self.at += 1;
            }
            each(name, parts);
            self.skip_space();
            if self.peek() != Some(',') {
                return;
            }
            self.at += 1;
        }
    }
}

/// A character `biblatex` accepts in an identifier.
fn is_ident(c: char) -> bool {
    !matches!(
        c,
        '@' | '{' | '}' | '"' | '#' | '\'' | '(' | ')' | ',' | '=' | '%' | '\\' | '~'
    ) && !c.is_control()
        && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(defs: &[&str]) -> (Strings, Vec<Result<(), String>>) {
        let mut s = Strings::default();
        let results = defs
            .iter()
            .zip(1..)
            .map(|(d, line)| s.define(d, line))
            .collect();
        (s, results)
    }

    #[test]
    fn strings_expand_from_the_ones_before_them() {
        let (s, results) = strings(&[
            "@string{bone = {Bone {Res}}}",
            "@STRING(full = \"J. \" # Bone # { \\{x\\} } # 12)",
            "@string{when = jan}",
        ]);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let prelude = s
            .prelude_for("@article{k, journal = FULL # { 2 }, month = when, x = jun}")
            .unwrap();
        assert_eq!(
            prelude,
            "@string{FULL = {J. Bone {Res} \\{x\\} 12}}\n@string{when = {January}}\n"
        );
        assert_eq!(s.prelude_for("@article{k, title = {bone}}").unwrap(), "");
    }

    #[test]
    fn a_string_that_refers_to_itself_or_later_ones_is_refused() {
        let (s, results) = strings(&["@string{self = self}", "@string{a = b}", "@string{b = {x}}"]);
        assert_eq!(results[0], Err("@string self refers to itself".into()));
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .contains("not defined before it")
        );
        assert!(results[2].is_ok());
        let why = s.prelude_for("@article{k, title = self}").unwrap_err();
        assert_eq!(why, "it uses @string self (line 1), which was not read");
    }

    #[test]
    fn doubling_strings_stop_at_the_size_limit() {
        let mut defs = vec!["@string{s0 = {xxxxxxxxxxxxxxxx}}".to_string()];
        for i in 1..=40 {
            defs.push(format!("@string{{s{i} = s{} # s{}}}", i - 1, i - 1));
        }
        let refs: Vec<&str> = defs.iter().map(String::as_str).collect();
        let (s, results) = strings(&refs);
        let first_bad = results.iter().position(Result::is_err).unwrap();
        assert_eq!(first_bad, 17, "16 bytes doubled 16 times is 1 MiB");
        assert!(
            results[first_bad]
                .as_ref()
                .unwrap_err()
                .contains("more than 1 MiB")
        );
        assert!(
            results[first_bad + 1]
                .as_ref()
                .unwrap_err()
                .contains("which was not read")
        );
        assert!(s.spent <= MAX_ALL);
        let many_uses = format!("@article{{k, {}}}", "t = s16, ".repeat(5));
        assert!(s.prelude_for(&many_uses).unwrap_err().contains("4 MiB"));
        let long_join = format!("@article{{k, t = {{a}}{}}}", " # {b}".repeat(MAX_PARTS));
        assert!(
            s.prelude_for(&long_join)
                .unwrap_err()
                .contains("more than 1000 parts")
        );
    }

    #[test]
    fn keyless_entries_and_odd_text_are_scanned_without_panics() {
        let (s, _) = strings(&["@string{j = {Bone}}"]);
        assert!(
            s.prelude_for("@article{\n journal = j}")
                .unwrap()
                .contains("Bone")
        );
        for odd in [
            "",
            "@",
            "@string{",
            "@string{a = ",
            "@string{a = {",
            "@string{a = \"",
            "@string{é = {ü}}",
        ] {
            let mut s = Strings::default();
            let _ = s.define(odd, 1);
            let _ = s.prelude_for(odd);
        }
        assert_eq!(brace_depth("{a{b}\\{c{d{e}}}"), 3);
    }
}
